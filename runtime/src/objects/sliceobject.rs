//! `slice`, ported from Objects/sliceobject.c: construction, `repr`,
//! comparison, the xxHash-based hash of 3.12+, `indices()`, and the
//! helpers sequences use to slice (`PySlice_Unpack`,
//! `PySlice_AdjustIndices`, `_PySlice_GetLongIndices`).

use num_bigint::{BigInt, Sign};
use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{r#abstract as abs, boolobject, exceptions, unicodeobject};

/// A `slice` (`PySliceObject`); the three fields are immutable.
#[repr(C)]
pub struct SliceObject {
    ob_base: ObjectHeader,
    start: ObjRef,
    stop: ObjRef,
    step: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SliceObject {}

impl PyClass for SliceObject {
    fn type_object() -> &'static TypeObject {
        &SLICE_TYPE
    }
}

/// `PySlice_New`: missing parts are `None`.
pub fn new_slice(start: Option<&PyObject>, stop: Option<&PyObject>, step: Option<&PyObject>) -> PyResult<PyRef<SliceObject>> {
    let part = |p: Option<&PyObject>| p.map_or_else(object::none, object::new_ref);
    object::new_object(SliceObject {
        ob_base: ObjectHeader::new(&SLICE_TYPE.head),
        start: part(start),
        stop: part(stop),
        step: part(step),
    })
}

/// Does `v` have `__index__` (`_PyIndex_Check`)?
pub(crate) fn index_check(v: &PyObject) -> bool {
    downcast::<IntObject>(v).is_some() || type_of(v).slots.nb_index.get().is_some()
}

/// `_PyEval_SliceIndex`: a non-`None` slice part as an `isize`, clamped.
fn slice_index(v: &PyObject) -> PyResult<isize> {
    if !index_check(v) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    abs::as_ssize(v, None)
}

impl SliceObject {
    /// `PySlice_Unpack`: `(start, stop, step)` with `None` replaced by
    /// the extreme values, clamped to `isize`; the step is never zero
    /// nor below `-isize::MAX`.
    /// `start`, `stop` and `step`.
    pub fn parts(&self) -> [&PyObject; 3] {
        [&self.start, &self.stop, &self.step]
    }

    pub fn unpack(&self) -> PyResult<(isize, isize, isize)> {
        let step = if object::is_none(&self.step) {
            1
        } else {
            let s = slice_index(&self.step)?;
            if s == 0 {
                return Err(errors::set_string(exceptions::value_error(), "slice step cannot be zero"));
            }
            s.max(-isize::MAX)
        };
        let start = if object::is_none(&self.start) {
            if step < 0 { isize::MAX } else { 0 }
        } else {
            slice_index(&self.start)?
        };
        let stop = if object::is_none(&self.stop) {
            if step < 0 { isize::MIN } else { isize::MAX }
        } else {
            slice_index(&self.stop)?
        };
        Ok((start, stop, step))
    }

    /// `PySlice_Unpack` then `PySlice_AdjustIndices`: the clamped start,
    /// stop, step and the number of items selected from a sequence of
    /// `length` items.
    pub fn indices_for(&self, length: isize) -> PyResult<(isize, isize, isize, isize)> {
        let (mut start, mut stop, step) = self.unpack()?;
        let n = adjust_indices(length, &mut start, &mut stop, step);
        Ok((start, stop, step, n))
    }
}

/// The positions a slice selects: `n` of them from `start` by `step`
/// (as given by `indices_for`).
pub fn positions(start: isize, step: isize, n: isize) -> impl Iterator<Item = usize> {
    (0..n).map(move |k| (start + k * step) as usize)
}

/// `PySlice_AdjustIndices`: clips `start` and `stop` to a sequence of
/// `length` items and returns the slice length. `step` is nonzero and at
/// least `-isize::MAX`.
pub fn adjust_indices(length: isize, start: &mut isize, stop: &mut isize, step: isize) -> isize {
    let clip = |i: &mut isize| {
        if *i < 0 {
            *i += length;
            if *i < 0 {
                *i = if step < 0 { -1 } else { 0 };
            }
        } else if *i >= length {
            *i = if step < 0 { length - 1 } else { length };
        }
    };
    clip(start);
    clip(stop);
    if step < 0 {
        if *stop < *start { (*start - *stop - 1) / (-step) + 1 } else { 0 }
    } else if *start < *stop {
        (*stop - *start - 1) / step + 1
    } else {
        0
    }
}

/// `evaluate_slice_index`: a slice part as an arbitrary-size int.
fn long_index(v: &PyObject) -> PyResult<BigInt> {
    if !index_check(v) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    let i = abs::index(v)?;
    downcast::<IntObject>(&i).map(IntObject::to_bigint).ok_or_else(errors::bad_internal_call)
}

/// `_PySlice_GetLongIndices`: `(start, stop, step)` for a sequence of
/// `length` (non-negative) items, without size limits.
pub fn long_indices(s: &SliceObject, length: &BigInt) -> PyResult<(BigInt, BigInt, BigInt)> {
    let step = if object::is_none(&s.step) {
        BigInt::from(1)
    } else {
        let st = long_index(&s.step)?;
        if st.sign() == Sign::NoSign {
            return Err(errors::set_string(exceptions::value_error(), "slice step cannot be zero"));
        }
        st
    };
    let negative = step.sign() == Sign::Minus;
    let (lower, upper) = if negative { (BigInt::from(-1), length - 1) } else { (BigInt::from(0), length.clone()) };
    let bound = |part: &PyObject, default: &BigInt| -> PyResult<BigInt> {
        if object::is_none(part) {
            return Ok(default.clone());
        }
        let mut v = long_index(part)?;
        if v.sign() == Sign::Minus {
            v += length;
            if v < lower {
                v = lower.clone();
            }
        } else if v > upper {
            v = upper.clone();
        }
        Ok(v)
    };
    let start = bound(&s.start, if negative { &upper } else { &lower })?;
    let stop = bound(&s.stop, if negative { &lower } else { &upper })?;
    Ok((start, stop, step))
}

fn as_slice_obj(v: &PyObject) -> PyResult<&SliceObject> {
    downcast::<SliceObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `slice_new`: `slice(stop)` or `slice(start, stop[, step])`.
fn slice_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "slice() takes no keyword arguments"));
    }
    let s = match args.as_slice() {
        [] => return Err(errors::set_string(exceptions::type_error(), "slice expected at least 1 argument, got 0")),
        [stop] => new_slice(None, Some(stop), None)?,
        [start, stop] => new_slice(Some(start), Some(stop), None)?,
        [start, stop, step] => new_slice(Some(start), Some(stop), Some(step))?,
        a => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("slice expected at most 3 arguments, got {}", a.len()),
            ));
        }
    };
    Ok(into_obj(s))
}

/// `slice_repr`: `slice(start, stop, step)`.
fn slice_repr(v: &PyObject) -> PyResult<ObjRef> {
    let s = as_slice_obj(v)?;
    let parts = [&s.start, &s.stop, &s.step].map(|p| object::repr(p).map(|r| r.to_string_lossy()));
    let [a, b, c] = parts;
    unicodeobject::from_string(format!("slice({}, {}, {})", a?, b?, c?)).map(into_obj)
}

/// The slice as the tuple `(start, stop, step)`.
fn as_tuple(s: &SliceObject) -> PyResult<ObjRef> {
    tupleobject::from_slice(&[&s.start, &s.stop, &s.step]).map(into_obj)
}

/// `slice_richcompare`: compares `(start, stop, step)` tuples.
fn slice_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<SliceObject>(v), downcast::<SliceObject>(w)) else {
        return Ok(object::not_implemented());
    };
    if object::is(v, w) {
        return Ok(boolobject::from_bool(matches!(op, CompareOp::Eq | CompareOp::Le | CompareOp::Ge)));
    }
    let (ta, tb) = (as_tuple(a)?, as_tuple(b)?);
    object::rich_compare(&ta, &tb, op)
}

const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// `slicehash`: the tuple hash's mixing over the three parts, without
/// the length term.
fn slice_hash(v: &PyObject) -> PyResult<isize> {
    let s = as_slice_obj(v)?;
    let mut acc = XXPRIME_5;
    for part in [&s.start, &s.stop, &s.step] {
        let lane = object::hash(part)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2)).rotate_left(31).wrapping_mul(XXPRIME_1);
    }
    Ok(if acc == u64::MAX { 1_546_275_796 } else { acc as isize })
}

/// `slice.indices(len)`.
fn meth_indices(v: &PyObject, len: &PyObject) -> PyResult<ObjRef> {
    let s = as_slice_obj(v)?;
    let length = abs::index(len)?;
    let length = downcast::<IntObject>(&length).map(IntObject::to_bigint).ok_or_else(errors::bad_internal_call)?;
    if length.sign() == Sign::Minus {
        return Err(errors::set_string(exceptions::value_error(), "length should not be negative"));
    }
    let (start, stop, step) = long_indices(s, &length)?;
    let (a, b, c) = (longobject::from_bigint(start)?, longobject::from_bigint(stop)?, longobject::from_bigint(step)?);
    tupleobject::from_slice(&[&a, &b, &c]).map(into_obj)
}

fn get_start(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_slice_obj(v)?.start.clone())
}

fn get_stop(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_slice_obj(v)?.stop.clone())
}

fn get_step(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_slice_obj(v)?.step.clone())
}

/// `slice_reduce`: `(slice, (start, stop, step))`.
fn slice_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let s = as_slice_obj(v)?;
    let args = crate::objects::tupleobject::from_slice(&[&*s.start, &*s.stop, &*s.step])?;
    crate::objects::tupleobject::from_slice(&[object::as_obj(type_of(v)), object::as_obj(&*args)]).map(into_obj)
}

static SLICE_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "indices", ml_meth: MethodFn::O(meth_indices), ml_doc: Some("indices($self, object, /)\n--\n\nS.indices(len) -> (start, stop, stride)\n\nAssuming a sequence of length len, calculate the start and stop\nindices, and the stride length of the extended slice described by\nS. Out of bounds indices are clipped in a manner consistent with the\nhandling of normal slices.") },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(slice_reduce), ml_doc: Some("__reduce__($self, /)\n--\n\nReturn state information for pickling.") },
];

static SLICE_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "start", get: get_start, set: None, doc: None },
    GetSetDef { name: "stop", get: get_stop, set: None, doc: None },
    GetSetDef { name: "step", get: get_step, set: None, doc: None },
];

/// `slice` (`PySlice_Type`).
pub static SLICE_TYPE: TypeObject = TypeObject::new_static(
    "slice",
    size_of::<SliceObject>(),
    object::dealloc_simple::<SliceObject>,
    TypeSlots {
        tp_repr: Some(slice_repr),
        tp_hash: Some(slice_hash),
        tp_richcompare: Some(slice_richcompare),
        tp_new: Some(slice_new),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&SLICE_METHODS)
.with_getset(&SLICE_GETSET)
.with_doc("slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.\n\nThis is used for extended slicing (e.g. a[0:10:2]).");

// ---------------------------------------------------------------------
// Ellipsis (`_Py_EllipsisObject`, `PyEllipsis_Type`).

/// `ellipsis_repr`.
fn ellipsis_repr(_: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static("Ellipsis")
}

/// `ellipsis_new`: `type(...)()` takes no arguments and returns the
/// singleton.
fn ellipsis_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if !args.as_slice().is_empty() || kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "EllipsisType takes no arguments"));
    }
    Ok(ellipsis())
}

/// `ellipsis_reduce`: pickles by name.
fn ellipsis_reduce(_: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static("Ellipsis")
}

static ELLIPSIS_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(ellipsis_reduce), ml_doc: None }];

/// `ellipsis` (`PyEllipsis_Type`).
pub static ELLIPSIS_TYPE: TypeObject = TypeObject::new_static(
    "ellipsis",
    size_of::<PyObject>(),
    crate::objects::typeobject::dealloc_immortal,
    TypeSlots { tp_repr: Some(ellipsis_repr), tp_new: Some(ellipsis_new), ..TypeSlots::EMPTY },
)
.with_methods(&ELLIPSIS_METHODS);

/// The `Ellipsis` singleton (`_Py_EllipsisObject`), immortal.
pub static ELLIPSIS: PyObject = ObjectHeader::new_static(&raw const ELLIPSIS_TYPE.head);

/// A new reference to `Ellipsis` (`Py_Ellipsis`).
pub fn ellipsis() -> ObjRef {
    PyRef::new_ref(&ELLIPSIS)
}
