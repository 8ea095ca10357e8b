//! Generic iterators, ported from Objects/iterobject.c: the sequence
//! iterator (`PySeqIter_Type`, `iter(obj)` over `__getitem__`) and the
//! callable iterator (`PyCallIter_Type`, `iter(callable, sentinel)`).
//!
//! The dict iterators and views (`dict_keyiterator`, `dict_keys`, ...)
//! live here too.
//!
//! Under free threading the iterator's state is read and advanced with
//! atomics (3.14t gives iterators no lock: sharing one between threads
//! may skip or repeat items but never crashes).

use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{exceptions, longobject, unicodeobject};

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

/// What `__reduce__` returns: `(f, args)`, or `(f, args, state)`.
pub fn reduce_value(f: &PyObject, args: &[&PyObject], state: Option<&PyObject>) -> PyResult<ObjRef> {
    let args = into_obj(tupleobject::from_slice(args)?);
    match state {
        Some(st) => tupleobject::from_slice(&[f, &args, st]).map(into_obj),
        None => tupleobject::from_slice(&[f, &args]).map(into_obj),
    }
}

/// `Py_BuildValue("N(O)n", _PyEval_GetBuiltin("iter"), ...)`: how the
/// builtin iterators pickle, as `iter(*args)` advanced by `__setstate__`.
pub fn reduce_to_builtin(name: &str, args: &[&PyObject], state: Option<&PyObject>) -> PyResult<ObjRef> {
    reduce_value(&*crate::builtins::introspect::get_builtin(name)?, args, state)
}

/// The position given to an iterator's `__setstate__` (`PyLong_AsSsize_t`).
pub fn setstate_index(state: &PyObject) -> PyResult<isize> {
    if downcast::<longobject::IntObject>(state).is_none() {
        return Err(errors::set_string(exceptions::type_error(), "an integer is required"));
    }
    crate::objects::r#abstract::as_ssize(state, Some(exceptions::overflow_error()))
}

/// An empty tuple, the argument of an exhausted iterator's `iter(())`.
fn empty_tuple() -> PyResult<ObjRef> {
    tupleobject::from_slice(&[]).map(into_obj)
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

/// `iter_reduce`.
fn seqiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<SeqIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    match it.seq.get() {
        Some(seq) => {
            let i = longobject::from_i64(it.index.load(Ordering::Relaxed) as i64)?;
            reduce_to_builtin("iter", &[&seq], Some(&i))
        }
        None => reduce_to_builtin("iter", &[&*empty_tuple()?], None),
    }
}

/// `iter_setstate`.
fn seqiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<SeqIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let index = setstate_index(state)?;
    if it.seq.get().is_some() {
        it.index.store(index.max(0), Ordering::Relaxed);
    }
    Ok(object::none())
}

/// `__reduce__` and `__setstate__` docstrings shared by the iterators.
pub const REDUCE_DOC: Option<&str> = Some("Return state information for pickling.");
pub const SETSTATE_DOC: Option<&str> = Some("Set state information for unpickling.");

static SEQ_ITER_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(seqiter_reduce), ml_doc: REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(seqiter_setstate), ml_doc: SETSTATE_DOC },
];

/// `iterator` (`PySeqIter_Type`).
pub static SEQ_ITER_TYPE: TypeObject = TypeObject::new_static(
    "iterator",
    size_of::<SeqIterObject>(),
    object::dealloc_simple::<SeqIterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(SeqIterObject { seq } {  })), tp_iter: Some(self_iter), tp_iternext: Some(seqiter_next), ..TypeSlots::EMPTY },
)
.with_methods(&SEQ_ITER_METHODS);

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

/// `calliter_reduce`.
fn calliter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<CallIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    match (it.callable.get(), it.sentinel.get()) {
        (Some(f), Some(sentinel)) => reduce_to_builtin("iter", &[&f, &sentinel], None),
        _ => reduce_to_builtin("iter", &[&*empty_tuple()?], None),
    }
}

static CALL_ITER_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(calliter_reduce), ml_doc: REDUCE_DOC }];

/// `callable_iterator` (`PyCallIter_Type`).
pub static CALL_ITER_TYPE: TypeObject = TypeObject::new_static(
    "callable_iterator",
    size_of::<CallIterObject>(),
    object::dealloc_simple::<CallIterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(CallIterObject { callable, sentinel } {  })),
        tp_clear: Some(crate::clear_fields!(CallIterObject { callable, sentinel })), tp_iter: Some(self_iter), tp_iternext: Some(calliter_next), ..TypeSlots::EMPTY },
)
.with_methods(&CALL_ITER_METHODS);

// ---------------------------------------------------------------------
// Dict iterators and views (Objects/dictobject.c's `dictiterobject` and
// `_PyDictViewObject`).

/// A dict iterator (`dictiterobject`); its type says what it yields.
#[repr(C)]
pub struct DictIterObject {
    ob_base: ObjectHeader,
    /// `di_dict`; emptied when exhausted.
    dict: ObjSlot,
    /// `di_used`: the dict's size when iteration began, -1 after a change
    /// was reported.
    used: AtomicIsize,
    /// `di_pos`: the next table position.
    pos: AtomicUsize,
    /// `len`: items left.
    remaining: AtomicIsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DictIterObject {}

/// What a dict iterator or view yields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DictPart {
    Keys,
    Values,
    Items,
}

fn dict_iter_type(part: DictPart) -> &'static TypeObject {
    match part {
        DictPart::Keys => &DICT_KEYITER_TYPE,
        DictPart::Values => &DICT_VALUEITER_TYPE,
        DictPart::Items => &DICT_ITEMITER_TYPE,
    }
}

fn new_dict_iter(d: &PyObject, part: DictPart) -> PyResult<ObjRef> {
    let Some(dict) = downcast::<DictObject>(d) else { return Err(errors::bad_internal_call()) };
    let n = dict.len() as isize;
    object::new_object(DictIterObject {
        ob_base: ObjectHeader::new(&dict_iter_type(part).head),
        dict: ObjSlot::new(Some(object::new_ref(d))),
        used: AtomicIsize::new(n),
        pos: AtomicUsize::new(0),
        remaining: AtomicIsize::new(n),
    })
    .map(into_obj)
}

/// `dict_iter`: `iter(d)` yields the keys.
pub fn dict_iter(d: &PyObject) -> PyResult<ObjRef> {
    new_dict_iter(d, DictPart::Keys)
}

fn as_dict_iter(v: &PyObject) -> PyResult<(&DictIterObject, DictPart)> {
    let ty = type_of(v);
    let part = [DictPart::Keys, DictPart::Values, DictPart::Items]
        .into_iter()
        .find(|p| core::ptr::eq(ty, dict_iter_type(*p)))
        .ok_or_else(errors::bad_internal_call)?;
    // SAFETY: the type is one of the three dict iterator types, all of
    // layout DictIterObject.
    Ok((unsafe { &*core::ptr::from_ref(v).cast::<DictIterObject>() }, part))
}

/// `dictiter_iternext{key,value,item}`.
fn dictiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let (it, part) = as_dict_iter(v)?;
    let Some(d) = it.dict.get() else { return Ok(None) };
    let Some(dict) = downcast::<DictObject>(&d) else { return Err(errors::bad_internal_call()) };
    if it.used.load(Ordering::Relaxed) != dict.len() as isize {
        it.used.store(-1, Ordering::Relaxed);
        return Err(errors::set_string(exceptions::runtime_error(), "dictionary changed size during iteration"));
    }
    let Some((next, k, val)) = dict.next_entry(it.pos.load(Ordering::Relaxed)) else {
        it.dict.set(None);
        return Ok(None);
    };
    if it.remaining.load(Ordering::Relaxed) <= 0 {
        // An entry past the ones counted at the start: keys were deleted
        // and others added (same size).
        it.remaining.store(-1, Ordering::Relaxed);
        return Err(errors::set_string(exceptions::runtime_error(), "dictionary keys changed during iteration"));
    }
    it.pos.store(next, Ordering::Relaxed);
    it.remaining.fetch_sub(1, Ordering::Relaxed);
    Ok(Some(match part {
        DictPart::Keys => k,
        DictPart::Values => val,
        DictPart::Items => into_obj(tupleobject::from_slice(&[&k, &val])?),
    }))
}

/// `dictiter.__length_hint__()`.
fn dictiter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let (it, _) = as_dict_iter(v)?;
    let n = if it.dict.get().is_some() { it.remaining.load(Ordering::Relaxed).max(0) } else { 0 };
    longobject::from_i64(n as i64)
}

/// `dictiter_reduce` (forward and reverse): `iter(list)` of the items a
/// copy of the iterator has left.
fn dictiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    // SAFETY: only installed on the dict iterator types, all of layout
    // DictIterObject.
    let it = unsafe { &*core::ptr::from_ref(v).cast::<DictIterObject>() };
    let copy = object::new_object(DictIterObject {
        ob_base: ObjectHeader::new(&type_of(v).head),
        dict: ObjSlot::new(it.dict.get()),
        used: AtomicIsize::new(it.used.load(Ordering::Relaxed)),
        pos: AtomicUsize::new(it.pos.load(Ordering::Relaxed)),
        remaining: AtomicIsize::new(it.remaining.load(Ordering::Relaxed)),
    })?;
    let items = crate::objects::r#abstract::collect(object::as_obj(&*copy))?;
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    let list = crate::objects::listobject::ListObject::from_slice(&refs)?;
    reduce_to_builtin("iter", &[object::as_obj(&*list)], None)
}

static DICT_ITER_METHODS: [MethodDef; 2] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(dictiter_length_hint),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(dictiter_reduce), ml_doc: REDUCE_DOC },
];

const DICT_ITER_SLOTS: TypeSlots = TypeSlots {
    tp_iter: Some(self_iter),
    tp_iternext: Some(dictiter_next),
    tp_traverse: Some(crate::traverse_fields!(DictIterObject { dict } {})),
    ..TypeSlots::EMPTY
};

/// `dict_keyiterator` (`PyDictIterKey_Type`).
pub static DICT_KEYITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_keyiterator",
    size_of::<DictIterObject>(),
    object::dealloc_simple::<DictIterObject>,
    DICT_ITER_SLOTS,
)
.with_methods(&DICT_ITER_METHODS);

/// `dict_valueiterator` (`PyDictIterValue_Type`).
pub static DICT_VALUEITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_valueiterator",
    size_of::<DictIterObject>(),
    object::dealloc_simple::<DictIterObject>,
    DICT_ITER_SLOTS,
)
.with_methods(&DICT_ITER_METHODS);

/// `dict_itemiterator` (`PyDictIterItem_Type`).
pub static DICT_ITEMITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_itemiterator",
    size_of::<DictIterObject>(),
    object::dealloc_simple::<DictIterObject>,
    DICT_ITER_SLOTS,
)
.with_methods(&DICT_ITER_METHODS);

/// A dict view (`_PyDictViewObject`); its type says which part.
#[repr(C)]
pub struct DictViewObject {
    ob_base: ObjectHeader,
    /// `dv_dict`.
    dict: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DictViewObject {}

fn dict_view_type(part: DictPart) -> &'static TypeObject {
    match part {
        DictPart::Keys => &DICT_KEYS_TYPE,
        DictPart::Values => &DICT_VALUES_TYPE,
        DictPart::Items => &DICT_ITEMS_TYPE,
    }
}

fn new_dict_view(d: &PyObject, part: DictPart) -> PyResult<ObjRef> {
    if downcast::<DictObject>(d).is_none() {
        return Err(errors::bad_internal_call());
    }
    object::new_object(DictViewObject { ob_base: ObjectHeader::new(&dict_view_type(part).head), dict: object::new_ref(d) })
        .map(into_obj)
}

/// `dict.keys()`.
pub fn dict_keys(d: &PyObject) -> PyResult<ObjRef> {
    new_dict_view(d, DictPart::Keys)
}

/// `dict.values()`.
pub fn dict_values(d: &PyObject) -> PyResult<ObjRef> {
    new_dict_view(d, DictPart::Values)
}

/// `dict.items()`.
pub fn dict_items(d: &PyObject) -> PyResult<ObjRef> {
    new_dict_view(d, DictPart::Items)
}

fn as_dict_view(v: &PyObject) -> PyResult<(&DictObject, DictPart)> {
    let ty = type_of(v);
    let part = [DictPart::Keys, DictPart::Values, DictPart::Items]
        .into_iter()
        .find(|p| core::ptr::eq(ty, dict_view_type(*p)))
        .ok_or_else(errors::bad_internal_call)?;
    // SAFETY: the type is one of the three view types, all of layout
    // DictViewObject.
    let view = unsafe { &*core::ptr::from_ref(v).cast::<DictViewObject>() };
    let dict = downcast::<DictObject>(&view.dict).ok_or_else(errors::bad_internal_call)?;
    Ok((dict, part))
}

/// `dictview_len`.
fn dictview_len(v: &PyObject) -> PyResult<isize> {
    Ok(as_dict_view(v)?.0.len() as isize)
}

/// `dictkeys_iter` / `dictvalues_iter` / `dictitems_iter`.
fn dictview_iter(v: &PyObject) -> PyResult<ObjRef> {
    let (dict, part) = as_dict_view(v)?;
    new_dict_iter(object::as_obj(dict), part)
}

/// `dictview_repr`: `dict_keys([...])`.
fn dictview_repr(v: &PyObject) -> PyResult<ObjRef> {
    let name = type_of(v).name().to_owned();
    if crate::state::repr_enter(v) {
        return unicodeobject::from_string(format!("{name}(...)")).map(into_obj);
    }
    let res = (|| -> PyResult<String> {
        let items = crate::objects::r#abstract::collect(v)?;
        let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
        let list = crate::objects::listobject::ListObject::from_slice(&refs)?;
        Ok(format!("{name}({})", object::repr(object::as_obj(&*list))?.to_string_lossy()))
    })();
    crate::state::repr_leave(v);
    unicodeobject::from_string(res?).map(into_obj)
}

/// `dictkeys_contains` / `dictitems_contains`; values are searched.
fn dictview_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    let (dict, part) = as_dict_view(v)?;
    match part {
        DictPart::Keys => crate::objects::r#abstract::contains(object::as_obj(dict), x),
        DictPart::Items => {
            let Some(t) = downcast::<TupleObject>(x) else { return Ok(false) };
            let [k, val] = t.as_slice() else { return Ok(false) };
            match dict.get_item(k)? {
                Some(found) => object::rich_compare_bool(&found, val, CompareOp::Eq),
                None => Ok(false),
            }
        }
        DictPart::Values => crate::objects::r#abstract::iter_search_contains(v, x),
    }
}

const DICT_VIEW_SLOTS: TypeSlots = TypeSlots {
    tp_traverse: Some(crate::traverse_fields!(DictViewObject {} { dict })),
    tp_repr: Some(dictview_repr),
    tp_iter: Some(dictview_iter),
    sq_length: Some(dictview_len),
    sq_contains: Some(dictview_contains),
    ..TypeSlots::EMPTY
};

/// A reverse dict iterator (`dict_reversekeyiterator` ...): the same
/// layout as the forward one, walking the table down from its end.
fn dict_reviter_type(part: DictPart) -> &'static TypeObject {
    match part {
        DictPart::Keys => &DICT_REVKEYITER_TYPE,
        DictPart::Values => &DICT_REVVALUEITER_TYPE,
        DictPart::Items => &DICT_REVITEMITER_TYPE,
    }
}

fn new_dict_reviter(d: &PyObject, part: DictPart) -> PyResult<ObjRef> {
    let Some(dict) = downcast::<DictObject>(d) else { return Err(errors::bad_internal_call()) };
    let n = dict.len() as isize;
    object::new_object(DictIterObject {
        ob_base: ObjectHeader::new(&dict_reviter_type(part).head),
        dict: ObjSlot::new(Some(object::new_ref(d))),
        used: AtomicIsize::new(n),
        pos: AtomicUsize::new(dict.table_end()),
        remaining: AtomicIsize::new(n),
    })
    .map(into_obj)
}

/// `dict___reversed___impl`.
pub fn dict_reversed(d: &PyObject) -> PyResult<ObjRef> {
    new_dict_reviter(d, DictPart::Keys)
}

/// `dictreviter_iternext`.
fn dictreviter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let ty = type_of(v);
    let part = [DictPart::Keys, DictPart::Values, DictPart::Items]
        .into_iter()
        .find(|p| core::ptr::eq(ty, dict_reviter_type(*p)))
        .ok_or_else(errors::bad_internal_call)?;
    // SAFETY: the reverse iterator types have the DictIterObject layout.
    let it = unsafe { &*core::ptr::from_ref(v).cast::<DictIterObject>() };
    let Some(d) = it.dict.get() else { return Ok(None) };
    let Some(dict) = downcast::<DictObject>(&d) else { return Err(errors::bad_internal_call()) };
    if it.used.load(Ordering::Relaxed) != dict.len() as isize {
        it.used.store(-1, Ordering::Relaxed);
        return Err(errors::set_string(exceptions::runtime_error(), "dictionary changed size during iteration"));
    }
    let pos = it.pos.load(Ordering::Relaxed);
    // A position past the end belongs to a table the dict has since
    // replaced (cleared and refilled): the iteration is over.
    let found = if pos > dict.table_end() { None } else { dict.prev_entry(pos) };
    let Some((pos, k, val)) = found else {
        it.dict.set(None);
        return Ok(None);
    };
    if it.remaining.load(Ordering::Relaxed) <= 0 {
        it.remaining.store(-1, Ordering::Relaxed);
        return Err(errors::set_string(exceptions::runtime_error(), "dictionary keys changed during iteration"));
    }
    it.pos.store(pos, Ordering::Relaxed);
    it.remaining.fetch_sub(1, Ordering::Relaxed);
    Ok(Some(match part {
        DictPart::Keys => k,
        DictPart::Values => val,
        DictPart::Items => into_obj(tupleobject::from_slice(&[&k, &val])?),
    }))
}

/// `dictreviter.__length_hint__()`.
fn dictreviter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    // SAFETY: only installed on the reverse iterator types (DictIterObject).
    let it = unsafe { &*core::ptr::from_ref(v).cast::<DictIterObject>() };
    let n = if it.dict.get().is_some() { it.remaining.load(Ordering::Relaxed).max(0) } else { 0 };
    longobject::from_i64(n as i64)
}

static DICT_REVITER_METHODS: [MethodDef; 2] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(dictreviter_length_hint),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(dictiter_reduce), ml_doc: REDUCE_DOC },
];

const DICT_REVITER_SLOTS: TypeSlots = TypeSlots {
    tp_iter: Some(self_iter),
    tp_iternext: Some(dictreviter_next),
    tp_traverse: Some(crate::traverse_fields!(DictIterObject { dict } {})),
    ..TypeSlots::EMPTY
};

/// `dict_reversekeyiterator` (`PyDictRevIterKey_Type`).
pub static DICT_REVKEYITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_reversekeyiterator",
    size_of::<DictIterObject>(),
    object::dealloc_simple::<DictIterObject>,
    DICT_REVITER_SLOTS,
)
.with_methods(&DICT_REVITER_METHODS);

/// `dict_reversevalueiterator` (`PyDictRevIterValue_Type`).
pub static DICT_REVVALUEITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_reversevalueiterator",
    size_of::<DictIterObject>(),
    object::dealloc_simple::<DictIterObject>,
    DICT_REVITER_SLOTS,
)
.with_methods(&DICT_REVITER_METHODS);

/// `dict_reverseitemiterator` (`PyDictRevIterItem_Type`).
pub static DICT_REVITEMITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_reverseitemiterator",
    size_of::<DictIterObject>(),
    object::dealloc_simple::<DictIterObject>,
    DICT_REVITER_SLOTS,
)
.with_methods(&DICT_REVITER_METHODS);

/// `dictkeys_reversed` / `dictvalues_reversed` / `dictitems_reversed`.
fn dictview_reversed(v: &PyObject) -> PyResult<ObjRef> {
    let (dict, part) = as_dict_view(v)?;
    new_dict_reviter(object::as_obj(dict), part)
}

/// Is `v` a keys or items view (the set-like ones)?
fn is_setlike_view(v: &PyObject) -> bool {
    object::is_type(v, &DICT_KEYS_TYPE) || object::is_type(v, &DICT_ITEMS_TYPE)
}

/// A new set of `src`'s items, then `method(other)` on it: the shape of
/// `dictviews_sub` / `dictviews_or` / `dictviews_xor` /
/// `_PyDictView_Intersect`.
fn view_set_op(src: &PyObject, other: &PyObject, method: &str) -> PyResult<ObjRef> {
    let result = crate::objects::setobject::new_set(Some(src))?;
    let f = object::get_attr_str(&result, method)?;
    object::call(&f, &[other])?;
    Ok(result)
}

/// `_PyDictView_Intersect` (`&`): the view's items found in the other.
fn dictviews_and(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (a, b) = if is_setlike_view(v) { (v, w) } else { (w, v) };
    view_set_op(a, b, "intersection_update")
}

/// `dictviews_or` (`|`).
fn dictviews_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    view_set_op(v, w, "update")
}

/// `dictviews_sub` (`-`).
fn dictviews_sub(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    view_set_op(v, w, "difference_update")
}

/// `dictviews_xor` (`^`).
fn dictviews_xor(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (a, b) = if is_setlike_view(v) { (v, w) } else { (w, v) };
    view_set_op(a, b, "symmetric_difference_update")
}

/// `dictviews_isdisjoint`.
fn dictviews_isdisjoint(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    if object::is(v, other) {
        return Ok(crate::objects::boolobject::from_bool(dictview_len(v)? == 0));
    }
    let it = crate::objects::r#abstract::get_iter(other)?;
    while let Some(x) = crate::objects::r#abstract::iter_next(&it)? {
        if dictview_contains(v, &x)? {
            return Ok(crate::objects::boolobject::from_bool(false));
        }
    }
    Ok(crate::objects::boolobject::from_bool(true))
}

/// `all_contained_in`: is every item of `a` in `b`?
fn all_contained_in(a: &PyObject, b: &PyObject) -> PyResult<bool> {
    let it = crate::objects::r#abstract::get_iter(a)?;
    while let Some(x) = crate::objects::r#abstract::iter_next(&it)? {
        if !crate::objects::r#abstract::contains(b, &x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `dictview_richcompare`: set comparisons against sets and set-like
/// views.
fn dictview_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let set_like = |o: &PyObject| {
        is_setlike_view(o)
            || object::type_check(o, &crate::objects::setobject::SET_TYPE)
            || object::type_check(o, &crate::objects::setobject::FROZENSET_TYPE)
    };
    if !set_like(w) {
        return Ok(object::not_implemented());
    }
    let len_self = dictview_len(v)?;
    let len_other = crate::objects::r#abstract::size(w)?;
    let ok = match op {
        CompareOp::Eq | CompareOp::Ne => {
            let eq = len_self == len_other && all_contained_in(v, w)?;
            if op == CompareOp::Eq { eq } else { !eq }
        }
        CompareOp::Lt => len_self < len_other && all_contained_in(v, w)?,
        CompareOp::Le => len_self <= len_other && all_contained_in(v, w)?,
        CompareOp::Gt => len_self > len_other && all_contained_in(w, v)?,
        CompareOp::Ge => len_self >= len_other && all_contained_in(w, v)?,
    };
    Ok(crate::objects::boolobject::from_bool(ok))
}

static DICT_SETVIEW_METHODS: [MethodDef; 2] = [
    MethodDef {
        ml_name: "isdisjoint",
        ml_meth: MethodFn::O(dictviews_isdisjoint),
        ml_doc: Some("Return True if the view and the given iterable have a null intersection."),
    },
    MethodDef {
        ml_name: "__reversed__",
        ml_meth: MethodFn::NoArgs(dictview_reversed),
        ml_doc: Some("Return a reverse iterator over the dict keys."),
    },
];

static DICT_VALUES_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__reversed__",
    ml_meth: MethodFn::NoArgs(dictview_reversed),
    ml_doc: Some("Return a reverse iterator over the dict values."),
}];

const DICT_SETVIEW_SLOTS: TypeSlots = TypeSlots {
    tp_traverse: Some(crate::traverse_fields!(DictViewObject {} { dict })),
    tp_repr: Some(dictview_repr),
    tp_hash: Some(crate::objects::typeobject::hash_not_implemented),
    tp_richcompare: Some(dictview_richcompare),
    tp_iter: Some(dictview_iter),
    nb_subtract: Some(dictviews_sub),
    nb_and: Some(dictviews_and),
    nb_xor: Some(dictviews_xor),
    nb_or: Some(dictviews_or),
    sq_length: Some(dictview_len),
    sq_contains: Some(dictview_contains),
    ..TypeSlots::EMPTY
};

/// `dict_keys` (`PyDictKeys_Type`).
pub static DICT_KEYS_TYPE: TypeObject =
    TypeObject::new_static("dict_keys", size_of::<DictViewObject>(), object::dealloc_simple::<DictViewObject>, DICT_SETVIEW_SLOTS)
        .with_methods(&DICT_SETVIEW_METHODS)
        .with_getset(&DICT_VIEW_GETSET);

/// `dictview_mapping`: the view's dict, read-only.
fn dictview_mapping(v: &PyObject) -> PyResult<ObjRef> {
    let (dict, _) = as_dict_view(v)?;
    crate::objects::descrobject::new_mappingproxy(object::as_obj(dict))
}

static DICT_VIEW_GETSET: [crate::objects::descrobject::GetSetDef; 1] = [crate::objects::descrobject::GetSetDef {
    name: "mapping",
    get: dictview_mapping,
    set: None,
    doc: Some("dictionary that this view refers to"),
}];

/// `dict_values` (`PyDictValues_Type`).
pub static DICT_VALUES_TYPE: TypeObject = TypeObject::new_static(
    "dict_values",
    size_of::<DictViewObject>(),
    object::dealloc_simple::<DictViewObject>,
    DICT_VIEW_SLOTS,
)
.with_methods(&DICT_VALUES_METHODS)
.with_getset(&DICT_VIEW_GETSET);

/// `dict_items` (`PyDictItems_Type`).
pub static DICT_ITEMS_TYPE: TypeObject = TypeObject::new_static(
    "dict_items",
    size_of::<DictViewObject>(),
    object::dealloc_simple::<DictViewObject>,
    DICT_SETVIEW_SLOTS,
)
.with_methods(&DICT_SETVIEW_METHODS)
.with_getset(&DICT_VIEW_GETSET);
