//! Real-thread stress tests of instance attributes kept inline
//! (`Py_TPFLAGS_INLINE_VALUES`): threads set, delete and read the
//! attributes of shared objects while others materialize, iterate,
//! update, replace and delete their `__dict__` and change their class.
//! Checks that every read sees a stored value (or AttributeError) and
//! that the final attributes are the last ones written. Sized for
//! seconds on two loaded cores.

use std::sync::Barrier;

mod pyrun_common;
use pyrun_common::{call, global, int};
use rupy::objects::dictobject::DictObject;
use rupy::objects::longobject::{self};
use rupy::objects::object::{ObjRef, downcast};
use rupy::objects::unicodeobject;
use rupy::state;

const THREADS: usize = 4;

const SOURCE: &str = r#"
class P:
    pass

class Q:
    pass

def fresh():
    return P()

def attrs(o, t, n):
    # Own names (8 per thread, 32 in all: past the shared keys' 30),
    # a shared name, reads of every other thread's names, and dict reads.
    bad = 0
    mine = [f"a{t}_{j}" for j in range(8)]
    others = [f"a{u}_{j}" for u in range(4) for j in range(8)]
    for i in range(n):
        setattr(o, mine[i % 8], i)
        o.shared = i
        v = getattr(o, others[(i * 7 + t) % 32], None)
        if v is not None and type(v) is not int:
            bad += 1
        if type(o.shared) is not int:
            bad += 1
        if i % 64 == t:
            d = o.__dict__
            for k, v in d.copy().items():
                if type(v) is not int:
                    bad += 1
            if len(d) > 33:
                bad += 1
        if t == 3 and i % 128 == 5:
            o.__dict__.update({mine[0]: i})
            if getattr(o, mine[0]) != i:
                bad += 1
            setattr(o, mine[0], i)
        if i % 256 == 17:
            try:
                delattr(o, mine[1])
            except AttributeError:
                bad += 1
            setattr(o, mine[1], i)
    return bad

def churn(objs, t, n):
    # Replaces, deletes and reads the dict, switches the class, while the
    # other threads store and read attributes.
    bad = 0
    for i in range(n):
        o = objs[i % len(objs)]
        k = i % 5
        if t == 0 and k == 0:
            o.__dict__ = {"x": i, "y": i}
        elif t == 0 and k == 1:
            del o.__dict__
        elif t == 0 and k == 2:
            o.__class__ = Q if type(o) is P else P
        elif k == 3:
            try:
                d = o.__dict__
            except TypeError:
                # P's __dict__ descriptor, found just before thread 0
                # made the object a Q (CPython raises the same).
                continue
            d["z"] = i
            d.pop("z", None)
            for v in d.copy().values():
                if type(v) is not int:
                    bad += 1
        else:
            o.x = i
            setattr(o, f"b{t}", i)
            try:
                v = o.x
                if type(v) is not int:
                    bad += 1
            except AttributeError:
                pass
            try:
                del o.y
            except AttributeError:
                pass
    return bad
"#;

fn module() -> ObjRef {
    pyrun_common::module(SOURCE, "<inline_values>")
}

/// Runs `body(thread_index)` on `THREADS` new OS threads at once, each
/// with its own thread state (waits detached, so the GIL build runs too).
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
fn setattr_getattr_and_dict_reads_on_one_object() {
    const N: i64 = 20_000;
    let g = module();
    let attrs = global(&g, "attrs");
    let o = call(&global(&g, "fresh"), &[]);
    let n = longobject::from_i64(N).unwrap();
    on_threads(|t| {
        let t = longobject::from_i64(t as i64).unwrap();
        assert_eq!(int(&call(&attrs, &[&o, &t, &n])), 0, "a read saw something never stored");
    });
    // Each thread's names hold the last value it wrote to them.
    for t in 0..THREADS {
        for j in 0..8i64 {
            let last = (0..N).rev().find(|i| i % 8 == j).unwrap();
            let name = unicodeobject::from_string(format!("a{t}_{j}")).unwrap();
            let v = rupy::objects::object::get_attr(&o, rupy::objects::object::as_obj(&*name)).unwrap();
            assert_eq!(int(&v), last, "a{t}_{j}");
        }
    }
    let dict = rupy::objects::object::instance_dict(&o).unwrap().unwrap();
    assert_eq!(downcast::<DictObject>(&dict).unwrap().len(), THREADS * 8 + 1);
}

#[test]
fn dict_replacement_deletion_and_class_change_race_attribute_access() {
    const N: i64 = 20_000;
    let g = module();
    let churn = global(&g, "churn");
    let fresh = global(&g, "fresh");
    let objs = rupy::objects::listobject::ListObject::new().unwrap();
    for _ in 0..3 {
        objs.append(&call(&fresh, &[])).unwrap();
    }
    let objs = rupy::objects::object::into_obj(objs);
    let n = longobject::from_i64(N).unwrap();
    on_threads(|t| {
        let t = longobject::from_i64(t as i64).unwrap();
        assert_eq!(int(&call(&churn, &[&objs, &t, &n])), 0, "a read saw something never stored");
    });
}
