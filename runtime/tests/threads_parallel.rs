//! Python code run by several OS threads at once: each thread gets its own
//! thread state (created and attached when it starts, deleted when it
//! exits) and runs the same compiled function on shared objects with no
//! lock. Checks exact invariants (no lost append, no torn dict) and, when
//! the machine has the cores, that the threads really ran in parallel.

use std::sync::Barrier;
use std::time::{Duration, Instant};

mod pyrun_common;
use pyrun_common::{call, global, int};
use rupy::objects::dictobject::DictObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self};
use rupy::objects::object::{ObjRef, as_obj, downcast};
use rupy::objects::unicodeobject;
use rupy::state;

const THREADS: usize = 4;

const SOURCE: &str = r#"
def work(lst, d, key, n):
    # Per-thread key: exact. Shared key: racy read-modify-write, only
    # bounded. The list gets every append.
    for i in range(n):
        lst.append(i)
        d[key] = d.get(key, 0) + 1
        d["shared"] = d.get("shared", 0) + 1
    return key

def spin(n):
    # CPU-bound, touches nothing shared.
    t = 0
    for i in range(n):
        t = (t + i * i) % 1000003
    return t

def churn(lst, n):
    # Allocation-heavy: appends and pops its own objects on a shared list.
    for i in range(n):
        lst.append([i, i + 0.5, (i, -i)])
        if len(lst) > 64:
            lst.pop()
    return 0
"#;

fn module() -> ObjRef {
    pyrun_common::module(SOURCE, "<threads>")
}

/// Process CPU time (user + system).
fn cpu_time() -> Duration {
    // SAFETY: getrusage writes into the zeroed struct we pass.
    let ru = unsafe {
        let mut ru: libc::rusage = core::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
        ru
    };
    let us = |t: libc::timeval| Duration::from_micros(t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64);
    us(ru.ru_utime) + us(ru.ru_stime)
}

/// Runs `body(thread_index)` on `THREADS` new OS threads at once; each
/// thread attaches a fresh thread state and deletes it before exiting.
/// Waits (the barrier, the join) are detached, as blocking calls are, so
/// the tests also run with the GIL on (`--features gil`).
fn on_threads(body: impl Fn(usize) + Sync) {
    let barrier = Barrier::new(THREADS);
    state::allow_threads(|| {
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let (barrier, body) = (&barrier, &body);
                s.spawn(move || {
                    state::ensure();
                    state::allow_threads(|| barrier.wait());
                    body(t);
                    state::delete_current_thread();
                });
            }
        });
    });
}

#[test]
fn shared_list_and_dict_from_four_threads() {
    const N: i64 = 100_000;
    let g = module();
    let work = global(&g, "work");
    let lst = ListObject::new().unwrap();
    let d = DictObject::new().unwrap();
    let n = longobject::from_i64(N).unwrap();
    on_threads(|t| {
        let key = unicodeobject::from_string(format!("t{t}")).unwrap();
        let r = call(&work, &[as_obj(&*lst), as_obj(&*d), as_obj(&*key), &n]);
        assert!(rupy::objects::object::is(&r, as_obj(&*key)));
    });
    assert_eq!(lst.len() as i64, THREADS as i64 * N, "every append landed");
    // Each value 0..N appears exactly THREADS times.
    let mut counts = vec![0u8; N as usize];
    for v in lst.snapshot() {
        counts[int(&v) as usize] += 1;
    }
    assert!(counts.iter().all(|&c| c as usize == THREADS), "no torn or duplicated item");
    for t in 0..THREADS {
        let v = d.get_item(as_obj(&*unicodeobject::from_string(format!("t{t}")).unwrap())).unwrap().unwrap();
        assert_eq!(int(&v), N, "per-thread counter t{t}");
    }
    let shared = int(&d.get_item(as_obj(&*unicodeobject::from_str("shared").unwrap())).unwrap().unwrap());
    assert!(shared >= N && shared <= THREADS as i64 * N, "racy shared counter in range: {shared}");
    assert_eq!(d.len(), THREADS + 1);
}

#[test]
fn allocation_churn_from_four_threads() {
    let g = module();
    let churn = global(&g, "churn");
    let lst = ListObject::new().unwrap();
    let n = longobject::from_i64(50_000).unwrap();
    on_threads(|_| {
        let r = call(&churn, &[as_obj(&*lst), &n]);
        assert_eq!(int(&r), 0);
    });
    let len = lst.len();
    assert!((64..=64 + THREADS).contains(&len), "bounded list: {len}");
    for v in lst.snapshot() {
        let item = downcast::<ListObject>(&v).expect("a list item");
        assert_eq!(item.len(), 3);
    }
}

#[test]
fn cpu_bound_threads_run_in_parallel() {
    const N: i64 = 300_000;
    let g = module();
    let spin = global(&g, "spin");
    let n = longobject::from_i64(N).unwrap();
    let expected = int(&call(&spin, &[&n]));
    let (cpu0, wall0) = (cpu_time(), Instant::now());
    on_threads(|_| {
        assert_eq!(int(&call(&spin, &[&n])), expected);
    });
    let (cpu, wall) = (cpu_time() - cpu0, wall0.elapsed());
    let ratio = cpu.as_secs_f64() / wall.as_secs_f64();
    eprintln!("{THREADS} threads: cpu {cpu:?} wall {wall:?} cpu/wall {ratio:.2}");
    // Other jobs may share the cores; only insist when asked to.
    if std::env::var_os("RUPY_EXPECT_PARALLEL").is_some() && !state::ceval_gil::is_enabled() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from).min(THREADS);
        assert!(cores < 2 || ratio > 1.3, "threads did not overlap: cpu/wall {ratio:.2}");
    }
}

#[test]
fn many_short_lived_threads() {
    // Thread states come and go while others run: BRC owners exit,
    // QSBR slots are reused.
    let g = module();
    let work = global(&g, "work");
    let lst = ListObject::new().unwrap();
    let d = DictObject::new().unwrap();
    let n = longobject::from_i64(200).unwrap();
    for round in 0..50 {
        on_threads(|t| {
            let key = unicodeobject::from_string(format!("r{}", t)).unwrap();
            call(&work, &[as_obj(&*lst), as_obj(&*d), as_obj(&*key), &n]);
        });
        assert_eq!(lst.len(), (round + 1) * THREADS * 200);
    }
    state::with_tstate(|ts| ts.handle_eval_breaker());
}
