//! `TextIOWrapper` and `IncrementalNewlineDecoder`, ported from
//! Modules/_io/textio.c: text over a buffered binary stream. Bytes are
//! decoded in chunks (a UTF-8 sequence split by a chunk boundary waits for
//! the next chunk) with the codecs of `bytes.decode`/`str.encode`; the
//! decoded text is kept untranslated, so `tell()` is the buffer position
//! minus the encoded size of what is not yet consumed. Newlines follow
//! the `newline` argument as in CPython (universal mode by default).

use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::longobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};

use super::iobase::{self, boolean, call, int, none, size_arg, type_error, value_error};
use super::{IoObject, alloc, state};

const CR: u32 = b'\r' as u32;
const LF: u32 = b'\n' as u32;

pub struct TextState {
    buffer: Option<ObjRef>,
    encoding: String,
    errors: String,
    /// None: universal newlines, translated to `\n` on input.
    newline: Option<String>,
    line_buffering: bool,
    write_through: bool,
    /// Decoded, untranslated text not yet returned.
    decoded: Vec<u32>,
    /// Bytes of an incomplete UTF-8 sequence at the end of the last chunk.
    pending: Vec<u8>,
    eof: bool,
    /// Newline kinds seen (1 `\r`, 2 `\n`, 4 `\r\n`).
    seen: u8,
    chunk_size: usize,
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut TextState) -> PyResult<R>) -> PyResult<R> {
    state::<TextState>(v, &TEXTIOWRAPPER_TYPE)?.with(v, f)
}

fn buffer_of(s: &TextState) -> PyResult<ObjRef> {
    s.buffer.clone().ok_or_else(|| value_error("underlying buffer has been detached"))
}

fn is_utf8(enc: &str) -> bool {
    matches!(enc.to_ascii_lowercase().replace('_', "-").as_str(), "utf-8" | "utf8" | "u8")
}

fn textio_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(
        ty,
        TextState {
            buffer: None,
            encoding: "utf-8".to_owned(),
            errors: "strict".to_owned(),
            newline: None,
            line_buffering: false,
            write_through: false,
            decoded: Vec::new(),
            pending: Vec::new(),
            eof: false,
            seen: 0,
            chunk_size: 8192,
        },
    )
}

fn opt_str(what: &str, v: Option<&PyObject>) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if object::is_none(v) => Ok(None),
        Some(v) => match downcast::<StrObject>(v) {
            Some(s) => Ok(Some(s.to_string_lossy())),
            None => Err(type_error(&format!("{what} must be str or None, not {}", type_of(v).name()))),
        },
    }
}

fn check_newline(v: Option<&PyObject>) -> PyResult<Option<Option<String>>> {
    match v {
        None => Ok(None),
        Some(v) if object::is_none(v) => Ok(Some(None)),
        Some(v) => {
            let s = opt_str("TextIOWrapper() argument 'newline'", Some(v))?.unwrap_or_default();
            if !matches!(s.as_str(), "" | "\n" | "\r" | "\r\n") {
                return Err(value_error(&format!("illegal newline value: {}", object::repr(v)?.to_string_lossy())));
            }
            Ok(Some(Some(s)))
        }
    }
}

/// A new wrapper over `buffer` (for `open()`).
pub fn new_wrapper(buffer: &PyObject, encoding: Option<&PyObject>, errors: Option<&PyObject>, newline: Option<&PyObject>, line_buffering: bool) -> PyResult<ObjRef> {
    let empty = rupy::objects::tupleobject::from_slice(&[])?;
    let t = textio_new(&TEXTIOWRAPPER_TYPE, &empty, None)?;
    setup(&t, buffer, encoding, errors, newline, line_buffering, false)?;
    Ok(t)
}

fn setup(v: &PyObject, buffer: &PyObject, encoding: Option<&PyObject>, errs: Option<&PyObject>, newline: Option<&PyObject>, line_buffering: bool, write_through: bool) -> PyResult<()> {
    // The locale encoding is UTF-8 (rupy's filesystem and locale encoding).
    let encoding = opt_str("TextIOWrapper() argument 'encoding'", encoding)?.unwrap_or_else(|| "UTF-8".to_owned());
    if encoding != "locale" {
        // An unknown codec fails now (LookupError), as in CPython.
        let probe = unicodeobject::from_str("")?;
        call(as_obj(&*probe), "encode", &[as_obj(&*unicodeobject::from_str(&encoding)?)])?;
    }
    let encoding = if encoding == "locale" { "UTF-8".to_owned() } else { encoding };
    let errs = opt_str("TextIOWrapper() argument 'errors'", errs)?.unwrap_or_else(|| "strict".to_owned());
    let newline = check_newline(newline)?.unwrap_or(None);
    with(v, |s| {
        s.buffer = Some(object::new_ref(buffer));
        s.encoding = encoding;
        s.errors = errs;
        s.newline = newline;
        s.line_buffering = line_buffering;
        s.write_through = write_through;
        s.decoded.clear();
        s.pending.clear();
        s.eof = false;
        Ok(())
    })
}

/// `__init__(buffer, encoding=None, errors=None, newline=None,
/// line_buffering=False, write_through=False)`.
fn textio_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse(
        "TextIOWrapper",
        args,
        kwds,
        &["buffer", "encoding", "errors", "newline", "line_buffering", "write_through"],
        &[],
        1,
    )?;
    let flag = |o: &Option<ObjRef>| -> PyResult<bool> { o.as_deref().map_or(Ok(false), object::is_true) };
    let lb = flag(&a[4])?;
    let wt = flag(&a[5])?;
    setup(v, a[0].as_deref().ok_or_else(errors::bad_internal_call)?, a[1].as_deref(), a[2].as_deref(), a[3].as_deref(), lb, wt)
}

/// Decodes `data` (all of it when `fin`), keeping an incomplete trailing
/// UTF-8 sequence for later.
fn decode(s: &mut TextState, data: &[u8], fin: bool) -> PyResult<Vec<u32>> {
    let mut bytes = core::mem::take(&mut s.pending);
    bytes.extend_from_slice(data);
    if !fin && is_utf8(&s.encoding) {
        // Hold back a sequence cut by the chunk boundary.
        let mut cut = bytes.len();
        let start = bytes.len().saturating_sub(3);
        for i in (start..bytes.len()).rev() {
            let b = bytes[i];
            if b & 0xC0 == 0x80 {
                continue;
            }
            let need = if b >= 0xF0 { 4 } else if b >= 0xE0 { 3 } else if b >= 0xC0 { 2 } else { 1 };
            if i + need > bytes.len() {
                cut = i;
            }
            break;
        }
        s.pending = bytes.split_off(cut);
    }
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let b = bytesobject::from_bytes(&bytes)?;
    let enc = unicodeobject::from_str(&s.encoding)?;
    let errs = unicodeobject::from_str(&s.errors)?;
    let text = call(as_obj(&*b), "decode", &[as_obj(&*enc), as_obj(&*errs)])?;
    let text = downcast::<StrObject>(&text).ok_or_else(errors::bad_internal_call)?;
    Ok(text.data().iter().collect())
}

/// Reads one more chunk into `decoded`; false at end of file.
fn fill(s: &mut TextState) -> PyResult<bool> {
    if s.eof {
        return Ok(false);
    }
    let buffer = buffer_of(s)?;
    let n = longobject::from_i64(s.chunk_size as i64)?;
    let chunk = match object::get_attr_str(&buffer, "read1") {
        Ok(read1) => object::call(&read1, &[&n])?,
        Err(_) => {
            errors::clear();
            call(&buffer, "read", &[&n])?
        }
    };
    let data = if object::is_none(&chunk) { Vec::new() } else { iobase::bytes_arg(&chunk)? };
    let fin = data.is_empty();
    let text = decode(s, &data, fin)?;
    s.decoded.extend_from_slice(&text);
    if fin {
        s.eof = true;
    }
    Ok(!fin || !text.is_empty())
}

/// Takes `n` untranslated code points and translates them for input.
fn take(s: &mut TextState, n: usize) -> Vec<u32> {
    let raw: Vec<u32> = s.decoded.drain(..n).collect();
    if s.newline.is_some() {
        for (i, &c) in raw.iter().enumerate() {
            if c == CR {
                s.seen |= if raw.get(i + 1) == Some(&LF) { 4 } else { 1 };
            } else if c == LF && (i == 0 || raw[i - 1] != CR) {
                s.seen |= 2;
            }
        }
        return raw;
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == CR {
            if raw.get(i + 1) == Some(&LF) {
                s.seen |= 4;
                i += 1;
            } else {
                s.seen |= 1;
            }
            out.push(LF);
        } else {
            if raw[i] == LF {
                s.seen |= 2;
            }
            out.push(raw[i]);
        }
        i += 1;
    }
    out
}

fn check_open(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = with(v, |s| buffer_of(s))?;
    if object::is_true(&*object::get_attr_str(&buffer, "closed")?)? {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(buffer)
}

fn text_obj(c: &[u32]) -> PyResult<ObjRef> {
    unicodeobject::from_code_points(c).map(into_obj)
}

fn read(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = size_arg(args.first().map(|a| &**a))?;
    let buffer = check_open(v)?;
    if !object::is_true(&*call(&buffer, "readable", &[])?)? {
        return Err(iobase::unsupported("not readable"));
    }
    let out = with(v, |s| {
        match n {
            None => while fill(s)? {},
            Some(n) => {
                // One extra code point, so a CR at the end can pair.
                while s.decoded.len() <= n && fill(s)? {}
            }
        }
        let mut k = n.map_or(s.decoded.len(), |n| n.min(s.decoded.len()));
        if s.newline.is_none() && k > 0 && k < s.decoded.len() && s.decoded[k - 1] == CR && s.decoded[k] == LF {
            k += 1;
        }
        Ok(take(s, k))
    })?;
    text_obj(&out)
}

/// The end of the first line in `d` (`_PyIO_find_line_ending`), if any.
fn line_end(d: &[u32], newline: Option<&str>, eof: bool) -> Option<usize> {
    match newline {
        None | Some("") => {
            for i in 0..d.len() {
                if d[i] == LF {
                    return Some(i + 1);
                }
                if d[i] == CR {
                    if i + 1 < d.len() {
                        return Some(if d[i + 1] == LF { i + 2 } else { i + 1 });
                    }
                    return eof.then_some(i + 1);
                }
            }
            None
        }
        Some("\n") => d.iter().position(|&c| c == LF).map(|i| i + 1),
        Some("\r") => d.iter().position(|&c| c == CR).map(|i| i + 1),
        Some(_) => d.windows(2).position(|w| w == [CR, LF]).map(|i| i + 2),
    }
}

fn readline(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let limit = size_arg(args.first().map(|a| &**a))?;
    check_open(v)?;
    let out = with(v, |s| {
        loop {
            let nl = s.newline.clone();
            if let Some(end) = line_end(&s.decoded, nl.as_deref(), s.eof) {
                let k = limit.map_or(end, |l| l.min(end));
                return Ok(take(s, k));
            }
            if limit.is_some_and(|l| s.decoded.len() >= l) {
                return Ok(take(s, limit.unwrap_or(0)));
            }
            if !fill(s)? {
                let k = s.decoded.len();
                return Ok(take(s, k));
            }
        }
    })?;
    text_obj(&out)
}

fn write(v: &PyObject, text: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<StrObject>(text) else {
        return Err(type_error(&format!("write() argument must be str, not {}", type_of(text).name())));
    };
    let buffer = check_open(v)?;
    let cps: Vec<u32> = t.data().iter().collect();
    let n = cps.len();
    let (data, flush) = with(v, |s| {
        let has_nl = cps.contains(&LF) || cps.contains(&CR);
        let translated: Vec<u32> = match s.newline.as_deref() {
            Some(nl @ ("\r" | "\r\n")) => {
                let mut out = Vec::with_capacity(cps.len());
                for &c in &cps {
                    if c == LF {
                        out.extend(nl.chars().map(u32::from));
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            _ => cps.clone(),
        };
        let u = unicodeobject::from_code_points(&translated)?;
        let enc = unicodeobject::from_str(&s.encoding)?;
        let errs = unicodeobject::from_str(&s.errors)?;
        let b = call(as_obj(&*u), "encode", &[as_obj(&*enc), as_obj(&*errs)])?;
        // Written text invalidates what was read ahead.
        s.decoded.clear();
        s.pending.clear();
        s.eof = false;
        Ok((b, (s.line_buffering && has_nl) || s.write_through))
    })?;
    call(&buffer, "write", &[&data])?;
    if flush {
        call(&buffer, "flush", &[])?;
    }
    int(n as i64)
}

fn flush(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = check_open(v)?;
    call(&buffer, "flush", &[])
}

fn close(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = with(v, |s| buffer_of(s))?;
    if object::is_true(&*object::get_attr_str(&buffer, "closed")?)? {
        return none();
    }
    let f = call(&buffer, "flush", &[]);
    let c = call(&buffer, "close", &[]);
    f?;
    c.map(|_| object::none())
}

/// `tell()`: the buffer's position less what was decoded but not read.
fn tell(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = check_open(v)?;
    let pos = r#abstract::as_ssize(&*call(&buffer, "tell", &[])?, None)?;
    let ahead = with(v, |s| {
        let u = unicodeobject::from_code_points(&s.decoded)?;
        let enc = unicodeobject::from_str(&s.encoding)?;
        let errs = unicodeobject::from_str(&s.errors)?;
        let b = call(as_obj(&*u), "encode", &[as_obj(&*enc), as_obj(&*errs)])?;
        Ok(downcast::<BytesObject>(&b).map_or(0, |b| b.as_bytes().len()) + s.pending.len())
    })?;
    int((pos - ahead as isize).max(0) as i64)
}

fn seek(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let buffer = check_open(v)?;
    let (cookie, whence) = match args {
        [c] => (object::new_ref(&**c), 0),
        [c, w] => (object::new_ref(&**c), r#abstract::as_ssize(w, None)?),
        _ => return Err(type_error(&format!("seek expected at most 2 arguments, got {}", args.len()))),
    };
    let zero = |c: &PyObject| -> PyResult<bool> { Ok(r#abstract::as_ssize(c, None)? == 0) };
    match whence {
        0 => {
            let pos = r#abstract::as_ssize(&cookie, None)?;
            if pos < 0 {
                return Err(value_error(&format!("negative seek position {pos}")));
            }
            call(&buffer, "flush", &[])?;
            with(v, |s| {
                s.decoded.clear();
                s.pending.clear();
                s.eof = false;
                Ok(())
            })?;
            call(&buffer, "seek", &[&cookie])
        }
        1 => {
            if !zero(&cookie)? {
                return Err(iobase::unsupported("can't do nonzero cur-relative seeks"));
            }
            tell(v)
        }
        2 => {
            if !zero(&cookie)? {
                return Err(iobase::unsupported("can't do nonzero end-relative seeks"));
            }
            call(&buffer, "flush", &[])?;
            with(v, |s| {
                s.decoded.clear();
                s.pending.clear();
                Ok(())
            })?;
            let z = longobject::from_i64(0)?;
            let two = longobject::from_i64(2)?;
            call(&buffer, "seek", &[&z, &two])
        }
        _ => Err(value_error(&format!("invalid whence ({whence}, should be 0, 1 or 2)"))),
    }
}

fn truncate(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let buffer = check_open(v)?;
    call(&buffer, "flush", &[])?;
    let refs: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    call(&buffer, "truncate", &refs)
}

fn detach(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = with(v, |s| buffer_of(s))?;
    call(&buffer, "flush", &[])?;
    with(v, |s| {
        s.buffer = None;
        Ok(())
    })?;
    Ok(buffer)
}

/// `reconfigure(*, encoding=None, errors=None, newline=None,
/// line_buffering=None, write_through=None)`.
fn reconfigure(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if !args.is_empty() {
        return Err(type_error("reconfigure() takes no positional arguments"));
    }
    let mut vals: [Option<ObjRef>; 5] = Default::default();
    const NAMES: [&str; 5] = ["encoding", "errors", "newline", "line_buffering", "write_through"];
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            let key = object::str_lossy(&key);
            let Some(i) = NAMES.iter().position(|n| *n == key) else {
                return Err(type_error(&format!("reconfigure() got an unexpected keyword argument '{key}'")));
            };
            vals[i] = Some(val);
        }
    }
    let encoding = opt_str("reconfigure() argument 'encoding'", vals[0].as_deref())?;
    let errs = opt_str("reconfigure() argument 'errors'", vals[1].as_deref())?;
    let newline = check_newline(vals[2].as_deref())?;
    let lb = vals[3].as_deref().filter(|x| !object::is_none(x)).map(object::is_true).transpose()?;
    let wt = vals[4].as_deref().filter(|x| !object::is_none(x)).map(object::is_true).transpose()?;
    flush(v)?;
    with(v, |s| {
        if let Some(e) = encoding {
            s.encoding = e;
            if errs.is_none() {
                s.errors = "strict".to_owned();
            }
        }
        if let Some(e) = errs {
            s.errors = e;
        }
        if let Some(n) = newline {
            s.newline = n;
        }
        if let Some(l) = lb {
            s.line_buffering = l;
        }
        if let Some(w) = wt {
            s.write_through = w;
        }
        Ok(())
    })?;
    none()
}

macro_rules! delegate {
    ($($name:ident => $method:literal;)*) => {$(
        fn $name(v: &PyObject) -> PyResult<ObjRef> {
            let buffer = with(v, |s| buffer_of(s))?;
            call(&buffer, $method, &[])
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

fn get_buffer(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| buffer_of(s))
}

fn get_encoding(v: &PyObject) -> PyResult<ObjRef> {
    let e = with(v, |s| Ok(s.encoding.clone()))?;
    unicodeobject::from_string(e).map(into_obj)
}

fn get_errors(v: &PyObject) -> PyResult<ObjRef> {
    let e = with(v, |s| Ok(s.errors.clone()))?;
    unicodeobject::from_string(e).map(into_obj)
}

fn get_line_buffering(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |s| Ok(s.line_buffering))?)
}

fn get_write_through(v: &PyObject) -> PyResult<ObjRef> {
    boolean(with(v, |s| Ok(s.write_through))?)
}

fn get_closed(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = with(v, |s| buffer_of(s))?;
    object::get_attr_str(&buffer, "closed")
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    let buffer = with(v, |s| buffer_of(s))?;
    object::get_attr_str(&buffer, "name")
}

fn get_newlines(v: &PyObject) -> PyResult<ObjRef> {
    let seen = with(v, |s| Ok(s.seen))?;
    newlines_obj(seen)
}

fn newlines_obj(seen: u8) -> PyResult<ObjRef> {
    let names: Vec<&str> = [(1u8, "\r"), (2, "\n"), (4, "\r\n")].iter().filter(|(b, _)| seen & b != 0).map(|(_, n)| *n).collect();
    match names.len() {
        0 => none(),
        1 => unicodeobject::from_str(names[0]).map(into_obj),
        _ => {
            let objs: Vec<ObjRef> = names.iter().map(|n| unicodeobject::from_str(n).map(into_obj)).collect::<PyResult<_>>()?;
            let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
            rupy::objects::tupleobject::from_slice(&refs).map(into_obj)
        }
    }
}

/// `textiowrapper_repr`: `<_io.TextIOWrapper name='x' mode='r' encoding='utf-8'>`.
fn repr(v: &PyObject) -> PyResult<ObjRef> {
    let mut out = String::from("<_io.TextIOWrapper");
    for attr in ["name", "mode"] {
        match object::get_attr_str(v, attr) {
            Ok(x) => out.push_str(&format!(" {attr}={}", object::repr(&x)?.to_string_lossy())),
            Err(_) => errors::clear(),
        }
    }
    let enc = with(v, |s| Ok(s.encoding.clone()))?;
    out.push_str(&format!(" encoding='{enc}'>"));
    unicodeobject::from_string(out).map(into_obj)
}

fn iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let line = readline(v, &[])?;
    Ok((r#abstract::size(&line)? > 0).then_some(line))
}

static METHODS: [MethodDef; 17] = [
    MethodDef { ml_name: "read", ml_meth: MethodFn::FastCall(read), ml_doc: None },
    MethodDef { ml_name: "readline", ml_meth: MethodFn::FastCall(readline), ml_doc: None },
    MethodDef { ml_name: "write", ml_meth: MethodFn::O(write), ml_doc: None },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::NoArgs(flush), ml_doc: None },
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(close), ml_doc: None },
    MethodDef { ml_name: "tell", ml_meth: MethodFn::NoArgs(tell), ml_doc: None },
    MethodDef { ml_name: "seek", ml_meth: MethodFn::FastCall(seek), ml_doc: None },
    MethodDef { ml_name: "truncate", ml_meth: MethodFn::FastCall(truncate), ml_doc: None },
    MethodDef { ml_name: "detach", ml_meth: MethodFn::NoArgs(detach), ml_doc: None },
    MethodDef { ml_name: "reconfigure", ml_meth: MethodFn::FastCallKw(reconfigure), ml_doc: None },
    MethodDef { ml_name: "fileno", ml_meth: MethodFn::NoArgs(fileno), ml_doc: None },
    MethodDef { ml_name: "isatty", ml_meth: MethodFn::NoArgs(isatty), ml_doc: None },
    MethodDef { ml_name: "readable", ml_meth: MethodFn::NoArgs(readable), ml_doc: None },
    MethodDef { ml_name: "writable", ml_meth: MethodFn::NoArgs(writable), ml_doc: None },
    MethodDef { ml_name: "seekable", ml_meth: MethodFn::NoArgs(seekable), ml_doc: None },
    MethodDef { ml_name: "__next__", ml_meth: MethodFn::NoArgs(next_method), ml_doc: None },
    MethodDef { ml_name: "__class_getitem__", ml_meth: MethodFn::Class(class_getitem), ml_doc: None },
];

fn next_method(v: &PyObject) -> PyResult<ObjRef> {
    match iternext(v)? {
        Some(l) => Ok(l),
        None => Err(errors::set_object(rupy::objects::exceptions::stop_iteration(), None)),
    }
}

fn class_getitem(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args {
        [item] => rupy::objects::genericaliasobject::new_generic_alias(cls, item),
        _ => Err(type_error("__class_getitem__ takes exactly one argument")),
    }
}

static GETSET: [GetSetDef; 8] = [
    GetSetDef { name: "buffer", get: get_buffer, set: None, doc: None },
    GetSetDef { name: "encoding", get: get_encoding, set: None, doc: None },
    GetSetDef { name: "errors", get: get_errors, set: None, doc: None },
    GetSetDef { name: "line_buffering", get: get_line_buffering, set: None, doc: None },
    GetSetDef { name: "write_through", get: get_write_through, set: None, doc: None },
    GetSetDef { name: "closed", get: get_closed, set: None, doc: None },
    GetSetDef { name: "name", get: get_name, set: None, doc: None },
    GetSetDef { name: "newlines", get: get_newlines, set: None, doc: None },
];

/// `_io.TextIOWrapper`.
pub static TEXTIOWRAPPER_TYPE: TypeObject = TypeObject::new_static(
    "_io.TextIOWrapper",
    size_of::<IoObject<TextState>>(),
    object::dealloc_simple::<IoObject<TextState>>,
    TypeSlots {
        tp_repr: Some(repr),
        tp_iternext: Some(iternext),
        tp_new: Some(textio_new),
        tp_init: Some(textio_init),
        ..TypeSlots::EMPTY
    },
)
.with_base(&iobase::TEXTIOBASE_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&METHODS)
.with_getset(&GETSET)
.with_dictoffset(core::mem::offset_of!(IoObject<TextState>, dict));

// ---------------------------------------------------------------------
// IncrementalNewlineDecoder.

pub struct NlDecoderState {
    decoder: Option<ObjRef>,
    translate: bool,
    pendingcr: bool,
    seen: u8,
}

fn nl(v: &PyObject) -> PyResult<&crate::guarded::Guarded<NlDecoderState>> {
    state::<NlDecoderState>(v, &NEWLINE_DECODER_TYPE)
}

fn nldecoder_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    alloc(ty, NlDecoderState { decoder: None, translate: false, pendingcr: false, seen: 0 })
}

/// `__init__(decoder, translate, errors='strict')`.
fn nldecoder_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = crate::guarded::parse("IncrementalNewlineDecoder", args, kwds, &["decoder", "translate", "errors"], &[], 2)?;
    let decoder = a[0].clone().filter(|d| !object::is_none(d));
    let translate = object::is_true(a[1].as_deref().unwrap_or(&object::NONE))?;
    nl(v)?.with(v, |s| {
        s.decoder = decoder;
        s.translate = translate;
        s.pendingcr = false;
        s.seen = 0;
        Ok(())
    })
}

/// `_PyIncrementalNewlineDecoder_decode`.
fn nldecoder_decode(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut input = args.first().cloned();
    let mut fin = args.get(1).map(|f| object::is_true(f)).transpose()?.unwrap_or(false);
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            match object::str_lossy(&key).as_str() {
                "input" => input = Some(val),
                "final" => fin = object::is_true(&val)?,
                other => return Err(type_error(&format!("decode() got an unexpected keyword argument '{other}'"))),
            }
        }
    }
    let input = input.ok_or_else(|| type_error("decode() missing required argument 'input' (pos 1)"))?;
    let decoder = nl(v)?.with(v, |s| Ok(s.decoder.clone()))?;
    let out = match decoder {
        Some(d) => {
            let f = rupy::objects::boolobject::from_bool(fin);
            call(&d, "decode", &[&input, &f])?
        }
        None => input,
    };
    let Some(t) = downcast::<StrObject>(&out) else {
        return Err(type_error(&format!("decoder should return a string result, not '{}'", type_of(&out).name())));
    };
    let mut cps: Vec<u32> = t.data().iter().collect();
    let result = nl(v)?.with(v, |s| {
        if s.pendingcr && (fin || !cps.is_empty()) {
            cps.insert(0, CR);
            s.pendingcr = false;
        }
        if !fin && cps.last() == Some(&CR) {
            cps.pop();
            s.pendingcr = true;
        }
        for (i, &c) in cps.iter().enumerate() {
            if c == CR {
                s.seen |= if cps.get(i + 1) == Some(&LF) { 4 } else { 1 };
            } else if c == LF && (i == 0 || cps[i - 1] != CR) {
                s.seen |= 2;
            }
        }
        if !s.translate {
            return Ok(cps);
        }
        let mut out = Vec::with_capacity(cps.len());
        let mut i = 0;
        while i < cps.len() {
            if cps[i] == CR {
                if cps.get(i + 1) == Some(&LF) {
                    i += 1;
                }
                out.push(LF);
            } else {
                out.push(cps[i]);
            }
            i += 1;
        }
        Ok(out)
    })?;
    text_obj(&result)
}

fn nldecoder_getstate(v: &PyObject) -> PyResult<ObjRef> {
    let (decoder, pending) = nl(v)?.with(v, |s| Ok((s.decoder.clone(), s.pendingcr)))?;
    let (buf, flag) = match decoder {
        Some(d) => {
            let st = call(&d, "getstate", &[])?;
            let items = r#abstract::collect(&st)?;
            if items.len() != 2 {
                return Err(type_error("illegal decoder state"));
            }
            (items[0].clone(), r#abstract::as_ssize(&items[1], None)? as i64)
        }
        None => (bytesobject::from_bytes(b"").map(into_obj)?, 0),
    };
    let flag = longobject::from_i64((flag << 1) | i64::from(pending))?;
    rupy::objects::tupleobject::from_slice(&[&*buf, &*flag]).map(into_obj)
}

fn nldecoder_setstate(v: &PyObject, st: &PyObject) -> PyResult<ObjRef> {
    let items = r#abstract::collect(st)?;
    if items.len() != 2 {
        return Err(type_error("state argument must be a tuple"));
    }
    let flag = r#abstract::as_ssize(&items[1], None)?;
    let decoder = nl(v)?.with(v, |s| {
        s.pendingcr = flag & 1 != 0;
        Ok(s.decoder.clone())
    })?;
    if let Some(d) = decoder {
        let inner = rupy::objects::tupleobject::from_slice(&[&*items[0], &*longobject::from_i64((flag >> 1) as i64)?])?;
        call(&d, "setstate", &[as_obj(&*inner)])?;
    }
    none()
}

fn nldecoder_reset(v: &PyObject) -> PyResult<ObjRef> {
    let decoder = nl(v)?.with(v, |s| {
        s.seen = 0;
        s.pendingcr = false;
        Ok(s.decoder.clone())
    })?;
    if let Some(d) = decoder {
        call(&d, "reset", &[])?;
    }
    none()
}

fn nldecoder_newlines(v: &PyObject) -> PyResult<ObjRef> {
    newlines_obj(nl(v)?.with(v, |s| Ok(s.seen))?)
}

static NL_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "decode", ml_meth: MethodFn::FastCallKw(nldecoder_decode), ml_doc: None },
    MethodDef { ml_name: "getstate", ml_meth: MethodFn::NoArgs(nldecoder_getstate), ml_doc: None },
    MethodDef { ml_name: "setstate", ml_meth: MethodFn::O(nldecoder_setstate), ml_doc: None },
    MethodDef { ml_name: "reset", ml_meth: MethodFn::NoArgs(nldecoder_reset), ml_doc: None },
];

static NL_GETSET: [GetSetDef; 1] = [GetSetDef { name: "newlines", get: nldecoder_newlines, set: None, doc: None }];

/// `_io.IncrementalNewlineDecoder`.
pub static NEWLINE_DECODER_TYPE: TypeObject = TypeObject::new_static(
    "_io.IncrementalNewlineDecoder",
    size_of::<IoObject<NlDecoderState>>(),
    object::dealloc_simple::<IoObject<NlDecoderState>>,
    TypeSlots { tp_new: Some(nldecoder_new), tp_init: Some(nldecoder_init), tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&NL_METHODS)
.with_getset(&NL_GETSET)
.with_dictoffset(core::mem::offset_of!(IoObject<NlDecoderState>, dict));
