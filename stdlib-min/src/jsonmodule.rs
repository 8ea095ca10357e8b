//! The `_json` module, ported from Modules/_json.c: `scanstring`
//! (`scanstring_unicode`), `encode_basestring` and
//! `encode_basestring_ascii` (`escape_unicode`, `ascii_escape_unicode`),
//! the scanner type `make_scanner` (`scan_once_unicode`,
//! `_parse_object_unicode`, `_parse_array_unicode`,
//! `_match_number_unicode`, `_parse_constant`) and the encoder type
//! `make_encoder` (`encoder_listencode_obj`, `_list`, `_dict`,
//! `encoder_encode_key_value`, the 3.14 "when serializing ..." notes).
//!
//! The scanner keeps its nesting on a heap stack instead of recursing,
//! so deep documents cannot overflow the native stack; each level still
//! counts against the recursion limit (`_Py_EnterRecursiveCall`) and
//! raises RecursionError past it, as CPython does. Both objects are
//! immutable after creation; output is built in a [`Writer`] that widens
//! from Latin-1 to UCS-2/UCS-4 only when a wider code point arrives.

use rupy::builtins::BuiltinDef;
use rupy::objects::methodobject::CFunctionObject;
use rupy::errors::{self, ErrSet, PyResult};
use rupy::objects::descrobject::GetSetDef;
use rupy::objects::dictobject::{DICT_TYPE, DictObject};
use rupy::objects::exceptions;
use rupy::objects::floatobject::{self, FLOAT_TYPE, FloatObject};
use rupy::objects::listobject::{LIST_TYPE, ListObject};
use rupy::objects::longobject::{self, INT_TYPE, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract as abs;
use rupy::objects::tupleobject::{self, TUPLE_TYPE, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots};
use rupy::objects::unicodeobject::{self, StrData, StrObject};
use rupy::objects::{boolobject, call};
use rupy::state;
use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

fn type_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `_PyErr_FormatNote`: adds `note` to the raised exception.
fn add_note(note: &str) -> ErrSet {
    let Some(exc) = errors::take_raised() else { return ErrSet::already_set() };
    let added = unicodeobject::from_str(note)
        .and_then(|n| object::get_attr_str(&exc, "add_note").and_then(|m| call::call(&m, &[as_obj(&*n)])));
    match added {
        Ok(_) => errors::set_raised(exc),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------
// The output buffer.

/// The code points of a string being built (`_PyUnicodeWriter`), in the
/// narrowest kind that holds everything written so far.
enum Buf {
    Latin1(Vec<u8>),
    Ucs2(Vec<u16>),
    Ucs4(Vec<u32>),
}

/// A string under construction.
pub(crate) struct Writer(Buf);

/// A code unit of a source string (`Py_UCS1`, `Py_UCS2`, `Py_UCS4`).
trait Unit: Copy + Into<u32> {
    /// A `str` of these code points, in the narrowest kind.
    fn to_str(s: &[Self]) -> PyResult<PyRef<StrObject>>;


    /// Appends `s` to `w` unchanged.
    fn extend_into(w: &mut Writer, s: &[Self]) {
        for &c in s {
            w.push(c.into());
        }
    }
}

impl Unit for u8 {
    fn to_str(s: &[u8]) -> PyResult<PyRef<StrObject>> {
        unicodeobject::from_latin1(s)
    }

    fn extend_into(w: &mut Writer, s: &[u8]) {
        if let Buf::Latin1(v) = &mut w.0 {
            v.extend_from_slice(s);
        } else {
            for &c in s {
                w.push(c.into());
            }
        }
    }
}
impl Unit for u16 {
    fn to_str(s: &[u16]) -> PyResult<PyRef<StrObject>> {
        unicodeobject::from_ucs2(s)
    }
}
impl Unit for u32 {
    fn to_str(s: &[u32]) -> PyResult<PyRef<StrObject>> {
        unicodeobject::from_code_points(s)
    }
}

impl Writer {
    fn new() -> Writer {
        Writer(Buf::Latin1(Vec::new()))
    }

    /// Makes room for `n` more code points, or MemoryError.
    fn reserve(&mut self, n: usize) -> PyResult<()> {
        let r = match &mut self.0 {
            Buf::Latin1(v) => v.try_reserve(n),
            Buf::Ucs2(v) => v.try_reserve(n),
            Buf::Ucs4(v) => v.try_reserve(n),
        };
        r.map_err(|_| errors::no_memory())
    }

    /// Switches to a kind that holds `c`.
    #[cold]
    fn widen(&mut self, c: u32) {
        let next = match &mut self.0 {
            Buf::Latin1(v) if c < 0x10000 => Buf::Ucs2(v.iter().map(|&b| u16::from(b)).collect()),
            Buf::Latin1(v) => Buf::Ucs4(v.iter().map(|&b| u32::from(b)).collect()),
            Buf::Ucs2(v) => Buf::Ucs4(v.iter().map(|&b| u32::from(b)).collect()),
            Buf::Ucs4(_) => return,
        };
        self.0 = next;
    }

    #[inline]
    fn push(&mut self, c: u32) {
        match &mut self.0 {
            Buf::Latin1(v) if c < 0x100 => v.push(c as u8),
            Buf::Ucs2(v) if c < 0x10000 => v.push(c as u16),
            Buf::Ucs4(v) => v.push(c),
            _ => {
                self.widen(c);
                self.push(c);
            }
        }
    }

    fn push_ascii(&mut self, s: &[u8]) {
        match &mut self.0 {
            Buf::Latin1(v) => v.extend_from_slice(s),
            Buf::Ucs2(v) => v.extend(s.iter().map(|&b| u16::from(b))),
            Buf::Ucs4(v) => v.extend(s.iter().map(|&b| u32::from(b))),
        }
    }

    fn push_slice<T: Unit>(&mut self, s: &[T]) {
        T::extend_into(self, s);
    }

    /// `_PyUnicodeWriter_WriteStr`.
    fn push_str(&mut self, s: &StrObject) -> PyResult<()> {
        self.reserve(s.len())?;
        match s.data() {
            StrData::Ucs1(d) => self.push_slice(d),
            StrData::Ucs2(d) => self.push_slice(d),
            StrData::Ucs4(d) => self.push_slice(d),
        }
        Ok(())
    }

    /// `_PyUnicodeWriter_Finish`.
    fn finish(self) -> PyResult<ObjRef> {
        match self.0 {
            Buf::Latin1(v) => unicodeobject::from_latin1(&v),
            Buf::Ucs2(v) => unicodeobject::from_ucs2(&v),
            Buf::Ucs4(v) => unicodeobject::from_code_points(&v),
        }
        .map(into_obj)
    }
}

// ---------------------------------------------------------------------
// String escaping.

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `S_CHAR`: printable ASCII other than `\` and `"`.
#[inline]
fn s_char(c: u32) -> bool {
    (0x20..=0x7e).contains(&c) && c != u32::from(b'\\') && c != u32::from(b'"')
}

/// The two-character escape of `c`, if it has one.
#[inline]
fn short_escape(c: u32) -> Option<u8> {
    Some(match c {
        0x5c => b'\\',
        0x22 => b'"',
        0x08 => b'b',
        0x0c => b'f',
        0x0a => b'n',
        0x0d => b'r',
        0x09 => b't',
        _ => return None,
    })
}

fn push_u_escape(w: &mut Writer, c: u32) {
    w.push_ascii(&[
        b'\\',
        b'u',
        HEX[((c >> 12) & 0xf) as usize],
        HEX[((c >> 8) & 0xf) as usize],
        HEX[((c >> 4) & 0xf) as usize],
        HEX[(c & 0xf) as usize],
    ]);
}

/// `ascii_escape_unicode`: `s` as a quoted ASCII-only JSON string.
fn ascii_escape<T: Unit>(w: &mut Writer, s: &[T]) -> PyResult<()> {
    w.reserve(s.len().checked_add(2).ok_or_else(errors::no_memory)?)?;
    w.push_ascii(b"\"");
    let mut run = 0;
    for (i, &c) in s.iter().enumerate() {
        let c: u32 = c.into();
        if s_char(c) {
            continue;
        }
        w.push_slice(&s[run..i]);
        run = i + 1;
        if let Some(e) = short_escape(c) {
            w.push_ascii(&[b'\\', e]);
        } else if c >= 0x10000 {
            let v = c - 0x10000;
            push_u_escape(w, 0xd800 | ((v >> 10) & 0x3ff));
            push_u_escape(w, 0xdc00 | (v & 0x3ff));
        } else {
            push_u_escape(w, c);
        }
    }
    w.push_slice(&s[run..]);
    w.push_ascii(b"\"");
    Ok(())
}

/// `escape_unicode`: `s` as a quoted JSON string, non-ASCII kept.
fn escape<T: Unit>(w: &mut Writer, s: &[T]) -> PyResult<()> {
    w.reserve(s.len().checked_add(2).ok_or_else(errors::no_memory)?)?;
    w.push_ascii(b"\"");
    let mut run = 0;
    for (i, &c) in s.iter().enumerate() {
        let c: u32 = c.into();
        if c > 0x1f && c != 0x5c && c != 0x22 {
            continue;
        }
        w.push_slice(&s[run..i]);
        run = i + 1;
        match short_escape(c) {
            Some(e) => w.push_ascii(&[b'\\', e]),
            None => push_u_escape(w, c),
        }
    }
    w.push_slice(&s[run..]);
    w.push_ascii(b"\"");
    Ok(())
}

/// Escapes the str `s` into `w`, ASCII-only or not.
fn escape_str(w: &mut Writer, s: &StrObject, ascii: bool) -> PyResult<()> {
    match (s.data(), ascii) {
        (StrData::Ucs1(d), true) => ascii_escape(w, d),
        (StrData::Ucs2(d), true) => ascii_escape(w, d),
        (StrData::Ucs4(d), true) => ascii_escape(w, d),
        (StrData::Ucs1(d), false) => escape(w, d),
        (StrData::Ucs2(d), false) => escape(w, d),
        (StrData::Ucs4(d), false) => escape(w, d),
    }
}

fn str_arg<'a>(v: &'a PyObject) -> PyResult<&'a StrObject> {
    downcast::<StrObject>(v)
        .ok_or_else(|| type_error(&format!("first argument must be a string, not {:.80}", type_of(v).name())))
}

fn one_arg<'a>(name: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    match args {
        [a] => Ok(a),
        _ => Err(type_error(&format!("{name}() takes exactly one argument ({} given)", args.len()))),
    }
}

fn py_encode_basestring_ascii(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let s = str_arg(one_arg("encode_basestring_ascii", args, kwnames)?)?;
    let mut w = Writer::new();
    escape_str(&mut w, s, true)?;
    w.finish()
}

fn py_encode_basestring(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let s = str_arg(one_arg("encode_basestring", args, kwnames)?)?;
    let mut w = Writer::new();
    escape_str(&mut w, s, false)?;
    w.finish()
}

// ---------------------------------------------------------------------
// Decoding.

/// `raise_errmsg`: raises `json.decoder.JSONDecodeError(msg, s, pos)`.
fn raise_errmsg(msg: &str, s: &PyObject, pos: isize) -> ErrSet {
    let made = (|| {
        let m = rupy::import::import_module("json.decoder")?;
        let cls = object::get_attr_str(&m, "JSONDecodeError")?;
        let msg = unicodeobject::from_str(msg)?;
        let pos = longobject::from_i64(pos as i64)?;
        call::call(&cls, &[as_obj(&*msg), s, &pos])
    })();
    match made {
        Ok(exc) => errors::set_raised_chained(exc),
        Err(e) => e,
    }
}

/// `raise_stop_iteration`.
fn stop_iteration(idx: usize) -> ErrSet {
    match longobject::from_i64(idx as i64) {
        Ok(v) => errors::set_object(exceptions::stop_iteration(), Some(&v)),
        Err(e) => e,
    }
}

#[inline]
fn is_ws(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0a | 0x0d)
}

#[inline]
fn skip_ws<T: Unit>(s: &[T], mut idx: usize) -> usize {
    while idx < s.len() && is_ws(s[idx].into()) {
        idx += 1;
    }
    idx
}

/// Does `s[idx]` exist and equal `c`?
#[inline]
fn at_is<T: Unit>(s: &[T], idx: usize, c: u8) -> bool {
    s.get(idx).is_some_and(|&d| d.into() == u32::from(c))
}

#[inline]
fn hex_value(d: u32) -> Option<u32> {
    char::from_u32(d).and_then(|c| c.to_digit(16))
}

/// `scanstring_unicode`: the JSON string starting after the quote at
/// `end - 1`, and the index after its closing quote.
fn scanstring<T: Unit>(pystr: &PyObject, s: &[T], end: isize, strict: bool) -> PyResult<(ObjRef, usize)> {
    let len = s.len();
    if end < 0 || end as usize > len {
        return Err(value_error("end is out of bounds"));
    }
    let begin = end - 1;
    let mut end = end as usize;
    let mut w: Option<Writer> = None;
    loop {
        let mut next = end;
        let mut c = 0u32;
        while next < len {
            let d: u32 = s[next].into();
            if d == 0x22 || d == 0x5c {
                c = d;
                break;
            }
            if d <= 0x1f && strict {
                return Err(raise_errmsg("Invalid control character at", pystr, next as isize));
            }
            next += 1;
        }
        if c == 0x22 && w.is_none() {
            return Ok((into_obj(T::to_str(&s[end..next])?), next + 1));
        }
        if c != 0x22 && c != 0x5c {
            return Err(raise_errmsg("Unterminated string starting at", pystr, begin));
        }
        let wr = w.get_or_insert_with(Writer::new);
        if next != end {
            wr.reserve(next - end)?;
            wr.push_slice(&s[end..next]);
        }
        next += 1;
        if c == 0x22 {
            end = next;
            break;
        }
        if next == len {
            return Err(raise_errmsg("Unterminated string starting at", pystr, begin));
        }
        let e: u32 = s[next].into();
        if e != u32::from(b'u') {
            end = next + 1;
            let ch = match e {
                0x22 | 0x5c | 0x2f => e,
                0x62 => 0x08,
                0x66 => 0x0c,
                0x6e => 0x0a,
                0x72 => 0x0d,
                0x74 => 0x09,
                _ => return Err(raise_errmsg("Invalid \\escape", pystr, end as isize - 2)),
            };
            wr.push(ch);
            continue;
        }
        next += 1;
        end = next + 4;
        if end > len {
            return Err(raise_errmsg("Invalid \\uXXXX escape", pystr, next as isize - 1));
        }
        let mut ch = 0u32;
        for &d in &s[next..end] {
            let Some(v) = hex_value(d.into()) else {
                return Err(raise_errmsg("Invalid \\uXXXX escape", pystr, end as isize - 5));
            };
            ch = (ch << 4) | v;
        }
        if (0xd800..=0xdbff).contains(&ch) && end + 6 < len && at_is(s, end, b'\\') && at_is(s, end + 1, b'u') {
            let mut ch2 = 0u32;
            let lo_end = end + 6;
            for &d in &s[end + 2..lo_end] {
                let Some(v) = hex_value(d.into()) else {
                    return Err(raise_errmsg("Invalid \\uXXXX escape", pystr, lo_end as isize - 5));
                };
                ch2 = (ch2 << 4) | v;
            }
            if (0xdc00..=0xdfff).contains(&ch2) {
                ch = 0x10000 + (((ch - 0xd800) << 10) | (ch2 - 0xdc00));
                end = lo_end;
            }
        }
        wr.push(ch);
    }
    let text = w.ok_or_else(errors::bad_internal_call)?.finish()?;
    Ok((text, end))
}

fn py_scanstring(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error("scanstring() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(type_error(&format!("scanstring() takes at least 2 arguments ({} given)", args.len())));
    }
    if args.len() > 3 {
        return Err(type_error(&format!("scanstring() takes at most 3 arguments ({} given)", args.len())));
    }
    let end = abs::as_ssize(args[1], Some(exceptions::overflow_error()))?;
    let strict = match args.get(2) {
        Some(v) => object::is_true(v)?,
        None => true,
    };
    let pystr = str_arg(args[0])?;
    let (text, next) = match pystr.data() {
        StrData::Ucs1(d) => scanstring(args[0], d, end, strict)?,
        StrData::Ucs2(d) => scanstring(args[0], d, end, strict)?,
        StrData::Ucs4(d) => scanstring(args[0], d, end, strict)?,
    };
    let next = longobject::from_i64(next as i64)?;
    tupleobject::from_slice(&[&text, &next]).map(into_obj)
}

/// A `_json.Scanner` (`PyScannerObject`); immutable once made.
#[repr(C)]
pub struct ScannerObject {
    ob_base: ObjectHeader,
    strict: bool,
    object_hook: ObjRef,
    object_pairs_hook: ObjRef,
    parse_float: ObjRef,
    parse_int: ObjRef,
    parse_constant: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ScannerObject {}

fn scanner_of(v: &PyObject) -> PyResult<&ScannerObject> {
    if !object::type_check(v, &SCANNER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of the scanner type have this layout.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<ScannerObject>() })
}

/// An open container of the document being scanned.
enum Frame {
    /// `_parse_array_unicode`'s list.
    Array(PyRef<ListObject>),
    /// `_parse_object_unicode`'s dict (or list of pairs, with a pairs
    /// hook) and the key whose value is being scanned.
    Object { items: ObjRef, key: Option<ObjRef> },
}

/// What follows a value inside the innermost open container.
enum After {
    Close(usize),
    Next(usize),
}

impl ScannerObject {
    /// `_match_number_unicode`.
    fn match_number<T: Unit>(&self, pystr: &PyObject, s: &[T], start: usize) -> PyResult<(ObjRef, usize)> {
        let is_digit = |i: usize| s.get(i).is_some_and(|&c| (0x30..=0x39).contains(&c.into()));
        let len = s.len();
        let mut idx = start;
        if at_is(s, idx, b'-') {
            idx += 1;
            if idx >= len {
                return Err(stop_iteration(start));
            }
        }
        if s.get(idx).is_some_and(|&c| (0x31..=0x39).contains(&c.into())) {
            idx += 1;
            while is_digit(idx) {
                idx += 1;
            }
        } else if at_is(s, idx, b'0') {
            idx += 1;
        } else {
            return Err(stop_iteration(start));
        }
        let mut is_float = false;
        if idx + 1 < len && at_is(s, idx, b'.') && is_digit(idx + 1) {
            is_float = true;
            idx += 2;
            while is_digit(idx) {
                idx += 1;
            }
        }
        if idx + 1 < len && (at_is(s, idx, b'e') || at_is(s, idx, b'E')) {
            let e_start = idx;
            idx += 1;
            if idx + 1 < len && (at_is(s, idx, b'-') || at_is(s, idx, b'+')) {
                idx += 1;
            }
            while is_digit(idx) {
                idx += 1;
            }
            if is_digit(idx - 1) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let custom = if is_float && !object::is(&self.parse_float, as_obj(&FLOAT_TYPE)) {
            Some(&self.parse_float)
        } else if !is_float && !object::is(&self.parse_int, as_obj(&INT_TYPE)) {
            Some(&self.parse_int)
        } else {
            None
        };
        if let Some(f) = custom {
            let text = unicodeobject::substring(pystr, start, idx)?;
            return Ok((call::call(f, &[&text])?, idx));
        }
        // The number is ASCII by construction.
        let text: String = s[start..idx].iter().map(|&c| char::from(c.into() as u8)).collect();
        let value = if is_float {
            let x: f64 = text.parse().map_err(|_| value_error(&format!("could not convert string to float: '{text}'")))?;
            floatobject::from_f64(x)?
        } else if idx - start <= 18 {
            let n: i64 = text.parse().map_err(|_| errors::bad_internal_call())?;
            longobject::from_i64(n)?
        } else {
            longobject::from_str_base(&*unicodeobject::from_string(text)?, 10)?
        };
        Ok((value, idx))
    }

    /// `_parse_constant`: `parse_constant(name)`.
    fn constant(&self, name: &str, idx: usize) -> PyResult<(ObjRef, usize)> {
        let cstr = unicodeobject::intern_str(name)?;
        Ok((call::call(&self.parse_constant, &[&cstr])?, idx + name.len()))
    }

    /// Does the keyword `word` start at `idx` (`idx + len - 1 < length`)?
    fn word_at<T: Unit>(s: &[T], idx: usize, word: &[u8]) -> bool {
        s.get(idx..idx + word.len())
            .is_some_and(|w| w.iter().zip(word).all(|(&a, &b)| a.into() == u32::from(b)))
    }

    /// A scalar term at `idx` (string, constant or number).
    fn scan_scalar<T: Unit>(&self, pystr: &PyObject, s: &[T], idx: usize) -> PyResult<(ObjRef, usize)> {
        let c: u32 = s[idx].into();
        match c {
            0x22 => return scanstring(pystr, s, idx as isize + 1, self.strict),
            0x6e if Self::word_at(s, idx, b"null") => return Ok((object::none(), idx + 4)),
            0x74 if Self::word_at(s, idx, b"true") => return Ok((boolobject::from_bool(true), idx + 4)),
            0x66 if Self::word_at(s, idx, b"false") => return Ok((boolobject::from_bool(false), idx + 5)),
            0x4e if Self::word_at(s, idx, b"NaN") => return self.constant("NaN", idx),
            0x49 if Self::word_at(s, idx, b"Infinity") => return self.constant("Infinity", idx),
            0x2d if Self::word_at(s, idx, b"-Infinity") => return self.constant("-Infinity", idx),
            _ => {}
        }
        self.match_number(pystr, s, idx)
    }

    /// The key of an object member at `idx` (memoized), through the `:`
    /// and the whitespace after it: the index of the value.
    fn read_key<T: Unit>(&self, memo: &DictObject, pystr: &PyObject, s: &[T], idx: usize) -> PyResult<(ObjRef, usize)> {
        if !at_is(s, idx, b'"') {
            return Err(raise_errmsg("Expecting property name enclosed in double quotes", pystr, idx as isize));
        }
        let (key, next) = scanstring(pystr, s, idx as isize + 1, self.strict)?;
        let key = memo.setdefault(&key, &key)?;
        let idx = skip_ws(s, next);
        if !at_is(s, idx, b':') {
            return Err(raise_errmsg("Expecting ':' delimiter", pystr, idx as isize));
        }
        Ok((key, skip_ws(s, idx + 1)))
    }

    /// A closed object: the pairs hook's or object hook's result, or the
    /// dict.
    fn finish_object(&self, items: ObjRef) -> PyResult<ObjRef> {
        if !object::is_none(&self.object_pairs_hook) {
            return call::call(&self.object_pairs_hook, &[&items]);
        }
        if !object::is_none(&self.object_hook) {
            return call::call(&self.object_hook, &[&items]);
        }
        Ok(items)
    }

    /// Opens an object or array at `idx` (its bracket), counting one
    /// level of recursion; returns the index after the bracket's
    /// whitespace.
    fn open<T: Unit>(&self, s: &[T], idx: usize, stack: &mut Vec<Frame>) -> PyResult<usize> {
        if at_is(s, idx, b'{') {
            state::enter_recursive_call(" while decoding a JSON object from a unicode string")?;
            let items = if object::is_none(&self.object_pairs_hook) {
                into_obj(DictObject::new()?)
            } else {
                into_obj(ListObject::new()?)
            };
            stack.push(Frame::Object { items, key: None });
        } else {
            state::enter_recursive_call(" while decoding a JSON array from a unicode string")?;
            stack.push(Frame::Array(ListObject::new()?));
        }
        Ok(skip_ws(s, idx + 1))
    }

    /// Closes the innermost container: its value.
    fn close(&self, stack: &mut Vec<Frame>) -> PyResult<ObjRef> {
        let frame = stack.pop().ok_or_else(errors::bad_internal_call)?;
        let r = match frame {
            Frame::Array(l) => Ok(into_obj(l)),
            Frame::Object { items, .. } => self.finish_object(items),
        };
        state::leave_recursive_call();
        r
    }

    /// `scan_once_unicode` without native recursion: `stack` holds the
    /// open containers (one recursion level each, released by the caller).
    fn scan_loop<T: Unit>(
        &self,
        memo: &DictObject,
        pystr: &PyObject,
        s: &[T],
        start: usize,
        stack: &mut Vec<Frame>,
    ) -> PyResult<(ObjRef, usize)> {
        let len = s.len();
        let mut idx = start;
        'value: loop {
            if idx >= len {
                return Err(stop_iteration(idx));
            }
            let (mut value, mut next) = if at_is(s, idx, b'{') || at_is(s, idx, b'[') {
                let closer = if at_is(s, idx, b'{') { b'}' } else { b']' };
                let is_obj = closer == b'}';
                idx = self.open(s, idx, stack)?;
                if at_is(s, idx, closer) {
                    (self.close(stack)?, idx + 1)
                } else {
                    if is_obj {
                        let (key, at) = self.read_key(memo, pystr, s, idx)?;
                        if let Some(Frame::Object { key: k, .. }) = stack.last_mut() {
                            *k = Some(key);
                        }
                        idx = at;
                    }
                    continue 'value;
                }
            } else {
                self.scan_scalar(pystr, s, idx)?
            };
            // Hand the value to the open containers, closing those that end.
            loop {
                let after = match stack.last_mut() {
                    None => return Ok((value, next)),
                    Some(Frame::Array(list)) => {
                        list.append(&value)?;
                        let i = skip_ws(s, next);
                        if at_is(s, i, b']') {
                            After::Close(i)
                        } else if !at_is(s, i, b',') {
                            return Err(raise_errmsg("Expecting ',' delimiter", pystr, i as isize));
                        } else {
                            let j = skip_ws(s, i + 1);
                            if at_is(s, j, b']') {
                                return Err(raise_errmsg("Illegal trailing comma before end of array", pystr, i as isize));
                            }
                            After::Next(j)
                        }
                    }
                    Some(Frame::Object { items, key }) => {
                        let k = key.take().ok_or_else(errors::bad_internal_call)?;
                        match downcast::<DictObject>(items) {
                            Some(d) if object::is_type(items, &DICT_TYPE) => d.set_item(&k, &value)?,
                            _ => {
                                let pair = tupleobject::from_slice(&[&k, &value])?;
                                let list = downcast::<ListObject>(items).ok_or_else(errors::bad_internal_call)?;
                                list.append(as_obj(&*pair))?;
                            }
                        }
                        let i = skip_ws(s, next);
                        if at_is(s, i, b'}') {
                            After::Close(i)
                        } else if !at_is(s, i, b',') {
                            return Err(raise_errmsg("Expecting ',' delimiter", pystr, i as isize));
                        } else {
                            let j = skip_ws(s, i + 1);
                            if at_is(s, j, b'}') {
                                return Err(raise_errmsg("Illegal trailing comma before end of object", pystr, i as isize));
                            }
                            let (newkey, at) = self.read_key(memo, pystr, s, j)?;
                            *key = Some(newkey);
                            After::Next(at)
                        }
                    }
                };
                match after {
                    After::Close(i) => {
                        value = self.close(stack)?;
                        next = i + 1;
                    }
                    After::Next(i) => {
                        idx = i;
                        continue 'value;
                    }
                }
            }
        }
    }

    /// `scan_once_unicode`.
    fn scan_once<T: Unit>(&self, memo: &DictObject, pystr: &PyObject, s: &[T], idx: isize) -> PyResult<(ObjRef, usize)> {
        if idx < 0 {
            return Err(value_error("idx cannot be negative"));
        }
        let mut stack = Vec::new();
        let r = self.scan_loop(memo, pystr, s, idx as usize, &mut stack);
        for _ in 0..stack.len() {
            state::leave_recursive_call();
        }
        r
    }
}

/// `scanner_call`: `scan_once(string, idx)` -> `(value, end)`.
fn scanner_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let sc = scanner_of(v)?;
    let a = crate::guarded::parse("scan_once", args, kwds, &["string", "idx"], &[], 2)?;
    let (Some(pystr), Some(idx)) = (a[0].as_deref(), a[1].as_deref()) else { return Err(errors::bad_internal_call()) };
    let idx = abs::as_ssize(idx, Some(exceptions::overflow_error()))?;
    let s = str_arg(pystr)?;
    let memo = DictObject::new()?;
    let (value, next) = match s.data() {
        StrData::Ucs1(d) => sc.scan_once(&memo, pystr, d, idx)?,
        StrData::Ucs2(d) => sc.scan_once(&memo, pystr, d, idx)?,
        StrData::Ucs4(d) => sc.scan_once(&memo, pystr, d, idx)?,
    };
    let next = longobject::from_i64(next as i64)?;
    tupleobject::from_slice(&[&value, &next]).map(into_obj)
}

/// `scanner_new`: `make_scanner(context)` reads the context's settings.
fn scanner_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse("make_scanner", args, kwds, &["context"], &[], 1)?;
    let ctx = a[0].as_deref().ok_or_else(errors::bad_internal_call)?;
    let strict = object::is_true(&*object::get_attr_str(ctx, "strict")?)?;
    let sc = ScannerObject {
        ob_base: ObjectHeader::new(&SCANNER_TYPE.head),
        strict,
        object_hook: object::get_attr_str(ctx, "object_hook")?,
        object_pairs_hook: object::get_attr_str(ctx, "object_pairs_hook")?,
        parse_float: object::get_attr_str(ctx, "parse_float")?,
        parse_int: object::get_attr_str(ctx, "parse_int")?,
        parse_constant: object::get_attr_str(ctx, "parse_constant")?,
    };
    object::new_object(sc).map(into_obj)
}

fn sc_strict(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(scanner_of(v)?.strict))
}
fn sc_object_hook(v: &PyObject) -> PyResult<ObjRef> {
    Ok(scanner_of(v)?.object_hook.clone())
}
fn sc_object_pairs_hook(v: &PyObject) -> PyResult<ObjRef> {
    Ok(scanner_of(v)?.object_pairs_hook.clone())
}
fn sc_parse_float(v: &PyObject) -> PyResult<ObjRef> {
    Ok(scanner_of(v)?.parse_float.clone())
}
fn sc_parse_int(v: &PyObject) -> PyResult<ObjRef> {
    Ok(scanner_of(v)?.parse_int.clone())
}
fn sc_parse_constant(v: &PyObject) -> PyResult<ObjRef> {
    Ok(scanner_of(v)?.parse_constant.clone())
}

static SCANNER_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "strict", get: sc_strict, set: None, doc: Some("strict") },
    GetSetDef { name: "object_hook", get: sc_object_hook, set: None, doc: Some("object_hook") },
    GetSetDef { name: "object_pairs_hook", get: sc_object_pairs_hook, set: None, doc: None },
    GetSetDef { name: "parse_float", get: sc_parse_float, set: None, doc: Some("parse_float") },
    GetSetDef { name: "parse_int", get: sc_parse_int, set: None, doc: Some("parse_int") },
    GetSetDef { name: "parse_constant", get: sc_parse_constant, set: None, doc: Some("parse_constant") },
];

/// `_json.Scanner`, exported as `make_scanner`.
pub static SCANNER_TYPE: TypeObject = TypeObject::new_static(
    "_json.Scanner",
    size_of::<ScannerObject>(),
    object::dealloc_simple::<ScannerObject>,
    TypeSlots {
        tp_getattro: Some(object::generic_get_attr),
        tp_call: Some(scanner_call),
        tp_new: Some(scanner_new),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&SCANNER_GETSET)
.with_doc("JSON scanner object");

// ---------------------------------------------------------------------
// Encoding.

/// A `_json.Encoder` (`PyEncoderObject`); immutable once made.
#[repr(C)]
pub struct EncoderObject {
    ob_base: ObjectHeader,
    markers: ObjRef,
    defaultfn: ObjRef,
    encoder: ObjRef,
    indent: ObjRef,
    key_separator: PyRef<StrObject>,
    item_separator: PyRef<StrObject>,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
    /// `fast_encode`: `Some(ensure_ascii)` when `encoder` is this
    /// module's own `encode_basestring(_ascii)`.
    fast_encode: Option<bool>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for EncoderObject {}

fn encoder_of(v: &PyObject) -> PyResult<&EncoderObject> {
    if !object::type_check(v, &ENCODER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of the encoder type have this layout.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<EncoderObject>() })
}

/// The marker key of a container: its address as an int
/// (`PyLong_FromVoidPtr`).
fn ident_of(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_bigint((core::ptr::from_ref(v) as usize).into())
}

/// `encoder_encode_float`: `float.__repr__`, or the JSON names of the
/// non-finite values when allowed.
fn encode_float(allow_nan: bool, obj: &PyObject, x: f64) -> PyResult<String> {
    if x.is_finite() {
        return Ok(floatobject::repr_f64(x));
    }
    if !allow_nan {
        let r = object::repr(obj)?.to_string_lossy();
        return Err(value_error(&format!("Out of range float values are not JSON compliant: {r}")));
    }
    Ok(if x > 0.0 {
        "Infinity"
    } else if x < 0.0 {
        "-Infinity"
    } else {
        "NaN"
    }
    .to_owned())
}

/// The items of a container being encoded: a live list (re-read at each
/// index, as CPython's loops over `PyList_GET_SIZE` do) or a fixed slice.
enum Items {
    List(PyRef<ListObject>),
    Fixed(Vec<ObjRef>),
}

impl Items {
    fn get(&self, i: usize) -> Option<ObjRef> {
        match self {
            Items::List(l) => l.get_item_ref(isize::try_from(i).ok()?),
            Items::Fixed(v) => v.get(i).cloned(),
        }
    }
}

/// A marker held for the duration of one container's encoding.
struct Marker<'a> {
    markers: &'a DictObject,
    ident: ObjRef,
}

impl EncoderObject {
    /// Records `v` in `markers`, or raises "Circular reference detected".
    fn mark(&self, v: &PyObject) -> PyResult<Option<Marker<'_>>> {
        let Some(markers) = downcast::<DictObject>(&self.markers) else { return Ok(None) };
        let ident = ident_of(v)?;
        if markers.get_item(&ident)?.is_some() {
            return Err(value_error("Circular reference detected"));
        }
        markers.set_item(&ident, v)?;
        Ok(Some(Marker { markers, ident }))
    }

    fn unmark(m: Option<Marker<'_>>) -> PyResult<()> {
        match m {
            Some(m) => m.markers.del_item(&m.ident),
            None => Ok(()),
        }
    }

    /// `encoder_encode_string`.
    fn encode_string(&self, w: &mut Writer, s: &PyObject) -> PyResult<()> {
        if let Some(ascii) = self.fast_encode {
            let st = downcast::<StrObject>(s).ok_or_else(errors::bad_internal_call)?;
            return escape_str(w, st, ascii);
        }
        let encoded = call::call(&self.encoder, &[s])?;
        let Some(st) = downcast::<StrObject>(&encoded) else {
            return Err(type_error(&format!(
                "encoder() must return a string, not {:.80}",
                type_of(&encoded).name()
            )));
        };
        w.push_str(st)
    }

    /// `encoder_listencode_obj`.
    fn encode_obj(&self, w: &mut Writer, obj: &PyObject, nl: Option<&StrObject>) -> PyResult<()> {
        if object::is_none(obj) {
            w.push_ascii(b"null");
        } else if object::is(obj, as_obj(&boolobject::TRUE)) {
            w.push_ascii(b"true");
        } else if object::is(obj, as_obj(&boolobject::FALSE)) {
            w.push_ascii(b"false");
        } else if downcast::<StrObject>(obj).is_some() {
            self.encode_string(w, obj)?;
        } else if let Some(i) = downcast::<IntObject>(obj) {
            let text = longobject::to_decimal_string(i)?;
            w.push_ascii(text.as_bytes());
        } else if let Some(f) = downcast::<FloatObject>(obj) {
            let text = encode_float(self.allow_nan, obj, f.value())?;
            w.push_ascii(text.as_bytes());
        } else if object::type_check(obj, &LIST_TYPE) || object::type_check(obj, &TUPLE_TYPE) {
            state::enter_recursive_call(" while encoding a JSON object")?;
            let r = self.encode_list(w, obj, nl);
            state::leave_recursive_call();
            r?;
        } else if object::type_check(obj, &DICT_TYPE) {
            state::enter_recursive_call(" while encoding a JSON object")?;
            let r = self.encode_dict(w, obj, nl);
            state::leave_recursive_call();
            r?;
        } else {
            let marker = self.mark(obj)?;
            let newobj = call::call(&self.defaultfn, &[obj])?;
            state::enter_recursive_call(" while encoding a JSON object")?;
            let r = self.encode_obj(w, &newobj, nl);
            state::leave_recursive_call();
            if r.is_err() {
                return Err(add_note(&format!("when serializing {} object", rupy::objects::typeobject::fully_qualified_name(type_of(obj)))));
            }
            Self::unmark(marker)?;
        }
        Ok(())
    }

    /// The indentation one level in (`newline_indent + indent`) and the
    /// item separator followed by it.
    fn indent_in(&self, nl: Option<&StrObject>) -> PyResult<Option<(PyRef<StrObject>, PyRef<StrObject>)>> {
        let Some(nl) = nl else { return Ok(None) };
        let inner = unicodeobject::concat(as_obj(nl), &self.indent)?;
        let sep = unicodeobject::concat(as_obj(&*self.item_separator), &inner)?;
        let to_str = |o: ObjRef| object::downcast_ref::<StrObject>(o).map_err(|_| errors::bad_internal_call());
        Ok(Some((to_str(inner)?, to_str(sep)?)))
    }

    /// `encoder_listencode_list`.
    fn encode_list(&self, w: &mut Writer, seq: &PyObject, nl: Option<&StrObject>) -> PyResult<()> {
        let items = if object::is_type(seq, &LIST_TYPE) {
            Items::List(object::downcast_ref::<ListObject>(object::new_ref(seq)).map_err(|_| errors::bad_internal_call())?)
        } else if let Some(t) = downcast::<TupleObject>(seq).filter(|_| object::is_type(seq, &TUPLE_TYPE)) {
            Items::Fixed(t.as_slice().to_vec())
        } else {
            Items::Fixed(abs::collect(seq)?)
        };
        if items.get(0).is_none() {
            w.push_ascii(b"[]");
            return Ok(());
        }
        let marker = self.mark(seq)?;
        w.push_ascii(b"[");
        let inner = self.indent_in(nl)?;
        if let Some((ind, _)) = &inner {
            w.push_str(ind)?;
        }
        let sep: &StrObject = inner.as_ref().map_or(&*self.item_separator, |(_, s)| &**s);
        let mut i = 0;
        while let Some(item) = items.get(i) {
            if i > 0 {
                w.push_str(sep)?;
            }
            if self.encode_obj(w, &item, inner.as_ref().map(|(ind, _)| &**ind)).is_err() {
                return Err(add_note(&format!("when serializing {} item {i}", rupy::objects::typeobject::fully_qualified_name(type_of(seq)))));
            }
            i += 1;
        }
        Self::unmark(marker)?;
        if let Some(nl) = nl {
            w.push_str(nl)?;
        }
        w.push_ascii(b"]");
        Ok(())
    }

    /// `encoder_encode_key_value`.
    fn encode_key_value(
        &self,
        w: &mut Writer,
        dct: &PyObject,
        first: &mut bool,
        key: &PyObject,
        value: &PyObject,
        inner: Option<&(PyRef<StrObject>, PyRef<StrObject>)>,
    ) -> PyResult<()> {
        let keystr: ObjRef = if downcast::<StrObject>(key).is_some() {
            object::new_ref(key)
        } else if let Some(f) = downcast::<FloatObject>(key) {
            into_obj(unicodeobject::from_string(encode_float(self.allow_nan, key, f.value())?)?)
        } else if object::is(key, as_obj(&boolobject::TRUE)) {
            unicodeobject::intern_str("true")?
        } else if object::is(key, as_obj(&boolobject::FALSE)) {
            unicodeobject::intern_str("false")?
        } else if object::is_none(key) {
            unicodeobject::intern_str("null")?
        } else if let Some(i) = downcast::<IntObject>(key) {
            into_obj(unicodeobject::from_string(longobject::to_decimal_string(i)?)?)
        } else if self.skipkeys {
            return Ok(());
        } else {
            return Err(type_error(&format!(
                "keys must be str, int, float, bool or None, not {:.100}",
                type_of(key).name()
            )));
        };
        if *first {
            *first = false;
            if let Some((ind, _)) = inner {
                w.push_str(ind)?;
            }
        } else {
            w.push_str(inner.map_or(&*self.item_separator, |(_, s)| &**s))?;
        }
        self.encode_string(w, &keystr)?;
        w.push_str(&self.key_separator)?;
        if self.encode_obj(w, value, inner.map(|(ind, _)| &**ind)).is_err() {
            let note = match object::repr(key) {
                Ok(r) => format!("when serializing {} item {}", rupy::objects::typeobject::fully_qualified_name(type_of(dct)), r.to_string_lossy()),
                Err(e) => return Err(e),
            };
            return Err(add_note(&note));
        }
        Ok(())
    }

    /// `PyMapping_Items` as a list (the list `items()` returned, if it is
    /// one, so later changes to it are seen).
    fn mapping_items(dct: &PyObject) -> PyResult<PyRef<ListObject>> {
        if let Some(d) = downcast::<DictObject>(dct).filter(|_| object::is_type(dct, &DICT_TYPE)) {
            let pairs = d.items();
            let list = ListObject::new()?;
            for (k, v) in &pairs {
                list.append(as_obj(&*tupleobject::from_slice(&[k, v])?))?;
            }
            return Ok(list);
        }
        let res = call::call(&*object::get_attr_str(dct, "items")?, &[])?;
        if object::is_type(&res, &LIST_TYPE) {
            return object::downcast_ref::<ListObject>(res).map_err(|_| errors::bad_internal_call());
        }
        let it = match abs::get_iter(&res) {
            Ok(it) => it,
            Err(e) => {
                if errors::exception_matches(exceptions::type_error()) {
                    errors::clear();
                    return Err(type_error(&format!(
                        "{}.items() returned a non-iterable (type {})",
                        type_of(dct).name(),
                        type_of(&res).name()
                    )));
                }
                return Err(e);
            }
        };
        let list = ListObject::new()?;
        while let Some(x) = abs::iter_next(&it)? {
            list.append(&x)?;
        }
        Ok(list)
    }

    /// `encoder_listencode_dict`.
    fn encode_dict(&self, w: &mut Writer, dct: &PyObject, nl: Option<&StrObject>) -> PyResult<()> {
        let d = downcast::<DictObject>(dct).ok_or_else(errors::bad_internal_call)?;
        if d.is_empty() {
            w.push_ascii(b"{}");
            return Ok(());
        }
        let marker = self.mark(dct)?;
        w.push_ascii(b"{");
        let inner = self.indent_in(nl)?;
        let mut first = true;
        if self.sort_keys || !object::is_type(dct, &DICT_TYPE) {
            let items = Self::mapping_items(dct)?;
            if self.sort_keys {
                call::call(&*object::get_attr_str(as_obj(&*items), "sort")?, &[])?;
            }
            let mut i = 0isize;
            while let Some(item) = items.get_item_ref(i) {
                let pair = downcast::<TupleObject>(&item).filter(|t| t.len() == 2);
                let Some(pair) = pair else { return Err(value_error("items must return 2-tuples")) };
                let (k, v) = (&pair.as_slice()[0], &pair.as_slice()[1]);
                self.encode_key_value(w, dct, &mut first, k, v, inner.as_ref())?;
                i += 1;
            }
        } else {
            let mut pos = 0;
            while let Some((next, k, v)) = d.next_entry(pos) {
                self.encode_key_value(w, dct, &mut first, &k, &v, inner.as_ref())?;
                pos = next;
            }
        }
        Self::unmark(marker)?;
        if let Some(nl) = nl
            && !first
        {
            w.push_str(nl)?;
        }
        w.push_ascii(b"}");
        Ok(())
    }
}

/// `_create_newline_indent`: `'\n' + indent * level`.
fn newline_indent(indent: &PyObject, level: isize) -> PyResult<PyRef<StrObject>> {
    let mut w = Writer::new();
    w.push(0x0a);
    if level > 0 {
        let Some(ind) = downcast::<StrObject>(indent) else {
            return Err(type_error(&format!(
                "can only concatenate str (not \"{}\") to str",
                type_of(indent).name()
            )));
        };
        let n = ind.len().checked_mul(level as usize).ok_or_else(errors::no_memory)?;
        w.reserve(n)?;
        for _ in 0..level {
            w.push_str(ind)?;
        }
    }
    object::downcast_ref::<StrObject>(w.finish()?).map_err(|_| errors::bad_internal_call())
}

/// `encoder_call`: `_iterencode(obj, _current_indent_level)` -> `(text,)`.
fn encoder_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let enc = encoder_of(v)?;
    let a = crate::guarded::parse("_iterencode", args, kwds, &["obj", "_current_indent_level"], &[], 2)?;
    let (Some(obj), Some(level)) = (a[0].as_deref(), a[1].as_deref()) else { return Err(errors::bad_internal_call()) };
    let level = abs::as_ssize(level, Some(exceptions::overflow_error()))?;
    let nl = if object::is_none(&enc.indent) { None } else { Some(newline_indent(&enc.indent, level)?) };
    let mut w = Writer::new();
    enc.encode_obj(&mut w, obj, nl.as_deref())?;
    let text = w.finish()?;
    tupleobject::from_slice(&[&text]).map(into_obj)
}

const ENCODER_ARGS: [&str; 9] = [
    "markers",
    "default",
    "encoder",
    "indent",
    "key_separator",
    "item_separator",
    "sort_keys",
    "skipkeys",
    "allow_nan",
];

/// `encoder_new`: `make_encoder(markers, default, encoder, indent,
/// key_separator, item_separator, sort_keys, skipkeys, allow_nan)`.
fn encoder_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse("make_encoder", args, kwds, &ENCODER_ARGS, &[], 9)?;
    let arg = |i: usize| a[i].clone().ok_or_else(errors::bad_internal_call);
    let npos = args.len();
    let str_arg = |i: usize| -> PyResult<PyRef<StrObject>> {
        object::downcast_ref::<StrObject>(arg(i)?).map_err(|o| {
            let which = if i < npos { format!("{}", i + 1) } else { format!("'{}'", ENCODER_ARGS[i]) };
            type_error(&format!("make_encoder() argument {which} must be str, not {}", type_of(&o).name()))
        })
    };
    let key_separator = str_arg(4)?;
    let item_separator = str_arg(5)?;
    let sort_keys = object::is_true(&*arg(6)?)?;
    let skipkeys = object::is_true(&*arg(7)?)?;
    let allow_nan = object::is_true(&*arg(8)?)?;
    let markers = arg(0)?;
    if !object::is_none(&markers) && downcast::<DictObject>(&markers).is_none() {
        return Err(type_error(&format!(
            "make_encoder() argument 1 must be dict or None, not {:.200}",
            type_of(&markers).name()
        )));
    }
    let encoder = arg(2)?;
    let fast_encode = downcast::<CFunctionObject>(&encoder).and_then(CFunctionObject::builtin_def).and_then(|def| {
        if core::ptr::eq(def, &FUNCTIONS[0]) {
            Some(true)
        } else if core::ptr::eq(def, &FUNCTIONS[1]) {
            Some(false)
        } else {
            None
        }
    });
    let enc = EncoderObject {
        ob_base: ObjectHeader::new(&ENCODER_TYPE.head),
        markers,
        defaultfn: arg(1)?,
        encoder,
        indent: arg(3)?,
        key_separator,
        item_separator,
        sort_keys,
        skipkeys,
        allow_nan,
        fast_encode,
    };
    object::new_object(enc).map(into_obj)
}

fn en_markers(v: &PyObject) -> PyResult<ObjRef> {
    Ok(encoder_of(v)?.markers.clone())
}
fn en_default(v: &PyObject) -> PyResult<ObjRef> {
    Ok(encoder_of(v)?.defaultfn.clone())
}
fn en_encoder(v: &PyObject) -> PyResult<ObjRef> {
    Ok(encoder_of(v)?.encoder.clone())
}
fn en_indent(v: &PyObject) -> PyResult<ObjRef> {
    Ok(encoder_of(v)?.indent.clone())
}
fn en_key_separator(v: &PyObject) -> PyResult<ObjRef> {
    Ok(into_obj(encoder_of(v)?.key_separator.clone()))
}
fn en_item_separator(v: &PyObject) -> PyResult<ObjRef> {
    Ok(into_obj(encoder_of(v)?.item_separator.clone()))
}
fn en_sort_keys(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(encoder_of(v)?.sort_keys))
}
fn en_skipkeys(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(encoder_of(v)?.skipkeys))
}

static ENCODER_GETSET: [GetSetDef; 8] = [
    GetSetDef { name: "markers", get: en_markers, set: None, doc: Some("markers") },
    GetSetDef { name: "default", get: en_default, set: None, doc: Some("default") },
    GetSetDef { name: "encoder", get: en_encoder, set: None, doc: Some("encoder") },
    GetSetDef { name: "indent", get: en_indent, set: None, doc: Some("indent") },
    GetSetDef { name: "key_separator", get: en_key_separator, set: None, doc: Some("key_separator") },
    GetSetDef { name: "item_separator", get: en_item_separator, set: None, doc: Some("item_separator") },
    GetSetDef { name: "sort_keys", get: en_sort_keys, set: None, doc: Some("sort_keys") },
    GetSetDef { name: "skipkeys", get: en_skipkeys, set: None, doc: Some("skipkeys") },
];

/// `_json.Encoder`, exported as `make_encoder`.
pub static ENCODER_TYPE: TypeObject = TypeObject::new_static(
    "_json.Encoder",
    size_of::<EncoderObject>(),
    object::dealloc_simple::<EncoderObject>,
    TypeSlots {
        tp_getattro: Some(object::generic_get_attr),
        tp_call: Some(encoder_call),
        tp_new: Some(encoder_new),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&ENCODER_GETSET)
.with_doc(
    "Encoder(markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan)",
);

/// `speedups_methods` (the first two are recognized by `encoder_new`).
static FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef { name: "encode_basestring_ascii", func: py_encode_basestring_ascii },
    BuiltinDef { name: "encode_basestring", func: py_encode_basestring },
    BuiltinDef { name: "scanstring", func: py_scanstring },
];

/// `_json_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_json")?;
    m.add_object("__doc__", as_obj(&*unicodeobject::from_str("json speedups\n")?))?;
    m.add_functions(&FUNCTIONS)?;
    SCANNER_TYPE.ready()?;
    ENCODER_TYPE.ready()?;
    m.add_object("make_scanner", as_obj(&SCANNER_TYPE))?;
    m.add_object("make_encoder", as_obj(&ENCODER_TYPE))?;
    Ok(into_obj(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_widens_only_when_needed() {
        let mut w = Writer::new();
        w.push_ascii(b"ab");
        assert!(matches!(w.0, Buf::Latin1(_)));
        w.push(0xe9);
        assert!(matches!(w.0, Buf::Latin1(_)));
        w.push(0x1234);
        assert!(matches!(w.0, Buf::Ucs2(_)));
        w.push(0x1d120);
        match &w.0 {
            Buf::Ucs4(v) => assert_eq!(v.as_slice(), &[0x61, 0x62, 0xe9, 0x1234, 0x1d120]),
            _ => panic!("not widened to UCS-4"),
        }
    }

    #[test]
    fn hex_digits() {
        assert_eq!(hex_value(u32::from(b'F')), Some(15));
        assert_eq!(hex_value(u32::from(b'g')), None);
        assert_eq!(hex_value(0x110000), None);
    }
}
