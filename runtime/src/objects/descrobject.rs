//! Descriptors, ported from Objects/descrobject.c (`PyMethodDescr_Type`,
//! `PyClassMethodDescr_Type`, `PyGetSetDescr_Type`, `PyMemberDescr_Type`,
//! `PyWrapperDescr_Type`, `_PyMethodWrapper_Type`, `PyProperty_Type`),
//! with the `classmethod` / `staticmethod` types of Objects/funcobject.c,
//! `tp_new_wrapper` of Objects/typeobject.c, and the `PyMethodDef` /
//! `PyGetSetDef` tables of Include/methodobject.h and
//! Include/descrobject.h.

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use core::sync::atomic::AtomicBool;

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::methodobject;
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::slotdefs::{self, SlotDef, SlotFn};
use crate::objects::typeobject::{self, TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};

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
    /// `METH_FASTCALL | METH_KEYWORDS`: `f(self, args, kwargs)`.
    FastCallKw(fn(&PyObject, &[ObjRef], Option<&DictObject>) -> PyResult<ObjRef>),
    /// `METH_CLASS | METH_FASTCALL`: `f(cls, args)`, bound to the class
    /// (a `classmethod_descriptor` in the type dict).
    Class(fn(&PyObject, &[ObjRef]) -> PyResult<ObjRef>),
    /// `METH_CLASS | METH_FASTCALL | METH_KEYWORDS`: `f(cls, args,
    /// kwargs)`, bound to the class.
    ClassKw(fn(&PyObject, &[ObjRef], Option<&DictObject>) -> PyResult<ObjRef>),
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
    /// `qualname` names it in errors (`list.append`); it is only
    /// computed for an error.
    pub fn call(&self, qualname: impl Fn() -> String, slf: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
        match self.ml_meth {
            MethodFn::NoArgs(f) => {
                if !args.is_empty() {
                    return Err(errors::set_string(
                        crate::objects::exceptions::type_error(),
                        &format!("{}() takes no arguments ({} given)", qualname(), args.len()),
                    ));
                }
                f(slf)
            }
            MethodFn::O(f) => {
                if args.len() != 1 {
                    return Err(errors::set_string(
                        crate::objects::exceptions::type_error(),
                        &format!("{}() takes exactly one argument ({} given)", qualname(), args.len()),
                    ));
                }
                f(slf, &args[0])
            }
            MethodFn::FastCall(f) | MethodFn::Class(f) => f(slf, args),
            MethodFn::FastCallKw(f) | MethodFn::ClassKw(f) => f(slf, args, None),
        }
    }

    /// [`call`](Self::call) with keyword arguments, which only
    /// `METH_KEYWORDS` methods accept.
    pub fn call_kw(
        &self,
        qualname: impl Fn() -> String,
        slf: &PyObject,
        args: &[ObjRef],
        kwds: Option<&DictObject>,
    ) -> PyResult<ObjRef> {
        match (self.ml_meth, kwds.filter(|k| !k.is_empty())) {
            (MethodFn::FastCallKw(f) | MethodFn::ClassKw(f), kw) => f(slf, args, kw),
            (_, None) => self.call(qualname, slf, args),
            (_, Some(_)) => Err(errors::set_string(
                crate::objects::exceptions::type_error(),
                &format!("{}() takes no keyword arguments", qualname()),
            )),
        }
    }

    /// `signature_from_flags`: the text signature a method without one in
    /// its docstring has by its calling convention.
    pub fn signature_from_flags(&self) -> Option<&'static str> {
        match self.ml_meth {
            MethodFn::NoArgs(_) => Some("($self, /)"),
            MethodFn::O(_) => Some("($self, object, /)"),
            _ => None,
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
    /// `d_common.d_type` (a class's `__dict__` descriptor owns a
    /// reference to it).
    d_type: PyRef<TypeObject>,
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
        d_type: PyRef::new_ref(ty),
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
    let Some(obj) = obj else {
        return Ok(object::new_ref(d));
    };
    descr_check(descr.d_method.ml_name, descr.d_type, obj)?;
    methodobject::new_bound(descr.d_method, object::new_ref(obj))
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
    descr.d_method.call_kw(|| format!("{tyname}.{name}"), slf, rest, kwds)
}

/// `method_vectorcall_*` (Objects/descrobject.c): `self` is the first
/// argument, the rest are passed on borrowed, with no argument tuple.
fn method_vectorcall(d: &PyObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<MethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let name = descr.d_method.ml_name;
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len().checked_sub(nkw).ok_or_else(errors::bad_internal_call)?;
    let Some((&slf, rest)) = args[..npos].split_first() else {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("unbound method {}.{name}() needs an argument", descr.d_type.name()),
        ));
    };
    descr_check(name, descr.d_type, slf)?;
    let qualname = || format!("{}.{name}", descr.d_type.name());
    let rest = object::borrowed_refs(rest);
    crate::state::enter_recursive_call(" while calling a Python object")?;
    let res = match kwnames.filter(|_| nkw > 0) {
        None => descr.d_method.call(qualname, slf, rest),
        Some(names) => DictObject::new().and_then(|kw| {
            for (k, v) in names.as_slice().iter().zip(&args[npos..]) {
                kw.set_item(k, v)?;
            }
            descr.d_method.call_kw(qualname, slf, rest, Some(&kw))
        }),
    };
    crate::state::leave_recursive_call();
    res
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
    let Some(obj) = obj else {
        return Ok(object::new_ref(d));
    };
    descr_check(descr.d_getset.name, &descr.d_type, obj)?;
    (descr.d_getset.get)(obj)
}

/// `getset_set`.
fn getset_set(d: &PyObject, obj: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(descr) = downcast::<GetSetDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    descr_check(descr.d_getset.name, &descr.d_type, obj)?;
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
        tp_vectorcall: Some(method_vectorcall),
        tp_descr_get: Some(method_get),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::METHOD_DESCRIPTOR)
.with_getset(&METHOD_DESCR_GETSET);

/// `getset_descriptor` (`PyGetSetDescr_Type`).
pub static GETSET_DESCR_TYPE: TypeObject = TypeObject::new_static(
    "getset_descriptor",
    size_of::<GetSetDescrObject>(),
    object::dealloc_simple::<GetSetDescrObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(GetSetDescrObject {  } { d_type })),
        tp_repr: Some(getset_repr),
        tp_descr_get: Some(getset_get),
        tp_descr_set: Some(getset_set),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&DESCR_GETSET);

// ---------------------------------------------------------------------
// Slot wrappers (`PyWrapperDescr_Type`, `_PyMethodWrapper_Type`).

/// A builtin slot in a type dict (`PyWrapperDescrObject`): `int.__add__`.
#[repr(C)]
pub struct WrapperDescrObject {
    ob_base: ObjectHeader,
    /// `d_common.d_type`.
    d_type: PyRef<TypeObject>,
    /// `d_base`: the slotdef.
    d_base: &'static SlotDef,
    /// `d_wrapped`: the slot function.
    d_wrapped: SlotFn,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for WrapperDescrObject {}

impl PyClass for WrapperDescrObject {
    fn type_object() -> &'static TypeObject {
        &WRAPPER_DESCR_TYPE
    }
}

impl WrapperDescrObject {
    /// The slotdef, the wrapped function and the owning type.
    pub fn parts(&self) -> (&'static SlotDef, SlotFn, &TypeObject) {
        (self.d_base, self.d_wrapped, &self.d_type)
    }
}

/// `PyDescr_NewWrapper`.
pub fn new_wrapper_descr(ty: &TypeObject, base: &'static SlotDef, wrapped: SlotFn) -> PyResult<ObjRef> {
    let d = WrapperDescrObject {
        ob_base: ObjectHeader::new(&WRAPPER_DESCR_TYPE.head),
        d_type: PyRef::new_ref(ty),
        d_base: base,
        d_wrapped: wrapped,
    };
    object::new_object(d).map(into_obj)
}

/// `wrapperdescr_get`: binds to an instance as a `method-wrapper`.
fn wrapperdescr_get(d: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<WrapperDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let Some(obj) = obj else {
        return Ok(object::new_ref(d));
    };
    descr_check(descr.d_base.name.text(), &descr.d_type, obj)?;
    let w = MethodWrapperObject {
        ob_base: ObjectHeader::new(&METHOD_WRAPPER_TYPE.head),
        descr: PyRef::new_ref(descr),
        slf: object::new_ref(obj),
    };
    object::new_object(w).map(into_obj)
}

/// `wrapperdescr_call`: `int.__add__(1, 2)`.
fn wrapperdescr_call(d: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<WrapperDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let name = descr.d_base.name.text();
    let Some((slf, rest)) = args.as_slice().split_first() else {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("descriptor '{name}' of '{}' object needs an argument", descr.d_type.name()),
        ));
    };
    if !object::type_check(slf, &descr.d_type) {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!(
                "descriptor '{name}' requires a '{}' object but received a '{}'",
                descr.d_type.name(),
                type_of(slf).name()
            ),
        ));
    }
    slotdefs::call_wrapper(descr.d_base, descr.d_wrapped, slf, rest, kwds)
}

/// `wrapperdescr_repr`.
fn wrapperdescr_repr(d: &PyObject) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<WrapperDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!(
        "<slot wrapper '{}' of '{}' objects>",
        descr.d_base.name.text(),
        descr.d_type.name()
    ))
    .map(into_obj)
}

/// A slot wrapper bound to an instance (`wrapperobject`): `(1).__add__`.
#[repr(C)]
pub struct MethodWrapperObject {
    ob_base: ObjectHeader,
    /// The descriptor.
    descr: PyRef<WrapperDescrObject>,
    /// The bound instance.
    slf: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MethodWrapperObject {}

impl PyClass for MethodWrapperObject {
    fn type_object() -> &'static TypeObject {
        &METHOD_WRAPPER_TYPE
    }
}

/// `wrapper_call`.
fn method_wrapper_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(w) = downcast::<MethodWrapperObject>(v) else { return Err(errors::bad_internal_call()) };
    slotdefs::call_wrapper(w.descr.d_base, w.descr.d_wrapped, &w.slf, args.as_slice(), kwds)
}

/// `wrapper_repr`.
fn method_wrapper_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(w) = downcast::<MethodWrapperObject>(v) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!(
        "<method-wrapper '{}' of {} object at {:p}>",
        w.descr.d_base.name.text(),
        type_of(&w.slf).name(),
        &*w.slf
    ))
    .map(into_obj)
}

/// `wrapper_richcompare`: equal when bound to the same object through
/// the same descriptor.
fn method_wrapper_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<MethodWrapperObject>(v), downcast::<MethodWrapperObject>(w)) else {
        return Ok(object::not_implemented());
    };
    let eq = object::is(as_obj(&*a.descr), as_obj(&*b.descr)) && object::is(&a.slf, &b.slf);
    match op {
        CompareOp::Eq => Ok(crate::objects::boolobject::from_bool(eq)),
        CompareOp::Ne => Ok(crate::objects::boolobject::from_bool(!eq)),
        _ => Ok(object::not_implemented()),
    }
}

/// `wrapper_hash`.
fn method_wrapper_hash(v: &PyObject) -> PyResult<isize> {
    let Some(w) = downcast::<MethodWrapperObject>(v) else { return Err(errors::bad_internal_call()) };
    let x = object::generic_hash(&w.slf)?;
    let y = object::generic_hash(as_obj(&*w.descr))?;
    let h = x ^ y;
    Ok(if h == -1 { -2 } else { h })
}

/// `wrapper_descriptor` (`PyWrapperDescr_Type`).
pub static WRAPPER_DESCR_TYPE: TypeObject = TypeObject::new_static(
    "wrapper_descriptor",
    size_of::<WrapperDescrObject>(),
    object::dealloc_simple::<WrapperDescrObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(WrapperDescrObject {  } { d_type })),
        tp_repr: Some(wrapperdescr_repr),
        tp_call: Some(wrapperdescr_call),
        tp_descr_get: Some(wrapperdescr_get),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::METHOD_DESCRIPTOR)
.with_getset(&METHOD_DESCR_GETSET);

/// `wrapper_reduce`: `getattr(self, name)`.
fn method_wrapper_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let Some(w) = downcast::<MethodWrapperObject>(v) else { return Err(errors::bad_internal_call()) };
    let name = into_obj(unicodeobject::from_str(w.descr.d_base.name.text())?);
    crate::objects::iterobject::reduce_to_builtin("getattr", &[&w.slf, &name], None)
}

static METHOD_WRAPPER_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(method_wrapper_reduce), ml_doc: None }];

/// `method-wrapper` (`_PyMethodWrapper_Type`).
pub static METHOD_WRAPPER_TYPE: TypeObject = TypeObject::new_static(
    "method-wrapper",
    size_of::<MethodWrapperObject>(),
    object::dealloc_simple::<MethodWrapperObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(MethodWrapperObject {  } { slf })),
        tp_repr: Some(method_wrapper_repr),
        tp_call: Some(method_wrapper_call),
        tp_richcompare: Some(method_wrapper_richcompare),
        tp_hash: Some(method_wrapper_hash),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&METHOD_WRAPPER_GETSET)
.with_methods(&METHOD_WRAPPER_METHODS);

// ---------------------------------------------------------------------
// Members (`PyMemberDescr_Type`): `__slots__` entries and builtin
// types' `tp_members`.

/// Where a member descriptor's value lives.
enum MemberKind {
    /// A class's `__slots__` entry (`Py_T_OBJECT_EX`): an [`ObjSlot`] at
    /// this offset of the instances.
    Slot(usize),
    /// A builtin type's member, read (and written, unless `READONLY`)
    /// through accessors.
    Native(&'static GetSetDef),
}

/// A member descriptor (`PyMemberDescrObject`).
#[repr(C)]
pub struct MemberDescrObject {
    ob_base: ObjectHeader,
    /// `d_common.d_type`.
    d_type: PyRef<TypeObject>,
    /// `d_common.d_name`.
    d_name: PyRef<StrObject>,
    kind: MemberKind,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MemberDescrObject {}

impl PyClass for MemberDescrObject {
    fn type_object() -> &'static TypeObject {
        &MEMBER_DESCR_TYPE
    }
}

/// `PyDescr_NewMember` for a class's `__slots__` entry at `offset`.
pub fn new_member_descr(ty: &TypeObject, name: &StrObject, offset: usize) -> PyResult<ObjRef> {
    let d = MemberDescrObject {
        ob_base: ObjectHeader::new(&MEMBER_DESCR_TYPE.head),
        d_type: PyRef::new_ref(ty),
        d_name: PyRef::new_ref(name),
        kind: MemberKind::Slot(offset),
    };
    object::new_object(d).map(into_obj)
}

/// `PyDescr_NewMember` for a builtin type's `tp_members` entry.
pub fn new_native_member_descr(ty: &TypeObject, m: &'static GetSetDef) -> PyResult<ObjRef> {
    let d = MemberDescrObject {
        ob_base: ObjectHeader::new(&MEMBER_DESCR_TYPE.head),
        d_type: PyRef::new_ref(ty),
        d_name: unicodeobject::from_str(m.name)?,
        kind: MemberKind::Native(m),
    };
    object::new_object(d).map(into_obj)
}

impl MemberDescrObject {
    /// The slot of `obj` (already checked to be an instance of `d_type`).
    fn slot<'a>(&self, obj: &'a PyObject, offset: usize) -> &'a ObjSlot {
        // SAFETY: instances of d_type (and its subclasses) have an ObjSlot
        // at `offset` (type_new placed it there; subclasses extend the
        // layout without moving it).
        unsafe { &*core::ptr::from_ref(obj).cast::<u8>().add(offset).cast::<ObjSlot>() }
    }

    fn no_attribute(&self, obj: &PyObject) -> errors::ErrSet {
        errors::set_string(
            crate::objects::exceptions::attribute_error(),
            &format!("'{}' object has no attribute '{}'", type_of(obj).name(), self.d_name.to_string_lossy()),
        )
    }
}

/// `member_get` (`PyMember_GetOne`).
fn member_get(d: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<MemberDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let Some(obj) = obj else {
        return Ok(object::new_ref(d));
    };
    descr_check(&descr.d_name.to_string_lossy(), &descr.d_type, obj)?;
    match descr.kind {
        MemberKind::Slot(offset) => descr.slot(obj, offset).get().ok_or_else(|| descr.no_attribute(obj)),
        MemberKind::Native(m) => (m.get)(obj),
    }
}

/// `member_set` (`PyMember_SetOne`): stores or (`None`) deletes; deleting
/// an empty slot is an AttributeError, as is any write to a read-only
/// member.
fn member_set(d: &PyObject, obj: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(descr) = downcast::<MemberDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    descr_check(&descr.d_name.to_string_lossy(), &descr.d_type, obj)?;
    let offset = match descr.kind {
        MemberKind::Slot(offset) => offset,
        MemberKind::Native(GetSetDef { set: Some(set), .. }) => return set(obj, value),
        MemberKind::Native(_) => {
            return Err(errors::set_string(crate::objects::exceptions::attribute_error(), "readonly attribute"));
        }
    };
    let slot = descr.slot(obj, offset);
    match value {
        Some(v) => {
            slot.set(Some(object::new_ref(v)));
            Ok(())
        }
        None => {
            let had = object::critical_section(obj, || {
                let had = !slot.peek().is_null();
                slot.set(None);
                had
            });
            if had { Ok(()) } else { Err(descr.no_attribute(obj)) }
        }
    }
}

/// `member_repr`.
fn member_repr(d: &PyObject) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<MemberDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!(
        "<member '{}' of '{}' objects>",
        descr.d_name.to_string_lossy(),
        descr.d_type.name()
    ))
    .map(into_obj)
}

/// `member_descriptor` (`PyMemberDescr_Type`).
pub static MEMBER_DESCR_TYPE: TypeObject = TypeObject::new_static(
    "member_descriptor",
    size_of::<MemberDescrObject>(),
    object::dealloc_simple::<MemberDescrObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(MemberDescrObject {  } { d_type, d_name })),
        tp_repr: Some(member_repr),
        tp_descr_get: Some(member_get),
        tp_descr_set: Some(member_set),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&DESCR_GETSET);

// ---------------------------------------------------------------------
// `classmethod_descriptor` (`PyClassMethodDescr_Type`).

/// A builtin class method (`METH_CLASS`) in a type dict.
#[repr(C)]
pub struct ClassMethodDescrObject {
    ob_base: ObjectHeader,
    d_type: &'static TypeObject,
    d_method: &'static MethodDef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ClassMethodDescrObject {}

impl PyClass for ClassMethodDescrObject {
    fn type_object() -> &'static TypeObject {
        &CLASSMETHOD_DESCR_TYPE
    }
}

/// `PyDescr_NewClassMethod`.
pub fn new_classmethod_descr(ty: &TypeObject, m: &'static MethodDef) -> PyResult<ObjRef> {
    let d = ClassMethodDescrObject {
        ob_base: ObjectHeader::new(&CLASSMETHOD_DESCR_TYPE.head),
        d_type: static_type(ty),
        d_method: m,
    };
    object::new_object(d).map(into_obj)
}

/// `classmethod_get`: binds to the class (the instance's type when
/// reached through an instance).
fn classmethod_descr_get(d: &PyObject, obj: Option<&PyObject>, ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<ClassMethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let cls: &PyObject = match ty.filter(|t| !object::is_none(t)) {
        Some(t) => t,
        None => match obj {
            Some(o) => as_obj(type_of(o)),
            None => return Err(errors::bad_internal_call()),
        },
    };
    let Some(ct) = downcast::<TypeObject>(cls) else {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!(
                "descriptor '{}' for type '{}' needs a type, not a '{}' as arg 2",
                descr.d_method.ml_name,
                descr.d_type.name(),
                type_of(cls).name()
            ),
        ));
    };
    if !object::is(cls, as_obj(descr.d_type)) && !ct.is_subtype(descr.d_type) {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!(
                "descriptor '{}' requires a subtype of '{}' but received '{}'",
                descr.d_method.ml_name,
                descr.d_type.name(),
                ct.name()
            ),
        ));
    }
    methodobject::new_bound(descr.d_method, object::new_ref(cls))
}

/// `classmethoddescr_call`: `dict.__dict__['fromkeys'](dict, ...)` binds
/// to its first argument, a class, and calls with the rest.
fn classmethod_descr_call(d: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<ClassMethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    let Some((cls, rest)) = args.as_slice().split_first() else {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("descriptor '{}' of '{}' object needs an argument", descr.d_method.ml_name, descr.d_type.name()),
        ));
    };
    let bound = classmethod_descr_get(d, None, Some(cls))?;
    let rest: Vec<&PyObject> = rest.iter().map(|a| &**a).collect();
    crate::objects::call::call_tuple_dict(&bound, &*tupleobject::from_slice(&rest)?, kwds)
}

/// `classmethod_descriptor` repr (`method_repr`).
fn classmethod_descr_repr(d: &PyObject) -> PyResult<ObjRef> {
    let Some(descr) = downcast::<ClassMethodDescrObject>(d) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(format!("<method '{}' of '{}' objects>", descr.d_method.ml_name, descr.d_type.name()))
        .map(into_obj)
}

/// `classmethod_descriptor` (`PyClassMethodDescr_Type`).
pub static CLASSMETHOD_DESCR_TYPE: TypeObject = TypeObject::new_static(
    "classmethod_descriptor",
    size_of::<ClassMethodDescrObject>(),
    object::dealloc_simple::<ClassMethodDescrObject>,
    TypeSlots {
        tp_repr: Some(classmethod_descr_repr),
        tp_call: Some(classmethod_descr_call),
        tp_descr_get: Some(classmethod_descr_get),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&METHOD_DESCR_GETSET);

// ---------------------------------------------------------------------
// `__new__` of builtin types (`tp_new_wrapper`, typeobject.c).

/// The `__new__` method of builtin types (`tp_new_methoddef`).
static TP_NEW_DEF: MethodDef = MethodDef {
    ml_name: "__new__",
    ml_meth: MethodFn::FastCallKw(tp_new_wrapper),
    ml_doc: Some("__new__($type, *args, **kwargs)\n--\n\nCreate and return a new object.  See help(type) for accurate signature."),
};

/// `add_tp_new_wrapper`: `T.__new__` as a builtin bound to `T`.
pub fn new_tp_new_wrapper(ty: &TypeObject) -> PyResult<ObjRef> {
    methodobject::new_bound(&TP_NEW_DEF, object::new_ref(ty))
}

/// The type whose `__new__` `f` is, if `f` is a `tp_new_wrapper`.
pub fn tp_new_wrapper_owner(f: &methodobject::CFunctionObject) -> Option<&TypeObject> {
    if f.method_def().is_some_and(|d| core::ptr::eq(d, &TP_NEW_DEF)) { f.self_obj().and_then(downcast::<TypeObject>) } else { None }
}

/// `tp_new_wrapper`: `T.__new__(S, *args, **kwds)` calls `T`'s `tp_new`
/// for `S`, a subtype whose nearest static base allocates like `T`.
fn tp_new_wrapper(slf: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let type_error = |m: String| errors::set_string(crate::objects::exceptions::type_error(), &m);
    let Some(ty) = downcast::<TypeObject>(slf) else { return Err(errors::bad_internal_call()) };
    let Some((first, rest)) = args.split_first() else {
        return Err(type_error(format!("{}.__new__(): not enough arguments", ty.name())));
    };
    let Some(sub) = downcast::<TypeObject>(first) else {
        return Err(type_error(format!(
            "{}.__new__(X): X is not a type object ({})",
            ty.name(),
            type_of(first).name()
        )));
    };
    if !core::ptr::eq(sub, ty) && !sub.is_subtype(ty) {
        return Err(type_error(format!(
            "{}.__new__({}): {} is not a subtype of {}",
            ty.name(),
            sub.name(),
            sub.name(),
            ty.name()
        )));
    }
    // The nearest base of `sub` not using a Python-level __new__ must
    // allocate with `ty`'s tp_new, or the layout would not match.
    let mut staticbase = Some(sub);
    while let Some(sb) = staticbase
        && sb.slots.tp_new.get().is_some_and(slotdefs::is_slot_tp_new)
    {
        staticbase = sb.base();
    }
    if let Some(sb) = staticbase
        && let (Some(a), Some(b)) = (sb.slots.tp_new.get(), ty.slots.tp_new.get())
        && !core::ptr::fn_addr_eq(a, b)
    {
        return Err(type_error(format!(
            "{}.__new__({}) is not safe, use {}.__new__()",
            ty.name(),
            sub.name(),
            sb.name()
        )));
    }
    let Some(new) = ty.slots.tp_new.get() else { return Err(errors::bad_internal_call()) };
    let rest: Vec<&PyObject> = rest.iter().map(|a| &**a).collect();
    new(sub, &*tupleobject::from_slice(&rest)?, kwds)
}

// ---------------------------------------------------------------------
// Argument parsing for the constructors below.

/// Binds positional and keyword arguments to `names` (all optional),
/// with CPython's messages for too many, duplicate and unknown ones.
fn parse_args(fname: &str, args: &TupleObject, kwds: Option<&DictObject>, names: &[&str]) -> PyResult<Vec<Option<ObjRef>>> {
    let type_error = |m: String| errors::set_string(crate::objects::exceptions::type_error(), &m);
    let a = args.as_slice();
    let total = a.len() + kwds.map_or(0, DictObject::len);
    if total > names.len() {
        return Err(type_error(format!("{fname}() takes at most {} arguments ({total} given)", names.len())));
    }
    let mut out: Vec<Option<ObjRef>> = names.iter().enumerate().map(|(i, _)| a.get(i).cloned()).collect();
    if let Some(k) = kwds {
        for (key, v) in k.items() {
            let ks = object::str_lossy(&key);
            let Some(i) = names.iter().position(|n| *n == ks) else {
                return Err(type_error(format!("{fname}() got an unexpected keyword argument '{ks}'")));
            };
            if out[i].is_some() {
                return Err(type_error(format!(
                    "argument for {fname}() given by name ('{ks}') and position ({})",
                    i + 1
                )));
            }
            out[i] = Some(v);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------
// `property` (descrobject.c).

/// A `property` (`propertyobject`).
#[repr(C)]
pub struct PropertyObject {
    ob_base: ObjectHeader,
    prop_get: ObjSlot,
    prop_set: ObjSlot,
    prop_del: ObjSlot,
    prop_doc: ObjSlot,
    prop_name: ObjSlot,
    getter_doc: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for PropertyObject {}

impl PyClass for PropertyObject {
    fn type_object() -> &'static TypeObject {
        &PROPERTY_TYPE
    }
}

fn prop_of(v: &PyObject) -> PyResult<&PropertyObject> {
    downcast::<PropertyObject>(v).ok_or_else(errors::bad_internal_call)
}

/// Treats `None` as absent.
fn not_none(v: Option<ObjRef>) -> Option<ObjRef> {
    v.filter(|o| !object::is_none(o))
}

/// `property.__new__`: an empty property of `ty`'s layout.
fn property_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: PropertyObject's fields after the header are ObjSlots
    // (empty when zeroed) and an AtomicBool (false).
    unsafe { typeobject::heaptype::generic_alloc::<PropertyObject>(ty) }.map(into_obj)
}

/// `property_init_impl`: `property(fget=None, fset=None, fdel=None,
/// doc=None)`; the getter's docstring is used when `doc` is absent.
fn property_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let p = prop_of(v)?;
    let mut a = parse_args("property", args, kwds, &["fget", "fset", "fdel", "doc"])?.into_iter();
    let (fget, fset, fdel, doc) = (not_none(a.next().flatten()), not_none(a.next().flatten()), not_none(a.next().flatten()), not_none(a.next().flatten()));
    let mut getter_doc = false;
    let doc = match (doc, &fget) {
        (Some(d), _) => Some(d),
        (None, Some(g)) => match object::get_attr_str(g, "__doc__") {
            Ok(d) => {
                getter_doc = true;
                not_none(Some(d))
            }
            Err(e) if errors::exception_matches(crate::objects::exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
                None
            }
            Err(e) => return Err(e),
        },
        (None, None) => None,
    };
    let name = match &fget {
        Some(g) => match object::get_attr_str(g, "__name__") {
            Ok(n) => Some(n),
            Err(e) if errors::exception_matches(crate::objects::exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    p.prop_get.set(fget);
    p.prop_set.set(fset);
    p.prop_del.set(fdel);
    p.prop_doc.set(doc);
    p.prop_name.set(name);
    p.getter_doc.store(getter_doc, core::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// The `property 'x' of 'T' object has no getter` family of errors.
fn property_error(p: &PropertyObject, obj: &PyObject, what: &str) -> errors::ErrSet {
    let msg = match p.prop_name.get() {
        Some(n) => format!("property '{}' of '{}' object has no {what}", object::str_lossy(&n), type_of(obj).name()),
        None => format!("property of '{}' object has no {what}", type_of(obj).name()),
    };
    errors::set_string(crate::objects::exceptions::attribute_error(), &msg)
}

/// `property_descr_get`.
fn property_descr_get(v: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let p = prop_of(v)?;
    let Some(obj) = obj else {
        return Ok(object::new_ref(v));
    };
    match p.prop_get.get() {
        Some(g) => object::call(&g, &[obj]),
        None => Err(property_error(p, obj, "getter")),
    }
}

/// `property_descr_set`.
fn property_descr_set(v: &PyObject, obj: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let p = prop_of(v)?;
    match value {
        Some(val) => match p.prop_set.get() {
            Some(f) => object::call(&f, &[obj, val]).map(drop),
            None => Err(property_error(p, obj, "setter")),
        },
        None => match p.prop_del.get() {
            Some(f) => object::call(&f, &[obj]).map(drop),
            None => Err(property_error(p, obj, "deleter")),
        },
    }
}

/// `property_copy`: `type(self)(fget, fset, fdel, doc)` with one
/// accessor replaced; the name carries over.
fn property_copy(v: &PyObject, get: Option<&PyObject>, set: Option<&PyObject>, del: Option<&PyObject>) -> PyResult<ObjRef> {
    let p = prop_of(v)?;
    let pick = |new: Option<&PyObject>, old: &ObjSlot| new.map(object::new_ref).or_else(|| old.get()).unwrap_or_else(object::none);
    let g = pick(get, &p.prop_get);
    let s = pick(set, &p.prop_set);
    let d = pick(del, &p.prop_del);
    let doc = if p.getter_doc.load(core::sync::atomic::Ordering::Relaxed) && !object::is_none(&g) {
        object::none()
    } else {
        p.prop_doc.get().unwrap_or_else(object::none)
    };
    let new = object::call(as_obj(type_of(v)), &[&g, &s, &d, &doc])?;
    if let Some(np) = downcast::<PropertyObject>(&new) {
        np.prop_name.set(p.prop_name.get());
    }
    Ok(new)
}

fn property_getter(v: &PyObject, f: &PyObject) -> PyResult<ObjRef> {
    property_copy(v, Some(f), None, None)
}

fn property_setter(v: &PyObject, f: &PyObject) -> PyResult<ObjRef> {
    property_copy(v, None, Some(f), None)
}

fn property_deleter(v: &PyObject, f: &PyObject) -> PyResult<ObjRef> {
    property_copy(v, None, None, Some(f))
}

/// `property.__set_name__(owner, name)`.
fn property_set_name(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() != 2 {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("__set_name__() takes 2 positional arguments but {} were given", args.len()),
        ));
    }
    prop_of(v)?.prop_name.set(Some(args[1].clone()));
    Ok(object::none())
}

fn property_get_fget(v: &PyObject) -> PyResult<ObjRef> {
    Ok(prop_of(v)?.prop_get.get().unwrap_or_else(object::none))
}

fn property_get_fset(v: &PyObject) -> PyResult<ObjRef> {
    Ok(prop_of(v)?.prop_set.get().unwrap_or_else(object::none))
}

fn property_get_fdel(v: &PyObject) -> PyResult<ObjRef> {
    Ok(prop_of(v)?.prop_del.get().unwrap_or_else(object::none))
}

fn property_get_doc(v: &PyObject) -> PyResult<ObjRef> {
    Ok(prop_of(v)?.prop_doc.get().unwrap_or_else(object::none))
}

fn property_set_doc(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    prop_of(v)?.prop_doc.set(value.map(object::new_ref));
    Ok(())
}

/// `property_get__name__`.
fn property_get_name(v: &PyObject) -> PyResult<ObjRef> {
    let p = prop_of(v)?;
    if let Some(n) = p.prop_name.get() {
        return Ok(n);
    }
    Err(errors::set_string(
        crate::objects::exceptions::attribute_error(),
        &format!("'{}' object has no attribute '__name__'", type_of(v).name()),
    ))
}

fn property_set_name_attr(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    prop_of(v)?.prop_name.set(value.map(object::new_ref));
    Ok(())
}

static PROPERTY_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "getter", ml_meth: MethodFn::O(property_getter), ml_doc: Some("getter($self, object, /)\n--\n\nDescriptor to obtain a copy of the property with a different getter.") },
    MethodDef { ml_name: "setter", ml_meth: MethodFn::O(property_setter), ml_doc: Some("setter($self, object, /)\n--\n\nDescriptor to obtain a copy of the property with a different setter.") },
    MethodDef { ml_name: "deleter", ml_meth: MethodFn::O(property_deleter), ml_doc: Some("deleter($self, object, /)\n--\n\nDescriptor to obtain a copy of the property with a different deleter.") },
    MethodDef { ml_name: "__set_name__", ml_meth: MethodFn::FastCall(property_set_name), ml_doc: Some("__set_name__($self, owner, name, /)\n--\n\nMethod to set name of a property.") },
];

/// `_PyObject_IsAbstract`: `obj.__isabstractmethod__` as a truth value,
/// false when the attribute is missing.
pub fn is_abstract(obj: &PyObject) -> PyResult<bool> {
    match object::get_attr_str(obj, "__isabstractmethod__") {
        Ok(v) => object::is_true(&v),
        Err(e) => {
            if !errors::exception_matches(crate::objects::exceptions::attribute_error()) {
                return Err(e);
            }
            drop(e);
            errors::clear();
            Ok(false)
        }
    }
}

/// `property_get___isabstractmethod__`: whether an accessor is abstract.
fn property_get_isabstractmethod(v: &PyObject) -> PyResult<ObjRef> {
    let p = prop_of(v)?;
    for f in [&p.prop_get, &p.prop_set, &p.prop_del] {
        if let Some(f) = f.get()
            && is_abstract(&f)?
        {
            return Ok(crate::objects::boolobject::from_bool(true));
        }
    }
    Ok(crate::objects::boolobject::from_bool(false))
}

static PROPERTY_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "fget", get: property_get_fget, set: None, doc: None },
    GetSetDef { name: "fset", get: property_get_fset, set: None, doc: None },
    GetSetDef { name: "fdel", get: property_get_fdel, set: None, doc: None },
    GetSetDef { name: "__doc__", get: property_get_doc, set: Some(property_set_doc), doc: None },
    GetSetDef { name: "__name__", get: property_get_name, set: Some(property_set_name_attr), doc: None },
    GetSetDef { name: "__isabstractmethod__", get: property_get_isabstractmethod, set: None, doc: None },
];

/// `property` (`PyProperty_Type`).
pub static PROPERTY_TYPE: TypeObject = TypeObject::new_static(
    "property",
    size_of::<PropertyObject>(),
    object::dealloc_simple::<PropertyObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(PropertyObject { prop_get, prop_set, prop_del, prop_doc, prop_name } {  })),
        tp_clear: Some(crate::clear_fields!(PropertyObject { prop_get, prop_set, prop_del, prop_doc, prop_name })),
        tp_descr_get: Some(property_descr_get),
        tp_descr_set: Some(property_descr_set),
        tp_init: Some(property_init),
        tp_new: Some(property_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&PROPERTY_METHODS)
.with_getset(&PROPERTY_GETSET)
.with_doc("property(fget=None, fset=None, fdel=None, doc=None)\n--\n\nProperty attribute.\n\n  fget\n    function to be used for getting an attribute value\n  fset\n    function to be used for setting an attribute value\n  fdel\n    function to be used for del'ing an attribute\n  doc\n    docstring\n\nTypical use is to define a managed attribute x:\n\nclass C(object):\n    def getx(self): return self._x\n    def setx(self, value): self._x = value\n    def delx(self): del self._x\n    x = property(getx, setx, delx, \"I'm the 'x' property.\")\n\nDecorators make defining new properties or modifying existing ones easy:\n\nclass C(object):\n    @property\n    def x(self):\n        \"I am the 'x' property.\"\n        return self._x\n    @x.setter\n    def x(self, value):\n        self._x = value\n    @x.deleter\n    def x(self):\n        del self._x");

// ---------------------------------------------------------------------
// `classmethod` and `staticmethod` (Objects/funcobject.c; kept here so
// the function object's file stays the evaluation loop's).

/// A `classmethod` or `staticmethod` (`classmethod` / `staticmethod`
/// structs of funcobject.c: the callable and an attribute dict).
#[repr(C)]
pub struct WrappedCallableObject {
    ob_base: ObjectHeader,
    /// `cm_callable` / `sm_callable`.
    callable: ObjSlot,
    /// `cm_dict` / `sm_dict`.
    dict: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for WrappedCallableObject {}

fn wrapped_of(v: &PyObject) -> PyResult<&WrappedCallableObject> {
    if object::type_check(v, &CLASSMETHOD_TYPE) || object::type_check(v, &STATICMETHOD_TYPE) {
        // SAFETY: both types (and their subclasses) have this layout.
        return Ok(unsafe { &*core::ptr::from_ref(v).cast::<WrappedCallableObject>() });
    }
    Err(errors::bad_internal_call())
}

fn wrapped_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: the fields after the header are ObjSlots (empty when zeroed).
    unsafe { typeobject::heaptype::generic_alloc::<WrappedCallableObject>(ty) }.map(into_obj)
}

/// `cm_init` / `sm_init`: one positional argument; copies the wrapped
/// callable's `__module__`, `__name__`, `__qualname__` and `__doc__`
/// (`functools_wraps`).
fn wrapped_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let name = type_of(v).name().to_owned();
    let w = wrapped_of(v)?;
    let kind = if object::type_check(v, &CLASSMETHOD_TYPE) { "classmethod" } else { "staticmethod" };
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("{name}() takes no keyword arguments"),
        ));
    }
    if args.len() != 1 {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("{kind} expected 1 argument, got {}", args.len()),
        ));
    }
    let callable = &args.as_slice()[0];
    w.callable.set(Some(callable.clone()));
    for attr in ["__module__", "__name__", "__qualname__", "__doc__"] {
        match object::get_attr_str(callable, attr) {
            Ok(value) => object::set_attr(v, &*unicodeobject::intern_str(attr)?, Some(&value))?,
            Err(e) if errors::exception_matches(crate::objects::exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `cm_descr_get`: binds the callable to the class.
fn cm_descr_get(v: &PyObject, obj: Option<&PyObject>, ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let w = wrapped_of(v)?;
    let cls: &PyObject = match (ty.filter(|t| !object::is_none(t)), obj) {
        (Some(t), _) => t,
        (None, Some(o)) => as_obj(type_of(o)),
        (None, None) => return Err(errors::bad_internal_call()),
    };
    let Some(f) = w.callable.get() else {
        return Err(errors::set_string(crate::objects::exceptions::runtime_error(), "uninitialized classmethod object"));
    };
    crate::objects::classobject::new_method(&f, cls)
}

/// `sm_descr_get`: the callable itself.
fn sm_descr_get(v: &PyObject, _obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    wrapped_of(v)?.callable.get().ok_or_else(|| {
        errors::set_string(crate::objects::exceptions::runtime_error(), "uninitialized staticmethod object")
    })
}

/// `sm_call`: a staticmethod is callable like its function.
fn sm_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let f = sm_descr_get(v, None, None)?;
    typeobject::slotdefs::call_object(&f, args, kwds)
}

fn wrapped_repr(v: &PyObject) -> PyResult<ObjRef> {
    let w = wrapped_of(v)?;
    let inner = match w.callable.get() {
        Some(c) => object::repr(&c)?.to_string_lossy(),
        None => "NULL".to_owned(),
    };
    unicodeobject::from_string(format!("<{}({inner})>", type_of(v).name())).map(into_obj)
}

fn wrapped_get_func(v: &PyObject) -> PyResult<ObjRef> {
    Ok(wrapped_of(v)?.callable.get().unwrap_or_else(object::none))
}

/// `cm_get___isabstractmethod__` / `sm_get___isabstractmethod__`.
fn wrapped_get_isabstractmethod(v: &PyObject) -> PyResult<ObjRef> {
    let abstract_ = match wrapped_of(v)?.callable.get() {
        Some(c) => is_abstract(&c)?,
        None => false,
    };
    Ok(crate::objects::boolobject::from_bool(abstract_))
}

/// `descriptor_get_wrapped_attribute`: the attribute `name` from the
/// descriptor's dict, else from the wrapped callable (then kept in the
/// dict).
fn wrapped_get_attribute(v: &PyObject, name: &str) -> PyResult<ObjRef> {
    let w = wrapped_of(v)?;
    let dict = object::instance_dict(v)?.ok_or_else(errors::bad_internal_call)?;
    let dict = downcast::<DictObject>(&dict).ok_or_else(errors::bad_internal_call)?;
    let key = unicodeobject::intern_str(name)?;
    if let Some(r) = dict.get_item(&key)? {
        return Ok(r);
    }
    let callable = w.callable.get().ok_or_else(errors::bad_internal_call)?;
    let r = object::get_attr(&callable, &key)?;
    dict.set_item(&key, &r)?;
    Ok(r)
}

/// `descriptor_set_wrapped_attribute`: sets or deletes `name` in the
/// descriptor's dict.
fn wrapped_set_attribute(v: &PyObject, name: &str, value: Option<&PyObject>) -> PyResult<()> {
    let dict = object::instance_dict(v)?.ok_or_else(errors::bad_internal_call)?;
    let dict = downcast::<DictObject>(&dict).ok_or_else(errors::bad_internal_call)?;
    let key = unicodeobject::intern_str(name)?;
    match value {
        Some(val) => dict.set_item(&key, val),
        None => {
            if dict.pop_item(&key)?.is_none() {
                return Err(errors::set_string(
                    crate::objects::exceptions::attribute_error(),
                    &format!("'{}' object has no attribute '{name}'", type_of(v).name()),
                ));
            }
            Ok(())
        }
    }
}

fn wrapped_get_annotations(v: &PyObject) -> PyResult<ObjRef> {
    wrapped_get_attribute(v, "__annotations__")
}

fn wrapped_set_annotations(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    wrapped_set_attribute(v, "__annotations__", value)
}

fn wrapped_get_annotate(v: &PyObject) -> PyResult<ObjRef> {
    wrapped_get_attribute(v, "__annotate__")
}

fn wrapped_set_annotate(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    wrapped_set_attribute(v, "__annotate__", value)
}

fn wrapped_get_dict(v: &PyObject) -> PyResult<ObjRef> {
    object::instance_dict(v)?.ok_or_else(errors::bad_internal_call)
}

static WRAPPED_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "__dict__", get: wrapped_get_dict, set: None, doc: None },
    GetSetDef { name: "__annotations__", get: wrapped_get_annotations, set: Some(wrapped_set_annotations), doc: None },
    GetSetDef { name: "__annotate__", get: wrapped_get_annotate, set: Some(wrapped_set_annotate), doc: None },
    GetSetDef { name: "__func__", get: wrapped_get_func, set: None, doc: None },
    GetSetDef { name: "__wrapped__", get: wrapped_get_func, set: None, doc: None },
    GetSetDef { name: "__isabstractmethod__", get: wrapped_get_isabstractmethod, set: None, doc: None },
];

/// `classmethod` (`PyClassMethod_Type`).
pub static CLASSMETHOD_TYPE: TypeObject = TypeObject::new_static(
    "classmethod",
    size_of::<WrappedCallableObject>(),
    object::dealloc_simple::<WrappedCallableObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(WrappedCallableObject { callable, dict } {  })),
        tp_clear: Some(crate::clear_fields!(WrappedCallableObject { callable, dict })),
        tp_repr: Some(wrapped_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_descr_get: Some(cm_descr_get),
        tp_init: Some(wrapped_init),
        tp_new: Some(wrapped_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_getset(&WRAPPED_GETSET)
.with_dictoffset(core::mem::offset_of!(WrappedCallableObject, dict))
.with_doc("classmethod(function, /)\n--\n\nConvert a function to be a class method.\n\nA class method receives the class as implicit first argument,\njust like an instance method receives the instance.\nTo declare a class method, use this idiom:\n\n  class C:\n      @classmethod\n      def f(cls, arg1, arg2, argN):\n          ...\n\nIt can be called either on the class (e.g. C.f()) or on an instance\n(e.g. C().f()).  The instance is ignored except for its class.\nIf a class method is called for a derived class, the derived class\nobject is passed as the implied first argument.\n\nClass methods are different than C++ or Java static methods.\nIf you want those, see the staticmethod builtin.");

/// `staticmethod` (`PyStaticMethod_Type`).
pub static STATICMETHOD_TYPE: TypeObject = TypeObject::new_static(
    "staticmethod",
    size_of::<WrappedCallableObject>(),
    object::dealloc_simple::<WrappedCallableObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(WrappedCallableObject { callable, dict } {  })),
        tp_clear: Some(crate::clear_fields!(WrappedCallableObject { callable, dict })),
        tp_repr: Some(wrapped_repr),
        tp_call: Some(sm_call),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_descr_get: Some(sm_descr_get),
        tp_init: Some(wrapped_init),
        tp_new: Some(wrapped_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_getset(&WRAPPED_GETSET)
.with_dictoffset(core::mem::offset_of!(WrappedCallableObject, dict))
.with_doc("staticmethod(function, /)\n--\n\nConvert a function to be a static method.\n\nA static method does not receive an implicit first argument.\nTo declare a static method, use this idiom:\n\n     class C:\n         @staticmethod\n         def f(arg1, arg2, argN):\n             ...\n\nIt can be called either on the class (e.g. C.f()) or on an instance\n(e.g. C().f()). Both the class and the instance are ignored, and\nneither is passed implicitly as the first argument to the method.\n\nStatic methods in Python are similar to those found in Java or C++.\nFor a more advanced concept, see the classmethod builtin.");

/// `PyClassMethod_New`.
pub fn new_classmethod(f: &PyObject) -> PyResult<ObjRef> {
    object::call(as_obj(&CLASSMETHOD_TYPE), &[f])
}

/// `PyStaticMethod_New`.
pub fn new_staticmethod(f: &PyObject) -> PyResult<ObjRef> {
    object::call(as_obj(&STATICMETHOD_TYPE), &[f])
}

// ---------------------------------------------------------------------
// Introspection attributes of the descriptors (`descr_members`,
// `descr_get_qualname`, `method_get_doc`, `wrapper_getsets`).

fn str_obj(s: &str) -> PyResult<ObjRef> {
    unicodeobject::from_str(s).map(into_obj)
}

/// The end of the signature in an internal docstring (`name(...)`,
/// this marker, then the documentation).
const SIGNATURE_END_MARKER: &str = ")\n--\n\n";

/// `find_signature` and `skip_signature`: the `(...)` signature at the
/// start of `doc` (after `name`, without its module or class prefix) and
/// the documentation after it, if `doc` starts with one.
fn split_internal_doc<'a>(name: &str, doc: &'a str) -> Option<(&'a str, &'a str)> {
    let name = name.rsplit('.').next().unwrap_or(name);
    let rest = doc.strip_prefix(name)?;
    if !rest.starts_with('(') {
        return None;
    }
    let end = rest.find(SIGNATURE_END_MARKER)?;
    if rest[..end].contains("\n\n") {
        return None;
    }
    Some((&rest[..=end], &rest[end + SIGNATURE_END_MARKER.len()..]))
}

/// `_PyType_GetDocFromInternalDoc`: the docstring without its signature
/// line; `None` when empty.
pub fn doc_from_internal_doc(name: &str, doc: Option<&str>) -> PyResult<ObjRef> {
    let Some(doc) = doc else { return Ok(object::none()) };
    let text = split_internal_doc(name, doc).map_or(doc, |(_, d)| d);
    if text.is_empty() {
        return Ok(object::none());
    }
    str_obj(text)
}

/// `_PyType_GetTextSignatureFromInternalDoc`: the `(...)` signature of
/// an internal docstring, else the one `implied` by the calling
/// convention ([`MethodDef::signature_from_flags`]), else `None`.
pub fn text_signature_from_internal_doc(name: &str, doc: Option<&str>, implied: Option<&str>) -> PyResult<ObjRef> {
    match doc.and_then(|d| split_internal_doc(name, d)).map(|(sig, _)| sig).or(implied) {
        Some(sig) => str_obj(sig),
        None => Ok(object::none()),
    }
}

fn doc_obj(doc: Option<&str>) -> PyResult<ObjRef> {
    match doc {
        Some(d) => str_obj(d),
        None => Ok(object::none()),
    }
}

/// The owner type and name of a descriptor object.
fn descr_parts(d: &PyObject) -> PyResult<(&TypeObject, String, Option<&'static str>)> {
    if let Some(x) = downcast::<MethodDescrObject>(d) {
        return Ok((x.d_type, x.d_method.ml_name.to_owned(), x.d_method.ml_doc));
    }
    if let Some(x) = downcast::<ClassMethodDescrObject>(d) {
        return Ok((x.d_type, x.d_method.ml_name.to_owned(), x.d_method.ml_doc));
    }
    if let Some(x) = downcast::<GetSetDescrObject>(d) {
        return Ok((&x.d_type, x.d_getset.name.to_owned(), x.d_getset.doc));
    }
    if let Some(x) = downcast::<MemberDescrObject>(d) {
        let doc = match x.kind {
            MemberKind::Native(m) => m.doc,
            MemberKind::Slot(_) => None,
        };
        return Ok((&x.d_type, x.d_name.to_string_lossy(), doc));
    }
    if let Some(x) = downcast::<WrapperDescrObject>(d) {
        return Ok((&x.d_type, x.d_base.name.text().to_owned(), x.d_base.doc()));
    }
    if let Some(x) = downcast::<MethodWrapperObject>(d) {
        return Ok((&x.descr.d_type, x.descr.d_base.name.text().to_owned(), x.descr.d_base.doc()));
    }
    Err(errors::bad_internal_call())
}

fn descr_get_name(d: &PyObject) -> PyResult<ObjRef> {
    str_obj(&descr_parts(d)?.1)
}

/// `descr_get_qualname`: `Type.name`.
fn descr_get_qualname(d: &PyObject) -> PyResult<ObjRef> {
    let (ty, name, _) = descr_parts(d)?;
    let tq = object::get_attr_str(as_obj(ty), "__qualname__")?;
    str_obj(&format!("{}.{name}", object::str_lossy(&tq)))
}

fn descr_get_objclass(d: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(as_obj(descr_parts(d)?.0)))
}

fn descr_get_doc(d: &PyObject) -> PyResult<ObjRef> {
    let (_, name, doc) = descr_parts(d)?;
    if downcast::<MethodDescrObject>(d).is_some()
        || downcast::<ClassMethodDescrObject>(d).is_some()
        || downcast::<WrapperDescrObject>(d).is_some()
        || downcast::<MethodWrapperObject>(d).is_some()
    {
        return doc_from_internal_doc(&name, doc);
    }
    doc_obj(doc)
}

/// `method_get_text_signature` (also `wrapperdescr_get_text_signature`
/// and `wrapper_text_signature`).
fn descr_get_text_signature(d: &PyObject) -> PyResult<ObjRef> {
    let (_, name, doc) = descr_parts(d)?;
    let method = match (downcast::<MethodDescrObject>(d), downcast::<ClassMethodDescrObject>(d)) {
        (Some(x), _) => Some(x.d_method),
        (_, Some(x)) => Some(x.d_method),
        _ => None,
    };
    text_signature_from_internal_doc(&name, doc, method.and_then(MethodDef::signature_from_flags))
}

static METHOD_DESCR_GETSET: [GetSetDef; 5] = [
    GetSetDef { name: "__name__", get: descr_get_name, set: None, doc: None },
    GetSetDef { name: "__qualname__", get: descr_get_qualname, set: None, doc: None },
    GetSetDef { name: "__objclass__", get: descr_get_objclass, set: None, doc: None },
    GetSetDef { name: "__doc__", get: descr_get_doc, set: None, doc: None },
    GetSetDef { name: "__text_signature__", get: descr_get_text_signature, set: None, doc: None },
];

/// `wrapper_self`: the instance a method-wrapper is bound to.
fn method_wrapper_get_self(v: &PyObject) -> PyResult<ObjRef> {
    let Some(w) = downcast::<MethodWrapperObject>(v) else { return Err(errors::bad_internal_call()) };
    Ok(w.slf.clone())
}

static DESCR_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "__name__", get: descr_get_name, set: None, doc: None },
    GetSetDef { name: "__qualname__", get: descr_get_qualname, set: None, doc: None },
    GetSetDef { name: "__objclass__", get: descr_get_objclass, set: None, doc: None },
    GetSetDef { name: "__doc__", get: descr_get_doc, set: None, doc: None },
];

static METHOD_WRAPPER_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "__name__", get: descr_get_name, set: None, doc: None },
    GetSetDef { name: "__qualname__", get: descr_get_qualname, set: None, doc: None },
    GetSetDef { name: "__objclass__", get: descr_get_objclass, set: None, doc: None },
    GetSetDef { name: "__doc__", get: descr_get_doc, set: None, doc: None },
    GetSetDef { name: "__text_signature__", get: descr_get_text_signature, set: None, doc: None },
    GetSetDef { name: "__self__", get: method_wrapper_get_self, set: None, doc: None },
];

// ---------------------------------------------------------------------
// mappingproxy (`PyDictProxy_Type`): a read-only view of a mapping, what
// `type.__dict__` and `types.MappingProxyType(m)` give.

/// A `mappingproxy` (`mappingproxyobject`).
#[repr(C)]
pub struct MappingProxyObject {
    ob_base: ObjectHeader,
    /// The mapping shown (never replaced).
    mapping: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MappingProxyObject {}

impl PyClass for MappingProxyObject {
    fn type_object() -> &'static TypeObject {
        &MAPPINGPROXY_TYPE
    }
}

/// `PyDictProxy_New`: a proxy of `mapping` (checked by the caller).
pub fn new_mappingproxy(mapping: &PyObject) -> PyResult<ObjRef> {
    object::new_object(MappingProxyObject {
        ob_base: ObjectHeader::new(&MAPPINGPROXY_TYPE.head),
        mapping: object::new_ref(mapping),
    })
    .map(into_obj)
}

fn proxied(v: &PyObject) -> PyResult<&PyObject> {
    downcast::<MappingProxyObject>(v).map(|p| &*p.mapping).ok_or_else(errors::bad_internal_call)
}

/// `mappingproxy_new`: `mappingproxy(mapping)`; lists and tuples are
/// refused although they have `__getitem__` (`mappingproxy_check_mapping`).
fn mappingproxy_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut mapping = args.as_slice().first().cloned();
    for (k, v) in kwds.map(DictObject::items).unwrap_or_default() {
        if object::str_lossy(&k) == "mapping" && mapping.is_none() {
            mapping = Some(v);
        } else {
            return Err(type_error(&format!(
                "mappingproxy() got an unexpected keyword argument '{}'",
                object::str_lossy(&k)
            )));
        }
    }
    let nargs = args.len() + kwds.map_or(0, DictObject::len);
    let Some(m) = mapping.filter(|_| nargs == 1) else {
        return Err(type_error(&format!("mappingproxy() takes exactly one argument ({nargs} given)")));
    };
    let ty = type_of(&m);
    let list_or_tuple = downcast::<crate::objects::listobject::ListObject>(&m).is_some() || downcast::<TupleObject>(&m).is_some();
    if ty.slots.mp_subscript.get().is_none() || list_or_tuple {
        return Err(type_error(&format!("mappingproxy() argument must be a mapping, not {}", ty.name())));
    }
    new_mappingproxy(&m)
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(crate::objects::exceptions::type_error(), msg)
}

fn mappingproxy_len(v: &PyObject) -> PyResult<isize> {
    crate::objects::r#abstract::size(proxied(v)?)
}

fn mappingproxy_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_item(proxied(v)?, key)
}

fn mappingproxy_contains(v: &PyObject, key: &PyObject) -> PyResult<bool> {
    crate::objects::r#abstract::contains(proxied(v)?, key)
}

fn mappingproxy_iter(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_iter(proxied(v)?)
}

/// `mappingproxy_repr`: `mappingproxy({...})`.
fn mappingproxy_repr(v: &PyObject) -> PyResult<ObjRef> {
    let inner = object::repr(proxied(v)?)?;
    unicodeobject::from_string(format!("mappingproxy({})", inner.to_string_lossy())).map(into_obj)
}

fn mappingproxy_str(v: &PyObject) -> PyResult<ObjRef> {
    object::str(proxied(v)?).map(into_obj)
}

fn mappingproxy_hash(v: &PyObject) -> PyResult<isize> {
    object::hash(proxied(v)?)
}

fn mappingproxy_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    object::rich_compare(proxied(v)?, w, op)
}

/// `mappingproxy_or`: `|` on the proxied mappings.
fn mappingproxy_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let unwrap = |o: &PyObject| downcast::<MappingProxyObject>(o).map_or_else(|| object::new_ref(o), |p| p.mapping.clone());
    crate::objects::r#abstract::or(&unwrap(v), &unwrap(w))
}

fn mappingproxy_ior(v: &PyObject, _w: &PyObject) -> PyResult<ObjRef> {
    Err(type_error(&format!("'|=' is not supported by {}; use '|' instead", type_of(v).name())))
}

/// `mapping.<name>(*args)`: the methods a proxy forwards.
fn forward(v: &PyObject, name: &str, args: &[&PyObject]) -> PyResult<ObjRef> {
    let f = object::get_attr_str(proxied(v)?, name)?;
    object::call(&f, args)
}

fn mappingproxy_get(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args {
        [k] => forward(v, "get", &[k]),
        [k, d] => forward(v, "get", &[k, d]),
        _ => Err(type_error(&format!("get expected at most 2 arguments, got {}", args.len()))),
    }
}

fn mappingproxy_keys(v: &PyObject) -> PyResult<ObjRef> {
    forward(v, "keys", &[])
}

fn mappingproxy_values(v: &PyObject) -> PyResult<ObjRef> {
    forward(v, "values", &[])
}

fn mappingproxy_items(v: &PyObject) -> PyResult<ObjRef> {
    forward(v, "items", &[])
}

fn mappingproxy_copy(v: &PyObject) -> PyResult<ObjRef> {
    forward(v, "copy", &[])
}

fn mappingproxy_reversed(v: &PyObject) -> PyResult<ObjRef> {
    let reversed = crate::builtins::introspect::get_builtin("reversed")?;
    object::call(&reversed, &[proxied(v)?])
}

static MAPPINGPROXY_METHODS: [MethodDef; 7] = [
    MethodDef { ml_name: "get", ml_meth: MethodFn::FastCall(mappingproxy_get), ml_doc: None },
    MethodDef { ml_name: "keys", ml_meth: MethodFn::NoArgs(mappingproxy_keys), ml_doc: None },
    MethodDef { ml_name: "values", ml_meth: MethodFn::NoArgs(mappingproxy_values), ml_doc: None },
    MethodDef { ml_name: "items", ml_meth: MethodFn::NoArgs(mappingproxy_items), ml_doc: None },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(mappingproxy_copy), ml_doc: None },
    MethodDef { ml_name: "__reversed__", ml_meth: MethodFn::NoArgs(mappingproxy_reversed), ml_doc: None },
    crate::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

/// `mappingproxy` (`PyDictProxy_Type`).
pub static MAPPINGPROXY_TYPE: TypeObject = TypeObject::new_static(
    "mappingproxy",
    size_of::<MappingProxyObject>(),
    object::dealloc_simple::<MappingProxyObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(MappingProxyObject {  } { mapping })),
        tp_repr: Some(mappingproxy_repr),
        tp_str: Some(mappingproxy_str),
        tp_hash: Some(mappingproxy_hash),
        tp_richcompare: Some(mappingproxy_richcompare),
        tp_iter: Some(mappingproxy_iter),
        tp_new: Some(mappingproxy_new),
        nb_or: Some(mappingproxy_or),
        nb_inplace_or: Some(mappingproxy_ior),
        sq_contains: Some(mappingproxy_contains),
        mp_length: Some(mappingproxy_len),
        mp_subscript: Some(mappingproxy_getitem),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::MAPPING)
.with_methods(&MAPPINGPROXY_METHODS);
