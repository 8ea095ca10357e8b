//! The `resource` module, ported from Modules/resource.c: resource
//! limits (`getrlimit`/`setrlimit`/`prlimit`), `getrusage` and
//! `getpagesize`.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::floatobject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::sysmod::structseq::{self, StructSeqDesc};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn no_kw(fname: &str, kwnames: Option<&TupleObject>) -> PyResult<()> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    Ok(())
}

fn int(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

/// A limit as Python: RLIM_INFINITY is -1, as in CPython.
fn limit_obj(v: libc::rlim_t) -> PyResult<ObjRef> {
    if v == libc::RLIM_INFINITY { int(-1) } else { int(v as i64) }
}

/// Linux's `RLIM_NLIMITS`: resources are numbered below it.
const RLIM_NLIMITS: isize = 16;

fn resource_arg(v: &PyObject) -> PyResult<libc::__rlimit_resource_t> {
    let r = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    if r < 0 || r >= RLIM_NLIMITS {
        return Err(value_error("invalid resource specified"));
    }
    Ok(r as libc::__rlimit_resource_t)
}

fn getrlimit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("getrlimit", kwnames)?;
    let [res] = args else { return Err(type_error(&format!("getrlimit() takes exactly one argument ({} given)", args.len()))) };
    let r = resource_arg(res)?;
    let mut rl = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes one rlimit.
    if unsafe { libc::getrlimit(r, &raw mut rl) } < 0 {
        return Err(exceptions::set_from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None));
    }
    let (a, b) = (limit_obj(rl.rlim_cur)?, limit_obj(rl.rlim_max)?);
    tupleobject::from_slice(&[&a, &b]).map(into_obj)
}

fn rlim_value(v: &PyObject) -> PyResult<libc::rlim_t> {
    let n = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    Ok(if n < 0 { libc::RLIM_INFINITY } else { n as libc::rlim_t })
}

fn setrlimit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("setrlimit", kwnames)?;
    let [res, limits] = args else { return Err(type_error(&format!("setrlimit expected 2 arguments, got {}", args.len()))) };
    let r = resource_arg(res)?;
    let items = r#abstract::collect(limits)?;
    let [cur, max] = items.as_slice() else { return Err(value_error("expected a tuple of 2 integers")) };
    let rl = libc::rlimit { rlim_cur: rlim_value(cur)?, rlim_max: rlim_value(max)? };
    // SAFETY: setrlimit reads one rlimit.
    if unsafe { libc::setrlimit(r, &raw const rl) } < 0 {
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        if e == libc::EINVAL {
            return Err(value_error("current limit exceeds maximum limit"));
        }
        if e == libc::EPERM {
            return Err(value_error("not allowed to raise maximum limit"));
        }
        return Err(exceptions::set_from_errno(e, None));
    }
    Ok(rupy::objects::object::none())
}

static RUSAGE: StructSeqDesc = StructSeqDesc {
    name: "resource.struct_rusage",
    fields: &[
        "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
        "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
    ],
    n_sequence: 0,
};

fn getrusage(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("getrusage", kwnames)?;
    let [who] = args else { return Err(type_error(&format!("getrusage() takes exactly one argument ({} given)", args.len()))) };
    let who = r#abstract::as_ssize(who, Some(exceptions::overflow_error()))? as libc::c_int;
    // SAFETY: a zeroed rusage is a valid out-parameter.
    let mut ru: libc::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: getrusage writes one rusage.
    if unsafe { libc::getrusage(who, &raw mut ru) } < 0 {
        return Err(value_error("invalid who parameter"));
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    let vals = [
        floatobject::from_f64(secs(ru.ru_utime))?,
        floatobject::from_f64(secs(ru.ru_stime))?,
        int(ru.ru_maxrss)?,
        int(ru.ru_ixrss)?,
        int(ru.ru_idrss)?,
        int(ru.ru_isrss)?,
        int(ru.ru_minflt)?,
        int(ru.ru_majflt)?,
        int(ru.ru_nswap)?,
        int(ru.ru_inblock)?,
        int(ru.ru_oublock)?,
        int(ru.ru_msgsnd)?,
        int(ru.ru_msgrcv)?,
        int(ru.ru_nsignals)?,
        int(ru.ru_nvcsw)?,
        int(ru.ru_nivcsw)?,
    ];
    structseq::new(&RUSAGE, &vals)
}

fn getpagesize(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("getpagesize", kwnames)?;
    if !args.is_empty() {
        return Err(type_error(&format!("getpagesize() takes no arguments ({} given)", args.len())));
    }
    // SAFETY: sysconf has no memory effects.
    int(i64::from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i32))
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "getrlimit", func: getrlimit },
    BuiltinDef { name: "setrlimit", func: setrlimit },
    BuiltinDef { name: "getrusage", func: getrusage },
    BuiltinDef { name: "getpagesize", func: getpagesize },
];

/// `resource_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("resource")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("error", as_obj(exceptions::os_error()))?;
    let consts: [(&str, i64); 19] = [
        ("RLIMIT_CPU", libc::RLIMIT_CPU.into()),
        ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE.into()),
        ("RLIMIT_DATA", libc::RLIMIT_DATA.into()),
        ("RLIMIT_STACK", libc::RLIMIT_STACK.into()),
        ("RLIMIT_CORE", libc::RLIMIT_CORE.into()),
        ("RLIMIT_RSS", libc::RLIMIT_RSS.into()),
        ("RLIMIT_NPROC", libc::RLIMIT_NPROC.into()),
        ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE.into()),
        ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK.into()),
        ("RLIMIT_AS", libc::RLIMIT_AS.into()),
        ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE.into()),
        ("RLIMIT_NICE", libc::RLIMIT_NICE.into()),
        ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO.into()),
        ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME.into()),
        ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING.into()),
        ("RUSAGE_SELF", libc::RUSAGE_SELF.into()),
        ("RUSAGE_CHILDREN", libc::RUSAGE_CHILDREN.into()),
        ("RUSAGE_THREAD", libc::RUSAGE_THREAD.into()),
        ("RLIM_INFINITY", -1),
    ];
    for (name, v) in consts {
        m.add_object(name, &*int(v)?)?;
    }
    Ok(into_obj(m))
}
