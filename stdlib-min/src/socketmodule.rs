//! The `_socket` module, ported from Modules/socketmodule.c for the
//! families programs use most: IPv4, IPv6 and Unix sockets, stream and
//! datagram, with CPython's timeout model (a socket with a timeout is
//! non-blocking underneath and waits with poll), name resolution
//! (`getaddrinfo`, `gethostbyname`), byte-order and address helpers, and
//! the constants Lib's `socket` turns into enums. The descriptor and
//! timeout live in atomics, so one socket can be used and closed from
//! several threads; blocking calls run detached from the runtime.

use std::ffi::{CStr, CString};
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::floatobject::{self, FloatObject};
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::parse;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn os_error(errno: i32) -> errors::ErrSet {
    exceptions::set_from_errno(errno, None)
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
}

fn int(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

fn str_obj(s: &str) -> PyResult<ObjRef> {
    unicodeobject::from_str(s).map(into_obj)
}

/// A new exception class `_socket.<name>` deriving from `base`.
fn make_class(name: &str, base: &PyObject) -> PyResult<ObjRef> {
    let n = unicodeobject::from_str(name)?;
    let bases = tupleobject::from_slice(&[base])?;
    let ns = DictObject::new()?;
    ns.set_item(&*unicodeobject::intern_str("__module__")?, &*unicodeobject::intern_str("socket")?)?;
    let cls = object::call(as_obj(&rupy::objects::typeobject::TYPE_TYPE), &[as_obj(&*n), as_obj(&*bases), as_obj(&*ns)])?;
    cls.header().set_immortal();
    Ok(cls)
}

/// `socket.gaierror`, made once.
fn gaierror_class() -> PyResult<ObjRef> {
    static CLS: OnceLock<usize> = OnceLock::new();
    if let Some(&p) = CLS.get() {
        // SAFETY: an immortal class made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let cls = make_class("gaierror", as_obj(exceptions::os_error()))?;
    let p = *CLS.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: as above.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// `socket.herror`, made once.
fn herror_class() -> PyResult<ObjRef> {
    static CLS: OnceLock<usize> = OnceLock::new();
    if let Some(&p) = CLS.get() {
        // SAFETY: an immortal class made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let cls = make_class("herror", as_obj(exceptions::os_error()))?;
    let p = *CLS.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: as above.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// `set_gaierror`: gaierror(code, gai_strerror(code)).
fn gai_error(code: i32) -> errors::ErrSet {
    if code == libc::EAI_SYSTEM {
        return os_error(last_errno());
    }
    let r = (|| -> PyResult<ObjRef> {
        // SAFETY: gai_strerror returns a static string.
        let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned();
        let cls = gaierror_class()?;
        object::call(&cls, &[&*int(i64::from(code))?, &*str_obj(&msg)?])
    })();
    match r {
        Ok(e) => errors::set_raised(e),
        Err(e) => e,
    }
}

fn timed_out() -> errors::ErrSet {
    errors::set_string(exceptions::timeout_error(), "timed out")
}

/// The default timeout for new sockets, as f64 bits (negative: none).
static DEFAULT_TIMEOUT: AtomicU64 = AtomicU64::new(0xbff0_0000_0000_0000); // -1.0

// ---------------------------------------------------------------------
// Socket objects.

/// `PySocketSockObject`.
#[repr(C)]
pub struct SocketObject {
    ob_base: ObjectHeader,
    fd: AtomicI32,
    family: AtomicI32,
    kind: AtomicI32,
    proto: AtomicI32,
    /// Seconds as f64 bits; negative for blocking without timeout.
    timeout: AtomicU64,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SocketObject {}

fn sock_of(v: &PyObject) -> PyResult<&SocketObject> {
    if !object::type_check(v, &SOCKET_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: socket instances (and subclass instances) start with this layout.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<SocketObject>() })
}

impl SocketObject {
    fn fd(&self) -> i32 {
        self.fd.load(Ordering::Acquire)
    }

    fn timeout(&self) -> Option<f64> {
        let t = f64::from_bits(self.timeout.load(Ordering::Relaxed));
        (t >= 0.0).then_some(t)
    }

    /// `internal_setblocking`: O_NONBLOCK unless blocking without timeout.
    fn apply_blocking(&self) -> PyResult<()> {
        let fd = self.fd();
        if fd < 0 {
            return Ok(());
        }
        let nonblock = self.timeout().is_some();
        // SAFETY: fcntl on a descriptor number; errors are reported.
        unsafe {
            let fl = libc::fcntl(fd, libc::F_GETFL);
            if fl < 0 {
                return Err(os_error(last_errno()));
            }
            let nfl = if nonblock { fl | libc::O_NONBLOCK } else { fl & !libc::O_NONBLOCK };
            if nfl != fl && libc::fcntl(fd, libc::F_SETFL, nfl) < 0 {
                return Err(os_error(last_errno()));
            }
        }
        Ok(())
    }

    /// `sock_call_ex`: runs `op` (a non-blocking-aware syscall returning
    /// -1 and errno on failure) with the socket's timeout: a socket with
    /// a timeout waits for readiness (`writing` or reading) with poll.
    fn call(&self, writing: bool, mut op: impl FnMut(i32) -> isize) -> PyResult<isize> {
        let deadline = self.timeout().filter(|t| *t > 0.0).map(|t| Instant::now() + Duration::from_secs_f64(t));
        loop {
            let fd = self.fd();
            if fd < 0 {
                return Err(os_error(libc::EBADF));
            }
            if let Some(d) = deadline {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(timed_out());
                }
                let mut p = libc::pollfd { fd, events: if writing { libc::POLLOUT } else { libc::POLLIN }, revents: 0 };
                let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
                // SAFETY: one pollfd on the stack.
                let n = rupy::state::allow_threads(|| unsafe { libc::poll(&raw mut p, 1, ms) });
                if n < 0 {
                    let e = last_errno();
                    if e == libc::EINTR {
                        rupy::signals::check_signals()?;
                        continue;
                    }
                    return Err(os_error(e));
                }
                if n == 0 {
                    return Err(timed_out());
                }
            }
            let r = rupy::state::allow_threads(|| op(fd));
            if r >= 0 {
                return Ok(r);
            }
            let e = last_errno();
            if e == libc::EINTR {
                rupy::signals::check_signals()?;
                continue;
            }
            if deadline.is_some() && (e == libc::EAGAIN || e == libc::EWOULDBLOCK) {
                continue;
            }
            return Err(os_error(e));
        }
    }
}

/// A socket address in C form.
struct SockAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    fn empty() -> SockAddr {
        // SAFETY: sockaddr_storage is plain data.
        SockAddr { storage: unsafe { core::mem::zeroed() }, len: size_of::<libc::sockaddr_storage>() as libc::socklen_t }
    }

    fn ptr(&self) -> *const libc::sockaddr {
        (&raw const self.storage).cast()
    }

    fn mut_ptr(&mut self) -> *mut libc::sockaddr {
        (&raw mut self.storage).cast()
    }
}

/// Resolves a host for `family` (`setipaddr`): '' is any address,
/// '<broadcast>' the broadcast address, else a numeric or resolved name.
fn resolve_host(host: &str, family: i32) -> PyResult<SockAddr> {
    let mut out = SockAddr::empty();
    if host.is_empty() || host == "<broadcast>" {
        if family == libc::AF_INET6 {
            let sin6 = libc::sockaddr_in6 { sin6_family: libc::AF_INET6 as u16, sin6_port: 0, sin6_flowinfo: 0, sin6_addr: libc::in6_addr { s6_addr: [0; 16] }, sin6_scope_id: 0 };
            // SAFETY: storage is large enough for any sockaddr.
            unsafe { core::ptr::write(out.mut_ptr().cast(), sin6) };
            out.len = size_of::<libc::sockaddr_in6>() as libc::socklen_t;
        } else {
            let ip = if host.is_empty() { 0u32 } else { u32::MAX };
            let sin = libc::sockaddr_in { sin_family: libc::AF_INET as u16, sin_port: 0, sin_addr: libc::in_addr { s_addr: ip.to_be() }, sin_zero: [0; 8] };
            // SAFETY: as above.
            unsafe { core::ptr::write(out.mut_ptr().cast(), sin) };
            out.len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
        }
        return Ok(out);
    }
    let c = CString::new(host).map_err(|_| type_error("host name must not contain null character"))?;
    // SAFETY: hints is plain data; getaddrinfo fills `res`, freed below.
    unsafe {
        let mut hints: libc::addrinfo = core::mem::zeroed();
        hints.ai_family = family;
        let mut res: *mut libc::addrinfo = core::ptr::null_mut();
        let rc = rupy::state::allow_threads(|| libc::getaddrinfo(c.as_ptr(), core::ptr::null(), &raw const hints, &raw mut res));
        if rc != 0 {
            return Err(gai_error(rc));
        }
        let ai = &*res;
        core::ptr::copy_nonoverlapping(ai.ai_addr.cast::<u8>(), out.mut_ptr().cast::<u8>(), ai.ai_addrlen as usize);
        out.len = ai.ai_addrlen;
        libc::freeaddrinfo(res);
    }
    Ok(out)
}

/// `getsockaddrarg`: a Python address for `family` in C form.
fn sockaddr_arg(family: i32, addr: &PyObject, fname: &str) -> PyResult<SockAddr> {
    if family == libc::AF_UNIX {
        let path: Vec<u8> = match downcast::<StrObject>(addr) {
            Some(s) => s.to_string_lossy().into_bytes(),
            None => bytesobject::bytes_like(addr).map(|b| b.into_owned()).ok_or_else(|| {
                type_error(&format!("{fname}(): AF_UNIX address must be str or bytes, not {}", type_of(addr).name()))
            })?,
        };
        let mut out = SockAddr::empty();
        // SAFETY: writing a sockaddr_un into storage.
        let un = unsafe { &mut *out.mut_ptr().cast::<libc::sockaddr_un>() };
        if path.len() >= un.sun_path.len() {
            return Err(os_error(libc::ENAMETOOLONG));
        }
        un.sun_family = libc::AF_UNIX as u16;
        for (d, s) in un.sun_path.iter_mut().zip(&path) {
            *d = *s as libc::c_char;
        }
        out.len = (size_of::<libc::sa_family_t>() + path.len() + usize::from(path.first() != Some(&0))) as libc::socklen_t;
        return Ok(out);
    }
    let Some(t) = downcast::<TupleObject>(addr) else {
        let what = if family == libc::AF_INET6 { "AF_INET6" } else { "AF_INET" };
        return Err(type_error(&format!("{fname}(): {what} address must be tuple, not {}", type_of(addr).name())));
    };
    let items = t.as_slice();
    let ok_len = if family == libc::AF_INET6 { (2..=4).contains(&items.len()) } else { items.len() == 2 };
    if !ok_len {
        return Err(type_error(&format!(
            "{fname}(): AF_INET{} address must be a pair (host, port)",
            if family == libc::AF_INET6 { "6" } else { "" }
        )));
    }
    let host = match downcast::<StrObject>(&items[0]) {
        Some(s) => s.to_string_lossy(),
        None => match downcast::<BytesObject>(&items[0]) {
            Some(b) => String::from_utf8_lossy(b.as_bytes()).into_owned(),
            None => return Err(type_error(&format!("str, bytes or bytearray expected, not {}", type_of(&items[0]).name()))),
        },
    };
    let port = r#abstract::as_ssize(&items[1], Some(exceptions::overflow_error()))?;
    if !(0..=65535).contains(&port) {
        return Err(errors::set_string(exceptions::overflow_error(), &format!("{fname}(): port must be 0-65535.")));
    }
    let mut out = resolve_host(&host, family)?;
    // SAFETY: the storage holds the family's sockaddr written above.
    unsafe {
        if family == libc::AF_INET6 {
            let s6 = &mut *out.mut_ptr().cast::<libc::sockaddr_in6>();
            s6.sin6_port = (port as u16).to_be();
            if let Some(f) = items.get(2) {
                s6.sin6_flowinfo = (r#abstract::as_ssize(f, None)? as u32).to_be();
            }
            if let Some(sc) = items.get(3) {
                s6.sin6_scope_id = r#abstract::as_ssize(sc, None)? as u32;
            }
        } else {
            (*out.mut_ptr().cast::<libc::sockaddr_in>()).sin_port = (port as u16).to_be();
        }
    }
    Ok(out)
}

/// `makesockaddr`: a C address as Python.
fn make_sockaddr(addr: &SockAddr) -> PyResult<ObjRef> {
    if addr.len == 0 {
        return Ok(object::none());
    }
    // SAFETY: reading the family field common to all sockaddrs.
    let family = i32::from(unsafe { (*addr.ptr()).sa_family });
    match family {
        libc::AF_INET => {
            // SAFETY: an AF_INET address.
            let sin = unsafe { &*addr.ptr().cast::<libc::sockaddr_in>() };
            let ip = std::net::Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            let host = str_obj(&ip.to_string())?;
            let port = int(i64::from(u16::from_be(sin.sin_port)))?;
            tupleobject::from_slice(&[&host, &port]).map(into_obj)
        }
        libc::AF_INET6 => {
            // SAFETY: an AF_INET6 address.
            let s6 = unsafe { &*addr.ptr().cast::<libc::sockaddr_in6>() };
            let ip = std::net::Ipv6Addr::from(s6.sin6_addr.s6_addr);
            let host = str_obj(&ip.to_string())?;
            let port = int(i64::from(u16::from_be(s6.sin6_port)))?;
            let flow = int(i64::from(u32::from_be(s6.sin6_flowinfo)))?;
            let scope = int(i64::from(s6.sin6_scope_id))?;
            tupleobject::from_slice(&[&host, &port, &flow, &scope]).map(into_obj)
        }
        libc::AF_UNIX => {
            // SAFETY: an AF_UNIX address.
            let un = unsafe { &*addr.ptr().cast::<libc::sockaddr_un>() };
            let n = (addr.len as usize).saturating_sub(size_of::<libc::sa_family_t>()).min(un.sun_path.len());
            let raw: Vec<u8> = un.sun_path[..n].iter().map(|&c| c as u8).collect();
            if raw.first() == Some(&0) {
                return bytesobject::from_bytes(&raw).map(into_obj);
            }
            let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
            str_obj(&String::from_utf8_lossy(&raw[..end]))
        }
        other => {
            let f = int(i64::from(other))?;
            let b = into_obj(bytesobject::from_bytes(&[])?);
            tupleobject::from_slice(&[&f, &b]).map(into_obj)
        }
    }
}

fn sock_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let s = SocketObject {
        ob_base: ObjectHeader::new(&SOCKET_TYPE.head),
        fd: AtomicI32::new(-1),
        family: AtomicI32::new(libc::AF_INET),
        kind: AtomicI32::new(libc::SOCK_STREAM),
        proto: AtomicI32::new(0),
        timeout: AtomicU64::new(DEFAULT_TIMEOUT.load(Ordering::Relaxed)),
    };
    if core::ptr::eq(ty, &SOCKET_TYPE) {
        return object::new_object(s).map(into_obj);
    }
    // SAFETY: only the header is initialized; the fields are written below.
    let obj: ObjRef = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    // SAFETY: the class's instances have at least the socket layout; the
    // fields after the header are written once into zeroed memory.
    unsafe {
        let p = obj.as_ptr().as_ptr().cast::<SocketObject>();
        core::ptr::addr_of_mut!((*p).fd).write(s.fd);
        core::ptr::addr_of_mut!((*p).family).write(s.family);
        core::ptr::addr_of_mut!((*p).kind).write(s.kind);
        core::ptr::addr_of_mut!((*p).proto).write(s.proto);
        core::ptr::addr_of_mut!((*p).timeout).write(s.timeout);
    }
    Ok(obj)
}

fn opt_int(v: &Option<ObjRef>, default: i32) -> PyResult<i32> {
    match v {
        Some(o) if !object::is_none(o) => Ok(r#abstract::as_ssize(o, Some(exceptions::overflow_error()))? as i32),
        _ => Ok(default),
    }
}

/// `sock_initobj`: `socket(family=-1, type=-1, proto=-1, fileno=None)`.
fn sock_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = parse("socket", args, kwds, &["family", "type", "proto", "fileno"], &[], 0)?;
    let s = sock_of(v)?;
    let mut family = opt_int(&a[0], -1)?;
    let mut kind = opt_int(&a[1], -1)?;
    let mut proto = opt_int(&a[2], -1)?;
    let fd = match &a[3] {
        Some(f) if !object::is_none(f) => {
            let fd = r#abstract::as_ssize(f, Some(exceptions::overflow_error()))?;
            if fd < 0 {
                return Err(errors::set_string(exceptions::value_error(), "negative file descriptor"));
            }
            let fd = fd as i32;
            let opt = |name: i32| -> PyResult<i32> {
                let mut v: libc::c_int = 0;
                let mut l = size_of::<libc::c_int>() as libc::socklen_t;
                // SAFETY: getsockopt writes an int into `v`.
                if unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, name, (&raw mut v).cast(), &raw mut l) } < 0 {
                    return Err(os_error(last_errno()));
                }
                Ok(v)
            };
            if family == -1 {
                family = opt(libc::SO_DOMAIN)?;
            }
            if kind == -1 {
                kind = opt(libc::SO_TYPE)?;
            }
            if proto == -1 {
                proto = opt(libc::SO_PROTOCOL)?;
            }
            fd
        }
        _ => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if kind == -1 {
                kind = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: socket(2) with the caller's arguments.
            let fd = unsafe { libc::socket(family, kind | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return Err(os_error(last_errno()));
            }
            fd
        }
    };
    s.fd.store(fd, Ordering::Release);
    s.family.store(family, Ordering::Relaxed);
    s.kind.store(kind & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC), Ordering::Relaxed);
    s.proto.store(proto, Ordering::Relaxed);
    if kind & libc::SOCK_NONBLOCK != 0 {
        s.timeout.store(0f64.to_bits(), Ordering::Relaxed);
    }
    s.apply_blocking()
}

/// Closes the descriptor when a socket object dies (`sock_finalize`).
unsafe fn sock_dealloc(op: core::ptr::NonNull<PyObject>) {
    // SAFETY: a dead socket; its layout is SocketObject.
    let s = unsafe { &*op.as_ptr().cast::<SocketObject>() };
    let fd = s.fd.swap(-1, Ordering::AcqRel);
    if fd >= 0 {
        // SAFETY: closing the descriptor this object owned.
        unsafe { libc::close(fd) };
    }
    // SAFETY: tp_dealloc contract.
    unsafe { object::dealloc_simple::<SocketObject>(op) };
}

fn none() -> PyResult<ObjRef> {
    Ok(object::none())
}

fn m_close(v: &PyObject) -> PyResult<ObjRef> {
    let fd = sock_of(v)?.fd.swap(-1, Ordering::AcqRel);
    // SAFETY: closing the descriptor this object owned.
    if fd >= 0 && unsafe { libc::close(fd) } < 0 && last_errno() != libc::ECONNRESET {
        return Err(os_error(last_errno()));
    }
    none()
}

fn m_detach(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(sock_of(v)?.fd.swap(-1, Ordering::AcqRel)))
}

fn m_fileno(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(sock_of(v)?.fd()))
}

fn m_bind(v: &PyObject, addr: &PyObject) -> PyResult<ObjRef> {
    let s = sock_of(v)?;
    let a = sockaddr_arg(s.family.load(Ordering::Relaxed), addr, "bind")?;
    // SAFETY: bind with an address of length a.len.
    if unsafe { libc::bind(s.fd(), a.ptr(), a.len) } < 0 {
        return Err(os_error(last_errno()));
    }
    none()
}

fn m_listen(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let backlog = match args.first() {
        Some(b) => r#abstract::as_ssize(b, Some(exceptions::overflow_error()))?.clamp(0, i32::MAX as isize) as i32,
        None => libc::SOMAXCONN.min(128),
    };
    // SAFETY: listen on the descriptor.
    if unsafe { libc::listen(sock_of(v)?.fd(), backlog) } < 0 {
        return Err(os_error(last_errno()));
    }
    none()
}

/// `internal_connect`: with a timeout, waits for the connection and
/// reads SO_ERROR.
fn connect(s: &SocketObject, addr: &PyObject, fname: &str) -> PyResult<i32> {
    let a = sockaddr_arg(s.family.load(Ordering::Relaxed), addr, fname)?;
    let fd = s.fd();
    // SAFETY: connect with an address of length a.len.
    let r = rupy::state::allow_threads(|| unsafe { libc::connect(fd, a.ptr(), a.len) });
    if r == 0 {
        return Ok(0);
    }
    let e = last_errno();
    if e == libc::EINPROGRESS && s.timeout().is_some_and(|t| t > 0.0) {
        s.call(true, |_| 0)?;
        let mut err: libc::c_int = 0;
        let mut l = size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: getsockopt writes an int into `err`.
        unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_ERROR, (&raw mut err).cast(), &raw mut l) };
        return Ok(err);
    }
    Ok(e)
}

fn m_connect(v: &PyObject, addr: &PyObject) -> PyResult<ObjRef> {
    match connect(sock_of(v)?, addr, "connect")? {
        0 => none(),
        e => Err(os_error(e)),
    }
}

fn m_connect_ex(v: &PyObject, addr: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(connect(sock_of(v)?, addr, "connect_ex")?))
}

/// `_accept()`: `(fd, address)` of a new connection.
fn m_accept(v: &PyObject) -> PyResult<ObjRef> {
    let s = sock_of(v)?;
    let mut addr = SockAddr::empty();
    let ap = addr.mut_ptr() as usize;
    let lp = (&raw mut addr.len) as usize;
    // SAFETY: accept4 writes at most `len` bytes of address.
    let fd = s.call(false, |fd| unsafe { libc::accept4(fd, ap as *mut libc::sockaddr, lp as *mut libc::socklen_t, libc::SOCK_CLOEXEC) } as isize)?;
    let a = make_sockaddr(&addr)?;
    let f = int(fd as i64)?;
    tupleobject::from_slice(&[&f, &a]).map(into_obj)
}

fn flags_arg(args: &[ObjRef], i: usize) -> PyResult<i32> {
    match args.get(i) {
        Some(f) => Ok(r#abstract::as_ssize(f, Some(exceptions::overflow_error()))? as i32),
        None => Ok(0),
    }
}

fn data_arg(v: &PyObject) -> PyResult<Vec<u8>> {
    bytesobject::bytes_like(v).map(|b| b.into_owned()).ok_or_else(|| {
        type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name()))
    })
}

fn m_send(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let Some(d) = args.first() else { return Err(type_error("send() takes at least 1 argument (0 given)")) };
    let data = data_arg(d)?;
    let fl = flags_arg(args, 1)?;
    let (p, n) = (data.as_ptr() as usize, data.len());
    // SAFETY: send reads n bytes of `data`, alive across the call.
    let r = sock_of(v)?.call(true, |fd| unsafe { libc::send(fd, p as *const libc::c_void, n, fl | libc::MSG_NOSIGNAL) })?;
    int(r as i64)
}

fn m_sendall(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let Some(d) = args.first() else { return Err(type_error("sendall() takes at least 1 argument (0 given)")) };
    let data = data_arg(d)?;
    let fl = flags_arg(args, 1)?;
    let s = sock_of(v)?;
    let mut off = 0;
    while off < data.len() {
        let (p, n) = (data[off..].as_ptr() as usize, data.len() - off);
        // SAFETY: as in send.
        let r = s.call(true, |fd| unsafe { libc::send(fd, p as *const libc::c_void, n, fl | libc::MSG_NOSIGNAL) })?;
        off += r as usize;
        rupy::signals::check_signals()?;
    }
    none()
}

fn m_sendto(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (data, fl, addr) = match args {
        [d, a] => (data_arg(d)?, 0, a),
        [d, f, a] => (data_arg(d)?, r#abstract::as_ssize(f, None)? as i32, a),
        _ => return Err(type_error(&format!("sendto() takes 2 or 3 arguments ({} given)", args.len()))),
    };
    let s = sock_of(v)?;
    let a = sockaddr_arg(s.family.load(Ordering::Relaxed), addr, "sendto")?;
    let (p, n, ap, al) = (data.as_ptr() as usize, data.len(), a.ptr() as usize, a.len);
    // SAFETY: sendto reads `data` and the address, both alive.
    let r = s.call(true, |fd| unsafe { libc::sendto(fd, p as *const libc::c_void, n, fl | libc::MSG_NOSIGNAL, ap as *const libc::sockaddr, al) })?;
    int(r as i64)
}

fn bufsize_arg(v: Option<&ObjRef>, fname: &str) -> PyResult<usize> {
    let Some(n) = v else { return Err(type_error(&format!("{fname}() takes at least 1 argument (0 given)"))) };
    let n = r#abstract::as_ssize(n, Some(exceptions::overflow_error()))?;
    if n < 0 {
        return Err(errors::set_string(exceptions::value_error(), &format!("negative buffersize in {fname}")));
    }
    Ok(n as usize)
}

fn m_recv(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = bufsize_arg(args.first(), "recv")?;
    let fl = flags_arg(args, 1)?;
    let mut buf = Vec::new();
    buf.try_reserve_exact(n).map_err(|_| errors::no_memory())?;
    buf.resize(n, 0u8);
    let p = buf.as_mut_ptr() as usize;
    // SAFETY: recv writes at most n bytes into `buf`.
    let r = sock_of(v)?.call(false, |fd| unsafe { libc::recv(fd, p as *mut libc::c_void, n, fl) })?;
    bytesobject::from_bytes(&buf[..r as usize]).map(into_obj)
}

fn m_recvfrom(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = bufsize_arg(args.first(), "recvfrom")?;
    let fl = flags_arg(args, 1)?;
    let mut buf = vec![0u8; n];
    let mut addr = SockAddr::empty();
    let (p, ap, lp) = (buf.as_mut_ptr() as usize, addr.mut_ptr() as usize, (&raw mut addr.len) as usize);
    // SAFETY: recvfrom writes at most n bytes and one address.
    let r = sock_of(v)?.call(false, |fd| unsafe {
        libc::recvfrom(fd, p as *mut libc::c_void, n, fl, ap as *mut libc::sockaddr, lp as *mut libc::socklen_t)
    })?;
    let data = into_obj(bytesobject::from_bytes(&buf[..r as usize])?);
    let a = make_sockaddr(&addr)?;
    tupleobject::from_slice(&[&data, &a]).map(into_obj)
}

/// `recv_into(buffer, nbytes=0, flags=0)`: writes through the buffer's
/// item assignment.
fn m_recv_into(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let Some(target) = args.first() else { return Err(type_error("recv_into() missing required argument 'buffer' (pos 1)")) };
    let len = bytesobject::bytes_like(target).map_or(0, |b| b.len());
    let want = match args.get(1) {
        Some(n) => r#abstract::as_ssize(n, Some(exceptions::overflow_error()))?,
        None => 0,
    };
    if want < 0 {
        return Err(errors::set_string(exceptions::value_error(), "negative buffersize in recv_into"));
    }
    let n = if want == 0 { len } else { want as usize };
    if n > len {
        return Err(errors::set_string(exceptions::value_error(), "buffer too small for requested bytes"));
    }
    let got = m_recv(v, &[int(n as i64)?, int(i64::from(flags_arg(args, 2)?))?])?;
    let k = bytesobject::bytes_like(&got).map_or(0, |b| b.len());
    let slice = rupy::objects::sliceobject::new_slice(Some(&*int(0)?), Some(&*int(k as i64)?), None)?;
    r#abstract::set_item(target, as_obj(&*slice), &got)?;
    int(k as i64)
}

fn m_shutdown(v: &PyObject, how: &PyObject) -> PyResult<ObjRef> {
    let how = r#abstract::as_ssize(how, Some(exceptions::overflow_error()))? as i32;
    // SAFETY: shutdown on the descriptor.
    if unsafe { libc::shutdown(sock_of(v)?.fd(), how) } < 0 {
        return Err(os_error(last_errno()));
    }
    none()
}

fn set_timeout_value(s: &SocketObject, t: Option<f64>) -> PyResult<()> {
    s.timeout.store(t.unwrap_or(-1.0).to_bits(), Ordering::Relaxed);
    s.apply_blocking()
}

fn timeout_arg(v: &PyObject) -> PyResult<Option<f64>> {
    if object::is_none(v) {
        return Ok(None);
    }
    let t = match downcast::<FloatObject>(v) {
        Some(f) => f.value(),
        None => match downcast::<IntObject>(v) {
            Some(_) => r#abstract::as_ssize(v, Some(exceptions::overflow_error()))? as f64,
            None => floatobject::number_float(v)?,
        },
    };
    if t.is_nan() {
        return Err(errors::set_string(exceptions::value_error(), "Invalid value NaN (not a number)"));
    }
    if t < 0.0 {
        return Err(errors::set_string(exceptions::value_error(), "Timeout value out of range"));
    }
    Ok(Some(t))
}

fn m_settimeout(v: &PyObject, t: &PyObject) -> PyResult<ObjRef> {
    set_timeout_value(sock_of(v)?, timeout_arg(t)?)?;
    none()
}

fn m_gettimeout(v: &PyObject) -> PyResult<ObjRef> {
    match sock_of(v)?.timeout() {
        Some(t) => floatobject::from_f64(t),
        None => none(),
    }
}

fn m_setblocking(v: &PyObject, flag: &PyObject) -> PyResult<ObjRef> {
    let block = object::is_true(flag)?;
    set_timeout_value(sock_of(v)?, if block { None } else { Some(0.0) })?;
    none()
}

fn m_getblocking(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(sock_of(v)?.timeout() != Some(0.0)))
}

fn m_setsockopt(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [level, opt, value] = args else {
        return Err(type_error(&format!("setsockopt() takes 3 arguments ({} given)", args.len())));
    };
    let level = r#abstract::as_ssize(level, None)? as i32;
    let opt = r#abstract::as_ssize(opt, None)? as i32;
    let fd = sock_of(v)?.fd();
    // SAFETY: setsockopt reads the value buffer, alive across the call.
    let r = if downcast::<IntObject>(value).is_some() {
        let n = r#abstract::as_ssize(value, Some(exceptions::overflow_error()))? as libc::c_int;
        unsafe { libc::setsockopt(fd, level, opt, (&raw const n).cast(), size_of::<libc::c_int>() as libc::socklen_t) }
    } else {
        let b = data_arg(value)?;
        // SAFETY: as above.
        unsafe { libc::setsockopt(fd, level, opt, b.as_ptr().cast(), b.len() as libc::socklen_t) }
    };
    if r < 0 {
        return Err(os_error(last_errno()));
    }
    none()
}

fn m_getsockopt(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() < 2 || args.len() > 3 {
        return Err(type_error(&format!("getsockopt() takes 2 or 3 arguments ({} given)", args.len())));
    }
    let level = r#abstract::as_ssize(&args[0], None)? as i32;
    let opt = r#abstract::as_ssize(&args[1], None)? as i32;
    let fd = sock_of(v)?.fd();
    match args.get(2) {
        None => {
            let mut n: libc::c_int = 0;
            let mut l = size_of::<libc::c_int>() as libc::socklen_t;
            // SAFETY: getsockopt writes an int.
            if unsafe { libc::getsockopt(fd, level, opt, (&raw mut n).cast(), &raw mut l) } < 0 {
                return Err(os_error(last_errno()));
            }
            int(i64::from(n))
        }
        Some(len) => {
            let len = r#abstract::as_ssize(len, None)?;
            if !(0..=1024).contains(&len) {
                return Err(os_error(libc::EINVAL));
            }
            let mut buf = vec![0u8; len as usize];
            let mut l = len as libc::socklen_t;
            // SAFETY: getsockopt writes at most `len` bytes.
            if unsafe { libc::getsockopt(fd, level, opt, buf.as_mut_ptr().cast(), &raw mut l) } < 0 {
                return Err(os_error(last_errno()));
            }
            bytesobject::from_bytes(&buf[..l as usize]).map(into_obj)
        }
    }
}

fn name_of(v: &PyObject, peer: bool) -> PyResult<ObjRef> {
    let s = sock_of(v)?;
    let mut addr = SockAddr::empty();
    // SAFETY: the call writes at most `len` bytes of address.
    let r = unsafe {
        if peer {
            libc::getpeername(s.fd(), addr.mut_ptr(), &raw mut addr.len)
        } else {
            libc::getsockname(s.fd(), addr.mut_ptr(), &raw mut addr.len)
        }
    };
    if r < 0 {
        return Err(os_error(last_errno()));
    }
    make_sockaddr(&addr)
}

fn m_getsockname(v: &PyObject) -> PyResult<ObjRef> {
    name_of(v, false)
}

fn m_getpeername(v: &PyObject) -> PyResult<ObjRef> {
    name_of(v, true)
}

fn get_family(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(sock_of(v)?.family.load(Ordering::Relaxed)))
}

fn get_type(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(sock_of(v)?.kind.load(Ordering::Relaxed)))
}

fn get_proto(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(sock_of(v)?.proto.load(Ordering::Relaxed)))
}

fn sock_repr(v: &PyObject) -> PyResult<ObjRef> {
    let s = sock_of(v)?;
    str_obj(&format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd(),
        s.family.load(Ordering::Relaxed),
        s.kind.load(Ordering::Relaxed),
        s.proto.load(Ordering::Relaxed)
    ))
}

static SOCKET_METHODS: [MethodDef; 23] = [
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(m_close), ml_doc: Some("Close the socket.") },
    MethodDef { ml_name: "detach", ml_meth: MethodFn::NoArgs(m_detach), ml_doc: Some("Close the socket object without closing the underlying file descriptor.") },
    MethodDef { ml_name: "fileno", ml_meth: MethodFn::NoArgs(m_fileno), ml_doc: Some("Return the integer file descriptor of the socket.") },
    MethodDef { ml_name: "bind", ml_meth: MethodFn::O(m_bind), ml_doc: Some("Bind the socket to a local address.") },
    MethodDef { ml_name: "listen", ml_meth: MethodFn::FastCall(m_listen), ml_doc: Some("Enable a server to accept connections.") },
    MethodDef { ml_name: "connect", ml_meth: MethodFn::O(m_connect), ml_doc: Some("Connect the socket to a remote address.") },
    MethodDef { ml_name: "connect_ex", ml_meth: MethodFn::O(m_connect_ex), ml_doc: Some("Like connect(address), but return an error code instead of raising.") },
    MethodDef { ml_name: "_accept", ml_meth: MethodFn::NoArgs(m_accept), ml_doc: Some("Wait for an incoming connection.") },
    MethodDef { ml_name: "send", ml_meth: MethodFn::FastCall(m_send), ml_doc: Some("Send a data string to the socket.") },
    MethodDef { ml_name: "sendall", ml_meth: MethodFn::FastCall(m_sendall), ml_doc: Some("Send a data string to the socket, all of it.") },
    MethodDef { ml_name: "sendto", ml_meth: MethodFn::FastCall(m_sendto), ml_doc: Some("Like send(data, flags) but allows specifying the destination address.") },
    MethodDef { ml_name: "recv", ml_meth: MethodFn::FastCall(m_recv), ml_doc: Some("Receive up to buffersize bytes from the socket.") },
    MethodDef { ml_name: "recvfrom", ml_meth: MethodFn::FastCall(m_recvfrom), ml_doc: Some("Like recv(buffersize, flags) but also return the sender's address info.") },
    MethodDef { ml_name: "recv_into", ml_meth: MethodFn::FastCall(m_recv_into), ml_doc: Some("Receive bytes into a buffer.") },
    MethodDef { ml_name: "shutdown", ml_meth: MethodFn::O(m_shutdown), ml_doc: Some("Shut down the reading side of the socket, the writing side, or both.") },
    MethodDef { ml_name: "settimeout", ml_meth: MethodFn::O(m_settimeout), ml_doc: Some("Set a timeout on socket operations.") },
    MethodDef { ml_name: "gettimeout", ml_meth: MethodFn::NoArgs(m_gettimeout), ml_doc: Some("Returns the timeout in seconds (float) associated with socket operations.") },
    MethodDef { ml_name: "setblocking", ml_meth: MethodFn::O(m_setblocking), ml_doc: Some("Set the socket to blocking (flag is true) or non-blocking (false).") },
    MethodDef { ml_name: "getblocking", ml_meth: MethodFn::NoArgs(m_getblocking), ml_doc: Some("Returns True if socket is in blocking mode, or False if it is in non-blocking mode.") },
    MethodDef { ml_name: "setsockopt", ml_meth: MethodFn::FastCall(m_setsockopt), ml_doc: Some("Set a socket option.") },
    MethodDef { ml_name: "getsockopt", ml_meth: MethodFn::FastCall(m_getsockopt), ml_doc: Some("Get a socket option.") },
    MethodDef { ml_name: "getsockname", ml_meth: MethodFn::NoArgs(m_getsockname), ml_doc: Some("Return the address of the local endpoint.") },
    MethodDef { ml_name: "getpeername", ml_meth: MethodFn::NoArgs(m_getpeername), ml_doc: Some("Return the address of the remote endpoint.") },
];

static SOCKET_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "family", get: get_family, set: None, doc: Some("the socket family") },
    GetSetDef { name: "type", get: get_type, set: None, doc: Some("the socket type") },
    GetSetDef { name: "proto", get: get_proto, set: None, doc: Some("the socket protocol") },
    GetSetDef { name: "timeout", get: m_gettimeout, set: None, doc: Some("the socket timeout") },
];

/// `_socket.socket`.
pub static SOCKET_TYPE: TypeObject = TypeObject::new_static(
    "_socket.socket",
    size_of::<SocketObject>(),
    sock_dealloc,
    TypeSlots {
        tp_repr: Some(sock_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_new: Some(sock_new),
        tp_init: Some(sock_init),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&SOCKET_METHODS)
.with_getset(&SOCKET_GETSET);

// ---------------------------------------------------------------------
// Module functions.

fn vec_args<'a>(args: &'a [&'a PyObject], kwnames: Option<&TupleObject>, fname: &str, names: &[&str], required: usize) -> PyResult<Vec<Option<&'a PyObject>>> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > names.len() {
        return Err(type_error(&format!("{fname}() takes at most {} arguments ({npos} given)", names.len())));
    }
    let mut out: Vec<Option<&PyObject>> = vec![None; names.len()];
    for (i, v) in args[..npos].iter().enumerate() {
        out[i] = Some(*v);
    }
    if let Some(k) = kwnames {
        for (key, v) in k.as_slice().iter().zip(&args[npos..]) {
            let key = object::str_lossy(key);
            let Some(i) = names.iter().position(|n| *n == key) else {
                return Err(type_error(&format!("{fname}() got an unexpected keyword argument '{key}'")));
            };
            out[i] = Some(*v);
        }
    }
    if out.iter().take(required).any(Option::is_none) {
        return Err(type_error(&format!("{fname}() missing required argument")));
    }
    Ok(out)
}

fn arg_i32(v: Option<&PyObject>, d: i32) -> PyResult<i32> {
    match v {
        Some(x) if !object::is_none(x) => Ok(r#abstract::as_ssize(x, Some(exceptions::overflow_error()))? as i32),
        _ => Ok(d),
    }
}

/// `socket.socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)`: two
/// connected descriptors (Lib's wrapper makes socket objects of them).
fn socketpair(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = vec_args(args, kwnames, "socketpair", &["family", "type", "proto"], 0)?;
    let family = arg_i32(a[0], libc::AF_UNIX)?;
    let kind = arg_i32(a[1], libc::SOCK_STREAM)?;
    let proto = arg_i32(a[2], 0)?;
    let mut fds = [0i32; 2];
    // SAFETY: socketpair writes two descriptors.
    if unsafe { libc::socketpair(family, kind | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } < 0 {
        return Err(os_error(last_errno()));
    }
    let make = |fd: i32| -> PyResult<ObjRef> {
        let s = sock_new(&SOCKET_TYPE, &*tupleobject::from_slice(&[])?, None)?;
        let so = sock_of(&s)?;
        so.fd.store(fd, Ordering::Release);
        so.family.store(family, Ordering::Relaxed);
        so.kind.store(kind, Ordering::Relaxed);
        so.proto.store(proto, Ordering::Relaxed);
        so.apply_blocking()?;
        Ok(s)
    };
    let (x, y) = (make(fds[0])?, make(fds[1])?);
    tupleobject::from_slice(&[&x, &y]).map(into_obj)
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`.
fn getaddrinfo(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = vec_args(args, kwnames, "getaddrinfo", &["host", "port", "family", "type", "proto", "flags"], 2)?;
    let text = |v: Option<&PyObject>| -> PyResult<Option<String>> {
        match v {
            None => Ok(None),
            Some(x) if object::is_none(x) => Ok(None),
            Some(x) => {
                if let Some(s) = downcast::<StrObject>(x) {
                    return Ok(Some(s.to_string_lossy()));
                }
                if let Some(b) = downcast::<BytesObject>(x) {
                    return Ok(Some(String::from_utf8_lossy(b.as_bytes()).into_owned()));
                }
                if downcast::<IntObject>(x).is_some() {
                    return Ok(Some(r#abstract::as_ssize(x, None)?.to_string()));
                }
                Err(errors::set_string(exceptions::os_error(), "Int or String expected"))
            }
        }
    };
    let host = text(a[0])?;
    let port = text(a[1])?;
    let hc = host.map(CString::new).transpose().map_err(|_| type_error("embedded null character"))?;
    let pc = port.map(CString::new).transpose().map_err(|_| type_error("embedded null character"))?;
    // SAFETY: hints is plain data; the result list is freed below.
    let list = unsafe {
        let mut hints: libc::addrinfo = core::mem::zeroed();
        hints.ai_family = arg_i32(a[2], 0)?;
        hints.ai_socktype = arg_i32(a[3], 0)?;
        hints.ai_protocol = arg_i32(a[4], 0)?;
        hints.ai_flags = arg_i32(a[5], 0)?;
        let mut res: *mut libc::addrinfo = core::ptr::null_mut();
        let (hp, pp) = (hc.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()) as usize, pc.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()) as usize);
        let (hi, rp) = ((&raw const hints) as usize, (&raw mut res) as usize);
        let rc = rupy::state::allow_threads(|| {
            libc::getaddrinfo(hp as *const libc::c_char, pp as *const libc::c_char, hi as *const libc::addrinfo, rp as *mut *mut libc::addrinfo)
        });
        if rc != 0 {
            return Err(gai_error(rc));
        }
        let out = ListObject::new()?;
        let mut p = res;
        let mut result = Ok(());
        while !p.is_null() {
            let ai = &*p;
            let r = (|| -> PyResult<()> {
                let mut sa = SockAddr::empty();
                core::ptr::copy_nonoverlapping(ai.ai_addr.cast::<u8>(), sa.mut_ptr().cast::<u8>(), ai.ai_addrlen as usize);
                sa.len = ai.ai_addrlen;
                let canon = if ai.ai_canonname.is_null() { String::new() } else { CStr::from_ptr(ai.ai_canonname).to_string_lossy().into_owned() };
                let items = [int(i64::from(ai.ai_family))?, int(i64::from(ai.ai_socktype))?, int(i64::from(ai.ai_protocol))?, str_obj(&canon)?, make_sockaddr(&sa)?];
                let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
                out.append(as_obj(&*tupleobject::from_slice(&refs)?))
            })();
            if let Err(e) = r {
                result = Err(e);
                break;
            }
            p = ai.ai_next;
        }
        libc::freeaddrinfo(res);
        result?;
        out
    };
    Ok(into_obj(list))
}

fn gethostname(_args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes.
    if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } < 0 {
        return Err(os_error(last_errno()));
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    str_obj(&String::from_utf8_lossy(&buf[..end]))
}

fn gethostbyname(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = vec_args(args, kw, "gethostbyname", &["hostname"], 1)?;
    let Some(h) = a[0].and_then(|x| downcast::<StrObject>(x)) else { return Err(type_error("gethostbyname() argument 1 must be str")) };
    let addr = resolve_host(&h.to_string_lossy(), libc::AF_INET)?;
    let t = make_sockaddr(&addr)?;
    Ok(downcast::<TupleObject>(&t).map(|t| t.as_slice()[0].clone()).unwrap_or(t))
}

fn getdefaulttimeout(_args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let t = f64::from_bits(DEFAULT_TIMEOUT.load(Ordering::Relaxed));
    if t < 0.0 { none() } else { floatobject::from_f64(t) }
}

fn setdefaulttimeout(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [t] = args else { return Err(type_error("setdefaulttimeout() takes exactly one argument")) };
    let t = timeout_arg(t)?;
    DEFAULT_TIMEOUT.store(t.unwrap_or(-1.0).to_bits(), Ordering::Relaxed);
    none()
}

fn one_uint(args: &[&PyObject], fname: &str, max: u64) -> PyResult<u64> {
    let [x] = args else { return Err(type_error(&format!("{fname}() takes exactly one argument ({} given)", args.len()))) };
    let n = r#abstract::as_ssize(x, Some(exceptions::overflow_error()))?;
    if n < 0 {
        return Err(errors::set_string(exceptions::overflow_error(), &format!("{fname}: can't convert negative Python int to C {}", if max > 0xffff { "32-bit unsigned integer" } else { "16-bit unsigned integer" })));
    }
    if n as u64 > max {
        return Err(errors::set_string(exceptions::overflow_error(), &format!("{fname}: Python int too large to convert to C {}", if max > 0xffff { "32-bit unsigned integer" } else { "16-bit unsigned integer" })));
    }
    Ok(n as u64)
}

fn htons(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    int(i64::from((one_uint(args, "htons", 0xffff)? as u16).to_be()))
}

fn ntohs(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    int(i64::from(u16::from_be(one_uint(args, "ntohs", 0xffff)? as u16)))
}

fn htonl(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    int(i64::from((one_uint(args, "htonl", 0xffff_ffff)? as u32).to_be()))
}

fn ntohl(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    int(i64::from(u32::from_be(one_uint(args, "ntohl", 0xffff_ffff)? as u32)))
}

/// `inet_aton`: dotted-quad text to four bytes (the shorthand forms
/// such as "127.1" are not accepted).
fn inet_aton(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [s] = args else { return Err(type_error("inet_aton() takes exactly one argument")) };
    let text = object::str_lossy(s);
    match text.parse::<std::net::Ipv4Addr>() {
        Ok(a) => bytesobject::from_bytes(&a.octets()).map(into_obj),
        Err(_) => Err(errors::set_string(exceptions::os_error(), "illegal IP address string passed to inet_aton")),
    }
}

fn inet_ntoa(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [b] = args else { return Err(type_error("inet_ntoa() takes exactly one argument")) };
    let d = data_arg(b)?;
    if d.len() != 4 {
        return Err(errors::set_string(exceptions::os_error(), "packed IP wrong length for inet_ntoa"));
    }
    str_obj(&std::net::Ipv4Addr::new(d[0], d[1], d[2], d[3]).to_string())
}

fn inet_pton(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [f, s] = args else { return Err(type_error("inet_pton expected 2 arguments")) };
    let family = r#abstract::as_ssize(f, None)? as i32;
    let text = object::str_lossy(s);
    let bytes: Vec<u8> = match family {
        libc::AF_INET => text.parse::<std::net::Ipv4Addr>().map(|a| a.octets().to_vec()).map_err(|_| errors::set_string(exceptions::os_error(), "illegal IP address string passed to inet_pton"))?,
        libc::AF_INET6 => text.parse::<std::net::Ipv6Addr>().map(|a| a.octets().to_vec()).map_err(|_| errors::set_string(exceptions::os_error(), "illegal IP address string passed to inet_pton"))?,
        _ => return Err(os_error(libc::EAFNOSUPPORT)),
    };
    bytesobject::from_bytes(&bytes).map(into_obj)
}

fn inet_ntop(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [f, b] = args else { return Err(type_error("inet_ntop expected 2 arguments")) };
    let family = r#abstract::as_ssize(f, None)? as i32;
    let d = data_arg(b)?;
    match (family, d.len()) {
        (libc::AF_INET, 4) => str_obj(&std::net::Ipv4Addr::new(d[0], d[1], d[2], d[3]).to_string()),
        (libc::AF_INET6, 16) => {
            let mut a = [0u8; 16];
            a.copy_from_slice(&d);
            str_obj(&std::net::Ipv6Addr::from(a).to_string())
        }
        (libc::AF_INET | libc::AF_INET6, _) => Err(errors::set_string(exceptions::value_error(), "invalid length of packed IP address string")),
        _ => Err(errors::set_string(exceptions::value_error(), &format!("unknown address family {family}"))),
    }
}

fn dup(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [fd] = args else { return Err(type_error("dup() takes exactly one argument")) };
    let fd = r#abstract::as_ssize(fd, None)? as i32;
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) on a descriptor number.
    let n = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if n < 0 {
        return Err(os_error(last_errno()));
    }
    int(i64::from(n))
}

fn close(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [fd] = args else { return Err(type_error("close() takes exactly one argument")) };
    let fd = r#abstract::as_ssize(fd, None)? as i32;
    // SAFETY: closing a descriptor number the caller owns.
    if unsafe { libc::close(fd) } < 0 && last_errno() != libc::ECONNRESET {
        return Err(os_error(last_errno()));
    }
    none()
}

static FUNCTIONS: [BuiltinDef; 16] = [
    BuiltinDef { name: "socketpair", func: socketpair },
    BuiltinDef { name: "getaddrinfo", func: getaddrinfo },
    BuiltinDef { name: "gethostname", func: gethostname },
    BuiltinDef { name: "gethostbyname", func: gethostbyname },
    BuiltinDef { name: "getdefaulttimeout", func: getdefaulttimeout },
    BuiltinDef { name: "setdefaulttimeout", func: setdefaulttimeout },
    BuiltinDef { name: "htons", func: htons },
    BuiltinDef { name: "ntohs", func: ntohs },
    BuiltinDef { name: "htonl", func: htonl },
    BuiltinDef { name: "ntohl", func: ntohl },
    BuiltinDef { name: "inet_aton", func: inet_aton },
    BuiltinDef { name: "inet_ntoa", func: inet_ntoa },
    BuiltinDef { name: "inet_pton", func: inet_pton },
    BuiltinDef { name: "inet_ntop", func: inet_ntop },
    BuiltinDef { name: "dup", func: dup },
    BuiltinDef { name: "close", func: close },
];

/// `socket_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_socket")?;
    m.add_functions(&FUNCTIONS)?;
    SOCKET_TYPE.ready()?;
    m.add_object("socket", as_obj(&SOCKET_TYPE))?;
    m.add_object("SocketType", as_obj(&SOCKET_TYPE))?;
    m.add_object("error", as_obj(exceptions::os_error()))?;
    m.add_object("timeout", as_obj(exceptions::timeout_error()))?;
    m.add_object("gaierror", &*gaierror_class()?)?;
    m.add_object("herror", &*herror_class()?)?;
    m.add_object("has_ipv6", &*boolobject::from_bool(true))?;
    let consts: &[(&str, i64)] = &[
        ("AF_UNSPEC", libc::AF_UNSPEC.into()),
        ("AF_INET", libc::AF_INET.into()),
        ("AF_INET6", libc::AF_INET6.into()),
        ("AF_UNIX", libc::AF_UNIX.into()),
        ("SOCK_STREAM", libc::SOCK_STREAM.into()),
        ("SOCK_DGRAM", libc::SOCK_DGRAM.into()),
        ("SOCK_RAW", libc::SOCK_RAW.into()),
        ("SOCK_SEQPACKET", libc::SOCK_SEQPACKET.into()),
        ("SOCK_NONBLOCK", libc::SOCK_NONBLOCK.into()),
        ("SOCK_CLOEXEC", libc::SOCK_CLOEXEC.into()),
        ("SOL_SOCKET", libc::SOL_SOCKET.into()),
        ("SO_REUSEADDR", libc::SO_REUSEADDR.into()),
        ("SO_REUSEPORT", libc::SO_REUSEPORT.into()),
        ("SO_KEEPALIVE", libc::SO_KEEPALIVE.into()),
        ("SO_BROADCAST", libc::SO_BROADCAST.into()),
        ("SO_ERROR", libc::SO_ERROR.into()),
        ("SO_TYPE", libc::SO_TYPE.into()),
        ("SO_RCVBUF", libc::SO_RCVBUF.into()),
        ("SO_SNDBUF", libc::SO_SNDBUF.into()),
        ("SO_LINGER", libc::SO_LINGER.into()),
        ("SO_RCVTIMEO", libc::SO_RCVTIMEO.into()),
        ("SO_SNDTIMEO", libc::SO_SNDTIMEO.into()),
        ("SO_DOMAIN", libc::SO_DOMAIN.into()),
        ("SO_PROTOCOL", libc::SO_PROTOCOL.into()),
        ("SOMAXCONN", libc::SOMAXCONN.into()),
        ("IPPROTO_IP", libc::IPPROTO_IP.into()),
        ("IPPROTO_TCP", libc::IPPROTO_TCP.into()),
        ("IPPROTO_UDP", libc::IPPROTO_UDP.into()),
        ("IPPROTO_IPV6", libc::IPPROTO_IPV6.into()),
        ("IPPROTO_ICMP", libc::IPPROTO_ICMP.into()),
        ("IPV6_V6ONLY", libc::IPV6_V6ONLY.into()),
        ("TCP_NODELAY", libc::TCP_NODELAY.into()),
        ("TCP_KEEPIDLE", libc::TCP_KEEPIDLE.into()),
        ("TCP_KEEPINTVL", libc::TCP_KEEPINTVL.into()),
        ("TCP_KEEPCNT", libc::TCP_KEEPCNT.into()),
        ("SHUT_RD", libc::SHUT_RD.into()),
        ("SHUT_WR", libc::SHUT_WR.into()),
        ("SHUT_RDWR", libc::SHUT_RDWR.into()),
        ("MSG_OOB", libc::MSG_OOB.into()),
        ("MSG_PEEK", libc::MSG_PEEK.into()),
        ("MSG_DONTWAIT", libc::MSG_DONTWAIT.into()),
        ("MSG_WAITALL", libc::MSG_WAITALL.into()),
        ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL.into()),
        ("AI_PASSIVE", libc::AI_PASSIVE.into()),
        ("AI_CANONNAME", libc::AI_CANONNAME.into()),
        ("AI_NUMERICHOST", libc::AI_NUMERICHOST.into()),
        ("AI_NUMERICSERV", libc::AI_NUMERICSERV.into()),
        ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG.into()),
        ("AI_V4MAPPED", libc::AI_V4MAPPED.into()),
        ("AI_ALL", libc::AI_ALL.into()),
        ("NI_NUMERICHOST", libc::NI_NUMERICHOST.into()),
        ("NI_NUMERICSERV", libc::NI_NUMERICSERV.into()),
        ("NI_NAMEREQD", libc::NI_NAMEREQD.into()),
        ("NI_DGRAM", libc::NI_DGRAM.into()),
        ("NI_MAXHOST", 1025),
        ("NI_MAXSERV", 32),
        ("EAI_AGAIN", libc::EAI_AGAIN.into()),
        ("EAI_BADFLAGS", libc::EAI_BADFLAGS.into()),
        ("EAI_FAIL", libc::EAI_FAIL.into()),
        ("EAI_FAMILY", libc::EAI_FAMILY.into()),
        ("EAI_MEMORY", libc::EAI_MEMORY.into()),
        ("EAI_NONAME", libc::EAI_NONAME.into()),
        ("EAI_SERVICE", libc::EAI_SERVICE.into()),
        ("EAI_SOCKTYPE", libc::EAI_SOCKTYPE.into()),
        ("INADDR_ANY", 0),
        ("INADDR_BROADCAST", 0xffff_ffff),
        ("INADDR_LOOPBACK", 0x7f00_0001),
        ("INADDR_NONE", 0xffff_ffff),
    ];
    for (name, v) in consts {
        m.add_object(name, &*int(*v)?)?;
    }
    Ok(into_obj(m))
}
