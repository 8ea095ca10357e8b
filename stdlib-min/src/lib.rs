//! rupy-stdlib: Rust ports of CPython's Modules/*.c, registered with the
//! runtime at start-up.
