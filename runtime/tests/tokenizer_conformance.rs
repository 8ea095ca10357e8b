//! Conformance with CPython 3.14's C tokenizer on the reference standard
//! library: every .py file of the reference Lib (Lib/test included), read
//! as bytes, is decoded and tokenized by rupy and by CPython (through
//! runtime/tests/data/tokenize/dump_lib_tokens.py) and the token streams
//! and errors compared. Needs the reference interpreter: set
//! RUPY_REF_PYTHON; skipped otherwise.

mod tokenizer_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rupy::parser::tokenizer::{Config, Tokenizer};
use tokenizer_common::{compare, error_fields, parse_corpus, ExpectedError};

/// The reference interpreter, from RUPY_REF_PYTHON (scripts/test.sh sets it
/// from scripts/fetch-cpython.sh), as every conformance test takes it.
fn reference_python() -> Option<PathBuf> {
    std::env::var_os("RUPY_REF_PYTHON").map(PathBuf::from)
}

fn run(python: &Path, args: &[&str]) -> String {
    let out = Command::new(python).args(args).output().expect("run the reference python");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn reference_lib_token_streams_match() {
    let Some(python) = reference_python() else {
        println!("skipped: set RUPY_REF_PYTHON to run");
        return;
    };
    let lib = run(&python, &["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]);
    let lib = PathBuf::from(lib.trim());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokenize/dump_lib_tokens.py");
    let dump = run(&python, &[script, lib.to_str().expect("utf-8 path")]);
    let mut cases = parse_corpus(&dump);
    let mut failures = Vec::new();
    for case in &mut cases {
        let bytes = std::fs::read(lib.join(&case.name)).expect("read Lib file");
        // Decode as compile(bytes) does, then compare the tokens of the text.
        let why = match Tokenizer::from_bytes(&bytes, Config::default()) {
            Ok(t) => {
                case.src = t.source().to_owned();
                compare(case).err()
            }
            Err(e) => match &case.error {
                ExpectedError::Exact(want) if case.tokens.is_empty() && *want == error_fields(&e) => None,
                want => Some(format!("decoding fails with {e:?}, want {want:?}")),
            },
        };
        if let Some(why) = why {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    let total = cases.len();
    let same = total - failures.len();
    println!(
        "tokenizer conformance: {same}/{total} files identical ({:.2}%)",
        100.0 * same as f64 / total.max(1) as f64
    );
    for f in failures.iter().take(20) {
        println!("  {}", f.chars().take(300).collect::<String>());
    }
    assert!(total > 1000, "too few files found under {}", lib.display());
    assert!(failures.is_empty(), "{} files differ", failures.len());
}
