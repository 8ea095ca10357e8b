//! PEP 750 template strings, ported from Objects/templateobject.c and
//! Objects/interpolationobject.c: `string.templatelib.Template` and
//! `Interpolation`, and `_PyTemplate_Build` / `_PyInterpolation_Build`
//! for `BUILD_TEMPLATE` and `BUILD_INTERPOLATION`.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

// ---------------------------------------------------------------------
// Interpolation.

/// An `Interpolation`: the value and how it was written.
#[repr(C)]
pub struct InterpolationObject {
    ob_base: ObjectHeader,
    value: ObjRef,
    expression: ObjRef,
    /// None, or one of 's', 'r', 'a'.
    conversion: ObjRef,
    format_spec: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for InterpolationObject {}

fn interp_of(v: &PyObject) -> PyResult<&InterpolationObject> {
    if !core::ptr::eq(type_of(v), &INTERPOLATION_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<InterpolationObject>() })
}

fn make_interpolation(value: ObjRef, expression: ObjRef, conversion: ObjRef, format_spec: ObjRef) -> PyResult<ObjRef> {
    object::new_object(InterpolationObject {
        ob_base: ObjectHeader::new(&INTERPOLATION_TYPE.head),
        value,
        expression,
        conversion,
        format_spec,
    })
    .map(into_obj)
}

/// `_PyInterpolation_Build`: `conversion` is the FORMAT_VALUE code
/// (0 none, 1 `!s`, 2 `!r`, 3 `!a`).
pub fn build_interpolation(value: &PyObject, expression: &PyObject, conversion: u32, format_spec: &PyObject) -> PyResult<ObjRef> {
    let conv = match conversion {
        1 => unicodeobject::intern_str("s")?,
        2 => unicodeobject::intern_str("r")?,
        3 => unicodeobject::intern_str("a")?,
        _ => object::none(),
    };
    make_interpolation(object::new_ref(value), object::new_ref(expression), conv, object::new_ref(format_spec))
}

/// `interpolation_new(value, expression='', conversion=None, format_spec='')`.
fn interpolation_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    const NAMES: [&str; 4] = ["value", "expression", "conversion", "format_spec"];
    let a = args.as_slice();
    if a.len() > 4 {
        return Err(type_error(&format!("Interpolation expected at most 4 arguments, got {}", a.len())));
    }
    let mut vals: [Option<ObjRef>; 4] = [None, None, None, None];
    for (i, v) in a.iter().enumerate() {
        vals[i] = Some(v.clone());
    }
    if let Some(k) = kwds {
        for (key, v) in k.items() {
            let key = object::str_lossy(&key);
            let Some(i) = NAMES.iter().position(|n| *n == key) else {
                return Err(type_error(&format!("Interpolation() got an unexpected keyword argument '{key}'")));
            };
            vals[i] = Some(v);
        }
    }
    let [value, expression, conversion, format_spec] = vals;
    let Some(value) = value else { return Err(type_error("Interpolation() missing required argument 'value' (pos 1)")) };
    let empty = || unicodeobject::intern_str("");
    let expression = match expression {
        Some(e) if downcast::<StrObject>(&e).is_some() => e,
        Some(e) => {
            return Err(type_error(&format!("Interpolation() argument 'expression' must be str, not {}", type_of(&e).name())));
        }
        None => empty()?,
    };
    let conversion = match conversion {
        Some(c) if object::is_none(&c) => c,
        Some(c) => {
            let ok = downcast::<StrObject>(&c).is_some_and(|s| matches!(s.to_string_lossy().as_str(), "s" | "r" | "a"));
            if !ok {
                return Err(errors::set_string(
                    exceptions::value_error(),
                    "Interpolation() argument 'conversion' must be one of 's', 'a' or 'r'",
                ));
            }
            c
        }
        None => object::none(),
    };
    let format_spec = match format_spec {
        Some(f) if downcast::<StrObject>(&f).is_some() => f,
        Some(f) => {
            return Err(type_error(&format!("Interpolation() argument 'format_spec' must be str, not {}", type_of(&f).name())));
        }
        None => empty()?,
    };
    make_interpolation(value, expression, conversion, format_spec)
}

fn interpolation_repr(v: &PyObject) -> PyResult<ObjRef> {
    let i = interp_of(v)?;
    let r = |o: &PyObject| object::repr(o).map(|s| s.to_string_lossy());
    unicodeobject::from_string(format!(
        "Interpolation({}, {}, {}, {})",
        r(&i.value)?,
        r(&i.expression)?,
        r(&i.conversion)?,
        r(&i.format_spec)?
    ))
    .map(into_obj)
}

fn get_value(v: &PyObject) -> PyResult<ObjRef> {
    Ok(interp_of(v)?.value.clone())
}

fn get_expression(v: &PyObject) -> PyResult<ObjRef> {
    Ok(interp_of(v)?.expression.clone())
}

fn get_conversion(v: &PyObject) -> PyResult<ObjRef> {
    Ok(interp_of(v)?.conversion.clone())
}

fn get_format_spec(v: &PyObject) -> PyResult<ObjRef> {
    Ok(interp_of(v)?.format_spec.clone())
}

static INTERPOLATION_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "value", get: get_value, set: None, doc: None },
    GetSetDef { name: "expression", get: get_expression, set: None, doc: None },
    GetSetDef { name: "conversion", get: get_conversion, set: None, doc: None },
    GetSetDef { name: "format_spec", get: get_format_spec, set: None, doc: None },
];

/// `interpolation_reduce`: `(Interpolation, (value, expression,
/// conversion, format_spec))`.
fn interpolation_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let i = interp_of(v)?;
    let args = [&*i.value, &*i.expression, &*i.conversion, &*i.format_spec];
    crate::objects::iterobject::reduce_value(as_obj(type_of(v)), &args, None)
}

static INTERPOLATION_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(interpolation_reduce), ml_doc: None }];

/// `string.templatelib.Interpolation`.
pub static INTERPOLATION_TYPE: TypeObject = TypeObject::new_static(
    "string.templatelib.Interpolation",
    size_of::<InterpolationObject>(),
    object::dealloc_simple::<InterpolationObject>,
    TypeSlots {
        tp_repr: Some(interpolation_repr),
        tp_new: Some(interpolation_new),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&INTERPOLATION_GETSET)
.with_methods(&INTERPOLATION_METHODS);

// ---------------------------------------------------------------------
// Template.

/// A `Template`: `len(interpolations) + 1` strings around the
/// interpolations.
#[repr(C)]
pub struct TemplateObject {
    ob_base: ObjectHeader,
    strings: ObjRef,
    interpolations: ObjRef,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TemplateObject {}

fn template_of(v: &PyObject) -> PyResult<&TemplateObject> {
    if !core::ptr::eq(type_of(v), &TEMPLATE_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<TemplateObject>() })
}

fn tuple_of(items: &[ObjRef]) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `_PyTemplate_Build`: from the tuples `BUILD_TEMPLATE` finds.
pub fn build_template(strings: &PyObject, interpolations: &PyObject) -> PyResult<ObjRef> {
    object::new_object(TemplateObject {
        ob_base: ObjectHeader::new(&TEMPLATE_TYPE.head),
        strings: object::new_ref(strings),
        interpolations: object::new_ref(interpolations),
    })
    .map(into_obj)
}

/// Builds a template from parts in order, joining adjacent strings and
/// putting `''` between adjacent interpolations (`template_new`).
fn from_parts(parts: &[ObjRef]) -> PyResult<ObjRef> {
    let mut strings: Vec<ObjRef> = Vec::new();
    let mut interps: Vec<ObjRef> = Vec::new();
    let mut pending = String::new();
    for p in parts {
        if let Some(s) = downcast::<StrObject>(p) {
            pending.push_str(&s.to_string_lossy());
        } else if core::ptr::eq(type_of(p), &INTERPOLATION_TYPE) {
            strings.push(unicodeobject::from_string(core::mem::take(&mut pending)).map(into_obj)?);
            interps.push(p.clone());
        } else {
            return Err(type_error(&format!(
                "Template.__new__ *args need to be of type 'str' or 'Interpolation', got {}",
                type_of(p).name()
            )));
        }
    }
    strings.push(unicodeobject::from_string(pending).map(into_obj)?);
    build_template(&*tuple_of(&strings)?, &*tuple_of(&interps)?)
}

fn template_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error("Template.__new__ only accepts *args arguments"));
    }
    from_parts(args.as_slice())
}

fn items_of(v: &PyObject) -> PyResult<Vec<ObjRef>> {
    crate::objects::r#abstract::collect(v)
}

fn template_repr(v: &PyObject) -> PyResult<ObjRef> {
    let t = template_of(v)?;
    let s = object::repr(&t.strings)?.to_string_lossy();
    let i = object::repr(&t.interpolations)?.to_string_lossy();
    unicodeobject::from_string(format!("Template(strings={s}, interpolations={i})")).map(into_obj)
}

/// The parts in order, without empty strings (`template_iter`).
fn template_iter(v: &PyObject) -> PyResult<ObjRef> {
    let t = template_of(v)?;
    let strings = items_of(&t.strings)?;
    let interps = items_of(&t.interpolations)?;
    let list = crate::objects::listobject::ListObject::new()?;
    for (k, s) in strings.iter().enumerate() {
        if downcast::<StrObject>(s).is_some_and(|s| !s.to_string_lossy().is_empty()) {
            list.append(s)?;
        }
        if let Some(i) = interps.get(k) {
            list.append(i)?;
        }
    }
    crate::objects::r#abstract::get_iter(as_obj(&*list))
}

/// `template_concat`: two templates joined, the touching strings merged.
fn template_add(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Ok(a), Ok(b)) = (template_of(v), template_of(w)) else {
        let (this, other) = if core::ptr::eq(type_of(v), &TEMPLATE_TYPE) { (v, w) } else { (w, v) };
        let _ = this;
        return Err(type_error(&format!(
            "can only concatenate string.templatelib.Template (not \"{}\") to string.templatelib.Template",
            type_of(other).name()
        )));
    };
    let mut parts = Vec::new();
    for t in [a, b] {
        let strings = items_of(&t.strings)?;
        let interps = items_of(&t.interpolations)?;
        for (k, s) in strings.iter().enumerate() {
            parts.push(s.clone());
            if let Some(i) = interps.get(k) {
                parts.push(i.clone());
            }
        }
    }
    from_parts(&parts)
}

fn get_strings(v: &PyObject) -> PyResult<ObjRef> {
    Ok(template_of(v)?.strings.clone())
}

fn get_interpolations(v: &PyObject) -> PyResult<ObjRef> {
    Ok(template_of(v)?.interpolations.clone())
}

fn get_values(v: &PyObject) -> PyResult<ObjRef> {
    let vals: Vec<ObjRef> = items_of(&template_of(v)?.interpolations)?
        .iter()
        .map(|i| interp_of(i).map(|x| x.value.clone()))
        .collect::<PyResult<_>>()?;
    tuple_of(&vals)
}

static TEMPLATE_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "strings", get: get_strings, set: None, doc: None },
    GetSetDef { name: "interpolations", get: get_interpolations, set: None, doc: None },
    GetSetDef { name: "values", get: get_values, set: None, doc: None },
];

/// `template_reduce`: `(string.templatelib._template_unpickle, (strings,
/// interpolations))`.
fn template_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let t = template_of(v)?;
    let module = crate::import::machinery::import_module("string.templatelib")?;
    let unpickle = object::get_attr(&module, &*unicodeobject::intern_str("_template_unpickle")?)?;
    crate::objects::iterobject::reduce_value(&unpickle, &[&t.strings, &t.interpolations], None)
}

static TEMPLATE_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(template_reduce), ml_doc: None }];

/// `string.templatelib.Template`.
pub static TEMPLATE_TYPE: TypeObject = TypeObject::new_static(
    "string.templatelib.Template",
    size_of::<TemplateObject>(),
    object::dealloc_simple::<TemplateObject>,
    TypeSlots {
        tp_repr: Some(template_repr),
        tp_iter: Some(template_iter),
        tp_new: Some(template_new),
        tp_getattro: Some(object::generic_get_attr),
        nb_add: Some(template_add),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&TEMPLATE_GETSET)
.with_methods(&TEMPLATE_METHODS);

/// Readies both types and sets `Interpolation.__match_args__`.
pub fn init() -> PyResult<()> {
    TEMPLATE_TYPE.ready()?;
    INTERPOLATION_TYPE.ready()?;
    let names: Vec<ObjRef> = ["value", "expression", "conversion", "format_spec"]
        .iter()
        .map(|n| unicodeobject::intern_str(n))
        .collect::<PyResult<_>>()?;
    let dict = INTERPOLATION_TYPE.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
    downcast::<DictObject>(&dict)
        .ok_or_else(errors::bad_internal_call)?
        .set_item(&*unicodeobject::intern_str("__match_args__")?, &*tuple_of(&names)?)?;
    Ok(())
}
