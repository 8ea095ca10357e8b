//! The Python semantics that flowgraph.c's constant folding borrows from the
//! object model (`PyNumber_*`, `PyObject_GetItem`, `PyObject_IsTrue`),
//! restricted to the constant types, with the size guards of
//! `const_folding_safe_multiply`, `_power`, `_lshift` and `_mod`
//! (`eval_const_binop`, `eval_const_unaryop` in flowgraph.c). A `None`
//! result is a Python exception: the expression is left unfolded.

use super::code::ConstValue;
use super::opcode as op;
use crate::ast::{Constant, PyStr};
use num_bigint::{BigInt, Sign};

/// `MAX_INT_SIZE` (bits).
const MAX_INT_SIZE: u64 = 128;
/// `MAX_COLLECTION_SIZE` (items).
const MAX_COLLECTION_SIZE: i64 = 256;
/// `MAX_STR_SIZE` (characters).
const MAX_STR_SIZE: i64 = 4096;
/// `MAX_TOTAL_ITEMS` (nested collections included).
const MAX_TOTAL_ITEMS: i64 = 1024;

const NB_ADD: i32 = 0;
const NB_AND: i32 = 1;
const NB_FLOOR_DIVIDE: i32 = 2;
const NB_LSHIFT: i32 = 3;
const NB_MULTIPLY: i32 = 5;
const NB_REMAINDER: i32 = 6;
const NB_OR: i32 = 7;
const NB_POWER: i32 = 8;
const NB_RSHIFT: i32 = 9;
const NB_SUBTRACT: i32 = 10;
const NB_TRUE_DIVIDE: i32 = 11;
const NB_XOR: i32 = 12;
const NB_SUBSCR: i32 = 26;

/// `PyObject_IsTrue` of a constant.
pub fn is_true(v: &ConstValue) -> bool {
    match v {
        ConstValue::Scalar(c) => match c {
            Constant::None => false,
            Constant::Bool(b) => *b,
            Constant::Ellipsis => true,
            Constant::Int(i) => i.sign() != Sign::NoSign,
            Constant::Float(f) => *f != 0.0,
            Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
            Constant::Str(s) => !s.is_empty(),
            Constant::Bytes(b) => !b.is_empty(),
            Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
        },
        ConstValue::Tuple(t) | ConstValue::FrozenSet(t) => !t.is_empty(),
        ConstValue::Slice(_) | ConstValue::Code(_) => true,
    }
}

/// A number of the numeric tower (`bool` is an `int`).
#[derive(Clone, Debug)]
enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

fn num(v: &ConstValue) -> Option<Num> {
    match v {
        ConstValue::Scalar(Constant::Bool(b)) => Some(Num::Int(BigInt::from(*b as u8))),
        ConstValue::Scalar(Constant::Int(i)) => Some(Num::Int(i.clone())),
        ConstValue::Scalar(Constant::Float(f)) => Some(Num::Float(*f)),
        ConstValue::Scalar(Constant::Complex { real, imag }) => Some(Num::Complex(*real, *imag)),
        _ => None,
    }
}

fn from_num(n: Num) -> ConstValue {
    ConstValue::Scalar(match n {
        Num::Int(i) => Constant::Int(i),
        Num::Float(f) => Constant::Float(f),
        Num::Complex(real, imag) => Constant::Complex { real, imag },
    })
}

/// `PyLong_AsDouble`: correctly rounded; `None` on overflow.
pub fn int_to_f64(i: &BigInt) -> Option<f64> {
    let bits = i.bits();
    let neg = i.sign() == Sign::Minus;
    let mag = i.magnitude();
    let v = if bits <= 64 {
        mag.iter_u64_digits().next().unwrap_or(0) as f64
    } else {
        let shift = bits - 64;
        let top: u64 = (mag >> shift).iter_u64_digits().next().unwrap_or(0);
        let sticky = mag.trailing_zeros().is_some_and(|tz| tz < shift);
        let m = (top | sticky as u64) as f64;
        if shift > 2000 {
            return None;
        }
        m * 2f64.powi(shift as i32)
    };
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

fn is_zero(i: &BigInt) -> bool {
    i.sign() == Sign::NoSign
}

/// Floor division and modulo of ints (`l_divmod`); `None` for a zero divisor.
fn int_divmod(a: &BigInt, b: &BigInt) -> Option<(BigInt, BigInt)> {
    if is_zero(b) {
        return None;
    }
    let mut q = a / b;
    let mut r = a % b;
    if !is_zero(&r) && (r.sign() == Sign::Minus) != (b.sign() == Sign::Minus) {
        q -= 1;
        r += b;
    }
    Some((q, r))
}

/// `long_true_divide`: correctly rounded int / int.
fn int_true_divide(a: &BigInt, b: &BigInt) -> Option<f64> {
    if is_zero(b) {
        return None;
    }
    if is_zero(a) {
        let neg = b.sign() == Sign::Minus;
        return Some(if neg { -0.0 } else { 0.0 });
    }
    let neg = (a.sign() == Sign::Minus) != (b.sign() == Sign::Minus);
    let (n, d) = (BigInt::from(a.magnitude().clone()), BigInt::from(b.magnitude().clone()));
    if n.bits() <= 53 && d.bits() <= 53 {
        let q = int_to_f64(&n)? / int_to_f64(&d)?;
        return Some(if neg { -q } else { q });
    }
    // Scale so that the quotient has 55 or 56 bits, keep a sticky bit for
    // the remainder, round once when converting, then rescale exactly.
    let shift: i64 = 55 - (n.bits() as i64 - d.bits() as i64);
    let (n, d) = if shift >= 0 { (n << shift as u64, d) } else { (n, d << (-shift) as u64) };
    let q = &n / &d;
    let r = &n % &d;
    let q = (q << 1u32) | BigInt::from(!is_zero(&r) as u8);
    let m = int_to_f64(&q)?;
    let exp = -(shift + 1);
    if exp > 1100 || exp < -1100 {
        return None;
    }
    let v = m * 2f64.powi(exp as i32);
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// `float_divmod`'s floor division and remainder, through the float
/// type's own `_float_div_mod`; `None` for a zero divisor (no folding).
fn float_divmod(vx: f64, wx: f64) -> Option<(f64, f64)> {
    (wx != 0.0).then(|| crate::objects::floatobject::div_mod(vx, wx))
}

/// `float_pow` for the cases that stay real.
fn float_pow(iv: f64, iw: f64) -> Option<f64> {
    if iw == 0.0 {
        return Some(1.0);
    }
    if iv.is_nan() {
        return Some(if iv == 1.0 { 1.0 } else { iv });
    }
    if iw.is_nan() {
        return Some(if iv == 1.0 { 1.0 } else { iw });
    }
    if iv == 0.0 && iw < 0.0 {
        return None;
    }
    if iv < 0.0 && iw != iw.floor() && iw.is_finite() {
        return None;
    }
    let r = iv.powf(iw);
    if r.is_infinite() && iv.is_finite() && iw.is_finite() {
        return None;
    }
    Some(r)
}

/// `_Py_c_quot`: complex division (Smith's algorithm as CPython has it).
fn c_quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let abs_breal = b.0.abs();
    let abs_bimag = b.1.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// `_Py_c_prod`.
fn c_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `c_powu`: `x ** n` by repeated squaring. `None` once a product is not
/// finite: CPython's `_Py_c_prod` turns the NaNs of an overflow back into
/// infinities (C11 Annex G), so such a power is an `OverflowError`.
fn c_powu(x: (f64, f64), n: i64) -> Option<(f64, f64)> {
    let finite = |z: (f64, f64)| z.0.is_finite() && z.1.is_finite();
    let (mut r, mut p) = ((1.0, 0.0), x);
    let mut mask = 1i64;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
            if !finite(r) {
                return None;
            }
        }
        mask <<= 1;
        p = c_prod(p, p);
        if !finite(p) && n >= mask {
            return None;
        }
    }
    Some(r)
}

/// `_Py_c_pow`; `None` where it sets `EDOM` (zero to a negative or complex
/// power).
fn c_pow(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Some((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        return if b.1 != 0.0 || b.0 < 0.0 { None } else { Some((0.0, 0.0)) };
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Some((len * phase.cos(), len * phase.sin()))
}

/// `complex_pow`: a small integral exponent uses `c_powi`; a result with
/// an infinite part is an `OverflowError` (`_Py_ADJUST_ERANGE2`), so it is
/// not folded (nor is one with a NaN part: only NaN operands, which no
/// literal gives, would make CPython fold one).
fn complex_pow(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n > 0 {
            c_powu(a, n)?
        } else {
            c_quot((1.0, 0.0), c_powu(a, -n)?)?
        }
    } else {
        c_pow(a, b)?
    };
    (r.0.is_finite() && r.1.is_finite()).then_some(r)
}

fn as_complex(n: Num) -> Option<(f64, f64)> {
    match n {
        Num::Complex(r, i) => Some((r, i)),
        other => Some((real_of(other)?, 0.0)),
    }
}

fn num_binop(a: Num, op: i32, b: Num) -> Option<Num> {
    use Num::*;
    if op == NB_POWER && (matches!(a, Complex(..)) || matches!(b, Complex(..))) {
        return complex_pow(as_complex(a)?, as_complex(b)?).map(|(r, i)| Complex(r, i));
    }
    match (a, b) {
        (Int(x), Int(y)) => int_binop(&x, op, &y),
        (Complex(ar, ai), Complex(br, bi)) => match op {
            NB_ADD => Some(Complex(ar + br, ai + bi)),
            NB_SUBTRACT => Some(Complex(ar - br, ai - bi)),
            NB_MULTIPLY => Some(Complex(ar * br - ai * bi, ar * bi + ai * br)),
            NB_TRUE_DIVIDE => c_quot((ar, ai), (br, bi)).map(|(r, i)| Complex(r, i)),
            _ => None,
        },
        (Complex(ar, ai), other) => {
            let r = real_of(other)?;
            match op {
                NB_ADD => Some(Complex(ar + r, ai)),
                NB_SUBTRACT => Some(Complex(ar - r, ai)),
                NB_MULTIPLY => Some(Complex(ar * r, ai * r)),
                NB_TRUE_DIVIDE if r != 0.0 => Some(Complex(ar / r, ai / r)),
                _ => None,
            }
        }
        (other, Complex(br, bi)) => {
            let r = real_of(other)?;
            match op {
                NB_ADD => Some(Complex(r + br, bi)),
                NB_SUBTRACT => Some(Complex(r - br, -bi)),
                NB_MULTIPLY => Some(Complex(r * br, r * bi)),
                NB_TRUE_DIVIDE => c_quot((r, 0.0), (br, bi)).map(|(x, y)| Complex(x, y)),
                _ => None,
            }
        }
        (a, b) => {
            let (x, y) = (real_of(a)?, real_of(b)?);
            match op {
                NB_ADD => Some(Float(x + y)),
                NB_SUBTRACT => Some(Float(x - y)),
                NB_MULTIPLY => Some(Float(x * y)),
                NB_TRUE_DIVIDE if y != 0.0 => Some(Float(x / y)),
                NB_FLOOR_DIVIDE => float_divmod(x, y).map(|(d, _)| Float(d)),
                NB_REMAINDER => float_divmod(x, y).map(|(_, m)| Float(m)),
                NB_POWER => float_pow(x, y).map(Float),
                _ => None,
            }
        }
    }
}

fn real_of(n: Num) -> Option<f64> {
    match n {
        Num::Int(i) => int_to_f64(&i),
        Num::Float(f) => Some(f),
        Num::Complex(..) => None,
    }
}

fn int_binop(x: &BigInt, op: i32, y: &BigInt) -> Option<Num> {
    let r = match op {
        NB_ADD => x + y,
        NB_SUBTRACT => x - y,
        NB_MULTIPLY => {
            if !is_zero(x) && !is_zero(y) && x.bits() + y.bits() > MAX_INT_SIZE {
                return None;
            }
            x * y
        }
        NB_TRUE_DIVIDE => return int_true_divide(x, y).map(Num::Float),
        NB_FLOOR_DIVIDE => int_divmod(x, y)?.0,
        NB_REMAINDER => int_divmod(x, y)?.1,
        NB_POWER => {
            if y.sign() == Sign::Minus {
                return float_pow(int_to_f64(x)?, int_to_f64(y)?).map(Num::Float);
            }
            if !is_zero(x) && !is_zero(y) {
                let wbits = u64::try_from(y).ok()?;
                if x.bits() > MAX_INT_SIZE / wbits {
                    return None;
                }
            }
            x.pow(u32::try_from(y).ok()?)
        }
        NB_LSHIFT => {
            if y.sign() == Sign::Minus {
                return None;
            }
            if !is_zero(x) && !is_zero(y) {
                let w = u64::try_from(y).ok()?;
                if w > MAX_INT_SIZE || x.bits() > MAX_INT_SIZE - w {
                    return None;
                }
                x << w
            } else {
                x.clone()
            }
        }
        NB_RSHIFT => {
            if y.sign() == Sign::Minus {
                return None;
            }
            match u64::try_from(y) {
                Ok(w) if w <= x.bits() => x >> w,
                _ => BigInt::from(if x.sign() == Sign::Minus { -1 } else { 0 }),
            }
        }
        NB_AND => x & y,
        NB_OR => x | y,
        NB_XOR => x ^ y,
        _ => return None,
    };
    Some(Num::Int(r))
}

/// `const_folding_check_complexity`.
fn check_complexity(v: &ConstValue, mut limit: i64) -> i64 {
    if let ConstValue::Tuple(t) = v {
        limit -= t.len() as i64;
        for item in t {
            if limit < 0 {
                break;
            }
            limit = check_complexity(item, limit);
            if limit < 0 {
                return limit;
            }
        }
    }
    limit
}

fn as_index(v: &ConstValue) -> Option<BigInt> {
    match v {
        ConstValue::Scalar(Constant::Int(i)) => Some(i.clone()),
        ConstValue::Scalar(Constant::Bool(b)) => Some(BigInt::from(*b as u8)),
        _ => None,
    }
}

fn str_len(s: &PyStr) -> usize {
    s.code_points().count()
}

fn str_from_cps(cps: &[u32]) -> PyStr {
    let mut s = PyStr::new();
    for &c in cps {
        s.push_code_point(c);
    }
    s
}

/// `const_folding_safe_multiply` for a sequence times an int.
fn repeat(seq: &ConstValue, n: &BigInt) -> Option<ConstValue> {
    let size = match seq {
        ConstValue::Scalar(Constant::Str(s)) => str_len(s) as i64,
        ConstValue::Scalar(Constant::Bytes(b)) => b.len() as i64,
        ConstValue::Tuple(t) => t.len() as i64,
        _ => return None,
    };
    let count = i64::try_from(n).ok()?;
    if size != 0 {
        let max = if matches!(seq, ConstValue::Tuple(_)) { MAX_COLLECTION_SIZE } else { MAX_STR_SIZE };
        if count < 0 || count > max / size {
            return None;
        }
        if let ConstValue::Tuple(_) = seq {
            if count != 0 && check_complexity(seq, MAX_TOTAL_ITEMS / count) < 0 {
                return None;
            }
        }
    }
    let times = count.max(0) as usize;
    Some(match seq {
        ConstValue::Scalar(Constant::Str(s)) => {
            let mut r = PyStr::new();
            for _ in 0..times {
                r.push_pystr(s);
            }
            ConstValue::Scalar(Constant::Str(r))
        }
        ConstValue::Scalar(Constant::Bytes(b)) => ConstValue::Scalar(Constant::Bytes(b.repeat(times))),
        ConstValue::Tuple(t) => {
            let mut r = Vec::with_capacity(t.len() * times);
            for _ in 0..times {
                r.extend(t.iter().cloned());
            }
            ConstValue::Tuple(r)
        }
        _ => return None,
    })
}

/// `PySlice_Unpack` + `PySlice_AdjustIndices`: the indices a slice selects.
fn slice_indices(sl: &[ConstValue; 3], len: usize) -> Option<Vec<usize>> {
    let get = |v: &ConstValue| -> Option<Option<i64>> {
        if v.is_none() {
            return Some(None);
        }
        let i = as_index(v)?;
        Some(Some(i64::try_from(&i).unwrap_or(if i.sign() == Sign::Minus { i64::MIN } else { i64::MAX })))
    };
    let step = get(&sl[2])?.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let len = len as i64;
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x = x.saturating_add(len);
                    if x < 0 {
                        x = if step < 0 { -1 } else { 0 };
                    }
                } else if x >= len {
                    x = if step < 0 { len - 1 } else { len };
                }
                x
            }
        }
    };
    let (start, stop) = if step > 0 {
        (adjust(get(&sl[0])?, 0), adjust(get(&sl[1])?, len))
    } else {
        (adjust(get(&sl[0])?, len - 1), adjust(get(&sl[1])?, -1))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Some(out)
}

/// `PyObject_GetItem` on a str, bytes or tuple constant.
fn subscr(container: &ConstValue, key: &ConstValue) -> Option<ConstValue> {
    let items: Vec<ConstValue> = match container {
        ConstValue::Scalar(Constant::Str(s)) => {
            let cps: Vec<u32> = s.code_points().collect();
            return match key {
                ConstValue::Slice(sl) => {
                    let idx = slice_indices(sl, cps.len())?;
                    let sel: Vec<u32> = idx.iter().map(|&i| cps[i]).collect();
                    Some(ConstValue::Scalar(Constant::Str(str_from_cps(&sel))))
                }
                _ => {
                    let i = seq_index(key, cps.len())?;
                    Some(ConstValue::Scalar(Constant::Str(str_from_cps(&cps[i..=i]))))
                }
            };
        }
        ConstValue::Scalar(Constant::Bytes(b)) => {
            return match key {
                ConstValue::Slice(sl) => {
                    let idx = slice_indices(sl, b.len())?;
                    Some(ConstValue::Scalar(Constant::Bytes(idx.iter().map(|&i| b[i]).collect())))
                }
                _ => Some(ConstValue::int(b[seq_index(key, b.len())?])),
            };
        }
        ConstValue::Tuple(t) => t.clone(),
        _ => return None,
    };
    match key {
        ConstValue::Slice(sl) => {
            let idx = slice_indices(sl, items.len())?;
            Some(ConstValue::Tuple(idx.iter().map(|&i| items[i].clone()).collect()))
        }
        _ => Some(items[seq_index(key, items.len())?].clone()),
    }
}

fn seq_index(key: &ConstValue, len: usize) -> Option<usize> {
    let i = i64::try_from(&as_index(key)?).ok()?;
    let i = if i < 0 { i + len as i64 } else { i };
    (0..len as i64).contains(&i).then_some(i as usize)
}

/// `eval_const_binop`: `BINARY_OP oparg` on two constants.
pub fn eval_binop(left: &ConstValue, op: i32, right: &ConstValue) -> Option<ConstValue> {
    use ConstValue as V;
    if op == NB_SUBSCR {
        return subscr(left, right);
    }
    if let (Some(a), Some(b)) = (num(left), num(right)) {
        // bool & | ^ bool stays a bool.
        if let (V::Scalar(Constant::Bool(x)), V::Scalar(Constant::Bool(y))) = (left, right) {
            match op {
                NB_AND => return Some(V::Scalar(Constant::Bool(x & y))),
                NB_OR => return Some(V::Scalar(Constant::Bool(x | y))),
                NB_XOR => return Some(V::Scalar(Constant::Bool(x ^ y))),
                _ => {}
            }
        }
        return num_binop(a, op, b).map(from_num);
    }
    match op {
        NB_ADD => match (left, right) {
            (V::Scalar(Constant::Str(a)), V::Scalar(Constant::Str(b))) => {
                let mut s = a.clone();
                s.push_pystr(b);
                Some(V::Scalar(Constant::Str(s)))
            }
            (V::Scalar(Constant::Bytes(a)), V::Scalar(Constant::Bytes(b))) => {
                Some(V::Scalar(Constant::Bytes([a.as_slice(), b.as_slice()].concat())))
            }
            (V::Tuple(a), V::Tuple(b)) => Some(V::Tuple(a.iter().chain(b).cloned().collect())),
            _ => None,
        },
        NB_MULTIPLY => {
            if let Some(n) = as_index(left) {
                repeat(right, &n)
            } else if let Some(n) = as_index(right) {
                repeat(left, &n)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `eval_const_unaryop`: `UNARY_NEGATIVE`, `UNARY_INVERT`, `UNARY_NOT` or
/// `CALL_INTRINSIC_1 INTRINSIC_UNARY_POSITIVE` on a constant.
pub fn eval_unaryop(v: &ConstValue, opcode: u16) -> Option<ConstValue> {
    if opcode == op::UNARY_NOT {
        return Some(ConstValue::Scalar(Constant::Bool(!is_true(v))));
    }
    if opcode == op::UNARY_INVERT && matches!(v, ConstValue::Scalar(Constant::Bool(_))) {
        // `~True` warns (DeprecationWarning): left to run time, where
        // the warning machinery is (docs/quirks.md).
        return None;
    }
    let n = num(v)?;
    let r = match (opcode, n) {
        (op::UNARY_NEGATIVE, Num::Int(i)) => Num::Int(-i),
        (op::UNARY_NEGATIVE, Num::Float(f)) => Num::Float(-f),
        (op::UNARY_NEGATIVE, Num::Complex(r, i)) => Num::Complex(-r, -i),
        (op::UNARY_INVERT, Num::Int(i)) => Num::Int(-(i + BigInt::from(1))),
        (op::CALL_INTRINSIC_1, n) => n,
        _ => return None,
    };
    Some(from_num(r))
}

/// Python `==` between two constants, as a frozenset uses it to drop
/// duplicates (`1 == 1.0 == True`).
pub fn set_eq(a: &ConstValue, b: &ConstValue) -> bool {
    use ConstValue as V;
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        let as_c = |n: &Num| match n {
            Num::Int(i) => int_to_f64(i).map(|f| (f, 0.0)),
            Num::Float(f) => Some((*f, 0.0)),
            Num::Complex(r, i) => Some((*r, *i)),
        };
        return match (&x, &y) {
            (Num::Int(i), Num::Int(j)) => i == j,
            _ => match (as_c(&x), as_c(&y)) {
                (Some(p), Some(q)) => p == q,
                _ => false,
            },
        };
    }
    match (a, b) {
        (V::Tuple(x), V::Tuple(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| set_eq(p, q)),
        (V::FrozenSet(x), V::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| set_eq(p, q)))
        }
        _ => a.same_key(b),
    }
}
