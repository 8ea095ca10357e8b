//! PyMutex lock+unlock, uncontended and contended, against
//! `std::sync::Mutex` and `parking_lot::Mutex` as references.

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rupy_sync::PyMutex;

/// Lock/unlock pairs per thread in one contended sample.
const CONTENDED_OPS: u64 = 10_000;

/// Runs `threads` threads that each do `ops` lock/unlock pairs through
/// `pair`, released together, and returns the wall time of the slowest.
fn contended(threads: usize, ops: u64, pair: &(dyn Fn() + Sync)) -> Duration {
    let start = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    for _ in 0..ops {
                        pair();
                    }
                })
            })
            .collect();
        let t0 = Instant::now();
        start.wait();
        for w in workers {
            w.join().unwrap();
        }
        t0.elapsed()
    })
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("mutex_uncontended");
    g.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1));
    let py = PyMutex::new();
    g.bench_function("pymutex", |b| {
        b.iter(|| {
            let m = black_box(&py);
            m.lock();
            m.unlock();
        })
    });
    let pl = parking_lot::Mutex::new(());
    g.bench_function("parking_lot", |b| b.iter(|| drop(black_box(&pl).lock())));
    let std_m = std::sync::Mutex::new(());
    g.bench_function("std", |b| b.iter(|| drop(black_box(&std_m).lock().unwrap())));
    g.finish();

    let mut g = c.benchmark_group("mutex_contended");
    g.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2)).sample_size(20);
    for threads in [2, 4] {
        g.bench_with_input(BenchmarkId::new("pymutex", threads), &threads, |b, &n| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        contended(n, CONTENDED_OPS, &|| {
                            py.lock();
                            py.unlock();
                        })
                    })
                    .sum()
            })
        });
        g.bench_with_input(BenchmarkId::new("parking_lot", threads), &threads, |b, &n| {
            b.iter_custom(|iters| (0..iters).map(|_| contended(n, CONTENDED_OPS, &|| drop(pl.lock()))).sum())
        });
        g.bench_with_input(BenchmarkId::new("std", threads), &threads, |b, &n| {
            b.iter_custom(|iters| {
                (0..iters).map(|_| contended(n, CONTENDED_OPS, &|| drop(std_m.lock().unwrap()))).sum()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
