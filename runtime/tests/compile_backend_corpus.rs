//! The committed back-end corpus (tests/data/backend/corpus.txt, written by
//! gen_backend_corpus.py from a reference CPython 3.14 on a few Lib
//! modules): every flowgraph unit and every module unit compiled end to end
//! must match CPython's result exactly. Needs no reference interpreter.

mod compile_backend_common;

#[test]
fn committed_corpus_matches_cpython() {
    let text = include_str!("data/backend/corpus.txt");
    let cases = compile_backend_common::parse(text);
    assert!(cases.len() > 20, "corpus too small");
    let (stats, failures) = compile_backend_common::run_all(&cases);
    for (kind, ok, total) in &stats {
        println!("{kind}: {ok}/{total} identical");
    }
    for f in failures.iter().take(20) {
        println!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} units differ", failures.len());
}
