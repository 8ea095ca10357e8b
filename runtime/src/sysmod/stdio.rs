//! `sys.stdin`, `sys.stdout` and `sys.stderr` until `_io` exists: a
//! minimal text stream over file descriptors 0, 1 and 2 with the methods
//! programs call (`write`, `flush`, `read`, `readline`, `fileno`,
//! `isatty`, ...) and `encoding`/`errors`/`name`/`mode`. Writes to
//! standard output share `print`'s buffer, so their order is kept.

use std::io::{BufRead, Read, Write};

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::exceptions;
use crate::objects::object::{self, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};

/// A standard stream.
#[repr(C)]
pub struct StdStreamObject {
    ob_base: ObjectHeader,
    fd: i32,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for StdStreamObject {}

impl PyClass for StdStreamObject {
    fn type_object() -> &'static TypeObject {
        &STD_STREAM_TYPE
    }
}

fn ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        if STD_STREAM_TYPE.ready().is_err() {
            errors::clear();
        }
    });
}

/// The stream of file descriptor `fd` (0, 1 or 2).
pub fn new_stream(fd: i32) -> PyResult<ObjRef> {
    ready();
    stdio_errors();
    let o = object::new_object(StdStreamObject { ob_base: ObjectHeader::new(&STD_STREAM_TYPE.head), fd })?;
    o.header().set_immortal();
    Ok(into_obj(o))
}

/// Is `v` the runtime's own stream of `fd` (written without a call)?
pub fn is_std_stream(v: &PyObject, fd: i32) -> bool {
    downcast::<StdStreamObject>(v).is_some_and(|s| s.fd == fd)
}

fn fd_of(v: &PyObject) -> PyResult<i32> {
    downcast::<StdStreamObject>(v).map(|s| s.fd).ok_or_else(errors::bad_internal_call)
}

fn os_error(e: &std::io::Error) -> errors::ErrSet {
    super::raise_named("OSError", exceptions::runtime_error(), &e.to_string())
}

fn unsupported(what: &str) -> errors::ErrSet {
    super::raise_named("UnsupportedOperation", exceptions::runtime_error(), &format!("not {what}"))
}

/// `TextIOWrapper.write(s)`: the number of characters written.
fn stream_write(v: &PyObject, s: &PyObject) -> PyResult<ObjRef> {
    let Some(text) = downcast::<StrObject>(s) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("write() argument must be str, not {}", type_of(s).name()),
        ));
    };
    let out = text.to_string_lossy();
    match fd_of(v)? {
        1 => crate::builtins::write_stdout(&out)?,
        2 => {
            crate::builtins::flush_stdout();
            let mut e = std::io::stderr().lock();
            e.write_all(out.as_bytes()).map_err(|err| os_error(&err))?;
        }
        _ => return Err(unsupported("writable")),
    }
    crate::objects::longobject::from_i64(text.len() as i64)
}

fn stream_flush(v: &PyObject) -> PyResult<ObjRef> {
    match fd_of(v)? {
        1 => crate::builtins::flush_stdout(),
        2 => {
            let _ = std::io::stderr().flush();
        }
        _ => {}
    }
    Ok(object::none())
}

fn text_result(bytes: Vec<u8>) -> PyResult<ObjRef> {
    unicodeobject::from_string(String::from_utf8_lossy(&bytes).into_owned()).map(into_obj)
}

/// `read(size=-1)`.
fn stream_read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if fd_of(v)? != 0 {
        return Err(unsupported("readable"));
    }
    let n = match args.first() {
        Some(a) if !object::is_none(a) => crate::objects::r#abstract::as_ssize(a, None)?,
        _ => -1,
    };
    crate::builtins::flush_stdout();
    let mut buf = Vec::new();
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let res = if n < 0 {
        lock.read_to_end(&mut buf).map(drop)
    } else {
        // Reads up to n bytes (characters for ASCII input).
        (&mut lock).take(n as u64).read_to_end(&mut buf).map(drop)
    };
    res.map_err(|e| os_error(&e))?;
    text_result(buf)
}

/// `readline(size=-1)`.
fn stream_readline(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    if fd_of(v)? != 0 {
        return Err(unsupported("readable"));
    }
    crate::builtins::flush_stdout();
    let mut buf = Vec::new();
    std::io::stdin().lock().read_until(b'\n', &mut buf).map_err(|e| os_error(&e))?;
    text_result(buf)
}

/// `readlines()`: the remaining lines of standard input.
fn stream_readlines(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    if fd_of(v)? != 0 {
        return Err(unsupported("readable"));
    }
    crate::builtins::flush_stdout();
    let lines = crate::objects::listobject::ListObject::new()?;
    loop {
        let mut buf = Vec::new();
        std::io::stdin().lock().read_until(b'\n', &mut buf).map_err(|e| os_error(&e))?;
        if buf.is_empty() {
            return Ok(into_obj(lines));
        }
        lines.append(&*text_result(buf)?)?;
    }
}

/// `__enter__`: the stream itself.
fn stream_enter(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

/// `__exit__(*exc_info)`: closes the stream (which only flushes it).
fn stream_exit(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    stream_flush(v)
}

fn stream_fileno(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::longobject::from_i64(i64::from(fd_of(v)?))
}

fn stream_isatty(v: &PyObject) -> PyResult<ObjRef> {
    let fd = fd_of(v)?;
    // SAFETY: isatty only inspects the descriptor number.
    let t = unsafe { libc::isatty(fd) } == 1;
    Ok(crate::objects::boolobject::from_bool(t))
}

fn stream_readable(v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(fd_of(v)? == 0))
}

fn stream_writable(v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(fd_of(v)? != 0))
}

fn stream_false(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(false))
}

fn stream_repr(v: &PyObject) -> PyResult<ObjRef> {
    let fd = fd_of(v)?;
    let (name, mode) = match fd {
        0 => ("<stdin>", "r"),
        1 => ("<stdout>", "w"),
        _ => ("<stderr>", "w"),
    };
    unicodeobject::from_string(format!("<_io.TextIOWrapper name='{name}' mode='{mode}' encoding='utf-8'>")).map(into_obj)
}

fn get_encoding(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::intern_str("utf-8")
}

/// The error handler of stdin and stdout, decided once at start-up:
/// PYTHONIOENCODING's, else `config_get_stdio_errors`' surrogateescape in
/// UTF-8 mode, in the C/POSIX locale and in the locale-coercion targets
/// (C.UTF-8, C.utf8, UTF-8), strict otherwise. (The streams write
/// lossily whatever the name says.)
fn stdio_errors() -> &'static str {
    static ERRORS: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    ERRORS.get_or_init(|| {
        let config = super::config();
        // PYTHONIOENCODING=encoding[:errors]: an encoding without an error
        // handler means strict (`config_init_stdio_encoding`).
        if !config.ignore_environment
            && let Ok(v) = std::env::var("PYTHONIOENCODING")
            && !v.is_empty()
        {
            match v.split_once(':') {
                Some((_, "")) => {}
                Some((_, e)) => return Box::leak(e.to_owned().into_boxed_str()),
                None => return "strict",
            }
        }
        if config.utf8_mode {
            return "surrogateescape";
        }
        // SAFETY: a query; the name is copied before any other locale call
        // of this thread (other threads change LC_CTYPE only through
        // `_locale`, which is not running before the streams exist).
        let loc = unsafe { libc::setlocale(libc::LC_CTYPE, core::ptr::null()) };
        if loc.is_null() {
            return "strict";
        }
        // SAFETY: setlocale returned a NUL-terminated name.
        let name = unsafe { std::ffi::CStr::from_ptr(loc) }.to_bytes();
        if matches!(name, b"C" | b"POSIX" | b"C.UTF-8" | b"C.utf8" | b"UTF-8") { "surrogateescape" } else { "strict" }
    })
}

fn get_errors(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::intern_str(if fd_of(v)? == 2 { "backslashreplace" } else { stdio_errors() })
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::intern_str(match fd_of(v)? {
        0 => "<stdin>",
        1 => "<stdout>",
        _ => "<stderr>",
    })
}

fn get_mode(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::intern_str(if fd_of(v)? == 0 { "r" } else { "w" })
}

fn get_closed(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(crate::objects::boolobject::from_bool(false))
}

fn get_line_buffering(v: &PyObject) -> PyResult<ObjRef> {
    let fd = fd_of(v)?;
    // SAFETY: isatty only inspects the descriptor number.
    let tty = unsafe { libc::isatty(fd) } == 1;
    Ok(crate::objects::boolobject::from_bool(fd == 2 || tty))
}

static STREAM_METHODS: [MethodDef; 13] = [
    MethodDef { ml_name: "readlines", ml_meth: MethodFn::FastCall(stream_readlines), ml_doc: None },
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::NoArgs(stream_enter), ml_doc: None },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(stream_exit), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(stream_write), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::NoArgs(stream_flush), ml_doc: None },
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(stream_read), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(stream_readline), ml_doc: None },
    MethodDef { ml_name: "fileno", ml_meth: MethodFn::NoArgs(stream_fileno), ml_doc: None },
    MethodDef { ml_name: "isatty", ml_meth: MethodFn::NoArgs(stream_isatty), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(stream_readable), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(stream_writable), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(stream_false), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(stream_flush), ml_doc: None },
];

static STREAM_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "encoding", get: get_encoding, set: None, doc: None },
    GetSetDef { name: "errors", get: get_errors, set: None, doc: None },
    GetSetDef { name: "name", get: get_name, set: None, doc: None },
    GetSetDef { name: "mode", get: get_mode, set: None, doc: None },
    GetSetDef { name: "closed", get: get_closed, set: None, doc: None },
    GetSetDef { name: "line_buffering", get: get_line_buffering, set: None, doc: None },
];

/// The standard stream type (named as CPython's `_io.TextIOWrapper`).
pub static STD_STREAM_TYPE: TypeObject = TypeObject::new_static(
    "TextIOWrapper",
    size_of::<StdStreamObject>(),
    object::dealloc_simple::<StdStreamObject>,
    TypeSlots {
        tp_repr: Some(stream_repr),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&STREAM_METHODS)
.with_getset(&STREAM_GETSET);
