//! The type attribute cache of Objects/typeobject.c (`type_cache`,
//! `assign_version_tag`, `type_modified_unlocked`, `_PyType_Lookup` /
//! `_PyType_LookupRef`), with 3.14t's thread safety: an entry is guarded
//! by a sequence lock, readers never block (they take a reference to
//! the cached value with a conditional incref and re-check the
//! sequence), writers hold the type lock.
//!
//! A type's `tp_version_tag` names the state of its MRO's dicts: an entry
//! is valid for `(tag, name)`. Any change to a type's dict (or its
//! bases) clears the tags of the type and all its subclasses, so stale
//! entries stop matching; a new tag is assigned at the next lookup.

use core::ptr::NonNull;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

use rupy_sync::PySeqLock;

use crate::errors::PyResult;
use crate::objects::object::{self, ObjRef, PyObject, downcast, is_type};
use crate::objects::typeobject::{TypeObject, flags};
use crate::objects::unicodeobject::{STR_TYPE, StrObject};

/// `MCACHE_SIZE_EXP`.
const SIZE_EXP: u32 = 12;

/// One cache slot (`struct type_cache_entry`). `value` is a borrowed
/// pointer into some type dict of the MRO (null: "not found" is cached
/// too); values are marked shared when stored, so a reader racing with
/// their release still finds a readable header.
struct Entry {
    sequence: PySeqLock,
    version: AtomicU32,
    name: AtomicPtr<PyObject>,
    value: AtomicPtr<PyObject>,
}

impl Entry {
    const fn new() -> Entry {
        Entry {
            sequence: PySeqLock::new(),
            version: AtomicU32::new(0),
            name: AtomicPtr::new(core::ptr::null_mut()),
            value: AtomicPtr::new(core::ptr::null_mut()),
        }
    }
}

/// The interpreter's cache (`struct type_cache`). rupy runs one
/// interpreter per process, so it is a static.
static CACHE: [Entry; 1 << SIZE_EXP] = [const { Entry::new() }; 1 << SIZE_EXP];

/// `next_version_tag`: 0 means "no valid tag"; when the counter runs
/// out, types stop getting tags (and lookups stop caching).
static NEXT_VERSION_TAG: AtomicU32 = AtomicU32::new(1);

/// The type lock (`TYPE_LOCK`, the interpreter's `types.mutex`):
/// serializes changes to type dicts, version tags and subclass lists.
/// Taken as a critical section (`BEGIN_TYPE_LOCK`), so code run while it
/// is held (a key's `__eq__`) can block on other objects without
/// deadlocking.
static TYPE_LOCK: rupy_sync::PyMutex = rupy_sync::PyMutex::new();

/// Runs `f` holding the type lock.
pub fn with_type_lock<R>(f: impl FnOnce() -> R) -> R {
    rupy_sync::critical_section::with(&TYPE_LOCK, f)
}

/// `MCACHE_HASH_METHOD`.
fn slot_of(version: u32, name: *const PyObject) -> &'static Entry {
    let h = (version ^ ((name as usize >> 3) as u32)) & ((1 << SIZE_EXP) - 1);
    &CACHE[h as usize]
}

/// `MCACHE_CACHEABLE_NAME`: exact, interned `str` names only.
fn cacheable(name: &PyObject) -> bool {
    is_type(name, &STR_TYPE) && downcast::<StrObject>(name).is_some_and(StrObject::is_interned)
}

/// `assign_version_tag` (caller holds the type lock): gives `ty` and all
/// the types of its MRO a valid tag, so a change to any of them reaches
/// `ty` through the subclass lists.
fn assign_version_tag(ty: &TypeObject) -> bool {
    if ty.has_feature(flags::VALID_VERSION_TAG) {
        return true;
    }
    if let Some(mro) = ty.mro_tuple() {
        for b in &mro.as_slice()[1..] {
            // SAFETY: MRO entries are live types.
            if !assign_version_tag(unsafe { b.as_ptr().cast::<TypeObject>().as_ref() }) {
                return false;
            }
        }
    }
    let tag = NEXT_VERSION_TAG.load(Ordering::Relaxed);
    if tag == 0 {
        return false;
    }
    NEXT_VERSION_TAG.store(tag.wrapping_add(1), Ordering::Relaxed);
    ty.tp_version_tag.store(tag, Ordering::Release);
    ty.tp_flags.fetch_or(flags::VALID_VERSION_TAG, Ordering::Release);
    true
}

/// `type_modified_unlocked` (caller holds the type lock): invalidates the
/// tags of `ty` and every subclass, depth first.
pub fn type_modified(ty: &TypeObject) {
    if !ty.has_feature(flags::VALID_VERSION_TAG) {
        return;
    }
    let subs: Vec<usize> = ty.tp_subclasses.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for s in subs {
        // SAFETY: a registered subclass is live (it unregisters itself,
        // under the type lock, before it is freed).
        type_modified(unsafe { &*(s as *const TypeObject) });
    }
    ty.tp_flags.fetch_and(!flags::VALID_VERSION_TAG, Ordering::Release);
    ty.tp_version_tag.store(0, Ordering::Release);
}

/// `find_name_in_mro`: walks the MRO dicts (no descriptor binding).
fn find_name_in_mro(ty: &TypeObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    let Some(mro) = ty.mro_tuple() else { return Ok(None) };
    for t in mro.as_slice() {
        // SAFETY: MRO entries are live types.
        let t = unsafe { t.as_ptr().cast::<TypeObject>().as_ref() };
        let Some(dict) = t.tp_dict.get() else { continue };
        let Some(d) = downcast::<crate::objects::dictobject::DictObject>(&dict) else { continue };
        if let Some(v) = d.get_item(name)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// `_PyType_LookupRef`: `name` along `ty`'s MRO, through the cache.
pub fn lookup(ty: &TypeObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    if !cacheable(name) {
        return find_name_in_mro(ty, name);
    }
    let name_ptr = core::ptr::from_ref(name);
    let tag = ty.tp_version_tag.load(Ordering::Acquire);
    if tag != 0 {
        let entry = slot_of(tag, name_ptr);
        loop {
            let seq = entry.sequence.read_begin();
            let ev = entry.version.load(Ordering::Acquire);
            if ev != ty.tp_version_tag.load(Ordering::Acquire) || entry.name.load(Ordering::Relaxed).cast_const() != name_ptr {
                break;
            }
            let v = entry.value.load(Ordering::Acquire);
            let found = match NonNull::new(v) {
                None => None,
                // SAFETY: cached values are marked shared (freed through
                // QSBR) and this thread is attached, so the header is
                // readable; the compare re-checks the entry still holds it.
                Some(p) => match unsafe { rupy_gc::refcount::try_incref_compare(&entry.value, p) } {
                    Some(r) => Some(r),
                    None => break,
                },
            };
            if entry.sequence.read_end(seq) {
                return Ok(found);
            }
        }
    }
    // Slow path: search and fill the entry under the type lock, which
    // also keeps the tag from changing between the search and the store.
    with_type_lock(|| fill(ty, name))
}

/// The locked part of the slow path.
fn fill(ty: &TypeObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    let found = find_name_in_mro(ty, name)?;
    if assign_version_tag(ty) {
        let tag = ty.tp_version_tag.load(Ordering::Relaxed);
        let entry = slot_of(tag, name);
        if let Some(v) = &found {
            object::mark_shared(v);
            v.set_maybe_weakref();
        }
        entry.sequence.begin_write();
        entry.version.store(tag, Ordering::Release);
        entry.name.store(core::ptr::from_ref(name).cast_mut(), Ordering::Relaxed);
        entry.value.store(found.as_ref().map_or(core::ptr::null_mut(), |v| v.as_ptr().as_ptr()), Ordering::Release);
        entry.sequence.end_write();
    }
    Ok(found)
}
