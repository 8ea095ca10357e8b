//! rupy: a free-threaded Python 3.14 runtime ported from CPython's C sources.

pub mod ast;
pub mod builtins;
pub mod compile;
pub mod errors;
pub mod marshal;
pub mod objects;
pub mod parser;
pub mod state;
pub mod symtable;
pub mod vm;
pub mod unicode;
