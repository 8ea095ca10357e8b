//! Interpreter frames, ported from Include/internal/pycore_frame.h and
//! Python/frame.c (`_PyInterpreterFrame`, `_PyFrame_Initialize`,
//! `_PyFrame_ClearExceptCode`, `_PyFrame_GetLocalsArray`): the fast
//! locals (`localsplus`: locals, cells, free variables) followed by the
//! value stack, one contiguous array of tagged stack references.
//!
//! A Python-to-Python call does not recurse on the Rust stack: the eval
//! loop keeps the caller's frame in its own list and runs the callee's
//! in the same loop (`_PyEvalFramePushAndInit` + `DISPATCH_INLINED`).

use rupy_gc::PyRef;

use crate::errors::{self, PyResult};
use crate::objects::codeobject::{CodeObject, CodeUnit};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{ObjRef, ObjSlot, PyObject};
use crate::vm::stackref::StackRef;

/// A frame (`_PyInterpreterFrame`).
pub struct Frame {
    /// `f_executable`.
    pub code: PyRef<CodeObject>,
    /// `f_funcobj`: the function being run (null for module code).
    pub func: Option<ObjRef>,
    /// `f_globals`.
    pub globals: PyRef<DictObject>,
    /// `f_builtins`.
    pub builtins: PyRef<DictObject>,
    /// `f_locals`: the namespace of module and class bodies.
    pub locals: Option<ObjRef>,
    /// `instr_ptr`: the code unit of the instruction being executed
    /// (`next_instr` is kept by the loop while it runs).
    pub instr: usize,
    /// Where to continue when a callee returns (`return_offset`).
    pub next_instr: usize,
    /// `stackpointer`, as an index into `localsplus`.
    pub sp: usize,
    /// `localsplus`: `co_nlocalsplus` locals, then `co_stacksize` slots.
    pub localsplus: Vec<StackRef>,
    /// `frame_obj`: the frame object made for this frame, if any; it
    /// reads the frame while it runs and gets its final state when the
    /// frame is released.
    pub frame_obj: ObjSlot,
    /// The address of the generator owning this frame once
    /// `RETURN_GENERATOR` has moved it there (0 otherwise): what its frame
    /// object reports as `f_generator` (`_PyFrame_GetGenerator`).
    pub owner_gen: usize,
}

impl Frame {
    /// Visits what a suspended frame owns (`_PyFrame_Traverse`): the
    /// function, the namespaces and the owned references among the
    /// locals and the value stack below `sp` (borrowed entries are
    /// deferred or immortal objects, which the collector does not count).
    pub fn traverse(&self, visit: &mut dyn FnMut(&PyObject)) {
        if let Some(f) = &self.func {
            visit(f);
        }
        visit(crate::objects::object::as_obj(&*self.globals));
        visit(crate::objects::object::as_obj(&*self.builtins));
        if let Some(l) = &self.locals {
            visit(l);
        }
        self.frame_obj.visit(visit);
        for r in self.localsplus.iter().take(self.sp) {
            if let Some(o) = r.get_owned() {
                visit(o);
            }
        }
    }

    /// `_PyFrame_Initialize`: an empty frame for `code`, with its
    /// locals array taken from `buf` (recycled storage).
    pub fn new(
        code: PyRef<CodeObject>,
        func: Option<ObjRef>,
        globals: PyRef<DictObject>,
        builtins: PyRef<DictObject>,
        locals: Option<ObjRef>,
        mut buf: Vec<StackRef>,
    ) -> Frame {
        let n = code.nlocalsplus + code.stacksize;
        buf.clear();
        buf.resize_with(n, StackRef::default);
        Frame {
            sp: code.nlocalsplus,
            code,
            func,
            globals,
            builtins,
            locals,
            instr: 0,
            next_instr: 0,
            localsplus: buf,
            frame_obj: ObjSlot::empty(),
            owner_gen: 0,
        }
    }

    /// The code units.
    #[inline]
    pub fn units(&self) -> &[CodeUnit] {
        &self.code.code
    }

    /// Pushes a value (`stack_pointer[0] = v; stack_pointer++`).
    #[inline]
    pub fn push(&mut self, v: StackRef) -> PyResult<()> {
        match self.localsplus.get_mut(self.sp) {
            Some(slot) => {
                *slot = v;
                self.sp += 1;
                Ok(())
            }
            None => Err(stack_error()),
        }
    }

    /// Pushes an owned object.
    #[inline]
    pub fn push_obj(&mut self, v: ObjRef) -> PyResult<()> {
        self.push(StackRef::from_owned(v))
    }

    /// Pops the top value (null allowed).
    #[inline]
    pub fn pop(&mut self) -> PyResult<StackRef> {
        if self.sp <= self.code.nlocalsplus {
            return Err(stack_error());
        }
        self.sp -= 1;
        Ok(self.localsplus[self.sp].take())
    }

    /// The value `n` slots below the top (`PEEK(n)`, 1 is the top).
    #[inline]
    pub fn peek(&self, n: usize) -> PyResult<&StackRef> {
        if n == 0 || n > self.sp - self.code.nlocalsplus {
            return Err(stack_error());
        }
        Ok(&self.localsplus[self.sp - n])
    }

    /// The object `n` slots below the top; a null slot is an internal
    /// error.
    #[inline]
    pub fn peek_obj(&self, n: usize) -> PyResult<&PyObject> {
        self.peek(n)?.get().ok_or_else(stack_error)
    }

    /// The top `n` values, bottom first.
    #[inline]
    pub fn top_slice(&mut self, n: usize) -> PyResult<&mut [StackRef]> {
        if n > self.sp - self.code.nlocalsplus {
            return Err(stack_error());
        }
        let sp = self.sp;
        Ok(&mut self.localsplus[sp - n..sp])
    }

    /// Drops the values above depth `level` (counted from the stack base).
    pub fn truncate_stack(&mut self, level: usize) {
        let base = self.code.nlocalsplus + level;
        while self.sp > base {
            self.sp -= 1;
            drop(self.localsplus[self.sp].take());
        }
    }

    /// The stack depth.
    #[inline]
    pub fn depth(&self) -> usize {
        self.sp - self.code.nlocalsplus
    }

    /// `_PyFrame_ClearExceptCode`: releases the locals and the stack and
    /// gives the storage back for reuse.
    pub fn clear(mut self) -> Vec<StackRef> {
        self.release_frame_obj();
        let mut buf = core::mem::take(&mut self.localsplus);
        buf.clear();
        buf
    }

    /// The frame object part of `_PyFrame_ClearExceptCode`: a frame
    /// object still referenced elsewhere takes over the frame's final
    /// state (`take_ownership`) before the locals are released.
    fn release_frame_obj(&mut self) {
        let Some(f) = self.frame_obj.get() else {
            return;
        };
        self.frame_obj.set(None);
        // The generator may be going away with its frame.
        crate::objects::frameobject::forget_generator(&f);
        // One reference is `f` itself; the frame's own locals holding the
        // object go away with the frame (CPython's cycle collector would
        // free that cycle, rupy has none), so only others count.
        let own = self.localsplus[..self.code.nlocalsplus.min(self.localsplus.len())]
            .iter()
            .filter(|s| s.get_owned().is_some_and(|o| core::ptr::eq(o, &*f)))
            .count();
        if usize::try_from(f.header().refcnt() - 1).is_ok_and(|others| others > own) {
            crate::objects::frameobject::take_ownership(&f, self);
        }
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        self.release_frame_obj();
    }
}

/// The internal error of a value-stack underflow or overflow: bytecode
/// that does not match its `co_stacksize`.
#[cold]
pub fn stack_error() -> errors::ErrSet {
    errors::set_string(
        exceptions::system_error(),
        "rupy: value stack out of bounds (bad bytecode)",
    )
}

// ---------------------------------------------------------------------
// The thread's stack of running frames (`tstate->current_frame` and the
// `previous` links of `_PyInterpreterFrame`).
//
// Each run of the eval loop registers where its current frame and its
// waiting callers live (two locals of `run_frame` whose addresses do not
// change while it runs); the runs of one thread are chained innermost
// first. Readers (`globals()`, `locals()`, `sys._getframe`, frame objects)
// walk this chain on the same thread, only while the loop is inside a
// call, so no frame is being mutated while it is read.

use core::cell::Cell;

/// One run of the eval loop, as seen by frame introspection.
pub struct FrameLink {
    frame: *const Frame,
    callers: *const Vec<Frame>,
    prev: *const FrameLink,
}

std::thread_local!(static TOP_LINK: Cell<*const FrameLink> = const { Cell::new(core::ptr::null()) });

/// Replaces the thread's innermost run, returning the previous one: a
/// thread entering another interpreter starts with no frames and gets
/// its own back on leaving.
pub(crate) fn swap_top_link(link: *const FrameLink) -> *const FrameLink {
    TOP_LINK.with(|t| t.replace(link))
}

/// Unregisters a [`FrameLink`] when the run ends.
pub struct LinkGuard {
    prev: *const FrameLink,
}

impl Drop for LinkGuard {
    fn drop(&mut self) {
        TOP_LINK.with(|t| t.set(self.prev));
    }
}

impl FrameLink {
    /// A link for a run whose current frame and callers live at these
    /// addresses for as long as the link is registered.
    pub fn new(frame: *const Frame, callers: *const Vec<Frame>) -> FrameLink {
        FrameLink {
            frame,
            callers,
            prev: core::ptr::null(),
        }
    }

    /// Registers the link as the thread's innermost run until the guard
    /// drops. The link must not move while registered.
    pub fn enter(&mut self) -> LinkGuard {
        let prev = TOP_LINK.with(|t| t.replace(core::ptr::from_ref(self)));
        self.prev = prev;
        LinkGuard { prev }
    }
}

/// Calls `f` on each running Python frame of this thread, innermost first,
/// until it returns false (`_PyFrame_GetFirstComplete` and `f_back`).
pub fn walk_frames(mut f: impl FnMut(&Frame) -> bool) {
    let mut link = TOP_LINK.with(Cell::get);
    while !link.is_null() {
        // SAFETY: a registered link points at a `FrameLink` local of a run
        // of the loop on this thread that has not returned (its guard
        // unregisters it first); its frame and callers are locals of that
        // same run, read here only while the run is suspended in a call.
        let l = unsafe { &*link };
        // SAFETY: as above.
        let (frame, callers) = unsafe { (&*l.frame, &*l.callers) };
        if !f(frame) {
            return;
        }
        for c in callers.iter().rev() {
            if !f(c) {
                return;
            }
        }
        link = l.prev;
    }
}

/// Calls `f` on the innermost running frame, if any.
pub fn with_current_frame<R>(f: impl FnOnce(&Frame) -> R) -> Option<R> {
    let mut f = Some(f);
    let mut out = None;
    walk_frames(|fr| {
        if let Some(g) = f.take() {
            out = Some(g(fr));
        }
        false
    });
    out
}

impl Frame {
    /// `_PyFrame_GetLocals` / `PyEval_GetFrameLocals` (PEP 667): the
    /// namespace of a module or class body, or else (a function, or a
    /// module or class body running an inlined comprehension) a new dict of
    /// the bound fast locals, cells and free variables and the extra
    /// locals stored through the frame object's `f_locals`.
    pub fn locals_snapshot(&self) -> PyResult<ObjRef> {
        if let Some(l) = &self.locals
            && !self.has_hidden_locals()
        {
            return Ok(l.clone());
        }
        let d = DictObject::new()?;
        self.fill_fast_locals(&d)?;
        if let Some(fo) = self.frame_obj.get() {
            crate::objects::frameobject::add_extra_locals(&fo, &d)?;
        }
        Ok(crate::objects::object::into_obj(d))
    }

    /// `_PyFrame_HasHiddenLocals`: whether an inlined comprehension's own
    /// variables (PEP 709) are bound, i.e. one is running in this frame.
    pub fn has_hidden_locals(&self) -> bool {
        use crate::compile::code::CO_FAST_HIDDEN;
        let co = &*self.code;
        co.localspluskinds
            .iter()
            .enumerate()
            .any(|(i, k)| k & CO_FAST_HIDDEN != 0 && self.fast_value(i).is_some())
    }

    /// `framelocalsproxy_getval`: the value of fast local `i` (a cell's
    /// contents for a cell or free variable), None if unbound.
    fn fast_value(&self, i: usize) -> Option<ObjRef> {
        use crate::compile::code::{CO_FAST_CELL, CO_FAST_FREE};
        let v = self.localsplus.get(i).and_then(StackRef::get)?;
        let kind = self.code.localspluskinds.get(i).copied().unwrap_or(0);
        // A cell made by MAKE_CELL / COPY_FREE_VARS; before MAKE_CELL runs
        // an argument cell still holds the value (and an inlined
        // comprehension's variable may share a cell's slot kind).
        if kind & (CO_FAST_CELL | CO_FAST_FREE) != 0
            && let Some(c) = crate::objects::object::downcast::<crate::objects::cellobject::CellObject>(v)
        {
            return c.get();
        }
        Some(crate::objects::object::new_ref(v))
    }

    /// Copies the bound fast locals into `d` (`_PyFrame_GetLocals`'s
    /// proxy copied into a dict).
    fn fill_fast_locals(&self, d: &DictObject) -> PyResult<()> {
        for (i, name) in self.code.localsplusnames.iter().enumerate() {
            if let Some(value) = self.fast_value(i) {
                d.set_item(name, &value)?;
            }
        }
        Ok(())
    }

    /// The line being executed (`PyUnstable_InterpreterFrame_GetLine`).
    pub fn lineno(&self) -> i32 {
        self.code.addr2line(self.instr)
    }
}

/// What zero-argument `super()` reads from its caller's frame
/// (`super_init_without_args`): the first argument (None if the code has
/// none), and the contents of the `__class__` free variable (None if
/// there is no such variable; `Some(None)` if its cell is empty).
#[allow(clippy::type_complexity)]
pub fn super_frame_args() -> (Option<ObjRef>, Option<Option<ObjRef>>) {
    use crate::compile::code::{CO_FAST_CELL, CO_FAST_FREE};
    use crate::objects::cellobject::CellObject;
    use crate::objects::object::{downcast, new_ref};
    with_current_frame(|f| {
        let co = &*f.code;
        if co.argcount == 0 {
            return (None, None);
        }
        let first = f.localsplus.first().and_then(StackRef::get).map(|v| {
            // An argument that is also a cell: after MAKE_CELL the slot
            // holds the cell.
            if co.localspluskinds.first().is_some_and(|k| k & CO_FAST_CELL != 0)
                && let Some(c) = downcast::<CellObject>(v)
            {
                return c.get();
            }
            Some(new_ref(v))
        });
        let first = first.flatten();
        let mut class = None;
        for (i, name) in co.localsplusnames.iter().enumerate() {
            if co.localspluskinds.get(i).is_some_and(|k| k & CO_FAST_FREE != 0)
                && crate::objects::object::str_lossy(name) == "__class__"
            {
                class = Some(
                    f.localsplus
                        .get(i)
                        .and_then(StackRef::get)
                        .and_then(downcast::<CellObject>)
                        .and_then(CellObject::get),
                );
                break;
            }
        }
        (first, class)
    })
    .unwrap_or((None, None))
}
