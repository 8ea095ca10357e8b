//! `bytes`, ported from Objects/bytesobject.c (and the bytes parts of
//! Objects/bytes_methods.c): construction, `repr`, the cached hash,
//! comparison, indexing and slicing, concatenation, `in`, and the
//! methods `decode` (utf-8, ascii, latin-1; strict), `join`, `split`,
//! `startswith` / `endswith`, `find`, `hex` and `fromhex`.

use core::ptr::NonNull;
use std::sync::atomic::{AtomicIsize, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::sliceobject::{self, SliceObject};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};
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
    /// The bytes (`PyBytes_AS_STRING`, `PyBytes_GET_SIZE`).
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: ob_size initialized bytes follow the struct, written at
        // creation and immutable afterwards.
        unsafe {
            core::slice::from_raw_parts(
                core::ptr::from_ref(self).cast::<u8>().add(size_of::<BytesObject>()),
                self.ob_size as usize,
            )
        }
    }
}

/// `PyBytes_FromStringAndSize`.
pub fn from_bytes(data: &[u8]) -> PyResult<PyRef<BytesObject>> {
    let size = size_of::<BytesObject>().checked_add(data.len()).filter(|&n| n <= isize::MAX as usize);
    let Some(size) = size else { return Err(errors::no_memory()) };
    let p = object::alloc_raw(size)?;
    let b = BytesObject {
        ob_base: ObjectHeader::new(&BYTES_TYPE.head),
        ob_size: data.len() as isize,
        ob_shash: AtomicIsize::new(-1),
    };
    // SAFETY: a fresh allocation sized for the struct and the data.
    unsafe {
        p.cast::<BytesObject>().as_ptr().write(b);
        core::ptr::copy_nonoverlapping(data.as_ptr(), p.as_ptr().add(size_of::<BytesObject>()), data.len());
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
fn buffer_arg(v: &PyObject) -> PyResult<&[u8]> {
    match downcast::<BytesObject>(v) {
        Some(b) => Ok(b.as_bytes()),
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
        _ => return Err(unknown_encoding(encoding)),
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

fn unknown_encoding(e: &str) -> errors::ErrSet {
    errors::set_string(exceptions::lookup_error(), &format!("unknown encoding: {e}"))
}

/// `bytes_new`: `bytes()`, `bytes(int)`, `bytes(str, encoding)`,
/// `bytes(bytes)`, `bytes(iterable of ints)`.
fn bytes_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
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
    if let Some(b) = downcast::<BytesObject>(&x) {
        return new_obj(b.as_bytes());
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

/// `bytes_concat`.
fn bytes_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<BytesObject>(v), downcast::<BytesObject>(w)) else {
        let bad = if downcast::<BytesObject>(v).is_none() { v } else { w };
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can't concat {} to {}", type_of(bad).name(), type_of(v).name()),
        ));
    };
    new_obj(&[a.as_bytes(), b.as_bytes()].concat())
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
    let b = as_b(v)?;
    if sliceobject::index_check(x) {
        let c = byte_value(x, "byte must be in range(0, 256)")?;
        return Ok(b.as_bytes().contains(&c));
    }
    Ok(find_sub(b.as_bytes(), buffer_arg(x)?).is_some())
}

/// `bytes.decode(encoding='utf-8', errors='strict')`.
fn meth_decode(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = as_b(v)?.as_bytes();
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
    if let Some(e) = errs {
        check_strict("decode", &e)?;
    }
    match normalize_encoding(&enc).as_str() {
        "utf-8" | "utf8" => decode_utf8(data),
        "ascii" => match data.iter().position(|&c| c >= 128) {
            Some(pos) => Err(exceptions::set_unicode_decode_error("ascii", data, pos, pos + 1, "ordinal not in range(128)")),
            None => unicodeobject::from_string(String::from_utf8_lossy(data).into_owned()).map(into_obj),
        },
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => {
            let cps: Vec<u32> = data.iter().map(|&c| u32::from(c)).collect();
            unicodeobject::from_code_points(&cps).map(into_obj)
        }
        _ => Err(unknown_encoding(&enc)),
    }
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
    let sep = as_b(v)?.as_bytes();
    let items = abs::collect(iterable)?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let Some(b) = downcast::<BytesObject>(it) else {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("sequence item {i}: expected a bytes-like object, {} found", type_of(it).name()),
            ));
        };
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(b.as_bytes());
    }
    new_obj(&out)
}

/// `bytes.split(sep=None, maxsplit=-1)`.
fn meth_split(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let data = as_b(v)?.as_bytes();
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
    let objs: Vec<ObjRef> = parts.into_iter().map(new_obj).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = objs.iter().map(|r| &**r).collect();
    crate::objects::listobject::ListObject::from_slice(&refs).map(into_obj)
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
    let data = as_b(v)?.as_bytes();
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
        let Some(b) = downcast::<BytesObject>(p) else { return Ok(None) };
        let p = b.as_bytes();
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
    let data = as_b(v)?.as_bytes();
    if args.is_empty() || args.len() > 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &if args.is_empty() {
                "find expected at least 1 argument, got 0".to_owned()
            } else {
                format!("find expected at most 3 arguments, got {}", args.len())
            },
        ));
    }
    let byte;
    let sub: &[u8] = if sliceobject::index_check(&args[0]) {
        byte = [byte_value(&args[0], "byte must be in range(0, 256)")?];
        &byte
    } else {
        buffer_arg(&args[0])?
    };
    let (s, e) = window(data.len() as isize, args.get(1), args.get(2))?;
    if s > e || s as usize > data.len() || (e - s) < sub.len() as isize {
        return longobject::from_i64(-1);
    }
    let found = find_sub(&data[s as usize..e as usize], sub).map_or(-1, |p| p as i64 + s as i64);
    longobject::from_i64(found)
}

/// `bytes.hex()`: lowercase hex digits, no separator.
fn meth_hex(v: &PyObject) -> PyResult<ObjRef> {
    let s: String = as_b(v)?.as_bytes().iter().map(|c| format!("{c:02x}")).collect();
    unicodeobject::from_string(s).map(into_obj)
}

/// `bytes.fromhex(string)`: hex digit pairs, whitespace between pairs
/// ignored.
fn meth_fromhex(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
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
    new_obj(&out)
}

fn bad_hex(pos: usize) -> errors::ErrSet {
    errors::set_string(
        exceptions::value_error(),
        &format!("non-hexadecimal number found in fromhex() arg at position {pos}"),
    )
}

static BYTES_METHODS: [MethodDef; 8] = [
    MethodDef { ml_name: "decode", ml_meth: MethodFn::FastCallKw(meth_decode), ml_doc: Some("Decode the bytes using the codec registered for encoding.") },
    MethodDef { ml_name: "endswith", ml_meth: MethodFn::FastCall(meth_endswith), ml_doc: Some("Return True if the bytes ends with the specified suffix, False otherwise.") },
    MethodDef { ml_name: "find", ml_meth: MethodFn::FastCall(meth_find), ml_doc: Some("Return the lowest index in B where subsection 'sub' is found.") },
    MethodDef { ml_name: "fromhex", ml_meth: MethodFn::Class(meth_fromhex), ml_doc: Some("Create a bytes object from a string of hexadecimal numbers.") },
    MethodDef { ml_name: "hex", ml_meth: MethodFn::NoArgs(meth_hex), ml_doc: Some("Create a string of hexadecimal numbers from a bytes object.") },
    MethodDef { ml_name: "join", ml_meth: MethodFn::O(meth_join), ml_doc: Some("Concatenate any number of bytes objects.") },
    MethodDef { ml_name: "split", ml_meth: MethodFn::FastCallKw(meth_split), ml_doc: Some("Return a list of the sections in the bytes, using sep as the delimiter.") },
    MethodDef { ml_name: "startswith", ml_meth: MethodFn::FastCall(meth_startswith), ml_doc: Some("Return True if the bytes starts with the specified prefix, False otherwise.") },
];

/// `bytes` (`PyBytes_Type`).
pub static BYTES_TYPE: TypeObject = TypeObject::new_static(
    "bytes",
    size_of::<BytesObject>(),
    bytes_dealloc,
    TypeSlots {
        tp_repr: Some(bytes_repr),
        tp_hash: Some(bytes_hash),
        tp_richcompare: Some(bytes_richcompare),
        tp_new: Some(bytes_new),
        sq_length: Some(bytes_len),
        sq_concat: Some(bytes_concat),
        sq_item: Some(bytes_item),
        sq_contains: Some(bytes_contains),
        mp_length: Some(bytes_len),
        mp_subscript: Some(bytes_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BYTES_SUBCLASS)
.with_itemsize(1)
.with_methods(&BYTES_METHODS);
