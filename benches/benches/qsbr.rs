//! QSBR: retiring a block through the delayed-free queue and polling, and
//! the bare advance+poll, with one attached thread.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rupy_gc::{Interp, ThreadState};

unsafe fn free_box(p: *mut ()) {
    // SAFETY: the bench queues Box<u64> pointers.
    drop(unsafe { Box::from_raw(p.cast::<u64>()) });
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("qsbr");
    g.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1));
    let interp = Interp::new();
    let ts = ThreadState::new(&interp);
    ts.attach();

    g.bench_function("advance_poll", |b| {
        b.iter(|| {
            let goal = interp.qsbr().advance();
            ts.quiescent_state();
            black_box(interp.qsbr().poll(goal))
        })
    });

    g.bench_function("box_alloc_free_reference", |b| b.iter(|| drop(black_box(Box::new(1u64)))));

    g.bench_function("retire_and_process", |b| {
        b.iter(|| {
            let p = Box::into_raw(Box::new(1u64));
            // SAFETY: p is unshared; free_box frees it once.
            unsafe { ts.free_delayed(black_box(p.cast()), free_box) };
            ts.handle_eval_breaker();
        })
    });
    g.finish();
    while ts.pending_delayed() > 0 {
        ts.handle_eval_breaker();
    }
    ts.delete_current();
}

criterion_group!(benches, bench);
criterion_main!(benches);
