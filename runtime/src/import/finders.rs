//! The finders in `sys.meta_path`: native stand-ins for importlib's
//! `BuiltinImporter` (Lib/importlib/_bootstrap.py) and `PathFinder` with
//! `SourceFileLoader` (Lib/importlib/_bootstrap_external.py). Both are
//! classes used through classmethods, as importlib's are, so Python code
//! (importlib.import_module, importlib.util.find_spec, pkgutil) finds and
//! loads modules through the same native search `import` uses; finders
//! a program adds to `sys.meta_path` are consulted around them
//! (machinery.rs, docs/import.md).

use std::path::{Path, PathBuf};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::methodobject::{self, CFunctionObject};
use crate::objects::moduleobject::ModuleObject;
use crate::objects::object::{self, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};

use super::machinery;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// The `(fullname, path=None, target=None)` arguments of
/// `MetaPathFinder.find_spec` (`with_path`), or the `(fullname,
/// target=None)` of `PathEntryFinder.find_spec`: the name and the path.
fn find_spec_args(
    qualname: &str,
    with_path: bool,
    args: &[ObjRef],
    kwds: Option<&DictObject>,
) -> PyResult<(String, Option<ObjRef>)> {
    let names: &[&str] = if with_path { &["fullname", "path", "target"] } else { &["fullname", "target"] };
    let mut vals: [Option<ObjRef>; 3] = [None, None, None];
    if args.len() > names.len() {
        return Err(type_error(&format!(
            "{qualname}() takes from 2 to {} positional arguments but {} were given",
            names.len() + 1,
            args.len() + 1
        )));
    }
    for (i, a) in args.iter().enumerate() {
        vals[i] = Some(a.clone());
    }
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            let name = object::str_lossy(&key);
            let Some(i) = names.iter().position(|n| *n == name) else {
                return Err(type_error(&format!("{qualname}() got an unexpected keyword argument '{name}'")));
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
    let path = if with_path { vals[1].take().filter(|p| !object::is_none(p)) } else { None };
    Ok((name.to_string_lossy(), path))
}

/// `BuiltinImporter.find_spec`: a spec for a module in the builtin table.
fn builtin_find_spec(_cls: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (name, _path) = find_spec_args("BuiltinImporter.find_spec", true, args, kwds)?;
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
    let (name, path) = find_spec_args("PathFinder.find_spec", true, args, kwds)?;
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

/// `PathFinder.invalidate_caches`: drops the `sys.path_importer_cache`
/// entries of relative paths and those without a finder, and asks the
/// other finders to invalidate theirs (importlib.metadata's path cache
/// too, when that module is loaded).
fn path_invalidate_caches(_cls: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    if let Some(cache) = machinery::sys_attr("path_importer_cache")?
        && let Some(d) = downcast::<DictObject>(&cache)
    {
        for (name, finder) in d.items() {
            let absolute = downcast::<StrObject>(&name).is_some_and(|n| n.to_string_lossy().starts_with('/'));
            if object::is_none(&finder) || !absolute {
                d.del_item(&name)?;
            } else if let Some(f) = machinery::optional_attr(&finder, "invalidate_caches")? {
                object::call(&f, &[])?;
            }
        }
    }
    if let Some(metadata) = super::get_module_str("importlib.metadata")?
        && let Some(finder) = machinery::optional_attr(&metadata, "MetadataPathFinder")?
    {
        object::call(&*object::get_attr_str(&finder, "invalidate_caches")?, &[])?;
    }
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
    if machinery::is_sourceless(Path::new(&path)) {
        return Ok(object::none());
    }
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

/// A native `FileFinder` (Lib/importlib/_bootstrap_external.py): the path
/// entry finder `sys.path_importer_cache` holds for a directory. The
/// native PathFinder searches its directory without a Python-level call.
#[repr(C)]
pub struct FileFinderObject {
    ob_base: ObjectHeader,
    /// `path`, a str: the absolute directory.
    path: ObjRef,
    /// The same directory, for the search.
    dir: PathBuf,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FileFinderObject {}

impl PyClass for FileFinderObject {
    fn type_object() -> &'static TypeObject {
        &FILE_FINDER_TYPE
    }
}

impl FileFinderObject {
    /// `FileFinder(path)` for an existing directory `dir`.
    pub fn new(dir: PathBuf) -> PyResult<ObjRef> {
        ready();
        let path = into_obj(unicodeobject::from_str(&dir.to_string_lossy())?);
        object::new_object(FileFinderObject { ob_base: ObjectHeader::new(&FILE_FINDER_TYPE.head), path, dir }).map(into_obj)
    }

    /// The directory searched.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// `FileFinder.find_spec(fullname, target=None)`.
fn file_finder_find_spec(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (name, _) = find_spec_args("FileFinder.find_spec", false, args, kwds)?;
    let Some(ff) = downcast::<FileFinderObject>(v) else { return Err(errors::bad_internal_call()) };
    Ok(machinery::find_dir_spec(&name, &ff.dir)?.unwrap_or_else(object::none))
}

/// `FileFinder.invalidate_caches`: the native search keeps no listing.
fn file_finder_invalidate_caches(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::none())
}

/// `FileFinder.__repr__`.
fn file_finder_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(ff) = downcast::<FileFinderObject>(v) else { return Err(errors::bad_internal_call()) };
    let path = object::repr(&ff.path)?.to_string_lossy();
    unicodeobject::from_string(format!("FileFinder({path})")).map(into_obj)
}

fn file_finder_path(v: &PyObject) -> PyResult<ObjRef> {
    match downcast::<FileFinderObject>(v) {
        Some(ff) => Ok(ff.path.clone()),
        None => Err(errors::bad_internal_call()),
    }
}

static FILE_FINDER_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "find_spec", ml_meth: MethodFn::FastCallKw(file_finder_find_spec), ml_doc: None },
    MethodDef { ml_name: "invalidate_caches", ml_meth: MethodFn::NoArgs(file_finder_invalidate_caches), ml_doc: None },
];

static FILE_FINDER_GETSET: [GetSetDef; 1] = [GetSetDef { name: "path", get: file_finder_path, set: None, doc: None }];

/// `importlib._bootstrap_external.FileFinder`'s native counterpart.
pub static FILE_FINDER_TYPE: TypeObject = TypeObject::new_static(
    "_frozen_importlib_external.FileFinder",
    size_of::<FileFinderObject>(),
    object::dealloc_simple::<FileFinderObject>,
    TypeSlots { tp_repr: Some(file_finder_repr), ..TypeSlots::EMPTY },
)
.with_methods(&FILE_FINDER_METHODS)
.with_getset(&FILE_FINDER_GETSET)
.with_doc("File-based finder.");

/// The one argument of a path hook, a str.
fn hook_arg<'a>(name: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    match (args, kwnames.map_or(0, TupleObject::len)) {
        ([path], 0) => Ok(path),
        _ => Err(type_error(&format!("{name}() takes exactly one argument ({} given)", args.len()))),
    }
}

/// `FileFinder.path_hook`'s `path_hook_for_FileFinder`: a FileFinder for
/// a directory, ImportError for anything else.
fn file_finder_hook(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let path = hook_arg("path_hook_for_FileFinder", args, kwnames)?;
    let dir = downcast::<StrObject>(path).and_then(|p| machinery::entry_dir(&p.to_string_lossy()));
    match dir {
        Some(d) if d.is_dir() => FileFinderObject::new(d),
        _ => Err(machinery::import_error("only directories are supported", None, Some(path))),
    }
}

/// The first of `sys.path_hooks`: `zipimport.zipimporter(path)`, with
/// `zipimport` (and the Python code of importlib it needs) imported on
/// first use rather than at start-up (docs/quirks.md).
fn zipimporter_hook(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let path = hook_arg("zipimporter", args, kwnames)?;
    let was_loading = ZIPIMPORT_LOADING.replace(true);
    let cls = machinery::get_module_attr("zipimport", "zipimporter");
    ZIPIMPORT_LOADING.set(was_loading);
    object::call(&*cls?, &[path])
}

thread_local! {
    /// Set while the zip hook imports zipimport on this thread.
    static ZIPIMPORT_LOADING: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// Is the zip hook importing zipimport on this thread? Path lookups
/// meanwhile pass over the hook (and cache nothing), since zipimport and
/// importlib come from directories: CPython has them frozen.
pub fn zipimport_loading() -> bool {
    ZIPIMPORT_LOADING.get()
}

static FILE_FINDER_HOOK_DEF: BuiltinDef = BuiltinDef { name: "path_hook_for_FileFinder", func: file_finder_hook };
static ZIPIMPORTER_HOOK_DEF: BuiltinDef = BuiltinDef { name: "zipimporter", func: zipimporter_hook };

/// The path hooks `sys.path_hooks` starts with, as
/// `_install_external_importers` leaves it: the zip importer, then the
/// FileFinder of directories.
pub fn default_path_hooks() -> PyResult<ObjRef> {
    let zip_module = unicodeobject::intern_str("zipimport")?;
    let zip = methodobject::new_function(&ZIPIMPORTER_HOOK_DEF, None, Some(zip_module))?;
    let ext_module = unicodeobject::intern_str("_frozen_importlib_external")?;
    let dirs = methodobject::new_function(&FILE_FINDER_HOOK_DEF, None, Some(ext_module))?;
    ListObject::from_slice(&[&*zip, &*dirs]).map(into_obj)
}

/// Which native hook `hook` is, if any.
pub enum NativeHook {
    /// `path_hook_for_FileFinder`.
    FileFinder,
    /// The `zipimport.zipimporter` hook.
    Zip,
}

/// Recognizes the hooks of [`default_path_hooks`].
pub fn native_hook(hook: &PyObject) -> Option<NativeHook> {
    let def = downcast::<CFunctionObject>(hook)?.builtin_def()?;
    if core::ptr::eq(def, &FILE_FINDER_HOOK_DEF) {
        Some(NativeHook::FileFinder)
    } else if core::ptr::eq(def, &ZIPIMPORTER_HOOK_DEF) {
        Some(NativeHook::Zip)
    } else {
        None
    }
}

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
        if BUILTIN_IMPORTER_TYPE.ready().is_err()
            || PATH_FINDER_TYPE.ready().is_err()
            || FILE_FINDER_TYPE.ready().is_err()
        {
            errors::clear();
        }
    });
}
