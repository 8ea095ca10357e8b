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

/// `float_pow` for real results: `0.0 ** negative` raises
/// ZeroDivisionError, an overflow OverflowError. A negative base with a
/// non-integer exponent (a complex result in CPython) raises ValueError
/// until `complex` exists.
pub fn pow_f64(a: f64, b: f64) -> PyResult<ObjRef> {
    if a == 0.0 && b < 0.0 && b.is_finite() {
        return Err(errors::set_string(exceptions::zero_division_error(), "zero to a negative power"));
    }
    if a < 0.0 && a.is_finite() && b.is_finite() && b.fract() != 0.0 {
        return Err(errors::set_string(exceptions::value_error(), "negative number cannot be raised to a fractional power"));
    }
    let r = a.powf(b);
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(errors::set_string(exceptions::overflow_error(), "(34, 'Numerical result out of range')"));
    }
    from_f64(r)
}

fn float_pow(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (convert(v)?, convert(w)?) else { return Ok(object::not_implemented()) };
    pow_f64(a, b)
}

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
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{:e}", x.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let decpt = exp + 1;
    let n = digits.len() as i32;
    if !(-4 < decpt && decpt <= 16) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
    } else {
        let (a, b) = digits.split_at(decpt as usize);
        format!("{sign}{a}.{b}")
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

/// `float_new`: `float()`, `float(number)`, `float(str)`.
fn float_new(_ty: &TypeObject, args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    match args.as_slice() {
        [] => from_f64(0.0),
        [x] => {
            if let Some(v) = convert(x)? {
                return from_f64(v);
            }
            if let Some(s) = downcast::<StrObject>(x) {
                let text = s.to_string_lossy();
                let t = text.trim().replace('_', "");
                let lower = t.to_ascii_lowercase();
                let parsed = match lower.trim_start_matches(['+', '-']) {
                    "inf" | "infinity" | "nan" => lower.parse::<f64>().ok(),
                    _ if t.chars().all(|c| c.is_ascii_digit() || ".eE+-".contains(c)) => t.parse::<f64>().ok(),
                    _ => None,
                };
                return match parsed {
                    Some(v) => from_f64(v),
                    None => Err(errors::set_string(
                        exceptions::value_error(),
                        &format!("could not convert string to float: {}", unicodeobject::repr_string(s)),
                    )),
                };
            }
            Err(errors::set_string(
                exceptions::type_error(),
                &format!("float() argument must be a string or a real number, not '{}'", type_of(x).name()),
            ))
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
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_doc("Convert a string or number to a floating-point number, if possible.");

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
}
