//! The GIL, ported from Python/ceval_gil.c (`struct _gil_runtime_state`,
//! `take_gil`, `drop_gil`, `drop_gil_impl`, `_PyEval_SetSwitchInterval`,
//! `_PyEval_GetSwitchInterval`, the `FORCE_SWITCHING` hand-off) in its
//! 3.14t form: a runtime switch layered on the free-threaded memory model.
//! When enabled, a thread state holds the GIL exactly while it is
//! attached: [`ThreadState::attach`](crate::ThreadState::attach) takes it,
//! detaching drops it, and a thread that waits longer than the switch
//! interval sets the holder's `GIL_DROP_REQUEST_BIT`, which the holder
//! honours at its next eval-breaker check by detaching and re-attaching.
//!
//! The mutex/condvar pairs are the crate's internal locks (`std`'s, or
//! loom's under `--cfg loom`), like the head lock: they are never held
//! across Python code, and loom models them directly.

use core::time::Duration;

use crate::shim::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use crate::shim::{Condvar, Mutex, lock, wait, wait_timeout};
use crate::tstate::{ThreadState, eval_breaker};

/// Default switch interval in microseconds (`DEFAULT_INTERVAL`).
pub const DEFAULT_INTERVAL_US: u64 = 5000;

/// What `gil->mutex` protects.
struct GilLocked {
    /// Is the GIL held (`locked`)?
    locked: bool,
    /// Number of hand-offs to a different thread (`switch_number`).
    switch_number: u64,
}

/// The GIL of one interpreter (`struct _gil_runtime_state`).
pub struct Gil {
    /// Is the GIL in use (`enabled`, 3.14t)? Changed only while a single
    /// thread state exists (see [`Gil::set_enabled`]).
    enabled: AtomicBool,
    /// Switch interval in microseconds (`interval`).
    interval_us: AtomicU64,
    /// Address of the last thread state that took the GIL, 0 if none or
    /// if it was deleted (`last_holder`). Written under `mutex`.
    last_holder: AtomicUsize,
    /// `locked` mirrored for lock-free readers (`gil->locked` is atomic).
    locked_flag: AtomicBool,
    mutex: Mutex<GilLocked>,
    /// Signalled when the GIL is dropped (`cond`).
    cond: Condvar,
    /// Serializes the forced-switching hand-shake (`switch_mutex`).
    switch_mutex: Mutex<()>,
    /// Signalled when a thread takes the GIL (`switch_cond`).
    switch_cond: Condvar,
}

impl Default for Gil {
    fn default() -> Self {
        Gil::new()
    }
}

impl Gil {
    /// A disabled, unlocked GIL (`_gil_initialize` + `create_gil`).
    pub fn new() -> Gil {
        Gil {
            enabled: AtomicBool::new(false),
            interval_us: AtomicU64::new(DEFAULT_INTERVAL_US),
            last_holder: AtomicUsize::new(0),
            locked_flag: AtomicBool::new(false),
            mutex: Mutex::new(GilLocked { locked: false, switch_number: 0 }),
            cond: Condvar::new(),
            switch_mutex: Mutex::new(()),
            switch_cond: Condvar::new(),
        }
    }

    /// Is the GIL in use (`_PyEval_IsGILEnabled`)?
    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// Is the GIL held by some thread (`gil->locked`)?
    pub fn is_locked(&self) -> bool {
        self.locked_flag.load(Ordering::Relaxed)
    }

    /// Number of hand-offs between different threads so far.
    pub fn switch_number(&self) -> u64 {
        lock(&self.mutex).switch_number
    }

    /// The switch interval in microseconds (`_PyEval_GetSwitchInterval`).
    pub fn switch_interval_us(&self) -> u64 {
        self.interval_us.load(Ordering::Relaxed)
    }

    /// Sets the switch interval (`_PyEval_SetSwitchInterval`).
    pub fn set_switch_interval_us(&self, us: u64) {
        self.interval_us.store(us, Ordering::Relaxed);
    }

    /// Turns the GIL on or off. Only valid while `me` (attached, or not
    /// attached at all) is the interpreter's only thread state, as at
    /// start-up: CPython 3.14t enables it at initialization or under a
    /// stop-the-world (`_PyEval_EnableGILPermanent`); rupy only at
    /// start-up. Returns `false` (and changes nothing) if other thread
    /// states exist.
    pub fn set_enabled(&self, me: Option<&ThreadState>, on: bool) -> bool {
        if me.is_some_and(|ts| ts.interp().thread_count() > 1) {
            return false;
        }
        if self.is_enabled() == on {
            return true;
        }
        let attached = me.filter(|ts| ts.state() == crate::tstate::THREAD_ATTACHED);
        let mut g = lock(&self.mutex);
        if on {
            if let Some(ts) = attached {
                g.locked = true;
                self.locked_flag.store(true, Ordering::Relaxed);
                self.last_holder.store(core::ptr::from_ref(ts) as usize, Ordering::Relaxed);
                ts.set_holds_gil(true);
            }
            self.enabled.store(true, Ordering::Release);
        } else {
            if let Some(ts) = attached.filter(|ts| ts.holds_gil()) {
                ts.set_holds_gil(false);
                g.locked = false;
                self.locked_flag.store(false, Ordering::Relaxed);
            }
            self.enabled.store(false, Ordering::Release);
        }
        true
    }

    /// Takes the GIL for `ts` (`take_gil`): waits while another thread
    /// holds it; after each switch interval that passes without a
    /// hand-off, asks the holder to drop it. Returns `false` if the GIL
    /// is disabled.
    pub(crate) fn take(&self, ts: &ThreadState) -> bool {
        if !self.is_enabled() {
            return false;
        }
        let me = core::ptr::from_ref(ts) as usize;
        let mut g = lock(&self.mutex);
        while g.locked {
            let saved_switchnum = g.switch_number;
            let interval = Duration::from_micros(self.switch_interval_us().max(1));
            let (g2, timed_out) = wait_timeout(&self.cond, g, interval, &self.mutex);
            g = g2;
            // Timed out with no hand-off meanwhile: ask the holder.
            if timed_out && g.locked && g.switch_number == saved_switchnum {
                let holder = self.last_holder.load(Ordering::Relaxed) as *const ThreadState;
                // SAFETY: `last_holder` is written under `mutex` (held
                // here), and a thread state clears it under `mutex` before
                // it is deleted ([`Gil::forget`]), so a non-null value
                // points at a live thread state.
                if let Some(h) = unsafe { holder.as_ref() } {
                    h.set_eval_breaker_bit(eval_breaker::GIL_DROP_REQUEST_BIT);
                }
            }
        }
        {
            let _switch = lock(&self.switch_mutex);
            g.locked = true;
            self.locked_flag.store(true, Ordering::Relaxed);
            if self.last_holder.load(Ordering::Relaxed) != me {
                self.last_holder.store(me, Ordering::Relaxed);
                g.switch_number = g.switch_number.wrapping_add(1);
            }
            // Wake a holder waiting in `drop` for the hand-off.
            self.switch_cond.notify_all();
        }
        ts.set_holds_gil(true);
        ts.unset_eval_breaker_bit(eval_breaker::GIL_DROP_REQUEST_BIT);
        drop(g);
        true
    }

    /// Drops the GIL held by `ts` (`drop_gil`). With a pending drop
    /// request and `final_release` false, waits until another thread has
    /// taken it (forced switching), so the requester really runs.
    pub(crate) fn drop_gil(&self, ts: &ThreadState, final_release: bool) {
        assert!(ts.holds_gil(), "drop_gil: GIL is not held by this thread");
        ts.set_holds_gil(false);
        let me = core::ptr::from_ref(ts) as usize;
        {
            // `drop_gil_impl`.
            let mut g = lock(&self.mutex);
            self.last_holder.store(me, Ordering::Relaxed);
            g.locked = false;
            self.locked_flag.store(false, Ordering::Relaxed);
            self.cond.notify_one();
        }
        if !final_release && ts.eval_breaker().load(Ordering::Acquire) & eval_breaker::GIL_DROP_REQUEST_BIT != 0 {
            let mut s = lock(&self.switch_mutex);
            // Not switched yet: wait for the requester to take it.
            if self.last_holder.load(Ordering::Relaxed) == me {
                ts.unset_eval_breaker_bit(eval_breaker::GIL_DROP_REQUEST_BIT);
                while self.last_holder.load(Ordering::Relaxed) == me {
                    s = wait(&self.switch_cond, s);
                }
            }
            drop(s);
        }
    }

    /// Forgets `ts` as the last holder before it is deleted, so that no
    /// waiter signals a freed thread state.
    pub(crate) fn forget(&self, ts: &ThreadState) {
        let _g = lock(&self.mutex);
        if self.last_holder.load(Ordering::Relaxed) == core::ptr::from_ref(ts) as usize {
            self.last_holder.store(0, Ordering::Relaxed);
        }
    }
}
