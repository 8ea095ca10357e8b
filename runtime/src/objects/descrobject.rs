//! Method and attribute descriptors of builtin types, ported from
//! Objects/descrobject.c (`PyMethodDescr_Type`, `PyGetSetDescr_Type`,
//! `method_get`, `descr_check`, `method_vectorcall_*`, `getset_get`,
//! `getset_set`, `method_repr`, `getset_repr`) and the `PyMethodDef` /
//! `PyGetSetDef` tables of Include/methodobject.h and
//! Include/descrobject.h.

use rupy_gc::object::PyObjectLike;
use rupy_gc::ObjectHeader;

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::methodobject;
use crate::objects::object::{self, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject;

/// The implementation of a builtin method, by calling convention (the
/// `METH_NOARGS` / `METH_O` / `METH_FASTCALL` flags with the matching
/// `PyCFunction` signature).
#[derive(Clone, Copy)]
pub enum MethodFn {
    /// `METH_NOARGS`: `f(self)`.
    NoArgs(fn(&PyObject) -> PyResult<ObjRef>),
    /// `METH_O`: `f(self, arg)`.
    O(fn(&PyObject, &PyObject) -> PyResult<ObjRef>),
    /// `METH_FASTCALL`: `f(self, args)`.
    FastCall(fn(&PyObject, &[ObjRef]) -> PyResult<ObjRef>),
}

/// A builtin method (`PyMethodDef`).
pub struct MethodDef {
    /// `ml_name`.
    pub ml_name: &'static str,
    /// `ml_meth` with its flags.
    pub ml_meth: MethodFn,
    /// `ml_doc`.
    pub ml_doc: Option<&'static str>,
}

impl MethodDef {
    /// Calls the method on `slf` with `args`, checking the arity the
    /// calling convention fixes (`cfunction_vectorcall_NOARGS` / `_O`).
    /// `qualname` names it in errors (`list.append`).
    pub fn call(&self, qualname: &str, slf: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
        match self.ml_meth {
            MethodFn::NoArgs(f) => {
                if !args.is_empty() {
                    return Err(errors::set_string(
                        crate::objects::exceptions::type_error(),
                        &format!("{qualname}() takes no arguments ({} given)", args.len()),
                    ));
                }
                f(slf)
            }
            MethodFn::O(f) => {
                if args.len() != 1 {
                    return Err(errors::set_string(
                        crate::objects::exceptions::type_error(),
                        &format!("{qualname}() takes exactly one argument ({} given)", args.len()),
                    ));
                }
                f(slf, &args[0])
            }
            MethodFn::FastCall(f) => f(slf, args),
        }
    }
}

/// A computed attribute (`PyGetSetDef`).
pub struct GetSetDef {
    /// `name`.
    pub name: &'static str,
    /// `get`.
    pub get: fn(&PyObject) -> PyResult<ObjRef>,
    /// `set` (`None` value deletes); `None` if read-only.
    pub set: Option<fn(&PyObject, Option<&PyObject>) -> PyResult<()>>,
    /// `doc`.
    pub doc: Option<&'static str>,
}

/// A method descriptor (`PyMethodDescrObject`).
#[repr(C)]
pub struct MethodDescrObject {
    ob_base: ObjectHeader,
    /// `d_common.d_type`: the owning type (static, so borrowed forever).
    d_type: &'static TypeObject,
    /// `d_method`.
    d_method: &'static MethodDef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MethodDescrObject {}

impl PyClass for MethodDescrObject {
    fn type_object() -> &'static TypeObject {
        &METHOD_DESCR_TYPE
    }
}

/// A getset descriptor (`PyGetSetDescrObject`).
#[repr(C)]
pub struct GetSetDescrObject {
    ob_base: ObjectHeader,
    /// `d_common.d_type`.
    d_type: &'static TypeObject,
    /// `d_getset`.
    d_getset: &'static GetSetDef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for GetSetDescrObject {}

impl PyClass for GetSetDescrObject {
    fn type_object() -> &'static TypeObject {
        &GETSET_DESCR_TYPE
    }
}

/// Extends a type's lifetime to `'static`: descriptors are only made for
/// static types, which are immortal.
fn static_type(ty: &TypeObject) -> &'static TypeObject {
    debug_assert!(as_obj(ty).is_immortal());
    // SAFETY: readiness (the only caller) runs on static types, which
    // live for the whole process.
    unsafe { &*core::ptr::from_ref(ty) }
}

/// `PyDescr_NewMethod`.
pub fn new_method_descr(ty: &TypeObject, m: &'static MethodDef) -> PyResult<ObjRef> {
    let d = MethodDescrObject {
        ob_base: ObjectHeader::new(&METHOD_DESCR_TYPE.head),
        d_type: static_type(ty),
        d_method: m,
    };
    object::new_object(d).map(into_obj)
}

/// `PyDescr_NewGetSet`.
pub fn new_getset_descr(ty: &TypeObject, g: &'static GetSetDef) -> PyResult<ObjRef> {
    let d = GetSetDescrObject {
        ob_base: ObjectHeader::new(&GETSET_DESCR_TYPE.head),
        d_type: static_type(ty),
        d_getset: g,
    };
    object::new_object(d).map(into_obj)
}

/// `descr_check`: `obj` must be an instance of the descriptor's type.
fn descr_check(name: &str, d_type: &TypeObject, obj: &PyObject) -> PyResult<()> {
    if object::type_check(obj, d_type) {
        return Ok(());
    }
    Err(errors::set_string(
        crate::objects::exceptions::type_error(),
        &format!(
            "descriptor '{name}' for '{}' objects doesn't apply to a '{}' object",
            d_type.name(),
            type_of(obj).name()
        ),
    ))
}

/// `method_get`: through the class, the descriptor itself; through an
/// instance, a bound builtin method.
fn method_get(d: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<MethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let Some(obj) = obj.filter(|o| !object::is_none(o)) else {
        return Ok(object::new_ref(d));
    };
    descr_check(descr.d_method.ml_name, descr.d_type, obj)?;
    methodobject::new_bound(descr.d_method, descr.d_type, object::new_ref(obj))
}

/// Calling an unbound method descriptor: the first argument is `self`
/// (`method_vectorcall_*` with `method_check_args`).
fn method_call(d: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<MethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let name = descr.d_method.ml_name;
    let tyname = descr.d_type.name();
    let Some((slf, rest)) = args.as_slice().split_first() else {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("unbound method {tyname}.{name}() needs an argument"),
        ));
    };
    descr_check(name, descr.d_type, slf)?;
    if kwds.is_some_and(|k| k.len() > 0) {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("{tyname}.{name}() takes no keyword arguments"),
        ));
    }
    descr.d_method.call(&format!("{tyname}.{name}"), slf, rest)
}

/// `method_repr`.
fn method_repr(d: &PyObject) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<MethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!("<method '{}' of '{}' objects>", descr.d_method.ml_name, descr.d_type.name()))
        .map(into_obj)
}

/// `getset_get`.
fn getset_get(d: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<GetSetDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let Some(obj) = obj.filter(|o| !object::is_none(o)) else {
        return Ok(object::new_ref(d));
    };
    descr_check(descr.d_getset.name, descr.d_type, obj)?;
    (descr.d_getset.get)(obj)
}

/// `getset_set`.
fn getset_set(d: &PyObject, obj: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(descr) = downcast::<GetSetDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    descr_check(descr.d_getset.name, descr.d_type, obj)?;
    match descr.d_getset.set {
        Some(f) => f(obj, value),
        None => Err(errors::set_string(
            crate::objects::exceptions::attribute_error(),
            &format!(
                "attribute '{}' of '{}' objects is not writable",
                descr.d_getset.name,
                descr.d_type.name()
            ),
        )),
    }
}

/// `getset_repr`.
fn getset_repr(d: &PyObject) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<GetSetDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!("<attribute '{}' of '{}' objects>", descr.d_getset.name, descr.d_type.name()))
        .map(into_obj)
}

/// `method_descriptor` (`PyMethodDescr_Type`).
pub static METHOD_DESCR_TYPE: TypeObject = TypeObject::new_static(
    "method_descriptor",
    size_of::<MethodDescrObject>(),
    object::dealloc_simple::<MethodDescrObject>,
    TypeSlots {
        tp_repr: Some(method_repr),
        tp_call: Some(method_call),
        tp_descr_get: Some(method_get),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::METHOD_DESCRIPTOR);

/// `getset_descriptor` (`PyGetSetDescr_Type`).
pub static GETSET_DESCR_TYPE: TypeObject = TypeObject::new_static(
    "getset_descriptor",
    size_of::<GetSetDescrObject>(),
    object::dealloc_simple::<GetSetDescrObject>,
    TypeSlots {
        tp_repr: Some(getset_repr),
        tp_descr_get: Some(getset_get),
        tp_descr_set: Some(getset_set),
        ..TypeSlots::EMPTY
    },
);
