//! The `atexit` module, ported from Modules/atexitmodule.c (`register`,
//! `unregister`, `_clear`, `_run_exitfuncs`, `_ncallbacks`, and
//! `_PyAtExit_Call`, which the command line runs at exit through
//! `rupy::pylifecycle::add_exit_hook`).

use std::sync::OnceLock;

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::call;
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, PyObject, as_obj, downcast, into_obj};
use rupy::objects::tupleobject::{self, TupleObject};

/// The registered callbacks of the calling thread's interpreter, oldest
/// first: `(func, args, kwargs)` tuples in a list
/// (`interp->atexit.callbacks`). The main interpreter's is created once
/// and immortal; a subinterpreter's lives in its dict.
fn callbacks_obj() -> PyResult<ObjRef> {
    static LIST: OnceLock<usize> = OnceLock::new();
    if !rupy::state::interpreters::in_main() {
        let d = rupy::state::interpreters::with_current(rupy::state::interpreters::Interpreter::dict)?;
        let empty = into_obj(ListObject::new()?);
        return d.setdefault(&*rupy::objects::unicodeobject::intern_str("atexit.callbacks")?, &empty);
    }
    if let Some(&p) = LIST.get() {
        // SAFETY: the stored pointer is an immortal list made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let l = into_obj(ListObject::new()?);
    l.header().set_immortal();
    let p = LIST.get_or_init(|| core::ptr::from_ref::<PyObject>(&l) as usize);
    // SAFETY: as above; the winner of a race is immortal too.
    Ok(object::new_ref(unsafe { &*(*p as *const PyObject) }))
}

/// Runs `f` on the callback list.
fn with_callbacks<R>(f: impl FnOnce(&ListObject) -> PyResult<R>) -> PyResult<R> {
    let l = callbacks_obj()?;
    match downcast::<ListObject>(&l) {
        Some(list) => f(list),
        None => Err(errors::bad_internal_call()),
    }
}

/// `atexit.register(func, *args, **kwargs)`: returns `func`.
fn atexit_register(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos == 0 {
        return Err(errors::set_string(exceptions::type_error(), "register() takes at least 1 argument (0 given)"));
    }
    let func = args[0];
    if !call::is_callable(func) {
        return Err(errors::set_string(exceptions::type_error(), "the first argument must be callable"));
    }
    let pos = tupleobject::from_slice(&args[1..npos])?;
    let kwargs: ObjRef = match kwnames {
        Some(names) if nkw > 0 => {
            let d = DictObject::new()?;
            for (k, v) in names.as_slice().iter().zip(&args[npos..]) {
                d.set_item(k, v)?;
            }
            into_obj(d)
        }
        _ => object::none(),
    };
    let entry = tupleobject::from_slice(&[func, as_obj(&*pos), &kwargs])?;
    with_callbacks(|l| l.append(as_obj(&*entry)))?;
    Ok(object::new_ref(func))
}

/// `atexit.unregister(func)`: removes every registration of `func`
/// (compared with `==`).
fn atexit_unregister(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "unregister() takes no keyword arguments"));
    }
    if args.len() != 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("atexit.unregister() takes exactly one argument ({} given)", args.len()),
        ));
    }
    with_callbacks(|list| {
        let mut i = list.len();
        while i > 0 {
            i -= 1;
            let Some(entry) = list.get_item_ref(i as isize) else { continue };
            let Some(t) = downcast::<TupleObject>(&entry) else { continue };
            if object::rich_compare_bool(&t.as_slice()[0], args[0], CompareOp::Eq)? {
                list.pop(i as isize)?;
            }
        }
        Ok(())
    })?;
    Ok(object::none())
}

fn atexit_clear(_args: &[&PyObject], _kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    with_callbacks(|l| {
        l.clear();
        Ok(())
    })?;
    Ok(object::none())
}

fn atexit_ncallbacks(_args: &[&PyObject], _kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let n = with_callbacks(|l| Ok(l.len()))?;
    rupy::objects::longobject::from_i64(n as i64)
}

/// `atexit_callfuncs`: runs the callbacks newest first, then forgets
/// them; an exception is reported and the others still run.
fn call_funcs() {
    let Ok(entries) = with_callbacks(|list| {
        let e = list.snapshot();
        list.clear();
        Ok(e)
    }) else {
        errors::clear();
        return;
    };
    for entry in entries.iter().rev() {
        let Some(t) = downcast::<TupleObject>(entry) else { continue };
        let [func, pos, kwargs] = t.as_slice() else { continue };
        let Some(pos) = downcast::<TupleObject>(pos) else { continue };
        let res = call::call_tuple_dict(func, pos, downcast::<DictObject>(kwargs));
        if res.is_err() {
            rupy::builtins::flush_stdout();
            let what = object::repr(func).map(|r| r.to_string_lossy()).unwrap_or_default();
            if let Some(exc) = errors::take_raised() {
                eprint!(
                    "Exception ignored in atexit callback {what}:\n{}",
                    rupy::errors::traceback::format_exception(&exc)
                );
            }
        }
    }
}

fn atexit_run_exitfuncs(_args: &[&PyObject], _kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    call_funcs();
    Ok(object::none())
}

static FUNCTIONS: [BuiltinDef; 5] = [
    BuiltinDef { name: "_clear", func: atexit_clear },
    BuiltinDef { name: "_ncallbacks", func: atexit_ncallbacks },
    BuiltinDef { name: "_run_exitfuncs", func: atexit_run_exitfuncs },
    BuiltinDef { name: "register", func: atexit_register },
    BuiltinDef { name: "unregister", func: atexit_unregister },
];

/// `PyInit_atexit`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("atexit")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("__doc__", &*rupy::objects::unicodeobject::intern_str("allow programmer to define multiple exit functions to be executed\nupon normal program termination.\n\nTwo public functions, register and unregister, are defined.\n")?)?;
    Ok(into_obj(m))
}

/// Registers the module and its exit hook.
pub fn register() {
    rupy::import::register_builtin("atexit", init);
    rupy::pylifecycle::add_exit_hook(call_funcs);
}
