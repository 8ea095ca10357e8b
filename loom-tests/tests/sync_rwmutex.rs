//! loom model of `PyRWMutex`.
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use rupy_sync::PyRWMutex;

struct Shared {
    rw: PyRWMutex,
    pair: UnsafeCell<(u32, u32)>,
}

// SAFETY: `pair` is written under the write lock and read under a read
// lock; loom's cell reports any access the rwmutex fails to order.
unsafe impl Sync for Shared {}

#[test]
fn readers_and_writer_exclude() {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(3);
    b.check(|| {
        let s = Arc::new(Shared { rw: PyRWMutex::new(), pair: UnsafeCell::new((0, 0)) });
        let reader = {
            let s = s.clone();
            thread::spawn(move || {
                s.rw.rlock();
                // SAFETY: the read lock is held.
                let (a, b) = s.pair.with(|p| unsafe { *p });
                assert_eq!(a, b);
                s.rw.runlock();
            })
        };
        let writer = {
            let s = s.clone();
            thread::spawn(move || {
                s.rw.lock();
                // SAFETY: the write lock is held.
                s.pair.with_mut(|p| unsafe {
                    (*p).0 += 1;
                    (*p).1 += 1;
                });
                s.rw.unlock();
            })
        };
        s.rw.rlock();
        // SAFETY: the read lock is held.
        let (a, b) = s.pair.with(|p| unsafe { *p });
        assert_eq!(a, b);
        s.rw.runlock();
        reader.join().unwrap();
        writer.join().unwrap();
        // SAFETY: every other thread has been joined.
        assert_eq!(s.pair.with(|p| unsafe { *p }), (1, 1));
    });
}
