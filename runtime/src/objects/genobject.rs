//! Generators, ported from Objects/genobject.c (3.14): the generator
//! object owns its suspended frame; `send`, `throw`, `close`, iteration
//! (`gen_send_ex2`, `_gen_throw`, `gen_close`, `gen_iternext`), the
//! `StopIteration` value protocol and "generator already executing".
//!
//! The frame state is an atomic (`gi_frame_state`): a resume claims the
//! generator by moving it from created/suspended to executing with one
//! compare-and-swap, so two threads can never run the same frame; the
//! loser gets CPython's ValueError. While it runs, the frame is moved out
//! of the generator into the eval loop and moved back at the next yield.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::compile::opcode as op;
use crate::errors::{self, PyResult};
use crate::objects::codeobject::CodeObject;
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::exceptions::{self, StopIterationObject};
use crate::objects::object::{self, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
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

/// A generator (`PyGenObject`).
#[repr(C)]
pub struct GenObject {
    ob_base: ObjectHeader,
    /// `gi_frame_state`.
    state: AtomicU8,
    inner: Mutex<GenInner>,
    /// `gi_code`.
    code: PyRef<CodeObject>,
    /// `gi_name`.
    name: ObjRef,
    /// `gi_qualname`.
    qualname: ObjRef,
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

/// `_Py_MakeCoro` for a generator function: a generator owning `frame`,
/// which `RETURN_GENERATOR` has left just after itself.
pub fn new(frame: Frame, name: ObjRef, qualname: ObjRef) -> PyResult<ObjRef> {
    let g = GenObject {
        ob_base: ObjectHeader::new(&GEN_TYPE.head),
        state: AtomicU8::new(CREATED),
        code: frame.code.clone(),
        inner: Mutex::new(GenInner {
            frame: Some(frame),
            exc_state: None,
        }),
        name,
        qualname,
    };
    object::new_object(g).map(into_obj)
}

fn lock(g: &GenObject) -> std::sync::MutexGuard<'_, GenInner> {
    g.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn as_gen(v: &PyObject) -> PyResult<&GenObject> {
    downcast::<GenObject>(v).ok_or_else(errors::bad_internal_call)
}

impl GenObject {
    /// `gen_send_ex2`: resumes the frame with `arg` pushed as the value of
    /// the `yield` (or, with `throw`, with the raised exception thrown in
    /// at the `yield`). `arg` is `None` when called for `__next__`.
    pub fn send_ex(&self, arg: Option<&PyObject>, throw: bool) -> PyResult<Send> {
        let state = self.state.load(Ordering::Acquire);
        if state == CREATED && arg.is_some_and(|a| !object::is_none(a)) {
            return Err(errors::set_string(
                exceptions::type_error(),
                "can't send non-None value to a just-started generator",
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
                "generator already executing",
            ));
        }
        if state == COMPLETED {
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
        let outer = crate::vm::current_exception();
        let entered = saved_exc.clone().or_else(|| outer.clone());
        drop(crate::vm::swap_exc_info(entered));
        let res = eval::resume(frame, throw);
        let inside = crate::vm::swap_exc_info(outer.clone());
        match res {
            Ok(Exit::Yield(v, frame)) => {
                let own = match (&inside, &outer) {
                    (Some(i), Some(o)) if object::is(i, o) => None,
                    _ => inside,
                };
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
        if self.yield_outside_try() {
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
        match self.send_ex(None, true) {
            Ok(Send::Next(_)) => Err(errors::set_string(
                exceptions::runtime_error(),
                "generator ignored GeneratorExit",
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
            let res = if let Some(sub) = downcast::<GenObject>(&yf) {
                self.executing(|| sub.throw(exc.clone()))
            } else {
                let name = unicodeobject::intern_str("throw")?;
                match object::get_attr(&yf, &name) {
                    Ok(meth) => self
                        .executing(|| crate::objects::call::call(&meth, &[&exc]))
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
    if let Some(g) = downcast::<GenObject>(yf) {
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
    into_result(g.throw(exc))
}

/// `gen_close`.
fn meth_close(v: &PyObject) -> PyResult<ObjRef> {
    as_gen(v)?.close()
}

/// `gen_repr`.
fn gen_repr(v: &PyObject) -> PyResult<ObjRef> {
    let g = as_gen(v)?;
    unicodeobject::from_string(format!(
        "<generator object {} at {v:p}>",
        object::str_lossy(&g.qualname)
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
    if let Some(g) = downcast::<GenObject>(g)
        && g.state.load(Ordering::Acquire) == SUSPENDED
    {
        let saved = errors::take_raised();
        if g.close().is_err() {
            let exc = errors::take_raised().unwrap_or_else(object::none);
            crate::builtins::flush_stdout();
            eprintln!(
                "Exception ignored while closing generator <generator object {} at {:p}>:\n{}: {}",
                object::str_lossy(&g.qualname),
                op,
                type_of(&exc).name(),
                object::str_lossy(&exc)
            );
        }
        if let Some(s) = saved {
            let _ = errors::set_raised(s);
        }
    }
    // SAFETY: as above; the generator is released exactly once.
    unsafe { object::dealloc_simple::<GenObject>(op) }
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_gen(v)?.name.clone())
}

fn get_qualname(v: &PyObject) -> PyResult<ObjRef> {
    Ok(as_gen(v)?.qualname.clone())
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

static GEN_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "__name__", get: get_name, set: None, doc: Some("name of the generator") },
    GetSetDef { name: "__qualname__", get: get_qualname, set: None, doc: Some("qualified name of the generator") },
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
        tp_repr: Some(gen_repr),
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(gen_iternext),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&GEN_METHODS)
.with_getset(&GEN_GETSET);
