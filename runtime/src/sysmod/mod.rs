//! The `sys` module, ported from Python/sysmodule.c (the parts programs
//! use). Design notes: docs/import.md.

use crate::errors::PyResult;
use crate::objects::moduleobject;
use crate::objects::object::{ObjRef, as_obj, into_obj};
use crate::objects::{tupleobject, unicodeobject};

/// `_PySys_Create`: the `sys` module.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("sys")?;
    m.add_object("modules", as_obj(&*crate::import::modules_dict()?))?;
    let names: Vec<ObjRef> = crate::import::builtin_module_names()
        .into_iter()
        .map(unicodeobject::intern_str)
        .collect::<PyResult<_>>()?;
    let refs: Vec<&crate::objects::object::PyObject> = names.iter().map(|n| &**n).collect();
    m.add_object("builtin_module_names", as_obj(&*tupleobject::from_slice(&refs)?))?;
    Ok(into_obj(m))
}
