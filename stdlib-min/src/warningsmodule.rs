//! The `_warnings` module, in part (Python/_warnings.c): `warn` and
//! `warn_explicit` for the interpreter's own Python code (importlib's
//! bootstrap imports `_warnings` as a builtin). They hand the warning to
//! Lib's `warnings` module, which keeps the filters and the registry in
//! its pure-Python implementation (`_py_warnings`): this module does not
//! export `filters`, so `warnings.py` takes that path. The C filter
//! machinery itself is not ported yet (docs/stdlib.md).

use rupy::builtins::BuiltinDef;
use rupy::errors::PyResult;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, into_obj};
use rupy::objects::tupleobject::{self, TupleObject};

/// Calls `warnings.<name>` with the same arguments.
fn forward(name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let warnings = rupy::import::import_module("warnings")?;
    let f = object::get_attr_str(&warnings, name)?;
    let nkw = kwnames.map_or(0, TupleObject::len);
    let pos = tupleobject::from_slice(&args[..args.len() - nkw])?;
    let kw = match kwnames {
        Some(k) if !k.is_empty() => {
            let d = rupy::objects::dictobject::DictObject::new()?;
            for (key, v) in k.as_slice().iter().zip(&args[args.len() - nkw..]) {
                d.set_item(key, v)?;
            }
            Some(d)
        }
        _ => None,
    };
    rupy::objects::call::call_tuple_dict(&f, &pos, kw.as_deref())
}

/// `warn(message, category=None, stacklevel=1, source=None, *,
/// skip_file_prefixes=())`.
fn warn(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    forward("warn", args, kwnames)
}

/// `warn_explicit(message, category, filename, lineno, module=None,
/// registry=None, module_globals=None, source=None)`.
fn warn_explicit(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    forward("warn_explicit", args, kwnames)
}

static FUNCTIONS: [BuiltinDef; 2] = [
    BuiltinDef { name: "warn", func: warn },
    BuiltinDef { name: "warn_explicit", func: warn_explicit },
];

/// `warnings_module_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_warnings")?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
