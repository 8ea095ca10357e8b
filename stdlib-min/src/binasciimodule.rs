//! The `binascii` module, ported from Modules/binascii.c: base64
//! (`strict_mode`, `newline`), hexadecimal (`sep`, `bytes_per_sep`, by
//! way of `bytes.hex`), quoted-printable, uuencode, `crc32` (zlib's) and
//! `crc_hqx`, with the `Error` and `Incomplete` exceptions.

use std::sync::OnceLock;

use num_bigint::BigInt;
use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject::{self, StrObject};

use crate::hashlib::{self, Spec, bytes_obj};

static ERROR: OnceLock<usize> = OnceLock::new();
static INCOMPLETE: OnceLock<usize> = OnceLock::new();

fn error_class() -> PyResult<ObjRef> {
    hashlib::exception_class(&ERROR, "binascii", "Error", as_obj(exceptions::value_error()))
}

fn incomplete_class() -> PyResult<ObjRef> {
    hashlib::exception_class(&INCOMPLETE, "binascii", "Incomplete", as_obj(exceptions::exception()))
}

/// Raises `binascii.Error(msg)`.
fn error(msg: &str) -> errors::ErrSet {
    hashlib::raise(error_class(), msg)
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `ascii_buffer_converter`: a bytes-like object or an ASCII str.
fn ascii_buffer(v: &PyObject) -> PyResult<Vec<u8>> {
    if let Some(s) = downcast::<StrObject>(v) {
        if !s.is_ascii() {
            return Err(errors::set_string(exceptions::value_error(), "string argument should contain only ASCII characters"));
        }
        return Ok(s.to_string_lossy().into_bytes());
    }
    let got = hashlib::simple_buffer(v);
    if got.is_err() {
        // A failed PyObject_GetBuffer becomes the TypeError below.
        errors::clear();
    }
    match got.ok().flatten() {
        Some(b) => Ok(b.into_owned()),
        None => Err(type_error(&format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            type_of(v).name()
        ))),
    }
}

/// A `Py_buffer` argument.
fn buffer(v: &PyObject) -> PyResult<std::borrow::Cow<'_, [u8]>> {
    hashlib::simple_buffer(v)?
        .ok_or_else(|| type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name())))
}

/// `_PyArg_CheckPositional` for functions with only positional-only
/// parameters, refusing keywords (`_PyArg_NoKwnames`).
fn positional<'a, 'b>(fname: &str, args: &'b [&'a PyObject], kwnames: Option<&TupleObject>, min: usize, max: usize) -> PyResult<&'b [&'a PyObject]> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("binascii.{fname}() takes no keyword arguments")));
    }
    let n = args.len();
    if n < min || n > max {
        let (how, k) = if n < min { (if min == max { "" } else { "at least " }, min) } else { (if min == max { "" } else { "at most " }, max) };
        return Err(type_error(&format!("{fname} expected {how}{k} argument{}, got {n}", if k == 1 { "" } else { "s" })));
    }
    Ok(args)
}

/// A single-argument function (`METH_O`).
fn one<'a>(fname: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("binascii.{fname}() takes no keyword arguments")));
    }
    match args {
        [a] => Ok(a),
        _ => Err(type_error(&format!("binascii.{fname}() takes exactly one argument ({} given)", args.len()))),
    }
}

/// An `unsigned_int(bitwise=True)` argument: the int's low 32 bits.
fn bitwise_u32(v: &PyObject) -> PyResult<u32> {
    if downcast::<IntObject>(v).is_none() && type_of(v).slots.nb_index.get().is_none() {
        return Err(type_error(&format!("'{}' object cannot be interpreted as an integer", type_of(v).name())));
    }
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    let masked = i.to_bigint() & BigInt::from(u32::MAX);
    u32::try_from(masked).map_err(|_| errors::bad_internal_call())
}

/// `a2b_uu(data, /)`.
fn a2b_uu(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = ascii_buffer(one("a2b_uu", args, kwnames)?)?;
    let Some(&first) = data.first() else { return Err(error("Missing length byte")) };
    let mut bin_len = usize::from(first.wrapping_sub(b' ') & 0o77);
    let mut rest = data.get(1..).unwrap_or(&[]).iter();
    let mut out = Vec::with_capacity(bin_len);
    let (mut leftchar, mut leftbits) = (0u32, 0u32);
    while bin_len > 0 {
        let ch = match rest.next() {
            None | Some(b'\n' | b'\r') => 0,
            Some(&c) => {
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err(error("Illegal char"));
                }
                (c - b' ') & 0o77
            }
        };
        leftchar = (leftchar << 6) | u32::from(ch);
        leftbits += 6;
        if leftbits >= 8 {
            leftbits -= 8;
            out.push((leftchar >> leftbits) as u8);
            leftchar &= (1 << leftbits) - 1;
            bin_len -= 1;
        }
    }
    for &c in rest {
        if c != b' ' && c != b' ' + 64 && c != b'\n' && c != b'\r' {
            return Err(error("Trailing garbage"));
        }
    }
    bytes_obj(&out)
}

/// `b2a_uu(data, /, *, backtick=False)`.
fn b2a_uu(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "b2a_uu", names: &["data", "backtick"], posonly: 1, max_pos: 1, required: 1 }, args, kwnames)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let backtick = hashlib::bool_arg(a[1], false)?;
    if data.len() > 45 {
        return Err(error("At most 45 bytes at once"));
    }
    let mut out = Vec::with_capacity(2 + data.len().div_ceil(3) * 4);
    out.push(if backtick && data.is_empty() { b'`' } else { b' ' + data.len() as u8 });
    let (mut leftchar, mut leftbits) = (0u32, 0u32);
    let mut it = data.iter();
    loop {
        match it.next() {
            Some(&b) => leftchar = (leftchar << 8) | u32::from(b),
            None if leftbits != 0 => leftchar <<= 8,
            None => break,
        }
        leftbits += 8;
        while leftbits >= 6 {
            let ch = ((leftchar >> (leftbits - 6)) & 0x3f) as u8;
            leftbits -= 6;
            out.push(if backtick && ch == 0 { b'`' } else { ch + b' ' });
        }
        leftchar &= 0xffff;
    }
    out.push(b'\n');
    bytes_obj(&out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The value of a base64 digit (`table_a2b_base64`), or None.
fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// `a2b_base64(data, /, *, strict_mode=False)`.
fn a2b_base64(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "a2b_base64", names: &["data", "strict_mode"], posonly: 1, max_pos: 1, required: 1 }, args, kwnames)?;
    let data = ascii_buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let strict = hashlib::bool_arg(a[1], false)?;
    let mut out = Vec::with_capacity(data.len().div_ceil(4) * 3);
    let (mut quad_pos, mut leftchar, mut pads) = (0u32, 0u8, 0u32);
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            pads += 1;
            // Padding that completes the quad, or (RFC 4648, 3.3) pad
            // characters ignored outside strict mode.
            if (quad_pos >= 2 && quad_pos + pads <= 4) || !strict {
                continue;
            }
            if quad_pos == 1 {
                break;
            }
            return Err(error(if quad_pos == 0 && i == 0 { "Leading padding not allowed" } else { "Excess padding not allowed" }));
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error("Only base64 data is allowed"));
            }
            continue;
        };
        if pads != 0 && strict {
            return Err(error(if quad_pos + pads == 4 { "Excess data after padding" } else { "Discontinuous padding not allowed" }));
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                leftchar = v;
            }
            1 => {
                quad_pos = 2;
                out.push((leftchar << 2) | (v >> 4));
                leftchar = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((leftchar << 4) | (v >> 2));
                leftchar = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((leftchar << 6) | v);
                leftchar = 0;
            }
        }
    }
    if quad_pos == 1 {
        return Err(error(&format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        )));
    }
    if quad_pos != 0 && quad_pos + pads < 4 {
        return Err(error("Incorrect padding"));
    }
    bytes_obj(&out)
}

/// `b2a_base64(data, /, *, newline=True)`.
fn b2a_base64(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "b2a_base64", names: &["data", "newline"], posonly: 1, max_pos: 1, required: 1 }, args, kwnames)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let newline = hashlib::bool_arg(a[1], true)?;
    let cap = data.len().checked_mul(2).and_then(|n| n.checked_add(3)).ok_or_else(errors::no_memory)?;
    let mut out = Vec::with_capacity(cap);
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let digits = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for (k, d) in digits.iter().enumerate() {
            out.push(if k <= chunk.len() { B64[*d as usize] } else { b'=' });
        }
    }
    if newline {
        out.push(b'\n');
    }
    bytes_obj(&out)
}

/// `crc_hqx(data, crc, /)`: CRC-CCITT (polynomial 0x1021, MSB first).
fn crc_hqx(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("crc_hqx", args, kwnames, 2, 2)?;
    let data = buffer(a[0])?;
    let mut crc = bitwise_u32(a[1])? & 0xffff;
    for &b in data.iter() {
        crc ^= u32::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
        crc &= 0xffff;
    }
    longobject::from_i64(i64::from(crc))
}

/// zlib's CRC-32 of `data` continuing from `crc`.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut r = libc::c_ulong::from(crc);
    for chunk in data.chunks(u32::MAX as usize) {
        // SAFETY: the pointer and length describe the live slice `chunk`.
        r = unsafe { libz_sys::crc32(r, chunk.as_ptr(), chunk.len() as u32) };
    }
    r as u32
}

/// `crc32(data, crc=0, /)`.
fn crc32(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("crc32", args, kwnames, 1, 2)?;
    let data = buffer(a[0])?;
    let crc = match a.get(1) {
        Some(c) => bitwise_u32(c)?,
        None => 0,
    };
    longobject::from_i64(i64::from(crc32_update(crc, &data)))
}

/// `b2a_hex(data, sep=<unrepresentable>, bytes_per_sep=1)`: what
/// `bytes.hex` does (`_Py_strhex_bytes_with_sep`).
fn hexlify_as(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname, names: &["data", "sep", "bytes_per_sep"], posonly: 0, max_pos: 3, required: 1 }, args, kwnames)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let b = bytes_obj(&data)?;
    let hex = object::get_attr_str(&b, "hex")?;
    let mut call_args: Vec<&PyObject> = Vec::new();
    let mut names: Vec<ObjRef> = Vec::new();
    for (v, n) in [(a[1], "sep"), (a[2], "bytes_per_sep")] {
        if let Some(v) = v {
            call_args.push(v);
            names.push(unicodeobject::intern_str(n)?);
        }
    }
    let name_refs: Vec<&PyObject> = names.iter().map(|n| &**n).collect();
    let kw = tupleobject::from_slice(&name_refs)?;
    let s = rupy::objects::call::vectorcall(&hex, &call_args, Some(&kw))?;
    let Some(s) = downcast::<StrObject>(&s) else { return Err(errors::bad_internal_call()) };
    bytes_obj(s.to_string_lossy().as_bytes())
}

fn b2a_hex(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    hexlify_as("b2a_hex", args, kwnames)
}

fn hexlify(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    hexlify_as("hexlify", args, kwnames)
}

fn hex_value(c: u8) -> Option<u8> {
    char::from(c).to_digit(16).map(|d| d as u8)
}

/// `a2b_hex(hexstr, /)` and `unhexlify`.
fn unhex(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = ascii_buffer(one(fname, args, kwnames)?)?;
    if data.len() % 2 != 0 {
        return Err(error("Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks_exact(2) {
        let (Some(hi), Some(lo)) = (hex_value(pair[0]), hex_value(pair[1])) else {
            return Err(error("Non-hexadecimal digit found"));
        };
        out.push((hi << 4) | lo);
    }
    bytes_obj(&out)
}

fn a2b_hex(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    unhex("a2b_hex", args, kwnames)
}

fn unhexlify(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    unhex("unhexlify", args, kwnames)
}

/// `a2b_qp(data, header=False)`.
fn a2b_qp(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "a2b_qp", names: &["data", "header"], posonly: 0, max_pos: 2, required: 1 }, args, kwnames)?;
    let data = ascii_buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let header = hashlib::bool_arg(a[1], false)?;
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == b'=' {
            i += 1;
            let Some(&n) = data.get(i) else { break };
            if n == b'\n' || n == b'\r' {
                // A soft line break: skip to after the newline.
                if n != b'\n' {
                    while i < data.len() && data[i] != b'\n' {
                        i += 1;
                    }
                }
                if i < data.len() {
                    i += 1;
                }
            } else if n == b'=' {
                out.push(b'=');
                i += 1;
            } else if let (Some(hi), Some(lo)) = (hex_value(n), data.get(i + 1).and_then(|&c| hex_value(c))) {
                out.push((hi << 4) | lo);
                i += 2;
            } else {
                out.push(b'=');
            }
        } else if header && c == b'_' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    bytes_obj(&out)
}

const MAXLINESIZE: usize = 76;

/// `b2a_qp(data, quotetabs=False, istext=True, header=False)`.
fn b2a_qp(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(
        &Spec { fname: "b2a_qp", names: &["data", "quotetabs", "istext", "header"], posonly: 0, max_pos: 4, required: 1 },
        args,
        kwnames,
    )?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let quotetabs = hashlib::bool_arg(a[1], false)?;
    let istext = hashlib::bool_arg(a[2], true)?;
    let header = hashlib::bool_arg(a[3], false)?;
    // CRLF line ends if the first newline follows a CR.
    let crlf = data.iter().position(|&c| c == b'\n').is_some_and(|p| p > 0 && data[p - 1] == b'\r');
    let len = data.len();
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let soft_break = |out: &mut Vec<u8>| {
        out.push(b'=');
        if crlf {
            out.push(b'\r');
        }
        out.push(b'\n');
    };
    let push_hex = |out: &mut Vec<u8>, c: u8| {
        const D: &[u8; 16] = b"0123456789ABCDEF";
        out.push(D[usize::from(c >> 4)]);
        out.push(D[usize::from(c & 15)]);
    };
    let mut linelen = 0usize;
    let mut i = 0;
    while i < len {
        let c = data[i];
        let next = data.get(i + 1).copied();
        let encode = c > 126
            || c == b'='
            || (header && c == b'_')
            || (c == b'.' && linelen == 0 && matches!(next, None | Some(b'\n' | b'\r' | 0)))
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && next.is_none())
            || (c < 33 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')));
        if encode {
            if linelen + 3 >= MAXLINESIZE {
                soft_break(&mut out);
                linelen = 0;
            }
            out.push(b'=');
            push_hex(&mut out, c);
            i += 1;
            linelen += 3;
        } else if istext && (c == b'\n' || (c == b'\r' && next == Some(b'\n'))) {
            linelen = 0;
            // Whitespace at the end of a line is encoded.
            if let Some(&last) = out.last()
                && (last == b' ' || last == b'\t')
            {
                out.pop();
                out.push(b'=');
                push_hex(&mut out, last);
            }
            if crlf {
                out.push(b'\r');
            }
            out.push(b'\n');
            i += if c == b'\r' { 2 } else { 1 };
        } else {
            if next.is_some() && next != Some(b'\n') && linelen + 1 >= MAXLINESIZE {
                soft_break(&mut out);
                linelen = 0;
            }
            linelen += 1;
            out.push(if header && c == b' ' { b'_' } else { c });
            i += 1;
        }
    }
    bytes_obj(&out)
}

static FUNCTIONS: [BuiltinDef; 12] = [
    BuiltinDef { name: "a2b_uu", func: a2b_uu },
    BuiltinDef { name: "b2a_uu", func: b2a_uu },
    BuiltinDef { name: "a2b_base64", func: a2b_base64 },
    BuiltinDef { name: "b2a_base64", func: b2a_base64 },
    BuiltinDef { name: "a2b_hex", func: a2b_hex },
    BuiltinDef { name: "b2a_hex", func: b2a_hex },
    BuiltinDef { name: "hexlify", func: hexlify },
    BuiltinDef { name: "unhexlify", func: unhexlify },
    BuiltinDef { name: "a2b_qp", func: a2b_qp },
    BuiltinDef { name: "b2a_qp", func: b2a_qp },
    BuiltinDef { name: "crc_hqx", func: crc_hqx },
    BuiltinDef { name: "crc32", func: crc32 },
];

/// `binascii_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("binascii")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("Error", &*error_class()?)?;
    m.add_object("Incomplete", &*incomplete_class()?)?;
    Ok(into_obj(m))
}
