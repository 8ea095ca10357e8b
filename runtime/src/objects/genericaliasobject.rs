//! `types.GenericAlias`, ported from Objects/genericaliasobject.c:
//! `list[int]` and friends (`Py_GenericAlias`, `ga_repr` /
//! `ga_repr_item`, `_Py_make_parameters`, `ga_getattro`'s forwarding to
//! the origin, `ga_call` with `__orig_class__`, `ga_richcompare`,
//! `ga_hash`, `__mro_entries__`), and `__class_getitem__` of the builtin
//! generic types (`type`, `tuple`, `list`, `dict`, `set`, `frozenset`,
//! `enumerate`): [`CLASS_GETITEM_METHOD`] for their method tables, and
//! [`init`] adds it to those that do not have it yet.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::object::{
    self, CompareOp, ObjRef, PyClass, PyObject, as_obj, downcast, into_obj, type_of,
};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, call, exceptions};

/// A parameterized generic (`gaobject`).
#[repr(C)]
pub struct GenericAliasObject {
    ob_base: ObjectHeader,
    origin: ObjRef,
    args: ObjRef,
    parameters: ObjRef,
    starred: bool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for GenericAliasObject {}

impl PyClass for GenericAliasObject {
    fn type_object() -> &'static TypeObject {
        &GENERIC_ALIAS_TYPE
    }
}

impl GenericAliasObject {
    /// `__origin__`.
    pub fn origin(&self) -> &PyObject {
        &self.origin
    }
}

/// Does `v` have attribute `name` (AttributeError means no)?
fn lookup_attr(v: &PyObject, name: &str) -> PyResult<Option<ObjRef>> {
    match object::get_attr_str(v, name) {
        Ok(a) => Ok(Some(a)),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `_Py_make_parameters`: the type variables among `args`, in order,
/// each once (directly, or through an argument's `__parameters__`).
fn make_parameters(args: &TupleObject) -> PyResult<ObjRef> {
    let mut params: Vec<ObjRef> = Vec::new();
    let add = |p: ObjRef, params: &mut Vec<ObjRef>| {
        if !params.iter().any(|q| object::is(q, &p)) {
            params.push(p);
        }
    };
    for a in args.as_slice() {
        if downcast::<TypeObject>(a).is_some() {
            continue;
        }
        if lookup_attr(a, "__typing_subst__")?.is_some() {
            add(a.clone(), &mut params);
            continue;
        }
        if let Some(sub) = lookup_attr(a, "__parameters__")?
            && let Some(t) = downcast::<TupleObject>(&sub)
        {
            for p in t.as_slice() {
                add(p.clone(), &mut params);
            }
        }
    }
    let refs: Vec<&PyObject> = params.iter().map(|p| &**p).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `Py_GenericAlias(origin, args)`.
pub fn new_generic_alias(origin: &PyObject, args: &PyObject) -> PyResult<ObjRef> {
    new_with_type(&GENERIC_ALIAS_TYPE, origin, args, false)
}

fn new_with_type(ty: &TypeObject, origin: &PyObject, args: &PyObject, starred: bool) -> PyResult<ObjRef> {
    let args: ObjRef = if downcast::<TupleObject>(args).is_some() {
        object::new_ref(args)
    } else {
        into_obj(tupleobject::from_slice(&[args])?)
    };
    let parameters = make_parameters(downcast::<TupleObject>(&args).ok_or_else(errors::bad_internal_call)?)?;
    if core::ptr::eq(ty, &GENERIC_ALIAS_TYPE) {
        return object::new_object(GenericAliasObject {
            ob_base: ObjectHeader::new(&GENERIC_ALIAS_TYPE.head),
            origin: object::new_ref(origin),
            args,
            parameters,
            starred,
        })
        .map(into_obj);
    }
    // A subclass (`_CallableGenericAlias`): its size and class reference.
    // SAFETY: only the header is initialized here; the alias fields are
    // written below before the object is used.
    let obj: ObjRef = unsafe { crate::objects::typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    let p = obj.as_ptr().as_ptr().cast::<GenericAliasObject>();
    // SAFETY: the allocation has the class's size, at least the alias
    // layout; each field is written once into zeroed memory.
    unsafe {
        core::ptr::addr_of_mut!((*p).origin).write(object::new_ref(origin));
        core::ptr::addr_of_mut!((*p).args).write(args);
        core::ptr::addr_of_mut!((*p).parameters).write(parameters);
        core::ptr::addr_of_mut!((*p).starred).write(starred);
    }
    Ok(obj)
}

fn ga_of(v: &PyObject) -> PyResult<&GenericAliasObject> {
    downcast::<GenericAliasObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `ga_repr_item`.
fn repr_item(p: &PyObject) -> PyResult<String> {
    if object::is(p, &crate::objects::sliceobject::ELLIPSIS) {
        return Ok("...".to_owned());
    }
    if let Some(l) = downcast::<crate::objects::listobject::ListObject>(p) {
        let items: Vec<String> = l.snapshot().iter().map(|i| repr_item(i)).collect::<PyResult<_>>()?;
        return Ok(format!("[{}]", items.join(", ")));
    }
    if lookup_attr(p, "__origin__")?.is_some() && lookup_attr(p, "__args__")?.is_some() {
        return Ok(object::repr(p)?.to_string_lossy());
    }
    let qualname = lookup_attr(p, "__qualname__")?;
    let module = lookup_attr(p, "__module__")?;
    match (qualname, module) {
        (Some(q), Some(m)) if downcast::<StrObject>(&q).is_some() => {
            let q = object::str_lossy(&q);
            if object::is_none(&m) {
                return Ok(object::repr(p)?.to_string_lossy());
            }
            let m = object::str_lossy(&m);
            if m == "builtins" { Ok(q) } else { Ok(format!("{m}.{q}")) }
        }
        _ => Ok(object::repr(p)?.to_string_lossy()),
    }
}

/// `ga_repr`.
fn ga_repr(v: &PyObject) -> PyResult<ObjRef> {
    let ga = ga_of(v)?;
    let mut s = String::new();
    if ga.starred {
        s.push('*');
    }
    s.push_str(&repr_item(&ga.origin)?);
    s.push('[');
    let args = downcast::<TupleObject>(&ga.args).ok_or_else(errors::bad_internal_call)?;
    if args.is_empty() {
        s.push_str("()");
    }
    for (i, a) in args.as_slice().iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&repr_item(a)?);
    }
    s.push(']');
    unicodeobject::from_string(s).map(into_obj)
}

/// The attributes `ga_getattro` does not forward to the origin.
const ATTR_EXCEPTIONS: [&str; 14] = [
    "__class__",
    "__bases__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
    "__getitem__",
    "__dir__",
];

/// `ga_getattro`: most attributes are the origin's.
fn ga_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    let ga = ga_of(v)?;
    if let Some(s) = downcast::<StrObject>(name) {
        let text = s.to_string_lossy();
        if !ATTR_EXCEPTIONS.contains(&text.as_str()) {
            return object::get_attr(&ga.origin, name);
        }
    }
    object::generic_get_attr(v, name)
}

/// `ga_call`: calls the origin and records `__orig_class__` on the result
/// when it can.
fn ga_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let ga = ga_of(v)?;
    let obj = call::call_tuple_dict(&ga.origin, args, kwds)?;
    let name = unicodeobject::intern_str("__orig_class__")?;
    if let Err(e) = object::set_attr(&obj, &name, Some(v)) {
        if errors::exception_matches(exceptions::attribute_error())
            || errors::exception_matches(exceptions::type_error())
        {
            drop(e);
            errors::clear();
        } else {
            return Err(e);
        }
    }
    Ok(obj)
}

/// `ga_richcompare`: equal when origin and args are.
fn ga_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<GenericAliasObject>(v), downcast::<GenericAliasObject>(w)) else {
        return Ok(object::not_implemented());
    };
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(object::not_implemented());
    }
    let eq = a.starred == b.starred
        && object::rich_compare_bool(&a.origin, &b.origin, CompareOp::Eq)?
        && object::rich_compare_bool(&a.args, &b.args, CompareOp::Eq)?;
    Ok(boolobject::from_bool(if op == CompareOp::Eq { eq } else { !eq }))
}

/// `ga_hash`.
fn ga_hash(v: &PyObject) -> PyResult<isize> {
    let ga = ga_of(v)?;
    Ok(object::hash(&ga.origin)? ^ object::hash(&ga.args)?)
}

fn get_origin(v: &PyObject) -> PyResult<ObjRef> {
    Ok(ga_of(v)?.origin.clone())
}

fn get_args(v: &PyObject) -> PyResult<ObjRef> {
    Ok(ga_of(v)?.args.clone())
}

fn get_parameters(v: &PyObject) -> PyResult<ObjRef> {
    Ok(ga_of(v)?.parameters.clone())
}

fn get_unpacked(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(ga_of(v)?.starred))
}

/// `ga_mro_entries`: a class statement uses the origin as the base.
fn ga_mro_entries(v: &PyObject, _bases: &PyObject) -> PyResult<ObjRef> {
    let ga = ga_of(v)?;
    tupleobject::from_slice(&[&ga.origin]).map(into_obj)
}

/// `ga_instancecheck` / `ga_subclasscheck`.
fn ga_instancecheck(_v: &PyObject, _o: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(
        exceptions::type_error(),
        "isinstance() argument 2 cannot be a parameterized generic",
    ))
}

fn ga_subclasscheck(_v: &PyObject, _o: &PyObject) -> PyResult<ObjRef> {
    Err(errors::set_string(
        exceptions::type_error(),
        "issubclass() argument 2 cannot be a parameterized generic",
    ))
}

/// `ga_new`: `GenericAlias(origin, args)`.
fn ga_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(
            exceptions::type_error(),
            "GenericAlias() takes no keyword arguments",
        ));
    }
    match args.as_slice() {
        [origin, a] => new_with_type(ty, origin, a, false),
        other => Err(errors::set_string(
            exceptions::type_error(),
            &format!("GenericAlias expected 2 arguments, got {}", other.len()),
        )),
    }
}

static GA_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "__mro_entries__", ml_meth: MethodFn::O(ga_mro_entries), ml_doc: None },
    MethodDef { ml_name: "__instancecheck__", ml_meth: MethodFn::O(ga_instancecheck), ml_doc: None },
    MethodDef { ml_name: "__subclasscheck__", ml_meth: MethodFn::O(ga_subclasscheck), ml_doc: None },
];

static GA_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "__origin__", get: get_origin, set: None, doc: None },
    GetSetDef { name: "__args__", get: get_args, set: None, doc: None },
    GetSetDef { name: "__parameters__", get: get_parameters, set: None, doc: Some("Type variables in the GenericAlias.") },
    GetSetDef { name: "__unpacked__", get: get_unpacked, set: None, doc: None },
];

/// `types.GenericAlias` (`Py_GenericAliasType`).
pub static GENERIC_ALIAS_TYPE: TypeObject = TypeObject::new_static(
    "types.GenericAlias",
    size_of::<GenericAliasObject>(),
    object::dealloc_simple::<GenericAliasObject>,
    TypeSlots {
        tp_repr: Some(ga_repr),
        tp_hash: Some(ga_hash),
        tp_call: Some(ga_call),
        tp_getattro: Some(ga_getattro),
        tp_richcompare: Some(ga_richcompare),
        tp_new: Some(ga_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(crate::objects::typeobject::flags::BASETYPE)
.with_methods(&GA_METHODS)
.with_getset(&GA_GETSET);

/// `__class_getitem__` of the builtin generic types, as the classmethod
/// `Py_GenericAlias(cls, item)`.
fn class_getitem(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    match args {
        [cls, item] => new_generic_alias(cls, item),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("__class_getitem__ expected 1 argument, got {}", args.len().saturating_sub(1)),
        )),
    }
}

/// `__class_getitem__` bound to the class (`METH_O | METH_CLASS`).
fn class_getitem_method(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args {
        [item] => new_generic_alias(cls, item),
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("__class_getitem__() takes exactly one argument ({} given)", args.len()),
        )),
    }
}

/// The `__class_getitem__` entry of a builtin generic type's methods
/// (`{"__class_getitem__", Py_GenericAlias, METH_O|METH_CLASS}`).
pub const CLASS_GETITEM_METHOD: MethodDef = MethodDef {
    ml_name: "__class_getitem__",
    ml_meth: MethodFn::Class(class_getitem_method),
    ml_doc: Some("See PEP 585"),
};

static CLASS_GETITEM: BuiltinDef = BuiltinDef { name: "__class_getitem__", func: class_getitem };

/// Readies the type and gives the builtin generic types their
/// `__class_getitem__`.
pub fn init() -> PyResult<()> {
    GENERIC_ALIAS_TYPE.ready()?;
    let func = crate::builtins::new_builtin_function(&CLASS_GETITEM)?;
    let cm = object::call(as_obj(&crate::objects::descrobject::CLASSMETHOD_TYPE), &[&func])?;
    cm.header().set_immortal();
    let key = unicodeobject::intern_str("__class_getitem__")?;
    let types: [&TypeObject; 7] = [
        &crate::objects::typeobject::TYPE_TYPE,
        &tupleobject::TUPLE_TYPE,
        &crate::objects::listobject::LIST_TYPE,
        &crate::objects::dictobject::DICT_TYPE,
        &crate::objects::setobject::SET_TYPE,
        &crate::objects::setobject::FROZENSET_TYPE,
        &crate::objects::enumobject::ENUMERATE_TYPE,
    ];
    for t in types {
        t.ready()?;
        if let Some(d) = t.tp_dict.get()
            && let Some(d) = downcast::<DictObject>(&d)
            && d.get_item(&key)?.is_none()
        {
            d.set_item(&key, &cm)?;
        }
    }
    let _ = type_of;
    Ok(())
}
