//! `from __future__ import ...` handling: a port of CPython 3.14's
//! Python/future.c, plus the future and compiler flag bits of
//! Include/cpython/compile.h and Include/cpython/code.h that the symbol
//! table reads from [`FutureFeatures::ff_features`].

use crate::ast::{Mod, Stmt, StmtKind};
use crate::parser::error::{ErrorKind, SyntaxError};
use crate::symtable::{get_docstring, SourceLocation, NO_LOCATION};

/// `CO_FUTURE_BARRY_AS_BDFL` (Include/cpython/code.h).
pub const CO_FUTURE_BARRY_AS_BDFL: i32 = 0x40_0000;
/// `CO_FUTURE_ANNOTATIONS` (Include/cpython/code.h).
pub const CO_FUTURE_ANNOTATIONS: i32 = 0x100_0000;
/// `PyCF_ALLOW_TOP_LEVEL_AWAIT` (Include/cpython/compile.h): a compiler
/// flag the compiler merges into `ff_features` before building the symbol
/// table.
pub const PY_CF_ALLOW_TOP_LEVEL_AWAIT: i32 = 0x2000;

/// The feature names of Include/cpython/compile.h (`FUTURE_NESTED_SCOPES`
/// ... `FUTURE_ANNOTATIONS`) that are accepted and have no effect any more.
const MANDATORY_FEATURES: [&str; 8] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "generator_stop",
];

/// `_PyFutureFeatures` (Include/internal/pycore_symtable.h): the flags set by
/// future statements and the location of the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FutureFeatures {
    pub ff_features: i32,
    pub ff_location: SourceLocation,
}

impl Default for FutureFeatures {
    /// The state `_PyFuture_FromAST` starts from: no feature, no location.
    fn default() -> FutureFeatures {
        FutureFeatures {
            ff_features: 0,
            ff_location: NO_LOCATION,
        }
    }
}

/// A SyntaxError at `loc`, located the way `PyErr_RangedSyntaxLocationObject`
/// is called by future.c and symtable.c: 1-based UTF-8 byte offsets, no text.
pub(crate) fn syntax_error_at(msg: String, loc: SourceLocation) -> SyntaxError {
    SyntaxError {
        kind: ErrorKind::SyntaxError,
        msg,
        lineno: loc.lineno as i64,
        offset: loc.col_offset as i64 + 1,
        end_lineno: loc.end_lineno as i64,
        end_offset: loc.end_col_offset as i64 + 1,
        text: None,
    }
}

/// `future_check_features`: records the features one `from __future__
/// import` statement names, or fails on an unknown one.
fn future_check_features(
    ff: &mut FutureFeatures,
    names: &[crate::ast::Alias],
) -> Result<(), SyntaxError> {
    for name in names {
        let feature: &str = &name.name;
        if MANDATORY_FEATURES.contains(&feature) {
            continue;
        }
        match feature {
            "barry_as_FLUFL" => ff.ff_features |= CO_FUTURE_BARRY_AS_BDFL,
            "annotations" => ff.ff_features |= CO_FUTURE_ANNOTATIONS,
            "braces" => return Err(syntax_error_at("not a chance".to_owned(), name.loc)),
            _ => {
                // `%.100s`: at most 100 bytes of the UTF-8 name.
                let bytes = feature.as_bytes();
                let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(100)]);
                let msg = format!("future feature {shown} is not defined");
                return Err(syntax_error_at(msg, name.loc));
            }
        }
    }
    Ok(())
}

/// `future_parse`: scans the leading `from __future__ import` statements
/// (after an optional docstring) of a module or interactive input.
fn future_parse(ff: &mut FutureFeatures, body: &[Stmt]) -> Result<(), SyntaxError> {
    let start = usize::from(get_docstring(body).is_some());
    for s in &body[start.min(body.len())..] {
        match &s.kind {
            StmtKind::ImportFrom {
                module: Some(module),
                names,
                level: 0,
            } if &**module == "__future__" => {
                future_check_features(ff, names)?;
                ff.ff_location = s.loc;
            }
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// `_PyFuture_FromAST`: the future features of `module`. Only `Module` and
/// `Interactive` inputs can hold future statements.
pub fn future_from_ast(module: &Mod) -> Result<FutureFeatures, SyntaxError> {
    let mut ff = FutureFeatures::default();
    match module {
        Mod::Module(m) => future_parse(&mut ff, &m.body)?,
        Mod::Interactive { body } => future_parse(&mut ff, body)?,
        Mod::Expression { .. } | Mod::FunctionType { .. } => {}
    }
    Ok(ff)
}
