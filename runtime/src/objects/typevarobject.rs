//! The PEP 695 type-parameter objects, ported from
//! Objects/typevarobject.c: `TypeVar`, `ParamSpec` and `TypeVarTuple`
//! (one layout, three types) with their lazily evaluated bound,
//! constraints and default, `typing.NoDefault`, and `TypeAliasType` with
//! its lazily evaluated `__value__`; the intrinsics that make them
//! (`_Py_make_typevar`, `_Py_make_typealias`,
//! `_Py_set_typeparam_default`), the Python-level constructors with
//! their variance and checks, `ParamSpecArgs`/`ParamSpecKwargs`, and
//! `typing.Generic` with `_Py_subscript_generic`. Substitution and
//! subscription delegate to Lib's `typing` (`call_typing_func_object`),
//! as CPython does.
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
    covariant: bool,
    contravariant: bool,
    infer_variance: bool,
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
        covariant: false,
        contravariant: false,
        infer_variance: true,
    })
    .map(into_obj)
}

/// `call_typing_func_object`: `typing.<name>(*args)`.
fn call_typing(name: &str, args: &[&PyObject]) -> PyResult<ObjRef> {
    let f = crate::import::machinery::get_module_attr("typing", name)?;
    object::call(&f, args)
}

/// `type_check`: None stands for NoneType; the rest goes through
/// `typing._type_check`.
fn type_check(arg: &PyObject, msg: &str) -> PyResult<ObjRef> {
    if object::is_none(arg) {
        return Ok(object::new_ref(as_obj(type_of(arg))));
    }
    let m = into_obj(unicodeobject::from_str(msg)?);
    call_typing("_type_check", &[arg, &m])
}

/// The arguments of the Python-level constructors.
struct ParamArgs {
    name: ObjRef,
    positional: Vec<ObjRef>,
    bound: Option<ObjRef>,
    default: Option<ObjRef>,
    covariant: bool,
    contravariant: bool,
    infer_variance: bool,
}

fn parse_param_args(
    what: &str,
    args: &TupleObject,
    kwds: Option<&crate::objects::dictobject::DictObject>,
    keywords: &[&str],
    varargs: bool,
) -> PyResult<ParamArgs> {
    let pos = args.as_slice();
    let mut a = ParamArgs {
        name: object::none(),
        positional: Vec::new(),
        bound: None,
        default: None,
        covariant: false,
        contravariant: false,
        infer_variance: false,
    };
    let mut name = pos.first().cloned();
    if pos.len() > 1 {
        if !varargs {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{what}() takes at most 1 positional argument ({} given)", pos.len()),
            ));
        }
        a.positional = pos[1..].to_vec();
    }
    for (k, v) in kwds.map(crate::objects::dictobject::DictObject::items).unwrap_or_default() {
        let key = object::str_lossy(&k);
        match key.as_str() {
            "name" if name.is_none() => name = Some(v),
            "bound" if keywords.contains(&"bound") => a.bound = Some(v),
            "default" => a.default = Some(v),
            "covariant" if keywords.contains(&"covariant") => a.covariant = object::is_true(&v)?,
            "contravariant" if keywords.contains(&"contravariant") => a.contravariant = object::is_true(&v)?,
            "infer_variance" if keywords.contains(&"infer_variance") => a.infer_variance = object::is_true(&v)?,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("{what}() got an unexpected keyword argument '{key}'"),
                ));
            }
        }
    }
    let Some(name) = name else {
        return Err(errors::set_string(exceptions::type_error(), &format!("{what}() missing required argument 'name' (pos 1)")));
    };
    if downcast::<unicodeobject::StrObject>(&name).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{what}() argument 'name' must be str, not {}", type_of(&name).name()),
        ));
    }
    a.name = name;
    if a.covariant && a.contravariant {
        return Err(errors::set_string(exceptions::value_error(), "Bivariant types are not supported."));
    }
    if a.infer_variance && (a.covariant || a.contravariant) {
        return Err(errors::set_string(exceptions::value_error(), "Variance cannot be specified with infer_variance."));
    }
    Ok(a)
}

/// Builds a type parameter from Python-level arguments (`typevar_alloc`).
fn alloc_param(ty: &'static TypeObject, a: ParamArgs, bound: Option<ObjRef>, constraints: Option<ObjRef>) -> PyResult<ObjRef> {
    let default = match a.default {
        Some(d) if object::is_none(&d) => Some(object::new_ref(as_obj(type_of(&d)))),
        Some(d) => Some(d),
        None => Some(object::new_ref(&NO_DEFAULT)),
    };
    object::new_object(TypeParamObject {
        ob_base: ObjectHeader::new(&ty.head),
        name: a.name,
        bound: ObjSlot::new(bound),
        evaluate_bound: ObjSlot::empty(),
        constraints: ObjSlot::new(constraints),
        evaluate_constraints: ObjSlot::empty(),
        default_value: ObjSlot::new(default),
        evaluate_default: ObjSlot::empty(),
        module: ObjSlot::new(caller_module()),
        covariant: a.covariant,
        contravariant: a.contravariant,
        infer_variance: a.infer_variance,
    })
    .map(into_obj)
}

/// `typevar_new_impl`: `TypeVar(name, *constraints, bound=None,
/// default=NoDefault, covariant=False, contravariant=False,
/// infer_variance=False)`.
fn typevar_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&crate::objects::dictobject::DictObject>) -> PyResult<ObjRef> {
    let a = parse_param_args("TypeVar", args, kwds, &["bound", "covariant", "contravariant", "infer_variance"], true)?;
    let bound = match a.bound.as_ref().filter(|b| !object::is_none(b)) {
        Some(b) => Some(type_check(b, "Bound must be a type.")?),
        None => None,
    };
    let constraints = match a.positional.len() {
        0 => None,
        1 => return Err(errors::set_string(exceptions::type_error(), "A single constraint is not allowed")),
        _ if bound.is_some() => {
            return Err(errors::set_string(exceptions::type_error(), "Constraints cannot be combined with bound=..."));
        }
        _ => {
            let refs: Vec<&PyObject> = a.positional.iter().map(|o| &**o).collect();
            Some(into_obj(tupleobject::from_slice(&refs)?))
        }
    };
    alloc_param(&TYPEVAR_TYPE, a, bound, constraints)
}

/// `paramspec_new_impl`.
fn paramspec_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&crate::objects::dictobject::DictObject>) -> PyResult<ObjRef> {
    let a = parse_param_args("ParamSpec", args, kwds, &["bound", "covariant", "contravariant", "infer_variance"], false)?;
    let bound = match a.bound.as_ref().filter(|b| !object::is_none(b)) {
        Some(b) => Some(type_check(b, "Bound must be a type.")?),
        None => None,
    };
    alloc_param(&PARAMSPEC_TYPE, a, bound, None)
}

/// `typevartuple_impl`.
fn typevartuple_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&crate::objects::dictobject::DictObject>) -> PyResult<ObjRef> {
    let a = parse_param_args("TypeVarTuple", args, kwds, &[], false)?;
    alloc_param(&TYPEVARTUPLE_TYPE, a, None, None)
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

/// `_Py_subscript_generic` (INTRINSIC_SUBSCRIPT_GENERIC):
/// `typing._GenericAlias(Generic, params)`, each TypeVarTuple unpacked.
pub fn subscript_generic(params: &PyObject) -> PyResult<ObjRef> {
    let items = crate::objects::r#abstract::collect(params)?;
    let mut out: Vec<ObjRef> = Vec::with_capacity(items.len());
    for p in items {
        if core::ptr::eq(type_of(&p), &TYPEVARTUPLE_TYPE) {
            let unpack = crate::import::machinery::get_module_attr("typing", "Unpack")?;
            out.push(crate::objects::r#abstract::get_item(&unpack, &p)?);
        } else {
            out.push(p);
        }
    }
    let refs: Vec<&PyObject> = out.iter().map(|o| &**o).collect();
    let t = into_obj(tupleobject::from_slice(&refs)?);
    call_typing("_GenericAlias", &[as_obj(&GENERIC_TYPE), &t])
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

fn get_covariant(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(param_of(v)?.covariant))
}

fn get_contravariant(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(param_of(v)?.contravariant))
}

fn get_infer_variance(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(param_of(v)?.infer_variance))
}

/// `has_default()`.
fn has_default(v: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(v)?;
    let has_value = p.default_value.get().is_some_and(|d| !object::is(&d, &NO_DEFAULT));
    Ok(boolobject::from_bool(p.evaluate_default.get().is_some() || has_value))
}

/// `__typing_subst__` of each kind (`typing._typevar_subst`, ...).
fn typevar_subst(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    call_typing("_typevar_subst", &[v, arg])
}

fn paramspec_subst(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    call_typing("_paramspec_subst", &[v, arg])
}

fn typevartuple_subst(_v: &PyObject, _arg: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(exceptions::type_error(), "Substitution of bare TypeVarTuple is not supported"))
}

/// `typevar_typing_prepare_subst_impl`: fills in a default for a
/// missing argument.
fn typevar_prepare_subst(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [alias, sub_args] = args else {
        return Err(errors::set_string(exceptions::type_error(), &format!("__typing_prepare_subst__ expected 2 arguments, got {}", args.len())));
    };
    let params = crate::objects::r#abstract::collect(&*object::get_attr_str(alias, "__parameters__")?)?;
    let Some(i) = params.iter().position(|p| object::is(p, v)) else {
        return Err(errors::set_string(exceptions::value_error(), "sequence.index(x): x not in sequence"));
    };
    let given = crate::objects::r#abstract::collect(sub_args)?;
    if i < given.len() {
        return Ok(sub_args.clone());
    }
    if i == given.len() {
        let d = get_default(v)?;
        if !object::is(&d, &NO_DEFAULT) {
            let mut all: Vec<&PyObject> = given.iter().map(|o| &**o).collect();
            all.push(&d);
            return tupleobject::from_slice(&all).map(into_obj);
        }
    }
    let alias_s = object::str(alias)?.to_string_lossy();
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("Too few arguments for {alias_s}; actual {}, expected at least {}", given.len(), i + 1),
    ))
}

fn paramspec_prepare_subst(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = core::iter::once(v).chain(args.iter().map(|o| &**o)).collect();
    call_typing("_paramspec_prepare_subst", &refs)
}

fn typevartuple_prepare_subst(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = core::iter::once(v).chain(args.iter().map(|o| &**o)).collect();
    call_typing("_typevartuple_prepare_subst", &refs)
}

fn param_reduce(v: &PyObject) -> PyResult<ObjRef> {
    Ok(param_of(v)?.name.clone())
}

fn param_mro_entries(v: &PyObject, _bases: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("Cannot subclass an instance of {}", type_of(v).name()),
    ))
}

/// `typevar_repr` / `paramspec_repr`: the name, prefixed by its variance
/// unless inferred.
fn param_repr(v: &PyObject) -> PyResult<ObjRef> {
    let p = param_of(v)?;
    if p.infer_variance || core::ptr::eq(type_of(v), &TYPEVARTUPLE_TYPE) {
        return Ok(p.name.clone());
    }
    let prefix = if p.covariant {
        '+'
    } else if p.contravariant {
        '-'
    } else {
        '~'
    };
    unicodeobject::from_string(format!("{prefix}{}", object::str_lossy(&p.name))).map(into_obj)
}

/// `typevartuple_iter`: `iter((typing.Unpack[self],))`.
fn typevartuple_iter(v: &PyObject) -> PyResult<ObjRef> {
    let unpack = crate::import::machinery::get_module_attr("typing", "Unpack")?;
    let u = crate::objects::r#abstract::get_item(&unpack, v)?;
    let t = tupleobject::from_slice(&[&u])?;
    crate::objects::r#abstract::get_iter(as_obj(&*t))
}

/// `ParamSpec.args` / `.kwargs`.
fn paramspec_args(v: &PyObject) -> PyResult<ObjRef> {
    new_paramspec_attr(&PARAMSPEC_ARGS_TYPE, v)
}

fn paramspec_kwargs(v: &PyObject) -> PyResult<ObjRef> {
    new_paramspec_attr(&PARAMSPEC_KWARGS_TYPE, v)
}

/// `X | Y` with a type parameter.
fn param_or(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    crate::objects::unionobject::union_type_or(a, b)
}

static TYPEVAR_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "has_default", ml_meth: MethodFn::NoArgs(has_default), ml_doc: None },
    MethodDef { ml_name: "__typing_subst__", ml_meth: MethodFn::O(typevar_subst), ml_doc: None },
    MethodDef { ml_name: "__typing_prepare_subst__", ml_meth: MethodFn::FastCall(typevar_prepare_subst), ml_doc: None },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(param_reduce), ml_doc: None },
    MethodDef { ml_name: "__mro_entries__", ml_meth: MethodFn::O(param_mro_entries), ml_doc: None },
];

static PARAMSPEC_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "has_default", ml_meth: MethodFn::NoArgs(has_default), ml_doc: None },
    MethodDef { ml_name: "__typing_subst__", ml_meth: MethodFn::O(paramspec_subst), ml_doc: None },
    MethodDef { ml_name: "__typing_prepare_subst__", ml_meth: MethodFn::FastCall(paramspec_prepare_subst), ml_doc: None },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(param_reduce), ml_doc: None },
    MethodDef { ml_name: "__mro_entries__", ml_meth: MethodFn::O(param_mro_entries), ml_doc: None },
];

static TYPEVARTUPLE_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "has_default", ml_meth: MethodFn::NoArgs(has_default), ml_doc: None },
    MethodDef { ml_name: "__typing_subst__", ml_meth: MethodFn::O(typevartuple_subst), ml_doc: None },
    MethodDef { ml_name: "__typing_prepare_subst__", ml_meth: MethodFn::FastCall(typevartuple_prepare_subst), ml_doc: None },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(param_reduce), ml_doc: None },
    MethodDef { ml_name: "__mro_entries__", ml_meth: MethodFn::O(param_mro_entries), ml_doc: None },
];

static TYPEVAR_GETSET: [GetSetDef; 11] = [
    GetSetDef { name: "__name__", get: get_name, set: None, doc: None },
    GetSetDef { name: "__module__", get: get_module, set: None, doc: None },
    GetSetDef { name: "__bound__", get: get_bound, set: None, doc: None },
    GetSetDef { name: "__constraints__", get: get_constraints, set: None, doc: None },
    GetSetDef { name: "__default__", get: get_default, set: None, doc: None },
    GetSetDef { name: "__covariant__", get: get_covariant, set: None, doc: None },
    GetSetDef { name: "__contravariant__", get: get_contravariant, set: None, doc: None },
    GetSetDef { name: "__infer_variance__", get: get_infer_variance, set: None, doc: None },
    GetSetDef { name: "evaluate_bound", get: get_evaluate_bound, set: None, doc: None },
    GetSetDef { name: "evaluate_constraints", get: get_evaluate_constraints, set: None, doc: None },
    GetSetDef { name: "evaluate_default", get: get_evaluate_default, set: None, doc: None },
];

static PARAMSPEC_GETSET: [GetSetDef; 10] = [
    GetSetDef { name: "__name__", get: get_name, set: None, doc: None },
    GetSetDef { name: "__module__", get: get_module, set: None, doc: None },
    GetSetDef { name: "__bound__", get: get_bound, set: None, doc: None },
    GetSetDef { name: "__default__", get: get_default, set: None, doc: None },
    GetSetDef { name: "__covariant__", get: get_covariant, set: None, doc: None },
    GetSetDef { name: "__contravariant__", get: get_contravariant, set: None, doc: None },
    GetSetDef { name: "__infer_variance__", get: get_infer_variance, set: None, doc: None },
    GetSetDef { name: "evaluate_default", get: get_evaluate_default, set: None, doc: None },
    GetSetDef { name: "args", get: paramspec_args, set: None, doc: None },
    GetSetDef { name: "kwargs", get: paramspec_kwargs, set: None, doc: None },
];

static TYPEVARTUPLE_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "__name__", get: get_name, set: None, doc: None },
    GetSetDef { name: "__module__", get: get_module, set: None, doc: None },
    GetSetDef { name: "__default__", get: get_default, set: None, doc: None },
    GetSetDef { name: "evaluate_default", get: get_evaluate_default, set: None, doc: None },
];

/// `typing.TypeVar`.
pub static TYPEVAR_TYPE: TypeObject = TypeObject::new_static(
    "typing.TypeVar",
    size_of::<TypeParamObject>(),
    object::dealloc_simple::<TypeParamObject>,
    TypeSlots {
        tp_repr: Some(param_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(typevar_new),
        nb_or: Some(param_or),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&TYPEVAR_METHODS)
.with_getset(&TYPEVAR_GETSET);

/// `typing.ParamSpec`.
pub static PARAMSPEC_TYPE: TypeObject = TypeObject::new_static(
    "typing.ParamSpec",
    size_of::<TypeParamObject>(),
    object::dealloc_simple::<TypeParamObject>,
    TypeSlots {
        tp_repr: Some(param_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(paramspec_new),
        nb_or: Some(param_or),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&PARAMSPEC_METHODS)
.with_getset(&PARAMSPEC_GETSET);

/// `typing.TypeVarTuple`.
pub static TYPEVARTUPLE_TYPE: TypeObject = TypeObject::new_static(
    "typing.TypeVarTuple",
    size_of::<TypeParamObject>(),
    object::dealloc_simple::<TypeParamObject>,
    TypeSlots {
        tp_repr: Some(param_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(typevartuple_new),
        tp_iter: Some(typevartuple_iter),
        nb_or: Some(param_or),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&TYPEVARTUPLE_METHODS)
.with_getset(&TYPEVARTUPLE_GETSET);

// ---------------------------------------------------------------------
// ParamSpecArgs / ParamSpecKwargs (`paramspecattrobject`).

/// `P.args` or `P.kwargs`: the origin ParamSpec.
#[repr(C)]
pub struct ParamSpecAttrObject {
    ob_base: ObjectHeader,
    origin: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ParamSpecAttrObject {}

fn new_paramspec_attr(ty: &'static TypeObject, origin: &PyObject) -> PyResult<ObjRef> {
    object::new_object(ParamSpecAttrObject { ob_base: ObjectHeader::new(&ty.head), origin: object::new_ref(origin) }).map(into_obj)
}

fn psattr_of(v: &PyObject) -> PyResult<&ParamSpecAttrObject> {
    let t = type_of(v);
    if core::ptr::eq(t, &PARAMSPEC_ARGS_TYPE) || core::ptr::eq(t, &PARAMSPEC_KWARGS_TYPE) {
        // SAFETY: both types' instances are ParamSpecAttrObjects.
        return Ok(unsafe { &*core::ptr::from_ref(v).cast::<ParamSpecAttrObject>() });
    }
    Err(errors::bad_internal_call())
}

fn psattr_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&crate::objects::dictobject::DictObject>) -> PyResult<ObjRef> {
    let what = if core::ptr::eq(ty, &PARAMSPEC_ARGS_TYPE) { "ParamSpecArgs" } else { "ParamSpecKwargs" };
    if kwds.is_some_and(|k| k.len() > 0) || args.len() != 1 {
        return Err(errors::set_string(exceptions::type_error(), &format!("{what}() takes exactly one argument (origin)")));
    }
    let ty: &'static TypeObject = if core::ptr::eq(ty, &PARAMSPEC_ARGS_TYPE) { &PARAMSPEC_ARGS_TYPE } else { &PARAMSPEC_KWARGS_TYPE };
    new_paramspec_attr(ty, &args.as_slice()[0])
}

fn psattr_origin(v: &PyObject) -> PyResult<ObjRef> {
    Ok(psattr_of(v)?.origin.clone())
}

/// `paramspecattr_repr`: `P.args` for a ParamSpec origin, else the
/// origin's repr.
fn psattr_repr(v: &PyObject) -> PyResult<ObjRef> {
    let a = psattr_of(v)?;
    let suffix = if core::ptr::eq(type_of(v), &PARAMSPEC_ARGS_TYPE) { "args" } else { "kwargs" };
    let base = if core::ptr::eq(type_of(&a.origin), &PARAMSPEC_TYPE) {
        object::str_lossy(&param_of(&a.origin)?.name)
    } else {
        object::repr(&a.origin)?.to_string_lossy()
    };
    unicodeobject::from_string(format!("{base}.{suffix}")).map(into_obj)
}

fn psattr_richcompare(v: &PyObject, w: &PyObject, op: object::CompareOp) -> PyResult<ObjRef> {
    if !core::ptr::eq(type_of(v), type_of(w)) || !matches!(op, object::CompareOp::Eq | object::CompareOp::Ne) {
        return Ok(object::not_implemented());
    }
    let eq = object::rich_compare_bool(&psattr_of(v)?.origin, &psattr_of(w)?.origin, object::CompareOp::Eq)?;
    Ok(boolobject::from_bool(eq == matches!(op, object::CompareOp::Eq)))
}

fn psattr_mro_entries(v: &PyObject, _bases: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("Cannot subclass an instance of {}", type_of(v).name()),
    ))
}

static PSATTR_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__mro_entries__", ml_meth: MethodFn::O(psattr_mro_entries), ml_doc: None }];

static PSATTR_GETSET: [GetSetDef; 1] = [GetSetDef { name: "__origin__", get: psattr_origin, set: None, doc: None }];

const PSATTR_SLOTS: TypeSlots = TypeSlots {
    tp_repr: Some(psattr_repr),
    tp_richcompare: Some(psattr_richcompare),
    tp_getattro: Some(object::generic_get_attr),
    tp_new: Some(psattr_new),
    ..TypeSlots::EMPTY
};

/// `typing.ParamSpecArgs`.
pub static PARAMSPEC_ARGS_TYPE: TypeObject = TypeObject::new_static(
    "typing.ParamSpecArgs",
    size_of::<ParamSpecAttrObject>(),
    object::dealloc_simple::<ParamSpecAttrObject>,
    PSATTR_SLOTS,
)
.with_methods(&PSATTR_METHODS)
.with_getset(&PSATTR_GETSET);

/// `typing.ParamSpecKwargs`.
pub static PARAMSPEC_KWARGS_TYPE: TypeObject = TypeObject::new_static(
    "typing.ParamSpecKwargs",
    size_of::<ParamSpecAttrObject>(),
    object::dealloc_simple::<ParamSpecAttrObject>,
    PSATTR_SLOTS,
)
.with_methods(&PSATTR_METHODS)
.with_getset(&PSATTR_GETSET);

// ---------------------------------------------------------------------
// typing.Generic.

/// `Generic.__class_getitem__`: `typing._generic_class_getitem`.
fn generic_class_getitem(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [params] = args else {
        return Err(errors::set_string(exceptions::type_error(), "__class_getitem__ expected 1 argument"));
    };
    call_typing("_generic_class_getitem", &[cls, params])
}

/// `Generic.__init_subclass__`: `typing._generic_init_subclass`.
fn generic_init_subclass(cls: &PyObject, args: &[ObjRef], kwargs: Option<&crate::objects::dictobject::DictObject>) -> PyResult<ObjRef> {
    let f = crate::import::machinery::get_module_attr("typing", "_generic_init_subclass")?;
    let all: Vec<&PyObject> = core::iter::once(cls).chain(args.iter().map(|o| &**o)).collect();
    let t = tupleobject::from_slice(&all)?;
    crate::objects::typeobject::slotdefs::call_object(&f, &t, kwargs)
}

static GENERIC_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "__class_getitem__", ml_meth: MethodFn::Class(generic_class_getitem), ml_doc: None },
    MethodDef { ml_name: "__init_subclass__", ml_meth: MethodFn::ClassKw(generic_init_subclass), ml_doc: None },
];

/// `typing.Generic`: the base of user generic classes.
pub static GENERIC_TYPE: TypeObject = TypeObject::new_static(
    "typing.Generic",
    size_of::<ObjectHeader>(),
    object::dealloc_simple::<ObjectHeader>,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(crate::objects::typeobject::flags::BASETYPE)
.with_methods(&GENERIC_METHODS)
.with_doc("Abstract base class for generic types.");

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
pub fn types() -> [&'static TypeObject; 8] {
    [
        &TYPEVAR_TYPE,
        &PARAMSPEC_TYPE,
        &TYPEVARTUPLE_TYPE,
        &NO_DEFAULT_TYPE,
        &TYPE_ALIAS_TYPE,
        &PARAMSPEC_ARGS_TYPE,
        &PARAMSPEC_KWARGS_TYPE,
        &GENERIC_TYPE,
    ]
}
