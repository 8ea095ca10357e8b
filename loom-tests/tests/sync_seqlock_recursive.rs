//! loom models of `PySeqLock` (readers never accept a torn pair) and
//! `PyRecursiveMutex` (re-entrant for its owner, exclusive across threads).
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicU32, Ordering};
use loom::thread;
use rupy_sync::{PyRecursiveMutex, PySeqLock};

struct Published {
    seq: PySeqLock,
    // Read racily by readers, as the data a seqlock guards is: relaxed
    // atomics, validated by the sequence.
    a: AtomicU32,
    b: AtomicU32,
}

/// Reads the pair under the seqlock's retry protocol.
fn read_pair(p: &Published) -> (u32, u32) {
    loop {
        let s = p.seq.read_begin();
        let pair = (p.a.load(Ordering::Relaxed), p.b.load(Ordering::Relaxed));
        if p.seq.read_end(s) {
            return pair;
        }
    }
}

#[test]
fn seqlock_readers_never_accept_torn_data() {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(2);
    b.check(|| {
        let p = Arc::new(Published { seq: PySeqLock::new(), a: AtomicU32::new(0), b: AtomicU32::new(0) });
        let writer = {
            let p = p.clone();
            thread::spawn(move || {
                for v in 1..=2 {
                    p.seq.begin_write();
                    p.a.store(v, Ordering::Relaxed);
                    p.b.store(v, Ordering::Relaxed);
                    p.seq.end_write();
                }
            })
        };
        let (x, y) = read_pair(&p);
        assert_eq!(x, y, "a reader accepted a torn pair");
        writer.join().unwrap();
        assert_eq!(read_pair(&p), (2, 2));
    });
}

#[test]
fn seqlock_abandoned_write_keeps_readers_valid() {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(2);
    b.check(|| {
        let p = Arc::new(Published { seq: PySeqLock::new(), a: AtomicU32::new(7), b: AtomicU32::new(7) });
        let writer = {
            let p = p.clone();
            thread::spawn(move || {
                p.seq.begin_write();
                p.seq.abandon_write();
            })
        };
        assert_eq!(read_pair(&p), (7, 7));
        writer.join().unwrap();
    });
}

struct Counted {
    m: PyRecursiveMutex,
    count: UnsafeCell<u32>,
}

// SAFETY: `count` is touched only while `m` is held; loom's cell reports any
// access the mutex fails to order.
unsafe impl Sync for Counted {}

#[test]
fn recursive_mutex_is_reentrant_and_exclusive() {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(3);
    b.check(|| {
        let c = Arc::new(Counted { m: PyRecursiveMutex::new(), count: UnsafeCell::new(0) });
        let work = |c: &Counted| {
            c.m.lock();
            c.m.lock();
            assert!(c.m.is_locked_by_me());
            // SAFETY: the mutex is held.
            c.count.with_mut(|n| unsafe { *n += 1 });
            c.m.unlock();
            assert!(c.m.is_locked_by_me(), "one unlock of two released the mutex");
            // SAFETY: the mutex is still held once.
            c.count.with_mut(|n| unsafe { *n += 1 });
            c.m.unlock();
            assert!(!c.m.is_locked_by_me());
        };
        let other = {
            let c = c.clone();
            thread::spawn(move || work(&c))
        };
        work(&c);
        other.join().unwrap();
        c.m.lock();
        // SAFETY: the mutex is held and the other thread has exited.
        assert_eq!(c.count.with(|n| unsafe { *n }), 4);
        c.m.unlock();
    });
}
