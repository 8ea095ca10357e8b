//! Unique ids and per-thread reference counting, ported from
//! Python/uniqueid.c and Include/internal/pycore_uniqueid.h.
//!
//! Objects that every thread increfs constantly (heap types, code
//! objects) get a small unique id. Each thread counts its references to
//! such an object in a private array indexed by the id, with no atomics;
//! the arrays are added into the objects' shared counts when a thread
//! exits, or by the collector while the world is stopped. These objects
//! use deferred refcounting, so a missing per-thread count never frees
//! them early.

use core::ptr::NonNull;

use crate::object::{ObjectHeader, REF_SHARED_SHIFT};
use crate::refcount::{decref, incref};
use crate::shim::atomic::{AtomicUsize, Ordering};
use crate::shim::{Mutex, lock};
use crate::tstate::{Interp, StopTheWorld, ThreadState};

/// Smallest table size (`POOL_MIN_SIZE`).
const POOL_MIN_SIZE: usize = 8;

/// A table slot (`_Py_unique_id_entry`): the object holding the id, or a
/// free-list link.
enum Entry {
    Obj(NonNull<ObjectHeader>),
    Free(Option<usize>),
}

struct Pool {
    table: Vec<Entry>,
    freelist: Option<usize>,
}

// SAFETY: the entries only name objects, whose headers are thread-safe.
unsafe impl Send for Pool {}

/// The per-interpreter id table (`struct _Py_unique_id_pool`).
pub(crate) struct UniqueIdPool {
    inner: Mutex<Pool>,
    /// Table size, readable without the lock (`size`).
    size: AtomicUsize,
}

impl UniqueIdPool {
    pub(crate) fn new() -> Self {
        UniqueIdPool { inner: Mutex::new(Pool { table: Vec::new(), freelist: None }), size: AtomicUsize::new(0) }
    }
}

/// A thread's private counts, indexed by unique id
/// (`struct _Py_object_local_refcounts` in `_PyThreadStateImpl`).
#[derive(Default)]
pub(crate) struct LocalRefcounts {
    values: Vec<isize>,
    is_finalized: bool,
}

impl Interp {
    /// Gives `op` a unique id and switches it to deferred refcounting
    /// (`_PyObject_AssignUniqueId`). The caller must own `op` (see
    /// [`ObjectHeader::set_deferred_refcount`]) and store the id in it.
    pub fn assign_unique_id(&self, op: &ObjectHeader) -> isize {
        let mut pool = lock(&self.unique_ids.inner);
        if pool.freelist.is_none() {
            // resize_interp_type_id_pool: double and chain the new slots.
            let start = pool.table.len();
            let new_size = (start * 2).max(POOL_MIN_SIZE);
            pool.table.extend((start..new_size).map(|i| Entry::Free((i + 1 < new_size).then_some(i + 1))));
            pool.freelist = Some(start);
            self.unique_ids.size.store(new_size, Ordering::Release);
        }
        let id = pool.freelist.expect("free list was just refilled");
        let Entry::Free(next) = pool.table[id] else { unreachable!("free list names a used slot") };
        pool.freelist = next;
        pool.table[id] = Entry::Obj(NonNull::from(op));
        op.set_deferred_refcount();
        id as isize
    }

    /// Returns `id` to the pool (`release_unique_id`, used by
    /// `_PyObject_DisablePerThreadRefcounting`); the caller clears the id
    /// stored in the object. Every thread's count for the id must already
    /// be merged: the object is being deallocated, which the collector
    /// decides only after merging with the world stopped.
    pub fn release_unique_id(&self, id: isize) {
        let mut pool = lock(&self.unique_ids.inner);
        let id = usize::try_from(id).expect("valid unique id");
        debug_assert!(matches!(pool.table[id], Entry::Obj(_)));
        pool.table[id] = Entry::Free(pool.freelist);
        pool.freelist = Some(id);
    }
}

impl ThreadState {
    /// Counts a reference to `op` in this thread's array
    /// (`_Py_THREAD_INCREF_OBJECT` and `_PyObject_ThreadIncrefSlow`);
    /// plain `Py_INCREF` if `id` is negative or the thread is finalized.
    /// `self` must be the current thread state.
    pub fn thread_incref(&self, op: &ObjectHeader, id: isize) {
        // SAFETY: `self` is current (caller contract, checked in debug).
        debug_assert!(crate::tstate::current().is_some_and(|c| core::ptr::eq(c, self)));
        // SAFETY: current thread state; the borrow ends in this function.
        let rc = unsafe { self.owner_mut(self.refcounts_cell()) };
        let Ok(i) = usize::try_from(id) else {
            incref(op);
            return;
        };
        if i >= rc.values.len() {
            // resize_local_refcounts
            if rc.is_finalized {
                incref(op);
                return;
            }
            let size = self.interp().unique_ids.size.load(Ordering::Acquire);
            rc.values.resize(size, 0);
        }
        rc.values[i] += 1;
    }

    /// Drops a reference counted with [`ThreadState::thread_incref`]
    /// (`_Py_THREAD_DECREF_OBJECT`).
    ///
    /// # Safety
    /// The caller owns a reference to `op` taken with `thread_incref(op,
    /// id)` on any thread; `self` is the current thread state.
    pub unsafe fn thread_decref(&self, op: NonNull<ObjectHeader>, id: isize) {
        // SAFETY: current thread state; the borrow ends before decref.
        let rc = unsafe { self.owner_mut(self.refcounts_cell()) };
        match usize::try_from(id) {
            Ok(i) if i < rc.values.len() => rc.values[i] -= 1,
            // SAFETY: forwarded caller contract.
            _ => unsafe { decref(op) },
        }
    }
}

/// Adds `ts`'s counts into the objects' shared counts and zeroes them
/// (`_PyObject_MergePerThreadRefcounts`).
///
/// # Safety
/// `ts` is current, or the world is stopped and its thread parked.
unsafe fn merge_per_thread_refcounts(ts: &ThreadState) {
    // SAFETY: forwarded caller contract.
    let rc = unsafe { ts.owner_mut(ts.refcounts_cell()) };
    if rc.values.is_empty() {
        return;
    }
    let pool = lock(&ts.interp().unique_ids.inner);
    for (i, v) in rc.values.iter_mut().enumerate() {
        if *v != 0 {
            if let Entry::Obj(op) = pool.table[i] {
                // SAFETY: an object keeps its id until it is deallocated,
                // and it cannot be while a thread still counts it.
                unsafe { op.as_ref() }.ob_ref_shared.fetch_add(*v << REF_SHARED_SHIFT, Ordering::AcqRel);
            }
            *v = 0;
        }
    }
}

/// Merges the current thread's counts and stops per-thread counting for it
/// (`_PyObject_FinalizePerThreadRefcounts`).
pub(crate) fn finalize_per_thread_refcounts(ts: &ThreadState) {
    // SAFETY: called by delete_current on the current thread state.
    unsafe { merge_per_thread_refcounts(ts) };
    // SAFETY: as above.
    let rc = unsafe { ts.owner_mut(ts.refcounts_cell()) };
    rc.values = Vec::new();
    rc.is_finalized = true;
}

impl StopTheWorld<'_> {
    /// Merges every thread's per-thread counts (the collector's
    /// `merge_all_queued_objects` companion in gc_free_threading.c, via
    /// `_PyObject_MergePerThreadRefcounts`).
    pub fn merge_per_thread_refcounts(&self) {
        self.for_each_thread(|t| {
            // SAFETY: the world is stopped: each thread is parked (its
            // parking released its writes to us) or is the caller.
            unsafe { merge_per_thread_refcounts(t) }
        });
    }
}
