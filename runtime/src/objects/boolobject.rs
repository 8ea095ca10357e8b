//! `bool`, ported from Objects/boolobject.c (`_Py_TrueStruct`,
//! `_Py_FalseStruct`, `bool_repr`, `bool_new`, `bool_and`, `bool_or`,
//! `bool_xor`): a subclass of `int` with two immortal instances.

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{INT_TYPE, IntObject};
use crate::objects::object::{self, ObjRef, PyObject, as_obj, is};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, dealloc_immortal};
use crate::objects::{exceptions, unicodeobject};

/// `False` (`_Py_FalseStruct`).
pub static FALSE: IntObject = IntObject::new_static(&BOOL_TYPE, 0);
/// `True` (`_Py_TrueStruct`).
pub static TRUE: IntObject = IntObject::new_static(&BOOL_TYPE, 1);

/// `PyBool_FromLong`.
#[inline]
pub fn from_bool(b: bool) -> ObjRef {
    object::new_ref(if b { &TRUE } else { &FALSE })
}

/// `PyBool_Check` (bool cannot be subclassed, so exact).
#[inline]
pub fn is_bool(v: &PyObject) -> bool {
    object::is_type(v, &BOOL_TYPE)
}

/// Is `v` the `True` singleton (`Py_IsTrue`)?
#[inline]
pub fn is_true_singleton(v: &PyObject) -> bool {
    is(v, as_obj(&TRUE))
}

/// `bool_repr`.
fn bool_repr(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static(if is_true_singleton(v) { "True" } else { "False" })
}

/// `bool_new`: `bool(x)` is `x`'s truth value.
fn bool_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| k.len() > 0) {
        return Err(errors::set_string(exceptions::type_error(), "bool() takes no keyword arguments"));
    }
    match args.as_slice() {
        [] => Ok(from_bool(false)),
        [x] => Ok(from_bool(object::is_true(x)?)),
        a => Err(errors::set_string(
            exceptions::type_error(),
            &format!("bool expected at most 1 argument, got {}", a.len()),
        )),
    }
}

/// `bool_and` / `bool_or` / `bool_xor`: a bool for two bools, else the
/// int operation.
fn bool_logic(v: &PyObject, w: &PyObject, f: fn(bool, bool) -> bool, int_op: fn(&PyObject, &PyObject) -> PyResult<ObjRef>) -> PyResult<ObjRef> {
    if is_bool(v) && is_bool(w) {
        return Ok(from_bool(f(is_true_singleton(v), is_true_singleton(w))));
    }
    int_op(v, w)
}

fn int_slot(f: fn(&crate::objects::typeobject::Slots) -> Option<fn(&PyObject, &PyObject) -> PyResult<ObjRef>>, v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    match f(&INT_TYPE.slots) {
        Some(op) => op(v, w),
        None => Ok(object::not_implemented()),
    }
}

fn bool_and(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    bool_logic(v, w, |a, b| a & b, |v, w| int_slot(|s| s.nb_and.get(), v, w))
}

fn bool_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    bool_logic(v, w, |a, b| a | b, |v, w| int_slot(|s| s.nb_or.get(), v, w))
}

fn bool_xor(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    bool_logic(v, w, |a, b| a ^ b, |v, w| int_slot(|s| s.nb_xor.get(), v, w))
}

/// `bool_invert`: int's `~`, with 3.14's DeprecationWarning.
fn bool_invert(v: &PyObject) -> PyResult<ObjRef> {
    errors::warn(
        exceptions::deprecation_warning(),
        "Bitwise inversion '~' on bool is deprecated and will be removed in Python 3.16. \
         This returns the bitwise inversion of the underlying int object and is usually not what you expect \
         from negating a bool. Use the 'not' operator for boolean negation or ~int(x) if you really want the \
         bitwise inversion of the underlying int.",
        1,
    )?;
    match INT_TYPE.slots.nb_invert.get() {
        Some(op) => op(v),
        None => Err(errors::bad_internal_call()),
    }
}

/// `bool` (`PyBool_Type`), a final subclass of `int`.
pub static BOOL_TYPE: TypeObject = TypeObject::new_static(
    "bool",
    size_of::<IntObject>(),
    dealloc_immortal,
    TypeSlots {
        tp_repr: Some(bool_repr),
        tp_new: Some(bool_new),
        nb_and: Some(bool_and),
        nb_or: Some(bool_or),
        nb_xor: Some(bool_xor),
        nb_invert: Some(bool_invert),
        ..TypeSlots::EMPTY
    },
)
.with_base(&raw const INT_TYPE)
.with_flags(crate::objects::typeobject::flags::LONG_SUBCLASS)
.with_itemsize(4)
.with_doc("bool(object=False, /)\n--\n\nReturns True when the argument is true, False otherwise.\nThe builtins True and False are the only two instances of the class bool.\nThe class bool is a subclass of the class int, and cannot be subclassed.");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject;
    use crate::objects::r#abstract as ab;

    #[test]
    fn bools_are_ints() {
        crate::state::ensure();
        let t = from_bool(true);
        let f = from_bool(false);
        assert_eq!(object::repr(&t).unwrap().to_string_lossy(), "True");
        assert_eq!(object::hash(&t).unwrap(), 1);
        assert!(object::rich_compare_bool(&t, &longobject::from_i64(1).unwrap(), object::CompareOp::Eq).unwrap());
        assert_eq!(object::repr(&ab::add(&t, &t).unwrap()).unwrap().to_string_lossy(), "2");
        assert!(is(&ab::and(&t, &f).unwrap(), as_obj(&FALSE)));
        assert!(is(&ab::or(&t, &f).unwrap(), as_obj(&TRUE)));
        let three = longobject::from_i64(3).unwrap();
        assert_eq!(object::repr(&ab::xor(&t, &three).unwrap()).unwrap().to_string_lossy(), "2");
        let b = object::call(as_obj(&BOOL_TYPE), &[&three]).unwrap();
        assert!(is_true_singleton(&b));
        assert!(!object::is_true(&object::none()).unwrap());
        assert!(object::is_true(&object::not_implemented()).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "TypeError: NotImplemented should not be used in a boolean context"
        );
        assert_eq!(object::hash(&object::none()).unwrap(), 4_238_894_112);
    }
}
