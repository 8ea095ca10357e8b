//! Frame objects, ported from Objects/frameobject.c (`PyFrameObject`:
//! `f_code`, `f_globals`, `f_builtins`, `f_locals`, `f_lineno`,
//! `f_lasti`, `f_back`, `f_trace`, `f_generator`, `clear()`, `frame_repr`)
//! and `sys._getframe` (Python/sysmodule.c).
//!
//! rupy's interpreter frames live inside the eval loop (see vm/frame.rs)
//! and move around, so a frame object does not point at its frame: a
//! running frame keeps its frame object (`frame_obj`), and the object
//! finds its frame by walking the thread's running frames when it is
//! read. While the frame runs, `f_locals` is a new dict of the current
//! values (CPython's write-through `FrameLocalsProxy` is not implemented:
//! docs/quirks.md), `f_lineno`, `f_lasti` and `f_back` are read from the
//! frame; when the frame is released, its object takes over the final
//! values (`take_ownership`). A module or class frame's `f_locals` is its
//! live namespace. A generator's `gi_frame` is a snapshot whose
//! `f_locals` reads the generator's locals.

use core::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::codeobject::CodeObject;
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::{exceptions, longobject, unicodeobject};
use crate::vm::frame::{Frame, walk_frames};

/// A frame object (`PyFrameObject`).
#[repr(C)]
pub struct FrameObject {
    ob_base: ObjectHeader,
    code: PyRef<CodeObject>,
    globals: PyRef<DictObject>,
    builtins: PyRef<DictObject>,
    /// `f_locals`: the namespace, or the values once the frame has been
    /// released (empty while a function frame runs).
    locals: ObjSlot,
    /// The instruction last executed, in code units (while not running).
    lasti: AtomicI32,
    /// `f_lineno` (while not running).
    lineno: AtomicI32,
    /// `f_back` once the frame has been released.
    back: ObjSlot,
    /// `f_trace`: the local trace function (vm/trace.rs).
    trace: ObjSlot,
    /// `f_trace_lines`.
    trace_lines: AtomicBool,
    /// `f_trace_opcodes`.
    trace_opcodes: AtomicBool,
    /// `f_lineno` as set while a trace function runs (0: computed).
    trace_lineno: AtomicI32,
    /// `f_generator`: the generator or coroutine owning the frame.
    generator: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FrameObject {}

impl PyClass for FrameObject {
    fn type_object() -> &'static TypeObject {
        &FRAME_TYPE
    }
}

fn new_frame_object(frame: &Frame, locals: Option<ObjRef>, generator: Option<ObjRef>) -> PyResult<ObjRef> {
    let f = FrameObject {
        ob_base: ObjectHeader::new(&FRAME_TYPE.head),
        code: frame.code.clone(),
        globals: frame.globals.clone(),
        builtins: frame.builtins.clone(),
        locals: ObjSlot::new(locals),
        lasti: AtomicI32::new(i32::try_from(frame.instr).unwrap_or(i32::MAX)),
        lineno: AtomicI32::new(frame.lineno()),
        back: ObjSlot::empty(),
        trace: ObjSlot::empty(),
        trace_lines: AtomicBool::new(true),
        trace_opcodes: AtomicBool::new(false),
        trace_lineno: AtomicI32::new(0),
        generator: ObjSlot::new(generator),
    };
    object::new_object(f).map(into_obj)
}

/// A frame object for the suspended (or running) frame of `generator`
/// (`gi_frame`): its `f_locals` reads the generator's locals; the values
/// at this moment stand in once the generator runs or has finished.
pub fn snapshot(frame: &Frame, generator: ObjRef) -> PyResult<ObjRef> {
    new_frame_object(frame, Some(frame.locals_snapshot()?), Some(generator))
}

/// `_PyFrame_GetFrameObject`: the frame object of a running frame, made
/// on first use and kept by the frame.
pub fn frame_object(frame: &Frame) -> PyResult<ObjRef> {
    if let Some(f) = frame.frame_obj.get() {
        return Ok(f);
    }
    let f = new_frame_object(frame, frame.locals.clone(), None)?;
    frame.frame_obj.set(Some(f.clone()));
    Ok(f)
}

/// `take_ownership`: `frame` is being released while its frame object
/// `v` is referenced elsewhere; the object keeps the final position and
/// values, and the caller (the innermost running frame now) as `f_back`.
/// A generator's frame has no caller once it stops.
pub fn take_ownership(v: &PyObject, frame: &Frame) {
    use crate::compile::code::{CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR};
    let Some(f) = downcast::<FrameObject>(v) else {
        return;
    };
    f.lasti.store(i32::try_from(frame.instr).unwrap_or(i32::MAX), Ordering::Relaxed);
    f.lineno.store(frame.lineno(), Ordering::Relaxed);
    if f.locals.peek().is_null() {
        match frame.locals_snapshot() {
            Ok(l) => f.locals.set(Some(l)),
            // Out of memory: the object shows no locals.
            Err(_) => drop(errors::take_raised()),
        }
    }
    if frame.code.flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) == 0 {
        match crate::vm::frame::with_current_frame(frame_object) {
            Some(Ok(b)) => f.back.set(Some(b)),
            Some(Err(_)) => drop(errors::take_raised()),
            None => {}
        }
    }
}

/// A frame object for a frame that is no longer running (a traceback
/// entry's `tb_frame`): its code, globals, position and final locals
/// (empty when not kept).
pub fn detached(
    code: PyRef<CodeObject>,
    globals: PyRef<DictObject>,
    instr: usize,
    locals: Option<ObjRef>,
) -> PyResult<ObjRef> {
    let builtins = crate::builtins::builtins_dict()?;
    let lineno = code.addr2line(instr);
    let f = FrameObject {
        ob_base: ObjectHeader::new(&FRAME_TYPE.head),
        code,
        globals,
        builtins,
        locals: ObjSlot::new(Some(match locals {
            Some(l) => l,
            None => into_obj(DictObject::new()?),
        })),
        lasti: AtomicI32::new(i32::try_from(instr).unwrap_or(i32::MAX)),
        lineno: AtomicI32::new(lineno),
        back: ObjSlot::empty(),
        trace: ObjSlot::empty(),
        trace_lines: AtomicBool::new(true),
        trace_opcodes: AtomicBool::new(false),
        trace_lineno: AtomicI32::new(0),
        generator: ObjSlot::empty(),
    };
    object::new_object(f).map(into_obj)
}

/// Calls `f` on the running frame whose frame object is `v` and on that
/// frame's caller; None if `v`'s frame is not running on this thread.
fn with_live<R>(v: &PyObject, f: impl FnOnce(&Frame, Option<&Frame>) -> R) -> Option<R> {
    let target = core::ptr::from_ref(v);
    let mut found: Option<*const Frame> = None;
    let mut caller: Option<*const Frame> = None;
    walk_frames(|fr| {
        if found.is_some() {
            caller = Some(core::ptr::from_ref(fr));
            return false;
        }
        if core::ptr::eq(fr.frame_obj.peek(), target) {
            found = Some(core::ptr::from_ref(fr));
        }
        true
    });
    let p = found?;
    // SAFETY: `walk_frames` handed out these frames of the running loops
    // of this thread; they stay put until this call returns, and `f` only
    // reads them and makes objects (no Python code runs).
    let frame = unsafe { &*p };
    // SAFETY: as above.
    let caller = caller.map(|c| unsafe { &*c });
    Some(f(frame, caller))
}

/// The frame object of this thread's running frame `depth` frames below
/// the innermost (`sys._getframe(depth)`); None past the stack.
pub fn current_frame(depth: usize) -> PyResult<Option<ObjRef>> {
    let mut skipped = 0usize;
    let mut found: Option<PyResult<ObjRef>> = None;
    walk_frames(|f| {
        if skipped < depth {
            skipped += 1;
            return true;
        }
        found = Some(frame_object(f));
        false
    });
    found.transpose()
}

fn frame_of(v: &PyObject) -> PyResult<&FrameObject> {
    downcast::<FrameObject>(v).ok_or_else(errors::bad_internal_call)
}

fn get_code(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(&*frame_of(v)?.code))
}

fn get_globals(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(&*frame_of(v)?.globals))
}

fn get_builtins(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(&*frame_of(v)?.builtins))
}

/// `f_locals`: the current values of a running frame, the final ones of
/// a released frame, or, for the frame of a generator, a
/// `FrameLocalsProxy` that reads the generator's locals when used.
fn get_locals(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    if let Some(g) = f.generator.get() {
        return object::new_object(FrameLocalsProxy {
            ob_base: ObjectHeader::new(&FRAME_LOCALS_PROXY_TYPE.head),
            frame: object::new_ref(v),
            generator: g,
        })
        .map(into_obj);
    }
    if let Some(l) = with_live(v, |fr, _| fr.locals_snapshot()) {
        return l;
    }
    match f.locals.get() {
        Some(l) => Ok(l),
        None => Ok(into_obj(DictObject::new()?)),
    }
}

/// A generator frame's `f_locals` (`PyFrameLocalsProxy`, read-only here):
/// each use reads the generator's current locals.
#[repr(C)]
pub struct FrameLocalsProxy {
    ob_base: ObjectHeader,
    frame: ObjRef,
    generator: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FrameLocalsProxy {}

impl PyClass for FrameLocalsProxy {
    fn type_object() -> &'static TypeObject {
        &FRAME_LOCALS_PROXY_TYPE
    }
}

/// The locals the proxy stands for right now: the generator's while it
/// is suspended, else the frame's snapshot.
fn proxy_dict(v: &PyObject) -> PyResult<ObjRef> {
    let p = downcast::<FrameLocalsProxy>(v).ok_or_else(errors::bad_internal_call)?;
    if let Some(d) = crate::objects::genobject::suspended_locals(&p.generator)? {
        return Ok(d);
    }
    Ok(frame_of(&p.frame)?.locals.get().unwrap_or_else(object::none))
}

fn proxy_repr(v: &PyObject) -> PyResult<ObjRef> {
    object::repr(&*proxy_dict(v)?).map(into_obj)
}

fn proxy_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_item(&*proxy_dict(v)?, key)
}

fn proxy_len(v: &PyObject) -> PyResult<isize> {
    crate::objects::r#abstract::size(&*proxy_dict(v)?)
}

fn proxy_iter(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_iter(&*proxy_dict(v)?)
}

fn proxy_contains(v: &PyObject, key: &PyObject) -> PyResult<bool> {
    crate::objects::r#abstract::contains(&*proxy_dict(v)?, key)
}

/// `keys()` / `values()` / `items()` / `copy()` / `get()`: the dict's.
fn proxy_forward(v: &PyObject, name: &str, args: &[ObjRef]) -> PyResult<ObjRef> {
    let d = proxy_dict(v)?;
    let m = object::get_attr_str(&d, name)?;
    let refs: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    crate::objects::call::call(&m, &refs)
}

fn proxy_keys(v: &PyObject) -> PyResult<ObjRef> {
    proxy_forward(v, "keys", &[])
}
fn proxy_values(v: &PyObject) -> PyResult<ObjRef> {
    proxy_forward(v, "values", &[])
}
fn proxy_items(v: &PyObject) -> PyResult<ObjRef> {
    proxy_forward(v, "items", &[])
}
fn proxy_copy(v: &PyObject) -> PyResult<ObjRef> {
    proxy_dict(v)
}
fn proxy_get(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    proxy_forward(v, "get", args)
}

fn proxy_richcompare(v: &PyObject, w: &PyObject, op: object::CompareOp) -> PyResult<ObjRef> {
    let d = proxy_dict(v)?;
    let other = match downcast::<FrameLocalsProxy>(w) {
        Some(_) => proxy_dict(w)?,
        None => object::new_ref(w),
    };
    object::rich_compare(&d, &other, op)
}

static PROXY_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "keys", ml_meth: MethodFn::NoArgs(proxy_keys), ml_doc: None },
    MethodDef { ml_name: "values", ml_meth: MethodFn::NoArgs(proxy_values), ml_doc: None },
    MethodDef { ml_name: "items", ml_meth: MethodFn::NoArgs(proxy_items), ml_doc: None },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(proxy_copy), ml_doc: None },
    MethodDef { ml_name: "get", ml_meth: MethodFn::FastCall(proxy_get), ml_doc: None },
];

/// `FrameLocalsProxy` (`PyFrameLocalsProxy_Type`).
pub static FRAME_LOCALS_PROXY_TYPE: TypeObject = TypeObject::new_static(
    "FrameLocalsProxy",
    size_of::<FrameLocalsProxy>(),
    object::dealloc_simple::<FrameLocalsProxy>,
    TypeSlots {
        tp_repr: Some(proxy_repr),
        tp_iter: Some(proxy_iter),
        tp_richcompare: Some(proxy_richcompare),
        mp_subscript: Some(proxy_getitem),
        mp_length: Some(proxy_len),
        sq_contains: Some(proxy_contains),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&PROXY_METHODS);

fn lineno_of(v: &PyObject) -> PyResult<i32> {
    let f = frame_of(v)?;
    let traced = f.trace_lineno.load(Ordering::Relaxed);
    if traced > 0 {
        return Ok(traced);
    }
    Ok(with_live(v, |fr, _| fr.lineno()).unwrap_or_else(|| f.lineno.load(Ordering::Relaxed)))
}

fn get_lineno(v: &PyObject) -> PyResult<ObjRef> {
    let l = lineno_of(v)?;
    if l < 0 { Ok(object::none()) } else { longobject::from_i64(i64::from(l)) }
}

/// `frame_setlineno`: only a tracing function may jump, and rupy has no
/// tracing yet.
fn set_lineno(_v: &PyObject, _value: Option<&PyObject>) -> PyResult<()> {
    Err(errors::set_string(
        exceptions::value_error(),
        "f_lineno can only be set in a trace function",
    ))
}

fn get_lasti(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    let lasti = with_live(v, |fr, _| i64::try_from(fr.instr).unwrap_or(i64::MAX))
        .unwrap_or_else(|| i64::from(f.lasti.load(Ordering::Relaxed)));
    longobject::from_i64(lasti.saturating_mul(2))
}

/// `f_back`: the caller's frame object while the frame runs.
fn get_back(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    match with_live(v, |_, caller| caller.map(frame_object)) {
        Some(Some(back)) => back,
        Some(None) => Ok(object::none()),
        None => Ok(f.back.get().unwrap_or_else(object::none)),
    }
}

fn get_trace(v: &PyObject) -> PyResult<ObjRef> {
    Ok(frame_of(v)?.trace.get().unwrap_or_else(object::none))
}

fn set_trace(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = frame_of(v)?;
    f.trace.set(value.filter(|x| !object::is_none(x)).map(object::new_ref));
    Ok(())
}

/// The frame's `f_trace`, for the eval loop's hooks.
pub fn trace_of(v: &PyObject) -> Option<ObjRef> {
    downcast::<FrameObject>(v).and_then(|f| f.trace.get())
}

/// Sets the frame's `f_trace` (`trace_trampoline`).
pub fn set_trace_of(v: &PyObject, t: Option<ObjRef>) {
    if let Some(f) = downcast::<FrameObject>(v) {
        f.trace.set(t);
    }
}

/// `f_trace_lines`.
pub fn trace_lines(v: &PyObject) -> bool {
    downcast::<FrameObject>(v).is_some_and(|f| f.trace_lines.load(Ordering::Relaxed))
}

/// `f_trace_opcodes`.
pub fn trace_opcodes(v: &PyObject) -> bool {
    downcast::<FrameObject>(v).is_some_and(|f| f.trace_opcodes.load(Ordering::Relaxed))
}

/// The `f_lineno` a trace function sees for a line event (`trace_line`
/// sets `frame->f_lineno`); 0 goes back to computing it.
pub fn set_trace_lineno(v: &PyObject, line: i32) {
    if let Some(f) = downcast::<FrameObject>(v) {
        f.trace_lineno.store(line, Ordering::Relaxed);
    }
}

/// `frame_settrace_lines` / `frame_settrace_opcodes`: a bool only.
fn bool_arg(value: Option<&PyObject>) -> PyResult<bool> {
    match value {
        Some(b) if crate::objects::boolobject::is_bool(b) => Ok(crate::objects::boolobject::is_true_singleton(b)),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            "attribute value type must be bool",
        )),
    }
}

fn get_trace_lines(v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(frame_of(v)?.trace_lines.load(Ordering::Relaxed)))
}

fn set_trace_lines(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = frame_of(v)?;
    f.trace_lines.store(bool_arg(value)?, Ordering::Relaxed);
    Ok(())
}

fn get_trace_opcodes(v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(frame_of(v)?.trace_opcodes.load(Ordering::Relaxed)))
}

fn set_trace_opcodes(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = frame_of(v)?;
    f.trace_opcodes.store(bool_arg(value)?, Ordering::Relaxed);
    Ok(())
}

fn get_generator(v: &PyObject) -> PyResult<ObjRef> {
    Ok(frame_of(v)?.generator.get().unwrap_or_else(object::none))
}

/// `frame.clear()`: drops the locals of a frame that no longer runs.
fn frame_clear(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    if with_live(v, |_, _| ()).is_some() {
        return Err(errors::set_string(
            exceptions::runtime_error(),
            "cannot clear an executing frame",
        ));
    }
    if let Some(g) = f.generator.get() {
        crate::objects::genobject::clear_frame(&g)?;
    }
    if f.locals.get().is_some_and(|l| downcast::<DictObject>(&l).is_some()) {
        f.locals.set(Some(into_obj(DictObject::new()?)));
    }
    Ok(object::none())
}

/// `frame_repr`.
fn frame_repr(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    unicodeobject::from_string(format!(
        "<frame at {v:p}, file {}, line {}, code {}>",
        object::repr(&f.code.filename).map(|r| r.to_string_lossy())?,
        lineno_of(v)?,
        f.code.name_str()
    ))
    .map(into_obj)
}

static FRAME_GETSET: [GetSetDef; 11] = [
    GetSetDef { name: "f_code", get: get_code, set: None, doc: None },
    GetSetDef { name: "f_globals", get: get_globals, set: None, doc: None },
    GetSetDef { name: "f_builtins", get: get_builtins, set: None, doc: None },
    GetSetDef { name: "f_locals", get: get_locals, set: None, doc: None },
    GetSetDef { name: "f_lineno", get: get_lineno, set: Some(set_lineno), doc: None },
    GetSetDef { name: "f_lasti", get: get_lasti, set: None, doc: None },
    GetSetDef { name: "f_back", get: get_back, set: None, doc: None },
    GetSetDef { name: "f_trace", get: get_trace, set: Some(set_trace), doc: None },
    GetSetDef { name: "f_generator", get: get_generator, set: None, doc: None },
    GetSetDef { name: "f_trace_lines", get: get_trace_lines, set: Some(set_trace_lines), doc: None },
    GetSetDef { name: "f_trace_opcodes", get: get_trace_opcodes, set: Some(set_trace_opcodes), doc: None },
];

static FRAME_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "clear",
    ml_meth: MethodFn::NoArgs(frame_clear),
    ml_doc: Some("Clear all references held by the frame."),
}];

/// `frame` (`PyFrame_Type`).
pub static FRAME_TYPE: TypeObject = TypeObject::new_static(
    "frame",
    size_of::<FrameObject>(),
    object::dealloc_simple::<FrameObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(FrameObject { locals, back, trace, generator } { globals, builtins })),
        tp_clear: Some(crate::clear_fields!(FrameObject { locals, back, trace, generator })),
        tp_repr: Some(frame_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&FRAME_METHODS)
.with_getset(&FRAME_GETSET);

/// `sys._getframe(depth=0)`.
fn sys_getframe(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "_getframe() takes no keyword arguments",
        ));
    }
    let depth = match args {
        [] => 0,
        [d] => {
            let Some(i) = downcast::<longobject::IntObject>(d) else {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "'{}' object cannot be interpreted as an integer",
                        object::type_of(d).name()
                    ),
                ));
            };
            i.as_i64().unwrap_or(i64::MAX).max(0) as usize
        }
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("_getframe expected at most 1 argument, got {}", args.len()),
            ));
        }
    };
    match current_frame(depth)? {
        Some(f) => Ok(f),
        None => Err(errors::set_string(
            exceptions::value_error(),
            "call stack is not deep enough",
        )),
    }
}

/// The `sys` functions of this module.
pub static SYS_FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "_getframe", func: sys_getframe }];
