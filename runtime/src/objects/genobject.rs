//! Generators, coroutines and async generators, ported from
//! Objects/genobject.c (3.14): the object owns its suspended frame;
//! `send`, `throw`, `close`, iteration (`gen_send_ex2`, `_gen_throw`,
//! `gen_close`, `gen_iternext`), the `StopIteration` value protocol and
//! "generator already executing"; coroutines (`__await__` and its
//! `coroutine_wrapper`, `_PyCoro_GetAwaitableIter`), async generators
//! (`asend` / `athrow` / `aclose` awaitables, the wrapped-value protocol
//! of `async_gen_unwrap_value`). One struct serves the three kinds; the
//! type says which.
//!
//! The frame state is an atomic (`gi_frame_state`): a resume claims the
//! generator by moving it from created/suspended to executing with one
//! compare-and-swap, so two threads can never run the same frame; the
//! loser gets CPython's ValueError. While it runs, the frame is moved out
//! of the generator into the eval loop and moved back at the next yield.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::compile::opcode as op;
use crate::errors::{self, PyResult};
use crate::objects::codeobject::CodeObject;
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::exceptions::{self, StopIterationObject};
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{boolobject, unicodeobject};
use crate::vm::eval::{self, Exit};
use crate::vm::frame::Frame;
use crate::vm::stackref::StackRef;

/// `FRAME_CREATED`: not started yet.
const CREATED: u8 = 0;
/// `FRAME_SUSPENDED`: stopped at a `yield`.
const SUSPENDED: u8 = 1;
/// `FRAME_EXECUTING`.
const EXECUTING: u8 = 2;
/// `FRAME_COMPLETED` / `FRAME_CLEARED`: finished, the frame released.
const COMPLETED: u8 = 3;

/// `RESUME_OPARG_LOCATION_MASK` and its "after `yield from`/`await`"
/// values (2 and 3).
const RESUME_OPARG_LOCATION_MASK: u8 = 3;
/// `RESUME_OPARG_DEPTH1_MASK`: the yield is inside no `try` block of its
/// own (only the generator's implicit StopIteration handler).
const RESUME_OPARG_DEPTH1_MASK: u8 = 4;

/// The parts of a generator that change while it runs.
struct GenInner {
    /// `gi_iframe`, while suspended or not yet started.
    frame: Option<Frame>,
    /// `gi_exc_state`: the exception being handled inside the generator
    /// when it yielded.
    exc_state: Option<ObjRef>,
}

/// Which of the three generator-like objects a [`GenObject`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `generator`.
    Gen,
    /// `coroutine`.
    Coro,
    /// `async_generator`.
    AsyncGen,
}

/// A generator, coroutine or async generator (`PyGenObject`,
/// `PyCoroObject`, `PyAsyncGenObject`).
#[repr(C)]
pub struct GenObject {
    ob_base: ObjectHeader,
    /// `gi_frame_state`.
    state: AtomicU8,
    /// Which kind of object this is.
    kind: Kind,
    /// `ag_running_async`: an `asend`/`athrow` awaitable is running it.
    running_async: AtomicBool,
    /// `ag_closed`.
    ag_closed: AtomicBool,
    inner: Mutex<GenInner>,
    /// `gi_code`.
    code: PyRef<CodeObject>,
    /// `gi_name` (assignable).
    name: ObjSlot,
    /// `gi_qualname` (assignable).
    qualname: ObjSlot,
    /// `gi_weakreflist`: the head of the weak references (a plain
    /// pointer).
    weakreflist: core::sync::atomic::AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for GenObject {}

impl PyClass for GenObject {
    fn type_object() -> &'static TypeObject {
        &GEN_TYPE
    }
}

/// What a resumed generator did (`PySendResult`).
pub enum Send {
    /// `PYGEN_NEXT`: yielded this value.
    Next(ObjRef),
    /// `PYGEN_RETURN`: returned this value.
    Return(ObjRef),
}

/// `_Py_MakeCoro`: a generator, coroutine or async generator (as the
/// code's flags say) owning `frame`, which `RETURN_GENERATOR` has left
/// just after itself.
pub fn new(frame: Frame, name: ObjRef, qualname: ObjRef) -> PyResult<ObjRef> {
    use crate::compile::code::{CO_ASYNC_GENERATOR, CO_COROUTINE};
    let flags = frame.code.flags;
    let (kind, ty) = if flags & CO_COROUTINE != 0 {
        (Kind::Coro, &CORO_TYPE)
    } else if flags & CO_ASYNC_GENERATOR != 0 {
        (Kind::AsyncGen, &ASYNC_GEN_TYPE)
    } else {
        (Kind::Gen, &GEN_TYPE)
    };
    let g = GenObject {
        ob_base: ObjectHeader::new(&ty.head),
        state: AtomicU8::new(CREATED),
        kind,
        running_async: AtomicBool::new(false),
        ag_closed: AtomicBool::new(false),
        code: frame.code.clone(),
        inner: Mutex::new(GenInner {
            frame: Some(frame),
            exc_state: None,
        }),
        name: ObjSlot::new(Some(name)),
        qualname: ObjSlot::new(Some(qualname)),
        weakreflist: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
    };
    let g = into_obj(object::new_object(g)?);
    // The frame (and its frame object, if made already) now belongs to
    // the generator, at an address that does not change.
    let addr = core::ptr::from_ref(&*g) as usize;
    if let Some(fr) = lock(as_gen(&g)?).frame.as_mut() {
        fr.owner_gen = addr;
        if let Some(fo) = fr.frame_obj.get() {
            crate::objects::frameobject::set_generator(&fo, addr);
        }
    }
    Ok(g)
}

fn lock(g: &GenObject) -> std::sync::MutexGuard<'_, GenInner> {
    g.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The generator, coroutine or async generator `v` is, if it is one.
pub fn as_gen_like(v: &PyObject) -> Option<&GenObject> {
    let t = type_of(v);
    if core::ptr::eq(t, &GEN_TYPE) || core::ptr::eq(t, &CORO_TYPE) || core::ptr::eq(t, &ASYNC_GEN_TYPE) {
        // SAFETY: the three types' instances are all `GenObject`s.
        Some(unsafe { &*core::ptr::from_ref(v).cast::<GenObject>() })
    } else {
        None
    }
}

/// A generator or a coroutine (what `SEND` and `yield from` resume
/// directly, `PyGen_CheckExact || PyCoro_CheckExact`).
pub fn as_gen_or_coro(v: &PyObject) -> Option<&GenObject> {
    as_gen_like(v).filter(|g| g.kind != Kind::AsyncGen)
}

fn as_gen(v: &PyObject) -> PyResult<&GenObject> {
    as_gen_like(v).ok_or_else(errors::bad_internal_call)
}

impl GenObject {
    /// `gen_send_ex2`: resumes the frame with `arg` pushed as the value of
    /// the `yield` (or, with `throw`, with the raised exception thrown in
    /// at the `yield`). `arg` is `None` when called for `__next__`.
    pub fn send_ex(&self, arg: Option<&PyObject>, throw: bool) -> PyResult<Send> {
        self.send_ex2(arg, throw, false)
    }

    /// The kind of this object.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The name of the kind in messages ("generator", "coroutine", ...).
    fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Gen => "generator",
            Kind::Coro => "coroutine",
            Kind::AsyncGen => "async generator",
        }
    }

    /// `gen_send_ex2` with its `closing` flag (set by `gen_close`, which
    /// must stay silent on an exhausted coroutine).
    fn send_ex2(&self, arg: Option<&PyObject>, throw: bool, closing: bool) -> PyResult<Send> {
        let state = self.state.load(Ordering::Acquire);
        if state == CREATED && arg.is_some_and(|a| !object::is_none(a)) {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("can't send non-None value to a just-started {}", self.kind_name()),
            ));
        }
        if state == EXECUTING
            || (state != COMPLETED
                && self
                    .state
                    .compare_exchange(state, EXECUTING, Ordering::AcqRel, Ordering::Acquire)
                    .is_err())
        {
            return Err(errors::set_string(
                exceptions::value_error(),
                &format!("{} already executing", self.kind_name()),
            ));
        }
        if state == COMPLETED {
            if self.kind == Kind::Coro && !closing {
                drop(errors::take_raised());
                return Err(errors::set_string(
                    exceptions::runtime_error(),
                    "cannot reuse already awaited coroutine",
                ));
            }
            if arg.is_some() && !throw {
                return Ok(Send::Return(object::none()));
            }
            if !throw {
                return Err(errors::set_none(exceptions::stop_iteration()));
            }
            return Err(errors::set_raised(
                errors::take_raised().unwrap_or_else(object::none),
            ));
        }
        let (frame, saved_exc) = {
            let mut inner = lock(self);
            (inner.frame.take(), inner.exc_state.take())
        };
        let Some(mut frame) = frame else {
            self.state.store(COMPLETED, Ordering::Release);
            return Err(errors::bad_internal_call());
        };
        let pending = if throw { errors::take_raised() } else { None };
        let pushed = frame.push(StackRef::from_owned(
            arg.map_or_else(object::none, object::new_ref),
        ));
        if let Err(e) = pushed {
            self.state.store(COMPLETED, Ordering::Release);
            return Err(e);
        }
        if let Some(p) = pending {
            let _ = errors::set_raised(p);
        }
        // `tstate->exc_info = &gen->gi_exc_state`, chained to the caller's.
        let own_handled = saved_exc.as_deref().is_some_and(|e| !object::is_none(e));
        crate::vm::enter_exc_state(saved_exc);
        if throw
            && own_handled
            && let Some(thrown) = errors::take_raised()
        {
            // `_PyErr_ChainStackItem`: what is thrown in happens while
            // the generator handles its own exception.
            let _ = errors::set_raised_chained(thrown);
        }
        let res = eval::resume(frame, throw);
        let own = crate::vm::leave_exc_state();
        match res {
            Ok(Exit::Yield(v, frame)) => {
                let mut g = lock(self);
                g.frame = Some(frame);
                g.exc_state = own;
                drop(g);
                self.state.store(SUSPENDED, Ordering::Release);
                Ok(Send::Next(v))
            }
            Ok(Exit::Return(v)) => {
                self.state.store(COMPLETED, Ordering::Release);
                Ok(Send::Return(v))
            }
            Err(e) => {
                self.state.store(COMPLETED, Ordering::Release);
                Err(e)
            }
        }
    }

    /// `_PyGen_yf`: the iterator a suspended `yield from` delegates to
    /// (the top of the frame's stack when it stopped at a `RESUME` after
    /// `yield from` or `await`).
    fn yield_from(&self) -> Option<ObjRef> {
        if self.state.load(Ordering::Acquire) != SUSPENDED {
            return None;
        }
        let inner = lock(self);
        let frame = inner.frame.as_ref()?;
        let unit = frame.units().get(frame.instr)?;
        if u16::from(unit.op) != op::RESUME || unit.arg & RESUME_OPARG_LOCATION_MASK < 2 {
            return None;
        }
        frame.peek(1).ok()?.get().map(object::new_ref)
    }

    /// Whether the suspended frame stopped at a `yield` outside any `try`
    /// block of its own, so closing it runs no code.
    fn yield_outside_try(&self) -> bool {
        let inner = lock(self);
        inner.frame.as_ref().is_some_and(|f| {
            f.units().get(f.instr).is_some_and(|u| {
                u16::from(u.op) == op::RESUME && u.arg & RESUME_OPARG_DEPTH1_MASK != 0
            })
        })
    }

    /// Marks the generator finished and releases its frame.
    fn finish(&self) {
        let frame = {
            let mut inner = lock(self);
            inner.exc_state = None;
            inner.frame.take()
        };
        self.state.store(COMPLETED, Ordering::Release);
        drop(frame);
    }

    /// Runs `f` with the generator marked as executing (for the calls
    /// `_gen_throw` and `gen_close` make on the delegated-to iterator).
    fn executing<T>(&self, f: impl FnOnce() -> T) -> T {
        let prev = self.state.swap(EXECUTING, Ordering::AcqRel);
        let r = f();
        self.state.store(prev, Ordering::Release);
        r
    }

    /// Runs `f` (a `throw` passed on to the `yield from` delegate) with the
    /// generator executing and its frame linked as the innermost running
    /// one, so the delegate's frames have it as `f_back` (`_gen_throw`'s
    /// `tstate->current_frame = frame`). The frame leaves the object for
    /// the call, as it does while the generator runs.
    fn delegating<T>(&self, f: impl FnOnce() -> T) -> T {
        let frame = lock(self).frame.take();
        let r = self.executing(|| match &frame {
            Some(fr) => {
                let callers: Vec<Frame> = Vec::new();
                let mut link = crate::vm::frame::FrameLink::new(fr, &callers);
                let _guard = link.enter();
                f()
            }
            None => f(),
        });
        if let Some(fr) = frame {
            lock(self).frame = Some(fr);
        }
        r
    }

    /// `gen_close`.
    pub fn close(&self) -> PyResult<ObjRef> {
        match self.state.load(Ordering::Acquire) {
            CREATED
                if self
                    .state
                    .compare_exchange(CREATED, COMPLETED, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok() =>
            {
                self.finish();
                return Ok(object::none());
            }
            COMPLETED => return Ok(object::none()),
            _ => {}
        }
        let mut failed = false;
        if let Some(yf) = self.yield_from() {
            failed = self.executing(|| close_iter(&yf)).is_err();
        }
        // With a trace or profile function the frame runs to see the
        // GeneratorExit (`_PyEval_NoToolsForUnwind`).
        if self.yield_outside_try() && !crate::vm::trace::active() {
            self.finish();
            if failed {
                errors::clear();
            }
            return Ok(object::none());
        }
        // If closing the delegate failed, its error is what is thrown in.
        if !failed {
            let _ = errors::set_none(exceptions::generator_exit());
        }
        match self.send_ex2(None, true, true) {
            Ok(Send::Next(_)) => Err(errors::set_string(
                exceptions::runtime_error(),
                &format!("{} ignored GeneratorExit", self.kind_name()),
            )),
            Ok(Send::Return(v)) => Ok(v),
            Err(e) => {
                if errors::exception_matches(exceptions::generator_exit()) {
                    drop(e);
                    errors::clear();
                    return Ok(object::none());
                }
                Err(e)
            }
        }
    }

    /// `_gen_throw`: throws `exc` (already normalized to an instance) into
    /// the generator, or into the iterator it delegates to.
    fn throw(&self, exc: ObjRef) -> PyResult<Send> {
        if let Some(yf) = self.yield_from() {
            if errors::given_exception_matches(&exc, exceptions::generator_exit()) {
                if self.executing(|| close_iter(&yf)).is_err() {
                    return self.send_ex(None, true);
                }
                let _ = errors::set_raised(exc);
                return self.send_ex(None, true);
            }
            let res = if let Some(sub) = as_gen_or_coro(&yf) {
                self.delegating(|| sub.throw(exc.clone()))
            } else {
                let name = unicodeobject::intern_str("throw")?;
                match object::get_attr(&yf, &name) {
                    Ok(meth) => self
                        .delegating(|| crate::objects::call::call(&meth, &[&exc]))
                        .map(Send::Next),
                    Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                        drop(e);
                        errors::clear();
                        let _ = errors::set_raised(exc);
                        return self.send_ex(None, true);
                    }
                    Err(e) => return Err(e),
                }
            };
            return match res {
                Ok(Send::Next(v)) => Ok(Send::Next(v)),
                // The delegate finished: resume with its StopIteration so
                // CLEANUP_THROW hands the value to `yield from`.
                Ok(Send::Return(v)) => {
                    let _ = set_stop_iteration_value(&v);
                    self.send_ex(None, true)
                }
                Err(_) => self.send_ex(None, true),
            };
        }
        let _ = errors::set_raised(exc);
        self.send_ex(None, true)
    }
}

/// `gen_close_iter`: closes the iterator a `yield from` delegates to.
fn close_iter(yf: &PyObject) -> PyResult<()> {
    if let Some(g) = as_gen_or_coro(yf) {
        return g.close().map(drop);
    }
    let name = unicodeobject::intern_str("close")?;
    match object::get_attr(yf, &name) {
        Ok(meth) => crate::objects::call::call(&meth, &[]).map(drop),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// `_PyGen_SetStopIterationValue`: raises `StopIteration(value)`, wrapping
/// the value so a tuple or an exception is not taken apart.
pub fn set_stop_iteration_value(value: &PyObject) -> errors::ErrSet {
    match object::call(object::as_obj(exceptions::stop_iteration()), &[value]) {
        Ok(e) => errors::set_raised(e),
        Err(e) => e,
    }
}

/// `_PyGen_FetchStopIterationValue` after a failed call: if the raised
/// exception is StopIteration, clears it and returns its value.
pub fn fetch_stop_iteration_value() -> Option<ObjRef> {
    if !errors::exception_matches(exceptions::stop_iteration()) {
        return None;
    }
    let exc = errors::take_raised()?;
    Some(stop_iteration_value(&exc))
}

/// `StopIteration.value` of an instance (None for other exceptions).
pub fn stop_iteration_value(exc: &PyObject) -> ObjRef {
    if downcast::<StopIterationObject>(exc).is_none() {
        return object::none();
    }
    unicodeobject::intern_str("value")
        .and_then(|name| object::get_attr(exc, &name))
        .unwrap_or_else(|e| {
            drop(e);
            errors::clear();
            object::none()
        })
}

/// The result of a `send`-like call as Python sees it: the yielded value,
/// or StopIteration carrying the returned one.
fn into_result(r: PyResult<Send>) -> PyResult<ObjRef> {
    match r? {
        Send::Next(v) => Ok(v),
        Send::Return(v) if object::is_none(&v) => Err(errors::set_none(exceptions::stop_iteration())),
        Send::Return(v) => Err(set_stop_iteration_value(&v)),
    }
}

/// `gen_iternext`: a plain return ends iteration without an exception;
/// a returned value travels in StopIteration.
fn gen_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    match as_gen(v)?.send_ex(None, false)? {
        Send::Next(v) => Ok(Some(v)),
        Send::Return(r) if object::is_none(&r) => Ok(None),
        Send::Return(r) => Err(set_stop_iteration_value(&r)),
    }
}

/// `gen_send`.
fn meth_send(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    into_result(as_gen(v)?.send_ex(Some(arg), false))
}

/// `gen_throw`: `throw(value)` or the deprecated `throw(type[, value[,
/// traceback]])`.
fn meth_throw(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let g = as_gen(v)?;
    warn_three_args(args, "throw")?;
    let exc = throw_args(args)?;
    into_result(g.throw(exc))
}

/// The DeprecationWarning of `throw(type, value[, traceback])` (and of
/// `athrow`'s).
fn warn_three_args(args: &[ObjRef], method: &str) -> PyResult<()> {
    if args.len() > 1 {
        errors::warn(
            exceptions::deprecation_warning(),
            &format!("the (type, exc, tb) signature of {method}() is deprecated, use the single-arg signature instead."),
            1,
        )?;
    }
    Ok(())
}

/// The exception instance `throw(...)`'s arguments stand for.
fn throw_args(args: &[ObjRef]) -> PyResult<ObjRef> {
    let (typ, val) = match args {
        [t] => (t, None),
        [t, v] | [t, v, _] => (t, Some(v)),
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("throw expected at least 1 argument, got {}", args.len()),
            ));
        }
    };
    if let Some(tb) = args.get(2)
        && !object::is_none(tb)
        && !object::is_type(tb, &crate::errors::traceback::TRACEBACK_TYPE)
    {
        return Err(errors::set_string(
            exceptions::type_error(),
            "throw() third argument must be a traceback object",
        ));
    }
    let base = exceptions::base_exception();
    let exc = if let Some(t) = downcast::<TypeObject>(typ)
        && t.is_subtype(base)
    {
        let _ = errors::set_object(t, val.map(|v| &**v));
        errors::take_raised().unwrap_or_else(object::none)
    } else if object::type_check(typ, base) {
        if val.is_some_and(|v| !object::is_none(v)) {
            return Err(errors::set_string(
                exceptions::type_error(),
                "instance exception may not have a separate value",
            ));
        }
        typ.clone()
    } else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                type_of(typ).name()
            ),
        ));
    };
    Ok(exc)
}

/// `gen_close`.
fn meth_close(v: &PyObject) -> PyResult<ObjRef> {
    as_gen(v)?.close()
}

/// `gen_repr`.
fn gen_repr(v: &PyObject) -> PyResult<ObjRef> {
    let g = as_gen(v)?;
    let what = match g.kind {
        Kind::Gen => "generator",
        Kind::Coro => "coroutine",
        Kind::AsyncGen => "async_generator",
    };
    unicodeobject::from_string(format!(
        "<{what} object {} at {v:p}>",
        object::str_lossy(&g.qualname.get().unwrap_or_else(object::none))
    ))
    .map(into_obj)
}

/// `_PyGen_Finalize` + `gen_dealloc`: a generator suspended inside a
/// `try` is closed (its `finally` blocks run) before it is freed; an
/// error from that is reported and dropped, as `PyErr_WriteUnraisable`.
///
/// # Safety
/// `op` is a `GenObject` whose last reference is gone.
unsafe fn gen_dealloc(op: core::ptr::NonNull<ObjectHeader>) {
    // SAFETY: the caller passes a generator that is still allocated.
    let g: &PyObject = unsafe { op.as_ref() };
    if let Some(g) = as_gen_like(g)
        && g.state.load(Ordering::Acquire) == SUSPENDED
    {
        // `_PyGen_Finalize` runs with the generator given a reference
        // back (`PyObject_CallFinalizerFromDealloc`).
        // SAFETY: the deallocation runs on this thread and freed nothing.
        unsafe { rupy_gc::refcount::resurrect_start(op) };
        g.finalize();
        // SAFETY: follows resurrect_start on this thread.
        if unsafe { rupy_gc::refcount::resurrect_end(op) } {
            // Closing it stored a reference: it lives on.
            return;
        }
    }
    // SAFETY: as above.
    crate::objects::weakrefobject::clear_weakrefs(unsafe { op.as_ref() });
    // SAFETY: as above; the generator is released exactly once.
    unsafe { object::dealloc_simple::<GenObject>(op) }
}

impl GenObject {
    /// `_PyGen_Finalize`: closes a suspended generator, reporting an
    /// error as unraisable. The caller holds a reference.
    fn finalize(&self) {
        let saved = errors::take_raised();
        if self.close().is_err() {
            let what = match self.kind {
                Kind::Gen => "generator <generator",
                Kind::Coro => "coroutine <coroutine",
                Kind::AsyncGen => "async generator <async_generator",
            };
            let msg = format!(
                "Exception ignored while closing {what} object {} at {:p}>",
                object::str_lossy(&self.qualname.get().unwrap_or_else(object::none)),
                core::ptr::from_ref(self),
            );
            crate::errors::traceback::format_unraisable(Some(&msg), None);
        }
        if let Some(s) = saved {
            let _ = errors::set_raised(s);
        }
    }
}

/// The collector's finalizer step for a generator (`tp_finalize`): closes
/// it once if it is suspended. True if that ran.
pub fn finalize_for_gc(v: &PyObject) -> bool {
    let Some(g) = as_gen_like(v) else { return false };
    if v.has_gc_bits(rupy_gc::object::gc_bits::FINALIZED) || g.state.load(Ordering::Acquire) != SUSPENDED {
        return false;
    }
    v.set_gc_bits(rupy_gc::object::gc_bits::FINALIZED);
    g.finalize();
    true
}

/// `gen_traverse`: a suspended frame's contents and the saved exception.
/// A running generator's frame is out of the object, owned by the thread
/// running it (and the lock is held only for moments outside Python
/// code).
fn gen_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Some(g) = as_gen_like(v) else { return };
    let inner = match g.inner.try_lock() {
        Ok(i) => i,
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => return,
    };
    if let Some(f) = &inner.frame {
        f.traverse(visit);
    }
    if let Some(e) = &inner.exc_state {
        visit(e);
    }
}

/// Drops the frame of a generator found in a garbage cycle (after its
/// finalizer ran).
fn gen_clear(v: &PyObject) {
    let Some(g) = as_gen_like(v) else { return };
    let (frame, exc) = {
        let mut inner = lock(g);
        (inner.frame.take(), inner.exc_state.take())
    };
    g.state.store(COMPLETED, Ordering::Release);
    drop((frame, exc));
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_gen(v)?.name.get().unwrap_or_else(object::none))
}

fn get_qualname(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_gen(v)?.qualname.get().unwrap_or_else(object::none))
}

/// `gen_set_name` / `gen_set_qualname`: a str, not deletable.
fn set_str_slot(slot: &ObjSlot, what: &str, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        Some(v) if downcast::<unicodeobject::StrObject>(v).is_some() => {
            slot.set(Some(object::new_ref(v)));
            Ok(())
        }
        _ => Err(errors::set_string(exceptions::type_error(), &format!("{what} must be set to a string object"))),
    }
}

fn set_name(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_str_slot(&as_gen(v)?.name, "__name__", value)
}

fn set_qualname(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_str_slot(&as_gen(v)?.qualname, "__qualname__", value)
}

fn get_running(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_gen(v)?.state.load(Ordering::Acquire) == EXECUTING))
}

fn get_suspended(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_gen(v)?.state.load(Ordering::Acquire) == SUSPENDED))
}

fn get_code(v: &PyObject) -> PyResult<ObjRef> {
    Ok(into_obj(as_gen(v)?.code.clone()))
}

fn get_yieldfrom(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_gen(v)?.yield_from().unwrap_or_else(object::none))
}

static GEN_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "send",
        ml_meth: MethodFn::O(meth_send),
        ml_doc: Some("send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."),
    },
    MethodDef {
        ml_name: "throw",
        ml_meth: MethodFn::FastCall(meth_throw),
        ml_doc: Some("throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next yielded value or raise\nStopIteration."),
    },
    MethodDef {
        ml_name: "close",
        ml_meth: MethodFn::NoArgs(meth_close),
        ml_doc: Some("close() -> raise GeneratorExit inside generator."),
    },
];

/// `gi_frame` / `cr_frame` / `ag_frame`: the frame object of the
/// generator's frame, None once finished.
fn get_frame(v: &PyObject) -> PyResult<ObjRef> {
    let g = as_gen(v)?;
    if g.state.load(Ordering::Acquire) == COMPLETED {
        return Ok(object::none());
    }
    {
        let inner = lock(g);
        if let Some(f) = inner.frame.as_ref() {
            return crate::objects::frameobject::frame_object(f);
        }
    }
    // Running: its frame is among this thread's running frames.
    let me = core::ptr::from_ref(v) as usize;
    let mut found: Option<PyResult<ObjRef>> = None;
    crate::vm::frame::walk_frames(|f| {
        if f.owner_gen == me {
            found = Some(crate::objects::frameobject::frame_object(f));
            return false;
        }
        true
    });
    found.unwrap_or_else(|| Ok(object::none()))
}

static GEN_GETSET: [GetSetDef; 7] = [
    GetSetDef { name: "gi_frame", get: get_frame, set: None, doc: None },
    GetSetDef { name: "__name__", get: get_name, set: Some(set_name), doc: Some("name of the generator") },
    GetSetDef { name: "__qualname__", get: get_qualname, set: Some(set_qualname), doc: Some("qualified name of the generator") },
    GetSetDef { name: "gi_running", get: get_running, set: None, doc: None },
    GetSetDef { name: "gi_suspended", get: get_suspended, set: None, doc: None },
    GetSetDef { name: "gi_code", get: get_code, set: None, doc: None },
    GetSetDef {
        name: "gi_yieldfrom",
        get: get_yieldfrom,
        set: None,
        doc: Some("object being iterated by yield from, or None"),
    },
];

/// `generator` (`PyGen_Type`).
pub static GEN_TYPE: TypeObject = TypeObject::new_static(
    "generator",
    size_of::<GenObject>(),
    gen_dealloc,
    TypeSlots {
        tp_traverse: Some(gen_traverse),
        tp_clear: Some(gen_clear),
        tp_repr: Some(gen_repr),
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(gen_iternext),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&GEN_METHODS)
.with_getset(&GEN_GETSET)
.with_weaklistoffset(core::mem::offset_of!(GenObject, weakreflist));

// ---------------------------------------------------------------------
// Coroutines (`PyCoro_Type`, `_PyCoroWrapper_Type`).

fn get_running_async(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_gen(v)?.running_async.load(Ordering::Acquire)))
}

fn get_cr_origin(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::none())
}

/// `coro_await`: the `coroutine_wrapper` iterating the coroutine.
fn coro_await(v: &PyObject) -> PyResult<ObjRef> {
    as_gen(v)?;
    let w = CoroWrapperObject {
        ob_base: ObjectHeader::new(&CORO_WRAPPER_TYPE.head),
        coro: object::new_ref(v),
    };
    object::new_object(w).map(into_obj)
}

static CORO_METHODS: [MethodDef; 4] = [
    MethodDef {
        ml_name: "send",
        ml_meth: MethodFn::O(meth_send),
        ml_doc: Some("send(arg) -> send 'arg' into coroutine,\nreturn next iterated value or raise StopIteration."),
    },
    MethodDef {
        ml_name: "throw",
        ml_meth: MethodFn::FastCall(meth_throw),
        ml_doc: Some("throw(value)\nthrow(type[,value[,traceback]])\n\nRaise exception in coroutine, return next iterated value or raise\nStopIteration."),
    },
    MethodDef {
        ml_name: "close",
        ml_meth: MethodFn::NoArgs(meth_close),
        ml_doc: Some("close() -> raise GeneratorExit inside coroutine."),
    },
    MethodDef {
        ml_name: "__await__",
        ml_meth: MethodFn::NoArgs(coro_await),
        ml_doc: Some("Return an iterator to be used in await expression."),
    },
];

static CORO_GETSET: [GetSetDef; 8] = [
    GetSetDef { name: "__name__", get: get_name, set: Some(set_name), doc: Some("name of the coroutine") },
    GetSetDef { name: "__qualname__", get: get_qualname, set: Some(set_qualname), doc: Some("qualified name of the coroutine") },
    GetSetDef { name: "cr_await", get: get_yieldfrom, set: None, doc: Some("object being awaited on, or None") },
    GetSetDef { name: "cr_running", get: get_running, set: None, doc: None },
    GetSetDef { name: "cr_frame", get: get_frame, set: None, doc: None },
    GetSetDef { name: "cr_code", get: get_code, set: None, doc: None },
    GetSetDef { name: "cr_suspended", get: get_suspended, set: None, doc: None },
    GetSetDef { name: "cr_origin", get: get_cr_origin, set: None, doc: None },
];

/// `coroutine` (`PyCoro_Type`): not iterable; awaited through `__await__`.
pub static CORO_TYPE: TypeObject = TypeObject::new_static(
    "coroutine",
    size_of::<GenObject>(),
    gen_dealloc,
    TypeSlots {
        tp_traverse: Some(gen_traverse),
        tp_clear: Some(gen_clear),
        tp_repr: Some(gen_repr),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&CORO_METHODS)
.with_getset(&CORO_GETSET)
.with_weaklistoffset(core::mem::offset_of!(GenObject, weakreflist));

/// The iterator `coroutine.__await__()` returns (`PyCoroWrapper`).
#[repr(C)]
pub struct CoroWrapperObject {
    ob_base: ObjectHeader,
    coro: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CoroWrapperObject {}

impl PyClass for CoroWrapperObject {
    fn type_object() -> &'static TypeObject {
        &CORO_WRAPPER_TYPE
    }
}

fn wrapper_coro(v: &PyObject) -> PyResult<&PyObject> {
    downcast::<CoroWrapperObject>(v)
        .map(|w| &*w.coro)
        .ok_or_else(errors::bad_internal_call)
}

/// `coro_wrapper_iternext`.
fn coro_wrapper_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let c = wrapper_coro(v)?;
    match as_gen(c)?.send_ex(None, false)? {
        Send::Next(v) => Ok(Some(v)),
        Send::Return(r) if object::is_none(&r) => Ok(None),
        Send::Return(r) => Err(set_stop_iteration_value(&r)),
    }
}

fn coro_wrapper_send(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    meth_send(wrapper_coro(v)?, arg)
}

fn coro_wrapper_throw(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    meth_throw(wrapper_coro(v)?, args)
}

fn coro_wrapper_close(v: &PyObject) -> PyResult<ObjRef> {
    meth_close(wrapper_coro(v)?)
}

static CORO_WRAPPER_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "send", ml_meth: MethodFn::O(coro_wrapper_send), ml_doc: None },
    MethodDef { ml_name: "throw", ml_meth: MethodFn::FastCall(coro_wrapper_throw), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(coro_wrapper_close), ml_doc: None },
];

/// `coroutine_wrapper` (`_PyCoroWrapper_Type`).
pub static CORO_WRAPPER_TYPE: TypeObject = TypeObject::new_static(
    "coroutine_wrapper",
    size_of::<CoroWrapperObject>(),
    object::dealloc_simple::<CoroWrapperObject>,
    TypeSlots {
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(coro_wrapper_iternext),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&CORO_WRAPPER_METHODS);

// ---------------------------------------------------------------------
// The awaitable protocol of the eval loop (GET_AWAITABLE, GET_AITER,
// GET_ANEXT).

/// Is `v` a generator whose code is marked `CO_ITERABLE_COROUTINE`
/// (`types.coroutine`), which `await` accepts as is?
fn is_iterable_coroutine(v: &PyObject) -> bool {
    as_gen_like(v).is_some_and(|g| {
        g.kind == Kind::Gen && g.code.flags & crate::compile::code::CO_ITERABLE_COROUTINE != 0
    })
}

/// Looks up a special method on the type of `v`, bound to `v`.
fn special_method(v: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    let key = unicodeobject::intern_str(name)?;
    let ty = type_of(v);
    let Some(d) = ty.lookup(&key)? else {
        return Ok(None);
    };
    match type_of(&d).slots.tp_descr_get.get() {
        Some(get) => get(&d, Some(v), Some(object::as_obj(ty))).map(Some),
        None => Ok(Some(d)),
    }
}

/// `_PyCoro_GetAwaitableIter`: a coroutine (or iterable coroutine)
/// itself, else the iterator its type's `__await__` returns.
pub fn get_awaitable_iter(o: &PyObject) -> PyResult<ObjRef> {
    if as_gen_like(o).is_some_and(|g| g.kind == Kind::Coro) || is_iterable_coroutine(o) {
        return Ok(object::new_ref(o));
    }
    if let Some(getter) = special_method(o, "__await__")? {
        let res = crate::objects::call::call(&getter, &[])?;
        if as_gen_like(&res).is_some_and(|g| g.kind == Kind::Coro) || is_iterable_coroutine(&res) {
            return Err(errors::set_string(
                exceptions::type_error(),
                "__await__() returned a coroutine",
            ));
        }
        if type_of(&res).slots.tp_iternext.get().is_none() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!(
                    "__await__() returned non-iterator of type '{}'",
                    type_of(&res).name()
                ),
            ));
        }
        return Ok(res);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("'{}' object can't be awaited", type_of(o).name()),
    ))
}

/// `_PyEval_GetAwaitable` (GET_AWAITABLE): `oparg` 1 and 2 name the
/// `async with` method that produced the object.
pub fn get_awaitable(o: &PyObject, oparg: u32) -> PyResult<ObjRef> {
    let it = match get_awaitable_iter(o) {
        Ok(it) => it,
        Err(e) => {
            let has_await = unicodeobject::intern_str("__await__")
                .and_then(|k| type_of(o).lookup(&k))
                .map(|d| d.is_some())
                .unwrap_or(true);
            if !has_await && (oparg == 1 || oparg == 2) {
                drop(e);
                errors::clear();
                let which = if oparg == 1 { "__aenter__" } else { "__aexit__" };
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "'async with' received an object from {which} that does not implement __await__: {}",
                        type_of(o).name()
                    ),
                ));
            }
            return Err(e);
        }
    };
    if let Some(g) = as_gen_like(&it)
        && g.kind == Kind::Coro
        && g.yield_from().is_some()
    {
        return Err(errors::set_string(
            exceptions::runtime_error(),
            "coroutine is being awaited already",
        ));
    }
    Ok(it)
}

/// GET_AITER: `type(o).__aiter__(o)`, which must have `__anext__`.
pub fn get_aiter(o: &PyObject) -> PyResult<ObjRef> {
    let Some(getter) = special_method(o, "__aiter__")? else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "'async for' requires an object with __aiter__ method, got {}",
                type_of(o).name()
            ),
        ));
    };
    let it = crate::objects::call::call(&getter, &[])?;
    let key = unicodeobject::intern_str("__anext__")?;
    if type_of(&it).lookup(&key)?.is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                type_of(&it).name()
            ),
        ));
    }
    Ok(it)
}

/// `_PyEval_GetANext` (GET_ANEXT): the awaitable of `aiter.__anext__()`.
pub fn get_anext(aiter: &PyObject) -> PyResult<ObjRef> {
    if let Some(g) = as_gen_like(aiter)
        && g.kind == Kind::AsyncGen
    {
        return async_gen_anext(aiter);
    }
    let Some(getter) = special_method(aiter, "__anext__")? else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                type_of(aiter).name()
            ),
        ));
    };
    let next = crate::objects::call::call(&getter, &[])?;
    match get_awaitable_iter(&next) {
        Ok(a) => Ok(a),
        Err(e) if errors::exception_matches(exceptions::type_error()) => {
            drop(e);
            errors::clear();
            Err(errors::set_string(
                exceptions::type_error(),
                &format!(
                    "'async for' received an invalid object from __anext__: {}",
                    type_of(&next).name()
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------
// Async generators (`PyAsyncGen_Type`, `_PyAsyncGenASend_Type`,
// `_PyAsyncGenAThrow_Type`, `_PyAsyncGenWrappedValue_Type`).

/// A value yielded by `yield` in an async generator, as opposed to one
/// passed through from an `await` (`_PyAsyncGenWrappedValue`).
#[repr(C)]
pub struct AsyncGenWrappedValue {
    ob_base: ObjectHeader,
    val: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AsyncGenWrappedValue {}

impl PyClass for AsyncGenWrappedValue {
    fn type_object() -> &'static TypeObject {
        &ASYNC_GEN_WRAPPED_VALUE_TYPE
    }
}

/// `async_generator_wrapped_value`.
pub static ASYNC_GEN_WRAPPED_VALUE_TYPE: TypeObject = TypeObject::new_static(
    "async_generator_wrapped_value",
    size_of::<AsyncGenWrappedValue>(),
    object::dealloc_simple::<AsyncGenWrappedValue>,
    TypeSlots::EMPTY,
);

/// `_PyAsyncGenValueWrapperNew` (INTRINSIC_ASYNC_GEN_WRAP).
pub fn async_gen_value_wrapper_new(v: &PyObject) -> PyResult<ObjRef> {
    object::new_object(AsyncGenWrappedValue {
        ob_base: ObjectHeader::new(&ASYNC_GEN_WRAPPED_VALUE_TYPE.head),
        val: object::new_ref(v),
    })
    .map(into_obj)
}

/// `AWAITABLE_STATE_INIT`: not started.
const AW_INIT: u8 = 0;
/// `AWAITABLE_STATE_ITER`: being iterated.
const AW_ITER: u8 = 1;
/// `AWAITABLE_STATE_CLOSED`: exhausted.
const AW_CLOSED: u8 = 2;

impl GenObject {
    /// `async_gen_unwrap_value`: the outcome of one step of an async
    /// generator as its awaitable reports it: a `yield`ed value is a
    /// StopIteration carrying it; an `await`ed value passes through; the
    /// end is StopAsyncIteration.
    fn unwrap_value(&self, r: PyResult<Send>) -> PyResult<ObjRef> {
        match r {
            Ok(Send::Next(v)) => {
                if let Some(w) = downcast::<AsyncGenWrappedValue>(&v) {
                    self.running_async.store(false, Ordering::Release);
                    return Err(set_stop_iteration_value(&w.val));
                }
                Ok(v)
            }
            Ok(Send::Return(_)) => {
                self.ag_closed.store(true, Ordering::Release);
                self.running_async.store(false, Ordering::Release);
                Err(errors::set_none(exceptions::stop_async_iteration()))
            }
            Err(e) => {
                if errors::exception_matches(exceptions::stop_async_iteration())
                    || errors::exception_matches(exceptions::generator_exit())
                {
                    self.ag_closed.store(true, Ordering::Release);
                }
                self.running_async.store(false, Ordering::Release);
                Err(e)
            }
        }
    }
}

/// The awaitable of `__anext__()` / `asend(v)` (`PyAsyncGenASend`).
#[repr(C)]
pub struct AsendObject {
    ob_base: ObjectHeader,
    agen: ObjRef,
    sendval: ObjRef,
    state: AtomicU8,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AsendObject {}

impl PyClass for AsendObject {
    fn type_object() -> &'static TypeObject {
        &ASYNC_GEN_ASEND_TYPE
    }
}

/// The awaitable of `athrow(...)` and `aclose()` (`PyAsyncGenAThrow`);
/// `args` is None for `aclose()`.
#[repr(C)]
pub struct AthrowObject {
    ob_base: ObjectHeader,
    agen: ObjRef,
    args: Option<Box<[ObjRef]>>,
    state: AtomicU8,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AthrowObject {}

impl PyClass for AthrowObject {
    fn type_object() -> &'static TypeObject {
        &ASYNC_GEN_ATHROW_TYPE
    }
}

fn new_asend(agen: &PyObject, sendval: &PyObject) -> PyResult<ObjRef> {
    object::new_object(AsendObject {
        ob_base: ObjectHeader::new(&ASYNC_GEN_ASEND_TYPE.head),
        agen: object::new_ref(agen),
        sendval: object::new_ref(sendval),
        state: AtomicU8::new(AW_INIT),
    })
    .map(into_obj)
}

fn new_athrow(agen: &PyObject, args: Option<&[ObjRef]>) -> PyResult<ObjRef> {
    object::new_object(AthrowObject {
        ob_base: ObjectHeader::new(&ASYNC_GEN_ATHROW_TYPE.head),
        agen: object::new_ref(agen),
        args: args.map(|a| a.to_vec().into_boxed_slice()),
        state: AtomicU8::new(AW_INIT),
    })
    .map(into_obj)
}

/// `async_gen_anext`.
fn async_gen_anext(v: &PyObject) -> PyResult<ObjRef> {
    as_gen(v)?;
    new_asend(v, &object::NONE)
}

/// `async_gen_asend`.
fn async_gen_asend(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    as_gen(v)?;
    new_asend(v, arg)
}

/// `async_gen_athrow`.
fn async_gen_athrow(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    as_gen(v)?;
    if args.is_empty() || args.len() > 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("athrow expected at least 1 argument, got {}", args.len()),
        ));
    }
    warn_three_args(args, "athrow")?;
    new_athrow(v, Some(args))
}

/// `async_gen_aclose`.
fn async_gen_aclose(v: &PyObject) -> PyResult<ObjRef> {
    as_gen(v)?;
    new_athrow(v, None)
}

fn asend_of(v: &PyObject) -> PyResult<(&AsendObject, &GenObject)> {
    let a = downcast::<AsendObject>(v).ok_or_else(errors::bad_internal_call)?;
    Ok((a, as_gen(&a.agen)?))
}

fn athrow_of(v: &PyObject) -> PyResult<(&AthrowObject, &GenObject)> {
    let a = downcast::<AthrowObject>(v).ok_or_else(errors::bad_internal_call)?;
    Ok((a, as_gen(&a.agen)?))
}

fn runtime_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::runtime_error(), msg)
}

/// `async_gen_asend_send`.
fn asend_send(v: &PyObject, arg: Option<&PyObject>) -> PyResult<ObjRef> {
    let (a, g) = asend_of(v)?;
    let state = a.state.load(Ordering::Acquire);
    if state == AW_CLOSED {
        return Err(runtime_error("cannot reuse already awaited __anext__()/asend()"));
    }
    let mut arg = arg;
    if state == AW_INIT {
        if g.running_async.load(Ordering::Acquire) {
            a.state.store(AW_CLOSED, Ordering::Release);
            return Err(runtime_error("anext(): asynchronous generator is already running"));
        }
        if arg.is_none_or(object::is_none) {
            arg = Some(&a.sendval);
        }
        a.state.store(AW_ITER, Ordering::Release);
    }
    g.running_async.store(true, Ordering::Release);
    let r = g.unwrap_value(g.send_ex(arg, false));
    if r.is_err() {
        a.state.store(AW_CLOSED, Ordering::Release);
    }
    r
}

fn asend_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    asend_send(v, None).map(Some)
}

fn asend_meth_send(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    asend_send(v, Some(arg))
}

/// `async_gen_asend_throw`.
fn asend_throw(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (a, g) = asend_of(v)?;
    let state = a.state.load(Ordering::Acquire);
    if state == AW_CLOSED {
        return Err(runtime_error("cannot reuse already awaited __anext__()/asend()"));
    }
    if state == AW_INIT {
        if g.running_async.load(Ordering::Acquire) {
            a.state.store(AW_CLOSED, Ordering::Release);
            return Err(runtime_error("anext(): asynchronous generator is already running"));
        }
        a.state.store(AW_ITER, Ordering::Release);
        g.running_async.store(true, Ordering::Release);
    }
    warn_three_args(args, "throw")?;
    let exc = throw_args(args)?;
    let r = g.unwrap_value(g.throw(exc));
    if r.is_err() {
        a.state.store(AW_CLOSED, Ordering::Release);
    }
    r
}

/// `async_gen_asend_close`.
fn asend_close(v: &PyObject) -> PyResult<ObjRef> {
    let (a, _) = asend_of(v)?;
    a.state.store(AW_CLOSED, Ordering::Release);
    Ok(object::none())
}

/// `async_gen_athrow_send`.
fn athrow_send(v: &PyObject, arg: Option<&PyObject>) -> PyResult<ObjRef> {
    let (a, g) = athrow_of(v)?;
    let state = a.state.load(Ordering::Acquire);
    if state == AW_CLOSED {
        return Err(runtime_error("cannot reuse already awaited aclose()/athrow()"));
    }
    if g.state.load(Ordering::Acquire) == COMPLETED {
        a.state.store(AW_CLOSED, Ordering::Release);
        return Err(errors::set_none(exceptions::stop_iteration()));
    }
    let is_close = a.args.is_none();
    let retval: PyResult<ObjRef> = if state == AW_INIT {
        if g.running_async.load(Ordering::Acquire) {
            a.state.store(AW_CLOSED, Ordering::Release);
            return Err(runtime_error(if is_close {
                "aclose(): asynchronous generator is already running"
            } else {
                "athrow(): asynchronous generator is already running"
            }));
        }
        if g.ag_closed.load(Ordering::Acquire) {
            a.state.store(AW_CLOSED, Ordering::Release);
            return Err(errors::set_none(exceptions::stop_async_iteration()));
        }
        if arg.is_some_and(|x| !object::is_none(x)) {
            return Err(runtime_error("can't send non-None value to a just-started coroutine"));
        }
        a.state.store(AW_ITER, Ordering::Release);
        g.running_async.store(true, Ordering::Release);
        match &a.args {
            None => {
                g.ag_closed.store(true, Ordering::Release);
                let exc = object::call(object::as_obj(exceptions::generator_exit()), &[])?;
                match g.throw(exc) {
                    Ok(Send::Next(v)) if downcast::<AsyncGenWrappedValue>(&v).is_some() => {
                        return athrow_yield_close(a, g);
                    }
                    Ok(Send::Next(v)) => Ok(v),
                    Ok(Send::Return(_)) => Err(errors::set_none(exceptions::stop_iteration())),
                    Err(e) => Err(e),
                }
            }
            Some(args) => {
                let exc = throw_args(args)?;
                g.unwrap_value(g.throw(exc))
            }
        }
    } else {
        let r = g.send_ex(arg, false);
        if is_close {
            match r {
                Ok(Send::Next(v)) if downcast::<AsyncGenWrappedValue>(&v).is_some() => {
                    return athrow_yield_close(a, g);
                }
                Ok(Send::Next(v)) => Ok(v),
                Ok(Send::Return(_)) => Err(errors::set_none(exceptions::stop_iteration())),
                Err(e) => Err(e),
            }
        } else {
            g.unwrap_value(r)
        }
    };
    match retval {
        Ok(v) => Ok(v),
        Err(e) => Err(athrow_check_error(a, g, e)),
    }
}

/// The `yield_close` exit of `async_gen_athrow_send`.
fn athrow_yield_close(a: &AthrowObject, g: &GenObject) -> PyResult<ObjRef> {
    g.running_async.store(false, Ordering::Release);
    a.state.store(AW_CLOSED, Ordering::Release);
    Err(runtime_error("async generator ignored GeneratorExit"))
}

/// The `check_error` exit of `async_gen_athrow_send`: `aclose()` of a
/// generator that finished or exited ends its awaitable with StopIteration.
fn athrow_check_error(a: &AthrowObject, g: &GenObject, e: errors::ErrSet) -> errors::ErrSet {
    g.running_async.store(false, Ordering::Release);
    a.state.store(AW_CLOSED, Ordering::Release);
    if a.args.is_none()
        && (errors::exception_matches(exceptions::stop_async_iteration())
            || errors::exception_matches(exceptions::generator_exit()))
    {
        drop(e);
        errors::clear();
        return errors::set_none(exceptions::stop_iteration());
    }
    e
}

fn athrow_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    athrow_send(v, None).map(Some)
}

fn athrow_meth_send(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    athrow_send(v, Some(arg))
}

/// `async_gen_athrow_throw`.
fn athrow_throw(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (a, g) = athrow_of(v)?;
    let state = a.state.load(Ordering::Acquire);
    if state == AW_CLOSED {
        return Err(runtime_error("cannot reuse already awaited aclose()/athrow()"));
    }
    if state == AW_INIT {
        if g.running_async.load(Ordering::Acquire) {
            a.state.store(AW_CLOSED, Ordering::Release);
            return Err(runtime_error(if a.args.is_none() {
                "aclose(): asynchronous generator is already running"
            } else {
                "athrow(): asynchronous generator is already running"
            }));
        }
        a.state.store(AW_ITER, Ordering::Release);
        g.running_async.store(true, Ordering::Release);
    }
    warn_three_args(args, "throw")?;
    let exc = throw_args(args)?;
    let r = g.throw(exc);
    if a.args.is_some() {
        return g.unwrap_value(r);
    }
    match r {
        Ok(Send::Next(v)) if downcast::<AsyncGenWrappedValue>(&v).is_some() => {
            g.running_async.store(false, Ordering::Release);
            a.state.store(AW_CLOSED, Ordering::Release);
            Err(runtime_error("async generator ignored GeneratorExit"))
        }
        Ok(Send::Next(v)) => Ok(v),
        Ok(Send::Return(_)) => Err(athrow_check_error(a, g, errors::set_none(exceptions::stop_async_iteration()))),
        Err(e) => Err(athrow_check_error(a, g, e)),
    }
}

/// `async_gen_athrow_close`.
fn athrow_close(v: &PyObject) -> PyResult<ObjRef> {
    let (a, _) = athrow_of(v)?;
    a.state.store(AW_CLOSED, Ordering::Release);
    Ok(object::none())
}

/// `__await__` of the awaitables: themselves.
fn self_await(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

static ASEND_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "send", ml_meth: MethodFn::O(asend_meth_send), ml_doc: None },
    MethodDef { ml_name: "throw", ml_meth: MethodFn::FastCall(asend_throw), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(asend_close), ml_doc: None },
    MethodDef { ml_name: "__await__", ml_meth: MethodFn::NoArgs(self_await), ml_doc: None },
];

/// `async_generator_asend`.
pub static ASYNC_GEN_ASEND_TYPE: TypeObject = TypeObject::new_static(
    "async_generator_asend",
    size_of::<AsendObject>(),
    object::dealloc_simple::<AsendObject>,
    TypeSlots {
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(asend_iternext),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&ASEND_METHODS);

static ATHROW_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "send", ml_meth: MethodFn::O(athrow_meth_send), ml_doc: None },
    MethodDef { ml_name: "throw", ml_meth: MethodFn::FastCall(athrow_throw), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(athrow_close), ml_doc: None },
    MethodDef { ml_name: "__await__", ml_meth: MethodFn::NoArgs(self_await), ml_doc: None },
];

/// `async_generator_athrow`.
pub static ASYNC_GEN_ATHROW_TYPE: TypeObject = TypeObject::new_static(
    "async_generator_athrow",
    size_of::<AthrowObject>(),
    object::dealloc_simple::<AthrowObject>,
    TypeSlots {
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(athrow_iternext),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&ATHROW_METHODS);

static ASYNC_GEN_METHODS: [MethodDef; 5] = [
    MethodDef {
        ml_name: "asend",
        ml_meth: MethodFn::O(async_gen_asend),
        ml_doc: Some("asend(v) -> send 'v' in generator."),
    },
    MethodDef {
        ml_name: "athrow",
        ml_meth: MethodFn::FastCall(async_gen_athrow),
        ml_doc: Some("athrow(value)\nathrow(type[,value[,tb]])\n\nraise exception in generator."),
    },
    MethodDef {
        ml_name: "aclose",
        ml_meth: MethodFn::NoArgs(async_gen_aclose),
        ml_doc: Some("aclose() -> raise GeneratorExit inside generator."),
    },
    MethodDef { ml_name: "__aiter__", ml_meth: MethodFn::NoArgs(self_await), ml_doc: None },
    MethodDef { ml_name: "__anext__", ml_meth: MethodFn::NoArgs(async_gen_anext), ml_doc: None },
];

static ASYNC_GEN_GETSET: [GetSetDef; 7] = [
    GetSetDef { name: "__name__", get: get_name, set: Some(set_name), doc: Some("name of the async generator") },
    GetSetDef { name: "__qualname__", get: get_qualname, set: Some(set_qualname), doc: Some("qualified name of the async generator") },
    GetSetDef { name: "ag_await", get: get_yieldfrom, set: None, doc: Some("object being awaited on, or None") },
    GetSetDef { name: "ag_running", get: get_running_async, set: None, doc: None },
    GetSetDef { name: "ag_frame", get: get_frame, set: None, doc: None },
    GetSetDef { name: "ag_code", get: get_code, set: None, doc: None },
    GetSetDef { name: "ag_suspended", get: get_suspended, set: None, doc: None },
];

/// `async_generator` (`PyAsyncGen_Type`).
pub static ASYNC_GEN_TYPE: TypeObject = TypeObject::new_static(
    "async_generator",
    size_of::<GenObject>(),
    gen_dealloc,
    TypeSlots {
        tp_traverse: Some(gen_traverse),
        tp_clear: Some(gen_clear),
        tp_repr: Some(gen_repr),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&ASYNC_GEN_METHODS)
.with_getset(&ASYNC_GEN_GETSET)
.with_weaklistoffset(core::mem::offset_of!(GenObject, weakreflist));

/// The types of this module, for `ready_types`.
pub fn types() -> [&'static TypeObject; 9] {
    [
        &crate::objects::frameobject::FRAME_LOCALS_PROXY_TYPE,
        &ANEXT_AWAITABLE_TYPE,
        &GEN_TYPE,
        &CORO_TYPE,
        &CORO_WRAPPER_TYPE,
        &ASYNC_GEN_TYPE,
        &ASYNC_GEN_ASEND_TYPE,
        &ASYNC_GEN_ATHROW_TYPE,
        &ASYNC_GEN_WRAPPED_VALUE_TYPE,
    ]
}

// ---------------------------------------------------------------------
// `anext(aiterator, default)`'s awaitable (`anextawaitable` of
// Objects/iterobject.c) and the `aiter` / `anext` builtins.

/// The awaitable `anext(it, default)` returns: it awaits
/// `it.__anext__()` and turns its StopAsyncIteration into the default.
#[repr(C)]
pub struct AnextAwaitable {
    ob_base: ObjectHeader,
    wrapped: ObjRef,
    default_value: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AnextAwaitable {}

impl PyClass for AnextAwaitable {
    fn type_object() -> &'static TypeObject {
        &ANEXT_AWAITABLE_TYPE
    }
}

/// `anextawaitable_getiter`: an iterator over the awaitable of
/// `wrapped.__anext__()`.
fn anext_getiter(a: &AnextAwaitable) -> PyResult<ObjRef> {
    let Some(getter) = special_method(&a.wrapped, "__anext__")? else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "'{}' object is not an async iterator",
                type_of(&a.wrapped).name()
            ),
        ));
    };
    let awaitable = crate::objects::call::call(&getter, &[])?;
    let it = get_awaitable_iter(&awaitable)?;
    if type_of(&it).slots.tp_iternext.get().is_none() {
        // Only coroutines lack `tp_iternext`: iterate their `__await__()`.
        return coro_await(&it);
    }
    Ok(it)
}

/// `anextawaitable_proxy` after the call: StopAsyncIteration becomes
/// StopIteration(default).
fn anext_result<T>(a: &AnextAwaitable, r: PyResult<T>) -> PyResult<T> {
    match r {
        Err(e) if errors::exception_matches(exceptions::stop_async_iteration()) => {
            drop(e);
            errors::clear();
            Err(set_stop_iteration_value(&a.default_value))
        }
        r => r,
    }
}

fn anext_of(v: &PyObject) -> PyResult<&AnextAwaitable> {
    downcast::<AnextAwaitable>(v).ok_or_else(errors::bad_internal_call)
}

fn anext_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let a = anext_of(v)?;
    let it = anext_getiter(a)?;
    let next = type_of(&it).slots.tp_iternext.get().ok_or_else(errors::bad_internal_call)?;
    anext_result(a, next(&it))
}

fn anext_proxy(v: &PyObject, meth: &str, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = anext_of(v)?;
    let it = anext_getiter(a)?;
    let m = object::get_attr_str(&it, meth)?;
    anext_result(a, crate::objects::call::call(&m, args))
}

fn anext_send(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    anext_proxy(v, "send", &[arg])
}

fn anext_throw(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    anext_proxy(v, "throw", &refs)
}

fn anext_close(v: &PyObject) -> PyResult<ObjRef> {
    anext_proxy(v, "close", &[])
}

static ANEXT_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "send", ml_meth: MethodFn::O(anext_send), ml_doc: None },
    MethodDef { ml_name: "throw", ml_meth: MethodFn::FastCall(anext_throw), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(anext_close), ml_doc: None },
    MethodDef { ml_name: "__await__", ml_meth: MethodFn::NoArgs(self_await), ml_doc: None },
];

/// `anext_awaitable` (`_PyAnextAwaitable_Type`).
pub static ANEXT_AWAITABLE_TYPE: TypeObject = TypeObject::new_static(
    "anext_awaitable",
    size_of::<AnextAwaitable>(),
    object::dealloc_simple::<AnextAwaitable>,
    TypeSlots {
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(anext_iternext),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&ANEXT_METHODS);

/// `builtin_aiter`.
pub fn builtin_aiter(args: &[&PyObject], kwnames: Option<&crate::objects::tupleobject::TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "aiter() takes no keyword arguments"));
    }
    let [o] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("aiter() takes exactly one argument ({} given)", args.len()),
        ));
    };
    let Some(getter) = special_method(o, "__aiter__")? else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not an async iterable", type_of(o).name()),
        ));
    };
    let it = crate::objects::call::call(&getter, &[])?;
    let key = unicodeobject::intern_str("__anext__")?;
    if type_of(&it).lookup(&key)?.is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("aiter() returned not an async iterator of type '{}'", type_of(&it).name()),
        ));
    }
    Ok(it)
}

/// `builtin_anext`.
pub fn builtin_anext(args: &[&PyObject], kwnames: Option<&crate::objects::tupleobject::TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "anext() takes no keyword arguments"));
    }
    let (aiter, default) = match args {
        [a] => (*a, None),
        [a, d] => (*a, Some(*d)),
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("anext expected at least 1 argument, got {}", args.len()),
            ));
        }
    };
    let key = unicodeobject::intern_str("__anext__")?;
    if type_of(aiter).lookup(&key)?.is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not an async iterator", type_of(aiter).name()),
        ));
    }
    match default {
        None => {
            let getter = special_method(aiter, "__anext__")?.ok_or_else(errors::bad_internal_call)?;
            crate::objects::call::call(&getter, &[])
        }
        Some(d) => object::new_object(AnextAwaitable {
            ob_base: ObjectHeader::new(&ANEXT_AWAITABLE_TYPE.head),
            wrapped: object::new_ref(aiter),
            default_value: object::new_ref(d),
        })
        .map(into_obj),
    }
}

/// `frame.clear()` on a generator-like object's frame (`frame_clear` with
/// `_PyGen_Finalize`): refused while it runs or is suspended; a frame not
/// started yet is closed, releasing its arguments.
pub fn clear_frame(v: &PyObject) -> PyResult<()> {
    let Some(g) = as_gen_like(v) else {
        return Ok(());
    };
    match g.state.load(Ordering::Acquire) {
        EXECUTING => Err(errors::set_string(exceptions::runtime_error(), "cannot clear an executing frame")),
        SUSPENDED => Err(errors::set_string(exceptions::runtime_error(), "cannot clear a suspended frame")),
        _ => g.close().map(drop),
    }
}

/// Runs `f` on the suspended (or not yet started) frame of generator-like
/// `v`, under the generator's lock: `f` must not run Python code. None
/// while it runs or once it has finished.
pub fn with_suspended_frame<R>(v: &PyObject, f: impl FnOnce(&mut Frame) -> R) -> Option<R> {
    let g = as_gen_like(v)?;
    let mut inner = lock(g);
    inner.frame.as_mut().map(f)
}
