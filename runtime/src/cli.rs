//! The `rupy` command line (the binary itself is in stdlib-min, which
//! registers its builtin modules and calls [`main`]), ported from Modules/main.c (`pymain_run_python`,
//! `pymain_run_file`, `pymain_run_command`) and the reporting half of
//! Python/pythonrun.c (`_PyRun_SimpleFileObject`, `PyErr_Print`, the
//! SyntaxError display of traceback.py's `_format_syntax_error`).

use std::process::ExitCode;

use crate::compile::code::Code;
use crate::compile::{CompileError, compile_module};
use crate::errors;
use crate::objects::codeobject::CodeObject;
use crate::parser::error::SyntaxError;
use crate::parser::parser::Mode;

const USAGE: &str = "usage: rupy [option] ... [-c cmd | file] [arg] ...";

/// What to run.
enum Target {
    /// `-c cmd`.
    Command(String),
    /// A script path.
    File(String),
}

/// Runs the command line of this process; the exit status.
pub fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut target = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-V" | "--version" => {
                println!("Python 3.14.0");
                return ExitCode::SUCCESS;
            }
            "-c" => match args.next() {
                Some(cmd) => {
                    target = Some(Target::Command(cmd));
                    break;
                }
                None => {
                    eprintln!("Argument expected for the -c option\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            // Options that take a value, accepted and not acted on yet.
            "-X" | "-W" => {
                let _ = args.next();
            }
            // Flags without effect on what rupy runs today.
            "-s" | "-S" | "-E" | "-u" | "-B" | "-I" | "-P" | "-q" | "-b" | "-d" | "-O" | "-OO" => {}
            s if s.starts_with("-X") || s.starts_with("-W") => {}
            s if s.starts_with('-') && s.len() > 1 => {
                eprintln!("Unknown option: {s}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => {
                target = Some(Target::File(a));
                break;
            }
        }
    }
    let Some(target) = target else {
        eprintln!("rupy: the interactive prompt is not implemented yet\n{USAGE}");
        return ExitCode::from(2);
    };
    let (source, filename) = match target {
        Target::Command(cmd) => (cmd, "<string>".to_owned()),
        Target::File(path) => match std::fs::read(&path) {
            Ok(bytes) if path.ends_with(".pyc") => {
                let status = run_pyc(&bytes, &path);
                crate::builtins::flush_stdout();
                return ExitCode::from(status);
            }
            Ok(bytes) => (String::from_utf8_lossy(&bytes).into_owned(), path),
            Err(e) => {
                let prog = std::env::args().next().unwrap_or_else(|| "rupy".into());
                eprintln!(
                    "{prog}: can't open file '{path}': [Errno {}] {}",
                    e.raw_os_error().unwrap_or(0),
                    std::io::Error::from_raw_os_error(e.raw_os_error().unwrap_or(0))
                        .to_string()
                        .split(" (os error")
                        .next()
                        .unwrap_or("")
                );
                return ExitCode::from(2);
            }
        },
    };
    let status = run_source(&source, &filename);
    crate::builtins::flush_stdout();
    ExitCode::from(status)
}

/// Compiles and runs `source` as `__main__`; the exit status.
fn run_source(source: &str, filename: &str) -> u8 {
    let code = match compile_module(source, filename, Mode::Exec, 0, 0) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{}", format_compile_error(&e, filename));
            return 1;
        }
    };
    run_code(&code, filename)
}

/// `run_pyc_file`: runs the code object of a compiled file.
fn run_pyc(data: &[u8], filename: &str) -> u8 {
    match crate::marshal::load_pyc(data) {
        Ok(code) => run_code(&code, filename),
        Err(e) => {
            eprintln!("RuntimeError: Bad code object in .pyc file ({e:?})");
            1
        }
    }
}

/// Runs a code object as `__main__`; the exit status (1 after printing
/// an uncaught exception).
fn run_code(code: &Code, filename: &str) -> u8 {
    crate::state::ensure();
    crate::vm::ready_types();
    let file = (filename != "<string>").then_some(filename);
    let res = CodeObject::new(code)
        .and_then(|co| crate::builtins::main_globals(file).map(|g| (co, g)))
        .and_then(|(co, g)| crate::vm::run_module_code(co, g));
    match res {
        Ok(_) => 0,
        Err(_) => {
            crate::builtins::flush_stdout();
            match errors::take_raised() {
                Some(exc) => eprint!("{}", errors::traceback::format_exception(&exc)),
                None => eprintln!("SystemError: error return without exception set"),
            }
            1
        }
    }
}

/// The report of a compilation error.
fn format_compile_error(e: &CompileError, filename: &str) -> String {
    match e {
        CompileError::Syntax(s) => format_syntax_error(s, filename),
        other => format!("{}: {}\n", other.type_name(), other.msg()),
    }
}

/// `_format_syntax_error`: the location, the line and carets, then
/// `Type: message`.
fn format_syntax_error(e: &SyntaxError, filename: &str) -> String {
    let mut out = format!("  File \"{filename}\", line {}\n", e.lineno);
    if let Some(text) = &e.text {
        let rtext = text.trim_end_matches(['\n', '\r']);
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
        out.push_str(&format!("    {ltext}\n"));
        if e.offset >= 1 {
            let len = rtext.chars().count() as i64;
            let mut offset = e.offset;
            let mut end_offset = if e.lineno == e.end_lineno {
                if e.end_offset == 0 {
                    offset
                } else {
                    e.end_offset
                }
            } else {
                len + 1
            };
            if offset > len + 1 {
                offset = len + 1;
            }
            if offset == end_offset || end_offset == -1 {
                end_offset = offset + 1;
            }
            let colno = offset - 1 - spaces;
            let end_colno = end_offset - 1 - spaces;
            if colno >= 0 {
                let caretspace: String = ltext
                    .chars()
                    .take(colno as usize)
                    .map(|c| if c.is_whitespace() { c } else { ' ' })
                    .collect();
                let n = (end_colno - colno).max(1) as usize;
                out.push_str(&format!("    {caretspace}{}\n", "^".repeat(n)));
            }
        }
    }
    out.push_str(&format!("{}: {}\n", e.kind.name(), e.msg));
    out
}
