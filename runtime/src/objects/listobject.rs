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

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::r#abstract as ab;
use crate::objects::sliceobject::{self, SliceObject};
use crate::objects::typeobject::{self, NewFunc, TypeObject, TypeSlots, flags, heaptype};
use crate::objects::{boolobject, exceptions, iterobject, unicodeobject};
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

    /// Runs `f` in the list's critical section, shared first
    /// ([`Self::share_locked`]) when the caller is not its owner.
    fn locked<R>(&self, f: impl FnOnce() -> R) -> R {
        object::critical_section_sharing(self.as_obj(), || self.share_locked(), f)
    }

    /// Marks the list's contents shared (where `list_item_impl` sets the
    /// shared GC bit) and every item it holds shared: other threads may
    /// now read them lock-free, so their memory goes through QSBR.
    /// Items of a list no other thread has touched stay unmarked, and a
    /// thread that builds a private list frees its items at once. Caller
    /// holds the critical section.
    fn share_locked(&self) {
        if self.ob_base.contents_shared() {
            return;
        }
        for slot in self.slots_locked() {
            // SAFETY: under the lock each non-null slot owns a reference.
            if let Some(item) = unsafe { slot.load(Ordering::Relaxed).as_ref() } {
                object::mark_shared(item);
            }
        }
        self.ob_base.set_contents_shared();
    }

    /// Marks `v`, about to be stored, shared if the list is
    /// ([`Self::share_locked`]). Caller holds the critical section.
    fn mark_item(&self, v: &PyObject) {
        if self.ob_base.contents_shared() {
            object::mark_shared(v);
        }
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
            let shared = self.ob_base.contents_shared();
            // SAFETY: the old array is unlinked; lock-free readers can only
            // exist if the list is shared, and then QSBR covers them.
            unsafe { free_items(old, shared) };
        }
        Ok(())
    }

    /// Stores an owned reference into slot `i` (release, so a lock-free
    /// reader that sees the pointer sees the object).
    fn store(&self, i: usize, v: ObjRef) {
        self.mark_item(&v);
        let items = self.ob_item.load(Ordering::Relaxed);
        // SAFETY: caller holds the critical section and i < allocated.
        unsafe { (*items.add(i)).store(v.into_raw().as_ptr(), Ordering::Release) };
    }

    /// `PyList_Append`.
    pub fn append(&self, v: &PyObject) -> PyResult<()> {
        let v = object::new_ref(v);
        self.locked(|| {
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
        self.locked(|| {
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
        if !self.ob_base.is_owned_by_current_thread() && !self.ob_base.contents_shared() {
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
        // A null slot is one a writer has not filled yet (the size is
        // published before the items when the list grows): ask under the
        // lock, as `_Py_TryXGetRef` failing does in CPython.
        let Some(p) = NonNull::new(slot.load(Ordering::Acquire)) else { return self.item_locked(i) };
        // SAFETY: as above for the item's memory.
        match unsafe { rupy_gc::refcount::try_incref_compare(slot, p) } {
            Some(r) => Some(r),
            None => self.item_locked(i),
        }
    }

    /// `list_item_impl`: item `i` under the list's lock, marking the list
    /// shared so later reads can go lock-free.
    fn item_locked(&self, i: isize) -> Option<ObjRef> {
        self.locked(|| {
            self.share_locked();
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
        let old = self.locked(|| {
            if !valid_index(i, self.ob_size.load(Ordering::Relaxed)) {
                return Err(errors::set_string(exceptions::index_error(), "list assignment index out of range"));
            }
            self.mark_item(&v);
            Ok(self.slots_locked()[i as usize].swap(v.into_raw().as_ptr(), Ordering::AcqRel))
        })?;
        if let Some(old) = NonNull::new(old) {
            // SAFETY: the slot owned the reference it held.
            drop(unsafe { PyRef::from_raw(old) });
        }
        Ok(())
    }

    /// Stores `v` at `i` and returns the item it replaces, in one critical
    /// section (`PyList_GET_ITEM` + `PyList_SET_ITEM` as `_heapq` uses them).
    pub fn exchange(&self, i: isize, v: &PyObject) -> PyResult<ObjRef> {
        let v = object::new_ref(v);
        let old = self.locked(|| {
            if !valid_index(i, self.ob_size.load(Ordering::Relaxed)) {
                return Err(errors::set_string(exceptions::index_error(), "list assignment index out of range"));
            }
            self.mark_item(&v);
            Ok(self.slots_locked()[i as usize].swap(v.into_raw().as_ptr(), Ordering::AcqRel))
        })?;
        let old = NonNull::new(old).ok_or_else(errors::bad_internal_call)?;
        // SAFETY: the slot owned the reference it held; it moves to the caller.
        Ok(unsafe { PyRef::from_raw(old) })
    }

    /// `items[i] < items[j]` for two exact floats or two exact ints,
    /// compared under the list's lock without touching reference counts
    /// (such comparisons run no Python code); `None` for anything else,
    /// which the caller compares with `PyObject_RichCompare` on owned
    /// references.
    pub fn native_lt(&self, i: isize, j: isize) -> Option<bool> {
        use crate::objects::floatobject::{FLOAT_TYPE, FloatObject};
        self.locked(|| {
            let n = self.ob_size.load(Ordering::Relaxed);
            if !valid_index(i, n) || !valid_index(j, n) {
                return None;
            }
            let slots = self.slots_locked();
            let a = NonNull::new(slots[i as usize].load(Ordering::Relaxed))?;
            let b = NonNull::new(slots[j as usize].load(Ordering::Relaxed))?;
            // SAFETY: the list holds references to its items while we hold
            // its lock, and nothing below releases it.
            let (a, b) = unsafe { (a.as_ref(), b.as_ref()) };
            let (ta, tb) = (type_of(a), type_of(b));
            if !core::ptr::eq(ta, tb) {
                return None;
            }
            if core::ptr::eq(ta, &FLOAT_TYPE) {
                let (x, y) = (downcast::<FloatObject>(a)?, downcast::<FloatObject>(b)?);
                return Some(x.value() < y.value());
            }
            if core::ptr::eq(ta, &longobject::INT_TYPE) {
                let (x, y) = (downcast::<IntObject>(a)?, downcast::<IntObject>(b)?);
                return Some(longobject::compare(x, y) == core::cmp::Ordering::Less);
            }
            None
        })
    }

    /// Swaps items `i` and `j` in one critical section (the pointer swap
    /// of `_heapq`'s sift loops); IndexError if either is out of range.
    pub fn swap(&self, i: isize, j: isize) -> PyResult<()> {
        self.locked(|| {
            let n = self.ob_size.load(Ordering::Relaxed);
            if !valid_index(i, n) || !valid_index(j, n) {
                return Err(errors::set_string(exceptions::index_error(), "list index out of range"));
            }
            let slots = self.slots_locked();
            let a = slots[i as usize].load(Ordering::Relaxed);
            let b = slots[j as usize].load(Ordering::Relaxed);
            slots[i as usize].store(b, Ordering::Release);
            slots[j as usize].store(a, Ordering::Release);
            Ok(())
        })
    }

    /// `list_pop_impl`.
    pub fn pop(&self, index: isize) -> PyResult<ObjRef> {
        self.locked(|| {
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
        let (items, n) = self.locked(|| {
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
        let shared = self.ob_base.contents_shared();
        // SAFETY: unlinked; readers covered by QSBR when shared.
        unsafe { free_items(items, shared) };
    }

    /// Appends owned references under one critical section
    /// (`list_extend_fast` / `_PyList_AppendTakeRef` in a loop).
    fn append_all(&self, items: Vec<ObjRef>) -> PyResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        self.locked(|| {
            let n = self.ob_size.load(Ordering::Relaxed);
            let Some(total) = n.checked_add(items.len() as isize) else { return Err(errors::no_memory()) };
            if self.allocated.load(Ordering::Relaxed) < total {
                // Grow once, keeping the old size until the items are in.
                self.resize(total)?;
                self.ob_size.store(n, Ordering::Relaxed);
            }
            for (k, v) in items.into_iter().enumerate() {
                self.store(n as usize + k, v);
            }
            self.ob_size.store(total, Ordering::Release);
            Ok(())
        })
    }

    /// `list_extend`: a list or tuple is copied in one step (the list's
    /// items are taken under its lock, so `l.extend(l)` doubles it);
    /// anything else is iterated, appending as it goes.
    pub fn extend(&self, iterable: &PyObject) -> PyResult<()> {
        if let Some(other) = downcast::<ListObject>(iterable)
            && (object::is_type(iterable, &LIST_TYPE) || core::ptr::eq(other, self))
        {
            return self.append_all(other.snapshot());
        }
        if let Some(t) = downcast::<TupleObject>(iterable)
            && object::is_type(iterable, &tupleobject::TUPLE_TYPE)
        {
            return self.append_all(t.as_slice().to_vec());
        }
        let it = crate::objects::r#abstract::get_iter(iterable)?;
        while let Some(item) = crate::objects::r#abstract::iter_next(&it)? {
            self.append(&item)?;
        }
        Ok(())
    }

    /// `list_ass_slice`: replaces items `ilow..ihigh` (clamped to the
    /// list) by `v`, under the critical section. The removed items are
    /// returned, so that the caller releases them outside the lock.
    fn ass_slice(&self, ilow: isize, ihigh: isize, v: Vec<ObjRef>) -> PyResult<Vec<ObjRef>> {
        self.locked(|| {
            let n = self.ob_size.load(Ordering::Relaxed);
            let ilow = ilow.clamp(0, n);
            let ihigh = ihigh.clamp(ilow, n);
            let k = v.len() as isize;
            let d = k - (ihigh - ilow);
            let mut removed = Vec::with_capacity((ihigh - ilow) as usize);
            for i in ilow..ihigh {
                let p = self.slots_locked()[i as usize].load(Ordering::Relaxed);
                // SAFETY: the slot owns its reference; it moves to `removed`
                // and the slot is overwritten or cut off below.
                removed.extend(NonNull::new(p).map(|p| unsafe { PyRef::from_raw(p) }));
            }
            if d < 0 {
                let slots = self.slots_locked();
                for i in ihigh as usize..n as usize {
                    slots[(i as isize + d) as usize].store(slots[i].load(Ordering::Relaxed), Ordering::Release);
                }
                if let Err(e) = self.resize(n + d) {
                    // Shrinking only fails to allocate a smaller array:
                    // keep the old one, trimmed.
                    drop(e);
                    errors::clear();
                    self.ob_size.store(n + d, Ordering::Release);
                }
            } else if d > 0 {
                if let Err(e) = self.resize(n + d) {
                    // Put the removed references back: nothing changed.
                    for (j, r) in removed.into_iter().enumerate() {
                        self.slots_locked()[ilow as usize + j].store(r.into_raw().as_ptr(), Ordering::Relaxed);
                    }
                    return Err(e);
                }
                let slots = self.slots_locked();
                for i in (ihigh as usize..n as usize).rev() {
                    slots[(i as isize + d) as usize].store(slots[i].load(Ordering::Relaxed), Ordering::Release);
                }
            }
            for (j, item) in v.into_iter().enumerate() {
                self.store(ilow as usize + j, item);
            }
            Ok(removed)
        })
    }

    /// Items at `start, start + step, ...` (`n` of them, clamped to the
    /// current size), taken under the lock.
    fn slice_items(&self, start: isize, step: isize, n: isize) -> Vec<ObjRef> {
        self.locked(|| {
            let slots = self.slots_locked();
            crate::objects::sliceobject::positions(start, step, n)
                .filter_map(|i| slots.get(i))
                .filter_map(|s| NonNull::new(s.load(Ordering::Relaxed)))
                // SAFETY: the list holds these references while locked.
                .map(|p| object::new_ref_with_lock(unsafe { p.as_ref() }))
                .collect()
        })
    }

    /// `list_reverse_impl`: reverses in place under the lock.
    pub fn reverse(&self) {
        self.locked(|| {
            let slots = self.slots_locked();
            let n = slots.len();
            for i in 0..n / 2 {
                let a = slots[i].load(Ordering::Relaxed);
                let b = slots[n - 1 - i].load(Ordering::Relaxed);
                slots[i].store(b, Ordering::Release);
                slots[n - 1 - i].store(a, Ordering::Release);
            }
        });
    }

    /// Takes the items out, leaving the list empty (the first step of
    /// `list_sort_impl`): the owned references come back in order.
    fn take_items(&self) -> Vec<ObjRef> {
        let (items, n) = self.locked(|| {
            let n = self.ob_size.load(Ordering::Relaxed);
            let items = self.ob_item.swap(core::ptr::null_mut(), Ordering::AcqRel);
            self.ob_size.store(0, Ordering::Release);
            self.allocated.store(0, Ordering::Relaxed);
            (items, n)
        });
        let Some(items) = NonNull::new(items) else { return Vec::new() };
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n as usize {
            // SAFETY: the detached array's first n slots hold owned
            // references; only we can reach them now.
            let p = unsafe { (*items.as_ptr().add(i)).load(Ordering::Relaxed) };
            // SAFETY: owned reference from the slot.
            out.extend(NonNull::new(p).map(|p| unsafe { PyRef::from_raw(p) }));
        }
        let shared = self.ob_base.contents_shared();
        // SAFETY: unlinked; readers covered by QSBR when shared.
        unsafe { free_items(items, shared) };
        out
    }

    /// New references to all items, taken under the lock.
    pub fn snapshot(&self) -> Vec<ObjRef> {
        self.locked(|| {
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

/// `list_traverse`: the items, read without the lock (the collector runs
/// with the world stopped, so no writer is mid-change).
fn list_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Some(l) = downcast::<ListObject>(v) else { return };
    let items = l.ob_item.load(Ordering::Acquire);
    if items.is_null() {
        return;
    }
    for i in 0..l.len() {
        // SAFETY: the array holds at least `ob_size` slots; each non-null
        // slot owns a reference.
        if let Some(o) = unsafe { (*items.add(i)).load(Ordering::Relaxed).as_ref() } {
            visit(o);
        }
    }
}

/// `_list_clear` as `tp_clear`.
fn list_tp_clear(v: &PyObject) {
    if let Some(l) = downcast::<ListObject>(v) {
        l.clear();
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
    if a.len() != b.len() && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(boolobject::from_bool(op == CompareOp::Ne));
    }
    // The items are read afresh at each step: a comparison may change
    // either list (bpo-38588), and the sizes are compared as they end up.
    let mut i = 0;
    let differ = loop {
        let (Some(x), Some(y)) = (a.get_item_ref(i), b.get_item_ref(i)) else { break None };
        if !object::is(&x, &y) && !object::rich_compare_bool(&x, &y, CompareOp::Eq)? {
            break Some((x, y));
        }
        i += 1;
    };
    match differ {
        Some((x, y)) if (i as usize) < a.len() && (i as usize) < b.len() => match op {
            CompareOp::Eq => Ok(boolobject::from_bool(false)),
            CompareOp::Ne => Ok(boolobject::from_bool(true)),
            _ => object::rich_compare(&x, &y, op),
        },
        _ => Ok(boolobject::from_bool(op.test(a.len(), b.len()))),
    }
}

fn list_length(v: &PyObject) -> PyResult<isize> {
    Ok(as_list(v)?.len() as isize)
}

/// `list_item`.
fn list_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    as_list(v)?.get_item(i)
}

/// An index for a list (`PyIndex_Check` + `PyNumber_AsSsize_t` with
/// IndexError), counted from the end if negative.
fn list_index(l: &ListObject, key: &PyObject) -> PyResult<isize> {
    if downcast::<IntObject>(key).is_none() && type_of(key).slots.nb_index.get().is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("list indices must be integers or slices, not {}", type_of(key).name()),
        ));
    }
    let i = ab::as_ssize(key, Some(exceptions::index_error()))?;
    Ok(if i < 0 { i + l.len() as isize } else { i })
}

/// `list_subscript`: an item, or a new list for a slice.
fn list_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    if let Some(s) = downcast::<SliceObject>(key) {
        let (mut start, mut stop, step) = s.unpack()?;
        let n = sliceobject::adjust_indices(l.len() as isize, &mut start, &mut stop, step);
        return new_from_vec(l.slice_items(start, step, n));
    }
    l.get_item(list_index(l, key)?)
}

/// A new list owning `items`.
fn new_from_vec(items: Vec<ObjRef>) -> PyResult<ObjRef> {
    let l = ListObject::new()?;
    l.append_all(items)?;
    Ok(into_obj(l))
}

/// `PySequence_Fast` for slice assignment: the items of `v` (a copy of
/// the list itself when `v` is the list).
fn fast_items(v: &PyObject, msg: &str) -> PyResult<Vec<ObjRef>> {
    if let Some(l) = downcast::<ListObject>(v) {
        return Ok(l.snapshot());
    }
    if let Some(t) = downcast::<TupleObject>(v) {
        return Ok(t.as_slice().to_vec());
    }
    match ab::collect(v) {
        Ok(items) => Ok(items),
        Err(e) => {
            if errors::exception_matches(exceptions::type_error()) {
                errors::clear();
                return Err(errors::set_string(exceptions::type_error(), msg));
            }
            Err(e)
        }
    }
}

/// `list_ass_subscript`: an item, a slice (any step) or a deletion.
fn list_ass_subscript(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let l = as_list(v)?;
    if let Some(s) = downcast::<SliceObject>(key) {
        let (start, stop, step) = s.unpack()?;
        let items = match value {
            Some(val) => Some(fast_items(val, "must assign iterable to extended slice")?),
            None => None,
        };
        let removed = ass_extended_slice(l, start, stop, step, items)?;
        drop(removed);
        return Ok(());
    }
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

/// The slice part of `list_ass_subscript`: the indices are adjusted to
/// the size seen under the lock; a step of 1 is `list_ass_slice`, other
/// steps replace (same length only) or delete every step-th item.
fn ass_extended_slice(
    l: &ListObject,
    start: isize,
    stop: isize,
    step: isize,
    items: Option<Vec<ObjRef>>,
) -> PyResult<Vec<ObjRef>> {
    if step == 1 {
        let n = l.len() as isize;
        let (mut a, mut b) = (start, stop);
        sliceobject::adjust_indices(n, &mut a, &mut b, step);
        return l.ass_slice(a, b.max(a), items.unwrap_or_default());
    }
    l.locked(|| {
        let size = l.ob_size.load(Ordering::Relaxed);
        let (mut a, mut b) = (start, stop);
        let slicelen = sliceobject::adjust_indices(size, &mut a, &mut b, step);
        let positions: Vec<usize> = sliceobject::positions(a, step, slicelen).collect();
        let slots = l.slots_locked();
        match items {
            Some(items) => {
                if items.len() != positions.len() {
                    return Err(errors::set_string(
                        exceptions::value_error(),
                        &format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            positions.len()
                        ),
                    ));
                }
                let mut old = Vec::with_capacity(items.len());
                for (&i, item) in positions.iter().zip(items) {
                    l.mark_item(&item);
                    let p = slots[i].swap(item.into_raw().as_ptr(), Ordering::AcqRel);
                    // SAFETY: the slot owned the reference it held.
                    old.extend(NonNull::new(p).map(|p| unsafe { PyRef::from_raw(p) }));
                }
                Ok(old)
            }
            None => {
                if positions.is_empty() {
                    return Ok(Vec::new());
                }
                let mut del = vec![false; size as usize];
                for &i in &positions {
                    del[i] = true;
                }
                let mut removed = Vec::with_capacity(positions.len());
                let mut w = 0usize;
                for (i, &gone) in del.iter().enumerate() {
                    let p = slots[i].load(Ordering::Relaxed);
                    if gone {
                        // SAFETY: the slot's reference moves out; the slot is
                        // overwritten or cut off by the compaction.
                        removed.extend(NonNull::new(p).map(|p| unsafe { PyRef::from_raw(p) }));
                    } else {
                        slots[w].store(p, Ordering::Release);
                        w += 1;
                    }
                }
                if let Err(e) = l.resize(w as isize) {
                    drop(e);
                    errors::clear();
                    l.ob_size.store(w as isize, Ordering::Release);
                }
                Ok(removed)
            }
        }
    })
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
    let mut items = a.snapshot();
    items.extend(b.snapshot());
    new_from_vec(items)
}

/// `list_inplace_concat` (`+=`): extend, then the list itself.
fn list_inplace_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?.extend(w)?;
    Ok(object::new_ref(v))
}

/// The items of `items` repeated `n` times, or MemoryError when the
/// result could not be indexed.
fn repeated(items: &[ObjRef], n: isize) -> PyResult<Vec<ObjRef>> {
    if n <= 0 || items.is_empty() {
        return Ok(Vec::new());
    }
    let Some(total) = items.len().checked_mul(n as usize).filter(|&t| t <= (isize::MAX as usize) / size_of::<usize>()) else {
        return Err(errors::no_memory());
    };
    let mut out = Vec::new();
    if out.try_reserve_exact(total).is_err() {
        return Err(errors::no_memory());
    }
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    Ok(out)
}

/// `list_repeat` (`list * n`).
fn list_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let items = as_list(v)?.snapshot();
    new_from_vec(repeated(&items, n)?)
}

/// `list_inplace_repeat` (`list *= n`).
fn list_inplace_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    if n <= 0 {
        l.clear();
    } else if n > 1 {
        let items = l.snapshot();
        let extra = repeated(&items, n - 1)?;
        l.append_all(extra)?;
    }
    Ok(object::new_ref(v))
}

/// `list_contains`.
fn list_contains(v: &PyObject, w: &PyObject) -> PyResult<bool> {
    let l = as_list(v)?;
    let mut i = 0;
    while let Some(item) = l.get_item_ref(i) {
        if object::is(&item, w) || object::rich_compare_bool(&item, w, CompareOp::Eq)? {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

/// `list_new` (`PyType_GenericNew`): an empty list of type `ty`; the
/// items come from `__init__`.
fn list_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if core::ptr::eq(ty, &LIST_TYPE) {
        return ListObject::new().map(into_obj);
    }
    // SAFETY: a list subtype's layout starts with ListObject, whose
    // all-zero state is the empty list (null array, zero sizes).
    unsafe { heaptype::generic_alloc::<ListObject>(ty) }.map(into_obj)
}

/// `list___init___impl`: clears the list, then extends it from the
/// optional iterable.
fn list_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let l = as_list(v)?;
    let ty = type_of(v);
    if (core::ptr::eq(ty, &LIST_TYPE) || ty.slots.tp_new.get().is_some_and(|f| core::ptr::fn_addr_eq(f, list_new as NewFunc)))
        && kwds.is_some_and(|k| !k.is_empty())
    {
        return Err(errors::set_string(exceptions::type_error(), "list() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("list expected at most 1 argument, got {}", args.len()),
        ));
    }
    if !l.is_empty() {
        l.clear();
    }
    if let [x] = args.as_slice() {
        l.extend(x)?;
    }
    Ok(())
}

fn meth_append(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?.append(x)?;
    Ok(object::none())
}

fn meth_extend(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?.extend(x)?;
    Ok(object::none())
}

fn meth_insert(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [i, x] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("insert expected 2 arguments, got {}", args.len()),
        ));
    };
    let at = ab::as_ssize(i, None)?;
    as_list(v)?.insert(at, x)?;
    Ok(object::none())
}

fn meth_pop(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    match args {
        [] => l.pop(-1),
        [i] => l.pop(ab::as_ssize(i, Some(exceptions::overflow_error()))?),
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

/// `list_copy_impl`.
fn meth_copy(v: &PyObject) -> PyResult<ObjRef> {
    new_from_vec(as_list(v)?.snapshot())
}

/// `list_reverse_impl`.
fn meth_reverse(v: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?.reverse();
    Ok(object::none())
}

/// `list_remove`: the first item equal to `x` (compared outside the
/// lock), removed if the list still has it there.
fn meth_remove(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    let mut i = 0;
    while let Some(item) = l.get_item_ref(i) {
        if object::is(&item, x) || object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            drop(l.ass_slice(i, i + 1, Vec::new())?);
            return Ok(object::none());
        }
        i += 1;
    }
    Err(errors::set_string(exceptions::value_error(), "list.remove(x): x not in list"))
}

/// `list_count`.
fn meth_count(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    let (mut i, mut n) = (0, 0i64);
    while let Some(item) = l.get_item_ref(i) {
        if object::is(&item, x) || object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            n += 1;
        }
        i += 1;
    }
    longobject::from_i64(n)
}

/// `_PyEval_SliceIndexNotNone`: an index-like bound, clamped.
pub(crate) fn slice_index_not_none(o: &PyObject) -> PyResult<isize> {
    if downcast::<IntObject>(o).is_none() && type_of(o).slots.nb_index.get().is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            "slice indices must be integers or have an __index__ method",
        ));
    }
    ab::as_ssize(o, None)
}

/// `list_index_impl`: `index(value, start=0, stop=sys.maxsize, /)`.
fn meth_index(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    let (x, start, stop) = match args {
        [] => {
            return Err(errors::set_string(exceptions::type_error(), "index expected at least 1 argument, got 0"));
        }
        [x] => (x, 0, isize::MAX),
        [x, a] => (x, slice_index_not_none(a)?, isize::MAX),
        [x, a, b] => (x, slice_index_not_none(a)?, slice_index_not_none(b)?),
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("index expected at most 3 arguments, got {}", args.len()),
            ));
        }
    };
    let len = l.len() as isize;
    let start = if start < 0 { (start + len).max(0) } else { start };
    let stop = if stop < 0 { (stop + len).max(0) } else { stop };
    let mut i = start;
    while i < stop {
        let Some(item) = l.get_item_ref(i) else { break };
        if object::is(&item, x) || object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            return longobject::from_i64(i as i64);
        }
        i += 1;
    }
    Err(errors::set_string(exceptions::value_error(), "list.index(x): x not in list"))
}

/// `list___sizeof___impl`: the object plus its item array.
fn meth_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    let n = type_of(v).tp_basicsize + l.allocated.load(Ordering::Relaxed) as usize * size_of::<usize>();
    longobject::from_i64(n as i64)
}

/// `list___reversed___impl`.
fn meth_reversed(v: &PyObject) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    new_list_iter(v, l.len() as isize - 1, &LIST_REVITER_TYPE)
}

/// `list.sort(*, key=None, reverse=False)` (`list_sort_impl`): the list
/// is emptied while it is sorted (so a key function or comparison sees
/// `[]`), sorted by timsort, then refilled; if anything touched it
/// meanwhile, the sorted items still go back and "list modified during
/// sort" is raised, as CPython does.
fn meth_sort(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let l = as_list(v)?;
    if !args.is_empty() {
        return Err(errors::set_string(exceptions::type_error(), "sort() takes no positional arguments"));
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
    let mut items = l.take_items_for_sort();
    let res = sort_items(&mut items, key.as_deref(), reverse);
    let modified = l.restore_after_sort(items);
    res?;
    if modified {
        return Err(errors::set_string(exceptions::value_error(), "list modified during sort"));
    }
    Ok(object::none())
}

impl ListObject {
    /// The first step of `list_sort_impl`: takes the items out and marks
    /// the list with `allocated == -1`, which any mutation resets.
    fn take_items_for_sort(&self) -> Vec<ObjRef> {
        let items = self.take_items();
        self.locked(|| self.allocated.store(-1, Ordering::Relaxed));
        items
    }

    /// The last step of `list_sort_impl`: puts `items` back and reports
    /// whether the list was modified while it was empty; whatever was
    /// added meanwhile is released.
    fn restore_after_sort(&self, items: Vec<ObjRef>) -> bool {
        let modified = self.locked(|| self.allocated.load(Ordering::Relaxed) != -1);
        let intruders = self.take_items();
        if let Err(e) = self.append_all(items) {
            // Out of memory putting the items back: the error stands.
            drop(e);
        }
        drop(intruders);
        modified
    }
}

/// Sorts `items` in place by `key(item)` (or the items) with `<`, as
/// `list_sort_impl` does: the keys are computed first, reverse order is a
/// stable sort of the reversed items, reversed back. On an error the
/// items stay a permutation of the input.
fn sort_items(items: &mut Vec<ObjRef>, key: Option<&PyObject>, reverse: bool) -> PyResult<()> {
    let n = items.len();
    let keys: Vec<ObjRef> = match key {
        Some(f) => items.iter().map(|it| crate::objects::call::call(f, &[it])).collect::<PyResult<_>>()?,
        None => items.clone(),
    };
    if n < 2 {
        return Ok(());
    }
    let mut perm: Vec<usize> = (0..n).collect();
    if reverse {
        perm.reverse();
    }
    let cmp = KeyCompare::choose(&keys);
    let mut ms = MergeState::new(n, |a: usize, b: usize| cmp.lt(&keys, a, b));
    let res = ms.sort(&mut perm);
    if reverse {
        perm.reverse();
    }
    let sorted: Vec<ObjRef> = perm.iter().map(|&i| items[i].clone()).collect();
    *items = sorted;
    res
}

/// The key comparison `list_sort_impl` picks after a pre-scan of the keys
/// (the `unsafe_*_compare` fast paths): native comparisons when every key
/// is an exact int that fits a machine word, or an exact float; else
/// `PyObject_RichCompareBool(v, w, Py_LT)`.
enum KeyCompare {
    Ints(Vec<i64>),
    Floats(Vec<f64>),
    Objects,
}

impl KeyCompare {
    fn choose(keys: &[ObjRef]) -> KeyCompare {
        let first = type_of(&keys[0]);
        if !keys.iter().all(|k| core::ptr::eq(type_of(k), first)) {
            return KeyCompare::Objects;
        }
        if core::ptr::eq(first, &longobject::INT_TYPE) {
            let ints: Option<Vec<i64>> =
                keys.iter().map(|k| downcast::<IntObject>(k).and_then(IntObject::as_i64)).collect();
            if let Some(v) = ints {
                return KeyCompare::Ints(v);
            }
        } else if core::ptr::eq(first, &crate::objects::floatobject::FLOAT_TYPE) {
            let fl: Option<Vec<f64>> = keys
                .iter()
                .map(|k| downcast::<crate::objects::floatobject::FloatObject>(k).map(|f| f.value()))
                .collect();
            if let Some(v) = fl {
                return KeyCompare::Floats(v);
            }
        }
        KeyCompare::Objects
    }

    fn lt(&self, keys: &[ObjRef], a: usize, b: usize) -> PyResult<bool> {
        match self {
            KeyCompare::Ints(v) => Ok(v[a] < v[b]),
            KeyCompare::Floats(v) => Ok(v[a] < v[b]),
            KeyCompare::Objects => object::rich_compare_bool(&keys[a], &keys[b], CompareOp::Lt),
        }
    }
}

// ---------------------------------------------------------------------
// listsort: timsort with powersort's merge policy, ported from
// Objects/listobject.c (binarysort, count_run, gallop_left/right,
// merge_lo/hi, merge_at, powerloop, found_new_run,
// merge_force_collapse, merge_compute_minrun); see
// Objects/listsort.txt. It sorts a permutation of indices with a
// fallible `lt`; every step leaves the array a permutation even when a
// comparison fails.

const MAX_MINRUN: usize = 64;
const MIN_GALLOP: usize = 7;

/// A pending run (`s_slice`): its start, length and powersort power.
#[derive(Clone, Copy)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

/// `MergeState`.
struct MergeState<F> {
    lt: F,
    min_gallop: usize,
    listlen: usize,
    pending: Vec<Run>,
    tmp: Vec<usize>,
}

/// How a merge ended (the labels of merge_lo / merge_hi).
enum MergeEnd {
    Done,
    CopyRest,
    Failed(errors::ErrSet),
}

impl<F: FnMut(usize, usize) -> PyResult<bool>> MergeState<F> {
    fn new(listlen: usize, lt: F) -> Self {
        MergeState { lt, min_gallop: MIN_GALLOP, listlen, pending: Vec::new(), tmp: Vec::new() }
    }

    /// The main loop of `list_sort_impl`.
    fn sort(&mut self, a: &mut [usize]) -> PyResult<()> {
        let mut nremaining = a.len();
        if nremaining < 2 {
            return Ok(());
        }
        let minrun = merge_compute_minrun(nremaining);
        let mut lo = 0;
        while nremaining > 0 {
            let mut n = self.count_run(&mut a[lo..lo + nremaining])?;
            if n < minrun {
                let force = nremaining.min(minrun);
                self.binarysort(&mut a[lo..lo + force], n)?;
                n = force;
            }
            self.found_new_run(a, n)?;
            self.pending.push(Run { base: lo, len: n, power: 0 });
            lo += n;
            nremaining -= n;
        }
        self.merge_force_collapse(a)
    }

    /// `binarysort`: a stable binary insertion sort of `a`, whose first
    /// `ok` items are already sorted.
    fn binarysort(&mut self, a: &mut [usize], ok: usize) -> PyResult<()> {
        for start in ok.max(1)..a.len() {
            let pivot = a[start];
            let (mut l, mut r) = (0, start);
            while l < r {
                let m = (l + r) >> 1;
                if (self.lt)(pivot, a[m])? {
                    r = m;
                } else {
                    l = m + 1;
                }
            }
            a.copy_within(l..start, l + 1);
            a[l] = pivot;
        }
        Ok(())
    }

    /// `count_run`: the length of the run at the start of `a`, made
    /// ascending in place (a descending run is reversed, keeping equal
    /// items in order).
    fn count_run(&mut self, a: &mut [usize]) -> PyResult<usize> {
        let nremaining = a.len();
        let mut n = 1;
        while n < nremaining {
            if (self.lt)(a[n], a[n - 1])? {
                break;
            }
            n += 1;
        }
        if n == nremaining {
            return Ok(n);
        }
        if n > 1 {
            if (self.lt)(a[0], a[n - 1])? {
                return Ok(n);
            }
            a[..n].reverse();
        }
        n += 1;
        let mut neq = 0;
        let reverse_last_neq = |a: &mut [usize], n: usize, neq: &mut usize| {
            if *neq > 0 {
                let k = *neq + 1;
                a[n - k..n].reverse();
                *neq = 0;
            }
        };
        while n < nremaining {
            if (self.lt)(a[n], a[n - 1])? {
                reverse_last_neq(a, n, &mut neq);
            } else if (self.lt)(a[n - 1], a[n])? {
                break;
            } else {
                neq += 1;
            }
            n += 1;
        }
        reverse_last_neq(a, n, &mut neq);
        a[..n].reverse();
        while n < nremaining {
            if (self.lt)(a[n], a[n - 1])? {
                break;
            }
            n += 1;
        }
        Ok(n)
    }

    /// `gallop_left`: where `key` goes in the sorted `a`, left of any
    /// equal items, searching out from `hint`.
    fn gallop_left(&mut self, key: usize, a: &[usize], hint: usize) -> PyResult<usize> {
        let n = a.len();
        let (mut lastofs, mut ofs): (isize, isize);
        if (self.lt)(a[hint], key)? {
            let maxofs = (n - hint) as isize;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if (self.lt)(a[hint + ofs as usize], key)? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            lastofs += hint as isize;
            ofs += hint as isize;
        } else {
            let maxofs = hint as isize + 1;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if (self.lt)(a[hint - ofs as usize], key)? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint as isize - ofs;
            ofs = hint as isize - k;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if (self.lt)(a[m as usize], key)? {
                lastofs = m + 1;
            } else {
                ofs = m;
            }
        }
        Ok(ofs as usize)
    }

    /// `gallop_right`: as `gallop_left`, right of any equal items.
    fn gallop_right(&mut self, key: usize, a: &[usize], hint: usize) -> PyResult<usize> {
        let n = a.len();
        let (mut lastofs, mut ofs): (isize, isize);
        if (self.lt)(key, a[hint])? {
            let maxofs = hint as isize + 1;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if (self.lt)(key, a[hint - ofs as usize])? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint as isize - ofs;
            ofs = hint as isize - k;
        } else {
            let maxofs = (n - hint) as isize;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if (self.lt)(key, a[hint + ofs as usize])? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            lastofs += hint as isize;
            ofs += hint as isize;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if (self.lt)(key, a[m as usize])? {
                ofs = m;
            } else {
                lastofs = m + 1;
            }
        }
        Ok(ofs as usize)
    }

    /// `merge_lo`: merges the adjacent runs `a[pa..pa+na]` and
    /// `a[pa+na..pa+na+nb]` (na <= nb), with the first run copied aside.
    fn merge_lo(&mut self, a: &mut [usize], base_a: usize, mut na: usize, mut nb: usize) -> PyResult<()> {
        let mut tmp = core::mem::take(&mut self.tmp);
        tmp.clear();
        tmp.extend_from_slice(&a[base_a..base_a + na]);
        let (mut dest, mut pa, mut pb) = (base_a, 0usize, base_a + na);
        a[dest] = a[pb];
        dest += 1;
        pb += 1;
        nb -= 1;
        let end = 'merge: {
            if nb == 0 {
                break 'merge MergeEnd::Done;
            }
            if na == 1 {
                break 'merge MergeEnd::CopyRest;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    match (self.lt)(a[pb], tmp[pa]) {
                        Err(e) => break 'merge MergeEnd::Failed(e),
                        Ok(true) => {
                            a[dest] = a[pb];
                            dest += 1;
                            pb += 1;
                            bcount += 1;
                            acount = 0;
                            nb -= 1;
                            if nb == 0 {
                                break 'merge MergeEnd::Done;
                            }
                            if bcount >= min_gallop {
                                break;
                            }
                        }
                        Ok(false) => {
                            a[dest] = tmp[pa];
                            dest += 1;
                            pa += 1;
                            acount += 1;
                            bcount = 0;
                            na -= 1;
                            if na == 1 {
                                break 'merge MergeEnd::CopyRest;
                            }
                            if acount >= min_gallop {
                                break;
                            }
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let k = match self.gallop_right(a[pb], &tmp[pa..pa + na], 0) {
                        Ok(k) => k,
                        Err(e) => break 'merge MergeEnd::Failed(e),
                    };
                    acount = k;
                    if k > 0 {
                        a[dest..dest + k].copy_from_slice(&tmp[pa..pa + k]);
                        dest += k;
                        pa += k;
                        na -= k;
                        if na == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        if na == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    a[dest] = a[pb];
                    dest += 1;
                    pb += 1;
                    nb -= 1;
                    if nb == 0 {
                        break 'merge MergeEnd::Done;
                    }
                    let key = tmp[pa];
                    let k = match self.gallop_left(key, &a[pb..pb + nb], 0) {
                        Ok(k) => k,
                        Err(e) => break 'merge MergeEnd::Failed(e),
                    };
                    bcount = k;
                    if k > 0 {
                        a.copy_within(pb..pb + k, dest);
                        dest += k;
                        pb += k;
                        nb -= k;
                        if nb == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    a[dest] = tmp[pa];
                    dest += 1;
                    pa += 1;
                    na -= 1;
                    if na == 1 {
                        break 'merge MergeEnd::CopyRest;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        let res = match end {
            MergeEnd::CopyRest => {
                a.copy_within(pb..pb + nb, dest);
                a[dest + nb] = tmp[pa];
                Ok(())
            }
            MergeEnd::Done | MergeEnd::Failed(_) => {
                a[dest..dest + na].copy_from_slice(&tmp[pa..pa + na]);
                match end {
                    MergeEnd::Failed(e) => Err(e),
                    _ => Ok(()),
                }
            }
        };
        self.tmp = tmp;
        res
    }

    /// `merge_hi`: as `merge_lo` for na > nb, merging from the right with
    /// the second run copied aside.
    fn merge_hi(&mut self, a: &mut [usize], base_a: usize, mut na: usize, mut nb: usize) -> PyResult<()> {
        let mut tmp = core::mem::take(&mut self.tmp);
        tmp.clear();
        let base_b = base_a + na;
        tmp.extend_from_slice(&a[base_b..base_b + nb]);
        // Positions may step one below their slice: isize.
        let mut dest = (base_b + nb - 1) as isize;
        let mut pa = (base_a + na - 1) as isize;
        let mut pb = nb as isize - 1;
        let ix = |i: isize| i as usize;
        a[ix(dest)] = a[ix(pa)];
        dest -= 1;
        pa -= 1;
        na -= 1;
        let end = 'merge: {
            if na == 0 {
                break 'merge MergeEnd::Done;
            }
            if nb == 1 {
                break 'merge MergeEnd::CopyRest;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    match (self.lt)(tmp[ix(pb)], a[ix(pa)]) {
                        Err(e) => break 'merge MergeEnd::Failed(e),
                        Ok(true) => {
                            a[ix(dest)] = a[ix(pa)];
                            dest -= 1;
                            pa -= 1;
                            acount += 1;
                            bcount = 0;
                            na -= 1;
                            if na == 0 {
                                break 'merge MergeEnd::Done;
                            }
                            if acount >= min_gallop {
                                break;
                            }
                        }
                        Ok(false) => {
                            a[ix(dest)] = tmp[ix(pb)];
                            dest -= 1;
                            pb -= 1;
                            bcount += 1;
                            acount = 0;
                            nb -= 1;
                            if nb == 1 {
                                break 'merge MergeEnd::CopyRest;
                            }
                            if bcount >= min_gallop {
                                break;
                            }
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let key = tmp[ix(pb)];
                    let k = match self.gallop_right(key, &a[base_a..base_a + na], na - 1) {
                        Ok(k) => na - k,
                        Err(e) => break 'merge MergeEnd::Failed(e),
                    };
                    acount = k;
                    if k > 0 {
                        dest -= k as isize;
                        pa -= k as isize;
                        a.copy_within(ix(pa + 1)..ix(pa + 1) + k, ix(dest + 1));
                        na -= k;
                        if na == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    a[ix(dest)] = tmp[ix(pb)];
                    dest -= 1;
                    pb -= 1;
                    nb -= 1;
                    if nb == 1 {
                        break 'merge MergeEnd::CopyRest;
                    }
                    let key = a[ix(pa)];
                    let k = match self.gallop_left(key, &tmp[..nb], nb - 1) {
                        Ok(k) => nb - k,
                        Err(e) => break 'merge MergeEnd::Failed(e),
                    };
                    bcount = k;
                    if k > 0 {
                        dest -= k as isize;
                        pb -= k as isize;
                        a[ix(dest + 1)..ix(dest + 1) + k].copy_from_slice(&tmp[ix(pb + 1)..ix(pb + 1) + k]);
                        nb -= k;
                        if nb == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        if nb == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    a[ix(dest)] = a[ix(pa)];
                    dest -= 1;
                    pa -= 1;
                    na -= 1;
                    if na == 0 {
                        break 'merge MergeEnd::Done;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        let res = match end {
            MergeEnd::CopyRest => {
                let start = ix(pa + 1 - na as isize);
                a.copy_within(start..start + na, ix(dest + 1 - na as isize));
                dest -= na as isize;
                a[ix(dest)] = tmp[ix(pb)];
                Ok(())
            }
            MergeEnd::Done | MergeEnd::Failed(_) => {
                if nb > 0 {
                    let start = ix(dest + 1 - nb as isize);
                    a[start..start + nb].copy_from_slice(&tmp[..nb]);
                }
                match end {
                    MergeEnd::Failed(e) => Err(e),
                    _ => Ok(()),
                }
            }
        };
        self.tmp = tmp;
        res
    }

    /// `merge_at`: merges pending runs `i` and `i + 1`.
    fn merge_at(&mut self, a: &mut [usize], i: usize) -> PyResult<()> {
        let Run { base: mut base_a, len: mut na, .. } = self.pending[i];
        let Run { base: base_b, len: nb, .. } = self.pending[i + 1];
        self.pending[i].len = na + nb;
        self.pending.remove(i + 1);
        let k = self.gallop_right(a[base_b], &a[base_a..base_a + na], 0)?;
        base_a += k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        let nb = self.gallop_left(a[base_a + na - 1], &a[base_b..base_b + nb], nb - 1)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb { self.merge_lo(a, base_a, na, nb) } else { self.merge_hi(a, base_a, na, nb) }
    }

    /// `found_new_run`: merges pending runs whose power exceeds the new
    /// boundary's (powersort's rule).
    fn found_new_run(&mut self, a: &mut [usize], n2: usize) -> PyResult<()> {
        if let Some(last) = self.pending.last() {
            let power = powerloop(last.base, last.len, n2, self.listlen);
            while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
                self.merge_at(a, self.pending.len() - 2)?;
            }
            let top = self.pending.len() - 1;
            self.pending[top].power = power;
        }
        Ok(())
    }

    /// `merge_force_collapse`.
    fn merge_force_collapse(&mut self, a: &mut [usize]) -> PyResult<()> {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            self.merge_at(a, n)?;
        }
        Ok(())
    }
}

/// `powerloop`: the powersort power of the boundary between the runs
/// `s1..s1+n1` and `s1+n1..s1+n1+n2` in a list of `n` items.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// `merge_compute_minrun`.
fn merge_compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= MAX_MINRUN {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

static LIST_METHODS: [MethodDef; 13] = [
    MethodDef { ml_name: "__reversed__", ml_meth: MethodFn::NoArgs(meth_reversed), ml_doc: Some("__reversed__($self, /)\n--\n\nReturn a reverse iterator over the list.") },
    MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(meth_sizeof), ml_doc: Some("__sizeof__($self, /)\n--\n\nReturn the size of the list in memory, in bytes.") },
    MethodDef { ml_name: "clear", ml_meth: MethodFn::NoArgs(meth_clear), ml_doc: Some("clear($self, /)\n--\n\nRemove all items from list.") },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(meth_copy), ml_doc: Some("copy($self, /)\n--\n\nReturn a shallow copy of the list.") },
    MethodDef { ml_name: "append", ml_meth: MethodFn::O(meth_append), ml_doc: Some("append($self, object, /)\n--\n\nAppend object to the end of the list.") },
    MethodDef { ml_name: "insert", ml_meth: MethodFn::FastCall(meth_insert), ml_doc: Some("insert($self, index, object, /)\n--\n\nInsert object before index.") },
    MethodDef { ml_name: "extend", ml_meth: MethodFn::O(meth_extend), ml_doc: Some("extend($self, iterable, /)\n--\n\nExtend list by appending elements from the iterable.") },
    MethodDef { ml_name: "pop", ml_meth: MethodFn::FastCall(meth_pop), ml_doc: Some("pop($self, index=-1, /)\n--\n\nRemove and return item at index (default last).\n\nRaises IndexError if list is empty or index is out of range.") },
    MethodDef { ml_name: "remove", ml_meth: MethodFn::O(meth_remove), ml_doc: Some("remove($self, value, /)\n--\n\nRemove first occurrence of value.\n\nRaises ValueError if the value is not present.") },
    MethodDef { ml_name: "index", ml_meth: MethodFn::FastCall(meth_index), ml_doc: Some("index($self, value, start=0, stop=sys.maxsize, /)\n--\n\nReturn first index of value.\n\nRaises ValueError if the value is not present.") },
    MethodDef { ml_name: "count", ml_meth: MethodFn::O(meth_count), ml_doc: Some("count($self, value, /)\n--\n\nReturn number of occurrences of value.") },
    MethodDef { ml_name: "reverse", ml_meth: MethodFn::NoArgs(meth_reverse), ml_doc: Some("reverse($self, /)\n--\n\nReverse *IN PLACE*.") },
    MethodDef { ml_name: "sort", ml_meth: MethodFn::FastCallKw(meth_sort), ml_doc: Some("sort($self, /, *, key=None, reverse=False)\n--\n\nSort the list in ascending order and return None.\n\nThe sort is in-place (i.e. the list itself is modified) and stable\n(i.e. the order of two equal elements is maintained).\n\nIf a key function is given, apply it once to each list item and sort\nthem, ascending or descending, according to their function values.\n\nThe reverse flag can be set to sort in descending order.") },
];

pub static LIST_TYPE: TypeObject = TypeObject::new_static(
    "list",
    size_of::<ListObject>(),
    list_dealloc,
    TypeSlots {
        tp_repr: Some(list_repr),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(list_richcompare),
        tp_iter: Some(list_iter),
        tp_init: Some(list_init),
        tp_new: Some(list_new),
        tp_traverse: Some(list_traverse),
        tp_clear: Some(list_tp_clear),
        sq_length: Some(list_length),
        sq_concat: Some(list_concat),
        sq_repeat: Some(list_repeat),
        sq_item: Some(list_item),
        sq_contains: Some(list_contains),
        sq_inplace_concat: Some(list_inplace_concat),
        sq_inplace_repeat: Some(list_inplace_repeat),
        mp_length: Some(list_length),
        mp_subscript: Some(list_subscript),
        mp_ass_subscript: Some(list_ass_subscript),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::LIST_SUBCLASS | flags::HAVE_GC | flags::SEQUENCE)
.with_methods(&LIST_METHODS)
.with_doc("list(iterable=(), /)\n--\n\nBuilt-in mutable sequence.\n\nIf no argument is given, the constructor creates a new empty list.\nThe argument must be an iterable if specified.");

/// A `list_iterator` / `list_reverseiterator` (`_PyListIterObject`):
/// the position is an atomic and the list is read lock-free, as 3.14t
/// does (a shared iterator may repeat or skip items, never crash).
#[repr(C)]
pub struct ListIterObject {
    ob_base: ObjectHeader,
    /// `it_index`; -1 once exhausted.
    index: AtomicIsize,
    /// `it_seq`.
    seq: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ListIterObject {}

impl PyClass for ListIterObject {
    fn type_object() -> &'static TypeObject {
        &LIST_ITER_TYPE
    }
}

fn new_list_iter(seq: &PyObject, index: isize, ty: &'static TypeObject) -> PyResult<ObjRef> {
    let it = ListIterObject {
        ob_base: ObjectHeader::new(&ty.head),
        index: AtomicIsize::new(index),
        seq: ObjSlot::new(Some(object::new_ref(seq))),
    };
    object::new_object(it).map(into_obj)
}

/// `list_iter`.
fn list_iter(v: &PyObject) -> PyResult<ObjRef> {
    as_list(v)?;
    new_list_iter(v, 0, &LIST_ITER_TYPE)
}

fn as_list_iter(v: &PyObject) -> PyResult<&ListIterObject> {
    if object::is_type(v, &LIST_ITER_TYPE) || object::is_type(v, &LIST_REVITER_TYPE) {
        // SAFETY: both iterator types have the ListIterObject layout.
        return Ok(unsafe { &*core::ptr::from_ref(v).cast::<ListIterObject>() });
    }
    Err(errors::bad_internal_call())
}

/// `listiter_next`.
fn listiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = as_list_iter(v)?;
    let i = it.index.load(Ordering::Relaxed);
    if i < 0 {
        return Ok(None);
    }
    let Some(seq) = it.seq.get() else { return Ok(None) };
    let l = as_list(&seq)?;
    match l.get_item_ref(i) {
        Some(item) => {
            it.index.store(i + 1, Ordering::Relaxed);
            Ok(Some(item))
        }
        None => {
            it.index.store(-1, Ordering::Relaxed);
            Ok(None)
        }
    }
}

/// `listreviter_next`.
fn listreviter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = as_list_iter(v)?;
    let i = it.index.load(Ordering::Relaxed);
    if i < 0 {
        return Ok(None);
    }
    let Some(seq) = it.seq.get() else { return Ok(None) };
    let l = as_list(&seq)?;
    match l.get_item_ref(i) {
        Some(item) => {
            it.index.store(i - 1, Ordering::Relaxed);
            Ok(Some(item))
        }
        None => {
            it.index.store(-1, Ordering::Relaxed);
            Ok(None)
        }
    }
}

/// `listiter_len` / `listreviter_len` (`__length_hint__`).
fn listiter_len(v: &PyObject) -> PyResult<ObjRef> {
    let it = as_list_iter(v)?;
    let i = it.index.load(Ordering::Relaxed);
    let n = match it.seq.get() {
        Some(seq) if i >= 0 => {
            let len = as_list(&seq)?.len() as isize;
            if object::is_type(v, &LIST_REVITER_TYPE) { (i + 1).min(len) } else { (len - i).max(0) }
        }
        _ => 0,
    };
    longobject::from_i64(n as i64)
}

/// `listiter_reduce_general`: `iter(list)` or `reversed(list)` advanced
/// by `__setstate__`; an exhausted iterator pickles as `iter([])` or
/// `reversed([])`.
fn listiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = as_list_iter(v)?;
    let i = it.index.load(Ordering::Relaxed);
    let maker = if object::is_type(v, &LIST_ITER_TYPE) { "iter" } else { "reversed" };
    if let Some(seq) = it.seq.get()
        && i >= 0
    {
        let index = longobject::from_i64(i as i64)?;
        return iterobject::reduce_to_builtin(maker, &[&seq], Some(&index));
    }
    let empty = ListObject::new()?;
    iterobject::reduce_to_builtin(maker, &[object::as_obj(&*empty)], None)
}

/// `listiter_setstate` / `listreviter_setstate`: the index, clipped to
/// the list.
fn listiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = as_list_iter(v)?;
    let index = iterobject::setstate_index(state)?;
    if let Some(seq) = it.seq.get() {
        let len = as_list(&seq)?.len() as isize;
        let top = if object::is_type(v, &LIST_ITER_TYPE) { len } else { len - 1 };
        it.index.store(index.clamp(-1, top.max(-1)), Ordering::Relaxed);
    }
    Ok(object::none())
}

static LIST_ITER_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__length_hint__",
        ml_meth: MethodFn::NoArgs(listiter_len),
        ml_doc: Some("Private method returning an estimate of len(list(it))."),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(listiter_reduce), ml_doc: iterobject::REDUCE_DOC },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(listiter_setstate), ml_doc: iterobject::SETSTATE_DOC },
];

/// `list_iterator` (`PyListIter_Type`).
pub static LIST_ITER_TYPE: TypeObject = TypeObject::new_static(
    "list_iterator",
    size_of::<ListIterObject>(),
    object::dealloc_simple::<ListIterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(ListIterObject { seq } {  })),
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(listiter_next),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&LIST_ITER_METHODS);

/// `list_reverseiterator` (`PyListRevIter_Type`).
pub static LIST_REVITER_TYPE: TypeObject = TypeObject::new_static(
    "list_reverseiterator",
    size_of::<ListIterObject>(),
    object::dealloc_simple::<ListIterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(ListIterObject { seq } {  })),
        tp_iter: Some(crate::objects::iterobject::self_iter),
        tp_iternext: Some(listreviter_next),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&LIST_ITER_METHODS);

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

    fn ints(v: &[i64]) -> PyRef<ListObject> {
        let items: Vec<ObjRef> = v.iter().map(|&x| longobject::from_i64(x).unwrap()).collect();
        let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
        ListObject::from_slice(&refs).unwrap()
    }

    #[test]
    fn timsort_matches_a_stable_reference_sort() {
        state::ensure();
        // Runs, descending stretches with equal items, duplicates and
        // enough items for galloping merges.
        let mut vals: Vec<i64> = (0..3000).map(|i| (i * 7919) % 1013).collect();
        vals.extend((0..500).rev());
        vals.extend(core::iter::repeat_n(5, 100));
        let l = ints(&vals);
        let lo = into_obj(l.clone());
        let sort = object::get_attr_str(&lo, "sort").unwrap();
        object::call(&sort, &[]).unwrap();
        let got: Vec<i64> = l.snapshot().iter().map(|v| downcast::<IntObject>(v).unwrap().as_i64().unwrap()).collect();
        let mut want = vals.clone();
        want.sort();
        assert_eq!(got, want);
        // Tuples in reverse order, through the generic comparison.
        let pairs: Vec<ObjRef> = (0..2000i64)
            .map(|i| {
                let a = longobject::from_i64((i * 31) % 17).unwrap();
                let b = longobject::from_i64(i).unwrap();
                into_obj(tupleobject::from_slice(&[&a, &b]).unwrap())
            })
            .collect();
        let refs: Vec<&PyObject> = pairs.iter().map(|r| &**r).collect();
        let mut items = ListObject::from_slice(&refs).unwrap().snapshot();
        sort_items(&mut items, None, true).unwrap();
        let keys: Vec<(i64, i64)> = items
            .iter()
            .map(|t| {
                let t = downcast::<TupleObject>(t).unwrap().as_slice();
                let f = |o: &ObjRef| downcast::<IntObject>(o).unwrap().as_i64().unwrap();
                (f(&t[0]), f(&t[1]))
            })
            .collect();
        let mut want: Vec<(i64, i64)> = keys.clone();
        want.sort_by(|a, b| b.cmp(a));
        assert_eq!(keys, want);
    }

    #[test]
    fn slices_repeat_and_methods() {
        state::ensure();
        let l = ints(&[1, 2, 3, 4, 5]);
        let lo = into_obj(l.clone());
        let i = |v| longobject::from_i64(v).unwrap();
        let s = sliceobject::new_slice(None, None, Some(&i(-2))).unwrap();
        assert_eq!(r(&ab::get_item(&lo, object::as_obj(&*s)).unwrap()), "[5, 3, 1]");
        let abc = ints(&[7, 8]);
        assert!(ab::set_item(&lo, object::as_obj(&*s), &into_obj(abc)).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "ValueError: attempt to assign sequence of size 2 to extended slice of size 3"
        );
        ab::del_item(&lo, object::as_obj(&*s)).unwrap();
        assert_eq!(r(&lo), "[2, 4]");
        let rep = ab::multiply(&lo, &i(3)).unwrap();
        assert_eq!(r(&rep), "[2, 4, 2, 4, 2, 4]");
        let rep = ab::multiply(&i(0), &lo).unwrap();
        assert_eq!(r(&rep), "[]");
        let same = ab::inplace_op(5, &lo, &i(2)).unwrap();
        assert!(object::is(&same, &lo));
        assert_eq!(r(&lo), "[2, 4, 2, 4]");
        let ext = object::get_attr_str(&lo, "extend").unwrap();
        object::call(&ext, &[&lo]).unwrap();
        assert_eq!(l.len(), 8);
        let idx = object::get_attr_str(&lo, "index").unwrap();
        assert_eq!(r(&object::call(&idx, &[&i(4), &i(2)]).unwrap()), "3");
        assert!(object::call(&idx, &[&i(9)]).is_err());
        assert_eq!(errors::take_message().unwrap(), "ValueError: list.index(x): x not in list");
        let rem = object::get_attr_str(&lo, "remove").unwrap();
        object::call(&rem, &[&i(2)]).unwrap();
        assert_eq!(r(&lo), "[4, 2, 4, 2, 4, 2, 4]");
        let cnt = object::get_attr_str(&lo, "count").unwrap();
        assert_eq!(r(&object::call(&cnt, &[&i(4)]).unwrap()), "4");
        assert!(ab::multiply(&lo, &lo).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: can't multiply sequence by non-int of type 'list'");
    }
}
