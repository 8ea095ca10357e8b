//! Interpreter shutdown, ported from Python/pylifecycle.c (`_Py_Finalize`,
//! `wait_for_thread_shutdown`, `flush_std_files`, `finalize_modules` and
//! its steps `finalize_modules_delete_special`, `finalize_remove_modules`,
//! `finalize_clear_modules_dict`, `finalize_modules_clear_weaklist`,
//! `finalize_clear_sys_builtins_dict`) and Objects/moduleobject.c
//! (`_PyModule_ClearDict`).
//!
//! After the non-daemon threads are joined and the atexit callbacks ran,
//! the interpreter is marked finalizing with the world stopped, so daemon
//! threads hang the next time they try to run Python code. Then the
//! modules are removed from `sys.modules` and collected, and the globals
//! of those still alive are set to None, newest module first, so that
//! `__del__` methods and weakref callbacks of module-level objects run.

use std::sync::Mutex;

use crate::errors::traceback::format_unraisable;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::moduleobject::{ModuleObject, is_module};
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::weakrefobject::{self, WeakRefObject};

/// Functions run when an interpreter ends (`_PyAtExit_Call`), in that
/// interpreter: the `atexit` module registers its callbacks here.
static EXIT_HOOKS: Mutex<Vec<fn()>> = Mutex::new(Vec::new());

/// Adds a function to run at exit, after the main program and its
/// SystemExit are handled and the non-daemon threads are joined.
pub fn add_exit_hook(f: fn()) {
    EXIT_HOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(f);
}

/// `_Py_Finalize`, the parts with observable behaviour: joins the
/// non-daemon threads, runs the atexit callbacks, stops the daemon
/// threads, then clears the modules and flushes the standard streams.
pub fn finalize() {
    crate::state::ensure();
    wait_for_thread_shutdown();
    call_exit_hooks();
    finalize_subinterpreters();
    // `_PyEval_StopTheWorldAll` + `_PyInterpreterState_SetFinalizing`:
    // the remaining (daemon) threads hang when they next attach.
    {
        let interp = &crate::state::interp().gc();
        let world = interp.stop_the_world();
        interp.set_finalizing();
        drop(world);
    }
    flush_std_files();
    collect();
    finalize_modules();
    flush_std_files();
}

/// Has shutdown begun (`Py_IsFinalizing`)?
pub fn is_finalizing() -> bool {
    crate::state::interp().gc().is_finalizing()
}

/// `wait_for_thread_shutdown`: if `threading` was imported, its
/// `_shutdown()` joins the non-daemon threads (and runs the functions
/// `threading._register_atexit` recorded) before the atexit callbacks.
fn wait_for_thread_shutdown() {
    let threading = match crate::import::get_module_str("threading") {
        Ok(Some(m)) => m,
        Ok(None) => return,
        Err(_) => {
            errors::clear();
            return;
        }
    };
    let res = object::get_attr_str(&threading, "_shutdown").and_then(|f| crate::objects::call::call(&f, &[]));
    if res.is_err() {
        format_unraisable(Some("Exception ignored on threading shutdown"), None);
    }
}

/// `_PyGC_CollectNoFail`: a full collection, even with the collector
/// disabled.
fn collect() {
    if let Some((stats, _)) = crate::state::gc::collect(false) {
        crate::state::gc::record(2, stats);
    }
}

/// The `sys` module's namespace.
fn sys_dict() -> PyResult<rupy_gc::PyRef<DictObject>> {
    let sys = crate::import::builtin_module("sys")?;
    downcast::<ModuleObject>(&sys).ok_or_else(errors::bad_internal_call)?.dict()
}

/// `flush_std_files`: flushes `sys.stdout` and `sys.stderr` if they are
/// set and not closed, then the runtime's own standard-output buffer.
fn flush_std_files() {
    if let Ok(d) = sys_dict() {
        for name in ["stdout", "stderr"] {
            let Ok(Some(f)) = get_str(&d, name) else {
                errors::clear();
                continue;
            };
            if object::is_none(&f) || is_closed(&f) {
                continue;
            }
            let flushed = object::get_attr_str(&f, "flush").and_then(|m| crate::objects::call::call(&m, &[]));
            if flushed.is_err() {
                format_unraisable(None, None);
            }
        }
    } else {
        errors::clear();
    }
    crate::builtins::flush_stdout();
}

/// Is the file's `closed` attribute true? (A stream without one is taken
/// as open.)
fn is_closed(f: &PyObject) -> bool {
    match object::get_attr_str(f, "closed").and_then(|c| object::is_true(&c)) {
        Ok(c) => c,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

fn get_str(d: &DictObject, name: &str) -> PyResult<Option<ObjRef>> {
    d.get_item(as_obj(&*unicodeobject::from_str(name)?))
}

fn set_str(d: &DictObject, name: &str, v: &PyObject) -> PyResult<()> {
    d.set_item(as_obj(&*unicodeobject::intern_str(name)?), v)
}

/// `_PyAtExit_Call` for the calling thread's interpreter.
fn call_exit_hooks() {
    let hooks = EXIT_HOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for h in hooks {
        h();
    }
}

/// `finalize_subinterpreters`: warns about the subinterpreters the
/// program left and ends them.
fn finalize_subinterpreters() {
    if crate::state::interpreters::list_all(false).len() > 1 {
        let msg = "remaining subinterpreters; close them with Interpreter.close()";
        if errors::warn(crate::objects::exceptions::runtime_warning(), msg, 1).is_err() {
            format_unraisable(None, None);
        }
        crate::state::interpreters::end_all();
    }
}

/// `Py_EndInterpreter`'s steps inside the subinterpreter being ended:
/// joins its non-daemon threads, runs its atexit callbacks, then clears
/// its modules as [`finalize`] does for the main one.
pub fn finalize_subinterpreter() {
    wait_for_thread_shutdown();
    call_exit_hooks();
    flush_std_files();
    finalize_modules();
}

/// `finalize_modules`.
fn finalize_modules() {
    let Ok(modules) = crate::import::modules_dict() else {
        errors::clear();
        return;
    };
    delete_special();
    let weaklist = remove_modules(&modules);
    modules.clear();
    collect();
    clear_weaklist(&weaklist);
    clear_sys_builtins_dicts();
    collect();
}

/// `finalize_modules_delete_special`: `builtins._` and the `sys`
/// attributes where user values often hide are set to None first, and
/// the standard streams are restored from `sys.__stdout__` and friends.
fn delete_special() {
    match crate::builtins::builtins_dict() {
        Ok(b) => {
            if set_str(&b, "_", &object::NONE).is_err() {
                format_unraisable(Some("Exception ignored on setting builtin variable _"), None);
            }
        }
        Err(_) => errors::clear(),
    }
    let Ok(sys) = sys_dict() else {
        errors::clear();
        return;
    };
    const SYS_DELETES: [&str; 10] = [
        "path",
        "argv",
        "ps1",
        "ps2",
        "last_exc",
        "last_type",
        "last_value",
        "last_traceback",
        "__interactivehook__",
        "meta_path",
    ];
    for name in SYS_DELETES {
        // To play it safe, the attribute is set to None, not deleted.
        if set_str(&sys, name, &object::NONE).is_err() {
            format_unraisable(Some(&format!("Exception ignored on clearing sys.{name}")), None);
        }
    }
    for (name, orig) in [("stdin", "__stdin__"), ("stdout", "__stdout__"), ("stderr", "__stderr__")] {
        let value = match get_str(&sys, orig) {
            Ok(v) => v.unwrap_or_else(object::none),
            Err(_) => {
                format_unraisable(Some(&format!("Exception ignored on restoring sys.{name}")), None);
                object::none()
            }
        };
        if set_str(&sys, name, &value).is_err() {
            format_unraisable(Some(&format!("Exception ignored on restoring sys.{name}")), None);
        }
    }
}

/// `finalize_remove_modules`: sets every module in `sys.modules` to None
/// and returns `(name, weakref)` pairs in import order, to find those
/// still alive after the collection.
fn remove_modules(modules: &DictObject) -> Vec<(ObjRef, ObjRef)> {
    let mut weaklist = Vec::new();
    for (name, module) in modules.items() {
        if !is_module(&module) {
            continue;
        }
        match weakrefobject::new_ref(&module, None) {
            Ok(wr) => weaklist.push((name.clone(), wr)),
            Err(_) => format_unraisable(Some("Exception ignored on removing modules"), None),
        }
        if modules.set_item(&name, &object::NONE).is_err() {
            format_unraisable(Some("Exception ignored on removing modules"), None);
        }
    }
    weaklist
}

/// `finalize_modules_clear_weaklist`: clears the globals of the modules
/// still alive, the most recently imported first; `sys` and `builtins`
/// come last, in [`clear_sys_builtins_dicts`].
fn clear_weaklist(weaklist: &[(ObjRef, ObjRef)]) {
    let sys = sys_dict().ok();
    let builtins = crate::builtins::builtins_dict().ok();
    errors::clear();
    for (_, wr) in weaklist.iter().rev() {
        let Some(module) = downcast::<WeakRefObject>(wr).and_then(weakrefobject::get_ref) else { continue };
        let Some(dict) = downcast::<ModuleObject>(&module).and_then(|m| m.dict().ok()) else {
            errors::clear();
            continue;
        };
        let is_core = |d: &Option<rupy_gc::PyRef<DictObject>>| d.as_ref().is_some_and(|d| core::ptr::eq(&**d, &*dict));
        if is_core(&sys) || is_core(&builtins) {
            continue;
        }
        clear_module_dict(&dict);
    }
}

/// `finalize_clear_sys_builtins_dict`.
fn clear_sys_builtins_dicts() {
    match sys_dict() {
        Ok(d) => clear_module_dict(&d),
        Err(_) => errors::clear(),
    }
    match crate::builtins::builtins_dict() {
        Ok(d) => clear_module_dict(&d),
        Err(_) => errors::clear(),
    }
}

/// `_PyModule_ClearDict`: sets the module's globals to None, first the
/// names with a single leading underscore, then all but `__builtins__`
/// (so that `__del__` methods can still reach the builtins).
pub fn clear_module_dict(d: &DictObject) {
    for private_pass in [true, false] {
        let mut pos = 0;
        while let Some((next, key, value)) = d.next_entry(pos) {
            pos = next;
            let is_none = object::is_none(&value);
            drop(value);
            let Some(name) = downcast::<StrObject>(&key).filter(|_| !is_none) else { continue };
            let text = name.to_string_lossy();
            let clear = if private_pass {
                text.starts_with('_') && !text.starts_with("__")
            } else {
                text != "__builtins__"
            };
            if clear && d.set_item(&key, &object::NONE).is_err() {
                format_unraisable(Some("Exception ignored on clearing module dict"), None);
            }
        }
    }
}
