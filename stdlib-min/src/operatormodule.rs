//! The `_operator` module, ported from Modules/_operator.c: the operator
//! functions (`truth` ... `ipow`, `is_none`/`is_not_none`, `index`,
//! `length_hint` on `PyObject_LengthHint`, `countOf`/`indexOf` on
//! `_PySequence_IterSearch`, `_compare_digest` with `_tscmp`, `call`)
//! and the callable types `itemgetter`, `attrgetter` (dotted names split
//! once, at construction) and `methodcaller`, with their reprs,
//! `__reduce__` and vectorcall entry points.
//!
//! The three types are immutable once built, so their fields need no
//! lock: calls from many threads only read them.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::bytesobject;
use rupy::objects::call;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::slotdefs::lookup_maybe_method;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::ssize_arg;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn no_keywords(fname: &str, kwnames: Option<&TupleObject>) -> PyResult<()> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    Ok(())
}

/// `_PyArg_CheckPositional`'s message.
fn check_positional(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if n < min {
        let at = if min == max { "" } else { "at least " };
        return Err(type_error(&format!("{name} expected {at}{min} argument{}, got {n}", plural(min))));
    }
    if n > max {
        let at = if min == max { "" } else { "at most " };
        return Err(type_error(&format!("{name} expected {at}{max} argument{}, got {n}", plural(max))));
    }
    Ok(())
}

/// The argument of a `METH_O` function.
fn one<'a>(name: &str, args: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    no_keywords(&format!("_operator.{name}"), kw)?;
    match args {
        [a] => Ok(a),
        _ => Err(type_error(&format!("_operator.{name}() takes exactly one argument ({} given)", args.len()))),
    }
}

/// The arguments of a two-argument positional-only function.
fn two<'a>(name: &str, args: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<(&'a PyObject, &'a PyObject)> {
    no_keywords(&format!("_operator.{name}"), kw)?;
    check_positional(name, args.len(), 2, 2)?;
    Ok((args[0], args[1]))
}

fn bool_obj(b: bool) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(b))
}

// ---------------------------------------------------------------------
// The operator functions.

macro_rules! unary {
    ($($fname:ident, $name:literal => $body:expr;)*) => {
        $(
            fn $fname(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
                let a = one($name, args, kw)?;
                let f: fn(&PyObject) -> PyResult<ObjRef> = $body;
                f(a)
            }
        )*
    };
}

macro_rules! binary {
    ($($fname:ident, $name:literal => $body:expr;)*) => {
        $(
            fn $fname(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
                let (a, b) = two($name, args, kw)?;
                let f: fn(&PyObject, &PyObject) -> PyResult<ObjRef> = $body;
                f(a, b)
            }
        )*
    };
}

/// `PyNumber_Positive`.
fn positive(a: &PyObject) -> PyResult<ObjRef> {
    match type_of(a).slots.nb_positive.get() {
        Some(f) => f(a),
        None => Err(type_error(&format!("bad operand type for unary +: '{}'", type_of(a).name()))),
    }
}

/// `PyNumber_Invert`.
fn invert(a: &PyObject) -> PyResult<ObjRef> {
    match type_of(a).slots.nb_invert.get() {
        Some(f) => f(a),
        None => Err(type_error(&format!("bad operand type for unary ~: '{}'", type_of(a).name()))),
    }
}

unary! {
    op_truth, "truth" => |a| bool_obj(object::is_true(a)?);
    op_not, "not_" => |a| bool_obj(!object::is_true(a)?);
    op_index, "index" => r#abstract::index_exact;
    op_neg, "neg" => r#abstract::negative;
    op_pos, "pos" => positive;
    op_abs, "abs" => r#abstract::absolute;
    op_inv, "inv" => invert;
    op_invert, "invert" => invert;
    op_is_none, "is_none" => |a| bool_obj(object::is_none(a));
    op_is_not_none, "is_not_none" => |a| bool_obj(!object::is_none(a));
}

/// The in-place operator by its `NB_*` number (`PyNumber_InPlace*`).
fn inplace(kind: u32) -> impl Fn(&PyObject, &PyObject) -> PyResult<ObjRef> {
    move |a, b| r#abstract::inplace_op(kind, a, b)
}

binary! {
    op_add, "add" => r#abstract::add;
    op_sub, "sub" => r#abstract::subtract;
    op_mul, "mul" => r#abstract::multiply;
    op_matmul, "matmul" => r#abstract::matrix_multiply;
    op_floordiv, "floordiv" => r#abstract::floor_divide;
    op_truediv, "truediv" => r#abstract::true_divide;
    op_mod, "mod" => r#abstract::remainder;
    op_lshift, "lshift" => r#abstract::lshift;
    op_rshift, "rshift" => r#abstract::rshift;
    op_and, "and_" => r#abstract::and;
    op_xor, "xor" => r#abstract::xor;
    op_or, "or_" => r#abstract::or;
    op_pow, "pow" => r#abstract::power;
    op_iadd, "iadd" => |a, b| inplace(0)(a, b);
    op_iand, "iand" => |a, b| inplace(1)(a, b);
    op_ifloordiv, "ifloordiv" => |a, b| inplace(2)(a, b);
    op_ilshift, "ilshift" => |a, b| inplace(3)(a, b);
    op_imatmul, "imatmul" => |a, b| inplace(4)(a, b);
    op_imul, "imul" => |a, b| inplace(5)(a, b);
    op_imod, "imod" => |a, b| inplace(6)(a, b);
    op_ior, "ior" => |a, b| inplace(7)(a, b);
    op_ipow, "ipow" => |a, b| inplace(8)(a, b);
    op_irshift, "irshift" => |a, b| inplace(9)(a, b);
    op_isub, "isub" => |a, b| inplace(10)(a, b);
    op_itruediv, "itruediv" => |a, b| inplace(11)(a, b);
    op_ixor, "ixor" => |a, b| inplace(12)(a, b);
    op_concat, "concat" => r#abstract::sequence_concat;
    op_iconcat, "iconcat" => r#abstract::sequence_inplace_concat;
    op_contains, "contains" => |a, b| bool_obj(r#abstract::contains(a, b)?);
    op_count_of, "countOf" => |a, b| longobject::from_i64(iter_search(a, b, Search::Count)? as i64);
    op_index_of, "indexOf" => |a, b| longobject::from_i64(iter_search(a, b, Search::Index)? as i64);
    op_is, "is_" => |a, b| bool_obj(object::is(a, b));
    op_is_not, "is_not" => |a, b| bool_obj(!object::is(a, b));
    op_getitem, "getitem" => r#abstract::get_item;
    op_delitem, "delitem" => |a, b| { r#abstract::del_item(a, b)?; Ok(object::none()) };
    op_eq, "eq" => |a, b| object::rich_compare(a, b, CompareOp::Eq);
    op_ne, "ne" => |a, b| object::rich_compare(a, b, CompareOp::Ne);
    op_lt, "lt" => |a, b| object::rich_compare(a, b, CompareOp::Lt);
    op_le, "le" => |a, b| object::rich_compare(a, b, CompareOp::Le);
    op_gt, "gt" => |a, b| object::rich_compare(a, b, CompareOp::Gt);
    op_ge, "ge" => |a, b| object::rich_compare(a, b, CompareOp::Ge);
    op_compare_digest, "_compare_digest" => compare_digest;
}

fn op_setitem(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_keywords("_operator.setitem", kw)?;
    check_positional("setitem", args.len(), 3, 3)?;
    r#abstract::set_item(args[0], args[1], args[2])?;
    Ok(object::none())
}

#[derive(Clone, Copy, PartialEq)]
enum Search {
    Count,
    Index,
}

/// `_PySequence_IterSearch` for `PY_ITERSEARCH_COUNT` / `_INDEX`.
fn iter_search(seq: &PyObject, obj: &PyObject, op: Search) -> PyResult<isize> {
    let it = match r#abstract::get_iter(seq) {
        Ok(it) => it,
        Err(e) if errors::exception_matches(exceptions::type_error()) => {
            drop(e);
            errors::clear();
            return Err(type_error(&format!("argument of type '{}' is not iterable", type_of(seq).name())));
        }
        Err(e) => return Err(e),
    };
    let mut n: isize = 0;
    while let Some(item) = r#abstract::iter_next(&it)? {
        if object::rich_compare_bool(&item, obj, CompareOp::Eq)? {
            match op {
                Search::Count => {
                    n = n.checked_add(1).ok_or_else(|| {
                        errors::set_string(exceptions::overflow_error(), "count exceeds C integer size")
                    })?;
                }
                Search::Index => return Ok(n),
            }
        }
        if op == Search::Index {
            n = n.checked_add(1).ok_or_else(|| {
                errors::set_string(exceptions::overflow_error(), "index exceeds C integer size")
            })?;
        }
    }
    match op {
        Search::Count => Ok(n),
        Search::Index => Err(errors::set_string(exceptions::value_error(), "sequence.index(x): x not in sequence")),
    }
}

/// `PyObject_LengthHint`: `len(o)` if it has one (a TypeError from it
/// falls through), else `__length_hint__()`, else `default`.
fn length_hint_of(o: &PyObject, default: isize) -> PyResult<isize> {
    let slots = &type_of(o).slots;
    if slots.sq_length.get().is_some() || slots.mp_length.get().is_some() {
        match r#abstract::size(o) {
            Ok(n) => return Ok(n),
            Err(e) if errors::exception_matches(exceptions::type_error()) => {
                drop(e);
                errors::clear();
            }
            Err(e) => return Err(e),
        }
    }
    let name = unicodeobject::intern_str("__length_hint__")?;
    let Some((hint, unbound)) = lookup_maybe_method(o, &name)? else { return Ok(default) };
    let result = if unbound { object::call(&hint, &[o]) } else { object::call(&hint, &[]) };
    let result = match result {
        Ok(r) => r,
        Err(e) if errors::exception_matches(exceptions::type_error()) => {
            drop(e);
            errors::clear();
            return Ok(default);
        }
        Err(e) => return Err(e),
    };
    if object::is_not_implemented(&result) {
        return Ok(default);
    }
    let Some(i) = downcast::<IntObject>(&result) else {
        return Err(type_error(&format!(
            "__length_hint__ must be an integer, not {}",
            type_of(&result).tp_name.as_str()
        )));
    };
    let Some(n) = i.as_i64().and_then(|n| isize::try_from(n).ok()) else {
        return Err(errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C ssize_t"));
    };
    if n < 0 {
        return Err(errors::set_string(exceptions::value_error(), "__length_hint__() should return >= 0"));
    }
    Ok(n)
}

fn op_length_hint(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_keywords("_operator.length_hint", kw)?;
    check_positional("length_hint", args.len(), 1, 2)?;
    let default = match args.get(1) {
        Some(d) => ssize_arg(d)?,
        None => 0,
    };
    longobject::from_i64(length_hint_of(args[0], default)? as i64)
}

/// `_operator.call(obj, /, *args, **kwargs)`: the call passed on as is.
fn op_call(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nargs = args.len().saturating_sub(kw.map_or(0, TupleObject::len));
    check_positional("call", nargs, 1, usize::MAX)?;
    call::vectorcall(args[0], &args[1..], kw)
}

/// `_tscmp`: compares in a time that depends only on `b`'s length.
fn tscmp(a: &[u8], b: &[u8]) -> bool {
    let (left, mut result) = if a.len() == b.len() { (a, 0u8) } else { (b, 1u8) };
    for (x, y) in left.iter().zip(b) {
        result |= core::hint::black_box(x ^ y);
    }
    core::hint::black_box(result) == 0
}

/// `_operator._compare_digest`: ASCII strs, or two bytes-like objects.
fn compare_digest(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    if let (Some(sa), Some(sb)) = (downcast::<StrObject>(a), downcast::<StrObject>(b)) {
        if !sa.is_ascii() || !sb.is_ascii() {
            return Err(type_error("comparing strings with non-ASCII characters is not supported"));
        }
        return bool_obj(tscmp(sa.bytes(), sb.bytes()));
    }
    let (va, vb) = (bytesobject::bytes_like(a), bytesobject::bytes_like(b));
    let not_bytes = |v: &PyObject| type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name()));
    match (va, vb) {
        (None, None) => Err(type_error(&format!(
            "unsupported operand types(s) or combination of types: '{}' and '{}'",
            type_of(a).tp_name.as_str(),
            type_of(b).tp_name.as_str()
        ))),
        (None, Some(_)) => Err(not_bytes(a)),
        (Some(_), None) => Err(not_bytes(b)),
        (Some(x), Some(y)) => bool_obj(tscmp(&x, &y)),
    }
}

// ---------------------------------------------------------------------
// Shared pieces of the three callable types.

fn text_signature(_v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_static("(obj, /)")
}

static COMMON_GETSET: [GetSetDef; 1] =
    [GetSetDef { name: "__text_signature__", get: text_signature, set: None, doc: None }];

/// The positional arguments of a call, after refusing keywords (the
/// `tp_call` form).
fn tuple_call_arg<'a>(name: &str, args: &'a TupleObject, kw: Option<&DictObject>) -> PyResult<&'a PyObject> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    check_positional(name, args.len(), 1, 1)?;
    Ok(&args.as_slice()[0])
}

/// The one argument of a vectorcall.
fn vector_call_arg<'a>(name: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    no_keywords(name, kwnames)?;
    check_positional(name, args.len(), 1, 1)?;
    Ok(args[0])
}

/// `TYPE(...)` when the repr is re-entered, else `f()`.
fn guarded_repr(v: &PyObject, f: impl FnOnce() -> PyResult<String>) -> PyResult<ObjRef> {
    if rupy::state::repr_enter(v) {
        return unicodeobject::from_string(format!("{}(...)", type_of(v).tp_name.as_str())).map(into_obj);
    }
    let r = f();
    rupy::state::repr_leave(v);
    unicodeobject::from_string(r?).map(into_obj)
}

fn repr_of(v: &PyObject) -> PyResult<String> {
    Ok(object::repr(v)?.to_string_lossy())
}

// ---------------------------------------------------------------------
// itemgetter.

/// An `operator.itemgetter`.
#[repr(C)]
struct ItemGetterObject {
    ob_base: ObjectHeader,
    /// The one item, or the tuple of items when there are several.
    item: ObjRef,
    nitems: usize,
    /// The item as an index when it is one non-negative exact int (the
    /// tuple fast path).
    index: Option<usize>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ItemGetterObject {}

fn itemgetter_of(v: &PyObject) -> PyResult<&ItemGetterObject> {
    if !object::is_type(v, &ITEMGETTER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the exact type (it has no subclasses).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<ItemGetterObject>() })
}

/// `itemgetter_new`.
fn itemgetter_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    crate::guarded::no_keywords("itemgetter", kwds)?;
    let nitems = args.len();
    let item = if nitems <= 1 {
        check_positional("itemgetter", nitems, 1, 1)?;
        args.as_slice()[0].clone()
    } else {
        object::new_ref(as_obj(args))
    };
    let index = match downcast::<IntObject>(&item) {
        Some(i) if object::is_type(&item, &longobject::INT_TYPE) => i.as_i64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    };
    object::new_object(ItemGetterObject { ob_base: ObjectHeader::new(&ITEMGETTER_TYPE.head), item, nitems, index })
        .map(into_obj)
}

/// `itemgetter_call_impl`.
fn itemgetter_call_impl(ig: &ItemGetterObject, obj: &PyObject) -> PyResult<ObjRef> {
    if ig.nitems == 1 {
        if let Some(i) = ig.index
            && object::is_type(obj, &tupleobject::TUPLE_TYPE)
            && let Some(t) = downcast::<TupleObject>(obj)
            && let Some(x) = t.as_slice().get(i)
        {
            return Ok(x.clone());
        }
        return r#abstract::get_item(obj, &ig.item);
    }
    let Some(items) = downcast::<TupleObject>(&ig.item) else { return Err(errors::bad_internal_call()) };
    let mut out = Vec::with_capacity(items.len());
    for it in items.as_slice() {
        out.push(r#abstract::get_item(obj, it)?);
    }
    let refs: Vec<&PyObject> = out.iter().map(|r| &**r).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

fn itemgetter_call(v: &PyObject, args: &TupleObject, kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let obj = tuple_call_arg("itemgetter", args, kw)?;
    itemgetter_call_impl(itemgetter_of(v)?, obj)
}

fn itemgetter_vectorcall(v: &PyObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let obj = vector_call_arg("itemgetter", args, kwnames)?;
    itemgetter_call_impl(itemgetter_of(v)?, obj)
}

fn itemgetter_repr(v: &PyObject) -> PyResult<ObjRef> {
    let ig = itemgetter_of(v)?;
    let name = type_of(v).tp_name.as_str();
    guarded_repr(v, || {
        let r = repr_of(&ig.item)?;
        Ok(if ig.nitems == 1 { format!("{name}({r})") } else { format!("{name}{r}") })
    })
}

/// `itemgetter_reduce`: `(type, (item,))` or `(type, items)`.
fn itemgetter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let ig = itemgetter_of(v)?;
    let args = if ig.nitems == 1 { into_obj(tupleobject::from_slice(&[&*ig.item])?) } else { ig.item.clone() };
    tupleobject::from_slice(&[as_obj(type_of(v)), &*args]).map(into_obj)
}

static ITEMGETTER_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__reduce__",
    ml_meth: MethodFn::NoArgs(itemgetter_reduce),
    ml_doc: Some("Return state information for pickling"),
}];

static ITEMGETTER_TYPE: TypeObject = TypeObject::new_static(
    "operator.itemgetter",
    size_of::<ItemGetterObject>(),
    object::dealloc_simple::<ItemGetterObject>,
    TypeSlots {
        tp_traverse: Some(rupy::traverse_fields!(ItemGetterObject {  } { item })),
        tp_call: Some(itemgetter_call),
        tp_vectorcall: Some(itemgetter_vectorcall),
        tp_repr: Some(itemgetter_repr),
        tp_new: Some(itemgetter_new),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::IMMUTABLETYPE | flags::HAVE_VECTORCALL)
.with_methods(&ITEMGETTER_METHODS)
.with_getset(&COMMON_GETSET)
.with_doc(
    "itemgetter(item, /, *items)\n--\n\nA callable that looks up item(s) in its operand:\n\
itemgetter(1)(r) is r[1]; itemgetter(1, 0)(r) is (r[1], r[0]).",
);

// ---------------------------------------------------------------------
// attrgetter.

/// One attribute path of an attrgetter.
struct AttrPath {
    /// The name as given (dotted names rejoined with '.').
    full: ObjRef,
    /// The interned names to look up in turn.
    chain: Vec<ObjRef>,
}

/// An `operator.attrgetter`.
#[repr(C)]
struct AttrGetterObject {
    ob_base: ObjectHeader,
    attrs: Vec<AttrPath>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for AttrGetterObject {}

fn attrgetter_of(v: &PyObject) -> PyResult<&AttrGetterObject> {
    if !object::is_type(v, &ATTRGETTER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the exact type (it has no subclasses).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<AttrGetterObject>() })
}

fn interned(s: ObjRef) -> ObjRef {
    match object::downcast_ref::<StrObject>(s) {
        Ok(s) if object::is_type(as_obj(&*s), &unicodeobject::STR_TYPE) => unicodeobject::intern(s),
        Ok(s) => into_obj(s),
        Err(s) => s,
    }
}

/// Splits a name at its dots into interned parts.
fn attr_path(item: &PyObject) -> PyResult<AttrPath> {
    let Some(s) = downcast::<StrObject>(item) else { return Err(type_error("attribute name must be a string")) };
    let dots: Vec<usize> = s.data().iter().enumerate().filter(|&(_, c)| c == u32::from(b'.')).map(|(i, _)| i).collect();
    if dots.is_empty() {
        let name = interned(object::new_ref(item));
        return Ok(AttrPath { full: name.clone(), chain: vec![name] });
    }
    let mut chain = Vec::with_capacity(dots.len() + 1);
    let mut from = 0;
    for &d in dots.iter().chain(core::iter::once(&s.len())) {
        chain.push(interned(unicodeobject::substring(item, from, d)?));
        from = d + 1;
    }
    let sep = unicodeobject::from_str(".")?;
    let refs: Vec<&PyObject> = chain.iter().map(|r| &**r).collect();
    let parts = tupleobject::from_slice(&refs)?;
    let full = rupy::objects::unicode_methods::join(&sep, as_obj(&*parts))?;
    Ok(AttrPath { full, chain })
}

/// `attrgetter_new`.
fn attrgetter_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    crate::guarded::no_keywords("attrgetter", kwds)?;
    if args.len() <= 1 {
        check_positional("attrgetter", args.len(), 1, 1)?;
    }
    let attrs = args.as_slice().iter().map(|a| attr_path(a)).collect::<PyResult<Vec<_>>>()?;
    object::new_object(AttrGetterObject { ob_base: ObjectHeader::new(&ATTRGETTER_TYPE.head), attrs }).map(into_obj)
}

/// `dotted_getattr`.
fn dotted_getattr(obj: &PyObject, path: &AttrPath) -> PyResult<ObjRef> {
    let mut cur = object::new_ref(obj);
    for name in &path.chain {
        cur = object::get_attr(&cur, name)?;
    }
    Ok(cur)
}

/// `attrgetter_call_impl`.
fn attrgetter_call_impl(ag: &AttrGetterObject, obj: &PyObject) -> PyResult<ObjRef> {
    if let [path] = ag.attrs.as_slice() {
        return dotted_getattr(obj, path);
    }
    let mut out = Vec::with_capacity(ag.attrs.len());
    for path in &ag.attrs {
        out.push(dotted_getattr(obj, path)?);
    }
    let refs: Vec<&PyObject> = out.iter().map(|r| &**r).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

fn attrgetter_call(v: &PyObject, args: &TupleObject, kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let obj = tuple_call_arg("attrgetter", args, kw)?;
    attrgetter_call_impl(attrgetter_of(v)?, obj)
}

fn attrgetter_vectorcall(v: &PyObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let obj = vector_call_arg("attrgetter", args, kwnames)?;
    attrgetter_call_impl(attrgetter_of(v)?, obj)
}

/// `attrgetter_args`: the names as given, as a tuple.
fn attrgetter_args(ag: &AttrGetterObject) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = ag.attrs.iter().map(|p| &*p.full).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

fn attrgetter_repr(v: &PyObject) -> PyResult<ObjRef> {
    let ag = attrgetter_of(v)?;
    let name = type_of(v).tp_name.as_str();
    guarded_repr(v, || match ag.attrs.as_slice() {
        [path] => Ok(format!("{name}({})", repr_of(&path.full)?)),
        _ => Ok(format!("{name}{}", repr_of(&*attrgetter_args(ag)?)?)),
    })
}

/// `attrgetter_reduce`: `(type, names)`.
fn attrgetter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let args = attrgetter_args(attrgetter_of(v)?)?;
    tupleobject::from_slice(&[as_obj(type_of(v)), &*args]).map(into_obj)
}

static ATTRGETTER_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__reduce__",
    ml_meth: MethodFn::NoArgs(attrgetter_reduce),
    ml_doc: Some("Return state information for pickling"),
}];

static ATTRGETTER_TYPE: TypeObject = TypeObject::new_static(
    "operator.attrgetter",
    size_of::<AttrGetterObject>(),
    object::dealloc_simple::<AttrGetterObject>,
    TypeSlots {
        tp_call: Some(attrgetter_call),
        tp_vectorcall: Some(attrgetter_vectorcall),
        tp_repr: Some(attrgetter_repr),
        tp_new: Some(attrgetter_new),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::IMMUTABLETYPE | flags::HAVE_VECTORCALL)
.with_methods(&ATTRGETTER_METHODS)
.with_getset(&COMMON_GETSET)
.with_doc(
    "attrgetter(attr, /, *attrs)\n--\n\nA callable that reads attribute(s) of its operand:\n\
attrgetter('a')(r) is r.a; attrgetter('a', 'b.c')(r) is (r.a, r.b.c).",
);

// ---------------------------------------------------------------------
// methodcaller.

/// An `operator.methodcaller`.
#[repr(C)]
struct MethodCallerObject {
    ob_base: ObjectHeader,
    /// The method name (interned).
    name: ObjRef,
    /// The positional arguments, then the keyword arguments' values: the
    /// vectorcall argument array, built once.
    args: Vec<ObjRef>,
    nargs: usize,
    /// The keyword names, in the order given.
    kwnames: Option<rupy_gc::PyRef<TupleObject>>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MethodCallerObject {}

fn methodcaller_of(v: &PyObject) -> PyResult<&MethodCallerObject> {
    if !object::is_type(v, &METHODCALLER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the exact type (it has no subclasses).
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<MethodCallerObject>() })
}

/// `methodcaller_new`.
fn methodcaller_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some((name, rest)) = args.as_slice().split_first() else {
        return Err(type_error("methodcaller needs at least one argument, the method name"));
    };
    if downcast::<StrObject>(name).is_none() {
        return Err(type_error("method name must be a string"));
    }
    let name = interned(name.clone());
    let mut all: Vec<ObjRef> = rest.to_vec();
    let items = kwds.map(DictObject::items).unwrap_or_default();
    let kwnames = if items.is_empty() {
        None
    } else {
        let keys: Vec<&PyObject> = items.iter().map(|(k, _)| &**k).collect();
        Some(tupleobject::from_slice(&keys)?)
    };
    all.extend(items.into_iter().map(|(_, v)| v));
    object::new_object(MethodCallerObject {
        ob_base: ObjectHeader::new(&METHODCALLER_TYPE.head),
        name,
        args: all,
        nargs: rest.len(),
        kwnames,
    })
    .map(into_obj)
}

/// `methodcaller_vectorcall`: `getattr(obj, name)(*args, **kwargs)`.
fn methodcaller_call_impl(mc: &MethodCallerObject, obj: &PyObject) -> PyResult<ObjRef> {
    let method = object::get_attr(obj, &mc.name)?;
    let args: Vec<&PyObject> = mc.args.iter().map(|r| &**r).collect();
    call::vectorcall(&method, &args, mc.kwnames.as_deref())
}

fn methodcaller_call(v: &PyObject, args: &TupleObject, kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let obj = tuple_call_arg("methodcaller", args, kw)?;
    methodcaller_call_impl(methodcaller_of(v)?, obj)
}

fn methodcaller_vectorcall(v: &PyObject, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nargs = args.len().saturating_sub(kwnames.map_or(0, TupleObject::len));
    check_positional("methodcaller", nargs, 1, 1)?;
    no_keywords("methodcaller", kwnames)?;
    methodcaller_call_impl(methodcaller_of(v)?, args[0])
}

/// The keyword arguments as (name, value) pairs.
fn keywords(mc: &MethodCallerObject) -> impl Iterator<Item = (&ObjRef, &ObjRef)> {
    let names = mc.kwnames.as_deref().map(TupleObject::as_slice).unwrap_or(&[]);
    names.iter().zip(&mc.args[mc.nargs..])
}

fn methodcaller_repr(v: &PyObject) -> PyResult<ObjRef> {
    let mc = methodcaller_of(v)?;
    let tname = type_of(v).tp_name.as_str();
    guarded_repr(v, || {
        let name = repr_of(&mc.name)?;
        let mut parts = Vec::with_capacity(mc.args.len());
        for a in &mc.args[..mc.nargs] {
            parts.push(repr_of(a)?);
        }
        for (k, val) in keywords(mc) {
            parts.push(format!("{}={}", object::str(k)?.to_string_lossy(), repr_of(val)?));
        }
        Ok(if parts.is_empty() { format!("{tname}({name})") } else { format!("{tname}({name}, {})", parts.join(", ")) })
    })
}

/// `methodcaller_reduce`: `(type, (name, *args))`, or with keyword
/// arguments `(functools.partial(type, name, **kwargs), args)`.
fn methodcaller_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let mc = methodcaller_of(v)?;
    let ty = as_obj(type_of(v));
    let positional = &mc.args[..mc.nargs];
    let Some(kwnames) = mc.kwnames.as_deref() else {
        let mut refs: Vec<&PyObject> = vec![&*mc.name];
        refs.extend(positional.iter().map(|r| &**r));
        let newargs = tupleobject::from_slice(&refs)?;
        return tupleobject::from_slice(&[ty, as_obj(&*newargs)]).map(into_obj);
    };
    let partial = rupy::import::machinery::get_module_attr("functools", "partial")?;
    let mut pargs: Vec<&PyObject> = vec![ty, &*mc.name];
    pargs.extend(mc.args[mc.nargs..].iter().map(|r| &**r));
    let constructor = call::vectorcall(&partial, &pargs, Some(kwnames))?;
    let refs: Vec<&PyObject> = positional.iter().map(|r| &**r).collect();
    let args = tupleobject::from_slice(&refs)?;
    tupleobject::from_slice(&[&*constructor, as_obj(&*args)]).map(into_obj)
}

static METHODCALLER_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "__reduce__",
    ml_meth: MethodFn::NoArgs(methodcaller_reduce),
    ml_doc: Some("Return state information for pickling"),
}];

static METHODCALLER_TYPE: TypeObject = TypeObject::new_static(
    "operator.methodcaller",
    size_of::<MethodCallerObject>(),
    object::dealloc_simple::<MethodCallerObject>,
    TypeSlots {
        tp_traverse: Some(rupy::traverse_fields!(MethodCallerObject {  } { name, args, kwnames })),
        tp_call: Some(methodcaller_call),
        tp_vectorcall: Some(methodcaller_vectorcall),
        tp_repr: Some(methodcaller_repr),
        tp_new: Some(methodcaller_new),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::IMMUTABLETYPE | flags::HAVE_VECTORCALL)
.with_methods(&METHODCALLER_METHODS)
.with_getset(&COMMON_GETSET)
.with_doc(
    "methodcaller(name, /, *args, **kwargs)\n--\n\nA callable that calls a method of its operand:\n\
methodcaller('m', 1, k=2)(r) is r.m(1, k=2).",
);

// ---------------------------------------------------------------------
// The module.

static FUNCTIONS: [BuiltinDef; 55] = [
    BuiltinDef { name: "truth", func: op_truth },
    BuiltinDef { name: "contains", func: op_contains },
    BuiltinDef { name: "indexOf", func: op_index_of },
    BuiltinDef { name: "countOf", func: op_count_of },
    BuiltinDef { name: "is_", func: op_is },
    BuiltinDef { name: "is_not", func: op_is_not },
    BuiltinDef { name: "is_none", func: op_is_none },
    BuiltinDef { name: "is_not_none", func: op_is_not_none },
    BuiltinDef { name: "index", func: op_index },
    BuiltinDef { name: "add", func: op_add },
    BuiltinDef { name: "sub", func: op_sub },
    BuiltinDef { name: "mul", func: op_mul },
    BuiltinDef { name: "matmul", func: op_matmul },
    BuiltinDef { name: "floordiv", func: op_floordiv },
    BuiltinDef { name: "truediv", func: op_truediv },
    BuiltinDef { name: "mod", func: op_mod },
    BuiltinDef { name: "neg", func: op_neg },
    BuiltinDef { name: "pos", func: op_pos },
    BuiltinDef { name: "abs", func: op_abs },
    BuiltinDef { name: "inv", func: op_inv },
    BuiltinDef { name: "invert", func: op_invert },
    BuiltinDef { name: "lshift", func: op_lshift },
    BuiltinDef { name: "rshift", func: op_rshift },
    BuiltinDef { name: "not_", func: op_not },
    BuiltinDef { name: "and_", func: op_and },
    BuiltinDef { name: "xor", func: op_xor },
    BuiltinDef { name: "or_", func: op_or },
    BuiltinDef { name: "iadd", func: op_iadd },
    BuiltinDef { name: "isub", func: op_isub },
    BuiltinDef { name: "imul", func: op_imul },
    BuiltinDef { name: "imatmul", func: op_imatmul },
    BuiltinDef { name: "ifloordiv", func: op_ifloordiv },
    BuiltinDef { name: "itruediv", func: op_itruediv },
    BuiltinDef { name: "imod", func: op_imod },
    BuiltinDef { name: "ilshift", func: op_ilshift },
    BuiltinDef { name: "irshift", func: op_irshift },
    BuiltinDef { name: "iand", func: op_iand },
    BuiltinDef { name: "ixor", func: op_ixor },
    BuiltinDef { name: "ior", func: op_ior },
    BuiltinDef { name: "concat", func: op_concat },
    BuiltinDef { name: "iconcat", func: op_iconcat },
    BuiltinDef { name: "getitem", func: op_getitem },
    BuiltinDef { name: "setitem", func: op_setitem },
    BuiltinDef { name: "delitem", func: op_delitem },
    BuiltinDef { name: "pow", func: op_pow },
    BuiltinDef { name: "ipow", func: op_ipow },
    BuiltinDef { name: "eq", func: op_eq },
    BuiltinDef { name: "ne", func: op_ne },
    BuiltinDef { name: "lt", func: op_lt },
    BuiltinDef { name: "le", func: op_le },
    BuiltinDef { name: "gt", func: op_gt },
    BuiltinDef { name: "ge", func: op_ge },
    BuiltinDef { name: "_compare_digest", func: op_compare_digest },
    BuiltinDef { name: "length_hint", func: op_length_hint },
    BuiltinDef { name: "call", func: op_call },
];

/// `operator_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_operator")?;
    m.add_functions(&FUNCTIONS)?;
    let doc = "Operator interface: the intrinsic operators of Python as functions\n(operator.add(x, y) is x+y), with the dunder names as aliases.";
    m.add_object("__doc__", &*unicodeobject::from_static(doc)?)?;
    for (name, t) in [("attrgetter", &ATTRGETTER_TYPE), ("itemgetter", &ITEMGETTER_TYPE), ("methodcaller", &METHODCALLER_TYPE)] {
        t.ready()?;
        m.add_object(name, as_obj(t))?;
    }
    Ok(into_obj(m))
}
