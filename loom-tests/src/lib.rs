//! loom models of rupy's synchronization primitives live in `tests/`; they
//! compile to nothing unless built with `RUSTFLAGS="--cfg loom"`.
