//! The `_testinternalcapi` module, ported from Modules/_testinternalcapi.c:
//! the introspection helpers CPython's own tests use that rupy can answer
//! truthfully (`has_inline_values`, `get_recursion_depth`,
//! `get_long_lived_total`, `dict_getitem_knownhash`). The compiler and
//! assembler hooks (`compiler_codegen`, `new_instruction_sequence`, ...)
//! are not provided.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::dictobject::{self, DictObject};
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;

/// The positional arguments of `name`, exactly `N` of them.
fn exact_args<'a, const N: usize>(name: &str, args: &'a [&'a PyObject], kw: Option<&TupleObject>) -> PyResult<&'a [&'a PyObject; N]> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), &format!("{name}() takes no keyword arguments")));
    }
    args.try_into().map_err(|_| {
        let msg = match N {
            0 => format!("{name}() takes no arguments ({} given)", args.len()),
            1 => format!("{name}() takes exactly one argument ({} given)", args.len()),
            _ => format!("{name} expected {N} arguments, got {}", args.len()),
        };
        errors::set_string(exceptions::type_error(), &msg)
    })
}

/// `has_inline_values(obj)`: whether `obj`'s class keeps instance
/// attributes inline (`Py_TPFLAGS_INLINE_VALUES`) and `obj`'s values are
/// still in use (not moved to its `__dict__`).
fn has_inline_values(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [obj] = exact_args::<1>("has_inline_values", args, kw)?;
    Ok(boolobject::from_bool(dictobject::has_inline_values(obj)))
}

/// `get_recursion_depth()`: the number of Python frames running on this
/// thread, the caller's included.
fn get_recursion_depth(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact_args::<0>("get_recursion_depth", args, kw)?;
    let mut depth = 0i64;
    rupy::vm::frame::walk_frames(|_| {
        depth += 1;
        true
    });
    longobject::from_i64(depth)
}

/// `get_long_lived_total()`: the objects that survived the last
/// collection (the free-threaded GC's `long_lived_total`).
fn get_long_lived_total(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    exact_args::<0>("get_long_lived_total", args, kw)?;
    longobject::from_i64(rupy_gc::collector::long_lived_total() as i64)
}

/// `dict_getitem_knownhash(dict, key, hash)`: `_PyDict_GetItem_KnownHash`,
/// `KeyError` when absent.
fn dict_getitem_knownhash(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let [d, key, hash] = exact_args::<3>("dict_getitem_knownhash", args, kw)?;
    let Some(h) = downcast::<IntObject>(hash).and_then(IntObject::as_i64) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object cannot be interpreted as an integer", type_of(hash).name()),
        ));
    };
    let Some(d) = downcast::<DictObject>(d) else { return Err(errors::bad_internal_call()) };
    match d.get_item_known_hash(key, h as isize)? {
        Some(v) => Ok(v),
        None => Err(errors::set_key_error(key)),
    }
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "has_inline_values", func: has_inline_values },
    BuiltinDef { name: "get_recursion_depth", func: get_recursion_depth },
    BuiltinDef { name: "get_long_lived_total", func: get_long_lived_total },
    BuiltinDef { name: "dict_getitem_knownhash", func: dict_getitem_knownhash },
];

/// `module_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_testinternalcapi")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
