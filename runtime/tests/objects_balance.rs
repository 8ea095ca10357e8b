//! Refcount balance under threads: every object the workload allocates
//! is freed exactly once, none leaks (allocation and free counts of the
//! object allocator). One test per binary: the counters are per process.

use rupy::objects::dictobject::DictObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::object::{self, ObjRef, alloc_stats, into_obj};
use rupy::objects::{floatobject, longobject, tupleobject, unicodeobject};
use rupy::state;

#[test]
fn every_object_freed_exactly_once() {
    state::ensure();
    let (a0, f0) = alloc_stats();
    let shared_list = ListObject::new().unwrap();
    let shared_dict = DictObject::new().unwrap();
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for t in 0..8i64 {
            let (list, dict) = (&shared_list, &shared_dict);
            handles.push(s.spawn(move || {
                state::ensure();
                for i in 0..5_000i64 {
                    let n = longobject::from_i64(1_000_000 * t + i).unwrap();
                    let f = floatobject::from_f64(i as f64 + 0.5).unwrap();
                    let st = into_obj(unicodeobject::from_string(format!("v{t}-{i}")).unwrap());
                    let tup = into_obj(tupleobject::from_slice(&[&n, &f, &st]).unwrap());
                    list.append(&tup).unwrap();
                    dict.set_item(&st, &tup).unwrap();
                    if i % 3 == 0 {
                        dict.del_item(&st).unwrap();
                        list.pop(-1).unwrap();
                    }
                    if let Some(other) = list.get_item_ref((i * 31 % 1000) as isize) {
                        let _ = object::hash(&other).unwrap();
                    }
                    if i % 100 == 0 {
                        state::with_tstate(|ts| ts.handle_eval_breaker());
                    }
                }
            }));
        }
        // A native join also waits for the thread's TLS destructors,
        // which fold its counts into the totals.
        for h in handles {
            h.join().unwrap();
        }
    });
    let (a1, _) = alloc_stats();
    assert!(a1 - a0 > 100_000, "the workload allocated only {} objects", a1 - a0);
    shared_list.clear();
    shared_dict.clear();
    let leftovers: Vec<ObjRef> = vec![into_obj(shared_list), into_obj(shared_dict)];
    drop(leftovers);
    // Run delayed frees: every other thread has exited, so QSBR goals
    // are reached as soon as the write sequence moves past the deferred
    // ones (a later write would do it) and this thread reports quiescence.
    for _ in 0..100 {
        state::interp().gc().qsbr().advance();
        state::with_tstate(|ts| ts.handle_eval_breaker());
        let (a, f) = alloc_stats();
        if a - a0 == f - f0 {
            break;
        }
        std::thread::yield_now();
    }
    let (a, f) = alloc_stats();
    assert_eq!(a - a0, f - f0, "allocated {} objects, freed {}", a - a0, f - f0);
}
