//! The free-threaded object header and its type prefix, ported from the
//! `Py_GIL_DISABLED` parts of CPython's Include/object.h and
//! Include/refcount.h (`struct _object`, `_Py_IsImmortal`,
//! `_Py_IsOwnedByCurrentThread`, `Py_REFCNT`), the GC bit helpers of
//! Include/internal/pycore_gc.h and the deferred/immortal setters of
//! Objects/object.c.

use core::ptr::NonNull;

use rupy_sync::PyMutex;

use crate::shim::atomic::{AtomicIsize, AtomicPtr, AtomicU8, AtomicU16, AtomicU32, AtomicUsize, Ordering};

/// Local refcount value that marks an object immortal
/// (`_Py_IMMORTAL_REFCNT_LOCAL`): the object is never counted.
pub const IMMORTAL_REFCNT_LOCAL: u32 = u32::MAX;
/// The refcount `Py_REFCNT` reports for an immortal object
/// (`_Py_IMMORTAL_INITIAL_REFCNT` of the free-threaded build).
pub const IMMORTAL_REFCNT: isize = u32::MAX as isize;
/// `ob_tid` of an object that no thread owns (`_Py_UNOWNED_TID`).
pub const UNOWNED_TID: usize = 0;

/// The shared refcount is stored shifted left by this many bits; the low
/// bits hold the shared-field state (`_Py_REF_SHARED_SHIFT`).
pub const REF_SHARED_SHIFT: u32 = 2;
/// Mask of the shared-field state bits (`_Py_REF_SHARED_FLAG_MASK`).
pub const REF_SHARED_FLAG_MASK: isize = 0x3;
/// Shared-field state: default (`_Py_REF_SHARED_INIT`).
pub const REF_SHARED_INIT: isize = 0x0;
/// Shared-field state: the object may have weak references or lock-free
/// readers, so a zero shared count must be queued, not freed
/// (`_Py_REF_MAYBE_WEAKREF`).
pub const REF_MAYBE_WEAKREF: isize = 0x1;
/// Shared-field state: queued to its owner for merging (`_Py_REF_QUEUED`).
pub const REF_QUEUED: isize = 0x2;
/// Shared-field state: local and shared counts merged; `ob_ref_shared`
/// alone holds the count (`_Py_REF_MERGED`).
pub const REF_MERGED: isize = 0x3;
/// Extra shared count that deferred-refcounted objects carry so that they
/// are freed only by the cycle collector (`_Py_REF_DEFERRED` of 3.14's
/// Include/internal/pycore_object.h).
pub const REF_DEFERRED: isize = isize::MAX / 8;

/// Packs a count and a state into the shared field (`_Py_REF_SHARED`).
#[inline]
pub const fn ref_shared(refcnt: isize, flags: isize) -> isize {
    (refcnt << REF_SHARED_SHIFT) + flags
}

/// `ob_gc_bits` positions of 3.14's Include/internal/pycore_gc.h.
pub mod gc_bits {
    /// Tracked by the GC (`_PyGC_BITS_TRACKED`).
    pub const TRACKED: u8 = 1 << 0;
    /// `tp_finalize` was called (`_PyGC_BITS_FINALIZED`).
    pub const FINALIZED: u8 = 1 << 1;
    /// Found unreachable by a collection (`_PyGC_BITS_UNREACHABLE`).
    pub const UNREACHABLE: u8 = 1 << 2;
    /// Frozen by `gc.freeze()` (`_PyGC_BITS_FROZEN`).
    pub const FROZEN: u8 = 1 << 3;
    /// Shared between threads (`_PyGC_BITS_SHARED`).
    pub const SHARED: u8 = 1 << 4;
    /// Reachable from a known root (`_PyGC_BITS_ALIVE`).
    pub const ALIVE: u8 = 1 << 5;
    /// Uses deferred reference counting (`_PyGC_BITS_DEFERRED`).
    pub const DEFERRED: u8 = 1 << 6;
    /// Switches to deferred reference counting when a thread other than
    /// the owner first counts a reference (rupy's own, see
    /// [`super::ObjectHeader::set_defer_on_share`]).
    pub const DEFER_ON_SHARE: u8 = 1 << 7;
}

/// `ob_flags` bit of a statically allocated object
/// (`_Py_STATICALLY_ALLOCATED_FLAG`).
pub const STATICALLY_ALLOCATED_FLAG: u16 = 1 << 2;

/// `ob_flags` bit of a container whose items threads other than its owner
/// may read without its lock (rupy's own). Set under the container's lock
/// the first time another thread uses it, where CPython sets the shared
/// GC bit (`list_item_impl`, `ensure_shared_on_read`); from then on the
/// items it holds are marked [`gc_bits::SHARED`] and its replaced storage
/// is freed through QSBR. Kept apart from that bit, which says only how
/// the object's own memory is freed and which a container gets as soon
/// as another shared container stores it.
pub const CONTENTS_SHARED_FLAG: u16 = 1 << 8;

/// The current thread's id, the owner id stored in `ob_tid` (`_Py_ThreadId`
/// of Include/object.h, provided by rupy-sync): nonzero and unique among
/// live threads; an exited thread's id may be reused, as in CPython.
pub use rupy_sync::thread::thread_id;

/// The free-threaded object header (`struct _object` under
/// `Py_GIL_DISABLED`, Include/object.h), in CPython's field order. Fields
/// that CPython reads plainly but that other threads may read are relaxed
/// atomics here, since objects are shared through `&`.
#[repr(C)]
pub struct ObjectHeader {
    /// Owner thread id (`ob_tid`); `UNOWNED_TID` once merged or immortal.
    pub ob_tid: AtomicUsize,
    /// Per-object flags (`ob_flags`).
    pub ob_flags: AtomicU16,
    /// Per-object lock for critical sections (`ob_mutex`).
    pub ob_mutex: PyMutex,
    /// GC state bits (`ob_gc_bits`), see [`gc_bits`].
    pub ob_gc_bits: AtomicU8,
    /// Owner-thread refcount (`ob_ref_local`), `IMMORTAL_REFCNT_LOCAL`
    /// for immortal objects.
    pub ob_ref_local: AtomicU32,
    /// Shared refcount shifted by `REF_SHARED_SHIFT`, plus a state
    /// (`ob_ref_shared`).
    pub ob_ref_shared: AtomicIsize,
    /// The object's type (`ob_type`).
    pub ob_type: AtomicPtr<TypeHead>,
}

/// The deallocator slot (`destructor tp_dealloc`): frees the object whose
/// last reference was just dropped.
pub type Destructor = unsafe fn(NonNull<ObjectHeader>);

/// The part of a type object this crate needs (the head of
/// `PyTypeObject`, Include/cpython/object.h): itself an object, followed
/// by the deallocator. The runtime's type object embeds it as its first
/// field so `ob_type` can point at either.
#[repr(C)]
pub struct TypeHead {
    /// The type's own header (a type is an object).
    pub ob_base: ObjectHeader,
    /// Called by [`dealloc`] when an instance's refcount reaches zero.
    pub tp_dealloc: Destructor,
}

/// Types whose values start with an [`ObjectHeader`], so that a pointer to
/// one is a pointer to its header.
///
/// # Safety
/// Implementors must be `#[repr(C)]` with an `ObjectHeader` (directly or
/// through another implementor) as the first field.
pub unsafe trait PyObjectLike {}

// SAFETY: an ObjectHeader starts with itself.
unsafe impl PyObjectLike for ObjectHeader {}
// SAFETY: TypeHead is #[repr(C)] and starts with its ObjectHeader.
unsafe impl PyObjectLike for TypeHead {}

impl ObjectHeader {
    /// A new header owned by the current thread with refcount one
    /// (`_PyObject_Init` / `_Py_NewReference` under `Py_GIL_DISABLED`).
    pub fn new(ty: *const TypeHead) -> Self {
        ObjectHeader {
            ob_tid: AtomicUsize::new(thread_id()),
            ob_flags: AtomicU16::new(0),
            ob_mutex: PyMutex::new(),
            ob_gc_bits: AtomicU8::new(0),
            ob_ref_local: AtomicU32::new(1),
            ob_ref_shared: AtomicIsize::new(0),
            ob_type: AtomicPtr::new(ty.cast_mut()),
        }
    }

    /// The header of a statically allocated immortal object
    /// (`_PyObject_HEAD_INIT` under `Py_GIL_DISABLED`).
    #[cfg(not(loom))]
    pub const fn new_static(ty: *const TypeHead) -> Self {
        ObjectHeader {
            ob_tid: AtomicUsize::new(UNOWNED_TID),
            ob_flags: AtomicU16::new(STATICALLY_ALLOCATED_FLAG),
            ob_mutex: PyMutex::new(),
            ob_gc_bits: AtomicU8::new(0),
            ob_ref_local: AtomicU32::new(IMMORTAL_REFCNT_LOCAL),
            ob_ref_shared: AtomicIsize::new(0),
            ob_type: AtomicPtr::new(ty.cast_mut()),
        }
    }

    /// The object's type (`Py_TYPE`).
    #[inline]
    pub fn ob_type(&self) -> *const TypeHead {
        self.ob_type.load(Ordering::Relaxed)
    }

    /// Changes the object's type (`Py_SET_TYPE`).
    #[inline]
    pub fn set_type(&self, ty: *const TypeHead) {
        self.ob_type.store(ty.cast_mut(), Ordering::Relaxed);
    }

    /// Is the object immortal (`_Py_IsImmortal`)?
    #[inline]
    pub fn is_immortal(&self) -> bool {
        self.ob_ref_local.load(Ordering::Relaxed) == IMMORTAL_REFCNT_LOCAL
    }

    /// Is the calling thread the object's owner
    /// (`_Py_IsOwnedByCurrentThread`)?
    #[inline]
    pub fn is_owned_by_current_thread(&self) -> bool {
        self.ob_tid.load(Ordering::Relaxed) == thread_id()
    }

    /// The total reference count (`Py_REFCNT`): local plus shared, or
    /// `IMMORTAL_REFCNT` for immortal objects.
    pub fn refcnt(&self) -> isize {
        let local = self.ob_ref_local.load(Ordering::Relaxed);
        if local == IMMORTAL_REFCNT_LOCAL {
            return IMMORTAL_REFCNT;
        }
        let shared = self.ob_ref_shared.load(Ordering::Relaxed);
        local as isize + (shared >> REF_SHARED_SHIFT)
    }

    /// Does the caller hold the only reference, so it may mutate in place
    /// (`_PyObject_IsUniquelyReferenced`)?
    pub fn is_uniquely_referenced(&self) -> bool {
        self.is_owned_by_current_thread()
            && self.ob_ref_local.load(Ordering::Relaxed) == 1
            && self.ob_ref_shared.load(Ordering::Relaxed) == 0
    }

    /// May threads other than the owner read this container's items
    /// without its lock ([`CONTENTS_SHARED_FLAG`])?
    #[inline]
    pub fn contents_shared(&self) -> bool {
        self.ob_flags.load(Ordering::Relaxed) & CONTENTS_SHARED_FLAG != 0
    }

    /// Sets [`CONTENTS_SHARED_FLAG`]; the caller holds the container's
    /// lock and has marked its items shared.
    #[inline]
    pub fn set_contents_shared(&self) {
        self.ob_flags.fetch_or(CONTENTS_SHARED_FLAG, Ordering::Relaxed);
    }

    /// Are all of `bits` set (`_PyObject_HAS_GC_BITS`)?
    #[inline]
    pub fn has_gc_bits(&self, bits: u8) -> bool {
        self.ob_gc_bits.load(Ordering::Relaxed) & bits != 0
    }

    /// Sets `bits` (`_PyObject_SET_GC_BITS`).
    #[inline]
    pub fn set_gc_bits(&self, bits: u8) {
        self.ob_gc_bits.fetch_or(bits, Ordering::Relaxed);
    }

    /// Clears `bits` (`_PyObject_CLEAR_GC_BITS`).
    #[inline]
    pub fn clear_gc_bits(&self, bits: u8) {
        self.ob_gc_bits.fetch_and(!bits, Ordering::Relaxed);
    }

    /// Makes the object immortal and unowned (`_Py_SetImmortalUntracked`,
    /// Objects/object.c); untracking from the collector is the caller's
    /// part of `_Py_SetImmortal`.
    pub fn set_immortal(&self) {
        if self.is_immortal() {
            return;
        }
        self.ob_tid.store(UNOWNED_TID, Ordering::Relaxed);
        self.ob_ref_local.store(IMMORTAL_REFCNT_LOCAL, Ordering::Relaxed);
        self.ob_ref_shared.store(0, Ordering::Relaxed);
        self.set_gc_bits(gc_bits::DEFERRED);
    }

    /// Switches a freshly created object to deferred reference counting
    /// (`_PyObject_SetDeferredRefcount`, Objects/object.c): it gets the
    /// deferred bit and `REF_DEFERRED` extra shared references, so only the
    /// cycle collector frees it. The caller must own the object and no
    /// other thread may have counted it yet.
    pub fn set_deferred_refcount(&self) {
        debug_assert!(self.is_owned_by_current_thread());
        debug_assert_eq!(self.ob_ref_shared.load(Ordering::Relaxed), 0);
        self.set_gc_bits(gc_bits::DEFERRED);
        self.ob_ref_shared.store(ref_shared(REF_DEFERRED, 0), Ordering::Relaxed);
    }

    /// Makes the object switch to deferred reference counting the first
    /// time a thread other than its owner takes a reference: functions
    /// and code objects that threads share stop bouncing their count
    /// between cores, while those one thread makes and drops (a lambda
    /// in a loop, `exec` of a string) stay counted and are freed.
    pub fn set_defer_on_share(&self) {
        self.set_gc_bits(gc_bits::DEFER_ON_SHARE);
    }

    /// Switches an object marked [`Self::set_defer_on_share`] to deferred
    /// counting (a non-owner is taking a reference). Whoever sets the bit
    /// adds the `REF_DEFERRED` references; until then a racing decref
    /// still counts, which is safe because the caller holds a reference.
    pub fn share_deferred(&self) {
        let prev = self.ob_gc_bits.fetch_or(gc_bits::DEFERRED, Ordering::AcqRel);
        if prev & gc_bits::DEFERRED == 0 {
            self.ob_ref_shared.fetch_add(ref_shared(REF_DEFERRED, 0), Ordering::AcqRel);
        }
    }

    /// Does the object use deferred reference counting
    /// (`_PyObject_HasDeferredRefcount`)?
    #[inline]
    pub fn has_deferred_refcount(&self) -> bool {
        self.has_gc_bits(gc_bits::DEFERRED)
    }

    /// Marks the object as possibly reachable by weak references or
    /// lock-free readers, so a non-owner's decref to zero queues it to the
    /// owner instead of freeing it (`_PyObject_SetMaybeWeakref`,
    /// Include/internal/pycore_object.h). Needed before storing an object
    /// where [`crate::refcount::try_incref_compare`] may read it.
    pub fn set_maybe_weakref(&self) {
        if self.is_immortal() {
            return;
        }
        let mut shared = self.ob_ref_shared.load(Ordering::Relaxed);
        loop {
            if shared & REF_SHARED_FLAG_MASK != 0 {
                // Already MAYBE_WEAKREF, QUEUED or MERGED.
                return;
            }
            match self.ob_ref_shared.compare_exchange_weak(
                shared,
                shared | REF_MAYBE_WEAKREF,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(cur) => shared = cur,
            }
        }
    }
}

/// Calls the type's deallocator (`_Py_Dealloc`, Objects/object.c).
///
/// Deallocations nested deeper than [`TRASH_LIMIT`] (a million nested
/// tuples dropped at once) are queued and run once the outermost one
/// returns, so freeing never overflows the native stack: CPython's
/// trashcan (`_PyTrash_thread_deposit_object`), applied to every type.
///
/// # Safety
/// `op` must point to a live object whose reference count just reached
/// zero; it must not be used afterwards.
#[inline]
pub unsafe fn dealloc(op: NonNull<ObjectHeader>) {
    #[cfg(not(loom))]
    {
        let depth = trash::DEPTH.with(core::cell::Cell::get);
        // While the thread's locals are being torn down the queue may be
        // gone: then the deallocation runs at once.
        if depth >= TRASH_LIMIT && trash::LATER.try_with(|l| l.borrow_mut().push(op)).is_ok() {
            return;
        }
        trash::DEPTH.with(|d| d.set(depth + 1));
        // SAFETY: as the caller guarantees.
        unsafe { call_dealloc(op) };
        if depth == 0 {
            // The outermost deallocation runs what deeper ones queued,
            // each starting again at depth one.
            while let Some(next) = trash::LATER.try_with(|l| l.borrow_mut().pop()).ok().flatten() {
                // SAFETY: queued objects reached zero and were not freed.
                unsafe { call_dealloc(next) };
            }
        }
        trash::DEPTH.with(|d| d.set(depth));
    }
    #[cfg(loom)]
    // SAFETY: as the caller guarantees.
    unsafe {
        call_dealloc(op)
    };
}

/// Nesting depth of deallocations beyond which they are queued.
pub const TRASH_LIMIT: u32 = 64;

#[cfg(not(loom))]
mod trash {
    use core::cell::{Cell, RefCell};
    use core::ptr::NonNull;

    use super::ObjectHeader;

    std::thread_local! {
        /// How many deallocations are running on this thread.
        pub static DEPTH: Cell<u32> = const { Cell::new(0) };
        /// Objects whose deallocation was deferred.
        pub static LATER: RefCell<Vec<NonNull<ObjectHeader>>> = const { RefCell::new(Vec::new()) };
    }
}

/// The type's `tp_dealloc` on `op`.
///
/// # Safety
/// As for [`dealloc`].
#[inline]
unsafe fn call_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: the caller guarantees `op` is live, and every object's
    // `ob_type` points at a live TypeHead (types outlive their instances).
    let dealloc = unsafe { (*(*op.as_ptr()).ob_type()).tp_dealloc };
    // SAFETY: the refcount reached zero, as the deallocator requires.
    unsafe { dealloc(op) }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    unsafe fn no_dealloc(_: NonNull<ObjectHeader>) {}
    static TYPE: TypeHead = TypeHead { ob_base: ObjectHeader::new_static(core::ptr::null()), tp_dealloc: no_dealloc };

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_tid), 0);
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_flags), 8);
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_mutex), 10);
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_gc_bits), 11);
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_ref_local), 12);
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_ref_shared), 16);
        assert_eq!(core::mem::offset_of!(ObjectHeader, ob_type), 24);
        assert_eq!(core::mem::size_of::<ObjectHeader>(), 32);
        assert_eq!(core::mem::offset_of!(TypeHead, ob_base), 0);
    }

    #[test]
    fn new_object_is_owned_with_refcount_one() {
        let h = ObjectHeader::new(&TYPE);
        assert!(h.is_owned_by_current_thread());
        assert_eq!(h.refcnt(), 1);
        assert!(h.is_uniquely_referenced());
        let other = std::thread::scope(|s| s.spawn(|| h.is_owned_by_current_thread()).join().unwrap());
        assert!(!other);
        assert!(core::ptr::eq(h.ob_type(), &TYPE));
    }

    #[test]
    fn static_and_set_immortal() {
        assert!(TYPE.ob_base.is_immortal());
        assert_eq!(TYPE.ob_base.refcnt(), IMMORTAL_REFCNT);
        let h = ObjectHeader::new(&TYPE);
        h.set_immortal();
        assert!(h.is_immortal());
        assert_eq!(h.ob_tid.load(Ordering::Relaxed), UNOWNED_TID);
        assert!(h.has_deferred_refcount());
    }

    #[test]
    fn deferred_refcount_adds_reserve() {
        let h = ObjectHeader::new(&TYPE);
        h.set_deferred_refcount();
        assert!(h.has_deferred_refcount());
        assert_eq!(h.refcnt(), 1 + REF_DEFERRED);
    }

    #[test]
    fn maybe_weakref_only_from_default_state() {
        let h = ObjectHeader::new(&TYPE);
        h.set_maybe_weakref();
        assert_eq!(h.ob_ref_shared.load(Ordering::Relaxed), REF_MAYBE_WEAKREF);
        h.ob_ref_shared.store(ref_shared(2, REF_MERGED), Ordering::Relaxed);
        h.set_maybe_weakref();
        assert_eq!(h.ob_ref_shared.load(Ordering::Relaxed), ref_shared(2, REF_MERGED));
    }

    #[test]
    fn gc_bits_set_and_clear() {
        let h = ObjectHeader::new(&TYPE);
        h.set_gc_bits(gc_bits::TRACKED | gc_bits::FINALIZED);
        assert!(h.has_gc_bits(gc_bits::TRACKED));
        h.clear_gc_bits(gc_bits::TRACKED);
        assert!(!h.has_gc_bits(gc_bits::TRACKED));
        assert!(h.has_gc_bits(gc_bits::FINALIZED));
        assert_eq!(gc_bits::DEFERRED, 64);
    }
}
