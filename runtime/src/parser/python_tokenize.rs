//! The `_tokenize` module (Python/Python-tokenize.c): `TokenizerIter`,
//! which runs the interpreter's own tokenizer for Lib's `tokenize`
//! module, in the lexer's `extra_tokens` mode (comments and
//! non-logical newlines are tokens, a few checks are relaxed), yielding
//! `(type, string, (lineno, col), (end_lineno, end_col), line)` tuples
//! with character columns.
//!
//! `readline` is called until it is exhausted when the iterator is made
//! (CPython pulls lines as tokens need them), so an error it raises
//! surfaces from `TokenizerIter(...)` rather than from a later `next()`.

use std::sync::{Mutex, PoisonError};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::compile::CompileError;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::longobject;
use crate::objects::moduleobject;
use crate::objects::object::{self, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::parser::pegen::ParseError;
use crate::parser::token::TokenKind;
use crate::parser::tokenizer::{Config, Tokenizer};

/// The iteration state (`tokenizeriterobject`'s fields).
struct IterState {
    tok: Tokenizer,
    done: bool,
    /// `tok_extra_tokens`: Lib's tokenize module always asks for them.
    extra_tokens: bool,
}

/// A `_tokenize.TokenizerIter`.
#[repr(C)]
pub struct TokenizerIterObject {
    ob_base: ObjectHeader,
    /// Held for one `next()` (CPython's critical section on the object).
    state: Mutex<IterState>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TokenizerIterObject {}

impl PyClass for TokenizerIterObject {
    fn type_object() -> &'static TypeObject {
        &TOKENIZER_ITER_TYPE
    }
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Calls `readline` until it is exhausted (StopIteration or an empty
/// line), decoding bytes lines with `encoding` when one is given.
fn read_all(readline: &PyObject, encoding: Option<&PyObject>) -> PyResult<String> {
    let mut text = String::new();
    loop {
        let line = match object::call(readline, &[]) {
            Ok(l) => l,
            Err(e) if errors::exception_matches(exceptions::stop_iteration()) => {
                drop(e);
                errors::clear();
                break;
            }
            Err(e) => return Err(e),
        };
        let line = match encoding {
            Some(enc) => {
                let decode = object::get_attr_str(&line, "decode")?;
                object::call(&decode, &[enc])?
            }
            None => line,
        };
        let Some(s) = downcast::<StrObject>(&line) else {
            return Err(type_error(&format!(
                "readline() returned a non-string object: '{}'",
                object::type_of(&line).name()
            )));
        };
        let piece = s.to_string_lossy();
        if piece.is_empty() {
            break;
        }
        text.push_str(&piece);
    }
    Ok(text)
}

/// `tokenizeriter_new`: `TokenizerIter(readline, /, *, extra_tokens,
/// encoding=None)`.
fn tokenizeriter_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let [readline] = args.as_slice() else {
        return Err(type_error(&format!(
            "TokenizerIter() takes exactly 1 positional argument ({} given)",
            args.len()
        )));
    };
    let mut extra_tokens = None;
    let mut encoding = None;
    if let Some(k) = kwds {
        for (key, value) in k.items() {
            match object::str_lossy(&key).as_str() {
                "extra_tokens" => extra_tokens = Some(object::is_true(&value)?),
                "encoding" => encoding = Some(value),
                other => {
                    return Err(type_error(&format!("TokenizerIter() got an unexpected keyword argument '{other}'")));
                }
            }
        }
    }
    let Some(extra_tokens) = extra_tokens else {
        return Err(type_error("TokenizerIter() missing required keyword-only argument: 'extra_tokens'"));
    };
    let encoding = encoding.filter(|e| !object::is_none(e));
    let source = read_all(readline, encoding.as_deref())?;
    let mut tok = Tokenizer::from_str_with(&source, Config::default());
    tok.lexer_mut().set_extra_tokens(extra_tokens);
    tok.lexer_mut().set_report_warnings(false);
    let it = TokenizerIterObject {
        ob_base: ObjectHeader::new(&ty.head),
        state: Mutex::new(IterState { tok, done: false, extra_tokens }),
    };
    object::new_object(it).map(into_obj)
}

/// The number of characters in `s[from..to]` (`_PyPegen_byte_offset_to_character_offset`).
fn chars(s: &str, from: usize, to: usize) -> i64 {
    s.get(from..to).map_or(0, |t| t.chars().count() as i64)
}

/// `tokenizeriter_next`.
fn tokenizeriter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(it) = downcast::<TokenizerIterObject>(v) else { return Err(errors::bad_internal_call()) };
    let mut st = it.state.lock().unwrap_or_else(PoisonError::into_inner);
    let token = match st.tok.next_token() {
        Ok(t) => t,
        Err(e) => {
            return Err(crate::builtins::introspect::raise_compile_error(
                &CompileError::from(ParseError::Syntax(e)),
                "<string>",
            ));
        }
    };
    if st.done {
        return Ok(None);
    }
    let kind = token.kind;
    if kind == TokenKind::EndMarker {
        st.done = true;
    }
    let extra = st.extra_tokens;
    let tok = &st.tok;
    let lexer = tok.lexer();
    let source = tok.source();
    let mut text: String = match (token.start, token.end) {
        (Some(s), Some(e)) => source.get(s..e).unwrap_or("").to_owned(),
        _ => String::new(),
    };
    let trailing = kind == TokenKind::EndMarker
        || (kind == TokenKind::Dedent && lexer.done() == crate::parser::lexer::ErrorCode::Eof);
    let string_lit = matches!(kind, TokenKind::String | TokenKind::FstringMiddle | TokenKind::TstringMiddle);
    let (line_start, inp) = lexer.current_lines(string_lit);
    let (cur_line_start, _) = lexer.current_lines(false);
    // The added final newline is not part of the last line's text.
    let implicit_here = tok.implicit_newline() && inp == source.len();
    let line = if extra && trailing {
        String::new()
    } else {
        let mut end = inp;
        if end > line_start && implicit_here {
            end -= 1;
        }
        source.get(line_start..end).unwrap_or("").to_owned()
    };
    let mut lineno = if string_lit { lexer.first_lineno() } else { lexer.lineno() };
    let mut end_lineno = lexer.lineno();
    let mut col = -1;
    let mut end_col = -1;
    if let Some(s) = token.start
        && s >= line_start
    {
        col = chars(source, line_start, s);
    }
    if let Some(e) = token.end
        && e >= cur_line_start
    {
        end_col = chars(source, cur_line_start, e);
    }
    let mut ty = kind as i64;
    if extra {
        if trailing {
            lineno += 1;
            end_lineno = lineno;
            col = 0;
            end_col = 0;
        }
        if ty > TokenKind::Dedent as i64 && ty < TokenKind::Op as i64 {
            ty = TokenKind::Op as i64;
        } else if kind == TokenKind::Newline {
            text = if implicit_here { String::new() } else { "\n".to_owned() };
            end_col += 1;
        } else if kind == TokenKind::Nl && implicit_here {
            text.clear();
        }
    }
    drop(st);
    let pos = |a: i64, b: i64| -> PyResult<ObjRef> {
        let (a, b) = (longobject::from_i64(a)?, longobject::from_i64(b)?);
        tupleobject::from_slice(&[&*a, &*b]).map(into_obj)
    };
    let ty = longobject::from_i64(ty)?;
    let text = unicodeobject::from_string(text)?;
    let start = pos(lineno, col)?;
    let end = pos(end_lineno, end_col)?;
    let line = unicodeobject::from_string(line)?;
    tupleobject::from_slice(&[&*ty, as_obj(&*text), &*start, &*end, as_obj(&*line)]).map(|t| Some(into_obj(t)))
}

/// `_tokenize.TokenizerIter`.
pub static TOKENIZER_ITER_TYPE: TypeObject = TypeObject::new_static(
    "_tokenize.TokenizerIter",
    size_of::<TokenizerIterObject>(),
    object::dealloc_simple::<TokenizerIterObject>,
    TypeSlots {
        tp_getattro: Some(object::generic_get_attr),
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(tokenizeriter_next),
        tp_new: Some(tokenizeriter_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE);

/// `PyInit__tokenize`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_tokenize")?;
    TOKENIZER_ITER_TYPE.ready()?;
    m.add_object("TokenizerIter", as_obj(&TOKENIZER_ITER_TYPE))?;
    Ok(into_obj(m))
}
