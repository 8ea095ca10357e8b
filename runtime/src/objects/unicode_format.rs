//! `str.format` / `str.format_map` (Objects/stringlib/unicode_format.h:
//! `MarkupIterator`, `parse_field`, `FieldNameIterator`,
//! `get_field_object`, `render_field`, `build_string` with its recursion
//! limit) and `%`-formatting (`PyUnicode_Format` of
//! Objects/unicodeobject.c: `unicode_format_arg_parse`,
//! `unicode_format_arg_format`, `mainformatlong`, `formatfloat`,
//! `formatchar`, `unicode_format_arg_output`).

use crate::errors::{self, ErrSet, PyResult};
use crate::objects::floatobject::{self, FloatObject};
use crate::objects::formatter_unicode::{self, double_to_string};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::unicode_methods::{new_s, reserve, total_len};
use crate::objects::unicodeobject::StrObject;
use crate::objects::{r#abstract as abs, exceptions};

fn value_err(msg: &str) -> ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn type_err(msg: &str) -> ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn str_cps(s: &StrObject) -> Vec<u32> {
    s.data().iter().collect()
}

fn is_digit(c: u32) -> bool {
    (u32::from(b'0')..=u32::from(b'9')).contains(&c)
}

// ---------------------------------------------------------------------
// str.format

/// Automatic / manual field numbering state (`AutoNumber`).
#[derive(Default)]
struct AutoNumber {
    /// 0 unknown, 1 automatic, 2 manual.
    state: u8,
    next: usize,
}

impl AutoNumber {
    /// `autonumber_state_error`.
    fn check(&mut self, automatic: bool) -> PyResult<()> {
        let want = if automatic { 1 } else { 2 };
        if self.state == 0 {
            self.state = want;
        } else if self.state != want {
            return Err(value_err(if automatic {
                "cannot switch from manual field specification to automatic field numbering"
            } else {
                "cannot switch from automatic field numbering to manual field specification"
            }));
        }
        Ok(())
    }
}

/// A decimal field index, or `None` if the text is not all digits
/// (`get_integer` of unicode_format.h).
fn field_integer(s: &[u32]) -> PyResult<Option<usize>> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: usize = 0;
    for &c in s {
        if !is_digit(c) {
            return Ok(None);
        }
        let d = (c - u32::from(b'0')) as usize;
        if acc > (isize::MAX as usize - d) / 10 {
            return Err(value_err("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d;
    }
    Ok(Some(acc))
}

/// `parse_field`: from just after a field's `{`, the field name, the
/// conversion character (0 if none), the format spec and whether the
/// spec holds nested fields; `pos` ends after the closing `}`.
fn parse_field<'s>(s: &'s [u32], pos: &mut usize) -> PyResult<(&'s [u32], u32, &'s [u32], bool)> {
    let end = s.len();
    let start = *pos;
    let mut c = 0;
    let mut found = false;
    while *pos < end {
        c = s[*pos];
        *pos += 1;
        if c == u32::from(b'{') {
            return Err(value_err("unexpected '{' in field name"));
        }
        if c == u32::from(b'[') {
            while *pos < end && s[*pos] != u32::from(b']') {
                *pos += 1;
            }
            continue;
        }
        if c == u32::from(b'}') || c == u32::from(b':') || c == u32::from(b'!') {
            found = true;
            break;
        }
    }
    if !found {
        return Err(value_err("expected '}' before end of string"));
    }
    let name = &s[start..*pos - 1];
    let mut conversion = 0;
    if c == u32::from(b'!') {
        if *pos >= end {
            return Err(value_err("end of string while looking for conversion specifier"));
        }
        conversion = s[*pos];
        *pos += 1;
        if *pos >= end {
            return Err(value_err("unmatched '{' in format spec"));
        }
        c = s[*pos];
        *pos += 1;
        if c != u32::from(b'}') && c != u32::from(b':') {
            return Err(value_err("expected ':' after conversion specifier"));
        }
    }
    if c != u32::from(b':') {
        return Ok((name, conversion, &[], false));
    }
    let spec_start = *pos;
    let mut count = 1;
    let mut expand = false;
    loop {
        if *pos >= end {
            return Err(value_err("unmatched '{' in format spec"));
        }
        let ch = s[*pos];
        *pos += 1;
        if ch == u32::from(b'{') {
            expand = true;
            count += 1;
        } else if ch == u32::from(b'}') {
            count -= 1;
            if count == 0 {
                return Ok((name, conversion, &s[spec_start..*pos - 1], expand));
            }
        }
    }
}

/// A part of a field name: an index (all digits) or a name.
pub(crate) enum FieldKey<'s> {
    Index(usize),
    Name(&'s [u32]),
}

/// `field_name_split` + `FieldNameIterator`: the first part and the
/// `(is_attribute, key)` parts that follow.
#[allow(clippy::type_complexity)]
pub(crate) fn split_field_name(name: &[u32]) -> PyResult<(FieldKey<'_>, Vec<(bool, FieldKey<'_>)>)> {
    let first_end = name.iter().position(|&c| c == u32::from(b'.') || c == u32::from(b'[')).unwrap_or(name.len());
    let first = &name[..first_end];
    let first = match field_integer(first)? {
        Some(i) => FieldKey::Index(i),
        None => FieldKey::Name(first),
    };
    let mut rest = Vec::new();
    let mut pos = first_end;
    while pos < name.len() {
        let c = name[pos];
        pos += 1;
        if c == u32::from(b'.') {
            let start = pos;
            while pos < name.len() && name[pos] != u32::from(b'.') && name[pos] != u32::from(b'[') {
                pos += 1;
            }
            if start == pos {
                return Err(value_err("Empty attribute in format string"));
            }
            rest.push((true, FieldKey::Name(&name[start..pos])));
        } else if c == u32::from(b'[') {
            let start = pos;
            while pos < name.len() && name[pos] != u32::from(b']') {
                pos += 1;
            }
            if pos >= name.len() {
                return Err(value_err("Missing ']' in format string"));
            }
            let key = &name[start..pos];
            pos += 1;
            if key.is_empty() {
                return Err(value_err("Empty attribute in format string"));
            }
            rest.push((false, match field_integer(key)? {
                Some(i) => FieldKey::Index(i),
                None => FieldKey::Name(key),
            }));
            if pos < name.len() && name[pos] != u32::from(b'.') && name[pos] != u32::from(b'[') {
                return Err(value_err("Only '.' or '[' may follow ']' in format field specifier"));
            }
        } else {
            return Err(value_err("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok((first, rest))
}

/// `MarkupIterator` over a whole format string: each literal chunk with
/// the field that follows it (name, conversion or 0, raw spec).
#[allow(clippy::type_complexity)]
pub(crate) fn markup_pieces(s: &[u32]) -> PyResult<Vec<(Vec<u32>, Option<(&[u32], u32, &[u32])>)>> {
    let end = s.len();
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < end {
        let start = pos;
        let mut c = 0;
        let mut markup = false;
        while pos < end {
            c = s[pos];
            pos += 1;
            if c == u32::from(b'{') || c == u32::from(b'}') {
                markup = true;
                break;
            }
        }
        let at_end = pos >= end;
        let mut len = pos - start;
        if c == u32::from(b'}') && markup && (at_end || c != s[pos]) {
            return Err(value_err("Single '}' encountered in format string"));
        }
        if at_end && c == u32::from(b'{') && markup {
            return Err(value_err("Single '{' encountered in format string"));
        }
        if !at_end && markup {
            if c == s[pos] {
                pos += 1;
                markup = false;
            } else {
                len -= 1;
            }
        }
        let literal = s[start..start + len].to_vec();
        if !markup {
            out.push((literal, None));
            continue;
        }
        let (name, conversion, spec, _) = parse_field(s, &mut pos)?;
        out.push((literal, Some((name, conversion, spec))));
    }
    Ok(out)
}

struct Formatter<'a> {
    args: &'a [ObjRef],
    kwargs: Option<&'a PyObject>,
    auto: AutoNumber,
}

impl Formatter<'_> {
    /// `get_field_object`: the object a field name designates.
    fn get_field(&mut self, name: &[u32]) -> PyResult<ObjRef> {
        // The first part runs to the first '.' or '['.
        let first_end = name.iter().position(|&c| c == u32::from(b'.') || c == u32::from(b'[')).unwrap_or(name.len());
        let first = &name[..first_end];
        let mut obj = match field_integer(first)? {
            _ if first.is_empty() => {
                self.auto.check(true)?;
                let i = self.auto.next;
                self.auto.next += 1;
                self.positional(i)?
            }
            Some(i) => {
                self.auto.check(false)?;
                self.positional(i)?
            }
            None => {
                let key = new_s(first)?;
                match self.kwargs {
                    None => return Err(errors::set_key_error(&key)),
                    Some(k) => abs::get_item(k, &key)?,
                }
            }
        };
        // `FieldNameIterator_next` over the rest.
        let mut pos = first_end;
        while pos < name.len() {
            let c = name[pos];
            pos += 1;
            if c == u32::from(b'.') {
                let start = pos;
                while pos < name.len() && name[pos] != u32::from(b'.') && name[pos] != u32::from(b'[') {
                    pos += 1;
                }
                if start == pos {
                    return Err(value_err("Empty attribute in format string"));
                }
                let attr = new_s(&name[start..pos])?;
                obj = object::get_attr(&obj, &attr)?;
            } else if c == u32::from(b'[') {
                let start = pos;
                let mut closed = false;
                while pos < name.len() {
                    if name[pos] == u32::from(b']') {
                        closed = true;
                        break;
                    }
                    pos += 1;
                }
                if !closed {
                    return Err(value_err("Missing ']' in format string"));
                }
                let key_text = &name[start..pos];
                pos += 1;
                if key_text.is_empty() {
                    return Err(value_err("Empty attribute in format string"));
                }
                let key = match field_integer(key_text)? {
                    Some(i) => longobject::from_i64(i as i64)?,
                    None => new_s(key_text)?,
                };
                obj = abs::get_item(&obj, &key)?;
                if pos < name.len() && name[pos] != u32::from(b'.') && name[pos] != u32::from(b'[') {
                    return Err(value_err("Only '.' or '[' may follow ']' in format field specifier"));
                }
            } else {
                return Err(value_err("Only '.' or '[' may follow ']' in format field specifier"));
            }
        }
        Ok(obj)
    }

    fn positional(&self, i: usize) -> PyResult<ObjRef> {
        self.args.get(i).cloned().ok_or_else(|| {
            errors::set_string(
                exceptions::index_error(),
                &format!("Replacement index {i} out of range for positional args tuple"),
            )
        })
    }

    /// `build_string` / `output_markup`: the expansion of `s`.
    fn build(&mut self, s: &[u32], depth: i32, out: &mut Vec<u32>) -> PyResult<()> {
        if depth <= 0 {
            return Err(value_err("Max string recursion exceeded"));
        }
        let end = s.len();
        let mut pos = 0;
        while pos < end {
            // `MarkupIterator_next`: literal text first.
            let start = pos;
            let mut c = 0;
            let mut markup = false;
            while pos < end {
                c = s[pos];
                pos += 1;
                if c == u32::from(b'{') || c == u32::from(b'}') {
                    markup = true;
                    break;
                }
            }
            let at_end = pos >= end;
            let mut len = pos - start;
            if c == u32::from(b'}') && markup && (at_end || c != s[pos]) {
                return Err(value_err("Single '}' encountered in format string"));
            }
            if at_end && c == u32::from(b'{') && markup {
                return Err(value_err("Single '{' encountered in format string"));
            }
            if !at_end && markup {
                if c == s[pos] {
                    pos += 1;
                    markup = false;
                } else {
                    len -= 1;
                }
            }
            out.extend_from_slice(&s[start..start + len]);
            if !markup {
                continue;
            }
            // The field (`parse_field` of 3.14: name, conversion, spec).
            let (name, conversion, spec, expand) = parse_field(s, &mut pos)?;
            self.render(name, conversion, spec, expand, depth, out)?;
        }
        Ok(())
    }

    /// `output_markup`: looks the field up, converts and formats it.
    fn render(&mut self, name: &[u32], conversion: u32, spec: &[u32], expand: bool, depth: i32, out: &mut Vec<u32>) -> PyResult<()> {
        let obj = self.get_field(name)?;
        let obj = match conversion {
            0 => obj,
            0x72 => into_obj(object::repr(&obj)?),
            0x73 => into_obj(object::str(&obj)?),
            0x61 => crate::vm::eval::ascii(&obj)?,
            other => {
                return Err(value_err(&if other > 32 && other < 127 {
                    format!("Unknown conversion specifier {}", other as u8 as char)
                } else {
                    format!("Unknown conversion specifier \\x{other:x}")
                }));
            }
        };
        let expanded;
        let spec = if expand {
            let mut v = Vec::new();
            self.build(spec, depth - 1, &mut v)?;
            expanded = v;
            &expanded[..]
        } else {
            spec
        };
        let spec_obj = new_s(spec)?;
        let r = formatter_unicode::format(&obj, &spec_obj)?;
        let rs = downcast::<StrObject>(&r).ok_or_else(errors::bad_internal_call)?;
        out.extend(rs.data().iter());
        Ok(())
    }
}

/// `do_string_format`: `s.format(*args, **kwargs)` (or `format_map`
/// with `kwargs` the mapping).
pub fn do_string_format(s: &StrObject, args: &[ObjRef], kwargs: Option<&PyObject>) -> PyResult<ObjRef> {
    let mut f = Formatter { args, kwargs, auto: AutoNumber::default() };
    let mut out = Vec::with_capacity(s.len());
    f.build(&str_cps(s), 2, &mut out)?;
    new_s(&out)
}

// ---------------------------------------------------------------------
// %-formatting

const F_LJUST: u8 = 1;
const F_SIGN: u8 = 2;
const F_BLANK: u8 = 4;
const F_ALT: u8 = 8;
const F_ZERO: u8 = 16;

struct Args<'a> {
    items: &'a [ObjRef],
    single: Option<&'a PyObject>,
    /// `argidx` (for the single argument: -2 unused, -1 used).
    idx: isize,
    arglen: isize,
    dict: Option<&'a PyObject>,
}

impl Args<'_> {
    /// `unicode_format_getnextarg`.
    fn next(&mut self) -> PyResult<ObjRef> {
        if self.arglen >= 0 {
            if self.idx < self.arglen {
                self.idx += 1;
                return Ok(self.items[(self.idx - 1) as usize].clone());
            }
        } else if self.idx == -2 {
            self.idx = -1;
            if let Some(s) = self.single {
                return Ok(object::new_ref(s));
            }
        }
        Err(type_err("not enough arguments for format string"))
    }
}

/// `PyFloat_AsDouble` as `formatfloat` uses it.
fn as_double(v: &PyObject) -> PyResult<f64> {
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(f.value());
    }
    if let Some(i) = downcast::<IntObject>(v) {
        return longobject::to_f64(i);
    }
    if let Some(f) = type_of(v).slots.nb_float.get() {
        let r = f(v)?;
        if let Some(x) = downcast::<FloatObject>(&r) {
            return Ok(x.value());
        }
        return Err(type_err(&format!(
            "{}.__float__ returned non-float (type {})",
            type_of(v).name(),
            type_of(&r).name()
        )));
    }
    if type_of(v).slots.nb_index.get().is_some() {
        let i = abs::index(v)?;
        if let Some(i) = downcast::<IntObject>(&i) {
            return longobject::to_f64(i);
        }
    }
    Err(type_err(&format!("must be real number, not {}", type_of(v).name())))
}

/// `mainformatlong`: the integer for %d/%i/%u/%o/%x/%X.
fn format_long_arg(v: &PyObject, c: char) -> PyResult<ObjRef> {
    if downcast::<IntObject>(v).is_some() {
        return Ok(object::new_ref(v));
    }
    let slots = &type_of(v).slots;
    let numeric = slots.nb_index.get().is_some() || slots.nb_int.get().is_some() || slots.nb_float.get().is_some();
    if numeric {
        if slots.nb_index.get().is_some() {
            return abs::index(v);
        }
        if matches!(c, 'o' | 'x' | 'X') {
            return Err(type_err(&format!("%{c} format: an integer is required, not {}", type_of(v).name())));
        }
        if let Some(f) = downcast::<FloatObject>(v) {
            return floatobject::float_to_int(f.value());
        }
        if let Some(f) = slots.nb_int.get() {
            return f(v);
        }
    }
    Err(type_err(&match c {
        'o' | 'x' | 'X' => format!("%{c} format: an integer is required, not {}", type_of(v).name()),
        _ => format!("%{c} format: a real number is required, not {}", type_of(v).name()),
    }))
}

/// `PyUnicode_Format`: `fmt % args`.
pub fn percent_format(fmt: &StrObject, args: &PyObject) -> PyResult<ObjRef> {
    new_s(&percent_core(&str_cps(fmt), args, false)?)
}

/// `bytes % args` (`_PyBytes_FormatEx`): the same engine over bytes, with
/// `%b`/`%s` taking bytes-like objects, `%r`/`%a` the ASCII repr, `%c` a
/// byte.
pub fn bytes_mod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some(b) = downcast::<crate::objects::bytesobject::BytesObject>(v) else {
        return Ok(object::not_implemented());
    };
    let units: Vec<u32> = b.as_bytes().iter().map(|&x| u32::from(x)).collect();
    let out = percent_core(&units, w, true)?;
    let bytes: Vec<u8> = out.iter().map(|&c| c as u8).collect();
    crate::objects::bytesobject::from_bytes(&bytes).map(into_obj)
}

static BYTES_DUNDER: crate::objects::typeobject::slotdefs::StaticName =
    crate::objects::typeobject::slotdefs::StaticName::new("__bytes__");

/// The bytes of `%b` / `%s` in bytes formatting (`format_obj`).
fn bytes_operand(v: &PyObject) -> PyResult<Vec<u32>> {
    if let Some(b) = crate::objects::bytesobject::bytes_like(v) {
        return Ok(b.iter().map(|&x| u32::from(x)).collect());
    }
    if downcast::<StrObject>(v).is_none()
        && crate::objects::typeobject::slotdefs::lookup_maybe_method(v, BYTES_DUNDER.get()?)?.is_some()
    {
        let r = crate::objects::typeobject::slotdefs::call_method(v, &BYTES_DUNDER, &[])?;
        return match downcast::<crate::objects::bytesobject::BytesObject>(&r) {
            Some(b) => Ok(b.as_bytes().iter().map(|&x| u32::from(x)).collect()),
            None => Err(type_err(&format!("__bytes__ returned non-bytes (type {})", type_of(&r).name()))),
        };
    }
    Err(type_err(&format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        type_of(v).name()
    )))
}

/// The formatting loop of `PyUnicode_Format` / `_PyBytes_FormatEx` over
/// code units (`bytes_mode` for the latter).
fn percent_core(s: &[u32], args: &PyObject, bytes_mode: bool) -> PyResult<Vec<u32>> {
    let tuple = downcast::<TupleObject>(args);
    let mut a = match tuple {
        Some(t) => Args { items: t.as_slice(), single: None, idx: 0, arglen: t.len() as isize, dict: None },
        None => Args { items: &[], single: Some(args), idx: -2, arglen: -1, dict: None },
    };
    let is_text = downcast::<StrObject>(args).is_some() || (bytes_mode && crate::objects::bytesobject::bytes_like(args).is_some());
    if tuple.is_none() && !is_text && type_of(args).slots.mp_subscript.get().is_some() {
        a.dict = Some(args);
    }
    let mut out: Vec<u32> = Vec::with_capacity(s.len() + 16);
    let end = s.len();
    let mut pos = 0;
    while pos < end {
        if s[pos] != u32::from(b'%') {
            let start = pos;
            while pos < end && s[pos] != u32::from(b'%') {
                pos += 1;
            }
            out.extend_from_slice(&s[start..pos]);
            continue;
        }
        pos += 1;
        // `unicode_format_arg_parse`.
        let mut key_arg: Option<ObjRef> = None;
        if pos < end && s[pos] == u32::from(b'(') {
            let Some(d) = a.dict else { return Err(type_err("format requires a mapping")) };
            pos += 1;
            let kstart = pos;
            let mut depth = 1;
            while depth > 0 && pos < end {
                if s[pos] == u32::from(b')') {
                    depth -= 1;
                } else if s[pos] == u32::from(b'(') {
                    depth += 1;
                }
                pos += 1;
            }
            if depth > 0 {
                return Err(value_err("incomplete format key"));
            }
            let key = if bytes_mode {
                let raw: Vec<u8> = s[kstart..pos - 1].iter().map(|&c| c as u8).collect();
                into_obj(crate::objects::bytesobject::from_bytes(&raw)?)
            } else {
                new_s(&s[kstart..pos - 1])?
            };
            key_arg = Some(abs::get_item(d, &key)?);
            a.arglen = -1;
            a.idx = -2;
        }
        let mut flags = 0u8;
        while pos < end {
            match s[pos] {
                0x2d => flags |= F_LJUST,
                0x2b => flags |= F_SIGN,
                0x20 => flags |= F_BLANK,
                0x23 => flags |= F_ALT,
                0x30 => flags |= F_ZERO,
                _ => break,
            }
            pos += 1;
        }
        let mut width: isize = -1;
        if pos < end && s[pos] == u32::from(b'*') {
            pos += 1;
            let v = a.next()?;
            let Some(i) = downcast::<IntObject>(&v) else { return Err(type_err("* wants int")) };
            let Some(w) = i.as_i64().and_then(|x| isize::try_from(x).ok()) else {
                return Err(errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C ssize_t"));
            };
            width = if w < 0 {
                flags |= F_LJUST;
                -w
            } else {
                w
            };
        } else if pos < end && is_digit(s[pos]) {
            let mut w: isize = 0;
            while pos < end && is_digit(s[pos]) {
                let d = (s[pos] - u32::from(b'0')) as isize;
                if w > (isize::MAX - d) / 10 {
                    return Err(value_err("width too big"));
                }
                w = w * 10 + d;
                pos += 1;
            }
            width = w;
        }
        let mut prec: isize = -1;
        if pos < end && s[pos] == u32::from(b'.') {
            pos += 1;
            prec = 0;
            if pos < end && s[pos] == u32::from(b'*') {
                pos += 1;
                let v = a.next()?;
                let Some(i) = downcast::<IntObject>(&v) else { return Err(type_err("* wants int")) };
                prec = i.as_i64().and_then(|x| isize::try_from(x).ok()).unwrap_or(0).max(0);
            } else {
                while pos < end && is_digit(s[pos]) {
                    let d = (s[pos] - u32::from(b'0')) as isize;
                    if prec > (i32::MAX as isize - d) / 10 {
                        return Err(value_err("precision too big"));
                    }
                    prec = prec * 10 + d;
                    pos += 1;
                }
            }
        }
        if pos >= end {
            return Err(value_err("incomplete format"));
        }
        let c = s[pos];
        pos += 1;
        if c == u32::from(b'%') {
            out.push(c);
            continue;
        }
        let v = match key_arg.take() {
            Some(v) => v,
            None => a.next()?,
        };
        let ch = char::from_u32(c).unwrap_or('\0');
        // `unicode_format_arg_format` then `_output`.
        let (sign, prefix, body, numeric): (Option<char>, &str, Vec<u32>, bool) = match ch {
            's' | 'b' if bytes_mode => {
                let mut body = bytes_operand(&v)?;
                if prec >= 0 && (prec as usize) < body.len() {
                    body.truncate(prec as usize);
                }
                (None, "", body, false)
            }
            'r' | 'a' if bytes_mode => {
                let t = crate::vm::eval::ascii(&v)?;
                let mut body = str_cps(downcast::<StrObject>(&t).ok_or_else(errors::bad_internal_call)?);
                if prec >= 0 && (prec as usize) < body.len() {
                    body.truncate(prec as usize);
                }
                (None, "", body, false)
            }
            'c' if bytes_mode => {
                let byte = if let Some(b) = crate::objects::bytesobject::bytes_like(&v) {
                    if b.len() != 1 {
                        return Err(type_err(&format!(
                            "%c requires an integer in range(256) or a single byte, not a bytes object of length {}",
                            b.len()
                        )));
                    }
                    u32::from(b[0])
                } else if downcast::<IntObject>(&v).is_some() || type_of(&v).slots.nb_index.get().is_some() {
                    let idx = abs::index(&v)?;
                    let i = downcast::<IntObject>(&idx).ok_or_else(errors::bad_internal_call)?;
                    match i.as_i64() {
                        Some(x) if (0..256).contains(&x) => x as u32,
                        _ => return Err(errors::set_string(exceptions::overflow_error(), "%c arg not in range(256)")),
                    }
                } else {
                    return Err(type_err(&format!(
                        "%c requires an integer in range(256) or a single byte, not {}",
                        type_of(&v).name()
                    )));
                };
                (None, "", vec![byte], false)
            }
            's' | 'r' | 'a' => {
                let t = match ch {
                    's' => into_obj(object::str(&v)?),
                    'r' => into_obj(object::repr(&v)?),
                    _ => crate::vm::eval::ascii(&v)?,
                };
                let mut body = str_cps(downcast::<StrObject>(&t).ok_or_else(errors::bad_internal_call)?);
                if prec >= 0 && (prec as usize) < body.len() {
                    body.truncate(prec as usize);
                }
                (None, "", body, false)
            }
            'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
                let n = format_long_arg(&v, ch)?;
                let i = downcast::<IntObject>(&n).ok_or_else(errors::bad_internal_call)?;
                let big = i.to_bigint();
                let radix = match ch {
                    'o' => 8,
                    'x' | 'X' => 16,
                    _ => 10,
                };
                let mut text = big.magnitude().to_str_radix(radix);
                if ch == 'X' {
                    text = text.to_ascii_uppercase();
                }
                let mut body: Vec<u32> = text.bytes().map(u32::from).collect();
                if prec > body.len() as isize {
                    let mut z = Vec::new();
                    reserve(&mut z, prec as usize)?;
                    z.resize(prec as usize - body.len(), u32::from(b'0'));
                    z.extend_from_slice(&body);
                    body = z;
                }
                let prefix = if flags & F_ALT != 0 {
                    match ch {
                        'o' => "0o",
                        'x' => "0x",
                        'X' => "0X",
                        _ => "",
                    }
                } else {
                    ""
                };
                let sign = if big.sign() == num_bigint::Sign::Minus {
                    Some('-')
                } else if flags & F_SIGN != 0 {
                    Some('+')
                } else if flags & F_BLANK != 0 {
                    Some(' ')
                } else {
                    None
                };
                (sign, prefix, body, true)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = as_double(&v)?;
                let p = if prec < 0 { 6 } else { prec as usize };
                formatter_unicode::check_float_room(p)?;
                let text = double_to_string(x, ch as u8, p, false, flags & F_ALT != 0, false);
                let (neg, t) = match text.strip_prefix('-') {
                    Some(t) => (true, t.to_string()),
                    None => (false, text),
                };
                let sign = if neg {
                    Some('-')
                } else if flags & F_SIGN != 0 {
                    Some('+')
                } else if flags & F_BLANK != 0 {
                    Some(' ')
                } else {
                    None
                };
                (sign, "", t.bytes().map(u32::from).collect(), true)
            }
            'c' => {
                let cp = if let Some(t) = downcast::<StrObject>(&v) {
                    if t.len() != 1 {
                        return Err(type_err(&format!(
                            "%c requires an int or a unicode character, not a string of length {}",
                            t.len()
                        )));
                    }
                    t.data().get(0)
                } else {
                    let idx = if downcast::<IntObject>(&v).is_some() || type_of(&v).slots.nb_index.get().is_some() {
                        abs::index(&v)?
                    } else {
                        return Err(type_err(&format!(
                            "%c requires an int or a unicode character, not {}",
                            type_of(&v).name()
                        )));
                    };
                    let i = downcast::<IntObject>(&idx).ok_or_else(errors::bad_internal_call)?;
                    match i.as_i64() {
                        Some(x) if (0..0x110000).contains(&x) => x as u32,
                        _ => return Err(errors::set_string(exceptions::overflow_error(), "%c arg not in range(0x110000)")),
                    }
                };
                (None, "", vec![cp], false)
            }
            _ => {
                let shown = if c > 32 && c < 127 { ch } else { '?' };
                return Err(value_err(&format!(
                    "unsupported format character '{shown}' (0x{c:x}) at index {}",
                    pos - 1
                )));
            }
        };
        let len = body.len() + prefix.len() + usize::from(sign.is_some());
        let pad = if width > len as isize { width as usize - len } else { 0 };
        reserve(&mut out, total_len(&[pad, len])?)?;
        let zero = numeric && flags & F_ZERO != 0 && flags & F_LJUST == 0;
        if flags & F_LJUST == 0 && !zero {
            out.resize(out.len() + pad, 0x20);
        }
        if let Some(sc) = sign {
            out.push(u32::from(sc));
        }
        out.extend(prefix.bytes().map(u32::from));
        if zero {
            out.resize(out.len() + pad, u32::from(b'0'));
        }
        out.extend_from_slice(&body);
        if flags & F_LJUST != 0 {
            out.resize(out.len() + pad, 0x20);
        }
    }
    if a.idx < a.arglen && a.dict.is_none() {
        return Err(type_err("not all arguments converted during string formatting"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{tupleobject, unicodeobject};
    use crate::state;

    fn s(t: &str) -> ObjRef {
        into_obj(unicodeobject::from_str(t).unwrap())
    }

    fn text(r: PyResult<ObjRef>) -> String {
        match r {
            Ok(v) => downcast::<StrObject>(&v).unwrap().to_string_lossy(),
            Err(_) => errors::take_message().unwrap(),
        }
    }

    fn pct(f: &str, args: &[&PyObject]) -> String {
        let t = into_obj(tupleobject::from_slice(args).unwrap());
        text(percent_format(downcast::<StrObject>(&s(f)).unwrap(), &t))
    }

    fn fmt(f: &str, args: &[ObjRef]) -> String {
        text(do_string_format(downcast::<StrObject>(&s(f)).unwrap(), args, None))
    }

    #[test]
    fn percent() {
        state::ensure();
        let i = |x: i64| longobject::from_i64(x).unwrap();
        let f = |x: f64| floatobject::from_f64(x).unwrap();
        assert_eq!(pct("%5d|%-5d|%05d", &[&i(42), &i(42), &i(-42)]), "   42|42   |-0042");
        assert_eq!(pct("%#x %#o %X %+d", &[&i(255), &i(8), &i(255), &i(3)]), "0xff 0o10 FF +3");
        assert_eq!(pct("%.2f %e %g %%", &[&f(3.14159), &f(12345.678), &f(0.0001)]), "3.14 1.234568e+04 0.0001 %");
        assert_eq!(pct("%s %r %c", &[&s("a"), &s("b"), &i(65)]), "a 'b' A");
        assert_eq!(pct("%*d|%.3s", &[&i(4), &i(7), &s("abcdef")]), "   7|abc");
        assert_eq!(pct("%s %s", &[&i(1)]), "TypeError: not enough arguments for format string");
        assert_eq!(pct("%s", &[&i(1), &i(2)]), "TypeError: not all arguments converted during string formatting");
        assert_eq!(pct("%z", &[&i(1)]), "ValueError: unsupported format character 'z' (0x7a) at index 1");
        assert_eq!(pct("%x", &[&f(1.5)]), "TypeError: %x format: an integer is required, not float");
        assert_eq!(pct("%d", &[&f(1.5)]), "1");
    }

    #[test]
    fn bytes_percent() {
        state::ensure();
        let f = into_obj(crate::objects::bytesobject::from_bytes(b"%s-%03d-%x|%c").unwrap());
        let ab = into_obj(crate::objects::bytesobject::from_bytes(b"ab").unwrap());
        let (five, ff, c) = (longobject::from_i64(5).unwrap(), longobject::from_i64(255).unwrap(), longobject::from_i64(65).unwrap());
        let t = into_obj(tupleobject::from_slice(&[&ab, &five, &ff, &c]).unwrap());
        let r = bytes_mod(&f, &t).unwrap();
        assert_eq!(downcast::<crate::objects::bytesobject::BytesObject>(&r).unwrap().as_bytes(), b"ab-005-ff|A");
        let bad = into_obj(crate::objects::bytesobject::from_bytes(b"%s").unwrap());
        assert!(bytes_mod(&bad, &five).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'int'"
        );
    }

    #[test]
    fn format_method() {
        state::ensure();
        let i = |x: i64| longobject::from_i64(x).unwrap();
        assert_eq!(fmt("{} {}!", &[s("a"), i(1)]), "a 1!");
        assert_eq!(fmt("{1}{0}{{}}", &[s("a"), s("b")]), "ba{}");
        assert_eq!(fmt("{0!r:>5}", &[s("a")]), "  'a'");
        assert_eq!(fmt("{0:{1}}", &[i(7), s("03")]), "007");
        assert_eq!(fmt("{}", &[]), "IndexError: Replacement index 0 out of range for positional args tuple");
        assert_eq!(fmt("{0}{}", &[i(1), i(2)]), "ValueError: cannot switch from manual field specification to automatic field numbering");
        assert_eq!(fmt("{", &[]), "ValueError: Single '{' encountered in format string");
        assert_eq!(fmt("}", &[]), "ValueError: Single '}' encountered in format string");
        assert_eq!(fmt("{0!x}", &[i(1)]), "ValueError: Unknown conversion specifier x");
    }
}
