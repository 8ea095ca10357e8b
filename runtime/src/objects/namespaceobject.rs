//! `types.SimpleNamespace`, ported from Objects/namespaceobject.c
//! (`namespace_new`, `namespace_init`, `namespace_repr`,
//! `namespace_richcompare`): an object whose attributes live in its
//! dict, shown as `namespace(a=1, b='two')`. `sys.implementation` is one.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};

/// A namespace (`_PyNamespaceObject`).
#[repr(C)]
pub struct NamespaceObject {
    ob_base: ObjectHeader,
    /// `ns_dict`.
    ns_dict: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for NamespaceObject {}

impl PyClass for NamespaceObject {
    fn type_object() -> &'static TypeObject {
        &NAMESPACE_TYPE
    }
}

fn ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        if NAMESPACE_TYPE.ready().is_err() {
            errors::clear();
        }
    });
}

fn dict_of(v: &PyObject) -> PyResult<ObjRef> {
    object::instance_dict(v)?.ok_or_else(errors::bad_internal_call)
}

/// `_PyNamespace_New`: a namespace holding the items of `kwds`.
pub fn new_namespace(items: &[(&str, ObjRef)]) -> PyResult<ObjRef> {
    ready();
    let ns = namespace_new(&NAMESPACE_TYPE, &*crate::objects::tupleobject::from_slice(&[])?, None)?;
    let d = dict_of(&ns)?;
    let Some(d) = downcast::<DictObject>(&d) else { return Err(errors::bad_internal_call()) };
    for (k, v) in items {
        d.set_item(&*unicodeobject::intern_str(k)?, v)?;
    }
    Ok(ns)
}

fn namespace_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: the fields after the header are ObjSlots (valid zeroed).
    let ns = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<NamespaceObject>(ty) }?;
    ns.ns_dict.set(Some(into_obj(DictObject::new()?)));
    Ok(into_obj(ns))
}

/// `namespace_init`: an optional mapping or iterable of pairs, then the
/// keyword arguments (which must be str).
fn namespace_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let name = type_of(v).name().to_owned();
    if args.len() > 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{name} expected at most 1 argument, got {}", args.len()),
        ));
    }
    let d = dict_of(v)?;
    let Some(dict) = downcast::<DictObject>(&d) else { return Err(errors::bad_internal_call()) };
    if let Some(arg) = args.as_slice().first() {
        let src: ObjRef = if downcast::<DictObject>(arg).is_some() {
            arg.clone()
        } else {
            let dt = object::new_ref(object::as_obj(&crate::objects::dictobject::DICT_TYPE));
            object::call(&dt, &[arg])?
        };
        if let Some(sd) = downcast::<DictObject>(&src) {
            for (k, val) in sd.items() {
                if downcast::<StrObject>(&k).is_none() {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("keywords must be strings, not '{}'", type_of(&k).name()),
                    ));
                }
                dict.set_item(&k, &val)?;
            }
        }
    }
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            dict.set_item(&key, &val)?;
        }
    }
    Ok(())
}

/// `namespace_repr`: `namespace(a=1, ...)` (the class name for
/// subclasses), `namespace(...)` when recursive.
fn namespace_repr(v: &PyObject) -> PyResult<ObjRef> {
    let ty = type_of(v);
    let name = if core::ptr::eq(ty, &NAMESPACE_TYPE) { "namespace" } else { ty.name() };
    if crate::state::repr_enter(v) {
        return unicodeobject::from_string(format!("{name}(...)")).map(into_obj);
    }
    let res = (|| -> PyResult<String> {
        let d = dict_of(v)?;
        let mut parts = Vec::new();
        if let Some(dict) = downcast::<DictObject>(&d) {
            for (k, val) in dict.items() {
                if let Some(ks) = downcast::<StrObject>(&k) {
                    parts.push(format!("{}={}", ks.to_string_lossy(), object::repr(&val)?.to_string_lossy()));
                }
            }
        }
        Ok(format!("{name}({})", parts.join(", ")))
    })();
    crate::state::repr_leave(v);
    unicodeobject::from_string(res?).map(into_obj)
}

/// `namespace_richcompare`: equal when both are namespaces with equal
/// dicts.
fn namespace_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let both = object::type_check(v, &NAMESPACE_TYPE) && object::type_check(w, &NAMESPACE_TYPE);
    if both && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        let (a, b) = (dict_of(v)?, dict_of(w)?);
        return object::rich_compare(&a, &b, op);
    }
    Ok(object::not_implemented())
}

fn namespace_get_dict(v: &PyObject) -> PyResult<ObjRef> {
    dict_of(v)
}

static NAMESPACE_GETSET: [crate::objects::descrobject::GetSetDef; 1] =
    [crate::objects::descrobject::GetSetDef { name: "__dict__", get: namespace_get_dict, set: None, doc: None }];

/// `types.SimpleNamespace`.
pub static NAMESPACE_TYPE: TypeObject = TypeObject::new_static(
    "types.SimpleNamespace",
    size_of::<NamespaceObject>(),
    object::dealloc_simple::<NamespaceObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(NamespaceObject { ns_dict } {  })),
        tp_clear: Some(crate::clear_fields!(NamespaceObject { ns_dict })),
        tp_repr: Some(namespace_repr),
        tp_richcompare: Some(namespace_richcompare),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_init: Some(namespace_init),
        tp_new: Some(namespace_new),
        tp_hash: Some(crate::objects::typeobject::hash_not_implemented),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_getset(&NAMESPACE_GETSET)
.with_dictoffset(core::mem::offset_of!(NamespaceObject, ns_dict))
.with_doc("A simple attribute-based namespace.");
