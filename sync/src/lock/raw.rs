//! Port of `_PyRawMutex` (Include/internal/pycore_lock.h, Python/lock.c):
//! the word-sized lock guarding each parking-lot bucket. Its waiters form a
//! linked list of stack entries threaded through the lock word itself, so it
//! needs no parking lot of its own.

use crate::parking_lot::ParkResult;
use crate::semaphore::Semaphore;
use crate::shim::atomic::{AtomicUsize, Ordering};
use crate::shim::cell::UnsafeCell;

const LOCKED: usize = 1;

/// Port of `_PyRawMutex`: bit 0 is "locked", the other bits point to the
/// most recently queued [`RawMutexEntry`].
#[derive(Debug)]
pub(crate) struct RawMutex {
    v: AtomicUsize,
}

/// Port of `struct raw_mutex_entry` (Python/lock.c): one waiting thread.
/// Its alignment (that of a pointer) leaves bit 0 of its address free.
struct RawMutexEntry {
    next: UnsafeCell<usize>,
    sema: Semaphore,
}

impl RawMutex {
    loom_const_fn! {
        pub(crate) fn new() -> Self {
            Self { v: AtomicUsize::new(0) }
        }
    }

    /// Port of `_PyRawMutex_Lock`.
    #[inline]
    pub(crate) fn lock(&self) {
        if self.v.compare_exchange(0, LOCKED, Ordering::Acquire, Ordering::Relaxed).is_err() {
            self.lock_slow();
        }
    }

    /// Port of `_PyRawMutex_Unlock`.
    #[inline]
    pub(crate) fn unlock(&self) {
        if self.v.compare_exchange(LOCKED, 0, Ordering::Release, Ordering::Relaxed).is_err() {
            self.unlock_slow();
        }
    }

    /// Port of `_PyRawMutex_LockSlow`.
    #[cold]
    fn lock_slow(&self) {
        let waiter = RawMutexEntry { next: UnsafeCell::new(0), sema: Semaphore::new() };
        let _linked = crate::shim::AbortOnUnwind;
        let mut v = self.v.load(Ordering::Relaxed);
        loop {
            if v & LOCKED == 0 {
                // Unlocked, possibly with queued waiters: grab it.
                match self.v.compare_exchange_weak(v, v | LOCKED, Ordering::Acquire, Ordering::Relaxed) {
                    Ok(_) => break,
                    Err(now) => {
                        v = now;
                        continue;
                    }
                }
            }
            // Locked: push ourselves on the waiter list.
            // SAFETY: `waiter` is not linked (never yet, or popped by the
            // unlocker before it woke us), so no other thread accesses it.
            waiter.next.with_mut(|next| unsafe { *next = v & !LOCKED });
            let desired = std::ptr::from_ref(&waiter) as usize | LOCKED;
            if let Err(now) = self.v.compare_exchange(v, desired, Ordering::AcqRel, Ordering::Relaxed) {
                v = now;
                continue;
            }
            // The unlocker pops us and wakes us; the lock is not handed off.
            // A signal may end the wait early while we are still linked:
            // only the unlocker's wakeup lets us go on.
            while waiter.sema.wait(None, false) != ParkResult::Ok {}
            v = self.v.load(Ordering::Relaxed);
        }
    }

    /// Port of `_PyRawMutex_UnlockSlow`.
    #[cold]
    fn unlock_slow(&self) {
        let mut v = self.v.load(Ordering::Acquire);
        loop {
            assert!(v & LOCKED != 0, "unlocking mutex that is not locked");
            let waiter = (v & !LOCKED) as *const RawMutexEntry;
            let desired = if waiter.is_null() {
                0
            } else {
                // SAFETY: a linked entry stays alive until it is popped and
                // woken, which only the lock holder (us) does; its `next`
                // was written before the release CAS that linked it, which
                // our acquire load of `v` observed.
                unsafe { (*waiter).next.with(|next| *next) }
            };
            match self.v.compare_exchange(v, desired, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => {
                    if !waiter.is_null() {
                        // SAFETY: we popped `waiter`; it stays alive until
                        // this wakeup lets its thread return.
                        unsafe { (*waiter).sema.wakeup() };
                    }
                    return;
                }
                Err(now) => v = now,
            }
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::RawMutex;
    use std::cell::UnsafeCell;

    struct Counter(UnsafeCell<u64>);
    // SAFETY: the counter is only touched while holding the RawMutex.
    unsafe impl Sync for Counter {}

    impl Counter {
        /// # Safety
        /// The caller holds the RawMutex.
        unsafe fn bump(&self) {
            // SAFETY: per the contract, no other thread touches the cell.
            unsafe { *self.0.get() += 1 };
        }
    }

    #[test]
    fn excludes_under_contention() {
        let m = RawMutex::new();
        let c = Counter(UnsafeCell::new(0));
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20_000 {
                        m.lock();
                        // SAFETY: the lock is held.
                        unsafe { c.bump() };
                        m.unlock();
                    }
                });
            }
        });
        assert_eq!(c.0.into_inner(), 80_000);
    }

    #[test]
    #[should_panic(expected = "not locked")]
    fn unlocking_an_unlocked_raw_mutex_panics() {
        RawMutex::new().unlock();
    }
}
