//! `super`, ported from Objects/typeobject.c (`superobject`, `super_new`,
//! `super_init`, `super_init_impl`, `supercheck`, `super_getattro`,
//! `do_super_lookup`, `super_repr`, `super_descr_get`). The zero-argument
//! form reads the calling frame, which only the evaluation loop can do:
//! it calls [`new_super_zero_arg`] with the frame's first argument and
//! its `__class__` cell contents.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags, heaptype};
use crate::objects::{exceptions, unicodeobject};

/// A `super` object (`superobject`).
#[repr(C)]
pub struct SuperObject {
    ob_base: ObjectHeader,
    /// `type`: the class after which the MRO search starts.
    ty: ObjSlot,
    /// `obj`: the bound instance or class, if any.
    obj: ObjSlot,
    /// `obj_type`: the type whose MRO is searched.
    obj_type: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SuperObject {}

impl PyClass for SuperObject {
    fn type_object() -> &'static TypeObject {
        &SUPER_TYPE
    }
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `supercheck`: the type whose MRO `super(ty, obj)` searches.
fn supercheck(ty: &TypeObject, obj: &PyObject) -> PyResult<ObjRef> {
    if let Some(ot) = downcast::<TypeObject>(obj)
        && (core::ptr::eq(ot, ty) || ot.is_subtype(ty))
    {
        return Ok(object::new_ref(obj));
    }
    let t = type_of(obj);
    if core::ptr::eq(t, ty) || t.is_subtype(ty) {
        return Ok(object::new_ref(t));
    }
    // A proxy may claim another class through `__class__`.
    match object::get_attr_str(obj, "__class__") {
        Ok(c) => {
            if let Some(ct) = downcast::<TypeObject>(&c)
                && !core::ptr::eq(ct, t)
                && (core::ptr::eq(ct, ty) || ct.is_subtype(ty))
            {
                return Ok(c);
            }
        }
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
        }
        Err(e) => return Err(e),
    }
    let what = if downcast::<TypeObject>(obj).is_some() { "type" } else { "instance of" };
    let oname = downcast::<TypeObject>(obj).map_or_else(|| t.name().to_owned(), |o| o.name().to_owned());
    Err(type_error(&format!(
        "super(type, obj): obj ({what} {oname}) is not an instance or subtype of type ({}).",
        ty.name()
    )))
}

/// Fills a `super` object (`super_init_impl`).
fn super_fill(s: &SuperObject, ty: &PyObject, obj: Option<&PyObject>) -> PyResult<()> {
    let Some(t) = downcast::<TypeObject>(ty) else {
        return Err(type_error(&format!("super() argument 1 must be a type, not {}", type_of(ty).name())));
    };
    let obj = obj.filter(|o| !object::is_none(o));
    let obj_type = match obj {
        Some(o) => Some(supercheck(t, o)?),
        None => None,
    };
    s.ty.set(Some(object::new_ref(ty)));
    s.obj.set(obj.map(object::new_ref));
    s.obj_type.set(obj_type);
    Ok(())
}

fn alloc_super(ty: &TypeObject) -> PyResult<rupy_gc::PyRef<SuperObject>> {
    // SAFETY: SuperObject's fields after the header are ObjSlots, empty
    // when zeroed.
    unsafe { heaptype::generic_alloc::<SuperObject>(ty) }
}

/// `super(ty, obj)` (two-argument form).
pub fn new_super(ty: &TypeObject, obj: &PyObject) -> PyResult<ObjRef> {
    let s = alloc_super(&SUPER_TYPE)?;
    super_fill(&s, as_obj(ty), Some(obj))?;
    Ok(into_obj(s))
}

/// The zero-argument `super()` (`super_init_without_args`), for the
/// evaluation loop: `first_arg` is the frame's first local (`None` when
/// the code has no arguments), `class_cell` the contents of its
/// `__class__` cell (`None` if the code has no such cell; `Some(None)`
/// if the cell is empty).
pub fn new_super_zero_arg(first_arg: Option<&PyObject>, class_cell: Option<Option<&PyObject>>) -> PyResult<ObjRef> {
    let runtime_error = |m: &str| errors::set_string(exceptions::runtime_error(), m);
    let Some(first) = first_arg else { return Err(runtime_error("super(): no arguments")) };
    let Some(cell) = class_cell else { return Err(runtime_error("super(): __class__ cell not found")) };
    let Some(class) = cell else { return Err(runtime_error("super(): empty __class__ cell")) };
    let Some(t) = downcast::<TypeObject>(class) else {
        return Err(runtime_error(&format!("super(): __class__ is not a type ({})", type_of(class).name())));
    };
    new_super(t, first)
}

fn super_of(v: &PyObject) -> PyResult<&SuperObject> {
    downcast::<SuperObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `super.__new__`: an empty object, filled by `__init__`.
fn super_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc_super(ty).map(into_obj)
}

/// `super_init`: `super(type)` or `super(type, obj)`; the zero-argument
/// form needs the frame (see [`new_super_zero_arg`]).
fn super_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let s = super_of(v)?;
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("super() takes no keyword arguments"));
    }
    match args.as_slice() {
        [] => {
            // `super_init_without_args`: the first argument and the
            // `__class__` cell of the caller's frame.
            let runtime_error = |m: &str| errors::set_string(exceptions::runtime_error(), m);
            let (first, class) = crate::vm::frame::super_frame_args();
            let Some(first) = first else { return Err(runtime_error("super(): no arguments")) };
            let Some(cell) = class else { return Err(runtime_error("super(): __class__ cell not found")) };
            let Some(class) = cell else { return Err(runtime_error("super(): empty __class__ cell")) };
            if downcast::<TypeObject>(&class).is_none() {
                return Err(runtime_error(&format!("super(): __class__ is not a type ({})", type_of(&class).name())));
            }
            super_fill(s, &class, Some(&first))
        }
        [t] => super_fill(s, t, None),
        [t, o] => super_fill(s, t, Some(o)),
        a => Err(type_error(&format!("super() expected at most 2 arguments, got {}", a.len()))),
    }
}

/// `super_getattro` / `do_super_lookup`: `name` in the MRO of `obj_type`
/// after `type`, bound to `obj` (no binding when `obj` is the type
/// itself). `__class__` and unbound supers use the generic lookup.
fn super_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let s = super_of(v)?;
    let skip = s.obj_type.get().is_none() || object::str_lossy(name) == "__class__";
    if !skip && let (Some(start), Some(ot)) = (s.ty.get(), s.obj_type.get()) {
        let Some(starttype) = downcast::<TypeObject>(&ot) else { return Err(errors::bad_internal_call()) };
        if let Some(mro) = starttype.tp_mro.get()
            && let Some(mro) = downcast::<TupleObject>(&mro)
        {
            let items = mro.as_slice();
            if let Some(i) = items.iter().position(|t| object::is(t, &start)) {
                for t in &items[i + 1..] {
                    let Some(tt) = downcast::<TypeObject>(t) else { continue };
                    let Some(dict) = tt.tp_dict.get() else { continue };
                    let Some(d) = downcast::<DictObject>(&dict) else { continue };
                    if let Some(res) = d.get_item(name)? {
                        return match type_of(&res).slots.tp_descr_get.get() {
                            Some(f) => {
                                let obj = s.obj.get();
                                let bind = obj.as_deref().filter(|o| !object::is(o, &ot));
                                f(&res, bind, Some(&ot))
                            }
                            None => Ok(res),
                        };
                    }
                }
            }
        }
    }
    object::generic_get_attr(v, name)
}

/// `super_descr_get`: an unbound super binds to `obj`.
fn super_descr_get(v: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let s = super_of(v)?;
    let Some(obj) = obj.filter(|o| !object::is_none(o)) else { return Ok(object::new_ref(v)) };
    if s.obj.get().is_some() {
        return Ok(object::new_ref(v));
    }
    let ty = s.ty.get().ok_or_else(errors::bad_internal_call)?;
    let n = alloc_super(type_of(v))?;
    super_fill(&n, &ty, Some(obj))?;
    Ok(into_obj(n))
}

/// `super_repr`.
fn super_repr(v: &PyObject) -> PyResult<ObjRef> {
    let s = super_of(v)?;
    let ty = match s.ty.get() {
        Some(t) => object::repr(&t)?.to_string_lossy(),
        None => "NULL".to_owned(),
    };
    let text = match s.obj_type.get().as_deref().and_then(downcast::<TypeObject>) {
        Some(ot) => format!("<super: {ty}, <{} object>>", ot.name()),
        None => format!("<super: {ty}, NULL>"),
    };
    unicodeobject::from_string(text).map(into_obj)
}

fn super_get_thisclass(v: &PyObject) -> PyResult<ObjRef> {
    Ok(super_of(v)?.ty.get().unwrap_or_else(object::none))
}

fn super_get_self(v: &PyObject) -> PyResult<ObjRef> {
    Ok(super_of(v)?.obj.get().unwrap_or_else(object::none))
}

fn super_get_self_class(v: &PyObject) -> PyResult<ObjRef> {
    Ok(super_of(v)?.obj_type.get().unwrap_or_else(object::none))
}

static SUPER_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "__thisclass__", get: super_get_thisclass, set: None, doc: Some("the class invoking super()") },
    GetSetDef { name: "__self__", get: super_get_self, set: None, doc: Some("the instance invoking super(); may be None") },
    GetSetDef { name: "__self_class__", get: super_get_self_class, set: None, doc: Some("the type of the instance invoking super(); may be None") },
];

/// `super` (`PySuper_Type`).
pub static SUPER_TYPE: TypeObject = TypeObject::new_static(
    "super",
    size_of::<SuperObject>(),
    object::dealloc_simple::<SuperObject>,
    TypeSlots {
        tp_repr: Some(super_repr),
        tp_getattro: Some(super_getattro),
        tp_descr_get: Some(super_descr_get),
        tp_init: Some(super_init),
        tp_new: Some(super_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_getset(&SUPER_GETSET)
.with_doc("super() -> same as super(__class__, <first argument>)\nsuper(type) -> unbound super object\nsuper(type, obj) -> bound super object; requires isinstance(obj, type)\nsuper(type, type2) -> bound super object; requires\n    issubclass(type2, type)\nTypical use to call a cooperative superclass method:\nclass C(B):\n    def meth(self, arg):\n        super().meth(arg)\nThis works for class methods too:\nclass C(B):\n    @classmethod\n    def cmeth(cls, arg):\n        super().cmeth(arg)\n");
