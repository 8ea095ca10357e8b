//! Stress tests with real OS threads: each checks an invariant of a
//! primitive under heavy contention. Sized to take a few seconds each under
//! `cargo test --profile stress` on a small machine.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::Duration;

use rupy_sync::{PyEvent, PyMutex, PyOnceFlag, PyRWMutex, PyRecursiveMutex, PySeqLock, critical_section};

/// Plain, non-atomic data that the lock under test must protect.
struct Unprotected<T>(UnsafeCell<T>);

// SAFETY: every test accesses the cell only while holding the lock under
// test; a broken lock shows up as a wrong count (and as a race under a
// sanitizer), which is what the tests look for.
unsafe impl<T: Send> Sync for Unprotected<T> {}

impl<T> Unprotected<T> {
    fn new(v: T) -> Self {
        Self(UnsafeCell::new(v))
    }

    /// # Safety
    /// The caller holds the lock that protects this cell.
    #[allow(clippy::mut_from_ref)]
    unsafe fn get(&self) -> &mut T {
        // SAFETY: per the contract, no other reference exists.
        unsafe { &mut *self.0.get() }
    }
}

const THREADS: usize = 8;

#[test]
fn mutex_protects_a_plain_counter() {
    const ITERS: u64 = 1_000_000;
    let m = PyMutex::new();
    let count = Unprotected::new(0u64);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ITERS {
                    m.lock();
                    // SAFETY: `m` is held.
                    unsafe { *count.get() += 1 };
                    m.unlock();
                }
            });
        }
    });
    assert!(!m.is_locked());
    assert_eq!(into_inner(count), THREADS as u64 * ITERS);
}

fn into_inner<T>(c: Unprotected<T>) -> T {
    c.0.into_inner()
}

#[test]
fn mutex_timed_locks_and_try_locks_keep_exclusion() {
    const ITERS: u64 = 100_000;
    let m = PyMutex::new();
    let count = Unprotected::new(0u64);
    let acquired = AtomicU64::new(0);
    std::thread::scope(|s| {
        for t in 0..4 {
            let (m, count, acquired) = (&m, &count, &acquired);
            s.spawn(move || {
                for i in 0..ITERS {
                    let got = match (t + i as usize) % 3 {
                        0 => m.try_lock(),
                        1 => {
                            m.lock_timed(Some(Duration::from_micros(50)), rupy_sync::LockFlags::DETACH)
                                == rupy_sync::LockResult::Acquired
                        }
                        _ => {
                            m.lock();
                            true
                        }
                    };
                    if got {
                        // SAFETY: `m` is held.
                        unsafe { *count.get() += 1 };
                        acquired.fetch_add(1, Ordering::Relaxed);
                        m.unlock();
                    }
                }
            });
        }
    });
    assert_eq!(into_inner(count), acquired.load(Ordering::Relaxed));
}

#[test]
fn recursive_mutex_protects_a_plain_counter() {
    const ITERS: u64 = 200_000;
    let m = PyRecursiveMutex::new();
    let count = Unprotected::new(0u64);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ITERS {
                    m.lock();
                    m.lock();
                    assert!(m.is_locked_by_me());
                    // SAFETY: `m` is held.
                    unsafe { *count.get() += 1 };
                    m.unlock();
                    assert!(m.is_locked_by_me());
                    m.unlock();
                }
                assert!(!m.is_locked_by_me());
            });
        }
    });
    assert_eq!(into_inner(count), THREADS as u64 * ITERS);
}

#[test]
fn rwmutex_readers_never_see_a_writer() {
    const ITERS: usize = 100_000;
    let rw = PyRWMutex::new();
    let pair = Unprotected::new((0u64, 0u64));
    let readers_in = AtomicUsize::new(0);
    let writer_in = AtomicBool::new(false);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (rw, pair, readers_in, writer_in) = (&rw, &pair, &readers_in, &writer_in);
            s.spawn(move || {
                for i in 0..ITERS {
                    if (t + i) % 4 == 0 {
                        rw.lock();
                        assert!(!writer_in.swap(true, Ordering::SeqCst), "two writers");
                        assert_eq!(readers_in.load(Ordering::SeqCst), 0, "writer with readers");
                        // SAFETY: the write lock is held.
                        let p = unsafe { pair.get() };
                        p.0 += 1;
                        p.1 += 1;
                        writer_in.store(false, Ordering::SeqCst);
                        rw.unlock();
                    } else {
                        rw.rlock();
                        readers_in.fetch_add(1, Ordering::SeqCst);
                        assert!(!writer_in.load(Ordering::SeqCst), "reader with a writer");
                        // SAFETY: the read lock is held, so no writer runs.
                        let p = unsafe { &*pair.0.get() };
                        assert_eq!(p.0, p.1);
                        readers_in.fetch_sub(1, Ordering::SeqCst);
                        rw.runlock();
                    }
                }
            });
        }
    });
    let (a, b) = into_inner(pair);
    assert_eq!(a, b);
    assert_eq!(a, (THREADS * ITERS / 4) as u64);
}

#[test]
fn once_flag_raced_with_failures_succeeds_exactly_once() {
    const ROUNDS: usize = 2_000;
    const FAILURES: usize = 3;
    for _ in 0..ROUNDS {
        let flag = PyOnceFlag::new();
        let attempts = AtomicUsize::new(0);
        let successes = AtomicUsize::new(0);
        let start = Barrier::new(4);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    start.wait();
                    loop {
                        let r = flag.call_once(|| {
                            if attempts.fetch_add(1, Ordering::SeqCst) < FAILURES {
                                Err(())
                            } else {
                                successes.fetch_add(1, Ordering::SeqCst);
                                Ok(())
                            }
                        });
                        if r.is_ok() {
                            break;
                        }
                    }
                    assert!(flag.is_initialized());
                });
            }
        });
        assert_eq!(successes.load(Ordering::SeqCst), 1);
        assert_eq!(attempts.load(Ordering::SeqCst), FAILURES + 1);
    }
}

#[test]
fn events_wake_every_waiter() {
    const ROUNDS: usize = 2_000;
    for round in 0..ROUNDS {
        let e = PyEvent::new();
        let woken = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for w in 0..3 {
                let (e, woken) = (&e, &woken);
                s.spawn(move || {
                    if (round + w) % 2 == 0 {
                        e.wait();
                    } else {
                        while !e.wait_timeout(Duration::from_micros(20)) {}
                    }
                    assert!(e.is_set());
                    woken.fetch_add(1, Ordering::SeqCst);
                });
            }
            if round % 3 == 0 {
                std::thread::yield_now();
            }
            e.set();
        });
        assert_eq!(woken.load(Ordering::SeqCst), 3);
    }
}

#[test]
fn seqlock_readers_never_see_torn_data() {
    const WRITES: u64 = 200_000;
    let lock = PySeqLock::new();
    let (a, b) = (AtomicU64::new(0), AtomicU64::new(0));
    let done = AtomicBool::new(false);
    let consistent_reads = AtomicU64::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 1..=WRITES {
                lock.begin_write();
                if i % 7 == 0 {
                    lock.abandon_write();
                    continue;
                }
                a.store(i, Ordering::Relaxed);
                b.store(i.wrapping_mul(3), Ordering::Relaxed);
                lock.end_write();
            }
            done.store(true, Ordering::SeqCst);
        });
        for _ in 0..3 {
            s.spawn(|| {
                // Read until the writer is done, then once more: a reader
                // scheduled only after the last write must still get a
                // consistent read from the quiescent lock.
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    let seq = lock.read_begin();
                    let x = a.load(Ordering::Relaxed);
                    let y = b.load(Ordering::Relaxed);
                    if lock.read_end(seq) {
                        assert_eq!(y, x.wrapping_mul(3), "torn read");
                        consistent_reads.fetch_add(1, Ordering::Relaxed);
                    } else {
                        assert!(!finished, "read failed with no writer left");
                    }
                    if finished {
                        break;
                    }
                }
            });
        }
    });
    assert!(consistent_reads.load(Ordering::Relaxed) > 0);
}

#[test]
fn critical_sections_in_opposite_orders_exclude_and_never_deadlock() {
    const MUTEXES: usize = 4;
    const ITERS: usize = 50_000;
    let mutexes: Vec<PyMutex> = (0..MUTEXES).map(|_| PyMutex::new()).collect();
    let in_use: Vec<AtomicBool> = (0..MUTEXES).map(|_| AtomicBool::new(false)).collect();
    let counts: Vec<Unprotected<u64>> = (0..MUTEXES).map(|_| Unprotected::new(0)).collect();

    // Checks and bumps object `i` while its mutex is held by the top section.
    let expected = AtomicU64::new(0);
    let touch = |i: usize| {
        critical_section::assert_held(&mutexes[i]);
        assert!(!in_use[i].swap(true, Ordering::SeqCst), "two threads inside object {i}");
        // SAFETY: the top critical section holds mutexes[i].
        unsafe { *counts[i].get() += 1 };
        in_use[i].store(false, Ordering::SeqCst);
    };

    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (mutexes, touch) = (&mutexes, &touch);
            let expected = &expected;
            s.spawn(move || {
                let mut touches = 0u64;
                let mut rng = 0x9e37_79b9_u32.wrapping_mul(t as u32 + 1);
                for _ in 0..ITERS {
                    rng ^= rng << 13;
                    rng ^= rng >> 17;
                    rng ^= rng << 5;
                    let i = rng as usize % MUTEXES;
                    let j = (rng >> 8) as usize % MUTEXES;
                    if rng & 0x1_0000 == 0 {
                        critical_section::with2(&mutexes[i], &mutexes[j], || {
                            touch(i);
                            if j != i {
                                touch(j);
                            }
                        });
                        touches += if j != i { 2 } else { 1 };
                    } else {
                        // Nested one-mutex sections, in whatever order the
                        // dice gave: the inner begin may block, suspending
                        // the outer section.
                        critical_section::with(&mutexes[i], || {
                            touch(i);
                            critical_section::with(&mutexes[j], || touch(j));
                            touch(i);
                        });
                        touches += 3;
                    }
                    assert_eq!(critical_section::depth(), 0);
                }
                expected.fetch_add(touches, Ordering::Relaxed);
            });
        }
    });
    assert!(mutexes.iter().all(|m| !m.is_locked()));
    let total: u64 = counts.into_iter().map(into_inner).sum();
    assert_eq!(total, expected.load(Ordering::Relaxed));
}
