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

mod decode;

pub use decode::{Decoded, ExternalDecoder, program_text, set_external_decoder, source_file_lines};

use decode::Reader;

/// `_PyTokenizer_translate_newlines`: `\r\n` and lone `\r` become `\n`;
/// with `exec_input` a final newline is added when missing. Returns the
/// text and whether a newline was added (`tok->implicit_newline`).
pub fn translate_newlines(s: &str, exec_input: bool) -> (String, bool) {
    let (bytes, implicit) = translate_newlines_bytes(s.as_bytes(), exec_input);
    // Only ASCII bytes were replaced or added, so the text stays UTF-8.
    (String::from_utf8(bytes).expect("newline translation keeps UTF-8"), implicit)
}

/// [`translate_newlines`] over bytes in any encoding (CPython translates
/// before it decodes).
pub fn translate_newlines_bytes(s: &[u8], exec_input: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(s.len() + 1);
    let mut rest = s;
    while let Some(i) = rest.iter().position(|&b| b == b'\r') {
        out.extend_from_slice(&rest[..i]);
        out.push(b'\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix(b"\n") {
            rest = r;
        }
    }
    out.extend_from_slice(rest);
    let implicit = exec_input && !out.is_empty() && !out.ends_with(b"\n");
    if implicit {
        out.push(b'\n');
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
    /// `!exec_input`: no newline is added at the end of a string source
    /// (what the 'eval', 'single' and 'func_type' modes of `compile()`
    /// tokenize).
    pub no_implicit_newline: bool,
    /// The source is what was typed at the interactive prompt
    /// (`tok->prompt`; see [`Lexer::interactive`]).
    pub interactive: bool,
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
        let (text, implicit_newline) = translate_newlines(source, !config.no_implicit_newline);
        let mut lexer = Lexer::new(text, config.type_comments);
        lexer.interactive = config.interactive;
        Tokenizer {
            lexer,
            implicit_newline,
            encoding: Some("utf-8".to_owned()),
            finished: None,
        }
    }

    /// `_PyTokenizer_FromString(str, exec_input=1, preserve_crlf=0)`: the
    /// tokenizer `compile()` uses for a `bytes` source. A UTF-8 BOM is
    /// dropped, a PEP 263 declaration on line 1 or 2 selects the codec, and
    /// the errors of `decode_str` are returned before any token.
    pub fn from_bytes(source: &[u8], config: Config) -> Result<Tokenizer, SyntaxError> {
        Tokenizer::from_decoded(Tokenizer::decode_bytes(source, None, !config.no_implicit_newline)?, config)
    }

    /// The decoding step of [`Tokenizer::from_bytes`] (`filename`: `None`)
    /// or [`Tokenizer::from_file_bytes`]: it may call the external decoder,
    /// so it runs on the caller's thread, before the parser's. `exec_input`
    /// adds a missing final newline.
    pub fn decode_bytes(source: &[u8], filename: Option<&str>, exec_input: bool) -> Result<Decoded, SyntaxError> {
        decode::decode(source, filename.map_or(Reader::String, Reader::File), exec_input)
    }

    /// `_PyTokenizer_FromFile` over the bytes of file `filename`: what
    /// running a script uses. It decodes like [`Tokenizer::from_bytes`]
    /// but reads line by line, so invalid UTF-8 is reported (as "Non-UTF-8
    /// code ... in file FILENAME ...", or as a "(unicode error)" after a
    /// utf-8 declaration or BOM) only when the lexer reaches that line.
    pub fn from_file_bytes(
        source: &[u8],
        filename: &str,
        config: Config,
    ) -> Result<Tokenizer, SyntaxError> {
        Tokenizer::from_decoded(Tokenizer::decode_bytes(source, Some(filename), true)?, config)
    }

    /// A tokenizer over a source [`Tokenizer::decode_bytes`] decoded.
    pub fn from_decoded(d: decode::Decoded, config: Config) -> Result<Tokenizer, SyntaxError> {
        let mut lexer = Lexer::new(d.text, config.type_comments);
        if let Some(e) = d.read_error {
            lexer.set_read_error(e);
        }
        Ok(Tokenizer {
            lexer,
            implicit_newline: d.implicit_newline,
            encoding: d.encoding,
            finished: None,
        })
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

    /// The source encoding (`tok->encoding`): "utf-8" for a `str` source
    /// or after a BOM, else the declared one as `get_normal_name` leaves it
    /// ("utf-8", "iso-8859-1", or the name as written), `None` when nothing
    /// was declared.
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
        let mut kind = self.lexer.get(&mut token);
        if self.lexer.read_failed() {
            // `_PyTokenizer_Get`: a failed read ends tokenizing whatever
            // token the lexer made of the truncated line.
            kind = TokenKind::ErrorToken;
        }
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
