//! The SyntaxError description shared by the tokenizer and the parser: a port
//! of the location arithmetic of Parser/pegen_errors.c and of the exception
//! arguments built by Parser/tokenizer/helpers.c (`_syntaxerror_range`).
//!
//! A [`SyntaxError`] holds exactly what CPython puts in the exception's
//! `args[1]` tuple: line numbers are 1-based, `offset` and `end_offset` are
//! 1-based *character* offsets into `text` (CPython converts the parser's
//! UTF-8 byte columns with `_PyPegen_byte_offset_to_character_offset`), and a
//! value of `-1`/`0` is kept as CPython produces it rather than normalised.
//! An error CPython converts from a codec exception has the arguments
//! `(filename, 0, -1, None)` and no end: it is lineno 0, offset -1, no
//! text, and end_lineno/end_offset 0 (CPython's `None`).

use std::fmt;

/// Which exception class CPython raises (`PyExc_SyntaxError`,
/// `PyExc_IndentationError` or `PyExc_TabError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// `PyExc_IncompleteInputError`: the source ended inside a statement
    /// and the caller asked for `PyCF_ALLOW_INCOMPLETE_INPUT`.
    IncompleteInputError,
}

impl ErrorKind {
    /// The Python class name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::IncompleteInputError => "_IncompleteInputError",
        }
    }
}

/// A SyntaxError (or subclass) with CPython's message and location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    pub msg: String,
    /// 1-based line of the error start.
    pub lineno: i64,
    /// 1-based character offset of the error start in `text`.
    pub offset: i64,
    pub end_lineno: i64,
    /// 1-based character offset just past the error, or CPython's `0`/`-1`
    /// when it reports no end.
    pub end_offset: i64,
    /// The source line shown in the traceback (`SyntaxError.text`).
    pub text: Option<String>,
}

impl SyntaxError {
    /// `_PyPegen_raise_error_known_location`'s conversion: builds an error
    /// from 1-based *byte* columns into `line` (the UTF-8 text of the error
    /// line), turning them into character offsets the way CPython does.
    /// `end_col_offset <= 0` is passed through unchanged, as in CPython.
    pub fn from_byte_location(
        kind: ErrorKind,
        msg: impl Into<String>,
        line: &str,
        lineno: i64,
        col_offset: i64,
        end_lineno: i64,
        end_col_offset: i64,
    ) -> SyntaxError {
        let offset = byte_offset_to_character_offset(line, col_offset);
        let end_offset = if end_col_offset > 0 {
            byte_offset_to_character_offset(line, end_col_offset)
        } else {
            end_col_offset
        };
        SyntaxError {
            kind,
            msg: msg.into(),
            lineno,
            offset,
            end_lineno,
            end_offset,
            text: Some(line.to_owned()),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.msg)
    }
}

impl std::error::Error for SyntaxError {}

/// `_PyPegen_byte_offset_to_character_offset_raw` (Parser/pegen.c): the
/// number of characters in the first `col_offset` bytes of `line`, decoding
/// with "replace". As in CPython the column may point one past the end (the
/// terminating NUL counts as one character) and is clamped there.
pub fn byte_offset_to_character_offset(line: &str, col_offset: i64) -> i64 {
    let bytes = line.as_bytes();
    let len = bytes.len() as i64;
    let col = col_offset.clamp(0, len + 1);
    if col > len {
        return line.chars().count() as i64 + 1;
    }
    String::from_utf8_lossy(&bytes[..col as usize]).chars().count() as i64
}

/// The category of a warning the tokenizer or string parser emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WarningCategory {
    SyntaxWarning,
    DeprecationWarning,
}

/// A compile-time warning (`PyErr_WarnExplicitObject` in
/// `_PyTokenizer_parser_warn` and string_parser.c): the caller decides
/// whether to print it or, under `-Werror`, turn it into a SyntaxError.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub category: WarningCategory,
    pub msg: String,
    pub lineno: i64,
    /// The SyntaxError raised in its place when the filters make the
    /// warning an error.
    pub error: SyntaxError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_to_char_offsets() {
        assert_eq!(byte_offset_to_character_offset("x=1 €", 4), 4);
        assert_eq!(byte_offset_to_character_offset("x=1 €", 7), 5);
        assert_eq!(byte_offset_to_character_offset("ab", 3), 3);
        assert_eq!(byte_offset_to_character_offset("ab", 99), 3);
        assert_eq!(byte_offset_to_character_offset("é", 1), 1);
    }

    #[test]
    fn known_location_keeps_nonpositive_end() {
        let e = SyntaxError::from_byte_location(
            ErrorKind::IndentationError,
            "m",
            " y\n",
            3,
            3,
            3,
            -1,
        );
        assert_eq!((e.offset, e.end_offset), (3, -1));
        assert_eq!(e.to_string(), "IndentationError: m");
    }
}
