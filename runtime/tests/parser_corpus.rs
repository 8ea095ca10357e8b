//! The parser corpus: every snippet of runtime/tests/data/parser/corpus.tsv
//! (written by gen_corpus.py from CPython 3.14) must give CPython's AST dump
//! or CPython's exception (type, message, lineno, offset, end_lineno,
//! end_offset).

mod parser_common;

use parser_common::{compare, parse_corpus};

/// Cases rupy does not match yet, each with the reason. A case listed here
/// that starts passing fails the test, so the list only shrinks.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[test]
fn corpus_matches_cpython() {
    let text = include_str!("data/parser/corpus.tsv");
    let cases = parse_corpus(text);
    assert!(cases.len() > 1000, "corpus too small: {}", cases.len());
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    for case in &cases {
        let known = KNOWN_FAILURES.iter().any(|(n, _)| *n == case.name);
        match (compare(&case.src, &case.expected), known) {
            (Some(why), false) => failures.push(format!("{} {:?}: {why}", case.name, case.src)),
            (None, true) => fixed.push(case.name.clone()),
            _ => {}
        }
    }
    println!("parser corpus: {} cases, {} failing", cases.len(), failures.len());
    for f in &failures {
        println!("{f}");
    }
    assert!(fixed.is_empty(), "now passing, remove from KNOWN_FAILURES: {fixed:?}");
    assert!(failures.is_empty(), "{} corpus cases differ from CPython", failures.len());
}
