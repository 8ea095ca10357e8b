//! Decoding a bytes source: a port of the encoding helpers of
//! Parser/tokenizer/helpers.c (`_PyTokenizer_check_bom`, `get_normal_name`,
//! `get_coding_spec`, `_PyTokenizer_check_coding_spec`, `valid_utf8`,
//! `_PyTokenizer_ensure_utf8`), of `decode_str` (string_tokenizer.c) and
//! of the decoding done by `tok_underflow_file` (file_tokenizer.c). The
//! codecs below are decoded here; any other goes through the runtime's
//! codec registry (an [`ExternalDecoder`]). Also the reading back of a
//! source line for a SyntaxError (`_PyErr_ProgramDecodedTextObject` and
//! `err_programtext` of Python/errors.c, `_PyTokenizer_FindEncodingFilename`)
//! and of a traceback's source lines (linecache's `tokenize.open`).

use crate::parser::error::{ErrorKind, SyntaxError};
use crate::parser::lexer::ReadError;

use super::translate_newlines_bytes;

/// Which of CPython's byte readers the source came through.
#[derive(Clone, Copy, Debug)]
pub enum Reader<'a> {
    /// `_PyTokenizer_FromString` (`compile(b"...")`).
    String,
    /// `_PyTokenizer_FromFile` on the named file.
    File(&'a str),
}

/// A source ready for the lexer.
pub struct Decoded {
    /// The newline-translated UTF-8 text (for a file that fails to decode
    /// part way, the lines before the failing one).
    pub text: String,
    pub implicit_newline: bool,
    /// `tok->encoding`.
    pub encoding: Option<String>,
    /// The file reader's error at the end of `text`.
    pub read_error: Option<ReadError>,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// An error raised before tokenizing that CPython converts from a codec
/// exception (`_PyTokenizer_raise_init_error`): its arguments are
/// `(filename, 0, -1, None)`, so it has no line, text or end (shown as
/// lineno 0, offset -1, end_lineno 0, end_offset 0).
fn unlocated(msg: String) -> SyntaxError {
    SyntaxError {
        kind: ErrorKind::SyntaxError,
        msg,
        lineno: 0,
        offset: -1,
        end_lineno: 0,
        end_offset: 0,
        text: None,
    }
}

/// `get_normal_name`: the spellings of utf-8 and latin-1 CPython folds
/// (only the first 12 characters are looked at).
fn normal_name(s: &str) -> String {
    let folded: String =
        s.chars().take(12).map(|c| if c == '_' { '-' } else { c.to_ascii_lowercase() }).collect();
    if folded == "utf-8" || folded.starts_with("utf-8-") {
        return "utf-8".to_owned();
    }
    let latin1 = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if latin1.iter().any(|n| folded == *n || folded.starts_with(&format!("{n}-"))) {
        return "iso-8859-1".to_owned();
    }
    s.to_owned()
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == 0x0c
}

/// `get_coding_spec`: the declared encoding of `line` (without its
/// newline), looked for only when the line is a comment.
fn coding_spec(line: &[u8]) -> Option<String> {
    let limit = line.len().saturating_sub(6);
    let hash = (0..limit).find(|&i| line[i] == b'#' || !is_blank(line[i]))?;
    if line[hash] != b'#' {
        return None;
    }
    for i in hash..limit {
        if &line[i..i + 6] != b"coding" || !matches!(line.get(i + 6), Some(b':' | b'=')) {
            continue;
        }
        let mut t = i + 7;
        while matches!(line.get(t), Some(b' ' | b'\t')) {
            t += 1;
        }
        let begin = t;
        while line.get(t).is_some_and(|&b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) {
            t += 1;
        }
        if begin < t {
            // Only ASCII bytes were taken.
            return Some(normal_name(&String::from_utf8_lossy(&line[begin..t])));
        }
    }
    None
}

/// Whether a line without a declaration ends the search for one
/// (`tok->decoding_state = STATE_NORMAL`): it holds more than a comment.
fn has_code(line: &[u8]) -> bool {
    line.iter().take_while(|&&b| b != b'#' && b != b'\n').any(|&b| !is_blank(b))
}

/// `_PyTokenizer_check_coding_spec` on lines 1 and 2: the declaration and
/// the (0-based) line it is on.
fn find_declaration(text: &[u8]) -> Option<(String, usize)> {
    let mut lines = text.split_inclusive(|&b| b == b'\n').take(2);
    for (i, line) in lines.by_ref().enumerate() {
        // A line is only looked at once its newline has been read.
        let body = line.strip_suffix(b"\n")?;
        if let Some(cs) = coding_spec(body) {
            return Some((cs, i));
        }
        if has_code(body) {
            return None;
        }
    }
    None
}

/// The codecs a declaration can select, by `encodings.normalize_encoding`
/// name and alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Latin9,
    Koi8R,
}

fn lookup_codec(name: &str) -> Option<Codec> {
    let mut norm = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            norm.push(c.to_ascii_lowercase());
        } else if !norm.is_empty() && !norm.ends_with('_') {
            norm.push('_');
        }
    }
    let norm = norm.trim_end_matches('_');
    Some(match norm {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Codec::Utf8,
        "ascii" | "646" | "us_ascii" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
        | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991"
        | "iso_ir_6" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "iso8859_1" | "iso_8859_1" | "iso8859" | "8859"
        | "cp819" | "csisolatin1" | "ibm819" | "iso_8859_1_1987" | "iso_ir_100" => Codec::Latin1,
        "iso8859_15" | "iso_8859_15" | "latin9" | "latin_9" | "l9" => Codec::Latin9,
        "koi8_r" | "cskoi8r" => Codec::Koi8R,
        _ => return None,
    })
}

/// A decoder for the encodings [`lookup_codec`] does not know: the
/// runtime's codec registry (`PyUnicode_Decode(bytes, encoding,
/// errors)`). `None` for an unknown encoding, else the text or the
/// `str()` of the decoding error. It calls Python code, so only the
/// caller's thread may use it (not the parser's or the compiler's).
pub type ExternalDecoder = fn(&str, &[u8], &str) -> Option<Result<String, String>>;

static EXTERNAL_DECODER: std::sync::OnceLock<ExternalDecoder> = std::sync::OnceLock::new();

/// Installs the [`ExternalDecoder`] (once; later calls are ignored).
pub fn set_external_decoder(f: ExternalDecoder) {
    let _ = EXTERNAL_DECODER.set(f);
}

/// KOI8-R bytes 0x80..=0xFF (the `koi8_r` codec's decoding table).
const KOI8_R: [u16; 128] = [
    0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C, 0x2580,
    0x2584, 0x2588, 0x258C, 0x2590, 0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
    0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7, 0x2550, 0x2551, 0x2552, 0x0451,
    0x2553, 0x2554, 0x2555, 0x2556, 0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
    0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565, 0x2566, 0x2567, 0x2568, 0x2569,
    0x256A, 0x256B, 0x256C, 0x00A9, 0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
    0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F, 0x044F, 0x0440, 0x0441,
    0x0442, 0x0443, 0x0436, 0x0432, 0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
    0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413, 0x0425, 0x0418, 0x0419, 0x041A,
    0x041B, 0x041C, 0x041D, 0x041E, 0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
    0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
];

/// The bytes where ISO-8859-15 differs from Latin-1.
const LATIN9: [(u8, char); 8] = [
    (0xA4, '\u{20AC}'),
    (0xA6, '\u{0160}'),
    (0xA8, '\u{0161}'),
    (0xB4, '\u{017D}'),
    (0xB8, '\u{017E}'),
    (0xBC, '\u{0152}'),
    (0xBD, '\u{0153}'),
    (0xBE, '\u{0178}'),
];

/// The `str()` of the UnicodeDecodeError the utf-8 codec raises for the
/// invalid sequence at `pos` (`error_len` bytes, or `None` when the data
/// ends inside a sequence), positions counted from `base`.
fn utf8_error_message(bytes: &[u8], pos: usize, error_len: Option<usize>, base: usize) -> String {
    let (len, reason) = match error_len {
        None => (bytes.len() - pos, "unexpected end of data"),
        Some(n) if matches!(bytes[pos], 0x80..=0xC1 | 0xF5..=0xFF) => (n, "invalid start byte"),
        Some(n) => (n, "invalid continuation byte"),
    };
    let at = pos - base;
    if len == 1 {
        format!("'utf-8' codec can't decode byte 0x{:02x} in position {at}: {reason}", bytes[pos])
    } else {
        format!("'utf-8' codec can't decode bytes in position {at}-{}: {reason}", at + len - 1)
    }
}

/// `PyUnicode_Decode(bytes, codec, "strict")`: the text, or the message
/// of the UnicodeDecodeError, positions counted from `base`.
fn decode_with(codec: Codec, bytes: &[u8], base: usize) -> Result<String, String> {
    match codec {
        Codec::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => Err(utf8_error_message(bytes, e.valid_up_to(), e.error_len(), base)),
        },
        Codec::Ascii => match bytes.iter().position(|b| !b.is_ascii()) {
            None => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
            Some(i) => Err(format!(
                "'ascii' codec can't decode byte 0x{:02x} in position {}: ordinal not in \
                 range(128)",
                bytes[i],
                i.saturating_sub(base)
            )),
        },
        Codec::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Codec::Latin9 => Ok(bytes
            .iter()
            .map(|&b| LATIN9.iter().find(|p| p.0 == b).map_or(char::from(b), |p| p.1))
            .collect()),
        Codec::Koi8R => Ok(bytes
            .iter()
            .map(|&b| match b {
                0..=0x7F => char::from(b),
                _ => char::from_u32(u32::from(KOI8_R[usize::from(b - 0x80)]))
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
            })
            .collect()),
    }
}

/// `valid_utf8` over `bytes`: the offset of the first byte that does not
/// start a valid UTF-8 sequence (a truncated sequence counts as invalid
/// at its first byte), with the utf-8 codec's description of it.
fn first_invalid_utf8(bytes: &[u8]) -> Option<(usize, Option<usize>)> {
    std::str::from_utf8(bytes).err().map(|e| (e.valid_up_to(), e.error_len()))
}

/// The lines around byte `pos`: (start of its line, 1-based line number).
fn line_of(bytes: &[u8], pos: usize) -> (usize, i64) {
    let start = bytes[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let lineno = 1 + bytes[..pos].iter().filter(|&&b| b == b'\n').count() as i64;
    (start, lineno)
}

/// The line starting at `start`, up to its newline (excluded), decoded
/// with "replace".
fn line_text(bytes: &[u8], start: usize) -> String {
    let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
    String::from_utf8_lossy(&bytes[start..end]).into_owned()
}

/// `_PyTokenizer_ensure_utf8`'s error for the invalid byte at `pos`, on
/// line `lineno` (`_PyTokenizer_syntaxerror_at` with the cursor just past
/// the byte).
fn non_utf8_error(bytes: &[u8], pos: usize, lineno: i64, filename: Option<&str>) -> SyntaxError {
    let (start, _) = line_of(bytes, pos);
    let offset = String::from_utf8_lossy(&bytes[start..=pos]).chars().count() as i64;
    let in_file = filename.map_or(String::new(), |f| format!(" in file {f}"));
    SyntaxError {
        kind: ErrorKind::SyntaxError,
        msg: format!(
            "Non-UTF-8 code starting with '\\x{:02x}'{in_file} on line {lineno}, but no encoding \
             declared; see https://peps.python.org/pep-0263/ for details",
            bytes[pos]
        ),
        lineno,
        offset,
        end_lineno: lineno,
        end_offset: offset,
        text: Some(line_text(bytes, start)),
    }
}

/// The "(unicode error)" pegen raises (`_Pypegen_raise_decode_error`)
/// when a file declared utf-8 holds invalid UTF-8: reported on line
/// `lineno`, whose text is read back from the file with its newline.
fn utf8_read_error(bytes: &[u8], lineno: i64, end_lineno: i64, msg: &str) -> SyntaxError {
    let start = bytes
        .split_inclusive(|&b| b == b'\n')
        .take(usize::try_from(lineno - 1).unwrap_or(0))
        .map(<[u8]>::len)
        .sum::<usize>();
    let end =
        bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i + 1);
    SyntaxError {
        kind: ErrorKind::SyntaxError,
        msg: format!("(unicode error) {msg}"),
        lineno,
        offset: 0,
        end_lineno,
        end_offset: -1,
        text: Some(String::from_utf8_lossy(&bytes[start..end]).into_owned()),
    }
}

/// "encoding problem: NAME with BOM": a declaration other than utf-8 in a
/// source that starts with a BOM, reported over the declaration line
/// (`size` bytes as `check_coding_spec` was given them).
fn bom_conflict(cs: &str, line: &[u8], size: usize, lineno: i64) -> SyntaxError {
    let end = 1 + line[..size.saturating_sub(1)].iter().filter(|&&b| b & 0xC0 != 0x80).count();
    let text = line_text(line, 0);
    SyntaxError {
        kind: ErrorKind::SyntaxError,
        msg: format!("encoding problem: {cs} with BOM"),
        lineno,
        offset: 0,
        end_lineno: lineno,
        end_offset: end as i64,
        text: Some(text),
    }
}

/// `_PyTokenizer_FindEncodingFilename` / `tokenize.detect_encoding` on
/// the bytes of a file: the encoding its BOM or declaration names
/// (utf-8 by default), and the text after the BOM.
fn file_encoding(bytes: &[u8]) -> (String, &[u8]) {
    match bytes.strip_prefix(BOM) {
        Some(rest) => ("utf-8".to_owned(), rest),
        None => (find_declaration(bytes).map_or_else(|| "utf-8".to_owned(), |(cs, _)| cs), bytes),
    }
}

/// `PyUnicode_Decode(bytes, encoding, errors)` with `errors` "strict"
/// or "replace"; `None` for an unknown encoding or a strict failure.
fn decode_as(encoding: &str, bytes: &[u8], errors: &str) -> Option<String> {
    let replace = errors == "replace";
    match lookup_codec(encoding) {
        Some(Codec::Utf8) if replace => Some(String::from_utf8_lossy(bytes).into_owned()),
        Some(Codec::Ascii) if replace => {
            Some(bytes.iter().map(|&b| if b.is_ascii() { char::from(b) } else { char::REPLACEMENT_CHARACTER }).collect())
        }
        Some(codec) => decode_with(codec, bytes, 0).ok(),
        None => EXTERNAL_DECODER.get().and_then(|f| f(encoding, bytes, errors))?.ok(),
    }
}

/// The lines of a file's bytes split the way universal newlines read
/// them (`\n`, `\r\n` or `\r`), each with its line break as read.
fn file_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&bytes[start..=i]);
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                out.push(&bytes[start..end]);
                start = end;
                i = end - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

/// `_PyErr_ProgramDecodedTextObject(filename, lineno, NULL)` (Python/errors.c):
/// line `lineno` of the file, decoded with "replace" in the encoding the
/// file declares, ending in `\n` when the line has a break; `None` when
/// the file cannot be read or is shorter. Post-parse SyntaxErrors get
/// their `text` from here.
pub fn program_text(filename: &str, lineno: i64) -> Option<String> {
    let index = usize::try_from(lineno).ok()?.checked_sub(1)?;
    let bytes = std::fs::read(filename).ok()?;
    let (encoding, body) = file_encoding(&bytes);
    let line = *file_lines(body).get(index)?;
    // `fgets` in text mode: a `\r\n` or `\r` break reads as `\n`.
    let (content, newline) = match line.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(i) => (&line[..i], true),
        None => (line, false),
    };
    let mut text = decode_as(&encoding, content, "replace")?;
    if newline {
        text.push('\n');
    }
    Some(text)
}

/// `linecache.updatecache`'s read (`tokenize.open`): the lines of a
/// source file decoded in the encoding its BOM or declaration names
/// (the BOM dropped), each with its line break; `None` when the file
/// cannot be read or does not decode.
pub fn source_file_lines(filename: &str) -> Option<Vec<String>> {
    let bytes = std::fs::read(filename).ok()?;
    let (encoding, body) = file_encoding(&bytes);
    let text = decode_as(&encoding, body, "strict")?;
    Some(text.split_inclusive(['\n', '\r']).fold(Vec::new(), |mut acc: Vec<String>, piece| {
        // Keep a `\r\n` pair together.
        if piece == "\n" && acc.last().is_some_and(|l| l.ends_with('\r')) {
            if let Some(l) = acc.last_mut() {
                l.push('\n');
            }
        } else {
            acc.push(piece.to_owned());
        }
        acc
    }))
}

/// `decode_str` (string reader) or the decoding of `tok_underflow_file`
/// (file reader): the text the lexer reads.
pub fn decode(input: &[u8], reader: Reader<'_>, exec_input: bool) -> Result<Decoded, SyntaxError> {
    let (translated, implicit_newline) = translate_newlines_bytes(input, exec_input);
    let (has_bom, body) = match translated.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, &translated[..]),
    };
    let mut encoding = has_bom.then(|| "utf-8".to_owned());
    let declaration = find_declaration(body);
    if let Some((cs, line_index)) = &declaration {
        if has_bom && cs != "utf-8" {
            let line = body.split_inclusive(|&b| b == b'\n').nth(*line_index).unwrap_or(b"");
            // `decode_str` passes line 1 without its newline, line 2 with.
            let size = match reader {
                Reader::String if *line_index == 0 => line.len() - 1,
                _ => line.len(),
            };
            return Err(bom_conflict(cs, line, size, *line_index as i64 + 1));
        }
        encoding = Some(cs.clone());
    }
    let done = |text: String, read_error| Decoded {
        text,
        implicit_newline,
        encoding: encoding.clone(),
        read_error,
    };
    match encoding.as_deref() {
        Some(name) if name != "utf-8" => {
            let Some(codec) = lookup_codec(name) else {
                let external = EXTERNAL_DECODER.get().and_then(|f| f(name, body, "strict"));
                let text = external
                    .ok_or_else(|| unlocated(format!("unknown encoding: {name}")))?
                    .map_err(unlocated)?;
                let (text, _) = translate_newlines_bytes(text.as_bytes(), false);
                return Ok(done(String::from_utf8(text).expect("translation keeps UTF-8"), None));
            };
            // A file is decoded from the end of the declaration line, less
            // one byte (`fp_setreadl` steps back to re-read the newline).
            let base = match (reader, &declaration) {
                (Reader::File(_), Some((_, i))) => {
                    body.split_inclusive(|&b| b == b'\n')
                        .take(i + 1)
                        .map(<[u8]>::len)
                        .sum::<usize>()
                        - 1
                }
                _ => 0,
            };
            let text = decode_with(codec, body, base).map_err(unlocated)?;
            let (text, _) = translate_newlines_bytes(text.as_bytes(), false);
            Ok(done(String::from_utf8(text).expect("translation keeps UTF-8"), None))
        }
        _ => {
            let Some((bad, error_len)) = first_invalid_utf8(body) else {
                // Valid UTF-8 throughout.
                return Ok(done(String::from_utf8_lossy(body).into_owned(), None));
            };
            let (line_start, lineno) = line_of(body, bad);
            let prefix = String::from_utf8_lossy(&body[..line_start]).into_owned();
            match reader {
                Reader::String => Err(non_utf8_error(body, bad, lineno, None)),
                Reader::File(filename) if encoding.is_none() => {
                    // Line 2 read after a line 1 with code is reported as
                    // line 1 by CPython 3.14.
                    let first = body.split(|&b| b == b'\n').next().unwrap_or(b"");
                    let fresh_lineno = if lineno == 2 && has_code(first) { 1 } else { lineno };
                    let fresh = non_utf8_error(body, bad, fresh_lineno, Some(filename));
                    let continued = non_utf8_error(body, bad, lineno, Some(filename));
                    Ok(done(prefix, Some(ReadError { fresh, continued })))
                }
                Reader::File(_) => {
                    let line = &body[line_start..];
                    let msg = utf8_error_message(line, bad - line_start, error_len, 0);
                    // The text is read back from the file, without the
                    // newline the tokenizer added.
                    let file = &body[..body.len() - usize::from(implicit_newline)];
                    let fresh = utf8_read_error(file, lineno, lineno, &msg);
                    let continued = utf8_read_error(file, lineno - 1, lineno, &msg);
                    Ok(done(prefix, Some(ReadError { fresh, continued })))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_names() {
        assert_eq!(normal_name("UTF_8"), "utf-8");
        assert_eq!(normal_name("utf-8-sig"), "utf-8");
        assert_eq!(normal_name("Latin-1"), "iso-8859-1");
        assert_eq!(normal_name("iso_latin_1-x"), "iso-8859-1");
        assert_eq!(normal_name("latin1"), "latin1");
        assert_eq!(normal_name("cp1252"), "cp1252");
    }

    #[test]
    fn coding_specs() {
        assert_eq!(coding_spec(b"# -*- coding: latin-1 -*-").as_deref(), Some("iso-8859-1"));
        assert_eq!(coding_spec(b"# vim: set fileencoding=ascii :").as_deref(), Some("ascii"));
        assert_eq!(coding_spec(b"x = 1 # coding: latin-1"), None);
        assert_eq!(coding_spec(b"# coding: "), None);
        assert_eq!(coding_spec(b"\x0c  #coding=koi8-r").as_deref(), Some("koi8-r"));
    }

    #[test]
    fn declaration_only_on_line_two_after_a_comment() {
        assert_eq!(find_declaration(b"#!x\n# coding: ascii\n").map(|d| d.1), Some(1));
        assert_eq!(find_declaration(b"x\n# coding: ascii\n"), None);
        assert_eq!(find_declaration(b"# coding: ascii"), None);
    }

    #[test]
    fn encodings_reported() {
        let enc = |b: &[u8]| decode(b, Reader::String, true).unwrap().encoding;
        assert_eq!(enc(b"x\n"), None);
        assert_eq!(enc(b"\xef\xbb\xbfx\n").as_deref(), Some("utf-8"));
        assert_eq!(enc(b"# coding: Latin_1\n").as_deref(), Some("iso-8859-1"));
        assert_eq!(enc(b"# coding: KOI8-R\n").as_deref(), Some("KOI8-R"));
    }

    #[test]
    fn codecs_decode() {
        assert_eq!(decode_with(Codec::Koi8R, b"\xc1\xe1", 0).unwrap(), "\u{430}\u{410}");
        assert_eq!(decode_with(Codec::Latin9, b"\xa4\xe9", 0).unwrap(), "\u{20ac}\u{e9}");
        assert_eq!(lookup_codec("ISO-8859-15"), Some(Codec::Latin9));
        assert_eq!(lookup_codec("us-ascii"), Some(Codec::Ascii));
        assert_eq!(lookup_codec("cp1252"), None);
        assert_eq!(
            decode_with(Codec::Utf8, b"ab\xe2\x82", 0).unwrap_err(),
            "'utf-8' codec can't decode bytes in position 2-3: unexpected end of data"
        );
    }
}
