//! rupy-gc: rupy's free-threaded memory model, ported from the
//! `Py_GIL_DISABLED` parts of CPython's Include/object.h, Include/refcount.h,
//! Python/brc.c, Python/qsbr.c, Python/uniqueid.c, Python/index_pool.c,
//! Python/object_stack.c and Python/pystate.c (thread states and
//! stop-the-world).

mod shim;
