//! Generic iterators, ported from Objects/iterobject.c: the sequence
//! iterator (`PySeqIter_Type`, `iter(obj)` over `__getitem__`) and the
//! callable iterator (`PyCallIter_Type`, `iter(callable, sentinel)`).
//!
//! Under free threading the iterator's state is read and advanced with
//! atomics (3.14t gives iterators no lock: sharing one between threads
//! may skip or repeat items but never crashes).

use std::sync::atomic::{AtomicIsize, Ordering};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{exceptions, longobject};

/// A sequence iterator (`seqiterobject`).
#[repr(C)]
pub struct SeqIterObject {
    ob_base: ObjectHeader,
    /// `it_index`.
    index: AtomicIsize,
    /// `it_seq`; emptied when exhausted.
    seq: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SeqIterObject {}

impl PyClass for SeqIterObject {
    fn type_object() -> &'static TypeObject {
        &SEQ_ITER_TYPE
    }
}

/// `PySeqIter_New`.
pub fn new_seq_iter(seq: &PyObject) -> PyResult<ObjRef> {
    let it = SeqIterObject {
        ob_base: ObjectHeader::new(&SEQ_ITER_TYPE.head),
        index: AtomicIsize::new(0),
        seq: ObjSlot::new(Some(object::new_ref(seq))),
    };
    object::new_object(it).map(into_obj)
}

/// Returns the iterator itself (`PyObject_SelfIter`).
pub fn self_iter(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

/// `iter_iternext`: `seq[i]` for i = 0, 1, ...; IndexError or
/// StopIteration ends it.
fn seqiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(it) = downcast::<SeqIterObject>(v) else { return Err(errors::bad_internal_call()) };
    let Some(seq) = it.seq.get() else { return Ok(None) };
    let i = it.index.load(Ordering::Relaxed);
    if i == isize::MAX {
        return Err(errors::set_string(exceptions::overflow_error(), "iter index too large"));
    }
    let key = longobject::from_i64(i as i64)?;
    match crate::objects::r#abstract::get_item(&seq, &key) {
        Ok(item) => {
            it.index.store(i + 1, Ordering::Relaxed);
            Ok(Some(item))
        }
        Err(e)
            if errors::exception_matches(exceptions::index_error())
                || errors::exception_matches(exceptions::stop_iteration()) =>
        {
            drop(e);
            errors::clear();
            it.seq.set(None);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `iterator` (`PySeqIter_Type`).
pub static SEQ_ITER_TYPE: TypeObject = TypeObject::new_static(
    "iterator",
    size_of::<SeqIterObject>(),
    object::dealloc_simple::<SeqIterObject>,
    TypeSlots { tp_iter: Some(self_iter), tp_iternext: Some(seqiter_next), ..TypeSlots::EMPTY },
);

/// A callable iterator (`calliterobject`).
#[repr(C)]
pub struct CallIterObject {
    ob_base: ObjectHeader,
    /// `it_callable`; emptied when exhausted.
    callable: ObjSlot,
    /// `it_sentinel`; emptied when exhausted.
    sentinel: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CallIterObject {}

impl PyClass for CallIterObject {
    fn type_object() -> &'static TypeObject {
        &CALL_ITER_TYPE
    }
}

/// `PyCallIter_New`: `iter(callable, sentinel)`.
pub fn new_call_iter(callable: &PyObject, sentinel: &PyObject) -> PyResult<ObjRef> {
    let it = CallIterObject {
        ob_base: ObjectHeader::new(&CALL_ITER_TYPE.head),
        callable: ObjSlot::new(Some(object::new_ref(callable))),
        sentinel: ObjSlot::new(Some(object::new_ref(sentinel))),
    };
    object::new_object(it).map(into_obj)
}

/// `calliter_iternext`: calls until the result equals the sentinel;
/// StopIteration from the call also ends it.
fn calliter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(it) = downcast::<CallIterObject>(v) else { return Err(errors::bad_internal_call()) };
    let (Some(f), Some(sentinel)) = (it.callable.get(), it.sentinel.get()) else { return Ok(None) };
    match object::call(&f, &[]) {
        Ok(r) => {
            if object::rich_compare_bool(&r, &sentinel, object::CompareOp::Eq)? {
                it.callable.set(None);
                it.sentinel.set(None);
                return Ok(None);
            }
            Ok(Some(r))
        }
        Err(e) if errors::exception_matches(exceptions::stop_iteration()) => {
            drop(e);
            errors::clear();
            it.callable.set(None);
            it.sentinel.set(None);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `callable_iterator` (`PyCallIter_Type`).
pub static CALL_ITER_TYPE: TypeObject = TypeObject::new_static(
    "callable_iterator",
    size_of::<CallIterObject>(),
    object::dealloc_simple::<CallIterObject>,
    TypeSlots { tp_iter: Some(self_iter), tp_iternext: Some(calliter_next), ..TypeSlots::EMPTY },
);
