//! Builtin functions and methods, ported from Objects/methodobject.c
//! (`PyCFunctionObject`, `PyCFunction_NewEx`, `PyCMethod_New`,
//! `cfunction_call`, `meth_repr`, `meth_reduce`, `meth_hash`,
//! `meth_richcompare`, `meth_dealloc`, `meth_traverse`): one type,
//! `builtin_function_or_method`, for a module's functions (`__self__` is
//! the module) and for the methods of builtin types bound to an object
//! or, for class methods and `__new__`, to a class.

use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::boolobject;
use crate::objects::descrobject::{self, GetSetDef, MethodDef};
use crate::objects::dictobject::DictObject;
use crate::objects::moduleobject;
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject;

/// `m_ml`: the function table entry. rupy's tables come in two calling
/// conventions; CPython tells them apart by `ml_flags`.
#[derive(Clone, Copy)]
pub enum MethodEntry {
    /// A module function (`METH_FASTCALL | METH_KEYWORDS` with keyword
    /// names, `self` not passed).
    Module(&'static BuiltinDef),
    /// A method of a builtin type, called with `m_self`.
    Method(&'static MethodDef),
}

impl MethodEntry {
    /// `ml_name`.
    pub fn name(self) -> &'static str {
        match self {
            MethodEntry::Module(d) => d.name,
            MethodEntry::Method(d) => d.ml_name,
        }
    }

    /// `ml_doc` (an internal docstring: maybe a signature line first).
    fn doc(self) -> Option<&'static str> {
        match self {
            MethodEntry::Module(d) => crate::builtins::doc_of(d),
            MethodEntry::Method(d) => d.ml_doc,
        }
    }

    /// The identity of `ml_meth`, for hashing and comparison.
    fn addr(self) -> usize {
        match self {
            MethodEntry::Module(d) => d.func as usize,
            MethodEntry::Method(d) => core::ptr::from_ref(d) as usize,
        }
    }
}

/// A builtin function or method (`PyCFunctionObject`).
#[repr(C)]
pub struct CFunctionObject {
    ob_base: ObjectHeader,
    /// `m_ml`.
    m_ml: MethodEntry,
    /// `m_self`, owned: the bound object, the module of a module
    /// function, or nothing.
    m_self: Option<ObjRef>,
    /// `m_module`: the `__module__` of a module function.
    m_module: Option<ObjRef>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CFunctionObject {}

impl PyClass for CFunctionObject {
    fn type_object() -> &'static TypeObject {
        &CFUNCTION_TYPE
    }
}

impl CFunctionObject {
    /// `__name__`.
    pub fn name(&self) -> &'static str {
        self.m_ml.name()
    }

    /// `m_ml` when it is a method's entry.
    pub fn method_def(&self) -> Option<&'static MethodDef> {
        match self.m_ml {
            MethodEntry::Method(d) => Some(d),
            MethodEntry::Module(_) => None,
        }
    }

    /// `m_ml` when it is a module function's entry (compared by address
    /// to recognize a module's own function).
    pub fn builtin_def(&self) -> Option<&'static BuiltinDef> {
        match self.m_ml {
            MethodEntry::Module(d) => Some(d),
            MethodEntry::Method(_) => None,
        }
    }

    /// `PyCFunction_GET_SELF`.
    pub fn self_obj(&self) -> Option<&PyObject> {
        self.m_self.as_deref()
    }

    /// Whether `__self__` is a module or unset: the object is then a
    /// function, not a method (`meth_repr`, `meth_reduce`,
    /// `meth_get__qualname__`).
    fn is_function(&self) -> bool {
        self.m_self.as_deref().is_none_or(moduleobject::is_module)
    }
}

/// `PyCFunction_NewEx`: a module function, with `module` as `__self__`
/// and `module_name` as `__module__`.
pub fn new_function(def: &'static BuiltinDef, module: Option<ObjRef>, module_name: Option<ObjRef>) -> PyResult<ObjRef> {
    let f = CFunctionObject {
        ob_base: ObjectHeader::new(&CFUNCTION_TYPE.head),
        m_ml: MethodEntry::Module(def),
        m_self: module,
        m_module: module_name,
    };
    object::new_object(f).map(into_obj)
}

/// `PyCMethod_New`: binds `ml` to `slf`.
pub fn new_bound(ml: &'static MethodDef, slf: ObjRef) -> PyResult<ObjRef> {
    let f = CFunctionObject {
        ob_base: ObjectHeader::new(&CFUNCTION_TYPE.head),
        m_ml: MethodEntry::Method(ml),
        m_self: Some(slf),
        m_module: None,
    };
    object::new_object(f).map(into_obj)
}

/// The vectorcall of a module function (`cfunction_vectorcall_FASTCALL_KEYWORDS`),
/// `None` for a method, called through `tp_call`.
#[inline]
pub fn vectorcall(f: &CFunctionObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> Option<PyResult<ObjRef>> {
    match f.m_ml {
        MethodEntry::Module(d) => Some((d.func)(args, kwnames)),
        MethodEntry::Method(_) => None,
    }
}

/// `cfunction_call`: a module function gets its keywords as names after
/// the positional arguments; a method gets `self`, keyword arguments only
/// for `METH_KEYWORDS`.
fn cfunction_call(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let f = this(v)?;
    match f.m_ml {
        MethodEntry::Module(d) => {
            let mut all: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
            let items = kwds.map(DictObject::items).unwrap_or_default();
            if items.is_empty() {
                return (d.func)(&all, None);
            }
            let keys: Vec<&PyObject> = items.iter().map(|(k, _)| &**k).collect();
            let names = tupleobject::from_slice(&keys)?;
            all.extend(items.iter().map(|(_, v)| &**v));
            (d.func)(&all, Some(&names))
        }
        MethodEntry::Method(ml) => {
            let slf = f.m_self.as_deref().unwrap_or(&object::NONE);
            ml.call_kw(|| qualname_text(f), slf, args.as_slice(), kwds)
        }
    }
}

/// `meth_repr`: `<built-in function name>` or `<built-in method name of T
/// object at 0x...>`.
fn meth_repr(v: &PyObject) -> PyResult<ObjRef> {
    let f = this(v)?;
    let text = match f.m_self.as_deref() {
        Some(s) if !f.is_function() => {
            format!("<built-in method {} of {} object at {:p}>", f.name(), object::type_of(s).name(), s)
        }
        _ => format!("<built-in function {}>", f.name()),
    };
    unicodeobject::from_string(text).map(into_obj)
}

/// `meth_reduce`: a function's name, which pickle finds again in
/// `__module__`; `getattr(self, name)` for a method.
fn meth_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let f = this(v)?;
    let name = into_obj(unicodeobject::from_str(f.name())?);
    match f.m_self.as_deref() {
        Some(s) if !f.is_function() => crate::objects::iterobject::reduce_to_builtin("getattr", &[s, &name], None),
        _ => Ok(name),
    }
}

static METH_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__reduce__",
    ml_meth: descrobject::MethodFn::NoArgs(meth_reduce),
    ml_doc: None,
}];

/// `builtin_function_or_method` (`PyCFunction_Type`).
pub static CFUNCTION_TYPE: TypeObject = TypeObject::new_static(
    "builtin_function_or_method",
    size_of::<CFunctionObject>(),
    object::dealloc_simple::<CFunctionObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(CFunctionObject {  } { m_self, m_module })),
        tp_repr: Some(meth_repr),
        tp_call: Some(cfunction_call),
        tp_richcompare: Some(meth_richcompare),
        tp_hash: Some(meth_hash),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&METH_GETSET)
.with_methods(&METH_METHODS);

fn this(v: &PyObject) -> PyResult<&CFunctionObject> {
    downcast::<CFunctionObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `meth_get__name__`.
fn meth_get_name(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_str(this(v)?.name()).map(into_obj)
}

/// `meth_get__qualname__`: the name for a function; `Type.name` for a
/// method, where `Type` is `__self__` if it is a class (a class method)
/// and `__self__`'s type otherwise.
fn meth_get_qualname(v: &PyObject) -> PyResult<ObjRef> {
    let f = this(v)?;
    let Some(s) = f.m_self.as_deref().filter(|_| !f.is_function()) else {
        return unicodeobject::from_str(f.name()).map(into_obj);
    };
    let owner = downcast::<TypeObject>(s).unwrap_or_else(|| object::type_of(s));
    let tq = object::get_attr_str(object::as_obj(owner), "__qualname__")?;
    let Some(tq) = downcast::<unicodeobject::StrObject>(&tq) else {
        return Err(errors::set_string(
            crate::objects::exceptions::type_error(),
            "<method>.__class__.__qualname__ is not a unicode object",
        ));
    };
    unicodeobject::from_string(format!("{}.{}", tq.to_string_lossy(), f.name())).map(into_obj)
}

/// The method's `__qualname__` as text, for error messages.
fn qualname_text(f: &CFunctionObject) -> String {
    match meth_get_qualname(object::as_obj(f)) {
        Ok(q) => object::str_lossy(&q),
        Err(e) => {
            drop(e);
            errors::clear();
            f.name().to_owned()
        }
    }
}

/// `meth_get__self__`: None when unset.
fn meth_get_self(v: &PyObject) -> PyResult<ObjRef> {
    Ok(this(v)?.m_self.clone().unwrap_or_else(object::none))
}

/// `meth_get__doc__`.
fn meth_get_doc(v: &PyObject) -> PyResult<ObjRef> {
    let ml = this(v)?.m_ml;
    descrobject::doc_from_internal_doc(ml.name(), ml.doc())
}

/// `meth_get__text_signature__`.
fn meth_get_text_signature(v: &PyObject) -> PyResult<ObjRef> {
    let ml = this(v)?.m_ml;
    let implied = match ml {
        MethodEntry::Method(d) => d.signature_from_flags(),
        MethodEntry::Module(_) => None,
    };
    descrobject::text_signature_from_internal_doc(ml.name(), ml.doc(), implied)
}

/// `__module__` (`meth_members`' `m_module`): None for a method.
fn meth_get_module(v: &PyObject) -> PyResult<ObjRef> {
    Ok(this(v)?.m_module.clone().unwrap_or_else(object::none))
}

static METH_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "__text_signature__", get: meth_get_text_signature, set: None, doc: None },
    GetSetDef { name: "__name__", get: meth_get_name, set: None, doc: None },
    GetSetDef { name: "__qualname__", get: meth_get_qualname, set: None, doc: None },
    GetSetDef { name: "__self__", get: meth_get_self, set: None, doc: None },
    GetSetDef { name: "__doc__", get: meth_get_doc, set: None, doc: None },
    GetSetDef { name: "__module__", get: meth_get_module, set: None, doc: None },
];

/// `meth_richcompare`: equal when bound to the same object with the same
/// implementation.
fn meth_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<CFunctionObject>(v), downcast::<CFunctionObject>(w)) else {
        return Ok(object::not_implemented());
    };
    let same_self = match (a.m_self.as_deref(), b.m_self.as_deref()) {
        (Some(x), Some(y)) => core::ptr::eq(x, y),
        (None, None) => true,
        _ => false,
    };
    let eq = same_self && a.m_ml.addr() == b.m_ml.addr();
    match op {
        CompareOp::Eq => Ok(boolobject::from_bool(eq)),
        CompareOp::Ne => Ok(boolobject::from_bool(!eq)),
        _ => Ok(object::not_implemented()),
    }
}

/// `meth_hash`: the identity of `self` mixed with the implementation's.
fn meth_hash(v: &PyObject) -> PyResult<isize> {
    let f = this(v)?;
    let x = match f.m_self.as_deref() {
        Some(s) => object::generic_hash(s)?,
        None => 0,
    };
    let y = (f.m_ml.addr() >> 4) as isize;
    let h = x ^ y;
    Ok(if h == -1 { -2 } else { h })
}
