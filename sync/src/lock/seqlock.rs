//! Port of `_PySeqLock` (Include/internal/pycore_lock.h, Python/lock.c).

use crate::shim::atomic::{AtomicU32, Ordering, fence};
use crate::shim::thread;

/// Port of `_PySeqLock`: writers make the sequence odd while they update;
/// readers read optimistically and retry if the sequence moved.
///
/// The protected data must itself be read and written with atomic
/// operations (relaxed suffices): readers race with writers by design.
///
/// ```
/// # use rupy_sync::PySeqLock;
/// # use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
/// let lock = PySeqLock::new();
/// let (a, b) = (AtomicU64::new(0), AtomicU64::new(0));
/// lock.begin_write();
/// a.store(1, Relaxed);
/// b.store(1, Relaxed);
/// lock.end_write();
/// let (x, y) = loop {
///     let seq = lock.read_begin();
///     let (x, y) = (a.load(Relaxed), b.load(Relaxed));
///     if lock.read_end(seq) {
///         break (x, y);
///     }
/// };
/// assert_eq!((x, y), (1, 1));
/// ```
#[derive(Debug)]
pub struct PySeqLock {
    sequence: AtomicU32,
}

impl Default for PySeqLock {
    fn default() -> Self {
        Self::new()
    }
}

/// Port of `SEQLOCK_IS_UPDATING`.
fn is_updating(sequence: u32) -> bool {
    sequence & 1 != 0
}

impl PySeqLock {
    loom_const_fn! {
        /// A seqlock with no write in progress.
        pub fn new() -> Self {
            Self { sequence: AtomicU32::new(0) }
        }
    }

    /// Port of `_PySeqLock_LockWrite`: waits for other writers and makes
    /// the sequence odd.
    pub fn begin_write(&self) {
        let mut prev = self.sequence.load(Ordering::Relaxed);
        loop {
            if is_updating(prev) {
                thread::yield_now();
                prev = self.sequence.load(Ordering::Relaxed);
            } else {
                match self.sequence.compare_exchange(
                    prev,
                    prev.wrapping_add(1),
                    Ordering::SeqCst,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        // Order the odd sequence before the data writes.
                        fence(Ordering::Release);
                        return;
                    }
                    Err(now) => {
                        prev = now;
                        thread::yield_now();
                    }
                }
            }
        }
    }

    /// Port of `_PySeqLock_UnlockWrite`: publishes the update.
    pub fn end_write(&self) {
        let new_seq = self.sequence.load(Ordering::Relaxed).wrapping_add(1);
        debug_assert!(!is_updating(new_seq), "end_write without begin_write");
        self.sequence.store(new_seq, Ordering::SeqCst);
    }

    /// Port of `_PySeqLock_AbandonWrite`: ends a write that changed
    /// nothing, restoring the previous sequence so readers need not retry.
    pub fn abandon_write(&self) {
        let new_seq = self.sequence.load(Ordering::Relaxed).wrapping_sub(1);
        debug_assert!(!is_updating(new_seq), "abandon_write without begin_write");
        self.sequence.store(new_seq, Ordering::SeqCst);
    }

    /// Port of `_PySeqLock_BeginRead`: waits for a writer to finish and
    /// returns the sequence to pass to [`read_end`](Self::read_end).
    pub fn read_begin(&self) -> u32 {
        let mut sequence = self.sequence.load(Ordering::Acquire);
        while is_updating(sequence) {
            thread::yield_now();
            sequence = self.sequence.load(Ordering::Acquire);
        }
        sequence
    }

    /// Port of `_PySeqLock_EndRead`: `true` if no write happened since
    /// [`read_begin`](Self::read_begin) returned `previous`, so the values
    /// read are consistent; otherwise the reader must retry.
    pub fn read_end(&self, previous: u32) -> bool {
        // Keep the data loads before the sequence check (gh-121368).
        fence(Ordering::Acquire);
        if self.sequence.load(Ordering::Relaxed) == previous {
            return true;
        }
        thread::yield_now();
        false
    }
}
