//! loom models of `PyOnceFlag` and `PyEvent`.
#![cfg(loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use rupy_sync::{PyEvent, PyOnceFlag};

fn model(preemptions: usize, f: impl Fn() + Sync + Send + 'static) {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(preemptions);
    b.check(f);
}

#[test]
fn once_flag_one_success_and_retry_after_failure() {
    model(3, || {
        let flag = Arc::new(PyOnceFlag::new());
        let attempts = Arc::new(AtomicUsize::new(0));
        let successes = Arc::new(AtomicUsize::new(0));
        let run = {
            let (flag, attempts, successes) = (flag.clone(), attempts.clone(), successes.clone());
            move || {
                while flag
                    .call_once(|| {
                        // The first attempt fails; the next one succeeds.
                        if attempts.fetch_add(1, Ordering::SeqCst) == 0 {
                            Err(())
                        } else {
                            successes.fetch_add(1, Ordering::SeqCst);
                            Ok(())
                        }
                    })
                    .is_err()
                {}
                assert!(flag.is_initialized());
            }
        };
        let t = thread::spawn(run.clone());
        run();
        t.join().unwrap();
        assert_eq!(successes.load(Ordering::SeqCst), 1);
        assert_eq!(attempts.load(Ordering::SeqCst), 2);
    });
}

#[test]
fn event_wakes_its_waiters() {
    model(3, || {
        let e = Arc::new(PyEvent::new());
        let data = Arc::new(AtomicUsize::new(0));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let (e, data) = (e.clone(), data.clone());
                thread::spawn(move || {
                    e.wait();
                    assert!(e.is_set());
                    // Setting the event publishes what preceded it.
                    assert_eq!(data.load(Ordering::Relaxed), 42);
                })
            })
            .collect();
        data.store(42, Ordering::Relaxed);
        e.set();
        for w in waiters {
            w.join().unwrap();
        }
    });
}

#[test]
fn event_timed_wait_reports_the_state() {
    model(3, || {
        let e = Arc::new(PyEvent::new());
        let t = {
            let e = e.clone();
            thread::spawn(move || {
                // May time out first; if it says "set", the event is set.
                if e.wait_timeout(std::time::Duration::from_millis(1)) {
                    assert!(e.is_set());
                }
            })
        };
        e.set();
        t.join().unwrap();
        assert!(e.is_set());
    });
}
