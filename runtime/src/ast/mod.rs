//! The abstract syntax tree: Python/asdl.c, Python/Python-ast.c,
//! Python/ast.c, Python/ast_preprocess.c, Python/ast_unparse.c.

pub mod dump;
pub mod nodes;
pub mod preprocess;
pub mod python_ast;
pub mod unparse;
pub mod validate;
mod printable;

pub use nodes::*;
