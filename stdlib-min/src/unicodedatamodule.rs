//! The `unicodedata` module, ported from Modules/unicodedata.c over the
//! runtime's Unicode database (`rupy::unicode`): character properties,
//! names, numeric values, decompositions and normalization, as module
//! functions over the current database and as methods of the
//! `unicodedata.UCD` type, whose one instance `ucd_3_2_0` answers for
//! Unicode 3.2.0 (which IDNA and stringprep use).

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::exceptions;
use rupy::objects::floatobject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy::unicode::db::{self, PreviousVersion};
use rupy::unicode::{ctype, names};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

/// The database a function answers for: `None` for the module's (the
/// current one), the instance's for a `UCD` method (`UCD_Check(self)`).
type Old = Option<&'static PreviousVersion>;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// The arguments: exactly `min..=max` positional ones. A one-argument
/// function (`METH_O`) is named by its qualified name in the error.
fn positional<'a>(old: Old, fname: &str, args: &'a [&'a PyObject], min: usize, max: usize) -> PyResult<&'a [&'a PyObject]> {
    let n = args.len();
    if n < min || n > max {
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        return Err(type_error(&if max == 1 {
            let owner = if old.is_some() { "UCD" } else { "unicodedata" };
            format!("{owner}.{fname}() takes exactly one argument ({n} given)")
        } else if min == max {
            format!("{fname} expected {min} argument{}, got {n}", plural(min))
        } else if n < min {
            format!("{fname} expected at least {min} argument{}, got {n}", plural(min))
        } else {
            format!("{fname} expected at most {max} argument{}, got {n}", plural(max))
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

fn category(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "category", args, 1, 1)?;
    str_result(db::category(old, chr("category", a[0])?))
}

fn bidirectional(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "bidirectional", args, 1, 1)?;
    str_result(db::bidirectional(old, chr("bidirectional", a[0])?))
}

fn combining(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "combining", args, 1, 1)?;
    longobject::from_i64(i64::from(db::combining(old, chr("combining", a[0])?)))
}

fn east_asian_width(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "east_asian_width", args, 1, 1)?;
    str_result(db::east_asian_width(old, chr("east_asian_width", a[0])?))
}

fn mirrored(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "mirrored", args, 1, 1)?;
    longobject::from_i64(i64::from(db::mirrored(old, chr("mirrored", a[0])?)))
}

/// `decomposition`: `"<tag> XXXX YYYY"` or `''`.
fn decomposition(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "decomposition", args, 1, 1)?;
    let Some((tag, cps)) = db::decomposition(old, chr("decomposition", a[0])?) else { return str_result("") };
    let mut parts: Vec<String> = Vec::new();
    if !tag.is_empty() {
        parts.push(tag.to_owned());
    }
    parts.extend(cps.iter().map(|c| format!("{c:04X}")));
    str_result(&parts.join(" "))
}

/// The numeric-value functions: the value, else the default, else
/// ValueError(`msg`).
/// The value, else the default, else ValueError(`msg`).
fn value_or(old: Old, fname: &str, args: &[&PyObject], msg: &str, get: impl FnOnce(u32) -> Option<PyResult<ObjRef>>) -> PyResult<ObjRef> {
    let a = positional(old, fname, args, 1, 2)?;
    match get(chr(fname, a[0])?) {
        Some(v) => v,
        None => match a.get(1) {
            Some(d) => Ok(object::new_ref(*d)),
            None => Err(value_error(msg)),
        },
    }
}

fn decimal(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    value_or(old, "decimal", args, "not a decimal", |c| db::decimal(old, c).map(|d| longobject::from_i64(i64::from(d))))
}

/// `digit`, the same in every version (unicodedata.c keeps no old digit values).
fn digit(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    value_or(old, "digit", args, "not a digit", |c| ctype::to_digit(c).map(|d| longobject::from_i64(i64::from(d))))
}

fn numeric(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    value_or(old, "numeric", args, "not a numeric character", |c| db::numeric(old, c).map(floatobject::from_f64))
}

/// `name` (`_getucname`): none for a character unassigned in `old`.
fn name(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    value_or(old, "name", args, "no such name", |c| {
        (!db::unassigned(old, c)).then(|| names::name(c)).flatten().map(|n| str_result(&n))
    })
}

/// `lookup`: Unicode 3.2.0 had no aliases.
fn lookup(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "lookup", args, 1, 1)?;
    let n = match downcast::<StrObject>(a[0]) {
        Some(s) => s.to_string_lossy(),
        None => match rupy::objects::bytesobject::bytes_like(a[0]) {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => return Err(type_error(&format!("a bytes-like object is required, not '{}'", type_of(a[0]).name()))),
        },
    };
    let found = if old.is_some() { names::lookup_without_aliases(&n) } else { names::lookup(&n) };
    match found {
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

fn normalize(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "normalize", args, 2, 2)?;
    let form = form_arg("normalize", a[0])?;
    let s = text_arg("normalize", a[1])?;
    let cps: Vec<u32> = s.data().iter().collect();
    let out = db::normalize(old, form, &cps);
    if out == cps && object::is_type(a[1], StrObject::type_object()) {
        return Ok(object::new_ref(a[1]));
    }
    unicodeobject::from_code_points(&out).map(into_obj)
}

fn is_normalized(old: Old, args: &[&PyObject]) -> PyResult<ObjRef> {
    let a = positional(old, "is_normalized", args, 2, 2)?;
    let form = form_arg("is_normalized", a[0])?;
    let cps: Vec<u32> = text_arg("is_normalized", a[1])?.data().iter().collect();
    Ok(boolobject::from_bool(db::normalize(old, form, &cps) == cps))
}

/// A `unicodedata.UCD` instance (`PreviousDBVersion`): immutable.
#[repr(C)]
pub struct UcdObject {
    ob_base: ObjectHeader,
    old: &'static PreviousVersion,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for UcdObject {}

impl PyClass for UcdObject {
    fn type_object() -> &'static TypeObject {
        &UCD_TYPE
    }
}

/// The database of a `UCD` method's `self`.
fn previous_version(slf: &PyObject) -> PyResult<&'static PreviousVersion> {
    downcast::<UcdObject>(slf).map(|u| u.old).ok_or_else(errors::bad_internal_call)
}

fn no_keywords(fname: &str, kwnames: Option<&TupleObject>) -> PyResult<()> {
    match kwnames {
        Some(k) if k.len() > 0 => Err(type_error(&format!("unicodedata.{fname}() takes no keyword arguments"))),
        _ => Ok(()),
    }
}

/// `unicodedata_functions`, which serves both as the module's functions
/// (over the current database) and as the `UCD` methods (over the
/// instance's).
macro_rules! ucd_functions {
    ($($name:literal => $imp:ident,)*) => {
        const COUNT: usize = [$($name),*].len();
        static FUNCTIONS: [BuiltinDef; COUNT] = [$(BuiltinDef {
            name: $name,
            func: |args, kwnames| {
                no_keywords($name, kwnames)?;
                $imp(None, args)
            },
        }),*];
        static UCD_METHODS: [MethodDef; COUNT] = [$(MethodDef {
            ml_name: $name,
            ml_meth: MethodFn::FastCall(|slf, args| {
                let args: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
                $imp(Some(previous_version(slf)?), &args)
            }),
            ml_doc: None,
        }),*];
    };
}

ucd_functions! {
    "decimal" => decimal,
    "digit" => digit,
    "numeric" => numeric,
    "category" => category,
    "bidirectional" => bidirectional,
    "combining" => combining,
    "mirrored" => mirrored,
    "east_asian_width" => east_asian_width,
    "decomposition" => decomposition,
    "name" => name,
    "lookup" => lookup,
    "is_normalized" => is_normalized,
    "normalize" => normalize,
}

fn get_unidata_version(v: &PyObject) -> PyResult<ObjRef> {
    str_result(previous_version(v)?.unidata_version)
}

/// `DB_members`.
static UCD_MEMBERS: [GetSetDef; 1] = [GetSetDef { name: "unidata_version", get: get_unidata_version, set: None, doc: None }];

/// `unicodedata.UCD` (`ucd_type_spec`).
pub static UCD_TYPE: TypeObject = TypeObject::new_static(
    "unicodedata.UCD",
    size_of::<UcdObject>(),
    object::dealloc_simple::<UcdObject>,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE)
.with_methods(&UCD_METHODS)
.with_members(&UCD_MEMBERS);

/// `unicodedata_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("unicodedata")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("unidata_version", &*str_result(db::UNIDATA_VERSION)?)?;
    UCD_TYPE.ready()?;
    m.add_object("UCD", as_obj(&UCD_TYPE))?;
    // The Unicode 3.2.0 database, for the IDNA encoding.
    let ucd = object::new_object(UcdObject { ob_base: ObjectHeader::new(&UCD_TYPE.head), old: &db::UCD_3_2_0 })?;
    m.add_object("ucd_3_2_0", as_obj(&*ucd))?;
    Ok(into_obj(m))
}
