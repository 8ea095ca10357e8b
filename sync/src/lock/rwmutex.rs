//! Port of `_PyRWMutex` (Include/internal/pycore_lock.h, Python/lock.c).

use crate::parking_lot;
use crate::shim::atomic::{AtomicUsize, Ordering};

/// `_Py_WRITE_LOCKED`.
const WRITE_LOCKED: usize = 1;
/// `_Py_HAS_PARKED` (a word-sized copy of the byte constant).
const HAS_PARKED: usize = 2;
/// `_PyRWMutex_READER_SHIFT`.
const READER_SHIFT: u32 = 2;
/// One reader in the count.
const ONE_READER: usize = 1 << READER_SHIFT;
/// `_Py_RWMUTEX_MAX_READERS`.
const MAX_READERS: usize = usize::MAX >> READER_SHIFT;

/// Port of `_PyRWMutex`: a readers-writer lock that favours writers (a
/// waiting writer keeps new readers out). Not recursive: a thread holding
/// a read lock must not take it again while a writer may be waiting.
///
/// Bit 0 is "write locked", bit 1 "has parked", the rest count readers.
#[derive(Debug)]
pub struct PyRWMutex {
    bits: AtomicUsize,
}

impl Default for PyRWMutex {
    fn default() -> Self {
        Self::new()
    }
}

/// Port of `rwmutex_reader_count`.
fn reader_count(bits: usize) -> usize {
    bits >> READER_SHIFT
}

impl PyRWMutex {
    loom_const_fn! {
        /// An unlocked rwmutex.
        pub fn new() -> Self {
            Self { bits: AtomicUsize::new(0) }
        }
    }

    /// Port of `rwmutex_set_parked_and_wait`: sets "has parked", waits to be
    /// woken, and returns the fresh state.
    fn set_parked_and_wait(&self, mut bits: usize) -> usize {
        if bits & HAS_PARKED == 0 {
            let newval = bits | HAS_PARKED;
            if let Err(now) = self.bits.compare_exchange(bits, newval, Ordering::SeqCst, Ordering::SeqCst) {
                return now;
            }
            bits = newval;
        }
        let _ = parking_lot::park(&self.bits, bits, None, std::ptr::null(), true);
        self.bits.load(Ordering::Relaxed)
    }

    /// Port of `_PyRWMutex_RLock`: takes a shared (read) lock.
    pub fn rlock(&self) {
        let mut bits = self.bits.load(Ordering::Relaxed);
        loop {
            if bits & (WRITE_LOCKED | HAS_PARKED) != 0 {
                // A writer holds the lock, or readers hold it and a writer
                // waits: park rather than starve the writer.
                bits = self.set_parked_and_wait(bits);
                continue;
            }
            debug_assert!(reader_count(bits) < MAX_READERS);
            match self.bits.compare_exchange(bits, bits + ONE_READER, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return,
                Err(now) => bits = now,
            }
        }
    }

    /// Port of `_PyRWMutex_RUnlock`: releases a read lock.
    pub fn runlock(&self) {
        let old = self.bits.fetch_sub(ONE_READER, Ordering::Release);
        assert!(reader_count(old) > 0, "lock was not read-locked");
        let bits = old - ONE_READER;
        if reader_count(bits) == 0 && bits & HAS_PARKED != 0 {
            parking_lot::unpark_all(&self.bits);
        }
    }

    /// Port of `_PyRWMutex_Lock`: takes the exclusive (write) lock.
    pub fn lock(&self) {
        let mut bits = self.bits.load(Ordering::Relaxed);
        loop {
            // No reader and no writer: take it.
            if bits & !HAS_PARKED == 0 {
                match self.bits.compare_exchange(bits, bits | WRITE_LOCKED, Ordering::Acquire, Ordering::Relaxed) {
                    Ok(_) => return,
                    Err(now) => {
                        bits = now;
                        continue;
                    }
                }
            }
            bits = self.set_parked_and_wait(bits);
        }
    }

    /// Port of `_PyRWMutex_Unlock`: releases the write lock and wakes every
    /// waiter.
    pub fn unlock(&self) {
        let old = self.bits.swap(0, Ordering::Release);
        assert!(old & WRITE_LOCKED != 0, "lock was not write-locked");
        debug_assert_eq!(reader_count(old), 0, "lock was read-locked");
        if old & HAS_PARKED != 0 {
            parking_lot::unpark_all(&self.bits);
        }
    }
}
