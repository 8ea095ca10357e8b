//! The committed tokenizer corpus: runtime/tests/data/tokenize/expected.txt
//! holds, for a few hundred tricky inputs, the token stream and SyntaxError
//! CPython 3.14 produces (written by gen_corpus.py with the reference
//! interpreter). This test needs no reference interpreter.

mod tokenizer_common;

use tokenizer_common::{compare, parse_corpus};

#[test]
fn corpus_matches_cpython() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokenize/expected.txt");
    let text = std::fs::read_to_string(path).expect("corpus file");
    let cases = parse_corpus(&text);
    assert!(cases.len() > 400, "corpus too small: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = compare(case) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
