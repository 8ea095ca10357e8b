//! The front end: CPython's Parser/ (lexer, tokenizer, PEG parser, string
//! parser, error reporting).
pub mod error;
pub mod lexer;
pub mod token;
pub mod tokenizer;
pub mod string_parser;
pub mod action_helpers;
pub mod parser;
pub mod pegen;
pub mod python_tokenize;
mod rules;
