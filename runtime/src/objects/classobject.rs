//! Bound methods, ported from Objects/classobject.c (`PyMethod_Type`,
//! `PyMethod_New`, `method_vectorcall`, `method_repr`,
//! `method_richcompare`, `method_hash`, `method_getattro`,
//! `method_descr_get`, `method_new`).

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, slotdefs};
use crate::objects::{boolobject, exceptions, unicodeobject};

/// A function bound to an object (`PyMethodObject`).
#[repr(C)]
pub struct MethodObject {
    ob_base: ObjectHeader,
    /// `im_func`.
    im_func: ObjRef,
    /// `im_self`.
    im_self: ObjRef,
    /// The head of the weak-reference list (`im_weakreflist`).
    weakreflist: core::sync::atomic::AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MethodObject {}

impl PyClass for MethodObject {
    fn type_object() -> &'static TypeObject {
        &METHOD_TYPE
    }
}

impl MethodObject {
    /// `PyMethod_GET_FUNCTION`.
    pub fn function(&self) -> &PyObject {
        &self.im_func
    }

    /// `PyMethod_GET_SELF`.
    pub fn self_obj(&self) -> &PyObject {
        &self.im_self
    }
}

/// `PyMethod_New`: binds `func` to `slf`.
pub fn new_method(func: &PyObject, slf: &PyObject) -> PyResult<ObjRef> {
    let m = MethodObject {
        ob_base: ObjectHeader::new(&METHOD_TYPE.head),
        im_func: object::new_ref(func),
        im_self: object::new_ref(slf),
        weakreflist: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
    };
    object::new_object(m).map(into_obj)
}

fn method_of(v: &PyObject) -> PyResult<&MethodObject> {
    downcast::<MethodObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `method_vectorcall`: the function with `self` prepended.
fn method_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let m = method_of(v)?;
    let mut all: Vec<&PyObject> = Vec::with_capacity(args.len() + 1);
    all.push(&m.im_self);
    all.extend(args.as_slice().iter().map(|a| &**a));
    slotdefs::call_object(&m.im_func, &*tupleobject::from_slice(&all)?, kwds)
}

/// `method_repr`: `<bound method Qual.name of <self repr>>`.
fn method_repr(v: &PyObject) -> PyResult<ObjRef> {
    let m = method_of(v)?;
    let name = match object::get_attr_str(&m.im_func, "__qualname__") {
        Ok(n) => Some(n),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            match object::get_attr_str(&m.im_func, "__name__") {
                Ok(n) => Some(n),
                Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                    drop(e);
                    errors::clear();
                    None
                }
                Err(e) => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    let name = name
        .as_deref()
        .and_then(downcast::<unicodeobject::StrObject>)
        .map_or_else(|| "?".to_owned(), unicodeobject::StrObject::to_string_lossy);
    let slf = object::repr(&m.im_self)?;
    unicodeobject::from_string(format!("<bound method {name} of {}>", slf.to_string_lossy())).map(into_obj)
}

/// `method_richcompare`: equal when the functions are equal and the
/// selves identical.
fn method_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<MethodObject>(v), downcast::<MethodObject>(w)) else {
        return Ok(object::not_implemented());
    };
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(object::not_implemented());
    }
    let eq = object::is(&a.im_self, &b.im_self) && object::rich_compare_bool(&a.im_func, &b.im_func, CompareOp::Eq)?;
    Ok(boolobject::from_bool(if op == CompareOp::Eq { eq } else { !eq }))
}

/// `method_hash`: the identity hash of `self` mixed with the function's.
fn method_hash(v: &PyObject) -> PyResult<isize> {
    let m = method_of(v)?;
    let x = object::generic_hash(&m.im_self)?;
    let y = object::hash(&m.im_func)?;
    let h = x ^ y;
    Ok(if h == -1 { -2 } else { h })
}

/// `method_getattro`: the method type's own attributes, then the
/// function's.
fn method_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let m = method_of(v)?;
    let ty = type_of(v);
    if let Some(descr) = ty.lookup(name)? {
        return match type_of(&descr).slots.tp_descr_get.get() {
            Some(f) => f(&descr, Some(v), Some(as_obj(ty))),
            None => Ok(descr),
        };
    }
    object::get_attr(&m.im_func, name)
}

/// `method_descr_get`: a bound method does not rebind.
fn method_descr_get(v: &PyObject, _obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

fn method_get_func(v: &PyObject) -> PyResult<ObjRef> {
    Ok(method_of(v)?.im_func.clone())
}

fn method_get_self(v: &PyObject) -> PyResult<ObjRef> {
    Ok(method_of(v)?.im_self.clone())
}

fn method_get_doc(v: &PyObject) -> PyResult<ObjRef> {
    object::get_attr_str(&method_of(v)?.im_func, "__doc__")
}

static METHOD_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "__func__", get: method_get_func, set: None, doc: Some("the function (or other callable) implementing a method") },
    GetSetDef { name: "__self__", get: method_get_self, set: None, doc: Some("the instance to which a method is bound") },
    GetSetDef { name: "__doc__", get: method_get_doc, set: None, doc: None },
];

/// `method_new`: `types.MethodType(function, instance)`.
fn method_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let type_error = |m: &str| errors::set_string(crate::objects::exceptions::type_error(), m);
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("method() takes no keyword arguments"));
    }
    let [func, slf] = args.as_slice() else {
        return Err(type_error(&format!("method expected 2 arguments, got {}", args.len())));
    };
    if !crate::objects::call::is_callable(func) {
        return Err(type_error("first argument must be callable"));
    }
    if object::is_none(slf) {
        return Err(type_error("instance must not be None"));
    }
    new_method(func, slf)
}

/// `method` (`PyMethod_Type`).
/// `method_traverse` (a bound method has no `tp_clear`).
fn method_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(m) = object::downcast::<MethodObject>(v) {
        visit(&m.im_func);
        visit(&m.im_self);
    }
}

pub static METHOD_TYPE: TypeObject = TypeObject::new_static(
    "method",
    size_of::<MethodObject>(),
    object::dealloc_weakrefable::<MethodObject>,
    TypeSlots {
        tp_repr: Some(method_repr),
        tp_traverse: Some(method_traverse),
        tp_hash: Some(method_hash),
        tp_call: Some(method_call),
        tp_getattro: Some(method_getattro),
        tp_richcompare: Some(method_richcompare),
        tp_descr_get: Some(method_descr_get),
        tp_new: Some(method_new),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&METHOD_GETSET)
.with_weaklistoffset(core::mem::offset_of!(MethodObject, weakreflist));
