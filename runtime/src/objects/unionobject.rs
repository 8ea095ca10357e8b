//! `typing.Union` (`types.UnionType`), ported from Objects/unionobject.c
//! (3.14): `int | str` (`_Py_union_type_or`, flattening and
//! de-duplication of the arguments, `union_repr` / `union_repr_item`,
//! order-insensitive equality and hash, `__args__`, `__parameters__`),
//! and `type.__or__` / `type.__ror__` through the `nb_or` slot of `type`.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::GetSetDef;
use crate::objects::object::{
    self, CompareOp, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj, type_of,
};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{boolobject, exceptions, unicodeobject};

/// A union of types (`unionobject`).
#[repr(C)]
pub struct UnionObject {
    ob_base: ObjectHeader,
    args: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for UnionObject {}

impl PyClass for UnionObject {
    fn type_object() -> &'static TypeObject {
        &UNION_TYPE
    }
}

fn union_of(v: &PyObject) -> PyResult<&UnionObject> {
    downcast::<UnionObject>(v).ok_or_else(errors::bad_internal_call)
}

/// The arguments of a union, as a slice.
pub fn union_args(v: &PyObject) -> Option<Vec<ObjRef>> {
    downcast::<UnionObject>(v)
        .and_then(|u| downcast::<TupleObject>(&u.args).map(|t| t.as_slice().to_vec()))
}

/// `is_unionable`: None, a type, a generic alias or a union.
fn is_unionable(v: &PyObject) -> bool {
    object::is_none(v)
        || downcast::<TypeObject>(v).is_some()
        || downcast::<crate::objects::genericaliasobject::GenericAliasObject>(v).is_some()
        || downcast::<UnionObject>(v).is_some()
        || crate::objects::typevarobject::types().iter().any(|t| core::ptr::eq(type_of(v), *t))
}

/// `None` in a union is `type(None)`.
fn normalize(v: &PyObject) -> ObjRef {
    if object::is_none(v) {
        object::new_ref(as_obj(type_of(v)))
    } else {
        object::new_ref(v)
    }
}

/// `_Py_union_type_or`: `self | other`, or NotImplemented.
pub fn union_type_or(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    if !is_unionable(a) || !is_unionable(b) {
        return Ok(object::not_implemented());
    }
    union_of_items(&[a, b])
}

/// The union of `items` (each a union's members, or itself), without
/// duplicates; a single member is returned as is (`make_union`).
fn union_of_items(items: &[&PyObject]) -> PyResult<ObjRef> {
    let mut args: Vec<ObjRef> = Vec::new();
    for &side in items {
        let items = union_args(side).unwrap_or_else(|| vec![normalize(side)]);
        for item in items {
            let mut dup = false;
            for have in &args {
                if object::is(have, &item) || object::rich_compare_bool(have, &item, CompareOp::Eq)? {
                    dup = true;
                    break;
                }
            }
            if !dup {
                args.push(item);
            }
        }
    }
    if args.len() == 1 {
        return Ok(args.remove(0));
    }
    let refs: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    let t = tupleobject::from_slice(&refs)?;
    object::new_object(UnionObject {
        ob_base: ObjectHeader::new(&UNION_TYPE.head),
        args: into_obj(t),
    })
    .map(into_obj)
}

/// `union_repr_item`.
fn repr_item(p: &PyObject) -> PyResult<String> {
    if object::is(p, as_obj(type_of(&object::NONE))) {
        return Ok("None".to_owned());
    }
    if let Some(t) = downcast::<TypeObject>(p) {
        let module = object::get_attr_str(p, "__module__").ok();
        let qual = object::get_attr_str(p, "__qualname__")
            .map(|q| object::str_lossy(&q))
            .unwrap_or_else(|_| t.name().to_owned());
        errors::clear();
        return Ok(match module.map(|m| object::str_lossy(&m)) {
            Some(m) if m != "builtins" => format!("{m}.{qual}"),
            _ => qual,
        });
    }
    Ok(object::repr(p)?.to_string_lossy())
}

/// `union_repr`.
fn union_repr(v: &PyObject) -> PyResult<ObjRef> {
    let u = union_of(v)?;
    let args = downcast::<TupleObject>(&u.args).ok_or_else(errors::bad_internal_call)?;
    let parts: Vec<String> = args.as_slice().iter().map(|a| repr_item(a)).collect::<PyResult<_>>()?;
    unicodeobject::from_string(parts.join(" | ")).map(into_obj)
}

/// `union_hash`: independent of the order of the arguments.
fn union_hash(v: &PyObject) -> PyResult<isize> {
    let u = union_of(v)?;
    let args = downcast::<TupleObject>(&u.args).ok_or_else(errors::bad_internal_call)?;
    let mut h: isize = 0x345678;
    for a in args.as_slice() {
        h ^= object::hash(a)?;
    }
    Ok(if h == -1 { -2 } else { h })
}

/// `union_richcompare`: equal when the argument sets are.
fn union_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (union_args(v), union_args(w)) else {
        return Ok(object::not_implemented());
    };
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(object::not_implemented());
    }
    let contains = |set: &[ObjRef], x: &PyObject| -> PyResult<bool> {
        for s in set {
            if object::rich_compare_bool(s, x, CompareOp::Eq)? {
                return Ok(true);
            }
        }
        Ok(false)
    };
    let mut eq = true;
    for x in &a {
        if !contains(&b, x)? {
            eq = false;
            break;
        }
    }
    if eq {
        for x in &b {
            if !contains(&a, x)? {
                eq = false;
                break;
            }
        }
    }
    Ok(boolobject::from_bool(if op == CompareOp::Eq { eq } else { !eq }))
}

fn get_args(v: &PyObject) -> PyResult<ObjRef> {
    Ok(union_of(v)?.args.clone())
}

/// `__parameters__`: the type variables among the arguments.
fn get_parameters(v: &PyObject) -> PyResult<ObjRef> {
    let u = union_of(v)?;
    let mut params: Vec<ObjRef> = Vec::new();
    for a in union_args(v).unwrap_or_default() {
        if downcast::<TypeObject>(&a).is_some() {
            continue;
        }
        if let Ok(p) = object::get_attr_str(&a, "__parameters__")
            && let Some(t) = downcast::<TupleObject>(&p)
        {
            for x in t.as_slice() {
                if !params.iter().any(|q| object::is(q, x)) {
                    params.push(x.clone());
                }
            }
        }
        errors::clear();
    }
    let _ = u;
    let refs: Vec<&PyObject> = params.iter().map(|p| &**p).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `union_class_getitem`: `Union[X, Y, ...]`.
fn union_class_getitem(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [params] = args else {
        return Err(errors::set_string(exceptions::type_error(), "__class_getitem__ expected 1 argument"));
    };
    let items: Vec<ObjRef> = match downcast::<TupleObject>(params) {
        Some(t) => t.as_slice().to_vec(),
        None => vec![params.clone()],
    };
    if items.is_empty() {
        return Err(errors::set_string(exceptions::type_error(), "Cannot take a Union of no types."));
    }
    let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    union_of_items(&refs)
}

static UNION_METHODS: [crate::objects::descrobject::MethodDef; 1] = [crate::objects::descrobject::MethodDef {
    ml_name: "__class_getitem__",
    ml_meth: crate::objects::descrobject::MethodFn::Class(union_class_getitem),
    ml_doc: None,
}];

static UNION_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "__args__", get: get_args, set: None, doc: None },
    GetSetDef { name: "__parameters__", get: get_parameters, set: None, doc: None },
];

/// `typing.Union` (`_PyUnion_Type`).
pub static UNION_TYPE: TypeObject = TypeObject::new_static(
    "typing.Union",
    size_of::<UnionObject>(),
    object::dealloc_simple::<UnionObject>,
    TypeSlots {
        tp_repr: Some(union_repr),
        tp_hash: Some(union_hash),
        tp_richcompare: Some(union_richcompare),
        tp_getattro: Some(object::generic_get_attr),
        nb_or: Some(union_type_or),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&UNION_METHODS)
.with_getset(&UNION_GETSET);

/// Readies the union type and gives `type` (and the generic alias) its
/// `|` (`type_or` / `ga_or`), before any class exists.
pub fn init() -> PyResult<()> {
    UNION_TYPE.ready()?;
    let slots = [
        &crate::objects::typeobject::TYPE_TYPE.slots.nb_or,
        &crate::objects::genericaliasobject::GENERIC_ALIAS_TYPE.slots.nb_or,
    ];
    for s in slots {
        if s.get().is_none() {
            s.set(Some(union_type_or));
        }
    }
    Ok(())
}
