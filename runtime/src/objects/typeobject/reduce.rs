//! Pickling support on `object` (Objects/typeobject.c: `object___reduce_ex___impl`,
//! `_common_reduce`, `reduce_newobj`, `_PyObject_GetNewArguments`,
//! `object_getstate`, `_PyType_GetSlotNames`), with the other small
//! `object` methods `copy` and `pickle` rely on: `__getstate__`,
//! `__sizeof__`, `__dir__` and `__subclasshook__`.

use crate::errors::{self, PyResult};
use crate::import::machinery::import_module;
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::listobject::{self, ListObject};
use crate::objects::longobject;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::slotdefs::lookup_maybe_method;
use crate::objects::typeobject::{TypeObject, heaptype};
use crate::objects::unicodeobject;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `PyObject_GetOptionalAttr`: `name` on `v`, `None` on AttributeError.
fn optional_attr(v: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    match object::get_attr_str(v, name) {
        Ok(a) => Ok(Some(a)),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// An attribute of the `copyreg` module.
fn copyreg_attr(name: &str) -> PyResult<ObjRef> {
    let copyreg = import_module("copyreg")?;
    object::get_attr_str(&copyreg, name)
}

/// Calls the special method `name` of `obj` with no arguments, `None` if
/// its type has none (`lookup_maybe_method` + call).
fn call_special(obj: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    let n = unicodeobject::intern_str(name)?;
    match lookup_maybe_method(obj, &n)? {
        Some((f, true)) => object::call(&f, &[obj]).map(Some),
        Some((f, false)) => object::call(&f, &[]).map(Some),
        None => Ok(None),
    }
}

/// `_PyType_GetSlotNames`: `cls.__dict__['__slotnames__']`, else what
/// `copyreg._slotnames(cls)` computes (and caches there).
fn slot_names(cls: &TypeObject) -> PyResult<ObjRef> {
    if let Some(dict) = cls.tp_dict.get()
        && let Some(d) = downcast::<DictObject>(&dict)
        && let Some(names) = d.get_item(&*unicodeobject::intern_str("__slotnames__")?)?
    {
        if !object::is_none(&names) && downcast::<ListObject>(&names).is_none() {
            return Err(type_error(&format!(
                "{}.__slotnames__ should be a list or None, not {}",
                cls.name(),
                type_of(&names).name()
            )));
        }
        return Ok(names);
    }
    let names = object::call(&*copyreg_attr("_slotnames")?, &[as_obj(cls)])?;
    if !object::is_none(&names) && downcast::<ListObject>(&names).is_none() {
        return Err(type_error("copyreg._slotnames didn't return a list or None"));
    }
    Ok(names)
}

/// `object_getstate_default`: the instance dict (or None), paired with a
/// dict of the set `__slots__` values when there are any. `required`
/// refuses objects whose layout holds more than a dict and slots.
fn getstate_default(obj: &PyObject, required: bool) -> PyResult<ObjRef> {
    let ty = type_of(obj);
    if required && ty.tp_itemsize != 0 {
        return Err(type_error(&format!("cannot pickle {} objects", ty.name())));
    }
    // `_PyObject_IsInstanceDictEmpty`, then `PyObject_GenericGetDict`.
    let mut state = match crate::objects::dictobject::inline_values_empty(obj) {
        Some(true) => object::none(),
        Some(false) => object::instance_dict(obj)?.unwrap_or_else(object::none),
        None => match object::instance_dict_slot(obj).and_then(|s| s.get()) {
            Some(d) if downcast::<DictObject>(&d).is_some_and(|d| d.len() > 0) => d,
            _ => object::none(),
        },
    };
    let names = slot_names(ty)?;
    // rupy keeps the dict and slots of a class past its static base's
    // layout, so "holds more than a dict and slots" means a static base
    // other than `object` (CPython compares tp_basicsize).
    if required && !core::ptr::eq(heaptype::static_base(ty), &super::OBJECT_TYPE) {
        return Err(type_error(&format!("cannot pickle '{}' object", ty.name())));
    }
    if let Some(list) = downcast::<ListObject>(&names)
        && list.len() > 0
    {
        let slots = DictObject::new()?;
        for name in list.snapshot() {
            let Some(n) = downcast::<unicodeobject::StrObject>(&name) else { continue };
            if let Some(value) = optional_attr(obj, &n.to_string_lossy())? {
                slots.set_item(&name, &value)?;
            }
        }
        if slots.len() > 0 {
            state = into_obj(tupleobject::from_slice(&[&state, as_obj(&*slots)])?);
        }
    }
    Ok(state)
}

/// `_PyObject_GetState`: the state `set.__reduce__` and the like pickle.
pub fn get_state(obj: &PyObject) -> PyResult<ObjRef> {
    getstate(obj, false)
}

/// `object_getstate`: `obj.__getstate__()`, or the default state without
/// a call when that is `object.__getstate__` itself.
fn getstate(obj: &PyObject, required: bool) -> PyResult<ObjRef> {
    let n = unicodeobject::intern_str("__getstate__")?;
    if let Some(meth) = type_of(obj).lookup(&n)?
        && core::ptr::eq(&*meth, object_getstate_descr()?)
    {
        return getstate_default(obj, required);
    }
    let f = object::get_attr(obj, &n)?;
    object::call(&f, &[])
}

/// `object.__getstate__` as found in `object`'s dict.
fn object_getstate_descr() -> PyResult<&'static PyObject> {
    static DESCR: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    if let Some(&p) = DESCR.get() {
        // SAFETY: the address is of an entry of `object`'s dict, which
        // holds it for the life of the process.
        return Ok(unsafe { &*(p as *const PyObject) });
    }
    let n = unicodeobject::intern_str("__getstate__")?;
    let d = super::OBJECT_TYPE.lookup(&n)?.ok_or_else(errors::bad_internal_call)?;
    let p = &*d as *const PyObject as usize;
    let _ = DESCR.set(p);
    // SAFETY: as above.
    Ok(unsafe { &*(p as *const PyObject) })
}

/// `_PyObject_GetNewArguments`: `(args, kwargs)` from
/// `__getnewargs_ex__` or `__getnewargs__`, both `None` without either.
fn new_arguments(obj: &PyObject) -> PyResult<(Option<ObjRef>, Option<ObjRef>)> {
    if let Some(r) = call_special(obj, "__getnewargs_ex__")? {
        let Some(t) = downcast::<TupleObject>(&r) else {
            return Err(type_error(&format!(
                "__getnewargs_ex__ should return a tuple, not '{}'",
                type_of(&r).name()
            )));
        };
        if t.len() != 2 {
            return Err(errors::set_string(
                exceptions::value_error(),
                &format!("__getnewargs_ex__ should return a tuple of length 2, not {}", t.len()),
            ));
        }
        let (args, kwargs) = (t.as_slice()[0].clone(), t.as_slice()[1].clone());
        if downcast::<TupleObject>(&args).is_none() {
            return Err(type_error(&format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                type_of(&args).name()
            )));
        }
        if downcast::<DictObject>(&kwargs).is_none() {
            return Err(type_error(&format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                type_of(&kwargs).name()
            )));
        }
        return Ok((Some(args), Some(kwargs)));
    }
    if let Some(args) = call_special(obj, "__getnewargs__")? {
        if downcast::<TupleObject>(&args).is_none() {
            return Err(type_error(&format!(
                "__getnewargs__ should return a tuple, not '{}'",
                type_of(&args).name()
            )));
        }
        return Ok((Some(args), None));
    }
    Ok((None, None))
}

/// `reduce_newobj`: protocol 2+ reduction through `copyreg.__newobj__`
/// (or `__newobj_ex__` with keyword arguments).
fn reduce_newobj(obj: &PyObject) -> PyResult<ObjRef> {
    let ty = type_of(obj);
    if ty.slots.tp_new.get().is_none() {
        return Err(type_error(&format!("cannot pickle '{}' object", ty.name())));
    }
    let (args, kwargs) = new_arguments(obj)?;
    let has_args = args.is_some();
    let kwargs = kwargs.filter(|k| downcast::<DictObject>(k).is_some_and(|d| d.len() > 0));
    let (newobj, newargs) = match kwargs {
        None => {
            let mut items: Vec<&PyObject> = vec![as_obj(ty)];
            if let Some(a) = args.as_deref().and_then(downcast::<TupleObject>) {
                items.extend(a.as_slice().iter().map(|o| &**o));
            }
            (copyreg_attr("__newobj__")?, into_obj(tupleobject::from_slice(&items)?))
        }
        Some(kw) => {
            let a = match args {
                Some(a) => a,
                None => into_obj(tupleobject::from_slice(&[])?),
            };
            (copyreg_attr("__newobj_ex__")?, into_obj(tupleobject::from_slice(&[as_obj(ty), &a, &kw])?))
        }
    };
    let is_list = object::type_check(obj, &listobject::LIST_TYPE);
    let is_dict = object::type_check(obj, &crate::objects::dictobject::DICT_TYPE);
    let state = getstate(obj, !(has_args || is_list || is_dict))?;
    let list_items = if is_list { crate::objects::r#abstract::get_iter(obj)? } else { object::none() };
    let dict_items = if is_dict {
        let items = object::call(&*object::get_attr_str(obj, "items")?, &[])?;
        crate::objects::r#abstract::get_iter(&items)?
    } else {
        object::none()
    };
    tupleobject::from_slice(&[&newobj, &newargs, &state, &list_items, &dict_items]).map(into_obj)
}

/// `_common_reduce`: `reduce_newobj` for protocol 2 and up, else
/// `copyreg._reduce_ex`.
fn common_reduce(obj: &PyObject, protocol: i64) -> PyResult<ObjRef> {
    if protocol >= 2 {
        return reduce_newobj(obj);
    }
    let proto = longobject::from_i64(protocol)?;
    object::call(&*copyreg_attr("_reduce_ex")?, &[obj, &proto])
}

/// `object.__reduce__()`.
fn object_reduce(obj: &PyObject) -> PyResult<ObjRef> {
    common_reduce(obj, 0)
}

/// `object.__reduce_ex__(protocol)`: an overriding `__reduce__` wins.
fn object_reduce_ex(obj: &PyObject, protocol: &PyObject) -> PyResult<ObjRef> {
    let Some(proto) = downcast::<longobject::IntObject>(protocol) else {
        return Err(type_error(&format!(
            "'{}' object cannot be interpreted as an integer",
            type_of(protocol).name()
        )));
    };
    let proto = proto.as_i64().unwrap_or(i64::MAX);
    let n = unicodeobject::intern_str("__reduce__")?;
    if let Some(reduce) = optional_attr(obj, "__reduce__")? {
        let cls_reduce = type_of(obj).lookup(&n)?;
        let base_reduce = super::OBJECT_TYPE.lookup(&n)?;
        let overridden = match (&cls_reduce, &base_reduce) {
            (Some(c), Some(b)) => !core::ptr::eq(&**c, &**b),
            _ => true,
        };
        if overridden {
            return object::call(&reduce, &[]);
        }
    }
    common_reduce(obj, proto)
}

/// `object.__getstate__()`.
fn object_getstate(obj: &PyObject) -> PyResult<ObjRef> {
    getstate_default(obj, false)
}

/// `object.__sizeof__()`: the instance size (`tp_basicsize` plus items).
fn object_sizeof(obj: &PyObject) -> PyResult<ObjRef> {
    let ty = type_of(obj);
    let mut size = ty.tp_basicsize;
    if ty.tp_itemsize != 0 {
        size += ty.tp_itemsize * usize::try_from(crate::objects::r#abstract::size(obj)?).unwrap_or(0);
    }
    longobject::from_i64(size as i64)
}

/// `object.__dir__()`: the instance dict's keys with the class's
/// attributes (`object___dir___impl`).
fn object_dir(obj: &PyObject) -> PyResult<ObjRef> {
    crate::builtins::introspect::default_dir(obj)
}

/// `object.__subclasshook__(subclass)`: `NotImplemented`, so the normal
/// check runs.
fn object_subclasshook(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() != 1 {
        let name = downcast::<TypeObject>(_cls).map_or("object", TypeObject::name);
        return Err(type_error(&format!(
            "{name}.__subclasshook__() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    Ok(object::not_implemented())
}

/// These methods of `object` (`object_methods`).
pub(crate) const OBJECT_REDUCE_EX_METHOD: MethodDef = MethodDef { ml_name: "__reduce_ex__", ml_meth: MethodFn::O(object_reduce_ex), ml_doc: Some("__reduce_ex__($self, protocol, /)\n--\n\nHelper for pickle.") };
pub(crate) const OBJECT_REDUCE_METHOD: MethodDef = MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(object_reduce), ml_doc: Some("__reduce__($self, /)\n--\n\nHelper for pickle.") };
pub(crate) const OBJECT_GETSTATE_METHOD: MethodDef = MethodDef { ml_name: "__getstate__", ml_meth: MethodFn::NoArgs(object_getstate), ml_doc: Some("__getstate__($self, /)\n--\n\nHelper for pickle.") };
pub(crate) const OBJECT_SUBCLASSHOOK_METHOD: MethodDef = MethodDef {
        ml_name: "__subclasshook__",
        ml_meth: MethodFn::Class(object_subclasshook),
        ml_doc: Some("__subclasshook__($type, object, /)\n--\n\nAbstract classes can override this to customize issubclass().\n\nThis is invoked early on by abc.ABCMeta.__subclasscheck__().\nIt should return True, False or NotImplemented.  If it returns\nNotImplemented, the normal algorithm is used.  Otherwise, it\noverrides the normal algorithm (and the outcome is cached).\n"),
    };
pub(crate) const OBJECT_SIZEOF_METHOD: MethodDef = MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(object_sizeof), ml_doc: Some("__sizeof__($self, /)\n--\n\nSize of object in memory, in bytes.") };
pub(crate) const OBJECT_DIR_METHOD: MethodDef = MethodDef { ml_name: "__dir__", ml_meth: MethodFn::NoArgs(object_dir), ml_doc: Some("__dir__($self, /)\n--\n\nDefault dir() implementation.") };

/// `type.__abstractmethods__` (`type_abstractmethods`): only set on
/// classes, never inherited from `type` itself.
pub(crate) fn type_get_abstractmethods(v: &PyObject) -> PyResult<ObjRef> {
    let n = unicodeobject::intern_str("__abstractmethods__")?;
    let found = if core::ptr::eq(v, as_obj(&super::TYPE_TYPE)) {
        None
    } else {
        downcast::<TypeObject>(v)
            .and_then(|t| t.tp_dict.get())
            .and_then(|d| downcast::<DictObject>(&d).and_then(|d| d.get_item(&n).transpose()))
            .transpose()?
    };
    found.ok_or_else(|| errors::set_object(exceptions::attribute_error(), Some(&n)))
}

/// `type_set_abstractmethods`: stores the set in the class dict and sets
/// `Py_TPFLAGS_IS_ABSTRACT` when it is non-empty.
pub(crate) fn type_set_abstractmethods(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(t) = downcast::<TypeObject>(v) else { return Err(errors::bad_internal_call()) };
    let n = unicodeobject::intern_str("__abstractmethods__")?;
    let dict = t.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
    let abstract_ = match value {
        Some(val) => {
            let a = object::is_true(val)?;
            d.set_item(&n, val)?;
            a
        }
        None => {
            if d.get_item(&n)?.is_none() {
                return Err(errors::set_object(exceptions::attribute_error(), Some(&n)));
            }
            d.del_item(&n)?;
            false
        }
    };
    super::cache::type_modified(t);
    t.set_abstract(abstract_);
    Ok(())
}

/// The `TypeError` of instantiating an abstract class (`object_new`).
pub(crate) fn abstract_instantiation_error(ty: &TypeObject) -> errors::ErrSet {
    let build = || -> PyResult<String> {
        let methods = type_get_abstractmethods(as_obj(ty))?;
        let mut names: Vec<String> = Vec::new();
        for m in crate::objects::r#abstract::collect(&methods)? {
            names.push(object::str_lossy(as_obj(&*object::str(&m)?)));
        }
        names.sort();
        let plural = if names.len() > 1 { "s" } else { "" };
        Ok(format!(
            "Can't instantiate abstract class {} without an implementation for abstract method{plural} '{}'",
            ty.name(),
            names.join("', '")
        ))
    };
    match build() {
        Ok(msg) => type_error(&msg),
        Err(e) => e,
    }
}
