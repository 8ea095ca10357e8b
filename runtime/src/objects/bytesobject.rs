//! `bytes`, ported from Objects/bytesobject.c (and the bytes parts of
//! Objects/bytes_methods.c): construction, `repr`, the cached hash,
//! comparison, indexing and slicing, concatenation, `in`, and the
//! methods `decode` (utf-8, ascii, latin-1; strict), `join`, `split`,
//! `startswith` / `endswith`, `find`, `hex` and `fromhex`.

use core::ptr::NonNull;
use std::borrow::Cow;
use std::sync::atomic::{AtomicIsize, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::sliceobject::{self, SliceObject};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::bytearrayobject::{self, ByteArrayObject};
use crate::objects::{r#abstract as abs, boolobject, exceptions};
use crate::state;

/// A `bytes` (`PyBytesObject`): `ob_size` bytes follow inline.
#[repr(C)]
pub struct BytesObject {
    ob_base: ObjectHeader,
    ob_size: isize,
    /// Cached hash, -1 until computed (`ob_shash`).
    ob_shash: AtomicIsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for BytesObject {}

impl PyClass for BytesObject {
    fn type_object() -> &'static TypeObject {
        &BYTES_TYPE
    }
}

impl BytesObject {
    /// The bytes (`PyBytes_AS_STRING`, `PyBytes_GET_SIZE`). They follow
    /// the type's basic size: right after the struct for `bytes`, after
    /// a subclass's own slots (its `__dict__`) for a subclass instance.
    pub fn as_bytes(&self) -> &[u8] {
        let offset = type_of(object::as_obj(self)).tp_basicsize;
        // SAFETY: ob_size initialized bytes follow the type's basic size,
        // written at creation and immutable afterwards.
        unsafe { core::slice::from_raw_parts(core::ptr::from_ref(self).cast::<u8>().add(offset), self.ob_size as usize) }
    }
}

/// The empty bytes (`_Py_SINGLETON(bytes_empty)`), immortal.
static EMPTY_BYTES: BytesObject = BytesObject {
    ob_base: ObjectHeader::new_static(&raw const BYTES_TYPE.head),
    ob_size: 0,
    ob_shash: AtomicIsize::new(-1),
};

/// `PyBytes_FromStringAndSize`: `b''` is always the one empty bytes.
pub fn from_bytes(data: &[u8]) -> PyResult<PyRef<BytesObject>> {
    if data.is_empty() {
        return Ok(PyRef::new_ref(&EMPTY_BYTES));
    }
    new_of_type(&BYTES_TYPE, data)
}

/// A bytes of type `ty` (`bytes` or a subclass, `bytes_subtype_new`)
/// holding `data`; a subclass's own slots (zeroed, so empty) come before
/// the data.
fn new_of_type(ty: &TypeObject, data: &[u8]) -> PyResult<PyRef<BytesObject>> {
    let base = ty.tp_basicsize;
    let size = base.checked_add(data.len()).filter(|&n| n <= isize::MAX as usize);
    let Some(size) = size else { return Err(errors::no_memory()) };
    let heap = ty.has_feature(flags::HEAPTYPE);
    let p = if heap { object::alloc_zeroed(size)? } else { object::alloc_raw(size)? };
    if heap {
        // The instance holds a reference to its class (`generic_alloc`).
        core::mem::forget(object::new_ref(ty));
    }
    let b = BytesObject { ob_base: ObjectHeader::new(&ty.head), ob_size: data.len() as isize, ob_shash: AtomicIsize::new(-1) };
    // SAFETY: a fresh allocation sized for the type's basic size and the
    // data; for a subclass the bytes between the struct and `base` are its
    // ObjSlots, zeroed (empty).
    unsafe {
        p.cast::<BytesObject>().as_ptr().write(b);
        core::ptr::copy_nonoverlapping(data.as_ptr(), p.as_ptr().add(base), data.len());
    }
    // SAFETY: initialized, refcount one.
    Ok(unsafe { PyRef::from_raw(p.cast()) })
}

fn new_obj(data: &[u8]) -> PyResult<ObjRef> {
    from_bytes(data).map(into_obj)
}

/// `bytes_dealloc`: nothing owned inside, only the memory.
unsafe fn bytes_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: a dead bytes object from `from_bytes`'s allocation.
    unsafe { object::free_object(op) };
}

fn as_b(v: &PyObject) -> PyResult<&BytesObject> {
    downcast::<BytesObject>(v).ok_or_else(errors::bad_internal_call)
}

/// The bytes of a bytes-like argument, or CPython's TypeError.
fn buffer_arg(v: &PyObject) -> PyResult<Cow<'_, [u8]>> {
    match bytes_like(v) {
        Some(b) => Ok(b),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("a bytes-like object is required, not '{}'", type_of(v).name()),
        )),
    }
}

/// A byte value from an int-like object (`_getbytevalue`).
fn byte_value(v: &PyObject, msg: &str) -> PyResult<u8> {
    let i = abs::index(v)?;
    downcast::<IntObject>(&i)
        .and_then(IntObject::as_i64)
        .and_then(|x| u8::try_from(x).ok())
        .ok_or_else(|| errors::set_string(exceptions::value_error(), msg))
}

/// Encodes `s` with a builtin codec (strict errors).
fn encode(s: &StrObject, encoding: &str) -> PyResult<Vec<u8>> {
    let limit = match normalize_encoding(encoding).as_str() {
        "utf-8" | "utf8" => {
            let mut out = Vec::with_capacity(s.len());
            for (pos, c) in s.data().iter().enumerate() {
                match char::from_u32(c) {
                    Some(ch) => out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
                    None => {
                        return Err(exceptions::set_unicode_encode_error(
                            "utf-8",
                            crate::objects::object::as_obj(s),
                            pos,
                            pos + 1,
                            "surrogates not allowed",
                        ));
                    }
                }
            }
            return Ok(out);
        }
        "ascii" => ("ascii", 128),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => ("latin-1", 256),
        _ => {
            let b = crate::codecs::encode_text(crate::objects::object::as_obj(s), encoding, "strict")?;
            return Ok(bytes_like(&b).map(Cow::into_owned).unwrap_or_default());
        }
    };
    let (name, bound) = limit;
    let mut out = Vec::with_capacity(s.len());
    for (pos, c) in s.data().iter().enumerate() {
        if c >= bound {
            return Err(exceptions::set_unicode_encode_error(
                name,
                crate::objects::object::as_obj(s),
                pos,
                pos + 1,
                &format!("ordinal not in range({bound})"),
            ));
        }
        out.push(c as u8);
    }
    Ok(out)
}

/// The codec registry's normalization for the builtin names.
fn normalize_encoding(e: &str) -> String {
    e.trim().to_ascii_lowercase().replace('_', "-")
}


/// `bytes_new`: `bytes()`, `bytes(int)`, `bytes(str, encoding)`,
/// `bytes(bytes)`, `bytes(iterable of ints)`.
fn bytes_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let b = bytes_new_exact(args, kwds)?;
    if core::ptr::eq(ty, &BYTES_TYPE) {
        return Ok(b);
    }
    // `bytes_subtype_new`: the value, copied into an instance of `ty`.
    let data = self_data(&b)?;
    new_of_type(ty, &data).map(into_obj)
}

/// The exact bytes `bytes(...)` makes.
fn bytes_new_exact(args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut params: [Option<ObjRef>; 3] = [None, None, None];
    if args.len() > 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("bytes() takes at most 3 arguments ({} given)", args.len()),
        ));
    }
    for (slot, a) in params.iter_mut().zip(args.as_slice()) {
        *slot = Some(a.clone());
    }
    for (k, v) in kwds.map(DictObject::items).unwrap_or_default() {
        let name = object::str_lossy(&k);
        let i = match name.as_str() {
            "source" => 0,
            "encoding" => 1,
            "errors" => 2,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("'{name}' is an invalid keyword argument for bytes()"),
                ));
            }
        };
        if params[i].is_some() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("argument for bytes() given by name ('{name}') and position ({})", i + 1),
            ));
        }
        params[i] = Some(v);
    }
    let [source, encoding, errs] = params;
    let Some(x) = source else {
        if encoding.is_some() || errs.is_some() {
            let what = if encoding.is_some() { "encoding" } else { "errors" };
            return Err(errors::set_string(exceptions::type_error(), &format!("{what} without a string argument")));
        }
        return new_obj(&[]);
    };
    if let Some(s) = downcast::<StrObject>(&x) {
        let Some(enc) = encoding else {
            return Err(errors::set_string(exceptions::type_error(), "string argument without an encoding"));
        };
        let enc = str_arg("bytes", "encoding", &enc)?;
        if let Some(e) = errs {
            check_strict("bytes", &e)?;
        }
        return new_obj(&encode(s, &enc)?);
    }
    if encoding.is_some() || errs.is_some() {
        let what = if encoding.is_some() { "encoding" } else { "errors" };
        return Err(errors::set_string(exceptions::type_error(), &format!("{what} without a string argument")));
    }
    if object::is_type(&x, &BYTES_TYPE) {
        return Ok(x);
    }
    // `__bytes__` comes first, before the buffer and integer forms.
    static BYTES_METHOD: crate::objects::typeobject::slotdefs::StaticName =
        crate::objects::typeobject::slotdefs::StaticName::new("__bytes__");
    if let Some((f, unbound)) = crate::objects::typeobject::slotdefs::lookup_maybe_method(&x, BYTES_METHOD.get()?)? {
        let args: &[&PyObject] = if unbound { &[&*x] } else { &[] };
        let b = crate::objects::call::call(&f, args)?;
        if downcast::<BytesObject>(&b).is_none() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("__bytes__ returned non-bytes (type {})", type_of(&b).name()),
            ));
        }
        return Ok(b);
    }
    if let Some(b) = bytes_like(&x) {
        return new_obj(&b);
    }
    if crate::objects::sliceobject::index_check(&x) {
        let n = abs::as_ssize(&x, Some(exceptions::overflow_error()))?;
        if n < 0 {
            return Err(errors::set_string(exceptions::value_error(), "negative count"));
        }
        return new_obj(&vec![0; n as usize]);
    }
    let it = match abs::get_iter(&x) {
        Ok(it) => it,
        Err(e) if errors::exception_matches(exceptions::type_error()) => {
            drop(e);
            errors::clear();
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("cannot convert '{}' object to bytes", type_of(&x).name()),
            ));
        }
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    while let Some(item) = abs::iter_next(&it)? {
        out.push(byte_value(&item, "bytes must be in range(0, 256)")?);
    }
    new_obj(&out)
}

/// A str argument, or CPython's TypeError for `fname()`'s `arg`.
fn str_arg(fname: &str, arg: &str, v: &PyObject) -> PyResult<String> {
    match downcast::<StrObject>(v) {
        Some(s) => Ok(s.to_string_lossy()),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname}() argument '{arg}' must be str, not {}", type_of(v).name()),
        )),
    }
}

/// Only the strict error handler exists so far.
fn check_strict(fname: &str, errs: &PyObject) -> PyResult<()> {
    let e = str_arg(fname, "errors", errs)?;
    if e == "strict" {
        return Ok(());
    }
    Err(errors::set_string(exceptions::lookup_error(), &format!("unknown error handler name '{e}'")))
}

/// `PyBytes_Repr` with the smart quote: `'` unless the data has `'`
/// and no `"`.
pub fn repr_bytes(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::with_capacity(data.len() + 3);
    out.push('b');
    out.push(quote);
    for &c in data {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if char::from(c) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..0x7f => out.push(char::from(c)),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

fn bytes_repr(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_string(repr_bytes(as_b(v)?.as_bytes())).map(into_obj)
}

/// `bytes_hash`: `_Py_HashBytes`, cached.
fn bytes_hash(v: &PyObject) -> PyResult<isize> {
    let b = as_b(v)?;
    let cached = b.ob_shash.load(Ordering::Relaxed);
    if cached != -1 {
        return Ok(cached);
    }
    let h = state::interp().hash_secret().hash_bytes(b.as_bytes());
    b.ob_shash.store(h, Ordering::Relaxed);
    Ok(h)
}

/// `bytes_richcompare`: lexicographic, bytes with bytes only.
fn bytes_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<BytesObject>(v), downcast::<BytesObject>(w)) else {
        return Ok(object::not_implemented());
    };
    Ok(boolobject::from_bool(op.test(a.as_bytes(), b.as_bytes())))
}

fn bytes_len(v: &PyObject) -> PyResult<isize> {
    Ok(as_b(v)?.ob_size)
}

/// `bytes_item`: the byte as an int.
fn bytes_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    let b = as_b(v)?;
    match usize::try_from(i).ok().and_then(|i| b.as_bytes().get(i)) {
        Some(&c) => longobject::from_i64(i64::from(c)),
        None => Err(errors::set_string(exceptions::index_error(), "index out of range")),
    }
}

/// `bytes_subscript`: an int for an index, bytes for a slice.
fn bytes_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let b = as_b(v)?;
    if sliceobject::index_check(key) {
        let mut i = abs::as_ssize(key, Some(exceptions::index_error()))?;
        if i < 0 {
            i += b.ob_size;
        }
        return bytes_item(v, i);
    }
    if let Some(s) = downcast::<SliceObject>(key) {
        let (start, _, step, n) = s.indices_for(b.ob_size)?;
        if start == 0 && step == 1 && n == b.ob_size && object::is_type(v, &BYTES_TYPE) {
            return Ok(object::new_ref(v));
        }
        let data = b.as_bytes();
        let picked: Vec<u8> = sliceobject::positions(start, step, n).map(|i| data[i]).collect();
        return new_obj(&picked);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("byte indices must be integers or slices, not {}", type_of(key).name()),
    ))
}

/// `bytes_concat`: bytes plus any bytes-like object.
fn bytes_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (bytes_like(v), bytes_like(w)) else {
        let bad = if bytes_like(v).is_none() { v } else { w };
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can't concat {} to {}", type_of(bad).name(), type_of(v).name()),
        ));
    };
    new_obj(&[&*a, &*b].concat())
}

/// `memmem`-style search of `needle` in `hay`.
fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `_Py_bytes_contains`: a byte value or a subsequence.
fn bytes_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    let data = self_data(v)?;
    if sliceobject::index_check(x) {
        let c = byte_value(x, "byte must be in range(0, 256)")?;
        return Ok(data.contains(&c));
    }
    Ok(find_sub(&data, &buffer_arg(x)?).is_some())
}

/// `bytes.decode(encoding='utf-8', errors='strict')`.
fn meth_decode(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let data: &[u8] = &data;
    let mut params: [Option<ObjRef>; 2] = [None, None];
    if args.len() > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("decode() takes at most 2 arguments ({} given)", args.len()),
        ));
    }
    for (slot, a) in params.iter_mut().zip(args) {
        *slot = Some(a.clone());
    }
    for (k, val) in kwargs.map(DictObject::items).unwrap_or_default() {
        let name = object::str_lossy(&k);
        let i = match name.as_str() {
            "encoding" => 0,
            "errors" => 1,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("decode() got an unexpected keyword argument '{name}'"),
                ));
            }
        };
        params[i] = Some(val);
    }
    let [encoding, errs] = params;
    let enc = match &encoding {
        Some(e) => str_arg("decode", "encoding", e)?,
        None => "utf-8".to_owned(),
    };
    let errs = match &errs {
        Some(e) => str_arg("decode", "errors", e)?,
        None => "strict".to_owned(),
    };
    let Some(codec) = crate::objects::unicode_methods::lookup_codec(&enc) else {
        return crate::codecs::decode_text(v, &enc, &errs);
    };
    if codec == crate::objects::unicode_methods::Codec::Utf8 && errs == "strict" {
        return decode_utf8(data);
    }
    let cps = crate::objects::unicode_methods::decode_bytes(data, codec, &errs)?;
    unicodeobject::from_code_points(&cps).map(into_obj)
}

/// The strict UTF-8 decoder with CPython's error reasons.
fn decode_utf8(data: &[u8]) -> PyResult<ObjRef> {
    match core::str::from_utf8(data) {
        Ok(s) => unicodeobject::from_str(s).map(into_obj),
        Err(e) => {
            let pos = e.valid_up_to();
            let c = data[pos];
            let reason = match e.error_len() {
                None => "unexpected end of data",
                Some(_) if !(0xc2..=0xf4).contains(&c) => "invalid start byte",
                Some(_) => "invalid continuation byte",
            };
            let end = pos + e.error_len().unwrap_or(data.len() - pos);
            Err(exceptions::set_unicode_decode_error("utf-8", data, pos, end, reason))
        }
    }
}

/// `bytes.join(iterable_of_bytes)`.
fn meth_join(v: &PyObject, iterable: &PyObject) -> PyResult<ObjRef> {
    let sep = self_data(v)?;
    let items = abs::collect(iterable)?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let Some(b) = bytes_like(it) else {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("sequence item {i}: expected a bytes-like object, {} found", type_of(it).name()),
            ));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&b);
    }
    make_like(v, &out)
}

/// `bytes.split(sep=None, maxsplit=-1)`.
fn meth_split(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let data: &[u8] = &data;
    let mut params: [Option<ObjRef>; 2] = [None, None];
    if args.len() > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("split() takes at most 2 arguments ({} given)", args.len()),
        ));
    }
    for (slot, a) in params.iter_mut().zip(args) {
        *slot = Some(a.clone());
    }
    for (k, val) in kwargs.map(DictObject::items).unwrap_or_default() {
        let name = object::str_lossy(&k);
        let i = match name.as_str() {
            "sep" => 0,
            "maxsplit" => 1,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("split() got an unexpected keyword argument '{name}'"),
                ));
            }
        };
        params[i] = Some(val);
    }
    let [sep, maxsplit] = params;
    let maxsplit = match maxsplit {
        Some(m) => abs::as_ssize(&m, Some(exceptions::overflow_error()))?,
        None => -1,
    };
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut parts: Vec<&[u8]> = Vec::new();
    match sep.filter(|s| !object::is_none(s)) {
        None => {
            // Runs of ASCII whitespace separate; none at the ends (the
            // rest after `maxsplit` splits keeps its trailing ones).
            let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
            let mut i = 0;
            while i < data.len() {
                while i < data.len() && ws(&data[i]) {
                    i += 1;
                }
                if i == data.len() {
                    break;
                }
                if left == 0 {
                    parts.push(&data[i..]);
                    break;
                }
                let j = data[i..].iter().position(ws).map_or(data.len(), |p| i + p);
                parts.push(&data[i..j]);
                left -= 1;
                i = j;
            }
        }
        Some(s) => {
            let sep = buffer_arg(&s)?;
            let sep: &[u8] = &sep;
            if sep.is_empty() {
                return Err(errors::set_string(exceptions::value_error(), "empty separator"));
            }
            let mut rest = data;
            while left > 0 {
                let Some(p) = find_sub(rest, sep) else { break };
                parts.push(&rest[..p]);
                rest = &rest[p + sep.len()..];
                left -= 1;
            }
            parts.push(rest);
        }
    }
    parts_list(v, &parts)
}

/// The `[start:end]` window of `startswith` / `endswith` / `find`
/// (`ADJUST_INDICES` on `None`-or-index arguments).
fn window(len: isize, start: Option<&ObjRef>, end: Option<&ObjRef>) -> PyResult<(isize, isize)> {
    let get = |v: Option<&ObjRef>, default: isize| -> PyResult<isize> {
        match v {
            Some(o) if !object::is_none(o) => {
                if !sliceobject::index_check(o) {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        "slice indices must be integers or None or have an __index__ method",
                    ));
                }
                abs::as_ssize(o, None)
            }
            _ => Ok(default),
        }
    };
    let (mut s, mut e) = (get(start, 0)?, get(end, isize::MAX)?);
    if e > len {
        e = len;
    } else if e < 0 {
        e = (e + len).max(0);
    }
    if s < 0 {
        s = (s + len).max(0);
    }
    Ok((s, e))
}

/// `startswith` / `endswith`: a bytes prefix or a tuple of them.
fn tail_match(v: &PyObject, args: &[ObjRef], fname: &str, at_end: bool) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let data: &[u8] = &data;
    if args.is_empty() || args.len() > 3 {
        let msg = if args.is_empty() {
            format!("{fname} expected at least 1 argument, got 0")
        } else {
            format!("{fname} expected at most 3 arguments, got {}", args.len())
        };
        return Err(errors::set_string(exceptions::type_error(), &msg));
    }
    let (s, e) = window(data.len() as isize, args.get(1), args.get(2))?;
    let hay: &[u8] = if s > e || s as usize > data.len() { &[] } else { &data[s as usize..e as usize] };
    let check = |p: &PyObject| -> PyResult<Option<bool>> {
        let Some(b) = bytes_like(p) else { return Ok(None) };
        let p: &[u8] = &b;
        if s > e || (s as usize) > data.len() {
            return Ok(Some(false));
        }
        Ok(Some(if at_end { hay.ends_with(p) } else { hay.starts_with(p) }))
    };
    let prefix = &args[0];
    if let Some(t) = downcast::<TupleObject>(prefix) {
        for p in t.as_slice() {
            match check(p)? {
                Some(true) => return Ok(boolobject::from_bool(true)),
                Some(false) => {}
                None => return Err(tail_type_error(fname, p, true)),
            }
        }
        return Ok(boolobject::from_bool(false));
    }
    match check(prefix)? {
        Some(r) => Ok(boolobject::from_bool(r)),
        None => Err(tail_type_error(fname, prefix, false)),
    }
}

fn tail_type_error(fname: &str, p: &PyObject, in_tuple: bool) -> errors::ErrSet {
    let msg = if in_tuple {
        format!("a bytes-like object is required, not '{}'", type_of(p).name())
    } else {
        format!(
            "{fname} first arg must be bytes or a tuple of bytes, not {}",
            type_of(p).name()
        )
    };
    errors::set_string(exceptions::type_error(), &msg)
}

fn meth_startswith(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    tail_match(v, args, "startswith", false)
}

fn meth_endswith(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    tail_match(v, args, "endswith", true)
}

/// `bytes.find(sub[, start[, end]])`: the lowest index or -1; `sub` may
/// be a byte value.
fn meth_find(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    longobject::from_i64(find_internal(&self_data(v)?, args, "find", false)? as i64)
}

/// `bytes.fromhex(string)`: hex digit pairs, whitespace between pairs
/// ignored.
fn meth_fromhex(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [s] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("fromhex() takes exactly one argument ({} given)", args.len()),
        ));
    };
    let Some(st) = downcast::<StrObject>(s) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("fromhex() argument must be str, not {}", type_of(s).name()),
        ));
    };
    let cps: Vec<u32> = st.data().iter().collect();
    let digit = |c: u32| char::from_u32(c).and_then(|ch| ch.to_digit(16));
    let mut out = Vec::new();
    let mut i = 0;
    while i < cps.len() {
        if matches!(cps[i], 0x20 | 0x09 | 0x0a | 0x0b | 0x0c | 0x0d) {
            i += 1;
            continue;
        }
        let Some(hi) = digit(cps[i]) else { return Err(bad_hex(i)) };
        let Some(lo) = cps.get(i + 1).and_then(|&c| digit(c)) else {
            return Err(bad_hex(i + 1));
        };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    // `bytearray.fromhex` makes a bytearray; another subclass gets
    // `cls(result)`.
    if object::is(cls, object::as_obj(&bytearrayobject::BYTEARRAY_TYPE)) {
        return bytearrayobject::from_bytes(&out).map(into_obj);
    }
    let r = new_obj(&out)?;
    if object::is(cls, object::as_obj(&BYTES_TYPE)) {
        return Ok(r);
    }
    object::call(cls, &[&r])
}

fn bad_hex(pos: usize) -> errors::ErrSet {
    errors::set_string(
        exceptions::value_error(),
        &format!("non-hexadecimal number found in fromhex() arg at position {pos}"),
    )
}

// ---------------------------------------------------------------------
// The methods bytes and bytearray share (Objects/bytes_methods.c and
// the `bytes_*` / `bytearray_*` methods built on it). Each reads the
// object's bytes once (`self_data`: borrowed for bytes, a copy taken
// under the lock for bytearray) and builds results of the object's own
// kind (`make_like`).

/// The bytes of a bytes-like object (`PyObject_GetBuffer` for bytes and
/// bytearray): borrowed from a bytes, copied under the lock from a
/// bytearray.
pub fn bytes_like(v: &PyObject) -> Option<Cow<'_, [u8]>> {
    if let Some(b) = downcast::<BytesObject>(v) {
        return Some(Cow::Borrowed(b.as_bytes()));
    }
    if let Some(ba) = downcast::<ByteArrayObject>(v) {
        return Some(Cow::Owned(ba.to_vec()));
    }
    if let Some(b) = crate::objects::memoryobject::view_bytes(v) {
        return Some(Cow::Owned(b));
    }
    crate::objects::memoryobject::exporter_bytes(v).map(Cow::Owned)
}

/// The bytes of `self` in a shared method.
fn self_data(v: &PyObject) -> PyResult<Cow<'_, [u8]>> {
    bytes_like(v).ok_or_else(errors::bad_internal_call)
}

/// A result of `v`'s kind: a bytearray for a bytearray, else bytes.
pub(crate) fn make_like(v: &PyObject, data: &[u8]) -> PyResult<ObjRef> {
    if downcast::<ByteArrayObject>(v).is_some() {
        return bytearrayobject::from_bytes(data).map(into_obj);
    }
    new_obj(data)
}

/// A "expected at least N / at most M arguments" check.
fn arg_count(fname: &str, args: &[ObjRef], min: usize, max: usize) -> PyResult<()> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if args.len() < min {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname} expected at least {min} argument{}, got {}", plural(min), args.len()),
        ));
    }
    if args.len() > max {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname} expected at most {max} argument{}, got {}", plural(max), args.len()),
        ));
    }
    Ok(())
}

/// Positional and keyword arguments by name, for the methods that take
/// keywords (clinic's `_PyArg_UnpackKeywords`).
fn params<const N: usize>(
    fname: &str,
    names: [&str; N],
    args: &[ObjRef],
    kwargs: Option<&DictObject>,
) -> PyResult<[Option<ObjRef>; N]> {
    let mut out: [Option<ObjRef>; N] = core::array::from_fn(|_| None);
    if args.len() > N {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname}() takes at most {N} argument{} ({} given)", if N == 1 { "" } else { "s" }, args.len()),
        ));
    }
    for (slot, a) in out.iter_mut().zip(args) {
        *slot = Some(a.clone());
    }
    for (k, val) in kwargs.map(DictObject::items).unwrap_or_default() {
        let name = object::str_lossy(&k);
        let Some(i) = names.iter().position(|n| *n == name) else {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{fname}() got an unexpected keyword argument '{name}'"),
            ));
        };
        if out[i].is_some() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("argument for {fname}() given by name ('{name}') and position ({})", i + 1),
            ));
        }
        out[i] = Some(val);
    }
    Ok(out)
}

/// A list of objects of `v`'s kind, one per part.
fn parts_list(v: &PyObject, parts: &[&[u8]]) -> PyResult<ObjRef> {
    let objs: Vec<ObjRef> = parts.iter().map(|p| make_like(v, p)).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = objs.iter().map(|r| &**r).collect();
    crate::objects::listobject::ListObject::from_slice(&refs).map(into_obj)
}

/// `Py_ISSPACE` for bytes.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// The last index of `needle` in `hay`.
fn rfind_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The `sub` argument of find/count/index: a byte value or bytes-like.
fn sub_arg(v: &PyObject) -> PyResult<Cow<'_, [u8]>> {
    if sliceobject::index_check(v) {
        return Ok(Cow::Owned(vec![byte_value(v, "byte must be in range(0, 256)")?]));
    }
    buffer_arg(v)
}

/// `find_internal`: the index of `sub` in `data[start:end]` (from the
/// right if `rev`), or -1.
fn find_internal(data: &[u8], args: &[ObjRef], fname: &str, rev: bool) -> PyResult<isize> {
    arg_count(fname, args, 1, 3)?;
    let sub = sub_arg(&args[0])?;
    let (s, e) = window(data.len() as isize, args.get(1), args.get(2))?;
    if s > e || s as usize > data.len() || (e - s) < sub.len() as isize {
        return Ok(-1);
    }
    let hay = &data[s as usize..e as usize];
    let found = if rev { rfind_sub(hay, &sub) } else { find_sub(hay, &sub) };
    Ok(found.map_or(-1, |p| p as isize + s))
}

fn meth_rfind(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    longobject::from_i64(find_internal(&self_data(v)?, args, "rfind", true)? as i64)
}

fn index_result(i: isize) -> PyResult<ObjRef> {
    if i < 0 {
        return Err(errors::set_string(exceptions::value_error(), "subsection not found"));
    }
    longobject::from_i64(i as i64)
}

fn meth_index(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    index_result(find_internal(&self_data(v)?, args, "index", false)?)
}

fn meth_rindex(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    index_result(find_internal(&self_data(v)?, args, "rindex", true)?)
}

/// `count(sub[, start[, end]])`: non-overlapping occurrences.
fn meth_count(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    arg_count("count", args, 1, 3)?;
    let sub = sub_arg(&args[0])?;
    let (s, e) = window(data.len() as isize, args.get(1), args.get(2))?;
    if s > e || s as usize > data.len() {
        return longobject::from_i64(0);
    }
    let hay = &data[s as usize..e as usize];
    if sub.is_empty() {
        return longobject::from_i64(hay.len() as i64 + 1);
    }
    let (mut n, mut i) = (0i64, 0usize);
    while let Some(p) = find_sub(&hay[i..], &sub) {
        n += 1;
        i += p + sub.len();
    }
    longobject::from_i64(n)
}

/// `replace(old, new, count=-1, /)` (`stringlib` replace: an empty `old`
/// inserts `new` around every byte).
fn meth_replace(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    arg_count("replace", args, 2, 3)?;
    let (old, new, count) = (&args[0], &args[1], args.get(2));
    let (old, new) = (buffer_arg(old)?, buffer_arg(new)?);
    let mut left = match count {
        Some(c) => abs::as_ssize(c, Some(exceptions::overflow_error()))?,
        None => -1,
    };
    if left < 0 {
        left = isize::MAX;
    }
    let mut out = Vec::with_capacity(data.len());
    if old.is_empty() {
        for (i, &c) in data.iter().enumerate() {
            if (i as isize) < left {
                out.extend_from_slice(&new);
            }
            out.push(c);
        }
        if (data.len() as isize) < left {
            out.extend_from_slice(&new);
        }
        return make_like(v, &out);
    }
    let mut rest: &[u8] = &data;
    while left > 0 {
        let Some(p) = find_sub(rest, &old) else { break };
        out.extend_from_slice(&rest[..p]);
        out.extend_from_slice(&new);
        rest = &rest[p + old.len()..];
        left -= 1;
    }
    out.extend_from_slice(rest);
    make_like(v, &out)
}

/// `do_xstrip`: strip whitespace, or the bytes of `chars`.
fn strip_impl(v: &PyObject, args: &[ObjRef], fname: &str, left: bool, right: bool) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    arg_count(fname, args, 0, 1)?;
    let set: Option<Cow<'_, [u8]>> = match args.first().filter(|a| !object::is_none(a)) {
        Some(a) => Some(buffer_arg(a)?),
        None => None,
    };
    let strip = |c: u8| match &set {
        Some(s) => s.contains(&c),
        None => is_space(c),
    };
    let mut i = 0;
    let mut j = data.len();
    if left {
        while i < j && strip(data[i]) {
            i += 1;
        }
    }
    if right {
        while j > i && strip(data[j - 1]) {
            j -= 1;
        }
    }
    make_like(v, &data[i..j])
}

fn meth_strip(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    strip_impl(v, args, "strip", true, true)
}

fn meth_lstrip(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    strip_impl(v, args, "lstrip", true, false)
}

fn meth_rstrip(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    strip_impl(v, args, "rstrip", false, true)
}

/// The ASCII case mappings (`_Py_bytes_upper` ...).
fn map_bytes(v: &PyObject, f: impl Fn(&[u8]) -> Vec<u8>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    make_like(v, &f(&data))
}

fn meth_upper(v: &PyObject) -> PyResult<ObjRef> {
    map_bytes(v, <[u8]>::to_ascii_uppercase)
}

fn meth_lower(v: &PyObject) -> PyResult<ObjRef> {
    map_bytes(v, <[u8]>::to_ascii_lowercase)
}

fn meth_swapcase(v: &PyObject) -> PyResult<ObjRef> {
    map_bytes(v, |d| {
        d.iter()
            .map(|&c| if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            .collect()
    })
}

fn meth_capitalize(v: &PyObject) -> PyResult<ObjRef> {
    map_bytes(v, |d| {
        d.iter()
            .enumerate()
            .map(|(i, &c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            .collect()
    })
}

/// `_Py_bytes_title`: a letter after a non-letter is upper-cased, other
/// letters lower-cased.
fn meth_title(v: &PyObject) -> PyResult<ObjRef> {
    map_bytes(v, |d| {
        let mut prev_cased = false;
        d.iter()
            .map(|&c| {
                let r = if c.is_ascii_alphabetic() {
                    if prev_cased { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() }
                } else {
                    c
                };
                prev_cased = c.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}

fn predicate(v: &PyObject, f: impl Fn(&[u8]) -> bool) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(f(&self_data(v)?)))
}

fn meth_isalpha(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| !d.is_empty() && d.iter().all(u8::is_ascii_alphabetic))
}

fn meth_isdigit(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
}

fn meth_isalnum(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| !d.is_empty() && d.iter().all(u8::is_ascii_alphanumeric))
}

fn meth_isspace(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| !d.is_empty() && d.iter().all(|&c| is_space(c)))
}

fn meth_isascii(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| d.is_ascii())
}

fn meth_islower(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| d.iter().any(u8::is_ascii_lowercase) && !d.iter().any(u8::is_ascii_uppercase))
}

fn meth_isupper(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| d.iter().any(u8::is_ascii_uppercase) && !d.iter().any(u8::is_ascii_lowercase))
}

/// `_Py_bytes_istitle`.
fn meth_istitle(v: &PyObject) -> PyResult<ObjRef> {
    predicate(v, |d| {
        let (mut cased, mut prev_cased) = (false, false);
        for &c in d {
            if c.is_ascii_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if c.is_ascii_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

/// `partition` / `rpartition`.
fn partition_impl(v: &PyObject, sep: &PyObject, rev: bool) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let sep = buffer_arg(sep)?;
    if sep.is_empty() {
        return Err(errors::set_string(exceptions::value_error(), "empty separator"));
    }
    let found = if rev { rfind_sub(&data, &sep) } else { find_sub(&data, &sep) };
    let parts: [ObjRef; 3] = match found {
        Some(p) => [make_like(v, &data[..p])?, make_like(v, &sep)?, make_like(v, &data[p + sep.len()..])?],
        None if rev => [make_like(v, b"")?, make_like(v, b"")?, make_like(v, &data)?],
        None => [make_like(v, &data)?, make_like(v, b"")?, make_like(v, b"")?],
    };
    crate::objects::tupleobject::from_slice(&[&parts[0], &parts[1], &parts[2]]).map(into_obj)
}

fn meth_partition(v: &PyObject, sep: &PyObject) -> PyResult<ObjRef> {
    partition_impl(v, sep, false)
}

fn meth_rpartition(v: &PyObject, sep: &PyObject) -> PyResult<ObjRef> {
    partition_impl(v, sep, true)
}

/// `pad`-based `center` / `ljust` / `rjust` (`width, fillchar=b' '`).
fn justify(v: &PyObject, args: &[ObjRef], fname: &str, how: u8) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    arg_count(fname, args, 1, 2)?;
    let width = abs::as_ssize(&args[0], Some(exceptions::overflow_error()))?;
    let fill = match args.get(1) {
        None => b' ',
        Some(f) => match bytes_like(f) {
            Some(b) if b.len() == 1 => b[0],
            Some(b) => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "{fname}(): argument 2 must be a byte string of length 1, not a {} object of length {}",
                        type_of(f).name(),
                        b.len()
                    ),
                ));
            }
            None => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("{fname}(): argument 2 must be a byte string of length 1, not {}", type_of(f).name()),
                ));
            }
        },
    };
    let len = data.len() as isize;
    if width <= len {
        return make_like(v, &data);
    }
    let marg = width - len;
    let (left, right) = match how {
        b'l' => (0, marg),
        b'r' => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width & 1);
            (left, marg - left)
        }
    };
    let mut out = vec![fill; left as usize];
    out.extend_from_slice(&data);
    out.extend(core::iter::repeat_n(fill, right as usize));
    make_like(v, &out)
}

fn meth_center(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    justify(v, args, "center", b'c')
}

fn meth_ljust(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    justify(v, args, "ljust", b'l')
}

fn meth_rjust(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    justify(v, args, "rjust", b'r')
}

/// `zfill(width)`: zeros after any sign.
fn meth_zfill(v: &PyObject, width: &PyObject) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let width = abs::as_ssize(width, Some(exceptions::overflow_error()))?;
    if width <= data.len() as isize {
        return make_like(v, &data);
    }
    let fill = width as usize - data.len();
    let mut out = vec![b'0'; fill];
    out.extend_from_slice(&data);
    if let Some(&c) = data.first()
        && (c == b'+' || c == b'-')
    {
        out[0] = c;
        out[fill] = b'0';
    }
    make_like(v, &out)
}

/// `expandtabs(tabsize=8)`.
fn meth_expandtabs(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let [tabsize] = params("expandtabs", ["tabsize"], args, kwargs)?;
    let tabsize = match tabsize {
        Some(t) => abs::as_ssize(&t, Some(exceptions::overflow_error()))?,
        None => 8,
    };
    let mut out = Vec::new();
    let mut col = 0isize;
    for &c in data.iter() {
        if c == b'\t' {
            if tabsize > 0 {
                let n = tabsize - col % tabsize;
                out.extend(core::iter::repeat_n(b' ', n as usize));
                col += n;
            }
        } else {
            out.push(c);
            col += 1;
            if c == b'\n' || c == b'\r' {
                col = 0;
            }
        }
    }
    make_like(v, &out)
}

/// `splitlines(keepends=False)`: `\n`, `\r` and `\r\n` end lines.
fn meth_splitlines(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let [keepends] = params("splitlines", ["keepends"], args, kwargs)?;
    let keep = match keepends {
        Some(k) => object::is_true(&k)?,
        None => false,
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let start = i;
        while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < data.len() {
            if data[i] == b'\r' && i + 1 < data.len() && data[i + 1] == b'\n' {
                i += 2;
            } else {
                i += 1;
            }
            if keep {
                eol = i;
            }
        }
        parts.push(&data[start..eol]);
    }
    parts_list(v, &parts)
}

fn meth_removeprefix(v: &PyObject, prefix: &PyObject) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let p = buffer_arg(prefix)?;
    make_like(v, data.strip_prefix(&*p).unwrap_or(&data))
}

fn meth_removesuffix(v: &PyObject, suffix: &PyObject) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let p = buffer_arg(suffix)?;
    make_like(v, if p.is_empty() { &data } else { data.strip_suffix(&*p).unwrap_or(&data) })
}

/// `rsplit(sep=None, maxsplit=-1)`: `split` from the right.
fn meth_rsplit(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let [sep, maxsplit] = params("rsplit", ["sep", "maxsplit"], args, kwargs)?;
    let maxsplit = match maxsplit {
        Some(m) => abs::as_ssize(&m, Some(exceptions::overflow_error()))?,
        None => -1,
    };
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut parts: Vec<&[u8]> = Vec::new();
    match sep.filter(|s| !object::is_none(s)) {
        None => {
            let mut j = data.len();
            while j > 0 {
                while j > 0 && is_space(data[j - 1]) {
                    j -= 1;
                }
                if j == 0 {
                    break;
                }
                if left == 0 {
                    parts.push(&data[..j]);
                    break;
                }
                let i = data[..j].iter().rposition(|&c| is_space(c)).map_or(0, |p| p + 1);
                parts.push(&data[i..j]);
                left -= 1;
                j = i;
            }
        }
        Some(s) => {
            let sep = buffer_arg(&s)?;
            if sep.is_empty() {
                return Err(errors::set_string(exceptions::value_error(), "empty separator"));
            }
            let mut rest: &[u8] = &data;
            while left > 0 {
                let Some(p) = rfind_sub(rest, &sep) else { break };
                parts.push(&rest[p + sep.len()..]);
                rest = &rest[..p];
                left -= 1;
            }
            parts.push(rest);
        }
    }
    parts.reverse();
    parts_list(v, &parts)
}

/// `hex([sep[, bytes_per_sep]])` (`_Py_strhex_impl`): groups of
/// `bytes_per_sep` bytes counted from the right (from the left when
/// negative), joined by the one-character `sep`.
fn meth_hex(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let [sep, per] = params("hex", ["sep", "bytes_per_sep"], args, kwargs)?;
    let digits: Vec<String> = data.iter().map(|c| format!("{c:02x}")).collect();
    let Some(sep) = sep else {
        return unicodeobject::from_string(digits.concat()).map(into_obj);
    };
    let sep_char: char = if let Some(s) = downcast::<StrObject>(&sep) {
        let cps: Vec<u32> = s.data().iter().collect();
        match cps.as_slice() {
            [c] if *c < 128 => char::from(*c as u8),
            [_] => return Err(errors::set_string(exceptions::value_error(), "sep must be ASCII.")),
            _ => return Err(errors::set_string(exceptions::value_error(), "sep must be length 1.")),
        }
    } else if let Some(b) = bytes_like(&sep) {
        match *b {
            [c] if c < 128 => char::from(c),
            [_] => return Err(errors::set_string(exceptions::value_error(), "sep must be ASCII.")),
            _ => return Err(errors::set_string(exceptions::value_error(), "sep must be length 1.")),
        }
    } else {
        return Err(errors::set_string(exceptions::type_error(), "sep must be str or bytes."));
    };
    let per = match per {
        Some(p) => abs::as_ssize(&p, Some(exceptions::overflow_error()))?,
        None => 1,
    };
    let n = digits.len();
    let group = per.unsigned_abs();
    let mut out = String::with_capacity(n * 3);
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && group > 0 {
            let boundary = if per > 0 { (n - i).is_multiple_of(group) } else { i.is_multiple_of(group) };
            if boundary {
                out.push(sep_char);
            }
        }
        out.push_str(d);
    }
    unicodeobject::from_string(out).map(into_obj)
}

/// `bytes.maketrans(frm, to)` (a static method; the class argument is
/// ignored): the 256-byte table mapping each byte of `frm` to `to`'s.
fn meth_maketrans(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [frm, to] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("maketrans expected 2 arguments, got {}", args.len()),
        ));
    };
    let (frm, to) = (buffer_arg(frm)?, buffer_arg(to)?);
    if frm.len() != to.len() {
        return Err(errors::set_string(exceptions::value_error(), "maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (&f, &t) in frm.iter().zip(to.iter()) {
        table[usize::from(f)] = t;
    }
    new_obj(&table)
}

/// `translate(table, /, delete=b'')`: bytes in `delete` are dropped, the
/// rest mapped through the 256-byte `table` (or kept when it is None).
fn meth_translate(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = self_data(v)?;
    let [table, delete] = params("translate", ["table", "delete"], args, kwargs)?;
    let Some(table) = table else {
        return Err(errors::set_string(exceptions::type_error(), "translate expected at least 1 argument, got 0"));
    };
    let table: Option<Cow<'_, [u8]>> = if object::is_none(&table) {
        None
    } else {
        let t = buffer_arg(&table)?.into_owned();
        if t.len() != 256 {
            return Err(errors::set_string(exceptions::value_error(), "translation table must be 256 characters long"));
        }
        Some(Cow::Owned(t))
    };
    let delete: Vec<u8> = match delete {
        Some(d) => buffer_arg(&d)?.into_owned(),
        None => Vec::new(),
    };
    let out: Vec<u8> = data
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map_or(c, |t| t[usize::from(c)]))
        .collect();
    make_like(v, &out)
}

/// `bytes * n` (`bytes_repeat`).
fn bytes_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let b = as_b(v)?;
    if n == 1 && object::is_type(v, &BYTES_TYPE) {
        return Ok(object::new_ref(v));
    }
    if n <= 0 {
        return new_obj(&[]);
    }
    let Some(total) = b.as_bytes().len().checked_mul(n as usize).filter(|&t| t <= isize::MAX as usize / 2) else {
        return Err(errors::no_memory());
    };
    let mut out = Vec::with_capacity(total);
    for _ in 0..n {
        out.extend_from_slice(b.as_bytes());
    }
    new_obj(&out)
}

macro_rules! method {
    ($name:literal, $kind:ident($f:path), $doc:literal) => {
        MethodDef { ml_name: $name, ml_meth: MethodFn::$kind($f), ml_doc: Some($doc) }
    };
}

/// The method table of bytes and bytearray: the methods they share,
/// then each type's own.
macro_rules! shared_methods {
    ($($extra:expr),* $(,)?) => {
        [
        method!("capitalize", NoArgs(meth_capitalize), "B.capitalize() -> copy of B"),
        method!("center", FastCall(meth_center), "Return a centered string of length width."),
        method!("count", FastCall(meth_count), "Return the number of non-overlapping occurrences of subsection 'sub' in bytes B[start:end]."),
        method!("decode", FastCallKw(meth_decode), "Decode the bytes using the codec registered for encoding."),
        method!("endswith", FastCall(meth_endswith), "Return True if the bytes ends with the specified suffix, False otherwise."),
        method!("expandtabs", FastCallKw(meth_expandtabs), "Return a copy where all tab characters are expanded using spaces."),
        method!("find", FastCall(meth_find), "Return the lowest index in B where subsection 'sub' is found."),
        method!("fromhex", Class(meth_fromhex), "Create a bytes object from a string of hexadecimal numbers."),
        method!("hex", FastCallKw(meth_hex), "Create a string of hexadecimal numbers from a bytes object."),
        method!("index", FastCall(meth_index), "Return the lowest index in B where subsection 'sub' is found."),
        method!("isalnum", NoArgs(meth_isalnum), "B.isalnum() -> bool"),
        method!("isalpha", NoArgs(meth_isalpha), "B.isalpha() -> bool"),
        method!("isascii", NoArgs(meth_isascii), "B.isascii() -> bool"),
        method!("isdigit", NoArgs(meth_isdigit), "B.isdigit() -> bool"),
        method!("islower", NoArgs(meth_islower), "B.islower() -> bool"),
        method!("isspace", NoArgs(meth_isspace), "B.isspace() -> bool"),
        method!("istitle", NoArgs(meth_istitle), "B.istitle() -> bool"),
        method!("isupper", NoArgs(meth_isupper), "B.isupper() -> bool"),
        method!("join", O(meth_join), "Concatenate any number of bytes objects."),
        method!("ljust", FastCall(meth_ljust), "Return a left-justified string of length width."),
        method!("lower", NoArgs(meth_lower), "B.lower() -> copy of B"),
        method!("lstrip", FastCall(meth_lstrip), "Strip leading bytes contained in the argument."),
        method!("partition", O(meth_partition), "Partition the bytes into three parts using the given separator."),
        method!("removeprefix", O(meth_removeprefix), "Return a bytes object with the given prefix string removed if present."),
        method!("removesuffix", O(meth_removesuffix), "Return a bytes object with the given suffix string removed if present."),
        method!("replace", FastCall(meth_replace), "Return a copy with all occurrences of substring old replaced by new."),
        method!("rfind", FastCall(meth_rfind), "Return the highest index in B where subsection 'sub' is found."),
        method!("rindex", FastCall(meth_rindex), "Return the highest index in B where subsection 'sub' is found."),
        method!("rjust", FastCall(meth_rjust), "Return a right-justified string of length width."),
        method!("rpartition", O(meth_rpartition), "Partition the bytes into three parts using the given separator."),
        method!("rsplit", FastCallKw(meth_rsplit), "Return a list of the sections in the bytes, using sep as the delimiter."),
        method!("rstrip", FastCall(meth_rstrip), "Strip trailing bytes contained in the argument."),
        method!("split", FastCallKw(meth_split), "Return a list of the sections in the bytes, using sep as the delimiter."),
        method!("splitlines", FastCallKw(meth_splitlines), "Return a list of the lines in the bytes, breaking at line boundaries."),
        method!("startswith", FastCall(meth_startswith), "Return True if the bytes starts with the specified prefix, False otherwise."),
        method!("strip", FastCall(meth_strip), "Strip leading and trailing bytes contained in the argument."),
        method!("swapcase", NoArgs(meth_swapcase), "B.swapcase() -> copy of B"),
        method!("title", NoArgs(meth_title), "B.title() -> copy of B"),
        method!("upper", NoArgs(meth_upper), "B.upper() -> copy of B"),
        method!("maketrans", Class(meth_maketrans), "Return a translation table usable for the bytes or bytearray translate method."),
    method!("translate", FastCallKw(meth_translate), "Return a copy with each character mapped by the given translation table."),
    method!("zfill", O(meth_zfill), "Pad a numeric string with zeros on the left, to fill a field of the given width."),
            $($extra),*
        ]
    };
}

static BYTES_METHODS: [MethodDef; 45] = shared_methods![
    method!("__getnewargs__", NoArgs(meth_getnewargs), ""),
    method!("__buffer__", O(crate::objects::memoryobject::meth_dunder_buffer), "Return a buffer object that exposes the underlying memory of the object."),
    method!("__bytes__", NoArgs(meth_bytes), "Convert this value to exact type bytes."),
];

/// bytearray's methods: the shared ones and its mutators.
pub(crate) static BYTEARRAY_METHODS: [MethodDef; 54] = shared_methods![
    method!("__alloc__", NoArgs(bytearrayobject::meth_alloc), "B.__alloc__() -> int"),
    method!("__buffer__", O(crate::objects::memoryobject::meth_dunder_buffer), "Return a buffer object that exposes the underlying memory of the object."),
    method!("__release_buffer__", O(crate::objects::memoryobject::meth_dunder_release_buffer), "Release the buffer object that exposes the underlying memory of the object."),
    method!("__sizeof__", NoArgs(bytearrayobject::meth_sizeof), "Returns the size of the bytearray object in memory, in bytes."),
    method!("append", O(bytearrayobject::meth_append), "Append a single item to the end of the bytearray."),
    method!("clear", NoArgs(bytearrayobject::meth_clear), "Remove all items from the bytearray."),
    method!("copy", NoArgs(bytearrayobject::meth_copy), "Return a copy of B."),
    method!("extend", O(bytearrayobject::meth_extend), "Append all the items from the iterator or sequence to the end of the bytearray."),
    method!("insert", FastCall(bytearrayobject::meth_insert), "Insert a single item into the bytearray before the given index."),
    method!("pop", FastCall(bytearrayobject::meth_pop), "Remove and return a single item from B."),
    method!("remove", O(bytearrayobject::meth_remove), "Remove the first occurrence of a value in the bytearray."),
    method!("reverse", NoArgs(bytearrayobject::meth_reverse), "Reverse the order of the values in B in place."),
];

/// `bytes___getnewargs__`.
fn meth_getnewargs(v: &PyObject) -> PyResult<ObjRef> {
    let b = new_obj(&self_data(v)?)?;
    crate::objects::tupleobject::from_slice(&[&b]).map(into_obj)
}

/// `bytes___bytes___impl`: an exact bytes of the same value.
fn meth_bytes(v: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(v, &BYTES_TYPE) {
        return Ok(object::new_ref(v));
    }
    new_obj(&self_data(v)?)
}


/// `bytes` (`PyBytes_Type`).
pub static BYTES_TYPE: TypeObject = TypeObject::new_static(
    "bytes",
    size_of::<BytesObject>(),
    bytes_dealloc,
    TypeSlots {
        tp_repr: Some(bytes_repr),
        tp_hash: Some(bytes_hash),
        tp_richcompare: Some(bytes_richcompare),
        tp_iter: Some(bytes_iter),
        tp_new: Some(bytes_new),
        nb_remainder: Some(crate::objects::unicode_format::bytes_mod),
        sq_length: Some(bytes_len),
        sq_concat: Some(bytes_concat),
        sq_repeat: Some(bytes_repeat),
        sq_item: Some(bytes_item),
        sq_contains: Some(bytes_contains),
        mp_length: Some(bytes_len),
        mp_subscript: Some(bytes_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BYTES_SUBCLASS | flags::BASETYPE)
.with_itemsize(1)
.with_methods(&BYTES_METHODS)
.with_doc("bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\nbytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\nbytes(int) -> bytes object of size given by the parameter initialized with null bytes\nbytes() -> empty bytes object\n\nConstruct an immutable array of bytes from:\n  - an iterable yielding integers in range(256)\n  - a text string encoded using the specified encoding\n  - any object implementing the buffer API.\n  - an integer");

/// A `bytes_iterator` / `bytearray_iterator` (`striterobject`,
/// `bytesiterobject`): yields the byte values; a bytearray's current
/// contents are read (under its lock) at each step.
#[repr(C)]
pub struct BytesIterObject {
    ob_base: ObjectHeader,
    /// `it_index`.
    index: AtomicIsize,
    /// `it_seq`; emptied when exhausted.
    seq: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for BytesIterObject {}

fn as_bytes_iter(v: &PyObject) -> PyResult<&BytesIterObject> {
    if object::is_type(v, &BYTES_ITER_TYPE) || object::is_type(v, &BYTEARRAY_ITER_TYPE) {
        // SAFETY: both iterator types have the BytesIterObject layout.
        return Ok(unsafe { &*core::ptr::from_ref(v).cast::<BytesIterObject>() });
    }
    Err(errors::bad_internal_call())
}

fn new_bytes_iter(v: &PyObject, ty: &'static TypeObject) -> PyResult<ObjRef> {
    object::new_object(BytesIterObject {
        ob_base: ObjectHeader::new(&ty.head),
        index: AtomicIsize::new(0),
        seq: ObjSlot::new(Some(object::new_ref(v))),
    })
    .map(into_obj)
}

/// `bytes_iter`.
fn bytes_iter(v: &PyObject) -> PyResult<ObjRef> {
    new_bytes_iter(v, &BYTES_ITER_TYPE)
}

/// `bytearray_iter`.
pub(crate) fn bytearray_iter(v: &PyObject) -> PyResult<ObjRef> {
    new_bytes_iter(v, &BYTEARRAY_ITER_TYPE)
}

/// The byte at `i` of a bytes or bytearray.
fn byte_at(seq: &PyObject, i: isize) -> Option<u8> {
    let i = usize::try_from(i).ok()?;
    if let Some(b) = downcast::<BytesObject>(seq) {
        return b.as_bytes().get(i).copied();
    }
    downcast::<ByteArrayObject>(seq).and_then(|ba| ba.byte_at(i))
}

/// `striter_next` / `bytearrayiter_next`.
fn bytesiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = as_bytes_iter(v)?;
    let Some(seq) = it.seq.get() else { return Ok(None) };
    let i = it.index.load(Ordering::Relaxed);
    match byte_at(&seq, i) {
        Some(c) => {
            it.index.store(i + 1, Ordering::Relaxed);
            longobject::from_i64(i64::from(c)).map(Some)
        }
        None => {
            it.seq.set(None);
            Ok(None)
        }
    }
}

/// `__length_hint__`.
fn bytesiter_len(v: &PyObject) -> PyResult<ObjRef> {
    let it = as_bytes_iter(v)?;
    let n = match it.seq.get() {
        Some(seq) => (abs::size(&seq)? - it.index.load(Ordering::Relaxed)).max(0),
        None => 0,
    };
    longobject::from_i64(n as i64)
}

/// `striter_reduce` / `bytearrayiter_reduce`: `iter(b)` advanced by
/// `__setstate__`, or `iter(())` once exhausted.
fn bytesiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    use crate::objects::iterobject::reduce_to_builtin;
    let it = as_bytes_iter(v)?;
    match it.seq.get() {
        Some(seq) => {
            let index = longobject::from_i64(it.index.load(Ordering::Relaxed) as i64)?;
            reduce_to_builtin("iter", &[&seq], Some(&index))
        }
        None => reduce_to_builtin("iter", &[&into_obj(crate::objects::tupleobject::from_slice(&[])?)], None),
    }
}

/// `striter_setstate` / `bytearrayiter_setstate`: the index, clipped to
/// the object's size.
fn bytesiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = as_bytes_iter(v)?;
    let index = crate::objects::iterobject::setstate_index(state)?;
    if let Some(seq) = it.seq.get() {
        it.index.store(index.clamp(0, abs::size(&seq)?), Ordering::Relaxed);
    }
    Ok(object::none())
}

static BYTES_ITER_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(bytesiter_len),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef {
        ml_name: "__reduce__",
        ml_meth: MethodFn::NoArgs(bytesiter_reduce),
        ml_doc: crate::objects::iterobject::REDUCE_DOC,
    },
    MethodDef {
        ml_name: "__setstate__",
        ml_meth: MethodFn::O(bytesiter_setstate),
        ml_doc: crate::objects::iterobject::SETSTATE_DOC,
    },
];

const BYTES_ITER_SLOTS: TypeSlots = TypeSlots {
    tp_iter: Some(crate::objects::iterobject::self_iter),
    tp_iternext: Some(bytesiter_next),
    ..TypeSlots::EMPTY
};

/// `bytes_iterator` (`PyBytesIter_Type`).
pub static BYTES_ITER_TYPE: TypeObject = TypeObject::new_static(
    "bytes_iterator",
    size_of::<BytesIterObject>(),
    object::dealloc_simple::<BytesIterObject>,
    BYTES_ITER_SLOTS,
)
.with_methods(&BYTES_ITER_METHODS);

/// `bytearray_iterator` (`PyByteArrayIter_Type`).
pub static BYTEARRAY_ITER_TYPE: TypeObject = TypeObject::new_static(
    "bytearray_iterator",
    size_of::<BytesIterObject>(),
    object::dealloc_simple::<BytesIterObject>,
    BYTES_ITER_SLOTS,
)
.with_methods(&BYTES_ITER_METHODS);
