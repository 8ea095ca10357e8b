//! A port of Python/marshal.c, format version 5 (CPython 3.14): loading and
//! dumping the constants and code objects of `.pyc` files.
//!
//! Loading never panics on malformed input: errors are [`MarshalError`]
//! values with CPython's exception types and messages, nesting is bounded by
//! `MAX_MARSHAL_STACK_DEPTH`, and sizes are checked against the remaining
//! input before anything is allocated. CPython shares a referenced object;
//! here a `TYPE_REF` clones it, so the total number of values produced is
//! bounded too (see [`MAX_LOADED_NODES_PER_BYTE`]).
//!
//! Lists, dicts and sets are not constants of a code object and are not
//! represented by [`ConstValue`]: loading one is a `TypeError`.

use crate::ast::{Constant, PyStr};
use crate::compile::code::{Code, ConstValue};
use num_bigint::{BigInt, Sign};
use std::collections::HashMap;

/// `Py_MARSHAL_VERSION`.
pub const VERSION: i32 = 5;

const TYPE_NULL: u8 = b'0';
const TYPE_NONE: u8 = b'N';
const TYPE_FALSE: u8 = b'F';
const TYPE_TRUE: u8 = b'T';
const TYPE_STOPITER: u8 = b'S';
const TYPE_ELLIPSIS: u8 = b'.';
const TYPE_INT: u8 = b'i';
const TYPE_FLOAT: u8 = b'f';
const TYPE_BINARY_FLOAT: u8 = b'g';
const TYPE_COMPLEX: u8 = b'x';
const TYPE_BINARY_COMPLEX: u8 = b'y';
const TYPE_LONG: u8 = b'l';
const TYPE_STRING: u8 = b's';
const TYPE_INTERNED: u8 = b't';
const TYPE_REF: u8 = b'r';
const TYPE_TUPLE: u8 = b'(';
const TYPE_LIST: u8 = b'[';
const TYPE_DICT: u8 = b'{';
const TYPE_CODE: u8 = b'c';
const TYPE_UNICODE: u8 = b'u';
const TYPE_UNKNOWN: u8 = b'?';
const TYPE_SET: u8 = b'<';
const TYPE_FROZENSET: u8 = b'>';
const TYPE_ASCII: u8 = b'a';
const TYPE_ASCII_INTERNED: u8 = b'A';
const TYPE_SMALL_TUPLE: u8 = b')';
const TYPE_SHORT_ASCII: u8 = b'z';
const TYPE_SHORT_ASCII_INTERNED: u8 = b'Z';
const TYPE_SLICE: u8 = b':';
const FLAG_REF: u8 = 0x80;

/// `MAX_MARSHAL_STACK_DEPTH`.
const MAX_MARSHAL_STACK_DEPTH: usize = 2000;
/// `SIZE32_MAX`.
const SIZE32_MAX: i64 = 0x7FFF_FFFF;
/// `PyLong_MARSHAL_SHIFT`: marshal writes ints as 15-bit digits.
const MARSHAL_SHIFT: u32 = 15;
/// Values a load may produce per input byte (plus a fixed allowance):
/// bounds the copies `TYPE_REF` makes where CPython would share.
pub const MAX_LOADED_NODES_PER_BYTE: usize = 64;

/// A marshal error, as the Python exception CPython raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarshalError {
    /// `EOFError` ("EOF read where object expected", "marshal data too short").
    EofError(String),
    /// `ValueError` ("bad marshal data (...)", "recursion limit exceeded").
    ValueError(String),
    /// `TypeError` (a NULL object, a field of the wrong type, a non-constant).
    TypeError(String),
}

type Result<T> = std::result::Result<T, MarshalError>;

fn bad(what: &str) -> MarshalError {
    MarshalError::ValueError(format!("bad marshal data ({what})"))
}

/// `RFILE`: the reader state.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
    refs: Vec<Option<ConstValue>>,
    nodes: usize,
    max_nodes: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// `r_string`: `n` raw bytes.
    fn r_bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(MarshalError::EofError("marshal data too short".into()));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// `r_byte`.
    fn r_byte(&mut self) -> Result<u8> {
        Ok(self.r_bytes(1)?[0])
    }

    /// `r_long`: a signed 32-bit little-endian integer.
    fn r_long(&mut self) -> Result<i32> {
        let b = self.r_bytes(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A size (`r_long`) checked against `SIZE32_MAX` and the remaining
    /// input (each item needs at least `min_item` bytes).
    fn r_size(&mut self, what: &str, min_item: usize) -> Result<usize> {
        let n = self.r_long()? as i64;
        if !(0..=SIZE32_MAX).contains(&n) {
            return Err(bad(&format!("{what} size out of range")));
        }
        let n = n as usize;
        if n.saturating_mul(min_item) > self.remaining() {
            return Err(MarshalError::EofError("marshal data too short".into()));
        }
        Ok(n)
    }

    /// `r_float_bin`.
    fn r_float_bin(&mut self) -> Result<f64> {
        let b = self.r_bytes(8)?;
        Ok(f64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    /// `r_float_str`: a length byte and the `repr` of a float.
    fn r_float_str(&mut self) -> Result<f64> {
        let n = self.r_byte()? as usize;
        let s = self.r_bytes(n)?;
        let text = std::str::from_utf8(s).map_err(|_| bad("float"))?;
        parse_float_repr(text).ok_or_else(|| MarshalError::ValueError(format!("could not convert string to float: '{text}'")))
    }

    /// `r_PyLong`.
    fn r_long_obj(&mut self) -> Result<BigInt> {
        let n = self.r_long()? as i64;
        if !(-SIZE32_MAX..=SIZE32_MAX).contains(&n) {
            return Err(bad("long size out of range"));
        }
        let size = n.unsigned_abs() as usize;
        if size.saturating_mul(2) > self.remaining() {
            return Err(MarshalError::EofError("marshal data too short".into()));
        }
        let mut digits = Vec::with_capacity(size);
        for i in 0..size {
            let b = self.r_bytes(2)?;
            let d = u16::from_le_bytes([b[0], b[1]]);
            if d as u32 >= 1 << MARSHAL_SHIFT {
                return Err(bad("digit out of range in long"));
            }
            if i == size - 1 && d == 0 {
                return Err(bad("unnormalized long data"));
            }
            digits.push(d);
        }
        let mut mag = BigInt::from(0u8);
        for &d in digits.iter().rev() {
            mag = (mag << MARSHAL_SHIFT) + BigInt::from(d);
        }
        Ok(if n < 0 { -mag } else { mag })
    }

    fn count_node(&mut self) -> Result<()> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(bad("object too large"));
        }
        Ok(())
    }

    /// `r_object`.
    fn r_object(&mut self) -> Result<Option<ConstValue>> {
        let code = match self.r_byte() {
            Ok(c) => c,
            Err(_) => return Err(MarshalError::EofError("EOF read where object expected".into())),
        };
        self.depth += 1;
        if self.depth > MAX_MARSHAL_STACK_DEPTH {
            self.depth -= 1;
            return Err(MarshalError::ValueError("recursion limit exceeded".into()));
        }
        let r = self.r_object_inner(code);
        self.depth -= 1;
        r
    }

    /// Reserves a ref slot when `flag` is set (`r_ref_reserve`).
    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn insert(&mut self, idx: Option<usize>, v: &ConstValue) {
        if let Some(i) = idx {
            self.refs[i] = Some(v.clone());
        }
    }

    fn r_object_inner(&mut self, code: u8) -> Result<Option<ConstValue>> {
        let flag = code & FLAG_REF != 0;
        let ty = code & !FLAG_REF;
        self.count_node()?;
        let scalar = |c: Constant| ConstValue::Scalar(c);
        let v = match ty {
            TYPE_NULL => return Ok(None),
            TYPE_NONE => ConstValue::NONE,
            TYPE_STOPITER => return Err(MarshalError::TypeError("marshal: StopIteration is not a constant".into())),
            TYPE_ELLIPSIS => scalar(Constant::Ellipsis),
            TYPE_FALSE => scalar(Constant::Bool(false)),
            TYPE_TRUE => scalar(Constant::Bool(true)),
            TYPE_INT => {
                let idx = self.reserve(flag);
                let v = ConstValue::int(self.r_long()?);
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_LONG => {
                let idx = self.reserve(flag);
                let v = scalar(Constant::Int(self.r_long_obj()?));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_FLOAT | TYPE_BINARY_FLOAT => {
                let idx = self.reserve(flag);
                let f = if ty == TYPE_FLOAT { self.r_float_str()? } else { self.r_float_bin()? };
                let v = scalar(Constant::Float(f));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_COMPLEX | TYPE_BINARY_COMPLEX => {
                let idx = self.reserve(flag);
                let (real, imag) = if ty == TYPE_COMPLEX {
                    (self.r_float_str()?, self.r_float_str()?)
                } else {
                    (self.r_float_bin()?, self.r_float_bin()?)
                };
                let v = scalar(Constant::Complex { real, imag });
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_STRING => {
                let idx = self.reserve(flag);
                let n = self.r_size("bytes object", 1)?;
                let v = scalar(Constant::Bytes(self.r_bytes(n)?.to_vec()));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_ASCII | TYPE_ASCII_INTERNED | TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let idx = self.reserve(flag);
                let n = if matches!(ty, TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED) {
                    self.r_byte()? as usize
                } else {
                    self.r_size("str", 1)?
                };
                let bytes = self.r_bytes(n)?;
                let mut s = PyStr::new();
                for &b in bytes {
                    s.push_code_point(b as u32);
                }
                let v = scalar(Constant::Str(s));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_UNICODE | TYPE_INTERNED => {
                let idx = self.reserve(flag);
                let n = self.r_size("str", 1)?;
                let bytes = self.r_bytes(n)?;
                let s = decode_utf8_surrogatepass(bytes).ok_or_else(|| {
                    MarshalError::ValueError("'utf-8' codec can't decode bytes: invalid data".into())
                })?;
                let v = scalar(Constant::Str(s));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_SMALL_TUPLE | TYPE_TUPLE => {
                let n = if ty == TYPE_SMALL_TUPLE { self.r_byte()? as usize } else { self.r_size("tuple", 1)? };
                let idx = self.reserve(flag);
                let mut items = Vec::with_capacity(n.min(self.remaining()));
                for _ in 0..n {
                    match self.r_object()? {
                        Some(v) => items.push(v),
                        None => return Err(MarshalError::TypeError("NULL object in marshal data for tuple".into())),
                    }
                }
                let v = ConstValue::Tuple(items);
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_FROZENSET => {
                let n = self.r_size("set", 1)?;
                let idx = self.reserve(flag);
                let mut items = Vec::with_capacity(n.min(self.remaining()));
                for _ in 0..n {
                    match self.r_object()? {
                        Some(v) => items.push(v),
                        None => return Err(MarshalError::TypeError("NULL object in marshal data for set".into())),
                    }
                }
                let v = ConstValue::FrozenSet(items);
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_SLICE => {
                let idx = self.reserve(flag);
                let mut parts = Vec::with_capacity(3);
                for _ in 0..3 {
                    parts.push(self.r_object()?.ok_or_else(|| bad("NULL slice component"))?);
                }
                let [a, b, c]: [ConstValue; 3] = parts.try_into().map_err(|_| bad("slice"))?;
                let v = ConstValue::Slice(Box::new([a, b, c]));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_CODE => {
                let idx = self.reserve(flag);
                let v = ConstValue::Code(Box::new(self.r_code()?));
                self.insert(idx, &v);
                return Ok(Some(v));
            }
            TYPE_REF => {
                let n = self.r_long()?;
                let v = usize::try_from(n)
                    .ok()
                    .and_then(|i| self.refs.get(i))
                    .ok_or_else(|| bad("invalid reference"))?
                    .clone()
                    .ok_or_else(|| bad("invalid reference"))?;
                self.nodes += node_count(&v);
                if self.nodes > self.max_nodes {
                    return Err(bad("object too large"));
                }
                return Ok(Some(v));
            }
            TYPE_LIST | TYPE_DICT | TYPE_SET => {
                return Err(MarshalError::TypeError(format!(
                    "marshal: {} is not a constant of a code object",
                    match ty {
                        TYPE_LIST => "list",
                        TYPE_DICT => "dict",
                        _ => "set",
                    }
                )))
            }
            TYPE_UNKNOWN => return Err(bad("unknown type code")),
            _ => return Err(bad("unknown type code")),
        };
        if flag {
            self.refs.push(Some(v.clone()));
        }
        Ok(Some(v))
    }

    fn r_field(&mut self, what: &str) -> Result<ConstValue> {
        self.r_object()?.ok_or_else(|| MarshalError::TypeError(format!("NULL object in marshal data for code {what}")))
    }

    fn r_bytes_field(&mut self, what: &str) -> Result<Vec<u8>> {
        match self.r_field(what)? {
            ConstValue::Scalar(Constant::Bytes(b)) => Ok(b),
            _ => Err(MarshalError::TypeError(format!("code {what} must be bytes"))),
        }
    }

    fn r_str_field(&mut self, what: &str) -> Result<PyStr> {
        match self.r_field(what)? {
            ConstValue::Scalar(Constant::Str(s)) => Ok(s),
            _ => Err(MarshalError::TypeError(format!("code {what} must be a str"))),
        }
    }

    fn r_names_field(&mut self, what: &str) -> Result<Vec<PyStr>> {
        match self.r_field(what)? {
            ConstValue::Tuple(t) => t
                .into_iter()
                .map(|v| match v {
                    ConstValue::Scalar(Constant::Str(s)) => Ok(s),
                    _ => Err(MarshalError::TypeError(format!("code {what} must hold str"))),
                })
                .collect(),
            _ => Err(MarshalError::TypeError(format!("code {what} must be a tuple"))),
        }
    }

    /// The `TYPE_CODE` case of `r_object`.
    fn r_code(&mut self) -> Result<Code> {
        let argcount = self.r_long()?;
        let posonlyargcount = self.r_long()?;
        let kwonlyargcount = self.r_long()?;
        let stacksize = self.r_long()?;
        let flags = self.r_long()?;
        let code = self.r_bytes_field("co_code")?;
        let consts = match self.r_field("co_consts")? {
            ConstValue::Tuple(t) => t,
            _ => return Err(MarshalError::TypeError("code co_consts must be a tuple".into())),
        };
        let names = self.r_names_field("co_names")?;
        let localsplusnames = self.r_names_field("co_localsplusnames")?;
        let localspluskinds = self.r_bytes_field("co_localspluskinds")?;
        let filename = self.r_str_field("co_filename")?;
        let name = self.r_str_field("co_name")?;
        let qualname = self.r_str_field("co_qualname")?;
        let firstlineno = self.r_long()?;
        let linetable = self.r_bytes_field("co_linetable")?;
        let exceptiontable = self.r_bytes_field("co_exceptiontable")?;
        if localsplusnames.len() != localspluskinds.len() {
            return Err(MarshalError::ValueError("code: localsplusnames and localspluskinds differ in length".into()));
        }
        if argcount < posonlyargcount || posonlyargcount < 0 || kwonlyargcount < 0 || stacksize < 0 || code.len() % 2 != 0 {
            return Err(MarshalError::ValueError("code: invalid arguments".into()));
        }
        Ok(Code {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            stacksize,
            flags,
            code,
            consts,
            names,
            localsplusnames,
            localspluskinds,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
        })
    }
}

/// The number of values in a constant (for the load budget).
fn node_count(v: &ConstValue) -> usize {
    match v {
        ConstValue::Scalar(_) => 1,
        ConstValue::Tuple(t) | ConstValue::FrozenSet(t) => 1 + t.iter().map(node_count).sum::<usize>(),
        ConstValue::Slice(s) => 1 + s.iter().map(node_count).sum::<usize>(),
        ConstValue::Code(c) => 1 + c.consts.iter().map(node_count).sum::<usize>() + c.names.len() + c.localsplusnames.len(),
    }
}

/// Decodes UTF-8 with the `surrogatepass` error handler: lone surrogates
/// encoded as 3-byte sequences are accepted; anything else invalid is not.
fn decode_utf8_surrogatepass(b: &[u8]) -> Option<PyStr> {
    let mut s = PyStr::new();
    let mut i = 0;
    while i < b.len() {
        let c0 = b[i] as u32;
        let cont = |k: usize| -> Option<u32> {
            let c = *b.get(i + k)? as u32;
            (c & 0xC0 == 0x80).then_some(c & 0x3F)
        };
        let (cp, len) = match c0 {
            0x00..=0x7F => (c0, 1),
            0xC2..=0xDF => (((c0 & 0x1F) << 6) | cont(1)?, 2),
            0xE0..=0xEF => {
                let cp = ((c0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?;
                if cp < 0x800 {
                    return None;
                }
                (cp, 3)
            }
            0xF0..=0xF4 => {
                let cp = ((c0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?;
                if !(0x10000..=0x10FFFF).contains(&cp) {
                    return None;
                }
                (cp, 4)
            }
            _ => return None,
        };
        s.push_code_point(cp);
        i += len;
    }
    Some(s)
}

/// Parses the `repr` of a float as `PyOS_string_to_double` does.
fn parse_float_repr(t: &str) -> Option<f64> {
    match t {
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" => Some(f64::NAN),
        "-nan" => Some(-f64::NAN),
        _ => t.parse().ok(),
    }
}

/// `marshal.loads`: one object from the start of `data` (trailing bytes are
/// ignored, as CPython does).
pub fn loads(data: &[u8]) -> Result<ConstValue> {
    let mut r = Reader {
        data,
        pos: 0,
        depth: 0,
        refs: Vec::new(),
        nodes: 0,
        max_nodes: data.len().saturating_mul(MAX_LOADED_NODES_PER_BYTE).saturating_add(1 << 16),
    };
    r.r_object()?.ok_or_else(|| MarshalError::TypeError("NULL object in marshal data for object".into()))
}

/// Loads the code object of a `.pyc` file (after its 16-byte header).
pub fn load_pyc(data: &[u8]) -> Result<Code> {
    if data.len() < 16 {
        return Err(MarshalError::EofError("marshal data too short".into()));
    }
    match loads(&data[16..])? {
        ConstValue::Code(c) => Ok(*c),
        _ => Err(MarshalError::TypeError("a .pyc file must hold a code object".into())),
    }
}

/// `WFILE`: the writer state. Strings are written once with `FLAG_REF`
/// and then referenced (`w_ref`), like CPython does for shared objects.
struct Writer {
    out: Vec<u8>,
    str_refs: HashMap<(bool, Vec<u8>), i32>,
    nrefs: i32,
}

/// `all_name_chars`: strings that the code object constructor interns.
fn all_name_chars(s: &PyStr) -> bool {
    s.as_bytes().iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

impl Writer {
    fn w_long(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn w_size(&mut self, n: usize) {
        self.w_long(n as i32);
    }

    /// `w_PyLong`.
    fn w_pylong(&mut self, v: &BigInt) {
        if let Ok(i) = i32::try_from(v) {
            self.out.push(TYPE_INT);
            self.w_long(i);
            return;
        }
        self.out.push(TYPE_LONG);
        let mut digits = Vec::new();
        let mask = BigInt::from((1u32 << MARSHAL_SHIFT) - 1);
        let mut mag = BigInt::from(v.magnitude().clone());
        while mag.sign() != Sign::NoSign {
            let d = &mag & &mask;
            digits.push(u16::try_from(&d).unwrap_or(0));
            mag >>= MARSHAL_SHIFT;
        }
        let n = digits.len() as i32;
        self.w_long(if v.sign() == Sign::Minus { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    /// A `str`, interned or not, through the ref table.
    fn w_str(&mut self, s: &PyStr, interned: bool) {
        let key = (interned, s.as_bytes().to_vec());
        if let Some(&i) = self.str_refs.get(&key) {
            self.out.push(TYPE_REF);
            self.w_long(i);
            return;
        }
        self.str_refs.insert(key, self.nrefs);
        self.nrefs += 1;
        let ascii = s.as_bytes().is_ascii();
        let n = s.as_bytes().len();
        let ty = match (ascii, interned, n < 256) {
            (true, true, true) => TYPE_SHORT_ASCII_INTERNED,
            (true, false, true) => TYPE_SHORT_ASCII,
            (true, true, false) => TYPE_ASCII_INTERNED,
            (true, false, false) => TYPE_ASCII,
            (false, true, _) => TYPE_INTERNED,
            (false, false, _) => TYPE_UNICODE,
        };
        self.out.push(ty | FLAG_REF);
        if matches!(ty, TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED) {
            self.out.push(n as u8);
        } else {
            self.w_size(n);
        }
        self.out.extend_from_slice(s.as_bytes());
    }

    fn w_bytes(&mut self, b: &[u8]) {
        self.out.push(TYPE_STRING);
        self.w_size(b.len());
        self.out.extend_from_slice(b);
    }

    fn w_names(&mut self, names: &[PyStr]) {
        self.w_tuple_header(names.len());
        for n in names {
            self.w_str(n, true);
        }
    }

    fn w_tuple_header(&mut self, n: usize) {
        if n < 256 {
            self.out.push(TYPE_SMALL_TUPLE);
            self.out.push(n as u8);
        } else {
            self.out.push(TYPE_TUPLE);
            self.w_size(n);
        }
    }

    /// `w_object` / `w_complex_object`.
    fn w_object(&mut self, v: &ConstValue) {
        match v {
            ConstValue::Scalar(c) => match c {
                Constant::None => self.out.push(TYPE_NONE),
                Constant::Bool(false) => self.out.push(TYPE_FALSE),
                Constant::Bool(true) => self.out.push(TYPE_TRUE),
                Constant::Ellipsis => self.out.push(TYPE_ELLIPSIS),
                Constant::Int(i) => self.w_pylong(i),
                Constant::Float(f) => {
                    self.out.push(TYPE_BINARY_FLOAT);
                    self.out.extend_from_slice(&f.to_le_bytes());
                }
                Constant::Complex { real, imag } => {
                    self.out.push(TYPE_BINARY_COMPLEX);
                    self.out.extend_from_slice(&real.to_le_bytes());
                    self.out.extend_from_slice(&imag.to_le_bytes());
                }
                Constant::Str(s) => self.w_str(s, all_name_chars(s)),
                Constant::Bytes(b) => self.w_bytes(b),
                Constant::Tuple(_) | Constant::FrozenSet(_) => self.w_object(&ConstValue::from_constant(c)),
            },
            ConstValue::Tuple(t) => {
                self.w_tuple_header(t.len());
                for item in t {
                    self.w_object(item);
                }
            }
            ConstValue::FrozenSet(t) => {
                self.out.push(TYPE_FROZENSET);
                self.w_size(t.len());
                for item in t {
                    self.w_object(item);
                }
            }
            ConstValue::Slice(s) => {
                self.out.push(TYPE_SLICE);
                for item in s.iter() {
                    self.w_object(item);
                }
            }
            ConstValue::Code(c) => self.w_code(c),
        }
    }

    fn w_code(&mut self, co: &Code) {
        self.out.push(TYPE_CODE);
        self.w_long(co.argcount);
        self.w_long(co.posonlyargcount);
        self.w_long(co.kwonlyargcount);
        self.w_long(co.stacksize);
        self.w_long(co.flags);
        self.w_bytes(&co.code);
        self.w_tuple_header(co.consts.len());
        for c in &co.consts {
            self.w_object(c);
        }
        self.w_names(&co.names);
        self.w_names(&co.localsplusnames);
        self.w_bytes(&co.localspluskinds);
        self.w_str(&co.filename, false);
        self.w_str(&co.name, true);
        self.w_str(&co.qualname, true);
        self.w_long(co.firstlineno);
        self.w_bytes(&co.linetable);
        self.w_bytes(&co.exceptiontable);
    }
}

/// `marshal.dumps(value, 5)`.
pub fn dumps(v: &ConstValue) -> Vec<u8> {
    let mut w = Writer { out: Vec::new(), str_refs: HashMap::new(), nrefs: 0 };
    w.w_object(v);
    w.out
}
