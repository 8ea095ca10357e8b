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
use crate::objects::object::{ObjRef, PyObject};
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
}

impl Frame {
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
        let mut buf = core::mem::take(&mut self.localsplus);
        buf.clear();
        buf
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
