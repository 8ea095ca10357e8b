//! `enumerate` and `reversed`, ported from Objects/enumobject.c.
//!
//! As in 3.14t the iterators take no lock: sharing one between threads
//! may repeat or skip items but never crashes.

use std::sync::atomic::{AtomicIsize, Ordering};

use num_bigint::BigInt;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::iterobject::{self, self_iter};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{r#abstract as abs, exceptions, unicodeobject};

/// An `enumerate` object (`enumobject`).
#[repr(C)]
pub struct EnumObject {
    ob_base: ObjectHeader,
    /// `en_index`: the next count while it fits; `isize::MAX` means the
    /// count went on in `long_index`.
    index: AtomicIsize,
    /// `en_sit`: the underlying iterator.
    iter: ObjRef,
    /// `en_longindex`: the next count once it left `isize`.
    long_index: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for EnumObject {}

impl PyClass for EnumObject {
    fn type_object() -> &'static TypeObject {
        &ENUMERATE_TYPE
    }
}

/// `enum_new_impl`: `enumerate(iterable, start=0)`.
fn enum_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut iterable = args.as_slice().first().cloned();
    let mut start = args.as_slice().get(1).cloned();
    let nkw = kwds.map_or(0, DictObject::len);
    if args.len() + nkw > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("enumerate() takes at most 2 arguments ({} given)", args.len() + nkw),
        ));
    }
    for (k, v) in kwds.map(DictObject::items).unwrap_or_default() {
        let name = object::str_lossy(&k);
        let slot = match name.as_str() {
            "iterable" if iterable.is_none() => &mut iterable,
            "start" if start.is_none() => &mut start,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("'{name}' is an invalid keyword argument for enumerate()"),
                ));
            }
        };
        *slot = Some(v);
    }
    let Some(iterable) = iterable else {
        return Err(errors::set_string(exceptions::type_error(), "enumerate() missing required argument 'iterable'"));
    };
    let (index, long_index) = match start {
        None => (0, None),
        Some(s) => {
            let s = abs::index(&s)?;
            match downcast::<IntObject>(&s).and_then(IntObject::as_i64).and_then(|v| isize::try_from(v).ok()) {
                Some(v) if v != isize::MAX => (v, None),
                _ => (isize::MAX, Some(s)),
            }
        }
    };
    let iter = abs::get_iter(&iterable)?;
    let en = EnumObject {
        ob_base: ObjectHeader::new(&ty.head),
        index: AtomicIsize::new(index),
        iter,
        long_index: ObjSlot::new(long_index),
    };
    crate::objects::typeobject::heaptype::new_instance(ty, en).map(into_obj)
}

/// `enum_next`: `(count, item)`.
fn enum_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let en = downcast::<EnumObject>(v).ok_or_else(errors::bad_internal_call)?;
    let next = type_of(&en.iter).slots.tp_iternext.get().ok_or_else(errors::bad_internal_call)?;
    let Some(item) = next(&en.iter)? else { return Ok(None) };
    let i = en.index.load(Ordering::Relaxed);
    let count = if i != isize::MAX {
        en.index.store(i + 1, Ordering::Relaxed);
        longobject::from_i64(i as i64)?
    } else {
        // `enum_next_long`: the count left `isize` (or started beyond it).
        let cur = match en.long_index.get() {
            Some(c) => c,
            None => longobject::from_i64(isize::MAX as i64)?,
        };
        let n = downcast::<IntObject>(&cur).map(IntObject::to_bigint).ok_or_else(errors::bad_internal_call)?;
        en.long_index.set(Some(longobject::from_bigint(n + BigInt::from(1))?));
        cur
    };
    tupleobject::from_slice(&[&count, &item]).map(|t| Some(into_obj(t)))
}

/// `enum_reduce`: `(enumerate, (iterator, next count))`.
fn enum_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let en = downcast::<EnumObject>(v).ok_or_else(errors::bad_internal_call)?;
    let count = match en.long_index.get() {
        Some(n) => n,
        None => longobject::from_i64(en.index.load(Ordering::Relaxed) as i64)?,
    };
    iterobject::reduce_value(object::as_obj(type_of(v)), &[&en.iter, &count], None)
}

static ENUMERATE_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(enum_reduce), ml_doc: iterobject::REDUCE_DOC }];

/// `enumerate` (`PyEnum_Type`).
pub static ENUMERATE_TYPE: TypeObject = TypeObject::new_static(
    "enumerate",
    size_of::<EnumObject>(),
    object::dealloc_simple::<EnumObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(EnumObject { long_index } { iter })),
        tp_iter: Some(self_iter),
        tp_iternext: Some(enum_next),
        tp_new: Some(enum_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::BASETYPE)
.with_methods(&ENUMERATE_METHODS)
.with_doc("enumerate(iterable, start=0)\n--\n\nReturn an enumerate object.\n\n  iterable\n    an object supporting iteration\n\nThe enumerate object yields pairs containing a count (from start, which\ndefaults to zero) and a value yielded by the iterable argument.\n\nenumerate is useful for obtaining an indexed list:\n    (0, seq[0]), (1, seq[1]), (2, seq[2]), ...");

/// A `reversed` object (`reversedobject`) over a sequence.
#[repr(C)]
pub struct ReversedObject {
    ob_base: ObjectHeader,
    /// The next index; -1 once exhausted.
    index: AtomicIsize,
    /// The sequence; emptied when exhausted.
    seq: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ReversedObject {}

impl PyClass for ReversedObject {
    fn type_object() -> &'static TypeObject {
        &REVERSED_TYPE
    }
}

/// `reversed_new_impl`: `__reversed__` if the type has it, else an index
/// walk of a sequence from its end.
fn reversed_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "reversed() takes no keyword arguments"));
    }
    let [seq] = args.as_slice() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("reversed expected 1 argument, got {}", args.len()),
        ));
    };
    let ty = type_of(seq);
    let name = unicodeobject::intern_str("__reversed__")?;
    match ty.lookup(&name)? {
        Some(f) if object::is_none(&f) => return Err(not_reversible(seq)),
        Some(f) => return object::call(&f, &[seq]),
        None => {}
    }
    let is_sequence = ty.slots.sq_item.get().is_some() && downcast::<DictObject>(seq).is_none();
    let (Some(len), true) = (ty.slots.sq_length.get(), is_sequence) else { return Err(not_reversible(seq)) };
    let n = len(seq)?;
    object::new_object(ReversedObject {
        ob_base: ObjectHeader::new(&REVERSED_TYPE.head),
        index: AtomicIsize::new(n - 1),
        seq: ObjSlot::new(Some(seq.clone())),
    })
    .map(into_obj)
}

fn not_reversible(seq: &PyObject) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), &format!("'{}' object is not reversible", type_of(seq).name()))
}

/// `reversed_next`: `seq[i]` for i = len-1 down to 0; IndexError or
/// StopIteration ends it early.
fn reversed_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let ro = downcast::<ReversedObject>(v).ok_or_else(errors::bad_internal_call)?;
    let i = ro.index.load(Ordering::Relaxed);
    let Some(seq) = ro.seq.get() else { return Ok(None) };
    if i >= 0 {
        let item = type_of(&seq).slots.sq_item.get().ok_or_else(errors::bad_internal_call)?;
        match item(&seq, i) {
            Ok(x) => {
                ro.index.store(i - 1, Ordering::Relaxed);
                return Ok(Some(x));
            }
            Err(e)
                if !errors::exception_matches(exceptions::index_error())
                    && !errors::exception_matches(exceptions::stop_iteration()) =>
            {
                return Err(e);
            }
            Err(e) => {
                drop(e);
                errors::clear();
            }
        }
    }
    ro.index.store(-1, Ordering::Relaxed);
    ro.seq.set(None);
    Ok(None)
}

/// `reversed.__length_hint__()`: the items left, 0 if the sequence
/// shrank below the index.
fn reversed_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let ro = downcast::<ReversedObject>(v).ok_or_else(errors::bad_internal_call)?;
    let Some(seq) = ro.seq.get() else { return longobject::from_i64(0) };
    let i = ro.index.load(Ordering::Relaxed);
    let n = abs::size(&seq)?;
    let position = i + 1;
    longobject::from_i64(if n < position { 0 } else { position as i64 })
}

/// `reversed_reduce`: `(reversed, (seq,), index)`, or `(reversed,
/// ((),))` once exhausted.
fn reversed_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let ro = downcast::<ReversedObject>(v).ok_or_else(errors::bad_internal_call)?;
    let ty = object::as_obj(type_of(v));
    match ro.seq.get() {
        Some(seq) => {
            let index = longobject::from_i64(ro.index.load(Ordering::Relaxed) as i64)?;
            iterobject::reduce_value(ty, &[&seq], Some(&index))
        }
        None => iterobject::reduce_value(ty, &[&into_obj(tupleobject::from_slice(&[])?)], None),
    }
}

/// `reversed_setstate`: the index, clipped to the sequence.
fn reversed_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let ro = downcast::<ReversedObject>(v).ok_or_else(errors::bad_internal_call)?;
    let index = iterobject::setstate_index(state)?;
    if let Some(seq) = ro.seq.get() {
        let n = abs::size(&seq)?;
        ro.index.store(index.clamp(-1, (n - 1).max(-1)), Ordering::Relaxed);
    }
    Ok(object::none())
}

static REVERSED_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(reversed_length_hint),
        ml_doc: Some("__length_hint__($self, /)\n--\n\nPrivate method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(reversed_reduce), ml_doc: iterobject::REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(reversed_setstate), ml_doc: iterobject::SETSTATE_DOC },
];

/// `reversed` (`PyReversed_Type`).
pub static REVERSED_TYPE: TypeObject = TypeObject::new_static(
    "reversed",
    size_of::<ReversedObject>(),
    object::dealloc_simple::<ReversedObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(ReversedObject { seq } {  })),
        tp_iter: Some(self_iter),
        tp_iternext: Some(reversed_next),
        tp_new: Some(reversed_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC)
.with_methods(&REVERSED_METHODS)
.with_doc("reversed(sequence, /)\n--\n\nReturn a reverse iterator over the values of the given sequence.");
