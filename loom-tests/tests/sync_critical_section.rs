//! loom models of critical sections: two threads taking the same two
//! mutexes in opposite orders never deadlock (loom fails a model in which
//! threads stay blocked), and each mutex still excludes.
#![cfg(loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, Ordering};
use loom::thread;
use rupy_sync::{PyMutex, critical_section};

struct Obj {
    m: PyMutex,
    busy: AtomicBool,
}

fn touch(o: &Obj) {
    critical_section::assert_held(&o.m);
    assert!(!o.busy.swap(true, Ordering::SeqCst), "two threads inside one object");
    o.busy.store(false, Ordering::SeqCst);
}

fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(3);
    b.check(f);
}

fn objs() -> Arc<[Obj; 2]> {
    Arc::new([Obj { m: PyMutex::new(), busy: AtomicBool::new(false) }, Obj {
        m: PyMutex::new(),
        busy: AtomicBool::new(false),
    }])
}

#[test]
fn nested_sections_in_opposite_orders() {
    model(|| {
        let o = objs();
        let t = {
            let o = o.clone();
            thread::spawn(move || {
                critical_section::with(&o[1].m, || {
                    touch(&o[1]);
                    critical_section::with(&o[0].m, || touch(&o[0]));
                });
            })
        };
        critical_section::with(&o[0].m, || {
            touch(&o[0]);
            critical_section::with(&o[1].m, || touch(&o[1]));
        });
        t.join().unwrap();
        assert!(!o[0].m.is_locked() && !o[1].m.is_locked());
    });
}

#[test]
fn two_mutex_sections_in_opposite_orders() {
    model(|| {
        let o = objs();
        let t = {
            let o = o.clone();
            thread::spawn(move || {
                critical_section::with2(&o[1].m, &o[0].m, || {
                    touch(&o[0]);
                    touch(&o[1]);
                });
            })
        };
        critical_section::with(&o[1].m, || {
            critical_section::with2(&o[0].m, &o[1].m, || {
                touch(&o[0]);
                touch(&o[1]);
            });
            // Resumed after the inner section ended.
            touch(&o[1]);
        });
        t.join().unwrap();
        assert!(!o[0].m.is_locked() && !o[1].m.is_locked());
    });
}
