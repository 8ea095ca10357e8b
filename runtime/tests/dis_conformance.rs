//! The disassembler against CPython 3.14's `dis.dis`: rupy's
//! `compile::dis::dis` of the code object rupy compiles must print the text
//! the reference's `dis.dis` prints for the code object it compiles (code
//! object addresses normalized to `0x?`, string hashes of
//! `PYTHONHASHSEED=0` for the order of frozenset constants).
//!
//! - `corpus_matches_reference`: the committed corpus
//!   `data/dis/corpus.txt`, written by `data/dis/ref_dis.py --corpus` from
//!   `data/dis/cases.txt` (disassembler-specific snippets) and
//!   `data/codegen/cases.txt` (every statement and expression family).
//! - `reference_snippets_and_lib_sample`: needs `RUPY_REF_PYTHON`; the same
//!   snippets and a sample of the reference Lib's modules (every 34th file,
//!   about 50; `RUPY_DIS_LIB_STEP=1` takes them all), disassembled live by
//!   the reference. Skipped with a notice without it. A module whose text
//!   differs only in the order of frozenset elements counts as identical
//!   (that order depends on the strings the reference process interned
//!   before; see `sort_frozensets`); the exact count is printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use rupy::compile::dis::dis_with_secret;
use rupy::compile::{compile_bytes, compile_module};
use rupy::parser::parser::Mode;
use rupy::state::pyhash::HashSecret;

/// Decodes a hex string (as `bytes.hex()` writes it).
fn from_hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel)
}

/// `" at 0x..., file "` -> `" at 0x?, file "`, as ref_dis.py does.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        let after = &rest[i + 6..];
        let hex = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex > 0 && after[hex..].starts_with(", file ") {
            out.push_str(&rest[..i]);
            out.push_str(" at 0x?");
            rest = &after[hex..];
        } else {
            out.push_str(&rest[..i + 6]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The text with the elements of every `frozenset({...})` sorted: a
/// CPython process may rebuild a frozenset constant from its iteration
/// order when `intern_constants` swaps in an interned string, which depends
/// on what that process interned before (see compile/dis.rs).
fn sort_frozensets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("frozenset({") {
        out.push_str(&rest[..i + 11]);
        rest = &rest[i + 11..];
        // Split the elements at depth 0, outside quotes, up to the `})`.
        let (mut depth, mut quote, mut esc) = (0i32, None::<char>, false);
        let mut items = Vec::new();
        let mut start = 0;
        let mut end = rest.len();
        for (j, c) in rest.char_indices() {
            if let Some(q) = quote {
                if esc {
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' => depth -= 1,
                '}' if depth == 0 => {
                    items.push(&rest[start..j]);
                    end = j;
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&rest[start..j]);
                    start = j + 2;
                }
                _ => {}
            }
        }
        items.sort_unstable();
        out.push_str(&items.join(", "));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// rupy's result in the reference's format: `ok TEXT` or `err TYPE`.
fn mine(result: Result<rupy::compile::code::Code, rupy::compile::CompileError>) -> String {
    match result {
        Ok(code) => format!("ok {}", normalize(&dis_with_secret(&code, &HashSecret::from_seed(0)))),
        Err(e) => format!("err {}", e.type_name()),
    }
}

/// The reference's line decoded: `ok TEXT` or `err TYPE`.
fn theirs(line: &str) -> String {
    match line.strip_prefix("ok ") {
        Some(h) => format!("ok {}", String::from_utf8_lossy(&from_hex(h))),
        None => line.to_owned(),
    }
}

/// None when equal, else the first differing line with some context.
fn diff(mine: &str, theirs: &str) -> Option<String> {
    if mine == theirs {
        return None;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (mine.lines().collect(), theirs.lines().collect());
    let i = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let from = i.saturating_sub(3);
    Some(format!(
        "first difference at line {}:\n  mine:   {}\n  theirs: {}",
        i + 1,
        a[from..(i + 2).min(a.len())].join("\n          "),
        b[from..(i + 2).min(b.len())].join("\n          ")
    ))
}

fn compile_text(src: &str) -> String {
    mine(compile_module(src, "<case>", Mode::Exec, 0, 0))
}

/// The snippets of the CASES files (`### NAME` separated).
fn cases(files: &[PathBuf]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).expect("read a cases file");
        for chunk in text.split("### ").skip(1) {
            let (name, src) = chunk.split_once('\n').unwrap_or((chunk, ""));
            out.push((name.trim().to_owned(), src.to_owned()));
        }
    }
    out
}

fn case_files() -> Vec<PathBuf> {
    vec![data("dis/cases.txt"), data("codegen/cases.txt")]
}

#[test]
fn corpus_matches_reference() {
    let text = std::fs::read_to_string(data("dis/corpus.txt")).expect("read the dis corpus");
    let mut lines = text.lines();
    let (mut total, mut failures) = (0, Vec::new());
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("case ") else { continue };
        let src = String::from_utf8(from_hex(lines.next().and_then(|l| l.strip_prefix("src ")).expect("src line")))
            .expect("utf-8 source");
        let expected = theirs(lines.next().expect("result line"));
        assert_eq!(lines.next(), Some("end"));
        total += 1;
        if let Some(d) = diff(&compile_text(&src), &expected) {
            failures.push(format!("{name}: {d}"));
        }
    }
    for f in &failures {
        println!("{f}");
    }
    println!("dis corpus: {}/{total} identical", total - failures.len());
    assert!(total >= 50, "the corpus has {total} cases");
    assert!(failures.is_empty(), "{} of {total} cases differ", failures.len());
}

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

fn run_reference(python: &str, args: &[&std::ffi::OsStr]) -> Vec<String> {
    let out = Command::new(python)
        .env("PYTHONHASHSEED", "0")
        .arg(data("dis/ref_dis.py"))
        .args(args)
        .output()
        .expect("run ref_dis.py");
    assert!(out.status.success(), "ref_dis.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output").lines().map(theirs).collect()
}

#[test]
fn reference_snippets_and_lib_sample() {
    let Ok(python) = std::env::var("RUPY_REF_PYTHON") else {
        println!("RUPY_REF_PYTHON is not set: skipping the live dis conformance test");
        return;
    };
    let mut failures = Vec::new();

    // Snippets.
    let files = case_files();
    let snippets = cases(&files);
    let mut args: Vec<&std::ffi::OsStr> = vec!["--cases".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let reference = run_reference(&python, &args);
    assert_eq!(reference.len(), snippets.len(), "one reference result per snippet");
    for ((name, src), expected) in snippets.iter().zip(&reference) {
        if let Some(d) = diff(&compile_text(src), expected) {
            failures.push(format!("case {name}: {d}"));
        }
    }
    let snippet_failures = failures.len();
    println!("snippets: {}/{} identical", snippets.len() - snippet_failures, snippets.len());

    // A sample of Lib modules.
    let step: usize = std::env::var("RUPY_DIS_LIB_STEP").ok().and_then(|s| s.parse().ok()).unwrap_or(34);
    let sample: Vec<PathBuf> = lib_files(&python).into_iter().step_by(step.max(1)).collect();
    let mut exact = 0usize;
    for batch in sample.chunks(16) {
        let mut args: Vec<&std::ffi::OsStr> = vec!["--files".as_ref()];
        args.extend(batch.iter().map(|f| f.as_os_str()));
        let reference = run_reference(&python, &args);
        assert_eq!(reference.len(), batch.len(), "one reference result per file");
        for (path, expected) in batch.iter().zip(&reference) {
            let src = std::fs::read(path).expect("read a Lib file");
            let got = mine(compile_bytes(&src, "<lib>", Mode::Exec, 0, 0));
            if diff(&got, expected).is_none() {
                exact += 1;
            } else if let Some(d) = diff(&sort_frozensets(&got), &sort_frozensets(expected)) {
                failures.push(format!("{}: {d}", path.display()));
            }
        }
    }
    let lib_failures = failures.len() - snippet_failures;
    println!(
        "Lib modules: {}/{} identical ({exact} exactly, the others up to the order of frozenset elements)",
        sample.len() - lib_failures,
        sample.len()
    );
    for f in &failures {
        println!("{f}");
    }
    assert!(failures.is_empty(), "{} disassemblies differ", failures.len());
}

/// `repr()` of float and complex constants against the reference over
/// random bit patterns, powers of two (where the shortest digits have two
/// equally near candidates) and short decimals. Needs `RUPY_REF_PYTHON`.
#[test]
fn float_reprs_match_reference() {
    let Ok(python) = std::env::var("RUPY_REF_PYTHON") else {
        println!("RUPY_REF_PYTHON is not set: skipping the float repr comparison");
        return;
    };
    let script = r#"
import random, struct
r = random.Random(1234)
vals = [struct.unpack('<d', struct.pack('<Q', r.getrandbits(64)))[0] for _ in range(20000)]
vals += [2.0 ** e for e in range(-1074, 1024)] + [-(2.0 ** e) for e in range(-60, 60)]
vals += [float(f"{r.randrange(10**6)}e{r.randrange(-30, 30)}") for _ in range(5000)]
vals += [r.random() * 10 ** r.randrange(-8, 20) for _ in range(5000)]
for v in vals:
    b = struct.unpack('<Q', struct.pack('<d', v))[0]
    print(f"{b:016x} {v!r} {complex(v, v)!r} {complex(0.0, v)!r}")
"#;
    let out = Command::new(&python).args(["-c", script]).output().expect("run the reference python");
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let secret = HashSecret::from_seed(0);
    let (mut total, mut bad) = (0, Vec::new());
    for line in text.lines() {
        let mut parts = line.splitn(2, ' ');
        let bits = u64::from_str_radix(parts.next().expect("bits"), 16).expect("hex bits");
        let expected = parts.next().expect("reprs");
        let v = f64::from_bits(bits);
        let scalar = |c| rupy::compile::dis::const_repr(&rupy::compile::code::ConstValue::Scalar(c), &secret);
        use rupy::ast::Constant;
        let got = format!(
            "{} {} {}",
            scalar(Constant::Float(v)),
            scalar(Constant::Complex { real: v, imag: v }),
            scalar(Constant::Complex { real: 0.0, imag: v })
        );
        total += 1;
        if got != expected {
            bad.push(format!("{bits:016x}: mine {got} / reference {expected}"));
        }
    }
    for b in bad.iter().take(10) {
        println!("{b}");
    }
    println!("float reprs: {}/{total} identical", total - bad.len());
    assert!(total > 30000 && bad.is_empty(), "{} of {total} float reprs differ", bad.len());
}
