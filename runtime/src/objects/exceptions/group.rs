//! Exception groups, ported from Objects/exceptions.c
//! (`PyBaseExceptionGroupObject`, `BaseExceptionGroup_new`, `_init`,
//! `_str`, 3.14's `_repr` with the saved `excs_str`, `derive`, `split`,
//! `subgroup`, `exceptiongroup_subset`, `get_matcher_type`,
//! `exceptiongroup_split_recursive`, `collect_exception_group_leaf_ids`,
//! `exception_group_projection`, `_PyExc_PrepReraiseStar`,
//! `create_exception_group_class`) and `_PyEval_ExceptionGroupMatch` /
//! `_PyEval_CheckExceptStarTypeValid` of Python/ceval.c.

use std::collections::HashSet;
use std::sync::OnceLock;

use rupy_gc::PyRef;
use rupy_gc::object::PyObjectLike;

use super::{
    BASE_EXCEPTION, BaseExceptionObject, base_exception_init, base_exception_new, exc_of, exception, get_optional_attr,
    is_exception_class, is_exception_instance, sequence_tuple, type_error, value_error,
};
use crate::errors::{self, PyResult};
use crate::objects::call;
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::listobject::ListObject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{self, TypeObject, TypeSlots};
use crate::objects::unicodeobject;

/// An exception group (`PyBaseExceptionGroupObject`).
#[repr(C)]
pub struct BaseExceptionGroupObject {
    base: BaseExceptionObject,
    /// `message`.
    msg: ObjSlot,
    /// `exceptions`, a non-empty tuple.
    excs: ObjSlot,
    /// The repr of the exceptions argument as given (3.14's `excs_str`),
    /// for `__repr__`.
    excs_str: ObjSlot,
}

// SAFETY: #[repr(C)], starting with a BaseExceptionObject.
unsafe impl PyObjectLike for BaseExceptionGroupObject {}

impl PyClass for BaseExceptionGroupObject {
    fn type_object() -> &'static TypeObject {
        &BASE_EXCEPTION_GROUP
    }
}

impl core::ops::Deref for BaseExceptionGroupObject {
    type Target = BaseExceptionObject;
    fn deref(&self) -> &BaseExceptionObject {
        &self.base
    }
}

impl BaseExceptionGroupObject {
    /// `exceptions` as a vector.
    pub fn exceptions(&self) -> Vec<ObjRef> {
        self.excs
            .get()
            .and_then(|t| downcast::<TupleObject>(&t).map(|t| t.as_slice().to_vec()))
            .unwrap_or_default()
    }

    /// `message`.
    pub fn message(&self) -> ObjRef {
        self.msg.get().unwrap_or_else(object::none)
    }
}

/// `_PyBaseExceptionGroup_Check`.
pub fn is_exception_group(v: &PyObject) -> bool {
    object::type_check(v, &BASE_EXCEPTION_GROUP)
}

/// `PySequence_Check`: has `sq_item` and is not a dict.
fn is_sequence(v: &PyObject) -> bool {
    let ty = type_of(v);
    ty.slots.sq_item.get().is_some() && !object::type_check(v, &crate::objects::dictobject::DICT_TYPE)
        || object::type_check(v, &tupleobject::TUPLE_TYPE)
        || object::type_check(v, &crate::objects::listobject::LIST_TYPE)
}

/// `BaseExceptionGroup_new`: checks `(message, exceptions)` and picks
/// `ExceptionGroup` when every member is an `Exception`.
fn base_exception_group_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = args.as_slice();
    if a.len() != 2 {
        return Err(errors::set_string(
            type_error(),
            &format!("BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)", a.len()),
        ));
    }
    let (message, exceptions) = (&a[0], &a[1]);
    if !object::type_check(message, &unicodeobject::STR_TYPE) {
        return Err(errors::set_string(
            type_error(),
            &format!("BaseExceptionGroup.__new__() argument 1 must be str, not {}", type_of(message).name()),
        ));
    }
    if !is_sequence(exceptions) {
        return Err(errors::set_string(type_error(), "second argument (exceptions) must be a sequence"));
    }
    let excs = sequence_tuple(exceptions)?;
    let items = downcast::<TupleObject>(&excs).ok_or_else(errors::bad_internal_call)?.as_slice();
    if items.is_empty() {
        return Err(errors::set_string(value_error(), "second argument (exceptions) must be a non-empty sequence"));
    }
    let mut nested_base = false;
    for (i, e) in items.iter().enumerate() {
        if !is_exception_instance(e) {
            return Err(errors::set_string(
                value_error(),
                &format!("Item {i} of second argument (exceptions) is not an exception"),
            ));
        }
        if !object::type_check(e, exception()) {
            nested_base = true;
        }
    }
    let eg = exception_group()?;
    let mut cls = ty;
    if core::ptr::eq(cls, eg) {
        if nested_base {
            return Err(errors::set_string(type_error(), "Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if core::ptr::eq(cls, &BASE_EXCEPTION_GROUP) {
        if !nested_base {
            cls = eg;
        }
    } else if nested_base && cls.is_subtype(exception()) {
        return Err(errors::set_string(
            type_error(),
            &format!("Cannot nest BaseExceptions in '{}'", cls.name()),
        ));
    }
    let excs_str = into_obj(object::repr(exceptions)?);
    let obj = base_exception_new(cls, args, kwds)?;
    let g = downcast::<BaseExceptionGroupObject>(&obj).ok_or_else(errors::bad_internal_call)?;
    g.msg.set(Some(message.clone()));
    g.excs.set(Some(excs));
    g.excs_str.set(Some(excs_str));
    Ok(obj)
}

/// `BaseExceptionGroup_init`.
fn base_exception_group_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    base_exception_init(v, args, kwds)
}

fn group_of(v: &PyObject) -> PyResult<&BaseExceptionGroupObject> {
    downcast::<BaseExceptionGroupObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `BaseExceptionGroup_str`: `msg (N sub-exception[s])`.
fn base_exception_group_str(v: &PyObject) -> PyResult<ObjRef> {
    let g = group_of(v)?;
    let n = g.exceptions().len();
    let msg = object::str(&g.message())?.to_string_lossy();
    unicodeobject::from_string(format!("{msg} ({n} sub-exception{})", if n > 1 { "s" } else { "" })).map(into_obj)
}

/// `BaseExceptionGroup_repr` (3.14): `Name('msg', <exceptions as given>)`.
fn base_exception_group_repr(v: &PyObject) -> PyResult<ObjRef> {
    let g = group_of(v)?;
    let msg = object::repr(&g.message())?.to_string_lossy();
    let excs = match g.excs_str.get() {
        Some(s) => object::str(&s)?.to_string_lossy(),
        None => object::repr(&g.excs.get().unwrap_or_else(object::none))?.to_string_lossy(),
    };
    unicodeobject::from_string(format!("{}({msg}, {excs})", type_of(v).name())).map(into_obj)
}

/// `BaseExceptionGroup.derive`: `BaseExceptionGroup(self.message, excs)`.
fn meth_derive(v: &PyObject, excs: &PyObject) -> PyResult<ObjRef> {
    let g = group_of(v)?;
    object::call(as_obj(&BASE_EXCEPTION_GROUP), &[&g.message(), excs])
}

/// `exceptiongroup_subset`: `orig.derive(excs)` with orig's traceback,
/// cause, context and a copy of its notes; `None` for no exceptions.
fn subset(orig: &PyObject, excs: Vec<ObjRef>) -> PyResult<Option<ObjRef>> {
    if excs.is_empty() {
        return Ok(None);
    }
    let refs: Vec<&PyObject> = excs.iter().map(|x| &**x).collect();
    let list = into_obj(ListObject::from_slice(&refs)?);
    let derive = object::get_attr(orig, &*unicodeobject::intern_str("derive")?)?;
    let eg = object::call(&derive, &[&list])?;
    if !is_exception_group(&eg) {
        return Err(errors::set_string(type_error(), "derive must return an instance of BaseExceptionGroup"));
    }
    let o = exc_of(orig)?;
    let e = exc_of(&eg)?;
    if let Some(tb) = o.traceback() {
        e.set_traceback_obj(Some(tb));
    }
    e.set_context(o.context());
    e.set_cause(o.cause());
    if let Some(notes) = get_optional_attr(orig, "__notes__")?
        && is_sequence(&notes)
    {
        let items = crate::objects::r#abstract::collect(&notes)?;
        let refs: Vec<&PyObject> = items.iter().map(|x| &**x).collect();
        let copy = into_obj(ListObject::from_slice(&refs)?);
        object::set_attr(&eg, &*unicodeobject::intern_str("__notes__")?, Some(&copy))?;
    }
    Ok(Some(eg))
}

/// How `split` / `subgroup` select leaves (`_exceptiongroup_split_matcher_type`).
enum Matcher<'a> {
    /// An exception type or a tuple of them.
    ByType(&'a PyObject),
    /// A callable returning true for the exceptions to select.
    ByPredicate(&'a PyObject),
    /// The identities of the leaves to keep (used by `except*`).
    InstanceIds(&'a HashSet<usize>),
}

/// `get_matcher_type`.
fn get_matcher(value: &PyObject) -> PyResult<Matcher<'_>> {
    if call::is_callable(value) && downcast::<TypeObject>(value).is_none() {
        return Ok(Matcher::ByPredicate(value));
    }
    if is_exception_class(value) {
        return Ok(Matcher::ByType(value));
    }
    if object::is_type(value, &tupleobject::TUPLE_TYPE)
        && let Some(t) = downcast::<TupleObject>(value)
        && t.as_slice().iter().all(|x| is_exception_class(x))
    {
        return Ok(Matcher::ByType(value));
    }
    Err(errors::set_string(
        type_error(),
        "expected an exception type, a tuple of exception types, or a callable (other than a class)",
    ))
}

/// `PyErr_GivenExceptionMatches` with a class or a tuple of classes.
pub(crate) fn given_matches(exc: &PyObject, matcher: &PyObject) -> bool {
    if let Some(t) = downcast::<TupleObject>(matcher) {
        return t.as_slice().iter().any(|m| given_matches(exc, m));
    }
    match downcast::<TypeObject>(matcher) {
        Some(t) => errors::given_exception_matches(exc, t),
        None => false,
    }
}

/// `exceptiongroup_split_check_match`.
fn check_match(exc: &PyObject, m: &Matcher<'_>) -> PyResult<bool> {
    match m {
        Matcher::ByType(t) => Ok(given_matches(exc, t)),
        Matcher::ByPredicate(f) => {
            let r = object::call(f, &[exc])?;
            object::is_true(&r)
        }
        Matcher::InstanceIds(ids) => {
            Ok(!is_exception_group(exc) && ids.contains(&(core::ptr::from_ref(exc) as usize)))
        }
    }
}

/// `exceptiongroup_split_recursive`: (match, rest).
fn split_recursive(exc: &PyObject, m: &Matcher<'_>, construct_rest: bool) -> PyResult<(Option<ObjRef>, Option<ObjRef>)> {
    if check_match(exc, m)? {
        return Ok((Some(object::new_ref(exc)), None));
    }
    let Some(g) = downcast::<BaseExceptionGroupObject>(exc) else {
        return Ok((None, construct_rest.then(|| object::new_ref(exc))));
    };
    let mut matches = Vec::new();
    let mut rests = Vec::new();
    for e in g.exceptions() {
        crate::state::enter_recursive_call(" in exceptiongroup_split_recursive")?;
        let r = split_recursive(&e, m, construct_rest);
        crate::state::leave_recursive_call();
        let (mt, rs) = r?;
        matches.extend(mt);
        rests.extend(rs);
    }
    let mt = subset(exc, matches)?;
    let rs = if construct_rest { subset(exc, rests)? } else { None };
    Ok((mt, rs))
}

/// `BaseExceptionGroup.split`: `(match, rest)`.
fn meth_split(v: &PyObject, matcher: &PyObject) -> PyResult<ObjRef> {
    let m = get_matcher(matcher)?;
    let (mt, rs) = split_recursive(v, &m, true)?;
    let mt = mt.unwrap_or_else(object::none);
    let rs = rs.unwrap_or_else(object::none);
    tupleobject::from_slice(&[&mt, &rs]).map(into_obj)
}

/// `BaseExceptionGroup.subgroup`: the matching part or `None`.
fn meth_subgroup(v: &PyObject, matcher: &PyObject) -> PyResult<ObjRef> {
    let m = get_matcher(matcher)?;
    Ok(split_recursive(v, &m, false)?.0.unwrap_or_else(object::none))
}

/// `BaseExceptionGroup.__class_getitem__` (`Py_GenericAlias`).
fn meth_class_getitem(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [item] = args else {
        return Err(errors::set_string(
            type_error(),
            &format!("__class_getitem__() takes exactly one argument ({} given)", args.len()),
        ));
    };
    crate::objects::genericaliasobject::new_generic_alias(cls, item)
}

/// `collect_exception_group_leaf_ids`.
fn collect_leaf_ids(exc: &PyObject, ids: &mut HashSet<usize>) -> PyResult<()> {
    if object::is_none(exc) {
        return Ok(());
    }
    let Some(g) = downcast::<BaseExceptionGroupObject>(exc) else {
        ids.insert(core::ptr::from_ref(exc) as usize);
        return Ok(());
    };
    for e in g.exceptions() {
        crate::state::enter_recursive_call(" in collect_exception_group_leaf_ids")?;
        let r = collect_leaf_ids(&e, ids);
        crate::state::leave_recursive_call();
        r?;
    }
    Ok(())
}

/// `exception_group_projection`: the part of `eg` whose leaves appear in
/// the groups of `keep`.
fn projection(eg: &PyObject, keep: &[ObjRef]) -> PyResult<Option<ObjRef>> {
    let mut ids = HashSet::new();
    for e in keep {
        collect_leaf_ids(e, &mut ids)?;
    }
    Ok(split_recursive(eg, &Matcher::InstanceIds(&ids), false)?.0)
}

/// `_PyExc_CreateExceptionGroup`: `BaseExceptionGroup(msg, excs)` for a
/// sequence `excs`.
pub fn create_exception_group(msg: &str, excs: &PyObject) -> PyResult<ObjRef> {
    let m = into_obj(unicodeobject::from_str(msg)?);
    object::call(as_obj(&BASE_EXCEPTION_GROUP), &[&m, excs])
}

/// `_PyExc_PrepReraiseStar`: the exception to raise at the end of a
/// `try`-`except*`, from the original exception `orig` and the list
/// `excs` of what the clauses raised or re-raised (`None` for nothing).
pub fn prep_reraise_star(orig: &PyObject, excs: &PyObject) -> PyResult<ObjRef> {
    let Some(list) = downcast::<ListObject>(excs) else { return Err(errors::bad_internal_call()) };
    let items = list.snapshot();
    if items.is_empty() {
        return Ok(object::none());
    }
    if !is_exception_group(orig) {
        // A naked exception was wrapped: at most one clause ran.
        return Ok(items[0].clone());
    }
    let o = exc_of(orig)?;
    let mut raised = Vec::new();
    let mut reraised = Vec::new();
    for e in items {
        if object::is_none(&e) {
            continue;
        }
        if exc_of(&e)?.same_metadata(o) {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let reraised_eg = projection(orig, &reraised)?;
    if raised.is_empty() {
        return Ok(reraised_eg.unwrap_or_else(object::none));
    }
    raised.extend(reraised_eg);
    if raised.len() > 1 {
        let refs: Vec<&PyObject> = raised.iter().map(|x| &**x).collect();
        create_exception_group("", as_obj(&*ListObject::from_slice(&refs)?))
    } else {
        Ok(raised.swap_remove(0))
    }
}

/// `_PyEval_CheckExceptStarTypeValid`: an exception class (or tuple of
/// them) that is not an exception group.
pub fn check_except_star_type_valid(right: &PyObject) -> PyResult<()> {
    let valid = |t: &PyObject| is_exception_class(t);
    let ok = match downcast::<TupleObject>(right) {
        Some(tup) => tup.as_slice().iter().all(|t| valid(t)),
        None => valid(right),
    };
    if !ok {
        return Err(errors::set_string(
            type_error(),
            "catching classes that do not inherit from BaseException is not allowed",
        ));
    }
    let is_group = |t: &PyObject| downcast::<TypeObject>(t).is_some_and(|t| t.is_subtype(&BASE_EXCEPTION_GROUP));
    let any = match downcast::<TupleObject>(right) {
        Some(tup) => tup.as_slice().iter().any(|t| is_group(t)),
        None => is_group(right),
    };
    if any {
        return Err(errors::set_string(
            type_error(),
            "catching ExceptionGroup with except* is not allowed. Use except instead.",
        ));
    }
    Ok(())
}

/// `_PyEval_ExceptionGroupMatch`: `(match, rest)` of `exc_value` against
/// an `except*` clause's type. A matching naked exception is wrapped in
/// an `ExceptionGroup('', [exc])`; `add_traceback` gives that group the
/// entry of the current frame (`_PyTraceBack_FromFrame`).
pub fn exception_group_match(
    exc_value: &PyObject,
    match_type: &PyObject,
    add_traceback: impl FnOnce(&PyObject),
) -> PyResult<(ObjRef, ObjRef)> {
    if object::is_none(exc_value) {
        return Ok((object::none(), object::none()));
    }
    if given_matches(exc_value, match_type) {
        if is_exception_group(exc_value) {
            return Ok((object::new_ref(exc_value), object::none()));
        }
        let wrapped = create_exception_group("", as_obj(&*tupleobject::from_slice(&[exc_value])?))?;
        add_traceback(&wrapped);
        return Ok((wrapped, object::none()));
    }
    if is_exception_group(exc_value) {
        let split = object::get_attr(exc_value, &*unicodeobject::intern_str("split")?)?;
        let pair = object::call(&split, &[match_type])?;
        let name = type_of(exc_value).name();
        let Some(t) = downcast::<TupleObject>(&pair).filter(|_| object::is_type(&pair, &tupleobject::TUPLE_TYPE)) else {
            return Err(errors::set_string(
                type_error(),
                &format!("{name}.split must return a tuple, not {}", type_of(&pair).name()),
            ));
        };
        let s = t.as_slice();
        if s.len() < 2 {
            return Err(errors::set_string(
                type_error(),
                &format!("{name}.split must return a 2-tuple, got tuple of size {}", s.len()),
            ));
        }
        return Ok((s[0].clone(), s[1].clone()));
    }
    Ok((object::none(), object::none()))
}

fn get_message(v: &PyObject) -> PyResult<ObjRef> {
    Ok(group_of(v)?.message())
}

fn get_exceptions(v: &PyObject) -> PyResult<ObjRef> {
    Ok(group_of(v)?.excs.get().unwrap_or_else(object::none))
}

/// The setter of a `Py_READONLY` member.
fn set_readonly(_v: &PyObject, _value: Option<&PyObject>) -> PyResult<()> {
    Err(errors::set_string(super::attribute_error(), "readonly attribute"))
}

static GROUP_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "message", get: get_message, set: Some(set_readonly), doc: Some("exception message") },
    GetSetDef { name: "exceptions", get: get_exceptions, set: Some(set_readonly), doc: Some("nested exceptions") },
];

static GROUP_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "__class_getitem__", ml_meth: MethodFn::Class(meth_class_getitem), ml_doc: Some("See PEP 585") },
    MethodDef { ml_name: "derive", ml_meth: MethodFn::O(meth_derive), ml_doc: None },
    MethodDef { ml_name: "split", ml_meth: MethodFn::O(meth_split), ml_doc: None },
    MethodDef { ml_name: "subgroup", ml_meth: MethodFn::O(meth_subgroup), ml_doc: None },
];

super::exception_type!(/// `BaseExceptionGroup`.
    BASE_EXCEPTION_GROUP, base_exception_group, "BaseExceptionGroup", BASE_EXCEPTION, BaseExceptionGroupObject,
    TypeSlots {
        tp_new: Some(base_exception_group_new),
        tp_init: Some(base_exception_group_init),
        tp_str: Some(base_exception_group_str),
        tp_repr: Some(base_exception_group_repr),
        ..TypeSlots::EMPTY
    },
    "A combination of multiple unrelated exceptions.",
    with_getset(&GROUP_GETSET), with_methods(&GROUP_METHODS));

/// `ExceptionGroup(BaseExceptionGroup, Exception)`, a class made once
/// (`create_exception_group_class`) and kept forever.
pub fn exception_group() -> PyResult<&'static TypeObject> {
    static EG: OnceLock<usize> = OnceLock::new();
    if let Some(&p) = EG.get() {
        // SAFETY: the stored pointer is an immortal type made below.
        return Ok(unsafe { &*(p as *const TypeObject) });
    }
    let name = into_obj(unicodeobject::from_str("ExceptionGroup")?);
    let bases = into_obj(tupleobject::from_slice(&[as_obj(&BASE_EXCEPTION_GROUP), as_obj(exception())])?);
    let dict = DictObject::new()?;
    dict.set_item(&*unicodeobject::intern_str("__module__")?, &*unicodeobject::intern_str("builtins")?)?;
    let t = object::call(as_obj(&typeobject::TYPE_TYPE), &[&name, &bases, as_obj(&*dict)])?;
    let Ok(t) = object::downcast_ref::<TypeObject>(t) else { return Err(errors::bad_internal_call()) };
    t.header().set_immortal();
    let raw = PyRef::into_raw(t).as_ptr() as usize;
    let p = *EG.get_or_init(|| raw);
    // SAFETY: as above; a losing racer's type is immortal and leaked.
    Ok(unsafe { &*(p as *const TypeObject) })
}

/// The static types of this file.
pub(super) fn types() -> Vec<&'static TypeObject> {
    vec![&BASE_EXCEPTION_GROUP]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject;

    fn call(t: &TypeObject, args: &[&PyObject]) -> ObjRef {
        object::call(as_obj(t), args).unwrap()
    }

    fn repr(v: &PyObject) -> String {
        object::repr(v).unwrap().to_string_lossy()
    }

    fn group(msg: &str, excs: &[&PyObject]) -> ObjRef {
        let m = into_obj(unicodeobject::from_str(msg).unwrap());
        let l = into_obj(ListObject::from_slice(excs).unwrap());
        object::call(as_obj(&BASE_EXCEPTION_GROUP), &[&m, &l]).unwrap()
    }

    #[test]
    fn new_picks_exception_group_and_splits() {
        crate::state::ensure();
        let one = longobject::from_i64(1).unwrap();
        let two = longobject::from_i64(2).unwrap();
        let v = call(value_error(), &[&one]);
        let t = call(type_error(), &[&two]);
        let g = group("eg", &[&v, &t]);
        assert!(core::ptr::eq(type_of(&g), exception_group().unwrap()));
        assert_eq!(repr(&g), "ExceptionGroup('eg', [ValueError(1), TypeError(2)])");
        assert_eq!(object::str(&g).unwrap().to_string_lossy(), "eg (2 sub-exceptions)");
        let pair = meth_split(&g, as_obj(value_error())).unwrap();
        assert_eq!(repr(&pair), "(ExceptionGroup('eg', [ValueError(1)]), ExceptionGroup('eg', [TypeError(2)]))");
        let ki = call(super::super::keyboard_interrupt(), &[]);
        let b = group("b", &[&ki]);
        assert!(core::ptr::eq(type_of(&b), &BASE_EXCEPTION_GROUP));
    }

    #[test]
    fn except_star_match_and_reraise() {
        crate::state::ensure();
        let one = longobject::from_i64(1).unwrap();
        let v = call(value_error(), &[&one]);
        let mut wrapped = false;
        let (m, rest) = exception_group_match(&v, as_obj(value_error()), |_| wrapped = true).unwrap();
        assert!(wrapped);
        assert_eq!(repr(&m), "ExceptionGroup('', (ValueError(1),))");
        assert!(object::is_none(&rest));
        let t = call(type_error(), &[&one]);
        let g = group("eg", &[&v, &t]);
        // As if raised: the parts share this metadata, a new exception not.
        exc_of(&g).unwrap().set_context(Some(call(super::super::key_error(), &[])));
        let (m, rest) = exception_group_match(&g, as_obj(type_error()), |_| {}).unwrap();
        assert_eq!(repr(&m), "ExceptionGroup('eg', [TypeError(1)])");
        assert_eq!(repr(&rest), "ExceptionGroup('eg', [ValueError(1)])");
        // Re-raising the matched part keeps the original nesting; a new
        // exception becomes a sibling.
        let excs = into_obj(ListObject::from_slice(&[&m]).unwrap());
        let r = prep_reraise_star(&g, &excs).unwrap();
        assert_eq!(repr(&r), "ExceptionGroup('eg', [TypeError(1)])");
        let new = call(super::super::runtime_error(), &[]);
        let excs = into_obj(ListObject::from_slice(&[&new, &m]).unwrap());
        let r = prep_reraise_star(&g, &excs).unwrap();
        assert_eq!(repr(&r), "ExceptionGroup('', [RuntimeError(), ExceptionGroup('eg', [TypeError(1)])])");
        assert!(check_except_star_type_valid(as_obj(&BASE_EXCEPTION_GROUP)).is_err());
        errors::clear();
    }
}
