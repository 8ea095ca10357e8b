//! The exception types with fields of their own, ported from
//! Objects/exceptions.c: `StopIteration` (`StopIteration_init`),
//! `SystemExit` (`SystemExit_init`), `ImportError` /
//! `ModuleNotFoundError` (`ImportError_init`, `_str`, `_getstate`,
//! `_reduce`), `OSError` and its errno subclasses (`OSError_new` with the
//! errno map of `_PyExc_InitState`, `oserror_parse_args`, `oserror_init`,
//! `oserror_use_init`, `OSError_str`, `OSError_reduce`,
//! `characters_written`), `NameError` / `UnboundLocalError`,
//! `AttributeError` (with `_getstate` / `_reduce`), `SyntaxError` and its
//! subclasses (`SyntaxError_init`, `my_basename`, `SyntaxError_str`) and
//! the `UnicodeError` family (`UnicodeEncodeError_init` / `_str`,
//! `UnicodeDecodeError_init` / `_str`, `UnicodeTranslateError_init` /
//! `_str`, `check_unicode_error_attribute`, `PyUnicodeDecodeError_Create`).

use core::sync::atomic::{AtomicIsize, Ordering};

use rupy_gc::object::PyObjectLike;

use super::{
    BASE_EXCEPTION, BaseExceptionObject, EXCEPTION, VALUE_ERROR, base_exception_init, base_exception_new,
    base_exception_str, dict_if_created, exception_type, member, no_keywords, type_error,
};
use crate::errors::{self, PyResult};
use crate::objects::bytesobject::{self, BytesObject};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::r#abstract as abs;
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{InitFunc, NewFunc, TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};

/// Declares an exception layout: `BaseExceptionObject` followed by the
/// given fields.
macro_rules! layout {
    ($(#[$m:meta])* $name:ident, $stat:ident { $($(#[$fm:meta])* $field:ident: $fty:ty),* $(,)? }) => {
        $(#[$m])*
        #[repr(C)]
        pub struct $name {
            base: BaseExceptionObject,
            $($(#[$fm])* $field: $fty,)*
        }

        // SAFETY: #[repr(C)], starting with a BaseExceptionObject.
        unsafe impl PyObjectLike for $name {}

        impl PyClass for $name {
            fn type_object() -> &'static TypeObject {
                &$stat
            }
        }

        impl core::ops::Deref for $name {
            type Target = BaseExceptionObject;
            fn deref(&self) -> &BaseExceptionObject {
                &self.base
            }
        }
    };
}

/// Parses keyword-only object arguments (`PyArg_ParseTupleAndKeywords`
/// with `|$O...:fname` and an empty tuple).
fn keyword_only<const N: usize>(
    fname: &str,
    kwds: Option<&DictObject>,
    names: [&str; N],
) -> PyResult<[Option<ObjRef>; N]> {
    let mut out: [Option<ObjRef>; N] = core::array::from_fn(|_| None);
    let Some(kwds) = kwds else { return Ok(out) };
    for (k, v) in kwds.items() {
        let key = downcast::<StrObject>(&k).map(StrObject::to_string_lossy);
        match key.as_deref().and_then(|k| names.iter().position(|n| *n == k)) {
            Some(i) => out[i] = Some(v),
            None => {
                let shown = key.unwrap_or_default();
                return Err(errors::set_string(
                    type_error(),
                    &format!("{fname}() got an unexpected keyword argument '{shown}'"),
                ));
            }
        }
    }
    Ok(out)
}

/// `PyArg_UnpackTuple`/`PyArg_ParseTuple`'s arity error.
fn arity_error(min: usize, max: usize, given: usize) -> errors::ErrSet {
    let msg = if min == max {
        format!("function takes exactly {min} argument{} ({given} given)", if min == 1 { "" } else { "s" })
    } else if given < min {
        format!("function takes at least {min} arguments ({given} given)")
    } else {
        format!("function takes at most {max} arguments ({given} given)")
    };
    errors::set_string(type_error(), &msg)
}

fn str_of(v: &PyObject) -> PyResult<String> {
    Ok(object::str(v)?.to_string_lossy())
}

fn repr_of(v: &PyObject) -> PyResult<String> {
    Ok(object::repr(v)?.to_string_lossy())
}

// ---------------------------------------------------------------------
// StopIteration, SystemExit

layout!(/// A `StopIteration` instance (`PyStopIterationObject`).
    StopIterationObject, STOP_ITERATION { /// `value`.
    value: ObjSlot });

/// `StopIteration_init`: `value` is the first argument or `None`.
fn stop_iteration_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    base_exception_init(v, args, kwds)?;
    let e = downcast::<StopIterationObject>(v).ok_or_else(errors::bad_internal_call)?;
    e.value.set(Some(args.as_slice().first().cloned().unwrap_or_else(object::none)));
    Ok(())
}

member!(get_si_value, set_si_value, StopIterationObject, value);

static STOP_ITERATION_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "value", get: get_si_value, set: Some(set_si_value), doc: Some("generator return value") }];

exception_type!(/// `StopIteration` (with `value`).
    STOP_ITERATION, stop_iteration, "StopIteration", EXCEPTION, StopIterationObject,
    TypeSlots { tp_init: Some(stop_iteration_init), ..TypeSlots::EMPTY },
    "Signal the end from iterator.__next__().", with_getset(&STOP_ITERATION_GETSET));

layout!(/// A `SystemExit` instance (`PySystemExitObject`).
    SystemExitObject, SYSTEM_EXIT { /// `code`.
    code: ObjSlot });

impl SystemExitObject {
    /// `code` (`None` if unset).
    pub fn code(&self) -> ObjRef {
        self.code.get().unwrap_or_else(object::none)
    }
}

/// `SystemExit_init`: `code` is `None`, the single argument, or `args`.
fn system_exit_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    base_exception_init(v, args, kwds)?;
    let e = downcast::<SystemExitObject>(v).ok_or_else(errors::bad_internal_call)?;
    let code = match args.len() {
        0 => return Ok(()),
        1 => args.as_slice()[0].clone(),
        _ => object::new_ref(args),
    };
    e.code.set(Some(code));
    Ok(())
}

member!(get_code, set_code, SystemExitObject, code);

static SYSTEM_EXIT_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "code", get: get_code, set: Some(set_code), doc: Some("exception code") }];

exception_type!(/// `SystemExit` (with `code`).
    SYSTEM_EXIT, system_exit, "SystemExit", BASE_EXCEPTION, SystemExitObject,
    TypeSlots { tp_init: Some(system_exit_init), ..TypeSlots::EMPTY },
    "Request to exit from the interpreter.", with_getset(&SYSTEM_EXIT_GETSET));

// ---------------------------------------------------------------------
// ImportError

layout!(/// An `ImportError` instance (`PyImportErrorObject`).
    ImportErrorObject, IMPORT_ERROR {
    /// `msg`.
    msg: ObjSlot,
    /// `name`.
    name: ObjSlot,
    /// `path`.
    path: ObjSlot,
    /// `name_from`.
    name_from: ObjSlot,
});

/// `ImportError_init`: the keywords `name`, `path`, `name_from`; `msg` is
/// the single positional argument.
fn import_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let [name, path, name_from] = keyword_only("ImportError", kwds, ["name", "path", "name_from"])?;
    base_exception_init(v, args, None)?;
    let e = downcast::<ImportErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    e.name.set(name);
    e.path.set(path);
    e.name_from.set(name_from);
    e.msg.set((args.len() == 1).then(|| args.as_slice()[0].clone()));
    Ok(())
}

/// `ImportError_str`: `msg` when it is a str.
fn import_error_str(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<ImportErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    match e.msg.get() {
        Some(m) if object::type_check(&m, &unicodeobject::STR_TYPE) => Ok(m),
        _ => base_exception_str(v),
    }
}

/// A copy of the instance dict (or a new dict) with `extra` set where not
/// `None` (`ImportError_getstate` / `AttributeError_getstate`); `None`
/// when there is nothing to add.
fn getstate(v: &PyObject, extra: &[(&str, Option<ObjRef>)]) -> PyResult<Option<ObjRef>> {
    let dict = dict_if_created(v)?;
    let any = extra.iter().any(|(_, x)| x.as_ref().is_some_and(|x| !object::is_none(x)));
    if !any {
        return Ok(dict);
    }
    let d = DictObject::new()?;
    if let Some(old) = dict.as_deref().and_then(downcast::<DictObject>) {
        for (k, x) in old.items() {
            d.set_item(&k, &x)?;
        }
    }
    for (k, x) in extra {
        if let Some(x) = x.as_ref().filter(|x| !object::is_none(x)) {
            d.set_item(&*unicodeobject::intern_str(k)?, x)?;
        }
    }
    Ok(Some(into_obj(d)))
}

/// `ImportError_reduce`.
fn import_error_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<ImportErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    let state = getstate(
        v,
        &[("name", e.name.get()), ("path", e.path.get()), ("name_from", e.name_from.get())],
    )?;
    let args = into_obj(e.args()?);
    let ty = as_obj(type_of(v));
    match state {
        Some(s) => tupleobject::from_slice(&[ty, &args, &s]).map(into_obj),
        None => tupleobject::from_slice(&[ty, &args]).map(into_obj),
    }
}

member!(get_ie_msg, set_ie_msg, ImportErrorObject, msg);
member!(get_ie_name, set_ie_name, ImportErrorObject, name);
member!(get_ie_path, set_ie_path, ImportErrorObject, path);
member!(get_ie_name_from, set_ie_name_from, ImportErrorObject, name_from);

static IMPORT_ERROR_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "msg", get: get_ie_msg, set: Some(set_ie_msg), doc: Some("exception message") },
    GetSetDef { name: "name", get: get_ie_name, set: Some(set_ie_name), doc: Some("module name") },
    GetSetDef { name: "path", get: get_ie_path, set: Some(set_ie_path), doc: Some("module path") },
    GetSetDef { name: "name_from", get: get_ie_name_from, set: Some(set_ie_name_from), doc: Some("name imported from module") },
];

static IMPORT_ERROR_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(import_error_reduce), ml_doc: None }];

exception_type!(/// `ImportError`.
    IMPORT_ERROR, import_error, "ImportError", EXCEPTION, ImportErrorObject,
    TypeSlots { tp_init: Some(import_error_init), tp_str: Some(import_error_str), ..TypeSlots::EMPTY },
    "Import can't find module, or can't find name in module.",
    with_getset(&IMPORT_ERROR_GETSET), with_methods(&IMPORT_ERROR_METHODS));
exception_type!(/// `ModuleNotFoundError`.
    MODULE_NOT_FOUND_ERROR, module_not_found_error, "ModuleNotFoundError", IMPORT_ERROR, ImportErrorObject,
    TypeSlots::EMPTY, "Module not found.");

impl ImportErrorObject {
    /// Sets `name` and `path` (`PyErr_SetImportError`).
    pub fn set_name_path(&self, name: Option<ObjRef>, path: Option<ObjRef>) {
        self.name.set(name);
        self.path.set(path);
    }
}

// ---------------------------------------------------------------------
// OSError

layout!(/// An `OSError` instance (`PyOSErrorObject`; no `winerror` off
    /// Windows).
    OSErrorObject, OS_ERROR {
    /// `errno`.
    myerrno: ObjSlot,
    /// `strerror`.
    strerror: ObjSlot,
    /// `filename`.
    filename: ObjSlot,
    /// `filename2`.
    filename2: ObjSlot,
    /// `characters_written` of BlockingIOError, -1 when unset.
    written: AtomicIsize,
});

/// The subclass `OSError(errno, ...)` constructs (`errnomap`, filled by
/// `_PyExc_InitState` from the errno module's constants).
fn errno_subclass(errno: i64) -> Option<&'static TypeObject> {
    let e = i32::try_from(errno).ok()?;
    Some(match e {
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => &BLOCKING_IO_ERROR,
        libc::ECHILD => &CHILD_PROCESS_ERROR,
        libc::EPIPE | libc::ESHUTDOWN => &BROKEN_PIPE_ERROR,
        libc::ECONNABORTED => &CONNECTION_ABORTED_ERROR,
        libc::ECONNREFUSED => &CONNECTION_REFUSED_ERROR,
        libc::ECONNRESET => &CONNECTION_RESET_ERROR,
        libc::EEXIST => &FILE_EXISTS_ERROR,
        libc::ENOENT => &FILE_NOT_FOUND_ERROR,
        libc::EISDIR => &IS_A_DIRECTORY_ERROR,
        libc::ENOTDIR => &NOT_A_DIRECTORY_ERROR,
        libc::EINTR => &INTERRUPTED_ERROR,
        libc::EACCES | libc::EPERM => &PERMISSION_ERROR,
        libc::ESRCH => &PROCESS_LOOKUP_ERROR,
        libc::ETIMEDOUT => &TIMEOUT_ERROR,
        _ => return None,
    })
}

/// `oserror_use_init`: a subclass that defines `__init__` but not
/// `__new__` gets its arguments parsed in `__init__`.
fn oserror_use_init(ty: &TypeObject) -> bool {
    let init = ty.slots.tp_init.get();
    let new = ty.slots.tp_new.get();
    !init.is_some_and(|f| core::ptr::fn_addr_eq(f, os_error_init as InitFunc))
        && new.is_some_and(|f| core::ptr::fn_addr_eq(f, os_error_new as NewFunc))
}

/// The parsed arguments of OSError (`oserror_parse_args`): errno,
/// strerror, filename, winerror (ignored here), filename2 — only when
/// there are 2 to 5 arguments.
type OsArgs = [Option<ObjRef>; 5];

fn oserror_parse_args(args: &TupleObject) -> OsArgs {
    let mut out: OsArgs = Default::default();
    let a = args.as_slice();
    if (2..=5).contains(&a.len()) {
        for (i, x) in a.iter().enumerate() {
            out[i] = Some(x.clone());
        }
    }
    out
}

/// `oserror_init`: stores the fields; with a filename, `args` keeps only
/// errno and strerror.
fn oserror_init(e: &OSErrorObject, ty: &TypeObject, args: &TupleObject, parsed: OsArgs) -> PyResult<()> {
    let [myerrno, strerror, filename, _winerror, filename2] = parsed;
    let mut new_args = object::new_ref(args);
    if let Some(f) = filename.filter(|f| !object::is_none(f)) {
        let numeric = object::type_check(&f, &longobject::INT_TYPE)
            || object::type_check(&f, &crate::objects::floatobject::FLOAT_TYPE);
        if core::ptr::eq(ty, &BLOCKING_IO_ERROR) && numeric {
            let n = abs::as_ssize(&f, Some(&VALUE_ERROR))?;
            e.written.store(n, Ordering::Relaxed);
        } else {
            e.filename.set(Some(f));
            if let Some(f2) = filename2.filter(|f| !object::is_none(f)) {
                e.filename2.set(Some(f2));
            }
            let a = args.as_slice();
            if (2..=5).contains(&a.len()) {
                new_args = into_obj(tupleobject::from_slice(&[&a[0], &a[1]])?);
            }
        }
    }
    e.myerrno.set(myerrno);
    e.strerror.set(strerror);
    e.base.args.set(Some(new_args));
    Ok(())
}

/// `OSError_new`: maps `OSError(errno, ...)` to the errno's subclass.
fn os_error_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let use_init = oserror_use_init(ty);
    let mut ty = ty;
    let mut parsed: Option<OsArgs> = None;
    if !use_init {
        no_keywords(ty, kwds)?;
        let p = oserror_parse_args(args);
        if core::ptr::eq(ty, &OS_ERROR)
            && let Some(n) = p[0].as_deref().and_then(downcast::<IntObject>).and_then(IntObject::as_i64)
            && let Some(sub) = errno_subclass(n)
        {
            ty = sub;
        }
        parsed = Some(p);
    }
    let empty = tupleobject::from_slice(&[])?;
    let obj = base_exception_new(ty, &empty, None)?;
    let e = downcast::<OSErrorObject>(&obj).ok_or_else(errors::bad_internal_call)?;
    e.written.store(-1, Ordering::Relaxed);
    if let Some(p) = parsed
        && !oserror_use_init(ty)
    {
        oserror_init(e, ty, args, p)?;
    }
    Ok(obj)
}

/// `OSError_init`: does the work only for the subclasses of
/// `oserror_use_init`.
fn os_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let ty = type_of(v);
    if !oserror_use_init(ty) {
        return Ok(());
    }
    no_keywords(ty, kwds)?;
    let e = downcast::<OSErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    oserror_init(e, ty, args, oserror_parse_args(args))
}

/// `OSError_str`: `[Errno N] strerror: 'filename' -> 'filename2'`.
fn os_error_str(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<OSErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    let or_none = |s: &ObjSlot| s.get().unwrap_or_else(object::none);
    let s = if let Some(f) = e.filename.get() {
        let head = format!("[Errno {}] {}: {}", str_of(&or_none(&e.myerrno))?, str_of(&or_none(&e.strerror))?, repr_of(&f)?);
        match e.filename2.get() {
            Some(f2) => format!("{head} -> {}", repr_of(&f2)?),
            None => head,
        }
    } else if let (Some(n), Some(s)) = (e.myerrno.get(), e.strerror.get()) {
        format!("[Errno {}] {}", str_of(&n)?, str_of(&s)?)
    } else {
        return base_exception_str(v);
    };
    unicodeobject::from_string(s).map(into_obj)
}

/// `OSError_reduce`: puts the filenames back into the arguments.
fn os_error_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<OSErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    let args = e.args()?;
    let args: ObjRef = match (args.as_slice(), e.filename.get()) {
        ([a0, a1], Some(f)) => match e.filename2.get() {
            Some(f2) => into_obj(tupleobject::from_slice(&[a0, a1, &f, &object::NONE, &f2])?),
            None => into_obj(tupleobject::from_slice(&[a0, a1, &f])?),
        },
        _ => into_obj(args),
    };
    let ty = as_obj(type_of(v));
    match dict_if_created(v)? {
        Some(d) => tupleobject::from_slice(&[ty, &args, &d]).map(into_obj),
        None => tupleobject::from_slice(&[ty, &args]).map(into_obj),
    }
}

/// `OSError_written_get`.
fn get_written(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<OSErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    match e.written.load(Ordering::Relaxed) {
        -1 => Err(errors::set_string(super::attribute_error(), "characters_written")),
        n => longobject::from_i64(n as i64),
    }
}

/// `OSError_written_set`.
fn set_written(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = downcast::<OSErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    match value {
        None => {
            if e.written.swap(-1, Ordering::Relaxed) == -1 {
                return Err(errors::set_string(super::attribute_error(), "characters_written"));
            }
        }
        Some(x) => e.written.store(abs::as_ssize(x, Some(&VALUE_ERROR))?, Ordering::Relaxed),
    }
    Ok(())
}

member!(get_errno, set_errno, OSErrorObject, myerrno);
member!(get_strerror, set_strerror, OSErrorObject, strerror);
member!(get_filename, set_filename, OSErrorObject, filename);
member!(get_filename2, set_filename2, OSErrorObject, filename2);

static OS_ERROR_GETSET: [GetSetDef; 5] = [
    GetSetDef { name: "errno", get: get_errno, set: Some(set_errno), doc: Some("POSIX exception code") },
    GetSetDef { name: "strerror", get: get_strerror, set: Some(set_strerror), doc: Some("exception strerror") },
    GetSetDef { name: "filename", get: get_filename, set: Some(set_filename), doc: Some("exception filename") },
    GetSetDef { name: "filename2", get: get_filename2, set: Some(set_filename2), doc: Some("second exception filename") },
    GetSetDef { name: "characters_written", get: get_written, set: Some(set_written), doc: None },
];

static OS_ERROR_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(os_error_reduce), ml_doc: None }];

exception_type!(/// `OSError` (also `EnvironmentError` and `IOError`).
    OS_ERROR, os_error, "OSError", EXCEPTION, OSErrorObject,
    TypeSlots { tp_new: Some(os_error_new), tp_init: Some(os_error_init), tp_str: Some(os_error_str), ..TypeSlots::EMPTY },
    "Base class for I/O related errors.",
    with_getset(&OS_ERROR_GETSET), with_methods(&OS_ERROR_METHODS));

/// `MiddlingExtendsException` of OSError's layout.
macro_rules! os_subclass {
    ($(#[$m:meta])* $stat:ident, $acc:ident, $name:literal, $base:ident, $doc:literal) => {
        exception_type!($(#[$m])* $stat, $acc, $name, $base, OSErrorObject, TypeSlots::EMPTY, $doc);
    };
}

os_subclass!(/// `BlockingIOError`.
    BLOCKING_IO_ERROR, blocking_io_error, "BlockingIOError", OS_ERROR, "I/O operation would block.");
os_subclass!(/// `ConnectionError`.
    CONNECTION_ERROR, connection_error, "ConnectionError", OS_ERROR, "Connection error.");
os_subclass!(/// `ChildProcessError`.
    CHILD_PROCESS_ERROR, child_process_error, "ChildProcessError", OS_ERROR, "Child process error.");
os_subclass!(/// `BrokenPipeError`.
    BROKEN_PIPE_ERROR, broken_pipe_error, "BrokenPipeError", CONNECTION_ERROR, "Broken pipe.");
os_subclass!(/// `ConnectionAbortedError`.
    CONNECTION_ABORTED_ERROR, connection_aborted_error, "ConnectionAbortedError", CONNECTION_ERROR, "Connection aborted.");
os_subclass!(/// `ConnectionRefusedError`.
    CONNECTION_REFUSED_ERROR, connection_refused_error, "ConnectionRefusedError", CONNECTION_ERROR, "Connection refused.");
os_subclass!(/// `ConnectionResetError`.
    CONNECTION_RESET_ERROR, connection_reset_error, "ConnectionResetError", CONNECTION_ERROR, "Connection reset.");
os_subclass!(/// `FileExistsError`.
    FILE_EXISTS_ERROR, file_exists_error, "FileExistsError", OS_ERROR, "File already exists.");
os_subclass!(/// `FileNotFoundError`.
    FILE_NOT_FOUND_ERROR, file_not_found_error, "FileNotFoundError", OS_ERROR, "File not found.");
os_subclass!(/// `IsADirectoryError`.
    IS_A_DIRECTORY_ERROR, is_a_directory_error, "IsADirectoryError", OS_ERROR, "Operation doesn't work on directories.");
os_subclass!(/// `NotADirectoryError`.
    NOT_A_DIRECTORY_ERROR, not_a_directory_error, "NotADirectoryError", OS_ERROR, "Operation only works on directories.");
os_subclass!(/// `InterruptedError`.
    INTERRUPTED_ERROR, interrupted_error, "InterruptedError", OS_ERROR, "Interrupted by signal.");
os_subclass!(/// `PermissionError`.
    PERMISSION_ERROR, permission_error, "PermissionError", OS_ERROR, "Not enough permissions.");
os_subclass!(/// `ProcessLookupError`.
    PROCESS_LOOKUP_ERROR, process_lookup_error, "ProcessLookupError", OS_ERROR, "Process not found.");
os_subclass!(/// `TimeoutError`.
    TIMEOUT_ERROR, timeout_error, "TimeoutError", OS_ERROR, "Timeout expired.");

/// `PyErr_SetFromErrnoWithFilenameObject`: raises `OSError(errno,
/// strerror[, filename])`, which picks the errno's subclass.
pub fn set_from_errno(errno: i32, filename: Option<&PyObject>) -> errors::ErrSet {
    let r = (|| -> PyResult<ObjRef> {
        let msg = std::io::Error::from_raw_os_error(errno).to_string();
        let msg = msg.split(" (os error").next().unwrap_or("").to_owned();
        let n = longobject::from_i64(i64::from(errno))?;
        let s = into_obj(unicodeobject::from_string(msg)?);
        match filename {
            Some(f) => object::call(as_obj(&OS_ERROR), &[&n, &s, f]),
            None => object::call(as_obj(&OS_ERROR), &[&n, &s]),
        }
    })();
    match r {
        Ok(e) => errors::set_raised(e),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------
// NameError, AttributeError

layout!(/// A `NameError` instance (`PyNameErrorObject`).
    NameErrorObject, NAME_ERROR { /// `name`.
    name: ObjSlot });

impl NameErrorObject {
    /// `name` (null if unset).
    pub fn name(&self) -> Option<ObjRef> {
        self.name.get()
    }

    /// Sets `name` (as the eval loop does for its NameErrors).
    pub fn set_name(&self, name: Option<ObjRef>) {
        self.name.set(name);
    }
}

/// `NameError_init`: the keyword `name`.
fn name_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    base_exception_init(v, args, None)?;
    let [name] = keyword_only("NameError", kwds, ["name"])?;
    downcast::<NameErrorObject>(v).ok_or_else(errors::bad_internal_call)?.name.set(name);
    Ok(())
}

member!(get_ne_name, set_ne_name, NameErrorObject, name);

static NAME_ERROR_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "name", get: get_ne_name, set: Some(set_ne_name), doc: Some("name") }];

exception_type!(/// `NameError` (with `name`).
    NAME_ERROR, name_error, "NameError", EXCEPTION, NameErrorObject,
    TypeSlots { tp_init: Some(name_error_init), ..TypeSlots::EMPTY },
    "Name not found globally.", with_getset(&NAME_ERROR_GETSET));
exception_type!(/// `UnboundLocalError`.
    UNBOUND_LOCAL_ERROR, unbound_local_error, "UnboundLocalError", NAME_ERROR, NameErrorObject,
    TypeSlots::EMPTY, "Local name referenced but not bound to a value.");

layout!(/// An `AttributeError` instance (`PyAttributeErrorObject`).
    AttributeErrorObject, ATTRIBUTE_ERROR {
    /// `obj`.
    obj: ObjSlot,
    /// `name`.
    name: ObjSlot,
});

impl AttributeErrorObject {
    /// Sets `name` and `obj` (as `PyObject_GetAttr`'s errors do).
    pub fn set_name_obj(&self, name: Option<ObjRef>, obj: Option<ObjRef>) {
        self.name.set(name);
        self.obj.set(obj);
    }

    /// `name`.
    pub fn name(&self) -> Option<ObjRef> {
        self.name.get()
    }

    /// `obj`.
    pub fn obj(&self) -> Option<ObjRef> {
        self.obj.get()
    }
}

/// `AttributeError_init`: the keywords `name` and `obj`.
fn attribute_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let [name, obj] = keyword_only("AttributeError", kwds, ["name", "obj"])?;
    base_exception_init(v, args, None)?;
    let e = downcast::<AttributeErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    e.name.set(name);
    e.obj.set(obj);
    Ok(())
}

/// `AttributeError_reduce`: the state holds `name` and `args` beside the
/// dict (`AttributeError_getstate`), not `obj`.
fn attribute_error_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<AttributeErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    let args = into_obj(e.args()?);
    let state = getstate(v, &[("name", e.name.get()), ("args", Some(args.clone()))])?;
    let ty = as_obj(type_of(v));
    match state {
        Some(s) => tupleobject::from_slice(&[ty, &args, &s]).map(into_obj),
        None => tupleobject::from_slice(&[ty, &args]).map(into_obj),
    }
}

member!(get_ae_name, set_ae_name, AttributeErrorObject, name);
member!(get_ae_obj, set_ae_obj, AttributeErrorObject, obj);

static ATTRIBUTE_ERROR_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "name", get: get_ae_name, set: Some(set_ae_name), doc: Some("attribute name") },
    GetSetDef { name: "obj", get: get_ae_obj, set: Some(set_ae_obj), doc: Some("object") },
];

static ATTRIBUTE_ERROR_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(attribute_error_reduce), ml_doc: None }];

exception_type!(/// `AttributeError` (with `name` and `obj`).
    ATTRIBUTE_ERROR, attribute_error, "AttributeError", EXCEPTION, AttributeErrorObject,
    TypeSlots { tp_init: Some(attribute_error_init), ..TypeSlots::EMPTY },
    "Attribute not found.", with_getset(&ATTRIBUTE_ERROR_GETSET), with_methods(&ATTRIBUTE_ERROR_METHODS));

// ---------------------------------------------------------------------
// SyntaxError

layout!(/// A `SyntaxError` instance (`PySyntaxErrorObject`).
    SyntaxErrorObject, SYNTAX_ERROR {
    /// `msg`.
    msg: ObjSlot,
    /// `filename`.
    filename: ObjSlot,
    /// `lineno`.
    lineno: ObjSlot,
    /// `offset`.
    offset: ObjSlot,
    /// `end_lineno`.
    end_lineno: ObjSlot,
    /// `end_offset`.
    end_offset: ObjSlot,
    /// `text`.
    text: ObjSlot,
    /// `print_file_and_line`.
    print_file_and_line: ObjSlot,
    /// `_metadata` (3.14).
    metadata: ObjSlot,
});

/// `SyntaxError_init`: `SyntaxError(msg, (filename, lineno, offset, text
/// [, end_lineno, end_offset[, metadata]]))`.
fn syntax_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    base_exception_init(v, args, kwds)?;
    let e = downcast::<SyntaxErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    let a = args.as_slice();
    if let Some(m) = a.first() {
        e.msg.set(Some(m.clone()));
    }
    if a.len() == 2 {
        let info = super::sequence_tuple(&a[1])?;
        let info = downcast::<TupleObject>(&info).ok_or_else(errors::bad_internal_call)?.as_slice();
        if !(4..=7).contains(&info.len()) {
            return Err(arity_error(4, 7, info.len()));
        }
        e.filename.set(Some(info[0].clone()));
        e.lineno.set(Some(info[1].clone()));
        e.offset.set(Some(info[2].clone()));
        e.text.set(Some(info[3].clone()));
        e.end_lineno.set(info.get(4).cloned());
        e.end_offset.set(info.get(5).cloned());
        e.metadata.set(info.get(6).cloned());
        if info.len() == 5 {
            return Err(errors::set_string(type_error(), "end_offset must be provided when end_lineno is provided"));
        }
    }
    Ok(())
}

/// `SyntaxError_str`: `msg (file.py, line N)` with the file's basename.
fn syntax_error_str(v: &PyObject) -> PyResult<ObjRef> {
    let e = downcast::<SyntaxErrorObject>(v).ok_or_else(errors::bad_internal_call)?;
    let msg = str_of(&e.msg.get().unwrap_or_else(object::none))?;
    let filename = e.filename.get().and_then(|f| downcast::<StrObject>(&f).map(StrObject::to_string_lossy));
    let filename = filename.map(|f| match f.rfind('/') {
        Some(i) => f[i + 1..].to_owned(),
        None => f,
    });
    let lineno = e
        .lineno
        .get()
        .filter(|l| object::is_type(l, &longobject::INT_TYPE))
        .map(|l| downcast::<IntObject>(&l).and_then(IntObject::as_i64).unwrap_or(-1));
    let s = match (filename, lineno) {
        (None, None) => msg,
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
    };
    unicodeobject::from_string(s).map(into_obj)
}

member!(get_se_msg, set_se_msg, SyntaxErrorObject, msg);
member!(get_se_filename, set_se_filename, SyntaxErrorObject, filename);
member!(get_se_lineno, set_se_lineno, SyntaxErrorObject, lineno);
member!(get_se_offset, set_se_offset, SyntaxErrorObject, offset);
member!(get_se_text, set_se_text, SyntaxErrorObject, text);
member!(get_se_end_lineno, set_se_end_lineno, SyntaxErrorObject, end_lineno);
member!(get_se_end_offset, set_se_end_offset, SyntaxErrorObject, end_offset);
member!(get_se_pfal, set_se_pfal, SyntaxErrorObject, print_file_and_line);
member!(get_se_metadata, set_se_metadata, SyntaxErrorObject, metadata);

static SYNTAX_ERROR_GETSET: [GetSetDef; 9] = [
    GetSetDef { name: "msg", get: get_se_msg, set: Some(set_se_msg), doc: Some("exception msg") },
    GetSetDef { name: "filename", get: get_se_filename, set: Some(set_se_filename), doc: Some("exception filename") },
    GetSetDef { name: "lineno", get: get_se_lineno, set: Some(set_se_lineno), doc: Some("exception lineno") },
    GetSetDef { name: "offset", get: get_se_offset, set: Some(set_se_offset), doc: Some("exception offset") },
    GetSetDef { name: "text", get: get_se_text, set: Some(set_se_text), doc: Some("exception text") },
    GetSetDef { name: "end_lineno", get: get_se_end_lineno, set: Some(set_se_end_lineno), doc: Some("exception end lineno") },
    GetSetDef { name: "end_offset", get: get_se_end_offset, set: Some(set_se_end_offset), doc: Some("exception end offset") },
    GetSetDef {
        name: "print_file_and_line",
        get: get_se_pfal,
        set: Some(set_se_pfal),
        doc: Some("exception print_file_and_line"),
    },
    GetSetDef { name: "_metadata", get: get_se_metadata, set: Some(set_se_metadata), doc: Some("exception private metadata") },
];

exception_type!(/// `SyntaxError`.
    SYNTAX_ERROR, syntax_error, "SyntaxError", EXCEPTION, SyntaxErrorObject,
    TypeSlots { tp_init: Some(syntax_error_init), tp_str: Some(syntax_error_str), ..TypeSlots::EMPTY },
    "Invalid syntax.", with_getset(&SYNTAX_ERROR_GETSET));
exception_type!(/// `IndentationError`.
    INDENTATION_ERROR, indentation_error, "IndentationError", SYNTAX_ERROR, SyntaxErrorObject,
    TypeSlots::EMPTY, "Improper indentation.");
exception_type!(/// `TabError`.
    TAB_ERROR, tab_error, "TabError", INDENTATION_ERROR, SyntaxErrorObject,
    TypeSlots::EMPTY, "Improper mixture of spaces and tabs.");
exception_type!(/// `_IncompleteInputError` (the REPL's "more input needed").
    INCOMPLETE_INPUT_ERROR, incomplete_input_error, "_IncompleteInputError", SYNTAX_ERROR, SyntaxErrorObject,
    TypeSlots::EMPTY, "incomplete input.");

impl SyntaxErrorObject {
    /// The location fields, for the traceback display: filename, lineno,
    /// offset, text, end_lineno, end_offset.
    pub fn location(&self) -> [Option<ObjRef>; 6] {
        [
            self.filename.get(),
            self.lineno.get(),
            self.offset.get(),
            self.text.get(),
            self.end_lineno.get(),
            self.end_offset.get(),
        ]
    }

    /// `msg`.
    pub fn msg(&self) -> Option<ObjRef> {
        self.msg.get()
    }
}

// ---------------------------------------------------------------------
// UnicodeError

exception_type!(/// `UnicodeError`.
    UNICODE_ERROR, unicode_error, "UnicodeError", VALUE_ERROR, "Unicode related error.");

/// A `UnicodeEncodeError` / `UnicodeDecodeError` /
/// `UnicodeTranslateError` instance (`PyUnicodeErrorObject`): one layout
/// for three sibling types, so it is not a [`PyClass`].
#[repr(C)]
pub struct UnicodeErrorObject {
    base: BaseExceptionObject,
    /// `encoding`.
    encoding: ObjSlot,
    /// `object`.
    object: ObjSlot,
    /// `start`.
    start: AtomicIsize,
    /// `end`.
    end: AtomicIsize,
    /// `reason`.
    reason: ObjSlot,
}

// SAFETY: #[repr(C)], starting with a BaseExceptionObject.
unsafe impl PyObjectLike for UnicodeErrorObject {}

/// The `UnicodeErrorObject` view of an instance of one of the three types
/// that have that layout.
fn as_unicode_error(v: &PyObject) -> PyResult<&UnicodeErrorObject> {
    let ok = [&UNICODE_ENCODE_ERROR, &UNICODE_DECODE_ERROR, &UNICODE_TRANSLATE_ERROR]
        .iter()
        .any(|t| object::type_check(v, t));
    if !ok {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of these types and their subclasses have the
    // UnicodeErrorObject layout (their static base's tp_basicsize).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<UnicodeErrorObject>() })
}

/// The `i`-th argument as a str (`U` of `PyArg_ParseTuple`).
fn str_arg(a: &[ObjRef], i: usize) -> PyResult<ObjRef> {
    let x = &a[i];
    if !object::type_check(x, &unicodeobject::STR_TYPE) {
        return Err(errors::set_string(
            type_error(),
            &format!("argument {} must be str, not {}", i + 1, type_of(x).name()),
        ));
    }
    Ok(x.clone())
}

/// Parses `(encoding, object, start, end, reason)` (or, for translate,
/// `(object, start, end, reason)`) and stores the fields.
fn unicode_error_fill(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>, kind: u8) -> PyResult<()> {
    base_exception_init(v, args, kwds)?;
    let e = as_unicode_error(v)?;
    let a = args.as_slice();
    let n = if kind == b't' { 4 } else { 5 };
    if a.len() != n {
        return Err(arity_error(n, n, a.len()));
    }
    let off = n - 4;
    let encoding = if kind == b't' { None } else { Some(str_arg(a, 0)?) };
    let object = a[off].clone();
    let start = abs::as_ssize(&a[off + 1], Some(super::overflow_error()))?;
    let end = abs::as_ssize(&a[off + 2], Some(super::overflow_error()))?;
    let reason = str_arg(a, off + 3)?;
    let object = match kind {
        b'd' => {
            if object::type_check(&object, &bytesobject::BYTES_TYPE) {
                object
            } else if matches!(type_of(&object).name(), "bytearray" | "memoryview") {
                object::call(as_obj(&bytesobject::BYTES_TYPE), &[&object])?
            } else {
                return Err(errors::set_string(
                    type_error(),
                    &format!("a bytes-like object is required, not '{}'", type_of(&object).name()),
                ));
            }
        }
        _ => {
            if !object::type_check(&object, &unicodeobject::STR_TYPE) {
                return Err(errors::set_string(
                    type_error(),
                    &format!("argument {} must be str, not {}", off + 1, type_of(&object).name()),
                ));
            }
            object
        }
    };
    e.encoding.set(encoding);
    e.object.set(Some(object));
    e.start.store(start, Ordering::Relaxed);
    e.end.store(end, Ordering::Relaxed);
    e.reason.set(Some(reason));
    Ok(())
}

fn unicode_encode_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    unicode_error_fill(v, args, kwds, b'e')
}

fn unicode_decode_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    unicode_error_fill(v, args, kwds, b'd')
}

fn unicode_translate_error_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    unicode_error_fill(v, args, kwds, b't')
}

/// `'\xNN'`, `'\uNNNN'` or `'\UNNNNNNNN'` for a code point.
fn char_escape(c: u32) -> String {
    if c <= 0xff {
        format!("\\x{c:02x}")
    } else if c <= 0xffff {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    }
}

/// `check_unicode_error_attribute`: the `object` field, which must be set
/// and be bytes (`as_bytes`) or a str.
fn unicode_error_object(e: &UnicodeErrorObject, as_bytes: bool) -> PyResult<ObjRef> {
    let Some(object) = e.object.get() else {
        return Err(errors::set_string(type_error(), "UnicodeError 'object' attribute is not set"));
    };
    let ok = if as_bytes {
        object::type_check(&object, &bytesobject::BYTES_TYPE)
    } else {
        object::type_check(&object, &unicodeobject::STR_TYPE)
    };
    if !ok {
        let what = if as_bytes { "bytes" } else { "string" };
        return Err(errors::set_string(type_error(), &format!("UnicodeError 'object' attribute must be a {what}")));
    }
    Ok(object)
}

/// `PyObject_Str` of an optional field (`<NULL>` when unset).
fn field_str(v: Option<ObjRef>) -> PyResult<String> {
    v.map_or_else(|| Ok("<NULL>".to_owned()), |x| str_of(&x))
}

/// The `__str__` of the three Unicode errors (`UnicodeEncodeError_str`,
/// `UnicodeDecodeError_str`, `UnicodeTranslateError_str`). The `str()`
/// of the reason and the encoding may run code that replaces `object`,
/// so the object is checked only after them.
fn unicode_error_str_kind(v: &PyObject, kind: u8) -> PyResult<ObjRef> {
    let e = as_unicode_error(v)?;
    if e.object.get().is_none() {
        return unicodeobject::from_static("");
    }
    let reason = field_str(e.reason.get())?;
    let encoding = if kind == b't' { String::new() } else { field_str(e.encoding.get())? };
    let object = unicode_error_object(e, kind == b'd')?;
    let start = e.start.load(Ordering::Relaxed);
    let end = e.end.load(Ordering::Relaxed);
    let single = |len: usize| {
        let len = isize::try_from(len).unwrap_or(isize::MAX);
        (0..len).contains(&start) && (0..=len).contains(&end) && end == start + 1
    };
    let s = match kind {
        b'd' => {
            let b = downcast::<BytesObject>(&object).map(BytesObject::as_bytes).unwrap_or(&[]);
            match b.get(start as usize) {
                Some(byte) if single(b.len()) => {
                    format!("'{encoding}' codec can't decode byte 0x{byte:02x} in position {start}: {reason}")
                }
                _ => format!("'{encoding}' codec can't decode bytes in position {start}-{}: {reason}", end.wrapping_sub(1)),
            }
        }
        _ => {
            let s = downcast::<StrObject>(&object);
            let len = s.map_or(0, StrObject::len);
            let verb = if kind == b'e' { format!("'{encoding}' codec can't encode") } else { "can't translate".to_owned() };
            match s {
                Some(s) if single(len) => {
                    format!("{verb} character '{}' in position {start}: {reason}", char_escape(s.data().get(start as usize)))
                }
                _ => format!("{verb} characters in position {start}-{}: {reason}", end.wrapping_sub(1)),
            }
        }
    };
    unicodeobject::from_string(s).map(into_obj)
}

fn unicode_encode_error_str(v: &PyObject) -> PyResult<ObjRef> {
    unicode_error_str_kind(v, b'e')
}

fn unicode_decode_error_str(v: &PyObject) -> PyResult<ObjRef> {
    unicode_error_str_kind(v, b'd')
}

fn unicode_translate_error_str(v: &PyObject) -> PyResult<ObjRef> {
    unicode_error_str_kind(v, b't')
}

/// Getter and setter of an object field of the Unicode errors.
macro_rules! unicode_member {
    ($get:ident, $set:ident, $field:ident) => {
        fn $get(v: &PyObject) -> PyResult<ObjRef> {
            Ok(as_unicode_error(v)?.$field.get().unwrap_or_else(object::none))
        }
        fn $set(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
            as_unicode_error(v)?.$field.set(value.map(object::new_ref));
            Ok(())
        }
    };
}

unicode_member!(get_ue_encoding, set_ue_encoding, encoding);
unicode_member!(get_ue_object, set_ue_object, object);
unicode_member!(get_ue_reason, set_ue_reason, reason);

fn get_ue_start(v: &PyObject) -> PyResult<ObjRef> {
    let e = as_unicode_error(v)?;
    longobject::from_i64(e.start.load(Ordering::Relaxed) as i64)
}

fn set_ue_start(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = as_unicode_error(v)?;
    let Some(x) = value else { return Err(errors::set_string(type_error(), "can't delete numeric/char attribute")) };
    e.start.store(abs::as_ssize(x, Some(super::overflow_error()))?, Ordering::Relaxed);
    Ok(())
}

fn get_ue_end(v: &PyObject) -> PyResult<ObjRef> {
    let e = as_unicode_error(v)?;
    longobject::from_i64(e.end.load(Ordering::Relaxed) as i64)
}

fn set_ue_end(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = as_unicode_error(v)?;
    let Some(x) = value else { return Err(errors::set_string(type_error(), "can't delete numeric/char attribute")) };
    e.end.store(abs::as_ssize(x, Some(super::overflow_error()))?, Ordering::Relaxed);
    Ok(())
}

static UNICODE_ERROR_GETSET: [GetSetDef; 5] = [
    GetSetDef { name: "encoding", get: get_ue_encoding, set: Some(set_ue_encoding), doc: Some("exception encoding") },
    GetSetDef { name: "object", get: get_ue_object, set: Some(set_ue_object), doc: Some("exception object") },
    GetSetDef { name: "start", get: get_ue_start, set: Some(set_ue_start), doc: Some("exception start") },
    GetSetDef { name: "end", get: get_ue_end, set: Some(set_ue_end), doc: Some("exception end") },
    GetSetDef { name: "reason", get: get_ue_reason, set: Some(set_ue_reason), doc: Some("exception reason") },
];

exception_type!(/// `UnicodeEncodeError`.
    UNICODE_ENCODE_ERROR, unicode_encode_error, "UnicodeEncodeError", UNICODE_ERROR, UnicodeErrorObject,
    TypeSlots { tp_init: Some(unicode_encode_error_init), tp_str: Some(unicode_encode_error_str), ..TypeSlots::EMPTY },
    "Unicode encoding error.", with_getset(&UNICODE_ERROR_GETSET));
exception_type!(/// `UnicodeDecodeError`.
    UNICODE_DECODE_ERROR, unicode_decode_error, "UnicodeDecodeError", UNICODE_ERROR, UnicodeErrorObject,
    TypeSlots { tp_init: Some(unicode_decode_error_init), tp_str: Some(unicode_decode_error_str), ..TypeSlots::EMPTY },
    "Unicode decoding error.", with_getset(&UNICODE_ERROR_GETSET));
exception_type!(/// `UnicodeTranslateError`.
    UNICODE_TRANSLATE_ERROR, unicode_translate_error, "UnicodeTranslateError", UNICODE_ERROR, UnicodeErrorObject,
    TypeSlots { tp_init: Some(unicode_translate_error_init), tp_str: Some(unicode_translate_error_str), ..TypeSlots::EMPTY },
    "Unicode translation error.", with_getset(&UNICODE_ERROR_GETSET));

/// `PyUnicodeDecodeError_Create`: `UnicodeDecodeError(encoding, object,
/// start, end, reason)` for a bytes `object`.
pub fn new_unicode_decode_error(encoding: &str, object: &PyObject, start: usize, end: usize, reason: &str) -> PyResult<ObjRef> {
    let enc = into_obj(unicodeobject::from_str(encoding)?);
    let s = longobject::from_i64(start as i64)?;
    let e = longobject::from_i64(end as i64)?;
    let why = into_obj(unicodeobject::from_str(reason)?);
    object::call(as_obj(&UNICODE_DECODE_ERROR), &[&enc, object, &s, &e, &why])
}

/// `PyUnicodeDecodeError_Create` + raise: `UnicodeDecodeError(encoding,
/// data, start, end, reason)`.
pub fn set_unicode_decode_error(encoding: &str, data: &[u8], start: usize, end: usize, reason: &str) -> errors::ErrSet {
    let r = bytesobject::from_bytes(data).and_then(|obj| new_unicode_decode_error(encoding, &into_obj(obj), start, end, reason));
    match r {
        Ok(e) => errors::set_raised(e),
        Err(e) => e,
    }
}

/// `PyUnicodeEncodeError_Create` + raise: `UnicodeEncodeError(encoding,
/// string, start, end, reason)`.
pub fn set_unicode_encode_error(encoding: &str, string: &PyObject, start: usize, end: usize, reason: &str) -> errors::ErrSet {
    let r = (|| -> PyResult<ObjRef> {
        let enc = into_obj(unicodeobject::from_str(encoding)?);
        let s = longobject::from_i64(start as i64)?;
        let e = longobject::from_i64(end as i64)?;
        let why = into_obj(unicodeobject::from_str(reason)?);
        object::call(as_obj(&UNICODE_ENCODE_ERROR), &[&enc, string, &s, &e, &why])
    })();
    match r {
        Ok(e) => errors::set_raised(e),
        Err(e) => e,
    }
}

/// The types of this file, bases first.
pub(super) fn types() -> Vec<&'static TypeObject> {
    vec![
        &STOP_ITERATION,
        &SYSTEM_EXIT,
        &IMPORT_ERROR,
        &MODULE_NOT_FOUND_ERROR,
        &OS_ERROR,
        &BLOCKING_IO_ERROR,
        &CONNECTION_ERROR,
        &CHILD_PROCESS_ERROR,
        &BROKEN_PIPE_ERROR,
        &CONNECTION_ABORTED_ERROR,
        &CONNECTION_REFUSED_ERROR,
        &CONNECTION_RESET_ERROR,
        &FILE_EXISTS_ERROR,
        &FILE_NOT_FOUND_ERROR,
        &IS_A_DIRECTORY_ERROR,
        &NOT_A_DIRECTORY_ERROR,
        &INTERRUPTED_ERROR,
        &PERMISSION_ERROR,
        &PROCESS_LOOKUP_ERROR,
        &TIMEOUT_ERROR,
        &NAME_ERROR,
        &UNBOUND_LOCAL_ERROR,
        &ATTRIBUTE_ERROR,
        &SYNTAX_ERROR,
        &INDENTATION_ERROR,
        &TAB_ERROR,
        &INCOMPLETE_INPUT_ERROR,
        &UNICODE_ERROR,
        &UNICODE_ENCODE_ERROR,
        &UNICODE_DECODE_ERROR,
        &UNICODE_TRANSLATE_ERROR,
    ]
}
