//! `StringIO`, ported from Modules/_io/stringio.c: an in-memory text
//! stream of code points, with the newline translation of its `newline`
//! argument.

use rupy::errors::PyResult;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};

use super::iobase::{self, boolean, int, none, size_arg, type_error, value_error};
use super::{IoObject, alloc, state};

pub struct StringIoState {
    buf: Vec<u32>,
    pos: usize,
    closed: bool,
    /// The `newline` argument: None (translate to `\n`), `""`, `"\n"`,
    /// `"\r"` or `"\r\n"`.
    newline: Option<String>,
    /// Kinds of newline seen, for `newlines` (1 `\r`, 2 `\n`, 4 `\r\n`).
    seen: u8,
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut StringIoState) -> PyResult<R>) -> PyResult<R> {
    state::<StringIoState>(v, &STRINGIO_TYPE)?.with(v, f)
}

fn cps(s: &StrObject) -> Vec<u32> {
    s.data().iter().collect()
}

fn text(c: &[u32]) -> PyResult<ObjRef> {
    unicodeobject::from_code_points(c).map(into_obj)
}

/// Applies the write-side newline translation.
fn translate_in(st: &mut StringIoState, s: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match st.newline.as_deref() {
            None if c == u32::from(b'\r') => {
                if s.get(i + 1) == Some(&u32::from(b'\n')) {
                    st.seen |= 4;
                    i += 1;
                } else {
                    st.seen |= 1;
                }
                out.push(u32::from(b'\n'));
            }
            None if c == u32::from(b'\n') => {
                st.seen |= 2;
                out.push(c);
            }
            Some(nl @ ("\r" | "\r\n")) if c == u32::from(b'\n') => out.extend(nl.chars().map(u32::from)),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn write_at(st: &mut StringIoState, s: &[u32]) -> usize {
    let data = translate_in(st, s);
    if st.pos > st.buf.len() {
        st.buf.resize(st.pos, 0);
    }
    let end = st.pos + data.len();
    if end > st.buf.len() {
        st.buf.resize(end, 0);
    }
    st.buf[st.pos..end].copy_from_slice(&data);
    st.pos = end;
    s.len()
}

fn stringio_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(ty, StringIoState { buf: Vec::new(), pos: 0, closed: false, newline: Some("\n".to_owned()), seen: 0 })
}

/// `_io_StringIO___init___impl(initial_value='', newline='\n')`.
fn stringio_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse("StringIO", args, kwds, &["initial_value", "newline"], &[], 0)?;
    let newline = match &a[1] {
        None => Some("\n".to_owned()),
        Some(n) if object::is_none(n) => None,
        Some(n) => {
            let Some(s) = downcast::<StrObject>(n) else {
                return Err(type_error(&format!("newline must be str or None, not {}", type_of(n).name())));
            };
            let t = s.to_string_lossy();
            if !matches!(t.as_str(), "" | "\n" | "\r" | "\r\n") {
                return Err(value_error(&format!("illegal newline value: {}", object::repr(n)?.to_string_lossy())));
            }
            Some(t)
        }
    };
    let initial = match &a[0] {
        None => Vec::new(),
        Some(i) if object::is_none(i) => Vec::new(),
        Some(i) => match downcast::<StrObject>(i) {
            Some(s) => cps(s),
            None => {
                return Err(type_error(&format!(
                    "initial_value must be str or None, not {}",
                    type_of(i).name()
                )));
            }
        },
    };
    with(v, |st| {
        st.newline = newline;
        st.buf.clear();
        st.pos = 0;
        st.closed = false;
        st.seen = 0;
        write_at(st, &initial);
        st.pos = 0;
        Ok(())
    })
}

fn check(st: &StringIoState) -> PyResult<()> {
    if st.closed {
        return Err(value_error("I/O operation on closed file"));
    }
    Ok(())
}

fn getvalue(v: &PyObject) -> PyResult<ObjRef> {
    let c = with(v, |st| {
        check(st)?;
        Ok(st.buf.clone())
    })?;
    text(&c)
}

fn read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = size_arg(args.first().map(|a| &**a))?;
    let c = with(v, |st| {
        check(st)?;
        let start = st.pos.min(st.buf.len());
        let end = match n {
            Some(n) => (start + n).min(st.buf.len()),
            None => st.buf.len(),
        };
        st.pos = end.max(st.pos);
        Ok(st.buf[start..end].to_vec())
    })?;
    text(&c)
}

/// `_stringio_readline`: up to and including the line ending the
/// `newline` argument names (any of them for `""`).
fn readline(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let limit = size_arg(args.first().map(|a| &**a))?;
    let c = with(v, |st| {
        check(st)?;
        let start = st.pos.min(st.buf.len());
        let rest = &st.buf[start..];
        let max = limit.map_or(rest.len(), |l| l.min(rest.len()));
        let mut end = max;
        let universal = st.newline.as_deref() == Some("");
        let crlf = st.newline.as_deref() == Some("\r\n");
        let cr_only = st.newline.as_deref() == Some("\r");
        for i in 0..max {
            let ch = rest[i];
            if universal {
                if ch == u32::from(b'\n') {
                    end = i + 1;
                    break;
                }
                if ch == u32::from(b'\r') {
                    end = if rest.get(i + 1) == Some(&u32::from(b'\n')) && i + 1 < max { i + 2 } else { i + 1 };
                    break;
                }
            } else if crlf {
                if ch == u32::from(b'\r') && rest.get(i + 1) == Some(&u32::from(b'\n')) && i + 1 < max {
                    end = i + 2;
                    break;
                }
            } else if cr_only {
                if ch == u32::from(b'\r') {
                    end = i + 1;
                    break;
                }
            } else if ch == u32::from(b'\n') {
                end = i + 1;
                break;
            }
        }
        st.pos = start + end;
        Ok(rest[..end].to_vec())
    })?;
    text(&c)
}

fn write(v: &PyObject, s: &PyObject) -> PyResult<ObjRef> {
    let Some(s) = downcast::<StrObject>(s) else {
        return Err(type_error(&format!("string argument expected, got '{}'", type_of(s).name())));
    };
    let data = cps(s);
    let n = with(v, |st| {
        check(st)?;
        Ok(write_at(st, &data))
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
        match whence {
            0 => {
                if pos < 0 {
                    return Err(value_error(&format!("Negative seek position {pos}")));
                }
                st.pos = pos as usize;
            }
            1 | 2 if pos != 0 => {
                return Err(iobase::unsupported(if whence == 1 { "Can't do nonzero cur-relative seeks" } else { "Can't do nonzero end-relative seeks" }));
            }
            1 => {}
            2 => st.pos = st.buf.len(),
            _ => return Err(value_error(&format!("Invalid whence ({whence}, should be 0, 1 or 2)"))),
        }
        Ok(st.pos)
    })?;
    int(n as i64)
}

fn tell(v: &PyObject) -> PyResult<ObjRef> {
    let n = with(v, |st| {
        check(st)?;
        Ok(st.pos)
    })?;
    int(n as i64)
}

fn truncate(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let size = match args.first() {
        Some(s) if !object::is_none(s) => Some(r#abstract::as_ssize(s, None)?),
        _ => None,
    };
    let n = with(v, |st| {
        check(st)?;
        let size = match size {
            Some(s) if s < 0 => return Err(value_error(&format!("Negative size value {s}"))),
            Some(s) => s as usize,
            None => st.pos,
        };
        if size < st.buf.len() {
            st.buf.truncate(size);
        }
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

fn get_line_buffering(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |st| check(st))?;
    boolean(false)
}

fn get_newlines(v: &PyObject) -> PyResult<ObjRef> {
    let (seen, translating) = with(v, |st| {
        check(st)?;
        Ok((st.seen, st.newline.is_none()))
    })?;
    if !translating || seen == 0 {
        return none();
    }
    let names: Vec<&str> = [(1u8, "\r"), (2, "\n"), (4, "\r\n")].iter().filter(|(b, _)| seen & b != 0).map(|(_, n)| *n).collect();
    if names.len() == 1 {
        return unicodeobject::from_str(names[0]).map(into_obj);
    }
    let objs: Vec<ObjRef> = names.iter().map(|n| unicodeobject::from_str(n).map(into_obj)).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
    rupy::objects::tupleobject::from_slice(&refs).map(into_obj)
}

fn iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let line = readline(v, &[])?;
    Ok((r#abstract::size(&line)? > 0).then_some(line))
}

static METHODS: [MethodDef; 12] = [
    MethodDef { ml_name: "getvalue", ml_meth: MethodFn::NoArgs(getvalue), ml_doc: None },
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(read), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(readline), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(write), ml_doc: None },
    MethodDef { ml_name: "seek", ml_meth: MethodFn::FastCall(seek), ml_doc: None },
    MethodDef { ml_name: "tell", ml_meth: MethodFn::NoArgs(tell), ml_doc: None },
    MethodDef { ml_name: "truncate", ml_meth: MethodFn::FastCall(truncate), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(close), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(true_if_open), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(true_if_open), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(true_if_open), ml_doc: None },
    MethodDef { ml_name: "__class_getitem__", ml_meth: MethodFn::Class(generic_class_getitem), ml_doc: None },
];

fn generic_class_getitem(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args {
        [item] => rupy::objects::genericaliasobject::new_generic_alias(cls, item),
        _ => Err(type_error("__class_getitem__ takes exactly one argument")),
    }
}

static GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "closed", get: get_closed, set: None, doc: None },
    GetSetDef { name: "line_buffering", get: get_line_buffering, set: None, doc: None },
    GetSetDef { name: "newlines", get: get_newlines, set: None, doc: None },
];

/// `_io.StringIO`.
pub static STRINGIO_TYPE: TypeObject = TypeObject::new_static(
    "_io.StringIO",
    size_of::<IoObject<StringIoState>>(),
    object::dealloc_simple::<IoObject<StringIoState>>,
    TypeSlots {
        tp_iternext: Some(iternext),
        tp_new: Some(stringio_new),
        tp_init: Some(stringio_init),
        ..TypeSlots::EMPTY
    },
)
.with_base(&iobase::TEXTIOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&METHODS)
.with_getset(&GETSET)
.with_dictoffset(core::mem::offset_of!(IoObject<StringIoState>, dict));
