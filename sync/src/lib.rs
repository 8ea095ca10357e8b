//! rupy-sync: the synchronization primitives under rupy's free-threaded
//! runtime, ported from CPython's Python/lock.c, Python/parking_lot.c,
//! Python/critical_section.c and Include/internal/pycore_lock.h.
//!
//! This crate knows nothing of Python objects. It is built on `std` atomics,
//! or on loom's under `--cfg loom` (see `shim`).

mod shim;
