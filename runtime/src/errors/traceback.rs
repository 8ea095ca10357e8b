//! Tracebacks, ported from Python/traceback.c (`PyTraceBackObject`,
//! `PyTraceBack_Here`, `tb_displayline`, `tb_printinternal` with its
//! "[Previous line repeated N more times]" folding) and the display half
//! of Python/pythonrun.c (`PyErr_Display`, `print_exception_recursive`,
//! the cause/context banners).
//!
//! Deviation: a traceback entry keeps the code object and the
//! instruction offset of its frame instead of a frame object (rupy has no
//! frame objects yet); the line number is computed when it is created.

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::PyResult;
use crate::objects::codeobject::{CodeObject, Location};
use crate::objects::exceptions::BaseExceptionObject;
use crate::objects::object::{
    self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of,
};
use crate::objects::typeobject::{TypeObject, TypeSlots};

/// A traceback entry (`PyTracebackObject`).
#[repr(C)]
pub struct TracebackObject {
    ob_base: ObjectHeader,
    /// `tb_next`: the entry of the frame called from this one.
    tb_next: ObjSlot,
    /// The code running in the frame (in place of `tb_frame`).
    tb_code: PyRef<CodeObject>,
    /// `tb_lasti`, in code units.
    tb_lasti: usize,
    /// `tb_lineno`.
    tb_lineno: i32,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TracebackObject {}

impl PyClass for TracebackObject {
    fn type_object() -> &'static TypeObject {
        &TRACEBACK_TYPE
    }
}

/// `traceback` (`PyTraceBack_Type`).
pub static TRACEBACK_TYPE: TypeObject = TypeObject::new_static(
    "traceback",
    size_of::<TracebackObject>(),
    object::dealloc_simple::<TracebackObject>,
    TypeSlots::EMPTY,
);

/// `PyTraceBack_Here`: prepends an entry for the frame running `code`
/// at code unit `lasti` to `exc`'s `__traceback__`.
pub fn here(exc: &PyObject, code: &PyRef<CodeObject>, lasti: usize) -> PyResult<()> {
    let Some(e) = downcast::<BaseExceptionObject>(exc) else {
        return Ok(());
    };
    let tb = TracebackObject {
        ob_base: ObjectHeader::new(&TRACEBACK_TYPE.head),
        tb_next: ObjSlot::new(e.traceback()),
        tb_code: code.clone(),
        tb_lasti: lasti,
        tb_lineno: code.addr2line(lasti),
    };
    e.set_traceback_obj(Some(into_obj(object::new_object(tb)?)));
    Ok(())
}

/// The lines of a source file, read on demand (`linecache`).
fn source_line(filename: &str, lineno: i32) -> Option<String> {
    let n = usize::try_from(lineno).ok()?.checked_sub(1)?;
    let text = std::fs::read(filename).ok()?;
    let text = String::from_utf8_lossy(&text);
    text.lines().nth(n).map(str::to_owned)
}

/// The caret line under a source line (`_print_error_location` without
/// the anchors of binary operators, subscripts and calls): carets under
/// the instruction's columns, shown unless they would cover the whole
/// stripped line.
fn carets(line: &str, loc: Location) -> Option<String> {
    if loc.col < 0 || loc.end_col < 0 || loc.line != loc.end_line {
        return None;
    }
    let bytes = line.as_bytes();
    let (col, end) = (loc.col as usize, loc.end_col as usize);
    if end > bytes.len() || col >= end {
        return None;
    }
    let indent = bytes.len() - line.trim_start().len();
    let covers_all = line[..col].trim_start().is_empty() && line[end..].trim_end().is_empty();
    if covers_all || col < indent {
        return None;
    }
    let width = |s: &str| s.chars().count();
    let lead = width(&line[indent..col]);
    let span = width(&line[col..end]);
    Some(format!("    {}{}", " ".repeat(lead), "^".repeat(span)))
}

/// `tb_printinternal`: the entries, with runs of the same location
/// folded after three.
fn print_tb(out: &mut String, tb: Option<ObjRef>) {
    const CUTOFF: usize = 3;
    let mut last: Option<(String, i32, String)> = None;
    let mut count = 0usize;
    let mut cur = tb;
    while let Some(t) = cur {
        let Some(entry) = downcast::<TracebackObject>(&t) else {
            break;
        };
        let filename = entry.tb_code.filename_str();
        let name = entry.tb_code.name_str();
        let key = (filename.clone(), entry.tb_lineno, name.clone());
        if last.as_ref() == Some(&key) {
            count += 1;
        } else {
            if count > CUTOFF {
                fold_message(out, count - CUTOFF);
            }
            last = Some(key);
            count = 1;
        }
        if count <= CUTOFF {
            out.push_str(&format!(
                "  File \"{filename}\", line {}, in {name}\n",
                entry.tb_lineno
            ));
            if let Some(line) = source_line(&filename, entry.tb_lineno) {
                let stripped = line.trim();
                if !stripped.is_empty() {
                    out.push_str(&format!("    {stripped}\n"));
                    let loc = entry.tb_code.addr2location(entry.tb_lasti);
                    if let Some(c) = carets(&line, loc) {
                        out.push_str(&c);
                        out.push('\n');
                    }
                }
            }
        }
        cur = entry.tb_next.get();
    }
    if count > CUTOFF {
        fold_message(out, count - CUTOFF);
    }
}

fn fold_message(out: &mut String, n: usize) {
    let s = if n == 1 { "" } else { "s" };
    out.push_str(&format!("  [Previous line repeated {n} more time{s}]\n"));
}

/// The last line of a report: `Type: message` (the module prefix for
/// types outside `builtins`, the bare name for an empty message).
fn exception_line(exc: &PyObject) -> String {
    let ty = type_of(exc);
    let name = ty.name();
    let msg = match object::str(exc) {
        Ok(s) => s.to_string_lossy(),
        Err(_) => {
            crate::errors::clear();
            "<exception str() failed>".to_owned()
        }
    };
    if msg.is_empty() {
        format!("{name}\n")
    } else {
        format!("{name}: {msg}\n")
    }
}

/// `print_exception_recursive`: the cause or context first, with their
/// banners, then this exception's traceback and message. `seen` guards
/// against cycles.
fn print_recursive(out: &mut String, exc: &PyObject, seen: &mut Vec<usize>) {
    seen.push(core::ptr::from_ref(exc) as usize);
    if let Some(e) = downcast::<BaseExceptionObject>(exc) {
        let cause = e.cause();
        let context = if e.suppress_context() {
            None
        } else {
            e.context()
        };
        let unseen = |o: &ObjRef| !seen.contains(&(core::ptr::from_ref::<PyObject>(o) as usize));
        if let Some(c) = cause.filter(unseen) {
            print_recursive(out, &c, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if let Some(c) = context.filter(unseen) {
            print_recursive(out, &c, seen);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
        let tb = e.traceback();
        if tb.is_some() {
            out.push_str("Traceback (most recent call last):\n");
            print_tb(out, tb);
        }
    }
    out.push_str(&exception_line(exc));
}

/// `PyErr_Display`: the full report of `exc` as CPython prints it on
/// stderr for an uncaught exception.
pub fn format_exception(exc: &PyObject) -> String {
    let mut out = String::new();
    print_recursive(&mut out, exc, &mut Vec::new());
    out
}
