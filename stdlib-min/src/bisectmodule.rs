//! The `_bisect` module, ported from Modules/_bisectmodule.c:
//! `internal_bisect_right` / `internal_bisect_left` (with `get_sq_item`
//! and the same-type comparison fast path), `bisect_right`,
//! `bisect_left`, `insort_right`, `insort_left`, with the argument
//! clinic's `lo`/`hi`/`key` handling.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::exceptions;
use rupy::objects::listobject::{self, ListObject};
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::SsizeArgFunc;
use rupy::objects::unicodeobject;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `get_sq_item`: the sequence item slot, checked once.
fn get_sq_item(s: &PyObject) -> PyResult<SsizeArgFunc> {
    let tp = type_of(s);
    if let Some(f) = tp.slots.sq_item.get() {
        return Ok(f);
    }
    if tp.slots.mp_subscript.get().is_some() {
        return Err(type_error(&format!("{} is not a sequence", tp.tp_name.as_str())));
    }
    Err(type_error(&format!("'{}' object does not support indexing", tp.tp_name.as_str())))
}

/// `PySequence_Size`.
fn sequence_size(s: &PyObject) -> PyResult<isize> {
    let slots = &type_of(s).slots;
    if let Some(f) = slots.sq_length.get() {
        return f(s);
    }
    if slots.mp_length.get().is_some() {
        return Err(type_error(&format!("{} is not a sequence", type_of(s).tp_name.as_str())));
    }
    Err(type_error(&format!("object of type '{}' has no len()", type_of(s).name())))
}

/// Is `a < b`? The type's own `tp_richcompare` is called directly when
/// both have the same type and it answers with a bool (the loop's fast
/// path); anything else goes through `PyObject_RichCompareBool`.
fn less_than(a: &PyObject, b: &PyObject, fast: &mut bool) -> PyResult<bool> {
    let tp = type_of(a);
    if *fast
        && object::is_type(b, tp)
        && let Some(compare) = tp.slots.tp_richcompare.get()
    {
        let r = compare(a, b, CompareOp::Lt)?;
        if boolobject::is_bool(&r) {
            return Ok(boolobject::is_true_singleton(&r));
        }
        if object::is_not_implemented(&r) {
            *fast = false;
            return object::rich_compare_bool(a, b, CompareOp::Lt);
        }
        return object::is_true(&r);
    }
    object::rich_compare_bool(a, b, CompareOp::Lt)
}

/// `internal_bisect_right` (`right`) / `internal_bisect_left`.
fn internal_bisect(list: &PyObject, item: &PyObject, mut lo: isize, mut hi: isize, key: Option<&PyObject>, right: bool) -> PyResult<isize> {
    if lo < 0 {
        return Err(errors::set_string(exceptions::value_error(), "lo must be non-negative"));
    }
    if hi == -1 {
        hi = sequence_size(list)?;
    }
    let sq_item = get_sq_item(list)?;
    rupy::state::enter_recursive_call(if right { " in _bisect.bisect_right" } else { " in _bisect.bisect_left" })?;
    let res = (|| {
        let mut fast = true;
        while lo < hi {
            // Unsigned, so that lo + hi cannot overflow.
            let mid = ((lo as usize + hi as usize) / 2) as isize;
            let mut litem = sq_item(list, mid)?;
            if let Some(k) = key {
                litem = object::call(k, &[&litem])?;
            }
            // right: item < key(a[mid]) ends the left part;
            // left: key(a[mid]) < item starts the right part.
            let go_left = if right { less_than(item, &litem, &mut fast)? } else { !less_than(&litem, item, &mut fast)? };
            if go_left {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(lo)
    })();
    rupy::state::leave_recursive_call();
    res
}

/// The arguments `(a, x, lo=0, hi=None, *, key=None)`, as the argument
/// clinic unpacks them (`_PyArg_UnpackKeywords`).
struct Args<'a> {
    a: &'a PyObject,
    x: &'a PyObject,
    lo: isize,
    hi: isize,
    key: Option<&'a PyObject>,
}

const NAMES: [&str; 5] = ["a", "x", "lo", "hi", "key"];

fn parse<'a>(fname: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<Args<'a>> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let Some(nargs) = args.len().checked_sub(nkw) else { return Err(errors::bad_internal_call()) };
    let given = args.len();
    if given > NAMES.len() {
        return Err(type_error(&format!(
            "{fname}() takes at most {} {}arguments ({given} given)",
            NAMES.len(),
            if nargs == 0 { "keyword " } else { "" }
        )));
    }
    if nargs > 4 {
        return Err(type_error(&format!("{fname}() takes at most 4 positional arguments ({nargs} given)")));
    }
    let mut slots: [Option<&'a PyObject>; 5] = [None; 5];
    for (slot, a) in slots.iter_mut().zip(&args[..nargs]) {
        *slot = Some(*a);
    }
    if let Some(names) = kwnames {
        for (k, v) in names.as_slice().iter().zip(&args[nargs..]) {
            let name = object::str_lossy(k);
            let Some(i) = NAMES.iter().position(|n| *n == name) else {
                return Err(type_error(&format!("{fname}() got an unexpected keyword argument '{name}'")));
            };
            if i < nargs {
                return Err(type_error(&format!("argument for {fname}() given by name ('{name}') and position ({})", i + 1)));
            }
            slots[i] = Some(*v);
        }
    }
    for (i, n) in NAMES.iter().enumerate().take(2) {
        if slots[i].is_none() {
            return Err(type_error(&format!("{fname}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    let (Some(a), Some(x)) = (slots[0], slots[1]) else { return Err(errors::bad_internal_call()) };
    let lo = match slots[2] {
        Some(v) => crate::guarded::ssize_arg(v)?,
        None => 0,
    };
    // `_Py_convert_optional_to_ssize_t`: None keeps the default.
    let hi = match slots[3] {
        Some(v) if !object::is_none(v) => {
            if type_of(v).slots.nb_index.get().is_none() {
                return Err(type_error(&format!("argument should be integer or None, not '{}'", type_of(v).name())));
            }
            r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?
        }
        _ => -1,
    };
    let key = slots[4].filter(|k| !object::is_none(k));
    Ok(Args { a, x, lo, hi, key })
}

fn bisect(fname: &str, args: &[&PyObject], kw: Option<&TupleObject>, right: bool) -> PyResult<ObjRef> {
    let p = parse(fname, args, kw)?;
    let i = internal_bisect(p.a, p.x, p.lo, p.hi, p.key, right)?;
    longobject::from_i64(i as i64)
}

/// `insort_right` / `insort_left`: bisect on `key(x)`, then insert `x`
/// (`list.insert` directly for an exact list, else the `insert` method).
fn insort(fname: &str, args: &[&PyObject], kw: Option<&TupleObject>, right: bool) -> PyResult<ObjRef> {
    let p = parse(fname, args, kw)?;
    let index = match p.key {
        None => internal_bisect(p.a, p.x, p.lo, p.hi, None, right)?,
        Some(k) => {
            let key_x = object::call(k, &[p.x])?;
            internal_bisect(p.a, &key_x, p.lo, p.hi, p.key, right)?
        }
    };
    if object::is_type(p.a, &listobject::LIST_TYPE)
        && let Some(l) = downcast::<ListObject>(p.a)
    {
        l.insert(index, p.x)?;
    } else {
        let insert = object::get_attr_str(p.a, "insert")?;
        object::call(&insert, &[&*longobject::from_i64(index as i64)?, p.x])?;
    }
    Ok(object::none())
}

fn bisect_right(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    bisect("bisect_right", args, kw, true)
}

fn bisect_left(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    bisect("bisect_left", args, kw, false)
}

fn insort_right(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    insort("insort_right", args, kw, true)
}

fn insort_left(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    insort("insort_left", args, kw, false)
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "bisect_right", func: bisect_right },
    BuiltinDef { name: "insort_right", func: insort_right },
    BuiltinDef { name: "bisect_left", func: bisect_left },
    BuiltinDef { name: "insort_left", func: insort_left },
];

/// `bisect_modexec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_bisect")?;
    m.add_functions(&FUNCTIONS)?;
    let doc = "Bisection algorithms: searching and inserting into sorted sequences\nwithout sorting them again.";
    m.add_object("__doc__", &*unicodeobject::from_static(doc)?)?;
    Ok(into_obj(m))
}
