//! The numeric builtins of Python/bltinmodule.c: `divmod`, `round`,
//! `pow` (with the three-argument form of `ternary_op`), `hex`, `oct`,
//! `bin` (`PyNumber_ToBase`), and the fast paths of `builtin_sum_impl`
//! (machine-word ints, compensated float and complex sums).

use crate::errors::{self, PyResult};
use crate::objects::complexobject::{self, ComplexObject};
use crate::objects::floatobject::{self, FloatObject};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, PyObject, downcast, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::flags;
use crate::objects::typeobject::slotdefs::{StaticName, lookup_maybe_method};
use crate::objects::{r#abstract as abs, boolobject, exceptions, unicodeobject};

use super::{BuiltinDef, parse, positional};

/// `builtin_divmod`.
fn builtin_divmod(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "divmod() takes no keyword arguments"));
    }
    let [a, b] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("divmod expected 2 arguments, got {}", args.len()),
        ));
    };
    abs::divmod(a, b)
}

static ROUND: StaticName = StaticName::new("__round__");

/// Calls the special method `name` of `v` (`_PyObject_LookupSpecial` and
/// a call), `None` if the type has none.
fn call_special(v: &PyObject, name: &StaticName, args: &[&PyObject]) -> PyResult<Option<ObjRef>> {
    let Some((f, unbound)) = lookup_maybe_method(v, name.get()?)? else { return Ok(None) };
    let mut all: Vec<&PyObject> = Vec::with_capacity(args.len() + 1);
    if unbound {
        all.push(v);
    }
    all.extend_from_slice(args);
    object::call(&f, &all).map(Some)
}

/// `builtin_round_impl`: `number.__round__()` or
/// `number.__round__(ndigits)`.
fn builtin_round(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, [number_kw, ndigits_kw]) = parse("round", args, kwnames, ["number", "ndigits"])?;
    if pos.len() > 2 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("round() takes at most 2 arguments ({} given)", pos.len() + usize::from(number_kw.is_some()) + usize::from(ndigits_kw.is_some())),
        ));
    }
    let Some(number) = pos.first().copied().or(number_kw) else {
        return Err(errors::set_string(exceptions::type_error(), "round() missing required argument 'number' (pos 1)"));
    };
    let ndigits = pos.get(1).copied().or(ndigits_kw).filter(|n| !object::is_none(n));
    let args: Vec<&PyObject> = ndigits.into_iter().collect();
    match call_special(number, &ROUND, &args)? {
        Some(r) => Ok(r),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("type {} doesn't define __round__ method", type_of(number).name()),
        )),
    }
}

static POW: StaticName = StaticName::new("__pow__");

/// `ternary_op` for `pow(base, exp, mod)` with a non-`None` modulus.
fn power3(v: &PyObject, w: &PyObject, z: &PyObject) -> PyResult<ObjRef> {
    fn int(o: &PyObject) -> Option<&IntObject> {
        downcast::<IntObject>(o)
    }
    if let (Some(a), Some(b), Some(m)) = (int(v), int(w), int(z)) {
        return longobject::pow_mod(a, b, m);
    }
    // `proxy_pow`: weak proxies stand for their referents.
    use crate::objects::weakrefobject::{is_proxy, unwrap};
    if is_proxy(v) || is_proxy(w) || is_proxy(z) {
        return power3(&*unwrap(v)?, &*unwrap(w)?, &*unwrap(z)?);
    }
    let is_num = |o: &PyObject| int(o).is_some() || downcast::<FloatObject>(o).is_some() || downcast::<ComplexObject>(o).is_some();
    let is_complex = |o: &PyObject| downcast::<ComplexObject>(o).is_some();
    if is_num(v) && is_num(w) {
        if is_complex(v) || is_complex(w) {
            return Err(errors::set_string(exceptions::value_error(), "complex modulo"));
        }
        if downcast::<FloatObject>(v).is_some() || downcast::<FloatObject>(w).is_some() {
            return Err(errors::set_string(
                exceptions::type_error(),
                "pow() 3rd argument not allowed unless all arguments are integers",
            ));
        }
    }
    // A class's `__pow__` gets the modulus (`slot_nb_power`).
    if type_of(v).has_feature(flags::HEAPTYPE)
        && let Some(r) = call_special(v, &POW, &[w, z])?
        && !object::is_not_implemented(&r)
    {
        return Ok(r);
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!(
            "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
            type_of(v).name(),
            type_of(w).name(),
            type_of(z).name()
        ),
    ))
}

/// `builtin_pow_impl`: `pow(base, exp, mod=None)`.
fn builtin_pow(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, kw) = parse("pow", args, kwnames, ["base", "exp", "mod"])?;
    if pos.len() > 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("pow() takes at most 3 arguments ({} given)", pos.len()),
        ));
    }
    let mut vals: [Option<&PyObject>; 3] = [None; 3];
    for (i, v) in vals.iter_mut().enumerate() {
        match (pos.get(i).copied(), kw[i]) {
            (Some(_), Some(_)) => {
                let name = ["base", "exp", "mod"][i];
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("argument for pow() given by name ('{name}') and position ({})", i + 1),
                ));
            }
            (p, k) => *v = p.or(k),
        }
    }
    let Some(base) = vals[0] else {
        return Err(errors::set_string(exceptions::type_error(), "pow() missing required argument 'base' (pos 1)"));
    };
    let Some(exp) = vals[1] else {
        return Err(errors::set_string(exceptions::type_error(), "pow() missing required argument 'exp' (pos 2)"));
    };
    match vals[2].filter(|m| !object::is_none(m)) {
        None => abs::power(base, exp),
        Some(m) => power3(base, exp, m),
    }
}

/// `PyNumber_ToBase`.
fn to_base(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>, base: u32) -> PyResult<ObjRef> {
    let a = positional(fname, args, kwnames, 1, 1)?;
    let i = abs::index(a[0])?;
    let v = downcast::<IntObject>(&i).ok_or_else(errors::bad_internal_call)?;
    unicodeobject::from_string(longobject::to_base_string(v, base)).map(object::into_obj)
}

fn builtin_hex(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    to_base("hex", args, kwnames, 16)
}

fn builtin_oct(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    to_base("oct", args, kwnames, 8)
}

fn builtin_bin(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    to_base("bin", args, kwnames, 2)
}

/// The numeric builtins, bound by name in the builtins module.
pub(super) static FUNCTIONS: [BuiltinDef; 6] = [
    BuiltinDef { name: "bin", func: builtin_bin },
    BuiltinDef { name: "divmod", func: builtin_divmod },
    BuiltinDef { name: "hex", func: builtin_hex },
    BuiltinDef { name: "oct", func: builtin_oct },
    BuiltinDef { name: "pow", func: builtin_pow },
    BuiltinDef { name: "round", func: builtin_round },
];

// ---------------------------------------------------------------------
// sum()

/// `CompensatedSum` (Neumaier's variant of Kahan summation).
#[derive(Clone, Copy)]
struct CompensatedSum {
    hi: f64,
    lo: f64,
}

impl CompensatedSum {
    fn new(x: f64) -> Self {
        CompensatedSum { hi: x, lo: 0.0 }
    }

    /// `cs_add`.
    fn add(self, x: f64) -> Self {
        let t = self.hi + x;
        let lo = if self.hi.abs() >= x.abs() { self.lo + ((self.hi - t) + x) } else { self.lo + ((x - t) + self.hi) };
        CompensatedSum { hi: t, lo }
    }

    /// `cs_to_double`: the compensation is left out when it is zero or
    /// not finite (so a sign or an infinity survives).
    fn value(self) -> f64 {
        if self.lo != 0.0 && self.lo.is_finite() { self.hi + self.lo } else { self.hi }
    }
}

/// The loop of `builtin_sum_impl` from `start` over the iterator `it`:
/// machine-word ints, then compensated floats, then compensated
/// complexes, then the generic `+`.
pub(super) fn sum_from(it: &PyObject, start: ObjRef) -> PyResult<ObjRef> {
    let mut result = start;
    let exact_int = |o: &PyObject| object::is_type(o, &longobject::INT_TYPE) || boolobject::is_bool(o);
    if object::is_type(&result, &longobject::INT_TYPE)
        && let Some(mut acc) = downcast::<IntObject>(&result).and_then(IntObject::as_i64)
    {
        loop {
            let Some(item) = abs::iter_next(it)? else { return longobject::from_i64(acc) };
            if exact_int(&item)
                && let Some(b) = downcast::<IntObject>(&item).and_then(IntObject::as_i64)
                && let Some(s) = acc.checked_add(b)
            {
                acc = s;
                continue;
            }
            result = abs::add(&*longobject::from_i64(acc)?, &item)?;
            break;
        }
    }
    if object::is_type(&result, &floatobject::FLOAT_TYPE) {
        let mut cs = CompensatedSum::new(downcast::<FloatObject>(&result).map_or(0.0, FloatObject::value));
        loop {
            let Some(item) = abs::iter_next(it)? else { return floatobject::from_f64(cs.value()) };
            if object::is_type(&item, &floatobject::FLOAT_TYPE) {
                cs = cs.add(downcast::<FloatObject>(&item).map_or(0.0, FloatObject::value));
                continue;
            }
            if let Some(i) = downcast::<IntObject>(&item) {
                cs = cs.add(longobject::to_f64(i)?);
                continue;
            }
            result = abs::add(&*floatobject::from_f64(cs.value())?, &item)?;
            break;
        }
    }
    if object::is_type(&result, &complexobject::COMPLEX_TYPE) {
        let z = downcast::<ComplexObject>(&result).map(ComplexObject::value).ok_or_else(errors::bad_internal_call)?;
        let (mut re, mut im) = (CompensatedSum::new(z.re), CompensatedSum::new(z.im));
        loop {
            let Some(item) = abs::iter_next(it)? else { return complexobject::from_parts(re.value(), im.value()) };
            if object::is_type(&item, &complexobject::COMPLEX_TYPE) {
                let z = downcast::<ComplexObject>(&item).map(ComplexObject::value).ok_or_else(errors::bad_internal_call)?;
                re = re.add(z.re);
                im = im.add(z.im);
                continue;
            }
            if let Some(i) = downcast::<IntObject>(&item) {
                re = re.add(longobject::to_f64(i)?);
                continue;
            }
            if let Some(f) = downcast::<FloatObject>(&item) {
                re = re.add(f.value());
                continue;
            }
            result = abs::add(&*complexobject::from_parts(re.value(), im.value())?, &item)?;
            break;
        }
    }
    while let Some(item) = abs::iter_next(it)? {
        result = abs::add(&result, &item)?;
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sum() {
        let mut cs = CompensatedSum::new(0.0);
        for _ in 0..10 {
            cs = cs.add(0.1);
        }
        assert_eq!(cs.value(), 1.0);
        let cs = CompensatedSum::new(1.0).add(0.1).add(2f64.powi(60)).add(-(2f64.powi(60)));
        assert_eq!(cs.value(), 1.1);
        assert_eq!(CompensatedSum::new(1e308).add(1e308).value(), f64::INFINITY);
        assert!(CompensatedSum::new(-0.0).value().is_sign_negative());
    }
}
