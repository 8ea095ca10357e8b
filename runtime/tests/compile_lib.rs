//! Optional sweep: every module of a reference CPython 3.14's Lib is
//! compiled by rupy and by the reference (`compile(source, "<lib>",
//! "exec")`), and the module code objects are compared field by field,
//! recursively. Needs `RUPY_REF_PYTHON` (a python3.14); skipped with a
//! notice otherwise. `RUPY_COMPILE_LIB_ONLY=substring` restricts the sweep.

mod codegen_common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen_common::{compare, compile_from_bytes, parse_reference};

/// The share of Lib modules that must compile to identical code objects
/// (measured: see docs/compiler-codegen.md).
const MIN_IDENTICAL_SHARE: f64 = 1.0;

fn lib_files(python: &str) -> Vec<PathBuf> {
    let out = Command::new(python)
        .args(["-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"])
        .output()
        .expect("run the reference python");
    let lib = PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 path").trim());
    let mut files = Vec::new();
    let mut dirs = vec![lib];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("read a Lib directory").flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("site-packages") {
                    dirs.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "py") && p.is_file() {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// A short name for the kind of a difference (its class).
fn class_of(diff: &str) -> String {
    let body = diff.split_once(": ").map_or(diff, |(_, rest)| rest);
    let head: String = body.chars().take_while(|&c| c != ':' && c != '\n').collect();
    if head.starts_with("code differs") {
        "co_code".into()
    } else if body.starts_with("mine error") || body.starts_with("mine a code") {
        format!("outcome ({})", body.chars().take(90).collect::<String>())
    } else {
        head
    }
}

#[test]
fn reference_lib_modules_compile_identically() {
    let Ok(python) = std::env::var("RUPY_REF_PYTHON") else {
        println!("RUPY_REF_PYTHON is not set: skipping the Lib compile sweep");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/codegen/ref_compile.py");
    let only = std::env::var("RUPY_COMPILE_LIB_ONLY").unwrap_or_default();
    let files: Vec<PathBuf> =
        lib_files(&python).into_iter().filter(|p| p.to_string_lossy().contains(&only)).collect();
    let (mut total, mut identical) = (0usize, 0usize);
    let mut classes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for batch in files.chunks(32) {
        let out = Command::new(&python).arg(&script).arg("--files").args(batch).output().expect("run ref_compile.py");
        let text = String::from_utf8(out.stdout).expect("utf-8 output");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), batch.len(), "one reference result per file");
        for (path, line) in batch.iter().zip(lines) {
            total += 1;
            let theirs = parse_reference(line);
            let name = path.to_string_lossy().into_owned();
            let src = std::fs::read(path).expect("read a Lib file");
            let mine = compile_from_bytes(&src, "<lib>");
            match compare(&mine, &theirs) {
                None => identical += 1,
                Some(d) => classes.entry(class_of(&d)).or_default().push(format!("{name}: {d}")),
            }
        }
    }
    for (class, cases) in &classes {
        println!("== {class}: {} modules", cases.len());
        let show: usize = std::env::var("RUPY_COMPILE_LIB_SHOW").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
        for c in cases.iter().take(show) {
            println!("   {}", c.chars().take(1500).collect::<String>());
        }
    }
    let share = identical as f64 / total.max(1) as f64;
    println!("Lib modules compiled identically: {identical}/{total} ({:.1}%)", share * 100.0);
    if only.is_empty() {
        assert!(share >= MIN_IDENTICAL_SHARE, "identical share {share:.3} below {MIN_IDENTICAL_SHARE}");
    }
}
