//! The `itertools` module, ported from Modules/itertoolsmodule.c: each
//! iterator keeps its state in a [`Guarded`] cell, used inside the
//! object's critical section as the free-threaded build does.

use std::collections::VecDeque;
use std::sync::atomic::AtomicPtr;
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
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
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

/// A new instance of `ty` (an itertools type or a class derived from it).
fn make<S: Send>(ty: &TypeObject, st: S) -> PyResult<ObjRef> {
    object::new_object(It { ob_base: ObjectHeader::new(&ty.head), st: Guarded::new(st) }).map(into_obj)
}

/// The state of `v`, an instance of `ty` (whose instances are `It<S>`).
fn state<'a, S>(v: &'a PyObject, ty: &TypeObject) -> PyResult<&'a Guarded<S>> {
    if !type_of(v).is_subtype(ty) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of `ty` and of classes derived from it start with
    // the `It<S>` layout `make` gives them.
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

/// `_PyArg_NoKeywords` as the constructors apply it: skipped for a class
/// with its own `__init__`, which may take keywords of its own.
fn no_kw(name: &str, ty: &TypeObject, base: &TypeObject, kwds: Option<&DictObject>) -> PyResult<()> {
    let same_init = match (ty.slots.tp_init.get(), base.slots.tp_init.get()) {
        (Some(a), Some(b)) => core::ptr::fn_addr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    };
    if core::ptr::eq(ty, base) || same_init {
        no_keywords(name, kwds)?;
    }
    Ok(())
}

macro_rules! iter_type {
    (@make $flags:expr, $ty:ident, $name:literal, $state:ty, $new:expr, $next:expr, $methods:expr $(, $slot:ident = $val:expr)*) => {
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
        .with_flags($flags)
        .with_methods($methods);
    };
    // The internal types (`_grouper`) cannot be subclassed.
    (final $ty:ident, $name:literal, $state:ty, $new:expr, $next:expr) => {
        iter_type!(@make 0, $ty, $name, $state, $new, $next, &[]);
    };
    ($ty:ident, $name:literal, $state:ty, $new:expr, $next:expr, methods = $methods:expr $(, $slot:ident = $val:expr)*) => {
        iter_type!(@make flags::BASETYPE, $ty, $name, $state, $new, $next, $methods $(, $slot = $val)*);
    };
    ($ty:ident, $name:literal, $state:ty, $new:expr, $next:expr $(, $slot:ident = $val:expr)*) => {
        iter_type!(@make flags::BASETYPE, $ty, $name, $state, $new, $next, &[] $(, $slot = $val)*);
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

fn count_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("count", args, kwds, &["start", "step"], &[], 0)?;
    let start = a[0].clone().unwrap_or(longobject::from_i64(0)?);
    let step = a[1].clone().unwrap_or(longobject::from_i64(1)?);
    if !is_number(&start) || !is_number(&step) {
        return Err(type_error("a number is required"));
    }
    make(ty, Count { cnt: start, step })
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

fn cycle_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_kw("cycle", ty, &CYCLE_TYPE, kwds)?;
    let [it] = args.as_slice() else {
        return Err(type_error(&format!("cycle expected 1 argument, got {}", args.len())));
    };
    make(ty, Cycle { it: r#abstract::get_iter(it)?, saved: Vec::new(), index: 0, firstpass: true })
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

fn repeat_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("repeat", args, kwds, &["object", "times"], &[], 1)?;
    let cnt = match &a[1] {
        None => None,
        Some(t) => Some(r#abstract::as_ssize(t, Some(exceptions::overflow_error()))?.max(0) as usize),
    };
    make(ty, Repeat { element: a[0].clone().unwrap_or_else(object::none), cnt })
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

fn accumulate_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("accumulate", args, kwds, &["iterable", "func"], &["initial"], 1)?;
    let it = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    let func = a[1].clone().filter(|f| !object::is_none(f));
    let initial = a[2].clone().filter(|f| !object::is_none(f));
    make(ty, Accumulate { it, func, total: None, initial })
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

fn batched_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
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
    make(ty, Batched { it: Some(it), n: n as usize, strict })
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

fn chain_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_kw("chain", ty, &CHAIN_TYPE, kwds)?;
    let source = r#abstract::get_iter(as_obj(args))?;
    make(ty, Chain { source: Some(source), active: None })
}

fn chain_from_iterable(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [it] = args else {
        return Err(type_error(&format!("from_iterable() takes exactly one argument ({} given)", args.len())));
    };
    let ty = object::downcast::<TypeObject>(cls).filter(|t| t.is_subtype(&CHAIN_TYPE)).unwrap_or(&CHAIN_TYPE);
    make(ty, Chain { source: Some(r#abstract::get_iter(it)?), active: None })
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

fn compress_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("compress", args, kwds, &["data", "selectors"], &[], 2)?;
    let data = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    let selectors = r#abstract::get_iter(a[1].as_deref().unwrap_or(&object::NONE))?;
    make(ty, Compress { data, selectors })
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

fn pred_new(name: &str, ty: &TypeObject, base: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_kw(name, ty, base, kwds)?;
    let [func, seq] = args.as_slice() else {
        return Err(type_error(&format!("{name} expected 2 arguments, got {}", args.len())));
    };
    make(ty, PredIter { func: func.clone(), it: r#abstract::get_iter(seq)?, flag: false })
}

fn pred(func: &PyObject, item: &PyObject) -> PyResult<bool> {
    object::is_true(&*object::call(func, &[item])?)
}

fn dropwhile_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("dropwhile", ty, &DROPWHILE_TYPE, args, kwds)
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

fn takewhile_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("takewhile", ty, &TAKEWHILE_TYPE, args, kwds)
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

fn filterfalse_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("filterfalse", ty, &FILTERFALSE_TYPE, args, kwds)
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

fn starmap_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    pred_new("starmap", ty, &STARMAP_TYPE, args, kwds)
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

fn pairwise_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_kw("pairwise", ty, &PAIRWISE_TYPE, kwds)?;
    let [it] = args.as_slice() else {
        return Err(type_error(&format!("pairwise expected 1 argument, got {}", args.len())));
    };
    make(ty, Pairwise { it: Some(r#abstract::get_iter(it)?), old: None })
}

/// `pairwise_next`: the state is read and written around each call of the
/// source, which may re-enter this iterator (the result then pairs what
/// the nested call left behind, as CPython's does).
fn pairwise_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let st = state::<Pairwise>(v, &PAIRWISE_TYPE)?;
    let (Some(mut it), old) = st.with(v, |s| Ok((s.it.clone(), s.old.clone())))? else { return Ok(None) };
    let old = match old {
        Some(o) => o,
        None => {
            let first = next(&it);
            let stale = st.with(v, |s| Ok(core::mem::replace(&mut s.old, first.as_ref().ok().cloned().flatten())))?;
            drop(stale);
            let o = match first {
                Ok(Some(o)) => o,
                end => {
                    let gone = st.with(v, |s| Ok(s.it.take()))?;
                    drop(gone);
                    return end;
                }
            };
            match st.with(v, |s| Ok(s.it.clone()))? {
                Some(i) => it = i,
                None => {
                    let gone = st.with(v, |s| Ok(s.old.take()))?;
                    drop(gone);
                    return Ok(None);
                }
            }
            o
        }
    };
    let new = match next(&it) {
        Ok(Some(n)) => n,
        end => {
            let gone = st.with(v, |s| Ok((s.it.take(), s.old.take())))?;
            drop(gone);
            return end;
        }
    };
    let stale = st.with(v, |s| Ok(s.old.replace(new.clone())))?;
    drop(stale);
    tuple(&[old, new]).map(Some)
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

fn islice_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_kw("islice", ty, &ISLICE_TYPE, kwds)?;
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
    make(ty, Islice { it: Some(r#abstract::get_iter(&a[0])?), next: start, stop, step, cnt: 0 })
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

fn zip_longest_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
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
    make(ty, ZipLongest { its, active, fill })
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

fn groupby_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse("groupby", args, kwds, &["iterable", "key"], &[], 1)?;
    let it = r#abstract::get_iter(a[0].as_deref().unwrap_or(&object::NONE))?;
    let keyfunc = a[1].clone().filter(|k| !object::is_none(k));
    make(ty, GroupBy { it, keyfunc, tgtkey: None, currkey: None, currvalue: None, generation: 0 })
}

/// `groupby_step`: reads the next value and its key outside the state,
/// which the source or the key function may re-enter, then stores them.
fn groupby_step(v: &PyObject) -> PyResult<bool> {
    let st = state::<GroupBy>(v, &GROUPBY_TYPE)?;
    let (it, keyfunc) = st.with(v, |s| Ok((s.it.clone(), s.keyfunc.clone())))?;
    let Some(value) = next(&it)? else { return Ok(false) };
    let key = match &keyfunc {
        None => value.clone(),
        Some(f) => object::call(f, &[&value])?,
    };
    let old = st.with(v, |s| Ok((s.currvalue.replace(value), s.currkey.replace(key))))?;
    drop(old);
    Ok(true)
}

fn groupby_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let st = state::<GroupBy>(v, &GROUPBY_TYPE)?;
    // A new round of groups: the current grouper stops.
    st.with(v, |s| {
        s.generation += 1;
        Ok(())
    })?;
    let key = loop {
        let (currkey, tgtkey) = st.with(v, |s| Ok((s.currkey.clone(), s.tgtkey.clone())))?;
        if let Some(c) = currkey {
            match tgtkey {
                None => break c,
                // The keys are held here: the comparison may re-enter.
                Some(t) if !object::rich_compare_bool(&t, &c, object::CompareOp::Eq)? => break c,
                Some(_) => {}
            }
        }
        if !groupby_step(v)? {
            return Ok(None);
        }
    };
    let (key, g_id, old) = st.with(v, |s| {
        let key = s.currkey.clone().unwrap_or(key);
        let old = s.tgtkey.replace(key.clone());
        s.generation += 1;
        Ok((key, s.generation, old))
    })?;
    drop(old);
    let grouper = make(&GROUPER_TYPE, Grouper { parent: object::new_ref(v), tgtkey: key.clone(), generation: g_id })?;
    tuple(&[key, grouper]).map(Some)
}

fn grouper_new(_ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    Err(type_error("cannot create 'itertools._grouper' instances"))
}

/// `_grouper_next`: like `groupby_next`, the parent's state is only held
/// between the calls that may re-enter it.
fn grouper_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let (parent, tgtkey, g_id) = state::<Grouper>(v, &GROUPER_TYPE)?.with(v, |g| Ok((g.parent.clone(), g.tgtkey.clone(), g.generation)))?;
    let st = state::<GroupBy>(&parent, &GROUPBY_TYPE)?;
    let (current, have_value) = st.with(&parent, |s| Ok((s.generation == g_id, s.currvalue.is_some())))?;
    if !current {
        return Ok(None);
    }
    if !have_value && !groupby_step(&parent)? {
        return Ok(None);
    }
    let Some(currkey) = st.with(&parent, |s| Ok(s.currkey.clone()))? else { return Ok(None) };
    if !object::rich_compare_bool(&tgtkey, &currkey, object::CompareOp::Eq)? {
        return Ok(None);
    }
    let (value, key) = st.with(&parent, |s| Ok((s.currvalue.take(), s.currkey.take())))?;
    drop(key);
    Ok(value)
}

iter_type!(GROUPBY_TYPE, "itertools.groupby", GroupBy, groupby_new, groupby_next);
iter_type!(final GROUPER_TYPE, "itertools._grouper", Grouper, grouper_new, grouper_next);

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
    /// A tee is reading the source (`teedataobject.running`).
    running: bool,
}

/// An `itertools._tee`: a position in a shared [`TeeData`]. The fields are
/// fixed at creation; the shared data has its own lock, never held while
/// the source runs.
#[repr(C)]
pub struct TeeObject {
    ob_base: ObjectHeader,
    data: Arc<Mutex<TeeData>>,
    id: usize,
    weakreflist: AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TeeObject {}

impl Drop for TeeObject {
    fn drop(&mut self) {
        let freed = {
            let mut d = lock(&self.data);
            if let Some(p) = d.positions.get_mut(self.id) {
                *p = None;
            }
            trim(&mut d)
        };
        drop(freed);
    }
}

fn lock(data: &Mutex<TeeData>) -> std::sync::MutexGuard<'_, TeeData> {
    data.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Drops from the buffer the values every live tee has read; they are
/// returned to be released after the lock.
fn trim(d: &mut TeeData) -> Vec<ObjRef> {
    let min = d.positions.iter().flatten().copied().min().unwrap_or(usize::MAX);
    let mut freed = Vec::new();
    while d.base < min {
        let Some(x) = d.buf.pop_front() else { break };
        freed.push(x);
        d.base += 1;
    }
    freed
}

fn tee_of(v: &PyObject) -> PyResult<&TeeObject> {
    if !core::ptr::eq(type_of(v), &TEE_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of TEE_TYPE (which has no subclasses) are TeeObjects.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<TeeObject>() })
}

/// A new tee reading `data` from position `pos`.
fn tee_from(data: &Arc<Mutex<TeeData>>, pos: usize) -> PyResult<ObjRef> {
    let id = {
        let mut d = lock(data);
        match d.positions.iter().position(Option::is_none) {
            Some(i) => {
                d.positions[i] = Some(pos);
                i
            }
            None => {
                d.positions.push(Some(pos));
                d.positions.len() - 1
            }
        }
    };
    let t = TeeObject {
        ob_base: ObjectHeader::new(&TEE_TYPE.head),
        data: data.clone(),
        id,
        weakreflist: AtomicPtr::new(core::ptr::null_mut()),
    };
    object::new_object(t).map(into_obj)
}

/// `tee_fromiterable`: a copy of a tee, or a tee over a new buffer.
fn tee_fromiterable(iterable: &PyObject) -> PyResult<ObjRef> {
    let it = r#abstract::get_iter(iterable)?;
    if core::ptr::eq(type_of(&it), &TEE_TYPE) {
        return tee_copy(&it);
    }
    let data = Arc::new(Mutex::new(TeeData { it, buf: VecDeque::new(), base: 0, positions: Vec::new(), running: false }));
    tee_from(&data, 0)
}

fn tee_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    no_kw("_tee", ty, &TEE_TYPE, kwds)?;
    let [iterable] = args.as_slice() else {
        return Err(type_error(&format!("_tee expected 1 argument, got {}", args.len())));
    };
    tee_fromiterable(iterable)
}

fn tee_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let t = tee_of(v)?;
    let (pos, cached) = {
        let mut d = lock(&t.data);
        let pos = d.positions.get(t.id).copied().flatten().unwrap_or(d.base);
        match pos.checked_sub(d.base).and_then(|i| d.buf.get(i)).cloned() {
            Some(x) => (pos, Ok(x)),
            None => {
                if d.running {
                    return Err(errors::set_string(exceptions::runtime_error(), "cannot re-enter the tee iterator"));
                }
                d.running = true;
                (pos, Err(d.it.clone()))
            }
        }
    };
    let item = match cached {
        Ok(x) => x,
        Err(it) => {
            // The lead tee reads the source without holding the lock.
            let r = next(&it);
            let mut d = lock(&t.data);
            d.running = false;
            match r {
                Ok(Some(x)) => {
                    if d.base + d.buf.len() == pos {
                        d.buf.push_back(x.clone());
                    }
                    x
                }
                end => return end,
            }
        }
    };
    let freed = {
        let mut d = lock(&t.data);
        if let Some(p) = d.positions.get_mut(t.id) {
            *p = Some(pos + 1);
        }
        trim(&mut d)
    };
    drop(freed);
    Ok(Some(item))
}

fn tee_copy(v: &PyObject) -> PyResult<ObjRef> {
    let t = tee_of(v)?;
    let pos = {
        let d = lock(&t.data);
        d.positions.get(t.id).copied().flatten().unwrap_or(d.base)
    };
    tee_from(&t.data, pos)
}

static TEE_METHODS: [MethodDef; 1] = [MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(tee_copy), ml_doc: None }];

pub static TEE_TYPE: TypeObject = TypeObject::new_static(
    "itertools._tee",
    size_of::<TeeObject>(),
    object::dealloc_weakrefable::<TeeObject>,
    TypeSlots {
        tp_iter: Some(rupy::objects::iterobject::self_iter),
        tp_iternext: Some(tee_next),
        tp_new: Some(tee_new),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(0)
.with_methods(&TEE_METHODS)
.with_weaklistoffset(core::mem::offset_of!(TeeObject, weakreflist));

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
    let first = tee_fromiterable(iterable)?;
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

fn product_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
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
    make(ty, c)
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

fn combinations_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (pool, r) = pool_and_r("combinations", args, kwds, true)?;
    let r = r.unwrap_or(0);
    let mut c = Combo::new(pool, r);
    c.indices = (0..r).collect();
    c.stopped = r > c.pool.len();
    make(ty, c)
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

fn cwr_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (pool, r) = pool_and_r("combinations_with_replacement", args, kwds, true)?;
    let r = r.unwrap_or(0);
    let mut c = Combo::new(pool, r);
    c.indices = vec![0; r];
    c.stopped = c.pool.is_empty() && r > 0;
    make(ty, c)
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

fn permutations_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let (pool, r) = pool_and_r("permutations", args, kwds, false)?;
    let n = pool.len();
    let r = r.unwrap_or(n);
    let mut c = Combo::new(pool, r);
    c.indices = (0..n).collect();
    c.cycles = (0..r.min(n)).map(|i| n - i).collect();
    c.stopped = r > n;
    make(ty, c)
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
