//! Quiescent-state-based reclamation, ported from Python/qsbr.c and
//! Include/internal/pycore_qsbr.h, plus the delayed-free work queues of
//! Objects/obmalloc.c (`_PyMem_FreeDelayed`, `process_queue`,
//! `_PyMem_ProcessDelayed`, `_PyMem_AbandonDelayed`).
//!
//! A writer that unlinks memory which lock-free readers may still hold
//! advances the shared write sequence and tags the memory with the new
//! value (its goal). Every attached thread publishes the write sequence it
//! last observed at a quiescent state; detached threads publish
//! `QSBR_OFFLINE`. Once the minimum over attached threads reaches the
//! goal, no reader can still hold the memory, and it is freed.

use core::ptr::NonNull;
use std::collections::VecDeque;

use crossbeam_utils::CachePadded;

use crate::shim::Mutex;
use crate::shim::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering, fence};
use crate::shim::{lock, try_lock};

/// Sequence value of a detached thread (`QSBR_OFFLINE`).
pub const QSBR_OFFLINE: u64 = 0;
/// First write sequence (`QSBR_INITIAL`); sequences stay odd.
pub const QSBR_INITIAL: u64 = 1;
/// Write-sequence increment (`QSBR_INCR`).
pub const QSBR_INCR: u64 = 2;
/// `deferred_advance` calls between real advances (`QSBR_DEFERRED_LIMIT`).
pub const QSBR_DEFERRED_LIMIT: u32 = 10;
/// Delayed frees per work chunk (`WORK_ITEMS_PER_CHUNK`): a thread's queue
/// is processed once this many items are pending.
pub const WORK_ITEMS_PER_CHUNK: usize = 254;

/// Wrap-around-safe `a < b` (`QSBR_LT`).
#[inline]
pub fn qsbr_lt(a: u64, b: u64) -> bool {
    (a.wrapping_sub(b) as i64) < 0
}

/// Wrap-around-safe `a <= b` (`QSBR_LEQ`).
#[inline]
pub fn qsbr_leq(a: u64, b: u64) -> bool {
    (a.wrapping_sub(b) as i64) <= 0
}

/// Per-thread QSBR state (`struct _qsbr_thread_state`), cache-padded in
/// the shared array (`struct _qsbr_pad`).
pub struct QsbrThreadState {
    /// Last observed write sequence, or `QSBR_OFFLINE` (`seq`).
    seq: AtomicU64,
    /// Calls to `deferred_advance` since the last real advance
    /// (`deferrals`); only the owning thread touches it.
    deferrals: AtomicU32,
}

impl QsbrThreadState {
    fn new() -> Self {
        QsbrThreadState { seq: AtomicU64::new(QSBR_OFFLINE), deferrals: AtomicU32::new(0) }
    }

    /// The published sequence (`QSBR_OFFLINE` while detached).
    pub fn seq(&self) -> u64 {
        self.seq.load(Ordering::Relaxed)
    }
}

#[cfg(not(loom))]
const SLOTS_PER_CHUNK: usize = 32;
// Small under loom: every slot is an atomic load in each poll scan.
#[cfg(loom)]
const SLOTS_PER_CHUNK: usize = 2;

/// A block of thread slots. CPython keeps one array and regrows it under
/// stop-the-world; here chunks are linked and never move, so a poll can
/// scan while threads register.
struct Chunk {
    slots: [CachePadded<QsbrThreadState>; SLOTS_PER_CHUNK],
    /// The previously published chunk; immutable once published.
    next: *mut Chunk,
}

/// A slot pointer in the free list.
struct SlotPtr(NonNull<QsbrThreadState>);
// SAFETY: slots are Sync (atomics only) and live as long as the
// QsbrShared that owns the list.
unsafe impl Send for SlotPtr {}

/// Per-interpreter QSBR state (`struct _qsbr_shared`).
pub struct QsbrShared {
    /// Write sequence: odd, advanced by `QSBR_INCR` (`wr_seq`).
    wr_seq: CachePadded<AtomicU64>,
    /// Cached minimum read sequence of attached threads (`rd_seq`).
    rd_seq: CachePadded<AtomicU64>,
    /// Newest chunk of thread slots (`array`).
    chunks: AtomicPtr<Chunk>,
    /// Unused slots (`freelist`, protected by `mutex`).
    freelist: Mutex<Vec<SlotPtr>>,
}

// SAFETY: the raw chunk pointers are owned by this structure, published
// with release/acquire, and only freed in Drop.
unsafe impl Send for QsbrShared {}
// SAFETY: as above; all shared mutation goes through atomics or the mutex.
unsafe impl Sync for QsbrShared {}

impl Default for QsbrShared {
    fn default() -> Self {
        Self::new()
    }
}

impl QsbrShared {
    /// Fresh state with both sequences at `QSBR_INITIAL`.
    pub fn new() -> Self {
        QsbrShared {
            wr_seq: CachePadded::new(AtomicU64::new(QSBR_INITIAL)),
            rd_seq: CachePadded::new(AtomicU64::new(QSBR_INITIAL)),
            chunks: AtomicPtr::new(core::ptr::null_mut()),
            freelist: Mutex::new(Vec::new()),
        }
    }

    /// The current write sequence (`_Py_qsbr_shared_current`).
    #[inline]
    pub fn shared_current(&self) -> u64 {
        self.wr_seq.load(Ordering::Acquire)
    }

    /// Advances the write sequence and returns it as the goal for memory
    /// unlinked before the call (`_Py_qsbr_advance`).
    pub fn advance(&self) -> u64 {
        self.wr_seq.fetch_add(QSBR_INCR, Ordering::SeqCst) + QSBR_INCR
    }

    /// Like `advance`, but only every `QSBR_DEFERRED_LIMIT` calls; in
    /// between it returns the next sequence without advancing
    /// (`_Py_qsbr_deferred_advance`).
    pub fn deferred_advance(&self, qsbr: &QsbrThreadState) -> u64 {
        let n = qsbr.deferrals.load(Ordering::Relaxed) + 1;
        if n < QSBR_DEFERRED_LIMIT {
            qsbr.deferrals.store(n, Ordering::Relaxed);
            return self.shared_current() + QSBR_INCR;
        }
        qsbr.deferrals.store(0, Ordering::Relaxed);
        self.advance()
    }

    /// Reports a quiescent state: `qsbr`'s thread holds no pointer to
    /// QSBR-protected data (`_Py_qsbr_quiescent_state`).
    #[inline]
    pub fn quiescent_state(&self, qsbr: &QsbrThreadState) {
        qsbr.seq.store(self.shared_current(), Ordering::Release);
    }

    /// Has the cached read sequence reached `goal`, without a scan
    /// (`_Py_qbsr_goal_reached`)?
    #[inline]
    pub fn goal_reached(&self, goal: u64) -> bool {
        qsbr_leq(goal, self.rd_seq.load(Ordering::Acquire))
    }

    /// Scans the attached threads and updates the cached read sequence
    /// (`qsbr_poll_scan`).
    fn poll_scan(&self) -> u64 {
        // Pairs with the SeqCst store in `attach`: a thread that attached
        // before the scan must not be seen as still offline.
        fence(Ordering::SeqCst);
        let mut min_seq = self.wr_seq.load(Ordering::SeqCst);
        let mut chunk = self.chunks.load(Ordering::Acquire);
        while !chunk.is_null() {
            // SAFETY: published chunks are only freed in Drop, and `&self`
            // keeps us alive.
            let c = unsafe { &*chunk };
            for slot in &c.slots {
                let seq = slot.seq.load(Ordering::Acquire);
                if seq != QSBR_OFFLINE && qsbr_lt(seq, min_seq) {
                    min_seq = seq;
                }
            }
            chunk = c.next;
        }
        let rd_seq = self.rd_seq.load(Ordering::Acquire);
        if qsbr_lt(rd_seq, min_seq) {
            // Losing this race is fine: another poller moved it forward.
            let _ = self.rd_seq.compare_exchange(rd_seq, min_seq, Ordering::AcqRel, Ordering::Relaxed);
            return min_seq;
        }
        rd_seq
    }

    /// Is it safe to free memory tagged with `goal` (`_Py_qsbr_poll`)?
    pub fn poll(&self, goal: u64) -> bool {
        if self.goal_reached(goal) {
            return true;
        }
        qsbr_leq(goal, self.poll_scan())
    }

    /// Marks `qsbr`'s thread as online at the current write sequence
    /// (`_Py_qsbr_attach`).
    pub fn attach(&self, qsbr: &QsbrThreadState) {
        debug_assert_eq!(qsbr.seq.load(Ordering::Relaxed), QSBR_OFFLINE, "already attached");
        qsbr.seq.store(self.shared_current(), Ordering::SeqCst);
        // Pairs with the fence in `poll_scan`. CPython relies on its
        // seq_cst store also ordering the thread's later loads (true of
        // x86 and ARMv8 hardware); in the Rust/C++ model only a fence
        // orders this store before the reads of shared pointers that
        // follow, so that either the scanner sees us online or we see the
        // writer's unlink. The loom model finds the race without it.
        fence(Ordering::SeqCst);
    }

    /// Marks `qsbr`'s thread as offline, hence quiescent
    /// (`_Py_qsbr_detach`).
    pub fn detach(&self, qsbr: &QsbrThreadState) {
        debug_assert_ne!(qsbr.seq.load(Ordering::Relaxed), QSBR_OFFLINE, "already detached");
        qsbr.seq.store(QSBR_OFFLINE, Ordering::Release);
    }

    /// Allocates a detached thread slot (`_Py_qsbr_reserve` and
    /// `_Py_qsbr_register`). The slot lives as long as `self`.
    pub fn reserve(&self) -> &QsbrThreadState {
        let mut free = lock(&self.freelist);
        if free.is_empty() {
            let chunk = Box::into_raw(Box::new(Chunk {
                slots: core::array::from_fn(|_| CachePadded::new(QsbrThreadState::new())),
                next: self.chunks.load(Ordering::Relaxed),
            }));
            // SAFETY: `chunk` was just allocated and is not yet shared.
            let slots = unsafe { &(*chunk).slots };
            free.extend(slots.iter().rev().map(|s| SlotPtr(NonNull::from(&**s))));
            // Chunks are only pushed under the free-list mutex.
            self.chunks.store(chunk, Ordering::Release);
        }
        let slot = free.pop().expect("free list was just refilled").0;
        // SAFETY: slots live until Drop of self, which `&self` outlives.
        unsafe { slot.as_ref() }
    }

    /// Returns a detached slot to the free list (`_Py_qsbr_unregister`).
    pub fn unregister(&self, qsbr: &QsbrThreadState) {
        debug_assert_eq!(qsbr.seq.load(Ordering::Relaxed), QSBR_OFFLINE, "thread state must be detached");
        qsbr.deferrals.store(0, Ordering::Relaxed);
        lock(&self.freelist).push(SlotPtr(NonNull::from(qsbr)));
    }
}

impl Drop for QsbrShared {
    /// Frees the slot chunks (`_Py_qsbr_fini`).
    fn drop(&mut self) {
        let mut chunk = self.chunks.load(Ordering::Relaxed);
        while !chunk.is_null() {
            // SAFETY: we own every published chunk and no slot reference
            // outlives `self`.
            let c = unsafe { Box::from_raw(chunk) };
            chunk = c.next;
        }
    }
}

/// How a delayed-free item is released: called with the item's pointer
/// once no reader can hold it (`PyMem_Free`, `PyObject_Free`, or 3.14's
/// delayed decref).
pub type FreeFn = unsafe fn(*mut ());

/// One delayed free (`struct _mem_work_item`).
pub struct WorkItem {
    ptr: *mut (),
    free: FreeFn,
    qsbr_goal: u64,
}

// SAFETY: a work item is an exclusive claim on the memory it frees; the
// free function may run on any thread (as PyMem_Free may).
unsafe impl Send for WorkItem {}

impl WorkItem {
    /// Runs the item's free function.
    ///
    /// # Safety
    /// The item's goal has been reached.
    pub(crate) unsafe fn run(self) {
        // SAFETY: the caller checked the goal, and the item was queued
        // with a free function valid for its pointer.
        unsafe { (self.free)(self.ptr) }
    }
}

/// A queue of delayed frees in goal order (the `mem_free_queue` list of
/// `_mem_work_chunk`s). A `VecDeque` plays the chunk list's role.
#[derive(Default)]
pub struct FreeQueue {
    items: VecDeque<WorkItem>,
}

impl FreeQueue {
    /// An empty queue.
    pub fn new() -> Self {
        FreeQueue { items: VecDeque::new() }
    }

    /// Number of pending items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Is nothing pending?
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Queues `free(ptr)` to run once `goal` is reached.
    pub fn push(&mut self, ptr: *mut (), free: FreeFn, goal: u64) {
        self.items.push_back(WorkItem { ptr, free, qsbr_goal: goal });
    }

    /// Removes the oldest item if its goal is reached (one step of
    /// `process_queue`). The caller runs it with no borrow of the queue
    /// held, since a free function may queue more work.
    pub fn pop_ready(&mut self, shared: &QsbrShared) -> Option<WorkItem> {
        let goal = self.items.front()?.qsbr_goal;
        if !shared.poll(goal) {
            return None;
        }
        self.items.pop_front()
    }

    /// Appends all of `other`'s items (`llist_concat`).
    pub fn append(&mut self, other: &mut FreeQueue) {
        self.items.append(&mut other.items);
    }
}

/// The interpreter's queue of delayed frees abandoned by exited threads
/// (`struct _Py_mem_interp_free_queue`).
#[derive(Default)]
pub struct InterpFreeQueue {
    /// Is the queue non-empty (`has_work`)? Read without the lock.
    has_work: AtomicBool,
    queue: Mutex<FreeQueue>,
}

impl InterpFreeQueue {
    /// An empty queue.
    pub fn new() -> Self {
        InterpFreeQueue { has_work: AtomicBool::new(false), queue: Mutex::new(FreeQueue::new()) }
    }

    /// Frees every ready item (`process_interp_queue`), with the queue
    /// locked.
    fn process_locked(&self, q: &mut FreeQueue, shared: &QsbrShared) {
        while let Some(item) = q.pop_ready(shared) {
            // SAFETY: pop_ready checked the goal.
            unsafe { item.run() };
        }
        self.has_work.store(!q.is_empty(), Ordering::Relaxed);
    }

    /// Processes the queue if it has work and its lock is free
    /// (`maybe_process_interp_queue`).
    pub fn maybe_process(&self, shared: &QsbrShared) {
        if !self.has_work.load(Ordering::Relaxed) {
            return;
        }
        if let Some(mut q) = try_lock(&self.queue) {
            self.process_locked(&mut q, shared);
        }
    }

    /// Takes over a thread's pending items and processes what is ready
    /// (the second half of `_PyMem_AbandonDelayed`).
    pub fn abandon(&self, items: &mut FreeQueue, shared: &QsbrShared) {
        if items.is_empty() {
            return;
        }
        let mut q = lock(&self.queue);
        q.append(items);
        self.process_locked(&mut q, shared);
    }

    /// Frees everything regardless of goals (`_PyMem_FiniDelayed`); for
    /// interpreter teardown, when no thread can read any more.
    pub fn fini(&self) {
        let items = core::mem::take(&mut *lock(&self.queue));
        self.has_work.store(false, Ordering::Relaxed);
        for item in items.items {
            // SAFETY: no thread remains that could read the memory.
            unsafe { item.run() };
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn wraparound_comparisons() {
        assert!(qsbr_lt(1, 3));
        assert!(!qsbr_lt(3, 3));
        assert!(qsbr_leq(3, 3));
        assert!(qsbr_lt(u64::MAX - 1, 1));
    }

    #[test]
    fn detached_threads_do_not_block_poll() {
        let s = QsbrShared::new();
        let a = s.reserve();
        let b = s.reserve();
        s.attach(a);
        s.attach(b);
        let goal = s.advance();
        assert!(!s.poll(goal));
        s.quiescent_state(a);
        assert!(!s.poll(goal), "b still holds the old sequence");
        s.detach(b);
        assert!(s.poll(goal));
        assert!(s.goal_reached(goal));
    }

    #[test]
    fn deferred_advance_batches() {
        let s = QsbrShared::new();
        let a = s.reserve();
        let start = s.shared_current();
        for _ in 1..QSBR_DEFERRED_LIMIT {
            assert_eq!(s.deferred_advance(a), start + QSBR_INCR);
            assert_eq!(s.shared_current(), start);
        }
        assert_eq!(s.deferred_advance(a), start + QSBR_INCR);
        assert_eq!(s.shared_current(), start + QSBR_INCR);
    }

    #[test]
    fn slots_are_reused_and_grow() {
        let s = QsbrShared::new();
        let slots: Vec<&QsbrThreadState> = (0..SLOTS_PER_CHUNK * 2 + 1).map(|_| s.reserve()).collect();
        let addrs: std::collections::HashSet<usize> = slots.iter().map(|q| core::ptr::from_ref(*q) as usize).collect();
        assert_eq!(addrs.len(), slots.len());
        for sl in &slots {
            s.unregister(sl);
        }
        for _ in 0..slots.len() {
            assert!(addrs.contains(&(core::ptr::from_ref(s.reserve()) as usize)), "freed slots are reused first");
        }
    }

    static FREED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    unsafe fn count_free(p: *mut ()) {
        // SAFETY: the test queues Box<u64> pointers.
        drop(unsafe { Box::from_raw(p.cast::<u64>()) });
        FREED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    #[test]
    fn queue_frees_in_goal_order_once_reached() {
        let s = QsbrShared::new();
        let me = s.reserve();
        let other = s.reserve();
        s.attach(me);
        s.attach(other);
        let mut q = FreeQueue::new();
        let before = FREED.load(std::sync::atomic::Ordering::Relaxed);
        let g1 = s.advance();
        q.push(Box::into_raw(Box::new(1u64)).cast(), count_free, g1);
        assert!(q.pop_ready(&s).is_none());
        s.quiescent_state(me);
        s.quiescent_state(other);
        let g2 = s.advance();
        q.push(Box::into_raw(Box::new(2u64)).cast(), count_free, g2);
        let item = q.pop_ready(&s).expect("first goal reached");
        // SAFETY: its goal was reached.
        unsafe { item.run() };
        assert!(q.pop_ready(&s).is_none());
        let iq = InterpFreeQueue::new();
        iq.abandon(&mut q, &s);
        assert!(q.is_empty());
        iq.fini();
        assert_eq!(FREED.load(std::sync::atomic::Ordering::Relaxed) - before, 2);
    }
}
