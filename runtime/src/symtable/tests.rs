//! Unit tests of the symbol table on hand-built ASTs.
