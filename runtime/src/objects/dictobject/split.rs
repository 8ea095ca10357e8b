//! Split tables and instance attributes kept inline, ported from
//! Objects/dictobject.c (3.14): a class's shared keys (`ht_cached_keys`,
//! `_PyDict_NewKeysForClass`, `insert_split_key`,
//! `_PyDictKeys_StringLookupSplit`), the values an instance holds past
//! its basic size (`PyDictValues`, `_PyObject_InitInlineValues`,
//! `_PyDictValues_AddToInsertionOrder`, `delete_index_from_values`), the
//! attribute paths that use them (`_PyObject_TryGetInstanceAttribute`,
//! `_PyObject_StoreInstanceAttribute`, `store_instance_attr_lock_held`,
//! `store_instance_attr_dict`), the managed dict (`_PyObject_MaterializeManagedDict`,
//! `make_dict_from_instance_attributes`, `_PyDict_DetachFromObject`,
//! `_PyObject_SetManagedDict`, `PyObject_ClearManagedDict`,
//! `_PyObject_IsInstanceDictEmpty`) and the split side of dict operations.
//!
//! Locking follows 3.14t: the values are written under the object's
//! critical section while no dict is materialized, under the dict's once
//! one is (and shares them); attribute reads load a value atomically and
//! take a reference with `try_incref_compare`, falling back to a locked
//! read. A materialized dict starts split and becomes combined (its
//! values moved out, the instance's marked invalid) on the first
//! operation its split form does not support. Deviation: every operation
//! on a split dict holds its lock (CPython reads split dicts lock-free);
//! attribute reads never go through the dict while the values are valid.

use core::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicI8, AtomicIsize, AtomicPtr, AtomicU8, AtomicUsize, Ordering};

use rupy_gc::PyRef;

use super::{DictKeys, DictObject, KEYS_UNICODE, empty_keys, log2_keysize, new_keys};
use crate::errors::PyResult;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::typeobject::heaptype::HeapTypeObject;
use crate::objects::typeobject::{TypeObject, flags};
use crate::objects::unicodeobject::{STR_TYPE, StrObject};

/// `SHARED_KEYS_MAX_SIZE`: the most attribute names a class keeps inline.
const SHARED_KEYS_MAX: usize = 30;
/// Index slots of a shared table (`1 << NEXT_LOG2_SHARED_KEYS_MAX_SIZE`).
const SHARED_INDEX_SIZE: usize = 64;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// The attribute names of a class's instances (`ht_cached_keys`, a
/// `DICT_KEYS_SPLIT` table): append-only, exact str keys, at most
/// [`SHARED_KEYS_MAX`]. Lookups run lock-free: an entry is written before
/// its index slot is published and is never removed.
pub struct SharedKeys {
    /// `LOCK_KEYS`: serializes insertions and the per-instance shrink.
    lock: std::sync::Mutex<()>,
    /// `dk_usable`: names that may still be added; shrinks by one for
    /// each new instance (down to 1) and each added name.
    usable: AtomicIsize,
    /// `dk_nentries`.
    nentries: AtomicUsize,
    indices: [AtomicI8; SHARED_INDEX_SIZE],
    hashes: [AtomicIsize; SHARED_KEYS_MAX],
    /// Owned references to the names.
    keys: [AtomicPtr<PyObject>; SHARED_KEYS_MAX],
}

impl SharedKeys {
    /// `_PyDict_NewKeysForClass`.
    pub fn new() -> Arc<SharedKeys> {
        Arc::new(SharedKeys {
            lock: std::sync::Mutex::new(()),
            usable: AtomicIsize::new(SHARED_KEYS_MAX as isize),
            nentries: AtomicUsize::new(0),
            indices: [const { AtomicI8::new(-1) }; SHARED_INDEX_SIZE],
            hashes: [const { AtomicIsize::new(0) }; SHARED_KEYS_MAX],
            keys: [const { AtomicPtr::new(core::ptr::null_mut()) }; SHARED_KEYS_MAX],
        })
    }

    /// `shared_keys_usable_size`: reads `usable` before `nentries` (an
    /// insertion raises the second before lowering the first), so the
    /// result is never below the true size.
    fn usable_size(&self) -> usize {
        let usable = self.usable.load(Ordering::Acquire).max(0) as usize;
        self.nentries.load(Ordering::Acquire) + usable
    }

    /// The name of published entry `ix`.
    fn key(&self, ix: usize) -> &PyObject {
        // SAFETY: entries below nentries (or reached through a published
        // index) hold a name owned by the table until it is dropped.
        unsafe { &*self.keys[ix].load(Ordering::Acquire) }
    }

    /// `unicodekeys_lookup_split`: the entry of `key`, without the lock.
    fn lookup(&self, key: &StrObject, hash: isize) -> Option<usize> {
        let mask = SHARED_INDEX_SIZE - 1;
        let mut perturb = hash as usize;
        let mut i = (hash as usize) & mask;
        loop {
            let ix = usize::try_from(self.indices[i].load(Ordering::Acquire)).ok()?;
            let k = self.key(ix);
            if core::ptr::eq(k, as_obj(key)) {
                return Some(ix);
            }
            if self.hashes[ix].load(Ordering::Relaxed) == hash && downcast::<StrObject>(k).is_some_and(|k| k.eq_str(key)) {
                return Some(ix);
            }
            perturb >>= PERTURB_SHIFT;
            i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
        }
    }

    /// `insert_split_key`: the entry of `key`, added if absent and the
    /// table has room; `None` when full.
    fn insert(&self, key: &StrObject, hash: isize) -> Option<usize> {
        if let Some(ix) = self.lookup(key, hash) {
            return Some(ix);
        }
        let _guard = self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(ix) = self.lookup(key, hash) {
            return Some(ix);
        }
        if self.usable.load(Ordering::Relaxed) <= 0 {
            return None;
        }
        let ix = self.nentries.load(Ordering::Relaxed);
        let k = object::new_ref(key);
        object::mark_shared(&k);
        self.hashes[ix].store(hash, Ordering::Relaxed);
        self.keys[ix].store(k.into_raw().as_ptr(), Ordering::Release);
        let mask = SHARED_INDEX_SIZE - 1;
        let mut perturb = hash as usize;
        let mut i = (hash as usize) & mask;
        while self.indices[i].load(Ordering::Relaxed) >= 0 {
            perturb >>= PERTURB_SHIFT;
            i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
        }
        self.indices[i].store(ix as i8, Ordering::Release);
        self.nentries.store(ix + 1, Ordering::Release);
        self.usable.fetch_sub(1, Ordering::Release);
        Some(ix)
    }
}

impl Drop for SharedKeys {
    fn drop(&mut self) {
        for k in &self.keys {
            if let Some(p) = NonNull::new(k.swap(core::ptr::null_mut(), Ordering::Relaxed)) {
                // SAFETY: the table owned the name.
                drop(unsafe { PyRef::from_raw(p) });
            }
        }
    }
}

/// `PyDictValues`: this header, then `capacity` value slots (owned
/// references, indexed like the shared keys), then `capacity` bytes of
/// insertion order. Embedded ones live in an instance past its class's
/// basic size; a detached dict owns a heap copy.
#[repr(C)]
pub struct DictValues {
    capacity: u8,
    /// Entries in the order array.
    size: AtomicU8,
    embedded: u8,
    /// Cleared once the values moved to a dict or were dropped.
    valid: AtomicU8,
}

/// Bytes before the value slots.
const VALUES_HEADER: usize = 8;

/// Bytes of a [`DictValues`] with room for `capacity` values.
pub fn values_size(capacity: usize) -> usize {
    VALUES_HEADER + capacity * size_of::<AtomicPtr<PyObject>>() + capacity.next_multiple_of(8)
}

impl DictValues {
    /// Writes an empty header (`capacity` values, all null) at `p`.
    ///
    /// # Safety
    /// `p` is 8-aligned, zeroed and [`values_size`]`(capacity)` bytes long.
    unsafe fn init(p: *mut u8, capacity: usize, embedded: bool) {
        // SAFETY: the caller's contract; the slots and order bytes stay
        // zero (null, empty).
        unsafe {
            p.cast::<DictValues>().write(DictValues {
                capacity: capacity as u8,
                size: AtomicU8::new(0),
                embedded: u8::from(embedded),
                valid: AtomicU8::new(1),
            });
        }
    }

    fn base(&self) -> *const u8 {
        core::ptr::from_ref(self).cast()
    }

    /// `values->values[ix]`.
    fn slot(&self, ix: usize) -> &AtomicPtr<PyObject> {
        debug_assert!(ix < self.capacity as usize);
        // SAFETY: ix < capacity; the slots follow the header.
        unsafe { &*self.base().add(VALUES_HEADER).cast::<AtomicPtr<PyObject>>().add(ix) }
    }

    /// `get_insertion_order_array(values)[i]`.
    fn order(&self, i: usize) -> &AtomicU8 {
        let cap = self.capacity as usize;
        // SAFETY: i < capacity; the order bytes follow the slots.
        unsafe { &*self.base().add(VALUES_HEADER + cap * size_of::<AtomicPtr<PyObject>>()).cast::<AtomicU8>().add(i) }
    }

    fn len(&self) -> usize {
        self.size.load(Ordering::Relaxed) as usize
    }

    /// Whether the instance's attributes are still read from here.
    pub fn is_valid(&self) -> bool {
        self.valid.load(Ordering::Acquire) != 0
    }

    /// The value-slot numbers in insertion order.
    fn ordered(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).map(|i| self.order(i).load(Ordering::Relaxed) as usize)
    }

    /// `_PyDictValues_AddToInsertionOrder` (lock held).
    fn add_to_order(&self, ix: usize) {
        let n = self.len();
        self.order(n).store(ix as u8, Ordering::Relaxed);
        self.size.store(n as u8 + 1, Ordering::Relaxed);
    }

    /// `delete_index_from_values` (lock held).
    fn delete_index(&self, ix: usize) {
        let n = self.len();
        let Some(pos) = (0..n).find(|&i| self.order(i).load(Ordering::Relaxed) as usize == ix) else { return };
        for i in pos..n - 1 {
            self.order(i).store(self.order(i + 1).load(Ordering::Relaxed), Ordering::Relaxed);
        }
        self.size.store(n as u8 - 1, Ordering::Relaxed);
    }

    /// Empties every slot (`clear_inline_values` without the release):
    /// the references come back for the caller to drop outside its lock.
    fn take_all(&self) -> Vec<ObjRef> {
        let taken = self
            .ordered()
            .filter_map(|ix| NonNull::new(self.slot(ix).swap(core::ptr::null_mut(), Ordering::AcqRel)))
            // SAFETY: each slot owned its value.
            .map(|p| unsafe { PyRef::from_raw(p) })
            .collect();
        self.size.store(0, Ordering::Relaxed);
        taken
    }

    /// Calls `visit` on each value.
    fn visit(&self, visit: &mut dyn FnMut(&PyObject)) {
        for ix in self.ordered() {
            // SAFETY: a non-null slot owns its value.
            if let Some(o) = unsafe { self.slot(ix).load(Ordering::Relaxed).as_ref() } {
                visit(o);
            }
        }
    }
}

// ---------------------------------------------------------------------
// Instances.

/// The shared keys of a class whose instances keep values inline.
fn cached_keys(ty: &TypeObject) -> Option<&Arc<SharedKeys>> {
    HeapTypeObject::of(ty)?.cached_keys()
}

/// Where an instance's values start: its class's basic size, rounded to
/// a pointer.
fn values_offset(ty: &TypeObject) -> usize {
    ty.tp_basicsize.next_multiple_of(8)
}

/// `_PyObject_InlineValues`: the values of `obj` if its class keeps them
/// inline (`Py_TPFLAGS_INLINE_VALUES`).
pub fn inline_values(obj: &PyObject) -> Option<&DictValues> {
    let ty = type_of(obj);
    if !ty.has_feature(flags::INLINE_VALUES) {
        return None;
    }
    // SAFETY: instances of such classes were allocated with values past
    // the basic size (`alloc_size`) and initialized by `init_inline_values`.
    Some(unsafe { &*core::ptr::from_ref(obj).cast::<u8>().add(values_offset(ty)).cast::<DictValues>() })
}

/// The allocation size of a new instance of `ty` whose own layout takes
/// `size` bytes, and the capacity of its inline values
/// (`_PyType_AllocNoTrack` with `_PyInlineValuesSize`). Each instance
/// shrinks the room later instances get for names not yet seen
/// (`_PyObject_InitInlineValues`), down to one.
pub fn alloc_size(ty: &TypeObject, size: usize) -> (usize, usize) {
    let Some(keys) = cached_keys(ty).filter(|_| ty.has_feature(flags::INLINE_VALUES)) else { return (size, 0) };
    if keys.usable.load(Ordering::Relaxed) > 1 {
        let _guard = keys.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if keys.usable.load(Ordering::Relaxed) > 1 {
            keys.usable.fetch_sub(1, Ordering::Release);
        }
    }
    let capacity = keys.usable_size().min(SHARED_KEYS_MAX);
    debug_assert!(size <= values_offset(ty));
    (values_offset(ty) + values_size(capacity), capacity)
}

/// `_PyObject_InitInlineValues`: writes the empty values of a fresh
/// instance sized by [`alloc_size`].
///
/// # Safety
/// `obj` was just allocated zeroed for its type with [`alloc_size`],
/// which gave `capacity`.
pub unsafe fn init_inline_values(obj: &PyObject, capacity: usize) {
    let ty = type_of(obj);
    if ty.has_feature(flags::INLINE_VALUES) {
        // SAFETY: the caller's contract: room for the values at the offset.
        unsafe { DictValues::init(core::ptr::from_ref(obj).cast::<u8>().add(values_offset(ty)).cast_mut(), capacity, true) };
    }
}

/// The managed dict slot of `obj`.
fn dict_slot(obj: &PyObject) -> &object::ObjSlot {
    object::instance_dict_slot(obj).expect("a class with inline values has a dict slot")
}

/// The dict in a slot, borrowed: the slot's dict is only released
/// through QSBR ([`object::ObjSlot::replace_delayed`]).
fn peek_dict(slot: &object::ObjSlot) -> Option<&DictObject> {
    // SAFETY: the caller holds a reference to the slot's owner and reaches
    // no quiescent state while borrowing.
    unsafe { slot.peek().as_ref() }.and_then(downcast::<DictObject>)
}

/// `_PyObject_TryGetInstanceAttribute`: `Some(value or None)` when the
/// inline values answer for `name`, `None` when the caller must look in
/// the instance dict.
pub fn try_get_instance_attribute(obj: &PyObject, name: &StrObject) -> Option<Option<ObjRef>> {
    let values = inline_values(obj)?;
    if !values.is_valid() {
        return None;
    }
    let Some(ix) = cached_keys(type_of(obj))?.lookup(name, name.hash()).filter(|&ix| ix < values.capacity as usize) else {
        return Some(None);
    };
    let slot = values.slot(ix);
    match NonNull::new(slot.load(Ordering::Acquire)) {
        None if values.is_valid() => return Some(None),
        None => {}
        Some(p) => {
            // SAFETY: stored values are marked shared (freed through QSBR).
            if let Some(v) = unsafe { rupy_gc::refcount::try_incref_compare(slot, p) } {
                return Some(Some(v));
            }
        }
    }
    let dslot = dict_slot(obj);
    if dslot.peek().is_null() {
        let read = object::critical_section(obj, || {
            (dslot.peek().is_null() && values.is_valid()).then(|| {
                // SAFETY: the values own their slots while the object's
                // lock is held and no dict shares them.
                unsafe { slot.load(Ordering::Relaxed).as_ref() }.map(object::new_ref_with_lock)
            })
        });
        if read.is_some() {
            return read;
        }
    }
    let dict = dslot.get()?;
    let d = downcast::<DictObject>(&dict)?;
    object::critical_section(&dict, || {
        (d.ma_values.load(Ordering::Relaxed) == values_ptr(values) && values.is_valid()).then(|| {
            // SAFETY: the dict's lock guards the values it shares.
            unsafe { slot.load(Ordering::Relaxed).as_ref() }.map(object::new_ref_with_lock)
        })
    })
}

fn values_ptr(values: &DictValues) -> *mut DictValues {
    core::ptr::from_ref(values).cast_mut()
}

/// `make_dict_from_instance_attributes`: a split dict sharing the
/// instance's values.
fn make_dict_from_instance_attributes(keys: &Arc<SharedKeys>, values: &DictValues) -> PyResult<PyRef<DictObject>> {
    let d = DictObject::new()?;
    d.ma_used.store(values.len() as isize, Ordering::Relaxed);
    d.ma_shared.store(Arc::into_raw(keys.clone()).cast_mut(), Ordering::Relaxed);
    d.ma_values.store(values_ptr(values), Ordering::Release);
    Ok(d)
}

/// `_PyObject_MaterializeManagedDict`: the instance dict, made on first
/// use (split over the values while they are valid).
pub fn materialize_managed_dict(obj: &PyObject) -> PyResult<ObjRef> {
    let slot = dict_slot(obj);
    if let Some(d) = slot.get() {
        return Ok(d);
    }
    object::critical_section(obj, || {
        if let Some(d) = slot.get() {
            return Ok(d);
        }
        let d = match (inline_values(obj), cached_keys(type_of(obj))) {
            (Some(values), Some(keys)) if values.is_valid() => make_dict_from_instance_attributes(keys, values)?,
            _ => DictObject::new()?,
        };
        let d = into_obj(d);
        slot.set(Some(d.clone()));
        Ok(d)
    })
}

/// `store_instance_attr_lock_held`: stores (or deletes) `name` in the
/// values; the caller holds the object's lock, or `dict`'s if it shares
/// the values. The replaced value comes back to be dropped outside.
fn store_lock_held(obj: &PyObject, values: &DictValues, name: &PyObject, value: Option<&PyObject>, dict: Option<&DictObject>) -> PyResult<Option<ObjRef>> {
    let keys = cached_keys(type_of(obj)).ok_or_else(crate::errors::bad_internal_call)?;
    let name_str = downcast::<StrObject>(name).filter(|_| object::is_type(name, &STR_TYPE));
    if value.is_none()
        && let Some(s) = name_str
        && keys.lookup(s, s.hash()).is_none()
    {
        // Never stored under this name: nothing to delete.
        return Err(object::no_attribute(obj, name));
    }
    let ix = name_str.and_then(|s| keys.insert(s, s.hash())).filter(|&ix| ix < values.capacity as usize);
    let Some(ix) = ix else {
        // No room: the attributes move to a (combined) dict.
        return match dict {
            Some(d) => object::dict_store_attr(obj, d, name, value).map(|()| None),
            None => {
                let d = make_dict_from_instance_attributes(keys, values)?;
                let res = object::dict_store_attr(obj, &d, name, value);
                dict_slot(obj).set(Some(into_obj(d)));
                res.map(|()| None)
            }
        };
    };
    let new = value.map(|v| {
        let r = object::new_ref(v);
        object::mark_shared(&r);
        r.into_raw().as_ptr()
    });
    let slot = values.slot(ix);
    let old = NonNull::new(slot.swap(new.unwrap_or(core::ptr::null_mut()), Ordering::AcqRel));
    match (old, value) {
        (None, None) => return Err(object::no_attribute(obj, name)),
        (None, Some(_)) => {
            values.add_to_order(ix);
            if let Some(d) = dict {
                d.ma_used.fetch_add(1, Ordering::Relaxed);
            }
        }
        (Some(_), None) => {
            values.delete_index(ix);
            if let Some(d) = dict {
                d.ma_used.fetch_sub(1, Ordering::Relaxed);
            }
        }
        (Some(_), Some(_)) => {}
    }
    // SAFETY: the slot owned the replaced value.
    Ok(old.map(|p| unsafe { PyRef::from_raw(p) }))
}

/// `store_instance_attr_dict`: stores through `dict`, in the values it
/// shares if it still does.
fn store_in_dict(obj: &PyObject, values: &DictValues, dict: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(d) = downcast::<DictObject>(dict) else { return Err(crate::errors::bad_internal_call()) };
    let old = object::critical_section(dict, || {
        if d.ma_values.load(Ordering::Relaxed) == values_ptr(values) {
            store_lock_held(obj, values, name, value, Some(d))
        } else {
            object::dict_store_attr(obj, d, name, value).map(|()| None)
        }
    })?;
    drop(old);
    Ok(())
}

/// `_PyObject_StoreInstanceAttribute`: `obj.name = value` (or `del` with
/// `None`) for an instance with inline values.
pub fn store_instance_attribute(obj: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let values = inline_values(obj).ok_or_else(crate::errors::bad_internal_call)?;
    let slot = dict_slot(obj);
    if values.is_valid() && slot.peek().is_null() {
        let stored = object::critical_section(obj, || {
            (slot.peek().is_null() && values.is_valid()).then(|| store_lock_held(obj, values, name, value, None))
        });
        if let Some(res) = stored {
            drop(res?);
            return Ok(());
        }
    }
    let dict = materialize_managed_dict(obj)?;
    store_in_dict(obj, values, &dict, name, value)
}

/// `_PyDict_DetachFromObject` (the dict's lock held): a dict sharing the
/// instance's values takes them over in a copy it owns; the instance's
/// become invalid.
fn detach_locked(d: &DictObject, values: &DictValues) -> PyResult<()> {
    if d.ma_values.load(Ordering::Relaxed) != values_ptr(values) {
        return Ok(());
    }
    let cap = values.capacity as usize;
    let p = object::alloc_zeroed(values_size(cap))?;
    // SAFETY: fresh zeroed allocation of the size for `cap`.
    unsafe { DictValues::init(p.as_ptr(), cap, false) };
    // SAFETY: initialized just above.
    let copy = unsafe { &*p.as_ptr().cast::<DictValues>() };
    values.valid.store(0, Ordering::Release);
    for ix in values.ordered() {
        copy.add_to_order(ix);
        copy.slot(ix).store(values.slot(ix).swap(core::ptr::null_mut(), Ordering::AcqRel), Ordering::Relaxed);
    }
    values.size.store(0, Ordering::Relaxed);
    d.ma_values.store(p.as_ptr().cast(), Ordering::Release);
    Ok(())
}

/// Detaches `dict` from `obj`'s values under the dict's lock; if no copy
/// can be made the dict loses the attributes instead.
fn detach(d: &DictObject, values: &DictValues) {
    let dropped = object::critical_section(object::as_obj(d), || match detach_locked(d, values) {
        Ok(()) => Vec::new(),
        Err(e) => {
            drop(e);
            crate::errors::clear();
            d.ma_used.store(0, Ordering::Relaxed);
            values.valid.store(0, Ordering::Release);
            values.take_all()
        }
    });
    drop(dropped);
}

/// `_PyObject_SetManagedDict`: `obj.__dict__ = new` (or `del` with
/// `None`) for an instance with inline values, which stop being used.
pub fn set_managed_dict(obj: &PyObject, new: Option<ObjRef>) {
    let (Some(values), slot) = (inline_values(obj), dict_slot(obj)) else { return };
    let mut new = Some(new);
    let dropped = object::critical_section(obj, || {
        if !slot.peek().is_null() {
            return None;
        }
        values.valid.store(0, Ordering::Release);
        let taken = values.take_all();
        slot.replace_delayed(new.take().flatten());
        Some(taken)
    });
    if let Some(taken) = dropped {
        drop(taken);
        return;
    }
    let Some(old) = slot.get() else {
        object::critical_section(obj, || slot.replace_delayed(new.take().flatten()));
        return;
    };
    rupy_sync::critical_section::with2(object::ob_mutex(obj), object::ob_mutex(&old), || {
        if let Some(d) = peek_dict(slot) {
            // Only the first materialized dict can share the values; it is
            // the one locked here if it still is there.
            if core::ptr::eq(object::as_obj(d), &*old) {
                let _ = detach_locked(d, values);
            }
        }
        slot.replace_delayed(new.take().flatten());
    });
    // A dict that could not be detached (no memory) still shares the
    // values: empty it rather than leave it pointing at them.
    if let Some(d) = downcast::<DictObject>(&old)
        && d.ma_values.load(Ordering::Acquire) == values_ptr(values)
    {
        detach(d, values);
    }
}

/// `PyObject_ClearManagedDict` for the values: on a dying or collected
/// instance, a dict sharing them takes them over, else they are dropped.
/// The dict slot itself is cleared by the caller.
pub fn clear_inline_values(obj: &PyObject) {
    let Some(values) = inline_values(obj) else { return };
    match peek_dict(dict_slot(obj)) {
        Some(d) if d.ma_values.load(Ordering::Acquire) == values_ptr(values) => detach(d, values),
        _ => {
            // `clear_inline_values`: no lock is held, so each value is
            // released as it is taken. The object is dead or unreachable
            // garbage and no dict shares the values, so only this thread
            // (a finalizer run below included) reaches them: each slot is
            // emptied with a load and a store, not an atomic swap.
            values.valid.store(0, Ordering::Release);
            for ix in values.ordered() {
                let slot = values.slot(ix);
                let p = slot.load(Ordering::Acquire);
                slot.store(core::ptr::null_mut(), Ordering::Release);
                if let Some(p) = NonNull::new(p) {
                    // SAFETY: the slot owned its value.
                    drop(unsafe { PyRef::from_raw(p) });
                }
            }
            values.size.store(0, Ordering::Relaxed);
        }
    }
}

/// Visits the inline values of `obj` while no dict is materialized
/// (`PyObject_VisitManagedDict`): a dict sharing them visits them itself,
/// so they stay reachable through the dict when it outlives its place
/// in the instance (gh-130327).
pub fn visit_inline_values(obj: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(values) = inline_values(obj).filter(|v| v.is_valid())
        && dict_slot(obj).peek().is_null()
    {
        values.visit(visit);
    }
}

/// `_PyObject_IsInstanceDictEmpty` for an instance with inline values:
/// `None` when they are not in use (the dict answers).
pub fn inline_values_empty(obj: &PyObject) -> Option<bool> {
    let values = inline_values(obj).filter(|v| v.is_valid())?;
    Some(values.len() == 0)
}

/// Whether `obj`'s attributes are in its inline values (what
/// `_testinternalcapi.has_inline_values` reports).
pub fn has_inline_values(obj: &PyObject) -> bool {
    inline_values(obj).is_some_and(DictValues::is_valid)
}

// ---------------------------------------------------------------------
// The split side of dict operations (the dict's lock held throughout).

impl DictObject {
    /// The shared keys and values of a split dict (lock held).
    pub(super) fn split_parts(&self) -> Option<(&SharedKeys, &DictValues)> {
        let v = self.ma_values.load(Ordering::Relaxed);
        let k = self.ma_shared.load(Ordering::Relaxed);
        // SAFETY: a split dict holds an Arc of its keys and its values stay
        // live while it shares them (detaching takes this lock).
        unsafe { Some((k.as_ref()?, v.as_ref()?)) }
    }

    /// Whether the dict may be split (a hint to read without the lock).
    pub(super) fn maybe_split(&self) -> bool {
        !self.ma_values.load(Ordering::Acquire).is_null()
    }

    /// The value slot number of an exact-str `key` (lock held).
    fn split_index(&self, key: &PyObject, hash: isize) -> Option<Option<usize>> {
        let (keys, values) = self.split_parts()?;
        let s = downcast::<StrObject>(key).filter(|_| object::is_type(key, &STR_TYPE))?;
        Some(
            keys.lookup(s, hash)
                .filter(|&ix| ix < values.capacity as usize && !values.slot(ix).load(Ordering::Relaxed).is_null()),
        )
    }

    /// A lookup on a split dict (lock held): `None` when the dict is not
    /// split (any more); a key other than an exact str makes it combined.
    pub(super) fn split_get(&self, key: &PyObject, hash: isize) -> PyResult<Option<Option<ObjRef>>> {
        let Some((_, values)) = self.split_parts() else { return Ok(None) };
        match self.split_index(key, hash) {
            Some(ix) => Ok(Some(ix.and_then(|ix| {
                // SAFETY: the dict's lock guards the values.
                unsafe { values.slot(ix).load(Ordering::Relaxed).as_ref() }.map(object::new_ref_with_lock)
            }))),
            None => {
                self.unsplit_locked()?;
                Ok(None)
            }
        }
    }

    /// `insert_split_value` (lock held): stores an exact-str key whose
    /// name the shared keys have or can take; `Err(())` hands the items
    /// back unstored when the dict had to become combined.
    pub(super) fn split_insert(&self, key: ObjRef, hash: isize, value: ObjRef) -> PyResult<Result<Option<ObjRef>, (ObjRef, ObjRef)>> {
        let Some((keys, values)) = self.split_parts() else { return Ok(Err((key, value))) };
        let ix = downcast::<StrObject>(&key)
            .filter(|_| object::is_type(&key, &STR_TYPE))
            .and_then(|s| keys.insert(s, hash))
            .filter(|&ix| ix < values.capacity as usize);
        let Some(ix) = ix else {
            self.unsplit_locked()?;
            return Ok(Err((key, value)));
        };
        // Attribute reads load the values lock-free from any thread.
        object::mark_shared(&value);
        let old = NonNull::new(values.slot(ix).swap(value.into_raw().as_ptr(), Ordering::AcqRel));
        if old.is_none() {
            values.add_to_order(ix);
            self.ma_used.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the slot owned the replaced value.
        Ok(Ok(old.map(|p| unsafe { PyRef::from_raw(p) })))
    }

    /// `delitem_common` on a split dict (lock held): removes an
    /// exact-str key from the values, which stay split. `None` when the
    /// dict is not split (any more).
    pub(super) fn split_remove(&self, key: &PyObject, hash: isize) -> PyResult<Option<Option<(ObjRef, ObjRef)>>> {
        let Some((keys, values)) = self.split_parts() else { return Ok(None) };
        let Some(ix) = self.split_index(key, hash) else {
            self.unsplit_locked()?;
            return Ok(None);
        };
        let Some(ix) = ix else { return Ok(Some(None)) };
        let Some(v) = NonNull::new(values.slot(ix).swap(core::ptr::null_mut(), Ordering::AcqRel)) else { return Ok(Some(None)) };
        values.delete_index(ix);
        self.ma_used.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: the slot owned the value.
        Ok(Some(Some((object::new_ref(keys.key(ix)), unsafe { PyRef::from_raw(v) }))))
    }

    /// The live item at insertion position `pos` of a split dict.
    pub(super) fn split_entry(&self, pos: usize) -> Option<Option<(ObjRef, ObjRef, isize)>> {
        let (keys, values) = self.split_parts()?;
        if pos >= values.len() {
            return Some(None);
        }
        let ix = values.order(pos).load(Ordering::Relaxed) as usize;
        // SAFETY: the dict's lock guards the values; ordered slots are set.
        let Some(v) = (unsafe { values.slot(ix).load(Ordering::Relaxed).as_ref() }) else { return Some(None) };
        Some(Some((object::new_ref(keys.key(ix)), object::new_ref_with_lock(v), keys.hashes[ix].load(Ordering::Relaxed))))
    }

    /// Number of insertion positions of a split dict.
    pub(super) fn split_len(&self) -> Option<usize> {
        self.split_parts().map(|(_, v)| v.len())
    }

    /// Empties a split dict (`PyDict_Clear` keeps it split); the values
    /// come back to be dropped outside the lock.
    pub(super) fn split_clear(&self) -> Option<Vec<ObjRef>> {
        let (_, values) = self.split_parts()?;
        self.ma_used.store(0, Ordering::Relaxed);
        Some(values.take_all())
    }

    /// Makes a split dict combined (the split half of `dictresize`): its
    /// items move in order into a table of its own; an instance whose
    /// values it shared stops using them.
    pub(super) fn unsplit_locked(&self) -> PyResult<()> {
        let Some((keys, values)) = self.split_parts() else { return Ok(()) };
        let n = values.len();
        let new = new_keys(log2_keysize(n * 3), KEYS_UNICODE)?;
        // SAFETY: fresh table, not yet published.
        let nk: &DictKeys = unsafe { new.as_ref() };
        if values.embedded != 0 {
            values.valid.store(0, Ordering::Release);
        }
        for (pos, ix) in values.ordered().enumerate() {
            let key = object::new_ref(keys.key(ix));
            let v = values.slot(ix).swap(core::ptr::null_mut(), Ordering::AcqRel);
            nk.append_entry(pos, keys.hashes[ix].load(Ordering::Relaxed), key.into_raw().as_ptr(), v);
        }
        values.size.store(0, Ordering::Relaxed);
        nk.dk_usable.fetch_sub(n as isize, Ordering::Relaxed);
        nk.dk_nentries.store(n as isize, Ordering::Release);
        debug_assert!(core::ptr::eq(self.ma_keys.load(Ordering::Relaxed), empty_keys()));
        self.ma_keys.store(new.as_ptr(), Ordering::Release);
        let vp = self.ma_values.swap(core::ptr::null_mut(), Ordering::AcqRel);
        let kp = self.ma_shared.swap(core::ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: the split dict held this Arc.
        drop(unsafe { Arc::from_raw(kp) });
        // SAFETY: owned values, emptied above; every reader of a split
        // dict holds its lock, so none still sees them.
        unsafe { free_owned_values(vp) };
        Ok(())
    }

    /// Drops the split state of a dead dict (`dict_dealloc`).
    pub(super) fn split_dealloc(&self) {
        // Nothing else reaches a dead dict: plain loads, no atomic swaps
        // on every dict's deallocation.
        let vp = self.ma_values.load(Ordering::Relaxed);
        let kp = self.ma_shared.load(Ordering::Relaxed);
        // SAFETY: the dict is dead; an owned copy's values are its own.
        unsafe {
            if let Some(values) = vp.as_ref()
                && values.embedded == 0
            {
                drop(values.take_all());
            }
            free_owned_values(vp);
            if !kp.is_null() {
                drop(Arc::from_raw(kp));
            }
        }
    }

    /// Visits the values of a split dict, embedded ones included: the
    /// instance only visits them while it has no dict (`dict_traverse`).
    pub(super) fn split_traverse(&self, visit: &mut dyn FnMut(&PyObject)) -> bool {
        // SAFETY: the collector runs with the world stopped.
        let Some(values) = (unsafe { self.ma_values.load(Ordering::Acquire).as_ref() }) else { return false };
        values.visit(visit);
        true
    }
}

/// Frees values a detached dict owned (never embedded ones).
///
/// # Safety
/// `vp` is null, embedded, or an owned copy no one uses afterwards.
unsafe fn free_owned_values(vp: *mut DictValues) {
    // SAFETY: the caller's contract.
    if let Some(values) = unsafe { vp.as_ref() }
        && values.embedded == 0
    {
        // SAFETY: allocated by detach_locked with alloc_zeroed.
        unsafe { object::free_memory(vp.cast(), false) };
    }
}

/// Before an instance changes class (`object_set_class_world_stopped`):
/// its attributes move to its dict, since the new class's shared keys
/// index values differently.
pub fn detach_inline_values(obj: &PyObject) -> PyResult<()> {
    let Some(values) = inline_values(obj) else { return Ok(()) };
    let dict = materialize_managed_dict(obj)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Ok(()) };
    object::critical_section(&dict, || detach_locked(d, values))
}
