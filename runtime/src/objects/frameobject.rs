//! Frame objects, ported from Objects/frameobject.c (`PyFrameObject`:
//! `f_code`, `f_globals`, `f_builtins`, `f_locals`, `f_lineno`,
//! `f_lasti`, `f_back`, `f_trace`, `f_generator`, `clear()`, `frame_repr`)
//! and `sys._getframe` (Python/sysmodule.c).
//!
//! rupy's interpreter frames live inside the eval loop (see vm/frame.rs)
//! and are not addressable objects, so a frame object is a snapshot taken
//! when it is asked for: the code, namespaces, position and the values of
//! the fast locals at that moment, with `f_back` the snapshot of the
//! caller taken at the same time. A module or class frame's `f_locals` is
//! its live namespace; a function frame's is a dict of the values when
//! the snapshot was made (CPython's write-through `FrameLocalsProxy` is
//! not implemented: docs/quirks.md).

use core::sync::atomic::{AtomicI32, Ordering};

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

/// A frame object (`PyFrameObject`), a snapshot of an interpreter frame.
#[repr(C)]
pub struct FrameObject {
    ob_base: ObjectHeader,
    code: PyRef<CodeObject>,
    globals: PyRef<DictObject>,
    builtins: PyRef<DictObject>,
    /// `f_locals`: the namespace, or the snapshot dict.
    locals: ObjSlot,
    /// The instruction being executed, in code units.
    lasti: i32,
    /// `f_lineno`.
    lineno: AtomicI32,
    /// `f_back`.
    back: ObjSlot,
    /// `f_trace` (stored, never called: no tracing yet).
    trace: ObjSlot,
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

/// A frame object for `frame`, with `back` as its `f_back`.
pub fn snapshot(frame: &Frame, back: Option<ObjRef>, generator: Option<ObjRef>) -> PyResult<ObjRef> {
    let locals = frame.locals_snapshot()?;
    let f = FrameObject {
        ob_base: ObjectHeader::new(&FRAME_TYPE.head),
        code: frame.code.clone(),
        globals: frame.globals.clone(),
        builtins: frame.builtins.clone(),
        locals: ObjSlot::new(Some(locals)),
        lasti: i32::try_from(frame.instr).unwrap_or(i32::MAX),
        lineno: AtomicI32::new(frame.lineno()),
        back: ObjSlot::new(back),
        trace: ObjSlot::empty(),
        generator: ObjSlot::new(generator),
    };
    object::new_object(f).map(into_obj)
}

/// A frame object for a frame that is no longer running (a traceback
/// entry's `tb_frame`): its code, globals and position; empty locals.
pub fn detached(code: PyRef<CodeObject>, globals: PyRef<DictObject>, instr: usize) -> PyResult<ObjRef> {
    let builtins = crate::builtins::builtins_dict()?;
    let lineno = code.addr2line(instr);
    let f = FrameObject {
        ob_base: ObjectHeader::new(&FRAME_TYPE.head),
        code,
        globals,
        builtins,
        locals: ObjSlot::new(Some(into_obj(DictObject::new()?))),
        lasti: i32::try_from(instr).unwrap_or(i32::MAX),
        lineno: AtomicI32::new(lineno),
        back: ObjSlot::empty(),
        trace: ObjSlot::empty(),
        generator: ObjSlot::empty(),
    };
    object::new_object(f).map(into_obj)
}

/// The frame objects of this thread's running frames from `depth` frames
/// below the innermost outwards, each linked to its caller
/// (`sys._getframe(depth)` and its `f_back` chain); None past the stack.
pub fn current_frame(depth: usize) -> PyResult<Option<ObjRef>> {
    let mut frames: Vec<*const Frame> = Vec::new();
    let mut skipped = 0usize;
    walk_frames(|f| {
        if skipped < depth {
            skipped += 1;
        } else {
            frames.push(core::ptr::from_ref(f));
        }
        true
    });
    // Snapshot outermost first so each frame gets its `f_back`. The
    // frames stay alive: they belong to eval-loop runs that are suspended
    // in this call on this thread.
    let mut back: Option<ObjRef> = None;
    for &f in frames.iter().rev() {
        // SAFETY: `walk_frames` handed out these frames of the running
        // loops of this thread; nothing returns or runs Python code
        // between the walk and here except the snapshots themselves,
        // which only read them.
        let f = unsafe { &*f };
        back = Some(snapshot(f, back, None)?);
    }
    Ok(back)
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

/// `f_locals`: the snapshot, or, for the frame of a generator, a
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
    Ok(f.locals.get().unwrap_or_else(object::none))
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

fn get_lineno(v: &PyObject) -> PyResult<ObjRef> {
    let l = frame_of(v)?.lineno.load(Ordering::Relaxed);
    if l < 0 { Ok(object::none()) } else { longobject::from_i64(i64::from(l)) }
}

/// `frame_setlineno`: only a tracing function may jump, and rupy has no
/// tracing yet.
fn set_lineno(_v: &PyObject, _value: Option<&PyObject>) -> PyResult<()> {
    Err(errors::set_string(
        exceptions::value_error(),
        "f_lineno can only be set by a trace function",
    ))
}

fn get_lasti(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(i64::from(frame_of(v)?.lasti) * 2)
}

fn get_back(v: &PyObject) -> PyResult<ObjRef> {
    Ok(frame_of(v)?.back.get().unwrap_or_else(object::none))
}

fn get_trace(v: &PyObject) -> PyResult<ObjRef> {
    Ok(frame_of(v)?.trace.get().unwrap_or_else(object::none))
}

fn set_trace(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = frame_of(v)?;
    f.trace.set(value.filter(|x| !object::is_none(x)).map(object::new_ref));
    Ok(())
}

fn get_generator(v: &PyObject) -> PyResult<ObjRef> {
    Ok(frame_of(v)?.generator.get().unwrap_or_else(object::none))
}

/// `frame.clear()`: drops the snapshot's locals.
fn frame_clear(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
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
        f.lineno.load(Ordering::Relaxed),
        f.code.name_str()
    ))
    .map(into_obj)
}

static FRAME_GETSET: [GetSetDef; 10] = [
    GetSetDef { name: "f_code", get: get_code, set: None, doc: None },
    GetSetDef { name: "f_globals", get: get_globals, set: None, doc: None },
    GetSetDef { name: "f_builtins", get: get_builtins, set: None, doc: None },
    GetSetDef { name: "f_locals", get: get_locals, set: None, doc: None },
    GetSetDef { name: "f_lineno", get: get_lineno, set: Some(set_lineno), doc: None },
    GetSetDef { name: "f_lasti", get: get_lasti, set: None, doc: None },
    GetSetDef { name: "f_back", get: get_back, set: None, doc: None },
    GetSetDef { name: "f_trace", get: get_trace, set: Some(set_trace), doc: None },
    GetSetDef { name: "f_generator", get: get_generator, set: None, doc: None },
    GetSetDef { name: "f_trace_lines", get: get_true, set: None, doc: None },
];

fn get_true(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(true))
}

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
