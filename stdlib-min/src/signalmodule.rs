//! The `_signal` module, ported from Modules/signalmodule.c over the
//! runtime's signal delivery (`rupy::signals`): `signal`, `getsignal`,
//! `default_int_handler`, `raise_signal`, `strsignal`, `valid_signals`,
//! `alarm`, `pause`, `set_wakeup_fd`, `pthread_kill`, `pthread_sigmask`
//! and the signal-number constants.

use std::sync::atomic::{AtomicI64, Ordering};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::setobject::{self, SetObject};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject;
use rupy::signals::{self, NSIG};

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn os_error(errno: i32) -> errors::ErrSet {
    exceptions::set_from_errno(errno, None)
}

/// Exactly `n` positional arguments.
fn positional<'a>(fname: &str, args: &'a [&'a PyObject], kwnames: Option<&TupleObject>, min: usize, max: usize) -> PyResult<&'a [&'a PyObject]> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(errors::set_string(exceptions::type_error(), &format!("{fname}() takes no keyword arguments")));
    }
    if args.len() < min || args.len() > max {
        let msg = if min == max {
            format!("{fname} expected {min} argument{}, got {}", if min == 1 { "" } else { "s" }, args.len())
        } else {
            format!("{fname} expected at most {max} arguments, got {}", args.len())
        };
        return Err(errors::set_string(exceptions::type_error(), &msg));
    }
    Ok(args)
}

fn int_arg(v: &PyObject) -> PyResult<i64> {
    Ok(r#abstract::as_ssize(v, Some(exceptions::overflow_error()))? as i64)
}

/// A signal number in range (`signal number out of range`).
fn signum_arg(v: &PyObject) -> PyResult<usize> {
    let n = int_arg(v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(value_error("signal number out of range"));
    }
    Ok(n as usize)
}

fn is_int(v: &PyObject, n: i64) -> bool {
    downcast::<IntObject>(v).and_then(IntObject::as_i64) == Some(n)
}

/// `signal.signal(signalnum, handler)`.
fn signal(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("signal", args, kwnames, 2, 2)?;
    if !signals::is_main_thread() {
        return Err(value_error("signal only works in main thread of the main interpreter"));
    }
    let signum = signum_arg(a[0])?;
    let handler = a[1];
    let ignore = is_int(handler, 1);
    let default = is_int(handler, 0);
    if !ignore && !default && !rupy::objects::call::is_callable(handler) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
        ));
    }
    // Signals delivered before the change run with the old handler.
    signals::check_signals()?;
    match signals::set_handler(signum, handler, ignore, default) {
        Ok(old) => Ok(old.unwrap_or_else(object::none)),
        Err(errno) => Err(os_error(errno)),
    }
}

/// `signal.getsignal(signalnum)`.
fn getsignal(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("getsignal", args, kwnames, 1, 1)?;
    let signum = signum_arg(a[0])?;
    Ok(signals::get_handler(signum).unwrap_or_else(object::none))
}

/// `signal.raise_signal(signalnum)`.
fn raise_signal(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("raise_signal", args, kwnames, 1, 1)?;
    let signum = signum_arg(a[0])?;
    // SAFETY: raise(3) with a valid signal number.
    if unsafe { libc::raise(signum as libc::c_int) } != 0 {
        return Err(os_error(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)));
    }
    signals::check_signals()?;
    Ok(object::none())
}

/// `signal.strsignal(signalnum)`.
fn strsignal(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("strsignal", args, kwnames, 1, 1)?;
    let signum = signum_arg(a[0])?;
    // SAFETY: strsignal returns a pointer to a NUL-terminated string
    // (or null), read before any other call to it on this thread.
    let text = unsafe {
        let p = libc::strsignal(signum as libc::c_int);
        if p.is_null() {
            return Ok(object::none());
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    };
    if text.starts_with("Unknown signal") || text.starts_with("Real-time signal") {
        return Ok(object::none());
    }
    unicodeobject::from_string(text).map(into_obj)
}

/// `signal.valid_signals()`: what `sigfillset` includes.
fn valid_signals(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("valid_signals", args, kwnames, 0, 0)?;
    // SAFETY: sigfillset/sigismember on a local set.
    let set = unsafe {
        let mut set: libc::sigset_t = core::mem::zeroed();
        libc::sigfillset(&raw mut set);
        set
    };
    let out = setobject::new_set(None)?;
    for signum in 1..NSIG {
        // SAFETY: as above.
        if unsafe { libc::sigismember(&raw const set, signum as libc::c_int) } == 1 {
            add(&out, signum)?;
        }
    }
    Ok(out)
}

/// `signal.alarm(seconds)`.
fn alarm(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("alarm", args, kwnames, 1, 1)?;
    let secs = int_arg(a[0])?.clamp(0, i64::from(u32::MAX)) as libc::c_uint;
    // SAFETY: alarm(2) has no memory effects.
    longobject::from_i64(i64::from(unsafe { libc::alarm(secs) }))
}

/// `signal.pause()`: waits detached for a signal, then runs handlers.
fn pause(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("pause", args, kwnames, 0, 0)?;
    // SAFETY: pause(2) has no memory effects.
    rupy::state::allow_threads(|| unsafe { libc::pause() });
    signals::check_signals()?;
    Ok(object::none())
}

/// The wakeup fd (`wakeup.fd`); only recorded.
static WAKEUP_FD: AtomicI64 = AtomicI64::new(-1);

/// `signal.set_wakeup_fd(fd, /, *, warn_on_full_buffer=True)`.
fn set_wakeup_fd(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    if args.len() - nkw != 1 {
        return Err(errors::set_string(exceptions::type_error(), "set_wakeup_fd() takes exactly 1 positional argument"));
    }
    if !signals::is_main_thread() {
        return Err(value_error("set_wakeup_fd only works in main thread of the main interpreter"));
    }
    let fd = int_arg(args[0])?;
    if fd != -1 {
        // SAFETY: fstat on an arbitrary fd only reports an error.
        let ok = unsafe {
            let mut st: libc::stat = core::mem::zeroed();
            libc::fstat(fd as libc::c_int, &raw mut st) == 0
        };
        if !ok {
            return Err(os_error(libc::EBADF));
        }
    }
    longobject::from_i64(WAKEUP_FD.swap(fd, Ordering::AcqRel))
}

/// `signal.siginterrupt(signalnum, flag)`: accepted; handlers are
/// installed with SA_RESTART either way.
fn siginterrupt(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("siginterrupt", args, kwnames, 2, 2)?;
    signum_arg(a[0])?;
    object::is_true(a[1])?;
    Ok(object::none())
}

/// `signal.pthread_kill(thread_id, signalnum)`.
fn pthread_kill(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("pthread_kill", args, kwnames, 2, 2)?;
    let tid = r#abstract::as_ssize(a[0], Some(exceptions::overflow_error()))? as libc::pthread_t;
    let n = int_arg(a[1])?;
    // SAFETY: pthread_kill reports an invalid thread id as ESRCH.
    let err = unsafe { libc::pthread_kill(tid, n as libc::c_int) };
    if err != 0 {
        return Err(os_error(err));
    }
    signals::check_signals()?;
    Ok(object::none())
}

/// `signal.pthread_sigmask(how, mask)`: the old mask as a set.
fn pthread_sigmask(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("pthread_sigmask", args, kwnames, 2, 2)?;
    let how = int_arg(a[0])? as libc::c_int;
    // SAFETY: sigset operations on local sets; pthread_sigmask reports a
    // bad `how` as EINVAL.
    let old = unsafe {
        let mut set: libc::sigset_t = core::mem::zeroed();
        libc::sigemptyset(&raw mut set);
        for item in r#abstract::collect(a[1])? {
            let s = signum_arg(&item)?;
            libc::sigaddset(&raw mut set, s as libc::c_int);
        }
        let mut old: libc::sigset_t = core::mem::zeroed();
        let err = libc::pthread_sigmask(how, &raw const set, &raw mut old);
        if err != 0 {
            return Err(os_error(err));
        }
        old
    };
    let out = setobject::new_set(None)?;
    for signum in 1..NSIG {
        // SAFETY: reading a local set.
        if unsafe { libc::sigismember(&raw const old, signum as libc::c_int) } == 1 {
            add(&out, signum)?;
        }
    }
    signals::check_signals()?;
    Ok(out)
}

/// Adds `signum` to the set `set`.
fn add(set: &PyObject, signum: usize) -> PyResult<()> {
    let n = longobject::from_i64(signum as i64)?;
    downcast::<SetObject>(set).ok_or_else(errors::bad_internal_call)?.add(&n)
}

static FUNCTIONS: [BuiltinDef; 11] = [
    BuiltinDef { name: "signal", func: signal },
    BuiltinDef { name: "getsignal", func: getsignal },
    BuiltinDef { name: "raise_signal", func: raise_signal },
    BuiltinDef { name: "strsignal", func: strsignal },
    BuiltinDef { name: "valid_signals", func: valid_signals },
    BuiltinDef { name: "alarm", func: alarm },
    BuiltinDef { name: "pause", func: pause },
    BuiltinDef { name: "set_wakeup_fd", func: set_wakeup_fd },
    BuiltinDef { name: "siginterrupt", func: siginterrupt },
    BuiltinDef { name: "pthread_kill", func: pthread_kill },
    BuiltinDef { name: "pthread_sigmask", func: pthread_sigmask },
];

/// `signal_module_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_signal")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("default_int_handler", &*signals::default_int_handler_object()?)?;
    let ints: &[(&str, i64)] = &[
        ("SIG_DFL", 0),
        ("SIG_IGN", 1),
        ("NSIG", NSIG as i64),
        ("SIG_BLOCK", i64::from(libc::SIG_BLOCK)),
        ("SIG_UNBLOCK", i64::from(libc::SIG_UNBLOCK)),
        ("SIG_SETMASK", i64::from(libc::SIG_SETMASK)),
        ("SIGHUP", i64::from(libc::SIGHUP)),
        ("SIGINT", i64::from(libc::SIGINT)),
        ("SIGQUIT", i64::from(libc::SIGQUIT)),
        ("SIGILL", i64::from(libc::SIGILL)),
        ("SIGTRAP", i64::from(libc::SIGTRAP)),
        ("SIGABRT", i64::from(libc::SIGABRT)),
        ("SIGIOT", i64::from(libc::SIGIOT)),
        ("SIGBUS", i64::from(libc::SIGBUS)),
        ("SIGFPE", i64::from(libc::SIGFPE)),
        ("SIGKILL", i64::from(libc::SIGKILL)),
        ("SIGUSR1", i64::from(libc::SIGUSR1)),
        ("SIGSEGV", i64::from(libc::SIGSEGV)),
        ("SIGUSR2", i64::from(libc::SIGUSR2)),
        ("SIGPIPE", i64::from(libc::SIGPIPE)),
        ("SIGALRM", i64::from(libc::SIGALRM)),
        ("SIGTERM", i64::from(libc::SIGTERM)),
        ("SIGSTKFLT", i64::from(libc::SIGSTKFLT)),
        ("SIGCHLD", i64::from(libc::SIGCHLD)),
        ("SIGCONT", i64::from(libc::SIGCONT)),
        ("SIGSTOP", i64::from(libc::SIGSTOP)),
        ("SIGTSTP", i64::from(libc::SIGTSTP)),
        ("SIGTTIN", i64::from(libc::SIGTTIN)),
        ("SIGTTOU", i64::from(libc::SIGTTOU)),
        ("SIGURG", i64::from(libc::SIGURG)),
        ("SIGXCPU", i64::from(libc::SIGXCPU)),
        ("SIGXFSZ", i64::from(libc::SIGXFSZ)),
        ("SIGVTALRM", i64::from(libc::SIGVTALRM)),
        ("SIGPROF", i64::from(libc::SIGPROF)),
        ("SIGWINCH", i64::from(libc::SIGWINCH)),
        ("SIGIO", i64::from(libc::SIGIO)),
        ("SIGPOLL", i64::from(libc::SIGPOLL)),
        ("SIGPWR", i64::from(libc::SIGPWR)),
        ("SIGSYS", i64::from(libc::SIGSYS)),
        ("SIGRTMIN", i64::from(libc::SIGRTMIN())),
        ("SIGRTMAX", i64::from(libc::SIGRTMAX())),
    ];
    for (name, v) in ints {
        m.add_object(name, &*longobject::from_i64(*v)?)?;
    }
    Ok(into_obj(m))
}
