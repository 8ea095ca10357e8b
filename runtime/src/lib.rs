//! rupy: a free-threaded Python 3.14 runtime ported from CPython's C sources.

pub mod ast;
pub mod builtins;
pub mod codecs;
pub mod cli;
pub mod compile;
pub mod crossinterp;
pub mod errors;
pub mod import;
pub mod marshal;
pub mod objects;
pub mod parser;
pub mod pylifecycle;
pub mod pythonrun;
pub mod signals;
pub mod state;
pub mod symtable;
pub mod sysmod;
pub mod vm;
pub mod unicode;
