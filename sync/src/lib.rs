//! rupy-sync: the synchronization primitives under rupy's free-threaded
//! runtime, ported from CPython's Python/lock.c, Python/parking_lot.c,
//! Python/critical_section.c and Include/internal/pycore_lock.h.
//!
//! This crate knows nothing of Python objects. It is built on `std` atomics,
//! or on loom's under `--cfg loom` (see `shim`). Design notes: docs/sync.md.

#[macro_use]
mod shim;

pub mod blocking;
pub mod critical_section;
mod lock;
pub mod parking_lot;
mod semaphore;
pub mod thread;

pub use lock::{
    LockFlags, LockResult, PyEvent, PyMutex, PyMutexGuard, PyOnceFlag, PyRWMutex, PyRecursiveMutex,
    PySeqLock,
};

/// The logical clock of lock.c's fairness hand-off under loom: it stands
/// still unless a model advances it.
#[cfg(loom)]
pub mod loom_clock {
    /// Advances the clock by `d` (e.g. past the 1 ms hand-off threshold).
    pub fn advance(d: std::time::Duration) {
        crate::shim::clock::advance(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    }
}
