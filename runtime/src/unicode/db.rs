//! The Unicode character database behind `unicodedata`
//! (Modules/unicodedata.c's `_getrecord_ex` and friends) over the tables
//! tools/gen_unicode_db.py generates, plus normalization through the
//! unicode-normalization crate (same Unicode version).
//!
//! Every property takes the database version to answer for: `None` for
//! the current one, or a [`PreviousVersion`] (only Unicode 3.2.0, which
//! IDNA and stringprep use), whose change records override the current
//! data (`UCD_Check(self)` and `get_old_record` in unicodedata.c). Its
//! normalization is the port of `nfd_nfkd` / `nfc_nfkc` below.

use unicode_normalization::UnicodeNormalization;

use super::ctype;
use super::db_tables::*;
pub use super::db_tables::UNIDATA_VERSION;
use super::hangul::{L_BASE, L_COUNT, N_COUNT, S_BASE, S_COUNT, T_BASE, T_COUNT, V_BASE, V_COUNT};

type Record = (u8, u8, u8, u8, bool, u32);

fn record(cp: u32) -> &'static Record {
    if cp >= 0x110000 {
        return &RECORDS[0];
    }
    let block = usize::from(INDEX1[(cp >> SHIFT) as usize]);
    &RECORDS[usize::from(INDEX2[(block << SHIFT) + (cp as usize & ((1 << SHIFT) - 1))])]
}

/// The 3.2.0 (category, bidi class, east asian width, mirrored, decimal
/// or -1, numeric value) of a code point whose values changed since.
type ChangeRecord = (u8, u8, u8, bool, i8, Option<f64>);

/// A previous version of the database (`PreviousDBVersion`): what
/// differs from the current data.
pub struct PreviousVersion {
    /// `unidata_version`.
    pub unidata_version: &'static str,
    /// Runs of code points, (first code point, index into `records` or
    /// `NO_CHANGE`), sorted and starting at 0.
    changes: &'static [(u32, u8)],
    records: &'static [ChangeRecord],
    /// The normalization corrections (`normalization_3_2_0`): (code
    /// point, the character it decomposes to instead), sorted.
    normalization: &'static [(u32, u32)],
}

/// `unicodedata.ucd_3_2_0`'s database.
pub static UCD_3_2_0: PreviousVersion = PreviousVersion {
    unidata_version: UNIDATA_VERSION_3_2_0,
    changes: &CHANGES_3_2_0,
    records: &CHANGE_RECORDS_3_2_0,
    normalization: &NORMALIZATION_3_2_0,
};

impl PreviousVersion {
    /// `getrecord` (`get_change_3_2_0`): the old values of `cp`, if they
    /// differ from the current ones.
    fn change(&self, cp: u32) -> Option<&'static ChangeRecord> {
        let run = self.changes.partition_point(|r| r.0 <= cp).saturating_sub(1);
        let index = self.changes[run].1;
        (index != NO_CHANGE).then(|| &self.records[usize::from(index)])
    }

    /// Whether `cp` was unassigned in this version (`category_changed == 0`):
    /// then it has no properties beyond the defaults.
    fn unassigned(&self, cp: u32) -> bool {
        self.change(cp).is_some_and(|r| r.0 == 0)
    }

    /// `normalization`: the character `cp` decomposes to in this version
    /// instead of its current decomposition.
    fn correction(&self, cp: u32) -> Option<u32> {
        self.normalization.binary_search_by_key(&cp, |e| e.0).ok().map(|i| self.normalization[i].1)
    }
}

/// The old values of `cp` under `old`, if any.
fn change(old: Option<&PreviousVersion>, cp: u32) -> Option<&'static ChangeRecord> {
    old.and_then(|o| o.change(cp))
}

/// Whether `cp` was unassigned in `old`.
pub fn unassigned(old: Option<&PreviousVersion>, cp: u32) -> bool {
    old.is_some_and(|o| o.unassigned(cp))
}

/// `unicodedata.category`.
pub fn category(old: Option<&PreviousVersion>, cp: u32) -> &'static str {
    CATEGORIES[usize::from(change(old, cp).map_or(record(cp).0, |r| r.0))]
}

/// `unicodedata.combining`: the canonical combining class.
pub fn combining(old: Option<&PreviousVersion>, cp: u32) -> u8 {
    if unassigned(old, cp) { 0 } else { record(cp).1 }
}

/// `unicodedata.bidirectional`.
pub fn bidirectional(old: Option<&PreviousVersion>, cp: u32) -> &'static str {
    BIDI[usize::from(change(old, cp).map_or(record(cp).2, |r| r.1))]
}

/// `unicodedata.east_asian_width`.
pub fn east_asian_width(old: Option<&PreviousVersion>, cp: u32) -> &'static str {
    EAW[usize::from(change(old, cp).map_or(record(cp).3, |r| r.2))]
}

/// `unicodedata.mirrored`.
pub fn mirrored(old: Option<&PreviousVersion>, cp: u32) -> bool {
    change(old, cp).map_or(record(cp).4, |r| r.3)
}

/// `unicodedata.decomposition`: the tag (empty for canonical) and the
/// mapping, if any.
pub fn decomposition(old: Option<&PreviousVersion>, cp: u32) -> Option<(&'static str, &'static [u32])> {
    let off = record(cp).5 as usize;
    if off == 0 || unassigned(old, cp) {
        return None;
    }
    let head = DECOMP[off];
    let n = (head & 0xff) as usize;
    Some((TAGS[(head >> 8) as usize], &DECOMP[off + 1..off + 1 + n]))
}

/// `unicodedata.decimal` (`Py_UNICODE_TODECIMAL` unless changed).
pub fn decimal(old: Option<&PreviousVersion>, cp: u32) -> Option<u32> {
    match change(old, cp) {
        Some(r) => u32::try_from(r.4).ok(),
        None => ctype::is_decimal(cp).then(|| ctype::to_decimal(cp)).flatten(),
    }
}

/// `unicodedata.numeric`.
pub fn numeric(old: Option<&PreviousVersion>, cp: u32) -> Option<f64> {
    match change(old, cp) {
        Some(r) => r.5,
        None => NUMERIC.binary_search_by_key(&cp, |e| e.0).ok().map(|i| NUMERIC[i].1),
    }
}

/// A normalization form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

/// `unicodedata.normalize`. For the current version, through the
/// unicode-normalization crate: lone surrogates (which no form changes
/// and which start a new segment) are kept as they are.
pub fn normalize(old: Option<&PreviousVersion>, form: Form, cps: &[u32]) -> Vec<u32> {
    if let Some(old) = old {
        return match form {
            Form::Nfc => nfc_nfkc(old, cps, false),
            Form::Nfd => nfd_nfkd(old, cps, false),
            Form::Nfkc => nfc_nfkc(old, cps, true),
            Form::Nfkd => nfd_nfkd(old, cps, true),
        };
    }
    let mut out = Vec::with_capacity(cps.len());
    for seg in cps.split_inclusive(|&c| (0xd800..0xe000).contains(&c)) {
        let (text, sur) = match seg.last() {
            Some(&c) if (0xd800..0xe000).contains(&c) => (&seg[..seg.len() - 1], Some(c)),
            _ => (seg, None),
        };
        let s: String = text.iter().filter_map(|&c| char::from_u32(c)).collect();
        let n: Vec<u32> = match form {
            Form::Nfc => s.nfc().map(u32::from).collect(),
            Form::Nfd => s.nfd().map(u32::from).collect(),
            Form::Nfkc => s.nfkc().map(u32::from).collect(),
            Form::Nfkd => s.nfkd().map(u32::from).collect(),
        };
        out.extend(n);
        out.extend(sur);
    }
    out
}

/// `nfd_nfkd` under a previous version: the full (compatibility, with
/// `k`) decomposition, in canonical order. Characters unassigned in that
/// version do not decompose and its corrections apply; Hangul syllables,
/// the combining classes of the reordering and everything else come
/// from the current data, as in CPython.
fn nfd_nfkd(old: &PreviousVersion, input: &[u32], k: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(input.len());
    let mut stack = Vec::new();
    for &c in input {
        stack.push(c);
        while let Some(code) = stack.pop() {
            if (S_BASE..S_BASE + S_COUNT).contains(&code) {
                let s = code - S_BASE;
                out.push(L_BASE + s / N_COUNT);
                out.push(V_BASE + (s % N_COUNT) / T_COUNT);
                if s % T_COUNT != 0 {
                    out.push(T_BASE + s % T_COUNT);
                }
                continue;
            }
            if let Some(v) = old.correction(code) {
                stack.push(v);
                continue;
            }
            match decomposition(Some(old), code) {
                Some((tag, mapping)) if k || tag.is_empty() => stack.extend(mapping.iter().rev()),
                _ => out.push(code),
            }
        }
    }
    // Canonical ordering: each non-starter moves back past the
    // non-starters of a higher class before it.
    for i in 1..out.len() {
        let cur = record(out[i]).1;
        let mut o = i;
        while cur != 0 && o > 0 {
            let prev = record(out[o - 1]).1;
            if prev == 0 || prev <= cur {
                break;
            }
            out.swap(o - 1, o);
            o -= 1;
        }
    }
    out
}

/// `nfc_nfkc` under a previous version: [`nfd_nfkd`], then canonical
/// composition (with the current primary composites).
fn nfc_nfkc(old: &PreviousVersion, input: &[u32], k: bool) -> Vec<u32> {
    let s = nfd_nfkd(old, input, k);
    let mut out = Vec::with_capacity(s.len());
    // The positions already composed into an earlier starter.
    let mut skipped = vec![false; s.len()];
    let mut i = 0;
    while i < s.len() {
        if skipped[i] {
            i += 1;
            continue;
        }
        let code = s[i];
        // Hangul: the input is decomposed, so only <L, V> and <L, V, T>.
        if (L_BASE..L_BASE + L_COUNT).contains(&code) && s.get(i + 1).is_some_and(|v| (V_BASE..V_BASE + V_COUNT).contains(v)) {
            let mut syllable = S_BASE + ((code - L_BASE) * V_COUNT + (s[i + 1] - V_BASE)) * T_COUNT;
            i += 2;
            if let Some(&t) = s.get(i).filter(|&&t| T_BASE < t && t < T_BASE + T_COUNT) {
                syllable += t - T_BASE;
                i += 1;
            }
            out.push(syllable);
            continue;
        }
        // Combine the starter with each unblocked character after it.
        let mut composed = code;
        let mut blocking = 0;
        for (j, &next) in s.iter().enumerate().skip(i + 1) {
            let class = record(next).1;
            if blocking != 0 {
                if class == 0 {
                    break;
                }
                if blocking >= class {
                    continue;
                }
            }
            match compose(composed, next) {
                Some(c) => {
                    composed = c;
                    skipped[j] = true;
                }
                None if class == 0 => break,
                None => blocking = class,
            }
        }
        out.push(composed);
        i += 1;
    }
    out
}

/// The primary composite of `a` and `b` (unicodedata.c's `comp_data`
/// lookup), if any.
fn compose(a: u32, b: u32) -> Option<u32> {
    let (a, b) = (char::from_u32(a)?, char::from_u32(b)?);
    unicode_normalization::char::compose(a, b).map(u32::from)
}

#[cfg(test)]
#[path = "db_3_2_0_cases.rs"]
mod cases_3_2_0;

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const FORMS: [Form; 4] = [Form::Nfc, Form::Nfd, Form::Nfkc, Form::Nfkd];

    #[test]
    fn properties_of_known_characters() {
        assert_eq!(category(None, u32::from('A')), "Lu");
        assert_eq!(category(None, 0x301), "Mn");
        assert_eq!(combining(None, 0x301), 230);
        assert_eq!(bidirectional(None, u32::from('A')), "L");
        assert_eq!(east_asian_width(None, 0x4e00), "W");
        assert!(mirrored(None, u32::from('(')));
        assert_eq!(decomposition(None, 0xe9), Some(("", &[0x65, 0x301][..])));
        assert_eq!(decomposition(None, 0xfb01).map(|d| d.0), Some("<compat>"));
        assert_eq!(numeric(None, 0xbd), Some(0.5));
        assert_eq!(decimal(None, u32::from('7')), Some(7));
        assert_eq!(normalize(None, Form::Nfd, &[0xe9]), vec![0x65, 0x301]);
        assert_eq!(normalize(None, Form::Nfc, &[0x65, 0x301, 0xd800]), vec![0xe9, 0xd800]);
    }

    #[test]
    fn unicode_3_2_0_properties() {
        let old = Some(&UCD_3_2_0);
        assert_eq!(UCD_3_2_0.unidata_version, "3.2.0");
        // U+1B06 BALINESE LETTER AKARA TEDUNG came with Unicode 5.0.
        assert_eq!((category(old, 0x1b06), category(None, 0x1b06)), ("Cn", "Lo"));
        assert_eq!((bidirectional(old, 0x1b06), decomposition(old, 0x1b06)), ("", None));
        assert!(decomposition(None, 0x1b06).is_some());
        // U+0345 COMBINING GREEK YPOGEGRAMMENI was Mn in both, with class 240.
        assert_eq!((category(old, 0x345), combining(old, 0x345)), ("Mn", 240));
        assert_eq!(decimal(old, u32::from('7')), Some(7));
        assert!(unassigned(old, 0x2a700) && !unassigned(old, 0x4e00) && !unassigned(None, 0x2a700));
        // A corrected decomposition: U+2F868 went to U+2136A in 3.2.0.
        assert_eq!(normalize(old, Form::Nfd, &[0x2f868]), vec![0x2136a]);
        assert_eq!(normalize(old, Form::Nfc, &[0x1100, 0x1161, 0x11a8, 0x65, 0x301]), vec![0xac01, 0xe9]);
    }

    /// Every code point and every canonical pair in each form: the 3.2.0
    /// normalization equals the reference's where it differs from the
    /// current one (the generated cases) and the current one elsewhere.
    #[test]
    fn unicode_3_2_0_normalization_matches_the_reference() {
        let expected: HashMap<(&[u32], u8), &[u32]> =
            cases_3_2_0::CASES.iter().map(|&(text, form, out)| ((text, form), out)).collect();
        let pairs = (0..0x110000).filter_map(|cp| match decomposition(None, cp) {
            Some(("", mapping)) if mapping.len() == 2 => Some(mapping.to_vec()),
            _ => None,
        });
        let mut checked = 0;
        for text in (0..0x110000).map(|cp| vec![cp]).chain(pairs) {
            for (i, &form) in FORMS.iter().enumerate() {
                let got = normalize(Some(&UCD_3_2_0), form, &text);
                let want = match expected.get(&(&text[..], i as u8)) {
                    Some(out) => {
                        checked += 1;
                        out.to_vec()
                    }
                    None => normalize(None, form, &text),
                };
                assert_eq!(got, want, "{text:x?} in form {i}");
            }
        }
        assert_eq!(checked, cases_3_2_0::CASES.len());
    }
}
