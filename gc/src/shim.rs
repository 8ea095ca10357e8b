//! The atomics and thread primitives the crate is built on: `std`'s in a
//! normal build, loom's under `RUSTFLAGS="--cfg loom"` so that the models in
//! `loom-tests/` explore every interleaving of the real code.

#[cfg(loom)]
pub(crate) use loom::{hint, sync::atomic, thread};
#[cfg(not(loom))]
pub(crate) use std::{hint, sync::atomic, thread};
