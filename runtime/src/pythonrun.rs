//! The interactive loop of Python/pythonrun.c: `_PyRun_InteractiveLoopObject`
//! and `PyRun_InteractiveOneObjectEx`, as the basic REPL runs them (the
//! one `PYTHON_BASIC_REPL` selects; rupy has no `termios`, so `_pyrepl`
//! cannot drive the terminal).
//!
//! Each statement is read line by line from standard input, with the
//! prompts `sys.ps1` and `sys.ps2` written to standard error as
//! `PyOS_StdioReadline` writes them, compiled in 'single' mode (expression
//! values go to `sys.displayhook`) and run in `__main__`'s namespace.

use std::io::Write;

use rupy_gc::PyRef;

use crate::ast::preprocess::SyntaxWarning;
use crate::compile::compiler::{PY_CF_MASK, emit_parser_warnings};
use crate::errors::{self, PyResult};
use crate::objects::codeobject::CodeObject;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, as_obj};
use crate::objects::unicodeobject;
use crate::parser::parser::{InteractiveParse, parse_interactive};

/// The file name of what is typed at the prompt.
const FILENAME: &str = "<stdin>";

/// One statement's outcome (`PyRun_InteractiveOneObjectEx`'s result).
enum One {
    /// Standard input ended before a statement began (`E_EOF`).
    Eof,
    /// The statement ran, or its error has been reported.
    Done,
}

/// `_PyRun_InteractiveLoopObject`: runs statements from standard input in
/// `globals` until it ends; an error is reported and the loop goes on.
/// Only SystemExit leaves the loop early, as the caller's error.
pub fn interactive_loop(globals: &PyRef<DictObject>, optimize: i32) -> PyResult<()> {
    let sys = crate::import::builtin_module("sys")?;
    for (name, value) in [("ps1", ">>> "), ("ps2", "... ")] {
        if object::get_attr_str(&sys, name).is_err() {
            errors::clear();
            let key = unicodeobject::intern_str(name)?;
            object::set_attr(&sys, &key, Some(as_obj(&*unicodeobject::from_str(value)?)))?;
        }
    }
    // `PyCompilerFlags` shared by the statements: a `from __future__`
    // import typed once holds for the rest of the session.
    let mut cf_flags = 0;
    loop {
        match interactive_one(globals, &mut cf_flags, optimize) {
            Ok(One::Eof) => return Ok(()),
            Ok(One::Done) => {}
            Err(e) => {
                let exc = errors::take_raised();
                match exc {
                    Some(exc) if errors::given_exception_matches(&exc, crate::objects::exceptions::system_exit()) => {
                        drop(e);
                        return Err(errors::set_raised(exc));
                    }
                    // `PyErr_Print`, then `flush_io`.
                    Some(exc) => crate::errors::traceback::print_uncaught(&exc),
                    None => drop(e),
                }
                crate::builtins::flush_stdout();
            }
        }
    }
}

/// `str(sys.<name>)`, or "" when it is missing or its `str()` fails.
fn prompt(name: &str) -> String {
    let text = crate::import::builtin_module("sys")
        .and_then(|sys| object::get_attr_str(&sys, name))
        .and_then(|v| object::str(&v).map(|s| s.to_string_lossy()));
    text.unwrap_or_else(|_| {
        errors::clear();
        String::new()
    })
}

/// Bytes read from standard input past the last line handed out (the
/// buffer of C's `stdin`, separate from `sys.stdin`'s as in CPython).
static STDIN_BUFFER: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

/// A line read at the prompt.
enum Line {
    Text(String),
    Eof,
    /// A signal handler raised (Ctrl-C's KeyboardInterrupt) while waiting.
    Interrupted(errors::ErrSet),
}

/// `PyOS_StdioReadline`: writes `prompt` to standard error, then reads one
/// line (with its newline) from standard input. While it waits, signal
/// handlers run (`my_fgets` calling `PyErr_CheckSignals`; the handlers are
/// installed with SA_RESTART, so the wait polls). At the end of input, or
/// on an interrupt, the prompt's line is ended (`tok_underflow_interactive`).
fn read_line(prompt: &str) -> Line {
    crate::builtins::flush_stdout();
    let mut err = std::io::stderr();
    let _ = err.write_all(prompt.as_bytes());
    let _ = err.flush();
    let mut buf = STDIN_BUFFER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = buf.drain(..=i).collect();
            return Line::Text(String::from_utf8_lossy(&line).into_owned());
        }
        if let Err(e) = crate::signals::check_signals() {
            let _ = err.write_all(b"\n");
            return Line::Interrupted(e);
        }
        let mut fds = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
        // SAFETY: `fds` is one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&raw mut fds, 1, 100) };
        // Nothing ready, or a signal (poll is never restarted): check again.
        if ready == 0 || (ready < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted) {
            continue;
        }
        let mut chunk = [0u8; 4096];
        // SAFETY: `chunk` is writable for its whole length.
        let n = unsafe { libc::read(0, chunk.as_mut_ptr().cast(), chunk.len()) };
        if n > 0 {
            buf.extend_from_slice(&chunk[..n as usize]);
            continue;
        }
        if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        // End of input (or a read error): a last line without its newline
        // is still a line.
        if buf.is_empty() {
            let _ = err.write_all(b"\n");
            return Line::Eof;
        }
        let line: Vec<u8> = std::mem::take(&mut *buf);
        return Line::Text(String::from_utf8_lossy(&line).into_owned());
    }
}

/// `PyRun_InteractiveOneObjectEx`: reads one statement (more lines while
/// the parser needs them), compiles and runs it.
fn interactive_one(globals: &PyRef<DictObject>, cf_flags: &mut i32, optimize: i32) -> PyResult<One> {
    let mut source = String::new();
    let (parsed, warnings) = loop {
        let line = read_line(&prompt(if source.is_empty() { "ps1" } else { "ps2" }));
        let at_eof = matches!(line, Line::Eof);
        match line {
            Line::Text(l) => source.push_str(&l),
            Line::Eof if source.is_empty() => return Ok(One::Eof),
            // Input ended inside a statement: it ends there, as in a file.
            Line::Eof => {}
            Line::Interrupted(e) => return Err(e),
        }
        match parse_interactive(&source, at_eof) {
            (InteractiveParse::NeedMore, _) => continue,
            (InteractiveParse::Statement(m), w) => break (Ok(m), w),
            (InteractiveParse::Failed(e), w) => break (Err(e), w),
        }
    };
    let mut syntax_warnings: Vec<SyntaxWarning> = Vec::new();
    let code = emit_parser_warnings((parsed, warnings), &mut syntax_warnings).and_then(|mut tree| {
        crate::compile::compile_ast(&mut tree, FILENAME, *cf_flags, optimize, &mut syntax_warnings)
    });
    crate::builtins::introspect::emit_syntax_warnings(&syntax_warnings, FILENAME)?;
    let code = code.map_err(|e| crate::builtins::introspect::raise_compile_error(&e, FILENAME))?;
    let co = CodeObject::new(&code)?;
    *cf_flags |= co.flags & PY_CF_MASK;
    register_source(&co, source);
    let locals: ObjRef = object::into_obj(globals.clone());
    crate::vm::eval_code(co, globals.clone(), Some(locals))?;
    Ok(One::Done)
}

/// `run_mod`'s `linecache._register_code(code, source, "<stdin>")`: the
/// statement's lines for tracebacks, in the native printer and in the
/// `linecache` module (when it can be imported).
fn register_source(co: &PyRef<CodeObject>, source: String) {
    crate::errors::traceback::register_code(co, source.clone());
    let registered = (|| -> PyResult<()> {
        let linecache = crate::import::import_module("linecache")?;
        let register = object::get_attr_str(&linecache, "_register_code")?;
        let text = unicodeobject::from_string(source)?;
        let name = unicodeobject::from_str(FILENAME)?;
        crate::objects::call::call(&register, &[as_obj(&**co), as_obj(&*text), as_obj(&*name)])?;
        Ok(())
    })();
    if registered.is_err() {
        errors::clear();
    }
}
