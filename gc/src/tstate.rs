//! Interpreter and thread states with the free-threaded attach/detach
//! protocol and stop-the-world, ported from Python/pystate.c
//! (`new_threadstate`, `tstate_try_attach`, `tstate_wait_attach`,
//! `_PyThreadState_Attach`, `detach_thread`, `_PyThreadState_Detach`,
//! `_PyThreadState_Suspend`, `park_detached_threads`, `stop_the_world`,
//! `start_the_world`, `tstate_delete_common`,
//! `_PyThreadState_DeleteCurrent`) and the free-threaded part of
//! `_Py_HandlePending` (Python/ceval_gil.c), with the GIL of
//! [`crate::ceval_gil`] taken on attach and dropped on detach when it is
//! enabled. Eval-breaker bits follow
//! Include/internal/pycore_ceval.h.

use core::cell::{Cell, UnsafeCell};
use core::ptr::NonNull;
use std::sync::Arc;

use rupy_sync::blocking::{BlockingHooks, set_hooks};
use rupy_sync::critical_section;

use crate::brc::{self, BrcState};
use crate::ceval_gil::Gil;
use crate::index_pool::IndexPool;
use crate::object::thread_id;
use crate::qsbr::{FreeQueue, InterpFreeQueue, QsbrShared, QsbrThreadState};
use crate::shim::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use crate::shim::{Condvar, Mutex, MutexGuard, lock, try_lock, wait, wait_briefly};
use crate::uniqueid::{LocalRefcounts, UniqueIdPool};

/// Thread state `state`: not running Python code (`_Py_THREAD_DETACHED`).
pub const THREAD_DETACHED: i32 = 0;
/// Thread state `state`: running Python code (`_Py_THREAD_ATTACHED`).
pub const THREAD_ATTACHED: i32 = 1;
/// Thread state `state`: parked for a stop-the-world
/// (`_Py_THREAD_SUSPENDED`).
pub const THREAD_SUSPENDED: i32 = 2;

/// Eval-breaker request bits, at CPython's positions.
pub mod eval_breaker {
    /// Another thread wants the GIL (`_PY_GIL_DROP_REQUEST_BIT`).
    pub const GIL_DROP_REQUEST_BIT: usize = 1 << 0;
    /// A signal arrived (`_PY_SIGNALS_PENDING_BIT`).
    pub const SIGNALS_PENDING_BIT: usize = 1 << 1;
    /// Pending calls to run (`_PY_CALLS_TO_DO_BIT`).
    pub const CALLS_TO_DO_BIT: usize = 1 << 2;
    /// An async exception was set (`_PY_ASYNC_EXCEPTION_BIT`).
    pub const ASYNC_EXCEPTION_BIT: usize = 1 << 3;
    /// A collection is due (`_PY_GC_SCHEDULED_BIT`).
    pub const GC_SCHEDULED_BIT: usize = 1 << 4;
    /// Stop for a stop-the-world (`_PY_EVAL_PLEASE_STOP_BIT`).
    pub const EVAL_PLEASE_STOP_BIT: usize = 1 << 5;
    /// Objects are queued for this thread to merge
    /// (`_PY_EVAL_EXPLICIT_MERGE_BIT`).
    pub const EVAL_EXPLICIT_MERGE_BIT: usize = 1 << 6;
    /// Cold JIT executors to invalidate (`_PY_EVAL_JIT_INVALIDATE_COLD_BIT`).
    pub const EVAL_JIT_INVALIDATE_COLD_BIT: usize = 1 << 7;
    /// Bits below this are events; above is the instrumentation version
    /// (`_PY_EVAL_EVENTS_BITS`).
    pub const EVAL_EVENTS_BITS: u32 = 8;
    /// Mask of the event bits (`_PY_EVAL_EVENTS_MASK`).
    pub const EVAL_EVENTS_MASK: usize = (1 << EVAL_EVENTS_BITS) - 1;
}

/// Stop-the-world bookkeeping (`struct _stoptheworld_state`), protected
/// by the head lock.
struct StopTheWorldState {
    /// A stop is requested or in effect (`requested`).
    requested: bool,
    /// Threads still to park (`thread_countdown`).
    thread_countdown: isize,
    /// Address of the requesting thread state, 0 if none (`requester`).
    requester: usize,
}

/// What `HEAD_LOCK` protects: the thread list and the stop-the-world state.
struct Head {
    threads: Vec<Arc<ThreadState>>,
    stw: StopTheWorldState,
}

/// The interpreter's shared memory-model state (the free-threaded parts
/// of `PyInterpreterState`).
pub struct Interp {
    head: Mutex<Head>,
    /// Signalled when the countdown reaches zero (`stw->stop_event`).
    stop_event: Condvar,
    /// Signalled when suspended threads are released (CPython unparks on
    /// each thread's `state`).
    resume_event: Condvar,
    /// Serializes stop-the-world requests (`stw->mutex`).
    stw_mutex: Mutex<()>,
    /// Is the world stopped (`stw->world_stopped`)?
    world_stopped: AtomicBool,
    pub(crate) brc: BrcState,
    pub(crate) qsbr: QsbrShared,
    pub(crate) mem_free_queue: InterpFreeQueue,
    pub(crate) unique_ids: UniqueIdPool,
    /// Indices for thread-local bytecode copies (`tlbc_indices`).
    tlbc_indices: IndexPool,
    /// The GIL (`ceval.gil`), disabled unless turned on.
    gil: Gil,
    /// Address of the thread state running the shutdown, 0 before it
    /// starts (`_finalizing`).
    finalizing: AtomicUsize,
}

impl Interp {
    /// A new interpreter state with no threads.
    /// Also installs the blocking hooks (see [`install_blocking_hooks`]).
    pub fn new() -> Arc<Interp> {
        let interp = Arc::new(Interp {
            head: Mutex::new(Head {
                threads: Vec::new(),
                stw: StopTheWorldState { requested: false, thread_countdown: 0, requester: 0 },
            }),
            stop_event: Condvar::new(),
            resume_event: Condvar::new(),
            stw_mutex: Mutex::new(()),
            world_stopped: AtomicBool::new(false),
            brc: BrcState::new(),
            qsbr: QsbrShared::new(),
            mem_free_queue: InterpFreeQueue::new(),
            unique_ids: UniqueIdPool::new(),
            tlbc_indices: IndexPool::new(),
            gil: Gil::new(),
            finalizing: AtomicUsize::new(0),
        });
        install_blocking_hooks();
        interp
    }

    /// The interpreter's QSBR state.
    pub fn qsbr(&self) -> &QsbrShared {
        &self.qsbr
    }

    /// The GIL.
    pub fn gil(&self) -> &Gil {
        &self.gil
    }

    /// Number of thread states.
    pub fn thread_count(&self) -> usize {
        lock(&self.head).threads.len()
    }

    /// Marks the interpreter as finalizing, run by the current thread
    /// state (`_PyInterpreterState_SetFinalizing`). Call it with the world
    /// stopped: every other thread then hangs when it next attaches.
    pub fn set_finalizing(&self) {
        self.finalizing.store(current_addr(), Ordering::Release);
    }

    /// Has shutdown begun (`_PyInterpreterState_GetFinalizing` is set)?
    pub fn is_finalizing(&self) -> bool {
        self.finalizing.load(Ordering::Acquire) != 0
    }

    /// Is the world stopped (`world_stopped`)?
    pub fn is_world_stopped(&self) -> bool {
        self.world_stopped.load(Ordering::Acquire)
    }

    /// Parks every other thread of the interpreter (`stop_the_world` /
    /// `_PyEval_StopTheWorld`): attached threads get the please-stop bit,
    /// detached ones are switched to suspended, and the caller waits until
    /// none is attached. The world restarts when the guard drops
    /// (`start_the_world`). May be called with or without an attached
    /// thread state.
    pub fn stop_the_world(&self) -> StopTheWorld<'_> {
        let stw_lock = lock_detaching(&self.stw_mutex);
        let me = current_addr();
        let mut head = lock(&self.head);
        head.stw.requested = true;
        head.stw.requester = me;
        head.stw.thread_countdown =
            head.threads.iter().filter(|t| Arc::as_ptr(t) as usize != me).count() as isize;
        loop {
            park_detached_threads(&mut head);
            if head.stw.thread_countdown == 0 {
                break;
            }
            // Wake on the last suspension, or after a moment to catch
            // threads that detached (rather than suspended) meanwhile.
            head = wait_briefly(&self.stop_event, head, &self.head);
        }
        drop(head);
        self.world_stopped.store(true, Ordering::Release);
        StopTheWorld { interp: self, _stw_lock: stw_lock }
    }

    /// One less thread to wait for (`decrement_stoptheworld_countdown`).
    fn decrement_countdown(&self, head: &mut Head) {
        debug_assert!(head.stw.thread_countdown > 0);
        head.stw.thread_countdown -= 1;
        if head.stw.thread_countdown == 0 {
            self.stop_event.notify_all();
        }
    }
}

/// Switches detached threads to suspended and asks attached ones to stop
/// (`park_detached_threads`).
fn park_detached_threads(head: &mut Head) {
    let requester = head.stw.requester;
    let mut parked = 0;
    for t in &head.threads {
        if Arc::as_ptr(t) as usize == requester {
            continue;
        }
        let mut state = t.state.load(Ordering::Relaxed);
        loop {
            if state == THREAD_DETACHED {
                match t.state.compare_exchange(THREAD_DETACHED, THREAD_SUSPENDED, Ordering::SeqCst, Ordering::SeqCst) {
                    Ok(_) => parked += 1,
                    // It attached meanwhile: ask it to stop instead.
                    Err(cur) => {
                        state = cur;
                        continue;
                    }
                }
            } else if state == THREAD_ATTACHED {
                t.set_eval_breaker_bit(eval_breaker::EVAL_PLEASE_STOP_BIT);
            }
            break;
        }
    }
    head.stw.thread_countdown -= parked;
    debug_assert!(head.stw.thread_countdown >= 0);
}

/// A stopped world; dropping it restarts the world (`start_the_world`).
pub struct StopTheWorld<'a> {
    interp: &'a Interp,
    _stw_lock: MutexGuard<'a, ()>,
}

impl StopTheWorld<'_> {
    /// The stopped interpreter.
    pub fn interp(&self) -> &Interp {
        self.interp
    }

    /// Calls `f` on every thread state (`_Py_FOR_EACH_TSTATE_UNLOCKED`),
    /// which is safe to inspect because none is running.
    pub fn for_each_thread(&self, mut f: impl FnMut(&ThreadState)) {
        let threads: Vec<Arc<ThreadState>> = lock(&self.interp.head).threads.clone();
        for t in &threads {
            f(t);
        }
    }
}

impl Drop for StopTheWorld<'_> {
    fn drop(&mut self) {
        let interp = self.interp;
        let mut head = lock(&interp.head);
        head.stw.requested = false;
        interp.world_stopped.store(false, Ordering::Release);
        let requester = head.stw.requester;
        for t in &head.threads {
            if Arc::as_ptr(t) as usize != requester {
                debug_assert_eq!(t.state.load(Ordering::Relaxed), THREAD_SUSPENDED);
                t.state.store(THREAD_DETACHED, Ordering::SeqCst);
            }
        }
        head.stw.requester = 0;
        interp.resume_event.notify_all();
    }
}

/// Locks `m`; if that must wait, detaches the current thread state while
/// waiting (PyMutex_Lock's `_PY_LOCK_DETACH`), so a thread blocked here
/// cannot hold up a stop-the-world.
fn lock_detaching<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    if let Some(g) = try_lock(m) {
        return g;
    }
    match current() {
        Some(ts) if ts.state.load(Ordering::Relaxed) == THREAD_ATTACHED => {
            ts.detach();
            let g = lock(m);
            ts.attach();
            g
        }
        _ => lock(m),
    }
}

#[cfg(not(loom))]
std::thread_local! {
    static CURRENT: Cell<usize> = const { Cell::new(0) };
    static DETACHED_BY_HOOK: Cell<usize> = const { Cell::new(0) };
}
#[cfg(loom)]
loom::thread_local! {
    static CURRENT: Cell<usize> = Cell::new(0);
    static DETACHED_BY_HOOK: Cell<usize> = Cell::new(0);
}

/// rupy-sync's blocking hooks: a thread about to sleep on a PyMutex (or
/// event, or parking-lot wait) with DETACH detaches its thread state
/// (`PyEval_ReleaseThread` in `_PySemaphore_Wait`, Python/parking_lot.c),
/// so it cannot hold up a stop-the-world, and re-attaches after.
static BLOCKING_HOOKS: BlockingHooks =
    BlockingHooks { detach: hook_detach, attach: hook_attach, interrupt: hook_interrupt };

/// Installs [`BLOCKING_HOOKS`] for the process (idempotent).
pub fn install_blocking_hooks() {
    set_hooks(&BLOCKING_HOOKS);
}

/// The detach hook: detaches this thread's state (suspending its
/// critical sections) if it is attached. Public so that the runtime can
/// install the same detach/attach with its own interrupt hook.
pub fn hook_detach() -> bool {
    match current() {
        Some(ts) if ts.state.load(Ordering::Relaxed) == THREAD_ATTACHED => {
            // Suspends the critical sections too.
            ts.detach();
            DETACHED_BY_HOOK.with(|c| c.set(core::ptr::from_ref(ts) as usize));
        }
        // No thread state: only the critical sections are suspended.
        _ => critical_section::suspend_all(),
    }
    true
}

/// The attach hook that ends a [`hook_detach`] wait.
pub fn hook_attach() {
    let p = DETACHED_BY_HOOK.with(|c| c.replace(0)) as *const ThreadState;
    // SAFETY: set by hook_detach from a live thread state that stays in its
    // interpreter's list: a detached-by-hook thread is asleep in the wait
    // this hook ends and cannot delete it meanwhile.
    match unsafe { p.as_ref() } {
        Some(ts) => ts.attach(),
        None => critical_section::resume(),
    }
}

/// Pending calls (`Py_MakePendingCalls`) belong to the runtime's eval
/// loop; at this layer an interrupted wait never fails.
fn hook_interrupt() -> bool {
    false
}

/// Blocks the calling thread for good (`PyThread_hang_thread`): a
/// daemon thread that tries to run Python code after shutdown began
/// stays detached until the process exits.
fn hang_thread() -> ! {
    CURRENT.with(|c| c.set(0));
    loop {
        std::thread::park();
    }
}

/// Address of the current thread state, 0 if none (`current_fast_get`).
fn current_addr() -> usize {
    CURRENT.with(Cell::get)
}

/// The thread state attached (or being detached) on this thread
/// (`_PyThreadState_GET`).
pub fn current() -> Option<&'static ThreadState> {
    let p = current_addr() as *const ThreadState;
    // SAFETY: CURRENT is set by `attach` from a thread state kept alive by
    // its interpreter's thread list, and cleared by `detach` and
    // `delete_current` before that list lets it go. The 'static lifetime
    // is a lie bounded by that window; callers use it only until they
    // detach.
    unsafe { p.as_ref() }
}

/// The interpreter list's `Arc` for `ts` (which must be in the list).
pub(crate) fn find_arc(ts: &ThreadState) -> Arc<ThreadState> {
    let head = lock(&ts.interp.head);
    let found = head.threads.iter().find(|t| core::ptr::eq(Arc::as_ptr(t), ts));
    Arc::clone(found.expect("thread state is registered in its interpreter"))
}

/// How many eval-breaker polls pass between quiescent-state reports
/// (see [`ThreadState::poll_eval_breaker`]).
pub const QUIESCENT_INTERVAL: u32 = 64;

/// A thread state (`PyThreadState` / `_PyThreadStateImpl`, free-threaded
/// fields): bound to one OS thread, attached while it runs Python code.
pub struct ThreadState {
    interp: Arc<Interp>,
    /// DETACHED, ATTACHED or SUSPENDED (`state`).
    state: AtomicI32,
    /// Request bits for the eval loop (`eval_breaker`).
    eval_breaker: AtomicUsize,
    /// The bound OS thread's id, 0 until first attached (`brc.tid`).
    tid: AtomicUsize,
    /// This thread's QSBR slot (`qsbr`), owned by `interp.qsbr`.
    qsbr: NonNull<QsbrThreadState>,
    /// Thread-local bytecode index (`tlbc_index`).
    tlbc_index: i32,
    /// Delayed frees (`mem_free_queue`); owner-only.
    mem_free_queue: UnsafeCell<FreeQueue>,
    /// Per-thread refcounts of objects with unique ids (`refcounts`);
    /// owner-only.
    refcounts: UnsafeCell<LocalRefcounts>,
    /// Eval-breaker polls since the last full check; owner-only.
    breaker_ticks: UnsafeCell<u32>,
    /// Does this thread hold the GIL (`holds_gil`)? Written by the owner
    /// only.
    holds_gil: AtomicBool,
}

// SAFETY: the UnsafeCell fields are only touched by the bound thread while
// this state is its current one (or while the world is stopped, when that
// thread is parked); everything else is atomic or behind a lock. The QSBR
// slot pointer stays valid while `interp` lives.
unsafe impl Send for ThreadState {}
// SAFETY: as above.
unsafe impl Sync for ThreadState {}

impl ThreadState {
    /// A new detached thread state in `interp` (`new_threadstate` and
    /// `add_threadstate`). It binds to the OS thread that first attaches
    /// it. If a stop-the-world is under way it starts suspended.
    pub fn new(interp: &Arc<Interp>) -> Arc<ThreadState> {
        let qsbr = NonNull::from(interp.qsbr.reserve());
        let ts = Arc::new(ThreadState {
            interp: Arc::clone(interp),
            state: AtomicI32::new(THREAD_DETACHED),
            eval_breaker: AtomicUsize::new(0),
            tid: AtomicUsize::new(0),
            qsbr,
            tlbc_index: interp.tlbc_indices.alloc_index(),
            mem_free_queue: UnsafeCell::new(FreeQueue::new()),
            refcounts: UnsafeCell::new(LocalRefcounts::default()),
            breaker_ticks: UnsafeCell::new(0),
            holds_gil: AtomicBool::new(false),
        });
        let mut head = lock(&interp.head);
        if head.stw.requested {
            ts.state.store(THREAD_SUSPENDED, Ordering::Relaxed);
        }
        head.threads.push(Arc::clone(&ts));
        ts
    }

    /// The interpreter.
    pub fn interp(&self) -> &Arc<Interp> {
        &self.interp
    }

    /// DETACHED, ATTACHED or SUSPENDED.
    pub fn state(&self) -> i32 {
        self.state.load(Ordering::Acquire)
    }

    /// The bound OS thread's id (0 before the first attach).
    pub fn thread_id(&self) -> usize {
        self.tid.load(Ordering::Relaxed)
    }

    /// The thread-local bytecode index.
    pub fn tlbc_index(&self) -> i32 {
        self.tlbc_index
    }

    /// This thread's QSBR slot.
    pub fn qsbr(&self) -> &QsbrThreadState {
        // SAFETY: the slot belongs to `self.interp.qsbr`, which outlives
        // `self` (we hold the Arc).
        unsafe { self.qsbr.as_ref() }
    }

    /// The eval-breaker word the eval loop polls.
    pub fn eval_breaker(&self) -> &AtomicUsize {
        &self.eval_breaker
    }

    /// Sets request bits (`_Py_set_eval_breaker_bit`).
    pub fn set_eval_breaker_bit(&self, bit: usize) {
        self.eval_breaker.fetch_or(bit, Ordering::AcqRel);
    }

    /// Clears request bits (`_Py_unset_eval_breaker_bit`).
    pub fn unset_eval_breaker_bit(&self, bit: usize) {
        self.eval_breaker.fetch_and(!bit, Ordering::AcqRel);
    }

    /// Does this thread hold the GIL?
    pub fn holds_gil(&self) -> bool {
        self.holds_gil.load(Ordering::Relaxed)
    }

    pub(crate) fn set_holds_gil(&self, on: bool) {
        self.holds_gil.store(on, Ordering::Relaxed);
    }

    fn is_current(&self) -> bool {
        current_addr() == core::ptr::from_ref(self) as usize
    }

    /// Mutable access to an owner-only field.
    ///
    /// # Safety
    /// `self` is the calling thread's current thread state (or the world
    /// is stopped by the caller and the owner is parked), and no other
    /// borrow of the same cell is live.
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn owner_mut<T>(&self, cell: &UnsafeCell<T>) -> &mut T {
        // SAFETY: forwarded caller contract.
        unsafe { &mut *cell.get() }
    }

    pub(crate) fn refcounts_cell(&self) -> &UnsafeCell<LocalRefcounts> {
        &self.refcounts
    }

    /// Attaches the thread state to the calling thread
    /// (`_PyThreadState_Attach`): takes the GIL if it is enabled, becomes
    /// current, waits while a stop-the-world holds it suspended, and
    /// reports QSBR-online. Unlike CPython, a thread found suspended
    /// drops the GIL while it waits for the restart, so a requester that
    /// detaches while the world is stopped can take the GIL back.
    pub fn attach(&self) {
        assert_eq!(current_addr(), 0, "attach: the thread already has a current thread state");
        let tid = thread_id();
        match self.tid.load(Ordering::Relaxed) {
            0 => {
                self.tid.store(tid, Ordering::Relaxed);
                brc::init_thread(self);
            }
            bound => assert_eq!(bound, tid, "attach: thread state is bound to another thread"),
        }
        CURRENT.with(|c| c.set(core::ptr::from_ref(self) as usize));
        loop {
            if self.must_exit() {
                hang_thread();
            }
            let took = self.interp.gil.take(self);
            if self.try_attach() {
                break;
            }
            if took {
                self.interp.gil.drop_gil(self, true);
            }
            self.wait_resume();
        }
        self.interp.qsbr.attach(self.qsbr());
        // Re-take the locks of the innermost critical section.
        critical_section::resume();
    }

    /// Is another thread finalizing the interpreter
    /// (`_PyThreadState_MustExit`)? Such a thread may not run Python code
    /// again. The flag is set with the world stopped, so a thread that
    /// checked before it was set fails `try_attach` and checks again.
    fn must_exit(&self) -> bool {
        let f = self.interp.finalizing.load(Ordering::Acquire);
        f != 0 && f != core::ptr::from_ref(self) as usize
    }

    /// DETACHED -> ATTACHED, failing if suspended (`tstate_try_attach`).
    fn try_attach(&self) -> bool {
        self.state.compare_exchange(THREAD_DETACHED, THREAD_ATTACHED, Ordering::SeqCst, Ordering::SeqCst).is_ok()
    }

    /// Waits until the stop-the-world releases us (`tstate_wait_attach`
    /// without the attach, which the caller retries).
    fn wait_resume(&self) {
        let mut head = lock(&self.interp.head);
        while self.state.load(Ordering::Acquire) == THREAD_SUSPENDED {
            head = wait(&self.interp.resume_event, head);
        }
    }

    /// Leaves the attached state (`detach_thread`).
    fn detach_thread(&self, detached_state: i32) {
        assert!(self.is_current(), "detach: not the current thread state");
        debug_assert_eq!(self.state.load(Ordering::Relaxed), THREAD_ATTACHED);
        critical_section::suspend_all();
        self.interp.qsbr.detach(self.qsbr());
        self.state.store(detached_state, Ordering::SeqCst);
        CURRENT.with(|c| c.set(0));
        if self.holds_gil() {
            self.interp.gil.drop_gil(self, false);
        }
    }

    /// Detaches the current thread state (`_PyThreadState_Detach`): the
    /// thread stops running Python code (e.g. before blocking) and counts
    /// as quiescent.
    pub fn detach(&self) {
        self.detach_thread(THREAD_DETACHED);
    }

    /// Detaches, parking as suspended if a stop-the-world is requested
    /// (`_PyThreadState_Suspend`).
    pub fn suspend(&self) {
        let requested = lock(&self.interp.head).stw.requested;
        if !requested {
            self.detach_thread(THREAD_DETACHED);
            return;
        }
        self.detach_thread(THREAD_SUSPENDED);
        let mut head = lock(&self.interp.head);
        self.interp.decrement_countdown(&mut head);
    }

    /// Reports a quiescent state: the thread holds no pointer to
    /// QSBR-protected memory (`_Py_qsbr_quiescent_state`).
    pub fn quiescent_state(&self) {
        self.interp.qsbr.quiescent_state(self.qsbr());
    }

    /// Runs ready delayed frees of this thread and, if its lock is free,
    /// of the interpreter (`_PyMem_ProcessDelayed`).
    pub fn process_delayed(&self) {
        debug_assert!(self.is_current());
        loop {
            // SAFETY: we are the current thread state, and the borrow ends
            // before the free function (which may queue more) runs.
            let item = unsafe { self.owner_mut(&self.mem_free_queue) }.pop_ready(&self.interp.qsbr);
            let Some(item) = item else { break };
            // SAFETY: pop_ready checked the goal.
            unsafe { item.run() };
        }
        self.interp.mem_free_queue.maybe_process(&self.interp.qsbr);
    }

    /// Number of this thread's pending delayed frees.
    pub fn pending_delayed(&self) -> usize {
        debug_assert!(self.is_current());
        // SAFETY: current thread state; shared borrow only for the call.
        unsafe { self.owner_mut(&self.mem_free_queue) }.len()
    }

    /// Queues `free(ptr)` behind a QSBR goal (`free_delayed`,
    /// Objects/obmalloc.c); frees at once if the world is stopped.
    ///
    /// # Safety
    /// `self` is current; `free(ptr)` is valid once no reader holds `ptr`,
    /// and nothing else frees `ptr`.
    pub unsafe fn free_delayed(&self, ptr: *mut (), free: crate::qsbr::FreeFn) {
        if self.interp.is_world_stopped() {
            // SAFETY: no other thread runs, so no reader holds ptr.
            unsafe { free(ptr) };
            return;
        }
        debug_assert!(self.is_current());
        let goal = self.interp.qsbr.deferred_advance(self.qsbr());
        // SAFETY: current thread state; borrow ends at the statement end.
        let q = unsafe { self.owner_mut(&self.mem_free_queue) };
        q.push(ptr, free, goal);
        if q.len() >= crate::qsbr::WORK_ITEMS_PER_CHUNK {
            self.process_delayed();
        }
    }

    /// The eval loop's poll (at `RESUME` and backward jumps): requests
    /// are handled at once, but the quiescent-state report and the
    /// delayed frees, which read other threads' QSBR slots, only every
    /// [`QUIESCENT_INTERVAL`] polls. CPython reaches them only when an
    /// eval-breaker bit is set; polling every time put a shared-cache-line
    /// scan on every call and loop iteration of every thread.
    #[inline]
    pub fn poll_eval_breaker(&self) -> usize {
        let breaker = self.eval_breaker.load(Ordering::Relaxed);
        const AT_ONCE: usize = eval_breaker::EVAL_PLEASE_STOP_BIT
            | eval_breaker::EVAL_EXPLICIT_MERGE_BIT
            | eval_breaker::GIL_DROP_REQUEST_BIT;
        if breaker & AT_ONCE == 0 {
            // SAFETY: owner-only field of the current thread state.
            let ticks = unsafe { self.owner_mut(&self.breaker_ticks) };
            *ticks = ticks.wrapping_add(1);
            if *ticks % QUIESCENT_INTERVAL != 0 {
                return breaker & eval_breaker::EVAL_EVENTS_MASK;
            }
        }
        self.handle_eval_breaker()
    }

    /// Handles the memory-model requests of the eval breaker (the
    /// free-threaded part of `_Py_HandlePending`): parks for a
    /// stop-the-world, merges queued refcounts, reports a quiescent state
    /// and runs ready delayed frees. Returns the bits left for the runtime
    /// (signals, pending calls, async exceptions, GC). Call it between
    /// bytecode instructions, holding no borrowed QSBR-protected pointer.
    pub fn handle_eval_breaker(&self) -> usize {
        let breaker = self.eval_breaker.load(Ordering::Acquire);
        if breaker & eval_breaker::EVAL_PLEASE_STOP_BIT != 0 {
            self.unset_eval_breaker_bit(eval_breaker::EVAL_PLEASE_STOP_BIT);
            self.suspend();
            // Blocks until the stop-the-world is over.
            self.attach();
        }
        if breaker & eval_breaker::GIL_DROP_REQUEST_BIT != 0 {
            if self.holds_gil() {
                // Give another thread a chance: dropping waits until it
                // has taken the GIL (forced switching).
                self.detach();
                self.attach();
            } else {
                self.unset_eval_breaker_bit(eval_breaker::GIL_DROP_REQUEST_BIT);
            }
        }
        if breaker & eval_breaker::EVAL_EXPLICIT_MERGE_BIT != 0 {
            self.unset_eval_breaker_bit(eval_breaker::EVAL_EXPLICIT_MERGE_BIT);
            brc::merge_refcounts(self);
        }
        self.quiescent_state();
        self.process_delayed();
        self.eval_breaker.load(Ordering::Acquire)
            & eval_breaker::EVAL_EVENTS_MASK
            & !(eval_breaker::EVAL_PLEASE_STOP_BIT
                | eval_breaker::EVAL_EXPLICIT_MERGE_BIT
                | eval_breaker::GIL_DROP_REQUEST_BIT)
    }

    /// Tears down the calling thread's current thread state
    /// (`PyThreadState_Clear`'s memory-model steps, then
    /// `_PyThreadState_DeleteCurrent` and `tstate_delete_common`): merges
    /// queued and per-thread refcounts, hands pending delayed frees to the
    /// interpreter, leaves the thread list (no stop-the-world waits for it
    /// any more) and releases its QSBR slot.
    pub fn delete_current(self: Arc<Self>) {
        assert!(self.is_current(), "delete_current: not the current thread state");
        brc::remove_thread(&self);
        crate::uniqueid::finalize_per_thread_refcounts(&self);
        // SAFETY: still current; the borrow ends with the call.
        let q = unsafe { self.owner_mut(&self.mem_free_queue) };
        self.interp.mem_free_queue.abandon(q, &self.interp.qsbr);
        self.interp.qsbr.detach(self.qsbr());
        CURRENT.with(|c| c.set(0));
        let interp = Arc::clone(&self.interp);
        {
            let mut head = lock(&interp.head);
            head.threads.retain(|t| !Arc::ptr_eq(t, &self));
            if self.state.load(Ordering::Relaxed) != THREAD_SUSPENDED && head.stw.requested {
                // A pending stop-the-world must not wait for us.
                interp.decrement_countdown(&mut head);
            }
        }
        interp.qsbr.unregister(self.qsbr());
        interp.tlbc_indices.free_index(self.tlbc_index);
        // `_PyEval_ReleaseLock(interp, tstate, 1)`: no hand-off wait.
        if self.holds_gil() {
            interp.gil.drop_gil(&self, true);
        }
        interp.gil.forget(&self);
    }
}

impl core::fmt::Debug for ThreadState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ThreadState")
            .field("state", &self.state())
            .field("tid", &self.thread_id())
            .field("eval_breaker", &self.eval_breaker.load(Ordering::Relaxed))
            .finish()
    }
}
