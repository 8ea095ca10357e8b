//! The GIL with real threads (turned on at start-up here, whatever the
//! build's default): at most one thread runs attached at a time, every
//! thread still makes progress through the switch interval's drop
//! requests, blocking waits (sleeps, lock waits, joins) release it,
//! stop-the-world and the cycle collector run while threads wait for it,
//! and threaded programs give the same results. One test function, since
//! the GIL can only be switched on while a single thread exists.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

mod pyrun_common;
use pyrun_common::{call, global, int};
use rupy::objects::dictobject::DictObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self};
use rupy::objects::object::{ObjRef, PyObject, as_obj};
use rupy::objects::unicodeobject;
use rupy::state;
use rupy::state::ceval_gil;
use rupy_sync::PyMutex;

const SOURCE: &str = r#"
def spin(n):
    t = 0
    for i in range(n):
        t = (t + i * i) % 1000003
    return t

def work(lst, d, key, n):
    for i in range(n):
        lst.append(i)
        d[key] = d.get(key, 0) + 1
    return key

def cycles(n):
    for i in range(n):
        a = []
        b = [a]
        a.append(b)
    return n
"#;

fn module() -> ObjRef {
    pyrun_common::module(SOURCE, "<gil>")
}

/// Runs `body(i)` on `n` new threads, each with its own thread state,
/// while the calling thread waits detached (a join releases the GIL).
/// Fails instead of hanging if they do not finish within a minute.
fn on_threads(n: usize, body: impl Fn(usize) + Sync) {
    let barrier = Barrier::new(n);
    let (tx, rx) = mpsc::channel();
    state::allow_threads(|| {
        std::thread::scope(|s| {
            for t in 0..n {
                let (barrier, body, tx) = (&barrier, &body, tx.clone());
                s.spawn(move || {
                    state::ensure();
                    assert!(holds_gil());
                    state::allow_threads(|| barrier.wait());
                    body(t);
                    state::delete_current_thread();
                    tx.send(()).unwrap();
                });
            }
            for _ in 0..n {
                if rx.recv_timeout(Duration::from_secs(60)).is_err() {
                    eprintln!("threads hung with the GIL on");
                    std::process::abort();
                }
            }
        });
    });
}

fn holds_gil() -> bool {
    rupy_gc::tstate::current().is_some_and(rupy_gc::ThreadState::holds_gil)
}

#[test]
fn gil_on() {
    let g = module();
    assert!(ceval_gil::set_enabled(true), "only thread at start-up");
    assert!(ceval_gil::is_enabled());
    assert!(holds_gil(), "the enabling thread holds the GIL");
    assert_eq!(ceval_gil::switch_interval_us(), 5000);

    mutual_exclusion(&g);
    progress_through_drop_requests(&g);
    blocking_waits_release_the_gil(&g);
    collector_while_threads_wait(&g);
    same_results(&g);

    // Single-threaded again: it can be switched off.
    assert!(ceval_gil::set_enabled(false));
    assert!(!ceval_gil::is_enabled() && !holds_gil());
}

/// Threads running Python code and a region of native code while
/// attached: never two inside at once, and they take turns.
fn mutual_exclusion(g: &PyObject) {
    let spin = global(g, "spin");
    let n = longobject::from_i64(2000).unwrap();
    let inside = AtomicUsize::new(0);
    let max_inside = AtomicUsize::new(0);
    let rounds: Vec<AtomicUsize> = (0..4).map(|_| AtomicUsize::new(0)).collect();
    let switches0 = state::interp().gc().gil().switch_number();
    on_threads(4, |t| {
        let deadline = Instant::now() + Duration::from_millis(300);
        while Instant::now() < deadline {
            // Native work while attached: the GIL changes hands only at
            // an eval-breaker check, so nobody else is inside meanwhile.
            let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
            max_inside.fetch_max(now, Ordering::SeqCst);
            assert!(holds_gil());
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_micros(50) {
                std::hint::spin_loop();
            }
            inside.fetch_sub(1, Ordering::SeqCst);
            rounds[t].fetch_add(1, Ordering::Relaxed);
            // Python code: the GIL may change hands in there.
            std::hint::black_box(call(&spin, &[&n]));
        }
    });
    assert_eq!(max_inside.load(Ordering::SeqCst), 1, "two threads ran with the GIL at once");
    for (t, r) in rounds.iter().enumerate() {
        assert!(r.load(Ordering::Relaxed) > 0, "thread {t} never ran");
    }
    assert!(state::interp().gc().gil().switch_number() > switches0 + 4, "the GIL changed hands");
}

/// A thread running a long Python loop is asked to drop the GIL after
/// the switch interval: a short job started later finishes first.
fn progress_through_drop_requests(g: &PyObject) {
    let spin = global(g, "spin");
    let long = longobject::from_i64(3_000_000).unwrap();
    let short = longobject::from_i64(1000).unwrap();
    let long_started = AtomicBool::new(false);
    let done_order = std::sync::Mutex::new(Vec::new());
    on_threads(2, |t| {
        if t == 0 {
            long_started.store(true, Ordering::SeqCst);
            call(&spin, &[&long]);
        } else {
            state::allow_threads(|| {
                while !long_started.load(Ordering::SeqCst) {
                    std::thread::yield_now();
                }
                std::thread::sleep(Duration::from_millis(20));
            });
            call(&spin, &[&short]);
        }
        done_order.lock().unwrap().push(t);
    });
    assert_eq!(*done_order.lock().unwrap(), [1, 0], "the short job waited for the long one");
}

/// A sleeping thread and a thread blocked on a lock release the GIL: the
/// other thread runs Python code meanwhile.
fn blocking_waits_release_the_gil(g: &PyObject) {
    let spin = global(g, "spin");
    let n = longobject::from_i64(10_000).unwrap();
    // Sleep: the spinner finishes during the sleep.
    let slept = AtomicBool::new(false);
    on_threads(2, |t| {
        if t == 0 {
            state::allow_threads(|| std::thread::sleep(Duration::from_millis(200)));
            slept.store(true, Ordering::SeqCst);
        } else {
            call(&spin, &[&n]);
            assert!(!slept.load(Ordering::SeqCst), "Python code waited for a sleeping thread");
        }
    });
    // Lock wait: thread 1 holds a PyMutex and needs the GIL to release
    // it; thread 0 waits for the mutex (detaching), else a deadlock.
    let m = Arc::new(PyMutex::new());
    let locked = AtomicBool::new(false);
    on_threads(2, |t| {
        if t == 1 {
            m.lock();
            locked.store(true, Ordering::SeqCst);
            call(&spin, &[&n]);
            state::with_tstate(|ts| ts.handle_eval_breaker());
            call(&spin, &[&n]);
            m.unlock();
        } else {
            state::allow_threads(|| {
                while !locked.load(Ordering::SeqCst) {
                    std::thread::yield_now();
                }
            });
            m.lock();
            assert!(holds_gil());
            m.unlock();
        }
    });
}

/// Cycle collections (stop-the-world) from one thread while the others
/// run Python code or wait for the GIL.
fn collector_while_threads_wait(g: &PyObject) {
    let cycles = global(g, "cycles");
    let n = longobject::from_i64(5000).unwrap();
    on_threads(3, |t| {
        if t == 0 {
            for _ in 0..5 {
                state::gc::collect(false);
            }
        } else {
            assert_eq!(int(&call(&cycles, &[&n])), 5000);
        }
    });
}

/// The shared-list program gives exactly what it gives without the GIL.
fn same_results(g: &PyObject) {
    const N: i64 = 20_000;
    let work = global(g, "work");
    let lst = ListObject::new().unwrap();
    let d = DictObject::new().unwrap();
    let n = longobject::from_i64(N).unwrap();
    on_threads(4, |t| {
        let key = unicodeobject::from_string(format!("t{t}")).unwrap();
        call(&work, &[as_obj(&*lst), as_obj(&*d), as_obj(&*key), &n]);
    });
    assert_eq!(lst.len() as i64, 4 * N);
    for t in 0..4 {
        let v = d.get_item(as_obj(&*unicodeobject::from_string(format!("t{t}")).unwrap())).unwrap().unwrap();
        assert_eq!(int(&v), N);
    }
}
