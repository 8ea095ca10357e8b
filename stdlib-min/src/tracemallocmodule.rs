//! The `_tracemalloc` module, ported from Python/tracemalloc.c
//! (`_PyTraceMalloc_Start`/`Stop`, `tracemalloc_add_trace`,
//! `traceback_get_frames`, `_PyTraceMalloc_GetTracedMemory`, `ResetPeak`,
//! `GetMemory`, `GetTraces`, `GetObjectTraceback`) and
//! Modules/_tracemalloc.c (the Python functions).
//!
//! The runtime calls [`trace_alloc`] and [`trace_free`] for every object
//! memory block while tracing is on (`objects::object::TRACE_ALLOCATIONS`,
//! one relaxed load when off), and so does [`TracedAllocator`], the
//! `rupy` binary's global allocator, for the Rust heap blocks that hold
//! objects' variable parts. Traces live in one table under a mutex;
//! each holds the block's size and the allocating thread's Python frames
//! (filename, line), innermost first, read through the thread's own frame
//! chain. The hooks make no Python object and a thread-local flag keeps
//! the tracer from tracing itself, so a hook can never re-enter the
//! table's lock; the Python results are built after the lock is released.

use core::cell::Cell;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, into_obj};
use rupy::objects::object::{TRACE_ALLOCATIONS, TraceHooks};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject;
use rupy::vm::frame::walk_frames;

use crate::hashlib;

/// `MAX_NFRAME`: a traceback keeps at most this many frames.
const MAX_NFRAME: usize = u16::MAX as usize;

/// One frame of a traceback (`frame_t`).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Frame {
    filename: Arc<str>,
    lineno: u32,
}

/// `traceback_t`: the kept frames, innermost first, and how many the
/// thread had.
#[derive(PartialEq, Eq, Hash)]
struct Traceback {
    frames: Vec<Frame>,
    total_nframe: usize,
}

/// `trace_t`.
struct Trace {
    size: usize,
    traceback: Arc<Traceback>,
}

/// The tracer's state (`tracemalloc_traces`, `tracemalloc_traced_memory`,
/// `tracemalloc_peak_traced_memory`, `tracemalloc_config`).
struct Tracer {
    traces: HashMap<usize, Trace>,
    /// Filenames shared by the traces (`tracemalloc_filenames`).
    filenames: HashMap<Box<str>, Arc<str>>,
    /// Tracebacks shared by the traces (`tracemalloc_tracebacks`).
    tracebacks: std::collections::HashSet<Arc<Traceback>>,
    traced_memory: usize,
    peak_traced_memory: usize,
}

static TRACER: Mutex<Option<Tracer>> = Mutex::new(None);
/// `tracemalloc_config.max_nframe`.
static MAX_FRAMES: AtomicUsize = AtomicUsize::new(1);

std::thread_local!(static REENTRANT: Cell<bool> = const { Cell::new(false) });

fn tracer() -> MutexGuard<'static, Option<Tracer>> {
    TRACER.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `f` with tracing of this thread's allocations suspended
/// (`set_reentrant`); false if the thread is already inside the tracer.
fn guarded(f: impl FnOnce()) -> bool {
    let entered = REENTRANT.try_with(|r| !r.replace(true)).unwrap_or(false);
    if !entered {
        return false;
    }
    f();
    let _ = REENTRANT.try_with(|r| r.set(false));
    true
}

/// `_PyFrame_IsIncomplete`: a frame still in its prologue (before its
/// first RESUME; MAKE_CELL and COPY_FREE_VARS allocate there), which
/// tracebacks leave out. The prologue's instructions have no caches, so
/// the first unit with RESUME's opcode is the RESUME.
fn is_incomplete(f: &rupy::vm::frame::Frame) -> bool {
    let resume = rupy::compile::opcode::RESUME as u8;
    f.code.code.iter().position(|u| u.op == resume).is_some_and(|first| f.instr < first)
}

/// `traceback_get_frames`: the calling thread's frames, innermost first.
fn current_frames(limit: usize) -> (Vec<(String, u32)>, usize) {
    let mut frames = Vec::new();
    let mut total = 0usize;
    walk_frames(|f| {
        if is_incomplete(f) {
            return true;
        }
        if frames.len() < limit {
            let name = object::downcast::<rupy::objects::unicodeobject::StrObject>(&f.code.filename)
                .map_or_else(|| "<unknown>".to_owned(), |s| s.to_string_lossy());
            frames.push((name, u32::try_from(f.lineno()).unwrap_or(0)));
        }
        total = total.saturating_add(1);
        total < MAX_NFRAME
    });
    (frames, total)
}

/// The allocation hook (`tracemalloc_add_trace`).
fn trace_alloc(addr: usize, size: usize) {
    guarded(|| {
        let (frames, total) = current_frames(MAX_FRAMES.load(Ordering::Relaxed));
        let mut g = tracer();
        let Some(t) = g.as_mut() else { return };
        let frames = frames
            .into_iter()
            .map(|(name, lineno)| {
                let filename = match t.filenames.get(name.as_str()) {
                    Some(f) => f.clone(),
                    None => {
                        let f: Arc<str> = Arc::from(name.as_str());
                        t.filenames.insert(name.into_boxed_str(), f.clone());
                        f
                    }
                };
                Frame { filename, lineno }
            })
            .collect();
        let tb = Traceback { frames, total_nframe: total };
        let traceback = match t.tracebacks.get(&tb) {
            Some(shared) => shared.clone(),
            None => {
                let shared = Arc::new(tb);
                t.tracebacks.insert(shared.clone());
                shared
            }
        };
        if let Some(old) = t.traces.insert(addr, Trace { size, traceback }) {
            t.traced_memory -= old.size;
        }
        t.traced_memory += size;
        t.peak_traced_memory = t.peak_traced_memory.max(t.traced_memory);
    });
}

/// The free hook (`tracemalloc_remove_trace`).
fn trace_free(addr: usize) {
    guarded(|| {
        let mut g = tracer();
        if let Some(t) = g.as_mut()
            && let Some(old) = t.traces.remove(&addr)
        {
            t.traced_memory -= old.size;
        }
    });
}

/// A block moved by `realloc`: its trace follows it with the new size.
/// The frames are not read again (the block may be the storage of the
/// frame chain being grown), so an untraced block stays untraced.
fn trace_move(old_addr: usize, new_addr: usize, new_size: usize) {
    guarded(|| {
        let mut g = tracer();
        let Some(t) = g.as_mut() else { return };
        if let Some(old) = t.traces.remove(&old_addr) {
            t.traced_memory -= old.size;
            t.traced_memory += new_size;
            t.peak_traced_memory = t.peak_traced_memory.max(t.traced_memory);
            t.traces.insert(new_addr, Trace { size: new_size, traceback: old.traceback });
        }
    });
}

/// The process's global allocator wrapped so that, while tracing, Rust
/// heap blocks (the storage of lists, bytearrays, dicts ...) are traced
/// like object memory (`PyMem_Malloc` is traced in CPython). Off, each
/// call costs one relaxed load.
pub struct TracedAllocator<A>(pub A);

// SAFETY: every call is forwarded to the wrapped allocator unchanged; the
// hooks only record addresses (and allocate through this allocator with
// tracing suspended for the thread).
unsafe impl<A: std::alloc::GlobalAlloc> std::alloc::GlobalAlloc for TracedAllocator<A> {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded caller contract.
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() && TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
            trace_alloc(p as usize, layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded caller contract.
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() && TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
            trace_alloc(p as usize, layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        if TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
            trace_free(ptr as usize);
        }
        // SAFETY: forwarded caller contract.
        unsafe { self.0.dealloc(ptr, layout) };
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded caller contract.
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() && TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
            trace_move(ptr as usize, p as usize, new_size);
        }
        p
    }
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// A `METH_NOARGS` function's argument check.
fn no_args(name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<()> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), &format!("_tracemalloc.{name}() takes no keyword arguments")));
    }
    if !args.is_empty() {
        return Err(errors::set_string(exceptions::type_error(), &format!("_tracemalloc.{name}() takes no arguments ({} given)", args.len())));
    }
    Ok(())
}

fn int(v: usize) -> PyResult<ObjRef> {
    longobject::from_i64(i64::try_from(v).unwrap_or(i64::MAX))
}

/// `start(nframe=1, /)`.
fn start(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "start() takes no keyword arguments"));
    }
    let n = match args {
        [] => 1,
        [v] => hashlib::int_arg(v)?,
        _ => return Err(errors::set_string(exceptions::type_error(), &format!("start expected at most 1 argument, got {}", args.len()))),
    };
    if n < 1 || n as usize > MAX_NFRAME {
        return Err(value_error(&format!("the number of frames must be in range [1; {MAX_NFRAME}]")));
    }
    rupy::objects::object::set_trace_hooks(TraceHooks { alloc: trace_alloc, free: trace_free });
    MAX_FRAMES.store(n as usize, Ordering::Relaxed);
    let mut g = tracer();
    if g.is_none() {
        *g = Some(Tracer {
            traces: HashMap::new(),
            filenames: HashMap::new(),
            tracebacks: std::collections::HashSet::new(),
            traced_memory: 0,
            peak_traced_memory: 0,
        });
    }
    TRACE_ALLOCATIONS.store(true, Ordering::Relaxed);
    Ok(object::none())
}

/// `stop()`: stops tracing and clears the traces.
fn stop(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("stop", args, kwnames)?;
    TRACE_ALLOCATIONS.store(false, Ordering::Relaxed);
    let old = tracer().take();
    // Dropped after the lock is released.
    drop(old);
    Ok(object::none())
}

fn is_tracing(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("is_tracing", args, kwnames)?;
    Ok(boolobject::from_bool(TRACE_ALLOCATIONS.load(Ordering::Relaxed)))
}

/// `clear_traces()`.
fn clear_traces(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("clear_traces", args, kwnames)?;
    let old = {
        let mut g = tracer();
        g.as_mut().map(|t| {
            t.traced_memory = 0;
            t.peak_traced_memory = 0;
            (std::mem::take(&mut t.traces), std::mem::take(&mut t.filenames), std::mem::take(&mut t.tracebacks))
        })
    };
    drop(old);
    Ok(object::none())
}

fn get_traceback_limit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_traceback_limit", args, kwnames)?;
    int(MAX_FRAMES.load(Ordering::Relaxed))
}

/// `get_traced_memory()`: (current, peak).
fn get_traced_memory(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_traced_memory", args, kwnames)?;
    let (cur, peak) = tracer().as_ref().map_or((0, 0), |t| (t.traced_memory, t.peak_traced_memory));
    let (c, p) = (int(cur)?, int(peak)?);
    tupleobject::from_slice(&[&c, &p]).map(into_obj)
}

/// `reset_peak()`.
fn reset_peak(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("reset_peak", args, kwnames)?;
    if let Some(t) = tracer().as_mut() {
        t.peak_traced_memory = t.traced_memory;
    }
    Ok(object::none())
}

/// `get_tracemalloc_memory()`: an estimate of the tables' own memory.
fn get_tracemalloc_memory(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_tracemalloc_memory", args, kwnames)?;
    let size = tracer().as_ref().map_or(0, |t| {
        let traces = t.traces.capacity() * (size_of::<usize>() + size_of::<Trace>());
        let tracebacks: usize = t.tracebacks.iter().map(|tb| size_of::<Traceback>() + tb.frames.len() * size_of::<Frame>()).sum();
        let names: usize = t.filenames.keys().map(|k| 2 * k.len() + size_of::<Arc<str>>()).sum();
        traces + tracebacks + names + t.tracebacks.capacity() * size_of::<Arc<Traceback>>()
    });
    int(size)
}

/// `traceback_to_pyobject`: a tuple of (filename, lineno) pairs.
fn traceback_obj(tb: &Traceback) -> PyResult<ObjRef> {
    let mut frames = Vec::with_capacity(tb.frames.len());
    for f in &tb.frames {
        let name = unicodeobject::from_str(&f.filename).map(into_obj)?;
        let line = int(f.lineno as usize)?;
        frames.push(tupleobject::from_slice(&[&name, &line]).map(into_obj)?);
    }
    let refs: Vec<&PyObject> = frames.iter().map(|f| &**f).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `_get_traces()`: a list of (domain, size, traceback, total_nframe).
fn get_traces(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_get_traces", args, kwnames)?;
    let mut copy: Vec<(usize, Arc<Traceback>)> = Vec::new();
    guarded(|| {
        if let Some(t) = tracer().as_ref() {
            copy = t.traces.values().map(|tr| (tr.size, tr.traceback.clone())).collect();
        }
    });
    let list = ListObject::new()?;
    let zero = int(0)?;
    // Equal tracebacks are one object, as the table shares them.
    let mut made: HashMap<*const Traceback, ObjRef> = HashMap::new();
    for (size, tb) in &copy {
        let size = int(*size)?;
        let frames = match made.get(&Arc::as_ptr(tb)) {
            Some(f) => f.clone(),
            None => {
                let f = traceback_obj(tb)?;
                made.insert(Arc::as_ptr(tb), f.clone());
                f
            }
        };
        let total = int(tb.total_nframe)?;
        let item = tupleobject::from_slice(&[&zero, &size, &frames, &total]).map(into_obj)?;
        list.append(&item)?;
    }
    Ok(into_obj(list))
}

/// `_get_object_traceback(obj)`: where the object's memory was allocated
/// (the block starts before the collector's prefix), or None.
fn get_object_traceback(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "_tracemalloc._get_object_traceback() takes no keyword arguments"));
    }
    let &[obj] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("_tracemalloc._get_object_traceback() takes exactly one argument ({} given)", args.len()),
        ));
    };
    let mut addr = core::ptr::from_ref(obj) as usize;
    if obj.ob_flags.load(Ordering::Relaxed) & rupy_gc::collector::HAS_GC_PREFIX_FLAG != 0 {
        addr -= rupy_gc::collector::PREFIX_SIZE;
    }
    let mut found = None;
    guarded(|| {
        found = tracer().as_ref().and_then(|t| t.traces.get(&addr).map(|tr| tr.traceback.clone()));
    });
    match found {
        Some(tb) => traceback_obj(&tb),
        None => Ok(object::none()),
    }
}

static FUNCTIONS: [BuiltinDef; 10] = [
    BuiltinDef { name: "start", func: start },
    BuiltinDef { name: "stop", func: stop },
    BuiltinDef { name: "is_tracing", func: is_tracing },
    BuiltinDef { name: "clear_traces", func: clear_traces },
    BuiltinDef { name: "get_traceback_limit", func: get_traceback_limit },
    BuiltinDef { name: "get_traced_memory", func: get_traced_memory },
    BuiltinDef { name: "reset_peak", func: reset_peak },
    BuiltinDef { name: "get_tracemalloc_memory", func: get_tracemalloc_memory },
    BuiltinDef { name: "_get_traces", func: get_traces },
    BuiltinDef { name: "_get_object_traceback", func: get_object_traceback },
];

/// `PyInit__tracemalloc`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_tracemalloc")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
