//! The finders in `sys.meta_path`: native stand-ins for importlib's
//! `BuiltinImporter` (Lib/importlib/_bootstrap.py) and `PathFinder` with
//! `SourceFileLoader` (Lib/importlib/_bootstrap_external.py). Both are
//! classes used through classmethods, as importlib's are, so Python code
//! (importlib.import_module, importlib.util.find_spec, pkgutil) finds and
//! loads modules through the same native search `import` uses; finders
//! a program adds to `sys.meta_path` are consulted around them
//! (machinery.rs, docs/import.md).

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::moduleobject::ModuleObject;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};

use super::machinery;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// The `(fullname, path=None, target=None)` arguments of `find_spec`.
fn find_spec_args<'a>(
    qualname: &str,
    args: &'a [ObjRef],
    kwds: Option<&'a DictObject>,
) -> PyResult<(String, Option<ObjRef>)> {
    let mut vals: [Option<ObjRef>; 3] = [None, None, None];
    if args.len() > 3 {
        return Err(type_error(&format!(
            "{qualname}() takes from 2 to 4 positional arguments but {} were given",
            args.len() + 1
        )));
    }
    for (i, a) in args.iter().enumerate() {
        vals[i] = Some(a.clone());
    }
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            let name = object::str_lossy(&key);
            let i = match name.as_str() {
                "fullname" => 0,
                "path" => 1,
                "target" => 2,
                _ => {
                    return Err(type_error(&format!(
                        "{qualname}() got an unexpected keyword argument '{name}'"
                    )));
                }
            };
            vals[i] = Some(val);
        }
    }
    let Some(fullname) = vals[0].take() else {
        return Err(type_error(&format!("{qualname}() missing 1 required positional argument: 'fullname'")));
    };
    let Some(name) = downcast::<StrObject>(&fullname) else {
        return Err(type_error(&format!(
            "{qualname}() argument 'fullname' must be str, not {}",
            object::type_of(&fullname).name()
        )));
    };
    let path = vals[1].take().filter(|p| !object::is_none(p));
    Ok((name.to_string_lossy(), path))
}

/// `BuiltinImporter.find_spec`: a spec for a module in the builtin table.
fn builtin_find_spec(_cls: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (name, _path) = find_spec_args("BuiltinImporter.find_spec", args, kwds)?;
    Ok(machinery::find_builtin_spec(&name)?.unwrap_or_else(object::none))
}

/// `BuiltinImporter.create_module`: the builtin module of `spec.name`.
fn builtin_create_module(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [spec] = args else {
        return Err(type_error(&format!("create_module() takes exactly one argument ({} given)", args.len())));
    };
    let name = object::get_attr_str(spec, "name")?;
    let text = object::str_lossy(&name);
    match super::create_builtin(&text)? {
        Some(m) => Ok(m),
        None => Err(machinery::import_error(&format!("no built-in module named {text}"), Some(&name), None)),
    }
}

/// `exec_module` of a builtin module: nothing left to run.
fn builtin_exec_module(_cls: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Ok(object::none())
}

/// `PathFinder.find_spec`: searches `path`, or `sys.path` when it is
/// None, for a package, a source module or namespace directories.
fn path_find_spec(_cls: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (name, path) = find_spec_args("PathFinder.find_spec", args, kwds)?;
    Ok(machinery::find_path_spec(&name, path.as_deref())?.unwrap_or_else(object::none))
}

/// `create_module` of a source module: the default module object.
fn path_create_module(_cls: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Ok(object::none())
}

/// `SourceLoader.exec_module`: runs `module.__spec__.origin` (through
/// the byte-code cache) in the module's namespace.
fn path_exec_module(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [module] = args else {
        return Err(type_error(&format!("exec_module() takes exactly one argument ({} given)", args.len())));
    };
    let Some(m) = downcast::<ModuleObject>(module) else {
        return Err(type_error("exec_module() argument must be a module"));
    };
    let spec = object::get_attr_str(module, "__spec__")?;
    let origin = object::get_attr_str(&spec, "origin")?;
    if let Some(file) = downcast::<StrObject>(&origin)
        && object::is_true(&*object::get_attr_str(&spec, "has_location")?)?
    {
        machinery::exec_source(m, &file.to_string_lossy())?;
    }
    Ok(object::none())
}

/// `PathFinder.invalidate_caches`: rupy's search keeps no caches.
fn path_invalidate_caches(_cls: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Ok(object::none())
}

/// `SourceLoader.get_source(fullname)`: the text of a found module's
/// source file (linecache and inspect use it).
fn path_get_source(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [name] = args else {
        return Err(type_error(&format!("get_source() takes exactly one argument ({} given)", args.len())));
    };
    let text = object::str_lossy(name);
    let Some(spec) = machinery::find_path_spec(&text, machinery::parent_path(&text)?.as_deref())? else {
        return Err(machinery::import_error(&format!("No module named '{text}'"), Some(name), None));
    };
    let origin = object::get_attr_str(&spec, "origin")?;
    let Some(file) = downcast::<StrObject>(&origin) else { return Ok(object::none()) };
    let path = file.to_string_lossy();
    match std::fs::read(&path) {
        Ok(bytes) => unicodeobject::from_string(String::from_utf8_lossy(&bytes).into_owned()).map(into_obj),
        Err(e) => Err(machinery::import_error(&format!("source not available through get_data(): {e}"), Some(name), None)),
    }
}

/// `InspectLoader.is_package(fullname)`.
fn path_is_package(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [name] = args else {
        return Err(type_error(&format!("is_package() takes exactly one argument ({} given)", args.len())));
    };
    let text = object::str_lossy(name);
    let spec = machinery::find_path_spec(&text, machinery::parent_path(&text)?.as_deref())?;
    let is_pkg = match spec {
        Some(s) => !object::is_none(&*object::get_attr_str(&s, "submodule_search_locations")?),
        None => false,
    };
    Ok(crate::objects::boolobject::from_bool(is_pkg))
}

static BUILTIN_IMPORTER_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "find_spec", ml_meth: MethodFn::ClassKw(builtin_find_spec), ml_doc: None },
    MethodDef { ml_name: "create_module", ml_meth: MethodFn::Class(builtin_create_module), ml_doc: Some("Create a built-in module") },
    MethodDef { ml_name: "exec_module", ml_meth: MethodFn::Class(builtin_exec_module), ml_doc: Some("Exec a built-in module") },
];

static PATH_FINDER_METHODS: [MethodDef; 6] = [
    MethodDef { ml_name: "find_spec", ml_meth: MethodFn::ClassKw(path_find_spec), ml_doc: None },
    MethodDef { ml_name: "create_module", ml_meth: MethodFn::Class(path_create_module), ml_doc: None },
    MethodDef { ml_name: "exec_module", ml_meth: MethodFn::Class(path_exec_module), ml_doc: None },
    MethodDef { ml_name: "invalidate_caches", ml_meth: MethodFn::Class(path_invalidate_caches), ml_doc: None },
    MethodDef { ml_name: "get_source", ml_meth: MethodFn::Class(path_get_source), ml_doc: None },
    MethodDef { ml_name: "is_package", ml_meth: MethodFn::Class(path_is_package), ml_doc: None },
];

/// `importlib._bootstrap.BuiltinImporter`'s native counterpart.
pub static BUILTIN_IMPORTER_TYPE: TypeObject = TypeObject::new_static(
    "_frozen_importlib.BuiltinImporter",
    size_of::<PyObject>(),
    object::dealloc_simple::<PyObject>,
    TypeSlots::EMPTY,
)
.with_methods(&BUILTIN_IMPORTER_METHODS)
.with_doc("Meta path import for built-in modules.");

/// `importlib._bootstrap_external.PathFinder`'s native counterpart; it is
/// also the loader of the source modules it finds.
pub static PATH_FINDER_TYPE: TypeObject = TypeObject::new_static(
    "_frozen_importlib_external.PathFinder",
    size_of::<PyObject>(),
    object::dealloc_simple::<PyObject>,
    TypeSlots::EMPTY,
)
.with_methods(&PATH_FINDER_METHODS)
.with_doc("Meta path finder for sys.path and package __path__ attributes.");

/// The two finder classes, readied once.
pub fn builtin_importer() -> &'static PyObject {
    ready();
    as_obj(&BUILTIN_IMPORTER_TYPE)
}

/// See [`builtin_importer`].
pub fn path_finder() -> &'static PyObject {
    ready();
    as_obj(&PATH_FINDER_TYPE)
}

fn ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        if BUILTIN_IMPORTER_TYPE.ready().is_err() || PATH_FINDER_TYPE.ready().is_err() {
            errors::clear();
        }
    });
}
