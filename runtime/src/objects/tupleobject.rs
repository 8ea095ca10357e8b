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
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{boolobject, exceptions, iterobject, unicodeobject};
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

    /// The items (`ob_item`). They follow the type's basic size: right
    /// after the struct for `tuple`, after the slots a subclass adds
    /// (its `__dict__`) for a subclass instance.
    pub fn as_slice(&self) -> &[ObjRef] {
        let offset = object::type_of(object::as_obj(self)).tp_basicsize;
        // SAFETY: ob_size initialized owned references follow the type's
        // basic size (written at creation, immutable afterwards); ObjRef
        // is a pointer-sized owned reference, and every basic size is
        // pointer-aligned.
        unsafe {
            core::slice::from_raw_parts(core::ptr::from_ref(self).cast::<u8>().add(offset).cast::<ObjRef>(), self.len())
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
    new_of_type(&TUPLE_TYPE, items)
}

/// A tuple of type `ty` (`tuple` or a subclass, `tuple_subtype_new`)
/// holding new references to `items`; a subclass's own slots (zeroed,
/// so empty) come before the items.
fn new_of_type(ty: &TypeObject, items: &[&PyObject]) -> PyResult<PyRef<TupleObject>> {
    let base = ty.tp_basicsize;
    let size = items
        .len()
        .checked_mul(size_of::<ObjRef>())
        .and_then(|n| n.checked_add(base))
        .filter(|&n| n <= isize::MAX as usize);
    let Some(size) = size else { return Err(errors::no_memory()) };
    let p = object::alloc_instance(ty, size, true)?;
    if ty.has_feature(flags::HEAPTYPE) {
        // The instance holds a reference to its class (`generic_alloc`).
        core::mem::forget(object::new_ref(ty));
    }
    let t = TupleObject { ob_base: ObjectHeader::new(&ty.head), ob_size: items.len() as isize, ob_hash: AtomicIsize::new(-1) };
    // SAFETY: fresh zeroed allocation sized for the type's basic size and
    // the items; the bytes between the struct and `base` are the
    // subclass's ObjSlots, for which zero is empty.
    unsafe {
        p.cast::<TupleObject>().as_ptr().write(t);
        let dst = p.as_ptr().add(base).cast::<ObjRef>();
        for (i, it) in items.iter().enumerate() {
            dst.add(i).write(PyRef::new_ref(*it));
        }
    }
    // SAFETY: initialized, refcount one.
    let t: PyRef<TupleObject> = unsafe { PyRef::from_raw(p.cast()) };
    // SAFETY: allocated by alloc_instance for `ty`.
    unsafe { object::track_new(t.header()) };
    Ok(t)
}

/// `tupletraverse`.
fn tuple_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(t) = object::downcast::<TupleObject>(v) {
        for o in t.as_slice() {
            visit(o);
        }
    }
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
    crate::state::enter_recursive_call(" while hashing a tuple")?;
    let lanes: PyResult<Vec<isize>> = t.as_slice().iter().map(|it| object::hash(it)).collect();
    crate::state::leave_recursive_call();
    let mut acc = XXPRIME_5;
    for lane in lanes? {
        let lane = lane as u64;
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
    if downcast::<IntObject>(key).is_none() && type_of(key).slots.nb_index.get().is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("tuple indices must be integers or slices, not {}", type_of(key).name()),
        ));
    }
    let mut i = crate::objects::r#abstract::as_ssize(key, Some(exceptions::index_error()))?;
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

/// `tuple_repeat` (`tuple * n`).
fn tuple_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let t = as_tuple(v)?;
    if n == 1 && object::is_type(v, &TUPLE_TYPE) {
        return Ok(object::new_ref(v));
    }
    if n <= 0 || t.is_empty() {
        return from_slice(&[]).map(into_obj);
    }
    if t.len().checked_mul(n as usize).is_none_or(|total| total > (isize::MAX as usize) / size_of::<ObjRef>()) {
        return Err(errors::no_memory());
    }
    let items: Vec<&PyObject> = (0..n).flat_map(|_| t.as_slice().iter().map(|r| &**r)).collect();
    from_slice(&items).map(into_obj)
}

/// `tuple_new_impl` / `tuple_subtype_new`: `tuple()`, `tuple(iterable)`,
/// and instances of subclasses.
fn tuple_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let init_is_object = ty.slots.tp_init.get().map(|f| f as usize) == TUPLE_TYPE.slots.tp_init.get().map(|f| f as usize);
    if (core::ptr::eq(ty, &TUPLE_TYPE) || init_is_object) && kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "tuple() takes no keyword arguments"));
    }
    let iterable = match args.as_slice() {
        [] => None,
        [x] => Some(x),
        a => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("tuple expected at most 1 argument, got {}", a.len()),
            ));
        }
    };
    if core::ptr::eq(ty, &TUPLE_TYPE) {
        return match iterable {
            None => from_slice(&[]).map(into_obj),
            Some(x) if object::is_type(x, &TUPLE_TYPE) => Ok(x.clone()),
            Some(x) => {
                let items = sequence_items(x)?;
                let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
                from_slice(&refs).map(into_obj)
            }
        };
    }
    let items = match iterable {
        None => Vec::new(),
        Some(x) => sequence_items(x)?,
    };
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    new_of_type(ty, &refs).map(into_obj)
}

/// The items of any iterable (`PySequence_Tuple`'s input).
fn sequence_items(x: &PyObject) -> PyResult<Vec<ObjRef>> {
    // Only the exact types: a subclass may override `__iter__`.
    if object::is_type(x, &TUPLE_TYPE)
        && let Some(t) = downcast::<TupleObject>(x)
    {
        return Ok(t.as_slice().to_vec());
    }
    if object::is_type(x, &crate::objects::listobject::LIST_TYPE)
        && let Some(l) = downcast::<crate::objects::listobject::ListObject>(x)
    {
        return Ok(l.snapshot());
    }
    crate::objects::r#abstract::collect(x)
}

/// `tuple_index_impl`: `index(value, start=0, stop=sys.maxsize, /)`.
fn meth_index(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let t = as_tuple(v)?;
    let bound = crate::objects::listobject::slice_index_not_none;
    let (x, start, stop) = match args {
        [] => return Err(errors::set_string(exceptions::type_error(), "index expected at least 1 argument, got 0")),
        [x] => (x, 0, isize::MAX),
        [x, a] => (x, bound(a)?, isize::MAX),
        [x, a, b] => (x, bound(a)?, bound(b)?),
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("index expected at most 3 arguments, got {}", args.len()),
            ));
        }
    };
    let len = t.ob_size;
    let start = if start < 0 { (start + len).max(0) } else { start };
    let stop = if stop < 0 { (stop + len).max(0) } else { stop.min(len) };
    for i in start..stop {
        let it = &t.as_slice()[i as usize];
        if object::is(it, x) || object::rich_compare_bool(it, x, CompareOp::Eq)? {
            return longobject::from_i64(i as i64);
        }
    }
    Err(errors::set_string(exceptions::value_error(), "tuple.index(x): x not in tuple"))
}

/// `tuple_count`.
fn meth_count(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let mut n = 0i64;
    for it in as_tuple(v)?.as_slice() {
        if object::is(it, x) || object::rich_compare_bool(it, x, CompareOp::Eq)? {
            n += 1;
        }
    }
    longobject::from_i64(n)
}

/// `tuple___getnewargs___impl`.
fn meth_getnewargs(v: &PyObject) -> PyResult<ObjRef> {
    let t = as_tuple(v)?;
    let items: Vec<&PyObject> = t.as_slice().iter().map(|r| &**r).collect();
    let copy = from_slice(&items)?;
    from_slice(&[object::as_obj(&*copy)]).map(into_obj)
}

static TUPLE_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "__getnewargs__", ml_meth: MethodFn::NoArgs(meth_getnewargs), ml_doc: Some("__getnewargs__($self, /)\n--\n\n") },
    MethodDef { ml_name: "index", ml_meth: MethodFn::FastCall(meth_index), ml_doc: Some("index($self, value, start=0, stop=sys.maxsize, /)\n--\n\nReturn first index of value.\n\nRaises ValueError if the value is not present.") },
    MethodDef { ml_name: "count", ml_meth: MethodFn::O(meth_count), ml_doc: Some("count($self, value, /)\n--\n\nReturn number of occurrences of value.") },
];

/// `tuple` (`PyTuple_Type`).
pub static TUPLE_TYPE: TypeObject = TypeObject::new_static(
    "tuple",
    size_of::<TupleObject>(),
    tuple_dealloc,
    TypeSlots {
        tp_repr: Some(tuple_repr),
        tp_hash: Some(tuple_hash),
        tp_richcompare: Some(tuple_richcompare),
        tp_iter: Some(tuple_iter),
        tp_new: Some(tuple_new),
        tp_traverse: Some(tuple_traverse),
        sq_length: Some(tuple_length),
        sq_concat: Some(tuple_concat),
        sq_repeat: Some(tuple_repeat),
        sq_item: Some(tuple_item),
        sq_contains: Some(tuple_contains),
        mp_length: Some(tuple_length),
        mp_subscript: Some(tuple_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::TUPLE_SUBCLASS | flags::HAVE_GC | flags::SEQUENCE)
.with_itemsize(size_of::<ObjRef>())
.with_methods(&TUPLE_METHODS)
.with_doc("tuple(iterable=(), /)\n--\n\nBuilt-in immutable sequence.\n\nIf no argument is given, the constructor returns an empty tuple.\nIf iterable is specified the tuple is initialized from iterable's items.\n\nIf the argument is a tuple, the return value is the same object.");

/// A `tuple_iterator` (`_PyTupleIterObject`): the position is an atomic,
/// the tuple immutable, so it takes no lock.
#[repr(C)]
pub struct TupleIterObject {
    ob_base: ObjectHeader,
    /// `it_index`.
    index: AtomicIsize,
    /// `it_seq`; emptied when exhausted.
    seq: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TupleIterObject {}

impl PyClass for TupleIterObject {
    fn type_object() -> &'static TypeObject {
        &TUPLE_ITER_TYPE
    }
}

/// `tuple_iter`.
fn tuple_iter(v: &PyObject) -> PyResult<ObjRef> {
    as_tuple(v)?;
    object::new_object(TupleIterObject {
        ob_base: ObjectHeader::new(&TUPLE_ITER_TYPE.head),
        index: AtomicIsize::new(0),
        seq: ObjSlot::new(Some(object::new_ref(v))),
    })
    .map(into_obj)
}

/// `tupleiter_next`.
fn tupleiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = downcast::<TupleIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let Some(seq) = it.seq.get() else { return Ok(None) };
    let i = it.index.fetch_add(1, Ordering::Relaxed);
    match as_tuple(&seq)?.as_slice().get(i as usize) {
        Some(item) => Ok(Some(item.clone())),
        None => {
            it.seq.set(None);
            Ok(None)
        }
    }
}

/// `tupleiter_len` (`__length_hint__`).
fn tupleiter_len(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<TupleIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let n = match it.seq.get() {
        Some(seq) => (as_tuple(&seq)?.ob_size - it.index.load(Ordering::Relaxed)).max(0),
        None => 0,
    };
    longobject::from_i64(n as i64)
}

/// `tupleiter_reduce`.
fn tupleiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<TupleIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    match it.seq.get() {
        Some(seq) => {
            let index = longobject::from_i64(it.index.load(Ordering::Relaxed) as i64)?;
            iterobject::reduce_to_builtin("iter", &[&seq], Some(&index))
        }
        None => iterobject::reduce_to_builtin("iter", &[&into_obj(from_slice(&[])?)], None),
    }
}

/// `tupleiter_setstate`: the index, clipped to the tuple.
fn tupleiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<TupleIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let index = iterobject::setstate_index(state)?;
    if let Some(seq) = it.seq.get() {
        it.index.store(index.clamp(0, as_tuple(&seq)?.ob_size), Ordering::Relaxed);
    }
    Ok(object::none())
}

static TUPLE_ITER_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(tupleiter_len),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(tupleiter_reduce), ml_doc: iterobject::REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(tupleiter_setstate), ml_doc: iterobject::SETSTATE_DOC },
];

/// `tuple_iterator` (`PyTupleIter_Type`).
pub static TUPLE_ITER_TYPE: TypeObject = TypeObject::new_static(
    "tuple_iterator",
    size_of::<TupleIterObject>(),
    object::dealloc_simple::<TupleIterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(TupleIterObject { seq } {  })),
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(tupleiter_next),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&TUPLE_ITER_METHODS);

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

    #[test]
    fn constructor_repeat_index_count() {
        state::ensure();
        let i = |v| longobject::from_i64(v).unwrap();
        let l = crate::objects::listobject::ListObject::from_slice(&[&i(1), &i(2), &i(1)]).unwrap();
        let t = object::call(object::as_obj(&TUPLE_TYPE), &[object::as_obj(&*l)]).unwrap();
        assert_eq!(object::repr(&t).unwrap().to_string_lossy(), "(1, 2, 1)");
        let rep = crate::objects::r#abstract::multiply(&t, &i(2)).unwrap();
        assert_eq!(object::repr(&rep).unwrap().to_string_lossy(), "(1, 2, 1, 1, 2, 1)");
        let count = object::get_attr_str(&t, "count").unwrap();
        assert_eq!(object::repr(&object::call(&count, &[&i(1)]).unwrap()).unwrap().to_string_lossy(), "2");
        let index = object::get_attr_str(&t, "index").unwrap();
        assert_eq!(object::repr(&object::call(&index, &[&i(1), &i(1)]).unwrap()).unwrap().to_string_lossy(), "2");
        assert!(object::call(&index, &[&i(5)]).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: tuple.index(x): x not in tuple");
        assert!(object::call(object::as_obj(&TUPLE_TYPE), &[&i(1)]).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: 'int' object is not iterable");
    }
}
