//! Signal delivery, ported from the C-level half of
//! Modules/signalmodule.c: the process-wide C handler (`signal_handler` /
//! `trip_signal`) only records the signal and sets the main thread's
//! eval breaker; the main thread runs the Python handlers at its next
//! eval-breaker poll (`PyErr_CheckSignals` / `_PyErr_CheckSignalsTstate`).
//! The `_signal` module (stdlib-min) manages the handler table.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::builtins::{self, BuiltinDef};
use crate::errors::{self, PyResult};
use crate::objects::exceptions;
use crate::objects::longobject;
use crate::objects::object::{self, ObjRef, PyObject};
use crate::objects::tupleobject::TupleObject;
use crate::state;

/// `Py_NSIG`: signal numbers are below this.
pub const NSIG: usize = 65;

/// `Handlers[i].tripped` and `is_tripped`.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static IS_TRIPPED: AtomicBool = AtomicBool::new(false);

/// The main thread's memory-model state, whose eval breaker the C
/// handler sets.
static MAIN: OnceLock<(std::thread::ThreadId, Arc<rupy_gc::ThreadState>)> = OnceLock::new();

/// `Handlers[i].func`: the Python-level handler of each signal (a
/// callable, or the ints SIG_DFL / SIG_IGN, or None when not set from
/// Python).
static HANDLERS: Mutex<Vec<Option<ObjRef>>> = Mutex::new(Vec::new());

/// `signal_default_int_handler`: raises KeyboardInterrupt.
fn default_int_handler(_args: &[&PyObject], _kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    Err(errors::set_none(exceptions::keyboard_interrupt()))
}

static DEFAULT_INT_HANDLER_DEF: BuiltinDef = BuiltinDef { name: "default_int_handler", func: default_int_handler };

/// The `default_int_handler` function object.
pub fn default_int_handler_object() -> PyResult<ObjRef> {
    static OBJ: OnceLock<ObjRef> = OnceLock::new();
    if let Some(o) = OBJ.get() {
        return Ok(o.clone());
    }
    let f = builtins::new_builtin_function(&DEFAULT_INT_HANDLER_DEF)?;
    Ok(OBJ.get_or_init(|| f).clone())
}

/// The C handler (`signal_handler`): async-signal-safe atomics only.
extern "C" fn trip_signal(signum: libc::c_int) {
    let Some(flag) = usize::try_from(signum).ok().and_then(|i| TRIPPED.get(i)) else { return };
    flag.store(true, Ordering::Release);
    IS_TRIPPED.store(true, Ordering::Release);
    if let Some((_, main)) = MAIN.get() {
        main.set_eval_breaker_bit(rupy_gc::tstate::eval_breaker::SIGNALS_PENDING_BIT);
    }
}

/// Installs the C handler for `signum` (`PyOS_setsig`); `Err(errno)`.
fn install(signum: usize, disposition: libc::sighandler_t) -> Result<(), i32> {
    // SAFETY: a zeroed sigaction is a valid value to fill in; sigaction
    // reads it and writes nothing else.
    unsafe {
        let mut act: libc::sigaction = core::mem::zeroed();
        act.sa_sigaction = disposition;
        act.sa_flags = libc::SA_ONSTACK | libc::SA_RESTART;
        libc::sigemptyset(&raw mut act.sa_mask);
        if libc::sigaction(signum as libc::c_int, &raw const act, core::ptr::null_mut()) != 0 {
            return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL));
        }
    }
    Ok(())
}

/// The disposition the process started with (`PyOS_getsig`): SIG_DFL
/// (0), SIG_IGN (1) or another handler (None).
fn initial_disposition(signum: usize) -> Option<i64> {
    // SAFETY: querying with a null new action only writes `old`.
    let old = unsafe {
        let mut old: libc::sigaction = core::mem::zeroed();
        if libc::sigaction(signum as libc::c_int, core::ptr::null(), &raw mut old) != 0 {
            return None;
        }
        old.sa_sigaction
    };
    match old {
        libc::SIG_DFL => Some(0),
        libc::SIG_IGN => Some(1),
        _ => None,
    }
}

/// `_PySignal_Init`: called once on the main thread at start-up; records
/// the main thread, fills the handler table and installs
/// `default_int_handler` for SIGINT.
pub fn init_main_thread() -> PyResult<()> {
    let gc = state::with_tstate(state::ThreadState::gc_state);
    let _ = MAIN.set((std::thread::current().id(), gc));
    let mut table: Vec<Option<ObjRef>> = Vec::with_capacity(NSIG);
    table.push(None);
    for signum in 1..NSIG {
        table.push(match initial_disposition(signum) {
            Some(d) => Some(longobject::from_i64(d)?),
            None => None,
        });
    }
    let sigint = libc::SIGINT as usize;
    if matches!(initial_disposition(sigint), Some(0)) {
        table[sigint] = Some(default_int_handler_object()?);
        let _ = install(sigint, trip_signal as *const () as libc::sighandler_t);
    }
    *HANDLERS.lock().unwrap_or_else(PoisonError::into_inner) = table;
    Ok(())
}

/// Is the calling thread the main thread (`_PyOS_IsMainThread`)?
pub fn is_main_thread() -> bool {
    MAIN.get().is_none_or(|(id, _)| *id == std::thread::current().id())
}

/// The Python-level handler of `signum`.
pub fn get_handler(signum: usize) -> Option<ObjRef> {
    HANDLERS.lock().unwrap_or_else(PoisonError::into_inner).get(signum).cloned().flatten()
}

/// `signal.signal`'s work once arguments are checked: `handler` is a
/// callable, or `ignore`/`default` for SIG_IGN/SIG_DFL. Returns the
/// previous Python-level handler; `Err(errno)` if the OS refuses.
pub fn set_handler(signum: usize, handler: &PyObject, ignore: bool, default: bool) -> Result<Option<ObjRef>, i32> {
    let disposition = if ignore {
        libc::SIG_IGN
    } else if default {
        libc::SIG_DFL
    } else {
        trip_signal as *const () as libc::sighandler_t
    };
    install(signum, disposition)?;
    let mut table = HANDLERS.lock().unwrap_or_else(PoisonError::into_inner);
    if table.len() < NSIG {
        table.resize(NSIG, None);
    }
    Ok(core::mem::replace(&mut table[signum], Some(object::new_ref(handler))))
}

/// `PyErr_SetInterruptEx`: simulates the arrival of `signum` (from any
/// thread), unless its handler is SIG_IGN or SIG_DFL; the main thread
/// runs the handler at its next eval-breaker poll. `signum` is checked
/// by the caller to be in `1..NSIG`.
pub fn set_interrupt(signum: usize) {
    let is_disposition = get_handler(signum).is_none_or(|h| {
        object::is_type(&h, &longobject::INT_TYPE)
    });
    if !is_disposition {
        trip_signal(signum as libc::c_int);
    }
}

/// `_PyErr_CheckSignalsTstate`: on the main thread, runs the Python
/// handler of every signal that arrived, `handler(signum, None)`.
pub fn check_signals() -> PyResult<()> {
    if !IS_TRIPPED.load(Ordering::Acquire) || !is_main_thread() {
        return Ok(());
    }
    IS_TRIPPED.store(false, Ordering::Release);
    for (signum, flag) in TRIPPED.iter().enumerate().skip(1) {
        if !flag.swap(false, Ordering::AcqRel) {
            continue;
        }
        let Some(handler) = get_handler(signum) else { continue };
        if !crate::objects::call::is_callable(&handler) {
            continue;
        }
        let n = longobject::from_i64(signum as i64)?;
        if let Err(e) = object::call(&handler, &[&n, &object::none()]) {
            // The rest wait for the next check.
            IS_TRIPPED.store(true, Ordering::Release);
            return Err(e);
        }
    }
    Ok(())
}

