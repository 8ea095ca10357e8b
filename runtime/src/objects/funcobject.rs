//! Function objects, ported from Objects/funcobject.c
//! (`PyFunctionObject`, `PyFunction_New` / `_PyFunction_FromConstructor`,
//! `func_repr`, the `__name__` / `__qualname__` / `__code__` /
//! `__defaults__` / `__kwdefaults__` / `__globals__` / `__closure__` /
//! `__doc__` / `__module__` accessors). Calling one runs its code in the
//! eval loop (`_PyFunction_Vectorcall` -> `crate::vm`).

use core::mem::offset_of;

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::compile::code::{CO_HAS_DOCSTRING, CO_NESTED};
use crate::errors::{self, PyResult};
use crate::objects::codeobject::CodeObject;
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::slotdefs::StaticName;
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject::{self, StrObject};

/// A Python function (`PyFunctionObject`).
#[repr(C)]
pub struct FunctionObject {
    ob_base: ObjectHeader,
    /// `func_globals`.
    pub globals: PyRef<DictObject>,
    /// `func_builtins`.
    pub builtins: PyRef<DictObject>,
    /// `func_name`.
    name: ObjSlot,
    /// `func_qualname`.
    qualname: ObjSlot,
    /// `func_code` (a code object; replaceable through `__code__`).
    code: ObjSlot,
    /// `func_defaults`: a tuple, or empty.
    defaults: ObjSlot,
    /// `func_kwdefaults`: a dict, or empty.
    kwdefaults: ObjSlot,
    /// `func_closure`: a tuple of cells, or empty.
    closure: ObjSlot,
    /// `func_doc`.
    doc: ObjSlot,
    /// `func_dict`.
    dict: ObjSlot,
    /// `func_module`.
    module: ObjSlot,
    /// `func_annotations`.
    annotations: ObjSlot,
    /// `func_annotate`.
    annotate: ObjSlot,
    /// `func_typeparams`.
    typeparams: ObjSlot,
    /// `func_weakreflist`: the head of the weak references (a plain
    /// pointer).
    weakreflist: core::sync::atomic::AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for FunctionObject {}

impl PyClass for FunctionObject {
    fn type_object() -> &'static TypeObject {
        &FUNCTION_TYPE
    }
}

/// Which attribute `SET_FUNCTION_ATTRIBUTE` sets (`MAKE_FUNCTION_*` flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuncAttr {
    /// `MAKE_FUNCTION_DEFAULTS` (0x01).
    Defaults,
    /// `MAKE_FUNCTION_KWDEFAULTS` (0x02).
    KwDefaults,
    /// `MAKE_FUNCTION_ANNOTATIONS` (0x04).
    Annotations,
    /// `MAKE_FUNCTION_CLOSURE` (0x08).
    Closure,
    /// `MAKE_FUNCTION_ANNOTATE` (0x10).
    Annotate,
}

impl FuncAttr {
    /// The attribute of a `SET_FUNCTION_ATTRIBUTE` oparg.
    pub fn from_oparg(oparg: u32) -> Option<FuncAttr> {
        Some(match oparg {
            0x01 => FuncAttr::Defaults,
            0x02 => FuncAttr::KwDefaults,
            0x04 => FuncAttr::Annotations,
            0x08 => FuncAttr::Closure,
            0x10 => FuncAttr::Annotate,
            _ => return None,
        })
    }
}

impl FunctionObject {
    /// The function's code (`func_code`), a new reference: `__code__` can
    /// be replaced while others run it.
    pub fn code(&self) -> PyRef<CodeObject> {
        let c = self.code.get().expect("a function always has code");
        object::downcast_ref::<CodeObject>(c).unwrap_or_else(|_| unreachable!("func_code holds a code object"))
    }

    /// `PyFunction_New` with the builtins already resolved: name and
    /// qualname from the code, the docstring from `co_consts[0]` when the
    /// code has one, `__module__` from the globals' `__name__`.
    pub fn new(
        code: PyRef<CodeObject>,
        globals: PyRef<DictObject>,
        builtins: PyRef<DictObject>,
    ) -> PyResult<PyRef<FunctionObject>> {
        let doc = if code.flags & CO_HAS_DOCSTRING != 0 {
            code.consts.first().cloned()
        } else {
            None
        };
        static NAME: StaticName = StaticName::new("__name__");
        let module = globals.get_item(NAME.get()?)?;
        let nested = code.flags & CO_NESTED != 0;
        let f = FunctionObject {
            ob_base: ObjectHeader::new(&FUNCTION_TYPE.head),
            globals,
            builtins,
            name: ObjSlot::new(Some(code.name.clone())),
            qualname: ObjSlot::new(Some(code.qualname.clone())),
            code: ObjSlot::new(Some(into_obj(code))),
            defaults: ObjSlot::empty(),
            kwdefaults: ObjSlot::empty(),
            closure: ObjSlot::empty(),
            doc: ObjSlot::new(Some(doc.unwrap_or_else(object::none))),
            dict: ObjSlot::empty(),
            module: ObjSlot::new(module),
            annotations: ObjSlot::empty(),
            annotate: ObjSlot::empty(),
            typeparams: ObjSlot::empty(),
            weakreflist: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
        };
        let f = object::new_object(f)?;
        // Module-level functions are shared widely (every call site loads
        // them): deferred reference counting once another thread uses
        // them (3.14t defers functions that are not nested at once).
        if !nested {
            f.header().set_defer_on_share();
        }
        Ok(f)
    }

    /// `SET_FUNCTION_ATTRIBUTE`.
    pub fn set_attribute(&self, which: FuncAttr, value: ObjRef) {
        let slot = match which {
            FuncAttr::Defaults => &self.defaults,
            FuncAttr::KwDefaults => &self.kwdefaults,
            FuncAttr::Annotations => &self.annotations,
            FuncAttr::Closure => &self.closure,
            FuncAttr::Annotate => &self.annotate,
        };
        slot.set(Some(value));
    }

    /// `__defaults__`, if a tuple is set.
    pub fn defaults(&self) -> Option<PyRef<TupleObject>> {
        self.defaults
            .get()
            .and_then(|d| object::downcast_ref::<TupleObject>(d).ok())
    }

    /// `__kwdefaults__`, if a dict is set.
    pub fn kwdefaults(&self) -> Option<PyRef<DictObject>> {
        self.kwdefaults
            .get()
            .and_then(|d| object::downcast_ref::<DictObject>(d).ok())
    }

    /// `__closure__`, if set.
    pub fn closure(&self) -> Option<PyRef<TupleObject>> {
        self.closure
            .get()
            .and_then(|d| object::downcast_ref::<TupleObject>(d).ok())
    }

    /// `__name__`.
    pub fn name(&self) -> ObjRef {
        self.name.get().unwrap_or_else(object::none)
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> ObjRef {
        self.qualname.get().unwrap_or_else(object::none)
    }

    /// `__qualname__` as text, for messages.
    pub fn qualname_str(&self) -> String {
        self.qualname
            .get()
            .map_or_else(String::new, |q| object::str_lossy(&q))
    }
}

/// `func_repr`: `<function qualname at 0x...>`.
fn func_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(f) = downcast::<FunctionObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    unicodeobject::from_string(format!("<function {} at {v:p}>", f.qualname_str())).map(into_obj)
}

/// `tp_call`: runs the function in the eval loop.
fn func_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(f) = downcast::<FunctionObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    crate::vm::call_function_tuple(f, args, kwds)
}

/// `func_descr_get`: through an instance, a bound method.
fn func_descr_get(
    f: &PyObject,
    obj: Option<&PyObject>,
    _ty: Option<&PyObject>,
) -> PyResult<ObjRef> {
    match obj {
        None => Ok(object::new_ref(f)),
        Some(o) => crate::objects::classobject::new_method(f, o),
    }
}

/// `func_new_impl`: `function(code, globals, name=None, argdefs=None,
/// closure=None, kwdefaults=None)`.
fn func_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    const NAMES: [&str; 6] = ["code", "globals", "name", "argdefs", "closure", "kwdefaults"];
    let mut a: [Option<ObjRef>; 6] = Default::default();
    if args.len() > 6 {
        return Err(errors::set_string(exceptions::type_error(), &format!("function() takes at most 6 arguments ({} given)", args.len())));
    }
    for (i, v) in args.as_slice().iter().enumerate() {
        a[i] = Some(v.clone());
    }
    for (k, v) in kwds.map(DictObject::items).unwrap_or_default() {
        let key = object::str_lossy(&k);
        let Some(i) = NAMES.iter().position(|n| *n == key) else {
            return Err(errors::set_string(exceptions::type_error(), &format!("function() got an unexpected keyword argument '{key}'")));
        };
        a[i] = Some(v);
    }
    let type_err = |m: String| errors::set_string(exceptions::type_error(), &m);
    let Some(code) = a[0].clone().and_then(|c| object::downcast_ref::<CodeObject>(c).ok()) else {
        return Err(type_err("function() argument 'code' must be code, not missing".into()));
    };
    let Some(globals) = a[1].clone().and_then(|g| object::downcast_ref::<DictObject>(g).ok()) else {
        return Err(type_err("function() argument 'globals' must be dict".into()));
    };
    let opt = |i: usize| a[i].clone().filter(|v| !object::is_none(v));
    let builtins = match globals.get_item(&*unicodeobject::intern_str("__builtins__")?)? {
        Some(b) => match object::downcast_ref::<DictObject>(b.clone()) {
            Ok(d) => d,
            Err(b) => match object::downcast::<crate::objects::moduleobject::ModuleObject>(&b) {
                Some(m) => m.dict()?,
                None => crate::builtins::builtins_dict()?,
            },
        },
        None => crate::builtins::builtins_dict()?,
    };
    let nfree = code.nfreevars;
    let closure = opt(4);
    let nclosure = closure.as_ref().and_then(|c| object::downcast::<TupleObject>(c).map(TupleObject::len));
    if closure.is_some() && nclosure.is_none() {
        return Err(type_err("arg 5 (closure) must be tuple".into()));
    }
    if nclosure.unwrap_or(0) != nfree {
        let name = code.name_str();
        return Err(errors::set_string(
            exceptions::value_error(),
            &format!("{name} requires closure of length {nfree}, not {}", nclosure.unwrap_or(0)),
        ));
    }
    let f = FunctionObject::new(code, globals, builtins)?;
    if let Some(n) = opt(2) {
        set_str_slot(&f.name, Some(&n), "__name__")?;
    }
    if let Some(d) = opt(3) {
        if object::downcast::<TupleObject>(&d).is_none() {
            return Err(type_err("arg 4 (defaults) must be None or tuple".into()));
        }
        f.defaults.set(Some(d));
    }
    if let Some(c) = closure {
        f.closure.set(Some(c));
    }
    if let Some(k) = opt(5) {
        if object::downcast::<DictObject>(&k).is_none() {
            return Err(type_err("arg 6 (kwdefaults) must be None or dict".into()));
        }
        f.kwdefaults.set(Some(k));
    }
    Ok(into_obj(f))
}

fn func_of(v: &PyObject) -> PyResult<&FunctionObject> {
    downcast::<FunctionObject>(v).ok_or_else(errors::bad_internal_call)
}

fn slot_or_none(s: &ObjSlot) -> ObjRef {
    s.get().unwrap_or_else(object::none)
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.name))
}

/// `func_set_name` / `func_set_qualname`: a `str` only.
fn set_str_slot(slot: &ObjSlot, value: Option<&PyObject>, what: &str) -> PyResult<()> {
    match value {
        Some(s) if downcast::<StrObject>(s).is_some() => {
            slot.set(Some(object::new_ref(s)));
            Ok(())
        }
        _ => Err(errors::set_string(
            exceptions::type_error(),
            &format!("{what} must be set to a string object"),
        )),
    }
}

fn set_name(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_str_slot(&func_of(v)?.name, value, "__name__")
}

fn get_qualname(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.qualname))
}

fn set_qualname(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    set_str_slot(&func_of(v)?.qualname, value, "__qualname__")
}

fn get_code(v: &PyObject) -> PyResult<ObjRef> {
    Ok(into_obj(func_of(v)?.code()))
}

/// `func_set_code`: a code object with as many free variables as the
/// function has closure cells.
fn set_code(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = func_of(v)?;
    let Some(code) = value.and_then(|c| object::downcast::<CodeObject>(c)) else {
        return Err(errors::set_string(exceptions::type_error(), "__code__ must be set to a code object"));
    };
    let nfree = code.nfreevars;
    let nclosure = f.closure.get().and_then(|c| object::downcast::<crate::objects::tupleobject::TupleObject>(&c).map(|t| t.len())).unwrap_or(0);
    if nclosure != nfree {
        let name = object::str_lossy(&*get_name(v)?);
        return Err(errors::set_string(
            exceptions::value_error(),
            &format!("{name}() requires a code object with {nclosure} free vars, not {nfree}"),
        ));
    }
    f.code.set(Some(object::new_ref(object::as_obj(code))));
    Ok(())
}

fn get_defaults(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.defaults))
}

/// `func_set_defaults`: a tuple or `None`.
fn set_defaults(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = func_of(v)?;
    match value {
        None => f.defaults.set(None),
        Some(d) if object::is_none(d) => f.defaults.set(None),
        Some(d) if downcast::<TupleObject>(d).is_some() => f.defaults.set(Some(object::new_ref(d))),
        Some(_) => {
            return Err(errors::set_string(
                exceptions::type_error(),
                "__defaults__ must be set to a tuple object",
            ));
        }
    }
    Ok(())
}

fn get_kwdefaults(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.kwdefaults))
}

/// `func_set_kwdefaults`: a dict or `None`.
fn set_kwdefaults(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = func_of(v)?;
    match value {
        None => f.kwdefaults.set(None),
        Some(d) if object::is_none(d) => f.kwdefaults.set(None),
        Some(d) if downcast::<DictObject>(d).is_some() => {
            f.kwdefaults.set(Some(object::new_ref(d)))
        }
        Some(_) => {
            return Err(errors::set_string(
                exceptions::type_error(),
                "__kwdefaults__ must be set to a dict object",
            ));
        }
    }
    Ok(())
}

fn get_globals(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(&*func_of(v)?.globals))
}

fn get_closure(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.closure))
}

fn get_doc(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.doc))
}

fn set_doc(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    func_of(v)?
        .doc
        .set(Some(value.map_or_else(object::none, object::new_ref)));
    Ok(())
}

fn get_module(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.module))
}

fn set_module(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    func_of(v)?.module.set(value.map(object::new_ref));
    Ok(())
}

static FUNC_GETSET: [GetSetDef; 11] = [
    GetSetDef {
        name: "__dict__",
        get: get_dict,
        set: Some(set_dict),
        doc: None,
    },
    GetSetDef {
        name: "__annotations__",
        get: get_annotations,
        set: Some(set_annotations),
        doc: None,
    },
    GetSetDef {
        name: "__annotate__",
        get: get_annotate,
        set: Some(set_annotate),
        doc: None,
    },
    GetSetDef {
        name: "__type_params__",
        get: get_type_params,
        set: Some(set_type_params),
        doc: None,
    },
    GetSetDef {
        name: "__name__",
        get: get_name,
        set: Some(set_name),
        doc: None,
    },
    GetSetDef {
        name: "__qualname__",
        get: get_qualname,
        set: Some(set_qualname),
        doc: None,
    },
    GetSetDef {
        name: "__code__",
        get: get_code,
        set: Some(set_code),
        doc: None,
    },
    GetSetDef {
        name: "__defaults__",
        get: get_defaults,
        set: Some(set_defaults),
        doc: None,
    },
    GetSetDef {
        name: "__kwdefaults__",
        get: get_kwdefaults,
        set: Some(set_kwdefaults),
        doc: None,
    },
    GetSetDef {
        name: "__doc__",
        get: get_doc,
        set: Some(set_doc),
        doc: None,
    },
    GetSetDef {
        name: "__module__",
        get: get_module,
        set: Some(set_module),
        doc: None,
    },
];

/// `func_memberlist`: the read-only members.
static FUNC_MEMBERS: [GetSetDef; 3] = [
    GetSetDef { name: "__closure__", get: get_closure, set: None, doc: None },
    GetSetDef { name: "__globals__", get: get_globals, set: None, doc: None },
    GetSetDef { name: "__builtins__", get: get_builtins, set: None, doc: None },
];

/// `func_get_dict` (`PyObject_GenericGetDict`).
fn get_dict(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::instance_dict(v)?.unwrap_or_else(object::none))
}

/// `func_set_dict` (`PyObject_GenericSetDict`): a dict only.
fn set_dict(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = func_of(v)?;
    match value {
        None => Err(errors::set_string(
            exceptions::type_error(),
            "cannot delete __dict__",
        )),
        Some(d) if downcast::<DictObject>(d).is_some() => {
            f.dict.replace_delayed(Some(object::new_ref(d)));
            Ok(())
        }
        Some(d) => Err(errors::set_string(
            exceptions::type_error(),
            &format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                object::type_of(d).name()
            ),
        )),
    }
}

/// A tuple of `(name, value)` pairs, as `from __future__ import
/// annotations` compiles them, turned into a dict.
fn annotations_from_pairs(t: &TupleObject) -> PyResult<ObjRef> {
    let d = DictObject::new()?;
    for pair in t.as_slice().chunks(2) {
        if let [k, v] = pair {
            d.set_item(k, v)?;
        }
    }
    Ok(into_obj(d))
}

impl FunctionObject {
    /// `func_get_annotation_dict` (3.14, PEP 649): the cached dict, else
    /// `__annotate__(1)` (VALUE format), cached; `{}` without either.
    pub fn annotations(&self) -> PyResult<ObjRef> {
        if let Some(a) = self.annotations.get() {
            if let Some(t) = downcast::<TupleObject>(&a) {
                let d = annotations_from_pairs(t)?;
                self.annotations.set(Some(d.clone()));
                return Ok(d);
            }
            return Ok(a);
        }
        let d = match self.annotate.get().filter(|a| !object::is_none(a)) {
            Some(annotate) => {
                let one = crate::objects::longobject::from_i64(1)?;
                let d = object::call(&annotate, &[&one])?;
                if downcast::<DictObject>(&d).is_none() {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!(
                            "__annotate__ returned non-dict of type '{}'",
                            object::type_of(&d).name()
                        ),
                    ));
                }
                d
            }
            None => into_obj(DictObject::new()?),
        };
        self.annotations.set(Some(d.clone()));
        Ok(d)
    }
}

fn get_annotations(v: &PyObject) -> PyResult<ObjRef> {
    func_of(v)?.annotations()
}

/// `func_set_annotations`: a dict or None; drops `__annotate__`.
fn set_annotations(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = func_of(v)?;
    match value {
        None => f.annotations.set(None),
        Some(d) if object::is_none(d) => f.annotations.set(None),
        Some(d) if downcast::<DictObject>(d).is_some() => f.annotations.set(Some(object::new_ref(d))),
        Some(_) => {
            return Err(errors::set_string(
                exceptions::type_error(),
                "__annotations__ must be set to a dict object",
            ));
        }
    }
    f.annotate.set(None);
    Ok(())
}

fn get_annotate(v: &PyObject) -> PyResult<ObjRef> {
    Ok(slot_or_none(&func_of(v)?.annotate))
}

/// `func_set_annotate`: a callable or None; a callable drops the cached
/// annotations.
fn set_annotate(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let f = func_of(v)?;
    match value {
        None => Err(errors::set_string(
            exceptions::type_error(),
            "__annotate__ cannot be deleted",
        )),
        Some(a) if object::is_none(a) => {
            f.annotate.set(None);
            Ok(())
        }
        Some(a) if object::type_of(a).slots.tp_call.get().is_some() => {
            f.annotate.set(Some(object::new_ref(a)));
            f.annotations.set(None);
            Ok(())
        }
        Some(_) => Err(errors::set_string(
            exceptions::type_error(),
            "__annotate__ must be callable or None",
        )),
    }
}

fn get_type_params(v: &PyObject) -> PyResult<ObjRef> {
    match func_of(v)?.typeparams.get() {
        Some(t) => Ok(t),
        None => crate::objects::tupleobject::from_slice(&[]).map(into_obj),
    }
}

/// `func_set_type_params`: a tuple only.
fn set_type_params(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    match value {
        Some(t) if downcast::<TupleObject>(t).is_some() => {
            func_of(v)?.typeparams.set(Some(object::new_ref(t)));
            Ok(())
        }
        _ => Err(errors::set_string(
            exceptions::type_error(),
            "__type_params__ must be set to a tuple",
        )),
    }
}

impl FunctionObject {
    /// `_Py_set_function_type_params` (INTRINSIC_SET_FUNCTION_TYPE_PARAMS).
    pub fn set_type_params(&self, params: ObjRef) {
        self.typeparams.set(Some(params));
    }
}

fn get_builtins(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(&*func_of(v)?.builtins))
}

/// `function` (`PyFunction_Type`).
impl FunctionObject {
    /// The slots `func_traverse` visits and `func_clear` empties.
    fn slots(&self) -> [&ObjSlot; 12] {
        [
            &self.name,
            &self.qualname,
            &self.code,
            &self.defaults,
            &self.kwdefaults,
            &self.closure,
            &self.doc,
            &self.dict,
            &self.module,
            &self.annotations,
            &self.annotate,
            &self.typeparams,
        ]
    }
}

/// `func_traverse`.
fn func_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Some(f) = object::downcast::<FunctionObject>(v) else { return };
    visit(object::as_obj(&*f.globals));
    visit(object::as_obj(&*f.builtins));
    for s in f.slots() {
        s.visit(visit);
    }
}

/// `func_clear` (the globals and builtins stay: they are not optional
/// here, and a dict in the cycle is cleared itself).
fn func_clear(v: &PyObject) {
    if let Some(f) = object::downcast::<FunctionObject>(v) {
        for s in f.slots() {
            s.set(None);
        }
    }
}

pub static FUNCTION_TYPE: TypeObject = TypeObject::new_static(
    "function",
    size_of::<FunctionObject>(),
    object::dealloc_weakrefable::<FunctionObject>,
    TypeSlots {
        tp_repr: Some(func_repr),
        tp_new: Some(func_new),
        tp_traverse: Some(func_traverse),
        tp_clear: Some(func_clear),
        tp_call: Some(func_call),
        tp_descr_get: Some(func_descr_get),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        ..TypeSlots::EMPTY
    },
)
.with_weaklistoffset(core::mem::offset_of!(FunctionObject, weakreflist))
.with_flags(flags::METHOD_DESCRIPTOR | flags::HAVE_GC)
.with_getset(&FUNC_GETSET)
.with_members(&FUNC_MEMBERS)
.with_dictoffset(offset_of!(FunctionObject, dict));

/// Is `op` exactly a Python function?
#[inline]
pub fn as_function(op: &PyObject) -> Option<&FunctionObject> {
    if object::is_type(op, &FUNCTION_TYPE) {
        // SAFETY: exact type checked; FUNCTION_TYPE instances have this layout.
        Some(unsafe { &*core::ptr::from_ref(op).cast::<FunctionObject>() })
    } else {
        None
    }
}

// ---------------------------------------------------------------------
// The PEP 649 descriptors of classes (Objects/typeobject.c 3.14:
// `type_get_annotate`, `type_set_annotate`, `type_get_annotations`,
// `type_set_annotations`). A class body stores its annotate function as
// `__annotate_func__`; the evaluated dict is cached in
// `__annotations_cache__`.

fn heap_type_dict(v: &PyObject, attr: &str) -> PyResult<PyRef<DictObject>> {
    let Some(t) = downcast::<TypeObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    if !t.has_feature(flags::HEAPTYPE) {
        return Err(errors::set_string(
            exceptions::attribute_error(),
            &format!("type object '{}' has no attribute '{attr}'", t.name()),
        ));
    }
    t.tp_dict
        .get()
        .and_then(|d| object::downcast_ref::<DictObject>(d).ok())
        .ok_or_else(errors::bad_internal_call)
}

/// Binds a value found in a class dict as a descriptor would be.
fn bind_class_value(v: &PyObject, value: ObjRef) -> PyResult<ObjRef> {
    match object::type_of(&value).slots.tp_descr_get.get() {
        Some(get) => get(&value, None, Some(v)),
        None => Ok(value),
    }
}

/// `type.__annotate__`.
pub fn type_get_annotate(v: &PyObject) -> PyResult<ObjRef> {
    let d = heap_type_dict(v, "__annotate__")?;
    if let Some(a) = d.get_item(&*unicodeobject::intern_str("__annotate__")?)? {
        return bind_class_value(v, a);
    }
    let key = unicodeobject::intern_str("__annotate_func__")?;
    match d.get_item(&key)? {
        Some(a) => Ok(a),
        None => {
            object::set_attr(v, &key, Some(&object::NONE))?;
            Ok(object::none())
        }
    }
}

/// `type.__annotate__ = f`: a callable or None.
pub fn type_set_annotate(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(value) = value else {
        return Err(errors::set_string(
            exceptions::type_error(),
            "cannot delete __annotate__ attribute",
        ));
    };
    heap_type_dict(v, "__annotate__")?;
    if !object::is_none(value) && object::type_of(value).slots.tp_call.get().is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            "__annotate__ must be callable or None",
        ));
    }
    object::set_attr(v, &*unicodeobject::intern_str("__annotate_func__")?, Some(value))?;
    if !object::is_none(value) {
        let cache = unicodeobject::intern_str("__annotations_cache__")?;
        let d = heap_type_dict(v, "__annotate__")?;
        if d.get_item(&cache)?.is_some() {
            object::set_attr(v, &cache, None)?;
        }
    }
    Ok(())
}

/// `type.__annotations__`: an explicit `__annotations__` in the class
/// dict, else the cache, else `__annotate__(1)` (cached), else `{}`.
pub fn type_get_annotations(v: &PyObject) -> PyResult<ObjRef> {
    let d = heap_type_dict(v, "__annotations__")?;
    if let Some(a) = d.get_item(&*unicodeobject::intern_str("__annotations__")?)? {
        return bind_class_value(v, a);
    }
    let cache = unicodeobject::intern_str("__annotations_cache__")?;
    if let Some(a) = d.get_item(&cache)? {
        return Ok(a);
    }
    let annotate = type_get_annotate(v)?;
    let annotations = if object::type_of(&annotate).slots.tp_call.get().is_some() {
        let one = crate::objects::longobject::from_i64(1)?;
        let a = object::call(&annotate, &[&one])?;
        if downcast::<DictObject>(&a).is_none() {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!(
                    "__annotate__ returned non-dict of type '{}'",
                    object::type_of(&a).name()
                ),
            ));
        }
        a
    } else {
        into_obj(DictObject::new()?)
    };
    object::set_attr(v, &cache, Some(&annotations))?;
    Ok(annotations)
}

/// `type.__annotations__ = d` / `del type.__annotations__`.
pub fn type_set_annotations(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(t) = downcast::<TypeObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    if !t.has_feature(flags::HEAPTYPE) || t.has_feature(flags::IMMUTABLETYPE) {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("cannot set '__annotations__' attribute of immutable type '{}'", t.name()),
        ));
    }
    let d = heap_type_dict(v, "__annotations__")?;
    let key = unicodeobject::intern_str("__annotations__")?;
    let cache = unicodeobject::intern_str("__annotations_cache__")?;
    match value {
        Some(val) => {
            object::set_attr(v, &cache, Some(val))?;
            object::set_attr(v, &*unicodeobject::intern_str("__annotate_func__")?, Some(&object::NONE))?;
            // The dict entry, not the `type.__annotations__` descriptor
            // (which is what deleting the attribute would call).
            crate::objects::typeobject::heaptype::type_dict_pop(t, &key)?;
        }
        None => {
            let had_cache = d.get_item(&cache)?.is_some();
            let had_key = d.get_item(&key)?.is_some();
            if !had_cache && !had_key {
                return Err(errors::set_string(exceptions::attribute_error(), "__annotations__"));
            }
            if had_cache {
                object::set_attr(v, &cache, None)?;
            }
            if had_key {
                crate::objects::typeobject::heaptype::type_dict_pop(t, &key)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// `module.__annotations__` (Objects/moduleobject.c 3.14:
// `module_get_annotations`, `module_set_annotations`).

fn module_dict(v: &PyObject) -> PyResult<PyRef<DictObject>> {
    let d = object::get_attr_str(v, "__dict__")?;
    object::downcast_ref::<DictObject>(d).map_err(|_| {
        errors::set_string(exceptions::type_error(), "<module>.__dict__ is not a dictionary")
    })
}

/// `module.__annotations__`: the dict's, else `__annotate__(1)` stored
/// back into the dict, else `{}`.
pub fn module_get_annotations(v: &PyObject) -> PyResult<ObjRef> {
    let d = module_dict(v)?;
    let key = unicodeobject::intern_str("__annotations__")?;
    if let Some(a) = d.get_item(&key)? {
        return Ok(a);
    }
    let annotate = d.get_item(&*unicodeobject::intern_str("__annotate__")?)?;
    let annotations = match annotate.filter(|a| object::type_of(a).slots.tp_call.get().is_some()) {
        Some(f) => {
            let one = crate::objects::longobject::from_i64(1)?;
            let a = object::call(&f, &[&one])?;
            if downcast::<DictObject>(&a).is_none() {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!(
                        "__annotate__ returned non-dict of type '{}'",
                        object::type_of(&a).name()
                    ),
                ));
            }
            a
        }
        None => into_obj(DictObject::new()?),
    };
    d.set_item(&key, &annotations)?;
    Ok(annotations)
}

/// `module.__annotations__ = d` / `del module.__annotations__`.
pub fn module_set_annotations(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let d = module_dict(v)?;
    let key = unicodeobject::intern_str("__annotations__")?;
    match value {
        Some(val) => d.set_item(&key, val)?,
        None => {
            if d.pop_item(&key)?.is_none() {
                return Err(errors::set_string(exceptions::attribute_error(), "__annotations__"));
            }
        }
    }
    // Explicit annotations replace the lazily computed ones.
    d.set_item(&*unicodeobject::intern_str("__annotate__")?, &object::NONE)
}
