//! The import machinery, ported from Python/import.c
//! (`PyImport_ImportModuleLevelObject`, `resolve_name`, `import_from`,
//! `import_all_from`) with a native path-based finder in place of
//! importlib._bootstrap (docs/import.md).

use crate::errors::{self, PyResult};
use crate::objects::object::{ObjRef, PyObject};

/// `PyImport_ImportModuleLevelObject`.
pub fn import_module_level(
    _name: &PyObject,
    _globals: Option<&PyObject>,
    _fromlist: Option<&PyObject>,
    _level: isize,
) -> PyResult<ObjRef> {
    Err(errors::set_string(crate::objects::exceptions::system_error(), "rupy: import not implemented yet"))
}

/// `PyImport_ImportModule`.
pub fn import_module(_name: &str) -> PyResult<ObjRef> {
    Err(errors::set_string(crate::objects::exceptions::system_error(), "rupy: import not implemented yet"))
}

/// `import_from` (IMPORT_FROM).
pub fn import_from(_v: &PyObject, _name: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(crate::objects::exceptions::system_error(), "rupy: import not implemented yet"))
}

/// `import_all_from` (INTRINSIC_IMPORT_STAR).
pub fn import_star(_locals: &PyObject, _v: &PyObject) -> PyResult<()> {
    Err(errors::set_string(crate::objects::exceptions::system_error(), "rupy: import not implemented yet"))
}
