//! Port of `_PyRecursiveMutex` (Include/internal/pycore_lock.h,
//! Python/lock.c, as in CPython 3.14).

use std::time::Duration;

use super::{LockFlags, LockResult, PyMutex};
use crate::shim::atomic::{AtomicUsize, Ordering};
use crate::thread::thread_id;

/// Port of `_PyRecursiveMutex`: a [`PyMutex`] that its owner may lock again.
/// The owner is identified by [`thread_id`] (CPython:
/// `PyThread_get_thread_ident_ex`).
#[derive(Debug)]
pub struct PyRecursiveMutex {
    mutex: PyMutex,
    thread: AtomicUsize,
    /// Extra lock count beyond the first; only the owner touches it.
    level: AtomicUsize,
}

impl Default for PyRecursiveMutex {
    fn default() -> Self {
        Self::new()
    }
}

impl PyRecursiveMutex {
    loom_const_fn! {
        /// An unlocked recursive mutex.
        pub fn new() -> Self {
            Self { mutex: PyMutex::new(), thread: AtomicUsize::new(0), level: AtomicUsize::new(0) }
        }
    }

    /// Port of `recursive_mutex_is_owned_by`.
    fn is_owned_by(&self, tid: usize) -> bool {
        self.thread.load(Ordering::Relaxed) == tid
    }

    /// Whether any thread holds the mutex (`_PyRecursiveMutex_IsLocked`).
    pub fn is_locked(&self) -> bool {
        self.thread.load(Ordering::Relaxed) != 0
    }

    /// Port of `_PyRecursiveMutex_IsLockedByCurrentThread`.
    pub fn is_locked_by_me(&self) -> bool {
        self.is_owned_by(thread_id())
    }

    /// Port of `_PyRecursiveMutex_Lock`.
    pub fn lock(&self) {
        let res = self.lock_timed(None, LockFlags::DETACH);
        debug_assert_eq!(res, LockResult::Acquired);
    }

    /// Port of `_PyRecursiveMutex_LockTimed`.
    pub fn lock_timed(&self, timeout: Option<Duration>, flags: LockFlags) -> LockResult {
        let tid = thread_id();
        if self.is_owned_by(tid) {
            self.level.fetch_add(1, Ordering::Relaxed);
            return LockResult::Acquired;
        }
        let res = self.mutex.lock_timed(timeout, flags);
        if res == LockResult::Acquired {
            self.thread.store(tid, Ordering::Relaxed);
            debug_assert_eq!(self.level.load(Ordering::Relaxed), 0);
        }
        res
    }

    /// Port of `_PyRecursiveMutex_TryUnlock`: `false` if the calling thread
    /// does not own the mutex.
    pub fn try_unlock(&self) -> bool {
        if !self.is_locked_by_me() {
            return false;
        }
        if self.level.load(Ordering::Relaxed) > 0 {
            self.level.fetch_sub(1, Ordering::Relaxed);
            return true;
        }
        self.thread.store(0, Ordering::Relaxed);
        self.mutex.unlock();
        true
    }

    /// Port of `_PyRecursiveMutex_Unlock`.
    ///
    /// # Panics
    /// If the calling thread does not own the mutex (CPython: fatal error).
    pub fn unlock(&self) {
        assert!(self.try_unlock(), "unlocking a recursive mutex that is not owned by the current thread");
    }
}
