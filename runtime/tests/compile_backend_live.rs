//! Differential test of the flowgraph and assembler against a reference
//! CPython 3.14 (env RUPY_REF_PYTHON; skipped with a notice when unset):
//! the corpus script runs on a sample of the reference's Lib (or the modules
//! named in RUPY_BACKEND_MODULES). Every flowgraph unit and every module
//! compiled end to end must come out identical. The `assemble` units feed
//! `_testinternalcapi.assemble_code_object` synthetic metadata on which the
//! reference itself misbehaves at times (garbage `EXTENDED_ARG`s), so their
//! share is reported, not required.

mod compile_backend_common;

use std::process::Command;

const LIB_SAMPLE: &[&str] = &[
    "bisect", "colorsys", "heapq", "fnmatch", "keyword", "copy", "functools", "string", "textwrap",
    "contextlib", "abc", "queue", "shlex", "operator", "enum", "ast", "argparse",
];

#[test]
fn flowgraph_and_assembler_match_reference_on_lib_sample() {
    let Ok(py) = std::env::var("RUPY_REF_PYTHON") else {
        println!("RUPY_REF_PYTHON is not set: skipping the reference comparison");
        return;
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/backend/gen_backend_corpus.py");
    let out = std::env::temp_dir().join(format!("rupy-backend-{}.txt", std::process::id()));
    let mods: Vec<String> = match std::env::var("RUPY_BACKEND_MODULES") {
        Ok(m) => m.split_whitespace().map(String::from).collect(),
        Err(_) => LIB_SAMPLE.iter().map(|s| s.to_string()).collect(),
    };
    let status = Command::new(&py).arg(script).arg(&out).arg("--lib").args(&mods).status().expect("run reference");
    assert!(status.success(), "corpus script failed");
    let text = std::fs::read_to_string(&out).expect("corpus");
    let _ = std::fs::remove_file(&out);
    let cases = compile_backend_common::parse(&text);
    let (stats, failures) = compile_backend_common::run_all(&cases);
    for (kind, ok, total) in &stats {
        println!("{kind}: {ok}/{total} identical");
    }
    let required: Vec<&String> = failures.iter().filter(|f| !f.contains("[assemble]")).collect();
    for f in required.iter().take(20) {
        println!("FAIL {f}");
    }
    assert!(required.is_empty(), "{} units differ", required.len());
}
