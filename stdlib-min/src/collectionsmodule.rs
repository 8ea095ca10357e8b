//! The `_collections` module, ported from Modules/_collectionsmodule.c:
//! `deque` (a ring buffer under the object's critical section, with
//! CPython's mutation check for iterators) and `defaultdict` (a dict
//! subtype with `default_factory` and `__missing__`). `OrderedDict`,
//! `_tuplegetter` and `_count_elements` come from Lib's pure-Python
//! fallbacks.

use std::collections::VecDeque;
use std::ptr::NonNull;

use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::{self, DictObject};
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyObject, as_obj, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::{Guarded, parse};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn index_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::index_error(), msg)
}

// ---------------------------------------------------------------------
// deque.

struct DequeState {
    items: VecDeque<ObjRef>,
    maxlen: Option<usize>,
    /// Bumped by every mutation (`deque->state`), so iterators notice.
    mutations: u64,
}

impl DequeState {
    /// Appends at the right, dropping from the left past `maxlen`.
    fn push_back(&mut self, v: ObjRef) {
        if self.maxlen == Some(0) {
            return;
        }
        self.items.push_back(v);
        if self.maxlen.is_some_and(|m| self.items.len() > m) {
            self.items.pop_front();
        }
        self.mutations += 1;
    }

    fn push_front(&mut self, v: ObjRef) {
        if self.maxlen == Some(0) {
            return;
        }
        self.items.push_front(v);
        if self.maxlen.is_some_and(|m| self.items.len() > m) {
            self.items.pop_back();
        }
        self.mutations += 1;
    }
}

/// A `collections.deque`.
#[repr(C)]
pub struct DequeObject {
    ob_base: ObjectHeader,
    st: Guarded<DequeState>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DequeObject {}

fn deque_of(v: &PyObject) -> PyResult<&Guarded<DequeState>> {
    if !object::type_check(v, &DEQUE_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: deque instances (and subclass instances) start with this layout.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<DequeObject>()).st })
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut DequeState) -> PyResult<R>) -> PyResult<R> {
    deque_of(v)?.with(v, f)
}

/// `deque_new`: an empty deque of type `ty`.
fn deque_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let st = Guarded::new(DequeState { items: VecDeque::new(), maxlen: None, mutations: 0 });
    if core::ptr::eq(ty, &DEQUE_TYPE) {
        return object::new_object(DequeObject { ob_base: ObjectHeader::new(&DEQUE_TYPE.head), st }).map(into_obj);
    }
    // SAFETY: only the header is initialized; the state is written below.
    let obj: ObjRef = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    // SAFETY: the class's instances have at least the deque layout; the
    // state field is written once into zeroed memory.
    unsafe { core::ptr::addr_of_mut!((*obj.as_ptr().as_ptr().cast::<DequeObject>()).st).write(st) };
    Ok(obj)
}

/// `deque_init`: `deque(iterable=(), maxlen=None)`.
fn deque_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = parse("deque", args, kwds, &["iterable", "maxlen"], &[], 0)?;
    let maxlen = match &a[1] {
        Some(m) if !object::is_none(m) => {
            let n = r#abstract::as_ssize(m, Some(exceptions::overflow_error()))?;
            if n < 0 {
                return Err(errors::set_string(exceptions::value_error(), "maxlen must be non-negative"));
            }
            Some(n as usize)
        }
        _ => None,
    };
    let items = match &a[0] {
        Some(it) => r#abstract::collect(it)?,
        None => Vec::new(),
    };
    with(v, |s| {
        s.items.clear();
        s.maxlen = maxlen;
        for x in items {
            s.push_back(x);
        }
        s.mutations += 1;
        Ok(())
    })
}

/// `deque_dealloc`.
///
/// # Safety
/// As `tp_dealloc`.
unsafe fn deque_dealloc(op: NonNull<PyObject>) {
    // SAFETY: a dead deque; drop its state and free it.
    unsafe { object::dealloc_simple::<DequeObject>(op) };
}

fn none() -> PyResult<ObjRef> {
    Ok(object::none())
}

fn deque_append(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| {
        s.push_back(object::new_ref(x));
        none()
    })
}

fn deque_appendleft(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| {
        s.push_front(object::new_ref(x));
        none()
    })
}

fn deque_pop(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| {
        let r = s.items.pop_back().ok_or_else(|| index_error("pop from an empty deque"))?;
        s.mutations += 1;
        Ok(r)
    })
}

fn deque_popleft(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| {
        let r = s.items.pop_front().ok_or_else(|| index_error("pop from an empty deque"))?;
        s.mutations += 1;
        Ok(r)
    })
}

fn deque_extend(v: &PyObject, iterable: &PyObject) -> PyResult<ObjRef> {
    let items = r#abstract::collect(iterable)?;
    with(v, |s| {
        for x in items {
            s.push_back(x);
        }
        none()
    })
}

fn deque_extendleft(v: &PyObject, iterable: &PyObject) -> PyResult<ObjRef> {
    let items = r#abstract::collect(iterable)?;
    with(v, |s| {
        for x in items {
            s.push_front(x);
        }
        none()
    })
}

fn deque_clear(v: &PyObject) -> PyResult<ObjRef> {
    let old = with(v, |s| {
        s.mutations += 1;
        Ok(std::mem::take(&mut s.items))
    })?;
    drop(old);
    none()
}

fn deque_rotate(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let n = match args {
        [] => 1,
        [n] => r#abstract::as_ssize(n, Some(exceptions::overflow_error()))?,
        _ => return Err(type_error(&format!("rotate expected at most 1 argument, got {}", args.len()))),
    };
    with(v, |s| {
        let len = s.items.len();
        if len > 1 {
            let k = n.rem_euclid(len as isize) as usize;
            s.items.rotate_right(k);
        }
        s.mutations += 1;
        none()
    })
}

fn deque_reverse(v: &PyObject) -> PyResult<ObjRef> {
    with(v, |s| {
        s.items.make_contiguous().reverse();
        s.mutations += 1;
        none()
    })
}

/// A snapshot of the items and the mutation count, for the methods that
/// compare items (which may run Python code).
fn snapshot(v: &PyObject) -> PyResult<(Vec<ObjRef>, u64)> {
    with(v, |s| Ok((s.items.iter().cloned().collect(), s.mutations)))
}

fn check_unmutated(v: &PyObject, mutations: u64) -> PyResult<()> {
    if with(v, |s| Ok(s.mutations))? != mutations {
        return Err(errors::set_string(exceptions::runtime_error(), "deque mutated during iteration"));
    }
    Ok(())
}

fn deque_count(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let (items, m) = snapshot(v)?;
    let mut n = 0;
    for item in &items {
        if object::rich_compare_bool(item, x, CompareOp::Eq)? {
            n += 1;
        }
        check_unmutated(v, m)?;
    }
    longobject::from_i64(n)
}

/// The first index in `start..stop` of an item equal to `x`.
fn find(v: &PyObject, x: &PyObject, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let (items, m) = snapshot(v)?;
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if object::rich_compare_bool(item, x, CompareOp::Eq)? {
            check_unmutated(v, m)?;
            return Ok(Some(i));
        }
        check_unmutated(v, m)?;
    }
    Ok(None)
}

fn deque_index(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let Some(x) = args.first() else { return Err(type_error("index expected at least 1 argument, got 0")) };
    let len = with(v, |s| Ok(s.items.len()))? as isize;
    let clamp = |i: isize| -> usize { if i < 0 { (i + len).max(0) as usize } else { i.min(len) as usize } };
    let start = match args.get(1) {
        Some(a) => clamp(r#abstract::as_ssize(a, None)?),
        None => 0,
    };
    let stop = match args.get(2) {
        Some(a) => clamp(r#abstract::as_ssize(a, None)?),
        None => len as usize,
    };
    match find(v, x, start, stop)? {
        Some(i) => longobject::from_i64(i as i64),
        None => Err(errors::set_string(exceptions::value_error(), "deque.index(x): x not in deque")),
    }
}

fn deque_remove(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let len = with(v, |s| Ok(s.items.len()))?;
    let Some(i) = find(v, x, 0, len)? else {
        return Err(errors::set_string(exceptions::value_error(), "deque.remove(x): x not in deque"));
    };
    let removed = with(v, |s| {
        s.mutations += 1;
        Ok(s.items.remove(i))
    })?;
    drop(removed);
    none()
}

fn deque_insert(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [i, x] = args else {
        return Err(type_error(&format!("insert expected 2 arguments, got {}", args.len())));
    };
    let i = r#abstract::as_ssize(i, None)?;
    with(v, |s| {
        if s.maxlen == Some(s.items.len()) {
            return Err(index_error("deque already at its maximum size"));
        }
        let len = s.items.len() as isize;
        let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
        s.items.insert(at, x.clone());
        s.mutations += 1;
        none()
    })
}

fn new_like(v: &PyObject, items: Vec<ObjRef>, maxlen: Option<usize>) -> PyResult<ObjRef> {
    let empty = tupleobject::from_slice(&[])?;
    let d = deque_new(type_of(v), &empty, None)?;
    with(&d, |s| {
        s.maxlen = maxlen;
        for x in items {
            s.push_back(x);
        }
        Ok(())
    })?;
    Ok(d)
}

fn deque_copy(v: &PyObject) -> PyResult<ObjRef> {
    let (items, maxlen) = with(v, |s| Ok((s.items.iter().cloned().collect::<Vec<_>>(), s.maxlen)))?;
    if core::ptr::eq(type_of(v), &DEQUE_TYPE) {
        return new_like(v, items, maxlen);
    }
    let list = ListObject::new()?;
    for x in &items {
        list.append(x)?;
    }
    let cls = as_obj(type_of(v));
    match maxlen {
        None => object::call(cls, &[as_obj(&*list)]),
        Some(m) => object::call(cls, &[as_obj(&*list), &*longobject::from_i64(m as i64)?]),
    }
}

/// `deque.__reduce__`: `(type, ((), maxlen), state, iter(self))`.
fn deque_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let maxlen = with(v, |s| Ok(s.maxlen))?;
    let empty = tupleobject::from_slice(&[])?;
    let m = match maxlen {
        Some(m) => longobject::from_i64(m as i64)?,
        None => object::none(),
    };
    let args = if maxlen.is_some() {
        tupleobject::from_slice(&[as_obj(&*empty), &m])?
    } else {
        tupleobject::from_slice(&[as_obj(&*empty)])?
    };
    let state = match object::instance_dict(v)? {
        Some(d) if rupy::objects::object::downcast::<DictObject>(&d).is_some_and(|d| d.len() > 0) => d,
        _ => object::none(),
    };
    let it = deque_iter(v)?;
    tupleobject::from_slice(&[as_obj(type_of(v)), as_obj(&*args), &state, &it]).map(into_obj)
}

fn deque_len(v: &PyObject) -> PyResult<isize> {
    with(v, |s| Ok(s.items.len() as isize))
}

fn deque_bool(v: &PyObject) -> PyResult<bool> {
    with(v, |s| Ok(!s.items.is_empty()))
}

fn deque_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    let len = with(v, |s| Ok(s.items.len()))?;
    Ok(find(v, x, 0, len)?.is_some())
}

/// The index `i` (negative from the end) checked against the length.
fn norm_index(s: &DequeState, i: isize) -> PyResult<usize> {
    let len = s.items.len() as isize;
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn index_arg(key: &PyObject) -> PyResult<isize> {
    if type_of(key).slots.nb_index.get().is_none() {
        return Err(type_error(&format!(
            "sequence index must be integer, not '{}'",
            type_of(key).name()
        )));
    }
    r#abstract::as_ssize(key, Some(exceptions::index_error()))
}

fn deque_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let i = index_arg(key)?;
    with(v, |s| {
        let j = norm_index(s, i)?;
        Ok(s.items[j].clone())
    })
}

fn deque_setitem(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let i = index_arg(key)?;
    let old = with(v, |s| {
        let j = norm_index(s, i)?;
        match value {
            Some(x) => Ok(Some(std::mem::replace(&mut s.items[j], object::new_ref(x)))),
            None => {
                s.mutations += 1;
                Ok(s.items.remove(j))
            }
        }
    })?;
    drop(old);
    Ok(())
}

fn deque_repr(v: &PyObject) -> PyResult<ObjRef> {
    let name = type_of(v).name().to_owned();
    if rupy::state::repr_enter(v) {
        return unicodeobject::from_string("[...]".to_owned()).map(into_obj);
    }
    let r = (|| -> PyResult<String> {
        let (items, maxlen) = with(v, |s| Ok((s.items.iter().cloned().collect::<Vec<_>>(), s.maxlen)))?;
        let mut parts = Vec::with_capacity(items.len());
        for x in &items {
            parts.push(object::repr(x)?.to_string_lossy());
        }
        Ok(match maxlen {
            Some(m) => format!("{name}([{}], maxlen={m})", parts.join(", ")),
            None => format!("{name}([{}])", parts.join(", ")),
        })
    })();
    rupy::state::repr_leave(v);
    unicodeobject::from_string(r?).map(into_obj)
}

fn deque_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if !object::type_check(w, &DEQUE_TYPE) {
        return Ok(object::not_implemented());
    }
    let (a, _) = snapshot(v)?;
    let (b, _) = snapshot(w)?;
    let la = ListObject::new()?;
    for x in &a {
        la.append(x)?;
    }
    let lb = ListObject::new()?;
    for x in &b {
        lb.append(x)?;
    }
    object::rich_compare(as_obj(&*la), as_obj(&*lb), op)
}

fn deque_hash(v: &PyObject) -> PyResult<isize> {
    Err(type_error(&format!("unhashable type: '{}'", type_of(v).tp_name.as_str())))
}

fn deque_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    if !object::type_check(w, &DEQUE_TYPE) {
        return Err(type_error(&format!(
            "can only concatenate deque (not \"{}\") to deque",
            type_of(w).name()
        )));
    }
    let (mut a, _) = snapshot(v)?;
    let (b, _) = snapshot(w)?;
    a.extend(b);
    let maxlen = with(v, |s| Ok(s.maxlen))?;
    new_like(v, a, maxlen)
}

fn deque_inplace_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    deque_extend(v, w)?;
    Ok(object::new_ref(v))
}

fn deque_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let (a, _) = snapshot(v)?;
    let maxlen = with(v, |s| Ok(s.maxlen))?;
    let mut out = Vec::new();
    for _ in 0..n.max(0) {
        out.extend(a.iter().cloned());
        if maxlen.is_some_and(|m| out.len() > 2 * m.max(1)) {
            let excess = out.len() - maxlen.unwrap_or(0);
            out.drain(..excess);
        }
    }
    new_like(v, out, maxlen)
}

fn deque_inplace_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let (a, _) = snapshot(v)?;
    with(v, |s| {
        s.items.clear();
        for _ in 0..n.max(0) {
            for x in &a {
                s.push_back(x.clone());
            }
        }
        s.mutations += 1;
        Ok(())
    })?;
    Ok(object::new_ref(v))
}

fn deque_get_maxlen(v: &PyObject) -> PyResult<ObjRef> {
    match with(v, |s| Ok(s.maxlen))? {
        Some(m) => longobject::from_i64(m as i64),
        None => none(),
    }
}

// ---------------------------------------------------------------------
// deque iterators.

struct DequeIterState {
    deque: ObjRef,
    index: usize,
    mutations: u64,
    reverse: bool,
}

#[repr(C)]
struct DequeIterObject {
    ob_base: ObjectHeader,
    st: Guarded<DequeIterState>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DequeIterObject {}

fn new_iter(v: &PyObject, reverse: bool) -> PyResult<ObjRef> {
    let mutations = with(v, |s| Ok(s.mutations))?;
    let ty: &'static TypeObject = if reverse { &DEQUE_REVITER_TYPE } else { &DEQUE_ITER_TYPE };
    let st = DequeIterState { deque: object::new_ref(v), index: 0, mutations, reverse };
    object::new_object(DequeIterObject { ob_base: ObjectHeader::new(&ty.head), st: Guarded::new(st) }).map(into_obj)
}

fn deque_iter(v: &PyObject) -> PyResult<ObjRef> {
    new_iter(v, false)
}

fn deque_reversed(v: &PyObject) -> PyResult<ObjRef> {
    new_iter(v, true)
}

fn dequeiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    if !core::ptr::eq(type_of(v), &DEQUE_ITER_TYPE) && !core::ptr::eq(type_of(v), &DEQUE_REVITER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the type above.
    let it = unsafe { &*core::ptr::from_ref(v).cast::<DequeIterObject>() };
    it.st.with(v, |st| {
        let d = st.deque.clone();
        with(&d, |s| {
            if s.mutations != st.mutations {
                return Err(errors::set_string(exceptions::runtime_error(), "deque mutated during iteration"));
            }
            let len = s.items.len();
            if st.index >= len {
                return Ok(None);
            }
            let i = if st.reverse { len - 1 - st.index } else { st.index };
            st.index += 1;
            Ok(Some(s.items[i].clone()))
        })
    })
}

fn dequeiter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    // SAFETY: only installed on the deque iterator types.
    let it = unsafe { &*core::ptr::from_ref(v).cast::<DequeIterObject>() };
    let n = it.st.with(v, |st| {
        let d = st.deque.clone();
        with(&d, |s| Ok(s.items.len().saturating_sub(st.index)))
    })?;
    longobject::from_i64(n as i64)
}

static DEQUE_ITER_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__length_hint__", ml_meth: MethodFn::NoArgs(dequeiter_length_hint), ml_doc: None }];

fn no_new(_ty: &TypeObject, _a: &TupleObject, _k: Option<&DictObject>) -> PyResult<ObjRef> {
    Err(type_error("cannot create '_collections._deque_iterator' instances"))
}

static DEQUE_ITER_TYPE: TypeObject = TypeObject::new_static(
    "_collections._deque_iterator",
    size_of::<DequeIterObject>(),
    object::dealloc_simple::<DequeIterObject>,
    TypeSlots {
        tp_iter: Some(rupy::objects::iterobject::self_iter),
        tp_iternext: Some(dequeiter_next),
        tp_new: Some(no_new),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&DEQUE_ITER_METHODS);

static DEQUE_REVITER_TYPE: TypeObject = TypeObject::new_static(
    "_collections._deque_reverse_iterator",
    size_of::<DequeIterObject>(),
    object::dealloc_simple::<DequeIterObject>,
    TypeSlots {
        tp_iter: Some(rupy::objects::iterobject::self_iter),
        tp_iternext: Some(dequeiter_next),
        tp_new: Some(no_new),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&DEQUE_ITER_METHODS);

static DEQUE_METHODS: [MethodDef; 19] = [
    MethodDef { ml_name: "append", ml_meth: MethodFn::O(deque_append), ml_doc: Some("Add an element to the right side of the deque.") },
    MethodDef { ml_name: "appendleft", ml_meth: MethodFn::O(deque_appendleft), ml_doc: Some("Add an element to the left side of the deque.") },
    MethodDef { ml_name: "pop", ml_meth: MethodFn::NoArgs(deque_pop), ml_doc: Some("Remove and return the rightmost element.") },
    MethodDef { ml_name: "popleft", ml_meth: MethodFn::NoArgs(deque_popleft), ml_doc: Some("Remove and return the leftmost element.") },
    MethodDef { ml_name: "extend", ml_meth: MethodFn::O(deque_extend), ml_doc: Some("Extend the right side of the deque with elements from the iterable.") },
    MethodDef { ml_name: "extendleft", ml_meth: MethodFn::O(deque_extendleft), ml_doc: Some("Extend the left side of the deque with elements from the iterable.") },
    MethodDef { ml_name: "clear", ml_meth: MethodFn::NoArgs(deque_clear), ml_doc: Some("Remove all elements from the deque.") },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(deque_copy), ml_doc: Some("Return a shallow copy of a deque.") },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(deque_copy), ml_doc: Some("Return a shallow copy of a deque.") },
    MethodDef { ml_name: "count", ml_meth: MethodFn::O(deque_count), ml_doc: Some("Return number of occurrences of value.") },
    MethodDef { ml_name: "index", ml_meth: MethodFn::FastCall(deque_index), ml_doc: Some("Return first index of value.") },
    MethodDef { ml_name: "insert", ml_meth: MethodFn::FastCall(deque_insert), ml_doc: Some("Insert value before index.") },
    MethodDef { ml_name: "remove", ml_meth: MethodFn::O(deque_remove), ml_doc: Some("Remove first occurrence of value.") },
    MethodDef { ml_name: "reverse", ml_meth: MethodFn::NoArgs(deque_reverse), ml_doc: Some("Reverse *IN PLACE*.") },
    MethodDef { ml_name: "rotate", ml_meth: MethodFn::FastCall(deque_rotate), ml_doc: Some("Rotate the deque n steps to the right.  If n is negative, rotates left.") },
    MethodDef { ml_name: "__reversed__", ml_meth: MethodFn::NoArgs(deque_reversed), ml_doc: Some("Return a reverse iterator over the deque.") },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(deque_reduce), ml_doc: Some("Return state information for pickling.") },
    MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(deque_sizeof), ml_doc: Some("Size of the deque in memory, in bytes.") },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

fn deque_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let n = with(v, |s| Ok(s.items.capacity()))?;
    longobject::from_i64((size_of::<DequeObject>() + n * size_of::<ObjRef>()) as i64)
}

static DEQUE_GETSET: [GetSetDef; 1] = [GetSetDef {
    name: "maxlen",
    get: deque_get_maxlen,
    set: None,
    doc: Some("maximum size of a deque or None if unbounded"),
}];

/// `collections.deque`.
pub static DEQUE_TYPE: TypeObject = TypeObject::new_static(
    "collections.deque",
    size_of::<DequeObject>(),
    deque_dealloc,
    TypeSlots {
        tp_repr: Some(deque_repr),
        tp_hash: Some(deque_hash),
        tp_richcompare: Some(deque_richcompare),
        tp_iter: Some(deque_iter),
        tp_getattro: Some(object::generic_get_attr),
        tp_init: Some(deque_init),
        tp_new: Some(deque_new),
        nb_bool: Some(deque_bool),
        sq_length: Some(deque_len),
        sq_concat: Some(deque_concat),
        sq_repeat: Some(deque_repeat),
        sq_contains: Some(deque_contains),
        sq_inplace_concat: Some(deque_inplace_concat),
        sq_inplace_repeat: Some(deque_inplace_repeat),
        mp_length: Some(deque_len),
        mp_subscript: Some(deque_getitem),
        mp_ass_subscript: Some(deque_setitem),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC | flags::SEQUENCE)
.with_methods(&DEQUE_METHODS)
.with_getset(&DEQUE_GETSET);

// ---------------------------------------------------------------------
// defaultdict.

/// A `collections.defaultdict`: a dict with the factory after it.
#[repr(C)]
pub struct DefaultDictObject {
    dict: DictObject,
    default_factory: ObjSlot,
}

// SAFETY: #[repr(C)] starting with a DictObject (header first).
unsafe impl PyObjectLike for DefaultDictObject {}

fn factory_slot(v: &PyObject) -> PyResult<&ObjSlot> {
    if !object::type_check(v, &DEFAULTDICT_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: defaultdict instances (and subclass instances) start with
    // this layout.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<DefaultDictObject>()).default_factory })
}

/// `defdict_init`: the factory, then the dict's own arguments.
fn defdict_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let a = args.as_slice();
    let (factory, rest) = match a.split_first() {
        Some((f, rest)) => (Some(f.clone()), rest),
        None => (None, a),
    };
    if let Some(f) = &factory
        && !object::is_none(f)
        && type_of(f).slots.tp_call.get().is_none()
    {
        return Err(type_error("first argument must be callable or None"));
    }
    factory_slot(v)?.set(factory.filter(|f| !object::is_none(f)));
    let refs: Vec<&PyObject> = rest.iter().map(|o| &**o).collect();
    let rest = tupleobject::from_slice(&refs)?;
    let init = dictobject::DICT_TYPE.slots.tp_init.get().ok_or_else(errors::bad_internal_call)?;
    init(v, &rest, kwds)
}

/// `defdict_missing`: `self[key] = default_factory()`.
fn defdict_missing(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let Some(factory) = factory_slot(v)?.get() else { return Err(errors::set_key_error(key)) };
    let value = object::call(&factory, &[])?;
    r#abstract::set_item(v, key, &value)?;
    Ok(value)
}

fn factory_or_none(v: &PyObject) -> PyResult<ObjRef> {
    Ok(factory_slot(v)?.get().unwrap_or_else(object::none))
}

fn defdict_copy(v: &PyObject) -> PyResult<ObjRef> {
    object::call(as_obj(type_of(v)), &[&*factory_or_none(v)?, v])
}

/// `defdict_reduce`: `(type, (factory,), None, None, iter(items))`.
fn defdict_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let f = factory_or_none(v)?;
    let args = if object::is_none(&f) { tupleobject::from_slice(&[])? } else { tupleobject::from_slice(&[&*f])? };
    let items = object::call(&*object::get_attr_str(v, "items")?, &[])?;
    let it = r#abstract::get_iter(&items)?;
    tupleobject::from_slice(&[as_obj(type_of(v)), as_obj(&*args), &object::NONE, &object::NONE, &it]).map(into_obj)
}

/// `defdict_repr`: `defaultdict(factory, {...})`.
fn defdict_repr(v: &PyObject) -> PyResult<ObjRef> {
    let dict_repr = dictobject::DICT_TYPE.slots.tp_repr.get().ok_or_else(errors::bad_internal_call)?;
    let base = dict_repr(v)?;
    let f = factory_or_none(v)?;
    let frepr = if object::is_none(&f) {
        "None".to_owned()
    } else if rupy::state::repr_enter(&f) {
        "...".to_owned()
    } else {
        let r = object::repr(&f).map(|s| s.to_string_lossy());
        rupy::state::repr_leave(&f);
        r?
    };
    unicodeobject::from_string(format!("{}({frepr}, {})", type_of(v).name(), object::str_lossy(&base))).map(into_obj)
}

/// `defdict_or`: a copy of the defaultdict, updated.
fn defdict_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (left, other) = if object::type_check(v, &DEFAULTDICT_TYPE) { (v, w) } else { (w, v) };
    if downcast_dict(other).is_none() {
        return Ok(object::not_implemented());
    }
    let new = defdict_copy(left)?;
    let update = object::get_attr_str(&new, "update")?;
    if core::ptr::eq(left, v) {
        object::call(&update, &[w])?;
        Ok(new)
    } else {
        let fresh = object::call(as_obj(type_of(left)), &[&*factory_or_none(left)?, v])?;
        object::call(&*object::get_attr_str(&fresh, "update")?, &[w])?;
        Ok(fresh)
    }
}

fn downcast_dict(v: &PyObject) -> Option<&DictObject> {
    rupy::objects::object::downcast::<DictObject>(v)
}

/// `defdict_dealloc`: the factory, then the dict.
///
/// # Safety
/// As `tp_dealloc`.
unsafe fn defdict_dealloc(op: NonNull<PyObject>) {
    // SAFETY: a dead defaultdict; its factory slot is dropped once.
    unsafe { (*op.as_ptr().cast::<DefaultDictObject>()).default_factory.set(None) };
    // SAFETY: the rest is a dict, freed by the dict's deallocator.
    unsafe { (dictobject::DICT_TYPE.head.tp_dealloc)(op) };
}

fn get_factory(v: &PyObject) -> PyResult<ObjRef> {
    factory_or_none(v)
}

fn set_factory(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    factory_slot(v)?.set(value.filter(|f| !object::is_none(f)).map(object::new_ref));
    Ok(())
}

static DEFDICT_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "__missing__", ml_meth: MethodFn::O(defdict_missing), ml_doc: None },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(defdict_copy), ml_doc: Some("D.copy() -> a shallow copy of D.") },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(defdict_copy), ml_doc: Some("D.copy() -> a shallow copy of D.") },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(defdict_reduce), ml_doc: Some("Return state information for pickling.") },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

static DEFDICT_GETSET: [GetSetDef; 1] = [GetSetDef {
    name: "default_factory",
    get: get_factory,
    set: Some(set_factory),
    doc: Some("Factory for default value called by __missing__()."),
}];

/// `collections.defaultdict`.
pub static DEFAULTDICT_TYPE: TypeObject = TypeObject::new_static(
    "collections.defaultdict",
    size_of::<DefaultDictObject>(),
    defdict_dealloc,
    TypeSlots {
        tp_repr: Some(defdict_repr),
        tp_init: Some(defdict_init),
        nb_or: Some(defdict_or),
        ..TypeSlots::EMPTY
    },
)
.with_base(&dictobject::DICT_TYPE)
.with_flags(flags::BASETYPE | flags::HAVE_GC | flags::DICT_SUBCLASS | flags::MAPPING)
.with_methods(&DEFDICT_METHODS)
.with_getset(&DEFDICT_GETSET);

/// `collections_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_collections")?;
    for (name, t) in [
        ("deque", &DEQUE_TYPE),
        ("defaultdict", &DEFAULTDICT_TYPE),
        ("_deque_iterator", &DEQUE_ITER_TYPE),
        ("_deque_reverse_iterator", &DEQUE_REVITER_TYPE),
    ] {
        t.ready()?;
        m.add_object(name, as_obj(t))?;
    }
    Ok(into_obj(m))
}
