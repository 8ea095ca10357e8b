//! The parser's entry points: `_PyPegen_run_parser_from_string`
//! (Parser/pegen.c) for the four start rules of python.gram (`file`,
//! `eval`, `interactive`, `func_type`).
//!
//! The PEG parser is recursive: CPython bounds its depth with `MAXSTACK`
//! (6000 rule levels, then a MemoryError). To reach that depth without
//! overflowing the Rust stack, a parse runs on its own thread with a stack
//! sized for it ([`PARSER_STACK_SIZE`]).
//!
//! ```
//! use rupy::parser::parser::parse_module;
//! let m = parse_module("x = 1\n", "<test>").unwrap();
//! assert_eq!(m.body.len(), 1);
//! let e = parse_module("x = (1,\n", "<test>").unwrap_err();
//! assert_eq!(e.msg(), "'(' was never closed");
//! ```

use crate::ast::{Mod, Module};
use crate::parser::error::{SyntaxError, Warning};
use crate::parser::pegen::{ParseError, Parser};
use crate::parser::tokenizer::{Config, Decoded, Tokenizer};

pub use crate::parser::pegen::ParseError as Error;

/// Stack of the parsing thread: enough for `MAXSTACK` nested rules (each
/// rule frame of the hand-written parser takes well under 4 KiB).
pub const PARSER_STACK_SIZE: usize = 256 << 20;

/// The start rule (`Py_file_input`, `Py_eval_input`, `Py_single_input`,
/// `Py_func_type_input`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Exec,
    Eval,
    Single,
    FuncType,
}

/// Run `f` on a thread with [`PARSER_STACK_SIZE`] of stack.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("rupy-parser".into())
            .stack_size(PARSER_STACK_SIZE)
            .spawn_scoped(s, f)
            .expect("spawn the parser thread")
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

/// A parse's result and the SyntaxWarnings it emitted.
pub type Parsed = (Result<Mod, ParseError>, Vec<Warning>);

/// What `compile()` passes the parser besides the source: the parser
/// flags `PyCF_TYPE_COMMENTS`, `PyCF_ALLOW_INCOMPLETE_INPUT` and
/// `PyCF_DONT_IMPLY_DEDENT`, and `_feature_version` (`cf_feature_version`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub type_comments: bool,
    pub allow_incomplete_input: bool,
    pub dont_imply_dedent: bool,
    pub feature_version: i32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            type_comments: false,
            allow_incomplete_input: false,
            dont_imply_dedent: false,
            feature_version: crate::parser::pegen::FEATURE_VERSION,
        }
    }
}

/// Parse what `tokenizer` reads.
fn parse_tokens(tokenizer: Tokenizer, mode: Mode) -> Parsed {
    parse_tokens_with(tokenizer, mode, Options::default())
}

fn parse_tokens_with(tokenizer: Tokenizer, mode: Mode, opts: Options) -> Parsed {
    let src = tokenizer.source().to_owned();
    let mut p = Parser::from_tokenizer(&src, tokenizer);
    p.feature_version = opts.feature_version;
    p.allow_incomplete_input = opts.allow_incomplete_input;
    let res = run_start_rule(&mut p, mode, opts.dont_imply_dedent);
    // The tokenizer ran ahead of the parser: put its warnings back in
    // source order among the string decoder's, as pegen emits them.
    let mut warnings = std::mem::take(&mut p.warnings);
    warnings.sort_by_key(|w| (w.error.lineno, w.error.offset));
    (res, warnings)
}

/// Run the start rule of `mode`.
fn run_start_rule(p: &mut Parser<'_>, mode: Mode, dont_imply_dedent: bool) -> Result<Mod, ParseError> {
    match mode {
        Mode::Exec => p.run(|p| p.file().map(Mod::Module)),
        Mode::Eval => p.run(Parser::eval),
        Mode::Single => {
            p.imply_final_newline(dont_imply_dedent);
            let m = p.run(Parser::interactive)?;
            p.check_single_statement()?;
            Ok(m)
        }
        Mode::FuncType => p.run(Parser::func_type),
    }
}

/// What the lines typed at the prompt so far amount to.
pub enum InteractiveParse {
    /// A whole statement (`Interactive` node), to run.
    Statement(Mod),
    /// The parser asked for a token past the last line read: show the
    /// continuation prompt and read another line.
    NeedMore,
    /// A syntax error (or MemoryError/RecursionError) to report.
    Failed(ParseError),
}

/// `_PyParser_InteractiveASTFromFile` over `lines`, the text typed for the
/// current statement. pegen.c tokenizes lazily and reads a line whenever
/// the parser wants a token past the end; here the lines read so far are
/// tokenized and parsed whole, and a parse that needed a token beyond them
/// asks for more. `at_eof`: input has ended, so the statement ends here as
/// a file's would (an implied newline and the DEDENTs of open blocks).
pub fn parse_interactive(lines: &str, at_eof: bool) -> (InteractiveParse, Vec<Warning>) {
    let config = Config { no_implicit_newline: true, interactive: true, ..Config::default() };
    on_big_stack(|| {
        let tokenizer = Tokenizer::from_str_with(lines, config);
        let src = tokenizer.source().to_owned();
        let mut p = Parser::from_tokenizer(&src, tokenizer);
        let res = if at_eof {
            p.imply_final_newline(false);
            p.run(Parser::interactive)
        } else {
            p.allow_incomplete_input = true;
            p.run(Parser::interactive)
        };
        let outcome = match res {
            // A failed first pass that read past the end is already an
            // IncompleteInputError (the error pass reads no more lines).
            Ok(_) if !at_eof && p.read_past_end() => InteractiveParse::NeedMore,
            Ok(m) => InteractiveParse::Statement(m),
            Err(ParseError::Syntax(e)) if e.kind == crate::parser::error::ErrorKind::IncompleteInputError => {
                InteractiveParse::NeedMore
            }
            Err(e) => InteractiveParse::Failed(e),
        };
        let mut warnings = std::mem::take(&mut p.warnings);
        warnings.sort_by_key(|w| (w.error.lineno, w.error.offset));
        (outcome, warnings)
    })
}

/// The tokenizer options of a string source: only 'exec' input gets a
/// final newline added (`exec_input` of `_PyPegen_run_parser_from_string`).
fn string_config(mode: Mode) -> Config {
    Config { no_implicit_newline: !matches!(mode, Mode::Exec), ..Config::default() }
}

/// [`parse_warn`] or [`parse_bytes_warn`] with parser options.
pub fn parse_with_options(source: Result<&str, &[u8]>, mode: Mode, opts: Options) -> Parsed {
    let config = Config { type_comments: opts.type_comments, ..string_config(mode) };
    // Bytes are decoded here: the codec may be the external decoder,
    // which runs on the caller's thread.
    let input = source.map_err(|bytes| Tokenizer::decode_bytes(bytes, None, !config.no_implicit_newline));
    on_big_stack(|| {
        let tokenizer = match input {
            Ok(text) => Tokenizer::from_str_with(text, config),
            Err(decoded) => match decoded.and_then(|d| Tokenizer::from_decoded(d, config)) {
                Ok(t) => t,
                Err(e) => return (Err(ParseError::Syntax(e)), Vec::new()),
            },
        };
        parse_tokens_with(tokenizer, mode, opts)
    })
}

/// `_PyParser_ASTFromString` with `mode`: the tree `ast.parse(source,
/// filename, mode)` builds, or the error CPython raises. `filename` is
/// where CPython records the error (not part of [`ParseError`]).
pub fn parse(source: &str, filename: &str, mode: Mode) -> Result<Mod, ParseError> {
    parse_warn(source, filename, mode).0
}

/// [`parse`] with the SyntaxWarnings of the tokenizer and string decoder.
pub fn parse_warn(source: &str, _filename: &str, mode: Mode) -> Parsed {
    on_big_stack(|| parse_tokens(Tokenizer::from_str_with(source, string_config(mode)), mode))
}

/// `_PyParser_ASTFromString` for a `bytes` source (`compile(b"...")`,
/// `ast.parse(b"...")`): decoded as its BOM or PEP 263 declaration says
/// (see [`Tokenizer::from_bytes`]).
pub fn parse_bytes(source: &[u8], filename: &str, mode: Mode) -> Result<Mod, ParseError> {
    parse_bytes_warn(source, filename, mode).0
}

/// [`parse_bytes`] with the SyntaxWarnings of the tokenizer and string
/// decoder.
pub fn parse_bytes_warn(source: &[u8], _filename: &str, mode: Mode) -> Parsed {
    let config = string_config(mode);
    parse_decoded(Tokenizer::decode_bytes(source, None, !config.no_implicit_newline), config, mode)
}

/// Parses a decoded source on the parser's thread.
fn parse_decoded(decoded: Result<Decoded, SyntaxError>, config: Config, mode: Mode) -> Parsed {
    on_big_stack(|| match decoded.and_then(|d| Tokenizer::from_decoded(d, config)) {
        Ok(tokenizer) => parse_tokens(tokenizer, mode),
        Err(e) => (Err(ParseError::Syntax(e)), Vec::new()),
    })
}

/// `_PyParser_ASTFromFile`: the tree of a script file's bytes (see
/// [`Tokenizer::from_file_bytes`]; `filename` appears in its errors).
pub fn parse_file_bytes(source: &[u8], filename: &str, mode: Mode) -> Result<Mod, ParseError> {
    parse_file_bytes_warn(source, filename, mode).0
}

/// [`parse_file_bytes`] with the SyntaxWarnings of the tokenizer and
/// string decoder.
pub fn parse_file_bytes_warn(source: &[u8], filename: &str, mode: Mode) -> Parsed {
    parse_decoded(Tokenizer::decode_bytes(source, Some(filename), true), Config::default(), mode)
}

/// `ast.parse(source, filename)` (mode "exec").
pub fn parse_module(source: &str, filename: &str) -> Result<Module, ParseError> {
    match parse(source, filename, Mode::Exec)? {
        Mod::Module(m) => Ok(m),
        _ => unreachable!("the file rule makes a Module"),
    }
}
