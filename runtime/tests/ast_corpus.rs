//! The committed AST corpus (runtime/tests/data/ast/, written by
//! gen_ast_corpus.py with CPython 3.14): trees are read back from their
//! `ast.dump` text, then unparsed, validated or pre-processed and compared
//! with what CPython did. Needs no reference interpreter, except
//! `corpus_is_current`, which regenerates the corpus with the interpreter
//! named by RUPY_REF_PYTHON and skips when it is not set.

mod ast_common;

use ast_common::{expr, load_rows, module, parse_dump};
use rupy::ast::dump::{dump_expr, dump_module};
use rupy::ast::preprocess::{PreprocessOptions, SyntaxWarning, preprocess};
use rupy::ast::unparse::unparse_expr;
use rupy::ast::validate::{ValidationErrorKind, validate_module};
use rupy::ast::{Mod, Module, StmtKind};

fn report(what: &str, total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} of {total} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn unparse_matches_future_annotations() {
    let rows = load_rows("unparse.txt");
    assert!(rows.len() > 150, "corpus too small: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [src, dump, want] = &row[..] else {
            panic!("bad row {row:?}")
        };
        let e = expr(&parse_dump(dump));
        // The reader must give back the very tree CPython dumped.
        if dump_expr(&e) != *dump {
            failures.push(format!("{src}: tree read back as {}", dump_expr(&e)));
            continue;
        }
        let got = unparse_expr(&e);
        if got != *want {
            failures.push(format!("{src}: got {got:?}, want {want:?}"));
        }
    }
    report("unparse", rows.len(), failures);
}

#[test]
fn validation_matches_compile() {
    let rows = load_rows("validate.txt");
    assert!(rows.len() > 130, "corpus too small: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [name, dump, want] = &row[..] else {
            panic!("bad row {row:?}")
        };
        let m = module(&parse_dump(dump));
        let got = match validate_module(&Mod::Module(m)) {
            Ok(()) => "ok".to_owned(),
            Err(e) => {
                let kind = match e.kind {
                    ValidationErrorKind::ValueError => "ValueError",
                    ValidationErrorKind::TypeError => "TypeError",
                    ValidationErrorKind::RecursionError => "RecursionError",
                };
                format!("{kind}: {}", e.msg)
            }
        };
        if got != *want {
            failures.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    }
    report("validate", rows.len(), failures);
}

/// `_PyFuture_FromAST`'s answer for `annotations`, enough for the corpus.
fn has_future_annotations(m: &Module) -> bool {
    m.body.iter().any(|s| {
        matches!(&s.kind, StmtKind::ImportFrom { module: Some(md), names, .. }
            if &**md == "__future__" && names.iter().any(|a| &*a.name == "annotations"))
    })
}

#[test]
fn preprocess_matches_optimized_parse() {
    let rows = load_rows("preprocess.txt");
    assert!(rows.len() > 45, "corpus too small: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [name, level, before, after] = &row[..] else {
            panic!("bad row {row:?}")
        };
        let m = module(&parse_dump(before));
        let opts = PreprocessOptions {
            optimize: level.parse().unwrap(),
            future_annotations: has_future_annotations(&m),
            syntax_check_only: false,
            enable_warnings: false,
        };
        let mut tree = Mod::Module(m);
        let mut sink: Vec<SyntaxWarning> = Vec::new();
        preprocess(&mut tree, &opts, &mut sink).unwrap();
        let Mod::Module(m) = tree else { unreachable!() };
        let got = dump_module(&m);
        if got != *after {
            failures.push(format!("{name}:\n  got  {got}\n  want {after}"));
        }
    }
    report("preprocess", rows.len(), failures);
}

#[test]
fn pep765_warnings_match_compile() {
    let rows = load_rows("warnings.txt");
    assert!(rows.len() > 15, "corpus too small: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [name, dump, want_msgs, want_loc] = &row[..] else {
            panic!("bad row {row:?}")
        };
        let mut tree = Mod::Module(module(&parse_dump(dump)));
        let opts = PreprocessOptions {
            enable_warnings: true,
            ..Default::default()
        };
        let mut sink: Vec<SyntaxWarning> = Vec::new();
        preprocess(&mut tree, &opts, &mut sink).unwrap();
        let msgs: Vec<String> = sink
            .iter()
            .map(|w| format!("{}@{}", w.msg, w.lineno))
            .collect();
        let msgs = if msgs.is_empty() {
            "-".to_owned()
        } else {
            msgs.join(" | ")
        };
        let loc = sink.first().map_or("-".to_owned(), |w| {
            format!(
                "{},{},{},{}",
                w.lineno, w.offset, w.end_lineno, w.end_offset
            )
        });
        if msgs != *want_msgs || loc != *want_loc {
            failures.push(format!(
                "{name}: got {msgs} / {loc}, want {want_msgs} / {want_loc}"
            ));
        }
    }
    report("warnings", rows.len(), failures);
}

#[test]
fn corpus_is_current() {
    let Some(python) = std::env::var_os("RUPY_REF_PYTHON") else {
        println!("skipped: set RUPY_REF_PYTHON to a CPython 3.14 to regenerate the AST corpus");
        return;
    };
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ast");
    let out = std::env::temp_dir().join(format!("rupy-ast-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let status = std::process::Command::new(python)
        .arg(format!("{data}/gen_ast_corpus.py"))
        .arg(&out)
        .status()
        .expect("run the reference interpreter");
    assert!(status.success(), "gen_ast_corpus.py failed");
    for name in [
        "unparse.txt",
        "validate.txt",
        "preprocess.txt",
        "warnings.txt",
    ] {
        let fresh = std::fs::read_to_string(out.join(name)).unwrap();
        let committed = std::fs::read_to_string(format!("{data}/{name}")).unwrap();
        assert!(
            fresh == committed,
            "{name} is stale: rerun gen_ast_corpus.py"
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn parse_then_unparse_matches_future_annotations() {
    let rows = load_rows("unparse.txt");
    let mut failures = Vec::new();
    for row in &rows {
        let [src, dump, want] = &row[..] else {
            panic!("bad row {row:?}")
        };
        let m = match rupy::parser::parser::parse_module(&format!("x: {src}\n"), "<ann>") {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{src}: parse error {e:?}"));
                continue;
            }
        };
        let StmtKind::AnnAssign { annotation, .. } = &m.body[0].kind else {
            failures.push(format!("{src}: not an annotated assignment"));
            continue;
        };
        if dump_expr(annotation.as_ref()) != *dump {
            failures.push(format!(
                "{src}: parsed as {}",
                dump_expr(annotation.as_ref())
            ));
            continue;
        }
        let got = unparse_expr(annotation.as_ref());
        if got != *want {
            failures.push(format!("{src}: got {got:?}, want {want:?}"));
        }
    }
    report("parse+unparse", rows.len(), failures);
}
