//! The builtin exception types, ported from Objects/exceptions.c.
//!
//! This module holds `BaseException` itself (`PyBaseExceptionObject`,
//! `BaseException_new` / `_init` / `_str` / `_repr` / `__reduce__` /
//! `__setstate__` / `with_traceback` / `add_note`, the `args`,
//! `__traceback__`, `__context__`, `__cause__` and `__suppress_context__`
//! accessors), the types that share its layout (`SimpleExtendsException`),
//! `KeyError`, the list of every builtin exception type and the
//! preallocated `MemoryError` of `PyErr_NoMemory`. The types with their
//! own fields are in [`attrs`]; `BaseExceptionGroup`, `ExceptionGroup` and
//! the `except*` helpers of the eval loop in [`group`].

use core::mem::offset_of;
use std::sync::atomic::{AtomicBool, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::r#abstract as abs;
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{boolobject, listobject, unicodeobject};

mod attrs;
mod group;

pub use attrs::*;
pub use group::*;

/// An exception instance (`PyBaseExceptionObject`).
#[repr(C)]
pub struct BaseExceptionObject {
    ob_base: ObjectHeader,
    /// Instance attributes (`dict`), created on first assignment.
    dict: ObjSlot,
    /// `args`, a tuple (null reads as `()`).
    args: ObjSlot,
    /// `notes`: kept for the layout and the metadata comparison of
    /// `except*`; `__notes__` itself lives in the instance dict, as in
    /// CPython.
    notes: ObjSlot,
    /// `__traceback__`.
    traceback: ObjSlot,
    /// `__context__`.
    context: ObjSlot,
    /// `__cause__`.
    cause: ObjSlot,
    /// `__suppress_context__`.
    suppress_context: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for BaseExceptionObject {}

impl PyClass for BaseExceptionObject {
    fn type_object() -> &'static TypeObject {
        &BASE_EXCEPTION
    }
}

impl BaseExceptionObject {
    /// `args` (`()` if unset).
    pub fn args(&self) -> PyResult<PyRef<TupleObject>> {
        match self.args.get().map(object::downcast_ref::<TupleObject>) {
            Some(Ok(t)) => Ok(t),
            _ => tupleobject::from_slice(&[]),
        }
    }

    /// Replaces `args` (`PyException_SetArgs`).
    pub fn set_args(&self, args: PyRef<TupleObject>) {
        self.args.set(Some(into_obj(args)));
    }

    /// `__cause__`.
    pub fn cause(&self) -> Option<ObjRef> {
        self.cause.get()
    }

    /// `__context__`.
    pub fn context(&self) -> Option<ObjRef> {
        self.context.get()
    }

    /// `__traceback__` (`PyException_GetTraceback`).
    pub fn traceback(&self) -> Option<ObjRef> {
        self.traceback.get()
    }

    /// Sets `__traceback__` to a traceback object or clears it
    /// (`PyException_SetTraceback`, for the eval loop's `PyTraceBack_Here`).
    pub fn set_traceback_obj(&self, tb: Option<ObjRef>) {
        self.traceback.set(tb);
    }

    /// `__suppress_context__`.
    pub fn suppress_context(&self) -> bool {
        self.suppress_context.load(Ordering::Relaxed)
    }

    /// Sets `__cause__` (`PyException_SetCause`, which also sets
    /// `__suppress_context__`).
    pub fn set_cause(&self, cause: Option<ObjRef>) {
        self.suppress_context.store(true, Ordering::Relaxed);
        self.cause.set(cause);
    }

    /// Sets `__context__` (`PyException_SetContext`).
    pub fn set_context(&self, ctx: Option<ObjRef>) {
        self.context.set(ctx);
    }

    /// `is_same_exception_metadata` (Objects/exceptions.c): the same
    /// notes, traceback, cause and context objects.
    pub(crate) fn same_metadata(&self, other: &BaseExceptionObject) -> bool {
        self.notes.peek() == other.notes.peek()
            && self.traceback.peek() == other.traceback.peek()
            && self.cause.peek() == other.cause.peek()
            && self.context.peek() == other.context.peek()
    }

    /// Whether the instance dict has been created (`self->dict != NULL`).
    fn has_dict(&self) -> bool {
        !self.dict.peek().is_null()
    }
}

/// `PyExceptionInstance_Check`.
pub fn is_exception_instance(v: &PyObject) -> bool {
    type_of(v).has_feature(flags::BASE_EXC_SUBCLASS)
}

/// `PyExceptionClass_Check`.
pub fn is_exception_class(v: &PyObject) -> bool {
    downcast::<TypeObject>(v).is_some_and(|t| t.has_feature(flags::BASE_EXC_SUBCLASS))
}

pub(crate) fn exc_of(v: &PyObject) -> PyResult<&BaseExceptionObject> {
    downcast::<BaseExceptionObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `_PyArg_NoKeywords`: `Name() takes no keyword arguments`.
pub(crate) fn no_keywords(ty: &TypeObject, kwds: Option<&DictObject>) -> PyResult<()> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(type_error(), &format!("{}() takes no keyword arguments", ty.name())));
    }
    Ok(())
}

/// Defines the getter and setter of an object member (`_Py_T_OBJECT`):
/// null reads as `None`, deleting stores null.
macro_rules! member {
    ($get:ident, $set:ident, $ty:ty, $field:ident) => {
        fn $get(v: &PyObject) -> PyResult<ObjRef> {
            let e = downcast::<$ty>(v).ok_or_else(errors::bad_internal_call)?;
            Ok(e.$field.get().unwrap_or_else(object::none))
        }
        fn $set(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
            let e = downcast::<$ty>(v).ok_or_else(errors::bad_internal_call)?;
            e.$field.set(value.map(object::new_ref));
            Ok(())
        }
    };
}
pub(crate) use member;

/// `BaseException_new`: allocates the type's (zeroed) instance layout and
/// stores the arguments in `args`.
pub(crate) fn base_exception_new(ty: &TypeObject, args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: every field after the header of every exception layout
    // (ObjSlot, AtomicBool, AtomicIsize) and of a class's additions
    // (ObjSlots) is valid as all-zero bytes (empty, false, 0).
    let exc = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<BaseExceptionObject>(ty) }?;
    exc.args.set(Some(object::new_ref(args)));
    Ok(into_obj(exc))
}

/// `BaseException_init`: no keywords; replaces `args`.
pub(crate) fn base_exception_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    no_keywords(type_of(v), kwds)?;
    exc_of(v)?.args.set(Some(object::new_ref(args)));
    Ok(())
}

/// `BaseException_str`: `''`, `str(args[0])` or `str(args)`.
pub(crate) fn base_exception_str(v: &PyObject) -> PyResult<ObjRef> {
    let args = exc_of(v)?.args()?;
    match args.len() {
        0 => unicodeobject::from_static(""),
        1 => object::str(&args.as_slice()[0]).map(into_obj),
        _ => object::str(as_obj(&*args)).map(into_obj),
    }
}

/// `BaseException_repr`: `Name(arg)` or `Name(args...)`.
fn base_exception_repr(v: &PyObject) -> PyResult<ObjRef> {
    let e = exc_of(v)?;
    let name = type_of(v).name();
    let args = e.args()?;
    let inner = if args.len() == 1 {
        format!("({})", object::repr(&args.as_slice()[0])?.to_string_lossy())
    } else {
        object::repr(as_obj(&*args))?.to_string_lossy()
    };
    unicodeobject::from_string(format!("{name}{inner}")).map(into_obj)
}

/// The instance dict if it was ever created (`self->dict`).
pub(crate) fn dict_if_created(v: &PyObject) -> PyResult<Option<ObjRef>> {
    if exc_of(v)?.has_dict() { object::instance_dict(v) } else { Ok(None) }
}

/// `BaseException.__reduce__`: `(type, args)` or `(type, args, dict)`.
fn meth_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let args = into_obj(exc_of(v)?.args()?);
    let ty = as_obj(type_of(v));
    match dict_if_created(v)? {
        Some(d) => tupleobject::from_slice(&[ty, &args, &d]).map(into_obj),
        None => tupleobject::from_slice(&[ty, &args]).map(into_obj),
    }
}

/// `BaseException.__setstate__`: sets each item of a dict as an attribute.
fn meth_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    if !object::is_none(state) {
        let Some(d) = downcast::<DictObject>(state) else {
            return Err(errors::set_string(type_error(), "state is not a dictionary"));
        };
        for (k, val) in d.items() {
            object::set_attr(v, &k, Some(&val))?;
        }
    }
    Ok(object::none())
}

/// `BaseException.with_traceback`: sets `__traceback__`, returns self.
fn meth_with_traceback(v: &PyObject, tb: &PyObject) -> PyResult<ObjRef> {
    set_traceback(v, Some(tb))?;
    Ok(object::new_ref(v))
}

/// `getattr(v, name)`, `None` when it raises AttributeError
/// (`PyObject_GetOptionalAttr`).
pub(crate) fn get_optional_attr(v: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    match object::get_attr(v, &*unicodeobject::intern_str(name)?) {
        Ok(x) => Ok(Some(x)),
        Err(e) => {
            if errors::exception_matches(attribute_error()) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// `BaseException.add_note`: appends to the `__notes__` list, creating it.
fn meth_add_note(v: &PyObject, note: &PyObject) -> PyResult<ObjRef> {
    if !object::type_check(note, &unicodeobject::STR_TYPE) {
        return Err(errors::set_string(
            type_error(),
            &format!("add_note() argument must be str, not {}", type_of(note).name()),
        ));
    }
    let notes = match get_optional_attr(v, "__notes__")? {
        Some(n) => n,
        None => {
            let n = into_obj(listobject::ListObject::new()?);
            object::set_attr(v, &*unicodeobject::intern_str("__notes__")?, Some(&n))?;
            n
        }
    };
    let Some(list) = downcast::<listobject::ListObject>(&notes) else {
        return Err(errors::set_string(type_error(), "Cannot add note: __notes__ is not a list"));
    };
    list.append(note)?;
    Ok(object::none())
}

/// `BaseException_get_args`.
fn get_args(v: &PyObject) -> PyResult<ObjRef> {
    exc_of(v)?.args().map(into_obj)
}

/// `BaseException_set_args`: any iterable becomes the new `args` tuple.
fn set_args(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    let Some(value) = value else {
        return Err(errors::set_string(type_error(), "args may not be deleted"));
    };
    e.args.set(Some(sequence_tuple(value)?));
    Ok(())
}

/// `PySequence_Tuple`.
pub(crate) fn sequence_tuple(value: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(value, &tupleobject::TUPLE_TYPE) {
        return Ok(object::new_ref(value));
    }
    if let Some(l) = downcast::<listobject::ListObject>(value) {
        return l.to_tuple().map(into_obj);
    }
    let items = abs::collect(value)?;
    let refs: Vec<&PyObject> = items.iter().map(|x| &**x).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `BaseException_get_tb`.
fn get_traceback(v: &PyObject) -> PyResult<ObjRef> {
    Ok(exc_of(v)?.traceback.get().unwrap_or_else(object::none))
}

/// `BaseException___traceback___set_impl`: a traceback or `None`.
fn set_traceback(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    match value {
        None => Err(errors::set_string(type_error(), "__traceback__ may not be deleted")),
        Some(t) if object::is_none(t) => {
            e.traceback.set(None);
            Ok(())
        }
        Some(t) if object::is_type(t, &errors::traceback::TRACEBACK_TYPE) => {
            e.traceback.set(Some(object::new_ref(t)));
            Ok(())
        }
        Some(_) => Err(errors::set_string(type_error(), "__traceback__ must be a traceback or None")),
    }
}

/// Checks a value for `__cause__` / `__context__`.
fn exception_or_none(value: Option<&PyObject>, what: &str) -> PyResult<Option<ObjRef>> {
    match value {
        None => Err(errors::set_string(type_error(), &format!("__{what}__ may not be deleted"))),
        Some(v) if object::is_none(v) => Ok(None),
        Some(v) if is_exception_instance(v) => Ok(Some(object::new_ref(v))),
        Some(_) => Err(errors::set_string(
            type_error(),
            &format!("exception {what} must be None or derive from BaseException"),
        )),
    }
}

/// `BaseException_get_cause`.
fn get_cause(v: &PyObject) -> PyResult<ObjRef> {
    Ok(exc_of(v)?.cause.get().unwrap_or_else(object::none))
}

/// `BaseException_set_cause`: also sets `__suppress_context__`.
fn set_cause(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    let c = exception_or_none(value, "cause")?;
    e.set_cause(c);
    Ok(())
}

/// `BaseException_get_context`.
fn get_context(v: &PyObject) -> PyResult<ObjRef> {
    Ok(exc_of(v)?.context.get().unwrap_or_else(object::none))
}

/// `BaseException_set_context`.
fn set_context(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    e.context.set(exception_or_none(value, "context")?);
    Ok(())
}

/// The `__suppress_context__` member.
fn get_suppress_context(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(exc_of(v)?.suppress_context.load(Ordering::Relaxed)))
}

/// Sets `__suppress_context__` (a `Py_T_BOOL` member).
fn set_suppress_context(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    let Some(value) = value else {
        return Err(errors::set_string(type_error(), "can't delete numeric/char attribute"));
    };
    if !boolobject::is_bool(value) {
        return Err(errors::set_string(type_error(), "attribute value type must be bool"));
    }
    e.suppress_context.store(boolobject::is_true_singleton(value), Ordering::Relaxed);
    Ok(())
}

/// `PyObject_GenericGetDict`: the instance dict, created on first use.
fn get_dict(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::instance_dict(v)?.unwrap_or_else(object::none))
}

/// `PyObject_GenericSetDict`: only a dict, never deleted.
fn set_dict(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(value) = value else {
        return Err(errors::set_string(type_error(), "cannot delete __dict__"));
    };
    if !object::type_check(value, &crate::objects::dictobject::DICT_TYPE) {
        return Err(errors::set_string(
            type_error(),
            &format!("__dict__ must be set to a dictionary, not a '{}'", type_of(value).name()),
        ));
    }
    let slot = object::instance_dict_slot(v).ok_or_else(errors::bad_internal_call)?;
    slot.replace_delayed(Some(object::new_ref(value)));
    Ok(())
}

static BASE_EXCEPTION_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "__dict__", get: get_dict, set: Some(set_dict), doc: None },
    GetSetDef { name: "args", get: get_args, set: Some(set_args), doc: None },
    GetSetDef { name: "__traceback__", get: get_traceback, set: Some(set_traceback), doc: None },
    GetSetDef { name: "__context__", get: get_context, set: Some(set_context), doc: Some("exception context") },
    GetSetDef { name: "__cause__", get: get_cause, set: Some(set_cause), doc: Some("exception cause") },
    GetSetDef { name: "__suppress_context__", get: get_suppress_context, set: Some(set_suppress_context), doc: None },
];

static BASE_EXCEPTION_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(meth_reduce), ml_doc: Some("__reduce__($self, /)\n--\n\n") },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(meth_setstate), ml_doc: Some("__setstate__($self, state, /)\n--\n\n") },
    MethodDef {
        ml_name: "with_traceback",
        ml_meth: MethodFn::O(meth_with_traceback),
        ml_doc: Some("with_traceback($self, tb, /)\n--\n\nSet self.__traceback__ to tb and return self."),
    },
    MethodDef { ml_name: "add_note", ml_meth: MethodFn::O(meth_add_note), ml_doc: Some("add_note($self, note, /)\n--\n\nAdd a note to the exception") },
];

/// The flags of every builtin exception type.
const EXC_FLAGS: u64 = flags::BASETYPE | flags::BASE_EXC_SUBCLASS | flags::HAVE_GC;

/// `BaseException` (`PyExc_BaseException`).
impl BaseExceptionObject {
    /// The slots `BaseException_traverse` visits and `BaseException_clear`
    /// empties.
    fn slots(&self) -> [&ObjSlot; 6] {
        [&self.dict, &self.args, &self.notes, &self.traceback, &self.context, &self.cause]
    }
}

/// `BaseException_traverse` (the fields of every exception layout, which
/// all start with `BaseExceptionObject`; a subclass's own fields are not
/// visited, so what they hold is never collected through them).
fn base_exception_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(e) = object::downcast::<BaseExceptionObject>(v) {
        for s in e.slots() {
            s.visit(visit);
        }
    }
}

/// `BaseException_clear`.
fn base_exception_clear(v: &PyObject) {
    if let Some(e) = object::downcast::<BaseExceptionObject>(v) {
        for s in e.slots() {
            s.set(None);
        }
    }
}

pub static BASE_EXCEPTION: TypeObject = TypeObject::new_static(
    "BaseException",
    size_of::<BaseExceptionObject>(),
    object::dealloc_simple::<BaseExceptionObject>,
    TypeSlots {
        tp_repr: Some(base_exception_repr),
        tp_str: Some(base_exception_str),
        tp_traverse: Some(base_exception_traverse),
        tp_clear: Some(base_exception_clear),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_init: Some(base_exception_init),
        tp_new: Some(base_exception_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(EXC_FLAGS)
.with_methods(&BASE_EXCEPTION_METHODS)
.with_getset(&BASE_EXCEPTION_GETSET)
.with_dictoffset(offset_of!(BaseExceptionObject, dict))
.with_doc("Common base class for all exceptions");

/// Defines a static exception type and its accessor. The short form is
/// `SimpleExtendsException` (the base's layout and slots); the long form
/// (`ComplexExtendsException` / `MiddlingExtendsException`) names the
/// instance layout, the slots and optional builder calls (methods,
/// getset).
macro_rules! exception_type {
    ($(#[$m:meta])* $stat:ident, $acc:ident, $name:literal, $base:path, $doc:literal) => {
        exception_type!($(#[$m])* $stat, $acc, $name, $base, $crate::objects::exceptions::BaseExceptionObject,
            $crate::objects::typeobject::TypeSlots::EMPTY, $doc);
    };
    ($(#[$m:meta])* $stat:ident, $acc:ident, $name:literal, $base:path, $layout:ty, $slots:expr, $doc:literal
        $(, $with:ident($arg:expr))*) => {
        $(#[$m])*
        pub static $stat: $crate::objects::typeobject::TypeObject = $crate::objects::typeobject::TypeObject::new_static(
            $name,
            size_of::<$layout>(),
            $crate::objects::object::dealloc_simple::<$layout>,
            $slots,
        )
        .with_base(&raw const $base)
        .with_flags($crate::objects::exceptions::EXC_FLAGS_PUB)
        .with_dictoffset(core::mem::offset_of!($crate::objects::exceptions::BaseExceptionObject, dict))
        $(.$with($arg))*
        .with_doc($doc);

        $(#[$m])*
        pub fn $acc() -> &'static $crate::objects::typeobject::TypeObject {
            &$stat
        }
    };
}
pub(crate) use exception_type;

#[doc(hidden)]
pub const EXC_FLAGS_PUB: u64 = EXC_FLAGS;

/// `BaseException` (`PyExc_BaseException`).
pub fn base_exception() -> &'static TypeObject {
    &BASE_EXCEPTION
}

exception_type!(/// `Exception`.
    EXCEPTION, exception, "Exception", BASE_EXCEPTION, "Common base class for all non-exit exceptions.");
exception_type!(/// `TypeError`.
    TYPE_ERROR, type_error, "TypeError", EXCEPTION, "Inappropriate argument type.");
exception_type!(/// `StopAsyncIteration`.
    STOP_ASYNC_ITERATION, stop_async_iteration, "StopAsyncIteration", EXCEPTION,
    "Signal the end from iterator.__anext__().");
exception_type!(/// `GeneratorExit`.
    GENERATOR_EXIT, generator_exit, "GeneratorExit", BASE_EXCEPTION, "Request that a generator exit.");
exception_type!(/// `KeyboardInterrupt`.
    KEYBOARD_INTERRUPT, keyboard_interrupt, "KeyboardInterrupt", BASE_EXCEPTION, "Program interrupted by user.");
exception_type!(/// `EOFError`.
    EOF_ERROR, eof_error, "EOFError", EXCEPTION, "Read beyond end of file.");
exception_type!(/// `RuntimeError`.
    RUNTIME_ERROR, runtime_error, "RuntimeError", EXCEPTION, "Unspecified run-time error.");
exception_type!(/// `RecursionError`.
    RECURSION_ERROR, recursion_error, "RecursionError", RUNTIME_ERROR, "Recursion limit exceeded.");
exception_type!(/// `PythonFinalizationError`.
    PYTHON_FINALIZATION_ERROR, python_finalization_error, "PythonFinalizationError", RUNTIME_ERROR,
    "Operation blocked during Python finalization.");
exception_type!(/// `NotImplementedError`.
    NOT_IMPLEMENTED_ERROR, not_implemented_error, "NotImplementedError", RUNTIME_ERROR,
    "Method or function hasn't been implemented yet.");
exception_type!(/// `LookupError`.
    LOOKUP_ERROR, lookup_error, "LookupError", EXCEPTION, "Base class for lookup errors.");
exception_type!(/// `IndexError`.
    INDEX_ERROR, index_error, "IndexError", LOOKUP_ERROR, "Sequence index out of range.");
exception_type!(/// `KeyError` (its `str` is the key's repr).
    KEY_ERROR, key_error, "KeyError", LOOKUP_ERROR, BaseExceptionObject,
    TypeSlots { tp_str: Some(key_error_str), ..TypeSlots::EMPTY }, "Mapping key not found.");
exception_type!(/// `ValueError`.
    VALUE_ERROR, value_error, "ValueError", EXCEPTION, "Inappropriate argument value (of correct type).");
exception_type!(/// `AssertionError`.
    ASSERTION_ERROR, assertion_error, "AssertionError", EXCEPTION, "Assertion failed.");
exception_type!(/// `ArithmeticError`.
    ARITHMETIC_ERROR, arithmetic_error, "ArithmeticError", EXCEPTION, "Base class for arithmetic errors.");
exception_type!(/// `FloatingPointError`.
    FLOATING_POINT_ERROR, floating_point_error, "FloatingPointError", ARITHMETIC_ERROR, "Floating-point operation failed.");
exception_type!(/// `OverflowError`.
    OVERFLOW_ERROR, overflow_error, "OverflowError", ARITHMETIC_ERROR, "Result too large to be represented.");
exception_type!(/// `ZeroDivisionError`.
    ZERO_DIVISION_ERROR, zero_division_error, "ZeroDivisionError", ARITHMETIC_ERROR,
    "Second argument to a division or modulo operation was zero.");
exception_type!(/// `SystemError`.
    SYSTEM_ERROR, system_error, "SystemError", EXCEPTION,
    "Internal error in the Python interpreter.\n\nPlease report this to the Python maintainer, along with the traceback,\nthe Python version, and the hardware/OS platform and version.");
exception_type!(/// `ReferenceError`.
    REFERENCE_ERROR, reference_error, "ReferenceError", EXCEPTION, "Weak ref proxy used after referent went away.");
exception_type!(/// `MemoryError`.
    MEMORY_ERROR, memory_error, "MemoryError", EXCEPTION, "Out of memory.");
exception_type!(/// `BufferError`.
    BUFFER_ERROR, buffer_error, "BufferError", EXCEPTION, "Buffer error.");
exception_type!(/// `Warning`.
    WARNING, warning, "Warning", EXCEPTION, "Base class for warning categories.");
exception_type!(/// `UserWarning`.
    USER_WARNING, user_warning, "UserWarning", WARNING, "Base class for warnings generated by user code.");
exception_type!(/// `DeprecationWarning`.
    DEPRECATION_WARNING, deprecation_warning, "DeprecationWarning", WARNING,
    "Base class for warnings about deprecated features.");
exception_type!(/// `PendingDeprecationWarning`.
    PENDING_DEPRECATION_WARNING, pending_deprecation_warning, "PendingDeprecationWarning", WARNING,
    "Base class for warnings about features which will be deprecated\nin the future.");
exception_type!(/// `SyntaxWarning`.
    SYNTAX_WARNING, syntax_warning, "SyntaxWarning", WARNING, "Base class for warnings about dubious syntax.");
exception_type!(/// `RuntimeWarning`.
    RUNTIME_WARNING, runtime_warning, "RuntimeWarning", WARNING,
    "Base class for warnings about dubious runtime behavior.");
exception_type!(/// `FutureWarning`.
    FUTURE_WARNING, future_warning, "FutureWarning", WARNING,
    "Base class for warnings about constructs that will change semantically\nin the future.");
exception_type!(/// `ImportWarning`.
    IMPORT_WARNING, import_warning, "ImportWarning", WARNING,
    "Base class for warnings about probable mistakes in module imports");
exception_type!(/// `UnicodeWarning`.
    UNICODE_WARNING, unicode_warning, "UnicodeWarning", WARNING,
    "Base class for warnings about Unicode related problems, mostly\nrelated to conversion problems.");
exception_type!(/// `BytesWarning`.
    BYTES_WARNING, bytes_warning, "BytesWarning", WARNING,
    "Base class for warnings about bytes and buffer related problems, mostly\nrelated to conversion from str or comparing to str.");
exception_type!(/// `ResourceWarning`.
    RESOURCE_WARNING, resource_warning, "ResourceWarning", WARNING, "Base class for warnings about resource usage.");
exception_type!(/// `EncodingWarning`.
    ENCODING_WARNING, encoding_warning, "EncodingWarning", WARNING,
    "Base class for warnings about encodings.");

/// `KeyError_str`: a single key shows as its repr.
fn key_error_str(v: &PyObject) -> PyResult<ObjRef> {
    let args = exc_of(v)?.args()?;
    if args.len() == 1 {
        return object::repr(&args.as_slice()[0]).map(into_obj);
    }
    base_exception_str(v)
}

/// The static exception types, bases first, for readiness and for the
/// `builtins` module (`_PyBuiltins_AddExceptions`).
pub(crate) fn static_exception_types() -> Vec<&'static TypeObject> {
    let mut v: Vec<&'static TypeObject> = vec![
        &BASE_EXCEPTION,
        &EXCEPTION,
        &TYPE_ERROR,
        &STOP_ASYNC_ITERATION,
        &GENERATOR_EXIT,
        &KEYBOARD_INTERRUPT,
        &EOF_ERROR,
        &RUNTIME_ERROR,
        &RECURSION_ERROR,
        &PYTHON_FINALIZATION_ERROR,
        &NOT_IMPLEMENTED_ERROR,
        &LOOKUP_ERROR,
        &INDEX_ERROR,
        &KEY_ERROR,
        &VALUE_ERROR,
        &ASSERTION_ERROR,
        &ARITHMETIC_ERROR,
        &FLOATING_POINT_ERROR,
        &OVERFLOW_ERROR,
        &ZERO_DIVISION_ERROR,
        &SYSTEM_ERROR,
        &REFERENCE_ERROR,
        &MEMORY_ERROR,
        &BUFFER_ERROR,
        &WARNING,
        &USER_WARNING,
        &DEPRECATION_WARNING,
        &PENDING_DEPRECATION_WARNING,
        &SYNTAX_WARNING,
        &RUNTIME_WARNING,
        &FUTURE_WARNING,
        &IMPORT_WARNING,
        &UNICODE_WARNING,
        &BYTES_WARNING,
        &RESOURCE_WARNING,
        &ENCODING_WARNING,
    ];
    v.extend(attrs::types());
    v.extend(group::types());
    v
}

/// The `builtins` entries that are not static types: `ExceptionGroup`
/// (a class made at start-up, as CPython's `create_exception_group_class`)
/// and the aliases `EnvironmentError` and `IOError` of `OSError`.
pub fn builtin_entries() -> PyResult<Vec<(&'static str, ObjRef)>> {
    Ok(vec![
        ("ExceptionGroup", object::new_ref(exception_group()?)),
        ("EnvironmentError", object::new_ref(os_error())),
        ("IOError", object::new_ref(os_error())),
    ])
}

/// The `MemoryError` that `PyErr_NoMemory` raises without allocating
/// (CPython keeps a free list of them; one immortal instance serves here).
static MEMORY_ERROR_INSTANCE: BaseExceptionObject = BaseExceptionObject {
    ob_base: ObjectHeader::new_static(&raw const MEMORY_ERROR.head),
    dict: ObjSlot::empty(),
    args: ObjSlot::empty(),
    notes: ObjSlot::empty(),
    traceback: ObjSlot::empty(),
    context: ObjSlot::empty(),
    cause: ObjSlot::empty(),
    suppress_context: AtomicBool::new(false),
};

/// The preallocated `MemoryError` instance.
pub(crate) fn preallocated_memory_error() -> &'static BaseExceptionObject {
    &MEMORY_ERROR_INSTANCE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject;

    fn make(ty: &TypeObject, args: &[&PyObject]) -> ObjRef {
        object::call(as_obj(ty), args).unwrap()
    }

    #[test]
    fn str_and_repr_match_cpython() {
        crate::state::ensure();
        let one = longobject::from_i64(1).unwrap();
        let a = into_obj(unicodeobject::from_str("a").unwrap());
        let k = into_obj(unicodeobject::from_str("k").unwrap());
        let e = make(value_error(), &[]);
        assert_eq!(object::repr(&e).unwrap().to_string_lossy(), "ValueError()");
        assert_eq!(object::str(&e).unwrap().to_string_lossy(), "");
        let e = make(value_error(), &[&one, &a]);
        assert_eq!(object::repr(&e).unwrap().to_string_lossy(), "ValueError(1, 'a')");
        assert_eq!(object::str(&e).unwrap().to_string_lossy(), "(1, 'a')");
        let e = make(key_error(), &[&k]);
        assert_eq!(object::str(&e).unwrap().to_string_lossy(), "'k'");
        assert_eq!(object::repr(&make(key_error(), &[])).unwrap().to_string_lossy(), "KeyError()");
        let e = make(stop_iteration(), &[&one]);
        let v = object::get_attr_str(&e, "value").unwrap();
        assert!(object::is(&v, &one));
        let e = make(stop_iteration(), &[]);
        assert!(object::is_none(&object::get_attr_str(&e, "value").unwrap()));
    }

    #[test]
    fn attributes_and_dict() {
        crate::state::ensure();
        let one = longobject::from_i64(1).unwrap();
        let e = make(type_error(), &[&one]);
        let args = object::get_attr_str(&e, "args").unwrap();
        assert_eq!(object::repr(&args).unwrap().to_string_lossy(), "(1,)");
        let name = unicodeobject::intern_str("note").unwrap();
        object::set_attr(&e, &name, Some(&one)).unwrap();
        assert!(object::is(&object::get_attr(&e, &name).unwrap(), &one));
        assert!(object::is_none(&object::get_attr_str(&e, "__cause__").unwrap()));
        let cause = make(value_error(), &[]);
        object::set_attr(&e, &unicodeobject::intern_str("__cause__").unwrap(), Some(&cause)).unwrap();
        assert!(object::is(&object::get_attr_str(&e, "__cause__").unwrap(), &cause));
        assert!(boolobject::is_true_singleton(&object::get_attr_str(&e, "__suppress_context__").unwrap()));
        assert!(object::set_attr(&e, &unicodeobject::intern_str("__cause__").unwrap(), Some(&one)).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "TypeError: exception cause must be None or derive from BaseException"
        );
    }

    #[test]
    fn hierarchy() {
        crate::state::ensure();
        assert!(RECURSION_ERROR.is_subtype(&RUNTIME_ERROR));
        assert!(ZERO_DIVISION_ERROR.is_subtype(&ARITHMETIC_ERROR));
        assert!(KEY_ERROR.is_subtype(&LOOKUP_ERROR));
        assert!(STOP_ITERATION.is_subtype(&EXCEPTION));
        assert!(!KEYBOARD_INTERRUPT.is_subtype(&EXCEPTION));
        assert!(KEYBOARD_INTERRUPT.is_subtype(&BASE_EXCEPTION));
    }
}
