//! The `_thread` module, ported from Modules/_threadmodule.c (CPython
//! 3.14): OS threads that run Python code in parallel, each with its own
//! thread state (`thread_run`), joinable thread handles (`ThreadHandle`,
//! `PyThreadHandleObject`), `lock` and `RLock` objects built on
//! rupy-sync's `PyMutex` (waits detach the thread state), thread-local
//! objects (`_local`), and the module functions threading.py uses.
//! Design notes: docs/threads.md.

use std::collections::HashMap;
use std::sync::atomic::{AtomicIsize, AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::floatobject::FloatObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::{boolobject, call, floatobject, moduleobject, unicodeobject};
use rupy::state;
use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};
use rupy_sync::{LockFlags, LockResult, PyEvent, PyMutex};

/// `PY_TIMEOUT_MAX` in microseconds (`LLONG_MAX / 1000` on Linux).
const PY_TIMEOUT_MAX_US: i64 = i64::MAX / 1000;

/// `_thread.TIMEOUT_MAX` (seconds).
const TIMEOUT_MAX: f64 = (PY_TIMEOUT_MAX_US / 1_000_000) as f64;

/// `_PYTHREAD_NAME_MAXLEN` on Linux (`pthread_setname_np`'s 16 bytes,
/// less the terminating NUL).
const NAME_MAXLEN: usize = 15;

/// Python threads started by this module and still running
/// (`interp->threads.count`).
static THREAD_COUNT: AtomicIsize = AtomicIsize::new(0);

/// The thread that imported `_thread` first: the main thread
/// (`_PyRuntime.main_thread`).
static MAIN_THREAD: OnceLock<u64> = OnceLock::new();

// ---------------------------------------------------------------------
// Errors and argument parsing.

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `ThreadError` is `RuntimeError`.
fn thread_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::runtime_error(), msg)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `PyArg_ParseTupleAndKeywords` with only optional arguments after
/// `required` ones: the values by position in `names`.
fn parse_args(
    fname: &str,
    args: &[ObjRef],
    kwargs: Option<&DictObject>,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<ObjRef>>> {
    let nkw = kwargs.map_or(0, DictObject::len);
    if args.len() + nkw > names.len() {
        let n = names.len();
        return Err(type_error(&format!(
            "{fname}() takes at most {n} argument{} ({} given)",
            plural(n),
            args.len() + nkw
        )));
    }
    let mut out: Vec<Option<ObjRef>> = args.iter().cloned().map(Some).collect();
    out.resize(names.len(), None);
    for (k, v) in kwargs.map(DictObject::items).unwrap_or_default() {
        let Some(key) = downcast::<unicodeobject::StrObject>(&k) else {
            return Err(type_error("keywords must be strings"));
        };
        let key = key.to_string_lossy();
        match names.iter().position(|n| *n == key) {
            Some(i) if i < args.len() => {
                return Err(type_error(&format!(
                    "argument for {fname}() given by name ('{key}') and position ({})",
                    i + 1
                )));
            }
            Some(i) => out[i] = Some(v),
            None => {
                return Err(type_error(&format!("{fname}() got an unexpected keyword argument '{key}'")));
            }
        }
    }
    for (i, name) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(type_error(&format!("{fname}() missing required argument '{name}' (pos {})", i + 1)));
        }
    }
    Ok(out)
}

/// Positional and keyword arguments of a module function (vectorcall
/// form: the keyword values follow the positional ones).
fn split_vectorcall(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<(Vec<ObjRef>, Option<PyRef<DictObject>>)> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let pos = args[..npos].iter().map(|a| object::new_ref(*a)).collect();
    let Some(names) = kwnames else { return Ok((pos, None)) };
    let d = DictObject::new()?;
    for (k, v) in names.as_slice().iter().zip(&args[npos..]) {
        d.set_item(k, v)?;
    }
    Ok((pos, Some(d)))
}

/// `_PyTime_FromSecondsObject(.., _PyTime_ROUND_TIMEOUT)`: seconds as
/// an int or float to nanoseconds, rounded away from zero.
fn time_from_seconds_object(obj: &PyObject) -> PyResult<i64> {
    time_from_seconds_object_rounded(obj, false)
}

/// `_PyTime_FromSecondsObject` with `_PyTime_ROUND_CEILING` when
/// `ceiling`, else with `_PyTime_ROUND_TIMEOUT`.
pub(crate) fn time_from_seconds_object_rounded(obj: &PyObject, ceiling: bool) -> PyResult<i64> {
    let overflow = || errors::set_string(exceptions::overflow_error(), "timestamp out of range for C PyTime_t");
    if let Some(f) = downcast::<FloatObject>(obj) {
        let d = f.value();
        if d.is_nan() {
            return Err(value_error("Invalid value NaN (not a number)"));
        }
        let ns = d * 1e9;
        let ns = if ceiling || ns >= 0.0 { ns.ceil() } else { ns.floor() };
        if !((i64::MIN as f64) <= ns && ns < -(i64::MIN as f64)) {
            return Err(overflow());
        }
        return Ok(ns as i64);
    }
    if let Some(i) = downcast::<IntObject>(obj) {
        return i.as_i64().and_then(|s| s.checked_mul(1_000_000_000)).ok_or_else(overflow);
    }
    Err(type_error(&format!(
        "'{}' object cannot be interpreted as an integer or float",
        type_of(obj).name()
    )))
}

/// Microseconds of `ns`, rounded up (`_PyTime_AsMicroseconds` with
/// `_PyTime_ROUND_TIMEOUT`).
fn ns_to_us_ceil(ns: i64) -> i64 {
    if ns >= 0 { ns / 1000 + i64::from(ns % 1000 != 0) } else { ns / 1000 - i64::from(ns % 1000 != 0) }
}

/// `lock_acquire_parse_args`: the timeout in nanoseconds, -1 for none.
fn lock_acquire_parse_args(args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<i64> {
    const UNSET: i64 = -1_000_000_000;
    let v = parse_args("acquire", args, kwargs, &["blocking", "timeout"], 0)?;
    let blocking = match &v[0] {
        Some(b) => object::is_true(b)?,
        None => true,
    };
    let mut timeout = match &v[1] {
        Some(t) => time_from_seconds_object(t)?,
        None => UNSET,
    };
    if !blocking && timeout != UNSET {
        return Err(value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0 && timeout != UNSET {
        return Err(value_error("timeout value must be a non-negative number"));
    }
    if !blocking {
        timeout = 0;
    } else if timeout != UNSET && ns_to_us_ceil(timeout) > PY_TIMEOUT_MAX_US {
        return Err(errors::set_string(exceptions::overflow_error(), "timeout value is too large"));
    }
    Ok(if timeout == UNSET { -1 } else { timeout })
}

/// Locks `m` with CPython's Python-lock flags (`_PY_LOCK_DETACH |
/// _PY_LOCK_HANDLE_SIGNALS`): the thread state is detached while it
/// waits. `timeout_ns` < 0 waits forever.
fn lock_mutex(m: &PyMutex, timeout_ns: i64) -> PyResult<bool> {
    let timeout = u64::try_from(timeout_ns).ok().map(Duration::from_nanos);
    match m.lock_timed(timeout, LockFlags::DETACH | LockFlags::HANDLE_SIGNALS) {
        LockResult::Acquired => Ok(true),
        LockResult::Failure => Ok(false),
        LockResult::Interrupted => {
            if errors::occurred() {
                Err(errors::ErrSet::already_set())
            } else {
                Ok(false)
            }
        }
    }
}

// ---------------------------------------------------------------------
// Thread identity.

/// `PyThread_get_thread_ident`: `pthread_self()`.
pub fn get_ident() -> u64 {
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as u64 }
}

/// `PyThread_get_thread_native_id`: the kernel's thread id.
fn get_native_id() -> u64 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as u64 }
}

fn int_u64(v: u64) -> PyResult<ObjRef> {
    match i64::try_from(v) {
        Ok(i) => longobject::from_i64(i),
        Err(_) => longobject::from_bigint(v.into()),
    }
}

fn u64_of(obj: &PyObject) -> Option<u64> {
    let i = downcast::<IntObject>(obj)?;
    u64::try_from(i.to_bigint()).ok()
}

// ---------------------------------------------------------------------
// lock

/// `_thread.lock` (`lockobject`): a `PyMutex`; any thread may release it.
#[repr(C)]
pub struct LockObject {
    ob_base: ObjectHeader,
    lock: PyMutex,
    /// The head of the weak-reference list (`in_weakreflist`).
    weakreflist: AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for LockObject {}

impl PyClass for LockObject {
    fn type_object() -> &'static TypeObject {
        &LOCK_TYPE
    }
}

fn as_lock(v: &PyObject) -> PyResult<&LockObject> {
    downcast::<LockObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `newlockobject`.
fn new_lock() -> PyResult<ObjRef> {
    object::new_object(LockObject {
        ob_base: ObjectHeader::new(&LOCK_TYPE.head),
        lock: PyMutex::new(),
        weakreflist: AtomicPtr::new(core::ptr::null_mut()),
    })
    .map(into_obj)
}

/// `lock_new`: `_thread.lock()` takes no arguments.
fn lock_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|d| !d.is_empty()) {
        return Err(type_error("lock() takes no keyword arguments"));
    }
    if !args.is_empty() {
        return Err(type_error(&format!("lock expected 0 arguments, got {}", args.len())));
    }
    new_lock()
}

/// `lock_PyThread_acquire_lock`.
fn lock_acquire(slf: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let lock = as_lock(slf)?;
    let timeout = lock_acquire_parse_args(args, kwargs)?;
    Ok(boolobject::from_bool(lock_mutex(&lock.lock, timeout)?))
}

/// `lock_PyThread_release_lock` (also `__exit__`, whose arguments are
/// ignored).
fn lock_release(slf: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    let lock = as_lock(slf)?;
    if !lock.lock.try_unlock() {
        return Err(thread_error("release unlocked lock"));
    }
    Ok(object::none())
}

fn lock_release_noargs(slf: &PyObject) -> PyResult<ObjRef> {
    lock_release(slf, &[])
}

/// `lock_locked_lock`.
fn lock_locked(slf: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_lock(slf)?.lock.is_locked()))
}

/// `lock__at_fork_reinit`: a fresh, unlocked mutex.
fn lock_at_fork_reinit(slf: &PyObject) -> PyResult<ObjRef> {
    let lock = as_lock(slf)?;
    // Only the forking thread exists in the child: releasing whatever
    // state the parent left is what `_PyMutex_at_fork_reinit` does.
    let _ = lock.lock.try_unlock();
    Ok(object::none())
}

/// `lock_repr`.
fn lock_repr(v: &PyObject) -> PyResult<ObjRef> {
    let lock = as_lock(v)?;
    let state = if lock.lock.is_locked() { "locked" } else { "unlocked" };
    unicodeobject::from_string(format!("<{state} _thread.lock object at {:#x}>", core::ptr::from_ref(v) as usize)).map(into_obj)
}

static LOCK_METHODS: [MethodDef; 9] = [
    MethodDef { ml_name: "acquire_lock", ml_meth: MethodFn::FastCallKw(lock_acquire), ml_doc: None },
    MethodDef { ml_name: "acquire", ml_meth: MethodFn::FastCallKw(lock_acquire), ml_doc: None },
    MethodDef { ml_name: "release_lock", ml_meth: MethodFn::NoArgs(lock_release_noargs), ml_doc: None },
    MethodDef { ml_name: "release", ml_meth: MethodFn::NoArgs(lock_release_noargs), ml_doc: None },
    MethodDef { ml_name: "locked_lock", ml_meth: MethodFn::NoArgs(lock_locked), ml_doc: None },
    MethodDef { ml_name: "locked", ml_meth: MethodFn::NoArgs(lock_locked), ml_doc: None },
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::FastCallKw(lock_acquire), ml_doc: None },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(lock_release), ml_doc: None },
    MethodDef { ml_name: "_at_fork_reinit", ml_meth: MethodFn::NoArgs(lock_at_fork_reinit), ml_doc: None },
];

/// `_thread.lock` (`LockType`).
pub static LOCK_TYPE: TypeObject = TypeObject::new_static(
    "_thread.lock",
    size_of::<LockObject>(),
    object::dealloc_weakrefable::<LockObject>,
    TypeSlots { tp_repr: Some(lock_repr), tp_new: Some(lock_new), ..TypeSlots::EMPTY },
)
.with_flags(0)
.with_methods(&LOCK_METHODS)
.with_weaklistoffset(core::mem::offset_of!(LockObject, weakreflist));

// ---------------------------------------------------------------------
// RLock

/// `_thread.RLock` (`rlockobject`): a `PyMutex` with an owner (the
/// `get_ident()` of the thread holding it) and a recursion count. Only
/// the owner writes the count; the owner field is atomic so that other
/// threads can read it for `_is_owned` and repr.
#[repr(C)]
pub struct RLockObject {
    ob_base: ObjectHeader,
    lock: PyMutex,
    owner: AtomicU64,
    count: AtomicUsize,
    /// The head of the weak-reference list (`in_weakreflist`).
    weakreflist: AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for RLockObject {}

impl PyClass for RLockObject {
    fn type_object() -> &'static TypeObject {
        &RLOCK_TYPE
    }
}

fn as_rlock(v: &PyObject) -> PyResult<&RLockObject> {
    if !object::type_check(v, &RLOCK_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: the type check guarantees the layout (subclasses extend it).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<RLockObject>() })
}

impl RLockObject {
    /// `rlock_is_owned_by`.
    fn is_owned_by(&self, tid: u64) -> bool {
        self.count.load(Ordering::Acquire) > 0 && self.owner.load(Ordering::Relaxed) == tid
    }
}

/// `rlock_new`: arguments are accepted and ignored, as in CPython.
fn rlock_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: an RLock's fields after the header are valid when zeroed
    // (unlocked mutex, no owner, count 0, no weak references), and so
    // are a subclass's.
    let r = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<RLockObject>(ty) }?;
    Ok(into_obj(r))
}

/// `rlock_acquire`.
fn rlock_acquire(slf: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let r = as_rlock(slf)?;
    let timeout = lock_acquire_parse_args(args, kwargs)?;
    let tid = get_ident();
    if r.is_owned_by(tid) {
        let count = r.count.load(Ordering::Relaxed);
        let Some(next) = count.checked_add(1) else {
            return Err(errors::set_string(exceptions::overflow_error(), "Internal lock count overflowed"));
        };
        r.count.store(next, Ordering::Relaxed);
        return Ok(boolobject::from_bool(true));
    }
    let got = lock_mutex(&r.lock, timeout)?;
    if got {
        r.owner.store(tid, Ordering::Relaxed);
        r.count.store(1, Ordering::Release);
    }
    Ok(boolobject::from_bool(got))
}

/// `rlock_release` (also `__exit__`).
fn rlock_release(slf: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    let r = as_rlock(slf)?;
    if !r.is_owned_by(get_ident()) {
        return Err(thread_error("cannot release un-acquired lock"));
    }
    let count = r.count.load(Ordering::Relaxed) - 1;
    if count == 0 {
        r.owner.store(0, Ordering::Relaxed);
        r.count.store(0, Ordering::Release);
        r.lock.unlock();
    } else {
        r.count.store(count, Ordering::Relaxed);
    }
    Ok(object::none())
}

fn rlock_release_noargs(slf: &PyObject) -> PyResult<ObjRef> {
    rlock_release(slf, &[])
}

/// `rlock_locked`.
fn rlock_locked(slf: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_rlock(slf)?.lock.is_locked()))
}

/// `rlock_acquire_restore`: takes the lock and restores `(count, owner)`.
fn rlock_acquire_restore(slf: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    let r = as_rlock(slf)?;
    let bad = || {
        type_error(&format!(
            "_acquire_restore() argument 1 must be 2-item tuple, not {}",
            type_of(arg).name()
        ))
    };
    let t = downcast::<TupleObject>(arg).filter(|t| t.len() == 2).ok_or_else(bad)?;
    let count = downcast::<IntObject>(&t.as_slice()[0])
        .and_then(IntObject::as_i64)
        .ok_or_else(|| type_error("an integer is required"))?;
    let owner = u64_of(&t.as_slice()[1]).ok_or_else(|| type_error("an integer is required"))?;
    if !r.lock.try_lock() {
        let _ = lock_mutex(&r.lock, -1)?;
    }
    r.owner.store(owner, Ordering::Relaxed);
    r.count.store(count as usize, Ordering::Release);
    Ok(object::none())
}

/// `rlock_release_save`: releases completely, returning `(count, owner)`.
fn rlock_release_save(slf: &PyObject) -> PyResult<ObjRef> {
    let r = as_rlock(slf)?;
    if r.count.load(Ordering::Acquire) == 0 {
        return Err(thread_error("cannot release un-acquired lock"));
    }
    let owner = r.owner.load(Ordering::Relaxed);
    let count = r.count.load(Ordering::Relaxed);
    r.owner.store(0, Ordering::Relaxed);
    r.count.store(0, Ordering::Release);
    r.lock.unlock();
    let c = int_u64(count as u64)?;
    let o = int_u64(owner)?;
    tupleobject::from_slice(&[&c, &o]).map(into_obj)
}

/// `rlock_recursion_count`: the count if the caller owns the lock.
fn rlock_recursion_count(slf: &PyObject) -> PyResult<ObjRef> {
    let r = as_rlock(slf)?;
    let n = if r.is_owned_by(get_ident()) { r.count.load(Ordering::Relaxed) } else { 0 };
    int_u64(n as u64)
}

/// `rlock_is_owned`.
fn rlock_is_owned(slf: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_rlock(slf)?.is_owned_by(get_ident())))
}

/// `rlock__at_fork_reinit`.
fn rlock_at_fork_reinit(slf: &PyObject) -> PyResult<ObjRef> {
    let r = as_rlock(slf)?;
    let _ = r.lock.try_unlock();
    r.owner.store(0, Ordering::Relaxed);
    r.count.store(0, Ordering::Release);
    Ok(object::none())
}

/// `rlock_repr`.
fn rlock_repr(v: &PyObject) -> PyResult<ObjRef> {
    let r = as_rlock(v)?;
    let state = if r.lock.is_locked() { "locked" } else { "unlocked" };
    let count = r.count.load(Ordering::Acquire);
    let owner = if count > 0 { r.owner.load(Ordering::Relaxed) } else { 0 };
    let tyname = type_of(v).tp_name.as_str();
    unicodeobject::from_string(format!(
        "<{state} {tyname} object owner={owner} count={count} at {:#x}>",
        core::ptr::from_ref(v) as usize
    ))
    .map(into_obj)
}

static RLOCK_METHODS: [MethodDef; 10] = [
    MethodDef { ml_name: "acquire", ml_meth: MethodFn::FastCallKw(rlock_acquire), ml_doc: None },
    MethodDef { ml_name: "release", ml_meth: MethodFn::NoArgs(rlock_release_noargs), ml_doc: None },
    MethodDef { ml_name: "locked", ml_meth: MethodFn::NoArgs(rlock_locked), ml_doc: None },
    MethodDef { ml_name: "_is_owned", ml_meth: MethodFn::NoArgs(rlock_is_owned), ml_doc: None },
    MethodDef { ml_name: "_acquire_restore", ml_meth: MethodFn::O(rlock_acquire_restore), ml_doc: None },
    MethodDef { ml_name: "_release_save", ml_meth: MethodFn::NoArgs(rlock_release_save), ml_doc: None },
    MethodDef { ml_name: "_recursion_count", ml_meth: MethodFn::NoArgs(rlock_recursion_count), ml_doc: None },
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::FastCallKw(rlock_acquire), ml_doc: None },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(rlock_release), ml_doc: None },
    MethodDef { ml_name: "_at_fork_reinit", ml_meth: MethodFn::NoArgs(rlock_at_fork_reinit), ml_doc: None },
];

/// `_thread.RLock`.
pub static RLOCK_TYPE: TypeObject = TypeObject::new_static(
    "_thread.RLock",
    size_of::<RLockObject>(),
    object::dealloc_weakrefable::<RLockObject>,
    TypeSlots { tp_repr: Some(rlock_repr), tp_new: Some(rlock_new), ..TypeSlots::EMPTY },
)
.with_flags(flags::BASETYPE)
.with_methods(&RLOCK_METHODS)
.with_weaklistoffset(core::mem::offset_of!(RLockObject, weakreflist));

// ---------------------------------------------------------------------
// Thread handles

const HANDLE_NOT_STARTED: u8 = 1;
const HANDLE_STARTING: u8 = 2;
const HANDLE_RUNNING: u8 = 3;
const HANDLE_DONE: u8 = 4;

/// What `ThreadHandle::mutex` protects.
struct HandleInner {
    ident: u64,
    state: u8,
    /// The OS thread, until joined or detached (`os_handle`).
    os_handle: Option<std::thread::JoinHandle<()>>,
}

/// `ThreadHandle`: shared by the handle object and the running thread
/// (the `Arc` is CPython's separate refcount), so it outlives both.
struct ThreadHandle {
    inner: Mutex<HandleInner>,
    /// Set just before the thread function returns (`thread_is_exiting`).
    thread_is_exiting: PyEvent,
    /// Serializes `join` and `_set_done` (`once`): the first to finish
    /// marks it done, later callers return at once.
    once: PyMutex,
}

impl ThreadHandle {
    fn new() -> Arc<ThreadHandle> {
        Arc::new(ThreadHandle {
            inner: Mutex::new(HandleInner { ident: 0, state: HANDLE_NOT_STARTED, os_handle: None }),
            thread_is_exiting: PyEvent::new(),
            once: PyMutex::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HandleInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn state(&self) -> u8 {
        self.lock().state
    }

    fn ident(&self) -> u64 {
        self.lock().ident
    }

    /// `check_started`.
    fn check_started(&self) -> PyResult<()> {
        if self.state() < HANDLE_RUNNING {
            return Err(thread_error("thread not started"));
        }
        Ok(())
    }

    /// `_PyOnceFlag_CallOnce` over `join_thread` / `set_done`.
    fn finish_once(&self, join: bool) -> PyResult<()> {
        if self.state() == HANDLE_DONE {
            return Ok(());
        }
        let _ = lock_mutex(&self.once, -1)?;
        let os = {
            let mut g = self.lock();
            if g.state == HANDLE_DONE {
                None
            } else {
                Some(g.os_handle.take())
            }
        };
        if let Some(os) = os {
            if let Some(h) = os {
                if join {
                    // `Py_BEGIN_ALLOW_THREADS` around `PyThread_join_thread`.
                    let r = state::allow_threads(|| h.join());
                    if r.is_err() {
                        self.once.unlock();
                        return Err(thread_error("Failed joining thread"));
                    }
                }
                // Otherwise dropping the JoinHandle detaches the thread.
            }
            self.thread_is_exiting.set();
            self.lock().state = HANDLE_DONE;
        }
        self.once.unlock();
        Ok(())
    }

    /// `ThreadHandle_join`: waits at most `timeout_ns` (-1: forever) for
    /// the thread to exit, then joins it once.
    fn join(&self, timeout_ns: i64) -> PyResult<()> {
        self.check_started()?;
        if !self.thread_is_exiting.is_set() {
            if self.ident() == get_ident() {
                return Err(thread_error("Cannot join current thread"));
            }
            // Other threads can no longer run Python code, so they could
            // never finish: raise rather than hang.
            if rupy::pylifecycle::is_finalizing() {
                return Err(errors::set_string(
                    exceptions::python_finalization_error(),
                    "cannot join thread at interpreter shutdown",
                ));
            }
        }
        let deadline = (timeout_ns >= 0).then(|| Instant::now() + Duration::from_nanos(timeout_ns as u64));
        loop {
            let wait = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if self.thread_is_exiting.wait_timed(wait, true) {
                break;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(());
            }
            // Woken early by a signal: run its handler (`Py_MakePendingCalls`).
            rupy::signals::check_signals()?;
        }
        self.finish_once(true)
    }
}

/// `_thread._ThreadHandle` (`PyThreadHandleObject`).
#[repr(C)]
pub struct ThreadHandleObject {
    ob_base: ObjectHeader,
    handle: Arc<ThreadHandle>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ThreadHandleObject {}

impl PyClass for ThreadHandleObject {
    fn type_object() -> &'static TypeObject {
        &THREAD_HANDLE_TYPE
    }
}

fn as_handle(v: &PyObject) -> PyResult<&ThreadHandleObject> {
    downcast::<ThreadHandleObject>(v).ok_or_else(errors::bad_internal_call)
}

fn new_handle_object() -> PyResult<PyRef<ThreadHandleObject>> {
    object::new_object(ThreadHandleObject { ob_base: ObjectHeader::new(&THREAD_HANDLE_TYPE.head), handle: ThreadHandle::new() })
}

fn handle_new(_ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    new_handle_object().map(into_obj)
}

fn handle_repr(v: &PyObject) -> PyResult<ObjRef> {
    let h = as_handle(v)?;
    unicodeobject::from_string(format!("<_thread._ThreadHandle object: ident={}>", h.handle.ident())).map(into_obj)
}

fn handle_get_ident(v: &PyObject) -> PyResult<ObjRef> {
    int_u64(as_handle(v)?.handle.ident())
}

/// `PyThreadHandleObject_join`.
fn handle_join(slf: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let h = as_handle(slf)?;
    if args.len() > 1 {
        return Err(type_error(&format!("join() takes at most 1 argument ({} given)", args.len())));
    }
    let timeout = match args.first() {
        Some(t) if !object::is_none(t) => time_from_seconds_object(t)?,
        _ => -1,
    };
    h.handle.join(timeout)?;
    Ok(object::none())
}

fn handle_is_done(slf: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_handle(slf)?.handle.thread_is_exiting.is_set()))
}

/// `PyThreadHandleObject_set_done`.
fn handle_set_done(slf: &PyObject) -> PyResult<ObjRef> {
    let h = as_handle(slf)?;
    h.handle.check_started()?;
    h.handle.finish_once(false)?;
    Ok(object::none())
}

static HANDLE_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "join", ml_meth: MethodFn::FastCall(handle_join), ml_doc: None },
    MethodDef { ml_name: "_set_done", ml_meth: MethodFn::NoArgs(handle_set_done), ml_doc: None },
    MethodDef { ml_name: "is_done", ml_meth: MethodFn::NoArgs(handle_is_done), ml_doc: None },
];

static HANDLE_GETSET: [GetSetDef; 1] = [GetSetDef { name: "ident", get: handle_get_ident, set: None, doc: None }];

/// `_thread._ThreadHandle`.
pub static THREAD_HANDLE_TYPE: TypeObject = TypeObject::new_static(
    "_thread._ThreadHandle",
    size_of::<ThreadHandleObject>(),
    object::dealloc_simple::<ThreadHandleObject>,
    TypeSlots { tp_repr: Some(handle_repr), tp_new: Some(handle_new), ..TypeSlots::EMPTY },
)
.with_flags(0)
.with_methods(&HANDLE_METHODS)
.with_getset(&HANDLE_GETSET);

// ---------------------------------------------------------------------
// Starting threads

/// What the new thread needs (`struct bootstate`).
struct BootState {
    func: ObjRef,
    args: PyRef<TupleObject>,
    kwargs: Option<PyRef<DictObject>>,
    handle: Arc<ThreadHandle>,
    /// Set once the handle is marked running (`handle_ready`).
    handle_ready: Arc<PyEvent>,
    /// The subinterpreter the thread was started in (`boot->tstate`'s
    /// interpreter); `None` for the main one.
    interp: Option<Arc<state::interpreters::Interpreter>>,
}

// SAFETY: objects are shared between threads by design (biased
// reference counting merges the other threads' counts); the new thread
// takes over these references.
unsafe impl Send for BootState {}

/// Prints `Exception ignored in thread started by <func>:` and the
/// traceback (`PyErr_FormatUnraisable`).
fn report_thread_exception(func: &PyObject) {
    let what = match object::repr(func) {
        Ok(r) => r.to_string_lossy(),
        Err(_) => {
            errors::clear();
            "<object repr() failed>".to_owned()
        }
    };
    rupy::errors::traceback::format_unraisable(Some(&format!("Exception ignored in thread started by {what}")), None);
}

/// `thread_run`: the body of a new OS thread.
fn thread_run(boot: BootState) {
    // `_PyThreadState_Bind` + `PyEval_AcquireThread`: the thread state is
    // created and attached on this thread.
    state::ensure();
    boot.handle_ready.wait();
    THREAD_COUNT.fetch_add(1, Ordering::Relaxed);
    let BootState { func, args, kwargs, handle, handle_ready, interp } = boot;
    drop(handle_ready);
    let entered = interp.as_ref().and_then(|i| state::interpreters::enter(Some(i), false));
    match call::call_tuple_dict(&func, &args, kwargs.as_deref()) {
        Ok(r) => drop(r),
        Err(_) => {
            if errors::exception_matches(exceptions::system_exit()) {
                errors::clear();
            } else {
                report_thread_exception(&func);
            }
        }
    }
    drop((func, args, kwargs));
    release_thread_local_dicts();
    drop(entered);
    THREAD_COUNT.fetch_sub(1, Ordering::Relaxed);
    // `PyThreadState_Clear` + `_PyThreadState_DeleteCurrent`.
    state::delete_current_thread();
    handle.thread_is_exiting.set();
    remove_from_shutdown_handles(&handle);
}

/// Stack size for new threads; 0 is the platform default.
static STACK_SIZE: AtomicUsize = AtomicUsize::new(0);

/// Rust's default is small for an interpreter that recurses on native
/// calls; CPython's threads get the platform's 8 MiB.
const DEFAULT_STACK_SIZE: usize = 8 << 20;

/// `ThreadHandle_start`.
fn handle_start(handle: &Arc<ThreadHandle>, func: &PyObject, args: &TupleObject, kwargs: Option<&DictObject>) -> PyResult<()> {
    if rupy::pylifecycle::is_finalizing() {
        return Err(errors::set_string(
            exceptions::python_finalization_error(),
            "can't create new thread at interpreter shutdown",
        ));
    }
    {
        let mut g = handle.lock();
        if g.state != HANDLE_NOT_STARTED {
            return Err(thread_error("thread already started"));
        }
        g.state = HANDLE_STARTING;
    }
    let ready = Arc::new(PyEvent::new());
    let boot = BootState {
        func: object::new_ref(func),
        args: PyRef::new_ref(args),
        kwargs: kwargs.map(PyRef::new_ref),
        handle: Arc::clone(handle),
        handle_ready: Arc::clone(&ready),
        interp: state::interpreters::current_handle(),
    };
    let (tx, rx) = std::sync::mpsc::channel::<u64>();
    let size = match STACK_SIZE.load(Ordering::Relaxed) {
        0 => DEFAULT_STACK_SIZE,
        n => n,
    };
    let spawned = std::thread::Builder::new().stack_size(size).spawn(move || {
        let _ = tx.send(get_ident());
        thread_run(boot);
    });
    let os = match spawned {
        Ok(h) => h,
        Err(_) => {
            handle.thread_is_exiting.set();
            handle.lock().state = HANDLE_DONE;
            return Err(thread_error("can't start new thread"));
        }
    };
    let ident = state::allow_threads(|| rx.recv()).unwrap_or(0);
    {
        let mut g = handle.lock();
        g.ident = ident;
        g.os_handle = Some(os);
        g.state = HANDLE_RUNNING;
    }
    ready.set();
    Ok(())
}

/// Checks `start_new_thread`'s arguments.
fn check_thread_args(func: &PyObject, args: &PyObject, kwargs: Option<&PyObject>) -> PyResult<()> {
    if !call::is_callable(func) {
        return Err(type_error("first arg must be callable"));
    }
    if !object::type_check(args, &tupleobject::TUPLE_TYPE) {
        return Err(type_error("2nd arg must be a tuple"));
    }
    if let Some(k) = kwargs
        && !object::type_check(k, &rupy::objects::dictobject::DICT_TYPE)
    {
        return Err(type_error("optional 3rd arg must be a dictionary"));
    }
    Ok(())
}

/// `thread_PyThread_start_new_thread`: starts `function(*args,
/// **kwargs)` on a new thread and returns its ident.
fn start_new_thread(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("start_new_thread() takes no keyword arguments"));
    }
    if !(2..=3).contains(&args.len()) {
        let msg = if args.len() < 2 {
            format!("start_new_thread expected at least 2 arguments, got {}", args.len())
        } else {
            format!("start_new_thread expected at most 3 arguments, got {}", args.len())
        };
        return Err(type_error(&msg));
    }
    let kw = args.get(2).copied();
    check_thread_args(args[0], args[1], kw)?;
    let targs = downcast::<TupleObject>(args[1]).ok_or_else(errors::bad_internal_call)?;
    let kwd = kw.and_then(downcast::<DictObject>);
    let handle = ThreadHandle::new();
    handle_start(&handle, args[0], targs, kwd)?;
    // The handle is dropped: the thread is detached once it exits.
    let ident = handle.ident();
    detach_unjoined(handle);
    int_u64(ident)
}

/// A thread nobody will join: its OS handle is dropped (detached) once
/// it exits, which happens when the last `Arc` goes.
fn detach_unjoined(handle: Arc<ThreadHandle>) {
    drop(handle);
}

/// `thread_PyThread_start_joinable_thread`: `start_joinable_thread(
/// function, handle=None, daemon=True)` returns the `_ThreadHandle`.
fn start_joinable_thread(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, kw) = split_vectorcall(args, kwnames)?;
    let v = parse_args("start_joinable_thread", &pos, kw.as_deref(), &["function", "handle", "daemon"], 1)?;
    let func = v[0].clone().ok_or_else(errors::bad_internal_call)?;
    if !call::is_callable(&func) {
        return Err(type_error("thread function must be callable"));
    }
    let hobj = match &v[1] {
        None => new_handle_object()?,
        Some(h) if object::is_none(h) => new_handle_object()?,
        Some(h) => match downcast::<ThreadHandleObject>(h) {
            Some(o) => PyRef::new_ref(o),
            None => return Err(type_error("'handle' must be a _ThreadHandle")),
        },
    };
    let daemon = match &v[2] {
        Some(d) => object::is_true(d)?,
        None => true,
    };
    if !daemon {
        SHUTDOWN_HANDLES
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((state::interpreters::current_id(), hobj.handle.clone()));
    }
    let empty = tupleobject::from_slice(&[])?;
    if let Err(e) = handle_start(&hobj.handle, &func, &empty, None) {
        remove_from_shutdown_handles(&hobj.handle);
        return Err(e);
    }
    Ok(into_obj(hobj))
}

/// The handles of the running non-daemon threads with the id of the
/// interpreter that started them (each interpreter's `shutdown_handles`),
/// which `_thread._shutdown` joins.
static SHUTDOWN_HANDLES: Mutex<Vec<(i64, Arc<ThreadHandle>)>> = Mutex::new(Vec::new());

fn remove_from_shutdown_handles(handle: &Arc<ThreadHandle>) {
    SHUTDOWN_HANDLES.lock().unwrap_or_else(PoisonError::into_inner).retain(|(_, h)| !Arc::ptr_eq(h, handle));
}

// ---------------------------------------------------------------------
// _local

/// A serial number per OS thread, never reused (the key of a `_local`'s
/// per-thread dicts; CPython keys them by a weak reference to the
/// thread state).
fn thread_serial() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    std::thread_local!(static SERIAL: u64 = NEXT.fetch_add(1, Ordering::Relaxed));
    SERIAL.with(|s| *s)
}

/// Addresses of the live `_local` objects: `local_dealloc` removes an
/// object before freeing it, so while this lock is held every address in
/// it can be read.
static LIVE_LOCALS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

std::thread_local! {
    /// The `_local` objects that hold a dict for this thread (addresses),
    /// to drop those dicts when the thread exits.
    static THREAD_LOCALS: core::cell::RefCell<Vec<usize>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Drops the calling thread's dicts from every live `_local` (CPython
/// does it when the thread state's dict, which holds the dummies whose
/// weakref callbacks remove the dicts, is cleared). Runs while the thread
/// is still attached: freeing the dicts may run finalizers.
fn release_thread_local_dicts() {
    let mine = THREAD_LOCALS.with(|l| core::mem::take(&mut *l.borrow_mut()));
    if mine.is_empty() {
        return;
    }
    let key = thread_serial();
    let mut dropped = Vec::new();
    {
        let live = LIVE_LOCALS.lock().unwrap_or_else(PoisonError::into_inner);
        for addr in mine {
            if live.contains(&addr) {
                // SAFETY: a registered address is a `_local` whose
                // deallocation has not passed its unregistration, which
                // waits for the lock we hold.
                let l = unsafe { &*(addr as *const LocalObject) };
                if let Some(d) = l.dicts.lock().unwrap_or_else(PoisonError::into_inner).remove(&key) {
                    dropped.push(d);
                }
            }
        }
    }
    drop(dropped);
}

/// Records that `l` holds a dict for the calling thread.
fn note_thread_local(l: &LocalObject) {
    let addr = core::ptr::from_ref(l) as usize;
    THREAD_LOCALS.with(|v| {
        let mut v = v.borrow_mut();
        if !v.contains(&addr) {
            v.push(addr);
        }
    });
}

/// `_thread._local` (`localobject`): one attribute dict per thread.
#[repr(C)]
pub struct LocalObject {
    ob_base: ObjectHeader,
    /// Per-thread dicts, by [`thread_serial`].
    dicts: Mutex<HashMap<u64, ObjRef>>,
    /// The constructor's arguments, replayed to `__init__` in each new
    /// thread (`args`, `kw`).
    args: Option<ObjRef>,
    kw: Option<ObjRef>,
    /// The head of the weak-reference list (`weakreflist`).
    weakreflist: AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for LocalObject {}

fn as_local(v: &PyObject) -> PyResult<&LocalObject> {
    if !object::type_check(v, &LOCAL_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: the type check guarantees the layout (subclasses extend it
    // with object slots only).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<LocalObject>() })
}

/// `local_new`: arguments are only allowed when a subclass defines
/// `__init__`.
fn local_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let has_args = !args.is_empty() || kwds.is_some_and(|d| !d.is_empty());
    if has_args && core::ptr::eq(ty, &LOCAL_TYPE) {
        return Err(type_error("Initialization arguments are not supported"));
    }
    if has_args {
        let base_init = LOCAL_TYPE.slots.tp_init.get();
        let init = ty.slots.tp_init.get();
        if init.map(|f| f as usize) == base_init.map(|f| f as usize) {
            return Err(type_error("Initialization arguments are not supported"));
        }
    }
    // SAFETY: zeroed fields are not valid for `LocalObject` (a Mutex and
    // a HashMap), so they are written before the object is used.
    let obj = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<LocalObject>(ty) }?;
    // SAFETY: the fields after the header are uninitialized bytes of our
    // own fresh allocation; write them without dropping the zeroes.
    unsafe {
        let p = obj.as_ptr().as_ptr();
        core::ptr::addr_of_mut!((*p).dicts).write(Mutex::new(HashMap::new()));
        core::ptr::addr_of_mut!((*p).args).write(Some(object::new_ref(as_obj(args))));
        core::ptr::addr_of_mut!((*p).kw).write(kwds.map(|d| object::new_ref(as_obj(d))));
        core::ptr::addr_of_mut!((*p).weakreflist).write(AtomicPtr::new(core::ptr::null_mut()));
    }
    // The creating thread's dict exists at once (`_ldict` on creation).
    let o = into_obj(obj);
    let d = DictObject::new()?;
    let l = as_local(&o)?;
    LIVE_LOCALS.lock().unwrap_or_else(PoisonError::into_inner).push(core::ptr::from_ref(l) as usize);
    l.dicts.lock().unwrap_or_else(PoisonError::into_inner).insert(thread_serial(), into_obj(d));
    note_thread_local(l);
    Ok(o)
}

/// `_ldict`: the calling thread's dict, created on first use, in which
/// case a subclass's `__init__` runs again with the original arguments.
fn local_dict(v: &PyObject) -> PyResult<ObjRef> {
    let l = as_local(v)?;
    let key = thread_serial();
    if let Some(d) = l.dicts.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return Ok(d.clone());
    }
    let d = into_obj(DictObject::new()?);
    l.dicts.lock().unwrap_or_else(PoisonError::into_inner).insert(key, d.clone());
    note_thread_local(l);
    let ty = type_of(v);
    if let Some(init) = ty.slots.tp_init.get()
        && LOCAL_TYPE.slots.tp_init.get().map(|f| f as usize) != Some(init as usize)
    {
        let empty;
        let args = match &l.args {
            Some(a) => downcast::<TupleObject>(a).ok_or_else(errors::bad_internal_call)?,
            None => {
                empty = tupleobject::from_slice(&[])?;
                &empty
            }
        };
        let kw = l.kw.as_deref().and_then(downcast::<DictObject>);
        if init(v, args, kw).is_err() {
            l.dicts.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
            return Err(errors::ErrSet::already_set());
        }
    }
    Ok(d)
}

fn local_init(_v: &PyObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<()> {
    Ok(())
}

fn is_dunder_dict(name: &PyObject) -> bool {
    downcast::<unicodeobject::StrObject>(name).is_some_and(|s| s.to_string_lossy() == "__dict__")
}

fn no_attribute(v: &PyObject, name: &PyObject) -> errors::ErrSet {
    let n = downcast::<unicodeobject::StrObject>(name).map(|s| s.to_string_lossy()).unwrap_or_default();
    errors::set_string(
        exceptions::attribute_error(),
        &format!("'{}' object has no attribute '{n}'", type_of(v).tp_name.as_str()),
    )
}

/// `local_getattro`: `_PyObject_GenericGetAttrWithDict` with the
/// calling thread's dict.
fn local_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let ldict = local_dict(v)?;
    if is_dunder_dict(name) {
        return Ok(ldict);
    }
    let ty = type_of(v);
    let descr = ty.lookup(name)?;
    let mut getter = None;
    if let Some(d) = &descr {
        let dslots = &type_of(d).slots;
        getter = dslots.tp_descr_get.get();
        if let Some(f) = getter
            && dslots.tp_descr_set.get().is_some()
        {
            return f(d, Some(v), Some(as_obj(ty)));
        }
    }
    if let Some(d) = downcast::<DictObject>(&ldict)
        && let Some(found) = d.get_item(name)?
    {
        return Ok(found);
    }
    if let Some(f) = getter {
        return f(descr.as_deref().unwrap_or(&object::NONE), Some(v), Some(as_obj(ty)));
    }
    descr.ok_or_else(|| no_attribute(v, name))
}

/// `local_setattro`.
fn local_setattro(v: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let ldict = local_dict(v)?;
    if is_dunder_dict(name) {
        return Err(errors::set_string(
            exceptions::attribute_error(),
            &format!("'{}' object attribute '__dict__' is read-only", type_of(v).tp_name.as_str()),
        ));
    }
    let ty = type_of(v);
    if let Some(d) = ty.lookup(name)?
        && let Some(f) = type_of(&d).slots.tp_descr_set.get()
    {
        return f(&d, v, value);
    }
    let d = downcast::<DictObject>(&ldict).ok_or_else(errors::bad_internal_call)?;
    match value {
        Some(val) => d.set_item(name, val),
        None => match d.pop_item(name)? {
            Some(_) => Ok(()),
            None => Err(no_attribute(v, name)),
        },
    }
}

/// `local_dealloc`.
///
/// # Safety
/// As `tp_dealloc`.
unsafe fn local_dealloc(op: core::ptr::NonNull<PyObject>) {
    let addr = op.as_ptr() as usize;
    LIVE_LOCALS.lock().unwrap_or_else(PoisonError::into_inner).retain(|&a| a != addr);
    // SAFETY: forwarded; the fields were written by local_new.
    unsafe { object::dealloc_weakrefable::<LocalObject>(op) }
}

/// `local_traverse`: the per-thread dicts and the constructor arguments.
fn local_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Ok(l) = as_local(v) else { return };
    for d in l.dicts.lock().unwrap_or_else(PoisonError::into_inner).values() {
        visit(d);
    }
    for a in [&l.args, &l.kw].into_iter().flatten() {
        visit(a);
    }
}

/// `local_clear`: drops the per-thread dicts, which breaks any cycle
/// through the local's attributes (the arguments are kept: they only
/// reach the local through a cycle the collector also breaks elsewhere).
fn local_clear(v: &PyObject) {
    let Ok(l) = as_local(v) else { return };
    let dicts = core::mem::take(&mut *l.dicts.lock().unwrap_or_else(PoisonError::into_inner));
    drop(dicts);
}

/// `_thread._local`.
pub static LOCAL_TYPE: TypeObject = TypeObject::new_static(
    "_thread._local",
    size_of::<LocalObject>(),
    local_dealloc,
    TypeSlots {
        tp_new: Some(local_new),
        tp_init: Some(local_init),
        tp_getattro: Some(local_getattro),
        tp_setattro: Some(local_setattro),
        tp_traverse: Some(local_traverse),
        tp_clear: Some(local_clear),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_weaklistoffset(core::mem::offset_of!(LocalObject, weakreflist));

// ---------------------------------------------------------------------
// Module functions

fn no_args(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<()> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    if !args.is_empty() {
        return Err(type_error(&format!("{fname}() takes no arguments ({} given)", args.len())));
    }
    Ok(())
}

fn allocate_lock(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("allocate_lock", args, kwnames)?;
    new_lock()
}

fn thread_get_ident(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_ident", args, kwnames)?;
    int_u64(get_ident())
}

fn thread_get_native_id(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_native_id", args, kwnames)?;
    int_u64(get_native_id())
}

fn thread_count(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_count", args, kwnames)?;
    longobject::from_i64(THREAD_COUNT.load(Ordering::Relaxed) as i64)
}

fn daemon_threads_allowed(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("daemon_threads_allowed", args, kwnames)?;
    // Subinterpreters have the "isolated" configuration, which refuses
    // daemon threads (`allow_daemon_threads=False`).
    Ok(boolobject::from_bool(state::interpreters::in_main()))
}

fn is_main_interpreter(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_is_main_interpreter", args, kwnames)?;
    Ok(boolobject::from_bool(state::interpreters::in_main()))
}

/// `thread__get_main_thread_ident`: the main interpreter's main thread;
/// in a subinterpreter, the thread running its `__main__` (the caller of
/// `_interpreters.exec`, which is the calling thread or a thread it
/// started).
fn get_main_thread_ident(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_get_main_thread_ident", args, kwnames)?;
    if !state::interpreters::in_main() {
        return int_u64(get_ident());
    }
    int_u64(*MAIN_THREAD.get_or_init(get_ident))
}

/// `thread_PyThread_exit_thread`: raises SystemExit, which the thread
/// runner swallows.
fn exit_thread(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("exit", args, kwnames)?;
    Err(errors::set_none(exceptions::system_exit()))
}

/// `thread_stack_size`: returns the old size, sets a new one (0 or at
/// least 32 KiB; CPython's pthread minimum on this platform is 53248).
fn stack_size(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("stack_size() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(type_error(&format!("stack_size expected at most 1 argument, got {}", args.len())));
    }
    let old = STACK_SIZE.load(Ordering::Relaxed);
    if let Some(a) = args.first() {
        let n = rupy::objects::r#abstract::as_ssize(a, Some(exceptions::overflow_error()))?;
        if n != 0 && n < 53248 {
            return Err(value_error("size must be at least 53248 bytes"));
        }
        if n < 0 {
            return Err(value_error("size must be 0 or a positive value"));
        }
        STACK_SIZE.store(n as usize, Ordering::Relaxed);
    }
    longobject::from_i64(old as i64)
}

/// `thread__make_thread_handle(ident)`: a running handle for an
/// existing thread (threading's `_MainThread` and dummy threads).
fn make_thread_handle(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) || args.len() != 1 {
        return Err(type_error(&format!(
            "_make_thread_handle() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let ident = u64_of(args[0]).ok_or_else(|| type_error("an integer is required"))?;
    let h = new_handle_object()?;
    {
        let mut g = h.handle.lock();
        g.ident = ident;
        g.state = HANDLE_RUNNING;
    }
    Ok(into_obj(h))
}

/// `thread_shutdown`: joins every running non-daemon thread of the
/// calling interpreter but the calling thread, including those started
/// meanwhile.
fn thread_shutdown(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_shutdown", args, kwnames)?;
    let me = get_ident();
    let interp = state::interpreters::current_id();
    loop {
        let next = SHUTDOWN_HANDLES
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .find(|(i, h)| *i == interp && h.ident() != me)
            .map(|(_, h)| h.clone());
        let Some(handle) = next else { break };
        handle.join(-1)?;
        remove_from_shutdown_handles(&handle);
    }
    Ok(object::none())
}

/// `thread_PyThread_interrupt_main(signum=SIGINT)`: the main thread acts
/// as if the signal had arrived (`PyErr_SetInterruptEx`).
fn interrupt_main(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, kw) = split_vectorcall(args, kwnames)?;
    let v = parse_args("interrupt_main", &pos, kw.as_deref(), &["signum"], 0)?;
    let signum = match &v[0] {
        Some(s) => rupy::objects::r#abstract::as_ssize(s, Some(exceptions::overflow_error()))?,
        None => libc::SIGINT as isize,
    };
    if !(1..rupy::signals::NSIG as isize).contains(&signum) {
        return Err(value_error("signal number out of range"));
    }
    rupy::signals::set_interrupt(signum as usize);
    Ok(object::none())
}

/// `_thread._get_name()`: the OS thread's name.
fn get_name(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_get_name", args, kwnames)?;
    let mut buf = [0u8; 17];
    // SAFETY: buf is writable for its length; pthread_self is valid.
    let rc = unsafe { libc::pthread_getname_np(libc::pthread_self(), buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return Err(errors::set_string(exceptions::os_error(), &std::io::Error::from_raw_os_error(rc).to_string()));
    }
    let len = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    // `PyUnicode_DecodeFSDefault`: bytes that are not UTF-8 (a character
    // the limit cut) come back as lone surrogates.
    let raw = rupy::objects::bytesobject::from_bytes(&buf[..len])?;
    rupy::codecs::decode_text(as_obj(&*raw), "utf-8", "surrogateescape")
}

/// `_thread.set_name(name)`: names the OS thread, truncated to
/// `_NAME_MAXLEN` bytes of UTF-8 on a character boundary.
fn set_name(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, kw) = split_vectorcall(args, kwnames)?;
    let v = parse_args("set_name", &pos, kw.as_deref(), &["name"], 1)?;
    let name = v[0].clone().ok_or_else(errors::bad_internal_call)?;
    let Some(s) = downcast::<unicodeobject::StrObject>(&name) else {
        return Err(type_error(&format!("set_name() argument 'name' must be str, not {}", type_of(&name).name())));
    };
    // The filesystem encoding with "replace", cut to the OS limit in
    // bytes (even inside a character) and at the first NUL, as C sees it.
    let encoded = rupy::codecs::encode_text(as_obj(s), "utf-8", "replace")?;
    let bytes = downcast::<rupy::objects::bytesobject::BytesObject>(&encoded).ok_or_else(errors::bad_internal_call)?.as_bytes();
    let bytes = &bytes[..bytes.len().min(NAME_MAXLEN)];
    let bytes = bytes.split(|&b| b == 0).next().unwrap_or_default();
    let c = std::ffi::CString::new(bytes).map_err(|_| value_error("embedded null character"))?;
    // SAFETY: c is a valid NUL-terminated string of at most 16 bytes.
    let rc = unsafe { libc::pthread_setname_np(libc::pthread_self(), c.as_ptr()) };
    if rc != 0 {
        return Err(errors::set_string(exceptions::os_error(), &std::io::Error::from_raw_os_error(rc).to_string()));
    }
    Ok(object::none())
}

static FUNCTIONS: [BuiltinDef; 21] = [
    BuiltinDef { name: "start_new_thread", func: start_new_thread },
    BuiltinDef { name: "start_new", func: start_new_thread },
    BuiltinDef { name: "start_joinable_thread", func: start_joinable_thread },
    BuiltinDef { name: "daemon_threads_allowed", func: daemon_threads_allowed },
    BuiltinDef { name: "allocate_lock", func: allocate_lock },
    BuiltinDef { name: "allocate", func: allocate_lock },
    BuiltinDef { name: "exit_thread", func: exit_thread },
    BuiltinDef { name: "exit", func: exit_thread },
    BuiltinDef { name: "interrupt_main", func: interrupt_main },
    BuiltinDef { name: "get_ident", func: thread_get_ident },
    BuiltinDef { name: "get_native_id", func: thread_get_native_id },
    BuiltinDef { name: "_count", func: thread_count },
    BuiltinDef { name: "stack_size", func: stack_size },
    BuiltinDef { name: "_is_main_interpreter", func: is_main_interpreter },
    BuiltinDef { name: "_shutdown", func: thread_shutdown },
    BuiltinDef { name: "_make_thread_handle", func: make_thread_handle },
    BuiltinDef { name: "_get_main_thread_ident", func: get_main_thread_ident },
    BuiltinDef { name: "_get_name", func: get_name },
    BuiltinDef { name: "set_name", func: set_name },
    BuiltinDef { name: "_excepthook", func: excepthook },
    BuiltinDef { name: "_ExceptHookArgs", func: except_hook_args },
];

/// The fields of `_thread._ExceptHookArgs` (`ExceptHookArgs_desc`).
static EXCEPT_HOOK_ARGS: rupy::sysmod::structseq::StructSeqDesc = rupy::sysmod::structseq::StructSeqDesc {
    name: "_thread._ExceptHookArgs",
    fields: &["exc_type", "exc_value", "exc_traceback", "thread"],
    n_sequence: 0,
};

/// `_thread._ExceptHookArgs([exc_type, exc_value, exc_traceback,
/// thread])`: a struct sequence (a function here rather than CPython's
/// type: rupy's struct sequences share one type, docs/import.md).
fn except_hook_args(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) || args.len() != 1 {
        return Err(type_error("_ExceptHookArgs() takes exactly one argument"));
    }
    let items = rupy::objects::r#abstract::collect(args[0])?;
    if items.len() != 4 {
        return Err(type_error(&format!(
            "_thread._ExceptHookArgs() takes a 4-sequence ({}-sequence given)",
            items.len()
        )));
    }
    rupy::sysmod::structseq::new(&EXCEPT_HOOK_ARGS, &items)
}

/// `thread_excepthook(args)`: prints `Exception in thread NAME:` and the
/// traceback to stderr, ignoring SystemExit.
fn excepthook(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) || args.len() != 1 {
        return Err(type_error("_excepthook() takes exactly one argument"));
    }
    let items = rupy::objects::r#abstract::collect(args[0])?;
    if items.len() != 4 {
        return Err(type_error("_thread._excepthook argument type must be ExceptHookArgs"));
    }
    let (exc_type, exc_value, thread) = (&items[0], &items[1], &items[3]);
    if object::is(exc_type, as_obj(exceptions::system_exit())) {
        return Ok(object::none());
    }
    let name = if object::is_none(thread) {
        None
    } else {
        match object::get_attr_str(thread, "name") {
            Ok(n) => Some(object::str(&n)?.to_string_lossy()),
            Err(_) => {
                errors::clear();
                None
            }
        }
    };
    let name = name.map_or_else(|| get_ident().to_string(), |n| n);
    rupy::builtins::flush_stdout();
    let text = if object::is_none(exc_value) {
        format!("{}\n", type_of(exc_type).name())
    } else {
        rupy::errors::traceback::format_exception(exc_value)
    };
    let report = format!("Exception in thread {name}:\n{text}");
    // `thread_excepthook_file`: `sys.stderr`, else the thread's
    // `_stderr` (the stderr it started with); nothing if both are None.
    let sys = rupy::import::builtin_module("sys")?;
    let mut file = object::get_attr_str(&sys, "stderr")?;
    if object::is_none(&file) && !object::is_none(thread) {
        file = object::get_attr_str(thread, "_stderr")?;
    }
    if object::is_none(&file) {
        return Ok(object::none());
    }
    let text = unicodeobject::from_string(report)?;
    let write = object::get_attr_str(&file, "write")?;
    call::call(&write, &[as_obj(&*text)])?;
    let flush = object::get_attr_str(&file, "flush")?;
    call::call(&flush, &[])?;
    Ok(object::none())
}

/// `thread_module_exec`: the `_thread` module.
pub fn init() -> PyResult<ObjRef> {
    state::ensure();
    MAIN_THREAD.get_or_init(get_ident);
    for t in [&LOCK_TYPE, &RLOCK_TYPE, &THREAD_HANDLE_TYPE, &LOCAL_TYPE] {
        t.ready()?;
    }
    let m = moduleobject::new_module("_thread")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("LockType", as_obj(&LOCK_TYPE))?;
    m.add_object("lock", as_obj(&LOCK_TYPE))?;
    m.add_object("RLock", as_obj(&RLOCK_TYPE))?;
    m.add_object("_ThreadHandle", as_obj(&THREAD_HANDLE_TYPE))?;
    m.add_object("_local", as_obj(&LOCAL_TYPE))?;
    m.add_object("error", as_obj(exceptions::runtime_error()))?;
    m.add_object("TIMEOUT_MAX", &*floatobject::from_f64(TIMEOUT_MAX)?)?;
    m.add_object("_NAME_MAXLEN", &*longobject::from_i64(NAME_MAXLEN as i64)?)?;
    Ok(into_obj(m))
}
