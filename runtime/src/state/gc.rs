//! The runtime half of the free-threaded cycle collector, after
//! Python/gc_free_threading.c (`gc_collect_main`, `gc_collect_internal`,
//! `clear_weakrefs`, `call_weakref_callbacks`, `finalize_garbage`,
//! `delete_garbage`, `_PyGC_GetObjects`, `_PyGC_GetReferrers`) and the
//! scheduling of Python/gc.c (`_Py_ScheduleGC`, `_Py_RunGC`). The table of
//! collectable objects and the reachability search are in
//! `rupy_gc::collector`; this file supplies the traversal (the types'
//! `tp_traverse`) and runs the steps that call back into Python with the
//! world restarted.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rupy_gc::ObjectHeader;
use rupy_gc::collector;
use rupy_gc::object::gc_bits;
use rupy_gc::tstate::eval_breaker::GC_SCHEDULED_BIT;

use crate::objects::object::{ObjRef, PyObject, type_of};
use crate::objects::weakrefobject;

/// The traversal the collector runs: the object's type's `tp_traverse`.
fn traverse(op: &ObjectHeader, visit: &mut dyn FnMut(&ObjectHeader)) {
    if let Some(t) = type_of(op).slots.tp_traverse.get() {
        t(op, visit);
    }
}

/// Asks the current thread to collect at its next eval-breaker check
/// (`_Py_ScheduleGC`).
pub fn schedule() {
    super::with_tstate_if_any(|ts| ts.set_eval_breaker_bit(GC_SCHEDULED_BIT));
}

/// Only one collection at a time (`gcstate->collecting`).
static COLLECTING: AtomicBool = AtomicBool::new(false);
/// Serializes explicit collections behind a running one.
static COLLECT_LOCK: Mutex<()> = Mutex::new(());

/// The outcome of a collection, for `gc.collect()` and the callbacks.
#[derive(Clone, Copy, Default, Debug)]
pub struct Stats {
    /// Collections run (in [`history`] only).
    pub collections: usize,
    /// Unreachable objects found (and freed unless resurrected).
    pub collected: usize,
    /// Objects kept in `gc.garbage` (`DEBUG_SAVEALL`).
    pub uncollectable: usize,
    /// Objects examined.
    pub candidates: usize,
}

/// Per generation: collections asked for it and what they found
/// (`gcstate->generation_stats`, for `gc.get_stats()`).
static HISTORY: Mutex<[Stats; 3]> = Mutex::new([Stats { collections: 0, collected: 0, uncollectable: 0, candidates: 0 }; 3]);

/// The statistics of each generation.
pub fn history() -> [Stats; 3] {
    *HISTORY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Records a collection of `generation` (0 for automatic ones).
pub fn record(generation: usize, s: Stats) {
    let mut h = HISTORY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(g) = h.get_mut(generation) {
        g.collections += 1;
        g.collected += s.collected;
        g.uncollectable += s.uncollectable;
    }
}

/// Runs a collection scheduled by allocation counts (`_Py_RunGC`); does
/// nothing if one is already running.
pub fn run_scheduled() {
    if COLLECTING.load(Ordering::Relaxed) || !collector::is_enabled() {
        return;
    }
    if let Some((s, _)) = collect(false) {
        record(0, s);
    }
}

/// A full collection (`gc_collect_main`): finds unreachable cycles with
/// the world stopped, clears weak references to them, runs their
/// finalizers (PEP 442) with the world restarted, drops the objects a
/// finalizer resurrected, and breaks the remaining cycles with
/// `tp_clear`. With `save_all` (`DEBUG_SAVEALL`) the garbage is returned
/// instead of cleared. `None` if another collection is running.
pub fn collect(save_all: bool) -> Option<(Stats, Vec<ObjRef>)> {
    let _serial = COLLECT_LOCK.try_lock().ok()?;
    if COLLECTING.swap(true, Ordering::Acquire) {
        return None;
    }
    let result = collect_locked(save_all);
    COLLECTING.store(false, Ordering::Release);
    Some(result)
}

fn collect_locked(save_all: bool) -> (Stats, Vec<ObjRef>) {
    let interp = &super::interp().gc;
    // Weak references to the garbage die with the world stopped; the
    // callbacks of those that are not garbage themselves run once it is
    // restarted (`clear_weakrefs`, `call_weakref_callbacks`).
    let (garbage, candidates, callbacks, merged) = {
        let world = interp.stop_the_world();
        let merged = rupy_gc::brc::merge_all_queued(&world);
        let (garbage, candidates) = collector::find_unreachable(&world, &traverse, &maybe_untrack);
        let callbacks: Vec<_> = garbage.iter().flat_map(|op| weakrefobject::clear_weakrefs_stopped(op)).collect();
        (garbage, candidates, callbacks, merged)
    };
    // The merged objects' queue references go with the world running.
    drop(merged);
    let mut stats = Stats { candidates, ..Stats::default() };
    if garbage.is_empty() {
        return (stats, Vec::new());
    }
    weakrefobject::call_callbacks(callbacks);
    finalize_garbage(&garbage);
    // Weakref callbacks and finalizers ran Python code, which may have
    // stored references to some of the garbage (`handle_resurrected_objects`);
    // weak references the finalizers made to what stays dead die too,
    // their callbacks dropped.
    let (garbage, late) = {
        let world = interp.stop_the_world();
        let (dead, resurrected) = collector::split_resurrected(&world, garbage, &traverse);
        let late: Vec<_> = dead.iter().flat_map(|op| weakrefobject::clear_weakrefs_stopped(op)).collect();
        drop(world);
        drop(resurrected);
        (dead, late)
    };
    drop(late);
    stats.collected = garbage.len();
    if save_all {
        stats.uncollectable = garbage.len();
        for r in &garbage {
            r.clear_gc_bits(gc_bits::UNREACHABLE);
        }
        return (stats, garbage);
    }
    // `delete_garbage`: break the cycles, then free by dropping the
    // collector's references.
    for op in &garbage {
        if let Some(clear) = type_of(op).slots.tp_clear.get() {
            clear(op);
        }
    }
    collector::release(garbage);
    (stats, Vec::new())
}

/// Marks every tracked object frozen: collections leave them alone
/// (`gc.freeze()`, `_PyGC_Freeze`).
pub fn freeze() {
    let world = super::interp().gc.stop_the_world();
    collector::for_each_object(&world, |op| op.set_gc_bits(gc_bits::FROZEN));
}

/// `gc.unfreeze()`.
pub fn unfreeze() {
    let world = super::interp().gc.stop_the_world();
    collector::for_each_object(&world, |op| op.clear_gc_bits(gc_bits::FROZEN));
}

/// `gc.get_freeze_count()`.
pub fn freeze_count() -> usize {
    let world = super::interp().gc.stop_the_world();
    let mut n = 0;
    collector::for_each_object(&world, |op| n += usize::from(op.has_gc_bits(gc_bits::FROZEN)));
    n
}

/// Calls the finalizer of each garbage object not finalized yet
/// (`finalize_garbage`).
fn finalize_garbage(garbage: &[ObjRef]) {
    for op in garbage {
        if op.has_gc_bits(gc_bits::FINALIZED) {
            continue;
        }
        if crate::objects::genobject::as_gen_like(op).is_some() {
            crate::objects::genobject::finalize_for_gc(op);
        } else if type_of(op).has_feature(crate::objects::typeobject::flags::HEAPTYPE) {
            crate::objects::typeobject::heaptype::call_finalizer(op);
        }
    }
}

/// Every tracked object (`gc.get_objects()`), each with a new reference.
pub fn objects() -> Vec<ObjRef> {
    let world = super::interp().gc.stop_the_world();
    let mut out = Vec::new();
    collector::for_each_object(&world, |op| {
        if op.refcnt() > 0 && !op.has_gc_bits(gc_bits::UNREACHABLE) {
            out.push(ObjRef::new_ref(op));
        }
    });
    out
}

/// The tracked objects that refer to any of `targets` (`gc.get_referrers`).
pub fn referrers(targets: &[&PyObject]) -> Vec<ObjRef> {
    let world = super::interp().gc.stop_the_world();
    let mut out = Vec::new();
    collector::for_each_object(&world, |op| {
        if op.refcnt() <= 0 || op.has_gc_bits(gc_bits::UNREACHABLE) {
            return;
        }
        let mut hit = false;
        traverse(op, &mut |r| hit |= targets.iter().any(|t| core::ptr::eq(*t, r)));
        if hit {
            out.push(ObjRef::new_ref(op));
        }
    });
    out
}

/// The objects `op` refers to, as its type's traversal reports them
/// (`gc.get_referents`).
pub fn referents(op: &PyObject) -> Vec<ObjRef> {
    let _world = super::interp().gc.stop_the_world();
    let mut out = Vec::new();
    traverse(op, &mut |r| out.push(ObjRef::new_ref(r)));
    out
}

/// `_PyTuple_MaybeUntrack`: an exact tuple none of whose items can be
/// part of a cycle (no collectable item other than untracked tuples)
/// never can either, so the collector stops tracking it. Called with the
/// world stopped.
fn maybe_untrack(op: &PyObject) -> bool {
    use crate::objects::object::{is_gc_type, type_of};
    use crate::objects::tupleobject::{TUPLE_TYPE, TupleObject};
    if !crate::objects::object::is_type(op, &TUPLE_TYPE) {
        return false;
    }
    let Some(t) = crate::objects::object::downcast::<TupleObject>(op) else { return false };
    t.as_slice().iter().all(|item| {
        !is_gc_type(type_of(item)) || (crate::objects::object::is_type(item, &TUPLE_TYPE) && !is_tracked(item))
    })
}

/// Is `op` tracked by the collector (`gc.is_tracked`)?
pub fn is_tracked(op: &PyObject) -> bool {
    op.has_gc_bits(gc_bits::TRACKED)
}
