//! Generic object operations, ported from Objects/object.c
//! (`PyObject_Repr`, `PyObject_Str`, `PyObject_Hash`,
//! `PyObject_RichCompare`, `PyObject_RichCompareBool`, `PyObject_IsTrue`,
//! `PyObject_GetAttr`, `PyObject_SetAttr`, `PyObject_GenericGetAttr`,
//! `PyObject_GenericSetAttr`, `_PyObject_New`/`PyObject_Free`, the `None`
//! and `NotImplemented` singletons) and the free-threaded helpers of
//! Include/internal/pycore_object.h (`_Py_NewRefWithLock`,
//! `_PyObject_GC_SET_SHARED`).

use core::cell::Cell;
use core::ptr::NonNull;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

use rupy_gc::object::{PyObjectLike, gc_bits};
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::dictobject::{self, DictObject};
use crate::objects::boolobject;
use crate::objects::exceptions;
use crate::objects::typeobject::{self, TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};
use crate::state;

/// A Python object seen through its header (`PyObject`). `&PyObject` is a
/// borrowed reference.
pub type PyObject = ObjectHeader;
/// An owned reference to any object.
pub type ObjRef = PyRef<PyObject>;

/// A Rust layout that is the instance layout of one builtin type (and of
/// its subclasses that share it).
pub trait PyClass: PyObjectLike + Sized {
    /// The type whose instances (and subclass instances) have this layout.
    fn type_object() -> &'static TypeObject;
}

/// Views any object layout as its header.
#[inline]
pub fn as_obj<T: PyObjectLike>(op: &T) -> &PyObject {
    // SAFETY: PyObjectLike types start with their ObjectHeader.
    unsafe { &*core::ptr::from_ref(op).cast::<PyObject>() }
}

/// Turns an owned reference of any layout into an untyped one.
#[inline]
pub fn into_obj<T: PyObjectLike>(r: PyRef<T>) -> ObjRef {
    // SAFETY: every layout is an object; ObjectHeader is the widest view.
    unsafe { r.cast::<PyObject>() }
}

/// A new owned reference to `op` (`Py_NewRef`).
#[inline]
pub fn new_ref<T: PyObjectLike>(op: &T) -> ObjRef {
    PyRef::new_ref(as_obj(op))
}

/// The object's type (`Py_TYPE`).
#[inline]
pub fn type_of(op: &PyObject) -> &TypeObject {
    // SAFETY: every object of the runtime has a TypeObject (which starts
    // with its TypeHead) as type, and types outlive their instances.
    unsafe { &*op.ob_type().cast::<TypeObject>() }
}

/// `Py_IS_TYPE`.
#[inline]
pub fn is_type(op: &PyObject, ty: &TypeObject) -> bool {
    core::ptr::eq(type_of(op), ty)
}

/// `PyObject_TypeCheck`: is `op` an instance of `ty` or of a subclass?
#[inline]
pub fn type_check(op: &PyObject, ty: &TypeObject) -> bool {
    is_type(op, ty) || type_of(op).is_subtype(ty)
}

/// Borrows `op` as a `T` if it is an instance of `T`'s type.
#[inline]
pub fn downcast<T: PyClass>(op: &PyObject) -> Option<&T> {
    if type_check(op, T::type_object()) {
        // SAFETY: instances of T's type and its subclasses have layout T.
        Some(unsafe { &*core::ptr::from_ref(op).cast::<T>() })
    } else {
        None
    }
}

/// As [`downcast`] for an owned reference.
pub fn downcast_ref<T: PyClass>(op: ObjRef) -> Result<PyRef<T>, ObjRef> {
    if type_check(&op, T::type_object()) {
        // SAFETY: checked as in `downcast`.
        Ok(unsafe { op.cast::<T>() })
    } else {
        Err(op)
    }
}

/// Are `a` and `b` the same object (`Py_Is`)?
#[inline]
pub fn is(a: &PyObject, b: &PyObject) -> bool {
    core::ptr::eq(a, b)
}

// ---------------------------------------------------------------------
// Allocation (`PyObject_Malloc` / `PyObject_Free`).

/// Counts of allocated and freed objects, per thread; folded into the
/// process totals when the thread exits.
struct AllocCounts {
    allocated: Cell<u64>,
    freed: Cell<u64>,
}

impl Drop for AllocCounts {
    fn drop(&mut self) {
        TOTAL_ALLOCATED.fetch_add(self.allocated.get(), Ordering::Relaxed);
        TOTAL_FREED.fetch_add(self.freed.get(), Ordering::Relaxed);
    }
}

static TOTAL_ALLOCATED: AtomicU64 = AtomicU64::new(0);
static TOTAL_FREED: AtomicU64 = AtomicU64::new(0);
std::thread_local!(static COUNTS: AllocCounts = const { AllocCounts { allocated: Cell::new(0), freed: Cell::new(0) } });

fn count_alloc() {
    if COUNTS.try_with(|c| c.allocated.set(c.allocated.get() + 1)).is_err() {
        TOTAL_ALLOCATED.fetch_add(1, Ordering::Relaxed);
    }
}

fn count_free() {
    if COUNTS.try_with(|c| c.freed.set(c.freed.get() + 1)).is_err() {
        TOTAL_FREED.fetch_add(1, Ordering::Relaxed);
    }
}

/// The memory tracer's hooks (`_PyTraceMalloc_TraceAlloc` / `Untrack`),
/// set once by `_tracemalloc`; called only while [`TRACE_ALLOCATIONS`]
/// is on, so the untraced path costs one relaxed load.
pub struct TraceHooks {
    /// A block of `size` bytes was allocated at the address.
    pub alloc: fn(usize, usize),
    /// The block at the address is being freed.
    pub free: fn(usize),
}

/// Whether the memory tracer is on.
pub static TRACE_ALLOCATIONS: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);
static TRACE_HOOKS: std::sync::OnceLock<TraceHooks> = std::sync::OnceLock::new();

/// Installs the tracer's hooks (the first call wins); tracing starts
/// when [`TRACE_ALLOCATIONS`] is set.
pub fn set_trace_hooks(hooks: TraceHooks) {
    let _ = TRACE_HOOKS.set(hooks);
}

#[cold]
fn trace_alloc(p: *mut u8, size: usize) {
    if let Some(h) = TRACE_HOOKS.get() {
        (h.alloc)(p as usize, size);
    }
}

#[cold]
fn trace_free(p: *mut u8) {
    if let Some(h) = TRACE_HOOKS.get() {
        (h.free)(p as usize);
    }
}

/// Objects allocated and objects whose memory was released so far: the
/// totals of exited threads plus the calling thread's. Memory queued for a
/// delayed free counts once the free runs.
pub fn alloc_stats() -> (u64, u64) {
    let (a, f) = COUNTS.with(|c| (c.allocated.get(), c.freed.get()));
    (TOTAL_ALLOCATED.load(Ordering::Relaxed) + a, TOTAL_FREED.load(Ordering::Relaxed) + f)
}

/// Allocates `size` bytes for an object (`PyObject_Malloc`), raising
/// `MemoryError` on failure. Objects come from mimalloc, as in CPython's
/// free-threaded build: its per-thread heaps let threads allocate and
/// free without contending, and a delayed free needs only the pointer.
pub fn alloc_raw(size: usize) -> PyResult<NonNull<u8>> {
    // SAFETY: mi_malloc has no preconditions; a zero size is never asked
    // (every object has a header).
    let p = unsafe { libmimalloc_sys::mi_malloc(size.max(1)) };
    match NonNull::new(p.cast::<u8>()) {
        Some(p) => {
            count_alloc();
            if TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
                trace_alloc(p.as_ptr(), size);
            }
            Ok(p)
        }
        None => Err(errors::no_memory()),
    }
}

/// Allocates `size` zeroed bytes for an object (`PyType_GenericAlloc`'s
/// zero-filled allocation).
pub fn alloc_zeroed(size: usize) -> PyResult<NonNull<u8>> {
    // SAFETY: mi_zalloc has no preconditions.
    let p = unsafe { libmimalloc_sys::mi_zalloc(size.max(1)) };
    match NonNull::new(p.cast::<u8>()) {
        Some(p) => {
            count_alloc();
            if TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
                trace_alloc(p.as_ptr(), size);
            }
            Ok(p)
        }
        None => Err(errors::no_memory()),
    }
}

/// Does `ty` have collectable instances (`_PyType_IS_GC`)?
#[inline]
pub fn is_gc_type(ty: &TypeObject) -> bool {
    ty.slots.tp_traverse.get().is_some()
}

/// Allocates `size` bytes for an instance of `ty` (`_PyType_AllocNoTrack`):
/// with room for the collector's prefix in front if the type is
/// collectable. Pass the result to [`track_new`] once the header is
/// written.
pub fn alloc_instance(ty: &TypeObject, size: usize, zeroed: bool) -> PyResult<NonNull<u8>> {
    if !is_gc_type(ty) {
        return if zeroed { alloc_zeroed(size) } else { alloc_raw(size) };
    }
    let Some(total) = size.checked_add(rupy_gc::collector::PREFIX_SIZE) else { return Err(errors::no_memory()) };
    let p = if zeroed { alloc_zeroed(total)? } else { alloc_raw(total)? };
    // SAFETY: the allocation is PREFIX_SIZE bytes longer than the object.
    Ok(unsafe { p.add(rupy_gc::collector::PREFIX_SIZE) })
}

/// Hands a new, initialized instance from [`alloc_instance`] to the cycle
/// collector (`_PyObject_GC_TRACK`), scheduling a collection when enough
/// collectable objects were allocated (`_Py_ScheduleGC`).
///
/// # Safety
/// `op` was allocated by [`alloc_instance`] for its current type.
pub unsafe fn track_new(op: &PyObject) {
    if is_gc_type(type_of(op)) && rupy_gc::collector::HAS_GC_PREFIX_FLAG & op.ob_flags.load(Ordering::Relaxed) == 0 {
        // SAFETY: allocated by alloc_instance for this (collectable) type,
        // initialized, and not registered yet (no prefix flag).
        if unsafe { rupy_gc::collector::register(NonNull::from(op)) } {
            crate::state::gc::schedule();
        }
    }
}

/// Moves `value` into a new heap object (`PyObject_New` + init). An
/// instance of a class (whose header names a heap type) gets the class's
/// size and holds a reference to it, as `new_instance` gives.
pub fn new_object<T: PyObjectLike>(value: T) -> PyResult<PyRef<T>> {
    const { assert!(align_of::<T>() <= 16) };
    // SAFETY: a PyObjectLike value starts with its header.
    let ty = type_of(unsafe { &*core::ptr::from_ref(&value).cast::<PyObject>() });
    if ty.has_feature(typeobject::flags::HEAPTYPE) {
        return typeobject::heaptype::new_instance(ty, value);
    }
    let p = alloc_instance(ty, size_of::<T>(), false)?.cast::<T>();
    // SAFETY: p is fresh, big enough and 16-byte aligned (mimalloc's
    // alignment, kept by the 16-byte prefix).
    unsafe { p.as_ptr().write(value) };
    // SAFETY: the new object has refcount one, which we hand out.
    let r = unsafe { PyRef::from_raw(p) };
    // SAFETY: allocated just above for its type.
    unsafe { track_new(r.header()) };
    Ok(r)
}

/// The free function of delayed frees.
unsafe fn free_raw(p: *mut ()) {
    if TRACE_ALLOCATIONS.load(Ordering::Relaxed) {
        trace_free(p.cast());
    }
    // SAFETY: queued by `free_object` with a pointer from `alloc_raw`
    // (or `alloc_zeroed`), both mimalloc's.
    unsafe { libmimalloc_sys::mi_free(p.cast()) };
    count_free();
}

/// Releases an object's memory (`PyObject_Free`). An object that other
/// threads may read lock-free (marked shared, see [`mark_shared`]) is
/// freed through QSBR so a racing reader's refcount check still reads its
/// (dead) header, as mimalloc's QSBR-delayed pages do in CPython.
///
/// # Safety
/// `op` came from [`alloc_raw`], its contents are already dropped and
/// nothing uses it afterwards.
pub unsafe fn free_object(op: NonNull<PyObject>) {
    // SAFETY: the header is still readable (only the body was dropped).
    let h = unsafe { op.as_ref() };
    let shared = h.has_gc_bits(gc_bits::SHARED);
    let start = if h.ob_flags.load(Ordering::Relaxed) & rupy_gc::collector::HAS_GC_PREFIX_FLAG != 0 {
        // SAFETY: a dead object allocated with the prefix.
        unsafe { rupy_gc::collector::unregister(op) }
    } else {
        op.as_ptr().cast()
    };
    // SAFETY: forwarded: nothing else frees this memory.
    unsafe { free_memory(start, shared) };
}

/// Frees `p` from [`alloc_raw`], through QSBR if `use_qsbr`
/// (`free_list_items` / `free_keys_object` / `_PyMem_FreeDelayed`).
/// Without an attached thread state a delayed free cannot be queued; the
/// memory is then leaked rather than risk a racing reader.
///
/// # Safety
/// `p` came from [`alloc_raw`] and is not used by the caller afterwards;
/// with `use_qsbr` false no other thread may still read it.
pub unsafe fn free_memory(p: *mut u8, use_qsbr: bool) {
    if !use_qsbr {
        // SAFETY: forwarded caller contract.
        unsafe { free_raw(p.cast()) };
        return;
    }
    // The memory-model thread state stays current until the very end of
    // thread teardown (its BRC merges free objects too).
    if let Some(ts) = rupy_gc::tstate::current() {
        // SAFETY: the thread state is current; readers that may hold `p`
        // are covered by the QSBR goal.
        unsafe { ts.free_delayed(p.cast(), free_raw) };
    }
}

/// [`dealloc_simple`] for a type whose instances take weak references
/// (`tp_weaklistoffset`): the weak references are cleared (and their
/// callbacks run) first, as `PyObject_ClearWeakRefs` in a C `tp_dealloc`.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead object of layout `T`.
pub unsafe fn dealloc_weakrefable<T: PyObjectLike>(op: NonNull<PyObject>) {
    // SAFETY: the object is dead but its memory is intact.
    crate::objects::weakrefobject::clear_weakrefs(unsafe { op.as_ref() });
    // SAFETY: forwarded caller contract; the fields are dropped once.
    unsafe { dealloc_simple::<T>(op) };
}

/// The deallocator of a layout with no variable part: drops the fields
/// (releasing the references they own) and frees the memory.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead object of layout `T`.
pub unsafe fn dealloc_simple<T: PyObjectLike>(op: NonNull<PyObject>) {
    // SAFETY: the object has layout T and is dead; drop its fields once.
    unsafe { core::ptr::drop_in_place(op.cast::<T>().as_ptr()) };
    // SAFETY: dropped above, not used afterwards.
    unsafe { free_object(op) };
}

/// Marks `op` as readable lock-free by other threads (the per-object use
/// of `_PyObject_GC_SET_SHARED`): its memory will be freed through QSBR.
/// Called on every object stored where lock-free readers look.
#[inline]
pub fn mark_shared(op: &PyObject) {
    if !op.is_immortal() && !op.has_gc_bits(gc_bits::SHARED) {
        op.set_gc_bits(gc_bits::SHARED);
    }
}

/// A new reference taken while holding the lock that protects where `op`
/// is stored (`_Py_NewRefWithLock`): if a shared increment is needed it
/// also sets the maybe-weakref state, so later lock-free readers can
/// take references with `try_incref_compare`.
pub fn new_ref_with_lock(op: &PyObject) -> ObjRef {
    if !rupy_gc::refcount::try_incref_fast(op) {
        let mut shared = op.ob_ref_shared.load(Ordering::Relaxed);
        loop {
            let mut new_shared = shared + (1 << rupy_gc::object::REF_SHARED_SHIFT);
            if shared & rupy_gc::object::REF_SHARED_FLAG_MASK == 0 {
                new_shared |= rupy_gc::object::REF_MAYBE_WEAKREF;
            }
            match op.ob_ref_shared.compare_exchange_weak(shared, new_shared, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => break,
                Err(cur) => shared = cur,
            }
        }
    }
    // SAFETY: we just took this reference.
    unsafe { PyRef::from_raw(NonNull::from(op)) }
}

/// The object's critical-section mutex (`ob_mutex` as a `PyMutex`).
#[inline]
pub fn ob_mutex(op: &PyObject) -> &rupy_sync::PyMutex {
    // SAFETY: PyMutex is #[repr(transparent)] over the same AtomicU8 type
    // as `ob_mutex`, so the cast views the same byte with the same
    // atomic access.
    unsafe { &*core::ptr::from_ref(&op.ob_mutex).cast::<rupy_sync::PyMutex>() }
}

/// Runs `f` inside `op`'s critical section (`Py_BEGIN_CRITICAL_SECTION`).
#[inline]
pub fn critical_section<R>(op: &PyObject, f: impl FnOnce() -> R) -> R {
    rupy_sync::critical_section::with(ob_mutex(op), f)
}

/// Runs `f` inside the critical section of a container its owner reads
/// lock-free (a list or dict). A thread that does not own `op` runs
/// `share` first, which marks the contents shared
/// (`rupy_gc::object::CONTENTS_SHARED_FLAG`): whatever that thread removes
/// or replaces must be freed through QSBR from then on.
pub fn critical_section_sharing<R>(op: &PyObject, share: impl FnOnce(), f: impl FnOnce() -> R) -> R {
    critical_section(op, || {
        if !op.is_owned_by_current_thread() {
            share();
        }
        f()
    })
}

/// A nullable owned reference in a field that threads read lock-free and
/// replace atomically: readers take a reference with `_Py_XGetRef`;
/// stored objects are marked shared, so a replaced one is freed through
/// QSBR.
pub struct ObjSlot(AtomicPtr<PyObject>);

impl ObjSlot {
    /// An empty slot.
    pub const fn empty() -> ObjSlot {
        ObjSlot(AtomicPtr::new(core::ptr::null_mut()))
    }

    /// A slot holding `v` (a plain initialisation: no one else sees the
    /// slot yet).
    pub fn new(v: Option<ObjRef>) -> ObjSlot {
        ObjSlot(AtomicPtr::new(v.map_or(core::ptr::null_mut(), Self::prepare)))
    }

    /// Makes `r` readable lock-free by other threads and hands over its
    /// reference as the pointer to store.
    fn prepare(r: ObjRef) -> *mut PyObject {
        mark_shared(&r);
        // Readers in other threads take references with
        // `try_incref_compare`, which needs the shared state set.
        r.set_maybe_weakref();
        r.into_raw().as_ptr()
    }

    /// A new reference to the content (`_Py_XGetRef`).
    pub fn get(&self) -> Option<ObjRef> {
        // SAFETY: every object stored was marked shared (freed via QSBR)
        // and the caller is attached while it reads.
        unsafe { rupy_gc::refcount::xget_ref(&self.0) }
    }

    /// The content as a raw pointer, for identity tests.
    pub fn peek(&self) -> *const PyObject {
        self.0.load(Ordering::Acquire)
    }

    /// Calls `visit` on the content, if any (`Py_VISIT`).
    pub fn visit(&self, visit: &mut dyn FnMut(&PyObject)) {
        // SAFETY: the slot owns a reference to its content, live while
        // the caller (a traversal) borrows the owner.
        if let Some(o) = unsafe { self.peek().as_ref() } {
            visit(o);
        }
    }

    /// Replaces the content; the old one is released only once every
    /// thread has passed a quiescent state (`_PyObject_XDecRefDelayed`),
    /// so a reader that [`peek`](Self::peek)ed it may keep using it
    /// until its next quiescent state. For instance-dict slots, which
    /// attribute lookups read this way.
    pub fn replace_delayed(&self, v: Option<ObjRef>) {
        let old = self.0.swap(core::ptr::null_mut(), Ordering::AcqRel);
        self.set(v);
        let Some(old) = NonNull::new(old) else { return };
        match rupy_gc::tstate::current() {
            // SAFETY: the slot owned the reference it held, which
            // `decref_raw` consumes once no reader can hold the pointer.
            Some(ts) => unsafe { ts.free_delayed(old.as_ptr().cast(), decref_raw) },
            // SAFETY: as above; without a thread state no Python code
            // (so no borrowing reader) runs on this thread.
            None => drop(unsafe { PyRef::from_raw(old) }),
        }
    }

    /// Replaces the content, releasing the old one.
    pub fn set(&self, v: Option<ObjRef>) {
        let new = v.map_or(core::ptr::null_mut(), Self::prepare);
        let old = self.0.swap(new, Ordering::AcqRel);
        if let Some(old) = NonNull::new(old) {
            // SAFETY: the slot owned the reference it held.
            drop(unsafe { PyRef::from_raw(old) });
        }
    }
}

/// Views borrowed arguments as the `&[ObjRef]` that builtin methods
/// take, without taking references: a shared slice never drops its
/// elements, and a callee that keeps one clones it.
pub fn borrowed_refs<'a>(args: &'a [&'a PyObject]) -> &'a [ObjRef] {
    // SAFETY: `PyRef` is `repr(transparent)` over a non-null pointer to
    // the object, the same representation as `&PyObject`, and each
    // object outlives the borrow `'a`.
    unsafe { core::slice::from_raw_parts(args.as_ptr().cast::<ObjRef>(), args.len()) }
}

/// The free function of [`ObjSlot::replace_delayed`]: drops the
/// reference.
unsafe fn decref_raw(p: *mut ()) {
    // SAFETY: queued by replace_delayed with an owned reference.
    drop(unsafe { PyRef::from_raw(NonNull::new_unchecked(p.cast::<PyObject>())) });
}

impl Drop for ObjSlot {
    fn drop(&mut self) {
        // The owner is going away, so no other thread reads or writes the
        // slot: taking the content needs no atomic swap.
        let old = core::mem::replace(self.0.get_mut(), core::ptr::null_mut());
        if let Some(old) = NonNull::new(old) {
            // SAFETY: the slot owned the reference it held.
            drop(unsafe { PyRef::from_raw(old) });
        }
    }
}

/// A `tp_traverse` for layout `$T` that visits its owning [`ObjSlot`]
/// fields (the first list) and its `ObjRef` / `Vec<ObjRef>` fields (the
/// second), for `TypeSlots { tp_traverse: Some(traverse_fields!(...)) }`.
/// The type must not be used as the base of a layout that does not start
/// with `$T`.
#[macro_export]
macro_rules! traverse_fields {
    ($T:ty { $($slot:ident),* } { $($r:ident),* }) => {{
        fn traverse(v: &$crate::objects::object::PyObject, visit: &mut dyn FnMut(&$crate::objects::object::PyObject)) {
            // SAFETY: a type's tp_traverse runs on its instances and its
            // subtypes', whose layouts start with `$T`.
            let o = unsafe { &*core::ptr::from_ref(v).cast::<$T>() };
            $( o.$slot.visit(visit); )*
            $( $crate::objects::object::VisitRefs::visit_refs(&o.$r, visit); )*
        }
        traverse
    }};
}

/// A `tp_clear` for layout `$T` that empties the given [`ObjSlot`] fields.
#[macro_export]
macro_rules! clear_fields {
    ($T:ty { $($slot:ident),* }) => {{
        fn clear(v: &$crate::objects::object::PyObject) {
            // SAFETY: as in `traverse_fields`.
            let o = unsafe { &*core::ptr::from_ref(v).cast::<$T>() };
            $( o.$slot.set(None); )*
        }
        clear
    }};
}

/// Owned references a traversal visits: one `ObjRef` or each of a
/// `Vec`/boxed slice of them.
pub trait VisitRefs {
    /// Calls `visit` on each reference.
    fn visit_refs(&self, visit: &mut dyn FnMut(&PyObject));
}

impl<T: PyObjectLike> VisitRefs for PyRef<T> {
    fn visit_refs(&self, visit: &mut dyn FnMut(&PyObject)) {
        visit(as_obj(&**self));
    }
}

impl<T: VisitRefs> VisitRefs for [T] {
    fn visit_refs(&self, visit: &mut dyn FnMut(&PyObject)) {
        for r in self {
            r.visit_refs(visit);
        }
    }
}

impl<T: VisitRefs> VisitRefs for Vec<T> {
    fn visit_refs(&self, visit: &mut dyn FnMut(&PyObject)) {
        self.as_slice().visit_refs(visit);
    }
}

impl<T: VisitRefs> VisitRefs for Option<T> {
    fn visit_refs(&self, visit: &mut dyn FnMut(&PyObject)) {
        if let Some(r) = self {
            r.visit_refs(visit);
        }
    }
}

// ---------------------------------------------------------------------
// None and NotImplemented (Objects/object.c).

/// `None`'s type (`_PyNone_Type`).
pub static NONE_TYPE: TypeObject = TypeObject::new_static(
    "NoneType",
    size_of::<PyObject>(),
    typeobject::dealloc_immortal,
    TypeSlots {
        tp_repr: Some(none_repr),
        tp_hash: Some(none_hash),
        tp_getattro: Some(generic_get_attr),
        nb_bool: Some(none_bool),
        tp_new: Some(none_new),
        ..TypeSlots::EMPTY
    },
);

/// The `None` singleton (`_Py_NoneStruct`), immortal.
pub static NONE: PyObject = ObjectHeader::new_static(&raw const NONE_TYPE.head);

/// `NotImplemented`'s type (`_PyNotImplemented_Type`).
pub static NOT_IMPLEMENTED_TYPE: TypeObject = TypeObject::new_static(
    "NotImplementedType",
    size_of::<PyObject>(),
    typeobject::dealloc_immortal,
    TypeSlots {
        tp_repr: Some(notimplemented_repr),
        nb_bool: Some(notimplemented_bool),
        tp_new: Some(notimplemented_new),
        ..TypeSlots::EMPTY
    },
);

/// The `NotImplemented` singleton (`_Py_NotImplementedStruct`).
pub static NOT_IMPLEMENTED: PyObject = ObjectHeader::new_static(&raw const NOT_IMPLEMENTED_TYPE.head);

/// A new reference to `None` (`Py_None`; immortal, so free).
#[inline]
pub fn none() -> ObjRef {
    PyRef::new_ref(&NONE)
}

/// A new reference to `NotImplemented`.
#[inline]
pub fn not_implemented() -> ObjRef {
    PyRef::new_ref(&NOT_IMPLEMENTED)
}

/// Is `op` `None` (`Py_IsNone`)?
#[inline]
pub fn is_none(op: &PyObject) -> bool {
    is(op, &NONE)
}

/// Is `op` `NotImplemented`?
#[inline]
pub fn is_not_implemented(op: &PyObject) -> bool {
    is(op, &NOT_IMPLEMENTED)
}

/// `none_new`: `type(None)()` is `None`.
fn none_new(
    _ty: &TypeObject,
    args: &crate::objects::tupleobject::TupleObject,
    kwds: Option<&crate::objects::dictobject::DictObject>,
) -> PyResult<ObjRef> {
    if !args.as_slice().is_empty() || kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "NoneType takes no arguments"));
    }
    Ok(none())
}

/// `notimplemented_new`: `type(NotImplemented)()` is `NotImplemented`.
fn notimplemented_new(
    _ty: &TypeObject,
    args: &crate::objects::tupleobject::TupleObject,
    kwds: Option<&crate::objects::dictobject::DictObject>,
) -> PyResult<ObjRef> {
    if !args.as_slice().is_empty() || kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "NotImplementedType takes no arguments"));
    }
    Ok(not_implemented())
}

/// `none_repr`.
fn none_repr(_: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static("None")
}

/// `none_hash`: a constant since 3.12.
fn none_hash(_: &PyObject) -> PyResult<isize> {
    Ok(0xFCA8_6420)
}

/// `none_bool`.
fn none_bool(_: &PyObject) -> PyResult<bool> {
    Ok(false)
}

/// `NotImplemented_repr`.
fn notimplemented_repr(_: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static("NotImplemented")
}

/// `notimplemented_bool`: a TypeError since 3.14.
fn notimplemented_bool(_: &PyObject) -> PyResult<bool> {
    Err(errors::set_string(
        exceptions::type_error(),
        "NotImplemented should not be used in a boolean context",
    ))
}

// ---------------------------------------------------------------------
// Generic operations.

/// `PyObject_Repr`: `repr(v)`, checked to be a `str`.
pub fn repr(v: &PyObject) -> PyResult<PyRef<StrObject>> {
    let ty = type_of(v);
    let Some(f) = ty.slots.tp_repr.get() else {
        return unicodeobject::from_string(format!("<{} object at {:p}>", ty.name(), v));
    };
    state::enter_recursive_call(" while getting the repr of an object")?;
    let res = f(v);
    state::leave_recursive_call();
    let res = res?;
    downcast_ref::<StrObject>(res).map_err(|r| {
        errors::set_string(
            exceptions::type_error(),
            &format!("__repr__ returned non-string (type {})", type_of(&r).name()),
        )
    })
}

/// `PyObject_Str`: `str(v)`, checked to be a `str`.
pub fn str(v: &PyObject) -> PyResult<PyRef<StrObject>> {
    if is_type(v, &unicodeobject::STR_TYPE) {
        // SAFETY: checked exact str.
        return Ok(PyRef::new_ref(unsafe { &*core::ptr::from_ref(v).cast::<StrObject>() }));
    }
    let ty = type_of(v);
    let Some(f) = ty.slots.tp_str.get() else {
        return repr(v);
    };
    state::enter_recursive_call(" while getting the str of an object")?;
    let res = f(v);
    state::leave_recursive_call();
    let res = res?;
    downcast_ref::<StrObject>(res).map_err(|r| {
        errors::set_string(
            exceptions::type_error(),
            &format!("__str__ returned non-string (type {})", type_of(&r).name()),
        )
    })
}

/// `PyObject_Hash`; `unhashable type: 'x'` when the type has no hash.
pub fn hash(v: &PyObject) -> PyResult<isize> {
    let ty = type_of(v);
    match ty.slots.tp_hash.get() {
        Some(f) => f(v),
        None => Err(errors::set_string(exceptions::type_error(), &format!("unhashable type: '{}'", ty.tp_name.as_str()))),
    }
}

/// `PyObject_GenericHash` / `_Py_HashPointer`: hash by identity.
pub fn generic_hash(v: &PyObject) -> PyResult<isize> {
    Ok(state::pyhash::hash_pointer(core::ptr::from_ref(v).cast()))
}

/// Rich comparison operators (`Py_LT` ... `Py_GE`), CPython's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum CompareOp {
    /// `<`
    Lt = 0,
    /// `<=`
    Le = 1,
    /// `==`
    Eq = 2,
    /// `!=`
    Ne = 3,
    /// `>`
    Gt = 4,
    /// `>=`
    Ge = 5,
}

impl CompareOp {
    /// The operator with swapped operands (`_Py_SwappedOp`).
    pub fn swapped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }

    /// The operator's symbol (`opstrings`).
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    /// Applies the operator to an ordering (`Py_RETURN_RICHCOMPARE`).
    pub fn test<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CompareOp::Lt => a < b,
            CompareOp::Le => a <= b,
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
            CompareOp::Gt => a > b,
            CompareOp::Ge => a >= b,
        }
    }
}

/// `do_richcompare`: tries the reflected method first if `w`'s type is a
/// proper subclass of `v`'s that overrides it, then `v`'s, then `w`'s;
/// falls back to identity for `==`/`!=`.
fn do_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let vt = type_of(v);
    let wt = type_of(w);
    let mut checked_reverse = false;
    if !core::ptr::eq(vt, wt)
        && wt.is_subtype(vt)
        && let Some(f) = wt.slots.tp_richcompare.get()
    {
        checked_reverse = true;
        let res = f(w, v, op.swapped())?;
        if !is_not_implemented(&res) {
            return Ok(res);
        }
    }
    if let Some(f) = vt.slots.tp_richcompare.get() {
        let res = f(v, w, op)?;
        if !is_not_implemented(&res) {
            return Ok(res);
        }
    }
    if !checked_reverse && let Some(f) = wt.slots.tp_richcompare.get() {
        let res = f(w, v, op.swapped())?;
        if !is_not_implemented(&res) {
            return Ok(res);
        }
    }
    match op {
        CompareOp::Eq => Ok(boolobject::from_bool(is(v, w))),
        CompareOp::Ne => Ok(boolobject::from_bool(!is(v, w))),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                vt.name(),
                wt.name()
            ),
        )),
    }
}

/// `PyObject_RichCompare`.
pub fn rich_compare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    state::enter_recursive_call(" in comparison")?;
    let res = do_richcompare(v, w, op);
    state::leave_recursive_call();
    res
}

/// `PyObject_RichCompareBool`: identity implies equality.
pub fn rich_compare_bool(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<bool> {
    if is(v, w) {
        if op == CompareOp::Eq {
            return Ok(true);
        }
        if op == CompareOp::Ne {
            return Ok(false);
        }
    }
    let res = rich_compare(v, w, op)?;
    if boolobject::is_bool(&res) {
        return Ok(boolobject::is_true_singleton(&res));
    }
    is_true(&res)
}

/// `PyObject_IsTrue`: `nb_bool`, else `mp_length`, else `sq_length`,
/// else true.
pub fn is_true(v: &PyObject) -> PyResult<bool> {
    if boolobject::is_bool(v) {
        return Ok(boolobject::is_true_singleton(v));
    }
    if is_none(v) {
        return Ok(false);
    }
    let slots = &type_of(v).slots;
    if let Some(f) = slots.nb_bool.get() {
        return f(v);
    }
    if let Some(f) = slots.mp_length.get().or(slots.sq_length.get()) {
        return Ok(f(v)? > 0);
    }
    Ok(true)
}

/// `PyObject_GetAttr`; `name` must be a `str`.
pub fn get_attr(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let Some(_) = downcast::<StrObject>(name) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("attribute name must be string, not '{}'", type_of(name).name()),
        ));
    };
    let ty = type_of(v);
    let r = match ty.slots.tp_getattro.get() {
        Some(f) => f(v, name),
        None => Err(no_attribute(v, name)),
    };
    r.map_err(|e| errors::set_attribute_error_context(v, name, e))
}

/// `PyObject_GetAttrString`.
pub fn get_attr_str(v: &PyObject, name: &str) -> PyResult<ObjRef> {
    let name = unicodeobject::intern_str(name)?;
    get_attr(v, &name)
}

/// `PyObject_SetAttr` (`value` `None` deletes).
pub fn set_attr(v: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(_) = downcast::<StrObject>(name) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("attribute name must be string, not '{}'", type_of(name).name()),
        ));
    };
    let ty = type_of(v);
    match ty.slots.tp_setattro.get() {
        Some(f) => f(v, name, value),
        None => {
            let what = if value.is_some() { "assign to" } else { "del" };
            let has = if ty.slots.tp_getattro.get().is_some() { "only read-only" } else { "no" };
            Err(errors::set_string(
                exceptions::type_error(),
                &format!("'{}' object has {has} attributes ({what} .{})", ty.name(), str_lossy(name)),
            ))
        }
    }
}

/// Text of a `str` object for messages (lone surrogates become U+FFFD).
pub fn str_lossy(name: &PyObject) -> String {
    downcast::<StrObject>(name).map_or_else(String::new, StrObject::to_string_lossy)
}

/// The `AttributeError` of a failed lookup (`'T' object has no attribute
/// 'name'`), with its `name` and `obj` set as the generic getattr does.
pub(crate) fn no_attribute(v: &PyObject, name: &PyObject) -> errors::ErrSet {
    let err = errors::set_string(
        exceptions::attribute_error(),
        &format!("'{}' object has no attribute '{}'", type_of(v).name(), str_lossy(name)),
    );
    errors::set_attribute_error_context(v, name, err)
}

/// The instance dict slot of `v`, if its type has one (`tp_dictoffset`).
pub(crate) fn instance_dict_slot(v: &PyObject) -> Option<&ObjSlot> {
    let off = type_of(v).tp_dictoffset;
    if off <= 0 {
        return None;
    }
    // SAFETY: a type with a positive tp_dictoffset has an ObjSlot at that
    // offset in every instance (set by the type's definition).
    Some(unsafe { &*core::ptr::from_ref(v).cast::<u8>().add(off as usize).cast::<ObjSlot>() })
}

/// `_PyObject_GenericGetAttrWithDict`: a data descriptor on the type
/// wins, then the instance dict, then a non-data descriptor or plain class
/// attribute. The lookup is [`generic_get_method`]'s; a method it leaves
/// unbound is bound here.
pub fn generic_get_attr(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let (attr, unbound) = generic_get_method(v, name)?;
    if !unbound {
        return Ok(attr);
    }
    match type_of(&attr).slots.tp_descr_get.get() {
        Some(f) => f(&attr, Some(v), Some(as_obj(type_of(v)))),
        None => Ok(attr),
    }
}

/// `_PyObject_GetMethod` for a type with the generic `__getattribute__`:
/// a method descriptor (a function) found on the type and not shadowed
/// by the instance dict comes back unbound with `true`, so the call
/// passes `v` as `self` without making a bound method; anything else is
/// the attribute itself, as [`generic_get_attr`] finds it.
pub fn generic_get_method(v: &PyObject, name: &PyObject) -> PyResult<(ObjRef, bool)> {
    let ty = type_of(v);
    let descr = ty.lookup(name)?;
    let mut getter = None;
    let mut is_method = false;
    if let Some(d) = &descr {
        let dt = type_of(d);
        if dt.has_feature(typeobject::flags::METHOD_DESCRIPTOR) {
            is_method = true;
        } else {
            getter = dt.slots.tp_descr_get.get();
            if let Some(f) = getter
                && dt.slots.tp_descr_set.get().is_some()
            {
                return Ok((f(d, Some(v), Some(as_obj(ty)))?, false));
            }
        }
    }
    if ty.has_feature(typeobject::flags::INLINE_VALUES) {
        // `_PyObject_TryGetInstanceAttribute`, else the dict (made now if
        // the name is not an exact str, as CPython does).
        let answered = downcast::<StrObject>(name)
            .filter(|_| is_type(name, &unicodeobject::STR_TYPE))
            .and_then(|s| dictobject::try_get_instance_attribute(v, s));
        match answered {
            Some(Some(found)) => return Ok((found, false)),
            Some(None) => {}
            None => {
                let slot = instance_dict_slot(v).ok_or_else(errors::bad_internal_call)?;
                if slot.peek().is_null() {
                    dictobject::materialize_managed_dict(v)?;
                }
                if let Some(found) = lookup_instance_dict(slot, name)? {
                    return Ok((found, false));
                }
            }
        }
    } else if let Some(slot) = instance_dict_slot(v)
        && let Some(found) = lookup_instance_dict(slot, name)?
    {
        return Ok((found, false));
    }
    match descr {
        Some(d) if is_method => Ok((d, true)),
        Some(d) => match getter {
            Some(f) => Ok((f(&d, Some(v), Some(as_obj(ty)))?, false)),
            None => Ok((d, false)),
        },
        None => Err(no_attribute(v, name)),
    }
}

/// `name` in the instance dict held by `slot`. An exact-str name in a
/// table of str keys is looked up on the borrowed dict, with no reference
/// taken: threads reading one shared object's attributes would otherwise
/// all write its dict's reference count. That lookup runs no Python code
/// and reaches no quiescent state, and a dict replaced meanwhile is
/// released only after one ([`ObjSlot::replace_delayed`]), so the borrow
/// stays valid. Anything else takes a reference first.
fn lookup_instance_dict(slot: &ObjSlot, name: &PyObject) -> PyResult<Option<ObjRef>> {
    // SAFETY: the slot's dict is live until the reader's next quiescent
    // state (see above); the caller holds a reference to the slot's owner.
    let Some(borrowed) = (unsafe { slot.peek().as_ref() }) else { return Ok(None) };
    if let Some(d) = downcast::<DictObject>(borrowed)
        && let Some(found) = d.lookup_str_borrowed(name)
    {
        return Ok(found);
    }
    let Some(dict) = slot.get() else { return Ok(None) };
    match downcast::<DictObject>(&dict) {
        Some(d) => d.get_item(name),
        None => Ok(None),
    }
}

/// The dict in `v`'s dict slot, created on first use.
fn dict_in_slot(v: &PyObject, slot: &ObjSlot) -> PyResult<ObjRef> {
    critical_section(v, || -> PyResult<ObjRef> {
        if let Some(d) = slot.get() {
            return Ok(d);
        }
        let d = into_obj(DictObject::new()?);
        slot.set(Some(d.clone()));
        Ok(d)
    })
}

/// `PyObject_GenericGetDict`'s lookup: `v`'s instance dict (created on
/// first use, split over the inline values if its class keeps them),
/// `None` if its type has no dict slot.
pub fn instance_dict(v: &PyObject) -> PyResult<Option<ObjRef>> {
    if type_of(v).has_feature(typeobject::flags::INLINE_VALUES) {
        return dictobject::materialize_managed_dict(v).map(Some);
    }
    match instance_dict_slot(v) {
        Some(slot) => dict_in_slot(v, slot).map(Some),
        None => Ok(None),
    }
}

/// `_PyObject_GenericSetAttrWithDict`: a data descriptor's setter, else
/// the instance dict (created on first use), else AttributeError.
pub fn generic_set_attr(v: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let ty = type_of(v);
    let descr = ty.lookup(name)?;
    if let Some(d) = &descr
        && let Some(f) = type_of(d).slots.tp_descr_set.get()
    {
        return f(d, v, value);
    }
    let Some(slot) = instance_dict_slot(v) else {
        let msg = if descr.is_none() {
            format!(
                "'{}' object has no attribute '{}' and no __dict__ for setting new attributes",
                ty.name(),
                str_lossy(name)
            )
        } else {
            format!("'{}' object attribute '{}' is read-only", ty.name(), str_lossy(name))
        };
        return Err(errors::set_string(exceptions::attribute_error(), &msg));
    };
    if ty.has_feature(typeobject::flags::INLINE_VALUES) {
        return dictobject::store_instance_attribute(v, name, value);
    }
    let dict = dict_in_slot(v, slot)?;
    let Some(d) = downcast::<DictObject>(&dict) else {
        return Err(errors::set_string(exceptions::system_error(), "instance __dict__ is not a dict"));
    };
    dict_store_attr(v, d, name, value)
}

/// Stores (or deletes, with `None`) `name` in `v`'s instance dict `d`;
/// deleting a missing name is an `AttributeError`.
pub(crate) fn dict_store_attr(v: &PyObject, d: &DictObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        Some(val) => d.set_item(name, val),
        None => match d.del_item(name) {
            Err(e) if errors::exception_matches(exceptions::key_error()) => {
                drop(e);
                errors::clear();
                Err(no_attribute(v, name))
            }
            r => r,
        },
    }
}

/// `PyObject_Call` with positional arguments only (`tp_call`).
pub fn call(callable: &PyObject, args: &[&PyObject]) -> PyResult<ObjRef> {
    let ty = type_of(callable);
    let Some(f) = ty.slots.tp_call.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not callable", ty.name()),
        ));
    };
    let tuple = crate::objects::tupleobject::from_slice(args)?;
    state::enter_recursive_call(" while calling a Python object")?;
    let res = f(callable, &tuple, None);
    state::leave_recursive_call();
    res
}
