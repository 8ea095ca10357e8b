//! The import system: the builtin-module table (CPython's `inittab`,
//! Python/import.c's `_PyImport_Inittab` and `create_builtin`), the
//! module registry (`sys.modules`, `interp->imports.modules`), and the
//! import machinery of Python/import.c (see `machinery`). Design notes:
//! docs/import.md.

pub mod finders;
mod impmodule;
pub mod machinery;
pub mod spec;

use std::sync::{Mutex, PoisonError};

use rupy_gc::PyRef;

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, as_obj};
use crate::objects::unicodeobject;

pub use machinery::{import_from, import_module, import_module_level, import_star};

/// A builtin module's initialization function (`PyInit_*`): returns the
/// new module object.
pub type InitFn = fn() -> PyResult<ObjRef>;

/// The builtin-module table (`PyImport_Inittab`), filled before the
/// first import by the runtime (`sys`, `builtins`) and by stdlib-min's
/// `register_all` (`PyImport_AppendInittab`).
static INITTAB: Mutex<Vec<(&'static str, InitFn)>> = Mutex::new(Vec::new());

/// `PyImport_AppendInittab`: makes `name` importable as a builtin
/// module created by `init`. A later registration of the same name
/// replaces the earlier one.
pub fn register_builtin(name: &'static str, init: InitFn) {
    let mut tab = INITTAB.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(e) = tab.iter_mut().find(|(n, _)| *n == name) {
        e.1 = init;
    } else {
        tab.push((name, init));
    }
}

/// Registers the builtin modules of the runtime itself, once.
fn ensure_core_modules() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        register_builtin("builtins", builtins_module_init);
        register_builtin("sys", crate::sysmod::init);
        register_builtin("_imp", impmodule::init);
        register_builtin("_ast", crate::ast::python_ast::init);
        register_builtin("_tokenize", crate::parser::python_tokenize::init);
    });
}

/// The sorted names in the builtin-module table
/// (`sys.builtin_module_names`).
pub fn builtin_module_names() -> Vec<&'static str> {
    ensure_core_modules();
    let mut v: Vec<&'static str> = INITTAB.lock().unwrap_or_else(PoisonError::into_inner).iter().map(|(n, _)| *n).collect();
    v.sort_unstable();
    v
}

/// `is_builtin`: is `name` in the builtin-module table?
pub fn is_builtin(name: &str) -> bool {
    find_builtin(name).is_some()
}

/// The table entry of `name`.
fn find_builtin(name: &str) -> Option<(&'static str, InitFn)> {
    ensure_core_modules();
    INITTAB.lock().unwrap_or_else(PoisonError::into_inner).iter().find(|(n, _)| *n == name).copied()
}

/// `create_builtin`: the builtin module `name`, created by its init
/// function on first use in the calling thread's interpreter (each
/// interpreter gets its own module object, as for multi-phase init; the
/// main interpreter's are immortal); `None` if `name` is not builtin.
pub fn create_builtin(name: &str) -> PyResult<Option<ObjRef>> {
    let Some((key, init)) = find_builtin(name) else { return Ok(None) };
    if let Some(m) = crate::state::interpreters::with_current(|i| i.created_module(key)) {
        return Ok(Some(m));
    }
    // The init function runs without the table lock: it may import.
    let m = init()?;
    Ok(Some(crate::state::interpreters::with_current(|i| i.add_created_module(key, m))))
}

/// `PyInit_builtins` for the table: the `builtins` module over the
/// builtins namespace.
fn builtins_module_init() -> PyResult<ObjRef> {
    crate::builtins::builtins_module()
}

/// `PyImport_GetModuleDict`: the calling thread's interpreter's
/// `sys.modules`.
pub fn modules_dict() -> PyResult<PyRef<DictObject>> {
    crate::state::interpreters::with_current(crate::state::interpreters::Interpreter::modules)
}

/// `import_get_module`: `sys.modules[name]`, if present.
pub fn get_module(name: &object::PyObject) -> PyResult<Option<ObjRef>> {
    modules_dict()?.get_item(name)
}

/// `sys.modules[name]` by Rust name.
pub fn get_module_str(name: &str) -> PyResult<Option<ObjRef>> {
    get_module(as_obj(&*unicodeobject::from_str(name)?))
}

/// Stores `module` in `sys.modules[name]`.
pub fn set_module(name: &object::PyObject, module: &object::PyObject) -> PyResult<()> {
    modules_dict()?.set_item(name, module)
}

/// `PyImport_ImportModule` of a builtin module for the runtime's own use
/// (`sys`, `builtins`): creates it and records it in `sys.modules`.
pub fn builtin_module(name: &str) -> PyResult<ObjRef> {
    let key = unicodeobject::intern_str(name)?;
    if let Some(m) = get_module(&key)? {
        return Ok(m);
    }
    match create_builtin(name)? {
        Some(m) => {
            spec::set_builtin_spec(&m, name)?;
            set_module(&key, &m)?;
            Ok(m)
        }
        None => Err(errors::set_string(
            crate::objects::exceptions::system_error(),
            &format!("no built-in module named {name}"),
        )),
    }
}
