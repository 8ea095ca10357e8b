//! The import machinery, ported from Python/import.c
//! (`PyImport_ImportModuleLevelObject`, `resolve_name`,
//! `import_get_module`, `PyImport_GetModule`, `_PyImport_GetModuleAttrString`),
//! Python/ceval.c (`_PyEval_ImportName`, `_PyEval_ImportFrom`,
//! `import_all_from`) and, in place of the frozen importlib._bootstrap
//! that CPython delegates to, a native port of the parts of
//! importlib._bootstrap / _bootstrap_external it runs for an ordinary
//! import: `_find_and_load(_unlocked)`, `_load_unlocked`,
//! `_init_module_attrs`, `_handle_fromlist`, `BuiltinImporter` and the
//! `PathFinder`/`FileFinder`/`SourceFileLoader` search of `sys.path`
//! (docs/import.md explains what differs).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};

use rupy_gc::PyRef;

use crate::builtins::BuiltinDef;
use crate::compile::CompileError;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::call;
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::moduleobject::{self, ModuleObject};
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::unicodeobject::{self, StrObject};

use super::spec;

/// `sys.implementation.cache_tag`: rupy's own tag, so that rupy and
/// CPython never read each other's cached bytecode (docs/quirks.md).
pub const CACHE_TAG: &str = "rupy-314";

/// The magic number of CPython 3.14's `.pyc` files (rupy writes
/// CPython's bytecode and marshal format).
pub(crate) const MAGIC: [u8; 4] = [0x2b, 0x0e, 0x0d, 0x0a];

// ---------------------------------------------------------------------
// Errors.

/// The exception class `name` from the builtins namespace, falling back
/// to `fallback` while the runtime does not define it.
pub(crate) fn exc_type(name: &str, fallback: &'static crate::objects::TypeObject) -> PyResult<ObjRef> {
    let b = crate::builtins::builtins_dict()?;
    match b.get_item(&*unicodeobject::intern_str(name)?)? {
        Some(t) => Ok(t),
        None => Ok(object::new_ref(as_obj(fallback))),
    }
}

/// Raises `ty_name(msg)` with its `name` and `path` attributes set
/// (`PyErr_SetImportError` / `PyErr_SetImportErrorSubclass`).
fn import_error_of(ty_name: &str, msg: &str, name: Option<&PyObject>, path: Option<&PyObject>) -> ErrSet {
    let build = || -> PyResult<ObjRef> {
        let ty = exc_type(ty_name, exceptions::system_error())?;
        let m = unicodeobject::from_str(msg)?;
        let exc = call::vectorcall(&ty, &[as_obj(&*m)], None)?;
        for (attr, v) in [("name", name), ("path", path)] {
            if let Some(v) = v
                && object::set_attr(&exc, &*unicodeobject::intern_str(attr)?, Some(v)).is_err()
            {
                errors::clear();
            }
        }
        Ok(exc)
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

/// `ImportError(msg, name=name, path=path)`.
pub fn import_error(msg: &str, name: Option<&PyObject>, path: Option<&PyObject>) -> ErrSet {
    import_error_of("ImportError", msg, name, path)
}

/// `ModuleNotFoundError(msg, name=name)`.
pub fn module_not_found(msg: &str, name: &str) -> ErrSet {
    match unicodeobject::from_str(name) {
        Ok(n) => import_error_of("ModuleNotFoundError", msg, Some(as_obj(&*n)), None),
        Err(e) => e,
    }
}

/// Raises the Python exception of a compilation error
/// (`SyntaxError(msg, (filename, lineno, offset, text, end_lineno,
/// end_offset))` and its subclasses, or the error's own type).
pub fn raise_compile_error(e: &CompileError, filename: &str) -> ErrSet {
    let build = || -> PyResult<ObjRef> {
        match e {
            CompileError::Syntax(s) => {
                let ty = exc_type(s.kind.name(), exceptions::system_error())?;
                let msg = unicodeobject::from_str(&s.msg)?;
                let int = |v: i64| crate::objects::longobject::from_i64(v);
                let fname = unicodeobject::from_str(filename)?;
                let text = match &s.text {
                    Some(t) => into_obj(unicodeobject::from_str(t)?),
                    None => object::none(),
                };
                let (l, o, el, eo) = (int(s.lineno)?, int(s.offset)?, int(s.end_lineno)?, int(s.end_offset)?);
                let details = tupleobject::from_slice(&[as_obj(&*fname), &l, &o, &text, &el, &eo])?;
                call::vectorcall(&ty, &[as_obj(&*msg), as_obj(&*details)], None)
            }
            other => {
                let ty = exc_type(other.type_name(), exceptions::system_error())?;
                let msg = unicodeobject::from_str(other.msg())?;
                call::vectorcall(&ty, &[as_obj(&*msg)], None)
            }
        }
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(err) => err,
    }
}

// ---------------------------------------------------------------------
// The import lock.

/// The import lock: held while a module is found, created and executed
/// (importlib's per-module `_ModuleLock`s, simplified to one re-entrant
/// lock; see docs/import.md). Waiting detaches the thread state.
static IMPORT_LOCK: rupy_sync::PyRecursiveMutex = rupy_sync::PyRecursiveMutex::new();

/// Holds the import lock for its lifetime.
struct ImportLockGuard;

impl ImportLockGuard {
    fn acquire() -> ImportLockGuard {
        IMPORT_LOCK.lock();
        ImportLockGuard
    }
}

impl Drop for ImportLockGuard {
    fn drop(&mut self) {
        IMPORT_LOCK.unlock();
    }
}

// ---------------------------------------------------------------------
// Small helpers.

fn key(s: &str) -> PyResult<ObjRef> {
    unicodeobject::intern_str(s)
}

fn text_of(v: &PyObject) -> Option<String> {
    downcast::<StrObject>(v).map(StrObject::to_string_lossy)
}

/// `getattr(v, name, None)` with AttributeError treated as missing.
pub(crate) fn optional_attr(v: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    match object::get_attr(v, &*key(name)?) {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            if errors::exception_matches(exceptions::attribute_error()) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// The `sys` module (created on first use).
pub fn sys_module() -> PyResult<ObjRef> {
    super::builtin_module("sys")
}

/// `sys.<name>`, if set.
pub(crate) fn sys_attr(name: &str) -> PyResult<Option<ObjRef>> {
    let sys = sys_module()?;
    match downcast::<ModuleObject>(&sys) {
        Some(m) => m.get(name),
        None => Ok(None),
    }
}

/// `sys.dont_write_bytecode`.
fn dont_write_bytecode() -> bool {
    match sys_attr("dont_write_bytecode") {
        Ok(Some(v)) => object::is_true(&v).unwrap_or_else(|_| {
            errors::clear();
            false
        }),
        Ok(None) => false,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

// ---------------------------------------------------------------------
// resolve_name.

/// `resolve_name`: the absolute name of a relative import of `name` at
/// `level` from the module whose globals are `globals`.
fn resolve_name(name: &str, globals: Option<&PyObject>, level: isize) -> PyResult<String> {
    let Some(globals) = globals else {
        return Err(errors::set_string(exceptions::key_error(), "'__name__' not in globals"));
    };
    let Some(g) = downcast::<DictObject>(globals) else {
        return Err(errors::set_string(exceptions::type_error(), "globals must be a dict"));
    };
    let package = g.get_item(&*key("__package__")?)?.filter(|p| !object::is_none(p));
    let spec = g.get_item(&*key("__spec__")?)?.filter(|s| !object::is_none(s));
    let mut pkg: String;
    if let Some(p) = package {
        let Some(t) = text_of(&p) else {
            return Err(errors::set_string(exceptions::type_error(), "package must be a string"));
        };
        pkg = t;
    } else if let Some(s) = spec {
        let parent = object::get_attr_str(&s, "parent")?;
        let Some(t) = text_of(&parent) else {
            return Err(errors::set_string(exceptions::type_error(), "__spec__.parent must be a string"));
        };
        pkg = t;
    } else {
        let Some(n) = g.get_item(&*key("__name__")?)? else {
            return Err(errors::set_string(exceptions::key_error(), "'__name__' not in globals"));
        };
        let Some(t) = text_of(&n) else {
            return Err(errors::set_string(exceptions::type_error(), "__name__ must be a string"));
        };
        pkg = t;
        if g.get_item(&*key("__path__")?)?.is_none() {
            pkg = pkg.rsplit_once('.').map_or(String::new(), |(p, _)| p.to_owned());
        }
    }
    if pkg.is_empty() {
        return Err(import_error("attempted relative import with no known parent package", None, None));
    }
    let mut base: &str = &pkg;
    for _ in 1..level {
        match base.rfind('.') {
            Some(i) => base = &base[..i],
            None => {
                return Err(import_error("attempted relative import beyond top-level package", None, None));
            }
        }
    }
    Ok(if name.is_empty() { base.to_owned() } else { format!("{base}.{name}") })
}

// ---------------------------------------------------------------------
// Finding (BuiltinImporter, PathFinder, FileFinder).

/// The file suffixes FileFinder's loaders take, in its order: source,
/// then sourceless byte code (`_get_supported_file_loaders`, without
/// extension modules).
const LOADER_SUFFIXES: [&str; 2] = [".py", ".pyc"];

/// What a directory holds for a name (FileFinder's search).
enum DirFound {
    /// `dir/name/__init__.py` (or `.pyc`).
    Package { dir: PathBuf, init: PathBuf },
    /// `dir/name.py` (or `.pyc`).
    Source(PathBuf),
    /// A directory `dir/name` without `__init__.py` (a PEP 420 portion).
    Namespace(PathBuf),
}

/// The absolute form of a path entry ('' and '.' are the current
/// directory, as FileFinder makes them).
pub(crate) fn entry_dir(entry: &str) -> Option<PathBuf> {
    if entry.is_empty() || entry == "." {
        return std::env::current_dir().ok();
    }
    let p = PathBuf::from(entry);
    if p.is_absolute() { Some(p) } else { std::env::current_dir().ok().map(|c| c.join(p)) }
}

/// `FileFinder.find_spec`'s search of `dir`: a package
/// (`tail/__init__.py`) wins over a module (`tail.py`), a directory
/// without `__init__.py` is a namespace portion.
fn search_dir(tail: &str, dir: &Path) -> Option<DirFound> {
    let base = dir.join(tail);
    let base_is_dir = base.is_dir();
    if base_is_dir {
        for init in LOADER_SUFFIXES.map(|suffix| base.join(format!("__init__{suffix}"))) {
            if init.is_file() {
                return Some(DirFound::Package { dir: base, init });
            }
        }
    }
    for file in LOADER_SUFFIXES.map(|suffix| dir.join(format!("{tail}{suffix}"))) {
        if file.is_file() {
            return Some(DirFound::Source(file));
        }
    }
    base_is_dir.then_some(DirFound::Namespace(base))
}

/// `FileFinder.find_spec(fullname)` in directory `dir`.
pub(crate) fn find_dir_spec(fullname: &str, dir: &Path) -> PyResult<Option<ObjRef>> {
    let tail = fullname.rsplit('.').next().unwrap_or(fullname);
    let Some(found) = search_dir(tail, dir) else { return Ok(None) };
    let name = unicodeobject::from_str(fullname)?;
    dir_spec(as_obj(&*name), found).map(Some)
}

/// The spec of what [`search_dir`] found (a namespace portion's has no
/// loader and lists the directory).
fn dir_spec(name: &PyObject, found: DirFound) -> PyResult<ObjRef> {
    let loader = super::finders::path_finder();
    match found {
        DirFound::Package { dir, init } => {
            let locs = ListObject::from_slice(&[&*path_obj(&dir)?])?;
            let s = spec::new_spec(name, loader, Some(&init.to_string_lossy()), Some(as_obj(&*locs)), true)?;
            set_cached(&s, &init)?;
            Ok(s)
        }
        DirFound::Source(file) => {
            let s = spec::new_spec(name, loader, Some(&file.to_string_lossy()), None, true)?;
            set_cached(&s, &file)?;
            Ok(s)
        }
        DirFound::Namespace(dir) => {
            let locs = ListObject::from_slice(&[&*path_obj(&dir)?])?;
            spec::new_spec(name, &object::NONE, None, Some(as_obj(&*locs)), false)
        }
    }
}

/// Could `zipimport.zipimporter(path)` accept `path`? Its first check,
/// done natively so that directories and missing entries never import
/// zipimport: the longest existing prefix of `path` must be a regular
/// file.
fn may_be_zip_archive(path: &str) -> bool {
    let mut p = Path::new(path);
    loop {
        match std::fs::metadata(p) {
            Ok(m) => return m.is_file(),
            Err(_) => match p.parent() {
                Some(d) if !d.as_os_str().is_empty() && d != p => p = d,
                _ => return false,
            },
        }
    }
}

/// `PathFinder._path_hooks`: the finder of the first hook of
/// `sys.path_hooks` that accepts `path` (ImportError means no), `None`
/// if none does. The native hooks run without a Python-level call. The
/// flag is false when the zip hook was passed over while it loads
/// zipimport: the answer is not to be cached.
fn call_path_hooks(path: &PyObject, text: &str) -> PyResult<(ObjRef, bool)> {
    let Some(hooks) = sys_attr("path_hooks")? else { return Ok((object::none(), true)) };
    let hooks: Vec<ObjRef> = match downcast::<ListObject>(&hooks) {
        Some(l) => l.snapshot(),
        None => crate::objects::r#abstract::collect(&hooks)?,
    };
    if hooks.is_empty() {
        errors::warn(exceptions::import_warning(), "sys.path_hooks is empty", 1)?;
    }
    let mut cacheable = true;
    for hook in hooks {
        match super::finders::native_hook(&hook) {
            Some(super::finders::NativeHook::FileFinder) => {
                if let Some(dir) = entry_dir(text).filter(|d| d.is_dir()) {
                    return Ok((super::finders::FileFinderObject::new(dir)?, cacheable));
                }
                continue;
            }
            Some(super::finders::NativeHook::Zip) if !may_be_zip_archive(text) => continue,
            Some(super::finders::NativeHook::Zip) if super::finders::zipimport_loading() => {
                cacheable = false;
                continue;
            }
            _ => {}
        }
        match object::call(&hook, &[path]) {
            Ok(finder) => return Ok((finder, cacheable)),
            Err(e) => {
                let ie = exc_type("ImportError", exceptions::system_error())?;
                let is_ie = downcast::<crate::objects::TypeObject>(&ie).is_some_and(errors::exception_matches);
                if !is_ie {
                    return Err(e);
                }
                errors::clear();
            }
        }
    }
    Ok((object::none(), cacheable))
}

/// `PathFinder._path_importer_cache`: the path entry finder of `entry`
/// from `sys.path_importer_cache`, found by the path hooks and cached
/// there on first use ('' stands for the current directory).
fn path_entry_finder(entry: &PyObject, text: &str) -> PyResult<ObjRef> {
    let cwd;
    let (path, text) = if text.is_empty() {
        let Ok(dir) = std::env::current_dir() else { return Ok(object::none()) };
        cwd = dir.to_string_lossy().into_owned();
        (path_obj(Path::new(&cwd))?, cwd.as_str())
    } else {
        (object::new_ref(entry), text)
    };
    let Some(cache) = sys_attr("path_importer_cache")? else {
        return Err(errors::set_string(exceptions::attribute_error(), "module 'sys' has no attribute 'path_importer_cache'"));
    };
    let cached = match downcast::<DictObject>(&cache) {
        Some(d) => d.get_item(&path)?,
        None => match crate::objects::r#abstract::get_item(&cache, &path) {
            Ok(f) => Some(f),
            Err(e) => {
                if !errors::exception_matches(exceptions::key_error()) {
                    return Err(e);
                }
                errors::clear();
                None
            }
        },
    };
    if let Some(finder) = cached {
        return Ok(finder);
    }
    let (finder, cacheable) = call_path_hooks(&path, text)?;
    if cacheable {
        crate::objects::r#abstract::set_item(&cache, &path, &finder)?;
    }
    Ok(finder)
}

/// `PathFinder._get_spec` over the str entries of `path`: the first spec
/// with a loader, else the namespace portions found on the way.
fn search_path(fullname: &str, path: &PyObject) -> PyResult<Option<ObjRef>> {
    let entries: Vec<ObjRef> = match downcast::<ListObject>(path) {
        Some(l) => l.snapshot(),
        None => match downcast::<TupleObject>(path) {
            Some(t) => t.as_slice().to_vec(),
            None => crate::objects::r#abstract::collect(path)?,
        },
    };
    let tail = fullname.rsplit('.').next().unwrap_or(fullname);
    let name_obj = unicodeobject::from_str(fullname)?;
    let name = as_obj(&*name_obj);
    let mut namespace: Vec<ObjRef> = Vec::new();
    for e in entries {
        let Some(entry) = text_of(&e) else { continue };
        let finder = path_entry_finder(&e, &entry)?;
        if object::is_none(&finder) {
            continue;
        }
        if let Some(ff) = downcast::<super::finders::FileFinderObject>(&finder) {
            match search_dir(tail, ff.dir()) {
                Some(DirFound::Namespace(dir)) => namespace.push(path_obj(&dir)?),
                Some(found) => return dir_spec(name, found).map(Some),
                None => {}
            }
            continue;
        }
        // A path entry finder of Python code (zipimport.zipimporter, or
        // one a program's hook made).
        let find = object::get_attr_str(&finder, "find_spec")?;
        let spec_obj = object::call(&find, &[name, &object::NONE])?;
        if object::is_none(&spec_obj) {
            continue;
        }
        if !object::is_none(&*object::get_attr_str(&spec_obj, "loader")?) {
            return Ok(Some(spec_obj));
        }
        let portions = object::get_attr_str(&spec_obj, "submodule_search_locations")?;
        if object::is_none(&portions) {
            return Err(import_error("spec missing loader", None, None));
        }
        namespace.extend(crate::objects::r#abstract::collect(&portions)?);
    }
    if namespace.is_empty() {
        return Ok(None);
    }
    let refs: Vec<&PyObject> = namespace.iter().map(|o| &**o).collect();
    let locs = ListObject::from_slice(&refs)?;
    spec::new_spec(name, &object::NONE, None, Some(as_obj(&*locs)), false).map(Some)
}

/// The cache file of `source` compiled at `-O` level `optimize`
/// (`importlib.util.cache_from_source`: `NAME.TAG.pyc`, `NAME.TAG.opt-N.pyc`).
fn cache_from_source(source: &Path, optimize: i32) -> Option<PathBuf> {
    let dir = source.parent()?;
    let stem = source.file_stem()?.to_str()?;
    let opt = if optimize > 0 { format!(".opt-{optimize}") } else { String::new() };
    Some(dir.join("__pycache__").join(format!("{stem}.{CACHE_TAG}{opt}.pyc")))
}

fn path_obj(p: &Path) -> PyResult<ObjRef> {
    unicodeobject::from_str(&p.to_string_lossy()).map(into_obj)
}

/// `BuiltinImporter.find_spec`: a spec for a module in the builtin table.
pub(crate) fn find_builtin_spec(fullname: &str) -> PyResult<Option<ObjRef>> {
    if !super::is_builtin(fullname) {
        return Ok(None);
    }
    let name = unicodeobject::from_str(fullname)?;
    spec::new_spec(as_obj(&*name), super::finders::builtin_importer(), Some("built-in"), None, false).map(Some)
}

/// `PathFinder.find_spec`: a spec for `fullname` found on `path` (or
/// `sys.path` when `None`), `None` if no entry provides it.
pub(crate) fn find_path_spec(fullname: &str, path: Option<&PyObject>) -> PyResult<Option<ObjRef>> {
    match path {
        Some(p) => search_path(fullname, p),
        None => match sys_attr("path")? {
            Some(p) => search_path(fullname, &p),
            None => Ok(None),
        },
    }
}

/// The `__path__` of the package `fullname` belongs to (`None` for a
/// top-level name or a parent not imported).
pub(crate) fn parent_path(fullname: &str) -> PyResult<Option<ObjRef>> {
    let Some((parent, _)) = fullname.rsplit_once('.') else { return Ok(None) };
    match super::get_module_str(parent)? {
        Some(m) => optional_attr(&m, "__path__"),
        None => Ok(None),
    }
}

/// `_find_spec`: asks each finder of `sys.meta_path` in turn; the native
/// BuiltinImporter and PathFinder run without a Python-level call.
fn find_spec(fullname: &str, path: Option<&PyObject>) -> PyResult<Option<ObjRef>> {
    let Some(meta_path) = sys_attr("meta_path")? else {
        if let Some(s) = find_builtin_spec(fullname)? {
            return Ok(Some(s));
        }
        return find_path_spec(fullname, path);
    };
    if object::is_none(&meta_path) {
        return Err(import_error("sys.meta_path is None, Python is likely shutting down", None, None));
    }
    let finders: Vec<ObjRef> = match downcast::<ListObject>(&meta_path) {
        Some(l) => l.snapshot(),
        None => crate::objects::r#abstract::collect(&meta_path)?,
    };
    for finder in finders {
        let spec = if core::ptr::eq(&*finder, super::finders::builtin_importer()) {
            find_builtin_spec(fullname)?
        } else if core::ptr::eq(&*finder, super::finders::path_finder()) {
            find_path_spec(fullname, path)?
        } else {
            let Some(find) = optional_attr(&finder, "find_spec")? else { continue };
            let name = unicodeobject::from_str(fullname)?;
            let r = object::call(&find, &[as_obj(&*name), path.unwrap_or(&object::NONE), &object::NONE])?;
            (!object::is_none(&r)).then_some(r)
        };
        if spec.is_some() {
            return Ok(spec);
        }
    }
    Ok(None)
}

/// `_get_cached`: a source's cache file, a sourceless file itself.
fn set_cached(s: &PyObject, file: &Path) -> PyResult<()> {
    if is_sourceless(file) {
        return spec::set(s, "cached", &*path_obj(file)?);
    }
    if let Some(c) = cache_from_source(file, crate::sysmod::optimization_level()) {
        spec::set(s, "cached", &*path_obj(&c)?)?;
    }
    Ok(())
}

/// Is `file` byte code without source (SourcelessFileLoader's)?
pub(crate) fn is_sourceless(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "pyc")
}

// ---------------------------------------------------------------------
// Loading.

/// `_init_module_attrs`: the import attributes of a new module.
fn init_module_attrs(m: &PyObject, spec_obj: &PyObject) -> PyResult<()> {
    let get = |n: &str| object::get_attr_str(spec_obj, n);
    spec::set(m, "__spec__", spec_obj)?;
    spec::set(m, "__loader__", &*get("loader")?)?;
    spec::set(m, "__package__", &*get("parent")?)?;
    let locs = get("submodule_search_locations")?;
    if !object::is_none(&locs) {
        spec::set(m, "__path__", &locs)?;
    }
    if object::is_true(&*get("has_location")?)? {
        spec::set(m, "__file__", &*get("origin")?)?;
        let cached = get("cached")?;
        if !object::is_none(&cached) {
            spec::set(m, "__cached__", &cached)?;
        }
    }
    Ok(())
}

/// Reads a valid cache file of a source with this mtime and size.
fn read_cache(cache: &Path, source: &str, mtime: u32, size: u32) -> Option<crate::compile::code::Code> {
    let data = std::fs::read(cache).ok()?;
    if data.len() < 16 || data[..4] != MAGIC || data[4..8] != [0; 4] {
        return None;
    }
    let word = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    if word(8) != mtime || word(12) != size {
        return None;
    }
    let mut code = crate::marshal::load_pyc(&data).ok()?;
    fix_co_filename(&mut code, source);
    Some(code)
}

/// `_imp._fix_co_filename`: a cache written for the same source under
/// another path (a moved or linked tree) names the source it is loaded for.
fn fix_co_filename(code: &mut crate::compile::code::Code, source: &str) {
    use crate::compile::code::ConstValue;
    if code.filename.as_str() == Some(source) {
        return;
    }
    code.filename = source.into();
    for c in &mut code.consts {
        if let ConstValue::Code(inner) = c {
            fix_co_filename(inner, source);
        }
    }
}

/// Writes the cache file (`_code_to_timestamp_pyc` + `_write_atomic`);
/// failures are ignored, as SourceLoader does.
fn write_cache(cache: &Path, code: &crate::compile::code::Code, mtime: u32, size: u32) {
    let mut data = Vec::with_capacity(4096);
    data.extend_from_slice(&MAGIC);
    data.extend_from_slice(&[0; 4]);
    data.extend_from_slice(&mtime.to_le_bytes());
    data.extend_from_slice(&size.to_le_bytes());
    data.extend(crate::marshal::dumps(&crate::compile::code::ConstValue::Code(Box::new(code.clone()))));
    let Some(dir) = cache.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = cache.with_extension(format!("pyc.{}", std::process::id()));
    if std::fs::write(&tmp, &data).is_ok() && std::fs::rename(&tmp, cache).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// `SourceLoader.get_code`: the cached code if it is current, else the
/// compiled source (cached unless `sys.dont_write_bytecode`).
fn source_code(file: &str) -> PyResult<crate::compile::code::Code> {
    let path = Path::new(file);
    let bytes = std::fs::read(path).map_err(|e| {
        let msg = format!("[Errno {}] {}: '{}'", e.raw_os_error().unwrap_or(0), e.kind(), file);
        match unicodeobject::from_str(file) {
            Ok(p) => import_error(&msg, None, Some(as_obj(&*p))),
            Err(err) => err,
        }
    })?;
    let meta = std::fs::metadata(path).ok();
    let mtime = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as u32);
    let size = bytes.len() as u32;
    let optimize = crate::sysmod::optimization_level();
    let cache = cache_from_source(path, optimize);
    if let Some(c) = &cache
        && let Some(code) = read_cache(c, file, mtime, size)
    {
        return Ok(code);
    }
    let mut warnings = Vec::new();
    let code = crate::compile::compile_bytes_source(&bytes, file, crate::parser::parser::Mode::Exec, 0, optimize, &mut warnings);
    crate::builtins::introspect::emit_syntax_warnings(&warnings, file)?;
    let code = code.map_err(|e| raise_compile_error(&e, file))?;
    if let Some(c) = &cache
        && !dont_write_bytecode()
    {
        write_cache(c, &code, mtime, size);
    }
    Ok(code)
}

/// `SourcelessFileLoader.get_code`: the code object of a `.pyc` file
/// (`_classify_pyc`'s checks, then `_compile_bytecode`).
fn sourceless_code(name: &str, file: &str) -> PyResult<crate::compile::code::Code> {
    let details = || -> PyResult<(ObjRef, ObjRef)> {
        Ok((into_obj(unicodeobject::from_str(name)?), into_obj(unicodeobject::from_str(file)?)))
    };
    let data = std::fs::read(file).map_err(|e| {
        let msg = format!("[Errno {}] {}: '{}'", e.raw_os_error().unwrap_or(0), e.kind(), file);
        match details() {
            Ok((n, p)) => import_error(&msg, Some(&n), Some(&p)),
            Err(err) => err,
        }
    })?;
    let fail = |msg: String| match details() {
        Ok((n, p)) => import_error(&msg, Some(&n), Some(&p)),
        Err(err) => err,
    };
    let name_repr = unicodeobject::repr_string(&*unicodeobject::from_str(name)?);
    if data.len() < 4 || data[..4] != MAGIC {
        let magic = crate::objects::bytesobject::from_bytes(&data[..data.len().min(4)])?;
        return Err(fail(format!("bad magic number in {name_repr}: {}", object::repr(as_obj(&*magic))?.to_string_lossy())));
    }
    if data.len() < 16 {
        return Err(errors::set_string(
            exceptions::eof_error(),
            &format!("reached EOF while reading pyc header of {name_repr}"),
        ));
    }
    let flags = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
    if flags & !0b11 != 0 {
        return Err(fail(format!("invalid flags {flags} in {name_repr}")));
    }
    let file_repr = unicodeobject::repr_string(&*unicodeobject::from_str(file)?);
    crate::marshal::load_pyc(&data).map_err(|_| fail(format!("Non-code object in {file_repr}")))
}

/// The code object a found module runs: its source compiled (through the
/// byte-code cache), or its sourceless `.pyc` file's.
pub(crate) fn module_code(name: &str, file: &str) -> PyResult<crate::compile::code::Code> {
    if is_sourceless(Path::new(file)) { sourceless_code(name, file) } else { source_code(file) }
}

/// Runs a module's file in its namespace (`_LoaderBasics.exec_module`).
pub(crate) fn exec_source(m: &ModuleObject, file: &str) -> PyResult<()> {
    let name = m.get("__name__")?.as_deref().and_then(text_of).unwrap_or_default();
    let code = module_code(&name, file)?;
    let co = crate::objects::codeobject::CodeObject::new(&code)?;
    let dict = m.dict()?;
    let bkey = key("__builtins__")?;
    if dict.get_item(&bkey)?.is_none() {
        dict.set_item(&bkey, as_obj(&*crate::builtins::builtins_dict()?))?;
    }
    crate::vm::run_module_code(co, dict).map(drop)
}

/// `_load_unlocked`: creates the module of `spec_obj`, registers it in
/// `sys.modules` while it runs (removed again on failure), and returns
/// what `sys.modules` holds afterwards.
fn load_unlocked(fullname: &PyObject, spec_obj: &PyObject) -> PyResult<ObjRef> {
    let origin = object::get_attr_str(spec_obj, "origin")?;
    let origin_text = text_of(&origin);
    let loader = object::get_attr_str(spec_obj, "loader")?;
    let native = object::is_none(&loader)
        || core::ptr::eq(&*loader, super::finders::builtin_importer())
        || core::ptr::eq(&*loader, super::finders::path_finder());
    let builtin = native && origin_text.as_deref() == Some("built-in");
    let name_text = text_of(fullname).unwrap_or_default();
    if !native
        && optional_attr(&loader, "exec_module")?.is_none()
        && let Some(load_module) = optional_attr(&loader, "load_module")?
    {
        // A legacy loader (`_load_backward_compatible`).
        object::call(&load_module, &[fullname])?;
        return super::get_module(fullname)?.ok_or_else(|| errors::set_key_error(fullname));
    }
    let module: ObjRef = if builtin {
        match super::create_builtin(&name_text)? {
            Some(m) => m,
            None => return Err(module_not_found(&format!("No module named '{name_text}'"), &name_text)),
        }
    } else if native {
        into_obj(moduleobject::new_module_object(fullname)?)
    } else {
        // `module_from_spec`: the loader's `create_module`, else a new module.
        let created = match optional_attr(&loader, "create_module")? {
            Some(create) => object::call(&create, &[spec_obj])?,
            None if optional_attr(&loader, "exec_module")?.is_some() => {
                return Err(import_error("loaders that define exec_module() must also define create_module()", None, None));
            }
            None => object::none(),
        };
        if object::is_none(&created) { into_obj(moduleobject::new_module_object(fullname)?) } else { created }
    };
    init_module_attrs(&module, spec_obj)?;
    let true_ = crate::objects::boolobject::from_bool(true);
    spec::set(spec_obj, "_initializing", &true_)?;
    let res = (|| -> PyResult<ObjRef> {
        super::set_module(fullname, &module)?;
        let has_location = object::is_true(&*object::get_attr_str(spec_obj, "has_location")?)?;
        let run = if !native {
            match optional_attr(&loader, "exec_module")? {
                Some(exec) => object::call(&exec, &[&module]).map(drop),
                None => Ok(()),
            }
        } else if !builtin
            && has_location
            && let Some(file) = &origin_text
        {
            match downcast::<ModuleObject>(&module) {
                Some(m) => exec_source(m, file),
                None => Err(errors::bad_internal_call()),
            }
        } else {
            Ok(())
        };
        if let Err(e) = run {
            let modules = super::modules_dict()?;
            if modules.del_item(fullname).is_err() {
                errors::clear();
            }
            return Err(e);
        }
        let modules = super::modules_dict()?;
        match modules.pop_item(fullname)? {
            Some(m) => {
                modules.set_item(fullname, &m)?;
                Ok(m)
            }
            None => Err(import_error(
                &format!("Loaded module {name_text} not found in sys.modules"),
                None,
                None,
            )),
        }
    })();
    let false_ = crate::objects::boolobject::from_bool(false);
    let _ = spec::set(spec_obj, "_initializing", &false_);
    res
}

/// `_frozen_importlib` and `_frozen_importlib_external`, CPython's frozen
/// importlib, are the `importlib._bootstrap` and `_bootstrap_external`
/// modules Lib/importlib sets up from source (rupy freezes nothing): the
/// first import of either imports `importlib` and records its module
/// under the frozen name too. While importlib/__init__ runs, its own
/// `import _frozen_importlib` finds nothing yet and takes the
/// from-source path.
fn frozen_importlib(name: &str) -> PyResult<Option<ObjRef>> {
    let source = match name {
        "_frozen_importlib" => "importlib._bootstrap",
        "_frozen_importlib_external" => "importlib._bootstrap_external",
        _ => return Ok(None),
    };
    if super::get_module_str("importlib")?.is_none() {
        import_module("importlib")?;
    }
    let Some(m) = super::get_module_str(source)? else { return Ok(None) };
    super::set_module(&*key(name)?, &m)?;
    Ok(Some(m))
}

/// `_find_and_load_unlocked`: imports the parent package first, then
/// finds and loads `name` and binds it on its parent.
fn find_and_load_unlocked(name: &str) -> PyResult<ObjRef> {
    if let Some(m) = frozen_importlib(name)? {
        return Ok(m);
    }
    let name_obj = into_obj(unicodeobject::from_str(name)?);
    let mut path = None;
    let mut parent_spec = None;
    let (parent, child) = match name.rsplit_once('.') {
        Some((p, c)) => (Some(p), c),
        None => (None, name),
    };
    if let Some(parent) = parent {
        let pkey = into_obj(unicodeobject::from_str(parent)?);
        if super::get_module(&pkey)?.is_none() {
            import_module(parent)?;
        }
        if let Some(m) = super::get_module(&name_obj)? {
            return Ok(m);
        }
        let Some(parent_module) = super::get_module(&pkey)? else {
            return Err(errors::set_key_error(&pkey));
        };
        match optional_attr(&parent_module, "__path__")? {
            Some(p) => path = Some(p),
            None => {
                return Err(module_not_found(
                    &format!("No module named '{name}'; '{parent}' is not a package"),
                    name,
                ));
            }
        }
        parent_spec = optional_attr(&parent_module, "__spec__")?.filter(|s| !object::is_none(s));
    }
    let Some(spec_obj) = find_spec(name, path.as_deref())? else {
        return Err(module_not_found(&format!("No module named '{name}'"), name));
    };
    // Circular-import tracking on the parent's spec.
    let mut tracked = None;
    if let Some(ps) = &parent_spec {
        let list = match optional_attr(ps, "_uninitialized_submodules")? {
            Some(l) if downcast::<ListObject>(&l).is_some() => l,
            _ => {
                let l = into_obj(ListObject::new()?);
                spec::set(ps, "_uninitialized_submodules", &l)?;
                l
            }
        };
        if let Some(l) = downcast::<ListObject>(&list) {
            l.append(as_obj(&*unicodeobject::from_str(child)?))?;
        }
        tracked = Some(list);
    }
    let module = load_unlocked(&name_obj, &spec_obj);
    if let Some(list) = tracked
        && let Some(l) = downcast::<ListObject>(&list)
        && !l.is_empty()
    {
        let _ = l.pop(-1);
    }
    let module = module?;
    if let Some(parent) = parent {
        let pkey = into_obj(unicodeobject::from_str(parent)?);
        if let Some(pm) = super::get_module(&pkey)?
            && object::set_attr(&pm, &*key(child)?, Some(&module)).is_err()
        {
            errors::clear();
        }
    }
    Ok(module)
}

/// `_find_and_load`: the module under the import lock, or the halted
/// import of a `None` entry.
fn find_and_load(name: &str) -> PyResult<ObjRef> {
    let name_obj = into_obj(unicodeobject::from_str(name)?);
    let module = {
        let _guard = ImportLockGuard::acquire();
        match super::get_module(&name_obj)? {
            Some(m) => m,
            None => find_and_load_unlocked(name)?,
        }
    };
    if object::is_none(&module) {
        return Err(module_not_found(&format!("import of {name} halted; None in sys.modules"), name));
    }
    Ok(module)
}

/// `import_ensure_initialized`: waits for a module another thread is
/// still executing (the import lock is held for the whole import).
fn ensure_initialized(module: &PyObject) -> PyResult<()> {
    let spec_obj = match downcast::<ModuleObject>(module) {
        Some(m) => m.get("__spec__")?,
        None => optional_attr(module, "__spec__")?,
    };
    if moduleobject::spec_is_initializing(spec_obj.as_deref()) && !IMPORT_LOCK.is_locked_by_me() {
        drop(ImportLockGuard::acquire());
    }
    Ok(())
}

// ---------------------------------------------------------------------
// The entry points.

/// `PyImport_ImportModule`: imports the absolute dotted `name` and
/// returns that module (not the top-level package).
pub fn import_module(name: &str) -> PyResult<ObjRef> {
    let name_obj = into_obj(unicodeobject::from_str(name)?);
    if let Some(m) = super::get_module(&name_obj)?
        && !object::is_none(&m)
    {
        ensure_initialized(&m)?;
        return Ok(m);
    }
    find_and_load(name)
}

/// `_handle_fromlist`: imports the submodules a `from package import
/// ...` names that are not attributes yet.
fn handle_fromlist(module: &PyObject, fromlist: &PyObject, recursive: bool) -> PyResult<()> {
    let items = crate::objects::r#abstract::collect(fromlist)?;
    for x in items {
        let Some(xs) = text_of(&x) else {
            let what = if recursive {
                let n = object::get_attr_str(module, "__name__")?;
                format!("`{}.__all__`", object::str(&n)?.to_string_lossy())
            } else {
                "``from list''".to_owned()
            };
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("Item in {what} must be str, not {}", type_of(&x).name()),
            ));
        };
        if xs == "*" {
            if !recursive && let Some(all) = optional_attr(module, "__all__")? {
                handle_fromlist(module, &all, true)?;
            }
            continue;
        }
        if optional_attr(module, &xs)?.is_some() {
            continue;
        }
        let mname = object::get_attr_str(module, "__name__")?;
        let from_name = format!("{}.{xs}", object::str(&mname)?.to_string_lossy());
        if let Err(e) = import_module(&from_name) {
            // A missing submodule is not an error here: IMPORT_FROM
            // reports the missing name.
            let Some(exc) = errors::take_raised() else { return Err(e) };
            let mnf = exc_type("ModuleNotFoundError", exceptions::system_error())?;
            let is_mnf = downcast::<crate::objects::TypeObject>(&mnf)
                .is_some_and(|t| errors::given_exception_matches(&exc, t));
            if is_mnf {
                let exc_name = optional_attr(&exc, "name")?;
                let same = exc_name.as_deref().and_then(text_of).is_some_and(|n| n == from_name);
                let entry = super::get_module_str(&from_name)?;
                if same && entry.is_none_or(|m| !object::is_none(&m)) {
                    continue;
                }
            }
            return Err(errors::set_raised(exc));
        }
    }
    Ok(())
}

/// `PyImport_ImportModuleLevelObject`: `__import__(name, globals, locals,
/// fromlist, level)`.
pub fn import_module_level(
    name: &PyObject,
    globals: Option<&PyObject>,
    fromlist: Option<&PyObject>,
    level: isize,
) -> PyResult<ObjRef> {
    let Some(name_text) = text_of(name) else {
        return Err(errors::set_string(exceptions::type_error(), "module name must be a string"));
    };
    if level < 0 {
        return Err(errors::set_string(exceptions::value_error(), "level must be >= 0"));
    }
    let abs_name = if level > 0 {
        resolve_name(&name_text, globals, level)?
    } else {
        if name_text.is_empty() {
            return Err(errors::set_string(exceptions::value_error(), "Empty module name"));
        }
        name_text.clone()
    };
    let module = import_module(&abs_name)?;
    let has_from = match fromlist {
        Some(f) if !object::is_none(f) => object::is_true(f)?,
        _ => false,
    };
    if !has_from {
        if level == 0 || !name_text.is_empty() {
            let Some(dot) = name_text.find('.') else { return Ok(module) };
            let front = &name_text[..dot];
            if level == 0 {
                return import_module_level(as_obj(&*unicodeobject::from_str(front)?), None, None, 0);
            }
            let cut_off = name_text.len() - front.len();
            let to_return = &abs_name[..abs_name.len() - cut_off];
            let k = into_obj(unicodeobject::from_str(to_return)?);
            return match super::get_module(&k)? {
                Some(m) => Ok(m),
                None => Err(errors::set_string(
                    exceptions::key_error(),
                    &format!("{} not in sys.modules as expected", object::repr(&k)?.to_string_lossy()),
                )),
            };
        }
        return Ok(module);
    }
    if optional_attr(&module, "__path__")?.is_some()
        && let Some(f) = fromlist
    {
        handle_fromlist(&module, f, false)?;
    }
    Ok(module)
}

/// `_PyImport_GetModuleAttrString`: `getattr(import(module), attr)`.
pub fn get_module_attr(module: &str, attr: &str) -> PyResult<ObjRef> {
    let m = import_module(module)?;
    object::get_attr_str(&m, attr)
}

// ---------------------------------------------------------------------
// The eval loop's side (ceval.c).

/// The `__import__` object the builtins were created with.
static ORIGINAL_IMPORT: AtomicPtr<PyObject> = AtomicPtr::new(core::ptr::null_mut());

/// `_PyEval_ImportName` (IMPORT_NAME): calls `builtins.__import__`, or
/// the import machinery directly when it is the original function.
pub fn eval_import_name(
    builtins: &DictObject,
    globals: &DictObject,
    locals: Option<&PyObject>,
    name: &PyObject,
    fromlist: &PyObject,
    level: &PyObject,
) -> PyResult<ObjRef> {
    let Some(import_func) = builtins.get_item(&*key("__import__")?)? else {
        return Err(import_error("__import__ not found", None, None));
    };
    let level_n = crate::objects::r#abstract::as_ssize(level, Some(exceptions::overflow_error()))?;
    if core::ptr::eq(&*import_func, ORIGINAL_IMPORT.load(Ordering::Acquire)) {
        return import_module_level(name, Some(as_obj(globals)), Some(fromlist), level_n);
    }
    let locals = locals.unwrap_or(&object::NONE);
    call::vectorcall(&import_func, &[name, as_obj(globals), locals, fromlist, level], None)
}

/// `_PyEval_ImportFrom` (IMPORT_FROM): `v.name`, else the submodule
/// `sys.modules[v.__name__ + '.' + name]`, else CPython's ImportError.
pub fn import_from(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    if let Some(x) = optional_attr_obj(v, name)? {
        return Ok(x);
    }
    let name_text = text_of(name).unwrap_or_default();
    let pkgname = match optional_attr(v, "__name__") {
        Ok(n) => n.filter(|n| text_of(n).is_some()),
        Err(_) => {
            errors::clear();
            None
        }
    };
    if let Some(p) = &pkgname {
        let full = format!("{}.{name_text}", text_of(p).unwrap_or_default());
        if let Some(m) = super::get_module_str(&full)? {
            return Ok(m);
        }
    }
    let mod_name = match &pkgname {
        Some(p) => object::new_ref(&**p),
        None => into_obj(unicodeobject::from_str("<unknown module name>")?),
    };
    let pkg_repr = object::repr(&mod_name)?.to_string_lossy();
    let name_repr = object::repr(name)?.to_string_lossy();
    let Some(spec_obj) = optional_attr(v, "__spec__")? else {
        let msg = format!("cannot import name {name_repr} from {pkg_repr} (unknown location)");
        return Err(import_error(&msg, pkgname.as_deref(), None));
    };
    let mut origin = spec_file_origin(&spec_obj)?;
    let shadowing = origin.as_deref().is_some_and(is_possibly_shadowing);
    let shadowing_stdlib = shadowing && is_stdlib_module(&text_of(&mod_name).unwrap_or_default());
    if origin.is_none()
        && let Some(m) = downcast::<ModuleObject>(v)
    {
        origin = m.get("__file__")?.as_deref().and_then(text_of);
    }
    let origin_repr = match &origin {
        Some(o) => unicodeobject::repr_string(&*unicodeobject::from_str(o)?),
        None => String::new(),
    };
    let msg = if shadowing_stdlib {
        format!(
            "cannot import name {name_repr} from {pkg_repr} (consider renaming {origin_repr} since it has the same name as the standard library module named {pkg_repr} and prevents importing that standard library module)"
        )
    } else if moduleobject::spec_is_initializing(Some(&spec_obj)) {
        match &origin {
            Some(_) if shadowing => format!(
                "cannot import name {name_repr} from {pkg_repr} (consider renaming {origin_repr} if it has the same name as a library you intended to import)"
            ),
            Some(o) => format!(
                "cannot import name {name_repr} from partially initialized module {pkg_repr} (most likely due to a circular import) ({o})"
            ),
            None => format!(
                "cannot import name {name_repr} from partially initialized module {pkg_repr} (most likely due to a circular import)"
            ),
        }
    } else {
        match &origin {
            Some(o) => format!("cannot import name {name_repr} from {pkg_repr} ({o})"),
            None => format!("cannot import name {name_repr} from {pkg_repr} (unknown location)"),
        }
    };
    let pkgpath = match &origin {
        Some(o) => Some(into_obj(unicodeobject::from_str(o)?)),
        None => None,
    };
    Err(import_error(&msg, pkgname.as_deref(), pkgpath.as_deref()))
}

/// `_PyModuleSpec_GetFileOrigin`: `spec.origin` when `spec.has_location`
/// is true and the origin is a str.
pub fn spec_file_origin(spec_obj: &PyObject) -> PyResult<Option<String>> {
    let Some(has_location) = optional_attr(spec_obj, "has_location")? else { return Ok(None) };
    if !object::is_true(&has_location)? {
        return Ok(None);
    }
    Ok(optional_attr(spec_obj, "origin")?.as_deref().and_then(text_of))
}

/// `_PyModule_IsPossiblyShadowing`: is the module at `origin` (a package's
/// `__init__.py` counts as its directory) in `sys.path[0]` (or the current
/// directory for `''`), where it may hide a module of the same name?
pub fn is_possibly_shadowing(origin: &str) -> bool {
    if crate::sysmod::safe_path() {
        return false;
    }
    let Some((mut root, last)) = origin.rsplit_once('/') else { return false };
    if last == "__init__.py" {
        match root.rsplit_once('/') {
            Some((r, _)) => root = r,
            None => return false,
        }
    }
    let Some(mut path0) = crate::sysmod::sys_path_0() else { return false };
    if path0.is_empty() {
        match std::env::current_dir() {
            Ok(c) => path0 = c.to_string_lossy().into_owned(),
            Err(_) => return false,
        }
    }
    path0 == root
}

/// Is `name` in `sys.stdlib_module_names`?
pub fn is_stdlib_module(name: &str) -> bool {
    let Ok(Some(names)) = sys_attr("stdlib_module_names") else {
        errors::clear();
        return false;
    };
    let Ok(key) = unicodeobject::from_str(name) else {
        errors::clear();
        return false;
    };
    crate::objects::r#abstract::contains(&names, as_obj(&*key)).unwrap_or_else(|_| {
        errors::clear();
        false
    })
}

/// `PyObject_GetOptionalAttr` with an object name.
fn optional_attr_obj(v: &PyObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    match object::get_attr(v, name) {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            if errors::exception_matches(exceptions::attribute_error()) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// `import_all_from` (INTRINSIC_IMPORT_STAR): binds the public names of
/// `v` (its `__all__`, else the keys of its `__dict__` not starting with
/// an underscore) in `locals`.
pub fn import_star(locals: Option<&PyObject>, v: &PyObject) -> PyResult<()> {
    let Some(locals) = locals else {
        return Err(errors::set_string(exceptions::system_error(), "no locals found during 'import *'"));
    };
    let (names, skip_leading_underscores) = match optional_attr(v, "__all__")? {
        Some(all) => (crate::objects::r#abstract::collect(&all)?, false),
        None => {
            let Some(dict) = optional_attr(v, "__dict__")? else {
                return Err(import_error("from-import-* object has no __dict__ and no __all__", None, None));
            };
            let keys = match downcast::<DictObject>(&dict) {
                Some(d) => d.items().into_iter().map(|(k, _)| k).collect(),
                None => crate::objects::r#abstract::collect(&dict)?,
            };
            (keys, true)
        }
    };
    for name in names {
        let Some(text) = text_of(&name) else {
            let modname = object::get_attr_str(v, "__name__")?;
            let Some(modname) = text_of(&modname) else {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("module __name__ must be a string, not {}", type_of(&modname).name()),
                ));
            };
            let (what, attr) = if skip_leading_underscores { ("Key", "__dict__") } else { ("Item", "__all__") };
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{what} in {modname}.{attr} must be str, not {}", type_of(&name).name()),
            ));
        };
        if skip_leading_underscores && text.starts_with('_') {
            continue;
        }
        let value = object::get_attr(v, &name)?;
        match downcast::<DictObject>(locals) {
            Some(d) => d.set_item(&name, &value)?,
            None => crate::objects::r#abstract::set_item(locals, &name, &value)?,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// builtins.__import__.

/// `builtin___import___impl`: `__import__(name, globals=None,
/// locals=None, fromlist=(), level=0)`.
fn builtin_import(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    const NAMES: [&str; 5] = ["name", "globals", "locals", "fromlist", "level"];
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > 5 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__import__() takes at most 5 arguments ({npos} given)"),
        ));
    }
    let mut vals: [Option<&PyObject>; 5] = [None; 5];
    for (i, a) in args[..npos].iter().enumerate() {
        vals[i] = Some(a);
    }
    if let Some(kw) = kwnames {
        for (k, v) in kw.as_slice().iter().zip(&args[npos..]) {
            let ks = object::str_lossy(k);
            match NAMES.iter().position(|n| *n == ks) {
                Some(i) if vals[i].is_none() => vals[i] = Some(v),
                Some(i) => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("argument for __import__() given by name ('{ks}') and position ({})", i + 1),
                    ));
                }
                None => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("__import__() got an unexpected keyword argument '{ks}'"),
                    ));
                }
            }
        }
    }
    let Some(name) = vals[0] else {
        return Err(errors::set_string(
            exceptions::type_error(),
            "__import__() missing required argument 'name' (pos 1)",
        ));
    };
    if text_of(name).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__import__() argument 1 must be str, not {}", type_of(name).name()),
        ));
    }
    let level = match vals[4] {
        Some(l) => crate::objects::r#abstract::as_ssize(l, Some(exceptions::overflow_error()))?,
        None => 0,
    };
    let globals = vals[1].filter(|g| !object::is_none(g));
    import_module_level(name, globals, vals[3], level)
}

static IMPORT_DEF: BuiltinDef = BuiltinDef { name: "__import__", func: builtin_import };

/// `builtin___import____doc__` (Python/clinic/bltinmodule.c.h).
const IMPORT_DOC: &str = "__import__($module, /, name, globals=None, locals=None, fromlist=(),\n           level=0)\n--\n\nImport a module.\n\nBecause this function is meant for use by the Python\ninterpreter and not for general use, it is better to use\nimportlib.import_module() to programmatically import a module.\n\nThe globals argument is only used to determine the context;\nthey are not modified.  The locals argument is unused.  The fromlist\nshould be a list of names to emulate ``from name import ...``, or an\nempty list to emulate ``import name``.\nWhen importing a module from a package, note that __import__('A.B', ...)\nreturns package A when fromlist is empty, but its submodule B when\nfromlist is not empty.  The level argument is used to determine whether\nto perform absolute or relative imports: 0 is absolute, while a positive\nnumber is the number of parent directories to search relative to the\ncurrent module.";

/// Adds `__import__` to the builtins namespace being created, a function
/// of the `builtins` module `module` named `module_name`.
pub fn add_builtins(d: &DictObject, module: &PyObject, module_name: ObjRef) -> PyResult<()> {
    crate::builtins::set_doc(&IMPORT_DEF, IMPORT_DOC);
    let f = crate::builtins::new_module_function(&IMPORT_DEF, module, module_name)?;
    f.header().set_immortal();
    ORIGINAL_IMPORT.store(core::ptr::from_ref::<PyObject>(&f).cast_mut(), Ordering::Release);
    d.set_item(&*key("__import__")?, &f)
}

/// A dict of `sys.modules` entries (for tests and `-m`).
pub fn modules_snapshot() -> PyResult<PyRef<DictObject>> {
    super::modules_dict()
}

/// Why `-m` or a directory or zip script cannot run: runpy's `_Error` (its
/// message is printed without a traceback) or an exception raised on the
/// way (printed with its traceback).
pub enum MainError {
    /// runpy's `_Error(message)`.
    Message(String),
    /// Any other exception.
    Raised(ErrSet),
}

/// The exception `e` raised, if it is an instance of one of the builtin
/// classes `names`; otherwise it stays raised.
fn take_matching(e: ErrSet, names: &[&str]) -> Result<ObjRef, ErrSet> {
    let Some(exc) = errors::take_raised() else { return Err(e) };
    for n in names {
        let t = exc_type(n, exceptions::system_error())?;
        if downcast::<crate::objects::TypeObject>(&t).is_some_and(|t| errors::given_exception_matches(&exc, t)) {
            return Ok(exc);
        }
    }
    Err(errors::set_raised(exc))
}

fn str_repr(s: &str) -> PyResult<String> {
    Ok(unicodeobject::repr_string(&*unicodeobject::from_str(s)?))
}

/// `importlib.util.find_spec` of an absolute name: the spec of a module
/// already in `sys.modules`, else the finders' after importing the parent.
fn util_find_spec(fullname: &str) -> PyResult<Option<ObjRef>> {
    if let Some(m) = super::get_module_str(fullname)? {
        if object::is_none(&m) {
            return Ok(None);
        }
        return match optional_attr(&m, "__spec__")? {
            None => Err(errors::set_string(exceptions::value_error(), &format!("{fullname}.__spec__ is not set"))),
            Some(s) if object::is_none(&s) => {
                Err(errors::set_string(exceptions::value_error(), &format!("{fullname}.__spec__ is None")))
            }
            Some(s) => Ok(Some(s)),
        };
    }
    let path = match fullname.rsplit_once('.') {
        Some((parent, _)) => match optional_attr(&*import_module(parent)?, "__path__")? {
            Some(p) => Some(p),
            None => {
                let msg = format!(
                    "__path__ attribute not found on {} while trying to find {}",
                    str_repr(parent)?,
                    str_repr(fullname)?
                );
                return Err(module_not_found(&msg, fullname));
            }
        },
        None => None,
    };
    find_spec(fullname, path.as_deref())
}

/// runpy's `_get_module_details` for `-m`: the spec and file of module
/// `name` (a package's `__main__` submodule), with runpy's messages.
pub fn find_main_spec(name: &str) -> Result<(ObjRef, String), MainError> {
    use MainError::{Message, Raised};
    if name.starts_with('.') {
        return Err(Message("Relative module names not supported".to_owned()));
    }
    if let Some((pkg, _)) = name.rsplit_once('.')
        && let Err(e) = import_module(pkg)
    {
        // Only a missing parent (or ancestor) is left for find_spec to
        // report; other errors of the parent's import propagate.
        let exc = take_matching(e, &["ImportError"]).map_err(Raised)?;
        let missing = optional_attr(&exc, "name").map_err(Raised)?.as_deref().and_then(text_of);
        if !missing.is_some_and(|m| m == pkg || pkg.starts_with(&format!("{m}."))) {
            return Err(Raised(errors::set_raised(exc)));
        }
    }
    let spec_obj = match util_find_spec(name) {
        Ok(s) => s,
        Err(e) => {
            let exc = take_matching(e, &["ImportError", "AttributeError", "TypeError", "ValueError"]).map_err(Raised)?;
            let text = object::str(&exc).map_err(Raised)?.to_string_lossy();
            let mut msg = format!(
                "Error while finding module specification for {} ({}: {text})",
                str_repr(name).map_err(Raised)?,
                type_of(&exc).name()
            );
            if let Some(stem) = name.strip_suffix(".py") {
                msg.push_str(&format!(". Try using '{stem}' instead of '{name}' as the module name."));
            }
            return Err(Message(msg));
        }
    };
    let Some(spec_obj) = spec_obj else { return Err(Message(format!("No module named {name}"))) };
    let locs = object::get_attr_str(&spec_obj, "submodule_search_locations").map_err(Raised)?;
    if !object::is_none(&locs) {
        if name == "__main__" || name.ends_with(".__main__") {
            return Err(Message("Cannot use package as __main__ module".to_owned()));
        }
        return match find_main_spec(&format!("{name}.__main__")) {
            // Being a package matters only if it could be imported.
            Err(Message(m)) if super::get_module_str(name).map_err(Raised)?.is_some() => Err(Message(format!(
                "{m}; {} is a package and cannot be directly executed",
                str_repr(name).map_err(Raised)?
            ))),
            other => other,
        };
    }
    let origin = object::get_attr_str(&spec_obj, "origin").map_err(Raised)?;
    match text_of(&origin) {
        Some(f) if f != "built-in" => Ok((spec_obj, f)),
        _ => Err(Message(format!("No code object available for {name}"))),
    }
}

/// runpy's `_get_main_module_details`: the spec and file of the
/// `__main__` module of the directory or zip archive in `sys.path[0]`.
pub fn find_main_module_spec() -> Result<(ObjRef, String), MainError> {
    match find_main_spec("__main__") {
        Err(MainError::Message(m)) if m.contains("__main__") => {
            let path0 = match sys_attr("path") {
                Ok(Some(p)) => downcast::<ListObject>(&p).and_then(|l| l.snapshot().into_iter().next()),
                _ => None,
            };
            errors::clear();
            let shown = match path0.as_deref().map(object::repr) {
                Some(Ok(r)) => r.to_string_lossy(),
                _ => "None".to_owned(),
            };
            Err(MainError::Message(format!("can't find '__main__' module in {shown}")))
        }
        other => other,
    }
}

/// `PyImport_GetImporter`: the path entry finder of `path` from
/// `sys.path_importer_cache` or the path hooks, `None` if none accepts it.
pub fn path_importer(path: &str) -> PyResult<Option<ObjRef>> {
    let p = unicodeobject::from_str(path)?;
    let finder = path_entry_finder(as_obj(&*p), path)?;
    Ok((!object::is_none(&finder)).then_some(finder))
}
