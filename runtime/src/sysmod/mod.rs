//! The `sys` module, ported from Python/sysmodule.c (`_PySys_Create`,
//! `_PySys_InitCore`, `_PySys_UpdateConfig` and the functions programs
//! use). The command line fills in [`Config`] before the module is
//! created. Design notes: docs/import.md.

pub mod monitoring;
pub mod stdio;
pub mod stdlib_names;
pub mod structseq;

use std::sync::{Mutex, PoisonError};

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::moduleobject;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, floatobject, longobject, unicode_methods};
use structseq::StructSeqDesc;

/// The version rupy implements (`PY_*_VERSION`).
pub const VERSION: (u32, u32, u32) = (3, 14, 0);

/// What the command line decided (`PyConfig`'s parts that `sys` shows).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `sys.argv`, as the OS gave it (decoded when `sys` is made).
    pub argv: Vec<std::ffi::OsString>,
    /// `sys.orig_argv`, likewise.
    pub orig_argv: Vec<std::ffi::OsString>,
    /// `sys.path`.
    pub path: Vec<String>,
    /// The computed `sys.path[0]` (`config->sys_path_0`), even under `-P`.
    pub sys_path_0: Option<String>,
    /// `sys.warnoptions` (`-W`).
    pub warnoptions: Vec<String>,
    /// `sys._xoptions` (`-X name[=value]`).
    pub xoptions: Vec<String>,
    /// `-B` / `PYTHONDONTWRITEBYTECODE`.
    pub dont_write_bytecode: bool,
    /// `-O` count.
    pub optimize: u32,
    /// `-E`.
    pub ignore_environment: bool,
    /// `-I`.
    pub isolated: bool,
    /// `-s`.
    pub no_user_site: bool,
    /// `-S`.
    pub no_site: bool,
    /// `-u`.
    pub unbuffered: bool,
    /// `-q`.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u32,
    /// `-b` count.
    pub bytes_warning: u32,
    /// `-i`.
    pub inspect: bool,
    /// `-P` / `PYTHONSAFEPATH`.
    pub safe_path: bool,
    /// `-X utf8` / `PYTHONUTF8`.
    pub utf8_mode: bool,
    /// `-X dev`.
    pub dev_mode: bool,
    /// PYTHONHASHSEED is not 0.
    pub hash_randomization: bool,
}

static CONFIG: Mutex<Option<Config>> = Mutex::new(None);

/// `-u`: standard output is written through at once.
static UNBUFFERED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Is standard output unbuffered (`-u`, `PYTHONUNBUFFERED`)?
pub fn unbuffered() -> bool {
    UNBUFFERED.load(std::sync::atomic::Ordering::Relaxed)
}

static OPTIMIZE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// The `-O` level (`config->optimization_level`): what imports and
/// `compile(..., optimize=-1)` compile with.
pub fn optimization_level() -> i32 {
    OPTIMIZE.load(std::sync::atomic::Ordering::Relaxed) as i32
}

/// `sys.executable` as Modules/getpath.py finds it: `argv[0]` made
/// absolute, or looked up on `PATH` when it names no directory, without
/// resolving symbolic links (a virtual environment's `bin/python` link
/// stays itself, so `site` finds its `pyvenv.cfg`).
fn program_path(argv0: &str) -> Option<String> {
    use std::path::{Component, Path, PathBuf};
    if argv0.is_empty() {
        return None;
    }
    let found: PathBuf = if argv0.contains('/') {
        std::env::current_dir().ok()?.join(argv0)
    } else {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path).map(|d| d.join(argv0)).find(|p| p.is_file())?
    };
    let found = if found.is_absolute() { found } else { std::env::current_dir().ok()?.join(found) };
    let mut out = PathBuf::new();
    for part in found.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Path::new(&out).is_file().then(|| out.to_string_lossy().into_owned())
}

/// Sets the configuration `sys` is created from (before its first use).
pub fn configure(config: Config) {
    UNBUFFERED.store(config.unbuffered, std::sync::atomic::Ordering::Relaxed);
    OPTIMIZE.store(config.optimize, std::sync::atomic::Ordering::Relaxed);
    *CONFIG.lock().unwrap_or_else(PoisonError::into_inner) = Some(config);
}

fn config() -> Config {
    CONFIG.lock().unwrap_or_else(PoisonError::into_inner).clone().unwrap_or_else(|| Config {
        hash_randomization: true,
        ..Config::default()
    })
}


// ---------------------------------------------------------------------
// Helpers.

fn str_obj(s: &str) -> PyResult<ObjRef> {
    unicodeobject::from_str(s).map(into_obj)
}

fn int_obj(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

fn bool_obj(b: bool) -> ObjRef {
    boolobject::from_bool(b)
}

fn str_list(items: &[String]) -> PyResult<ObjRef> {
    let objs: Vec<ObjRef> = items.iter().map(|s| str_obj(s)).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
    ListObject::from_slice(&refs).map(into_obj)
}

/// Command-line arguments as a list of str, decoded as
/// `Py_DecodeLocale` does in a UTF-8 locale: bytes that are not UTF-8
/// become lone surrogates (surrogateescape), as `os.fsencode` undoes.
fn os_str_list(items: &[std::ffi::OsString]) -> PyResult<ObjRef> {
    use std::os::unix::ffi::OsStrExt;
    let objs: Vec<ObjRef> = items
        .iter()
        .map(|a| match a.to_str() {
            Some(s) => str_obj(s),
            None => {
                let cps = unicode_methods::decode_bytes(a.as_bytes(), unicode_methods::Codec::Utf8, "surrogateescape")?;
                unicodeobject::from_code_points(&cps).map(into_obj)
            }
        })
        .collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
    ListObject::from_slice(&refs).map(into_obj)
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Positional-only arguments between `min` and `max`, no keywords.
fn positional<'a>(
    fname: &str,
    args: &[&'a PyObject],
    kwnames: Option<&TupleObject>,
    min: usize,
    max: usize,
) -> PyResult<Vec<&'a PyObject>> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    let n = args.len();
    if n < min || n > max {
        let msg = if min == max {
            match min {
                0 => format!("{fname}() takes no arguments ({n} given)"),
                1 => format!("{fname}() takes exactly one argument ({n} given)"),
                _ => format!("{fname}() takes exactly {min} arguments ({n} given)"),
            }
        } else if n < min {
            format!("{fname} expected at least {min} argument{}, got {n}", if min == 1 { "" } else { "s" })
        } else {
            format!("{fname} expected at most {max} argument{}, got {n}", if max == 1 { "" } else { "s" })
        };
        return Err(type_error(&msg));
    }
    Ok(args.to_vec())
}

/// An exact int argument as i64 (`PyLong_AsLong` after an int check).
fn int_arg(v: &PyObject) -> PyResult<i64> {
    if !object::type_check(v, &longobject::INT_TYPE) {
        return Err(type_error(&format!("'{}' object cannot be interpreted as an integer", type_of(v).name())));
    }
    let n = crate::objects::r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    Ok(n as i64)
}

// ---------------------------------------------------------------------
// The functions.

/// `sys.exit([status])`: raises `SystemExit(status)`.
fn sys_exit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("exit", args, kwnames, 0, 1)?;
    let ty = crate::import::machinery::exc_type("SystemExit", exceptions::system_error())?;
    let exc = crate::objects::call::vectorcall(&ty, &a, None)?;
    Err(errors::set_raised(exc))
}

fn sys_getrecursionlimit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getrecursionlimit", args, kwnames, 0, 0)?;
    int_obj(i64::from(crate::state::interp().recursion_limit()))
}

/// `sys.setrecursionlimit(limit)`.
fn sys_setrecursionlimit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("setrecursionlimit", args, kwnames, 1, 1)?;
    let n = int_arg(a[0])?;
    if n < 1 {
        return Err(errors::set_string(exceptions::value_error(), "recursion limit must be greater or equal than 1"));
    }
    let limit = i32::try_from(n).map_err(|_| {
        errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C int")
    })?;
    // A limit the running frames already reach is refused.
    let depth = crate::vm::python_depth();
    if depth >= limit {
        return Err(errors::set_string(
            exceptions::recursion_error(),
            &format!("cannot set the recursion limit to {limit} at the recursion depth {depth}: the limit is too low"),
        ));
    }
    crate::state::interp().set_recursion_limit(limit);
    Ok(object::none())
}

fn sys_getrefcount(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("getrefcount", args, kwnames, 1, 1)?;
    int_obj(a[0].refcnt() as i64)
}

/// `sys.intern(string)`.
fn sys_intern(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("intern", args, kwnames, 1, 1)?;
    let Some(s) = downcast::<StrObject>(a[0]) else {
        return Err(type_error(&format!("intern() argument must be str, not {}", type_of(a[0]).name())));
    };
    if !object::is_type(a[0], &unicodeobject::STR_TYPE) {
        return Err(type_error(&format!("can't intern {}", type_of(a[0]).tp_name)));
    }
    Ok(unicodeobject::intern(rupy_gc::PyRef::new_ref(s)))
}

static ASYNCGEN_HOOKS: StructSeqDesc =
    StructSeqDesc { name: "asyncgen_hooks", fields: &["firstiter", "finalizer"], n_sequence: 0 };

std::thread_local! {
    /// The thread's async generator hooks (`tstate->async_gen_firstiter`
    /// and `async_gen_finalizer`). Recorded for asyncio; async generators
    /// do not call them yet (docs/quirks.md).
    static AGEN_HOOKS: core::cell::RefCell<[Option<ObjRef>; 2]> = const { core::cell::RefCell::new([None, None]) };
}

/// `sys.get_asyncgen_hooks()`.
fn sys_get_asyncgen_hooks(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("get_asyncgen_hooks", args, kwnames, 0, 0)?;
    let [a, b] = AGEN_HOOKS.with(|h| h.borrow().clone());
    structseq::new(&ASYNCGEN_HOOKS, &[a.unwrap_or_else(object::none), b.unwrap_or_else(object::none)])
}

/// `sys.set_asyncgen_hooks([firstiter] [, finalizer])`: each a callable
/// or None; an omitted one stays as it is.
fn sys_set_asyncgen_hooks(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > 2 {
        return Err(type_error(&format!("set_asyncgen_hooks() takes at most 2 arguments ({npos} given)")));
    }
    let mut given: [Option<&PyObject>; 2] = [None, None];
    for (i, v) in args[..npos].iter().enumerate() {
        given[i] = Some(*v);
    }
    if let Some(k) = kwnames {
        for (key, v) in k.as_slice().iter().zip(&args[npos..]) {
            match object::str_lossy(key).as_str() {
                "firstiter" => given[0] = Some(*v),
                "finalizer" => given[1] = Some(*v),
                other => {
                    return Err(type_error(&format!("set_asyncgen_hooks() got an unexpected keyword argument '{other}'")));
                }
            }
        }
    }
    for (v, what) in given.iter().zip(["firstiter", "finalizer"]) {
        if let Some(v) = v {
            if !object::is_none(v) && !crate::objects::call::is_callable(v) {
                return Err(type_error(&format!("callable {what} expected, got {}", type_of(v).name())));
            }
        }
    }
    AGEN_HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        for (slot, v) in h.iter_mut().zip(given) {
            if let Some(v) = v {
                *slot = (!object::is_none(v)).then(|| object::new_ref(v));
            }
        }
    });
    Ok(object::none())
}

/// `sys.displayhook(object)` (`sys_displayhook`): writes `repr(object)`
/// and a newline to `sys.stdout` (escaping what its encoding cannot
/// take) and keeps the object as `builtins._`; None is not shown.
fn sys_displayhook(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("displayhook", args, kwnames, 1, 1)?;
    let o = a[0];
    if object::is_none(o) {
        return Ok(object::none());
    }
    let builtins = crate::builtins::builtins_dict()?;
    let underscore = unicodeobject::intern_str("_")?;
    builtins.set_item(&underscore, &object::none())?;
    let stdout = crate::import::builtin_module("sys").and_then(|sys| object::get_attr_str(&sys, "stdout"));
    let stdout = match stdout {
        Ok(s) if !object::is_none(&s) => s,
        _ => {
            errors::clear();
            return Err(errors::set_string(exceptions::runtime_error(), "lost sys.stdout"));
        }
    };
    let write = object::get_attr_str(&stdout, "write")?;
    let text = object::repr(o)?;
    if let Err(e) = object::call(&write, &[as_obj(&*text)]) {
        if !errors::exception_matches(exceptions::unicode_encode_error()) {
            return Err(e);
        }
        drop(e);
        errors::clear();
        // `sys_displayhook_unencodable`: the repr with backslash escapes.
        let encoding = object::get_attr_str(&stdout, "encoding")?;
        let encode = object::get_attr_str(as_obj(&*text), "encode")?;
        let strict = into_obj(unicodeobject::from_str("backslashreplace")?);
        let raw = object::call(&encode, &[&encoding, &strict])?;
        let decode = object::get_attr_str(&raw, "decode")?;
        let escaped = object::call(&decode, &[&encoding, &into_obj(unicodeobject::from_str("strict")?)])?;
        object::call(&write, &[&escaped])?;
    }
    object::call(&write, &[as_obj(&*unicodeobject::from_str("\n")?)])?;
    builtins.set_item(&underscore, o)?;
    Ok(object::none())
}

/// `sys.settrace(function)` / `sys.setprofile(function)`: None removes it.
fn set_trace_hook(which: usize, name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional(name, args, kwnames, 1, 1)?;
    crate::vm::trace::set_hook(which, (!object::is_none(a[0])).then(|| object::new_ref(a[0])));
    Ok(object::none())
}

/// `sys._settraceallthreads(function)` / `_setprofileallthreads`: the
/// hook of every thread.
fn set_trace_hook_all(which: usize, name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional(name, args, kwnames, 1, 1)?;
    crate::vm::trace::set_hook_all_threads(which, (!object::is_none(a[0])).then(|| object::new_ref(a[0])));
    Ok(object::none())
}

fn get_trace_hook(which: usize, name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional(name, args, kwnames, 0, 0)?;
    Ok(crate::vm::trace::get_hook(which).unwrap_or_else(object::none))
}

fn sys_settraceallthreads(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    set_trace_hook_all(0, "_settraceallthreads", args, kwnames)
}

fn sys_setprofileallthreads(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    set_trace_hook_all(1, "_setprofileallthreads", args, kwnames)
}

fn sys_settrace(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    set_trace_hook(0, "settrace", args, kwnames)
}

fn sys_gettrace(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    get_trace_hook(0, "gettrace", args, kwnames)
}

fn sys_setprofile(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    set_trace_hook(1, "setprofile", args, kwnames)
}

fn sys_getprofile(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    get_trace_hook(1, "getprofile", args, kwnames)
}

/// `sys._clear_type_descriptors(type)`: drops `__dict__` and
/// `__weakref__` from a class's dict (what dataclasses' slots=True needs
/// before it rebuilds the class).
fn sys_clear_type_descriptors(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("_clear_type_descriptors", args, kwnames, 1, 1)?;
    let Some(ty) = downcast::<crate::objects::typeobject::TypeObject>(a[0]) else {
        return Err(type_error(&format!(
            "_clear_type_descriptors() argument must be type, not {}",
            type_of(a[0]).name()
        )));
    };
    if ty.has_feature(crate::objects::typeobject::flags::IMMUTABLETYPE) {
        return Err(type_error("argument is immutable"));
    }
    if let Some(d) = ty.tp_dict.get() {
        if let Some(d) = downcast::<DictObject>(&d) {
            d.pop_item(&*unicodeobject::intern_str("__dict__")?)?;
            d.pop_item(&*unicodeobject::intern_str("__weakref__")?)?;
        }
    }
    crate::objects::typeobject::type_modified(ty);
    Ok(object::none())
}

/// `sys.getsizeof(object[, default])`: `__sizeof__()` plus the GC
/// header, as CPython computes it.
fn sys_getsizeof(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("getsizeof", args, kwnames, 1, 2)?;
    let ty = type_of(a[0]);
    let size = match object::get_attr_str(a[0], "__sizeof__") {
        Ok(m) => {
            let r = object::call(&m, &[])?;
            crate::objects::r#abstract::as_ssize(&r, Some(exceptions::overflow_error()))?
        }
        Err(e) => {
            if !errors::exception_matches(exceptions::attribute_error()) {
                return Err(e);
            }
            errors::clear();
            if let Some(d) = a.get(1) {
                return Ok(object::new_ref(*d));
            }
            let n = crate::objects::r#abstract::size(a[0]).unwrap_or_else(|_| {
                errors::clear();
                0
            });
            (ty.tp_basicsize + ty.tp_itemsize * n.max(0) as usize) as isize
        }
    };
    if size < 0 {
        return Err(errors::set_string(exceptions::value_error(), "__sizeof__() should return >= 0"));
    }
    // `_PyType_PreHeaderSize` of the free-threaded build (its objects
    // carry their collector state in the header), but not for a static
    // type itself: the managed dict and weakref pointers.
    let static_type = downcast::<TypeObject>(a[0]).is_some_and(|t| !t.has_feature(flags::HEAPTYPE));
    let presize = if !static_type && ty.has_feature(flags::PREHEADER) { 16 } else { 0 };
    int_obj(size as i64 + presize)
}

/// `sys.exception()`.
fn sys_exception(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("exception", args, kwnames, 0, 0)?;
    Ok(crate::vm::current_exception().unwrap_or_else(object::none))
}

/// `sys.exc_info()`: `(type, value, traceback)` of the handled exception.
fn sys_exc_info(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("exc_info", args, kwnames, 0, 0)?;
    let t = match crate::vm::current_exception() {
        Some(e) => {
            let ty = object::new_ref(as_obj(type_of(&e)));
            let tb = object::get_attr_str(&e, "__traceback__").unwrap_or_else(|_| {
                errors::clear();
                object::none()
            });
            tupleobject::from_slice(&[&ty, &e, &tb])?
        }
        None => tupleobject::from_slice(&[&object::NONE, &object::NONE, &object::NONE])?,
    };
    Ok(into_obj(t))
}

fn sys_is_gil_enabled(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("_is_gil_enabled", args, kwnames, 0, 0)?;
    Ok(bool_obj(crate::state::ceval_gil::is_enabled()))
}

fn sys_getswitchinterval(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getswitchinterval", args, kwnames, 0, 0)?;
    floatobject::from_f64(1e-6 * crate::state::ceval_gil::switch_interval_us() as f64)
}

/// `sys.setswitchinterval(interval)`: the GIL's switch interval.
fn sys_setswitchinterval(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("setswitchinterval", args, kwnames, 1, 1)?;
    let f = match downcast::<crate::objects::floatobject::FloatObject>(a[0]) {
        Some(f) => f.value(),
        None => {
            let i = crate::objects::r#abstract::index(a[0]).map_err(|_| {
                errors::clear();
                type_error(&format!("must be real number, not {}", type_of(a[0]).name()))
            })?;
            crate::objects::r#abstract::as_ssize(&i, None)? as f64
        }
    };
    if f <= 0.0 {
        return Err(errors::set_string(exceptions::value_error(), "switch interval must be strictly positive"));
    }
    crate::state::ceval_gil::set_switch_interval_us((1e6 * f) as u64);
    Ok(object::none())
}

fn sys_get_int_max_str_digits(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("get_int_max_str_digits", args, kwnames, 0, 0)?;
    int_obj(crate::state::interp().int_max_str_digits() as i64)
}

/// `sys.set_int_max_str_digits(maxdigits)`.
fn sys_set_int_max_str_digits(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let mut val = None;
    if npos > 1 {
        return Err(type_error(&format!("set_int_max_str_digits() takes at most 1 argument ({} given)", args.len())));
    }
    if npos == 1 {
        val = Some(args[0]);
    }
    if let Some(kw) = kwnames {
        for (k, v) in kw.as_slice().iter().zip(&args[npos..]) {
            let ks = object::str_lossy(k);
            if ks != "maxdigits" {
                return Err(type_error(&format!("set_int_max_str_digits() got an unexpected keyword argument '{ks}'")));
            }
            if val.is_some() {
                return Err(type_error(
                    "argument for set_int_max_str_digits() given by name ('maxdigits') and position (1)",
                ));
            }
            val = Some(*v);
        }
    }
    let Some(v) = val else {
        return Err(type_error("set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)"));
    };
    let n = int_arg(v)?;
    if n != 0 && n < 640 {
        return Err(errors::set_string(exceptions::value_error(), "maxdigits must be >= 640 or 0 for unlimited"));
    }
    crate::state::interp().set_int_max_str_digits(n as isize);
    Ok(object::none())
}

fn sys_getdefaultencoding(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getdefaultencoding", args, kwnames, 0, 0)?;
    unicodeobject::intern_str("utf-8")
}

fn sys_getfilesystemencoding(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getfilesystemencoding", args, kwnames, 0, 0)?;
    unicodeobject::intern_str("utf-8")
}

fn sys_getfilesystemencodeerrors(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getfilesystemencodeerrors", args, kwnames, 0, 0)?;
    unicodeobject::intern_str("surrogateescape")
}

fn sys_is_finalizing(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("is_finalizing", args, kwnames, 0, 0)?;
    Ok(bool_obj(crate::pylifecycle::is_finalizing()))
}

/// `sys.audit(event, *args)`: rupy has no audit hooks yet.
fn sys_audit(args: &[&PyObject], _kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    match args.first() {
        Some(e) if object::type_check(e, &unicodeobject::STR_TYPE) => Ok(object::none()),
        Some(e) => Err(type_error(&format!("expected str for argument 'event', not {}", type_of(e).name()))),
        None => Err(type_error("audit() missing 1 required positional argument: 'event'")),
    }
}

static FUNCTIONS: [BuiltinDef; 30] = [
    BuiltinDef { name: "_is_gil_enabled", func: sys_is_gil_enabled },
    BuiltinDef { name: "audit", func: sys_audit },
    BuiltinDef { name: "exc_info", func: sys_exc_info },
    BuiltinDef { name: "exception", func: sys_exception },
    BuiltinDef { name: "exit", func: sys_exit },
    BuiltinDef { name: "get_int_max_str_digits", func: sys_get_int_max_str_digits },
    BuiltinDef { name: "getdefaultencoding", func: sys_getdefaultencoding },
    BuiltinDef { name: "getfilesystemencodeerrors", func: sys_getfilesystemencodeerrors },
    BuiltinDef { name: "getfilesystemencoding", func: sys_getfilesystemencoding },
    BuiltinDef { name: "getrecursionlimit", func: sys_getrecursionlimit },
    BuiltinDef { name: "getrefcount", func: sys_getrefcount },
    BuiltinDef { name: "getsizeof", func: sys_getsizeof },
    BuiltinDef { name: "getswitchinterval", func: sys_getswitchinterval },
    BuiltinDef { name: "intern", func: sys_intern },
    BuiltinDef { name: "_clear_type_descriptors", func: sys_clear_type_descriptors },
    BuiltinDef { name: "get_asyncgen_hooks", func: sys_get_asyncgen_hooks },
    BuiltinDef { name: "set_asyncgen_hooks", func: sys_set_asyncgen_hooks },
    BuiltinDef { name: "displayhook", func: sys_displayhook },
    BuiltinDef { name: "settrace", func: sys_settrace },
    BuiltinDef { name: "_settraceallthreads", func: sys_settraceallthreads },
    BuiltinDef { name: "_setprofileallthreads", func: sys_setprofileallthreads },
    BuiltinDef { name: "gettrace", func: sys_gettrace },
    BuiltinDef { name: "setprofile", func: sys_setprofile },
    BuiltinDef { name: "getprofile", func: sys_getprofile },
    BuiltinDef { name: "is_finalizing", func: sys_is_finalizing },
    BuiltinDef { name: "set_int_max_str_digits", func: sys_set_int_max_str_digits },
    BuiltinDef { name: "setrecursionlimit", func: sys_setrecursionlimit },
    BuiltinDef { name: "setswitchinterval", func: sys_setswitchinterval },
    BuiltinDef { name: "getallocatedblocks", func: sys_getallocatedblocks },
    BuiltinDef { name: "getunicodeinternedsize", func: sys_getunicodeinternedsize },
];

fn sys_getallocatedblocks(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getallocatedblocks", args, kwnames, 0, 0)?;
    let (allocs, frees) = object::alloc_stats();
    int_obj(allocs.saturating_sub(frees) as i64)
}

fn sys_getunicodeinternedsize(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getunicodeinternedsize", args, kwnames, 0, 0)?;
    int_obj(crate::state::interp().interned_count() as i64)
}

// ---------------------------------------------------------------------
// Struct sequences.

static VERSION_INFO: StructSeqDesc =
    StructSeqDesc { name: "sys.version_info", fields: &["major", "minor", "micro", "releaselevel", "serial"], n_sequence: 0 };

static FLAGS: StructSeqDesc = StructSeqDesc {
    name: "sys.flags",
    fields: &[
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
        "gil",
        "thread_inherit_context",
        "context_aware_warnings",
    ],
    n_sequence: 18,
};

static FLOAT_INFO: StructSeqDesc = StructSeqDesc {
    name: "sys.float_info",
    fields: &[
        "max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp", "dig", "mant_dig", "epsilon", "radix", "rounds",
    ],
    n_sequence: 0,
};

static INT_INFO: StructSeqDesc = StructSeqDesc {
    name: "sys.int_info",
    fields: &["bits_per_digit", "sizeof_digit", "default_max_str_digits", "str_digits_check_threshold"],
    n_sequence: 0,
};

static HASH_INFO: StructSeqDesc = StructSeqDesc {
    name: "sys.hash_info",
    fields: &["width", "modulus", "inf", "nan", "imag", "algorithm", "hash_bits", "seed_bits", "cutoff"],
    n_sequence: 0,
};

static THREAD_INFO: StructSeqDesc = StructSeqDesc { name: "sys.thread_info", fields: &["name", "lock", "version"], n_sequence: 0 };

fn version_info() -> PyResult<ObjRef> {
    let (a, b, c) = VERSION;
    structseq::new(
        &VERSION_INFO,
        &[int_obj(a.into())?, int_obj(b.into())?, int_obj(c.into())?, str_obj("final")?, int_obj(0)?],
    )
}

fn hexversion() -> i64 {
    let (a, b, c) = VERSION;
    (i64::from(a) << 24) | (i64::from(b) << 16) | (i64::from(c) << 8) | 0xf0
}

fn flags(c: &Config) -> PyResult<ObjRef> {
    let i = |b: bool| int_obj(i64::from(b));
    structseq::new(
        &FLAGS,
        &[
            int_obj(0)?,
            i(c.inspect)?,
            i(c.inspect)?,
            int_obj(c.optimize.into())?,
            i(c.dont_write_bytecode)?,
            i(c.no_user_site)?,
            i(c.no_site)?,
            i(c.ignore_environment)?,
            int_obj(c.verbose.into())?,
            int_obj(c.bytes_warning.into())?,
            i(c.quiet)?,
            i(c.hash_randomization)?,
            i(c.isolated)?,
            bool_obj(c.dev_mode),
            i(c.utf8_mode)?,
            int_obj(0)?,
            bool_obj(c.safe_path),
            int_obj(crate::state::interp().int_max_str_digits() as i64)?,
            match crate::state::ceval_gil::flag() {
                Some(v) => int_obj(v)?,
                None => object::none(),
            },
            // The free-threaded build's values: new threads start in a
            // copy of their creator's context.
            int_obj(1)?,
            int_obj(1)?,
        ],
    )
}

fn float_info() -> PyResult<ObjRef> {
    structseq::new(
        &FLOAT_INFO,
        &[
            floatobject::from_f64(f64::MAX)?,
            int_obj(f64::MAX_EXP.into())?,
            int_obj(f64::MAX_10_EXP.into())?,
            floatobject::from_f64(f64::MIN_POSITIVE)?,
            int_obj(f64::MIN_EXP.into())?,
            int_obj(f64::MIN_10_EXP.into())?,
            int_obj(f64::DIGITS.into())?,
            int_obj(f64::MANTISSA_DIGITS.into())?,
            floatobject::from_f64(f64::EPSILON)?,
            int_obj(f64::RADIX.into())?,
            int_obj(1)?,
        ],
    )
}

fn int_info() -> PyResult<ObjRef> {
    structseq::new(&INT_INFO, &[int_obj(30)?, int_obj(4)?, int_obj(4300)?, int_obj(640)?])
}

fn hash_info() -> PyResult<ObjRef> {
    structseq::new(
        &HASH_INFO,
        &[
            int_obj(64)?,
            int_obj((1i64 << 61) - 1)?,
            int_obj(314_159)?,
            int_obj(0)?,
            int_obj(1_000_003)?,
            str_obj("siphash13")?,
            int_obj(64)?,
            int_obj(128)?,
            int_obj(0)?,
        ],
    )
}

fn implementation() -> PyResult<ObjRef> {
    crate::objects::namespaceobject::new_namespace(&[
        ("name", str_obj("rupy")?),
        ("cache_tag", str_obj(crate::import::machinery::CACHE_TAG)?),
        ("version", version_info()?),
        ("hexversion", int_obj(hexversion())?),
        ("_multiarch", str_obj(&format!("{}-linux-gnu", std::env::consts::ARCH))?),
        ("supports_isolated_interpreters", bool_obj(false)),
    ])
}

/// `sys.platform` (`Py_GetPlatform`).
fn platform() -> &'static str {
    match std::env::consts::OS {
        "macos" | "ios" => "darwin",
        "windows" => "win32",
        "freebsd" => "freebsd",
        other => other,
    }
}

// ---------------------------------------------------------------------
// The module.

/// `_PySys_Create`: the `sys` module.
pub fn init() -> PyResult<ObjRef> {
    let c = config();
    let m = moduleobject::new_module("sys")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_functions(&crate::objects::frameobject::SYS_FUNCTIONS)?;
    m.add_functions(&crate::errors::traceback::SYS_FUNCTIONS)?;
    m.add_object("__excepthook__", &*object::get_attr_str(as_obj(&*m), "excepthook")?)?;
    m.add_object("__unraisablehook__", &*object::get_attr_str(as_obj(&*m), "unraisablehook")?)?;
    m.add_object("__displayhook__", &*object::get_attr_str(as_obj(&*m), "displayhook")?)?;
    let set = |name: &str, v: &PyObject| m.add_object(name, v);
    set("modules", as_obj(&*crate::import::modules_dict()?))?;
    let names: Vec<ObjRef> =
        crate::import::builtin_module_names().into_iter().map(unicodeobject::intern_str).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = names.iter().map(|n| &**n).collect();
    set("builtin_module_names", as_obj(&*tupleobject::from_slice(&refs)?))?;
    set("argv", &*os_str_list(&c.argv)?)?;
    set("orig_argv", &*os_str_list(&c.orig_argv)?)?;
    set("path", &*str_list(&c.path)?)?;
    set("warnoptions", &*str_list(&c.warnoptions)?)?;
    let std_names: Vec<ObjRef> =
        stdlib_names::STDLIB_MODULE_NAMES.iter().map(|n| unicodeobject::intern_str(n)).collect::<PyResult<_>>()?;
    let std_refs: Vec<&PyObject> = std_names.iter().map(|n| &**n).collect();
    let std_tuple = tupleobject::from_slice(&std_refs)?;
    set("stdlib_module_names", &*crate::objects::setobject::new_frozenset(Some(as_obj(&*std_tuple)))?)?;
    let xopts = DictObject::new()?;
    for x in &c.xoptions {
        let (k, v) = match x.split_once('=') {
            Some((k, v)) => (k, str_obj(v)?),
            None => (x.as_str(), bool_obj(true)),
        };
        xopts.set_item(&*str_obj(k)?, &v)?;
    }
    set("_xoptions", as_obj(&*xopts))?;
    let meta_path = ListObject::from_slice(&[
        crate::import::finders::builtin_importer(),
        crate::import::finders::path_finder(),
    ])?;
    set("meta_path", as_obj(&*meta_path))?;
    set("path_hooks", &*crate::import::finders::default_path_hooks()?)?;
    set("path_importer_cache", as_obj(&*DictObject::new()?))?;
    set("dont_write_bytecode", &bool_obj(c.dont_write_bytecode))?;
    let (a, b, cc) = VERSION;
    set("version", &*str_obj(&format!("{a}.{b}.{cc} (rupy {}) [Rust]", env!("CARGO_PKG_VERSION")))?)?;
    set("version_info", &*version_info()?)?;
    set("hexversion", &*int_obj(hexversion())?)?;
    set("api_version", &*int_obj(1013)?)?;
    set("implementation", &*implementation()?)?;
    set("monitoring", &*monitoring::module()?)?;
    set("_jit", &*monitoring::jit_module()?)?;
    set("platform", &*str_obj(platform())?)?;
    set("byteorder", &*str_obj(if cfg!(target_endian = "little") { "little" } else { "big" })?)?;
    set("maxsize", &*int_obj(isize::MAX as i64)?)?;
    set("maxunicode", &*int_obj(0x10FFFF)?)?;
    set("float_info", &*float_info()?)?;
    set("int_info", &*int_info()?)?;
    set("hash_info", &*hash_info()?)?;
    set("thread_info", &*structseq::new(&THREAD_INFO, &[str_obj("pthread")?, str_obj("mutex+cond")?, object::none()])?)?;
    set("flags", &*flags(&c)?)?;
    set("float_repr_style", &*str_obj("short")?)?;
    set("abiflags", &*str_obj("t")?)?;
    set("copyright", &*str_obj("Copyright (c) 2001 Python Software Foundation.\nAll Rights Reserved.")?)?;
    let exe = std::env::current_exe().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let program = c.orig_argv.first().and_then(|a| program_path(&a.to_string_lossy())).unwrap_or_else(|| exe.clone());
    set("executable", &*str_obj(&program)?)?;
    set("_base_executable", &*str_obj(&exe)?)?;
    let prefix = stdlib_dir().and_then(|d| {
        let p = std::path::Path::new(&d);
        p.parent().and_then(|l| l.parent()).map(|x| x.to_string_lossy().into_owned())
    });
    let prefix = str_obj(prefix.as_deref().unwrap_or(""))?;
    for n in ["base_prefix", "base_exec_prefix"] {
        set(n, &prefix)?;
    }
    // getpath.py: a `pyvenv.cfg` beside the executable or one directory up
    // makes that directory the virtual environment's prefix.
    let venv = std::path::Path::new(&program).parent().and_then(|bin| {
        [bin, bin.parent()?].into_iter().find(|d| d.join("pyvenv.cfg").is_file())
    });
    let venv_prefix = match venv {
        Some(dir) => str_obj(&dir.to_string_lossy())?,
        None => prefix,
    };
    for n in ["prefix", "exec_prefix"] {
        set(n, &venv_prefix)?;
    }
    set("_stdlib_dir", &*match stdlib_dir() {
        Some(d) => str_obj(&d)?,
        None => object::none(),
    })?;
    set("platlibdir", &*str_obj("lib")?)?;
    set("pycache_prefix", &object::NONE)?;
    for (name, fd) in [("stdin", 0), ("stdout", 1), ("stderr", 2)] {
        let s = stdio::new_stream(fd)?;
        set(name, &s)?;
        set(&format!("__{name}__"), &s)?;
    }
    Ok(into_obj(m))
}

/// The directory of CPython's pure-Python standard library, if one is
/// found: a `Lib/` (holding `os.py`) next to the executable or above it,
/// or the `.cache/cpython/tree/usr/lib/python3.14` that
/// scripts/fetch-cpython.sh lib unpacks into the checkout. `RUPY_STDLIB`
/// overrides the search.
pub fn stdlib_dir() -> Option<String> {
    static DIR: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        if let Ok(d) = std::env::var("RUPY_STDLIB")
            && std::path::Path::new(&d).join("os.py").is_file()
        {
            return Some(d);
        }
        let exe = std::env::current_exe().ok()?;
        let exe = exe.canonicalize().unwrap_or(exe);
        let (a, b) = (VERSION.0, VERSION.1);
        for dir in exe.ancestors().skip(1) {
            let ver = format!("python{a}.{b}");
            for cand in [
                dir.join("Lib"),
                dir.join(".cache/cpython/tree/usr/lib").join(&ver),
                dir.join(".cache/cpython/lib").join(&ver),
                dir.join("lib").join(&ver),
            ] {
                if cand.join("os.py").is_file() {
                    return Some(cand.to_string_lossy().into_owned());
                }
            }
        }
        None
    })
    .clone()
}

/// `config->sys_path_0`: the `sys.path[0]` the command line computed.
pub fn sys_path_0() -> Option<String> {
    CONFIG.lock().unwrap_or_else(PoisonError::into_inner).as_ref().and_then(|c| c.sys_path_0.clone())
}

/// `config->safe_path`.
pub fn safe_path() -> bool {
    CONFIG.lock().unwrap_or_else(PoisonError::into_inner).as_ref().is_some_and(|c| c.safe_path)
}

/// Raises an exception of the builtin class `name` (looked up by name,
/// `fallback` while the runtime lacks it) with `msg`.
pub fn raise_named(name: &str, fallback: &'static TypeObject, msg: &str) -> errors::ErrSet {
    match crate::import::machinery::exc_type(name, fallback) {
        Ok(t) => match downcast::<TypeObject>(&t) {
            Some(tt) => errors::set_string(tt, msg),
            None => errors::set_string(fallback, msg),
        },
        Err(e) => e,
    }
}
