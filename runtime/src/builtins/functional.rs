//! The iterator types of Python/bltinmodule.c: `map` (with 3.14's
//! `strict=`), `filter` and `zip` (`strict=`). Each holds its source
//! iterators, taken once at construction and never replaced, so the
//! iterator itself needs no lock: like CPython 3.14t, sharing one between
//! threads may interleave items but never corrupts it.

use std::sync::atomic::{AtomicBool, Ordering};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::iterobject::{REDUCE_DOC, SETSTATE_DOC, reduce_value, self_iter};
use crate::objects::object::{self, ObjRef, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::heaptype::new_instance;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{r#abstract as abs, boolobject, call, exceptions};

/// The value of the only keyword, `strict`, of `map()` and `zip()`.
fn strict_kwarg(fname: &str, kwds: Option<&DictObject>) -> PyResult<bool> {
    let Some(d) = kwds else { return Ok(false) };
    let mut strict = false;
    for (k, v) in d.items() {
        let name = object::str_lossy(&k);
        if name != "strict" {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{fname}() got an unexpected keyword argument '{name}'"),
            ));
        }
        strict = object::is_true(&v)?;
    }
    Ok(strict)
}

/// `PyObject_GetIter` of each argument.
fn iterators(args: &[ObjRef]) -> PyResult<Vec<ObjRef>> {
    args.iter().map(|a| abs::get_iter(a)).collect()
}

/// After the iterator at `i` ran out in strict mode: the error of
/// `zip_next` / `map_next` (`check:`), naming the shorter or longer
/// argument.
fn strict_mismatch(fname: &str, its: &[ObjRef], i: usize) -> PyResult<Option<ObjRef>> {
    let plural = |i: usize| if i == 1 { " " } else { "s 1-" };
    if i > 0 {
        return Err(errors::set_string(
            exceptions::value_error(),
            &format!(
                "{fname}() argument {} is shorter than argument{}{i}",
                i + 1,
                plural(i)
            ),
        ));
    }
    for (j, it) in its.iter().enumerate().skip(1) {
        if abs::iter_next(it)?.is_some() {
            return Err(errors::set_string(
                exceptions::value_error(),
                &format!(
                    "{fname}() argument {} is longer than argument{}{j}",
                    j + 1,
                    plural(j)
                ),
            ));
        }
    }
    Ok(None)
}

/// The next item of each iterator, or `None` when one is exhausted
/// (checked against the others in strict mode).
fn next_of_each(fname: &str, its: &[ObjRef], strict: bool) -> PyResult<Option<Vec<ObjRef>>> {
    let mut items = Vec::with_capacity(its.len());
    for (i, it) in its.iter().enumerate() {
        match abs::iter_next(it)? {
            Some(v) => items.push(v),
            None if strict => return strict_mismatch(fname, its, i).map(|_| None),
            None => return Ok(None),
        }
    }
    Ok(Some(items))
}

// ---------------------------------------------------------------------
// map

/// `mapobject`.
#[repr(C)]
pub struct MapObject {
    ob_base: ObjectHeader,
    func: ObjRef,
    iters: Vec<ObjRef>,
    /// Set again by `__setstate__` when unpickled.
    strict: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MapObject {}

impl PyClass for MapObject {
    fn type_object() -> &'static TypeObject {
        &MAP_TYPE
    }
}

/// `map_new`.
fn map_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let strict = strict_kwarg("map", kwds)?;
    let a = args.as_slice();
    if a.len() < 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            "map() must have at least two arguments.",
        ));
    }
    let m = MapObject {
        ob_base: ObjectHeader::new(&ty.head),
        func: a[0].clone(),
        iters: iterators(&a[1..])?,
        strict: AtomicBool::new(strict),
    };
    new_instance(ty, m).map(into_obj)
}

/// `map_next`.
fn map_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(m) = downcast::<MapObject>(v) else { return Err(errors::bad_internal_call()) };
    let Some(items) = next_of_each("map", &m.iters, m.strict.load(Ordering::Relaxed))? else { return Ok(None) };
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    call::call(&m.func, &refs).map(Some)
}

/// `map_reduce`: `(map, (func, *iterators))`, with `True` as the state
/// when strict.
fn map_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let m = downcast::<MapObject>(v).ok_or_else(errors::bad_internal_call)?;
    let mut args: Vec<&PyObject> = vec![&m.func];
    args.extend(m.iters.iter().map(|r| &**r));
    let strict = m.strict.load(Ordering::Relaxed).then(|| boolobject::from_bool(true));
    reduce_value(object::as_obj(object::type_of(v)), &args, strict.as_deref())
}

/// `map_setstate` / `zip_setstate`: the strict flag.
fn set_strict(flag: &AtomicBool, state: &PyObject) -> PyResult<ObjRef> {
    flag.store(object::is_true(state)?, Ordering::Relaxed);
    Ok(object::none())
}

fn map_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    set_strict(&downcast::<MapObject>(v).ok_or_else(errors::bad_internal_call)?.strict, state)
}

static MAP_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(map_reduce), ml_doc: REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(map_setstate), ml_doc: SETSTATE_DOC },
];

/// `map` (`PyMap_Type`).
pub static MAP_TYPE: TypeObject = TypeObject::new_static(
    "map",
    size_of::<MapObject>(),
    object::dealloc_simple::<MapObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(MapObject {  } { func, iters })),
        tp_new: Some(map_new),
        tp_iter: Some(self_iter),
        tp_iternext: Some(map_next),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&MAP_METHODS)
.with_doc("map(function, iterable, /, *iterables, strict=False)\n--\n\nMake an iterator that computes the function using arguments from\neach of the iterables.  Stops when the shortest iterable is exhausted.\n\nIf strict is true and one of the arguments is exhausted before the\nothers, raise a ValueError.");

// ---------------------------------------------------------------------
// filter

/// `filterobject`.
#[repr(C)]
pub struct FilterObject {
    ob_base: ObjectHeader,
    func: ObjRef,
    it: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FilterObject {}

impl PyClass for FilterObject {
    fn type_object() -> &'static TypeObject {
        &FILTER_TYPE
    }
}

/// `filter_new`.
fn filter_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // A subclass with its own __init__ may take keywords.
    let same_init = match (ty.slots.tp_init.get(), FILTER_TYPE.slots.tp_init.get()) {
        (Some(a), Some(b)) => core::ptr::fn_addr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    };
    if (core::ptr::eq(ty, &FILTER_TYPE) || same_init) && kwds.is_some_and(|d| !d.items().is_empty()) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "filter() takes no keyword arguments",
        ));
    }
    let [func, seq] = args.as_slice() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("filter expected 2 arguments, got {}", args.len()),
        ));
    };
    let f = FilterObject {
        ob_base: ObjectHeader::new(&ty.head),
        func: func.clone(),
        it: abs::get_iter(seq)?,
    };
    new_instance(ty, f).map(into_obj)
}

/// `filter_next`: the next item for which `func(item)` (or the item
/// itself when `func` is `None` or `bool`) is true.
fn filter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(f) = downcast::<FilterObject>(v) else { return Err(errors::bad_internal_call()) };
    let check_true =
        object::is_none(&f.func) || object::is(&f.func, object::as_obj(&boolobject::BOOL_TYPE));
    while let Some(item) = abs::iter_next(&f.it)? {
        let ok = if check_true {
            object::is_true(&item)?
        } else {
            object::is_true(&*call::call(&f.func, &[&item])?)?
        };
        if ok {
            return Ok(Some(item));
        }
    }
    Ok(None)
}

/// `filter_reduce`: `(filter, (func, iterator))`.
fn filter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let f = downcast::<FilterObject>(v).ok_or_else(errors::bad_internal_call)?;
    reduce_value(object::as_obj(object::type_of(v)), &[&f.func, &f.it], None)
}

static FILTER_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(filter_reduce), ml_doc: REDUCE_DOC }];

/// `filter` (`PyFilter_Type`).
pub static FILTER_TYPE: TypeObject = TypeObject::new_static(
    "filter",
    size_of::<FilterObject>(),
    object::dealloc_simple::<FilterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(FilterObject {  } { func, it })),
        tp_new: Some(filter_new),
        tp_iter: Some(self_iter),
        tp_iternext: Some(filter_next),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&FILTER_METHODS)
.with_doc("filter(function, iterable, /)\n--\n\nReturn an iterator yielding those items of iterable for which\nfunction(item) is true.  If function is None, return the items that\nare true.");

// ---------------------------------------------------------------------
// zip

/// `zipobject`.
#[repr(C)]
pub struct ZipObject {
    ob_base: ObjectHeader,
    iters: Vec<ObjRef>,
    /// Set again by `__setstate__` when unpickled.
    strict: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ZipObject {}

impl PyClass for ZipObject {
    fn type_object() -> &'static TypeObject {
        &ZIP_TYPE
    }
}

/// `zip_new`.
fn zip_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let strict = strict_kwarg("zip", kwds)?;
    let z = ZipObject {
        ob_base: ObjectHeader::new(&ty.head),
        iters: iterators(args.as_slice())?,
        strict: AtomicBool::new(strict),
    };
    new_instance(ty, z).map(into_obj)
}

/// `zip_next`: a new tuple of the next item of each iterator.
fn zip_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(z) = downcast::<ZipObject>(v) else { return Err(errors::bad_internal_call()) };
    if z.iters.is_empty() {
        return Ok(None);
    }
    let Some(items) = next_of_each("zip", &z.iters, z.strict.load(Ordering::Relaxed))? else { return Ok(None) };
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    tupleobject::from_slice(&refs).map(|t| Some(into_obj(t)))
}

/// `zip_reduce`: `(zip, iterators)`, with `True` as the state when
/// strict.
fn zip_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let z = downcast::<ZipObject>(v).ok_or_else(errors::bad_internal_call)?;
    let args: Vec<&PyObject> = z.iters.iter().map(|r| &**r).collect();
    let strict = z.strict.load(Ordering::Relaxed).then(|| boolobject::from_bool(true));
    reduce_value(object::as_obj(object::type_of(v)), &args, strict.as_deref())
}

fn zip_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    set_strict(&downcast::<ZipObject>(v).ok_or_else(errors::bad_internal_call)?.strict, state)
}

static ZIP_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(zip_reduce), ml_doc: REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(zip_setstate), ml_doc: SETSTATE_DOC },
];

/// `zip` (`PyZip_Type`).
pub static ZIP_TYPE: TypeObject = TypeObject::new_static(
    "zip",
    size_of::<ZipObject>(),
    object::dealloc_simple::<ZipObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(ZipObject {  } { iters })),
        tp_new: Some(zip_new),
        tp_iter: Some(self_iter),
        tp_iternext: Some(zip_next),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&ZIP_METHODS)
.with_doc("zip(*iterables, strict=False)\n--\n\nThe zip object yields n-length tuples, where n is the number of\niterables passed as positional arguments to zip().  The i-th element\nin every tuple comes from the i-th iterable argument to zip().  This\ncontinues until the shortest argument is exhausted.\n\nIf strict is true and one of the arguments is exhausted before the\nothers, raise a ValueError.\n\n   >>> list(zip('abcdefg', range(3), range(4)))\n   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]");
