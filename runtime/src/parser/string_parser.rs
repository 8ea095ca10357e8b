//! Decoding of string and bytes literal tokens: a port of
//! Parser/string_parser.c (`_PyPegen_parse_string`,
//! `decode_unicode_with_escapes`, `decode_bytes_with_escapes`,
//! `warn_invalid_escape_sequence`) and of the escape decoders it calls,
//! `_PyUnicode_DecodeUnicodeEscapeInternal2` (Objects/unicodeobject.c) and
//! `_PyBytes_DecodeEscape2` (Objects/bytesobject.c). F- and t-strings are
//! assembled by the parser from FSTRING_MIDDLE pieces, each decoded with
//! [`decode_string`]. `\N{...}` names are looked up in
//! [`crate::unicode::names`].

use crate::ast::PyStr;
use crate::unicode;

/// The value of a string literal token. A str is a [`PyStr`] because an
/// escape such as `\\udc74` makes a lone surrogate, which a Rust `String`
/// cannot hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringValue {
    Str(PyStr),
    Bytes(Vec<u8>),
}

/// The first invalid escape in a literal (`first_invalid_escape`), for the
/// SyntaxWarning `warn_invalid_escape_sequence` emits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidEscape {
    /// Byte offset of the character after the backslash in the body.
    pub offset: usize,
    /// The escape without its backslash: one character, or three octal
    /// digits for an octal escape above 0o377.
    pub text: String,
    pub octal: bool,
}

impl InvalidEscape {
    /// CPython 3.14's warning text.
    pub fn message(&self) -> String {
        let what = if self.octal { "invalid octal escape sequence" } else { "invalid escape sequence" };
        format!(
            "\"\\{t}\" is an {what}. Such sequences will not work in the future. Did you mean \
             \"\\\\{t}\"? A raw string is also an option.",
            t = self.text,
        )
    }

    /// The SyntaxError raised instead when warnings are errors.
    pub fn error_message(&self) -> String {
        let what = if self.octal { "invalid octal escape sequence" } else { "invalid escape sequence" };
        format!("\"\\{t}\" is an {what}. Did you mean \"\\\\{t}\"? A raw string is also an option.", t = self.text)
    }
}

/// Why a literal cannot be decoded. `message()` gives the SyntaxError text
/// pegen reports (`_Pypegen_raise_decode_error` prefixes the codec error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringError {
    /// A bytes literal with a non-ASCII character: the parser raises
    /// "bytes can only contain ASCII literal characters" on the token.
    NonAsciiBytes,
    /// A UnicodeDecodeError of the 'unicodeescape' codec.
    UnicodeEscape { start: usize, end: usize, reason: &'static str },
    /// `invalid \x escape at position N` (ValueError from bytes decoding).
    BytesHexEscape { position: usize },
}

impl StringError {
    /// The SyntaxError message CPython reports.
    pub fn message(&self) -> String {
        match self {
            StringError::NonAsciiBytes => "bytes can only contain ASCII literal characters".into(),
            StringError::UnicodeEscape { start, end, reason } => format!(
                "(unicode error) 'unicodeescape' codec can't decode bytes in position \
                 {start}-{}: {reason}",
                end - 1
            ),
            StringError::BytesHexEscape { position } => {
                format!("(value error) invalid \\x escape at position {position}")
            }
        }
    }
}

/// A decoded literal and its first invalid escape, if any.
pub type Decoded = (StringValue, Option<InvalidEscape>);

/// `_PyPegen_parse_string`: decode a STRING token's full text (prefix and
/// quotes included; not an f- or t-string).
pub fn parse_string(token_text: &str) -> Result<Decoded, StringError> {
    let bytes = token_text.as_bytes();
    let mut i = 0;
    let (mut bytesmode, mut rawmode) = (false, false);
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        match bytes[i].to_ascii_lowercase() {
            b'b' => bytesmode = true,
            b'r' => rawmode = true,
            _ => {}
        }
        i += 1;
    }
    let start = body_start(token_text);
    let body = token_text.get(start..token_text.len().saturating_sub(start - i)).unwrap_or("");
    let rawmode = rawmode || !body.contains('\\');
    if bytesmode {
        if !body.is_ascii() {
            return Err(StringError::NonAsciiBytes);
        }
        if rawmode {
            return Ok((StringValue::Bytes(body.as_bytes().to_vec()), None));
        }
        let (v, inv) = decode_bytes_escapes(body.as_bytes())?;
        return Ok((StringValue::Bytes(v), inv));
    }
    let (s, inv) = decode_string(rawmode, body)?;
    Ok((StringValue::Str(s), inv))
}

/// Where the body of a STRING token's text starts: after the prefix and
/// the opening quote or triple quote.
pub fn body_start(token_text: &str) -> usize {
    let bytes = token_text.as_bytes();
    let i = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let quote = bytes.get(i).copied().unwrap_or(b'"');
    let triple = bytes.len() >= i + 6 && bytes[i + 1] == quote && bytes[i + 2] == quote;
    i + if triple { 3 } else { 1 }
}

/// `_PyPegen_decode_string`: a str body, raw or with escapes.
pub fn decode_string(raw: bool, body: &str) -> Result<(PyStr, Option<InvalidEscape>), StringError> {
    if raw {
        return Ok((PyStr::from(body), None));
    }
    decode_unicode_escapes(body)
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `decode_unicode_with_escapes` + `_PyUnicode_DecodeUnicodeEscapeInternal2`.
/// CPython first rewrites non-ASCII characters as `\U%08x` escapes and
/// reports error positions in that rewritten buffer; `pos` tracks it.
fn decode_unicode_escapes(body: &str) -> Result<(PyStr, Option<InvalidEscape>), StringError> {
    let mut out = PyStr::new();
    let mut first_invalid: Option<InvalidEscape> = None;
    let mut chars = body.char_indices().peekable();
    // Position in CPython's rewritten buffer.
    let mut pos = 0usize;
    let width = |c: char| if c.is_ascii() { 1 } else { 10 };
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            out.push_code_point(c as u32);
            pos += width(c);
            continue;
        }
        let start = pos;
        pos += 1;
        let Some((off, e)) = chars.next() else {
            // Unreachable from the tokenizer: a literal cannot end in a
            // lone backslash. Keep it, as the codec does for "\\ at end".
            out.push_str("\\");
            break;
        };
        if !e.is_ascii() {
            // "\\ä" was rewritten to "\\u005c\\U000000e4" by CPython.
            out.push_code_point('\\' as u32);
            out.push_code_point(e as u32);
            pos += 5 + 10;
            continue;
        }
        pos += 1;
        let simple = match e {
            '\n' => Some(None),
            '\\' => Some(Some('\\')),
            '\'' => Some(Some('\'')),
            '"' => Some(Some('"')),
            'b' => Some(Some('\u{8}')),
            'f' => Some(Some('\u{c}')),
            't' => Some(Some('\t')),
            'n' => Some(Some('\n')),
            'r' => Some(Some('\r')),
            'v' => Some(Some('\u{b}')),
            'a' => Some(Some('\u{7}')),
            _ => None,
        };
        if let Some(v) = simple {
            if let Some(v) = v {
                out.push_code_point(v as u32);
            }
            continue;
        }
        match e {
            '0'..='7' => {
                let mut value = e as u32 - '0' as u32;
                let mut digits = 1;
                while digits < 3 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            value = value * 8 + (d as u32 - '0' as u32);
                            chars.next();
                            pos += 1;
                            digits += 1;
                        }
                        _ => break,
                    }
                }
                if value > 0o377 && first_invalid.is_none() {
                    first_invalid = Some(InvalidEscape {
                        offset: off,
                        text: body[off..off + 3].to_owned(),
                        octal: true,
                    });
                }
                out.push_code_point(value);
            }
            'x' | 'u' | 'U' => {
                let (count, reason) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut value = 0u32;
                for _ in 0..count {
                    match chars.peek().and_then(|&(_, d)| d.is_ascii().then(|| hex_value(d as u8)).flatten()) {
                        Some(v) => {
                            value = value * 16 + v;
                            chars.next();
                            pos += 1;
                        }
                        None => {
                            return Err(StringError::UnicodeEscape { start, end: pos, reason });
                        }
                    }
                }
                if value > 0x10ffff {
                    return Err(StringError::UnicodeEscape { start, end: pos, reason: "illegal Unicode character" });
                }
                // Surrogates included: a Python str may hold them.
                out.push_code_point(value);
            }
            'N' => {
                let mut reason = "malformed \\N character escape";
                if let Some(&(open, '{')) = chars.peek() {
                    chars.next();
                    pos += 1;
                    let name_start = open + 1;
                    let mut name_end = None;
                    while let Some(&(i, d)) = chars.peek() {
                        if d == '}' {
                            name_end = Some(i);
                            break;
                        }
                        chars.next();
                        pos += width(d);
                    }
                    // A missing '}' is the codec's "incomplete" case: the
                    // error then spans to the end of the buffer.
                    if let Some(name_end) = name_end.filter(|&e| e > name_start) {
                        chars.next();
                        pos += 1;
                        if let Some(cp) = unicode::names::lookup(&body[name_start..name_end]) {
                            out.push_code_point(cp);
                            continue;
                        }
                        reason = "unknown Unicode character name";
                    }
                }
                return Err(StringError::UnicodeEscape { start, end: pos, reason });
            }
            _ => {
                if first_invalid.is_none() {
                    first_invalid = Some(InvalidEscape { offset: off, text: e.to_string(), octal: false });
                }
                out.push_str("\\");
                out.push_code_point(e as u32);
            }
        }
    }
    Ok((out, first_invalid))
}

/// `_PyBytes_DecodeEscape2`: the escapes of a bytes literal.
fn decode_bytes_escapes(body: &[u8]) -> Result<(Vec<u8>, Option<InvalidEscape>), StringError> {
    let mut out = Vec::with_capacity(body.len());
    let mut first_invalid = None;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = body.get(i) else {
            out.push(b'\\');
            break;
        };
        let off = i;
        i += 1;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut value = u32::from(e - b'0');
                for _ in 0..2 {
                    match body.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if value > 0o377 && first_invalid.is_none() {
                    first_invalid = Some(InvalidEscape {
                        offset: off,
                        text: String::from_utf8_lossy(&body[off..off + 3]).into_owned(),
                        octal: true,
                    });
                }
                out.push((value & 0xff) as u8);
            }
            b'x' => {
                let h = body.get(i).copied().and_then(hex_value);
                let l = body.get(i + 1).copied().and_then(hex_value);
                match (h, l) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => return Err(StringError::BytesHexEscape { position: off - 1 }),
                }
            }
            _ => {
                if first_invalid.is_none() {
                    first_invalid = Some(InvalidEscape {
                        offset: off,
                        text: char::from(e).to_string(),
                        octal: false,
                    });
                }
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    Ok((out, first_invalid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        match parse_string(text).unwrap().0 {
            StringValue::Str(s) => s.as_str().expect("no surrogate").to_owned(),
            StringValue::Bytes(_) => panic!("bytes"),
        }
    }

    #[test]
    fn escapes_and_raw() {
        assert_eq!(s(r"'a\tb\n\x41\u00e9\U0001F600\101\0'"), "a\tb\nAé😀A\0");
        assert_eq!(s(r"r'a\tb'"), r"a\tb");
        assert_eq!(s("'''a\\\nb'''"), "ab");
        assert_eq!(s(r#""\"'""#), "\"'");
        assert_eq!(
            parse_string(r"b'\x41\777\q'").unwrap(),
            (
                StringValue::Bytes(b"A\xff\\q".to_vec()),
                Some(InvalidEscape { offset: 5, text: "777".into(), octal: true })
            )
        );
    }

    #[test]
    fn lone_surrogates_are_kept() {
        let StringValue::Str(v) = parse_string(r"'a\udc74\U0000d800'").unwrap().0 else { panic!("bytes") };
        assert_eq!(v.code_points().collect::<Vec<_>>(), [0x61, 0xdc74, 0xd800]);
        assert_eq!(v.as_str(), None);
    }

    #[test]
    fn named_escapes() {
        assert_eq!(s(r"'\N{bullet}\N{LF}\N{HANGUL SYLLABLE GA}x'"), "\u{2022}\n\u{ac00}x");
        for (src, range, reason) in [
            (r"'\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}'", "0-47", "unknown Unicode character name"),
            (r"'\N{LATIN SMALL LETTER A'", "0-22", "malformed \\N character escape"),
            (r"'\N'", "0-1", "malformed \\N character escape"),
            (r"'\N{}'", "0-2", "malformed \\N character escape"),
            (r"'ab\N{xyz}'", "2-8", "unknown Unicode character name"),
            ("'é\\N{xyz}'", "10-16", "unknown Unicode character name"),
        ] {
            let msg = parse_string(src).unwrap_err().message();
            assert_eq!(
                msg,
                format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {range}: {reason}"),
                "{src}"
            );
        }
        assert_eq!(
            parse_string(r"b'\N{NULL}'").unwrap(),
            (StringValue::Bytes(br"\N{NULL}".to_vec()), Some(InvalidEscape { offset: 1, text: "N".into(), octal: false }))
        );
    }

    #[test]
    fn invalid_escape_warning_text() {
        let (_, inv) = parse_string(r"'\d'").unwrap();
        assert_eq!(
            inv.unwrap().message(),
            "\"\\d\" is an invalid escape sequence. Such sequences will not work in the future. \
             Did you mean \"\\\\d\"? A raw string is also an option."
        );
        let (_, inv) = parse_string(r"'\777'").unwrap();
        assert!(inv.unwrap().message().starts_with("\"\\777\" is an invalid octal escape sequence."));
    }

    #[test]
    fn decode_errors_match_cpython_messages() {
        let e = parse_string(r"'\x4'").unwrap_err();
        assert_eq!(
            e.message(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape"
        );
        let e = parse_string(r"'\u12'").unwrap_err();
        assert!(e.message().contains("position 0-3: truncated \\uXXXX escape"));
        assert_eq!(parse_string("b'é'").unwrap_err(), StringError::NonAsciiBytes);
        assert_eq!(
            parse_string(r"b'\x4'").unwrap_err().message(),
            "(value error) invalid \\x escape at position 0"
        );
    }
}
