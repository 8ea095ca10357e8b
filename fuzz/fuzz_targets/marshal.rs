//! Loads arbitrary bytes as marshal data and as a .pyc: an error value or a
//! value, never a panic; what loads must dump and load back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rupy::marshal;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = marshal::loads(data) {
        let again = marshal::loads(&marshal::dumps(&v)).expect("dumped data loads");
        assert_eq!(format!("{again:?}"), format!("{v:?}"));
    }
    let _ = marshal::load_pyc(data);
});
