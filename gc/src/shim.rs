//! The atomics, locks and thread primitives the crate is built on: `std`'s
//! in a normal build, loom's under `RUSTFLAGS="--cfg loom"` so that the
//! models in `loom-tests/` explore every interleaving of the real code.

#[cfg(loom)]
pub(crate) use loom::{
    sync::{Condvar, Mutex, MutexGuard, atomic},
    thread,
};
#[cfg(not(loom))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard, atomic};

/// Locks `m`, ignoring poisoning: the structures behind these mutexes stay
/// consistent even if a panic unwound through a holder (every critical
/// section leaves them valid between statements).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Non-blocking lock attempt; `None` if another thread holds `m`.
pub(crate) fn try_lock<T>(m: &Mutex<T>) -> Option<MutexGuard<'_, T>> {
    match m.try_lock() {
        Ok(g) => Some(g),
        Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

/// Waits on `cv` for at most about a millisecond (stop_the_world's polling
/// wait in Python/pystate.c). loom has no timed waits, so under loom the
/// lock is released and the thread yields instead.
pub(crate) fn wait_briefly<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>, m: &'a Mutex<T>) -> MutexGuard<'a, T> {
    #[cfg(loom)]
    {
        let _ = cv;
        drop(g);
        thread::yield_now();
        lock(m)
    }
    #[cfg(not(loom))]
    {
        let _ = m;
        match cv.wait_timeout(g, std::time::Duration::from_millis(1)) {
            Ok((g, _)) => g,
            Err(e) => e.into_inner().0,
        }
    }
}

/// Blocks on `cv` until notified (spurious wake-ups allowed).
pub(crate) fn wait<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(g).unwrap_or_else(|e| e.into_inner())
}

/// Waits on `cv` for at most `timeout`; also returns whether it timed out
/// (`COND_TIMED_WAIT`). loom has no timed waits: under loom the lock is
/// released, the thread yields and the wait counts as timed out, so models
/// cover the timeout path at every wait.
pub(crate) fn wait_timeout<'a, T>(
    cv: &Condvar,
    g: MutexGuard<'a, T>,
    timeout: core::time::Duration,
    m: &'a Mutex<T>,
) -> (MutexGuard<'a, T>, bool) {
    #[cfg(loom)]
    {
        let _ = (cv, timeout);
        drop(g);
        thread::yield_now();
        (lock(m), true)
    }
    #[cfg(not(loom))]
    {
        let _ = m;
        match cv.wait_timeout(g, timeout) {
            Ok((g, r)) => (g, r.timed_out()),
            Err(e) => {
                let (g, r) = e.into_inner();
                (g, r.timed_out())
            }
        }
    }
}
