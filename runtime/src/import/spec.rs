//! Module specs: a native stand-in for importlib._bootstrap's
//! `ModuleSpec` (name, loader, origin, submodule_search_locations,
//! loader_state, cached, has_location, parent, `_initializing`), made by
//! the native finder (docs/import.md). Attributes live in the instance
//! dict, so Python code can read and set them as on CPython's class.

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};

/// A module spec: the header and the attribute dict.
#[repr(C)]
pub struct ModuleSpecObject {
    ob_base: ObjectHeader,
    dict: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ModuleSpecObject {}

impl PyClass for ModuleSpecObject {
    fn type_object() -> &'static TypeObject {
        &MODULE_SPEC_TYPE
    }
}

fn ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        if MODULE_SPEC_TYPE.ready().is_err() {
            errors::clear();
        }
    });
}

/// Sets attribute `name` of `v` (a spec or a module) to `value`.
pub(crate) fn set(v: &PyObject, name: &str, value: &PyObject) -> PyResult<()> {
    object::set_attr(v, &*unicodeobject::intern_str(name)?, Some(value))
}

/// `ModuleSpec(name, loader, origin=origin, is_package=...)`.
pub fn new_spec(
    name: &PyObject,
    loader: &PyObject,
    origin: Option<&str>,
    search_locations: Option<&PyObject>,
    has_location: bool,
) -> PyResult<ObjRef> {
    ready();
    // SAFETY: the fields after the header are ObjSlots (valid zeroed).
    let spec: PyRef<ModuleSpecObject> =
        unsafe { crate::objects::typeobject::heaptype::generic_alloc(&MODULE_SPEC_TYPE) }?;
    spec.dict.set(Some(into_obj(DictObject::new()?)));
    let s = object::as_obj(&*spec);
    set(s, "name", name)?;
    set(s, "loader", loader)?;
    let origin_obj = match origin {
        Some(o) => into_obj(unicodeobject::from_str(o)?),
        None => object::none(),
    };
    set(s, "origin", &origin_obj)?;
    set(s, "loader_state", &object::NONE)?;
    set(s, "submodule_search_locations", search_locations.unwrap_or(&object::NONE))?;
    set(s, "cached", &object::NONE)?;
    set(s, "has_location", &crate::objects::boolobject::from_bool(has_location))?;
    // Submodules being imported (`_find_and_load_unlocked`'s circular
    // import tracking).
    set(s, "_uninitialized_submodules", &*into_obj(crate::objects::listobject::ListObject::new()?))?;
    Ok(into_obj(spec))
}

/// Gives a builtin module its spec and loader attributes (what
/// `_bootstrap._init_module_attrs` does for `BuiltinImporter`).
pub fn set_builtin_spec(m: &PyObject, name: &str) -> PyResult<()> {
    let n = unicodeobject::intern_str(name)?;
    let loader = super::finders::builtin_importer();
    let spec = new_spec(&n, loader, Some("built-in"), None, false)?;
    set(m, "__spec__", &spec)?;
    set(m, "__loader__", loader)?;
    if let Some(md) = downcast::<crate::objects::moduleobject::ModuleObject>(m) {
        let d = md.dict()?;
        let pkg = unicodeobject::intern_str("__package__")?;
        if d.get_item(&pkg)?.is_none_or(|p| object::is_none(&p)) {
            d.set_item(&pkg, &*unicodeobject::intern_str("")?)?;
        }
    }
    Ok(())
}

/// `ModuleSpec.parent`: the package the module belongs to.
fn spec_parent(v: &PyObject) -> PyResult<ObjRef> {
    let name = object::get_attr_str(v, "name")?;
    let Some(s) = downcast::<StrObject>(&name) else { return Ok(object::none()) };
    let text = s.to_string_lossy();
    let is_pkg = !object::is_none(&*object::get_attr_str(v, "submodule_search_locations")?);
    if is_pkg {
        return Ok(name);
    }
    let parent = text.rsplit_once('.').map_or("", |(p, _)| p);
    unicodeobject::from_str(parent).map(into_obj)
}

/// `ModuleSpec.__repr__`.
fn spec_repr(v: &PyObject) -> PyResult<ObjRef> {
    let get = |n: &str| object::get_attr_str(v, n);
    let mut args = vec![
        format!("name={}", object::repr(&*get("name")?)?.to_string_lossy()),
        format!("loader={}", object::repr(&*get("loader")?)?.to_string_lossy()),
    ];
    let origin = get("origin")?;
    if !object::is_none(&origin) {
        args.push(format!("origin={}", object::repr(&origin)?.to_string_lossy()));
    }
    let locs = get("submodule_search_locations")?;
    if !object::is_none(&locs) {
        args.push(format!("submodule_search_locations={}", object::str(&locs)?.to_string_lossy()));
    }
    unicodeobject::from_string(format!("{}({})", type_of(v).name(), args.join(", "))).map(into_obj)
}

fn spec_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    ready();
    // SAFETY: as in new_spec.
    let spec: PyRef<ModuleSpecObject> = unsafe { crate::objects::typeobject::heaptype::generic_alloc(ty) }?;
    spec.dict.set(Some(into_obj(DictObject::new()?)));
    Ok(into_obj(spec))
}

/// `ModuleSpec.__init__(name, loader, *, origin=None, loader_state=None,
/// is_package=None)`.
fn spec_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = args.as_slice();
    let mut vals: [Option<ObjRef>; 5] = [a.first().cloned(), a.get(1).cloned(), None, None, None];
    if a.len() > 2 {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            &format!("ModuleSpec.__init__() takes 3 positional arguments but {} were given", a.len() + 1),
        ));
    }
    const NAMES: [&str; 5] = ["name", "loader", "origin", "loader_state", "is_package"];
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            let ks = object::str_lossy(&key);
            match NAMES.iter().position(|n| *n == ks) {
                Some(i) => vals[i] = Some(val),
                None => {
                    return Err(errors::set_string(
                        crate::objects::exceptions::type_error(),
                        &format!("ModuleSpec.__init__() got an unexpected keyword argument '{ks}'"),
                    ));
                }
            }
        }
    }
    let none = object::none();
    let get = |i: usize| vals[i].clone().unwrap_or_else(|| none.clone());
    set(v, "name", &get(0))?;
    set(v, "loader", &get(1))?;
    set(v, "origin", &get(2))?;
    set(v, "loader_state", &get(3))?;
    let is_pkg = match &vals[4] {
        Some(p) => object::is_true(p)?,
        None => false,
    };
    if is_pkg {
        set(v, "submodule_search_locations", &*crate::objects::listobject::ListObject::new().map(into_obj)?)?;
    } else {
        set(v, "submodule_search_locations", &none)?;
    }
    set(v, "cached", &none)?;
    set(v, "has_location", &crate::objects::boolobject::from_bool(false))?;
    Ok(())
}

static SPEC_GETSET: [GetSetDef; 1] = [GetSetDef { name: "parent", get: spec_parent, set: None, doc: None }];

/// `ModuleSpec` (importlib.machinery.ModuleSpec's native stand-in).
pub static MODULE_SPEC_TYPE: TypeObject = TypeObject::new_static(
    "ModuleSpec",
    size_of::<ModuleSpecObject>(),
    object::dealloc_simple::<ModuleSpecObject>,
    TypeSlots {
        tp_repr: Some(spec_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_new: Some(spec_new),
        tp_init: Some(spec_init),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_getset(&SPEC_GETSET)
.with_dictoffset(core::mem::offset_of!(ModuleSpecObject, dict));
