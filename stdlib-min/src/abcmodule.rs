//! The `_abc` module, ported from Modules/_abc.c: the state of an
//! `abc.ABCMeta` class (`_abc_data`: registry, positive and negative
//! caches as sets of weak references, the negative cache's version),
//! `_abc_init` (`compute_abstract_methods` and the `__abc_tpflags__`
//! collection flags), `_abc_register`, `_abc_instancecheck`,
//! `_abc_subclasscheck` (`subclasscheck_check_registry`), `_get_dump`,
//! `_reset_registry`, `_reset_caches` and `get_cache_token`.
//!
//! The sets are created lazily under the `_abc_data` object's critical
//! section and never replaced afterwards, so readers use them without
//! the lock (as 3.14t). A weak reference in a set removes itself when
//! its class dies, through a `_destroy` callback (`_destroy`,
//! `_add_to_weak_set`); CPython's callback holds a weak reference to the
//! set, rupy's to the `_abc_data` (sets are not weakly referenceable
//! yet) and the set's field.

use core::sync::atomic::{AtomicU64, Ordering};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::call;
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, ObjSlot, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::setobject::{self, SetObject};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{self, TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;
use rupy::objects::weakrefobject;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `abc_invalidation_counter`: bumped by every registration, so that
/// negative caches are cleared before their next use.
static INVALIDATION_COUNTER: AtomicU64 = AtomicU64::new(0);

// ---------------------------------------------------------------------
// _abc_data.

/// The `_abc_impl` of an ABC (`_abc_data`).
#[repr(C)]
struct AbcData {
    ob_base: ObjectHeader,
    registry: ObjSlot,
    cache: ObjSlot,
    negative_cache: ObjSlot,
    negative_cache_version: AtomicU64,
    /// The head of the weak-reference list (`tp_weaklistoffset`).
    weakreflist: core::sync::atomic::AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AbcData {}

fn new_abc_data() -> PyResult<ObjRef> {
    let d = AbcData {
        ob_base: ObjectHeader::new(&ABC_DATA_TYPE.head),
        registry: ObjSlot::empty(),
        cache: ObjSlot::empty(),
        negative_cache: ObjSlot::empty(),
        negative_cache_version: AtomicU64::new(INVALIDATION_COUNTER.load(Ordering::Acquire)),
        weakreflist: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
    };
    object::new_object(d).map(into_obj)
}

/// `abc_data_new`.
fn abc_data_new(_ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    new_abc_data()
}

static ABC_DATA_TYPE: TypeObject = TypeObject::new_static(
    "_abc._abc_data",
    size_of::<AbcData>(),
    object::dealloc_weakrefable::<AbcData>,
    TypeSlots { tp_new: Some(abc_data_new), ..TypeSlots::EMPTY },
)
.with_flags(flags::HAVE_GC)
.with_weaklistoffset(core::mem::offset_of!(AbcData, weakreflist))
.with_doc("Internal state held by ABC machinery.");

/// `_get_impl`: the class's `_abc_impl`, checked.
fn get_impl(slf: &PyObject) -> PyResult<ObjRef> {
    let impl_ = object::get_attr_str(slf, "_abc_impl")?;
    if !object::is_type(&impl_, &ABC_DATA_TYPE) {
        return Err(type_error("_abc_impl is set to a wrong type"));
    }
    Ok(impl_)
}

fn data(impl_: &PyObject) -> &AbcData {
    debug_assert!(object::is_type(impl_, &ABC_DATA_TYPE));
    // SAFETY: `get_impl` checked the exact type.
    unsafe { &*core::ptr::from_ref(impl_).cast::<AbcData>() }
}

fn as_set(s: &PyObject) -> PyResult<&SetObject> {
    downcast::<SetObject>(s).ok_or_else(errors::bad_internal_call)
}

/// `_in_weak_set`: whether a weak reference to `obj` is in the set
/// (an object that cannot be weakly referenced is in no set).
fn in_weak_set(slot: &ObjSlot, obj: &PyObject) -> PyResult<bool> {
    let Some(set) = slot.get() else { return Ok(false) };
    let set = as_set(&set)?;
    if set.is_empty() {
        return Ok(false);
    }
    let r = match object::call(as_obj(&weakrefobject::REF_TYPE), &[obj]) {
        Ok(r) => r,
        Err(e) => {
            if errors::exception_matches(exceptions::type_error()) {
                drop(e);
                errors::clear();
                return Ok(false);
            }
            return Err(e);
        }
    };
    set.contains(&r)
}

/// Which set of an `_abc_data` a weak reference is in.
#[derive(Clone, Copy)]
enum Which {
    Registry,
    Cache,
    NegativeCache,
}

impl AbcData {
    fn slot(&self, w: Which) -> &ObjSlot {
        match w {
            Which::Registry => &self.registry,
            Which::Cache => &self.cache,
            Which::NegativeCache => &self.negative_cache,
        }
    }
}

/// The callback of a weak reference in an ABC's set (`_destroy`): it
/// discards the reference from the set, if the ABC's data is still
/// alive.
#[repr(C)]
struct DestroyObject {
    ob_base: ObjectHeader,
    implweakref: ObjRef,
    which: Which,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DestroyObject {}

fn destroy_call(v: &PyObject, args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if !object::is_type(v, &DESTROY_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the (final) type.
    let d = unsafe { &*core::ptr::from_ref(v).cast::<DestroyObject>() };
    let [objweakref] = args.as_slice() else {
        return Err(type_error(&format!("_destroy() takes exactly one argument ({} given)", args.len())));
    };
    let impl_ = object::call(&d.implweakref, &[])?;
    if object::is_type(&impl_, &ABC_DATA_TYPE)
        && let Some(set) = data(&impl_).slot(d.which).get()
    {
        as_set(&set)?.discard(objweakref)?;
    }
    Ok(object::none())
}

static DESTROY_TYPE: TypeObject = TypeObject::new_static(
    "_abc._destroy",
    size_of::<DestroyObject>(),
    object::dealloc_simple::<DestroyObject>,
    TypeSlots { tp_call: Some(destroy_call), ..TypeSlots::EMPTY },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE);

/// `_add_to_weak_set`: adds a weak reference to `obj` to the set in
/// `slot`, creating the set on first use.
fn add_to_weak_set(impl_: &PyObject, which: Which, obj: &PyObject) -> PyResult<()> {
    let slot = data(impl_).slot(which);
    let set = object::critical_section(impl_, || -> PyResult<ObjRef> {
        if let Some(s) = slot.get() {
            return Ok(s);
        }
        let s = setobject::new_set(None)?;
        slot.set(Some(s.clone()));
        Ok(s)
    })?;
    let ref_type = as_obj(&weakrefobject::REF_TYPE);
    let wr = object::call(ref_type, &[impl_])?;
    let cb = object::new_object(DestroyObject { ob_base: ObjectHeader::new(&DESTROY_TYPE.head), implweakref: wr, which })?;
    let r = object::call(ref_type, &[obj, as_obj(&*cb)])?;
    as_set(&set)?.add(&r)
}

/// Empties the set in `slot`, if there is one.
fn clear_set(slot: &ObjSlot) -> PyResult<()> {
    if let Some(s) = slot.get() {
        object::call(&*object::get_attr_str(&s, "clear")?, &[])?;
    }
    Ok(())
}

// ---------------------------------------------------------------------
// The module's functions.

fn one_arg<'a>(name: &str, args: &'a [&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    match args {
        [a] => Ok(a),
        _ => Err(type_error(&format!("_abc.{name}() takes exactly one argument ({} given)", args.len()))),
    }
}

fn two_args<'a>(name: &str, args: &'a [&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<(&'a PyObject, &'a PyObject)> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    match args {
        [a, b] => Ok((a, b)),
        _ => Err(type_error(&format!("{name} expected 2 arguments, got {}", args.len()))),
    }
}

/// `_abc._reset_registry(self)`.
fn reset_registry(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let slf = one_arg("_reset_registry", args, kwnames)?;
    let impl_ = get_impl(slf)?;
    clear_set(&data(&impl_).registry)?;
    Ok(object::none())
}

/// `_abc._reset_caches(self)`.
fn reset_caches(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let slf = one_arg("_reset_caches", args, kwnames)?;
    let impl_ = get_impl(slf)?;
    let d = data(&impl_);
    clear_set(&d.cache)?;
    clear_set(&d.negative_cache)?;
    Ok(object::none())
}

/// `_abc._get_dump(self)`: copies of the registry and both caches, and
/// the negative cache's version.
fn get_dump(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let slf = one_arg("_get_dump", args, kwnames)?;
    let impl_ = get_impl(slf)?;
    let d = data(&impl_);
    let copy = |slot: &ObjSlot| setobject::new_set(slot.get().as_deref());
    let (registry, cache, negative) = (copy(&d.registry)?, copy(&d.cache)?, copy(&d.negative_cache)?);
    let version = longobject::from_bigint(d.negative_cache_version.load(Ordering::Acquire).into())?;
    tupleobject::from_slice(&[&registry, &cache, &negative, &version]).map(into_obj)
}

/// `PyObject_GetOptionalAttr`: `None` on AttributeError.
fn optional_attr(obj: &PyObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    match object::get_attr(obj, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if errors::exception_matches(exceptions::attribute_error()) {
                drop(e);
                errors::clear();
                return Ok(None);
            }
            Err(e)
        }
    }
}

/// `compute_abstract_methods`: sets `__abstractmethods__` to the names
/// of the class's own abstract attributes and of its bases' that are
/// still abstract.
fn compute_abstract_methods(slf: &PyObject) -> PyResult<()> {
    let abstracts = setobject::new_set(None)?;
    let abs_set = as_set(&abstracts)?;
    let ns = object::get_attr_str(slf, "__dict__")?;
    let items = object::call(&*object::get_attr_str(&ns, "items")?, &[])?;
    let items = r#abstract::collect(&items)?;
    for it in &items {
        let pair = r#abstract::collect(it)
            .map_err(|_| errors::set_string(exceptions::type_error(), "items() returned non-iterable"))?;
        let [key, value] = &pair[..] else {
            return Err(type_error("items() returned item which size is not 2"));
        };
        if rupy::objects::descrobject::is_abstract(value)? {
            abs_set.add(key)?;
        }
    }
    let bases = object::get_attr_str(slf, "__bases__")?;
    let Some(bases) = downcast::<TupleObject>(&bases) else {
        return Err(type_error("__bases__ is not tuple"));
    };
    let name = unicodeobject::intern_str("__abstractmethods__")?;
    for base in bases.as_slice() {
        let Some(base_abstracts) = optional_attr(base, &name)? else { continue };
        let iter = r#abstract::get_iter(&base_abstracts)?;
        while let Some(key) = r#abstract::iter_next(&iter)? {
            let Some(value) = optional_attr(slf, &key)? else { continue };
            if rupy::objects::descrobject::is_abstract(&value)? {
                abs_set.add(&key)?;
            }
        }
    }
    let frozen = setobject::new_frozenset(Some(&abstracts))?;
    object::set_attr(slf, &name, Some(&frozen))
}

const COLLECTION_FLAGS: u64 = flags::SEQUENCE | flags::MAPPING;

/// `_abc._abc_init(self)`.
fn abc_init(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let slf = one_arg("_abc_init", args, kwnames)?;
    compute_abstract_methods(slf)?;
    let d = new_abc_data()?;
    object::set_attr(slf, &*unicodeobject::intern_str("_abc_impl")?, Some(&d))?;
    if let Some(cls) = downcast::<TypeObject>(slf) {
        let Some(dict) = cls.tp_dict.get() else { return Ok(object::none()) };
        let Some(dict) = downcast::<DictObject>(&dict) else { return Ok(object::none()) };
        let Some(tpflags) = dict.pop_item(&*unicodeobject::intern_str("__abc_tpflags__")?)? else {
            return Ok(object::none());
        };
        typeobject::type_modified(cls);
        if !object::is_type(&tpflags, &longobject::INT_TYPE) {
            return Ok(object::none());
        }
        let val = r#abstract::as_ssize(&tpflags, Some(exceptions::overflow_error()))? as u64;
        if val & COLLECTION_FLAGS == COLLECTION_FLAGS {
            return Err(type_error(
                "__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING",
            ));
        }
        cls.tp_flags.fetch_or(val & COLLECTION_FLAGS, Ordering::Relaxed);
    }
    Ok(object::none())
}

/// `_PyType_SetFlagsRecursive` for the collection flags: `ty` and its
/// subclasses get `flag` unless immutable or already flagged.
fn set_collection_flag_recursive(ty: &TypeObject, flag: u64) -> PyResult<()> {
    if ty.has_feature(flags::IMMUTABLETYPE) || ty.flags() & COLLECTION_FLAGS != 0 {
        return Ok(());
    }
    ty.tp_flags.fetch_and(!COLLECTION_FLAGS, Ordering::Relaxed);
    ty.tp_flags.fetch_or(flag, Ordering::Relaxed);
    let subclasses = object::call(&*object::get_attr_str(as_obj(ty), "__subclasses__")?, &[])?;
    for sub in r#abstract::collect(&subclasses)? {
        if let Some(t) = downcast::<TypeObject>(&sub) {
            set_collection_flag_recursive(t, flag)?;
        }
    }
    Ok(())
}

/// `_abc._abc_register(self, subclass)`.
fn abc_register(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (slf, subclass) = two_args("_abc_register", args, kwnames)?;
    let Some(sub_ty) = downcast::<TypeObject>(subclass) else {
        return Err(type_error("Can only register classes"));
    };
    if r#abstract::is_subclass(subclass, slf)? {
        return Ok(object::new_ref(subclass));
    }
    // Checked after "already a subclass", so X.register(X) is a no-op.
    if r#abstract::is_subclass(slf, subclass)? {
        return Err(errors::set_string(exceptions::runtime_error(), "Refusing to create an inheritance cycle"));
    }
    let impl_ = get_impl(slf)?;
    add_to_weak_set(&impl_, Which::Registry, subclass)?;
    INVALIDATION_COUNTER.fetch_add(1, Ordering::AcqRel);
    if let Some(cls) = downcast::<TypeObject>(slf) {
        let flag = cls.flags() & COLLECTION_FLAGS;
        if flag != 0 {
            set_collection_flag_recursive(sub_ty, flag)?;
        }
    }
    Ok(object::new_ref(subclass))
}

fn call_subclasscheck(slf: &PyObject, cls: &PyObject) -> PyResult<ObjRef> {
    let m = object::get_attr_str(slf, "__subclasscheck__")?;
    call::call(&m, &[cls])
}

/// `_abc._abc_instancecheck(self, instance)`.
fn abc_instancecheck(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (slf, instance) = two_args("_abc_instancecheck", args, kwnames)?;
    let impl_ = get_impl(slf)?;
    let d = data(&impl_);
    // Without a `__class__`, the type (as `isinstance`).
    let subclass = match optional_attr(instance, &*unicodeobject::intern_str("__class__")?)? {
        Some(c) => c,
        None => object::new_ref(as_obj(type_of(instance))),
    };
    if in_weak_set(&d.cache, &subclass)? {
        return Ok(boolobject::from_bool(true));
    }
    // Owned: a `__subclasscheck__` may reassign `instance.__class__`.
    let subtype = object::new_ref(as_obj(type_of(instance)));
    if object::is(&subtype, &subclass) {
        if d.negative_cache_version.load(Ordering::Acquire) == INVALIDATION_COUNTER.load(Ordering::Acquire)
            && in_weak_set(&d.negative_cache, &subclass)?
        {
            return Ok(boolobject::from_bool(false));
        }
        return call_subclasscheck(slf, &subclass);
    }
    let result = call_subclasscheck(slf, &subclass)?;
    if object::is_true(&result)? {
        return Ok(result);
    }
    call_subclasscheck(slf, &subtype)
}

/// `subclasscheck_check_registry`: whether `subclass` is a subclass of
/// a registered class (cached when it is).
fn check_registry(impl_: &PyObject, subclass: &PyObject) -> PyResult<bool> {
    let d = data(impl_);
    if in_weak_set(&d.registry, subclass)? {
        return Ok(true);
    }
    let Some(shared) = d.registry.get() else { return Ok(false) };
    // A copy, as other threads may register meanwhile.
    let registry = setobject::new_frozenset(Some(&shared))?;
    let iter = r#abstract::get_iter(&registry)?;
    while let Some(wr) = r#abstract::iter_next(&iter)? {
        if !object::type_check(&wr, &weakrefobject::REF_TYPE) {
            return Err(type_error(&format!("expected a weakref, got {}", type_of(&wr).name())));
        }
        let rkey = object::call(&wr, &[])?;
        if object::is_none(&rkey) {
            continue;
        }
        if r#abstract::is_subclass(subclass, &rkey)? {
            add_to_weak_set(impl_, Which::Cache, subclass)?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// `_abc._abc_subclasscheck(self, subclass)`.
fn abc_subclasscheck(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (slf, subclass) = two_args("_abc_subclasscheck", args, kwnames)?;
    let Some(sub_ty) = downcast::<TypeObject>(subclass) else {
        return Err(type_error("issubclass() arg 1 must be a class"));
    };
    let impl_ = get_impl(slf)?;
    let d = data(&impl_);
    // 1. The cache.
    if in_weak_set(&d.cache, subclass)? {
        return Ok(boolobject::from_bool(true));
    }
    // 2. The negative cache, cleared first if outdated.
    let counter = INVALIDATION_COUNTER.load(Ordering::Acquire);
    if d.negative_cache_version.load(Ordering::Acquire) < counter {
        clear_set(&d.negative_cache)?;
        d.negative_cache_version.store(counter, Ordering::Release);
    } else if in_weak_set(&d.negative_cache, subclass)? {
        return Ok(boolobject::from_bool(false));
    }
    // 3. The subclass hook.
    let hook = object::get_attr_str(slf, "__subclasshook__")?;
    let ok = call::call(&hook, &[subclass])?;
    if object::is(&ok, as_obj(&boolobject::TRUE)) {
        add_to_weak_set(&impl_, Which::Cache, subclass)?;
        return Ok(ok);
    }
    if object::is(&ok, as_obj(&boolobject::FALSE)) {
        add_to_weak_set(&impl_, Which::NegativeCache, subclass)?;
        return Ok(ok);
    }
    if !object::is_not_implemented(&ok) {
        return Err(errors::set_string(
            exceptions::assertion_error(),
            "__subclasshook__ must return either False, True, or NotImplemented",
        ));
    }
    // 4. A direct subclass.
    if let Some(cls) = downcast::<TypeObject>(slf)
        && sub_ty.is_subtype(cls)
    {
        add_to_weak_set(&impl_, Which::Cache, subclass)?;
        return Ok(boolobject::from_bool(true));
    }
    // 5. A subclass of a registered class.
    if check_registry(&impl_, subclass)? {
        return Ok(boolobject::from_bool(true));
    }
    // 6. A subclass of a subclass.
    let subclasses = object::call(&*object::get_attr_str(slf, "__subclasses__")?, &[])?;
    let Some(list) = downcast::<ListObject>(&subclasses) else {
        return Err(type_error("__subclasses__() must return a list"));
    };
    for scls in list.snapshot() {
        if r#abstract::is_subclass(subclass, &scls)? {
            add_to_weak_set(&impl_, Which::Cache, subclass)?;
            return Ok(boolobject::from_bool(true));
        }
    }
    add_to_weak_set(&impl_, Which::NegativeCache, subclass)?;
    Ok(boolobject::from_bool(false))
}

/// `_abc.get_cache_token()`.
fn get_cache_token(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if !args.is_empty() || kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("get_cache_token() takes no arguments ({} given)", args.len())));
    }
    longobject::from_bigint(INVALIDATION_COUNTER.load(Ordering::Acquire).into())
}

static FUNCTIONS: [BuiltinDef; 8] = [
    BuiltinDef { name: "get_cache_token", func: get_cache_token },
    BuiltinDef { name: "_abc_init", func: abc_init },
    BuiltinDef { name: "_reset_registry", func: reset_registry },
    BuiltinDef { name: "_reset_caches", func: reset_caches },
    BuiltinDef { name: "_get_dump", func: get_dump },
    BuiltinDef { name: "_abc_register", func: abc_register },
    BuiltinDef { name: "_abc_instancecheck", func: abc_instancecheck },
    BuiltinDef { name: "_abc_subclasscheck", func: abc_subclasscheck },
];


/// `_abcmodule_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_abc")?;
    m.add_functions(&FUNCTIONS)?;
    ABC_DATA_TYPE.ready()?;
    DESTROY_TYPE.ready()?;
    m.add_object("_abc_data", as_obj(&ABC_DATA_TYPE))?;
    Ok(into_obj(m))
}
