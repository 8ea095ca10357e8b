//! Weak references, ported from Objects/weakrefobject.c (free-threaded
//! build): `weakref.ReferenceType` (subclassable, callbacks, cached hash,
//! equality through the referents), `ProxyType`/`CallableProxyType`, and
//! `PyObject_ClearWeakRefs`, which deallocation calls.
//!
//! A weakly referenceable object has a slot at its type's
//! `tp_weaklistoffset` holding the head of a doubly linked list of the
//! weak references to it. The slot is not an owning reference: it and the
//! list links are guarded by one of a set of striped mutexes chosen by
//! the referent's address (`WEAKREF_LIST_LOCK`), which the referent's
//! deallocation also takes to clear the list. A dereference takes a
//! reference only with a conditional incref, which fails once the
//! referent's count has reached zero, so a dying object is never revived.

use core::ptr::{self, NonNull};
use core::sync::atomic::{AtomicIsize, AtomicPtr, Ordering};

use rupy_gc::ObjectHeader;
use rupy_gc::PyRef;
use rupy_gc::object::PyObjectLike;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, as_obj, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};

/// A weak reference (`PyWeakReference`).
#[repr(C)]
pub struct WeakRefObject {
    ob_base: ObjectHeader,
    /// The referent; null once it is gone (`wr_object == Py_None`).
    wr_object: AtomicPtr<PyObject>,
    /// The callback, called with this reference when the referent dies.
    wr_callback: ObjSlot,
    /// The referent's hash once computed, else -1.
    hash: AtomicIsize,
    /// Neighbours in the referent's list (guarded by the stripe lock).
    wr_prev: AtomicPtr<WeakRefObject>,
    wr_next: AtomicPtr<WeakRefObject>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for WeakRefObject {}

impl PyClass for WeakRefObject {
    fn type_object() -> &'static TypeObject {
        &REF_TYPE
    }
}

// ---------------------------------------------------------------------
// The striped list locks and the list.

const NUM_LOCKS: usize = 127;

static LOCKS: [rupy_sync::PyMutex; NUM_LOCKS] = [const { rupy_sync::PyMutex::new() }; NUM_LOCKS];

/// Holds the list lock of one referent (`LOCK_WEAKREFS`).
struct ListLock(&'static rupy_sync::PyMutex);

impl ListLock {
    fn of(obj: *const PyObject) -> ListLock {
        let m = &LOCKS[(obj as usize >> 4) % NUM_LOCKS];
        m.lock();
        ListLock(m)
    }
}

impl Drop for ListLock {
    fn drop(&mut self) {
        self.0.unlock();
    }
}

/// The list head of `obj`, if its type allows weak references
/// (`GET_WEAKREFS_LISTPTR`). The slot's memory is used as a plain pointer,
/// never as an owning reference.
fn list_head(obj: &PyObject) -> Option<&AtomicPtr<WeakRefObject>> {
    let off = type_of(obj).tp_weaklistoffset;
    if off <= 0 {
        return None;
    }
    // SAFETY: a type with a positive tp_weaklistoffset has a pointer-sized,
    // pointer-aligned slot at that offset in every instance; an
    // AtomicPtr has the layout of the ObjSlot stored there.
    Some(unsafe { &*ptr::from_ref(obj).cast::<u8>().add(off as usize).cast::<AtomicPtr<WeakRefObject>>() })
}

/// Unlinks `r` from the list at `head` (lock held).
fn unlink(head: &AtomicPtr<WeakRefObject>, r: &WeakRefObject) {
    let prev = r.wr_prev.load(Ordering::Relaxed);
    let next = r.wr_next.load(Ordering::Relaxed);
    if head.load(Ordering::Relaxed) == ptr::from_ref(r).cast_mut() {
        head.store(next, Ordering::Relaxed);
    }
    // SAFETY: list members are live while linked (each unlinks itself
    // under the lock before being freed).
    if let Some(p) = unsafe { prev.as_ref() } {
        p.wr_next.store(next, Ordering::Relaxed);
    }
    // SAFETY: as above.
    if let Some(n) = unsafe { next.as_ref() } {
        n.wr_prev.store(prev, Ordering::Relaxed);
    }
    r.wr_prev.store(ptr::null_mut(), Ordering::Relaxed);
    r.wr_next.store(ptr::null_mut(), Ordering::Relaxed);
}

/// Links `r` after `prev`, or at the head when `prev` is null (lock held).
fn link_after(head: &AtomicPtr<WeakRefObject>, r: &WeakRefObject, prev: *mut WeakRefObject) {
    let rp = ptr::from_ref(r).cast_mut();
    let next = if prev.is_null() {
        head.load(Ordering::Relaxed)
    } else {
        // SAFETY: a linked member, live under the lock.
        unsafe { (*prev).wr_next.load(Ordering::Relaxed) }
    };
    r.wr_prev.store(prev, Ordering::Relaxed);
    r.wr_next.store(next, Ordering::Relaxed);
    // SAFETY: as above.
    if let Some(n) = unsafe { next.as_ref() } {
        n.wr_prev.store(rp, Ordering::Relaxed);
    }
    if prev.is_null() {
        head.store(rp, Ordering::Relaxed);
    } else {
        // SAFETY: as above.
        unsafe { (*prev).wr_next.store(rp, Ordering::Relaxed) };
    }
}

/// The members of a list, head first (lock held).
fn members(head: &AtomicPtr<WeakRefObject>) -> Vec<*mut WeakRefObject> {
    let mut out = Vec::new();
    let mut p = head.load(Ordering::Relaxed);
    while let Some(r) = NonNull::new(p) {
        out.push(p);
        // SAFETY: a linked member, live under the lock.
        p = unsafe { r.as_ref() }.wr_next.load(Ordering::Relaxed);
    }
    out
}

/// Is `r` a plain `ref` or proxy without callback (what
/// `get_basic_refs` reuses)?
fn is_basic(r: &WeakRefObject, ty: &TypeObject) -> bool {
    ptr::eq(type_of(as_obj(r)), ty) && r.wr_callback.peek().is_null()
}

/// A new reference to `r`, unless it is itself being freed.
fn take(r: *mut WeakRefObject) -> Option<PyRef<WeakRefObject>> {
    // SAFETY: a linked member is live while the lock is held.
    let h = unsafe { &(*r).ob_base };
    // A weak reference being deallocated (its count already zero: a
    // subclass instance whose dict held the referent) gets no callback,
    // as `PyObject_ClearWeakRefs` skips references with no count.
    if h.is_owned_by_current_thread() && h.refcnt() == 0 {
        return None;
    }
    // SAFETY: the count was raised by try_incref.
    rupy_gc::refcount::try_incref(h).then(|| unsafe { PyRef::from_raw(NonNull::new_unchecked(r)) })
}

// ---------------------------------------------------------------------
// Creation, dereference, clearing.

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `_PyWeakref_GET_REF`: a new reference to the referent, `None` when it
/// is gone or dying.
pub fn get_ref(r: &WeakRefObject) -> Option<ObjRef> {
    let obj = r.wr_object.load(Ordering::Acquire);
    if obj.is_null() {
        return None;
    }
    let _lock = ListLock::of(obj);
    let obj = r.wr_object.load(Ordering::Acquire);
    // SAFETY: the referent is live while it is still linked, and its
    // deallocation unlinks under the lock held here.
    let o = unsafe { obj.as_ref() }?;
    // SAFETY: the count was raised by try_incref.
    rupy_gc::refcount::try_incref(o).then(|| unsafe { PyRef::from_raw(NonNull::from(o)) })
}

/// Makes a weak reference of type `ty` (a ref or proxy type, or a
/// subclass) to `obj`, reusing the basic one when `callback` is None and
/// `ty` is exactly the base type (`weakref___new__`, `PyWeakref_NewProxy`).
fn new_weakref(ty: &TypeObject, base: &'static TypeObject, obj: &PyObject, callback: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some(head) = list_head(obj) else {
        return Err(type_error(&format!("cannot create weak reference to '{}' object", type_of(obj).name())));
    };
    let callback = callback.filter(|c| !object::is_none(c));
    let reuse = callback.is_none() && ptr::eq(ty, base);
    let objp = ptr::from_ref(obj).cast_mut();
    if reuse {
        let _lock = ListLock::of(objp);
        for m in members(head) {
            // SAFETY: a linked member, live under the lock.
            if is_basic(unsafe { &*m }, base)
                && let Some(r) = take(m)
            {
                return Ok(into_obj(r));
            }
        }
    }
    // Allocate outside the lock: allocation may run arbitrary code.
    // SAFETY: past the header, a zeroed WeakRefObject is valid (null
    // pointers, empty slot, hash 0 set to -1 below), as are a class's
    // extra ObjSlots.
    let r: PyRef<WeakRefObject> = unsafe { crate::objects::typeobject::heaptype::generic_alloc(ty) }?;
    r.hash.store(-1, Ordering::Relaxed);
    r.wr_callback.set(callback.map(object::new_ref));
    obj.set_maybe_weakref();
    let _lock = ListLock::of(objp);
    if reuse {
        // Another thread may have made the basic reference meanwhile.
        for m in members(head) {
            // SAFETY: a linked member, live under the lock.
            if is_basic(unsafe { &*m }, base)
                && let Some(existing) = take(m)
            {
                return Ok(into_obj(existing));
            }
        }
    }
    r.wr_object.store(objp, Ordering::Release);
    // Basic references and proxies come first, so that they are found
    // quickly; others go after them (`insert_weakref`).
    let mut prev = ptr::null_mut();
    if !reuse {
        for m in members(head) {
            // SAFETY: a linked member, live under the lock.
            let mr = unsafe { &*m };
            if mr.wr_callback.peek().is_null() && (ptr::eq(type_of(as_obj(mr)), &REF_TYPE) || is_proxy(as_obj(mr))) {
                prev = m;
            } else {
                break;
            }
        }
    }
    link_after(head, &r, prev);
    Ok(into_obj(r))
}

/// `PyObject_ClearWeakRefs`: called by the referent's deallocation: every
/// weak reference to `obj` goes dead, then the callbacks of those that
/// are still alive run, in list order, their errors reported as
/// unraisable.
pub fn clear_weakrefs(obj: &PyObject) {
    call_callbacks(detach_all(obj, take));
}

/// Callbacks owed by weak references that died with their referent.
pub type PendingCallbacks = Vec<(PyRef<WeakRefObject>, ObjRef)>;

/// The cycle collector's `clear_weakrefs`, with the world stopped: every
/// weak reference to the garbage object `obj` dies; the callbacks of
/// those that are not garbage themselves come back to be called (or
/// dropped) once the world runs again. With every thread stopped, a
/// reference with a nonzero count can be taken whoever owns it.
pub fn clear_weakrefs_stopped(obj: &PyObject) -> PendingCallbacks {
    detach_all(obj, |m| {
        // SAFETY: a linked member is live while the lock is held.
        let h = unsafe { &(*m).ob_base };
        // SAFETY: as above; a count above zero means it is not being
        // deallocated, and no thread runs to drop it meanwhile.
        (h.refcnt() > 0).then(|| PyRef::new_ref(unsafe { &*m }))
    })
}

/// Unlinks every weak reference to `obj`, returning the callbacks owed by
/// the ones `take` can keep alive.
fn detach_all(obj: &PyObject, take: impl Fn(*mut WeakRefObject) -> Option<PyRef<WeakRefObject>>) -> PendingCallbacks {
    let mut callbacks: PendingCallbacks = Vec::new();
    let Some(head) = list_head(obj) else { return callbacks };
    if head.load(Ordering::Acquire).is_null() {
        return callbacks;
    }
    let _lock = ListLock::of(ptr::from_ref(obj));
    for m in members(head) {
        // SAFETY: a linked member, live under the lock.
        let r = unsafe { &*m };
        r.wr_object.store(ptr::null_mut(), Ordering::Release);
        unlink(head, r);
        // A weak reference that is itself cyclic garbage gets no
        // callback (`handle_weakrefs`).
        if !r.ob_base.has_gc_bits(rupy_gc::object::gc_bits::UNREACHABLE)
            && let Some(cb) = r.wr_callback.get()
            && let Some(rr) = take(m)
        {
            r.wr_callback.set(None);
            callbacks.push((rr, cb));
        }
    }
    head.store(ptr::null_mut(), Ordering::Release);
    callbacks
}

/// Calls the callbacks, reporting their errors as unraisable and keeping
/// the exception being handled.
pub fn call_callbacks(callbacks: PendingCallbacks) {
    if callbacks.is_empty() {
        return;
    }
    let saved = errors::take_raised();
    for (r, cb) in callbacks {
        if let Err(e) = object::call(&cb, &[as_obj(&*r)]) {
            drop(e);
            let msg = match object::repr(&cb) {
                Ok(what) => format!("Exception ignored while calling weakref callback {}", what.to_string_lossy()),
                Err(e) => {
                    drop(e);
                    "Exception ignored while calling weakref callback".to_owned()
                }
            };
            crate::errors::traceback::format_unraisable(Some(&msg), None);
        }
    }
    if let Some(exc) = saved {
        let _ = errors::set_raised(exc);
    }
}

/// `weakref_dealloc`: leaves the referent's list, then frees.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead weak reference.
unsafe fn weakref_dealloc(op: NonNull<PyObject>) {
    // SAFETY: the object is dead but intact.
    let r = unsafe { op.cast::<WeakRefObject>().as_ref() };
    let obj = r.wr_object.load(Ordering::Acquire);
    if !obj.is_null() {
        let _lock = ListLock::of(obj);
        let obj = r.wr_object.load(Ordering::Acquire);
        // SAFETY: still linked, so the referent is live (its clearing
        // takes this lock).
        if let Some(o) = unsafe { obj.as_ref() }
            && let Some(head) = list_head(o)
        {
            unlink(head, r);
            r.wr_object.store(ptr::null_mut(), Ordering::Release);
        }
    }
    // SAFETY: unlinked; drop the callback and free.
    unsafe { object::dealloc_simple::<WeakRefObject>(op) };
}

// ---------------------------------------------------------------------
// `weakref.ReferenceType`.

fn this(v: &PyObject) -> PyResult<&WeakRefObject> {
    if object::type_check(v, &REF_TYPE) || is_proxy(v) {
        // SAFETY: ref and proxy instances (and subclasses) have this layout.
        return Ok(unsafe { &*ptr::from_ref(v).cast::<WeakRefObject>() });
    }
    Err(errors::bad_internal_call())
}

/// `parse_weakref_init_args`: `(ob, callback=None)` of `ref.__new__`
/// and `__init__` (`PyArg_UnpackTuple`, which ignores keywords).
fn ref_args<'a>(name: &str, args: &'a TupleObject) -> PyResult<(&'a PyObject, Option<&'a PyObject>)> {
    match args.as_slice() {
        [ob] => Ok((ob, None)),
        [ob, cb] => Ok((ob, Some(cb))),
        a if a.is_empty() => Err(type_error(&format!("{name} expected at least 1 argument, got 0"))),
        a => Err(type_error(&format!("{name} expected at most 2 arguments, got {}", a.len()))),
    }
}

/// `weakref___new__`: keywords are left to a subclass's `__init__`.
fn ref_new(ty: &TypeObject, args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (ob, cb) = ref_args("__new__", args)?;
    new_weakref(ty, &REF_TYPE, ob, cb)
}

/// `weakref___init__`: the arguments were used by `__new__`; only
/// checked here.
fn ref_init(_v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    if kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error("ref() takes no keyword arguments"));
    }
    ref_args("__init__", args).map(drop)
}

/// `weakref_vectorcall`: `ref()` is the referent or None.
fn ref_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if args.len() > 0 || kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("weakref() takes no arguments ({} given)", args.len())));
    }
    Ok(get_ref(this(v)?).unwrap_or_else(object::none))
}

/// `weakref_hash`: the referent's hash, kept after it dies.
fn ref_hash(v: &PyObject) -> PyResult<isize> {
    let r = this(v)?;
    let h = r.hash.load(Ordering::Relaxed);
    if h != -1 {
        return Ok(h);
    }
    let Some(obj) = get_ref(r) else { return Err(type_error("weak object has gone away")) };
    let h = object::hash(&obj)?;
    r.hash.store(h, Ordering::Relaxed);
    Ok(h)
}

/// `weakref_repr`: `<weakref at 0x...; to 'T' at 0x...>`, with the
/// referent's `__name__` (looked up as a special attribute, so errors
/// other than its absence propagate) in parentheses when it is a str, or
/// `; dead>`.
fn ref_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(obj) = get_ref(this(v)?) else {
        return unicodeobject::from_string(format!("<weakref at {v:p}; dead>")).map(into_obj);
    };
    let key = unicodeobject::intern_str("__name__")?;
    let name = match crate::objects::typeobject::slotdefs::lookup_maybe_method(&obj, &key)? {
        Some((n, false)) => object::downcast::<StrObject>(&n).map(StrObject::to_string_lossy),
        _ => None,
    };
    let ty = crate::objects::typeobject::fully_qualified_name(type_of(&obj));
    let text = match name {
        Some(n) => format!("<weakref at {v:p}; to '{ty}' at {:p} ({n})>", &*obj),
        None => format!("<weakref at {v:p}; to '{ty}' at {:p}>", &*obj),
    };
    unicodeobject::from_string(text).map(into_obj)
}

/// `weakref_richcompare`: live references compare their referents, dead
/// ones their identity; only `==` and `!=`.
fn ref_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) || !object::type_check(w, &REF_TYPE) {
        return Ok(object::not_implemented());
    }
    let (a, b) = (get_ref(this(v)?), get_ref(this(w)?));
    match (a, b) {
        (Some(a), Some(b)) => object::rich_compare(&a, &b, op),
        _ => {
            let same = ptr::eq(v, w);
            Ok(crate::objects::boolobject::from_bool(if op == CompareOp::Eq { same } else { !same }))
        }
    }
}

fn ref_get_callback(v: &PyObject) -> PyResult<ObjRef> {
    Ok(this(v)?.wr_callback.get().unwrap_or_else(object::none))
}

/// `weakref_members`: `__callback__`, a read-only member.
static REF_MEMBERS: [GetSetDef; 1] = [GetSetDef { name: "__callback__", get: ref_get_callback, set: None, doc: None }];

static REF_METHODS: [MethodDef; 1] = [crate::objects::genericaliasobject::CLASS_GETITEM_METHOD];

/// `weakref.ReferenceType` (`_PyWeakref_RefType`).
/// `gc_traverse` of weak references: the callback.
fn weakref_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(r) = object::downcast::<WeakRefObject>(v) {
        r.wr_callback.visit(visit);
    }
}

/// `gc_clear` of weak references: the callback goes.
fn weakref_clear(v: &PyObject) {
    if let Some(r) = object::downcast::<WeakRefObject>(v) {
        r.wr_callback.set(None);
    }
}

pub static REF_TYPE: TypeObject = TypeObject::new_static(
    "weakref.ReferenceType",
    size_of::<WeakRefObject>(),
    weakref_dealloc,
    TypeSlots {
        tp_repr: Some(ref_repr),
        tp_traverse: Some(weakref_traverse),
        tp_clear: Some(weakref_clear),
        tp_hash: Some(ref_hash),
        tp_call: Some(ref_call),
        tp_richcompare: Some(ref_richcompare),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_new: Some(ref_new),
        tp_init: Some(ref_init),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_members(&REF_MEMBERS)
.with_methods(&REF_METHODS);

// ---------------------------------------------------------------------
// Proxies.

pub(crate) fn is_proxy(v: &PyObject) -> bool {
    ptr::eq(type_of(v), &PROXY_TYPE) || ptr::eq(type_of(v), &CALLABLE_PROXY_TYPE)
}

/// The referent of a proxy, or ReferenceError (`proxy_check_ref`).
fn referent(v: &PyObject) -> PyResult<ObjRef> {
    get_ref(this(v)?).ok_or_else(|| {
        errors::set_string(exceptions::reference_error(), "weakly-referenced object no longer exists")
    })
}

/// `PyWeakref_NewRef`: `ref(obj, callback=None)`.
pub fn new_ref(obj: &PyObject, callback: Option<&PyObject>) -> PyResult<ObjRef> {
    new_weakref(&REF_TYPE, &REF_TYPE, obj, callback)
}

/// `PyWeakref_NewProxy`: `proxy(obj, callback=None)`.
pub fn new_proxy(obj: &PyObject, callback: Option<&PyObject>) -> PyResult<ObjRef> {
    let ty: &'static TypeObject =
        if type_of(obj).slots.tp_call.get().is_some() { &CALLABLE_PROXY_TYPE } else { &PROXY_TYPE };
    new_weakref(ty, ty, obj, callback)
}

fn proxy_getattr(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    object::get_attr(&*referent(v)?, name)
}

fn proxy_setattr(v: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    object::set_attr(&*referent(v)?, name, value)
}

fn proxy_repr(v: &PyObject) -> PyResult<ObjRef> {
    let text = match get_ref(this(v)?) {
        None => format!("<weakproxy at {v:p}; dead>"),
        Some(obj) => format!("<weakproxy at {v:p}; to '{}' at {:p}>", type_of(&obj).tp_name.as_str(), &*obj),
    };
    unicodeobject::from_string(text).map(into_obj)
}

fn proxy_str(v: &PyObject) -> PyResult<ObjRef> {
    object::str(&*referent(v)?).map(into_obj)
}

fn proxy_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    crate::objects::call::call_tuple_dict(&*referent(v)?, args, kwds)
}

fn proxy_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let a = if is_proxy(v) { referent(v)? } else { object::new_ref(v) };
    let b = if is_proxy(w) { referent(w)? } else { object::new_ref(w) };
    object::rich_compare(&a, &b, op)
}

fn proxy_bool(v: &PyObject) -> PyResult<bool> {
    object::is_true(&*referent(v)?)
}

fn proxy_len(v: &PyObject) -> PyResult<isize> {
    crate::objects::r#abstract::size(&*referent(v)?)
}

fn proxy_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_item(&*referent(v)?, key)
}

fn proxy_setitem(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let o = referent(v)?;
    match value {
        Some(val) => crate::objects::r#abstract::set_item(&o, key, val),
        None => crate::objects::r#abstract::del_item(&o, key),
    }
}

fn proxy_iter(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_iter(&*referent(v)?)
}

fn proxy_iternext(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let o = referent(v)?;
    let Some(next) = type_of(&o).slots.tp_iternext.get() else {
        return Err(type_error(&format!("Weakref proxy referenced a non-iterator '{}' object", type_of(&o).name())));
    };
    next(&o)
}

fn proxy_contains(v: &PyObject, item: &PyObject) -> PyResult<bool> {
    crate::objects::r#abstract::contains(&*referent(v)?, item)
}

/// A proxy in a numeric operation stands for its referent
/// (`UNWRAP`); ReferenceError if it is dead.
pub(crate) fn unwrap(v: &PyObject) -> PyResult<ObjRef> {
    if is_proxy(v) { referent(v) } else { Ok(object::new_ref(v)) }
}

macro_rules! proxy_binop {
    ($($name:ident => $op:path;)*) => {$(
        fn $name(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
            $op(&*unwrap(a)?, &*unwrap(b)?)
        }
    )*};
}

proxy_binop! {
    proxy_add => crate::objects::r#abstract::add;
    proxy_sub => crate::objects::r#abstract::subtract;
    proxy_mul => crate::objects::r#abstract::multiply;
    proxy_truediv => crate::objects::r#abstract::true_divide;
    proxy_floordiv => crate::objects::r#abstract::floor_divide;
    proxy_mod => crate::objects::r#abstract::remainder;
    proxy_and => crate::objects::r#abstract::and;
    proxy_or => crate::objects::r#abstract::or;
    proxy_xor => crate::objects::r#abstract::xor;
    proxy_pow => crate::objects::r#abstract::power;
    proxy_lshift => crate::objects::r#abstract::lshift;
    proxy_rshift => crate::objects::r#abstract::rshift;
    proxy_matmul => crate::objects::r#abstract::matrix_multiply;
    proxy_divmod => crate::objects::r#abstract::divmod;
}

/// The in-place operators (`proxy_iadd` ...): the referent's in-place
/// operation, whose result replaces the proxy in the caller's variable.
macro_rules! proxy_inplace {
    ($($name:ident => $kind:literal;)*) => {$(
        fn $name(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
            crate::objects::r#abstract::inplace_op($kind, &*unwrap(a)?, &*unwrap(b)?)
        }
    )*};
}

proxy_inplace! {
    proxy_iadd => 0;
    proxy_iand => 1;
    proxy_ifloordiv => 2;
    proxy_ilshift => 3;
    proxy_imatmul => 4;
    proxy_imul => 5;
    proxy_imod => 6;
    proxy_ior => 7;
    proxy_ipow => 8;
    proxy_irshift => 9;
    proxy_isub => 10;
    proxy_itruediv => 11;
    proxy_ixor => 12;
}

fn proxy_neg(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::negative(&*referent(v)?)
}

fn proxy_abs(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::absolute(&*referent(v)?)
}

fn proxy_index(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::index(&*referent(v)?)
}

/// `proxy_bytes`: `bytes(referent)`.
fn proxy_bytes(v: &PyObject) -> PyResult<ObjRef> {
    let bytes = as_obj(&crate::objects::bytesobject::BYTES_TYPE);
    crate::objects::call::call(bytes, &[&*referent(v)?])
}

/// `proxy_reversed`: the referent's `__reversed__()`.
fn proxy_reversed(v: &PyObject) -> PyResult<ObjRef> {
    let f = object::get_attr_str(&*referent(v)?, "__reversed__")?;
    crate::objects::call::call(&f, &[])
}

static PROXY_METHODS: [MethodDef; 2] = [
    MethodDef {
        ml_name: "__bytes__",
        ml_meth: crate::objects::descrobject::MethodFn::NoArgs(proxy_bytes),
        ml_doc: None,
    },
    MethodDef {
        ml_name: "__reversed__",
        ml_meth: crate::objects::descrobject::MethodFn::NoArgs(proxy_reversed),
        ml_doc: None,
    },
];

const PROXY_SLOTS: TypeSlots = TypeSlots {
    tp_repr: Some(proxy_repr),
    tp_hash: Some(crate::objects::typeobject::hash_not_implemented),
    tp_str: Some(proxy_str),
    tp_getattro: Some(proxy_getattr),
    tp_setattro: Some(proxy_setattr),
    tp_richcompare: Some(proxy_richcompare),
    tp_iter: Some(proxy_iter),
    tp_iternext: Some(proxy_iternext),
    nb_bool: Some(proxy_bool),
    nb_add: Some(proxy_add),
    nb_subtract: Some(proxy_sub),
    nb_multiply: Some(proxy_mul),
    nb_true_divide: Some(proxy_truediv),
    nb_floor_divide: Some(proxy_floordiv),
    nb_remainder: Some(proxy_mod),
    nb_and: Some(proxy_and),
    nb_or: Some(proxy_or),
    nb_xor: Some(proxy_xor),
    nb_power: Some(proxy_pow),
    nb_lshift: Some(proxy_lshift),
    nb_rshift: Some(proxy_rshift),
    nb_matrix_multiply: Some(proxy_matmul),
    nb_divmod: Some(proxy_divmod),
    nb_negative: Some(proxy_neg),
    nb_absolute: Some(proxy_abs),
    nb_index: Some(proxy_index),
    nb_inplace_add: Some(proxy_iadd),
    nb_inplace_and: Some(proxy_iand),
    nb_inplace_floor_divide: Some(proxy_ifloordiv),
    nb_inplace_lshift: Some(proxy_ilshift),
    nb_inplace_matrix_multiply: Some(proxy_imatmul),
    nb_inplace_multiply: Some(proxy_imul),
    nb_inplace_remainder: Some(proxy_imod),
    nb_inplace_or: Some(proxy_ior),
    nb_inplace_power: Some(proxy_ipow),
    nb_inplace_rshift: Some(proxy_irshift),
    nb_inplace_subtract: Some(proxy_isub),
    nb_inplace_true_divide: Some(proxy_itruediv),
    nb_inplace_xor: Some(proxy_ixor),
    sq_length: Some(proxy_len),
    sq_contains: Some(proxy_contains),
    mp_subscript: Some(proxy_getitem),
    mp_ass_subscript: Some(proxy_setitem),
    ..TypeSlots::EMPTY
};

/// `weakref.ProxyType` (`_PyWeakref_ProxyType`); unhashable.
pub static PROXY_TYPE: TypeObject =
    TypeObject::new_static("weakref.ProxyType", size_of::<WeakRefObject>(), weakref_dealloc, PROXY_SLOTS)
        .with_flags(flags::HAVE_GC)
        .with_methods(&PROXY_METHODS);

/// `weakref.CallableProxyType` (`_PyWeakref_CallableProxyType`).
pub static CALLABLE_PROXY_TYPE: TypeObject = TypeObject::new_static(
    "weakref.CallableProxyType",
    size_of::<WeakRefObject>(),
    weakref_dealloc,
    TypeSlots { tp_call: Some(proxy_call), ..PROXY_SLOTS },
)
.with_flags(flags::HAVE_GC)
.with_methods(&PROXY_METHODS);

// ---------------------------------------------------------------------
// Queries for the `_weakref` module.

/// `_PyWeakref_GetWeakrefCount`: the live weak references to `obj`.
pub fn weakref_count(obj: &PyObject) -> usize {
    let Some(head) = list_head(obj) else { return 0 };
    let _lock = ListLock::of(ptr::from_ref(obj));
    members(head).len()
}

/// The weak references to `obj` that are still alive
/// (`_weakref.getweakrefs`).
pub fn weakrefs_of(obj: &PyObject) -> PyResult<ObjRef> {
    let list = ListObject::new()?;
    if let Some(head) = list_head(obj) {
        let refs: Vec<PyRef<WeakRefObject>> = {
            let _lock = ListLock::of(ptr::from_ref(obj));
            members(head).into_iter().filter_map(take).collect()
        };
        for r in refs {
            list.append(as_obj(&*r))?;
        }
    }
    Ok(into_obj(list))
}

/// The first weak reference to `v` (`__weakref__`), if any.
pub fn first_weakref(v: &PyObject) -> Option<ObjRef> {
    let head = list_head(v)?;
    let _lock = ListLock::of(ptr::from_ref(v));
    members(head).into_iter().find_map(take).map(into_obj)
}

/// Is `v` a weak reference whose referent is gone (`is_dead_weakref`)?
pub fn is_dead_weakref(v: &PyObject) -> PyResult<bool> {
    if !object::type_check(v, &REF_TYPE) {
        return Err(type_error("not a weakref"));
    }
    Ok(this(v)?.wr_object.load(Ordering::Acquire).is_null())
}
