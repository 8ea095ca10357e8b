//! The codegen corpus: snippets (`data/codegen/cases.txt`) compiled by a
//! reference CPython 3.14 into `data/codegen/corpus.txt` (by
//! `data/codegen/ref_compile.py --corpus`); rupy must build the same module
//! code object, every field of every nested code object, or raise the same
//! SyntaxError. `RUPY_CODEGEN_CORPUS` names another corpus file (one
//! written by `ref_compile.py --corpus` from other cases), `RUPY_CODEGEN_ONLY`
//! filters the cases by name.

mod codegen_common;

use codegen_common::{compare, compile, compile_from_bytes, from_hex, parse_reference};
use std::path::Path;

#[test]
fn corpus_matches_reference() {
    let path = std::env::var_os("RUPY_CODEGEN_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/codegen/corpus.txt"),
        Into::into,
    );
    let text = std::fs::read_to_string(path).expect("read the corpus");
    let only = std::env::var("RUPY_CODEGEN_ONLY").unwrap_or_default();
    let mut lines = text.lines();
    let (mut total, mut failures) = (0, Vec::new());
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("case ") else { continue };
        let src = String::from_utf8(from_hex(lines.next().and_then(|l| l.strip_prefix("src ")).expect("src line")))
            .expect("utf-8 source");
        let expected = parse_reference(lines.next().expect("result line"));
        assert_eq!(lines.next(), Some("end"));
        if !name.contains(&only) {
            continue;
        }
        total += 1;
        if let Some(d) = compare(&compile(&src, "<case>"), &expected) {
            failures.push(format!("{name}: {d}"));
        }
    }
    for f in &failures {
        println!("{f}");
    }
    println!("codegen corpus: {}/{total} identical", total - failures.len());
    assert!(failures.is_empty(), "{} of {total} cases differ", failures.len());
}

/// `compile(bytes)` decodes by the coding declaration: a latin-1 source
/// compiles to the code object of its decoded text, and an unknown
/// encoding is CPython's unlocated SyntaxError.
#[test]
fn bytes_sources_are_decoded_by_their_declaration() {
    let text = "# -*- coding: latin-1 -*-\ns = '\u{e9}t\u{e9}'\n";
    let latin1: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).expect("latin-1")).collect();
    assert!(compare(&compile_from_bytes(&latin1, "<case>"), &compile(text, "<case>")).is_none());
    let bad = compile_from_bytes(b"# -*- coding: uft-8 -*-\nx = 1\n", "<case>");
    let expected = parse_reference("err SyntaxError\tunknown encoding: uft-8\t0\t-1\tNone\tNone");
    assert!(compare(&bad, &expected).is_none(), "{bad:?}");
}
