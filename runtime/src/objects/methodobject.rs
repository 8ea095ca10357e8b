//! Bound builtin methods, ported from Objects/methodobject.c
//! (`PyCFunctionObject`, `PyCFunction_NewEx`, `cfunction_call`,
//! `meth_repr`, `meth_dealloc`).

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::boolobject;
use crate::objects::descrobject::{GetSetDef, MethodDef};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj};
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
    f.m_ml.call_kw(|| qualname_text(f), &f.m_self, args.as_slice(), kwds)
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

/// `meth_reduce` for a bound method: `getattr(self, name)`.
fn meth_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let f = this(v)?;
    let name = into_obj(unicodeobject::from_str(f.m_ml.ml_name)?);
    crate::objects::iterobject::reduce_to_builtin("getattr", &[&f.m_self, &name], None)
}

static METH_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__reduce__",
    ml_meth: crate::objects::descrobject::MethodFn::NoArgs(meth_reduce),
    ml_doc: None,
}];

/// `builtin_function_or_method` (`PyCFunction_Type`).
pub static CFUNCTION_TYPE: TypeObject = TypeObject::new_static(
    "builtin_function_or_method",
    size_of::<CFunctionObject>(),
    object::dealloc_simple::<CFunctionObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(CFunctionObject {  } { m_self })),
        tp_repr: Some(meth_repr),
        tp_call: Some(cfunction_call),
        tp_richcompare: Some(meth_richcompare),
        tp_hash: Some(meth_hash),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&METH_GETSET)
.with_methods(&METH_METHODS);

fn this(v: &PyObject) -> PyResult<&CFunctionObject> {
    downcast::<CFunctionObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `meth_get__name__`.
fn meth_get_name(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_str(this(v)?.m_ml.ml_name).map(into_obj)
}

/// `meth_get__qualname__`: `Type.name`, where `Type` is `__self__` if it
/// is a class (a class method) and `__self__`'s type otherwise.
fn meth_get_qualname(v: &PyObject) -> PyResult<ObjRef> {
    let f = this(v)?;
    let owner = match downcast::<TypeObject>(&f.m_self) {
        Some(t) => t,
        None => object::type_of(&f.m_self),
    };
    let tq = object::get_attr_str(object::as_obj(owner), "__qualname__")?;
    unicodeobject::from_string(format!("{}.{}", object::str_lossy(&tq), f.m_ml.ml_name)).map(into_obj)
}

/// The method's `__qualname__` as text, for error messages.
fn qualname_text(f: &CFunctionObject) -> String {
    match meth_get_qualname(object::as_obj(f)) {
        Ok(q) => object::str_lossy(&q),
        Err(e) => {
            drop(e);
            errors::clear();
            format!("{}.{}", f.m_class.name(), f.m_ml.ml_name)
        }
    }
}

/// `meth_get__self__`.
fn meth_get_self(v: &PyObject) -> PyResult<ObjRef> {
    Ok(this(v)?.m_self.clone())
}

/// `meth_get__doc__`.
fn meth_get_doc(v: &PyObject) -> PyResult<ObjRef> {
    let ml = this(v)?.m_ml;
    crate::objects::descrobject::doc_from_internal_doc(ml.ml_name, ml.ml_doc)
}

/// `meth_get__text_signature__`.
fn meth_get_text_signature(v: &PyObject) -> PyResult<ObjRef> {
    let ml = this(v)?.m_ml;
    crate::objects::descrobject::text_signature_from_internal_doc(ml.ml_name, ml.ml_doc)
}

/// `__module__` of a bound method: None (`meth_members` reads `m_module`,
/// unset for methods).
fn meth_get_module(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::none())
}

static METH_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "__text_signature__", get: meth_get_text_signature, set: None, doc: None },
    GetSetDef { name: "__name__", get: meth_get_name, set: None, doc: None },
    GetSetDef { name: "__qualname__", get: meth_get_qualname, set: None, doc: None },
    GetSetDef { name: "__self__", get: meth_get_self, set: None, doc: None },
    GetSetDef { name: "__doc__", get: meth_get_doc, set: None, doc: None },
    GetSetDef { name: "__module__", get: meth_get_module, set: None, doc: None },
];

/// `meth_richcompare`: equal when bound to the same object and method.
fn meth_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<CFunctionObject>(v), downcast::<CFunctionObject>(w)) else {
        return Ok(object::not_implemented());
    };
    let eq = core::ptr::eq(a.m_ml, b.m_ml) && core::ptr::eq(&*a.m_self, &*b.m_self);
    match op {
        CompareOp::Eq => Ok(boolobject::from_bool(eq)),
        CompareOp::Ne => Ok(boolobject::from_bool(!eq)),
        _ => Ok(object::not_implemented()),
    }
}

/// `meth_hash`: the identity of `self` mixed with the method's.
fn meth_hash(v: &PyObject) -> PyResult<isize> {
    let f = this(v)?;
    let x = object::generic_hash(&f.m_self)?;
    let y = (core::ptr::from_ref(f.m_ml) as usize >> 4) as isize;
    let h = x ^ y;
    Ok(if h == -1 { -2 } else { h })
}
