//! Classes (heap types), ported from Objects/typeobject.c: `type_new`
//! and its helpers (`_PyType_CalculateMetaclass`, `best_base`,
//! `solid_base`, `extra_ivars`, `type_new_slots`, `type_new_descriptors`,
//! `type_new_set_names`, `type_new_init_subclass`), `PyType_GenericAlloc`,
//! `subtype_dealloc`, `type_dealloc`, `type_setattro`, the `type`
//! getsets and `subtype_dict` / `subtype_getweakref`.
//!
//! Instance layout: a class's instances have its solid base's layout,
//! then one [`ObjSlot`] per `__slots__` name (sorted, as CPython), then
//! the `__dict__` slot and the `__weakref__` slot when the class adds
//! them. Every byte past the static base's layout is an `ObjSlot`, so
//! `subtype_dealloc` clears them without knowing which is which. The
//! characters of a str subclass's instance follow that layout.

use core::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicPtr, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef, TypeHead};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{self, GetSetDef};
use crate::objects::dictobject::{self, DictObject};
use crate::objects::object::{self, ObjRef, ObjSlot, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::slotdefs::{self, StaticName};
use crate::objects::typeobject::{OBJECT_TYPE, TYPE_TYPE, TpName, TypeObject, cache, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{exceptions, r#abstract};

/// A class (`PyHeapTypeObject`): the type object, then the names and
/// `__slots__` CPython keeps beside it.
#[repr(C)]
pub struct HeapTypeObject {
    /// The type.
    pub ty: TypeObject,
    /// `ht_name`: `__name__` (a `str`).
    ht_name: ObjSlot,
    /// `ht_qualname`: `__qualname__` (a `str`).
    ht_qualname: ObjSlot,
    /// `ht_slots`: the `__slots__` names as a tuple, if any.
    ht_slots: ObjSlot,
    /// The text `tp_name` points into.
    name_buf: Box<str>,
    /// `ht_cached_keys`: the attribute names of instances that keep their
    /// values inline (`Py_TPFLAGS_INLINE_VALUES`).
    ht_cached_keys: Option<Arc<dictobject::SharedKeys>>,
}

// SAFETY: #[repr(C)], starting with a TypeObject.
unsafe impl PyObjectLike for HeapTypeObject {}

impl HeapTypeObject {
    /// Views a heap type (`Py_TPFLAGS_HEAPTYPE`) as its full layout.
    pub fn of(ty: &TypeObject) -> Option<&HeapTypeObject> {
        if !ty.has_feature(flags::HEAPTYPE) {
            return None;
        }
        // SAFETY: only `type_new` makes heap types, always with this
        // layout (a metaclass adds ObjSlots after it).
        Some(unsafe { &*core::ptr::from_ref(ty).cast::<HeapTypeObject>() })
    }

    /// The shared keys of instances with inline values.
    pub(crate) fn cached_keys(&self) -> Option<&Arc<dictobject::SharedKeys>> {
        self.ht_cached_keys.as_ref()
    }
}

/// The Python function type, registered by the evaluation loop: class
/// bodies' `__new__`, `__init_subclass__` and `__class_getitem__`
/// functions get wrapped (staticmethod, classmethod) when they are of
/// this type.
static FUNCTION_TYPE: AtomicPtr<TypeObject> = AtomicPtr::new(core::ptr::null_mut());

/// Registers the type of Python functions (`PyFunction_Type`).
pub fn register_function_type(ty: &'static TypeObject) {
    FUNCTION_TYPE.store(core::ptr::from_ref(ty).cast_mut(), Ordering::Release);
}

/// `PyFunction_Check`.
fn is_function(v: &PyObject) -> bool {
    let f = FUNCTION_TYPE.load(Ordering::Acquire);
    !f.is_null() && core::ptr::eq(type_of(v), f.cast_const())
}

/// `PyType_GenericAlloc` (with `_PyObject_Init`): a zero-filled instance
/// of `ty`'s basic size, owned by the caller; an instance of a heap type
/// holds a reference to it. Every field past the header must be valid as
/// all-zero bytes in the layout `T`.
///
/// # Safety
/// `T` is the layout of `ty`'s instances up to `size_of::<T>()` and all
/// of its fields after the header are valid when zeroed.
pub unsafe fn generic_alloc<T: PyObjectLike>(ty: &TypeObject) -> PyResult<PyRef<T>> {
    debug_assert!(ty.tp_basicsize >= size_of::<T>());
    let (size, capacity) = dictobject::alloc_size(ty, ty.tp_basicsize);
    let p = object::alloc_instance(ty, size, true)?.cast::<T>();
    if ty.has_feature(flags::HEAPTYPE) {
        core::mem::forget(object::new_ref(ty));
    }
    // SAFETY: fresh zeroed memory of tp_basicsize bytes; only the header
    // needs writing (caller's contract for the rest).
    unsafe { p.as_ptr().cast::<ObjectHeader>().write(ObjectHeader::new(&ty.head)) };
    // SAFETY: initialized above; the single reference is ours.
    let r: PyRef<T> = unsafe { PyRef::from_raw(p) };
    // SAFETY: allocated zeroed with the size alloc_size gave.
    unsafe { dictobject::init_inline_values(r.header(), capacity) };
    // SAFETY: allocated by alloc_instance for `ty`.
    unsafe { object::track_new(r.header()) };
    Ok(r)
}

/// An instance of `ty` (the static type of layout `T` or a class derived
/// from it) holding `value`, whose header must name `ty`: the static
/// base's fields are written whole and a class's added slots start empty
/// (`type->tp_alloc` then the constructor's field stores).
pub fn new_instance<T: PyObjectLike>(ty: &TypeObject, value: T) -> PyResult<PyRef<T>> {
    debug_assert!(ty.tp_basicsize >= size_of::<T>());
    debug_assert!(core::ptr::eq(value_type(&value), ty));
    let (size, capacity) = dictobject::alloc_size(ty, ty.tp_basicsize.max(size_of::<T>()));
    let p = object::alloc_instance(ty, size, true)?.cast::<T>();
    if ty.has_feature(flags::HEAPTYPE) {
        core::mem::forget(object::new_ref(ty));
    }
    // SAFETY: fresh zeroed memory at least as large as T; the bytes past
    // T are the class's slots, valid when zero.
    unsafe { p.as_ptr().write(value) };
    // SAFETY: initialized above; the single reference is ours.
    let r: PyRef<T> = unsafe { PyRef::from_raw(p) };
    // SAFETY: allocated zeroed with the size alloc_size gave.
    unsafe { dictobject::init_inline_values(r.header(), capacity) };
    // SAFETY: allocated by alloc_instance for `ty`.
    unsafe { object::track_new(r.header()) };
    Ok(r)
}

/// The type named in `value`'s header.
fn value_type<T: PyObjectLike>(value: &T) -> &TypeObject {
    // SAFETY: a PyObjectLike value starts with its ObjectHeader.
    type_of(unsafe { &*core::ptr::from_ref(value).cast::<PyObject>() })
}

/// The nearest static (non-heap) type along the `tp_base` chain: it owns
/// the instance layout up to its basic size.
pub(crate) fn static_base(ty: &TypeObject) -> &TypeObject {
    let mut t = ty;
    while t.has_feature(flags::HEAPTYPE) {
        match t.base() {
            Some(b) => t = b,
            None => break,
        }
    }
    t
}

/// Rounds a size up to the alignment of an `ObjSlot`.
fn align_slot(n: usize) -> usize {
    n.next_multiple_of(align_of::<ObjSlot>())
}

/// `subtype_dealloc`: clears the slots a class added to its static base's
/// layout (members, dict, weakref), then lets the static base free the
/// object, then releases the class.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead instance of a heap type.
pub unsafe fn subtype_dealloc(op: NonNull<PyObject>) {
    // SAFETY: the object is dead but its memory and type are intact.
    let ty = type_of(unsafe { op.as_ref() });
    // SAFETY: as above; the deallocation runs on this thread.
    if unsafe { call_finalizer_from_dealloc(op) } {
        // Resurrected: the finalizer stored a reference somewhere.
        return;
    }
    // SAFETY: as above.
    crate::objects::weakrefobject::clear_weakrefs(unsafe { op.as_ref() });
    // SAFETY: as above.
    dictobject::clear_inline_values(unsafe { op.as_ref() });
    let base = static_base(ty);
    let mut off = align_slot(base.tp_basicsize);
    while off + size_of::<ObjSlot>() <= ty.tp_basicsize {
        // SAFETY: every byte past the static base's layout up to the
        // class's basic size is an ObjSlot (see the module doc); the
        // object is dead, so its slot is emptied by dropping it (no atomic
        // swap) and never read again before the memory is freed.
        unsafe { core::ptr::drop_in_place(op.as_ptr().cast::<u8>().add(off).cast::<ObjSlot>()) };
        off += size_of::<ObjSlot>();
    }
    let ty_ref = NonNull::from(ty);
    // SAFETY: the static base's deallocator frees its own layout; the
    // memory was allocated for the (larger) class size with malloc, which
    // free releases whatever the size.
    unsafe { (base.head.tp_dealloc)(op) };
    // SAFETY: the instance held a reference to its class (generic_alloc).
    drop(unsafe { PyRef::from_raw(ty_ref) });
}

/// The owning slots a class added past its static base's layout: all of
/// them but the weak-reference list head, a plain pointer.
fn added_slots(op: &PyObject) -> impl Iterator<Item = &ObjSlot> {
    let ty = type_of(op);
    let weaklist = usize::try_from(ty.tp_weaklistoffset).ok();
    let start = align_slot(static_base(ty).tp_basicsize);
    (start..ty.tp_basicsize.saturating_sub(size_of::<ObjSlot>() - 1))
        .step_by(size_of::<ObjSlot>())
        .filter(move |&off| Some(off) != weaklist)
        // SAFETY: every byte past the static base's layout up to the
        // class's basic size is an ObjSlot (see the module doc).
        .map(move |off| unsafe { &*core::ptr::from_ref(op).cast::<u8>().add(off).cast::<ObjSlot>() })
}

/// `subtype_traverse`: the class's slots (`__slots__` members and the
/// `__dict__`), then the static base's fields.
fn subtype_traverse(op: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    // An instance of a class holds a reference to it.
    visit(as_obj(type_of(op)));
    dictobject::visit_inline_values(op, visit);
    for slot in added_slots(op) {
        slot.visit(visit);
    }
    if let Some(t) = static_base(type_of(op)).slots.tp_traverse.get() {
        t(op, visit);
    }
}

/// `subtype_clear`: empties the class's slots, then the static base's.
fn subtype_clear(op: &PyObject) {
    dictobject::clear_inline_values(op);
    for slot in added_slots(op) {
        slot.set(None);
    }
    if let Some(c) = static_base(type_of(op)).slots.tp_clear.get() {
        c(op);
    }
}

static DEL: super::slotdefs::StaticName = super::slotdefs::StaticName::new("__del__");

/// The class's `__del__`, if it has one and `obj` was not finalized yet.
fn pending_finalizer(obj: &PyObject) -> Option<ObjRef> {
    if obj.has_gc_bits(rupy_gc::object::gc_bits::FINALIZED) {
        return None;
    }
    let Ok(name) = DEL.get() else {
        errors::clear();
        return None;
    };
    match type_of(obj).lookup(name) {
        Ok(del) => del,
        Err(_) => {
            errors::clear();
            None
        }
    }
}

/// `PyObject_CallFinalizer` with `slot_tp_finalize`: calls `__del__` once
/// per object (PEP 442); an error is reported as unraisable and the
/// exception being handled is kept. False if there was nothing to call.
/// The caller holds a reference to `obj`.
pub fn call_finalizer(obj: &PyObject) -> bool {
    let Some(del) = pending_finalizer(obj) else { return false };
    obj.set_gc_bits(rupy_gc::object::gc_bits::FINALIZED);
    let saved = errors::take_raised();
    let res = match DEL.get().and_then(|name| super::slotdefs::lookup_maybe_method(obj, name)) {
        Ok(Some((f, unbound))) => {
            if unbound { object::call(&f, &[obj]) } else { object::call(&f, &[]) }.map(drop)
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    if let Err(e) = res {
        drop(e);
        let what = object::repr(&del).map(|r| r.to_string_lossy());
        let msg = match what {
            Ok(w) => format!("Exception ignored while calling deallocator {w}"),
            Err(e) => {
                drop(e);
                "Exception ignored while calling deallocator".to_owned()
            }
        };
        crate::errors::traceback::format_unraisable(Some(&msg), None);
    }
    if let Some(exc) = saved {
        let _ = errors::set_raised(exc);
    }
    true
}

/// `PyObject_CallFinalizerFromDealloc`: runs [`call_finalizer`] on a dead
/// object temporarily given a reference. True if the object was
/// resurrected, so the deallocation must stop.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead instance being deallocated on this
/// thread.
unsafe fn call_finalizer_from_dealloc(op: NonNull<PyObject>) -> bool {
    // SAFETY: the object is dead but its memory and type are intact.
    let obj = unsafe { op.as_ref() };
    if pending_finalizer(obj).is_none() {
        return false;
    }
    // SAFETY: the deallocator runs on this thread and has freed nothing.
    unsafe { rupy_gc::refcount::resurrect_start(op) };
    call_finalizer(obj);
    // SAFETY: follows resurrect_start on this thread.
    unsafe { rupy_gc::refcount::resurrect_end(op) }
}

/// `type_traverse`: what a class owns (its dict, bases, MRO, names and
/// `__slots__`). Static types are immortal and never collected; visiting
/// them (for `gc.get_referents`) only reads.
pub(crate) fn type_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Some(ty) = downcast::<TypeObject>(v) else { return };
    ty.tp_dict.visit(visit);
    ty.tp_bases.visit(visit);
    ty.tp_mro.visit(visit);
    if let Some(h) = HeapTypeObject::of(ty) {
        h.ht_name.visit(visit);
        h.ht_qualname.visit(visit);
        h.ht_slots.visit(visit);
    }
}

/// `type_clear`: invalidates the class's cache entries, empties its dict
/// and drops its MRO (which holds the class itself), breaking the
/// cycles every class is in.
pub(crate) fn type_clear(v: &PyObject) {
    let Some(ty) = downcast::<TypeObject>(v) else { return };
    if !ty.has_feature(flags::HEAPTYPE) {
        return;
    }
    cache::with_type_lock(|| super::type_modified(ty));
    if let Some(d) = ty.tp_dict.get().as_deref().and_then(downcast::<DictObject>) {
        d.clear();
    }
    ty.tp_mro.set(None);
}

/// `type_dealloc`: frees a class (static types are immortal and never
/// get here): unregisters it from its bases, clears what it owns and
/// frees it. A class whose metatype is itself a class gets here through
/// `subtype_dealloc`, which has cleared the metatype's added slots and
/// releases the metatype afterwards.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead heap type.
pub unsafe fn type_dealloc(op: NonNull<PyObject>) {
    // SAFETY: a dead object whose memory is intact.
    let ty = unsafe { &*op.as_ptr().cast::<TypeObject>() };
    // Leave the bases' subclass lists first, so that no weakref callback
    // finds the dying class through `__subclasses__()`.
    let addr = core::ptr::from_ref(ty) as usize;
    cache::with_type_lock(|| {
        if let Some(bases) = ty.tp_bases.get().as_deref().and_then(downcast::<TupleObject>) {
            for b in bases.as_slice() {
                if let Some(bt) = downcast::<TypeObject>(b) {
                    bt.tp_subclasses.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|&s| s != addr);
                }
            }
        }
    });
    // SAFETY: as above.
    crate::objects::weakrefobject::clear_weakrefs(unsafe { op.as_ref() });
    // SAFETY: heap types have the HeapTypeObject layout; drop it once.
    unsafe { core::ptr::drop_in_place(op.as_ptr().cast::<HeapTypeObject>()) };
    // SAFETY: dropped above; not used afterwards.
    unsafe { object::free_object(op) };
}

// ---------------------------------------------------------------------
// type_new.

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn as_type(o: &PyObject) -> Option<&TypeObject> {
    downcast::<TypeObject>(o)
}

/// `_PyType_CalculateMetaclass`: the most derived metaclass of
/// `metatype` and the bases' types.
pub fn calculate_metaclass<'a>(metatype: &'a TypeObject, bases: &'a [ObjRef]) -> PyResult<&'a TypeObject> {
    let mut winner = metatype;
    for b in bases {
        let t = type_of(b);
        if winner.is_subtype(t) {
            continue;
        }
        if t.is_subtype(winner) {
            winner = t;
            continue;
        }
        return Err(type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// `extra_ivars`: does `ty` add instance fields to `base`, not counting a
/// `__dict__`/`__weakref__` slot a class appended? CPython keeps a
/// class's instance dict before the object (`Py_TPFLAGS_MANAGED_DICT`),
/// outside the basic size even of a type with items; rupy's dict slot is
/// in the layout, so it is discounted for those too.
fn extra_ivars(ty: &TypeObject, base: &TypeObject) -> bool {
    let mut t_size = ty.tp_basicsize;
    let b_size = base.tp_basicsize;
    let heap = ty.has_feature(flags::HEAPTYPE);
    let w = size_of::<ObjSlot>();
    if heap && ty.tp_weaklistoffset != 0 && base.tp_weaklistoffset == 0 && ty.tp_weaklistoffset as usize + w == t_size {
        t_size -= w;
    }
    if heap && ty.tp_dictoffset != 0 && base.tp_dictoffset == 0 && ty.tp_dictoffset as usize + w == t_size {
        t_size -= w;
    }
    align_slot(t_size) != align_slot(b_size) || ty.tp_itemsize != base.tp_itemsize
}

/// `solid_base`: the nearest base that fixes the instance layout.
fn solid_base(ty: &TypeObject) -> &TypeObject {
    let base = match ty.base() {
        Some(b) => solid_base(b),
        None => &OBJECT_TYPE,
    };
    if extra_ivars(ty, base) { ty } else { base }
}

/// `object_set_class`: `obj.__class__ = cls`, allowed between classes
/// (or module subclasses) whose instances have the same layout
/// (`compatible_for_assignment`: same static base, size, dict and
/// weakref slots and `__slots__` names). The instance's reference moves
/// from the old class to the new one.
pub(crate) fn object_set_class(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(value) = value else { return Err(type_error("can't delete __class__ attribute")) };
    let Some(newto) = as_type(value) else {
        return Err(type_error(&format!(
            "__class__ must be set to a class, not '{}' object",
            type_of(value).name()
        )));
    };
    let oldto = type_of(v);
    let module = &crate::objects::moduleobject::MODULE_TYPE;
    let both_modules = newto.is_subtype(module) && oldto.is_subtype(module);
    if !both_modules && (!newto.has_feature(flags::HEAPTYPE) || !oldto.has_feature(flags::HEAPTYPE)) {
        return Err(type_error("__class__ assignment only supported for mutable types or ModuleType subclasses"));
    }
    let slots = |t: &TypeObject| HeapTypeObject::of(t).and_then(|h| h.ht_slots.get());
    let same_slots = match (slots(oldto), slots(newto)) {
        (None, None) => true,
        (Some(a), Some(b)) => object::rich_compare_bool(&a, &b, object::CompareOp::Eq)?,
        _ => false,
    };
    let compatible = core::ptr::eq(static_base(oldto), static_base(newto))
        && oldto.tp_basicsize == newto.tp_basicsize
        && oldto.tp_itemsize == newto.tp_itemsize
        && oldto.tp_dictoffset == newto.tp_dictoffset
        && oldto.tp_weaklistoffset == newto.tp_weaklistoffset
        && oldto.has_feature(flags::INLINE_VALUES) == newto.has_feature(flags::INLINE_VALUES)
        && same_slots;
    if !compatible {
        return Err(type_error(&format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            newto.tp_name, oldto.tp_name
        )));
    }
    // The new class's shared keys index values differently.
    dictobject::detach_inline_values(v)?;
    if newto.has_feature(flags::HEAPTYPE) {
        core::mem::forget(object::new_ref(newto));
    }
    v.set_type(&newto.head);
    if oldto.has_feature(flags::HEAPTYPE) {
        // SAFETY: the instance held a reference to its old class.
        drop(unsafe { PyRef::from_raw(NonNull::from(oldto)) });
    }
    Ok(())
}

/// Removes `name` from a class's own dict without going through its
/// descriptors (`PyDict_Pop` on the type dict, then `PyType_Modified`),
/// as `type_set_annotations` does for the `__annotations__` entry whose
/// name is also the metatype's data descriptor. True if it was there.
pub(crate) fn type_dict_pop(t: &TypeObject, name: &PyObject) -> PyResult<bool> {
    let dict = t.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
    cache::with_type_lock(|| {
        cache::type_modified(t);
        if d.get_item(name)?.is_none() {
            return Ok(false);
        }
        d.del_item(name)?;
        Ok(true)
    })
}

/// `best_base`: the base whose solid base is the most derived; the bases'
/// layouts must lie on one chain.
fn best_base(bases: &[ObjRef]) -> PyResult<&TypeObject> {
    let mut base: Option<&TypeObject> = None;
    let mut winner: Option<&TypeObject> = None;
    for b in bases {
        let Some(bt) = as_type(b) else { return Err(type_error("bases must be types")) };
        if !bt.has_feature(flags::BASETYPE) {
            return Err(type_error(&format!("type '{}' is not an acceptable base type", bt.tp_name)));
        }
        let candidate = solid_base(bt);
        match winner {
            None => {
                winner = Some(candidate);
                base = Some(bt);
            }
            Some(w) if w.is_subtype(candidate) => {}
            Some(w) if candidate.is_subtype(w) => {
                winner = Some(candidate);
                base = Some(bt);
            }
            Some(_) => return Err(type_error("multiple bases have instance lay-out conflict")),
        }
    }
    base.ok_or_else(|| type_error("bases must be types"))
}

/// `_Py_Mangle` for a `__slots__` name: `__x` in class `C` is `_C__x`.
fn mangle(class_name: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_owned();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_owned();
    }
    format!("_{stripped}{name}")
}

/// Is `s` a Python identifier (`PyUnicode_IsIdentifier`, ASCII-exact,
/// letters-or-underscore otherwise)?
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The parsed `__slots__`: member names (mangled, sorted) and whether
/// `__dict__` / `__weakref__` were listed.
struct SlotsSpec {
    names: Vec<PyRef<StrObject>>,
    add_dict: bool,
    add_weak: bool,
}

/// `type_new_visit_slots` / `type_new_copy_slots`.
fn parse_slots(slots: &PyObject, name: &str, base: &TypeObject, dict: &DictObject) -> PyResult<SlotsSpec> {
    let items: Vec<ObjRef> = if downcast::<StrObject>(slots).is_some() {
        vec![object::new_ref(slots)]
    } else {
        r#abstract::collect(slots)?
    };
    let mut spec = SlotsSpec { names: Vec::new(), add_dict: false, add_weak: false };
    if !items.is_empty() && base.tp_itemsize != 0 {
        return Err(type_error(&format!("nonempty __slots__ not supported for subtype of '{}'", base.tp_name)));
    }
    for it in &items {
        let Some(s) = downcast::<StrObject>(it) else {
            return Err(type_error(&format!("__slots__ items must be strings, not '{}'", type_of(it).name())));
        };
        let text = s.to_string_lossy();
        if !is_identifier(&text) {
            return Err(type_error("__slots__ must be identifiers"));
        }
        if text == "__dict__" {
            if base.tp_dictoffset != 0 || spec.add_dict {
                return Err(type_error("__dict__ slot disallowed: we already got one"));
            }
            spec.add_dict = true;
            continue;
        }
        if text == "__weakref__" {
            if base.tp_weaklistoffset != 0 || spec.add_weak {
                return Err(type_error("__weakref__ slot disallowed: we already got one"));
            }
            spec.add_weak = true;
            continue;
        }
        let mangled = mangle(name, &text);
        let key = unicodeobject::intern(unicodeobject::from_str(&mangled)?);
        if dict.get_item(&key)?.is_some() && !(mangled == "__qualname__" || mangled == "__classcell__") {
            return Err(errors::set_string(
                exceptions::value_error(),
                &format!("'{text}' in __slots__ conflicts with class variable"),
            ));
        }
        if spec.names.iter().any(|n| n.to_string_lossy() == mangled) {
            continue;
        }
        let Ok(key) = object::downcast_ref::<StrObject>(key) else { return Err(errors::bad_internal_call()) };
        spec.names.push(key);
    }
    spec.names.sort_by(|a, b| a.compare(b));
    Ok(spec)
}

macro_rules! names {
    ($($id:ident = $s:literal;)*) => { $( static $id: StaticName = StaticName::new($s); )* };
}

names! {
    SLOTS = "__slots__"; QUALNAME = "__qualname__"; CLASSCELL = "__classcell__"; CLASSDICTCELL = "__classdictcell__";
    DOC = "__doc__"; NEW = "__new__"; INIT_SUBCLASS = "__init_subclass__"; CLASS_GETITEM = "__class_getitem__";
    SET_NAME = "__set_name__"; CELL_CONTENTS = "cell_contents"; DICT = "__dict__"; WEAKREF = "__weakref__";
    MODULE = "__module__"; NAME = "__name__"; TYPE_PARAMS = "__type_params__";
}

/// `type_new`: `type(name, bases, dict, **kwds)`.
pub(crate) fn type_new(metatype: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = args.as_slice();
    if a.len() != 3 {
        return Err(type_error(&format!("type.__new__() takes exactly 3 arguments ({} given)", a.len())));
    }
    let Some(name) = downcast::<StrObject>(&a[0]) else {
        return Err(type_error(&format!("type.__new__() argument 1 must be str, not {}", type_of(&a[0]).name())));
    };
    let Some(bases) = downcast::<TupleObject>(&a[1]) else {
        return Err(type_error(&format!("type.__new__() argument 2 must be tuple, not {}", type_of(&a[1]).name())));
    };
    let Some(orig_dict) = downcast::<DictObject>(&a[2]) else {
        return Err(type_error(&format!("type.__new__() argument 3 must be dict, not {}", type_of(&a[2]).name())));
    };
    let winner = calculate_metaclass(metatype, bases.as_slice())?;
    if !core::ptr::eq(winner, metatype)
        && let Some(new) = winner.slots.tp_new.get()
        && !core::ptr::fn_addr_eq(new, type_new as super::NewFunc)
    {
        return new(winner, args, kwds);
    }
    let metatype = winner;
    let object_base = tupleobject::from_slice(&[as_obj(&OBJECT_TYPE)])?;
    let bases: &TupleObject = if bases.is_empty() { &object_base } else { bases };
    for (i, b) in bases.as_slice().iter().enumerate() {
        let Some(_) = as_type(b) else {
            return Err(type_error("bases must be types"));
        };
        if bases.as_slice()[..i].iter().any(|o| object::is(o, b)) {
            return Err(type_error(&format!("duplicate base class {}", as_type(b).map_or("", |t| t.name()))));
        }
    }
    let base = best_base(bases.as_slice())?;
    let name_text = name.to_string_lossy();
    if name_text.contains('\0') {
        return Err(errors::set_string(exceptions::value_error(), "type name must not contain null characters"));
    }

    // The class dict: a copy of the namespace.
    let dict = DictObject::new()?;
    for (k, v) in orig_dict.items() {
        dict.set_item(&k, &v)?;
    }
    // `type_new_set_module`: the caller's module unless the namespace
    // names one.
    if dict.get_item(MODULE.get()?)?.is_none()
        && let Some(globals) = crate::builtins::introspect::current_globals()
        && let Some(module) = globals.get_item(NAME.get()?)?
    {
        dict.set_item(MODULE.get()?, &module)?;
    }

    // Layout.
    let slots_obj = dict.get_item(SLOTS.get()?)?;
    let (members, mut add_dict, mut add_weak) = match &slots_obj {
        None => (Vec::new(), base.tp_dictoffset == 0, base.tp_weaklistoffset == 0 && base.tp_itemsize == 0),
        Some(s) => {
            let spec = parse_slots(s, &name_text, base, &dict)?;
            (spec.names, spec.add_dict, spec.add_weak)
        }
    };
    if core::ptr::eq(static_base(base), &TYPE_TYPE) || base.is_subtype(&TYPE_TYPE) {
        if !members.is_empty() {
            return Err(type_error("nonempty __slots__ not supported for subtype of 'type'"));
        }
        add_dict = false;
        add_weak = false;
    }
    let mut size = align_slot(base.tp_basicsize);
    let first_member = size;
    size += members.len() * size_of::<ObjSlot>();
    let dictoffset = if add_dict {
        size += size_of::<ObjSlot>();
        (size - size_of::<ObjSlot>()) as isize
    } else {
        base.tp_dictoffset
    };
    let weaklistoffset = if add_weak {
        size += size_of::<ObjSlot>();
        (size - size_of::<ObjSlot>()) as isize
    } else {
        base.tp_weaklistoffset
    };

    // `__qualname__`.
    let qualname: ObjRef = match dict.get_item(QUALNAME.get()?)? {
        Some(q) => {
            if downcast::<StrObject>(&q).is_none() {
                return Err(type_error(&format!("type __qualname__ must be a str, not {}", type_of(&q).name())));
            }
            dict.del_item(QUALNAME.get()?)?;
            q
        }
        None => object::new_ref(name),
    };
    if dict.get_item(DOC.get()?)?.is_none() {
        dict.set_item(DOC.get()?, &object::NONE)?;
    }
    // Implicit staticmethod / classmethods.
    if let Some(f) = dict.get_item(NEW.get()?)?
        && is_function(&f)
    {
        dict.set_item(NEW.get()?, &*descrobject::new_staticmethod(&f)?)?;
    }
    for n in [&INIT_SUBCLASS, &CLASS_GETITEM] {
        if let Some(f) = dict.get_item(n.get()?)?
            && is_function(&f)
        {
            dict.set_item(n.get()?, &*descrobject::new_classmethod(&f)?)?;
        }
    }

    // Allocate the type.
    if metatype.tp_basicsize < size_of::<HeapTypeObject>() {
        return Err(errors::bad_internal_call());
    }
    let p = object::alloc_instance(metatype, metatype.tp_basicsize, true)?.cast::<HeapTypeObject>();
    let name_buf: Box<str> = name_text.into_boxed_str();
    let base_flags = base.flags();
    let inherited = base_flags
        & (flags::LONG_SUBCLASS
            | flags::LIST_SUBCLASS
            | flags::TUPLE_SUBCLASS
            | flags::BYTES_SUBCLASS
            | flags::UNICODE_SUBCLASS
            | flags::DICT_SUBCLASS
            | flags::BASE_EXC_SUBCLASS
            | flags::TYPE_SUBCLASS
            | flags::PREHEADER);
    // `type_new_descriptors` / `type_ready_managed_dict`: a class that
    // adds the instance dict manages it; with no variable part its
    // instances keep their attribute values inline.
    let managed = if add_dict && base.tp_dictoffset == 0 { flags::MANAGED_DICT } else { inherited & flags::MANAGED_DICT };
    let weak = if add_weak && base.tp_weaklistoffset == 0 { flags::MANAGED_WEAKREF } else { 0 };
    // A str subclass's characters follow its layout where the values
    // would go (`unicodeobject::new_subtype`).
    let inline = if managed != 0 && base.tp_itemsize == 0 && base_flags & flags::UNICODE_SUBCLASS == 0 {
        flags::INLINE_VALUES
    } else {
        0
    };
    let mut ty = TypeObject::new_static("", size, subtype_dealloc, super::TypeSlots::EMPTY);
    ty.head = TypeHead { ob_base: ObjectHeader::new(&metatype.head), tp_dealloc: subtype_dealloc };
    ty.tp_name = TpName(&raw const *name_buf);
    ty.tp_itemsize = base.tp_itemsize;
    // `type_new_alloc`: every class is collectable.
    ty.tp_flags = core::sync::atomic::AtomicU64::new(
        flags::DEFAULT | flags::HEAPTYPE | flags::BASETYPE | flags::HAVE_GC | inherited | managed | weak | inline,
    );
    ty.tp_base = base;
    ty.tp_dictoffset = dictoffset;
    ty.tp_weaklistoffset = weaklistoffset;
    let heap = HeapTypeObject {
        ty,
        ht_name: ObjSlot::new(Some(object::new_ref(name))),
        ht_qualname: ObjSlot::new(Some(qualname)),
        ht_slots: ObjSlot::empty(),
        name_buf,
        ht_cached_keys: (inline != 0).then(dictobject::SharedKeys::new),
    };
    if metatype.has_feature(flags::HEAPTYPE) {
        core::mem::forget(object::new_ref(metatype));
    }
    // SAFETY: fresh allocation of at least HeapTypeObject's size (checked
    // above); the metatype's extra bytes stay zero (empty ObjSlots).
    unsafe { p.as_ptr().write(heap) };
    // SAFETY: initialized; the single reference is ours. On any error
    // below, dropping it runs type_dealloc.
    let heap = unsafe { PyRef::from_raw(p) };
    // SAFETY: allocated by alloc_instance for the metatype.
    unsafe { object::track_new(as_obj(&*heap)) };
    // Every instance, method call and attribute lookup takes references
    // to its class from any thread: deferred reference counting once
    // another thread does (3.14t gives heap types per-thread counts).
    heap.ty.head.ob_base.set_defer_on_share();
    let t = &heap.ty;
    t.tp_bases.set(Some(object::new_ref(bases)));

    // Members and the dict/weakref descriptors.
    if !members.is_empty() {
        let names: Vec<&PyObject> = members.iter().map(|m| as_obj(&**m)).collect();
        heap.ht_slots.set(Some(into_obj(tupleobject::from_slice(&names)?)));
    }
    for (i, m) in members.iter().enumerate() {
        let d = descrobject::new_member_descr(t, m, first_member + i * size_of::<ObjSlot>())?;
        dict.set_item(as_obj(&**m), &d)?;
    }
    if add_dict && base.tp_dictoffset == 0 {
        dict.set_item(DICT.get()?, &*descrobject::new_getset_descr(t, &SUBTYPE_DICT_GETSET[0])?)?;
    }
    if add_weak && base.tp_weaklistoffset == 0 {
        dict.set_item(WEAKREF.get()?, &*descrobject::new_getset_descr(t, &SUBTYPE_DICT_GETSET[1])?)?;
    }
    // `__classcell__`: the class body's `__class__` cell gets the class.
    let classcell = dict.get_item(CLASSCELL.get()?)?;
    if classcell.is_some() {
        dict.del_item(CLASSCELL.get()?)?;
    }
    let classdictcell = dict.get_item(CLASSDICTCELL.get()?)?;
    if classdictcell.is_some() {
        dict.del_item(CLASSDICTCELL.get()?)?;
    }
    t.tp_dict.set(Some(into_obj(dict)));

    super::ready_heap_type(t)?;
    // Every class has collectable instances, as in CPython.
    t.slots.tp_traverse.set(Some(subtype_traverse));
    t.slots.tp_clear.set(Some(subtype_clear));
    slotdefs::fixup_slot_dispatchers(t)?;
    let tobj = into_obj(heap);
    if let Some(cell) = classcell {
        object::set_attr(&cell, CELL_CONTENTS.get()?, Some(&tobj))?;
    }
    if let Some(cell) = classdictcell {
        let d = t_dict(&tobj)?;
        object::set_attr(&cell, CELL_CONTENTS.get()?, Some(&d))?;
    }
    set_names(&tobj)?;
    init_subclass(&tobj, kwds)?;
    Ok(tobj)
}

/// The class dict of a type object.
fn t_dict(t: &PyObject) -> PyResult<ObjRef> {
    let Some(ty) = as_type(t) else { return Err(errors::bad_internal_call()) };
    ty.tp_dict.get().ok_or_else(errors::bad_internal_call)
}

/// `type_new_set_names`: calls `__set_name__(cls, name)` on each class
/// attribute whose type defines it.
fn set_names(tobj: &PyObject) -> PyResult<()> {
    let dict = t_dict(tobj)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
    for (k, v) in d.items() {
        if let Some((f, unbound)) = slotdefs::lookup_maybe_method(&v, SET_NAME.get()?)? {
            let mut args: Vec<&PyObject> = Vec::with_capacity(3);
            if unbound {
                args.push(&v);
            }
            args.push(tobj);
            args.push(&k);
            object::call(&f, &args)?;
        }
    }
    Ok(())
}

/// `type_new_init_subclass`: `super(cls, cls).__init_subclass__(**kwds)`.
fn init_subclass(tobj: &PyObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let Some(ty) = as_type(tobj) else { return Err(errors::bad_internal_call()) };
    let sup = super::superobject::new_super(ty, tobj)?;
    let func = object::get_attr(&sup, INIT_SUBCLASS.get()?)?;
    if let Some(k) = kwds
        && !k.is_empty()
        && is_object_init_subclass(&func)
    {
        return Err(type_error(&format!("{}.__init_subclass__() takes no keyword arguments", ty.name())));
    }
    slotdefs::call_object(&func, &*tupleobject::from_slice(&[])?, kwds).map(drop)
}

/// Is `f` `object.__init_subclass__` bound to a class?
fn is_object_init_subclass(f: &PyObject) -> bool {
    downcast::<crate::objects::methodobject::CFunctionObject>(f)
        .is_some_and(|cf| cf.method_def().is_some_and(|d| core::ptr::eq(d, &super::OBJECT_METHODS[0])))
}

// ---------------------------------------------------------------------
// `__dict__` and `__weakref__` of instances (`subtype_getsets_full`).

/// `subtype_dict`: the instance dict, created on first access.
fn subtype_dict(v: &PyObject) -> PyResult<ObjRef> {
    object::instance_dict(v)?.ok_or_else(|| errors::set_string(exceptions::attribute_error(), "This object has no __dict__"))
}

/// `subtype_setdict`: replaces the instance dict (must be a dict).
fn subtype_setdict(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(slot) = object::instance_dict_slot(v) else {
        return Err(errors::set_string(exceptions::attribute_error(), "This object has no __dict__"));
    };
    let inline = type_of(v).has_feature(flags::INLINE_VALUES);
    match value {
        None if inline => {
            dictobject::set_managed_dict(v, None);
            Ok(())
        }
        None => {
            object::critical_section(v, || slot.replace_delayed(None));
            Ok(())
        }
        Some(d) if downcast::<DictObject>(d).is_some() => {
            if inline {
                dictobject::set_managed_dict(v, Some(object::new_ref(d)));
            } else {
                object::critical_section(v, || slot.replace_delayed(Some(object::new_ref(d))));
            }
            Ok(())
        }
        Some(d) => Err(type_error(&format!("__dict__ must be set to a dictionary, not a '{}'", type_of(d).name()))),
    }
}

/// `subtype_getweakref`: the weak-reference list head (`None` while no
/// weak reference exists).
fn subtype_getweakref(v: &PyObject) -> PyResult<ObjRef> {
    let off = type_of(v).tp_weaklistoffset;
    if off <= 0 {
        return Err(errors::set_string(exceptions::attribute_error(), "This object has no __weakref__"));
    }
    Ok(crate::objects::weakrefobject::first_weakref(v).unwrap_or_else(object::none))
}

/// The getsets a class adds with its dict and weakref slots.
static SUBTYPE_DICT_GETSET: [GetSetDef; 2] = [
    GetSetDef {
        name: "__dict__",
        get: subtype_dict,
        set: Some(subtype_setdict),
        doc: Some("dictionary for instance variables"),
    },
    GetSetDef {
        name: "__weakref__",
        get: subtype_getweakref,
        set: None,
        doc: Some("list of weak references to the object"),
    },
];

// ---------------------------------------------------------------------
// `type` attributes.

/// `type_setattro`: static types are immutable; a class's dict changes
/// under the type lock, invalidating the attribute cache, and slot names
/// update the slots of the class and its subclasses with the world
/// stopped (3.14t's `type_setattro` / `update_slot`).
pub(crate) fn type_setattro(v: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(t) = as_type(v) else { return Err(errors::bad_internal_call()) };
    if t.has_feature(flags::IMMUTABLETYPE) {
        return Err(type_error(&format!(
            "cannot set '{}' attribute of immutable type '{}'",
            object::str_lossy(name),
            t.tp_name
        )));
    }
    let Some(ns) = downcast::<StrObject>(name) else {
        return Err(type_error(&format!("attribute name must be string, not '{}'", type_of(name).name())));
    };
    // Interned, so the attribute cache keys on it.
    let name = unicodeobject::intern(PyRef::new_ref(ns));
    // A data descriptor of the metatype (`__name__`, `__doc__`, ...) wins.
    let meta = type_of(v);
    if let Some(d) = meta.lookup(&name)?
        && let Some(set) = type_of(&d).slots.tp_descr_set.get()
    {
        return set(&d, v, value);
    }
    let dict = t.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
    let old = cache::with_type_lock(|| -> PyResult<Option<ObjRef>> {
        cache::type_modified(t);
        let old = d.get_item(&name)?;
        match value {
            Some(val) => d.set_item(&name, val)?,
            None => {
                if old.is_none() {
                    return Err(errors::set_string(
                        exceptions::attribute_error(),
                        &format!("type object '{}' has no attribute '{}'", t.tp_name, object::str_lossy(&name)),
                    ));
                }
                d.del_item(&name)?;
            }
        }
        Ok(old)
    })?;
    if slotdefs::is_slot_name(&name)? {
        let interp = crate::state::interp();
        let _stw = interp.gc().stop_the_world();
        cache::with_type_lock(|| slotdefs::update_slot(t, &name))?;
    }
    drop(old);
    Ok(())
}

fn heap_or_err(v: &PyObject) -> PyResult<&TypeObject> {
    as_type(v).ok_or_else(errors::bad_internal_call)
}

/// `type_name`.
fn type_get_name(v: &PyObject) -> PyResult<ObjRef> {
    let t = heap_or_err(v)?;
    match HeapTypeObject::of(t) {
        Some(h) => h.ht_name.get().ok_or_else(errors::bad_internal_call),
        None => unicodeobject::from_str(t.name()).map(into_obj),
    }
}

/// `type_qualname`.
fn type_get_qualname(v: &PyObject) -> PyResult<ObjRef> {
    let t = heap_or_err(v)?;
    match HeapTypeObject::of(t) {
        Some(h) => h.ht_qualname.get().ok_or_else(errors::bad_internal_call),
        None => unicodeobject::from_str(t.name()).map(into_obj),
    }
}

/// `type_set_qualname`.
fn type_set_qualname(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let t = heap_or_err(v)?;
    let Some(h) = HeapTypeObject::of(t) else {
        return Err(type_error(&format!("cannot set '__qualname__' attribute of immutable type '{}'", t.tp_name)));
    };
    match value {
        None => Err(type_error(&format!("cannot delete '__qualname__' attribute of immutable type '{}'", t.tp_name))),
        Some(q) if downcast::<StrObject>(q).is_some() => {
            h.ht_qualname.set(Some(object::new_ref(q)));
            Ok(())
        }
        Some(q) => Err(type_error(&format!(
            "can only assign string to {}.__qualname__, not '{}'",
            t.tp_name,
            type_of(q).name()
        ))),
    }
}

/// `type_module`: a class's `__module__` entry; `builtins` (or the
/// dotted prefix of `tp_name`) for static types.
fn type_get_module(v: &PyObject) -> PyResult<ObjRef> {
    let t = heap_or_err(v)?;
    if t.has_feature(flags::HEAPTYPE) {
        let dict = t_dict(v)?;
        let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
        return match d.get_item(MODULE.get()?)? {
            Some(m) => Ok(m),
            None => Err(errors::set_string(exceptions::attribute_error(), "__module__")),
        };
    }
    match t.tp_name.rfind('.') {
        Some(i) => unicodeobject::from_str(&t.tp_name[..i]).map(into_obj),
        None => unicodeobject::intern_str("builtins"),
    }
}

/// `type_get_doc`: a class's `__doc__` entry (calling a descriptor's
/// `__get__`), the builtin docstring otherwise.
fn type_get_doc(v: &PyObject) -> PyResult<ObjRef> {
    let t = heap_or_err(v)?;
    if !t.has_feature(flags::HEAPTYPE) {
        return match t.tp_doc {
            Some(doc) => unicodeobject::from_static(split_internal_doc(t.tp_name.as_str(), doc).1),
            None => Ok(object::none()),
        };
    }
    let dict = t_dict(v)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
    let Some(doc) = d.get_item(DOC.get()?)? else { return Ok(object::none()) };
    match type_of(&doc).slots.tp_descr_get.get() {
        Some(f) => f(&doc, None, Some(v)),
        None => Ok(doc),
    }
}

/// `find_signature` / `skip_signature`: a builtin docstring that starts
/// with `name(...)\n--\n\n` (`name` without its module) splits into the
/// signature `(...)` and the documentation after it.
pub(crate) fn split_internal_doc<'a>(tp_name: &str, doc: &'a str) -> (Option<&'a str>, &'a str) {
    let short = tp_name.rsplit('.').next().unwrap_or(tp_name);
    let Some(rest) = doc.strip_prefix(short).filter(|r| r.starts_with('(')) else { return (None, doc) };
    match rest.find(")\n--\n\n") {
        Some(end) => (Some(&rest[..=end]), &rest[end + 6..]),
        None => (None, doc),
    }
}

/// `type_get_text_signature`: the signature a builtin type's docstring
/// starts with, or None.
fn type_get_text_signature(v: &PyObject) -> PyResult<ObjRef> {
    let t = heap_or_err(v)?;
    match t.tp_doc.and_then(|d| split_internal_doc(t.tp_name.as_str(), d).0) {
        Some(sig) if !t.has_feature(flags::HEAPTYPE) => unicodeobject::from_static(sig),
        _ => Ok(object::none()),
    }
}

/// `check_set_special_type_attr`: only classes take new values.
fn check_set_special(t: &TypeObject, value: Option<&PyObject>, name: &str) -> PyResult<()> {
    if !t.has_feature(flags::HEAPTYPE) || t.has_feature(flags::IMMUTABLETYPE) {
        return Err(type_error(&format!("cannot set '{name}' attribute of immutable type '{}'", t.tp_name)));
    }
    if value.is_none() {
        return Err(type_error(&format!("cannot delete '{name}' attribute of immutable type '{}'", t.tp_name)));
    }
    Ok(())
}

/// Stores a special attribute in the class dict (`type_set_module`,
/// `type_set_doc`).
fn set_in_class_dict(v: &PyObject, value: Option<&PyObject>, name: &StaticName) -> PyResult<()> {
    let t = heap_or_err(v)?;
    check_set_special(t, value, name.text())?;
    let dict = t_dict(v)?;
    let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
    d.set_item(name.get()?, value.unwrap_or(&object::NONE))?;
    cache::type_modified(t);
    Ok(())
}

fn type_set_module(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_in_class_dict(v, value, &MODULE)
}

fn type_set_doc(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_in_class_dict(v, value, &DOC)
}

/// `type_get_type_params`: the class dict's `__type_params__`, else an
/// empty tuple.
fn type_get_type_params(v: &PyObject) -> PyResult<ObjRef> {
    let t = heap_or_err(v)?;
    if t.has_feature(flags::HEAPTYPE) {
        let dict = t_dict(v)?;
        let Some(d) = downcast::<DictObject>(&dict) else { return Err(errors::bad_internal_call()) };
        if let Some(params) = d.get_item(TYPE_PARAMS.get()?)? {
            return Ok(params);
        }
    }
    tupleobject::from_slice(&[]).map(into_obj)
}

fn type_set_type_params(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_in_class_dict(v, value, &TYPE_PARAMS)
}

/// `type_get_bases`.
fn type_get_bases(v: &PyObject) -> PyResult<ObjRef> {
    heap_or_err(v)?.tp_bases.get().ok_or_else(errors::bad_internal_call)
}

/// `type_set_bases`: new bases for a class, keeping its instance
/// layout (the best base must stay the same); the MROs of the class and
/// its subclasses and its slots are recomputed.
fn type_set_bases(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let t = heap_or_err(v)?;
    let name = t.name().to_owned();
    if !t.has_feature(flags::HEAPTYPE) || t.has_feature(flags::IMMUTABLETYPE) {
        return Err(type_error(&format!("cannot set '__bases__' attribute of immutable type '{name}'")));
    }
    let Some(value) = value else { return Err(type_error(&format!("cannot delete '__bases__' attribute of immutable type '{name}'"))) };
    let Some(new) = downcast::<TupleObject>(value).filter(|b| !b.is_empty()) else {
        return Err(type_error(&format!(
            "can only assign non-empty tuple to {name}.__bases__, not {}",
            type_of(value).name()
        )));
    };
    for b in new.as_slice() {
        let Some(bt) = as_type(b) else {
            return Err(type_error(&format!("{name}.__bases__ must be tuple of classes, not '{}'", type_of(b).name())));
        };
        if bt.is_subtype(t) {
            return Err(type_error("a __bases__ item causes an inheritance cycle"));
        }
    }
    let new_base = best_base(new.as_slice())?;
    let old_base = t.base().unwrap_or(&OBJECT_TYPE);
    if !core::ptr::eq(solid_base(new_base), solid_base(old_base)) {
        return Err(type_error(&format!(
            "__bases__ assignment: '{}' object layout differs from '{}'",
            new_base.name(),
            old_base.name()
        )));
    }
    let me = core::ptr::from_ref(t) as usize;
    let old = t.tp_bases.get();
    super::cache::with_type_lock(|| {
        for b in old.as_deref().and_then(downcast::<TupleObject>).map(TupleObject::as_slice).unwrap_or(&[]) {
            if let Some(bt) = as_type(b) {
                bt.tp_subclasses.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|&s| s != me);
            }
        }
    });
    t.tp_bases.set(Some(object::new_ref(value)));
    t.register_subclass();
    remake_mro(t)?;
    Ok(())
}

/// Recomputes the MRO and slots of `t` and of its subclasses
/// (`mro_hierarchy`).
fn remake_mro(t: &TypeObject) -> PyResult<()> {
    let mro = t.mro_internal()?;
    t.tp_mro.set(Some(into_obj(mro)));
    slotdefs::fixup_slot_dispatchers(t)?;
    super::type_modified(t);
    let subs: Vec<usize> = t.tp_subclasses.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for s in subs {
        // SAFETY: registered subclasses are live (see `cache::type_modified`).
        remake_mro(unsafe { &*(s as *const TypeObject) })?;
    }
    Ok(())
}

/// `type_get_mro`.
fn type_get_mro(v: &PyObject) -> PyResult<ObjRef> {
    Ok(heap_or_err(v)?.tp_mro.get().unwrap_or_else(object::none))
}

/// `type_get_base` (`__base__`).
fn type_get_base(v: &PyObject) -> PyResult<ObjRef> {
    Ok(heap_or_err(v)?.base().map_or_else(object::none, object::new_ref))
}

/// `type_get_dict`: the class dict behind a read-only `mappingproxy`, so
/// writes cannot bypass `type_setattro`.
fn type_get_dict(v: &PyObject) -> PyResult<ObjRef> {
    let dict = t_dict(v)?;
    descrobject::new_mappingproxy(&dict)
}

/// `__flags__` (a `type_members` entry): `tp_flags`, at CPython's bit
/// positions.
fn type_get_flags(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::longobject::from_i64(heap_or_err(v)?.flags() as i64)
}

/// `__basicsize__`.
fn type_get_basicsize(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::longobject::from_i64(heap_or_err(v)?.tp_basicsize as i64)
}

/// `__itemsize__`.
fn type_get_itemsize(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::longobject::from_i64(heap_or_err(v)?.tp_itemsize as i64)
}

/// `__dictoffset__`.
fn type_get_dictoffset(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::longobject::from_i64(heap_or_err(v)?.tp_dictoffset as i64)
}

/// `__weakrefoffset__`.
fn type_get_weakrefoffset(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::longobject::from_i64(heap_or_err(v)?.tp_weaklistoffset as i64)
}

/// The `type` getsets (`type_getsets`, and `type_members` as getsets).
pub(crate) static TYPE_GETSET: [GetSetDef; 18] = [
    GetSetDef { name: "__flags__", get: type_get_flags, set: None, doc: None },
    GetSetDef { name: "__basicsize__", get: type_get_basicsize, set: None, doc: None },
    GetSetDef { name: "__itemsize__", get: type_get_itemsize, set: None, doc: None },
    GetSetDef { name: "__dictoffset__", get: type_get_dictoffset, set: None, doc: None },
    GetSetDef { name: "__weakrefoffset__", get: type_get_weakrefoffset, set: None, doc: None },
    GetSetDef { name: "__annotations__", get: crate::objects::funcobject::type_get_annotations, set: Some(crate::objects::funcobject::type_set_annotations), doc: None },
    GetSetDef { name: "__annotate__", get: crate::objects::funcobject::type_get_annotate, set: Some(crate::objects::funcobject::type_set_annotate), doc: None },
    GetSetDef { name: "__name__", get: type_get_name, set: None, doc: None },
    GetSetDef { name: "__qualname__", get: type_get_qualname, set: Some(type_set_qualname), doc: None },
    GetSetDef { name: "__bases__", get: type_get_bases, set: Some(type_set_bases), doc: None },
    GetSetDef { name: "__mro__", get: type_get_mro, set: None, doc: None },
    GetSetDef { name: "__base__", get: type_get_base, set: None, doc: None },
    GetSetDef { name: "__module__", get: type_get_module, set: Some(type_set_module), doc: None },
    GetSetDef { name: "__doc__", get: type_get_doc, set: Some(type_set_doc), doc: None },
    GetSetDef { name: "__text_signature__", get: type_get_text_signature, set: None, doc: None },
    GetSetDef { name: "__dict__", get: type_get_dict, set: None, doc: None },
    GetSetDef { name: "__abstractmethods__", get: super::reduce::type_get_abstractmethods, set: Some(super::reduce::type_set_abstractmethods), doc: None },
    GetSetDef { name: "__type_params__", get: type_get_type_params, set: Some(type_set_type_params), doc: None },
];

/// `type_repr`: `<class 'module.qualname'>` (no module for builtins).
/// The type part of `object_repr`'s `<T object at 0x...>`: for a class
/// `module.qualname` unless the module is `builtins`, else `tp_name`
/// (which for a static type already carries its module prefix).
pub(crate) fn object_repr_type_name(t: &TypeObject) -> String {
    let Some(h) = HeapTypeObject::of(t) else { return t.tp_name.to_string() };
    let qual = h.ht_qualname.get().as_deref().map(object::str_lossy).unwrap_or_default();
    let module = match type_get_module(as_obj(t)) {
        Ok(m) => downcast::<StrObject>(&m).map(StrObject::to_string_lossy),
        Err(e) => {
            drop(e);
            errors::clear();
            None
        }
    };
    match module {
        Some(m) if m != "builtins" => format!("{m}.{qual}"),
        _ => t.tp_name.to_string(),
    }
}

pub(crate) fn heap_type_repr(t: &TypeObject) -> PyResult<String> {
    let Some(h) = HeapTypeObject::of(t) else { return Ok(format!("<class '{}'>", t.tp_name)) };
    let qual = h.ht_qualname.get().as_deref().map(object::str_lossy).unwrap_or_default();
    let module = match type_get_module(as_obj(t)) {
        Ok(m) => downcast::<StrObject>(&m).map(StrObject::to_string_lossy),
        Err(e) => {
            drop(e);
            errors::clear();
            None
        }
    };
    Ok(match module {
        Some(m) if m != "builtins" => format!("<class '{m}.{qual}'>"),
        _ => format!("<class '{qual}'>"),
    })
}
