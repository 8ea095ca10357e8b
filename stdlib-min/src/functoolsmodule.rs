//! The `_functools` module, ported from Modules/_functoolsmodule.c
//! (3.14): `partial` (`partial_new`, `partial_call`, `partial_vectorcall`,
//! `partial_descr_get`, `partial_repr`, `partial_reduce`,
//! `partial_setstate`) with the `Placeholder` singleton
//! (`placeholder_new`), `reduce` (`_functools_reduce_impl`),
//! `cmp_to_key` with its `KeyWrapper` type (`keyobject_call`,
//! `keyobject_richcompare`) and `_lru_cache_wrapper` (`lru_cache_new`,
//! `lru_cache_make_key`, the uncached / infinite / bounded wrappers,
//! `cache_info`, `cache_clear`).
//!
//! The bounded cache keeps CPython's structure: a dict from key to a
//! `_lru_list_elem` link, and the links in recency order. Its list is
//! guarded by the wrapper's critical section, taken (as 3.14t does)
//! around the lookup and around the update but not while the user
//! function runs.

use core::sync::atomic::{AtomicIsize, AtomicPtr, AtomicUsize, Ordering};

use rupy::errors::{self, PyResult};
use rupy::objects::call;
use rupy::objects::classobject;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{self, TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;
use rupy::builtins::BuiltinDef;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::Guarded;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Splits vectorcall arguments into the positional ones and a keyword
/// dict (`None` when there are no keywords).
fn split_kwnames<'a>(
    args: &'a [&'a PyObject],
    kwnames: Option<&TupleObject>,
) -> PyResult<(&'a [&'a PyObject], Option<rupy_gc::PyRef<DictObject>>)> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len().checked_sub(nkw).ok_or_else(errors::bad_internal_call)?;
    let kw = match kwnames {
        Some(names) if nkw > 0 => {
            let d = DictObject::new()?;
            for (k, v) in names.as_slice().iter().zip(&args[npos..]) {
                d.set_item(k, v)?;
            }
            Some(d)
        }
        _ => None,
    };
    Ok((&args[..npos], kw))
}

// ---------------------------------------------------------------------
// Placeholder.

fn placeholder_repr(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_str("Placeholder").map(into_obj)
}

fn placeholder_reduce(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_str("Placeholder").map(into_obj)
}

/// `placeholder_new`: the singleton.
fn placeholder_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if !args.is_empty() || kwds.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("PlaceholderType takes no arguments"));
    }
    Ok(object::new_ref(&PLACEHOLDER))
}

static PLACEHOLDER_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(placeholder_reduce), ml_doc: None }];

/// `functools._PlaceholderType`.
pub static PLACEHOLDER_TYPE: TypeObject = TypeObject::new_static(
    "functools._PlaceholderType",
    size_of::<ObjectHeader>(),
    typeobject::dealloc_immortal,
    TypeSlots { tp_repr: Some(placeholder_repr), tp_new: Some(placeholder_new), ..TypeSlots::EMPTY },
)
.with_flags(flags::IMMUTABLETYPE)
.with_methods(&PLACEHOLDER_METHODS)
.with_doc("The type of the Placeholder singleton.\n\nUsed as a placeholder for partial arguments.");

/// `functools.Placeholder`, an immortal singleton.
pub static PLACEHOLDER: PyObject = ObjectHeader::new_static(&raw const PLACEHOLDER_TYPE.head);

fn is_placeholder(v: &PyObject) -> bool {
    core::ptr::eq(v, &PLACEHOLDER)
}

// ---------------------------------------------------------------------
// partial.

/// A `functools.partial` (`partialobject`). The fields are replaced only
/// by `__setstate__`; callers read each with a lock-free reference. The
/// placeholder count (`phcount`) is recounted from the arguments read,
/// so that it always matches them.
#[repr(C)]
pub struct PartialObject {
    ob_base: ObjectHeader,
    func: ObjSlot,
    args: ObjSlot,
    kw: ObjSlot,
    dict: ObjSlot,
    /// The head of the weak-reference list (`tp_weaklistoffset`).
    weakreflist: AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for PartialObject {}

fn partial_of(v: &PyObject) -> PyResult<&PartialObject> {
    if !object::type_check(v, &PARTIAL_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: partial instances (and subclass instances) start with this layout.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<PartialObject>() })
}

/// The parts of a partial read at once: function, arguments, keywords,
/// placeholder count.
struct Parts {
    func: ObjRef,
    args: ObjRef,
    kw: ObjRef,
    phcount: usize,
}

impl PartialObject {
    fn parts(&self) -> PyResult<Parts> {
        let (Some(func), Some(args), Some(kw)) = (self.func.get(), self.args.get(), self.kw.get()) else {
            return Err(errors::bad_internal_call());
        };
        let phcount = count_placeholders(tuple_items(&args)?);
        Ok(Parts { func, args, kw, phcount })
    }
}

fn tuple_items(t: &PyObject) -> PyResult<&[ObjRef]> {
    downcast::<TupleObject>(t).map(TupleObject::as_slice).ok_or_else(errors::bad_internal_call)
}

fn dict_of(d: &PyObject) -> PyResult<&DictObject> {
    downcast::<DictObject>(d).ok_or_else(errors::bad_internal_call)
}

/// The number of placeholders in `args` before its last item.
fn count_placeholders(args: &[ObjRef]) -> usize {
    args.iter().take(args.len().saturating_sub(1)).filter(|a| is_placeholder(a)).count()
}

/// `partial_new`.
fn partial_new(ty: &TypeObject, args: &TupleObject, kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let all = args.as_slice();
    let Some((first, new_args)) = all.split_first() else {
        return Err(type_error("type 'partial' takes at least one argument"));
    };
    if !call::is_callable(first) {
        return Err(type_error("the first argument must be callable"));
    }
    if new_args.last().is_some_and(|a| is_placeholder(a)) {
        return Err(type_error("trailing Placeholders are not allowed"));
    }
    if let Some(k) = kw
        && k.items().iter().any(|(_, v)| is_placeholder(v))
    {
        return Err(type_error("Placeholder cannot be passed as a keyword argument"));
    }
    let mut func = first.clone();
    let mut inner: Option<Parts> = None;
    if object::type_check(first, &PARTIAL_TYPE) {
        let part = partial_of(first)?;
        if part.dict.peek().is_null() {
            let p = part.parts()?;
            func = p.func.clone();
            inner = Some(p);
        }
    }
    let tot_args: Vec<ObjRef> = match &inner {
        Some(p) if p.phcount > 0 && !new_args.is_empty() => {
            // Fill the inner partial's placeholders with the new arguments.
            let pto_args = tuple_items(&p.args)?;
            let mut j = 0;
            let mut out = Vec::with_capacity(pto_args.len() + new_args.len());
            for a in pto_args {
                if j < new_args.len() && is_placeholder(a) {
                    out.push(new_args[j].clone());
                    j += 1;
                } else {
                    out.push(a.clone());
                }
            }
            out.extend(new_args[j..].iter().cloned());
            out
        }
        Some(p) => {
            let mut out = tuple_items(&p.args)?.to_vec();
            out.extend(new_args.iter().cloned());
            out
        }
        None => new_args.to_vec(),
    };
    let refs: Vec<&PyObject> = tot_args.iter().map(|a| &**a).collect();
    let tot_args = tupleobject::from_slice(&refs)?;
    let tot_kw = match inner.as_ref().map(|p| dict_of(&p.kw)).transpose()? {
        Some(pk) if !pk.is_empty() => {
            let d = pk.copy()?;
            if let Some(k) = kw {
                d.merge(as_obj(k), true)?;
            }
            d
        }
        _ => match kw {
            Some(k) => k.copy()?,
            None => DictObject::new()?,
        },
    };
    // SAFETY: only the header is initialized; every other field of the
    // layout is valid zeroed (empty slots, null list head, zero count).
    let obj: ObjRef = unsafe { typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    let pto = partial_of(&obj)?;
    pto.func.set(Some(func));
    pto.args.set(Some(into_obj(tot_args)));
    pto.kw.set(Some(into_obj(tot_kw)));
    Ok(obj)
}

fn missing_args(phcount: usize, nargs: usize) -> errors::ErrSet {
    type_error(&format!(
        "missing positional arguments in 'partial' call; expected at least {phcount}, got {nargs}"
    ))
}

/// Fills `out` with the positional arguments of a call: the stored ones
/// with their placeholders filled from `args`, then the rest of `args`.
/// `out` has room for `pto_args.len() + args.len() - phcount` items.
fn merge_args_into<'a>(out: &mut [&'a PyObject], pto_args: &'a [ObjRef], args: &[&'a PyObject]) {
    let mut j = 0;
    let mut n = 0;
    for (slot, a) in out.iter_mut().zip(pto_args) {
        *slot = if is_placeholder(a) && j < args.len() {
            j += 1;
            args[j - 1]
        } else {
            a
        };
        n += 1;
    }
    for (slot, a) in out[n..].iter_mut().zip(&args[j..]) {
        *slot = a;
    }
}

/// [`merge_args_into`] into a new vector.
fn merge_args<'a>(pto_args: &'a [ObjRef], phcount: usize, args: &[&'a PyObject]) -> Vec<&'a PyObject> {
    let mut out: Vec<&PyObject> = vec![&object::NONE; pto_args.len() + args.len() - phcount];
    merge_args_into(&mut out, pto_args, args);
    out
}

/// Arguments up to this many are gathered on the native stack.
const SMALL_STACK: usize = 8;

/// `partial_call`.
fn partial_call(v: &PyObject, args: &TupleObject, kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let p = partial_of(v)?.parts()?;
    let pos: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    if pos.len() < p.phcount {
        return Err(missing_args(p.phcount, pos.len()));
    }
    let pkw = dict_of(&p.kw)?;
    let tot_kw = if pkw.is_empty() {
        None
    } else {
        let d = pkw.copy()?;
        if let Some(k) = kwargs {
            d.merge(as_obj(k), true)?;
        }
        Some(d)
    };
    let merged = merge_args(tuple_items(&p.args)?, p.phcount, &pos);
    let tot_args = tupleobject::from_slice(&merged)?;
    call::call_tuple_dict(&p.func, &tot_args, tot_kw.as_deref().or(kwargs))
}

/// `partial_vectorcall`: the stored arguments are put before the call's
/// without building a tuple; stored keywords fall back to `partial_call`.
fn partial_vectorcall(v: &PyObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let p = partial_of(v)?.parts()?;
    if !dict_of(&p.kw)?.is_empty() {
        let (pos, kw) = split_kwnames(args, kwnames)?;
        let t = tupleobject::from_slice(pos)?;
        return partial_call(v, &t, kw.as_deref());
    }
    let nkw = kwnames.map_or(0, TupleObject::len);
    let nargs = args.len().checked_sub(nkw).ok_or_else(errors::bad_internal_call)?;
    if nargs < p.phcount {
        return Err(missing_args(p.phcount, nargs));
    }
    let pto_args = tuple_items(&p.args)?;
    let npos = pto_args.len() + nargs - p.phcount;
    let total = npos + nkw;
    let mut small: [&PyObject; SMALL_STACK] = [&object::NONE; SMALL_STACK];
    let mut large: Vec<&PyObject> = Vec::new();
    let stack: &mut [&PyObject] = if total <= SMALL_STACK {
        &mut small[..total]
    } else {
        large.resize(total, &object::NONE);
        &mut large
    };
    merge_args_into(&mut stack[..npos], pto_args, &args[..nargs]);
    stack[npos..].copy_from_slice(&args[nargs..]);
    rupy::state::enter_recursive_call(" while calling a Python object")?;
    let res = call::vectorcall(&p.func, stack, kwnames);
    rupy::state::leave_recursive_call();
    res
}

/// `partial_descr_get`: a method when looked up on an instance (3.14).
fn partial_descr_get(v: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    match obj {
        Some(o) if !object::is_none(o) => classobject::new_method(v, o),
        _ => Ok(object::new_ref(v)),
    }
}

/// `PyType_GetModuleName` and `PyType_GetQualName` of `v`'s type.
fn type_names(v: &PyObject) -> PyResult<(String, String)> {
    let ty = as_obj(type_of(v));
    let m = object::str(&*object::get_attr_str(ty, "__module__")?)?.to_string_lossy();
    let q = object::str(&*object::get_attr_str(ty, "__qualname__")?)?.to_string_lossy();
    Ok((m, q))
}

/// `partial_repr`.
fn partial_repr(v: &PyObject) -> PyResult<ObjRef> {
    if rupy::state::repr_enter(v) {
        return unicodeobject::from_str("...").map(into_obj);
    }
    let r = (|| -> PyResult<String> {
        let p = partial_of(v)?.parts()?;
        let mut arglist = String::new();
        for a in tuple_items(&p.args)? {
            arglist.push_str(", ");
            arglist.push_str(&object::repr(a)?.to_string_lossy());
        }
        for (k, val) in dict_of(&p.kw)?.items() {
            arglist.push_str(", ");
            arglist.push_str(&object::str(&k)?.to_string_lossy());
            arglist.push('=');
            arglist.push_str(&object::repr(&val)?.to_string_lossy());
        }
        let (m, q) = type_names(v)?;
        Ok(format!("{m}.{q}({}{arglist})", object::repr(&p.func)?.to_string_lossy()))
    })();
    rupy::state::repr_leave(v);
    unicodeobject::from_string(r?).map(into_obj)
}

/// `partial_reduce`: `(type, (func,), (func, args, keywords, dict))`.
fn partial_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let pto = partial_of(v)?;
    let p = pto.parts()?;
    let dict = pto.dict.get().unwrap_or_else(object::none);
    let fargs = tupleobject::from_slice(&[&*p.func])?;
    let state = tupleobject::from_slice(&[&*p.func, &*p.args, &*p.kw, &*dict])?;
    tupleobject::from_slice(&[as_obj(type_of(v)), as_obj(&*fargs), as_obj(&*state)]).map(into_obj)
}

/// `partial_setstate`.
fn partial_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let pto = partial_of(v)?;
    let invalid = || type_error("invalid partial state");
    let Some(t) = downcast::<TupleObject>(state) else { return Err(invalid()) };
    let [func, fnargs, kw, dict] = t.as_slice() else { return Err(invalid()) };
    let Some(fnargs_t) = downcast::<TupleObject>(fnargs) else { return Err(invalid()) };
    if !call::is_callable(func)
        || (!object::is_none(kw) && downcast::<DictObject>(kw).is_none())
        || (!object::is_none(dict) && downcast::<DictObject>(dict).is_none())
    {
        return Err(invalid());
    }
    let items = fnargs_t.as_slice();
    if items.last().is_some_and(|a| is_placeholder(a)) {
        return Err(type_error("trailing Placeholders are not allowed"));
    }
    let fnargs: ObjRef = if object::is_type(fnargs, &tupleobject::TUPLE_TYPE) {
        fnargs.clone()
    } else {
        let refs: Vec<&PyObject> = items.iter().map(|a| &**a).collect();
        into_obj(tupleobject::from_slice(&refs)?)
    };
    let kw: ObjRef = match downcast::<DictObject>(kw) {
        None => into_obj(DictObject::new()?),
        Some(d) if !object::is_type(kw, &rupy::objects::dictobject::DICT_TYPE) => into_obj(d.copy()?),
        Some(_) => kw.clone(),
    };
    let dict = (!object::is_none(dict)).then(|| dict.clone());
    pto.func.set(Some(func.clone()));
    pto.args.set(Some(fnargs));
    pto.kw.set(Some(kw));
    pto.dict.set(dict);
    Ok(object::none())
}

fn partial_get_func(v: &PyObject) -> PyResult<ObjRef> {
    Ok(partial_of(v)?.func.get().unwrap_or_else(object::none))
}

fn partial_get_args(v: &PyObject) -> PyResult<ObjRef> {
    Ok(partial_of(v)?.args.get().unwrap_or_else(object::none))
}

fn partial_get_keywords(v: &PyObject) -> PyResult<ObjRef> {
    Ok(partial_of(v)?.kw.get().unwrap_or_else(object::none))
}

fn get_dict(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::instance_dict(v)?.unwrap_or_else(object::none))
}

/// `PyObject_GenericSetDict` for the native types' own dict slot.
fn set_dict_in(slot: &ObjSlot, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        None => Err(type_error("cannot delete __dict__")),
        Some(d) if downcast::<DictObject>(d).is_some() => {
            slot.set(Some(object::new_ref(d)));
            Ok(())
        }
        Some(d) => Err(type_error(&format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            type_of(d).name()
        ))),
    }
}

fn partial_set_dict(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_dict_in(&partial_of(v)?.dict, value)
}

static PARTIAL_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(partial_reduce), ml_doc: None },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(partial_setstate), ml_doc: None },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

static PARTIAL_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "func", get: partial_get_func, set: None, doc: Some("function object to use in future partial calls") },
    GetSetDef { name: "args", get: partial_get_args, set: None, doc: Some("tuple of arguments to future partial calls") },
    GetSetDef {
        name: "keywords",
        get: partial_get_keywords,
        set: None,
        doc: Some("dictionary of keyword arguments to future partial calls"),
    },
    GetSetDef { name: "__dict__", get: get_dict, set: Some(partial_set_dict), doc: None },
];

/// `functools.partial`.
pub static PARTIAL_TYPE: TypeObject = TypeObject::new_static(
    "functools.partial",
    size_of::<PartialObject>(),
    object::dealloc_weakrefable::<PartialObject>,
    TypeSlots {
        tp_traverse: Some(rupy::traverse_fields!(PartialObject { func, args, kw, dict } {  })),
        tp_clear: Some(rupy::clear_fields!(PartialObject { func, args, kw, dict })),
        tp_repr: Some(partial_repr),
        tp_call: Some(partial_call),
        tp_vectorcall: Some(partial_vectorcall),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_descr_get: Some(partial_descr_get),
        tp_new: Some(partial_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC | flags::HAVE_VECTORCALL | flags::IMMUTABLETYPE)
.with_methods(&PARTIAL_METHODS)
.with_getset(&PARTIAL_GETSET)
.with_dictoffset(core::mem::offset_of!(PartialObject, dict))
.with_weaklistoffset(core::mem::offset_of!(PartialObject, weakreflist))
.with_doc("partial(func, /, *args, **keywords)\n--\n\nCreate a new function with partial application of the given arguments\nand keywords.");

// ---------------------------------------------------------------------
// cmp_to_key.

/// A `functools.KeyWrapper` (`keyobject`): the comparison function and
/// the wrapped object (absent in the object `cmp_to_key` returns).
#[repr(C)]
struct KeyObject {
    ob_base: ObjectHeader,
    cmp: ObjRef,
    object: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for KeyObject {}

fn key_of(v: &PyObject) -> PyResult<&KeyObject> {
    if !object::is_type(v, &KEYOBJECT_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the (final) type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<KeyObject>() })
}

fn new_key(cmp: &PyObject, obj: Option<&PyObject>) -> PyResult<ObjRef> {
    let k = KeyObject {
        ob_base: ObjectHeader::new(&KEYOBJECT_TYPE.head),
        cmp: object::new_ref(cmp),
        object: ObjSlot::new(obj.map(object::new_ref)),
    };
    object::new_object(k).map(into_obj)
}

/// `keyobject_call`: `K(obj)`.
fn keyobject_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse("K", args, kwds, &["obj"], &[], 1)?;
    let obj = a[0].as_deref().ok_or_else(errors::bad_internal_call)?;
    new_key(&key_of(v)?.cmp, Some(obj))
}

/// `keyobject_richcompare`: `cmp(x, y) <op> 0`.
fn keyobject_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if !core::ptr::eq(type_of(v), type_of(w)) {
        return Err(type_error("other argument must be K instance"));
    }
    let (lhs, rhs) = (key_of(v)?, key_of(w)?);
    let (Some(x), Some(y)) = (lhs.object.get(), rhs.object.get()) else {
        return Err(errors::set_string(exceptions::attribute_error(), "object"));
    };
    let res = call::call(&lhs.cmp, &[&x, &y])?;
    let zero = longobject::from_i64(0)?;
    object::rich_compare(&res, &zero, op)
}

fn keyobject_get_obj(v: &PyObject) -> PyResult<ObjRef> {
    Ok(key_of(v)?.object.get().unwrap_or_else(object::none))
}

fn keyobject_set_obj(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    key_of(v)?.object.set(value.map(object::new_ref));
    Ok(())
}

fn keyobject_text_signature(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_str("(obj)").map(into_obj)
}

static KEYOBJECT_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "obj", get: keyobject_get_obj, set: Some(keyobject_set_obj), doc: Some("Value wrapped by a key function.") },
    GetSetDef { name: "__text_signature__", get: keyobject_text_signature, set: None, doc: None },
];

static KEYOBJECT_TYPE: TypeObject = TypeObject::new_static(
    "functools.KeyWrapper",
    size_of::<KeyObject>(),
    object::dealloc_simple::<KeyObject>,
    TypeSlots {
        tp_call: Some(keyobject_call),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(keyobject_richcompare),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::HAVE_GC | flags::IMMUTABLETYPE)
.with_getset(&KEYOBJECT_GETSET);

/// `_functools.cmp_to_key(mycmp)`.
fn cmp_to_key(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, kw) = split_kwnames(args, kwnames)?;
    let owned: Vec<ObjRef> = pos.iter().map(|a| object::new_ref(*a)).collect();
    let a = crate::guarded::parse_slice("cmp_to_key", &owned, kw.as_deref(), &["mycmp"], &[], 1)?;
    new_key(a[0].as_deref().ok_or_else(errors::bad_internal_call)?, None)
}

// ---------------------------------------------------------------------
// reduce.

/// `_functools.reduce(function, iterable, /, initial=<missing>)`.
fn reduce(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (pos, kw) = split_kwnames(args, kwnames)?;
    let nkw = kw.as_ref().map_or(0, |k| k.len());
    if pos.len() + nkw > 3 {
        return Err(type_error(&format!("reduce() takes at most 3 arguments ({} given)", pos.len() + nkw)));
    }
    if pos.len() < 2 {
        return Err(type_error(&format!("reduce() takes at least 2 positional arguments ({} given)", pos.len())));
    }
    let mut initial: Option<ObjRef> = None;
    if let Some(k) = &kw {
        for (key, value) in k.items() {
            let name = object::str_lossy(&key);
            if name != "initial" {
                return Err(type_error(&format!("reduce() got an unexpected keyword argument '{name}'")));
            }
            if pos.len() > 2 {
                return Err(type_error("argument for reduce() given by name ('initial') and position (3)"));
            }
            initial = Some(value);
        }
    }
    let (func, seq) = (pos[0], pos[1]);
    let mut result = initial.or_else(|| pos.get(2).map(|a| object::new_ref(*a)));
    let it = match r#abstract::get_iter(seq) {
        Ok(it) => it,
        Err(e) => {
            if errors::exception_matches(exceptions::type_error()) {
                drop(e);
                errors::clear();
                return Err(type_error("reduce() arg 2 must support iteration"));
            }
            return Err(e);
        }
    };
    while let Some(item) = r#abstract::iter_next(&it)? {
        result = Some(match result {
            None => item,
            Some(acc) => call::call(func, &[&acc, &item])?,
        });
    }
    result.ok_or_else(|| type_error("reduce() of empty iterable with no initial value"))
}

// ---------------------------------------------------------------------
// _lru_cache_wrapper.

/// A link of the bounded cache (`lru_list_elem`): the dict's value for
/// a key, holding the result and the link's place in the recency list.
#[repr(C)]
struct LinkObject {
    ob_base: ObjectHeader,
    result: ObjRef,
    /// Index of the link's node in the list, `NO_NODE` once evicted;
    /// written under the wrapper's critical section.
    node: AtomicUsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for LinkObject {}

const NO_NODE: usize = usize::MAX;

static LRU_LIST_ELEM_TYPE: TypeObject = TypeObject::new_static(
    "functools._lru_list_elem",
    size_of::<LinkObject>(),
    object::dealloc_simple::<LinkObject>,
    TypeSlots::EMPTY,
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE);

fn link_of(v: &PyObject) -> Option<&LinkObject> {
    if !object::is_type(v, &LRU_LIST_ELEM_TYPE) {
        return None;
    }
    // SAFETY: checked the (final) type.
    Some(unsafe { &*core::ptr::from_ref(v).cast::<LinkObject>() })
}

/// A node of the recency list: the link, and its key and hash for
/// eviction.
struct Node {
    prev: usize,
    next: usize,
    key: ObjRef,
    hash: isize,
    link: ObjRef,
}

/// The recency list of a bounded cache: nodes in a slab, linked from
/// the oldest (`head`) to the newest (`tail`).
#[derive(Default)]
struct LruList {
    nodes: Vec<Option<Node>>,
    free: Vec<usize>,
    head: usize,
    tail: usize,
    len: usize,
}

impl LruList {
    fn new() -> LruList {
        LruList { nodes: Vec::new(), free: Vec::new(), head: NO_NODE, tail: NO_NODE, len: 0 }
    }

    fn node_mut(&mut self, i: usize) -> Option<&mut Node> {
        self.nodes.get_mut(i).and_then(Option::as_mut)
    }

    fn unlink(&mut self, i: usize) -> Option<Node> {
        let n = self.nodes.get_mut(i)?.take()?;
        match self.node_mut(n.prev) {
            Some(p) => p.next = n.next,
            None => self.head = n.next,
        }
        match self.node_mut(n.next) {
            Some(x) => x.prev = n.prev,
            None => self.tail = n.prev,
        }
        self.free.push(i);
        self.len -= 1;
        Some(n)
    }

    fn push_back(&mut self, mut n: Node) -> usize {
        n.prev = self.tail;
        n.next = NO_NODE;
        let i = match self.free.pop() {
            Some(i) => i,
            None => {
                self.nodes.push(None);
                self.nodes.len() - 1
            }
        };
        let tail = self.tail;
        match self.node_mut(tail) {
            Some(t) => t.next = i,
            None => self.head = i,
        }
        self.tail = i;
        self.nodes[i] = Some(n);
        self.len += 1;
        i
    }

    /// Moves the node of `link` to the newest end (a cache hit).
    fn touch(&mut self, link: &LinkObject) {
        let i = link.node.load(Ordering::Relaxed);
        let owns = self.nodes.get(i).and_then(Option::as_ref).is_some_and(|n| core::ptr::eq(&*n.link, as_obj(link)));
        if owns && i != self.tail && let Some(n) = self.unlink(i) {
            let j = self.push_back(n);
            link.node.store(j, Ordering::Relaxed);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum LruKind {
    Uncached,
    Infinite,
    Bounded,
}

/// A `functools._lru_cache_wrapper` (`lru_cache_object`).
#[repr(C)]
struct LruCacheObject {
    ob_base: ObjectHeader,
    dict: ObjSlot,
    weakreflist: AtomicPtr<()>,
    kind: LruKind,
    typed: bool,
    maxsize: isize,
    hits: AtomicIsize,
    misses: AtomicIsize,
    func: ObjRef,
    cache: rupy_gc::PyRef<DictObject>,
    cache_info_type: ObjRef,
    list: Guarded<LruList>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for LruCacheObject {}

fn lru_of(v: &PyObject) -> PyResult<&LruCacheObject> {
    if !object::type_check(v, &LRU_CACHE_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the type (it is not subclassable).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<LruCacheObject>() })
}

/// The delimiter of the keyword part of cache keys (`kwd_mark`): an
/// immortal plain `object()`.
static KWD_MARK: PyObject = ObjectHeader::new_static(&raw const typeobject::OBJECT_TYPE.head);

fn kwd_mark() -> &'static PyObject {
    &KWD_MARK
}

/// `lru_cache_make_key`.
fn make_key(args: &TupleObject, kwds: Option<&DictObject>, typed: bool) -> PyResult<ObjRef> {
    let items = kwds.map(DictObject::items).unwrap_or_default();
    let pos = args.as_slice();
    if !typed && items.is_empty() {
        if let [only] = pos
            && (object::is_type(only, &unicodeobject::STR_TYPE) || object::is_type(only, &longobject::INT_TYPE))
        {
            return Ok(only.clone());
        }
        return Ok(object::new_ref(args));
    }
    let mut key: Vec<&PyObject> = pos.iter().map(|a| &**a).collect();
    if !items.is_empty() {
        key.push(kwd_mark());
        for (k, v) in &items {
            key.push(k);
            key.push(v);
        }
    }
    if typed {
        key.extend(pos.iter().map(|a| as_obj(type_of(a))));
        key.extend(items.iter().map(|(_, v)| as_obj(type_of(v))));
    }
    tupleobject::from_slice(&key).map(into_obj)
}

/// `lru_cache_new`.
fn lru_cache_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = crate::guarded::parse(
        "lru_cache",
        args,
        kwds,
        &["user_function", "maxsize", "typed", "cache_info_type"],
        &[],
        4,
    )?;
    let [Some(func), Some(maxsize_o), Some(typed), Some(cache_info_type)] = &a[..] else {
        return Err(errors::bad_internal_call());
    };
    let typed = object::is_true(typed)?;
    if !call::is_callable(func) {
        return Err(type_error("the first argument must be callable"));
    }
    let (kind, maxsize) = if object::is_none(maxsize_o) {
        (LruKind::Infinite, -1)
    } else if type_of(maxsize_o).slots.nb_index.get().is_some() {
        let n = r#abstract::as_ssize(maxsize_o, Some(exceptions::overflow_error()))?.max(0);
        (if n == 0 { LruKind::Uncached } else { LruKind::Bounded }, n)
    } else {
        return Err(type_error("maxsize should be integer or None"));
    };
    let obj = LruCacheObject {
        ob_base: ObjectHeader::new(&ty.head),
        dict: ObjSlot::empty(),
        weakreflist: AtomicPtr::new(core::ptr::null_mut()),
        kind,
        typed,
        maxsize,
        hits: AtomicIsize::new(0),
        misses: AtomicIsize::new(0),
        func: func.clone(),
        cache: DictObject::new()?,
        cache_info_type: cache_info_type.clone(),
        list: Guarded::new(LruList::new()),
    };
    object::new_object(obj).map(into_obj)
}

/// `bounded_lru_cache_get_lock_held`: the cached result, if any (the hit
/// moved to the newest end).
fn bounded_get(v: &PyObject, c: &LruCacheObject, key: &PyObject, hash: isize) -> PyResult<Option<ObjRef>> {
    let Some(found) = c.cache.get_item_known_hash(key, hash)? else {
        c.misses.fetch_add(1, Ordering::Relaxed);
        return Ok(None);
    };
    let link = link_of(&found).ok_or_else(errors::bad_internal_call)?;
    c.list.with(v, |l| {
        l.touch(link);
        Ok(())
    })?;
    c.hits.fetch_add(1, Ordering::Relaxed);
    Ok(Some(link.result.clone()))
}

/// `bounded_lru_cache_update_lock_held`: stores `result` under `key`,
/// evicting the oldest entry when the cache is full. Objects released
/// here are dropped by the caller, outside the critical section.
fn bounded_update(
    v: &PyObject,
    c: &LruCacheObject,
    key: &ObjRef,
    hash: isize,
    result: &ObjRef,
    garbage: &mut Vec<ObjRef>,
) -> PyResult<()> {
    if let Some(existing) = c.cache.get_item_known_hash(key, hash)? {
        // Added while the user function ran.
        garbage.push(existing);
        return Ok(());
    }
    let full = c.list.with(v, |l| Ok(c.cache.len() as isize >= c.maxsize && l.len > 0))?;
    if full {
        let oldest = c.list.with(v, |l| {
            let head = l.head;
            Ok(l.unlink(head))
        })?;
        if let Some(old) = oldest {
            if let Some(link) = link_of(&old.link) {
                link.node.store(NO_NODE, Ordering::Relaxed);
            }
            let popped = c.cache.pop_known_hash(&old.key, old.hash);
            garbage.extend([old.key, old.link]);
            if let Some(p) = popped? {
                garbage.push(p);
            }
        }
    }
    let link = object::new_object(LinkObject {
        ob_base: ObjectHeader::new(&LRU_LIST_ELEM_TYPE.head),
        result: result.clone(),
        node: AtomicUsize::new(NO_NODE),
    })?;
    c.cache.set_item_known_hash(key, as_obj(&*link), hash)?;
    let link_obj = into_obj(link);
    c.list.with(v, |l| {
        let i = l.push_back(Node { prev: NO_NODE, next: NO_NODE, key: key.clone(), hash, link: link_obj.clone() });
        if let Some(lk) = link_of(&link_obj) {
            lk.node.store(i, Ordering::Relaxed);
        }
        Ok(())
    })
}

/// `lru_cache_call`: dispatches on the kind of cache.
fn lru_cache_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let c = lru_of(v)?;
    let kwds = kwds.filter(|k| !k.is_empty());
    match c.kind {
        LruKind::Uncached => {
            c.misses.fetch_add(1, Ordering::Relaxed);
            call::call_tuple_dict(&c.func, args, kwds)
        }
        LruKind::Infinite => {
            let key = make_key(args, kwds, c.typed)?;
            let hash = object::hash(&key)?;
            if let Some(r) = c.cache.get_item_known_hash(&key, hash)? {
                c.hits.fetch_add(1, Ordering::Relaxed);
                return Ok(r);
            }
            c.misses.fetch_add(1, Ordering::Relaxed);
            let r = call::call_tuple_dict(&c.func, args, kwds)?;
            c.cache.set_item_known_hash(&key, &r, hash)?;
            Ok(r)
        }
        LruKind::Bounded => {
            let key = make_key(args, kwds, c.typed)?;
            let hash = object::hash(&key)?;
            if let Some(r) = object::critical_section(v, || bounded_get(v, c, &key, hash))? {
                return Ok(r);
            }
            let r = call::call_tuple_dict(&c.func, args, kwds)?;
            let mut garbage = Vec::new();
            let res = object::critical_section(v, || bounded_update(v, c, &key, hash, &r, &mut garbage));
            drop(garbage);
            res.map(|()| r)
        }
    }
}

/// The vectorcall entry of the wrapper: a call with one `str` or `int`
/// argument (the key itself, see `lru_cache_make_key`) is looked up
/// without building the argument tuple; other calls and misses take
/// [`lru_cache_call`].
fn lru_cache_vectorcall(v: &PyObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = lru_of(v)?;
    if let [only] = args
        && kwnames.is_none_or(|k| k.is_empty())
        && !c.typed
        && c.kind != LruKind::Uncached
        && (object::is_type(only, &unicodeobject::STR_TYPE) || object::is_type(only, &longobject::INT_TYPE))
    {
        let hash = object::hash(only)?;
        let hit = match c.kind {
            LruKind::Infinite => {
                let r = c.cache.get_item_known_hash(only, hash)?;
                if r.is_some() {
                    c.hits.fetch_add(1, Ordering::Relaxed);
                }
                r
            }
            _ => object::critical_section(v, || -> PyResult<Option<ObjRef>> {
                let Some(found) = c.cache.get_item_known_hash(only, hash)? else { return Ok(None) };
                let link = link_of(&found).ok_or_else(errors::bad_internal_call)?;
                c.list.with(v, |l| {
                    l.touch(link);
                    Ok(())
                })?;
                c.hits.fetch_add(1, Ordering::Relaxed);
                Ok(Some(link.result.clone()))
            })?,
        };
        if let Some(r) = hit {
            return Ok(r);
        }
    }
    let (pos, kw) = split_kwnames(args, kwnames)?;
    let t = tupleobject::from_slice(pos)?;
    rupy::state::enter_recursive_call(" while calling a Python object")?;
    let res = lru_cache_call(v, &t, kw.as_deref());
    rupy::state::leave_recursive_call();
    res
}

/// `lru_cache_descr_get`.
fn lru_cache_descr_get(v: &PyObject, obj: Option<&PyObject>, _ty: Option<&PyObject>) -> PyResult<ObjRef> {
    match obj {
        Some(o) if !object::is_none(o) => classobject::new_method(v, o),
        _ => Ok(object::new_ref(v)),
    }
}

/// `cache_info()`: `CacheInfo(hits, misses, maxsize, currsize)`.
fn lru_cache_info(v: &PyObject) -> PyResult<ObjRef> {
    let c = lru_of(v)?;
    let hits = longobject::from_i64(c.hits.load(Ordering::Relaxed) as i64)?;
    let misses = longobject::from_i64(c.misses.load(Ordering::Relaxed) as i64)?;
    let maxsize = if c.kind == LruKind::Infinite { object::none() } else { longobject::from_i64(c.maxsize as i64)? };
    let currsize = longobject::from_i64(c.cache.len() as i64)?;
    object::call(&c.cache_info_type, &[&hits, &misses, &maxsize, &currsize])
}

/// `cache_clear()`: empties the cache and resets the statistics.
fn lru_cache_clear(v: &PyObject) -> PyResult<ObjRef> {
    let c = lru_of(v)?;
    let old = object::critical_section(v, || {
        c.hits.store(0, Ordering::Relaxed);
        c.misses.store(0, Ordering::Relaxed);
        let old = c.list.with(v, |l| Ok(std::mem::replace(l, LruList::new())));
        c.cache.clear();
        old
    })?;
    drop(old);
    Ok(object::none())
}

fn lru_cache_reduce(v: &PyObject) -> PyResult<ObjRef> {
    object::get_attr_str(v, "__qualname__")
}

fn lru_cache_copy(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

fn lru_set_dict(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_dict_in(&lru_of(v)?.dict, value)
}

static LRU_CACHE_METHODS: [MethodDef; 5] = [
    MethodDef {
        ml_name: "cache_info",
        ml_meth: MethodFn::NoArgs(lru_cache_info),
        ml_doc: Some("cache_info($self, /)\n--\n\nReport cache statistics"),
    },
    MethodDef {
        ml_name: "cache_clear",
        ml_meth: MethodFn::NoArgs(lru_cache_clear),
        ml_doc: Some("cache_clear($self, /)\n--\n\nClear the cache and cache statistics"),
    },
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(lru_cache_reduce), ml_doc: None },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::FastCall(lru_cache_copy), ml_doc: None },
    MethodDef { ml_name: "__deepcopy__", ml_meth: MethodFn::FastCall(lru_cache_copy), ml_doc: None },
];

static LRU_CACHE_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "__dict__", get: get_dict, set: Some(lru_set_dict), doc: None }];

static LRU_CACHE_TYPE: TypeObject = TypeObject::new_static(
    "functools._lru_cache_wrapper",
    size_of::<LruCacheObject>(),
    object::dealloc_weakrefable::<LruCacheObject>,
    TypeSlots {
        tp_call: Some(lru_cache_call),
        tp_vectorcall: Some(lru_cache_vectorcall),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_descr_get: Some(lru_cache_descr_get),
        tp_new: Some(lru_cache_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::METHOD_DESCRIPTOR | flags::IMMUTABLETYPE)
.with_methods(&LRU_CACHE_METHODS)
.with_getset(&LRU_CACHE_GETSET)
.with_dictoffset(core::mem::offset_of!(LruCacheObject, dict))
.with_weaklistoffset(core::mem::offset_of!(LruCacheObject, weakreflist))
.with_doc(
    "Create a cached callable that wraps another function.\n\nuser_function:      the function being cached\n\nmaxsize:  0         for no caching\n          None      for unlimited cache size\n          n         for a bounded cache\n\ntyped:    False     cache f(3) and f(3.0) as identical calls\n          True      cache f(3) and f(3.0) as distinct calls\n\ncache_info_type:    namedtuple class with the fields:\n                        hits misses currsize maxsize\n",
);

// ---------------------------------------------------------------------
// The module.

static FUNCTIONS: [BuiltinDef; 2] = [
    BuiltinDef { name: "reduce", func: reduce },
    BuiltinDef { name: "cmp_to_key", func: cmp_to_key },
];

const REDUCE_DOC: &str = "reduce($module, function, iterable, /, initial=<unrepresentable>)\n--\n\nApply a function of two arguments cumulatively to the items of an iterable, from left to right.\n\nThis effectively reduces the iterable to a single value.  If initial is\npresent, it is placed before the items of the iterable in the\ncalculation, and serves as a default when the iterable is empty.\n\nFor example, reduce(lambda x, y: x+y, [1, 2, 3, 4, 5])\ncalculates ((((1 + 2) + 3) + 4) + 5).";
const CMP_TO_KEY_DOC: &str = "cmp_to_key($module, /, mycmp)\n--\n\nConvert a cmp= function into a key= function.\n\n  mycmp\n    Function that compares two objects.";

/// `_functools_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_functools")?;
    rupy::builtins::set_doc(&FUNCTIONS[0], REDUCE_DOC);
    rupy::builtins::set_doc(&FUNCTIONS[1], CMP_TO_KEY_DOC);
    m.add_functions(&FUNCTIONS)?;
    for t in [&PLACEHOLDER_TYPE, &PARTIAL_TYPE, &KEYOBJECT_TYPE, &LRU_LIST_ELEM_TYPE, &LRU_CACHE_TYPE] {
        t.ready()?;
    }
    m.add_object("_PlaceholderType", as_obj(&PLACEHOLDER_TYPE))?;
    m.add_object("Placeholder", &PLACEHOLDER)?;
    m.add_object("partial", as_obj(&PARTIAL_TYPE))?;
    m.add_object("_lru_cache_wrapper", as_obj(&LRU_CACHE_TYPE))?;
    Ok(into_obj(m))
}
