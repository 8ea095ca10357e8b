//! Port of Python/lock.c and Include/internal/pycore_lock.h (with
//! Include/cpython/lock.h): `PyMutex` here, the other primitives of lock.c
//! in the submodules.

mod event;
mod once;
pub(crate) mod raw;
mod recursive;
mod rwmutex;
mod seqlock;

pub use event::PyEvent;
pub use once::PyOnceFlag;
pub use recursive::PyRecursiveMutex;
pub use rwmutex::PyRWMutex;
pub use seqlock::PySeqLock;

use std::time::Duration;

use crate::blocking;
use crate::parking_lot::{self, ParkResult};
use crate::shim::atomic::{AtomicU8, Ordering};
use crate::shim::cell::UnsafeCell;
use crate::shim::{clock, thread};

/// `_Py_UNLOCKED` (Include/cpython/lock.h).
pub(crate) const UNLOCKED: u8 = 0;
/// `_Py_LOCKED`.
pub(crate) const LOCKED: u8 = 1;
/// `_Py_HAS_PARKED` (Include/internal/pycore_lock.h).
pub(crate) const HAS_PARKED: u8 = 2;
/// `_Py_ONCE_INITIALIZED`.
pub(crate) const ONCE_INITIALIZED: u8 = 4;

/// `TIME_TO_BE_FAIR_NS` (Python/lock.c): after waiting this long, a waiter
/// is handed the lock directly by the unlocking thread.
const TIME_TO_BE_FAIR_NS: u64 = 1_000_000;

/// `MAX_SPIN_COUNT` (Python/lock.c, free-threaded build). Under loom a
/// single spin keeps the path covered without multiplying interleavings.
const MAX_SPIN_COUNT: u32 = if cfg!(loom) { 1 } else { 40 };

bitflags::bitflags! {
    /// Port of `_PyLockFlags` (Include/internal/pycore_lock.h), same bits.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct LockFlags: u8 {
        /// `_PY_LOCK_DETACH`: detach while waiting (see [`crate::blocking`]).
        const DETACH = 1;
        /// `_PY_LOCK_HANDLE_SIGNALS`: on a signal, run the interrupt hook and
        /// fail if it says so.
        const HANDLE_SIGNALS = 2;
        /// `_PY_FAIL_IF_INTERRUPTED`: fail when a signal interrupts the wait.
        const FAIL_IF_INTERRUPTED = 4;
    }
}

impl LockFlags {
    /// `_Py_LOCK_DONT_DETACH`: no flag.
    pub const DONT_DETACH: Self = Self::empty();
}

/// Port of `PyLockStatus` (Include/cpython/pythread.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum LockResult {
    /// `PY_LOCK_FAILURE`: timed out (or the lock was busy, for a try).
    Failure,
    /// `PY_LOCK_ACQUIRED`.
    Acquired,
    /// `PY_LOCK_INTR`: interrupted by a signal.
    Interrupted,
}

/// Port of `PyMutex` (Include/cpython/lock.h): a one-byte lock whose
/// waiters park in the [parking lot](crate::parking_lot).
///
/// Bit 0 is `_Py_LOCKED`, bit 1 `_Py_HAS_PARKED`. Any thread may unlock it
/// (there is no owner), as in CPython.
#[derive(Debug)]
#[repr(transparent)]
pub struct PyMutex {
    bits: AtomicU8,
}

#[cfg(not(loom))]
const _: () = assert!(size_of::<PyMutex>() == 1);

/// Port of `struct mutex_entry` (Python/lock.c): what a parked locker tells
/// the unlocking thread, through its `park_arg`.
struct MutexEntry {
    /// When the unlocking thread should hand the lock over. Written by the
    /// waiter before it parks.
    time_to_be_fair: u64,
    /// Set by the unlocking thread (under the bucket lock) if it handed the
    /// lock over.
    handed_off: UnsafeCell<bool>,
}

impl Default for PyMutex {
    fn default() -> Self {
        Self::new()
    }
}

impl PyMutex {
    loom_const_fn! {
        /// An unlocked mutex (CPython: `{0}`).
        pub fn new() -> Self {
            Self { bits: AtomicU8::new(UNLOCKED) }
        }
    }

    /// Port of `PyMutex_Lock`: one CAS, else [`lock_timed`](Self::lock_timed)
    /// with no timeout and [`LockFlags::DETACH`].
    #[inline]
    pub fn lock(&self) {
        if !self.lock_fast() {
            self.lock_slow();
        }
    }

    /// Port of `PyMutex_LockFast` (Include/internal/pycore_lock.h).
    #[inline]
    pub(crate) fn lock_fast(&self) -> bool {
        self.bits.compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed).is_ok()
    }

    /// Port of `_PyMutex_LockSlow` (Include/cpython/lock.h).
    #[cold]
    #[inline(never)]
    fn lock_slow(&self) {
        let res = self.lock_timed(None, LockFlags::DETACH);
        debug_assert_eq!(res, LockResult::Acquired);
    }

    /// Port of `PyMutex_LockFlags`: [`lock`](Self::lock) with `flags`.
    #[inline]
    pub fn lock_flags(&self, flags: LockFlags) -> LockResult {
        if self.lock_fast() { LockResult::Acquired } else { self.lock_timed(None, flags) }
    }

    /// Tries to lock without waiting (CPython: `_PyMutex_LockTimed` with a
    /// zero timeout).
    #[inline]
    pub fn try_lock(&self) -> bool {
        self.lock_fast() || self.lock_timed(Some(Duration::ZERO), LockFlags::DONT_DETACH) == LockResult::Acquired
    }

    /// Port of `PyMutex_IsLocked`.
    #[inline]
    pub fn is_locked(&self) -> bool {
        self.bits.load(Ordering::SeqCst) & LOCKED != 0
    }

    /// Port of `_PyMutex_LockTimed`: locks, waiting at most `timeout`
    /// (`None`: forever; zero: a try-lock), spinning briefly and then
    /// parking. A waiter that has waited 1 ms is handed the lock directly.
    pub fn lock_timed(&self, timeout: Option<Duration>, flags: LockFlags) -> LockResult {
        // CPython's PyTime_t convention: negative means forever.
        let mut timeout_ns: i64 = match timeout {
            None => -1,
            Some(t) => i64::try_from(t.as_nanos()).unwrap_or(i64::MAX),
        };
        let mut v = self.bits.load(Ordering::Relaxed);
        if v & LOCKED == 0 {
            if self.bits.compare_exchange(v, v | LOCKED, Ordering::Acquire, Ordering::Relaxed).is_ok() {
                return LockResult::Acquired;
            }
        } else if timeout_ns == 0 {
            return LockResult::Failure;
        }

        let now = clock::now_ns();
        let endtime = if timeout_ns > 0 { now.saturating_add(timeout_ns.unsigned_abs()) } else { 0 };
        let entry = MutexEntry {
            time_to_be_fair: now.saturating_add(TIME_TO_BE_FAIR_NS),
            handed_off: UnsafeCell::new(false),
        };

        let mut spin_count = 0;
        loop {
            if v & LOCKED == 0 {
                match self.bits.compare_exchange(v, v | LOCKED, Ordering::Acquire, Ordering::Relaxed) {
                    Ok(_) => return LockResult::Acquired,
                    Err(now) => {
                        v = now;
                        continue;
                    }
                }
            }

            if v & HAS_PARKED == 0 && spin_count < MAX_SPIN_COUNT {
                thread::yield_now();
                spin_count += 1;
                v = self.bits.load(Ordering::Relaxed);
                continue;
            }

            if timeout_ns == 0 {
                return LockResult::Failure;
            }

            let mut newv = v;
            if v & HAS_PARKED == 0 {
                // First waiter: announce that someone is parked.
                newv = v | HAS_PARKED;
                if let Err(now) = self.bits.compare_exchange(v, newv, Ordering::Relaxed, Ordering::Relaxed) {
                    v = now;
                    continue;
                }
            }

            let park_timeout = u64::try_from(timeout_ns).ok().map(Duration::from_nanos);
            let ret = parking_lot::park(
                &self.bits,
                newv,
                park_timeout,
                std::ptr::from_ref(&entry).cast(),
                flags.contains(LockFlags::DETACH),
            );
            match ret {
                ParkResult::Ok => {
                    // SAFETY: the unparker wrote `handed_off` under the
                    // bucket lock before waking us; the wakeup orders it
                    // before this read, and no one writes it any more.
                    if entry.handed_off.with(|h| unsafe { *h }) {
                        debug_assert!(self.bits.load(Ordering::Relaxed) & LOCKED != 0);
                        return LockResult::Acquired;
                    }
                }
                ParkResult::Interrupted if flags.contains(LockFlags::HANDLE_SIGNALS) => {
                    if (blocking::hooks().interrupt)() {
                        return LockResult::Interrupted;
                    }
                }
                ParkResult::Interrupted if flags.contains(LockFlags::FAIL_IF_INTERRUPTED) => {
                    return LockResult::Interrupted;
                }
                ParkResult::Timeout => {
                    debug_assert!(timeout_ns >= 0);
                    return LockResult::Failure;
                }
                ParkResult::Interrupted | ParkResult::Again => {}
            }

            if timeout_ns > 0 {
                // Never negative: that would mean "forever".
                timeout_ns = i64::try_from(endtime.saturating_sub(clock::now_ns())).unwrap_or(i64::MAX);
            }
            v = self.bits.load(Ordering::Relaxed);
        }
    }

    /// Port of `mutex_unpark`: the unpark callback of a locked mutex with
    /// parked waiters. Runs under the bucket lock.
    fn mutex_unpark(&self, entry: Option<*const ()>, has_more_waiters: bool) {
        let mut v = UNLOCKED;
        if let Some(entry) = entry {
            let entry = entry.cast::<MutexEntry>();
            // SAFETY: only `lock_timed` parks on `self.bits`, always with a
            // `*const MutexEntry` on its stack as `park_arg`; the parking
            // lot keeps that thread parked (so the entry alive) until it is
            // woken after this callback. `handed_off` is written here only,
            // under the bucket lock.
            let should_be_fair = unsafe {
                let fair = clock::now_ns() > (*entry).time_to_be_fair;
                (*entry).handed_off.with_mut(|h| *h = fair);
                fair
            };
            if should_be_fair {
                v |= LOCKED;
            }
            if has_more_waiters {
                v |= HAS_PARKED;
            }
        }
        self.bits.store(v, Ordering::Release);
    }

    /// Port of `_PyMutex_TryUnlock`: `false` if the mutex was not locked.
    fn try_unlock(&self) -> bool {
        let mut v = self.bits.load(Ordering::Relaxed);
        loop {
            if v & LOCKED == 0 {
                return false;
            } else if v & HAS_PARKED != 0 {
                parking_lot::unpark_one(&self.bits, |entry, more| self.mutex_unpark(entry, more));
                return true;
            }
            match self.bits.compare_exchange(v, UNLOCKED, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(now) => v = now,
            }
        }
    }

    /// Port of `PyMutex_Unlock`: unlocks, waking one waiter if any.
    ///
    /// # Panics
    /// If the mutex is not locked (CPython: a fatal error).
    #[inline]
    pub fn unlock(&self) {
        if self.bits.compare_exchange(LOCKED, UNLOCKED, Ordering::Release, Ordering::Relaxed).is_err() {
            self.unlock_slow();
        }
    }

    /// Port of `_PyMutex_UnlockSlow`.
    #[cold]
    #[inline(never)]
    fn unlock_slow(&self) {
        assert!(self.try_unlock(), "unlocking mutex that is not locked");
    }

    /// Locks and returns a guard that unlocks when dropped.
    #[inline]
    pub fn lock_guard(&self) -> PyMutexGuard<'_> {
        self.lock();
        PyMutexGuard { mutex: self }
    }
}

/// Unlocks its [`PyMutex`] when dropped (CPython has no counterpart: C
/// pairs `PyMutex_Lock`/`PyMutex_Unlock` by hand).
#[derive(Debug)]
#[must_use = "the mutex unlocks as soon as the guard is dropped"]
pub struct PyMutexGuard<'a> {
    mutex: &'a PyMutex,
}

impl Drop for PyMutexGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        self.mutex.unlock();
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn one_byte_and_starts_unlocked() {
        assert_eq!(size_of::<PyMutex>(), 1);
        static M: PyMutex = PyMutex::new();
        assert!(!M.is_locked());
        M.lock();
        assert!(M.is_locked());
        M.unlock();
        assert!(!M.is_locked());
    }

    #[test]
    fn try_lock_fails_while_held_and_succeeds_after() {
        let m = PyMutex::new();
        assert!(m.try_lock());
        assert!(!m.try_lock());
        assert_eq!(m.lock_timed(Some(Duration::ZERO), LockFlags::DONT_DETACH), LockResult::Failure);
        m.unlock();
        assert!(m.try_lock());
        m.unlock();
    }

    #[test]
    fn try_lock_takes_an_unlocked_mutex_with_parked_bit() {
        let m = PyMutex::new();
        m.bits.store(HAS_PARKED, Ordering::Relaxed);
        assert!(m.try_lock());
        assert_eq!(m.bits.load(Ordering::Relaxed), LOCKED | HAS_PARKED);
    }

    #[test]
    fn lock_timed_times_out_while_held() {
        let m = PyMutex::new();
        let _g = m.lock_guard();
        std::thread::scope(|s| {
            s.spawn(|| {
                let start = std::time::Instant::now();
                let r = m.lock_timed(Some(Duration::from_millis(30)), LockFlags::DETACH);
                assert_eq!(r, LockResult::Failure);
                assert!(start.elapsed() >= Duration::from_millis(30));
            });
        });
        assert!(m.is_locked());
    }

    #[test]
    #[should_panic(expected = "unlocking mutex that is not locked")]
    fn unlocking_an_unlocked_mutex_panics() {
        PyMutex::new().unlock();
    }

    #[test]
    fn waiter_is_woken_and_gets_the_lock() {
        let m = PyMutex::new();
        let got = AtomicUsize::new(0);
        m.lock();
        std::thread::scope(|s| {
            s.spawn(|| {
                m.lock();
                got.store(1, Ordering::SeqCst);
                m.unlock();
            });
            // Let the waiter park, then check that it is still waiting.
            while m.bits.load(Ordering::SeqCst) & HAS_PARKED == 0 {
                std::thread::yield_now();
            }
            assert_eq!(got.load(Ordering::SeqCst), 0);
            m.unlock();
        });
        assert_eq!(got.load(Ordering::SeqCst), 1);
        assert!(!m.is_locked());
    }

    #[test]
    fn long_waiter_is_handed_the_lock() {
        let m = PyMutex::new();
        m.lock();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                m.lock();
                m.unlock();
            });
            while m.bits.load(Ordering::SeqCst) & HAS_PARKED == 0 {
                std::thread::yield_now();
            }
            std::thread::sleep(Duration::from_millis(3));
            // The waiter has waited past TIME_TO_BE_FAIR_NS: unlock hands
            // the lock over, so the byte stays locked for the waiter.
            m.unlock();
            waiter.join().unwrap();
        });
        assert!(!m.is_locked());
    }

    #[test]
    fn flags_have_cpython_bits() {
        assert_eq!(LockFlags::DONT_DETACH.bits(), 0);
        assert_eq!(LockFlags::DETACH.bits(), 1);
        assert_eq!(LockFlags::HANDLE_SIGNALS.bits(), 2);
        assert_eq!(LockFlags::FAIL_IF_INTERRUPTED.bits(), 4);
    }

    #[test]
    fn event_set_wakes_waiters_and_stays_set() {
        let e = PyEvent::new();
        assert!(!e.is_set());
        assert!(!e.wait_timeout(Duration::from_millis(5)));
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| e.wait());
            }
            std::thread::sleep(Duration::from_millis(5));
            e.set();
        });
        assert!(e.is_set());
        assert!(e.wait_timeout(Duration::ZERO));
        e.set();
        assert!(e.is_set());
    }

    #[test]
    fn once_flag_retries_after_failure_then_sticks() {
        let o = PyOnceFlag::new();
        let calls = AtomicUsize::new(0);
        let fail = || {
            calls.fetch_add(1, Ordering::SeqCst);
            Err("boom")
        };
        assert_eq!(o.call_once(fail), Err("boom"));
        assert!(!o.is_initialized());
        assert_eq!(o.call_once(|| Ok::<(), &str>(())), Ok(()));
        assert!(o.is_initialized());
        assert_eq!(o.call_once(fail), Ok(()));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn once_flag_resets_when_init_panics() {
        let o = PyOnceFlag::new();
        let r = std::panic::catch_unwind(|| o.call_once(|| -> Result<(), ()> { panic!("init") }));
        assert!(r.is_err());
        assert!(!o.is_initialized());
        assert_eq!(o.call_once(|| Ok::<(), ()>(())), Ok(()));
    }

    #[test]
    fn recursive_mutex_counts_levels() {
        let m = PyRecursiveMutex::new();
        assert!(!m.is_locked_by_me());
        m.lock();
        m.lock();
        assert!(m.is_locked_by_me());
        std::thread::scope(|s| {
            s.spawn(|| {
                assert!(!m.is_locked_by_me());
                assert!(!m.try_unlock());
                assert_eq!(m.lock_timed(Some(Duration::ZERO), LockFlags::DONT_DETACH), LockResult::Failure);
            });
        });
        m.unlock();
        assert!(m.is_locked_by_me());
        m.unlock();
        assert!(!m.is_locked_by_me());
        assert!(!m.try_unlock());
    }

    #[test]
    fn rwmutex_readers_share_writer_excludes() {
        let rw = PyRWMutex::new();
        // Two read locks at once on one thread: shared, not exclusive.
        rw.rlock();
        rw.rlock();
        rw.runlock();
        rw.runlock();
        rw.lock();
        let entered = AtomicUsize::new(0);
        std::thread::scope(|s| {
            s.spawn(|| {
                rw.rlock();
                entered.store(1, Ordering::SeqCst);
                rw.runlock();
            });
            std::thread::sleep(Duration::from_millis(5));
            assert_eq!(entered.load(Ordering::SeqCst), 0);
            rw.unlock();
        });
        assert_eq!(entered.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn seqlock_write_invalidates_reads_and_abandon_does_not() {
        let l = PySeqLock::new();
        let s0 = l.read_begin();
        assert!(l.read_end(s0));
        l.begin_write();
        l.abandon_write();
        assert!(l.read_end(s0));
        l.begin_write();
        l.end_write();
        assert!(!l.read_end(s0));
        let s1 = l.read_begin();
        assert_ne!(s0, s1);
        assert!(l.read_end(s1));
    }

    /// Blocks a thread in `lock_timed` on a held mutex and signals it until
    /// the wait returns; returns that result.
    #[cfg(target_os = "linux")]
    fn lock_while_signalled(flags: LockFlags) -> LockResult {
        extern "C" fn on_signal(_: libc::c_int) {}
        // SAFETY: installs a handler that does nothing, without SA_RESTART,
        // so that a blocked futex wait returns EINTR.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut sa.sa_mask);
            assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
        }
        let m = PyMutex::new();
        m.lock();
        let done = std::sync::atomic::AtomicBool::new(false);
        let (tx, rx) = std::sync::mpsc::channel();
        let res = std::thread::scope(|s| {
            let (m, done) = (&m, &done);
            let waiter = s.spawn(move || {
                // SAFETY: pthread_self has no preconditions.
                tx.send(unsafe { libc::pthread_self() }).unwrap();
                let r = m.lock_timed(Some(Duration::from_millis(300)), flags);
                done.store(true, Ordering::SeqCst);
                r
            });
            let tid = rx.recv().unwrap();
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(2));
                if !done.load(Ordering::SeqCst) {
                    // SAFETY: the waiter thread is alive until `done` is set
                    // and it is joined below, after this loop.
                    unsafe { libc::pthread_kill(tid, libc::SIGUSR1) };
                }
            }
            waiter.join().unwrap()
        });
        m.unlock();
        res
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn signals_interrupt_waits_only_when_asked() {
        // Without an interrupt flag, signals are absorbed until the timeout.
        assert_eq!(lock_while_signalled(LockFlags::DETACH), LockResult::Failure);
        assert_eq!(lock_while_signalled(LockFlags::FAIL_IF_INTERRUPTED), LockResult::Interrupted);
        // HANDLE_SIGNALS asks the interrupt hook; the default one says "go on".
        assert_eq!(lock_while_signalled(LockFlags::HANDLE_SIGNALS), LockResult::Failure);
    }
}
