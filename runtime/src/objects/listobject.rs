//! `list`, ported from Objects/listobject.c with 3.14t's free-threaded
//! design: the items live in a `_PyListArray` (capacity + items) that
//! writers replace under the list's critical section and free through
//! QSBR once the list is shared; readers index lock-free
//! (`list_get_item_ref`: atomic size and array loads, `_Py_TryXGetRef`,
//! falling back to the locked `list_item_impl`). Ports `list_resize`,
//! `PyList_New`, `PyList_Append` / `_PyList_AppendTakeRef`, `ins1`,
//! `PyList_SetItem`, `list_pop_impl`, `list_clear`, `list_repr`,
//! `list_richcompare`, `list_dealloc`.

use core::ptr::NonNull;
use std::sync::atomic::{AtomicIsize, AtomicPtr, Ordering};

use rupy_gc::object::{PyObjectLike, gc_bits};
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{self, TypeObject, TypeSlots, flags};
use crate::objects::{exceptions, unicodeobject};
use crate::state;

/// The item storage (`_PyListArray`): the capacity, then the slots.
#[repr(C)]
struct ListArray {
    allocated: isize,
    ob_item: [AtomicPtr<PyObject>; 0],
}

/// A `list` (`PyListObject`).
#[repr(C)]
pub struct ListObject {
    ob_base: ObjectHeader,
    /// `ob_size`, read lock-free.
    ob_size: AtomicIsize,
    /// `ob_item`: the slots of the current `ListArray`, or null.
    ob_item: AtomicPtr<AtomicPtr<PyObject>>,
    /// `allocated` (written under the critical section).
    allocated: AtomicIsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ListObject {}

impl PyClass for ListObject {
    fn type_object() -> &'static TypeObject {
        &LIST_TYPE
    }
}

/// `list_allocate_array`: an array of `capacity` null slots.
fn allocate_array(capacity: usize) -> PyResult<NonNull<AtomicPtr<PyObject>>> {
    let Some(size) = capacity
        .checked_mul(size_of::<AtomicPtr<PyObject>>())
        .and_then(|n| n.checked_add(size_of::<ListArray>()))
        .filter(|&n| n <= isize::MAX as usize)
    else {
        return Err(errors::no_memory());
    };
    let p = object::alloc_raw(size)?.cast::<ListArray>();
    // SAFETY: fresh allocation sized for the header and `capacity` slots;
    // null is a valid AtomicPtr.
    unsafe {
        (*p.as_ptr()).allocated = capacity as isize;
        let items = core::ptr::addr_of_mut!((*p.as_ptr()).ob_item).cast::<AtomicPtr<PyObject>>();
        for i in 0..capacity {
            items.add(i).write(AtomicPtr::new(core::ptr::null_mut()));
        }
        Ok(NonNull::new_unchecked(items))
    }
}

/// The array that holds `items`.
fn array_of(items: NonNull<AtomicPtr<PyObject>>) -> *mut ListArray {
    // SAFETY: items always points just past a ListArray header in the
    // same allocation.
    unsafe { items.as_ptr().cast::<u8>().sub(size_of::<ListArray>()).cast::<ListArray>() }
}

/// `list_capacity`.
fn capacity(items: NonNull<AtomicPtr<PyObject>>) -> isize {
    // SAFETY: the array header is immutable after allocation, and the
    // array is live (freed through QSBR, see `free_items`).
    unsafe { (*array_of(items)).allocated }
}

/// `free_list_items`.
///
/// # Safety
/// `items` is an array no longer reachable from its list.
unsafe fn free_items(items: NonNull<AtomicPtr<PyObject>>, use_qsbr: bool) {
    // SAFETY: forwarded; the array came from allocate_array.
    unsafe { object::free_memory(array_of(items).cast(), use_qsbr) };
}

#[inline]
fn valid_index(i: isize, limit: isize) -> bool {
    (i as usize) < (limit as usize)
}

impl ListObject {
    /// `PyList_New(0)`.
    pub fn new() -> PyResult<PyRef<ListObject>> {
        object::new_object(ListObject {
            ob_base: ObjectHeader::new(&LIST_TYPE.head),
            ob_size: AtomicIsize::new(0),
            ob_item: AtomicPtr::new(core::ptr::null_mut()),
            allocated: AtomicIsize::new(0),
        })
    }

    /// A list of new references to `items`.
    pub fn from_slice(items: &[&PyObject]) -> PyResult<PyRef<ListObject>> {
        let l = ListObject::new()?;
        for it in items {
            l.append(it)?;
        }
        Ok(l)
    }

    /// `PyList_GET_SIZE` (an atomic load).
    #[inline]
    pub fn len(&self) -> usize {
        self.ob_size.load(Ordering::Relaxed) as usize
    }

    /// Is the list empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn as_obj(&self) -> &PyObject {
        object::as_obj(self)
    }

    /// The slots `0..len`, for a caller inside the critical section.
    fn slots_locked(&self) -> &[AtomicPtr<PyObject>] {
        let Some(items) = NonNull::new(self.ob_item.load(Ordering::Relaxed)) else { return &[] };
        // SAFETY: under the critical section the array is current and has
        // at least ob_size slots; it is not freed while we hold the lock.
        unsafe { core::slice::from_raw_parts(items.as_ptr(), self.len()) }
    }

    /// `list_resize` (free-threaded form): over-allocates for growth
    /// (0, 4, 8, 16, 24, 32, 40, 52, 64, 76, ...), moves the items to a
    /// new array and frees the old one through QSBR if the list is
    /// shared. Caller holds the critical section.
    fn resize(&self, newsize: isize) -> PyResult<()> {
        let allocated = self.allocated.load(Ordering::Relaxed);
        if allocated >= newsize && newsize >= (allocated >> 1) {
            self.ob_size.store(newsize, Ordering::Relaxed);
            return Ok(());
        }
        let size = self.ob_size.load(Ordering::Relaxed);
        let mut new_allocated = ((newsize as usize) + ((newsize as usize) >> 3) + 6) & !3usize;
        if newsize - size > (new_allocated as isize - newsize) {
            new_allocated = ((newsize as usize) + 3) & !3usize;
        }
        if newsize == 0 {
            new_allocated = 0;
        }
        let new_items = allocate_array(new_allocated)?;
        let old = NonNull::new(self.ob_item.load(Ordering::Relaxed));
        if let Some(old) = old {
            let keep = (new_allocated as isize).min(allocated) as usize;
            for i in 0..keep {
                // SAFETY: both arrays have at least `keep` slots.
                unsafe {
                    let v = (*old.as_ptr().add(i)).load(Ordering::Relaxed);
                    (*new_items.as_ptr().add(i)).store(v, Ordering::Relaxed);
                }
            }
        }
        self.ob_item.store(new_items.as_ptr(), Ordering::Release);
        self.allocated.store(new_allocated as isize, Ordering::Relaxed);
        self.ob_size.store(newsize, Ordering::Relaxed);
        if let Some(old) = old {
            let shared = self.ob_base.has_gc_bits(gc_bits::SHARED);
            // SAFETY: the old array is unlinked; lock-free readers can only
            // exist if the list is shared, and then QSBR covers them.
            unsafe { free_items(old, shared) };
        }
        Ok(())
    }

    /// Stores an owned reference into slot `i` (release, so a lock-free
    /// reader that sees the pointer sees the object).
    fn store(&self, i: usize, v: ObjRef) {
        object::mark_shared(&v);
        let items = self.ob_item.load(Ordering::Relaxed);
        // SAFETY: caller holds the critical section and i < allocated.
        unsafe { (*items.add(i)).store(v.into_raw().as_ptr(), Ordering::Release) };
    }

    /// `PyList_Append`.
    pub fn append(&self, v: &PyObject) -> PyResult<()> {
        let v = object::new_ref(v);
        object::critical_section(self.as_obj(), || {
            let len = self.ob_size.load(Ordering::Relaxed);
            if self.allocated.load(Ordering::Relaxed) > len {
                // `_PyList_AppendTakeRef`: item first, then the size.
                self.store(len as usize, v);
                self.ob_size.store(len + 1, Ordering::Release);
                return Ok(());
            }
            self.resize(len + 1)?;
            self.store(len as usize, v);
            Ok(())
        })
    }

    /// `PyList_Insert` (`ins1`): `where` is clamped like `list.insert`.
    pub fn insert(&self, mut at: isize, v: &PyObject) -> PyResult<()> {
        let v = object::new_ref(v);
        object::critical_section(self.as_obj(), || {
            let n = self.ob_size.load(Ordering::Relaxed);
            self.resize(n + 1)?;
            if at < 0 {
                at = (at + n).max(0);
            }
            at = at.min(n);
            let slots = self.slots_locked();
            for i in (at as usize..n as usize).rev() {
                slots[i + 1].store(slots[i].load(Ordering::Relaxed), Ordering::Release);
            }
            self.store(at as usize, v);
            Ok(())
        })
    }

    /// `list_get_item_ref`: a new reference to item `i`, or `None` if out
    /// of range. Lock-free when the list is owned by this thread or
    /// already shared; otherwise the first access marks it shared under
    /// its lock (`list_item_impl`).
    pub fn get_item_ref(&self, i: isize) -> Option<ObjRef> {
        if !self.ob_base.is_owned_by_current_thread() && !self.ob_base.has_gc_bits(gc_bits::SHARED) {
            return self.item_locked(i);
        }
        let size = self.ob_size.load(Ordering::Acquire);
        if !valid_index(i, size) {
            return None;
        }
        let items = NonNull::new(self.ob_item.load(Ordering::Acquire))?;
        if !valid_index(i, capacity(items)) {
            return None;
        }
        // SAFETY: i < capacity of the array we loaded; the array is freed
        // through QSBR (the list is owned by us or shared), so it stays
        // readable while we are attached; items are marked shared.
        let slot = unsafe { &*items.as_ptr().add(i as usize) };
        let p = NonNull::new(slot.load(Ordering::Acquire))?;
        // SAFETY: as above for the item's memory.
        match unsafe { rupy_gc::refcount::try_incref_compare(slot, p) } {
            Some(r) => Some(r),
            None => self.item_locked(i),
        }
    }

    /// `list_item_impl`: item `i` under the list's lock, marking the list
    /// shared so later reads can go lock-free.
    fn item_locked(&self, i: isize) -> Option<ObjRef> {
        object::critical_section(self.as_obj(), || {
            if !self.ob_base.has_gc_bits(gc_bits::SHARED) {
                self.ob_base.set_gc_bits(gc_bits::SHARED);
            }
            if !valid_index(i, self.ob_size.load(Ordering::Relaxed)) {
                return None;
            }
            let p = self.slots_locked()[i as usize].load(Ordering::Relaxed);
            // SAFETY: the list holds a reference to its item while we hold
            // its lock.
            NonNull::new(p).map(|p| object::new_ref_with_lock(unsafe { p.as_ref() }))
        })
    }

    /// `PyList_GetItemRef`: IndexError if out of range.
    pub fn get_item(&self, i: isize) -> PyResult<ObjRef> {
        self.get_item_ref(i)
            .ok_or_else(|| errors::set_string(exceptions::index_error(), "list index out of range"))
    }

    /// `PyList_SetItem` (without stealing).
    pub fn set_item(&self, i: isize, v: &PyObject) -> PyResult<()> {
        let v = object::new_ref(v);
        let old = object::critical_section(self.as_obj(), || {
            if !valid_index(i, self.ob_size.load(Ordering::Relaxed)) {
                return Err(errors::set_string(exceptions::index_error(), "list assignment index out of range"));
            }
            object::mark_shared(&v);
            Ok(self.slots_locked()[i as usize].swap(v.into_raw().as_ptr(), Ordering::AcqRel))
        })?;
        if let Some(old) = NonNull::new(old) {
            // SAFETY: the slot owned the reference it held.
            drop(unsafe { PyRef::from_raw(old) });
        }
        Ok(())
    }

    /// `list_pop_impl`.
    pub fn pop(&self, index: isize) -> PyResult<ObjRef> {
        object::critical_section(self.as_obj(), || {
            let size = self.ob_size.load(Ordering::Relaxed);
            if size == 0 {
                return Err(errors::set_string(exceptions::index_error(), "pop from empty list"));
            }
            let i = if index < 0 { index + size } else { index };
            if !valid_index(i, size) {
                return Err(errors::set_string(exceptions::index_error(), "pop index out of range"));
            }
            let slots = self.slots_locked();
            let p = slots[i as usize].load(Ordering::Relaxed);
            for j in i as usize..(size - 1) as usize {
                slots[j].store(slots[j + 1].load(Ordering::Relaxed), Ordering::Release);
            }
            self.resize(size - 1)?;
            let p = NonNull::new(p).ok_or_else(errors::bad_internal_call)?;
            // SAFETY: the slot's reference moves to the caller.
            Ok(unsafe { PyRef::from_raw(p) })
        })
    }

    /// `list_clear`: detaches the array under the lock, releases the
    /// items outside it.
    pub fn clear(&self) {
        let (items, n) = object::critical_section(self.as_obj(), || {
            let n = self.ob_size.load(Ordering::Relaxed);
            let items = self.ob_item.swap(core::ptr::null_mut(), Ordering::AcqRel);
            self.ob_size.store(0, Ordering::Release);
            self.allocated.store(0, Ordering::Relaxed);
            (items, n)
        });
        let Some(items) = NonNull::new(items) else { return };
        for i in 0..n as usize {
            // SAFETY: the detached array's first n slots hold owned
            // references; only we can reach them now.
            let p = unsafe { (*items.as_ptr().add(i)).load(Ordering::Relaxed) };
            if let Some(p) = NonNull::new(p) {
                // SAFETY: owned reference from the slot.
                drop(unsafe { PyRef::from_raw(p) });
            }
        }
        let shared = self.ob_base.has_gc_bits(gc_bits::SHARED);
        // SAFETY: unlinked; readers covered by QSBR when shared.
        unsafe { free_items(items, shared) };
    }

    /// New references to all items, taken under the lock.
    pub fn snapshot(&self) -> Vec<ObjRef> {
        object::critical_section(self.as_obj(), || {
            self.slots_locked()
                .iter()
                .filter_map(|s| NonNull::new(s.load(Ordering::Relaxed)))
                // SAFETY: the list holds these references while locked.
                .map(|p| object::new_ref_with_lock(unsafe { p.as_ref() }))
                .collect()
        })
    }

    /// `PyList_AsTuple`.
    pub fn to_tuple(&self) -> PyResult<PyRef<TupleObject>> {
        let items = self.snapshot();
        let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
        tupleobject::from_slice(&refs)
    }
}

/// `list_dealloc`: releases the items (last first) and the array.
unsafe fn list_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: a dead list: nothing else references it or its array.
    unsafe {
        let l = op.cast::<ListObject>().as_ref();
        if let Some(items) = NonNull::new(l.ob_item.load(Ordering::Relaxed)) {
            for i in (0..l.len()).rev() {
                if let Some(p) = NonNull::new((*items.as_ptr().add(i)).load(Ordering::Relaxed)) {
                    drop(PyRef::from_raw(p));
                }
            }
            free_items(items, false);
        }
        object::free_object(op);
    }
}

fn as_list(v: &PyObject) -> PyResult<&ListObject> {
    downcast::<ListObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `list_repr`: `[...]` for a list already being printed.
fn list_repr(v: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    if l.is_empty() {
        return unicodeobject::from_static("[]");
    }
    if state::repr_enter(v) {
        return unicodeobject::from_static("[...]");
    }
    let res = object::critical_section(v, || -> PyResult<String> {
        let mut out = String::from("[");
        // The size is re-read each time: an item's repr may mutate the list.
        let mut i = 0;
        while i < l.len() {
            if i > 0 {
                out.push_str(", ");
            }
            let p = l.slots_locked()[i].load(Ordering::Relaxed);
            let Some(p) = NonNull::new(p) else { break };
            // SAFETY: owned by the list while we hold its lock; the new
            // reference keeps it alive across a nested repr.
            let item = object::new_ref_with_lock(unsafe { p.as_ref() });
            out.push_str(&object::repr(&item)?.to_string_lossy());
            i += 1;
        }
        out.push(']');
        Ok(out)
    });
    state::repr_leave(v);
    unicodeobject::from_string(res?).map(into_obj)
}

/// `list_richcompare`.
fn list_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<ListObject>(v), downcast::<ListObject>(w)) else {
        return Ok(object::not_implemented());
    };
    tupleobject::sequence_richcompare(&a.snapshot(), &b.snapshot(), op)
}

fn list_length(v: &PyObject) -> PyResult<isize> {
    Ok(as_list(v)?.len() as isize)
}

/// `list_item`.
fn list_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    as_list(v)?.get_item(i)
}

/// An integer index for a list, counted from the end if negative.
fn list_index(l: &ListObject, key: &PyObject) -> PyResult<isize> {
    let Some(i) = downcast::<IntObject>(key) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("list indices must be integers or slices, not {}", type_of(key).name()),
        ));
    };
    let i = longobject::as_index_isize(i, exceptions::index_error(), "cannot fit 'int' into an index-sized integer")?;
    Ok(if i < 0 { i + l.len() as isize } else { i })
}

/// `list_subscript`: an item, or a new list for a slice.
fn list_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    if let Some(s) = downcast::<crate::objects::sliceobject::SliceObject>(key) {
        let (start, _, step, n) = s.indices_for(l.len() as isize)?;
        let items = l.snapshot();
        let picked: Vec<&PyObject> =
            crate::objects::sliceobject::positions(start, step, n).filter_map(|i| items.get(i).map(|r| &**r)).collect();
        return ListObject::from_slice(&picked).map(into_obj);
    }
    l.get_item(list_index(l, key)?)
}

/// `list_ass_subscript` for integer indices.
fn list_ass_subscript(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let l = as_list(v)?;
    let i = list_index(l, key)?;
    match value {
        Some(val) => l.set_item(i, val),
        None => {
            if !valid_index(i, l.len() as isize) {
                return Err(errors::set_string(exceptions::index_error(), "list assignment index out of range"));
            }
            l.pop(i).map(drop)
        }
    }
}

/// `list_concat`.
fn list_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let a = as_list(v)?;
    let Some(b) = downcast::<ListObject>(w) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("can only concatenate list (not \"{}\") to list", type_of(w).name()),
        ));
    };
    let items: Vec<ObjRef> = a.snapshot().into_iter().chain(b.snapshot()).collect();
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    ListObject::from_slice(&refs).map(into_obj)
}

/// `list_contains`.
fn list_contains(v: &PyObject, w: &PyObject) -> PyResult<bool> {
    let l = as_list(v)?;
    let mut i = 0;
    while let Some(item) = l.get_item_ref(i) {
        if object::rich_compare_bool(&item, w, CompareOp::Eq)? {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

/// `list_new` + `list___init__`: `list()` or a copy of a list or tuple.
fn list_new(_ty: &TypeObject, args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    match args.as_slice() {
        [] => ListObject::new().map(into_obj),
        [x] => {
            let items: Vec<ObjRef> = if let Some(l) = downcast::<ListObject>(x) {
                l.snapshot()
            } else if let Some(t) = downcast::<TupleObject>(x) {
                t.as_slice().to_vec()
            } else {
                crate::objects::r#abstract::collect(x)?
            };
            let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
            ListObject::from_slice(&refs).map(into_obj)
        }
        a => Err(errors::set_string(
            exceptions::type_error(),
            &format!("list expected at most 1 argument, got {}", a.len()),
        )),
    }
}

fn meth_append(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?.append(x)?;
    Ok(object::none())
}

fn meth_insert(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [i, x] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("insert expected 2 arguments, got {}", args.len()),
        ));
    };
    let Some(i) = downcast::<IntObject>(i) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object cannot be interpreted as an integer", type_of(i).name()),
        ));
    };
    let at = match i.as_i64() {
        Some(v) => isize::try_from(v).unwrap_or(if v < 0 { isize::MIN } else { isize::MAX }),
        None => if i.sign() < 0 { isize::MIN } else { isize::MAX },
    };
    as_list(v)?.insert(at, x)?;
    Ok(object::none())
}

fn meth_pop(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    match args {
        [] => l.pop(-1),
        [i] => {
            let Some(i) = downcast::<IntObject>(i) else {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("'{}' object cannot be interpreted as an integer", type_of(i).name()),
                ));
            };
            l.pop(longobject::as_index_isize(i, exceptions::index_error(), "pop index out of range")?)
        }
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("pop expected at most 1 argument, got {}", args.len()),
        )),
    }
}

fn meth_clear(v: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?.clear();
    Ok(object::none())
}

/// `list.sort(*, key=None, reverse=False)` (`list_sort_impl`): a stable
/// sort comparing with `<` only. The list is empty while it is sorted;
/// if it is not empty afterwards, the sorted items are put back anyway
/// and "list modified during sort" is raised, as CPython does (see
/// docs/quirks.md: a merge sort, not timsort).
fn meth_sort(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    if !args.is_empty() {
        return Err(errors::set_string(
            exceptions::type_error(),
            "sort() takes no positional arguments",
        ));
    }
    let (mut key, mut reverse) = (None, false);
    for (k, val) in kwargs.map(DictObject::items).unwrap_or_default() {
        match &*object::str_lossy(&k) {
            "key" => key = Some(val).filter(|f| !object::is_none(f)),
            "reverse" => reverse = object::is_true(&val)?,
            name => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("sort() got an unexpected keyword argument '{name}'"),
                ));
            }
        }
    }
    let mut items = l.snapshot();
    l.clear();
    let res = sort_items(&mut items, key.as_deref(), reverse);
    let modified = !l.is_empty();
    l.clear();
    for it in &items {
        l.append(it)?;
    }
    res?;
    if modified {
        return Err(errors::set_string(exceptions::value_error(), "list modified during sort"));
    }
    Ok(object::none())
}

/// Sorts `items` stably by `key(item)` (or the item) with `<`; reversed
/// order keeps equal items in their original order, as CPython reverses
/// before and after sorting. On an error the items stay a permutation.
fn sort_items(items: &mut [ObjRef], key: Option<&PyObject>, reverse: bool) -> PyResult<()> {
    let keys: Vec<ObjRef> = match key {
        Some(f) => items.iter().map(|it| crate::objects::call::call(f, &[it])).collect::<PyResult<_>>()?,
        None => items.to_vec(),
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let mut tmp = Vec::new();
    let mut lt = |a: usize, b: usize| object::rich_compare_bool(&keys[a], &keys[b], CompareOp::Lt);
    let res = merge_sort(&mut order, &mut tmp, &mut lt);
    if reverse {
        order.reverse();
    }
    let sorted: Vec<ObjRef> = order.iter().map(|&i| items[i].clone()).collect();
    items.clone_from_slice(&sorted);
    res
}

/// A top-down stable merge sort of `v` by the fallible `lt`.
fn merge_sort(
    v: &mut [usize],
    tmp: &mut Vec<usize>,
    lt: &mut impl FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], tmp, lt)?;
    merge_sort(&mut v[mid..], tmp, lt)?;
    if !lt(v[mid], v[mid - 1])? {
        return Ok(());
    }
    tmp.clear();
    tmp.extend_from_slice(&v[..mid]);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < tmp.len() && j < n {
        match lt(v[j], tmp[i]) {
            Ok(true) => {
                v[k] = v[j];
                j += 1;
            }
            Ok(false) => {
                v[k] = tmp[i];
                i += 1;
            }
            Err(e) => {
                v[k..k + tmp.len() - i].copy_from_slice(&tmp[i..]);
                return Err(e);
            }
        }
        k += 1;
    }
    v[k..k + tmp.len() - i].copy_from_slice(&tmp[i..]);
    Ok(())
}

static LIST_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "append", ml_meth: MethodFn::O(meth_append), ml_doc: Some("Append object to the end of the list.") },
    MethodDef { ml_name: "insert", ml_meth: MethodFn::FastCall(meth_insert), ml_doc: Some("Insert object before index.") },
    MethodDef { ml_name: "pop", ml_meth: MethodFn::FastCall(meth_pop), ml_doc: Some("Remove and return item at index (default last).") },
    MethodDef { ml_name: "clear", ml_meth: MethodFn::NoArgs(meth_clear), ml_doc: Some("Remove all items from list.") },
    MethodDef { ml_name: "sort", ml_meth: MethodFn::FastCallKw(meth_sort), ml_doc: Some("Sort the list in ascending order and return None.") },
];

/// `list` (`PyList_Type`).
pub static LIST_TYPE: TypeObject = TypeObject::new_static(
    "list",
    size_of::<ListObject>(),
    list_dealloc,
    TypeSlots {
        tp_repr: Some(list_repr),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(list_richcompare),
        tp_new: Some(list_new),
        sq_length: Some(list_length),
        sq_concat: Some(list_concat),
        sq_item: Some(list_item),
        sq_contains: Some(list_contains),
        mp_length: Some(list_length),
        mp_subscript: Some(list_subscript),
        mp_ass_subscript: Some(list_ass_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::LIST_SUBCLASS | flags::HAVE_GC | flags::SEQUENCE)
.with_methods(&LIST_METHODS);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::r#abstract as ab;

    fn r(v: &PyObject) -> String {
        object::repr(v).unwrap().to_string_lossy()
    }

    #[test]
    fn append_insert_pop_setitem_repr() {
        state::ensure();
        let i = |v| longobject::from_i64(v).unwrap();
        let l = ListObject::new().unwrap();
        let lo = into_obj(l.clone());
        assert_eq!(r(&lo), "[]");
        for k in 0..10 {
            l.append(&i(k)).unwrap();
        }
        assert_eq!(r(&lo), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
        l.insert(0, &i(-1)).unwrap();
        l.insert(-1, &i(42)).unwrap();
        l.insert(100, &i(99)).unwrap();
        assert_eq!(r(&lo), "[-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 42, 9, 99]");
        assert_eq!(r(&l.pop(-1).unwrap()), "99");
        assert_eq!(r(&l.pop(0).unwrap()), "-1");
        l.set_item(1, &i(7)).unwrap();
        assert_eq!(r(&ab::get_item(&lo, &i(-2)).unwrap()), "42");
        assert_eq!(r(&lo), "[0, 7, 2, 3, 4, 5, 6, 7, 8, 42, 9]");
        assert!(l.get_item(11).is_err());
        assert_eq!(errors::take_message().unwrap(), "IndexError: list index out of range");
        assert!(l.set_item(11, &i(0)).is_err());
        assert_eq!(errors::take_message().unwrap(), "IndexError: list assignment index out of range");
        l.append(&lo).unwrap();
        assert!(r(&lo).ends_with(", 9, [...]]"));
        l.clear();
        assert_eq!(r(&lo), "[]");
        assert!(l.pop(-1).is_err());
        assert_eq!(errors::take_message().unwrap(), "IndexError: pop from empty list");
        assert!(object::hash(&lo).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: unhashable type: 'list'");
    }

    #[test]
    fn methods_through_getattr() {
        state::ensure();
        let l = into_obj(ListObject::new().unwrap());
        let one = longobject::from_i64(1).unwrap();
        let append = object::get_attr_str(&l, "append").unwrap();
        assert!(r(&append).starts_with("<built-in method append of list object at 0x"));
        object::call(&append, &[&one]).unwrap();
        object::call(&append, &[&one]).unwrap();
        assert_eq!(r(&l), "[1, 1]");
        assert!(object::call(&append, &[]).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: list.append() takes exactly one argument (0 given)");
        let clear = object::get_attr_str(&l, "clear").unwrap();
        assert!(object::call(&clear, &[&one]).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: list.clear() takes no arguments (1 given)");
        let unbound = object::get_attr_str(object::as_obj(&LIST_TYPE), "append").unwrap();
        assert_eq!(r(&unbound), "<method 'append' of 'list' objects>");
        object::call(&unbound, &[&l, &one]).unwrap();
        assert_eq!(abs_len(&l), 3);
        assert!(object::get_attr_str(&l, "foo").is_err());
        assert_eq!(errors::take_message().unwrap(), "AttributeError: 'list' object has no attribute 'foo'");
        let foo = unicodeobject::intern_str("foo").unwrap();
        assert!(object::set_attr(&l, &foo, Some(&one)).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "AttributeError: 'list' object has no attribute 'foo' and no __dict__ for setting new attributes"
        );
        let app = unicodeobject::intern_str("append").unwrap();
        assert!(object::set_attr(&l, &app, Some(&one)).is_err());
        assert_eq!(errors::take_message().unwrap(), "AttributeError: 'list' object attribute 'append' is read-only");
        let l2 = ab::add(&l, &l).unwrap();
        assert_eq!(r(&l2), "[1, 1, 1, 1, 1, 1]");
        assert!(object::rich_compare_bool(&l, &l2, CompareOp::Lt).unwrap());
    }

    fn abs_len(v: &PyObject) -> isize {
        ab::size(v).unwrap()
    }
}
