//! `int`, ported from Objects/longobject.c: small ints as static immortal
//! objects (`_PyLong_SMALL_INTS`), an inline machine word when the value
//! fits (CPython's compact ints), `num_bigint` beyond; `long_add`,
//! `long_sub`, `long_mul`, `long_div`/`l_divmod` (floor division),
//! `long_mod`, `long_pow`, `long_neg`, `long_true_divide`,
//! `long_richcompare`, `long_hash`, `long_to_decimal_string` with the
//! int/str conversion limit, `PyLong_FromString`, `long_new`.

use core::cmp::Ordering as CmpOrdering;
use core::mem::MaybeUninit;

use num_bigint::{BigInt, BigUint, Sign};
use rupy_gc::object::PyObjectLike;
use rupy_gc::ObjectHeader;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::floatobject;
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, exceptions};
use crate::state::{self, pyhash};

/// Number of cached negative small ints (`_PY_NSMALLNEGINTS`).
pub const NSMALLNEGINTS: i64 = 5;
/// Number of cached non-negative small ints (`_PY_NSMALLPOSINTS` of 3.14).
pub const NSMALLPOSINTS: i64 = 1025;

/// An int's value: a machine word when it fits, a big integer otherwise
/// (never `Big` for a value that fits in `i64`).
pub enum IntValue {
    /// Fits in an `i64`.
    Small(i64),
    /// Does not fit in an `i64`.
    Big(BigInt),
}

/// An `int` (`PyLongObject`); also the layout of `bool`.
#[repr(C)]
pub struct IntObject {
    ob_base: ObjectHeader,
    value: IntValue,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for IntObject {}

impl PyClass for IntObject {
    fn type_object() -> &'static TypeObject {
        &INT_TYPE
    }
}

impl IntObject {
    /// A static immortal int of type `ty` (small ints, `True`, `False`).
    pub(crate) const fn new_static(ty: &'static TypeObject, v: i64) -> IntObject {
        IntObject { ob_base: ObjectHeader::new_static(&raw const ty.head), value: IntValue::Small(v) }
    }

    /// The value.
    pub fn value(&self) -> &IntValue {
        &self.value
    }

    /// The value as an `i64` if it fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            IntValue::Small(v) => Some(v),
            IntValue::Big(_) => None,
        }
    }

    /// The value as a big integer.
    pub fn to_bigint(&self) -> BigInt {
        match &self.value {
            IntValue::Small(v) => BigInt::from(*v),
            IntValue::Big(b) => b.clone(),
        }
    }

    /// `_PyLong_Sign`.
    pub fn sign(&self) -> i32 {
        match &self.value {
            IntValue::Small(v) => v.signum() as i32,
            IntValue::Big(b) => match b.sign() {
                Sign::Minus => -1,
                Sign::NoSign => 0,
                Sign::Plus => 1,
            },
        }
    }
}

static SMALL_INTS: [IntObject; (NSMALLNEGINTS + NSMALLPOSINTS) as usize] = {
    const N: usize = (NSMALLNEGINTS + NSMALLPOSINTS) as usize;
    let mut a = [const { MaybeUninit::<IntObject>::uninit() }; N];
    let mut i = 0;
    while i < N {
        a[i] = MaybeUninit::new(IntObject::new_static(&INT_TYPE, i as i64 - NSMALLNEGINTS));
        i += 1;
    }
    // SAFETY: every element was initialized by the loop; MaybeUninit<T>
    // has T's layout, so the arrays have the same layout.
    unsafe { core::mem::transmute::<[MaybeUninit<IntObject>; N], [IntObject; N]>(a) }
};

/// `PyLong_FromLongLong`: a small int from the cache, else a new object.
pub fn from_i64(v: i64) -> PyResult<ObjRef> {
    if (-NSMALLNEGINTS..NSMALLPOSINTS).contains(&v) {
        return Ok(object::new_ref(&SMALL_INTS[(v + NSMALLNEGINTS) as usize]));
    }
    object::new_object(IntObject { ob_base: ObjectHeader::new(&INT_TYPE.head), value: IntValue::Small(v) }).map(into_obj)
}

/// An int from a big integer, normalized to the inline form if it fits.
pub fn from_bigint(v: BigInt) -> PyResult<ObjRef> {
    match i64::try_from(&v) {
        Ok(s) => from_i64(s),
        Err(_) => {
            object::new_object(IntObject { ob_base: ObjectHeader::new(&INT_TYPE.head), value: IntValue::Big(v) })
                .map(into_obj)
        }
    }
}

/// `PyNumber_AsSsize_t` for an int: the value as an `isize`, raising
/// `err(msg)` if it does not fit.
pub fn as_index_isize(v: &IntObject, err: &TypeObject, msg: &str) -> PyResult<isize> {
    match v.value {
        IntValue::Small(s) => isize::try_from(s).map_err(|_| errors::set_string(err, msg)),
        IntValue::Big(_) => Err(errors::set_string(err, msg)),
    }
}

/// `PyLong_AsDouble`: correctly rounded, `OverflowError` if too large.
pub fn to_f64(v: &IntObject) -> PyResult<f64> {
    match &v.value {
        IntValue::Small(s) => Ok(*s as f64),
        IntValue::Big(b) => {
            let (sign, mag) = b.clone().into_parts();
            match ratio_to_f64(&mag, &BigUint::from(1u8)) {
                Some(f) => Ok(if sign == Sign::Minus { -f } else { f }),
                None => Err(errors::set_string(exceptions::overflow_error(), "int too large to convert to float")),
            }
        }
    }
}

/// `ldexp(m, e)` for a value known to be representable (exact).
fn ldexp(mut m: f64, mut e: i64) -> f64 {
    while e > 1000 {
        m *= f64::from_bits((1000 + 1023) << 52);
        e -= 1000;
    }
    while e < -1000 {
        m *= f64::from_bits((1023 - 1000) << 52);
        e += 1000;
    }
    m * f64::from_bits(((e + 1023) as u64) << 52)
}

/// The correctly rounded (half-even) double nearest to `a / b` for
/// positive `b`, or `None` on overflow (the rounding core of
/// `long_true_divide`).
pub(crate) fn ratio_to_f64(a: &BigUint, b: &BigUint) -> Option<f64> {
    if a.bits() == 0 {
        return Some(0.0);
    }
    let (na, nb) = (a.bits() as i64, b.bits() as i64);
    // Scale so the quotient has at least 55 significant bits.
    let k = 55 + nb - na;
    let (num, den) = if k >= 0 { (a << (k as u64), b.clone()) } else { (a.clone(), b << ((-k) as u64)) };
    let q = &num / &den;
    let sticky = (&num % &den).bits() != 0;
    // Bits to drop: down to 53 significant bits, or to the 2**-1074 grid
    // for subnormal results. q has at least 55 bits, so drop >= 2.
    let drop = ((q.bits() as i64) - 53).max(k - 1074) as u64;
    let mut m = &q >> drop;
    let low = &q - (&m << drop);
    let half = BigUint::from(1u8) << (drop - 1);
    if low > half || (low == half && (sticky || m.bit(0))) {
        m += 1u8;
    }
    let e = drop as i64 - k;
    if e + m.bits() as i64 > 1024 {
        return None;
    }
    let f = ldexp(u64::try_from(&m).ok()? as f64, e);
    if f.is_infinite() { None } else { Some(f) }
}

fn int_of(v: &PyObject) -> Option<&IntObject> {
    downcast::<IntObject>(v)
}

/// `long_richcompare`.
fn long_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (int_of(v), int_of(w)) else { return Ok(object::not_implemented()) };
    let ord = compare(a, b);
    Ok(boolobject::from_bool(op.test(ord, CmpOrdering::Equal)))
}

/// `long_compare`.
pub fn compare(a: &IntObject, b: &IntObject) -> CmpOrdering {
    match (&a.value, &b.value) {
        (IntValue::Small(x), IntValue::Small(y)) => x.cmp(y),
        _ => a.to_bigint().cmp(&b.to_bigint()),
    }
}

/// `long_hash`: the value modulo 2**61 - 1 with the sign kept; -1 maps
/// to -2.
pub fn hash_int(v: &IntObject) -> isize {
    let (neg, m) = match &v.value {
        IntValue::Small(s) => (*s < 0, s.unsigned_abs() % pyhash::HASH_MODULUS),
        IntValue::Big(b) => {
            let r = b.magnitude() % BigUint::from(pyhash::HASH_MODULUS);
            (b.sign() == Sign::Minus, u64::try_from(&r).unwrap_or(0))
        }
    };
    let h = if neg { -(m as i64) } else { m as i64 } as isize;
    if h == -1 { -2 } else { h }
}

fn long_hash(v: &PyObject) -> PyResult<isize> {
    int_of(v).map(hash_int).ok_or_else(errors::bad_internal_call)
}

/// `long_bool`.
fn long_bool(v: &PyObject) -> PyResult<bool> {
    Ok(int_of(v).ok_or_else(errors::bad_internal_call)?.sign() != 0)
}

/// Applies `small` (returning `None` on overflow) or `big` to two ints;
/// `NotImplemented` unless both are ints (`CHECK_BINOP`).
fn binop(
    v: &PyObject,
    w: &PyObject,
    small: fn(i64, i64) -> Option<i64>,
    big: fn(BigInt, BigInt) -> BigInt,
) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (int_of(v), int_of(w)) else { return Ok(object::not_implemented()) };
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64())
        && let Some(r) = small(x, y)
    {
        return from_i64(r);
    }
    from_bigint(big(a.to_bigint(), b.to_bigint()))
}

/// `long_add`.
fn long_add(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, i64::checked_add, |a, b| a + b)
}

/// `long_sub`.
fn long_sub(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, i64::checked_sub, |a, b| a - b)
}

/// `long_mul`.
fn long_mul(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, i64::checked_mul, |a, b| a * b)
}

/// `long_and`.
fn long_and(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, |a, b| Some(a & b), |a, b| a & b)
}

/// `long_or`.
fn long_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, |a, b| Some(a | b), |a, b| a | b)
}

/// `long_xor`.
fn long_xor(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, |a, b| Some(a ^ b), |a, b| a ^ b)
}

/// Floor division and modulo of machine words (`fast_floor_div`,
/// `fast_mod`); `None` on overflow.
fn small_divmod(x: i64, y: i64) -> Option<(i64, i64)> {
    let q = x.checked_div(y)?;
    let r = x - q * y;
    if r != 0 && ((r < 0) != (y < 0)) { Some((q - 1, r + y)) } else { Some((q, r)) }
}

/// `l_divmod`: floor division and modulo (sign of the divisor).
fn big_divmod(a: BigInt, b: BigInt) -> (BigInt, BigInt) {
    let q = &a / &b;
    let r = &a - &q * &b;
    if r.sign() != Sign::NoSign && ((r.sign() == Sign::Minus) != (b.sign() == Sign::Minus)) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

/// The two-int operands of a division, raising `ZeroDivisionError` for a
/// zero divisor.
fn div_operands<'a>(v: &'a PyObject, w: &'a PyObject) -> PyResult<Option<(&'a IntObject, &'a IntObject)>> {
    let (Some(a), Some(b)) = (int_of(v), int_of(w)) else { return Ok(None) };
    if b.sign() == 0 {
        return Err(errors::set_string(exceptions::zero_division_error(), "division by zero"));
    }
    Ok(Some((a, b)))
}

/// `long_div`: floor division.
fn long_floor_div(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some((a, b)) = div_operands(v, w)? else { return Ok(object::not_implemented()) };
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64())
        && let Some((q, _)) = small_divmod(x, y)
    {
        return from_i64(q);
    }
    from_bigint(big_divmod(a.to_bigint(), b.to_bigint()).0)
}

/// `long_mod`.
fn long_mod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some((a, b)) = div_operands(v, w)? else { return Ok(object::not_implemented()) };
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64())
        && let Some((_, r)) = small_divmod(x, y)
    {
        return from_i64(r);
    }
    from_bigint(big_divmod(a.to_bigint(), b.to_bigint()).1)
}

/// `long_true_divide`: the correctly rounded quotient.
fn long_true_divide(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some((a, b)) = div_operands(v, w)? else { return Ok(object::not_implemented()) };
    const EXACT: i64 = 1 << 53;
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64())
        && (-EXACT..=EXACT).contains(&x)
        && (-EXACT..=EXACT).contains(&y)
    {
        return floatobject::from_f64(x as f64 / y as f64);
    }
    let (sa, ma) = a.to_bigint().into_parts();
    let (sb, mb) = b.to_bigint().into_parts();
    let Some(f) = ratio_to_f64(&ma, &mb) else {
        return Err(errors::set_string(
            exceptions::overflow_error(),
            "integer division result too large for a float",
        ));
    };
    floatobject::from_f64(if (sa == Sign::Minus) != (sb == Sign::Minus) { -f } else { f })
}

/// `long_pow` (two arguments): a negative exponent gives a float.
fn long_pow(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (int_of(v), int_of(w)) else { return Ok(object::not_implemented()) };
    if b.sign() < 0 {
        if a.sign() == 0 {
            return Err(errors::set_string(exceptions::zero_division_error(), "zero to a negative power"));
        }
        return floatobject::pow_f64(to_f64(a)?, to_f64(b)?);
    }
    let base = a.to_bigint();
    if let Some(x) = a.as_i64()
        && (-1..=1).contains(&x)
    {
        let odd = match &b.value {
            IntValue::Small(e) => e & 1 == 1,
            IntValue::Big(e) => e.bit(0),
        };
        return from_i64(match x {
            0 if b.sign() == 0 => 1,
            -1 if !odd => 1,
            x => x,
        });
    }
    let Some(e) = b.as_i64().and_then(|e| u32::try_from(e).ok()) else {
        return Err(errors::no_memory());
    };
    if let Some(x) = a.as_i64()
        && let Some(r) = x.checked_pow(e)
    {
        return from_i64(r);
    }
    // The result has about bits(base) * e bits; refuse what no allocation
    // can hold (CPython's MemoryError) instead of aborting.
    if (base.bits() - 1).saturating_mul(u64::from(e)) > MAX_BITS {
        return Err(errors::no_memory());
    }
    from_bigint(base.pow(e))
}

/// The largest int, in bits, an operation may try to build (2**36 bits,
/// 8 GiB): a bigger result is a MemoryError rather than an allocation
/// failure, which would abort the process.
const MAX_BITS: u64 = 1 << 36;

/// `long_neg`.
fn long_neg(v: &PyObject) -> PyResult<ObjRef> {
    let a = int_of(v).ok_or_else(errors::bad_internal_call)?;
    match a.as_i64().and_then(i64::checked_neg) {
        Some(r) => from_i64(r),
        None => from_bigint(-a.to_bigint()),
    }
}

/// An int operand as an exact `int` (`long_long`: the value of a bool
/// or subclass instance as a plain int).
fn exact_int(a: &IntObject) -> PyResult<ObjRef> {
    match &a.value {
        IntValue::Small(s) => from_i64(*s),
        IntValue::Big(b) => from_bigint(b.clone()),
    }
}

fn self_int(v: &PyObject) -> PyResult<&IntObject> {
    int_of(v).ok_or_else(errors::bad_internal_call)
}

/// `long_long` (`nb_int`, `nb_index`, `nb_positive`, `__trunc__`, ...):
/// the value as an exact int.
fn long_long(v: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(v, &INT_TYPE) {
        return Ok(object::new_ref(v));
    }
    exact_int(self_int(v)?)
}

/// `long_abs`.
fn long_abs(v: &PyObject) -> PyResult<ObjRef> {
    let a = self_int(v)?;
    if a.sign() < 0 { long_neg(v) } else { long_long(v) }
}

/// `long_invert`: `~x == -(x+1)`.
fn long_invert(v: &PyObject) -> PyResult<ObjRef> {
    let a = self_int(v)?;
    match a.as_i64() {
        Some(x) => from_i64(!x),
        None => from_bigint(!a.to_bigint()),
    }
}

/// `long_float` (`nb_float`).
fn long_float(v: &PyObject) -> PyResult<ObjRef> {
    floatobject::from_f64(to_f64(self_int(v)?)?)
}

fn negative_shift() -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), "negative shift count")
}

/// `long_lshift`.
fn long_lshift(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (int_of(v), int_of(w)) else { return Ok(object::not_implemented()) };
    if b.sign() < 0 {
        return Err(negative_shift());
    }
    if a.sign() == 0 {
        return from_i64(0);
    }
    let Some(n) = b.as_i64().filter(|&n| n <= (isize::MAX as i64) / 8) else {
        return Err(errors::set_string(exceptions::overflow_error(), "too many digits in integer"));
    };
    if n as u64 > MAX_BITS {
        return Err(errors::no_memory());
    }
    if let Some(x) = a.as_i64()
        && n < 63
        && let Some(r) = x.checked_mul(1i64 << n)
    {
        return from_i64(r);
    }
    from_bigint(a.to_bigint() << n as usize)
}

/// `long_rshift`: floor division by a power of two.
fn long_rshift(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (int_of(v), int_of(w)) else { return Ok(object::not_implemented()) };
    if b.sign() < 0 {
        return Err(negative_shift());
    }
    let n = b.as_i64().unwrap_or(i64::MAX);
    if let Some(x) = a.as_i64() {
        return from_i64(if n >= 64 { if x < 0 { -1 } else { 0 } } else { x >> n });
    }
    let big = a.to_bigint();
    if n as u64 >= big.bits() {
        return from_i64(if big.sign() == Sign::Minus { -1 } else { 0 });
    }
    // BigInt's >> rounds toward negative infinity, as Python's.
    from_bigint(big >> n as usize)
}

/// `long_divmod`.
fn long_divmod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let Some((a, b)) = div_operands(v, w)? else { return Ok(object::not_implemented()) };
    let (q, r) = match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) if small_divmod(x, y).is_some() => {
            let (q, r) = small_divmod(x, y).unwrap_or((0, 0));
            (from_i64(q)?, from_i64(r)?)
        }
        _ => {
            let (q, r) = big_divmod(a.to_bigint(), b.to_bigint());
            (from_bigint(q)?, from_bigint(r)?)
        }
    };
    Ok(into_obj(crate::objects::tupleobject::from_slice(&[&q, &r])?))
}

/// `long_pow` with a modulus (`pow(a, b, m)` for ints): the result has
/// the modulus' sign; a negative exponent inverts the base modulo `m`.
pub fn pow_mod(a: &IntObject, b: &IntObject, m: &IntObject) -> PyResult<ObjRef> {
    let mut modulus = m.to_bigint();
    if modulus.sign() == Sign::NoSign {
        return Err(errors::set_string(exceptions::value_error(), "pow() 3rd argument cannot be 0"));
    }
    let negative_mod = modulus.sign() == Sign::Minus;
    if negative_mod {
        modulus = -modulus;
    }
    let mut base = a.to_bigint();
    let mut exp = b.to_bigint();
    if exp.sign() == Sign::Minus {
        // long_invmod: the inverse of base modulo |m|.
        let Some(inv) = invmod(&big_divmod(base.clone(), modulus.clone()).1, &modulus) else {
            return Err(errors::set_string(exceptions::value_error(), "base is not invertible for the given modulus"));
        };
        base = inv;
        exp = -exp;
    }
    let one = BigInt::from(1);
    let mut r = if modulus == one {
        BigInt::ZERO
    } else {
        let b = big_divmod(base, modulus.clone()).1;
        b.modpow(&exp, &modulus)
    };
    if negative_mod && r.sign() != Sign::NoSign {
        r -= &modulus;
    }
    from_bigint(r)
}

/// The inverse of `a` modulo `n` (`long_invmod`), if `gcd(a, n) == 1`.
fn invmod(a: &BigInt, n: &BigInt) -> Option<BigInt> {
    let (mut b, mut c) = (BigInt::from(1), BigInt::ZERO);
    let (mut a, mut n) = (a.clone(), n.clone());
    let modulus = n.clone();
    while n.sign() != Sign::NoSign {
        let (q, r) = big_divmod(a.clone(), n.clone());
        a = core::mem::replace(&mut n, r);
        let t = &b - &q * &c;
        b = core::mem::replace(&mut c, t);
    }
    if a != BigInt::from(1) {
        return None;
    }
    Some(big_divmod(b, modulus).1)
}

/// `int.bit_length()`.
fn long_bit_length(v: &PyObject) -> PyResult<ObjRef> {
    from_i64(bit_length(self_int(v)?) as i64)
}

/// The number of bits of `|a|`.
fn bit_length(a: &IntObject) -> u64 {
    match a.as_i64() {
        Some(x) => u64::from(64 - x.unsigned_abs().leading_zeros()),
        None => a.to_bigint().bits(),
    }
}

/// `int___sizeof___impl`, in the sizes of CPython's free-threaded build
/// (see `str.__sizeof__`): the header and tag
/// (`offsetof(PyLongObject, long_value.ob_digit)`), then at least one
/// 30-bit digit of 4 bytes (`int.__itemsize__`).
fn long_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let digits = bit_length(self_int(v)?).div_ceil(30).max(1);
    from_i64(40 + 4 * digits as i64)
}

/// `int.bit_count()`: the number of ones in the absolute value.
fn long_bit_count(v: &PyObject) -> PyResult<ObjRef> {
    let a = self_int(v)?;
    from_i64(match a.as_i64() {
        Some(x) => i64::from(x.unsigned_abs().count_ones()),
        None => a.to_bigint().magnitude().count_ones() as i64,
    })
}

/// Parses `(positional..., keywords)` for a method taking `names` with
/// the ones from `kwonly` on keyword-only.
fn method_args(
    fname: &str,
    args: &[ObjRef],
    kwds: Option<&DictObject>,
    names: &[&str],
    kwonly: usize,
) -> PyResult<Vec<Option<ObjRef>>> {
    if args.len() > kwonly {
        let given = args.len() + kwds.map_or(0, DictObject::len);
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname}() takes at most {kwonly} positional argument{} ({given} given)", if kwonly == 1 { "" } else { "s" }),
        ));
    }
    let mut out: Vec<Option<ObjRef>> = names.iter().enumerate().map(|(i, _)| args.get(i).cloned()).collect();
    if let Some(k) = kwds {
        for (key, val) in k.items() {
            let name = object::str_lossy(&key);
            match names.iter().position(|n| *n == name) {
                Some(i) if out[i].is_some() => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("argument for {fname}() given by name ('{name}') and position ({})", i + 1),
                    ));
                }
                Some(i) => out[i] = Some(val),
                None => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("{fname}() got an unexpected keyword argument '{name}'"),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// The `byteorder` argument: `true` for little-endian.
fn byteorder_arg(fname: &str, v: Option<&ObjRef>) -> PyResult<bool> {
    let Some(v) = v else { return Ok(false) };
    let Some(s) = downcast::<StrObject>(v) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname}() argument 'byteorder' must be str, not {}", type_of(v).name()),
        ));
    };
    match s.to_string_lossy().as_str() {
        "little" => Ok(true),
        "big" => Ok(false),
        _ => Err(errors::set_string(exceptions::value_error(), "byteorder must be either 'little' or 'big'")),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn long_to_bytes(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = method_args("to_bytes", args, kwds, &["length", "byteorder", "signed"], 2)?;
    let length = match &a[0] {
        Some(l) => crate::objects::r#abstract::as_ssize(l, Some(exceptions::overflow_error()))?,
        None => 1,
    };
    if length < 0 {
        return Err(errors::set_string(exceptions::value_error(), "length argument must be non-negative"));
    }
    if length as u64 > MAX_BITS / 8 {
        return Err(errors::no_memory());
    }
    let little = byteorder_arg("to_bytes", a[1].as_ref())?;
    let signed = match &a[2] {
        Some(s) => object::is_true(s)?,
        None => false,
    };
    let val = self_int(v)?.to_bigint();
    if !signed && val.sign() == Sign::Minus {
        return Err(errors::set_string(exceptions::overflow_error(), "can't convert negative int to unsigned"));
    }
    let mut bytes = if signed { val.to_signed_bytes_le() } else { val.to_bytes_le().1 };
    if val.sign() == Sign::NoSign {
        bytes.clear();
    }
    // Drop redundant sign bytes to_signed_bytes_le may keep.
    let too_big = || errors::set_string(exceptions::overflow_error(), "int too big to convert");
    if bytes.len() > length as usize {
        return Err(too_big());
    }
    let fill = if signed && val.sign() == Sign::Minus { 0xff } else { 0 };
    bytes.resize(length as usize, fill);
    if !little {
        bytes.reverse();
    }
    Ok(into_obj(crate::objects::bytesobject::from_bytes(&bytes)?))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn long_from_bytes(cls: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = method_args("from_bytes", args, kwds, &["bytes", "byteorder", "signed"], 2)?;
    let Some(src) = &a[0] else {
        return Err(errors::set_string(exceptions::type_error(), "from_bytes() missing required argument 'bytes' (pos 1)"));
    };
    let little = byteorder_arg("from_bytes", a[1].as_ref())?;
    let signed = match &a[2] {
        Some(s) => object::is_true(s)?,
        None => false,
    };
    let mut data: Vec<u8> = if let Some(b) = downcast::<crate::objects::bytesobject::BytesObject>(src) {
        b.as_bytes().to_vec()
    } else if downcast::<StrObject>(src).is_some() || downcast::<IntObject>(src).is_some() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("cannot convert '{}' object to bytes", type_of(src).name()),
        ));
    } else {
        let mut out = Vec::new();
        for item in crate::objects::r#abstract::collect(src)? {
            let n = crate::objects::r#abstract::as_ssize(&item, None)?;
            let Ok(byte) = u8::try_from(n) else {
                return Err(errors::set_string(exceptions::value_error(), "bytes must be in range(0, 256)"));
            };
            out.push(byte);
        }
        out
    };
    if !little {
        data.reverse();
    }
    let val = if signed { BigInt::from_signed_bytes_le(&data) } else { BigInt::from_bytes_le(Sign::Plus, &data) };
    let r = from_bigint(val)?;
    if object::is(cls, object::as_obj(&INT_TYPE)) {
        return Ok(r);
    }
    object::call(cls, &[&r])
}

/// `int.as_integer_ratio()`.
fn long_as_integer_ratio(v: &PyObject) -> PyResult<ObjRef> {
    let n = long_long(v)?;
    let one = from_i64(1)?;
    Ok(into_obj(crate::objects::tupleobject::from_slice(&[&n, &one])?))
}

fn long_is_integer(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(true))
}

fn long_get_zero(_v: &PyObject) -> PyResult<ObjRef> {
    from_i64(0)
}

fn long_get_one(_v: &PyObject) -> PyResult<ObjRef> {
    from_i64(1)
}

fn long_getnewargs(v: &PyObject) -> PyResult<ObjRef> {
    let n = long_long(v)?;
    Ok(into_obj(crate::objects::tupleobject::from_slice(&[&n])?))
}

/// `int.__round__(ndigits=None)` (`_PyLong_Round`): a negative `ndigits`
/// rounds to a multiple of `10**-ndigits`, ties to even.
fn long_round(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() > 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__round__ expected at most 1 argument, got {}", args.len()),
        ));
    }
    let a = self_int(v)?;
    let Some(nd) = args.first().filter(|o| !object::is_none(o)) else { return exact_int(a) };
    let nd = crate::objects::r#abstract::index(nd)?;
    let nd = int_of(&nd).ok_or_else(errors::bad_internal_call)?;
    if nd.sign() >= 0 {
        return exact_int(a);
    }
    // |a| < 10**n / 2 once 10**n has more digits than a: the result is 0.
    let digits = a.to_bigint().bits() * 30103 / 100_000 + 2;
    let Some(n) = nd.as_i64().and_then(|n| n.checked_neg()).and_then(|n| u32::try_from(n).ok()).filter(|&n| u64::from(n) <= digits) else {
        return from_i64(0);
    };
    let pow10 = BigInt::from(10).pow(n);
    let (q, r) = big_divmod(a.to_bigint(), pow10.clone());
    let twice: BigInt = &r * 2;
    let up = match twice.cmp(&pow10) {
        CmpOrdering::Greater => true,
        CmpOrdering::Equal => q.bit(0),
        CmpOrdering::Less => false,
    };
    let base = a.to_bigint() - r;
    from_bigint(if up { base + pow10 } else { base })
}

static INT_METHODS: [MethodDef; 14] = [
    MethodDef { ml_name: "conjugate", ml_meth: MethodFn::NoArgs(long_long), ml_doc: Some("conjugate($self, /)\n--\n\nReturns self, the complex conjugate of any int.") },
    MethodDef { ml_name: "bit_length", ml_meth: MethodFn::NoArgs(long_bit_length), ml_doc: Some("bit_length($self, /)\n--\n\nNumber of bits necessary to represent self in binary.\n\n>>> bin(37)\n'0b100101'\n>>> (37).bit_length()\n6") },
    MethodDef { ml_name: "bit_count", ml_meth: MethodFn::NoArgs(long_bit_count), ml_doc: Some("bit_count($self, /)\n--\n\nNumber of ones in the binary representation of the absolute value of self.\n\nAlso known as the population count.\n\n>>> bin(13)\n'0b1101'\n>>> (13).bit_count()\n3") },
    MethodDef { ml_name: "to_bytes", ml_meth: MethodFn::FastCallKw(long_to_bytes), ml_doc: Some("to_bytes($self, /, length=1, byteorder='big', *, signed=False)\n--\n\nReturn an array of bytes representing an integer.\n\n  length\n    Length of bytes object to use.  An OverflowError is raised if\n    the integer is not representable with the given number of bytes.\n    Default is length 1.\n  byteorder\n    The byte order used to represent the integer.  If byteorder is\n    'big', the most significant byte is at the beginning of the byte\n    array.  If byteorder is 'little', the most significant byte is at\n    the end of the byte array.  To request the native byte order of\n    the host system, use sys.byteorder as the byte order value.\n    Default is to use 'big'.\n  signed\n    Determines whether two's complement is used to represent the\n    integer.  If signed is False and a negative integer is given,\n    an OverflowError is raised.") },
    MethodDef { ml_name: "from_bytes", ml_meth: MethodFn::ClassKw(long_from_bytes), ml_doc: Some("from_bytes($type, /, bytes, byteorder='big', *, signed=False)\n--\n\nReturn the integer represented by the given array of bytes.\n\n  bytes\n    Holds the array of bytes to convert.  The argument must either\n    support the buffer protocol or be an iterable object producing\n    bytes.  Bytes and bytearray are examples of built-in objects that\n    support the buffer protocol.\n  byteorder\n    The byte order used to represent the integer.  If byteorder is\n    'big', the most significant byte is at the beginning of the byte\n    array.  If byteorder is 'little', the most significant byte is at\n    the end of the byte array.  To request the native byte order of\n    the host system, use sys.byteorder as the byte order value.\n    Default is to use 'big'.\n  signed\n    Indicates whether two's complement is used to represent the\n    integer.") },
    MethodDef { ml_name: "as_integer_ratio", ml_meth: MethodFn::NoArgs(long_as_integer_ratio), ml_doc: Some("as_integer_ratio($self, /)\n--\n\nReturn a pair of integers, whose ratio is equal to the original int.\n\nThe ratio is in lowest terms and has a positive denominator.\n\n>>> (10).as_integer_ratio()\n(10, 1)\n>>> (-10).as_integer_ratio()\n(-10, 1)\n>>> (0).as_integer_ratio()\n(0, 1)") },
    MethodDef { ml_name: "is_integer", ml_meth: MethodFn::NoArgs(long_is_integer), ml_doc: Some("is_integer($self, /)\n--\n\nReturns True. Exists for duck type compatibility with float.is_integer.") },
    MethodDef { ml_name: "__trunc__", ml_meth: MethodFn::NoArgs(long_long), ml_doc: Some("__trunc__($self, /)\n--\n\nTruncating an Integral returns itself.") },
    MethodDef { ml_name: "__floor__", ml_meth: MethodFn::NoArgs(long_long), ml_doc: Some("__floor__($self, /)\n--\n\nFlooring an Integral returns itself.") },
    MethodDef { ml_name: "__ceil__", ml_meth: MethodFn::NoArgs(long_long), ml_doc: Some("__ceil__($self, /)\n--\n\nCeiling of an Integral returns itself.") },
    MethodDef { ml_name: "__round__", ml_meth: MethodFn::FastCall(long_round), ml_doc: Some("__round__($self, ndigits=None, /)\n--\n\nRounding an Integral returns itself.\n\nRounding with an ndigits argument also returns an integer.") },
    MethodDef { ml_name: "__getnewargs__", ml_meth: MethodFn::NoArgs(long_getnewargs), ml_doc: Some("__getnewargs__($self, /)\n--\n\n") },
    crate::objects::formatter_unicode::INT_FORMAT_METHOD,
    MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(long_sizeof), ml_doc: Some("__sizeof__($self, /)\n--\n\nReturns size in memory, in bytes.") },
];

static INT_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "real", get: long_long, set: None, doc: Some("the real part of a complex number") },
    GetSetDef { name: "imag", get: long_get_zero, set: None, doc: Some("the imaginary part of a complex number") },
    GetSetDef { name: "numerator", get: long_long, set: None, doc: Some("the numerator of a rational number in lowest terms") },
    GetSetDef { name: "denominator", get: long_get_one, set: None, doc: Some("the denominator of a rational number in lowest terms") },
];

/// `PyNumber_ToBase` text: `0b`/`0o`/`0x` and the digits, with a sign.
pub fn to_base_string(v: &IntObject, base: u32) -> String {
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        _ => "0x",
    };
    let b = v.to_bigint();
    let digits = b.magnitude().to_str_radix(base);
    if b.sign() == Sign::Minus { format!("-{prefix}{digits}") } else { format!("{prefix}{digits}") }
}

/// The `ValueError` of the int/str conversion limit for output.
fn limit_error(limit: isize) -> errors::ErrSet {
    errors::set_string(
        exceptions::value_error(),
        &format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        ),
    )
}

/// `long_to_decimal_string`, with the `sys.int_info.str_digits_check_threshold`
/// limit (`sys.get_int_max_str_digits()`).
pub fn to_decimal_string(v: &IntObject) -> PyResult<String> {
    match &v.value {
        IntValue::Small(s) => Ok(s.to_string()),
        IntValue::Big(b) => {
            let limit = state::interp().int_max_str_digits();
            // Cheap pre-check: more than ~limit * log2(10) bits is over.
            if limit > 0 && b.bits() > (limit as u64) * 3322 / 1000 + 64 {
                return Err(limit_error(limit));
            }
            let s = b.to_string();
            let digits = s.len() - usize::from(b.sign() == Sign::Minus);
            if limit > 0 && digits > limit as usize {
                return Err(limit_error(limit));
            }
            Ok(s)
        }
    }
}

/// `long_to_decimal_string` as the `tp_repr` slot.
fn long_repr(v: &PyObject) -> PyResult<ObjRef> {
    let a = int_of(v).ok_or_else(errors::bad_internal_call)?;
    unicodeobject::from_string(to_decimal_string(a)?).map(into_obj)
}

/// Why a text is not an int literal.
enum ParseError {
    /// Malformed: `invalid literal for int()`.
    Invalid,
    /// Over the int/str conversion limit: the number of digits.
    Limit(usize),
}

/// The core of `PyLong_FromString`: optional whitespace and sign, a
/// `0x`/`0o`/`0b` prefix for base 0 or the matching base, single
/// underscores between digits, and the conversion limit for bases that
/// are not powers of two. `base` is 0 or 2..=36.
fn parse_int_text(text: &str, base: u32) -> Result<BigInt, ParseError> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.get(..2).unwrap_or(t).to_ascii_lowercase();
    let mut b = base;
    let mut digits = t;
    let mut had_prefix = false;
    for (p, pb) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if lower.starts_with(p) && (base == 0 || base == pb) {
            b = pb;
            digits = &t[2..];
            had_prefix = true;
        }
    }
    if b == 0 {
        b = 10;
        // Base 0 forbids leading zeros in a nonzero decimal literal.
        let d = t.trim_start_matches(['0', '_']);
        if t.starts_with('0') && !d.is_empty() {
            return Err(ParseError::Invalid);
        }
    }
    let digits = if had_prefix { digits.strip_prefix('_').unwrap_or(digits) } else { digits };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(ParseError::Invalid);
    }
    // Counted in place: a text over the limit fails without a copy.
    let mut ndigits = 0usize;
    for &c in digits.as_bytes() {
        if c != b'_' {
            if char::from(c).to_digit(b).is_none() || !c.is_ascii() {
                return Err(ParseError::Invalid);
            }
            ndigits += 1;
        }
    }
    let limit = state::interp().int_max_str_digits();
    if !b.is_power_of_two() && limit > 0 && ndigits > limit as usize {
        return Err(ParseError::Limit(ndigits));
    }
    let mag = if ndigits == digits.len() {
        BigInt::parse_bytes(digits.as_bytes(), b)
    } else {
        let clean: Vec<u8> = digits.bytes().filter(|&c| c != b'_').collect();
        BigInt::parse_bytes(&clean, b)
    };
    let Some(mag) = mag else { return Err(ParseError::Invalid) };
    Ok(if neg { -mag } else { mag })
}

/// Raises the error of a failed [`parse_int_text`]; `repr` is the
/// argument's repr.
fn parse_error(e: ParseError, base: u32, repr: impl FnOnce() -> String) -> errors::ErrSet {
    match e {
        ParseError::Invalid => {
            let mut r = repr();
            if r.chars().count() > 200 {
                r = r.chars().take(200).collect();
            }
            errors::set_string(exceptions::value_error(), &format!("invalid literal for int() with base {base}: {r}"))
        }
        ParseError::Limit(n) => {
            let limit = state::interp().int_max_str_digits();
            errors::set_string(
                exceptions::value_error(),
                &format!(
                    "Exceeds the limit ({limit} digits) for integer string conversion: value has {n} digits; use sys.set_int_max_str_digits() to increase the limit"
                ),
            )
        }
    }
}

/// `PyLong_FromUnicodeObject`: Unicode decimal digits and whitespace
/// count as their ASCII forms.
pub fn from_str_base(text: &StrObject, base: u32) -> PyResult<ObjRef> {
    let ascii = if text.is_ascii() { core::str::from_utf8(text.bytes()).ok() } else { None };
    let parsed = match ascii {
        Some(t) => parse_int_text(t, base),
        None => match floatobject::ascii_number_text(text) {
            Some(t) => parse_int_text(&t, base),
            None => Err(ParseError::Invalid),
        },
    };
    match parsed {
        Ok(v) => from_bigint(v),
        Err(e) => Err(parse_error(e, base, || unicodeobject::repr_string(text))),
    }
}

/// `_PyLong_FromBytes`.
fn from_bytes_base(data: &[u8], base: u32) -> PyResult<ObjRef> {
    let parsed = match core::str::from_utf8(data) {
        Ok(t) if t.is_ascii() => parse_int_text(t, base),
        _ => Err(ParseError::Invalid),
    };
    match parsed {
        Ok(v) => from_bigint(v),
        Err(e) => Err(parse_error(e, base, || crate::objects::bytesobject::repr_bytes(data))),
    }
}

/// `PyNumber_Long`: `int(x)`.
pub fn number_long(x: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(x, &INT_TYPE) {
        return Ok(object::new_ref(x));
    }
    let slots = &type_of(x).slots;
    if let Some(f) = slots.nb_int.get() {
        let r = f(x)?;
        if object::is_type(&r, &INT_TYPE) {
            return Ok(r);
        }
        let Some(i) = int_of(&r) else {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{}.__int__ returned non-int (type {})", type_of(x).name(), type_of(&r).name()),
            ));
        };
        errors::warn(
            exceptions::deprecation_warning(),
            &format!(
                "__int__ returned non-int (type {}).  The ability to return an instance of a strict subclass of int is deprecated, and may be removed in a future version of Python.",
                type_of(&r).name()
            ),
            1,
        )?;
        return exact_int(i);
    }
    if slots.nb_index.get().is_some() {
        return crate::objects::r#abstract::index_exact(x);
    }
    if let Some(s) = downcast::<StrObject>(x) {
        return from_str_base(s, 10);
    }
    if let Some(b) = crate::objects::bytesobject::bytes_like(x) {
        return from_bytes_base(&b, 10);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            type_of(x).name()
        ),
    ))
}

/// `long_new_impl`: `int(x=0, /, base=10)`.
fn long_value_new(args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = args.as_slice();
    if a.len() > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("int() takes at most 2 arguments ({} given)", a.len()),
        ));
    }
    let mut base = a.get(1).cloned();
    if let Some(k) = kwds {
        for (key, v) in k.items() {
            let name = object::str_lossy(&key);
            if name != "base" {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("int() got an unexpected keyword argument '{name}'"),
                ));
            }
            if base.is_some() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    "argument for int() given by name ('base') and position (2)",
                ));
            }
            base = Some(v);
        }
    }
    let Some(x) = a.first() else {
        if base.is_some() {
            return Err(errors::set_string(exceptions::type_error(), "int() missing string argument"));
        }
        return from_i64(0);
    };
    let Some(base) = base else { return number_long(x) };
    let b = crate::objects::r#abstract::as_ssize(&base, None)?;
    if b != 0 && !(2..=36).contains(&b) {
        return Err(errors::set_string(exceptions::value_error(), "int() base must be >= 2 and <= 36, or 0"));
    }
    if let Some(s) = downcast::<StrObject>(x) {
        return from_str_base(s, b as u32);
    }
    if let Some(bs) = downcast::<crate::objects::bytesobject::BytesObject>(x) {
        return from_bytes_base(bs.as_bytes(), b as u32);
    }
    if let Some(ba) = downcast::<crate::objects::bytearrayobject::ByteArrayObject>(x) {
        return from_bytes_base(&ba.to_vec(), b as u32);
    }
    Err(errors::set_string(exceptions::type_error(), "int() can't convert non-string with explicit base"))
}

/// `long_new` (with `long_subtype_new` for a subclass).
fn long_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let v = long_value_new(args, kwds)?;
    if core::ptr::eq(ty, &INT_TYPE) {
        return Ok(v);
    }
    let value = match &int_of(&v).ok_or_else(errors::bad_internal_call)?.value {
        IntValue::Small(s) => IntValue::Small(*s),
        IntValue::Big(b) => IntValue::Big(b.clone()),
    };
    // SAFETY: a subclass of int has IntObject's layout first. The value
    // field is written below before anything reads or drops it, so its
    // zeroed bytes are never used as an IntValue.
    let obj = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<IntObject>(ty) }?;
    // SAFETY: the object is fresh and unshared; `write` initializes the
    // field without dropping the zeroed bytes.
    unsafe { core::ptr::addr_of_mut!((*obj.as_ptr().as_ptr()).value).write(value) };
    Ok(into_obj(obj))
}

/// `int` (`PyLong_Type`).
pub static INT_TYPE: TypeObject = TypeObject::new_static(
    "int",
    size_of::<IntObject>(),
    object::dealloc_simple::<IntObject>,
    TypeSlots {
        tp_repr: Some(long_repr),
        tp_hash: Some(long_hash),
        tp_richcompare: Some(long_richcompare),
        tp_new: Some(long_new),
        nb_add: Some(long_add),
        nb_subtract: Some(long_sub),
        nb_multiply: Some(long_mul),
        nb_remainder: Some(long_mod),
        nb_power: Some(long_pow),
        nb_negative: Some(long_neg),
        nb_bool: Some(long_bool),
        nb_and: Some(long_and),
        nb_xor: Some(long_xor),
        nb_or: Some(long_or),
        nb_floor_divide: Some(long_floor_div),
        nb_true_divide: Some(long_true_divide),
        nb_divmod: Some(long_divmod),
        nb_positive: Some(long_long),
        nb_absolute: Some(long_abs),
        nb_invert: Some(long_invert),
        nb_lshift: Some(long_lshift),
        nb_rshift: Some(long_rshift),
        nb_int: Some(long_long),
        nb_float: Some(long_float),
        nb_index: Some(long_long),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&INT_METHODS)
.with_getset(&INT_GETSET)
.with_flags(flags::BASETYPE | flags::LONG_SUBCLASS)
// CPython's digit size: its ints have variable size, so subclasses can
// add no `__slots__` and have no weak references. rupy's `IntObject` is
// fixed, so no allocation uses it.
.with_itemsize(4)
.with_doc("int([x]) -> integer\nint(x, base=10) -> integer\n\nConvert a number or string to an integer, or return 0 if no arguments\nare given.  If x is a number, return x.__int__().  For floating-point\nnumbers, this truncates towards zero.\n\nIf x is not a number or if base is given, then x must be a string,\nbytes, or bytearray instance representing an integer literal in the\ngiven base.  The literal can be preceded by '+' or '-' and be surrounded\nby whitespace.  The base defaults to 10.  Valid bases are 0 and 2-36.\nBase 0 means to interpret the base from the string as an integer\niteral.\n>>> int('0b100', base=0)\n4");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::r#abstract as ab;

    fn int(v: i64) -> ObjRef {
        from_i64(v).unwrap()
    }

    fn big(s: &str) -> ObjRef {
        from_bigint(s.parse().unwrap()).unwrap()
    }

    fn repr(v: &PyObject) -> String {
        object::repr(v).unwrap().to_string_lossy()
    }

    #[test]
    fn small_ints_are_cached_and_immortal() {
        state::ensure();
        assert!(object::is(&int(-5), &int(-5)));
        assert!(object::is(&int(1024), &int(1024)));
        assert!(int(1024).is_immortal());
        assert!(!int(1025).is_immortal());
        assert!(!object::is(&int(1025), &int(1025)));
        assert!(!int(-6).is_immortal());
    }

    #[test]
    fn arithmetic_matches_cpython() {
        state::ensure();
        assert_eq!(repr(&ab::floor_divide(&int(-7), &int(2)).unwrap()), "-4");
        assert_eq!(repr(&ab::remainder(&int(-7), &int(2)).unwrap()), "1");
        assert_eq!(repr(&ab::remainder(&int(7), &int(-2)).unwrap()), "-1");
        assert_eq!(repr(&ab::power(&int(2), &int(100)).unwrap()), "1267650600228229401496703205376");
        assert_eq!(repr(&ab::power(&int(2), &int(-1)).unwrap()), "0.5");
        let p = ab::power(&int(3), &int(40)).unwrap();
        assert_eq!(repr(&ab::floor_divide(&p, &int(-7)).unwrap()), "-1736809351293846972");
        assert_eq!(repr(&ab::add(&int(i64::MAX), &int(1)).unwrap()), "9223372036854775808");
        assert_eq!(repr(&ab::negative(&int(i64::MIN)).unwrap()), "9223372036854775808");
        assert_eq!(repr(&ab::floor_divide(&int(i64::MIN), &int(-1)).unwrap()), "9223372036854775808");
        assert_eq!(repr(&ab::multiply(&big("-123456789012345678901234567890"), &int(3)).unwrap()), "-370370367037037036703703703670");
        assert_eq!(repr(&ab::true_divide(&int(1), &int(3)).unwrap()), "0.3333333333333333");
        let p10 = |n: i64| ab::power(&int(10), &int(n)).unwrap();
        let cases = [
            (p10(23), int(3), "3.333333333333333e+22"),
            (int(1), ab::multiply(&int(3), &p10(33)).unwrap(), "3.3333333333333334e-34"),
            (ab::power(&int(2), &int(1100)).unwrap(), ab::power(&int(3), &int(600)).unwrap(), "7.24840412057269e+44"),
            (ab::add(&ab::power(&int(2), &int(64)).unwrap(), &int(1)).unwrap(), int(3), "6.148914691236517e+18"),
            (int(5), p10(330), "0.0"),
            (p10(310), ab::multiply(&int(3), &p10(10)).unwrap(), "3.3333333333333335e+299"),
            (ab::negative(&p10(30)).unwrap(), int(7), "-1.4285714285714285e+29"),
            (int(1), ab::multiply(&int(3), &p10(320)).unwrap(), "3.335e-321"),
        ];
        for (a, b, want) in cases {
            assert_eq!(repr(&ab::true_divide(&a, &b).unwrap()), want);
        }
        assert!(ab::true_divide(&p10(320), &ab::multiply(&int(3), &p10(10)).unwrap()).is_err());
        assert_eq!(errors::take_message().unwrap(), "OverflowError: integer division result too large for a float");
        for (op, name) in [(ab::floor_divide as fn(&PyObject, &PyObject) -> PyResult<ObjRef>, "//"), (ab::remainder, "%"), (ab::true_divide, "/")] {
            assert!(op(&int(1), &int(0)).is_err(), "{name}");
            assert_eq!(errors::take_message().unwrap(), "ZeroDivisionError: division by zero");
        }
        assert!(ab::power(&int(0), &int(-1)).is_err());
        assert_eq!(errors::take_message().unwrap(), "ZeroDivisionError: zero to a negative power");
        assert!(object::rich_compare_bool(&big("99999999999999999999"), &int(5), CompareOp::Gt).unwrap());
    }

    #[test]
    fn hash_matches_cpython() {
        state::ensure();
        assert_eq!(object::hash(&int(-1)).unwrap(), -2);
        assert_eq!(object::hash(&int(-2)).unwrap(), -2);
        assert_eq!(object::hash(&big("-2305843009213693951")).unwrap(), 0);
        assert_eq!(object::hash(&big("2305843009213693952")).unwrap(), 1);
        assert_eq!(object::hash(&big("-18446744073709551616")).unwrap(), -8);
        assert_eq!(object::hash(&int(12345)).unwrap(), 12345);
    }

    #[test]
    fn str_conversion_and_limit() {
        state::ensure();
        let s = |t: &str| unicodeobject::from_str(t).unwrap();
        assert_eq!(repr(&from_str_base(&s("  1_000 "), 10).unwrap()), "1000");
        assert_eq!(repr(&from_str_base(&s("0x1f"), 0).unwrap()), "31");
        assert_eq!(repr(&from_str_base(&s("-0b101"), 0).unwrap()), "-5");
        assert!(from_str_base(&s("12a"), 10).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: invalid literal for int() with base 10: '12a'");
        assert!(from_str_base(&s("010"), 0).is_err());
        errors::clear();
        assert!(from_str_base(&s("1__0"), 10).is_err());
        errors::clear();
        assert!(from_str_base(&s(&"1".repeat(5000)), 10).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit"
        );
        let huge = ab::power(&int(10), &int(5000)).unwrap();
        assert!(object::repr(&huge).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        );
        let ok = ab::power(&int(10), &int(4299)).unwrap();
        assert_eq!(repr(&ok).len(), 4300);
        assert_eq!(repr(&from_str_base(&s(&"7".repeat(4300)), 10).unwrap()).len(), 4300);
    }

    #[test]
    fn shifts_and_bits() {
        state::ensure();
        assert_eq!(repr(&ab::lshift(&int(1), &int(100)).unwrap()), "1267650600228229401496703205376");
        assert_eq!(repr(&ab::rshift(&ab::negative(&ab::lshift(&int(1), &int(64)).unwrap()).unwrap(), &int(70)).unwrap()), "-1");
        assert_eq!(repr(&ab::rshift(&int(-7), &int(1)).unwrap()), "-4");
        assert_eq!(repr(&ab::rshift(&int(5), &big("1180591620717411303424")).unwrap()), "0");
        assert!(ab::lshift(&int(1), &int(-1)).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: negative shift count");
        assert!(ab::lshift(&int(1), &big("1180591620717411303424")).is_err());
        assert_eq!(errors::take_message().unwrap(), "OverflowError: too many digits in integer");
        assert_eq!(repr(&ab::lshift(&int(0), &big("1180591620717411303424")).unwrap()), "0");
        let v = |o: &ObjRef| int_of(o).unwrap().to_bigint();
        assert_eq!(to_base_string(int_of(&int(-255)).unwrap(), 16), "-0xff");
        assert_eq!(to_base_string(int_of(&int(0)).unwrap(), 2), "0b0");
        assert_eq!(v(&long_bit_length(&big("-1180591620717411303425")).unwrap()), BigInt::from(71));
        assert_eq!(v(&long_bit_count(&int(-10)).unwrap()), BigInt::from(2));
        assert_eq!(v(&long_invert(&int(5)).unwrap()), BigInt::from(-6));
    }

    #[test]
    fn modular_pow() {
        state::ensure();
        let pm = |a: i64, b: &str, m: i64| {
            let (a, b, m) = (int(a), big(b), int(m));
            pow_mod(int_of(&a).unwrap(), int_of(&b).unwrap(), int_of(&m).unwrap()).map(|r| repr(&r))
        };
        assert_eq!(pm(2, "100000000000000000000", 1000).unwrap(), "376");
        assert_eq!(pm(3, "4", -5).unwrap(), "-4");
        assert_eq!(pm(-3, "3", 5).unwrap(), "3");
        assert_eq!(pm(3, "-2", 7).unwrap(), "4");
        assert_eq!(pm(5, "3", 1).unwrap(), "0");
        assert!(pm(2, "-1", 4).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: base is not invertible for the given modulus");
        assert!(pm(2, "3", 0).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: pow() 3rd argument cannot be 0");
        assert_eq!(invmod(&BigInt::from(3), &BigInt::from(7)), Some(BigInt::from(5)));
        assert_eq!(invmod(&BigInt::from(2), &BigInt::from(4)), None);
    }

    #[test]
    fn text_parsing() {
        state::ensure();
        let ok = |t: &str, b: u32| parse_int_text(t, b).ok().map(|v| v.to_string());
        assert_eq!(ok("  -0x_1f  ", 16).as_deref(), Some("-31"));
        assert_eq!(ok("0_0", 0).as_deref(), Some("0"));
        assert_eq!(ok("1_000", 0).as_deref(), Some("1000"));
        assert_eq!(ok("z", 36).as_deref(), Some("35"));
        assert_eq!(ok("010", 0), None);
        assert_eq!(ok("0x", 16), None);
        assert_eq!(ok("+ 5", 10), None);
        assert!(from_bytes_base(b"1x", 10).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: invalid literal for int() with base 10: b'1x'");
    }
}