//! Type objects, ported from Objects/typeobject.c (`PyType_Type`,
//! `PyBaseObject_Type`, `type_ready`, `inherit_slots`, `mro_internal` /
//! `mro_implementation` / `pmerge`, `_PyType_Lookup`, `PyType_IsSubtype`,
//! `type_call`, `type_repr`, `type_getattro`, `object_new`, `object_repr`,
//! `object_richcompare`) and the `PyTypeObject` layout of
//! Include/cpython/object.h.

use core::marker::PhantomData;
use core::ptr::NonNull;
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};

use rupy_gc::{ObjectHeader, PyRef, TypeHead};
use rupy_gc::object::{Destructor, PyObjectLike};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{self, GetSetDef, MethodDef};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{
    self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, is, type_of,
};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::{boolobject, exceptions, unicodeobject};

mod cache;
pub(crate) mod reduce;

pub use cache::type_modified;
pub mod heaptype;
pub mod slotdefs;
pub mod superobject;

/// `tp_flags` bits, at CPython's positions (Include/object.h).
pub mod flags {
    /// `Py_TPFLAGS_INLINE_VALUES`: instances keep their attribute values
    /// inline, past the class's basic size.
    pub const INLINE_VALUES: u64 = 1 << 2;
    /// `Py_TPFLAGS_MANAGED_WEAKREF`: a class added the weak reference
    /// list (CPython keeps it before the object).
    pub const MANAGED_WEAKREF: u64 = 1 << 3;
    /// `Py_TPFLAGS_MANAGED_DICT`.
    pub const MANAGED_DICT: u64 = 1 << 4;
    /// `Py_TPFLAGS_PREHEADER`: what CPython keeps before the object.
    pub const PREHEADER: u64 = MANAGED_DICT | MANAGED_WEAKREF;
    /// `Py_TPFLAGS_SEQUENCE`.
    pub const SEQUENCE: u64 = 1 << 5;
    /// `Py_TPFLAGS_MAPPING`.
    pub const MAPPING: u64 = 1 << 6;
    /// `Py_TPFLAGS_DISALLOW_INSTANTIATION`.
    pub const DISALLOW_INSTANTIATION: u64 = 1 << 7;
    /// `Py_TPFLAGS_IMMUTABLETYPE`.
    pub const IMMUTABLETYPE: u64 = 1 << 8;
    /// `Py_TPFLAGS_HEAPTYPE`.
    pub const HEAPTYPE: u64 = 1 << 9;
    /// `Py_TPFLAGS_BASETYPE`.
    pub const BASETYPE: u64 = 1 << 10;
    /// `Py_TPFLAGS_HAVE_VECTORCALL`.
    pub const HAVE_VECTORCALL: u64 = 1 << 11;
    /// `Py_TPFLAGS_READY`.
    pub const READY: u64 = 1 << 12;
    /// `Py_TPFLAGS_READYING`.
    pub const READYING: u64 = 1 << 13;
    /// `Py_TPFLAGS_HAVE_GC`.
    pub const HAVE_GC: u64 = 1 << 14;
    /// `Py_TPFLAGS_METHOD_DESCRIPTOR`.
    pub const METHOD_DESCRIPTOR: u64 = 1 << 17;
    /// `Py_TPFLAGS_HAVE_VERSION_TAG`.
    pub const HAVE_VERSION_TAG: u64 = 1 << 18;
    /// `Py_TPFLAGS_VALID_VERSION_TAG`.
    pub const VALID_VERSION_TAG: u64 = 1 << 19;
    /// `Py_TPFLAGS_IS_ABSTRACT`.
    pub const IS_ABSTRACT: u64 = 1 << 20;
    /// `Py_TPFLAGS_ITEMS_AT_END`.
    pub const ITEMS_AT_END: u64 = 1 << 23;
    /// `Py_TPFLAGS_LONG_SUBCLASS`.
    pub const LONG_SUBCLASS: u64 = 1 << 24;
    /// `Py_TPFLAGS_LIST_SUBCLASS`.
    pub const LIST_SUBCLASS: u64 = 1 << 25;
    /// `Py_TPFLAGS_TUPLE_SUBCLASS`.
    pub const TUPLE_SUBCLASS: u64 = 1 << 26;
    /// `Py_TPFLAGS_BYTES_SUBCLASS`.
    pub const BYTES_SUBCLASS: u64 = 1 << 27;
    /// `Py_TPFLAGS_UNICODE_SUBCLASS`.
    pub const UNICODE_SUBCLASS: u64 = 1 << 28;
    /// `Py_TPFLAGS_DICT_SUBCLASS`.
    pub const DICT_SUBCLASS: u64 = 1 << 29;
    /// `Py_TPFLAGS_BASE_EXC_SUBCLASS`.
    pub const BASE_EXC_SUBCLASS: u64 = 1 << 30;
    /// `Py_TPFLAGS_TYPE_SUBCLASS`.
    pub const TYPE_SUBCLASS: u64 = 1 << 31;
    /// `Py_TPFLAGS_DEFAULT`.
    pub const DEFAULT: u64 = HAVE_VERSION_TAG;
}

/// `reprfunc` (also `tp_str`, and `unaryfunc` of the number slots).
pub type ReprFunc = fn(&PyObject) -> PyResult<ObjRef>;
/// `hashfunc`.
pub type HashFunc = fn(&PyObject) -> PyResult<isize>;
/// `richcmpfunc`.
pub type RichCmpFunc = fn(&PyObject, &PyObject, CompareOp) -> PyResult<ObjRef>;
/// `getattrofunc`.
pub type GetAttroFunc = fn(&PyObject, &PyObject) -> PyResult<ObjRef>;
/// `setattrofunc` (`None` value deletes).
pub type SetAttroFunc = fn(&PyObject, &PyObject, Option<&PyObject>) -> PyResult<()>;
/// `ternaryfunc` of `tp_call`: callable, positional tuple, keyword dict.
pub type CallFunc = fn(&PyObject, &TupleObject, Option<&DictObject>) -> PyResult<ObjRef>;
/// `vectorcallfunc` of an instance's type (`Py_TPFLAGS_HAVE_VECTORCALL`):
/// positional arguments, then the values of the keywords in `kwnames`.
pub type VectorcallFunc = fn(&PyObject, &[&PyObject], Option<&TupleObject>) -> PyResult<ObjRef>;
/// `descrgetfunc`: descriptor, instance (`None` through the class),
/// owner type.
pub type DescrGetFunc = fn(&PyObject, Option<&PyObject>, Option<&PyObject>) -> PyResult<ObjRef>;
/// `descrsetfunc` (`None` value deletes).
pub type DescrSetFunc = fn(&PyObject, &PyObject, Option<&PyObject>) -> PyResult<()>;
/// `newfunc`.
pub type NewFunc = fn(&TypeObject, &TupleObject, Option<&DictObject>) -> PyResult<ObjRef>;
/// `initproc`.
pub type InitFunc = fn(&PyObject, &TupleObject, Option<&DictObject>) -> PyResult<()>;
/// `binaryfunc`: may return `NotImplemented`.
pub type BinaryFunc = fn(&PyObject, &PyObject) -> PyResult<ObjRef>;
/// `inquiry` of `nb_bool`.
pub type InquiryFunc = fn(&PyObject) -> PyResult<bool>;
/// `lenfunc`.
pub type LenFunc = fn(&PyObject) -> PyResult<isize>;
/// `iternextfunc`: the next item, or `None` when the iterator is
/// exhausted (CPython's `NULL` without an exception set).
pub type IterNextFunc = fn(&PyObject) -> PyResult<Option<ObjRef>>;
/// `traverseproc`: calls the visitor on every object an instance holds
/// a counted reference to (and on nothing else), for the cycle collector.
pub type TraverseFunc = fn(&PyObject, &mut dyn FnMut(&PyObject));
/// `inquiry` of `tp_clear`: drops the references an instance holds, to
/// break a cycle the collector found unreachable.
pub type ClearFunc = fn(&PyObject);
/// `ssizeargfunc` of `sq_item`.
pub type SsizeArgFunc = fn(&PyObject, isize) -> PyResult<ObjRef>;
/// `objobjproc` of `sq_contains`.
pub type ContainsFunc = fn(&PyObject, &PyObject) -> PyResult<bool>;
/// `objobjargproc` of `mp_ass_subscript` (`None` value deletes).
pub type AssSubscriptFunc = fn(&PyObject, &PyObject, Option<&PyObject>) -> PyResult<()>;

/// Reinterprets a slot value as the pointer the cell stores.
#[repr(C)]
union Pun<F: Copy> {
    f: Option<F>,
    p: *mut (),
}

/// A slot of a type (`Option<fn>`). Slots are written only while a type
/// is being readied (before any instance exists, under the readiness
/// `Once` for static types) or, later, while the world is stopped (as
/// 3.14t's `update_slot`); reads are relaxed atomic loads, so a reader
/// needs no lock and never sees a torn pointer.
pub struct Slot<F: Copy>(AtomicPtr<()>, PhantomData<F>);

// SAFETY: the cell holds a function pointer (immutable code address)
// behind an atomic; F is a plain `fn` type.
unsafe impl<F: Copy> Sync for Slot<F> {}

impl<F: Copy> Slot<F> {
    /// A slot holding `f`.
    pub const fn new(f: Option<F>) -> Self {
        const { assert!(size_of::<Option<F>>() == size_of::<*mut ()>()) };
        // SAFETY: Option<fn> is pointer-sized (asserted) and any pointer
        // bit pattern, including null for None, is a valid *mut ().
        Slot(AtomicPtr::new(unsafe { Pun { f }.p }), PhantomData)
    }

    /// The slot's function.
    #[inline]
    pub fn get(&self) -> Option<F> {
        let p = self.0.load(Ordering::Relaxed);
        // SAFETY: every value stored came from an Option<F> (see `new`
        // and `set`), so reading it back as Option<F> is that value.
        unsafe { Pun::<F> { p }.f }
    }

    /// Sets the slot (readiness or stopped world only, see the type doc).
    pub fn set(&self, f: Option<F>) {
        // SAFETY: as in `new`.
        self.0.store(unsafe { Pun { f }.p }, Ordering::Relaxed);
    }

    /// `COPYSLOT`: copies `base`'s function if this slot is empty.
    fn inherit(&self, base: &Slot<F>) {
        if self.get().is_none() {
            self.set(base.get());
        }
    }
}

macro_rules! type_slots {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        /// The slot values of a static type's definition (the function
        /// fields of `PyTypeObject`, `PyNumberMethods`,
        /// `PySequenceMethods` and `PyMappingMethods`).
        #[derive(Clone, Copy)]
        pub struct TypeSlots {
            $( $(#[$doc])* pub $name: Option<$ty>, )*
        }

        impl TypeSlots {
            /// No slots.
            pub const EMPTY: TypeSlots = TypeSlots { $( $name: None, )* };
        }

        /// The slot cells of a type. The number, sequence and mapping
        /// tables are flattened into the type (as `PyHeapTypeObject`
        /// embeds them), so a subtype can inherit single entries.
        pub struct Slots {
            $( $(#[$doc])* pub $name: Slot<$ty>, )*
        }

        impl Slots {
            const fn from_defs(d: TypeSlots) -> Slots {
                Slots { $( $name: Slot::new(d.$name), )* }
            }

            /// `inherit_slots`' plain `COPYSLOT`s, for the slots without
            /// special pairing rules.
            fn inherit_plain(&self, base: &Slots) {
                $( if !matches!(stringify!($name), "tp_hash" | "tp_richcompare" | "tp_getattro" | "tp_setattro" | "tp_vectorcall") {
                    self.$name.inherit(&base.$name);
                } )*
            }
        }
    };
}

type_slots! {
    /// `tp_repr`.
    tp_repr: ReprFunc,
    /// `tp_hash`.
    tp_hash: HashFunc,
    /// `tp_call`.
    tp_call: CallFunc,
    /// The vectorcall of the type's instances (CPython keeps it per
    /// instance at `tp_vectorcall_offset`); not inherited, as a subclass
    /// may define `__call__`.
    tp_vectorcall: VectorcallFunc,
    /// `tp_str`.
    tp_str: ReprFunc,
    /// `tp_getattro`.
    tp_getattro: GetAttroFunc,
    /// `tp_setattro`.
    tp_setattro: SetAttroFunc,
    /// `tp_richcompare`.
    tp_richcompare: RichCmpFunc,
    /// `tp_descr_get`.
    tp_descr_get: DescrGetFunc,
    /// `tp_descr_set`.
    tp_descr_set: DescrSetFunc,
    /// `tp_iter`.
    tp_iter: ReprFunc,
    /// `tp_iternext`.
    tp_iternext: IterNextFunc,
    /// `tp_init`.
    tp_init: InitFunc,
    /// `tp_traverse`: a type with one has collectable instances.
    tp_traverse: TraverseFunc,
    /// `tp_clear`.
    tp_clear: ClearFunc,
    /// `tp_new`.
    tp_new: NewFunc,
    /// `nb_add`.
    nb_add: BinaryFunc,
    /// `nb_subtract`.
    nb_subtract: BinaryFunc,
    /// `nb_multiply`.
    nb_multiply: BinaryFunc,
    /// `nb_remainder`.
    nb_remainder: BinaryFunc,
    /// `nb_power` (two-argument form).
    nb_power: BinaryFunc,
    /// `nb_divmod`.
    nb_divmod: BinaryFunc,
    /// `nb_negative`.
    nb_negative: ReprFunc,
    /// `nb_positive`.
    nb_positive: ReprFunc,
    /// `nb_absolute`.
    nb_absolute: ReprFunc,
    /// `nb_invert`.
    nb_invert: ReprFunc,
    /// `nb_lshift`.
    nb_lshift: BinaryFunc,
    /// `nb_rshift`.
    nb_rshift: BinaryFunc,
    /// `nb_int`.
    nb_int: ReprFunc,
    /// `nb_float`.
    nb_float: ReprFunc,
    /// `nb_index`.
    nb_index: ReprFunc,
    /// `nb_matrix_multiply`.
    nb_matrix_multiply: BinaryFunc,
    /// `nb_bool`.
    nb_bool: InquiryFunc,
    /// `nb_and`.
    nb_and: BinaryFunc,
    /// `nb_xor`.
    nb_xor: BinaryFunc,
    /// `nb_or`.
    nb_or: BinaryFunc,
    /// `nb_floor_divide`.
    nb_floor_divide: BinaryFunc,
    /// `nb_true_divide`.
    nb_true_divide: BinaryFunc,
    /// `nb_inplace_add`.
    nb_inplace_add: BinaryFunc,
    /// `nb_inplace_subtract`.
    nb_inplace_subtract: BinaryFunc,
    /// `nb_inplace_multiply`.
    nb_inplace_multiply: BinaryFunc,
    /// `nb_inplace_remainder`.
    nb_inplace_remainder: BinaryFunc,
    /// `nb_inplace_power`.
    nb_inplace_power: BinaryFunc,
    /// `nb_inplace_lshift`.
    nb_inplace_lshift: BinaryFunc,
    /// `nb_inplace_rshift`.
    nb_inplace_rshift: BinaryFunc,
    /// `nb_inplace_and`.
    nb_inplace_and: BinaryFunc,
    /// `nb_inplace_xor`.
    nb_inplace_xor: BinaryFunc,
    /// `nb_inplace_or`.
    nb_inplace_or: BinaryFunc,
    /// `nb_inplace_floor_divide`.
    nb_inplace_floor_divide: BinaryFunc,
    /// `nb_inplace_true_divide`.
    nb_inplace_true_divide: BinaryFunc,
    /// `nb_inplace_matrix_multiply`.
    nb_inplace_matrix_multiply: BinaryFunc,
    /// `sq_length`.
    sq_length: LenFunc,
    /// `sq_concat`.
    sq_concat: BinaryFunc,
    /// `sq_repeat`.
    sq_repeat: SsizeArgFunc,
    /// `sq_item`.
    sq_item: SsizeArgFunc,
    /// `sq_contains`.
    sq_contains: ContainsFunc,
    /// `sq_inplace_concat`.
    sq_inplace_concat: BinaryFunc,
    /// `sq_inplace_repeat`.
    sq_inplace_repeat: SsizeArgFunc,
    /// `mp_length`.
    mp_length: LenFunc,
    /// `mp_subscript`.
    mp_subscript: BinaryFunc,
    /// `mp_ass_subscript`.
    mp_ass_subscript: AssSubscriptFunc,
    /// `tp_as_buffer`, for native exporters other than bytes and
    /// bytearray (`memoryobject::BufferProcs`).
    tp_as_buffer: &'static crate::objects::memoryobject::BufferProcs,
}

/// A type object (`PyTypeObject`): the header and deallocator
/// (`TypeHead`), then CPython's fields in CPython's order, with the slot
/// functions gathered in [`Slots`].
#[repr(C)]
pub struct TypeObject {
    /// The type's header and `tp_dealloc`.
    pub head: TypeHead,
    /// `tp_name`: for builtins, the bare name (`int`); for classes, the
    /// class name.
    pub tp_name: TpName,
    /// `tp_basicsize`.
    pub tp_basicsize: usize,
    /// `tp_itemsize`.
    pub tp_itemsize: usize,
    /// The slot functions.
    pub slots: Slots,
    /// `tp_flags`.
    pub tp_flags: AtomicU64,
    /// `tp_doc`.
    pub tp_doc: Option<&'static str>,
    /// `tp_methods`.
    pub tp_methods: &'static [MethodDef],
    /// `tp_getset`.
    pub tp_getset: &'static [GetSetDef],
    /// `tp_members`: attributes read through an accessor like getsets,
    /// but published as `member_descriptor`s, read-only when `set` is
    /// `None` (CPython's `PyMemberDef` entries).
    pub tp_members: &'static [GetSetDef],
    /// `tp_base`; null only for `object`.
    pub tp_base: *const TypeObject,
    /// `tp_dict`, set by readiness.
    pub tp_dict: ObjSlot,
    /// `tp_dictoffset`: offset of the instance dict's [`ObjSlot`], 0 if
    /// instances have none.
    pub tp_dictoffset: isize,
    /// `tp_bases`, set by readiness.
    pub tp_bases: ObjSlot,
    /// `tp_mro`, set by readiness.
    pub tp_mro: ObjSlot,
    /// `tp_weaklistoffset`: offset of the instance's weak-reference
    /// [`ObjSlot`], 0 if instances have none.
    pub tp_weaklistoffset: isize,
    /// `tp_weaklist` of the type object itself.
    pub tp_weaklist: ObjSlot,
    /// `tp_subclasses`: the addresses of the live direct subclasses
    /// (heap types unregister themselves when freed). Changed under the
    /// type lock.
    pub tp_subclasses: std::sync::Mutex<Vec<usize>>,
    /// `tp_version_tag`: 0 while the type has no valid tag (see
    /// `cache`).
    pub tp_version_tag: AtomicU32,
}

/// A type's name (`tp_name`). Static types borrow a `&'static str`;
/// a class points into the name buffer its heap type owns, so the text
/// is only handed out for as long as the type is borrowed (the value
/// cannot be copied out).
pub struct TpName(*const str);

impl TpName {
    /// The name of a static type.
    pub const fn new(s: &'static str) -> TpName {
        TpName(s)
    }

    /// The name's text.
    pub fn as_str(&self) -> &str {
        // SAFETY: the pointer is a `&'static str` or points into the
        // name buffer of the heap type that contains this field, which
        // lives as long as `self`.
        unsafe { &*self.0 }
    }
}

impl core::ops::Deref for TpName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl core::fmt::Display for TpName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

// SAFETY: the raw tp_base pointer is set before the type is used and
// points at a type that outlives it; every mutable field is atomic.
unsafe impl Sync for TypeObject {}
// SAFETY: TypeObject is #[repr(C)] and starts with TypeHead, which starts
// with the ObjectHeader.
unsafe impl PyObjectLike for TypeObject {}

impl PyClass for TypeObject {
    fn type_object() -> &'static TypeObject {
        &TYPE_TYPE
    }
}

impl TypeObject {
    /// A static builtin type (a `static PyTypeObject` initializer):
    /// immortal, of type `type`, based on `object` unless changed with
    /// [`with_base`](Self::with_base).
    pub const fn new_static(
        name: &'static str,
        basicsize: usize,
        dealloc: Destructor,
        slots: TypeSlots,
    ) -> TypeObject {
        TypeObject {
            head: TypeHead { ob_base: ObjectHeader::new_static(&raw const TYPE_TYPE.head), tp_dealloc: dealloc },
            tp_name: TpName::new(name),
            tp_basicsize: basicsize,
            tp_itemsize: 0,
            slots: Slots::from_defs(slots),
            tp_flags: AtomicU64::new(flags::DEFAULT | flags::IMMUTABLETYPE),
            tp_doc: None,
            tp_methods: &[],
            tp_getset: &[],
            tp_members: &[],
            tp_base: &raw const OBJECT_TYPE,
            tp_dict: ObjSlot::empty(),
            tp_dictoffset: 0,
            tp_bases: ObjSlot::empty(),
            tp_mro: ObjSlot::empty(),
            tp_weaklistoffset: 0,
            tp_weaklist: ObjSlot::empty(),
            tp_subclasses: std::sync::Mutex::new(Vec::new()),
            tp_version_tag: AtomicU32::new(0),
        }
    }

    /// Sets `tp_base`.
    pub const fn with_base(mut self, base: *const TypeObject) -> Self {
        self.tp_base = base;
        self
    }

    /// Adds `tp_flags` bits.
    pub const fn with_flags(mut self, f: u64) -> Self {
        self.tp_flags = AtomicU64::new(f | flags::DEFAULT | flags::IMMUTABLETYPE);
        self
    }

    /// Sets `tp_methods`.
    pub const fn with_methods(mut self, m: &'static [MethodDef]) -> Self {
        self.tp_methods = m;
        self
    }

    /// Sets `tp_getset`.
    pub const fn with_getset(mut self, g: &'static [GetSetDef]) -> Self {
        self.tp_getset = g;
        self
    }

    /// Sets `tp_members`.
    pub const fn with_members(mut self, m: &'static [GetSetDef]) -> Self {
        self.tp_members = m;
        self
    }

    /// Sets `tp_itemsize`.
    pub const fn with_itemsize(mut self, n: usize) -> Self {
        self.tp_itemsize = n;
        self
    }

    /// Sets `tp_dictoffset`.
    pub const fn with_dictoffset(mut self, off: usize) -> Self {
        self.tp_dictoffset = off as isize;
        self
    }

    /// Sets `tp_weaklistoffset`.
    pub const fn with_weaklistoffset(mut self, off: usize) -> Self {
        self.tp_weaklistoffset = off as isize;
        self
    }

    /// Sets `tp_doc`.
    pub const fn with_doc(mut self, doc: &'static str) -> Self {
        self.tp_doc = Some(doc);
        self
    }

    /// The type's name (`_PyType_Name`: `tp_name` after its last dot).
    pub fn name(&self) -> &str {
        let n = self.tp_name.as_str();
        match n.rfind('.') {
            Some(i) => &n[i + 1..],
            None => n,
        }
    }

    /// `tp_flags`.
    #[inline]
    pub fn flags(&self) -> u64 {
        self.tp_flags.load(Ordering::Relaxed)
    }

    /// `PyType_HasFeature`.
    #[inline]
    pub fn has_feature(&self, f: u64) -> bool {
        self.flags() & f != 0
    }

    /// Sets or clears `Py_TPFLAGS_IS_ABSTRACT` (`type_set_abstractmethods`).
    pub(crate) fn set_abstract(&self, on: bool) {
        if on {
            self.tp_flags.fetch_or(flags::IS_ABSTRACT, Ordering::Relaxed);
        } else {
            self.tp_flags.fetch_and(!flags::IS_ABSTRACT, Ordering::Relaxed);
        }
    }

    /// `tp_base`.
    pub fn base(&self) -> Option<&TypeObject> {
        // SAFETY: tp_base is null or points at a type that outlives self.
        unsafe { self.tp_base.as_ref() }
    }

    /// `PyType_IsSubtype`: walks the MRO if set, else the base chain.
    pub fn is_subtype(&self, b: &TypeObject) -> bool {
        if let Some(mro) = self.mro_tuple() {
            return mro.as_slice().iter().any(|t| core::ptr::eq(&**t, as_obj(b)));
        }
        let mut t = Some(self);
        while let Some(ty) = t {
            if core::ptr::eq(ty, b) {
                return true;
            }
            t = ty.base();
        }
        core::ptr::eq(b, &OBJECT_TYPE)
    }

    /// The MRO as a tuple (`tp_mro`), once ready.
    fn mro_tuple(&self) -> Option<&TupleObject> {
        let p = self.tp_mro.peek();
        // SAFETY: tp_mro is set once by readiness (to an immortal tuple
        // for static types, to a tuple the class owns for classes) and
        // never replaced.
        unsafe { p.cast::<TupleObject>().as_ref() }
    }

    /// `_PyType_Lookup`: the attribute `name` in the dicts along the MRO,
    /// without invoking descriptors.
    /// Goes through the type attribute cache (see `cache`).
    pub fn lookup(&self, name: &PyObject) -> PyResult<Option<ObjRef>> {
        cache::lookup(self, name)
    }

    /// `PyType_Ready` (`type_ready`): readies the base, sets `tp_bases`
    /// and the C3 MRO, fills `tp_dict` with descriptors for `tp_methods`
    /// and `tp_getset`, and inherits slots along the MRO.
    pub fn ready(&self) -> PyResult<()> {
        if self.has_feature(flags::READY | flags::READYING) {
            return Ok(());
        }
        self.tp_flags.fetch_or(flags::READYING, Ordering::Relaxed);
        let res = self.ready_inner();
        self.tp_flags.fetch_and(!flags::READYING, Ordering::Relaxed);
        if res.is_ok() {
            self.tp_flags.fetch_or(flags::READY, Ordering::Relaxed);
        }
        res
    }

    fn ready_inner(&self) -> PyResult<()> {
        if let Some(base) = self.base() {
            base.ready()?;
        }
        if self.tp_bases.peek().is_null() {
            let bases: Vec<&PyObject> = self.base().map(|b| as_obj(b)).into_iter().collect();
            let t = tupleobject::from_slice(&bases)?;
            immortalize(&t);
            self.tp_bases.set(Some(into_obj(t)));
        }
        let mro = self.mro_internal()?;
        immortalize(&mro);
        self.tp_mro.set(Some(into_obj(mro)));
        let dict = DictObject::new()?;
        slotdefs::add_operators(self, &dict)?;
        for m in self.tp_methods {
            let descr = match m.ml_meth {
                descrobject::MethodFn::Class(_) | descrobject::MethodFn::ClassKw(_) => descrobject::new_classmethod_descr(self, m)?,
                _ => descrobject::new_method_descr(self, m)?,
            };
            dict.set_item(&*unicodeobject::intern_str(m.ml_name)?, &descr)?;
        }
        for g in self.tp_getset {
            let descr = descrobject::new_getset_descr(self, g)?;
            dict.set_item(&*unicodeobject::intern_str(g.name)?, &descr)?;
        }
        for m in self.tp_members {
            let descr = descrobject::new_native_member_descr(self, m)?;
            dict.set_item(&*unicodeobject::intern_str(m.name)?, &descr)?;
        }
        let new_name = unicodeobject::intern_str("__new__")?;
        if self.slots.tp_new.get().is_some() && dict.get_item(&new_name)?.is_none() {
            dict.set_item(&new_name, &*descrobject::new_tp_new_wrapper(self)?)?;
        }
        let doc_name = unicodeobject::intern_str("__doc__")?;
        if dict.get_item(&doc_name)?.is_none() {
            match self.tp_doc {
                Some(doc) => {
                    let body = heaptype::split_internal_doc(self.tp_name.as_str(), doc).1;
                    dict.set_item(&doc_name, &*unicodeobject::from_static(body)?)?
                }
                None => dict.set_item(&doc_name, &object::NONE)?,
            }
        }
        // The descriptors live as long as the static type, and every thread
        // calling a builtin method takes a reference to one: immortal, so
        // those references write no shared count.
        for (_, v) in dict.items() {
            immortalize(&v);
        }
        immortalize(&dict);
        self.tp_dict.set(Some(into_obj(dict)));
        self.inherit_from_mro()?;
        self.register_subclass();
        Ok(())
    }

    /// `type_ready_inherit` and `type_ready_set_hash`: slots from each
    /// base along the MRO, then `__hash__ = None` for a type left with
    /// no hash.
    fn inherit_from_mro(&self) -> PyResult<()> {
        if let Some(mro) = self.mro_tuple() {
            for b in &mro.as_slice()[1..] {
                // SAFETY: MRO entries are types.
                let base = unsafe { b.as_ptr().cast::<TypeObject>().as_ref() };
                self.inherit_slots(base)?;
                // `inherit_patma_flags`: the first base in MRO order with a
                // collection flag gives it.
                const COLLECTION: u64 = flags::SEQUENCE | flags::MAPPING;
                if self.flags() & COLLECTION == 0 {
                    self.tp_flags.fetch_or(base.flags() & COLLECTION, Ordering::Relaxed);
                }
            }
        }
        // `type_ready_set_new`: a type that disallows instantiation gets
        // no inherited `tp_new`.
        if self.has_feature(flags::DISALLOW_INSTANTIATION) {
            self.slots.tp_new.set(None);
        }
        if self.slots.tp_hash.get().is_none()
            && let Some(dict) = self.tp_dict.get()
            && let Some(d) = downcast::<DictObject>(&dict)
        {
            let name = unicodeobject::intern_str("__hash__")?;
            if d.get_item(&name)?.is_none() {
                d.set_item(&name, &object::NONE)?;
                self.slots.tp_hash.set(Some(hash_not_implemented));
            }
        }
        Ok(())
    }

    /// `type_ready_add_subclasses`: records `self` in each base's
    /// `tp_subclasses`.
    fn register_subclass(&self) {
        let Some(bases) = self.tp_bases.get() else { return };
        let Some(bases) = downcast::<TupleObject>(&bases) else { return };
        let me = core::ptr::from_ref(self) as usize;
        cache::with_type_lock(|| {
            for b in bases.as_slice() {
                if let Some(bt) = downcast::<TypeObject>(b) {
                    bt.tp_subclasses.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(me);
                }
            }
        });
    }

    /// `inherit_slots`: copies each empty slot from `base`; `tp_hash`
    /// comes with `tp_richcompare` and `tp_getattro` with `tp_setattro`,
    /// each pair only when the subtype defines neither.
    fn inherit_slots(&self, base: &TypeObject) -> PyResult<()> {
        let (s, b) = (&self.slots, &base.slots);
        s.inherit_plain(b);
        if s.tp_richcompare.get().is_none() && s.tp_hash.get().is_none() && !self.overrides_hash()? {
            s.tp_richcompare.set(b.tp_richcompare.get());
            s.tp_hash.set(b.tp_hash.get());
        }
        if s.tp_getattro.get().is_none() && s.tp_setattro.get().is_none() {
            s.tp_getattro.set(b.tp_getattro.get());
            s.tp_setattro.set(b.tp_setattro.get());
        }
        Ok(())
    }

    /// `overrides_hash`: does the type's own dict define `__eq__` or
    /// `__hash__` (so it must not inherit the pair)?
    fn overrides_hash(&self) -> PyResult<bool> {
        let Some(dict) = self.tp_dict.get() else { return Ok(false) };
        let Some(d) = downcast::<DictObject>(&dict) else { return Ok(false) };
        Ok(d.get_item(&*unicodeobject::intern_str("__eq__")?)?.is_some()
            || d.get_item(&*unicodeobject::intern_str("__hash__")?)?.is_some())
    }

    /// `mro_internal` / `mro_implementation`: the C3 linearization of the
    /// type and its bases (`pmerge` of the bases' MROs and the bases).
    pub fn mro_internal(&self) -> PyResult<PyRef<TupleObject>> {
        let bases_obj = self.tp_bases.get();
        let bases: Vec<*const TypeObject> = match bases_obj.as_deref().and_then(downcast::<TupleObject>) {
            Some(t) => t.as_slice().iter().map(|b| b.as_ptr().cast::<TypeObject>().as_ptr().cast_const()).collect(),
            None => Vec::new(),
        };
        let mut to_merge: Vec<Vec<*const TypeObject>> = Vec::new();
        for &b in &bases {
            // SAFETY: bases are live types.
            let bt = unsafe { &*b };
            let Some(m) = bt.mro_tuple() else {
                return Err(errors::set_string(exceptions::type_error(), "base type is not ready"));
            };
            to_merge.push(m.as_slice().iter().map(|t| t.as_ptr().cast::<TypeObject>().as_ptr().cast_const()).collect());
        }
        to_merge.push(bases);
        let mut result: Vec<*const TypeObject> = vec![core::ptr::from_ref(self)];
        pmerge(&mut result, to_merge)?;
        let objs: Vec<&PyObject> = result
            .iter()
            // SAFETY: all entries are live types.
            .map(|&t| as_obj(unsafe { &*t }))
            .collect();
        tupleobject::from_slice(&objs)
    }
}

/// Readies a class built by `type_new` (its `tp_bases` and `tp_dict`
/// already set): MRO, slot inheritance, hash, subclass registration.
fn ready_heap_type(t: &TypeObject) -> PyResult<()> {
    t.tp_flags.fetch_or(flags::READYING, Ordering::Relaxed);
    let res = (|| -> PyResult<()> {
        let mro = t.mro_internal()?;
        t.tp_mro.set(Some(into_obj(mro)));
        t.inherit_from_mro()
    })();
    t.tp_flags.fetch_and(!flags::READYING, Ordering::Relaxed);
    res?;
    t.register_subclass();
    t.tp_flags.fetch_or(flags::READY, Ordering::Relaxed);
    Ok(())
}

/// `pmerge`: repeatedly takes the first head that appears in no list's
/// tail; fails with CPython's message naming the remaining heads.
fn pmerge(acc: &mut Vec<*const TypeObject>, mut to_merge: Vec<Vec<*const TypeObject>>) -> PyResult<()> {
    let mut remain = vec![0usize; to_merge.len()];
    loop {
        let mut empty_cnt = 0;
        let mut picked = None;
        for i in 0..to_merge.len() {
            if remain[i] >= to_merge[i].len() {
                empty_cnt += 1;
                continue;
            }
            let candidate = to_merge[i][remain[i]];
            let in_tail = to_merge.iter().zip(&remain).any(|(l, &r)| l.iter().skip(r + 1).any(|&t| t == candidate));
            if !in_tail {
                picked = Some(candidate);
                break;
            }
        }
        if let Some(c) = picked {
            acc.push(c);
            for (l, r) in to_merge.iter().zip(remain.iter_mut()) {
                if *r < l.len() && l[*r] == c {
                    *r += 1;
                }
            }
            continue;
        }
        if empty_cnt == to_merge.len() {
            return Ok(());
        }
        let mut heads: Vec<*const TypeObject> = Vec::new();
        for (l, &r) in to_merge.iter_mut().zip(&remain) {
            if r < l.len() && !heads.contains(&l[r]) {
                heads.push(l[r]);
            }
        }
        // SAFETY: heads are live types.
        let names: Vec<&str> = heads.iter().map(|&t| unsafe { &*t }.name()).collect();
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("Cannot create a consistent method resolution order (MRO) for bases {}", names.join(", ")),
        ));
    }
}

/// Makes an object that a static type keeps forever immortal, as
/// CPython's static types' dicts and MROs are.
fn immortalize<T: PyObjectLike>(r: &PyRef<T>) {
    r.header().set_immortal();
}

/// The deallocator of immortal singletons (`None`, `True`, static types):
/// their count never reaches zero, so it is never called.
///
/// # Safety
/// None needed: it does nothing.
pub unsafe fn dealloc_immortal(_op: NonNull<ObjectHeader>) {}

/// Readies every static builtin type once per process (`_PyTypes_InitTypes`
/// / `_PyStaticType_InitBuiltin`).
pub fn ready_builtin_types() {
    static READY: Once = Once::new();
    if READY.is_completed() {
        return;
    }
    READY.call_once(|| {
        for t in builtin_types() {
            // A failure here is an internal error; the type stays unready
            // and its lookups find nothing.
            if t.ready().is_err() {
                let _ = errors::take_raised();
            }
        }
    });
}

/// The static builtin types, bases first.
fn builtin_types() -> Vec<&'static TypeObject> {
    let mut v: Vec<&'static TypeObject> = vec![
        &OBJECT_TYPE,
        &TYPE_TYPE,
        &object::NONE_TYPE,
        &object::NOT_IMPLEMENTED_TYPE,
        &crate::objects::longobject::INT_TYPE,
        &boolobject::BOOL_TYPE,
        &crate::objects::floatobject::FLOAT_TYPE,
        &unicodeobject::STR_TYPE,
        &unicodeobject::STR_ITER_TYPE,
        &unicodeobject::STR_ASCII_ITER_TYPE,
        &tupleobject::TUPLE_TYPE,
        &crate::objects::listobject::LIST_TYPE,
        &crate::objects::listobject::LIST_ITER_TYPE,
        &crate::objects::listobject::LIST_REVITER_TYPE,
        &crate::objects::dictobject::DICT_TYPE,
        &descrobject::METHOD_DESCR_TYPE,
        &descrobject::GETSET_DESCR_TYPE,
        &descrobject::WRAPPER_DESCR_TYPE,
        &descrobject::METHOD_WRAPPER_TYPE,
        &descrobject::MEMBER_DESCR_TYPE,
        &descrobject::CLASSMETHOD_DESCR_TYPE,
        &descrobject::PROPERTY_TYPE,
        &descrobject::CLASSMETHOD_TYPE,
        &descrobject::STATICMETHOD_TYPE,
        &crate::objects::methodobject::CFUNCTION_TYPE,
        &crate::objects::classobject::METHOD_TYPE,
        &superobject::SUPER_TYPE,
        &crate::objects::iterobject::SEQ_ITER_TYPE,
        &crate::objects::iterobject::CALL_ITER_TYPE,
        &crate::objects::sliceobject::SLICE_TYPE,
        &crate::objects::sliceobject::ELLIPSIS_TYPE,
        &crate::objects::complexobject::COMPLEX_TYPE,
        &crate::objects::rangeobject::RANGE_TYPE,
        &crate::objects::rangeobject::RANGE_ITER_TYPE,
        &crate::objects::rangeobject::LONGRANGE_ITER_TYPE,
        &crate::objects::enumobject::ENUMERATE_TYPE,
        &crate::objects::enumobject::REVERSED_TYPE,
        &crate::objects::setobject::SET_TYPE,
        &crate::objects::setobject::FROZENSET_TYPE,
        &crate::objects::setobject::SET_ITER_TYPE,
        &crate::objects::bytesobject::BYTES_TYPE,
        &crate::objects::bytearrayobject::BYTEARRAY_TYPE,
        &crate::objects::memoryobject::MEMORYVIEW_TYPE,
        &crate::objects::bytesobject::BYTES_ITER_TYPE,
        &crate::objects::bytesobject::BYTEARRAY_ITER_TYPE,
        &tupleobject::TUPLE_ITER_TYPE,
        &crate::objects::iterobject::DICT_KEYITER_TYPE,
        &crate::objects::iterobject::DICT_VALUEITER_TYPE,
        &crate::objects::iterobject::DICT_ITEMITER_TYPE,
        &crate::objects::iterobject::DICT_KEYS_TYPE,
        &crate::objects::iterobject::DICT_VALUES_TYPE,
        &crate::objects::iterobject::DICT_ITEMS_TYPE,
        &crate::objects::iterobject::DICT_REVKEYITER_TYPE,
        &crate::objects::iterobject::DICT_REVVALUEITER_TYPE,
        &crate::objects::iterobject::DICT_REVITEMITER_TYPE,
    ];
    v.extend(exceptions::static_exception_types());
    v
}

// ---------------------------------------------------------------------
// `object` (PyBaseObject_Type).

/// `object` (`PyBaseObject_Type`).
pub static OBJECT_TYPE: TypeObject = TypeObject::new_static(
    "object",
    size_of::<PyObject>(),
    object::dealloc_simple::<PyObject>,
    TypeSlots {
        tp_repr: Some(object_repr),
        tp_hash: Some(object::generic_hash),
        tp_str: Some(object_str),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_richcompare: Some(object_richcompare),
        tp_init: Some(object_init),
        tp_new: Some(object_new),
        ..TypeSlots::EMPTY
    },
)
.with_base(core::ptr::null())
.with_flags(flags::BASETYPE)
.with_methods(&OBJECT_METHODS)
.with_getset(&OBJECT_GETSET)
.with_doc("object()\n--\n\nThe base class of the class hierarchy.\n\nWhen called, it accepts no arguments and returns a new featureless\ninstance that has no instance attributes and cannot be given any.\n");

/// `object`'s methods (`object_methods`).
pub(crate) static OBJECT_METHODS: [MethodDef; 8] = [
    MethodDef {
        ml_name: "__init_subclass__",
        ml_meth: descrobject::MethodFn::Class(object_init_subclass),
        ml_doc: Some("__init_subclass__($type, /)\n--\n\nThis method is called when a class is subclassed.\n\nThe default implementation does nothing. It may be\noverridden to extend subclasses.\n"),
    },
    crate::objects::formatter_unicode::OBJECT_FORMAT_METHOD,
    reduce::OBJECT_REDUCE_EX_METHOD,
    reduce::OBJECT_REDUCE_METHOD,
    reduce::OBJECT_GETSTATE_METHOD,
    reduce::OBJECT_SUBCLASSHOOK_METHOD,
    reduce::OBJECT_SIZEOF_METHOD,
    reduce::OBJECT_DIR_METHOD,
];

/// `object_init_subclass`: does nothing (keywords were refused by
/// `type_new`'s check).
fn object_init_subclass(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if !args.is_empty() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("object.__init_subclass__() takes no arguments ({} given)", args.len()),
        ));
    }
    Ok(object::none())
}

/// `object_get_class`.
fn object_get_class(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(type_of(v)))
}

/// `object`'s getsets (`object_getsets`).
static OBJECT_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "__class__", get: object_get_class, set: Some(heaptype::object_set_class), doc: Some("the object's class") }];

/// `object_repr`: `<T object at 0x...>`.
fn object_repr(v: &PyObject) -> PyResult<ObjRef> {
    let name = heaptype::object_repr_type_name(type_of(v));
    unicodeobject::from_string(format!("<{name} object at {v:p}>")).map(into_obj)
}

/// `object_str`: the repr.
fn object_str(v: &PyObject) -> PyResult<ObjRef> {
    object::repr(v).map(into_obj)
}

/// `object_richcompare`: identity for `==`; `!=` inverts `==`.
fn object_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    match op {
        CompareOp::Eq => Ok(if is(v, w) { boolobject::from_bool(true) } else { object::not_implemented() }),
        CompareOp::Ne => {
            let Some(eq) = type_of(v).slots.tp_richcompare.get() else {
                return Ok(object::not_implemented());
            };
            let res = eq(v, w, CompareOp::Eq)?;
            if object::is_not_implemented(&res) {
                return Ok(res);
            }
            Ok(boolobject::from_bool(!object::is_true(&res)?))
        }
        _ => Ok(object::not_implemented()),
    }
}

/// Are there any arguments (`excess_args`)?
fn excess_args(args: &TupleObject, kwds: Option<&DictObject>) -> bool {
    args.len() > 0 || kwds.is_some_and(|k| k.len() > 0)
}

/// Whether `ty` has an `__init__` other than `object.__init__` (the
/// `tp_init != PyBaseObject_Type.tp_init` test of argument clinic's
/// keyword checks).
pub fn overrides_init(ty: &TypeObject) -> bool {
    ty.slots.tp_init.get().is_some_and(|f| !core::ptr::fn_addr_eq(f, object_init as InitFunc))
}

/// `object_new`: an instance with just the header; rejects arguments
/// unless the type overrides `__init__` (and not `__new__`).
fn object_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if excess_args(args, kwds) {
        let own_init = ty.slots.tp_init.get().is_some_and(|f| !core::ptr::fn_addr_eq(f, object_init as InitFunc));
        let own_new = ty.slots.tp_new.get().is_some_and(|f| !core::ptr::fn_addr_eq(f, object_new as NewFunc));
        if own_new {
            return Err(errors::set_string(
                exceptions::type_error(),
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if !own_init {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{}() takes no arguments", ty.name()),
            ));
        }
    }
    let base = heaptype::static_base(ty);
    if base.tp_basicsize != size_of::<PyObject>() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("object.__new__({}) is not safe, use {}.__new__()", ty.name(), base.name()),
        ));
    }
    if ty.has_feature(flags::IS_ABSTRACT) {
        return Err(reduce::abstract_instantiation_error(ty));
    }
    // SAFETY: the layout past the header consists of a class's ObjSlots,
    // valid when zeroed.
    unsafe { heaptype::generic_alloc::<PyObject>(ty) }
}

/// `object_init`: rejects arguments unless the type overrides `__new__`
/// (and not `__init__`).
fn object_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let ty = type_of(v);
    if excess_args(args, kwds) {
        let own_init = ty.slots.tp_init.get().is_some_and(|f| !core::ptr::fn_addr_eq(f, object_init as InitFunc));
        let own_new = ty.slots.tp_new.get().is_some_and(|f| !core::ptr::fn_addr_eq(f, object_new as NewFunc));
        if own_init {
            return Err(errors::set_string(
                exceptions::type_error(),
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if !own_new {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("{}.__init__() takes exactly one argument (the instance to initialize)", ty.name()),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// `type` (PyType_Type).

/// `type` (`PyType_Type`). Its instances are static types (immortal)
/// or classes (`HeapTypeObject`, freed by `type_dealloc`).
pub static TYPE_TYPE: TypeObject = TypeObject::new_static(
    "type",
    size_of::<heaptype::HeapTypeObject>(),
    heaptype::type_dealloc,
    TypeSlots {
        tp_repr: Some(type_repr),
        tp_call: Some(type_call),
        tp_getattro: Some(type_getattro),
        tp_setattro: Some(heaptype::type_setattro),
        tp_init: Some(type_init),
        tp_new: Some(heaptype::type_new),
        tp_traverse: Some(heaptype::type_traverse),
        tp_clear: Some(heaptype::type_clear),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::TYPE_SUBCLASS | flags::HAVE_GC)
.with_getset(&heaptype::TYPE_GETSET)
.with_methods(&TYPE_METHODS)
.with_dictoffset(core::mem::offset_of!(TypeObject, tp_dict))
.with_weaklistoffset(core::mem::offset_of!(TypeObject, tp_weaklist))
.with_doc("type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type");

/// `type`'s methods (`type_methods`).
static TYPE_METHODS: [MethodDef; 3] = [
    MethodDef {
        ml_name: "__prepare__",
        ml_meth: descrobject::MethodFn::ClassKw(type_prepare),
        ml_doc: Some(
            "__prepare__($cls, name, bases, /, **kwds)\n--\n\nCreate the namespace for the class statement",
        ),
    },
    MethodDef {
        ml_name: "mro",
        ml_meth: descrobject::MethodFn::NoArgs(type_mro),
        ml_doc: Some("mro($self, /)\n--\n\nReturn a type's method resolution order."),
    },
    MethodDef {
        ml_name: "__subclasses__",
        ml_meth: descrobject::MethodFn::NoArgs(type_subclasses),
        ml_doc: Some("__subclasses__($self, /)\n--\n\nReturn a list of immediate subclasses."),
    },
];

/// `type.__prepare__(name, bases, **kwds)` (`type_prepare`): a fresh
/// dict, whatever the arguments.
fn type_prepare(_cls: &PyObject, _args: &[ObjRef], _kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    Ok(into_obj(DictObject::new()?))
}

/// `type.mro()`: the C3 linearization as a list.
fn type_mro(v: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TypeObject>(v) else { return Err(errors::bad_internal_call()) };
    let mro = t.mro_internal()?;
    let items: Vec<&PyObject> = mro.as_slice().iter().map(|o| &**o).collect();
    crate::objects::listobject::ListObject::from_slice(&items).map(into_obj)
}

/// `type.__subclasses__()`.
fn type_subclasses(v: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TypeObject>(v) else { return Err(errors::bad_internal_call()) };
    let list = crate::objects::listobject::ListObject::new()?;
    let subs: Vec<ObjRef> = cache::with_type_lock(|| {
        t.tp_subclasses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .filter_map(|&s| {
                // SAFETY: registered subclasses are live while the type
                // lock is held (they unregister under it before being
                // freed), and try_incref fails for one already dying.
                let o = as_obj(unsafe { &*(s as *const TypeObject) });
                // A class the cycle collector is freeing is gone already,
                // as its weak reference would be in CPython's list.
                if o.has_gc_bits(rupy_gc::object::gc_bits::UNREACHABLE) {
                    return None;
                }
                rupy_gc::refcount::try_incref(o).then(|| {
                    // SAFETY: the reference was just taken.
                    unsafe { PyRef::from_raw(NonNull::from(o)) }
                })
            })
            .collect()
    });
    for s in &subs {
        list.append(s)?;
    }
    Ok(into_obj(list))
}

/// `type_repr`: `<class 'name'>` for builtins, `<class 'module.qualname'>`
/// for classes.
fn type_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TypeObject>(v) else { return Err(errors::bad_internal_call()) };
    unicodeobject::from_string(heaptype::heap_type_repr(t)?).map(into_obj)
}

/// `type_init`: checks the argument count (`type(x)` or `type(name,
/// bases, dict)`).
fn type_init(_v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    if args.len() == 1 && kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "type.__init__() takes no keyword arguments"));
    }
    if args.len() != 1 && args.len() != 3 {
        return Err(errors::set_string(exceptions::type_error(), "type.__init__() takes 1 or 3 arguments"));
    }
    Ok(())
}

/// `type_call`: `type(x)` is `x`'s type; otherwise `tp_new`, then
/// `tp_init` if the result is an instance of the type.
fn type_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TypeObject>(v) else { return Err(errors::bad_internal_call()) };
    if core::ptr::eq(t, &TYPE_TYPE) {
        if args.len() == 1 && kwds.is_none_or(|k| k.len() == 0) {
            return Ok(object::new_ref(type_of(&args.as_slice()[0])));
        }
        if args.len() != 3 {
            return Err(errors::set_string(exceptions::type_error(), "type() takes 1 or 3 arguments"));
        }
    }
    let Some(new) = t.slots.tp_new.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("cannot create '{}' instances", t.tp_name),
        ));
    };
    let obj = new(t, args, kwds)?;
    if !object::type_check(&obj, t) {
        return Ok(obj);
    }
    if let Some(init) = type_of(&obj).slots.tp_init.get() {
        init(&obj, args, kwds)?;
    }
    Ok(obj)
}

/// `type_getattro` (`_Py_type_getattro_impl`): a data descriptor of the
/// metatype wins, then the type's own MRO (calling `__get__` with no
/// instance), then a non-data attribute of the metatype.
fn type_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TypeObject>(v) else { return Err(errors::bad_internal_call()) };
    let meta = type_of(v);
    let meta_attr = meta.lookup(name)?;
    let mut meta_get = None;
    if let Some(ma) = &meta_attr {
        let s = &type_of(ma).slots;
        meta_get = s.tp_descr_get.get();
        if let Some(f) = meta_get
            && s.tp_descr_set.get().is_some()
        {
            return f(ma, Some(v), Some(as_obj(meta)));
        }
    }
    if let Some(attr) = t.lookup(name)? {
        if let Some(f) = type_of(&attr).slots.tp_descr_get.get() {
            return f(&attr, None, Some(v));
        }
        return Ok(attr);
    }
    if let Some(f) = meta_get {
        return f(meta_attr.as_deref().unwrap_or(&object::NONE), Some(v), Some(as_obj(meta)));
    }
    if let Some(ma) = meta_attr {
        return Ok(ma);
    }
    Err(errors::set_string(
        exceptions::attribute_error(),
        &format!("type object '{}' has no attribute '{}'", t.tp_name, object::str_lossy(name)),
    ))
}

/// `PyObject_HashNotImplemented`: the `tp_hash` of unhashable types,
/// which also blocks inheriting `object`'s hash.
pub fn hash_not_implemented(v: &PyObject) -> PyResult<isize> {
    Err(errors::set_string(
        exceptions::type_error(),
        &format!("unhashable type: '{}'", type_of(v).tp_name.as_str()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state;
    use crate::objects::longobject::INT_TYPE;
    use crate::objects::{boolobject::BOOL_TYPE, listobject::LIST_TYPE};

    #[test]
    fn builtin_mros_and_subtyping() {
        state::ensure();
        assert!(BOOL_TYPE.is_subtype(&INT_TYPE));
        assert!(BOOL_TYPE.is_subtype(&OBJECT_TYPE));
        assert!(!INT_TYPE.is_subtype(&BOOL_TYPE));
        let mro = BOOL_TYPE.mro_tuple().unwrap();
        let names: Vec<&str> = mro
            .as_slice()
            .iter()
            .map(|t| downcast::<TypeObject>(t).unwrap().name())
            .collect();
        assert_eq!(names, ["bool", "int", "object"]);
        assert!(LIST_TYPE.has_feature(flags::READY));
        assert!(TYPE_TYPE.is_subtype(&OBJECT_TYPE));
    }

    static A: TypeObject = TypeObject::new_static("A", 32, dealloc_immortal, TypeSlots::EMPTY);
    static B: TypeObject = TypeObject::new_static("B", 32, dealloc_immortal, TypeSlots::EMPTY);
    static C: TypeObject = TypeObject::new_static("C", 32, dealloc_immortal, TypeSlots::EMPTY).with_base(&raw const A);
    static D: TypeObject = TypeObject::new_static("D", 32, dealloc_immortal, TypeSlots::EMPTY).with_base(&raw const A);
    static E: TypeObject = TypeObject::new_static("E", 32, dealloc_immortal, TypeSlots::EMPTY).with_base(&raw const A);

    fn names(t: &PyRef<TupleObject>) -> Vec<&str> {
        t.as_slice().iter().map(|t| downcast::<TypeObject>(t).unwrap().name()).collect()
    }

    #[test]
    fn c3_linearization_and_conflict() {
        state::ensure();
        A.ready().unwrap();
        B.ready().unwrap();
        C.ready().unwrap();
        D.ready().unwrap();
        // class E(C, D, B): C3 gives E, C, D, A, B, object.
        let bases = tupleobject::from_slice(&[as_obj(&C), as_obj(&D), as_obj(&B)]).unwrap();
        E.tp_bases.set(Some(into_obj(bases)));
        assert_eq!(names(&E.mro_internal().unwrap()), ["E", "C", "D", "A", "B", "object"]);
        // class E(A, C): A precedes its own subclass, no order exists.
        let bad = tupleobject::from_slice(&[as_obj(&A), as_obj(&C)]).unwrap();
        E.tp_bases.set(Some(into_obj(bad)));
        assert!(E.mro_internal().is_err());
        let exc = errors::take_raised().unwrap();
        assert_eq!(
            object::str(&exc).unwrap().to_string_lossy(),
            "Cannot create a consistent method resolution order (MRO) for bases A, C"
        );
    }

    #[test]
    fn type_repr_call_and_attribute_errors() {
        state::ensure();
        let r = object::repr(as_obj(&INT_TYPE)).unwrap();
        assert_eq!(r.to_string_lossy(), "<class 'int'>");
        let one = crate::objects::longobject::from_i64(1).unwrap();
        let t = object::call(as_obj(&TYPE_TYPE), &[&one]).unwrap();
        assert!(is(&t, as_obj(&INT_TYPE)));
        let o = object::call(as_obj(&OBJECT_TYPE), &[]).unwrap();
        assert!(object::repr(&o).unwrap().to_string_lossy().starts_with("<object object at 0x"));
        assert!(object::call(as_obj(&OBJECT_TYPE), &[&one]).is_err());
        assert_eq!(errors::take_message().unwrap(), "TypeError: object() takes no arguments");
        assert!(object::get_attr_str(&o, "foo").is_err());
        assert_eq!(errors::take_message().unwrap(), "AttributeError: 'object' object has no attribute 'foo'");
        assert!(object::get_attr_str(as_obj(&INT_TYPE), "foo").is_err());
        assert_eq!(errors::take_message().unwrap(), "AttributeError: type object 'int' has no attribute 'foo'");
    }
}

/// `_PyType_GetFullyQualifiedName` (`%T`): `module.qualname`, without
/// the module for `builtins` and `__main__`.
pub fn fully_qualified_name(ty: &TypeObject) -> String {
    let part = |attr: &str| {
        let r = object::get_attr_str(object::as_obj(ty), attr);
        match r.as_deref().ok().and_then(object::downcast::<crate::objects::unicodeobject::StrObject>) {
            Some(s) => Some(s.to_string_lossy()),
            None => {
                errors::clear();
                None
            }
        }
    };
    let Some(qualname) = part("__qualname__") else { return ty.name().to_string() };
    match part("__module__") {
        Some(m) if m != "builtins" && m != "__main__" => format!("{m}.{qualname}"),
        _ => qualname,
    }
}
