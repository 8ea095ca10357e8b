//! Unicode character database services shared by the front end and the
//! `unicodedata` module. The tables are generated from CPython
//! 3.14's unicodedata (Unicode 16.0) by scripts under tools/.

pub mod ctype;
mod ctype_tables;
pub mod db;
mod db_tables;
mod name_tables;
pub mod names;

use unicode_normalization::UnicodeNormalization;

/// Hangul syllable (de)composition (Unicode 16.0, section 3.12;
/// Modules/unicodedata.c's `SBase`, `LBase`, ... `SCount`).
mod hangul {
    pub const S_BASE: u32 = 0xAC00;
    pub const L_BASE: u32 = 0x1100;
    pub const V_BASE: u32 = 0x1161;
    pub const T_BASE: u32 = 0x11A7;
    pub const L_COUNT: u32 = 19;
    pub const V_COUNT: u32 = 21;
    pub const T_COUNT: u32 = 28;
    pub const N_COUNT: u32 = V_COUNT * T_COUNT;
    pub const S_COUNT: u32 = L_COUNT * N_COUNT;
}

/// `unicodedata.normalize("NFKC", s)` (Modules/unicodedata.c `nfc_nfkc`
/// with `k` set), through the unicode-normalization crate, whose pinned
/// release carries the same Unicode 16.0 data.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalization_data_is_unicode_16() {
        assert_eq!(unicode_normalization::UNICODE_VERSION, (16, 0, 0));
        assert_eq!(super::names::UNIDATA_VERSION, "16.0.0");
    }

    #[test]
    fn nfkc_folds_compatibility_characters() {
        assert_eq!(super::nfkc("ﬁ𝐱ℌ"), "fixH");
        assert_eq!(super::nfkc("e\u{301}"), "é");
    }
}
