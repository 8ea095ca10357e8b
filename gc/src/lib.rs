//! rupy-gc: rupy's free-threaded memory model, ported from the
//! `Py_GIL_DISABLED` parts of CPython's Include/object.h, Include/refcount.h,
//! Objects/object.c, Python/brc.c, Python/qsbr.c, Objects/obmalloc.c
//! (delayed frees), Python/uniqueid.c, Python/index_pool.c,
//! Python/object_stack.c, Python/pystate.c (thread states and
//! stop-the-world) and Python/ceval_gil.c (the optional GIL). Design notes: docs/memory-model.md.

mod shim;

pub mod brc;
pub mod ceval_gil;
#[cfg(not(loom))]
pub mod collector;
pub mod index_pool;
pub mod object;
pub mod object_stack;
pub mod qsbr;
pub mod refcount;
pub mod tstate;
pub mod uniqueid;

pub use object::{ObjectHeader, PyObjectLike, TypeHead};
pub use refcount::PyRef;
pub use ceval_gil::Gil;
pub use tstate::{Interp, StopTheWorld, ThreadState};
