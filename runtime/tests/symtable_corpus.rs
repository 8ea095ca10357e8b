//! The symbol-table corpus: for every snippet of tests/data/symtable
//! (cases.txt, errors.txt), rupy's symbol table is compared with the
//! reference's, once from the AST CPython 3.14 parsed (rebuilt from the
//! S-expression `gen.py` wrote) and once from rupy's own parser.

mod symtable_common;

use std::fs;
use std::path::Path;

use rupy::ast::Mod;
use rupy::compile::future::future_from_ast;
use rupy::parser::parser::parse_module;
use rupy::symtable::SymbolTable;
use symtable_common::{dump, dump_error, module, parse_sx};

/// Builds the symbol table of the AST in `ast_text` (future features
/// first, as `_Py_SymtableStringObjectFlags` does) and returns its dump or
/// its error in the generator's format.
fn run(ast_text: &str, filename: &str) -> (&'static str, String) {
    build(&module(&parse_sx(ast_text)), filename)
}

/// The dump or error of the symbol table of `m`, future features first.
fn build(m: &Mod, filename: &str) -> (&'static str, String) {
    let future = match future_from_ast(m) {
        Ok(f) => f,
        Err(e) => return ("error", dump_error(&e.into())),
    };
    match SymbolTable::build(m, filename, future) {
        Ok(st) => ("symtable", dump(&st)),
        Err(e) => ("error", dump_error(&e)),
    }
}

#[test]
fn corpus_matches_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/symtable/out");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .into_string()
                .ok()?
                .strip_suffix(".ast")
                .map(str::to_owned)
        })
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
    println!(
        "symtable corpus: {}/{} cases match CPython 3.14",
        names.len() - failures.len(),
        names.len()
    );
    assert!(names.len() >= 100, "corpus too small: {}", names.len());
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The snippets of a cases file, split at its `### name` lines.
fn read_cases(path: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(path).expect("cases file");
    let mut cases: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("### ") {
            Some(name) => cases.push((name.trim().to_owned(), String::new())),
            None => cases
                .last_mut()
                .expect("a case header first")
                .1
                .push_str(line),
        }
    }
    cases
}

#[test]
fn corpus_through_rupy_parser_matches_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/symtable");
    let mut cases = read_cases(&dir.join("cases.txt"));
    cases.extend(read_cases(&dir.join("errors.txt")));
    let mut failures = Vec::new();
    for (name, source) in &cases {
        let filename = format!("{name}.py");
        let (kind, got) = match parse_module(source, &filename) {
            Ok(m) => build(&Mod::Module(m), &filename),
            Err(e) => ("parse error", format!("{}\n", e.msg())),
        };
        let want = fs::read_to_string(dir.join(format!("out/{name}.{kind}"))).unwrap_or_default();
        if got != want {
            failures.push(format!("--- {name} ({kind})\nwant:\n{want}got:\n{got}"));
        }
    }
    println!(
        "symtable corpus via rupy's parser: {}/{} cases match CPython 3.14",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
