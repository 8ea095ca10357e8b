//! The `_interpreters` module, ported from Modules/_interpretersmodule.c:
//! creating, listing and destroying subinterpreters and running code in
//! them on the calling thread (`_run_in_interpreter`, `_make_call`), with
//! objects crossing by the rules of `rupy::crossinterp`. Design notes:
//! docs/interpreters.md.

use std::sync::Arc;

use rupy::builtins::BuiltinDef;
use rupy::crossinterp::{self, ExcInfo, Fallback, XiData};
use rupy::errors::{self, PyResult};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::{boolobject, call, listobject, moduleobject, unicodeobject};
use rupy::state::interpreters::{self as interps, Interpreter};

use crate::hashlib::{Spec, bool_arg, parse_vectorcall};

/// An interpreter named by the caller: `None` is the main one.
type Target = Option<Arc<Interpreter>>;

fn interp_error(msg: &str) -> errors::ErrSet {
    crossinterp::raise(crossinterp::interpreter_error(), msg)
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `_PyInterpreterState_ObjectToID`.
fn id_arg(obj: &PyObject) -> PyResult<i64> {
    if !object::type_check(obj, &longobject::INT_TYPE) && rupy::objects::r#abstract::index(obj).is_err() {
        errors::clear();
        return Err(type_error(&format!("interpreter ID must be an int, got {}", type_of(obj).name())));
    }
    let i = rupy::objects::r#abstract::index(obj)?;
    let v = downcast::<IntObject>(&i).and_then(IntObject::as_i64);
    match v {
        Some(v) if v >= 0 => Ok(v),
        Some(_) => Err(errors::set_string(
            exceptions::value_error(),
            &format!("interpreter ID must be a non-negative int, got {}", object::repr(obj)?.to_string_lossy()),
        )),
        None => Err(errors::set_string(exceptions::overflow_error(), "int too big to convert")),
    }
}

/// `look_up_interp` + `resolve_interp`: the interpreter `idobj` (the
/// current one when absent), checked as `op` needs.
fn resolve(idobj: Option<&PyObject>, restricted: bool, reqready: bool, op: &str) -> PyResult<(i64, Target)> {
    let id = match idobj {
        Some(o) => id_arg(o)?,
        None => interps::current_id(),
    };
    let target = if id == 0 { None } else { Some(interps::lookup(id).ok_or_else(|| not_found(id))?) };
    let (ready, whence) = interps::with_interp(id, |i| (i.is_ready(), i.whence())).ok_or_else(|| not_found(id))?;
    let which = if idobj.is_some() { format!("interpreter {id}") } else { "current interpreter".to_owned() };
    if reqready && !ready {
        return Err(interp_error(&format!("cannot {op} {which} (not ready)")));
    }
    if restricted && whence != interps::WHENCE_STDLIB {
        let which = if idobj.is_some() { format!("unrecognized interpreter {id}") } else { "unrecognized current interpreter".to_owned() };
        return Err(interp_error(&format!("cannot {op} {which}")));
    }
    Ok((id, target))
}

fn not_found(id: i64) -> errors::ErrSet {
    crossinterp::raise(crossinterp::interpreter_not_found_error(), &format!("unrecognized interpreter ID {id}"))
}

fn int_obj(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

/// `_PyArg_BadArgument`'s name of a wrong argument's type.
fn type_name(v: &PyObject) -> String {
    if object::is_none(v) { "None".to_owned() } else { type_of(v).name().to_owned() }
}

/// `get_summary`: `(id, whence)`.
fn summary(id: i64, whence: i64) -> PyResult<ObjRef> {
    let (a, b) = (int_obj(id)?, int_obj(whence)?);
    tupleobject::from_slice(&[&a, &b]).map(into_obj)
}

// ---------------------------------------------------------------------
// Running code in an interpreter.

/// Why a run in another interpreter failed.
enum Failure {
    /// The code raised (`_PyXI_ApplyCapturedException`).
    Uncaught(ExcInfo),
    /// Preparing the run failed there: what could not be made (`func`,
    /// `args`, ...) and the error's chain (`_PyXI_ApplyError`).
    Prep(&'static str, String),
}

/// `_PyXI_Enter` ... `_PyXI_Exit`: runs `body` in `target` on the calling
/// thread, with `shared` bound in its `__main__` first.
fn run_in<R>(
    target: &Target,
    shared: &[(ObjRef, XiData)],
    body: impl FnOnce(&DictObject) -> Result<R, Failure>,
) -> PyResult<Result<R, Failure>> {
    let running = interps::with_interp(target.as_ref().map_or(0, |i| i.id()), Interpreter::is_running).unwrap_or(false);
    if running {
        return Err(interp_error("interpreter already running"));
    }
    let Some(guard) = interps::enter(target.as_ref(), true) else {
        return Err(interp_error("interpreter already running"));
    };
    let result = (|| {
        let ns = match main_namespace() {
            Ok(ns) => ns,
            Err(_) => return Err(prep_failure("main namespace")),
        };
        for (name, data) in shared {
            let set = crossinterp::new_object(data).and_then(|v| ns.set_item(name, &v));
            if set.is_err() {
                return Err(prep_failure("shared"));
            }
        }
        body(&ns)
    })();
    drop(guard);
    Ok(result)
}

/// The current interpreter's `__main__` namespace.
fn main_namespace() -> PyResult<rupy_gc::PyRef<DictObject>> {
    let main = rupy::import::get_module_str("__main__")?.ok_or_else(|| errors::set_string(exceptions::runtime_error(), "missing __main__ module"))?;
    downcast::<moduleobject::ModuleObject>(&main).ok_or_else(errors::bad_internal_call)?.dict()
}

/// A failure to prepare, from the exception being raised.
fn prep_failure(what: &'static str) -> Failure {
    let chain = match errors::take_raised() {
        Some(e) => ExcInfo::capture_chain(&e),
        None => String::new(),
    };
    Failure::Prep(what, chain)
}

/// The raised exception as a snapshot.
fn uncaught() -> Failure {
    match errors::take_raised() {
        Some(e) => Failure::Uncaught(ExcInfo::capture(&e)),
        None => Failure::Uncaught(ExcInfo::default()),
    }
}

/// Raises the error of a failed preparation in the caller:
/// `NotShareableError("<what> not shareable")` caused by an `Exception`
/// carrying the other interpreter's error.
fn raise_prep(what: &str, chain: &str) -> errors::ErrSet {
    let cause = object::call(as_obj(exceptions::exception()), &[as_obj(&*match unicodeobject::from_str(chain) {
        Ok(s) => s,
        Err(e) => return e,
    })]);
    match (crossinterp::not_shareable_error(), cause) {
        (Ok(cls), Ok(c)) => crossinterp::raise_with_cause(&cls, &format!("{what} not shareable"), Some(c)),
        (Err(e), _) | (_, Err(e)) => e,
    }
}

/// The `shared` argument: a dict of names to shareable objects.
fn shared_arg(v: Option<&PyObject>) -> PyResult<Vec<(ObjRef, XiData)>> {
    let Some(v) = v.filter(|v| !object::is_none(v)) else { return Ok(Vec::new()) };
    let Some(d) = downcast::<DictObject>(v) else {
        return Err(type_error(&format!("expected 'shared' to be a dict, got {}", type_of(v).name())));
    };
    let mut out = Vec::new();
    for (k, val) in d.items() {
        if downcast::<unicodeobject::StrObject>(&k).is_none() {
            return Err(type_error("expected 'shared' keys to be strings"));
        }
        out.push((k, crossinterp::get_xidata(&val, Fallback::XidataOnly)?));
    }
    Ok(out)
}

/// A script to run (`_PyCode_GetScriptXIData` / `get_code_str`): source
/// text is compiled here, in the caller, as `<script>`; a code object
/// or a stateless function without arguments is taken as is.
fn script_code(code: &PyObject) -> PyResult<ObjRef> {
    if downcast::<unicodeobject::StrObject>(code).is_some() {
        let compile = rupy::builtins::builtins_dict()?
            .get_item(&*unicodeobject::intern_str("compile")?)?
            .ok_or_else(errors::bad_internal_call)?;
        let fname = unicodeobject::from_str("<script>")?;
        let mode = unicodeobject::from_str("exec")?;
        return object::call(&compile, &[code, as_obj(&*fname), as_obj(&*mode)]);
    }
    let co = if rupy::objects::codeobject::as_code(code).is_some() {
        object::new_ref(code)
    } else if rupy::objects::funcobject::as_function(code).is_some() {
        if crossinterp::verify_stateless_function(code).is_err() {
            return Err(crossinterp::not_shareable("object not a valid script"));
        }
        object::get_attr_str(code, "__code__")?
    } else {
        return Err(type_error(&format!("unsupported script {}", object::repr(code)?.to_string_lossy())));
    };
    let c = rupy::objects::codeobject::as_code(&co).ok_or_else(errors::bad_internal_call)?;
    if c.argcount > 0 || c.posonlyargcount > 0 || c.kwonlyargcount > 0 || c.flags & (0x4 | 0x8) != 0 {
        return Err(errors::set_string(exceptions::value_error(), "code with args not supported"));
    }
    if !crossinterp::code_returns_only_none(&co) {
        return Err(errors::set_string(exceptions::value_error(), "code that returns a value is not a script"));
    }
    Ok(co)
}

/// `_run_script`: runs `code` in `ns` (the target's `__main__`).
fn run_script(code: &PyObject, ns: &DictObject) -> Result<(), Failure> {
    let Ok(co) = object::downcast_ref::<rupy::objects::codeobject::CodeObject>(object::new_ref(code)) else {
        return Err(Failure::Uncaught(ExcInfo::default()));
    };
    match rupy::vm::run_module_code(co, rupy_gc::PyRef::new_ref(ns)) {
        Ok(_) => Ok(()),
        Err(_) => Err(uncaught()),
    }
}

/// The result of an exec-like function: `None` or the excinfo.
fn exec_result(r: Result<(), Failure>) -> PyResult<ObjRef> {
    match r {
        Ok(()) => Ok(object::none()),
        Err(Failure::Uncaught(info)) => info.as_object(),
        Err(Failure::Prep(what, chain)) => Err(raise_prep(what, &chain)),
    }
}

// ---------------------------------------------------------------------
// The functions.

/// `create(config=None, *, reqrefs=False)`.
fn interp_create(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "create", names: &["config", "reqrefs"], posonly: 0, max_pos: 1, required: 0 }, args, kwnames)?;
    if let Some(c) = a[0].filter(|c| !object::is_none(c)) {
        config_from_object(c)?;
    }
    let interp = interps::new_interpreter(interps::WHENCE_STDLIB)?;
    if bool_arg(a[1], false)? {
        // The caller takes the reference (`_PyInterpreterState_IDIncref`).
        interps::require_idref(&interp, true);
        interps::id_incref(&interp);
    }
    int_obj(interp.id())
}

/// `config_from_object`: only the configurations rupy has (`isolated`).
fn config_from_object(c: &PyObject) -> PyResult<()> {
    if let Some(s) = downcast::<unicodeobject::StrObject>(c) {
        return named_config(&s.to_string_lossy()).map(drop);
    }
    object::get_attr_str(c, "__dict__").map_err(|_| {
        errors::clear();
        match object::repr(c) {
            Ok(r) => type_error(&format!("bad config {}", r.to_string_lossy())),
            Err(e) => e,
        }
    })?;
    Ok(())
}

/// `init_named_config` as a namespace of the settings.
fn named_config(name: &str) -> PyResult<ObjRef> {
    let (main_obmalloc, fork, exec, daemon, multi, gil) = match name {
        "" | "default" | "isolated" => (false, false, false, false, true, "own"),
        "legacy" => (true, true, true, true, false, "shared"),
        "empty" => (false, false, false, false, false, "default"),
        _ => return Err(errors::set_string(exceptions::value_error(), &format!("unsupported config name '{name}'"))),
    };
    let b = boolobject::from_bool;
    rupy::objects::namespaceobject::new_namespace(&[
        ("use_main_obmalloc", b(main_obmalloc)),
        ("allow_fork", b(fork)),
        ("allow_exec", b(exec)),
        ("allow_threads", b(name != "empty")),
        ("allow_daemon_threads", b(daemon)),
        ("check_multi_interp_extensions", b(multi)),
        ("gil", into_obj(unicodeobject::from_str(gil)?)),
    ])
}

/// `new_config(name='isolated', /, **overrides)`.
fn interp_new_config(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > 1 {
        return Err(type_error(&format!("new_config() takes at most 1 argument ({npos} given)")));
    }
    let name = match args.first().filter(|_| npos == 1) {
        Some(n) => downcast::<unicodeobject::StrObject>(n)
            .map(unicodeobject::StrObject::to_string_lossy)
            .ok_or_else(|| type_error(&format!("new_config() argument 1 must be str, not {}", type_of(n).name())))?,
        None => "isolated".to_owned(),
    };
    let config = named_config(&name)?;
    if let Some(names) = kwnames {
        for (k, v) in names.as_slice().iter().zip(&args[npos..]) {
            if object::get_attr(&config, k).is_err() {
                errors::clear();
                return Err(errors::set_string(exceptions::value_error(), &format!("unsupported config {}", object::str_lossy(k))));
            }
            object::set_attr(&config, k, Some(v))?;
        }
    }
    Ok(config)
}

/// `get_config(id, *, restrict=False)`: the configuration it was made
/// with (subinterpreters are always "isolated"; the main one "legacy").
fn interp_get_config(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "get_config", names: &["id", "restrict"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let idobj = a[0].filter(|v| !object::is_none(v));
    let (id, _) = resolve(idobj, bool_arg(a[1], false)?, true, "get the config of")?;
    named_config(if id == 0 { "legacy" } else { "isolated" })
}

/// `destroy(id, *, restrict=False)`.
fn interp_destroy(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "destroy", names: &["id", "restrict"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let (id, target) = resolve(a[0], bool_arg(a[1], false)?, false, "destroy")?;
    if id == interps::current_id() {
        return Err(interp_error("cannot destroy the current interpreter"));
    }
    let Some(interp) = target else {
        return Err(interp_error("cannot destroy the current interpreter"));
    };
    if interp.is_running() {
        return Err(interp_error("interpreter running"));
    }
    interps::end_interpreter(&interp)?;
    Ok(object::none())
}

/// `list_all(*, require_ready=False)`.
fn interp_list_all(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "list_all", names: &["require_ready"], posonly: 0, max_pos: 0, required: 0 }, args, kwnames)?;
    let list = listobject::ListObject::new()?;
    for (id, whence) in interps::list_all(bool_arg(a[0], false)?) {
        list.append(&*summary(id, whence)?)?;
    }
    Ok(into_obj(list))
}

/// `get_current()`.
fn interp_get_current(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    parse_vectorcall(&Spec { fname: "get_current", names: &[], posonly: 0, max_pos: 0, required: 0 }, args, kwnames)?;
    let (id, whence) = interps::with_current(|i| (i.id(), i.whence()));
    summary(id, whence)
}

/// `get_main()`.
fn interp_get_main(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    parse_vectorcall(&Spec { fname: "get_main", names: &[], posonly: 0, max_pos: 0, required: 0 }, args, kwnames)?;
    summary(0, interps::WHENCE_RUNTIME)
}

/// `set___main___attrs(id, updates, *, restrict=False)`.
fn interp_set_main_attrs(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let spec = Spec { fname: "set___main___attrs", names: &["id", "updates", "restrict"], posonly: 0, max_pos: 2, required: 2 };
    let a = parse_vectorcall(&spec, args, kwnames)?;
    let (_, target) = resolve(a[0], bool_arg(a[2], false)?, true, "update __main__ for")?;
    let updates = a[1].ok_or_else(errors::bad_internal_call)?;
    let Some(d) = downcast::<DictObject>(updates) else {
        return Err(type_error(&format!("arg 2 must be a dict, got {}", type_of(updates).name())));
    };
    if d.is_empty() {
        return Err(errors::set_string(exceptions::value_error(), "arg 2 must be a non-empty dict"));
    }
    let shared = shared_arg(Some(updates))?;
    exec_result(run_in(&target, &shared, |_| Ok(()))?)?;
    Ok(object::none())
}

/// `exec(id, code, shared=None, *, restrict=False)`.
fn interp_exec(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    exec_like("exec", args, kwnames)
}

/// `run_string(id, script, shared=None, *, restrict=False)`.
fn interp_run_string(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "run_string", names: &["id", "script", "shared", "restrict"], posonly: 0, max_pos: 3, required: 2 }, args, kwnames)?;
    if let Some(s) = a[1]
        && downcast::<unicodeobject::StrObject>(s).is_none()
    {
        return Err(type_error(&format!("run_string(): bad script {}", object::repr(s)?.to_string_lossy())));
    }
    exec_like("run_string", args, kwnames)
}

/// `run_func(id, func, shared=None, *, restrict=False)`.
fn interp_run_func(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "run_func", names: &["id", "func", "shared", "restrict"], posonly: 0, max_pos: 3, required: 2 }, args, kwnames)?;
    if let Some(f) = a[1]
        && rupy::objects::funcobject::as_function(f).is_none()
    {
        return Err(type_error(&format!("run_func(): bad func {}", object::repr(f)?.to_string_lossy())));
    }
    exec_like("run_func", args, kwnames)
}

/// The body of `exec`, `run_string` and `run_func`.
fn exec_like(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let spec = Spec { fname, names: &["id", "code", "shared", "restrict"], posonly: 0, max_pos: 3, required: 2 };
    let a = parse_vectorcall(&spec, args, kwnames)?;
    let (_, target) = resolve(a[0], bool_arg(a[3], false)?, true, "exec code for")?;
    let code = script_code(a[1].ok_or_else(errors::bad_internal_call)?)?;
    let shared = shared_arg(a[2])?;
    exec_result(run_in(&target, &shared, |ns| run_script(&code, ns))?)
}

/// `call(id, callable, args=None, kwargs=None, *, preserve_exc=False,
/// restrict=False)`: `(result, None)` or `(None, excinfo)`.
fn interp_call(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let spec = Spec { fname: "call", names: &["id", "callable", "args", "kwargs", "preserve_exc", "restrict"], posonly: 0, max_pos: 4, required: 2 };
    let a = parse_vectorcall(&spec, args, kwnames)?;
    let (_, target) = resolve(a[0], bool_arg(a[5], false)?, true, "make a call in")?;
    let callable = a[1].ok_or_else(errors::bad_internal_call)?;
    if !call::is_callable(callable) {
        return Err(type_error(&format!("expected a callable, got {}", object::repr(callable)?.to_string_lossy())));
    }
    let cargs = match a[2].filter(|v| !object::is_none(v)) {
        None => None,
        Some(t) if downcast::<TupleObject>(t).is_some() => Some(t),
        Some(t) => return Err(type_error(&format!("_interpreters.call() argument 3 must be tuple, not {}", type_name(t)))),
    };
    let ckwargs = match a[3] {
        None => None,
        Some(d) if downcast::<DictObject>(d).is_some() => Some(d),
        Some(d) => return Err(type_error(&format!("_interpreters.call() argument 4 must be dict, not {}", type_name(d)))),
    };
    let func = crossinterp::get_xidata(callable, Fallback::Full)?;
    let args_data = cargs.map(|t| crossinterp::get_xidata(t, Fallback::Full)).transpose()?;
    let kwargs_data = ckwargs.map(|d| crossinterp::get_xidata(d, Fallback::Full)).transpose()?;
    let r = run_in(&target, &[], |_| {
        let f = crossinterp::new_object(&func).map_err(|_| prep_failure("func"))?;
        let args = match &args_data {
            Some(d) => crossinterp::new_object(d).map_err(|_| prep_failure("args"))?,
            None => into_obj(tupleobject::from_slice(&[]).map_err(|_| prep_failure("args"))?),
        };
        let kwargs = match &kwargs_data {
            Some(d) => Some(crossinterp::new_object(d).map_err(|_| prep_failure("kwargs"))?),
            None => None,
        };
        let t = downcast::<TupleObject>(&args).ok_or_else(|| prep_failure("args"))?;
        let kw = kwargs.as_deref().and_then(downcast::<DictObject>);
        let res = call::call_tuple_dict(&f, t, kw).map_err(|_| uncaught())?;
        crossinterp::get_xidata(&res, Fallback::Full).map_err(|_| prep_failure("result"))
    })?;
    let none = object::none();
    match r {
        Ok(data) => {
            let res = crossinterp::new_object(&data)?;
            tupleobject::from_slice(&[&res, &none]).map(into_obj)
        }
        Err(Failure::Uncaught(info)) => {
            let info = info.as_object()?;
            tupleobject::from_slice(&[&none, &info]).map(into_obj)
        }
        Err(Failure::Prep(what, chain)) => Err(raise_prep(what, &chain)),
    }
}

/// `is_shareable(obj)`.
fn interp_is_shareable(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "is_shareable", names: &["obj"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    Ok(boolobject::from_bool(crossinterp::is_shareable(a[0].ok_or_else(errors::bad_internal_call)?)))
}

/// `is_running(id, *, restrict=False)`.
fn interp_is_running(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "is_running", names: &["id", "restrict"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let (id, _) = resolve(a[0], bool_arg(a[1], false)?, true, "check if running for")?;
    Ok(boolobject::from_bool(interps::with_interp(id, Interpreter::is_running).unwrap_or(false)))
}

/// `whence(id)`.
fn interp_whence(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "whence", names: &["id"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let (id, _) = resolve(a[0], false, false, "get whence")?;
    int_obj(interps::with_interp(id, Interpreter::whence).unwrap_or(interps::WHENCE_UNKNOWN))
}

/// `incref(id, *, implieslink=False, restrict=False)`.
fn interp_incref(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "incref", names: &["id", "implieslink", "restrict"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let (_, target) = resolve(a[0], bool_arg(a[2], false)?, true, "incref")?;
    if let Some(i) = target {
        if bool_arg(a[1], false)? {
            interps::require_idref(&i, true);
        }
        interps::id_incref(&i);
    }
    Ok(object::none())
}

/// `decref(id, *, restrict=False)`.
fn interp_decref(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "decref", names: &["id", "restrict"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let (_, target) = resolve(a[0], bool_arg(a[1], false)?, false, "decref")?;
    if let Some(i) = target {
        interps::id_decref(&i)?;
    }
    Ok(object::none())
}

/// `capture_exception(exc=None)`: a snapshot of `exc` (or of the
/// exception being handled).
fn interp_capture_exception(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "capture_exception", names: &["exc"], posonly: 0, max_pos: 1, required: 0 }, args, kwnames)?;
    let exc = match a[0].filter(|e| !object::is_none(e)) {
        Some(e) => object::new_ref(e),
        None => match rupy::vm::current_exception() {
            Some(e) => e,
            None => return Ok(object::none()),
        },
    };
    if !object::type_check(&exc, exceptions::base_exception()) {
        return Err(type_error(&format!("expected exception, got {}", object::repr(&exc)?.to_string_lossy())));
    }
    ExcInfo::capture(&exc).as_object()
}

static FUNCTIONS: [BuiltinDef; 18] = [
    BuiltinDef { name: "new_config", func: interp_new_config },
    BuiltinDef { name: "create", func: interp_create },
    BuiltinDef { name: "destroy", func: interp_destroy },
    BuiltinDef { name: "list_all", func: interp_list_all },
    BuiltinDef { name: "get_current", func: interp_get_current },
    BuiltinDef { name: "get_main", func: interp_get_main },
    BuiltinDef { name: "get_config", func: interp_get_config },
    BuiltinDef { name: "whence", func: interp_whence },
    BuiltinDef { name: "exec", func: interp_exec },
    BuiltinDef { name: "call", func: interp_call },
    BuiltinDef { name: "run_string", func: interp_run_string },
    BuiltinDef { name: "run_func", func: interp_run_func },
    BuiltinDef { name: "set___main___attrs", func: interp_set_main_attrs },
    BuiltinDef { name: "incref", func: interp_incref },
    BuiltinDef { name: "decref", func: interp_decref },
    BuiltinDef { name: "is_running", func: interp_is_running },
    BuiltinDef { name: "is_shareable", func: interp_is_shareable },
    BuiltinDef { name: "capture_exception", func: interp_capture_exception },
];

/// `module_exec`: the `_interpreters` module.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_interpreters")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, v) in [
        ("WHENCE_UNKNOWN", interps::WHENCE_UNKNOWN),
        ("WHENCE_RUNTIME", interps::WHENCE_RUNTIME),
        ("WHENCE_LEGACY_CAPI", interps::WHENCE_LEGACY_CAPI),
        ("WHENCE_CAPI", interps::WHENCE_CAPI),
        ("WHENCE_XI", interps::WHENCE_XI),
        ("WHENCE_STDLIB", interps::WHENCE_STDLIB),
    ] {
        m.add_object(name, &*int_obj(v)?)?;
    }
    m.add_object("InterpreterError", &*crossinterp::interpreter_error()?)?;
    m.add_object("InterpreterNotFoundError", &*crossinterp::interpreter_not_found_error()?)?;
    m.add_object("NotShareableError", &*crossinterp::not_shareable_error()?)?;
    Ok(into_obj(m))
}
