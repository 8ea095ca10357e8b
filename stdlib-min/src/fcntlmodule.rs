//! The `fcntl` module, ported from Modules/fcntlmodule.c: `fcntl`,
//! `ioctl`, `flock`, `lockf` and `all_ins`' constants. The calls run
//! detached and are retried on EINTR after `PyErr_CheckSignals`; a
//! buffer argument is copied into a local buffer followed by a guard
//! (`GUARDSZ`) to catch the system writing past it.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::memoryobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject::StrObject;

use crate::hashlib;
use crate::selectmodule::as_fd;

/// NUL then arbitrary bytes, written after a copied argument.
const GUARD: [u8; 8] = [0x00, 0x9e, 0x31, 0xd7, 0x52, 0x0b, 0xe4, 0x7a];
/// The largest argument copied to a stack buffer (`FCNTL_BUFSZ`,
/// `IOCTL_BUFSZ`); longer ones are passed in a heap copy.
const BUFSZ: usize = 1024;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
}

/// Runs `call` detached until it succeeds or fails with something other
/// than EINTR (signal handlers run between tries and may raise).
fn retry(mut call: impl FnMut() -> libc::c_int) -> PyResult<libc::c_int> {
    loop {
        let ret = rupy::state::allow_threads(&mut call);
        if ret != -1 {
            return Ok(ret);
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(exceptions::set_from_errno(e, None));
        }
        rupy::signals::check_signals()?;
    }
}

/// `PyIndex_Check`.
fn index_check(v: &PyObject) -> bool {
    type_of(v).slots.nb_index.get().is_some()
}

/// The `k` converter: an index truncated to 64 bits (two's complement),
/// no overflow check; `I` is its low 32 bits.
fn bitwise_u64(v: &PyObject) -> PyResult<u64> {
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    let low = i.to_bigint() & num_bigint::BigInt::from(u64::MAX);
    u64::try_from(low).map_err(|_| errors::bad_internal_call())
}

/// The `s*` converter: a str's UTF-8 bytes or a bytes-like object's.
fn read_buffer(v: &PyObject) -> PyResult<Vec<u8>> {
    if downcast::<StrObject>(v).is_some() {
        let b = rupy::codecs::encode_text(v, "utf-8", "strict")?;
        return Ok(bytesobject::bytes_like(&b).map(std::borrow::Cow::into_owned).unwrap_or_default());
    }
    hashlib::simple_buffer(v)?
        .map(std::borrow::Cow::into_owned)
        .ok_or_else(|| type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name())))
}

/// Whether `v` can be passed as a buffer (`PyUnicode_Check ||
/// PyObject_CheckBuffer`).
fn is_buffer_arg(v: &PyObject) -> bool {
    downcast::<StrObject>(v).is_some()
        || downcast::<BytesObject>(v).is_some()
        || bytesobject::bytes_like(v).is_some()
}

/// The positional-only arguments of `fcntl.<name>`, at least `min` and
/// at most `max` of them (`_PyArg_CheckPositional`).
fn positional<'a>(name: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>, min: usize, max: usize) -> PyResult<Vec<Option<&'a PyObject>>> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("fcntl.{name}() takes no keyword arguments")));
    }
    let n = args.len();
    if n < min || n > max {
        let (how, bound) = if min == max { ("", min) } else if n < min { ("at least ", min) } else { ("at most ", max) };
        let s = if bound == 1 { "" } else { "s" };
        return Err(type_error(&format!("{name} expected {how}{bound} argument{s}, got {n}")));
    }
    let mut out: Vec<Option<&PyObject>> = args.iter().map(|a| Some(*a)).collect();
    out.resize(max, None);
    Ok(out)
}

fn overflow_error() -> errors::ErrSet {
    errors::set_string(exceptions::system_error(), "buffer overflow")
}

/// Calls `call` on a copy of `data` followed by the guard bytes and
/// returns the call's result and the (possibly changed) copy; SystemError
/// if the system wrote past the argument.
fn call_with_copy(data: &[u8], mut call: impl FnMut(*mut libc::c_void) -> libc::c_int) -> PyResult<(libc::c_int, Vec<u8>)> {
    let len = data.len();
    let mut buf = Vec::with_capacity(len.checked_add(GUARD.len()).ok_or_else(errors::no_memory)?);
    buf.extend_from_slice(data);
    if len <= BUFSZ {
        buf.extend_from_slice(&GUARD);
    } else {
        buf.push(0);
    }
    let ptr = buf.as_mut_ptr() as usize;
    let ret = retry(|| call(ptr as *mut libc::c_void))?;
    let intact = if len <= BUFSZ { buf.get(len..) == Some(&GUARD[..]) } else { buf.get(len) == Some(&0) };
    if !intact {
        return Err(overflow_error());
    }
    buf.truncate(len);
    Ok((ret, buf))
}

/// `fcntl(fd, cmd, arg=0, /)`.
fn fcntl(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("fcntl", args, kwnames, 2, 3)?;
    let fd = as_fd(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let code = hashlib::int_arg(a[1].ok_or_else(errors::bad_internal_call)?)?;
    match a[2] {
        None => int_call(|| {
            // SAFETY: fcntl with an integer third argument reads no memory of ours.
            unsafe { libc::fcntl(fd, code, 0) }
        }),
        Some(arg) if index_check(arg) => {
            let v = bitwise_u64(arg)? as u32 as libc::c_int;
            int_call(|| {
                // SAFETY: as above.
                unsafe { libc::fcntl(fd, code, v) }
            })
        }
        Some(arg) if is_buffer_arg(arg) => {
            let data = read_buffer(arg)?;
            let (_, out) = call_with_copy(&data, |p| {
                // SAFETY: `p` points to a buffer of the argument's length
                // plus a guard; a command that writes more than the
                // argument's size is detected by the guard check.
                unsafe { libc::fcntl(fd, code, p) }
            })?;
            bytesobject::from_bytes(&out).map(into_obj)
        }
        Some(arg) => Err(type_error(&format!(
            "fcntl() argument 3 must be an integer, a bytes-like object, or a string, not {}",
            type_of(arg).name()
        ))),
    }
}

fn int_call(call: impl FnMut() -> libc::c_int) -> PyResult<ObjRef> {
    longobject::from_i64(i64::from(retry(call)?))
}

/// `ioctl(fd, request, arg=0, mutate_flag=True, /)`.
fn ioctl(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("ioctl", args, kwnames, 2, 4)?;
    let fd = as_fd(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let code = bitwise_u64(a[1].ok_or_else(errors::bad_internal_call)?)? as libc::c_ulong;
    let mutate = hashlib::bool_arg(a[3], true)?;
    let arg = match a[2] {
        None => None,
        Some(arg) if index_check(arg) => Some(arg),
        Some(arg) if is_buffer_arg(arg) => {
            if mutate && downcast::<BytesObject>(arg).is_none() && downcast::<StrObject>(arg).is_none() {
                // The buffer is copied out and back rather than locked
                // across the call, which may run signal handlers.
                if let Some(data) = memoryobject::with_writable_buffer(arg, |d| d.to_vec())? {
                    let (ret, out) = call_with_copy(&data, |p| {
                        // SAFETY: `p` points to a copy of the buffer plus a
                        // guard, checked after the call.
                        unsafe { libc::ioctl(fd, code, p) }
                    })?;
                    memoryobject::with_writable_buffer(arg, |d| {
                        if d.len() == out.len() {
                            d.copy_from_slice(&out);
                        }
                    })?;
                    return longobject::from_i64(i64::from(ret));
                }
            }
            let data = read_buffer(arg)?;
            let (_, out) = call_with_copy(&data, |p| {
                // SAFETY: `p` points to a copy of the argument plus a guard,
                // checked after the call.
                unsafe { libc::ioctl(fd, code, p) }
            })?;
            return bytesobject::from_bytes(&out).map(into_obj);
        }
        Some(arg) => {
            return Err(type_error(&format!(
                "ioctl() argument 3 must be an integer, a bytes-like object, or a string, not {}",
                type_of(arg).name()
            )));
        }
    };
    let v = match arg {
        Some(x) => hashlib::int_arg(x)?,
        None => 0,
    };
    int_call(|| {
        // SAFETY: an integer argument: the request reads no memory of ours.
        unsafe { libc::ioctl(fd, code, v) }
    })
}

/// `flock(fd, operation, /)`.
fn flock(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("flock", args, kwnames, 2, 2)?;
    let fd = as_fd(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let code = hashlib::int_arg(a[1].ok_or_else(errors::bad_internal_call)?)?;
    retry(|| {
        // SAFETY: flock takes plain integers.
        unsafe { libc::flock(fd, code) }
    })?;
    Ok(object::none())
}

/// `PyLong_AsLongLong` for an int, `PyLong_AsLong` (through `__index__`)
/// otherwise: both 64-bit here.
fn off_t_arg(v: &PyObject) -> PyResult<i64> {
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    i.as_i64().ok_or_else(|| errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C long"))
}

/// `lockf(fd, cmd, len=0, start=0, whence=0, /)`: `fcntl` record locks
/// over `flock` semantics.
fn lockf(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("lockf", args, kwnames, 2, 5)?;
    let fd = as_fd(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let code = hashlib::int_arg(a[1].ok_or_else(errors::bad_internal_call)?)?;
    let l_type = if code == libc::LOCK_UN {
        libc::F_UNLCK
    } else if code & libc::LOCK_SH != 0 {
        libc::F_RDLCK
    } else if code & libc::LOCK_EX != 0 {
        libc::F_WRLCK
    } else {
        return Err(errors::set_string(exceptions::value_error(), "unrecognized lockf argument"));
    };
    let len = a[2].map_or(Ok(0), off_t_arg)?;
    let start = a[3].map_or(Ok(0), off_t_arg)?;
    let whence = a[4].map_or(Ok(0), hashlib::int_arg)?;
    // SAFETY: a zeroed flock is a valid value of the plain C struct.
    let mut l: libc::flock = unsafe { core::mem::zeroed() };
    l.l_type = l_type as libc::c_short;
    l.l_whence = whence as libc::c_short;
    l.l_start = start;
    l.l_len = len;
    let cmd = if code & libc::LOCK_NB != 0 { libc::F_SETLK } else { libc::F_SETLKW };
    retry(|| {
        // SAFETY: F_SETLK/F_SETLKW read one struct flock, alive for the call.
        unsafe { libc::fcntl(fd, cmd, &raw const l) }
    })?;
    Ok(object::none())
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "fcntl", func: fcntl },
    BuiltinDef { name: "ioctl", func: ioctl },
    BuiltinDef { name: "flock", func: flock },
    BuiltinDef { name: "lockf", func: lockf },
];

/// `fcntl_exec` / `all_ins`: Linux's values (the libc crate's where it
/// has them, the kernel headers' otherwise).
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("fcntl")?;
    m.add_functions(&FUNCTIONS)?;
    let consts: [(&str, i64); 71] = [
        ("LOCK_SH", libc::LOCK_SH.into()),
        ("LOCK_EX", libc::LOCK_EX.into()),
        ("LOCK_NB", libc::LOCK_NB.into()),
        ("LOCK_UN", libc::LOCK_UN.into()),
        ("LOCK_MAND", 32),
        ("LOCK_READ", 64),
        ("LOCK_WRITE", 128),
        ("LOCK_RW", 192),
        ("F_DUPFD", libc::F_DUPFD.into()),
        ("F_DUPFD_CLOEXEC", libc::F_DUPFD_CLOEXEC.into()),
        ("F_GETFD", libc::F_GETFD.into()),
        ("F_SETFD", libc::F_SETFD.into()),
        ("F_GETFL", libc::F_GETFL.into()),
        ("F_SETFL", libc::F_SETFL.into()),
        ("F_GETLK", libc::F_GETLK.into()),
        ("F_SETLK", libc::F_SETLK.into()),
        ("F_SETLKW", libc::F_SETLKW.into()),
        ("F_OFD_GETLK", libc::F_OFD_GETLK.into()),
        ("F_OFD_SETLK", libc::F_OFD_SETLK.into()),
        ("F_OFD_SETLKW", libc::F_OFD_SETLKW.into()),
        ("F_GETOWN", libc::F_GETOWN.into()),
        ("F_SETOWN", libc::F_SETOWN.into()),
        ("F_GETSIG", 11),
        ("F_SETSIG", 10),
        ("F_RDLCK", libc::F_RDLCK.into()),
        ("F_WRLCK", libc::F_WRLCK.into()),
        ("F_UNLCK", libc::F_UNLCK.into()),
        // 64-bit glibc: the LFS commands are the plain ones.
        ("F_GETLK64", libc::F_GETLK.into()),
        ("F_SETLK64", libc::F_SETLK.into()),
        ("F_SETLKW64", libc::F_SETLKW.into()),
        ("FASYNC", libc::O_ASYNC.into()),
        ("F_SETLEASE", libc::F_SETLEASE.into()),
        ("F_GETLEASE", libc::F_GETLEASE.into()),
        ("F_NOTIFY", libc::F_NOTIFY.into()),
        ("F_DUPFD_QUERY", 1027),
        ("F_EXLCK", 4),
        ("F_SHLCK", 8),
        ("F_SETPIPE_SZ", libc::F_SETPIPE_SZ.into()),
        ("F_GETPIPE_SZ", libc::F_GETPIPE_SZ.into()),
        ("FICLONE", libc::FICLONE as i64),
        ("FICLONERANGE", libc::FICLONERANGE as i64),
        ("F_GETOWN_EX", 16),
        ("F_SETOWN_EX", 15),
        ("F_OWNER_TID", 0),
        ("F_OWNER_PID", 1),
        ("F_OWNER_PGRP", 2),
        ("F_GET_RW_HINT", 1035),
        ("F_SET_RW_HINT", 1036),
        ("F_GET_FILE_RW_HINT", 1037),
        ("F_SET_FILE_RW_HINT", 1038),
        ("RWH_WRITE_LIFE_NOT_SET", 0),
        ("RWH_WRITE_LIFE_NONE", 1),
        ("RWH_WRITE_LIFE_SHORT", 2),
        ("RWH_WRITE_LIFE_MEDIUM", 3),
        ("RWH_WRITE_LIFE_LONG", 4),
        ("RWH_WRITE_LIFE_EXTREME", 5),
        ("FD_CLOEXEC", libc::FD_CLOEXEC.into()),
        ("DN_ACCESS", 1),
        ("DN_MODIFY", 2),
        ("DN_CREATE", 4),
        ("DN_DELETE", 8),
        ("DN_RENAME", 16),
        ("DN_ATTRIB", 32),
        ("DN_MULTISHOT", 0x8000_0000),
        ("F_ADD_SEALS", libc::F_ADD_SEALS.into()),
        ("F_GET_SEALS", libc::F_GET_SEALS.into()),
        ("F_SEAL_SEAL", libc::F_SEAL_SEAL.into()),
        ("F_SEAL_SHRINK", libc::F_SEAL_SHRINK.into()),
        ("F_SEAL_GROW", libc::F_SEAL_GROW.into()),
        ("F_SEAL_WRITE", libc::F_SEAL_WRITE.into()),
        ("F_SEAL_FUTURE_WRITE", libc::F_SEAL_FUTURE_WRITE.into()),
    ];
    for (name, v) in consts {
        m.add_object(name, &*longobject::from_i64(v)?)?;
    }
    Ok(into_obj(m))
}
