//! The `builtins` module, ported from Python/bltinmodule.c (`print`,
//! `len`, `repr`, `ascii`, `abs`, `min` / `max` (`min_max`), `sum`,
//! `iter`, `next`, `hash`, `id`, `getattr` / `setattr` / `hasattr` /
//! `delattr`, `callable`, `chr`, `ord`, `isinstance`, `issubclass`, `all`,
//! `any`, `format`) and the function tables of native modules
//! ([`BuiltinDef`], vectorcall convention: positional arguments, then the
//! values of the keywords named in `kwnames`), whose function objects are
//! Objects/methodobject.c's (`crate::objects::methodobject`).

mod docs;
pub mod functional;
mod numeric;
pub mod introspect;

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use rupy_gc::PyRef;

use crate::errors::{self, PyResult};
use crate::objects::call;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{
    self, CompareOp, ObjRef, PyObject, as_obj, downcast, into_obj, type_of,
};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{self, TypeObject};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{
    methodobject, r#abstract as abs, boolobject, descrobject, dictobject, exceptions, floatobject, listobject,
    longobject, tupleobject,
};

/// A builtin function's implementation: positional arguments, then the
/// values of the keywords named in `kwnames`.
pub type BuiltinFn = fn(&[&PyObject], Option<&TupleObject>) -> PyResult<ObjRef>;

/// A module-level builtin function (`PyMethodDef` of a module).
pub struct BuiltinDef {
    /// `ml_name`.
    pub name: &'static str,
    /// `ml_meth` (`METH_FASTCALL | METH_KEYWORDS`).
    pub func: BuiltinFn,
}

/// A builtin function object for a module's function table
/// (`PyCFunction_NewEx` without `self`).
pub fn new_builtin_function(def: &'static BuiltinDef) -> PyResult<ObjRef> {
    methodobject::new_function(def, None, None)
}

/// A module's builtin function (`PyCFunction_NewEx` with the module as
/// `self` and its name as `__module__`).
pub fn new_module_function(def: &'static BuiltinDef, module: &PyObject, name: ObjRef) -> PyResult<ObjRef> {
    methodobject::new_function(def, Some(object::new_ref(module)), Some(name))
}

/// Docstrings (`ml_doc`) of module functions, by table entry address:
/// rupy's function tables carry none, a module registers them here.
static DOCS: std::sync::RwLock<Vec<(usize, &'static str)>> = std::sync::RwLock::new(Vec::new());

/// Gives `def` the internal docstring `doc` (a signature line ending in
/// `--` first, as in `ml_doc`, for `__text_signature__`).
pub fn set_doc(def: &'static BuiltinDef, doc: &'static str) {
    let key = core::ptr::from_ref(def) as usize;
    let mut docs = DOCS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    match docs.iter_mut().find(|(k, _)| *k == key) {
        Some(e) => e.1 = doc,
        None => docs.push((key, doc)),
    }
}

/// `ml_doc` of a module function: the builtins module's own from
/// [`docs`], others' as registered with [`set_doc`].
pub(crate) fn doc_of(def: &'static BuiltinDef) -> Option<&'static str> {
    let p = core::ptr::from_ref(def);
    if [&FUNCTIONS[..], &introspect::FUNCTIONS[..], &numeric::FUNCTIONS[..]]
        .iter()
        .any(|t| t.as_ptr_range().contains(&p))
    {
        return docs::internal_doc(def.name);
    }
    let key = p as usize;
    DOCS.read().unwrap_or_else(std::sync::PoisonError::into_inner).iter().find(|(k, _)| *k == key).map(|e| e.1)
}

// ---------------------------------------------------------------------
// Argument parsing (the `Argument Clinic` output, by hand).

/// Splits `args` into positional arguments and the keyword values of
/// `names` (each at most once); unknown keywords are CPython's error.
fn parse<'a, const N: usize>(
    fname: &str,
    args: &[&'a PyObject],
    kwnames: Option<&TupleObject>,
    names: [&str; N],
) -> PyResult<(Vec<&'a PyObject>, [Option<&'a PyObject>; N])> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let mut out = [None; N];
    if let Some(kw) = kwnames {
        for (k, v) in kw.as_slice().iter().zip(&args[npos..]) {
            let key = object::str_lossy(k);
            match names.iter().position(|n| *n == key) {
                Some(i) => out[i] = Some(*v),
                None => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("{fname}() got an unexpected keyword argument '{key}'"),
                    ));
                }
            }
        }
    }
    Ok((args[..npos].to_vec(), out))
}

/// Rejects keyword arguments (`_PyArg_NoKwnames`).
fn no_kwargs(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<usize> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname}() takes no keyword arguments"),
        ));
    }
    Ok(args.len())
}

/// `_PyArg_CheckPositional`: `min..=max` positional arguments. A function
/// of exactly one argument is `METH_O` in CPython and words its error as
/// `cfunction_vectorcall_O` does.
fn check_positional(fname: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let msg = if (min, max) == (1, 1) && n != 1 {
        format!("{fname}() takes exactly one argument ({n} given)")
    } else if n < min {
        format!("{fname} expected {}{min} argument{}, got {n}", if min == max { "" } else { "at least " }, plural(min))
    } else if n > max {
        format!("{fname} expected {}{max} argument{}, got {n}", if min == max { "" } else { "at most " }, plural(max))
    } else {
        return Ok(());
    };
    Err(errors::set_string(exceptions::type_error(), &msg))
}

/// Positional-only arguments between `min` and `max`, no keywords.
fn positional<'a>(
    fname: &str,
    args: &[&'a PyObject],
    kwnames: Option<&TupleObject>,
    min: usize,
    max: usize,
) -> PyResult<Vec<&'a PyObject>> {
    let n = no_kwargs(fname, args, kwnames)?;
    check_positional(fname, n, min, max)?;
    Ok(args.to_vec())
}

// ---------------------------------------------------------------------
// Standard output (`sys.stdout`'s buffered writer).

/// Block-buffered standard output, as CPython's `sys.stdout` when it is
/// not a terminal (line-buffered when it is one).
static STDOUT: Mutex<Option<std::io::BufWriter<std::io::Stdout>>> = Mutex::new(None);

/// Writes text to standard output.
pub(crate) fn write_stdout(s: &str) -> PyResult<()> {
    let mut guard = STDOUT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let w = guard.get_or_insert_with(|| std::io::BufWriter::with_capacity(8192, std::io::stdout()));
    let res = w.write_all(s.as_bytes()).and_then(|()| {
        if crate::sysmod::unbuffered() || (s.contains('\n') && std::io::IsTerminal::is_terminal(&std::io::stdout())) {
            w.flush()
        } else {
            Ok(())
        }
    });
    res.map_err(|e| match e.raw_os_error() {
        Some(errno) => exceptions::set_from_errno(errno, None),
        None => errors::set_string(exceptions::runtime_error(), &format!("write to stdout failed: {e}")),
    })
}

/// Flushes standard output (`flush_std_files` at exit).
pub fn flush_stdout() {
    let mut guard = STDOUT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(w) = guard.as_mut() {
        let _ = w.flush();
    }
}

// ---------------------------------------------------------------------
// The functions.

/// Text of a `str` object, checked.
fn str_arg<'a>(v: &'a PyObject, what: &str) -> PyResult<&'a StrObject> {
    downcast::<StrObject>(v).ok_or_else(|| {
        errors::set_string(
            exceptions::type_error(),
            &format!("{what} must be None or a string, not {}", type_of(v).name()),
        )
    })
}

/// `builtin_print_impl`.
fn builtin_print(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (objs, [sep, end, file, flush]) =
        parse("print", args, kwnames, ["sep", "end", "file", "flush"])?;
    let sep = sep.filter(|s| !object::is_none(s));
    let end = end.filter(|s| !object::is_none(s));
    if let Some(s) = sep {
        str_arg(s, "sep")?;
    }
    if let Some(e) = end {
        str_arg(e, "end")?;
    }
    // `file=None` means `sys.stdout`, looked up at each call (doctest and
    // contextlib.redirect_stdout replace it); None there prints nothing.
    let sys_stdout;
    let file = match file.filter(|f| !object::is_none(f)) {
        Some(f) => Some(f),
        None => {
            sys_stdout = crate::import::builtin_module("sys").and_then(|sys| object::get_attr_str(&sys, "stdout"));
            match &sys_stdout {
                Ok(f) if object::is_none(f) => return Ok(object::none()),
                Ok(f) if crate::sysmod::stdio::is_std_stream(f, 1) => None,
                Ok(f) => Some(&**f),
                Err(_) => {
                    errors::clear();
                    return Err(errors::set_string(exceptions::runtime_error(), "lost sys.stdout"));
                }
            }
        }
    };
    match file {
        None => {
            let sep_s = sep.and_then(downcast::<StrObject>).map_or_else(|| " ".to_owned(), StrObject::to_string_lossy);
            let end_s = end.and_then(downcast::<StrObject>).map_or_else(|| "\n".to_owned(), StrObject::to_string_lossy);
            let mut out = String::new();
            for (i, o) in objs.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep_s);
                }
                out.push_str(&object::str(o)?.to_string_lossy());
            }
            out.push_str(&end_s);
            write_stdout(&out)?;
            if let Some(f) = flush
                && object::is_true(f)?
            {
                flush_stdout();
            }
        }
        Some(f) => {
            // One `write` per object, separator and end, as
            // `PyFile_WriteObject` / `PyFile_WriteString` make them.
            let write = object::get_attr_str(f, "write")?;
            let sep_obj = match sep {
                Some(s) => object::new_ref(s),
                None => unicodeobject::from_static(" ")?,
            };
            for (i, o) in objs.iter().enumerate() {
                if i > 0 {
                    call::call(&write, &[&sep_obj])?;
                }
                call::call(&write, &[as_obj(&*object::str(o)?)])?;
            }
            let end_obj = match end {
                Some(e) => object::new_ref(e),
                None => unicodeobject::from_static("\n")?,
            };
            call::call(&write, &[&end_obj])?;
            if let Some(fl) = flush
                && object::is_true(fl)?
            {
                let m = object::get_attr_str(f, "flush")?;
                call::call(&m, &[])?;
            }
        }
    }
    Ok(object::none())
}

/// `sys.<name>` for `input()`: RuntimeError "lost sys.<name>"
/// when it is missing or None.
fn input_stream(name: &str) -> PyResult<ObjRef> {
    let sys = crate::import::builtin_module("sys")?;
    match object::get_attr_str(&sys, name) {
        Ok(f) if !object::is_none(&f) => Ok(f),
        Ok(_) => Err(errors::set_string(exceptions::runtime_error(), &format!("lost sys.{name}"))),
        Err(_) => {
            errors::clear();
            Err(errors::set_string(exceptions::runtime_error(), &format!("lost sys.{name}")))
        }
    }
}

/// Calls `f.flush()`, ignoring its errors, as `_PyFile_Flush` in input().
fn flush_ignoring_errors(f: &PyObject) {
    if object::get_attr_str(f, "flush").and_then(|m| call::call(&m, &[])).is_err() {
        errors::clear();
    }
}

/// `builtin_input_impl`: the prompt goes to `sys.stdout`, the line comes
/// from `sys.stdin.readline()` (`PyFile_GetLine(fin, -1)`), without its
/// newline; an empty read is EOFError. rupy has no readline module, so
/// interactive terminals take this path too.
fn builtin_input(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("input", args, kwnames, 0, 1)?;
    let fin = input_stream("stdin")?;
    let fout = input_stream("stdout")?;
    let ferr = input_stream("stderr")?;
    flush_ignoring_errors(&ferr);
    if let Some(prompt) = a.first() {
        let text = object::str(prompt)?;
        let write = object::get_attr_str(&fout, "write")?;
        call::call(&write, &[as_obj(&*text)])?;
    }
    flush_ignoring_errors(&fout);
    let readline = object::get_attr_str(&fin, "readline")?;
    let line = call::call(&readline, &[])?;
    let (len, ends_with_newline) = if let Some(s) = downcast::<StrObject>(&line) {
        (s.len(), s.len() > 0 && s.data().get(s.len() - 1) == u32::from(b'\n'))
    } else if let Some(b) = downcast::<crate::objects::bytesobject::BytesObject>(&line) {
        (b.as_bytes().len(), b.as_bytes().last() == Some(&b'\n'))
    } else {
        return Err(errors::set_string(exceptions::type_error(), "object.readline() returned non-string"));
    };
    if len == 0 {
        return Err(errors::set_string(exceptions::eof_error(), "EOF when reading a line"));
    }
    if !ends_with_newline {
        return Ok(line);
    }
    match downcast::<crate::objects::bytesobject::BytesObject>(&line) {
        Some(b) => crate::objects::bytesobject::from_bytes(&b.as_bytes()[..len - 1]).map(into_obj),
        None => unicodeobject::substring(&line, 0, len - 1),
    }
}

/// `builtin_len`.
fn builtin_len(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("len", args, kwnames, 1, 1)?;
    longobject::from_i64(abs::size(a[0])? as i64)
}

/// `builtin_repr`.
fn builtin_repr_fn(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("repr", args, kwnames, 1, 1)?;
    object::repr(a[0]).map(into_obj)
}

/// `builtin_ascii`.
fn builtin_ascii(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("ascii", args, kwnames, 1, 1)?;
    crate::vm::eval::ascii(a[0])
}

/// `builtin_format`.
fn builtin_format(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("format", args, kwnames, 1, 2)?;
    let empty = unicodeobject::from_static("")?;
    crate::vm::eval::format(a[0], a.get(1).copied().unwrap_or(&empty))
}

/// `builtin_abs` (`PyNumber_Absolute`).
fn builtin_abs(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("abs", args, kwnames, 1, 1)?;
    match type_of(a[0]).slots.nb_absolute.get() {
        Some(f) => f(a[0]),
        None => abs::absolute(a[0]),
    }
}

/// `min_max`: `op` is `Lt` for `min`, `Gt` for `max`.
fn min_max(
    fname: &str,
    args: &[&PyObject],
    kwnames: Option<&TupleObject>,
    op: CompareOp,
) -> PyResult<ObjRef> {
    let (pos, [key, default]) = parse(fname, args, kwnames, ["key", "default"])?;
    let key = key.filter(|k| !object::is_none(k));
    let items: Vec<ObjRef> = match pos.len() {
        0 => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{fname} expected at least 1 argument, got 0"),
            ));
        }
        1 => abs::collect(pos[0])?,
        _ => {
            if default.is_some() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "Cannot specify a default for {fname}() with multiple positional arguments"
                    ),
                ));
            }
            pos.iter().map(|o| object::new_ref(*o)).collect()
        }
    };
    let mut best: Option<(ObjRef, ObjRef)> = None;
    for item in items {
        let k = match key {
            Some(f) => call::call(f, &[&item])?,
            None => item.clone(),
        };
        let better = match &best {
            None => true,
            Some((_, bk)) => object::rich_compare_bool(&k, bk, op)?,
        };
        if better {
            best = Some((item, k));
        }
    }
    match best {
        Some((item, _)) => Ok(item),
        None => match default {
            Some(d) => Ok(object::new_ref(d)),
            None => Err(errors::set_string(
                exceptions::value_error(),
                &format!("{fname}() iterable argument is empty"),
            )),
        },
    }
}

fn builtin_min(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    min_max("min", args, kwnames, CompareOp::Lt)
}

fn builtin_max(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    min_max("max", args, kwnames, CompareOp::Gt)
}

/// `builtin_sum_impl`.
fn builtin_sum(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, [start_kw]) = parse("sum", args, kwnames, ["start"])?;
    check_positional("sum", pos.len(), 1, 2)?;
    let start = pos.get(1).copied().or(start_kw);
    let acc = match start {
        Some(s) => {
            if downcast::<StrObject>(s).is_some() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    "sum() can't sum strings [use ''.join(seq) instead]",
                ));
            }
            if downcast::<crate::objects::bytesobject::BytesObject>(s).is_some() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    "sum() can't sum bytes [use b''.join(seq) instead]",
                ));
            }
            object::new_ref(s)
        }
        None => longobject::from_i64(0)?,
    };
    let it = abs::get_iter(pos[0])?;
    numeric::sum_from(&it, acc)
}

/// `builtin_iter`: `iter(iterable)` or `iter(callable, sentinel)`.
fn builtin_iter(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("iter", args, kwnames, 1, 2)?;
    match a[..] {
        [callable, sentinel] => {
            if !call::is_callable(callable) {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    "iter(v, w): v must be callable",
                ));
            }
            crate::objects::iterobject::new_call_iter(callable, sentinel)
        }
        _ => abs::get_iter(a[0]),
    }
}

/// `builtin_next`.
fn builtin_next(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("next", args, kwnames, 1, 2)?;
    let Some(next) = type_of(a[0]).slots.tp_iternext.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not an iterator", type_of(a[0]).name()),
        ));
    };
    // The iterator's own StopIteration (a generator's carries its return
    // value) propagates unless there is a default.
    match (next(a[0]), a.get(1)) {
        (Ok(Some(v)), _) => Ok(v),
        (Ok(None), Some(d)) => Ok(object::new_ref(*d)),
        (Ok(None), None) => Err(errors::set_none(exceptions::stop_iteration())),
        (Err(e), Some(d)) if errors::exception_matches(exceptions::stop_iteration()) => {
            drop(e);
            errors::clear();
            Ok(object::new_ref(*d))
        }
        (Err(e), _) => Err(e),
    }
}

/// `builtin_sorted`: a new list of the items, sorted by `list.sort`
/// with the same keywords.
fn builtin_sorted(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos != 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("sorted expected 1 argument, got {npos}"),
        ));
    }
    let list = call::call(object::as_obj(&listobject::LIST_TYPE), &[args[0]])?;
    let sort = object::get_attr(&list, &*unicodeobject::intern_str("sort")?)?;
    call::vectorcall(&sort, &args[1..], kwnames)?;
    Ok(list)
}

/// `builtin_hash`.
fn builtin_hash(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("hash", args, kwnames, 1, 1)?;
    longobject::from_i64(object::hash(a[0])? as i64)
}

/// `builtin_id`: the object's address.
fn builtin_id(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("id", args, kwnames, 1, 1)?;
    longobject::from_bigint(num_bigint::BigInt::from(core::ptr::from_ref(a[0]) as usize))
}

/// `builtin_getattr`.
fn builtin_getattr(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("getattr", args, kwnames, 2, 3)?;
    if downcast::<StrObject>(a[1]).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "attribute name must be string, not '{}'",
                type_of(a[1]).name()
            ),
        ));
    }
    match object::get_attr(a[0], a[1]) {
        Ok(v) => Ok(v),
        Err(e) => match a.get(2) {
            Some(d) if errors::exception_matches(exceptions::attribute_error()) => {
                errors::clear();
                Ok(object::new_ref(*d))
            }
            _ => Err(e),
        },
    }
}

/// `builtin_hasattr_impl`.
fn builtin_hasattr(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("hasattr", args, kwnames, 2, 2)?;
    match object::get_attr(a[0], a[1]) {
        Ok(_) => Ok(boolobject::from_bool(true)),
        Err(e) => {
            if errors::exception_matches(exceptions::attribute_error()) {
                errors::clear();
                Ok(boolobject::from_bool(false))
            } else {
                Err(e)
            }
        }
    }
}

/// `builtin_setattr_impl`.
fn builtin_setattr(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("setattr", args, kwnames, 3, 3)?;
    object::set_attr(a[0], a[1], Some(a[2]))?;
    Ok(object::none())
}

/// `builtin_delattr_impl`.
fn builtin_delattr(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("delattr", args, kwnames, 2, 2)?;
    object::set_attr(a[0], a[1], None)?;
    Ok(object::none())
}

/// `builtin_callable`.
fn builtin_callable(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("callable", args, kwnames, 1, 1)?;
    Ok(boolobject::from_bool(call::is_callable(a[0])))
}

/// `builtin_chr`.
fn builtin_chr(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("chr", args, kwnames, 1, 1)?;
    let Some(i) = downcast::<longobject::IntObject>(a[0]) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "'{}' object cannot be interpreted as an integer",
                type_of(a[0]).name()
            ),
        ));
    };
    match i
        .as_i64()
        .and_then(|v| u32::try_from(v).ok())
        .filter(|&v| v < 0x11_0000)
    {
        Some(c) => unicodeobject::from_char(c),
        None => {
            if i.as_i64().is_none() {
                return Err(errors::set_string(
                    exceptions::overflow_error(),
                    "Python int too large to convert to C int",
                ));
            }
            Err(errors::set_string(
                exceptions::value_error(),
                "chr() arg not in range(0x110000)",
            ))
        }
    }
}

/// `builtin_ord`.
fn builtin_ord(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("ord", args, kwnames, 1, 1)?;
    let Some(s) = downcast::<StrObject>(a[0]) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "ord() expected string of length 1, but {} found",
                type_of(a[0]).name()
            ),
        ));
    };
    if s.len() != 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "ord() expected a character, but string of length {} found",
                s.len()
            ),
        ));
    }
    longobject::from_i64(i64::from(s.data().get(0)))
}

/// `builtin_isinstance_impl`.
fn builtin_isinstance(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("isinstance", args, kwnames, 2, 2)?;
    abs::is_instance(a[0], a[1]).map(boolobject::from_bool)
}

/// `builtin_issubclass_impl`.
fn builtin_issubclass(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("issubclass", args, kwnames, 2, 2)?;
    abs::is_subclass(a[0], a[1]).map(boolobject::from_bool)
}

/// `builtin_all` / `builtin_any`: stops at the first item whose truth is
/// `stop_on`.
fn all_any(
    fname: &str,
    args: &[&PyObject],
    kwnames: Option<&TupleObject>,
    stop_on: bool,
) -> PyResult<ObjRef> {
    let a = positional(fname, args, kwnames, 1, 1)?;
    let it = abs::get_iter(a[0])?;
    while let Some(item) = abs::iter_next(&it)? {
        if object::is_true(&item)? == stop_on {
            return Ok(boolobject::from_bool(stop_on));
        }
    }
    Ok(boolobject::from_bool(!stop_on))
}

fn builtin_all(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    all_any("all", args, kwnames, false)
}

fn builtin_any(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    all_any("any", args, kwnames, true)
}

/// `update_bases`: bases that are not classes but have `__mro_entries__`
/// are replaced by what it returns (None when nothing changed).
fn update_bases(bases: &[&PyObject]) -> PyResult<Option<Vec<ObjRef>>> {
    let mut out: Option<Vec<ObjRef>> = None;
    let orig = tupleobject::from_slice(bases)?;
    for (i, b) in bases.iter().enumerate() {
        let entries = if downcast::<TypeObject>(b).is_some() {
            None
        } else {
            match object::get_attr_str(b, "__mro_entries__") {
                Ok(f) => Some(f),
                Err(_) if errors::exception_matches(exceptions::attribute_error()) => {
                    errors::clear();
                    None
                }
                Err(e) => return Err(e),
            }
        };
        match entries {
            Some(f) => {
                let r = call::call(&f, &[as_obj(&*orig)])?;
                let Some(t) = downcast::<TupleObject>(&r) else {
                    return Err(errors::set_string(exceptions::type_error(), "__mro_entries__ must return a tuple"));
                };
                let v = out.get_or_insert_with(|| bases[..i].iter().map(|x| object::new_ref(*x)).collect());
                v.extend(t.as_slice().iter().cloned());
            }
            None => {
                if let Some(v) = out.as_mut() {
                    v.push(object::new_ref(*b));
                }
            }
        }
    }
    Ok(out)
}

/// `builtin___build_class__`: runs the class body in a fresh namespace
/// and calls the metaclass (the most derived metaclass of the bases, or
/// `metaclass=`) with the name, bases, namespace and remaining keywords.
fn builtin_build_class(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos < 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            "__build_class__: not enough arguments",
        ));
    }
    let Some(func) = crate::objects::funcobject::as_function(args[0]) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            "__build_class__: func must be a function",
        ));
    };
    let name = args[1];
    if downcast::<StrObject>(name).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            "__build_class__: name is not a string",
        ));
    }
    let orig_bases = &args[2..npos];
    let updated = update_bases(orig_bases)?;
    let bases: Vec<&PyObject> = match &updated {
        Some(v) => v.iter().map(|b| &**b).collect(),
        None => orig_bases.to_vec(),
    };
    let bases = &bases[..];
    let mut meta: Option<&PyObject> = None;
    let mut rest_names: Vec<&PyObject> = Vec::new();
    let mut rest_values: Vec<&PyObject> = Vec::new();
    if let Some(kw) = kwnames {
        for (k, v) in kw.as_slice().iter().zip(&args[npos..]) {
            if object::str_lossy(k) == "metaclass" {
                meta = Some(*v);
            } else {
                rest_names.push(k);
                rest_values.push(*v);
            }
        }
    }
    // `_PyType_CalculateMetaclass`: the most derived of the bases' types.
    let mut winner: &PyObject = match meta {
        Some(m) => m,
        None => bases
            .first()
            .map_or(as_obj(&typeobject::TYPE_TYPE), |b| as_obj(type_of(b))),
    };
    if downcast::<TypeObject>(winner).is_some() {
        for b in bases {
            let bt = type_of(b);
            let Some(w) = downcast::<TypeObject>(winner) else {
                break;
            };
            if bt.is_subtype(w) {
                winner = as_obj(bt);
            } else if !w.is_subtype(bt) {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
                ));
            }
        }
    }
    let bases_t = tupleobject::from_slice(bases)?;
    // `meta.__prepare__(name, bases, **kwds)` gives the namespace.
    let ns = match object::get_attr_str(winner, "__prepare__") {
        Ok(prep) => {
            let names = if rest_names.is_empty() {
                None
            } else {
                Some(tupleobject::from_slice(&rest_names)?)
            };
            let mut pargs: Vec<&PyObject> = vec![name, as_obj(&*bases_t)];
            pargs.extend(rest_values.iter().copied());
            let ns = call::vectorcall(&prep, &pargs, names.as_deref())?;
            if type_of(&ns).slots.mp_subscript.get().is_none() {
                let what = match downcast::<TypeObject>(winner) {
                    Some(t) => t.name().to_owned(),
                    None => "<metaclass>".to_owned(),
                };
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "{what}.__prepare__() must return a mapping, not {}",
                        type_of(&ns).name()
                    ),
                ));
            }
            ns
        }
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            into_obj(DictObject::new()?)
        }
        Err(e) => return Err(e),
    };
    let cell = crate::vm::eval::run_class_body(func, ns.clone())?;
    if updated.is_some() {
        let orig = tupleobject::from_slice(orig_bases)?;
        let key = unicodeobject::from_str("__orig_bases__")?;
        crate::objects::r#abstract::set_item(&ns, as_obj(&*key), as_obj(&*orig))?;
    }
    let mut margs: Vec<&PyObject> = vec![name, as_obj(&*bases_t), &ns];
    margs.extend(rest_values);
    let names = if rest_names.is_empty() {
        None
    } else {
        Some(tupleobject::from_slice(&rest_names)?)
    };
    let cls = call::vectorcall(winner, &margs, names.as_deref())?;
    if let Some(c) = downcast::<crate::objects::cellobject::CellObject>(&cell)
        && c.get().is_none()
    {
        c.set(Some(cls.clone()));
    }
    Ok(cls)
}

static FUNCTIONS: [BuiltinDef; 27] = [
    BuiltinDef {
        name: "__build_class__",
        func: builtin_build_class,
    },
    BuiltinDef {
        name: "abs",
        func: builtin_abs,
    },
    BuiltinDef {
        name: "all",
        func: builtin_all,
    },
    BuiltinDef {
        name: "any",
        func: builtin_any,
    },
    BuiltinDef {
        name: "ascii",
        func: builtin_ascii,
    },
    BuiltinDef {
        name: "callable",
        func: builtin_callable,
    },
    BuiltinDef {
        name: "chr",
        func: builtin_chr,
    },
    BuiltinDef {
        name: "delattr",
        func: builtin_delattr,
    },
    BuiltinDef {
        name: "format",
        func: builtin_format,
    },
    BuiltinDef {
        name: "getattr",
        func: builtin_getattr,
    },
    BuiltinDef {
        name: "hasattr",
        func: builtin_hasattr,
    },
    BuiltinDef {
        name: "hash",
        func: builtin_hash,
    },
    BuiltinDef {
        name: "id",
        func: builtin_id,
    },
    BuiltinDef {
        name: "isinstance",
        func: builtin_isinstance,
    },
    BuiltinDef {
        name: "input",
        func: builtin_input,
    },
    BuiltinDef {
        name: "issubclass",
        func: builtin_issubclass,
    },
    BuiltinDef {
        name: "iter",
        func: builtin_iter,
    },
    BuiltinDef {
        name: "len",
        func: builtin_len,
    },
    BuiltinDef {
        name: "max",
        func: builtin_max,
    },
    BuiltinDef {
        name: "min",
        func: builtin_min,
    },
    BuiltinDef {
        name: "next",
        func: builtin_next,
    },
    BuiltinDef {
        name: "ord",
        func: builtin_ord,
    },
    BuiltinDef {
        name: "print",
        func: builtin_print,
    },
    BuiltinDef {
        name: "repr",
        func: builtin_repr_fn,
    },
    BuiltinDef {
        name: "setattr",
        func: builtin_setattr,
    },
    BuiltinDef {
        name: "sorted",
        func: builtin_sorted,
    },
    BuiltinDef {
        name: "sum",
        func: builtin_sum,
    },
];

/// The builtin types bound by name in the module.
fn builtin_types() -> Vec<&'static TypeObject> {
    let mut v: Vec<&'static TypeObject> = vec![
        &typeobject::OBJECT_TYPE,
        &typeobject::TYPE_TYPE,
        &longobject::INT_TYPE,
        &boolobject::BOOL_TYPE,
        &floatobject::FLOAT_TYPE,
        &unicodeobject::STR_TYPE,
        &tupleobject::TUPLE_TYPE,
        &listobject::LIST_TYPE,
        &dictobject::DICT_TYPE,
        &typeobject::superobject::SUPER_TYPE,
        &descrobject::PROPERTY_TYPE,
        &descrobject::CLASSMETHOD_TYPE,
        &descrobject::STATICMETHOD_TYPE,
        &functional::MAP_TYPE,
        &functional::FILTER_TYPE,
        &functional::ZIP_TYPE,
        &crate::objects::rangeobject::RANGE_TYPE,
        &crate::objects::sliceobject::SLICE_TYPE,
        &crate::objects::enumobject::ENUMERATE_TYPE,
        &crate::objects::enumobject::REVERSED_TYPE,
        &crate::objects::setobject::SET_TYPE,
        &crate::objects::setobject::FROZENSET_TYPE,
        &crate::objects::bytesobject::BYTES_TYPE,
        &crate::objects::bytearrayobject::BYTEARRAY_TYPE,
        &crate::objects::memoryobject::MEMORYVIEW_TYPE,
        &crate::objects::complexobject::COMPLEX_TYPE,
    ];
    v.extend(exceptions::static_exception_types());
    v
}

/// Builtin functions that native modules add (`open` from `_io`),
/// registered before the namespace is first made.
static EXTRA_FUNCTIONS: std::sync::Mutex<Vec<&'static BuiltinDef>> = std::sync::Mutex::new(Vec::new());

/// Adds `def` to the builtins namespace made later (`builtins.open` is
/// `_io.open`). Call before anything runs.
pub fn register_builtin_function(def: &'static BuiltinDef) {
    EXTRA_FUNCTIONS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(def);
}

/// The calling thread's interpreter's `builtins` namespace.
pub fn builtins_dict() -> PyResult<PyRef<DictObject>> {
    crate::state::interpreters::with_current(crate::state::interpreters::Interpreter::builtins)
}

/// An interpreter's `builtins` namespace (`_PyBuiltin_Init`): the main
/// interpreter's is the one its builtin functions belong to; another's is
/// a copy of that namespace as it was made, so that every interpreter
/// starts with the same (immortal) builtin functions and types and its
/// changes stay its own.
pub fn new_builtins_namespace(main: bool) -> PyResult<PyRef<DictObject>> {
    let parts = builtins_parts()?;
    if main {
        // SAFETY: the stored pointer is of the immortal dict made in
        // `builtins_parts`.
        return Ok(PyRef::new_ref(unsafe { &*(parts.dict as *const DictObject) }));
    }
    // SAFETY: as above, for the pristine copy.
    unsafe { &*(parts.pristine as *const DictObject) }.copy()
}

/// The calling thread's interpreter's `builtins` module: in the main
/// interpreter the `__self__` of the builtin functions, elsewhere a module
/// over that interpreter's namespace.
pub fn builtins_module() -> PyResult<ObjRef> {
    if crate::state::interpreters::in_main() {
        let parts = builtins_parts()?;
        // SAFETY: the stored pointer is of the immortal module made in
        // `builtins_parts`.
        return Ok(object::new_ref(unsafe { &*(parts.module as *const PyObject) }));
    }
    crate::objects::moduleobject::new_module_with_dict("builtins", builtins_dict()?).map(into_obj)
}

/// The addresses of the immortal builtins namespace and module, and of an
/// untouched copy of the namespace for other interpreters.
#[derive(Clone, Copy)]
struct BuiltinsParts {
    dict: usize,
    module: usize,
    pristine: usize,
}

/// Makes the [`BuiltinsParts`] once.
fn builtins_parts() -> PyResult<BuiltinsParts> {
    static PARTS: OnceLock<BuiltinsParts> = OnceLock::new();
    if let Some(&p) = PARTS.get() {
        return Ok(p);
    }
    crate::vm::ready_types();
    let d = DictObject::new()?;
    let module = crate::objects::moduleobject::new_module_with_dict("builtins", d.clone())?;
    module.header().set_immortal();
    let module = into_obj(module);
    let module_name = into_obj(unicodeobject::intern_str("builtins")?);
    let extra: Vec<&'static BuiltinDef> = EXTRA_FUNCTIONS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for def in FUNCTIONS.iter().chain(&introspect::FUNCTIONS).chain(&numeric::FUNCTIONS).chain(extra) {
        let f = methodobject::new_function(def, Some(module.clone()), Some(module_name.clone()))?;
        f.header().set_immortal();
        d.set_item(&*unicodeobject::intern_str(def.name)?, &f)?;
    }
    for t in builtin_types() {
        d.set_item(&*unicodeobject::intern_str(t.name())?, as_obj(t))?;
    }
    for (name, v) in exceptions::builtin_entries()? {
        d.set_item(&*unicodeobject::intern_str(name)?, &v)?;
    }
    crate::import::machinery::add_builtins(&d, &module, module_name)?;
    d.set_item(&*unicodeobject::intern_str("None")?, &object::NONE)?;
    d.set_item(&*unicodeobject::intern_str("Ellipsis")?, &crate::objects::sliceobject::ELLIPSIS)?;
    d.set_item(
        &*unicodeobject::intern_str("NotImplemented")?,
        &object::NOT_IMPLEMENTED,
    )?;
    d.header().set_immortal();
    let pristine = d.copy()?;
    pristine.header().set_immortal();
    let parts = BuiltinsParts {
        dict: d.as_ptr().as_ptr() as usize,
        module: object::as_obj(&*module) as *const PyObject as usize,
        pristine: pristine.as_ptr().as_ptr() as usize,
    };
    Ok(*PARTS.get_or_init(|| parts))
}

/// A fresh `__main__` namespace (`PyImport_AddModule("__main__")`'s
/// dict): `__name__`, `__builtins__`, `__file__` when running a file.
pub fn main_globals(file: Option<&str>) -> PyResult<PyRef<DictObject>> {
    let g = DictObject::new()?;
    // Read by every thread's functions: deferred once shared, as module
    // namespaces are.
    g.header().set_defer_on_share();
    g.set_item(
        &*unicodeobject::intern_str("__name__")?,
        &*unicodeobject::intern_str("__main__")?,
    )?;
    g.set_item(
        &*unicodeobject::intern_str("__builtins__")?,
        as_obj(&*builtins_dict()?),
    )?;
    g.set_item(&*unicodeobject::intern_str("__doc__")?, &object::NONE)?;
    if let Some(f) = file {
        g.set_item(
            &*unicodeobject::intern_str("__file__")?,
            as_obj(&*unicodeobject::from_str(f)?),
        )?;
    }
    Ok(g)
}
