//! The `_codecs` module, ported from Modules/_codecsmodule.c: the codec
//! registry of `rupy::codecs` and the encoder/decoder functions Lib's
//! `encodings` package builds its codecs from (UTF-7/8/16/32, ASCII,
//! Latin-1, the escape codecs, charmap). Each returns
//! `(result, consumed length)` as CPython's do.

use rupy::builtins::BuiltinDef;
use rupy::codecs;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicode_methods::{self, Codec};
use rupy::objects::unicodeobject::{self, StrObject};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Matches vectorcall arguments to `names`; the first `required` must be
/// given. Missing ones are `None`.
fn args<'a>(
    fname: &str,
    args: &[&'a PyObject],
    kwnames: Option<&TupleObject>,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<&'a PyObject>>> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > names.len() {
        return Err(type_error(&format!(
            "{fname}() takes at most {} argument{} ({npos} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        )));
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
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(type_error(&format!("{fname}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    Ok(out)
}

/// A required str argument.
fn str_arg<'a>(fname: &str, what: &str, v: &'a PyObject) -> PyResult<&'a StrObject> {
    downcast::<StrObject>(v)
        .ok_or_else(|| type_error(&format!("{fname}() argument {what} must be str, not {}", type_of(v).name())))
}

/// The optional second argument `errors` of the codec functions (None
/// means strict).
fn errors_arg(fname: &str, v: Option<&PyObject>) -> PyResult<String> {
    match v {
        None => Ok("strict".into()),
        Some(e) if object::is_none(e) => Ok("strict".into()),
        Some(e) => match downcast::<StrObject>(e) {
            Some(s) => Ok(s.to_string_lossy()),
            None => Err(type_error(&format!("{fname}() argument 2 must be str or None, not {}", type_of(e).name()))),
        },
    }
}

/// A bytes-like argument (`Py_buffer`).
fn buffer_arg(v: &PyObject) -> PyResult<Vec<u8>> {
    bytesobject::bytes_like(v)
        .map(|b| b.into_owned())
        .ok_or_else(|| type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name())))
}

fn is_true(v: Option<&PyObject>) -> PyResult<bool> {
    v.map_or(Ok(false), object::is_true)
}

fn pair(a: ObjRef, n: usize) -> PyResult<ObjRef> {
    let n = longobject::from_i64(n as i64)?;
    tupleobject::from_slice(&[&a, &n]).map(into_obj)
}

fn bytes_pair(b: &[u8], n: usize) -> PyResult<ObjRef> {
    pair(into_obj(bytesobject::from_bytes(b)?), n)
}

fn str_pair(cps: &[u32], n: usize) -> PyResult<ObjRef> {
    pair(into_obj(unicodeobject::from_code_points(cps)?), n)
}

// ---------------------------------------------------------------------
// The registry.

fn register(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("register", a, kw, &["search_function"], 1)?;
    codecs::register(a[0].ok_or_else(errors::bad_internal_call)?)?;
    Ok(object::none())
}

fn unregister(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("unregister", a, kw, &["search_function"], 1)?;
    codecs::unregister(a[0].ok_or_else(errors::bad_internal_call)?)?;
    Ok(object::none())
}

fn lookup(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("lookup", a, kw, &["encoding"], 1)?;
    let enc = str_arg("lookup", "", a[0].ok_or_else(errors::bad_internal_call)?)?;
    codecs::lookup(&enc.to_string_lossy())
}

fn encode_or_decode(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, encoding: bool) -> PyResult<ObjRef> {
    let a = args(fname, a, kw, &["obj", "encoding", "errors"], 1)?;
    let obj = a[0].ok_or_else(errors::bad_internal_call)?;
    let enc = match a[1] {
        Some(e) => str_arg(fname, "'encoding'", e)?.to_string_lossy(),
        None => "utf-8".into(),
    };
    let errs = match a[2] {
        Some(e) => str_arg(fname, "'errors'", e)?.to_string_lossy(),
        None => "strict".into(),
    };
    if encoding { codecs::encode(obj, &enc, Some(&errs)) } else { codecs::decode(obj, &enc, Some(&errs)) }
}

fn encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    encode_or_decode("encode", a, kw, true)
}

fn decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    encode_or_decode("decode", a, kw, false)
}

fn register_error(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("register_error", a, kw, &["errors", "handler"], 2)?;
    let name = str_arg("register_error", "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    codecs::register_error(&name.to_string_lossy(), a[1].ok_or_else(errors::bad_internal_call)?)?;
    Ok(object::none())
}

fn lookup_error(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("lookup_error", a, kw, &["name"], 1)?;
    let name = str_arg("lookup_error", "", a[0].ok_or_else(errors::bad_internal_call)?)?;
    codecs::lookup_error(&name.to_string_lossy())
}

fn unregister_error(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("_unregister_error", a, kw, &["errors"], 1)?;
    let name = str_arg("_unregister_error", "", a[0].ok_or_else(errors::bad_internal_call)?)?;
    Ok(boolobject::from_bool(codecs::unregister_error(&name.to_string_lossy())?))
}

// ---------------------------------------------------------------------
// The builtin codecs.

/// `<codec>_encode(str, errors=None)`.
fn encode_with(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, codec: Codec) -> PyResult<ObjRef> {
    let a = args(fname, a, kw, &["str", "errors"], 1)?;
    let s = str_arg(fname, "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    let cps: Vec<u32> = s.data().iter().collect();
    let out = unicode_methods::encode_cps(&cps, codec, &errors_arg(fname, a[1])?)?;
    bytes_pair(&out, cps.len())
}

/// `<codec>_decode(data, errors=None, final=False)`.
fn decode_with(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, codec: Codec, stateful: bool) -> PyResult<ObjRef> {
    let names: &[&str] = if stateful { &["data", "errors", "final"] } else { &["data", "errors"] };
    let a = args(fname, a, kw, names, 1)?;
    let data = buffer_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let final_ = !stateful || is_true(a.get(2).copied().flatten())?;
    let n = if final_ { data.len() } else { unicode_methods::complete_prefix(&data, codec) };
    let cps = unicode_methods::decode_bytes(&data[..n], codec, &errors_arg(fname, a[1])?)?;
    str_pair(&cps, n)
}

macro_rules! codec_fns {
    ($($enc:ident, $dec:ident, $codec:expr, $stateful:expr;)*) => {$(
        fn $enc(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            encode_with(stringify!($enc), a, kw, $codec)
        }
        fn $dec(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            decode_with(stringify!($dec), a, kw, $codec, $stateful)
        }
    )*};
}

codec_fns! {
    utf_8_encode, utf_8_decode, Codec::Utf8, true;
    ascii_encode, ascii_decode, Codec::Ascii, false;
    latin_1_encode, latin_1_decode, Codec::Latin1, false;
    utf_16_le_encode, utf_16_le_decode, Codec::Utf16(Some(false)), true;
    utf_16_be_encode, utf_16_be_decode, Codec::Utf16(Some(true)), true;
    utf_32_le_encode, utf_32_le_decode, Codec::Utf32(Some(false)), true;
    utf_32_be_encode, utf_32_be_decode, Codec::Utf32(Some(true)), true;
}

/// `utf_7_encode(str, errors=None)`: UTF-7 has no encode errors.
fn utf_7_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("utf_7_encode", a, kw, &["str", "errors"], 1)?;
    let s = str_arg("utf_7_encode", "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    errors_arg("utf_7_encode", a[1])?;
    let cps: Vec<u32> = s.data().iter().collect();
    bytes_pair(&codecs::utf7::encode(&cps), cps.len())
}

/// `utf_7_decode(data, errors=None, final=False)`.
fn utf_7_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("utf_7_decode", a, kw, &["data", "errors", "final"], 1)?;
    let data = buffer_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let errs = errors_arg("utf_7_decode", a[1])?;
    let (cps, consumed) = codecs::utf7::decode(data, &errs, is_true(a[2])?)?;
    str_pair(&cps, consumed)
}

/// `utf_16_encode(str, errors=None, byteorder=0)` and the UTF-32 one:
/// byte order 0 writes a BOM in native order.
fn encode_ordered(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, utf16: bool) -> PyResult<ObjRef> {
    let a = args(fname, a, kw, &["str", "errors", "byteorder"], 1)?;
    let s = str_arg(fname, "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    let order = match a[2] {
        Some(b) => r#abstract::as_ssize(b, None)?,
        None => 0,
    };
    let o = match order {
        0 => None,
        o => Some(o > 0),
    };
    let codec = if utf16 { Codec::Utf16(o) } else { Codec::Utf32(o) };
    let cps: Vec<u32> = s.data().iter().collect();
    let out = unicode_methods::encode_cps(&cps, codec, &errors_arg(fname, a[1])?)?;
    bytes_pair(&out, cps.len())
}

fn utf_16_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    encode_ordered("utf_16_encode", a, kw, true)
}

fn utf_32_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    encode_ordered("utf_32_encode", a, kw, false)
}

/// The BOM of `data` for UTF-16/32: -1 little, 1 big, 0 none.
fn detect_bom(data: &[u8], utf16: bool) -> isize {
    if utf16 {
        if data.starts_with(&[0xff, 0xfe]) {
            -1
        } else if data.starts_with(&[0xfe, 0xff]) {
            1
        } else {
            0
        }
    } else if data.starts_with(&[0xff, 0xfe, 0, 0]) {
        -1
    } else if data.starts_with(&[0, 0, 0xfe, 0xff]) {
        1
    } else {
        0
    }
}

/// `utf_16_ex_decode(data, errors=None, byteorder=0, final=False)` and
/// the UTF-32 one: `(str, consumed, byteorder)`; with byte order 0 a
/// leading BOM picks the order (and is consumed).
fn ex_decode(data: &[u8], errs: &str, mut order: isize, final_: bool, utf16: bool) -> PyResult<(Vec<u32>, usize, isize)> {
    let unit = if utf16 { 2 } else { 4 };
    let mut start = 0;
    if order == 0 {
        let bom = detect_bom(data, utf16);
        if bom != 0 {
            order = bom;
            start = unit;
        } else if data.len() < unit && !final_ {
            return Ok((Vec::new(), 0, 0));
        }
    }
    let o = match order {
        0 => Some(cfg!(target_endian = "big")),
        o => Some(o > 0),
    };
    let codec = if utf16 { Codec::Utf16(o) } else { Codec::Utf32(o) };
    let rest = &data[start..];
    let n = if final_ { rest.len() } else { unicode_methods::complete_prefix(rest, codec) };
    let cps = unicode_methods::decode_bytes(&rest[..n], codec, errs)?;
    Ok((cps, start + n, order))
}

fn decode_ordered(fname: &str, a: &[&PyObject], kw: Option<&TupleObject>, utf16: bool, extended: bool) -> PyResult<ObjRef> {
    let names: &[&str] = if extended { &["data", "errors", "byteorder", "final"] } else { &["data", "errors", "final"] };
    let a = args(fname, a, kw, names, 1)?;
    let data = buffer_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let errs = errors_arg(fname, a[1])?;
    let (order, final_) = if extended {
        (a[2].map_or(Ok(0), |b| r#abstract::as_ssize(b, None))?, is_true(a[3])?)
    } else {
        (0, is_true(a[2])?)
    };
    let (cps, consumed, order) = ex_decode(&data, &errs, order, final_, utf16)?;
    if !extended {
        return str_pair(&cps, consumed);
    }
    let s = into_obj(unicodeobject::from_code_points(&cps)?);
    let c = longobject::from_i64(consumed as i64)?;
    let o = longobject::from_i64(order as i64)?;
    tupleobject::from_slice(&[&s, &c, &o]).map(into_obj)
}

fn utf_16_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    decode_ordered("utf_16_decode", a, kw, true, false)
}

fn utf_16_ex_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    decode_ordered("utf_16_ex_decode", a, kw, true, true)
}

fn utf_32_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    decode_ordered("utf_32_decode", a, kw, false, false)
}

fn utf_32_ex_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    decode_ordered("utf_32_ex_decode", a, kw, false, true)
}

// ---------------------------------------------------------------------
// The escape codecs.

/// A decode error of one of the escape codecs, or its replacement.
fn escape_error(codec: &str, data: &[u8], start: usize, end: usize, reason: &str, errs: &str, out: &mut Vec<u32>) -> PyResult<()> {
    match errs {
        "ignore" => Ok(()),
        "replace" => {
            out.push(0xfffd);
            Ok(())
        }
        "backslashreplace" => {
            out.extend(data[start..end].iter().flat_map(|b| format!("\\x{b:02x}").chars().map(u32::from).collect::<Vec<_>>()));
            Ok(())
        }
        _ => {
            let enc = into_obj(unicodeobject::from_str(codec)?);
            let obj = into_obj(bytesobject::from_bytes(data)?);
            let a = longobject::from_i64(start as i64)?;
            let b = longobject::from_i64(end as i64)?;
            let why = into_obj(unicodeobject::from_str(reason)?);
            let exc = object::call(object::as_obj(exceptions::unicode_decode_error()), &[&enc, &obj, &a, &b, &why])?;
            Err(errors::set_raised(exc))
        }
    }
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    let s = core::str::from_utf8(digits).ok()?;
    if s.bytes().all(|b| b.is_ascii_hexdigit()) { u32::from_str_radix(s, 16).ok() } else { None }
}

/// `_PyUnicode_DecodeUnicodeEscapeInternal`: Python string-literal
/// escapes over Latin-1 text. Returns the code points and how much was
/// consumed (an incomplete escape at the end waits unless `final_`).
fn unicode_escape_decode_impl(data: &[u8], errs: &str, final_: bool) -> PyResult<(Vec<u32>, usize)> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b != b'\\' {
            out.push(u32::from(b));
            i += 1;
            continue;
        }
        let start = i;
        let Some(&c) = data.get(i + 1) else {
            if !final_ {
                return Ok((out, start));
            }
            escape_error("unicodeescape", data, start, data.len(), "\\ at end of string", errs, &mut out)?;
            i = data.len();
            continue;
        };
        i += 2;
        let simple = match c {
            b'\n' => Some(None),
            b'\\' | b'\'' | b'"' => Some(Some(u32::from(c))),
            b'b' => Some(Some(8)),
            b'f' => Some(Some(12)),
            b't' => Some(Some(9)),
            b'n' => Some(Some(10)),
            b'r' => Some(Some(13)),
            b'v' => Some(Some(11)),
            b'a' => Some(Some(7)),
            _ => None,
        };
        if let Some(v) = simple {
            out.extend(v);
            continue;
        }
        match c {
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match data.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v);
            }
            b'x' | b'u' | b'U' => {
                let (n, what) = match c {
                    b'x' => (2, "truncated \\xXX escape"),
                    b'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let avail = data.len().min(i + n);
                let ok_digits = data[i..avail].iter().take_while(|d| d.is_ascii_hexdigit()).count();
                if ok_digits < n {
                    if !final_ && i + ok_digits == data.len() {
                        return Ok((out, start));
                    }
                    escape_error("unicodeescape", data, start, i + ok_digits, what, errs, &mut out)?;
                    i += ok_digits;
                    continue;
                }
                let v = hex_value(&data[i..i + n]).unwrap_or(u32::MAX);
                i += n;
                if v > 0x10ffff {
                    escape_error("unicodeescape", data, start, i, "illegal Unicode character", errs, &mut out)?;
                } else {
                    out.push(v);
                }
            }
            b'N' => {
                let close = if data.get(i) == Some(&b'{') { data[i..].iter().position(|&d| d == b'}') } else { None };
                let Some(close) = close.filter(|&k| k > 1) else {
                    if !final_ && !data[i..].contains(&b'}') {
                        return Ok((out, start));
                    }
                    escape_error("unicodeescape", data, start, data.len().min(i + 1), "malformed \\N character escape", errs, &mut out)?;
                    continue;
                };
                let name = String::from_utf8_lossy(&data[i + 1..i + close]).into_owned();
                i += close + 1;
                match rupy::unicode::names::lookup(&name) {
                    Some(cp) => out.push(cp),
                    None => escape_error("unicodeescape", data, start, i, "unknown Unicode character name", errs, &mut out)?,
                }
            }
            _ => {
                // An unknown escape stays as written.
                out.push(u32::from(b'\\'));
                out.push(u32::from(c));
            }
        }
    }
    Ok((out, data.len()))
}

fn unicode_escape_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("unicode_escape_decode", a, kw, &["data", "errors", "final"], 1)?;
    let data = text_or_buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let final_ = a[2].map_or(Ok(true), object::is_true)?;
    let (cps, n) = unicode_escape_decode_impl(&data, &errors_arg("unicode_escape_decode", a[1])?, final_)?;
    str_pair(&cps, n)
}

/// The decoders of the escape codecs also take str (as UTF-8).
fn text_or_buffer(v: &PyObject) -> PyResult<Vec<u8>> {
    match downcast::<StrObject>(v) {
        Some(s) => Ok(s.to_string_lossy().into_bytes()),
        None => buffer_arg(v),
    }
}

/// `PyUnicode_AsUnicodeEscapeString`.
fn unicode_escape_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("unicode_escape_encode", a, kw, &["str", "errors"], 1)?;
    let s = str_arg("unicode_escape_encode", "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.data().iter() {
        match c {
            0x5c => out.extend_from_slice(b"\\\\"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0d => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c as u8),
            0..=0xff => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
            0x100..=0xffff => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    bytes_pair(&out, s.len())
}

/// `PyUnicode_AsRawUnicodeEscapeString`.
fn raw_unicode_escape_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("raw_unicode_escape_encode", a, kw, &["str", "errors"], 1)?;
    let s = str_arg("raw_unicode_escape_encode", "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.data().iter() {
        match c {
            0..=0xff => out.push(c as u8),
            0x100..=0xffff => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    bytes_pair(&out, s.len())
}

/// `_PyUnicode_DecodeRawUnicodeEscapeStateful`: only `\uXXXX` and
/// `\UXXXXXXXX` after an odd number of backslashes are escapes.
fn raw_unicode_escape_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("raw_unicode_escape_decode", a, kw, &["data", "errors", "final"], 1)?;
    let data = text_or_buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let errs = errors_arg("raw_unicode_escape_decode", a[1])?;
    let final_ = a[2].map_or(Ok(true), object::is_true)?;
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'\\' {
            out.push(u32::from(data[i]));
            i += 1;
            continue;
        }
        let run = data[i..].iter().take_while(|&&b| b == b'\\').count();
        let after = data.get(i + run).copied();
        if run % 2 == 0 || !matches!(after, Some(b'u' | b'U')) {
            if run % 2 == 1 && after.is_none() && !final_ {
                out.extend(core::iter::repeat_n(u32::from(b'\\'), run - 1));
                return str_pair(&out, i + run - 1);
            }
            out.extend(core::iter::repeat_n(u32::from(b'\\'), run));
            i += run;
            continue;
        }
        out.extend(core::iter::repeat_n(u32::from(b'\\'), run - 1));
        let start = i + run - 1;
        let n = if after == Some(b'u') { 4 } else { 8 };
        let digits_at = i + run + 1;
        let avail = data.len().min(digits_at + n);
        let ok_digits = data[digits_at..avail].iter().take_while(|d| d.is_ascii_hexdigit()).count();
        if ok_digits < n {
            if !final_ && digits_at + ok_digits == data.len() {
                return str_pair(&out, start);
            }
            let what = if n == 4 { "truncated \\uXXXX escape" } else { "truncated \\UXXXXXXXX escape" };
            escape_error("rawunicodeescape", &data, start, digits_at + ok_digits, what, &errs, &mut out)?;
            i = digits_at + ok_digits;
            continue;
        }
        let v = hex_value(&data[digits_at..digits_at + n]).unwrap_or(u32::MAX);
        i = digits_at + n;
        if v > 0x10ffff {
            escape_error("rawunicodeescape", &data, start, i, "\\Uxxxxxxxx out of range", &errs, &mut out)?;
        } else {
            out.push(v);
        }
    }
    str_pair(&out, data.len())
}

/// `PyBytes_DecodeEscape`: bytes-literal escapes.
fn escape_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("escape_decode", a, kw, &["data", "errors"], 1)?;
    let data = text_or_buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let errs = errors_arg("escape_decode", a[1])?;
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&c) = data.get(i) else {
            return Err(errors::set_string(exceptions::value_error(), "Trailing \\ in string"));
        };
        i += 1;
        match c {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(c),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(9),
            b'n' => out.push(10),
            b'r' => out.push(13),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match data.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' => match data.get(i..i + 2).and_then(hex_value) {
                Some(v) => {
                    out.push(v as u8);
                    i += 2;
                }
                None => match errs.as_str() {
                    "ignore" => {}
                    "replace" => out.push(b'?'),
                    "strict" => {
                        return Err(errors::set_string(
                            exceptions::value_error(),
                            &format!("invalid \\x escape at position {}", i - 2),
                        ));
                    }
                    other => {
                        return Err(errors::set_string(
                            exceptions::value_error(),
                            &format!("decoding error; unknown error handling code: {other}"),
                        ));
                    }
                },
            },
            _ => {
                out.push(b'\\');
                out.push(c);
            }
        }
    }
    bytes_pair(&out, data.len())
}

/// `PyBytes_Repr`'s escaping without quotes.
fn escape_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("escape_encode", a, kw, &["data", "errors"], 1)?;
    let v = a[0].ok_or_else(errors::bad_internal_call)?;
    let Some(b) = downcast::<BytesObject>(v) else {
        return Err(type_error(&format!("escape_encode() argument 1 must be bytes, not {}", type_of(v).name())));
    };
    let mut out = Vec::with_capacity(b.as_bytes().len());
    for &c in b.as_bytes() {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c),
            _ => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
        }
    }
    bytes_pair(&out, b.as_bytes().len())
}

fn readbuffer_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("readbuffer_encode", a, kw, &["data", "errors"], 1)?;
    let data = text_or_buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    bytes_pair(&data, data.len())
}

// ---------------------------------------------------------------------
// charmap.

/// What a charmap maps one key to.
enum Mapped {
    Undefined,
    Text(Vec<u32>),
    Bytes(Vec<u8>),
}

/// Looks `key` up in a dict or sequence mapping (`charmapencode_lookup`
/// / `charmap_decode_mapping`); LookupError and IndexError mean
/// undefined.
fn map_lookup(mapping: &PyObject, key: u32, decoding: bool) -> PyResult<Mapped> {
    let k = longobject::from_i64(i64::from(key))?;
    let v = match r#abstract::get_item(mapping, &k) {
        Ok(v) => v,
        Err(e) => {
            if errors::exception_matches(exceptions::lookup_error()) {
                errors::clear();
                return Ok(Mapped::Undefined);
            }
            return Err(e);
        }
    };
    if object::is_none(&v) {
        return Ok(Mapped::Undefined);
    }
    if let Some(n) = downcast::<IntObject>(&v) {
        let n = n.as_i64().unwrap_or(-1);
        return if decoding {
            if !(0..=0x10ffff).contains(&n) {
                return Err(type_error("character mapping must be in range(0x110000)"));
            }
            Ok(Mapped::Text(vec![n as u32]))
        } else {
            if !(0..256).contains(&n) {
                return Err(type_error("character mapping must be in range(256)"));
            }
            Ok(Mapped::Bytes(vec![n as u8]))
        };
    }
    if let Some(s) = downcast::<StrObject>(&v) {
        if decoding {
            let cps: Vec<u32> = s.data().iter().collect();
            return Ok(if cps == [0xfffe] { Mapped::Undefined } else { Mapped::Text(cps) });
        }
    }
    if let Some(b) = downcast::<BytesObject>(&v) {
        if !decoding {
            return Ok(Mapped::Bytes(b.as_bytes().to_vec()));
        }
    }
    Err(type_error(if decoding {
        "character mapping must return integer, None or str"
    } else {
        "character mapping must return integer, bytes or None, not str"
    }))
}

/// `PyUnicode_DecodeCharmap`.
fn charmap_decode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("charmap_decode", a, kw, &["data", "errors", "mapping"], 1)?;
    let data = buffer_arg(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let errs = errors_arg("charmap_decode", a[1])?;
    let mapping = a[2].filter(|m| !object::is_none(m));
    let Some(mapping) = mapping else {
        let cps: Vec<u32> = data.iter().map(|&b| u32::from(b)).collect();
        return str_pair(&cps, data.len());
    };
    let table: Option<Vec<u32>> = downcast::<StrObject>(mapping).map(|s| s.data().iter().collect());
    let mut out = Vec::with_capacity(data.len());
    for (i, &b) in data.iter().enumerate() {
        let m = match &table {
            Some(t) => match t.get(usize::from(b)) {
                Some(&c) if c != 0xfffe => Mapped::Text(vec![c]),
                _ => Mapped::Undefined,
            },
            None => map_lookup(mapping, u32::from(b), true)?,
        };
        match m {
            Mapped::Text(t) => out.extend(t),
            _ => escape_error("charmap", &data, i, i + 1, "character maps to <undefined>", &errs, &mut out)?,
        }
    }
    str_pair(&out, data.len())
}

/// `PyUnicode_EncodeCharmap`.
fn charmap_encode(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("charmap_encode", a, kw, &["str", "errors", "mapping"], 1)?;
    let s = str_arg("charmap_encode", "1", a[0].ok_or_else(errors::bad_internal_call)?)?;
    let errs = errors_arg("charmap_encode", a[1])?;
    let cps: Vec<u32> = s.data().iter().collect();
    let Some(mapping) = a[2].filter(|m| !object::is_none(m)) else {
        let out = unicode_methods::encode_cps(&cps, Codec::Latin1, &errs)?;
        return bytes_pair(&out, cps.len());
    };
    let mut out = Vec::with_capacity(cps.len());
    let mut i = 0;
    while i < cps.len() {
        match map_lookup(mapping, cps[i], false)? {
            Mapped::Bytes(b) => {
                out.extend(b);
                i += 1;
                continue;
            }
            Mapped::Text(_) | Mapped::Undefined => {}
        }
        let mut end = i + 1;
        while end < cps.len() && matches!(map_lookup(mapping, cps[end], false)?, Mapped::Undefined) {
            end += 1;
        }
        // The replacement text, itself encoded through the mapping.
        let replacement: Vec<u32> = match errs.as_str() {
            "ignore" => Vec::new(),
            "replace" => vec![u32::from(b'?'); end - i],
            "xmlcharrefreplace" => cps[i..end].iter().flat_map(|c| format!("&#{c};").chars().map(u32::from).collect::<Vec<_>>()).collect(),
            "backslashreplace" => cps[i..end]
                .iter()
                .flat_map(|&c| {
                    let e = match c {
                        0..=0xff => format!("\\x{c:02x}"),
                        0x100..=0xffff => format!("\\u{c:04x}"),
                        _ => format!("\\U{c:08x}"),
                    };
                    e.chars().map(u32::from).collect::<Vec<_>>()
                })
                .collect(),
            _ => {
                return Err(exceptions::set_unicode_encode_error(
                    "charmap",
                    object::as_obj(s),
                    i,
                    end,
                    "character maps to <undefined>",
                ));
            }
        };
        for c in replacement {
            match map_lookup(mapping, c, false)? {
                Mapped::Bytes(b) => out.extend(b),
                _ => {
                    return Err(exceptions::set_unicode_encode_error(
                        "charmap",
                        object::as_obj(s),
                        i,
                        end,
                        "character maps to <undefined>",
                    ));
                }
            }
        }
        i = end;
    }
    bytes_pair(&out, cps.len())
}

/// `PyUnicode_BuildEncodingMap`: a dict from code point to byte for a
/// 256-character decoding table.
fn charmap_build(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = args("charmap_build", a, kw, &["map"], 1)?;
    let s = str_arg("charmap_build", "", a[0].ok_or_else(errors::bad_internal_call)?)?;
    let d = DictObject::new()?;
    for (i, c) in s.data().iter().enumerate().take(256) {
        if c == 0xfffe {
            continue;
        }
        let k = longobject::from_i64(i64::from(c))?;
        let v = longobject::from_i64(i as i64)?;
        d.set_item(&k, &v)?;
    }
    Ok(into_obj(d))
}

static FUNCTIONS: [BuiltinDef; 40] = [
    BuiltinDef { name: "register", func: register },
    BuiltinDef { name: "unregister", func: unregister },
    BuiltinDef { name: "lookup", func: lookup },
    BuiltinDef { name: "encode", func: encode },
    BuiltinDef { name: "decode", func: decode },
    BuiltinDef { name: "register_error", func: register_error },
    BuiltinDef { name: "lookup_error", func: lookup_error },
    BuiltinDef { name: "_unregister_error", func: unregister_error },
    BuiltinDef { name: "utf_7_encode", func: utf_7_encode },
    BuiltinDef { name: "utf_7_decode", func: utf_7_decode },
    BuiltinDef { name: "utf_8_encode", func: utf_8_encode },
    BuiltinDef { name: "utf_8_decode", func: utf_8_decode },
    BuiltinDef { name: "ascii_encode", func: ascii_encode },
    BuiltinDef { name: "ascii_decode", func: ascii_decode },
    BuiltinDef { name: "latin_1_encode", func: latin_1_encode },
    BuiltinDef { name: "latin_1_decode", func: latin_1_decode },
    BuiltinDef { name: "utf_16_encode", func: utf_16_encode },
    BuiltinDef { name: "utf_16_decode", func: utf_16_decode },
    BuiltinDef { name: "utf_16_ex_decode", func: utf_16_ex_decode },
    BuiltinDef { name: "utf_16_le_encode", func: utf_16_le_encode },
    BuiltinDef { name: "utf_16_le_decode", func: utf_16_le_decode },
    BuiltinDef { name: "utf_16_be_encode", func: utf_16_be_encode },
    BuiltinDef { name: "utf_16_be_decode", func: utf_16_be_decode },
    BuiltinDef { name: "utf_32_encode", func: utf_32_encode },
    BuiltinDef { name: "utf_32_decode", func: utf_32_decode },
    BuiltinDef { name: "utf_32_ex_decode", func: utf_32_ex_decode },
    BuiltinDef { name: "utf_32_le_encode", func: utf_32_le_encode },
    BuiltinDef { name: "utf_32_le_decode", func: utf_32_le_decode },
    BuiltinDef { name: "utf_32_be_encode", func: utf_32_be_encode },
    BuiltinDef { name: "utf_32_be_decode", func: utf_32_be_decode },
    BuiltinDef { name: "unicode_escape_encode", func: unicode_escape_encode },
    BuiltinDef { name: "unicode_escape_decode", func: unicode_escape_decode },
    BuiltinDef { name: "raw_unicode_escape_encode", func: raw_unicode_escape_encode },
    BuiltinDef { name: "raw_unicode_escape_decode", func: raw_unicode_escape_decode },
    BuiltinDef { name: "escape_encode", func: escape_encode },
    BuiltinDef { name: "escape_decode", func: escape_decode },
    BuiltinDef { name: "readbuffer_encode", func: readbuffer_encode },
    BuiltinDef { name: "charmap_encode", func: charmap_encode },
    BuiltinDef { name: "charmap_decode", func: charmap_decode },
    BuiltinDef { name: "charmap_build", func: charmap_build },
];

/// `_codecs`' module init (`codecs_exec` has nothing to add).
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_codecs")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
