//! loom model of the GIL hand-off (rupy_gc::ceval_gil with the attach /
//! detach protocol): with the GIL enabled no two threads are attached at
//! once, a waiter's drop request makes the holder hand the GIL over at
//! its eval-breaker check (forced switching waits for the taker), and
//! deleting a thread state releases the GIL. loom's timed waits always
//! time out, so every wait for the GIL sends a drop request.
#![cfg(loom)]

use loom::model::Builder;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use rupy_gc::{Interp, ThreadState};

fn enter_exit(inside: &AtomicUsize) {
    assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two threads hold the GIL");
    inside.fetch_sub(1, Ordering::SeqCst);
}

#[test]
fn one_holder_and_hand_off() {
    let mut b = Builder::new();
    b.preemption_bound = Some(2);
    b.check(|| {
        let interp = Interp::new();
        assert!(interp.gil().set_enabled(None, true));
        let inside = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let ts = ThreadState::new(&interp);
                let inside = Arc::clone(&inside);
                loom::thread::spawn(move || {
                    ts.attach();
                    assert!(ts.holds_gil());
                    enter_exit(&inside);
                    // Hands the GIL over if the other thread asked.
                    ts.handle_eval_breaker();
                    assert!(ts.holds_gil());
                    enter_exit(&inside);
                    ts.delete_current();
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        assert!(!interp.gil().is_locked(), "a deleted thread state kept the GIL");
    });
}

#[test]
fn stop_the_world_with_a_thread_waiting_for_the_gil() {
    let mut b = Builder::new();
    b.preemption_bound = Some(2);
    b.check(|| {
        let interp = Interp::new();
        assert!(interp.gil().set_enabled(None, true));
        let holder = ThreadState::new(&interp);
        let waiter = ThreadState::new(&interp);
        let h = loom::thread::spawn(move || {
            holder.attach();
            holder.handle_eval_breaker();
            holder.delete_current();
        });
        let w = loom::thread::spawn(move || {
            waiter.attach();
            waiter.handle_eval_breaker();
            waiter.delete_current();
        });
        // A requester without a thread state stops the world: threads
        // waiting for the GIL count as detached, so this cannot hang.
        drop(interp.stop_the_world());
        h.join().unwrap();
        w.join().unwrap();
        assert!(!interp.gil().is_locked());
    });
}
