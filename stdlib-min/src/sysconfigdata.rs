//! `_sysconfigdata_t_linux_<multiarch>`: the build-time configuration
//! `sysconfig` reads (CPython generates this module at build time from
//! its Makefile and pyconfig.h). rupy's values describe rupy: a
//! free-threaded ("t") build with no C extension ABI of its own.

use rupy::errors::PyResult;
use rupy::objects::dictobject::DictObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, into_obj};
use rupy::objects::unicodeobject;

/// The module's name for the target (`_get_sysconfigdata_name`).
#[cfg(target_arch = "x86_64")]
pub const NAME: &str = "_sysconfigdata_t_linux_x86_64-linux-gnu";
#[cfg(target_arch = "aarch64")]
pub const NAME: &str = "_sysconfigdata_t_linux_aarch64-linux-gnu";
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
pub const NAME: &str = "_sysconfigdata_t_linux_unknown-linux-gnu";

pub fn init() -> PyResult<ObjRef> {
    let arch = std::env::consts::ARCH;
    let multiarch = format!("{arch}-linux-gnu");
    let soabi = format!("rupy-314t-{multiarch}");
    let strings: [(&str, String); 12] = [
        ("ABIFLAGS", "t".into()),
        ("SOABI", soabi.clone()),
        ("EXT_SUFFIX", format!(".{soabi}.so")),
        ("SHLIB_SUFFIX", ".so".into()),
        ("MULTIARCH", multiarch.clone()),
        ("HOST_GNU_TYPE", format!("{arch}-pc-linux-gnu")),
        ("MACHDEP", "linux".into()),
        ("VERSION", "3.14".into()),
        ("CC", "cc".into()),
        ("CFLAGS", String::new()),
        ("LDSHARED", "cc -shared".into()),
        ("TZPATH", "/usr/share/zoneinfo:/usr/lib/zoneinfo:/usr/share/lib/zoneinfo:/etc/zoneinfo".into()),
    ];
    let ints: [(&str, i64); 7] = [
        ("Py_GIL_DISABLED", 1),
        ("Py_DEBUG", 0),
        ("Py_ENABLE_SHARED", 0),
        ("WITH_DOC_STRINGS", 1),
        ("SIZEOF_VOID_P", size_of::<usize>() as i64),
        ("HAVE_FORK", 1),
        ("Py_TRACE_REFS", 0),
    ];
    let vars = DictObject::new()?;
    for (k, v) in strings {
        vars.set_item(&*into_obj(unicodeobject::from_str(k)?), &*into_obj(unicodeobject::from_string(v)?))?;
    }
    for (k, v) in ints {
        vars.set_item(&*into_obj(unicodeobject::from_str(k)?), &*longobject::from_i64(v)?)?;
    }
    let m = moduleobject::new_module(NAME)?;
    m.add_object("build_time_vars", &*into_obj(vars))?;
    Ok(into_obj(m))
}
