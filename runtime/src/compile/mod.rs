//! The compiler: Python/compile.c, codegen.c, flowgraph.c, assemble.c,
//! instruction_sequence.c, and the opcode metadata they share.

pub mod assemble;
pub mod code;
mod codegen;
mod codegen_comp;
mod codegen_expr;
mod codegen_func;
mod codegen_match;
mod codegen_stmt;
pub mod compiler;
mod const_fold;
pub mod dis;
mod dis_printable;
pub mod flowgraph;
pub mod future;
pub mod instr_seq;
pub mod opcode;

pub use compiler::{compile_ast, compile_bytes, compile_bytes_source, compile_file_bytes_source, compile_module, compile_source, CompileError};

#[cfg(test)]
mod opcode_tests;
