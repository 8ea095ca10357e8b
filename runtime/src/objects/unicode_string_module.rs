//! The `_string` module of Objects/unicodeobject.c (`_string_methods`):
//! `formatter_parser` and `formatter_field_name_split`, the pieces of
//! `str.format`'s parser (stringlib/unicode_format.h `formatteriter_next`
//! and `fieldnameiter_next`) that `string.Formatter` builds on.
//!
//! The parse runs when the function is called and the results come back
//! through a list iterator (CPython's `formatteriterator` and
//! `fieldnameiterator` parse lazily, so an error there surfaces at the
//! first `next()` instead).

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::moduleobject;
use crate::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::unicode_format;
use crate::objects::unicode_methods::new_s;
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, longobject, r#abstract as abs};

fn str_only<'a>(args: &[&'a PyObject], kwnames: Option<&TupleObject>, name: &str) -> PyResult<&'a StrObject> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), &format!("{name}() takes no keyword arguments")));
    }
    if args.len() != 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{name}() takes exactly one argument ({} given)", args.len()),
        ));
    }
    downcast::<StrObject>(args[0]).ok_or_else(|| {
        errors::set_string(exceptions::type_error(), &format!("expected str, got {}", type_of(args[0]).name()))
    })
}

fn iter_of(items: Vec<ObjRef>) -> PyResult<ObjRef> {
    let l = ListObject::new()?;
    for it in &items {
        l.append(it)?;
    }
    abs::get_iter(&into_obj(l))
}

/// `formatter_parser(str)`: `(literal, field_name, format_spec,
/// conversion)` for each piece of the format string.
fn formatter_parser(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let s = str_only(args, kwnames, "formatter_parser")?;
    let text: Vec<u32> = s.data().iter().collect();
    let mut items = Vec::new();
    for (literal, field) in unicode_format::markup_pieces(&text)? {
        let lit = new_s(&literal)?;
        let t = match field {
            None => {
                let none = object::none();
                tupleobject::from_slice(&[&lit, &none, &none, &none])?
            }
            Some((name, conversion, spec)) => {
                let name = new_s(name)?;
                let spec = new_s(spec)?;
                let conv = if conversion == 0 { object::none() } else { unicodeobject::from_char(conversion)? };
                tupleobject::from_slice(&[&lit, &name, &spec, &conv])?
            }
        };
        items.push(into_obj(t));
    }
    iter_of(items)
}

/// `formatter_field_name_split(str)`: the first part (an int if all
/// digits) and an iterator of `(is_attribute, key)`.
fn formatter_field_name_split(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let s = str_only(args, kwnames, "formatter_field_name_split")?;
    let text: Vec<u32> = s.data().iter().collect();
    let (first, rest) = unicode_format::split_field_name(&text)?;
    let first = match first {
        unicode_format::FieldKey::Index(i) => longobject::from_i64(i as i64)?,
        unicode_format::FieldKey::Name(n) => new_s(n)?,
    };
    let mut items = Vec::new();
    for (is_attr, key) in rest {
        let key = match key {
            unicode_format::FieldKey::Index(i) => longobject::from_i64(i as i64)?,
            unicode_format::FieldKey::Name(n) => new_s(n)?,
        };
        let flag = boolobject::from_bool(is_attr);
        items.push(into_obj(tupleobject::from_slice(&[&flag, &key])?));
    }
    let it = iter_of(items)?;
    tupleobject::from_slice(&[&first, &it]).map(into_obj)
}

static FUNCTIONS: [BuiltinDef; 2] = [
    BuiltinDef { name: "formatter_field_name_split", func: formatter_field_name_split },
    BuiltinDef { name: "formatter_parser", func: formatter_parser },
];

/// `PyInit__string`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_string")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("__doc__", &*unicodeobject::intern_str("string helper module")?)?;
    Ok(into_obj(m))
}
