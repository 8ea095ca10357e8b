//! The builtin exception types, ported from Objects/exceptions.c
//! (`PyBaseExceptionObject`, `BaseException_new`, `BaseException_init`,
//! `BaseException_str`, `BaseException_repr`, the `args` / `__cause__` /
//! `__context__` / `__traceback__` / `__suppress_context__` accessors,
//! `KeyError_str`, `StopIteration_init`, `SimpleExtendsException`) and the
//! preallocated `MemoryError` of `PyErr_NoMemory`.

use core::mem::offset_of;
use std::sync::atomic::{AtomicBool, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::{boolobject, listobject, unicodeobject};

/// An exception instance (`PyBaseExceptionObject`).
#[repr(C)]
pub struct BaseExceptionObject {
    ob_base: ObjectHeader,
    /// Instance attributes (`dict`), created on first assignment.
    dict: ObjSlot,
    /// `args`, a tuple (null reads as `()`).
    args: ObjSlot,
    /// `__notes__`.
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
}

/// A `StopIteration` instance (`PyStopIterationObject`).
#[repr(C)]
pub struct StopIterationObject {
    base: BaseExceptionObject,
    /// `value`.
    value: ObjSlot,
}

// SAFETY: #[repr(C)], starting with a BaseExceptionObject.
unsafe impl PyObjectLike for StopIterationObject {}

impl PyClass for StopIterationObject {
    fn type_object() -> &'static TypeObject {
        &STOP_ITERATION
    }
}

/// `BaseException_new`: allocates the type's (zeroed) instance layout and
/// stores the arguments in `args`.
fn base_exception_new(ty: &TypeObject, args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: every field after the header of every exception layout
    // (ObjSlot, AtomicBool) and of a class's additions (ObjSlots) is
    // valid as all-zero bytes (empty, false).
    let exc = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<BaseExceptionObject>(ty) }?;
    exc.args.set(Some(object::new_ref(args)));
    Ok(into_obj(exc))
}

/// `BaseException_init`: no keywords; replaces `args`.
fn base_exception_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    if kwds.is_some_and(|k| k.len() > 0) {
        return Err(errors::set_string(
            type_error(),
            &format!("{}() takes no keyword arguments", type_of(v).name()),
        ));
    }
    let Some(e) = downcast::<BaseExceptionObject>(v) else { return Err(errors::bad_internal_call()) };
    e.args.set(Some(object::new_ref(args)));
    Ok(())
}

/// `BaseException_str`: `''`, `str(args[0])` or `str(args)`.
fn base_exception_str(v: &PyObject) -> PyResult<ObjRef> {
    let Some(e) = downcast::<BaseExceptionObject>(v) else { return Err(errors::bad_internal_call()) };
    let args = e.args()?;
    match args.len() {
        0 => unicodeobject::from_static(""),
        1 => object::str(&args.as_slice()[0]).map(into_obj),
        _ => object::str(as_obj(&*args)).map(into_obj),
    }
}

/// `BaseException_repr`: `Name(arg)` or `Name(args...)`.
fn base_exception_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(e) = downcast::<BaseExceptionObject>(v) else { return Err(errors::bad_internal_call()) };
    let name = type_of(v).name();
    let args = e.args()?;
    let inner = if args.len() == 1 {
        format!("({})", object::repr(&args.as_slice()[0])?.to_string_lossy())
    } else {
        object::repr(as_obj(&*args))?.to_string_lossy()
    };
    unicodeobject::from_string(format!("{name}{inner}")).map(into_obj)
}

/// `KeyError_str`: a single key shows as its repr.
fn key_error_str(v: &PyObject) -> PyResult<ObjRef> {
    let Some(e) = downcast::<BaseExceptionObject>(v) else { return Err(errors::bad_internal_call()) };
    let args = e.args()?;
    if args.len() == 1 {
        return object::repr(&args.as_slice()[0]).map(into_obj);
    }
    base_exception_str(v)
}

/// `StopIteration_init`: `value` is the first argument or `None`.
fn stop_iteration_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    base_exception_init(v, args, kwds)?;
    let Some(e) = downcast::<StopIterationObject>(v) else { return Err(errors::bad_internal_call()) };
    e.value.set(Some(args.as_slice().first().cloned().unwrap_or_else(object::none)));
    Ok(())
}

fn exc_of(v: &PyObject) -> PyResult<&BaseExceptionObject> {
    downcast::<BaseExceptionObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `BaseException_get_args`.
fn get_args(v: &PyObject) -> PyResult<ObjRef> {
    exc_of(v)?.args().map(into_obj)
}

/// `BaseException_set_args`: any tuple or list becomes the new `args`.
fn set_args(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    let Some(value) = value else {
        return Err(errors::set_string(type_error(), "args may not be deleted"));
    };
    let t = if let Some(t) = downcast::<TupleObject>(value) {
        object::new_ref(t)
    } else if let Some(l) = downcast::<listobject::ListObject>(value) {
        into_obj(l.to_tuple()?)
    } else {
        return Err(errors::set_string(
            type_error(),
            &format!("'{}' object is not iterable", type_of(value).name()),
        ));
    };
    e.args.set(Some(t));
    Ok(())
}

/// `BaseException_get_tb`.
fn get_traceback(v: &PyObject) -> PyResult<ObjRef> {
    Ok(exc_of(v)?.traceback.get().unwrap_or_else(object::none))
}

/// `BaseException_set_tb`: only `None` until tracebacks exist.
fn set_traceback(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    match value {
        None => Err(errors::set_string(type_error(), "__traceback__ may not be deleted")),
        Some(t) if object::is_none(t) => {
            e.traceback.set(None);
            Ok(())
        }
        Some(_) => Err(errors::set_string(type_error(), "__traceback__ must be a traceback or None")),
    }
}

/// Checks a value for `__cause__` / `__context__`.
fn exception_or_none(value: Option<&PyObject>, what: &str) -> PyResult<Option<ObjRef>> {
    match value {
        None => Err(errors::set_string(type_error(), &format!("{what} may not be deleted"))),
        Some(v) if object::is_none(v) => Ok(None),
        Some(v) if object::type_check(v, &BASE_EXCEPTION) => Ok(Some(object::new_ref(v))),
        Some(_) => Err(errors::set_string(
            type_error(),
            &format!("exception {} must be None or derive from BaseException", &what[2..what.len() - 2]),
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
    let c = exception_or_none(value, "__cause__")?;
    e.suppress_context.store(true, Ordering::Relaxed);
    e.cause.set(c);
    Ok(())
}

/// `BaseException_get_context`.
fn get_context(v: &PyObject) -> PyResult<ObjRef> {
    Ok(exc_of(v)?.context.get().unwrap_or_else(object::none))
}

/// `BaseException_set_context`.
fn set_context(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let e = exc_of(v)?;
    e.context.set(exception_or_none(value, "__context__")?);
    Ok(())
}

/// The `__suppress_context__` member.
fn get_suppress_context(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(exc_of(v)?.suppress_context.load(Ordering::Relaxed)))
}

/// Sets `__suppress_context__` (a bool member).
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

/// `StopIteration.value`.
fn get_value(v: &PyObject) -> PyResult<ObjRef> {
    let Some(e) = downcast::<StopIterationObject>(v) else { return Err(errors::bad_internal_call()) };
    Ok(e.value.get().unwrap_or_else(object::none))
}

static BASE_EXCEPTION_GETSET: [GetSetDef; 5] = [
    GetSetDef { name: "args", get: get_args, set: Some(set_args), doc: None },
    GetSetDef { name: "__traceback__", get: get_traceback, set: Some(set_traceback), doc: None },
    GetSetDef { name: "__context__", get: get_context, set: Some(set_context), doc: Some("exception context") },
    GetSetDef { name: "__cause__", get: get_cause, set: Some(set_cause), doc: Some("exception cause") },
    GetSetDef { name: "__suppress_context__", get: get_suppress_context, set: Some(set_suppress_context), doc: None },
];

static STOP_ITERATION_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "value", get: get_value, set: None, doc: Some("generator return value") }];

/// `BaseException` (`PyExc_BaseException`).
pub static BASE_EXCEPTION: TypeObject = TypeObject::new_static(
    "BaseException",
    size_of::<BaseExceptionObject>(),
    object::dealloc_simple::<BaseExceptionObject>,
    TypeSlots {
        tp_repr: Some(base_exception_repr),
        tp_str: Some(base_exception_str),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_init: Some(base_exception_init),
        tp_new: Some(base_exception_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::BASE_EXC_SUBCLASS | flags::HAVE_GC)
.with_getset(&BASE_EXCEPTION_GETSET)
.with_dictoffset(offset_of!(BaseExceptionObject, dict))
.with_doc("Common base class for all exceptions");

/// Defines a static exception type with its base's layout and slots
/// (`SimpleExtendsException`), and its accessor.
macro_rules! simple_exception {
    ($(#[$m:meta])* $stat:ident, $acc:ident, $name:literal, $base:ident, $doc:literal) => {
        $(#[$m])*
        pub static $stat: TypeObject = TypeObject::new_static(
            $name,
            size_of::<BaseExceptionObject>(),
            object::dealloc_simple::<BaseExceptionObject>,
            TypeSlots::EMPTY,
        )
        .with_base(&raw const $base)
        .with_flags(flags::BASETYPE | flags::BASE_EXC_SUBCLASS | flags::HAVE_GC)
        .with_dictoffset(offset_of!(BaseExceptionObject, dict))
        .with_doc($doc);

        $(#[$m])*
        pub fn $acc() -> &'static TypeObject {
            &$stat
        }
    };
}

/// `BaseException` (`PyExc_BaseException`).
pub fn base_exception() -> &'static TypeObject {
    &BASE_EXCEPTION
}

simple_exception!(/// `Exception`.
    EXCEPTION, exception, "Exception", BASE_EXCEPTION, "Common base class for all non-exit exceptions.");
simple_exception!(/// `TypeError`.
    TYPE_ERROR, type_error, "TypeError", EXCEPTION, "Inappropriate argument type.");
simple_exception!(/// `ValueError`.
    VALUE_ERROR, value_error, "ValueError", EXCEPTION, "Inappropriate argument value (of correct type).");
simple_exception!(/// `AttributeError`.
    ATTRIBUTE_ERROR, attribute_error, "AttributeError", EXCEPTION, "Attribute not found.");
simple_exception!(/// `UnicodeError` (the message only; no `encoding`/`object`/`start`/
    /// `end`/`reason` attributes yet).
    UNICODE_ERROR, unicode_error, "UnicodeError", VALUE_ERROR, "Unicode related error.");
simple_exception!(/// `UnicodeDecodeError` (message only, as `UnicodeError`).
    UNICODE_DECODE_ERROR, unicode_decode_error, "UnicodeDecodeError", UNICODE_ERROR, "Unicode decoding error.");
simple_exception!(/// `UnicodeEncodeError` (message only, as `UnicodeError`).
    UNICODE_ENCODE_ERROR, unicode_encode_error, "UnicodeEncodeError", UNICODE_ERROR, "Unicode encoding error.");
simple_exception!(/// `LookupError`.
    LOOKUP_ERROR, lookup_error, "LookupError", EXCEPTION, "Base class for lookup errors.");
simple_exception!(/// `IndexError`.
    INDEX_ERROR, index_error, "IndexError", LOOKUP_ERROR, "Sequence index out of range.");
simple_exception!(/// `ArithmeticError`.
    ARITHMETIC_ERROR, arithmetic_error, "ArithmeticError", EXCEPTION, "Base class for arithmetic errors.");
simple_exception!(/// `OverflowError`.
    OVERFLOW_ERROR, overflow_error, "OverflowError", ARITHMETIC_ERROR, "Result too large to be represented.");
simple_exception!(/// `ZeroDivisionError`.
    ZERO_DIVISION_ERROR, zero_division_error, "ZeroDivisionError", ARITHMETIC_ERROR,
    "Second argument to a division or modulo operation was zero.");
simple_exception!(/// `MemoryError`.
    MEMORY_ERROR, memory_error, "MemoryError", EXCEPTION, "Out of memory.");
simple_exception!(/// `SystemError`.
    SYSTEM_ERROR, system_error, "SystemError", EXCEPTION,
    "Internal error in the Python interpreter.\n\nPlease report this to the Python maintainer, along with the traceback,\nthe Python version, and the hardware/OS platform and version.");
simple_exception!(/// `RuntimeError`.
    RUNTIME_ERROR, runtime_error, "RuntimeError", EXCEPTION, "Unspecified run-time error.");
simple_exception!(/// `RecursionError`.
    RECURSION_ERROR, recursion_error, "RecursionError", RUNTIME_ERROR, "Recursion limit exceeded.");
simple_exception!(/// `NotImplementedError`.
    NOT_IMPLEMENTED_ERROR, not_implemented_error, "NotImplementedError", RUNTIME_ERROR,
    "Method or function hasn't been implemented yet.");
simple_exception!(/// `NameError`.
    NAME_ERROR, name_error, "NameError", EXCEPTION, "Name not found globally.");
simple_exception!(/// `UnboundLocalError`.
    UNBOUND_LOCAL_ERROR, unbound_local_error, "UnboundLocalError", NAME_ERROR, "Local name referenced but not bound to a value.");
simple_exception!(/// `AssertionError`.
    ASSERTION_ERROR, assertion_error, "AssertionError", EXCEPTION, "Assertion failed.");
simple_exception!(/// `GeneratorExit`.
    GENERATOR_EXIT, generator_exit, "GeneratorExit", BASE_EXCEPTION, "Request that a generator exit.");
simple_exception!(/// `KeyboardInterrupt`.
    KEYBOARD_INTERRUPT, keyboard_interrupt, "KeyboardInterrupt", BASE_EXCEPTION, "Program interrupted by user.");

/// `KeyError` (its `str` is the key's repr).
pub static KEY_ERROR: TypeObject = TypeObject::new_static(
    "KeyError",
    size_of::<BaseExceptionObject>(),
    object::dealloc_simple::<BaseExceptionObject>,
    TypeSlots { tp_str: Some(key_error_str), ..TypeSlots::EMPTY },
)
.with_base(&raw const LOOKUP_ERROR)
.with_flags(flags::BASETYPE | flags::BASE_EXC_SUBCLASS | flags::HAVE_GC)
.with_dictoffset(offset_of!(BaseExceptionObject, dict))
.with_doc("Mapping key not found.");

/// `KeyError`.
pub fn key_error() -> &'static TypeObject {
    &KEY_ERROR
}

/// `StopIteration` (with `value`).
pub static STOP_ITERATION: TypeObject = TypeObject::new_static(
    "StopIteration",
    size_of::<StopIterationObject>(),
    object::dealloc_simple::<StopIterationObject>,
    TypeSlots { tp_init: Some(stop_iteration_init), ..TypeSlots::EMPTY },
)
.with_base(&raw const EXCEPTION)
.with_flags(flags::BASETYPE | flags::BASE_EXC_SUBCLASS | flags::HAVE_GC)
.with_getset(&STOP_ITERATION_GETSET)
.with_dictoffset(offset_of!(BaseExceptionObject, dict))
.with_doc("Signal the end from iterator.__next__().");

/// `StopIteration`.
pub fn stop_iteration() -> &'static TypeObject {
    &STOP_ITERATION
}

/// The static exception types, bases first, for readiness.
pub(crate) fn static_exception_types() -> [&'static TypeObject; 25] {
    [
        &BASE_EXCEPTION,
        &EXCEPTION,
        &TYPE_ERROR,
        &VALUE_ERROR,
        &UNICODE_ERROR,
        &UNICODE_DECODE_ERROR,
        &UNICODE_ENCODE_ERROR,
        &ATTRIBUTE_ERROR,
        &LOOKUP_ERROR,
        &INDEX_ERROR,
        &KEY_ERROR,
        &ARITHMETIC_ERROR,
        &OVERFLOW_ERROR,
        &ZERO_DIVISION_ERROR,
        &MEMORY_ERROR,
        &SYSTEM_ERROR,
        &RUNTIME_ERROR,
        &RECURSION_ERROR,
        &NOT_IMPLEMENTED_ERROR,
        &NAME_ERROR,
        &UNBOUND_LOCAL_ERROR,
        &ASSERTION_ERROR,
        &KEYBOARD_INTERRUPT,
        &STOP_ITERATION,
        &GENERATOR_EXIT,
    ]
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
