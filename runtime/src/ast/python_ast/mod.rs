//! The `_ast` module and Python-level AST objects, ported from
//! Python/Python-ast.c: the `AST` base type (`ast_type_init`,
//! `ast_type_reduce`, `ast_type_replace`, `ast_repr_max_depth`), the node
//! classes made from the ASDL description in [`table`], and the
//! conversion of rupy's syntax tree to those objects ([`ast2obj`]), which
//! `compile(..., PyCF_ONLY_AST)` and so `ast.parse` use, and back
//! ([`obj2ast`]), which `compile()` of a node object uses.

mod ast2obj;
mod obj2ast;
mod table;

use std::sync::{Mutex, OnceLock, PoisonError};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

pub use ast2obj::mod_to_object;
pub use obj2ast::object_to_mod;

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::listobject::ListObject;
use crate::objects::moduleobject;
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
use crate::objects::unicodeobject;

/// How an ASDL field holds its values: `T`, `T?`, `T*` or `T?*`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Required,
    Optional,
    List,
    OptionalList,
}

/// One field of a node class: its name and ASDL type.
pub(crate) struct NodeField {
    pub name: &'static str,
    pub ty: &'static str,
    pub kind: FieldKind,
}

/// A node class: an ASDL constructor, product or sum type.
pub(crate) struct NodeClass {
    pub name: &'static str,
    pub base: &'static str,
    pub fields: &'static [NodeField],
    pub attributes: &'static [&'static str],
    pub doc: &'static str,
}

/// An AST node: the header and the attribute dict (`AST_object`).
#[repr(C)]
pub struct AstObject {
    ob_base: ObjectHeader,
    dict: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AstObject {}

impl PyClass for AstObject {
    fn type_object() -> &'static TypeObject {
        &AST_TYPE
    }
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn key(s: &str) -> PyResult<ObjRef> {
    unicodeobject::intern_str(s)
}

/// `getattr(v, name)` with AttributeError as `None`.
fn optional_attr(v: &PyObject, name: &PyObject) -> PyResult<Option<ObjRef>> {
    match object::get_attr(v, name) {
        Ok(a) => Ok(Some(a)),
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// A `tuple` of `str`.
fn str_tuple(items: &[&str]) -> PyResult<ObjRef> {
    let objs: Vec<ObjRef> = items.iter().map(|s| key(s)).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// Emits a DeprecationWarning (`PyErr_WarnFormat`).
fn deprecation_warning(msg: &str) -> PyResult<()> {
    errors::warn(exceptions::deprecation_warning(), msg, 1)
}

// ---------------------------------------------------------------------
// The AST base type.

/// `ast_type_new`: an instance with an empty attribute dict.
fn ast_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: the fields after the header are ObjSlots (valid zeroed).
    let node: PyRef<AstObject> = unsafe { crate::objects::typeobject::heaptype::generic_alloc(ty) }?;
    node.dict.set(Some(into_obj(DictObject::new()?)));
    Ok(into_obj(node))
}

/// The instance dict of a node.
fn node_dict(v: &PyObject) -> PyResult<PyRef<DictObject>> {
    match object::instance_dict(v)? {
        Some(d) => object::downcast_ref::<DictObject>(d).map_err(|_| errors::bad_internal_call()),
        None => Err(errors::bad_internal_call()),
    }
}

/// A class attribute looked up through the type (`_fields`,
/// `_attributes`, `_field_types`), `None` when missing.
fn class_attr(ty: &TypeObject, name: &str) -> PyResult<Option<ObjRef>> {
    ty.lookup(&*key(name)?)
}

/// `ast_type_init`: positional arguments fill `_fields` in order,
/// keywords any field or attribute; omitted list fields become `[]`,
/// omitted optional fields None and an omitted `expr_context` `Load()`;
/// other omissions and unknown keywords warn (3.13 semantics).
fn ast_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let ty = type_of(v);
    let fields = crate::objects::r#abstract::collect(&*object::get_attr(as_obj(ty), &*key("_fields")?)?)?;
    if args.len() > fields.len() {
        return Err(type_error(&format!(
            "{} constructor takes at most {} positional argument{}",
            ty.name(),
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        )));
    }
    let mut set: Vec<ObjRef> = Vec::new();
    for (name, value) in fields.iter().zip(args.as_slice()) {
        object::set_attr(v, name, Some(value))?;
        set.push(name.clone());
    }
    let attributes = match class_attr(ty, "_attributes")? {
        Some(a) => crate::objects::r#abstract::collect(&a)?,
        None => Vec::new(),
    };
    let contains = |list: &[ObjRef], k: &PyObject| -> PyResult<bool> {
        for x in list {
            if object::rich_compare_bool(x, k, object::CompareOp::Eq)? {
                return Ok(true);
            }
        }
        Ok(false)
    };
    if let Some(kw) = kwds {
        for (k, value) in kw.items() {
            if contains(&set, &k)? {
                return Err(type_error(&format!(
                    "{} got multiple values for argument '{}'",
                    ty.name(),
                    object::str_lossy(&k)
                )));
            }
            if !contains(&fields, &k)? && !contains(&attributes, &k)? {
                deprecation_warning(&format!(
                    "{}.__init__ got an unexpected keyword argument '{}'. Support for arbitrary keyword arguments is deprecated and will be removed in Python 3.15.",
                    ty.name(),
                    object::str_lossy(&k)
                ))?;
            }
            object::set_attr(v, &k, Some(&value))?;
            set.push(k);
        }
    }
    let Some(field_types) = class_attr(ty, "_field_types")? else { return Ok(()) };
    for name in &fields {
        if contains(&set, name)? {
            continue;
        }
        let ftype = match downcast::<DictObject>(&field_types) {
            Some(d) => d.get_item(name)?,
            None => None,
        };
        let Some(ftype) = ftype else {
            deprecation_warning(&format!(
                "Field {} is missing from {}._field_types. This will become an error in Python 3.15.",
                object::repr(name)?.to_string_lossy(),
                ty.name()
            ))?;
            continue;
        };
        if crate::objects::unionobject::union_args(&ftype).is_some() {
            // Optional: the class holds the None default.
            continue;
        }
        if downcast::<crate::objects::genericaliasobject::GenericAliasObject>(&ftype).is_some() {
            object::set_attr(v, name, Some(&*into_obj(ListObject::new()?)))?;
        } else if core::ptr::eq(&*ftype, &*class(table::idx::expr_context)?) {
            object::set_attr(v, name, Some(&*ast2obj::singleton(table::idx::Load)?))?;
        } else {
            deprecation_warning(&format!(
                "{}.__init__ missing 1 required positional argument: {}. This will become an error in Python 3.15.",
                ty.name(),
                object::repr(name)?.to_string_lossy()
            ))?;
        }
    }
    Ok(())
}

/// `ast_type_reduce`: the class, a None for each leading field that is
/// set (children are not passed to the constructor: gh-120108), and the
/// attribute dict that restores the values.
fn ast_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let ty = as_obj(type_of(v));
    let dict = node_dict(v)?;
    let fields = match class_attr(type_of(v), "_fields")? {
        Some(f) => crate::objects::r#abstract::collect(&f)?,
        None => Vec::new(),
    };
    let mut positional: Vec<&PyObject> = Vec::new();
    for name in &fields {
        if dict.get_item(name)?.is_none() {
            break;
        }
        positional.push(&object::NONE);
    }
    let args = tupleobject::from_slice(&positional)?;
    tupleobject::from_slice(&[ty, as_obj(&*args), as_obj(&*dict)]).map(into_obj)
}

/// `ast_type_replace` (`copy.replace`): a node of the same class with the
/// fields and attributes of `v`, overridden by the keywords.
fn ast_replace(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let ty = type_of(v);
    if !args.is_empty() {
        return Err(type_error(&format!("{}.__replace__() takes no positional arguments", ty.name())));
    }
    let mut names = Vec::new();
    for attr in ["_fields", "_attributes"] {
        if let Some(n) = class_attr(ty, attr)? {
            names.extend(crate::objects::r#abstract::collect(&n)?);
        }
    }
    if let Some(kw) = kwds {
        for (k, _) in kw.items() {
            let mut known = false;
            for n in &names {
                known |= object::rich_compare_bool(n, &k, object::CompareOp::Eq)?;
            }
            if !known {
                return Err(type_error(&format!(
                    "{}.__replace__ got an unexpected keyword argument {}.",
                    ty.name(),
                    object::repr(&k)?.to_string_lossy()
                )));
            }
        }
    }
    replace_check(v, kwds)?;
    let payload = DictObject::new()?;
    for n in &names {
        if let Some(value) = optional_attr(v, n)? {
            payload.set_item(n, &value)?;
        }
    }
    if let Some(kw) = kwds {
        for (k, value) in kw.items() {
            payload.set_item(&k, &value)?;
        }
    }
    let empty = tupleobject::from_slice(&[])?;
    crate::objects::call::call_tuple_dict(as_obj(ty), &empty, Some(&payload))
}

/// `ast_type_replace_check`: every field must be in the node's dict or
/// among the keywords, unless the constructor supplies a default (an
/// optional field, a list, an `expr_context`).
fn replace_check(v: &PyObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let ty = type_of(v);
    let Some(fields) = class_attr(ty, "_fields")? else { return Ok(()) };
    let dict = node_dict(v)?;
    let field_types = class_attr(ty, "_field_types")?;
    let field_types = field_types.as_deref().and_then(downcast::<DictObject>);
    let mut missing = Vec::new();
    for name in crate::objects::r#abstract::collect(&fields)? {
        if dict.get_item(&name)?.is_some() || kwds.map(|k| k.get_item(&name)).transpose()?.flatten().is_some() {
            continue;
        }
        if let Some(ft) = field_types
            && let Some(t) = ft.get_item(&name)?
            && (crate::objects::unionobject::union_args(&t).is_some()
                || downcast::<crate::objects::genericaliasobject::GenericAliasObject>(&t).is_some()
                || core::ptr::eq(&*t, &*class(table::idx::expr_context)?))
        {
            continue;
        }
        missing.push(object::repr(&name)?.to_string_lossy());
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(type_error(&format!(
        "{}.__replace__ missing {} keyword argument{}: {}.",
        ty.name(),
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        missing.join(", ")
    )))
}

/// `ast_repr_max_depth`: `Class(field=value, ...)`, nodes nested three
/// deep at most (`Class(...)` below), lists as `[first, ..., last]`.
fn ast_repr_depth(v: &PyObject, depth: i32) -> PyResult<String> {
    let ty = type_of(v);
    let name = ty.name().to_owned();
    if depth <= 0 {
        return Ok(format!("{name}(...)"));
    }
    let fields = match class_attr(ty, "_fields")? {
        Some(f) => crate::objects::r#abstract::collect(&f)?,
        None => Vec::new(),
    };
    let mut parts = Vec::with_capacity(fields.len());
    for f in &fields {
        let value = object::get_attr(v, f)?;
        let text = if let Some(list) = downcast::<ListObject>(&value) {
            let items = list.snapshot();
            let item = |x: &PyObject| -> PyResult<String> {
                if object::type_check(x, &AST_TYPE) {
                    ast_repr_depth(x, depth - 1)
                } else {
                    Ok(object::repr(x)?.to_string_lossy())
                }
            };
            match items.len() {
                0 => "[]".to_owned(),
                1 => format!("[{}]", item(&items[0])?),
                2 => format!("[{}, {}]", item(&items[0])?, item(&items[1])?),
                n => format!("[{}, ..., {}]", item(&items[0])?, item(&items[n - 1])?),
            }
        } else if object::type_check(&value, &AST_TYPE) {
            ast_repr_depth(&value, depth - 1)?
        } else {
            object::repr(&value)?.to_string_lossy()
        };
        parts.push(format!("{}={text}", object::str_lossy(f)));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

fn ast_repr(v: &PyObject) -> PyResult<ObjRef> {
    if crate::state::repr_enter(v) {
        return unicodeobject::from_string(format!("{}(...)", type_of(v).name())).map(into_obj);
    }
    let r = ast_repr_depth(v, 3);
    crate::state::repr_leave(v);
    unicodeobject::from_string(r?).map(into_obj)
}

/// `PyObject_GenericGetDict`.
fn ast_get_dict(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::instance_dict(v)?.unwrap_or_else(object::none))
}

/// `PyObject_GenericSetDict`: a dict, never deleted.
fn ast_set_dict(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(value) = value else {
        return Err(type_error("cannot delete __dict__"));
    };
    if !object::type_check(value, &crate::objects::dictobject::DICT_TYPE) {
        return Err(type_error(&format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            type_of(value).name()
        )));
    }
    let slot = object::instance_dict_slot(v).ok_or_else(errors::bad_internal_call)?;
    slot.set(Some(object::new_ref(value)));
    Ok(())
}

static AST_GETSET: [GetSetDef; 1] = [GetSetDef { name: "__dict__", get: ast_get_dict, set: Some(ast_set_dict), doc: None }];

static AST_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(ast_reduce), ml_doc: None },
    MethodDef { ml_name: "__replace__", ml_meth: MethodFn::FastCallKw(ast_replace), ml_doc: Some("Return a copy of the AST node with new values for the specified fields.") },
];

/// `ast.AST`: the base of every node class.
pub static AST_TYPE: TypeObject = TypeObject::new_static(
    "ast.AST",
    size_of::<AstObject>(),
    object::dealloc_simple::<AstObject>,
    TypeSlots {
        tp_repr: Some(ast_repr),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_new: Some(ast_new),
        tp_init: Some(ast_init),
        tp_traverse: Some(crate::traverse_fields!(AstObject { dict } {})),
        tp_clear: Some(crate::clear_fields!(AstObject { dict })),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC)
.with_methods(&AST_METHODS)
.with_getset(&AST_GETSET)
.with_dictoffset(core::mem::offset_of!(AstObject, dict));

// ---------------------------------------------------------------------
// The node classes.

/// The ASDL's types in the order of Parser/Python.asdl.
const ASDL_TYPES: [&str; 19] = [
    "mod", "stmt", "expr", "expr_context", "boolop", "operator", "unaryop", "cmpop", "comprehension",
    "excepthandler", "arguments", "arg", "keyword", "alias", "withitem", "match_case", "pattern",
    "type_ignore", "type_param",
];

/// The indices of [`table::CLASSES`] in the order CPython creates the
/// classes (`init_types`: each ASDL type, then its constructors in order),
/// which `__subclasses__()` shows.
fn creation_order() -> Vec<usize> {
    let index = |name: &str| table::CLASSES.iter().position(|c| c.name == name);
    let mut order = Vec::with_capacity(table::CLASSES.len());
    for ty in ASDL_TYPES {
        let Some(i) = index(ty) else { continue };
        order.push(i);
        // A sum type's doc lists its constructors: `T = A(...) | B | ...`.
        let Some((_, alternatives)) = table::CLASSES[i].doc.split_once(" = ") else { continue };
        for alt in alternatives.split('|') {
            let name: String = alt.trim().chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect();
            if let Some(j) = index(&name)
                && !order.contains(&j)
            {
                order.push(j);
            }
        }
    }
    // Anything the list missed keeps its table position, after its base.
    for i in 0..table::CLASSES.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

/// The node classes in [`table::CLASSES`] order, created once per process
/// (immortal, like CPython's static module state).
fn classes() -> PyResult<&'static [usize]> {
    static CLASSES: OnceLock<Vec<usize>> = OnceLock::new();
    static INIT: Mutex<()> = Mutex::new(());
    if let Some(c) = CLASSES.get() {
        return Ok(c);
    }
    let _guard = INIT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(c) = CLASSES.get() {
        return Ok(c);
    }
    AST_TYPE.ready()?;
    let ast_dict = AST_TYPE.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
    let ast_dict = downcast::<DictObject>(&ast_dict).ok_or_else(errors::bad_internal_call)?;
    let empty = str_tuple(&[])?;
    ast_dict.set_item(&*key("_fields")?, &empty)?;
    ast_dict.set_item(&*key("_attributes")?, &empty)?;
    ast_dict.set_item(&*key("__match_args__")?, &empty)?;
    ast_dict.set_item(&*key("__module__")?, &*key("ast")?)?;
    crate::objects::typeobject::type_modified(&AST_TYPE);
    // A heap type in CPython: its attributes may be set and deleted.
    AST_TYPE.tp_flags.fetch_and(!flags::IMMUTABLETYPE, core::sync::atomic::Ordering::Relaxed);

    let mut slots: Vec<Option<ObjRef>> = vec![None; table::CLASSES.len()];
    for &ci in &creation_order() {
        let c = &table::CLASSES[ci];
        let base = if c.base == "AST" {
            object::new_ref(as_obj(&AST_TYPE))
        } else {
            let i = table::CLASSES.iter().position(|b| b.name == c.base).ok_or_else(errors::bad_internal_call)?;
            slots[i].clone().ok_or_else(errors::bad_internal_call)?
        };
        let ns = DictObject::new()?;
        ns.set_item(&*key("__module__")?, &*key("ast")?)?;
        ns.set_item(&*key("__doc__")?, as_obj(&*unicodeobject::from_str(c.doc)?))?;
        let names: Vec<&str> = c.fields.iter().map(|f| f.name).collect();
        let fields = str_tuple(&names)?;
        ns.set_item(&*key("_fields")?, &fields)?;
        ns.set_item(&*key("__match_args__")?, &fields)?;
        if !c.attributes.is_empty() || c.base == "AST" {
            ns.set_item(&*key("_attributes")?, &*str_tuple(c.attributes)?)?;
        }
        for f in c.fields {
            if f.kind == FieldKind::Optional {
                ns.set_item(&*key(f.name)?, &object::NONE)?;
            }
        }
        if c.attributes.contains(&"end_lineno") {
            ns.set_item(&*key("end_lineno")?, &object::NONE)?;
            ns.set_item(&*key("end_col_offset")?, &object::NONE)?;
        }
        let bases = tupleobject::from_slice(&[&*base])?;
        let name = unicodeobject::from_str(c.name)?;
        let cls = object::call(
            as_obj(&crate::objects::typeobject::TYPE_TYPE),
            &[as_obj(&*name), as_obj(&*bases), as_obj(&*ns)],
        )?;
        cls.header().set_immortal();
        slots[ci] = Some(cls);
    }
    let made: Vec<ObjRef> = slots.into_iter().map(|c| c.ok_or_else(errors::bad_internal_call)).collect::<PyResult<_>>()?;
    // `_field_types` refer to the classes, so they come last.
    for (c, cls) in table::CLASSES.iter().zip(&made) {
        if c.fields.is_empty() && !c.doc.contains('(') {
            continue;
        }
        let types = DictObject::new()?;
        for f in c.fields {
            let scalar: ObjRef = match f.ty {
                "identifier" | "string" => object::new_ref(as_obj(&unicodeobject::STR_TYPE)),
                "int" => object::new_ref(as_obj(&crate::objects::longobject::INT_TYPE)),
                "constant" => object::new_ref(as_obj(&crate::objects::typeobject::OBJECT_TYPE)),
                other => {
                    let i = table::CLASSES.iter().position(|b| b.name == other).ok_or_else(errors::bad_internal_call)?;
                    made[i].clone()
                }
            };
            let none_type = as_obj(object::type_of(&object::NONE));
            let list = as_obj(&crate::objects::listobject::LIST_TYPE);
            let t = match f.kind {
                FieldKind::Required => scalar,
                FieldKind::Optional => crate::objects::unionobject::union_type_or(&scalar, none_type)?,
                FieldKind::List => crate::objects::genericaliasobject::new_generic_alias(list, &scalar)?,
                // `expr?*` is typed as a plain list, as in CPython.
                FieldKind::OptionalList => crate::objects::genericaliasobject::new_generic_alias(list, &scalar)?,
            };
            types.set_item(&*key(f.name)?, &t)?;
        }
        object::set_attr(cls, &*key("_field_types")?, Some(as_obj(&*types)))?;
        object::set_attr(cls, &*key("__annotations__")?, Some(as_obj(&*types)))?;
    }
    let addrs = made.iter().map(|c| core::ptr::from_ref::<PyObject>(c) as usize).collect();
    Ok(CLASSES.get_or_init(|| addrs))
}

/// The node class at `index` of [`table::CLASSES`].
fn class(index: usize) -> PyResult<ObjRef> {
    let all = classes()?;
    // SAFETY: the classes are immortal.
    Ok(object::new_ref(unsafe { &*(all[index] as *const PyObject) }))
}

/// `PyInit__ast`: `AST`, every node class and the `PyCF_*` flags.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_ast")?;
    let all = classes()?;
    m.add_object("AST", as_obj(&AST_TYPE))?;
    for (c, &p) in table::CLASSES.iter().zip(all) {
        // SAFETY: the classes are immortal.
        m.add_object(c.name, unsafe { &*(p as *const PyObject) })?;
    }
    for (name, value) in [
        ("PyCF_ONLY_AST", 0x0400),
        ("PyCF_TYPE_COMMENTS", 0x1000),
        ("PyCF_ALLOW_TOP_LEVEL_AWAIT", 0x2000),
        ("PyCF_OPTIMIZED_AST", 0x8000 | 0x0400),
    ] {
        m.add_object(name, &*crate::objects::longobject::from_i64(value)?)?;
    }
    Ok(into_obj(m))
}
