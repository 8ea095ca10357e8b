//! The abstract syntax tree: Python/asdl.c, Python/Python-ast.c,
//! Python/ast.c, Python/ast_preprocess.c, Python/ast_unparse.c.

pub mod dump;
pub mod nodes;
mod printable;

pub use nodes::*;
