//! The eval loop, ported from Python/ceval.c (`_PyEval_EvalFrameDefault`,
//! `initialize_locals`, `get_exception_handler`'s use in
//! `exception_unwind`, `do_raise`, `_PyEval_FormatExcUnbound`,
//! `format_missing` / `missing_arguments` / `too_many_positional`,
//! `_PyEval_UnpackIterableStackRef`) and the instruction bodies of
//! Python/bytecodes.c (3.14).
//!
//! Dispatch is a `match` on the opcode byte of the current code unit;
//! the inline caches that follow an instruction are skipped with
//! `CACHES[op]` (they stay in `co_code` for the specializer). A call of a
//! Python function pushes a new frame and continues in the same loop
//! (the caller's frame waits in `callers`), so Python recursion never
//! grows the Rust stack; a native call back into Python starts a new loop
//! and is guarded by the C recursion counter.

use rupy_gc::PyRef;

use crate::compile::code::{CO_FAST_FREE, CO_GENERATOR, CO_VARARGS, CO_VARKEYWORDS};
use crate::compile::opcode as op;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::cellobject::CellObject;
use crate::objects::codeobject::{CodeObject, CodeUnit};
use crate::objects::dictobject::DictObject;
use crate::objects::funcobject::{self, FuncAttr, FunctionObject};
use crate::objects::listobject::ListObject;
use crate::objects::object::{self, CompareOp, ObjRef, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::slotdefs::StaticName;
use crate::objects::typeobject::{TypeObject, flags};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{
    r#abstract as abs, boolobject, call, exceptions, genobject, longobject, sliceobject,
};
use crate::state;
use crate::vm::frame::{Frame, stack_error};
use crate::vm::stackref::StackRef;
use crate::vm::trace;
use crate::vm::{VM, swap_exc_info};

// ---------------------------------------------------------------------
// Entry points.

/// `PyEval_EvalCode`: runs `code` with the given namespaces.
pub fn eval_code(
    code: PyRef<CodeObject>,
    globals: PyRef<DictObject>,
    locals: Option<ObjRef>,
) -> PyResult<ObjRef> {
    let builtins = builtins_from_globals(&globals)?;
    run(Frame::new(
        code,
        None,
        globals,
        builtins,
        locals,
        Vec::new(),
    ))
}

/// `_PyEval_BuiltinsFromGlobals`: `globals['__builtins__']` if it is a
/// dict, else the interpreter's builtins.
fn builtins_from_globals(globals: &DictObject) -> PyResult<PyRef<DictObject>> {
    let key = unicodeobject::intern_str("__builtins__")?;
    if let Some(b) = globals.get_item(&key)?
        && let Ok(d) = object::downcast_ref::<DictObject>(b)
    {
        return Ok(d);
    }
    crate::builtins::builtins_dict()
}

/// `_PyFunction_Vectorcall`: calls a Python function from native code
/// (a new run of the loop).
pub fn call_function(
    f: &FunctionObject,
    args: &[&PyObject],
    kwnames: Option<&TupleObject>,
) -> PyResult<ObjRef> {
    let mut argv: Vec<StackRef> = args.iter().map(|a| StackRef::new_ref(a)).collect();
    let frame = make_frame(f, &mut argv, kwnames, Vec::new())?;
    state::enter_recursive_call("")?;
    let r = run(frame);
    state::leave_recursive_call();
    r
}

/// Runs a class body (`builtin___build_class__`'s
/// `_PyEval_Vector(tstate, func, ns, NULL, 0, NULL)`): the function's code
/// with `ns` as its locals; returns the body's result (the `__class__`
/// cell, or `None`).
pub fn run_class_body(f: &FunctionObject, ns: ObjRef) -> PyResult<ObjRef> {
    let frame = Frame::new(
        f.code(),
        Some(object::new_ref(f)),
        f.globals.clone(),
        f.builtins.clone(),
        Some(ns),
        Vec::new(),
    );
    state::enter_recursive_call("")?;
    let r = run(frame);
    state::leave_recursive_call();
    r
}

/// `PyObject_Call` on a function: a tuple and an optional keyword dict.
pub fn call_function_tuple(
    f: &FunctionObject,
    args: &TupleObject,
    kwargs: Option<&DictObject>,
) -> PyResult<ObjRef> {
    let mut all: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    let items = kwargs.map(DictObject::items).unwrap_or_default();
    if items.is_empty() {
        return call_function(f, &all, None);
    }
    let names = crate::objects::call::kwnames_of(&items)?;
    all.extend(items.iter().map(|(_, v)| &**v));
    call_function(f, &all, Some(&names))
}

// ---------------------------------------------------------------------
// Recursion and the eval breaker.

/// `_Py_EnterRecursivePy`: one more Python frame on this thread.
fn enter_py() -> PyResult<()> {
    let limit = state::interp().recursion_limit();
    let over = VM.with(|v| {
        let d = v.depth.get() + 1;
        if d > limit {
            return true;
        }
        v.depth.set(d);
        false
    });
    if over {
        return Err(errors::set_string(
            exceptions::recursion_error(),
            "maximum recursion depth exceeded",
        ));
    }
    Ok(())
}

/// `_Py_LeaveRecursiveCallPy`.
fn leave_py() {
    VM.with(|v| v.depth.set(v.depth.get() - 1));
}

/// The eval breaker, polled at `RESUME`, backward jumps and after calls
/// to non-Python callables: stop-the-world
/// requests, refcount merges and delayed frees of the memory model.
/// Signals that arrived are handled here too (`_Py_HandlePending`).
#[inline]
fn eval_breaker() -> PyResult<()> {
    const SIGNALS: usize = rupy_gc::tstate::eval_breaker::SIGNALS_PENDING_BIT;
    const GC: usize = rupy_gc::tstate::eval_breaker::GC_SCHEDULED_BIT;
    let bits = state::with_tstate(|ts| {
        let bits = ts.poll_eval_breaker() & (SIGNALS | GC);
        if bits != 0 {
            ts.unset_eval_breaker_bit(bits);
        }
        bits
    });
    if bits & GC != 0 {
        state::gc::run_scheduled();
    }
    if bits & SIGNALS != 0 { crate::signals::check_signals() } else { Ok(()) }
}

// ---------------------------------------------------------------------
// Errors of the loop.

fn system_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::system_error(), msg)
}

#[cold]
fn not_implemented(opcode: u8) -> ErrSet {
    system_error(&format!(
        "rupy: opcode {} not implemented",
        op::OPNAME[usize::from(opcode)]
    ))
}

/// `_PyEval_FormatExcUnbound` for a fast local, cell or free variable.
#[cold]
fn unbound_local(code: &CodeObject, i: usize) -> ErrSet {
    let name = code.local_name(i);
    if code
        .localspluskinds
        .get(i)
        .is_some_and(|k| k & CO_FAST_FREE != 0)
    {
        return errors::set_string(
            exceptions::name_error(),
            &format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            ),
        );
    }
    errors::set_string(
        exceptions::unbound_local_error(),
        &format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// `NAME_ERROR_MSG`.
#[cold]
fn name_error(name: &PyObject) -> ErrSet {
    let err = errors::set_string(
        exceptions::name_error(),
        &format!("name '{}' is not defined", object::str_lossy(name)),
    );
    errors::set_name_error_name(name, err)
}

/// `PyMapping_GetOptionalItem` on a namespace: a plain lookup for an
/// exact dict, `__getitem__` (and so a dict subclass's `__missing__`)
/// otherwise, with KeyError meaning absent.
#[inline]
fn mapping_lookup(m: &PyObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    if object::is_type(m, &crate::objects::dictobject::DICT_TYPE)
        && let Some(d) = downcast::<DictObject>(m)
    {
        return d.get_item(name);
    }
    match abs::get_item(m, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if !errors::exception_matches(exceptions::key_error()) {
                return Err(e);
            }
            errors::clear();
            Ok(None)
        }
    }
}

fn obj_of(s: &StackRef) -> PyResult<&PyObject> {
    s.get().ok_or_else(stack_error)
}

fn owned(s: StackRef) -> PyResult<ObjRef> {
    s.into_owned().ok_or_else(stack_error)
}

// ---------------------------------------------------------------------
// Calls: building the callee's frame (`_PyEvalFramePushAndInit`).

/// The frame of a call of `f`: `args` holds the positional arguments and
/// then the values of the keywords in `kwnames`; they are moved into the
/// frame.
fn make_frame(
    f: &FunctionObject,
    args: &mut [StackRef],
    kwnames: Option<&TupleObject>,
    buf: Vec<StackRef>,
) -> PyResult<Frame> {
    let code = f.code();
    let mut frame = Frame::new(
        code,
        Some(object::new_ref(f)),
        f.globals.clone(),
        f.builtins.clone(),
        None,
        buf,
    );
    initialize_locals(f, &frame.code, &mut frame.localsplus, args, kwnames)?;
    Ok(frame)
}

/// `initialize_locals`: binds the arguments to the parameters, with
/// CPython's error messages.
fn initialize_locals(
    f: &FunctionObject,
    co: &CodeObject,
    locals: &mut [StackRef],
    args: &mut [StackRef],
    kwnames: Option<&TupleObject>,
) -> PyResult<()> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let argcount = args.len() - nkw;
    let total_args = co.argcount + co.kwonlyargcount;
    let has_varargs = co.flags & CO_VARARGS != 0;
    let kwdict = if co.flags & CO_VARKEYWORDS != 0 {
        let d = DictObject::new()?;
        let i = total_args + usize::from(has_varargs);
        locals[i] = StackRef::from_owned(into_obj(d.clone()));
        Some(d)
    } else {
        None
    };
    let n = argcount.min(co.argcount);
    for j in 0..n {
        locals[j] = args[j].take();
    }
    if has_varargs {
        let extra: Vec<&PyObject> = args[n..argcount].iter().filter_map(StackRef::get).collect();
        let t = tupleobject::from_slice(&extra)?;
        locals[total_args] = StackRef::from_owned(into_obj(t));
    }
    if let Some(names) = kwnames {
        for (i, keyword) in names.as_slice().iter().enumerate() {
            let value = args[argcount + i].take();
            let Some(kw) = downcast::<StrObject>(keyword) else {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("{}() keywords must be strings", f.qualname_str()),
                ));
            };
            let params = &co.localsplusnames[co.posonlyargcount..total_args];
            let pos = match params.iter().position(|p| object::is(p, keyword)) {
                Some(p) => Some(p),
                None => params
                    .iter()
                    .position(|p| downcast::<StrObject>(p).is_some_and(|s| s.eq_str(kw))),
            };
            let Some(p) = pos else {
                if let Some(d) = &kwdict {
                    d.set_item(keyword, obj_of(&value)?)?;
                    continue;
                }
                let posonly = &co.localsplusnames[..co.posonlyargcount];
                if posonly
                    .iter()
                    .any(|p| downcast::<StrObject>(p).is_some_and(|s| s.eq_str(kw)))
                {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!(
                            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                            f.qualname_str(),
                            kw.to_string_lossy()
                        ),
                    ));
                }
                let kw_text = kw.to_string_lossy();
                let names: Vec<String> = params.iter().map(|p| object::str_lossy(p)).collect();
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = crate::vm::suggestions::calculate(&refs, &kw_text)
                    .map(|s| format!(". Did you mean '{s}'?"))
                    .unwrap_or_default();
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "{}() got an unexpected keyword argument '{kw_text}'{hint}",
                        f.qualname_str()
                    ),
                ));
            };
            let j = co.posonlyargcount + p;
            if !locals[j].is_null() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "{}() got multiple values for argument '{}'",
                        f.qualname_str(),
                        kw.to_string_lossy()
                    ),
                ));
            }
            locals[j] = value;
        }
    }
    if argcount > co.argcount && !has_varargs {
        return Err(too_many_positional(f, locals, argcount));
    }
    if argcount < co.argcount {
        let defaults = f.defaults();
        let ndef = defaults.as_ref().map_or(0, |d| d.len());
        let m = co.argcount.saturating_sub(ndef);
        let missing: Vec<usize> = (argcount..m).filter(|&i| locals[i].is_null()).collect();
        if !missing.is_empty() {
            return Err(missing_arguments(f, &missing, "positional"));
        }
        if let Some(d) = defaults {
            for (i, slot) in locals.iter_mut().enumerate().take(co.argcount).skip(n.max(m)) {
                if slot.is_null() {
                    *slot = StackRef::new_ref(&d.as_slice()[i - m]);
                }
            }
        }
    }
    if co.kwonlyargcount > 0 {
        let kwdefs = f.kwdefaults();
        let mut missing = Vec::new();
        for (i, slot) in locals.iter_mut().enumerate().take(total_args).skip(co.argcount) {
            if !slot.is_null() {
                continue;
            }
            if let Some(d) = &kwdefs
                && let Some(v) = d.get_item(&co.localsplusnames[i])?
            {
                *slot = StackRef::from_owned(v);
                continue;
            }
            missing.push(i);
        }
        if !missing.is_empty() {
            return Err(missing_arguments(f, &missing, "keyword-only"));
        }
    }
    Ok(())
}

/// `format_missing` / `missing_arguments`.
#[cold]
fn missing_arguments(f: &FunctionObject, missing: &[usize], kind: &str) -> ErrSet {
    let names: Vec<String> = missing
        .iter()
        .map(|&i| format!("'{}'", f.code().local_name(i)))
        .collect();
    let list = match names.len() {
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    let s = if missing.len() == 1 { "" } else { "s" };
    errors::set_string(
        exceptions::type_error(),
        &format!(
            "{}() missing {} required {kind} argument{s}: {list}",
            f.qualname_str(),
            missing.len()
        ),
    )
}

/// `too_many_positional`.
#[cold]
fn too_many_positional(f: &FunctionObject, locals: &[StackRef], given: usize) -> ErrSet {
    let code = f.code();
    let co = &*code;
    let kwonly_given = (co.argcount..co.argcount + co.kwonlyargcount)
        .filter(|&i| !locals[i].is_null())
        .count();
    let ndef = f.defaults().map_or(0, |d| d.len());
    let plural = if co.argcount != 1 || ndef > 0 {
        "s"
    } else {
        ""
    };
    let sig = if ndef > 0 {
        format!("from {} to {}", co.argcount - ndef, co.argcount)
    } else {
        co.argcount.to_string()
    };
    let kwonly_msg = if kwonly_given > 0 {
        let s = if kwonly_given != 1 { "s" } else { "" };
        format!(
            " positional argument{} (and {kwonly_given} keyword-only argument{s})",
            if given != 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    let was = if given == 1 && kwonly_given == 0 {
        "was"
    } else {
        "were"
    };
    errors::set_string(
        exceptions::type_error(),
        &format!(
            "{}() takes {sig} positional argument{plural} but {given}{kwonly_msg} {was} given",
            f.qualname_str()
        ),
    )
}

// ---------------------------------------------------------------------
// Instruction helpers.

/// `BINARY_OP`'s operator table (`_PyEval_BinaryOps`), by `NB_*` oparg.
fn binary_op(oparg: u32, lhs: &PyObject, rhs: &PyObject) -> PyResult<ObjRef> {
    const NB_INPLACE_ADD: u32 = 13;
    const NB_SUBSCR: u32 = 26;
    if oparg == NB_SUBSCR {
        return abs::get_item(lhs, rhs);
    }
    if (NB_INPLACE_ADD..NB_SUBSCR).contains(&oparg) {
        return abs::inplace_op(oparg - NB_INPLACE_ADD, lhs, rhs);
    }
    let kind = oparg;
    match kind {
        0 => abs::add(lhs, rhs),
        1 => abs::and(lhs, rhs),
        2 => abs::floor_divide(lhs, rhs),
        5 => abs::multiply(lhs, rhs),
        6 => abs::remainder(lhs, rhs),
        7 => abs::or(lhs, rhs),
        8 => abs::power(lhs, rhs),
        10 => abs::subtract(lhs, rhs),
        11 => abs::true_divide(lhs, rhs),
        12 => abs::xor(lhs, rhs),
        3 => abs::lshift(lhs, rhs),
        4 => abs::matrix_multiply(lhs, rhs),
        9 => abs::rshift(lhs, rhs),
        _ => Err(system_error("rupy: bad BINARY_OP oparg")),
    }
}

/// `list_extend`.
fn list_extend(l: &ListObject, iterable: &PyObject) -> PyResult<()> {
    // `_PyList_Extend`: lists and tuples in one locked copy.
    l.extend(iterable)
}

/// `COMPARE_OP`'s operator from its oparg.
fn compare_op(oparg: u32) -> PyResult<CompareOp> {
    Ok(match oparg >> 5 {
        0 => CompareOp::Lt,
        1 => CompareOp::Le,
        2 => CompareOp::Eq,
        3 => CompareOp::Ne,
        4 => CompareOp::Gt,
        5 => CompareOp::Ge,
        _ => return Err(system_error("rupy: bad COMPARE_OP oparg")),
    })
}

/// `_PyObject_GetMethod`: for `obj.name(...)`, the function found on the
/// type (unbound, with `true`) when it is a method descriptor the
/// instance dict does not shadow, else the bound attribute (`false`).
fn get_method(owner: &PyObject, name: &PyObject) -> PyResult<(ObjRef, bool)> {
    let generic = type_of(owner).slots.tp_getattro.get().is_some_and(|f| {
        core::ptr::fn_addr_eq(
            f,
            object::generic_get_attr as crate::objects::typeobject::GetAttroFunc,
        )
    });
    if generic {
        return object::generic_get_method(owner, name);
    }
    Ok((object::get_attr(owner, name)?, false))
}

/// `_PyObject_LookupSpecialMethod` for `LOAD_SPECIAL`: the method
/// `_Py_SpecialMethods[which]` found on the type, unbound (with `true`:
/// the owner goes beside it as `self`) when it is a method descriptor,
/// else bound. A missing method is the `with` / `async with` TypeError.
fn load_special(owner: &PyObject, which: usize) -> PyResult<(ObjRef, bool)> {
    static NAMES: [StaticName; 4] = [
        StaticName::new("__enter__"),
        StaticName::new("__exit__"),
        StaticName::new("__aenter__"),
        StaticName::new("__aexit__"),
    ];
    let Some(name) = NAMES.get(which) else {
        return Err(system_error("rupy: bad LOAD_SPECIAL oparg"));
    };
    let ty = type_of(owner);
    if let Some(d) = ty.lookup(name.get()?)? {
        let dt = type_of(&d);
        if dt.has_feature(flags::METHOD_DESCRIPTOR) {
            return Ok((d, true));
        }
        if let Some(get) = dt.slots.tp_descr_get.get() {
            return Ok((get(&d, Some(owner), Some(object::as_obj(ty)))?, false));
        }
        return Ok((d, false));
    }
    let sync = which < 2;
    let has = |n: &str| -> PyResult<bool> {
        Ok(ty.lookup(&*unicodeobject::intern_str(n)?)?.is_some())
    };
    let other = if sync {
        has("__aenter__")? && has("__aexit__")?
    } else {
        has("__enter__")? && has("__exit__")?
    };
    let protocol = if sync { "" } else { "asynchronous " };
    let mut msg = format!(
        "'{}' object does not support the {protocol}context manager protocol (missed {} method)",
        ty.name(),
        name.text()
    );
    if other {
        msg.push_str(if sync {
            " but it supports the asynchronous context manager protocol. Did you mean to use 'async with'?"
        } else {
            " but it supports the context manager protocol. Did you mean to use 'with'?"
        });
    }
    Err(errors::set_string(exceptions::type_error(), &msg))
}

/// `match_keys`: the values of `keys` (a tuple) in the mapping
/// `subject`, through its `get` method, or `None` if one is missing; a
/// key repeated in the pattern is a ValueError.
fn match_keys(subject: &PyObject, keys: &PyObject) -> PyResult<ObjRef> {
    let Some(keys) = downcast::<TupleObject>(keys) else {
        return Err(errors::bad_internal_call());
    };
    if keys.is_empty() {
        return tupleobject::from_slice(&[]).map(into_obj);
    }
    let get = object::get_attr(subject, &*unicodeobject::intern_str("get")?)?;
    let dummy = call::call(object::as_obj(&crate::objects::typeobject::OBJECT_TYPE), &[])?;
    let mut seen: Vec<&PyObject> = Vec::with_capacity(keys.len());
    let mut values = Vec::with_capacity(keys.len());
    for key in keys.as_slice() {
        for s in &seen {
            if object::rich_compare_bool(s, key, CompareOp::Eq)? {
                return Err(errors::set_string(
                    exceptions::value_error(),
                    &format!(
                        "mapping pattern checks duplicate key ({})",
                        object::repr(key)?.to_string_lossy()
                    ),
                ));
            }
        }
        seen.push(key);
        let v = call::call(&get, &[key, &dummy])?;
        if object::is(&v, &dummy) {
            return Ok(object::none());
        }
        values.push(v);
    }
    let refs: Vec<&PyObject> = values.iter().map(|v| &**v).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `PyException_GetTraceback`, `None` when there is none.
fn exception_traceback(exc: &PyObject) -> PyResult<ObjRef> {
    object::get_attr(exc, &*unicodeobject::intern_str("__traceback__")?)
}

/// `CHECK_EXC_MATCH`'s validation: a class deriving from BaseException,
/// or a tuple of them.
fn check_except_type_valid(right: &PyObject) -> PyResult<()> {
    let valid = |t: &PyObject| {
        downcast::<TypeObject>(t).is_some_and(|t| t.is_subtype(exceptions::base_exception()))
    };
    let ok = match downcast::<TupleObject>(right) {
        Some(tup) => tup.as_slice().iter().all(|t| valid(t)),
        None => valid(right),
    };
    if ok {
        Ok(())
    } else {
        Err(errors::set_string(
            exceptions::type_error(),
            "catching classes that do not inherit from BaseException is not allowed",
        ))
    }
}

/// `PyErr_GivenExceptionMatches` with a tuple of classes.
fn exception_matches(exc: &PyObject, right: &PyObject) -> bool {
    if let Some(tup) = downcast::<TupleObject>(right) {
        return tup.as_slice().iter().any(|t| exception_matches(exc, t));
    }
    match downcast::<TypeObject>(right) {
        Some(t) => errors::given_exception_matches(exc, t),
        None => false,
    }
}

/// `do_raise`: instantiates a class, checks the type, attaches the
/// cause.
fn do_raise(exc: &PyObject, cause: Option<&PyObject>) -> ErrSet {
    let base = exceptions::base_exception();
    let value = if let Some(t) = downcast::<TypeObject>(exc) {
        if !t.is_subtype(base) {
            return errors::set_string(
                exceptions::type_error(),
                "exceptions must derive from BaseException",
            );
        }
        match call::call(exc, &[]) {
            Ok(v) => {
                if !object::type_check(&v, base) {
                    return errors::set_string(
                        exceptions::type_error(),
                        &format!(
                            "calling {} should have returned an instance of BaseException, not {}",
                            object::repr(exc)
                                .map(|r| r.to_string_lossy())
                                .unwrap_or_default(),
                            type_of(&v).name()
                        ),
                    );
                }
                v
            }
            Err(e) => return e,
        }
    } else if object::type_check(exc, base) {
        object::new_ref(exc)
    } else {
        return errors::set_string(
            exceptions::type_error(),
            "exceptions must derive from BaseException",
        );
    };
    if let Some(c) = cause {
        let fixed = if object::is_none(c) {
            None
        } else if let Some(t) = downcast::<TypeObject>(c) {
            if !t.is_subtype(base) {
                return errors::set_string(
                    exceptions::type_error(),
                    "exception causes must derive from BaseException",
                );
            }
            match call::call(c, &[]) {
                Ok(v) => Some(v),
                Err(e) => return e,
            }
        } else if object::type_check(c, base) {
            Some(object::new_ref(c))
        } else {
            return errors::set_string(
                exceptions::type_error(),
                "exception causes must derive from BaseException",
            );
        };
        if let Some(e) = downcast::<exceptions::BaseExceptionObject>(&value) {
            e.set_cause(fixed);
        }
    }
    errors::set_raised_chained(value)
}

/// `UNPACK_SEQUENCE` / `UNPACK_EX` (`_PyEval_UnpackIterableStackRef`):
/// the items of `seq`, checked against the expected counts. Only as many
/// items as needed are taken (one more to detect too many), so an endless
/// iterable fails instead of running forever.
fn unpack(seq: &PyObject, before: usize, after: Option<usize>) -> PyResult<Vec<ObjRef>> {
    let value_error = |msg: String| Err(errors::set_string(exceptions::value_error(), &msg));
    // The exact containers: every item at once, with their count in the
    // error messages.
    let snapshot = if object::is_type(seq, &crate::objects::tupleobject::TUPLE_TYPE) {
        downcast::<TupleObject>(seq).map(|t| t.as_slice().to_vec())
    } else if object::is_type(seq, &crate::objects::listobject::LIST_TYPE) {
        downcast::<ListObject>(seq).map(ListObject::snapshot)
    } else {
        None
    };
    let mut items = Vec::with_capacity(before + after.unwrap_or(0));
    let it = if let Some(all) = snapshot {
        items = all;
        None
    } else {
        let it = match abs::get_iter(seq) {
            Ok(it) => it,
            Err(e) => {
                let ty = type_of(seq);
                if errors::exception_matches(exceptions::type_error())
                    && ty.slots.tp_iter.get().is_none()
                    && ty.slots.sq_item.get().is_none()
                {
                    drop(e);
                    errors::clear();
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("cannot unpack non-iterable {} object", ty.name()),
                    ));
                }
                return Err(e);
            }
        };
        while items.len() < before {
            match abs::iter_next(&it)? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Some(it)
    };
    if items.len() < before {
        let expected = match after {
            None => format!("expected {before}"),
            Some(a) => format!("expected at least {}", before + a),
        };
        return value_error(format!("not enough values to unpack ({expected}, got {})", items.len()));
    }
    match after {
        None => {
            let extra = match &it {
                None => items.len() > before,
                Some(it) => abs::iter_next(it)?.is_some(),
            };
            if extra {
                let size = if it.is_none() {
                    Some(items.len())
                } else {
                    downcast::<crate::objects::dictobject::DictObject>(seq)
                        .filter(|_| object::is_type(seq, &crate::objects::dictobject::DICT_TYPE))
                        .map(crate::objects::dictobject::DictObject::len)
                };
                return value_error(match size {
                    Some(n) => format!("too many values to unpack (expected {before}, got {n})"),
                    None => format!("too many values to unpack (expected {before})"),
                });
            }
        }
        Some(a) => {
            if let Some(it) = &it {
                while let Some(v) = abs::iter_next(it)? {
                    items.push(v);
                }
            }
            if items.len() < before + a {
                return value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + a,
                    items.len()
                ));
            }
        }
    }
    Ok(items)
}

/// `DICT_UPDATE` / `DICT_MERGE`: merges `update` into `dict`; with
/// `callable`, a repeated key is the call's "multiple values" error.
fn dict_merge(dict: &DictObject, update: &PyObject, callable: Option<&PyObject>) -> PyResult<()> {
    let Some(src) = downcast::<DictObject>(update) else {
        // Any mapping with keys() and __getitem__ (`dict_merge`); lacking
        // them (an AttributeError) it is "not a mapping".
        return merge_mapping(dict, update, callable).map_err(|e| {
            if !errors::exception_matches(exceptions::attribute_error()) {
                return e;
            }
            drop(e);
            errors::clear();
            let msg = match callable {
                Some(c) => format!(
                    "{} argument after ** must be a mapping, not {}",
                    call::function_str(c),
                    type_of(update).name()
                ),
                None => format!("'{}' object is not a mapping", type_of(update).name()),
            };
            errors::set_string(exceptions::type_error(), &msg)
        });
    };
    for (k, v) in src.items() {
        if let Some(c) = callable
            && dict.get_item(&k)?.is_some()
        {
            return Err(multiple_values_error(c, &k));
        }
        dict.set_item(&k, &v)?;
    }
    Ok(())
}

/// `DICT_MERGE`'s error for a keyword given twice.
fn multiple_values_error(callable: &PyObject, key: &PyObject) -> ErrSet {
    errors::set_string(
        exceptions::type_error(),
        &format!(
            "{} got multiple values for keyword argument '{}'",
            call::function_str(callable),
            object::str_lossy(key)
        ),
    )
}

/// The generic path of `dict_merge` for a mapping that is not a dict:
/// `keys()`, then each value by subscript; for `DICT_MERGE` a repeated key
/// is the call's "multiple values" error.
fn merge_mapping(dict: &DictObject, update: &PyObject, callable: Option<&PyObject>) -> PyResult<()> {
    let keys = object::call(&*object::get_attr_str(update, "keys")?, &[])?;
    let it = abs::get_iter(&keys)?;
    while let Some(k) = abs::iter_next(&it)? {
        if let Some(c) = callable
            && dict.get_item(&k)?.is_some()
        {
            return Err(multiple_values_error(c, &k));
        }
        let v = abs::get_item(update, &k)?;
        dict.set_item(&k, &v)?;
    }
    Ok(())
}

/// `ascii()`: the repr with non-ASCII characters escaped.
pub fn ascii(v: &PyObject) -> PyResult<ObjRef> {
    let r = object::repr(v)?;
    if r.is_ascii() {
        return Ok(into_obj(r));
    }
    let mut out = String::new();
    for c in r.data().iter() {
        match c {
            0..=0x7F => out.push(char::from(c as u8)),
            0x80..=0xFF => out.push_str(&format!("\\x{c:02x}")),
            0x100..=0xFFFF => out.push_str(&format!("\\u{c:04x}")),
            _ => out.push_str(&format!("\\U{c:08x}")),
        }
    }
    unicodeobject::from_string(out).map(into_obj)
}

/// `PyObject_Format` (objects/formatter_unicode.rs).
pub fn format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    crate::objects::formatter_unicode::format(v, spec)
}

/// The profile event after a native call of the profiled callable `p`:
/// 'c_return', or 'c_exception' with the raised exception kept.
#[cold]
fn c_return_event(frame: &Frame, p: &PyObject, res: &PyResult<ObjRef>) -> PyResult<()> {
    let what = if res.is_ok() { trace::What::CReturn } else { trace::What::CException };
    trace::c_event(frame, what, p)
}

/// Collects the borrowed objects of stack slots (null slots skipped).
fn refs(slots: &[StackRef]) -> Vec<&PyObject> {
    slots.iter().filter_map(StackRef::get).collect()
}

/// `MAX_STACKREF_SCRATCH` (Python/ceval.c): arguments up to this many
/// are passed from a buffer on the native stack.
const MAX_STACKREF_SCRATCH: usize = 10;

/// Vectorcalls `callable` with the objects of stack slots (null slots
/// skipped), collected as `_PyObjectArray_FromStackRefArray` does: in a
/// scratch buffer on the native stack, so that a call with few arguments
/// allocates nothing; a heap array only for more.
fn vectorcall_slots(callable: &PyObject, slots: &[StackRef], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if slots.len() > MAX_STACKREF_SCRATCH {
        return call::vectorcall(callable, &refs(slots), kwnames);
    }
    let mut scratch = [callable; MAX_STACKREF_SCRATCH];
    let mut n = 0;
    for o in slots.iter().filter_map(StackRef::get) {
        scratch[n] = o;
        n += 1;
    }
    call::vectorcall(callable, &scratch[..n], kwnames)
}

// ---------------------------------------------------------------------
// The loop.

/// How the entry frame of a run of the loop left it.
pub enum Exit {
    /// It returned this value (the frame is gone).
    Return(ObjRef),
    /// A generator frame yielded this value; the frame, suspended just
    /// after the `YIELD_VALUE`, goes back to its generator.
    Yield(ObjRef, Frame),
}

/// Runs a frame that is not a generator's to completion.
fn run(entry: Frame) -> PyResult<ObjRef> {
    match run_frame(entry, false)? {
        Exit::Return(v) => Ok(v),
        Exit::Yield(..) => Err(system_error("rupy: yield outside a generator frame")),
    }
}

/// `_PyEval_EvalFrame` for a generator (`gen_send_ex2`): continues its
/// frame, whose stack already holds the value sent in; with `throw`, the
/// raised exception is thrown in at the suspended `yield`.
pub fn resume(frame: Frame, throw: bool) -> PyResult<Exit> {
    state::enter_recursive_call("")?;
    let r = run_frame(frame, throw);
    state::leave_recursive_call();
    r
}

/// `_PyEval_EvalFrameDefault`: runs `entry` (and every Python frame it
/// calls) until it returns or, for a generator frame, yields. With
/// `throwflag` it starts by unwinding the raised exception.
fn run_frame(entry: Frame, throwflag: bool) -> PyResult<Exit> {
    enter_py()?;
    let mut frame = entry;
    let mut callers: Vec<Frame> = Vec::new();
    // Frame introspection (globals(), sys._getframe, ...) finds this run's
    // frames through the thread's chain of links. Whenever the entry frame
    // leaves `frame` (moved out or dropped) with no caller to take its
    // place, the link is unregistered first: releasing the frame's values
    // can run Python code (finalizers, weakref callbacks) that walks the
    // frames, and must not find this one half released.
    let mut link = crate::vm::frame::FrameLink::new(&raw const frame, &raw const callers);
    let link_guard = link.enter();
    let mut pool: Vec<Vec<StackRef>> = Vec::new();
    let mut code: PyRef<CodeObject> = frame.code.clone();
    let mut next: usize = frame.next_instr;
    // The instruction being executed: where `exception_unwind` looks for a
    // handler (RERAISE moves `frame.instr`, which only names the location
    // for the traceback and the pushed `lasti`).
    let mut this: usize = frame.instr;
    if throwflag {
        // `exception_unwind`'s `INSTR_OFFSET() - 1`: an exception thrown
        // into a suspended frame is raised at its YIELD_VALUE (the frame
        // stopped at the RESUME after it), inside `yield from`'s
        // CLEANUP_THROW handler.
        this = this.saturating_sub(1);
    }
    let mut throwing = throwflag;
    // The fetch's bound: the length of `code`'s units, or 0 while the
    // thread has a trace or profile function (as last checked, at RESUME
    // and after native calls), so that the fetch's one bounds check also
    // sends a traced run to the hooks (vm/trace.rs) and untraced code pays
    // nothing, as CPython's uninstrumented opcodes.
    let mut limit: usize = code.code.len();
    macro_rules! tracing {
        () => {
            limit == 0
        };
    }
    // After `code` changes.
    macro_rules! set_limit {
        () => {
            if limit != 0 {
                limit = code.code.len();
            }
        };
    }
    macro_rules! set_tracing {
        ($t:expr) => {
            limit = if $t { 0 } else { code.code.len() }
        };
    }
    loop {
        // `true` when the error comes from RERAISE or a bare `raise`:
        // no new traceback entry, no new context.
        let mut reraise = false;
        // `true` for an exception thrown into a generator: it gets a
        // traceback entry but no new context (CPython restores it with
        // `PyErr_Restore`, which does not chain).
        let mut thrown = false;
        let err: ErrSet = 'error: {
            if throwing {
                throwing = false;
                thrown = true;
                let exc = errors::take_raised().unwrap_or_else(object::none);
                // `PY_THROW`: a 'call' event before the exception is raised
                // at the yield.
                set_tracing!(trace::active());
                if tracing!() && let Err(e) = trace::on_start(&frame) {
                    drop(exc);
                    break 'error e;
                }
                break 'error errors::set_raised(exc);
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => break 'error e,
                    }
                };
            }
            loop {
                let CodeUnit {
                    op: mut opcode,
                    arg,
                } = if next < limit {
                    // SAFETY: `limit` is 0 or the length of `code.code`:
                    // `set_limit!` runs after every change of `code`.
                    unsafe { *code.code.get_unchecked(next) }
                } else {
                    if tracing!() && let Err(e) = trace::instruction(&mut frame, next) {
                        this = next;
                        break 'error e;
                    }
                    match code.code.get(next) {
                        Some(u) => *u,
                        None => break 'error system_error("rupy: ran off the end of the bytecode"),
                    }
                };
                let mut oparg = u32::from(arg);
                while u16::from(opcode) == op::EXTENDED_ARG {
                    next += 1;
                    let Some(&CodeUnit { op: o, arg: a }) = code.code.get(next) else {
                        break 'error system_error("rupy: ran off the end of the bytecode");
                    };
                    opcode = o;
                    oparg = (oparg << 8) | u32::from(a);
                }
                frame.instr = next;
                this = next;
                next += 1 + usize::from(op::CACHES[usize::from(opcode)]);
                let ou = oparg as usize;
                match u16::from(opcode) {
                    op::NOP | op::NOT_TAKEN => {}
                    op::RESUME => {
                        tri!(eval_breaker());
                        set_tracing!(trace::active());
                        if tracing!() {
                            tri!(trace::on_start(&frame));
                        }
                    }
                    op::POP_TOP | op::END_FOR | op::POP_ITER => drop(tri!(frame.pop())),
                    op::PUSH_NULL => tri!(frame.push(StackRef::NULL)),
                    op::COPY => {
                        let v = tri!(frame.peek(ou)).dup();
                        tri!(frame.push(v));
                    }
                    op::SWAP => {
                        let depth = frame.depth();
                        if ou < 2 || ou > depth {
                            break 'error stack_error();
                        }
                        let sp = frame.sp;
                        frame.localsplus.swap(sp - 1, sp - ou);
                    }
                    op::LOAD_CONST => {
                        let Some(c) = code.consts.get(ou) else {
                            break 'error stack_error();
                        };
                        tri!(frame.push(StackRef::new_ref(c)));
                    }
                    op::LOAD_SMALL_INT => {
                        tri!(frame.push_obj(tri!(longobject::from_i64(i64::from(oparg)))))
                    }
                    op::LOAD_FAST | op::LOAD_FAST_BORROW | op::LOAD_FAST_CHECK => {
                        let Some(slot) = frame.localsplus.get(ou) else {
                            break 'error stack_error();
                        };
                        if slot.is_null() {
                            break 'error unbound_local(&code, ou);
                        }
                        // A borrowed entry takes no count: no atomic on an
                        // object other threads share.
                        let v = if u16::from(opcode) == op::LOAD_FAST_BORROW { slot.borrow() } else { slot.dup() };
                        tri!(frame.push(v));
                    }
                    op::LOAD_FAST_AND_CLEAR => {
                        let Some(slot) = frame.localsplus.get_mut(ou) else {
                            break 'error stack_error();
                        };
                        let v = slot.take();
                        tri!(frame.push(v));
                    }
                    op::LOAD_FAST_LOAD_FAST | op::LOAD_FAST_BORROW_LOAD_FAST_BORROW => {
                        for i in [ou >> 4, ou & 15] {
                            let Some(slot) = frame.localsplus.get(i) else {
                                break 'error stack_error();
                            };
                            if slot.is_null() {
                                break 'error unbound_local(&code, i);
                            }
                            let v = if u16::from(opcode) == op::LOAD_FAST_BORROW_LOAD_FAST_BORROW { slot.borrow() } else { slot.dup() };
                            tri!(frame.push(v));
                        }
                    }
                    op::STORE_FAST => {
                        let v = tri!(frame.pop());
                        let Some(slot) = frame.localsplus.get_mut(ou) else {
                            break 'error stack_error();
                        };
                        // The old value is released once it has left the
                        // slot: its finalizer may read this frame's locals.
                        drop(core::mem::replace(slot, v));
                    }
                    op::STORE_FAST_LOAD_FAST => {
                        let v = tri!(frame.pop());
                        let (st, ld) = (ou >> 4, ou & 15);
                        if st >= code.nlocalsplus || ld >= code.nlocalsplus {
                            break 'error stack_error();
                        }
                        drop(core::mem::replace(&mut frame.localsplus[st], v));
                        if frame.localsplus[ld].is_null() {
                            break 'error unbound_local(&code, ld);
                        }
                        let d = frame.localsplus[ld].dup();
                        tri!(frame.push(d));
                    }
                    op::STORE_FAST_STORE_FAST => {
                        for i in [ou >> 4, ou & 15] {
                            let v = tri!(frame.pop());
                            if i >= code.nlocalsplus {
                                break 'error stack_error();
                            }
                            drop(core::mem::replace(&mut frame.localsplus[i], v));
                        }
                    }
                    op::DELETE_FAST => {
                        if ou >= code.nlocalsplus {
                            break 'error stack_error();
                        }
                        if frame.localsplus[ou].is_null() {
                            break 'error unbound_local(&code, ou);
                        }
                        drop(frame.localsplus[ou].take());
                    }
                    op::MAKE_CELL => {
                        if ou >= code.nlocalsplus {
                            break 'error stack_error();
                        }
                        let init = frame.localsplus[ou].take().into_owned();
                        let cell = tri!(CellObject::new(init));
                        frame.localsplus[ou] = StackRef::from_owned(into_obj(cell));
                    }
                    op::COPY_FREE_VARS => {
                        let closure = frame
                            .func
                            .as_deref()
                            .and_then(funcobject::as_function)
                            .and_then(FunctionObject::closure);
                        let Some(closure) = closure else {
                            break 'error system_error("rupy: no closure");
                        };
                        let offset = code.nlocalsplus - ou;
                        for (i, cell) in closure.as_slice().iter().take(ou).enumerate() {
                            frame.localsplus[offset + i] = StackRef::new_ref(cell);
                        }
                    }
                    op::LOAD_DEREF => {
                        let Some(cell) = frame.localsplus.get(ou).and_then(StackRef::get) else {
                            break 'error stack_error();
                        };
                        let Some(cell) = downcast::<CellObject>(cell) else {
                            break 'error stack_error();
                        };
                        let Some(v) = cell.get() else {
                            break 'error unbound_local(&code, ou);
                        };
                        tri!(frame.push_obj(v));
                    }
                    op::STORE_DEREF | op::DELETE_DEREF => {
                        let v = if u16::from(opcode) == op::STORE_DEREF {
                            Some(tri!(owned(tri!(frame.pop()))))
                        } else {
                            None
                        };
                        let Some(cell) = frame.localsplus.get(ou).and_then(StackRef::get) else {
                            break 'error stack_error();
                        };
                        let Some(cell) = downcast::<CellObject>(cell) else {
                            break 'error stack_error();
                        };
                        if v.is_none() && cell.get().is_none() {
                            break 'error unbound_local(&code, ou);
                        }
                        cell.set(v);
                    }
                    op::LOAD_NAME => {
                        let name = &code.names[ou];
                        let mut found = if let Some(locals) = &frame.locals {
                            tri!(mapping_lookup(locals, name))
                        } else {
                            break 'error system_error(&format!(
                                "no locals found when loading {}",
                                object::str_lossy(name)
                            ));
                        };
                        if found.is_none() {
                            found = tri!(frame.globals.get_item(name));
                        }
                        if found.is_none() {
                            found = tri!(mapping_lookup(object::as_obj(&*frame.builtins), name));
                        }
                        let Some(v) = found else {
                            break 'error name_error(name);
                        };
                        tri!(frame.push_obj(v));
                    }
                    op::STORE_NAME => {
                        let v = tri!(frame.pop());
                        let name = &code.names[ou];
                        let Some(locals) = &frame.locals else {
                            break 'error system_error(&format!(
                                "no locals found when storing {}",
                                tri!(object::repr(name)).to_string_lossy()
                            ));
                        };
                        tri!(abs::set_item(locals, name, tri!(obj_of(&v))));
                    }
                    op::SETUP_ANNOTATIONS => {
                        // `__annotations__` in the locals, made if missing
                        // (modules and classes under `from __future__
                        // import annotations`).
                        let Some(locals) = &frame.locals else {
                            break 'error system_error("no locals found when setting up annotations");
                        };
                        let key = tri!(unicodeobject::intern_str("__annotations__"));
                        let found = match abs::get_item(locals, &key) {
                            Ok(_) => true,
                            Err(e) => {
                                if !errors::exception_matches(exceptions::key_error()) {
                                    break 'error e;
                                }
                                errors::clear();
                                false
                            }
                        };
                        if !found {
                            let d = tri!(crate::objects::dictobject::DictObject::new());
                            tri!(abs::set_item(locals, &key, object::as_obj(&*d)));
                        }
                    }
                    op::DELETE_NAME => {
                        let name = &code.names[ou];
                        let Some(locals) = &frame.locals else {
                            break 'error system_error(&format!(
                                "no locals when deleting {}",
                                tri!(object::repr(name)).to_string_lossy()
                            ));
                        };
                        if let Err(e) = abs::del_item(locals, name) {
                            if errors::exception_matches(exceptions::key_error()) {
                                errors::clear();
                                break 'error name_error(name);
                            }
                            break 'error e;
                        }
                    }
                    op::LOAD_GLOBAL => {
                        let name = &code.names[ou >> 1];
                        let mut found = tri!(mapping_lookup(object::as_obj(&*frame.globals), name));
                        if found.is_none() {
                            found = tri!(mapping_lookup(object::as_obj(&*frame.builtins), name));
                        }
                        let Some(v) = found else {
                            break 'error name_error(name);
                        };
                        tri!(frame.push(StackRef::from_owned(v)));
                        if oparg & 1 != 0 {
                            tri!(frame.push(StackRef::NULL));
                        }
                    }
                    op::STORE_GLOBAL => {
                        let v = tri!(frame.pop());
                        tri!(frame.globals.set_item(&code.names[ou], tri!(obj_of(&v))));
                    }
                    op::DELETE_GLOBAL => {
                        let name = &code.names[ou];
                        if let Err(e) = frame.globals.del_item(name) {
                            if errors::exception_matches(exceptions::key_error()) {
                                errors::clear();
                                break 'error name_error(name);
                            }
                            break 'error e;
                        }
                    }
                    op::LOAD_FROM_DICT_OR_GLOBALS => {
                        let mapping = tri!(frame.pop());
                        let m = tri!(obj_of(&mapping));
                        let name = &code.names[ou];
                        let mut found = tri!(mapping_lookup(m, name));
                        if found.is_none() {
                            found = tri!(mapping_lookup(object::as_obj(&*frame.globals), name));
                        }
                        if found.is_none() {
                            found = tri!(mapping_lookup(object::as_obj(&*frame.builtins), name));
                        }
                        let Some(v) = found else {
                            break 'error name_error(name);
                        };
                        tri!(frame.push_obj(v));
                    }
                    op::LOAD_FROM_DICT_OR_DEREF => {
                        let mapping = tri!(frame.pop());
                        let m = tri!(obj_of(&mapping));
                        let Some(name) = code.localsplusnames.get(ou) else {
                            break 'error stack_error();
                        };
                        let found = match abs::get_item(m, name) {
                            Ok(v) => Some(v),
                            Err(e) => {
                                if !errors::exception_matches(exceptions::key_error()) {
                                    break 'error e;
                                }
                                errors::clear();
                                None
                            }
                        };
                        let v = match found {
                            Some(v) => v,
                            None => {
                                let cell = frame
                                    .localsplus
                                    .get(ou)
                                    .and_then(StackRef::get)
                                    .and_then(downcast::<CellObject>);
                                match cell.and_then(CellObject::get) {
                                    Some(v) => v,
                                    None => break 'error unbound_local(&code, ou),
                                }
                            }
                        };
                        tri!(frame.push_obj(v));
                    }
                    op::IMPORT_NAME => {
                        let fromlist = tri!(frame.pop());
                        let level = tri!(frame.pop());
                        let res = tri!(crate::import::machinery::eval_import_name(
                            &frame.builtins,
                            &frame.globals,
                            frame.locals.as_deref(),
                            &code.names[ou],
                            tri!(obj_of(&fromlist)),
                            tri!(obj_of(&level)),
                        ));
                        tri!(frame.push_obj(res));
                    }
                    op::IMPORT_FROM => {
                        let from = tri!(frame.pop());
                        let res = tri!(crate::import::import_from(tri!(obj_of(&from)), &code.names[ou]));
                        tri!(frame.push(from));
                        tri!(frame.push_obj(res));
                    }
                    op::LOAD_LOCALS => {
                        let Some(l) = frame.locals.clone() else {
                            break 'error system_error("no locals found");
                        };
                        tri!(frame.push_obj(l));
                    }
                    op::LOAD_ATTR => {
                        let owner = tri!(frame.pop());
                        let o = tri!(obj_of(&owner));
                        let name = &code.names[ou >> 1];
                        if oparg & 1 != 0 {
                            let (attr, unbound) = tri!(get_method(o, name));
                            tri!(frame.push_obj(attr));
                            tri!(frame.push(if unbound { owner } else { StackRef::NULL }));
                        } else {
                            let attr = tri!(object::get_attr(o, name));
                            tri!(frame.push_obj(attr));
                        }
                    }
                    op::LOAD_SUPER_ATTR => {
                        let slf = tri!(frame.pop());
                        let class = tri!(frame.pop());
                        let global_super = tri!(frame.pop());
                        let gs = tri!(obj_of(&global_super));
                        let pair = [tri!(obj_of(&class)), tri!(obj_of(&slf))];
                        // The zero-argument form finds `__class__` and the
                        // first argument on the stack, as the specialized
                        // LOAD_SUPER_ATTR_ATTR does, instead of inspecting
                        // the frame.
                        let is_super = object::is(
                            gs,
                            object::as_obj(&crate::objects::typeobject::superobject::SUPER_TYPE),
                        );
                        let nargs = if is_super || oparg & 2 != 0 { 2 } else { 0 };
                        let sup = tri!(call::vectorcall(gs, &pair[..nargs], None));
                        let attr = tri!(object::get_attr(&sup, &code.names[ou >> 2]));
                        tri!(frame.push_obj(attr));
                        if oparg & 1 != 0 {
                            tri!(frame.push(StackRef::NULL));
                        }
                    }
                    op::STORE_ATTR => {
                        let owner = tri!(frame.pop());
                        let v = tri!(frame.pop());
                        tri!(object::set_attr(
                            tri!(obj_of(&owner)),
                            &code.names[ou],
                            Some(tri!(obj_of(&v)))
                        ));
                    }
                    op::DELETE_ATTR => {
                        let owner = tri!(frame.pop());
                        tri!(object::set_attr(
                            tri!(obj_of(&owner)),
                            &code.names[ou],
                            None
                        ));
                    }
                    op::BINARY_OP => {
                        let rhs = tri!(frame.pop());
                        let lhs = tri!(frame.pop());
                        let res = tri!(binary_op(oparg, tri!(obj_of(&lhs)), tri!(obj_of(&rhs))));
                        tri!(frame.push_obj(res));
                    }
                    op::STORE_SUBSCR => {
                        let sub = tri!(frame.pop());
                        let container = tri!(frame.pop());
                        let v = tri!(frame.pop());
                        tri!(abs::set_item(
                            tri!(obj_of(&container)),
                            tri!(obj_of(&sub)),
                            tri!(obj_of(&v))
                        ));
                    }
                    op::DELETE_SUBSCR => {
                        let sub = tri!(frame.pop());
                        let container = tri!(frame.pop());
                        tri!(abs::del_item(tri!(obj_of(&container)), tri!(obj_of(&sub))));
                    }
                    op::COMPARE_OP => {
                        let rhs = tri!(frame.pop());
                        let lhs = tri!(frame.pop());
                        let cmp = tri!(compare_op(oparg));
                        let mut res = tri!(object::rich_compare(
                            tri!(obj_of(&lhs)),
                            tri!(obj_of(&rhs)),
                            cmp
                        ));
                        if oparg & 16 != 0 && !boolobject::is_bool(&res) {
                            res = boolobject::from_bool(tri!(object::is_true(&res)));
                        }
                        tri!(frame.push_obj(res));
                    }
                    op::IS_OP => {
                        let rhs = tri!(frame.pop());
                        let lhs = tri!(frame.pop());
                        let same = object::is(tri!(obj_of(&lhs)), tri!(obj_of(&rhs)));
                        tri!(frame.push_obj(boolobject::from_bool(same ^ (oparg != 0))));
                    }
                    op::CONTAINS_OP => {
                        let rhs = tri!(frame.pop());
                        let lhs = tri!(frame.pop());
                        let found = tri!(abs::contains(tri!(obj_of(&rhs)), tri!(obj_of(&lhs))));
                        tri!(frame.push_obj(boolobject::from_bool(found ^ (oparg != 0))));
                    }
                    op::UNARY_NEGATIVE => {
                        let v = tri!(frame.pop());
                        let res = tri!(abs::negative(tri!(obj_of(&v))));
                        tri!(frame.push_obj(res));
                    }
                    op::UNARY_NOT => {
                        let v = tri!(frame.pop());
                        let t = tri!(object::is_true(tri!(obj_of(&v))));
                        tri!(frame.push_obj(boolobject::from_bool(!t)));
                    }
                    op::UNARY_INVERT => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        let Some(f) = type_of(o).slots.nb_invert.get() else {
                            break 'error errors::set_string(
                                exceptions::type_error(),
                                &format!("bad operand type for unary ~: '{}'", type_of(o).name()),
                            );
                        };
                        tri!(frame.push_obj(tri!(f(o))));
                    }
                    op::TO_BOOL => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        if boolobject::is_bool(o) {
                            tri!(frame.push(v));
                        } else {
                            let t = tri!(object::is_true(o));
                            tri!(frame.push_obj(boolobject::from_bool(t)));
                        }
                    }
                    op::CALL_INTRINSIC_2 => {
                        let value1 = tri!(frame.pop());
                        let value2 = tri!(frame.pop());
                        let res = match oparg {
                            // INTRINSIC_PREP_RERAISE_STAR(orig, excs)
                            1 => tri!(exceptions::prep_reraise_star(tri!(obj_of(&value2)), tri!(obj_of(&value1)))),
                            _ => tri!(crate::vm::intrinsics::intrinsic_2(
                                oparg,
                                tri!(obj_of(&value2)),
                                tri!(obj_of(&value1))
                            )),
                        };
                        tri!(frame.push_obj(res));
                    }
                    op::CALL_INTRINSIC_1 => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        let res = match oparg {
                            // INTRINSIC_UNARY_POSITIVE
                            5 => {
                                let Some(f) = type_of(o).slots.nb_positive.get() else {
                                    break 'error errors::set_string(
                                        exceptions::type_error(),
                                        &format!(
                                            "bad operand type for unary +: '{}'",
                                            type_of(o).name()
                                        ),
                                    );
                                };
                                tri!(f(o))
                            }
                            // INTRINSIC_STOPITERATION_ERROR (PEP 479).
                            3 => tri!(crate::vm::intrinsics::stopiteration_error(code.flags, o)),
                            // INTRINSIC_IMPORT_STAR
                            2 => {
                                tri!(crate::import::import_star(frame.locals.as_deref(), o));
                                object::none()
                            }
                            // INTRINSIC_LIST_TO_TUPLE
                            6 => match downcast::<ListObject>(o) {
                                Some(l) => into_obj(tri!(l.to_tuple())),
                                None => break 'error errors::bad_internal_call(),
                            },
                            _ => tri!(crate::vm::intrinsics::intrinsic_1(oparg, o, code.flags)),
                        };
                        tri!(frame.push_obj(res));
                    }
                    op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        let t = if boolobject::is_bool(o) {
                            boolobject::is_true_singleton(o)
                        } else {
                            tri!(object::is_true(o))
                        };
                        if t == (u16::from(opcode) == op::POP_JUMP_IF_TRUE) {
                            next += ou;
                        }
                    }
                    op::POP_JUMP_IF_NONE | op::POP_JUMP_IF_NOT_NONE => {
                        let v = tri!(frame.pop());
                        let none = object::is_none(tri!(obj_of(&v)));
                        if none == (u16::from(opcode) == op::POP_JUMP_IF_NONE) {
                            next += ou;
                        }
                    }
                    op::JUMP_FORWARD => next += ou,
                    op::JUMP_BACKWARD => {
                        next -= ou;
                        tri!(eval_breaker());
                        if tracing!() {
                            tri!(trace::jump(&frame, this, next));
                        }
                    }
                    op::JUMP_BACKWARD_NO_INTERRUPT => next -= ou,
                    op::BUILD_SLICE => {
                        let parts = refs(tri!(frame.top_slice(ou)));
                        let s = match parts[..] {
                            [start, stop] => sliceobject::new_slice(Some(start), Some(stop), None),
                            [start, stop, step] => {
                                sliceobject::new_slice(Some(start), Some(stop), Some(step))
                            }
                            _ => break 'error system_error("rupy: bad BUILD_SLICE oparg"),
                        };
                        let s = tri!(s);
                        let d = frame.depth() - ou;
                        frame.truncate_stack(d);
                        tri!(frame.push_obj(into_obj(s)));
                    }
                    op::BINARY_SLICE => {
                        let stop = tri!(frame.pop());
                        let start = tri!(frame.pop());
                        let container = tri!(frame.pop());
                        let s = tri!(sliceobject::new_slice(
                            Some(tri!(obj_of(&start))),
                            Some(tri!(obj_of(&stop))),
                            None
                        ));
                        let res = tri!(abs::get_item(tri!(obj_of(&container)), object::as_obj(&*s)));
                        tri!(frame.push_obj(res));
                    }
                    op::STORE_SLICE => {
                        let stop = tri!(frame.pop());
                        let start = tri!(frame.pop());
                        let container = tri!(frame.pop());
                        let v = tri!(frame.pop());
                        let s = tri!(sliceobject::new_slice(
                            Some(tri!(obj_of(&start))),
                            Some(tri!(obj_of(&stop))),
                            None
                        ));
                        tri!(abs::set_item(
                            tri!(obj_of(&container)),
                            object::as_obj(&*s),
                            tri!(obj_of(&v))
                        ));
                    }
                    op::BUILD_TUPLE => {
                        let t = tri!(tupleobject::from_slice(&refs(tri!(frame.top_slice(ou)))));
                        let d = frame.depth() - ou;
                        frame.truncate_stack(d);
                        tri!(frame.push_obj(into_obj(t)));
                    }
                    op::BUILD_LIST => {
                        let l = tri!(ListObject::from_slice(&refs(tri!(frame.top_slice(ou)))));
                        let d = frame.depth() - ou;
                        frame.truncate_stack(d);
                        tri!(frame.push_obj(into_obj(l)));
                    }
                    op::BUILD_MAP => {
                        let d = tri!(DictObject::new());
                        for pair in tri!(frame.top_slice(2 * ou)).chunks(2) {
                            tri!(d.set_item(tri!(obj_of(&pair[0])), tri!(obj_of(&pair[1]))));
                        }
                        let depth = frame.depth() - 2 * ou;
                        frame.truncate_stack(depth);
                        tri!(frame.push_obj(into_obj(d)));
                    }
                    op::BUILD_STRING => {
                        let pieces = tri!(frame.top_slice(ou));
                        if pieces.iter().any(|p| p.get().and_then(downcast::<StrObject>).is_none()) {
                            break 'error errors::bad_internal_call();
                        }
                        let strs = pieces.iter().filter_map(|p| p.get().and_then(downcast::<StrObject>));
                        let s = tri!(unicodeobject::join_array(None, strs));
                        let d = frame.depth() - ou;
                        frame.truncate_stack(d);
                        tri!(frame.push_obj(into_obj(s)));
                    }
                    op::LIST_APPEND => {
                        let v = tri!(frame.pop());
                        let Some(l) = downcast::<ListObject>(tri!(frame.peek_obj(ou))) else {
                            break 'error errors::bad_internal_call();
                        };
                        tri!(l.append(tri!(obj_of(&v))));
                    }
                    op::LIST_EXTEND => {
                        let v = tri!(frame.pop());
                        let src = tri!(obj_of(&v));
                        let Some(l) = downcast::<ListObject>(tri!(frame.peek_obj(ou))) else {
                            break 'error errors::bad_internal_call();
                        };
                        if let Err(e) = list_extend(l, src) {
                            if errors::exception_matches(exceptions::type_error())
                                && type_of(src).slots.tp_iter.get().is_none()
                                && type_of(src).slots.sq_item.get().is_none()
                            {
                                errors::clear();
                                break 'error errors::set_string(
                                    exceptions::type_error(),
                                    &format!(
                                        "Value after * must be an iterable, not {}",
                                        type_of(src).name()
                                    ),
                                );
                            }
                            break 'error e;
                        }
                    }
                    op::DICT_UPDATE | op::DICT_MERGE => {
                        let update = tri!(frame.pop());
                        let callable = if u16::from(opcode) == op::DICT_MERGE {
                            Some(tri!(frame.peek_obj(ou + 3)))
                        } else {
                            None
                        };
                        let Some(d) = downcast::<DictObject>(tri!(frame.peek_obj(ou))) else {
                            break 'error errors::bad_internal_call();
                        };
                        tri!(dict_merge(d, tri!(obj_of(&update)), callable));
                    }
                    op::BUILD_SET => {
                        let set = tri!(crate::objects::setobject::new_set(None));
                        let Some(so) = downcast::<crate::objects::setobject::SetObject>(&set) else {
                            break 'error errors::bad_internal_call();
                        };
                        for item in tri!(frame.top_slice(ou)).iter() {
                            tri!(so.add(tri!(obj_of(item))));
                        }
                        let d = frame.depth() - ou;
                        frame.truncate_stack(d);
                        tri!(frame.push_obj(set));
                    }
                    op::SET_ADD => {
                        let v = tri!(frame.pop());
                        let Some(so) = downcast::<crate::objects::setobject::SetObject>(tri!(frame.peek_obj(ou))) else {
                            break 'error errors::bad_internal_call();
                        };
                        tri!(so.add(tri!(obj_of(&v))));
                    }
                    op::SET_UPDATE => {
                        let v = tri!(frame.pop());
                        let Some(so) = downcast::<crate::objects::setobject::SetObject>(tri!(frame.peek_obj(ou))) else {
                            break 'error errors::bad_internal_call();
                        };
                        for item in tri!(abs::collect(tri!(obj_of(&v)))) {
                            tri!(so.add(&item));
                        }
                    }
                    op::MAP_ADD => {
                        let v = tri!(frame.pop());
                        let k = tri!(frame.pop());
                        let Some(d) = downcast::<DictObject>(tri!(frame.peek_obj(ou))) else {
                            break 'error errors::bad_internal_call();
                        };
                        tri!(d.set_item(tri!(obj_of(&k)), tri!(obj_of(&v))));
                    }
                    op::UNPACK_SEQUENCE => {
                        let seq = tri!(frame.pop());
                        let items = tri!(unpack(tri!(obj_of(&seq)), ou, None));
                        for item in items.into_iter().rev() {
                            tri!(frame.push_obj(item));
                        }
                    }
                    op::UNPACK_EX => {
                        let (before, after) = (ou & 0xFF, ou >> 8);
                        let seq = tri!(frame.pop());
                        let items = tri!(unpack(tri!(obj_of(&seq)), before, Some(after)));
                        let mid_end = items.len() - after;
                        for item in items[mid_end..].iter().rev() {
                            tri!(frame.push_obj(item.clone()));
                        }
                        let mid: Vec<&PyObject> =
                            items[before..mid_end].iter().map(|o| &**o).collect();
                        tri!(frame.push_obj(into_obj(tri!(ListObject::from_slice(&mid)))));
                        for item in items[..before].iter().rev() {
                            tri!(frame.push_obj(item.clone()));
                        }
                    }
                    op::GET_ITER => {
                        let v = tri!(frame.pop());
                        let it = tri!(abs::get_iter(tri!(obj_of(&v))));
                        tri!(frame.push_obj(it));
                    }
                    op::FOR_ITER => {
                        let item = if tracing!() {
                            tri!(trace::iter_next(&frame, tri!(frame.peek_obj(1))))
                        } else {
                            tri!(abs::iter_next(tri!(frame.peek_obj(1))))
                        };
                        match item {
                            Some(v) => tri!(frame.push_obj(v)),
                            // Exhausted: skip the END_FOR at the target;
                            // POP_ITER then drops the iterator.
                            None => next += ou + 1,
                        }
                    }
                    op::CALL | op::CALL_KW => {
                        let kwnames = if u16::from(opcode) == op::CALL_KW {
                            let k = tri!(owned(tri!(frame.pop())));
                            match object::downcast_ref::<TupleObject>(k) {
                                Ok(t) => Some(t),
                                Err(_) => break 'error errors::bad_internal_call(),
                            }
                        } else {
                            None
                        };
                        let has_self = !tri!(frame.peek(ou + 1)).is_null();
                        let callable = object::new_ref(tri!(frame.peek_obj(ou + 2)));
                        let base = frame.depth() - ou - 2;
                        let first = frame.sp - ou - usize::from(has_self);
                        if let Some(f) = funcobject::as_function(&callable) {
                            let buf = pool.pop().unwrap_or_default();
                            let sp = frame.sp;
                            let new = make_frame(
                                f,
                                &mut frame.localsplus[first..sp],
                                kwnames.as_deref(),
                                buf,
                            );
                            frame.truncate_stack(base);
                            let new = tri!(new);
                            if let Err(e) = enter_py() {
                                pool.push(new.clear());
                                break 'error e;
                            }
                            frame.next_instr = next;
                            callers.push(core::mem::replace(&mut frame, new));
                            code = frame.code.clone();
                            set_limit!();
                            next = 0;
                            continue;
                        }
                        let sp = frame.sp;
                        let profiled = if tracing!() {
                            let arg0 = frame.localsplus[first..sp].first().and_then(StackRef::get);
                            tri!(trace::c_callable(&callable, arg0))
                        } else {
                            None
                        };
                        if let Some(p) = &profiled {
                            tri!(trace::c_event(&frame, trace::What::CCall, p));
                        }
                        let res = vectorcall_slots(&callable, &frame.localsplus[first..sp], kwnames.as_deref());
                        // The arguments are released after the event.
                        if let Some(p) = &profiled {
                            tri!(c_return_event(&frame, p, &res));
                        }
                        frame.truncate_stack(base);
                        tri!(frame.push_obj(tri!(res)));
                        // `_CHECK_PERIODIC`: a signal the callee raised
                        // (`interrupt_main`, `os.kill`) is handled here.
                        tri!(eval_breaker());
                        set_tracing!(trace::active());
                    }
                    op::CALL_FUNCTION_EX => {
                        let kwargs = tri!(frame.pop());
                        let callargs = tri!(frame.pop());
                        drop(tri!(frame.pop()));
                        let func = tri!(frame.pop());
                        let fobj = tri!(obj_of(&func));
                        let ca = tri!(obj_of(&callargs));
                        let args: PyRef<TupleObject> =
                            match object::downcast_ref::<TupleObject>(object::new_ref(ca)) {
                                Ok(t) => t,
                                Err(_) => {
                                    if type_of(ca).slots.tp_iter.get().is_none()
                                        && type_of(ca).slots.sq_item.get().is_none()
                                    {
                                        break 'error errors::set_string(
                                            exceptions::type_error(),
                                            &format!(
                                                "{} argument after * must be an iterable, not {}",
                                                call::function_str(fobj),
                                                type_of(ca).name()
                                            ),
                                        );
                                    }
                                    let items = tri!(abs::collect(ca));
                                    let r: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
                                    tri!(tupleobject::from_slice(&r))
                                }
                            };
                        let kw = match kwargs.get() {
                            None => None,
                            Some(k) => match downcast::<DictObject>(k) {
                                Some(d) => Some(d),
                                None => break 'error errors::bad_internal_call(),
                            },
                        };
                        // A bound method is profiled here only if it is not
                        // one (CALL_FUNCTION_EX does not unpack it).
                        let profiled = if tracing!() && downcast::<crate::objects::classobject::MethodObject>(fobj).is_none() {
                            tri!(trace::c_callable(fobj, args.as_slice().first().map(|a| &**a)))
                        } else {
                            None
                        };
                        if let Some(p) = &profiled {
                            tri!(trace::c_event(&frame, trace::What::CCall, p));
                        }
                        let res = call::call_tuple_dict(fobj, &args, kw);
                        if let Some(p) = &profiled {
                            tri!(c_return_event(&frame, p, &res));
                        }
                        tri!(frame.push_obj(tri!(res)));
                        tri!(eval_breaker());
                        set_tracing!(trace::active());
                    }
                    op::MAKE_FUNCTION => {
                        let c = tri!(owned(tri!(frame.pop())));
                        let Ok(c) = object::downcast_ref::<CodeObject>(c) else {
                            break 'error errors::bad_internal_call();
                        };
                        let f = tri!(FunctionObject::new(
                            c,
                            frame.globals.clone(),
                            frame.builtins.clone()
                        ));
                        tri!(frame.push_obj(into_obj(f)));
                    }
                    op::SET_FUNCTION_ATTRIBUTE => {
                        let func = tri!(frame.pop());
                        let attr = tri!(owned(tri!(frame.pop())));
                        let Some(f) = func.get().and_then(funcobject::as_function) else {
                            break 'error errors::bad_internal_call();
                        };
                        let Some(which) = FuncAttr::from_oparg(oparg) else {
                            break 'error errors::bad_internal_call();
                        };
                        f.set_attribute(which, attr);
                        tri!(frame.push(func));
                    }
                    op::RETURN_VALUE => {
                        let ret = tri!(owned(tri!(frame.pop())));
                        if tracing!() {
                            tri!(trace::on_return(&frame, Some(&ret)));
                        }
                        leave_py();
                        match callers.pop() {
                            None => {
                                drop(link_guard);
                                return Ok(Exit::Return(ret));
                            }
                            Some(caller) => {
                                let done = core::mem::replace(&mut frame, caller);
                                pool.push(done.clear());
                                code = frame.code.clone();
                                set_limit!();
                                next = frame.next_instr;
                                tri!(frame.push_obj(ret));
                            }
                        }
                    }
                    op::RETURN_GENERATOR => {
                        let Some(f) = frame.func.as_deref().and_then(funcobject::as_function)
                        else {
                            break 'error errors::bad_internal_call();
                        };
                        // CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR
                        if code.flags & (CO_GENERATOR | 0x80 | 0x200) == 0 {
                            break 'error errors::bad_internal_call();
                        }
                        let (name, qualname) = (f.name(), f.qualname());
                        // The frame outlives this call: arguments borrowed
                        // from the caller need references of their own
                        // (`_PyFrame_Copy` with `PyStackRef_MakeHeapSafe`).
                        for slot in &mut frame.localsplus[..frame.sp] {
                            *slot = slot.take().make_heap_safe();
                        }
                        leave_py();
                        frame.instr = next;
                        frame.next_instr = next;
                        let gen_frame = match callers.pop() {
                            None => {
                                drop(link_guard);
                                let g = genobject::new(frame, name, qualname)?;
                                return Ok(Exit::Return(g));
                            }
                            Some(caller) => core::mem::replace(&mut frame, caller),
                        };
                        code = frame.code.clone();
                        set_limit!();
                        next = frame.next_instr;
                        let g = tri!(genobject::new(gen_frame, name, qualname));
                        tri!(frame.push_obj(g));
                    }
                    op::YIELD_VALUE => {
                        let v = tri!(owned(tri!(frame.pop())));
                        if !callers.is_empty() {
                            break 'error system_error("rupy: yield outside a generator frame");
                        }
                        if tracing!() {
                            tri!(trace::on_return(&frame, Some(&v)));
                        }
                        leave_py();
                        frame.instr = next;
                        frame.next_instr = next;
                        drop(link_guard);
                        return Ok(Exit::Yield(v, frame));
                    }
                    op::GET_YIELD_FROM_ITER => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        if let Some(g) = genobject::as_gen_or_coro(o) {
                            // CO_COROUTINE | CO_ITERABLE_COROUTINE
                            if g.kind() == genobject::Kind::Coro && code.flags & (0x80 | 0x100) == 0 {
                                break 'error errors::set_string(
                                    exceptions::type_error(),
                                    "cannot 'yield from' a coroutine object in a non-coroutine generator",
                                );
                            }
                            tri!(frame.push(v));
                        } else {
                            let it = tri!(abs::get_iter(o));
                            tri!(frame.push_obj(it));
                        }
                    }
                    op::SEND => {
                        let v = tri!(frame.pop());
                        let receiver = tri!(frame.peek_obj(1));
                        let sent = tri!(obj_of(&v));
                        let res = if let Some(g) = genobject::as_gen_or_coro(receiver) {
                            let arg = if object::is_none(sent) { None } else { Some(sent) };
                            g.send_ex(arg, false).map(|r| match r {
                                genobject::Send::Next(y) => (y, false),
                                genobject::Send::Return(ret) => (ret, true),
                            })
                        } else if let Some(next) = type_of(receiver)
                            .slots
                            .tp_iternext
                            .get()
                            .filter(|_| object::is_none(sent))
                        {
                            // `tp_iternext` itself: a StopIteration it
                            // raises carries the value of the `await`.
                            match next(receiver) {
                                Ok(Some(y)) => Ok((y, false)),
                                Ok(None) => Ok((object::none(), true)),
                                Err(e) => Err(e),
                            }
                        } else {
                            let name = tri!(unicodeobject::intern_str("send"));
                            object::get_attr(receiver, &name)
                                .and_then(|m| call::call(&m, &[sent]))
                                .map(|y| (y, false))
                        };
                        let (value, done) = match res {
                            Ok(r) => r,
                            Err(e) => match genobject::fetch_stop_iteration_value() {
                                Some(ret) => {
                                    drop(e);
                                    (ret, true)
                                }
                                None => break 'error e,
                            },
                        };
                        if done && tracing!() {
                            tri!(trace::on_stop_iteration(&frame, &value));
                        }
                        tri!(frame.push_obj(value));
                        if done {
                            next += ou;
                        }
                    }
                    op::END_SEND => {
                        let v = tri!(frame.pop());
                        drop(tri!(frame.pop()));
                        tri!(frame.push(v));
                    }
                    op::CLEANUP_THROW => {
                        let exc = tri!(owned(tri!(frame.pop())));
                        if !errors::given_exception_matches(&exc, exceptions::stop_iteration()) {
                            reraise = true;
                            break 'error errors::set_raised(exc);
                        }
                        drop(tri!(frame.pop()));
                        drop(tri!(frame.pop()));
                        tri!(frame.push_obj(object::none()));
                        tri!(frame.push_obj(genobject::stop_iteration_value(&exc)));
                    }
                    op::LOAD_SPECIAL => {
                        let owner = tri!(frame.pop());
                        let o = tri!(obj_of(&owner));
                        let (meth, with_self) = tri!(load_special(o, ou));
                        tri!(frame.push_obj(meth));
                        if with_self {
                            tri!(frame.push(owner));
                        } else {
                            tri!(frame.push(StackRef::NULL));
                        }
                    }
                    op::WITH_EXCEPT_START => {
                        let val = tri!(frame.peek_obj(1));
                        let exit_self = tri!(frame.peek(4)).get();
                        let exit_func = tri!(frame.peek_obj(5));
                        let exc_type = object::as_obj(type_of(val));
                        let tb = tri!(exception_traceback(val));
                        let res = match exit_self {
                            Some(s) => call::call(exit_func, &[s, exc_type, val, &tb]),
                            None => call::call(exit_func, &[exc_type, val, &tb]),
                        };
                        tri!(frame.push_obj(tri!(res)));
                    }
                    op::GET_AWAITABLE => {
                        let v = tri!(frame.pop());
                        let it = tri!(genobject::get_awaitable(tri!(obj_of(&v)), oparg));
                        tri!(frame.push_obj(it));
                    }
                    op::GET_AITER => {
                        let v = tri!(frame.pop());
                        let it = tri!(genobject::get_aiter(tri!(obj_of(&v))));
                        tri!(frame.push_obj(it));
                    }
                    op::GET_ANEXT => {
                        let a = tri!(genobject::get_anext(tri!(frame.peek_obj(1))));
                        tri!(frame.push_obj(a));
                    }
                    op::END_ASYNC_FOR => {
                        let exc = tri!(owned(tri!(frame.pop())));
                        if errors::given_exception_matches(&exc, exceptions::stop_async_iteration()) {
                            drop(tri!(frame.pop()));
                        } else {
                            reraise = true;
                            break 'error errors::set_raised(exc);
                        }
                    }
                    op::MATCH_CLASS => {
                        let names = tri!(frame.pop());
                        let ty = tri!(frame.pop());
                        let subject = tri!(frame.pop());
                        let attrs = tri!(crate::vm::intrinsics::match_class(
                            tri!(obj_of(&subject)),
                            tri!(obj_of(&ty)),
                            ou,
                            tri!(obj_of(&names)),
                        ));
                        tri!(frame.push_obj(attrs));
                    }
                    op::MATCH_SEQUENCE | op::MATCH_MAPPING => {
                        let flag = if u16::from(opcode) == op::MATCH_SEQUENCE {
                            flags::SEQUENCE
                        } else {
                            flags::MAPPING
                        };
                        let m = type_of(tri!(frame.peek_obj(1))).has_feature(flag);
                        tri!(frame.push_obj(boolobject::from_bool(m)));
                    }
                    op::GET_LEN => {
                        let n = tri!(abs::size(tri!(frame.peek_obj(1))));
                        tri!(frame.push_obj(tri!(longobject::from_i64(n as i64))));
                    }
                    op::MATCH_KEYS => {
                        let keys = tri!(frame.peek_obj(1));
                        let subject = tri!(frame.peek_obj(2));
                        let values = tri!(match_keys(subject, keys));
                        tri!(frame.push_obj(values));
                    }
                    op::LOAD_BUILD_CLASS => {
                        let key = tri!(unicodeobject::intern_str("__build_class__"));
                        match tri!(frame.builtins.get_item(&key)) {
                            Some(b) => tri!(frame.push_obj(b)),
                            None => {
                                break 'error errors::set_string(
                                    exceptions::name_error(),
                                    "__build_class__ not found",
                                );
                            }
                        }
                    }
                    op::LOAD_COMMON_CONSTANT => {
                        let v: ObjRef = match oparg {
                            0 => object::new_ref(exceptions::assertion_error()),
                            1 => object::new_ref(exceptions::not_implemented_error()),
                            _ => {
                                let name = ["tuple", "all", "any", "list", "set"]
                                    .get(ou - 2)
                                    .copied()
                                    .unwrap_or("");
                                let key = tri!(unicodeobject::intern_str(name));
                                match tri!(frame.builtins.get_item(&key)) {
                                    Some(v) => v,
                                    None => break 'error name_error(&key),
                                }
                            }
                        };
                        tri!(frame.push_obj(v));
                    }
                    op::RAISE_VARARGS => match oparg {
                        0 => match crate::vm::current_exception() {
                            Some(e) => {
                                reraise = true;
                                break 'error errors::set_raised(e);
                            }
                            None => {
                                break 'error errors::set_string(
                                    exceptions::runtime_error(),
                                    "No active exception to reraise",
                                );
                            }
                        },
                        1 => {
                            let exc = tri!(frame.pop());
                            break 'error do_raise(tri!(obj_of(&exc)), None);
                        }
                        2 => {
                            let cause = tri!(frame.pop());
                            let exc = tri!(frame.pop());
                            break 'error do_raise(tri!(obj_of(&exc)), Some(tri!(obj_of(&cause))));
                        }
                        _ => break 'error system_error("bad RAISE_VARARGS oparg"),
                    },
                    op::RERAISE => {
                        let exc = tri!(owned(tri!(frame.pop())));
                        if oparg != 0 {
                            let lasti = tri!(frame.peek_obj(ou));
                            if let Some(i) =
                                downcast::<longobject::IntObject>(lasti).and_then(|i| i.as_i64())
                            {
                                frame.instr = usize::try_from(i).unwrap_or(frame.instr);
                            }
                        }
                        reraise = true;
                        break 'error errors::set_raised(exc);
                    }
                    op::PUSH_EXC_INFO => {
                        let exc = tri!(frame.pop());
                        let prev = swap_exc_info(exc.get().map(object::new_ref));
                        tri!(frame.push_obj(prev.unwrap_or_else(object::none)));
                        tri!(frame.push(exc));
                    }
                    op::POP_EXCEPT => {
                        let v = tri!(owned(tri!(frame.pop())));
                        drop(swap_exc_info(if object::is_none(&v) {
                            None
                        } else {
                            Some(v)
                        }));
                    }
                    op::CHECK_EXC_MATCH => {
                        let right = tri!(frame.pop());
                        let r = tri!(obj_of(&right));
                        tri!(check_except_type_valid(r));
                        let m = exception_matches(tri!(frame.peek_obj(1)), r);
                        tri!(frame.push_obj(boolobject::from_bool(m)));
                    }
                    op::CHECK_EG_MATCH => {
                        // `except*`: split the exception by the clause's type
                        // (`_PyEval_ExceptionGroupMatch`); the match becomes
                        // the handled exception.
                        let match_type = tri!(frame.pop());
                        let exc_value = tri!(frame.pop());
                        let mt = tri!(obj_of(&match_type));
                        tri!(exceptions::check_except_star_type_valid(mt));
                        let (m, rest) = tri!(exceptions::exception_group_match(tri!(obj_of(&exc_value)), mt, |g| {
                            let _ = crate::errors::traceback::here(g, &code, frame.instr);
                        }));
                        if !object::is_none(&m) {
                            drop(swap_exc_info(Some(m.clone())));
                        }
                        tri!(frame.push_obj(rest));
                        tri!(frame.push_obj(m));
                    }
                    op::FORMAT_SIMPLE => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        if object::is_type(o, &unicodeobject::STR_TYPE) {
                            tri!(frame.push(v));
                        } else {
                            let empty = tri!(unicodeobject::from_static(""));
                            tri!(frame.push_obj(tri!(format(o, &empty))));
                        }
                    }
                    op::BUILD_INTERPOLATION => {
                        // `(value, str, format[oparg & 1] -- interpolation)`.
                        let spec = if oparg & 1 != 0 { Some(tri!(frame.pop())) } else { None };
                        let expr = tri!(frame.pop());
                        let value = tri!(frame.pop());
                        let empty = tri!(unicodeobject::intern_str(""));
                        let spec_obj = match &spec {
                            Some(s) => tri!(obj_of(s)),
                            None => &*empty,
                        };
                        let res = tri!(crate::objects::templateobject::build_interpolation(
                            tri!(obj_of(&value)),
                            tri!(obj_of(&expr)),
                            oparg >> 2,
                            spec_obj
                        ));
                        tri!(frame.push_obj(res));
                    }
                    op::BUILD_TEMPLATE => {
                        let interps = tri!(frame.pop());
                        let strings = tri!(frame.pop());
                        let res = tri!(crate::objects::templateobject::build_template(
                            tri!(obj_of(&strings)),
                            tri!(obj_of(&interps))
                        ));
                        tri!(frame.push_obj(res));
                    }
                    op::FORMAT_WITH_SPEC => {
                        let spec = tri!(frame.pop());
                        let v = tri!(frame.pop());
                        let res = tri!(format(tri!(obj_of(&v)), tri!(obj_of(&spec))));
                        tri!(frame.push_obj(res));
                    }
                    op::CONVERT_VALUE => {
                        let v = tri!(frame.pop());
                        let o = tri!(obj_of(&v));
                        let res = match oparg {
                            1 => into_obj(tri!(object::str(o))),
                            2 => into_obj(tri!(object::repr(o))),
                            3 => tri!(ascii(o)),
                            _ => break 'error system_error("bad CONVERT_VALUE oparg"),
                        };
                        tri!(frame.push_obj(res));
                    }
                    _ => break 'error not_implemented(opcode),
                }
            }
        };
        // `exception_unwind`: find a handler in this frame or pop frames
        // until one has it.
        let mut new_error = !reraise && !thrown;
        loop {
            let mut exc = errors::take_raised().unwrap_or_else(|| {
                let _ = system_error("rupy: error return without exception set");
                errors::take_raised().unwrap_or_else(object::none)
            });
            if new_error {
                // An exception raised by native code here without chaining
                // gets the handled one as context; one that comes out of a
                // Python frame (it has a traceback) was chained where it
                // was raised, and may have had its context set to None.
                if let Some(h) = crate::vm::current_exception()
                    && !object::is(&h, &exc)
                    && let Some(e) = downcast::<exceptions::BaseExceptionObject>(&exc)
                    && e.context().is_none()
                    && e.traceback().is_none()
                {
                    e.set_context(Some(h));
                }
                new_error = false;
            }
            if !reraise {
                let _ = crate::errors::traceback::here_frame(&exc, &frame);
                if tracing!() {
                    exc = trace::on_exception(&frame, exc);
                }
            }
            reraise = false;
            if let Some(h) = code.exception_handler(this) {
                frame.truncate_stack(h.depth);
                let pushed = (|| -> PyResult<()> {
                    if h.lasti {
                        frame.push_obj(longobject::from_i64(frame.instr as i64)?)?;
                    }
                    frame.push_obj(exc.clone())
                })();
                if pushed.is_ok() {
                    next = h.target;
                    break;
                }
                // The handler's stack does not fit its code object: the
                // SystemError just raised leaves this frame.
            } else {
                let _ = errors::set_raised(exc);
            }
            let mut exc = errors::take_raised().unwrap_or_else(object::none);
            if tracing!() {
                exc = trace::on_unwind(&frame, exc);
            }
            crate::errors::traceback::frame_exited(&exc, &frame);
            leave_py();
            match callers.pop() {
                None => {
                    drop(link_guard);
                    drop(frame);
                    return Err({
                        let _ = errors::set_raised(exc);
                        err
                    });
                }
                Some(caller) => {
                    let done = core::mem::replace(&mut frame, caller);
                    pool.push(done.clear());
                    code = frame.code.clone();
                    set_limit!();
                    this = frame.instr;
                    let _ = errors::set_raised(exc);
                }
            }
        }
    }
}
