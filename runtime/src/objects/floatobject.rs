//! `float`, ported from Objects/floatobject.c (`float_add`, `float_sub`,
//! `float_mul`, `float_div`, `float_floor_div` / `float_rem` /
//! `_float_div_mod`, `float_pow`, `float_neg`, `float_richcompare` with
//! its exact int comparison, `float_hash` via `_Py_HashDouble`,
//! `float_repr` via `PyOS_double_to_string(x, 'r', 0, Py_DTSF_ADD_DOT_0)`,
//! `float_new`).

use core::cmp::Ordering as CmpOrdering;

use num_bigint::{BigInt, Sign};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject, IntValue};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, exceptions};
use crate::state::pyhash;

/// A `float` (`PyFloatObject`).
#[repr(C)]
pub struct FloatObject {
    ob_base: ObjectHeader,
    ob_fval: f64,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FloatObject {}

impl PyClass for FloatObject {
    fn type_object() -> &'static TypeObject {
        &FLOAT_TYPE
    }
}

impl FloatObject {
    /// `PyFloat_AS_DOUBLE`.
    pub fn value(&self) -> f64 {
        self.ob_fval
    }
}

/// `PyFloat_FromDouble`.
pub fn from_f64(v: f64) -> PyResult<ObjRef> {
    object::new_object(FloatObject { ob_base: ObjectHeader::new(&FLOAT_TYPE.head), ob_fval: v }).map(into_obj)
}

/// `CONVERT_TO_DOUBLE`: a float or int operand as a double;
/// `Ok(None)` for other types (the caller returns `NotImplemented`).
fn convert(v: &PyObject) -> PyResult<Option<f64>> {
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(Some(f.ob_fval));
    }
    if let Some(i) = downcast::<IntObject>(v) {
        return longobject::to_f64(i).map(Some);
    }
    Ok(None)
}

fn arith(v: &PyObject, w: &PyObject, f: fn(f64, f64) -> PyResult<f64>) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (convert(v)?, convert(w)?) else { return Ok(object::not_implemented()) };
    from_f64(f(a, b)?)
}

fn zero_div() -> errors::ErrSet {
    errors::set_string(exceptions::zero_division_error(), "division by zero")
}

/// `_float_div_mod`: floor quotient and modulo with the divisor's sign.
pub(crate) fn div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut fd = div.floor();
        if div - fd > 0.5 {
            fd += 1.0;
        }
        fd
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn float_add(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    arith(v, w, |a, b| Ok(a + b))
}

fn float_sub(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    arith(v, w, |a, b| Ok(a - b))
}

fn float_mul(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    arith(v, w, |a, b| Ok(a * b))
}

/// `float_div`.
fn float_div(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    arith(v, w, |a, b| if b == 0.0 { Err(zero_div()) } else { Ok(a / b) })
}

/// `float_floor_div`.
fn float_floor_div(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    arith(v, w, |a, b| if b == 0.0 { Err(zero_div()) } else { Ok(div_mod(a, b).0) })
}

/// `float_rem`.
fn float_rem(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    arith(v, w, |a, b| if b == 0.0 { Err(zero_div()) } else { Ok(div_mod(a, b).1) })
}

/// Is `x` (finite) an odd integer (`DOUBLE_IS_ODD_INTEGER`)?
fn is_odd_integer(x: f64) -> bool {
    (x % 2.0).abs() == 1.0
}

/// `float_pow` on two doubles: CPython's special cases (so that no libm
/// quirk shows), a complex result for a negative base and a fractional
/// exponent, `ZeroDivisionError` for zero to a negative power and
/// `OverflowError` for an overflowing result.
pub fn pow_f64(iv: f64, iw: f64) -> PyResult<ObjRef> {
    if iw == 0.0 {
        return from_f64(1.0);
    }
    if iv.is_nan() {
        return from_f64(iv);
    }
    if iw.is_nan() {
        return from_f64(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return from_f64(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return from_f64(if iw > 0.0 {
            if odd { iv } else { iv.abs() }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(errors::set_string(exceptions::zero_division_error(), "zero to a negative power"));
        }
        return from_f64(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return crate::objects::complexobject::pow_objects((iv, 0.0), (iw, 0.0));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return from_f64(if negate { -1.0 } else { 1.0 });
    }
    let ix = base.powf(iw);
    if ix.is_infinite() {
        return Err(errors::set_string(exceptions::overflow_error(), "(34, 'Numerical result out of range')"));
    }
    from_f64(if negate { -ix } else { ix })
}

fn float_pow(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (convert(v)?, convert(w)?) else { return Ok(object::not_implemented()) };
    pow_f64(a, b)
}

/// `float_divmod`.
fn float_divmod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (convert(v)?, convert(w)?) else { return Ok(object::not_implemented()) };
    if b == 0.0 {
        return Err(zero_div());
    }
    let (q, r) = div_mod(a, b);
    let (q, r) = (from_f64(q)?, from_f64(r)?);
    Ok(into_obj(crate::objects::tupleobject::from_slice(&[&q, &r])?))
}

/// `float_abs`.
fn float_abs(v: &PyObject) -> PyResult<ObjRef> {
    from_f64(float_of(v)?.abs())
}

/// `float_float` (also `nb_positive`): the value as an exact float.
fn float_float(v: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(v, &FLOAT_TYPE) {
        return Ok(object::new_ref(v));
    }
    from_f64(float_of(v)?)
}

/// `float___trunc___impl` (`nb_int`).
fn float_trunc(v: &PyObject) -> PyResult<ObjRef> {
    float_to_int(float_of(v)?)
}

/// `float___floor___impl`.
fn float_floor(v: &PyObject) -> PyResult<ObjRef> {
    float_to_int(float_of(v)?.floor())
}

/// `float___ceil___impl`.
fn float_ceil(v: &PyObject) -> PyResult<ObjRef> {
    float_to_int(float_of(v)?.ceil())
}

/// `float_is_integer_impl`.
fn float_is_integer(v: &PyObject) -> PyResult<ObjRef> {
    let x = float_of(v)?;
    Ok(boolobject::from_bool(x.is_finite() && x.fract() == 0.0))
}

/// A finite double as `m * 2**e` exactly, with `m` odd or zero.
pub(crate) fn decompose(x: f64) -> (BigInt, i64) {
    if x == 0.0 {
        return (BigInt::ZERO, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
    let tz = m.trailing_zeros();
    m >>= tz;
    e += i64::from(tz);
    let m = BigInt::from(m);
    (if x < 0.0 { -m } else { m }, e)
}

/// `float_as_integer_ratio_impl`.
fn float_as_integer_ratio(v: &PyObject) -> PyResult<ObjRef> {
    let x = float_of(v)?;
    if x.is_infinite() {
        return Err(errors::set_string(exceptions::overflow_error(), "cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(errors::set_string(exceptions::value_error(), "cannot convert NaN to integer ratio"));
    }
    let (m, e) = decompose(x);
    let (n, d) = if e >= 0 { (m << e as u64, BigInt::from(1)) } else { (m, BigInt::from(1) << (-e) as u64) };
    let (n, d) = (longobject::from_bigint(n)?, longobject::from_bigint(d)?);
    Ok(into_obj(crate::objects::tupleobject::from_slice(&[&n, &d])?))
}

/// `float_hex_impl`: `[-]0x1.<13 hex digits>p<exp>`, subnormals as
/// `0x0.<digits>p-1022`.
pub fn hex_f64(x: f64) -> String {
    if !x.is_finite() {
        return repr_f64(x);
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0x0.0p+0".into() } else { "0x0.0p+0".into() };
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 { (0, -1022) } else { (1, exp - 1023) };
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}0x{lead}.{frac:013x}p{e:+}")
}

fn float_hex(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_string(hex_f64(float_of(v)?)).map(into_obj)
}

/// `float_fromhex` on text: `None` if malformed, `Some(Err)` on overflow.
fn parse_hex_float(text: &str) -> Option<Result<f64, ()>> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let signed = |v: f64| if neg { -v } else { v };
    match lower.as_str() {
        "inf" | "infinity" => return Some(Ok(signed(f64::INFINITY))),
        "nan" => return Some(Ok(signed(f64::NAN))),
        _ => {}
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty() {
        return None;
    }
    if !ip.chars().chain(fp.chars()).all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let e: BigInt = match exp {
        Some(e) => {
            let digits = e.trim_start_matches(['+', '-']);
            if digits.is_empty() || e.len() - digits.len() > 1 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            e.parse().ok()?
        }
        None => BigInt::ZERO,
    };
    let all: String = ip.chars().chain(fp.chars()).collect();
    let m = num_bigint::BigUint::parse_bytes(all.as_bytes(), 16)?;
    if m.bits() == 0 {
        return Some(Ok(signed(0.0)));
    }
    let e = e - BigInt::from(4 * fp.len());
    let top = &e + BigInt::from(m.bits());
    if top > BigInt::from(1025) {
        return Some(Err(()));
    }
    if top < BigInt::from(-1080) {
        return Some(Ok(signed(0.0)));
    }
    let e = i64::try_from(&e).ok()?;
    let one = num_bigint::BigUint::from(1u8);
    let r = if e >= 0 { longobject::ratio_to_f64(&(m << e as u64), &one) } else { longobject::ratio_to_f64(&m, &(one << (-e) as u64)) };
    Some(r.map(signed).ok_or(()))
}

/// `float_fromhex` (a class method).
fn float_fromhex(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [arg] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("float.fromhex() takes exactly one argument ({} given)", args.len()),
        ));
    };
    let Some(s) = downcast::<StrObject>(arg) else {
        return Err(errors::set_string(exceptions::type_error(), "bad argument type for built-in operation"));
    };
    let x = match parse_hex_float(&s.to_string_lossy()) {
        None => return Err(errors::set_string(exceptions::value_error(), "invalid hexadecimal floating-point string")),
        Some(Err(())) => {
            return Err(errors::set_string(
                exceptions::overflow_error(),
                "hexadecimal value too large to represent as a float",
            ));
        }
        Some(Ok(x)) => x,
    };
    let f = from_f64(x)?;
    if object::is(cls, object::as_obj(&FLOAT_TYPE)) {
        return Ok(f);
    }
    object::call(cls, &[&f])
}

/// `double_round`: `x` rounded to `ndigits` decimal places, correctly
/// (the exact binary value rounded half-even, then converted back with
/// one rounding, as dtoa's mode 3 followed by strtod do).
fn double_round(x: f64, ndigits: i64) -> PyResult<f64> {
    let (m, e) = decompose(x);
    let ten = BigInt::from(10);
    // x * 10**nd = m * 2**e * 10**nd as a fraction num / den.
    let (mut num, mut den) = (m, BigInt::from(1));
    if e >= 0 {
        num <<= e as u64;
    } else {
        den <<= (-e) as u64;
    }
    if ndigits >= 0 {
        num *= ten.pow(ndigits as u32);
    } else {
        den *= ten.pow((-ndigits) as u32);
    }
    let (q, r) = (&num / &den, &num % &den);
    let twice = (r.magnitude() << 1u32).cmp(den.magnitude());
    let mut q = q;
    if twice == CmpOrdering::Greater || (twice == CmpOrdering::Equal && q.bit(0)) {
        q += if num.sign() == Sign::Minus { -1 } else { 1 };
    }
    // Back to a double: q / 10**nd, correctly rounded.
    let neg = x.is_sign_negative();
    let (qm, one) = (q.magnitude().clone(), num_bigint::BigUint::from(1u8));
    let p = ten.magnitude().pow(ndigits.unsigned_abs() as u32);
    let r = if ndigits >= 0 { longobject::ratio_to_f64(&qm, &p) } else { longobject::ratio_to_f64(&(qm * p), &one) };
    match r {
        Some(v) => Ok(if neg { -v } else { v }),
        None => Err(errors::set_string(exceptions::overflow_error(), "rounded value too large to represent")),
    }
}

/// `float___round___impl`: `round(x)` is an int (ties to even),
/// `round(x, n)` a float.
fn float_round(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let x = float_of(v)?;
    if args.len() > 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__round__ expected at most 1 argument, got {}", args.len()),
        ));
    }
    let nd = match args.first() {
        None => None,
        Some(o) if object::is_none(o) => None,
        Some(o) => Some(crate::objects::r#abstract::as_ssize(o, None)?),
    };
    let Some(nd) = nd else {
        return float_to_int(x.round_ties_even());
    };
    // NDIGITS_MAX / NDIGITS_MIN of floatobject.c.
    const NDIGITS_MAX: isize = 323;
    const NDIGITS_MIN: isize = -308;
    if !x.is_finite() || x == 0.0 || nd > NDIGITS_MAX {
        return from_f64(x);
    }
    if nd < NDIGITS_MIN {
        return from_f64(0.0 * x);
    }
    from_f64(double_round(x, nd as i64)?)
}

fn float_conjugate(v: &PyObject) -> PyResult<ObjRef> {
    float_float(v)
}

fn float_get_imag(_v: &PyObject) -> PyResult<ObjRef> {
    from_f64(0.0)
}

fn float_getnewargs(v: &PyObject) -> PyResult<ObjRef> {
    let f = from_f64(float_of(v)?)?;
    Ok(into_obj(crate::objects::tupleobject::from_slice(&[&f])?))
}

/// `float.__getformat__(typestr)`: the storage format of C doubles and
/// floats (`float___getformat___impl`).
fn float_getformat(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [arg] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__getformat__() takes exactly one argument ({} given)", args.len()),
        ));
    };
    let Some(s) = downcast::<crate::objects::unicodeobject::StrObject>(arg) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__getformat__() argument must be str, not {}", crate::objects::object::type_of(arg).name()),
        ));
    };
    let text = s.to_string_lossy();
    if text != "double" && text != "float" {
        return Err(errors::set_string(exceptions::value_error(), "__getformat__() argument 1 must be 'double' or 'float'"));
    }
    let fmt = if cfg!(target_endian = "little") { "IEEE, little-endian" } else { "IEEE, big-endian" };
    crate::objects::unicodeobject::from_str(fmt).map(into_obj)
}

static FLOAT_METHODS: [MethodDef; 14] = [
    MethodDef { ml_name: "__getformat__", ml_meth: MethodFn::Class(float_getformat), ml_doc: Some("__getformat__($type, typestr, /)\n--\n\nYou probably don't want to use this function.\n\n  typestr\n    Must be 'double' or 'float'.\n\nIt exists mainly to be used in Python's test suite.\n\nThis function returns whichever of 'unknown', 'IEEE, big-endian' or\n'IEEE, little-endian' best describes the format of floating-point\nnumbers used by the C type named by typestr.") },
    MethodDef { ml_name: "conjugate", ml_meth: MethodFn::NoArgs(float_conjugate), ml_doc: Some("conjugate($self, /)\n--\n\nReturn self, the complex conjugate of any float.") },
    MethodDef { ml_name: "__trunc__", ml_meth: MethodFn::NoArgs(float_trunc), ml_doc: Some("__trunc__($self, /)\n--\n\nReturn the Integral closest to x between 0 and x.") },
    MethodDef { ml_name: "__floor__", ml_meth: MethodFn::NoArgs(float_floor), ml_doc: Some("__floor__($self, /)\n--\n\nReturn the floor as an Integral.") },
    MethodDef { ml_name: "__ceil__", ml_meth: MethodFn::NoArgs(float_ceil), ml_doc: Some("__ceil__($self, /)\n--\n\nReturn the ceiling as an Integral.") },
    MethodDef { ml_name: "__round__", ml_meth: MethodFn::FastCall(float_round), ml_doc: Some("__round__($self, ndigits=None, /)\n--\n\nReturn the Integral closest to x, rounding half toward even.\n\nWhen an argument is passed, work like built-in round(x, ndigits).") },
    MethodDef { ml_name: "as_integer_ratio", ml_meth: MethodFn::NoArgs(float_as_integer_ratio), ml_doc: Some("as_integer_ratio($self, /)\n--\n\nReturn a pair of integers, whose ratio is exactly equal to the original float.\n\nThe ratio is in lowest terms and has a positive denominator.  Raise\nOverflowError on infinities and a ValueError on NaNs.\n\n>>> (10.0).as_integer_ratio()\n(10, 1)\n>>> (0.0).as_integer_ratio()\n(0, 1)\n>>> (-.25).as_integer_ratio()\n(-1, 4)") },
    MethodDef { ml_name: "fromhex", ml_meth: MethodFn::Class(float_fromhex), ml_doc: Some("fromhex($type, string, /)\n--\n\nCreate a floating-point number from a hexadecimal string.\n\n>>> float.fromhex('0x1.ffffp10')\n2047.984375\n>>> float.fromhex('-0x1p-1074')\n-5e-324") },
    MethodDef { ml_name: "from_number", ml_meth: MethodFn::Class(float_from_number), ml_doc: Some("from_number($type, number, /)\n--\n\nConvert real number to a floating-point number.") },
    MethodDef { ml_name: "hex", ml_meth: MethodFn::NoArgs(float_hex), ml_doc: Some("hex($self, /)\n--\n\nReturn a hexadecimal representation of a floating-point number.\n\n>>> (-0.1).hex()\n'-0x1.999999999999ap-4'\n>>> 3.14159.hex()\n'0x1.921f9f01b866ep+1'") },
    MethodDef { ml_name: "is_integer", ml_meth: MethodFn::NoArgs(float_is_integer), ml_doc: Some("is_integer($self, /)\n--\n\nReturn True if the float is an integer.") },
    MethodDef { ml_name: "__getnewargs__", ml_meth: MethodFn::NoArgs(float_getnewargs), ml_doc: Some("__getnewargs__($self, /)\n--\n\n") },
    MethodDef { ml_name: "__float__", ml_meth: MethodFn::NoArgs(float_float), ml_doc: None },
    crate::objects::formatter_unicode::FLOAT_FORMAT_METHOD,
];

static FLOAT_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "real", get: float_float, set: None, doc: Some("the real part of a complex number") },
    GetSetDef { name: "imag", get: float_get_imag, set: None, doc: Some("the imaginary part of a complex number") },
];

fn float_of(v: &PyObject) -> PyResult<f64> {
    downcast::<FloatObject>(v).map(FloatObject::value).ok_or_else(errors::bad_internal_call)
}

/// `float_neg`.
fn float_neg(v: &PyObject) -> PyResult<ObjRef> {
    from_f64(-float_of(v)?)
}

/// `float_bool`.
fn float_bool(v: &PyObject) -> PyResult<bool> {
    Ok(float_of(v)? != 0.0)
}

/// `float_hash`.
fn float_hash(v: &PyObject) -> PyResult<isize> {
    Ok(pyhash::hash_double(core::ptr::from_ref(v).cast(), float_of(v)?))
}

/// Exact comparison of a finite double with an int (the int branch of
/// `float_richcompare`): `f` as `m * 2**e` with integer `m`.
fn compare_float_int(f: f64, i: &IntObject) -> CmpOrdering {
    if let IntValue::Small(s) = i.value()
        && s.unsigned_abs() <= 1 << 53
    {
        return f.partial_cmp(&(*s as f64)).unwrap_or(CmpOrdering::Equal);
    }
    let (m, e) = pyhash::frexp(f);
    // m * 2**53 is an integer since |m| < 1 with 53 bits of precision.
    let mant = BigInt::from((m * (1u64 << 53) as f64) as i64);
    let e = e - 53;
    let iv = i.to_bigint();
    if e >= 0 { (mant << e as u32).cmp(&iv) } else { mant.cmp(&(iv << (-e) as u32)) }
}

/// `float_richcompare`: floats with floats and ints, exactly.
fn float_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let Some(a) = downcast::<FloatObject>(v).map(FloatObject::value) else { return Ok(object::not_implemented()) };
    let res = if let Some(b) = downcast::<FloatObject>(w) {
        op.test(a, b.value())
    } else if let Some(i) = downcast::<IntObject>(w) {
        if a.is_nan() {
            op == CompareOp::Ne
        } else if a.is_infinite() {
            op.test(a, 0.0)
        } else {
            op.test(compare_float_int(a, i), CmpOrdering::Equal)
        }
    } else {
        return Ok(object::not_implemented());
    };
    Ok(boolobject::from_bool(res))
}

/// `float_repr`: the shortest repr that round-trips, in fixed notation
/// for decimal exponents -4 <= exp < 16, else exponent notation with at
/// least two exponent digits; `.0` added to integral fixed values.
pub fn repr_f64(x: f64) -> String {
    format_r(x, true, false)
}

/// `PyOS_double_to_string(x, 'r', 0, flags)`: the shortest repr that
/// round-trips; `add_dot_0` is `Py_DTSF_ADD_DOT_0`, `sign` is
/// `Py_DTSF_SIGN` (a `+` for non-negative values).
pub fn format_r(x: f64, add_dot_0: bool, sign: bool) -> String {
    let plus = if sign { "+" } else { "" };
    if x.is_nan() {
        return format!("{plus}nan");
    }
    if x.is_infinite() {
        return if x > 0.0 { format!("{plus}inf") } else { "-inf".into() };
    }
    let (digits, exp) = shortest_digits(x.abs());
    let sign = if x.is_sign_negative() { "-" } else { plus };
    let decpt = exp + 1;
    let n = digits.len() as i32;
    if !(-4 < decpt && decpt <= 16) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    let dot0 = if add_dot_0 { ".0" } else { "" };
    if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{sign}{digits}{}{dot0}", "0".repeat((decpt - n) as usize))
    } else {
        let (a, b) = digits.split_at(decpt as usize);
        format!("{sign}{a}.{b}")
    }
}

/// The shortest digit string that reads back as the finite `a >= 0`,
/// with the decimal exponent of its first digit (`_Py_dg_dtoa` mode 0).
/// Rust's shortest form has the right length and is a nearest one; when
/// the value lies exactly halfway between two such strings, dtoa takes
/// the even one, which this settles with exact arithmetic.
fn shortest_digits(a: f64) -> (String, i32) {
    if a == 0.0 {
        return ("0".into(), 0);
    }
    let sci = format!("{a:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let n = digits.len();
    let Ok(d) = digits.parse::<u64>() else { return (digits, exp) };
    // value(c) = c * 10**k; a = m * 2**e exactly.
    let k = exp - (n as i32 - 1);
    let reads_back = |c: u64| format!("{c}e{k}").parse::<f64>().ok() == Some(a);
    let others: Vec<u64> =
        [d.wrapping_sub(1), d + 1].into_iter().filter(|&c| c.to_string().len() == n && reads_back(c)).collect();
    if others.is_empty() {
        return (digits, exp);
    }
    let (m, e) = decompose(a);
    let ten = BigInt::from(10);
    // Both sides scaled by 10**-k and 2**-e so they are integers.
    let (p10, p2) = (ten.pow(k.unsigned_abs()), BigInt::from(1) << e.unsigned_abs());
    let exact = m * if e > 0 { p2.clone() } else { BigInt::from(1) } * if k < 0 { p10.clone() } else { BigInt::from(1) };
    let scaled = |c: u64| BigInt::from(c) * if k > 0 { p10.clone() } else { BigInt::from(1) } * if e < 0 { p2.clone() } else { BigInt::from(1) };
    let dist = |c: u64| {
        let diff = scaled(c) - &exact;
        diff.magnitude().clone()
    };
    let mut best = d;
    for c in others {
        let (dc, db) = (dist(c), dist(best));
        if dc < db || (dc == db && c % 2 == 0) {
            best = c;
        }
    }
    if best == d {
        return (digits, exp);
    }
    let out = best.to_string();
    (out.trim_end_matches('0').to_owned(), exp)
}

/// The longest prefix of `s` that is a float literal as
/// `PyOS_string_to_double` reads it (optional sign, decimal digits with
/// an optional point and exponent, or `inf`/`infinity`/`nan` in any
/// case): its value (correctly rounded) and length.
pub fn parse_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let neg = match s.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let rest = &s[i..];
    let starts = |w: &str| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes());
    if starts("infinity") {
        return Some((if neg { f64::NEG_INFINITY } else { f64::INFINITY }, i + 8));
    }
    if starts("inf") {
        return Some((if neg { f64::NEG_INFINITY } else { f64::INFINITY }, i + 3));
    }
    if starts("nan") {
        return Some((if neg { -f64::NAN } else { f64::NAN }, i + 3));
    }
    let digits = |j: usize| s[j..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int_len = digits(i);
    let mut j = i + int_len;
    if s.get(j) == Some(&b'.') {
        let frac_len = digits(j + 1);
        if int_len == 0 && frac_len == 0 {
            return None;
        }
        j += 1 + frac_len;
    } else if int_len == 0 {
        return None;
    }
    if matches!(s.get(j), Some(b'e' | b'E')) {
        let mut k = j + 1;
        if matches!(s.get(k), Some(b'+' | b'-')) {
            k += 1;
        }
        let e = digits(k);
        if e > 0 {
            j = k + e;
        }
    }
    let text = core::str::from_utf8(&s[..j]).ok()?;
    text.parse::<f64>().ok().map(|v| (v, j))
}

/// `_Py_string_to_number_with_underscores`' check and removal: an
/// underscore is allowed only between two digits; `None` if misplaced.
pub fn remove_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_owned());
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
            let next_digit = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !prev_digit || !next_digit {
                return None;
            }
        } else {
            out.push(c as char);
        }
    }
    Some(out)
}

/// The text of a number argument with Unicode decimal digits mapped to
/// ASCII and Unicode whitespace stripped
/// (`_PyUnicode_TransformDecimalAndSpaceToASCII` plus the strip).
pub(crate) fn ascii_number_text(s: &StrObject) -> Option<String> {
    let mut out = String::new();
    for cp in s.data().iter() {
        let c = char::from_u32(cp)?;
        if c.is_whitespace() {
            out.push(' ');
        } else if c.is_ascii() {
            out.push(c);
        } else if let Some(d) = c.to_digit(10).or_else(|| unicode_decimal(c)) {
            out.push(char::from(b'0' + d as u8));
        } else {
            return None;
        }
    }
    Some(out.trim_matches(|c: char| c == ' ' || c.is_ascii_whitespace()).to_owned())
}

/// The value of a non-ASCII Unicode decimal digit (the common `Nd`
/// blocks: each is ten consecutive code points starting at a zero).
fn unicode_decimal(c: char) -> Option<u32> {
    const ZEROS: [u32; 24] = [
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50, 0xED0,
        0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    ];
    let v = c as u32;
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&v)).map(|z| v - z)
}

/// `PyFloat_FromString`: `float(str)`.
pub fn from_string_obj(s: &StrObject) -> PyResult<f64> {
    let err = || {
        errors::set_string(
            exceptions::value_error(),
            &format!("could not convert string to float: {}", unicodeobject::repr_string(s)),
        )
    };
    let Some(text) = ascii_number_text(s) else { return Err(err()) };
    let Some(clean) = remove_underscores(&text) else { return Err(err()) };
    match parse_prefix(clean.as_bytes()) {
        Some((v, n)) if n == clean.len() => Ok(v),
        _ => Err(err()),
    }
}

fn float_repr(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_string(repr_f64(float_of(v)?)).map(into_obj)
}

/// `PyLong_FromDouble`: truncates toward zero.
pub fn float_to_int(f: f64) -> PyResult<ObjRef> {
    if f.is_infinite() {
        return Err(errors::set_string(exceptions::overflow_error(), "cannot convert float infinity to integer"));
    }
    if f.is_nan() {
        return Err(errors::set_string(exceptions::value_error(), "cannot convert float NaN to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return longobject::from_i64(t as i64);
    }
    let (m, e) = pyhash::frexp(t);
    let mant = BigInt::from((m * (1u64 << 53) as f64) as i64);
    let v = mant << (e - 53) as u32;
    longobject::from_bigint(if v.sign() == Sign::NoSign { BigInt::ZERO } else { v })
}

/// The value of a `__float__` result (`PyNumber_Float`'s check): a
/// float, or a float subclass with a DeprecationWarning.
fn float_result(x: &PyObject, r: &PyObject) -> PyResult<f64> {
    let Some(v) = downcast::<FloatObject>(r) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{}.__float__ returned non-float (type {})", type_of(x).name(), type_of(r).name()),
        ));
    };
    if !object::is_type(r, &FLOAT_TYPE) {
        crate::errors::warn(
            exceptions::deprecation_warning(),
            &format!(
                "{}.__float__ returned non-float (type {}).  The ability to return an instance of a strict subclass of float is deprecated, and may be removed in a future version of Python.",
                type_of(x).name(),
                type_of(r).name()
            ),
            1,
        )?;
    }
    Ok(v.ob_fval)
}

/// `__float__`, else `__index__`, if the type has either.
fn float_from_slots(x: &PyObject) -> Option<PyResult<f64>> {
    let slots = &type_of(x).slots;
    if let Some(f) = slots.nb_float.get() {
        return Some(f(x).and_then(|r| float_result(x, &r)));
    }
    slots.nb_index.get()?;
    Some(crate::objects::r#abstract::index(x).and_then(|i| {
        longobject::to_f64(downcast::<IntObject>(&i).ok_or_else(errors::bad_internal_call)?)
    }))
}

/// `PyNumber_Float`: an exact float, `__float__`, `__index__`, a float
/// subclass's value, then the text of a str or bytes-like object.
pub fn number_float(x: &PyObject) -> PyResult<f64> {
    if let Some(f) = downcast::<FloatObject>(x).filter(|_| object::is_type(x, &FLOAT_TYPE)) {
        return Ok(f.ob_fval);
    }
    if let Some(i) = downcast::<IntObject>(x).filter(|_| object::is_type(x, &longobject::INT_TYPE)) {
        return longobject::to_f64(i);
    }
    if let Some(r) = float_from_slots(x) {
        return r;
    }
    if let Some(f) = downcast::<FloatObject>(x) {
        return Ok(f.ob_fval);
    }
    from_string_any(x)
}

/// `PyFloat_AsDouble`: a float (or subclass) value, `__float__`, or
/// `__index__`; no strings.
pub fn as_double(x: &PyObject) -> PyResult<f64> {
    if let Some(f) = downcast::<FloatObject>(x) {
        return Ok(f.ob_fval);
    }
    if let Some(r) = float_from_slots(x) {
        return r;
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("must be real number, not {}", type_of(x).name()),
    ))
}

/// `PyFloat_FromString` on any object: a str, or the bytes of a
/// bytes-like object (ASCII whitespace stripped, underscores checked).
fn from_string_any(x: &PyObject) -> PyResult<f64> {
    if let Some(s) = downcast::<StrObject>(x) {
        return from_string_obj(s);
    }
    let Some(bytes) = crate::objects::bytesobject::bytes_like(x) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("float() argument must be a string or a real number, not '{}'", type_of(x).name()),
        ));
    };
    let parsed = core::str::from_utf8(&bytes)
        .ok()
        .and_then(|t| remove_underscores(t.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b')))
        .and_then(|clean| match parse_prefix(clean.as_bytes()) {
            Some((v, n)) if n == clean.len() && !clean.is_empty() => Some(v),
            _ => None,
        });
    match parsed {
        Some(v) => Ok(v),
        None => {
            let r = object::repr(x)?;
            Err(errors::set_string(
                exceptions::value_error(),
                &format!("could not convert string to float: {}", r.to_string_lossy()),
            ))
        }
    }
}

/// `float.from_number` (a class method): a real number (not a string)
/// as a float of class `cls`.
fn float_from_number(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [arg] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("float.from_number() takes exactly one argument ({} given)", args.len()),
        ));
    };
    let exact_cls = object::is(cls, object::as_obj(&FLOAT_TYPE));
    if exact_cls && object::is_type(arg, &FLOAT_TYPE) {
        return Ok(arg.clone());
    }
    let f = from_f64(as_double(arg)?)?;
    if exact_cls {
        return Ok(f);
    }
    object::call(cls, &[&f])
}

/// A float of type `ty` (`float_subtype_new` for a subclass).
pub fn new_of_type(ty: &TypeObject, v: f64) -> PyResult<ObjRef> {
    if core::ptr::eq(ty, &FLOAT_TYPE) {
        return from_f64(v);
    }
    // SAFETY: a subclass of float has FloatObject's layout first; its
    // only field past the header is an f64, valid when zeroed.
    let obj = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<FloatObject>(ty) }?;
    // SAFETY: the object is fresh and unshared; this initializes its
    // value before anyone else can read it.
    unsafe { (*obj.as_ptr().as_ptr()).ob_fval = v };
    Ok(into_obj(obj))
}

/// `float_new`: `float()`, `float(number)`, `float(str)`.
fn float_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let check_kwds = core::ptr::eq(ty, &FLOAT_TYPE) || !crate::objects::typeobject::overrides_init(ty);
    if check_kwds && kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "float() takes no keyword arguments"));
    }
    match args.as_slice() {
        [] => new_of_type(ty, 0.0),
        [x] => {
            if core::ptr::eq(ty, &FLOAT_TYPE) && object::is_type(x, &FLOAT_TYPE) {
                return Ok(x.clone());
            }
            new_of_type(ty, number_float(x)?)
        }
        a => Err(errors::set_string(
            exceptions::type_error(),
            &format!("float expected at most 1 argument, got {}", a.len()),
        )),
    }
}

/// `float` (`PyFloat_Type`).
pub static FLOAT_TYPE: TypeObject = TypeObject::new_static(
    "float",
    size_of::<FloatObject>(),
    object::dealloc_simple::<FloatObject>,
    TypeSlots {
        tp_repr: Some(float_repr),
        tp_hash: Some(float_hash),
        tp_richcompare: Some(float_richcompare),
        tp_new: Some(float_new),
        nb_add: Some(float_add),
        nb_subtract: Some(float_sub),
        nb_multiply: Some(float_mul),
        nb_remainder: Some(float_rem),
        nb_power: Some(float_pow),
        nb_negative: Some(float_neg),
        nb_bool: Some(float_bool),
        nb_floor_divide: Some(float_floor_div),
        nb_true_divide: Some(float_div),
        nb_divmod: Some(float_divmod),
        nb_absolute: Some(float_abs),
        nb_positive: Some(float_float),
        nb_int: Some(float_trunc),
        nb_float: Some(float_float),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&FLOAT_METHODS)
.with_getset(&FLOAT_GETSET)
.with_flags(flags::BASETYPE)
.with_doc("float(x=0, /)\n--\n\nConvert a string or number to a floating-point number, if possible.");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::r#abstract as ab;

    fn fl(v: f64) -> ObjRef {
        from_f64(v).unwrap()
    }

    fn r(v: &PyObject) -> String {
        object::repr(v).unwrap().to_string_lossy()
    }

    #[test]
    fn repr_matches_cpython() {
        let cases = [
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (123456.789, "123456.789"),
            (0.1, "0.1"),
            (1e22, "1e+22"),
            (-0.0, "-0.0"),
            (1.5e300, "1.5e+300"),
            (1152921504606846976.0, "1.152921504606847e+18"),
            (1.0, "1.0"),
            (0.0001, "0.0001"),
            (1e15, "1000000000000000.0"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (1801514316094494.25, "1801514316094494.2"),
            (-673136162761606.25, "-673136162761606.2"),
            (2742905534.87890625, "2742905534.8789062"),
            (5.960464477539063e-08, "5.960464477539063e-08"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
        ];
        for (v, s) in cases {
            assert_eq!(repr_f64(v), s);
        }
    }

    #[test]
    fn arithmetic_and_mixed_comparisons() {
        crate::state::ensure();
        let i = |v| longobject::from_i64(v).unwrap();
        let dm = ab::floor_divide(&fl(-7.5), &i(2)).unwrap();
        assert_eq!(r(&dm), "-4.0");
        assert_eq!(r(&ab::remainder(&fl(-7.5), &i(2)).unwrap()), "0.5");
        assert_eq!(r(&ab::add(&i(1), &fl(0.5)).unwrap()), "1.5");
        assert!(ab::true_divide(&fl(1.0), &i(0)).is_err());
        assert_eq!(errors::take_message().unwrap(), "ZeroDivisionError: division by zero");
        assert!(object::rich_compare_bool(&fl(1.0), &i(1), CompareOp::Eq).unwrap());
        assert!(object::rich_compare_bool(&i(1), &fl(1.5), CompareOp::Lt).unwrap());
        let big = ab::power(&i(2), &i(64)).unwrap();
        let bigp1 = ab::add(&big, &i(1)).unwrap();
        assert!(object::rich_compare_bool(&fl(18446744073709551616.0), &big, CompareOp::Eq).unwrap());
        assert!(object::rich_compare_bool(&fl(18446744073709551616.0), &bigp1, CompareOp::Lt).unwrap());
        assert_eq!(object::hash(&fl(1.0)).unwrap(), 1);
        assert_eq!(object::hash(&fl(0.5)).unwrap(), 1_152_921_504_606_846_976);
        assert_eq!(object::hash(&fl(-1.0)).unwrap(), -2);
        let huge = object::call(object::as_obj(&crate::objects::longobject::INT_TYPE), &[&fl(1e20)]).unwrap();
        assert_eq!(r(&huge), "100000000000000000000");
        assert_eq!(r(&object::call(object::as_obj(&FLOAT_TYPE), &[&unicodeobject::intern_str(" 1.5 ").unwrap()]).unwrap()), "1.5");
    }

    #[test]
    fn parsing_helpers() {
        assert_eq!(parse_prefix(b"1.5e3j"), Some((1500.0, 5)));
        assert_eq!(parse_prefix(b"-inFinity"), Some((f64::NEG_INFINITY, 9)));
        assert_eq!(parse_prefix(b".5"), Some((0.5, 2)));
        assert_eq!(parse_prefix(b"5."), Some((5.0, 2)));
        assert_eq!(parse_prefix(b"1e"), Some((1.0, 1)));
        assert_eq!(parse_prefix(b"."), None);
        assert_eq!(parse_prefix(b"+j"), None);
        assert_eq!(remove_underscores("1_000.5").as_deref(), Some("1000.5"));
        assert_eq!(remove_underscores("1__0"), None);
        assert_eq!(remove_underscores("_1"), None);
        assert_eq!(remove_underscores("1_e5"), None);
    }

    #[test]
    fn hex_and_fromhex() {
        assert_eq!(hex_f64(3.0), "0x1.8000000000000p+1");
        assert_eq!(hex_f64(0.1), "0x1.999999999999ap-4");
        assert_eq!(hex_f64(-0.0), "-0x0.0p+0");
        assert_eq!(hex_f64(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(parse_hex_float("0x1.8p1"), Some(Ok(3.0)));
        assert_eq!(parse_hex_float(" -0X1.fffffffffffffp+1023 "), Some(Ok(-f64::MAX)));
        assert_eq!(parse_hex_float("0x1p-1075"), Some(Ok(0.0)));
        assert_eq!(parse_hex_float("0x3p-1076"), Some(Ok(5e-324)));
        assert_eq!(parse_hex_float("0x1.8p-1074"), Some(Ok(1e-323)));
        assert_eq!(parse_hex_float("0x1.fffffffffffff8p+1023"), Some(Err(())));
        assert_eq!(parse_hex_float("0x1p+1024"), Some(Err(())));
        assert_eq!(parse_hex_float("xyz"), None);
        assert_eq!(parse_hex_float("0x1p"), None);
        for x in [1.0, 0.1, 1e300, 5e-324, 123456.789, f64::MAX] {
            assert_eq!(parse_hex_float(&hex_f64(x)), Some(Ok(x)));
        }
    }

    #[test]
    fn decimal_rounding_is_correct() {
        crate::state::ensure();
        let cases = [(2.675, 2, 2.67), (1234.5, -1, 1230.0), (0.125, 2, 0.12), (0.375, 2, 0.38), (5e307, -308, 1e308), (-0.4, 0, -0.0)];
        for (x, n, want) in cases {
            let got = double_round(x, n).unwrap();
            assert_eq!(got, want, "round({x}, {n})");
            assert_eq!(got.is_sign_negative(), want.is_sign_negative());
        }
        assert!(double_round(1.7976931348623157e308, -308).is_err());
        assert_eq!(errors::take_message().unwrap(), "OverflowError: rounded value too large to represent");
        assert_eq!(format_r(-0.0, false, true), "-0");
        assert_eq!(format_r(2.0, false, true), "+2");
        assert_eq!(format_r(f64::NAN, false, true), "+nan");
    }

    #[test]
    fn pow_special_cases() {
        crate::state::ensure();
        let p = |a, b| r(&pow_f64(a, b).unwrap());
        assert_eq!(p(-1.0, 1e300), "1.0");
        assert_eq!(p(-1.0, f64::INFINITY), "1.0");
        assert_eq!(p(f64::NEG_INFINITY, 3.0), "-inf");
        assert_eq!(p(-0.0, 3.0), "-0.0");
        assert_eq!(p(f64::NAN, 0.0), "1.0");
        assert_eq!(p(-2.0, 3.0), "-8.0");
        assert_eq!(p(-8.0, 1.0 / 3.0), "(1.0000000000000002+1.7320508075688772j)");
        assert!(pow_f64(-0.0, -3.0).is_err());
        assert_eq!(errors::take_message().unwrap(), "ZeroDivisionError: zero to a negative power");
        assert!(pow_f64(10.0, 400.0).is_err());
        assert_eq!(errors::take_message().unwrap(), "OverflowError: (34, 'Numerical result out of range')");
    }
}