//! The error indicator, ported from Python/errors.c (`PyErr_SetObject`,
//! `PyErr_SetString`, `PyErr_SetNone`, `PyErr_Occurred`,
//! `PyErr_ExceptionMatches`, `PyErr_GivenExceptionMatches`,
//! `PyErr_GetRaisedException`, `PyErr_SetRaisedException`,
//! `PyErr_Clear`, `PyErr_NoMemory`, `PyErr_BadInternalCall`).
//!
//! CPython's protocol is "return NULL (or -1) with the exception stored in
//! the thread state". rupy's is `PyResult<T> = Result<T, ErrSet>` with the
//! zero-sized [`ErrSet`] and the exception in the thread state, so
//! `PyResult<PyRef<_>>` stays one pointer wide. A function returning
//! `Err(ErrSet)` must have set the exception; the `set_*` functions
//! return the `ErrSet` to make that the natural way to write it.

pub mod traceback;

use core::ptr::NonNull;

use rupy_gc::PyRef;

use crate::objects::exceptions;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::TypeObject;
use crate::objects::unicodeobject;
use crate::state;

/// "An exception is set in the thread state": the error half of
/// [`PyResult`]. Zero-sized; only the `set_*` functions and
/// [`ErrSet::already_set`] make one.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "an ErrSet means an exception is set; propagate it"]
pub struct ErrSet(());

impl ErrSet {
    /// Asserts that an exception is set (for code that received a failure
    /// from a callee through a path that dropped the marker).
    pub fn already_set() -> ErrSet {
        debug_assert!(occurred(), "ErrSet::already_set without an exception");
        ErrSet(())
    }
}

/// The result of any operation that may raise.
pub type PyResult<T> = Result<T, ErrSet>;

/// `PyErr_SetRaisedException`: makes `exc` (an exception instance) the
/// raised exception, releasing any previous one.
pub fn set_raised(exc: ObjRef) -> ErrSet {
    let old = state::tstate_raw(|ts| ts.replace_exception(Some(exc.into_raw())));
    if let Some(old) = old {
        // SAFETY: the thread state owned the previous exception.
        drop(unsafe { PyRef::from_raw(old) });
    }
    ErrSet(())
}

/// `_PyErr_SetObject`'s chaining: the exception being handled becomes
/// `exc.__context__` (replacing any), after cutting `exc` out of the
/// handled exception's context chain so no cycle forms (Floyd's
/// tortoise and hare stops on a cycle that already exists).
pub fn chain_context(exc: &PyObject) {
    let Some(handled) = crate::vm::current_exception() else { return };
    if object::is(&handled, exc) {
        return;
    }
    let Some(value) = object::downcast::<exceptions::BaseExceptionObject>(exc) else { return };
    let ctx_of = |o: &PyObject| object::downcast::<exceptions::BaseExceptionObject>(o).and_then(|e| e.context());
    let mut o = handled.clone();
    let mut slow = handled.clone();
    let mut toggle = false;
    while let Some(context) = ctx_of(&o) {
        if object::is(&context, exc) {
            if let Some(e) = object::downcast::<exceptions::BaseExceptionObject>(&o) {
                e.set_context(None);
            }
            break;
        }
        o = context;
        if object::is(&o, &slow) {
            break;
        }
        if toggle {
            match ctx_of(&slow) {
                Some(s) => slow = s,
                None => break,
            }
        }
        toggle = !toggle;
    }
    value.set_context(Some(handled));
}

/// `_PyErr_SetObject` for an exception instance: chains the handled
/// exception as its context, then raises it.
pub fn set_raised_chained(exc: ObjRef) -> ErrSet {
    chain_context(&exc);
    set_raised(exc)
}

/// `PyErr_GetRaisedException`: takes the raised exception, clearing the
/// indicator.
pub fn take_raised() -> Option<ObjRef> {
    let exc = state::tstate_raw(|ts| ts.take_exception())?;
    // SAFETY: the thread state owned this reference and gave it up.
    Some(unsafe { PyRef::from_raw(exc) })
}

/// `_PyErr_FormatNote`: adds `note` to the exception being raised (its
/// `add_note`), which stays raised; the returned marker is for `Err`.
pub fn format_note(note: &str) -> ErrSet {
    if let Some(exc) = take_raised() {
        let added = crate::objects::unicodeobject::from_str(note).and_then(|n| {
            let add = crate::objects::object::get_attr_str(&exc, "add_note")?;
            crate::objects::object::call(&add, &[crate::objects::object::as_obj(&*n)])
        });
        if added.is_err() {
            clear();
        }
        return set_raised(exc);
    }
    bad_internal_call()
}

/// `PyErr_WarnEx`: `warnings.warn(msg, category, stacklevel)`, so the
/// filters apply (an error filter makes it raise). Without an importable
/// `warnings` the warning is dropped.
pub fn warn(category: &TypeObject, msg: &str, stacklevel: i64) -> PyResult<()> {
    use crate::objects::object::{as_obj, call, get_attr_str};
    let Ok(warnings) = crate::import::import_module("warnings") else {
        clear();
        return Ok(());
    };
    let f = get_attr_str(&warnings, "warn")?;
    let text = crate::objects::unicodeobject::from_str(msg)?;
    let level = crate::objects::longobject::from_i64(stacklevel)?;
    call(&f, &[as_obj(&*text), as_obj(category), &level]).map(drop)
}

/// `PyErr_Clear`.
pub fn clear() {
    drop(take_raised());
}

/// `PyErr_Occurred` (as a test): is an exception set?
pub fn occurred() -> bool {
    state::tstate_raw(|ts| ts.peek_exception().is_some())
}

/// `PyErr_GivenExceptionMatches` for a class: is `exc` (an instance or a
/// class) `ty` or a subclass of it?
pub fn given_exception_matches(exc: &PyObject, ty: &TypeObject) -> bool {
    match object::downcast::<TypeObject>(exc) {
        Some(t) => core::ptr::eq(t, ty) || t.is_subtype(ty),
        None => object::type_check(exc, ty),
    }
}

/// `PyErr_ExceptionMatches`: is the raised exception an instance of `ty`?
pub fn exception_matches(ty: &TypeObject) -> bool {
    let exc: Option<NonNull<PyObject>> = state::tstate_raw(|ts| ts.peek_exception());
    // SAFETY: the thread state holds a reference to the exception for the
    // duration of this call (only this thread changes it).
    exc.is_some_and(|e| given_exception_matches(unsafe { e.as_ref() }, ty))
}

/// `_PyErr_CreateException`: `ty()` for `None`, `ty(*value)` for a tuple,
/// else `ty(value)`.
fn create_exception(ty: &TypeObject, value: Option<&PyObject>) -> PyResult<ObjRef> {
    match value {
        None => object::call(as_obj(ty), &[]),
        Some(v) if object::is_none(v) => object::call(as_obj(ty), &[]),
        Some(v) => match object::downcast::<TupleObject>(v) {
            Some(t) => {
                let args: Vec<&PyObject> = t.as_slice().iter().map(|a| &**a).collect();
                object::call(as_obj(ty), &args)
            }
            None => object::call(as_obj(ty), &[v]),
        },
    }
}

/// `PyErr_SetObject`: raises `value` if it is already an instance of
/// `ty`, else a new `ty` built from it. If building fails, that error is
/// what is raised.
pub fn set_object(ty: &TypeObject, value: Option<&PyObject>) -> ErrSet {
    if let Some(v) = value
        && object::type_check(v, ty)
        && object::type_check(v, exceptions::base_exception())
    {
        return set_raised_chained(object::new_ref(v));
    }
    match create_exception(ty, value) {
        Ok(exc) => {
            if !object::type_check(&exc, exceptions::base_exception()) {
                return set_string(
                    exceptions::type_error(),
                    &format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        ty.tp_name,
                        type_of(&exc).name()
                    ),
                );
            }
            set_raised_chained(exc)
        }
        Err(e) => e,
    }
}

/// `PyErr_SetString`: raises `ty(msg)`.
pub fn set_string(ty: &TypeObject, msg: &str) -> ErrSet {
    match unicodeobject::from_str(msg) {
        Ok(s) => set_object(ty, Some(&into_obj(s))),
        Err(e) => e,
    }
}

/// `PyErr_SetNone`: raises `ty()`.
pub fn set_none(ty: &TypeObject) -> ErrSet {
    set_object(ty, None)
}

/// `PyErr_SetKeyError` (`_PyErr_SetKeyError`): raises `KeyError(key)`,
/// wrapping the key in a tuple so a tuple key is not unpacked.
pub fn set_key_error(key: &PyObject) -> ErrSet {
    match tupleobject::from_slice(&[key]) {
        Ok(t) => set_object(exceptions::key_error(), Some(as_obj(&*t))),
        Err(e) => e,
    }
}

/// `PyErr_NoMemory`: raises the preallocated `MemoryError` instance, so
/// reporting an allocation failure allocates nothing.
pub fn no_memory() -> ErrSet {
    set_raised(object::new_ref(exceptions::preallocated_memory_error()))
}

/// `PyErr_BadInternalCall`: `SystemError: bad argument to internal
/// function`.
pub fn bad_internal_call() -> ErrSet {
    set_string(exceptions::system_error(), "bad argument to internal function")
}

/// `set_attribute_error_context` (Objects/object.c): a plain
/// AttributeError raised by a `getattr(v, name)` gets `name` and `obj`
/// (unless already set), for the "Did you mean" suggestion. Returns the
/// same error.
pub fn set_attribute_error_context(v: &PyObject, name: &PyObject, err: ErrSet) -> ErrSet {
    let exc = state::tstate_raw(|ts| ts.peek_exception());
    // SAFETY: the thread state holds a reference to the exception for the
    // duration of this call (only this thread changes it).
    let Some(exc) = exc.map(|e| unsafe { e.as_ref() }) else { return err };
    if let Some(a) = object::downcast::<exceptions::AttributeErrorObject>(exc)
        && a.name().is_none()
        && a.obj().is_none()
    {
        a.set_name_obj(Some(object::new_ref(name)), Some(object::new_ref(v)));
    }
    err
}

/// `_PyEval_FormatExcCheckArg`'s tail: the raised NameError gets `name`
/// unless it has one. Returns the same error.
pub fn set_name_error_name(name: &PyObject, err: ErrSet) -> ErrSet {
    let exc = state::tstate_raw(|ts| ts.peek_exception());
    // SAFETY: as in `set_attribute_error_context`.
    let Some(exc) = exc.map(|e| unsafe { e.as_ref() }) else { return err };
    // Only the field is read: running Python code here could replace (and
    // free) the exception borrowed from the thread state.
    if let Some(n) = object::downcast::<exceptions::NameErrorObject>(exc)
        && n.name().is_none()
    {
        n.set_name(Some(object::new_ref(name)));
    }
    err
}

/// Takes the raised exception and renders it as the last line of a
/// traceback (`TypeError: message`, or the bare type name when the
/// message is empty), as `PyErr_Print` would.
pub fn take_message() -> Option<String> {
    let exc = take_raised()?;
    let name = type_of(&exc).name();
    let msg = match object::str(&exc) {
        Ok(s) => s.to_string_lossy(),
        Err(_) => {
            clear();
            "<exception str() failed>".to_owned()
        }
    };
    Some(if msg.is_empty() { name.to_owned() } else { format!("{name}: {msg}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_fetch_and_match() {
        state::ensure();
        assert!(!occurred());
        let e = set_string(exceptions::key_error(), "boom");
        assert_eq!(e, ErrSet(()));
        assert!(occurred());
        assert!(exception_matches(exceptions::key_error()));
        assert!(exception_matches(exceptions::lookup_error()));
        assert!(exception_matches(exceptions::exception()));
        assert!(!exception_matches(exceptions::index_error()));
        let exc = take_raised().unwrap();
        assert!(!occurred());
        assert_eq!(object::repr(&exc).unwrap().to_string_lossy(), "KeyError('boom')");
        let _ = set_raised(exc);
        assert_eq!(take_message().unwrap(), "KeyError: 'boom'");
    }

    #[test]
    fn set_object_with_tuple_and_instance() {
        state::ensure();
        let one = crate::objects::longobject::from_i64(1).unwrap();
        let two = crate::objects::longobject::from_i64(2).unwrap();
        let t = tupleobject::from_slice(&[&one, &two]).unwrap();
        let _ = set_object(exceptions::value_error(), Some(&into_obj(t)));
        let exc = take_raised().unwrap();
        assert_eq!(object::repr(&exc).unwrap().to_string_lossy(), "ValueError(1, 2)");
        let _ = set_object(exceptions::exception(), Some(&exc));
        assert!(object::is(&take_raised().unwrap(), &exc));
        let _ = set_key_error(&into_obj(tupleobject::from_slice(&[&one]).unwrap()));
        assert_eq!(take_message().unwrap(), "KeyError: (1,)");
        let _ = no_memory();
        assert_eq!(take_message().unwrap(), "MemoryError");
        let _ = bad_internal_call();
        assert_eq!(take_message().unwrap(), "SystemError: bad argument to internal function");
    }
}
