//! Stress tests of the memory model with real OS threads. Sized for a few
//! seconds each under `cargo test --profile stress`.

use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};

use rupy_gc::object::{ObjectHeader, PyObjectLike, REF_DEFERRED, TypeHead};
use rupy_gc::tstate::{THREAD_ATTACHED, ThreadState};
use rupy_gc::{Interp, PyRef};

const MAX_OBJECTS: usize = 4096;
static ALIVE: [AtomicU8; MAX_OBJECTS] = [const { AtomicU8::new(0) }; MAX_OBJECTS];
static FREES: [AtomicU8; MAX_OBJECTS] = [const { AtomicU8::new(0) }; MAX_OBJECTS];

#[repr(C)]
struct TestObj {
    ob_base: ObjectHeader,
    id: usize,
}
// SAFETY: #[repr(C)] with the header first.
unsafe impl PyObjectLike for TestObj {}

unsafe fn test_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: only TestObj instances use this type, boxed by `new_obj`.
    let obj = unsafe { Box::from_raw(op.cast::<TestObj>().as_ptr()) };
    assert_eq!(ALIVE[obj.id].swap(0, Ordering::AcqRel), 1, "object {} freed twice", obj.id);
    FREES[obj.id].fetch_add(1, Ordering::AcqRel);
}

static TYPE: TypeHead = TypeHead { ob_base: ObjectHeader::new_static(std::ptr::null()), tp_dealloc: test_dealloc };

fn new_obj(id: usize) -> PyRef<TestObj> {
    ALIVE[id].store(1, Ordering::Release);
    let b = Box::new(TestObj { ob_base: ObjectHeader::new(&TYPE), id });
    // SAFETY: a fresh object with refcount one, which we take over.
    unsafe { PyRef::from_raw(NonNull::from(Box::leak(b))) }
}

fn check_alive(r: &PyRef<TestObj>) {
    assert_eq!(ALIVE[r.id].load(Ordering::Acquire), 1, "object {} used after free", r.id);
}

const THREADS: usize = 8;

/// Owner and non-owners hammer shared objects; non-owner decrefs that
/// find the shared count at zero queue the object to the owner. Every
/// object must be freed exactly once, after its last reference.
#[test]
fn biased_refcount_shared_objects() {
    const OBJS: usize = 64;
    const OPS_PER_THREAD: usize = 1_000_000;
    let interp = Interp::new();
    let (txs, rxs): (Vec<_>, Vec<_>) = (0..THREADS).map(|_| mpsc::channel::<Vec<PyRef<TestObj>>>()).unzip();
    let barrier = Arc::new(Barrier::new(THREADS));
    let mut handles = Vec::new();
    for (t, rx) in rxs.into_iter().enumerate() {
        let interp = Arc::clone(&interp);
        let txs = txs.clone();
        let barrier = Arc::clone(&barrier);
        handles.push(std::thread::spawn(move || {
            let ts = ThreadState::new(&interp);
            ts.attach();
            // Thread t owns objects t*OBJS..; everyone gets a reference.
            let mine: Vec<PyRef<TestObj>> = (0..OBJS).map(|i| new_obj(t * OBJS + i)).collect();
            for tx in &txs {
                tx.send(mine.clone()).unwrap();
            }
            drop(mine);
            let mut held: Vec<PyRef<TestObj>> = Vec::new();
            for _ in 0..THREADS {
                held.extend(rx.recv().unwrap());
            }
            barrier.wait();
            let per_obj = OPS_PER_THREAD / held.len();
            for (k, r) in held.iter().enumerate() {
                for _ in 0..per_obj {
                    let c = r.clone();
                    check_alive(&c);
                    drop(c);
                }
                if k % 16 == 0 {
                    ts.handle_eval_breaker();
                }
            }
            // Drop in an order that differs per thread.
            held.rotate_left(t * 7);
            for r in held {
                check_alive(&r);
                drop(r);
                ts.handle_eval_breaker();
            }
            // Owners exit at different times: some merge their queues,
            // later non-owner decrefs find them gone and merge themselves.
            barrier.wait();
            ts.delete_current();
        }));
    }
    drop(txs);
    for h in handles {
        h.join().unwrap();
    }
    #[allow(clippy::needless_range_loop)]
    for id in 0..THREADS * OBJS {
        assert_eq!(FREES[id].load(Ordering::Acquire), 1, "object {id} freed {} times", FREES[id].load(Ordering::Relaxed));
    }
}

/// Objects outlive their owner thread: non-owners drop the last
/// references after the owner's thread state is gone, so BRC merges in
/// the dropping thread.
#[test]
fn biased_refcount_dead_owner() {
    const BASE: usize = 2048;
    const OBJS: usize = 512;
    let interp = Interp::new();
    let objs = {
        let interp = Arc::clone(&interp);
        std::thread::spawn(move || {
            let ts = ThreadState::new(&interp);
            ts.attach();
            let v: Vec<PyRef<TestObj>> = (0..OBJS).map(|i| new_obj(BASE + i)).collect();
            let given: Vec<Vec<PyRef<TestObj>>> = (0..4).map(|_| v.clone()).collect();
            drop(v);
            ts.delete_current();
            given
        })
        .join()
        .unwrap()
    };
    let handles: Vec<_> = objs
        .into_iter()
        .map(|refs| {
            let interp = Arc::clone(&interp);
            std::thread::spawn(move || {
                let ts = ThreadState::new(&interp);
                ts.attach();
                for r in refs {
                    for _ in 0..100 {
                        drop(r.clone());
                    }
                    check_alive(&r);
                }
                ts.delete_current();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    #[allow(clippy::needless_range_loop)]
    for id in BASE..BASE + OBJS {
        assert_eq!(FREES[id].load(Ordering::Acquire), 1, "object {id}");
    }
}

struct Block {
    freed: AtomicBool,
    _payload: [u64; 4],
}

static GRAVEYARD: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());
static BLOCKS_FREED: AtomicUsize = AtomicUsize::new(0);

unsafe fn retire_block(p: *mut ()) {
    // SAFETY: p is a Block leaked by the writer; it is marked, not freed,
    // so a buggy early free shows up as a reader seeing `freed`.
    let b = unsafe { &*p.cast::<Block>() };
    b.freed.store(true, Ordering::Release);
    BLOCKS_FREED.fetch_add(1, Ordering::Relaxed);
    GRAVEYARD.lock().unwrap().push(p as usize);
}

/// Readers keep reading the current block while a writer replaces and
/// retires blocks through QSBR; no reader may see a block retired while it
/// still reads it.
#[test]
fn qsbr_readers_and_retiring_writer() {
    const READERS: usize = 6;
    const WRITES: usize = 100_000;
    let interp = Interp::new();
    let new_block = || Box::into_raw(Box::new(Block { freed: AtomicBool::new(false), _payload: [7; 4] }));
    let current = Arc::new(AtomicPtr::new(new_block()));
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (interp, current, done) = (Arc::clone(&interp), Arc::clone(&current), Arc::clone(&done));
            std::thread::spawn(move || {
                let ts = ThreadState::new(&interp);
                ts.attach();
                let mut reads = 0u64;
                while !done.load(Ordering::Acquire) {
                    let p = current.load(Ordering::Acquire);
                    // SAFETY: blocks are never deallocated during the test.
                    let b = unsafe { &*p };
                    for _ in 0..8 {
                        assert!(!b.freed.load(Ordering::Acquire), "block retired while being read");
                    }
                    reads += 1;
                    if reads.is_multiple_of(64) {
                        ts.handle_eval_breaker();
                    }
                    if reads.is_multiple_of(4096) {
                        ts.detach();
                        ts.attach();
                    }
                }
                ts.delete_current();
            })
        })
        .collect();
    let ts = ThreadState::new(&interp);
    ts.attach();
    for i in 0..WRITES {
        let old = current.swap(new_block(), Ordering::AcqRel);
        // SAFETY: `old` is unlinked; retire_block only marks it.
        unsafe { ts.free_delayed(old.cast(), retire_block) };
        if i % 32 == 0 {
            ts.handle_eval_breaker();
        }
    }
    done.store(true, Ordering::Release);
    for r in readers {
        r.join().unwrap();
    }
    while ts.pending_delayed() > 0 {
        ts.handle_eval_breaker();
    }
    assert_eq!(BLOCKS_FREED.load(Ordering::Relaxed), WRITES);
    ts.delete_current();
    for p in GRAVEYARD.lock().unwrap().drain(..) {
        // SAFETY: each retired block is freed once, after all readers ended.
        drop(unsafe { Box::from_raw(p as *mut Block) });
    }
    // SAFETY: the final block is no longer shared.
    drop(unsafe { Box::from_raw(current.load(Ordering::Acquire)) });
}

/// Threads count references to an object with a unique id in their
/// private arrays; the counts are merged when the threads exit.
#[test]
fn unique_id_per_thread_refcounts() {
    const ID_OBJ: usize = 3000;
    let interp = Interp::new();
    let ts = ThreadState::new(&interp);
    ts.attach();
    let obj = new_obj(ID_OBJ);
    let uid = interp.assign_unique_id(obj.header());
    assert!(uid >= 0);
    let base = obj.header().refcnt();
    let addr = obj.as_ptr().as_ptr() as usize;
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let interp = Arc::clone(&interp);
            std::thread::spawn(move || {
                let ts = ThreadState::new(&interp);
                ts.attach();
                // SAFETY: the main thread keeps the object alive.
                let h = unsafe { &*(addr as *const ObjectHeader) };
                for i in 0..200_000 {
                    ts.thread_incref(h, uid);
                    if i % 2 == 0 {
                        // SAFETY: we just took this reference.
                        unsafe { ts.thread_decref(NonNull::from(h), uid) };
                    }
                }
                // Keep t extra references past exit; the rest cancel out.
                for _ in 0..100_000 - t {
                    // SAFETY: we hold these references from the loop above.
                    unsafe { ts.thread_decref(NonNull::from(h), uid) };
                }
                ts.delete_current();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let extra: usize = (0..THREADS).sum();
    assert_eq!(obj.header().refcnt(), base + extra as isize);
    assert!(obj.header().refcnt() > REF_DEFERRED);
    interp.release_unique_id(uid);
    std::mem::forget(obj);
    ts.delete_current();
}

/// Workers attach, run, check the eval breaker and detach in loops while
/// another thread stops the world repeatedly; no worker may be attached
/// while the world is stopped.
#[test]
fn stop_the_world_with_attaching_workers() {
    stop_the_world_with_workers(false);
}

/// The same with the GIL on: threads waiting for the GIL count as
/// detached, the stops still complete, and never are two threads attached
/// at once (drop requests move the GIL between the workers).
#[test]
fn stop_the_world_with_the_gil_on() {
    stop_the_world_with_workers(true);
}

fn stop_the_world_with_workers(gil: bool) {
    const WORKERS: usize = 6;
    const STOPS: usize = 300;
    let interp = Interp::new();
    assert!(interp.gil().set_enabled(None, gil));
    let attached_now = Arc::new(AtomicUsize::new(0));
    let stopped = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let violations = Arc::new(AtomicUsize::new(0));
    // Workers that have finished one attached round: the stops begin only
    // when every worker runs, so that they really interleave with the
    // workers even when the machine is loaded.
    let started = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (interp, stopped, done, violations, started, attached_now) = (
                Arc::clone(&interp),
                Arc::clone(&stopped),
                Arc::clone(&done),
                Arc::clone(&violations),
                Arc::clone(&started),
                Arc::clone(&attached_now),
            );
            std::thread::spawn(move || {
                let ts = ThreadState::new(&interp);
                let mut n = 0usize;
                let mut first_round = true;
                while !done.load(Ordering::Acquire) {
                    ts.attach();
                    for _ in 0..(w + 1) * 50 {
                        let others = attached_now.fetch_add(1, Ordering::SeqCst);
                        if stopped.load(Ordering::Acquire) || (gil && others != 0) {
                            violations.fetch_add(1, Ordering::Relaxed);
                        }
                        attached_now.fetch_sub(1, Ordering::SeqCst);
                        n += 1;
                        if n.is_multiple_of(10) {
                            ts.handle_eval_breaker();
                        }
                    }
                    if w % 2 == 0 {
                        ts.detach();
                    } else {
                        ts.suspend();
                    }
                    if first_round {
                        first_round = false;
                        started.fetch_add(1, Ordering::Release);
                    }
                }
                ts.attach();
                ts.delete_current();
                n
            })
        })
        .collect();
    while started.load(Ordering::Acquire) < WORKERS {
        std::thread::yield_now();
    }
    let ts = ThreadState::new(&interp);
    ts.attach();
    for _ in 0..STOPS {
        let world = interp.stop_the_world();
        stopped.store(true, Ordering::Release);
        world.for_each_thread(|t| {
            if !std::ptr::eq(t, &*ts) {
                assert_ne!(t.state(), THREAD_ATTACHED);
            }
        });
        std::hint::spin_loop();
        stopped.store(false, Ordering::Release);
        drop(world);
        ts.handle_eval_breaker();
    }
    done.store(true, Ordering::Release);
    // Joining is a blocking call: detached (the workers need the GIL).
    ts.detach();
    let total: usize = workers.into_iter().map(|h| h.join().unwrap()).sum();
    ts.attach();
    assert!(total > 0);
    assert_eq!(violations.load(Ordering::Relaxed), 0);
    ts.delete_current();
    assert_eq!(interp.thread_count(), 0);
}

/// A thread blocked on a PyMutex detaches through rupy-sync's blocking
/// hooks, so a stop-the-world does not wait for it (it would hang
/// otherwise), and it re-attaches once it gets the lock.
#[test]
fn blocked_pymutex_waiter_does_not_hold_up_stop_the_world() {
    let interp = Interp::new();
    let m = Arc::new(rupy_sync::PyMutex::new());
    m.lock();
    let worker_ts = ThreadState::new(&interp);
    let locking = Arc::new(AtomicBool::new(false));
    let worker = {
        let (m, ts, locking) = (Arc::clone(&m), Arc::clone(&worker_ts), Arc::clone(&locking));
        std::thread::spawn(move || {
            ts.attach();
            locking.store(true, Ordering::Release);
            m.lock();
            assert_eq!(ts.state(), THREAD_ATTACHED);
            m.unlock();
            ts.delete_current();
        })
    };
    // Attached, then detached by the hook while it sleeps on the mutex.
    while !locking.load(Ordering::Acquire) || worker_ts.state() != rupy_gc::tstate::THREAD_DETACHED {
        std::thread::yield_now();
    }
    for _ in 0..50 {
        let world = interp.stop_the_world();
        assert_eq!(worker_ts.state(), rupy_gc::tstate::THREAD_SUSPENDED);
        drop(world);
    }
    m.unlock();
    worker.join().unwrap();
}
