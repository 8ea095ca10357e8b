//! The `_heapq` module, ported from Modules/_heapqmodule.c: `siftdown`,
//! `siftup` and their max-heap twins, `heappush`, `heappop`
//! (`heappop_internal`), `heapreplace` (`heapreplace_internal`),
//! `heappushpop`, `heapify` (`heapify_internal` with
//! `cache_friendly_heapify` past 2500 items) and the public max-heap
//! variants of 3.14.
//!
//! Each function runs in the heap's critical section, as CPython 3.14's
//! `@critical_section heap` does: concurrent pushes and pops on one heap
//! are serialized, and the section is suspended if a comparison (Python
//! code) blocks. Items are read, written and swapped through
//! `ListObject`'s API (re-entering the held section costs nothing) and
//! only owned references are kept across a comparison, which may change
//! the list: a change of size raises RuntimeError as in CPython.

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject;

fn index_error() -> errors::ErrSet {
    errors::set_string(exceptions::index_error(), "index out of range")
}

fn changed_size() -> errors::ErrSet {
    errors::set_string(exceptions::runtime_error(), "list changed size during iteration")
}

fn item(heap: &ListObject, i: isize) -> PyResult<ObjRef> {
    heap.get_item_ref(i).ok_or_else(index_error)
}

/// Which way the heap is ordered: `is_lower(a, b)` says whether `a` goes
/// nearer the root than `b`.
#[derive(Clone, Copy)]
enum Order {
    Min,
    Max,
}

impl Order {
    fn is_lower(self, a: &PyObject, b: &PyObject) -> PyResult<bool> {
        match self {
            Order::Min => object::rich_compare_bool(a, b, CompareOp::Lt),
            Order::Max => object::rich_compare_bool(b, a, CompareOp::Lt),
        }
    }

    /// Does `heap[i]` go nearer the root than `heap[j]`? Exact floats and
    /// ints are compared in place (`ListObject::native_lt`); other items
    /// are taken as owned references and compared with `<`.
    fn is_lower_at(self, heap: &ListObject, i: isize, j: isize) -> PyResult<bool> {
        let native = match self {
            Order::Min => heap.native_lt(i, j),
            Order::Max => heap.native_lt(j, i),
        };
        if let Some(r) = native {
            return Ok(r);
        }
        let (a, b) = (item(heap, i)?, item(heap, j)?);
        self.is_lower(&a, &b)
    }
}

/// `siftdown` / `siftdown_max`: moves the item at `pos` up towards
/// `startpos` while it is lower than its parent.
fn siftdown(heap: &ListObject, order: Order, startpos: isize, mut pos: isize) -> PyResult<()> {
    let size = heap.len() as isize;
    if pos >= size {
        return Err(index_error());
    }
    // The item being sifted is always the one at `pos` (CPython reads it
    // again after each swap, as a comparison may have replaced it).
    while pos > startpos {
        let parentpos = (pos - 1) >> 1;
        let lower = order.is_lower_at(heap, pos, parentpos)?;
        if size != heap.len() as isize {
            return Err(changed_size());
        }
        if !lower {
            break;
        }
        heap.swap(parentpos, pos)?;
        pos = parentpos;
    }
    Ok(())
}

/// `siftup` / `siftup_max`: moves the lower child up until `pos` is a
/// leaf, then sifts the item there back down.
fn siftup(heap: &ListObject, order: Order, mut pos: isize) -> PyResult<()> {
    let endpos = heap.len() as isize;
    let startpos = pos;
    if pos >= endpos {
        return Err(index_error());
    }
    let limit = endpos >> 1;
    while pos < limit {
        let mut childpos = 2 * pos + 1;
        if childpos + 1 < endpos {
            if !order.is_lower_at(heap, childpos, childpos + 1)? {
                childpos += 1;
            }
            if endpos != heap.len() as isize {
                return Err(changed_size());
            }
        }
        heap.swap(childpos, pos)?;
        pos = childpos;
    }
    siftdown(heap, order, startpos, pos)
}

/// The heap argument: a list or a subclass (`subclass_of='&PyList_Type'`).
fn heap_arg<'a>(fname: &str, which: &str, v: &'a PyObject) -> PyResult<&'a ListObject> {
    downcast::<ListObject>(v).ok_or_else(|| {
        errors::set_string(
            exceptions::type_error(),
            &format!("{fname}() argument{which} must be list, not {}", type_of(v).name()),
        )
    })
}

/// Unpacks `(heap, item)` of a two-argument function.
fn two_args<'a>(fname: &str, args: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<(&'a ListObject, &'a PyObject)> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), &format!("_heapq.{fname}() takes no keyword arguments")));
    }
    let [heap, x] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{fname} expected 2 arguments, got {}", args.len()),
        ));
    };
    Ok((heap_arg(fname, " 1", heap)?, x))
}

/// The heap of a one-argument (`METH_O`) function.
fn one_arg<'a>(fname: &str, args: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<&'a ListObject> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), &format!("_heapq.{fname}() takes no keyword arguments")));
    }
    let [heap] = args else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("_heapq.{fname}() takes exactly one argument ({} given)", args.len()),
        ));
    };
    heap_arg(fname, "", heap)
}

fn push(heap: &ListObject, x: &PyObject, order: Order) -> PyResult<ObjRef> {
    heap.append(x)?;
    siftdown(heap, order, 0, heap.len() as isize - 1)?;
    Ok(object::none())
}

/// `heappop_internal`.
fn pop(heap: &ListObject, order: Order) -> PyResult<ObjRef> {
    if heap.is_empty() {
        return Err(index_error());
    }
    let lastelt = heap.pop(-1)?;
    if heap.is_empty() {
        return Ok(lastelt);
    }
    let returnitem = heap.exchange(0, &lastelt)?;
    siftup(heap, order, 0)?;
    Ok(returnitem)
}

/// `heapreplace_internal`.
fn replace(heap: &ListObject, x: &PyObject, order: Order) -> PyResult<ObjRef> {
    if heap.is_empty() {
        return Err(index_error());
    }
    let returnitem = heap.exchange(0, x)?;
    siftup(heap, order, 0)?;
    Ok(returnitem)
}

/// `heappushpop` / `heappushpop_max`: `x` comes straight back unless
/// the top is lower than it.
fn pushpop(heap: &ListObject, x: &PyObject, order: Order) -> PyResult<ObjRef> {
    let Some(top) = heap.get_item_ref(0) else { return Ok(object::new_ref(x)) };
    let lower = order.is_lower(&top, x)?;
    drop(top);
    if !lower {
        return Ok(object::new_ref(x));
    }
    if heap.is_empty() {
        return Err(index_error());
    }
    let returnitem = heap.exchange(0, x)?;
    siftup(heap, order, 0)?;
    Ok(returnitem)
}

/// `keep_top_bit`: `n` with only its highest set bit.
fn keep_top_bit(n: isize) -> isize {
    if n <= 1 { n } else { 1 << (isize::BITS - 1 - n.leading_zeros()) }
}

/// Sifts `i`, then its ancestors for as long as it is a right child
/// (the inner loop of `cache_friendly_heapify`).
fn sift_with_parents(heap: &ListObject, order: Order, i: isize) -> PyResult<()> {
    let mut j = i;
    loop {
        siftup(heap, order, j)?;
        if j & 1 == 0 {
            return Ok(());
        }
        j >>= 1;
    }
}

/// `heapify_internal`; lists past 2500 items take the cache-friendly
/// order (`cache_friendly_heapify`), which makes the same comparisons.
fn heapify(heap: &ListObject, order: Order) -> PyResult<ObjRef> {
    let n = heap.len() as isize;
    if n > 2500 {
        let m = n >> 1;
        let leftmost = keep_top_bit(m + 1) - 1;
        let mhalf = m >> 1;
        for i in (mhalf..leftmost).rev() {
            sift_with_parents(heap, order, i)?;
        }
        for i in (leftmost..m).rev() {
            sift_with_parents(heap, order, i)?;
        }
    } else {
        for i in (0..n >> 1).rev() {
            siftup(heap, order, i)?;
        }
    }
    Ok(object::none())
}

/// Runs `f` on `heap` inside its critical section.
fn locked(heap: &ListObject, f: impl FnOnce(&ListObject) -> PyResult<ObjRef>) -> PyResult<ObjRef> {
    object::critical_section(object::as_obj(heap), || f(heap))
}

fn heappush(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (heap, x) = two_args("heappush", args, kw)?;
    locked(heap, |h| push(h, x, Order::Min))
}

fn heappop(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    locked(one_arg("heappop", args, kw)?, |h| pop(h, Order::Min))
}

fn heapreplace(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (heap, x) = two_args("heapreplace", args, kw)?;
    locked(heap, |h| replace(h, x, Order::Min))
}

fn heappushpop(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (heap, x) = two_args("heappushpop", args, kw)?;
    locked(heap, |h| pushpop(h, x, Order::Min))
}

fn heapify_min(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    locked(one_arg("heapify", args, kw)?, |h| heapify(h, Order::Min))
}

fn heappush_max(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (heap, x) = two_args("heappush_max", args, kw)?;
    locked(heap, |h| push(h, x, Order::Max))
}

fn heappop_max(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    locked(one_arg("heappop_max", args, kw)?, |h| pop(h, Order::Max))
}

fn heapreplace_max(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (heap, x) = two_args("heapreplace_max", args, kw)?;
    locked(heap, |h| replace(h, x, Order::Max))
}

fn heappushpop_max(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (heap, x) = two_args("heappushpop_max", args, kw)?;
    locked(heap, |h| pushpop(h, x, Order::Max))
}

fn heapify_max(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    locked(one_arg("heapify_max", args, kw)?, |h| heapify(h, Order::Max))
}

static FUNCTIONS: [BuiltinDef; 10] = [
    BuiltinDef { name: "heappush", func: heappush },
    BuiltinDef { name: "heappushpop", func: heappushpop },
    BuiltinDef { name: "heappop", func: heappop },
    BuiltinDef { name: "heapreplace", func: heapreplace },
    BuiltinDef { name: "heapify", func: heapify_min },
    BuiltinDef { name: "heappush_max", func: heappush_max },
    BuiltinDef { name: "heappushpop_max", func: heappushpop_max },
    BuiltinDef { name: "heappop_max", func: heappop_max },
    BuiltinDef { name: "heapreplace_max", func: heapreplace_max },
    BuiltinDef { name: "heapify_max", func: heapify_max },
];

const MODULE_DOC: &str = "Heap queue algorithm (a.k.a. priority queue): lists kept so that\na[k] <= a[2*k+1] and a[k] <= a[2*k+2], with the smallest item at a[0]\n(the *_max functions keep the largest there instead).";

/// `heapq_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_heapq")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("__doc__", &*unicodeobject::from_static(MODULE_DOC)?)?;
    Ok(into_obj(m))
}
