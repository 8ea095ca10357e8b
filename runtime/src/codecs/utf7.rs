//! The UTF-7 codec (RFC 2152), ported from Objects/unicodeobject.c
//! (`PyUnicode_DecodeUTF7Stateful`, `_PyUnicode_EncodeUTF7`). The
//! encoder writes Set O and whitespace directly and base64-encodes the
//! rest; the decoder accepts any ASCII byte but '+' as itself.

use super::DecodeInput;
use crate::errors::PyResult;

/// The codec's name in its decode errors.
const NAME: &str = "utf7";

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `IS_BASE64`.
fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// `FROM_BASE64`, for a byte `is_base64` accepts.
fn from_base64(b: u8) -> u64 {
    u64::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        _ => 63,
    })
}

/// `TO_BASE64`: the digit of the low six bits of `n`.
fn to_base64(n: u64) -> u8 {
    BASE64[(n & 0x3f) as usize]
}

/// `DECODE_DIRECT`: a byte that stands for itself outside a shift
/// sequence.
fn decode_direct(b: u8) -> bool {
    b <= 127 && b != b'+'
}

/// `ENCODE_DIRECT` with Set O and whitespace written directly (as
/// `utf_7_encode` asks): everything printable in ASCII but "+\~", and
/// tab, newline and carriage return.
fn encode_direct(c: u32) -> bool {
    match c {
        0x09 | 0x0a | 0x0d => true,
        0x20..=0x7e => !matches!(c as u8, b'+' | b'\\' | b'~'),
        _ => false,
    }
}

/// `_PyUnicode_EncodeUTF7(str, 0, 0, errors)`. Every code point has an
/// encoding (lone surrogates included), so there are no errors.
pub fn encode(s: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut in_shift = false;
    let mut bits = 0u32;
    let mut buffer = 0u64;
    for &c in s {
        if in_shift {
            if encode_direct(c) {
                if bits > 0 {
                    out.push(to_base64(buffer << (6 - bits)));
                    buffer = 0;
                    bits = 0;
                }
                in_shift = false;
                // Any other direct character ends the sequence by itself.
                if is_base64(c as u8) || c == u32::from(b'-') {
                    out.push(b'-');
                }
                out.push(c as u8);
                continue;
            }
        } else if c == u32::from(b'+') {
            out.extend_from_slice(b"+-");
            continue;
        } else if encode_direct(c) {
            out.push(c as u8);
            continue;
        } else {
            out.push(b'+');
            in_shift = true;
        }
        // Base64 of the UTF-16 form.
        let units = if c >= 0x10000 {
            let v = c - 0x10000;
            [Some(0xd800 | (v >> 10)), Some(0xdc00 | (v & 0x3ff))]
        } else {
            [Some(c), None]
        };
        for unit in units.into_iter().flatten() {
            bits += 16;
            buffer = (buffer << 16) | u64::from(unit);
            while bits >= 6 {
                out.push(to_base64(buffer >> (bits - 6)));
                bits -= 6;
            }
        }
    }
    if bits > 0 {
        out.push(to_base64(buffer << (6 - bits)));
    }
    if in_shift {
        out.push(b'-');
    }
    out
}

/// `PyUnicode_DecodeUTF7Stateful`: the text and how many bytes were
/// consumed. Unless `final_`, a shift sequence still open at the end is
/// left unconsumed (with its output), since its bit state is not kept.
pub fn decode(data: Vec<u8>, errs: &str, final_: bool) -> PyResult<(Vec<u32>, usize)> {
    let size = data.len();
    let mut input = DecodeInput::new(data);
    let mut out: Vec<u32> = Vec::new();
    crate::objects::unicode_methods::reserve(&mut out, size)?;
    let mut in_shift = false;
    // Where the current shift sequence starts, in the input and output.
    let mut start = 0;
    let mut shift_out_start = 0;
    let mut bits = 0u32;
    let mut buffer = 0u64;
    let mut surrogate = 0u32;
    let mut i = 0;
    loop {
        while i < input.data().len() {
            let ch = input.data()[i];
            let reason;
            if in_shift {
                if is_base64(ch) {
                    buffer = (buffer << 6) | from_base64(ch);
                    bits += 6;
                    i += 1;
                    if bits >= 16 {
                        let unit = (buffer >> (bits - 16)) as u32;
                        bits -= 16;
                        buffer &= (1 << bits) - 1;
                        if surrogate != 0 {
                            if (0xdc00..0xe000).contains(&unit) {
                                out.push(0x10000 + ((surrogate - 0xd800) << 10) + (unit - 0xdc00));
                                surrogate = 0;
                                continue;
                            }
                            out.push(surrogate);
                            surrogate = 0;
                        }
                        if (0xd800..0xdc00).contains(&unit) {
                            surrogate = unit;
                        } else {
                            out.push(unit);
                        }
                    }
                    continue;
                }
                // Leaving the base64 section: leftover bits must be
                // fewer than a digit's and zero.
                in_shift = false;
                if bits >= 6 {
                    i += 1;
                    reason = "partial character in shift sequence";
                } else if bits > 0 && buffer != 0 {
                    i += 1;
                    reason = "non-zero padding bits in shift sequence";
                } else {
                    if surrogate != 0 && decode_direct(ch) {
                        out.push(surrogate);
                    }
                    surrogate = 0;
                    // '-' is absorbed; another terminator is itself.
                    if ch == b'-' {
                        i += 1;
                    }
                    continue;
                }
            } else if ch == b'+' {
                start = i;
                i += 1;
                match input.data().get(i) {
                    Some(b'-') => {
                        i += 1;
                        out.push(u32::from(b'+'));
                        continue;
                    }
                    Some(&next) if !is_base64(next) => {
                        i += 1;
                        reason = "ill-formed sequence";
                    }
                    _ => {
                        in_shift = true;
                        surrogate = 0;
                        shift_out_start = out.len();
                        bits = 0;
                        buffer = 0;
                        continue;
                    }
                }
            } else if decode_direct(ch) {
                i += 1;
                out.push(u32::from(ch));
                continue;
            } else {
                start = i;
                i += 1;
                reason = "unexpected special character";
            }
            i = input.error(errs, NAME, reason, start, i, &mut out)?;
        }
        if in_shift && final_ {
            // No more input: an unfinished character is an error.
            in_shift = false;
            if surrogate != 0 || bits >= 6 || (bits > 0 && buffer != 0) {
                let end = input.data().len();
                i = input.error(errs, NAME, "unterminated shift sequence", start, end, &mut out)?;
                if i < input.data().len() {
                    continue;
                }
            }
        }
        break;
    }
    if final_ {
        return Ok((out, size));
    }
    if in_shift {
        out.truncate(shift_out_start);
        return Ok((out, start));
    }
    Ok((out, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    #[test]
    fn encodes_like_rfc_2152() {
        assert_eq!(encode(&cps("Hi Mom -\u{263a}-!")), b"Hi Mom -+Jjo--!");
        assert_eq!(encode(&cps("A\u{2262}\u{391}.")), b"A+ImIDkQ.");
        assert_eq!(encode(&cps("1+1")), b"1+-1");
        assert_eq!(encode(&cps("\u{1f600}")), b"+2D3eAA-");
        assert_eq!(encode(&[0xd800]), b"+2AA-");
    }

    #[test]
    fn decodes_and_stops_before_an_open_shift() {
        assert_eq!(decode(b"Hi Mom -+Jjo--!".to_vec(), "strict", true).unwrap(), (cps("Hi Mom -\u{263a}-!"), 15));
        assert_eq!(decode(b"+2D3eAA-".to_vec(), "strict", true).unwrap(), (cps("\u{1f600}"), 8));
        assert_eq!(decode(b"a+2D3e".to_vec(), "strict", false).unwrap(), (cps("a"), 1));
        assert_eq!(decode(b"a+-b+".to_vec(), "strict", false).unwrap(), (cps("a+b"), 4));
    }
}
