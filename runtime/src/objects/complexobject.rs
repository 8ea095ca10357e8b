//! `complex`, ported from Objects/complexobject.c of CPython 3.14: the
//! arithmetic of `_Py_c_sum` / `_Py_c_diff` / `_Py_c_prod` /
//! `_Py_c_quot` (with the C11 Annex G recovery of infinities and zeros)
//! and their mixed real/complex forms (`_Py_cr_*`, `_Py_rc_*`),
//! `_Py_c_pow` / `c_powi`, `_Py_c_abs`, `complex_repr`, `complex_hash`,
//! `complex_richcompare`, `complex_new` with `complex_from_string_inner`,
//! `conjugate`, `__complex__`, `real` / `imag`.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::floatobject::{self, FloatObject};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::slotdefs::{StaticName, lookup_maybe_method};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, exceptions};
use crate::state::pyhash;

/// A complex value (`Py_complex`): real and imaginary parts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Complex {
    /// `real`.
    pub re: f64,
    /// `imag`.
    pub im: f64,
}

const fn c(re: f64, im: f64) -> Complex {
    Complex { re, im }
}

/// A `complex` (`PyComplexObject`); immutable.
#[repr(C)]
pub struct ComplexObject {
    ob_base: ObjectHeader,
    cval: Complex,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ComplexObject {}

impl PyClass for ComplexObject {
    fn type_object() -> &'static TypeObject {
        &COMPLEX_TYPE
    }
}

impl ComplexObject {
    /// The value.
    pub fn value(&self) -> Complex {
        self.cval
    }
}

/// `PyComplex_FromCComplex`.
pub fn from_complex(v: Complex) -> PyResult<ObjRef> {
    object::new_object(ComplexObject { ob_base: ObjectHeader::new(&COMPLEX_TYPE.head), cval: v }).map(into_obj)
}

/// `PyComplex_FromDoubles`.
pub fn from_parts(re: f64, im: f64) -> PyResult<ObjRef> {
    from_complex(c(re, im))
}

/// `complex_subtype_from_c_complex`.
fn new_of_type(ty: &TypeObject, v: Complex) -> PyResult<ObjRef> {
    if core::ptr::eq(ty, &COMPLEX_TYPE) {
        return from_complex(v);
    }
    // SAFETY: a subclass of complex has ComplexObject's layout first; its
    // field past the header is two f64s, valid when zeroed.
    let obj = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<ComplexObject>(ty) }?;
    // SAFETY: the object is fresh and unshared; this initializes its
    // value before anyone else can read it.
    unsafe { (*obj.as_ptr().as_ptr()).cval = v };
    Ok(into_obj(obj))
}

// ---------------------------------------------------------------------
// Elementary operations. `Err(())` stands for C's `errno = EDOM`.

/// `_Py_c_prod`, with the Annex G.5.1 recovery of infinities computed
/// as `nan+nanj`.
pub fn c_prod(z: Complex, w: Complex) -> Complex {
    let (mut a, mut b, mut cc, mut d) = (z.re, z.im, w.re, w.im);
    let (ac, bd, ad, bc) = (a * cc, b * d, a * d, b * cc);
    let mut r = c(ac - bd, ad + bc);
    if r.re.is_nan() && r.im.is_nan() {
        let box_inf = |x: f64| (if x.is_infinite() { 1.0f64 } else { 0.0 }).copysign(x);
        let zero_nan = |x: f64| if x.is_nan() { 0.0f64.copysign(x) } else { x };
        let mut recalc = false;
        if a.is_infinite() || b.is_infinite() {
            a = box_inf(a);
            b = box_inf(b);
            cc = zero_nan(cc);
            d = zero_nan(d);
            recalc = true;
        }
        if cc.is_infinite() || d.is_infinite() {
            cc = box_inf(cc);
            d = box_inf(d);
            a = zero_nan(a);
            b = zero_nan(b);
            recalc = true;
        }
        if !recalc && (ac.is_infinite() || bd.is_infinite() || ad.is_infinite() || bc.is_infinite()) {
            a = zero_nan(a);
            b = zero_nan(b);
            cc = zero_nan(cc);
            d = zero_nan(d);
            recalc = true;
        }
        if recalc {
            r = c(f64::INFINITY * (a * cc - b * d), f64::INFINITY * (a * d + b * cc));
        }
    }
    r
}

/// `_Py_c_quot`: Smith's algorithm, then the Annex G.5.2 recovery of
/// infinities and zeros computed as `nan+nanj`.
pub fn c_quot(a: Complex, b: Complex) -> Result<Complex, ()> {
    let (abs_br, abs_bi) = (b.re.abs(), b.im.abs());
    let mut r = if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(());
        }
        let ratio = b.im / b.re;
        let denom = b.re + b.im * ratio;
        c((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom)
    } else if abs_bi >= abs_br {
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        c((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom)
    } else {
        c(f64::NAN, f64::NAN)
    };
    if r.re.is_nan() && r.im.is_nan() {
        let unit = |x: f64| (if x.is_infinite() { 1.0f64 } else { 0.0 }).copysign(x);
        if (a.re.is_infinite() || a.im.is_infinite()) && b.re.is_finite() && b.im.is_finite() {
            let (x, y) = (unit(a.re), unit(a.im));
            r = c(f64::INFINITY * (x * b.re + y * b.im), f64::INFINITY * (y * b.re - x * b.im));
        } else if (abs_br.is_infinite() || abs_bi.is_infinite()) && a.re.is_finite() && a.im.is_finite() {
            let (x, y) = (unit(b.re), unit(b.im));
            r = c(0.0 * (a.re * x + a.im * y), 0.0 * (a.im * x - a.re * y));
        }
    }
    Ok(r)
}

/// `_Py_rc_quot`: a real divided by a complex (Smith's algorithm with
/// no imaginary part in the dividend).
fn rc_quot(a: f64, b: Complex) -> Result<Complex, ()> {
    let (abs_br, abs_bi) = (b.re.abs(), b.im.abs());
    let r = if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(());
        }
        let ratio = b.im / b.re;
        let denom = b.re + b.im * ratio;
        c(a / denom, (-a * ratio) / denom)
    } else if abs_bi >= abs_br {
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        c((a * ratio) / denom, (-a) / denom)
    } else {
        c(f64::NAN, f64::NAN)
    };
    if r.re.is_nan() && r.im.is_nan() {
        return c_quot(c(a, 0.0), b);
    }
    Ok(r)
}

/// `_Py_c_pow`.
pub fn c_pow(a: Complex, b: Complex) -> Result<Complex, ()> {
    if b.re == 0.0 && b.im == 0.0 {
        return Ok(c(1.0, 0.0));
    }
    if a.re == 0.0 && a.im == 0.0 {
        if b.im != 0.0 || b.re < 0.0 {
            return Err(());
        }
        return Ok(c(0.0, 0.0));
    }
    let vabs = a.re.hypot(a.im);
    let mut len = vabs.powf(b.re);
    let at = a.im.atan2(a.re);
    let mut phase = at * b.re;
    if b.im != 0.0 {
        len /= (at * b.im).exp();
        phase += b.im * vabs.ln();
    }
    Ok(c(len * phase.cos(), len * phase.sin()))
}

/// `c_powu`: repeated squaring.
fn c_powu(x: Complex, n: i64) -> Complex {
    let (mut r, mut p) = (c(1.0, 0.0), x);
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `c_powi`.
fn c_powi(x: Complex, n: i64) -> Result<Complex, ()> {
    if n > 0 { Ok(c_powu(x, n)) } else { c_quot(c(1.0, 0.0), c_powu(x, -n)) }
}

/// `_Py_c_abs`; `None` on overflow.
pub fn c_abs(z: Complex) -> Option<f64> {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() {
            return Some(z.re.abs());
        }
        if z.im.is_infinite() {
            return Some(z.im.abs());
        }
        return Some(f64::NAN);
    }
    let r = z.re.hypot(z.im);
    r.is_finite().then_some(r)
}

/// `complex_pow` on values: a small integral exponent by `c_powi`, else
/// `_Py_c_pow`; `_Py_ADJUST_ERANGE2` makes an infinite part an overflow.
pub fn pow_complex(a: Complex, b: Complex) -> PyResult<Complex> {
    let p = if b.im == 0.0 && b.re == b.re.floor() && b.re.abs() <= 100.0 {
        c_powi(a, b.re as i64)
    } else {
        c_pow(a, b)
    };
    match p {
        Err(()) => Err(errors::set_string(exceptions::zero_division_error(), "zero to a negative or complex power")),
        Ok(p) if p.re.is_infinite() || p.im.is_infinite() => {
            Err(errors::set_string(exceptions::overflow_error(), "complex exponentiation"))
        }
        Ok(p) => Ok(p),
    }
}

/// `a ** b` as a complex object (for `float_pow`'s negative base).
pub fn pow_objects(a: (f64, f64), b: (f64, f64)) -> PyResult<ObjRef> {
    from_complex(pow_complex(c(a.0, a.1), c(b.0, b.1))?)
}

// ---------------------------------------------------------------------
// Slots.

/// An operand of a binary operation: complex, or a real (`real_to_double`).
enum Operand {
    Complex(Complex),
    Real(f64),
}

/// `real_to_double` / the complex check of the binary operations;
/// `None` for a type complex does not handle.
fn operand(v: &PyObject) -> PyResult<Option<Operand>> {
    if let Some(z) = downcast::<ComplexObject>(v) {
        return Ok(Some(Operand::Complex(z.cval)));
    }
    if let Some(i) = downcast::<IntObject>(v) {
        return longobject::to_f64(i).map(|f| Some(Operand::Real(f)));
    }
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(Some(Operand::Real(f.value())));
    }
    Ok(None)
}

/// `COMPLEX_BINOP`: the complex, complex-real and real-complex forms.
fn binop(
    v: &PyObject,
    w: &PyObject,
    cc: fn(Complex, Complex) -> Result<Complex, ()>,
    cr: fn(Complex, f64) -> Result<Complex, ()>,
    rc: fn(f64, Complex) -> Result<Complex, ()>,
) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (operand(v)?, operand(w)?) else { return Ok(object::not_implemented()) };
    let r = match (a, b) {
        (Operand::Complex(a), Operand::Complex(b)) => cc(a, b),
        (Operand::Complex(a), Operand::Real(b)) => cr(a, b),
        (Operand::Real(a), Operand::Complex(b)) => rc(a, b),
        (Operand::Real(_), Operand::Real(_)) => return Ok(object::not_implemented()),
    };
    match r {
        Ok(z) => from_complex(z),
        Err(()) => Err(errors::set_string(exceptions::zero_division_error(), "division by zero")),
    }
}

fn complex_add(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, |a, b| Ok(c(a.re + b.re, a.im + b.im)), |a, b| Ok(c(a.re + b, a.im)), |a, b| Ok(c(a + b.re, b.im)))
}

fn complex_sub(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, |a, b| Ok(c(a.re - b.re, a.im - b.im)), |a, b| Ok(c(a.re - b, a.im)), |a, b| Ok(c(a - b.re, -b.im)))
}

fn complex_mul(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, |a, b| Ok(c_prod(a, b)), |a, b| Ok(c(a.re * b, a.im * b)), |a, b| Ok(c(b.re * a, b.im * a)))
}

fn complex_div(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binop(v, w, c_quot, |a, b| if b == 0.0 { Err(()) } else { Ok(c(a.re / b, a.im / b)) }, rc_quot)
}

/// `complex_pow` (two arguments).
fn complex_pow(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (operand(v)?, operand(w)?) else { return Ok(object::not_implemented()) };
    let val = |o: Operand| match o {
        Operand::Complex(z) => z,
        Operand::Real(r) => c(r, 0.0),
    };
    from_complex(pow_complex(val(a), val(b))?)
}

fn value_of(v: &PyObject) -> PyResult<Complex> {
    downcast::<ComplexObject>(v).map(ComplexObject::value).ok_or_else(errors::bad_internal_call)
}

fn complex_neg(v: &PyObject) -> PyResult<ObjRef> {
    let z = value_of(v)?;
    from_complex(c(-z.re, -z.im))
}

/// `complex_pos` (also `__complex__`): the value as an exact complex.
fn complex_pos(v: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(v, &COMPLEX_TYPE) {
        return Ok(object::new_ref(v));
    }
    from_complex(value_of(v)?)
}

fn complex_abs(v: &PyObject) -> PyResult<ObjRef> {
    match c_abs(value_of(v)?) {
        Some(r) => floatobject::from_f64(r),
        None => Err(errors::set_string(exceptions::overflow_error(), "absolute value too large")),
    }
}

fn complex_bool(v: &PyObject) -> PyResult<bool> {
    let z = value_of(v)?;
    Ok(z.re != 0.0 || z.im != 0.0)
}

/// `complex_repr`: the parts in the shortest round-trip form, no
/// parentheses when the real part is +0.
pub fn repr_complex(z: Complex) -> String {
    if z.re == 0.0 && z.re.is_sign_positive() {
        format!("{}j", floatobject::format_r(z.im, false, false))
    } else {
        format!("({}{}j)", floatobject::format_r(z.re, false, false), floatobject::format_r(z.im, false, true))
    }
}

fn complex_repr(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_string(repr_complex(value_of(v)?)).map(into_obj)
}

/// `complex_hash`: `hash(real) + 1000003 * hash(imag)`, wrapping.
fn complex_hash(v: &PyObject) -> PyResult<isize> {
    let z = value_of(v)?;
    let p = core::ptr::from_ref(v).cast();
    let hr = pyhash::hash_double(p, z.re) as usize;
    let hi = pyhash::hash_double(p, z.im) as usize;
    let h = hr.wrapping_add(hi.wrapping_mul(1_000_003)) as isize;
    Ok(if h == -1 { -2 } else { h })
}

/// `complex_richcompare`: only `==` and `!=`.
fn complex_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if op != CompareOp::Eq && op != CompareOp::Ne {
        return Ok(object::not_implemented());
    }
    let Some(i) = downcast::<ComplexObject>(v).map(ComplexObject::value) else {
        return Ok(object::not_implemented());
    };
    let equal = if downcast::<IntObject>(w).is_some() {
        if i.im == 0.0 {
            let j = floatobject::from_f64(i.re)?;
            return object::rich_compare(&j, w, op);
        }
        false
    } else if let Some(f) = downcast::<FloatObject>(w) {
        i.re == f.value() && i.im == 0.0
    } else if let Some(z) = downcast::<ComplexObject>(w) {
        let j = z.cval;
        i.re == j.re && i.im == j.im
    } else {
        return Ok(object::not_implemented());
    };
    Ok(boolobject::from_bool(equal == (op == CompareOp::Eq)))
}

// ---------------------------------------------------------------------
// Construction.

/// `complex_from_string_inner`: `<float>`, `<float>j`,
/// `<float><signed-float>j`, `<float><sign>j`, `<sign>j`, `j`, in
/// optional parentheses with optional whitespace.
fn parse_complex(text: &str) -> Option<Complex> {
    let s = text.trim_matches(|c: char| c.is_whitespace());
    let s = match s.strip_prefix('(') {
        Some(inner) => inner.strip_suffix(')')?.trim_matches(|c: char| c.is_whitespace()),
        None => s,
    };
    let b = s.as_bytes();
    let is_j = |i: usize| matches!(b.get(i), Some(b'j' | b'J'));
    let (mut x, mut y) = (0.0, 0.0);
    let mut pos;
    match floatobject::parse_prefix(b) {
        Some((v, n)) => {
            pos = n;
            match b.get(pos) {
                Some(b'+' | b'-') => {
                    // <float><signed-float>j or <float><sign>j
                    x = v;
                    match floatobject::parse_prefix(&b[pos..]) {
                        Some((w, m)) => {
                            y = w;
                            pos += m;
                        }
                        None => {
                            y = if b[pos] == b'+' { 1.0 } else { -1.0 };
                            pos += 1;
                        }
                    }
                    if !is_j(pos) {
                        return None;
                    }
                    pos += 1;
                }
                Some(b'j' | b'J') => {
                    y = v;
                    pos += 1;
                }
                _ => x = v,
            }
        }
        None => {
            // <sign>j or j
            pos = 0;
            y = 1.0;
            match b.first() {
                Some(b'+') => pos = 1,
                Some(b'-') => {
                    y = -1.0;
                    pos = 1;
                }
                _ => {}
            }
            if !is_j(pos) {
                return None;
            }
            pos += 1;
        }
    }
    (pos == b.len()).then_some(c(x, y))
}

/// `complex_subtype_from_string`.
fn from_string(ty: &TypeObject, s: &StrObject) -> PyResult<ObjRef> {
    let err = || errors::set_string(exceptions::value_error(), "complex() arg is a malformed string");
    let text = floatobject::ascii_number_text(s).ok_or_else(err)?;
    let clean = floatobject::remove_underscores(&text).ok_or_else(|| {
        errors::set_string(
            exceptions::value_error(),
            &format!("could not convert string to complex: {}", unicodeobject::repr_string(s)),
        )
    })?;
    let z = parse_complex(&clean).ok_or_else(err)?;
    new_of_type(ty, z)
}

static COMPLEX_NAME: StaticName = StaticName::new("__complex__");

/// `try_complex_special_method`: the result of `__complex__`, if the
/// type defines it.
fn try_complex_special(op: &PyObject) -> PyResult<Option<Complex>> {
    let Some((f, unbound)) = lookup_maybe_method(op, COMPLEX_NAME.get()?)? else { return Ok(None) };
    let res = if unbound { object::call(&f, &[op])? } else { object::call(&f, &[])? };
    match downcast::<ComplexObject>(&res) {
        Some(z) => Ok(Some(z.cval)),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("__complex__ returned non-complex (type {})", type_of(&res).name()),
        )),
    }
}

/// `PyComplex_AsCComplex`: a complex, `__complex__`, or a real.
pub fn as_complex(op: &PyObject) -> PyResult<Complex> {
    if let Some(z) = downcast::<ComplexObject>(op) {
        return Ok(z.cval);
    }
    if let Some(z) = try_complex_special(op)? {
        return Ok(z);
    }
    // `PyFloat_AsDouble`: numbers only (no strings, unlike `float()`).
    if !is_real_number(op) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("must be real number, not {}", type_of(op).name()),
        ));
    }
    Ok(c(floatobject::number_float(op)?, 0.0))
}

/// Is `v` a real number for `complex()` (has `__float__` or
/// `__index__`, or is an int or float)?
fn is_real_number(v: &PyObject) -> bool {
    let s = &type_of(v).slots;
    downcast::<FloatObject>(v).is_some() || downcast::<IntObject>(v).is_some() || s.nb_float.get().is_some() || s.nb_index.get().is_some()
}

/// `complex_new_impl`: `complex(real=0, imag=0)` or `complex(string)`.
fn complex_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = args.as_slice();
    if a.len() > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("complex() takes at most 2 arguments ({} given)", a.len()),
        ));
    }
    let mut r = a.first().cloned();
    let mut i = a.get(1).cloned();
    if let Some(k) = kwds {
        for (key, v) in k.items() {
            let name = object::str_lossy(&key);
            let slot = match name.as_str() {
                "real" => &mut r,
                "imag" => &mut i,
                _ => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("complex() got an unexpected keyword argument '{name}'"),
                    ));
                }
            };
            if slot.is_some() {
                let pos = if name == "real" { 1 } else { 2 };
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("argument for complex() given by name ('{name}') and position ({pos})"),
                ));
            }
            *slot = Some(v);
        }
    }
    let Some(r) = r else {
        return match i {
            None => new_of_type(ty, c(0.0, 0.0)),
            Some(i) => complex_from_parts(ty, &*longobject::from_i64(0)?, &i),
        };
    };
    let Some(i) = i else {
        if core::ptr::eq(ty, &COMPLEX_TYPE) && object::is_type(&r, &COMPLEX_TYPE) {
            return Ok(r);
        }
        if let Some(s) = downcast::<StrObject>(&r) {
            return from_string(ty, s);
        }
        if let Some(z) = downcast::<ComplexObject>(&r) {
            return new_of_type(ty, z.cval);
        }
        if let Some(z) = try_complex_special(&r)? {
            return new_of_type(ty, z);
        }
        if !is_real_number(&r) {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("complex() argument must be a string or a number, not {}", type_of(&r).name()),
            ));
        }
        return new_of_type(ty, c(floatobject::number_float(&r)?, 0.0));
    };
    complex_from_parts(ty, &r, &i)
}

/// The two-argument form: `real + imag*1j` for real or complex parts.
fn complex_from_parts(ty: &TypeObject, r: &PyObject, i: &PyObject) -> PyResult<ObjRef> {
    let part = |v: &PyObject, name: &str| -> PyResult<(Complex, bool)> {
        if let Some(z) = downcast::<ComplexObject>(v) {
            return Ok((z.cval, true));
        }
        if !is_real_number(v) {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("complex() argument '{name}' must be a real number, not {}", type_of(v).name()),
            ));
        }
        Ok((c(floatobject::number_float(v)?, 0.0), false))
    };
    let (cr, r_complex) = part(r, "real")?;
    let (ci, i_complex) = part(i, "imag")?;
    let re = if i_complex { cr.re - ci.im } else { cr.re };
    let im = if r_complex { ci.re + cr.im } else { ci.re };
    new_of_type(ty, c(re, im))
}

// ---------------------------------------------------------------------
// Methods and attributes.

fn complex_conjugate(v: &PyObject) -> PyResult<ObjRef> {
    let z = value_of(v)?;
    from_complex(c(z.re, -z.im))
}

fn complex_getnewargs(v: &PyObject) -> PyResult<ObjRef> {
    let z = value_of(v)?;
    let (a, b) = (floatobject::from_f64(z.re)?, floatobject::from_f64(z.im)?);
    Ok(into_obj(tupleobject::from_slice(&[&a, &b])?))
}

fn complex_get_real(v: &PyObject) -> PyResult<ObjRef> {
    floatobject::from_f64(value_of(v)?.re)
}

fn complex_get_imag(v: &PyObject) -> PyResult<ObjRef> {
    floatobject::from_f64(value_of(v)?.im)
}

static COMPLEX_METHODS: [MethodDef; 4] = [
    MethodDef {
        ml_name: "conjugate",
        ml_meth: MethodFn::NoArgs(complex_conjugate),
        ml_doc: Some("conjugate($self, /)\n--\n\nReturn the complex conjugate of its argument. (3-4j).conjugate() == 3+4j."),
    },
    MethodDef { ml_name: "__complex__", ml_meth: MethodFn::NoArgs(complex_pos), ml_doc: Some("__complex__($self, /)\n--\n\nConvert this value to exact type complex.") },
    MethodDef { ml_name: "__getnewargs__", ml_meth: MethodFn::NoArgs(complex_getnewargs), ml_doc: Some("__getnewargs__($self, /)\n--\n\n") },
    crate::objects::formatter_unicode::COMPLEX_FORMAT_METHOD,
];

static COMPLEX_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "real", get: complex_get_real, set: None, doc: Some("the real part of a complex number") },
    GetSetDef { name: "imag", get: complex_get_imag, set: None, doc: Some("the imaginary part of a complex number") },
];

/// `complex` (`PyComplex_Type`).
pub static COMPLEX_TYPE: TypeObject = TypeObject::new_static(
    "complex",
    size_of::<ComplexObject>(),
    object::dealloc_simple::<ComplexObject>,
    TypeSlots {
        tp_repr: Some(complex_repr),
        tp_hash: Some(complex_hash),
        tp_richcompare: Some(complex_richcompare),
        tp_new: Some(complex_new),
        nb_add: Some(complex_add),
        nb_subtract: Some(complex_sub),
        nb_multiply: Some(complex_mul),
        nb_true_divide: Some(complex_div),
        nb_power: Some(complex_pow),
        nb_negative: Some(complex_neg),
        nb_positive: Some(complex_pos),
        nb_absolute: Some(complex_abs),
        nb_bool: Some(complex_bool),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&COMPLEX_METHODS)
.with_getset(&COMPLEX_GETSET)
.with_flags(flags::BASETYPE)
.with_doc("complex(real=0, imag=0)\n--\n\nCreate a complex number from a string or numbers.\n\nIf a string is given, parse it as a complex number.\nIf a single number is given, convert it to a complex number.\nIf the 'real' or 'imag' arguments are given, create a complex number\nwith the specified real and imaginary components.");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::r#abstract as ab;

    fn r(v: &PyObject) -> String {
        object::repr(v).unwrap().to_string_lossy()
    }

    #[test]
    fn repr_matches_cpython() {
        let cases = [
            (c(1.0, 2.0), "(1+2j)"),
            (c(0.0, 1.0), "1j"),
            (c(-0.0, -0.0), "(-0-0j)"),
            (c(0.0, -0.0), "-0j"),
            (c(-0.0, 0.0), "(-0+0j)"),
            (c(1e20, 1e-5), "(1e+20+1e-05j)"),
            (c(f64::NAN, f64::INFINITY), "(nan+infj)"),
            (c(1.5, -2.5), "(1.5-2.5j)"),
        ];
        for (z, want) in cases {
            assert_eq!(repr_complex(z), want);
        }
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_complex("1+2j"), Some(c(1.0, 2.0)));
        assert_eq!(parse_complex(" ( 1-2.5e3j ) "), Some(c(1.0, -2500.0)));
        assert_eq!(parse_complex("j"), Some(c(0.0, 1.0)));
        assert_eq!(parse_complex("-J"), Some(c(0.0, -1.0)));
        assert_eq!(parse_complex("1+j"), Some(c(1.0, 1.0)));
        for bad in ["1+", "", "1+2j+3", "(1+2j", "x", "1j2"] {
            assert_eq!(parse_complex(bad), None, "{bad}");
        }
    }

    #[test]
    fn arithmetic_matches_cpython() {
        crate::state::ensure();
        let z = |a, b| from_parts(a, b).unwrap();
        let f = |a| floatobject::from_f64(a).unwrap();
        let inf = f64::INFINITY;
        assert_eq!(r(&ab::multiply(&z(1.0, 2.0), &f(2.0)).unwrap()), "(2+4j)");
        assert_eq!(r(&ab::multiply(&z(inf, f64::NAN), &z(1.0, 1.0)).unwrap()), "(inf+infj)");
        assert_eq!(r(&ab::true_divide(&f(1.0), &z(2.0, 3.0)).unwrap()), "(0.15384615384615385-0.23076923076923078j)");
        assert_eq!(r(&ab::true_divide(&z(1.0, 1.0), &z(inf, inf)).unwrap()), "0j");
        assert_eq!(r(&ab::true_divide(&z(inf, inf), &z(1.0, 1.0)).unwrap()), "(inf+nanj)");
        assert_eq!(r(&ab::subtract(&f(1.0), &z(0.0, -0.0)).unwrap()), "(1+0j)");
        assert_eq!(r(&ab::power(&z(0.0, 1.0), &longobject::from_i64(2).unwrap()).unwrap()), "(-1+0j)");
        assert_eq!(r(&ab::power(&z(1.0, 2.0), &f(0.5)).unwrap()), "(1.272019649514069+0.7861513777574233j)");
        assert!(ab::power(&z(0.0, 0.0), &longobject::from_i64(-1).unwrap()).is_err());
        assert_eq!(errors::take_message().unwrap(), "ZeroDivisionError: zero to a negative or complex power");
        assert!(ab::true_divide(&z(0.0, 1.0), &longobject::from_i64(0).unwrap()).is_err());
        assert_eq!(errors::take_message().unwrap(), "ZeroDivisionError: division by zero");
        assert_eq!(object::hash(&z(0.0, 1.0)).unwrap(), 1_000_003);
        assert_eq!(object::hash(&z(1.5, 2.0)).unwrap(), 1_152_921_504_608_846_983);
        assert_eq!(r(&ab::power(&f(-8.0), &f(1.0 / 3.0)).unwrap()), "(1.0000000000000002+1.7320508075688772j)");
    }
}
