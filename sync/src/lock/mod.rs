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
/// rupy only, `PyMutex` words only (see [`PyMutex::unlock`]): with
/// `HAS_PARKED` on an unlocked mutex, "anyone may take it" (CPython's plain
/// `_Py_HAS_PARKED` state after a wake-up without hand-off). `HAS_PARKED`
/// without `LOCKED` or `OPEN` is the state of an unlock between its
/// `fetch_sub` and its unpark callback: lockers treat it as locked.
const OPEN: u8 = 4;

/// Whether a locker may take a mutex whose word is `v`: unlocked, and not
/// in the middle of an unlock that may hand it to a waiter.
#[inline]
fn can_acquire(v: u8) -> bool {
    v & LOCKED == 0 && v & (HAS_PARKED | OPEN) != HAS_PARKED
}

/// The word after a locker takes a mutex whose word is `v`.
#[inline]
fn acquired(v: u8) -> u8 {
    (v | LOCKED) & !OPEN
}

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
/// Bit 0 is `_Py_LOCKED`, bit 1 `_Py_HAS_PARKED`, as in CPython; bit 2
/// (rupy only) lets [`unlock`](Self::unlock) release with one `fetch_sub`
/// and still hand the lock to a waiter (see there). Any thread may unlock
/// it (there is no owner), as in CPython.
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

    /// Port of `PyMutex_IsLocked`. Like CPython, it also answers `true`
    /// while an unlock is deciding whether to hand the lock to a waiter
    /// (CPython keeps `_Py_LOCKED` set then; rupy the word `HAS_PARKED`).
    #[inline]
    pub fn is_locked(&self) -> bool {
        !can_acquire(self.bits.load(Ordering::SeqCst))
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
        if can_acquire(v) {
            if self.bits.compare_exchange(v, acquired(v), Ordering::Acquire, Ordering::Relaxed).is_ok() {
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
            if can_acquire(v) {
                match self.bits.compare_exchange(v, acquired(v), Ordering::Acquire, Ordering::Relaxed) {
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

            // Here `v` is LOCKED, LOCKED|HAS_PARKED, or HAS_PARKED (an unlock
            // in its slow path, which will dequeue a waiter after we park).
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

    /// Port of `mutex_unpark`: the unpark callback of an unlock that found
    /// waiters. Runs under the bucket lock, with the word at `HAS_PARKED`
    /// (see [`unlock`](Self::unlock): CPython's word is still
    /// `LOCKED|HAS_PARKED` here, and the callback stores the new state).
    fn mutex_unpark(&self, entry: Option<*const ()>, has_more_waiters: bool) {
        let entry = entry.map(<*const ()>::cast::<MutexEntry>);
        // SAFETY: only `lock_timed` parks on `self.bits`, always with a
        // `*const MutexEntry` on its stack as `park_arg`; the parking lot
        // keeps that thread parked (so the entry alive) until it is woken
        // after this callback.
        let should_be_fair = entry.is_some_and(|e| unsafe { clock::now_ns() > (*e).time_to_be_fair });
        let v = match entry {
            Some(_) if should_be_fair => LOCKED | if has_more_waiters { HAS_PARKED } else { 0 },
            Some(_) if has_more_waiters => HAS_PARKED | OPEN,
            _ => UNLOCKED,
        };
        // No thread takes the lock while the word is HAS_PARKED
        // (`can_acquire`), and waiters only park on it, so this CAS cannot
        // fail against a correct program: the hand-off cannot be stolen.
        // It fails only while an unpaired `unlock` has turned the word into
        // a transient "locked" value; that unlock puts HAS_PARKED back at
        // once (`undo_unpaired_unlock`), so wait for it. A word neither
        // locked nor HAS_PARKED means a second unpaired unlock consumed the
        // first one's bit: leave it, and wake the waiter without a hand-off.
        let mut committed = false;
        loop {
            match self.bits.compare_exchange(HAS_PARKED, v, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => {
                    committed = true;
                    break;
                }
                Err(now) if now & LOCKED != 0 => thread::yield_now(),
                Err(_) => break,
            }
        }
        if let Some(e) = entry {
            // SAFETY: as above; `handed_off` is written here only, under the
            // bucket lock, before the waiter is woken.
            unsafe { (*e).handed_off.with_mut(|h| *h = should_be_fair && committed) };
        }
    }

    /// The slow path of an unlock that moved the word from
    /// `LOCKED|HAS_PARKED` to `HAS_PARKED`: wake one waiter, or hand it the
    /// lock, and leave the HAS_PARKED state.
    fn unpark_after_release(&self) {
        parking_lot::unpark_one(&self.bits, |entry, more| self.mutex_unpark(entry, more));
    }

    /// Port of `_PyMutex_TryUnlock`: unlocks and returns `true` if the mutex
    /// is locked, else returns `false` (CPython's `_thread.lock.release`
    /// raises then). Unlike [`unlock`](Self::unlock) it releases with a CAS,
    /// so an unlocked mutex is never written and concurrent calls on it all
    /// see `false`.
    pub fn try_unlock(&self) -> bool {
        let mut v = self.bits.load(Ordering::Relaxed);
        loop {
            if v & LOCKED == 0 {
                return false;
            }
            match self.bits.compare_exchange(v, v & !LOCKED, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => {
                    if v == LOCKED | HAS_PARKED {
                        self.unpark_after_release();
                    }
                    return true;
                }
                Err(now) => v = now,
            }
        }
    }

    /// Port of `PyMutex_Unlock`: unlocks, waking one waiter if any.
    ///
    /// Deviation (docs/sync.md): CPython releases with a CAS expecting
    /// exactly `LOCKED` and, if parked waiters exist, keeps the lock until
    /// the unpark callback stores the new state. rupy releases with one
    /// `fetch_sub(LOCKED)` (a `lock xadd`, as parking_lot): with waiters,
    /// that leaves the word at `HAS_PARKED`, which lockers treat as still
    /// locked (`can_acquire`) until the callback moves it on, so the
    /// callback's hand-off is as certain as in CPython.
    ///
    /// # Panics
    /// If the mutex is not locked (CPython: a fatal error).
    #[inline]
    pub fn unlock(&self) {
        // Soundness (SAFETY-style): from LOCKED this is a plain release (the
        // next locker's Acquire CAS reads this value or a later RMW of its
        // release sequence). From LOCKED|HAS_PARKED it leaves HAS_PARKED,
        // which no locker takes and on which waiters park only after a
        // check under the bucket lock: the word stays frozen until
        // `mutex_unpark` (under that lock) moves it on, exactly as CPython's
        // LOCKED|HAS_PARKED does. Any other `prev` lacks LOCKED (or was
        // forged by a racing unpaired unlock): `unlock_slow` restores it.
        let prev = self.bits.fetch_sub(LOCKED, Ordering::Release);
        if prev != LOCKED {
            self.unlock_slow(prev);
        }
    }

    /// Port of `_PyMutex_UnlockSlow`, called with the word's value before
    /// the `fetch_sub`.
    #[cold]
    #[inline(never)]
    fn unlock_slow(&self, prev: u8) {
        if prev == LOCKED | HAS_PARKED {
            self.unpark_after_release();
            return;
        }
        self.undo_unpaired_unlock(prev);
        panic!("unlocking mutex that is not locked");
    }

    /// Undoes the `fetch_sub` of an `unlock` that found the word at `prev`,
    /// without `LOCKED` (an unpaired unlock).
    fn undo_unpaired_unlock(&self, prev: u8) {
        // The `fetch_sub` borrowed: the word reads `prev - 1`, which has
        // LOCKED set (0 -> 0xFF, HAS_PARKED -> LOCKED, HAS_PARKED|OPEN ->
        // LOCKED|OPEN). No one else clears that bit (no thread holds the
        // lock, none can take it, the unpark callback waits for HAS_PARKED)
        // and the only other change possible is a locker setting
        // HAS_PARKED, so putting `prev` back restores the state, parked bit
        // included. If LOCKED is gone, a second unpaired unlock took it:
        // leave the word alone rather than guess.
        let mut v = self.bits.load(Ordering::Relaxed);
        while v & LOCKED != 0 {
            match self.bits.compare_exchange(v, prev, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => break,
                Err(now) => v = now,
            }
        }
        // Lockers may have parked on the transient value, which no unlock
        // will ever see again: wake them all to retry.
        parking_lot::unpark_all(&self.bits);
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
        // CPython's unlocked-with-waiters word `_Py_HAS_PARKED` is
        // HAS_PARKED|OPEN in rupy (see `unlock`).
        let m = PyMutex::new();
        m.bits.store(HAS_PARKED | OPEN, Ordering::Relaxed);
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
    fn unpaired_unlock_restores_every_unlocked_state() {
        for before in [UNLOCKED, HAS_PARKED, HAS_PARKED | OPEN] {
            let m = PyMutex::new();
            m.bits.store(before, Ordering::Relaxed);
            let r = std::panic::catch_unwind(|| m.unlock());
            assert!(r.is_err(), "unlock of {before:#x} must panic");
            assert_eq!(m.bits.load(Ordering::Relaxed), before);
        }
        // And the mutex still works.
        let m = PyMutex::new();
        assert!(std::panic::catch_unwind(|| m.unlock()).is_err());
        m.lock();
        m.unlock();
        assert_eq!(m.bits.load(Ordering::Relaxed), UNLOCKED);
    }

    #[test]
    fn unlock_in_progress_is_not_acquirable() {
        // HAS_PARKED alone: an unlock between its fetch_sub and its unpark
        // callback. No locker may barge in (the hand-off is pending).
        let m = PyMutex::new();
        m.bits.store(HAS_PARKED, Ordering::Relaxed);
        assert!(m.is_locked());
        assert!(!m.try_lock());
        assert!(!m.try_unlock());
        // HAS_PARKED|OPEN: a waiter was woken without a hand-off; anyone
        // may take it, and taking it clears OPEN.
        m.bits.store(HAS_PARKED | OPEN, Ordering::Relaxed);
        assert!(!m.is_locked());
        assert!(m.try_lock());
        assert_eq!(m.bits.load(Ordering::Relaxed), LOCKED | HAS_PARKED);
        // Unlocking with no waiter queued leaves a plain unlocked word.
        m.unlock();
        assert_eq!(m.bits.load(Ordering::Relaxed), UNLOCKED);
    }

    #[test]
    fn try_unlock_reports_instead_of_panicking() {
        let m = PyMutex::new();
        assert!(!m.try_unlock());
        assert_eq!(m.bits.load(Ordering::Relaxed), UNLOCKED);
        m.lock();
        assert!(m.try_unlock());
        assert!(!m.is_locked());
        m.bits.store(LOCKED | HAS_PARKED, Ordering::Relaxed);
        assert!(m.try_unlock());
        assert_eq!(m.bits.load(Ordering::Relaxed), UNLOCKED);
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
