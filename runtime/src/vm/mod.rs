//! The bytecode interpreter: Python/ceval.c, bytecodes.c, frame.c and
//! stackrefs.c (design notes: docs/design/eval-loop.md).

pub mod eval;
pub mod frame;
pub mod intrinsics;
pub mod stackref;
pub mod suggestions;
pub mod trace;

use core::cell::{Cell, RefCell};
use std::sync::Once;

use rupy_gc::PyRef;

use crate::errors::PyResult;
use crate::objects::codeobject::{CODE_TYPE, CodeObject};
use crate::objects::dictobject::DictObject;
use crate::objects::funcobject::FUNCTION_TYPE;
use crate::objects::object::ObjRef;

pub use eval::{call_function, call_function_tuple, eval_code};

/// The eval loop's per-thread state (the parts of `PyThreadState` the
/// interpreter owns): the Python recursion depth and the exception being
/// handled (`exc_info->exc_value`).
struct VmThread {
    /// Python frames live on this thread (`py_recursion_limit -
    /// py_recursion_remaining`).
    depth: Cell<i32>,
    /// The exception being handled by an `except` block, if any.
    exc_info: Cell<Option<ObjRef>>,
    /// The `exc_info` slots of the callers of the running generators,
    /// innermost last (the `previous_item` chain).
    previous: RefCell<Vec<Option<ObjRef>>>,
}

std::thread_local!(static VM: VmThread = const {
    VmThread { depth: Cell::new(0), exc_info: Cell::new(None), previous: RefCell::new(Vec::new()) }
});

/// The number of Python frames running on this thread
/// (`py_recursion_limit - py_recursion_remaining`).
pub fn python_depth() -> i32 {
    VM.with(|v| v.depth.get())
}

/// `sys.exception()` (`_PyErr_GetTopmostException`): the exception being
/// handled on this thread, by the innermost generator or caller that
/// handles one.
pub fn current_exception() -> Option<ObjRef> {
    VM.with(|v| {
        let e = v.exc_info.take();
        v.exc_info.set(e.clone());
        e.or_else(|| v.previous.borrow().iter().rev().find_map(Clone::clone))
    })
}

/// Replaces the handled exception, returning the previous one.
pub(crate) fn swap_exc_info(e: Option<ObjRef>) -> Option<ObjRef> {
    VM.with(|v| v.exc_info.replace(e))
}

/// Makes a generator's own exception state (`gi_exc_state`) the current
/// slot, chained to the caller's.
pub(crate) fn enter_exc_state(own: Option<ObjRef>) {
    VM.with(|v| {
        let caller = v.exc_info.replace(own);
        v.previous.borrow_mut().push(caller);
    });
}

/// Undoes [`enter_exc_state`], returning the generator's state.
pub(crate) fn leave_exc_state() -> Option<ObjRef> {
    VM.with(|v| {
        let caller = v.previous.borrow_mut().pop().flatten();
        v.exc_info.replace(caller)
    })
}

/// The eval loop's per-thread state set aside while the thread runs in
/// another interpreter (its own frames, handled exceptions and depth).
pub(crate) struct SavedVm {
    depth: i32,
    exc_info: Option<ObjRef>,
    previous: Vec<Option<ObjRef>>,
    top_link: *const frame::FrameLink,
}

/// Sets the eval loop's thread state aside, leaving it empty.
pub(crate) fn save_thread() -> SavedVm {
    let (depth, exc_info, previous) =
        VM.with(|v| (v.depth.replace(0), v.exc_info.take(), core::mem::take(&mut *v.previous.borrow_mut())));
    SavedVm { depth, exc_info, previous, top_link: frame::swap_top_link(core::ptr::null()) }
}

/// Restores what [`save_thread`] set aside.
pub(crate) fn restore_thread(saved: SavedVm) {
    frame::swap_top_link(saved.top_link);
    let (exc, prev) = VM.with(|v| {
        v.depth.set(saved.depth);
        (v.exc_info.replace(saved.exc_info), core::mem::replace(&mut *v.previous.borrow_mut(), saved.previous))
    });
    drop((exc, prev));
}

/// Drops the handled exception of a thread that is being torn down
/// (`PyThreadState_Clear`'s `exc_info`); nothing if the thread-local is
/// already gone.
pub(crate) fn clear_thread() {
    let _ = VM.try_with(|v| {
        drop(v.exc_info.take());
        drop(core::mem::take(&mut *v.previous.borrow_mut()));
    });
}

/// Readies the types of this module once (`_PyTypes_InitTypes` for the
/// code, function, cell, traceback and iterator types).
pub fn ready_types() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        crate::state::ensure();
        // Class bodies wrap `__init_subclass__` / `__class_getitem__`
        // functions as classmethods and `__new__` as a staticmethod.
        crate::objects::typeobject::heaptype::register_function_type(&FUNCTION_TYPE);
        crate::parser::tokenizer::set_external_decoder(crate::codecs::decode_source);
        for t in [
            &CODE_TYPE,
            &FUNCTION_TYPE,
            &crate::objects::cellobject::CELL_TYPE,
            &crate::errors::traceback::TRACEBACK_TYPE,
            &crate::objects::methodobject::CFUNCTION_TYPE,
            &crate::builtins::functional::MAP_TYPE,
            &crate::builtins::functional::FILTER_TYPE,
            &crate::builtins::functional::ZIP_TYPE,
            &crate::objects::frameobject::FRAME_TYPE,
            &crate::objects::descrobject::MAPPINGPROXY_TYPE,
        ] {
            if t.ready().is_err() {
                crate::errors::clear();
            }
        }
        if crate::objects::genericaliasobject::init().is_err() {
            crate::errors::clear();
        }
        if crate::objects::templateobject::init().is_err() {
            crate::errors::clear();
        }
        if crate::objects::unionobject::init().is_err() {
            crate::errors::clear();
        }
        for t in crate::objects::typevarobject::types() {
            if t.ready().is_err() {
                crate::errors::clear();
            }
        }
        for t in crate::objects::genobject::types() {
            if t.ready().is_err() {
                crate::errors::clear();
            }
        }
    });
}

/// Compiles nothing: runs an already-built code object as a module body
/// in `globals` (`PyEval_EvalCode` / `run_eval_code_obj`).
pub fn run_module_code(code: PyRef<CodeObject>, globals: PyRef<DictObject>) -> PyResult<ObjRef> {
    ready_types();
    let locals = crate::objects::object::into_obj(globals.clone());
    eval_code(code, globals, Some(locals))
}
