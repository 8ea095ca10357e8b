//! The buffered streams of Modules/_io/bufferedio.c: `BufferedReader`,
//! `BufferedWriter` and `BufferedRandom` share one implementation (a
//! read-ahead buffer and a write buffer over a raw stream, both under the
//! object's critical section; which operations are allowed comes from
//! the raw stream's `readable()`/`writable()`), and `BufferedRWPair`
//! joins a reader and a writer.

use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::longobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;

use super::iobase::{self, bytes_arg, call, int, none, size_arg, value_error};
use super::{IoObject, alloc};

pub struct BufState {
    raw: Option<ObjRef>,
    /// Bytes read ahead from `raw`, not yet consumed.
    rbuf: Vec<u8>,
    /// Bytes written, not yet passed to `raw`.
    wbuf: Vec<u8>,
    size: usize,
}

fn guard(v: &PyObject) -> PyResult<&crate::guarded::Guarded<BufState>> {
    for t in [&BUFFERED_READER_TYPE, &BUFFERED_WRITER_TYPE, &BUFFERED_RANDOM_TYPE] {
        if object::type_check(v, t) {
            return super::state::<BufState>(v, t);
        }
    }
    Err(errors::bad_internal_call())
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut BufState) -> PyResult<R>) -> PyResult<R> {
    guard(v)?.with(v, f)
}

fn raw_of(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| s.raw.clone().ok_or_else(|| value_error("raw stream has been detached")))
}

fn buffered_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(ty, BufState { raw: None, rbuf: Vec::new(), wbuf: Vec::new(), size: super::DEFAULT_BUFFER_SIZE })
}

/// `__init__(raw, buffer_size=DEFAULT_BUFFER_SIZE)`.
fn buffered_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse(type_of(v).name(), args, kwds, &["raw", "buffer_size"], &[], 1)?;
    let raw = a[0].clone().ok_or_else(errors::bad_internal_call)?;
    let size = match &a[1] {
        Some(s) => {
            let n = r#abstract::as_ssize(s, None)?;
            if n <= 0 {
                return Err(value_error("buffer size must be strictly positive"));
            }
            n as usize
        }
        None => super::DEFAULT_BUFFER_SIZE,
    };
    with(v, |s| {
        s.raw = Some(raw);
        s.size = size;
        s.rbuf.clear();
        s.wbuf.clear();
        Ok(())
    })
}

/// Reads one chunk of at most `n` bytes from the raw stream; `None` if
/// it would block.
fn raw_read(raw: &PyObject, n: usize) -> PyResult<Option<Vec<u8>>> {
    let r = call(raw, "read", &[&*longobject::from_i64(n as i64)?])?;
    if object::is_none(&r) {
        return Ok(None);
    }
    bytes_arg(&r).map(Some)
}

/// Passes the write buffer to the raw stream (`_bufferedwriter_flush_unlocked`).
fn flush_writes(raw: &PyObject, s: &mut BufState) -> PyResult<()> {
    while !s.wbuf.is_empty() {
        let chunk = bytesobject::from_bytes(&s.wbuf)?;
        let n = call(raw, "write", &[as_obj(&*chunk)])?;
        let n = if object::is_none(&n) { 0 } else { r#abstract::as_ssize(&n, None)?.max(0) as usize };
        if n == 0 {
            break;
        }
        s.wbuf.drain(..n.min(s.wbuf.len()));
    }
    Ok(())
}

/// Drops the read-ahead, moving the raw stream back over it.
fn rewind_reads(raw: &PyObject, s: &mut BufState) -> PyResult<()> {
    if !s.rbuf.is_empty() {
        let back = longobject::from_i64(-(s.rbuf.len() as i64))?;
        let one = longobject::from_i64(1)?;
        call(raw, "seek", &[&back, &one])?;
        s.rbuf.clear();
    }
    Ok(())
}

fn check_readable(raw: &PyObject) -> PyResult<()> {
    if !object::is_true(&*call(raw, "readable", &[])?)? {
        return Err(iobase::unsupported("read"));
    }
    Ok(())
}

fn read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = size_arg(args.first().map(|a| &**a))?;
    let raw = raw_of(v)?;
    check_readable(&raw)?;
    let data = with(v, |s| {
        flush_writes(&raw, s)?;
        match n {
            None => {
                let mut out = core::mem::take(&mut s.rbuf);
                loop {
                    match raw_read(&raw, s.size.max(64 * 1024))? {
                        Some(c) if !c.is_empty() => out.extend_from_slice(&c),
                        Some(_) => break,
                        None if out.is_empty() => return Ok(None),
                        None => break,
                    }
                }
                Ok(Some(out))
            }
            Some(n) => {
                while s.rbuf.len() < n {
                    match raw_read(&raw, (n - s.rbuf.len()).max(s.size))? {
                        Some(c) if !c.is_empty() => s.rbuf.extend_from_slice(&c),
                        _ => break,
                    }
                }
                let take = n.min(s.rbuf.len());
                Ok(Some(s.rbuf.drain(..take).collect()))
            }
        }
    })?;
    match data {
        Some(d) => bytesobject::from_bytes(&d).map(into_obj),
        None => none(),
    }
}

fn read1(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = size_arg(args.first().map(|a| &**a))?;
    let raw = raw_of(v)?;
    check_readable(&raw)?;
    let data = with(v, |s| {
        let n = n.unwrap_or(s.size);
        if s.rbuf.is_empty() {
            if let Some(c) = raw_read(&raw, n.max(1))? {
                s.rbuf.extend_from_slice(&c);
            }
        }
        let take = n.min(s.rbuf.len());
        Ok(s.rbuf.drain(..take).collect::<Vec<u8>>())
    })?;
    bytesobject::from_bytes(&data).map(into_obj)
}

fn peek(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    check_readable(&raw)?;
    let data = with(v, |s| {
        if s.rbuf.is_empty()
            && let Some(c) = raw_read(&raw, s.size)?
        {
            s.rbuf.extend_from_slice(&c);
        }
        Ok(s.rbuf.clone())
    })?;
    bytesobject::from_bytes(&data).map(into_obj)
}

fn readline(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let limit = size_arg(args.first().map(|a| &**a))?;
    let raw = raw_of(v)?;
    check_readable(&raw)?;
    let line = with(v, |s| {
        loop {
            let max = limit.map_or(s.rbuf.len(), |l| l.min(s.rbuf.len()));
            if let Some(i) = s.rbuf[..max].iter().position(|&b| b == b'\n') {
                return Ok(s.rbuf.drain(..=i).collect::<Vec<u8>>());
            }
            if limit.is_some_and(|l| s.rbuf.len() >= l) {
                return Ok(s.rbuf.drain(..limit.unwrap_or(0)).collect());
            }
            match raw_read(&raw, s.size)? {
                Some(c) if !c.is_empty() => s.rbuf.extend_from_slice(&c),
                _ => return Ok(core::mem::take(&mut s.rbuf)),
            }
        }
    })?;
    bytesobject::from_bytes(&line).map(into_obj)
}

fn readinto(v: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    let n = iobase::writable_len(b)?;
    let data = read(v, &[longobject::from_i64(n as i64)?])?;
    let data = bytes_arg(&data)?;
    iobase::write_into(b, &data)?;
    int(data.len() as i64)
}

fn write(v: &PyObject, data: &PyObject) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    if object::is_true(&*object::get_attr_str(&raw, "closed")?)? {
        return Err(value_error("write to closed file"));
    }
    if !object::is_true(&*call(&raw, "writable", &[])?)? {
        return Err(iobase::unsupported("write"));
    }
    let data = bytes_arg(data)?;
    with(v, |s| {
        rewind_reads(&raw, s)?;
        s.wbuf.extend_from_slice(&data);
        if s.wbuf.len() >= s.size {
            flush_writes(&raw, s)?;
        }
        Ok(())
    })?;
    int(data.len() as i64)
}

fn flush(v: &PyObject) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    if object::is_true(&*object::get_attr_str(&raw, "closed")?)? {
        return Err(value_error("flush of closed file"));
    }
    with(v, |s| flush_writes(&raw, s))?;
    none()
}

fn seek(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    let (pos, whence) = match args {
        [p] => (r#abstract::as_ssize(p, None)?, 0),
        [p, w] => (r#abstract::as_ssize(p, None)?, r#abstract::as_ssize(w, None)?),
        _ => return Err(iobase::type_error(&format!("seek expected at most 2 arguments, got {}", args.len()))),
    };
    if !(0..=2).contains(&whence) {
        return Err(value_error(&format!("whence value {whence} unsupported")));
    }
    with(v, |s| {
        flush_writes(&raw, s)?;
        let pos = if whence == 1 { pos - s.rbuf.len() as isize } else { pos };
        s.rbuf.clear();
        call(&raw, "seek", &[&*longobject::from_i64(pos as i64)?, &*longobject::from_i64(whence as i64)?])
    })
}

fn tell(v: &PyObject) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    let pos = r#abstract::as_ssize(&*call(&raw, "tell", &[])?, None)?;
    let (r, w) = with(v, |s| Ok((s.rbuf.len() as isize, s.wbuf.len() as isize)))?;
    int((pos - r + w).max(0) as i64)
}

fn truncate(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    with(v, |s| {
        flush_writes(&raw, s)?;
        rewind_reads(&raw, s)
    })?;
    let refs: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    call(&raw, "truncate", &refs)
}

fn close(v: &PyObject) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    if object::is_true(&*object::get_attr_str(&raw, "closed")?)? {
        return none();
    }
    let flushed = with(v, |s| flush_writes(&raw, s));
    let closed = call(&raw, "close", &[]);
    flushed?;
    closed.map(|_| object::none())
}

fn detach(v: &PyObject) -> PyResult<ObjRef> {
    let raw = raw_of(v)?;
    with(v, |s| {
        flush_writes(&raw, s)?;
        s.raw = None;
        Ok(())
    })?;
    Ok(raw)
}

macro_rules! delegate {
    ($($name:ident => $method:literal;)*) => {$(
        fn $name(v: &PyObject) -> PyResult<ObjRef> {
            call(&*raw_of(v)?, $method, &[])
        }
    )*};
}

delegate! {
    fileno => "fileno";
    isatty => "isatty";
    readable => "readable";
    writable => "writable";
    seekable => "seekable";
}

fn get_closed(v: &PyObject) -> PyResult<ObjRef> {
    object::get_attr_str(&*raw_of(v)?, "closed")
}

fn get_raw(v: &PyObject) -> PyResult<ObjRef> {
    raw_of(v)
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    object::get_attr_str(&*raw_of(v)?, "name")
}

fn get_mode(v: &PyObject) -> PyResult<ObjRef> {
    object::get_attr_str(&*raw_of(v)?, "mode")
}

/// `buffered_repr`: `<_io.BufferedReader name='x'>`.
fn repr(v: &PyObject) -> PyResult<ObjRef> {
    let tname = type_of(v).tp_name.as_str().to_owned();
    let name = match raw_of(v).and_then(|r| object::get_attr_str(&r, "name")) {
        Ok(n) => Some(object::repr(&n)?.to_string_lossy()),
        Err(_) => {
            errors::clear();
            None
        }
    };
    let text = match name {
        Some(n) => format!("<{tname} name={n}>"),
        None => format!("<{tname}>"),
    };
    unicodeobject::from_string(text).map(into_obj)
}

fn iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let line = readline(v, &[])?;
    Ok((r#abstract::size(&line)? > 0).then_some(line))
}

static METHODS: [MethodDef; 19] = [
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(read), ml_doc: None },
    MethodDef { ml_name: "read1", ml_meth: MethodFn::FastCall(read1), ml_doc: None },
    MethodDef { ml_name: "peek", ml_meth: MethodFn::FastCall(peek), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(readline), ml_doc: None },
    MethodDef { ml_name: "readinto", ml_meth: MethodFn::O(readinto), ml_doc: None },
    MethodDef { ml_name: "readinto1", ml_meth: MethodFn::O(readinto), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(write), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::NoArgs(flush), ml_doc: None },
    MethodDef { ml_name: "seek", ml_meth: MethodFn::FastCall(seek), ml_doc: None },
    MethodDef { ml_name: "tell", ml_meth: MethodFn::NoArgs(tell), ml_doc: None },
    MethodDef { ml_name: "truncate", ml_meth: MethodFn::FastCall(truncate), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(close), ml_doc: None },
    MethodDef { ml_name: "detach", ml_meth: MethodFn::NoArgs(detach), ml_doc: None },
    MethodDef { ml_name: "fileno", ml_meth: MethodFn::NoArgs(fileno), ml_doc: None },
    MethodDef { ml_name: "isatty", ml_meth: MethodFn::NoArgs(isatty), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(readable), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(writable), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(seekable), ml_doc: None },
    MethodDef { ml_name: "__class_getitem__", ml_meth: MethodFn::Class(class_getitem), ml_doc: None },
];

fn class_getitem(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args {
        [item] => rupy::objects::genericaliasobject::new_generic_alias(cls, item),
        _ => Err(iobase::type_error("__class_getitem__ takes exactly one argument")),
    }
}

static GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "closed", get: get_closed, set: None, doc: None },
    GetSetDef { name: "raw", get: get_raw, set: None, doc: None },
    GetSetDef { name: "name", get: get_name, set: None, doc: None },
    GetSetDef { name: "mode", get: get_mode, set: None, doc: None },
];

macro_rules! buffered_type {
    ($ty:ident, $name:literal, $doc:literal) => {
        pub static $ty: TypeObject = TypeObject::new_static(
            $name,
            size_of::<IoObject<BufState>>(),
            object::dealloc_simple::<IoObject<BufState>>,
            TypeSlots {
                tp_repr: Some(repr),
                tp_iternext: Some(iternext),
                tp_new: Some(buffered_new),
                tp_init: Some(buffered_init),
                ..TypeSlots::EMPTY
            },
        )
        .with_base(&iobase::BUFFEREDIOBASE_TYPE)
        .with_flags(flags::BASETYPE | flags::HAVE_GC)
        .with_methods(&METHODS)
        .with_getset(&GETSET)
        .with_dictoffset(core::mem::offset_of!(IoObject<BufState>, dict))
        .with_doc($doc);
    };
}

buffered_type!(
    BUFFERED_READER_TYPE,
    "_io.BufferedReader",
    "BufferedReader(raw, buffer_size=DEFAULT_BUFFER_SIZE)\n--\n\nCreate a new buffered reader using the given readable raw IO object."
);
buffered_type!(
    BUFFERED_WRITER_TYPE,
    "_io.BufferedWriter",
    "BufferedWriter(raw, buffer_size=DEFAULT_BUFFER_SIZE)\n--\n\nA buffer for a writeable sequential RawIO object.\n\nThe constructor creates a BufferedWriter for the given writeable raw\nstream. If the buffer_size is not given, it defaults to\nDEFAULT_BUFFER_SIZE."
);
buffered_type!(
    BUFFERED_RANDOM_TYPE,
    "_io.BufferedRandom",
    "BufferedRandom(raw, buffer_size=DEFAULT_BUFFER_SIZE)\n--\n\nA buffered interface to random access streams.\n\nThe constructor creates a reader and writer for a seekable stream,\nraw, given in the first argument. If the buffer_size is omitted it\ndefaults to DEFAULT_BUFFER_SIZE."
);

// ---------------------------------------------------------------------
// BufferedRWPair.

pub struct PairState {
    reader: Option<ObjRef>,
    writer: Option<ObjRef>,
}

fn pair(v: &PyObject) -> PyResult<(ObjRef, ObjRef)> {
    super::state::<PairState>(v, &BUFFERED_RWPAIR_TYPE)?
        .with(v, |s| match (&s.reader, &s.writer) {
            (Some(r), Some(w)) => Ok((r.clone(), w.clone())),
            _ => Err(value_error("I/O operation on uninitialized object")),
        })
}

fn rwpair_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(ty, PairState { reader: None, writer: None })
}

/// `BufferedRWPair(reader, writer, buffer_size=DEFAULT_BUFFER_SIZE)`.
fn rwpair_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse("BufferedRWPair", args, kwds, &["reader", "writer", "buffer_size"], &[], 2)?;
    let size = match &a[2] {
        Some(s) => object::new_ref(&**s),
        None => longobject::from_i64(super::DEFAULT_BUFFER_SIZE as i64)?,
    };
    let r = object::call(as_obj(&BUFFERED_READER_TYPE), &[a[0].as_deref().unwrap_or(&object::NONE), &size])?;
    let w = object::call(as_obj(&BUFFERED_WRITER_TYPE), &[a[1].as_deref().unwrap_or(&object::NONE), &size])?;
    super::state::<PairState>(v, &BUFFERED_RWPAIR_TYPE)?.with(v, |s| {
        s.reader = Some(r);
        s.writer = Some(w);
        Ok(())
    })
}

macro_rules! pair_method {
    ($($name:ident => $writer:literal, $method:literal;)*) => {$(
        fn $name(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
            let (reader, writer) = pair(v)?;
            let target = if $writer { writer } else { reader };
            let refs: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
            call(&target, $method, &refs)
        }
    )*};
}

pair_method! {
    pair_read => false, "read";
    pair_read1 => false, "read1";
    pair_peek => false, "peek";
    pair_readinto => false, "readinto";
    pair_readable => false, "readable";
    pair_write => true, "write";
    pair_flush => true, "flush";
    pair_writable => true, "writable";
    pair_isatty => true, "isatty";
}

fn pair_close(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    let (reader, writer) = pair(v)?;
    let w = call(&writer, "close", &[]);
    let r = call(&reader, "close", &[]);
    w?;
    r
}

fn pair_closed(v: &PyObject) -> PyResult<ObjRef> {
    object::get_attr_str(&pair(v)?.1, "closed")
}

static PAIR_METHODS: [MethodDef; 10] = [
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(pair_read), ml_doc: None },
    MethodDef { ml_name: "read1", ml_meth: MethodFn::FastCall(pair_read1), ml_doc: None },
    MethodDef { ml_name: "peek", ml_meth: MethodFn::FastCall(pair_peek), ml_doc: None },
    MethodDef { ml_name: "readinto", ml_meth: MethodFn::FastCall(pair_readinto), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::FastCall(pair_readable), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::FastCall(pair_write), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::FastCall(pair_flush), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::FastCall(pair_writable), ml_doc: None },
    MethodDef { ml_name: "isatty", ml_meth: MethodFn::FastCall(pair_isatty), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::FastCall(pair_close), ml_doc: None },
];

static PAIR_GETSET: [GetSetDef; 1] = [GetSetDef { name: "closed", get: pair_closed, set: None, doc: None }];

/// `_io.BufferedRWPair`.
pub static BUFFERED_RWPAIR_TYPE: TypeObject = TypeObject::new_static(
    "_io.BufferedRWPair",
    size_of::<IoObject<PairState>>(),
    object::dealloc_simple::<IoObject<PairState>>,
    TypeSlots { tp_new: Some(rwpair_new), tp_init: Some(rwpair_init), ..TypeSlots::EMPTY },
)
.with_base(&iobase::BUFFEREDIOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&PAIR_METHODS)
.with_getset(&PAIR_GETSET)
.with_dictoffset(core::mem::offset_of!(IoObject<PairState>, dict));
