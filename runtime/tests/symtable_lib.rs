//! Optional sweep: every module of a reference CPython 3.14's Lib is
//! parsed by the reference, its AST rebuilt here, and rupy's symbol table
//! compared with the reference's. Needs `RUPY_REF_PYTHON` (a python3.14);
//! skipped with a notice otherwise.

mod symtable_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rupy::compile::future::future_from_ast;
use rupy::symtable::SymbolTable;
use symtable_common::{dump, dump_error, module, parse_sx};

fn lib_files(python: &str) -> Vec<PathBuf> {
    let out = Command::new(python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('stdlib'))",
        ])
        .output()
        .expect("run the reference python");
    let lib = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let mut files = Vec::new();
    let mut dirs = vec![lib];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("site-packages") {
                    dirs.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "py") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn reference_lib_symbol_tables_match() {
    let Ok(python) = std::env::var("RUPY_REF_PYTHON") else {
        println!("RUPY_REF_PYTHON is not set: skipping the Lib symbol-table sweep");
        return;
    };
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/symtable/gen.py");
    // RUPY_SYMTABLE_LIB_ONLY=substring restricts the sweep when debugging.
    let only = std::env::var("RUPY_SYMTABLE_LIB_ONLY").unwrap_or_default();
    let files: Vec<PathBuf> = lib_files(&python)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(&only))
        .collect();
    let (mut total, mut failures) = (0usize, Vec::new());
    for batch in files.chunks(64) {
        let out = Command::new(&python)
            .arg(&generator)
            .arg("--lib")
            .args(batch)
            .output()
            .expect("run gen.py");
        let text = String::from_utf8(out.stdout).expect("utf-8 output");
        for case in text.split("\0### ").skip(1) {
            let (path, rest) = case.split_once('\n').unwrap();
            let (ast_text, rest) = rest.split_once('\n').unwrap();
            let (kind, want) = rest.split_once('\n').unwrap();
            let m = module(&parse_sx(ast_text));
            let got = match future_from_ast(&m) {
                Err(e) => ("error", dump_error(&e.into())),
                Ok(future) => match SymbolTable::build(&m, path, future) {
                    Ok(st) => ("symtable", dump(&st)),
                    Err(e) => ("error", dump_error(&e)),
                },
            };
            total += 1;
            if got != (kind, want.to_owned()) {
                let first_diff = got.1.lines().zip(want.lines()).find(|(g, w)| g != w);
                failures.push(format!(
                    "{path}: got {} want {kind}; first difference {first_diff:?}",
                    got.0
                ));
            }
        }
    }
    println!(
        "Lib sweep: {}/{} modules match CPython 3.14",
        total - failures.len(),
        total
    );
    assert!(failures.is_empty(), "mismatches: {failures:#?}");
}
