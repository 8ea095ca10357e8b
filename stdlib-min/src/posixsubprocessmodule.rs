//! The `_posixsubprocess` module, ported from Modules/_posixsubprocess.c:
//! `fork_exec`, the fork-and-exec step of `subprocess.Popen`. Everything
//! the child needs (argv, environment, paths, descriptor lists) is
//! converted before `fork`, so the child only makes async-signal-safe
//! system calls (plus `preexec_fn`, as in CPython). A failure before or
//! at exec is reported to the parent on the error pipe as
//! `OSError:<hex errno>:[noexec[:chdir]]`, which Lib's subprocess reads.

use std::ffi::CString;

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject;
use rupy::objects::exceptions;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject::StrObject;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `os.fsencode` of a str, bytes or path-like argument, as a C string.
fn fs_cstring(v: &PyObject) -> PyResult<CString> {
    let bytes: Vec<u8> = if let Some(s) = downcast::<StrObject>(v) {
        // Lone surrogates from surrogateescape map back to raw bytes.
        let mut out = Vec::new();
        for c in s.data().iter() {
            if (0xdc80..0xdd00).contains(&c) {
                out.push((c - 0xdc00) as u8);
            } else if let Some(ch) = char::from_u32(c) {
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        out
    } else if let Some(b) = bytesobject::bytes_like(v) {
        b.into_owned()
    } else if let Ok(f) = object::get_attr_str(v, "__fspath__") {
        return fs_cstring(&*object::call(&f, &[])?);
    } else {
        errors::clear();
        return Err(type_error(&format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_of(v).name()
        )));
    };
    CString::new(bytes).map_err(|_| errors::set_string(exceptions::value_error(), "embedded null byte"))
}

fn fs_list(v: &PyObject) -> PyResult<Vec<CString>> {
    r#abstract::collect(v)?.iter().map(|o| fs_cstring(o)).collect()
}

fn int_arg(v: &PyObject) -> PyResult<i64> {
    Ok(r#abstract::as_ssize(v, Some(exceptions::overflow_error()))? as i64)
}

fn opt_int(v: &PyObject) -> PyResult<Option<i64>> {
    if object::is_none(v) { Ok(None) } else { int_arg(v).map(Some) }
}

/// A null-terminated pointer array over C strings.
fn ptr_array(v: &[CString]) -> Vec<*const libc::c_char> {
    v.iter().map(|c| c.as_ptr()).chain(core::iter::once(core::ptr::null())).collect()
}

/// Writes `OSError:<hex errno>:<suffix>` to the error pipe (child side,
/// no allocation).
fn report(fd: i32, errno: i32, suffix: &[u8]) {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for &b in b"OSError:" {
        buf[n] = b;
        n += 1;
    }
    let mut hex = [0u8; 8];
    let mut h = hex.len();
    let mut e = errno as u32;
    while e != 0 && h > 0 {
        h -= 1;
        hex[h] = b"0123456789abcdef"[(e % 16) as usize];
        e /= 16;
    }
    for &b in &hex[h..] {
        buf[n] = b;
        n += 1;
    }
    buf[n] = b':';
    n += 1;
    for &b in suffix.iter().take(buf.len() - n) {
        buf[n] = b;
        n += 1;
    }
    // SAFETY: write(2) from a stack buffer.
    unsafe { libc::write(fd, buf.as_ptr().cast(), n) };
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Clears FD_CLOEXEC (`_Py_set_inheritable_async_safe`).
fn set_inheritable(fd: i32) -> bool {
    // SAFETY: fcntl on a descriptor number.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFD);
        fl >= 0 && libc::fcntl(fd, libc::F_SETFD, fl & !libc::FD_CLOEXEC) >= 0
    }
}

struct Child<'a> {
    argv: &'a [*const libc::c_char],
    exes: &'a [CString],
    envp: Option<&'a [*const libc::c_char]>,
    cwd: Option<&'a CString>,
    close_fds: bool,
    keep: &'a [i32],
    fds: [i32; 8],
    restore_signals: bool,
    new_session: bool,
    pgid: Option<i64>,
    umask: i64,
    preexec: Option<&'a PyObject>,
}

/// `child_exec`: runs in the forked child; never returns.
fn child_exec(c: &Child<'_>) -> ! {
    let [p2cread, p2cwrite, c2pread, mut c2pwrite, errread, mut errwrite, errpipe_read, errpipe_write] = c.fds;
    let fail = |e: i32, suffix: &[u8]| -> ! {
        report(errpipe_write, e, suffix);
        // SAFETY: leaving the child without running atexit handlers.
        unsafe { libc::_exit(255) }
    };
    // SAFETY: descriptor and process calls of the child, async-signal-safe.
    unsafe {
        for fd in [p2cwrite, c2pread, errread, errpipe_read] {
            if fd != -1 {
                libc::close(fd);
            }
        }
        // Keep the pipes off 0-2 while moving them there.
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
            if c2pwrite < 0 {
                fail(errno(), b"noexec");
            }
        }
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
            if errwrite < 0 {
                fail(errno(), b"noexec");
            }
        }
        for (src, dst) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
            if src == dst {
                if !set_inheritable(src) {
                    fail(errno(), b"noexec");
                }
            } else if src != -1 && libc::dup2(src, dst) < 0 {
                fail(errno(), b"noexec");
            }
        }
        if let Some(cwd) = c.cwd {
            if libc::chdir(cwd.as_ptr()) < 0 {
                fail(errno(), b"noexec:chdir");
            }
        }
        if c.umask >= 0 {
            libc::umask(c.umask as libc::mode_t);
        }
        if c.restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        if c.new_session && libc::setsid() < 0 {
            fail(errno(), b"noexec");
        }
        if let Some(pg) = c.pgid {
            if libc::setpgid(0, pg as libc::pid_t) < 0 {
                fail(errno(), b"noexec");
            }
        }
        if let Some(f) = c.preexec {
            if object::call(f, &[]).is_err() {
                let msg = b"SubprocessError:0:Exception occurred in preexec_fn.";
                libc::write(errpipe_write, msg.as_ptr().cast(), msg.len());
                libc::_exit(255);
            }
        }
        for &fd in c.keep {
            if fd != errpipe_write && !set_inheritable(fd) {
                fail(errno(), b"noexec");
            }
        }
        if c.close_fds {
            // Close 3.. except the kept descriptors (sorted ascending).
            let mut lo: u32 = 3;
            for &k in c.keep {
                if k < 3 {
                    continue;
                }
                if (k as u32) > lo {
                    libc::syscall(libc::SYS_close_range, lo, k as u32 - 1, 0);
                }
                lo = k as u32 + 1;
            }
            libc::syscall(libc::SYS_close_range, lo, u32::MAX, 0);
        }
        let mut saved = 0;
        for exe in c.exes {
            match c.envp {
                Some(env) => libc::execve(exe.as_ptr(), c.argv.as_ptr(), env.as_ptr()),
                None => libc::execv(exe.as_ptr(), c.argv.as_ptr()),
            };
            let e = errno();
            if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
                saved = e;
            }
        }
        fail(if saved != 0 { saved } else { errno() }, b"");
    }
}

/// `subprocess_fork_exec`.
fn fork_exec(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error("fork_exec() takes no keyword arguments"));
    }
    if args.len() != 22 {
        return Err(type_error(&format!("fork_exec expected 22 arguments, got {}", args.len())));
    }
    let argv_c = if object::is_none(args[0]) { Vec::new() } else { fs_list(args[0])? };
    let exes = fs_list(args[1])?;
    let close_fds = object::is_true(args[2])?;
    let keep: Vec<i32> = r#abstract::collect(args[3])?.iter().map(|o| int_arg(o).map(|n| n as i32)).collect::<PyResult<_>>()?;
    let cwd = if object::is_none(args[4]) { None } else { Some(fs_cstring(args[4])?) };
    let env_c = if object::is_none(args[5]) { None } else { Some(fs_list(args[5])?) };
    let mut fds = [0i32; 8];
    for (i, f) in fds.iter_mut().enumerate() {
        *f = int_arg(args[6 + i])? as i32;
    }
    let restore_signals = object::is_true(args[14])?;
    let new_session = object::is_true(args[15])?;
    let pgid = opt_int(args[16])?.filter(|p| *p >= 0);
    if !object::is_none(args[17]) || !object::is_none(args[18]) || !object::is_none(args[19]) {
        // Changing the child's user and groups needs privileges this
        // port does not handle yet.
        return Err(errors::set_string(exceptions::not_implemented_error(), "rupy: fork_exec with user or group changes is not supported"));
    }
    let umask = int_arg(args[20])?;
    let preexec = if object::is_none(args[21]) { None } else { Some(args[21]) };
    let argv = ptr_array(&argv_c);
    let envp = env_c.as_deref().map(ptr_array);
    let child = Child {
        argv: &argv,
        exes: &exes,
        envp: envp.as_deref(),
        cwd: cwd.as_ref(),
        close_fds,
        keep: &keep,
        fds,
        restore_signals,
        new_session,
        pgid,
        umask,
        preexec,
    };
    // SAFETY: fork(2); the child only runs `child_exec`, which ends in
    // exec or _exit.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(exceptions::set_from_errno(errno(), None));
    }
    if pid == 0 {
        child_exec(&child);
    }
    longobject::from_i64(i64::from(pid))
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "fork_exec", func: fork_exec }];

pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_posixsubprocess")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
