//! loom models of `PyMutex` (and through it the parking lot, its bucket
//! lock and the semaphore): mutual exclusion, no lost wake-up, hand-off.
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use rupy_sync::{LockFlags, LockResult, PyMutex};
use std::time::Duration;

fn model(preemptions: usize, f: impl Fn() + Sync + Send + 'static) {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(preemptions);
    b.check(f);
}

struct Shared {
    m: PyMutex,
    count: UnsafeCell<u32>,
}

// SAFETY: `count` is only accessed with `m` held; loom's cell reports
// any access that the mutex fails to order.
unsafe impl Sync for Shared {}

fn bump(s: &Shared) {
    s.m.lock();
    // SAFETY: `m` is held.
    s.count.with_mut(|c| unsafe { *c += 1 });
    s.m.unlock();
}

#[test]
fn two_threads_exclude() {
    model(3, || {
        let s = Arc::new(Shared { m: PyMutex::new(), count: UnsafeCell::new(0) });
        let t = {
            let s = s.clone();
            thread::spawn(move || bump(&s))
        };
        bump(&s);
        t.join().unwrap();
        s.m.lock();
        // SAFETY: `m` is held.
        assert_eq!(s.count.with(|c| unsafe { *c }), 2);
        s.m.unlock();
    });
}

#[test]
fn three_threads_no_lost_wakeup() {
    // loom fails the model if any thread stays parked forever.
    model(3, || {
        let s = Arc::new(Shared { m: PyMutex::new(), count: UnsafeCell::new(0) });
        let ts: Vec<_> = (0..2)
            .map(|_| {
                let s = s.clone();
                thread::spawn(move || bump(&s))
            })
            .collect();
        bump(&s);
        for t in ts {
            t.join().unwrap();
        }
        assert!(!s.m.is_locked());
        // SAFETY: every other thread has been joined.
        assert_eq!(s.count.with(|c| unsafe { *c }), 3);
    });
}

#[test]
fn fairness_hand_off_keeps_exclusion() {
    // The holder lets the logical clock pass TIME_TO_BE_FAIR_NS before it
    // unlocks: a waiter parked before that is handed the lock directly,
    // one that parks after is not; loom explores both.
    model(3, || {
        let s = Arc::new(Shared { m: PyMutex::new(), count: UnsafeCell::new(0) });
        s.m.lock();
        let t = {
            let s = s.clone();
            thread::spawn(move || bump(&s))
        };
        rupy_sync::loom_clock::advance(Duration::from_millis(2));
        // SAFETY: `m` is held.
        s.count.with_mut(|c| unsafe { *c += 1 });
        s.m.unlock();
        t.join().unwrap();
        assert!(!s.m.is_locked());
        // SAFETY: the other thread has been joined.
        assert_eq!(s.count.with(|c| unsafe { *c }), 2);
    });
}

#[test]
fn timed_lock_fails_or_acquires_cleanly() {
    // Under loom a timed park may time out at any point: the waiter must
    // then leave the queue without losing the holder's wake-up.
    model(3, || {
        let m = Arc::new(PyMutex::new());
        m.lock();
        let t = {
            let m = m.clone();
            thread::spawn(move || {
                if m.lock_timed(Some(Duration::from_millis(1)), LockFlags::DETACH) == LockResult::Acquired {
                    m.unlock();
                }
            })
        };
        m.unlock();
        t.join().unwrap();
        assert!(!m.is_locked());
        assert!(m.try_lock());
    });
}

#[test]
fn barging_locker_cannot_steal_a_due_hand_off() {
    // `unlock` releases with a `fetch_sub` before its unpark callback runs
    // (the word is then HAS_PARKED). Here a waiter made overdue by the
    // logical clock may be parked when the holder unlocks, and a third
    // thread tries to lock in that window: it must not get the lock while
    // the callback hands it over (loom's cell catches a double holder),
    // and every thread must eventually acquire (loom fails on a thread
    // parked forever).
    model(3, || {
        let s = Arc::new(Shared { m: PyMutex::new(), count: UnsafeCell::new(0) });
        s.m.lock();
        let waiter = {
            let s = s.clone();
            thread::spawn(move || bump(&s))
        };
        rupy_sync::loom_clock::advance(Duration::from_millis(2));
        let barger = {
            let s = s.clone();
            thread::spawn(move || bump(&s))
        };
        // SAFETY: `m` is held.
        s.count.with_mut(|c| unsafe { *c += 1 });
        s.m.unlock();
        waiter.join().unwrap();
        barger.join().unwrap();
        assert!(!s.m.is_locked());
        // SAFETY: every other thread has been joined.
        assert_eq!(s.count.with(|c| unsafe { *c }), 3);
    });
}
