//! Biased refcounting: owner incref+decref, non-owner incref+decref and
//! immortal incref+decref, against an `Arc` clone+drop as the reference.

use std::hint::black_box;
use std::ptr::NonNull;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rupy_gc::object::{ObjectHeader, TypeHead};
use rupy_gc::refcount::{decref, incref};

unsafe fn no_dealloc(_: NonNull<ObjectHeader>) {}
static TYPE: TypeHead = TypeHead { ob_base: ObjectHeader::new_static(std::ptr::null()), tp_dealloc: no_dealloc };
static IMMORTAL: ObjectHeader = ObjectHeader::new_static(&TYPE);

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("refcount");
    g.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1));

    let arc = Arc::new(0u64);
    g.bench_function("arc_clone_drop", |b| b.iter(|| drop(black_box(Arc::clone(&arc)))));

    let owned = Box::leak(Box::new(ObjectHeader::new(&TYPE)));
    let p = NonNull::from(&*owned);
    g.bench_function("owner_incref_decref", |b| {
        b.iter(|| {
            incref(black_box(owned));
            // SAFETY: drops the reference just taken; the count stays >= 1.
            unsafe { decref(black_box(p)) };
        })
    });

    // A non-owner: the object is owned by a thread that keeps it alive.
    let shared: &'static ObjectHeader =
        std::thread::spawn(|| &*Box::leak(Box::new(ObjectHeader::new(&TYPE)))).join().unwrap();
    let sp = NonNull::from(shared);
    g.bench_function("non_owner_incref_decref", |b| {
        b.iter(|| {
            incref(black_box(shared));
            // SAFETY: drops the reference just taken; the owner's local
            // count keeps the object alive and the shared count returns to
            // zero without queueing.
            unsafe { decref(black_box(sp)) };
        })
    });

    let ip = NonNull::from(&IMMORTAL);
    g.bench_function("immortal_incref_decref", |b| {
        b.iter(|| {
            incref(black_box(&IMMORTAL));
            // SAFETY: immortal objects are never freed.
            unsafe { decref(black_box(ip)) };
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
