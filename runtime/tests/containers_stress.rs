//! Real-thread stress tests of the container mutators added with the
//! full list / dict / set / bytearray method sets: writers under the
//! object's critical section racing each other and lock-free or locked
//! readers. Sized for seconds on two loaded cores.

use std::sync::Barrier;

use rupy::objects::bytearrayobject::{self, ByteArrayObject};
use rupy::objects::dictobject::DictObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj};
use rupy::objects::r#abstract as ab;
use rupy::state;

const THREADS: usize = 4;

fn int_value(v: &PyObject) -> i64 {
    downcast::<IntObject>(v).and_then(IntObject::as_i64).expect("an int")
}

fn breaker() {
    state::with_tstate(|ts| ts.handle_eval_breaker());
}

fn call_method(o: &PyObject, name: &str, args: &[&PyObject]) -> ObjRef {
    let m = object::get_attr_str(o, name).unwrap();
    object::call(&m, args).unwrap()
}

#[test]
fn bytearray_append_extend_from_four_threads() {
    state::ensure();
    const PER_THREAD: usize = 20_000;
    let ba = bytearrayobject::from_bytes(b"").unwrap();
    let bo = into_obj(ba.clone());
    let barrier = Barrier::new(THREADS + 1);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (bo, barrier) = (&bo, &barrier);
            s.spawn(move || {
                state::ensure();
                barrier.wait();
                let byte = longobject::from_i64(t as i64 + 1).unwrap();
                let pair = bytearrayobject::from_bytes(&[t as u8 + 1, t as u8 + 1]).unwrap();
                for i in 0..PER_THREAD {
                    if i % 2 == 0 {
                        call_method(bo, "append", &[&byte]);
                    } else {
                        // `+=` through the in-place slot: two bytes at once.
                        let r = ab::inplace_op(0, bo, object::as_obj(&*pair)).unwrap();
                        assert!(object::is(&r, bo));
                    }
                    if i % 256 == 0 {
                        breaker();
                    }
                }
            });
        }
        // A reader: the length only grows and every byte is a writer's.
        let (ba, barrier) = (&ba, &barrier);
        s.spawn(move || {
            state::ensure();
            barrier.wait();
            let mut last = 0;
            let total = THREADS * PER_THREAD / 2 * 3;
            while last < total {
                let data = ba.to_vec();
                assert!(data.len() >= last);
                assert!(data.iter().all(|&b| (1..=THREADS as u8).contains(&b)));
                last = data.len();
                breaker();
            }
        });
    });
    let data = ba.to_vec();
    assert_eq!(data.len(), THREADS * PER_THREAD / 2 * 3);
    for t in 1..=THREADS as u8 {
        assert_eq!(data.iter().filter(|&&b| b == t).count(), PER_THREAD / 2 * 3);
    }
    assert_eq!(ByteArrayObject::len(&ba), data.len());
}

#[test]
fn list_extend_and_slice_assignment_while_reading() {
    state::ensure();
    const ROUNDS: i64 = 2_000;
    let list = ListObject::new().unwrap();
    let lo = into_obj(list.clone());
    let barrier = Barrier::new(THREADS * 2);
    std::thread::scope(|s| {
        for t in 0..THREADS as i64 {
            let (lo, list, barrier) = (&lo, &list, &barrier);
            s.spawn(move || {
                state::ensure();
                barrier.wait();
                for i in 0..ROUNDS {
                    let base = 10_000 + (t * ROUNDS + i) * 4;
                    let items: Vec<ObjRef> = (0..4).map(|k| longobject::from_i64(base + k).unwrap()).collect();
                    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
                    let chunk = into_obj(ListObject::from_slice(&refs).unwrap());
                    call_method(lo, "extend", &[&chunk]);
                    if i % 3 == 0 {
                        // Replace a one-item slice at the front by two items
                        // and take them out again: the length moves both ways.
                        let zero = longobject::from_i64(0).unwrap();
                        let one = longobject::from_i64(1).unwrap();
                        let s01 = rupy::objects::sliceobject::new_slice(Some(&zero), Some(&zero), None).unwrap();
                        let pair = into_obj(ListObject::from_slice(&[&one, &one]).unwrap());
                        ab::set_item(lo, object::as_obj(&*s01), &pair).unwrap();
                        call_method(lo, "remove", &[&one]);
                        call_method(lo, "remove", &[&one]);
                    }
                    if i % 64 == 0 {
                        breaker();
                    }
                }
                let _ = list;
            });
            s.spawn(move || {
                state::ensure();
                barrier.wait();
                let mut round = 0usize;
                let mut seen = 0usize;
                while seen < ROUNDS as usize * 4 {
                    round += 1;
                    let n = list.len();
                    if n == 0 {
                        std::thread::yield_now();
                        continue;
                    }
                    if let Some(v) = list.get_item_ref(((round * 7919) % n) as isize) {
                        let x = int_value(&v);
                        assert!(x == 1 || (10_000..10_000 + THREADS as i64 * ROUNDS * 4).contains(&x));
                        seen += 1;
                    }
                    if round % 256 == 0 {
                        breaker();
                    }
                }
            });
        }
    });
    let mut all: Vec<i64> = list.snapshot().iter().map(|v| int_value(v)).collect();
    all.sort_unstable();
    let want: Vec<i64> = (10_000..10_000 + THREADS as i64 * ROUNDS * 4).collect();
    assert_eq!(all, want);
}

/// A list no other thread has touched keeps its items unmarked, so they
/// are freed at once; the first access from another thread marks its
/// contents and items shared, and from then on the owner's lock-free reads race
/// that thread's replacements safely (replaced items go through QSBR).
#[test]
fn list_owner_reads_while_another_thread_replaces() {
    use rupy_gc::object::gc_bits::SHARED;
    state::ensure();
    const N: i64 = 64;
    const ROUNDS: i64 = 20_000;
    let fresh = |v: i64| longobject::from_i64(1_000_000 + v).unwrap();
    let items: Vec<ObjRef> = (0..N).map(fresh).collect();
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    let list = ListObject::from_slice(&refs).unwrap();
    drop(refs);
    drop(items);
    let head = list.get_item_ref(0).unwrap();
    assert!(!object::as_obj(&*list).contents_shared());
    assert!(!head.has_gc_bits(SHARED));
    let barrier = Barrier::new(2);
    std::thread::scope(|s| {
        let (list, barrier) = (&list, &barrier);
        s.spawn(move || {
            state::ensure();
            barrier.wait();
            for i in 0..ROUNDS {
                let k = (i * 7) % N;
                list.set_item(k as isize, &fresh(i % 1000)).unwrap();
                // Churn the allocator so freed items' memory is reused.
                let junk: Vec<ObjRef> = (0..4).map(|j| longobject::from_i64(-1 - j).unwrap()).collect();
                drop(junk);
                if i % 64 == 0 {
                    breaker();
                }
            }
        });
        barrier.wait();
        for round in 0..ROUNDS * 2 {
            let v = list.get_item_ref((round % N) as isize).expect("in range");
            assert!((1_000_000..1_000_000 + N.max(1000)).contains(&int_value(&v)));
            if round % 64 == 0 {
                breaker();
            }
        }
    });
    assert!(object::as_obj(&*list).contents_shared());
    assert!(head.has_gc_bits(SHARED), "items held when the list became shared are marked");
    for v in list.snapshot() {
        assert!(v.has_gc_bits(SHARED));
    }
}

#[test]
fn dict_setdefault_popitem_race() {
    state::ensure();
    const KEYS: i64 = 2_000;
    let dict = DictObject::new().unwrap();
    let barrier = Barrier::new(THREADS);
    let popped: Vec<Vec<i64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (dict, barrier) = (&dict, &barrier);
                s.spawn(move || {
                    state::ensure();
                    barrier.wait();
                    let mut mine = Vec::new();
                    for k in 0..KEYS {
                        // Every thread races to set the same keys; the
                        // first value wins and later calls see it.
                        let key = longobject::from_i64(100_000 + k).unwrap();
                        let val = longobject::from_i64(t as i64).unwrap();
                        let got = dict.setdefault(&key, &val).unwrap();
                        assert!((0..THREADS as i64).contains(&int_value(&got)));
                        if k % 2 == 1
                            && let Some((pk, _)) = dict.popitem().unwrap()
                        {
                            mine.push(int_value(&pk));
                        }
                        if k % 128 == 0 {
                            breaker();
                        }
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // Keys are re-added after a pop, so a key may be popped more than
    // once; the table must stay consistent: no duplicate keys, every
    // popped and remaining key one of ours, len() equal to the items.
    let popped: Vec<i64> = popped.into_iter().flatten().collect();
    assert!(popped.iter().all(|k| (100_000..100_000 + KEYS).contains(k)));
    let items = dict.items();
    assert_eq!(items.len(), dict.len());
    let mut keys: Vec<i64> = items.iter().map(|(k, _)| int_value(k)).collect();
    keys.sort_unstable();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "a key appears twice");
    for (k, v) in &items {
        assert!((100_000..100_000 + KEYS).contains(&int_value(k)));
        assert!((0..THREADS as i64).contains(&int_value(v)));
        assert!(dict.get_item(k).unwrap().is_some());
    }
}
