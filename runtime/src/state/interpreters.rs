//! Per-interpreter module state and subinterpreters, ported from the
//! interpreter half of Python/pystate.c (`PyInterpreterState_New`,
//! `_PyInterpreterState_LookUpID`, `_PyInterpreterState_IDIncref` /
//! `IDDecref`, `_PyInterpreterState_SetRunningMain`, `PyInterpreterState_GetDict`)
//! and Python/pylifecycle.c (`new_interpreter`, `Py_EndInterpreter`).
//!
//! The memory-model state (`rupy_gc::Interp`, the GIL, the hash secret,
//! interned strings) stays process-wide; what a program sees per
//! interpreter is here: `sys.modules`, the builtins namespace, the builtin
//! modules created in it (`sys`, `builtins` and every native module, each
//! initialized again per interpreter), `__main__` and the interpreter's
//! own dict. A thread runs in one interpreter at a time: a thread-local
//! pointer names it (null for the main interpreter), and [`enter`] switches
//! the calling thread to another one for a while, as `_PyXI_Enter` switches
//! thread states. Design notes: docs/interpreters.md.

use core::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rupy_gc::PyRef;

use crate::errors::PyResult;
use crate::objects::dictobject::DictObject;
use crate::objects::object::ObjRef;

/// `_PyInterpreterState_WHENCE_*`: how an interpreter was created.
pub const WHENCE_UNKNOWN: i64 = 0;
/// The main interpreter, made at start-up.
pub const WHENCE_RUNTIME: i64 = 1;
/// `Py_NewInterpreter`.
pub const WHENCE_LEGACY_CAPI: i64 = 2;
/// `Py_NewInterpreterFromConfig`.
pub const WHENCE_CAPI: i64 = 3;
/// The cross-interpreter C-API.
pub const WHENCE_XI: i64 = 4;
/// `_interpreters.create()`.
pub const WHENCE_STDLIB: i64 = 5;

/// One interpreter's module state (`PyInterpreterState`'s `imports`,
/// `builtins`, `sysdict` and `dict`).
pub struct Interpreter {
    id: i64,
    whence: i64,
    /// `sys.modules` (`interp->imports.modules`).
    modules: OnceLock<PyRef<DictObject>>,
    /// The builtins namespace (`interp->builtins`).
    builtins: OnceLock<PyRef<DictObject>>,
    /// `PyInterpreterState_GetDict`: per-interpreter storage of native
    /// modules (the registered queue classes, the cached fake `__main__`).
    dict: OnceLock<PyRef<DictObject>>,
    /// The builtin modules created in this interpreter, by name.
    created: Mutex<Vec<(&'static str, ObjRef)>>,
    /// Initialized and not yet finalizing (`_PyInterpreterState_IsReady`).
    ready: AtomicBool,
    /// A thread runs code in it (`_PyInterpreterState_SetRunningMain`).
    running: AtomicBool,
    /// `_PyInterpreterState_IDIncref` references; the interpreter is
    /// destroyed when they drop back to zero (if it needed them).
    id_refcount: AtomicI64,
    /// Made with `reqrefs`: destroyed when the last reference goes.
    requires_idref: AtomicBool,
}

impl Interpreter {
    fn new(id: i64, whence: i64) -> Interpreter {
        Interpreter {
            id,
            whence,
            modules: OnceLock::new(),
            builtins: OnceLock::new(),
            dict: OnceLock::new(),
            created: Mutex::new(Vec::new()),
            ready: AtomicBool::new(false),
            running: AtomicBool::new(false),
            id_refcount: AtomicI64::new(0),
            requires_idref: AtomicBool::new(false),
        }
    }

    /// `PyInterpreterState_GetID`.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// `_PyInterpreterState_GetWhence`.
    pub fn whence(&self) -> i64 {
        self.whence
    }

    /// Is this the main interpreter?
    pub fn is_main(&self) -> bool {
        self.id == 0
    }

    /// `_PyInterpreterState_IsReady`.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// `_PyInterpreterState_IsRunningMain`.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// A lazily made dict of this interpreter, immortal for the main one.
    fn dict_slot(&self, slot: &OnceLock<PyRef<DictObject>>, make: impl FnOnce() -> PyResult<PyRef<DictObject>>) -> PyResult<PyRef<DictObject>> {
        if let Some(d) = slot.get() {
            return Ok(d.clone());
        }
        let d = make()?;
        if self.is_main() {
            d.header().set_immortal();
        }
        Ok(slot.get_or_init(|| d).clone())
    }

    /// `sys.modules`.
    pub fn modules(&self) -> PyResult<PyRef<DictObject>> {
        self.dict_slot(&self.modules, DictObject::new)
    }

    /// The builtins namespace.
    pub fn builtins(&self) -> PyResult<PyRef<DictObject>> {
        self.dict_slot(&self.builtins, || crate::builtins::new_builtins_namespace(self.is_main()))
    }

    /// `PyInterpreterState_GetDict`.
    pub fn dict(&self) -> PyResult<PyRef<DictObject>> {
        self.dict_slot(&self.dict, DictObject::new)
    }

    /// The builtin module `name` already created in this interpreter.
    pub(crate) fn created_module(&self, name: &str) -> Option<ObjRef> {
        let created = self.created.lock().unwrap_or_else(PoisonError::into_inner);
        created.iter().find(|(n, _)| *n == name).map(|(_, m)| m.clone())
    }

    /// Records the builtin module `name` made by its init function,
    /// returning the one to use (an earlier racing one wins). The main
    /// interpreter's live as long as the process.
    pub(crate) fn add_created_module(&self, name: &'static str, m: ObjRef) -> ObjRef {
        let mut created = self.created.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, old)) = created.iter().find(|(n, _)| *n == name) {
            return old.clone();
        }
        if self.is_main() {
            m.header().set_immortal();
        }
        created.push((name, m.clone()));
        m
    }
}

/// The main interpreter (id 0).
fn main_interp() -> &'static Interpreter {
    static MAIN: OnceLock<Interpreter> = OnceLock::new();
    MAIN.get_or_init(|| {
        let i = Interpreter::new(0, WHENCE_RUNTIME);
        i.ready.store(true, Ordering::Release);
        i.running.store(true, Ordering::Release);
        i
    })
}

/// The subinterpreters alive, by creation order (`runtime->interpreters`).
static INTERPRETERS: Mutex<Vec<Arc<Interpreter>>> = Mutex::new(Vec::new());

/// The next interpreter id (`runtime->interpreters.next_id`).
static NEXT_ID: AtomicI64 = AtomicI64::new(1);

std::thread_local! {
    /// The calling thread's interpreter (`tstate->interp`); null for the
    /// main one. Points into an `Arc` that an [`Entered`] guard (or the
    /// thread's boot) holds while set.
    static CURRENT: Cell<*const Interpreter> = const { Cell::new(core::ptr::null()) };
}

/// Runs `f` with the calling thread's interpreter
/// (`_PyInterpreterState_GET`).
#[inline]
pub fn with_current<R>(f: impl FnOnce(&Interpreter) -> R) -> R {
    let p = CURRENT.with(Cell::get);
    if p.is_null() {
        f(main_interp())
    } else {
        // SAFETY: a non-null pointer is set by `enter` from an `Arc` that
        // its guard keeps alive until it restores the previous value.
        f(unsafe { &*p })
    }
}

/// Is the calling thread in the main interpreter? (The single-interpreter
/// fast path.)
#[inline]
pub fn in_main() -> bool {
    CURRENT.with(Cell::get).is_null()
}

/// The id of the calling thread's interpreter.
pub fn current_id() -> i64 {
    with_current(Interpreter::id)
}

/// A handle on the calling thread's subinterpreter, for a thread it
/// starts (`None` in the main interpreter).
pub fn current_handle() -> Option<Arc<Interpreter>> {
    if in_main() {
        return None;
    }
    let id = current_id();
    lookup(id)
}

/// `_PyInterpreterState_LookUpID`: the subinterpreter `id`.
pub fn lookup(id: i64) -> Option<Arc<Interpreter>> {
    INTERPRETERS.lock().unwrap_or_else(PoisonError::into_inner).iter().find(|i| i.id == id).cloned()
}

/// Does interpreter `id` exist (the main one included)?
pub fn exists(id: i64) -> bool {
    id == 0 || lookup(id).is_some()
}

/// Runs `f` on interpreter `id`, the main one included.
pub fn with_interp<R>(id: i64, f: impl FnOnce(&Interpreter) -> R) -> Option<R> {
    if id == 0 {
        return Some(f(main_interp()));
    }
    lookup(id).map(|i| f(&i))
}

/// `(id, whence)` of every interpreter, main first (`PyInterpreterState_Head`
/// and `PyInterpreterState_Next`, in creation order).
pub fn list_all(require_ready: bool) -> Vec<(i64, i64)> {
    let mut out = vec![(0, WHENCE_RUNTIME)];
    let all = INTERPRETERS.lock().unwrap_or_else(PoisonError::into_inner);
    out.extend(all.iter().filter(|i| !require_ready || i.is_ready()).map(|i| (i.id, i.whence)));
    out
}

/// `_PyInterpreterState_IDIncref`.
pub fn id_incref(interp: &Interpreter) {
    interp.id_refcount.fetch_add(1, Ordering::AcqRel);
}

/// `_PyInterpreterState_IDDecref`: the last reference of an interpreter
/// made with `reqrefs` destroys it.
pub fn id_decref(interp: &Arc<Interpreter>) -> PyResult<()> {
    let left = interp.id_refcount.fetch_sub(1, Ordering::AcqRel) - 1;
    if left <= 0 && interp.requires_idref.load(Ordering::Acquire) && !interp.is_running() {
        end_interpreter(interp)?;
    }
    Ok(())
}

/// `_PyInterpreterState_RequireIDRef`.
pub fn require_idref(interp: &Interpreter, required: bool) {
    interp.requires_idref.store(required, Ordering::Release);
}

// ---------------------------------------------------------------------
// Switching interpreters.

/// The calling thread inside another interpreter until dropped
/// (`_PyXI_Enter` / `_PyXI_Exit`'s thread-state swap): the thread's Python
/// state (frames seen by introspection, the handled and the raised
/// exception, the context, the recursion depth) is set aside and fresh
/// for the target, then restored.
pub struct Entered {
    prev: *const Interpreter,
    _hold: Option<Arc<Interpreter>>,
    saved: Option<super::SavedThread>,
    marks_running: bool,
    target: *const Interpreter,
}

impl Drop for Entered {
    fn drop(&mut self) {
        if let Some(saved) = self.saved.take() {
            super::restore_thread(saved);
        }
        if self.marks_running {
            // SAFETY: `target` points into `_hold` (or the static main
            // interpreter), alive for the guard's life.
            unsafe { &*self.target }.running.store(false, Ordering::Release);
        }
        CURRENT.with(|c| c.set(self.prev));
    }
}

/// Switches the calling thread to `interp` (`None`: the main one). With
/// `run_main` the interpreter is marked running for the guard's life
/// (`_PyInterpreterState_SetRunningMain`), which fails with `false` if
/// another thread already runs it. Entering the interpreter the thread
/// is already in changes nothing.
pub fn enter(interp: Option<&Arc<Interpreter>>, run_main: bool) -> Option<Entered> {
    let target: *const Interpreter = match interp {
        Some(i) => Arc::as_ptr(i),
        None => main_interp(),
    };
    // SAFETY: `target` is the static main interpreter or lives in `interp`.
    let t = unsafe { &*target };
    let prev = CURRENT.with(Cell::get);
    let same = if prev.is_null() { t.is_main() } else { core::ptr::eq(prev, target) };
    if run_main && !t.is_main() && t.running.swap(true, Ordering::AcqRel) {
        return None;
    }
    let saved = (!same).then(super::save_thread);
    CURRENT.with(|c| c.set(if t.is_main() { core::ptr::null() } else { target }));
    Some(Entered { prev, _hold: interp.cloned(), saved, marks_running: run_main && !t.is_main(), target })
}

// ---------------------------------------------------------------------
// Creating and destroying interpreters.

/// `new_interpreter` + `init_interp_main`: a new interpreter with its own
/// `builtins`, `sys` and `__main__`, ready to run code.
pub fn new_interpreter(whence: i64) -> PyResult<Arc<Interpreter>> {
    let id = NEXT_ID.fetch_add(1, Ordering::AcqRel);
    let interp = Arc::new(Interpreter::new(id, whence));
    INTERPRETERS.lock().unwrap_or_else(PoisonError::into_inner).push(Arc::clone(&interp));
    let init = {
        let _in = enter(Some(&interp), false);
        (|| -> PyResult<()> {
            let builtins = crate::import::builtin_module("builtins")?;
            crate::import::builtin_module("sys")?;
            let main = crate::objects::moduleobject::new_module("__main__")?;
            main.add_object("__builtins__", &builtins)?;
            crate::import::set_module(&*crate::objects::unicodeobject::intern_str("__main__")?, crate::objects::object::as_obj(&*main))?;
            Ok(())
        })()
    };
    if let Err(e) = init {
        remove(&interp);
        return Err(e);
    }
    interp.ready.store(true, Ordering::Release);
    Ok(interp)
}

fn remove(interp: &Arc<Interpreter>) {
    INTERPRETERS.lock().unwrap_or_else(PoisonError::into_inner).retain(|i| !Arc::ptr_eq(i, interp));
}

/// `Py_EndInterpreter`: joins the interpreter's non-daemon threads
/// (`wait_for_thread_shutdown`), runs its `atexit` functions, empties its
/// modules and collects their cycles, all inside the interpreter, then
/// forgets it. Fails while a thread runs code in it.
pub fn end_interpreter(interp: &Arc<Interpreter>) -> PyResult<()> {
    if !interp.ready.swap(false, Ordering::AcqRel) {
        return Ok(());
    }
    let Some(guard) = enter(Some(interp), true) else {
        interp.ready.store(true, Ordering::Release);
        return Err(crate::sysmod::raise_named(
            "InterpreterError",
            crate::objects::exceptions::runtime_error(),
            "interpreter running",
        ));
    };
    crate::pylifecycle::finalize_subinterpreter();
    if let Ok(d) = interp.dict() {
        d.clear();
    }
    drop(guard);
    remove(interp);
    Ok(())
}

/// Ends every subinterpreter still alive, at exit
/// (`finalize_subinterpreters`); `true` if there were some.
pub fn end_all() -> bool {
    let all: Vec<Arc<Interpreter>> = INTERPRETERS.lock().unwrap_or_else(PoisonError::into_inner).clone();
    for i in &all {
        if end_interpreter(i).is_err() {
            crate::errors::clear();
        }
    }
    !all.is_empty()
}
