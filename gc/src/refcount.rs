//! Biased reference counting, ported from the `Py_GIL_DISABLED` paths of
//! Include/refcount.h (`Py_INCREF`, `Py_DECREF`), Objects/object.c
//! (`_Py_DecRefShared`, `_Py_MergeZeroLocalRefcount`,
//! `_Py_ExplicitMergeRefcount`) and Include/internal/pycore_object.h
//! (`_Py_TryIncrefFast`, `_Py_TryIncRefShared`, `_Py_TryIncrefCompare`,
//! `_Py_XGetRef`).
//!
//! The owner thread counts on `ob_ref_local` with relaxed load+store;
//! other threads use atomic read-modify-writes on `ob_ref_shared`. The
//! true count is the sum. A non-owner that takes the shared count below
//! zero queues the object to its owner (see [`crate::brc`]), who merges
//! both fields; from then on the object is unowned and `ob_ref_shared`
//! alone counts it.

use core::marker::PhantomData;
use core::ops::Deref;
use core::ptr::NonNull;

use crate::object::{
    IMMORTAL_REFCNT_LOCAL, ObjectHeader, PyObjectLike, REF_MAYBE_WEAKREF, REF_MERGED, REF_QUEUED,
    REF_SHARED_FLAG_MASK, REF_SHARED_SHIFT, UNOWNED_TID, dealloc, ref_shared,
};
use crate::shim::atomic::{AtomicPtr, Ordering};

/// Adds a reference (`Py_INCREF`): a relaxed store on the owner's local
/// field, an atomic add on the shared field otherwise, nothing for
/// immortal objects.
#[inline]
pub fn incref(op: &ObjectHeader) {
    let local = op.ob_ref_local.load(Ordering::Relaxed).wrapping_add(1);
    if local == 0 {
        // Was IMMORTAL_REFCNT_LOCAL: immortal objects are not counted.
        return;
    }
    if op.is_owned_by_current_thread() {
        op.ob_ref_local.store(local, Ordering::Relaxed);
    } else if !op.has_deferred_refcount() {
        if op.has_gc_bits(crate::object::gc_bits::DEFER_ON_SHARE) {
            op.share_deferred();
        } else {
            op.ob_ref_shared.fetch_add(1 << REF_SHARED_SHIFT, Ordering::Relaxed);
        }
    }
    // Other threads do not count deferred objects (see `dec_ref_shared`).
}

/// Drops a reference (`Py_DECREF`), deallocating the object when the last
/// one goes.
///
/// # Safety
/// `op` must point to a live object and the caller must own one of its
/// references, which this call consumes.
#[inline]
pub unsafe fn decref(op: NonNull<ObjectHeader>) {
    // SAFETY: the caller owns a reference, so the object is live.
    let h = unsafe { op.as_ref() };
    let local = h.ob_ref_local.load(Ordering::Relaxed);
    if local == IMMORTAL_REFCNT_LOCAL {
        return;
    }
    if h.is_owned_by_current_thread() {
        let local = local - 1;
        h.ob_ref_local.store(local, Ordering::Relaxed);
        if local == 0 {
            // SAFETY: the local count hit zero on the owner thread.
            unsafe { merge_zero_local_refcount(op) };
        }
    } else {
        // SAFETY: forwarded caller contract.
        unsafe { dec_ref_shared(op) };
    }
}

/// Drops a reference through the shared field (`_Py_DecRefShared` /
/// `_Py_DecRefSharedIsDead`, Objects/object.c). A shared count that is
/// zero (default or maybe-weakref state) is not decremented: the object
/// moves to the queued state and is handed, with this reference, to its
/// owner for merging. A merged count reaching zero frees the object.
///
/// # Safety
/// As [`decref`]; the caller is not the owner (or the object is merged).
pub unsafe fn dec_ref_shared(op: NonNull<ObjectHeader>) {
    // SAFETY: forwarded caller contract.
    if unsafe { dec_ref_shared_is_dead(op) } {
        // Merged and the count is zero: the object is dead.
        // SAFETY: no references remain.
        unsafe { dealloc(op) };
    }
}

/// [`dec_ref_shared`] that reports a dead object instead of freeing it
/// (`_Py_DecRefSharedIsDead`).
///
/// # Safety
/// As [`dec_ref_shared`]; if it returns true the caller frees the object.
unsafe fn dec_ref_shared_is_dead(op: NonNull<ObjectHeader>) -> bool {
    // SAFETY: the caller owns a reference, so the object is live.
    let h = unsafe { op.as_ref() };
    if h.has_deferred_refcount() {
        // Threads other than the owner do not count an object with
        // deferred reference counting: its shared field holds
        // REF_DEFERRED, so it can only be freed by the cycle collector,
        // and skipping the atomic keeps the widely shared functions,
        // code objects, classes and module dicts from bouncing one cache
        // line between every thread that uses them (3.14t gets this for
        // stack references; rupy's object references are all counted
        // references, so it skips every non-owner count).
        return false;
    }
    let mut shared = h.ob_ref_shared.load(Ordering::Relaxed);
    let (should_queue, new_shared) = loop {
        let should_queue = shared == 0 || shared == REF_MAYBE_WEAKREF;
        // Queueing keeps our reference (the queue now holds it);
        // otherwise subtract one, which may go negative.
        let new_shared = if should_queue { REF_QUEUED } else { shared - (1 << REF_SHARED_SHIFT) };
        debug_assert!(
            !(new_shared < 0 && new_shared & REF_SHARED_FLAG_MASK == REF_MERGED),
            "negative refcount on a merged object"
        );
        // Release publishes our uses of the object to whoever frees it;
        // acquire makes theirs visible to us if we are the one.
        match h.ob_ref_shared.compare_exchange_weak(shared, new_shared, Ordering::AcqRel, Ordering::Relaxed) {
            Ok(_) => break (should_queue, new_shared),
            Err(cur) => shared = cur,
        }
    };
    if should_queue {
        // SAFETY: the reference we own moves into the owner's queue.
        unsafe { crate::brc::queue_object(op) };
        return false;
    }
    new_shared == REF_MERGED
}

/// Gives an object whose count reached zero one reference, owned by this
/// thread, while its finalizer runs (`_PyObject_ResurrectStart`).
///
/// # Safety
/// `op`'s deallocator is running on this thread and has not freed it.
pub unsafe fn resurrect_start(op: NonNull<ObjectHeader>) {
    // SAFETY: the object's memory is intact until its deallocator ends.
    let h = unsafe { op.as_ref() };
    h.ob_tid.store(crate::object::thread_id(), Ordering::Relaxed);
    h.ob_ref_local.store(1, Ordering::Relaxed);
    h.ob_ref_shared.store(0, Ordering::Relaxed);
}

/// Drops the reference [`resurrect_start`] gave (`_PyObject_ResurrectEnd`):
/// false if it was the last, so the deallocator goes on; true if the
/// finalizer stored the object somewhere (it is resurrected, and whoever
/// drops the last of those references deallocates it again).
///
/// # Safety
/// Follows a [`resurrect_start`] on `op` on this thread.
pub unsafe fn resurrect_end(op: NonNull<ObjectHeader>) -> bool {
    // SAFETY: the resurrecting reference keeps the object live.
    let h = unsafe { op.as_ref() };
    let local = h.ob_ref_local.load(Ordering::Relaxed);
    let shared = h.ob_ref_shared.load(Ordering::Acquire);
    if h.is_owned_by_current_thread() && local == 1 && shared == 0 {
        h.ob_ref_local.store(0, Ordering::Relaxed);
        return false;
    }
    if h.is_immortal() {
        return true;
    }
    if h.is_owned_by_current_thread() {
        // Give up ownership so that any thread's last decref frees it.
        // SAFETY: we are the owner; the -1 is our resurrecting reference.
        return unsafe { explicit_merge_refcount(op, -1) } != 0;
    }
    // SAFETY: we own the resurrecting reference; a dead result means the
    // caller's deallocation continues.
    !unsafe { dec_ref_shared_is_dead(op) }
}

/// The owner's local count reached zero (`_Py_MergeZeroLocalRefcount`,
/// Objects/object.c): free the object if nothing is shared, otherwise give
/// up ownership and mark the shared field merged so that the last shared
/// decref frees it.
///
/// # Safety
/// `op` is live, `ob_ref_local` is zero and the caller is the owner.
pub unsafe fn merge_zero_local_refcount(op: NonNull<ObjectHeader>) {
    // SAFETY: the shared count still holds the object alive (or we free it
    // below), so the header is readable.
    let h = unsafe { op.as_ref() };
    debug_assert_eq!(h.ob_ref_local.load(Ordering::Relaxed), 0);
    let mut shared = h.ob_ref_shared.load(Ordering::Acquire);
    if shared == 0 {
        // No shared references and no flags: ours was the last reference.
        // SAFETY: the count is zero.
        unsafe { dealloc(op) };
        return;
    }
    // A zero ob_tid must imply a merged count, so clear it before the CAS
    // (gh-121794 / gh-119999).
    h.ob_tid.store(UNOWNED_TID, Ordering::Relaxed);
    let new_shared = loop {
        let new_shared = (shared & !REF_SHARED_FLAG_MASK) | REF_MERGED;
        match h.ob_ref_shared.compare_exchange_weak(shared, new_shared, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => break new_shared,
            Err(cur) => shared = cur,
        }
    };
    if new_shared == REF_MERGED {
        // Only the flags were left: the shared count is zero too.
        // SAFETY: the count is zero.
        unsafe { dealloc(op) };
    }
}

/// Merges the local count into the shared field, adding `extra`, and
/// gives up ownership (`_Py_ExplicitMergeRefcount`, Objects/object.c).
/// Returns the merged total; the caller frees the object if it is zero.
///
/// # Safety
/// `op` is live and not immortal, and no thread counts it locally
/// concurrently: the caller is its owner, or the owner is gone (or the
/// world is stopped).
pub unsafe fn explicit_merge_refcount(op: NonNull<ObjectHeader>, extra: isize) -> isize {
    // SAFETY: the caller guarantees the object is live.
    let h = unsafe { op.as_ref() };
    debug_assert!(!h.is_immortal());
    // Write the local field and ob_tid before merging (gh-119999).
    let local = h.ob_ref_local.load(Ordering::Relaxed) as isize;
    h.ob_ref_local.store(0, Ordering::Relaxed);
    h.ob_tid.store(UNOWNED_TID, Ordering::Relaxed);
    let mut shared = h.ob_ref_shared.load(Ordering::Relaxed);
    loop {
        let refcnt = (shared >> REF_SHARED_SHIFT) + local + extra;
        let new_shared = ref_shared(refcnt, REF_MERGED);
        match h.ob_ref_shared.compare_exchange_weak(shared, new_shared, Ordering::AcqRel, Ordering::Relaxed) {
            Ok(_) => return refcnt,
            Err(cur) => shared = cur,
        }
    }
}

/// Increfs if that needs no shared atomic: the object is immortal or
/// owned by this thread (`_Py_TryIncrefFast`).
#[inline]
pub fn try_incref_fast(op: &ObjectHeader) -> bool {
    let local = op.ob_ref_local.load(Ordering::Relaxed).wrapping_add(1);
    if local == 0 {
        return true;
    }
    if op.is_owned_by_current_thread() {
        op.ob_ref_local.store(local, Ordering::Relaxed);
        return true;
    }
    false
}

/// Increfs through the shared field unless the object may already be
/// dead: a zero shared count in the default or merged state means it is
/// (or is about to be) freed (`_Py_TryIncRefShared`).
#[inline]
pub fn try_incref_shared(op: &ObjectHeader) -> bool {
    if op.has_deferred_refcount() {
        // Not counted by non-owners, and only the collector frees it.
        return true;
    }
    let mut shared = op.ob_ref_shared.load(Ordering::Relaxed);
    loop {
        if shared == 0 || shared == REF_MERGED {
            return false;
        }
        match op.ob_ref_shared.compare_exchange_weak(
            shared,
            shared + (1 << REF_SHARED_SHIFT),
            Ordering::AcqRel,
            Ordering::Relaxed,
        ) {
            Ok(_) => return true,
            Err(cur) => shared = cur,
        }
    }
}

/// Tries to take a reference to an object that other threads may be
/// releasing (`_Py_TryIncref`).
#[inline]
pub fn try_incref(op: &ObjectHeader) -> bool {
    try_incref_fast(op) || try_incref_shared(op)
}

/// Tries to take a reference to `op` that was loaded from `src` and checks
/// that `src` still points at it (`_Py_TryIncrefCompare`): the lock-free
/// reader's side of list and dict item access. Returns the new reference.
///
/// # Safety
/// `op`'s memory must stay readable for the duration of the call (freed
/// only through QSBR), and writers that store into `src` must have called
/// [`ObjectHeader::set_maybe_weakref`] on the stored object.
pub unsafe fn try_incref_compare(src: &AtomicPtr<ObjectHeader>, op: NonNull<ObjectHeader>) -> Option<PyRef> {
    // SAFETY: the caller guarantees the memory is readable.
    let h = unsafe { op.as_ref() };
    if try_incref_fast(h) {
        // SAFETY: we now own the reference just taken.
        return Some(unsafe { PyRef::from_raw(op) });
    }
    if !try_incref_shared(h) {
        return None;
    }
    // SAFETY: we own the reference just taken; dropping it decrefs.
    let r = unsafe { PyRef::from_raw(op) };
    if src.load(Ordering::Acquire) != op.as_ptr() {
        return None;
    }
    Some(r)
}

/// Loads and increfs the object in `src`, retrying while it changes
/// (`_Py_XGetRef`). `None` if `src` is null.
///
/// # Safety
/// As [`try_incref_compare`] for every object ever stored in `src`.
pub unsafe fn xget_ref(src: &AtomicPtr<ObjectHeader>) -> Option<PyRef> {
    loop {
        let op = NonNull::new(src.load(Ordering::Acquire))?;
        // SAFETY: forwarded caller contract.
        if let Some(r) = unsafe { try_incref_compare(src, op) } {
            return Some(r);
        }
    }
}

/// An owned (strong) reference to an object: clone is `Py_INCREF`, drop
/// is `Py_DECREF`. `T` is the object's layout; it derefs to `T`.
/// Transparent over the pointer, so a slice of borrowed `&T` can be
/// viewed as a slice of `PyRef<T>` that is never dropped.
#[repr(transparent)]
pub struct PyRef<T: PyObjectLike = ObjectHeader> {
    ptr: NonNull<T>,
    _owns: PhantomData<T>,
}

// SAFETY: reference counting is thread-safe (biased counting plus BRC), and
// objects shared this way are only accessed through `&`.
unsafe impl<T: PyObjectLike + Sync> Send for PyRef<T> {}
// SAFETY: as above; `&PyRef` only gives out `&T`.
unsafe impl<T: PyObjectLike + Sync> Sync for PyRef<T> {}

impl<T: PyObjectLike> PyRef<T> {
    /// Takes over a reference the caller owns ("steals" it).
    ///
    /// # Safety
    /// `ptr` points to a live object of layout `T` and the caller owns one
    /// of its references.
    #[inline]
    pub unsafe fn from_raw(ptr: NonNull<T>) -> Self {
        PyRef { ptr, _owns: PhantomData }
    }

    /// A new reference to `obj` (`Py_NewRef`).
    #[inline]
    pub fn new_ref(obj: &T) -> Self {
        let ptr = NonNull::from(obj);
        // SAFETY: T starts with its ObjectHeader (PyObjectLike).
        incref(unsafe { ptr.cast::<ObjectHeader>().as_ref() });
        PyRef { ptr, _owns: PhantomData }
    }

    /// Gives up ownership without decref'ing.
    #[inline]
    pub fn into_raw(self) -> NonNull<T> {
        let p = self.ptr;
        core::mem::forget(self);
        p
    }

    /// The pointer, still owned by `self`.
    #[inline]
    pub fn as_ptr(&self) -> NonNull<T> {
        self.ptr
    }

    /// The object's header.
    #[inline]
    pub fn header(&self) -> &ObjectHeader {
        // SAFETY: T starts with its ObjectHeader and the object is live
        // while we hold a reference.
        unsafe { self.ptr.cast::<ObjectHeader>().as_ref() }
    }

    /// Reinterprets the reference as one to layout `U`.
    ///
    /// # Safety
    /// The object must really have layout `U`.
    #[inline]
    pub unsafe fn cast<U: PyObjectLike>(self) -> PyRef<U> {
        PyRef { ptr: self.into_raw().cast(), _owns: PhantomData }
    }
}

impl<T: PyObjectLike> Clone for PyRef<T> {
    #[inline]
    fn clone(&self) -> Self {
        incref(self.header());
        PyRef { ptr: self.ptr, _owns: PhantomData }
    }
}

impl<T: PyObjectLike> Drop for PyRef<T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: we own one reference to a live object.
        unsafe { decref(self.ptr.cast()) }
    }
}

impl<T: PyObjectLike> Deref for PyRef<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the object is live while we hold a reference.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: PyObjectLike> core::fmt::Debug for PyRef<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PyRef({:p}, refcnt={})", self.ptr, self.header().refcnt())
    }
}
