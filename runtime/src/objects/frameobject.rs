//! Frame objects, ported from Objects/frameobject.c (`PyFrameObject`:
//! `f_code`, `f_globals`, `f_builtins`, `f_locals`, `f_lineno`,
//! `f_lasti`, `f_back`, `f_trace`, `f_generator`, `clear()`, `frame_repr`;
//! the PEP 667 `FrameLocalsProxy`, `framelocalsproxy_*`) and
//! `sys._getframe` (Python/sysmodule.c).
//!
//! rupy's interpreter frames live inside the eval loop (see vm/frame.rs)
//! or, while suspended, inside their generator, and move around, so a
//! frame object does not point at its frame: a frame keeps its frame
//! object (`frame_obj`), and the object finds its frame when it is read,
//! among the running frames of this thread, else in the generator that
//! owns it (`owner_gen`). `f_lineno`, `f_lasti` and `f_back` are read from
//! the frame; when the frame is released, its object takes over the final
//! values, fast locals included (`take_ownership`). A module or class
//! frame's `f_locals` is its namespace; a function's is a write-through
//! `FrameLocalsProxy` on the fast locals, cells and free variables, with
//! names that are not variables of the code kept in `f_extra_locals`.

use core::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::builtins::BuiltinDef;
use crate::compile::code::{CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN, CO_OPTIMIZED};
use crate::errors::{self, PyResult};
use crate::objects::cellobject::CellObject;
use crate::objects::codeobject::CodeObject;
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::listobject::ListObject;
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{r#abstract as abs, exceptions, longobject, unicodeobject};
use crate::vm::frame::{Frame, walk_frames};
use crate::vm::stackref::StackRef;

/// The fast locals a frame object holds itself.
#[derive(Default)]
struct Owned {
    /// The frame's final locals, cells and free variables (owned
    /// references) once the frame has been released
    /// (`FRAME_OWNED_BY_FRAME_OBJECT`).
    released: Option<Vec<StackRef>>,
    /// `f_overwritten_fast_locals`: values a `FrameLocalsProxy` replaced in
    /// a live frame, kept alive because the frame's value stack may still
    /// borrow them (`LOAD_FAST_BORROW`).
    overwritten: Vec<ObjRef>,
}

/// A frame object (`PyFrameObject`).
#[repr(C)]
pub struct FrameObject {
    ob_base: ObjectHeader,
    code: PyRef<CodeObject>,
    globals: PyRef<DictObject>,
    builtins: PyRef<DictObject>,
    /// The namespace of a module or class frame, or the final locals of
    /// a traceback's frame (see `detached`).
    locals: ObjSlot,
    /// The frame's fast locals once released, and overwritten values.
    owned: Mutex<Owned>,
    /// `f_extra_locals`: what a `FrameLocalsProxy` stored under names
    /// that are not variables of the code.
    extra_locals: ObjSlot,
    /// The address of the generator owning the frame, while it does (0
    /// otherwise). Not a reference: the generator owns the frame, which
    /// owns this object; the frame's release clears it under the lock
    /// before the generator's memory can go (`forget_generator`).
    owner_gen: Mutex<usize>,
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
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FrameObject {}

impl PyClass for FrameObject {
    fn type_object() -> &'static TypeObject {
        &FRAME_TYPE
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn new_frame_object(
    code: PyRef<CodeObject>,
    globals: PyRef<DictObject>,
    builtins: PyRef<DictObject>,
    instr: usize,
    locals: Option<ObjRef>,
    owner_gen: usize,
) -> PyResult<ObjRef> {
    mark_readable(owner_gen);
    let lineno = code.addr2line(instr);
    let f = FrameObject {
        ob_base: ObjectHeader::new(&FRAME_TYPE.head),
        code,
        globals,
        builtins,
        locals: ObjSlot::new(locals),
        owned: Mutex::new(Owned::default()),
        extra_locals: ObjSlot::empty(),
        owner_gen: Mutex::new(owner_gen),
        lasti: AtomicI32::new(i32::try_from(instr).unwrap_or(i32::MAX)),
        lineno: AtomicI32::new(lineno),
        back: ObjSlot::empty(),
        trace: ObjSlot::empty(),
        trace_lines: AtomicBool::new(true),
        trace_opcodes: AtomicBool::new(false),
        trace_lineno: AtomicI32::new(0),
    };
    object::new_object(f).map(into_obj)
}

/// `_PyFrame_GetFrameObject`: the frame object of a frame, made on first
/// use and kept by the frame.
pub fn frame_object(frame: &Frame) -> PyResult<ObjRef> {
    if let Some(f) = frame.frame_obj.get() {
        return Ok(f);
    }
    let f = new_frame_object(
        frame.code.clone(),
        frame.globals.clone(),
        frame.builtins.clone(),
        frame.instr,
        frame.locals.clone(),
        frame.owner_gen,
    )?;
    frame.frame_obj.set(Some(f.clone()));
    Ok(f)
}

/// The frame of frame object `v` now belongs to the generator at address
/// `generator` (`RETURN_GENERATOR` moved it there).
pub fn set_generator(v: &PyObject, generator: usize) {
    mark_readable(generator);
    if let Some(f) = downcast::<FrameObject>(v) {
        *lock(&f.owner_gen) = generator;
    }
}

/// Readers on other threads take references to the generator at
/// `generator` through its frame object (`owner_generator`): its count
/// must let them (`_PyObject_SetMaybeWeakref`).
fn mark_readable(generator: usize) {
    // SAFETY: a non-zero address is that of a live generator: the caller
    // reached its frame through it, or is creating it.
    if let Some(h) = unsafe { (generator as *const PyObject).as_ref() } {
        h.set_maybe_weakref();
    }
}

/// The frame of `v` is being released: it no longer belongs to a
/// generator (which may be on its way out).
pub fn forget_generator(v: &PyObject) {
    set_generator(v, 0);
}

/// `f_generator`'s generator, if the frame still belongs to one and it
/// is alive (a reference of our own).
fn owner_generator(f: &FrameObject) -> Option<ObjRef> {
    let g = lock(&f.owner_gen);
    let p = core::ptr::NonNull::new(*g as *mut PyObject)?;
    // SAFETY: a non-zero address is that of the generator owning the
    // frame; the generator's deallocation releases the frame, which clears
    // the address under this lock first, so the memory is still there.
    let h = unsafe { p.as_ref() };
    // SAFETY: the count was just taken (a dying generator refuses it).
    rupy_gc::refcount::try_incref(h).then(|| unsafe { PyRef::from_raw(p) })
}

/// `take_ownership`: `frame` is being released while its frame object
/// `v` is referenced elsewhere; the object keeps the final position and
/// fast locals, and the caller (the innermost running frame now) as
/// `f_back`. A generator's frame has no caller once it stops.
pub fn take_ownership(v: &PyObject, frame: &Frame) {
    use crate::compile::code::{CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR};
    let Some(f) = downcast::<FrameObject>(v) else {
        return;
    };
    f.lasti.store(i32::try_from(frame.instr).unwrap_or(i32::MAX), Ordering::Relaxed);
    f.lineno.store(frame.lineno(), Ordering::Relaxed);
    if frame.locals.is_none() {
        let n = frame.code.nlocalsplus.min(frame.localsplus.len());
        let values: Vec<StackRef> = frame.localsplus[..n]
            .iter()
            .map(|s| s.get().map_or(StackRef::NULL, |o| StackRef::from_owned(object::new_ref(o))))
            .collect();
        let old = lock(&f.owned).released.replace(values);
        drop(old);
    } else if f.locals.peek().is_null() {
        f.locals.set(frame.locals.clone());
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
    let locals = match locals {
        Some(l) => l,
        None => into_obj(DictObject::new()?),
    };
    new_frame_object(code, globals, builtins, instr, Some(locals), 0)
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

/// `frame_locals_get_impl`: the namespace of a module or class frame; for
/// a function's frame a new `FrameLocalsProxy`. A traceback's frame
/// (`detached`) shows the final locals it recorded.
fn get_locals(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    // A module or class body running an inlined comprehension shows the
    // comprehension's variables (`_PyFrame_HasHiddenLocals`).
    let hidden = with_live(v, |fr, _| fr.has_hidden_locals()).unwrap_or(false);
    if f.code.flags & CO_OPTIMIZED == 0 && !hidden {
        if let Some(Some(l)) = with_live(v, |fr, _| fr.locals.clone()) {
            return Ok(l);
        }
        if let Some(l) = f.locals.get() {
            return Ok(l);
        }
        // A namespace-less frame of module code (CPython fills in an
        // empty dict too).
        let d = into_obj(DictObject::new()?);
        f.locals.set(Some(d.clone()));
        return Ok(d);
    }
    if !hidden && let Some(l) = f.locals.get() {
        return Ok(l);
    }
    new_proxy(v)
}

fn new_proxy(frame: &PyObject) -> PyResult<ObjRef> {
    object::new_object(FrameLocalsProxy {
        ob_base: ObjectHeader::new(&FRAME_LOCALS_PROXY_TYPE.head),
        frame: ObjSlot::new(Some(object::new_ref(frame))),
    })
    .map(into_obj)
}

/// Runs `f` on the fast locals of frame object `v` where they are now:
/// in its frame running on this thread or suspended in its generator
/// (`false`: slots may be borrowed by the frame's value stack), or held
/// by the object once the frame was released (`true`). None when out of
/// reach: the frame runs on another thread (docs/quirks.md).
///
/// `f` runs under the generator's or the object's lock: it must not run
/// Python code or release references (it hands them back instead).
fn with_fast<R>(v: &PyObject, f: impl FnOnce(&mut [StackRef], bool) -> R) -> Option<R> {
    let fo = downcast::<FrameObject>(v)?;
    let n = fo.code.nlocalsplus;
    let mut base: Option<*mut StackRef> = None;
    walk_frames(|fr| {
        if core::ptr::eq(fr.frame_obj.peek(), v) && fr.localsplus.len() >= n {
            base = Some(fr.localsplus.as_ptr().cast_mut());
            return false;
        }
        true
    });
    if let Some(p) = base {
        // SAFETY: `p` is the start of the locals buffer of a frame running
        // on this thread, whose loop is suspended in the call that got
        // here: the buffer stays put and has at least `n` slots, and the
        // loop holds no reference into its first `n` (the fast locals)
        // across a call; it reads them again when it resumes, as
        // CPython's loop does after `framelocalsproxy_setitem`.
        let slots = unsafe { core::slice::from_raw_parts_mut(p, n) };
        return Some(f(slots, false));
    }
    let mut f = Some(f);
    if let Some(g) = owner_generator(fo)
        && let Some(Some(r)) = crate::objects::genobject::with_suspended_frame(&g, |fr| {
            if !core::ptr::eq(fr.frame_obj.peek(), v) {
                return None;
            }
            let slots = fr.localsplus.get_mut(..n)?;
            f.take().map(|f| f(slots, false))
        })
    {
        return Some(r);
    }
    let mut owned = lock(&fo.owned);
    let slots = owned.released.as_mut()?;
    let n = n.min(slots.len());
    f.take().map(|f| f(&mut slots[..n], true))
}

/// `framelocalsproxy_getval`: the value of fast local `i` of `v`'s frame
/// (a cell's contents for a cell or free variable), None if unbound.
fn getval(v: &PyObject, co: &CodeObject, i: usize) -> Option<ObjRef> {
    let raw = with_fast(v, |s, _| s.get(i).and_then(StackRef::get).map(object::new_ref)).flatten()?;
    let kind = co.localspluskinds.get(i).copied().unwrap_or(0);
    // With PEP 709 an inlined comprehension's variable can share the slot
    // kind of a cell without being one (GH-128396): only cells unwrap.
    if kind & (CO_FAST_CELL | CO_FAST_FREE) != 0
        && let Some(c) = downcast::<CellObject>(&raw)
    {
        return c.get();
    }
    Some(raw)
}

/// Adds the extra locals of frame object `v` to `d` (`locals()`'s copy
/// of the proxy).
pub fn add_extra_locals(v: &PyObject, d: &DictObject) -> PyResult<()> {
    if let Some(f) = downcast::<FrameObject>(v) {
        for (k, x) in extra_items(f) {
            d.set_item(&k, &x)?;
        }
    }
    Ok(())
}

/// All the bound fast locals of `v`'s frame, as (index, value).
fn fast_values(v: &PyObject, co: &CodeObject) -> Vec<(usize, ObjRef)> {
    let raw: Vec<Option<ObjRef>> =
        with_fast(v, |s, _| s.iter().map(|r| r.get().map(object::new_ref)).collect()).unwrap_or_default();
    raw.into_iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let r = r?;
            let kind = co.localspluskinds.get(i).copied().unwrap_or(0);
            if kind & (CO_FAST_CELL | CO_FAST_FREE) != 0
                && let Some(c) = downcast::<CellObject>(&r)
            {
                return c.get().map(|x| (i, x));
            }
            Some((i, r))
        })
        .collect()
}

/// What `set_fast` did to a slot, finished outside the locks.
enum Stored {
    /// The slot holds this cell: the value goes into it.
    Cell(ObjRef),
    /// The slot held this value (or nothing); `true` once the frame is
    /// released.
    Replaced(StackRef, bool),
    /// The slot already holds the value.
    Same,
}

/// The fast-locals part of `framelocalsproxy_setitem`: stores `value` in
/// slot `i` (into its cell for a cell or free variable).
fn set_fast(v: &PyObject, fo: &FrameObject, i: usize, value: &PyObject) -> PyResult<()> {
    let kind = fo.code.localspluskinds.get(i).copied().unwrap_or(0);
    let stored = with_fast(v, |s, released| {
        let Some(slot) = s.get_mut(i) else {
            return Stored::Same;
        };
        if kind & (CO_FAST_CELL | CO_FAST_FREE) != 0
            && let Some(c) = slot.get().filter(|o| downcast::<CellObject>(o).is_some())
        {
            return Stored::Cell(object::new_ref(c));
        }
        if slot.get().is_some_and(|o| core::ptr::eq(o, value)) {
            return Stored::Same;
        }
        let new = if released {
            StackRef::from_owned(object::new_ref(value))
        } else {
            StackRef::new_ref(value)
        };
        Stored::Replaced(core::mem::replace(slot, new), released)
    });
    match stored {
        None => Err(errors::set_string(
            exceptions::runtime_error(),
            "cannot write the locals of a frame running in another thread",
        )),
        Some(Stored::Cell(c)) => {
            if let Some(c) = downcast::<CellObject>(&c) {
                c.set(Some(object::new_ref(value)));
            }
            Ok(())
        }
        Some(Stored::Replaced(old, released)) => {
            // `add_overwritten_fast_local`: the frame's stack may borrow
            // the old value; it lives as long as the frame object.
            if !released
                && let Some(o) = old.into_owned()
                && !o.is_immortal()
            {
                lock(&fo.owned).overwritten.push(o);
            }
            Ok(())
        }
        Some(Stored::Same) => Ok(()),
    }
}

/// `framelocalsproxy_getkeyindex`: the fast-local index of `key` in the
/// code of `v` — for a read, only if it is bound (with its value); for a
/// write, only if it is not a hidden (inlined comprehension) variable.
fn key_index(v: &PyObject, fo: &FrameObject, key: &PyObject, read: bool) -> PyResult<Option<(usize, Option<ObjRef>)>> {
    let key_hash = object::hash(key)?;
    let co = &*fo.code;
    let check = |i: usize| -> Option<(usize, Option<ObjRef>)> {
        if read {
            getval(v, co, i).map(|x| (i, Some(x)))
        } else if co.localspluskinds.get(i).copied().unwrap_or(0) & CO_FAST_HIDDEN == 0 {
            Some((i, None))
        } else {
            None
        }
    };
    // Names are interned: most keys are found by identity.
    let mut found = false;
    for (i, name) in co.localsplusnames.iter().enumerate() {
        if core::ptr::eq(&**name, key) {
            if let Some(r) = check(i) {
                return Ok(Some(r));
            }
            found = true;
        }
    }
    if found {
        // An unbound variable (read) or a hidden one (write).
        return Ok(None);
    }
    for (i, name) in co.localsplusnames.iter().enumerate() {
        if object::hash(name)? != key_hash {
            continue;
        }
        if object::rich_compare_bool(name, key, CompareOp::Eq)?
            && let Some(r) = check(i)
        {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// A `FrameLocalsProxy` (`PyFrameLocalsProxyObject`): a write-through
/// view of a function frame's variables.
#[repr(C)]
pub struct FrameLocalsProxy {
    ob_base: ObjectHeader,
    frame: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FrameLocalsProxy {}

impl PyClass for FrameLocalsProxy {
    fn type_object() -> &'static TypeObject {
        &FRAME_LOCALS_PROXY_TYPE
    }
}

/// The frame object of proxy `v`.
fn proxy_frame(v: &PyObject) -> PyResult<ObjRef> {
    downcast::<FrameLocalsProxy>(v)
        .and_then(|p| p.frame.get())
        .ok_or_else(errors::bad_internal_call)
}

fn is_proxy(v: &PyObject) -> bool {
    downcast::<FrameLocalsProxy>(v).is_some()
}

fn is_dict(v: &PyObject) -> bool {
    object::type_check(v, &crate::objects::dictobject::DICT_TYPE)
}

/// `framelocalsproxy_getitem`.
fn proxy_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let fr = proxy_frame(v)?;
    let fo = frame_of(&fr)?;
    if let Some((_, Some(value))) = key_index(&fr, fo, key, true)? {
        return Ok(value);
    }
    if let Some(extra) = fo.extra_locals.get()
        && let Some(value) = dict_of(&extra)?.get_item(key)?
    {
        return Ok(value);
    }
    Err(errors::set_string(
        exceptions::key_error(),
        &format!("local variable {} is not defined", quoted_repr(key)?),
    ))
}

/// `'%R'`: the key's repr in quotes, as CPython's message has it.
fn quoted_repr(key: &PyObject) -> PyResult<String> {
    Ok(format!("'{}'", object::repr(key)?.to_string_lossy()))
}

fn dict_of(d: &PyObject) -> PyResult<&DictObject> {
    downcast::<DictObject>(d).ok_or_else(errors::bad_internal_call)
}

/// `framelocalsproxy_setitem` (and deletion, with `value` None).
fn proxy_setitem(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let fr = proxy_frame(v)?;
    let fo = frame_of(&fr)?;
    if let Some((i, _)) = key_index(&fr, fo, key, false)? {
        let Some(value) = value else {
            return Err(errors::set_string(
                exceptions::value_error(),
                "cannot remove local variables from FrameLocalsProxy",
            ));
        };
        return set_fast(&fr, fo, i, value);
    }
    let extra = match fo.extra_locals.get() {
        Some(e) => e,
        None => {
            let Some(_) = value else {
                return Err(errors::set_key_error(key));
            };
            let e = into_obj(DictObject::new()?);
            fo.extra_locals.set(Some(e.clone()));
            e
        }
    };
    let d = dict_of(&extra)?;
    match value {
        Some(value) => d.set_item(key, value),
        None => d.del_item(key),
    }
}

/// The extra locals of frame object `fo`, as (key, value) pairs.
fn extra_items(fo: &FrameObject) -> Vec<(ObjRef, ObjRef)> {
    fo.extra_locals.get().and_then(|e| downcast::<DictObject>(&e).map(DictObject::items)).unwrap_or_default()
}

/// The proxy's (name, value) pairs: bound fast locals in slot order, then
/// the extra locals.
fn proxy_pairs(v: &PyObject) -> PyResult<Vec<(ObjRef, ObjRef)>> {
    let fr = proxy_frame(v)?;
    let fo = frame_of(&fr)?;
    let mut out: Vec<(ObjRef, ObjRef)> = fast_values(&fr, &fo.code)
        .into_iter()
        .filter_map(|(i, x)| fo.code.localsplusnames.get(i).map(|n| (n.clone(), x)))
        .collect();
    out.extend(extra_items(fo));
    Ok(out)
}

fn list_of(items: Vec<ObjRef>) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = items.iter().map(|x| &**x).collect();
    ListObject::from_slice(&refs).map(into_obj)
}

/// `framelocalsproxy_keys`.
fn proxy_keys(v: &PyObject) -> PyResult<ObjRef> {
    list_of(proxy_pairs(v)?.into_iter().map(|(k, _)| k).collect())
}

/// `framelocalsproxy_values`.
fn proxy_values(v: &PyObject) -> PyResult<ObjRef> {
    list_of(proxy_pairs(v)?.into_iter().map(|(_, x)| x).collect())
}

/// `framelocalsproxy_items`.
fn proxy_items(v: &PyObject) -> PyResult<ObjRef> {
    let mut pairs = Vec::new();
    for (k, x) in proxy_pairs(v)? {
        pairs.push(into_obj(crate::objects::tupleobject::from_slice(&[&k, &x])?));
    }
    list_of(pairs)
}

/// `framelocalsproxy_reversed`.
fn proxy_reversed(v: &PyObject) -> PyResult<ObjRef> {
    list_of(proxy_pairs(v)?.into_iter().rev().map(|(k, _)| k).collect())
}

/// `framelocalsproxy_length`.
fn proxy_len(v: &PyObject) -> PyResult<isize> {
    Ok(isize::try_from(proxy_pairs(v)?.len()).unwrap_or(isize::MAX))
}

/// `framelocalsproxy_iter`: an iterator over a list of the keys.
fn proxy_iter(v: &PyObject) -> PyResult<ObjRef> {
    abs::get_iter(&*proxy_keys(v)?)
}

/// `framelocalsproxy_contains`.
fn proxy_contains(v: &PyObject, key: &PyObject) -> PyResult<bool> {
    let fr = proxy_frame(v)?;
    let fo = frame_of(&fr)?;
    if key_index(&fr, fo, key, true)?.is_some() {
        return Ok(true);
    }
    match fo.extra_locals.get() {
        Some(e) => Ok(dict_of(&e)?.get_item(key)?.is_some()),
        None => Ok(false),
    }
}

fn proxy_contains_meth(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(proxy_contains(v, key)?))
}

fn proxy_getitem_meth(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    proxy_getitem(v, key)
}

/// `framelocalsproxy_copy` (and `PyDict_Update(new, proxy)` for the
/// operations that work on a dict copy).
fn proxy_copy(v: &PyObject) -> PyResult<ObjRef> {
    let d = DictObject::new()?;
    for (k, x) in proxy_pairs(v)? {
        d.set_item(&k, &x)?;
    }
    Ok(into_obj(d))
}

/// `framelocalsproxy_merge`: stores each item of a dict or another proxy.
fn proxy_merge(v: &PyObject, other: &PyObject) -> PyResult<bool> {
    if !is_dict(other) && !is_proxy(other) {
        return Ok(false);
    }
    let keys = object::get_attr_str(other, "keys")?;
    let keys = crate::objects::call::call(&keys, &[])?;
    for key in abs::collect(&keys)? {
        let value = abs::get_item(other, &key)?;
        proxy_setitem(v, &key, Some(&value))?;
    }
    Ok(true)
}

/// `framelocalsproxy_update`.
fn proxy_update(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    if !proxy_merge(v, other)? {
        return Err(errors::set_string(
            exceptions::type_error(),
            "update() argument must be dict or another FrameLocalsProxy",
        ));
    }
    Ok(object::none())
}

/// `framelocalsproxy_get`.
fn proxy_get(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (key, default) = match args {
        [k] => (k, None),
        [k, d] => (k, Some(d)),
        _ => return Err(errors::set_string(exceptions::type_error(), "get expected 1 or 2 arguments")),
    };
    match proxy_getitem(v, key) {
        Err(e) if errors::exception_matches(exceptions::key_error()) => {
            drop(e);
            errors::clear();
            Ok(default.cloned().unwrap_or_else(object::none))
        }
        r => r,
    }
}

/// `framelocalsproxy_setdefault`.
fn proxy_setdefault(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (key, default) = match args {
        [k] => (k, object::none()),
        [k, d] => (k, d.clone()),
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                "setdefault expected 1 or 2 arguments",
            ));
        }
    };
    match proxy_getitem(v, key) {
        Err(e) if errors::exception_matches(exceptions::key_error()) => {
            drop(e);
            errors::clear();
            proxy_setitem(v, key, Some(&default))?;
            Ok(default)
        }
        r => r,
    }
}

/// `framelocalsproxy_pop`: only extra locals can go.
fn proxy_pop(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (key, default) = match args {
        [k] => (k, None),
        [k, d] => (k, Some(d)),
        _ => {
            let msg = if args.is_empty() {
                "pop expected at least 1 argument, got 0".to_owned()
            } else {
                format!("pop expected at most 2 arguments, got {}", args.len())
            };
            return Err(errors::set_string(exceptions::type_error(), &msg));
        }
    };
    let fr = proxy_frame(v)?;
    let fo = frame_of(&fr)?;
    if key_index(&fr, fo, key, false)?.is_some() {
        return Err(errors::set_string(
            exceptions::value_error(),
            "cannot remove local variables from FrameLocalsProxy",
        ));
    }
    let popped = match fo.extra_locals.get() {
        Some(e) => dict_of(&e)?.pop_item(key)?,
        None => None,
    };
    match (popped, default) {
        (Some(x), _) => Ok(x),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(errors::set_key_error(key)),
    }
}

/// `framelocalsproxy_richcompare`: two proxies are equal if they view the
/// same frame; against a dict, the proxy's items compare.
fn proxy_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if is_proxy(w) {
        let same = object::is(&*proxy_frame(v)?, &*proxy_frame(w)?);
        return Ok(match op {
            CompareOp::Eq => crate::objects::boolobject::from_bool(same),
            CompareOp::Ne => crate::objects::boolobject::from_bool(!same),
            _ => object::not_implemented(),
        });
    }
    if is_dict(w) {
        return object::rich_compare(&*proxy_copy(v)?, w, op);
    }
    Ok(object::not_implemented())
}

/// `framelocalsproxy_repr`: the repr of a dict copy.
fn proxy_repr(v: &PyObject) -> PyResult<ObjRef> {
    if crate::state::repr_enter(v) {
        return unicodeobject::from_str("{...}").map(into_obj);
    }
    let r = proxy_copy(v).and_then(|d| object::repr(&d).map(into_obj));
    crate::state::repr_leave(v);
    r
}

/// `framelocalsproxy_or`: a new dict of both.
fn proxy_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (p, other) = if is_proxy(v) { (v, w) } else { (w, v) };
    if !is_dict(other) && !is_proxy(other) {
        return Ok(object::not_implemented());
    }
    let d = DictObject::new()?;
    if core::ptr::eq(p, v) {
        d.update_arg(p)?;
        d.update_arg(other)?;
    } else {
        d.update_arg(other)?;
        d.update_arg(p)?;
    }
    Ok(into_obj(d))
}

/// `framelocalsproxy_inplace_or`: merges into the frame.
fn proxy_ior(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    if !proxy_merge(v, w)? {
        return Ok(object::not_implemented());
    }
    Ok(object::new_ref(v))
}

/// `framelocalsproxy_new`: `FrameLocalsProxy(frame)`.
fn proxy_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let [item] = args.as_slice() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("FrameLocalsProxy expected 1 argument, got {}", args.len()),
        ));
    };
    if downcast::<FrameObject>(item).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("expect frame, not {}", object::type_of(item).name()),
        ));
    }
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "FrameLocalsProxy takes no keyword arguments",
        ));
    }
    new_proxy(item)
}

static PROXY_METHODS: [MethodDef; 11] = [
    MethodDef { ml_name: "__contains__", ml_meth: MethodFn::O(proxy_contains_meth), ml_doc: None },
    MethodDef { ml_name: "__getitem__", ml_meth: MethodFn::O(proxy_getitem_meth), ml_doc: None },
    MethodDef { ml_name: "update", ml_meth: MethodFn::O(proxy_update), ml_doc: None },
    MethodDef { ml_name: "__reversed__", ml_meth: MethodFn::NoArgs(proxy_reversed), ml_doc: None },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(proxy_copy), ml_doc: None },
    MethodDef { ml_name: "keys", ml_meth: MethodFn::NoArgs(proxy_keys), ml_doc: None },
    MethodDef { ml_name: "values", ml_meth: MethodFn::NoArgs(proxy_values), ml_doc: None },
    MethodDef { ml_name: "items", ml_meth: MethodFn::NoArgs(proxy_items), ml_doc: None },
    MethodDef { ml_name: "get", ml_meth: MethodFn::FastCall(proxy_get), ml_doc: None },
    MethodDef { ml_name: "pop", ml_meth: MethodFn::FastCall(proxy_pop), ml_doc: None },
    MethodDef { ml_name: "setdefault", ml_meth: MethodFn::FastCall(proxy_setdefault), ml_doc: None },
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
        tp_traverse: Some(crate::traverse_fields!(FrameLocalsProxy { frame } {})),
        tp_clear: Some(crate::clear_fields!(FrameLocalsProxy { frame })),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_new: Some(proxy_new),
        nb_or: Some(proxy_or),
        nb_inplace_or: Some(proxy_ior),
        mp_subscript: Some(proxy_getitem),
        mp_ass_subscript: Some(proxy_setitem),
        mp_length: Some(proxy_len),
        sq_contains: Some(proxy_contains),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&PROXY_METHODS)
.with_flags(flags::HAVE_GC | flags::MAPPING);

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
/// jumps yet.
fn set_lineno(_v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    if value.is_none() {
        return Err(cannot_delete("f_lineno"));
    }
    Err(errors::set_string(
        exceptions::value_error(),
        "f_lineno can only be set in a trace function",
    ))
}

/// The error of deleting a getset attribute that has a clinic setter.
fn cannot_delete(name: &str) -> errors::ErrSet {
    errors::set_string(
        exceptions::attribute_error(),
        &format!("attribute '{name}' of 'frame' objects cannot be deleted"),
    )
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
    // A `T_BOOL` member (`PyMember_SetOne`).
    if value.is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            "can't delete numeric/char attribute",
        ));
    }
    f.trace_lines.store(bool_arg(value)?, Ordering::Relaxed);
    Ok(())
}

fn get_trace_opcodes(v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(frame_of(v)?.trace_opcodes.load(Ordering::Relaxed)))
}

fn set_trace_opcodes(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = frame_of(v)?;
    if value.is_none() {
        return Err(cannot_delete("f_trace_opcodes"));
    }
    f.trace_opcodes.store(bool_arg(value)?, Ordering::Relaxed);
    Ok(())
}

/// `f_generator`: the generator or coroutine owning the frame, while it
/// does.
fn get_generator(v: &PyObject) -> PyResult<ObjRef> {
    Ok(owner_generator(frame_of(v)?).unwrap_or_else(object::none))
}

/// `frame_clear`: refused while the frame runs; a generator's frame is
/// finalized by its generator; a released frame drops its locals
/// (`frame_tp_clear`).
fn frame_clear(v: &PyObject) -> PyResult<ObjRef> {
    let f = frame_of(v)?;
    if with_live(v, |_, _| ()).is_some() {
        return Err(errors::set_string(
            exceptions::runtime_error(),
            "cannot clear an executing frame",
        ));
    }
    if let Some(g) = owner_generator(f) {
        crate::objects::genobject::clear_frame(&g)?;
        return Ok(object::none());
    }
    f.trace.set(None);
    f.extra_locals.set(None);
    let values: Vec<StackRef> = match lock(&f.owned).released.as_mut() {
        Some(slots) => slots.iter_mut().map(StackRef::take).collect(),
        None => Vec::new(),
    };
    drop(values);
    if f.locals.get().is_some_and(|l| downcast::<DictObject>(&l).is_some()) {
        f.locals.set(Some(into_obj(DictObject::new()?)));
    }
    Ok(object::none())
}

/// `frame_traverse`.
fn frame_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Some(f) = downcast::<FrameObject>(v) else { return };
    f.locals.visit(visit);
    f.extra_locals.visit(visit);
    f.back.visit(visit);
    f.trace.visit(visit);
    visit(object::as_obj(&*f.globals));
    visit(object::as_obj(&*f.builtins));
    // The lock is only held for moments that run no Python code; a
    // collection that finds it taken skips these references (they then
    // look external, which only keeps objects alive).
    let owned = match f.owned.try_lock() {
        Ok(o) => o,
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => return,
    };
    for s in owned.released.iter().flatten() {
        if let Some(o) = s.get_owned() {
            visit(o);
        }
    }
    for o in &owned.overwritten {
        visit(o);
    }
}

/// `frame_tp_clear`.
fn frame_tp_clear(v: &PyObject) {
    let Some(f) = downcast::<FrameObject>(v) else { return };
    f.locals.set(None);
    f.extra_locals.set(None);
    f.back.set(None);
    f.trace.set(None);
    let taken = core::mem::take(&mut *lock(&f.owned));
    drop(taken);
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
        tp_traverse: Some(frame_traverse),
        tp_clear: Some(frame_tp_clear),
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
