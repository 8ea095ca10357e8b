//! The introspection builtins of Python/bltinmodule.c: `globals`,
//! `locals`, `vars`, `dir` (`PyObject_Dir` of Objects/object.c with
//! `object.__dir__` / `type.__dir__` of Objects/typeobject.c as the
//! fallback), `eval`, `exec` and `compile` (`builtin_eval_impl`,
//! `builtin_exec_impl`, `builtin_compile_impl`).
//!
//! The running frame is found through the thread's chain of eval-loop
//! runs (`vm::frame::walk_frames`): these functions read the frame of
//! their caller, as `PyEval_GetGlobals` / `PyEval_GetFrameLocals` do.

use rupy_gc::PyRef;

use crate::builtins::BuiltinDef;
use crate::ast::preprocess::SyntaxWarning;
use crate::compile::CompileError;
use crate::errors::{self, PyResult};
use crate::objects::bytesobject::BytesObject;
use crate::objects::codeobject::CodeObject;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::TypeObject;
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{call, exceptions, listobject, longobject};
use crate::parser::parser::Mode;
use crate::vm::frame;

/// `PyCF_ONLY_AST`.
const PYCF_ONLY_AST: i64 = 0x0400;
/// The compiler flags `compile()` accepts (`PyCF_MASK | PyCF_MASK_OBSOLETE
/// | PyCF_COMPILE_MASK`).
const PYCF_ALLOWED: i64 = 0x1FE_0000 | 0x0010 | 0x0400 | 0x0200 | 0x1000 | 0x2000 | 0x4000 | 0x8000;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Splits `args` into positional arguments and the values of the named
/// keywords (each at most once), with CPython's argument errors.
fn parse_args<'a, const N: usize>(
    fname: &str,
    args: &[&'a PyObject],
    kwnames: Option<&TupleObject>,
    names: [&str; N],
    max_pos: usize,
) -> PyResult<[Option<&'a PyObject>; N]> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > max_pos {
        return Err(type_error(&format!(
            "{fname}() takes at most {max_pos} argument{} ({npos} given)",
            if max_pos == 1 { "" } else { "s" }
        )));
    }
    let mut out = [None; N];
    for (i, a) in args[..npos].iter().enumerate() {
        out[i] = Some(*a);
    }
    if let Some(kw) = kwnames {
        for (k, v) in kw.as_slice().iter().zip(&args[npos..]) {
            let key = object::str_lossy(k);
            let Some(i) = names.iter().position(|n| *n == key) else {
                return Err(type_error(&format!(
                    "{fname}() got an unexpected keyword argument '{key}'"
                )));
            };
            if out[i].is_some() {
                return Err(type_error(&format!(
                    "argument for {fname}() given by name ('{key}') and position ({})",
                    i + 1
                )));
            }
            out[i] = Some(*v);
        }
    }
    Ok(out)
}

/// A builtin taking no arguments.
fn no_args(fname: &str, args: &[&PyObject]) -> PyResult<()> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(type_error(&format!(
            "{fname}() takes no arguments ({} given)",
            args.len()
        )))
    }
}

/// `PyEval_GetGlobals`: the running frame's globals, else those of
/// `__main__` in a subinterpreter running it
/// (`_PyEval_GetGlobalsFromRunningMain`).
pub fn current_globals() -> Option<PyRef<DictObject>> {
    frame::with_current_frame(|f| f.globals.clone()).or_else(running_main_globals)
}

/// `_PyEval_GetGlobalsFromRunningMain`: `__main__`'s namespace when the
/// calling thread runs code in a subinterpreter with no Python frame
/// (`_interpreters.call` of a builtin such as `eval`).
fn running_main_globals() -> Option<PyRef<DictObject>> {
    use crate::state::interpreters;
    if interpreters::in_main() || !interpreters::with_current(interpreters::Interpreter::is_running) {
        return None;
    }
    let m = crate::import::get_module_str("__main__").ok().flatten()?;
    object::downcast::<crate::objects::moduleobject::ModuleObject>(&m)?.dict().ok()
}

/// `_PyEval_GetFrameLocals`: the running frame's locals, else the
/// running `__main__`'s namespace of a subinterpreter.
fn frame_locals_or_main() -> PyResult<Option<ObjRef>> {
    match current_locals()? {
        Some(l) => Ok(Some(l)),
        None => Ok(running_main_globals().map(into_obj)),
    }
}

/// `PyEval_GetBuiltins`.
fn current_builtins() -> PyResult<PyRef<DictObject>> {
    match frame::with_current_frame(|f| f.builtins.clone()) {
        Some(b) => Ok(b),
        None => crate::builtins::builtins_dict(),
    }
}

/// `_PyEval_GetBuiltin`: `builtins.<name>` as the running frame sees it
/// (what the iterators' `__reduce__` name as their constructor).
pub fn get_builtin(name: &str) -> PyResult<ObjRef> {
    let key = unicodeobject::intern_str(name)?;
    match current_builtins()?.get_item(&key)? {
        Some(v) => Ok(v),
        None => Err(errors::set_object(exceptions::attribute_error(), Some(&key))),
    }
}

/// `_PyEval_GetFrameLocals`.
pub fn current_locals() -> PyResult<Option<ObjRef>> {
    frame::with_current_frame(frame::Frame::locals_snapshot).transpose()
}

/// `builtin_globals`.
fn builtin_globals(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("globals", args)?;
    Ok(current_globals().map_or_else(object::none, into_obj))
}

/// `builtin_locals`.
fn builtin_locals(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("locals", args)?;
    Ok(current_locals()?.unwrap_or_else(object::none))
}

/// `builtin_vars`.
fn builtin_vars(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("vars() takes no keyword arguments"));
    }
    match args {
        [] => Ok(current_locals()?.unwrap_or_else(object::none)),
        [v] => {
            let name = unicodeobject::intern_str("__dict__")?;
            match object::get_attr(v, &name) {
                Ok(d) => Ok(d),
                Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                    drop(e);
                    errors::clear();
                    Err(type_error("vars() argument must have __dict__ attribute"))
                }
                Err(e) => Err(e),
            }
        }
        _ => Err(type_error(&format!(
            "vars expected at most 1 argument, got {}",
            args.len()
        ))),
    }
}

/// Sorts a list in place with its own `sort` method.
fn sort_list(list: &PyObject) -> PyResult<()> {
    let sort = object::get_attr(list, &*unicodeobject::intern_str("sort")?)?;
    call::call(&sort, &[]).map(drop)
}

/// `merge_class_dict` (Objects/typeobject.c): the names in `cls.__dict__`
/// and, recursively, in those of `cls.__bases__`.
fn merge_class_dict(d: &DictObject, cls: &PyObject) -> PyResult<()> {
    let dict_name = unicodeobject::intern_str("__dict__")?;
    match object::get_attr(cls, &dict_name) {
        Ok(cd) => {
            if let Some(cd) = downcast::<DictObject>(&cd) {
                for (k, v) in cd.items() {
                    d.set_item(&k, &v)?;
                }
            } else {
                for k in crate::objects::r#abstract::collect(&cd)? {
                    d.set_item(&k, &object::NONE)?;
                }
            }
        }
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
        }
        Err(e) => return Err(e),
    }
    let bases_name = unicodeobject::intern_str("__bases__")?;
    let bases = match object::get_attr(cls, &bases_name) {
        Ok(b) => b,
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    for b in crate::objects::r#abstract::collect(&bases)? {
        merge_class_dict(d, &b)?;
    }
    Ok(())
}

/// `object.__dir__` / `type.__dir__`: the instance dict's keys (for a
/// non-type) merged with its class's attributes, as a list.
pub(crate) fn default_dir(obj: &PyObject) -> PyResult<ObjRef> {
    let d = DictObject::new()?;
    if downcast::<TypeObject>(obj).is_some() {
        merge_class_dict(&d, obj)?;
    } else {
        let dict_name = unicodeobject::intern_str("__dict__")?;
        match object::get_attr(obj, &dict_name) {
            Ok(od) => {
                if let Some(od) = downcast::<DictObject>(&od) {
                    for (k, v) in od.items() {
                        d.set_item(&k, &v)?;
                    }
                }
            }
            Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
            }
            Err(e) => return Err(e),
        }
        let class_name = unicodeobject::intern_str("__class__")?;
        match object::get_attr(obj, &class_name) {
            Ok(cls) => merge_class_dict(&d, &cls)?,
            Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
            }
            Err(e) => return Err(e),
        }
    }
    let keys: Vec<ObjRef> = d.items().into_iter().map(|(k, _)| k).collect();
    let refs: Vec<&PyObject> = keys.iter().map(|k| &**k).collect();
    listobject::ListObject::from_slice(&refs).map(into_obj)
}

/// `PyObject_Dir`: with no object, the sorted names of the caller's
/// locals; else `sorted(type(obj).__dir__(obj))`.
pub fn dir(obj: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(obj) = obj else {
        let locals = current_locals()?.unwrap_or_else(object::none);
        let keys = match downcast::<DictObject>(&locals) {
            Some(d) => d.items().into_iter().map(|(k, _)| k).collect::<Vec<_>>(),
            None => {
                let keys = object::get_attr(&locals, &*unicodeobject::intern_str("keys")?)?;
                crate::objects::r#abstract::collect(&*call::call(&keys, &[])?)?
            }
        };
        let refs: Vec<&PyObject> = keys.iter().map(|k| &**k).collect();
        let list = into_obj(listobject::ListObject::from_slice(&refs)?);
        sort_list(&list)?;
        return Ok(list);
    };
    let name = unicodeobject::intern_str("__dir__")?;
    let result = match type_of(obj).lookup(&name)? {
        Some(meth) => {
            let bound = match type_of(&meth).slots.tp_descr_get.get() {
                Some(get) => get(&meth, Some(obj), Some(as_obj(type_of(obj))))?,
                None => meth,
            };
            call::call(&bound, &[])?
        }
        None => default_dir(obj)?,
    };
    let list = call::call(as_obj(&listobject::LIST_TYPE), &[&result])?;
    sort_list(&list)?;
    Ok(list)
}

/// `builtin_dir`.
fn builtin_dir(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("dir() takes no keyword arguments"));
    }
    match args {
        [] => dir(None),
        [v] => dir(Some(v)),
        _ => Err(type_error(&format!(
            "dir expected at most 1 argument, got {}",
            args.len()
        ))),
    }
}

/// The builtin exception type named `name` (for compile errors), or
/// SystemError if the builtins do not have it.
fn exc_type(name: &str) -> PyResult<ObjRef> {
    let b = crate::builtins::builtins_dict()?;
    Ok(b
        .get_item(&*unicodeobject::intern_str(name)?)?
        .unwrap_or_else(|| object::new_ref(exceptions::system_error())))
}

/// Raises the exception a failed compilation stands for
/// (`_PyPegen_raise_error` and the compiler's errors).
pub fn raise_compile_error(e: &CompileError, filename: &str) -> errors::ErrSet {
    let build = || -> PyResult<ObjRef> {
        let ty = exc_type(e.type_name())?;
        match e {
            CompileError::Syntax(s) => {
                let msg = unicodeobject::from_str(&s.msg)?;
                let int = longobject::from_i64;
                let fname = unicodeobject::from_str(filename)?;
                let text = match &s.text {
                    Some(t) => into_obj(unicodeobject::from_str(t)?),
                    None => object::none(),
                };
                let (l, o, el, eo) = (
                    int(s.lineno)?,
                    int(s.offset)?,
                    int(s.end_lineno)?,
                    int(s.end_offset)?,
                );
                let details =
                    tupleobject::from_slice(&[as_obj(&*fname), &l, &o, &text, &el, &eo])?;
                call::call(&ty, &[as_obj(&*msg), as_obj(&*details)])
            }
            other => {
                let msg = unicodeobject::from_str(other.msg())?;
                call::call(&ty, &[as_obj(&*msg)])
            }
        }
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(err) => err,
    }
}

/// A source argument of `eval` / `exec` / `compile`.
enum Source {
    Code(PyRef<CodeObject>),
    Text(String),
    Bytes(Vec<u8>),
}

/// `_Py_SourceAsString`: a code object, or the text of a str / bytes
/// source (null bytes refused).
fn source_arg(fname: &str, what: &str, v: &PyObject, allow_code: bool) -> PyResult<Source> {
    if allow_code && let Ok(c) = object::downcast_ref::<CodeObject>(object::new_ref(v)) {
        return Ok(Source::Code(c));
    }
    let src = if let Some(s) = downcast::<StrObject>(v) {
        // The source goes to the parser as UTF-8: a lone surrogate is a
        // UnicodeEncodeError, as `PyUnicode_AsUTF8AndSize` raises it.
        if s.data().iter().any(|c| (0xd800..0xe000).contains(&c)) {
            let cps: Vec<u32> = s.data().iter().collect();
            let utf8 = crate::objects::unicode_methods::lookup_codec("utf-8").ok_or_else(errors::bad_internal_call)?;
            crate::objects::unicode_methods::encode_cps(&cps, utf8, "strict")?;
        }
        Source::Text(s.to_string_lossy())
    } else if let Some(b) = downcast::<BytesObject>(v) {
        Source::Bytes(b.as_bytes().to_vec())
    } else {
        return Err(type_error(&format!("{fname}() arg 1 must be a {what} object")));
    };
    let has_nul = match &src {
        Source::Text(t) => t.contains('\0'),
        Source::Bytes(b) => b.contains(&0),
        Source::Code(_) => false,
    };
    if has_nul {
        let ty = exc_type("SyntaxError")?;
        let msg = unicodeobject::from_static("source code string cannot contain null bytes")?;
        let exc = call::call(&ty, &[&msg])?;
        return Err(errors::set_raised(exc));
    }
    Ok(src)
}

/// Compiles a source to a code object; its SyntaxWarnings go to the
/// warnings machinery.
fn compile_source(src: Source, filename: &str, mode: Mode, flags: i32) -> PyResult<PyRef<CodeObject>> {
    let opts = crate::parser::parser::Options::default();
    compile_source_with(src, filename, mode, flags, opts, crate::sysmod::optimization_level())
}

/// [`compile_source`] with `compile()`'s parser options and `optimize`.
fn compile_source_with(
    src: Source,
    filename: &str,
    mode: Mode,
    flags: i32,
    opts: crate::parser::parser::Options,
    optimize: i32,
) -> PyResult<PyRef<CodeObject>> {
    let mut warnings: Vec<SyntaxWarning> = Vec::new();
    let parsed = match src {
        Source::Code(c) => return Ok(c),
        Source::Text(t) => crate::parser::parser::parse_with_options(Ok(&t), mode, opts),
        Source::Bytes(b) => crate::parser::parser::parse_with_options(Err(&b), mode, opts),
    };
    let code = crate::compile::compiler::emit_parser_warnings(parsed, &mut warnings)
        .and_then(|mut tree| crate::compile::compile_ast(&mut tree, filename, flags, optimize, &mut warnings));
    emit_syntax_warnings(&warnings, filename)?;
    match code {
        Ok(c) => CodeObject::new(&c),
        Err(e) => Err(raise_compile_error(&e, filename)),
    }
}

/// `_PyErr_EmitSyntaxWarning` for the warnings a compilation collected:
/// `warnings.warn_explicit(msg, SyntaxWarning, filename, lineno)`; one
/// the filters turn into an error raises SyntaxError at its location.
/// (The compiler runs on its own stack, so the warnings are emitted once
/// it has finished rather than as they are found.)
pub fn emit_syntax_warnings(warnings: &[SyntaxWarning], filename: &str) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let Ok(module) = crate::import::import_module("warnings") else {
        errors::clear();
        return Ok(());
    };
    let warn = object::get_attr_str(&module, "warn_explicit")?;
    let file = into_obj(unicodeobject::from_str(filename)?);
    for w in warnings {
        let msg = into_obj(unicodeobject::from_str(&w.msg)?);
        let lineno = longobject::from_i64(i64::from(w.lineno))?;
        let category = as_obj(exceptions::syntax_warning());
        if let Err(e) = call::call(&warn, &[&msg, category, &file, &lineno]) {
            if !errors::exception_matches(exceptions::syntax_warning()) {
                return Err(e);
            }
            drop(e);
            errors::clear();
            let err = w.error.clone().unwrap_or_else(|| crate::parser::error::SyntaxError {
                kind: crate::parser::error::ErrorKind::SyntaxError,
                msg: w.msg.clone(),
                lineno: i64::from(w.lineno),
                offset: i64::from(w.offset),
                end_lineno: i64::from(w.end_lineno),
                end_offset: i64::from(w.end_offset),
                text: None,
            });
            return Err(raise_compile_error(&CompileError::Syntax(err), filename));
        }
    }
    Ok(())
}

/// `PyCF_TYPE_COMMENTS`.
const PYCF_TYPE_COMMENTS: i64 = 0x1000;
/// `PyCF_DONT_IMPLY_DEDENT`.
const PYCF_DONT_IMPLY_DEDENT: i64 = 0x0200;
/// `PyCF_ALLOW_INCOMPLETE_INPUT`.
const PYCF_ALLOW_INCOMPLETE_INPUT: i64 = 0x4000;

/// `PyCF_OPTIMIZED_AST` (includes `PyCF_ONLY_AST`).
const PYCF_OPTIMIZED_AST: i64 = 0x8000 | PYCF_ONLY_AST;

/// `compile(..., PyCF_ONLY_AST)`: the parsed tree as `ast` node objects
/// (`_PyParser_ASTFromString` then `PyAST_mod2obj`), constant-folded
/// first for `PyCF_OPTIMIZED_AST`.
fn compile_to_ast(src: Source, filename: &str, mode: Mode, flags: i64, optimize: i64, feature_version: i64) -> PyResult<ObjRef> {
    let opts = parser_options(flags, feature_version);
    let parsed = match src {
        Source::Text(t) => crate::parser::parser::parse_with_options(Ok(&t), mode, opts),
        Source::Bytes(b) => crate::parser::parser::parse_with_options(Err(&b), mode, opts),
        Source::Code(_) => return Err(errors::bad_internal_call()),
    };
    let mut warnings: Vec<SyntaxWarning> = Vec::new();
    let parsed = crate::compile::compiler::emit_parser_warnings(parsed, &mut warnings);
    emit_syntax_warnings(&warnings, filename)?;
    let mut tree = parsed.map_err(|e| raise_compile_error(&e, filename))?;
    if flags & PYCF_OPTIMIZED_AST == PYCF_OPTIMIZED_AST {
        let opts = crate::ast::preprocess::PreprocessOptions {
            optimize: if optimize < 0 { 0 } else { optimize as i32 },
            future_annotations: false,
            syntax_check_only: false,
            enable_warnings: false,
        };
        let mut warnings: Vec<crate::ast::preprocess::SyntaxWarning> = Vec::new();
        crate::ast::preprocess::preprocess(&mut tree, &opts, &mut warnings)
            .map_err(|e| raise_compile_error(&CompileError::from(e), filename))?;
    }
    crate::ast::python_ast::mod_to_object(&tree)
}

/// The future flags of the calling frame's code (`PyEval_MergeCompilerFlags`).
fn inherited_flags() -> i32 {
    frame::with_current_frame(|f| f.code.flags & crate::compile::compiler::PY_CF_MASK).unwrap_or(0)
}

/// Is `v` a mapping (`PyMapping_Check`)?
fn is_mapping(v: &PyObject) -> bool {
    type_of(v).slots.mp_subscript.get().is_some()
}

/// Inserts `__builtins__` into `globals` when it is missing.
fn ensure_builtins(globals: &DictObject) -> PyResult<()> {
    let key = unicodeobject::intern_str("__builtins__")?;
    if globals.get_item(&key)?.is_none() {
        globals.set_item(&key, as_obj(&*current_builtins()?))?;
    }
    Ok(())
}

/// Resolves the namespaces of `eval` / `exec`: the caller's when none are
/// given, `globals` for both when only it is.
fn namespaces(
    fname: &str,
    globals: Option<&PyObject>,
    locals: Option<&PyObject>,
) -> PyResult<(PyRef<DictObject>, ObjRef)> {
    let globals = globals.filter(|g| !object::is_none(g));
    let locals = locals.filter(|l| !object::is_none(l));
    let (g, l) = match globals {
        None => {
            let g = current_globals();
            let l = match locals {
                Some(l) => Some(object::new_ref(l)),
                None => frame_locals_or_main()?,
            };
            match (g, l) {
                (Some(g), Some(l)) => (g, l),
                _ => {
                    return Err(type_error(&format!(
                        "{fname} must be given globals and locals when called without a frame"
                    )));
                }
            }
        }
        Some(g) => {
            let Ok(gd) = object::downcast_ref::<DictObject>(object::new_ref(g)) else {
                return Err(errors::bad_internal_call());
            };
            let l = locals.map_or_else(|| into_obj(gd.clone()), object::new_ref);
            (gd, l)
        }
    };
    ensure_builtins(&g)?;
    Ok((g, l))
}

/// Runs a code object in the given namespaces (`PyEval_EvalCode`).
fn run_code(fname: &str, code: PyRef<CodeObject>, globals: PyRef<DictObject>, locals: ObjRef) -> PyResult<ObjRef> {
    if code.nfreevars > 0 {
        return Err(type_error(&format!(
            "code object passed to {fname}() may not contain free variables"
        )));
    }
    crate::vm::ready_types();
    crate::vm::eval_code(code, globals, Some(locals))
}

/// `builtin_eval_impl`.
fn builtin_eval(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [source, globals, locals] =
        parse_args("eval", args, kwnames, ["source", "globals", "locals"], 3)?;
    let Some(source) = source else {
        return Err(type_error("eval() missing required argument 'source' (pos 1)"));
    };
    if let Some(l) = locals
        && !object::is_none(l)
        && !is_mapping(l)
    {
        return Err(type_error("locals must be a mapping"));
    }
    if let Some(g) = globals
        && !object::is_none(g)
        && downcast::<DictObject>(g).is_none()
    {
        return Err(type_error(if is_mapping(g) {
            "globals must be a real dict; try eval(expr, {}, mapping)"
        } else {
            "globals must be a dict"
        }));
    }
    let (g, l) = namespaces("eval", globals, locals)?;
    let code = match source_arg("eval", "string, bytes or code", source, true)? {
        Source::Code(c) => c,
        Source::Text(t) => {
            let t = t.trim_start_matches([' ', '\t']).to_owned();
            compile_source(Source::Text(t), "<string>", Mode::Eval, inherited_flags())?
        }
        Source::Bytes(b) => {
            let start = b.iter().position(|&c| c != b' ' && c != b'\t').unwrap_or(b.len());
            compile_source(Source::Bytes(b[start..].to_vec()), "<string>", Mode::Eval, inherited_flags())?
        }
    };
    run_code("eval", code, g, l)
}

/// `builtin_exec_impl`.
fn builtin_exec(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [source, globals, locals, closure] = parse_args(
        "exec",
        args,
        kwnames,
        ["source", "globals", "locals", "closure"],
        3,
    )?;
    let Some(source) = source else {
        return Err(type_error("exec() missing required argument 'source' (pos 1)"));
    };
    if let Some(g) = globals
        && !object::is_none(g)
        && downcast::<DictObject>(g).is_none()
    {
        return Err(type_error(&format!(
            "exec() globals must be a dict, not {}",
            type_of(g).name()
        )));
    }
    if let Some(l) = locals
        && !object::is_none(l)
        && !is_mapping(l)
    {
        return Err(type_error(&format!(
            "locals must be a mapping or None, not {}",
            type_of(l).name()
        )));
    }
    if closure.is_some_and(|c| !object::is_none(c)) {
        return Err(type_error("cannot use a closure with this code object"));
    }
    let (g, l) = namespaces("exec", globals, locals)?;
    let code = match source_arg("exec", "string, bytes or code", source, true)? {
        Source::Code(c) => c,
        src => compile_source(src, "<string>", Mode::Exec, inherited_flags())?,
    };
    run_code("exec", code, g, l)?;
    Ok(object::none())
}

/// `builtin_compile_impl` (source text only: no AST objects).
fn builtin_compile(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [source, filename, mode, flags, dont_inherit, optimize, feature_version] = parse_args(
        "compile",
        args,
        kwnames,
        [
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        6,
    )?;
    let (Some(source), Some(filename), Some(mode)) = (source, filename, mode) else {
        let missing = if source.is_none() {
            ("source", 1)
        } else if filename.is_none() {
            ("filename", 2)
        } else {
            ("mode", 3)
        };
        return Err(type_error(&format!(
            "compile() missing required argument '{}' (pos {})",
            missing.0, missing.1
        )));
    };
    let fname = if let Some(s) = downcast::<StrObject>(filename) {
        s.to_string_lossy()
    } else if let Some(b) = downcast::<BytesObject>(filename) {
        String::from_utf8_lossy(b.as_bytes()).into_owned()
    } else {
        return Err(type_error(&format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_of(filename).name()
        )));
    };
    let int_arg = |v: Option<&PyObject>, dflt: i64| -> PyResult<i64> {
        match v {
            None => Ok(dflt),
            Some(v) => match downcast::<longobject::IntObject>(v) {
                Some(i) => Ok(i.as_i64().unwrap_or(dflt)),
                None => Err(type_error(&format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_of(v).name()
                ))),
            },
        }
    };
    let flags = int_arg(flags, 0)?;
    let dont_inherit = match dont_inherit {
        Some(d) => object::is_true(d)?,
        None => false,
    };
    let optimize = int_arg(optimize, -1)?;
    let feature_version = int_arg(feature_version, -1)?;
    if flags & !PYCF_ALLOWED != 0 {
        return Err(errors::set_string(
            exceptions::value_error(),
            "compile(): unrecognised flags",
        ));
    }
    if !(-1..=2).contains(&optimize) {
        return Err(errors::set_string(
            exceptions::value_error(),
            "compile(): invalid optimize value",
        ));
    }
    let mode_text = downcast::<StrObject>(mode).map(StrObject::to_string_lossy);
    let mode = match mode_text.as_deref() {
        Some("exec") => Mode::Exec,
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Single,
        Some("func_type") if flags & PYCF_ONLY_AST != 0 => Mode::FuncType,
        Some("func_type") => {
            return Err(errors::set_string(
                exceptions::value_error(),
                "compile() mode 'func_type' requires flag PyCF_ONLY_AST",
            ));
        }
        _ => {
            return Err(errors::set_string(
                exceptions::value_error(),
                if flags & PYCF_ONLY_AST != 0 {
                    "compile() mode must be 'exec', 'eval', 'single' or 'func_type'"
                } else {
                    "compile() mode must be 'exec', 'eval' or 'single'"
                },
            ));
        }
    };
    let mut cf = (flags as i32) & crate::compile::compiler::PY_CF_MASK;
    if !dont_inherit {
        cf |= inherited_flags();
    }
    if crate::objects::r#abstract::is_instance(source, as_obj(&crate::ast::python_ast::AST_TYPE))? {
        return compile_ast_object(source, &fname, mode, flags, cf, optimize);
    }
    let src = source_arg("compile", "string, bytes or AST", source, false)?;
    if flags & PYCF_ONLY_AST != 0 {
        return compile_to_ast(src, &fname, mode, flags, optimize, feature_version);
    }
    let optimize = if optimize < 0 { crate::sysmod::optimization_level() } else { optimize as i32 };
    compile_source_with(src, &fname, mode, cf, parser_options(flags, feature_version), optimize).map(into_obj)
}

/// The parser flags and `_feature_version` of a `compile()` call.
fn parser_options(flags: i64, feature_version: i64) -> crate::parser::parser::Options {
    crate::parser::parser::Options {
        type_comments: flags & PYCF_TYPE_COMMENTS != 0,
        allow_incomplete_input: flags & PYCF_ALLOW_INCOMPLETE_INPUT != 0,
        dont_imply_dedent: flags & PYCF_DONT_IMPLY_DEDENT != 0,
        feature_version: if feature_version >= 0 {
            i32::try_from(feature_version).unwrap_or(i32::MAX)
        } else {
            crate::parser::parser::Options::default().feature_version
        },
    }
}

/// `compile()` of an `ast` node (`PyAST_obj2mod` and `_PyAST_Validate`):
/// for `PyCF_ONLY_AST` a new tree (preprocessed for `PyCF_OPTIMIZED_AST`),
/// else a code object (`_PyAST_Compile`).
fn compile_ast_object(source: &PyObject, filename: &str, mode: Mode, flags: i64, cf: i32, optimize: i64) -> PyResult<ObjRef> {
    let mut tree = crate::ast::python_ast::object_to_mod(source, mode)?;
    if let Err(e) = crate::ast::validate::validate_module(&tree) {
        use crate::ast::validate::ValidationErrorKind as K;
        let ty = match e.kind {
            K::ValueError => exceptions::value_error(),
            K::TypeError => exceptions::type_error(),
            K::RecursionError => exceptions::recursion_error(),
        };
        return Err(errors::set_string(ty, &e.msg));
    }
    let optimize = if optimize < 0 { 0 } else { optimize as i32 };
    let mut warnings: Vec<SyntaxWarning> = Vec::new();
    if flags & PYCF_OPTIMIZED_AST == PYCF_ONLY_AST {
        return crate::ast::python_ast::mod_to_object(&tree);
    }
    if flags & PYCF_ONLY_AST != 0 {
        let opts = crate::ast::preprocess::PreprocessOptions {
            optimize,
            future_annotations: cf & crate::compile::future::CO_FUTURE_ANNOTATIONS != 0,
            syntax_check_only: false,
            enable_warnings: false,
        };
        crate::ast::preprocess::preprocess(&mut tree, &opts, &mut warnings)
            .map_err(|e| raise_compile_error(&CompileError::from(e), filename))?;
        return crate::ast::python_ast::mod_to_object(&tree);
    }
    let code = crate::compile::compile_ast(&mut tree, filename, cf, optimize, &mut warnings);
    emit_syntax_warnings(&warnings, filename)?;
    match code {
        Ok(c) => CodeObject::new(&c).map(into_obj),
        Err(e) => Err(raise_compile_error(&e, filename)),
    }
}

/// The functions of this module, added to the builtins namespace.
pub static FUNCTIONS: [BuiltinDef; 9] = [
    BuiltinDef { name: "aiter", func: crate::objects::genobject::builtin_aiter },
    BuiltinDef { name: "anext", func: crate::objects::genobject::builtin_anext },
    BuiltinDef { name: "compile", func: builtin_compile },
    BuiltinDef { name: "dir", func: builtin_dir },
    BuiltinDef { name: "eval", func: builtin_eval },
    BuiltinDef { name: "exec", func: builtin_exec },
    BuiltinDef { name: "globals", func: builtin_globals },
    BuiltinDef { name: "locals", func: builtin_locals },
    BuiltinDef { name: "vars", func: builtin_vars },
];
