//! The `posix` module, ported from Modules/posixmodule.c: the part of it
//! Lib's os, posixpath, shutil, tempfile and threading use (files and
//! directories, stat, the environment, processes, fds), over libc.
//! Blocking calls detach the thread state. `fork` is absent (rupy's
//! threads and thread states are not fork-safe yet; docs/quirks.md).

use std::ffi::{CStr, CString};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::floatobject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy::sysmod::structseq::{self, StructSeqDesc};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn strerror(e: i32) -> String {
    // SAFETY: strerror returns a valid C string for any errno value.
    unsafe { CStr::from_ptr(libc::strerror(e)) }.to_string_lossy().into_owned()
}

/// `posix_path_error` / `PyErr_SetFromErrnoWithFilenameObjects`: the
/// OSError subclass of `e`, with the file names.
fn os_error(e: i32, filename: Option<&PyObject>, filename2: Option<&PyObject>) -> errors::ErrSet {
    let build = || -> PyResult<ObjRef> {
        let num = longobject::from_i64(i64::from(e))?;
        let msg = unicodeobject::from_string(strerror(e))?;
        let mut args: Vec<&PyObject> = vec![&num, as_obj(&*msg)];
        if let Some(f) = filename {
            args.push(f);
            if let Some(f2) = filename2 {
                args.push(&object::NONE);
                args.push(f2);
            }
        }
        object::call(as_obj(exceptions::os_error()), &args)
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(err) => err,
    }
}

fn last_error(filename: Option<&PyObject>) -> errors::ErrSet {
    os_error(errno(), filename, None)
}

/// A path argument (`path_converter`): str or bytes or os.PathLike, as a
/// C string, remembering whether it was bytes.
struct Path {
    c: CString,
    bytes: bool,
    obj: ObjRef,
}

fn fspath(v: &PyObject) -> PyResult<ObjRef> {
    if downcast::<StrObject>(v).is_some() || downcast::<BytesObject>(v).is_some() {
        return Ok(object::new_ref(v));
    }
    let name = unicodeobject::intern_str("__fspath__")?;
    let Some((f, unbound)) = rupy::objects::typeobject::slotdefs::lookup_maybe_method(v, &name)? else {
        return Err(type_error(&format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_of(v).name()
        )));
    };
    let r = if unbound { object::call(&f, &[v])? } else { object::call(&f, &[])? };
    if downcast::<StrObject>(&r).is_none() && downcast::<BytesObject>(&r).is_none() {
        return Err(type_error(&format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            type_of(v).name(),
            type_of(&r).name()
        )));
    }
    Ok(r)
}

fn path_arg(fname: &str, arg: &str, v: &PyObject) -> PyResult<Path> {
    let p = fspath(v).map_err(|e| {
        if errors::exception_matches(exceptions::type_error()) {
            errors::clear();
            type_error(&format!(
                "{fname}: {arg} should be string, bytes or os.PathLike, not {}",
                type_of(v).name()
            ))
        } else {
            e
        }
    })?;
    let (raw, bytes): (Vec<u8>, bool) = if let Some(s) = downcast::<StrObject>(&p) {
        (s.to_string_lossy().into_bytes(), false)
    } else if let Some(b) = downcast::<BytesObject>(&p) {
        (b.as_bytes().to_vec(), true)
    } else {
        return Err(errors::bad_internal_call());
    };
    let c = CString::new(raw)
        .map_err(|_| errors::set_string(exceptions::value_error(), &format!("{fname}: embedded null character in {arg}")))?;
    Ok(Path { c, bytes, obj: object::new_ref(v) })
}

/// Text of OS bytes as a str (the filesystem encoding is UTF-8 with
/// surrogateescape; rupy decodes lossily).
fn os_str(b: &[u8], as_bytes: bool) -> PyResult<ObjRef> {
    if as_bytes {
        return bytesobject::from_bytes(b).map(into_obj);
    }
    unicodeobject::from_string(String::from_utf8_lossy(b).into_owned()).map(into_obj)
}

fn int(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

fn none() -> PyResult<ObjRef> {
    Ok(object::none())
}

fn fd_arg(v: &PyObject) -> PyResult<i32> {
    let n = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    i32::try_from(n).map_err(|_| errors::set_string(exceptions::overflow_error(), "fd is greater than maximum"))
}

/// Positional and keyword arguments by name.
fn args<'a>(fname: &str, a: &[&'a PyObject], kw: Option<&TupleObject>, names: &[&str], required: usize) -> PyResult<Vec<Option<&'a PyObject>>> {
    let nkw = kw.map_or(0, TupleObject::len);
    let npos = a.len() - nkw;
    if npos > names.len() {
        return Err(type_error(&format!("{fname}() takes at most {} arguments ({npos} given)", names.len())));
    }
    let mut out: Vec<Option<&PyObject>> = vec![None; names.len()];
    for (i, v) in a[..npos].iter().enumerate() {
        out[i] = Some(*v);
    }
    if let Some(k) = kw {
        for (key, v) in k.as_slice().iter().zip(&a[npos..]) {
            let key = object::str_lossy(key);
            let Some(i) = names.iter().position(|n| *n == key) else {
                return Err(type_error(&format!("{fname}() got an unexpected keyword argument '{key}'")));
            };
            out[i] = Some(*v);
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(type_error(&format!("{fname}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    Ok(out)
}

fn flag(v: Option<&PyObject>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => object::is_true(v),
        None => Ok(default),
    }
}

/// `dir_fd` must be None (rupy does not support `*at` calls yet).
fn no_dir_fd(fname: &str, v: Option<&PyObject>) -> PyResult<()> {
    if v.is_some_and(|d| !object::is_none(d)) {
        return Err(errors::set_string(
            exceptions::not_implemented_error(),
            &format!("{fname}: dir_fd unavailable on this platform"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------
// stat.

static STAT_RESULT: StructSeqDesc = StructSeqDesc {
    name: "os.stat_result",
    fields: &[
        "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime",
        "st_atime", "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns", "st_blksize", "st_blocks",
        "st_rdev",
    ],
    n_sequence: 10,
};

/// `_pystat_fromstructstat`.
fn stat_result(st: &libc::stat) -> PyResult<ObjRef> {
    let ns = |s: i64, n: i64| -> PyResult<ObjRef> {
        longobject::from_bigint(num_bigint::BigInt::from(s) * 1_000_000_000 + n)
    };
    let f = |s: i64, n: i64| floatobject::from_f64(s as f64 + n as f64 * 1e-9);
    let vals = [
        int(i64::from(st.st_mode))?,
        longobject::from_bigint(num_bigint::BigInt::from(st.st_ino))?,
        longobject::from_bigint(num_bigint::BigInt::from(st.st_dev))?,
        int(st.st_nlink as i64)?,
        int(i64::from(st.st_uid))?,
        int(i64::from(st.st_gid))?,
        int(st.st_size)?,
        int(st.st_atime)?,
        int(st.st_mtime)?,
        int(st.st_ctime)?,
        f(st.st_atime, st.st_atime_nsec)?,
        f(st.st_mtime, st.st_mtime_nsec)?,
        f(st.st_ctime, st.st_ctime_nsec)?,
        ns(st.st_atime, st.st_atime_nsec)?,
        ns(st.st_mtime, st.st_mtime_nsec)?,
        ns(st.st_ctime, st.st_ctime_nsec)?,
        int(st.st_blksize)?,
        int(st.st_blocks)?,
        longobject::from_bigint(num_bigint::BigInt::from(st.st_rdev))?,
    ];
    structseq::new(&STAT_RESULT, &vals)
}

fn do_stat(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, follow_default: bool) -> PyResult<ObjRef> {
    let a = args(fname, a, kw, &["path", "dir_fd", "follow_symlinks"], 1)?;
    no_dir_fd(fname, a[1])?;
    let follow = flag(a[2], follow_default)?;
    let path = a[0].ok_or_else(errors::bad_internal_call)?;
    // SAFETY: a zeroed stat is a valid out-parameter.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    let rc = if downcast::<longobject::IntObject>(path).is_some() {
        let fd = fd_arg(path)?;
        // SAFETY: fstat writes into `st`.
        rupy::state::allow_threads(|| unsafe { libc::fstat(fd, &mut st) })
    } else {
        let p = path_arg(fname, "path", path)?;
        // SAFETY: a NUL-terminated path and a valid out-parameter.
        rupy::state::allow_threads(|| unsafe {
            if follow { libc::stat(p.c.as_ptr(), &mut st) } else { libc::lstat(p.c.as_ptr(), &mut st) }
        })
    };
    if rc != 0 {
        return Err(last_error(Some(path)));
    }
    stat_result(&st)
}

fn stat(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    do_stat("stat", a, kw, true)
}

fn lstat(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    do_stat("lstat", a, kw, false)
}

fn fstat(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("fstat", a, kw, &["fd"], 1)?;
    let fd = fd_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: a zeroed stat is a valid out-parameter.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: fstat writes into `st`.
    if rupy::state::allow_threads(|| unsafe { libc::fstat(fd, &mut st) }) != 0 {
        return Err(last_error(None));
    }
    stat_result(&st)
}

// ---------------------------------------------------------------------
// Files and directories.

/// Runs a libc call on one path; `-1` is an error about that path.
fn path_call(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, names: &[&str], f: impl FnOnce(&CStr, &[Option<&PyObject>]) -> PyResult<i32>) -> PyResult<ObjRef> {
    let parsed = args(fname, a, kw, names, 1)?;
    let path = parsed[0].ok_or_else(errors::bad_internal_call)?;
    let p = path_arg(fname, "path", path)?;
    if f(&p.c, &parsed)? != 0 {
        return Err(last_error(Some(&p.obj)));
    }
    none()
}

fn mkdir(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    path_call("mkdir", a, kw, &["path", "mode", "dir_fd"], |c, p| {
        no_dir_fd("mkdir", p[2])?;
        let mode = match p[1] {
            Some(m) => r#abstract::as_ssize(m, None)? as libc::mode_t,
            None => 0o777,
        };
        // SAFETY: a NUL-terminated path.
        Ok(rupy::state::allow_threads(|| unsafe { libc::mkdir(c.as_ptr(), mode) }))
    })
}

fn rmdir(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    path_call("rmdir", a, kw, &["path", "dir_fd"], |c, p| {
        no_dir_fd("rmdir", p[1])?;
        // SAFETY: a NUL-terminated path.
        Ok(rupy::state::allow_threads(|| unsafe { libc::rmdir(c.as_ptr()) }))
    })
}

fn unlink(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    path_call("unlink", a, kw, &["path", "dir_fd"], |c, p| {
        no_dir_fd("unlink", p[1])?;
        // SAFETY: a NUL-terminated path.
        Ok(rupy::state::allow_threads(|| unsafe { libc::unlink(c.as_ptr()) }))
    })
}

fn chdir(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    // SAFETY: a NUL-terminated path.
    path_call("chdir", a, kw, &["path"], |c, _| Ok(unsafe { libc::chdir(c.as_ptr()) }))
}

fn chmod(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    path_call("chmod", a, kw, &["path", "mode", "dir_fd", "follow_symlinks"], |c, p| {
        let mode = r#abstract::as_ssize(p[1].ok_or_else(|| type_error("chmod() missing required argument 'mode' (pos 2)"))?, None)?;
        // SAFETY: a NUL-terminated path.
        Ok(unsafe { libc::chmod(c.as_ptr(), mode as libc::mode_t) })
    })
}

/// `_PyTime_ObjectToTimespec(obj, ROUND_FLOOR)`: seconds as an int or a
/// float, split into whole seconds and nanoseconds.
fn object_to_timespec(v: &PyObject) -> PyResult<libc::timespec> {
    if let Some(f) = downcast::<rupy::objects::floatobject::FloatObject>(v) {
        let d = f.value();
        if d.is_nan() {
            return Err(errors::set_string(exceptions::value_error(), "Invalid value NaN (not a number)"));
        }
        let (mut secs, mut frac) = (d.trunc(), (d.fract() * 1e9).floor());
        if frac >= 1e9 {
            frac -= 1e9;
            secs += 1.0;
        } else if frac < 0.0 {
            frac += 1e9;
            secs -= 1.0;
        }
        if !(-9.2e18..9.2e18).contains(&secs) {
            return Err(errors::set_string(exceptions::overflow_error(), "timestamp out of range for platform time_t"));
        }
        return Ok(libc::timespec { tv_sec: secs as libc::time_t, tv_nsec: frac as libc::c_long });
    }
    let secs = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    Ok(libc::timespec { tv_sec: secs as libc::time_t, tv_nsec: 0 })
}

/// A nanosecond count as a timespec (`split_py_long_to_s_and_ns`).
fn ns_to_timespec(v: &PyObject) -> PyResult<libc::timespec> {
    let ns = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))? as i64;
    Ok(libc::timespec { tv_sec: ns.div_euclid(1_000_000_000) as libc::time_t, tv_nsec: ns.rem_euclid(1_000_000_000) as libc::c_long })
}

/// The two items of a 2-tuple, else None.
fn pair(v: &PyObject) -> Option<[&PyObject; 2]> {
    match downcast::<TupleObject>(v)?.as_slice() {
        [a, b] => Some([a, b]),
        _ => None,
    }
}

/// `utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True)`
/// (`os_utime_impl` with `utimensat`).
fn utime(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    path_call("utime", a, kw, &["path", "times", "ns", "dir_fd", "follow_symlinks"], |c, p| {
        no_dir_fd("utime", p[3])?;
        let times = p[1].filter(|t| !object::is_none(t));
        let now = libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW };
        let ts = match (times, p[2]) {
            (Some(_), Some(_)) => {
                return Err(errors::set_string(
                    exceptions::value_error(),
                    "utime: you may specify either 'times' or 'ns' but not both",
                ));
            }
            (Some(t), None) => {
                let [at, mt] = pair(t).ok_or_else(|| type_error("utime: 'times' must be either a tuple of two ints or None"))?;
                [object_to_timespec(at)?, object_to_timespec(mt)?]
            }
            (None, Some(n)) => {
                let [at, mt] = pair(n).ok_or_else(|| type_error("utime: 'ns' must be a tuple of two ints"))?;
                [ns_to_timespec(at)?, ns_to_timespec(mt)?]
            }
            (None, None) => [now, now],
        };
        let flags = if flag(p[4], true)? { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: a NUL-terminated path and two initialized timespecs.
        Ok(rupy::state::allow_threads(|| unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), ts.as_ptr(), flags) }))
    })
}

/// `rename(src, dst)` / `replace(src, dst)`.
fn rename(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("rename", a, kw, &["src", "dst", "src_dir_fd", "dst_dir_fd"], 2)?;
    let (src, dst) = (p[0].ok_or_else(errors::bad_internal_call)?, p[1].ok_or_else(errors::bad_internal_call)?);
    let s = path_arg("rename", "src", src)?;
    let d = path_arg("rename", "dst", dst)?;
    // SAFETY: NUL-terminated paths.
    if rupy::state::allow_threads(|| unsafe { libc::rename(s.c.as_ptr(), d.c.as_ptr()) }) != 0 {
        return Err(os_error(errno(), Some(src), Some(dst)));
    }
    none()
}

fn symlink(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("symlink", a, kw, &["src", "dst", "target_is_directory", "dir_fd"], 2)?;
    let (src, dst) = (p[0].ok_or_else(errors::bad_internal_call)?, p[1].ok_or_else(errors::bad_internal_call)?);
    let s = path_arg("symlink", "src", src)?;
    let d = path_arg("symlink", "dst", dst)?;
    // SAFETY: NUL-terminated paths.
    if unsafe { libc::symlink(s.c.as_ptr(), d.c.as_ptr()) } != 0 {
        return Err(os_error(errno(), Some(src), Some(dst)));
    }
    none()
}

fn link(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("link", a, kw, &["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"], 2)?;
    let (src, dst) = (p[0].ok_or_else(errors::bad_internal_call)?, p[1].ok_or_else(errors::bad_internal_call)?);
    let s = path_arg("link", "src", src)?;
    let d = path_arg("link", "dst", dst)?;
    // SAFETY: NUL-terminated paths.
    if unsafe { libc::link(s.c.as_ptr(), d.c.as_ptr()) } != 0 {
        return Err(os_error(errno(), Some(src), Some(dst)));
    }
    none()
}

fn readlink(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("readlink", a, kw, &["path", "dir_fd"], 1)?;
    let path = p[0].ok_or_else(errors::bad_internal_call)?;
    let pa = path_arg("readlink", "path", path)?;
    let mut buf = vec![0u8; 4096];
    // SAFETY: a NUL-terminated path and a buffer of the given length.
    let n = unsafe { libc::readlink(pa.c.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        return Err(last_error(Some(path)));
    }
    os_str(&buf[..n as usize], pa.bytes)
}

fn access(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("access", a, kw, &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"], 2)?;
    let pa = path_arg("access", "path", p[0].ok_or_else(errors::bad_internal_call)?)?;
    let mode = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)?;
    // SAFETY: a NUL-terminated path.
    let ok = unsafe { libc::access(pa.c.as_ptr(), mode as i32) } == 0;
    Ok(rupy::objects::boolobject::from_bool(ok))
}

fn getcwd(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    args("getcwd", a, kw, &[], 0)?;
    match std::env::current_dir() {
        Ok(p) => os_str(p.as_os_str().as_encoded_bytes(), false),
        Err(e) => Err(os_error(e.raw_os_error().unwrap_or(0), None, None)),
    }
}

fn getcwdb(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    args("getcwdb", a, kw, &[], 0)?;
    match std::env::current_dir() {
        Ok(p) => os_str(p.as_os_str().as_encoded_bytes(), true),
        Err(e) => Err(os_error(e.raw_os_error().unwrap_or(0), None, None)),
    }
}

/// The entries of a directory, without `.` and `..`, as bytes.
fn read_dir(path: &CStr) -> Result<Vec<(Vec<u8>, u8, u64)>, i32> {
    // SAFETY: a NUL-terminated path.
    let dir = unsafe { libc::opendir(path.as_ptr()) };
    if dir.is_null() {
        return Err(errno());
    }
    let mut out = Vec::new();
    loop {
        // SAFETY: `dir` is open; readdir returns null at the end.
        let ent = unsafe { libc::readdir(dir) };
        if ent.is_null() {
            break;
        }
        // SAFETY: a valid dirent with a NUL-terminated name.
        let (name, ty, ino) = unsafe { (CStr::from_ptr((*ent).d_name.as_ptr()).to_bytes().to_vec(), (*ent).d_type, (*ent).d_ino) };
        if name != b"." && name != b".." {
            out.push((name, ty, ino));
        }
    }
    // SAFETY: opened above.
    unsafe { libc::closedir(dir) };
    Ok(out)
}

fn listdir(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("listdir", a, kw, &["path"], 0)?;
    let dot = unicodeobject::from_str(".")?;
    let path = p[0].filter(|v| !object::is_none(v)).unwrap_or(as_obj(&*dot));
    let pa = path_arg("listdir", "path", path)?;
    let entries = rupy::state::allow_threads(|| read_dir(&pa.c)).map_err(|e| os_error(e, Some(path), None))?;
    let list = ListObject::new()?;
    for (name, _, _) in entries {
        list.append(&*os_str(&name, pa.bytes)?)?;
    }
    Ok(into_obj(list))
}

// ---------------------------------------------------------------------
// scandir and DirEntry.

mod direntry;
pub use direntry::{DIR_ENTRY_TYPE, SCANDIR_ITER_TYPE};

fn scandir(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("scandir", a, kw, &["path"], 0)?;
    let dot = unicodeobject::from_str(".")?;
    let path = p[0].filter(|v| !object::is_none(v)).unwrap_or(as_obj(&*dot));
    let pa = path_arg("scandir", "path", path)?;
    let entries = rupy::state::allow_threads(|| read_dir(&pa.c)).map_err(|e| os_error(e, Some(path), None))?;
    let base = fspath(path)?;
    direntry::new_iterator(&base, pa.bytes, entries)
}

// ---------------------------------------------------------------------
// File descriptors.

fn open(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("open", a, kw, &["path", "flags", "mode", "dir_fd"], 2)?;
    no_dir_fd("open", p[3])?;
    let path = p[0].ok_or_else(errors::bad_internal_call)?;
    let pa = path_arg("open", "path", path)?;
    let flags = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)? as i32 | libc::O_CLOEXEC;
    let mode = match p[2] {
        Some(m) => r#abstract::as_ssize(m, None)? as libc::c_uint,
        None => 0o777,
    };
    // SAFETY: a NUL-terminated path.
    let fd = rupy::state::allow_threads(|| unsafe { libc::open(pa.c.as_ptr(), flags, mode) });
    if fd < 0 {
        return Err(last_error(Some(path)));
    }
    int(i64::from(fd))
}

fn close(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("close", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: closing a descriptor number is memory-safe.
    if unsafe { libc::close(fd) } != 0 {
        return Err(last_error(None));
    }
    none()
}

fn read(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("read", a, kw, &["fd", "length"], 2)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let n = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)?;
    if n < 0 {
        return Err(errors::set_string(exceptions::value_error(), "negative length"));
    }
    let mut buf = vec![0u8; n as usize];
    // SAFETY: a buffer of `n` bytes.
    let got = rupy::state::allow_threads(|| unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) });
    if got < 0 {
        return Err(last_error(None));
    }
    bytesobject::from_bytes(&buf[..got as usize]).map(into_obj)
}

fn write(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("write", a, kw, &["fd", "data"], 2)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let data = p[1].ok_or_else(errors::bad_internal_call)?;
    let Some(b) = rupy::objects::bytesobject::bytes_like(data) else {
        return Err(type_error(&format!("a bytes-like object is required, not '{}'", type_of(data).name())));
    };
    let b = b.into_owned();
    // SAFETY: a buffer of its own length.
    let n = rupy::state::allow_threads(|| unsafe { libc::write(fd, b.as_ptr().cast(), b.len()) });
    if n < 0 {
        return Err(last_error(None));
    }
    int(n as i64)
}

fn lseek(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("lseek", a, kw, &["fd", "position", "whence"], 3)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let pos = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)?;
    let how = r#abstract::as_ssize(p[2].ok_or_else(errors::bad_internal_call)?, None)? as i32;
    // SAFETY: lseek on a descriptor number is memory-safe.
    let r = unsafe { libc::lseek(fd, pos as libc::off_t, how) };
    if r < 0 {
        return Err(last_error(None));
    }
    int(r)
}

fn isatty(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("isatty", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: isatty on a descriptor number is memory-safe.
    Ok(rupy::objects::boolobject::from_bool(unsafe { libc::isatty(fd) } == 1))
}

fn pipe(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    args("pipe", a, kw, &[], 0)?;
    let mut fds = [0i32; 2];
    // SAFETY: an array of two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(last_error(None));
    }
    let (r, w) = (int(i64::from(fds[0]))?, int(i64::from(fds[1]))?);
    tupleobject::from_slice(&[&*r, &*w]).map(into_obj)
}

fn dup(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("dup", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: fcntl on a descriptor number is memory-safe.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(last_error(None));
    }
    int(i64::from(r))
}

fn dup2(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("dup2", a, kw, &["fd", "fd2", "inheritable"], 2)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let fd2 = fd_arg(p[1].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: dup2 on descriptor numbers is memory-safe.
    if unsafe { libc::dup2(fd, fd2) } < 0 {
        return Err(last_error(None));
    }
    int(i64::from(fd2))
}

fn fsync(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("fsync", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: fsync on a descriptor number is memory-safe.
    if rupy::state::allow_threads(|| unsafe { libc::fsync(fd) }) != 0 {
        return Err(last_error(None));
    }
    none()
}

fn ftruncate(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("ftruncate", a, kw, &["fd", "length"], 2)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let len = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)?;
    // SAFETY: ftruncate on a descriptor number is memory-safe.
    if unsafe { libc::ftruncate(fd, len as libc::off_t) } != 0 {
        return Err(last_error(None));
    }
    none()
}

fn get_blocking(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("get_blocking", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: fcntl on a descriptor number is memory-safe.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if fl < 0 {
        return Err(last_error(None));
    }
    Ok(rupy::objects::boolobject::from_bool(fl & libc::O_NONBLOCK == 0))
}

fn set_blocking(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("set_blocking", a, kw, &["fd", "blocking"], 2)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let blocking = flag(p[1], true)?;
    // SAFETY: fcntl on a descriptor number is memory-safe.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        if fl < 0 {
            return Err(last_error(None));
        }
        let nfl = if blocking { fl & !libc::O_NONBLOCK } else { fl | libc::O_NONBLOCK };
        if libc::fcntl(fd, libc::F_SETFL, nfl) < 0 {
            return Err(last_error(None));
        }
    }
    none()
}

fn get_inheritable(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("get_inheritable", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: fcntl on a descriptor number is memory-safe.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if fl < 0 {
        return Err(last_error(None));
    }
    Ok(rupy::objects::boolobject::from_bool(fl & libc::FD_CLOEXEC == 0))
}

fn set_inheritable(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("set_inheritable", a, kw, &["fd", "inheritable"], 2)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    let inh = flag(p[1], false)?;
    // SAFETY: fcntl on a descriptor number is memory-safe.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFD);
        if fl < 0 {
            return Err(last_error(None));
        }
        let nfl = if inh { fl & !libc::FD_CLOEXEC } else { fl | libc::FD_CLOEXEC };
        if libc::fcntl(fd, libc::F_SETFD, nfl) < 0 {
            return Err(last_error(None));
        }
    }
    none()
}

// ---------------------------------------------------------------------
// Processes and the system.

macro_rules! id_fn {
    ($($name:ident => $call:expr;)*) => {$(
        fn $name(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            args(stringify!($name), a, kw, &[], 0)?;
            // SAFETY: these libc queries take no arguments and cannot fail.
            int(unsafe { $call } as i64)
        }
    )*};
}

id_fn! {
    getpid => libc::getpid();
    getppid => libc::getppid();
    getuid => libc::getuid();
    geteuid => libc::geteuid();
    getgid => libc::getgid();
    getegid => libc::getegid();
    getpgrp => libc::getpgrp();
}

fn umask(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("umask", a, kw, &["mask"], 1)?;
    let m = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)?;
    // SAFETY: umask cannot fail.
    int(i64::from(unsafe { libc::umask(m as libc::mode_t) }))
}

fn exit_now(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("_exit", a, kw, &["status"], 1)?;
    let code = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)?;
    // SAFETY: ends the process without running any handler, as `_exit` does.
    unsafe { libc::_exit(code as i32) }
}

fn kill(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("kill", a, kw, &["pid", "signal"], 2)?;
    let pid = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)?;
    let sig = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)?;
    // SAFETY: kill takes plain integers.
    if unsafe { libc::kill(pid as libc::pid_t, sig as i32) } != 0 {
        return Err(last_error(None));
    }
    none()
}

fn strerror_fn(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("strerror", a, kw, &["code"], 1)?;
    let code = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)?;
    unicodeobject::from_string(strerror(code as i32)).map(into_obj)
}

fn urandom(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("urandom", a, kw, &["size"], 1)?;
    let n = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)?;
    if n < 0 {
        return Err(errors::set_string(exceptions::value_error(), "negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: writes into the unfilled part of `buf`.
        let r = unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if r < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(None));
        }
        filled += r as usize;
    }
    bytesobject::from_bytes(&buf).map(into_obj)
}

fn cpu_count(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    args("cpu_count", a, kw, &[], 0)?;
    match std::thread::available_parallelism() {
        Ok(n) => int(n.get() as i64),
        Err(_) => none(),
    }
}

static UNAME_RESULT: StructSeqDesc = StructSeqDesc {
    name: "posix.uname_result",
    fields: &["sysname", "nodename", "release", "version", "machine"],
    n_sequence: 0,
};

fn uname(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    args("uname", a, kw, &[], 0)?;
    // SAFETY: a zeroed utsname is a valid out-parameter.
    let mut u: libc::utsname = unsafe { core::mem::zeroed() };
    // SAFETY: uname fills `u`.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(last_error(None));
    }
    let field = |f: &[libc::c_char]| -> PyResult<ObjRef> {
        // SAFETY: uname's fields are NUL-terminated.
        let s = unsafe { CStr::from_ptr(f.as_ptr()) };
        os_str(s.to_bytes(), false)
    };
    let vals = [field(&u.sysname)?, field(&u.nodename)?, field(&u.release)?, field(&u.version)?, field(&u.machine)?];
    structseq::new(&UNAME_RESULT, &vals)
}

static TIMES_RESULT: StructSeqDesc = StructSeqDesc {
    name: "posix.times_result",
    fields: &["user", "system", "children_user", "children_system", "elapsed"],
    n_sequence: 0,
};

fn times(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    args("times", a, kw, &[], 0)?;
    // SAFETY: a zeroed tms is a valid out-parameter.
    let mut t: libc::tms = unsafe { core::mem::zeroed() };
    // SAFETY: times fills `t`.
    let c = unsafe { libc::times(&mut t) };
    // SAFETY: sysconf takes a constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let f = |v: libc::clock_t| floatobject::from_f64(v as f64 / hz);
    let vals = [f(t.tms_utime)?, f(t.tms_stime)?, f(t.tms_cutime)?, f(t.tms_cstime)?, f(c)?];
    structseq::new(&TIMES_RESULT, &vals)
}

static TERMINAL_SIZE: StructSeqDesc = StructSeqDesc { name: "os.terminal_size", fields: &["columns", "lines"], n_sequence: 0 };

fn get_terminal_size(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("get_terminal_size", a, kw, &["fd"], 0)?;
    let fd = match p[0] {
        Some(f) => fd_arg(f)?,
        None => 1,
    };
    // SAFETY: a zeroed winsize is a valid out-parameter.
    let mut w: libc::winsize = unsafe { core::mem::zeroed() };
    // SAFETY: TIOCGWINSZ fills `w`.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) } != 0 {
        return Err(last_error(None));
    }
    structseq::new(&TERMINAL_SIZE, &[int(i64::from(w.ws_col))?, int(i64::from(w.ws_row))?])
}

/// `os.terminal_size(sequence)`: struct sequences share one type here,
/// so the constructor is a function (docs/quirks.md).
fn terminal_size(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("terminal_size", a, kw, &["sequence"], 1)?;
    let items = rupy::objects::r#abstract::collect(p[0].ok_or_else(errors::bad_internal_call)?)?;
    if items.len() != 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("os.terminal_size() takes a 2-sequence ({}-sequence given)", items.len()),
        ));
    }
    structseq::new(&TERMINAL_SIZE, &items)
}

fn waitpid(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("waitpid", a, kw, &["pid", "options"], 2)?;
    let pid = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)?;
    let opts = r#abstract::as_ssize(p[1].ok_or_else(errors::bad_internal_call)?, None)?;
    let mut status = 0;
    // SAFETY: waitpid writes the status.
    let r = rupy::state::allow_threads(|| unsafe { libc::waitpid(pid as libc::pid_t, &mut status, opts as i32) });
    if r < 0 {
        return Err(last_error(None));
    }
    let (a1, a2) = (int(i64::from(r))?, int(i64::from(status))?);
    tupleobject::from_slice(&[&*a1, &*a2]).map(into_obj)
}

fn waitstatus_to_exitcode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("waitstatus_to_exitcode", a, kw, &["status"], 1)?;
    let st = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, None)? as i32;
    if libc::WIFEXITED(st) {
        return int(i64::from(libc::WEXITSTATUS(st)));
    }
    if libc::WIFSIGNALED(st) {
        return int(-i64::from(libc::WTERMSIG(st)));
    }
    Err(errors::set_string(exceptions::value_error(), &format!("invalid wait status: {st}")))
}

/// The wait-status macros (`os.WIFEXITED(status)` and the rest).
macro_rules! wait_macros {
    ($($fname:ident, $name:literal, $mac:ident, $conv:expr;)*) => {$(
        fn $fname(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            let p = args($name, a, kw, &["status"], 1)?;
            let st = r#abstract::as_ssize(p[0].ok_or_else(errors::bad_internal_call)?, Some(exceptions::overflow_error()))? as i32;
            #[allow(clippy::redundant_closure_call)]
            ($conv)(libc::$mac(st))
        }
    )*};
}

wait_macros! {
    wifexited, "WIFEXITED", WIFEXITED, |b: bool| Ok(rupy::objects::boolobject::from_bool(b));
    wifsignaled, "WIFSIGNALED", WIFSIGNALED, |b: bool| Ok(rupy::objects::boolobject::from_bool(b));
    wifstopped, "WIFSTOPPED", WIFSTOPPED, |b: bool| Ok(rupy::objects::boolobject::from_bool(b));
    wifcontinued, "WIFCONTINUED", WIFCONTINUED, |b: bool| Ok(rupy::objects::boolobject::from_bool(b));
    wcoredump, "WCOREDUMP", WCOREDUMP, |b: bool| Ok(rupy::objects::boolobject::from_bool(b));
    wexitstatus, "WEXITSTATUS", WEXITSTATUS, |n: i32| int(i64::from(n));
    wtermsig, "WTERMSIG", WTERMSIG, |n: i32| int(i64::from(n));
    wstopsig, "WSTOPSIG", WSTOPSIG, |n: i32| int(i64::from(n));
}

fn device_encoding(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("device_encoding", a, kw, &["fd"], 1)?;
    let fd = fd_arg(p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: isatty on a descriptor number is memory-safe.
    if unsafe { libc::isatty(fd) } == 1 {
        return unicodeobject::from_str("UTF-8").map(into_obj);
    }
    none()
}

fn putenv(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("putenv", a, kw, &["name", "value"], 2)?;
    let n = path_arg("putenv", "name", p[0].ok_or_else(errors::bad_internal_call)?)?;
    let v = path_arg("putenv", "value", p[1].ok_or_else(errors::bad_internal_call)?)?;
    if n.c.as_bytes().is_empty() || n.c.as_bytes().contains(&b'=') {
        return Err(errors::set_string(exceptions::value_error(), "illegal environment variable name"));
    }
    // SAFETY: NUL-terminated strings; setenv copies them.
    if unsafe { libc::setenv(n.c.as_ptr(), v.c.as_ptr(), 1) } != 0 {
        return Err(last_error(None));
    }
    none()
}

fn unsetenv(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("unsetenv", a, kw, &["name"], 1)?;
    let n = path_arg("unsetenv", "name", p[0].ok_or_else(errors::bad_internal_call)?)?;
    // SAFETY: a NUL-terminated string.
    if unsafe { libc::unsetenv(n.c.as_ptr()) } != 0 {
        return Err(last_error(None));
    }
    none()
}

fn fspath_fn(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = args("fspath", a, kw, &["path"], 1)?;
    fspath(p[0].ok_or_else(errors::bad_internal_call)?)
}

/// `os.environ`'s source: the process environment with bytes keys and
/// values (`convertenviron`).
fn environ() -> PyResult<ObjRef> {
    let d = DictObject::new()?;
    for (k, v) in std::env::vars_os() {
        let k = bytesobject::from_bytes(k.as_encoded_bytes())?;
        let v = bytesobject::from_bytes(v.as_encoded_bytes())?;
        d.set_item(as_obj(&*k), as_obj(&*v))?;
    }
    Ok(into_obj(d))
}

static FUNCTIONS: [BuiltinDef; 63] = [
    BuiltinDef { name: "stat", func: stat },
    BuiltinDef { name: "lstat", func: lstat },
    BuiltinDef { name: "fstat", func: fstat },
    BuiltinDef { name: "mkdir", func: mkdir },
    BuiltinDef { name: "rmdir", func: rmdir },
    BuiltinDef { name: "unlink", func: unlink },
    BuiltinDef { name: "remove", func: unlink },
    BuiltinDef { name: "chdir", func: chdir },
    BuiltinDef { name: "chmod", func: chmod },
    BuiltinDef { name: "utime", func: utime },
    BuiltinDef { name: "rename", func: rename },
    BuiltinDef { name: "replace", func: rename },
    BuiltinDef { name: "symlink", func: symlink },
    BuiltinDef { name: "link", func: link },
    BuiltinDef { name: "readlink", func: readlink },
    BuiltinDef { name: "access", func: access },
    BuiltinDef { name: "getcwd", func: getcwd },
    BuiltinDef { name: "getcwdb", func: getcwdb },
    BuiltinDef { name: "listdir", func: listdir },
    BuiltinDef { name: "scandir", func: scandir },
    BuiltinDef { name: "open", func: open },
    BuiltinDef { name: "close", func: close },
    BuiltinDef { name: "read", func: read },
    BuiltinDef { name: "write", func: write },
    BuiltinDef { name: "lseek", func: lseek },
    BuiltinDef { name: "isatty", func: isatty },
    BuiltinDef { name: "pipe", func: pipe },
    BuiltinDef { name: "dup", func: dup },
    BuiltinDef { name: "dup2", func: dup2 },
    BuiltinDef { name: "fsync", func: fsync },
    BuiltinDef { name: "ftruncate", func: ftruncate },
    BuiltinDef { name: "get_blocking", func: get_blocking },
    BuiltinDef { name: "set_blocking", func: set_blocking },
    BuiltinDef { name: "get_inheritable", func: get_inheritable },
    BuiltinDef { name: "set_inheritable", func: set_inheritable },
    BuiltinDef { name: "getpid", func: getpid },
    BuiltinDef { name: "getppid", func: getppid },
    BuiltinDef { name: "getuid", func: getuid },
    BuiltinDef { name: "geteuid", func: geteuid },
    BuiltinDef { name: "getgid", func: getgid },
    BuiltinDef { name: "getegid", func: getegid },
    BuiltinDef { name: "getpgrp", func: getpgrp },
    BuiltinDef { name: "umask", func: umask },
    BuiltinDef { name: "_exit", func: exit_now },
    BuiltinDef { name: "kill", func: kill },
    BuiltinDef { name: "strerror", func: strerror_fn },
    BuiltinDef { name: "urandom", func: urandom },
    BuiltinDef { name: "cpu_count", func: cpu_count },
    BuiltinDef { name: "uname", func: uname },
    BuiltinDef { name: "times", func: times },
    BuiltinDef { name: "get_terminal_size", func: get_terminal_size },
    BuiltinDef { name: "terminal_size", func: terminal_size },
    BuiltinDef { name: "waitpid", func: waitpid },
    BuiltinDef { name: "waitstatus_to_exitcode", func: waitstatus_to_exitcode },
    BuiltinDef { name: "WIFEXITED", func: wifexited },
    BuiltinDef { name: "WIFSIGNALED", func: wifsignaled },
    BuiltinDef { name: "WIFSTOPPED", func: wifstopped },
    BuiltinDef { name: "WIFCONTINUED", func: wifcontinued },
    BuiltinDef { name: "WCOREDUMP", func: wcoredump },
    BuiltinDef { name: "WEXITSTATUS", func: wexitstatus },
    BuiltinDef { name: "WTERMSIG", func: wtermsig },
    BuiltinDef { name: "WSTOPSIG", func: wstopsig },
    BuiltinDef { name: "device_encoding", func: device_encoding },
];

static ENV_FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef { name: "putenv", func: putenv },
    BuiltinDef { name: "unsetenv", func: unsetenv },
    BuiltinDef { name: "fspath", func: fspath_fn },
];

/// `posixmodule_exec`: the functions, `environ`, `error`, the constants
/// and `_have_functions`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("posix")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_functions(&ENV_FUNCTIONS)?;
    m.add_object("environ", &*environ()?)?;
    m.add_object("error", as_obj(exceptions::os_error()))?;
    for t in [&DIR_ENTRY_TYPE, &SCANDIR_ITER_TYPE] {
        t.ready()?;
    }
    m.add_object("DirEntry", as_obj(&DIR_ENTRY_TYPE))?;
    let consts: [(&str, i64); 37] = [
        ("F_OK", i64::from(libc::F_OK)),
        ("R_OK", i64::from(libc::R_OK)),
        ("W_OK", i64::from(libc::W_OK)),
        ("X_OK", i64::from(libc::X_OK)),
        ("O_RDONLY", i64::from(libc::O_RDONLY)),
        ("O_WRONLY", i64::from(libc::O_WRONLY)),
        ("O_RDWR", i64::from(libc::O_RDWR)),
        ("O_APPEND", i64::from(libc::O_APPEND)),
        ("O_CREAT", i64::from(libc::O_CREAT)),
        ("O_EXCL", i64::from(libc::O_EXCL)),
        ("O_TRUNC", i64::from(libc::O_TRUNC)),
        ("O_NONBLOCK", i64::from(libc::O_NONBLOCK)),
        ("O_NDELAY", i64::from(libc::O_NDELAY)),
        ("O_SYNC", i64::from(libc::O_SYNC)),
        ("O_DSYNC", i64::from(libc::O_DSYNC)),
        ("O_NOCTTY", i64::from(libc::O_NOCTTY)),
        ("O_CLOEXEC", i64::from(libc::O_CLOEXEC)),
        ("O_DIRECTORY", i64::from(libc::O_DIRECTORY)),
        ("O_NOFOLLOW", i64::from(libc::O_NOFOLLOW)),
        ("O_ACCMODE", i64::from(libc::O_ACCMODE)),
        ("O_TMPFILE", i64::from(libc::O_TMPFILE)),
        ("SEEK_SET", i64::from(libc::SEEK_SET)),
        ("SEEK_CUR", i64::from(libc::SEEK_CUR)),
        ("SEEK_END", i64::from(libc::SEEK_END)),
        ("WNOHANG", i64::from(libc::WNOHANG)),
        ("WUNTRACED", i64::from(libc::WUNTRACED)),
        ("EX_OK", 0),
        ("F_LOCK", i64::from(libc::F_LOCK)),
        ("F_TLOCK", i64::from(libc::F_TLOCK)),
        ("F_ULOCK", i64::from(libc::F_ULOCK)),
        ("F_TEST", i64::from(libc::F_TEST)),
        ("P_PID", i64::from(libc::P_PID)),
        ("P_ALL", i64::from(libc::P_ALL)),
        ("NGROUPS_MAX", 65536),
        ("TMP_MAX", 238328),
        ("SCHED_OTHER", i64::from(libc::SCHED_OTHER)),
        ("PRIO_PROCESS", i64::from(libc::PRIO_PROCESS)),
    ];
    for (name, v) in consts {
        m.add_object(name, &*int(v)?)?;
    }
    let have = ListObject::new()?;
    for h in ["HAVE_FSTATAT", "HAVE_LSTAT", "HAVE_FCHMOD"] {
        have.append(as_obj(&*unicodeobject::from_str(h)?))?;
    }
    m.add_object("_have_functions", as_obj(&*have))?;
    m.add_object("stat_result", as_obj(structseq::type_for(&STAT_RESULT)?))?;
    Ok(into_obj(m))
}
