//! The codec registry, ported from Python/codecs.c: codec search
//! functions and the lookup cache (`PyCodec_Register`, `_PyCodec_Lookup`),
//! `PyCodec_Encode` / `PyCodec_Decode`, the error-handler registry
//! (`PyCodec_RegisterError`, `PyCodec_LookupError`) and the builtin
//! error handlers. The `_codecs` module (stdlib-min) exposes it; str and
//! bytes use it for the codecs they do not implement themselves.

use std::sync::{Mutex, OnceLock, PoisonError};

use crate::builtins::{self, BuiltinDef};
use crate::errors::{self, PyResult};
use crate::objects::bytesobject::{self, BytesObject};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::longobject;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::r#abstract;
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::typeobject::TypeObject;

pub mod utf7;

/// The interpreter's codec state (`interp->codecs`).
struct Registry {
    search_path: Mutex<Vec<ObjRef>>,
    search_cache: ObjRef,
    error_registry: ObjRef,
}

fn registry() -> PyResult<&'static Registry> {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    if let Some(r) = REGISTRY.get() {
        return Ok(r);
    }
    let errors_dict = DictObject::new()?;
    for def in &ERROR_HANDLERS {
        let name = def.name.trim_end_matches("_errors");
        let key = unicodeobject::from_str(name)?;
        errors_dict.set_item(as_obj(&*key), &*builtins::new_builtin_function(def)?)?;
    }
    let r = Registry {
        search_path: Mutex::new(Vec::new()),
        search_cache: into_obj(DictObject::new()?),
        error_registry: into_obj(errors_dict),
    };
    Ok(REGISTRY.get_or_init(|| r))
}

fn dict(d: &ObjRef) -> &DictObject {
    downcast::<DictObject>(d).expect("the registry's tables are dicts")
}

/// `PyCodec_Register`.
pub fn register(search_function: &PyObject) -> PyResult<()> {
    if !crate::objects::call::is_callable(search_function) {
        return Err(errors::set_string(exceptions::type_error(), "argument must be callable"));
    }
    let r = registry()?;
    r.search_path.lock().unwrap_or_else(PoisonError::into_inner).push(object::new_ref(search_function));
    Ok(())
}

/// `PyCodec_Unregister`: removes the function and clears the cache.
pub fn unregister(search_function: &PyObject) -> PyResult<()> {
    let r = registry()?;
    let mut path = r.search_path.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(i) = path.iter().position(|f| object::is(f, search_function)) {
        dict(&r.search_cache).clear();
        path.remove(i);
    }
    Ok(())
}

/// `_Py_normalize_encoding`: lower case, runs of punctuation and spaces
/// (but not '.') become one '_', none at the start.
pub fn normalize_encoding(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            punct = false;
            out.push(c.to_ascii_lowercase());
        } else {
            punct = true;
        }
    }
    out
}

/// `_PyCodec_Lookup`: the CodecInfo for `encoding`, importing the
/// `encodings` package (which registers its search function) first.
pub fn lookup(encoding: &str) -> PyResult<ObjRef> {
    let r = registry()?;
    let key = into_obj(unicodeobject::from_string(normalize_encoding(encoding))?);
    if let Some(found) = dict(&r.search_cache).get_item(&key)? {
        return Ok(found);
    }
    if r.search_path.lock().unwrap_or_else(PoisonError::into_inner).is_empty() {
        crate::import::import_module("encodings")?;
    }
    let path: Vec<ObjRef> = r.search_path.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if path.is_empty() {
        return Err(errors::set_string(
            exceptions::lookup_error(),
            "no codec search functions registered: can't find encoding",
        ));
    }
    for func in path {
        let result = object::call(&func, &[&key])?;
        if object::is_none(&result) {
            continue;
        }
        if downcast::<TupleObject>(&result).is_none_or(|t| t.len() != 4) {
            return Err(errors::set_string(exceptions::type_error(), "codec search functions must return 4-tuples"));
        }
        dict(&r.search_cache).set_item(&key, &result)?;
        return Ok(result);
    }
    Err(errors::set_string(exceptions::lookup_error(), &format!("unknown encoding: {encoding}")))
}

/// Item `i` of a CodecInfo.
fn codec_item(info: &PyObject, i: usize) -> PyResult<ObjRef> {
    downcast::<TupleObject>(info)
        .and_then(|t| t.as_slice().get(i).cloned())
        .ok_or_else(errors::bad_internal_call)
}

/// Calls an encoder or decoder and checks its `(object, length)` result.
fn call_coder(coder: &PyObject, obj: &PyObject, errs: Option<&str>, what: &str) -> PyResult<ObjRef> {
    let result = match errs {
        Some(e) => {
            let e = into_obj(unicodeobject::from_str(e)?);
            object::call(coder, &[obj, &e])?
        }
        None => object::call(coder, &[obj])?,
    };
    match downcast::<TupleObject>(&result) {
        Some(t) if t.len() == 2 => Ok(t.as_slice()[0].clone()),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("{what} must return a tuple (object, integer)"),
        )),
    }
}

/// `PyCodec_Encode`.
pub fn encode(obj: &PyObject, encoding: &str, errs: Option<&str>) -> PyResult<ObjRef> {
    let info = lookup(encoding)?;
    call_coder(&*codec_item(&info, 0)?, obj, errs, "encoder")
}

/// `PyCodec_Decode`.
pub fn decode(obj: &PyObject, encoding: &str, errs: Option<&str>) -> PyResult<ObjRef> {
    let info = lookup(encoding)?;
    call_coder(&*codec_item(&info, 1)?, obj, errs, "decoder")
}

/// Is the codec a text encoding (`_is_text_encoding` is not False)?
fn check_text_encoding(info: &PyObject, encoding: &str, alternative: &str) -> PyResult<()> {
    match object::get_attr_str(info, "_is_text_encoding") {
        Ok(v) if !object::is_true(&v)? => Err(errors::set_string(
            exceptions::lookup_error(),
            &format!("'{encoding}' is not a text encoding; use {alternative} to handle arbitrary codecs"),
        )),
        Ok(_) => Ok(()),
        Err(_) => {
            errors::clear();
            Ok(())
        }
    }
}

/// `PyUnicode_AsEncodedString` through the registry: str to bytes.
pub fn encode_text(s: &PyObject, encoding: &str, errs: &str) -> PyResult<ObjRef> {
    let info = lookup(encoding)?;
    check_text_encoding(&info, encoding, "codecs.encode()")?;
    let v = call_coder(&*codec_item(&info, 0)?, s, Some(errs), "encoder")?;
    if downcast::<BytesObject>(&v).is_some() {
        return Ok(v);
    }
    if let Some(b) = downcast::<crate::objects::bytearrayobject::ByteArrayObject>(&v) {
        return bytesobject::from_bytes(&b.to_vec()).map(into_obj);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!(
            "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
            type_of(&v).name()
        ),
    ))
}

/// The parser's external decoder (`crate::parser::tokenizer::ExternalDecoder`):
/// `PyUnicode_Decode` through the registry for a source encoding the
/// parser does not know. `None` when the encoding is unknown (a
/// LookupError), else the text or the `str()` of the codec's error.
pub fn decode_source(encoding: &str, bytes: &[u8], errs: &str) -> Option<Result<String, String>> {
    let error_text = || {
        let exc = errors::take_raised()?;
        Some(match object::str(&exc) {
            Ok(m) => m.to_string_lossy(),
            Err(_) => {
                errors::clear();
                String::new()
            }
        })
    };
    if lookup(encoding).is_err() {
        if errors::exception_matches(exceptions::lookup_error()) {
            errors::clear();
            return None;
        }
        return Some(Err(error_text()?));
    }
    match bytesobject::from_bytes(bytes).and_then(|b| decode_text(as_obj(&*b), encoding, errs)) {
        Ok(s) => Some(Ok(object::str_lossy(&s))),
        Err(_) => Some(Err(error_text()?)),
    }
}

/// `PyUnicode_Decode` through the registry: bytes to str.
pub fn decode_text(data: &PyObject, encoding: &str, errs: &str) -> PyResult<ObjRef> {
    let info = lookup(encoding)?;
    check_text_encoding(&info, encoding, "codecs.decode()")?;
    let v = call_coder(&*codec_item(&info, 1)?, data, Some(errs), "decoder")?;
    if downcast::<StrObject>(&v).is_some() {
        return Ok(v);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!(
            "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            type_of(&v).name()
        ),
    ))
}

/// `PyCodec_RegisterError`.
pub fn register_error(name: &str, handler: &PyObject) -> PyResult<()> {
    if !crate::objects::call::is_callable(handler) {
        return Err(errors::set_string(exceptions::type_error(), "handler must be callable"));
    }
    let key = unicodeobject::from_str(name)?;
    dict(&registry()?.error_registry).set_item(as_obj(&*key), handler)
}

/// `_PyCodec_UnregisterError`: False for an unknown name; the builtin
/// handlers cannot be removed.
pub fn unregister_error(name: &str) -> PyResult<bool> {
    if ERROR_HANDLERS.iter().any(|d| d.name.trim_end_matches("_errors") == name) {
        return Err(errors::set_string(
            exceptions::value_error(),
            &format!("cannot un-register built-in error handler '{name}'"),
        ));
    }
    let key = unicodeobject::from_str(name)?;
    Ok(dict(&registry()?.error_registry).pop_item(as_obj(&*key))?.is_some())
}

/// `PyCodec_LookupError`.
pub fn lookup_error(name: &str) -> PyResult<ObjRef> {
    let key = unicodeobject::from_str(name)?;
    match dict(&registry()?.error_registry).get_item(as_obj(&*key))? {
        Some(h) => Ok(h),
        None => Err(errors::set_string(exceptions::lookup_error(), &format!("unknown error handler name '{name}'"))),
    }
}

// ---------------------------------------------------------------------
// The builtin error handlers (`PyCodec_StrictErrors` and the rest).

/// What an error handler was given.
enum Kind {
    Encode,
    Decode,
    Translate,
}

fn kind_of(exc: &PyObject) -> PyResult<Kind> {
    let is = |t: &TypeObject| object::type_check(exc, t);
    if is(exceptions::unicode_encode_error()) {
        Ok(Kind::Encode)
    } else if is(exceptions::unicode_decode_error()) {
        Ok(Kind::Decode)
    } else if is(exceptions::unicode_translate_error()) {
        Ok(Kind::Translate)
    } else {
        Err(errors::set_string(
            exceptions::type_error(),
            &format!("don't know how to handle {} in error callback", type_of(exc).name()),
        ))
    }
}

fn attr_usize(exc: &PyObject, name: &str) -> PyResult<usize> {
    Ok(r#abstract::as_ssize(&*object::get_attr_str(exc, name)?, None)?.max(0) as usize)
}

/// The start, end and object of a Unicode error, the range clamped to
/// the object.
fn span(exc: &PyObject) -> PyResult<(usize, usize, ObjRef)> {
    let obj = object::get_attr_str(exc, "object")?;
    let len = match downcast::<StrObject>(&obj) {
        Some(s) => s.len(),
        None => bytesobject::bytes_like(&obj).map_or(0, |b| b.len()),
    };
    let start = attr_usize(exc, "start")?.min(len);
    let end = attr_usize(exc, "end")?.clamp(start, len);
    Ok((start, end, obj))
}

fn code_points(obj: &PyObject) -> Vec<u32> {
    downcast::<StrObject>(obj).map(|s| s.data().iter().collect()).unwrap_or_default()
}

/// `(replacement, end)`.
fn result(replacement: ObjRef, end: usize) -> PyResult<ObjRef> {
    let end = longobject::from_i64(end as i64)?;
    tupleobject::from_slice(&[&replacement, &end]).map(into_obj)
}

fn text_result(text: &str, end: usize) -> PyResult<ObjRef> {
    result(into_obj(unicodeobject::from_str(text)?), end)
}

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
fn escape(c: u32) -> String {
    match c {
        0..=0xff => format!("\\x{c:02x}"),
        0x100..=0xffff => format!("\\u{c:04x}"),
        _ => format!("\\U{c:08x}"),
    }
}

fn one(args: &[&PyObject]) -> PyResult<ObjRef> {
    match args {
        [exc] => Ok(object::new_ref(*exc)),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("function takes exactly 1 argument ({} given)", args.len()),
        )),
    }
}

fn strict_errors(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    if !object::type_check(&exc, exceptions::base_exception()) {
        return Err(errors::set_string(exceptions::type_error(), "codec must pass exception instance"));
    }
    Err(errors::set_raised(exc))
}

fn ignore_errors(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    kind_of(&exc)?;
    text_result("", attr_usize(&exc, "end")?)
}

fn replace_errors(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    let kind = kind_of(&exc)?;
    let (start, end, _) = span(&exc)?;
    match kind {
        Kind::Encode => text_result(&"?".repeat(end - start), end),
        Kind::Decode => text_result("\u{fffd}", end),
        Kind::Translate => text_result(&"\u{fffd}".repeat(end - start), end),
    }
}

fn xmlcharrefreplace_errors(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    let Kind::Encode = kind_of(&exc)? else { return Err(wrong_exception(&exc)) };
    let (start, end, obj) = span(&exc)?;
    let text: String = code_points(&obj)[start..end].iter().map(|c| format!("&#{c};")).collect();
    text_result(&text, end)
}

fn wrong_exception(exc: &PyObject) -> errors::ErrSet {
    errors::set_string(
        exceptions::type_error(),
        &format!("don't know how to handle {} in error callback", type_of(exc).name()),
    )
}

fn backslashreplace_errors(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    let kind = kind_of(&exc)?;
    let (start, end, obj) = span(&exc)?;
    let text: String = match kind {
        Kind::Decode => bytesobject::bytes_like(&obj).map(|b| b[start..end].iter().map(|&x| format!("\\x{x:02x}")).collect()).unwrap_or_default(),
        _ => code_points(&obj)[start..end].iter().map(|&c| escape(c)).collect(),
    };
    text_result(&text, end)
}

fn namereplace_errors(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    let Kind::Encode = kind_of(&exc)? else { return Err(wrong_exception(&exc)) };
    let (start, end, obj) = span(&exc)?;
    let text: String = code_points(&obj)[start..end]
        .iter()
        .map(|&c| match crate::unicode::names::name(c) {
            Some(n) => format!("\\N{{{n}}}"),
            None => escape(c),
        })
        .collect();
    text_result(&text, end)
}

/// `PyCodec_SurrogateEscapeErrors`: undecodable bytes 0x80-0xff to and
/// from U+DC80-U+DCFF.
fn surrogateescape(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    let (start, end, obj) = span(&exc)?;
    match kind_of(&exc)? {
        Kind::Decode => {
            let data = bytesobject::bytes_like(&obj).unwrap_or_default();
            let mut out = Vec::new();
            for &b in &data[start..end.min(start + 4)] {
                if b < 128 {
                    break;
                }
                out.push(0xdc00 + u32::from(b));
            }
            if out.is_empty() {
                return Err(errors::set_raised(exc));
            }
            let consumed = start + out.len();
            result(into_obj(unicodeobject::from_code_points(&out)?), consumed)
        }
        Kind::Encode => {
            let mut out = Vec::new();
            for &c in &code_points(&obj)[start..end] {
                if !(0xdc80..0xdd00).contains(&c) {
                    return Err(errors::set_raised(exc));
                }
                out.push((c - 0xdc00) as u8);
            }
            result(into_obj(bytesobject::from_bytes(&out)?), end)
        }
        Kind::Translate => Err(wrong_exception(&exc)),
    }
}

/// The encoding family of a Unicode error, for surrogatepass: UTF-8,
/// or UTF-16/32 with a byte order.
fn surrogate_codec(exc: &PyObject) -> PyResult<Option<(usize, bool)>> {
    let enc = object::str_lossy(&*object::get_attr_str(exc, "encoding")?);
    let n = normalize_encoding(&enc);
    let little = cfg!(target_endian = "little");
    Ok(match n.as_str() {
        "utf_8" | "utf8" => Some((1, false)),
        "utf_16" | "utf16" => Some((2, !little)),
        "utf_16_le" | "utf_16le" => Some((2, false)),
        "utf_16_be" | "utf_16be" => Some((2, true)),
        "utf_32" | "utf32" => Some((4, !little)),
        "utf_32_le" | "utf_32le" => Some((4, false)),
        "utf_32_be" | "utf_32be" => Some((4, true)),
        _ => None,
    })
}

/// `PyCodec_SurrogatePassErrors`: lone surrogates encoded and decoded
/// as if they were characters, in UTF-8, UTF-16 and UTF-32.
fn surrogatepass(args: &[&PyObject], _: Option<&TupleObject>) -> PyResult<ObjRef> {
    let exc = one(args)?;
    let kind = kind_of(&exc)?;
    let Some((unit, big)) = surrogate_codec(&exc)? else { return Err(errors::set_raised(exc)) };
    let (start, end, obj) = span(&exc)?;
    match kind {
        Kind::Encode => {
            let mut out = Vec::new();
            for &c in &code_points(&obj)[start..end] {
                if !(0xd800..0xe000).contains(&c) {
                    return Err(errors::set_raised(exc));
                }
                match unit {
                    1 => out.extend_from_slice(&[0xe0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3f) as u8, 0x80 | (c & 0x3f) as u8]),
                    2 => out.extend_from_slice(&if big { (c as u16).to_be_bytes() } else { (c as u16).to_le_bytes() }),
                    _ => out.extend_from_slice(&if big { c.to_be_bytes() } else { c.to_le_bytes() }),
                }
            }
            result(into_obj(bytesobject::from_bytes(&out)?), end)
        }
        Kind::Decode => {
            let data = bytesobject::bytes_like(&obj).unwrap_or_default();
            let b = &data[start..];
            let (c, n) = match unit {
                1 if b.len() >= 3 && b[0] & 0xf0 == 0xe0 && b[1] & 0xc0 == 0x80 && b[2] & 0xc0 == 0x80 => {
                    ((u32::from(b[0] & 0x0f) << 12) | (u32::from(b[1] & 0x3f) << 6) | u32::from(b[2] & 0x3f), 3)
                }
                2 if b.len() >= 2 => {
                    let a = [b[0], b[1]];
                    (u32::from(if big { u16::from_be_bytes(a) } else { u16::from_le_bytes(a) }), 2)
                }
                4 if b.len() >= 4 => {
                    let a = [b[0], b[1], b[2], b[3]];
                    (if big { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) }, 4)
                }
                _ => return Err(errors::set_raised(exc)),
            };
            if !(0xd800..0xe000).contains(&c) {
                return Err(errors::set_raised(exc));
            }
            result(into_obj(unicodeobject::from_code_points(&[c])?), start + n)
        }
        Kind::Translate => Err(wrong_exception(&exc)),
    }
}

static ERROR_HANDLERS: [BuiltinDef; 8] = [
    BuiltinDef { name: "strict_errors", func: strict_errors },
    BuiltinDef { name: "ignore_errors", func: ignore_errors },
    BuiltinDef { name: "replace_errors", func: replace_errors },
    BuiltinDef { name: "xmlcharrefreplace_errors", func: xmlcharrefreplace_errors },
    BuiltinDef { name: "backslashreplace_errors", func: backslashreplace_errors },
    BuiltinDef { name: "namereplace_errors", func: namereplace_errors },
    BuiltinDef { name: "surrogateescape", func: surrogateescape },
    BuiltinDef { name: "surrogatepass", func: surrogatepass },
];

/// A replacement from a user error handler: text or raw bytes, and the
/// position to resume at.
pub enum Replacement {
    Text(Vec<u32>),
    Bytes(Vec<u8>),
}

/// Calls the registered handler `name` with `exc`, returning its
/// replacement and resume position (`unicode_encode_call_errorhandler`).
pub fn call_error_handler(name: &str, exc: &PyObject, len: usize) -> PyResult<(Replacement, usize)> {
    let handler = lookup_error(name)?;
    let r = object::call(&handler, &[exc])?;
    let bad = || {
        errors::set_string(
            exceptions::type_error(),
            "encoding error handler must return (str/bytes, int) tuple",
        )
    };
    let t = downcast::<TupleObject>(&r).filter(|t| t.len() == 2).ok_or_else(bad)?;
    let [rep, pos] = t.as_slice() else { return Err(bad()) };
    let rep = if let Some(s) = downcast::<StrObject>(rep) {
        Replacement::Text(s.data().iter().collect())
    } else if let Some(b) = downcast::<BytesObject>(rep) {
        Replacement::Bytes(b.as_bytes().to_vec())
    } else {
        return Err(bad());
    };
    Ok((rep, resume_position(pos, len)?))
}

/// The position an error handler returned, counted from the end of the
/// `len`-long input when negative.
fn resume_position(pos: &PyObject, len: usize) -> PyResult<usize> {
    let mut pos = r#abstract::as_ssize(pos, None)?;
    if pos < 0 {
        pos += len as isize;
    }
    if pos < 0 || pos as usize > len {
        return Err(errors::set_string(exceptions::index_error(), &format!("position {pos} from error handler out of bounds")));
    }
    Ok(pos as usize)
}

/// The input of a decoder that reports its errors through the handler
/// protocol: the bytes being decoded, which a handler may replace by
/// assigning the exception's `object`.
pub struct DecodeInput {
    data: Vec<u8>,
    /// The bytes object the handlers see, made at the first error.
    object: Option<ObjRef>,
}

impl DecodeInput {
    pub fn new(data: Vec<u8>) -> Self {
        DecodeInput { data, object: None }
    }

    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// `unicode_decode_call_errorhandler_writer`: raises or reports
    /// `data[start..end]` as undecodable to the handler `errs`, appends
    /// its replacement to `out` and returns the position to resume at
    /// (in the possibly replaced input).
    pub fn error(&mut self, errs: &str, encoding: &str, reason: &str, start: usize, end: usize, out: &mut Vec<u32>) -> PyResult<usize> {
        let handler = lookup_error(errs)?;
        let object = match &self.object {
            Some(o) => o.clone(),
            None => {
                let o = into_obj(bytesobject::from_bytes(&self.data)?);
                self.object = Some(o.clone());
                o
            }
        };
        let exc = exceptions::new_unicode_decode_error(encoding, &object, start, end, reason)?;
        let r = object::call(&handler, &[&exc])?;
        let bad = || errors::set_string(exceptions::type_error(), "decoding error handler must return (str, int) tuple");
        let t = downcast::<TupleObject>(&r).filter(|t| t.len() == 2).ok_or_else(bad)?;
        let [rep, pos] = t.as_slice() else { return Err(bad()) };
        let rep = downcast::<StrObject>(rep).ok_or_else(bad)?;
        let current = object::get_attr_str(&exc, "object")?;
        if !object::is(&current, &object) {
            let Some(b) = downcast::<BytesObject>(&current) else {
                return Err(errors::set_string(exceptions::type_error(), "UnicodeError 'object' attribute must be a bytes"));
            };
            self.data = b.as_bytes().to_vec();
            self.object = Some(current.clone());
        }
        let pos = resume_position(pos, self.data.len())?;
        out.extend(rep.data().iter());
        Ok(pos)
    }
}
