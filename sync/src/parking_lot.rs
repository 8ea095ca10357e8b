//! Port of Python/parking_lot.c and Include/internal/pycore_parking_lot.h:
//! a table of buckets, hashed by address, each holding the queue of threads
//! waiting on addresses that hash to it (WebKit's parking lot, as CPython
//! does it). Threads wait on a per-wait [`Semaphore`].
//!
//! Every primitive of the crate parks here: [`PyMutex`](crate::PyMutex),
//! [`PyEvent`](crate::PyEvent), [`PyOnceFlag`](crate::PyOnceFlag) and
//! [`PyRWMutex`](crate::PyRWMutex).

use std::time::Duration;

use crate::lock::raw::RawMutex;
use crate::semaphore::Semaphore;
use crate::shim::AbortOnUnwind;
use crate::shim::atomic::{AtomicU8, AtomicU32, AtomicUsize, Ordering};
use crate::shim::cell::UnsafeCell;

/// Port of the `Py_PARK_*` results of `_PyParkingLot_Park`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParkResult {
    /// `Py_PARK_OK`: woken by an unpark.
    Ok,
    /// `Py_PARK_AGAIN`: the word did not hold the expected value.
    Again,
    /// `Py_PARK_TIMEOUT`: the timeout expired.
    Timeout,
    /// `Py_PARK_INTR`: a signal interrupted the wait.
    Interrupted,
}

mod sealed {
    pub trait Sealed {}
}

/// An atomic word threads can park on: the 1, 4 and word-sized atomics that
/// `atomic_memcmp` in Python/parking_lot.c compares.
pub trait ParkWord: sealed::Sealed + Sync {
    /// The value stored in the word.
    type Value: Copy + Eq;
    /// Loads the word (sequentially consistent, as CPython's loads).
    fn load_value(&self) -> Self::Value;
}

macro_rules! park_word {
    ($($atomic:ty => $value:ty),*) => {$(
        impl sealed::Sealed for $atomic {}
        impl ParkWord for $atomic {
            type Value = $value;
            fn load_value(&self) -> $value {
                self.load(Ordering::SeqCst)
            }
        }
    )*};
}
park_word!(AtomicU8 => u8, AtomicU32 => u32, AtomicUsize => usize);

/// Port of `struct wait_entry`: one parked thread, on its own stack.
struct WaitEntry {
    park_arg: *const (),
    addr: usize,
    sema: Semaphore,
    /// The next entry of the bucket's queue (or of an unpark-all batch).
    next: UnsafeCell<*const WaitEntry>,
    /// Set (under the bucket lock) once an unparker has dequeued the entry
    /// and committed to waking it.
    is_unparking: UnsafeCell<bool>,
}

/// The waiter queue of a bucket (CPython: `root` and `num_waiters`), a
/// singly linked FIFO of stack entries; only touched under the bucket lock.
struct Queue {
    head: *const WaitEntry,
    tail: *const WaitEntry,
    num_waiters: usize,
}

/// Port of `Bucket`.
struct Bucket {
    mutex: RawMutex,
    queue: UnsafeCell<Queue>,
}

// SAFETY: the raw pointers in `queue` are only read or written while
// `mutex` is held, and they point to entries kept alive by their parked
// threads until removed (see `park`).
unsafe impl Sync for Bucket {}
// SAFETY: as above; a bucket owns no entry.
unsafe impl Send for Bucket {}

impl Bucket {
    loom_const_fn! {
        fn new() -> Self {
            Self {
                mutex: RawMutex::new(),
                queue: UnsafeCell::new(Queue {
                    head: std::ptr::null(),
                    tail: std::ptr::null(),
                    num_waiters: 0,
                }),
            }
        }
    }

    /// Runs `f` on the queue. Callers hold `self.mutex`.
    fn with_queue<R>(&self, f: impl FnOnce(&mut Queue) -> R) -> R {
        // SAFETY: every caller holds the bucket mutex, which serialises all
        // access to the queue; the `&mut` does not escape `f`.
        self.queue.with_mut(|q| f(unsafe { &mut *q }))
    }
}

/// CPython's NUM_BUCKETS: a prime, to avoid correlation with addresses.
#[cfg(not(loom))]
const NUM_BUCKETS: usize = 257;
/// Under loom every address shares one bucket, so the models also cover
/// waiters of different addresses queued together.
#[cfg(loom)]
const NUM_BUCKETS: usize = 1;

#[cfg(not(loom))]
static BUCKETS: [Bucket; NUM_BUCKETS] = [const { Bucket::new() }; NUM_BUCKETS];

#[cfg(loom)]
loom::lazy_static! {
    static ref BUCKETS: Vec<Bucket> = (0..NUM_BUCKETS).map(|_| Bucket::new()).collect();
}

#[cfg_attr(loom, allow(clippy::modulo_one, reason = "one bucket under loom"))]
fn bucket_for(addr: usize) -> &'static Bucket {
    &BUCKETS[addr % NUM_BUCKETS]
}

/// Reads an entry's `next`.
///
/// # Safety
/// `e` is alive and the caller holds the lock that guards its links.
unsafe fn next_of(e: *const WaitEntry) -> *const WaitEntry {
    // SAFETY: per the contract, `e` is alive and its links are ours.
    unsafe { (*e).next.with(|n| *n) }
}

/// Writes an entry's `next`.
///
/// # Safety
/// As [`next_of`].
unsafe fn set_next(e: *const WaitEntry, next: *const WaitEntry) {
    // SAFETY: per the contract, `e` is alive and its links are ours.
    unsafe { (*e).next.with_mut(|n| *n = next) }
}

impl Queue {
    /// Port of `enqueue`: appends `e`.
    ///
    /// # Safety
    /// `e` is alive and unlinked, and stays alive until removed.
    unsafe fn enqueue(&mut self, e: *const WaitEntry) {
        // SAFETY: `e` and the queue's entries are alive (contract and
        // queue invariant); the bucket lock is held (with_queue).
        unsafe {
            set_next(e, std::ptr::null());
            if self.tail.is_null() {
                self.head = e;
            } else {
                set_next(self.tail, e);
            }
        }
        self.tail = e;
        self.num_waiters += 1;
    }

    /// Unlinks `cur`, whose predecessor is `prev` (null if `cur` is the head).
    ///
    /// # Safety
    /// `cur` is linked after `prev`.
    unsafe fn unlink(&mut self, prev: *const WaitEntry, cur: *const WaitEntry) {
        // SAFETY: linked entries are alive; the bucket lock is held.
        unsafe {
            let next = next_of(cur);
            if prev.is_null() {
                self.head = next;
            } else {
                set_next(prev, next);
            }
        }
        if self.tail == cur {
            self.tail = prev;
        }
        self.num_waiters -= 1;
    }

    /// Walks the queue and unlinks every entry for which `pick` returns
    /// `true`, stopping after the first one if `first_only`; each unlinked
    /// entry is passed to `take`.
    fn remove_where(
        &mut self,
        first_only: bool,
        mut pick: impl FnMut(*const WaitEntry) -> bool,
        mut take: impl FnMut(*const WaitEntry),
    ) {
        let mut prev: *const WaitEntry = std::ptr::null();
        let mut cur = self.head;
        while !cur.is_null() {
            // SAFETY: `cur` is linked, hence alive; the bucket lock is held.
            let next = unsafe { next_of(cur) };
            if pick(cur) {
                // SAFETY: `cur` is linked right after `prev`.
                unsafe { self.unlink(prev, cur) };
                take(cur);
                if first_only {
                    return;
                }
            } else {
                prev = cur;
            }
            cur = next;
        }
    }
}

/// Marks a dequeued entry as being unparked (the bucket lock is held).
fn mark_unparking(e: *const WaitEntry) {
    // SAFETY: `e` was just unlinked under the bucket lock and its thread
    // cannot return before it is woken, so it is alive; `is_unparking` is
    // only accessed under the bucket lock.
    unsafe { (*e).is_unparking.with_mut(|u| *u = true) }
}

/// Port of `_PyParkingLot_Park`: if `word` still holds `expected`, sleeps
/// until an [`unpark_one`]/[`unpark_all`] on the same word, the `timeout`
/// (`None`: forever), or a signal. `park_arg` is handed to the callback of
/// the [`unpark_one`] that wakes this thread; the parking lot never
/// dereferences it. With `detach`, the thread detaches while it sleeps
/// (see [`crate::blocking`]).
pub fn park<W: ParkWord>(
    word: &W,
    expected: W::Value,
    timeout: Option<Duration>,
    park_arg: *const (),
    detach: bool,
) -> ParkResult {
    let addr = std::ptr::from_ref(word) as usize;
    let bucket = bucket_for(addr);
    let wait = WaitEntry {
        park_arg,
        addr,
        sema: Semaphore::new(),
        next: UnsafeCell::new(std::ptr::null()),
        is_unparking: UnsafeCell::new(false),
    };
    let entry = std::ptr::from_ref(&wait);

    bucket.mutex.lock();
    if word.load_value() != expected {
        bucket.mutex.unlock();
        return ParkResult::Again;
    }
    // From here until `wait` is unlinked or woken, another thread may reach
    // it: unwinding out of this frame would free it while linked.
    let linked = AbortOnUnwind;
    // SAFETY: `wait` is alive and unlinked, and this function does not
    // return (nor unwind, see `linked`) while it is linked.
    bucket.with_queue(|q| unsafe { q.enqueue(entry) });
    bucket.mutex.unlock();

    let mut res = wait.sema.wait(timeout, detach);
    if res != ParkResult::Ok {
        // Timeout or interrupt: leave the queue, unless an unparker has
        // already dequeued us, in which case its wakeup is on its way.
        bucket.mutex.lock();
        // SAFETY: `is_unparking` is only accessed under the bucket lock.
        let unparking = wait.is_unparking.with(|u| unsafe { *u });
        if unparking {
            bucket.mutex.unlock();
            loop {
                res = wait.sema.wait(None, detach);
                if res == ParkResult::Ok {
                    break;
                }
            }
        } else {
            bucket.with_queue(|q| q.remove_where(true, |e| e == entry, |_| {}));
            bucket.mutex.unlock();
        }
    }
    drop(linked);
    res
}

/// Port of `_PyParkingLot_Unpark`: dequeues the first thread parked on
/// `word` and calls `f(Some(its park_arg), has_more_waiters)` while holding
/// the bucket lock, or `f(None, false)` if there is none; then wakes it.
/// As in CPython, `has_more_waiters` counts every waiter of the bucket, so
/// it may be a false positive, never a false negative.
pub fn unpark_one<W: ParkWord>(word: &W, f: impl FnOnce(Option<*const ()>, bool)) {
    let addr = std::ptr::from_ref(word) as usize;
    let bucket = bucket_for(addr);

    bucket.mutex.lock();
    let mut waiter: *const WaitEntry = std::ptr::null();
    let has_more = bucket.with_queue(|q| {
        // SAFETY: linked entries are alive; the bucket lock is held.
        q.remove_where(true, |e| unsafe { (*e).addr } == addr, |e| waiter = e);
        q.num_waiters > 0
    });
    let callback = AbortOnUnwind;
    if waiter.is_null() {
        f(None, false);
    } else {
        mark_unparking(waiter);
        // SAFETY: `waiter` is dequeued and its thread waits for our wakeup,
        // so it is alive; `park_arg` was fixed before it was linked.
        f(Some(unsafe { (*waiter).park_arg }), has_more);
    }
    drop(callback);
    bucket.mutex.unlock();

    if !waiter.is_null() {
        // SAFETY: the parked thread cannot return before this wakeup.
        unsafe { (*waiter).sema.wakeup() };
    }
}

/// Port of `_PyParkingLot_UnparkAll`: wakes every thread parked on `word`.
pub fn unpark_all<W: ParkWord>(word: &W) {
    let addr = std::ptr::from_ref(word) as usize;
    let bucket = bucket_for(addr);

    let mut head: *const WaitEntry = std::ptr::null();
    let mut tail: *const WaitEntry = std::ptr::null();
    bucket.mutex.lock();
    bucket.with_queue(|q| {
        q.remove_where(
            false,
            // SAFETY: linked entries are alive; the bucket lock is held.
            |e| unsafe { (*e).addr } == addr,
            |e| {
                mark_unparking(e);
                // SAFETY: `e` and `tail` are dequeued entries whose threads
                // wait for our wakeup; their links are now ours alone.
                unsafe {
                    set_next(e, std::ptr::null());
                    if tail.is_null() {
                        head = e;
                    } else {
                        set_next(tail, e);
                    }
                }
                tail = e;
            },
        );
    });
    bucket.mutex.unlock();

    let mut cur = head;
    while !cur.is_null() {
        // SAFETY: `cur` waits for our wakeup, so it is alive; read its link
        // before waking it, after which its thread may free it.
        unsafe {
            let next = next_of(cur);
            (*cur).sema.wakeup();
            cur = next;
        }
    }
}
