//! Bound builtin methods, ported from Objects/methodobject.c
//! (`PyCFunctionObject`, `PyCFunction_NewEx`, `cfunction_call`,
//! `meth_repr`, `meth_dealloc`).

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::MethodDef;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject;

/// A builtin method bound to its `self` (`PyCFunctionObject`).
#[repr(C)]
pub struct CFunctionObject {
    ob_base: ObjectHeader,
    /// `m_ml`.
    m_ml: &'static MethodDef,
    /// `m_self`, owned.
    m_self: ObjRef,
    /// The defining class (`PyCMethodObject.mm_class`), for the qualified
    /// name.
    m_class: &'static TypeObject,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CFunctionObject {}

impl PyClass for CFunctionObject {
    fn type_object() -> &'static TypeObject {
        &CFUNCTION_TYPE
    }
}

impl CFunctionObject {
    /// `m_ml`.
    pub fn method_def(&self) -> &'static MethodDef {
        self.m_ml
    }

    /// `m_self`.
    pub fn self_obj(&self) -> &PyObject {
        &self.m_self
    }
}

/// `PyCMethod_New`: binds `ml` of `class` to `slf`.
pub fn new_bound(ml: &'static MethodDef, class: &'static TypeObject, slf: ObjRef) -> PyResult<ObjRef> {
    let f = CFunctionObject { ob_base: ObjectHeader::new(&CFUNCTION_TYPE.head), m_ml: ml, m_self: slf, m_class: class };
    object::new_object(f).map(into_obj)
}

/// `cfunction_call`: keyword arguments only for `METH_KEYWORDS`.
fn cfunction_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(f) = downcast::<CFunctionObject>(v) else { return Err(errors::bad_internal_call()) };
    let qualname = format!("{}.{}", f.m_class.name(), f.m_ml.ml_name);
    f.m_ml.call_kw(&qualname, &f.m_self, args.as_slice(), kwds)
}

/// `meth_repr`: `<built-in method name of T object at 0x...>`.
fn meth_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(f) = downcast::<CFunctionObject>(v) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!(
        "<built-in method {} of {} object at {:p}>",
        f.m_ml.ml_name,
        object::type_of(&f.m_self).name(),
        &*f.m_self
    ))
    .map(into_obj)
}

/// `builtin_function_or_method` (`PyCFunction_Type`).
pub static CFUNCTION_TYPE: TypeObject = TypeObject::new_static(
    "builtin_function_or_method",
    size_of::<CFunctionObject>(),
    object::dealloc_simple::<CFunctionObject>,
    TypeSlots { tp_repr: Some(meth_repr), tp_call: Some(cfunction_call), ..TypeSlots::EMPTY },
);
