//! Character types and case mappings (Objects/unicodectype.c): the
//! `_PyUnicode_Is*` predicates, `_PyUnicode_ToDecimalDigit` /
//! `ToDigit`, and the full case mappings `_PyUnicode_ToLowerFull` /
//! `ToUpperFull` / `ToTitleFull` / `ToFoldedFull`, read from the tables
//! tools/gen_unicode_ctype.py generates.

use super::ctype_tables::{EXTENDED_CASE, INDEX1, INDEX2, RECORDS, SHIFT};

const ALPHA: u16 = 0x01;
const DECIMAL: u16 = 0x02;
const DIGIT: u16 = 0x04;
const LOWER: u16 = 0x08;
const LINEBREAK: u16 = 0x10;
const SPACE: u16 = 0x20;
const TITLE: u16 = 0x40;
const UPPER: u16 = 0x80;
const XID_START: u16 = 0x100;
const XID_CONTINUE: u16 = 0x200;
const PRINTABLE: u16 = 0x400;
const NUMERIC: u16 = 0x800;
const CASE_IGNORABLE: u16 = 0x1000;
const CASED: u16 = 0x2000;
const EXTENDED: u16 = 0x4000;

type Record = (u16, i8, i8, i32, i32, i32, i32);

/// `gettyperecord`.
fn record(c: u32) -> &'static Record {
    let i = if c >= 0x110000 {
        0
    } else {
        let block = usize::from(INDEX1[(c >> SHIFT) as usize]);
        usize::from(INDEX2[(block << SHIFT) + (c as usize & ((1 << SHIFT) - 1))])
    };
    &RECORDS[i]
}

fn has(c: u32, flag: u16) -> bool {
    record(c).0 & flag != 0
}

/// `_PyUnicode_IsAlpha`.
pub fn is_alpha(c: u32) -> bool {
    has(c, ALPHA)
}
/// `_PyUnicode_IsDecimalDigit`.
pub fn is_decimal(c: u32) -> bool {
    has(c, DECIMAL)
}
/// `_PyUnicode_IsDigit`.
pub fn is_digit(c: u32) -> bool {
    has(c, DIGIT)
}
/// `_PyUnicode_IsNumeric`.
pub fn is_numeric(c: u32) -> bool {
    has(c, NUMERIC)
}
/// `_PyUnicode_IsLowercase`.
pub fn is_lower(c: u32) -> bool {
    has(c, LOWER)
}
/// `_PyUnicode_IsUppercase`.
pub fn is_upper(c: u32) -> bool {
    has(c, UPPER)
}
/// `_PyUnicode_IsTitlecase`.
pub fn is_title(c: u32) -> bool {
    has(c, TITLE)
}
/// `Py_UNICODE_ISSPACE` (`_PyUnicode_IsWhitespace`).
pub fn is_space(c: u32) -> bool {
    has(c, SPACE)
}
/// `_PyUnicode_IsLinebreak`.
pub fn is_linebreak(c: u32) -> bool {
    has(c, LINEBREAK)
}
/// `_PyUnicode_IsXidStart`.
pub fn is_xid_start(c: u32) -> bool {
    has(c, XID_START)
}
/// `_PyUnicode_IsXidContinue`.
pub fn is_xid_continue(c: u32) -> bool {
    has(c, XID_CONTINUE)
}
/// `_PyUnicode_IsPrintable`.
pub fn is_printable(c: u32) -> bool {
    has(c, PRINTABLE)
}
/// `_PyUnicode_IsCased`.
pub fn is_cased(c: u32) -> bool {
    has(c, CASED)
}
/// `_PyUnicode_IsCaseIgnorable`.
pub fn is_case_ignorable(c: u32) -> bool {
    has(c, CASE_IGNORABLE)
}
/// `Py_UNICODE_ISALNUM`.
pub fn is_alnum(c: u32) -> bool {
    has(c, ALPHA | DECIMAL | DIGIT | NUMERIC)
}

/// `_PyUnicode_ToDecimalDigit`: the decimal value, or `None`.
pub fn to_decimal(c: u32) -> Option<u32> {
    u32::try_from(record(c).1).ok()
}
/// `_PyUnicode_ToDigit`: the digit value, or `None`.
pub fn to_digit(c: u32) -> Option<u32> {
    u32::try_from(record(c).2).ok()
}

/// One full case mapping, written to `out`.
fn mapping(c: u32, field: i32, rec: &Record, out: &mut Vec<u32>) {
    if rec.0 & EXTENDED != 0 {
        let start = (field & 0xff_ffff) as usize;
        let len = (field >> 24) as usize;
        out.extend_from_slice(&EXTENDED_CASE[start..start + len]);
    } else {
        out.push(c.wrapping_add_signed(field));
    }
}

/// `_PyUnicode_ToLowerFull`.
pub fn to_lower_full(c: u32, out: &mut Vec<u32>) {
    let r = record(c);
    mapping(c, r.3, r, out);
}
/// `_PyUnicode_ToUpperFull`.
pub fn to_upper_full(c: u32, out: &mut Vec<u32>) {
    let r = record(c);
    mapping(c, r.4, r, out);
}
/// `_PyUnicode_ToTitleFull`.
pub fn to_title_full(c: u32, out: &mut Vec<u32>) {
    let r = record(c);
    mapping(c, r.5, r, out);
}
/// `_PyUnicode_ToFoldedFull`.
pub fn to_folded_full(c: u32, out: &mut Vec<u32>) {
    let r = record(c);
    mapping(c, r.6, r, out);
}

/// The simple mapping of `field`: for an extended entry its first code
/// point, as `_PyUnicode_ToLowercase` reads `_PyUnicode_ExtendedCase`.
fn simple(c: u32, field: i32, rec: &Record) -> u32 {
    if rec.0 & EXTENDED != 0 {
        EXTENDED_CASE[(field & 0xff_ffff) as usize]
    } else {
        c.wrapping_add_signed(field)
    }
}

/// `_PyUnicode_ToLowercase`: the simple mapping.
pub fn to_lower(c: u32) -> u32 {
    let r = record(c);
    simple(c, r.3, r)
}
/// `_PyUnicode_ToUppercase`: the simple mapping.
pub fn to_upper(c: u32) -> u32 {
    let r = record(c);
    simple(c, r.4, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(f: fn(u32, &mut Vec<u32>), s: &str) -> String {
        let mut v = Vec::new();
        for c in s.chars() {
            f(u32::from(c), &mut v);
        }
        v.into_iter().map(|c| char::from_u32(c).unwrap()).collect()
    }

    #[test]
    fn predicates() {
        assert!(is_alpha(u32::from('é')) && !is_alpha(u32::from('1')));
        assert!(is_decimal(u32::from('٣')) && to_decimal(u32::from('٣')) == Some(3));
        assert!(is_digit(0xB2) && !is_decimal(0xB2) && to_digit(0xB2) == Some(2));
        assert!(is_numeric(u32::from('一')) && !is_digit(u32::from('一')));
        assert!(is_space(0x1c) && is_space(0x3000) && !is_space(0x200b));
        assert!(is_linebreak(0x2028) && !is_linebreak(0x20));
        assert!(is_title(0x1c5) && is_upper(u32::from('A')) && is_lower(u32::from('ß')));
        assert!(is_xid_start(u32::from('µ')) && !is_xid_start(u32::from('1')) && is_xid_continue(u32::from('1')));
        assert!(!is_printable(0xad) && is_printable(0x20) && !is_printable(0x110000));
        assert!(is_case_ignorable(u32::from('\'')) && is_cased(u32::from('a')));
    }

    #[test]
    fn case_mappings() {
        assert_eq!(full(to_upper_full, "straße"), "STRASSE");
        assert_eq!(full(to_lower_full, "İA"), "i\u{307}a");
        assert_eq!(full(to_title_full, "ǆ"), "ǅ");
        assert_eq!(full(to_folded_full, "ßK"), "ssk");
        // The simple mapping of a character with a special casing is the
        // first code point of its full one, as `_PyUnicode_ToUppercase`
        // reads the extended table ('ß' -> 'S', 'İ' lowered -> 'i').
        assert_eq!(to_upper(u32::from('ß')), u32::from('S'));
        assert_eq!(to_lower(0x130), u32::from('i'));
    }
}
