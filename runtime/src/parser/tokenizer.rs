//! The tokenizer entry points: a port of Parser/tokenizer/utf8_tokenizer.c
//! (`_PyTokenizer_FromUTF8`), Parser/tokenizer/string_tokenizer.c
//! (`_PyTokenizer_FromString`, `decode_str`) and the decoding helpers of
//! Parser/tokenizer/helpers.c (`_PyTokenizer_translate_newlines`,
//! `_PyTokenizer_check_bom`, `_PyTokenizer_check_coding_spec`), with
//! `_PyTokenizer_Get` as [`Tokenizer::next_token`].
//!
//! ```
//! use rupy::parser::tokenizer::Tokenizer;
//! use rupy::parser::token::TokenKind;
//! let mut t = Tokenizer::from_str("x = 1\n");
//! let tok = t.next_token().unwrap();
//! assert_eq!(tok.kind, TokenKind::Name);
//! assert_eq!(tok.text(t.source()), "x");
//! ```

use crate::parser::error::{SyntaxError, Warning};
use crate::parser::lexer::{Lexer, Token};
use crate::parser::token::TokenKind;

/// `_PyTokenizer_translate_newlines`: `\r\n` and lone `\r` become `\n`;
/// with `exec_input` a final newline is added when missing. Returns the
/// text and whether a newline was added (`tok->implicit_newline`).
pub fn translate_newlines(s: &str, exec_input: bool) -> (String, bool) {
    let mut out = String::with_capacity(s.len() + 1);
    let mut rest = s;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    let implicit = exec_input && !out.is_empty() && !out.ends_with('\n');
    if implicit {
        out.push('\n');
    }
    (out, implicit)
}

/// Options of a tokenizer (fields of `struct tok_state` set by its
/// creator).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Emit TYPE_COMMENT / TYPE_IGNORE tokens (`tok->type_comments`, from
    /// `PyCF_TYPE_COMMENTS`).
    pub type_comments: bool,
}

/// A tokenizer over a source held in memory.
pub struct Tokenizer {
    lexer: Lexer,
    implicit_newline: bool,
    encoding: Option<String>,
    finished: Option<Result<Token, SyntaxError>>,
}

impl Tokenizer {
    /// `_PyTokenizer_FromUTF8(str, exec_input=1, preserve_crlf=0)`: the
    /// tokenizer `compile()` uses for a `str` source (no coding cookie is
    /// looked at).
    #[allow(clippy::should_implement_trait)] // infallible, unlike FromStr
    pub fn from_str(source: &str) -> Tokenizer {
        Tokenizer::from_str_with(source, Config::default())
    }

    /// [`Tokenizer::from_str`] with options.
    pub fn from_str_with(source: &str, config: Config) -> Tokenizer {
        let (text, implicit_newline) = translate_newlines(source, true);
        Tokenizer {
            lexer: Lexer::new(text, config.type_comments),
            implicit_newline,
            encoding: Some("utf-8".to_owned()),
            finished: None,
        }
    }

    /// The source the token offsets refer to: the input with newlines
    /// translated (and a final newline added when it had none).
    pub fn source(&self) -> &str {
        self.lexer.source()
    }

    /// Whether a final newline was added (`tok->implicit_newline`).
    pub fn implicit_newline(&self) -> bool {
        self.implicit_newline
    }

    /// The source encoding (`tok->encoding`): "utf-8" for a `str` source,
    /// else the declared one, `None` when nothing was declared.
    pub fn encoding(&self) -> Option<&str> {
        self.encoding.as_deref()
    }

    /// The lexer state, for the parser's error reporting.
    pub fn lexer(&self) -> &Lexer {
        &self.lexer
    }

    /// The lexer state, for the parser's switches (barry_as_FLUFL,
    /// warnings on its second pass).
    pub fn lexer_mut(&mut self) -> &mut Lexer {
        &mut self.lexer
    }

    /// Take the warnings emitted so far (SyntaxWarnings for numbers glued
    /// to keywords, invalid escapes before braces in f-strings).
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        self.lexer.take_warnings()
    }

    /// `_PyTokenizer_Get`: the next token, or the SyntaxError CPython
    /// reports. After ENDMARKER or an error, the same result is returned
    /// again.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        if let Some(done) = &self.finished {
            return done.clone();
        }
        let mut token = Token {
            kind: TokenKind::ErrorToken,
            level: 0,
            lineno: 0,
            col_offset: -1,
            end_lineno: 0,
            end_col_offset: -1,
            start: None,
            end: None,
            metadata: None,
        };
        let kind = self.lexer.get(&mut token);
        let result = if kind == TokenKind::ErrorToken {
            Err(self.lexer.error())
        } else {
            Ok(token)
        };
        if kind == TokenKind::ErrorToken || kind == TokenKind::EndMarker {
            self.finished = Some(result.clone());
        }
        result
    }

    /// All tokens up to and including ENDMARKER, or the first error.
    pub fn tokenize_all(mut self) -> (Vec<Token>, Option<SyntaxError>, String) {
        let mut out = Vec::new();
        loop {
            match self.next_token() {
                Ok(t) => {
                    let end = t.kind == TokenKind::EndMarker;
                    out.push(t);
                    if end {
                        return (out, None, self.lexer.source().to_owned());
                    }
                }
                Err(e) => return (out, Some(e), self.lexer.source().to_owned()),
            }
        }
    }
}
