//! The `itertools` module, ported from Modules/itertoolsmodule.c: each
//! iterator keeps its state in a [`Guarded`] cell, used inside the
//! object's critical section as the free-threaded build does.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots};
use rupy::objects::unicodeobject;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::{Guarded, no_keywords, parse};

/// An itertools iterator: the header and its guarded state.
#[repr(C)]
pub struct It<S> {
    ob_base: ObjectHeader,
    st: Guarded<S>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl<S> PyObjectLike for It<S> {}

fn make<S: Send>(ty: &'static TypeObject, st: S) -> PyResult<ObjRef> {
    object::new_object(It { ob_base: ObjectHeader::new(&ty.head), st: Guarded::new(st) }).map(into_obj)
}

/// The state of `v`, an instance of `ty` (whose instances are `It<S>`).
fn state<'a, S>(v: &'a PyObject, ty: &TypeObject) -> PyResult<&'a Guarded<S>> {
    if !core::ptr::eq(type_of(v), ty) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of `ty` are made by `make` with state `S`.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<It<S>>()).st })
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn tuple(items: &[ObjRef]) -> PyResult<ObjRef> {
    let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

fn next(it: &PyObject) -> PyResult<Option<ObjRef>> {
    r#abstract::iter_next(it)
}

/// A non-negative `isize` argument, or `err`.
fn ssize(v: &PyObject, err: &str) -> PyResult<usize> {
    match r#abstract::as_ssize(v, Some(exceptions::overflow_error())) {
        Ok(n) if n >= 0 => Ok(n as usize),
        Ok(_) => Err(value_error(err)),
        Err(e) => Err(e),
    }
}

macro_rules! iter_type {
    ($ty:ident, $name:literal, $state:ty, $new:expr, $next:expr, methods = $methods:expr $(, $slot:ident = $val:expr)*) => {
        pub static $ty: TypeObject = TypeObject::new_static(
            $name,
            size_of::<It<$state>>(),
            object::dealloc_simple::<It<$state>>,
            TypeSlots {
                tp_iter: Some(rupy::objects::iterobject::self_iter),
                tp_iternext: Some($next),
                tp_new: Some($new),
                tp_getattro: Some(object::generic_get_attr),
                $($slot: Some($val),)*
                ..TypeSlots::EMPTY
            },
        )
        .with_methods($methods);
    };
    ($ty:ident, $name:literal, $state:ty, $new:expr, $next:expr $(, $slot:ident = $val:expr)*) => {
        iter_type!($ty, $name, $state, $new, $next, methods = &[] $(, $slot = $val)*);
    };
}

// ---------------------------------------------------------------------
// count, cycle, repeat.

struct Count {
    cnt: ObjRef,
    step: ObjRef,
}

fn is_number(v: &PyObject) -> bool {
    let s = &type_of(v).slots;
    s.nb_index.get().is_some() || s.nb_float.get().is_some() || s.nb_int.get().is_some() || s.nb_add.get().is_some()
}

fn count_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("count", args, kwds, &["start", "step"], &[], 0)?;
    let start = a[0].clone().unwrap_or(longobject::from_i64(0)?);
    let step = a[1].clone().unwrap_or(longobject::from_i64(1)?);
    if !is_number(&start) || !is_number(&step) {
        return Err(type_error("a number is required"));
    }
    make(&COUNT_TYPE, Count { cnt: start, step })
}

fn count_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Count>(v, &COUNT_TYPE)?.with(v, |s| {
        let r = s.cnt.clone();
        s.cnt = r#abstract::add(&r, &s.step)?;
        Ok(Some(r))
    })
}

fn count_repr(v: &PyObject) -> PyResult<ObjRef> {
    let (cnt, step) = state::<Count>(v, &COUNT_TYPE)?.with(v, |s| Ok((s.cnt.clone(), s.step.clone())))?;
    let unit = object::type_check(&step, &longobject::INT_TYPE)
        && rupy::objects::object::downcast::<IntObject>(&step).and_then(IntObject::as_i64) == Some(1);
    let c = object::repr(&cnt)?.to_string_lossy();
    let text = if unit { format!("count({c})") } else { format!("count({c}, {})", object::repr(&step)?.to_string_lossy()) };
    unicodeobject::from_string(text).map(into_obj)
}

iter_type!(COUNT_TYPE, "itertools.count", Count, count_new, count_next, tp_repr = count_repr);

struct Cycle {
    it: ObjRef,
    saved: Vec<ObjRef>,
    index: usize,
    firstpass: bool,
}

fn cycle_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_keywords("cycle", kwds)?;
    let [it] = args.as_slice() else {
        return Err(type_error(&format!("cycle expected 1 argument, got {}", args.len())));
    };
    make(&CYCLE_TYPE, Cycle { it: r#abstract::get_iter(it)?, saved: Vec::new(), index: 0, firstpass: true })
}

fn cycle_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Cycle>(v, &CYCLE_TYPE)?.with(v, |s| {
        if s.firstpass {
            if let Some(item) = next(&s.it)? {
                s.saved.push(item.clone());
                return Ok(Some(item));
            }
            s.firstpass = false;
        }
        if s.saved.is_empty() {
            return Ok(None);
        }
        let item = s.saved[s.index].clone();
        s.index = (s.index + 1) % s.saved.len();
        Ok(Some(item))
    })
}

iter_type!(CYCLE_TYPE, "itertools.cycle", Cycle, cycle_new, cycle_next);

struct Repeat {
    element: ObjRef,
    /// Remaining repetitions; `None` forever.
    cnt: Option<usize>,
}

fn repeat_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("repeat", args, kwds, &["object", "times"], &[], 1)?;
    let cnt = match &a[1] {
        None => None,
        Some(t) => Some(r#abstract::as_ssize(t, Some(exceptions::overflow_error()))?.max(0) as usize),
    };
    make(&REPEAT_TYPE, Repeat { element: a[0].clone().unwrap_or_else(object::none), cnt })
}

fn repeat_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Repeat>(v, &REPEAT_TYPE)?.with(v, |s| match &mut s.cnt {
        None => Ok(Some(s.element.clone())),
        Some(0) => Ok(None),
        Some(n) => {
            *n -= 1;
            Ok(Some(s.element.clone()))
        }
    })
}

fn repeat_repr(v: &PyObject) -> PyResult<ObjRef> {
    let (e, cnt) = state::<Repeat>(v, &REPEAT_TYPE)?.with(v, |s| Ok((s.element.clone(), s.cnt)))?;
    let er = object::repr(&e)?.to_string_lossy();
    let text = match cnt {
        None => format!("repeat({er})"),
        Some(n) => format!("repeat({er}, {n})"),
    };
    unicodeobject::from_string(text).map(into_obj)
}

fn repeat_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let cnt = state::<Repeat>(v, &REPEAT_TYPE)?.with(v, |s| Ok(s.cnt))?;
    match cnt {
        Some(n) => longobject::from_i64(n as i64),
        None => Err(type_error("len() of unsized object")),
    }
}

static REPEAT_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__length_hint__", ml_meth: MethodFn::NoArgs(repeat_length_hint), ml_doc: None }];

iter_type!(REPEAT_TYPE, "itertools.repeat", Repeat, repeat_new, repeat_next, methods = &REPEAT_METHODS, tp_repr = repeat_repr);

// ---------------------------------------------------------------------
// accumulate, batched, chain, compress, dropwhile, takewhile,
// filterfalse, starmap, pairwise.

struct Accumulate {
    it: ObjRef,
    func: Option<ObjRef>,
    total: Option<ObjRef>,
    initial: Option<ObjRef>,
}

fn accumulate_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("accumulate", args, kwds, &["iterable", "func"], &["initial"], 1)?;
    let it = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    let func = a[1].clone().filter(|f| !object::is_none(f));
    let initial = a[2].clone().filter(|f| !object::is_none(f));
    make(&ACCUMULATE_TYPE, Accumulate { it, func, total: None, initial })
}

fn accumulate_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Accumulate>(v, &ACCUMULATE_TYPE)?.with(v, |s| {
        if let Some(init) = s.initial.take() {
            s.total = Some(init.clone());
            return Ok(Some(init));
        }
        let Some(val) = next(&s.it)? else { return Ok(None) };
        let new = match &s.total {
            None => val,
            Some(t) => match &s.func {
                None => r#abstract::add(t, &val)?,
                Some(f) => object::call(f, &[t, &val])?,
            },
        };
        s.total = Some(new.clone());
        Ok(Some(new))
    })
}

iter_type!(ACCUMULATE_TYPE, "itertools.accumulate", Accumulate, accumulate_new, accumulate_next);

struct Batched {
    it: Option<ObjRef>,
    n: usize,
    strict: bool,
}

fn batched_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("batched", args, kwds, &["iterable", "n"], &["strict"], 2)?;
    let n = r#abstract::as_ssize(a[1].as_deref().unwrap_or(&object::NONE), Some(exceptions::overflow_error()))?;
    if n < 1 {
        return Err(value_error("n must be at least one"));
    }
    let strict = match &a[2] {
        Some(s) => object::is_true(s)?,
        None => false,
    };
    let it = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    make(&BATCHED_TYPE, Batched { it: Some(it), n: n as usize, strict })
}

fn batched_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Batched>(v, &BATCHED_TYPE)?.with(v, |s| {
        let Some(it) = s.it.clone() else { return Ok(None) };
        let mut items = Vec::with_capacity(s.n.min(1024));
        while items.len() < s.n {
            match next(&it)? {
                Some(x) => items.push(x),
                None => {
                    s.it = None;
                    break;
                }
            }
        }
        if items.is_empty() {
            return Ok(None);
        }
        if s.strict && items.len() < s.n {
            return Err(value_error("batched(): incomplete batch"));
        }
        tuple(&items).map(Some)
    })
}

iter_type!(BATCHED_TYPE, "itertools.batched", Batched, batched_new, batched_next);

struct Chain {
    source: Option<ObjRef>,
    active: Option<ObjRef>,
}

fn chain_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_keywords("chain", kwds)?;
    let source = r#abstract::get_iter(as_obj(args))?;
    make(&CHAIN_TYPE, Chain { source: Some(source), active: None })
}

fn chain_from_iterable(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [it] = args else {
        return Err(type_error(&format!("from_iterable() takes exactly one argument ({} given)", args.len())));
    };
    make(&CHAIN_TYPE, Chain { source: Some(r#abstract::get_iter(it)?), active: None })
}

fn chain_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Chain>(v, &CHAIN_TYPE)?.with(v, |s| {
        loop {
            if s.active.is_none() {
                let Some(src) = s.source.clone() else { return Ok(None) };
                match next(&src)? {
                    Some(iterable) => s.active = Some(r#abstract::get_iter(&iterable)?),
                    None => {
                        s.source = None;
                        return Ok(None);
                    }
                }
            }
            let Some(active) = s.active.clone() else { continue };
            if let Some(item) = next(&active)? {
                return Ok(Some(item));
            }
            s.active = None;
        }
    })
}

static CHAIN_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "from_iterable", ml_meth: MethodFn::Class(chain_from_iterable), ml_doc: None },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

iter_type!(CHAIN_TYPE, "itertools.chain", Chain, chain_new, chain_next, methods = &CHAIN_METHODS);

struct Compress {
    data: ObjRef,
    selectors: ObjRef,
}

fn compress_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("compress", args, kwds, &["data", "selectors"], &[], 2)?;
    let data = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    let selectors = r#abstract::get_iter(a[1].as_deref().unwrap_or(&object::NONE))?;
    make(&COMPRESS_TYPE, Compress { data, selectors })
}

fn compress_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Compress>(v, &COMPRESS_TYPE)?.with(v, |s| loop {
        let Some(d) = next(&s.data)? else { return Ok(None) };
        let Some(sel) = next(&s.selectors)? else { return Ok(None) };
        if object::is_true(&sel)? {
            return Ok(Some(d));
        }
    })
}

iter_type!(COMPRESS_TYPE, "itertools.compress", Compress, compress_new, compress_next);

/// `dropwhile`, `takewhile`, `filterfalse`: a predicate and an iterator.
struct PredIter {
    func: ObjRef,
    it: ObjRef,
    /// dropwhile: done dropping; takewhile: stopped.
    flag: bool,
}

fn pred_new(name: &str, ty: &'static TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_keywords(name, kwds)?;
    let [func, seq] = args.as_slice() else {
        return Err(type_error(&format!("{name} expected 2 arguments, got {}", args.len())));
    };
    make(ty, PredIter { func: func.clone(), it: r#abstract::get_iter(seq)?, flag: false })
}

fn pred(func: &PyObject, item: &PyObject) -> PyResult<bool> {
    object::is_true(&*object::call(func, &[item])?)
}

fn dropwhile_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("dropwhile", &DROPWHILE_TYPE, args, kwds)
}

fn dropwhile_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<PredIter>(v, &DROPWHILE_TYPE)?.with(v, |s| loop {
        let Some(item) = next(&s.it)? else { return Ok(None) };
        if s.flag {
            return Ok(Some(item));
        }
        if !pred(&s.func, &item)? {
            s.flag = true;
            return Ok(Some(item));
        }
    })
}

iter_type!(DROPWHILE_TYPE, "itertools.dropwhile", PredIter, dropwhile_new, dropwhile_next);

fn takewhile_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("takewhile", &TAKEWHILE_TYPE, args, kwds)
}

fn takewhile_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<PredIter>(v, &TAKEWHILE_TYPE)?.with(v, |s| {
        if s.flag {
            return Ok(None);
        }
        let Some(item) = next(&s.it)? else { return Ok(None) };
        if pred(&s.func, &item)? {
            return Ok(Some(item));
        }
        s.flag = true;
        Ok(None)
    })
}

iter_type!(TAKEWHILE_TYPE, "itertools.takewhile", PredIter, takewhile_new, takewhile_next);

fn filterfalse_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("filterfalse", &FILTERFALSE_TYPE, args, kwds)
}

fn filterfalse_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<PredIter>(v, &FILTERFALSE_TYPE)?.with(v, |s| loop {
        let Some(item) = next(&s.it)? else { return Ok(None) };
        let ok = if object::is_none(&s.func) { object::is_true(&item)? } else { pred(&s.func, &item)? };
        if !ok {
            return Ok(Some(item));
        }
    })
}

iter_type!(FILTERFALSE_TYPE, "itertools.filterfalse", PredIter, filterfalse_new, filterfalse_next);

fn starmap_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("starmap", &STARMAP_TYPE, args, kwds)
}

fn starmap_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<PredIter>(v, &STARMAP_TYPE)?.with(v, |s| {
        let Some(item) = next(&s.it)? else { return Ok(None) };
        let argv = r#abstract::collect(&item)?;
        let refs: Vec<&PyObject> = argv.iter().map(|o| &**o).collect();
        object::call(&s.func, &refs).map(Some)
    })
}

iter_type!(STARMAP_TYPE, "itertools.starmap", PredIter, starmap_new, starmap_next);

struct Pairwise {
    it: Option<ObjRef>,
    old: Option<ObjRef>,
}

fn pairwise_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_keywords("pairwise", kwds)?;
    let [it] = args.as_slice() else {
        return Err(type_error(&format!("pairwise expected 1 argument, got {}", args.len())));
    };
    make(&PAIRWISE_TYPE, Pairwise { it: Some(r#abstract::get_iter(it)?), old: None })
}

fn pairwise_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Pairwise>(v, &PAIRWISE_TYPE)?.with(v, |s| {
        let Some(it) = s.it.clone() else { return Ok(None) };
        if s.old.is_none() {
            match next(&it)? {
                Some(x) => s.old = Some(x),
                None => {
                    s.it = None;
                    return Ok(None);
                }
            }
        }
        let Some(new) = next(&it)? else {
            s.it = None;
            s.old = None;
            return Ok(None);
        };
        let old = s.old.replace(new.clone()).unwrap_or_else(object::none);
        tuple(&[old, new]).map(Some)
    })
}

iter_type!(PAIRWISE_TYPE, "itertools.pairwise", Pairwise, pairwise_new, pairwise_next);

// ---------------------------------------------------------------------
// islice, zip_longest.

struct Islice {
    it: Option<ObjRef>,
    next: usize,
    stop: Option<usize>,
    step: usize,
    cnt: usize,
}

fn islice_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_keywords("islice", kwds)?;
    let a = args.as_slice();
    if a.len() < 2 || a.len() > 4 {
        return Err(type_error(&format!("islice expected at most 4 arguments, got {}", a.len())));
    }
    let idx = |v: &PyObject, msg: &str| -> PyResult<Option<usize>> {
        if object::is_none(v) {
            return Ok(None);
        }
        match r#abstract::as_ssize(v, None) {
            Ok(n) if n >= 0 => Ok(Some(n as usize)),
            _ => {
                errors::clear();
                Err(value_error(msg))
            }
        }
    };
    const IDX: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, step) = if a.len() == 2 {
        (0, idx(&a[1], "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")?, 1)
    } else {
        let start = idx(&a[1], IDX)?.unwrap_or(0);
        let stop = idx(&a[2], IDX)?;
        let step = match a.get(3) {
            Some(s) if !object::is_none(s) => match r#abstract::as_ssize(s, None) {
                Ok(n) if n >= 1 => n as usize,
                _ => {
                    errors::clear();
                    return Err(value_error("Step for islice() must be a positive integer or None."));
                }
            },
            _ => 1,
        };
        (start, stop, step)
    };
    make(&ISLICE_TYPE, Islice { it: Some(r#abstract::get_iter(&a[0])?), next: start, stop, step, cnt: 0 })
}

fn islice_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Islice>(v, &ISLICE_TYPE)?.with(v, |s| {
        let Some(it) = s.it.clone() else { return Ok(None) };
        while s.cnt < s.next {
            if next(&it)?.is_none() {
                s.it = None;
                return Ok(None);
            }
            s.cnt += 1;
        }
        if s.stop.is_some_and(|stop| s.cnt >= stop) {
            s.it = None;
            return Ok(None);
        }
        let Some(item) = next(&it)? else {
            s.it = None;
            return Ok(None);
        };
        s.cnt += 1;
        let oldnext = s.next;
        s.next = s.next.saturating_add(s.step);
        if s.next < oldnext || s.stop.is_some_and(|stop| s.next > stop) {
            s.next = s.stop.unwrap_or(usize::MAX);
        }
        Ok(Some(item))
    })
}

iter_type!(ISLICE_TYPE, "itertools.islice", Islice, islice_new, islice_next);

struct ZipLongest {
    its: Vec<Option<ObjRef>>,
    active: usize,
    fill: ObjRef,
}

fn zip_longest_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut fill = object::none();
    if let Some(k) = kwds {
        for (key, value) in k.items() {
            if object::str_lossy(&key) != "fillvalue" {
                return Err(type_error("zip_longest() got an unexpected keyword argument"));
            }
            fill = value;
        }
    }
    let its = args.as_slice().iter().map(|a| r#abstract::get_iter(a).map(Some)).collect::<PyResult<Vec<_>>>()?;
    let active = its.len();
    make(&ZIP_LONGEST_TYPE, ZipLongest { its, active, fill })
}

fn zip_longest_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<ZipLongest>(v, &ZIP_LONGEST_TYPE)?.with(v, |s| {
        if s.its.is_empty() || s.active == 0 {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(s.its.len());
        for i in 0..s.its.len() {
            let item = match s.its[i].clone() {
                None => s.fill.clone(),
                Some(it) => match next(&it)? {
                    Some(x) => x,
                    None => {
                        s.active -= 1;
                        if s.active == 0 {
                            return Ok(None);
                        }
                        s.its[i] = None;
                        s.fill.clone()
                    }
                },
            };
            out.push(item);
        }
        tuple(&out).map(Some)
    })
}

iter_type!(ZIP_LONGEST_TYPE, "itertools.zip_longest", ZipLongest, zip_longest_new, zip_longest_next);

// ---------------------------------------------------------------------
// groupby and its _grouper.

struct GroupBy {
    it: ObjRef,
    keyfunc: Option<ObjRef>,
    tgtkey: Option<ObjRef>,
    currkey: Option<ObjRef>,
    currvalue: Option<ObjRef>,
    /// Which grouper is current; older ones stop.
    generation: u64,
}

struct Grouper {
    parent: ObjRef,
    tgtkey: ObjRef,
    generation: u64,
}

fn groupby_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("groupby", args, kwds, &["iterable", "key"], &[], 1)?;
    let it = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    let keyfunc = a[1].clone().filter(|k| !object::is_none(k));
    make(&GROUPBY_TYPE, GroupBy { it, keyfunc, tgtkey: None, currkey: None, currvalue: None, generation: 0 })
}

/// `groupby_step`: reads the next value and its key.
fn groupby_step(s: &mut GroupBy) -> PyResult<bool> {
    let Some(value) = next(&s.it)? else { return Ok(false) };
    let key = match &s.keyfunc {
        None => value.clone(),
        Some(f) => object::call(f, &[&value])?,
    };
    s.currvalue = Some(value);
    s.currkey = Some(key);
    Ok(true)
}

fn groupby_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let (key, g_id) = match state::<GroupBy>(v, &GROUPBY_TYPE)?.with(v, |s| {
        s.generation += 1;
        loop {
            match (&s.currkey, &s.tgtkey) {
                (None, _) => {
                    if !groupby_step(s)? {
                        return Ok(None);
                    }
                }
                (Some(c), Some(t)) => {
                    if !object::rich_compare_bool(t, c, object::CompareOp::Eq)? {
                        break;
                    }
                    if !groupby_step(s)? {
                        return Ok(None);
                    }
                }
                (Some(_), None) => break,
            }
        }
        s.tgtkey = s.currkey.clone();
        Ok(Some((s.currkey.clone().unwrap_or_else(object::none), s.generation)))
    })? {
        Some(x) => x,
        None => return Ok(None),
    };
    let grouper = make(&GROUPER_TYPE, Grouper { parent: object::new_ref(v), tgtkey: key.clone(), generation: g_id })?;
    tuple(&[key, grouper]).map(Some)
}

fn grouper_new(_ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    Err(type_error("cannot create 'itertools._grouper' instances"))
}

fn grouper_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let (parent, tgtkey, g_id) = state::<Grouper>(v, &GROUPER_TYPE)?.with(v, |g| Ok((g.parent.clone(), g.tgtkey.clone(), g.generation)))?;
    state::<GroupBy>(&parent, &GROUPBY_TYPE)?.with(&parent, |s| {
        if s.generation != g_id {
            return Ok(None);
        }
        if s.currvalue.is_none() && !groupby_step(s)? {
            return Ok(None);
        }
        let Some(c) = s.currkey.clone() else { return Ok(None) };
        if !object::rich_compare_bool(&tgtkey, &c, object::CompareOp::Eq)? {
            return Ok(None);
        }
        s.currkey = None;
        Ok(s.currvalue.take())
    })
}

iter_type!(GROUPBY_TYPE, "itertools.groupby", GroupBy, groupby_new, groupby_next);
iter_type!(GROUPER_TYPE, "itertools._grouper", Grouper, grouper_new, grouper_next);

// ---------------------------------------------------------------------
// tee.

/// The values read from the source that some tee has not consumed yet
/// (`teedataobject` chains, as one buffer).
struct TeeData {
    it: ObjRef,
    buf: VecDeque<ObjRef>,
    /// The index of `buf[0]` in the source's sequence.
    base: usize,
    /// The position of each live tee (by id), for trimming the buffer.
    positions: Vec<Option<usize>>,
}

struct Tee {
    data: Arc<Mutex<TeeData>>,
    id: usize,
}

impl Drop for Tee {
    fn drop(&mut self) {
        let mut d = self.data.lock().unwrap_or_else(PoisonError::into_inner);
        d.positions[self.id] = None;
    }
}

fn tee_from(data: &Arc<Mutex<TeeData>>, pos: usize) -> PyResult<ObjRef> {
    let id = {
        let mut d = data.lock().unwrap_or_else(PoisonError::into_inner);
        d.positions.push(Some(pos));
        d.positions.len() - 1
    };
    make(&TEE_TYPE, Tee { data: data.clone(), id })
}

fn tee_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_keywords("_tee", kwds)?;
    let [iterable] = args.as_slice() else {
        return Err(type_error(&format!("_tee expected 1 argument, got {}", args.len())));
    };
    let it = r#abstract::get_iter(iterable)?;
    let data = Arc::new(Mutex::new(TeeData { it, buf: VecDeque::new(), base: 0, positions: Vec::new() }));
    tee_from(&data, 0)
}

fn tee_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Tee>(v, &TEE_TYPE)?.with(v, |t| {
        let (pos, it, cached) = {
            let d = t.data.lock().unwrap_or_else(PoisonError::into_inner);
            let pos = d.positions[t.id].unwrap_or(0);
            (pos, d.it.clone(), d.buf.get(pos - d.base).cloned())
        };
        let item = match cached {
            Some(x) => x,
            None => {
                // The source is read outside the buffer's lock.
                let Some(x) = next(&it)? else { return Ok(None) };
                let mut d = t.data.lock().unwrap_or_else(PoisonError::into_inner);
                if d.base + d.buf.len() == pos {
                    d.buf.push_back(x.clone());
                }
                x
            }
        };
        let mut d = t.data.lock().unwrap_or_else(PoisonError::into_inner);
        d.positions[t.id] = Some(pos + 1);
        let min = d.positions.iter().flatten().copied().min().unwrap_or(pos + 1);
        while d.base < min && !d.buf.is_empty() {
            d.buf.pop_front();
            d.base += 1;
        }
        Ok(Some(item))
    })
}

fn tee_copy(v: &PyObject) -> PyResult<ObjRef> {
    let (data, pos) = state::<Tee>(v, &TEE_TYPE)?.with(v, |t| {
        let pos = t.data.lock().unwrap_or_else(PoisonError::into_inner).positions[t.id].unwrap_or(0);
        Ok((t.data.clone(), pos))
    })?;
    tee_from(&data, pos)
}

static TEE_METHODS: [MethodDef; 1] = [MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(tee_copy), ml_doc: None }];

iter_type!(TEE_TYPE, "itertools._tee", Tee, tee_new, tee_next, methods = &TEE_METHODS);

/// `tee(iterable, n=2)`.
fn tee(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error("tee() takes no keyword arguments"));
    }
    let (iterable, n) = match args {
        [it] => (*it, 2),
        [it, n] => (*it, r#abstract::as_ssize(n, Some(exceptions::overflow_error()))?),
        _ => return Err(type_error(&format!("tee expected at most 2 arguments, got {}", args.len()))),
    };
    if n < 0 {
        return Err(value_error("n must be >= 0"));
    }
    if n == 0 {
        return tuple(&[]);
    }
    let first = if core::ptr::eq(type_of(iterable), &TEE_TYPE) {
        tee_copy(iterable)?
    } else {
        let t = tupleobject::from_slice(&[iterable])?;
        tee_new(&TEE_TYPE, &t, None)?
    };
    let mut out = vec![first.clone()];
    for _ in 1..n {
        out.push(tee_copy(&first)?);
    }
    tuple(&out)
}

// ---------------------------------------------------------------------
// product, permutations, combinations, combinations_with_replacement.

/// The pools and index state of the combinatoric iterators.
struct Combo {
    pool: Vec<ObjRef>,
    /// product: one pool per position (indices into `pools`).
    pools: Vec<Vec<ObjRef>>,
    indices: Vec<usize>,
    cycles: Vec<usize>,
    r: usize,
    result: Option<Vec<ObjRef>>,
    stopped: bool,
}

impl Combo {
    fn new(pool: Vec<ObjRef>, r: usize) -> Combo {
        Combo { pool, pools: Vec::new(), indices: Vec::new(), cycles: Vec::new(), r, result: None, stopped: false }
    }
}

fn product_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let mut repeat = 1usize;
    if let Some(k) = kwds {
        for (key, value) in k.items() {
            if object::str_lossy(&key) != "repeat" {
                return Err(type_error("product() got an unexpected keyword argument"));
            }
            let n = r#abstract::as_ssize(&value, Some(exceptions::overflow_error()))?;
            if n < 0 {
                return Err(value_error("repeat argument cannot be negative"));
            }
            repeat = n as usize;
        }
    }
    let base: Vec<Vec<ObjRef>> = args.as_slice().iter().map(|a| r#abstract::collect(a)).collect::<PyResult<_>>()?;
    let mut pools = Vec::with_capacity(base.len() * repeat);
    for _ in 0..repeat {
        pools.extend(base.iter().cloned());
    }
    let mut c = Combo::new(Vec::new(), pools.len());
    c.indices = vec![0; pools.len()];
    c.pools = pools;
    make(&PRODUCT_TYPE, c)
}

fn product_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Combo>(v, &PRODUCT_TYPE)?.with(v, |s| {
        if s.stopped {
            return Ok(None);
        }
        match &mut s.result {
            None => {
                if s.pools.iter().any(Vec::is_empty) {
                    s.stopped = true;
                    return Ok(None);
                }
                s.result = Some(s.pools.iter().map(|p| p[0].clone()).collect());
            }
            Some(result) => {
                let mut i = s.pools.len();
                loop {
                    if i == 0 {
                        s.stopped = true;
                        return Ok(None);
                    }
                    i -= 1;
                    s.indices[i] += 1;
                    if s.indices[i] == s.pools[i].len() {
                        s.indices[i] = 0;
                        result[i] = s.pools[i][0].clone();
                    } else {
                        result[i] = s.pools[i][s.indices[i]].clone();
                        break;
                    }
                }
            }
        }
        tuple(s.result.as_deref().unwrap_or(&[])).map(Some)
    })
}

iter_type!(PRODUCT_TYPE, "itertools.product", Combo, product_new, product_next);

/// `(iterable, r)` of combinations / permutations.
fn pool_and_r(name: &str, args: &TupleObject, kwds: Option<&DictObject>, r_required: bool) -> PyResult<(Vec<ObjRef>, Option<usize>)> {
    let a = parse(name, args, kwds, &["iterable", "r"], &[], if r_required { 2 } else { 1 })?;
    let pool = r#abstract::collect(a[0].as_deref().unwrap_or(&object::NONE))?;
    let r = match &a[1] {
        Some(r) if !object::is_none(r) => Some(ssize(r, "r must be non-negative")?),
        _ => None,
    };
    Ok((pool, r))
}

fn combinations_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (pool, r) = pool_and_r("combinations", args, kwds, true)?;
    let r = r.unwrap_or(0);
    let mut c = Combo::new(pool, r);
    c.indices = (0..r).collect();
    c.stopped = r > c.pool.len();
    make(&COMBINATIONS_TYPE, c)
}

fn combinations_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Combo>(v, &COMBINATIONS_TYPE)?.with(v, |s| {
        if s.stopped {
            return Ok(None);
        }
        let n = s.pool.len();
        let r = s.r;
        if s.result.is_some() {
            let mut i = r;
            loop {
                if i == 0 {
                    s.stopped = true;
                    return Ok(None);
                }
                i -= 1;
                if s.indices[i] != i + n - r {
                    break;
                }
            }
            s.indices[i] += 1;
            for j in i + 1..r {
                s.indices[j] = s.indices[j - 1] + 1;
            }
        }
        let result: Vec<ObjRef> = s.indices.iter().map(|&i| s.pool[i].clone()).collect();
        s.result = Some(Vec::new());
        tuple(&result).map(Some)
    })
}

iter_type!(COMBINATIONS_TYPE, "itertools.combinations", Combo, combinations_new, combinations_next);

fn cwr_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (pool, r) = pool_and_r("combinations_with_replacement", args, kwds, true)?;
    let r = r.unwrap_or(0);
    let mut c = Combo::new(pool, r);
    c.indices = vec![0; r];
    c.stopped = c.pool.is_empty() && r > 0;
    make(&CWR_TYPE, c)
}

fn cwr_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Combo>(v, &CWR_TYPE)?.with(v, |s| {
        if s.stopped {
            return Ok(None);
        }
        let n = s.pool.len();
        let r = s.r;
        if s.result.is_some() {
            let mut i = r;
            loop {
                if i == 0 {
                    s.stopped = true;
                    return Ok(None);
                }
                i -= 1;
                if s.indices[i] != n - 1 {
                    break;
                }
            }
            let idx = s.indices[i] + 1;
            for j in i..r {
                s.indices[j] = idx;
            }
        }
        let result: Vec<ObjRef> = s.indices.iter().map(|&i| s.pool[i].clone()).collect();
        s.result = Some(Vec::new());
        tuple(&result).map(Some)
    })
}

iter_type!(CWR_TYPE, "itertools.combinations_with_replacement", Combo, cwr_new, cwr_next);

fn permutations_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (pool, r) = pool_and_r("permutations", args, kwds, false)?;
    let n = pool.len();
    let r = r.unwrap_or(n);
    let mut c = Combo::new(pool, r);
    c.indices = (0..n).collect();
    c.cycles = (0..r.min(n)).map(|i| n - i).collect();
    c.stopped = r > n;
    make(&PERMUTATIONS_TYPE, c)
}

fn permutations_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    state::<Combo>(v, &PERMUTATIONS_TYPE)?.with(v, |s| {
        if s.stopped {
            return Ok(None);
        }
        let n = s.pool.len();
        let r = s.r;
        if s.result.is_some() {
            if n == 0 {
                s.stopped = true;
                return Ok(None);
            }
            let mut i = r;
            loop {
                if i == 0 {
                    s.stopped = true;
                    return Ok(None);
                }
                i -= 1;
                s.cycles[i] -= 1;
                if s.cycles[i] == 0 {
                    let idx = s.indices.remove(i);
                    s.indices.push(idx);
                    s.cycles[i] = n - i;
                } else {
                    let j = s.cycles[i];
                    s.indices.swap(i, n - j);
                    break;
                }
            }
        }
        let result: Vec<ObjRef> = s.indices[..r].iter().map(|&i| s.pool[i].clone()).collect();
        s.result = Some(Vec::new());
        tuple(&result).map(Some)
    })
}

iter_type!(PERMUTATIONS_TYPE, "itertools.permutations", Combo, permutations_new, permutations_next);

// ---------------------------------------------------------------------
// The module.

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "tee", func: tee }];

/// `itertoolsmodule_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("itertools")?;
    m.add_functions(&FUNCTIONS)?;
    let types: [(&str, &'static TypeObject); 21] = [
        ("accumulate", &ACCUMULATE_TYPE),
        ("batched", &BATCHED_TYPE),
        ("chain", &CHAIN_TYPE),
        ("combinations", &COMBINATIONS_TYPE),
        ("combinations_with_replacement", &CWR_TYPE),
        ("compress", &COMPRESS_TYPE),
        ("count", &COUNT_TYPE),
        ("cycle", &CYCLE_TYPE),
        ("dropwhile", &DROPWHILE_TYPE),
        ("filterfalse", &FILTERFALSE_TYPE),
        ("groupby", &GROUPBY_TYPE),
        ("_grouper", &GROUPER_TYPE),
        ("islice", &ISLICE_TYPE),
        ("pairwise", &PAIRWISE_TYPE),
        ("permutations", &PERMUTATIONS_TYPE),
        ("product", &PRODUCT_TYPE),
        ("repeat", &REPEAT_TYPE),
        ("starmap", &STARMAP_TYPE),
        ("takewhile", &TAKEWHILE_TYPE),
        ("_tee", &TEE_TYPE),
        ("zip_longest", &ZIP_LONGEST_TYPE),
    ];
    for (name, t) in types {
        t.ready()?;
        m.add_object(name, as_obj(t))?;
    }
    Ok(into_obj(m))
}
