//! Microbenchmarks live in `benches/` (criterion); Python benchmark programs
//! in `python/`.
