//! The `faulthandler` module, ported from Modules/faulthandler.c with the
//! traceback writer of Python/traceback.c (`_Py_DumpTraceback`,
//! `_Py_DumpASCII`, `_Py_DumpDecimal`, `_Py_DumpHexadecimal`,
//! `_Py_DumpStack`): `enable`/`disable`/`is_enabled`, `dump_traceback`,
//! `dump_c_stack`, `dump_traceback_later`/`cancel_dump_traceback_later`,
//! `register`/`unregister` and the `_sigsegv`-style test helpers.
//!
//! Everything a signal handler runs is async-signal-safe: the file
//! descriptor, flags and previous actions live in atomics and
//! preallocated slots, text is written with `write(2)` from stack
//! buffers, and frames are read through the runtime's thread-local frame
//! chain (`vm::frame::walk_frames`) without allocating.
//!
//! Only the frames of the thread running the handler can be read: other
//! threads' frame chains are thread-local (docs/quirks.md). A dump of
//! "all threads" therefore shows the current thread, and
//! `dump_traceback_later`'s watchdog asks the thread that armed it to
//! dump its own stack by sending it `SIGRTMIN`-based signal.

use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, AtomicUsize, Ordering};
use std::ffi::c_int;
use std::sync::{Condvar, Mutex, MutexGuard};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::exceptions;
use rupy::objects::floatobject;
use rupy::objects::longobject::IntObject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject::StrObject;
use rupy::vm::frame::{Frame, walk_frames};

use crate::hashlib::{self, Spec};

/// `MAX_STRING_LENGTH`: longer names are cut and end in "...".
const MAX_STRING_LENGTH: usize = 500;
/// `MAX_FRAME_DEPTH`.
const MAX_FRAME_DEPTH: usize = 100;
/// The most C frames `dump_c_stack` shows.
const C_STACK_DEPTH: usize = 100;

// ---------------------------------------------------------------------
// Async-signal-safe output.

fn write_bytes(fd: c_int, mut b: &[u8]) {
    while !b.is_empty() {
        // SAFETY: `b` is a valid buffer of `b.len()` bytes.
        let n = unsafe { libc::write(fd, b.as_ptr().cast(), b.len()) };
        if n <= 0 {
            // SAFETY: reading errno is async-signal-safe.
            if n < 0 && unsafe { *libc::__errno_location() } == libc::EINTR {
                continue;
            }
            return;
        }
        b = b.get(n as usize..).unwrap_or(&[]);
    }
}

fn write_str(fd: c_int, s: &str) {
    write_bytes(fd, s.as_bytes());
}

/// `_Py_DumpDecimal`.
fn write_decimal(fd: c_int, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    write_bytes(fd, &buf[i..]);
}

/// `_Py_DumpHexadecimal`: at least `width` digits, zero-padded.
fn write_hex(fd: c_int, mut v: u64, width: usize) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    while v != 0 || buf.len() - i < width.min(16) {
        i -= 1;
        buf[i] = DIGITS[(v & 15) as usize];
        v >>= 4;
    }
    write_bytes(fd, &buf[i..]);
}

/// `_Py_DumpASCII`: a str with non-ASCII characters escaped, cut at
/// `MAX_STRING_LENGTH` characters.
fn write_ascii(fd: c_int, o: &PyObject) {
    let Some(s) = downcast::<StrObject>(o) else {
        write_str(fd, "<not a str>");
        return;
    };
    let data = s.data();
    let mut buf = [0u8; 64];
    let mut n = 0;
    for (i, c) in data.iter().enumerate() {
        if i >= MAX_STRING_LENGTH {
            write_bytes(fd, &buf[..n]);
            write_str(fd, "...");
            return;
        }
        if n + 10 > buf.len() {
            write_bytes(fd, &buf[..n]);
            n = 0;
        }
        if (b' '..0x7f).contains(&(c as u8)) && c < 0x7f {
            buf[n] = c as u8;
            n += 1;
        } else {
            let (prefix, width) = if c <= 0xff {
                (b'x', 2)
            } else if c <= 0xffff {
                (b'u', 4)
            } else {
                (b'U', 8)
            };
            buf[n] = b'\\';
            buf[n + 1] = prefix;
            n += 2;
            for k in (0..width).rev() {
                buf[n] = b"0123456789abcdef"[((c >> (4 * k)) & 15) as usize];
                n += 1;
            }
        }
    }
    write_bytes(fd, &buf[..n]);
}

/// `dump_frame`: `  File "name", line N in func`.
fn dump_frame(fd: c_int, f: &Frame) {
    let co = &*f.code;
    write_str(fd, "  File \"");
    write_ascii(fd, &co.filename);
    write_str(fd, "\", line ");
    let line = f.lineno();
    if line >= 0 {
        write_decimal(fd, line as u64);
    } else {
        write_str(fd, "???");
    }
    write_str(fd, " in ");
    write_ascii(fd, &co.name);
    write_str(fd, "\n");
}

/// `_Py_DumpTraceback` of the calling thread: its frames, innermost
/// first, at most `MAX_FRAME_DEPTH`.
fn dump_traceback(fd: c_int, header: bool) {
    if header {
        write_str(fd, "Stack (most recent call first):\n");
    }
    let mut depth = 0;
    walk_frames(|f| {
        if depth >= MAX_FRAME_DEPTH {
            write_str(fd, "  ...\n");
            return false;
        }
        dump_frame(fd, f);
        depth += 1;
        true
    });
    if depth == 0 {
        write_str(fd, "  <no Python frame>\n");
    }
}

/// `write_thread_id`: `Current thread 0x...` or `Thread 0x...`.
fn write_thread_id(fd: c_int, current: bool) {
    write_str(fd, if current { "Current thread 0x" } else { "Thread 0x" });
    // SAFETY: pthread_self has no preconditions.
    write_hex(fd, unsafe { libc::pthread_self() } as u64, 16);
    write_str(fd, " (most recent call first):\n");
}

/// `faulthandler_dump_traceback`: the current thread's stack, with a
/// thread header when all threads were asked for.
fn dump_threads(fd: c_int, all_threads: bool, current: bool) {
    if all_threads {
        write_thread_id(fd, current);
        dump_traceback(fd, false);
    } else {
        dump_traceback(fd, true);
    }
}

unsafe extern "C" {
    fn backtrace(buffer: *mut *mut libc::c_void, size: c_int) -> c_int;
}

/// `_Py_DumpStack`: the C stack through glibc's `backtrace` (loaded
/// once by `enable`, so no allocation happens here) and `dladdr`.
fn dump_c_stack_fd(fd: c_int) {
    write_str(fd, "Current thread's C stack trace (most recent call first):\n");
    let mut frames = [core::ptr::null_mut::<libc::c_void>(); C_STACK_DEPTH];
    // SAFETY: `frames` holds C_STACK_DEPTH pointers.
    let n = unsafe { backtrace(frames.as_mut_ptr(), C_STACK_DEPTH as c_int) };
    if n <= 0 {
        write_str(fd, "  <cannot get C stack on this system>\n");
        return;
    }
    for &addr in frames.iter().take(n as usize) {
        // SAFETY: a zeroed Dl_info is a valid out-parameter.
        let mut info: libc::Dl_info = unsafe { core::mem::zeroed() };
        // SAFETY: dladdr only reads the loader's tables.
        let ok = unsafe { libc::dladdr(addr, &raw mut info) } != 0;
        if !ok || info.dli_fname.is_null() {
            write_str(fd, "  <unknown> [0x");
            write_hex(fd, addr as u64, 0);
            write_str(fd, "]\n");
            continue;
        }
        write_str(fd, "  Binary file \"");
        // SAFETY: dli_fname is a NUL-terminated path owned by the loader.
        write_bytes(fd, unsafe { std::ffi::CStr::from_ptr(info.dli_fname) }.to_bytes());
        write_str(fd, "\"");
        if !info.dli_sname.is_null() {
            write_str(fd, ", at ");
            // SAFETY: dli_sname is a NUL-terminated symbol name.
            write_bytes(fd, unsafe { std::ffi::CStr::from_ptr(info.dli_sname) }.to_bytes());
            write_str(fd, "+0x");
            write_hex(fd, (addr as u64).wrapping_sub(info.dli_saddr as u64), 0);
        }
        write_str(fd, " [0x");
        write_hex(fd, addr as u64, 0);
        write_str(fd, "]\n");
    }
}

// ---------------------------------------------------------------------
// Arguments.

fn runtime_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::runtime_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `faulthandler_get_fileno`: the descriptor of `file` (an int, a file
/// object with `fileno()`, or None for `sys.stderr`), after flushing a
/// file object; the object to keep alive with it.
fn get_fileno(file: Option<&PyObject>) -> PyResult<(c_int, Option<ObjRef>)> {
    let file: ObjRef = match file {
        Some(f) if !object::is_none(f) => object::new_ref(f),
        _ => {
            let sys = rupy::import::import_module("sys")?;
            let Ok(f) = object::get_attr_str(&sys, "stderr") else {
                errors::clear();
                return Err(runtime_error("unable to get sys.stderr"));
            };
            if object::is_none(&f) {
                return Err(runtime_error("sys.stderr is None"));
            }
            f
        }
    };
    if downcast::<IntObject>(&file).is_some() {
        let fd = hashlib::int_arg(&file)?;
        if fd < 0 {
            return Err(value_error("file is not a valid file descriptor"));
        }
        return Ok((fd, None));
    }
    let r = object::call(&*object::get_attr_str(&file, "fileno")?, &[])?;
    let fd = if downcast::<IntObject>(&r).is_some() { hashlib::int_arg(&r)? } else { -1 };
    if fd < 0 {
        return Err(runtime_error("file.fileno() is not a valid file descriptor"));
    }
    if let Ok(flush) = object::get_attr_str(&file, "flush") {
        if object::call(&flush, &[]).is_err() {
            // Like CPython: a failing flush is ignored.
            errors::clear();
        }
    } else {
        errors::clear();
    }
    Ok((fd, Some(file)))
}

// ---------------------------------------------------------------------
// Fatal signals.

/// A `struct sigaction` slot written by the Python-facing functions
/// (under `STATE`) while its signal's handler is not installed, and
/// read by the handler.
struct ActionSlot(UnsafeCell<MaybeUninit<libc::sigaction>>);

// SAFETY: see the type's comment: writes happen under `STATE` before the
// handler that reads the slot is installed, and after it is removed.
unsafe impl Sync for ActionSlot {}

impl ActionSlot {
    const fn new() -> ActionSlot {
        ActionSlot(UnsafeCell::new(MaybeUninit::zeroed()))
    }

    fn ptr(&self) -> *mut libc::sigaction {
        self.0.get().cast()
    }
}

/// `faulthandler_handlers`: the fatal signals and their names.
static FATAL_SIGNALS: [(c_int, &str); 5] = [
    (libc::SIGBUS, "Bus error"),
    (libc::SIGILL, "Illegal instruction"),
    (libc::SIGFPE, "Floating-point exception"),
    (libc::SIGABRT, "Aborted"),
    (libc::SIGSEGV, "Segmentation fault"),
];
static FATAL_PREVIOUS: [ActionSlot; 5] = [const { ActionSlot::new() }; 5];
static FATAL_INSTALLED: [AtomicBool; 5] = [const { AtomicBool::new(false) }; 5];

static FATAL_ENABLED: AtomicBool = AtomicBool::new(false);
static FATAL_FD: AtomicI32 = AtomicI32::new(2);
static FATAL_ALL_THREADS: AtomicBool = AtomicBool::new(true);
static FATAL_C_STACK: AtomicBool = AtomicBool::new(true);

/// The Python-side state: the file objects kept alive while their
/// descriptors are in use (`fatal_error.file`, `thread.file`,
/// `user_signals[i].file`).
struct State {
    fatal_file: Option<ObjRef>,
    later_file: Option<ObjRef>,
    user_files: Vec<(c_int, ObjRef)>,
}

static STATE: Mutex<State> = Mutex::new(State { fatal_file: None, later_file: None, user_files: Vec::new() });

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `faulthandler_fatal_error`: writes the error and the stack, restores
/// the previous action and raises the signal again.
extern "C" fn fatal_error(signum: c_int) {
    let Some(i) = FATAL_SIGNALS.iter().position(|(s, _)| *s == signum) else { return };
    // SAFETY: reading errno is async-signal-safe; it is restored below.
    let saved_errno = unsafe { *libc::__errno_location() };
    if !FATAL_INSTALLED[i].swap(false, Ordering::AcqRel) {
        return;
    }
    // SAFETY: the slot was filled when the handler was installed.
    unsafe { libc::sigaction(signum, FATAL_PREVIOUS[i].ptr(), core::ptr::null_mut()) };
    let fd = FATAL_FD.load(Ordering::Relaxed);
    write_str(fd, "Fatal Python error: ");
    write_str(fd, FATAL_SIGNALS[i].1);
    write_str(fd, "\n\n");
    if FATAL_ALL_THREADS.load(Ordering::Relaxed) {
        if rupy::state::ceval_gil::is_enabled() {
            write_thread_id(fd, true);
            dump_traceback(fd, false);
        } else {
            write_str(fd, "<Cannot show all threads while the GIL is disabled>\n");
            dump_traceback(fd, true);
        }
    } else {
        dump_traceback(fd, true);
    }
    if FATAL_C_STACK.load(Ordering::Relaxed) {
        write_str(fd, "\n");
        dump_c_stack_fd(fd);
    }
    // SAFETY: restoring errno; then the signal goes to the previous
    // action (delivered at once: SA_NODEFER).
    unsafe { *libc::__errno_location() = saved_errno };
    raise_fatal(signum);
}

/// `raise(signum)` for a fatal signal. A handler that only resets the
/// default action and returns (Rust's stack-overflow handler does, for a
/// fault it does not own) leaves the signal to the faulting instruction
/// running again, which a raised signal does not have: raise it again.
fn raise_fatal(signum: c_int) {
    // SAFETY: raise and a sigaction query are async-signal-safe; `cur`
    // is a valid out-parameter.
    unsafe {
        libc::raise(signum);
        let mut cur: libc::sigaction = core::mem::zeroed();
        if libc::sigaction(signum, core::ptr::null(), &raw mut cur) == 0 && cur.sa_sigaction == libc::SIG_DFL {
            libc::raise(signum);
        }
    }
}

/// Installs the fatal handlers (`faulthandler_enable`).
fn install_fatal() -> PyResult<()> {
    for (i, (signum, _)) in FATAL_SIGNALS.iter().enumerate() {
        if FATAL_INSTALLED[i].load(Ordering::Acquire) {
            continue;
        }
        // SAFETY: a zeroed sigaction with a handler, an empty mask and
        // SA_NODEFER|SA_ONSTACK is valid; the previous action is stored in
        // the slot before the handler can read it.
        let r = unsafe {
            let mut act: libc::sigaction = core::mem::zeroed();
            act.sa_sigaction = fatal_error as *const () as libc::sighandler_t;
            libc::sigemptyset(&raw mut act.sa_mask);
            act.sa_flags = libc::SA_NODEFER | libc::SA_ONSTACK;
            libc::sigaction(*signum, &raw const act, FATAL_PREVIOUS[i].ptr())
        };
        if r != 0 {
            return Err(exceptions::set_from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None));
        }
        FATAL_INSTALLED[i].store(true, Ordering::Release);
    }
    Ok(())
}

/// Restores the previous actions (`faulthandler_disable`).
fn uninstall_fatal() {
    for (i, (signum, _)) in FATAL_SIGNALS.iter().enumerate() {
        if FATAL_INSTALLED[i].swap(false, Ordering::AcqRel) {
            // SAFETY: the slot holds the action saved at install time.
            unsafe { libc::sigaction(*signum, FATAL_PREVIOUS[i].ptr(), core::ptr::null_mut()) };
        }
    }
}

/// An alternate signal stack for the calling thread, so a stack overflow
/// can still be reported (`faulthandler_allocate_stack`).
fn allocate_alt_stack() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        let size = libc::SIGSTKSZ.max(64 * 1024);
        let mem = Box::leak(vec![0u8; size].into_boxed_slice());
        let ss = libc::stack_t { ss_sp: mem.as_mut_ptr().cast(), ss_flags: 0, ss_size: size };
        // SAFETY: `mem` is leaked, so the stack outlives the process's use of it.
        unsafe { libc::sigaltstack(&raw const ss, core::ptr::null_mut()) };
        // Load libgcc's unwinder now: backtrace's first call allocates.
        let mut frames = [core::ptr::null_mut::<libc::c_void>(); 2];
        // SAFETY: `frames` holds two pointers.
        unsafe { backtrace(frames.as_mut_ptr(), 2) };
    });
}

/// `enable(file=sys.stderr, all_threads=True, c_stack=True)`.
fn enable(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "enable", names: &["file", "all_threads", "c_stack"], posonly: 0, max_pos: 3, required: 0 }, args, kwnames)?;
    let (fd, file) = get_fileno(a[0])?;
    let all_threads = hashlib::bool_arg(a[1], true)?;
    let c_stack = hashlib::bool_arg(a[2], true)?;
    allocate_alt_stack();
    let mut st = state();
    FATAL_FD.store(fd, Ordering::Relaxed);
    FATAL_ALL_THREADS.store(all_threads, Ordering::Relaxed);
    FATAL_C_STACK.store(c_stack, Ordering::Relaxed);
    st.fatal_file = file;
    install_fatal()?;
    FATAL_ENABLED.store(true, Ordering::Release);
    Ok(object::none())
}

/// A `METH_NOARGS` function's argument check.
fn no_args(name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<()> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), &format!("faulthandler.{name}() takes no keyword arguments")));
    }
    if !args.is_empty() {
        return Err(errors::set_string(exceptions::type_error(), &format!("faulthandler.{name}() takes no arguments ({} given)", args.len())));
    }
    Ok(())
}

/// `disable()`: True if the handlers were enabled.
fn disable(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("disable", args, kwnames)?;
    let mut st = state();
    let was = FATAL_ENABLED.swap(false, Ordering::AcqRel);
    uninstall_fatal();
    st.fatal_file = None;
    Ok(boolobject::from_bool(was))
}

fn is_enabled(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("is_enabled", args, kwnames)?;
    Ok(boolobject::from_bool(FATAL_ENABLED.load(Ordering::Acquire)))
}

/// `dump_traceback(file=sys.stderr, all_threads=True)`.
fn py_dump_traceback(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "dump_traceback", names: &["file", "all_threads"], posonly: 0, max_pos: 2, required: 0 }, args, kwnames)?;
    let (fd, file) = get_fileno(a[0])?;
    let all_threads = hashlib::bool_arg(a[1], true)?;
    dump_threads(fd, all_threads, true);
    drop(file);
    Ok(object::none())
}

/// `dump_c_stack(file=sys.stderr)`.
fn dump_c_stack(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "dump_c_stack", names: &["file"], posonly: 0, max_pos: 1, required: 0 }, args, kwnames)?;
    let (fd, file) = get_fileno(a[0])?;
    allocate_alt_stack();
    dump_c_stack_fd(fd);
    drop(file);
    Ok(object::none())
}

// ---------------------------------------------------------------------
// User signals (`register` / `unregister`).

const NSIG: usize = 65;

struct UserSignal {
    enabled: AtomicBool,
    fd: AtomicI32,
    all_threads: AtomicBool,
    chain: AtomicBool,
    previous: ActionSlot,
}

static USER_SIGNALS: [UserSignal; NSIG] = [const {
    UserSignal {
        enabled: AtomicBool::new(false),
        fd: AtomicI32::new(2),
        all_threads: AtomicBool::new(true),
        chain: AtomicBool::new(false),
        previous: ActionSlot::new(),
    }
}; NSIG];

/// `faulthandler_user`: dumps the stack, then calls the previous handler
/// when chained.
extern "C" fn user_signal(signum: c_int) {
    let Some(u) = usize::try_from(signum).ok().and_then(|i| USER_SIGNALS.get(i)) else { return };
    if !u.enabled.load(Ordering::Acquire) {
        return;
    }
    // SAFETY: reading errno is async-signal-safe; it is restored below.
    let saved_errno = unsafe { *libc::__errno_location() };
    dump_threads(u.fd.load(Ordering::Relaxed), u.all_threads.load(Ordering::Relaxed), true);
    if u.chain.load(Ordering::Relaxed) {
        // SAFETY: the slot holds the action replaced by `register`.
        let prev = unsafe { &*u.previous.ptr() };
        let h = prev.sa_sigaction;
        if h != libc::SIG_DFL && h != libc::SIG_IGN && h != 0 {
            if prev.sa_flags & libc::SA_SIGINFO != 0 {
                // SAFETY: an SA_SIGINFO handler takes (signum, info,
                // context); it is given no info or context, as a raise()
                // from user code would leave them uninformative.
                let f: extern "C" fn(c_int, *mut libc::siginfo_t, *mut libc::c_void) = unsafe { core::mem::transmute(h) };
                f(signum, core::ptr::null_mut(), core::ptr::null_mut());
            } else {
                // SAFETY: a plain handler takes the signal number.
                let f: extern "C" fn(c_int) = unsafe { core::mem::transmute(h) };
                f(signum);
            }
        }
    }
    // SAFETY: restoring errno.
    unsafe { *libc::__errno_location() = saved_errno };
}

fn check_signum(signum: c_int) -> PyResult<usize> {
    if FATAL_SIGNALS.iter().any(|(s, _)| *s == signum) {
        return Err(runtime_error(&format!("signal {signum} cannot be registered, use enable() instead")));
    }
    match usize::try_from(signum) {
        Ok(i) if (1..NSIG).contains(&i) => Ok(i),
        _ => Err(value_error("signal number out of range")),
    }
}

/// `register(signum, file=sys.stderr, all_threads=True, chain=False)`.
fn register(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(
        &Spec { fname: "register", names: &["signum", "file", "all_threads", "chain"], posonly: 0, max_pos: 4, required: 1 },
        args,
        kwnames,
    )?;
    let signum = hashlib::int_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let i = check_signum(signum)?;
    let (fd, file) = get_fileno(a[1])?;
    let all_threads = hashlib::bool_arg(a[2], true)?;
    let chain = hashlib::bool_arg(a[3], false)?;
    let u = &USER_SIGNALS[i];
    let mut st = state();
    u.fd.store(fd, Ordering::Relaxed);
    u.all_threads.store(all_threads, Ordering::Relaxed);
    u.chain.store(chain, Ordering::Relaxed);
    if !u.enabled.load(Ordering::Acquire) {
        // SAFETY: as in `install_fatal`; SA_RESTART unless chained, as
        // CPython does, so interrupted calls resume.
        let r = unsafe {
            let mut act: libc::sigaction = core::mem::zeroed();
            act.sa_sigaction = user_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&raw mut act.sa_mask);
            act.sa_flags = libc::SA_ONSTACK | if chain { libc::SA_NODEFER } else { libc::SA_RESTART };
            libc::sigaction(signum, &raw const act, u.previous.ptr())
        };
        if r != 0 {
            return Err(exceptions::set_from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None));
        }
        u.enabled.store(true, Ordering::Release);
    }
    st.user_files.retain(|(s, _)| *s != signum);
    if let Some(f) = file {
        st.user_files.push((signum, f));
    }
    Ok(object::none())
}

/// `unregister(signum)`: True if a handler was registered.
fn unregister(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "unregister", names: &["signum"], posonly: 1, max_pos: 1, required: 1 }, args, kwnames)?;
    let signum = hashlib::int_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let i = check_signum(signum)?;
    let u = &USER_SIGNALS[i];
    let mut st = state();
    let was = u.enabled.swap(false, Ordering::AcqRel);
    if was {
        // SAFETY: the slot holds the action saved by `register`.
        unsafe { libc::sigaction(signum, u.previous.ptr(), core::ptr::null_mut()) };
    }
    st.user_files.retain(|(s, _)| *s != signum);
    Ok(boolobject::from_bool(was))
}

// ---------------------------------------------------------------------
// The watchdog (`dump_traceback_later`).

/// What the armed watchdog does; `generation` changes on every arm and
/// cancel so a stale watchdog thread exits.
struct Watchdog {
    generation: u64,
    armed: bool,
    timeout_us: u64,
    repeat: bool,
    exit: bool,
    fd: c_int,
    target: libc::pthread_t,
    header: String,
}

static WATCHDOG: Mutex<Option<Watchdog>> = Mutex::new(None);
static WATCHDOG_CV: Condvar = Condvar::new();
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Set by the dump signal's handler once the stack is written.
static LATER_DONE: AtomicUsize = AtomicUsize::new(0);
static LATER_FD: AtomicI32 = AtomicI32::new(2);

/// The signal the watchdog sends to the armed thread (a real-time signal
/// that Lib's modules do not use).
fn dump_signal() -> c_int {
    libc::SIGRTMIN() + 6
}

extern "C" fn later_signal(_signum: c_int) {
    // SAFETY: reading errno is async-signal-safe; it is restored below.
    let saved_errno = unsafe { *libc::__errno_location() };
    let fd = LATER_FD.load(Ordering::Relaxed);
    write_thread_id(fd, false);
    dump_traceback(fd, false);
    LATER_DONE.fetch_add(1, Ordering::Release);
    // SAFETY: restoring errno.
    unsafe { *libc::__errno_location() = saved_errno };
}

fn watchdog_lock() -> MutexGuard<'static, Option<Watchdog>> {
    WATCHDOG.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `faulthandler_thread`: waits for the timeout unless cancelled, then
/// has the armed thread dump its stack.
fn watchdog_thread(generation: u64) {
    let mut g = watchdog_lock();
    loop {
        let Some(w) = g.as_ref() else { return };
        if w.generation != generation || !w.armed {
            return;
        }
        let timeout = std::time::Duration::from_micros(w.timeout_us);
        let (ng, res) = WATCHDOG_CV
            .wait_timeout_while(g, timeout, |w| w.as_ref().is_some_and(|w| w.generation == generation && w.armed))
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        g = ng;
        if !res.timed_out() {
            return;
        }
        let Some(w) = g.as_ref() else { return };
        write_str(w.fd, &w.header);
        LATER_FD.store(w.fd, Ordering::Relaxed);
        let before = LATER_DONE.load(Ordering::Acquire);
        // SAFETY: the target is the thread that armed the watchdog; a
        // thread that has exited makes pthread_kill fail with ESRCH only
        // while its id is not reused, the same guarantee CPython's
        // watchdog has for the thread states it reads.
        let sent = unsafe { libc::pthread_kill(w.target, dump_signal()) } == 0;
        if sent {
            let start = std::time::Instant::now();
            while LATER_DONE.load(Ordering::Acquire) == before && start.elapsed() < std::time::Duration::from_secs(1) {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        if w.exit {
            // SAFETY: _exit ends the process at once, as CPython's watchdog does.
            unsafe { libc::_exit(1) };
        }
        if !w.repeat {
            if let Some(w) = g.as_mut() {
                w.armed = false;
            }
            return;
        }
    }
}

/// `format_timeout`: `Timeout (H:MM:SS[.ffffff])!\n`.
fn format_timeout(us: u64) -> String {
    let (sec, frac) = (us / 1_000_000, us % 1_000_000);
    let (min, sec) = (sec / 60, sec % 60);
    let (hour, min) = (min / 60, min % 60);
    if frac != 0 { format!("Timeout ({hour}:{min:02}:{sec:02}.{frac:06})!\n") } else { format!("Timeout ({hour}:{min:02}:{sec:02})!\n") }
}

/// `dump_traceback_later(timeout, repeat=False, file=sys.stderr, exit=False)`.
fn dump_traceback_later(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(
        &Spec { fname: "dump_traceback_later", names: &["timeout", "repeat", "file", "exit"], posonly: 0, max_pos: 4, required: 1 },
        args,
        kwnames,
    )?;
    let t = a[0].ok_or_else(errors::bad_internal_call)?;
    let secs = floatobject::number_float(t)?;
    // `_PyTime_FromSecondsObject`: nanoseconds in an i64.
    if secs.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    let ns = secs * 1e9;
    if !(ns >= i64::MIN as f64 && ns < i64::MAX as f64) {
        return Err(errors::set_string(exceptions::overflow_error(), "timestamp out of range for C PyTime_t"));
    }
    let us = secs * 1e6;
    if us <= 0.0 {
        return Err(value_error("timeout must be greater than 0"));
    }
    let timeout_us = us.ceil() as u64;
    let repeat = hashlib::bool_arg(a[1], false)?;
    let (fd, file) = get_fileno(a[2])?;
    let exit = hashlib::bool_arg(a[3], false)?;
    install_later_handler()?;
    let generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    {
        let mut g = watchdog_lock();
        *g = Some(Watchdog {
            generation,
            armed: true,
            timeout_us,
            repeat,
            exit,
            fd,
            // SAFETY: pthread_self has no preconditions.
            target: unsafe { libc::pthread_self() },
            header: format_timeout(timeout_us),
        });
        WATCHDOG_CV.notify_all();
    }
    state().later_file = file;
    std::thread::Builder::new()
        .name("faulthandler".into())
        .spawn(move || watchdog_thread(generation))
        .map_err(|_| runtime_error("unable to start watchdog thread"))?;
    Ok(object::none())
}

fn install_later_handler() -> PyResult<()> {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    let mut err = 0;
    INSTALLED.call_once(|| {
        // SAFETY: as in `install_fatal`; SA_RESTART so interrupted calls resume.
        let r = unsafe {
            let mut act: libc::sigaction = core::mem::zeroed();
            act.sa_sigaction = later_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&raw mut act.sa_mask);
            act.sa_flags = libc::SA_RESTART | libc::SA_ONSTACK;
            libc::sigaction(dump_signal(), &raw const act, core::ptr::null_mut())
        };
        if r != 0 {
            err = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        }
    });
    if err != 0 { Err(exceptions::set_from_errno(err, None)) } else { Ok(()) }
}

/// `cancel_dump_traceback_later()`.
fn cancel_dump_traceback_later(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("cancel_dump_traceback_later", args, kwnames)?;
    {
        let mut g = watchdog_lock();
        *g = None;
        WATCHDOG_CV.notify_all();
    }
    state().later_file = None;
    Ok(object::none())
}

// ---------------------------------------------------------------------
// Test helpers (`faulthandler__sigsegv` ...).

fn sigsegv(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "_sigsegv", names: &["release_gil"], posonly: 1, max_pos: 1, required: 0 }, args, kwnames)?;
    let release = hashlib::bool_arg(a[0], false)?;
    let raise = || raise_fatal(libc::SIGSEGV);
    if release { rupy::state::allow_threads(raise) } else { raise() }
    Ok(object::none())
}

fn sigabrt(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_sigabrt", args, kwnames)?;
    // SAFETY: abort is what this test helper is for.
    unsafe { libc::abort() }
}

fn sigfpe(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_sigfpe", args, kwnames)?;
    raise_fatal(libc::SIGFPE);
    Ok(object::none())
}

fn read_null(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("_read_null", args, kwnames)?;
    // SAFETY: not safe: reading address 0 faults on purpose, which is
    // what this test helper is for (the volatile read is not optimized out).
    let v = unsafe { core::ptr::read_volatile(core::ptr::null::<c_int>()) };
    rupy::objects::longobject::from_i64(i64::from(v))
}

static FUNCTIONS: [BuiltinDef; 13] = [
    BuiltinDef { name: "enable", func: enable },
    BuiltinDef { name: "disable", func: disable },
    BuiltinDef { name: "is_enabled", func: is_enabled },
    BuiltinDef { name: "dump_traceback", func: py_dump_traceback },
    BuiltinDef { name: "dump_c_stack", func: dump_c_stack },
    BuiltinDef { name: "dump_traceback_later", func: dump_traceback_later },
    BuiltinDef { name: "cancel_dump_traceback_later", func: cancel_dump_traceback_later },
    BuiltinDef { name: "register", func: register },
    BuiltinDef { name: "unregister", func: unregister },
    BuiltinDef { name: "_sigsegv", func: sigsegv },
    BuiltinDef { name: "_sigabrt", func: sigabrt },
    BuiltinDef { name: "_sigfpe", func: sigfpe },
    BuiltinDef { name: "_read_null", func: read_null },
];

/// `PyInit_faulthandler`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("faulthandler")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
