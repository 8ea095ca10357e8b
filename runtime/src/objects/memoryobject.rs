//! `memoryview`, ported from Objects/memoryobject.c for one-dimensional
//! views of bytes and bytearray: native `struct` formats of one item
//! (`B b c h H i I l L q Q n N ? f d`), indexing, slicing with steps
//! (a new view on the same memory), item and slice assignment through a
//! writable view, `cast` of a contiguous byte view, `tobytes`, `tolist`,
//! `hex`, comparison by unpacked values, hashing of read-only byte views,
//! `release` and the context manager.
//!
//! A view of a bytearray counts as an export while it lives: the
//! bytearray then refuses to change size (`_canresize`), so the view's
//! byte offsets stay valid. Other native exporters (`array.array`) take
//! part through their type's `tp_as_buffer` slot ([`BufferProcs`]), with
//! the same export counting. Reads and writes of a bytearray's bytes go
//! through its critical section. Deviation: every view (sub-views
//! included) is its own export; CPython's views of one managed buffer
//! share it, so releasing a view with live sub-views raises there.

use core::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::bytearrayobject::ByteArrayObject;
use crate::objects::bytesobject::{self, BytesObject};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::sliceobject::{self, SliceObject};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{r#abstract as abs, boolobject, exceptions, floatobject, listobject, unicodeobject};

/// A `memoryview` (`PyMemoryViewObject`, one dimension).
#[repr(C)]
pub struct MemoryViewObject {
    ob_base: ObjectHeader,
    /// The exporter (bytes or bytearray).
    obj: ObjSlot,
    /// Byte offset of item 0.
    start: isize,
    /// Bytes between items (negative for reversed views).
    step: isize,
    /// Number of items.
    len: isize,
    /// Bytes per item.
    itemsize: isize,
    /// The `struct` format character.
    format: u8,
    readonly: bool,
    released: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MemoryViewObject {}

impl PyClass for MemoryViewObject {
    fn type_object() -> &'static TypeObject {
        &MEMORYVIEW_TYPE
    }
}

/// What a native exporter other than bytes and bytearray tells a
/// consumer (the fields of `Py_buffer` rupy uses).
pub struct BufferInfo {
    /// The `struct` format character of an item.
    pub format: u8,
    /// Bytes per item.
    pub itemsize: isize,
    /// Bytes in the buffer.
    pub len: isize,
    pub readonly: bool,
}

/// `PyBufferProcs` of a native type (its `tp_as_buffer` slot): bytes and
/// bytearray are known to the runtime directly; other exporters, such as
/// `array.array`, describe themselves through these functions. The
/// exporter's bytes are only touched through `read`/`write`, which run
/// the consumer's closure under the exporter's own lock (the closure
/// calls no Python code).
pub struct BufferProcs {
    /// `bf_getbuffer`: describes the buffer and counts an export, during
    /// which the exporter keeps its size.
    pub get: fn(&PyObject) -> PyResult<BufferInfo>,
    /// `bf_releasebuffer`: ends an export counted by `get`.
    pub release: fn(&PyObject),
    /// Runs the closure on the bytes.
    pub read: ReadBufferFn,
    /// Runs the closure on the bytes, writable.
    pub write: WriteBufferFn,
}

/// [`BufferProcs::read`].
pub type ReadBufferFn = fn(&PyObject, &mut dyn FnMut(&[u8])) -> PyResult<()>;

/// [`BufferProcs::write`].
pub type WriteBufferFn = fn(&PyObject, &mut dyn FnMut(&mut [u8])) -> PyResult<()>;

/// The buffer functions of a native exporter's type.
pub fn buffer_procs(obj: &PyObject) -> Option<&'static BufferProcs> {
    type_of(obj).slots.tp_as_buffer.get()
}

/// A copy of the bytes of a native exporter (not bytes, bytearray or
/// memoryview), or None if `obj` exports no buffer.
pub fn exporter_bytes(obj: &PyObject) -> Option<Vec<u8>> {
    let p = buffer_procs(obj)?;
    let mut out = Vec::new();
    match (p.read)(obj, &mut |b| out.extend_from_slice(b)) {
        Ok(()) => Some(out),
        Err(e) => {
            drop(e);
            errors::clear();
            None
        }
    }
}

/// `PyObject_GetBuffer(PyBUF_WRITABLE)` for a copy into the object:
/// runs `f` on the writable bytes of a bytearray, a writable contiguous
/// memoryview or a native exporter; `Ok(None)` for anything else.
pub fn with_writable_buffer<R>(obj: &PyObject, f: impl FnOnce(&mut [u8]) -> R) -> PyResult<Option<R>> {
    if let Some(ba) = downcast::<ByteArrayObject>(obj) {
        return Ok(Some(ba.with_data_mut(|d| f(d))));
    }
    if let Some(m) = downcast::<MemoryViewObject>(obj) {
        if m.readonly || m.step != m.itemsize {
            return Ok(None);
        }
        let (start, n) = (m.start as usize, (m.len * m.itemsize) as usize);
        return m.with_bytes_mut(|d| f(&mut d[start..start + n])).map(Some);
    }
    let Some(p) = buffer_procs(obj) else { return Ok(None) };
    let mut f = Some(f);
    let mut out = None;
    (p.write)(obj, &mut |d| {
        if let Some(f) = f.take() {
            out = Some(f(d));
        }
    })?;
    Ok(out)
}

/// Ends the export a view of `src` counted.
fn unexport(src: &PyObject) {
    if let Some(ba) = downcast::<ByteArrayObject>(src) {
        ba.unexport();
    } else if let Some(p) = buffer_procs(src) {
        (p.release)(src);
    }
}

/// The size of a supported native format, or None.
fn format_size(f: u8) -> Option<isize> {
    Some(match f {
        b'B' | b'b' | b'c' | b'?' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'd' => 8,
        _ => return None,
    })
}

fn new_view(obj: &PyObject, start: isize, step: isize, len: isize, itemsize: isize, format: u8, readonly: bool) -> PyResult<ObjRef> {
    if let Some(ba) = downcast::<ByteArrayObject>(obj) {
        ba.export();
    } else if let Some(p) = buffer_procs(obj) {
        (p.get)(obj)?;
    }
    view_of_export(obj, start, step, len, itemsize, format, readonly)
}

/// A view of `obj`, whose export is already counted (and is ended again
/// if the view cannot be made).
fn view_of_export(obj: &PyObject, start: isize, step: isize, len: isize, itemsize: isize, format: u8, readonly: bool) -> PyResult<ObjRef> {
    let view = object::new_object(MemoryViewObject {
        ob_base: ObjectHeader::new(&MEMORYVIEW_TYPE.head),
        obj: ObjSlot::new(Some(object::new_ref(obj))),
        start,
        step,
        len,
        itemsize,
        format,
        readonly,
        released: AtomicBool::new(false),
    });
    match view {
        Ok(v) => Ok(into_obj(v)),
        Err(e) => {
            unexport(obj);
            Err(e)
        }
    }
}

/// `PyMemoryView_FromObject`.
pub fn from_object(obj: &PyObject) -> PyResult<ObjRef> {
    if let Some(m) = downcast::<MemoryViewObject>(obj) {
        let src = m.source()?;
        return new_view(&src, m.start, m.step, m.len, m.itemsize, m.format, m.readonly);
    }
    if let Some(b) = downcast::<BytesObject>(obj) {
        return new_view(obj, 0, 1, b.as_bytes().len() as isize, 1, b'B', true);
    }
    if let Some(ba) = downcast::<ByteArrayObject>(obj) {
        return new_view(obj, 0, 1, ba.len() as isize, 1, b'B', false);
    }
    if let Some(p) = buffer_procs(obj) {
        let info = (p.get)(obj)?;
        let n = if info.itemsize > 0 { info.len / info.itemsize } else { 0 };
        return view_of_export(obj, 0, info.itemsize, n, info.itemsize, info.format, info.readonly);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("memoryview: a bytes-like object is required, not '{}'", type_of(obj).name()),
    ))
}

fn as_mv(v: &PyObject) -> PyResult<&MemoryViewObject> {
    downcast::<MemoryViewObject>(v).ok_or_else(errors::bad_internal_call)
}

impl MemoryViewObject {
    /// The exporter, or ValueError once released (`CHECK_RELEASED`).
    fn source(&self) -> PyResult<ObjRef> {
        match self.obj.get() {
            Some(o) if !self.released.load(Ordering::Relaxed) => Ok(o),
            _ => Err(errors::set_string(exceptions::value_error(), "operation forbidden on released memoryview object")),
        }
    }

    /// Runs `f` on the exporter's bytes (under a bytearray's lock).
    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
        let src = self.source()?;
        if let Some(b) = downcast::<BytesObject>(&src) {
            return Ok(f(b.as_bytes()));
        }
        if let Some(ba) = downcast::<ByteArrayObject>(&src) {
            return Ok(ba.with_data(f));
        }
        let p = buffer_procs(&src).ok_or_else(errors::bad_internal_call)?;
        let mut f = Some(f);
        let mut out = None;
        (p.read)(&src, &mut |d| out = f.take().map(|f| f(d)))?;
        out.ok_or_else(errors::bad_internal_call)
    }

    /// Runs `f` on a writable exporter's bytes.
    fn with_bytes_mut<R>(&self, f: impl FnOnce(&mut [u8]) -> R) -> PyResult<R> {
        if self.readonly {
            return Err(errors::set_string(exceptions::type_error(), "cannot modify read-only memory"));
        }
        let src = self.source()?;
        if let Some(ba) = downcast::<ByteArrayObject>(&src) {
            return Ok(ba.with_data_mut(|d| f(d)));
        }
        let p = buffer_procs(&src).ok_or_else(errors::bad_internal_call)?;
        let mut f = Some(f);
        let mut out = None;
        (p.write)(&src, &mut |d| out = f.take().map(|f| f(d)))?;
        out.ok_or_else(errors::bad_internal_call)
    }

    /// The byte offset of item `i`.
    fn offset(&self, i: isize) -> usize {
        (self.start + i * self.step) as usize
    }

    /// The bytes of the view, in item order (`tobytes`).
    fn to_vec(&self) -> PyResult<Vec<u8>> {
        self.with_bytes(|d| {
            let mut out = Vec::with_capacity((self.len * self.itemsize) as usize);
            for i in 0..self.len {
                let o = self.offset(i);
                out.extend_from_slice(&d[o..o + self.itemsize as usize]);
            }
            out
        })
    }
}

/// An exporter's format this module cannot unpack (an array's `w`).
fn unsupported_format(format: u8) -> errors::ErrSet {
    errors::set_string(
        exceptions::not_implemented_error(),
        &format!("memoryview: format {} not supported", char::from(format)),
    )
}

/// `unpack_single`: one item's value.
fn unpack(format: u8, b: &[u8]) -> PyResult<ObjRef> {
    macro_rules! int {
        ($t:ty) => {{
            let v = <$t>::from_ne_bytes(b.try_into().map_err(|_| errors::bad_internal_call())?);
            longobject::from_bigint(num_bigint::BigInt::from(v))
        }};
    }
    match format {
        b'B' => longobject::from_i64(i64::from(b[0])),
        b'b' => longobject::from_i64(i64::from(b[0] as i8)),
        b'c' => bytesobject::from_bytes(&b[..1]).map(into_obj),
        b'?' => Ok(boolobject::from_bool(b[0] != 0)),
        b'h' => int!(i16),
        b'H' => int!(u16),
        b'i' => int!(i32),
        b'I' => int!(u32),
        b'l' | b'q' | b'n' => int!(i64),
        b'L' | b'Q' | b'N' => int!(u64),
        b'f' => floatobject::from_f64(f64::from(f32::from_ne_bytes(b.try_into().map_err(|_| errors::bad_internal_call())?))),
        b'd' => floatobject::from_f64(f64::from_ne_bytes(b.try_into().map_err(|_| errors::bad_internal_call())?)),
        _ => Err(unsupported_format(format)),
    }
}

/// `pack_single`: the bytes of `v` in `format`, with CPython's errors.
fn pack(format: u8, v: &PyObject) -> PyResult<Vec<u8>> {
    let invalid = || {
        errors::set_string(
            exceptions::value_error(),
            &format!("memoryview: invalid value for format '{}'", char::from(format)),
        )
    };
    let type_err = |what: &str| {
        errors::set_string(
            exceptions::type_error(),
            &format!("memoryview: invalid type for format '{}'{what}", char::from(format)),
        )
    };
    match format {
        b'c' => match bytesobject::bytes_like(v) {
            Some(b) if b.len() == 1 => Ok(b.into_owned()),
            Some(_) => Err(invalid()),
            None => Err(type_err("")),
        },
        b'?' => Ok(vec![u8::from(object::is_true(v)?)]),
        b'f' | b'd' => {
            let x = match downcast::<crate::objects::floatobject::FloatObject>(v) {
                Some(f) => f.value(),
                None => match downcast::<IntObject>(v).and_then(IntObject::as_i64) {
                    Some(i) => i as f64,
                    None => return Err(type_err("")),
                },
            };
            Ok(if format == b'f' { (x as f32).to_ne_bytes().to_vec() } else { x.to_ne_bytes().to_vec() })
        }
        _ => {
            if downcast::<IntObject>(v).is_none() && type_of(v).slots.nb_index.get().is_none() {
                return Err(type_err(""));
            }
            let i = abs::index(v)?;
            let n = downcast::<IntObject>(&i).map(IntObject::to_bigint).ok_or_else(errors::bad_internal_call)?;
            macro_rules! int {
                ($t:ty) => {
                    <$t>::try_from(&n).map(|x| x.to_ne_bytes().to_vec()).map_err(|_| invalid())
                };
            }
            match format {
                b'B' => int!(u8),
                b'b' => int!(i8),
                b'h' => int!(i16),
                b'H' => int!(u16),
                b'i' => int!(i32),
                b'I' => int!(u32),
                b'l' | b'q' | b'n' => int!(i64),
                b'L' | b'Q' | b'N' => int!(u64),
                _ => Err(unsupported_format(format)),
            }
        }
    }
}

/// `memory_new`: `memoryview(object)`.
fn memory_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut obj = args.as_slice().first().cloned();
    if args.len() > 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("memoryview() takes at most 1 argument ({} given)", args.len()),
        ));
    }
    for (k, v) in kwds.map(DictObject::items).unwrap_or_default() {
        if object::str_lossy(&k) != "object" || obj.is_some() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("memoryview() got an unexpected keyword argument '{}'", object::str_lossy(&k)),
            ));
        }
        obj = Some(v);
    }
    let Some(obj) = obj else {
        return Err(errors::set_string(
            exceptions::type_error(),
            "memoryview() missing required argument 'object' (pos 1)",
        ));
    };
    from_object(&obj)
}

/// `memory_dealloc`: a live view stops exporting.
unsafe fn memory_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: a dead memoryview; its fields are intact until dropped.
    let m = unsafe { op.cast::<MemoryViewObject>().as_ref() };
    if !m.released.swap(true, Ordering::Relaxed)
        && let Some(src) = m.obj.get()
    {
        unexport(&src);
    }
    // SAFETY: as tp_dealloc, once.
    unsafe { object::dealloc_simple::<MemoryViewObject>(op) };
}

/// `memory_release`.
fn meth_release(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    if !m.released.swap(true, Ordering::Relaxed)
        && let Some(src) = m.obj.get()
    {
        unexport(&src);
    }
    Ok(object::none())
}

fn meth_enter(v: &PyObject) -> PyResult<ObjRef> {
    as_mv(v)?.source()?;
    Ok(object::new_ref(v))
}

fn meth_exit(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    meth_release(v)
}

fn memory_len(v: &PyObject) -> PyResult<isize> {
    let m = as_mv(v)?;
    m.source()?;
    Ok(m.len)
}

fn item(m: &MemoryViewObject, i: isize) -> PyResult<ObjRef> {
    let i = if i < 0 { i + m.len } else { i };
    if i < 0 || i >= m.len {
        return Err(errors::set_string(exceptions::index_error(), "index out of bounds on dimension 1"));
    }
    let o = m.offset(i);
    let bytes = m.with_bytes(|d| d[o..o + m.itemsize as usize].to_vec())?;
    unpack(m.format, &bytes)
}

fn memory_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    item(as_mv(v)?, i)
}

/// `memory_subscript`: an item, or a view of the slice.
fn memory_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    let src = m.source()?;
    if sliceobject::index_check(key) {
        let i = abs::as_ssize(key, Some(exceptions::index_error()))?;
        return item(m, i);
    }
    if let Some(s) = downcast::<SliceObject>(key) {
        let (start, _, step, n) = s.indices_for(m.len)?;
        return new_view(&src, m.start + start * m.step, m.step * step, n, m.itemsize, m.format, m.readonly);
    }
    Err(errors::set_string(exceptions::type_error(), "memoryview: invalid slice key"))
}

/// `memory_ass_sub`: an item, or a slice of equal length.
fn memory_ass_sub(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let m = as_mv(v)?;
    m.source()?;
    if m.readonly {
        return Err(errors::set_string(exceptions::type_error(), "cannot modify read-only memory"));
    }
    let Some(value) = value else {
        return Err(errors::set_string(exceptions::type_error(), "cannot delete memory"));
    };
    if sliceobject::index_check(key) {
        let mut i = abs::as_ssize(key, Some(exceptions::index_error()))?;
        if i < 0 {
            i += m.len;
        }
        if i < 0 || i >= m.len {
            return Err(errors::set_string(exceptions::index_error(), "index out of bounds on dimension 1"));
        }
        let bytes = pack(m.format, value)?;
        let o = m.offset(i);
        return m.with_bytes_mut(|d| d[o..o + bytes.len()].copy_from_slice(&bytes));
    }
    let Some(s) = downcast::<SliceObject>(key) else {
        return Err(errors::set_string(exceptions::type_error(), "memoryview: invalid slice key"));
    };
    let (start, _, step, n) = s.indices_for(m.len)?;
    let src: Vec<u8> = match downcast::<MemoryViewObject>(value) {
        Some(other) => other.to_vec()?,
        None => match bytesobject::bytes_like(value) {
            Some(b) => b.into_owned(),
            None => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("a bytes-like object is required, not '{}'", type_of(value).name()),
                ));
            }
        },
    };
    if src.len() as isize != n * m.itemsize {
        return Err(errors::set_string(
            exceptions::value_error(),
            "memoryview assignment: lvalue and rvalue have different structures",
        ));
    }
    let size = m.itemsize as usize;
    m.with_bytes_mut(|d| {
        for k in 0..n {
            let o = m.offset(start + k * step);
            d[o..o + size].copy_from_slice(&src[k as usize * size..(k as usize + 1) * size]);
        }
    })
}

fn values(m: &MemoryViewObject) -> PyResult<Vec<ObjRef>> {
    (0..m.len).map(|i| item(m, i)).collect()
}

/// `memory_tolist`.
fn meth_tolist(v: &PyObject) -> PyResult<ObjRef> {
    let items = values(as_mv(v)?)?;
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    listobject::ListObject::from_slice(&refs).map(into_obj)
}

/// `memory_tobytes`.
fn meth_tobytes(v: &PyObject, _args: &[ObjRef], _kw: Option<&DictObject>) -> PyResult<ObjRef> {
    bytesobject::from_bytes(&as_mv(v)?.to_vec()?).map(into_obj)
}

/// `memory_hex`.
fn meth_hex(v: &PyObject) -> PyResult<ObjRef> {
    let s: String = as_mv(v)?.to_vec()?.iter().map(|c| format!("{c:02x}")).collect();
    unicodeobject::from_string(s).map(into_obj)
}

/// `memory_cast`: a contiguous byte view seen as another format.
fn meth_cast(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    let src = m.source()?;
    let [fmt] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("cast() takes at most 2 arguments ({} given)", args.len()),
        ));
    };
    let Some(f) = downcast::<unicodeobject::StrObject>(fmt) else {
        return Err(errors::set_string(exceptions::type_error(), "memoryview: format argument must be a string"));
    };
    let f = f.to_string_lossy();
    let f = f.strip_prefix('@').unwrap_or(&f);
    let (Some(c), 1) = (f.bytes().next(), f.len()) else {
        return Err(errors::set_string(
            exceptions::value_error(),
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let Some(size) = format_size(c) else {
        return Err(errors::set_string(
            exceptions::value_error(),
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    if m.step != m.itemsize {
        return Err(errors::set_string(exceptions::type_error(), "memoryview: casts are restricted to C-contiguous views"));
    }
    let nbytes = m.len * m.itemsize;
    if nbytes % size != 0 {
        return Err(errors::set_string(exceptions::type_error(), "memoryview: length is not a multiple of itemsize"));
    }
    new_view(&src, m.start, size, nbytes / size, size, c, m.readonly)
}

/// `memory_richcompare`: equal when the unpacked values are.
fn memory_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(object::not_implemented());
    }
    let m = as_mv(v)?;
    if object::is(v, w) {
        return Ok(boolobject::from_bool(op == CompareOp::Eq));
    }
    if m.released.load(Ordering::Relaxed) {
        return Ok(boolobject::from_bool(op == CompareOp::Ne));
    }
    let other: Vec<ObjRef> = match downcast::<MemoryViewObject>(w) {
        Some(o) if o.released.load(Ordering::Relaxed) => return Ok(boolobject::from_bool(op == CompareOp::Ne)),
        Some(o) => values(o)?,
        None if buffer_procs(w).is_some() => {
            let view = from_object(w)?;
            let r = values(as_mv(&view)?);
            meth_release(&view)?;
            r?
        }
        None => match bytesobject::bytes_like(w) {
            Some(b) => b.iter().map(|&c| longobject::from_i64(i64::from(c))).collect::<PyResult<_>>()?,
            None => return Ok(object::not_implemented()),
        },
    };
    let mine = values(m)?;
    tupleobject::sequence_richcompare(&mine, &other, op)
}

/// `memory_hash`: read-only byte views hash as their bytes.
fn memory_hash(v: &PyObject) -> PyResult<isize> {
    let m = as_mv(v)?;
    if !m.readonly {
        return Err(errors::set_string(exceptions::value_error(), "cannot hash writable memoryview object"));
    }
    if !matches!(m.format, b'B' | b'b' | b'c') {
        return Err(errors::set_string(
            exceptions::value_error(),
            "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
        ));
    }
    let b = bytesobject::from_bytes(&m.to_vec()?)?;
    object::hash(object::as_obj(&*b))
}

/// `memory_repr`.
fn memory_repr(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    let state = if m.released.load(Ordering::Relaxed) { "released memory" } else { "memory" };
    unicodeobject::from_string(format!("<{state} at {:#x}>", core::ptr::from_ref(v) as usize)).map(into_obj)
}

/// The bytes of a memoryview argument (`bytes(m)`, `b + m`, ...).
pub(crate) fn view_bytes(v: &PyObject) -> Option<Vec<u8>> {
    let m = downcast::<MemoryViewObject>(v)?;
    match m.to_vec() {
        Ok(b) => Some(b),
        Err(e) => {
            drop(e);
            errors::clear();
            None
        }
    }
}

fn get_nbytes(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    longobject::from_i64((m.len * m.itemsize) as i64)
}

fn get_readonly(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    Ok(boolobject::from_bool(m.readonly))
}

fn get_format(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    unicodeobject::from_string(char::from(m.format).to_string()).map(into_obj)
}

fn get_itemsize(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    longobject::from_i64(m.itemsize as i64)
}

fn get_ndim(v: &PyObject) -> PyResult<ObjRef> {
    as_mv(v)?.source()?;
    longobject::from_i64(1)
}

fn get_shape(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    let n = longobject::from_i64(m.len as i64)?;
    tupleobject::from_slice(&[&n]).map(into_obj)
}

fn get_strides(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    let n = longobject::from_i64(m.step as i64)?;
    tupleobject::from_slice(&[&n]).map(into_obj)
}

fn get_obj(v: &PyObject) -> PyResult<ObjRef> {
    as_mv(v)?.source()
}

fn get_contiguous(v: &PyObject) -> PyResult<ObjRef> {
    let m = as_mv(v)?;
    m.source()?;
    Ok(boolobject::from_bool(m.step == m.itemsize || m.len <= 1))
}

/// `__buffer__(flags)` (`wrap_buffer`, the slot wrapper of
/// `bf_getbuffer`): a memoryview of the object.
pub fn meth_dunder_buffer(v: &PyObject, flags: &PyObject) -> PyResult<ObjRef> {
    let f = abs::as_ssize(flags, Some(exceptions::overflow_error()))?;
    if i32::try_from(f).is_err() {
        return Err(errors::set_string(exceptions::overflow_error(), "buffer flags out of range"));
    }
    from_object(v)
}

/// `__release_buffer__(view)` (`wrap_releasebuffer`): releases a
/// memoryview of this object.
pub fn meth_dunder_release_buffer(v: &PyObject, view: &PyObject) -> PyResult<ObjRef> {
    let Some(m) = downcast::<MemoryViewObject>(view) else {
        return Err(errors::set_string(exceptions::type_error(), "expected a memoryview object"));
    };
    let source = match m.obj.get() {
        Some(o) if !m.released.load(Ordering::Acquire) => o,
        _ => return Err(errors::set_string(exceptions::value_error(), "memoryview's buffer has already been released")),
    };
    if !object::is(&source, v) {
        return Err(errors::set_string(exceptions::value_error(), "memoryview's buffer is not this object"));
    }
    meth_release(view)
}

static MEMORY_METHODS: [MethodDef; 9] = [
    MethodDef { ml_name: "__buffer__", ml_meth: MethodFn::O(meth_dunder_buffer), ml_doc: Some("Return a buffer object that exposes the underlying memory of the object.") },
    MethodDef { ml_name: "__release_buffer__", ml_meth: MethodFn::O(meth_dunder_release_buffer), ml_doc: Some("Release the buffer object that exposes the underlying memory of the object.") },
    MethodDef { ml_name: "release", ml_meth: MethodFn::NoArgs(meth_release), ml_doc: Some("release($self, /)\n--\n\nRelease the underlying buffer exposed by the memoryview object.") },
    MethodDef { ml_name: "tobytes", ml_meth: MethodFn::FastCallKw(meth_tobytes), ml_doc: Some("tobytes($self, /, order='C')\n--\n\nReturn the data in the buffer as a byte string.\n\nOrder can be {'C', 'F', 'A'}.  When order is 'C' or 'F', the data of\nthe original array is converted to C or Fortran order.  For\ncontiguous views, 'A' returns an exact copy of the physical memory.\nIn particular, in-memory Fortran order is preserved.  For\nnon-contiguous views, the data is converted to C first.  order=None\nis the same as order='C'.") },
    MethodDef { ml_name: "hex", ml_meth: MethodFn::NoArgs(meth_hex), ml_doc: Some("hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nReturn the data in the buffer as a str of hexadecimal numbers.\n\n  sep\n    An optional single character or byte to separate hex bytes.\n  bytes_per_sep\n    How many bytes between separators.  Positive values count from\n    the right, negative values count from the left.\n\nExample:\n>>> value = memoryview(b'\\xb9\\x01\\xef')\n>>> value.hex()\n'b901ef'\n>>> value.hex(':')\n'b9:01:ef'\n>>> value.hex(':', 2)\n'b9:01ef'\n>>> value.hex(':', -2)\n'b901:ef'") },
    MethodDef { ml_name: "tolist", ml_meth: MethodFn::NoArgs(meth_tolist), ml_doc: Some("tolist($self, /)\n--\n\nReturn the data in the buffer as a list of elements.") },
    MethodDef { ml_name: "cast", ml_meth: MethodFn::FastCall(meth_cast), ml_doc: Some("cast($self, /, format, shape=<unrepresentable>)\n--\n\nCast a memoryview to a new format or shape.") },
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::NoArgs(meth_enter), ml_doc: Some("__enter__($self, /)\n--\n\n") },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(meth_exit), ml_doc: Some("__exit__($self, /, *exc_info)\n--\n\nRelease the underlying buffer exposed by the memoryview object.") },
];

static MEMORY_GETSET: [GetSetDef; 11] = [
    GetSetDef { name: "obj", get: get_obj, set: None, doc: None },
    GetSetDef { name: "nbytes", get: get_nbytes, set: None, doc: None },
    GetSetDef { name: "readonly", get: get_readonly, set: None, doc: None },
    GetSetDef { name: "itemsize", get: get_itemsize, set: None, doc: None },
    GetSetDef { name: "format", get: get_format, set: None, doc: None },
    GetSetDef { name: "ndim", get: get_ndim, set: None, doc: None },
    GetSetDef { name: "shape", get: get_shape, set: None, doc: None },
    GetSetDef { name: "strides", get: get_strides, set: None, doc: None },
    GetSetDef { name: "c_contiguous", get: get_contiguous, set: None, doc: None },
    GetSetDef { name: "f_contiguous", get: get_contiguous, set: None, doc: None },
    GetSetDef { name: "contiguous", get: get_contiguous, set: None, doc: None },
];

/// `memoryview` (`PyMemoryView_Type`).
pub static MEMORYVIEW_TYPE: TypeObject = TypeObject::new_static(
    "memoryview",
    size_of::<MemoryViewObject>(),
    memory_dealloc,
    TypeSlots {
        tp_repr: Some(memory_repr),
        tp_hash: Some(memory_hash),
        tp_richcompare: Some(memory_richcompare),
        tp_new: Some(memory_new),
        sq_length: Some(memory_len),
        sq_item: Some(memory_item),
        mp_length: Some(memory_len),
        mp_subscript: Some(memory_subscript),
        mp_ass_subscript: Some(memory_ass_sub),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::SEQUENCE)
.with_methods(&MEMORY_METHODS)
.with_getset(&MEMORY_GETSET)
.with_doc("memoryview(object)\n--\n\nCreate a new memoryview object which references the given object.");
