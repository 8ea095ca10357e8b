//! Shared by the codegen tests: compiling with rupy, reading the reference
//! results written by `data/codegen/ref_compile.py`, and comparing code
//! objects field by field, recursively.

use rupy::compile::code::{Code, ConstValue};
use rupy::compile::opcode::{CACHES, EXTENDED_ARG, OPNAME};
use rupy::compile::{compile_bytes, compile_module, CompileError};
use rupy::marshal;
use rupy::parser::parser::Mode;

/// What compiling a source gave: a code object or an error line
/// (`TYPE\tMSG\tLINENO\tOFFSET\tEND_LINENO\tEND_OFFSET`).
#[derive(Debug)]
pub enum Outcome {
    Code(Box<Code>),
    Error(String),
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

/// Decodes a hex string (as `bytes.hex()` writes it).
#[allow(dead_code)] // not every test that shares this module reads hex
pub fn from_hex(s: &str) -> Vec<u8> {
    unhex(s)
}

/// Parses one `ok HEX` / `err ...` line of the reference.
pub fn parse_reference(line: &str) -> Outcome {
    if let Some(h) = line.strip_prefix("ok ") {
        match marshal::loads(&unhex(h)).expect("reference marshal data") {
            ConstValue::Code(c) => Outcome::Code(c),
            v => panic!("reference result is not a code object: {v:?}"),
        }
    } else {
        Outcome::Error(line.strip_prefix("err ").expect("ok or err line").to_owned())
    }
}

/// The error line of a rupy compile error, in the reference's format.
pub fn error_line(e: &CompileError) -> String {
    match e {
        CompileError::Syntax(s) => {
            // An error without a location (line 0, no text: a codec error)
            // has no end in CPython.
            let located = s.lineno != 0 || s.text.is_some();
            let end = |v: i64| if located { v.to_string() } else { "None".to_owned() };
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                s.kind.name(),
                s.msg,
                s.lineno,
                s.offset,
                end(s.end_lineno),
                end(s.end_offset)
            )
        }
        e => format!("{}\t{}\t0\t0\t0\t0", e.type_name(), e.msg()),
    }
}

/// Compiles `source` with rupy as the reference script does.
#[allow(dead_code)] // not every test that shares this module compiles text
pub fn compile(source: &str, filename: &str) -> Outcome {
    match compile_module(source, filename, Mode::Exec, 0, 0) {
        Ok(c) => Outcome::Code(Box::new(c)),
        Err(e) => Outcome::Error(error_line(&e)),
    }
}

/// Compiles a source given as bytes (decoded by its BOM or coding
/// declaration, as `compile(bytes, ...)` does).
#[allow(dead_code)] // not every test that shares this module compiles bytes
pub fn compile_from_bytes(source: &[u8], filename: &str) -> Outcome {
    match compile_bytes(source, filename, Mode::Exec, 0, 0) {
        Ok(c) => Outcome::Code(Box::new(c)),
        Err(e) => Outcome::Error(error_line(&e)),
    }
}

/// `dis`-like listing of a code object's instructions (caches skipped).
pub fn disasm(co: &Code) -> Vec<String> {
    let mut out = Vec::new();
    let mut ext = 0u32;
    let mut i = 0;
    while i + 1 < co.code.len() {
        let (opc, arg) = (co.code[i] as usize, co.code[i + 1] as u32);
        let full = (ext << 8) | arg;
        if opc == EXTENDED_ARG as usize {
            ext = full;
        } else {
            out.push(format!("{:4} {} {}", i / 2, OPNAME[opc], full));
            ext = 0;
        }
        i += 2 + 2 * CACHES[opc] as usize;
    }
    out
}

/// The first difference between two code objects (every field,
/// recursively through nested code objects), with listings when the
/// instructions differ.
pub fn diff_code(mine: &Code, theirs: &Code) -> Option<String> {
    let at = theirs.qualname.as_str().unwrap_or("?").to_owned();
    if mine.code != theirs.code {
        let (a, b) = (disasm(mine), disasm(theirs));
        let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        let from = first.saturating_sub(4);
        return Some(format!(
            "{at}: code differs at instruction {first}\n  mine:      {:?}\n  reference: {:?}",
            &a[from.min(a.len())..(first + 6).min(a.len())],
            &b[from.min(b.len())..(first + 6).min(b.len())]
        ));
    }
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if mine.$f != theirs.$f {
                return Some(format!("{at}: {}: mine {:?} / reference {:?}", stringify!($f), mine.$f, theirs.$f));
            }
        )*};
    }
    cmp!(names, localsplusnames, localspluskinds, flags, argcount, posonlyargcount, kwonlyargcount, firstlineno, name,
        qualname, filename, stacksize, exceptiontable, linetable);
    if mine.consts.len() != theirs.consts.len() {
        return Some(format!("{at}: consts: mine {:?} / reference {:?}", mine.consts, theirs.consts));
    }
    for (a, b) in mine.consts.iter().zip(&theirs.consts) {
        match (a, b) {
            (ConstValue::Code(x), ConstValue::Code(y)) => {
                if let Some(d) = diff_code(x, y) {
                    return Some(d);
                }
            }
            _ if a != b => return Some(format!("{at}: consts: mine {a:?} / reference {b:?}")),
            _ => {}
        }
    }
    None
}

/// Compares rupy's outcome with the reference's; `None` when identical.
pub fn compare(mine: &Outcome, theirs: &Outcome) -> Option<String> {
    match (mine, theirs) {
        (Outcome::Code(a), Outcome::Code(b)) => diff_code(a, b),
        (Outcome::Error(a), Outcome::Error(b)) if a == b => None,
        (a, b) => Some(format!("mine {} / reference {}", short(a), short(b))),
    }
}

fn short(o: &Outcome) -> String {
    match o {
        Outcome::Code(_) => "a code object".into(),
        Outcome::Error(e) => format!("error {e:?}"),
    }
}
