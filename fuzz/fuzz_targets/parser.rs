//! Parses arbitrary UTF-8 text in every mode: the result is a tree or a
//! SyntaxError/MemoryError, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rupy::parser::parser::{Mode, parse};

fuzz_target!(|source: &str| {
    for mode in [Mode::Exec, Mode::Eval, Mode::Single, Mode::FuncType] {
        let _ = parse(source, "<fuzz>", mode);
    }
});
