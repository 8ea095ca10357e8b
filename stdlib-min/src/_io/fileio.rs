//! `FileIO`, ported from Modules/_io/fileio.c: raw, unbuffered I/O on a
//! file descriptor, opened from a path (or given an fd) with CPython's
//! mode strings, `closefd` and `opener`. Reads and writes detach.

use std::ffi::CString;

use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};

use super::iobase::{self, boolean, bytes_arg, int, none, size_arg, type_error, value_error};
use super::{IoObject, alloc, state};

pub struct FileState {
    /// -1 once closed.
    fd: i32,
    readable: bool,
    writable: bool,
    appending: bool,
    created: bool,
    closefd: bool,
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut FileState) -> PyResult<R>) -> PyResult<R> {
    state::<FileState>(v, &FILEIO_TYPE)?.with(v, f)
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// OSError for `errno`, with the file name when there is one.
fn os_error(e: i32, name: Option<&PyObject>) -> errors::ErrSet {
    let build = || -> PyResult<ObjRef> {
        let num = longobject::from_i64(i64::from(e))?;
        let msg = std::io::Error::from_raw_os_error(e).to_string();
        let msg = msg.split(" (os error").next().unwrap_or(&msg).to_owned();
        let msg = unicodeobject::from_string(msg)?;
        let mut args: Vec<&PyObject> = vec![&num, as_obj(&*msg)];
        if let Some(n) = name {
            args.push(n);
        }
        object::call(as_obj(exceptions::os_error()), &args)
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(err) => err,
    }
}

fn check_open(st: &FileState) -> PyResult<i32> {
    if st.fd < 0 {
        return Err(value_error("I/O operation on closed file"));
    }
    Ok(st.fd)
}

fn fileio_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(ty, FileState { fd: -1, readable: false, writable: false, appending: false, created: false, closefd: true })
}

/// Opens `file` for a new FileIO of type `ty` (for `open()`).
pub fn new_fileio(ty: &TypeObject, file: &PyObject, mode: &PyObject, closefd: &PyObject, opener: &PyObject) -> PyResult<ObjRef> {
    let empty = rupy::objects::tupleobject::from_slice(&[])?;
    let f = fileio_new(ty, &empty, None)?;
    init_with(&f, file, mode, closefd, opener)?;
    Ok(f)
}

/// `_io_FileIO___init___impl(file, mode='r', closefd=True, opener=None)`.
fn fileio_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse("FileIO", args, kwds, &["file", "mode", "closefd", "opener"], &[], 1)?;
    let r = unicodeobject::from_str("r")?;
    let t = rupy::objects::boolobject::from_bool(true);
    init_with(
        v,
        a[0].as_deref().ok_or_else(errors::bad_internal_call)?,
        a[1].as_deref().unwrap_or(as_obj(&*r)),
        a[2].as_deref().unwrap_or(&t),
        a[3].as_deref().unwrap_or(&object::NONE),
    )
}

fn init_with(v: &PyObject, file: &PyObject, mode: &PyObject, closefd: &PyObject, opener: &PyObject) -> PyResult<()> {
    let mode = iobase::str_arg("FileIO() argument 'mode'", mode)?;
    let (mut readable, mut writable, mut appending, mut created, mut plus) = (false, false, false, false, false);
    let mut rwa = 0;
    for c in mode.chars() {
        match c {
            'x' => {
                rwa += 1;
                created = true;
                writable = true;
            }
            'r' => {
                rwa += 1;
                readable = true;
            }
            'w' => {
                rwa += 1;
                writable = true;
            }
            'a' => {
                rwa += 1;
                writable = true;
                appending = true;
            }
            '+' if !plus => {
                plus = true;
                readable = true;
                writable = true;
            }
            'b' => {}
            _ => return Err(value_error(&format!("invalid mode: {mode}"))),
        }
    }
    if rwa != 1 {
        return Err(value_error("Must have exactly one of create/read/write/append mode and at most one plus"));
    }
    let mut flags = if readable && writable { libc::O_RDWR } else if readable { libc::O_RDONLY } else { libc::O_WRONLY };
    if created {
        flags |= libc::O_EXCL | libc::O_CREAT;
    }
    if mode.contains('w') {
        flags |= libc::O_CREAT | libc::O_TRUNC;
    }
    if appending {
        flags |= libc::O_APPEND | libc::O_CREAT;
    }
    flags |= libc::O_CLOEXEC;
    let closefd = object::is_true(closefd)?;
    let fd = if downcast::<IntObject>(file).is_some() {
        let fd = r#abstract::as_ssize(file, None)?;
        if fd < 0 {
            return Err(value_error("negative file descriptor"));
        }
        fd as i32
    } else {
        if !closefd {
            return Err(value_error("Cannot use closefd=False with file name"));
        }
        if object::is_none(opener) {
            let path = path_bytes(file)?;
            // SAFETY: a NUL-terminated path.
            let fd = rupy::state::allow_threads(|| unsafe { libc::open(path.as_ptr(), flags, 0o666 as libc::c_uint) });
            if fd < 0 {
                return Err(os_error(errno(), Some(file)));
            }
            fd
        } else {
            let fl = longobject::from_i64(i64::from(flags))?;
            let r = object::call(opener, &[file, &fl])?;
            let fd = r#abstract::as_ssize(&r, None)?;
            if fd < 0 {
                return Err(value_error(&format!("opener returned {fd}")));
            }
            fd as i32
        }
    };
    // A directory cannot be a FileIO.
    // SAFETY: a zeroed stat is a valid out-parameter.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: fstat writes into `st`.
    if unsafe { libc::fstat(fd, &mut st) } == 0 && st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        if closefd {
            // SAFETY: our own descriptor.
            unsafe { libc::close(fd) };
        }
        return Err(os_error(libc::EISDIR, Some(file)));
    }
    if appending {
        // SAFETY: seeking our descriptor.
        unsafe { libc::lseek(fd, 0, libc::SEEK_END) };
    }
    with(v, |s| {
        *s = FileState { fd, readable, writable, appending, created, closefd };
        Ok(())
    })?;
    object::set_attr(v, &*unicodeobject::intern_str("name")?, Some(file))?;
    Ok(())
}

/// The path argument as a C string (str, bytes or os.PathLike).
fn path_bytes(file: &PyObject) -> PyResult<CString> {
    let p = if downcast::<StrObject>(file).is_some() || downcast::<BytesObject>(file).is_some() {
        object::new_ref(file)
    } else {
        let fspath = rupy::import::import_module("posix")?;
        object::call(&*object::get_attr_str(&fspath, "fspath")?, &[file])?
    };
    let raw = match downcast::<StrObject>(&p) {
        Some(s) => s.to_string_lossy().into_bytes(),
        None => bytes_arg(&p)?,
    };
    CString::new(raw).map_err(|_| value_error("embedded null byte"))
}

fn read_fd(fd: i32, n: usize) -> PyResult<Vec<u8>> {
    let mut buf = vec![0u8; n];
    loop {
        // SAFETY: a buffer of `n` bytes.
        let got = rupy::state::allow_threads(|| unsafe { libc::read(fd, buf.as_mut_ptr().cast(), n) });
        if got < 0 {
            let e = errno();
            if e == libc::EINTR {
                continue;
            }
            return Err(os_error(e, None));
        }
        buf.truncate(got as usize);
        return Ok(buf);
    }
}

fn read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = size_arg(args.first().map(|a| &**a))?;
    let (fd, readable) = with(v, |s| Ok((check_open(s)?, s.readable)))?;
    if !readable {
        return Err(iobase::unsupported("File not open for reading"));
    }
    let data = match n {
        Some(n) => read_fd(fd, n)?,
        None => readall_fd(fd)?,
    };
    bytesobject::from_bytes(&data).map(into_obj)
}

fn readall_fd(fd: i32) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let chunk = read_fd(fd, 64 * 1024)?;
        if chunk.is_empty() {
            return Ok(out);
        }
        out.extend_from_slice(&chunk);
    }
}

fn readall(v: &PyObject) -> PyResult<ObjRef> {
    let fd = with(v, |s| check_open(s))?;
    bytesobject::from_bytes(&readall_fd(fd)?).map(into_obj)
}

fn readinto(v: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    let n = iobase::writable_len(b)?;
    let (fd, readable) = with(v, |s| Ok((check_open(s)?, s.readable)))?;
    if !readable {
        return Err(iobase::unsupported("File not open for reading"));
    }
    let data = read_fd(fd, n)?;
    iobase::write_into(b, &data)?;
    int(data.len() as i64)
}

fn write(v: &PyObject, data: &PyObject) -> PyResult<ObjRef> {
    let (fd, writable) = with(v, |s| Ok((check_open(s)?, s.writable)))?;
    if !writable {
        return Err(iobase::unsupported("File not open for writing"));
    }
    let data = bytes_arg(data)?;
    loop {
        // SAFETY: a buffer of its own length.
        let n = rupy::state::allow_threads(|| unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) });
        if n < 0 {
            let e = errno();
            if e == libc::EINTR {
                continue;
            }
            return Err(os_error(e, None));
        }
        return int(n as i64);
    }
}

fn seek(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (pos, whence) = match args {
        [p] => (r#abstract::as_ssize(p, None)?, 0),
        [p, w] => (r#abstract::as_ssize(p, None)?, r#abstract::as_ssize(w, None)?),
        _ => return Err(type_error(&format!("seek expected at most 2 arguments, got {}", args.len()))),
    };
    let fd = with(v, |s| check_open(s))?;
    // SAFETY: seeking a descriptor number.
    let r = unsafe { libc::lseek(fd, pos as libc::off_t, whence as i32) };
    if r < 0 {
        return Err(os_error(errno(), None));
    }
    int(r)
}

fn tell(v: &PyObject) -> PyResult<ObjRef> {
    let fd = with(v, |s| check_open(s))?;
    // SAFETY: as above.
    let r = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
    if r < 0 {
        return Err(os_error(errno(), None));
    }
    int(r)
}

fn truncate(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let fd = with(v, |s| check_open(s))?;
    let size = match args.first() {
        Some(s) if !object::is_none(s) => r#abstract::as_ssize(s, None)? as i64,
        // SAFETY: as above.
        _ => unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) },
    };
    // SAFETY: truncating a descriptor number.
    if unsafe { libc::ftruncate(fd, size as libc::off_t) } != 0 {
        return Err(os_error(errno(), None));
    }
    int(size)
}

fn close(v: &PyObject) -> PyResult<ObjRef> {
    let (fd, closefd) = with(v, |s| {
        let fd = s.fd;
        s.fd = -1;
        Ok((fd, s.closefd))
    })?;
    if fd >= 0 && closefd {
        // SAFETY: closing our own descriptor once.
        if unsafe { libc::close(fd) } != 0 {
            return Err(os_error(errno(), None));
        }
    }
    none()
}

fn fileno(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(with(v, |s| check_open(s))?))
}

fn isatty(v: &PyObject) -> PyResult<ObjRef> {
    let fd = with(v, |s| check_open(s))?;
    // SAFETY: isatty on a descriptor number.
    boolean(unsafe { libc::isatty(fd) } == 1)
}

fn readable(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |s| Ok(check_open(s).map(|_| s.readable)))??)
}

fn writable(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |s| Ok(check_open(s).map(|_| s.writable)))??)
}

fn seekable(v: &PyObject) -> PyResult<ObjRef> {
    let fd = with(v, |s| check_open(s))?;
    // SAFETY: as above.
    boolean(unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) } >= 0)
}

fn get_closed(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |s| Ok(s.fd < 0))?)
}

fn get_closefd(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |s| Ok(s.closefd))?)
}

/// `mode_string`.
fn get_mode(v: &PyObject) -> PyResult<ObjRef> {
    let m = with(v, |s| {
        Ok(if s.created {
            if s.readable { "xb+" } else { "xb" }
        } else if s.appending {
            if s.readable { "ab+" } else { "ab" }
        } else if s.readable {
            if s.writable { "rb+" } else { "rb" }
        } else {
            "wb"
        })
    })?;
    unicodeobject::from_str(m).map(into_obj)
}

fn repr(v: &PyObject) -> PyResult<ObjRef> {
    let (fd, closed) = with(v, |s| Ok((s.fd, s.fd < 0)))?;
    if closed {
        return unicodeobject::from_str("<_io.FileIO [closed]>").map(into_obj);
    }
    let mode = object::str_lossy(&*get_mode(v)?);
    let closefd = if with(v, |s| Ok(s.closefd))? { "True" } else { "False" };
    let name = match object::get_attr_str(v, "name") {
        Ok(n) => object::repr(&n)?.to_string_lossy(),
        Err(_) => {
            errors::clear();
            fd.to_string()
        }
    };
    unicodeobject::from_string(format!("<_io.FileIO name={name} mode='{mode}' closefd={closefd}>")).map(into_obj)
}

static METHODS: [MethodDef; 14] = [
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(read), ml_doc: None },
    MethodDef { ml_name: "readall", ml_meth: MethodFn::NoArgs(readall), ml_doc: None },
    MethodDef { ml_name: "readinto", ml_meth: MethodFn::O(readinto), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(write), ml_doc: None },
    MethodDef { ml_name: "seek", ml_meth: MethodFn::FastCall(seek), ml_doc: None },
    MethodDef { ml_name: "tell", ml_meth: MethodFn::NoArgs(tell), ml_doc: None },
    MethodDef { ml_name: "truncate", ml_meth: MethodFn::FastCall(truncate), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(close), ml_doc: None },
    MethodDef { ml_name: "fileno", ml_meth: MethodFn::NoArgs(fileno), ml_doc: None },
    MethodDef { ml_name: "isatty", ml_meth: MethodFn::NoArgs(isatty), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(readable), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(writable), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(seekable), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::NoArgs(flush), ml_doc: None },
];

fn flush(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| check_open(s))?;
    none()
}

static GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "closed", get: get_closed, set: None, doc: None },
    GetSetDef { name: "closefd", get: get_closefd, set: None, doc: None },
    GetSetDef { name: "mode", get: get_mode, set: None, doc: None },
];

/// `fileio_dealloc`: closes a still-open descriptor it owns.
///
/// # Safety
/// As `tp_dealloc`.
unsafe fn fileio_dealloc(op: core::ptr::NonNull<PyObject>) {
    // SAFETY: a dead FileIO whose memory is intact.
    let o = unsafe { op.cast::<IoObject<FileState>>().as_ref() };
    if let Ok(s) = o.st.peek_owned()
        && s.fd >= 0
        && s.closefd
    {
        // SAFETY: our own descriptor, closed once.
        unsafe { libc::close(s.fd) };
    }
    // SAFETY: drops the fields and frees.
    unsafe { object::dealloc_simple::<IoObject<FileState>>(op) };
}

/// `_io.FileIO`.
pub static FILEIO_TYPE: TypeObject = TypeObject::new_static(
    "_io.FileIO",
    size_of::<IoObject<FileState>>(),
    fileio_dealloc,
    TypeSlots { tp_repr: Some(repr), tp_new: Some(fileio_new), tp_init: Some(fileio_init), ..TypeSlots::EMPTY },
)
.with_base(&iobase::RAWIOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&METHODS)
.with_getset(&GETSET)
.with_dictoffset(core::mem::offset_of!(IoObject<FileState>, dict));
