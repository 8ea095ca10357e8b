//! The PEP 695 type-parameter objects, ported from
//! Objects/typevarobject.c: `TypeVar`, `ParamSpec`, `TypeVarTuple` and
//! `TypeAliasType` with their lazily evaluated bounds, constraints,
//! defaults and values, and the intrinsics that make them
//! (`_Py_make_typevar`, `_Py_make_typealias`, `_Py_subscript_generic`,
//! `_Py_set_typeparam_default`).

use crate::errors::{self, PyResult};
use crate::objects::exceptions;
use crate::objects::object::{ObjRef, PyObject};

fn not_yet(what: &str) -> errors::ErrSet {
    errors::set_string(
        exceptions::system_error(),
        &format!("rupy: {what} is not implemented yet"),
    )
}

/// `_Py_make_typevar` (INTRINSIC_TYPEVAR and the `_WITH_BOUND` /
/// `_WITH_CONSTRAINTS` forms).
pub fn make_typevar(_name: &PyObject, _bound: Option<&PyObject>, _constraints: Option<&PyObject>) -> PyResult<ObjRef> {
    Err(not_yet("TypeVar"))
}

/// INTRINSIC_PARAMSPEC.
pub fn make_paramspec(_name: &PyObject) -> PyResult<ObjRef> {
    Err(not_yet("ParamSpec"))
}

/// INTRINSIC_TYPEVARTUPLE.
pub fn make_typevartuple(_name: &PyObject) -> PyResult<ObjRef> {
    Err(not_yet("TypeVarTuple"))
}

/// `_Py_subscript_generic` (INTRINSIC_SUBSCRIPT_GENERIC).
pub fn subscript_generic(_params: &PyObject) -> PyResult<ObjRef> {
    Err(not_yet("Generic[...]"))
}

/// `_Py_make_typealias` (INTRINSIC_TYPEALIAS).
pub fn make_typealias(_args: &PyObject) -> PyResult<ObjRef> {
    Err(not_yet("TypeAliasType"))
}

/// `_Py_set_typeparam_default` (INTRINSIC_SET_TYPEPARAM_DEFAULT).
pub fn set_typeparam_default(_param: &PyObject, _evaluate: &PyObject) -> PyResult<ObjRef> {
    Err(not_yet("type parameter defaults"))
}
