//! `bytearray`, ported from Objects/bytearrayobject.c: a mutable byte
//! buffer with the bytes methods (shared with bytes through
//! `bytesobject::BYTEARRAY_METHODS`) plus the mutators `append`, `extend`,
//! `insert`, `pop`, `remove`, `clear`, `copy`, `reverse`, item and slice
//! assignment and deletion (any step), `+=`, `*` and `*=`.
//!
//! Threads: as 3.14t, every access to the buffer, reads included, runs
//! inside the object's critical section (`with_data` / `with_data_mut`);
//! no Python code runs while the buffer is borrowed (arguments are
//! converted to plain bytes first). The length is also kept in an atomic
//! so `len()` needs no lock.

use core::cell::UnsafeCell;
use std::sync::atomic::{AtomicIsize, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::bytesobject;
use crate::objects::dictobject::DictObject;
use crate::objects::longobject;
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::sliceobject::{self, SliceObject};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{self, TypeObject, TypeSlots, flags, heaptype};
use crate::objects::{r#abstract as abs, boolobject, exceptions, unicodeobject};

/// A `bytearray` (`PyByteArrayObject`).
#[repr(C)]
pub struct ByteArrayObject {
    ob_base: ObjectHeader,
    /// `ob_size`, readable without the lock.
    ob_size: AtomicIsize,
    /// The bytes; only touched inside the object's critical section.
    data: UnsafeCell<Vec<u8>>,
    /// `ob_exports`: live memoryviews; while any, the size is fixed.
    exports: AtomicIsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ByteArrayObject {}

// SAFETY: the buffer is only accessed inside the object's critical
// section (`with_data`, `with_data_mut`); the length is an atomic.
unsafe impl Sync for ByteArrayObject {}

impl PyClass for ByteArrayObject {
    fn type_object() -> &'static TypeObject {
        &BYTEARRAY_TYPE
    }
}

impl ByteArrayObject {
    /// `PyByteArray_GET_SIZE`.
    pub fn len(&self) -> usize {
        self.ob_size.load(Ordering::Relaxed) as usize
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs `f` on the bytes inside the critical section. `f` must not
    /// call Python code.
    pub(crate) fn with_data<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        object::critical_section(object::as_obj(self), || {
            // SAFETY: the critical section excludes writers on other
            // threads, and no borrow on this thread spans Python code.
            f(unsafe { &*self.data.get() })
        })
    }

    /// Runs `f` on the bytes, mutably, inside the critical section, then
    /// publishes the new length. `f` must not call Python code.
    pub(crate) fn with_data_mut<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        object::critical_section(object::as_obj(self), || {
            // SAFETY: as in with_data; this is the only borrow.
            let v = unsafe { &mut *self.data.get() };
            let r = f(v);
            self.ob_size.store(v.len() as isize, Ordering::Relaxed);
            r
        })
    }

    /// Runs a size-changing `f` on the bytes, unless a memoryview
    /// exports them (`_canresize`: BufferError).
    fn with_data_resize<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> PyResult<R>) -> PyResult<R> {
        self.with_data_mut(|v| {
            self.check_resizable()?;
            f(v)
        })
    }

    /// `_canresize` (caller holds the lock).
    fn check_resizable(&self) -> PyResult<()> {
        if self.exports.load(Ordering::Relaxed) > 0 {
            return Err(errors::set_string(
                exceptions::buffer_error(),
                "Existing exports of data: object cannot be re-sized",
            ));
        }
        Ok(())
    }

    /// A memoryview starts exporting the buffer.
    pub(crate) fn export(&self) {
        object::critical_section(object::as_obj(self), || self.exports.fetch_add(1, Ordering::Relaxed));
    }

    /// A memoryview stops exporting the buffer.
    pub(crate) fn unexport(&self) {
        object::critical_section(object::as_obj(self), || self.exports.fetch_sub(1, Ordering::Relaxed));
    }

    /// A copy of the bytes, taken under the lock.
    pub fn to_vec(&self) -> Vec<u8> {
        self.with_data(<[u8]>::to_vec)
    }

    /// The byte at `i`, read under the lock.
    pub fn byte_at(&self, i: usize) -> Option<u8> {
        self.with_data(|d| d.get(i).copied())
    }

    /// Appends `bytes`.
    pub fn extend_from_slice(&self, bytes: &[u8]) -> PyResult<()> {
        self.with_data_resize(|v| {
            v.try_reserve(bytes.len()).map_err(|_| errors::no_memory())?;
            v.extend_from_slice(bytes);
            Ok(())
        })
    }

    /// `bytearray.append(item)`.
    pub fn push(&self, b: u8) -> PyResult<()> {
        self.with_data_resize(|v| {
            v.try_reserve(1).map_err(|_| errors::no_memory())?;
            v.push(b);
            Ok(())
        })
    }
}

/// An empty bytearray of type `ty` (`PyType_GenericAlloc` for a
/// subclass).
fn new_of_type(ty: &TypeObject, data: Vec<u8>) -> PyResult<PyRef<ByteArrayObject>> {
    if core::ptr::eq(ty, &BYTEARRAY_TYPE) {
        let n = data.len() as isize;
        return object::new_object(ByteArrayObject {
            ob_base: ObjectHeader::new(&BYTEARRAY_TYPE.head),
            ob_size: AtomicIsize::new(n),
            data: UnsafeCell::new(data),
            exports: AtomicIsize::new(0),
        });
    }
    // SAFETY: a subtype's layout starts with ByteArrayObject; the atomic is
    // valid zeroed and the buffer is written below before any use.
    let b = unsafe { heaptype::generic_alloc::<ByteArrayObject>(ty) }?;
    b.ob_size.store(data.len() as isize, Ordering::Relaxed);
    // SAFETY: nothing has read the zeroed buffer; writing it without
    // dropping the invalid zeroed value is what initializes it.
    unsafe { b.data.get().write(data) };
    Ok(b)
}

/// `PyByteArray_FromStringAndSize`.
pub fn from_bytes(data: &[u8]) -> PyResult<PyRef<ByteArrayObject>> {
    new_of_type(&BYTEARRAY_TYPE, data.to_vec())
}

fn as_ba(v: &PyObject) -> PyResult<&ByteArrayObject> {
    downcast::<ByteArrayObject>(v).ok_or_else(errors::bad_internal_call)
}

/// A byte value (`_getbytevalue`): an index-like int in range(256).
fn byte_value(v: &PyObject) -> PyResult<u8> {
    let i = abs::as_ssize(v, None)?;
    u8::try_from(i).map_err(|_| errors::set_string(exceptions::value_error(), "byte must be in range(0, 256)"))
}

/// The bytes of an iterable of ints (`bytearray_extend`'s slow path).
fn ints_of(iterable: &PyObject) -> PyResult<Vec<u8>> {
    let it = abs::get_iter(iterable)?;
    let mut out = Vec::new();
    while let Some(item) = abs::iter_next(&it)? {
        out.push(byte_value(&item)?);
    }
    Ok(out)
}

/// The bytes `bytearray(...)` / `__init__` starts from.
fn init_data(args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<Vec<u8>> {
    let mut params: [Option<ObjRef>; 3] = [None, None, None];
    if args.len() > 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("bytearray() takes at most 3 arguments ({} given)", args.len()),
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
                    &format!("bytearray() got an unexpected keyword argument '{name}'"),
                ));
            }
        };
        params[i] = Some(v);
    }
    let [source, encoding, errs] = params;
    let Some(x) = source else {
        if encoding.is_some() || errs.is_some() {
            let what = if encoding.is_some() { "encoding" } else { "errors" };
            return Err(errors::set_string(exceptions::type_error(), &format!("{what} without a string argument")));
        }
        return Ok(Vec::new());
    };
    if downcast::<unicodeobject::StrObject>(&x).is_some() {
        if encoding.is_none() {
            return Err(errors::set_string(exceptions::type_error(), "string argument without an encoding"));
        }
        // `str.encode` semantics through bytes(str, encoding, errors).
        let mut a: Vec<&PyObject> = vec![&x];
        a.extend(encoding.as_deref());
        a.extend(errs.as_deref());
        let b = object::call(object::as_obj(&bytesobject::BYTES_TYPE), &a)?;
        return Ok(bytesobject::bytes_like(&b).map(|c| c.into_owned()).unwrap_or_default());
    }
    if encoding.is_some() || errs.is_some() {
        let what = if encoding.is_some() { "encoding" } else { "errors" };
        return Err(errors::set_string(exceptions::type_error(), &format!("{what} without a string argument")));
    }
    if let Some(b) = bytesobject::bytes_like(&x) {
        return Ok(b.into_owned());
    }
    if sliceobject::index_check(&x) {
        let n = abs::as_ssize(&x, Some(exceptions::overflow_error()))?;
        if n < 0 {
            return Err(errors::set_string(exceptions::value_error(), "negative count"));
        }
        let mut v = Vec::new();
        v.try_reserve_exact(n as usize).map_err(|_| errors::no_memory())?;
        v.resize(n as usize, 0);
        return Ok(v);
    }
    match abs::get_iter(&x) {
        Ok(_) => ints_of(&x),
        Err(e) => {
            if errors::exception_matches(exceptions::type_error()) {
                errors::clear();
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("cannot convert '{}' object to bytearray", type_of(&x).name()),
                ));
            }
            Err(e)
        }
    }
}

/// `bytearray_new` (`PyType_GenericNew`): an empty bytearray of `ty`.
fn bytearray_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    new_of_type(ty, Vec::new()).map(into_obj)
}

/// `bytearray___init___impl`.
fn bytearray_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let data = init_data(args, kwds)?;
    let ba = as_ba(v)?;
    ba.with_data_resize(|d| {
        *d = data;
        Ok(())
    })
}

/// `bytearray_repr`: `bytearray(b'...')` (the type's name for a
/// subclass).
fn bytearray_repr(v: &PyObject) -> PyResult<ObjRef> {
    let data = as_ba(v)?.to_vec();
    let name = type_of(v).name().to_owned();
    unicodeobject::from_string(format!("{name}({})", bytesobject::repr_bytes(&data))).map(into_obj)
}

/// `bytearray_richcompare`: against any bytes-like object.
fn bytearray_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (bytesobject::bytes_like(v), bytesobject::bytes_like(w)) else {
        return Ok(object::not_implemented());
    };
    Ok(boolobject::from_bool(op.test(&*a, &*b)))
}

fn bytearray_len(v: &PyObject) -> PyResult<isize> {
    Ok(as_ba(v)?.len() as isize)
}

/// `bytearray_getitem`.
fn bytearray_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    let b = as_ba(v)?.with_data(|d| usize::try_from(i).ok().and_then(|i| d.get(i).copied()));
    match b {
        Some(c) => longobject::from_i64(i64::from(c)),
        None => Err(errors::set_string(exceptions::index_error(), "bytearray index out of range")),
    }
}

fn index_key_error(key: &PyObject) -> errors::ErrSet {
    errors::set_string(
        exceptions::type_error(),
        &format!("bytearray indices must be integers or slices, not {}", type_of(key).name()),
    )
}

/// `bytearray_subscript`: an int, or a new bytearray for a slice.
fn bytearray_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let ba = as_ba(v)?;
    if sliceobject::index_check(key) {
        let mut i = abs::as_ssize(key, Some(exceptions::index_error()))?;
        if i < 0 {
            i += ba.len() as isize;
        }
        return bytearray_item(v, i);
    }
    if let Some(s) = downcast::<SliceObject>(key) {
        let (start, stop, step) = s.unpack()?;
        let picked = ba.with_data(|d| {
            let (mut a, mut b) = (start, stop);
            let n = sliceobject::adjust_indices(d.len() as isize, &mut a, &mut b, step);
            sliceobject::positions(a, step, n).map(|i| d[i]).collect::<Vec<u8>>()
        });
        return from_bytes(&picked).map(into_obj);
    }
    Err(index_key_error(key))
}

/// The bytes a slice assignment puts in (`bytearray_setslice`'s
/// conversion).
fn assigned_bytes(values: &PyObject) -> PyResult<Vec<u8>> {
    if let Some(b) = bytesobject::bytes_like(values) {
        return Ok(b.into_owned());
    }
    if sliceobject::index_check(values) || downcast::<unicodeobject::StrObject>(values).is_some() {
        return Err(errors::set_string(
            exceptions::type_error(),
            "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
        ));
    }
    match abs::get_iter(values) {
        Ok(_) => ints_of(values),
        Err(e) => {
            if errors::exception_matches(exceptions::type_error()) {
                errors::clear();
                return Err(errors::set_string(
                    exceptions::type_error(),
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                ));
            }
            Err(e)
        }
    }
}

/// `bytearray_ass_subscript`: item or slice assignment and deletion.
fn bytearray_ass_subscript(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let ba = as_ba(v)?;
    if sliceobject::index_check(key) {
        let i = abs::as_ssize(key, Some(exceptions::index_error()))?;
        let b = match value {
            Some(val) => Some(byte_value(val)?),
            None => None,
        };
        return ba.with_data_mut(|d| {
            let n = d.len() as isize;
            let i = if i < 0 { i + n } else { i };
            if i < 0 || i >= n {
                return Err(errors::set_string(exceptions::index_error(), "bytearray index out of range"));
            }
            match b {
                Some(b) => d[i as usize] = b,
                None => {
                    ba.check_resizable()?;
                    d.remove(i as usize);
                }
            }
            Ok(())
        });
    }
    let Some(s) = downcast::<SliceObject>(key) else { return Err(index_key_error(key)) };
    let (start, stop, step) = s.unpack()?;
    let bytes = match value {
        Some(val) => Some(assigned_bytes(val)?),
        None => None,
    };
    ba.with_data_mut(|d| {
        let (mut a, mut b) = (start, stop);
        let n = sliceobject::adjust_indices(d.len() as isize, &mut a, &mut b, step);
        if step == 1 {
            let hi = b.max(a) as usize;
            let new = bytes.unwrap_or_default();
            if new.len() != hi - a as usize {
                ba.check_resizable()?;
            }
            d.splice(a as usize..hi, new);
            return Ok(());
        }
        let positions: Vec<usize> = sliceobject::positions(a, step, n).collect();
        match bytes {
            Some(bytes) => {
                if bytes.len() != positions.len() {
                    return Err(errors::set_string(
                        exceptions::value_error(),
                        &format!(
                            "attempt to assign bytes of size {} to extended slice of size {}",
                            bytes.len(),
                            positions.len()
                        ),
                    ));
                }
                for (&i, c) in positions.iter().zip(bytes) {
                    d[i] = c;
                }
            }
            None => {
                if !positions.is_empty() {
                    ba.check_resizable()?;
                }
                let mut del = vec![false; d.len()];
                for &i in &positions {
                    del[i] = true;
                }
                let mut k = 0;
                d.retain(|_| {
                    let keep = !del[k];
                    k += 1;
                    keep
                });
            }
        }
        Ok(())
    })
}

/// `bytearray_concat` (`+`): a new bytearray.
fn bytearray_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some(b) = bytesobject::bytes_like(w) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can't concat {} to {}", type_of(w).name(), type_of(v).name()),
        ));
    };
    let mut data = as_ba(v)?.to_vec();
    data.extend_from_slice(&b);
    from_bytes(&data).map(into_obj)
}

/// `bytearray_iconcat` (`+=`).
fn bytearray_iconcat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some(b) = bytesobject::bytes_like(w) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can't concat {} to {}", type_of(w).name(), type_of(v).name()),
        ));
    };
    as_ba(v)?.extend_from_slice(&b)?;
    Ok(object::new_ref(v))
}

/// The bytes of `data` repeated `n` times, or MemoryError.
fn repeated(data: &[u8], n: isize) -> PyResult<Vec<u8>> {
    if n <= 0 {
        return Ok(Vec::new());
    }
    let Some(total) = data.len().checked_mul(n as usize).filter(|&t| t <= isize::MAX as usize) else {
        return Err(errors::no_memory());
    };
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| errors::no_memory())?;
    for _ in 0..n {
        out.extend_from_slice(data);
    }
    Ok(out)
}

/// `bytearray_repeat` (`*`).
fn bytearray_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let data = as_ba(v)?.to_vec();
    from_bytes(&repeated(&data, n)?).map(into_obj)
}

/// `bytearray_irepeat` (`*=`).
fn bytearray_irepeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let ba = as_ba(v)?;
    ba.with_data_resize(|d| -> PyResult<()> {
        let r = repeated(d, n)?;
        *d = r;
        Ok(())
    })?;
    Ok(object::new_ref(v))
}

/// `bytearray_mod` (`bytearray % args`): bytes formatting of the
/// current contents, as a bytearray.
fn bytearray_mod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some(ba) = downcast::<ByteArrayObject>(v) else { return Ok(object::not_implemented()) };
    let fmt = bytesobject::from_bytes(&ba.to_vec())?;
    let r = crate::objects::unicode_format::bytes_mod(object::as_obj(&*fmt), w)?;
    match bytesobject::bytes_like(&r) {
        Some(b) => from_bytes(&b).map(into_obj),
        None => Ok(r),
    }
}

/// `bytearray_contains`.
fn bytearray_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    let ba = as_ba(v)?;
    if sliceobject::index_check(x) {
        let c = byte_value(x)?;
        return Ok(ba.with_data(|d| d.contains(&c)));
    }
    let Some(sub) = bytesobject::bytes_like(x) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("a bytes-like object is required, not '{}'", type_of(x).name()),
        ));
    };
    Ok(ba.with_data(|d| sub.is_empty() || d.windows(sub.len()).any(|w| w == &*sub)))
}

pub(crate) fn meth_append(v: &PyObject, item: &PyObject) -> PyResult<ObjRef> {
    let b = byte_value(item)?;
    as_ba(v)?.push(b)?;
    Ok(object::none())
}

/// `bytearray_extend`: a bytes-like object or an iterable of ints.
pub(crate) fn meth_extend(v: &PyObject, iterable: &PyObject) -> PyResult<ObjRef> {
    let data = match bytesobject::bytes_like(iterable) {
        Some(b) => b.into_owned(),
        None => {
            if downcast::<unicodeobject::StrObject>(iterable).is_some() {
                return Err(errors::set_string(exceptions::type_error(), "expected iterable of integers; got: 'str'"));
            }
            match abs::get_iter(iterable) {
                Ok(_) => ints_of(iterable)?,
                Err(e) => {
                    if errors::exception_matches(exceptions::type_error()) {
                        errors::clear();
                        return Err(errors::set_string(
                            exceptions::type_error(),
                            &format!("can't extend bytearray with {}", type_of(iterable).name()),
                        ));
                    }
                    return Err(e);
                }
            }
        }
    };
    as_ba(v)?.extend_from_slice(&data)?;
    Ok(object::none())
}

pub(crate) fn meth_insert(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [i, x] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("insert expected 2 arguments, got {}", args.len()),
        ));
    };
    let i = abs::as_ssize(i, Some(exceptions::overflow_error()))?;
    let b = byte_value(x)?;
    as_ba(v)?.with_data_resize(|d| {
        let n = d.len() as isize;
        let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
        d.insert(at as usize, b);
        Ok(())
    })?;
    Ok(object::none())
}

pub(crate) fn meth_pop(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let i = match args {
        [] => -1,
        [i] => abs::as_ssize(i, Some(exceptions::overflow_error()))?,
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("pop expected at most 1 argument, got {}", args.len()),
            ));
        }
    };
    let b = as_ba(v)?.with_data_resize(|d| {
        if d.is_empty() {
            return Err(errors::set_string(exceptions::index_error(), "pop from empty bytearray"));
        }
        let n = d.len() as isize;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(errors::set_string(exceptions::index_error(), "pop index out of range"));
        }
        Ok(d.remove(j as usize))
    })?;
    longobject::from_i64(i64::from(b))
}

pub(crate) fn meth_remove(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let b = byte_value(x)?;
    as_ba(v)?.with_data_resize(|d| match d.iter().position(|&c| c == b) {
        Some(p) => {
            d.remove(p);
            Ok(())
        }
        None => Err(errors::set_string(exceptions::value_error(), "value not found in bytearray")),
    })?;
    Ok(object::none())
}

pub(crate) fn meth_clear(v: &PyObject) -> PyResult<ObjRef> {
    as_ba(v)?.with_data_resize(|d| {
        d.clear();
        Ok(())
    })?;
    Ok(object::none())
}

pub(crate) fn meth_copy(v: &PyObject) -> PyResult<ObjRef> {
    from_bytes(&as_ba(v)?.to_vec()).map(into_obj)
}

pub(crate) fn meth_reverse(v: &PyObject) -> PyResult<ObjRef> {
    as_ba(v)?.with_data_mut(|d| d.reverse());
    Ok(object::none())
}

/// `bytearray___alloc__`: the allocated size (length + 1, CPython's
/// trailing NUL, as a lower bound).
pub(crate) fn meth_alloc(v: &PyObject) -> PyResult<ObjRef> {
    let n = as_ba(v)?.with_data(|d| d.len() + 1);
    longobject::from_i64(n as i64)
}

/// `bytearray___sizeof___impl`.
pub(crate) fn meth_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let cap = as_ba(v)?.with_data_mut(|d| d.capacity());
    longobject::from_i64((type_of(v).tp_basicsize + cap) as i64)
}

/// `bytearray` (`PyByteArray_Type`).
pub static BYTEARRAY_TYPE: TypeObject = TypeObject::new_static(
    "bytearray",
    size_of::<ByteArrayObject>(),
    object::dealloc_simple::<ByteArrayObject>,
    TypeSlots {
        tp_repr: Some(bytearray_repr),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(bytearray_richcompare),
        tp_iter: Some(bytesobject::bytearray_iter),
        tp_init: Some(bytearray_init),
        nb_remainder: Some(bytearray_mod),
        tp_new: Some(bytearray_new),
        sq_length: Some(bytearray_len),
        sq_concat: Some(bytearray_concat),
        sq_repeat: Some(bytearray_repeat),
        sq_item: Some(bytearray_item),
        sq_contains: Some(bytearray_contains),
        sq_inplace_concat: Some(bytearray_iconcat),
        sq_inplace_repeat: Some(bytearray_irepeat),
        mp_length: Some(bytearray_len),
        mp_subscript: Some(bytearray_subscript),
        mp_ass_subscript: Some(bytearray_ass_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&bytesobject::BYTEARRAY_METHODS)
.with_doc("bytearray(iterable_of_ints) -> bytearray\nbytearray(string, encoding[, errors]) -> bytearray\nbytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\nbytearray(int) -> bytes array of size given by the parameter initialized with null bytes\nbytearray() -> empty bytes array\n\nConstruct a mutable bytearray object from:\n  - an iterable yielding integers in range(256)\n  - a text string encoded using the specified encoding\n  - a bytes or a buffer object\n  - any object implementing the buffer API.\n  - an integer");
