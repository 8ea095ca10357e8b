//! `set` and `frozenset`: programs run by the `rupy` binary (expected
//! outputs printed by CPython 3.14 for the same programs), and a
//! real-thread stress test of the table under its critical section.

use std::process::Command;
use std::sync::Barrier;

use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{ObjRef, alloc_stats, downcast};
use rupy::objects::r#abstract as abs;
use rupy::objects::setobject::{self, SetObject};
use rupy::objects::exceptions;
use rupy::{errors, state};

/// Runs `src` as `name.py` and checks its stdout against `expected`.
fn check(name: &str, src: &str, expected: &str) {
    let dir = std::env::temp_dir().join(format!("rupy-{}-{}", env!("CARGO_CRATE_NAME"), std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, src).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rupy")).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout, expected, "{name}: stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{name}: exit status {:?}", out.status);
}

#[test]
fn set_basics() {
    check(
        "set_basics",
        r##"s = set([3, 1, 2, 'a', 'b', 1])
print(len(s), 1 in s, 5 in s, sorted([x for x in s if type(x) is int]))
s = set(range(20))
print(s)
print(set(), frozenset(), frozenset(range(5)), set('aaa'))
s.add(100); s.discard(3); s.discard(999); s.remove(4)
print(s, len(s))
for i in range(0, 40, 3):
    s.discard(i)
print(s, s.pop(), s.pop(), s)
a = set(range(10)); b = set(range(5, 15))
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([20, 21], (22,)), a.intersection(range(3, 30), [4, 5, 6]), a.difference([1, 2], set([3])), a.symmetric_difference(range(8, 12)))
print(a <= b, set(range(3)) <= a, set(range(3)) < a, a < a, a >= set(range(3)), a > a, a == set(range(10)), a != b, a == frozenset(range(10)))
print(a.issubset(range(100)), a.issuperset([1, 2]), a.isdisjoint([100]), a.isdisjoint(b))
print(hash(frozenset()), hash(frozenset([1, 2, 3])), hash(frozenset(range(100))), hash(frozenset([-1, -2])))
f = frozenset([1, 2])
print(frozenset(f) is f, f.copy() is f, type(f | frozenset([3])), type(set([1]) | f))
c = a.copy(); c.update([100, 200], range(3)); c.intersection_update(range(150)); print(c)
c.difference_update([0, 1]); c.symmetric_difference_update([2, 300]); print(c)
c.clear(); print(c, bool(c))
print(set([frozenset([1])]), frozenset([1]) in set([frozenset([1])]), set([1]) in set([frozenset([1])]))
it = iter(set([1, 2, 3])); print(it.__length_hint__(), next(it), it.__length_hint__())
print({1: 2, 3: 4}.keys(), set({'x': 1, 'y': 2}) == set(['x', 'y']))
s = set([1, 2])
for f in [lambda: set([[1]]), lambda: s.remove(9), lambda: set().pop(), lambda: set(1), lambda: set([], []), lambda: set(x=1), lambda: frozenset(x=1), lambda: hash(set()), lambda: s < [1], lambda: s | [1], lambda: [x for x in s if s.add(x * 10) or True]]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ':', e)
"##,
        r##"5 True False [1, 2, 3]
{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
set() frozenset() frozenset({0, 1, 2, 3, 4}) {'a'}
{0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100} 19
{5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 100} 1 2 {5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 100}
{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14} {5, 6, 7, 8, 9} {0, 1, 2, 3, 4} {10, 11, 12, 13, 14} {0, 1, 2, 3, 4, 10, 11, 12, 13, 14}
{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22} {4, 5, 6} {0, 4, 5, 6, 7, 8, 9} {0, 1, 2, 3, 4, 5, 6, 7, 10, 11}
False True True False True False True True True
True True True False
133146708735736 -272375401224217160 4411996150312757951 399283329322573
True True <class 'frozenset'> <class 'set'>
{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100}
{3, 4, 5, 6, 7, 8, 9, 100, 300}
set() False
{frozenset({1})} True True
3 1 2
dict_keys([1, 3]) True
TypeError: cannot use 'list' as a set element (unhashable type: 'list')
KeyError: 9
KeyError: 'pop from an empty set'
TypeError: 'int' object is not iterable
TypeError: set expected at most 1 argument, got 2
TypeError: set() takes no keyword arguments
TypeError: frozenset() takes no keyword arguments
TypeError: unhashable type: 'set'
TypeError: '<' not supported between instances of 'set' and 'list'
TypeError: unsupported operand type(s) for |: 'set' and 'list'
RuntimeError: Set changed size during iteration
"##,
    );
}

/// Writers add and discard keys while readers iterate (restarting on
/// "Set changed size during iteration"): no crash, the final keys are
/// exactly those the writers left, and every object is freed once.
#[test]
fn stress_add_discard_while_iterating() {
    const WRITERS: i64 = 8;
    const READERS: usize = 4;
    const PER_THREAD: i64 = 10_000;
    state::ensure();
    let (a0, f0) = alloc_stats();
    let set = setobject::new_set(None).unwrap();
    let so = downcast::<SetObject>(&set).unwrap();
    let barrier = Barrier::new(WRITERS as usize + READERS);
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for t in 0..WRITERS {
            let barrier = &barrier;
            handles.push(s.spawn(move || {
                state::ensure();
                barrier.wait();
                for i in 0..PER_THREAD {
                    let k = longobject::from_i64(10_000 + t * PER_THREAD + i).unwrap();
                    so.add(&k).unwrap();
                    if i % 3 == 0 {
                        assert!(so.discard(&k).unwrap());
                    }
                    if i % 256 == 0 {
                        state::with_tstate(|ts| ts.handle_eval_breaker());
                    }
                }
            }));
        }
        for _ in 0..READERS {
            let (barrier, set) = (&barrier, &set);
            handles.push(s.spawn(move || {
                state::ensure();
                barrier.wait();
                for _ in 0..40 {
                    let it = abs::get_iter(set).unwrap();
                    loop {
                        match abs::iter_next(&it) {
                            Ok(Some(k)) => {
                                let v = downcast::<IntObject>(&k).and_then(IntObject::as_i64).unwrap();
                                assert!((10_000..10_000 + WRITERS * PER_THREAD).contains(&v));
                            }
                            Ok(None) => break,
                            Err(e) => {
                                drop(e);
                                assert!(errors::exception_matches(exceptions::runtime_error()));
                                errors::clear();
                                break;
                            }
                        }
                    }
                    state::with_tstate(|ts| ts.handle_eval_breaker());
                }
            }));
        }
        for h in handles {
            h.join().unwrap();
        }
    });
    let mut keys: Vec<i64> = abs::collect(&set)
        .unwrap()
        .iter()
        .map(|k| downcast::<IntObject>(k).and_then(IntObject::as_i64).unwrap())
        .collect();
    keys.sort_unstable();
    let want: Vec<i64> =
        (0..WRITERS).flat_map(|t| (0..PER_THREAD).filter(|i| i % 3 != 0).map(move |i| 10_000 + t * PER_THREAD + i)).collect();
    assert_eq!(keys.len(), so.len());
    assert_eq!(keys, want);
    let leftovers: Vec<ObjRef> = vec![set];
    drop(leftovers);
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
