//! `BytesIO`, ported from Modules/_io/bytesio.c: an in-memory binary
//! stream. `getbuffer()` returns a memoryview of a copy (docs/quirks.md).

use rupy::errors::PyResult;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};

use super::iobase::{self, boolean, bytes_arg, int, none, size_arg, type_error, value_error};
use super::{IoObject, alloc, state};

pub struct BytesIoState {
    buf: Vec<u8>,
    pos: usize,
    closed: bool,
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut BytesIoState) -> PyResult<R>) -> PyResult<R> {
    state::<BytesIoState>(v, &BYTESIO_TYPE)?.with(v, f)
}

fn check(st: &BytesIoState) -> PyResult<()> {
    if st.closed {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(())
}

fn bytes(b: &[u8]) -> PyResult<ObjRef> {
    bytesobject::from_bytes(b).map(into_obj)
}

fn bytesio_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(ty, BytesIoState { buf: Vec::new(), pos: 0, closed: false })
}

fn bytesio_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse("BytesIO", args, kwds, &["initial_bytes"], &[], 0)?;
    let init = match &a[0] {
        Some(b) if !object::is_none(b) => bytes_arg(b)?,
        _ => Vec::new(),
    };
    with(v, |st| {
        st.buf = init;
        st.pos = 0;
        Ok(())
    })
}

fn getvalue(v: &PyObject) -> PyResult<ObjRef> {
    let b = with(v, |st| {
        check(st)?;
        Ok(st.buf.clone())
    })?;
    bytes(&b)
}

fn getbuffer(v: &PyObject) -> PyResult<ObjRef> {
    let b = getvalue(v)?;
    object::call(as_obj(&rupy::objects::memoryobject::MEMORYVIEW_TYPE), &[&b])
}

fn read_n(v: &PyObject, n: Option<usize>) -> PyResult<Vec<u8>> {
    with(v, |st| {
        check(st)?;
        let start = st.pos.min(st.buf.len());
        let end = n.map_or(st.buf.len(), |n| (start + n).min(st.buf.len()));
        st.pos = end.max(st.pos);
        Ok(st.buf[start..end].to_vec())
    })
}

fn read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    bytes(&read_n(v, size_arg(args.first().map(|a| &**a))?)?)
}

fn readline(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let limit = size_arg(args.first().map(|a| &**a))?;
    let b = with(v, |st| {
        check(st)?;
        let start = st.pos.min(st.buf.len());
        let rest = &st.buf[start..];
        let max = limit.map_or(rest.len(), |l| l.min(rest.len()));
        let end = rest[..max].iter().position(|&c| c == b'\n').map_or(max, |i| i + 1);
        st.pos = start + end;
        Ok(rest[..end].to_vec())
    })?;
    bytes(&b)
}

fn readinto(v: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    let n = iobase::writable_len(b)?;
    let data = read_n(v, Some(n))?;
    iobase::write_into(b, &data)?;
    int(data.len() as i64)
}

fn write(v: &PyObject, data: &PyObject) -> PyResult<ObjRef> {
    if downcast::<rupy::objects::unicodeobject::StrObject>(data).is_some() {
        return Err(type_error("a bytes-like object is required, not 'str'"));
    }
    let data = bytes_arg(data)?;
    let n = with(v, |st| {
        check(st)?;
        let end = st.pos + data.len();
        if end > st.buf.len() {
            st.buf.resize(end, 0);
        }
        st.buf[st.pos..end].copy_from_slice(&data);
        st.pos = end;
        Ok(data.len())
    })?;
    int(n as i64)
}

fn seek(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (pos, whence) = match args {
        [p] => (r#abstract::as_ssize(p, None)?, 0),
        [p, w] => (r#abstract::as_ssize(p, None)?, r#abstract::as_ssize(w, None)?),
        _ => return Err(type_error(&format!("seek expected at most 2 arguments, got {}", args.len()))),
    };
    let n = with(v, |st| {
        check(st)?;
        let base: isize = match whence {
            0 => {
                if pos < 0 {
                    return Err(value_error(&format!("negative seek value {pos}")));
                }
                0
            }
            1 => st.pos as isize,
            2 => st.buf.len() as isize,
            _ => return Err(value_error(&format!("invalid whence ({whence}, should be 0, 1 or 2)"))),
        };
        st.pos = (base + pos).max(0) as usize;
        Ok(st.pos)
    })?;
    int(n as i64)
}

fn tell(v: &PyObject) -> PyResult<ObjRef> {
    int(with(v, |st| {
        check(st)?;
        Ok(st.pos)
    })? as i64)
}

fn truncate(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let size = match args.first() {
        Some(s) if !object::is_none(s) => Some(r#abstract::as_ssize(s, None)?),
        _ => None,
    };
    let n = with(v, |st| {
        check(st)?;
        let size = match size {
            Some(s) if s < 0 => return Err(value_error(&format!("negative size value {s}"))),
            Some(s) => s as usize,
            None => st.pos,
        };
        st.buf.truncate(size);
        Ok(size)
    })?;
    int(n as i64)
}

fn close(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |st| {
        st.closed = true;
        st.buf = Vec::new();
        Ok(())
    })?;
    none()
}

fn true_if_open(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |st| check(st))?;
    boolean(true)
}

fn get_closed(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |st| Ok(st.closed))?)
}

fn iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let line = readline(v, &[])?;
    Ok((downcast::<BytesObject>(&line).is_some_and(|b| !b.as_bytes().is_empty())).then_some(line))
}

static METHODS: [MethodDef; 15] = [
    MethodDef { ml_name: "getvalue", ml_meth: MethodFn::NoArgs(getvalue), ml_doc: None },
    MethodDef { ml_name: "getbuffer", ml_meth: MethodFn::NoArgs(getbuffer), ml_doc: None },
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(read), ml_doc: None },
    MethodDef { ml_name: "read1", ml_meth: MethodFn::FastCall(read), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(readline), ml_doc: None },
    MethodDef { ml_name: "readinto", ml_meth: MethodFn::O(readinto), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(write), ml_doc: None },
    MethodDef { ml_name: "seek", ml_meth: MethodFn::FastCall(seek), ml_doc: None },
    MethodDef { ml_name: "tell", ml_meth: MethodFn::NoArgs(tell), ml_doc: None },
    MethodDef { ml_name: "truncate", ml_meth: MethodFn::FastCall(truncate), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(close), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(true_if_open), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(true_if_open), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(true_if_open), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::NoArgs(true_if_open_none), ml_doc: None },
];

fn true_if_open_none(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |st| check(st))?;
    none()
}

static GETSET: [GetSetDef; 1] = [GetSetDef { name: "closed", get: get_closed, set: None, doc: None }];

/// `_io.BytesIO`.
pub static BYTESIO_TYPE: TypeObject = TypeObject::new_static(
    "_io.BytesIO",
    size_of::<IoObject<BytesIoState>>(),
    object::dealloc_simple::<IoObject<BytesIoState>>,
    TypeSlots {
        tp_iternext: Some(iternext),
        tp_new: Some(bytesio_new),
        tp_init: Some(bytesio_init),
        ..TypeSlots::EMPTY
    },
)
.with_base(&iobase::BUFFEREDIOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&METHODS)
.with_getset(&GETSET)
.with_dictoffset(core::mem::offset_of!(IoObject<BytesIoState>, dict));
