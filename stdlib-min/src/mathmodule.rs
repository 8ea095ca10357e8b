//! The `math` module, ported from Modules/mathmodule.c: libm functions
//! wrapped with CPython's domain and range checks and 3.14's error
//! messages (`math_1`, `math_2`, `is_error`), and the integer functions
//! (`factorial`, `comb`, `perm`, `isqrt`, `gcd`, `lcm`) on big ints.
//! `fsum` is Shewchuk's exact summation as CPython's `math_fsum`.
//!
//! `acosh`, `asinh`, `atanh`, `erf` and `erfc` come from CORE-MATH (the
//! `core-math` crate): the C library CPython calls for them (glibc 2.43)
//! rounds them correctly, so correctly rounded results give the same
//! values on any host, whatever its own libm.

use num_bigint::{BigInt, Sign};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::floatobject::{self, FloatObject};
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn domain() -> errors::ErrSet {
    value_error("math domain error")
}

fn range() -> errors::ErrSet {
    errors::set_string(exceptions::overflow_error(), "math range error")
}

/// `PyFloat_AsDouble` with its "must be real number" error.
pub(crate) fn real(v: &PyObject) -> PyResult<f64> {
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(f.value());
    }
    if let Some(i) = downcast::<IntObject>(v) {
        return longobject::to_f64(i);
    }
    let s = &type_of(v).slots;
    if s.nb_float.get().is_some() || s.nb_index.get().is_some() {
        return floatobject::number_float(v);
    }
    Err(type_error(&format!("must be real number, not {}", type_of(v).name())))
}

fn float(v: f64) -> PyResult<ObjRef> {
    floatobject::from_f64(v)
}

/// `PyOS_double_to_string(x, 'r')` for the messages.
fn repr_f(x: f64) -> PyResult<String> {
    Ok(object::repr(&*float(x)?)?.to_string_lossy())
}

fn one<'a>(name: &str, a: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("math.{name}() takes no keyword arguments")));
    }
    match a {
        [x] => Ok(*x),
        _ => Err(type_error(&format!("math.{name}() takes exactly one argument ({} given)", a.len()))),
    }
}

fn two<'a>(name: &str, a: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<(&'a PyObject, &'a PyObject)> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("math.{name}() takes no keyword arguments")));
    }
    match a {
        [x, y] => Ok((*x, *y)),
        _ => Err(type_error(&format!("{name} expected 2 arguments, got {}", a.len()))),
    }
}

/// `math_1`: `f(x)` with CPython's checks; `msg` (with `{}` for the
/// argument's repr) replaces "math domain error" for this function.
fn math_1(x: f64, f: fn(f64) -> f64, can_overflow: bool, msg: Option<&str>) -> PyResult<ObjRef> {
    let r = f(x);
    let bad_domain = (r.is_nan() && !x.is_nan()) || (r.is_infinite() && x.is_finite() && !can_overflow);
    if bad_domain {
        return Err(match msg {
            Some(m) if m.contains("{}") => value_error(&m.replace("{}", &repr_f(x)?)),
            Some(m) => value_error(m),
            None => domain(),
        });
    }
    if r.is_infinite() && x.is_finite() {
        return Err(range());
    }
    float(r)
}

macro_rules! unary {
    ($($name:ident => $f:expr, $overflow:expr, $msg:expr;)*) => {$(
        fn $name(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            let x = real(one(stringify!($name), a, kw)?)?;
            math_1(x, $f, $overflow, $msg)
        }
    )*};
}

const FINITE: Option<&str> = Some("expected a finite input, got {}");
const UNIT: Option<&str> = Some("expected a number in range from -1 up to 1, got {}");

unary! {
    acos => f64::acos, false, UNIT;
    acosh => core_math::acosh, false, Some("expected argument value not less than 1, got {}");
    asin => f64::asin, false, UNIT;
    asinh => core_math::asinh, false, None;
    atan => f64::atan, false, None;
    atanh => core_math::atanh, false, Some("expected a number between -1 and 1, got {}");
    cbrt => libm_cbrt, false, None;
    cos => f64::cos, false, FINITE;
    cosh => f64::cosh, true, None;
    erf => core_math::erf, false, None;
    erfc => core_math::erfc, false, None;
    exp => f64::exp, true, None;
    exp2 => f64::exp2, true, None;
    expm1 => f64::exp_m1, true, None;
    fabs => f64::abs, false, None;
    sin => f64::sin, false, FINITE;
    sinh => f64::sinh, true, None;
    sqrt => f64::sqrt, false, Some("expected a nonnegative input, got {}");
    tan => f64::tan, false, FINITE;
    tanh => f64::tanh, false, None;
}

unsafe extern "C" {
    #[link_name = "ldexp"]
    fn c_ldexp(x: f64, e: i32) -> f64;
    #[link_name = "cbrt"]
    fn c_cbrt(x: f64) -> f64;
    #[link_name = "nextafter"]
    fn c_nextafter(x: f64, y: f64) -> f64;
}

/// The C library's `cbrt`, as CPython calls it (Rust's differs in the
/// last bit for some inputs).
fn libm_cbrt(x: f64) -> f64 {
    // SAFETY: a pure libm function.
    unsafe { c_cbrt(x) }
}

/// What a C math function reported through `errno`.
enum MathErr {
    Domain,
    Range,
}

/// `m_sinpi`: `sin(pi*x)`, accurate for large `x`.
fn m_sinpi(x: f64) -> f64 {
    let pi = std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => (pi * y).sin(),
        1 => (pi * (y - 0.5)).cos(),
        2 => (pi * (1.0 - y)).sin(),
        3 => -(pi * (y - 1.5)).cos(),
        _ => (pi * (y - 2.0)).sin(),
    };
    1f64.copysign(x) * r
}

const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] =
    [0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0];

/// `lanczos_sum`: the Lanczos series as a rational function.
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `m_tgamma`: the Lanczos approximation with the reflection formula
/// (CPython's own, not libm's), exact for small integers.
fn m_tgamma(x: f64) -> Result<f64, MathErr> {
    let pi = std::f64::consts::PI;
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { Ok(x) } else { Err(MathErr::Domain) };
    }
    if x == 0.0 {
        return Err(MathErr::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(MathErr::Domain);
        }
        if x <= 23.0 {
            return Ok((1..x as u64).fold(1.0, |acc, k| acc * k as f64));
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() { Err(MathErr::Range) } else { Ok(r) };
    }
    if absx > 200.0 {
        return if x < 0.0 { Ok(0.0 / m_sinpi(x)) } else { Err(MathErr::Range) };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF { (y - absx) - LANCZOS_G_MINUS_HALF } else { (y - LANCZOS_G_MINUS_HALF) - absx };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -pi / m_sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() { Err(MathErr::Range) } else { Ok(r) }
}

/// `m_lgamma`.
fn m_lgamma(x: f64) -> Result<f64, MathErr> {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { Err(MathErr::Domain) } else { Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = std::f64::consts::PI.ln() - m_sinpi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() { Err(MathErr::Range) } else { Ok(r) }
}

fn gamma_like(name: &str, a: &[&PyObject], kw: Option<&TupleObject>, f: fn(f64) -> Result<f64, MathErr>) -> PyResult<ObjRef> {
    let x = real(one(name, a, kw)?)?;
    match f(x) {
        Ok(r) => float(r),
        Err(MathErr::Domain) => Err(value_error(&format!("expected a noninteger or positive integer, got {}", repr_f(x)?))),
        Err(MathErr::Range) => Err(range()),
    }
}

fn gamma(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    gamma_like("gamma", a, kw, m_tgamma)
}

fn lgamma(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    gamma_like("lgamma", a, kw, m_lgamma)
}

/// `loghelper`: logarithms of ints of any size (`_PyLong_Frexp`: the
/// int as `x * 2**e` with `x` in [0.5, 1)), else of the float.
fn log_of(v: &PyObject, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(i) = downcast::<IntObject>(v) {
        let n = i.to_bigint();
        if n.sign() != Sign::Plus {
            return Err(value_error("expected a positive input"));
        }
        if let Ok(x) = longobject::to_f64(i) {
            return Ok(f(x));
        }
        errors::clear();
        let bits = n.bits();
        let shift = bits - 55;
        let top: u64 = u64::try_from(&(&n >> shift)).unwrap_or(u64::MAX);
        // SAFETY: a pure libm function.
        let x = unsafe { c_ldexp(top as f64, -55) };
        return Ok(f(x) + f(2.0) * bits as f64);
    }
    let x = real(v)?;
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(value_error(&format!("expected a positive input, got {}", repr_f(x)?)));
    }
    if x.is_infinite() {
        return Ok(x);
    }
    Ok(f(x))
}

fn log(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("math.log() takes no keyword arguments"));
    }
    match a {
        [x] => float(log_of(x, f64::ln)?),
        [x, b] => {
            let num = log_of(x, f64::ln)?;
            let den = log_of(b, f64::ln)?;
            if den == 0.0 {
                return Err(errors::set_string(exceptions::zero_division_error(), "division by zero"));
            }
            float(num / den)
        }
        _ => Err(type_error(&format!("log expected at most 2 arguments, got {}", a.len()))),
    }
}

fn log2(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    float(log_of(one("log2", a, kw)?, f64::log2)?)
}

fn log10(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    float(log_of(one("log10", a, kw)?, f64::log10)?)
}

fn log1p(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let x = real(one("log1p", a, kw)?)?;
    if x <= -1.0 {
        return Err(value_error(&format!("expected argument value > -1, got {}", repr_f(x)?)));
    }
    float(x.ln_1p())
}

/// `math_2`: `f(x, y)` with the checks.
fn math_2(x: f64, y: f64, f: fn(f64, f64) -> f64) -> PyResult<ObjRef> {
    let r = f(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range());
    }
    float(r)
}

fn atan2(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (x, y) = two("atan2", a, kw)?;
    math_2(real(x)?, real(y)?, f64::atan2)
}

fn copysign(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (x, y) = two("copysign", a, kw)?;
    float(real(x)?.copysign(real(y)?))
}

/// `m_fmod`: a zero divisor or infinite dividend is a domain error.
fn fmod(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (x, y) = two("fmod", a, kw)?;
    let (x, y) = (real(x)?, real(y)?);
    if y.is_infinite() && x.is_finite() {
        return float(x);
    }
    math_2(x, y, |x, y| x % y)
}

/// `m_remainder`: IEEE 754 remainder (the quotient rounded half to even).
fn m_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

fn remainder(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (x, y) = two("remainder", a, kw)?;
    math_2(real(x)?, real(y)?, m_remainder)
}

/// `math.pow`: C99 special cases, then domain and range errors.
fn pow(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (x, y) = two("pow", a, kw)?;
    let (x, y) = (real(x)?, real(y)?);
    if !x.is_finite() || !y.is_finite() {
        return float(x.powf(y));
    }
    if x == 0.0 && y < 0.0 {
        return Err(domain());
    }
    if x < 0.0 && y != y.floor() {
        return Err(domain());
    }
    let r = x.powf(y);
    if r.is_infinite() {
        return Err(range());
    }
    float(r)
}

fn hypot(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("math.hypot() takes no keyword arguments"));
    }
    let xs: Vec<f64> = a.iter().map(|v| real(v)).collect::<PyResult<_>>()?;
    float(norm_of(xs))
}

/// `dl_mul`: `x*y` exactly, as a high and a low part (with an fma).
fn dl_mul(x: f64, y: f64) -> (f64, f64) {
    let z = x * y;
    (z, x.mul_add(y, -z))
}

/// `dl_fast_sum`: `a+b` exactly, for `|a| >= |b|`.
fn dl_fast_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    let z = x - a;
    (x, b - z)
}

/// `vector_norm`: the Euclidean norm of non-negative finite values with
/// their maximum `max`, scaled losslessly and summed with compensation,
/// then refined by one differential correction step.
fn vector_norm(xs: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || xs.len() <= 1 {
        return max;
    }
    let (_, max_e) = rupy::state::pyhash::frexp(max);
    if max_e < -1023 {
        for x in xs.iter_mut() {
            *x /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(xs, max / f64::MIN_POSITIVE, found_nan);
    }
    // SAFETY: a pure libm function.
    let scale = unsafe { c_ldexp(1.0, -max_e) };
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for &x in xs.iter() {
        let x = x * scale;
        let pr = dl_mul(x, x);
        let sm = dl_fast_sum(csum, pr.0);
        csum = sm.0;
        frac1 += pr.1;
        frac2 += sm.1;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let pr = dl_mul(-h, h);
    let sm = dl_fast_sum(csum, pr.0);
    csum = sm.0;
    frac1 += pr.1;
    frac2 += sm.1;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// The absolute values, their maximum and whether one was NaN.
fn norm_of(mut xs: Vec<f64>) -> f64 {
    let mut max = 0.0f64;
    let mut nan = false;
    for x in xs.iter_mut() {
        *x = x.abs();
        nan |= x.is_nan();
        if *x > max {
            max = *x;
        }
    }
    vector_norm(&mut xs, max, nan)
}

fn dist(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (p, q) = two("dist", a, kw)?;
    let p = r#abstract::collect(p)?;
    let q = r#abstract::collect(q)?;
    if p.len() != q.len() {
        return Err(value_error("both points must have the same number of dimensions"));
    }
    let d: Vec<f64> = p.iter().zip(&q).map(|(x, y)| Ok(real(x)? - real(y)?)).collect::<PyResult<_>>()?;
    float(norm_of(d))
}

/// `math_fsum`: Shewchuk's exact summation over the iterable, with the
/// partials kept exact, an intermediate overflow or `-inf + inf` raised,
/// and the final half-even correction across partials.
fn fsum(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let it = r#abstract::get_iter(one("fsum", a, kw)?)?;
    let mut p: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    while let Some(item) = r#abstract::iter_next(&it)? {
        let mut x = real(&item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                core::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(errors::set_string(exceptions::overflow_error(), "intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(value_error("-inf + inf in fsum"));
        }
        return float(special_sum);
    }
    let mut hi = 0.0;
    if let Some(mut n) = p.len().checked_sub(1) {
        hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    float(hi)
}

fn isfinite(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    Ok(rupy::objects::boolobject::from_bool(real(one("isfinite", a, kw)?)?.is_finite()))
}

fn isinf(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    Ok(rupy::objects::boolobject::from_bool(real(one("isinf", a, kw)?)?.is_infinite()))
}

fn isnan(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    Ok(rupy::objects::boolobject::from_bool(real(one("isnan", a, kw)?)?.is_nan()))
}

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
fn isclose(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kw.map_or(0, TupleObject::len);
    let pos = &a[..a.len() - nkw];
    let [x, y] = pos else {
        return Err(type_error(&format!("isclose() takes exactly 2 positional arguments ({} given)", pos.len())));
    };
    let (mut rel, mut abs_tol) = (1e-9, 0.0);
    if let Some(k) = kw {
        for (name, v) in k.as_slice().iter().zip(&a[pos.len()..]) {
            match object::str_lossy(name).as_str() {
                "rel_tol" => rel = real(v)?,
                "abs_tol" => abs_tol = real(v)?,
                other => return Err(type_error(&format!("isclose() got an unexpected keyword argument '{other}'"))),
            }
        }
    }
    if rel < 0.0 || abs_tol < 0.0 {
        return Err(value_error("tolerances must be non-negative"));
    }
    let (x, y) = (real(x)?, real(y)?);
    if x == y {
        return Ok(rupy::objects::boolobject::from_bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(rupy::objects::boolobject::from_bool(false));
    }
    let diff = (y - x).abs();
    let close = diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs_tol;
    Ok(rupy::objects::boolobject::from_bool(close))
}

/// `math_floor`/`math_ceil`/`math_trunc`: an exact float directly, else
/// the type's special method, else (not for `trunc`) the value as a float.
fn rounding(name: &str, special: &str, v: &PyObject, f: fn(f64) -> f64) -> PyResult<ObjRef> {
    if object::is_type(v, &floatobject::FLOAT_TYPE) {
        return float_to_int(f(real(v)?));
    }
    let n = unicodeobject::intern_str(special)?;
    if let Some((m, unbound)) = rupy::objects::typeobject::slotdefs::lookup_maybe_method(v, &n)? {
        return if unbound { object::call(&m, &[v]) } else { object::call(&m, &[]) };
    }
    if name == "trunc" {
        return Err(type_error(&format!("type {} doesn't define __trunc__ method", type_of(v).name())));
    }
    float_to_int(f(real(v)?))
}

fn float_to_int(x: f64) -> PyResult<ObjRef> {
    if x.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(errors::set_string(exceptions::overflow_error(), "cannot convert float infinity to integer"));
    }
    if x.abs() < 9.0e15 {
        return longobject::from_i64(x as i64);
    }
    // The float type's own exact conversion (`PyLong_FromDouble`).
    let f = float(x)?;
    let to_int = floatobject::FLOAT_TYPE.slots.nb_int.get().ok_or_else(errors::bad_internal_call)?;
    to_int(&f)
}

fn floor(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    rounding("floor", "__floor__", one("floor", a, kw)?, f64::floor)
}

fn ceil(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    rounding("ceil", "__ceil__", one("ceil", a, kw)?, f64::ceil)
}

fn trunc(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    rounding("trunc", "__trunc__", one("trunc", a, kw)?, f64::trunc)
}

fn modf(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let x = real(one("modf", a, kw)?)?;
    let (frac, int) = if x.is_infinite() { (0.0f64.copysign(x), x) } else { (x.fract(), x.trunc()) };
    let (f, i) = (float(frac)?, float(int)?);
    rupy::objects::tupleobject::from_slice(&[&*f, &*i]).map(into_obj)
}

fn frexp(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let x = real(one("frexp", a, kw)?)?;
    let (m, e) = if x == 0.0 || !x.is_finite() { (x, 0) } else { rupy::state::pyhash::frexp(x) };
    let (m, e) = (float(m)?, longobject::from_i64(i64::from(e))?);
    rupy::objects::tupleobject::from_slice(&[&*m, &*e]).map(into_obj)
}

fn ldexp(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (x, i) = two("ldexp", a, kw)?;
    let x = real(x)?;
    let Some(iv) = downcast::<IntObject>(i) else {
        return Err(type_error("Expected an int as second argument to ldexp."));
    };
    if x == 0.0 || !x.is_finite() {
        return float(x);
    }
    let e = iv.as_i64().unwrap_or(if iv.sign() < 0 { i64::MIN } else { i64::MAX }).clamp(-100_000, 100_000) as i32;
    // SAFETY: a pure libm function.
    let r = unsafe { c_ldexp(x, e) };
    if r.is_infinite() {
        return Err(range());
    }
    float(r)
}

fn degrees(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    float(real(one("degrees", a, kw)?)? * (180.0 / std::f64::consts::PI))
}

fn radians(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    float(real(one("radians", a, kw)?)? * (std::f64::consts::PI / 180.0))
}

/// `math_nextafter_impl`: one libm step, or `steps` steps at once by
/// moving the bit pattern (doubles order like their magnitude bits).
fn nextafter(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kw.map_or(0, TupleObject::len);
    let pos = &a[..a.len() - nkw];
    let [x, y] = pos else {
        return Err(type_error(&format!("nextafter expected 2 arguments, got {}", pos.len())));
    };
    let (x, y) = (real(x)?, real(y)?);
    let mut steps = None;
    if let Some(k) = kw {
        for (name, v) in k.as_slice().iter().zip(&a[pos.len()..]) {
            let name = object::str_lossy(name);
            if name != "steps" {
                let hint = rupy::vm::suggestions::calculate(&["steps"], &name).map(|s| format!(". Did you mean '{s}'?")).unwrap_or_default();
                return Err(type_error(&format!("nextafter() got an unexpected keyword argument '{name}'{hint}")));
            }
            if !object::is_none(v) {
                steps = Some(*v);
            }
        }
    }
    let Some(steps) = steps else {
        // SAFETY: a pure libm function.
        return float(unsafe { c_nextafter(x, y) });
    };
    let steps = int_arg(steps)?;
    if steps.sign() == Sign::Minus {
        return Err(value_error("steps must be a non-negative integer"));
    }
    let usteps = u64::try_from(&steps).unwrap_or(u64::MAX);
    if usteps == 0 || x.is_nan() {
        return float(x);
    }
    if y.is_nan() {
        return float(y);
    }
    let (ux, uy) = (x.to_bits(), y.to_bits());
    if ux == uy {
        return float(x);
    }
    const SIGN: u64 = 1 << 63;
    let (ax, ay) = (ux & !SIGN, uy & !SIGN);
    let r = if (ux ^ uy) & SIGN != 0 {
        // Opposite signs: through zero (ax + ay cannot overflow, both < 2**63).
        if ax + ay <= usteps {
            uy
        } else if ax < usteps {
            (uy & SIGN) | (usteps - ax)
        } else {
            ux - usteps
        }
    } else if ax > ay {
        if ax - ay >= usteps { ux - usteps } else { uy }
    } else if ay - ax >= usteps {
        ux + usteps
    } else {
        uy
    };
    float(f64::from_bits(r))
}

fn ulp(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let x = real(one("ulp", a, kw)?)?.abs();
    if x.is_nan() || x.is_infinite() {
        return float(x);
    }
    // SAFETY: a pure libm function.
    let next = unsafe { c_nextafter(x, f64::INFINITY) };
    if next.is_infinite() {
        // SAFETY: as above.
        let prev = unsafe { c_nextafter(x, 0.0) };
        return float(x - prev);
    }
    float(next - x)
}

// ---------------------------------------------------------------------
// Integer functions.

fn int_arg(v: &PyObject) -> PyResult<BigInt> {
    let i = r#abstract::index(v)?;
    Ok(downcast::<IntObject>(&i).ok_or_else(errors::bad_internal_call)?.to_bigint())
}

fn big(v: BigInt) -> PyResult<ObjRef> {
    longobject::from_bigint(v)
}

fn factorial(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let v = one("factorial", a, kw)?;
    if downcast::<FloatObject>(v).is_some() {
        return Err(type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = int_arg(v)?;
    if n.sign() == Sign::Minus {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n: u64 = u64::try_from(&n).map_err(|_| errors::set_string(exceptions::overflow_error(), "factorial() argument should not exceed 9223372036854775807"))?;
    big(range_product(1, n))
}

/// The product of `lo..=hi`, split in halves (balanced big-int products).
fn range_product(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::from(1);
    }
    if hi - lo < 16 {
        return (lo..=hi).fold(BigInt::from(1), |acc, k| acc * k);
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid + 1, hi)
}

fn comb(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (n, k) = two("comb", a, kw)?;
    let (n, k) = (int_arg(n)?, int_arg(k)?);
    if n.sign() == Sign::Minus {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.sign() == Sign::Minus {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return big(BigInt::ZERO);
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let k: u64 = u64::try_from(&k).map_err(|_| errors::set_string(exceptions::overflow_error(), "min(n - k, k) must not exceed 9223372036854775807"))?;
    let mut r = BigInt::from(1);
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    big(r)
}

fn perm(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("math.perm() takes no keyword arguments"));
    }
    let (n, k) = match a {
        [n] => (int_arg(n)?, None),
        [n, k] if object::is_none(k) => (int_arg(n)?, None),
        [n, k] => (int_arg(n)?, Some(int_arg(k)?)),
        _ => return Err(type_error(&format!("perm expected at most 2 arguments, got {}", a.len()))),
    };
    if n.sign() == Sign::Minus {
        return Err(value_error("n must be a non-negative integer"));
    }
    let k = k.unwrap_or_else(|| n.clone());
    if k.sign() == Sign::Minus {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return big(BigInt::ZERO);
    }
    let k: u64 = u64::try_from(&k).map_err(|_| errors::set_string(exceptions::overflow_error(), "k must not exceed 9223372036854775807"))?;
    let mut r = BigInt::from(1);
    for i in 0..k {
        r *= &n - i;
    }
    big(r)
}

fn isqrt(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let n = int_arg(one("isqrt", a, kw)?)?;
    if n.sign() == Sign::Minus {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    big(n.sqrt())
}

fn gcd2(a: BigInt, b: BigInt) -> BigInt {
    let (mut a, mut b) = (a.magnitude().clone(), b.magnitude().clone());
    while b != num_bigint::BigUint::ZERO {
        let t = &a % &b;
        a = b;
        b = t;
    }
    BigInt::from(a)
}

fn gcd(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let mut g = BigInt::ZERO;
    for v in a {
        g = gcd2(g, int_arg(v)?);
    }
    big(g)
}

fn lcm(a: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let mut l = BigInt::from(1);
    for v in a {
        let x = int_arg(v)?;
        if x.sign() == Sign::NoSign {
            let _ = a.iter().skip(1).map(|v| int_arg(v)).collect::<PyResult<Vec<_>>>()?;
            return big(BigInt::ZERO);
        }
        let g = gcd2(l.clone(), x.clone());
        l = (&l / g * x).magnitude().clone().into();
    }
    big(l)
}

/// `prod(iterable, *, start=1)`: the product with `*`.
fn prod(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kw.map_or(0, TupleObject::len);
    let pos = &a[..a.len() - nkw];
    let [it] = pos else { return Err(type_error(&format!("prod() takes exactly 1 positional argument ({} given)", pos.len()))) };
    let mut acc = longobject::from_i64(1)?;
    if let Some(k) = kw {
        for (name, v) in k.as_slice().iter().zip(&a[pos.len()..]) {
            if object::str_lossy(name) != "start" {
                return Err(type_error("prod() got an unexpected keyword argument"));
            }
            acc = object::new_ref(*v);
        }
    }
    for x in r#abstract::collect(it)? {
        acc = r#abstract::multiply(&acc, &x)?;
    }
    Ok(acc)
}

/// `sumprod(p, q)`: the sum of products (with `+` and `*`).
fn sumprod(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (p, q) = two("sumprod", a, kw)?;
    let (p, q) = (r#abstract::collect(p)?, r#abstract::collect(q)?);
    if p.len() != q.len() {
        return Err(value_error("Inputs are not the same length"));
    }
    let mut acc = longobject::from_i64(0)?;
    for (x, y) in p.iter().zip(&q) {
        acc = r#abstract::add(&acc, &*r#abstract::multiply(x, y)?)?;
    }
    Ok(acc)
}

fn fma(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.is_empty()) || a.len() != 3 {
        return Err(type_error(&format!("fma expected 3 arguments, got {}", a.len())));
    }
    let (x, y, z) = (real(a[0])?, real(a[1])?, real(a[2])?);
    let r = x.mul_add(y, z);
    if r.is_nan() && !x.is_nan() && !y.is_nan() && !z.is_nan() {
        return Err(value_error("invalid operation in fma"));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() && z.is_finite() {
        return Err(errors::set_string(exceptions::overflow_error(), "overflow in fma"));
    }
    float(r)
}

static FUNCTIONS: [BuiltinDef; 57] = [
    BuiltinDef { name: "acos", func: acos },
    BuiltinDef { name: "acosh", func: acosh },
    BuiltinDef { name: "asin", func: asin },
    BuiltinDef { name: "asinh", func: asinh },
    BuiltinDef { name: "atan", func: atan },
    BuiltinDef { name: "atan2", func: atan2 },
    BuiltinDef { name: "atanh", func: atanh },
    BuiltinDef { name: "cbrt", func: cbrt },
    BuiltinDef { name: "ceil", func: ceil },
    BuiltinDef { name: "comb", func: comb },
    BuiltinDef { name: "copysign", func: copysign },
    BuiltinDef { name: "cos", func: cos },
    BuiltinDef { name: "cosh", func: cosh },
    BuiltinDef { name: "degrees", func: degrees },
    BuiltinDef { name: "dist", func: dist },
    BuiltinDef { name: "erf", func: erf },
    BuiltinDef { name: "erfc", func: erfc },
    BuiltinDef { name: "exp", func: exp },
    BuiltinDef { name: "exp2", func: exp2 },
    BuiltinDef { name: "expm1", func: expm1 },
    BuiltinDef { name: "fabs", func: fabs },
    BuiltinDef { name: "factorial", func: factorial },
    BuiltinDef { name: "floor", func: floor },
    BuiltinDef { name: "fma", func: fma },
    BuiltinDef { name: "fmod", func: fmod },
    BuiltinDef { name: "frexp", func: frexp },
    BuiltinDef { name: "fsum", func: fsum },
    BuiltinDef { name: "gamma", func: gamma },
    BuiltinDef { name: "gcd", func: gcd },
    BuiltinDef { name: "hypot", func: hypot },
    BuiltinDef { name: "isclose", func: isclose },
    BuiltinDef { name: "isfinite", func: isfinite },
    BuiltinDef { name: "isinf", func: isinf },
    BuiltinDef { name: "isnan", func: isnan },
    BuiltinDef { name: "isqrt", func: isqrt },
    BuiltinDef { name: "lcm", func: lcm },
    BuiltinDef { name: "ldexp", func: ldexp },
    BuiltinDef { name: "lgamma", func: lgamma },
    BuiltinDef { name: "log", func: log },
    BuiltinDef { name: "log10", func: log10 },
    BuiltinDef { name: "log1p", func: log1p },
    BuiltinDef { name: "log2", func: log2 },
    BuiltinDef { name: "modf", func: modf },
    BuiltinDef { name: "nextafter", func: nextafter },
    BuiltinDef { name: "perm", func: perm },
    BuiltinDef { name: "pow", func: pow },
    BuiltinDef { name: "prod", func: prod },
    BuiltinDef { name: "radians", func: radians },
    BuiltinDef { name: "remainder", func: remainder },
    BuiltinDef { name: "sin", func: sin },
    BuiltinDef { name: "sinh", func: sinh },
    BuiltinDef { name: "sqrt", func: sqrt },
    BuiltinDef { name: "sumprod", func: sumprod },
    BuiltinDef { name: "tan", func: tan },
    BuiltinDef { name: "tanh", func: tanh },
    BuiltinDef { name: "trunc", func: trunc },
    BuiltinDef { name: "ulp", func: ulp },
];

/// `math_exec`: the functions and the constants.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("math")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        m.add_object(name, &*float(v)?)?;
    }
    Ok(into_obj(m))
}
