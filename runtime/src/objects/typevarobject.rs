//! The PEP 695 type-parameter objects, ported from
//! Objects/typevarobject.c: `TypeVar`, `ParamSpec` and `TypeVarTuple`
//! (one layout, three types) with their lazily evaluated bound,
//! constraints and default, `typing.NoDefault`, and `TypeAliasType` with
//! its lazily evaluated `__value__`; the intrinsics that make them
//! (`_Py_make_typevar`, `_Py_make_typealias`,
//! `_Py_set_typeparam_default`). `Generic[...]` (`_Py_subscript_generic`)
//! needs the `typing` module and is not available yet.
//!
//! The evaluation functions the compiler makes take the annotation
//! format as their one argument (VALUE = 1), as `__annotate__` does.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::object::{
    self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of,
};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{boolobject, exceptions, longobject, unicodeobject};

/// A type parameter (`typevarobject` / `paramspecobject` /
/// `typevartupleobject`): the type says which.
#[repr(C)]
pub struct TypeParamObject {
    ob_base: ObjectHeader,
    name: ObjRef,
    /// The evaluated bound, or the function computing it.
    bound: ObjSlot,
    evaluate_bound: ObjSlot,
    constraints: ObjSlot,
    evaluate_constraints: ObjSlot,
    default_value: ObjSlot,
    evaluate_default: ObjSlot,
    /// `__module__`, from the defining globals' `__name__`.
    module: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TypeParamObject {}

impl PyClass for TypeParamObject {
    fn type_object() -> &'static TypeObject {
        &TYPEVAR_TYPE
    }
}

/// Is `v` a TypeVar, ParamSpec or TypeVarTuple?
fn as_param(v: &PyObject) -> Option<&TypeParamObject> {
    let t = type_of(v);
    if core::ptr::eq(t, &TYPEVAR_TYPE) || core::ptr::eq(t, &PARAMSPEC_TYPE) || core::ptr::eq(t, &TYPEVARTUPLE_TYPE) {
        // SAFETY: the three types' instances are all `TypeParamObject`s.
        Some(unsafe { &*core::ptr::from_ref(v).cast::<TypeParamObject>() })
    } else {
        None
    }
}

fn param_of(v: &PyObject) -> PyResult<&TypeParamObject> {
    as_param(v).ok_or_else(errors::bad_internal_call)
}

/// The `__name__` of the calling frame's module, for `__module__`.
fn caller_module() -> Option<ObjRef> {
    let g = crate::builtins::introspect::current_globals()?;
    let key = unicodeobject::intern_str("__name__").ok()?;
    g.get_item(&key).ok().flatten()
}

fn new_param(
    ty: &'static TypeObject,
    name: &PyObject,
    evaluate_bound: Option<&PyObject>,
    evaluate_constraints: Option<&PyObject>,
) -> PyResult<ObjRef> {
    object::new_object(TypeParamObject {
        ob_base: ObjectHeader::new(&ty.head),
        name: object::new_ref(name),
        bound: ObjSlot::empty(),
        evaluate_bound: ObjSlot::new(evaluate_bound.map(object::new_ref)),
        constraints: ObjSlot::empty(),
        evaluate_constraints: ObjSlot::new(evaluate_constraints.map(object::new_ref)),
        default_value: ObjSlot::empty(),
        evaluate_default: ObjSlot::empty(),
        // The parameters of PEP 695 syntax report the typing module.
        module: ObjSlot::new(Some(unicodeobject::intern_str("typing")?)),
    })
    .map(into_obj)
}

/// `_Py_make_typevar` (INTRINSIC_TYPEVAR and the `_WITH_BOUND` /
/// `_WITH_CONSTRAINTS` forms).
pub fn make_typevar(name: &PyObject, bound: Option<&PyObject>, constraints: Option<&PyObject>) -> PyResult<ObjRef> {
    new_param(&TYPEVAR_TYPE, name, bound, constraints)
}

/// INTRINSIC_PARAMSPEC.
pub fn make_paramspec(name: &PyObject) -> PyResult<ObjRef> {
    new_param(&PARAMSPEC_TYPE, name, None, None)
}

/// INTRINSIC_TYPEVARTUPLE.
pub fn make_typevartuple(name: &PyObject) -> PyResult<ObjRef> {
    new_param(&TYPEVARTUPLE_TYPE, name, None, None)
}

/// `_Py_set_typeparam_default` (INTRINSIC_SET_TYPEPARAM_DEFAULT).
pub fn set_typeparam_default(param: &PyObject, evaluate: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(param)?;
    p.evaluate_default.set(Some(object::new_ref(evaluate)));
    Ok(object::new_ref(param))
}

/// `_Py_subscript_generic` (INTRINSIC_SUBSCRIPT_GENERIC).
pub fn subscript_generic(_params: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(
        exceptions::system_error(),
        "rupy: Generic[...] is not implemented yet (it needs the typing module)",
    ))
}

/// Calls a compiler-made evaluation function with the VALUE format.
fn evaluate(f: &PyObject) -> PyResult<ObjRef> {
    let one = longobject::from_i64(1)?;
    object::call(f, &[&one])
}

/// A lazily evaluated attribute: the cached value, else the evaluation
/// function's result (cached), else `absent()`.
fn lazy(value: &ObjSlot, eval: &ObjSlot, absent: impl FnOnce() -> PyResult<ObjRef>) -> PyResult<ObjRef> {
    if let Some(v) = value.get() {
        return Ok(v);
    }
    let v = match eval.get() {
        Some(f) => evaluate(&f)?,
        None => return absent(),
    };
    value.set(Some(v.clone()));
    Ok(v)
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.name.clone())
}

fn get_module(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.module.get().unwrap_or_else(object::none))
}

fn get_bound(v: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(v)?;
    lazy(&p.bound, &p.evaluate_bound, || Ok(object::none()))
}

fn get_constraints(v: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(v)?;
    lazy(&p.constraints, &p.evaluate_constraints, || {
        tupleobject::from_slice(&[]).map(into_obj)
    })
}

fn get_default(v: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(v)?;
    lazy(&p.default_value, &p.evaluate_default, || Ok(object::new_ref(&NO_DEFAULT)))
}

fn get_evaluate_bound(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.evaluate_bound.get().unwrap_or_else(object::none))
}

fn get_evaluate_constraints(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.evaluate_constraints.get().unwrap_or_else(object::none))
}

fn get_evaluate_default(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.evaluate_default.get().unwrap_or_else(object::none))
}

fn get_false(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(false))
}

fn get_true(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(true))
}

/// `has_default()`.
fn has_default(v: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(v)?;
    Ok(boolobject::from_bool(
        p.evaluate_default.get().is_some() || p.default_value.get().is_some(),
    ))
}

/// `__typing_subst__`: substitution hook (the argument itself).
fn typing_subst(_v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(arg))
}

/// `typevar_repr`: PEP 695 parameters infer their variance, so their
/// repr is the bare name.
fn param_repr(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.name.clone())
}

/// `X | Y` with a type parameter.
fn param_or(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    crate::objects::unionobject::union_type_or(a, b)
}

static PARAM_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "has_default", ml_meth: MethodFn::NoArgs(has_default), ml_doc: None },
    MethodDef { ml_name: "__typing_subst__", ml_meth: MethodFn::O(typing_subst), ml_doc: None },
];

static TYPEVAR_GETSET: [GetSetDef; 11] = [
    GetSetDef { name: "__name__", get: get_name, set: None, doc: None },
    GetSetDef { name: "__module__", get: get_module, set: None, doc: None },
    GetSetDef { name: "__bound__", get: get_bound, set: None, doc: None },
    GetSetDef { name: "__constraints__", get: get_constraints, set: None, doc: None },
    GetSetDef { name: "__default__", get: get_default, set: None, doc: None },
    GetSetDef { name: "__covariant__", get: get_false, set: None, doc: None },
    GetSetDef { name: "__contravariant__", get: get_false, set: None, doc: None },
    GetSetDef { name: "__infer_variance__", get: get_true, set: None, doc: None },
    GetSetDef { name: "evaluate_bound", get: get_evaluate_bound, set: None, doc: None },
    GetSetDef { name: "evaluate_constraints", get: get_evaluate_constraints, set: None, doc: None },
    GetSetDef { name: "evaluate_default", get: get_evaluate_default, set: None, doc: None },
];

static OTHER_PARAM_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "__name__", get: get_name, set: None, doc: None },
    GetSetDef { name: "__module__", get: get_module, set: None, doc: None },
    GetSetDef { name: "__default__", get: get_default, set: None, doc: None },
    GetSetDef { name: "evaluate_default", get: get_evaluate_default, set: None, doc: None },
];

const PARAM_SLOTS: TypeSlots = TypeSlots {
    tp_repr: Some(param_repr),
    tp_getattro: Some(object::generic_get_attr),
    nb_or: Some(param_or),
    ..TypeSlots::EMPTY
};

/// `typing.TypeVar`.
pub static TYPEVAR_TYPE: TypeObject = TypeObject::new_static(
    "typing.TypeVar",
    size_of::<TypeParamObject>(),
    object::dealloc_simple::<TypeParamObject>,
    PARAM_SLOTS,
)
.with_methods(&PARAM_METHODS)
.with_getset(&TYPEVAR_GETSET);

/// `typing.ParamSpec`.
pub static PARAMSPEC_TYPE: TypeObject = TypeObject::new_static(
    "typing.ParamSpec",
    size_of::<TypeParamObject>(),
    object::dealloc_simple::<TypeParamObject>,
    PARAM_SLOTS,
)
.with_methods(&PARAM_METHODS)
.with_getset(&OTHER_PARAM_GETSET);

/// `typing.TypeVarTuple`.
pub static TYPEVARTUPLE_TYPE: TypeObject = TypeObject::new_static(
    "typing.TypeVarTuple",
    size_of::<TypeParamObject>(),
    object::dealloc_simple::<TypeParamObject>,
    PARAM_SLOTS,
)
.with_methods(&PARAM_METHODS)
.with_getset(&OTHER_PARAM_GETSET);

/// `typing.NoDefault`'s type.
pub static NO_DEFAULT_TYPE: TypeObject = TypeObject::new_static(
    "NoDefaultType",
    size_of::<ObjectHeader>(),
    object::dealloc_simple::<ObjectHeader>,
    TypeSlots {
        tp_repr: Some(no_default_repr),
        ..TypeSlots::EMPTY
    },
);

/// `typing.NoDefault`.
pub static NO_DEFAULT: PyObject = ObjectHeader::new_static(&raw const NO_DEFAULT_TYPE.head);

fn no_default_repr(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static("typing.NoDefault")
}

// ---------------------------------------------------------------------
// `type X = ...` (`typealiasobject`).

/// A type alias made by the `type` statement.
#[repr(C)]
pub struct TypeAliasObject {
    ob_base: ObjectHeader,
    name: ObjRef,
    type_params: ObjRef,
    compute_value: ObjRef,
    value: ObjSlot,
    module: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TypeAliasObject {}

impl PyClass for TypeAliasObject {
    fn type_object() -> &'static TypeObject {
        &TYPE_ALIAS_TYPE
    }
}

/// `_Py_make_typealias` (INTRINSIC_TYPEALIAS): `(name, type_params,
/// compute_value)`.
pub fn make_typealias(args: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TupleObject>(args) else {
        return Err(errors::bad_internal_call());
    };
    let [name, params, compute] = t.as_slice() else {
        return Err(errors::bad_internal_call());
    };
    let type_params = if object::is_none(params) {
        into_obj(tupleobject::from_slice(&[])?)
    } else {
        params.clone()
    };
    object::new_object(TypeAliasObject {
        ob_base: ObjectHeader::new(&TYPE_ALIAS_TYPE.head),
        name: name.clone(),
        type_params,
        compute_value: compute.clone(),
        value: ObjSlot::empty(),
        module: ObjSlot::new(caller_module()),
    })
    .map(into_obj)
}

fn alias_of(v: &PyObject) -> PyResult<&TypeAliasObject> {
    downcast::<TypeAliasObject>(v).ok_or_else(errors::bad_internal_call)
}

fn alias_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(alias_of(v)?.name.clone())
}

fn alias_params(v: &PyObject) -> PyResult<ObjRef> {
    Ok(alias_of(v)?.type_params.clone())
}

fn alias_module(v: &PyObject) -> PyResult<ObjRef> {
    Ok(alias_of(v)?.module.get().unwrap_or_else(object::none))
}

/// `typealias_value`: evaluated on first use, then cached.
fn alias_value(v: &PyObject) -> PyResult<ObjRef> {
    let a = alias_of(v)?;
    if let Some(x) = a.value.get() {
        return Ok(x);
    }
    let x = evaluate(&a.compute_value)?;
    a.value.set(Some(x.clone()));
    Ok(x)
}

fn alias_evaluate_value(v: &PyObject) -> PyResult<ObjRef> {
    Ok(alias_of(v)?.compute_value.clone())
}

/// `typealias_subscript`: only a generic alias can be subscripted.
fn alias_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let a = alias_of(v)?;
    if downcast::<TupleObject>(&a.type_params).is_some_and(TupleObject::is_empty) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "Only generic type aliases are subscriptable",
        ));
    }
    crate::objects::genericaliasobject::new_generic_alias(v, key)
}

fn alias_repr(v: &PyObject) -> PyResult<ObjRef> {
    Ok(alias_of(v)?.name.clone())
}

fn alias_or(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    crate::objects::unionobject::union_type_or(a, b)
}

static ALIAS_GETSET: [GetSetDef; 5] = [
    GetSetDef { name: "__name__", get: alias_name, set: None, doc: None },
    GetSetDef { name: "__type_params__", get: alias_params, set: None, doc: None },
    GetSetDef { name: "__value__", get: alias_value, set: None, doc: None },
    GetSetDef { name: "__module__", get: alias_module, set: None, doc: None },
    GetSetDef { name: "evaluate_value", get: alias_evaluate_value, set: None, doc: None },
];

/// `typing.TypeAliasType`.
pub static TYPE_ALIAS_TYPE: TypeObject = TypeObject::new_static(
    "typing.TypeAliasType",
    size_of::<TypeAliasObject>(),
    object::dealloc_simple::<TypeAliasObject>,
    TypeSlots {
        tp_repr: Some(alias_repr),
        tp_getattro: Some(object::generic_get_attr),
        mp_subscript: Some(alias_getitem),
        nb_or: Some(alias_or),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&ALIAS_GETSET);

/// The types of this module, for `ready_types`.
pub fn types() -> [&'static TypeObject; 5] {
    let _ = as_obj::<ObjectHeader>;
    [&TYPEVAR_TYPE, &PARAMSPEC_TYPE, &TYPEVARTUPLE_TYPE, &NO_DEFAULT_TYPE, &TYPE_ALIAS_TYPE]
}
