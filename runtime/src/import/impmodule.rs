//! The `_imp` module (Python/import.c's `_imp_*` functions and
//! Python/clinic's signatures): what Lib/importlib/_bootstrap.py and
//! _bootstrap_external.py ask of the interpreter. rupy has no frozen
//! modules and no extension modules, so those queries answer "none".

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::bytesobject;
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::moduleobject;
use crate::objects::object::{self, ObjRef, PyObject, downcast, into_obj};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::unicodeobject::{self, StrObject};

use super::machinery::import_error;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Positional arguments only, exactly `n` of them.
fn exact<'a>(name: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>, n: usize) -> PyResult<Vec<&'a PyObject>> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    if args.len() != n {
        return Err(type_error(&match n {
            0 => format!("{name}() takes no arguments ({} given)", args.len()),
            1 => format!("{name}() takes exactly one argument ({} given)", args.len()),
            _ => format!("{name} expected {n} arguments, got {}", args.len()),
        }));
    }
    Ok(args.to_vec())
}

fn str_arg(fname: &str, v: &PyObject) -> PyResult<String> {
    match downcast::<StrObject>(v) {
        Some(s) => Ok(s.to_string_lossy()),
        None => Err(type_error(&format!("{fname}() argument must be str, not {}", object::type_of(v).name()))),
    }
}

/// The import lock of `acquire_lock`/`release_lock` (CPython's
/// `_PyImport_AcquireLock`): re-entrant, waits detach.
static IMP_LOCK: rupy_sync::PyRecursiveMutex = rupy_sync::PyRecursiveMutex::new();

fn lock_held(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("lock_held", args, kw, 0)?;
    Ok(crate::objects::boolobject::from_bool(IMP_LOCK.is_locked()))
}

fn acquire_lock(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("acquire_lock", args, kw, 0)?;
    IMP_LOCK.lock();
    Ok(object::none())
}

fn release_lock(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("release_lock", args, kw, 0)?;
    if !IMP_LOCK.is_locked_by_me() {
        return Err(errors::set_string(exceptions::runtime_error(), "not holding the import lock"));
    }
    IMP_LOCK.unlock();
    Ok(object::none())
}

/// `is_builtin(name)`: 1 for a builtin module, -1 for one that cannot be
/// initialized again (`sys`, `builtins`), 0 otherwise.
fn is_builtin(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = exact("is_builtin", args, kw, 1)?;
    let name = str_arg("is_builtin", a[0])?;
    let v = if !super::is_builtin(&name) {
        0
    } else if name == "sys" || name == "builtins" {
        -1
    } else {
        1
    };
    longobject::from_i64(v)
}

/// `create_builtin(spec)`: the builtin module named `spec.name`.
fn create_builtin(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = exact("create_builtin", args, kw, 1)?;
    let name = object::get_attr_str(a[0], "name")?;
    let Some(text) = downcast::<StrObject>(&name).map(StrObject::to_string_lossy) else {
        return Err(type_error(&format!("name must be string, not {}", object::type_of(&name).name())));
    };
    match super::create_builtin(&text)? {
        Some(m) => Ok(m),
        None => Err(import_error(&format!("no built-in module named {text}"), Some(&name), None)),
    }
}

/// `exec_builtin(mod)`: rupy's builtin modules are complete once created.
fn exec_builtin(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("exec_builtin", args, kw, 1)?;
    longobject::from_i64(0)
}

/// `exec_dynamic(mod)`: no extension modules.
fn exec_dynamic(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("exec_dynamic", args, kw, 1)?;
    longobject::from_i64(0)
}

/// `create_dynamic(spec, file=None)`: rupy loads no extension modules.
fn create_dynamic(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let name = match args.first() {
        Some(spec) => object::get_attr_str(spec, "name")?,
        None => return Err(type_error("create_dynamic() missing required argument 'spec' (pos 1)")),
    };
    Err(import_error(
        &format!("rupy cannot load extension module {}", object::str_lossy(&name)),
        Some(&name),
        None,
    ))
}

/// `is_frozen(name)`: rupy has no frozen modules.
fn is_frozen(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = exact("is_frozen", args, kw, 1)?;
    str_arg("is_frozen", a[0])?;
    Ok(crate::objects::boolobject::from_bool(false))
}

/// `is_frozen_package(name)` / `get_frozen_object(name)`: no such module.
fn no_frozen(fname: &str, args: &[&PyObject]) -> PyResult<ObjRef> {
    let Some(name) = args.first() else {
        return Err(type_error(&format!("{fname}() missing required argument 'name' (pos 1)")));
    };
    let text = str_arg(fname, name)?;
    Err(import_error(&format!("No such frozen object named '{text}'"), Some(name), None))
}

fn is_frozen_package(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_frozen("is_frozen_package", args)
}

fn get_frozen_object(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_frozen("get_frozen_object", args)
}

/// `init_frozen(name)`: None, as for a name that is not frozen.
fn init_frozen(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = exact("init_frozen", args, kw, 1)?;
    str_arg("init_frozen", a[0])?;
    Ok(object::none())
}

/// `find_frozen(name, *, withdata=False)`: None (not frozen).
fn find_frozen(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let npos = args.len() - kw.map_or(0, TupleObject::len);
    if npos != 1 {
        return Err(type_error(&format!("find_frozen() takes exactly 1 positional argument ({npos} given)")));
    }
    str_arg("find_frozen", args[0])?;
    Ok(object::none())
}

/// `_frozen_module_names()`: none.
fn frozen_module_names(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("_frozen_module_names", args, kw, 0)?;
    tupleobject::from_slice(&[]).map(into_obj)
}

/// `extension_suffixes()`: rupy loads no extension modules.
fn extension_suffixes(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact("extension_suffixes", args, kw, 0)?;
    ListObject::new().map(into_obj)
}

/// `_fix_co_filename(code, path)`: rupy's loaders compile with the final
/// path already, so there is nothing to rewrite.
fn fix_co_filename(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = exact("_fix_co_filename", args, kw, 2)?;
    str_arg("_fix_co_filename", a[1])?;
    Ok(object::none())
}

/// `source_hash(key, source)`: SipHash-1-3 of `source` keyed by `key`
/// (`_Py_KeyedHash`), as 8 bytes in native order.
fn source_hash(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let mut key = None;
    let mut source = None;
    for (i, a) in args[..npos].iter().enumerate() {
        match i {
            0 => key = Some(*a),
            1 => source = Some(*a),
            _ => return Err(type_error(&format!("source_hash() takes at most 2 arguments ({} given)", args.len()))),
        }
    }
    if let Some(k) = kwnames {
        for (name, v) in k.as_slice().iter().zip(&args[npos..]) {
            match object::str_lossy(name).as_str() {
                "key" => key = Some(*v),
                "source" => source = Some(*v),
                other => return Err(type_error(&format!("source_hash() got an unexpected keyword argument '{other}'"))),
            }
        }
    }
    let (Some(key), Some(source)) = (key, source) else {
        return Err(type_error("source_hash() missing required argument 'key' (pos 1)"));
    };
    let Some(k) = downcast::<IntObject>(key).and_then(IntObject::as_i64) else {
        return Err(type_error(&format!("'{}' object cannot be interpreted as an integer", object::type_of(key).name())));
    };
    let Some(data) = bytesobject::bytes_like(source) else {
        return Err(type_error(&format!(
            "a bytes-like object is required, not '{}'",
            object::type_of(source).name()
        )));
    };
    let h = crate::state::pyhash::siphash13(k as u64, 0, &data);
    bytesobject::from_bytes(&h.to_ne_bytes()).map(into_obj)
}

/// `_override_frozen_modules_for_tests(override)` and
/// `_override_multi_interp_extensions_check(override)`: accepted; rupy
/// has neither frozen modules nor subinterpreters.
fn override_setting(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let _ = args;
    longobject::from_i64(-1)
}

static FUNCTIONS: [BuiltinDef; 19] = [
    BuiltinDef { name: "lock_held", func: lock_held },
    BuiltinDef { name: "acquire_lock", func: acquire_lock },
    BuiltinDef { name: "release_lock", func: release_lock },
    BuiltinDef { name: "is_builtin", func: is_builtin },
    BuiltinDef { name: "create_builtin", func: create_builtin },
    BuiltinDef { name: "exec_builtin", func: exec_builtin },
    BuiltinDef { name: "create_dynamic", func: create_dynamic },
    BuiltinDef { name: "exec_dynamic", func: exec_dynamic },
    BuiltinDef { name: "is_frozen", func: is_frozen },
    BuiltinDef { name: "is_frozen_package", func: is_frozen_package },
    BuiltinDef { name: "get_frozen_object", func: get_frozen_object },
    BuiltinDef { name: "init_frozen", func: init_frozen },
    BuiltinDef { name: "find_frozen", func: find_frozen },
    BuiltinDef { name: "_frozen_module_names", func: frozen_module_names },
    BuiltinDef { name: "extension_suffixes", func: extension_suffixes },
    BuiltinDef { name: "_fix_co_filename", func: fix_co_filename },
    BuiltinDef { name: "source_hash", func: source_hash },
    BuiltinDef { name: "_override_frozen_modules_for_tests", func: override_setting },
    BuiltinDef { name: "_override_multi_interp_extensions_check", func: override_setting },
];

/// `PyInit__imp`.
pub(crate) fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_imp")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("check_hash_based_pycs", &*unicodeobject::intern_str("default")?)?;
    // PYC_MAGIC_NUMBER_TOKEN: the magic number with "\r\n" above it.
    let magic = super::machinery::MAGIC;
    let token = u32::from_le_bytes(magic);
    m.add_object("pyc_magic_number_token", &*longobject::from_i64(i64::from(token))?)?;
    Ok(into_obj(m))
}
