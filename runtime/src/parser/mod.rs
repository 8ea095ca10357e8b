//! The front end: CPython's Parser/ (lexer, tokenizer, PEG parser, string
//! parser, error reporting).
