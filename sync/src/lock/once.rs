//! Port of `_PyOnceFlag` (Include/internal/pycore_lock.h, Python/lock.c).

use super::{HAS_PARKED, LOCKED, ONCE_INITIALIZED, UNLOCKED};
use crate::parking_lot;
use crate::shim::atomic::{AtomicU8, Ordering};

/// Port of `_PyOnceFlag`: runs a fallible initialisation exactly once
/// successfully. A failed attempt leaves the flag uninitialised, so the
/// next caller tries again; concurrent callers wait for the running attempt.
#[derive(Debug)]
pub struct PyOnceFlag {
    v: AtomicU8,
}

impl Default for PyOnceFlag {
    fn default() -> Self {
        Self::new()
    }
}

/// Resets a flag to "not initialised" if `init` unwinds, so that waiters
/// are released and a later caller retries (CPython's `fn` cannot unwind).
struct ResetOnUnwind<'a>(&'a PyOnceFlag);

impl Drop for ResetOnUnwind<'_> {
    fn drop(&mut self) {
        self.0.unlock_once(false);
    }
}

impl PyOnceFlag {
    loom_const_fn! {
        /// A flag that has not run its initialisation.
        pub fn new() -> Self {
            Self { v: AtomicU8::new(UNLOCKED) }
        }
    }

    /// Whether an initialisation has succeeded.
    pub fn is_initialized(&self) -> bool {
        self.v.load(Ordering::Acquire) == ONCE_INITIALIZED
    }

    /// Port of `_PyOnceFlag_CallOnce`: returns `Ok(())` at once if an
    /// initialisation already succeeded; otherwise runs `init` (or waits
    /// for the thread running it) and returns its result. After an `Err`
    /// the flag is reset and the next call runs its own `init`.
    #[inline]
    pub fn call_once<E>(&self, init: impl FnOnce() -> Result<(), E>) -> Result<(), E> {
        if self.v.load(Ordering::Acquire) == ONCE_INITIALIZED {
            return Ok(());
        }
        self.call_once_slow(init)
    }

    /// Port of `_PyOnceFlag_CallOnceSlow`.
    #[cold]
    fn call_once_slow<E>(&self, init: impl FnOnce() -> Result<(), E>) -> Result<(), E> {
        let mut v = self.v.load(Ordering::Acquire);
        loop {
            if v == UNLOCKED {
                if let Err(now) = self.v.compare_exchange(v, LOCKED, Ordering::Acquire, Ordering::Acquire) {
                    v = now;
                    continue;
                }
                let reset = ResetOnUnwind(self);
                let res = init();
                std::mem::forget(reset);
                self.unlock_once(res.is_ok());
                return res;
            }

            if v == ONCE_INITIALIZED {
                return Ok(());
            }

            // Another thread is running its initialisation.
            debug_assert!(v & LOCKED != 0);
            if v & HAS_PARKED == 0 {
                let newv = v | HAS_PARKED;
                if let Err(now) = self.v.compare_exchange(v, newv, Ordering::Acquire, Ordering::Acquire) {
                    v = now;
                    continue;
                }
                v = newv;
            }
            let _ = parking_lot::park(&self.v, v, None, std::ptr::null(), true);
            v = self.v.load(Ordering::Acquire);
        }
    }

    /// Port of `unlock_once`: publishes the outcome and wakes the waiters.
    fn unlock_once(&self, success: bool) {
        let new_value = if success { ONCE_INITIALIZED } else { UNLOCKED };
        let old = self.v.swap(new_value, Ordering::AcqRel);
        if old & HAS_PARKED != 0 {
            parking_lot::unpark_all(&self.v);
        }
    }
}
