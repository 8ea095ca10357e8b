//! loom model of the stop-the-world handshake: no thread runs attached
//! while the world is stopped, and attaching waits for the restart.
#![cfg(loom)]

use loom::model::Builder;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, Ordering};
use rupy_gc::{Interp, ThreadState};

#[test]
fn no_thread_attached_while_stopped() {
    let mut b = Builder::new();
    b.preemption_bound = Some(3);
    b.check(|| {
        let interp = Interp::new();
        let stopped = Arc::new(AtomicBool::new(false));
        let worker_ts = ThreadState::new(&interp);
        let worker = {
            let stopped = Arc::clone(&stopped);
            loom::thread::spawn(move || {
                worker_ts.attach();
                assert!(!stopped.load(Ordering::SeqCst), "attached while the world is stopped");
                worker_ts.handle_eval_breaker();
                assert!(!stopped.load(Ordering::SeqCst), "attached while the world is stopped");
                worker_ts.delete_current();
            })
        };
        let world = interp.stop_the_world();
        stopped.store(true, Ordering::SeqCst);
        stopped.store(false, Ordering::SeqCst);
        drop(world);
        worker.join().unwrap();
    });
}
