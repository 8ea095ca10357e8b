//! The Unicode character-name database: a port of the name services of
//! Modules/unicodedata.c (`_getucname`, `_getcode`, `find_syllable`,
//! `_check_alias_and_seq`), as the unicode-escape codec's `\N{...}` and
//! `unicodedata.name`/`lookup` use them.
//!
//! The explicit names are stored in names.bin (layout described in
//! tools/gen_unicode_names.py, which generates it with name_tables.rs from
//! the reference interpreter); Hangul syllables, CJK unified ideographs and
//! (for lookups) Tangut ideographs have computed names. Named sequences
//! (`unicodedata.lookup` of e.g. "LATIN CAPITAL LETTER A WITH MACRON AND
//! GRAVE") are not in the tables: the codec never accepts them.

use std::cmp::Ordering;

pub use super::name_tables::UNIDATA_VERSION;
use super::hangul::{N_COUNT, S_BASE, S_COUNT, T_COUNT, V_COUNT};
use super::name_tables::{
    ALIASES, BLOCK, CJK_UNIFIED, LEXICON_LEN, NAME_COUNT, PHRASE_LEN, TANGUT, WORD_COUNT,
};

static BLOB: &[u8] = include_bytes!("names.bin");

const WORD_ENDS: usize = 0;
const LEXICON: usize = WORD_ENDS + 4 * WORD_COUNT;
const NAME_CPS: usize = LEXICON + LEXICON_LEN;
const BLOCK_STARTS: usize = NAME_CPS + 4 * NAME_COUNT;
const BY_NAME: usize = BLOCK_STARTS + 4 * NAME_COUNT.div_ceil(BLOCK);
const PHRASES: usize = BY_NAME + 2 * NAME_COUNT;

const HANGUL_PREFIX: &str = "HANGUL SYLLABLE ";
const CJK_PREFIX: &str = "CJK UNIFIED IDEOGRAPH-";
const TANGUT_PREFIX: &str = "TANGUT IDEOGRAPH-";

/// The short names of the leading consonants, vowels and trailing
/// consonants (Jamo.txt), the columns of CPython's `hangul_syllables`.
const JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

fn u32_at(off: usize) -> u32 {
    u32::from_le_bytes([BLOB[off], BLOB[off + 1], BLOB[off + 2], BLOB[off + 3]])
}

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp))
}

/// Word `i` of the lexicon.
fn word(i: usize) -> &'static [u8] {
    let start = if i == 0 {
        0
    } else {
        u32_at(WORD_ENDS + 4 * (i - 1)) as usize
    };
    let end = u32_at(WORD_ENDS + 4 * i) as usize;
    &BLOB[LEXICON + start..LEXICON + end]
}

/// Decodes one LEB128 varint of PHRASES at `*pos`.
fn varint(pos: &mut usize) -> usize {
    let phrases = &BLOB[PHRASES..PHRASES + PHRASE_LEN];
    let (mut v, mut shift) = (0usize, 0);
    loop {
        let b = phrases[*pos];
        *pos += 1;
        v |= usize::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

/// Appends the stored name number `idx` (in code point order) to `out`.
fn stored_name(idx: usize, out: &mut Vec<u8>) {
    let mut pos = u32_at(BLOCK_STARTS + 4 * (idx / BLOCK)) as usize;
    for _ in 0..idx % BLOCK {
        while varint(&mut pos) % 3 != 0 {}
    }
    loop {
        let v = varint(&mut pos);
        out.extend_from_slice(word(v / 3));
        match v % 3 {
            0 => return,
            1 => out.push(b' '),
            _ => out.push(b'-'),
        }
    }
}

fn stored_cp(idx: usize) -> u32 {
    u32_at(NAME_CPS + 4 * idx)
}

/// `_getucname` without aliases and named sequences: the name of `cp`, as
/// `unicodedata.name` gives it.
pub fn name(cp: u32) -> Option<String> {
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        let (l, v, t) = (s / N_COUNT, (s % N_COUNT) / T_COUNT, s % T_COUNT);
        return Some(format!(
            "{HANGUL_PREFIX}{}{}{}",
            JAMO_L[l as usize], JAMO_V[v as usize], JAMO_T[t as usize]
        ));
    }
    if in_ranges(CJK_UNIFIED, cp) {
        return Some(format!("{CJK_PREFIX}{cp:X}"));
    }
    let pos = binary_search(NAME_COUNT, |i| stored_cp(i).cmp(&cp))?;
    let mut out = Vec::new();
    stored_name(pos, &mut out);
    Some(String::from_utf8(out).expect("names are ASCII"))
}

/// The index in `0..n` at which `cmp` gives `Equal`, for a `cmp` ordered
/// like a sorted slice's elements against the target.
fn binary_search(n: usize, mut cmp: impl FnMut(usize) -> Ordering) -> Option<usize> {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match cmp(mid) {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// `find_syllable`: the longest jamo name of `column` that starts `s`, as
/// (index, length); the empty name matches when nothing longer does.
fn find_syllable(s: &str, column: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, jamo) in column.iter().enumerate() {
        if best.is_none_or(|(_, len)| jamo.len() > len) && s.starts_with(jamo) {
            best = Some((i, jamo.len()));
        }
    }
    best
}

/// The code point of a `<prefix><hex>` name: 4 or 5 upper-case hex digits
/// without a leading zero beyond four digits, inside `ranges`.
fn hex_suffix(digits: &str, ranges: &[(u32, u32)]) -> Option<u32> {
    if !(4..=5).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(digits, 16).ok()?;
    (format!("{v:04X}") == digits && in_ranges(ranges, v)).then_some(v)
}

/// `_getcode` followed by `_check_alias_and_seq` without named sequences:
/// the code point named `name` (compared case-insensitively), an alias
/// resolved to its character. This is what `\N{name}` accepts.
pub fn lookup(name: &str) -> Option<u32> {
    let name = name.to_ascii_uppercase();
    lookup_upper(&name).or_else(|| {
        ALIASES
            .binary_search_by(|(alias, _)| alias.cmp(&name.as_str()))
            .ok()
            .map(|i| ALIASES[i].1)
    })
}

/// [`lookup`] without aliases, as the Unicode 3.2.0 database
/// (`unicodedata.ucd_3_2_0.lookup`), which had none, answers.
pub fn lookup_without_aliases(name: &str) -> Option<u32> {
    lookup_upper(&name.to_ascii_uppercase())
}

/// The code point whose name (or computed name) is `name`, in upper case.
fn lookup_upper(name: &str) -> Option<u32> {
    if let Some(rest) = name.strip_prefix(HANGUL_PREFIX) {
        let (l, l_len) = find_syllable(rest, &JAMO_L)?;
        let rest = &rest[l_len..];
        let (v, v_len) = find_syllable(rest, &JAMO_V)?;
        let rest = &rest[v_len..];
        let (t, t_len) = find_syllable(rest, &JAMO_T)?;
        if t_len != rest.len() {
            return None;
        }
        return Some(S_BASE + (l as u32 * V_COUNT + v as u32) * T_COUNT + t as u32);
    }
    if let Some(digits) = name.strip_prefix(CJK_PREFIX) {
        return hex_suffix(digits, CJK_UNIFIED);
    }
    if let Some(cp) = name
        .strip_prefix(TANGUT_PREFIX)
        .and_then(|d| hex_suffix(d, TANGUT))
    {
        return Some(cp);
    }
    let by_name = |i: usize| {
        usize::from(u16::from_le_bytes([
            BLOB[BY_NAME + 2 * i],
            BLOB[BY_NAME + 2 * i + 1],
        ]))
    };
    let mut buf = Vec::with_capacity(96);
    let found = binary_search(NAME_COUNT, |i| {
        let idx = by_name(i);
        buf.clear();
        stored_name(idx, &mut buf);
        buf.as_slice().cmp(name.as_bytes())
    });
    found.map(|i| stored_cp(by_name(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_the_blob() {
        assert_eq!(PHRASES + PHRASE_LEN, BLOB.len());
    }

    #[test]
    fn every_stored_name_round_trips() {
        let mut buf = Vec::new();
        for idx in 0..NAME_COUNT {
            buf.clear();
            stored_name(idx, &mut buf);
            let text = std::str::from_utf8(&buf).unwrap();
            assert_eq!(lookup(text), Some(stored_cp(idx)), "{text}");
            assert_eq!(name(stored_cp(idx)).as_deref(), Some(text));
        }
    }

    /// Answers of CPython 3.14's `unicodedata.name` and `lookup`.
    #[test]
    fn names_and_lookups_match_cpython() {
        for (cp, want) in [
            (0xAC00, Some("HANGUL SYLLABLE GA")),
            (0xD7A3, Some("HANGUL SYLLABLE HIH")),
            (0x4E00, Some("CJK UNIFIED IDEOGRAPH-4E00")),
            (0xF900, Some("CJK COMPATIBILITY IDEOGRAPH-F900")),
            (0x41, Some("LATIN CAPITAL LETTER A")),
            (0xE0100, Some("VARIATION SELECTOR-17")),
            (0x1F600, Some("GRINNING FACE")),
            (0x18800, Some("TANGUT COMPONENT-001")),
            (0x0, None),
            (0x10FFFF, None),
            (0xFDD0, None),
            (0x17000, None),
            (0xD800, None),
        ] {
            assert_eq!(name(cp).as_deref(), want, "{cp:#x}");
        }
        for (text, want) in [
            ("TANGUT IDEOGRAPH-17000", Some(0x17000)),
            ("tangut ideograph-18d08", Some(0x18D08)),
            ("TANGUT IDEOGRAPH-18D09", None),
            ("TANGUT IDEOGRAPH-017000", None),
            ("CJK UNIFIED IDEOGRAPH-2a6df", Some(0x2A6DF)),
            ("CJK UNIFIED IDEOGRAPH-04E00", None),
            ("CJK UNIFIED IDEOGRAPH-4E0", None),
            ("CJK UNIFIED IDEOGRAPH-4DC0", None),
            ("CJK UNIFIED IDEOGRAPH-", None),
            ("HANGUL SYLLABLE GAGG", Some(0xAC02)),
            ("HANGUL SYLLABLE GGAGG", Some(0xAE4E)),
            ("hangul syllable Gags", Some(0xAC03)),
            ("HANGUL SYLLABLE I", Some(0xC774)),
            ("HANGUL SYLLABLE YI", Some(0xC758)),
            ("HANGUL SYLLABLE KK", None),
            ("HANGUL SYLLABLE GAGX", None),
            ("HANGUL SYLLABLE ", None),
            ("LATIN SMALL LETTER Ä", None),
            ("latin small letter a ", None),
            ("line feed", Some(0xA)),
            ("LF", Some(0xA)),
            ("BEL", Some(0x7)),
            ("BYTE ORDER MARK", Some(0xFEFF)),
            ("hyphen-minus", Some(0x2D)),
            ("TIBETAN LETTER -A", Some(0xF60)),
            ("LATIN CAPITAL LETTER A WITH MACRON AND GRAVE", None),
            ("", None),
        ] {
            assert_eq!(lookup(text), want, "{text}");
        }
    }
}
