//! Interpreter and thread states, ported from the runtime-level parts of
//! Python/pystate.c (`PyInterpreterState`, `PyThreadState`,
//! `_PyThreadState_GET`, `PyGILState_Ensure`'s lazy creation), the hash
//! seed of Python/pylifecycle.c / Python/initconfig.c, the recursion guard
//! of Python/ceval.c (`_Py_EnterRecursiveCall`) and `Py_ReprEnter` /
//! `Py_ReprLeave` of Objects/object.c. The memory-model half of both
//! states (attach/detach, BRC, QSBR, stop-the-world) is `rupy_gc::tstate`,
//! which these own.

pub mod ceval_gil;
pub mod gc;
pub mod interpreters;
pub mod pyhash;

use core::cell::Cell;
use core::ptr::NonNull;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicI32, AtomicIsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rupy_gc::ObjectHeader;
use rupy_gc::tstate::THREAD_ATTACHED;
use rupy_sync::blocking::{BlockingHooks, set_hooks};

use crate::objects::unicodeobject::StrObject;
use pyhash::HashSecret;

/// Default `sys.getrecursionlimit()` (`Py_DEFAULT_RECURSION_LIMIT`).
pub const DEFAULT_RECURSION_LIMIT: i32 = 1000;
/// Default `sys.get_int_max_str_digits()`
/// (`_PY_LONG_DEFAULT_MAX_STR_DIGITS`).
pub const DEFAULT_MAX_STR_DIGITS: isize = 4300;

/// The interpreter (`PyInterpreterState`): the memory-model state of
/// `rupy_gc`, the hash secret, the interned-string table and the limits
/// that `sys` exposes. There is one per process for now.
pub struct Interp {
    gc: Arc<rupy_gc::Interp>,
    hash_secret: HashSecret,
    /// Interned strings (`interp->cached_objects.interned_strings`); every
    /// entry is immortal, so the set holds plain pointers.
    interned: Mutex<HashSet<InternKey>>,
    /// `sys.setrecursionlimit` (`ceval.recursion_limit`).
    recursion_limit: AtomicI32,
    /// `sys.set_int_max_str_digits` (`long_state.max_str_digits`).
    int_max_str_digits: AtomicIsize,
}

/// A key of the interned table: an immortal exact `str`, hashed and
/// compared by value.
struct InternKey(NonNull<StrObject>);

// SAFETY: the pointee is an immortal, immutable str; sharing its address
// between threads is sound.
unsafe impl Send for InternKey {}

impl InternKey {
    fn get(&self) -> &StrObject {
        // SAFETY: keys point at immortal strings (or, for a lookup probe,
        // at a string the caller holds alive for the lookup).
        unsafe { self.0.as_ref() }
    }
}

impl Hash for InternKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_isize(self.get().hash());
    }
}

impl PartialEq for InternKey {
    fn eq(&self, other: &Self) -> bool {
        self.get().eq_str(other.get())
    }
}

impl Eq for InternKey {}

static INTERP: OnceLock<Interp> = OnceLock::new();

/// The blocking hooks: `rupy-gc`'s detach and attach of the thread state
/// while a thread sleeps on a lock (`_PySemaphore_Wait`'s
/// `PyEval_ReleaseThread`), with the runtime's signal handling for
/// interrupted waits. Installed after `rupy_gc::Interp::new`, which
/// installs the `rupy-gc` ones.
static HOOKS: BlockingHooks = BlockingHooks {
    detach: rupy_gc::tstate::hook_detach,
    attach: rupy_gc::tstate::hook_attach,
    interrupt: hook_interrupt,
};

/// `Py_MakePendingCalls` for a wait a signal interrupted: runs the
/// Python signal handlers (on the main thread only, as CPython); `true`
/// if one raised, which fails the wait with that exception set.
fn hook_interrupt() -> bool {
    crate::signals::check_signals().is_err()
}

/// The interpreter, created on first use (`Py_Initialize`'s
/// `pycore_create_interpreter` and `_Py_HashRandomization_Init`).
/// An invalid `PYTHONHASHSEED` is CPython's fatal start-up error.
pub fn interp() -> &'static Interp {
    INTERP.get_or_init(|| {
        let seed = std::env::var("PYTHONHASHSEED").ok();
        let hash_secret = match HashSecret::from_env_value(seed.as_deref()) {
            Ok(s) => s,
            Err(msg) => {
                eprintln!("Fatal Python error: config_init_hash_seed: {msg}");
                std::process::exit(1);
            }
        };
        let gc = rupy_gc::Interp::new();
        set_hooks(&HOOKS);
        // No thread state exists yet: the first to attach takes the GIL.
        gc.gil().set_enabled(None, ceval_gil::default_enabled());
        Interp {
            gc,
            hash_secret,
            interned: Mutex::new(HashSet::new()),
            recursion_limit: AtomicI32::new(DEFAULT_RECURSION_LIMIT),
            int_max_str_digits: AtomicIsize::new(DEFAULT_MAX_STR_DIGITS),
        }
    })
}

impl Interp {
    /// The memory-model state (BRC, QSBR, stop-the-world).
    pub fn gc(&self) -> &Arc<rupy_gc::Interp> {
        &self.gc
    }

    /// The string-hash key (`_Py_HashSecret`).
    pub fn hash_secret(&self) -> &HashSecret {
        &self.hash_secret
    }

    /// `sys.getrecursionlimit()`.
    pub fn recursion_limit(&self) -> i32 {
        self.recursion_limit.load(Ordering::Relaxed)
    }

    /// `sys.setrecursionlimit(limit)` (`Py_SetRecursionLimit`).
    pub fn set_recursion_limit(&self, limit: i32) {
        self.recursion_limit.store(limit, Ordering::Relaxed);
    }

    /// `sys.get_int_max_str_digits()`; 0 means unlimited.
    pub fn int_max_str_digits(&self) -> isize {
        self.int_max_str_digits.load(Ordering::Relaxed)
    }

    /// `sys.set_int_max_str_digits(n)`, already validated by the caller.
    pub fn set_int_max_str_digits(&self, n: isize) {
        self.int_max_str_digits.store(n, Ordering::Relaxed);
    }

    /// Looks `s` up in the interned table, inserting it (made immortal) if
    /// absent (`intern_common` of Objects/unicodeobject.c). Returns the
    /// canonical string, which is immortal.
    pub(crate) fn intern(&self, s: &StrObject) -> NonNull<StrObject> {
        let probe = InternKey(NonNull::from(s));
        let mut table = self.interned.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = table.get(&probe) {
            return found.0;
        }
        s.make_interned();
        table.insert(probe);
        NonNull::from(s)
    }

    /// Number of interned strings.
    pub fn interned_count(&self) -> usize {
        self.interned.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }
}

/// The Python-level thread state (`PyThreadState`): owns the memory-model
/// thread state and keeps the raised exception, the recursion depth and
/// the `Py_ReprEnter` stack. Each OS thread gets one on first use
/// (`PyGILState_Ensure`), attached for the thread's life (detached only
/// while it blocks), and deleted when the thread exits.
pub struct ThreadState {
    gc: Arc<rupy_gc::ThreadState>,
    /// The raised exception (`current_exception`), owned; null if none.
    current_exception: Cell<Option<NonNull<ObjectHeader>>>,
    /// Native recursion depth (`c_recursion_remaining`, counted up).
    recursion_depth: Cell<i32>,
    /// Objects whose repr is being computed (`Py_ReprEnter`'s list).
    repr_stack: Cell<Vec<usize>>,
    /// The current `contextvars.Context` (`tstate->context`), owned.
    context: Cell<Option<NonNull<ObjectHeader>>>,
    /// Torn down by [`delete_current_thread`]; the thread-local's
    /// destructor then has nothing left to do.
    deleted: Cell<bool>,
}

std::thread_local!(static TSTATE: ThreadState = ThreadState::new());

impl ThreadState {
    fn new() -> ThreadState {
        let gc = rupy_gc::ThreadState::new(interp().gc());
        gc.attach();
        ThreadState {
            gc,
            current_exception: Cell::new(None),
            recursion_depth: Cell::new(0),
            repr_stack: Cell::new(Vec::new()),
            context: Cell::new(None),
            deleted: Cell::new(false),
        }
    }

    /// `PyThreadState_Clear` + `_PyThreadState_DeleteCurrent`: drops the
    /// Python-level state while still attached (freeing may run Python
    /// code's finalizers), then leaves the interpreter's thread list.
    fn teardown(&self) {
        if self.deleted.replace(true) {
            return;
        }
        // The handled exception of the eval loop and the raised one.
        crate::vm::clear_thread();
        if let Some(exc) = self.current_exception.take() {
            // SAFETY: the thread state owned this reference.
            unsafe { rupy_gc::refcount::decref(exc) };
        }
        if let Some(ctx) = self.context.take() {
            // SAFETY: the thread state owned this reference.
            unsafe { rupy_gc::refcount::decref(ctx) };
        }
        if rupy_gc::tstate::current().is_none() {
            // Detached by a blocking hook that never returned: reattach to
            // tear down properly.
            self.gc.attach();
        }
        Arc::clone(&self.gc).delete_current();
    }

    /// Has this thread state been deleted?
    pub fn is_deleted(&self) -> bool {
        self.deleted.get()
    }

    /// The memory-model thread state.
    pub fn gc(&self) -> &rupy_gc::ThreadState {
        &self.gc
    }

    /// Takes the raised exception (`_PyErr_GetRaisedException`).
    pub(crate) fn take_exception(&self) -> Option<NonNull<ObjectHeader>> {
        self.current_exception.take()
    }

    /// Replaces the raised exception, returning the previous one
    /// (`_PyErr_SetRaisedException` without the decref).
    pub(crate) fn replace_exception(&self, exc: Option<NonNull<ObjectHeader>>) -> Option<NonNull<ObjectHeader>> {
        self.current_exception.replace(exc)
    }

    /// Is an exception set (`_PyErr_Occurred` != NULL)?
    pub(crate) fn peek_exception(&self) -> Option<NonNull<ObjectHeader>> {
        let e = self.current_exception.get();
        e
    }

    /// Handles the memory-model requests of the eval breaker: parks for a
    /// stop-the-world, merges refcounts other threads queued, reports a
    /// quiescent state and runs ready delayed frees. The eval loop calls
    /// it between instructions; long-running native loops call it too.
    pub fn handle_eval_breaker(&self) {
        self.gc.handle_eval_breaker();
    }

    /// The eval loop's cheap poll: requests at once, quiescent states and
    /// delayed frees periodically (`rupy_gc::ThreadState::poll_eval_breaker`).
    /// Returns the request bits left for the runtime (signals).
    #[inline]
    pub fn poll_eval_breaker(&self) -> usize {
        self.gc.poll_eval_breaker()
    }

    /// Sets eval-breaker request bits.
    pub fn set_eval_breaker_bit(&self, bit: usize) {
        self.gc.set_eval_breaker_bit(bit);
    }

    /// Clears eval-breaker request bits.
    pub fn unset_eval_breaker_bit(&self, bit: usize) {
        self.gc.unset_eval_breaker_bit(bit);
    }

    /// The thread's memory-model state, shared (the signal handler sets
    /// the main thread's eval breaker through it).
    pub fn gc_state(&self) -> Arc<rupy_gc::ThreadState> {
        self.gc.clone()
    }
}

impl Drop for ThreadState {
    fn drop(&mut self) {
        // A thread that exits without `delete_current_thread` (a plain
        // Rust thread that used objects) is torn down here.
        self.teardown();
    }
}

/// Replaces the calling thread's current context (`tstate->context`),
/// returning the previous one (owned references both ways).
pub fn swap_context(ctx: Option<crate::objects::object::ObjRef>) -> Option<crate::objects::object::ObjRef> {
    let new = ctx.map(|c| c.into_raw());
    let old = with_tstate(|ts| ts.context.replace(new));
    // SAFETY: the thread state owned the reference it held.
    old.map(|p| unsafe { rupy_gc::PyRef::from_raw(p) })
}

/// A new reference to the calling thread's current context, if any.
pub fn current_context() -> Option<crate::objects::object::ObjRef> {
    with_tstate(|ts| {
        let p = ts.context.get()?;
        // SAFETY: the thread state holds a reference, so the object is live.
        Some(crate::objects::object::new_ref(unsafe { p.as_ref() }))
    })
}

/// Deletes the calling thread's thread state before the thread exits
/// (`PyThreadState_Clear` + `_PyThreadState_DeleteCurrent`, as
/// `thread_run` of Modules/_threadmodule.c does): clears its exceptions,
/// merges its refcounts, hands its pending delayed frees to the
/// interpreter and leaves the thread list, so no stop-the-world or BRC
/// queue waits for it. The thread must not use objects afterwards.
/// Does nothing on a thread that never had one.
pub fn delete_current_thread() {
    let _ = TSTATE.try_with(ThreadState::teardown);
}

/// Runs `f` with the calling thread's thread state, creating and
/// attaching it first if needed (`_PyThreadState_GET` +
/// `PyGILState_Ensure`). Also makes sure the builtin types are ready.
pub fn with_tstate<R>(f: impl FnOnce(&ThreadState) -> R) -> R {
    crate::objects::typeobject::ready_builtin_types();
    TSTATE.with(f)
}

/// Runs `f` with the calling thread's thread state if it has one (not
/// while the thread is being torn down).
pub(crate) fn with_tstate_if_any(f: impl FnOnce(&ThreadState)) {
    let _ = TSTATE.try_with(f);
}

/// The calling thread's thread state without the readiness check, for
/// the error indicator and other paths that type readiness itself uses.
pub(crate) fn tstate_raw<R>(f: impl FnOnce(&ThreadState) -> R) -> R {
    TSTATE.with(f)
}

/// Makes sure the calling thread has an attached thread state and the
/// runtime is initialized. Call it first on a thread that will use
/// objects.
pub fn ensure() {
    with_tstate(|_| ());
}

/// Runs `f` with the calling thread's thread state detached
/// (`Py_BEGIN_ALLOW_THREADS` / `Py_END_ALLOW_THREADS`): for blocking
/// calls that take no Python lock, so that a stop-the-world need not wait
/// for them. The thread's critical sections are suspended meanwhile.
/// `f` must not touch Python objects.
pub fn allow_threads<R>(f: impl FnOnce() -> R) -> R {
    match rupy_gc::tstate::current() {
        Some(ts) if ts.state() == THREAD_ATTACHED => {
            ts.detach();
            let r = f();
            ts.attach();
            r
        }
        _ => f(),
    }
}

/// The bound on levels of native recursion, whatever the recursion limit
/// (CPython 3.13's `Py_C_RECURSION_LIMIT`). CPython 3.14 bounds native
/// recursion by the stack alone, as [`enter_recursive_call`] also does;
/// the count keeps the iterative ports of recursive C code (the json
/// scanner's explicit stack) failing on the deep inputs CPython's
/// recursion fails on.
const C_RECURSION_LIMIT: i32 = 10_000;

/// `_Py_EnterRecursiveCall`: counts one more level of native recursion,
/// raising `RecursionError("maximum recursion depth exceeded" + where_)`
/// past [`C_RECURSION_LIMIT`] or when the native stack runs low. The
/// Python recursion limit (`sys.setrecursionlimit`) applies to Python
/// frames only, in the eval loop.
pub fn enter_recursive_call(where_: &str) -> crate::errors::PyResult<()> {
    let marker = 0u8;
    let here = core::ptr::from_ref(&marker) as usize;
    let (low, high) = c_stack_bounds();
    if here < low && RECURSION_HEADROOM.get() == 0 {
        RECURSION_HEADROOM.set(1);
        let err = crate::errors::set_string(
            crate::objects::exceptions::recursion_error(),
            &format!("Stack overflow (used {} kB){where_}", high.saturating_sub(here) / 1024),
        );
        RECURSION_HEADROOM.set(0);
        return Err(err);
    }
    let over = tstate_raw(|ts| {
        let depth = ts.recursion_depth.get() + 1;
        ts.recursion_depth.set(depth);
        depth > C_RECURSION_LIMIT
    });
    if over {
        // `tstate->recursion_headroom`: creating the RecursionError calls
        // the exception type, which recurses through here again; while
        // that happens the limit does not apply, or the error would
        // recurse forever (CPython gives the same 50 levels of headroom).
        if RECURSION_HEADROOM.get() > 0 {
            return Ok(());
        }
        RECURSION_HEADROOM.set(RECURSION_HEADROOM.get() + 1);
        let err = crate::errors::set_string(
            crate::objects::exceptions::recursion_error(),
            &format!("maximum recursion depth exceeded{where_}"),
        );
        RECURSION_HEADROOM.set(RECURSION_HEADROOM.get() - 1);
        leave_recursive_call();
        return Err(err);
    }
    Ok(())
}

/// Native stack kept free below the soft limit: enough for one more
/// level of native calls to raise the RecursionError and unwind.
const C_STACK_MARGIN: usize = 256 * 1024;

/// The calling thread's `c_stack_soft_limit` and `c_stack_top`
/// (`_Py_InitializeRecursionLimits`): native recursion (a call through a
/// type's `tp_call`, a `__repr__` of a container) is refused once the
/// stack pointer goes below the soft limit, before the stack overflows.
/// `(0, 0)` (no limit) where the thread's stack cannot be found.
fn c_stack_bounds() -> (usize, usize) {
    C_STACK_BOUNDS.with(|c| {
        if let Some(b) = c.get() {
            return b;
        }
        let b = thread_stack().map_or((0, 0), |(base, size)| (base + C_STACK_MARGIN.min(size / 2), base + size));
        c.set(Some(b));
        b
    })
}

/// The lowest address and the size of the calling thread's stack.
#[cfg(target_os = "linux")]
fn thread_stack() -> Option<(usize, usize)> {
    // SAFETY: `attr` is filled by pthread_getattr_np for the calling
    // thread and destroyed once read; the out-pointers are locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = core::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = core::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let r = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (r == 0 && !addr.is_null()).then_some((addr as usize, size))
    }
}

#[cfg(not(target_os = "linux"))]
fn thread_stack() -> Option<(usize, usize)> {
    None
}

thread_local! {
    /// [`c_stack_bounds`], computed on first use.
    static C_STACK_BOUNDS: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
    /// `tstate->recursion_headroom`: non-zero while this thread is
    /// creating a RecursionError.
    static RECURSION_HEADROOM: Cell<u32> = const { Cell::new(0) };
}

/// `_Py_LeaveRecursiveCall`.
pub fn leave_recursive_call() {
    tstate_raw(|ts| ts.recursion_depth.set(ts.recursion_depth.get() - 1));
}

/// `Py_ReprEnter`: `true` if `obj`'s repr is already being computed on
/// this thread (a self-referential container), otherwise records it.
pub fn repr_enter(obj: &ObjectHeader) -> bool {
    let addr = core::ptr::from_ref(obj) as usize;
    tstate_raw(|ts| {
        let mut stack = ts.repr_stack.take();
        let found = stack.contains(&addr);
        if !found {
            stack.push(addr);
        }
        ts.repr_stack.set(stack);
        found
    })
}

/// `Py_ReprLeave`: forgets the latest record of `obj`.
pub fn repr_leave(obj: &ObjectHeader) {
    let addr = core::ptr::from_ref(obj) as usize;
    tstate_raw(|ts| {
        let mut stack = ts.repr_stack.take();
        if let Some(i) = stack.iter().rposition(|&a| a == addr) {
            stack.remove(i);
        }
        ts.repr_stack.set(stack);
    });
}

/// The Python-level state of a thread set aside while it runs in another
/// interpreter (the parts of the `PyThreadState` that `_PyXI_Enter`
/// switches away from): the raised exception, the context and the eval
/// loop's state.
pub(crate) struct SavedThread {
    exception: Option<NonNull<ObjectHeader>>,
    context: Option<NonNull<ObjectHeader>>,
    vm: crate::vm::SavedVm,
}

/// Sets the calling thread's Python-level state aside, leaving it fresh.
pub(crate) fn save_thread() -> SavedThread {
    let (exception, context) = tstate_raw(|ts| (ts.current_exception.take(), ts.context.take()));
    SavedThread { exception, context, vm: crate::vm::save_thread() }
}

/// Puts back what [`save_thread`] set aside, dropping what the other
/// interpreter left.
pub(crate) fn restore_thread(saved: SavedThread) {
    crate::vm::restore_thread(saved.vm);
    let (exc, ctx) = tstate_raw(|ts| (ts.current_exception.replace(saved.exception), ts.context.replace(saved.context)));
    for p in [exc, ctx].into_iter().flatten() {
        // SAFETY: the thread state owned these references.
        unsafe { rupy_gc::refcount::decref(p) };
    }
}
