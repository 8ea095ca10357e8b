//! The symbol-table corpus: for every snippet of tests/data/symtable, the
//! AST CPython 3.14 parsed is rebuilt, its symbol table built by rupy and
//! compared with the reference's (`gen.py` wrote both).

mod symtable_common;

use std::fs;
use std::path::Path;

use rupy::compile::future::future_from_ast;
use rupy::symtable::SymbolTable;
use symtable_common::{dump, dump_error, module, parse_sx};

/// Builds the symbol table of the AST in `ast_text` (future features
/// first, as `_Py_SymtableStringObjectFlags` does) and returns its dump or
/// its error in the generator's format.
fn run(ast_text: &str, filename: &str) -> (&'static str, String) {
    let m = module(&parse_sx(ast_text));
    let future = match future_from_ast(&m) {
        Ok(f) => f,
        Err(e) => return ("error", dump_error(&e.into())),
    };
    match SymbolTable::build(&m, filename, future) {
        Ok(st) => ("symtable", dump(&st)),
        Err(e) => ("error", dump_error(&e)),
    }
}

#[test]
fn corpus_matches_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/symtable/out");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".ast").map(str::to_owned))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let ast_text = fs::read_to_string(dir.join(format!("{name}.ast"))).unwrap();
        let (kind, got) = run(&ast_text, &format!("{name}.py"));
        let want = fs::read_to_string(dir.join(format!("{name}.{kind}"))).unwrap_or_default();
        if got != want {
            failures.push(format!("--- {name} ({kind})\nwant:\n{want}got:\n{got}"));
        }
    }
    println!("symtable corpus: {}/{} cases match CPython 3.14", names.len() - failures.len(), names.len());
    assert!(names.len() >= 100, "corpus too small: {}", names.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
