//! Legacy tracing and profiling (`sys.settrace` / `sys.setprofile`),
//! ported from Python/legacy_tracing.c (`sys_trace_*` and `sys_profile_*`
//! handlers, `call_trace_func`, `trace_line`, `sys_trace_jump_func`,
//! `sys_profile_call_or_return`, `setup_tracing` / `setup_profile`),
//! Python/sysmodule.c (`call_trampoline`, `trace_trampoline`,
//! `profile_trampoline`, `sys_settrace`, `sys_setprofile`) and the line
//! rules of Python/instrumentation.c (`initialize_lines`,
//! `_Py_call_instrumentation_line`, `call_instrumentation_vector`'s
//! `tstate->tracing` guard).
//!
//! CPython delivers these events through sys.monitoring's instrumented
//! bytecode; rupy's eval loop calls the functions here directly, and only
//! while the thread has a hook: [`active`] is a thread-local read the loop
//! makes at `RESUME` and after native calls, and the per-instruction
//! checks run only when it said yes (docs/quirks.md).

use core::cell::{Cell, RefCell};
use core::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::compile::opcode as op;
use crate::errors::{self, PyResult};
use crate::objects::codeobject::{CodeObject, LineEntry};
use crate::objects::frameobject;
use crate::objects::object::{self, ObjRef, PyObject, downcast, type_of};
use crate::objects::{exceptions, tupleobject, unicodeobject};
use crate::vm::frame::Frame;

/// The hook kinds, as indices of the hook arrays.
pub const TRACE: usize = 0;
/// See [`TRACE`].
pub const PROFILE: usize = 1;

/// The legacy event kinds (`PyTrace_CALL` ... `PyTrace_OPCODE`), in
/// `whatstrings` order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum What {
    Call = 0,
    Exception = 1,
    Line = 2,
    Return = 3,
    CCall = 4,
    CException = 5,
    CReturn = 6,
    Opcode = 7,
}

const WHATSTRINGS: [&str; 8] = [
    "call",
    "exception",
    "line",
    "return",
    "c_call",
    "c_exception",
    "c_return",
    "opcode",
];

/// The cheap part of the thread's state, read by the eval loop: which
/// hooks are set, the all-threads generation last adopted and the
/// `tstate->tracing` depth (no events while a hook runs).
struct Flags {
    set: Cell<u8>,
    seen: Cell<u64>,
    tracing: Cell<u32>,
}

std::thread_local! {
    static FLAGS: Flags = const { Flags { set: Cell::new(0), seen: Cell::new(0), tracing: Cell::new(0) } };
    /// The thread's trace and profile functions (`tstate->c_traceobj` and
    /// `c_profileobj`), each with the generation of the all-threads
    /// setting it last followed.
    static HOOKS: RefCell<[(u64, Option<ObjRef>); 2]> = const { RefCell::new([(0, None), (0, None)]) };
}

/// The last `sys._settraceallthreads` / `_setprofileallthreads` value of
/// each kind, with a generation that counts the calls. A thread adopts it
/// the next time it starts a frame or reads or sets its own hook; so a
/// thread started after the call also gets it (CPython sets it only in
/// existing threads).
static ALL_THREADS_HOOKS: Mutex<[(u64, Option<ObjRef>); 2]> = Mutex::new([(0, None), (0, None)]);

/// The number of all-threads settings made, for the loop's quick check.
static ALL_THREADS_GENERATION: AtomicU64 = AtomicU64::new(0);

/// Whether the calling thread has a trace or profile function: the eval
/// loop's gate for every event.
#[inline]
pub fn active() -> bool {
    let quick = FLAGS.with(|f| (f.set.get(), f.seen.get()));
    if quick.0 == 0 && quick.1 == ALL_THREADS_GENERATION.load(Ordering::Relaxed) {
        return false;
    }
    adopt_all_threads();
    FLAGS.with(|f| f.set.get() != 0)
}

/// Adopts the all-threads settings made since the thread last looked.
#[cold]
fn adopt_all_threads() {
    let generation = ALL_THREADS_GENERATION.load(Ordering::Acquire);
    if FLAGS.with(|f| f.seen.get()) == generation {
        return;
    }
    let _ = with_hook(TRACE, |_| ());
    FLAGS.with(|f| f.seen.set(generation));
}

/// The calling thread's hook `which`, updated to the all-threads setting
/// if one was made since it last looked.
fn with_hook<R>(which: usize, f: impl FnOnce(&mut Option<ObjRef>) -> R) -> R {
    let (r, set, old) = HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        let mut old = Vec::new();
        {
            let all = ALL_THREADS_HOOKS.lock().unwrap_or_else(PoisonError::into_inner);
            for (mine, theirs) in h.iter_mut().zip(all.iter()) {
                if mine.0 != theirs.0 {
                    mine.0 = theirs.0;
                    old.push(core::mem::replace(&mut mine.1, theirs.1.clone()));
                }
            }
        }
        let r = f(&mut h[which].1);
        let set = u8::from(h[TRACE].1.is_some()) | (u8::from(h[PROFILE].1.is_some()) << 1);
        (r, set, old)
    });
    FLAGS.with(|f| f.set.set(set));
    // Replaced hooks are released outside the borrow: their finalizers
    // may set hooks.
    drop(old);
    r
}

/// The calling thread's hook `which` (`sys.gettrace` / `sys.getprofile`).
pub fn get_hook(which: usize) -> Option<ObjRef> {
    with_hook(which, |h| h.clone())
}

/// `sys.settrace` / `sys.setprofile` (`_PyEval_SetTrace` /
/// `_PyEval_SetProfile`): None removes it.
pub fn set_hook(which: usize, f: Option<ObjRef>) {
    let old = with_hook(which, |h| core::mem::replace(h, f));
    drop(old);
}

/// `sys._settraceallthreads` / `_setprofileallthreads`.
pub fn set_hook_all_threads(which: usize, f: Option<ObjRef>) {
    let old = {
        let mut all = ALL_THREADS_HOOKS.lock().unwrap_or_else(PoisonError::into_inner);
        all[which].0 += 1;
        core::mem::replace(&mut all[which].1, f)
    };
    ALL_THREADS_GENERATION.fetch_add(1, Ordering::Release);
    drop(old);
    let _ = with_hook(which, |_| ());
}

#[inline]
fn has(which: usize) -> bool {
    FLAGS.with(|f| f.set.get() & (1 << which) != 0 && f.tracing.get() == 0)
}

/// Runs `f` with `tstate->tracing` raised: code it runs sends no events.
fn guarded<R>(f: impl FnOnce() -> R) -> R {
    FLAGS.with(|t| t.tracing.set(t.tracing.get() + 1));
    let r = f();
    FLAGS.with(|t| t.tracing.set(t.tracing.get() - 1));
    r
}

/// `call_trampoline`: `callback(frame, what, arg)`.
fn call_trampoline(callback: &PyObject, frame: &PyObject, what: What, arg: Option<&PyObject>) -> PyResult<ObjRef> {
    let what = unicodeobject::intern_str(WHATSTRINGS[what as usize])?;
    let none = object::none();
    object::call(callback, &[frame, &what, arg.unwrap_or(&none)])
}

/// `trace_trampoline` through `call_trace_func`: the global function for
/// 'call', the frame's `f_trace` for the rest; what it returns becomes
/// the frame's `f_trace`; an error turns tracing off for the thread.
fn trace_func(frame: &PyObject, what: What, arg: Option<&PyObject>, line: i32) -> PyResult<()> {
    let Some(global) = get_hook(TRACE) else {
        return Ok(());
    };
    let callback = if what == What::Call {
        global
    } else {
        match frameobject::trace_of(frame) {
            Some(t) => t,
            None => return Ok(()),
        }
    };
    frameobject::set_trace_lineno(frame, line);
    let r = guarded(|| call_trampoline(&callback, frame, what, arg));
    frameobject::set_trace_lineno(frame, 0);
    match r {
        Ok(res) => {
            if !object::is_none(&res) {
                frameobject::set_trace_of(frame, Some(res));
            }
            Ok(())
        }
        Err(e) => {
            set_hook(TRACE, None);
            frameobject::set_trace_of(frame, None);
            Err(e)
        }
    }
}

/// `profile_trampoline`: an error turns profiling off for the thread.
fn profile_func(frame: &PyObject, what: What, arg: Option<&PyObject>) -> PyResult<()> {
    let Some(callback) = get_hook(PROFILE) else {
        return Ok(());
    };
    match guarded(|| call_trampoline(&callback, frame, what, arg)) {
        Ok(_) => Ok(()),
        Err(e) => {
            set_hook(PROFILE, None);
            Err(e)
        }
    }
}

/// An event both hooks see: the trace function first, then the profile
/// function (CPython calls the tools from the highest id down).
fn both(frame: &Frame, what: What, arg: Option<&PyObject>) -> PyResult<()> {
    let (trace, profile) = (has(TRACE), has(PROFILE));
    if !trace && !profile {
        return Ok(());
    }
    let fo = frameobject::frame_object(frame)?;
    if trace {
        trace_func(&fo, what, arg, 0)?;
    }
    if profile {
        profile_func(&fo, what, arg)?;
    }
    Ok(())
}

/// `PY_START`, `PY_RESUME` and `PY_THROW` (`sys_trace_start`,
/// `sys_profile_start`): 'call'.
#[cold]
#[inline(never)]
pub fn on_start(frame: &Frame) -> PyResult<()> {
    both(frame, What::Call, None)
}

/// `PY_RETURN` and `PY_YIELD` with the value, `PY_UNWIND` with None:
/// 'return'.
#[cold]
#[inline(never)]
pub fn on_return(frame: &Frame, value: Option<&PyObject>) -> PyResult<()> {
    both(frame, What::Return, value)
}

/// `PY_UNWIND` while `exc` leaves the frame: 'return' with None; the
/// exception to go on with (a hook's own error replaces it).
#[cold]
#[inline(never)]
pub fn on_unwind(frame: &Frame, exc: ObjRef) -> ObjRef {
    match on_return(frame, None) {
        Ok(()) => exc,
        Err(_) => errors::take_raised().unwrap_or(exc),
    }
}

/// `RAISE` and `STOP_ITERATION` (`sys_trace_exception_func`): 'exception'
/// with `(type, value, traceback)`.
fn exception_event(frame: &Frame, exc: &PyObject) -> PyResult<()> {
    if !has(TRACE) {
        return Ok(());
    }
    let fo = frameobject::frame_object(frame)?;
    if frameobject::trace_of(&fo).is_none() {
        return Ok(());
    }
    let tb = object::get_attr_str(exc, "__traceback__")?;
    let arg = tupleobject::from_slice(&[object::as_obj(type_of(exc)), exc, &tb])?;
    trace_func(&fo, What::Exception, Some(object::as_obj(&*arg)), 0)
}

/// The 'exception' event of `exc` being raised in `frame`; the exception
/// to go on with (a hook's own error replaces it).
#[cold]
#[inline(never)]
pub fn on_exception(frame: &Frame, exc: ObjRef) -> ObjRef {
    match exception_event(frame, &exc) {
        Ok(()) => exc,
        Err(_) => errors::take_raised().unwrap_or(exc),
    }
}

/// The 'exception' event of an iteration that ended with a
/// StopIteration carrying `value` (`monitor_stop_iteration`).
#[cold]
#[inline(never)]
pub fn on_stop_iteration(frame: &Frame, value: &PyObject) -> PyResult<()> {
    if !has(TRACE) {
        return Ok(());
    }
    let st = object::as_obj(exceptions::stop_iteration());
    let exc = if object::is_none(value) { object::call(st, &[])? } else { object::call(st, &[value])? };
    exception_event(frame, &exc)
}

/// `FOR_ITER`'s `tp_iternext` while tracing: a StopIteration the
/// iterator raised is an 'exception' event before the loop ends.
#[cold]
#[inline(never)]
pub fn iter_next(frame: &Frame, it: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(next) = type_of(it).slots.tp_iternext.get() else {
        return crate::objects::r#abstract::iter_next(it);
    };
    match next(it) {
        Err(e) if errors::exception_matches(exceptions::stop_iteration()) => {
            drop(e);
            let exc = errors::take_raised().unwrap_or_else(object::none);
            exception_event(frame, &exc)?;
            Ok(None)
        }
        r => r,
    }
}

/// `_PyCoLineInstrumentationData` of `code` (`initialize_lines`): each
/// code unit's line and whether a line event may start there.
fn lines(code: &CodeObject) -> &[LineEntry] {
    code.monitoring_lines.get_or_init(|| {
        let n = code.code.len();
        let mut out: Vec<LineEntry> = code
            .unit_lines()
            .into_iter()
            .map(|line| LineEntry { line, start: false })
            .collect();
        out.resize(n, LineEntry { line: -1, start: false });
        let first = first_traceable(code);
        let mut current = -1;
        let mut i = 0;
        while i < n {
            let opcode = u16::from(code.code[i].op);
            let len = 1 + usize::from(op::CACHES[usize::from(code.code[i].op)]);
            if i >= first {
                match opcode {
                    op::END_ASYNC_FOR | op::END_FOR | op::END_SEND | op::RESUME | op::POP_ITER => {}
                    _ => {
                        let line = out[i].line;
                        if line != current && line >= 0 {
                            out[i].start = true;
                        }
                        current = line;
                    }
                }
            }
            for e in out.iter_mut().take((i + len).min(n)).skip(i + 1) {
                e.line = -1;
            }
            i += len;
        }
        // Jump targets start lines.
        let mut i = first;
        while i < n {
            let mut oparg = 0usize;
            let mut opcode = u16::from(code.code[i].op);
            while opcode == op::EXTENDED_ARG && i + 1 < n {
                oparg = (oparg << 8) | usize::from(code.code[i].arg);
                i += 1;
                opcode = u16::from(code.code[i].op);
            }
            oparg = (oparg << 8) | usize::from(code.code[i].arg);
            i += 1 + usize::from(op::CACHES[usize::from(code.code[i].op)]);
            let target = match opcode {
                op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_NONE | op::POP_JUMP_IF_NOT_NONE | op::JUMP_FORWARD => {
                    i.checked_add(oparg)
                }
                op::FOR_ITER | op::SEND => i.checked_add(oparg + 1),
                op::JUMP_BACKWARD | op::JUMP_BACKWARD_NO_INTERRUPT => i.checked_sub(oparg),
                _ => None,
            };
            if let Some(e) = target.and_then(|t| out.get_mut(t))
                && e.line >= 0
            {
                e.start = true;
            }
        }
        // Exception handlers start lines.
        for h in code.exception_handlers() {
            if let Some(e) = out.get_mut(h)
                && e.line >= 0
                && code.code.get(h).is_some_and(|u| u16::from(u.op) != op::END_ASYNC_FOR)
            {
                e.start = true;
            }
        }
        out.into_boxed_slice()
    })
}

/// `_co_firsttraceable`: the first `RESUME`.
fn first_traceable(code: &CodeObject) -> usize {
    code.code.iter().position(|u| u16::from(u.op) == op::RESUME).unwrap_or(code.code.len())
}

/// The line of code unit `i` for the line rules (`_Py_Instrumentation_GetLine`).
fn line_at(code: &CodeObject, i: usize) -> i32 {
    lines(code).get(i).map_or(-1, |e| e.line)
}

/// Before the instruction at `at` runs (`INSTRUMENTED_LINE` and
/// `INSTRUMENTED_INSTRUCTION`): a 'line' event when it starts a line that
/// was not running (or the frame just resumed), then an 'opcode' event
/// when the frame asks for them.
#[cold]
#[inline(never)]
pub fn instruction(frame: &mut Frame, at: usize) -> PyResult<()> {
    if !has(TRACE) {
        return Ok(());
    }
    let Some(fo) = frame.frame_obj.get() else {
        return Ok(());
    };
    if frameobject::trace_of(&fo).is_none() {
        return Ok(());
    }
    let prev = frame.instr;
    frame.instr = at;
    let code = frame.code.clone();
    let table = lines(&code);
    if let Some(e) = table.get(at)
        && e.start
    {
        let prev_line = table.get(prev).map_or(-1, |p| p.line);
        let prev_resume = code.code.get(prev).is_some_and(|u| u16::from(u.op) == op::RESUME);
        if (e.line != prev_line || prev_resume) && frameobject::trace_lines(&fo) {
            trace_func(&fo, What::Line, None, e.line)?;
        }
    }
    if frameobject::trace_opcodes(&fo)
        && at >= first_traceable(&code)
        && code.code.get(at).is_some_and(|u| !matches!(u16::from(u.op), op::RESUME | op::END_FOR))
        && frameobject::trace_of(&fo).is_some()
    {
        trace_func(&fo, What::Opcode, None, 0)?;
    }
    Ok(())
}

/// `JUMP_BACKWARD` from `from` to `to` (`sys_trace_jump_func`): a jump
/// back within one line is a 'line' event (a jump to another line gets
/// its event at the target).
#[cold]
#[inline(never)]
pub fn jump(frame: &Frame, from: usize, to: usize) -> PyResult<()> {
    if !has(TRACE) || to > from {
        return Ok(());
    }
    let Some(fo) = frame.frame_obj.get() else {
        return Ok(());
    };
    if frameobject::trace_of(&fo).is_none() || !frameobject::trace_lines(&fo) {
        return Ok(());
    }
    let to_line = line_at(&frame.code, to);
    if to_line < 0 || to_line != line_at(&frame.code, from) {
        return Ok(());
    }
    trace_func(&fo, What::Line, None, to_line)
}

/// The profiled form of a callable about to be called from native code
/// (`sys_profile_call_or_return`): a builtin function itself, a method
/// descriptor bound to `self_arg`, or a bound method's builtin function;
/// None for anything else, or when the thread has no profile function.
#[cold]
#[inline(never)]
pub fn c_callable(callable: &PyObject, self_arg: Option<&PyObject>) -> PyResult<Option<ObjRef>> {
    if !has(PROFILE) {
        return Ok(None);
    }
    let is_cfunction = |o: &PyObject| object::type_check(o, &crate::objects::methodobject::CFUNCTION_TYPE);
    if is_cfunction(callable) {
        return Ok(Some(object::new_ref(callable)));
    }
    let t = type_of(callable);
    if core::ptr::eq(t, &crate::objects::descrobject::METHOD_DESCR_TYPE) {
        let Some(s) = self_arg else {
            return Ok(None);
        };
        let Some(get) = t.slots.tp_descr_get.get() else {
            return Ok(None);
        };
        return get(callable, Some(s), Some(object::as_obj(type_of(s)))).map(Some);
    }
    if let Some(m) = downcast::<crate::objects::classobject::MethodObject>(callable)
        && is_cfunction(m.function())
    {
        return Ok(Some(object::new_ref(m.function())));
    }
    Ok(None)
}

/// 'c_call', 'c_return' or 'c_exception' for the profiled callable `f`;
/// for 'c_exception' the raised exception is kept (a hook's own error
/// replaces it).
#[cold]
#[inline(never)]
pub fn c_event(frame: &Frame, what: What, f: &PyObject) -> PyResult<()> {
    if !has(PROFILE) {
        return Ok(());
    }
    let pending = if what == What::CException { errors::take_raised() } else { None };
    let r = frameobject::frame_object(frame).and_then(|fo| profile_func(&fo, what, Some(f)));
    match (r, pending) {
        (Ok(()), Some(exc)) => Err(errors::set_raised(exc)),
        (r, _) => r,
    }
}
