//! What a thread does around blocking: the hooks through which the layer
//! above (the thread states of `rupy-gc`) detaches while a thread sleeps in
//! the parking lot, and learns of interrupts.
//!
//! CPython hard-wires these: `_PySemaphore_Wait` (Python/parking_lot.c)
//! calls `PyEval_ReleaseThread`/`PyEval_AcquireThread` around the wait when
//! `detach` is set, and `_PyMutex_LockTimed` (Python/lock.c) calls
//! `Py_MakePendingCalls` when a wait with `_PY_LOCK_HANDLE_SIGNALS` is
//! interrupted. This crate knows nothing of thread states, so it calls the
//! installed [`BlockingHooks`] instead.

use std::sync::atomic::{AtomicPtr, Ordering};

use crate::critical_section;

/// The calls a blocking thread makes into the runtime above this crate.
#[derive(Debug)]
pub struct BlockingHooks {
    /// Called before a wait that may detach (CPython: `PyEval_ReleaseThread`
    /// in `_PySemaphore_Wait`). Returns `true` if the thread detached, in
    /// which case `attach` is called after the wait. CPython's detach also
    /// suspends the thread's critical sections
    /// (`_PyCriticalSection_SuspendAll` in `_PyThreadState_Detach`), so an
    /// installed `detach` must call [`critical_section::suspend_all`] and
    /// `attach` must call [`critical_section::resume`].
    pub detach: fn() -> bool,
    /// Called after the wait when `detach` returned `true` (CPython:
    /// `PyEval_AcquireThread`).
    pub attach: fn(),
    /// Called when a wait with [`crate::LockFlags::HANDLE_SIGNALS`] was
    /// interrupted by a signal (CPython: `Py_MakePendingCalls() < 0`).
    /// Returns `true` if the pending calls raised, which fails the lock with
    /// [`crate::LockResult::Interrupted`].
    pub interrupt: fn() -> bool,
}

/// The hooks in force until [`set_hooks`] is called: a thread without a
/// runtime thread state still suspends its critical sections while it
/// blocks, which is what makes critical sections deadlock-free.
static DEFAULT_HOOKS: BlockingHooks = BlockingHooks {
    detach: default_detach,
    attach: critical_section::resume,
    interrupt: default_interrupt,
};

static HOOKS: AtomicPtr<BlockingHooks> = AtomicPtr::new(std::ptr::null_mut());

fn default_detach() -> bool {
    critical_section::suspend_all();
    true
}

fn default_interrupt() -> bool {
    false
}

/// Installs the runtime's blocking hooks for every thread of the process.
pub fn set_hooks(hooks: &'static BlockingHooks) {
    HOOKS.store(std::ptr::from_ref(hooks).cast_mut(), Ordering::Release);
}

/// The hooks in force: the installed ones, or the defaults.
pub(crate) fn hooks() -> &'static BlockingHooks {
    let installed = HOOKS.load(Ordering::Acquire);
    if installed.is_null() {
        &DEFAULT_HOOKS
    } else {
        // SAFETY: the only non-null value ever stored is a `&'static
        // BlockingHooks` (set_hooks), so the pointer is valid forever and
        // never used to write.
        unsafe { &*installed }
    }
}
