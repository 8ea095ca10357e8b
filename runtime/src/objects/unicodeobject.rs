//! `str`, ported from Objects/unicodeobject.c and the PEP 393 layout of
//! Include/cpython/unicodeobject.h (`PyASCIIObject` /
//! `PyCompactUnicodeObject` with inline data of 1, 2 or 4 bytes per code
//! point, `unicode_hash`, `unicode_repr`, `PyUnicode_Concat`,
//! `unicode_compare`, `unicode_getitem`, `PyUnicode_InternInPlace`,
//! `get_latin1_char`).

use core::ptr::NonNull;
use std::sync::atomic::{AtomicIsize, AtomicPtr, AtomicU8, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::longobject::IntObject;
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::dictobject::DictObject;
use crate::objects::tupleobject::TupleObject;
use crate::objects::{boolobject, exceptions, unicode_methods};
use crate::state;

/// `SSTATE_NOT_INTERNED`.
const SSTATE_NOT_INTERNED: u8 = 0;
/// `SSTATE_INTERNED_IMMORTAL`.
const SSTATE_INTERNED_IMMORTAL: u8 = 2;

/// A `str` (`PyASCIIObject` / `PyCompactUnicodeObject` in compact form):
/// the code points follow the struct inline, `kind` bytes each, narrowest
/// kind that fits (so equal strings have equal bytes), NUL-terminated.
#[repr(C)]
pub struct StrObject {
    ob_base: ObjectHeader,
    /// Number of code points (`length`).
    length: isize,
    /// Cached hash, -1 until computed (`hash`).
    hash: AtomicIsize,
    /// `state.interned`.
    interned: AtomicU8,
    /// `state.kind`: 1, 2 or 4.
    kind: u8,
    /// `state.ascii`: all code points < 128.
    ascii: bool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for StrObject {}

impl PyClass for StrObject {
    fn type_object() -> &'static TypeObject {
        &STR_TYPE
    }
}

/// The code points of a string, by kind (`PyUnicode_DATA` viewed through
/// `PyUnicode_1BYTE_DATA` / `2BYTE` / `4BYTE`).
#[derive(Clone, Copy)]
pub enum StrData<'a> {
    /// Latin-1 (kind 1).
    Ucs1(&'a [u8]),
    /// BMP (kind 2).
    Ucs2(&'a [u16]),
    /// Full range, including lone surrogates (kind 4).
    Ucs4(&'a [u32]),
}

impl StrData<'_> {
    /// Code point `i`.
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            StrData::Ucs1(d) => u32::from(d[i]),
            StrData::Ucs2(d) => u32::from(d[i]),
            StrData::Ucs4(d) => d[i],
        }
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        match self {
            StrData::Ucs1(d) => d.len(),
            StrData::Ucs2(d) => d.len(),
            StrData::Ucs4(d) => d.len(),
        }
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The code points in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl StrObject {
    /// Number of code points (`PyUnicode_GET_LENGTH`).
    #[inline]
    pub fn len(&self) -> usize {
        self.length as usize
    }

    /// Is it `''`?
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// Bytes per code point (`PyUnicode_KIND`).
    #[inline]
    pub fn kind(&self) -> u8 {
        self.kind
    }

    /// `PyUnicode_IS_ASCII`.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    fn data_ptr(&self) -> *const u8 {
        // An exact str keeps its data right after the struct; an instance
        // of a subclass after the class's slots (its `tp_basicsize`).
        let off = object::type_of(object::as_obj(self)).tp_basicsize;
        // SAFETY: the data follows the struct (and a subclass's slots) in
        // the same allocation.
        unsafe { core::ptr::from_ref(self).cast::<u8>().add(off) }
    }

    /// The raw data bytes (`kind * len` of them).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the allocation holds len code points of `kind` bytes
        // after the struct, initialized at creation and never changed.
        unsafe { core::slice::from_raw_parts(self.data_ptr(), self.len() * usize::from(self.kind)) }
    }

    /// The code points (`PyUnicode_DATA` by kind).
    pub fn data(&self) -> StrData<'_> {
        let n = self.len();
        let p = self.data_ptr();
        match self.kind {
            // SAFETY: as in `bytes`: n code points of one byte follow.
            1 => StrData::Ucs1(unsafe { core::slice::from_raw_parts(p, n) }),
            // SAFETY: as in `bytes`; the data offset is a multiple of 8, so
            // aligned for u16.
            2 => StrData::Ucs2(unsafe { core::slice::from_raw_parts(p.cast::<u16>(), n) }),
            // SAFETY: as in `bytes`; aligned for u32 likewise.
            _ => StrData::Ucs4(unsafe { core::slice::from_raw_parts(p.cast::<u32>(), n) }),
        }
    }

    /// The text, with lone surrogates replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        if self.ascii {
            // ASCII bytes are valid UTF-8.
            return String::from_utf8_lossy(self.bytes()).into_owned();
        }
        self.data().iter().map(|c| char::from_u32(c).unwrap_or('\u{FFFD}')).collect()
    }

    /// `unicode_hash`: SipHash-1-3 of the data bytes under the
    /// interpreter's key, cached.
    pub fn hash(&self) -> isize {
        let h = self.hash.load(Ordering::Relaxed);
        if h != -1 {
            return h;
        }
        let h = state::interp().hash_secret().hash_bytes(self.bytes());
        self.hash.store(h, Ordering::Relaxed);
        h
    }

    /// `unicode_eq`: same code points.
    pub fn eq_str(&self, other: &StrObject) -> bool {
        core::ptr::eq(self, other)
            || (self.length == other.length && self.kind == other.kind && self.bytes() == other.bytes())
    }

    /// `unicode_compare`: code-point order.
    pub fn compare(&self, other: &StrObject) -> core::cmp::Ordering {
        match (self.data(), other.data()) {
            (StrData::Ucs1(a), StrData::Ucs1(b)) => a.cmp(b),
            (StrData::Ucs2(a), StrData::Ucs2(b)) => a.cmp(b),
            (StrData::Ucs4(a), StrData::Ucs4(b)) => a.cmp(b),
            (a, b) => a.iter().cmp(b.iter()),
        }
    }

    /// Is the string interned?
    pub fn is_interned(&self) -> bool {
        self.interned.load(Ordering::Acquire) != SSTATE_NOT_INTERNED
    }

    /// Marks the string interned and immortal (under the intern table's
    /// lock, `_PyUnicode_InternImmortal`).
    pub(crate) fn make_interned(&self) {
        self.hash();
        object::as_obj(self).set_immortal();
        self.interned.store(SSTATE_INTERNED_IMMORTAL, Ordering::Release);
    }
}

/// Allocates a string of `len` code points of `kind` bytes and lets
/// `fill` write the data (`PyUnicode_New`).
fn new_str(len: usize, kind: u8, ascii: bool, fill: impl FnOnce(&mut [u8])) -> PyResult<PyRef<StrObject>> {
    let nbytes = len
        .checked_add(1)
        .and_then(|n| n.checked_mul(usize::from(kind)))
        .and_then(|n| n.checked_add(size_of::<StrObject>()))
        .filter(|&n| n <= isize::MAX as usize);
    let Some(size) = nbytes else { return Err(errors::no_memory()) };
    let p = object::alloc_raw(size)?;
    let s = StrObject {
        ob_base: ObjectHeader::new(&STR_TYPE.head),
        length: len as isize,
        hash: AtomicIsize::new(-1),
        interned: AtomicU8::new(SSTATE_NOT_INTERNED),
        kind,
        ascii,
    };
    // SAFETY: p is a fresh allocation of `size` bytes: the struct, then
    // (len + 1) * kind data bytes, written here before anyone reads them.
    unsafe {
        p.cast::<StrObject>().as_ptr().write(s);
        let data = core::slice::from_raw_parts_mut(p.as_ptr().add(size_of::<StrObject>()), (len + 1) * usize::from(kind));
        data.fill(0);
        fill(&mut data[..len * usize::from(kind)]);
    }
    // SAFETY: fully initialized, refcount one.
    Ok(unsafe { PyRef::from_raw(p.cast()) })
}

/// `str`'s deallocator: nothing owned but the memory.
unsafe fn str_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: tp_dealloc contract.
    unsafe { object::free_object(op) };
}

/// A `str` from code points (`PyUnicode_FromKindAndData` with the widest
/// kind); lone surrogates are kept.
pub fn from_code_points(cps: &[u32]) -> PyResult<PyRef<StrObject>> {
    let max = cps.iter().copied().max().unwrap_or(0);
    if max > 0x10FFFF {
        return Err(errors::set_string(exceptions::value_error(), "character U+110000 is not in range [U+0000; U+10ffff]"));
    }
    let kind: u8 = if max < 0x100 {
        1
    } else if max < 0x10000 {
        2
    } else {
        4
    };
    new_str(cps.len(), kind, max < 0x80, |data| match kind {
        1 => {
            for (d, &c) in data.iter_mut().zip(cps) {
                *d = c as u8;
            }
        }
        2 => {
            for (d, &c) in data.chunks_exact_mut(2).zip(cps) {
                d.copy_from_slice(&(c as u16).to_ne_bytes());
            }
        }
        _ => {
            for (d, &c) in data.chunks_exact_mut(4).zip(cps) {
                d.copy_from_slice(&c.to_ne_bytes());
            }
        }
    })
}

/// A `str` from Latin-1 code points (`PyUnicode_FromKindAndData` with
/// `PyUnicode_1BYTE_KIND`).
pub fn from_latin1(d: &[u8]) -> PyResult<PyRef<StrObject>> {
    new_str(d.len(), 1, d.is_ascii(), |out| out.copy_from_slice(d))
}

/// A `str` from UCS-2 code points (`PyUnicode_FromKindAndData` with
/// `PyUnicode_2BYTE_KIND`), narrowed to Latin-1 when it fits.
pub fn from_ucs2(d: &[u16]) -> PyResult<PyRef<StrObject>> {
    let max = d.iter().copied().max().unwrap_or(0);
    if max < 0x100 {
        return new_str(d.len(), 1, max < 0x80, |out| {
            for (o, &c) in out.iter_mut().zip(d) {
                *o = c as u8;
            }
        });
    }
    new_str(d.len(), 2, false, |out| {
        for (o, &c) in out.chunks_exact_mut(2).zip(d) {
            o.copy_from_slice(&c.to_ne_bytes());
        }
    })
}

/// `PyUnicode_Substring`: code points `start..end` of the str `v` (clamped)
/// in the narrowest kind; `v` itself for all of an exact str.
pub fn substring(v: &PyObject, start: usize, end: usize) -> PyResult<ObjRef> {
    let s = as_str(v)?;
    let end = end.min(s.len());
    let start = start.min(end);
    if start == 0 && end == s.len() && object::is_type(v, &STR_TYPE) {
        return Ok(object::new_ref(v));
    }
    let data = s.data();
    let max = (start..end).map(|i| data.get(i)).max().unwrap_or(0);
    let kind: u8 = if max < 0x100 {
        1
    } else if max < 0x10000 {
        2
    } else {
        4
    };
    new_str(end - start, kind, max < 0x80, |out| {
        for (k, i) in (start..end).enumerate() {
            let c = data.get(i);
            match kind {
                1 => out[k] = c as u8,
                2 => out[2 * k..2 * k + 2].copy_from_slice(&(c as u16).to_ne_bytes()),
                _ => out[4 * k..4 * k + 4].copy_from_slice(&c.to_ne_bytes()),
            }
        }
    })
    .map(into_obj)
}

/// A `str` from UTF-8 text (`PyUnicode_FromStringAndSize`).
pub fn from_str(s: &str) -> PyResult<PyRef<StrObject>> {
    if s.is_ascii() {
        return new_str(s.len(), 1, true, |d| d.copy_from_slice(s.as_bytes()));
    }
    let cps: Vec<u32> = s.chars().map(u32::from).collect();
    from_code_points(&cps)
}

/// A `str` from an owned `String`.
pub fn from_string(s: String) -> PyResult<PyRef<StrObject>> {
    from_str(&s)
}

/// Interned ASCII strings by a hash of their text: lets [`intern_str`]
/// find a name interned before with no allocation and no lock (the names
/// the runtime looks up by text, from every thread). Entries are only
/// ever interned, hence immortal, strings; a collision just overwrites.
static INTERN_CACHE: [AtomicPtr<StrObject>; 1024] = [const { AtomicPtr::new(core::ptr::null_mut()) }; 1024];

/// FNV-1a of `s`, reduced to an [`INTERN_CACHE`] index.
fn intern_cache_index(s: &str) -> usize {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    (h ^ (h >> 32)) as usize % INTERN_CACHE.len()
}

/// An interned `str` (`PyUnicode_InternFromString`): immortal and unique
/// per value.
pub fn intern_str(s: &str) -> PyResult<ObjRef> {
    if !s.is_ascii() {
        return Ok(intern(from_str(s)?));
    }
    let slot = &INTERN_CACHE[intern_cache_index(s)];
    let cached = slot.load(Ordering::Acquire);
    if !cached.is_null() {
        // SAFETY: the cache holds only interned strings, which are
        // immortal.
        let c = unsafe { &*cached };
        if c.is_ascii() && c.bytes() == s.as_bytes() {
            return Ok(object::new_ref(c));
        }
    }
    let r = intern(from_str(s)?);
    if let Some(canonical) = downcast::<StrObject>(&r) {
        slot.store(core::ptr::from_ref(canonical).cast_mut(), Ordering::Release);
    }
    Ok(r)
}

/// `PyUnicode_InternInPlace` for an exact `str`: the canonical immortal
/// string equal to `s`.
pub fn intern(s: PyRef<StrObject>) -> ObjRef {
    if s.is_interned() {
        return into_obj(s);
    }
    let canonical = state::interp().intern(&s);
    // SAFETY: interned strings are immortal, so a "new reference" needs
    // no count; `s` (if not the canonical one) is released on drop.
    unsafe { PyRef::from_raw(canonical.cast::<PyObject>()) }
}

/// A static text as an interned `str` object (`&_Py_STR(...)`).
pub fn from_static(s: &'static str) -> PyResult<ObjRef> {
    intern_str(s)
}

static LATIN1: [AtomicPtr<StrObject>; 256] = [const { AtomicPtr::new(core::ptr::null_mut()) }; 256];

/// `get_latin1_char`: the immortal one-character string for `c < 256`.
fn latin1_char(c: u8) -> PyResult<ObjRef> {
    let cached = LATIN1[usize::from(c)].load(Ordering::Acquire);
    if let Some(p) = NonNull::new(cached) {
        // SAFETY: cached entries are immortal interned strings.
        return Ok(unsafe { PyRef::from_raw(p.cast()) });
    }
    let s = intern(from_code_points(&[u32::from(c)])?);
    LATIN1[usize::from(c)].store(s.as_ptr().as_ptr().cast(), Ordering::Release);
    Ok(s)
}

/// A one-character string (`unicode_char`).
pub fn from_char(c: u32) -> PyResult<ObjRef> {
    if c < 256 {
        return latin1_char(c as u8);
    }
    from_code_points(&[c]).map(into_obj)
}

/// `Py_UNICODE_ISPRINTABLE`.
fn is_printable(c: u32) -> bool {
    crate::unicode::ctype::is_printable(c)
}

/// `unicode_repr`: quoted with `'` unless the text has `'` and no `"`;
/// escapes backslash, the quote, `\t\n\r` and non-printable characters.
pub fn repr_string(s: &StrObject) -> String {
    let data = s.data();
    let has_single = data.iter().any(|c| c == u32::from(b'\''));
    let has_double = data.iter().any(|c| c == u32::from(b'"'));
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in data.iter() {
        match c {
            0x5c => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            _ if c == u32::from(quote) => {
                out.push('\\');
                out.push(quote);
            }
            0x20..0x7f => out.push(c as u8 as char),
            _ if !is_printable(c) => {
                if c <= 0xff {
                    out.push_str(&format!("\\x{c:02x}"));
                } else if c <= 0xffff {
                    out.push_str(&format!("\\u{c:04x}"));
                } else {
                    out.push_str(&format!("\\U{c:08x}"));
                }
            }
            _ => out.push(char::from_u32(c).unwrap_or('\u{FFFD}')),
        }
    }
    out.push(quote);
    out
}

fn as_str(v: &PyObject) -> PyResult<&StrObject> {
    downcast::<StrObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `unicode_repr`.
fn str_repr(v: &PyObject) -> PyResult<ObjRef> {
    from_string(repr_string(as_str(v)?)).map(into_obj)
}

/// `unicode_hash`.
fn str_hash(v: &PyObject) -> PyResult<isize> {
    Ok(as_str(v)?.hash())
}

/// `PyUnicode_RichCompare`.
fn str_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<StrObject>(v), downcast::<StrObject>(w)) else {
        return Ok(object::not_implemented());
    };
    let res = match op {
        CompareOp::Eq => a.eq_str(b),
        CompareOp::Ne => !a.eq_str(b),
        _ => op.test(a.compare(b), core::cmp::Ordering::Equal),
    };
    Ok(boolobject::from_bool(res))
}

/// `PyUnicode_Concat`.
pub fn concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let a = as_str(v)?;
    let Some(b) = downcast::<StrObject>(w) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can only concatenate str (not \"{}\") to str", type_of(w).name()),
        ));
    };
    if b.is_empty() {
        return Ok(object::new_ref(a));
    }
    if a.is_empty() {
        return Ok(object::new_ref(b));
    }
    if a.kind == b.kind {
        let (ab, bb) = (a.bytes(), b.bytes());
        return new_str(a.len() + b.len(), a.kind, a.ascii && b.ascii, |d| {
            d[..ab.len()].copy_from_slice(ab);
            d[ab.len()..].copy_from_slice(bb);
        })
        .map(into_obj);
    }
    let cps: Vec<u32> = a.data().iter().chain(b.data().iter()).collect();
    from_code_points(&cps).map(into_obj)
}

/// `_PyUnicode_JoinArray`: the strings of `items` with `sep` (if any)
/// between them, written once into a result of the widest kind among them (so no
/// code point buffer and no regrowth).
pub fn join_array<'a>(sep: Option<&StrObject>, items: impl Iterator<Item = &'a StrObject> + Clone) -> PyResult<PyRef<StrObject>> {
    let too_long = || errors::set_string(exceptions::overflow_error(), "join() result is too long for a Python string");
    let (mut len, mut kind, mut ascii, mut count) = (0usize, 1u8, true, 0usize);
    for s in items.clone() {
        len = len.checked_add(s.len()).ok_or_else(too_long)?;
        kind = kind.max(s.kind);
        ascii &= s.ascii;
        count += 1;
    }
    let sep = sep.filter(|s| count > 1 && !s.is_empty());
    if let Some(sep) = sep {
        let seps = sep.len().checked_mul(count - 1).ok_or_else(too_long)?;
        len = len.checked_add(seps).filter(|&n| n <= isize::MAX as usize).ok_or_else(too_long)?;
        kind = kind.max(sep.kind);
        ascii &= sep.ascii;
    }
    new_str(len, kind, ascii, |out| {
        let mut at = 0;
        for (i, s) in items.enumerate() {
            if let Some(sep) = sep.filter(|_| i > 0) {
                at = copy_characters(out, kind, at, sep);
            }
            at = copy_characters(out, kind, at, s);
        }
    })
}

/// `_PyUnicode_FastCopyCharacters`: writes the code points of `s` into
/// `out`, string data of `kind` bytes per code point (at least `s`'s), from
/// code point `at` on; returns where they end.
fn copy_characters(out: &mut [u8], kind: u8, at: usize, s: &StrObject) -> usize {
    let k = usize::from(kind);
    let end = at + s.len();
    let dst = &mut out[at * k..end * k];
    if s.kind == kind {
        dst.copy_from_slice(s.bytes());
        return end;
    }
    let data = s.data();
    match kind {
        2 => {
            for (d, c) in dst.chunks_exact_mut(2).zip(data.iter()) {
                d.copy_from_slice(&(c as u16).to_ne_bytes());
            }
        }
        _ => {
            for (d, c) in dst.chunks_exact_mut(4).zip(data.iter()) {
                d.copy_from_slice(&c.to_ne_bytes());
            }
        }
    }
    end
}

/// `unicode_length`.
fn str_length(v: &PyObject) -> PyResult<isize> {
    Ok(as_str(v)?.length)
}

/// `unicode_getitem`.
fn str_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    let s = as_str(v)?;
    if i < 0 || i >= s.length {
        return Err(errors::set_string(exceptions::index_error(), "string index out of range"));
    }
    from_char(s.data().get(i as usize))
}

/// `unicode_subscript`: a character, or a substring for a slice (the
/// string itself for a full forward slice of an exact str).
fn str_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let s = as_str(v)?;
    if let Some(sl) = downcast::<crate::objects::sliceobject::SliceObject>(key) {
        let (start, _, step, n) = sl.indices_for(s.length)?;
        if start == 0 && step == 1 && n == s.length && object::is_type(v, &STR_TYPE) {
            return Ok(object::new_ref(v));
        }
        let data = s.data();
        let cps: Vec<u32> = crate::objects::sliceobject::positions(start, step, n).map(|i| data.get(i)).collect();
        return from_code_points(&cps).map(into_obj);
    }
    if downcast::<IntObject>(key).is_none() && type_of(key).slots.nb_index.get().is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("string indices must be integers, not '{}'", type_of(key).name()),
        ));
    }
    let mut i = crate::objects::r#abstract::as_ssize(key, Some(exceptions::index_error()))?;
    if i < 0 {
        i += s.length;
    }
    str_item(v, i)
}

/// `PyUnicode_Contains`: substring test.
fn str_contains(v: &PyObject, w: &PyObject) -> PyResult<bool> {
    let s = as_str(v)?;
    let Some(sub) = downcast::<StrObject>(w) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'in <string>' requires string as left operand, not {}", type_of(w).name()),
        ));
    };
    if sub.is_empty() {
        return Ok(true);
    }
    Ok(unicode_methods::find_str(s, sub).is_some())
}

/// `unicode_str`: an exact str is returned as is, a subclass instance
/// as an exact copy.
fn str_str(v: &PyObject) -> PyResult<ObjRef> {
    unicode_methods::unchanged(v)
}

/// `unicode_repeat`.
fn str_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let s = as_str(v)?;
    if n <= 0 {
        return from_static("");
    }
    if n == 1 {
        return unicode_methods::unchanged(v);
    }
    // More code points than an index holds is an OverflowError; more
    // bytes than can be allocated a MemoryError (`PyUnicode_New`).
    let Some(total) = s.len().checked_mul(n as usize).filter(|&t| t <= isize::MAX as usize) else {
        return Err(errors::set_string(exceptions::overflow_error(), "repeated string is too long"));
    };
    let src = s.bytes();
    new_str(total, s.kind, s.ascii, |d| {
        for chunk in d.chunks_exact_mut(src.len().max(1)) {
            chunk.copy_from_slice(src);
        }
    })
    .map(into_obj)
}

/// `unicode_mod`: `format % args`.
fn str_mod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    match downcast::<StrObject>(v) {
        Some(s) => crate::objects::unicode_format::percent_format(s, w),
        None => Ok(object::not_implemented()),
    }
}

/// An instance of the str subclass `ty` with the code points of `s`
/// (`unicode_subtype_new`). CPython keeps a subclass instance's
/// characters in a separate block so that `str` has no item size and its
/// subclasses may add `__slots__`; here they follow the class's layout
/// (its `tp_basicsize`, slots included) in the same allocation, which
/// `data_ptr` finds the same way.
fn new_subtype(ty: &TypeObject, s: &StrObject) -> PyResult<ObjRef> {
    let kind = usize::from(s.kind);
    let Some(size) = s
        .len()
        .checked_add(1)
        .and_then(|n| n.checked_mul(kind))
        .and_then(|n| n.checked_add(ty.tp_basicsize))
        .filter(|&n| n <= isize::MAX as usize)
    else {
        return Err(errors::no_memory());
    };
    let p = object::alloc_instance(ty, size, true)?;
    if ty.has_feature(flags::HEAPTYPE) {
        // The instance owns a reference to its class.
        core::mem::forget(object::new_ref(ty));
    }
    let obj = StrObject {
        ob_base: ObjectHeader::new(&ty.head),
        length: s.length,
        hash: AtomicIsize::new(-1),
        interned: AtomicU8::new(SSTATE_NOT_INTERNED),
        kind: s.kind,
        ascii: s.ascii,
    };
    let src = s.bytes();
    // SAFETY: a fresh zeroed allocation of `size` bytes: the struct, the
    // class's slots (left null), then the data and its terminator.
    unsafe {
        p.cast::<StrObject>().as_ptr().write(obj);
        core::ptr::copy_nonoverlapping(src.as_ptr(), p.as_ptr().add(ty.tp_basicsize), src.len());
    }
    // SAFETY: initialized, one reference.
    let r = unsafe { PyRef::<PyObject>::from_raw(p.cast()) };
    // SAFETY: allocated by alloc_instance for `ty`; the collector visits
    // the class's slots (`subtype_traverse`).
    unsafe { object::track_new(&r) };
    Ok(r)
}

/// `unicode_new_impl`: `str(object='')`, `str(object=b'', encoding,
/// errors)`, and the same for subclasses.
fn str_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let n = args.len();
    if n > 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("str expected at most 3 arguments, got {n}"),
        ));
    }
    let mut params: [Option<ObjRef>; 3] = [None, None, None];
    for (slot, a) in params.iter_mut().zip(args.as_slice()) {
        *slot = Some(a.clone());
    }
    for (k, v) in kwds.map(DictObject::items).unwrap_or_default() {
        let name = object::str_lossy(&k);
        let i = match name.as_str() {
            "object" => 0,
            "encoding" => 1,
            "errors" => 2,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("str() got an unexpected keyword argument '{name}'"),
                ));
            }
        };
        if params[i].is_some() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("argument for str() given by name ('{name}') and position ({})", i + 1),
            ));
        }
        params[i] = Some(v);
    }
    for (i, what) in [(1, "encoding"), (2, "errors")] {
        if let Some(p) = &params[i] {
            if downcast::<StrObject>(p).is_none() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("str() argument '{what}' must be str, not {}", type_of(p).name()),
                ));
            }
        }
    }
    let [obj, encoding, errs] = params;
    let exact: ObjRef = match obj {
        None => from_static("")?,
        Some(o) if encoding.is_none() && errs.is_none() => into_obj(object::str(&o)?),
        Some(o) => {
            if downcast::<StrObject>(&o).is_some() {
                return Err(errors::set_string(exceptions::type_error(), "decoding str is not supported"));
            }
            let Some(data) = crate::objects::bytesobject::bytes_like(&o) else {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("decoding to str: need a bytes-like object, {} found", type_of(&o).name()),
                ));
            };
            let text = |v: &Option<ObjRef>, default: &str| {
                v.as_ref().and_then(|x| downcast::<StrObject>(x)).map_or_else(|| default.to_string(), StrObject::to_string_lossy)
            };
            let encoding = text(&encoding, "utf-8");
            match unicode_methods::lookup_codec(&encoding) {
                Some(codec) => {
                    let cps = unicode_methods::decode_bytes(&data, codec, &text(&errs, "strict"))?;
                    into_obj(from_code_points(&cps)?)
                }
                None => crate::codecs::decode_text(&o, &encoding, &text(&errs, "strict"))?,
            }
        }
    };
    if core::ptr::eq(ty, &STR_TYPE) {
        return Ok(exact);
    }
    new_subtype(ty, as_str(&exact)?)
}

/// A str iterator (`unicodeiterobject`): the position and the string,
/// emptied when exhausted. Threads sharing one may repeat or skip a
/// character, never crash (the index is atomic, as in 3.14t).
#[repr(C)]
pub struct StrIterObject {
    ob_base: ObjectHeader,
    /// `it_index`.
    index: AtomicIsize,
    /// `it_seq`.
    seq: object::ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for StrIterObject {}

impl PyClass for StrIterObject {
    fn type_object() -> &'static TypeObject {
        &STR_ITER_TYPE
    }
}

/// `unicode_iter`: `str_ascii_iterator` for ASCII text, else
/// `str_iterator`.
fn str_iter(v: &PyObject) -> PyResult<ObjRef> {
    let s = as_str(v)?;
    let ty = if s.is_ascii() { &STR_ASCII_ITER_TYPE } else { &STR_ITER_TYPE };
    let it = StrIterObject {
        ob_base: ObjectHeader::new(&ty.head),
        index: AtomicIsize::new(0),
        seq: object::ObjSlot::new(Some(object::new_ref(v))),
    };
    object::new_object(it).map(into_obj)
}

fn iter_of(v: &PyObject) -> PyResult<&StrIterObject> {
    if object::is_type(v, &STR_ITER_TYPE) || object::is_type(v, &STR_ASCII_ITER_TYPE) {
        // SAFETY: both iterator types have the StrIterObject layout.
        return Ok(unsafe { &*core::ptr::from_ref(v).cast::<StrIterObject>() });
    }
    Err(errors::bad_internal_call())
}

/// `unicodeiter_next` / `unicode_ascii_iter_next`.
fn str_iter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = iter_of(v)?;
    let Some(seq) = it.seq.get() else { return Ok(None) };
    let s = as_str(&seq)?;
    let i = it.index.fetch_add(1, Ordering::Relaxed);
    if i >= 0 && (i as usize) < s.len() {
        return from_char(s.data().get(i as usize)).map(Some);
    }
    it.seq.set(None);
    Ok(None)
}

/// `unicodeiter_len`: `__length_hint__`.
fn str_iter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let it = iter_of(v)?;
    let n = match it.seq.get() {
        Some(seq) => (as_str(&seq)?.length - it.index.load(Ordering::Relaxed)).max(0),
        None => 0,
    };
    crate::objects::longobject::from_i64(n as i64)
}

/// `unicodeiter_reduce`: `iter(s)` advanced by `__setstate__`, or
/// `iter('')` once exhausted.
fn str_iter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    use crate::objects::iterobject::reduce_to_builtin;
    let it = iter_of(v)?;
    match it.seq.get() {
        Some(seq) => {
            let index = crate::objects::longobject::from_i64(it.index.load(Ordering::Relaxed) as i64)?;
            reduce_to_builtin("iter", &[&seq], Some(&index))
        }
        None => reduce_to_builtin("iter", &[&into_obj(intern_str("")?)], None),
    }
}

/// `unicodeiter_setstate`: the index, clipped to the string.
fn str_iter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = iter_of(v)?;
    let index = crate::objects::iterobject::setstate_index(state)?;
    if let Some(seq) = it.seq.get() {
        it.index.store(index.clamp(0, as_str(&seq)?.length), Ordering::Relaxed);
    }
    Ok(object::none())
}

static STR_ITER_METHODS: [crate::objects::descrobject::MethodDef; 3] = {
    use crate::objects::descrobject::{MethodDef, MethodFn};
    use crate::objects::iterobject::{REDUCE_DOC, SETSTATE_DOC};
    [
        MethodDef {
            ml_name: "__length_hint__",
            ml_meth: MethodFn::NoArgs(str_iter_length_hint),
            ml_doc: Some("Private method returning an estimate of len(list(it))."),
        },
        MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(str_iter_reduce), ml_doc: REDUCE_DOC },
        MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(str_iter_setstate), ml_doc: SETSTATE_DOC },
    ]
};

/// `str_iterator` (`PyUnicodeIter_Type`).
pub static STR_ITER_TYPE: TypeObject = TypeObject::new_static(
    "str_iterator",
    size_of::<StrIterObject>(),
    object::dealloc_simple::<StrIterObject>,
    TypeSlots {
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(str_iter_next),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&STR_ITER_METHODS);

/// `str_ascii_iterator` (`_PyUnicodeASCIIIter_Type`).
pub static STR_ASCII_ITER_TYPE: TypeObject = TypeObject::new_static(
    "str_ascii_iterator",
    size_of::<StrIterObject>(),
    object::dealloc_simple::<StrIterObject>,
    TypeSlots {
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(str_iter_next),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&STR_ITER_METHODS);

/// `str` (`PyUnicode_Type`).
pub static STR_TYPE: TypeObject = TypeObject::new_static(
    "str",
    size_of::<StrObject>(),
    str_dealloc,
    TypeSlots {
        tp_repr: Some(str_repr),
        tp_hash: Some(str_hash),
        tp_richcompare: Some(str_richcompare),
        tp_str: Some(str_str),
        tp_new: Some(str_new),
        tp_iter: Some(str_iter),
        nb_remainder: Some(str_mod),
        sq_repeat: Some(str_repeat),
        sq_length: Some(str_length),
        sq_concat: Some(concat),
        sq_item: Some(str_item),
        sq_contains: Some(str_contains),
        mp_length: Some(str_length),
        mp_subscript: Some(str_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::UNICODE_SUBCLASS)
.with_methods(&unicode_methods::STR_METHODS)
.with_doc("str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str\n\nCreate a new string object from the given object. If encoding or\nerrors is specified, then the object must expose a data buffer\nthat will be decoded using the given encoding and error handler.\nOtherwise, returns the result of object.__str__() (if defined)\nor repr(object).\nencoding defaults to 'utf-8'.\nerrors defaults to 'strict'.");

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> ObjRef {
        into_obj(from_str(t).unwrap())
    }

    #[test]
    fn kinds_and_indexing() {
        state::ensure();
        let a = from_str("abc").unwrap();
        assert_eq!((a.kind(), a.len(), a.is_ascii()), (1, 3, true));
        let b = from_str("aé").unwrap();
        assert_eq!((b.kind(), b.is_ascii()), (1, false));
        let c = from_str("aĀ").unwrap();
        assert_eq!(c.kind(), 2);
        let d = from_str("a😀b").unwrap();
        assert_eq!((d.kind(), d.len()), (4, 3));
        assert_eq!(d.data().get(1), 0x1F600);
        let lone = from_code_points(&[0x61, 0xD800]).unwrap();
        assert_eq!(lone.kind(), 2);
        assert_eq!(repr_string(&lone), "'a\\ud800'");
        let x = str_item(&s("héllo"), 1).unwrap();
        assert_eq!(downcast::<StrObject>(&x).unwrap().to_string_lossy(), "é");
        assert!(object::is(&x, &str_item(&s("é"), 0).unwrap()));
        assert!(str_item(&s("ab"), 2).is_err());
        assert_eq!(errors::take_message().unwrap(), "IndexError: string index out of range");
    }

    #[test]
    fn repr_matches_cpython() {
        state::ensure();
        let t = from_str("a'b\"\n\0\u{a0}\u{100}\u{1F600}").unwrap();
        assert_eq!(repr_string(&t), "'a\\'b\"\\n\\x00\\xa0Ā😀'");
        assert_eq!(repr_string(&from_str("it's").unwrap()), "\"it's\"");
        assert_eq!(repr_string(&from_str("\\\t").unwrap()), "'\\\\\\t'");
    }

    #[test]
    fn equality_order_concat_hash() {
        state::ensure();
        let (a, b) = (s("abc"), s("abd"));
        assert!(object::rich_compare_bool(&a, &s("abc"), CompareOp::Eq).unwrap());
        assert!(object::rich_compare_bool(&a, &b, CompareOp::Lt).unwrap());
        assert!(object::rich_compare_bool(&s("Ā"), &s("a😀"), CompareOp::Gt).unwrap());
        let ab = concat(&s("ab"), &s("Ā")).unwrap();
        assert_eq!(downcast::<StrObject>(&ab).unwrap().kind(), 2);
        assert!(object::rich_compare_bool(&ab, &s("abĀ"), CompareOp::Eq).unwrap());
        assert!(concat(&a, &crate::objects::longobject::from_i64(1).unwrap()).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: can only concatenate str (not \"int\") to str");
        assert_eq!(object::hash(&s("")).unwrap(), 0);
        let h = object::hash(&a).unwrap();
        assert_eq!(h, state::interp().hash_secret().hash_bytes(b"abc"));
        assert!(str_contains(&s("hello"), &s("ll")).unwrap());
        assert!(!str_contains(&s("hello"), &s("lo!")).unwrap());
    }

    #[test]
    fn interning_dedupes_and_immortalizes() {
        state::ensure();
        let a = intern_str("some_identifier").unwrap();
        let b = intern_str("some_identifier").unwrap();
        assert!(object::is(&a, &b));
        assert!(a.is_immortal());
        let fresh = from_str("some_identifier").unwrap();
        assert!(!fresh.header().is_immortal());
        assert!(object::is(&intern(fresh), &a));
    }
}
