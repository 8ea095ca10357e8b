//! The `_typing` module (Modules/_typingmodule.c): the C-level pieces of
//! `typing` — the type-parameter types, `Generic`, `TypeAliasType`,
//! `Union` (`types.UnionType`), `NoDefault` and `_idfunc` — which live
//! in the runtime (`rupy::objects::typevarobject`).

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typevarobject as tv;

/// `_idfunc(x)`: `x` (what `typing.NewType` instances call).
fn idfunc(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    match (args, kwnames.map_or(0, TupleObject::len)) {
        ([x], 0) => Ok(object::new_ref(*x)),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("_idfunc() takes exactly one argument ({} given)", args.len()),
        )),
    }
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "_idfunc", func: idfunc }];

/// `_typing_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_typing")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, t) in [
        ("TypeVar", &tv::TYPEVAR_TYPE),
        ("ParamSpec", &tv::PARAMSPEC_TYPE),
        ("TypeVarTuple", &tv::TYPEVARTUPLE_TYPE),
        ("ParamSpecArgs", &tv::PARAMSPEC_ARGS_TYPE),
        ("ParamSpecKwargs", &tv::PARAMSPEC_KWARGS_TYPE),
        ("TypeAliasType", &tv::TYPE_ALIAS_TYPE),
        ("Generic", &tv::GENERIC_TYPE),
        ("Union", &rupy::objects::unionobject::UNION_TYPE),
    ] {
        t.ready()?;
        m.add_object(name, as_obj(t))?;
    }
    m.add_object("NoDefault", &tv::NO_DEFAULT)?;
    Ok(into_obj(m))
}
