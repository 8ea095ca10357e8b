//! The slot table of Objects/typeobject.c (`slotdefs`) and both
//! directions of the slot/dunder correspondence:
//!
//! - a builtin type's slots appear in its dict as `wrapper_descriptor`s
//!   (`add_operators`, and the `wrap_*` functions that call a slot with
//!   Python arguments);
//! - a class's dunder methods fill its slots (`fixup_slot_dispatchers` /
//!   `update_one_slot` / `update_slot`) with the `slot_*` dispatchers
//!   that look the method up and call it.

use std::sync::atomic::{AtomicPtr, Ordering};

use rupy_gc::PyRef;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{self, WrapperDescrObject};
use crate::objects::dictobject::DictObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::methodobject::CFunctionObject;
use crate::objects::object::{
    self, CompareOp, ObjRef, PyObject, as_obj, downcast, is_not_implemented, type_of,
};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{
    BinaryFunc, CallFunc, ContainsFunc, DescrGetFunc, DescrSetFunc, GetAttroFunc, HashFunc, InitFunc, InquiryFunc,
    IterNextFunc, LenFunc, NewFunc, ReprFunc, RichCmpFunc, SetAttroFunc, Slots, SsizeArgFunc, AssSubscriptFunc,
    TypeObject,
};
use crate::objects::{boolobject, exceptions, r#abstract, unicodeobject};

/// An interned name made once and kept (interned strings are immortal),
/// for the dunder lookups of the dispatchers (`_Py_ID`).
pub struct StaticName {
    text: &'static str,
    ptr: AtomicPtr<PyObject>,
}

impl StaticName {
    /// The name `text`, interned on first use.
    pub const fn new(text: &'static str) -> StaticName {
        StaticName { text, ptr: AtomicPtr::new(core::ptr::null_mut()) }
    }

    /// The interned string.
    pub fn get(&self) -> PyResult<&'static PyObject> {
        let mut p = self.ptr.load(Ordering::Acquire);
        if p.is_null() {
            let s = unicodeobject::intern_str(self.text)?;
            p = s.into_raw().as_ptr();
            // Interned strings are deduplicated, so a racing store writes
            // the same pointer; the reference we own is never released.
            self.ptr.store(p, Ordering::Release);
        }
        // SAFETY: interned strings are immortal.
        Ok(unsafe { &*p })
    }

    /// The text.
    pub fn text(&self) -> &'static str {
        self.text
    }
}

/// A slot's function, tagged with its signature.
#[derive(Clone, Copy)]
pub enum SlotFn {
    /// `reprfunc` / `unaryfunc` / `getiterfunc`.
    Unary(ReprFunc),
    /// `hashfunc`.
    Hash(HashFunc),
    /// `ternaryfunc` of `tp_call`.
    Call(CallFunc),
    /// `getattrofunc`.
    GetAttro(GetAttroFunc),
    /// `setattrofunc`.
    SetAttro(SetAttroFunc),
    /// `richcmpfunc`.
    RichCmp(RichCmpFunc),
    /// `iternextfunc`.
    IterNext(IterNextFunc),
    /// `descrgetfunc`.
    DescrGet(DescrGetFunc),
    /// `descrsetfunc`.
    DescrSet(DescrSetFunc),
    /// `initproc`.
    Init(InitFunc),
    /// `binaryfunc`.
    Binary(BinaryFunc),
    /// `inquiry`.
    Inquiry(InquiryFunc),
    /// `lenfunc`.
    Len(LenFunc),
    /// `ssizeargfunc`.
    SsizeArg(SsizeArgFunc),
    /// `objobjproc`.
    Contains(ContainsFunc),
    /// `objobjargproc`.
    AssSubscript(AssSubscriptFunc),
}

impl SlotFn {
    /// The code address, to compare two slot functions.
    fn addr(self) -> usize {
        match self {
            SlotFn::Unary(f) => f as usize,
            SlotFn::Hash(f) => f as usize,
            SlotFn::Call(f) => f as usize,
            SlotFn::GetAttro(f) => f as usize,
            SlotFn::SetAttro(f) => f as usize,
            SlotFn::RichCmp(f) => f as usize,
            SlotFn::IterNext(f) => f as usize,
            SlotFn::DescrGet(f) => f as usize,
            SlotFn::DescrSet(f) => f as usize,
            SlotFn::Init(f) => f as usize,
            SlotFn::Binary(f) => f as usize,
            SlotFn::Inquiry(f) => f as usize,
            SlotFn::Len(f) => f as usize,
            SlotFn::SsizeArg(f) => f as usize,
            SlotFn::Contains(f) => f as usize,
            SlotFn::AssSubscript(f) => f as usize,
        }
    }
}

macro_rules! slot_ids {
    ($( $id:ident => $field:ident : $variant:ident ),* $(,)?) => {
        /// Which slot of a type (`offsetof` in a slotdef).
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum SlotId { $( #[doc = stringify!($field)] $id, )* }

        impl SlotId {
            /// The type's current function in this slot.
            pub fn get(self, s: &Slots) -> Option<SlotFn> {
                match self { $( SlotId::$id => s.$field.get().map(SlotFn::$variant), )* }
            }

            /// Sets the slot (a function of another signature clears it).
            fn set(self, s: &Slots, f: Option<SlotFn>) {
                match self { $( SlotId::$id => s.$field.set(match f { Some(SlotFn::$variant(g)) => Some(g), _ => None }), )* }
            }
        }
    };
}

slot_ids! {
    GetAttro => tp_getattro: GetAttro,
    SetAttro => tp_setattro: SetAttro,
    Repr => tp_repr: Unary,
    Hash => tp_hash: Hash,
    Call => tp_call: Call,
    Str => tp_str: Unary,
    RichCompare => tp_richcompare: RichCmp,
    Iter => tp_iter: Unary,
    IterNext => tp_iternext: IterNext,
    DescrGet => tp_descr_get: DescrGet,
    DescrSet => tp_descr_set: DescrSet,
    Init => tp_init: Init,
    NbAdd => nb_add: Binary,
    NbSubtract => nb_subtract: Binary,
    NbMultiply => nb_multiply: Binary,
    NbRemainder => nb_remainder: Binary,
    NbDivmod => nb_divmod: Binary,
    NbPower => nb_power: Binary,
    NbNegative => nb_negative: Unary,
    NbPositive => nb_positive: Unary,
    NbAbsolute => nb_absolute: Unary,
    NbBool => nb_bool: Inquiry,
    NbInvert => nb_invert: Unary,
    NbLshift => nb_lshift: Binary,
    NbRshift => nb_rshift: Binary,
    NbAnd => nb_and: Binary,
    NbXor => nb_xor: Binary,
    NbOr => nb_or: Binary,
    NbInt => nb_int: Unary,
    NbFloat => nb_float: Unary,
    NbFloorDivide => nb_floor_divide: Binary,
    NbTrueDivide => nb_true_divide: Binary,
    NbIndex => nb_index: Unary,
    NbMatrixMultiply => nb_matrix_multiply: Binary,
    NbInplaceAdd => nb_inplace_add: Binary,
    NbInplaceSubtract => nb_inplace_subtract: Binary,
    NbInplaceMultiply => nb_inplace_multiply: Binary,
    NbInplaceRemainder => nb_inplace_remainder: Binary,
    NbInplacePower => nb_inplace_power: Binary,
    NbInplaceLshift => nb_inplace_lshift: Binary,
    NbInplaceRshift => nb_inplace_rshift: Binary,
    NbInplaceAnd => nb_inplace_and: Binary,
    NbInplaceXor => nb_inplace_xor: Binary,
    NbInplaceOr => nb_inplace_or: Binary,
    NbInplaceFloorDivide => nb_inplace_floor_divide: Binary,
    NbInplaceTrueDivide => nb_inplace_true_divide: Binary,
    NbInplaceMatrixMultiply => nb_inplace_matrix_multiply: Binary,
    MpLength => mp_length: Len,
    MpSubscript => mp_subscript: Binary,
    MpAssSubscript => mp_ass_subscript: AssSubscript,
    SqLength => sq_length: Len,
    SqConcat => sq_concat: Binary,
    SqRepeat => sq_repeat: SsizeArg,
    SqItem => sq_item: SsizeArg,
    SqContains => sq_contains: Contains,
    SqInplaceConcat => sq_inplace_concat: Binary,
    SqInplaceRepeat => sq_inplace_repeat: SsizeArg,
}

/// How a wrapper passes Python arguments to the slot (the `wrap_*`
/// function of a slotdef).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flavor {
    /// The natural call.
    Plain,
    /// Operands swapped (`wrap_binaryfunc_r`).
    Reversed,
    /// The deleting form (`wrap_delattr`, `wrap_delitem`,
    /// `wrap_descr_delete`).
    Delete,
    /// A rich comparison with this operator (`richcmp_*`).
    Op(CompareOp),
    /// No wrapper: the name only selects the dispatcher (`__getattr__`).
    None,
    /// An index-sized integer argument, not adjusted for negatives
    /// (`wrap_indexargfunc`).
    IndexArg,
}

/// One slotdef: a dunder name, the slot it maps to, how a wrapper calls
/// the slot, and the dispatcher a class gets when it defines the name.
pub struct SlotDef {
    /// The dunder name.
    pub name: StaticName,
    /// The slot.
    pub id: SlotId,
    /// The wrapper's calling convention.
    pub flavor: Flavor,
    /// The `slot_*` dispatcher (`None`: classes cannot fill this slot
    /// from Python).
    pub generic: Option<SlotFn>,
    /// Whether the wrapper takes keyword arguments
    /// (`PyWrapperFlag_KEYWORDS`).
    pub keywords: bool,
}

impl SlotDef {
    /// The wrapper's internal docstring (`slotdef.doc`: signature line,
    /// `--`, text), `None` for the slots that have none.
    pub fn doc(&self) -> Option<&'static str> {
        Some(match (self.name.text(), self.id) {
            ("__iadd__", SlotId::SqInplaceConcat) => "__iadd__($self, value, /)\n--\n\nImplement self+=value.",
            ("__imul__", SlotId::SqInplaceRepeat) => "__imul__($self, value, /)\n--\n\nImplement self*=value.",
            ("__iadd__", _) => "__iadd__($self, value, /)\n--\n\nReturn self+=value.",
            ("__imul__", _) => "__imul__($self, value, /)\n--\n\nReturn self*=value.",
            ("__abs__", _) => "__abs__($self, /)\n--\n\nabs(self)",
            ("__add__", _) => "__add__($self, value, /)\n--\n\nReturn self+value.",
            ("__and__", _) => "__and__($self, value, /)\n--\n\nReturn self&value.",
            ("__bool__", _) => "__bool__($self, /)\n--\n\nTrue if self else False",
            ("__call__", _) => "__call__($self, /, *args, **kwargs)\n--\n\nCall self as a function.",
            ("__contains__", _) => "__contains__($self, key, /)\n--\n\nReturn bool(key in self).",
            ("__delattr__", _) => "__delattr__($self, name, /)\n--\n\nImplement delattr(self, name).",
            ("__delete__", _) => "__delete__($self, instance, /)\n--\n\nDelete an attribute of instance.",
            ("__delitem__", _) => "__delitem__($self, key, /)\n--\n\nDelete self[key].",
            ("__divmod__", _) => "__divmod__($self, value, /)\n--\n\nReturn divmod(self, value).",
            ("__eq__", _) => "__eq__($self, value, /)\n--\n\nReturn self==value.",
            ("__float__", _) => "__float__($self, /)\n--\n\nfloat(self)",
            ("__floordiv__", _) => "__floordiv__($self, value, /)\n--\n\nReturn self//value.",
            ("__ge__", _) => "__ge__($self, value, /)\n--\n\nReturn self>=value.",
            ("__get__", _) => "__get__($self, instance, owner=None, /)\n--\n\nReturn an attribute of instance, which is of type owner.",
            ("__getattr__", _) => "__getattr__($self, name, /)\n--\n\nImplement getattr(self, name).",
            ("__getattribute__", _) => "__getattribute__($self, name, /)\n--\n\nReturn getattr(self, name).",
            ("__getitem__", _) => "__getitem__($self, key, /)\n--\n\nReturn self[key].",
            ("__gt__", _) => "__gt__($self, value, /)\n--\n\nReturn self>value.",
            ("__hash__", _) => "__hash__($self, /)\n--\n\nReturn hash(self).",
            ("__iand__", _) => "__iand__($self, value, /)\n--\n\nReturn self&=value.",
            ("__ifloordiv__", _) => "__ifloordiv__($self, value, /)\n--\n\nReturn self//=value.",
            ("__ilshift__", _) => "__ilshift__($self, value, /)\n--\n\nReturn self<<=value.",
            ("__imatmul__", _) => "__imatmul__($self, value, /)\n--\n\nReturn self@=value.",
            ("__imod__", _) => "__imod__($self, value, /)\n--\n\nReturn self%=value.",
            ("__index__", _) => "__index__($self, /)\n--\n\nReturn self converted to an integer, if self is suitable for use as an index into a list.",
            ("__init__", _) => "__init__($self, /, *args, **kwargs)\n--\n\nInitialize self.  See help(type(self)) for accurate signature.",
            ("__int__", _) => "__int__($self, /)\n--\n\nint(self)",
            ("__invert__", _) => "__invert__($self, /)\n--\n\n~self",
            ("__ior__", _) => "__ior__($self, value, /)\n--\n\nReturn self|=value.",
            ("__ipow__", _) => "__ipow__($self, value, /)\n--\n\nReturn self**=value.",
            ("__irshift__", _) => "__irshift__($self, value, /)\n--\n\nReturn self>>=value.",
            ("__isub__", _) => "__isub__($self, value, /)\n--\n\nReturn self-=value.",
            ("__iter__", _) => "__iter__($self, /)\n--\n\nImplement iter(self).",
            ("__itruediv__", _) => "__itruediv__($self, value, /)\n--\n\nReturn self/=value.",
            ("__ixor__", _) => "__ixor__($self, value, /)\n--\n\nReturn self^=value.",
            ("__le__", _) => "__le__($self, value, /)\n--\n\nReturn self<=value.",
            ("__len__", _) => "__len__($self, /)\n--\n\nReturn len(self).",
            ("__lshift__", _) => "__lshift__($self, value, /)\n--\n\nReturn self<<value.",
            ("__lt__", _) => "__lt__($self, value, /)\n--\n\nReturn self<value.",
            ("__matmul__", _) => "__matmul__($self, value, /)\n--\n\nReturn self@value.",
            ("__mod__", _) => "__mod__($self, value, /)\n--\n\nReturn self%value.",
            ("__mul__", _) => "__mul__($self, value, /)\n--\n\nReturn self*value.",
            ("__ne__", _) => "__ne__($self, value, /)\n--\n\nReturn self!=value.",
            ("__neg__", _) => "__neg__($self, /)\n--\n\n-self",
            ("__next__", _) => "__next__($self, /)\n--\n\nImplement next(self).",
            ("__or__", _) => "__or__($self, value, /)\n--\n\nReturn self|value.",
            ("__pos__", _) => "__pos__($self, /)\n--\n\n+self",
            ("__pow__", _) => "__pow__($self, value, mod=None, /)\n--\n\nReturn pow(self, value, mod).",
            ("__radd__", _) => "__radd__($self, value, /)\n--\n\nReturn value+self.",
            ("__rand__", _) => "__rand__($self, value, /)\n--\n\nReturn value&self.",
            ("__rdivmod__", _) => "__rdivmod__($self, value, /)\n--\n\nReturn divmod(value, self).",
            ("__repr__", _) => "__repr__($self, /)\n--\n\nReturn repr(self).",
            ("__rfloordiv__", _) => "__rfloordiv__($self, value, /)\n--\n\nReturn value//self.",
            ("__rlshift__", _) => "__rlshift__($self, value, /)\n--\n\nReturn value<<self.",
            ("__rmatmul__", _) => "__rmatmul__($self, value, /)\n--\n\nReturn value@self.",
            ("__rmod__", _) => "__rmod__($self, value, /)\n--\n\nReturn value%self.",
            ("__rmul__", _) => "__rmul__($self, value, /)\n--\n\nReturn value*self.",
            ("__ror__", _) => "__ror__($self, value, /)\n--\n\nReturn value|self.",
            ("__rpow__", _) => "__rpow__($self, value, mod=None, /)\n--\n\nReturn pow(value, self, mod).",
            ("__rrshift__", _) => "__rrshift__($self, value, /)\n--\n\nReturn value>>self.",
            ("__rshift__", _) => "__rshift__($self, value, /)\n--\n\nReturn self>>value.",
            ("__rsub__", _) => "__rsub__($self, value, /)\n--\n\nReturn value-self.",
            ("__rtruediv__", _) => "__rtruediv__($self, value, /)\n--\n\nReturn value/self.",
            ("__rxor__", _) => "__rxor__($self, value, /)\n--\n\nReturn value^self.",
            ("__set__", _) => "__set__($self, instance, value, /)\n--\n\nSet an attribute of instance to value.",
            ("__setattr__", _) => "__setattr__($self, name, value, /)\n--\n\nImplement setattr(self, name, value).",
            ("__setitem__", _) => "__setitem__($self, key, value, /)\n--\n\nSet self[key] to value.",
            ("__str__", _) => "__str__($self, /)\n--\n\nReturn str(self).",
            ("__sub__", _) => "__sub__($self, value, /)\n--\n\nReturn self-value.",
            ("__truediv__", _) => "__truediv__($self, value, /)\n--\n\nReturn self/value.",
            ("__xor__", _) => "__xor__($self, value, /)\n--\n\nReturn self^value.",
            _ => return None,
        })
    }
}

const fn def(name: &'static str, id: SlotId, flavor: Flavor, generic: Option<SlotFn>) -> SlotDef {
    SlotDef { name: StaticName::new(name), id, flavor, generic, keywords: false }
}

const fn kwdef(name: &'static str, id: SlotId, generic: SlotFn) -> SlotDef {
    SlotDef { name: StaticName::new(name), id, flavor: Flavor::Plain, generic: Some(generic), keywords: true }
}

use Flavor::{Delete, IndexArg, Op, Plain, Reversed};
use SlotFn as F;

/// The slot table, in CPython's order (which is the order wrappers are
/// added to a builtin type's dict).
pub static SLOTDEFS: [SlotDef; 81] = [
    def("__getattribute__", SlotId::GetAttro, Plain, Some(F::GetAttro(slot_tp_getattr_hook))),
    def("__getattr__", SlotId::GetAttro, Flavor::None, Some(F::GetAttro(slot_tp_getattr_hook))),
    def("__setattr__", SlotId::SetAttro, Plain, Some(F::SetAttro(slot_tp_setattro))),
    def("__delattr__", SlotId::SetAttro, Delete, Some(F::SetAttro(slot_tp_setattro))),
    def("__repr__", SlotId::Repr, Plain, Some(F::Unary(slot_tp_repr))),
    def("__hash__", SlotId::Hash, Plain, Some(F::Hash(slot_tp_hash))),
    kwdef("__call__", SlotId::Call, F::Call(slot_tp_call)),
    def("__str__", SlotId::Str, Plain, Some(F::Unary(slot_tp_str))),
    def("__lt__", SlotId::RichCompare, Op(CompareOp::Lt), Some(F::RichCmp(slot_tp_richcompare))),
    def("__le__", SlotId::RichCompare, Op(CompareOp::Le), Some(F::RichCmp(slot_tp_richcompare))),
    def("__eq__", SlotId::RichCompare, Op(CompareOp::Eq), Some(F::RichCmp(slot_tp_richcompare))),
    def("__ne__", SlotId::RichCompare, Op(CompareOp::Ne), Some(F::RichCmp(slot_tp_richcompare))),
    def("__gt__", SlotId::RichCompare, Op(CompareOp::Gt), Some(F::RichCmp(slot_tp_richcompare))),
    def("__ge__", SlotId::RichCompare, Op(CompareOp::Ge), Some(F::RichCmp(slot_tp_richcompare))),
    def("__iter__", SlotId::Iter, Plain, Some(F::Unary(slot_tp_iter))),
    def("__next__", SlotId::IterNext, Plain, Some(F::IterNext(slot_tp_iternext))),
    def("__get__", SlotId::DescrGet, Plain, Some(F::DescrGet(slot_tp_descr_get))),
    def("__set__", SlotId::DescrSet, Plain, Some(F::DescrSet(slot_tp_descr_set))),
    def("__delete__", SlotId::DescrSet, Delete, Some(F::DescrSet(slot_tp_descr_set))),
    kwdef("__init__", SlotId::Init, F::Init(slot_tp_init)),
    def("__add__", SlotId::NbAdd, Plain, Some(F::Binary(slot_nb_add))),
    def("__radd__", SlotId::NbAdd, Reversed, Some(F::Binary(slot_nb_add))),
    def("__sub__", SlotId::NbSubtract, Plain, Some(F::Binary(slot_nb_subtract))),
    def("__rsub__", SlotId::NbSubtract, Reversed, Some(F::Binary(slot_nb_subtract))),
    def("__mul__", SlotId::NbMultiply, Plain, Some(F::Binary(slot_nb_multiply))),
    def("__rmul__", SlotId::NbMultiply, Reversed, Some(F::Binary(slot_nb_multiply))),
    def("__mod__", SlotId::NbRemainder, Plain, Some(F::Binary(slot_nb_remainder))),
    def("__rmod__", SlotId::NbRemainder, Reversed, Some(F::Binary(slot_nb_remainder))),
    def("__divmod__", SlotId::NbDivmod, Plain, Some(F::Binary(slot_nb_divmod))),
    def("__rdivmod__", SlotId::NbDivmod, Reversed, Some(F::Binary(slot_nb_divmod))),
    def("__pow__", SlotId::NbPower, Plain, Some(F::Binary(slot_nb_power))),
    def("__rpow__", SlotId::NbPower, Reversed, Some(F::Binary(slot_nb_power))),
    def("__neg__", SlotId::NbNegative, Plain, Some(F::Unary(slot_nb_negative))),
    def("__pos__", SlotId::NbPositive, Plain, Some(F::Unary(slot_nb_positive))),
    def("__abs__", SlotId::NbAbsolute, Plain, Some(F::Unary(slot_nb_absolute))),
    def("__bool__", SlotId::NbBool, Plain, Some(F::Inquiry(slot_nb_bool))),
    def("__invert__", SlotId::NbInvert, Plain, Some(F::Unary(slot_nb_invert))),
    def("__lshift__", SlotId::NbLshift, Plain, Some(F::Binary(slot_nb_lshift))),
    def("__rlshift__", SlotId::NbLshift, Reversed, Some(F::Binary(slot_nb_lshift))),
    def("__rshift__", SlotId::NbRshift, Plain, Some(F::Binary(slot_nb_rshift))),
    def("__rrshift__", SlotId::NbRshift, Reversed, Some(F::Binary(slot_nb_rshift))),
    def("__and__", SlotId::NbAnd, Plain, Some(F::Binary(slot_nb_and))),
    def("__rand__", SlotId::NbAnd, Reversed, Some(F::Binary(slot_nb_and))),
    def("__xor__", SlotId::NbXor, Plain, Some(F::Binary(slot_nb_xor))),
    def("__rxor__", SlotId::NbXor, Reversed, Some(F::Binary(slot_nb_xor))),
    def("__or__", SlotId::NbOr, Plain, Some(F::Binary(slot_nb_or))),
    def("__ror__", SlotId::NbOr, Reversed, Some(F::Binary(slot_nb_or))),
    def("__int__", SlotId::NbInt, Plain, Some(F::Unary(slot_nb_int))),
    def("__float__", SlotId::NbFloat, Plain, Some(F::Unary(slot_nb_float))),
    def("__iadd__", SlotId::NbInplaceAdd, Plain, Some(F::Binary(slot_nb_inplace_add))),
    def("__isub__", SlotId::NbInplaceSubtract, Plain, Some(F::Binary(slot_nb_inplace_subtract))),
    def("__imul__", SlotId::NbInplaceMultiply, Plain, Some(F::Binary(slot_nb_inplace_multiply))),
    def("__imod__", SlotId::NbInplaceRemainder, Plain, Some(F::Binary(slot_nb_inplace_remainder))),
    def("__ipow__", SlotId::NbInplacePower, Plain, Some(F::Binary(slot_nb_inplace_power))),
    def("__ilshift__", SlotId::NbInplaceLshift, Plain, Some(F::Binary(slot_nb_inplace_lshift))),
    def("__irshift__", SlotId::NbInplaceRshift, Plain, Some(F::Binary(slot_nb_inplace_rshift))),
    def("__iand__", SlotId::NbInplaceAnd, Plain, Some(F::Binary(slot_nb_inplace_and))),
    def("__ixor__", SlotId::NbInplaceXor, Plain, Some(F::Binary(slot_nb_inplace_xor))),
    def("__ior__", SlotId::NbInplaceOr, Plain, Some(F::Binary(slot_nb_inplace_or))),
    def("__floordiv__", SlotId::NbFloorDivide, Plain, Some(F::Binary(slot_nb_floor_divide))),
    def("__rfloordiv__", SlotId::NbFloorDivide, Reversed, Some(F::Binary(slot_nb_floor_divide))),
    def("__truediv__", SlotId::NbTrueDivide, Plain, Some(F::Binary(slot_nb_true_divide))),
    def("__rtruediv__", SlotId::NbTrueDivide, Reversed, Some(F::Binary(slot_nb_true_divide))),
    def("__ifloordiv__", SlotId::NbInplaceFloorDivide, Plain, Some(F::Binary(slot_nb_inplace_floor_divide))),
    def("__itruediv__", SlotId::NbInplaceTrueDivide, Plain, Some(F::Binary(slot_nb_inplace_true_divide))),
    def("__index__", SlotId::NbIndex, Plain, Some(F::Unary(slot_nb_index))),
    def("__matmul__", SlotId::NbMatrixMultiply, Plain, Some(F::Binary(slot_nb_matrix_multiply))),
    def("__rmatmul__", SlotId::NbMatrixMultiply, Reversed, Some(F::Binary(slot_nb_matrix_multiply))),
    def("__imatmul__", SlotId::NbInplaceMatrixMultiply, Plain, Some(F::Binary(slot_nb_inplace_matrix_multiply))),
    def("__len__", SlotId::MpLength, Plain, Some(F::Len(slot_sq_length))),
    def("__getitem__", SlotId::MpSubscript, Plain, Some(F::Binary(slot_mp_subscript))),
    def("__setitem__", SlotId::MpAssSubscript, Plain, Some(F::AssSubscript(slot_mp_ass_subscript))),
    def("__delitem__", SlotId::MpAssSubscript, Delete, Some(F::AssSubscript(slot_mp_ass_subscript))),
    def("__len__", SlotId::SqLength, Plain, Some(F::Len(slot_sq_length))),
    def("__add__", SlotId::SqConcat, Plain, None),
    def("__mul__", SlotId::SqRepeat, IndexArg, None),
    def("__rmul__", SlotId::SqRepeat, IndexArg, None),
    def("__getitem__", SlotId::SqItem, Plain, Some(F::SsizeArg(slot_sq_item))),
    def("__contains__", SlotId::SqContains, Plain, Some(F::Contains(slot_sq_contains))),
    def("__iadd__", SlotId::SqInplaceConcat, Plain, None),
    def("__imul__", SlotId::SqInplaceRepeat, IndexArg, None),
];

// ---------------------------------------------------------------------
// Builtin slots as wrapper descriptors (`add_operators`).

/// `add_operators`: for each slot `ty` defines itself (before
/// inheritance), a `wrapper_descriptor` under its name unless the dict
/// already has one; `__hash__ = None` for `PyObject_HashNotImplemented`.
pub(crate) fn add_operators(ty: &TypeObject, dict: &DictObject) -> PyResult<()> {
    for d in &SLOTDEFS {
        if d.flavor == Flavor::None {
            continue;
        }
        let Some(f) = d.id.get(&ty.slots) else { continue };
        let name = d.name.get()?;
        if dict.get_item(name)?.is_some() {
            continue;
        }
        if let SlotFn::Hash(h) = f
            && core::ptr::fn_addr_eq(h, super::hash_not_implemented as HashFunc)
        {
            dict.set_item(name, &object::NONE)?;
            continue;
        }
        let w = descrobject::new_wrapper_descr(ty, d, f)?;
        dict.set_item(name, &w)?;
    }
    Ok(())
}

/// `wrapperdescr_call` / `wrapper_call`: calls the wrapped slot `f` of
/// slotdef `d` on `slf` with Python arguments (the `wrap_*` functions).
pub(crate) fn call_wrapper(
    d: &SlotDef,
    f: SlotFn,
    slf: &PyObject,
    args: &[ObjRef],
    kwds: Option<&DictObject>,
) -> PyResult<ObjRef> {
    if !d.keywords && kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("wrapper {}() takes no keyword arguments", d.name.text()),
        ));
    }
    let nargs = |n: usize| -> PyResult<()> {
        if args.len() == n {
            return Ok(());
        }
        Err(errors::set_string(
            exceptions::type_error(),
            &format!("expected {n} argument{}, got {}", if n == 1 { "" } else { "s" }, args.len()),
        ))
    };
    let none_result = |r: PyResult<()>| r.map(|()| object::none());
    match (f, d.flavor) {
        (SlotFn::Unary(g), _) => {
            nargs(0)?;
            g(slf)
        }
        (SlotFn::Hash(g), _) => {
            nargs(0)?;
            longobject::from_i64(g(slf)? as i64)
        }
        (SlotFn::Call(g), _) => g(slf, &*tuple_of(args)?, kwds),
        (SlotFn::Init(g), _) => none_result(g(slf, &*tuple_of(args)?, kwds)),
        (SlotFn::GetAttro(g), _) => {
            nargs(1)?;
            g(slf, &args[0])
        }
        (SlotFn::SetAttro(g), Flavor::Delete) => {
            nargs(1)?;
            none_result(g(slf, &args[0], None))
        }
        (SlotFn::SetAttro(g), _) => {
            nargs(2)?;
            none_result(g(slf, &args[0], Some(&args[1])))
        }
        (SlotFn::RichCmp(g), Flavor::Op(op)) => {
            nargs(1)?;
            g(slf, &args[0], op)
        }
        (SlotFn::RichCmp(_), _) => Err(errors::bad_internal_call()),
        (SlotFn::IterNext(g), _) => {
            nargs(0)?;
            match g(slf)? {
                Some(v) => Ok(v),
                None => Err(errors::set_none(exceptions::stop_iteration())),
            }
        }
        (SlotFn::DescrGet(g), _) => {
            if args.is_empty() || args.len() > 2 {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("expected 1 or 2 arguments, got {}", args.len()),
                ));
            }
            let obj = Some(&*args[0]).filter(|o| !object::is_none(o));
            let ty = args.get(1).map(|t| &**t).filter(|o| !object::is_none(o));
            if obj.is_none() && ty.is_none() {
                return Err(errors::set_string(exceptions::type_error(), "__get__(None, None) is invalid"));
            }
            g(slf, obj, ty)
        }
        (SlotFn::DescrSet(g), Flavor::Delete) => {
            nargs(1)?;
            none_result(g(slf, &args[0], None))
        }
        (SlotFn::DescrSet(g), _) => {
            nargs(2)?;
            none_result(g(slf, &args[0], Some(&args[1])))
        }
        (SlotFn::Binary(g), Flavor::Reversed) => {
            nargs(1)?;
            g(&args[0], slf)
        }
        (SlotFn::Binary(g), _) => {
            nargs(1)?;
            g(slf, &args[0])
        }
        (SlotFn::Inquiry(g), _) => {
            nargs(0)?;
            Ok(boolobject::from_bool(g(slf)?))
        }
        (SlotFn::Len(g), _) => {
            nargs(0)?;
            longobject::from_i64(g(slf)? as i64)
        }
        (SlotFn::SsizeArg(g), Flavor::IndexArg) => {
            nargs(1)?;
            g(slf, r#abstract::as_ssize(&args[0], Some(exceptions::overflow_error()))?)
        }
        (SlotFn::SsizeArg(g), _) => {
            nargs(1)?;
            let mut i = r#abstract::as_ssize(&args[0], Some(exceptions::overflow_error()))?;
            if i < 0
                && let Some(len) = type_of(slf).slots.sq_length.get()
            {
                i += len(slf)?;
            }
            g(slf, i)
        }
        (SlotFn::Contains(g), _) => {
            nargs(1)?;
            Ok(boolobject::from_bool(g(slf, &args[0])?))
        }
        (SlotFn::AssSubscript(g), Flavor::Delete) => {
            nargs(1)?;
            none_result(g(slf, &args[0], None))
        }
        (SlotFn::AssSubscript(g), _) => {
            nargs(2)?;
            none_result(g(slf, &args[0], Some(&args[1])))
        }
    }
}

/// A tuple of the arguments.
fn tuple_of(args: &[ObjRef]) -> PyResult<PyRef<TupleObject>> {
    let v: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    tupleobject::from_slice(&v)
}

// ---------------------------------------------------------------------
// Class dunders filling slots (`update_one_slot`).

/// Is `name` a slot name (`__new__` or in the table), whose change in a
/// class dict must update slots?
pub(crate) fn is_slot_name(name: &PyObject) -> PyResult<bool> {
    if object::is(NEW.get()?, name) {
        return Ok(true);
    }
    for d in &SLOTDEFS {
        if object::is(d.name.get()?, name) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The dispatcher for `__new__`-less `tp_new` resolution: the `tp_new` of
/// the type a `__new__` found in the MRO belongs to, if it is a builtin
/// `tp_new_wrapper`; else the generic `slot_tp_new`.
fn resolve_new(ty: &TypeObject) -> PyResult<Option<NewFunc>> {
    let Some(descr) = ty.lookup(NEW.get()?)? else { return Ok(None) };
    if let Some(cf) = downcast::<CFunctionObject>(&descr)
        && let Some(owner) = descrobject::tp_new_wrapper_owner(cf)
    {
        return Ok(owner.slots.tp_new.get());
    }
    Ok(Some(slot_tp_new))
}

/// `update_one_slot`: recomputes slot `id` of the class `ty` from the
/// names mapped to it: the builtin function itself when every name found
/// is a wrapper of it (so `class L(list)` keeps `list`'s C-level slots),
/// the generic dispatcher when any is a Python-level definition, nothing
/// when no name is defined.
fn update_one_slot(ty: &TypeObject, id: SlotId) -> PyResult<()> {
    let mut specific: Option<SlotFn> = None;
    let mut use_generic = false;
    let mut generic: Option<SlotFn> = None;
    let mut found_any = false;
    for d in SLOTDEFS.iter().filter(|d| d.id == id) {
        let Some(descr) = ty.lookup(d.name.get()?)? else { continue };
        found_any = true;
        let wrapper = downcast::<WrapperDescrObject>(&descr).filter(|w| {
            // A wrapper stored under another name (`__str__ =
            // int.__repr__`) is an ordinary callable here.
            w.parts().0.name.get().is_ok_and(|n| d.name.get().is_ok_and(|m| object::is(n, m)))
        });
        if let Some(w) = wrapper {
            let (wd, wf, wty) = w.parts();
            if wd.id != id {
                // A wrapper of another slot under the same name. If that
                // is the only slot of the name the type fills
                // (`resolve_slotdups`: `__add__` of `sq_concat` when
                // resolving `nb_add`), it handles the name alone; if the
                // type fills several (a list subclass's `__getitem__`
                // for `sq_item`), this slot dispatches through the name.
                let mut filled = SLOTDEFS
                    .iter()
                    .filter(|x| x.name.text() == d.name.text())
                    .map(|x| x.id)
                    .filter(|sid| sid.get(&ty.slots).is_some());
                let first = filled.next();
                let only_other = first.is_some_and(|f| f != id && filled.all(|g| g == f));
                if !only_other {
                    generic = generic.or(d.generic);
                }
                // The pairs whose slots CPython wraps alike (`wrap_lenfunc`,
                // `wrap_binaryfunc`) share the wrapped function.
                let same_wrapper = matches!(
                    (wd.id, id),
                    (SlotId::MpLength, SlotId::SqLength)
                        | (SlotId::SqLength, SlotId::MpLength)
                        | (SlotId::NbInplaceAdd, SlotId::SqInplaceConcat)
                        | (SlotId::SqInplaceConcat, SlotId::NbInplaceAdd)
                );
                if same_wrapper && ty.is_subtype(wty) && specific.is_none_or(|s| s.addr() == wf.addr()) {
                    specific = Some(wf);
                } else {
                    use_generic = true;
                }
                continue;
            }
            generic = generic.or(d.generic);
            if wd.flavor == d.flavor && ty.is_subtype(wty) {
                match specific {
                    None => specific = Some(wf),
                    Some(s) if s.addr() == wf.addr() => {}
                    Some(_) => use_generic = true,
                }
            } else {
                use_generic = true;
            }
        } else if id == SlotId::Hash && object::is_none(&descr) {
            specific = Some(SlotFn::Hash(super::hash_not_implemented));
        } else {
            generic = generic.or(d.generic);
            use_generic = true;
        }
    }
    let value = if !found_any {
        None
    } else if let Some(s) = specific.filter(|_| !use_generic) {
        Some(s)
    } else {
        generic
    };
    id.set(&ty.slots, value);
    Ok(())
}

/// `fixup_slot_dispatchers`: sets every slot of a new class from its MRO.
pub(crate) fn fixup_slot_dispatchers(ty: &TypeObject) -> PyResult<()> {
    let mut done: Vec<SlotId> = Vec::new();
    for d in &SLOTDEFS {
        if !done.contains(&d.id) {
            done.push(d.id);
            update_one_slot(ty, d.id)?;
        }
    }
    ty.slots.tp_new.set(resolve_new(ty)?);
    Ok(())
}

/// `update_slot` / `update_subclasses`: after `name` changed in `ty`'s
/// dict (with the world stopped), recomputes the slots it maps to in
/// `ty` and in every subclass that does not define `name` itself.
pub(crate) fn update_slot(ty: &TypeObject, name: &PyObject) -> PyResult<()> {
    let mut ids: Vec<SlotId> = Vec::new();
    let is_new = object::is(NEW.get()?, name);
    for d in &SLOTDEFS {
        if object::is(d.name.get()?, name) && !ids.contains(&d.id) {
            ids.push(d.id);
        }
    }
    update_slot_rec(ty, name, &ids, is_new)
}

fn update_slot_rec(ty: &TypeObject, name: &PyObject, ids: &[SlotId], is_new: bool) -> PyResult<()> {
    for &id in ids {
        update_one_slot(ty, id)?;
    }
    if is_new {
        ty.slots.tp_new.set(resolve_new(ty)?);
    }
    let subs: Vec<usize> = ty.tp_subclasses.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for s in subs {
        // SAFETY: registered subclasses are live (see `cache::type_modified`).
        let sub = unsafe { &*(s as *const TypeObject) };
        let own = match sub.tp_dict.get().as_deref().and_then(downcast::<DictObject>) {
            Some(d) => d.get_item(name)?.is_some(),
            None => false,
        };
        if !own {
            update_slot_rec(sub, name, ids, is_new)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// The dispatchers (`slot_*`).

/// `PyObject_Call`: `tp_call` with a tuple and an optional keyword dict.
pub fn call_object(callable: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let ty = type_of(callable);
    let Some(f) = ty.slots.tp_call.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not callable", ty.name()),
        ));
    };
    crate::state::enter_recursive_call(" while calling a Python object")?;
    let res = f(callable, args, kwds);
    crate::state::leave_recursive_call();
    res
}

/// Is `f` the Python-level `__new__` dispatcher (`slot_tp_new`)?
pub(crate) fn is_slot_tp_new(f: NewFunc) -> bool {
    core::ptr::fn_addr_eq(f, slot_tp_new as NewFunc)
}

/// `lookup_maybe_method`: `name` on `slf`'s type, as a function to call
/// with `slf` prepended (`true`) or an already bound callable (`false`).
pub fn lookup_maybe_method(slf: &PyObject, name: &PyObject) -> PyResult<Option<(ObjRef, bool)>> {
    let ty = type_of(slf);
    let Some(res) = ty.lookup(name)? else { return Ok(None) };
    let rt = type_of(&res);
    if rt.has_feature(super::flags::METHOD_DESCRIPTOR) {
        return Ok(Some((res, true)));
    }
    match rt.slots.tp_descr_get.get() {
        Some(f) => Ok(Some((f(&res, Some(slf), Some(as_obj(ty)))?, false))),
        None => Ok(Some((res, false))),
    }
}

/// Calls a looked-up method with `slf` prepended if unbound.
fn call_unbound(func: &PyObject, unbound: bool, slf: &PyObject, args: &[&PyObject], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut all: Vec<&PyObject> = Vec::with_capacity(args.len() + 1);
    if unbound {
        all.push(slf);
    }
    all.extend_from_slice(args);
    let t = tupleobject::from_slice(&all)?;
    call_object(func, &t, kwds)
}

/// `vectorcall_method`: calls the special method `name` of `slf`,
/// raising AttributeError if the type has none.
pub fn call_method(slf: &PyObject, name: &StaticName, args: &[&PyObject]) -> PyResult<ObjRef> {
    let n = name.get()?;
    match lookup_maybe_method(slf, n)? {
        Some((f, unbound)) => call_unbound(&f, unbound, slf, args, None),
        None => Err(errors::set_string(exceptions::attribute_error(), name.text())),
    }
}

/// `vectorcall_maybe`: as [`call_method`], `NotImplemented` if missing.
fn call_maybe(slf: &PyObject, name: &StaticName, args: &[&PyObject]) -> PyResult<ObjRef> {
    match lookup_maybe_method(slf, name.get()?)? {
        Some((f, unbound)) => call_unbound(&f, unbound, slf, args, None),
        None => Ok(object::not_implemented()),
    }
}

macro_rules! static_names {
    ($($id:ident = $s:literal;)*) => { $( static $id: StaticName = StaticName::new($s); )* };
}

static_names! {
    REPR = "__repr__"; STR = "__str__"; HASH = "__hash__"; CALL = "__call__";
    GETATTRIBUTE = "__getattribute__"; GETATTR = "__getattr__"; SETATTR = "__setattr__"; DELATTR = "__delattr__";
    ITER = "__iter__"; NEXT = "__next__"; GET = "__get__"; SET = "__set__"; DELETE = "__delete__";
    INIT = "__init__"; NEW = "__new__"; BOOL = "__bool__"; LEN = "__len__"; GETITEM = "__getitem__";
    SETITEM = "__setitem__"; DELITEM = "__delitem__"; CONTAINS = "__contains__";
    LT = "__lt__"; LE = "__le__"; EQ = "__eq__"; NE = "__ne__"; GT = "__gt__"; GE = "__ge__";
}

fn slot_tp_repr(slf: &PyObject) -> PyResult<ObjRef> {
    call_method(slf, &REPR, &[])
}

fn slot_tp_str(slf: &PyObject) -> PyResult<ObjRef> {
    call_method(slf, &STR, &[])
}

/// `slot_tp_hash`: `__hash__` must return an int; a big one is hashed
/// again, and -1 becomes -2.
fn slot_tp_hash(slf: &PyObject) -> PyResult<isize> {
    let Some((f, unbound)) = lookup_maybe_method(slf, HASH.get()?)? else {
        return super::hash_not_implemented(slf);
    };
    if object::is_none(&f) {
        return super::hash_not_implemented(slf);
    }
    let res = call_unbound(&f, unbound, slf, &[], None)?;
    let Some(i) = downcast::<IntObject>(&res) else {
        return Err(errors::set_string(exceptions::type_error(), "__hash__ method should return an integer"));
    };
    let h = match i.as_i64().and_then(|v| isize::try_from(v).ok()) {
        Some(v) => v,
        None => longobject::hash_int(i),
    };
    Ok(if h == -1 { -2 } else { h })
}

fn slot_tp_call(slf: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some((f, unbound)) = lookup_maybe_method(slf, CALL.get()?)? else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not callable", type_of(slf).name()),
        ));
    };
    let args: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    call_unbound(&f, unbound, slf, &args, kwds)
}

/// `slot_tp_getattr_hook`: `__getattribute__` (the generic lookup when it
/// is `object`'s), then `__getattr__` on AttributeError.
fn slot_tp_getattr_hook(slf: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let ty = type_of(slf);
    let getattr = ty.lookup(GETATTR.get()?)?;
    let res = match ty.lookup(GETATTRIBUTE.get()?)? {
        Some(ga)
            if downcast::<WrapperDescrObject>(&ga).is_some_and(|w| {
                matches!(w.parts().1, SlotFn::GetAttro(g) if core::ptr::fn_addr_eq(g, object::generic_get_attr as GetAttroFunc))
            }) =>
        {
            object::generic_get_attr(slf, name)
        }
        Some(ga) => call_descr(&ga, slf, &[name]),
        None => object::generic_get_attr(slf, name),
    };
    match (res, getattr) {
        (Err(e), Some(ga)) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            call_descr(&ga, slf, &[name])
        }
        (res, _) => res,
    }
}

/// Calls `descr` found on `slf`'s type as a method of `slf`
/// (`call_attribute`).
fn call_descr(descr: &PyObject, slf: &PyObject, args: &[&PyObject]) -> PyResult<ObjRef> {
    let dt = type_of(descr);
    if dt.has_feature(super::flags::METHOD_DESCRIPTOR) {
        return call_unbound(descr, true, slf, args, None);
    }
    match dt.slots.tp_descr_get.get() {
        Some(f) => {
            let bound = f(descr, Some(slf), Some(as_obj(type_of(slf))))?;
            call_unbound(&bound, false, slf, args, None)
        }
        None => call_unbound(descr, false, slf, args, None),
    }
}

fn slot_tp_setattro(slf: &PyObject, name: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        Some(v) => call_method(slf, &SETATTR, &[name, v]).map(drop),
        None => call_method(slf, &DELATTR, &[name]).map(drop),
    }
}

fn slot_tp_richcompare(slf: &PyObject, other: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let name = match op {
        CompareOp::Lt => &LT,
        CompareOp::Le => &LE,
        CompareOp::Eq => &EQ,
        CompareOp::Ne => &NE,
        CompareOp::Gt => &GT,
        CompareOp::Ge => &GE,
    };
    // Unlike the other binary slots, an error while looking the method up
    // (a property raising, say) is swallowed into NotImplemented.
    match lookup_maybe_method(slf, name.get()?) {
        Ok(Some((f, unbound))) => call_unbound(&f, unbound, slf, &[other], None),
        Ok(None) | Err(_) => Ok(object::not_implemented()),
    }
}

/// `slot_tp_iter`: `__iter__` (None means not iterable), else the
/// sequence protocol through `__getitem__`.
fn slot_tp_iter(slf: &PyObject) -> PyResult<ObjRef> {
    match lookup_maybe_method(slf, ITER.get()?)? {
        Some((f, _)) if object::is_none(&f) => Err(not_iterable(slf)),
        Some((f, unbound)) => call_unbound(&f, unbound, slf, &[], None),
        None => {
            if type_of(slf).lookup(GETITEM.get()?)?.is_some() {
                return crate::objects::iterobject::new_seq_iter(slf);
            }
            Err(not_iterable(slf))
        }
    }
}

fn not_iterable(slf: &PyObject) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), &format!("'{}' object is not iterable", type_of(slf).name()))
}

/// `slot_tp_iternext`: `__next__`; the StopIteration that ends the
/// iteration is left raised (its value is what `yield from` returns, and
/// a tracer sees it).
fn slot_tp_iternext(slf: &PyObject) -> PyResult<Option<ObjRef>> {
    call_method(slf, &NEXT, &[]).map(Some)
}

fn slot_tp_descr_get(slf: &PyObject, obj: Option<&PyObject>, ty: Option<&PyObject>) -> PyResult<ObjRef> {
    let Some((f, unbound)) = lookup_maybe_method(slf, GET.get()?)? else {
        return Ok(object::new_ref(slf));
    };
    let obj = obj.unwrap_or(&object::NONE);
    let ty = ty.unwrap_or(&object::NONE);
    call_unbound(&f, unbound, slf, &[obj, ty], None)
}

fn slot_tp_descr_set(slf: &PyObject, obj: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        Some(v) => call_method(slf, &SET, &[obj, v]).map(drop),
        None => call_method(slf, &DELETE, &[obj]).map(drop),
    }
}

/// `slot_tp_init`: `__init__` must return None.
fn slot_tp_init(slf: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let Some((f, unbound)) = lookup_maybe_method(slf, INIT.get()?)? else {
        return Err(errors::set_string(exceptions::attribute_error(), "__init__"));
    };
    let args: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    let res = call_unbound(&f, unbound, slf, &args, kwds)?;
    if !object::is_none(&res) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__init__() should return None, not '{}'", type_of(&res).name()),
        ));
    }
    Ok(())
}

/// `slot_tp_new`: `type.__new__(type, *args, **kwds)` through attribute
/// lookup on the class (so a `staticmethod` unwraps).
fn slot_tp_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let func = object::get_attr(as_obj(ty), NEW.get()?)?;
    let mut all: Vec<&PyObject> = Vec::with_capacity(args.len() + 1);
    all.push(as_obj(ty));
    all.extend(args.as_slice().iter().map(|a| &**a));
    call_object(&func, &*tupleobject::from_slice(&all)?, kwds)
}

/// `method_is_overloaded`: do `left`'s and `right`'s types resolve `name`
/// to different objects?
fn method_is_overloaded(left: &PyObject, right: &PyObject, name: &StaticName) -> PyResult<bool> {
    let n = name.get()?;
    let Some(b) = type_of(right).lookup(n)? else { return Ok(false) };
    match type_of(left).lookup(n)? {
        Some(a) => Ok(!object::is(&a, &b)),
        None => Ok(true),
    }
}

/// `SLOT1BINFULL`: the binary dispatcher for `name`/`rname` in slot
/// `get`, whose class-level dispatcher is `me`.
fn binary_full(
    slf: &PyObject,
    other: &PyObject,
    get: fn(&Slots) -> Option<BinaryFunc>,
    me: BinaryFunc,
    name: &StaticName,
    rname: &StaticName,
) -> PyResult<ObjRef> {
    let (st, ot) = (type_of(slf), type_of(other));
    let is_me = |t: &TypeObject| get(&t.slots).is_some_and(|f| core::ptr::fn_addr_eq(f, me));
    let mut do_other = !core::ptr::eq(st, ot) && is_me(ot);
    if is_me(st) {
        if do_other && ot.is_subtype(st) && method_is_overloaded(slf, other, rname)? {
            let r = call_maybe(other, rname, &[slf])?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
            do_other = false;
        }
        let r = call_maybe(slf, name, &[other])?;
        if !is_not_implemented(&r) || core::ptr::eq(ot, st) {
            return Ok(r);
        }
    }
    if do_other {
        return call_maybe(other, rname, &[slf]);
    }
    Ok(object::not_implemented())
}

macro_rules! binary_slots {
    ($( $fn:ident, $field:ident, $name:literal, $rname:literal; )*) => { $(
        fn $fn(slf: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
            static N: StaticName = StaticName::new($name);
            static R: StaticName = StaticName::new($rname);
            binary_full(slf, other, |s| s.$field.get(), $fn, &N, &R)
        }
    )* };
}

binary_slots! {
    slot_nb_add, nb_add, "__add__", "__radd__";
    slot_nb_subtract, nb_subtract, "__sub__", "__rsub__";
    slot_nb_multiply, nb_multiply, "__mul__", "__rmul__";
    slot_nb_remainder, nb_remainder, "__mod__", "__rmod__";
    slot_nb_divmod, nb_divmod, "__divmod__", "__rdivmod__";
    slot_nb_power, nb_power, "__pow__", "__rpow__";
    slot_nb_lshift, nb_lshift, "__lshift__", "__rlshift__";
    slot_nb_rshift, nb_rshift, "__rshift__", "__rrshift__";
    slot_nb_and, nb_and, "__and__", "__rand__";
    slot_nb_xor, nb_xor, "__xor__", "__rxor__";
    slot_nb_or, nb_or, "__or__", "__ror__";
    slot_nb_floor_divide, nb_floor_divide, "__floordiv__", "__rfloordiv__";
    slot_nb_true_divide, nb_true_divide, "__truediv__", "__rtruediv__";
    slot_nb_matrix_multiply, nb_matrix_multiply, "__matmul__", "__rmatmul__";
}

macro_rules! inplace_slots {
    ($( $fn:ident, $name:literal; )*) => { $(
        fn $fn(slf: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
            static N: StaticName = StaticName::new($name);
            call_method(slf, &N, &[other])
        }
    )* };
}

// `SLOT1(slot_nb_inplace_*, __i*__)`.
inplace_slots! {
    slot_nb_inplace_add, "__iadd__";
    slot_nb_inplace_subtract, "__isub__";
    slot_nb_inplace_multiply, "__imul__";
    slot_nb_inplace_remainder, "__imod__";
    slot_nb_inplace_power, "__ipow__";
    slot_nb_inplace_lshift, "__ilshift__";
    slot_nb_inplace_rshift, "__irshift__";
    slot_nb_inplace_and, "__iand__";
    slot_nb_inplace_xor, "__ixor__";
    slot_nb_inplace_or, "__ior__";
    slot_nb_inplace_floor_divide, "__ifloordiv__";
    slot_nb_inplace_true_divide, "__itruediv__";
    slot_nb_inplace_matrix_multiply, "__imatmul__";
}

macro_rules! unary_slots {
    ($( $fn:ident, $name:literal; )*) => { $(
        fn $fn(slf: &PyObject) -> PyResult<ObjRef> {
            static N: StaticName = StaticName::new($name);
            call_method(slf, &N, &[])
        }
    )* };
}

unary_slots! {
    slot_nb_negative, "__neg__";
    slot_nb_positive, "__pos__";
    slot_nb_absolute, "__abs__";
    slot_nb_invert, "__invert__";
    slot_nb_int, "__int__";
    slot_nb_float, "__float__";
    slot_nb_index, "__index__";
}

/// `slot_nb_bool`: `__bool__` (must return a bool), else `__len__`,
/// else true.
fn slot_nb_bool(slf: &PyObject) -> PyResult<bool> {
    if let Some((f, unbound)) = lookup_maybe_method(slf, BOOL.get()?)? {
        let r = call_unbound(&f, unbound, slf, &[], None)?;
        if !boolobject::is_bool(&r) {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("__bool__ should return bool, returned {}", type_of(&r).name()),
            ));
        }
        return Ok(boolobject::is_true_singleton(&r));
    }
    if lookup_maybe_method(slf, LEN.get()?)?.is_some() {
        return Ok(slot_sq_length(slf)? != 0);
    }
    Ok(true)
}

/// `slot_sq_length`: `__len__` as a non-negative index-sized int.
fn slot_sq_length(slf: &PyObject) -> PyResult<isize> {
    let r = call_method(slf, &LEN, &[])?;
    let n = r#abstract::as_ssize(&r, Some(exceptions::overflow_error()))?;
    if n < 0 {
        return Err(errors::set_string(exceptions::value_error(), "__len__() should return >= 0"));
    }
    Ok(n)
}

fn slot_mp_subscript(slf: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    call_method(slf, &GETITEM, &[key])
}

fn slot_sq_item(slf: &PyObject, i: isize) -> PyResult<ObjRef> {
    let key = longobject::from_i64(i as i64)?;
    call_method(slf, &GETITEM, &[&key])
}

fn slot_mp_ass_subscript(slf: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        Some(v) => call_method(slf, &SETITEM, &[key, v]).map(drop),
        None => call_method(slf, &DELITEM, &[key]).map(drop),
    }
}

/// `slot_sq_contains`: `__contains__` (None: not a container), else an
/// iteration search.
fn slot_sq_contains(slf: &PyObject, value: &PyObject) -> PyResult<bool> {
    match lookup_maybe_method(slf, CONTAINS.get()?)? {
        Some((f, _)) if object::is_none(&f) => Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not a container", type_of(slf).name()),
        )),
        Some((f, unbound)) => object::is_true(&*call_unbound(&f, unbound, slf, &[value], None)?),
        None => r#abstract::iter_search_contains(slf, value),
    }
}
