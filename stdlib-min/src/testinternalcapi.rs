//! The `_testinternalcapi` module, ported from Modules/_testinternalcapi.c:
//! the introspection helpers CPython's own tests use that rupy can answer
//! truthfully. Only `has_inline_values` so far.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::dictobject;
use rupy::objects::exceptions;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, into_obj};
use rupy::objects::tupleobject::TupleObject;

/// `has_inline_values(obj)`: whether `obj`'s class keeps instance
/// attributes inline (`Py_TPFLAGS_INLINE_VALUES`) and `obj`'s values are
/// still in use (not moved to its `__dict__`).
fn has_inline_values(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    match (args, kw.map_or(0, TupleObject::len)) {
        ([obj], 0) => Ok(boolobject::from_bool(dictobject::has_inline_values(obj))),
        (_, 0) => Err(errors::set_string(
            exceptions::type_error(),
            &format!("has_inline_values() takes exactly one argument ({} given)", args.len()),
        )),
        _ => Err(errors::set_string(exceptions::type_error(), "has_inline_values() takes no keyword arguments")),
    }
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "has_inline_values", func: has_inline_values }];

/// `module_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_testinternalcapi")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
