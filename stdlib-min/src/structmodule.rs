//! The `_struct` module, ported from Modules/_struct.c: format strings
//! (byte order, repeat counts, the native and standard sizes and
//! alignments), `pack`/`unpack` and their `_into`/`_from`/`iter_`
//! variants, `calcsize`, and the `Struct` type, with CPython's
//! `struct.error` messages. A compiled `Struct` is immutable, so threads
//! share it freely.

use std::sync::OnceLock;

use num_bigint::BigInt;
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
use rupy::objects::sliceobject;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

/// `struct.error`, made once.
fn error_class() -> PyResult<ObjRef> {
    static CLS: OnceLock<usize> = OnceLock::new();
    if let Some(&p) = CLS.get() {
        // SAFETY: an immortal class made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let name = unicodeobject::from_str("error")?;
    let bases = tupleobject::from_slice(&[as_obj(exceptions::exception())])?;
    let ns = DictObject::new()?;
    ns.set_item(&*unicodeobject::intern_str("__module__")?, &*unicodeobject::intern_str("struct")?)?;
    let cls = object::call(as_obj(&rupy::objects::typeobject::TYPE_TYPE), &[as_obj(&*name), as_obj(&*bases), as_obj(&*ns)])?;
    cls.header().set_immortal();
    let p = *CLS.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: as above.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// Raises `struct.error(msg)`.
fn error(msg: &str) -> errors::ErrSet {
    match error_class().and_then(|c| {
        let m = into_obj(unicodeobject::from_str(msg)?);
        object::call(&c, &[&m])
    }) {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// One format code with its repeat count (`formatcode`).
#[derive(Clone, Copy)]
struct Code {
    code: u8,
    offset: usize,
    size: usize,
}

/// A parsed format (`prepare_s`).
struct Layout {
    codes: Vec<Code>,
    size: usize,
    len: usize,
    little: bool,
}

/// Size and alignment of `c` (`native_table` / `lilendian_table`).
fn code_size(c: u8, native: bool) -> Option<(usize, usize)> {
    let s = match c {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                size_of::<libc::c_long>()
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => size_of::<usize>(),
        _ => return None,
    };
    Some((s, if native { s } else { 1 }))
}

/// `prepare_s`.
fn parse_format(fmt: &[u8]) -> PyResult<Layout> {
    let (order, body) = match fmt.first() {
        Some(&c @ (b'@' | b'=' | b'<' | b'>' | b'!')) => (c, &fmt[1..]),
        _ => (b'@', fmt),
    };
    let native = order == b'@';
    let little = match order {
        b'<' => true,
        b'>' | b'!' => false,
        _ => cfg!(target_endian = "little"),
    };
    // Two passes, as `prepare_s`: the first only checks the total size,
    // so a huge repeat count fails before any item is laid out.
    let mut codes = Vec::new();
    let (mut size, mut len) = (0usize, 0usize);
    for lay_out in [false, true] {
        codes.clear();
        size = 0;
        len = 0;
        let mut i = 0;
        let overflow = || error("total struct size too long");
        while i < body.len() {
            let c = body[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let mut num: Option<usize> = None;
            while i < body.len() && body[i].is_ascii_digit() {
                let d = usize::from(body[i] - b'0');
                num = Some(
                    num.unwrap_or(0)
                        .checked_mul(10)
                        .and_then(|n| n.checked_add(d))
                        .filter(|&n| n <= isize::MAX as usize)
                        .ok_or_else(overflow)?,
                );
                i += 1;
            }
            let Some(&c) = body.get(i) else { return Err(error("repeat count given without format specifier")) };
            i += 1;
            let count = num.unwrap_or(1);
            let Some((isize_, align)) = code_size(c, native) else { return Err(error("bad char in struct format")) };
            if align > 1 {
                size = size.div_ceil(align).checked_mul(align).ok_or_else(overflow)?;
            }
            match c {
                b's' | b'p' => {
                    if lay_out {
                        codes.push(Code { code: c, offset: size, size: count });
                    }
                    len += 1;
                    size = size.checked_add(count).filter(|&n| n <= isize::MAX as usize).ok_or_else(overflow)?;
                }
                b'x' => {
                    size = size.checked_add(count).filter(|&n| n <= isize::MAX as usize).ok_or_else(overflow)?;
                }
                _ => {
                    count
                        .checked_mul(isize_)
                        .and_then(|n| size.checked_add(n))
                        .filter(|&n| n <= isize::MAX as usize)
                        .ok_or_else(overflow)?;
                    if lay_out {
                        codes.try_reserve(count).map_err(|_| errors::no_memory())?;
                        for k in 0..count {
                            codes.push(Code { code: c, offset: size + k * isize_, size: isize_ });
                        }
                    }
                    size += count * isize_;
                    len += count;
                }
            }
        }
    }
    Ok(Layout { codes, size, len, little })
}

/// An integer argument for an integer code (`get_long` /
/// `get_ulong`): TypeError-like struct.error for non-integers.
fn int_arg(v: &PyObject) -> PyResult<BigInt> {
    if downcast::<IntObject>(v).is_none() && type_of(v).slots.nb_index.get().is_none() {
        return Err(error("required argument is not an integer"));
    }
    let i = r#abstract::index(v)?;
    downcast::<IntObject>(&i).map(IntObject::to_bigint).ok_or_else(errors::bad_internal_call)
}

/// The range of integer code `c` of `size` bytes.
fn int_range(c: u8, size: usize) -> (BigInt, BigInt) {
    let bits = size * 8;
    if c.is_ascii_uppercase() || c == b'P' {
        (BigInt::from(0), (BigInt::from(1) << bits) - 1)
    } else {
        (-(BigInt::from(1) << (bits - 1)), (BigInt::from(1) << (bits - 1)) - 1)
    }
}

/// `PyFloat_Pack2`: IEEE half precision, rounding half to even.
fn pack_half(x: f64) -> PyResult<u16> {
    let too_large = || errors::set_string(exceptions::overflow_error(), "float too large to pack with e format");
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Ok(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Ok(sign | 0x7c00);
    }
    if a == 0.0 {
        return Ok(sign);
    }
    let (m, e) = frexp(a); // a = m * 2^e, 0.5 <= m < 1
    let mut e = e - 1; // a = (2m) * 2^e, 1 <= 2m < 2
    let mut f = 2.0 * m;
    if e < -14 {
        // Subnormal: scale into the 10-bit field.
        f = a * 2f64.powi(24);
        e = -15;
    } else {
        f = (f - 1.0) * 1024.0;
    }
    // Round half to even.
    let mut bits = f.floor();
    let rem = f - bits;
    if rem > 0.5 || (rem == 0.5 && bits % 2.0 == 1.0) {
        bits += 1.0;
    }
    let mut mant = bits as u32;
    let mut exp = (e + 15) as u32;
    if e == -15 {
        // Subnormal (exp field 0); rounding may reach the smallest normal.
        exp = 0;
        if mant >= 1024 {
            mant -= 1024;
            exp = 1;
        }
    } else if mant >= 1024 {
        mant = 0;
        exp += 1;
    }
    if exp >= 31 {
        return Err(too_large());
    }
    Ok(sign | ((exp as u16) << 10) | mant as u16)
}

fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

/// `PyFloat_Unpack2`.
fn unpack_half(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x3ff);
    match exp {
        0 => sign * mant * 2f64.powi(-24),
        31 if mant == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN.copysign(sign),
        _ => sign * (1.0 + mant / 1024.0) * 2f64.powi(exp - 15),
    }
}

fn float_arg(v: &PyObject) -> PyResult<f64> {
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(f.value());
    }
    if type_of(v).slots.nb_float.get().is_none() && type_of(v).slots.nb_index.get().is_none() {
        return Err(error("required argument is not a float"));
    }
    floatobject::number_float(v)
}

fn put(out: &mut [u8], little: bool, bytes: &[u8]) {
    if little {
        out.copy_from_slice(bytes);
    } else {
        for (o, b) in out.iter_mut().zip(bytes.iter().rev()) {
            *o = *b;
        }
    }
}

/// Packs `args` by `layout` into `out` (`s_pack_internal`).
fn pack_into_buf(layout: &Layout, args: &[ObjRef], out: &mut [u8]) -> PyResult<()> {
    if args.len() != layout.len {
        return Err(error(&format!("pack expected {} items for packing (got {})", layout.len, args.len())));
    }
    for (code, v) in layout.codes.iter().zip(args) {
        let dst = &mut out[code.offset..code.offset + code.size];
        match code.code {
            b'c' => match downcast::<BytesObject>(v).map(BytesObject::as_bytes) {
                Some([b]) => dst[0] = *b,
                _ => {
                    let ba = downcast::<rupy::objects::bytearrayobject::ByteArrayObject>(v).map(|b| b.to_vec());
                    match ba.as_deref() {
                        Some([b]) => dst[0] = *b,
                        _ => return Err(error("char format requires a bytes object of length 1")),
                    }
                }
            },
            b's' | b'p' => {
                let data = if downcast::<BytesObject>(v).is_some()
                    || downcast::<rupy::objects::bytearrayobject::ByteArrayObject>(v).is_some()
                {
                    bytesobject::bytes_like(v).map(|b| b.into_owned()).unwrap_or_default()
                } else {
                    return Err(error(&format!("argument for '{}' must be a bytes object", code.code as char)));
                };
                if code.code == b's' {
                    let n = data.len().min(code.size);
                    dst[..n].copy_from_slice(&data[..n]);
                } else if code.size > 0 {
                    let n = data.len().min(code.size - 1).min(255);
                    dst[0] = n as u8;
                    dst[1..=n].copy_from_slice(&data[..n]);
                }
            }
            b'?' => dst[0] = u8::from(object::is_true(v)?),
            b'e' => put(dst, layout.little, &pack_half(float_arg(v)?)?.to_le_bytes()),
            b'f' => {
                let x = float_arg(v)?;
                let y = x as f32;
                if y.is_infinite() && x.is_finite() {
                    return Err(errors::set_string(exceptions::overflow_error(), "float too large to pack with f format"));
                }
                put(dst, layout.little, &y.to_le_bytes());
            }
            b'd' => put(dst, layout.little, &float_arg(v)?.to_le_bytes()),
            c => {
                let n = int_arg(v)?;
                let (lo, hi) = int_range(c, code.size);
                let n = if c == b'P' && n < BigInt::from(0) && n >= -(BigInt::from(1) << (code.size * 8 - 1)) {
                    n + (BigInt::from(1) << (code.size * 8))
                } else {
                    n
                };
                if n < lo || n > hi {
                    return Err(error(&format!("'{}' format requires {lo} <= number <= {hi}", c as char)));
                }
                let mut bytes = n.to_signed_bytes_le();
                let fill = if n < BigInt::from(0) { 0xff } else { 0 };
                bytes.resize(code.size.max(bytes.len()), fill);
                put(dst, layout.little, &bytes[..code.size]);
            }
        }
    }
    Ok(())
}

fn get(src: &[u8], little: bool) -> Vec<u8> {
    if little { src.to_vec() } else { src.iter().rev().copied().collect() }
}

/// Unpacks one record (`s_unpack_internal`).
fn unpack_buf(layout: &Layout, data: &[u8]) -> PyResult<ObjRef> {
    let mut items: Vec<ObjRef> = Vec::with_capacity(layout.len);
    for code in &layout.codes {
        let src = &data[code.offset..code.offset + code.size];
        let v = match code.code {
            b'c' => into_obj(bytesobject::from_bytes(src)?),
            b's' => into_obj(bytesobject::from_bytes(src)?),
            b'p' => {
                let n = usize::from(src.first().copied().unwrap_or(0)).min(code.size.saturating_sub(1));
                let start = 1.min(src.len());
                into_obj(bytesobject::from_bytes(&src[start..start + n.min(src.len().saturating_sub(1))])?)
            }
            b'?' => boolobject::from_bool(src[0] != 0),
            b'e' => {
                let b = get(src, layout.little);
                floatobject::from_f64(unpack_half(u16::from_le_bytes([b[0], b[1]])))?
            }
            b'f' => {
                let b = get(src, layout.little);
                floatobject::from_f64(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])))?
            }
            b'd' => {
                let b = get(src, layout.little);
                let mut a = [0u8; 8];
                a.copy_from_slice(&b);
                floatobject::from_f64(f64::from_le_bytes(a))?
            }
            c => {
                let b = get(src, layout.little);
                let n = if c.is_ascii_uppercase() || c == b'P' {
                    BigInt::from_bytes_le(num_bigint::Sign::Plus, &b)
                } else {
                    BigInt::from_signed_bytes_le(&b)
                };
                longobject::from_bigint(n)?
            }
        };
        items.push(v);
    }
    let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

// ---------------------------------------------------------------------
// Struct.

/// A compiled format (`PyStructObject`).
#[repr(C)]
pub struct StructObject {
    ob_base: ObjectHeader,
    format: ObjRef,
    layout: Layout,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for StructObject {}

fn struct_of(v: &PyObject) -> PyResult<&StructObject> {
    if !object::type_check(v, &STRUCT_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: Struct instances have this layout.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<StructObject>() })
}

/// The format as text: a str, or bytes decoded as ASCII.
fn format_text(fmt: &PyObject) -> PyResult<ObjRef> {
    if downcast::<StrObject>(fmt).is_some() {
        return Ok(object::new_ref(fmt));
    }
    if let Some(b) = downcast::<BytesObject>(fmt) {
        let text = String::from_utf8_lossy(b.as_bytes()).into_owned();
        return unicodeobject::from_string(text).map(into_obj);
    }
    Err(type_error(&format!(
        "Struct() argument 1 must be a str or bytes object, not {}",
        type_of(fmt).name()
    )))
}

fn new_struct(fmt: &PyObject) -> PyResult<ObjRef> {
    let format = format_text(fmt)?;
    let text = object::str_lossy(&format);
    let layout = parse_format(text.as_bytes())?;
    let s = StructObject { ob_base: ObjectHeader::new(&STRUCT_TYPE.head), format, layout };
    object::new_object(s).map(into_obj)
}

fn struct_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse("Struct", args, kwds, &["format"], &[], 1)?;
    new_struct(a[0].as_deref().ok_or_else(errors::bad_internal_call)?)
}

/// The buffer of a bytes-like argument.
fn buffer(v: &PyObject) -> PyResult<Vec<u8>> {
    bytesobject::bytes_like(v).map(|b| b.into_owned()).ok_or_else(|| {
        type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name()))
    })
}

fn s_pack(s: &StructObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let mut out = vec![0u8; s.layout.size];
    pack_into_buf(&s.layout, args, &mut out)?;
    bytesobject::from_bytes(&out).map(into_obj)
}

fn s_unpack(s: &StructObject, data: &PyObject) -> PyResult<ObjRef> {
    let b = buffer(data)?;
    if b.len() != s.layout.size {
        return Err(error(&format!("unpack requires a buffer of {} bytes", s.layout.size)));
    }
    unpack_buf(&s.layout, &b)
}

fn s_unpack_from(s: &StructObject, data: &PyObject, offset: isize) -> PyResult<ObjRef> {
    let b = buffer(data)?;
    let mut off = offset;
    if off < 0 {
        if off + (b.len() as isize) < 0 {
            return Err(error(&format!("offset {offset} out of range for {}-byte buffer", b.len())));
        }
        off += b.len() as isize;
    }
    let off = off as usize;
    if b.len() < off || b.len() - off < s.layout.size {
        return Err(error(&format!(
            "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {off} (actual buffer size is {})",
            s.layout.size + off,
            s.layout.size,
            b.len()
        )));
    }
    unpack_buf(&s.layout, &b[off..off + s.layout.size])
}

fn s_pack_into(s: &StructObject, target: &PyObject, offset: isize, args: &[ObjRef]) -> PyResult<ObjRef> {
    if downcast::<BytesObject>(target).is_some() || bytesobject::bytes_like(target).is_none() {
        return Err(type_error(&format!(
            "argument must be read-write bytes-like object, not {}",
            type_of(target).name()
        )));
    }
    let len = buffer(target)?.len();
    let mut off = offset;
    if off < 0 {
        if off + (len as isize) < 0 {
            return Err(error(&format!("offset {offset} out of range for {len}-byte buffer")));
        }
        off += len as isize;
    }
    let off = off as usize;
    if len < off || len - off < s.layout.size {
        return Err(error(&format!(
            "pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {off} (actual buffer size is {len})",
            s.layout.size + off,
            s.layout.size
        )));
    }
    let mut out = vec![0u8; s.layout.size];
    pack_into_buf(&s.layout, args, &mut out)?;
    let copied = rupy::objects::memoryobject::with_writable_buffer(target, |d| match d.get_mut(off..off + out.len()) {
        Some(dst) => {
            dst.copy_from_slice(&out);
            true
        }
        None => false,
    })?;
    if copied == Some(true) {
        return Ok(object::none());
    }
    let start = longobject::from_i64(off as i64)?;
    let stop = longobject::from_i64((off + s.layout.size) as i64)?;
    let slice = sliceobject::new_slice(Some(&start), Some(&stop), None)?;
    let data = into_obj(bytesobject::from_bytes(&out)?);
    r#abstract::set_item(target, as_obj(&*slice), &data)?;
    Ok(object::none())
}

fn s_iter_unpack(s: &StructObject, data: &PyObject) -> PyResult<ObjRef> {
    let b = buffer(data)?;
    if s.layout.size == 0 {
        return Err(error("cannot iteratively unpack with a struct of length 0"));
    }
    if b.len() % s.layout.size != 0 {
        return Err(error(&format!("iterative unpacking requires a buffer of a multiple of {} bytes", s.layout.size)));
    }
    let list = ListObject::new()?;
    for chunk in b.chunks_exact(s.layout.size) {
        list.append(&*unpack_buf(&s.layout, chunk)?)?;
    }
    r#abstract::get_iter(as_obj(&*list))
}

fn offset_arg(v: Option<&ObjRef>) -> PyResult<isize> {
    v.map_or(Ok(0), |o| r#abstract::as_ssize(o, Some(exceptions::overflow_error())))
}

fn meth_pack(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    s_pack(struct_of(v)?, args)
}

fn meth_unpack(v: &PyObject, data: &PyObject) -> PyResult<ObjRef> {
    s_unpack(struct_of(v)?, data)
}

fn meth_unpack_from(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse_slice("unpack_from", args, kw, &["buffer", "offset"], &[], 1)?;
    s_unpack_from(struct_of(v)?, a[0].as_deref().ok_or_else(errors::bad_internal_call)?, offset_arg(a[1].as_ref())?)
}

fn meth_pack_into(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() < 2 {
        return Err(type_error("pack_into expected buffer argument"));
    }
    s_pack_into(struct_of(v)?, &args[0], offset_arg(Some(&args[1]))?, &args[2..])
}

fn meth_iter_unpack(v: &PyObject, data: &PyObject) -> PyResult<ObjRef> {
    s_iter_unpack(struct_of(v)?, data)
}

fn get_format(v: &PyObject) -> PyResult<ObjRef> {
    Ok(struct_of(v)?.format.clone())
}

fn get_size(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(struct_of(v)?.layout.size as i64)
}

fn struct_repr(v: &PyObject) -> PyResult<ObjRef> {
    let s = struct_of(v)?;
    let r = object::repr(&s.format)?.to_string_lossy();
    unicodeobject::from_string(format!("Struct({r})")).map(into_obj)
}

static STRUCT_METHODS: [MethodDef; 6] = [
    MethodDef { ml_name: "pack", ml_meth: MethodFn::FastCall(meth_pack), ml_doc: Some("Return a bytes object containing values v1, v2, ... packed according to the format string.") },
    MethodDef { ml_name: "pack_into", ml_meth: MethodFn::FastCall(meth_pack_into), ml_doc: Some("Pack values and write the packed bytes into the buffer starting at offset.") },
    MethodDef { ml_name: "unpack", ml_meth: MethodFn::O(meth_unpack), ml_doc: Some("Return a tuple containing unpacked values.") },
    MethodDef { ml_name: "unpack_from", ml_meth: MethodFn::FastCallKw(meth_unpack_from), ml_doc: Some("Return a tuple containing unpacked values.") },
    MethodDef { ml_name: "iter_unpack", ml_meth: MethodFn::O(meth_iter_unpack), ml_doc: Some("Return an iterator yielding tuples.") },
    MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(get_size), ml_doc: None },
];

static STRUCT_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "format", get: get_format, set: None, doc: Some("struct format string") },
    GetSetDef { name: "size", get: get_size, set: None, doc: Some("struct size in bytes") },
];

/// `_struct.Struct`.
pub static STRUCT_TYPE: TypeObject = TypeObject::new_static(
    "_struct.Struct",
    size_of::<StructObject>(),
    object::dealloc_simple::<StructObject>,
    TypeSlots {
        tp_repr: Some(struct_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(struct_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::IMMUTABLETYPE)
.with_methods(&STRUCT_METHODS)
.with_getset(&STRUCT_GETSET)
.with_doc("Struct(format)\n--\n\nCreate a compiled struct object.");

// ---------------------------------------------------------------------
// Module functions: each compiles its format (CPython caches; compiling
// is cheap here).

fn first<'a>(fname: &str, args: &'a [&'a PyObject]) -> PyResult<(&'a PyObject, &'a [&'a PyObject])> {
    args.split_first().map(|(f, r)| (*f, r)).ok_or_else(|| type_error(&format!("{fname}() missing required argument 'format' (pos 1)")))
}

fn owned(args: &[&PyObject]) -> Vec<ObjRef> {
    args.iter().map(|a| object::new_ref(*a)).collect()
}

fn pack(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (fmt, rest) = first("pack", args)?;
    let s = new_struct(fmt)?;
    s_pack(struct_of(&s)?, &owned(rest))
}

fn pack_into(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (fmt, rest) = first("pack_into", args)?;
    let s = new_struct(fmt)?;
    if rest.len() < 2 {
        return Err(type_error("pack_into expected buffer argument"));
    }
    s_pack_into(struct_of(&s)?, rest[0], r#abstract::as_ssize(rest[1], Some(exceptions::overflow_error()))?, &owned(&rest[2..]))
}

fn unpack(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [fmt, data] = args else { return Err(type_error(&format!("unpack expected 2 arguments, got {}", args.len()))) };
    let s = new_struct(fmt)?;
    s_unpack(struct_of(&s)?, data)
}

fn unpack_from(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kw.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let mut a: [Option<&PyObject>; 3] = [None; 3];
    for (i, v) in args[..npos].iter().enumerate().take(3) {
        a[i] = Some(*v);
    }
    if let Some(k) = kw {
        for (key, v) in k.as_slice().iter().zip(&args[npos..]) {
            match object::str_lossy(key).as_str() {
                "buffer" => a[1] = Some(*v),
                "offset" => a[2] = Some(*v),
                other => return Err(type_error(&format!("unpack_from() got an unexpected keyword argument '{other}'"))),
            }
        }
    }
    let (Some(fmt), Some(data)) = (a[0], a[1]) else {
        return Err(type_error("unpack_from() missing required argument 'buffer' (pos 2)"));
    };
    let off = match a[2] {
        Some(o) => r#abstract::as_ssize(o, Some(exceptions::overflow_error()))?,
        None => 0,
    };
    let s = new_struct(fmt)?;
    s_unpack_from(struct_of(&s)?, data, off)
}

fn iter_unpack(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [fmt, data] = args else { return Err(type_error(&format!("iter_unpack expected 2 arguments, got {}", args.len()))) };
    let s = new_struct(fmt)?;
    s_iter_unpack(struct_of(&s)?, data)
}

fn calcsize(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [fmt] = args else { return Err(type_error(&format!("calcsize() takes exactly one argument ({} given)", args.len()))) };
    let s = new_struct(fmt)?;
    longobject::from_i64(struct_of(&s)?.layout.size as i64)
}

fn clearcache(_args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    Ok(object::none())
}

static FUNCTIONS: [BuiltinDef; 7] = [
    BuiltinDef { name: "pack", func: pack },
    BuiltinDef { name: "pack_into", func: pack_into },
    BuiltinDef { name: "unpack", func: unpack },
    BuiltinDef { name: "unpack_from", func: unpack_from },
    BuiltinDef { name: "iter_unpack", func: iter_unpack },
    BuiltinDef { name: "calcsize", func: calcsize },
    BuiltinDef { name: "_clearcache", func: clearcache },
];

/// `_structmodule_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_struct")?;
    m.add_functions(&FUNCTIONS)?;
    STRUCT_TYPE.ready()?;
    m.add_object("Struct", as_obj(&STRUCT_TYPE))?;
    m.add_object("error", &*error_class()?)?;
    Ok(into_obj(m))
}
