//! The `unicodedata` module, ported from Modules/unicodedata.c over the
//! runtime's Unicode database (`rupy::unicode`): character properties,
//! names, numeric values, decompositions and normalization. The
//! Unicode 3.2 view (`ucd_3_2_0`, used by IDNA) is not provided.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::exceptions;
use rupy::objects::floatobject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject::{self, StrObject};
use rupy::unicode::{ctype, db, names};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// The arguments: exactly `min..=max` positional ones.
fn positional<'a>(fname: &str, args: &'a [&'a PyObject], kwnames: Option<&TupleObject>, min: usize, max: usize) -> PyResult<&'a [&'a PyObject]> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    if args.len() < min || args.len() > max {
        return Err(type_error(&if min == max {
            if min == 1 {
                format!("{fname}() takes exactly one argument ({} given)", args.len())
            } else {
                format!("{fname} expected {min} arguments, got {}", args.len())
            }
        } else {
            format!("{fname} expected at most {max} arguments, got {}", args.len())
        }));
    }
    Ok(args)
}

/// A one-character str argument (`unicode_char` converter).
fn chr(fname: &str, v: &PyObject) -> PyResult<u32> {
    match downcast::<StrObject>(v) {
        Some(s) if s.len() == 1 => Ok(s.data().get(0)),
        Some(s) => Err(type_error(&format!("{fname}(): argument must be a unicode character, not a string of length {}", s.len()))),
        None => Err(type_error(&format!(
            "{fname}() argument must be a unicode character, not {}",
            type_of(v).name()
        ))),
    }
}

fn str_result(s: &str) -> PyResult<ObjRef> {
    unicodeobject::from_str(s).map(into_obj)
}

fn category(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("category", args, kw, 1, 1)?;
    str_result(db::category(chr("category", a[0])?))
}

fn bidirectional(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("bidirectional", args, kw, 1, 1)?;
    str_result(db::bidirectional(chr("bidirectional", a[0])?))
}

fn combining(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("combining", args, kw, 1, 1)?;
    longobject::from_i64(i64::from(db::combining(chr("combining", a[0])?)))
}

fn east_asian_width(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("east_asian_width", args, kw, 1, 1)?;
    str_result(db::east_asian_width(chr("east_asian_width", a[0])?))
}

fn mirrored(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("mirrored", args, kw, 1, 1)?;
    longobject::from_i64(i64::from(db::mirrored(chr("mirrored", a[0])?)))
}

/// `decomposition`: `"<tag> XXXX YYYY"` or `''`.
fn decomposition(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("decomposition", args, kw, 1, 1)?;
    let Some((tag, cps)) = db::decomposition(chr("decomposition", a[0])?) else { return str_result("") };
    let mut parts: Vec<String> = Vec::new();
    if !tag.is_empty() {
        parts.push(tag.to_owned());
    }
    parts.extend(cps.iter().map(|c| format!("{c:04X}")));
    str_result(&parts.join(" "))
}

/// The numeric-value functions: the value, else the default, else
/// ValueError(`msg`).
fn value_or(fname: &str, args: &[&PyObject], kw: Option<&TupleObject>, msg: &str, get: fn(u32) -> Option<ObjRef>) -> PyResult<ObjRef> {
    let a = positional(fname, args, kw, 1, 2)?;
    match get(chr(fname, a[0])?) {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(object::new_ref(*d)),
            None => Err(value_error(msg)),
        },
    }
}

fn decimal(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    value_or("decimal", args, kw, "not a decimal", |c| {
        ctype::is_decimal(c).then(|| ctype::to_decimal(c)).flatten().and_then(|d| longobject::from_i64(i64::from(d)).ok())
    })
}

fn digit(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    value_or("digit", args, kw, "not a digit", |c| {
        ctype::to_digit(c).and_then(|d| longobject::from_i64(i64::from(d)).ok())
    })
}

fn numeric(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    value_or("numeric", args, kw, "not a numeric character", |c| db::numeric(c).and_then(|v| floatobject::from_f64(v).ok()))
}

fn name(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("name", args, kw, 1, 2)?;
    match names::name(chr("name", a[0])?) {
        Some(n) => str_result(&n),
        None => match a.get(1) {
            Some(d) => Ok(object::new_ref(*d)),
            None => Err(value_error("no such name")),
        },
    }
}

fn lookup(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("lookup", args, kw, 1, 1)?;
    let n = match downcast::<StrObject>(a[0]) {
        Some(s) => s.to_string_lossy(),
        None => match rupy::objects::bytesobject::bytes_like(a[0]) {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => return Err(type_error(&format!("lookup() argument must be str, not {}", type_of(a[0]).name()))),
        },
    };
    match names::lookup(&n) {
        Some(cp) => unicodeobject::from_code_points(&[cp]).map(into_obj),
        None => Err(errors::set_string(exceptions::key_error(), &format!("undefined character name '{n}'"))),
    }
}

fn form_arg(fname: &str, v: &PyObject) -> PyResult<db::Form> {
    let Some(s) = downcast::<StrObject>(v) else {
        return Err(type_error(&format!("{fname}() argument 1 must be str, not {}", type_of(v).name())));
    };
    match s.to_string_lossy().as_str() {
        "NFC" => Ok(db::Form::Nfc),
        "NFD" => Ok(db::Form::Nfd),
        "NFKC" => Ok(db::Form::Nfkc),
        "NFKD" => Ok(db::Form::Nfkd),
        _ => Err(value_error("invalid normalization form")),
    }
}

fn text_arg<'a>(fname: &str, v: &'a PyObject) -> PyResult<&'a StrObject> {
    downcast::<StrObject>(v).ok_or_else(|| type_error(&format!("{fname}() argument 2 must be str, not {}", type_of(v).name())))
}

fn normalize(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("normalize", args, kw, 2, 2)?;
    let form = form_arg("normalize", a[0])?;
    let s = text_arg("normalize", a[1])?;
    let cps: Vec<u32> = s.data().iter().collect();
    let out = db::normalize(form, &cps);
    if out == cps && object::is_type(a[1], StrObject::type_object()) {
        return Ok(object::new_ref(a[1]));
    }
    unicodeobject::from_code_points(&out).map(into_obj)
}

fn is_normalized(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("is_normalized", args, kw, 2, 2)?;
    let form = form_arg("is_normalized", a[0])?;
    let cps: Vec<u32> = text_arg("is_normalized", a[1])?.data().iter().collect();
    Ok(boolobject::from_bool(db::normalize(form, &cps) == cps))
}

static FUNCTIONS: [BuiltinDef; 13] = [
    BuiltinDef { name: "category", func: category },
    BuiltinDef { name: "bidirectional", func: bidirectional },
    BuiltinDef { name: "combining", func: combining },
    BuiltinDef { name: "east_asian_width", func: east_asian_width },
    BuiltinDef { name: "mirrored", func: mirrored },
    BuiltinDef { name: "decomposition", func: decomposition },
    BuiltinDef { name: "decimal", func: decimal },
    BuiltinDef { name: "digit", func: digit },
    BuiltinDef { name: "numeric", func: numeric },
    BuiltinDef { name: "name", func: name },
    BuiltinDef { name: "lookup", func: lookup },
    BuiltinDef { name: "normalize", func: normalize },
    BuiltinDef { name: "is_normalized", func: is_normalized },
];

/// `unicodedata_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("unicodedata")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("unidata_version", &*str_result(db::UNIDATA_VERSION)?)?;
    Ok(into_obj(m))
}
