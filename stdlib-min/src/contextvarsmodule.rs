//! The `_contextvars` module, ported from Python/context.c: `Context`,
//! `ContextVar`, `Token` and `copy_context`. A context's variables live
//! in a dict that is never changed once published: setting a variable
//! replaces the context's dict by an updated copy (CPython shares
//! structure through a HAMT; rupy copies, which costs O(n) per `set` —
//! docs/quirks.md), so copies and lock-free reads stay cheap and safe.
//! The current context belongs to the thread state; a new thread starts
//! with an empty one, as in 3.14.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;
use std::sync::atomic::{AtomicBool, Ordering};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

// ---------------------------------------------------------------------
// Context.

/// A `contextvars.Context` (`PyContext`).
#[repr(C)]
pub struct ContextObject {
    ob_base: ObjectHeader,
    /// `ctx_vars`: a dict never mutated after it is stored here.
    vars: ObjSlot,
    /// `ctx_entered`.
    entered: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ContextObject {}

fn ctx(v: &PyObject) -> PyResult<&ContextObject> {
    if !core::ptr::eq(type_of(v), &CONTEXT_TYPE) {
        return Err(type_error(&format!("an instance of Context was expected, got {}", type_of(v).name())));
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<ContextObject>() })
}

fn new_context(vars: ObjRef) -> PyResult<ObjRef> {
    let c = ContextObject { ob_base: ObjectHeader::new(&CONTEXT_TYPE.head), vars: ObjSlot::new(Some(vars)), entered: AtomicBool::new(false) };
    object::new_object(c).map(into_obj)
}

fn vars_of(c: &ContextObject) -> PyResult<ObjRef> {
    c.vars.get().ok_or_else(errors::bad_internal_call)
}

fn dict_of(v: &PyObject) -> PyResult<&DictObject> {
    downcast::<DictObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `context_get`: the thread's current context, made on first use.
fn current() -> PyResult<ObjRef> {
    if let Some(c) = rupy::state::current_context() {
        return Ok(c);
    }
    let c = new_context(into_obj(DictObject::new()?))?;
    rupy::state::swap_context(Some(c.clone()));
    Ok(c)
}

fn context_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if args.len() > 0 || kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error("Context() does not accept any arguments"));
    }
    new_context(into_obj(DictObject::new()?))
}

/// `_PyContext_Enter`.
fn enter(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let c = ctx(v)?;
    if c.entered.swap(true, Ordering::AcqRel) {
        let r = object::repr(v)?.to_string_lossy();
        return Err(errors::set_string(exceptions::runtime_error(), &format!("cannot enter context: {r} is already entered")));
    }
    current()?;
    Ok(rupy::state::swap_context(Some(object::new_ref(v))))
}

/// `_PyContext_Exit`.
fn exit(v: &PyObject, prev: Option<ObjRef>) -> PyResult<()> {
    let c = ctx(v)?;
    rupy::state::swap_context(prev);
    c.entered.store(false, Ordering::Release);
    Ok(())
}

/// `Context.run(callable, *args, **kwargs)`.
fn context_run(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some((f, rest)) = args.split_first() else {
        return Err(type_error("run() missing 1 required positional argument"));
    };
    let prev = enter(v)?;
    let refs: Vec<&PyObject> = rest.iter().map(|o| &**o).collect();
    let r = tupleobject::from_slice(&refs).and_then(|t| rupy::objects::call::call_tuple_dict(f, &t, kwds));
    exit(v, prev)?;
    r
}

fn context_copy(v: &PyObject) -> PyResult<ObjRef> {
    new_context(vars_of(ctx(v)?)?)
}

fn context_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    check_var(key)?;
    let vars = vars_of(ctx(v)?)?;
    dict_of(&vars)?.get_item(key)?.ok_or_else(|| errors::set_key_error(key))
}

fn context_get(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (key, default) = match args {
        [k] => (k, object::none()),
        [k, d] => (k, d.clone()),
        _ => return Err(type_error(&format!("get expected at most 2 arguments, got {}", args.len()))),
    };
    check_var(key)?;
    let vars = vars_of(ctx(v)?)?;
    Ok(dict_of(&vars)?.get_item(key)?.unwrap_or(default))
}

fn context_contains(v: &PyObject, key: &PyObject) -> PyResult<bool> {
    check_var(key)?;
    let vars = vars_of(ctx(v)?)?;
    Ok(dict_of(&vars)?.get_item(key)?.is_some())
}

fn context_len(v: &PyObject) -> PyResult<isize> {
    let vars = vars_of(ctx(v)?)?;
    Ok(dict_of(&vars)?.len() as isize)
}

fn context_iter(v: &PyObject) -> PyResult<ObjRef> {
    rupy::objects::r#abstract::get_iter(&*vars_of(ctx(v)?)?)
}

/// `keys()`, `values()`, `items()` as lists of the snapshot.
fn view(v: &PyObject, which: u8) -> PyResult<ObjRef> {
    let vars = vars_of(ctx(v)?)?;
    let list = ListObject::new()?;
    for (k, val) in dict_of(&vars)?.items() {
        match which {
            0 => list.append(&k)?,
            1 => list.append(&val)?,
            _ => list.append(as_obj(&*tupleobject::from_slice(&[&*k, &*val])?))?,
        }
    }
    Ok(into_obj(list))
}

fn context_keys(v: &PyObject) -> PyResult<ObjRef> {
    view(v, 0)
}

fn context_values(v: &PyObject) -> PyResult<ObjRef> {
    view(v, 1)
}

fn context_items(v: &PyObject) -> PyResult<ObjRef> {
    view(v, 2)
}

fn context_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if !core::ptr::eq(type_of(w), &CONTEXT_TYPE) || !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(object::not_implemented());
    }
    object::rich_compare(&*vars_of(ctx(v)?)?, &*vars_of(ctx(w)?)?, op)
}

static CONTEXT_METHODS: [MethodDef; 7] = [
    MethodDef { ml_name: "run", ml_meth: MethodFn::FastCallKw(context_run), ml_doc: None },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(context_copy), ml_doc: Some("Return a shallow copy of the context object.") },
    MethodDef { ml_name: "get", ml_meth: MethodFn::FastCall(context_get), ml_doc: None },
    MethodDef { ml_name: "keys", ml_meth: MethodFn::NoArgs(context_keys), ml_doc: None },
    MethodDef { ml_name: "values", ml_meth: MethodFn::NoArgs(context_values), ml_doc: None },
    MethodDef { ml_name: "items", ml_meth: MethodFn::NoArgs(context_items), ml_doc: None },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

/// `contextvars.Context`.
pub static CONTEXT_TYPE: TypeObject = TypeObject::new_static(
    "_contextvars.Context",
    size_of::<ContextObject>(),
    object::dealloc_simple::<ContextObject>,
    TypeSlots {
        tp_iter: Some(context_iter),
        tp_richcompare: Some(context_richcompare),
        tp_hash: Some(rupy::objects::typeobject::hash_not_implemented),
        tp_new: Some(context_new),
        tp_getattro: Some(object::generic_get_attr),
        sq_contains: Some(context_contains),
        mp_length: Some(context_len),
        mp_subscript: Some(context_getitem),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::MAPPING)
.with_methods(&CONTEXT_METHODS);

// ---------------------------------------------------------------------
// ContextVar.

/// A `contextvars.ContextVar`.
#[repr(C)]
pub struct ContextVarObject {
    ob_base: ObjectHeader,
    name: ObjRef,
    default: Option<ObjRef>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ContextVarObject {}

fn check_var(v: &PyObject) -> PyResult<&ContextVarObject> {
    if !core::ptr::eq(type_of(v), &CONTEXTVAR_TYPE) {
        return Err(type_error(&format!("a ContextVar key was expected, got {}", object::repr(v)?.to_string_lossy())));
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<ContextVarObject>() })
}

fn contextvar_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse("ContextVar", args, kwds, &["name"], &["default"], 1)?;
    let name = a[0].clone().ok_or_else(errors::bad_internal_call)?;
    if downcast::<StrObject>(&name).is_none() {
        return Err(type_error("context variable name must be a str"));
    }
    let v = ContextVarObject { ob_base: ObjectHeader::new(&CONTEXTVAR_TYPE.head), name, default: a[1].clone() };
    object::new_object(v).map(into_obj)
}

fn contextvar_get(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let var = check_var(v)?;
    let cur = current()?;
    let vars = vars_of(ctx(&cur)?)?;
    if let Some(val) = dict_of(&vars)?.get_item(v)? {
        return Ok(val);
    }
    match (args.first(), &var.default) {
        (Some(d), _) => Ok(d.clone()),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(errors::set_object(exceptions::lookup_error(), Some(v))),
    }
}

/// `contextvar_set`: a new dict for the current context, and a Token.
fn contextvar_set(v: &PyObject, value: &PyObject) -> PyResult<ObjRef> {
    check_var(v)?;
    let cur = current()?;
    let c = ctx(&cur)?;
    let old = object::critical_section(&cur, || -> PyResult<Option<ObjRef>> {
        let vars = vars_of(c)?;
        let d = dict_of(&vars)?;
        let old = d.get_item(v)?;
        let new = DictObject::new()?;
        for (k, val) in d.items() {
            new.set_item(&k, &val)?;
        }
        new.set_item(v, value)?;
        c.vars.set(Some(into_obj(new)));
        Ok(old)
    })?;
    new_token(&cur, v, old)
}

/// `contextvar_reset(token)`.
fn contextvar_reset(v: &PyObject, token: &PyObject) -> PyResult<ObjRef> {
    check_var(v)?;
    let t = token_of(token)?;
    let trepr = || object::repr(token).map(|s| s.to_string_lossy());
    if t.used.load(Ordering::Acquire) {
        return Err(errors::set_string(exceptions::runtime_error(), &format!("{} has already been used once", trepr()?)));
    }
    if !core::ptr::eq(&*t.var, v) {
        return Err(errors::set_string(exceptions::value_error(), &format!("{} was created by a different ContextVar", trepr()?)));
    }
    let cur = current()?;
    if !core::ptr::eq(&*t.ctx, &*cur) {
        return Err(errors::set_string(exceptions::value_error(), &format!("{} was created in a different Context", trepr()?)));
    }
    t.used.store(true, Ordering::Release);
    let c = ctx(&cur)?;
    object::critical_section(&cur, || -> PyResult<()> {
        let vars = vars_of(c)?;
        let new = DictObject::new()?;
        for (k, val) in dict_of(&vars)?.items() {
            if !core::ptr::eq(&*k, v) {
                new.set_item(&k, &val)?;
            }
        }
        if let Some(old) = &t.old {
            new.set_item(v, old)?;
        }
        c.vars.set(Some(into_obj(new)));
        Ok(())
    })?;
    Ok(object::none())
}

fn contextvar_repr(v: &PyObject) -> PyResult<ObjRef> {
    let var = check_var(v)?;
    let mut s = format!("<ContextVar name={}", object::repr(&var.name)?.to_string_lossy());
    if let Some(d) = &var.default {
        s.push_str(&format!(" default={}", object::repr(d)?.to_string_lossy()));
    }
    s.push_str(&format!(" at {v:p}>"));
    unicodeobject::from_string(s).map(into_obj)
}

fn contextvar_hash(v: &PyObject) -> PyResult<isize> {
    object::generic_hash(v)
}

fn contextvar_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(check_var(v)?.name.clone())
}

static CONTEXTVAR_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "get", ml_meth: MethodFn::FastCall(contextvar_get), ml_doc: None },
    MethodDef { ml_name: "set", ml_meth: MethodFn::O(contextvar_set), ml_doc: None },
    MethodDef { ml_name: "reset", ml_meth: MethodFn::O(contextvar_reset), ml_doc: None },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

static CONTEXTVAR_GETSET: [GetSetDef; 1] = [GetSetDef { name: "name", get: contextvar_name, set: None, doc: None }];

/// `contextvars.ContextVar`.
pub static CONTEXTVAR_TYPE: TypeObject = TypeObject::new_static(
    "_contextvars.ContextVar",
    size_of::<ContextVarObject>(),
    object::dealloc_simple::<ContextVarObject>,
    TypeSlots {
        tp_repr: Some(contextvar_repr),
        tp_hash: Some(contextvar_hash),
        tp_new: Some(contextvar_new),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC)
.with_methods(&CONTEXTVAR_METHODS)
.with_getset(&CONTEXTVAR_GETSET);

// ---------------------------------------------------------------------
// Token.

/// A `contextvars.Token`.
#[repr(C)]
pub struct TokenObject {
    ob_base: ObjectHeader,
    ctx: ObjRef,
    var: ObjRef,
    old: Option<ObjRef>,
    used: AtomicBool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TokenObject {}

fn token_of(v: &PyObject) -> PyResult<&TokenObject> {
    if !core::ptr::eq(type_of(v), &TOKEN_TYPE) {
        return Err(type_error(&format!("an instance of Token was expected, got {}", type_of(v).name())));
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<TokenObject>() })
}

fn new_token(ctx: &PyObject, var: &PyObject, old: Option<ObjRef>) -> PyResult<ObjRef> {
    let t = TokenObject {
        ob_base: ObjectHeader::new(&TOKEN_TYPE.head),
        ctx: object::new_ref(ctx),
        var: object::new_ref(var),
        old,
        used: AtomicBool::new(false),
    };
    object::new_object(t).map(into_obj)
}

fn token_new(_ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    Err(errors::set_string(exceptions::runtime_error(), "Tokens can only be created by ContextVars"))
}

fn token_repr(v: &PyObject) -> PyResult<ObjRef> {
    let t = token_of(v)?;
    let used = if t.used.load(Ordering::Acquire) { " used" } else { "" };
    let var = object::repr(&t.var)?.to_string_lossy();
    unicodeobject::from_string(format!("<Token{used} var={var} at {v:p}>")).map(into_obj)
}

fn token_var(v: &PyObject) -> PyResult<ObjRef> {
    Ok(token_of(v)?.var.clone())
}

fn token_old_value(v: &PyObject) -> PyResult<ObjRef> {
    match &token_of(v)?.old {
        Some(o) => Ok(o.clone()),
        None => Ok(object::new_ref(as_obj(&*missing()?))),
    }
}

fn token_enter(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

fn token_exit(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    let var = token_of(v)?.var.clone();
    contextvar_reset(&var, v)
}

static TOKEN_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::NoArgs(token_enter), ml_doc: None },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(token_exit), ml_doc: None },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

static TOKEN_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "var", get: token_var, set: None, doc: None },
    GetSetDef { name: "old_value", get: token_old_value, set: None, doc: None },
];

/// `contextvars.Token`.
pub static TOKEN_TYPE: TypeObject = TypeObject::new_static(
    "_contextvars.Token",
    size_of::<TokenObject>(),
    object::dealloc_simple::<TokenObject>,
    TypeSlots { tp_repr: Some(token_repr), tp_new: Some(token_new), tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::HAVE_GC)
.with_methods(&TOKEN_METHODS)
.with_getset(&TOKEN_GETSET);

/// `Token.MISSING` (`_PyContextTokenMissing`): one immortal marker.
#[repr(C)]
struct MissingObject {
    ob_base: ObjectHeader,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MissingObject {}

fn missing_repr(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_str("<Token.MISSING>").map(into_obj)
}

static MISSING_TYPE: TypeObject = TypeObject::new_static(
    "Token.MISSING",
    size_of::<MissingObject>(),
    object::dealloc_simple::<MissingObject>,
    TypeSlots { tp_repr: Some(missing_repr), ..TypeSlots::EMPTY },
);

fn missing() -> PyResult<ObjRef> {
    static MISSING: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    if let Some(&p) = MISSING.get() {
        // SAFETY: an immortal object made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    MISSING_TYPE.ready()?;
    let m = into_obj(object::new_object(MissingObject { ob_base: ObjectHeader::new(&MISSING_TYPE.head) })?);
    m.header().set_immortal();
    let p = *MISSING.get_or_init(|| core::ptr::from_ref::<PyObject>(&m) as usize);
    // SAFETY: as above; the winner of a race is immortal too.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// `copy_context()`.
fn copy_context(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if !args.is_empty() || kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("copy_context() takes no arguments"));
    }
    context_copy(&*current()?)
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "copy_context", func: copy_context }];

/// `_contextvars_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_contextvars")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, t) in [("Context", &CONTEXT_TYPE), ("ContextVar", &CONTEXTVAR_TYPE), ("Token", &TOKEN_TYPE)] {
        t.ready()?;
        m.add_object(name, as_obj(t))?;
    }
    let dict = TOKEN_TYPE.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
    dict_of(&dict)?.set_item(&*unicodeobject::intern_str("MISSING")?, &*missing()?)?;
    Ok(into_obj(m))
}
