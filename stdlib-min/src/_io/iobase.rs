//! The abstract bases of Modules/_io/iobase.c and the base parts of
//! bufferedio.c / textio.c: `_IOBase` (closing, context management,
//! line iteration, `readline`/`readlines`/`writelines` on top of `read`
//! and `peek`, the "unsupported" defaults), `_RawIOBase` (`read` and
//! `readall` on top of `readinto`), `_BufferedIOBase` and `_TextIOBase`.
//! Their methods call the instance's own methods by name, so Python
//! subclasses (Lib's io.IOBase and user classes) override them.

use rupy::errors::{self, PyResult};
use rupy::objects::bytearrayobject;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::object::{self, ObjRef, ObjSlot, PyObject, as_obj, downcast, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

/// The layout of the abstract bases: the header and the instance dict.
#[repr(C)]
pub struct IoBaseObject {
    ob_base: ObjectHeader,
    pub dict: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for IoBaseObject {}

pub fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

pub fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `self.name(*args)`.
pub fn call(v: &PyObject, name: &str, args: &[&PyObject]) -> PyResult<ObjRef> {
    let m = object::get_attr_str(v, name)?;
    object::call(&m, args)
}

/// `io.UnsupportedOperation(msg)`.
pub fn unsupported(msg: &str) -> errors::ErrSet {
    let build = || -> PyResult<ObjRef> {
        let cls = super::unsupported_operation()?;
        let text = unicodeobject::from_str(msg)?;
        object::call(&cls, &[as_obj(&*text)])
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

pub fn closed_error() -> errors::ErrSet {
    value_error("I/O operation on closed file.")
}

pub fn none() -> PyResult<ObjRef> {
    Ok(object::none())
}

pub fn boolean(b: bool) -> PyResult<ObjRef> {
    Ok(rupy::objects::boolobject::from_bool(b))
}

pub fn int(n: i64) -> PyResult<ObjRef> {
    longobject::from_i64(n)
}

/// A size argument: None or a negative int mean "all".
pub fn size_arg(v: Option<&PyObject>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if object::is_none(v) => Ok(None),
        Some(v) => {
            let n = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
            Ok(usize::try_from(n).ok())
        }
    }
}

/// The size in bytes of a `readinto` target: its writable buffer's, else
/// its length.
pub fn writable_len(b: &PyObject) -> PyResult<usize> {
    match rupy::objects::memoryobject::with_writable_buffer(b, |d| d.len())? {
        Some(n) => Ok(n),
        None => Ok(usize::try_from(r#abstract::size(b)?).unwrap_or(0)),
    }
}

/// Copies `data` to the start of a `readinto` target: into its writable
/// buffer, else byte by byte through item assignment.
pub fn write_into(b: &PyObject, data: &[u8]) -> PyResult<()> {
    let done = rupy::objects::memoryobject::with_writable_buffer(b, |d| match d.get_mut(..data.len()) {
        Some(dst) => {
            dst.copy_from_slice(data);
            true
        }
        None => false,
    })?;
    if done != Some(true) {
        for (i, byte) in data.iter().enumerate() {
            r#abstract::set_item(b, &*longobject::from_i64(i as i64)?, &*longobject::from_i64(i64::from(*byte))?)?;
        }
    }
    Ok(())
}

/// The bytes of a bytes-like argument.
pub fn bytes_arg(v: &PyObject) -> PyResult<Vec<u8>> {
    match bytesobject::bytes_like(v) {
        Some(b) => Ok(b.into_owned()),
        None => Err(type_error(&format!(
            "a bytes-like object is required, not '{}'",
            object::type_of(v).name()
        ))),
    }
}

/// `iobase_is_closed`: the `__IOBase_closed` attribute.
fn is_closed(v: &PyObject) -> PyResult<bool> {
    match object::get_attr_str(v, "__IOBase_closed") {
        Ok(c) => object::is_true(&c),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// `_PyIOBase_check_closed`: the `closed` property of `v`.
pub fn check_closed(v: &PyObject) -> PyResult<()> {
    if object::is_true(&*object::get_attr_str(v, "closed")?)? {
        return Err(closed_error());
    }
    Ok(())
}

fn iobase_closed(v: &PyObject) -> PyResult<ObjRef> {
    boolean(is_closed(v)?)
}

/// `_io__IOBase_close_impl`: flush, then mark closed.
fn iobase_close(v: &PyObject) -> PyResult<ObjRef> {
    if is_closed(v)? {
        return none();
    }
    let r = call(v, "flush", &[]);
    let t = rupy::objects::boolobject::from_bool(true);
    object::set_attr(v, &*unicodeobject::intern_str("__IOBase_closed")?, Some(&t))?;
    r.map(|_| object::none())
}

fn iobase_flush(v: &PyObject) -> PyResult<ObjRef> {
    if is_closed(v)? {
        return Err(closed_error());
    }
    none()
}

fn iobase_seek(_v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Err(unsupported("seek"))
}

fn iobase_tell(v: &PyObject) -> PyResult<ObjRef> {
    let zero = longobject::from_i64(0)?;
    let one = longobject::from_i64(1)?;
    call(v, "seek", &[&zero, &one])
}

fn iobase_truncate(_v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Err(unsupported("truncate"))
}

fn iobase_fileno(_v: &PyObject) -> PyResult<ObjRef> {
    Err(unsupported("fileno"))
}

fn iobase_false(_v: &PyObject) -> PyResult<ObjRef> {
    boolean(false)
}

fn iobase_isatty(v: &PyObject) -> PyResult<ObjRef> {
    check_closed(v)?;
    boolean(false)
}

/// `_checkClosed`, `_checkReadable`, `_checkWritable`, `_checkSeekable`.
fn check_closed_m(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    check_closed(v)?;
    none()
}

fn check_able(v: &PyObject, what: &str, msg: &str) -> PyResult<ObjRef> {
    if !object::is_true(&*call(v, what, &[])?)? {
        return Err(unsupported(msg));
    }
    none()
}

fn check_readable(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    check_able(v, "readable", "File or stream is not readable.")
}

fn check_writable(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    check_able(v, "writable", "File or stream is not writable.")
}

fn check_seekable(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    check_able(v, "seekable", "File or stream is not seekable.")
}

fn iobase_enter(v: &PyObject) -> PyResult<ObjRef> {
    check_closed(v)?;
    Ok(object::new_ref(v))
}

fn iobase_exit(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    call(v, "close", &[])
}

fn iobase_iter(v: &PyObject) -> PyResult<ObjRef> {
    check_closed(v)?;
    Ok(object::new_ref(v))
}

fn iobase_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let line = call(v, "readline", &[])?;
    if r#abstract::size(&line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line))
}

/// `_io__IOBase_readline_impl`: bytes up to a newline, through `peek`
/// when the object has it, else one `read(1)` at a time.
fn iobase_readline(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let limit = size_arg(args.first().map(|a| &**a))?;
    let peek = match object::get_attr_str(v, "peek") {
        Ok(p) => Some(p),
        Err(_) => {
            errors::clear();
            None
        }
    };
    let mut out: Vec<u8> = Vec::new();
    loop {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let mut nreadahead = 1;
        if let Some(p) = &peek {
            let one = longobject::from_i64(1)?;
            let ahead = object::call(p, &[&one])?;
            let ahead = bytes_arg(&ahead)?;
            if !ahead.is_empty() {
                let stop = ahead.iter().position(|&b| b == b'\n').map_or(ahead.len(), |i| i + 1);
                nreadahead = stop;
                if let Some(l) = limit {
                    nreadahead = nreadahead.min(l - out.len());
                }
            }
        }
        let n = longobject::from_i64(nreadahead as i64)?;
        let chunk = call(v, "read", &[&n])?;
        if object::is_none(&chunk) {
            break;
        }
        let chunk = match downcast::<BytesObject>(&chunk) {
            Some(b) => b.as_bytes().to_vec(),
            None => {
                return Err(errors::set_string(
                    exceptions::os_error(),
                    &format!("read() should have returned a bytes object, not '{}'", object::type_of(&chunk).name()),
                ));
            }
        };
        if chunk.is_empty() {
            break;
        }
        out.extend_from_slice(&chunk);
        if out.ends_with(b"\n") {
            break;
        }
    }
    bytesobject::from_bytes(&out).map(into_obj)
}

/// `readlines(hint=-1)`: lines until their total size reaches `hint`.
fn iobase_readlines(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let hint = size_arg(args.first().map(|a| &**a))?.filter(|h| *h > 0);
    let list = ListObject::new()?;
    let mut total = 0usize;
    let it = r#abstract::get_iter(v)?;
    while let Some(line) = r#abstract::iter_next(&it)? {
        total += usize::try_from(r#abstract::size(&line)?).unwrap_or(0);
        list.append(&line)?;
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    Ok(into_obj(list))
}

fn iobase_writelines(v: &PyObject, lines: &PyObject) -> PyResult<ObjRef> {
    check_closed(v)?;
    let it = r#abstract::get_iter(lines)?;
    while let Some(line) = r#abstract::iter_next(&it)? {
        call(v, "write", &[&line])?;
    }
    none()
}

/// `iobase_finalize` as `__del__` (a class deriving from the io types
/// finalizes through it): closes the file if it is still open, telling
/// `close()` through `_finalizing` that it runs at finalization.
fn iobase_del(v: &PyObject) -> PyResult<ObjRef> {
    let closed = match object::get_attr_str(v, "closed").and_then(|c| object::is_true(&c)) {
        Ok(c) => c,
        Err(e) => {
            drop(e);
            errors::clear();
            return none();
        }
    };
    if !closed {
        let finalizing = unicodeobject::intern_str("_finalizing").and_then(|name| {
            object::set_attr(v, &name, Some(&rupy::objects::boolobject::from_bool(true)))
        });
        if finalizing.is_err() {
            errors::clear();
        }
        if call(v, "close", &[]).is_err() {
            let what = object::repr(v).map(|r| r.to_string_lossy());
            let msg = match what {
                Ok(w) => format!("Exception ignored while finalizing file {w}"),
                Err(e) => {
                    drop(e);
                    errors::clear();
                    "Exception ignored while finalizing file".to_owned()
                }
            };
            rupy::errors::traceback::format_unraisable(Some(&msg), None);
        }
    }
    none()
}

static IOBASE_METHODS: [MethodDef; 23] = [
    MethodDef { ml_name: "__del__", ml_meth: MethodFn::NoArgs(iobase_del), ml_doc: None },
    MethodDef { ml_name: "seek", ml_meth: MethodFn::FastCall(iobase_seek), ml_doc: None },
    MethodDef { ml_name: "tell", ml_meth: MethodFn::NoArgs(iobase_tell), ml_doc: None },
    MethodDef { ml_name: "truncate", ml_meth: MethodFn::FastCall(iobase_truncate), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::NoArgs(iobase_flush), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(iobase_close), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(iobase_false), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(iobase_false), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(iobase_false), ml_doc: None },
    MethodDef { ml_name: "_checkClosed", ml_meth: MethodFn::FastCall(check_closed_m), ml_doc: None },
    MethodDef { ml_name: "_checkSeekable", ml_meth: MethodFn::FastCall(check_seekable), ml_doc: None },
    MethodDef { ml_name: "_checkReadable", ml_meth: MethodFn::FastCall(check_readable), ml_doc: None },
    MethodDef { ml_name: "_checkWritable", ml_meth: MethodFn::FastCall(check_writable), ml_doc: None },
    MethodDef { ml_name: "fileno", ml_meth: MethodFn::NoArgs(iobase_fileno), ml_doc: None },
    MethodDef { ml_name: "isatty", ml_meth: MethodFn::NoArgs(iobase_isatty), ml_doc: None },
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::NoArgs(iobase_enter), ml_doc: None },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(iobase_exit), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(iobase_readline), ml_doc: None },
    MethodDef { ml_name: "readlines", ml_meth: MethodFn::FastCall(iobase_readlines), ml_doc: None },
    MethodDef { ml_name: "writelines", ml_meth: MethodFn::O(iobase_writelines), ml_doc: None },
    MethodDef { ml_name: "__iter__", ml_meth: MethodFn::NoArgs(iobase_iter), ml_doc: None },
    MethodDef { ml_name: "__next__", ml_meth: MethodFn::NoArgs(iobase_next_method), ml_doc: None },
    MethodDef { ml_name: "__class_getitem__", ml_meth: MethodFn::Class(class_getitem), ml_doc: None },
];

fn iobase_next_method(v: &PyObject) -> PyResult<ObjRef> {
    match iobase_iternext(v)? {
        Some(line) => Ok(line),
        None => Err(errors::set_object(exceptions::stop_iteration(), None)),
    }
}

fn class_getitem(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args {
        [item] => rupy::objects::genericaliasobject::new_generic_alias(cls, item),
        _ => Err(type_error("__class_getitem__ takes exactly one argument")),
    }
}

static IOBASE_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "closed", get: iobase_closed, set: None, doc: None },
    GetSetDef { name: "__dict__", get: get_dict, set: None, doc: None },
];

fn get_dict(v: &PyObject) -> PyResult<ObjRef> {
    object::instance_dict(v)?.ok_or_else(errors::bad_internal_call)
}

/// `iobase_new`: an instance with an empty dict.
pub fn base_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: past the header the layout is ObjSlots (valid zeroed).
    let o: rupy_gc::PyRef<IoBaseObject> = unsafe { rupy::objects::typeobject::heaptype::generic_alloc(ty) }?;
    Ok(into_obj(o))
}

const BASE_SLOTS: TypeSlots = TypeSlots {
    tp_iter: Some(iobase_iter),
    tp_iternext: Some(iobase_iternext),
    tp_getattro: Some(object::generic_get_attr),
    tp_setattro: Some(object::generic_set_attr),
    tp_new: Some(base_new),
    ..TypeSlots::EMPTY
};

/// `_io._IOBase`.
pub static IOBASE_TYPE: TypeObject = TypeObject::new_static(
    "_io._IOBase",
    size_of::<IoBaseObject>(),
    object::dealloc_simple::<IoBaseObject>,
    BASE_SLOTS,
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&IOBASE_METHODS)
.with_getset(&IOBASE_GETSET)
.with_dictoffset(core::mem::offset_of!(IoBaseObject, dict));

// ---------------------------------------------------------------------
// _RawIOBase.

/// `_io__RawIOBase_read_impl`: `readinto` a buffer of `size` bytes.
fn rawiobase_read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let Some(n) = size_arg(args.first().map(|a| &**a))? else { return call(v, "readall", &[]) };
    let buf = into_obj(bytearrayobject::from_bytes(&vec![0u8; n])?);
    let got = call(v, "readinto", &[&buf])?;
    if object::is_none(&got) {
        return none();
    }
    let got = r#abstract::as_ssize(&got, None)?.max(0) as usize;
    let data = bytes_arg(&buf)?;
    bytesobject::from_bytes(&data[..got.min(data.len())]).map(into_obj)
}

/// `_io__RawIOBase_readall_impl`: `read(DEFAULT_BUFFER_SIZE)` to EOF.
fn rawiobase_readall(v: &PyObject) -> PyResult<ObjRef> {
    let mut out = Vec::new();
    let n = longobject::from_i64(super::DEFAULT_BUFFER_SIZE as i64)?;
    loop {
        let chunk = call(v, "read", &[&n])?;
        if object::is_none(&chunk) {
            if out.is_empty() {
                return none();
            }
            break;
        }
        let c = bytes_arg(&chunk)?;
        if c.is_empty() {
            break;
        }
        out.extend_from_slice(&c);
    }
    bytesobject::from_bytes(&out).map(into_obj)
}

fn rawiobase_readinto(_v: &PyObject, _b: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(exceptions::not_implemented_error(), ""))
}

fn rawiobase_write(_v: &PyObject, _b: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(exceptions::not_implemented_error(), ""))
}

static RAWIOBASE_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(rawiobase_read), ml_doc: None },
    MethodDef { ml_name: "readall", ml_meth: MethodFn::NoArgs(rawiobase_readall), ml_doc: None },
    MethodDef { ml_name: "readinto", ml_meth: MethodFn::O(rawiobase_readinto), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(rawiobase_write), ml_doc: None },
];

/// `_io._RawIOBase`.
pub static RAWIOBASE_TYPE: TypeObject = TypeObject::new_static(
    "_io._RawIOBase",
    size_of::<IoBaseObject>(),
    object::dealloc_simple::<IoBaseObject>,
    BASE_SLOTS,
)
.with_base(&IOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&RAWIOBASE_METHODS)
.with_dictoffset(core::mem::offset_of!(IoBaseObject, dict));

// ---------------------------------------------------------------------
// _BufferedIOBase and _TextIOBase.

fn unsupported_detach(_v: &PyObject) -> PyResult<ObjRef> {
    Err(unsupported("detach"))
}

fn unsupported_read(_v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Err(unsupported("read"))
}

fn unsupported_read1(_v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Err(unsupported("read1"))
}

fn unsupported_write(_v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Err(unsupported("write"))
}

fn unsupported_readline(_v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Err(unsupported("readline"))
}

/// `_bufferediobase_readinto_generic`: `read` then copy.
fn bufferediobase_readinto(v: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    let n = r#abstract::size(b)?;
    let data = call(v, "read", &[&*longobject::from_i64(n as i64)?])?;
    let data = bytes_arg(&data)?;
    for (i, byte) in data.iter().enumerate() {
        r#abstract::set_item(b, &*longobject::from_i64(i as i64)?, &*longobject::from_i64(i64::from(*byte))?)?;
    }
    int(data.len() as i64)
}

static BUFFEREDIOBASE_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "detach", ml_meth: MethodFn::NoArgs(unsupported_detach), ml_doc: None },
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(unsupported_read), ml_doc: None },
    MethodDef { ml_name: "read1", ml_meth: MethodFn::FastCall(unsupported_read1), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::FastCall(unsupported_write), ml_doc: None },
    MethodDef { ml_name: "readinto", ml_meth: MethodFn::O(bufferediobase_readinto), ml_doc: None },
];

/// `_io._BufferedIOBase`.
pub static BUFFEREDIOBASE_TYPE: TypeObject = TypeObject::new_static(
    "_io._BufferedIOBase",
    size_of::<IoBaseObject>(),
    object::dealloc_simple::<IoBaseObject>,
    BASE_SLOTS,
)
.with_base(&IOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&BUFFEREDIOBASE_METHODS)
.with_dictoffset(core::mem::offset_of!(IoBaseObject, dict));

static TEXTIOBASE_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "detach", ml_meth: MethodFn::NoArgs(unsupported_detach), ml_doc: None },
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(unsupported_read), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(unsupported_readline), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::FastCall(unsupported_write), ml_doc: None },
];

fn textiobase_none(_v: &PyObject) -> PyResult<ObjRef> {
    none()
}

static TEXTIOBASE_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "encoding", get: textiobase_none, set: None, doc: None },
    GetSetDef { name: "newlines", get: textiobase_none, set: None, doc: None },
    GetSetDef { name: "errors", get: textiobase_none, set: None, doc: None },
];

/// `_io._TextIOBase`.
pub static TEXTIOBASE_TYPE: TypeObject = TypeObject::new_static(
    "_io._TextIOBase",
    size_of::<IoBaseObject>(),
    object::dealloc_simple::<IoBaseObject>,
    BASE_SLOTS,
)
.with_base(&IOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&TEXTIOBASE_METHODS)
.with_getset(&TEXTIOBASE_GETSET)
.with_dictoffset(core::mem::offset_of!(IoBaseObject, dict));

/// A `str` argument or TypeError naming `what`.
pub fn str_arg(what: &str, v: &PyObject) -> PyResult<String> {
    match downcast::<StrObject>(v) {
        Some(s) => Ok(s.to_string_lossy()),
        None => Err(type_error(&format!("{what} argument must be str, not {}", object::type_of(v).name()))),
    }
}
