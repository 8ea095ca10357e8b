//! The `select` module, ported from Modules/selectmodule.c: `select()`
//! and `poll` objects (the epoll/kqueue/devpoll interfaces are not
//! ported; `selectors` then picks `PollSelector`). Waits run detached
//! from the runtime so other threads and stop-the-world requests go on;
//! an interrupted wait runs the signal handlers and resumes with the
//! time left (PEP 475).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{MethodDef, MethodFn};
use rupy::objects::exceptions;
use rupy::objects::floatobject::FloatObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::Guarded;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn os_error(errno: i32) -> errors::ErrSet {
    exceptions::set_from_errno(errno, None)
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
}

/// `PyObject_AsFileDescriptor`: an int, or the result of `fileno()`.
pub fn as_fd(v: &PyObject) -> PyResult<i32> {
    let n = if downcast::<IntObject>(v).is_some() {
        r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?
    } else {
        let Ok(f) = object::get_attr_str(v, "fileno") else {
            errors::clear();
            return Err(type_error("argument must be an int, or have a fileno() method."));
        };
        let r = object::call(&f, &[])?;
        if downcast::<IntObject>(&r).is_none() {
            return Err(type_error("fileno() returned a non-integer"));
        }
        r#abstract::as_ssize(&r, Some(exceptions::overflow_error()))?
    };
    if n < 0 {
        return Err(errors::set_string(
            exceptions::value_error(),
            &format!("file descriptor cannot be a negative integer ({n})"),
        ));
    }
    i32::try_from(n).map_err(|_| errors::set_string(exceptions::overflow_error(), "fd is greater than maximum"))
}

/// A timeout in seconds: None waits forever; negative is an error.
fn timeout_secs(v: Option<&PyObject>, what: &str) -> PyResult<Option<Duration>> {
    let Some(v) = v.filter(|v| !object::is_none(v)) else { return Ok(None) };
    let secs = if let Some(f) = downcast::<FloatObject>(v) {
        f.value()
    } else if downcast::<IntObject>(v).is_some() || type_of(v).slots.nb_index.get().is_some() {
        r#abstract::as_ssize(v, Some(exceptions::overflow_error()))? as f64
    } else {
        return Err(type_error(&format!("{what} must be a float or None")));
    };
    if secs.is_nan() {
        return Err(errors::set_string(exceptions::value_error(), "Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(errors::set_string(exceptions::value_error(), &format!("{what} must be non-negative")));
    }
    Ok(Some(Duration::from_secs_f64(secs.min(1e9))))
}

/// The file descriptors of a sequence, each with its object.
fn fd_list(seq: &PyObject) -> PyResult<Vec<(i32, ObjRef)>> {
    let items = r#abstract::collect(seq)?;
    items.into_iter().map(|o| Ok((as_fd(&o)?, o))).collect()
}

/// `select.select(rlist, wlist, xlist[, timeout])`.
fn select(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error("select() takes no keyword arguments"));
    }
    if args.len() < 3 || args.len() > 4 {
        return Err(type_error(&format!("select expected at least 3 arguments, got {}", args.len())));
    }
    let timeout = timeout_secs(args.get(3).copied(), "timeout")?;
    let lists = [fd_list(args[0])?, fd_list(args[1])?, fd_list(args[2])?];
    let max_fd = lists.iter().flatten().map(|(fd, _)| *fd).max().unwrap_or(-1);
    if max_fd >= libc::FD_SETSIZE as i32 {
        return Err(errors::set_string(exceptions::value_error(), "filedescriptor out of range in select()"));
    }
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        // SAFETY: fd_set is plain data; FD_ZERO/FD_SET on fds below
        // FD_SETSIZE (checked above).
        let mut sets: [libc::fd_set; 3] = unsafe { core::mem::zeroed() };
        for (set, list) in sets.iter_mut().zip(&lists) {
            // SAFETY: as above.
            unsafe {
                libc::FD_ZERO(set);
                for (fd, _) in list {
                    libc::FD_SET(*fd, set);
                }
            }
        }
        let mut tv = deadline.map(|d| {
            let left = d.saturating_duration_since(Instant::now());
            libc::timeval { tv_sec: left.as_secs() as libc::time_t, tv_usec: left.subsec_micros() as libc::suseconds_t }
        });
        let [r, w, x] = &mut sets;
        let tvp = tv.as_mut().map_or(core::ptr::null_mut(), |t| t as *mut libc::timeval);
        // SAFETY: the sets and timeval live across the call; the call
        // touches nothing of the runtime, so it runs detached.
        let n = rupy::state::allow_threads(|| unsafe { libc::select(max_fd + 1, r, w, x, tvp) });
        if n < 0 {
            let e = last_errno();
            if e == libc::EINTR {
                rupy::signals::check_signals()?;
                continue;
            }
            return Err(os_error(e));
        }
        let out: Vec<ObjRef> = sets
            .iter()
            .zip(&lists)
            .map(|(set, list)| {
                let l = ListObject::new()?;
                for (fd, o) in list {
                    // SAFETY: reading a set filled by select.
                    if unsafe { libc::FD_ISSET(*fd, set) } {
                        l.append(o)?;
                    }
                }
                Ok(into_obj(l))
            })
            .collect::<PyResult<_>>()?;
        return tupleobject::from_slice(&[&out[0], &out[1], &out[2]]).map(into_obj);
    }
}

// ---------------------------------------------------------------------
// poll.

/// A `select.poll` object: fd -> event mask.
#[repr(C)]
pub struct PollObject {
    ob_base: ObjectHeader,
    fds: Guarded<BTreeMap<i32, i16>>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for PollObject {}

fn poll_of(v: &PyObject) -> PyResult<&Guarded<BTreeMap<i32, i16>>> {
    if !object::is_type(v, &POLL_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: poll instances have this layout.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<PollObject>()).fds })
}

fn mask_arg(v: Option<&ObjRef>) -> PyResult<i16> {
    match v {
        None => Ok((libc::POLLIN | libc::POLLPRI | libc::POLLOUT) as i16),
        Some(m) => {
            let n = r#abstract::as_ssize(m, Some(exceptions::overflow_error()))?;
            if !(0..=0xffff).contains(&n) {
                return Err(errors::set_string(exceptions::overflow_error(), "Python int too large for C unsigned short"));
            }
            Ok(n as u16 as i16)
        }
    }
}

fn poll_register(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.is_empty() || args.len() > 2 {
        return Err(type_error(&format!("register expected at least 1 argument, got {}", args.len())));
    }
    let fd = as_fd(&args[0])?;
    let mask = mask_arg(args.get(1))?;
    poll_of(v)?.with(v, |m| {
        m.insert(fd, mask);
        Ok(object::none())
    })
}

fn poll_modify(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() != 2 {
        return Err(type_error(&format!("modify expected 2 arguments, got {}", args.len())));
    }
    let fd = as_fd(&args[0])?;
    let mask = mask_arg(args.get(1))?;
    poll_of(v)?.with(v, |m| match m.get_mut(&fd) {
        Some(e) => {
            *e = mask;
            Ok(object::none())
        }
        None => Err(os_error(libc::ENOENT)),
    })
}

fn poll_unregister(v: &PyObject, fd: &PyObject) -> PyResult<ObjRef> {
    let fd = as_fd(fd)?;
    poll_of(v)?.with(v, |m| match m.remove(&fd) {
        Some(_) => Ok(object::none()),
        None => Err(errors::set_key_error(&*longobject::from_i64(i64::from(fd))?)),
    })
}

/// `poll.poll([timeout])`: timeout in milliseconds.
fn poll_poll(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() > 1 {
        return Err(type_error(&format!("poll expected at most 1 argument, got {}", args.len())));
    }
    let ms: Option<f64> = match args.first().filter(|a| !object::is_none(a)) {
        None => None,
        Some(t) => Some(match downcast::<FloatObject>(t) {
            Some(f) => f.value(),
            None => r#abstract::as_ssize(t, Some(exceptions::overflow_error()))? as f64,
        }),
    };
    let ms = ms.filter(|m| *m >= 0.0);
    let mut fds: Vec<libc::pollfd> =
        poll_of(v)?.with(v, |m| Ok(m.iter().map(|(&fd, &ev)| libc::pollfd { fd, events: ev, revents: 0 }).collect()))?;
    let deadline = ms.map(|m| Instant::now() + Duration::from_secs_f64(m.ceil().min(1e12) / 1000.0));
    let n = loop {
        let wait = deadline.map_or(-1, |d| d.saturating_duration_since(Instant::now()).as_millis().min(i32::MAX as u128) as i32);
        let (ptr, len) = (fds.as_mut_ptr(), fds.len() as libc::nfds_t);
        // SAFETY: the pollfd array outlives the call.
        let n = rupy::state::allow_threads(|| unsafe { libc::poll(ptr, len, wait) });
        if n < 0 {
            let e = last_errno();
            if e == libc::EINTR {
                rupy::signals::check_signals()?;
                continue;
            }
            return Err(os_error(e));
        }
        break n;
    };
    let out = ListObject::new()?;
    for p in fds.iter().filter(|p| p.revents != 0).take(n as usize) {
        let fd = longobject::from_i64(i64::from(p.fd))?;
        let ev = longobject::from_i64(i64::from(p.revents as u16))?;
        out.append(as_obj(&*tupleobject::from_slice(&[&fd, &ev])?))?;
    }
    Ok(into_obj(out))
}

static POLL_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "register", ml_meth: MethodFn::FastCall(poll_register), ml_doc: Some("Register a file descriptor with the polling object.") },
    MethodDef { ml_name: "modify", ml_meth: MethodFn::FastCall(poll_modify), ml_doc: Some("Modify an already registered file descriptor.") },
    MethodDef { ml_name: "unregister", ml_meth: MethodFn::O(poll_unregister), ml_doc: Some("Remove a file descriptor being tracked by the polling object.") },
    MethodDef { ml_name: "poll", ml_meth: MethodFn::FastCall(poll_poll), ml_doc: Some("Polls the set of registered file descriptors.") },
];

/// `select.poll` objects' type.
pub static POLL_TYPE: TypeObject = TypeObject::new_static(
    "select.poll",
    size_of::<PollObject>(),
    object::dealloc_simple::<PollObject>,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_methods(&POLL_METHODS);

fn poll(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if !args.is_empty() || kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("poll() takes no arguments ({} given)", args.len())));
    }
    let p = PollObject { ob_base: ObjectHeader::new(&POLL_TYPE.head), fds: Guarded::new(BTreeMap::new()) };
    object::new_object(p).map(into_obj)
}

static FUNCTIONS: [BuiltinDef; 2] = [BuiltinDef { name: "select", func: select }, BuiltinDef { name: "poll", func: poll }];

/// `_select_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("select")?;
    m.add_functions(&FUNCTIONS)?;
    POLL_TYPE.ready()?;
    m.add_object("error", as_obj(exceptions::os_error()))?;
    let consts: [(&str, i64); 10] = [
        ("POLLIN", i64::from(libc::POLLIN)),
        ("POLLPRI", i64::from(libc::POLLPRI)),
        ("POLLOUT", i64::from(libc::POLLOUT)),
        ("POLLERR", i64::from(libc::POLLERR)),
        ("POLLHUP", i64::from(libc::POLLHUP)),
        ("POLLNVAL", i64::from(libc::POLLNVAL)),
        ("POLLRDNORM", i64::from(libc::POLLRDNORM)),
        ("POLLRDBAND", i64::from(libc::POLLRDBAND)),
        ("POLLWRNORM", i64::from(libc::POLLWRNORM)),
        ("POLLWRBAND", i64::from(libc::POLLWRBAND)),
    ];
    for (name, v) in consts {
        m.add_object(name, &*longobject::from_i64(v)?)?;
    }
    m.add_object("PIPE_BUF", &*longobject::from_i64(libc::PIPE_BUF as i64)?)?;
    Ok(into_obj(m))
}
