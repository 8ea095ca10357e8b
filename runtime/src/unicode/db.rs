//! The Unicode character database behind `unicodedata`
//! (Modules/unicodedata.c's `_getrecord_ex` and friends) over the tables
//! tools/gen_unicode_db.py generates, plus normalization through the
//! unicode-normalization crate (same Unicode version).

use unicode_normalization::UnicodeNormalization;

use super::db_tables::*;
pub use super::db_tables::UNIDATA_VERSION;

type Record = (u8, u8, u8, u8, bool, u32);

fn record(cp: u32) -> &'static Record {
    if cp >= 0x110000 {
        return &RECORDS[0];
    }
    let block = usize::from(INDEX1[(cp >> SHIFT) as usize]);
    &RECORDS[usize::from(INDEX2[(block << SHIFT) + (cp as usize & ((1 << SHIFT) - 1))])]
}

/// `unicodedata.category`.
pub fn category(cp: u32) -> &'static str {
    CATEGORIES[usize::from(record(cp).0)]
}

/// `unicodedata.combining`: the canonical combining class.
pub fn combining(cp: u32) -> u8 {
    record(cp).1
}

/// `unicodedata.bidirectional`.
pub fn bidirectional(cp: u32) -> &'static str {
    BIDI[usize::from(record(cp).2)]
}

/// `unicodedata.east_asian_width`.
pub fn east_asian_width(cp: u32) -> &'static str {
    EAW[usize::from(record(cp).3)]
}

/// `unicodedata.mirrored`.
pub fn mirrored(cp: u32) -> bool {
    record(cp).4
}

/// `unicodedata.decomposition`: the tag (empty for canonical) and the
/// mapping, if any.
pub fn decomposition(cp: u32) -> Option<(&'static str, &'static [u32])> {
    let off = record(cp).5 as usize;
    if off == 0 {
        return None;
    }
    let head = DECOMP[off];
    let n = (head & 0xff) as usize;
    Some((TAGS[(head >> 8) as usize], &DECOMP[off + 1..off + 1 + n]))
}

/// `unicodedata.numeric`.
pub fn numeric(cp: u32) -> Option<f64> {
    NUMERIC.binary_search_by_key(&cp, |e| e.0).ok().map(|i| NUMERIC[i].1)
}

/// A normalization form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

/// `unicodedata.normalize`: lone surrogates (which no form changes and
/// which start a new segment) are kept as they are.
pub fn normalize(form: Form, cps: &[u32]) -> Vec<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_of_known_characters() {
        assert_eq!(category(u32::from('A')), "Lu");
        assert_eq!(category(0x301), "Mn");
        assert_eq!(combining(0x301), 230);
        assert_eq!(bidirectional(u32::from('A')), "L");
        assert_eq!(east_asian_width(0x4e00), "W");
        assert!(mirrored(u32::from('(')));
        assert_eq!(decomposition(0xe9), Some(("", &[0x65, 0x301][..])));
        assert_eq!(decomposition(0xfb01).map(|d| d.0), Some("<compat>"));
        assert_eq!(numeric(0xbd), Some(0.5));
        assert_eq!(normalize(Form::Nfd, &[0xe9]), vec![0x65, 0x301]);
        assert_eq!(normalize(Form::Nfc, &[0x65, 0x301, 0xd800]), vec![0xe9, 0xd800]);
    }
}
