//! Unicode character database services shared by the front end and the
//! future `unicodedata` module. The tables are generated from CPython
//! 3.14's unicodedata (Unicode 16.0) by scripts under tools/.

mod name_tables;
pub mod names;
