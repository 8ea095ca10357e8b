//! loom model of QSBR: memory retired by a writer is not freed while a
//! reader that began before the retirement can still read it. loom's
//! UnsafeCell flags any read not ordered before the "free".
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::model::Builder;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use rupy_gc::qsbr::QsbrShared;

struct Blocks {
    cells: [UnsafeCell<u64>; 2],
    current: AtomicUsize,
}

#[test]
fn retired_block_outlives_its_readers() {
    let mut b = Builder::new();
    b.preemption_bound = Some(3);
    b.check(|| {
        let shared = Arc::new(QsbrShared::new());
        let blocks = Arc::new(Blocks { cells: [UnsafeCell::new(7), UnsafeCell::new(8)], current: AtomicUsize::new(0) });
        let reader = {
            let (shared, blocks) = (Arc::clone(&shared), Arc::clone(&blocks));
            loom::thread::spawn(move || {
                let me = shared.reserve();
                shared.attach(me);
                let i = blocks.current.load(Ordering::Acquire);
                // SAFETY: loom checks this read against the writer's free.
                let v = blocks.cells[i].with(|p| unsafe { *p });
                assert!(v == 7 || v == 8, "read a freed block");
                shared.detach(me);
                shared.unregister(me);
            })
        };
        let me = shared.reserve();
        shared.attach(me);
        // Unlink block 0 and retire it.
        blocks.current.store(1, Ordering::Release);
        let goal = shared.advance();
        shared.quiescent_state(me);
        while !shared.poll(goal) {
            loom::thread::yield_now();
        }
        // SAFETY: "free" block 0; loom reports a race if a reader could
        // still be reading it.
        blocks.cells[0].with_mut(|p| unsafe { *p = 0xDEAD });
        shared.detach(me);
        reader.join().unwrap();
    });
}
