//! Calling objects, ported from Objects/call.c (`PyObject_Vectorcall`,
//! `_PyObject_MakeTpCall`, `PyObject_Call`, `_PyStack_AsDict`): the
//! positional arguments as a slice and the keyword names as a tuple whose
//! values follow the positional ones, converted to CPython's
//! `tp_call(args, kwargs)` form only for callables without a fast path.

use rupy_gc::PyRef;

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::funcobject;
use crate::objects::methodobject::{self, CFunctionObject};
use crate::objects::object::{self, ObjRef, PyObject, downcast, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::state;

/// `PyObject_Vectorcall`: calls `callable` with `args` (positional
/// arguments, then the values of the keywords named by `kwnames`).
pub fn vectorcall(
    callable: &PyObject,
    args: &[&PyObject],
    kwnames: Option<&TupleObject>,
) -> PyResult<ObjRef> {
    if let Some(f) = funcobject::as_function(callable) {
        return crate::vm::call_function(f, args, kwnames);
    }
    if let Some(b) = downcast::<CFunctionObject>(callable)
        && let Some(r) = methodobject::vectorcall(b, args, kwnames)
    {
        return r;
    }
    if let Some(f) = type_of(callable).slots.tp_vectorcall.get() {
        return f(callable, args, kwnames);
    }
    make_tp_call(callable, args, kwnames)
}

/// `_PyObject_MakeTpCall`: builds the tuple and the keyword dict.
fn make_tp_call(
    callable: &PyObject,
    args: &[&PyObject],
    kwnames: Option<&TupleObject>,
) -> PyResult<ObjRef> {
    let ty = type_of(callable);
    let Some(call) = ty.slots.tp_call.get() else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("'{}' object is not callable", ty.name()),
        ));
    };
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let tuple = tupleobject::from_slice(&args[..npos])?;
    let kwargs = match kwnames {
        Some(names) if nkw > 0 => {
            let d = DictObject::new()?;
            for (k, v) in names.as_slice().iter().zip(&args[npos..]) {
                d.set_item(k, v)?;
            }
            Some(d)
        }
        _ => None,
    };
    state::enter_recursive_call(" while calling a Python object")?;
    let res = call(callable, &tuple, kwargs.as_deref());
    state::leave_recursive_call();
    res
}

/// `PyObject_Call`: calls with a tuple and an optional keyword dict.
pub fn call_tuple_dict(
    callable: &PyObject,
    args: &TupleObject,
    kwargs: Option<&DictObject>,
) -> PyResult<ObjRef> {
    if let Some(f) = funcobject::as_function(callable) {
        return crate::vm::call_function_tuple(f, args, kwargs);
    }
    let mut all: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    let items = kwargs.map(DictObject::items).unwrap_or_default();
    if items.is_empty() {
        return vectorcall(callable, &all, None);
    }
    let names = kwnames_of(&items)?;
    all.extend(items.iter().map(|(_, v)| &**v));
    vectorcall(callable, &all, Some(&names))
}

/// The keyword names of a `**kwargs` dict's items, which must all be
/// strings (the check of `_PyStack_UnpackDict`).
pub fn kwnames_of(items: &[(ObjRef, ObjRef)]) -> PyResult<PyRef<TupleObject>> {
    let mut keys: Vec<&PyObject> = Vec::with_capacity(items.len());
    for (k, _) in items {
        if !object::type_check(k, &crate::objects::unicodeobject::STR_TYPE) {
            return Err(errors::set_string(exceptions::type_error(), "keywords must be strings"));
        }
        keys.push(k);
    }
    tupleobject::from_slice(&keys)
}

/// Calls with positional arguments only (`PyObject_CallOneArg` and
/// friends).
pub fn call(callable: &PyObject, args: &[&PyObject]) -> PyResult<ObjRef> {
    vectorcall(callable, args, None)
}

/// `PyCallable_Check`.
pub fn is_callable(v: &PyObject) -> bool {
    type_of(v).slots.tp_call.get().is_some()
}

/// `_PyObject_FunctionStr`: how a callable is named in argument errors
/// (`f()` for functions, the repr otherwise).
pub fn function_str(f: &PyObject) -> String {
    // `_PyObject_FunctionStr`: `module.qualname()` unless the module is
    // builtins; the repr when there is no `__qualname__`.
    let attr = |name: &str| -> Option<String> {
        match object::get_attr_str(f, name) {
            Ok(v) => downcast::<crate::objects::unicodeobject::StrObject>(&v).map(|s| s.to_string_lossy()),
            Err(_) => {
                errors::clear();
                None
            }
        }
    };
    let qualname = if let Some(func) = funcobject::as_function(f) {
        Some(func.qualname_str().to_string())
    } else if let Some(b) = downcast::<CFunctionObject>(f) {
        Some(attr("__qualname__").unwrap_or_else(|| b.name().to_string()))
    } else {
        attr("__qualname__")
    };
    let Some(qualname) = qualname else {
        return match object::repr(f) {
            Ok(r) => r.to_string_lossy(),
            Err(_) => {
                errors::clear();
                String::from("<object>")
            }
        };
    };
    match attr("__module__") {
        Some(m) if m != "builtins" => format!("{m}.{qualname}()"),
        _ => format!("{qualname}()"),
    }
}
