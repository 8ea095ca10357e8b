//! The abstract syntax tree: Python/asdl.c, Python/Python-ast.c,
//! Python/ast.c, Python/ast_preprocess.c, Python/ast_unparse.c.
