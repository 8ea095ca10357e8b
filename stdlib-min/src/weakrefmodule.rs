//! The `_weakref` module, ported from Modules/_weakref.c: the weak
//! reference types of rupy::objects::weakrefobject and the queries Lib's
//! weakref.py builds on.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, as_obj, downcast, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::weakrefobject;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn positional<'a>(name: &str, args: &[&'a PyObject], kw: Option<&TupleObject>, min: usize, max: usize) -> PyResult<Vec<&'a PyObject>> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    if args.len() < min || args.len() > max {
        return Err(type_error(&if min == max {
            format!("{name}() takes exactly one argument ({} given)", args.len())
        } else {
            format!("{name} expected at most {max} arguments, got {}", args.len())
        }));
    }
    Ok(args.to_vec())
}

/// `getweakrefcount(object)`.
fn getweakrefcount(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("getweakrefcount", args, kw, 1, 1)?;
    longobject::from_i64(weakrefobject::weakref_count(a[0]) as i64)
}

/// `getweakrefs(object)`.
fn getweakrefs(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("getweakrefs", args, kw, 1, 1)?;
    weakrefobject::weakrefs_of(a[0])
}

/// `proxy(object[, callback])`.
fn proxy(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if args.is_empty() {
        return Err(type_error("proxy expected at least 1 argument, got 0"));
    }
    let a = positional("proxy", args, kw, 1, 2)?;
    weakrefobject::new_proxy(a[0], a.get(1).copied())
}

/// `_remove_dead_weakref(dct, key)`: deletes `dct[key]` if it is a dead
/// weak reference (`_PyDict_DelItemIf`).
fn remove_dead_weakref(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.is_empty()) || args.len() != 2 {
        return Err(type_error(&format!("_remove_dead_weakref expected 2 arguments, got {}", args.len())));
    }
    let Some(d) = downcast::<DictObject>(args[0]) else {
        return Err(type_error(&format!(
            "_remove_dead_weakref() argument 1 must be dict, not {}",
            rupy::objects::object::type_of(args[0]).name()
        )));
    };
    d.del_item_if(args[1], weakrefobject::is_dead_weakref)?;
    Ok(rupy::objects::object::none())
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "getweakrefcount", func: getweakrefcount },
    BuiltinDef { name: "getweakrefs", func: getweakrefs },
    BuiltinDef { name: "proxy", func: proxy },
    BuiltinDef { name: "_remove_dead_weakref", func: remove_dead_weakref },
];

/// `weakref_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_weakref")?;
    m.add_functions(&FUNCTIONS)?;
    for t in [&weakrefobject::REF_TYPE, &weakrefobject::PROXY_TYPE, &weakrefobject::CALLABLE_PROXY_TYPE] {
        t.ready()?;
    }
    m.add_object("ref", as_obj(&weakrefobject::REF_TYPE))?;
    m.add_object("ReferenceType", as_obj(&weakrefobject::REF_TYPE))?;
    m.add_object("ProxyType", as_obj(&weakrefobject::PROXY_TYPE))?;
    m.add_object("CallableProxyType", as_obj(&weakrefobject::CALLABLE_PROXY_TYPE))?;
    Ok(into_obj(m))
}
