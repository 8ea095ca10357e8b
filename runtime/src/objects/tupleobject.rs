//! `tuple`, ported from Objects/tupleobject.c (`PyTuple_New` /
//! `_PyTuple_FromArray`, the empty-tuple singleton, `tupledealloc`,
//! `tuple_repr`, `tuple_hash` (xxHash-based, cached in `ob_hash` as in
//! 3.14), `tuple_richcompare`, `tuplelength`, `tupleitem`, `tupleconcat`,
//! `tuplecontains`).

use core::ptr::NonNull;
use std::sync::atomic::{AtomicIsize, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{boolobject, exceptions, unicodeobject};
use crate::state;

/// A `tuple` (`PyTupleObject`): the items follow inline, each an owned
/// reference.
#[repr(C)]
pub struct TupleObject {
    ob_base: ObjectHeader,
    /// `ob_size`.
    ob_size: isize,
    /// Cached hash, -1 until computed (`ob_hash`).
    ob_hash: AtomicIsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TupleObject {}

impl PyClass for TupleObject {
    fn type_object() -> &'static TypeObject {
        &TUPLE_TYPE
    }
}

impl TupleObject {
    /// `PyTuple_GET_SIZE`.
    pub fn len(&self) -> usize {
        self.ob_size as usize
    }

    /// Is it `()`?
    pub fn is_empty(&self) -> bool {
        self.ob_size == 0
    }

    /// The items (`ob_item`).
    pub fn as_slice(&self) -> &[ObjRef] {
        // SAFETY: ob_size initialized owned references follow the struct
        // (written at creation, immutable afterwards); ObjRef is a
        // pointer-sized owned reference, and the offset is pointer-aligned.
        unsafe {
            core::slice::from_raw_parts(
                core::ptr::from_ref(self).cast::<u8>().add(size_of::<TupleObject>()).cast::<ObjRef>(),
                self.len(),
            )
        }
    }
}

/// The empty tuple (`_Py_SINGLETON(tuple_empty)`), immortal.
static EMPTY_TUPLE: TupleObject = TupleObject {
    ob_base: ObjectHeader::new_static(&raw const TUPLE_TYPE.head),
    ob_size: 0,
    ob_hash: AtomicIsize::new(-1),
};

/// `_PyTuple_FromArray`: a tuple of new references to `items`.
pub fn from_slice(items: &[&PyObject]) -> PyResult<PyRef<TupleObject>> {
    if items.is_empty() {
        return Ok(PyRef::new_ref(&EMPTY_TUPLE));
    }
    let size = items
        .len()
        .checked_mul(size_of::<ObjRef>())
        .and_then(|n| n.checked_add(size_of::<TupleObject>()))
        .filter(|&n| n <= isize::MAX as usize);
    let Some(size) = size else { return Err(errors::no_memory()) };
    let p = object::alloc_raw(size)?;
    let t = TupleObject {
        ob_base: ObjectHeader::new(&TUPLE_TYPE.head),
        ob_size: items.len() as isize,
        ob_hash: AtomicIsize::new(-1),
    };
    // SAFETY: fresh allocation sized for the struct and the items.
    unsafe {
        p.cast::<TupleObject>().as_ptr().write(t);
        let dst = p.as_ptr().add(size_of::<TupleObject>()).cast::<ObjRef>();
        for (i, it) in items.iter().enumerate() {
            dst.add(i).write(PyRef::new_ref(*it));
        }
    }
    // SAFETY: initialized, refcount one.
    Ok(unsafe { PyRef::from_raw(p.cast()) })
}

/// `tupledealloc`: releases the items (last first), then the memory.
unsafe fn tuple_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: a dead tuple; its items are owned and dropped exactly once.
    unsafe {
        let t = op.cast::<TupleObject>().as_ref();
        let items = core::ptr::from_ref(t.as_slice()).cast_mut();
        core::ptr::drop_in_place(items);
        object::free_object(op);
    }
}

fn as_tuple(v: &PyObject) -> PyResult<&TupleObject> {
    downcast::<TupleObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `tuple_repr`: `()`, `(x,)`, `(x, y)`; `(...)` when recursive.
fn tuple_repr(v: &PyObject) -> PyResult<ObjRef> {
    let t = as_tuple(v)?;
    if t.is_empty() {
        return unicodeobject::from_static("()");
    }
    if state::repr_enter(v) {
        return unicodeobject::from_static("(...)");
    }
    let mut out = String::from("(");
    let mut res = Ok(());
    for (i, it) in t.as_slice().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match object::repr(it) {
            Ok(s) => out.push_str(&s.to_string_lossy()),
            Err(e) => {
                res = Err(e);
                break;
            }
        }
    }
    state::repr_leave(v);
    res?;
    out.push_str(if t.len() == 1 { ",)" } else { ")" });
    unicodeobject::from_string(out).map(into_obj)
}

const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// `tuple_hash`: xxHash's mixing over the items' hashes, cached.
fn tuple_hash(v: &PyObject) -> PyResult<isize> {
    let t = as_tuple(v)?;
    let cached = t.ob_hash.load(Ordering::Relaxed);
    if cached != -1 {
        return Ok(cached);
    }
    let mut acc = XXPRIME_5;
    for it in t.as_slice() {
        let lane = object::hash(it)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add((t.len() as u64) ^ (XXPRIME_5 ^ 3_527_539));
    let h = if acc == u64::MAX { 1_546_275_796 } else { acc as isize };
    t.ob_hash.store(h, Ordering::Relaxed);
    Ok(h)
}

/// Rich comparison of two item sequences (`tuplerichcompare` /
/// `list_richcompare_impl`): the first unequal pair decides, else the
/// lengths.
pub(crate) fn sequence_richcompare(a: &[ObjRef], b: &[ObjRef], op: CompareOp) -> PyResult<ObjRef> {
    if a.len() != b.len() && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(boolobject::from_bool(op == CompareOp::Ne));
    }
    for (x, y) in a.iter().zip(b) {
        if !object::rich_compare_bool(x, y, CompareOp::Eq)? {
            return match op {
                CompareOp::Eq => Ok(boolobject::from_bool(false)),
                CompareOp::Ne => Ok(boolobject::from_bool(true)),
                _ => object::rich_compare(x, y, op),
            };
        }
    }
    Ok(boolobject::from_bool(op.test(a.len(), b.len())))
}

fn tuple_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<TupleObject>(v), downcast::<TupleObject>(w)) else {
        return Ok(object::not_implemented());
    };
    sequence_richcompare(a.as_slice(), b.as_slice(), op)
}

fn tuple_length(v: &PyObject) -> PyResult<isize> {
    Ok(as_tuple(v)?.ob_size)
}

/// `tupleitem`.
fn tuple_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    let t = as_tuple(v)?;
    if i < 0 || i >= t.ob_size {
        return Err(errors::set_string(exceptions::index_error(), "tuple index out of range"));
    }
    Ok(t.as_slice()[i as usize].clone())
}

/// `tuplesubscript`: an item, or a tuple for a slice (the tuple itself
/// for a full forward slice of an exact tuple).
fn tuple_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let t = as_tuple(v)?;
    if let Some(s) = downcast::<crate::objects::sliceobject::SliceObject>(key) {
        let (start, _, step, n) = s.indices_for(t.ob_size)?;
        if start == 0 && step == 1 && n == t.ob_size && object::is_type(v, &TUPLE_TYPE) {
            return Ok(object::new_ref(v));
        }
        let items = t.as_slice();
        let picked: Vec<&PyObject> =
            crate::objects::sliceobject::positions(start, step, n).filter_map(|i| items.get(i).map(|r| &**r)).collect();
        return from_slice(&picked).map(into_obj);
    }
    let Some(i) = downcast::<IntObject>(key) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("tuple indices must be integers or slices, not {}", type_of(key).name()),
        ));
    };
    let mut i = longobject::as_index_isize(i, exceptions::index_error(), "cannot fit 'int' into an index-sized integer")?;
    if i < 0 {
        i += t.ob_size;
    }
    tuple_item(v, i)
}

/// `tupleconcat`.
fn tuple_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let a = as_tuple(v)?;
    let Some(b) = downcast::<TupleObject>(w) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can only concatenate tuple (not \"{}\") to tuple", type_of(w).name()),
        ));
    };
    let items: Vec<&PyObject> = a.as_slice().iter().chain(b.as_slice()).map(|r| &**r).collect();
    from_slice(&items).map(into_obj)
}

/// `tuplecontains`.
fn tuple_contains(v: &PyObject, w: &PyObject) -> PyResult<bool> {
    for it in as_tuple(v)?.as_slice() {
        if object::rich_compare_bool(it, w, CompareOp::Eq)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `tuple` (`PyTuple_Type`).
pub static TUPLE_TYPE: TypeObject = TypeObject::new_static(
    "tuple",
    size_of::<TupleObject>(),
    tuple_dealloc,
    TypeSlots {
        tp_repr: Some(tuple_repr),
        tp_hash: Some(tuple_hash),
        tp_richcompare: Some(tuple_richcompare),
        sq_length: Some(tuple_length),
        sq_concat: Some(tuple_concat),
        sq_item: Some(tuple_item),
        sq_contains: Some(tuple_contains),
        mp_length: Some(tuple_length),
        mp_subscript: Some(tuple_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::TUPLE_SUBCLASS | flags::HAVE_GC | flags::SEQUENCE)
.with_itemsize(size_of::<ObjRef>());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_repr_match_cpython() {
        state::ensure();
        let i = |v| longobject::from_i64(v).unwrap();
        let empty = from_slice(&[]).unwrap();
        assert!(empty.header().is_immortal());
        assert_eq!(object::hash(&into_obj(empty.clone())).unwrap(), 5_740_354_900_026_072_187);
        let (one, two, three) = (i(1), i(2), i(3));
        let t12 = into_obj(from_slice(&[&one, &two]).unwrap());
        assert_eq!(object::hash(&t12).unwrap(), -3_550_055_125_485_641_917);
        let t23 = into_obj(from_slice(&[&two, &three]).unwrap());
        let es = unicodeobject::intern_str("").unwrap();
        let nested = into_obj(from_slice(&[&one, &t23, &es]).unwrap());
        assert_eq!(object::hash(&nested).unwrap(), -3_076_901_985_577_486_054);
        assert_eq!(object::repr(&nested).unwrap().to_string_lossy(), "(1, (2, 3), '')");
        assert_eq!(object::repr(&into_obj(from_slice(&[&one]).unwrap())).unwrap().to_string_lossy(), "(1,)");
        assert!(object::rich_compare_bool(&t12, &t23, CompareOp::Lt).unwrap());
        assert!(tuple_item(&t12, 2).is_err());
        assert_eq!(errors::take_message().unwrap(), "IndexError: tuple index out of range");
        let l = crate::objects::listobject::ListObject::new().unwrap();
        let unhashable = into_obj(from_slice(&[&one, object::as_obj(&*l)]).unwrap());
        assert!(object::hash(&unhashable).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: unhashable type: 'list'");
    }
}
