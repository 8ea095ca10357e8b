//! Real-thread stress tests of the containers' free-threaded paths:
//! writers under the critical section, lock-free readers, storage freed
//! through QSBR. Sized for a few seconds under `--profile stress`.

use std::sync::Barrier;

use rupy::objects::dictobject::DictObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{ObjRef, PyObject, downcast, into_obj};
use rupy::objects::unicodeobject;
use rupy::state;

const THREADS: usize = 8;

fn int_value(v: &PyObject) -> i64 {
    downcast::<IntObject>(v).and_then(IntObject::as_i64).expect("an int")
}

fn breaker() {
    state::with_tstate(|ts| ts.handle_eval_breaker());
}

#[test]
fn list_append_while_reading() {
    state::ensure();
    const PER_THREAD: i64 = 100_000;
    let list = ListObject::new().unwrap();
    let barrier = Barrier::new(THREADS * 2);
    std::thread::scope(|s| {
        for t in 0..THREADS as i64 {
            let (list, barrier) = (&list, &barrier);
            s.spawn(move || {
                state::ensure();
                barrier.wait();
                for i in 0..PER_THREAD {
                    // Values above the small-int cache: real heap objects.
                    list.append(&longobject::from_i64(10_000 + t * PER_THREAD + i).unwrap()).unwrap();
                    if i % 256 == 0 {
                        breaker();
                    }
                }
            });
            s.spawn(move || {
                state::ensure();
                barrier.wait();
                // Read until PER_THREAD items were seen: under load the
                // appenders may start late, so a fixed number of rounds could
                // all find the list empty.
                let mut seen = 0u64;
                let mut round = 0usize;
                while seen < PER_THREAD as u64 {
                    round += 1;
                    let n = list.len();
                    if n == 0 {
                        std::thread::yield_now();
                        continue;
                    }
                    let i = (round * 7919 + t as usize) % n;
                    let v = list.get_item_ref(i as isize).expect("an item below the observed length");
                    let x = int_value(&v);
                    assert!((10_000..10_000 + THREADS as i64 * PER_THREAD).contains(&x));
                    seen += 1;
                    if round % 256 == 0 {
                        breaker();
                    }
                }
            });
        }
    });
    assert_eq!(list.len(), THREADS * PER_THREAD as usize);
    let mut all: Vec<i64> = list.snapshot().iter().map(|v| int_value(v)).collect();
    all.sort_unstable();
    let want: Vec<i64> = (10_000..10_000 + THREADS as i64 * PER_THREAD).collect();
    assert_eq!(all, want);
}

#[test]
fn list_pop_insert_setitem_race() {
    state::ensure();
    let list = ListObject::new().unwrap();
    for i in 0..1000 {
        list.append(&longobject::from_i64(5000 + i).unwrap()).unwrap();
    }
    std::thread::scope(|s| {
        for t in 0..THREADS as i64 {
            let list = &list;
            s.spawn(move || {
                state::ensure();
                for i in 0..100_000i64 {
                    match (i + t) % 4 {
                        0 => list.insert(i as isize % 500, &longobject::from_i64(7000 + i).unwrap()).unwrap(),
                        1 => {
                            list.pop(-1).unwrap();
                        }
                        2 => {
                            let n = list.len();
                            if n > 0 {
                                // Another thread may shrink the list first.
                                let _ = list.set_item((i as usize % n) as isize, &longobject::from_i64(9000 + i).unwrap());
                                rupy::errors::clear();
                            }
                        }
                        _ => {
                            if let Some(v) = list.get_item_ref(i as isize % 700) {
                                assert!(int_value(&v) >= 5000);
                            }
                        }
                    }
                    if i % 128 == 0 {
                        breaker();
                    }
                }
            });
        }
    });
    // Each thread did as many inserts as pops.
    assert_eq!(list.len(), 1000);
}

#[test]
fn dict_set_get_delete_while_reading() {
    state::ensure();
    const KEYS: usize = 2_000;
    const ROUNDS: usize = 100;
    let dict = DictObject::new().unwrap();
    let keys: Vec<Vec<ObjRef>> = (0..THREADS)
        .map(|t| (0..KEYS).map(|k| into_obj(unicodeobject::from_string(format!("t{t}-k{k}")).unwrap())).collect())
        .collect();
    // Stable keys every reader checks while the table resizes under it.
    let stable: Vec<ObjRef> = (0..64).map(|k| into_obj(unicodeobject::from_string(format!("stable{k}")).unwrap())).collect();
    for (i, k) in stable.iter().enumerate() {
        dict.set_item(k, &longobject::from_i64(100_000 + i as i64).unwrap()).unwrap();
    }
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (dict, mine, stable) = (&dict, &keys[t], &stable);
            s.spawn(move || {
                state::ensure();
                for round in 0..ROUNDS {
                    for (k, key) in mine.iter().enumerate() {
                        let v = longobject::from_i64((round * KEYS + k) as i64 + 2000).unwrap();
                        dict.set_item(key, &v).unwrap();
                    }
                    for (k, key) in mine.iter().enumerate() {
                        let v = dict.get_item(key).unwrap().expect("own key present");
                        assert_eq!(int_value(&v), (round * KEYS + k) as i64 + 2000);
                    }
                    for key in mine.iter().step_by(2) {
                        dict.del_item(key).unwrap();
                    }
                    for (i, key) in stable.iter().enumerate() {
                        let v = dict.get_item(key).unwrap().expect("stable key present");
                        assert_eq!(int_value(&v), 100_000 + i as i64);
                    }
                    for key in mine.iter().skip(1).step_by(2) {
                        dict.del_item(key).unwrap();
                    }
                    breaker();
                }
            });
        }
        for r in 0..2 {
            let (dict, stable) = (&dict, &stable);
            s.spawn(move || {
                state::ensure();
                for round in 0..ROUNDS * 200 {
                    let key = &stable[(round + r) % stable.len()];
                    let v = dict.get_item(key).unwrap().expect("stable key present");
                    assert_eq!(int_value(&v), 100_000 + ((round + r) % stable.len()) as i64);
                    if round % 64 == 0 {
                        breaker();
                    }
                }
            });
        }
    });
    assert_eq!(dict.len(), stable.len());
}
