//! PyMutex against parking_lot::Mutex, uncontended, measured in alternation:
//! each round times 2,000,000 lock+unlock pairs of each, and the best round
//! of 60 counts. On a shared, noisy machine this is steadier than timing
//! the two one after the other, because a burst of load hits both alike.
//! Run: `cargo bench -p rupy-benches --bench mutex_paired`.

use std::hint::black_box;
use std::time::Instant;

use rupy_sync::PyMutex;

const PAIRS: u32 = 2_000_000;
const ROUNDS: usize = 60;

/// Nanoseconds per call of `pair`, timed over one round.
fn time_round(pair: impl Fn()) -> f64 {
    let t = Instant::now();
    for _ in 0..PAIRS {
        pair();
    }
    t.elapsed().as_nanos() as f64 / f64::from(PAIRS)
}

fn main() {
    let py = PyMutex::new();
    let pl = parking_lot::Mutex::new(());
    let (mut best_py, mut best_pl) = (f64::MAX, f64::MAX);
    for round in 0..ROUNDS {
        // Alternate which goes first, so neither gains from the order.
        let time_py = || {
            time_round(|| {
                let m = black_box(&py);
                m.lock();
                m.unlock();
            })
        };
        let time_pl = || time_round(|| drop(black_box(&pl).lock()));
        let (a, b) = if round % 2 == 0 {
            let a = time_py();
            (a, time_pl())
        } else {
            let b = time_pl();
            (time_py(), b)
        };
        best_py = best_py.min(a);
        best_pl = best_pl.min(b);
    }
    println!(
        "uncontended lock+unlock, best of {ROUNDS}: PyMutex {best_py:.2} ns, parking_lot {best_pl:.2} ns, ratio {:.3}",
        best_py / best_pl
    );
}
