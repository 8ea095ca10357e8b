//! The abstract object protocols, ported from Objects/abstract.c
//! (`binary_op1`, `binary_op`, `PyNumber_Add` with the `sq_concat`
//! fallback, `PyNumber_Subtract`, `PyNumber_Multiply`,
//! `PyNumber_Remainder`, `PyNumber_Power`, `PyNumber_FloorDivide`,
//! `PyNumber_TrueDivide`, `PyNumber_And`/`Or`/`Xor`,
//! `PyNumber_Negative`, `PySequence_Check`, `PySequence_Concat`,
//! `PySequence_InPlaceConcat`, `PyObject_GetItem`, `PyObject_SetItem`,
//! `PyObject_DelItem`, `PyObject_Size`, `PySequence_Contains`,
//! `_PySequence_IterSearch`, `PyObject_GetIter`, `PyIter_Next`,
//! `PyNumber_AsSsize_t`).

use crate::errors::{self, PyResult};
use crate::objects::exceptions;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, PyObject, as_obj, downcast, is_not_implemented, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::slotdefs::{StaticName, lookup_maybe_method};
use crate::objects::typeobject::{BinaryFunc, Slots, TypeObject};

type SlotOf = fn(&Slots) -> Option<BinaryFunc>;

/// `binary_op1`: `v`'s slot, with `w`'s tried first if `w`'s type is a
/// subtype of `v`'s that defines a different slot; `NotImplemented` if
/// neither handles it.
fn binary_op1(v: &PyObject, w: &PyObject, slot: SlotOf) -> PyResult<ObjRef> {
    let (vt, wt) = (type_of(v), type_of(w));
    let slotv = slot(&vt.slots);
    let mut slotw = if core::ptr::eq(vt, wt) { None } else { slot(&wt.slots) };
    if slotw.map(|f| f as usize) == slotv.map(|f| f as usize) {
        slotw = None;
    }
    if let Some(fv) = slotv {
        if let Some(fw) = slotw
            && wt.is_subtype(vt)
        {
            let x = fw(v, w)?;
            if !is_not_implemented(&x) {
                return Ok(x);
            }
            slotw = None;
        }
        let x = fv(v, w)?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    if let Some(fw) = slotw {
        let x = fw(v, w)?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    Ok(object::not_implemented())
}

/// `binop_type_error`.
fn binop_type_error(v: &PyObject, w: &PyObject, op: &str) -> errors::ErrSet {
    errors::set_string(
        exceptions::type_error(),
        &format!(
            "unsupported operand type(s) for {op}: '{}' and '{}'",
            type_of(v).name(),
            type_of(w).name()
        ),
    )
}

/// `binary_op`: `binary_op1` or the TypeError.
fn binary_op(v: &PyObject, w: &PyObject, slot: SlotOf, op: &str) -> PyResult<ObjRef> {
    let r = binary_op1(v, w, slot)?;
    if is_not_implemented(&r) {
        return Err(binop_type_error(v, w, op));
    }
    Ok(r)
}

/// `PyNumber_Add`: numbers, then sequence concatenation.
pub fn add(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let r = binary_op1(v, w, |s| s.nb_add.get())?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    if let Some(concat) = type_of(v).slots.sq_concat.get() {
        return concat(v, w);
    }
    Err(binop_type_error(v, w, "+"))
}

/// `PySequence_Check`: not a dict, and has `sq_item`.
pub fn sequence_check(s: &PyObject) -> bool {
    !object::type_check(s, &crate::objects::dictobject::DICT_TYPE) && type_of(s).slots.sq_item.get().is_some()
}

fn cannot_concatenate(s: &PyObject) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), &format!("'{}' object can't be concatenated", type_of(s).name()))
}

/// `PySequence_Concat`: `sq_concat`, else `nb_add` when both look like
/// sequences (classes defining `__add__` get only the number slot).
pub fn sequence_concat(s: &PyObject, o: &PyObject) -> PyResult<ObjRef> {
    if let Some(f) = type_of(s).slots.sq_concat.get() {
        return f(s, o);
    }
    if sequence_check(s) && sequence_check(o) {
        let r = binary_op1(s, o, |t| t.nb_add.get())?;
        if !is_not_implemented(&r) {
            return Ok(r);
        }
    }
    Err(cannot_concatenate(s))
}

/// `PySequence_InPlaceConcat`: `sq_inplace_concat`, `sq_concat`, else
/// `nb_inplace_add`/`nb_add` when both look like sequences.
pub fn sequence_inplace_concat(s: &PyObject, o: &PyObject) -> PyResult<ObjRef> {
    let slots = &type_of(s).slots;
    if let Some(f) = slots.sq_inplace_concat.get().or(slots.sq_concat.get()) {
        return f(s, o);
    }
    if sequence_check(s) && sequence_check(o) {
        let r = binary_iop1(s, o, |t| t.nb_inplace_add.get(), |t| t.nb_add.get())?;
        if !is_not_implemented(&r) {
            return Ok(r);
        }
    }
    Err(cannot_concatenate(s))
}

/// `PyNumber_Subtract`.
pub fn subtract(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_subtract.get(), "-")
}

/// `PyNumber_Multiply`: numbers, then sequence repetition by either
/// operand's `sq_repeat`.
pub fn multiply(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let r = binary_op1(v, w, |s| s.nb_multiply.get())?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    if let Some(f) = type_of(v).slots.sq_repeat.get() {
        return sequence_repeat(f, v, w);
    }
    if let Some(f) = type_of(w).slots.sq_repeat.get() {
        return sequence_repeat(f, w, v);
    }
    Err(binop_type_error(v, w, "*"))
}

/// `sequence_repeat`: `seq * n` for an index-like `n`.
fn sequence_repeat(f: crate::objects::typeobject::SsizeArgFunc, seq: &PyObject, n: &PyObject) -> PyResult<ObjRef> {
    if type_of(n).slots.nb_index.get().is_none() && downcast::<IntObject>(n).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can't multiply sequence by non-int of type '{}'", type_of(n).name()),
        ));
    }
    let count = as_ssize(n, Some(exceptions::overflow_error()))?;
    f(seq, count)
}

/// `binary_iop1`: `v`'s in-place slot, else the binary operation.
fn binary_iop1(v: &PyObject, w: &PyObject, islot: SlotOf, slot: SlotOf) -> PyResult<ObjRef> {
    if let Some(f) = islot(&type_of(v).slots) {
        let x = f(v, w)?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    binary_op1(v, w, slot)
}

/// The in-place operator `v op= w` by `BINARY_OP`'s operator number
/// (`PyNumber_InPlaceAdd` ... `PyNumber_InPlaceMatrixMultiply`, with the
/// sequence fallbacks of `+=` and `*=`). `kind` is the binary operator's
/// `NB_*` number (0..=12).
pub fn inplace_op(kind: u32, v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    type Pair = (SlotOf, SlotOf, &'static str);
    let (islot, slot, sym): Pair = match kind {
        0 => (|s| s.nb_inplace_add.get(), |s| s.nb_add.get(), "+="),
        1 => (|s| s.nb_inplace_and.get(), |s| s.nb_and.get(), "&="),
        2 => (|s| s.nb_inplace_floor_divide.get(), |s| s.nb_floor_divide.get(), "//="),
        3 => (|s| s.nb_inplace_lshift.get(), |s| s.nb_lshift.get(), "<<="),
        4 => (|s| s.nb_inplace_matrix_multiply.get(), |s| s.nb_matrix_multiply.get(), "@="),
        5 => (|s| s.nb_inplace_multiply.get(), |s| s.nb_multiply.get(), "*="),
        6 => (|s| s.nb_inplace_remainder.get(), |s| s.nb_remainder.get(), "%="),
        7 => (|s| s.nb_inplace_or.get(), |s| s.nb_or.get(), "|="),
        8 => (|s| s.nb_inplace_power.get(), |s| s.nb_power.get(), "**="),
        9 => (|s| s.nb_inplace_rshift.get(), |s| s.nb_rshift.get(), ">>="),
        10 => (|s| s.nb_inplace_subtract.get(), |s| s.nb_subtract.get(), "-="),
        11 => (|s| s.nb_inplace_true_divide.get(), |s| s.nb_true_divide.get(), "/="),
        12 => (|s| s.nb_inplace_xor.get(), |s| s.nb_xor.get(), "^="),
        _ => return Err(errors::bad_internal_call()),
    };
    let r = binary_iop1(v, w, islot, slot)?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    let vs = &type_of(v).slots;
    if kind == 0 {
        if let Some(f) = vs.sq_inplace_concat.get().or(vs.sq_concat.get()) {
            return f(v, w);
        }
    } else if kind == 5 {
        if let Some(f) = vs.sq_inplace_repeat.get().or(vs.sq_repeat.get()) {
            return sequence_repeat(f, v, w);
        }
        if let Some(f) = type_of(w).slots.sq_repeat.get() {
            return sequence_repeat(f, w, v);
        }
    }
    Err(binop_type_error(v, w, sym))
}

/// `PyNumber_Remainder`.
pub fn remainder(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_remainder.get(), "%")
}

/// `PyNumber_Power` with no modulus.
pub fn power(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_power.get(), "** or pow()")
}

/// `PyNumber_FloorDivide`.
pub fn floor_divide(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_floor_divide.get(), "//")
}

/// `PyNumber_TrueDivide`.
pub fn true_divide(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_true_divide.get(), "/")
}

/// `PyNumber_And`.
pub fn and(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_and.get(), "&")
}

/// `PyNumber_Or`.
pub fn or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_or.get(), "|")
}

/// `PyNumber_Xor`.
pub fn xor(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_xor.get(), "^")
}

/// `PyNumber_Lshift`.
pub fn lshift(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_lshift.get(), "<<")
}

/// `PyNumber_Rshift`.
pub fn rshift(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_rshift.get(), ">>")
}

/// `PyNumber_MatrixMultiply`.
pub fn matrix_multiply(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_matrix_multiply.get(), "@")
}

/// `PyNumber_Divmod`.
pub fn divmod(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    binary_op(v, w, |s| s.nb_divmod.get(), "divmod()")
}

/// `PyNumber_Absolute`.
pub fn absolute(v: &PyObject) -> PyResult<ObjRef> {
    match type_of(v).slots.nb_absolute.get() {
        Some(f) => f(v),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("bad operand type for abs(): '{}'", type_of(v).name()),
        )),
    }
}

/// `PyNumber_Negative`.
pub fn negative(v: &PyObject) -> PyResult<ObjRef> {
    match type_of(v).slots.nb_negative.get() {
        Some(f) => f(v),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("bad operand type for unary -: '{}'", type_of(v).name()),
        )),
    }
}

/// `PyObject_GetItem`: the mapping slot, else the sequence slot with an
/// integer index (negative indices counted from the end).
pub fn get_item(o: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let slots = &type_of(o).slots;
    if let Some(f) = slots.mp_subscript.get() {
        return f(o, key);
    }
    if let Some(f) = slots.sq_item.get() {
        let Some(i) = downcast::<IntObject>(key) else {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("sequence index must be integer, not '{}'", type_of(key).name()),
            ));
        };
        let mut i = longobject::as_index_isize(i, exceptions::index_error(), "cannot fit 'int' into an index-sized integer")?;
        if i < 0
            && let Some(len) = slots.sq_length.get()
        {
            i += len(o)?;
        }
        return f(o, i);
    }
    if let Some(t) = downcast::<crate::objects::typeobject::TypeObject>(o) {
        // `type[key]`: `__class_getitem__`.
        let name = crate::objects::unicodeobject::intern_str("__class_getitem__")?;
        return match object::get_attr(o, &name) {
            Ok(meth) => object::call(&meth, &[key]),
            Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
                drop(e);
                errors::clear();
                Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("type '{}' is not subscriptable", t.name()),
                ))
            }
            Err(e) => Err(e),
        };
    }
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("'{}' object is not subscriptable", type_of(o).name()),
    ))
}

/// `PyObject_SetItem`.
pub fn set_item(o: &PyObject, key: &PyObject, value: &PyObject) -> PyResult<()> {
    match type_of(o).slots.mp_ass_subscript.get() {
        Some(f) => f(o, key, Some(value)),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object does not support item assignment", type_of(o).name()),
        )),
    }
}

/// `PyObject_DelItem`.
pub fn del_item(o: &PyObject, key: &PyObject) -> PyResult<()> {
    match type_of(o).slots.mp_ass_subscript.get() {
        Some(f) => f(o, key, None),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object does not support item deletion", type_of(o).name()),
        )),
    }
}

/// `PyObject_Size`.
pub fn size(o: &PyObject) -> PyResult<isize> {
    let slots = &type_of(o).slots;
    match slots.sq_length.get().or(slots.mp_length.get()) {
        Some(f) => f(o),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("object of type '{}' has no len()", type_of(o).name()),
        )),
    }
}

/// `PySequence_Contains` (`x in o`): `sq_contains`, else a search by
/// iteration.
pub fn contains(o: &PyObject, x: &PyObject) -> PyResult<bool> {
    match type_of(o).slots.sq_contains.get() {
        Some(f) => f(o, x),
        None => iter_search_contains(o, x),
    }
}

/// `_PySequence_IterSearch(PY_ITERSEARCH_CONTAINS)`: is an item of the
/// iteration identical or equal to `x`?
pub fn iter_search_contains(o: &PyObject, x: &PyObject) -> PyResult<bool> {
    let it = match get_iter(o) {
        Ok(it) => it,
        Err(e) if errors::exception_matches(exceptions::type_error()) => {
            drop(e);
            errors::clear();
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("argument of type '{}' is not a container or iterable", type_of(o).name()),
            ));
        }
        Err(e) => return Err(e),
    };
    while let Some(item) = iter_next(&it)? {
        if object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `PyObject_GetIter`: `tp_iter`, else a sequence iterator over
/// `__getitem__`; the result must be an iterator.
pub fn get_iter(o: &PyObject) -> PyResult<ObjRef> {
    let ty = type_of(o);
    let Some(f) = ty.slots.tp_iter.get() else {
        if ty.slots.sq_item.get().is_some() {
            return crate::objects::iterobject::new_seq_iter(o);
        }
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not iterable", ty.name()),
        ));
    };
    let it = f(o)?;
    if type_of(&it).slots.tp_iternext.get().is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("iter() returned non-iterator of type '{}'", type_of(&it).name()),
        ));
    }
    Ok(it)
}

/// `PyIter_Next`: the next item, `None` when exhausted (a StopIteration
/// raised by the iterator is cleared).
pub fn iter_next(it: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(f) = type_of(it).slots.tp_iternext.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not an iterator", type_of(it).name()),
        ));
    };
    match f(it) {
        Err(e) if errors::exception_matches(exceptions::stop_iteration()) => {
            drop(e);
            errors::clear();
            Ok(None)
        }
        r => r,
    }
}

/// The items of an exact list or tuple, copied in one step (the case
/// where `PySequence_Fast` returns its argument); `None` for anything else.
pub fn exact_sequence_items(o: &PyObject) -> Option<Vec<ObjRef>> {
    if object::is_type(o, &crate::objects::listobject::LIST_TYPE) {
        return downcast::<crate::objects::listobject::ListObject>(o).map(|l| l.snapshot());
    }
    if object::is_type(o, &crate::objects::tupleobject::TUPLE_TYPE) {
        return downcast::<TupleObject>(o).map(|t| t.as_slice().to_vec());
    }
    None
}

/// Collects an iterable into a vector (`PySequence_Fast`'s items).
pub fn collect(o: &PyObject) -> PyResult<Vec<ObjRef>> {
    if let Some(items) = exact_sequence_items(o) {
        return Ok(items);
    }
    let it = get_iter(o)?;
    let mut v = Vec::new();
    while let Some(item) = iter_next(&it)? {
        v.push(item);
    }
    Ok(v)
}

/// `PyNumber_AsSsize_t`: an int (or `__index__` result) as an isize;
/// out of range raises `overflow` with CPython's message, or clamps when
/// `overflow` is `None`.
pub fn as_ssize(o: &PyObject, overflow: Option<&crate::objects::typeobject::TypeObject>) -> PyResult<isize> {
    let idx = index(o)?;
    let Some(i) = downcast::<IntObject>(&idx) else { return Err(errors::bad_internal_call()) };
    if let Some(v) = i.as_i64().and_then(|v| isize::try_from(v).ok()) {
        return Ok(v);
    }
    match overflow {
        Some(t) => Err(errors::set_string(
            t,
            &format!("cannot fit '{}' into an index-sized integer", type_of(o).name()),
        )),
        None => Ok(if i.sign() < 0 { isize::MIN } else { isize::MAX }),
    }
}

/// `PyNumber_Index`: an int, or the result of `nb_index` (which must be
/// an int).
pub fn index(o: &PyObject) -> PyResult<ObjRef> {
    if downcast::<IntObject>(o).is_some() {
        return Ok(object::new_ref(o));
    }
    let Some(f) = type_of(o).slots.nb_index.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object cannot be interpreted as an integer", type_of(o).name()),
        ));
    };
    let r = f(o)?;
    if downcast::<IntObject>(&r).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__index__ returned non-int (type {})", type_of(&r).name()),
        ));
    }
    if !object::is_type(&r, &crate::objects::longobject::INT_TYPE) {
        errors::warn(
            exceptions::deprecation_warning(),
            &format!(
                "__index__ returned non-int (type {}).  The ability to return an instance of a strict subclass of int is deprecated, and may be removed in a future version of Python.",
                type_of(&r).name()
            ),
            1,
        )?;
    }
    Ok(r)
}

/// `PyNumber_Index` proper: as [`index`], with an int subclass's value
/// copied into an exact int.
pub fn index_exact(o: &PyObject) -> PyResult<ObjRef> {
    let r = index(o)?;
    if object::is_type(&r, &crate::objects::longobject::INT_TYPE) {
        return Ok(r);
    }
    let v = downcast::<IntObject>(&r).ok_or_else(errors::bad_internal_call)?.to_bigint();
    crate::objects::longobject::from_bigint(v)
}

/// `x == y` as a bool (`PyObject_RichCompareBool(x, y, Py_EQ)`).
pub fn eq(x: &PyObject, y: &PyObject) -> PyResult<bool> {
    object::rich_compare_bool(x, y, CompareOp::Eq)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::unicodeobject;

    #[test]
    fn type_errors_match_cpython() {
        crate::state::ensure();
        let one = longobject::from_i64(1).unwrap();
        let a = unicodeobject::intern_str("a").unwrap();
        assert!(add(&one, &a).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
        assert!(power(&one, &a).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'str'"
        );
        assert!(object::rich_compare(&one, &a, CompareOp::Lt).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "TypeError: '<' not supported between instances of 'int' and 'str'"
        );
        assert!(!eq(&one, &a).unwrap());
        assert!(negative(&a).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: bad operand type for unary -: 'str'");
        assert!(get_item(&one, &one).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: 'int' object is not subscriptable");
        assert!(size(&one).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: object of type 'int' has no len()");
    }
}

// ---------------------------------------------------------------------
// isinstance / issubclass (Objects/abstract.c).

/// `PyObject_GetOptionalAttr`: `name` on `v`, `None` on AttributeError.
fn optional_attr(v: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    match object::get_attr_str(v, name) {
        Ok(a) => Ok(Some(a)),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `abstract_get_bases`: `cls.__bases__` if it is a tuple.
fn abstract_get_bases(cls: &PyObject) -> PyResult<Option<ObjRef>> {
    Ok(optional_attr(cls, "__bases__")?.filter(|b| downcast::<TupleObject>(b).is_some()))
}

/// `abstract_issubclass`: walks `__bases__` (single inheritance in a loop).
fn abstract_issubclass(derived: &PyObject, cls: &PyObject) -> PyResult<bool> {
    let mut derived = object::new_ref(derived);
    loop {
        if core::ptr::eq(&*derived, cls) {
            return Ok(true);
        }
        let Some(bases) = abstract_get_bases(&derived)? else { return Ok(false) };
        let Some(t) = downcast::<TupleObject>(&bases) else { return Ok(false) };
        match t.len() {
            0 => return Ok(false),
            1 => derived = t.as_slice()[0].clone(),
            _ => {
                crate::state::enter_recursive_call(" in __issubclass__")?;
                let mut r = Ok(false);
                for b in t.as_slice() {
                    r = abstract_issubclass(b, cls);
                    if !matches!(r, Ok(false)) {
                        break;
                    }
                }
                crate::state::leave_recursive_call();
                return r;
            }
        }
    }
}

/// `check_class`: raises TypeError(`msg`) unless `cls` has tuple `__bases__`.
fn check_class(cls: &PyObject, msg: &str) -> PyResult<()> {
    match abstract_get_bases(cls)? {
        Some(_) => Ok(()),
        None => Err(errors::set_string(exceptions::type_error(), msg)),
    }
}

/// `object_isinstance`: the default check, `__class__` included.
fn object_isinstance(inst: &PyObject, cls: &PyObject) -> PyResult<bool> {
    if let Some(t) = downcast::<TypeObject>(cls) {
        if object::type_check(inst, t) {
            return Ok(true);
        }
        let Some(icls) = optional_attr(inst, "__class__")? else { return Ok(false) };
        if !core::ptr::eq(&*icls, as_obj(type_of(inst))) {
            if let Some(it) = downcast::<TypeObject>(&icls) {
                return Ok(core::ptr::eq(it, t) || it.is_subtype(t));
            }
        }
        return Ok(false);
    }
    check_class(cls, "isinstance() arg 2 must be a type, a tuple of types, or a union")?;
    match optional_attr(inst, "__class__")? {
        Some(icls) => abstract_issubclass(&icls, cls),
        None => Ok(false),
    }
}

/// The classes of a tuple or union second argument, if it is one.
fn class_sequence(cls: &PyObject) -> Option<Vec<ObjRef>> {
    if let Some(t) = downcast::<TupleObject>(cls) {
        return Some(t.as_slice().to_vec());
    }
    crate::objects::unionobject::union_args(cls)
}

/// Calls `cls`'s metaclass's `name` hook (`__instancecheck__` /
/// `__subclasscheck__`) on `arg`, `None` if the metaclass has none.
fn call_check_hook(cls: &PyObject, name: &StaticName, arg: &PyObject, where_: &str) -> PyResult<Option<bool>> {
    let Some((f, unbound)) = lookup_maybe_method(cls, name.get()?)? else { return Ok(None) };
    crate::state::enter_recursive_call(where_)?;
    let res = if unbound { object::call(&f, &[cls, arg]) } else { object::call(&f, &[arg]) };
    crate::state::leave_recursive_call();
    let res = res?;
    object::is_true(&res).map(Some)
}

static INSTANCECHECK: StaticName = StaticName::new("__instancecheck__");
static SUBCLASSCHECK: StaticName = StaticName::new("__subclasscheck__");

/// `PyObject_IsInstance` (`object_recursive_isinstance`).
pub fn is_instance(inst: &PyObject, cls: &PyObject) -> PyResult<bool> {
    if core::ptr::eq(as_obj(type_of(inst)), cls) {
        return Ok(true);
    }
    if is_exact_type(cls) {
        return object_isinstance(inst, cls);
    }
    if let Some(items) = class_sequence(cls) {
        crate::state::enter_recursive_call(" in __instancecheck__")?;
        let mut r = Ok(false);
        for c in &items {
            r = is_instance(inst, c);
            if !matches!(r, Ok(false)) {
                break;
            }
        }
        crate::state::leave_recursive_call();
        return r;
    }
    match call_check_hook(cls, &INSTANCECHECK, inst, " in __instancecheck__")? {
        Some(r) => Ok(r),
        None => object_isinstance(inst, cls),
    }
}

/// `recursive_issubclass`: the default check.
fn recursive_issubclass(derived: &PyObject, cls: &PyObject) -> PyResult<bool> {
    if let (Some(d), Some(c)) = (downcast::<TypeObject>(derived), downcast::<TypeObject>(cls)) {
        return Ok(core::ptr::eq(d, c) || d.is_subtype(c));
    }
    check_class(derived, "issubclass() arg 1 must be a class")?;
    if crate::objects::unionobject::union_args(cls).is_none() {
        check_class(cls, "issubclass() arg 2 must be a class, a tuple of classes, or a union")?;
    }
    abstract_issubclass(derived, cls)
}

/// `PyObject_IsSubclass` (`object_issubclass`).
pub fn is_subclass(derived: &PyObject, cls: &PyObject) -> PyResult<bool> {
    if is_exact_type(cls) {
        if core::ptr::eq(derived, cls) {
            return Ok(true);
        }
        return recursive_issubclass(derived, cls);
    }
    if let Some(items) = class_sequence(cls) {
        crate::state::enter_recursive_call(" in __subclasscheck__")?;
        let mut r = Ok(false);
        for c in &items {
            r = is_subclass(derived, c);
            if !matches!(r, Ok(false)) {
                break;
            }
        }
        crate::state::leave_recursive_call();
        return r;
    }
    match call_check_hook(cls, &SUBCLASSCHECK, derived, " in __subclasscheck__")? {
        Some(r) => Ok(r),
        None => recursive_issubclass(derived, cls),
    }
}

/// `PyType_CheckExact`.
fn is_exact_type(v: &PyObject) -> bool {
    core::ptr::eq(type_of(v), &crate::objects::typeobject::TYPE_TYPE)
}
