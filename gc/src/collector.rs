//! The core of the free-threaded cycle collector, after
//! Python/gc_free_threading.c: the table of collectable objects and the
//! search for unreachable ones (`update_refs`, `mark_alive` /
//! `mark_heap_visitor`, `scan_heap_visitor`) and for the ones a finalizer
//! resurrected (`handle_resurrected_objects`), plus the allocation count
//! that schedules a collection (`record_allocation`, `gc_should_collect`).
//!
//! CPython finds its collectable objects by walking mimalloc's GC heap.
//! rupy allocates a collectable object (one whose type has `tp_traverse`)
//! with a [`GcPrefix`] in front of it and registers it in a table of
//! slots, so a collection visits every live one with the world stopped.
//! The runtime supplies the traversal and does the rest of a collection
//! (weak references, finalizers, `tp_clear`).
//!
//! Objects with deferred reference counts are roots: threads other than
//! the owner do not count them (docs/memory-model.md), so their counts
//! cannot show that they are unreachable. Objects whose count is zero
//! (queued to their owner for a merge, or being deallocated) are left
//! alone, and so is everything they refer to.

use core::cell::RefCell;
use core::ptr::NonNull;
use std::sync::Mutex;
use std::sync::atomic::{AtomicIsize, AtomicPtr, AtomicUsize, Ordering};

use crate::object::{ObjectHeader, gc_bits};
use crate::refcount::PyRef;
use crate::tstate::StopTheWorld;

/// `ob_flags` bit of an object allocated with a [`GcPrefix`] (rupy's own;
/// CPython's GC header is `Py_TPFLAGS_PREHEADER`'s).
pub const HAS_GC_PREFIX_FLAG: u16 = 1 << 4;

/// Bytes reserved in front of a collectable object; a multiple of 16 so
/// the object keeps malloc's alignment.
pub const PREFIX_SIZE: usize = 16;

/// What precedes a collectable object: its slot in the table and the
/// collector's scratch count (`ob_tid` reused as `gc_refs` in CPython).
#[repr(C)]
pub struct GcPrefix {
    index: AtomicUsize,
    gc_refs: AtomicIsize,
}

const _: () = assert!(size_of::<GcPrefix>() == PREFIX_SIZE);

/// `index` of an object that got no slot (the table is full): it is
/// never collected.
const NO_INDEX: usize = usize::MAX;

/// Visits the objects `op` refers to (`tp_traverse`).
pub type Traverse<'a> = &'a dyn Fn(&ObjectHeader, &mut dyn FnMut(&ObjectHeader));

// ---------------------------------------------------------------------
// The table.

const CHUNK_BITS: u32 = 12;
const CHUNK_LEN: usize = 1 << CHUNK_BITS;
const MAX_CHUNKS: usize = 1 << 16;
/// Indices moved between a thread's cache and the shared free list.
const BATCH: usize = 256;

type Chunk = [AtomicPtr<ObjectHeader>; CHUNK_LEN];

static CHUNKS: [AtomicPtr<Chunk>; MAX_CHUNKS] = [const { AtomicPtr::new(core::ptr::null_mut()) }; MAX_CHUNKS];
/// Indices handed out so far; every slot below it is in an allocated chunk.
static HIGH_WATER: AtomicUsize = AtomicUsize::new(0);
/// Free indices not cached by any thread.
static FREE: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// A thread's cache of free indices, returned to [`FREE`] when it exits.
struct IndexCache(Vec<usize>);

impl Drop for IndexCache {
    fn drop(&mut self) {
        lock(&FREE).append(&mut self.0);
    }
}

std::thread_local! {
    static CACHE: RefCell<IndexCache> = const { RefCell::new(IndexCache(Vec::new())) };
    /// Allocations minus deallocations not yet added to [`YOUNG`].
    static LOCAL_COUNT: core::cell::Cell<isize> = const { core::cell::Cell::new(0) };
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn slot(index: usize) -> &'static AtomicPtr<ObjectHeader> {
    let chunk = CHUNKS[index >> CHUNK_BITS].load(Ordering::Acquire);
    // SAFETY: indices below HIGH_WATER lie in installed chunks, which are
    // never freed.
    unsafe { &(*chunk)[index & (CHUNK_LEN - 1)] }
}

/// Reserves `BATCH` fresh indices, installing their chunk if needed.
fn fresh_indices(into: &mut Vec<usize>) {
    let start = HIGH_WATER.load(Ordering::Relaxed);
    if start + BATCH > MAX_CHUNKS * CHUNK_LEN {
        return;
    }
    let chunk = &CHUNKS[start >> CHUNK_BITS];
    if chunk.load(Ordering::Acquire).is_null() {
        let fresh: Box<Chunk> = Box::new([const { AtomicPtr::new(core::ptr::null_mut()) }; CHUNK_LEN]);
        chunk.store(Box::into_raw(fresh), Ordering::Release);
    }
    HIGH_WATER.store(start + BATCH, Ordering::Release);
    into.extend((start..start + BATCH).rev());
}

/// A free slot index, `NO_INDEX` if the table is full.
fn take_index() -> usize {
    let refill = |v: &mut Vec<usize>| {
        let mut free = lock(&FREE);
        if free.is_empty() {
            // Chunks are installed under the lock, so only one thread
            // bumps HIGH_WATER at a time.
            fresh_indices(&mut free);
        }
        let n = free.len().saturating_sub(BATCH);
        v.extend(free.drain(n..));
    };
    CACHE
        .try_with(|c| {
            let v = &mut c.borrow_mut().0;
            if v.is_empty() {
                refill(v);
            }
            v.pop().unwrap_or(NO_INDEX)
        })
        .unwrap_or_else(|_| {
            let mut v = Vec::new();
            refill(&mut v);
            let i = v.pop().unwrap_or(NO_INDEX);
            lock(&FREE).append(&mut v);
            i
        })
}

fn release_index(index: usize) {
    let cached = CACHE.try_with(|c| {
        let v = &mut c.borrow_mut().0;
        v.push(index);
        if v.len() > 4 * BATCH {
            let n = v.len() - 2 * BATCH;
            lock(&FREE).extend(v.drain(n..));
        }
    });
    if cached.is_err() {
        lock(&FREE).push(index);
    }
}

/// The prefix of a collectable object.
///
/// # Safety
/// `op` has [`HAS_GC_PREFIX_FLAG`].
unsafe fn prefix(op: &ObjectHeader) -> &GcPrefix {
    // SAFETY: the prefix was allocated right before the header.
    unsafe { &*core::ptr::from_ref(op).cast::<u8>().sub(PREFIX_SIZE).cast::<GcPrefix>() }
}

fn has_prefix(op: &ObjectHeader) -> bool {
    op.ob_flags.load(Ordering::Relaxed) & HAS_GC_PREFIX_FLAG != 0
}

/// Registers a new collectable object (`_PyObject_GC_TRACK` at the end of
/// `PyType_GenericAlloc`) and counts the allocation; true if a collection
/// should be scheduled.
///
/// # Safety
/// `op` is a live, fully initialized object allocated [`PREFIX_SIZE`]
/// bytes after the start of its memory, not yet registered.
pub unsafe fn register(op: NonNull<ObjectHeader>) -> bool {
    // SAFETY: live per the caller's contract.
    let h = unsafe { op.as_ref() };
    h.ob_flags.fetch_or(HAS_GC_PREFIX_FLAG, Ordering::Relaxed);
    let index = take_index();
    // SAFETY: the flag is set; the prefix memory is ours.
    let p = unsafe { prefix(h) };
    p.index.store(index, Ordering::Relaxed);
    p.gc_refs.store(0, Ordering::Relaxed);
    if index != NO_INDEX {
        h.set_gc_bits(gc_bits::TRACKED);
        slot(index).store(op.as_ptr(), Ordering::Release);
    }
    count(1)
}

/// Removes a collectable object from the table as its memory is freed,
/// returning the start of that memory.
///
/// # Safety
/// `op` has [`HAS_GC_PREFIX_FLAG`] and is dead.
pub unsafe fn unregister(op: NonNull<ObjectHeader>) -> *mut u8 {
    // SAFETY: the flag is set (caller); the header is intact.
    let p = unsafe { prefix(op.as_ref()) };
    let index = p.index.load(Ordering::Relaxed);
    if index != NO_INDEX {
        slot(index).store(core::ptr::null_mut(), Ordering::Release);
        release_index(index);
    }
    count(-1);
    core::ptr::from_ref(p).cast_mut().cast()
}

// ---------------------------------------------------------------------
// Scheduling (`record_allocation`, `record_deallocation`,
// `gc_should_collect`).

/// Net collectable allocations since the last collection (`young.count`).
static YOUNG: AtomicIsize = AtomicIsize::new(0);
/// Survivors of the last collection (`long_lived_total`).
static LONG_LIVED: AtomicIsize = AtomicIsize::new(0);
/// `gc.set_threshold`'s first value; 0 disables automatic collection.
static THRESHOLD: AtomicIsize = AtomicIsize::new(2000);
/// `gc.enable()` / `gc.disable()`.
static ENABLED: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(true);
/// A thread's allocation count is added to [`YOUNG`] in steps of this
/// (`LOCAL_ALLOC_COUNT_THRESHOLD`).
const LOCAL_STEP: isize = 512;

fn count(delta: isize) -> bool {
    let Ok(local) = LOCAL_COUNT.try_with(|c| {
        let v = c.get() + delta;
        if v.abs() < LOCAL_STEP {
            c.set(v);
            return None;
        }
        c.set(0);
        Some(v)
    }) else {
        YOUNG.fetch_add(delta, Ordering::Relaxed);
        return false;
    };
    let Some(v) = local else { return false };
    let young = YOUNG.fetch_add(v, Ordering::Relaxed) + v;
    delta > 0 && should_collect(young)
}

fn should_collect(young: isize) -> bool {
    let threshold = THRESHOLD.load(Ordering::Relaxed);
    ENABLED.load(Ordering::Relaxed)
        && threshold > 0
        && young > threshold
        && young > LONG_LIVED.load(Ordering::Relaxed) / 4
}

/// Sets the allocation threshold (`gc.set_threshold`'s first value).
pub fn set_threshold(t: isize) {
    THRESHOLD.store(t, Ordering::Relaxed);
}

/// Enables or disables automatic collection.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Is automatic collection enabled?
pub fn is_enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The objects that survived the last collection (`long_lived_total`).
pub fn long_lived_total() -> isize {
    LONG_LIVED.load(Ordering::Relaxed)
}

/// The net count of collectable allocations since the last collection,
/// as `gc.get_count()` reports it.
pub fn young_count() -> isize {
    YOUNG.load(Ordering::Relaxed) + LOCAL_COUNT.try_with(core::cell::Cell::get).unwrap_or(0)
}

// ---------------------------------------------------------------------
// The search.

/// Calls `f` on every tracked object (`gc_visit_heaps`).
pub fn for_each_object(_world: &StopTheWorld<'_>, mut f: impl FnMut(&ObjectHeader)) {
    let end = HIGH_WATER.load(Ordering::Acquire);
    for i in 0..end {
        let p = slot(i).load(Ordering::Acquire);
        // SAFETY: a registered object stays live until it unregisters,
        // and nothing unregisters while the world is stopped.
        if let Some(h) = unsafe { p.as_ref() }
            && h.has_gc_bits(gc_bits::TRACKED)
        {
            f(h);
        }
    }
}

/// A count that marks a root: an object the collector must not free.
const ROOT: isize = isize::MAX / 2;

/// Candidates are marked `UNREACHABLE` while a search runs.
fn is_candidate(op: &ObjectHeader) -> bool {
    has_prefix(op) && op.has_gc_bits(gc_bits::UNREACHABLE)
}

fn gc_refs(op: &ObjectHeader) -> &AtomicIsize {
    // SAFETY: only called on candidates, which have a prefix.
    unsafe { &prefix(op).gc_refs }
}

/// Subtracts the references among `candidates` from their counts
/// (`update_refs` then `visit_decref`), then marks `ALIVE` everything
/// reachable from a candidate that is still referenced from outside
/// (`mark_alive`). Returns the candidates left unmarked.
fn search<'a>(candidates: &[&'a ObjectHeader], traverse: Traverse<'_>) -> Vec<&'a ObjectHeader> {
    for &op in candidates {
        traverse(op, &mut |r| {
            if is_candidate(r) {
                gc_refs(r).fetch_sub(1, Ordering::Relaxed);
            }
        });
    }
    let mut stack: Vec<&ObjectHeader> = Vec::new();
    for &op in candidates {
        if gc_refs(op).load(Ordering::Relaxed) > 0 && !op.has_gc_bits(gc_bits::ALIVE) {
            op.set_gc_bits(gc_bits::ALIVE);
            stack.push(op);
        }
    }
    while let Some(op) = stack.pop() {
        traverse(op, &mut |r| {
            if is_candidate(r) && !r.has_gc_bits(gc_bits::ALIVE) {
                r.set_gc_bits(gc_bits::ALIVE);
                // SAFETY: a candidate is live for the whole search (the
                // world is stopped); extending the borrow to the stack's
                // lifetime is sound for that long.
                stack.push(unsafe { &*core::ptr::from_ref(r) });
            }
        });
    }
    let mut unreachable = Vec::new();
    for &op in candidates {
        if op.has_gc_bits(gc_bits::ALIVE) {
            op.clear_gc_bits(gc_bits::ALIVE | gc_bits::UNREACHABLE);
        } else {
            unreachable.push(op);
        }
    }
    unreachable
}

/// Finds the objects that only unreachable cycles keep alive
/// (`gc_collect_internal`'s search with the world stopped). Each comes
/// back with a new reference and still marked `UNREACHABLE`, which
/// [`release`] clears.
///
/// `untrack` is asked first about each object (`_PyTuple_MaybeUntrack`
/// in `update_refs`): one it answers true for stops being tracked and is
/// no candidate, but still counts as long-lived.
pub fn find_unreachable(world: &StopTheWorld<'_>, traverse: Traverse<'_>, untrack: &dyn Fn(&ObjectHeader) -> bool) -> (Vec<PyRef>, usize) {
    let mut candidates: Vec<&ObjectHeader> = Vec::new();
    let mut untracked = 0usize;
    for_each_object(world, |op| {
        if untrack(op) {
            op.clear_gc_bits(gc_bits::TRACKED);
            untracked += 1;
            return;
        }
        let refs = if op.has_deferred_refcount() || op.has_gc_bits(gc_bits::FROZEN) {
            ROOT
        } else {
            let n = op.refcnt();
            if n <= 0 || op.is_immortal() {
                return;
            }
            n
        };
        // SAFETY: a tracked object in the table has a prefix.
        unsafe { prefix(op) }.gc_refs.store(refs, Ordering::Relaxed);
        op.set_gc_bits(gc_bits::UNREACHABLE);
        // SAFETY: live while the world is stopped (see for_each_object).
        candidates.push(unsafe { &*core::ptr::from_ref(op) });
    });
    let total = candidates.len();
    let unreachable = search(&candidates, traverse);
    let garbage: Vec<PyRef> = unreachable.into_iter().map(PyRef::new_ref).collect();
    LONG_LIVED.store((total + untracked - garbage.len()) as isize, Ordering::Relaxed);
    YOUNG.store(0, Ordering::Relaxed);
    (garbage, total)
}

/// Splits `garbage` (from [`find_unreachable`], still marked) after
/// finalizers ran: objects now referenced from outside the set, and
/// everything they reach, were resurrected; they are returned second,
/// unmarked (`handle_resurrected_objects`).
pub fn split_resurrected(_world: &StopTheWorld<'_>, garbage: Vec<PyRef>, traverse: Traverse<'_>) -> (Vec<PyRef>, Vec<PyRef>) {
    let candidates: Vec<&ObjectHeader> = garbage.iter().map(|r| &**r).collect();
    for &op in &candidates {
        // One reference is the collector's own.
        gc_refs(op).store(op.refcnt() - 1, Ordering::Relaxed);
    }
    // The search unmarks what it finds alive.
    search(&candidates, traverse);
    let (dead, alive): (Vec<PyRef>, Vec<PyRef>) = garbage.into_iter().partition(|r| r.has_gc_bits(gc_bits::UNREACHABLE));
    (dead, alive)
}

/// Unmarks the collected objects and drops the collector's references,
/// which frees them once `tp_clear` broke their cycles.
pub fn release(garbage: Vec<PyRef>) {
    for r in &garbage {
        r.clear_gc_bits(gc_bits::UNREACHABLE);
    }
    drop(garbage);
    // The frees just made are not a negative allocation count for the
    // next collection to make up for.
    let _ = LOCAL_COUNT.try_with(|c| c.set(0));
    YOUNG.store(0, Ordering::Relaxed);
}
