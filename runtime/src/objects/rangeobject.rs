//! `range` and its iterators, ported from Objects/rangeobject.c: the
//! range object (start, stop, step and length as ints of any size),
//! `len`, indexing and slicing to a range, the int fast path of `in`,
//! `count` / `index`, equality and hash by the sequence of values, and
//! the `range_iterator` (machine words) / `longrange_iterator` pair.
//!
//! As in 3.14t the iterators take no lock: sharing one between threads
//! may repeat or skip values but never crashes.

use std::sync::atomic::{AtomicI64, Ordering};

use num_bigint::{BigInt, Sign};
use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::iterobject::{self, self_iter};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::sliceobject::{self, SliceObject};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{r#abstract as abs, boolobject, exceptions, unicodeobject};

/// A `range` (`rangeobject`): all four fields are ints, immutable.
#[repr(C)]
pub struct RangeObject {
    ob_base: ObjectHeader,
    start: ObjRef,
    stop: ObjRef,
    step: ObjRef,
    length: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for RangeObject {}

impl PyClass for RangeObject {
    fn type_object() -> &'static TypeObject {
        &RANGE_TYPE
    }
}

/// The value of an int object.
fn big(v: &PyObject) -> PyResult<BigInt> {
    downcast::<IntObject>(v).map(IntObject::to_bigint).ok_or_else(errors::bad_internal_call)
}

/// `PyNumber_Index` as a big integer.
fn index_big(v: &PyObject) -> PyResult<BigInt> {
    let i = abs::index(v)?;
    big(&i)
}

/// `compute_range_length`: the number of values of `range(lo, hi, step)`.
fn range_length_of(lo: &BigInt, hi: &BigInt, step: &BigInt) -> BigInt {
    let (lo, hi, step) = if step.sign() == Sign::Minus { (hi, lo, -step) } else { (lo, hi, step.clone()) };
    if lo >= hi { BigInt::from(0) } else { (hi - lo - 1) / step + 1 }
}

impl RangeObject {
    /// `make_range_object`: a range of the given (int) bounds; `step` is
    /// nonzero.
    fn make(start: &BigInt, stop: &BigInt, step: &BigInt) -> PyResult<PyRef<RangeObject>> {
        let length = range_length_of(start, stop, step);
        object::new_object(RangeObject {
            ob_base: ObjectHeader::new(&RANGE_TYPE.head),
            start: longobject::from_bigint(start.clone())?,
            stop: longobject::from_bigint(stop.clone())?,
            step: longobject::from_bigint(step.clone())?,
            length: longobject::from_bigint(length)?,
        })
    }

    fn bounds(&self) -> PyResult<(BigInt, BigInt, BigInt)> {
        Ok((big(&self.start)?, big(&self.step)?, big(&self.length)?))
    }

    /// `compute_item`: `start + i * step`.
    fn item(&self, i: &BigInt) -> PyResult<BigInt> {
        Ok(big(&self.start)? + i * big(&self.step)?)
    }
}

fn as_range(v: &PyObject) -> PyResult<&RangeObject> {
    downcast::<RangeObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `range_new` / `range_from_array`.
fn range_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "range() takes no keyword arguments"));
    }
    let (start, stop, step) = match args.as_slice() {
        [] => return Err(errors::set_string(exceptions::type_error(), "range expected at least 1 argument, got 0")),
        [stop] => (BigInt::from(0), index_big(stop)?, BigInt::from(1)),
        [start, stop] => (index_big(start)?, index_big(stop)?, BigInt::from(1)),
        [start, stop, step] => {
            let (start, stop, step) = (index_big(start)?, index_big(stop)?, index_big(step)?);
            if step.sign() == Sign::NoSign {
                return Err(errors::set_string(exceptions::value_error(), "range() arg 3 must not be zero"));
            }
            (start, stop, step)
        }
        a => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("range expected at most 3 arguments, got {}", a.len()),
            ));
        }
    };
    RangeObject::make(&start, &stop, &step).map(into_obj)
}

/// `range_repr`: the step only when it is not 1.
fn range_repr(v: &PyObject) -> PyResult<ObjRef> {
    let r = as_range(v)?;
    let start = object::repr(&r.start)?.to_string_lossy();
    let stop = object::repr(&r.stop)?.to_string_lossy();
    let s = if downcast::<IntObject>(&r.step).and_then(IntObject::as_i64) == Some(1) {
        format!("range({start}, {stop})")
    } else {
        format!("range({start}, {stop}, {})", object::repr(&r.step)?.to_string_lossy())
    };
    unicodeobject::from_string(s).map(into_obj)
}

/// `range_length`: OverflowError beyond `isize`.
fn range_len(v: &PyObject) -> PyResult<isize> {
    let r = as_range(v)?;
    match downcast::<IntObject>(&r.length).and_then(IntObject::as_i64).and_then(|n| isize::try_from(n).ok()) {
        Some(n) => Ok(n),
        None => Err(errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C ssize_t")),
    }
}

/// `range_bool`.
fn range_bool(v: &PyObject) -> PyResult<bool> {
    Ok(big(&as_range(v)?.length)?.sign() != Sign::NoSign)
}

/// `compute_range_item`: `r[i]`, negative `i` counted from the end.
fn range_item_big(r: &RangeObject, mut i: BigInt) -> PyResult<ObjRef> {
    let len = big(&r.length)?;
    if i.sign() == Sign::Minus {
        i += &len;
    }
    if i.sign() == Sign::Minus || i >= len {
        return Err(errors::set_string(exceptions::index_error(), "range object index out of range"));
    }
    longobject::from_bigint(r.item(&i)?)
}

/// `range_item` (`sq_item`).
fn range_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    range_item_big(as_range(v)?, BigInt::from(i))
}

/// `compute_slice`: a slice of a range is a range.
fn range_slice(r: &RangeObject, s: &SliceObject) -> PyResult<ObjRef> {
    let (start, step, len) = r.bounds()?;
    let (lo, hi, sstep) = sliceobject::long_indices(s, &len)?;
    let substep = &step * &sstep;
    RangeObject::make(&(&start + lo * &step), &(&start + hi * &step), &substep).map(into_obj)
}

/// `range_subscript`.
fn range_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let r = as_range(v)?;
    if sliceobject::index_check(key) {
        return range_item_big(r, index_big(key)?);
    }
    if let Some(s) = downcast::<SliceObject>(key) {
        return range_slice(r, s);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("range indices must be integers or slices, not {}", type_of(key).name()),
    ))
}

/// `range_contains_long`: is the int `x` one of the values?
fn contains_int(r: &RangeObject, x: &IntObject) -> PyResult<bool> {
    let (start, step, _) = r.bounds()?;
    let (stop, x) = (big(&r.stop)?, x.to_bigint());
    let within = if step.sign() == Sign::Plus { start <= x && x < stop } else { stop < x && x <= start };
    Ok(within && ((x - start) % step).sign() == Sign::NoSign)
}

/// An exact `int` or `bool` (`PyLong_CheckExact(ob) || PyBool_Check(ob)`),
/// the values the arithmetic fast paths may use.
fn exact_int(x: &PyObject) -> Option<&IntObject> {
    if object::is_type(x, &longobject::INT_TYPE) || boolobject::is_bool(x) { downcast::<IntObject>(x) } else { None }
}

/// `range_contains`.
fn range_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    let r = as_range(v)?;
    match exact_int(x) {
        Some(i) => contains_int(r, i),
        None => abs::iter_search_contains(v, x),
    }
}

/// `range_equals`: equal as sequences of values.
fn range_equals(a: &RangeObject, b: &RangeObject) -> PyResult<bool> {
    if core::ptr::eq(a, b) {
        return Ok(true);
    }
    let len = big(&a.length)?;
    if len != big(&b.length)? {
        return Ok(false);
    }
    if len.sign() == Sign::NoSign {
        return Ok(true);
    }
    if big(&a.start)? != big(&b.start)? {
        return Ok(false);
    }
    Ok(len == BigInt::from(1) || big(&a.step)? == big(&b.step)?)
}

/// `range_richcompare`: only `==` and `!=`.
fn range_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<RangeObject>(v), downcast::<RangeObject>(w)) else {
        return Ok(object::not_implemented());
    };
    match op {
        CompareOp::Eq => Ok(boolobject::from_bool(range_equals(a, b)?)),
        CompareOp::Ne => Ok(boolobject::from_bool(!range_equals(a, b)?)),
        _ => Ok(object::not_implemented()),
    }
}

/// `range_hash`: the hash of `(len, start, step)`, with `None` for the
/// parts that do not matter to equality.
fn range_hash(v: &PyObject) -> PyResult<isize> {
    let r = as_range(v)?;
    let len = big(&r.length)?;
    let none = object::none();
    let t = if len.sign() == Sign::NoSign {
        tupleobject::from_slice(&[&r.length, &none, &none])?
    } else if len == BigInt::from(1) {
        tupleobject::from_slice(&[&r.length, &r.start, &none])?
    } else {
        tupleobject::from_slice(&[&r.length, &r.start, &r.step])?
    };
    object::hash(object::as_obj(&*t))
}

/// `range.count(value)`.
fn meth_count(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let r = as_range(v)?;
    if let Some(i) = exact_int(x) {
        return longobject::from_i64(i64::from(contains_int(r, i)?));
    }
    let it = abs::get_iter(v)?;
    let mut n: i64 = 0;
    while let Some(item) = abs::iter_next(&it)? {
        if object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            n += 1;
        }
    }
    longobject::from_i64(n)
}

/// `range.index(value)`.
fn meth_index(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let r = as_range(v)?;
    if let Some(i) = exact_int(x) {
        if !contains_int(r, i)? {
            return Err(errors::set_string(exceptions::value_error(), "range.index(x): x not in range"));
        }
        let (start, step, _) = r.bounds()?;
        return longobject::from_bigint((i.to_bigint() - start) / step);
    }
    let it = abs::get_iter(v)?;
    let mut n: i64 = 0;
    while let Some(item) = abs::iter_next(&it)? {
        if object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            return longobject::from_i64(n);
        }
        n += 1;
    }
    Err(errors::set_string(exceptions::value_error(), "sequence.index(x): x not in sequence"))
}

/// An iterator over `len` values from `start` by `step`: the machine
/// word iterator when every value, the step and the length fit, else the
/// big one.
fn make_iter(start: BigInt, step: BigInt, len: BigInt) -> PyResult<ObjRef> {
    let last = if len.sign() == Sign::Plus { &start + (&len - 1) * &step } else { start.clone() };
    if let (Ok(s), Ok(st), Ok(n), Ok(_)) =
        (i64::try_from(&start), i64::try_from(&step), i64::try_from(&len), i64::try_from(&last))
    {
        return object::new_object(RangeIterObject {
            ob_base: ObjectHeader::new(&RANGE_ITER_TYPE.head),
            start: AtomicI64::new(s),
            step: st,
            len: AtomicI64::new(n),
        })
        .map(into_obj);
    }
    object::new_object(LongRangeIterObject {
        ob_base: ObjectHeader::new(&LONGRANGE_ITER_TYPE.head),
        start: ObjSlot::new(Some(longobject::from_bigint(start)?)),
        step: longobject::from_bigint(step)?,
        len: ObjSlot::new(Some(longobject::from_bigint(len)?)),
    })
    .map(into_obj)
}

/// `range_iter`.
fn range_iter(v: &PyObject) -> PyResult<ObjRef> {
    let (start, step, len) = as_range(v)?.bounds()?;
    make_iter(start, step, len)
}

/// `range.__reversed__()`: from the last value down by `-step`.
fn meth_reversed(v: &PyObject) -> PyResult<ObjRef> {
    let (start, step, len) = as_range(v)?.bounds()?;
    let last = if len.sign() == Sign::NoSign { start } else { start + (&len - 1) * &step };
    make_iter(last, -step, len)
}

fn get_start(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_range(v)?.start.clone())
}

fn get_stop(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_range(v)?.stop.clone())
}

fn get_step(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_range(v)?.step.clone())
}

/// `range_reduce`: `(range, (start, stop, step))`.
fn meth_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let r = as_range(v)?;
    iterobject::reduce_value(object::as_obj(type_of(v)), &[&r.start, &r.stop, &r.step], None)
}

static RANGE_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(meth_reduce), ml_doc: Some("__reduce__($self, /)\n--\n\n") },
    MethodDef {
        ml_name: "__reversed__",
        ml_meth: MethodFn::NoArgs(meth_reversed),
        ml_doc: Some("__reversed__($self, /)\n--\n\nReturn a reverse iterator."),
    },
    MethodDef { ml_name: "count", ml_meth: MethodFn::O(meth_count), ml_doc: Some("count($self, object, /)\n--\n\nrangeobject.count(value) -> integer -- return number of occurrences of value") },
    MethodDef { ml_name: "index", ml_meth: MethodFn::O(meth_index), ml_doc: Some("index($self, object, /)\n--\n\nrangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value is not present.") },
];

static RANGE_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "start", get: get_start, set: None, doc: None },
    GetSetDef { name: "stop", get: get_stop, set: None, doc: None },
    GetSetDef { name: "step", get: get_step, set: None, doc: None },
];

/// `range` (`PyRange_Type`).
pub static RANGE_TYPE: TypeObject = TypeObject::new_static(
    "range",
    size_of::<RangeObject>(),
    object::dealloc_simple::<RangeObject>,
    TypeSlots {
        tp_repr: Some(range_repr),
        tp_hash: Some(range_hash),
        tp_richcompare: Some(range_richcompare),
        tp_iter: Some(range_iter),
        tp_new: Some(range_new),
        nb_bool: Some(range_bool),
        sq_length: Some(range_len),
        sq_contains: Some(range_contains),
        sq_item: Some(range_item),
        mp_length: Some(range_len),
        mp_subscript: Some(range_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::SEQUENCE)
.with_methods(&RANGE_METHODS)
.with_getset(&RANGE_GETSET)
.with_doc("range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\nReturn an object that produces a sequence of integers from start (inclusive)\nto stop (exclusive) by step.  range(i, j) produces i, i+1, i+2, ..., j-1.\nstart defaults to 0, and stop is omitted!  range(4) produces 0, 1, 2, 3.\nThese are exactly the valid indices for a list of 4 elements.\nWhen step is given, it specifies the increment (or decrement).");

/// `_PyRangeIterObject`: values that fit machine words.
#[repr(C)]
pub struct RangeIterObject {
    ob_base: ObjectHeader,
    /// The next value.
    start: AtomicI64,
    step: i64,
    /// Values left.
    len: AtomicI64,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for RangeIterObject {}

impl PyClass for RangeIterObject {
    fn type_object() -> &'static TypeObject {
        &RANGE_ITER_TYPE
    }
}

/// `rangeiter_next`. The value after the last may overflow; it is never
/// returned.
fn rangeiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = downcast::<RangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let len = it.len.load(Ordering::Relaxed);
    if len <= 0 {
        return Ok(None);
    }
    let value = it.start.load(Ordering::Relaxed);
    it.start.store(value.wrapping_add(it.step), Ordering::Relaxed);
    it.len.store(len - 1, Ordering::Relaxed);
    longobject::from_i64(value).map(Some)
}

/// `rangeiter.__length_hint__()`.
fn rangeiter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<RangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    longobject::from_i64(it.len.load(Ordering::Relaxed).max(0))
}

/// `iter(range(start, start + len * step, step))`, the shape of
/// `rangeiter_reduce` / `longrangeiter_reduce`.
fn reduce_remaining(start: BigInt, step: BigInt, len: &BigInt) -> PyResult<ObjRef> {
    let stop = &start + len * &step;
    let range = RangeObject::make(&start, &stop, &step)?;
    iterobject::reduce_to_builtin("iter", &[object::as_obj(&*range)], Some(&object::none()))
}

/// `rangeiter_reduce`.
fn rangeiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<RangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let len = BigInt::from(it.len.load(Ordering::Relaxed).max(0));
    reduce_remaining(BigInt::from(it.start.load(Ordering::Relaxed)), BigInt::from(it.step), &len)
}

/// `rangeiter_setstate`: skips `state` values, clipped to those left.
fn rangeiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<RangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let len = it.len.load(Ordering::Relaxed).max(0);
    let index = (abs::as_ssize(state, Some(exceptions::overflow_error()))? as i64).clamp(0, len);
    let start = it.start.load(Ordering::Relaxed);
    it.start.store(start.wrapping_add(index.wrapping_mul(it.step)), Ordering::Relaxed);
    it.len.store(len - index, Ordering::Relaxed);
    Ok(object::none())
}

static RANGE_ITER_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(rangeiter_length_hint),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(rangeiter_reduce), ml_doc: iterobject::REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(rangeiter_setstate), ml_doc: iterobject::SETSTATE_DOC },
];

/// `range_iterator` (`PyRangeIter_Type`).
pub static RANGE_ITER_TYPE: TypeObject = TypeObject::new_static(
    "range_iterator",
    size_of::<RangeIterObject>(),
    object::dealloc_simple::<RangeIterObject>,
    TypeSlots { tp_iter: Some(self_iter), tp_iternext: Some(rangeiter_next), ..TypeSlots::EMPTY },
)
.with_methods(&RANGE_ITER_METHODS);

/// `longrangeiterobject`: values of any size.
#[repr(C)]
pub struct LongRangeIterObject {
    ob_base: ObjectHeader,
    /// The next value (an int).
    start: ObjSlot,
    step: ObjRef,
    /// Values left (an int).
    len: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for LongRangeIterObject {}

impl PyClass for LongRangeIterObject {
    fn type_object() -> &'static TypeObject {
        &LONGRANGE_ITER_TYPE
    }
}

/// `longrangeiter_next`.
fn longrangeiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = downcast::<LongRangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let (Some(len), Some(start)) = (it.len.get(), it.start.get()) else { return Ok(None) };
    let n = big(&len)?;
    if n.sign() != Sign::Plus {
        return Ok(None);
    }
    it.start.set(Some(longobject::from_bigint(big(&start)? + big(&it.step)?)?));
    it.len.set(Some(longobject::from_bigint(n - 1)?));
    Ok(Some(start))
}

/// `longrangeiter.__length_hint__()`.
fn longrangeiter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<LongRangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    it.len.get().map_or_else(|| longobject::from_i64(0), Ok)
}

/// The start and length of a big range iterator (0 values once exhausted).
fn longrangeiter_state(it: &LongRangeIterObject) -> PyResult<(BigInt, BigInt)> {
    match (it.start.get(), it.len.get()) {
        (Some(start), Some(len)) => Ok((big(&start)?, big(&len)?.max(BigInt::from(0)))),
        _ => Ok((BigInt::from(0), BigInt::from(0))),
    }
}

/// `longrangeiter_reduce`.
fn longrangeiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<LongRangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let (start, len) = longrangeiter_state(it)?;
    reduce_remaining(start, big(&it.step)?, &len)
}

/// `longrangeiter_setstate`: an exact int, clipped to the values left.
fn longrangeiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<LongRangeIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    if !object::is_type(state, &longobject::INT_TYPE) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("state must be an int, not {}", type_of(state).name()),
        ));
    }
    let (start, len) = longrangeiter_state(it)?;
    let index = big(state)?.clamp(BigInt::from(0), len.clone());
    it.start.set(Some(longobject::from_bigint(start + &index * big(&it.step)?)?));
    it.len.set(Some(longobject::from_bigint(len - index)?));
    Ok(object::none())
}

static LONGRANGE_ITER_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(longrangeiter_length_hint),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(longrangeiter_reduce), ml_doc: iterobject::REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(longrangeiter_setstate), ml_doc: iterobject::SETSTATE_DOC },
];

/// `longrange_iterator` (`PyLongRangeIter_Type`).
pub static LONGRANGE_ITER_TYPE: TypeObject = TypeObject::new_static(
    "longrange_iterator",
    size_of::<LongRangeIterObject>(),
    object::dealloc_simple::<LongRangeIterObject>,
    TypeSlots { tp_iter: Some(self_iter), tp_iternext: Some(longrangeiter_next), ..TypeSlots::EMPTY },
)
.with_methods(&LONGRANGE_ITER_METHODS);
