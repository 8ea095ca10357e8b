//! The `cmath` module, ported from Modules/cmathmodule.c: the complex
//! elementary functions (`cmath_*_impl`, `c_log`) with the
//! C99 Annex G special values of their 7x7 tables (`special_type`,
//! `SPECIAL_VALUE`), the `errno` protocol turned into a returned
//! [`Errno`] (`math_error`: ValueError "math domain error", OverflowError
//! "math range error"), `phase`, `polar`, `rect`, the predicates,
//! `isclose`, and the constants of `cmath_exec`.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::complexobject::{self, Complex};
use rupy::objects::exceptions;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, into_obj};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject;

use crate::mathmodule::real;

/// What a C function of the module leaves in `errno`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Errno {
    /// 0: no floating-point exception for this result.
    None,
    /// `EDOM`: Annex G asks for divide-by-zero or invalid.
    Dom,
    /// `ERANGE`: the result overflowed.
    Range,
}

type CResult = (Complex, Errno);

const fn c(re: f64, im: f64) -> Complex {
    Complex { re, im }
}

fn ok(z: Complex) -> CResult {
    (z, Errno::None)
}

/// `math_error`.
fn math_error(e: Errno) -> errors::ErrSet {
    match e {
        Errno::Range => errors::set_string(exceptions::overflow_error(), "math range error"),
        _ => errors::set_string(exceptions::value_error(), "math domain error"),
    }
}

// Libm functions called directly: Rust's `asinh` is not the C library's,
// `ldexp` has no Rust counterpart, and `phase` reads `atan2`'s errno.
unsafe extern "C" {
    #[link_name = "asinh"]
    fn libm_asinh(x: f64) -> f64;
    #[link_name = "ldexp"]
    fn c_ldexp(x: f64, e: i32) -> f64;
    #[link_name = "atan2"]
    fn libm_atan2(y: f64, x: f64) -> f64;
}

fn real_asinh(x: f64) -> f64 {
    // SAFETY: a pure libm function.
    unsafe { libm_asinh(x) }
}

fn ldexp(x: f64, e: i32) -> f64 {
    // SAFETY: a pure libm function.
    unsafe { c_ldexp(x, e) }
}

/// `m_log1p` (`_Py_log1p`): a zero keeps its sign.
fn log1p(x: f64) -> f64 {
    if x == 0.0 { x } else { x.ln_1p() }
}

const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;
const PI: f64 = std::f64::consts::PI;
const E: f64 = std::f64::consts::E;
/// `CM_LARGE_DOUBLE`: beyond it the formulas are rescaled to avoid
/// spurious overflow.
const LARGE_DOUBLE: f64 = f64::MAX / 4.0;
/// `CM_SCALE_UP` (odd, enough to make a subnormal normal) and
/// `CM_SCALE_DOWN`, for binary doubles of 53 bits.
const SCALE_UP: i32 = 2 * (53 / 2) + 1;
const SCALE_DOWN: i32 = -(SCALE_UP + 1) / 2;

/// `CM_SQRT_LARGE_DOUBLE`.
fn sqrt_large_double() -> f64 {
    LARGE_DOUBLE.sqrt()
}

/// `CM_LOG_LARGE_DOUBLE`.
fn log_large_double() -> f64 {
    LARGE_DOUBLE.ln()
}

/// `CM_SQRT_DBL_MIN`.
fn sqrt_dbl_min() -> f64 {
    f64::MIN_POSITIVE.sqrt()
}

// ---------------------------------------------------------------------
// Special values.

/// `special_type`: the row or column of a special-value table for `d`:
/// -inf, negative finite, -0, +0, positive finite, +inf, nan.
fn special_type(d: f64) -> usize {
    let pos = d.is_sign_positive();
    if d.is_finite() {
        match (d != 0.0, pos) {
            (true, true) => 4,
            (true, false) => 1,
            (false, true) => 3,
            (false, false) => 2,
        }
    } else if d.is_nan() {
        6
    } else if pos {
        5
    } else {
        0
    }
}

type Table = [[Complex; 7]; 7];

/// `SPECIAL_VALUE`: the table's entry when a part of `z` is not finite.
fn special_value(z: Complex, table: &Table) -> Option<Complex> {
    if z.re.is_finite() && z.im.is_finite() {
        return None;
    }
    Some(table[special_type(z.re)][special_type(z.im)])
}

const P: f64 = PI;
const P14: f64 = 0.25 * PI;
const P12: f64 = 0.5 * PI;
const P34: f64 = 0.75 * PI;
const INF: f64 = f64::INFINITY;
const N: f64 = f64::NAN;
/// A placeholder for the entries no input reaches (finite, nonzero parts).
const U: f64 = -9.5426319407711027e33;
const UU: Complex = c(U, U);

// Rows are indexed by the real part's special type, columns by the
// imaginary part's, both in `special_type`'s order.

static ACOS_SPECIAL: Table = [
    [c(P34, INF), c(P, INF), c(P, INF), c(P, -INF), c(P, -INF), c(P34, -INF), c(N, INF)],
    [c(P12, INF), UU, UU, UU, UU, c(P12, -INF), c(N, N)],
    [c(P12, INF), UU, c(P12, 0.0), c(P12, -0.0), UU, c(P12, -INF), c(P12, N)],
    [c(P12, INF), UU, c(P12, 0.0), c(P12, -0.0), UU, c(P12, -INF), c(P12, N)],
    [c(P12, INF), UU, UU, UU, UU, c(P12, -INF), c(N, N)],
    [c(P14, INF), c(0.0, INF), c(0.0, INF), c(0.0, -INF), c(0.0, -INF), c(P14, -INF), c(N, INF)],
    [c(N, INF), c(N, N), c(N, N), c(N, N), c(N, N), c(N, -INF), c(N, N)],
];

static ACOSH_SPECIAL: Table = [
    [c(INF, -P34), c(INF, -P), c(INF, -P), c(INF, P), c(INF, P), c(INF, P34), c(INF, N)],
    [c(INF, -P12), UU, UU, UU, UU, c(INF, P12), c(N, N)],
    [c(INF, -P12), UU, c(0.0, -P12), c(0.0, P12), UU, c(INF, P12), c(N, P12)],
    [c(INF, -P12), UU, c(0.0, -P12), c(0.0, P12), UU, c(INF, P12), c(N, P12)],
    [c(INF, -P12), UU, UU, UU, UU, c(INF, P12), c(N, N)],
    [c(INF, -P14), c(INF, -0.0), c(INF, -0.0), c(INF, 0.0), c(INF, 0.0), c(INF, P14), c(INF, N)],
    [c(INF, N), c(N, N), c(N, N), c(N, N), c(N, N), c(INF, N), c(N, N)],
];

static ASINH_SPECIAL: Table = [
    [c(-INF, -P14), c(-INF, -0.0), c(-INF, -0.0), c(-INF, 0.0), c(-INF, 0.0), c(-INF, P14), c(-INF, N)],
    [c(-INF, -P12), UU, UU, UU, UU, c(-INF, P12), c(N, N)],
    [c(-INF, -P12), UU, c(-0.0, -0.0), c(-0.0, 0.0), UU, c(-INF, P12), c(N, N)],
    [c(INF, -P12), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(INF, P12), c(N, N)],
    [c(INF, -P12), UU, UU, UU, UU, c(INF, P12), c(N, N)],
    [c(INF, -P14), c(INF, -0.0), c(INF, -0.0), c(INF, 0.0), c(INF, 0.0), c(INF, P14), c(INF, N)],
    [c(INF, N), c(N, N), c(N, -0.0), c(N, 0.0), c(N, N), c(INF, N), c(N, N)],
];

static ATANH_SPECIAL: Table = [
    [c(-0.0, -P12), c(-0.0, -P12), c(-0.0, -P12), c(-0.0, P12), c(-0.0, P12), c(-0.0, P12), c(-0.0, N)],
    [c(-0.0, -P12), UU, UU, UU, UU, c(-0.0, P12), c(N, N)],
    [c(-0.0, -P12), UU, c(-0.0, -0.0), c(-0.0, 0.0), UU, c(-0.0, P12), c(-0.0, N)],
    [c(0.0, -P12), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(0.0, P12), c(0.0, N)],
    [c(0.0, -P12), UU, UU, UU, UU, c(0.0, P12), c(N, N)],
    [c(0.0, -P12), c(0.0, -P12), c(0.0, -P12), c(0.0, P12), c(0.0, P12), c(0.0, P12), c(0.0, N)],
    [c(0.0, -P12), c(N, N), c(N, N), c(N, N), c(N, N), c(0.0, P12), c(N, N)],
];

static COSH_SPECIAL: Table = [
    [c(INF, N), UU, c(INF, 0.0), c(INF, -0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(N, 0.0), UU, c(1.0, 0.0), c(1.0, -0.0), UU, c(N, 0.0), c(N, 0.0)],
    [c(N, 0.0), UU, c(1.0, -0.0), c(1.0, 0.0), UU, c(N, 0.0), c(N, 0.0)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(INF, N), UU, c(INF, -0.0), c(INF, 0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), c(N, N), c(N, 0.0), c(N, 0.0), c(N, N), c(N, N), c(N, N)],
];

static EXP_SPECIAL: Table = [
    [c(0.0, 0.0), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(0.0, 0.0), c(0.0, 0.0)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(N, N), UU, c(1.0, -0.0), c(1.0, 0.0), UU, c(N, N), c(N, N)],
    [c(N, N), UU, c(1.0, -0.0), c(1.0, 0.0), UU, c(N, N), c(N, N)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(INF, N), UU, c(INF, -0.0), c(INF, 0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), c(N, N), c(N, -0.0), c(N, 0.0), c(N, N), c(N, N), c(N, N)],
];

static LOG_SPECIAL: Table = [
    [c(INF, -P34), c(INF, -P), c(INF, -P), c(INF, P), c(INF, P), c(INF, P34), c(INF, N)],
    [c(INF, -P12), UU, UU, UU, UU, c(INF, P12), c(N, N)],
    [c(INF, -P12), UU, c(-INF, -P), c(-INF, P), UU, c(INF, P12), c(N, N)],
    [c(INF, -P12), UU, c(-INF, -0.0), c(-INF, 0.0), UU, c(INF, P12), c(N, N)],
    [c(INF, -P12), UU, UU, UU, UU, c(INF, P12), c(N, N)],
    [c(INF, -P14), c(INF, -0.0), c(INF, -0.0), c(INF, 0.0), c(INF, 0.0), c(INF, P14), c(INF, N)],
    [c(INF, N), c(N, N), c(N, N), c(N, N), c(N, N), c(INF, N), c(N, N)],
];

static SINH_SPECIAL: Table = [
    [c(INF, N), UU, c(-INF, -0.0), c(-INF, 0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(0.0, N), UU, c(-0.0, -0.0), c(-0.0, 0.0), UU, c(0.0, N), c(0.0, N)],
    [c(0.0, N), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(0.0, N), c(0.0, N)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(INF, N), UU, c(INF, -0.0), c(INF, 0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), c(N, N), c(N, -0.0), c(N, 0.0), c(N, N), c(N, N), c(N, N)],
];

static SQRT_SPECIAL: Table = [
    [c(INF, -INF), c(0.0, -INF), c(0.0, -INF), c(0.0, INF), c(0.0, INF), c(INF, INF), c(N, INF)],
    [c(INF, -INF), UU, UU, UU, UU, c(INF, INF), c(N, N)],
    [c(INF, -INF), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(INF, INF), c(N, N)],
    [c(INF, -INF), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(INF, INF), c(N, N)],
    [c(INF, -INF), UU, UU, UU, UU, c(INF, INF), c(N, N)],
    [c(INF, -INF), c(INF, -0.0), c(INF, -0.0), c(INF, 0.0), c(INF, 0.0), c(INF, INF), c(INF, N)],
    [c(INF, -INF), c(N, N), c(N, N), c(N, N), c(N, N), c(INF, INF), c(N, N)],
];

static TANH_SPECIAL: Table = [
    [c(-1.0, 0.0), UU, c(-1.0, -0.0), c(-1.0, 0.0), UU, c(-1.0, 0.0), c(-1.0, 0.0)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(-0.0, N), UU, c(-0.0, -0.0), c(-0.0, 0.0), UU, c(-0.0, N), c(-0.0, N)],
    [c(0.0, N), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(0.0, N), c(0.0, N)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(1.0, 0.0), UU, c(1.0, -0.0), c(1.0, 0.0), UU, c(1.0, 0.0), c(1.0, 0.0)],
    [c(N, N), c(N, N), c(N, -0.0), c(N, 0.0), c(N, N), c(N, N), c(N, N)],
];

static RECT_SPECIAL: Table = [
    [c(INF, N), UU, c(-INF, 0.0), c(-INF, -0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(0.0, 0.0), UU, c(-0.0, 0.0), c(-0.0, -0.0), UU, c(0.0, 0.0), c(0.0, 0.0)],
    [c(0.0, 0.0), UU, c(0.0, -0.0), c(0.0, 0.0), UU, c(0.0, 0.0), c(0.0, 0.0)],
    [c(N, N), UU, UU, UU, UU, c(N, N), c(N, N)],
    [c(INF, N), UU, c(INF, -0.0), c(INF, 0.0), UU, c(INF, N), c(INF, N)],
    [c(N, N), c(N, N), c(N, 0.0), c(N, 0.0), c(N, N), c(N, N), c(N, N)],
];

// ---------------------------------------------------------------------
// The computations: each returns the Annex G result and its `errno`.

/// `-i * f(i*z)`, the rotation by which the circular functions are the
/// hyperbolic ones (and back).
fn rotated(z: Complex, f: fn(Complex) -> CResult) -> CResult {
    let (s, e) = f(c(-z.im, z.re));
    (c(s.im, -s.re), e)
}

/// `cmath_acos_impl`.
fn c_acos(z: Complex) -> CResult {
    if let Some(r) = special_value(z, &ACOS_SPECIAL) {
        return ok(r);
    }
    if z.re.abs() > LARGE_DOUBLE || z.im.abs() > LARGE_DOUBLE {
        // Rescaled so that the modulus cannot overflow.
        let re = z.im.abs().atan2(z.re);
        let l = (z.re / 2.0).hypot(z.im / 2.0).ln() + LN2 * 2.0;
        let im = if z.re < 0.0 { -l.copysign(z.im) } else { l.copysign(-z.im) };
        return ok(c(re, im));
    }
    let s1 = c_sqrt(c(1.0 - z.re, -z.im)).0;
    let s2 = c_sqrt(c(1.0 + z.re, z.im)).0;
    ok(c(2.0 * s1.re.atan2(s2.re), real_asinh(s2.re * s1.im - s2.im * s1.re)))
}

/// `cmath_acosh_impl`.
fn c_acosh(z: Complex) -> CResult {
    if let Some(r) = special_value(z, &ACOSH_SPECIAL) {
        return ok(r);
    }
    if z.re.abs() > LARGE_DOUBLE || z.im.abs() > LARGE_DOUBLE {
        let re = (z.re / 2.0).hypot(z.im / 2.0).ln() + LN2 * 2.0;
        return ok(c(re, z.im.atan2(z.re)));
    }
    let s1 = c_sqrt(c(z.re - 1.0, z.im)).0;
    let s2 = c_sqrt(c(z.re + 1.0, z.im)).0;
    ok(c(real_asinh(s1.re * s2.re + s1.im * s2.im), 2.0 * s1.im.atan2(s2.re)))
}

/// `cmath_asin_impl`: `asin(z) = -i asinh(iz)`.
fn c_asin(z: Complex) -> CResult {
    rotated(z, c_asinh)
}

/// `cmath_asinh_impl`.
fn c_asinh(z: Complex) -> CResult {
    if let Some(r) = special_value(z, &ASINH_SPECIAL) {
        return ok(r);
    }
    if z.re.abs() > LARGE_DOUBLE || z.im.abs() > LARGE_DOUBLE {
        let l = (z.re / 2.0).hypot(z.im / 2.0).ln() + LN2 * 2.0;
        let re = if z.im >= 0.0 { l.copysign(z.re) } else { -l.copysign(-z.re) };
        return ok(c(re, z.im.atan2(z.re.abs())));
    }
    let s1 = c_sqrt(c(1.0 + z.im, -z.re)).0;
    let s2 = c_sqrt(c(1.0 - z.im, z.re)).0;
    ok(c(real_asinh(s1.re * s2.im - s2.re * s1.im), z.im.atan2(s1.re * s2.re - s1.im * s2.im)))
}

/// `cmath_atan_impl`: `atan(z) = -i atanh(iz)`.
fn c_atan(z: Complex) -> CResult {
    rotated(z, c_atanh)
}

/// `cmath_atanh_impl`.
fn c_atanh(z: Complex) -> CResult {
    if let Some(r) = special_value(z, &ATANH_SPECIAL) {
        return ok(r);
    }
    // atanh(z) = -atanh(-z): reduce to a nonnegative real part.
    if z.re < 0.0 {
        let (r, e) = c_atanh(c(-z.re, -z.im));
        return (c(-r.re, -r.im), e);
    }
    let ay = z.im.abs();
    if z.re > sqrt_large_double() || ay > sqrt_large_double() {
        // For large |z|, atanh(z) is about 1/z +- i*pi/2.
        let h = (z.re / 2.0).hypot(z.im / 2.0);
        return ok(c(z.re / 4.0 / h / h, -(PI / 2.0).copysign(-z.im)));
    }
    if z.re == 1.0 && ay < sqrt_dbl_min() {
        if ay == 0.0 {
            return (c(INF, z.im), Errno::Dom);
        }
        let re = -(ay.sqrt() / ay.hypot(2.0).sqrt()).ln();
        return ok(c(re, (2.0f64.atan2(-ay) / 2.0).copysign(z.im)));
    }
    let one_minus = 1.0 - z.re;
    let re = log1p(4.0 * z.re / (one_minus * one_minus + ay * ay)) / 4.0;
    let im = -(-2.0 * z.im).atan2(one_minus * (1.0 + z.re) - ay * ay) / 2.0;
    ok(c(re, im))
}

/// `cmath_cos_impl`: `cos(z) = cosh(iz)`.
fn c_cos(z: Complex) -> CResult {
    c_cosh(c(-z.im, z.re))
}

/// The value for an infinite real part and a finite nonzero imaginary
/// part shared by `exp`, `cosh` and `sinh`: infinities (or zeros) whose
/// signs are those of `cos(y)` and `sin(y)`, each times `re_sign` and
/// `im_sign`.
fn infinite_directed(mag: f64, y: f64, re_sign: f64, im_sign: f64) -> Complex {
    c(re_sign * mag.copysign(y.cos()), im_sign * mag.copysign(y.sin()))
}

/// `cmath_cosh_impl`.
fn c_cosh(z: Complex) -> CResult {
    if !z.re.is_finite() || !z.im.is_finite() {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            infinite_directed(INF, z.im, 1.0, if z.re > 0.0 { 1.0 } else { -1.0 })
        } else {
            COSH_SPECIAL[special_type(z.re)][special_type(z.im)]
        };
        let e = if z.im.is_infinite() && !z.re.is_nan() { Errno::Dom } else { Errno::None };
        return (r, e);
    }
    let r = if z.re.abs() > log_large_double() {
        // cosh(z.re) overflows although cosh(z) may not.
        let x_minus_one = z.re - 1f64.copysign(z.re);
        c(z.im.cos() * x_minus_one.cosh() * E, z.im.sin() * x_minus_one.sinh() * E)
    } else {
        c(z.im.cos() * z.re.cosh(), z.im.sin() * z.re.sinh())
    };
    overflow_check(r)
}

/// `errno = ERANGE` when a part of the result overflowed.
fn overflow_check(r: Complex) -> CResult {
    let e = if r.re.is_infinite() || r.im.is_infinite() { Errno::Range } else { Errno::None };
    (r, e)
}

/// `cmath_exp_impl`.
fn c_exp(z: Complex) -> CResult {
    if !z.re.is_finite() || !z.im.is_finite() {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            infinite_directed(if z.re > 0.0 { INF } else { 0.0 }, z.im, 1.0, 1.0)
        } else {
            EXP_SPECIAL[special_type(z.re)][special_type(z.im)]
        };
        let e = if z.im.is_infinite() && (z.re.is_finite() || z.re == INF) { Errno::Dom } else { Errno::None };
        return (r, e);
    }
    let r = if z.re > log_large_double() {
        let l = (z.re - 1.0).exp();
        c(l * z.im.cos() * E, l * z.im.sin() * E)
    } else {
        let l = z.re.exp();
        c(l * z.im.cos(), l * z.im.sin())
    };
    overflow_check(r)
}

/// `c_log`: the real part rescaled where `hypot` would be subnormal or
/// overflow, and computed with `log1p` where `|z|` is near 1.
fn c_log(z: Complex) -> CResult {
    if let Some(r) = special_value(z, &LOG_SPECIAL) {
        return ok(r);
    }
    let (ax, ay) = (z.re.abs(), z.im.abs());
    let re = if ax > LARGE_DOUBLE || ay > LARGE_DOUBLE {
        (ax / 2.0).hypot(ay / 2.0).ln() + LN2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            ldexp(ax, 53).hypot(ldexp(ay, 53)).ln() - 53.0 * LN2
        } else {
            // log(+-0 +- 0i).
            return (c(-INF, z.im.atan2(z.re)), Errno::Dom);
        }
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            let (am, an) = if ax > ay { (ax, ay) } else { (ay, ax) };
            log1p((am - 1.0) * (am + 1.0) + an * an) / 2.0
        } else {
            h.ln()
        }
    };
    ok(c(re, z.im.atan2(z.re)))
}

/// `cmath_log10_impl`.
fn c_log10(z: Complex) -> CResult {
    let (r, e) = c_log(z);
    (c(r.re / LN10, r.im / LN10), e)
}

/// `cmath_sin_impl`: `sin(z) = -i sinh(iz)`.
fn c_sin(z: Complex) -> CResult {
    rotated(z, c_sinh)
}

/// `cmath_sinh_impl`.
fn c_sinh(z: Complex) -> CResult {
    if !z.re.is_finite() || !z.im.is_finite() {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            infinite_directed(INF, z.im, if z.re > 0.0 { 1.0 } else { -1.0 }, 1.0)
        } else {
            SINH_SPECIAL[special_type(z.re)][special_type(z.im)]
        };
        let e = if z.im.is_infinite() && !z.re.is_nan() { Errno::Dom } else { Errno::None };
        return (r, e);
    }
    let r = if z.re.abs() > log_large_double() {
        let x_minus_one = z.re - 1f64.copysign(z.re);
        c(z.im.cos() * x_minus_one.sinh() * E, z.im.sin() * x_minus_one.cosh() * E)
    } else {
        c(z.im.cos() * z.re.sinh(), z.im.sin() * z.re.cosh())
    };
    overflow_check(r)
}

/// `cmath_sqrt_impl`: with x, y >= 0 (by symmetry) the real part is
/// `s = sqrt((x + hypot(x, y))/2)`, computed as `2*sqrt(x/8 + hypot(x/8,
/// y/8))` against overflow and on rescaled parts when both are
/// subnormal; the imaginary part is `y/(2s)`.
fn c_sqrt(z: Complex) -> CResult {
    if let Some(r) = special_value(z, &SQRT_SPECIAL) {
        return ok(r);
    }
    if z.re == 0.0 && z.im == 0.0 {
        return ok(c(0.0, z.im));
    }
    let (mut ax, ay) = (z.re.abs(), z.im.abs());
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        ax = ldexp(ax, SCALE_UP);
        ldexp((ax + ax.hypot(ldexp(ay, SCALE_UP))).sqrt(), SCALE_DOWN)
    } else {
        ax /= 8.0;
        2.0 * (ax + ax.hypot(ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if z.re >= 0.0 { ok(c(s, d.copysign(z.im))) } else { ok(c(d, s.copysign(z.im))) }
}

/// `cmath_tan_impl`: `tan(z) = -i tanh(iz)`.
fn c_tan(z: Complex) -> CResult {
    rotated(z, c_tanh)
}

/// `cmath_tanh_impl`: `tanh(x+iy) = (tanh(x)(1+tan(y)^2) + i
/// tan(y)(1-tanh(x)^2)) / (1+tan(y)^2 tanh(x)^2)`, with `1-tanh(x)^2`
/// as `1/cosh(x)^2`, or `4exp(-2|x|)` for large `|x|`.
fn c_tanh(z: Complex) -> CResult {
    if !z.re.is_finite() || !z.im.is_finite() {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            let sign = if z.re > 0.0 { 1.0 } else { -1.0 };
            c(sign, 0f64.copysign(2.0 * z.im.sin() * z.im.cos()))
        } else {
            TANH_SPECIAL[special_type(z.re)][special_type(z.im)]
        };
        let e = if z.im.is_infinite() && z.re.is_finite() { Errno::Dom } else { Errno::None };
        return (r, e);
    }
    if z.re.abs() > log_large_double() {
        let im = 4.0 * z.im.sin() * z.im.cos() * (-2.0 * z.re.abs()).exp();
        return ok(c(1f64.copysign(z.re), im));
    }
    let tx = z.re.tanh();
    let ty = z.im.tan();
    let cx = 1.0 / z.re.cosh();
    let txty = tx * ty;
    let denom = 1.0 + txty * txty;
    ok(c(tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx))
}

/// `cmath_rect_impl`: behaves as `exp(log(r) + i*phi)` for positive `r`
/// (negated for negative `r`).
fn c_rect(r: f64, phi: f64) -> CResult {
    if !r.is_finite() || !phi.is_finite() {
        let z = if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let sign = if r > 0.0 { 1.0 } else { -1.0 };
            infinite_directed(INF, phi, sign, sign)
        } else {
            RECT_SPECIAL[special_type(r)][special_type(phi)]
        };
        let e = if r != 0.0 && !r.is_nan() && phi.is_infinite() { Errno::Dom } else { Errno::None };
        return (z, e);
    }
    if phi == 0.0 {
        // r * phi keeps the sign of a zero phi.
        return ok(c(r, r * phi));
    }
    ok(c(r * phi.cos(), r * phi.sin()))
}

// ---------------------------------------------------------------------
// The Python functions.

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn no_keywords(name: &str, kw: Option<&TupleObject>) -> PyResult<()> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("cmath.{name}() takes no keyword arguments")));
    }
    Ok(())
}

/// The single argument of a `METH_O` function.
fn one<'a>(name: &str, a: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    no_keywords(name, kw)?;
    match a {
        [z] => Ok(*z),
        _ => Err(type_error(&format!("cmath.{name}() takes exactly one argument ({} given)", a.len()))),
    }
}

/// The `Py_complex` converter (`PyComplex_AsCComplex`).
fn complex_arg(v: &PyObject) -> PyResult<Complex> {
    complexobject::as_complex(v)
}

fn complex_result(r: CResult) -> PyResult<ObjRef> {
    match r {
        (z, Errno::None) => complexobject::from_complex(z),
        (_, e) => Err(math_error(e)),
    }
}

macro_rules! unary {
    ($($name:ident => $f:ident;)*) => {$(
        fn $name(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
            let z = complex_arg(one(stringify!($name), a, kw)?)?;
            complex_result($f(z))
        }
    )*};
}

unary! {
    acos => c_acos;
    acosh => c_acosh;
    asin => c_asin;
    asinh => c_asinh;
    atan => c_atan;
    atanh => c_atanh;
    cos => c_cos;
    cosh => c_cosh;
    exp => c_exp;
    log10 => c_log10;
    sin => c_sin;
    sinh => c_sinh;
    sqrt => c_sqrt;
    tan => c_tan;
    tanh => c_tanh;
}

/// `cmath_log_impl`: `log(z[, base])`. The base's logarithm is computed
/// after `z`'s, so its `errno` is the one that counts, as in C, before
/// the quotient's.
fn log(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_keywords("log", kw)?;
    let (x, base) = match a {
        [x] => (*x, None),
        [x, b] => (*x, Some(*b)),
        [] => return Err(type_error("log expected at least 1 argument, got 0")),
        _ => return Err(type_error(&format!("log expected at most 2 arguments, got {}", a.len()))),
    };
    let x = complex_arg(x)?;
    let (mut r, mut e) = c_log(x);
    if let Some(b) = base {
        let (y, ey) = c_log(complex_arg(b)?);
        e = ey;
        match complexobject::c_quot(r, y) {
            Ok(q) => r = q,
            Err(()) => e = Errno::Dom,
        }
    }
    complex_result((r, e))
}

/// `cmath_phase_impl`: libm's `atan2`, whose `errno` CPython reports
/// (glibc sets ERANGE when the angle underflows, as for
/// `phase(1e308+1e-310j)`).
fn phase(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let z = complex_arg(one("phase", a, kw)?)?;
    // SAFETY: `__errno_location` is this thread's errno; clearing it is
    // how C code detects a libm error.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: a pure libm function (it may only set errno).
    let phi = unsafe { libm_atan2(z.im, z.re) };
    match std::io::Error::last_os_error().raw_os_error() {
        Some(0) | None => floatobject_from(phi),
        Some(libc::ERANGE) => Err(math_error(Errno::Range)),
        Some(_) => Err(math_error(Errno::Dom)),
    }
}

fn floatobject_from(x: f64) -> PyResult<ObjRef> {
    rupy::objects::floatobject::from_f64(x)
}

/// `cmath_polar_impl`: `(abs(z), phase(z))`; an overflowing modulus is
/// a range error.
fn polar(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let z = complex_arg(one("polar", a, kw)?)?;
    let phi = z.im.atan2(z.re);
    let r = complexobject::c_abs(z).ok_or_else(|| math_error(Errno::Range))?;
    let (r, phi) = (floatobject_from(r)?, floatobject_from(phi)?);
    tupleobject::from_slice(&[&*r, &*phi]).map(into_obj)
}

fn rect(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_keywords("rect", kw)?;
    let [r, phi] = a else {
        return Err(type_error(&format!("rect expected 2 arguments, got {}", a.len())));
    };
    let (r, phi) = (real(r)?, real(phi)?);
    complex_result(c_rect(r, phi))
}

fn isfinite(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let z = complex_arg(one("isfinite", a, kw)?)?;
    Ok(boolobject::from_bool(z.re.is_finite() && z.im.is_finite()))
}

fn isnan(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let z = complex_arg(one("isnan", a, kw)?)?;
    Ok(boolobject::from_bool(z.re.is_nan() || z.im.is_nan()))
}

fn isinf(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let z = complex_arg(one("isinf", a, kw)?)?;
    Ok(boolobject::from_bool(z.re.is_infinite() || z.im.is_infinite()))
}

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`, parsed as Argument
/// Clinic's `_PyArg_UnpackKeywords` does.
fn isclose(a: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    const NAMES: [&str; 4] = ["a", "b", "rel_tol", "abs_tol"];
    let nkw = kw.map_or(0, TupleObject::len);
    let npos = a.len().saturating_sub(nkw);
    if npos > 2 {
        return Err(type_error(&format!("isclose() takes exactly 2 positional arguments ({npos} given)")));
    }
    let mut slots: [Option<&PyObject>; 4] = [None; 4];
    for (slot, v) in slots.iter_mut().zip(&a[..npos]) {
        *slot = Some(*v);
    }
    let kwnames: Vec<String> = kw.map_or_else(Vec::new, |k| k.as_slice().iter().map(|n| object::str_lossy(n)).collect());
    let mut used = 0;
    for (i, slot) in slots.iter_mut().enumerate().skip(npos) {
        if let Some(j) = kwnames.iter().position(|n| n == NAMES[i]) {
            *slot = Some(a[npos + j]);
            used += 1;
        } else if i < 2 {
            return Err(type_error(&format!("isclose() missing required argument '{}' (pos {})", NAMES[i], i + 1)));
        }
    }
    if used < kwnames.len() {
        // A keyword that is no parameter, or names one given by position.
        for name in &kwnames {
            match NAMES.iter().position(|n| n == name) {
                Some(i) if i < npos => {
                    return Err(type_error(&format!("argument for isclose() given by name ('{name}') and position ({})", i + 1)));
                }
                Some(_) => {}
                None => return Err(type_error(&format!("isclose() got an unexpected keyword argument '{name}'"))),
            }
        }
    }
    let mut zs = [c(0.0, 0.0); 2];
    for (z, v) in zs.iter_mut().zip(slots) {
        *z = complex_arg(v.ok_or_else(errors::bad_internal_call)?)?;
    }
    let rel_tol = slots[2].map_or(Ok(1e-9), real)?;
    let abs_tol = slots[3].map_or(Ok(0.0), real)?;
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(errors::set_string(exceptions::value_error(), "tolerances must be non-negative"));
    }
    Ok(boolobject::from_bool(is_close(zs[0], zs[1], rel_tol, abs_tol)))
}

/// `cmath_isclose_impl`: the symmetric "weak" test; equal values
/// (infinities of one sign included) are close, other infinities not.
fn is_close(a: Complex, b: Complex, rel_tol: f64, abs_tol: f64) -> bool {
    if a.re == b.re && a.im == b.im {
        return true;
    }
    if a.re.is_infinite() || a.im.is_infinite() || b.re.is_infinite() || b.im.is_infinite() {
        return false;
    }
    let abs = |z: Complex| complexobject::c_abs(z).unwrap_or(INF);
    let diff = abs(c(a.re - b.re, a.im - b.im));
    diff <= rel_tol * abs(b) || diff <= rel_tol * abs(a) || diff <= abs_tol
}

static FUNCTIONS: [BuiltinDef; 23] = [
    BuiltinDef { name: "acos", func: acos },
    BuiltinDef { name: "acosh", func: acosh },
    BuiltinDef { name: "asin", func: asin },
    BuiltinDef { name: "asinh", func: asinh },
    BuiltinDef { name: "atan", func: atan },
    BuiltinDef { name: "atanh", func: atanh },
    BuiltinDef { name: "cos", func: cos },
    BuiltinDef { name: "cosh", func: cosh },
    BuiltinDef { name: "exp", func: exp },
    BuiltinDef { name: "isclose", func: isclose },
    BuiltinDef { name: "isfinite", func: isfinite },
    BuiltinDef { name: "isinf", func: isinf },
    BuiltinDef { name: "isnan", func: isnan },
    BuiltinDef { name: "log", func: log },
    BuiltinDef { name: "log10", func: log10 },
    BuiltinDef { name: "phase", func: phase },
    BuiltinDef { name: "polar", func: polar },
    BuiltinDef { name: "rect", func: rect },
    BuiltinDef { name: "sin", func: sin },
    BuiltinDef { name: "sinh", func: sinh },
    BuiltinDef { name: "sqrt", func: sqrt },
    BuiltinDef { name: "tan", func: tan },
    BuiltinDef { name: "tanh", func: tanh },
];

/// `cmath_exec`: the functions and the constants (NaNs positive).
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("cmath")?;
    m.add_object(
        "__doc__",
        &*unicodeobject::intern_str("This module provides access to mathematical functions for complex\nnumbers.")?,
    )?;
    m.add_functions(&FUNCTIONS)?;
    for (name, v) in [("pi", PI), ("e", E), ("tau", std::f64::consts::TAU), ("inf", INF), ("nan", N.abs())] {
        m.add_object(name, &*floatobject_from(v)?)?;
    }
    m.add_object("infj", &*complexobject::from_complex(c(0.0, INF))?)?;
    m.add_object("nanj", &*complexobject::from_complex(c(0.0, N.abs()))?)?;
    Ok(into_obj(m))
}
