//! The lexer: a port of CPython 3.14's Parser/lexer/lexer.c
//! (`tok_get_normal_mode`, `tok_get_fstring_mode`), Parser/lexer/state.c
//! (the tokenizer state and token set-up) and the string underflow of
//! Parser/tokenizer/utf8_tokenizer.c.
//!
//! The input is the whole source held in memory, newlines already
//! translated (see [`crate::parser::tokenizer`]); it is fed to the lexer one
//! physical line at a time exactly as CPython's string tokenizer does, so
//! that line starts, column offsets and error positions agree.
//!
//! Columns (`col_offset`, `end_col_offset`) are UTF-8 byte offsets from the
//! start of the line, as in CPython's `struct token` and AST; `-1` where
//! CPython has none (INDENT, DEDENT, ENDMARKER). Errors are returned fully
//! formed as [`SyntaxError`]s with the message and location CPython's
//! `compile()` reports for the same source.

use crate::parser::error::{ErrorKind, SyntaxError, Warning, WarningCategory};
use crate::parser::token::{self, TokenKind};

/// Alternate tab size used to detect inconsistent tabs/spaces (`ALTTABSIZE`).
const ALTTABSIZE: i64 = 1;
/// Default tab size (`TABSIZE` in state.c).
const TABSIZE: i64 = 8;
/// Maximum indentation depth (`MAXINDENT` in state.h).
pub const MAXINDENT: usize = 100;
/// Maximum bracket nesting (`MAXLEVEL` in state.h).
pub const MAXLEVEL: usize = 200;
/// Maximum f-/t-string nesting (`MAXFSTRINGLEVEL` in state.h).
pub const MAXFSTRINGLEVEL: usize = 150;
/// Maximum nesting of replacement fields inside format specs
/// (`MAX_EXPR_NESTING` in state.h).
const MAX_EXPR_NESTING: i64 = 3;
/// End of input, as `tok_nextc` returns it.
const EOF: i32 = -1;

/// The state codes of `tok->done` (Include/errcode.h) that the lexer sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// `E_OK`: no error.
    Ok,
    /// `E_EOF`: end of input reached.
    Eof,
    /// `E_ERROR`: a SyntaxError has been formed.
    Error,
    /// `E_TABSPACE`: inconsistent tabs and spaces.
    TabSpace,
    /// `E_TOODEEP`: too many indentation levels.
    TooDeep,
    /// `E_DEDENT`: unindent to no outer level.
    Dedent,
    /// `E_EOFS`: end of input inside a triple-quoted string.
    Eofs,
    /// `E_EOLS`: end of line inside a single-quoted string.
    Eols,
    /// `E_LINECONT`: character after a line continuation.
    LineCont,
}

/// One token, as CPython's `struct token` (Parser/lexer/state.h).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Bracket nesting level when the token was made.
    pub level: usize,
    pub lineno: i64,
    /// UTF-8 byte column of the start, or -1.
    pub col_offset: i64,
    pub end_lineno: i64,
    /// UTF-8 byte column of the end, or -1.
    pub end_col_offset: i64,
    /// Byte offset of the token text in [`Lexer::source`], if it has text.
    pub start: Option<usize>,
    /// Byte offset just past the token text.
    pub end: Option<usize>,
    /// For the `}`, `!` or `:` closing an f-string `=` debug expression or
    /// any t-string replacement field: the expression's source text with
    /// comments removed (`token->metadata`).
    pub metadata: Option<String>,
}

impl Token {
    /// The token's text in `source` (empty when it has none).
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        match (self.start, self.end) {
            (Some(a), Some(b)) => source.get(a..b).unwrap_or(""),
            _ => "",
        }
    }
}

/// `enum tokenizer_mode_kind_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModeKind {
    Regular,
    FString,
}

/// `enum string_kind_t` (3.14): which of f-string or t-string a mode scans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StringKind {
    F,
    T,
}

impl StringKind {
    /// The letter used in error messages ("f-string: ...", "t-string: ...").
    fn prefix(self) -> char {
        match self {
            StringKind::F => 'f',
            StringKind::T => 't',
        }
    }
}

/// `tokenizer_mode` (state.h): one entry of the f-string mode stack.
#[derive(Clone, Debug)]
struct Mode {
    kind: ModeKind,
    curly_bracket_depth: i64,
    curly_bracket_expr_start_depth: i64,
    quote: i32,
    quote_size: usize,
    raw: bool,
    string_kind: StringKind,
    /// Byte offset of the string's prefix (`f_string_start`).
    start: usize,
    /// Start of the line holding the prefix (`f_string_multi_line_start`).
    multi_line_start: usize,
    /// Line of the prefix (`f_string_line_start`).
    line_start: i64,
    /// Start of the current replacement-field expression
    /// (`last_expr_buffer`: CPython copies the rest of the input; the whole
    /// input is in memory here, so an offset is the same thing).
    last_expr_start: Option<usize>,
    /// Where that expression ends (`last_expr_end`).
    last_expr_end: Option<usize>,
    debug: bool,
    in_format_spec: bool,
}

impl Mode {
    /// The bottom (regular) mode `_PyTokenizer_tok_new` installs.
    fn regular() -> Mode {
        Mode {
            kind: ModeKind::Regular,
            curly_bracket_depth: 0,
            curly_bracket_expr_start_depth: 0,
            quote: 0,
            quote_size: 0,
            raw: false,
            string_kind: StringKind::F,
            start: 0,
            multi_line_start: 0,
            line_start: 0,
            last_expr_start: None,
            last_expr_end: None,
            debug: false,
            in_format_spec: false,
        }
    }

    /// `INSIDE_FSTRING_EXPR`.
    fn inside_expr(&self) -> bool {
        self.curly_bracket_expr_start_depth >= 0
    }
}

/// The tokenizer state (`struct tok_state`), for a source held in memory.
pub struct Lexer {
    /// The newline-translated source (`tok->str`).
    input: String,
    /// `tok->buf`: start of the line the current token began on.
    buf: usize,
    cur: usize,
    inp: usize,
    start: Option<usize>,
    done: ErrorCode,
    tabsize: i64,
    indent: usize,
    indstack: [i64; MAXINDENT],
    altindstack: [i64; MAXINDENT],
    atbol: bool,
    pendin: i64,
    lineno: i64,
    first_lineno: i64,
    starting_col_offset: i64,
    col_offset: i64,
    level: usize,
    parenstack: [u8; MAXLEVEL],
    parenlinenostack: [i64; MAXLEVEL],
    parencolstack: [i64; MAXLEVEL],
    line_start: usize,
    multi_line_start: usize,
    type_comments: bool,
    /// `tok_extra_tokens`: the `tokenize` module's mode, which keeps
    /// comments and non-logical newlines as tokens and checks less.
    extra_tokens: bool,
    /// `tok->prompt != NULL`: the source is read at the interactive prompt,
    /// where a totally empty line ends a compound statement and a first
    /// line of blanks or a comment is a statement of its own.
    pub interactive: bool,
    /// A comment ended the last line (`comment_newline`).
    comment_newline: bool,
    report_warnings: bool,
    barry_as_flufl: bool,
    modes: Vec<Mode>,
    warnings: Vec<Warning>,
    error: Option<SyntaxError>,
    read_error: Option<ReadError>,
    read_failed: bool,
}

/// The error a file reader meets after the text a [`Lexer`] holds (the
/// first line that does not decode): raised when the lexer reads past the
/// end, as `tok_underflow_file` does when it reads that line.
#[derive(Clone, Debug)]
pub struct ReadError {
    /// The error when the line is read as the first of a token
    /// (`tok->start == NULL`).
    pub fresh: SyntaxError,
    /// The error when the line continues a token begun on earlier lines.
    pub continued: SyntaxError,
}

fn is_potential_identifier_start(c: i32) -> bool {
    (b'a' as i32..=b'z' as i32).contains(&c)
        || (b'A' as i32..=b'Z' as i32).contains(&c)
        || c == b'_' as i32
        || c >= 128
}

fn is_potential_identifier_char(c: i32) -> bool {
    is_potential_identifier_start(c) || is_digit(c)
}

fn is_digit(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

fn is_xdigit(c: i32) -> bool {
    u8::try_from(c).is_ok_and(|b| b.is_ascii_hexdigit())
}

fn ch(c: u8) -> i32 {
    i32::from(c)
}

/// `Py_UNICODE_ISPRINTABLE`.
pub fn is_printable(c: u32) -> bool {
    unicode_db::contains(unicode_db::PRINTABLE, c)
}

/// `_PyUnicode_ScanIdentifier` (Objects/unicodeobject.c): the index of the
/// first character of `s` that cannot be part of an identifier.
pub fn scan_identifier(s: &str) -> usize {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return 0 };
    if first != '_' && !unicode_db::contains(unicode_db::XID_START, first as u32) {
        return 0;
    }
    1 + chars
        .take_while(|&c| unicode_db::contains(unicode_db::XID_CONTINUE, c as u32))
        .count()
}

impl Lexer {
    /// `_PyTokenizer_tok_new` plus the set-up of `_PyTokenizer_FromUTF8`:
    /// a lexer over `input`, which must already be newline-translated.
    pub fn new(input: String, type_comments: bool) -> Lexer {
        Lexer {
            input,
            buf: 0,
            cur: 0,
            inp: 0,
            start: None,
            done: ErrorCode::Ok,
            tabsize: TABSIZE,
            indent: 0,
            indstack: [0; MAXINDENT],
            altindstack: [0; MAXINDENT],
            atbol: true,
            pendin: 0,
            lineno: 0,
            first_lineno: 0,
            starting_col_offset: -1,
            col_offset: -1,
            level: 0,
            parenstack: [0; MAXLEVEL],
            parenlinenostack: [0; MAXLEVEL],
            parencolstack: [0; MAXLEVEL],
            line_start: 0,
            multi_line_start: 0,
            type_comments,
            extra_tokens: false,
            interactive: false,
            comment_newline: false,
            report_warnings: true,
            barry_as_flufl: false,
            modes: vec![Mode::regular()],
            warnings: Vec::new(),
            error: None,
            read_error: None,
            read_failed: false,
        }
    }

    /// Switch to the `tokenize` module's mode (`tok_extra_tokens`).
    pub fn set_extra_tokens(&mut self, on: bool) {
        self.extra_tokens = on;
    }

    /// The byte range of the current line, or of the lines of the string
    /// literal just read (from `multi_line_start`), up to the end of the
    /// input read so far (`tok->inp`).
    pub fn current_lines(&self, string_literal: bool) -> (usize, usize) {
        let start = if string_literal { self.multi_line_start } else { self.line_start };
        (start.min(self.inp), self.inp)
    }

    /// The line a string literal began on (`tok->first_lineno`).
    pub fn first_lineno(&self) -> i64 {
        self.first_lineno
    }

    /// Make reading past the end of the input fail with `e`.
    pub fn set_read_error(&mut self, e: ReadError) {
        self.read_error = Some(e);
    }

    /// Whether reading the input failed (`tok->decoding_erred`).
    pub fn read_failed(&self) -> bool {
        self.read_failed
    }

    /// The (newline-translated) source the token offsets refer to.
    pub fn source(&self) -> &str {
        &self.input
    }

    /// The current `tok->done` code.
    pub fn done(&self) -> ErrorCode {
        self.done
    }

    /// Whether the lexer is inside an f- or t-string
    /// (`tok->tok_mode_stack_index > 0`): pegen lets a parser error in a
    /// replacement field stand over a later tokenizer error only then.
    pub fn in_fstring(&self) -> bool {
        self.inside_fstring()
    }

    /// Current bracket nesting level (`tok->level`).
    pub fn level(&self) -> usize {
        self.level
    }

    /// Current line number (`tok->lineno`).
    pub fn lineno(&self) -> i64 {
        self.lineno
    }

    /// Turn the tokenizer's warnings off (`tok->report_warnings = 0`), as
    /// pegen does on its second pass.
    pub fn set_report_warnings(&mut self, on: bool) {
        self.report_warnings = on;
    }

    /// Lex `<>` as one NOTEQUAL token (`from __future__ import
    /// barry_as_FLUFL`). Without it CPython 3.14 lexes `<>` as LESS and
    /// GREATER, which the parser turns into its "Maybe you meant '!='"
    /// error.
    pub fn set_barry_as_flufl(&mut self, on: bool) {
        self.barry_as_flufl = on;
    }

    /// Take the warnings emitted so far.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    fn byte(&self, i: usize) -> u8 {
        self.input.as_bytes().get(i).copied().unwrap_or(0)
    }

    fn mode(&self) -> &Mode {
        self.modes.last().expect("the regular mode is never popped")
    }

    fn mode_mut(&mut self) -> &mut Mode {
        self.modes.last_mut().expect("the regular mode is never popped")
    }

    /// `INSIDE_FSTRING`.
    fn inside_fstring(&self) -> bool {
        self.modes.len() > 1
    }

    /// `tok_underflow_string` (utf8_tokenizer.c): make the next physical
    /// line available.
    fn underflow(&mut self) -> bool {
        let bytes = self.input.as_bytes();
        let end = match bytes[self.inp..].iter().position(|&b| b == b'\n') {
            Some(i) => self.inp + i + 1,
            None => {
                if self.inp == bytes.len() {
                    if let Some(e) = self.read_error.take() {
                        let fresh = self.start.is_none() && !self.inside_fstring();
                        self.error = Some(if fresh { e.fresh } else { e.continued });
                        self.read_failed = true;
                        self.done = ErrorCode::Error;
                        return false;
                    }
                    self.done = ErrorCode::Eof;
                    return false;
                }
                bytes.len()
            }
        };
        if self.start.is_none() {
            self.buf = self.cur;
        }
        self.line_start = self.cur;
        self.lineno += 1;
        self.col_offset = 0;
        self.inp = end;
        true
    }

    /// `tok_nextc`: the next byte, or EOF.
    fn nextc(&mut self) -> i32 {
        loop {
            if self.cur != self.inp {
                self.col_offset += 1;
                let c = self.byte(self.cur);
                self.cur += 1;
                return ch(c);
            }
            if self.done != ErrorCode::Ok {
                return EOF;
            }
            if !self.underflow() {
                self.cur = self.inp;
                return EOF;
            }
            self.line_start = self.cur;
            if self.input.as_bytes()[self.line_start..self.inp].contains(&0) {
                self.syntaxerror("source code cannot contain null bytes".to_owned());
                self.cur = self.inp;
                return EOF;
            }
        }
    }

    /// `tok_backup`: push back `c`.
    fn backup(&mut self, c: i32) {
        if c != EOF {
            debug_assert!(self.cur > 0, "tokenizer beginning of buffer");
            self.cur -= 1;
            debug_assert_eq!(ch(self.byte(self.cur)), c, "tok_backup: wrong character");
            self.col_offset -= 1;
        }
    }

    /// `_syntaxerror_range` (helpers.c): form a SyntaxError at the current
    /// position, or at the given 1-based byte columns.
    fn syntaxerror_range(&mut self, msg: String, col: Option<(i64, i64)>) -> TokenKind {
        if self.done == ErrorCode::Error {
            return TokenKind::ErrorToken;
        }
        self.error = Some(self.error_here(msg, col));
        self.done = ErrorCode::Error;
        TokenKind::ErrorToken
    }

    /// The SyntaxError `_syntaxerror_range` would raise here, without
    /// stopping the tokenizer.
    fn error_here(&self, msg: String, col: Option<(i64, i64)>) -> SyntaxError {
        let bytes = self.input.as_bytes();
        let line_start = self.line_start.min(self.cur);
        let errtext = String::from_utf8_lossy(&bytes[line_start..self.cur]).into_owned();
        let line_len = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n' || b == 0)
            .unwrap_or(bytes.len() - line_start);
        let line = String::from_utf8_lossy(&bytes[line_start..line_start + line_len]);
        // Known 1-based byte columns become character columns, as CPython
        // reports them.
        let to_chars = |c: i64| crate::parser::error::byte_offset_to_character_offset(&line, c - 1) + 1;
        let (col_offset, end_col_offset) = match col {
            Some((c, e)) => (to_chars(c), to_chars(e)),
            None => {
                let n = errtext.chars().count() as i64;
                (n, n)
            }
        };
        let text = if line_len != self.cur - line_start { line.into_owned() } else { errtext };
        SyntaxError {
            kind: ErrorKind::SyntaxError,
            msg,
            lineno: self.lineno,
            offset: col_offset,
            end_lineno: self.lineno,
            end_offset: end_col_offset,
            text: Some(text),
        }
    }

    /// `_PyTokenizer_syntaxerror`.
    fn syntaxerror(&mut self, msg: String) -> TokenKind {
        self.syntaxerror_range(msg, None)
    }

    /// `_PyTokenizer_indenterror`.
    fn indenterror(&mut self) -> TokenKind {
        self.done = ErrorCode::TabSpace;
        self.cur = self.inp;
        TokenKind::ErrorToken
    }

    /// `_PyTokenizer_parser_warn`: `error_msg` is the SyntaxError raised
    /// here if the warning filters turn the warning into an error.
    fn parser_warn(&mut self, category: WarningCategory, msg: String, error_msg: String) {
        if self.report_warnings {
            let error = self.error_here(error_msg, None);
            self.warnings.push(Warning { category, msg, lineno: self.lineno, error });
        }
    }

    /// `_PyTokenizer_warn_invalid_escape_sequence` (3.14's wording).
    fn warn_invalid_escape_sequence(&mut self, c: i32) {
        let c = char::from(u8::try_from(c).unwrap_or(b'?'));
        self.parser_warn(
            WarningCategory::SyntaxWarning,
            format!(
                "\"\\{c}\" is an invalid escape sequence. Such sequences will not work in the \
                 future. Did you mean \"\\\\{c}\"? A raw string is also an option."
            ),
            format!("\"\\{c}\" is an invalid escape sequence. Did you mean \"\\\\{c}\"? A raw string is also an option."),
        );
    }

    /// `_PyLexer_token_setup` (state.c).
    fn make_token(
        &self,
        token: &mut Token,
        kind: TokenKind,
        p_start: Option<usize>,
        p_end: Option<usize>,
    ) -> TokenKind {
        token.kind = kind;
        token.level = self.level;
        token.lineno = if kind.is_string_literal() {
            self.first_lineno
        } else {
            self.lineno
        };
        token.end_lineno = self.lineno;
        token.col_offset = -1;
        token.end_col_offset = -1;
        token.start = p_start;
        token.end = p_end;
        if p_start.is_some() && p_end.is_some() {
            token.col_offset = self.starting_col_offset;
            token.end_col_offset = self.col_offset;
        }
        kind
    }

    /// `_PyLexer_type_comment_token_setup` (state.c).
    fn make_type_comment_token(
        &self,
        token: &mut Token,
        kind: TokenKind,
        col_offset: i64,
        end_col_offset: i64,
        p_start: usize,
        p_end: usize,
    ) -> TokenKind {
        token.kind = kind;
        token.level = self.level;
        token.lineno = self.lineno;
        token.end_lineno = self.lineno;
        token.col_offset = col_offset;
        token.end_col_offset = end_col_offset;
        token.start = Some(p_start);
        token.end = Some(p_end);
        kind
    }

    /// `_PyLexer_update_fstring_expr`: remember where a replacement-field
    /// expression starts (`{`) or ends (`}`, `!`, `:`).
    fn update_fstring_expr(&mut self, c: i32) {
        let (cur, start) = (self.cur, self.start.unwrap_or(self.cur));
        let mode = self.mode_mut();
        if c == ch(b'{') {
            mode.last_expr_start = Some(cur);
            mode.last_expr_end = None;
        } else if mode.last_expr_end.is_none() {
            mode.last_expr_end = Some(start);
        }
    }

    /// `set_fstring_expr`: attach the text of a `=` debug expression or of
    /// any t-string replacement field, with comments removed, to the token
    /// that ends it (`!`, `:` or `}`).
    fn set_fstring_expr(&self, token: &mut Token) {
        let mode = self.mode();
        if !(mode.debug || mode.string_kind == StringKind::T) || token.metadata.is_some() {
            return;
        }
        let (Some(a), Some(b)) = (mode.last_expr_start, mode.last_expr_end) else {
            token.metadata = Some(String::new());
            return;
        };
        let expr = self.input.as_bytes().get(a..b.max(a)).unwrap_or(&[]);
        // A `#` outside a quoted string starts a comment, dropped up to its
        // newline. Quotes are paired one character at a time (a triple
        // quote is three strings), with backslash escapes inside them.
        let mut out = Vec::with_capacity(expr.len());
        let mut quote = None;
        let mut i = 0;
        while i < expr.len() {
            let c = expr[i];
            match quote {
                Some(q) => {
                    out.push(c);
                    if c == b'\\' && i + 1 < expr.len() {
                        i += 1;
                        out.push(expr[i]);
                    } else if c == q {
                        quote = None;
                    }
                }
                None if c == b'#' => {
                    while i < expr.len() && expr[i] != b'\n' {
                        i += 1;
                    }
                    if i < expr.len() {
                        out.push(b'\n');
                    }
                }
                None => {
                    if c == b'\'' || c == b'"' {
                        quote = Some(c);
                    }
                    out.push(c);
                }
            }
            i += 1;
        }
        token.metadata = Some(String::from_utf8_lossy(&out).into_owned());
    }

    /// `lookahead`: whether the next characters are `test` followed by a
    /// non-identifier character; consumes nothing.
    fn lookahead(&mut self, test: &[u8]) -> bool {
        let mut consumed = 0;
        loop {
            let c = self.nextc();
            if consumed == test.len() {
                let res = !is_potential_identifier_char(c);
                self.backup(c);
                for &t in test.iter().rev() {
                    self.backup(ch(t));
                }
                return res;
            }
            if c == ch(test[consumed]) {
                consumed += 1;
                continue;
            }
            self.backup(c);
            for &t in test[..consumed].iter().rev() {
                self.backup(ch(t));
            }
            return false;
        }
    }

    /// `verify_end_of_number`: a number glued to a keyword warns, glued to
    /// any other identifier is an error.
    fn verify_end_of_number(&mut self, c: i32, kind: &str) -> bool {
        if self.extra_tokens {
            return true;
        }
        let r = match u8::try_from(c).unwrap_or(0) {
            b'a' => self.lookahead(b"nd"),
            b'e' => self.lookahead(b"lse"),
            b'f' => self.lookahead(b"or"),
            b'i' => {
                let c2 = self.nextc();
                let r = c2 == ch(b'f') || c2 == ch(b'n') || c2 == ch(b's');
                self.backup(c2);
                r
            }
            b'o' => self.lookahead(b"r"),
            b'n' => self.lookahead(b"ot"),
            _ => false,
        };
        if r {
            self.backup(c);
            let msg = format!("invalid {kind} literal");
            self.parser_warn(WarningCategory::SyntaxWarning, msg.clone(), msg);
            self.nextc();
        } else if c < 128 && is_potential_identifier_char(c) {
            self.backup(c);
            self.syntaxerror(format!("invalid {kind} literal"));
            return false;
        }
        true
    }

    /// `verify_identifier`: PEP 3131 check of a NAME with non-ASCII bytes.
    fn verify_identifier(&mut self) -> bool {
        if self.extra_tokens {
            return true;
        }
        let start = self.start.unwrap_or(self.cur);
        let Some(s) = self.input.get(start..self.cur) else {
            return false;
        };
        let invalid = scan_identifier(s);
        let Some((byte_idx, bad)) = s.char_indices().nth(invalid) else {
            return true;
        };
        if invalid + 1 < s.chars().count() {
            self.cur = start + byte_idx + bad.len_utf8();
        }
        let cp = bad as u32;
        if is_printable(cp) {
            self.syntaxerror(format!("invalid character '{bad}' (U+{cp:04X})"));
        } else {
            self.syntaxerror(format!("invalid non-printable character U+{cp:04X}"));
        }
        false
    }

    /// `tok_decimal_tail`: digits with single underscores; `None` on error.
    fn decimal_tail(&mut self) -> Option<i32> {
        loop {
            let mut c;
            loop {
                c = self.nextc();
                if !is_digit(c) {
                    break;
                }
            }
            if c != ch(b'_') {
                return Some(c);
            }
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                self.syntaxerror("invalid decimal literal".to_owned());
                return None;
            }
        }
    }

    /// `tok_continuation_line`: after a backslash; -1 on error.
    fn continuation_line(&mut self) -> i32 {
        let mut c = self.nextc();
        if c == ch(b'\r') {
            c = self.nextc();
        }
        if c != ch(b'\n') {
            self.done = ErrorCode::LineCont;
            return -1;
        }
        c = self.nextc();
        if c == EOF {
            self.done = ErrorCode::Eof;
            self.cur = self.inp;
            return -1;
        }
        self.backup(c);
        c
    }

    /// The 3.14 check for incompatible string prefixes
    /// (`maybe_raise_syntax_error_for_string_prefixes`).
    fn check_string_prefixes(&mut self, b: bool, r: bool, u: bool, f: bool, t: bool) -> bool {
        let pair = if u && b {
            ('u', 'b')
        } else if u && r {
            ('u', 'r')
        } else if u && f {
            ('u', 'f')
        } else if u && t {
            ('u', 't')
        } else if b && f {
            ('b', 'f')
        } else if b && t {
            ('b', 't')
        } else if f && t {
            ('f', 't')
        } else {
            return true;
        };
        let start = self.start.unwrap_or(self.cur);
        let col = (start + 1 - self.line_start) as i64;
        let end = (self.cur - self.line_start) as i64;
        self.syntaxerror_range(
            format!("'{}' and '{}' prefixes are incompatible", pair.0, pair.1),
            Some((col, end)),
        );
        false
    }

    /// `tok_get`: the next raw token (ERRORTOKEN on error).
    pub fn get(&mut self, token: &mut Token) -> TokenKind {
        token.metadata = None;
        if self.mode().kind == ModeKind::Regular {
            self.get_normal_mode(token)
        } else {
            self.get_fstring_mode(token)
        }
    }

    /// `tok_get_normal_mode`.
    fn get_normal_mode(&mut self, token: &mut Token) -> TokenKind {
        let mut c: i32;
        let mut blankline: bool;
        'nextline: loop {
            self.start = None;
            self.starting_col_offset = -1;
            blankline = false;

            if self.atbol {
                let mut col: i64 = 0;
                let mut altcol: i64 = 0;
                self.atbol = false;
                let mut cont_line_col: i64 = 0;
                loop {
                    c = self.nextc();
                    if c == ch(b' ') {
                        col += 1;
                        altcol += 1;
                    } else if c == ch(b'\t') {
                        col = (col / self.tabsize + 1) * self.tabsize;
                        altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
                    } else if c == 0o14 {
                        col = 0;
                        altcol = 0;
                    } else if c == ch(b'\\') {
                        if cont_line_col == 0 {
                            cont_line_col = col;
                        }
                        c = self.continuation_line();
                        if c == -1 {
                            return self.make_token(token, TokenKind::ErrorToken, None, None);
                        }
                    } else {
                        break;
                    }
                }
                self.backup(c);
                if c == ch(b'#') || c == ch(b'\n') || c == ch(b'\r') {
                    if self.interactive && col == 0 && c == ch(b'\n') {
                        blankline = false;
                    } else if self.interactive && self.lineno == 1 {
                        blankline = false;
                        col = 0;
                        altcol = 0;
                    } else {
                        blankline = true;
                    }
                }
                if !blankline && self.level == 0 {
                    if cont_line_col != 0 {
                        col = cont_line_col;
                        altcol = cont_line_col;
                    }
                    let ind = self.indent;
                    if col == self.indstack[ind] {
                        if altcol != self.altindstack[ind] {
                            let k = self.indenterror();
                            return self.make_token(token, k, None, None);
                        }
                    } else if col > self.indstack[ind] {
                        if ind + 1 >= MAXINDENT {
                            self.done = ErrorCode::TooDeep;
                            self.cur = self.inp;
                            return self.make_token(token, TokenKind::ErrorToken, None, None);
                        }
                        if altcol <= self.altindstack[ind] {
                            let k = self.indenterror();
                            return self.make_token(token, k, None, None);
                        }
                        self.pendin += 1;
                        self.indent += 1;
                        self.indstack[self.indent] = col;
                        self.altindstack[self.indent] = altcol;
                    } else {
                        while self.indent > 0 && col < self.indstack[self.indent] {
                            self.pendin -= 1;
                            self.indent -= 1;
                        }
                        if col != self.indstack[self.indent] {
                            self.done = ErrorCode::Dedent;
                            self.cur = self.inp;
                            return self.make_token(token, TokenKind::ErrorToken, None, None);
                        }
                        if altcol != self.altindstack[self.indent] {
                            let k = self.indenterror();
                            return self.make_token(token, k, None, None);
                        }
                    }
                }
            }

            self.start = Some(self.cur);
            self.starting_col_offset = self.col_offset;

            if self.pendin != 0 {
                if self.pendin < 0 {
                    self.pendin += 1;
                    let at = self.extra_tokens.then_some(self.cur);
                    return self.make_token(token, TokenKind::Dedent, at, at);
                }
                self.pendin -= 1;
                let (start, end) = if self.extra_tokens { (Some(self.line_start), Some(self.cur)) } else { (None, None) };
                return self.make_token(token, TokenKind::Indent, start, end);
            }

            c = self.nextc();
            self.backup(c);

            'again: loop {
                self.start = None;
                loop {
                    c = self.nextc();
                    if !(c == ch(b' ') || c == ch(b'\t') || c == 0o14) {
                        break;
                    }
                }
                let tok_start = self.cur.saturating_sub(1);
                self.start = Some(tok_start);
                self.starting_col_offset = self.col_offset - 1;

                if c == ch(b'#') {
                    while c != EOF && c != ch(b'\n') && c != ch(b'\r') {
                        c = self.nextc();
                    }
                    if self.type_comments
                        && let Some(k) = self.type_comment(token, c, tok_start, blankline)
                    {
                        return k;
                    }
                    if self.extra_tokens {
                        // Keep the newline (or EOF) for the next token.
                        self.backup(c);
                        self.comment_newline = blankline;
                        return self.make_token(token, TokenKind::Comment, Some(tok_start), Some(self.cur));
                    }
                }

                if c == EOF {
                    if self.level > 0 {
                        return self.make_token(token, TokenKind::ErrorToken, None, None);
                    }
                    let k = if self.done == ErrorCode::Eof {
                        TokenKind::EndMarker
                    } else {
                        TokenKind::ErrorToken
                    };
                    return self.make_token(token, k, None, None);
                }

                // Identifier, or the prefix of a string literal.
                if is_potential_identifier_start(c) {
                    let (mut saw_b, mut saw_r, mut saw_u, mut saw_f, mut saw_t) =
                        (false, false, false, false, false);
                    loop {
                        let l = u8::try_from(c).unwrap_or(0).to_ascii_lowercase();
                        if !saw_b && l == b'b' {
                            saw_b = true;
                        } else if !saw_u && l == b'u' {
                            saw_u = true;
                        } else if !saw_r && l == b'r' {
                            saw_r = true;
                        } else if !saw_f && l == b'f' {
                            saw_f = true;
                        } else if !saw_t && l == b't' {
                            saw_t = true;
                        } else {
                            break;
                        }
                        c = self.nextc();
                        if c == ch(b'"') || c == ch(b'\'') {
                            if !self.check_string_prefixes(saw_b, saw_r, saw_u, saw_f, saw_t) {
                                return self.make_token(token, TokenKind::ErrorToken, None, None);
                            }
                            if saw_f || saw_t {
                                return self.fstring_start(token, c);
                            }
                            return self.string_literal(token, c);
                        }
                    }
                    let mut nonascii = false;
                    while is_potential_identifier_char(c) {
                        if c >= 128 {
                            nonascii = true;
                        }
                        c = self.nextc();
                    }
                    self.backup(c);
                    if nonascii && !self.verify_identifier() {
                        return self.make_token(token, TokenKind::ErrorToken, None, None);
                    }
                    return self.make_token(token, TokenKind::Name, Some(tok_start), Some(self.cur));
                }

                if c == ch(b'\r') {
                    c = self.nextc();
                }

                if c == ch(b'\n') {
                    self.atbol = true;
                    if blankline || self.level > 0 {
                        if self.extra_tokens {
                            self.comment_newline = false;
                            return self.make_token(token, TokenKind::Nl, Some(tok_start), Some(self.cur));
                        }
                        continue 'nextline;
                    }
                    if self.comment_newline && self.extra_tokens {
                        self.comment_newline = false;
                        return self.make_token(token, TokenKind::Nl, Some(tok_start), Some(self.cur));
                    }
                    return self.make_token(
                        token,
                        TokenKind::Newline,
                        Some(tok_start),
                        Some(self.cur - 1),
                    );
                }

                if c == ch(b'.') {
                    c = self.nextc();
                    if is_digit(c) {
                        return self.number(token, c, NumberStage::Fraction);
                    } else if c == ch(b'.') {
                        c = self.nextc();
                        if c == ch(b'.') {
                            return self.make_token(
                                token,
                                TokenKind::Ellipsis,
                                Some(tok_start),
                                Some(self.cur),
                            );
                        }
                        self.backup(c);
                        self.backup(ch(b'.'));
                    } else {
                        self.backup(c);
                    }
                    return self.make_token(token, TokenKind::Dot, Some(tok_start), Some(self.cur));
                }

                if is_digit(c) {
                    return self.number_start(token, c);
                }

                if c == ch(b'\'') || c == ch(b'"') {
                    return self.string_literal(token, c);
                }

                if c == ch(b'\\') {
                    if self.continuation_line() == -1 {
                        return self.make_token(token, TokenKind::ErrorToken, None, None);
                    }
                    continue 'again;
                }

                return self.operator(token, c, tok_start);
            }
        }
    }

    /// The type-comment part of `tok_get_normal_mode`'s comment handling.
    /// `None` when the comment is an ordinary one.
    fn type_comment(
        &mut self,
        token: &mut Token,
        c: i32,
        tok_start: usize,
        blankline: bool,
    ) -> Option<TokenKind> {
        const PREFIX: &[u8] = b"# type: ";
        let bytes = self.input.as_bytes();
        let mut p = tok_start;
        let mut col = self.starting_col_offset;
        let mut matched = 0;
        while matched < PREFIX.len() && p < self.cur {
            if PREFIX[matched] == b' ' {
                while p < bytes.len() && (bytes[p] == b' ' || bytes[p] == b'\t') {
                    p += 1;
                    col += 1;
                }
            } else if p < bytes.len() && PREFIX[matched] == bytes[p] {
                p += 1;
                col += 1;
            } else {
                break;
            }
            matched += 1;
        }
        if matched < PREFIX.len() {
            return None;
        }
        let ignore_end = p + 6;
        let ignore_end_col = col + 6;
        self.backup(c);
        let bytes = self.input.as_bytes();
        let is_type_ignore = self.cur >= ignore_end
            && &bytes[p..ignore_end] == b"ignore"
            && !(self.cur > ignore_end
                && (bytes[ignore_end] >= 128 || bytes[ignore_end].is_ascii_alphanumeric()));
        if is_type_ignore {
            let p_end = self.cur;
            if blankline {
                self.nextc();
                self.atbol = true;
            }
            let end_col = self.col_offset;
            return Some(self.make_type_comment_token(
                token,
                TokenKind::TypeIgnore,
                ignore_end_col,
                end_col,
                ignore_end,
                p_end,
            ));
        }
        let end_col = self.col_offset;
        Some(self.make_type_comment_token(token, TokenKind::TypeComment, col, end_col, p, self.cur))
    }

    /// The number part of `tok_get_normal_mode`, from its first digit.
    fn number_start(&mut self, token: &mut Token, first: i32) -> TokenKind {
        let tok_start = self.start.unwrap_or(self.cur);
        if first != ch(b'0') {
            let Some(c) = self.decimal_tail() else {
                return self.make_token(token, TokenKind::ErrorToken, None, None);
            };
            return self.number(token, c, NumberStage::AfterInteger);
        }
        let mut c = self.nextc();
        let radix = match u8::try_from(c).unwrap_or(0) {
            b'x' | b'X' => Some((16u32, "hexadecimal")),
            b'o' | b'O' => Some((8, "octal")),
            b'b' | b'B' => Some((2, "binary")),
            _ => None,
        };
        if let Some((radix, name)) = radix {
            let in_radix = |c: i32| match radix {
                16 => is_xdigit(c),
                8 => (ch(b'0')..ch(b'8')).contains(&c),
                _ => c == ch(b'0') || c == ch(b'1'),
            };
            c = self.nextc();
            loop {
                if c == ch(b'_') {
                    c = self.nextc();
                }
                if !in_radix(c) {
                    if radix != 16 && is_digit(c) {
                        let k = self.syntaxerror(format!(
                            "invalid digit '{}' in {name} literal",
                            char::from(c as u8)
                        ));
                        return self.make_token(token, k, None, None);
                    }
                    self.backup(c);
                    let k = self.syntaxerror(format!("invalid {name} literal"));
                    return self.make_token(token, k, None, None);
                }
                loop {
                    c = self.nextc();
                    if !in_radix(c) {
                        break;
                    }
                }
                if c != ch(b'_') {
                    break;
                }
            }
            if radix != 16 && is_digit(c) {
                let k = self.syntaxerror(format!(
                    "invalid digit '{}' in {name} literal",
                    char::from(c as u8)
                ));
                return self.make_token(token, k, None, None);
            }
            if !self.verify_end_of_number(c, name) {
                return self.make_token(token, TokenKind::ErrorToken, None, None);
            }
            self.backup(c);
            return self.make_token(token, TokenKind::Number, Some(tok_start), Some(self.cur));
        }
        // Maybe an old-style octal; in any case "0" is a literal.
        let mut nonzero = false;
        loop {
            if c == ch(b'_') {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    let k = self.syntaxerror("invalid decimal literal".to_owned());
                    return self.make_token(token, k, None, None);
                }
            }
            if c != ch(b'0') {
                break;
            }
            c = self.nextc();
        }
        let zeros_end = self.cur;
        if is_digit(c) {
            nonzero = true;
            match self.decimal_tail() {
                Some(t) => c = t,
                None => return self.make_token(token, TokenKind::ErrorToken, None, None),
            }
        }
        if c == ch(b'.') {
            c = self.nextc();
            return self.number(token, c, NumberStage::Fraction);
        } else if c == ch(b'e') || c == ch(b'E') {
            return self.number(token, c, NumberStage::Exponent);
        } else if c == ch(b'j') || c == ch(b'J') {
            return self.number(token, c, NumberStage::Imaginary);
        } else if nonzero && !self.extra_tokens {
            self.backup(c);
            let col = (tok_start + 1 - self.line_start) as i64;
            let end = (zeros_end - self.line_start) as i64;
            let k = self.syntaxerror_range(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix \
                 for octal integers"
                    .to_owned(),
                Some((col, end)),
            );
            return self.make_token(token, k, None, None);
        }
        if !self.verify_end_of_number(c, "decimal") {
            return self.make_token(token, TokenKind::ErrorToken, None, None);
        }
        self.backup(c);
        self.make_token(token, TokenKind::Number, Some(tok_start), Some(self.cur))
    }

    /// The decimal tail of the number part of `tok_get_normal_mode`: the
    /// code after the integer digits, the `fraction:`, `exponent:` and
    /// `imaginary:` labels. `c` is the character the stage starts with.
    fn number(&mut self, token: &mut Token, mut c: i32, stage: NumberStage) -> TokenKind {
        let tok_start = self.start.unwrap_or(self.cur);
        let error = |s: &mut Self, token: &mut Token| s.make_token(token, TokenKind::ErrorToken, None, None);
        let mut stage = stage;
        if stage == NumberStage::AfterInteger {
            if c == ch(b'.') {
                c = self.nextc();
                stage = NumberStage::Fraction;
            } else {
                stage = NumberStage::Exponent;
            }
        }
        if stage == NumberStage::Fraction {
            if is_digit(c) {
                match self.decimal_tail() {
                    Some(t) => c = t,
                    None => return error(self, token),
                }
            }
            stage = NumberStage::Exponent;
        }
        if stage == NumberStage::Exponent && (c == ch(b'e') || c == ch(b'E')) {
            let e = c;
            c = self.nextc();
            if c == ch(b'+') || c == ch(b'-') {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    let k = self.syntaxerror("invalid decimal literal".to_owned());
                    return self.make_token(token, k, None, None);
                }
            } else if !is_digit(c) {
                self.backup(c);
                if !self.verify_end_of_number(e, "decimal") {
                    return error(self, token);
                }
                self.backup(e);
                return self.make_token(token, TokenKind::Number, Some(tok_start), Some(self.cur));
            }
            match self.decimal_tail() {
                Some(t) => c = t,
                None => return error(self, token),
            }
        }
        if stage == NumberStage::Imaginary || c == ch(b'j') || c == ch(b'J') {
            c = self.nextc();
            if !self.verify_end_of_number(c, "imaginary") {
                return error(self, token);
            }
        } else if !self.verify_end_of_number(c, "decimal") {
            return error(self, token);
        }
        self.backup(c);
        self.make_token(token, TokenKind::Number, Some(tok_start), Some(self.cur))
    }

    /// The `f_string_quote:` part of `tok_get_normal_mode`: push an f- or
    /// t-string mode and emit FSTRING_START / TSTRING_START.
    fn fstring_start(&mut self, token: &mut Token, quote: i32) -> TokenKind {
        let tok_start = self.start.unwrap_or(self.cur);
        let mut quote_size = 1;
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;
        let after_quote = self.nextc();
        if after_quote == quote {
            let after_after_quote = self.nextc();
            if after_after_quote == quote {
                quote_size = 3;
            } else {
                self.backup(after_after_quote);
                self.backup(after_quote);
            }
        }
        if after_quote != quote {
            self.backup(after_quote);
        }
        let p_end = self.cur;
        let bytes = self.input.as_bytes();
        let (first, second) = (
            bytes[tok_start].to_ascii_lowercase(),
            bytes.get(tok_start + 1).copied().unwrap_or(0).to_ascii_lowercase(),
        );
        let (raw, string_kind) = match first {
            b't' => (second == b'r', StringKind::T),
            b'f' => (second == b'r', StringKind::F),
            _ => (true, if second == b't' { StringKind::T } else { StringKind::F }),
        };
        if self.modes.len() >= MAXFSTRINGLEVEL {
            let k = self.syntaxerror("too many nested f-strings or t-strings".to_owned());
            return self.make_token(token, k, None, None);
        }
        self.modes.push(Mode {
            kind: ModeKind::FString,
            curly_bracket_depth: 0,
            curly_bracket_expr_start_depth: -1,
            quote,
            quote_size,
            raw,
            string_kind,
            start: tok_start,
            multi_line_start: self.line_start,
            line_start: self.lineno,
            last_expr_start: None,
            last_expr_end: None,
            debug: false,
            in_format_spec: false,
        });
        let kind = match string_kind {
            StringKind::F => TokenKind::FstringStart,
            StringKind::T => TokenKind::TstringStart,
        };
        self.make_token(token, kind, Some(tok_start), Some(p_end))
    }

    /// The `letter_quote:` part of `tok_get_normal_mode`: a STRING token.
    fn string_literal(&mut self, token: &mut Token, quote: i32) -> TokenKind {
        let tok_start = self.start.unwrap_or(self.cur);
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut has_escaped_quote = false;
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;

        let mut c = self.nextc();
        if c == quote {
            c = self.nextc();
            if c == quote {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != quote {
            self.backup(c);
        }
        while end_quote_size != quote_size {
            c = self.nextc();
            if self.done == ErrorCode::Error {
                return self.make_token(token, TokenKind::ErrorToken, None, None);
            }
            if c == EOF || (quote_size == 1 && c == ch(b'\n')) {
                self.cur = tok_start + 1;
                self.line_start = self.multi_line_start;
                let start = self.lineno;
                self.lineno = self.first_lineno;
                if self.inside_fstring() {
                    let mode = self.mode();
                    if mode.quote == quote && mode.quote_size == quote_size {
                        let p = mode.string_kind.prefix();
                        let k = self.syntaxerror(format!("{p}-string: expecting '}}'"));
                        return self.make_token(token, k, None, None);
                    }
                }
                if quote_size == 3 {
                    self.syntaxerror(format!(
                        "unterminated triple-quoted string literal (detected at line {start})"
                    ));
                    if c != ch(b'\n') {
                        self.done = ErrorCode::Eofs;
                    }
                } else {
                    if has_escaped_quote {
                        self.syntaxerror(format!(
                            "unterminated string literal (detected at line {start}); perhaps \
                             you escaped the end quote?"
                        ));
                    } else {
                        self.syntaxerror(format!(
                            "unterminated string literal (detected at line {start})"
                        ));
                    }
                    if c != ch(b'\n') {
                        self.done = ErrorCode::Eols;
                    }
                }
                return self.make_token(token, TokenKind::ErrorToken, None, None);
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == ch(b'\\') {
                    c = self.nextc();
                    if c == quote {
                        has_escaped_quote = true;
                    }
                    if c == ch(b'\r') {
                        self.nextc();
                    }
                }
            }
        }
        self.make_token(token, TokenKind::String, Some(tok_start), Some(self.cur))
    }

    /// The operator part of `tok_get_normal_mode`: f-string punctuation,
    /// two- and three-character operators, bracket tracking.
    fn operator(&mut self, token: &mut Token, c: i32, tok_start: usize) -> TokenKind {
        // The `!` of a `!=` operator does not end the expression (CPython
        // 3.14 keeps `a!=b` whole in the debug text of `{a!=b=}`).
        let is_punctuation = c == ch(b':')
            || c == ch(b'}')
            || (c == ch(b'!') && self.byte(self.cur) != b'=')
            || c == ch(b'{');
        if is_punctuation && self.inside_fstring() && self.mode().inside_expr() {
            let mode = self.mode();
            let cursor = mode.curly_bracket_depth - i64::from(c != ch(b'{'));
            let in_format_spec = mode.in_format_spec;
            let cursor_in_format_with_debug = cursor == 1 && (mode.debug || in_format_spec);
            let cursor_valid = cursor == 0 || cursor_in_format_with_debug;
            if cursor_valid {
                self.update_fstring_expr(c);
                if c != ch(b'{') {
                    self.set_fstring_expr(token);
                }
            }
            if c == ch(b':') && cursor == self.mode().curly_bracket_expr_start_depth {
                let mode = self.mode_mut();
                mode.kind = ModeKind::FString;
                mode.in_format_spec = true;
                return self.make_token(token, token::one_char(c), Some(tok_start), Some(self.cur));
            }
        }

        let c2 = self.nextc();
        let mut two = token::two_chars(c, c2);
        if c == ch(b'<') && c2 == ch(b'>') && !self.barry_as_flufl {
            two = TokenKind::Op;
        }
        if two != TokenKind::Op {
            let c3 = self.nextc();
            let three = token::three_chars(c, c2, c3);
            let kind = if three != TokenKind::Op {
                three
            } else {
                self.backup(c3);
                two
            };
            return self.make_token(token, kind, Some(tok_start), Some(self.cur));
        }
        self.backup(c2);

        let b = u8::try_from(c).unwrap_or(0);
        match b {
            b'(' | b'[' | b'{' => {
                if self.level >= MAXLEVEL {
                    let k = self.syntaxerror("too many nested parentheses".to_owned());
                    return self.make_token(token, k, None, None);
                }
                self.parenstack[self.level] = b;
                self.parenlinenostack[self.level] = self.lineno;
                self.parencolstack[self.level] = (tok_start - self.line_start) as i64;
                self.level += 1;
                if self.inside_fstring() {
                    self.mode_mut().curly_bracket_depth += 1;
                }
            }
            b')' | b']' | b'}' => {
                if self.inside_fstring() && self.mode().curly_bracket_depth == 0 && b == b'}' {
                    let p = self.mode().string_kind.prefix();
                    let k = self.syntaxerror(format!("{p}-string: single '}}' is not allowed"));
                    return self.make_token(token, k, None, None);
                }
                if self.level == 0 && !self.extra_tokens {
                    let k = self.syntaxerror(format!("unmatched '{}'", char::from(b)));
                    return self.make_token(token, k, None, None);
                }
                self.level = self.level.saturating_sub(1);
                let opening = self.parenstack[self.level];
                if !self.extra_tokens && !matches!((opening, b), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    if self.inside_fstring() && opening == b'{' {
                        let mode = self.mode();
                        if mode.curly_bracket_depth - 1 == mode.curly_bracket_expr_start_depth {
                            let p = mode.string_kind.prefix();
                            let k = self
                                .syntaxerror(format!("{p}-string: unmatched '{}'", char::from(b)));
                            return self.make_token(token, k, None, None);
                        }
                    }
                    let open_line = self.parenlinenostack[self.level];
                    let msg = if open_line != self.lineno {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' \
                             on line {open_line}",
                            char::from(b),
                            char::from(opening)
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            char::from(b),
                            char::from(opening)
                        )
                    };
                    let k = self.syntaxerror(msg);
                    return self.make_token(token, k, None, None);
                }
                if self.inside_fstring() {
                    let mode = self.mode_mut();
                    mode.curly_bracket_depth -= 1;
                    if mode.curly_bracket_depth < 0 {
                        let p = mode.string_kind.prefix();
                        let k =
                            self.syntaxerror(format!("{p}-string: unmatched '{}'", char::from(b)));
                        return self.make_token(token, k, None, None);
                    }
                    if b == b'}' && mode.curly_bracket_depth == mode.curly_bracket_expr_start_depth
                    {
                        mode.curly_bracket_expr_start_depth -= 1;
                        mode.kind = ModeKind::FString;
                        mode.in_format_spec = false;
                        mode.debug = false;
                    }
                }
            }
            _ => {}
        }

        if !is_printable(c as u32) {
            let k = self.syntaxerror(format!("invalid non-printable character U+{c:04X}"));
            return self.make_token(token, k, None, None);
        }

        if c == ch(b'=') && self.mode().inside_expr() {
            self.mode_mut().debug = true;
        }
        self.make_token(token, token::one_char(c), Some(tok_start), Some(self.cur))
    }

    /// `tok_get_fstring_mode`: the literal parts of an f- or t-string.
    fn get_fstring_mode(&mut self, token: &mut Token) -> TokenKind {
        let mut end_quote_size = 0;
        let mut unicode_escape = false;
        let tok_start = self.cur;
        self.start = Some(tok_start);
        self.first_lineno = self.lineno;
        self.starting_col_offset = self.col_offset;
        let (middle, end) = match self.mode().string_kind {
            StringKind::F => (TokenKind::FstringMiddle, TokenKind::FstringEnd),
            StringKind::T => (TokenKind::TstringMiddle, TokenKind::TstringEnd),
        };
        let prefix = self.mode().string_kind.prefix();

        let start_char = self.nextc();
        if start_char == ch(b'{') {
            let peek1 = self.nextc();
            self.backup(peek1);
            self.backup(start_char);
            if peek1 != ch(b'{') {
                let mode = self.mode_mut();
                mode.curly_bracket_expr_start_depth += 1;
                if mode.curly_bracket_expr_start_depth >= MAX_EXPR_NESTING {
                    let k = self.syntaxerror(format!("{prefix}-string: expressions nested too deeply"));
                    return self.make_token(token, k, None, None);
                }
                self.mode_mut().kind = ModeKind::Regular;
                return self.get_normal_mode(token);
            }
        } else {
            self.backup(start_char);
        }

        let (quote, quote_size) = (self.mode().quote, self.mode().quote_size);
        let mut at_end = true;
        for _ in 0..quote_size {
            let q = self.nextc();
            if q != quote {
                self.backup(q);
                at_end = false;
                break;
            }
        }
        if at_end {
            self.modes.pop();
            return self.make_token(token, end, Some(tok_start), Some(self.cur));
        }

        self.multi_line_start = self.line_start;
        while end_quote_size != quote_size {
            let c = self.nextc();
            if self.done == ErrorCode::Error {
                return self.make_token(token, TokenKind::ErrorToken, None, None);
            }
            let in_format_spec = self.mode().in_format_spec && self.mode().inside_expr();

            if c == EOF || (quote_size == 1 && c == ch(b'\n')) {
                if in_format_spec && c == ch(b'\n') {
                    let k = self.syntaxerror(format!(
                        "{prefix}-string: newlines are not allowed in format specifiers for \
                         single quoted {prefix}-strings"
                    ));
                    return self.make_token(token, k, None, None);
                }
                let (m_start, m_line_start, m_lineno) =
                    (self.mode().start, self.mode().multi_line_start, self.mode().line_start);
                self.cur = m_start + 1;
                self.line_start = m_line_start;
                let start = self.lineno;
                self.lineno = m_lineno;
                if quote_size == 3 {
                    self.syntaxerror(format!(
                        "unterminated triple-quoted {prefix}-string literal (detected at line \
                         {start})"
                    ));
                    if c != ch(b'\n') {
                        self.done = ErrorCode::Eofs;
                    }
                    return self.make_token(token, TokenKind::ErrorToken, None, None);
                }
                let k = self.syntaxerror(format!(
                    "unterminated {prefix}-string literal (detected at line {start})"
                ));
                return self.make_token(token, k, None, None);
            }

            if c == quote {
                end_quote_size += 1;
                continue;
            }
            end_quote_size = 0;

            if c == ch(b'{') {
                self.update_fstring_expr(c);
                let peek = self.nextc();
                let p_end;
                if peek != ch(b'{') || in_format_spec {
                    self.backup(peek);
                    self.backup(c);
                    let mode = self.mode_mut();
                    mode.curly_bracket_expr_start_depth += 1;
                    if mode.curly_bracket_expr_start_depth >= MAX_EXPR_NESTING {
                        let k = self
                            .syntaxerror(format!("{prefix}-string: expressions nested too deeply"));
                        return self.make_token(token, k, None, None);
                    }
                    let mode = self.mode_mut();
                    mode.kind = ModeKind::Regular;
                    mode.in_format_spec = false;
                    p_end = self.cur;
                } else {
                    p_end = self.cur - 1;
                }
                return self.make_token(token, middle, Some(tok_start), Some(p_end));
            } else if c == ch(b'}') {
                if unicode_escape {
                    return self.make_token(token, middle, Some(tok_start), Some(self.cur));
                }
                let peek = self.nextc();
                let cursor = self.mode().curly_bracket_depth;
                let p_end;
                if peek == ch(b'}') && !in_format_spec && cursor == 0 {
                    p_end = self.cur - 1;
                } else {
                    self.backup(peek);
                    self.backup(c);
                    let mode = self.mode_mut();
                    mode.kind = ModeKind::Regular;
                    mode.in_format_spec = false;
                    p_end = self.cur;
                }
                return self.make_token(token, middle, Some(tok_start), Some(p_end));
            } else if c == ch(b'\\') {
                let mut peek = self.nextc();
                if peek == ch(b'\r') {
                    peek = self.nextc();
                }
                if peek == ch(b'{') || peek == ch(b'}') {
                    if !self.mode().raw {
                        self.warn_invalid_escape_sequence(peek);
                    }
                    self.backup(peek);
                    continue;
                }
                if !self.mode().raw && peek == ch(b'N') {
                    peek = self.nextc();
                    if peek == ch(b'{') {
                        unicode_escape = true;
                    } else {
                        self.backup(peek);
                    }
                }
            }
        }

        for _ in 0..quote_size {
            self.backup(quote);
        }
        self.make_token(token, middle, Some(tok_start), Some(self.cur))
    }

    /// The SyntaxError for an ERRORTOKEN: the one already formed, or the
    /// one pegen derives from `tok->done` (`_Pypegen_tokenizer_error` in
    /// Parser/pegen_errors.c, with the error token as the last token, as
    /// when parsing a string).
    pub fn error(&self) -> SyntaxError {
        if let Some(e) = &self.error {
            return e.clone();
        }
        let (kind, msg, col_offset) = match self.done {
            ErrorCode::Eof => {
                if self.level > 0 {
                    return self.unclosed_parentheses_error();
                }
                return self.raise_at_last_token(
                    ErrorKind::SyntaxError,
                    "unexpected EOF while parsing",
                );
            }
            ErrorCode::Dedent => {
                return self.raise_at_last_token(
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level",
                );
            }
            ErrorCode::TabSpace => (
                ErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                -1,
            ),
            ErrorCode::TooDeep => (ErrorKind::IndentationError, "too many levels of indentation", -1),
            ErrorCode::LineCont => (
                ErrorKind::SyntaxError,
                "unexpected character after line continuation character",
                self.cur as i64 - self.buf as i64 - 1,
            ),
            ErrorCode::Ok | ErrorCode::Error | ErrorCode::Eofs | ErrorCode::Eols => {
                (ErrorKind::SyntaxError, "unknown parsing error", -1)
            }
        };
        self.raise_known_location(kind, msg, self.lineno, col_offset.max(0) + 1, self.lineno, 0)
    }

    /// `raise_unclosed_parentheses_error` (pegen_errors.c).
    fn unclosed_parentheses_error(&self) -> SyntaxError {
        let i = self.level - 1;
        let lineno = self.parenlinenostack[i];
        let msg = format!("'{}' was never closed", char::from(self.parenstack[i]));
        self.raise_known_location(
            ErrorKind::SyntaxError,
            &msg,
            lineno,
            self.parencolstack[i] + 1,
            lineno,
            0,
        )
    }

    /// `_PyPegen_raise_error` with `use_mark == 0` when the last token is
    /// the ERRORTOKEN just made (its columns are -1).
    fn raise_at_last_token(&self, kind: ErrorKind, msg: &str) -> SyntaxError {
        let col_offset = if self.cur == self.buf {
            0
        } else {
            (self.cur - self.line_start) as i64
        };
        self.raise_known_location(kind, msg, self.lineno, col_offset, self.lineno, -1)
    }

    /// `_PyPegen_raise_error_known_location` for a string source: 1-based
    /// byte columns in, character offsets out.
    pub fn raise_known_location(
        &self,
        kind: ErrorKind,
        msg: &str,
        lineno: i64,
        col_offset: i64,
        end_lineno: i64,
        end_col_offset: i64,
    ) -> SyntaxError {
        let line = if self.lineno <= lineno && self.inp > self.buf {
            String::from_utf8_lossy(&self.input.as_bytes()[self.line_start..self.inp]).into_owned()
        } else {
            self.source_line(lineno)
        };
        SyntaxError::from_byte_location(
            kind,
            msg,
            &line,
            lineno,
            col_offset,
            end_lineno,
            end_col_offset,
        )
    }

    /// `get_error_line_from_tokenizer_buffers`: line `lineno` of the
    /// source, without its newline.
    pub fn source_line(&self, lineno: i64) -> String {
        let bytes = &self.input.as_bytes()[..self.inp];
        let mut start = 0;
        for _ in 1..lineno.max(1) {
            match bytes[start..].iter().position(|&b| b == b'\n') {
                Some(i) if start + i + 1 < bytes.len() => start += i + 1,
                _ => break,
            }
        }
        let end = self.input.as_bytes()[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.input.len(), |i| start + i);
        String::from_utf8_lossy(&self.input.as_bytes()[start..end]).into_owned()
    }
}

/// Where `Lexer::number` resumes (the labels of the C number code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumberStage {
    AfterInteger,
    Fraction,
    Exponent,
    Imaginary,
}

/// Unicode property tables for identifiers and printability: the parts of
/// Objects/unicodectype.c (`_PyUnicode_IsXidStart`,
/// `_PyUnicode_IsXidContinue`, `_PyUnicode_IsPrintable`) the lexer needs.
/// The tables are generated by runtime/tests/data/tokenize/
/// gen_unicode_tables.py from CPython 3.14's unicodedata.
mod unicode_db {
    /// Whether `c` lies in one of the sorted, disjoint `ranges`.
    pub(super) fn contains(ranges: &[(u32, u32)], c: u32) -> bool {
        ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    // Generated from unicodedata 16.0.0.
    /// Code points with XID_Start (`str.isidentifier` of one character).
    pub(super) static XID_START: &[(u32, u32)] = &[
        (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A), (0xAA, 0xAA), (0xB5, 0xB5), (0xBA, 0xBA),
        (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2C1), (0x2C6, 0x2D1), (0x2E0, 0x2E4), (0x2EC, 0x2EC),
        (0x2EE, 0x2EE), (0x370, 0x374), (0x376, 0x377), (0x37B, 0x37D), (0x37F, 0x37F),
        (0x386, 0x386), (0x388, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1), (0x3A3, 0x3F5),
        (0x3F7, 0x481), (0x48A, 0x52F), (0x531, 0x556), (0x559, 0x559), (0x560, 0x588),
        (0x5D0, 0x5EA), (0x5EF, 0x5F2), (0x620, 0x64A), (0x66E, 0x66F), (0x671, 0x6D3),
        (0x6D5, 0x6D5), (0x6E5, 0x6E6), (0x6EE, 0x6EF), (0x6FA, 0x6FC), (0x6FF, 0x6FF),
        (0x710, 0x710), (0x712, 0x72F), (0x74D, 0x7A5), (0x7B1, 0x7B1), (0x7CA, 0x7EA),
        (0x7F4, 0x7F5), (0x7FA, 0x7FA), (0x800, 0x815), (0x81A, 0x81A), (0x824, 0x824),
        (0x828, 0x828), (0x840, 0x858), (0x860, 0x86A), (0x870, 0x887), (0x889, 0x88E),
        (0x8A0, 0x8C9), (0x904, 0x939), (0x93D, 0x93D), (0x950, 0x950), (0x958, 0x961),
        (0x971, 0x980), (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8), (0x9AA, 0x9B0),
        (0x9B2, 0x9B2), (0x9B6, 0x9B9), (0x9BD, 0x9BD), (0x9CE, 0x9CE), (0x9DC, 0x9DD),
        (0x9DF, 0x9E1), (0x9F0, 0x9F1), (0x9FC, 0x9FC), (0xA05, 0xA0A), (0xA0F, 0xA10),
        (0xA13, 0xA28), (0xA2A, 0xA30), (0xA32, 0xA33), (0xA35, 0xA36), (0xA38, 0xA39),
        (0xA59, 0xA5C), (0xA5E, 0xA5E), (0xA72, 0xA74), (0xA85, 0xA8D), (0xA8F, 0xA91),
        (0xA93, 0xAA8), (0xAAA, 0xAB0), (0xAB2, 0xAB3), (0xAB5, 0xAB9), (0xABD, 0xABD),
        (0xAD0, 0xAD0), (0xAE0, 0xAE1), (0xAF9, 0xAF9), (0xB05, 0xB0C), (0xB0F, 0xB10),
        (0xB13, 0xB28), (0xB2A, 0xB30), (0xB32, 0xB33), (0xB35, 0xB39), (0xB3D, 0xB3D),
        (0xB5C, 0xB5D), (0xB5F, 0xB61), (0xB71, 0xB71), (0xB83, 0xB83), (0xB85, 0xB8A),
        (0xB8E, 0xB90), (0xB92, 0xB95), (0xB99, 0xB9A), (0xB9C, 0xB9C), (0xB9E, 0xB9F),
        (0xBA3, 0xBA4), (0xBA8, 0xBAA), (0xBAE, 0xBB9), (0xBD0, 0xBD0), (0xC05, 0xC0C),
        (0xC0E, 0xC10), (0xC12, 0xC28), (0xC2A, 0xC39), (0xC3D, 0xC3D), (0xC58, 0xC5A),
        (0xC5D, 0xC5D), (0xC60, 0xC61), (0xC80, 0xC80), (0xC85, 0xC8C), (0xC8E, 0xC90),
        (0xC92, 0xCA8), (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBD, 0xCBD), (0xCDD, 0xCDE),
        (0xCE0, 0xCE1), (0xCF1, 0xCF2), (0xD04, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD3A),
        (0xD3D, 0xD3D), (0xD4E, 0xD4E), (0xD54, 0xD56), (0xD5F, 0xD61), (0xD7A, 0xD7F),
        (0xD85, 0xD96), (0xD9A, 0xDB1), (0xDB3, 0xDBB), (0xDBD, 0xDBD), (0xDC0, 0xDC6),
        (0xE01, 0xE30), (0xE32, 0xE32), (0xE40, 0xE46), (0xE81, 0xE82), (0xE84, 0xE84),
        (0xE86, 0xE8A), (0xE8C, 0xEA3), (0xEA5, 0xEA5), (0xEA7, 0xEB0), (0xEB2, 0xEB2),
        (0xEBD, 0xEBD), (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEDC, 0xEDF), (0xF00, 0xF00),
        (0xF40, 0xF47), (0xF49, 0xF6C), (0xF88, 0xF8C), (0x1000, 0x102A), (0x103F, 0x103F),
        (0x1050, 0x1055), (0x105A, 0x105D), (0x1061, 0x1061), (0x1065, 0x1066), (0x106E, 0x1070),
        (0x1075, 0x1081), (0x108E, 0x108E), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD),
        (0x10D0, 0x10FA), (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258),
        (0x125A, 0x125D), (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5),
        (0x12B8, 0x12BE), (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310),
        (0x1312, 0x1315), (0x1318, 0x135A), (0x1380, 0x138F), (0x13A0, 0x13F5), (0x13F8, 0x13FD),
        (0x1401, 0x166C), (0x166F, 0x167F), (0x1681, 0x169A), (0x16A0, 0x16EA), (0x16EE, 0x16F8),
        (0x1700, 0x1711), (0x171F, 0x1731), (0x1740, 0x1751), (0x1760, 0x176C), (0x176E, 0x1770),
        (0x1780, 0x17B3), (0x17D7, 0x17D7), (0x17DC, 0x17DC), (0x1820, 0x1878), (0x1880, 0x18A8),
        (0x18AA, 0x18AA), (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1950, 0x196D), (0x1970, 0x1974),
        (0x1980, 0x19AB), (0x19B0, 0x19C9), (0x1A00, 0x1A16), (0x1A20, 0x1A54), (0x1AA7, 0x1AA7),
        (0x1B05, 0x1B33), (0x1B45, 0x1B4C), (0x1B83, 0x1BA0), (0x1BAE, 0x1BAF), (0x1BBA, 0x1BE5),
        (0x1C00, 0x1C23), (0x1C4D, 0x1C4F), (0x1C5A, 0x1C7D), (0x1C80, 0x1C8A), (0x1C90, 0x1CBA),
        (0x1CBD, 0x1CBF), (0x1CE9, 0x1CEC), (0x1CEE, 0x1CF3), (0x1CF5, 0x1CF6), (0x1CFA, 0x1CFA),
        (0x1D00, 0x1DBF), (0x1E00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D),
        (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D),
        (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC),
        (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC),
        (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x2102, 0x2102), (0x2107, 0x2107),
        (0x210A, 0x2113), (0x2115, 0x2115), (0x2118, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126),
        (0x2128, 0x2128), (0x212A, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149), (0x214E, 0x214E),
        (0x2160, 0x2188), (0x2C00, 0x2CE4), (0x2CEB, 0x2CEE), (0x2CF2, 0x2CF3), (0x2D00, 0x2D25),
        (0x2D27, 0x2D27), (0x2D2D, 0x2D2D), (0x2D30, 0x2D67), (0x2D6F, 0x2D6F), (0x2D80, 0x2D96),
        (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE), (0x2DC0, 0x2DC6),
        (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x3005, 0x3007), (0x3021, 0x3029),
        (0x3031, 0x3035), (0x3038, 0x303C), (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA),
        (0x30FC, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF), (0x31F0, 0x31FF),
        (0x3400, 0x4DBF), (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C), (0xA610, 0xA61F),
        (0xA62A, 0xA62B), (0xA640, 0xA66E), (0xA67F, 0xA69D), (0xA6A0, 0xA6EF), (0xA717, 0xA71F),
        (0xA722, 0xA788), (0xA78B, 0xA7CD), (0xA7D0, 0xA7D1), (0xA7D3, 0xA7D3), (0xA7D5, 0xA7DC),
        (0xA7F2, 0xA801), (0xA803, 0xA805), (0xA807, 0xA80A), (0xA80C, 0xA822), (0xA840, 0xA873),
        (0xA882, 0xA8B3), (0xA8F2, 0xA8F7), (0xA8FB, 0xA8FB), (0xA8FD, 0xA8FE), (0xA90A, 0xA925),
        (0xA930, 0xA946), (0xA960, 0xA97C), (0xA984, 0xA9B2), (0xA9CF, 0xA9CF), (0xA9E0, 0xA9E4),
        (0xA9E6, 0xA9EF), (0xA9FA, 0xA9FE), (0xAA00, 0xAA28), (0xAA40, 0xAA42), (0xAA44, 0xAA4B),
        (0xAA60, 0xAA76), (0xAA7A, 0xAA7A), (0xAA7E, 0xAAAF), (0xAAB1, 0xAAB1), (0xAAB5, 0xAAB6),
        (0xAAB9, 0xAABD), (0xAAC0, 0xAAC0), (0xAAC2, 0xAAC2), (0xAADB, 0xAADD), (0xAAE0, 0xAAEA),
        (0xAAF2, 0xAAF4), (0xAB01, 0xAB06), (0xAB09, 0xAB0E), (0xAB11, 0xAB16), (0xAB20, 0xAB26),
        (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB69), (0xAB70, 0xABE2), (0xAC00, 0xD7A3),
        (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFB00, 0xFB06),
        (0xFB13, 0xFB17), (0xFB1D, 0xFB1D), (0xFB1F, 0xFB28), (0xFB2A, 0xFB36), (0xFB38, 0xFB3C),
        (0xFB3E, 0xFB3E), (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1), (0xFBD3, 0xFC5D),
        (0xFC64, 0xFD3D), (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDF9), (0xFE71, 0xFE71),
        (0xFE73, 0xFE73), (0xFE77, 0xFE77), (0xFE79, 0xFE79), (0xFE7B, 0xFE7B), (0xFE7D, 0xFE7D),
        (0xFE7F, 0xFEFC), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF66, 0xFF9D), (0xFFA0, 0xFFBE),
        (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B),
        (0x1000D, 0x10026), (0x10028, 0x1003A), (0x1003C, 0x1003D), (0x1003F, 0x1004D),
        (0x10050, 0x1005D), (0x10080, 0x100FA), (0x10140, 0x10174), (0x10280, 0x1029C),
        (0x102A0, 0x102D0), (0x10300, 0x1031F), (0x1032D, 0x1034A), (0x10350, 0x10375),
        (0x10380, 0x1039D), (0x103A0, 0x103C3), (0x103C8, 0x103CF), (0x103D1, 0x103D5),
        (0x10400, 0x1049D), (0x104B0, 0x104D3), (0x104D8, 0x104FB), (0x10500, 0x10527),
        (0x10530, 0x10563), (0x10570, 0x1057A), (0x1057C, 0x1058A), (0x1058C, 0x10592),
        (0x10594, 0x10595), (0x10597, 0x105A1), (0x105A3, 0x105B1), (0x105B3, 0x105B9),
        (0x105BB, 0x105BC), (0x105C0, 0x105F3), (0x10600, 0x10736), (0x10740, 0x10755),
        (0x10760, 0x10767), (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA),
        (0x10800, 0x10805), (0x10808, 0x10808), (0x1080A, 0x10835), (0x10837, 0x10838),
        (0x1083C, 0x1083C), (0x1083F, 0x10855), (0x10860, 0x10876), (0x10880, 0x1089E),
        (0x108E0, 0x108F2), (0x108F4, 0x108F5), (0x10900, 0x10915), (0x10920, 0x10939),
        (0x10980, 0x109B7), (0x109BE, 0x109BF), (0x10A00, 0x10A00), (0x10A10, 0x10A13),
        (0x10A15, 0x10A17), (0x10A19, 0x10A35), (0x10A60, 0x10A7C), (0x10A80, 0x10A9C),
        (0x10AC0, 0x10AC7), (0x10AC9, 0x10AE4), (0x10B00, 0x10B35), (0x10B40, 0x10B55),
        (0x10B60, 0x10B72), (0x10B80, 0x10B91), (0x10C00, 0x10C48), (0x10C80, 0x10CB2),
        (0x10CC0, 0x10CF2), (0x10D00, 0x10D23), (0x10D4A, 0x10D65), (0x10D6F, 0x10D85),
        (0x10E80, 0x10EA9), (0x10EB0, 0x10EB1), (0x10EC2, 0x10EC4), (0x10F00, 0x10F1C),
        (0x10F27, 0x10F27), (0x10F30, 0x10F45), (0x10F70, 0x10F81), (0x10FB0, 0x10FC4),
        (0x10FE0, 0x10FF6), (0x11003, 0x11037), (0x11071, 0x11072), (0x11075, 0x11075),
        (0x11083, 0x110AF), (0x110D0, 0x110E8), (0x11103, 0x11126), (0x11144, 0x11144),
        (0x11147, 0x11147), (0x11150, 0x11172), (0x11176, 0x11176), (0x11183, 0x111B2),
        (0x111C1, 0x111C4), (0x111DA, 0x111DA), (0x111DC, 0x111DC), (0x11200, 0x11211),
        (0x11213, 0x1122B), (0x1123F, 0x11240), (0x11280, 0x11286), (0x11288, 0x11288),
        (0x1128A, 0x1128D), (0x1128F, 0x1129D), (0x1129F, 0x112A8), (0x112B0, 0x112DE),
        (0x11305, 0x1130C), (0x1130F, 0x11310), (0x11313, 0x11328), (0x1132A, 0x11330),
        (0x11332, 0x11333), (0x11335, 0x11339), (0x1133D, 0x1133D), (0x11350, 0x11350),
        (0x1135D, 0x11361), (0x11380, 0x11389), (0x1138B, 0x1138B), (0x1138E, 0x1138E),
        (0x11390, 0x113B5), (0x113B7, 0x113B7), (0x113D1, 0x113D1), (0x113D3, 0x113D3),
        (0x11400, 0x11434), (0x11447, 0x1144A), (0x1145F, 0x11461), (0x11480, 0x114AF),
        (0x114C4, 0x114C5), (0x114C7, 0x114C7), (0x11580, 0x115AE), (0x115D8, 0x115DB),
        (0x11600, 0x1162F), (0x11644, 0x11644), (0x11680, 0x116AA), (0x116B8, 0x116B8),
        (0x11700, 0x1171A), (0x11740, 0x11746), (0x11800, 0x1182B), (0x118A0, 0x118DF),
        (0x118FF, 0x11906), (0x11909, 0x11909), (0x1190C, 0x11913), (0x11915, 0x11916),
        (0x11918, 0x1192F), (0x1193F, 0x1193F), (0x11941, 0x11941), (0x119A0, 0x119A7),
        (0x119AA, 0x119D0), (0x119E1, 0x119E1), (0x119E3, 0x119E3), (0x11A00, 0x11A00),
        (0x11A0B, 0x11A32), (0x11A3A, 0x11A3A), (0x11A50, 0x11A50), (0x11A5C, 0x11A89),
        (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8), (0x11BC0, 0x11BE0), (0x11C00, 0x11C08),
        (0x11C0A, 0x11C2E), (0x11C40, 0x11C40), (0x11C72, 0x11C8F), (0x11D00, 0x11D06),
        (0x11D08, 0x11D09), (0x11D0B, 0x11D30), (0x11D46, 0x11D46), (0x11D60, 0x11D65),
        (0x11D67, 0x11D68), (0x11D6A, 0x11D89), (0x11D98, 0x11D98), (0x11EE0, 0x11EF2),
        (0x11F02, 0x11F02), (0x11F04, 0x11F10), (0x11F12, 0x11F33), (0x11FB0, 0x11FB0),
        (0x12000, 0x12399), (0x12400, 0x1246E), (0x12480, 0x12543), (0x12F90, 0x12FF0),
        (0x13000, 0x1342F), (0x13441, 0x13446), (0x13460, 0x143FA), (0x14400, 0x14646),
        (0x16100, 0x1611D), (0x16800, 0x16A38), (0x16A40, 0x16A5E), (0x16A70, 0x16ABE),
        (0x16AD0, 0x16AED), (0x16B00, 0x16B2F), (0x16B40, 0x16B43), (0x16B63, 0x16B77),
        (0x16B7D, 0x16B8F), (0x16D40, 0x16D6C), (0x16E40, 0x16E7F), (0x16F00, 0x16F4A),
        (0x16F50, 0x16F50), (0x16F93, 0x16F9F), (0x16FE0, 0x16FE1), (0x16FE3, 0x16FE3),
        (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18CFF, 0x18D08), (0x1AFF0, 0x1AFF3),
        (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122), (0x1B132, 0x1B132),
        (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB),
        (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88), (0x1BC90, 0x1BC99),
        (0x1D400, 0x1D454), (0x1D456, 0x1D49C), (0x1D49E, 0x1D49F), (0x1D4A2, 0x1D4A2),
        (0x1D4A5, 0x1D4A6), (0x1D4A9, 0x1D4AC), (0x1D4AE, 0x1D4B9), (0x1D4BB, 0x1D4BB),
        (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505), (0x1D507, 0x1D50A), (0x1D50D, 0x1D514),
        (0x1D516, 0x1D51C), (0x1D51E, 0x1D539), (0x1D53B, 0x1D53E), (0x1D540, 0x1D544),
        (0x1D546, 0x1D546), (0x1D54A, 0x1D550), (0x1D552, 0x1D6A5), (0x1D6A8, 0x1D6C0),
        (0x1D6C2, 0x1D6DA), (0x1D6DC, 0x1D6FA), (0x1D6FC, 0x1D714), (0x1D716, 0x1D734),
        (0x1D736, 0x1D74E), (0x1D750, 0x1D76E), (0x1D770, 0x1D788), (0x1D78A, 0x1D7A8),
        (0x1D7AA, 0x1D7C2), (0x1D7C4, 0x1D7CB), (0x1DF00, 0x1DF1E), (0x1DF25, 0x1DF2A),
        (0x1E030, 0x1E06D), (0x1E100, 0x1E12C), (0x1E137, 0x1E13D), (0x1E14E, 0x1E14E),
        (0x1E290, 0x1E2AD), (0x1E2C0, 0x1E2EB), (0x1E4D0, 0x1E4EB), (0x1E5D0, 0x1E5ED),
        (0x1E5F0, 0x1E5F0), (0x1E7E0, 0x1E7E6), (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE),
        (0x1E7F0, 0x1E7FE), (0x1E800, 0x1E8C4), (0x1E900, 0x1E943), (0x1E94B, 0x1E94B),
        (0x1EE00, 0x1EE03), (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24),
        (0x1EE27, 0x1EE27), (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39),
        (0x1EE3B, 0x1EE3B), (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49),
        (0x1EE4B, 0x1EE4B), (0x1EE4D, 0x1EE4F), (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54),
        (0x1EE57, 0x1EE57), (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B), (0x1EE5D, 0x1EE5D),
        (0x1EE5F, 0x1EE5F), (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A),
        (0x1EE6C, 0x1EE72), (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E),
        (0x1EE80, 0x1EE89), (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9),
        (0x1EEAB, 0x1EEBB), (0x20000, 0x2A6DF), (0x2A700, 0x2B739), (0x2B740, 0x2B81D),
        (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D), (0x2F800, 0x2FA1D),
        (0x30000, 0x3134A), (0x31350, 0x323AF),
    ];
    /// Code points with XID_Continue.
    pub(super) static XID_CONTINUE: &[(u32, u32)] = &[
        (0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A), (0xAA, 0xAA), (0xB5, 0xB5),
        (0xB7, 0xB7), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2C1), (0x2C6, 0x2D1),
        (0x2E0, 0x2E4), (0x2EC, 0x2EC), (0x2EE, 0x2EE), (0x300, 0x374), (0x376, 0x377),
        (0x37B, 0x37D), (0x37F, 0x37F), (0x386, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1),
        (0x3A3, 0x3F5), (0x3F7, 0x481), (0x483, 0x487), (0x48A, 0x52F), (0x531, 0x556),
        (0x559, 0x559), (0x560, 0x588), (0x591, 0x5BD), (0x5BF, 0x5BF), (0x5C1, 0x5C2),
        (0x5C4, 0x5C5), (0x5C7, 0x5C7), (0x5D0, 0x5EA), (0x5EF, 0x5F2), (0x610, 0x61A),
        (0x620, 0x669), (0x66E, 0x6D3), (0x6D5, 0x6DC), (0x6DF, 0x6E8), (0x6EA, 0x6FC),
        (0x6FF, 0x6FF), (0x710, 0x74A), (0x74D, 0x7B1), (0x7C0, 0x7F5), (0x7FA, 0x7FA),
        (0x7FD, 0x7FD), (0x800, 0x82D), (0x840, 0x85B), (0x860, 0x86A), (0x870, 0x887),
        (0x889, 0x88E), (0x897, 0x8E1), (0x8E3, 0x963), (0x966, 0x96F), (0x971, 0x983),
        (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8), (0x9AA, 0x9B0), (0x9B2, 0x9B2),
        (0x9B6, 0x9B9), (0x9BC, 0x9C4), (0x9C7, 0x9C8), (0x9CB, 0x9CE), (0x9D7, 0x9D7),
        (0x9DC, 0x9DD), (0x9DF, 0x9E3), (0x9E6, 0x9F1), (0x9FC, 0x9FC), (0x9FE, 0x9FE),
        (0xA01, 0xA03), (0xA05, 0xA0A), (0xA0F, 0xA10), (0xA13, 0xA28), (0xA2A, 0xA30),
        (0xA32, 0xA33), (0xA35, 0xA36), (0xA38, 0xA39), (0xA3C, 0xA3C), (0xA3E, 0xA42),
        (0xA47, 0xA48), (0xA4B, 0xA4D), (0xA51, 0xA51), (0xA59, 0xA5C), (0xA5E, 0xA5E),
        (0xA66, 0xA75), (0xA81, 0xA83), (0xA85, 0xA8D), (0xA8F, 0xA91), (0xA93, 0xAA8),
        (0xAAA, 0xAB0), (0xAB2, 0xAB3), (0xAB5, 0xAB9), (0xABC, 0xAC5), (0xAC7, 0xAC9),
        (0xACB, 0xACD), (0xAD0, 0xAD0), (0xAE0, 0xAE3), (0xAE6, 0xAEF), (0xAF9, 0xAFF),
        (0xB01, 0xB03), (0xB05, 0xB0C), (0xB0F, 0xB10), (0xB13, 0xB28), (0xB2A, 0xB30),
        (0xB32, 0xB33), (0xB35, 0xB39), (0xB3C, 0xB44), (0xB47, 0xB48), (0xB4B, 0xB4D),
        (0xB55, 0xB57), (0xB5C, 0xB5D), (0xB5F, 0xB63), (0xB66, 0xB6F), (0xB71, 0xB71),
        (0xB82, 0xB83), (0xB85, 0xB8A), (0xB8E, 0xB90), (0xB92, 0xB95), (0xB99, 0xB9A),
        (0xB9C, 0xB9C), (0xB9E, 0xB9F), (0xBA3, 0xBA4), (0xBA8, 0xBAA), (0xBAE, 0xBB9),
        (0xBBE, 0xBC2), (0xBC6, 0xBC8), (0xBCA, 0xBCD), (0xBD0, 0xBD0), (0xBD7, 0xBD7),
        (0xBE6, 0xBEF), (0xC00, 0xC0C), (0xC0E, 0xC10), (0xC12, 0xC28), (0xC2A, 0xC39),
        (0xC3C, 0xC44), (0xC46, 0xC48), (0xC4A, 0xC4D), (0xC55, 0xC56), (0xC58, 0xC5A),
        (0xC5D, 0xC5D), (0xC60, 0xC63), (0xC66, 0xC6F), (0xC80, 0xC83), (0xC85, 0xC8C),
        (0xC8E, 0xC90), (0xC92, 0xCA8), (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBC, 0xCC4),
        (0xCC6, 0xCC8), (0xCCA, 0xCCD), (0xCD5, 0xCD6), (0xCDD, 0xCDE), (0xCE0, 0xCE3),
        (0xCE6, 0xCEF), (0xCF1, 0xCF3), (0xD00, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD44),
        (0xD46, 0xD48), (0xD4A, 0xD4E), (0xD54, 0xD57), (0xD5F, 0xD63), (0xD66, 0xD6F),
        (0xD7A, 0xD7F), (0xD81, 0xD83), (0xD85, 0xD96), (0xD9A, 0xDB1), (0xDB3, 0xDBB),
        (0xDBD, 0xDBD), (0xDC0, 0xDC6), (0xDCA, 0xDCA), (0xDCF, 0xDD4), (0xDD6, 0xDD6),
        (0xDD8, 0xDDF), (0xDE6, 0xDEF), (0xDF2, 0xDF3), (0xE01, 0xE3A), (0xE40, 0xE4E),
        (0xE50, 0xE59), (0xE81, 0xE82), (0xE84, 0xE84), (0xE86, 0xE8A), (0xE8C, 0xEA3),
        (0xEA5, 0xEA5), (0xEA7, 0xEBD), (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEC8, 0xECE),
        (0xED0, 0xED9), (0xEDC, 0xEDF), (0xF00, 0xF00), (0xF18, 0xF19), (0xF20, 0xF29),
        (0xF35, 0xF35), (0xF37, 0xF37), (0xF39, 0xF39), (0xF3E, 0xF47), (0xF49, 0xF6C),
        (0xF71, 0xF84), (0xF86, 0xF97), (0xF99, 0xFBC), (0xFC6, 0xFC6), (0x1000, 0x1049),
        (0x1050, 0x109D), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD), (0x10D0, 0x10FA),
        (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258), (0x125A, 0x125D),
        (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5), (0x12B8, 0x12BE),
        (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310), (0x1312, 0x1315),
        (0x1318, 0x135A), (0x135D, 0x135F), (0x1369, 0x1371), (0x1380, 0x138F), (0x13A0, 0x13F5),
        (0x13F8, 0x13FD), (0x1401, 0x166C), (0x166F, 0x167F), (0x1681, 0x169A), (0x16A0, 0x16EA),
        (0x16EE, 0x16F8), (0x1700, 0x1715), (0x171F, 0x1734), (0x1740, 0x1753), (0x1760, 0x176C),
        (0x176E, 0x1770), (0x1772, 0x1773), (0x1780, 0x17D3), (0x17D7, 0x17D7), (0x17DC, 0x17DD),
        (0x17E0, 0x17E9), (0x180B, 0x180D), (0x180F, 0x1819), (0x1820, 0x1878), (0x1880, 0x18AA),
        (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1920, 0x192B), (0x1930, 0x193B), (0x1946, 0x196D),
        (0x1970, 0x1974), (0x1980, 0x19AB), (0x19B0, 0x19C9), (0x19D0, 0x19DA), (0x1A00, 0x1A1B),
        (0x1A20, 0x1A5E), (0x1A60, 0x1A7C), (0x1A7F, 0x1A89), (0x1A90, 0x1A99), (0x1AA7, 0x1AA7),
        (0x1AB0, 0x1ABD), (0x1ABF, 0x1ACE), (0x1B00, 0x1B4C), (0x1B50, 0x1B59), (0x1B6B, 0x1B73),
        (0x1B80, 0x1BF3), (0x1C00, 0x1C37), (0x1C40, 0x1C49), (0x1C4D, 0x1C7D), (0x1C80, 0x1C8A),
        (0x1C90, 0x1CBA), (0x1CBD, 0x1CBF), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CFA), (0x1D00, 0x1F15),
        (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59),
        (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC),
        (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC), (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB),
        (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC), (0x200C, 0x200D), (0x203F, 0x2040),
        (0x2054, 0x2054), (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x20D0, 0x20DC),
        (0x20E1, 0x20E1), (0x20E5, 0x20F0), (0x2102, 0x2102), (0x2107, 0x2107), (0x210A, 0x2113),
        (0x2115, 0x2115), (0x2118, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126), (0x2128, 0x2128),
        (0x212A, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149), (0x214E, 0x214E), (0x2160, 0x2188),
        (0x2C00, 0x2CE4), (0x2CEB, 0x2CF3), (0x2D00, 0x2D25), (0x2D27, 0x2D27), (0x2D2D, 0x2D2D),
        (0x2D30, 0x2D67), (0x2D6F, 0x2D6F), (0x2D7F, 0x2D96), (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE),
        (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE), (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6),
        (0x2DD8, 0x2DDE), (0x2DE0, 0x2DFF), (0x3005, 0x3007), (0x3021, 0x302F), (0x3031, 0x3035),
        (0x3038, 0x303C), (0x3041, 0x3096), (0x3099, 0x309A), (0x309D, 0x309F), (0x30A1, 0x30FF),
        (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF), (0x31F0, 0x31FF), (0x3400, 0x4DBF),
        (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C), (0xA610, 0xA62B), (0xA640, 0xA66F),
        (0xA674, 0xA67D), (0xA67F, 0xA6F1), (0xA717, 0xA71F), (0xA722, 0xA788), (0xA78B, 0xA7CD),
        (0xA7D0, 0xA7D1), (0xA7D3, 0xA7D3), (0xA7D5, 0xA7DC), (0xA7F2, 0xA827), (0xA82C, 0xA82C),
        (0xA840, 0xA873), (0xA880, 0xA8C5), (0xA8D0, 0xA8D9), (0xA8E0, 0xA8F7), (0xA8FB, 0xA8FB),
        (0xA8FD, 0xA92D), (0xA930, 0xA953), (0xA960, 0xA97C), (0xA980, 0xA9C0), (0xA9CF, 0xA9D9),
        (0xA9E0, 0xA9FE), (0xAA00, 0xAA36), (0xAA40, 0xAA4D), (0xAA50, 0xAA59), (0xAA60, 0xAA76),
        (0xAA7A, 0xAAC2), (0xAADB, 0xAADD), (0xAAE0, 0xAAEF), (0xAAF2, 0xAAF6), (0xAB01, 0xAB06),
        (0xAB09, 0xAB0E), (0xAB11, 0xAB16), (0xAB20, 0xAB26), (0xAB28, 0xAB2E), (0xAB30, 0xAB5A),
        (0xAB5C, 0xAB69), (0xAB70, 0xABEA), (0xABEC, 0xABED), (0xABF0, 0xABF9), (0xAC00, 0xD7A3),
        (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFB00, 0xFB06),
        (0xFB13, 0xFB17), (0xFB1D, 0xFB28), (0xFB2A, 0xFB36), (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E),
        (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1), (0xFBD3, 0xFC5D), (0xFC64, 0xFD3D),
        (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDF9), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F),
        (0xFE33, 0xFE34), (0xFE4D, 0xFE4F), (0xFE71, 0xFE71), (0xFE73, 0xFE73), (0xFE77, 0xFE77),
        (0xFE79, 0xFE79), (0xFE7B, 0xFE7B), (0xFE7D, 0xFE7D), (0xFE7F, 0xFEFC), (0xFF10, 0xFF19),
        (0xFF21, 0xFF3A), (0xFF3F, 0xFF3F), (0xFF41, 0xFF5A), (0xFF65, 0xFFBE), (0xFFC2, 0xFFC7),
        (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B),
        (0x1000D, 0x10026), (0x10028, 0x1003A), (0x1003C, 0x1003D), (0x1003F, 0x1004D),
        (0x10050, 0x1005D), (0x10080, 0x100FA), (0x10140, 0x10174), (0x101FD, 0x101FD),
        (0x10280, 0x1029C), (0x102A0, 0x102D0), (0x102E0, 0x102E0), (0x10300, 0x1031F),
        (0x1032D, 0x1034A), (0x10350, 0x1037A), (0x10380, 0x1039D), (0x103A0, 0x103C3),
        (0x103C8, 0x103CF), (0x103D1, 0x103D5), (0x10400, 0x1049D), (0x104A0, 0x104A9),
        (0x104B0, 0x104D3), (0x104D8, 0x104FB), (0x10500, 0x10527), (0x10530, 0x10563),
        (0x10570, 0x1057A), (0x1057C, 0x1058A), (0x1058C, 0x10592), (0x10594, 0x10595),
        (0x10597, 0x105A1), (0x105A3, 0x105B1), (0x105B3, 0x105B9), (0x105BB, 0x105BC),
        (0x105C0, 0x105F3), (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767),
        (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10800, 0x10805),
        (0x10808, 0x10808), (0x1080A, 0x10835), (0x10837, 0x10838), (0x1083C, 0x1083C),
        (0x1083F, 0x10855), (0x10860, 0x10876), (0x10880, 0x1089E), (0x108E0, 0x108F2),
        (0x108F4, 0x108F5), (0x10900, 0x10915), (0x10920, 0x10939), (0x10980, 0x109B7),
        (0x109BE, 0x109BF), (0x10A00, 0x10A03), (0x10A05, 0x10A06), (0x10A0C, 0x10A13),
        (0x10A15, 0x10A17), (0x10A19, 0x10A35), (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F),
        (0x10A60, 0x10A7C), (0x10A80, 0x10A9C), (0x10AC0, 0x10AC7), (0x10AC9, 0x10AE6),
        (0x10B00, 0x10B35), (0x10B40, 0x10B55), (0x10B60, 0x10B72), (0x10B80, 0x10B91),
        (0x10C00, 0x10C48), (0x10C80, 0x10CB2), (0x10CC0, 0x10CF2), (0x10D00, 0x10D27),
        (0x10D30, 0x10D39), (0x10D40, 0x10D65), (0x10D69, 0x10D6D), (0x10D6F, 0x10D85),
        (0x10E80, 0x10EA9), (0x10EAB, 0x10EAC), (0x10EB0, 0x10EB1), (0x10EC2, 0x10EC4),
        (0x10EFC, 0x10F1C), (0x10F27, 0x10F27), (0x10F30, 0x10F50), (0x10F70, 0x10F85),
        (0x10FB0, 0x10FC4), (0x10FE0, 0x10FF6), (0x11000, 0x11046), (0x11066, 0x11075),
        (0x1107F, 0x110BA), (0x110C2, 0x110C2), (0x110D0, 0x110E8), (0x110F0, 0x110F9),
        (0x11100, 0x11134), (0x11136, 0x1113F), (0x11144, 0x11147), (0x11150, 0x11173),
        (0x11176, 0x11176), (0x11180, 0x111C4), (0x111C9, 0x111CC), (0x111CE, 0x111DA),
        (0x111DC, 0x111DC), (0x11200, 0x11211), (0x11213, 0x11237), (0x1123E, 0x11241),
        (0x11280, 0x11286), (0x11288, 0x11288), (0x1128A, 0x1128D), (0x1128F, 0x1129D),
        (0x1129F, 0x112A8), (0x112B0, 0x112EA), (0x112F0, 0x112F9), (0x11300, 0x11303),
        (0x11305, 0x1130C), (0x1130F, 0x11310), (0x11313, 0x11328), (0x1132A, 0x11330),
        (0x11332, 0x11333), (0x11335, 0x11339), (0x1133B, 0x11344), (0x11347, 0x11348),
        (0x1134B, 0x1134D), (0x11350, 0x11350), (0x11357, 0x11357), (0x1135D, 0x11363),
        (0x11366, 0x1136C), (0x11370, 0x11374), (0x11380, 0x11389), (0x1138B, 0x1138B),
        (0x1138E, 0x1138E), (0x11390, 0x113B5), (0x113B7, 0x113C0), (0x113C2, 0x113C2),
        (0x113C5, 0x113C5), (0x113C7, 0x113CA), (0x113CC, 0x113D3), (0x113E1, 0x113E2),
        (0x11400, 0x1144A), (0x11450, 0x11459), (0x1145E, 0x11461), (0x11480, 0x114C5),
        (0x114C7, 0x114C7), (0x114D0, 0x114D9), (0x11580, 0x115B5), (0x115B8, 0x115C0),
        (0x115D8, 0x115DD), (0x11600, 0x11640), (0x11644, 0x11644), (0x11650, 0x11659),
        (0x11680, 0x116B8), (0x116C0, 0x116C9), (0x116D0, 0x116E3), (0x11700, 0x1171A),
        (0x1171D, 0x1172B), (0x11730, 0x11739), (0x11740, 0x11746), (0x11800, 0x1183A),
        (0x118A0, 0x118E9), (0x118FF, 0x11906), (0x11909, 0x11909), (0x1190C, 0x11913),
        (0x11915, 0x11916), (0x11918, 0x11935), (0x11937, 0x11938), (0x1193B, 0x11943),
        (0x11950, 0x11959), (0x119A0, 0x119A7), (0x119AA, 0x119D7), (0x119DA, 0x119E1),
        (0x119E3, 0x119E4), (0x11A00, 0x11A3E), (0x11A47, 0x11A47), (0x11A50, 0x11A99),
        (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8), (0x11BC0, 0x11BE0), (0x11BF0, 0x11BF9),
        (0x11C00, 0x11C08), (0x11C0A, 0x11C36), (0x11C38, 0x11C40), (0x11C50, 0x11C59),
        (0x11C72, 0x11C8F), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6), (0x11D00, 0x11D06),
        (0x11D08, 0x11D09), (0x11D0B, 0x11D36), (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D),
        (0x11D3F, 0x11D47), (0x11D50, 0x11D59), (0x11D60, 0x11D65), (0x11D67, 0x11D68),
        (0x11D6A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D98), (0x11DA0, 0x11DA9),
        (0x11EE0, 0x11EF6), (0x11F00, 0x11F10), (0x11F12, 0x11F3A), (0x11F3E, 0x11F42),
        (0x11F50, 0x11F5A), (0x11FB0, 0x11FB0), (0x12000, 0x12399), (0x12400, 0x1246E),
        (0x12480, 0x12543), (0x12F90, 0x12FF0), (0x13000, 0x1342F), (0x13440, 0x13455),
        (0x13460, 0x143FA), (0x14400, 0x14646), (0x16100, 0x16139), (0x16800, 0x16A38),
        (0x16A40, 0x16A5E), (0x16A60, 0x16A69), (0x16A70, 0x16ABE), (0x16AC0, 0x16AC9),
        (0x16AD0, 0x16AED), (0x16AF0, 0x16AF4), (0x16B00, 0x16B36), (0x16B40, 0x16B43),
        (0x16B50, 0x16B59), (0x16B63, 0x16B77), (0x16B7D, 0x16B8F), (0x16D40, 0x16D6C),
        (0x16D70, 0x16D79), (0x16E40, 0x16E7F), (0x16F00, 0x16F4A), (0x16F4F, 0x16F87),
        (0x16F8F, 0x16F9F), (0x16FE0, 0x16FE1), (0x16FE3, 0x16FE4), (0x16FF0, 0x16FF1),
        (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18CFF, 0x18D08), (0x1AFF0, 0x1AFF3),
        (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122), (0x1B132, 0x1B132),
        (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB),
        (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88), (0x1BC90, 0x1BC99),
        (0x1BC9D, 0x1BC9E), (0x1CCF0, 0x1CCF9), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46),
        (0x1D165, 0x1D169), (0x1D16D, 0x1D172), (0x1D17B, 0x1D182), (0x1D185, 0x1D18B),
        (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1D400, 0x1D454), (0x1D456, 0x1D49C),
        (0x1D49E, 0x1D49F), (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6), (0x1D4A9, 0x1D4AC),
        (0x1D4AE, 0x1D4B9), (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505),
        (0x1D507, 0x1D50A), (0x1D50D, 0x1D514), (0x1D516, 0x1D51C), (0x1D51E, 0x1D539),
        (0x1D53B, 0x1D53E), (0x1D540, 0x1D544), (0x1D546, 0x1D546), (0x1D54A, 0x1D550),
        (0x1D552, 0x1D6A5), (0x1D6A8, 0x1D6C0), (0x1D6C2, 0x1D6DA), (0x1D6DC, 0x1D6FA),
        (0x1D6FC, 0x1D714), (0x1D716, 0x1D734), (0x1D736, 0x1D74E), (0x1D750, 0x1D76E),
        (0x1D770, 0x1D788), (0x1D78A, 0x1D7A8), (0x1D7AA, 0x1D7C2), (0x1D7C4, 0x1D7CB),
        (0x1D7CE, 0x1D7FF), (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C), (0x1DA75, 0x1DA75),
        (0x1DA84, 0x1DA84), (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1DF00, 0x1DF1E),
        (0x1DF25, 0x1DF2A), (0x1E000, 0x1E006), (0x1E008, 0x1E018), (0x1E01B, 0x1E021),
        (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E030, 0x1E06D), (0x1E08F, 0x1E08F),
        (0x1E100, 0x1E12C), (0x1E130, 0x1E13D), (0x1E140, 0x1E149), (0x1E14E, 0x1E14E),
        (0x1E290, 0x1E2AE), (0x1E2C0, 0x1E2F9), (0x1E4D0, 0x1E4F9), (0x1E5D0, 0x1E5FA),
        (0x1E7E0, 0x1E7E6), (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE),
        (0x1E800, 0x1E8C4), (0x1E8D0, 0x1E8D6), (0x1E900, 0x1E94B), (0x1E950, 0x1E959),
        (0x1EE00, 0x1EE03), (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24),
        (0x1EE27, 0x1EE27), (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39),
        (0x1EE3B, 0x1EE3B), (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49),
        (0x1EE4B, 0x1EE4B), (0x1EE4D, 0x1EE4F), (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54),
        (0x1EE57, 0x1EE57), (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B), (0x1EE5D, 0x1EE5D),
        (0x1EE5F, 0x1EE5F), (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A),
        (0x1EE6C, 0x1EE72), (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E),
        (0x1EE80, 0x1EE89), (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9),
        (0x1EEAB, 0x1EEBB), (0x1FBF0, 0x1FBF9), (0x20000, 0x2A6DF), (0x2A700, 0x2B739),
        (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D),
        (0x2F800, 0x2FA1D), (0x30000, 0x3134A), (0x31350, 0x323AF), (0xE0100, 0xE01EF),
    ];
    /// Code points for which `str.isprintable` holds (`Py_UNICODE_ISPRINTABLE`).
    pub(super) static PRINTABLE: &[(u32, u32)] = &[
        (0x20, 0x7E), (0xA1, 0xAC), (0xAE, 0x377), (0x37A, 0x37F), (0x384, 0x38A), (0x38C, 0x38C),
        (0x38E, 0x3A1), (0x3A3, 0x52F), (0x531, 0x556), (0x559, 0x58A), (0x58D, 0x58F),
        (0x591, 0x5C7), (0x5D0, 0x5EA), (0x5EF, 0x5F4), (0x606, 0x61B), (0x61D, 0x6DC),
        (0x6DE, 0x70D), (0x710, 0x74A), (0x74D, 0x7B1), (0x7C0, 0x7FA), (0x7FD, 0x82D),
        (0x830, 0x83E), (0x840, 0x85B), (0x85E, 0x85E), (0x860, 0x86A), (0x870, 0x88E),
        (0x897, 0x8E1), (0x8E3, 0x983), (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8),
        (0x9AA, 0x9B0), (0x9B2, 0x9B2), (0x9B6, 0x9B9), (0x9BC, 0x9C4), (0x9C7, 0x9C8),
        (0x9CB, 0x9CE), (0x9D7, 0x9D7), (0x9DC, 0x9DD), (0x9DF, 0x9E3), (0x9E6, 0x9FE),
        (0xA01, 0xA03), (0xA05, 0xA0A), (0xA0F, 0xA10), (0xA13, 0xA28), (0xA2A, 0xA30),
        (0xA32, 0xA33), (0xA35, 0xA36), (0xA38, 0xA39), (0xA3C, 0xA3C), (0xA3E, 0xA42),
        (0xA47, 0xA48), (0xA4B, 0xA4D), (0xA51, 0xA51), (0xA59, 0xA5C), (0xA5E, 0xA5E),
        (0xA66, 0xA76), (0xA81, 0xA83), (0xA85, 0xA8D), (0xA8F, 0xA91), (0xA93, 0xAA8),
        (0xAAA, 0xAB0), (0xAB2, 0xAB3), (0xAB5, 0xAB9), (0xABC, 0xAC5), (0xAC7, 0xAC9),
        (0xACB, 0xACD), (0xAD0, 0xAD0), (0xAE0, 0xAE3), (0xAE6, 0xAF1), (0xAF9, 0xAFF),
        (0xB01, 0xB03), (0xB05, 0xB0C), (0xB0F, 0xB10), (0xB13, 0xB28), (0xB2A, 0xB30),
        (0xB32, 0xB33), (0xB35, 0xB39), (0xB3C, 0xB44), (0xB47, 0xB48), (0xB4B, 0xB4D),
        (0xB55, 0xB57), (0xB5C, 0xB5D), (0xB5F, 0xB63), (0xB66, 0xB77), (0xB82, 0xB83),
        (0xB85, 0xB8A), (0xB8E, 0xB90), (0xB92, 0xB95), (0xB99, 0xB9A), (0xB9C, 0xB9C),
        (0xB9E, 0xB9F), (0xBA3, 0xBA4), (0xBA8, 0xBAA), (0xBAE, 0xBB9), (0xBBE, 0xBC2),
        (0xBC6, 0xBC8), (0xBCA, 0xBCD), (0xBD0, 0xBD0), (0xBD7, 0xBD7), (0xBE6, 0xBFA),
        (0xC00, 0xC0C), (0xC0E, 0xC10), (0xC12, 0xC28), (0xC2A, 0xC39), (0xC3C, 0xC44),
        (0xC46, 0xC48), (0xC4A, 0xC4D), (0xC55, 0xC56), (0xC58, 0xC5A), (0xC5D, 0xC5D),
        (0xC60, 0xC63), (0xC66, 0xC6F), (0xC77, 0xC8C), (0xC8E, 0xC90), (0xC92, 0xCA8),
        (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBC, 0xCC4), (0xCC6, 0xCC8), (0xCCA, 0xCCD),
        (0xCD5, 0xCD6), (0xCDD, 0xCDE), (0xCE0, 0xCE3), (0xCE6, 0xCEF), (0xCF1, 0xCF3),
        (0xD00, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD44), (0xD46, 0xD48), (0xD4A, 0xD4F),
        (0xD54, 0xD63), (0xD66, 0xD7F), (0xD81, 0xD83), (0xD85, 0xD96), (0xD9A, 0xDB1),
        (0xDB3, 0xDBB), (0xDBD, 0xDBD), (0xDC0, 0xDC6), (0xDCA, 0xDCA), (0xDCF, 0xDD4),
        (0xDD6, 0xDD6), (0xDD8, 0xDDF), (0xDE6, 0xDEF), (0xDF2, 0xDF4), (0xE01, 0xE3A),
        (0xE3F, 0xE5B), (0xE81, 0xE82), (0xE84, 0xE84), (0xE86, 0xE8A), (0xE8C, 0xEA3),
        (0xEA5, 0xEA5), (0xEA7, 0xEBD), (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEC8, 0xECE),
        (0xED0, 0xED9), (0xEDC, 0xEDF), (0xF00, 0xF47), (0xF49, 0xF6C), (0xF71, 0xF97),
        (0xF99, 0xFBC), (0xFBE, 0xFCC), (0xFCE, 0xFDA), (0x1000, 0x10C5), (0x10C7, 0x10C7),
        (0x10CD, 0x10CD), (0x10D0, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258),
        (0x125A, 0x125D), (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5),
        (0x12B8, 0x12BE), (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310),
        (0x1312, 0x1315), (0x1318, 0x135A), (0x135D, 0x137C), (0x1380, 0x1399), (0x13A0, 0x13F5),
        (0x13F8, 0x13FD), (0x1400, 0x167F), (0x1681, 0x169C), (0x16A0, 0x16F8), (0x1700, 0x1715),
        (0x171F, 0x1736), (0x1740, 0x1753), (0x1760, 0x176C), (0x176E, 0x1770), (0x1772, 0x1773),
        (0x1780, 0x17DD), (0x17E0, 0x17E9), (0x17F0, 0x17F9), (0x1800, 0x180D), (0x180F, 0x1819),
        (0x1820, 0x1878), (0x1880, 0x18AA), (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1920, 0x192B),
        (0x1930, 0x193B), (0x1940, 0x1940), (0x1944, 0x196D), (0x1970, 0x1974), (0x1980, 0x19AB),
        (0x19B0, 0x19C9), (0x19D0, 0x19DA), (0x19DE, 0x1A1B), (0x1A1E, 0x1A5E), (0x1A60, 0x1A7C),
        (0x1A7F, 0x1A89), (0x1A90, 0x1A99), (0x1AA0, 0x1AAD), (0x1AB0, 0x1ACE), (0x1B00, 0x1B4C),
        (0x1B4E, 0x1BF3), (0x1BFC, 0x1C37), (0x1C3B, 0x1C49), (0x1C4D, 0x1C8A), (0x1C90, 0x1CBA),
        (0x1CBD, 0x1CC7), (0x1CD0, 0x1CFA), (0x1D00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45),
        (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D),
        (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FC4), (0x1FC6, 0x1FD3), (0x1FD6, 0x1FDB),
        (0x1FDD, 0x1FEF), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFE), (0x2010, 0x2027), (0x2030, 0x205E),
        (0x2070, 0x2071), (0x2074, 0x208E), (0x2090, 0x209C), (0x20A0, 0x20C0), (0x20D0, 0x20F0),
        (0x2100, 0x218B), (0x2190, 0x2429), (0x2440, 0x244A), (0x2460, 0x2B73), (0x2B76, 0x2B95),
        (0x2B97, 0x2CF3), (0x2CF9, 0x2D25), (0x2D27, 0x2D27), (0x2D2D, 0x2D2D), (0x2D30, 0x2D67),
        (0x2D6F, 0x2D70), (0x2D7F, 0x2D96), (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6),
        (0x2DB8, 0x2DBE), (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE),
        (0x2DE0, 0x2E5D), (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFF),
        (0x3001, 0x303F), (0x3041, 0x3096), (0x3099, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E),
        (0x3190, 0x31E5), (0x31EF, 0x321E), (0x3220, 0xA48C), (0xA490, 0xA4C6), (0xA4D0, 0xA62B),
        (0xA640, 0xA6F7), (0xA700, 0xA7CD), (0xA7D0, 0xA7D1), (0xA7D3, 0xA7D3), (0xA7D5, 0xA7DC),
        (0xA7F2, 0xA82C), (0xA830, 0xA839), (0xA840, 0xA877), (0xA880, 0xA8C5), (0xA8CE, 0xA8D9),
        (0xA8E0, 0xA953), (0xA95F, 0xA97C), (0xA980, 0xA9CD), (0xA9CF, 0xA9D9), (0xA9DE, 0xA9FE),
        (0xAA00, 0xAA36), (0xAA40, 0xAA4D), (0xAA50, 0xAA59), (0xAA5C, 0xAAC2), (0xAADB, 0xAAF6),
        (0xAB01, 0xAB06), (0xAB09, 0xAB0E), (0xAB11, 0xAB16), (0xAB20, 0xAB26), (0xAB28, 0xAB2E),
        (0xAB30, 0xAB6B), (0xAB70, 0xABED), (0xABF0, 0xABF9), (0xAC00, 0xD7A3), (0xD7B0, 0xD7C6),
        (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFB00, 0xFB06), (0xFB13, 0xFB17),
        (0xFB1D, 0xFB36), (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E), (0xFB40, 0xFB41), (0xFB43, 0xFB44),
        (0xFB46, 0xFBC2), (0xFBD3, 0xFD8F), (0xFD92, 0xFDC7), (0xFDCF, 0xFDCF), (0xFDF0, 0xFE19),
        (0xFE20, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFE70, 0xFE74), (0xFE76, 0xFEFC),
        (0xFF01, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC),
        (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0xFFFC, 0xFFFD), (0x10000, 0x1000B),
        (0x1000D, 0x10026), (0x10028, 0x1003A), (0x1003C, 0x1003D), (0x1003F, 0x1004D),
        (0x10050, 0x1005D), (0x10080, 0x100FA), (0x10100, 0x10102), (0x10107, 0x10133),
        (0x10137, 0x1018E), (0x10190, 0x1019C), (0x101A0, 0x101A0), (0x101D0, 0x101FD),
        (0x10280, 0x1029C), (0x102A0, 0x102D0), (0x102E0, 0x102FB), (0x10300, 0x10323),
        (0x1032D, 0x1034A), (0x10350, 0x1037A), (0x10380, 0x1039D), (0x1039F, 0x103C3),
        (0x103C8, 0x103D5), (0x10400, 0x1049D), (0x104A0, 0x104A9), (0x104B0, 0x104D3),
        (0x104D8, 0x104FB), (0x10500, 0x10527), (0x10530, 0x10563), (0x1056F, 0x1057A),
        (0x1057C, 0x1058A), (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1),
        (0x105A3, 0x105B1), (0x105B3, 0x105B9), (0x105BB, 0x105BC), (0x105C0, 0x105F3),
        (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767), (0x10780, 0x10785),
        (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10800, 0x10805), (0x10808, 0x10808),
        (0x1080A, 0x10835), (0x10837, 0x10838), (0x1083C, 0x1083C), (0x1083F, 0x10855),
        (0x10857, 0x1089E), (0x108A7, 0x108AF), (0x108E0, 0x108F2), (0x108F4, 0x108F5),
        (0x108FB, 0x1091B), (0x1091F, 0x10939), (0x1093F, 0x1093F), (0x10980, 0x109B7),
        (0x109BC, 0x109CF), (0x109D2, 0x10A03), (0x10A05, 0x10A06), (0x10A0C, 0x10A13),
        (0x10A15, 0x10A17), (0x10A19, 0x10A35), (0x10A38, 0x10A3A), (0x10A3F, 0x10A48),
        (0x10A50, 0x10A58), (0x10A60, 0x10A9F), (0x10AC0, 0x10AE6), (0x10AEB, 0x10AF6),
        (0x10B00, 0x10B35), (0x10B39, 0x10B55), (0x10B58, 0x10B72), (0x10B78, 0x10B91),
        (0x10B99, 0x10B9C), (0x10BA9, 0x10BAF), (0x10C00, 0x10C48), (0x10C80, 0x10CB2),
        (0x10CC0, 0x10CF2), (0x10CFA, 0x10D27), (0x10D30, 0x10D39), (0x10D40, 0x10D65),
        (0x10D69, 0x10D85), (0x10D8E, 0x10D8F), (0x10E60, 0x10E7E), (0x10E80, 0x10EA9),
        (0x10EAB, 0x10EAD), (0x10EB0, 0x10EB1), (0x10EC2, 0x10EC4), (0x10EFC, 0x10F27),
        (0x10F30, 0x10F59), (0x10F70, 0x10F89), (0x10FB0, 0x10FCB), (0x10FE0, 0x10FF6),
        (0x11000, 0x1104D), (0x11052, 0x11075), (0x1107F, 0x110BC), (0x110BE, 0x110C2),
        (0x110D0, 0x110E8), (0x110F0, 0x110F9), (0x11100, 0x11134), (0x11136, 0x11147),
        (0x11150, 0x11176), (0x11180, 0x111DF), (0x111E1, 0x111F4), (0x11200, 0x11211),
        (0x11213, 0x11241), (0x11280, 0x11286), (0x11288, 0x11288), (0x1128A, 0x1128D),
        (0x1128F, 0x1129D), (0x1129F, 0x112A9), (0x112B0, 0x112EA), (0x112F0, 0x112F9),
        (0x11300, 0x11303), (0x11305, 0x1130C), (0x1130F, 0x11310), (0x11313, 0x11328),
        (0x1132A, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339), (0x1133B, 0x11344),
        (0x11347, 0x11348), (0x1134B, 0x1134D), (0x11350, 0x11350), (0x11357, 0x11357),
        (0x1135D, 0x11363), (0x11366, 0x1136C), (0x11370, 0x11374), (0x11380, 0x11389),
        (0x1138B, 0x1138B), (0x1138E, 0x1138E), (0x11390, 0x113B5), (0x113B7, 0x113C0),
        (0x113C2, 0x113C2), (0x113C5, 0x113C5), (0x113C7, 0x113CA), (0x113CC, 0x113D5),
        (0x113D7, 0x113D8), (0x113E1, 0x113E2), (0x11400, 0x1145B), (0x1145D, 0x11461),
        (0x11480, 0x114C7), (0x114D0, 0x114D9), (0x11580, 0x115B5), (0x115B8, 0x115DD),
        (0x11600, 0x11644), (0x11650, 0x11659), (0x11660, 0x1166C), (0x11680, 0x116B9),
        (0x116C0, 0x116C9), (0x116D0, 0x116E3), (0x11700, 0x1171A), (0x1171D, 0x1172B),
        (0x11730, 0x11746), (0x11800, 0x1183B), (0x118A0, 0x118F2), (0x118FF, 0x11906),
        (0x11909, 0x11909), (0x1190C, 0x11913), (0x11915, 0x11916), (0x11918, 0x11935),
        (0x11937, 0x11938), (0x1193B, 0x11946), (0x11950, 0x11959), (0x119A0, 0x119A7),
        (0x119AA, 0x119D7), (0x119DA, 0x119E4), (0x11A00, 0x11A47), (0x11A50, 0x11AA2),
        (0x11AB0, 0x11AF8), (0x11B00, 0x11B09), (0x11BC0, 0x11BE1), (0x11BF0, 0x11BF9),
        (0x11C00, 0x11C08), (0x11C0A, 0x11C36), (0x11C38, 0x11C45), (0x11C50, 0x11C6C),
        (0x11C70, 0x11C8F), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6), (0x11D00, 0x11D06),
        (0x11D08, 0x11D09), (0x11D0B, 0x11D36), (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D),
        (0x11D3F, 0x11D47), (0x11D50, 0x11D59), (0x11D60, 0x11D65), (0x11D67, 0x11D68),
        (0x11D6A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D98), (0x11DA0, 0x11DA9),
        (0x11EE0, 0x11EF8), (0x11F00, 0x11F10), (0x11F12, 0x11F3A), (0x11F3E, 0x11F5A),
        (0x11FB0, 0x11FB0), (0x11FC0, 0x11FF1), (0x11FFF, 0x12399), (0x12400, 0x1246E),
        (0x12470, 0x12474), (0x12480, 0x12543), (0x12F90, 0x12FF2), (0x13000, 0x1342F),
        (0x13440, 0x13455), (0x13460, 0x143FA), (0x14400, 0x14646), (0x16100, 0x16139),
        (0x16800, 0x16A38), (0x16A40, 0x16A5E), (0x16A60, 0x16A69), (0x16A6E, 0x16ABE),
        (0x16AC0, 0x16AC9), (0x16AD0, 0x16AED), (0x16AF0, 0x16AF5), (0x16B00, 0x16B45),
        (0x16B50, 0x16B59), (0x16B5B, 0x16B61), (0x16B63, 0x16B77), (0x16B7D, 0x16B8F),
        (0x16D40, 0x16D79), (0x16E40, 0x16E9A), (0x16F00, 0x16F4A), (0x16F4F, 0x16F87),
        (0x16F8F, 0x16F9F), (0x16FE0, 0x16FE4), (0x16FF0, 0x16FF1), (0x17000, 0x187F7),
        (0x18800, 0x18CD5), (0x18CFF, 0x18D08), (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB),
        (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122), (0x1B132, 0x1B132), (0x1B150, 0x1B152),
        (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB), (0x1BC00, 0x1BC6A),
        (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88), (0x1BC90, 0x1BC99), (0x1BC9C, 0x1BC9F),
        (0x1CC00, 0x1CCF9), (0x1CD00, 0x1CEB3), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46),
        (0x1CF50, 0x1CFC3), (0x1D000, 0x1D0F5), (0x1D100, 0x1D126), (0x1D129, 0x1D172),
        (0x1D17B, 0x1D1EA), (0x1D200, 0x1D245), (0x1D2C0, 0x1D2D3), (0x1D2E0, 0x1D2F3),
        (0x1D300, 0x1D356), (0x1D360, 0x1D378), (0x1D400, 0x1D454), (0x1D456, 0x1D49C),
        (0x1D49E, 0x1D49F), (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6), (0x1D4A9, 0x1D4AC),
        (0x1D4AE, 0x1D4B9), (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505),
        (0x1D507, 0x1D50A), (0x1D50D, 0x1D514), (0x1D516, 0x1D51C), (0x1D51E, 0x1D539),
        (0x1D53B, 0x1D53E), (0x1D540, 0x1D544), (0x1D546, 0x1D546), (0x1D54A, 0x1D550),
        (0x1D552, 0x1D6A5), (0x1D6A8, 0x1D7CB), (0x1D7CE, 0x1DA8B), (0x1DA9B, 0x1DA9F),
        (0x1DAA1, 0x1DAAF), (0x1DF00, 0x1DF1E), (0x1DF25, 0x1DF2A), (0x1E000, 0x1E006),
        (0x1E008, 0x1E018), (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A),
        (0x1E030, 0x1E06D), (0x1E08F, 0x1E08F), (0x1E100, 0x1E12C), (0x1E130, 0x1E13D),
        (0x1E140, 0x1E149), (0x1E14E, 0x1E14F), (0x1E290, 0x1E2AE), (0x1E2C0, 0x1E2F9),
        (0x1E2FF, 0x1E2FF), (0x1E4D0, 0x1E4F9), (0x1E5D0, 0x1E5FA), (0x1E5FF, 0x1E5FF),
        (0x1E7E0, 0x1E7E6), (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE),
        (0x1E800, 0x1E8C4), (0x1E8C7, 0x1E8D6), (0x1E900, 0x1E94B), (0x1E950, 0x1E959),
        (0x1E95E, 0x1E95F), (0x1EC71, 0x1ECB4), (0x1ED01, 0x1ED3D), (0x1EE00, 0x1EE03),
        (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24), (0x1EE27, 0x1EE27),
        (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39), (0x1EE3B, 0x1EE3B),
        (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49), (0x1EE4B, 0x1EE4B),
        (0x1EE4D, 0x1EE4F), (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54), (0x1EE57, 0x1EE57),
        (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B), (0x1EE5D, 0x1EE5D), (0x1EE5F, 0x1EE5F),
        (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A), (0x1EE6C, 0x1EE72),
        (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E), (0x1EE80, 0x1EE89),
        (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9), (0x1EEAB, 0x1EEBB),
        (0x1EEF0, 0x1EEF1), (0x1F000, 0x1F02B), (0x1F030, 0x1F093), (0x1F0A0, 0x1F0AE),
        (0x1F0B1, 0x1F0BF), (0x1F0C1, 0x1F0CF), (0x1F0D1, 0x1F0F5), (0x1F100, 0x1F1AD),
        (0x1F1E6, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251),
        (0x1F260, 0x1F265), (0x1F300, 0x1F6D7), (0x1F6DC, 0x1F6EC), (0x1F6F0, 0x1F6FC),
        (0x1F700, 0x1F776), (0x1F77B, 0x1F7D9), (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0),
        (0x1F800, 0x1F80B), (0x1F810, 0x1F847), (0x1F850, 0x1F859), (0x1F860, 0x1F887),
        (0x1F890, 0x1F8AD), (0x1F8B0, 0x1F8BB), (0x1F8C0, 0x1F8C1), (0x1F900, 0x1FA53),
        (0x1FA60, 0x1FA6D), (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA89), (0x1FA8F, 0x1FAC6),
        (0x1FACE, 0x1FADC), (0x1FADF, 0x1FAE9), (0x1FAF0, 0x1FAF8), (0x1FB00, 0x1FB92),
        (0x1FB94, 0x1FBF9), (0x20000, 0x2A6DF), (0x2A700, 0x2B739), (0x2B740, 0x2B81D),
        (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D), (0x2F800, 0x2FA1D),
        (0x30000, 0x3134A), (0x31350, 0x323AF), (0xE0100, 0xE01EF),
    ];
}
