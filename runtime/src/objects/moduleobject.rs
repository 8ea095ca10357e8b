//! Module objects, ported from Objects/moduleobject.c (`PyModule_Type`,
//! `PyModule_NewObject`, `module_init_dict`, `module___init__`,
//! `_Py_module_getattro_impl`, `module_dir`, `PyModule_GetNameObject`,
//! `PyModule_AddFunctions`) and the module repr of
//! importlib._bootstrap (`_module_repr`, `_module_repr_from_spec`), which
//! CPython reaches through `_PyImport_ImportlibModuleRepr`.
//!
//! A module is its namespace dict (`md_dict`, the type's dict slot, so
//! generic attribute access reads and writes it) and a cached name.

use std::sync::Once;

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};

/// A module (`PyModuleObject`).
#[repr(C)]
pub struct ModuleObject {
    ob_base: ObjectHeader,
    /// `md_dict`: the namespace (the type's `tp_dictoffset`).
    md_dict: ObjSlot,
    /// `md_name`: the name given at creation, when it was an exact str.
    md_name: ObjSlot,
    /// `md_weaklist`: the head of the weak references.
    md_weaklist: core::sync::atomic::AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ModuleObject {}

impl PyClass for ModuleObject {
    fn type_object() -> &'static TypeObject {
        &MODULE_TYPE
    }
}

impl ModuleObject {
    /// `PyModule_GetDict`: the namespace (a new one if it was never made).
    pub fn dict(&self) -> PyResult<PyRef<DictObject>> {
        let d = match self.md_dict.get() {
            Some(d) => d,
            None => object::instance_dict(as_obj(self))?.ok_or_else(errors::bad_internal_call)?,
        };
        object::downcast_ref::<DictObject>(d)
            .map_err(|_| errors::set_string(exceptions::type_error(), "<module>.__dict__ is not a dictionary"))
    }

    /// `PyModule_GetNameObject`: `__name__` from the namespace.
    pub fn name(&self) -> PyResult<PyRef<StrObject>> {
        let d = self.dict()?;
        match d.get_item(&*unicodeobject::intern_str("__name__")?)? {
            Some(n) => object::downcast_ref::<StrObject>(n)
                .map_err(|_| errors::set_string(exceptions::system_error(), "nameless module")),
            None => Err(errors::set_string(exceptions::system_error(), "nameless module")),
        }
    }

    /// A namespace entry, without module `__getattr__`.
    pub fn get(&self, name: &str) -> PyResult<Option<ObjRef>> {
        self.dict()?.get_item(&*unicodeobject::intern_str(name)?)
    }

    /// `PyModule_AddObjectRef`: binds `name` in the namespace.
    pub fn add_object(&self, name: &str, value: &PyObject) -> PyResult<()> {
        self.dict()?.set_item(&*unicodeobject::intern_str(name)?, value)
    }

    /// `PyModule_AddFunctions`: binds each builtin function by its name.
    pub fn add_functions(&self, defs: &'static [BuiltinDef]) -> PyResult<()> {
        let name = crate::objects::object::into_obj(self.name()?);
        for def in defs {
            let f = crate::builtins::new_module_function(def, crate::objects::object::as_obj(self), name.clone())?;
            self.add_object(def.name, &f)?;
        }
        Ok(())
    }
}

/// Readies the module type once.
fn ready() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        crate::state::ensure();
        if MODULE_TYPE.ready().is_err() {
            errors::clear();
        }
    });
}

/// `new_module_notrack`: an instance of `ty` with an empty namespace.
fn alloc_module(ty: &TypeObject) -> PyResult<PyRef<ModuleObject>> {
    ready();
    // SAFETY: a module's fields after the header are ObjSlots (valid
    // when zeroed, as is the weak-list head), and so is everything a class adds to them.
    let m = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<ModuleObject>(ty) }?;
    // Modules and their namespaces (every function's globals) are read
    // by every thread: deferred reference counting once a second thread
    // uses them; until then they are counted, so a program's modules are
    // collected when it ends.
    m.header().set_defer_on_share();
    let dict = DictObject::new()?;
    dict.header().set_defer_on_share();
    m.md_dict.set(Some(into_obj(dict)));
    Ok(m)
}

/// `module_init_dict`: `__name__`, `__doc__` and the import-system
/// entries (`__package__`, `__loader__`, `__spec__`) set to `None`.
fn init_dict(m: &ModuleObject, dict: &DictObject, name: &PyObject, doc: Option<&PyObject>) -> PyResult<()> {
    let doc = doc.unwrap_or(&object::NONE);
    // Every function defined in the module takes a reference to its name
    // (`__module__`), from every thread: an interned (immortal) name
    // keeps those from contending on one count.
    let name: ObjRef = match downcast::<StrObject>(name) {
        Some(s) if object::is_type(name, &unicodeobject::STR_TYPE) => unicodeobject::intern(PyRef::new_ref(s)),
        _ => object::new_ref(name),
    };
    let name = &*name;
    dict.set_item(&*unicodeobject::intern_str("__name__")?, name)?;
    dict.set_item(&*unicodeobject::intern_str("__doc__")?, doc)?;
    for key in ["__package__", "__loader__", "__spec__"] {
        dict.set_item(&*unicodeobject::intern_str(key)?, &object::NONE)?;
    }
    if object::is_type(name, &unicodeobject::STR_TYPE) {
        m.md_name.set(Some(object::new_ref(name)));
    }
    Ok(())
}

/// `PyModule_NewObject`: a module named `name`.
pub fn new_module_object(name: &PyObject) -> PyResult<PyRef<ModuleObject>> {
    let m = alloc_module(&MODULE_TYPE)?;
    init_dict(&m, &*m.dict()?, name, None)?;
    Ok(m)
}

/// `PyModule_New`.
pub fn new_module(name: &str) -> PyResult<PyRef<ModuleObject>> {
    new_module_object(as_obj(&*unicodeobject::from_str(name)?))
}

/// A module whose namespace is the existing `dict` (the `builtins`
/// module over the builtins dict); `__name__` is set if missing.
pub fn new_module_with_dict(name: &str, dict: PyRef<DictObject>) -> PyResult<PyRef<ModuleObject>> {
    ready();
    // SAFETY: as in alloc_module.
    let m = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<ModuleObject>(&MODULE_TYPE) }?;
    let n = unicodeobject::intern_str(name)?;
    let key = unicodeobject::intern_str("__name__")?;
    if dict.get_item(&key)?.is_none() {
        dict.set_item(&key, &n)?;
    }
    m.md_name.set(Some(n));
    m.md_dict.set(Some(into_obj(dict)));
    Ok(m)
}

/// `PyModule_Check`.
pub fn is_module(v: &PyObject) -> bool {
    object::type_check(v, &MODULE_TYPE)
}

/// `new_module` (`tp_new`).
fn module_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc_module(ty).map(into_obj)
}

/// `module___init__`: `module(name, doc=None)`.
fn module_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let Some(m) = downcast::<ModuleObject>(v) else { return Err(errors::bad_internal_call()) };
    let mut name: Option<ObjRef> = args.as_slice().first().cloned();
    let mut doc: Option<ObjRef> = args.as_slice().get(1).cloned();
    let npos = args.len();
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            let key_s = object::str_lossy(&key);
            let (slot, pos) = match key_s.as_str() {
                "name" => (&mut name, 0),
                "doc" => (&mut doc, 1),
                _ => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("module() got an unexpected keyword argument '{key_s}'"),
                    ));
                }
            };
            if npos > pos {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("argument for module() given by name ('{key_s}') and position ({})", pos + 1),
                ));
            }
            *slot = Some(val);
        }
    }
    if npos > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("module() takes at most 2 arguments ({npos} given)"),
        ));
    }
    let Some(name) = name else {
        return Err(errors::set_string(
            exceptions::type_error(),
            "module() missing required argument 'name' (pos 1)",
        ));
    };
    if !object::type_check(&name, &unicodeobject::STR_TYPE) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("module() argument 'name' must be str, not {}", type_of(&name).name()),
        ));
    }
    let dict = m.dict()?;
    init_dict(m, &dict, &name, doc.as_deref())
}

/// `_PyModuleSpec_IsInitializing`: is `spec._initializing` true? Errors
/// count as false.
pub fn spec_is_initializing(spec: Option<&PyObject>) -> bool {
    let Some(spec) = spec else { return false };
    if object::is_none(spec) {
        return false;
    }
    let res = object::get_attr_str(spec, "_initializing").and_then(|v| object::is_true(&v));
    match res {
        Ok(b) => b,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// `_PyModuleSpec_IsUninitializedSubmodule`: is `name` in
/// `spec._uninitialized_submodules`?
fn spec_is_uninitialized_submodule(spec: Option<&PyObject>, name: &PyObject) -> bool {
    let Some(spec) = spec else { return false };
    if object::is_none(spec) {
        return false;
    }
    let res = object::get_attr_str(spec, "_uninitialized_submodules")
        .and_then(|v| crate::objects::r#abstract::contains(&v, name));
    match res {
        Ok(b) => b,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// `_Py_module_getattro_impl`: the generic lookup, then the module's own
/// `__getattr__` (PEP 562), then CPython's messages (including the
/// circular-import wordings).
fn module_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    match object::generic_get_attr(v, name) {
        Ok(r) => return Ok(r),
        Err(e) => {
            if !errors::exception_matches(exceptions::attribute_error()) {
                return Err(e);
            }
            errors::clear();
        }
    }
    let Some(m) = downcast::<ModuleObject>(v) else { return Err(errors::bad_internal_call()) };
    let dict = m.dict()?;
    if let Some(getattr) = dict.get_item(&*unicodeobject::intern_str("__getattr__")?)? {
        return object::call(&getattr, &[name]);
    }
    let attr = object::str_lossy(name);
    let Some(mod_name) = dict.get_item(&*unicodeobject::intern_str("__name__")?)? else {
        return Err(errors::set_string(exceptions::attribute_error(), &format!("module has no attribute '{attr}'")));
    };
    let Some(mod_name) = downcast::<StrObject>(&mod_name).map(StrObject::to_string_lossy) else {
        return Err(errors::set_string(exceptions::attribute_error(), &format!("module has no attribute '{attr}'")));
    };
    let Some(spec) = dict.get_item(&*unicodeobject::intern_str("__spec__")?)? else {
        return Err(errors::set_string(
            exceptions::attribute_error(),
            &format!("module '{mod_name}' has no attribute '{attr}'"),
        ));
    };
    use crate::import::machinery as im;
    let origin = im::spec_file_origin(&spec)?;
    let shadowing = origin.as_deref().is_some_and(im::is_possibly_shadowing);
    let msg = if shadowing && im::is_stdlib_module(&mod_name) {
        format!(
            "module '{mod_name}' has no attribute '{attr}' (consider renaming '{}' since it has the same name as the standard library module named '{mod_name}' and prevents importing that standard library module)",
            origin.as_deref().unwrap_or_default()
        )
    } else if spec_is_initializing(Some(&spec)) {
        match &origin {
            Some(o) if shadowing => format!(
                "module '{mod_name}' has no attribute '{attr}' (consider renaming '{o}' if it has the same name as a library you intended to import)"
            ),
            Some(o) => format!(
                "partially initialized module '{mod_name}' from '{o}' has no attribute '{attr}' (most likely due to a circular import)"
            ),
            None => format!(
                "partially initialized module '{mod_name}' has no attribute '{attr}' (most likely due to a circular import)"
            ),
        }
    } else if spec_is_uninitialized_submodule(Some(&spec), name) {
        format!("cannot access submodule '{attr}' of module '{mod_name}' (most likely due to a circular import)")
    } else {
        format!("module '{mod_name}' has no attribute '{attr}'")
    };
    Err(errors::set_string(exceptions::attribute_error(), &msg))
}

/// `module_dir`: the namespace's `__dir__()` if it has one, else its keys.
fn module_dir(v: &PyObject) -> PyResult<ObjRef> {
    let dict = object::get_attr_str(v, "__dict__")?;
    let Some(d) = downcast::<DictObject>(&dict) else {
        return Err(errors::set_string(exceptions::type_error(), "<module>.__dict__ is not a dictionary"));
    };
    if let Some(f) = d.get_item(&*unicodeobject::intern_str("__dir__")?)? {
        return object::call(&f, &[]);
    }
    let keys: Vec<ObjRef> = d.items().into_iter().map(|(k, _)| k).collect();
    let refs: Vec<&PyObject> = keys.iter().map(|k| &**k).collect();
    crate::objects::listobject::ListObject::from_slice(&refs).map(into_obj)
}

/// `__dict__` (a read-only member in CPython).
fn module_get_dict(v: &PyObject) -> PyResult<ObjRef> {
    let Some(m) = downcast::<ModuleObject>(v) else { return Err(errors::bad_internal_call()) };
    m.dict().map(into_obj)
}

/// An attribute of `v`, `None` when it is missing or raises.
fn optional_attr(v: &PyObject, name: &str) -> Option<ObjRef> {
    match object::get_attr_str(v, name) {
        Ok(r) => Some(r),
        Err(_) => {
            errors::clear();
            None
        }
    }
}

/// `repr()` of an object as Rust text.
fn repr_text(v: &PyObject) -> PyResult<String> {
    Ok(object::repr(v)?.to_string_lossy())
}

/// importlib._bootstrap's `_module_repr_from_spec`.
fn repr_from_spec(spec: &PyObject) -> PyResult<String> {
    let name = match optional_attr(spec, "name") {
        Some(n) if !object::is_none(&n) => repr_text(&n)?,
        _ => "'?'".to_owned(),
    };
    let origin = optional_attr(spec, "origin").filter(|o| !object::is_none(o));
    match origin {
        None => match optional_attr(spec, "loader").filter(|l| !object::is_none(l)) {
            None => Ok(format!("<module {name}>")),
            Some(l) => Ok(format!("<module {name} ({})>", repr_text(&l)?)),
        },
        Some(origin) => {
            let has_location = optional_attr(spec, "has_location").map(|h| object::is_true(&h)).transpose()?;
            if has_location.unwrap_or(false) {
                Ok(format!("<module {name} from {}>", repr_text(&origin)?))
            } else {
                Ok(format!("<module {name} ({})>", object::str(&origin)?.to_string_lossy()))
            }
        }
    }
}

/// `module_repr` (importlib._bootstrap's `_module_repr`): from the spec
/// when there is one, else from `__name__`, `__file__` and `__loader__`.
fn module_repr(v: &PyObject) -> PyResult<ObjRef> {
    let loader = optional_attr(v, "__loader__");
    if let Some(spec) = optional_attr(v, "__spec__").filter(|s| !object::is_none(s)) {
        match repr_from_spec(&spec) {
            Ok(s) => return unicodeobject::from_string(s).map(into_obj),
            Err(_) => errors::clear(),
        }
    }
    let name = match optional_attr(v, "__name__") {
        Some(n) => repr_text(&n)?,
        None => "'?'".to_owned(),
    };
    let text = match optional_attr(v, "__file__") {
        Some(f) => format!("<module {name} from {}>", repr_text(&f)?),
        None => match loader.filter(|l| !object::is_none(l)) {
            None => format!("<module {name}>"),
            Some(l) => format!("<module {name} ({})>", repr_text(&l)?),
        },
    };
    unicodeobject::from_string(text).map(into_obj)
}

static MODULE_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__dir__",
    ml_meth: MethodFn::NoArgs(module_dir),
    ml_doc: Some("__dir__() -> list\nspecialized dir() implementation"),
}];

static MODULE_GETSET: [GetSetDef; 2] = [
    GetSetDef {
        name: "__annotations__",
        get: crate::objects::funcobject::module_get_annotations,
        set: Some(crate::objects::funcobject::module_set_annotations),
        doc: None,
    },
    GetSetDef { name: "__dict__", get: module_get_dict, set: None, doc: None }];

/// `module` (`PyModule_Type`; `types.ModuleType`).
pub static MODULE_TYPE: TypeObject = TypeObject::new_static(
    "module",
    size_of::<ModuleObject>(),
    object::dealloc_weakrefable::<ModuleObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(ModuleObject { md_dict, md_name } {})),
        tp_repr: Some(module_repr),
        tp_getattro: Some(module_getattro),
        tp_setattro: Some(object::generic_set_attr),
        tp_init: Some(module_init),
        tp_new: Some(module_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&MODULE_METHODS)
.with_getset(&MODULE_GETSET)
.with_dictoffset(core::mem::offset_of!(ModuleObject, md_dict))
.with_weaklistoffset(core::mem::offset_of!(ModuleObject, md_weaklist))
.with_doc("Create a module object.\n\nThe name must be a string; the optional doc argument can have any type.");

/// `types.ModuleType`, readied.
pub fn module_type() -> &'static TypeObject {
    ready();
    &MODULE_TYPE
}
