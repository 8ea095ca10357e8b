//! The `time` module, ported from Modules/timemodule.c: the clocks
//! (`clock_gettime`), `sleep` (detached), `gmtime`/`localtime`/`mktime`
//! with `struct_time`, `strftime`, `asctime`/`ctime`, the timezone
//! attributes and `get_clock_info`.

use std::ffi::{CStr, CString};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::floatobject::{self, FloatObject};
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject;
use rupy::sysmod::structseq::{self, StructSeqDesc};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn no_args(name: &str, a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<()> {
    if !a.is_empty() || kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no arguments ({} given)", a.len())));
    }
    Ok(())
}

/// `clock_gettime(clock)` as nanoseconds.
fn clock_ns(clock: libc::clockid_t) -> PyResult<i128> {
    // SAFETY: a zeroed timespec is a valid out-parameter.
    let mut ts: libc::timespec = unsafe { core::mem::zeroed() };
    // SAFETY: clock_gettime fills `ts`.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(errors::set_string(exceptions::os_error(), &format!("[Errno {e}] clock_gettime failed")));
    }
    Ok(i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec))
}

fn seconds(ns: i128) -> PyResult<ObjRef> {
    floatobject::from_f64(ns as f64 * 1e-9)
}

fn nanos(ns: i128) -> PyResult<ObjRef> {
    match i64::try_from(ns) {
        Ok(v) => longobject::from_i64(v),
        Err(_) => longobject::from_bigint(num_bigint::BigInt::from(ns)),
    }
}

macro_rules! clocks {
    ($($f:ident, $f_ns:ident => $clock:expr;)*) => {$(
        fn $f(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            no_args(stringify!($f), a, kw)?;
            seconds(clock_ns($clock)?)
        }
        fn $f_ns(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            no_args(stringify!($f_ns), a, kw)?;
            nanos(clock_ns($clock)?)
        }
    )*};
}

clocks! {
    time, time_ns => libc::CLOCK_REALTIME;
    monotonic, monotonic_ns => libc::CLOCK_MONOTONIC;
    perf_counter, perf_counter_ns => libc::CLOCK_MONOTONIC;
    process_time, process_time_ns => libc::CLOCK_PROCESS_CPUTIME_ID;
    thread_time, thread_time_ns => libc::CLOCK_THREAD_CPUTIME_ID;
}

/// A number of seconds (int or float, or `__float__`/`__index__`).
fn secs_arg(v: &PyObject) -> PyResult<f64> {
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(f.value());
    }
    if let Some(i) = downcast::<IntObject>(v) {
        return longobject::to_f64(i);
    }
    if type_of(v).slots.nb_float.get().is_some() || type_of(v).slots.nb_index.get().is_some() {
        let f = object::call(as_obj(&floatobject::FLOAT_TYPE), &[v])?;
        if let Some(f) = downcast::<FloatObject>(&f) {
            return Ok(f.value());
        }
    }
    Err(type_error(&format!("'{}' object cannot be interpreted as an integer or float", type_of(v).name())))
}

/// `time.sleep(secs)`: detached, resumed after EINTR.
fn sleep(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.is_empty()) || a.len() != 1 {
        return Err(type_error(&format!("time.sleep() takes exactly one argument ({} given)", a.len())));
    }
    let secs = secs_arg(a[0])?;
    if secs.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    let d = std::time::Duration::try_from_secs_f64(secs)
        .map_err(|_| errors::set_string(exceptions::overflow_error(), "sleep length is too large"))?;
    rupy::state::allow_threads(|| std::thread::sleep(d));
    Ok(object::none())
}

// ---------------------------------------------------------------------
// struct_time.

static STRUCT_TIME: StructSeqDesc = StructSeqDesc {
    name: "time.struct_time",
    fields: &[
        "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst", "tm_zone",
        "tm_gmtoff",
    ],
    n_sequence: 9,
};

/// `tmtotuple`.
fn struct_time(tm: &libc::tm) -> PyResult<ObjRef> {
    let i = |v: i32| longobject::from_i64(i64::from(v));
    let zone = if tm.tm_zone.is_null() {
        object::none()
    } else {
        // SAFETY: tm_zone points at a NUL-terminated zone name.
        let z = unsafe { CStr::from_ptr(tm.tm_zone) };
        unicodeobject::from_string(z.to_string_lossy().into_owned()).map(into_obj)?
    };
    let vals = [
        i(tm.tm_year + 1900)?,
        i(tm.tm_mon + 1)?,
        i(tm.tm_mday)?,
        i(tm.tm_hour)?,
        i(tm.tm_min)?,
        i(tm.tm_sec)?,
        i((tm.tm_wday + 6) % 7)?,
        i(tm.tm_yday + 1)?,
        i(tm.tm_isdst)?,
        zone,
        longobject::from_i64(tm.tm_gmtoff)?,
    ];
    structseq::new(&STRUCT_TIME, &vals)
}

/// The `secs` argument of gmtime/localtime/ctime: now when absent or None.
fn time_t_arg(a: &[&PyObject]) -> PyResult<libc::time_t> {
    match a.first() {
        Some(v) if !object::is_none(v) => {
            let f = secs_arg(v)?;
            if !f.is_finite() || f.abs() > 1e18 {
                return Err(errors::set_string(exceptions::overflow_error(), "timestamp out of range for platform time_t"));
            }
            Ok(f.floor() as libc::time_t)
        }
        _ => Ok((clock_ns(libc::CLOCK_REALTIME)? / 1_000_000_000) as libc::time_t),
    }
}

fn broken_down(t: libc::time_t, local: bool) -> PyResult<libc::tm> {
    // SAFETY: a zeroed tm is a valid out-parameter.
    let mut tm: libc::tm = unsafe { core::mem::zeroed() };
    // SAFETY: the *_r variants write into `tm` and are thread-safe.
    let r = unsafe { if local { libc::localtime_r(&t, &mut tm) } else { libc::gmtime_r(&t, &mut tm) } };
    if r.is_null() {
        return Err(errors::set_string(exceptions::overflow_error(), "timestamp out of range for platform time_t"));
    }
    Ok(tm)
}

fn gmtime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    struct_time(&broken_down(time_t_arg(a)?, false)?)
}

fn localtime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    struct_time(&broken_down(time_t_arg(a)?, true)?)
}

/// `gettmarg`: a struct_time or 9-sequence as a `tm`.
fn tm_arg(fname: &str, v: &PyObject) -> PyResult<libc::tm> {
    let items = r#abstract::collect(v)?;
    if items.len() < 9 {
        return Err(type_error(&format!("{fname}(): illegal time tuple argument")));
    }
    let mut n = [0i32; 9];
    for (k, x) in items.iter().take(9).enumerate() {
        n[k] = i32::try_from(r#abstract::as_ssize(x, Some(exceptions::overflow_error()))?)
            .map_err(|_| errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C int"))?;
    }
    // SAFETY: a zeroed tm is valid.
    let mut tm: libc::tm = unsafe { core::mem::zeroed() };
    tm.tm_year = n[0] - 1900;
    tm.tm_mon = n[1] - 1;
    tm.tm_mday = n[2];
    tm.tm_hour = n[3];
    tm.tm_min = n[4];
    tm.tm_sec = n[5];
    tm.tm_wday = (n[6] + 1) % 7;
    tm.tm_yday = n[7] - 1;
    tm.tm_isdst = n[8];
    if let Some(off) = items.get(10).filter(|o| !object::is_none(o)) {
        tm.tm_gmtoff = r#abstract::as_ssize(off, None)? as libc::c_long;
    }
    Ok(tm)
}

fn mktime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(v) = a.first() else { return Err(type_error("mktime() takes exactly one argument (0 given)")) };
    let mut tm = tm_arg("mktime", v)?;
    tm.tm_wday = -1;
    // SAFETY: mktime normalizes `tm` in place.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(errors::set_string(exceptions::overflow_error(), "mktime argument out of range"));
    }
    floatobject::from_f64(t as f64)
}

/// `checktm` + `strftime(3)`.
fn strftime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(fmt) = a.first() else { return Err(type_error("strftime() takes at least 1 argument (0 given)")) };
    let Some(fmt) = downcast::<unicodeobject::StrObject>(fmt) else {
        return Err(type_error(&format!("strftime() argument 1 must be str, not {}", type_of(fmt).name())));
    };
    let tm = match a.get(1) {
        Some(t) => {
            let mut tm = tm_arg("strftime", t)?;
            if !(0..=11).contains(&tm.tm_mon) {
                return Err(value_error("month out of range"));
            }
            if !(1..=31).contains(&tm.tm_mday) {
                tm.tm_mday = tm.tm_mday.max(1);
            }
            tm
        }
        None => broken_down(time_t_arg(&[])?, true)?,
    };
    let text = fmt.to_string_lossy();
    if text.is_empty() {
        return unicodeobject::from_str("").map(into_obj);
    }
    let c = CString::new(text).map_err(|_| value_error("embedded null character"))?;
    let mut size = 1024;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: a buffer of `size` bytes and a NUL-terminated format.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), size, c.as_ptr(), &tm) };
        if n > 0 || size > 256 * 1024 {
            buf.truncate(n);
            return unicodeobject::from_string(String::from_utf8_lossy(&buf).into_owned()).map(into_obj);
        }
        size *= 4;
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `_asctime`: `Sun Jun 20 23:21:05 1993`.
fn asctime_of(tm: &libc::tm) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year + 1900
    )
}

fn asctime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let tm = match a.first() {
        Some(t) => tm_arg("asctime", t)?,
        None => broken_down(time_t_arg(&[])?, true)?,
    };
    unicodeobject::from_string(asctime_of(&tm)).map(into_obj)
}

fn ctime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let tm = broken_down(time_t_arg(a)?, true)?;
    unicodeobject::from_string(asctime_of(&tm)).map(into_obj)
}

/// `get_clock_info(name)`: a SimpleNamespace describing the clock.
fn get_clock_info(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(name) = a.first() else { return Err(type_error("get_clock_info() takes exactly one argument (0 given)")) };
    let name = object::str_lossy(name);
    let (imp, monotonic, adjustable, clock) = match name.as_str() {
        "time" => ("clock_gettime(CLOCK_REALTIME)", false, true, libc::CLOCK_REALTIME),
        "monotonic" | "perf_counter" => ("clock_gettime(CLOCK_MONOTONIC)", true, false, libc::CLOCK_MONOTONIC),
        "process_time" => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false, libc::CLOCK_PROCESS_CPUTIME_ID),
        "thread_time" => ("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false, libc::CLOCK_THREAD_CPUTIME_ID),
        _ => return Err(value_error("unknown clock")),
    };
    // SAFETY: a zeroed timespec is a valid out-parameter.
    let mut res: libc::timespec = unsafe { core::mem::zeroed() };
    // SAFETY: clock_getres fills `res`.
    unsafe { libc::clock_getres(clock, &mut res) };
    rupy::objects::namespaceobject::new_namespace(&[
        ("implementation", unicodeobject::from_str(imp).map(into_obj)?),
        ("monotonic", rupy::objects::boolobject::from_bool(monotonic)),
        ("adjustable", rupy::objects::boolobject::from_bool(adjustable)),
        ("resolution", floatobject::from_f64(res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9)?),
    ])
}

fn clock_gettime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(c) = a.first() else { return Err(type_error("clock_gettime() takes exactly one argument (0 given)")) };
    seconds(clock_ns(r#abstract::as_ssize(c, None)? as libc::clockid_t)?)
}

fn clock_gettime_ns(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(c) = a.first() else { return Err(type_error("clock_gettime_ns() takes exactly one argument (0 given)")) };
    nanos(clock_ns(r#abstract::as_ssize(c, None)? as libc::clockid_t)?)
}

static FUNCTIONS: [BuiltinDef; 22] = [
    BuiltinDef { name: "time", func: time },
    BuiltinDef { name: "time_ns", func: time_ns },
    BuiltinDef { name: "monotonic", func: monotonic },
    BuiltinDef { name: "monotonic_ns", func: monotonic_ns },
    BuiltinDef { name: "perf_counter", func: perf_counter },
    BuiltinDef { name: "perf_counter_ns", func: perf_counter_ns },
    BuiltinDef { name: "process_time", func: process_time },
    BuiltinDef { name: "process_time_ns", func: process_time_ns },
    BuiltinDef { name: "thread_time", func: thread_time },
    BuiltinDef { name: "thread_time_ns", func: thread_time_ns },
    BuiltinDef { name: "sleep", func: sleep },
    BuiltinDef { name: "gmtime", func: gmtime },
    BuiltinDef { name: "localtime", func: localtime },
    BuiltinDef { name: "mktime", func: mktime },
    BuiltinDef { name: "strftime", func: strftime },
    BuiltinDef { name: "asctime", func: asctime },
    BuiltinDef { name: "ctime", func: ctime },
    BuiltinDef { name: "get_clock_info", func: get_clock_info },
    BuiltinDef { name: "clock_gettime", func: clock_gettime },
    BuiltinDef { name: "clock_gettime_ns", func: clock_gettime_ns },
    BuiltinDef { name: "strptime", func: strptime },
    BuiltinDef { name: "tzset", func: tzset },
];

/// `time.strptime`: Lib's `_strptime._strptime_time`.
fn strptime(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let m = rupy::import::import_module("_strptime")?;
    let f = object::get_attr_str(&m, "_strptime_time")?;
    object::call(&f, a)
}

/// `tzset()`: re-reads TZ and refreshes the module's zone attributes.
fn tzset(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("tzset", a, kw)?;
    // SAFETY: tzset only reads the environment.
    unsafe { tzset_c() };
    if let Some(m) = rupy::import::get_module_str("time")? {
        set_timezone(&m)?;
    }
    Ok(object::none())
}

/// `init_timezone`: `timezone`, `altzone`, `daylight`, `tzname` from the
/// zone offsets in January and July.
fn set_timezone(m: &PyObject) -> PyResult<()> {
    let now = (clock_ns(libc::CLOCK_REALTIME)? / 1_000_000_000) as libc::time_t;
    let year_start = now - now % (365 * 24 * 3600);
    let jan = broken_down(year_start, true)?;
    let jul = broken_down(year_start + 182 * 24 * 3600, true)?;
    let zone = |tm: &libc::tm| -> String {
        if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated zone name.
            unsafe { CStr::from_ptr(tm.tm_zone) }.to_string_lossy().into_owned()
        }
    };
    let (janoff, juloff) = (-jan.tm_gmtoff, -jul.tm_gmtoff);
    let (tz, alt, names) = if janoff < juloff {
        (juloff, janoff, (zone(&jul), zone(&jan)))
    } else {
        (janoff, juloff, (zone(&jan), zone(&jul)))
    };
    let setattr = |k: &str, v: &PyObject| object::set_attr(m, &*unicodeobject::intern_str(k)?, Some(v));
    setattr("timezone", &*longobject::from_i64(tz)?)?;
    setattr("altzone", &*longobject::from_i64(alt)?)?;
    setattr("daylight", &*longobject::from_i64(i64::from(janoff != juloff))?)?;
    let (n0, n1) = (unicodeobject::from_string(names.0)?, unicodeobject::from_string(names.1)?);
    setattr("tzname", as_obj(&*tupleobject::from_slice(&[as_obj(&*n0), as_obj(&*n1)])?))?;
    Ok(())
}

unsafe extern "C" {
    /// POSIX `tzset` (not bound by the libc crate).
    #[link_name = "tzset"]
    fn tzset_c();
}

/// `time_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("time")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, v) in [
        ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
        ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
        ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        ("CLOCK_TAI", libc::CLOCK_TAI),
    ] {
        m.add_object(name, &*longobject::from_i64(i64::from(v))?)?;
    }
    m.add_object("struct_time", as_obj(structseq::type_for(&STRUCT_TIME)?))?;
    // SAFETY: tzset only reads the environment.
    unsafe { tzset_c() };
    set_timezone(as_obj(&*m))?;
    Ok(into_obj(m))
}
