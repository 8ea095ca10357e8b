//! The runtime's side of the GIL (Python/ceval_gil.c's
//! `_PyEval_SetSwitchInterval` / `_PyEval_GetSwitchInterval`,
//! `_PyEval_IsGILEnabled`) and its configuration (`config_read_gil` and
//! `enable_gil` of Python/initconfig.c, 3.14t semantics). The GIL itself
//! (take, drop, drop requests, forced switching) is `rupy_gc::ceval_gil`,
//! next to the attach/detach protocol that takes and drops it.
//!
//! The default build starts with the GIL off; the `gil` feature starts
//! with it on. `PYTHON_GIL` and `-X gil` choose either way in both builds.

use std::sync::atomic::{AtomicI8, Ordering};

/// `config->enable_gil` as given: -1 if neither `PYTHON_GIL` nor `-X gil`
/// was set (`_PyConfig_GIL_DEFAULT`), else 0 or 1.
static ENABLE_GIL_CONFIG: AtomicI8 = AtomicI8::new(-1);

/// Parses a `PYTHON_GIL` / `-X gil` value (`config_read_gil`): `"0"` or
/// `"1"`, else CPython's start-up error message.
pub fn read_gil(value: &str) -> Result<bool, &'static str> {
    match value {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err("PYTHON_GIL / -X gil must be \"0\" or \"1\""),
    }
}

/// Is the GIL on by default in this build?
pub const fn default_enabled() -> bool {
    cfg!(feature = "gil")
}

/// Applies the configured choice at start-up (`None`: the build's
/// default). Must run while the calling thread is the only one; returns
/// `false` if other threads already exist.
pub fn configure(enable: Option<bool>) -> bool {
    ENABLE_GIL_CONFIG.store(enable.map_or(-1, i8::from), Ordering::Relaxed);
    set_enabled(enable.unwrap_or(default_enabled()))
}

/// Turns the GIL on or off while the calling thread is the interpreter's
/// only thread (start-up, or an embedder before it starts threads); the
/// calling thread takes or releases it. Returns `false`, changing
/// nothing, if other threads exist.
pub fn set_enabled(on: bool) -> bool {
    super::with_tstate(|ts| super::interp().gc().gil().set_enabled(Some(ts.gc()), on))
}

/// `sys._is_gil_enabled()` (`_PyEval_IsGILEnabled`).
pub fn is_enabled() -> bool {
    super::interp().gc().gil().is_enabled()
}

/// `sys.flags.gil`: the configured value, or `None` (as 3.14t) when not
/// set; the GIL build reports 1 when not set, as CPython's default build.
pub fn flag() -> Option<i64> {
    match ENABLE_GIL_CONFIG.load(Ordering::Relaxed) {
        -1 if default_enabled() => Some(1),
        -1 => None,
        v => Some(i64::from(v)),
    }
}

/// `sys.getswitchinterval()` in microseconds (`_PyEval_GetSwitchInterval`).
pub fn switch_interval_us() -> u64 {
    super::interp().gc().gil().switch_interval_us()
}

/// `sys.setswitchinterval()` in microseconds (`_PyEval_SetSwitchInterval`).
pub fn set_switch_interval_us(us: u64) {
    super::interp().gc().gil().set_switch_interval_us(us);
}
