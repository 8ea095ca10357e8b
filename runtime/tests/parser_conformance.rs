//! Conformance with CPython 3.14's parser on the reference standard
//! library: every .py file of the reference Lib (Lib/test included; the
//! files that are not UTF-8 parsed as bytes)
//! is parsed by rupy and by CPython (through
//! runtime/tests/data/parser/lib_ast.py); the AST dumps (compared by hash)
//! or the SyntaxErrors must agree. Needs the reference interpreter: set
//! RUPY_REF_PYTHON; skipped otherwise.
//!
//! `parse_lib_benchmark` (ignored by default; run with `--ignored
//! --nocapture`) times parsing every file, rupy against CPython's
//! `ast.parse`: see docs/benchmarks.md, "Parser".

mod parser_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use parser_common::describe;
use rupy::ast::dump::dump_module;
use rupy::ast::Mod;
use rupy::parser::parser::{parse_bytes, parse_module, Mode};

/// The share of files that must match (raise it as rupy improves).
const THRESHOLD_PERCENT: f64 = 100.0;

fn reference_python() -> Option<PathBuf> {
    std::env::var_os("RUPY_REF_PYTHON").map(PathBuf::from)
}

fn run(python: &Path, args: &[&str]) -> String {
    let out = Command::new(python).args(args).output().expect("run the reference python");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn script() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/parser/lib_ast.py")
}

fn lib_dir(python: &Path) -> PathBuf {
    let lib = run(python, &["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]);
    PathBuf::from(lib.trim())
}

/// FNV-1a 64, as lib_ast.py computes it.
fn fnv1a(s: &str) -> String {
    let mut h: u64 = 0xCBF29CE484222325;
    for &b in s.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001B3);
    }
    format!("{h:016x}")
}

/// A Lib file's text, or its bytes when it is not UTF-8 (rupy then parses
/// it as bytes, as lib_ast.py does).
fn read_source(lib: &Path, name: &str) -> Result<String, Vec<u8>> {
    let text = String::from_utf8(std::fs::read(lib.join(name)).expect("read Lib file"))
        .map_err(|e| e.into_bytes())?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned())
}

#[test]
fn reference_lib_asts_match() {
    let Some(python) = reference_python() else {
        println!("skipped: set RUPY_REF_PYTHON to run");
        return;
    };
    let lib = lib_dir(&python);
    let dump = run(&python, &[script(), "dump", lib.to_str().expect("utf-8 path")]);
    let mut total = 0;
    let mut failures = Vec::new();
    for line in dump.lines() {
        let f: Vec<&str> = line.splitn(8, '\t').collect();
        let name = f[1];
        total += 1;
        let got = match read_source(&lib, name) {
            Ok(src) => parse_module(&src, name),
            Err(bytes) => parse_bytes(&bytes, name, Mode::Exec).map(|m| match m {
                Mod::Module(m) => m,
                _ => unreachable!("the file rule makes a Module"),
            }),
        };
        let why = match (got, f[0]) {
            (Ok(m), "ok") => {
                let h = fnv1a(&dump_module(&m));
                (h != f[2]).then(|| "AST dump differs".to_owned())
            }
            (Ok(_), _) => Some(format!("parsed, CPython raises {}: {}", f[2], f[7])),
            (Err(e), "ok") => Some(format!("CPython parses it, rupy raises {}", describe(&e))),
            (Err(e), _) => {
                let want = format!("{}: {} ({}, {}, {}, {})", f[2], f[7], f[3], f[4], f[5], f[6]);
                let got = describe(&e);
                (got != want).then(|| format!("error differs: got {got}, want {want}"))
            }
        };
        if let Some(why) = why {
            failures.push(format!("{name}: {why}"));
        }
    }
    let same = total - failures.len();
    let pct = 100.0 * same as f64 / total.max(1) as f64;
    println!("parser conformance: {same}/{total} files identical ({pct:.2}%)");
    for f in &failures {
        println!("  {f}");
    }
    assert!(pct >= THRESHOLD_PERCENT, "conformance {pct:.2}% below {THRESHOLD_PERCENT}%");
}

/// CPU seconds used by this process so far (all threads: a parse runs on
/// its own thread).
fn process_cpu_seconds() -> f64 {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a `rusage` through the valid pointer; a
    // zeroed `rusage` is a valid value of the type.
    let ru = unsafe {
        assert_eq!(libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()), 0);
        ru.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    secs(ru.ru_utime) + secs(ru.ru_stime)
}

/// The parser benchmark: every reference Lib file parsed by rupy
/// (`parse_module`) and by CPython 3.14 (`ast.parse`, which also builds the
/// Python AST objects), in rounds that alternate the two so that both see
/// the same machine load; each side's time is its best round, in CPU
/// seconds (`getrusage` here, `time.process_time` in lib_ast.py), so that
/// other processes on the machine count less.
#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn parse_lib_benchmark() {
    let Some(python) = reference_python() else {
        println!("skipped: set RUPY_REF_PYTHON to run");
        return;
    };
    let lib = lib_dir(&python);
    let lib_arg = lib.to_str().expect("utf-8 path");
    let dump = run(&python, &[script(), "dump", lib_arg]);
    let sources: Vec<String> =
        dump.lines().filter_map(|l| read_source(&lib, l.split('\t').nth(1).expect("name")).ok()).collect();
    let (mut rupy, mut cpython) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let t = process_cpu_seconds();
        for s in &sources {
            let _ = parse_module(s, "<bench>");
        }
        rupy = rupy.min(process_cpu_seconds() - t);
        let c: f64 = run(&python, &[script(), "time", lib_arg]).trim().parse().expect("seconds");
        cpython = cpython.min(c);
    }
    println!(
        "parse {} Lib files: rupy {rupy:.3}s, CPython ast.parse {cpython:.3}s (CPU, best of 3), ratio rupy/CPython {:.2}",
        sources.len(),
        rupy / cpython
    );
}
