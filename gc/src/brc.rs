//! The biased-reference-counting merge queues, ported from Python/brc.c
//! and Include/internal/pycore_brc.h.
//!
//! When a non-owner's decref finds the shared count at zero, the true
//! count may still be positive (held in the owner's local field), so the
//! object is queued to its owner, which merges both fields at its next
//! eval-breaker check. Thread states are found by thread id in a
//! fixed-size per-interpreter hash table; each bucket's mutex also guards
//! the queues of the thread states in it.

use core::ptr::NonNull;
use std::sync::Arc;

use crossbeam_utils::CachePadded;

use crate::object::{ObjectHeader, dealloc};
use crate::object_stack::ObjectStack;
use crate::refcount::{decref, explicit_merge_refcount};
use crate::shim::atomic::Ordering;
use crate::shim::{Mutex, lock};
use crate::tstate::{self, ThreadState, eval_breaker};

/// Buckets in the thread-id hash table (`_Py_BRC_NUM_BUCKETS`).
#[cfg(not(loom))]
pub const BRC_NUM_BUCKETS: usize = 257;
/// Buckets in the thread-id hash table; few under loom, where each
/// mutex is a modelled object.
#[cfg(loom)]
pub const BRC_NUM_BUCKETS: usize = 3;

/// A thread state registered in a bucket, with its queue
/// (`struct _brc_thread_state`: `tid` and `objects_to_merge`).
struct BrcEntry {
    tid: usize,
    tstate: Arc<ThreadState>,
    /// Objects queued for merging; each holds one reference.
    objects_to_merge: ObjectStack,
}

/// Per-interpreter table of thread states by thread id
/// (`struct _brc_state` of `struct _brc_bucket`s).
pub(crate) struct BrcState {
    table: Box<[CachePadded<Mutex<Vec<BrcEntry>>>]>,
}

impl BrcState {
    pub(crate) fn new() -> Self {
        BrcState { table: (0..BRC_NUM_BUCKETS).map(|_| CachePadded::new(Mutex::new(Vec::new()))).collect() }
    }

    /// The bucket of thread id `tid` (`get_bucket`).
    fn bucket(&self, tid: usize) -> &Mutex<Vec<BrcEntry>> {
        &self.table[tid % BRC_NUM_BUCKETS]
    }
}

/// Hands `op`, with one reference the caller owns, to its owner thread for
/// merging (`_Py_brc_queue_object`). If the owner has exited, merges here.
///
/// # Safety
/// `op` is live, the caller owns one reference, and the calling thread
/// has a current thread state.
pub(crate) unsafe fn queue_object(op: NonNull<ObjectHeader>) {
    // SAFETY: we own a reference, so the object is live.
    let tid = unsafe { op.as_ref() }.ob_tid.load(Ordering::Acquire);
    if tid == 0 {
        // The owner merged concurrently; the object is now counted in
        // ob_ref_shared alone.
        // SAFETY: we own a reference.
        unsafe { decref(op) };
        return;
    }
    let ts = tstate::current().expect("BRC: a non-owner decref needs a current thread state");
    let bucket = ts.interp().brc.bucket(tid);
    let mut entries = lock(bucket);
    if let Some(e) = entries.iter_mut().find(|e| e.tid == tid) {
        e.objects_to_merge.push(op);
        e.tstate.set_eval_breaker_bit(eval_breaker::EVAL_EXPLICIT_MERGE_BIT);
        return;
    }
    // The owner has exited: merging is safe (no one counts locally any
    // more) and necessary. Subtract the reference we were handed.
    // SAFETY: the owner is gone, so no concurrent local counting.
    let refcnt = unsafe { explicit_merge_refcount(op, -1) };
    drop(entries);
    if refcnt == 0 {
        // SAFETY: no references remain.
        unsafe { dealloc(op) };
    }
}

/// Merges and drops every object in `stack` (`merge_queued_objects`).
fn merge_queued_objects(stack: &mut ObjectStack) {
    while let Some(op) = stack.pop() {
        // SAFETY: queued objects are live (the queue holds a reference) and
        // we are their owner; the -1 releases the queue's reference.
        let refcnt = unsafe { explicit_merge_refcount(op, -1) };
        if refcnt == 0 {
            // SAFETY: no references remain.
            unsafe { dealloc(op) };
        }
    }
}

/// Merges the objects queued for `ts`, which must be current
/// (`_Py_brc_merge_refcounts`). Deallocators run without the bucket lock.
pub(crate) fn merge_refcounts(ts: &ThreadState) {
    let tid = ts.thread_id();
    debug_assert_eq!(tid, crate::object::thread_id());
    let mut local = ObjectStack::new();
    {
        let mut entries = lock(ts.interp().brc.bucket(tid));
        if let Some(e) = entries.iter_mut().find(|e| e.tid == tid) {
            local.merge(&mut e.objects_to_merge);
        }
    }
    merge_queued_objects(&mut local);
}

/// `merge_all_queued_objects` (Python/gc_free_threading.c): with the
/// world stopped, merges the objects queued for every thread on the
/// collector's behalf (the owners are parked and count nothing locally
/// meanwhile), so that an object another thread released while its owner
/// sleeps in a blocking call can be freed. Each keeps the queue's
/// reference, returned to the caller to drop once the world runs again
/// (the `objs_to_decref` worklist): freeing may run finalizers.
pub fn merge_all_queued(world: &crate::tstate::StopTheWorld<'_>) -> Vec<crate::refcount::PyRef<ObjectHeader>> {
    let mut out = Vec::new();
    for bucket in world.interp().brc.table.iter() {
        let mut entries = lock(bucket);
        for e in entries.iter_mut() {
            while let Some(op) = e.objects_to_merge.pop() {
                // SAFETY: queued objects are live (the queue holds a
                // reference) and their owner is stopped at a safe point.
                unsafe { explicit_merge_refcount(op, 0) };
                // SAFETY: the queue's reference moves to the result.
                out.push(unsafe { crate::refcount::PyRef::from_raw(op) });
            }
        }
    }
    out
}

/// Registers `ts` under its thread id (`_Py_brc_init_thread`).
pub(crate) fn init_thread(ts: &ThreadState) {
    let tid = ts.thread_id();
    let me = tstate::find_arc(ts);
    lock(ts.interp().brc.bucket(tid)).push(BrcEntry { tid, tstate: me, objects_to_merge: ObjectStack::new() });
}

/// Drains `ts`'s queue and unregisters it (`_Py_brc_remove_thread`).
/// After this, other threads treat its objects as abandoned and merge
/// them themselves, so the queue must be empty when it leaves the table.
pub(crate) fn remove_thread(ts: &ThreadState) {
    let tid = ts.thread_id();
    if tid == 0 {
        // Never bound to a thread, so never registered.
        return;
    }
    let bucket = ts.interp().brc.bucket(tid);
    let mut local = ObjectStack::new();
    loop {
        merge_queued_objects(&mut local);
        let mut entries = lock(bucket);
        let Some(i) = entries.iter().position(|e| e.tid == tid) else { return };
        if entries[i].objects_to_merge.is_empty() {
            entries.swap_remove(i);
            return;
        }
        local.merge(&mut entries[i].objects_to_merge);
    }
}
