//! Instruction helpers of Python/ceval.c and Python/intrinsics.c that the
//! eval loop calls for class patterns (`match_class`,
//! `match_class_attr`) and the `CALL_INTRINSIC_1` / `CALL_INTRINSIC_2`
//! functions beyond the loop's own (`stopiteration_error`, the async
//! generator value wrapper, the PEP 695 type-parameter objects).

use crate::compile::code::{CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR};
use crate::errors::{self, PyResult};
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::TypeObject;
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{call, exceptions, funcobject};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Does `ty` match its subject itself for one positional sub-pattern
/// (`_Py_TPFLAGS_MATCH_SELF`: bool, bytearray, bytes, dict, float,
/// frozenset, int, list, set, str, tuple and their subclasses)?
fn match_self(ty: &TypeObject) -> bool {
    use crate::objects::{
        boolobject, bytesobject, dictobject, floatobject, listobject, longobject, setobject,
        tupleobject, unicodeobject,
    };
    let statics: [&TypeObject; 10] = [
        &boolobject::BOOL_TYPE,
        &bytesobject::BYTES_TYPE,
        &dictobject::DICT_TYPE,
        &floatobject::FLOAT_TYPE,
        &setobject::FROZENSET_TYPE,
        &longobject::INT_TYPE,
        &listobject::LIST_TYPE,
        &setobject::SET_TYPE,
        &unicodeobject::STR_TYPE,
        &tupleobject::TUPLE_TYPE,
    ];
    if statics.iter().any(|t| core::ptr::eq(ty, *t) || ty.is_subtype(t)) {
        return true;
    }
    // bytearray, when the builtins have it.
    crate::builtins::builtins_dict()
        .ok()
        .and_then(|b| {
            let key = unicodeobject::intern_str("bytearray").ok()?;
            b.get_item(&key).ok().flatten()
        })
        .and_then(|ba| downcast::<TypeObject>(&ba).map(|t| core::ptr::eq(ty, t) || ty.is_subtype(t)))
        .unwrap_or(false)
}

/// `match_class_attr`: `getattr(subject, name)`, or `None` when the
/// attribute is missing (no match); a name used twice is an error.
fn match_class_attr(
    subject: &PyObject,
    ty: &TypeObject,
    name: &PyObject,
    seen: &mut Vec<ObjRef>,
) -> PyResult<Option<ObjRef>> {
    for s in seen.iter() {
        if object::rich_compare_bool(s, name, object::CompareOp::Eq)? {
            return Err(type_error(&format!(
                "{}() got multiple sub-patterns for attribute {}",
                ty.name(),
                object::repr(name).map(|r| r.to_string_lossy())?
            )));
        }
    }
    seen.push(object::new_ref(name));
    match object::get_attr(subject, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `match_class` (Python/ceval.c): the attributes a class pattern
/// extracts from `subject` (positional ones through `__match_args__`,
/// then the keyword ones named in `kwargs`), or `None` when the subject
/// is not an instance or lacks one of them.
pub fn match_class(
    subject: &PyObject,
    ty: &PyObject,
    nargs: usize,
    kwargs: &PyObject,
) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TypeObject>(ty) else {
        return Err(type_error("called match pattern must be a class"));
    };
    // `PyObject_IsInstance`: the metaclass's `__instancecheck__` decides
    // (and may raise, as typing's non-runtime protocols do).
    if !crate::objects::r#abstract::is_instance(subject, ty)? {
        return Ok(object::none());
    }
    let mut seen: Vec<ObjRef> = Vec::new();
    let mut attrs: Vec<ObjRef> = Vec::new();
    if nargs > 0 {
        let match_args = match object::get_attr_str(ty, "__match_args__") {
            Ok(m) => Some(m),
            Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
                None
            }
            Err(e) => return Err(e),
        };
        let (items, by_self) = match &match_args {
            Some(m) => {
                let Some(tup) = downcast::<TupleObject>(m) else {
                    return Err(type_error(&format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        t.name(),
                        type_of(m).name()
                    )));
                };
                (tup.as_slice().to_vec(), false)
            }
            None => (Vec::new(), match_self(t)),
        };
        let allowed = if by_self { 1 } else { items.len() };
        if allowed < nargs {
            let plural = if allowed == 1 { "" } else { "s" };
            return Err(type_error(&format!(
                "{}() accepts {allowed} positional sub-pattern{plural} ({nargs} given)",
                t.name()
            )));
        }
        if by_self {
            attrs.push(object::new_ref(subject));
        } else {
            for name in &items[..nargs] {
                if downcast::<StrObject>(name).is_none() {
                    return Err(type_error(&format!(
                        "__match_args__ elements must be strings (got {})",
                        type_of(name).name()
                    )));
                }
                match match_class_attr(subject, t, name, &mut seen)? {
                    Some(v) => attrs.push(v),
                    None => return Ok(object::none()),
                }
            }
        }
    }
    if let Some(names) = downcast::<TupleObject>(kwargs) {
        for name in names.as_slice() {
            match match_class_attr(subject, t, name, &mut seen)? {
                Some(v) => attrs.push(v),
                None => return Ok(object::none()),
            }
        }
    }
    let refs: Vec<&PyObject> = attrs.iter().map(|a| &**a).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `INTRINSIC_STOPITERATION_ERROR` (`stopiteration_error`): a
/// StopIteration (or, in an async generator, StopAsyncIteration) leaving a
/// generator-like frame becomes a RuntimeError chained to it (PEP 479).
pub fn stopiteration_error(code_flags: i32, exc: &PyObject) -> PyResult<ObjRef> {
    let msg = if errors::given_exception_matches(exc, exceptions::stop_iteration()) {
        if code_flags & CO_GENERATOR != 0 {
            "generator raised StopIteration"
        } else if code_flags & CO_COROUTINE != 0 {
            "coroutine raised StopIteration"
        } else if code_flags & CO_ASYNC_GENERATOR != 0 {
            "async generator raised StopIteration"
        } else {
            return Ok(object::new_ref(exc));
        }
    } else if code_flags & CO_ASYNC_GENERATOR != 0
        && errors::given_exception_matches(exc, exceptions::stop_async_iteration())
    {
        "async generator raised StopAsyncIteration"
    } else {
        return Ok(object::new_ref(exc));
    };
    let text = unicodeobject::from_static(msg)?;
    let err = call::call(as_obj(exceptions::runtime_error()), &[&text])?;
    if let Some(e) = downcast::<exceptions::BaseExceptionObject>(&err) {
        e.set_cause(Some(object::new_ref(exc)));
        e.set_context(Some(object::new_ref(exc)));
    }
    Ok(err)
}

/// `print_expr`: `sys.displayhook(v)`.
fn print_expr(v: &PyObject) -> PyResult<ObjRef> {
    let hook = crate::import::builtin_module("sys").and_then(|sys| object::get_attr_str(&sys, "displayhook"));
    match hook {
        Ok(h) => object::call(&h, &[v]),
        Err(e) => {
            drop(e);
            errors::clear();
            Err(errors::set_string(exceptions::runtime_error(), "lost sys.displayhook"))
        }
    }
}

/// The `CALL_INTRINSIC_1` functions the loop does not handle itself.
pub fn intrinsic_1(oparg: u32, v: &PyObject, code_flags: i32) -> PyResult<ObjRef> {
    match oparg {
        // INTRINSIC_PRINT: an expression statement in "single" mode.
        1 => print_expr(v),
        3 => stopiteration_error(code_flags, v),
        // INTRINSIC_ASYNC_GEN_WRAP
        4 => crate::objects::genobject::async_gen_value_wrapper_new(v),
        7 => crate::objects::typevarobject::make_typevar(v, None, None),
        8 => crate::objects::typevarobject::make_paramspec(v),
        9 => crate::objects::typevarobject::make_typevartuple(v),
        10 => crate::objects::typevarobject::subscript_generic(v),
        11 => crate::objects::typevarobject::make_typealias(v),
        _ => Err(errors::set_string(
            exceptions::system_error(),
            &format!("rupy: CALL_INTRINSIC_1 {oparg} not implemented"),
        )),
    }
}

/// The `CALL_INTRINSIC_2` functions the loop does not handle itself.
pub fn intrinsic_2(oparg: u32, v1: &PyObject, v2: &PyObject) -> PyResult<ObjRef> {
    match oparg {
        // INTRINSIC_TYPEVAR_WITH_BOUND
        2 => crate::objects::typevarobject::make_typevar(v1, Some(v2), None),
        // INTRINSIC_TYPEVAR_WITH_CONSTRAINTS
        3 => crate::objects::typevarobject::make_typevar(v1, None, Some(v2)),
        // INTRINSIC_SET_FUNCTION_TYPE_PARAMS
        4 => match funcobject::as_function(v1) {
            Some(f) => {
                f.set_type_params(object::new_ref(v2));
                Ok(object::new_ref(v1))
            }
            None => Err(errors::bad_internal_call()),
        },
        // INTRINSIC_SET_TYPEPARAM_DEFAULT
        5 => crate::objects::typevarobject::set_typeparam_default(v1, v2),
        _ => Err(errors::set_string(
            exceptions::system_error(),
            &format!("rupy: CALL_INTRINSIC_2 {oparg} not implemented"),
        )),
    }
}
