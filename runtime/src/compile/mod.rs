//! The compiler: Python/compile.c, codegen.c, flowgraph.c, assemble.c,
//! instruction_sequence.c, and the opcode metadata they share.

pub mod assemble;
pub mod code;
mod const_fold;
pub mod flowgraph;
pub mod future;
pub mod instr_seq;
pub mod opcode;

#[cfg(test)]
mod opcode_tests;
