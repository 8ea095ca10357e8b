//! Port of `PyEvent` (Include/internal/pycore_lock.h, Python/lock.c).

use std::time::Duration;

use super::{HAS_PARKED, LOCKED, UNLOCKED};
use crate::parking_lot;
use crate::shim::atomic::{AtomicU8, Ordering};

/// Port of `PyEvent`: a one-shot event. Once set it stays set; waiters
/// park until then.
#[derive(Debug)]
pub struct PyEvent {
    v: AtomicU8,
}

impl Default for PyEvent {
    fn default() -> Self {
        Self::new()
    }
}

impl PyEvent {
    loom_const_fn! {
        /// An event that is not set.
        pub fn new() -> Self {
            Self { v: AtomicU8::new(UNLOCKED) }
        }
    }

    /// Port of `_PyEvent_IsSet`.
    pub fn is_set(&self) -> bool {
        self.v.load(Ordering::SeqCst) == LOCKED
    }

    /// Port of `_PyEvent_Notify`: sets the event and wakes every waiter.
    pub fn set(&self) {
        let v = self.v.swap(LOCKED, Ordering::SeqCst);
        if v == HAS_PARKED {
            parking_lot::unpark_all(&self.v);
        } else {
            debug_assert!(v == UNLOCKED || v == LOCKED);
        }
    }

    /// Port of `PyEvent_Wait`: waits until the event is set, detached.
    pub fn wait(&self) {
        while !self.wait_timed(None, true) {}
    }

    /// `PyEvent_WaitTimed` with `detach` set: waits at most `timeout`;
    /// returns whether the event is set.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.wait_timed(Some(timeout), true)
    }

    /// Port of `PyEvent_WaitTimed`: waits at most `timeout` (`None`:
    /// forever, though like CPython it may return early, `false`, on a
    /// signal); returns whether the event is set.
    pub fn wait_timed(&self, timeout: Option<Duration>, detach: bool) -> bool {
        loop {
            let v = self.v.load(Ordering::SeqCst);
            if v == LOCKED {
                return true;
            }
            if v == UNLOCKED
                && self.v.compare_exchange(v, HAS_PARKED, Ordering::SeqCst, Ordering::SeqCst).is_err()
            {
                continue;
            }
            let _ = parking_lot::park(&self.v, HAS_PARKED, timeout, std::ptr::null(), detach);
            return self.v.load(Ordering::SeqCst) == LOCKED;
        }
    }
}
