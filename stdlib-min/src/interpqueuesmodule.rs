//! The `_interpqueues` module, ported from Modules/_interpqueuesmodule.c:
//! process-wide FIFO queues of cross-interpreter data, named by id, that
//! every interpreter can reach (`_queues`, `_queue_add`, `_queue_next`,
//! `queue_create`, `queue_put`, `queue_get`, the bind/release reference
//! counts). The high-level `concurrent.interpreters._queues` blocks by
//! polling; these functions never block.

use std::collections::VecDeque;
use std::sync::{Mutex, OnceLock, PoisonError};

use rupy::builtins::BuiltinDef;
use rupy::crossinterp::{self, Fallback, XiData};
use rupy::errors::{self, PyResult};
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::{boolobject, listobject, moduleobject, unicodeobject};
use rupy::state::interpreters;

use crate::hashlib::{Spec, parse_vectorcall};

/// `UNBOUND_REMOVE`, `UNBOUND_ERROR`, `UNBOUND_REPLACE`: what `get`
/// does with an item whose interpreter was destroyed.
const UNBOUND_REMOVE: i64 = 1;
const UNBOUND_ERROR: i64 = 2;
const UNBOUND_REPLACE: i64 = 3;

/// One item (`_queueitem`): the data and the interpreter that put it.
struct Item {
    interpid: i64,
    data: XiData,
    unboundop: i64,
}

/// One queue (`_queue`).
struct Queue {
    id: i64,
    maxsize: i64,
    items: VecDeque<Item>,
    unboundop: i64,
    fallback: Fallback,
    /// `bind` references (`_queueref.refcount`).
    refcount: i64,
}

/// Every queue of the process (`_globals.queues`).
struct Queues {
    next_id: i64,
    queues: Vec<Queue>,
}

static QUEUES: Mutex<Queues> = Mutex::new(Queues { next_id: 1, queues: Vec::new() });

fn queues() -> std::sync::MutexGuard<'static, Queues> {
    QUEUES.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------
// Errors.

/// `QueueError` (a RuntimeError), shared by every interpreter.
fn queue_error() -> PyResult<ObjRef> {
    static C: OnceLock<usize> = OnceLock::new();
    crossinterp::exception_class(&C, "QueueError", "concurrent.interpreters", as_obj(exceptions::runtime_error()), "Indicates that a queue-related error happened.")
}

/// `QueueNotFoundError`.
fn queue_not_found_error() -> PyResult<ObjRef> {
    static C: OnceLock<usize> = OnceLock::new();
    let base = queue_error()?;
    crossinterp::exception_class(&C, "QueueNotFoundError", "concurrent.interpreters", &base, "")
}

fn not_found(qid: i64) -> errors::ErrSet {
    crossinterp::raise(queue_not_found_error(), &format!("queue {qid} not found"))
}

/// The classes `_register_heap_types` recorded in the calling
/// interpreter (the module state), by key in the interpreter's dict.
fn registered(key: &str) -> PyResult<Option<ObjRef>> {
    let d = interpreters::with_current(interpreters::Interpreter::dict)?;
    d.get_item(&*unicodeobject::intern_str(key)?)
}

/// A registered class, importing `concurrent.interpreters._queues`
/// (which registers them) if needed (`ensure_highlevel_module_loaded`).
fn registered_or_import(key: &str) -> PyResult<Option<ObjRef>> {
    if let Some(c) = registered(key)? {
        return Ok(Some(c));
    }
    if rupy::import::import_module("concurrent.interpreters._queues").is_err() {
        errors::clear();
    }
    registered(key)
}

/// Raises the registered `QueueEmpty` / `QueueFull` (QueueError if the
/// high-level module cannot be loaded).
fn raise_registered(key: &str, msg: &str) -> errors::ErrSet {
    match registered_or_import(key) {
        Ok(Some(c)) => crossinterp::raise_with_cause(&c, msg, None),
        Ok(None) => crossinterp::raise(queue_error(), msg),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------
// Arguments.

/// `qidarg_converter`: a queue id.
fn qid_arg(v: Option<&PyObject>) -> PyResult<i64> {
    let v = v.ok_or_else(errors::bad_internal_call)?;
    let Some(i) = downcast::<IntObject>(v) else {
        return Err(errors::set_string(exceptions::type_error(), &format!("queue ID must be an int, got {}", type_of(v).name())));
    };
    match i.as_i64() {
        Some(n) if n >= 0 => Ok(n),
        Some(_) => Err(errors::set_string(exceptions::value_error(), &format!("queue ID must be a non-negative int, got {}", object::repr(v)?.to_string_lossy()))),
        None => Err(errors::set_string(exceptions::overflow_error(), "int too big to convert")),
    }
}

fn int_arg(v: Option<&PyObject>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) => rupy::objects::r#abstract::as_ssize(v, Some(exceptions::overflow_error())).map(|n| n as i64),
    }
}

/// `check_unbound`: the queue default for -1, else one of the three ops.
fn unboundop_arg(v: i64, default: i64) -> PyResult<i64> {
    match v {
        -1 => Ok(default),
        UNBOUND_REMOVE | UNBOUND_ERROR | UNBOUND_REPLACE => Ok(v),
        _ => Err(errors::set_string(exceptions::value_error(), &format!("unsupported unboundop {v}"))),
    }
}

fn fallback_arg(v: i64, default: Fallback) -> PyResult<Fallback> {
    if v == -1 { Ok(default) } else { Fallback::from_int(v) }
}

fn int_obj(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

fn pair(a: &PyObject, b: &PyObject) -> PyResult<ObjRef> {
    tupleobject::from_slice(&[a, b]).map(into_obj)
}

/// Runs `f` on queue `qid`, or raises QueueNotFoundError.
fn with_queue<R>(qid: i64, f: impl FnOnce(&mut Queue) -> R) -> PyResult<R> {
    let mut all = queues();
    match all.queues.iter_mut().find(|q| q.id == qid) {
        Some(q) => Ok(f(q)),
        None => Err(not_found(qid)),
    }
}

// ---------------------------------------------------------------------
// The functions.

/// `create(maxsize, unboundop=-1, fallback=-1)`: a new queue's id.
fn queues_create(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "create", names: &["maxsize", "unboundop", "fallback"], posonly: 0, max_pos: 3, required: 1 }, args, kwnames)?;
    let maxsize = int_arg(a[0], 0)?;
    let unboundop = unboundop_arg(int_arg(a[1], -1)?, UNBOUND_REPLACE)?;
    let fallback = fallback_arg(int_arg(a[2], -1)?, Fallback::Full)?;
    let mut all = queues();
    let id = all.next_id;
    all.next_id += 1;
    all.queues.push(Queue { id, maxsize, items: VecDeque::new(), unboundop, fallback, refcount: 0 });
    drop(all);
    int_obj(id)
}

/// `destroy(qid)`.
fn queues_destroy(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "destroy", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let qid = qid_arg(a[0])?;
    let removed = {
        let mut all = queues();
        let pos = all.queues.iter().position(|q| q.id == qid);
        pos.map(|p| all.queues.remove(p))
    };
    // The items are dropped outside the lock: freeing may run code.
    match removed {
        Some(q) => drop(q),
        None => return Err(not_found(qid)),
    }
    Ok(object::none())
}

/// `list_all()`: `[(qid, unboundop, fallback), ...]`.
fn queues_list_all(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    parse_vectorcall(&Spec { fname: "list_all", names: &[], posonly: 0, max_pos: 0, required: 0 }, args, kwnames)?;
    let rows: Vec<(i64, i64, i64)> = queues().queues.iter().map(|q| (q.id, q.unboundop, q.fallback.as_int())).collect();
    let list = listobject::ListObject::new()?;
    for (id, op, fb) in rows {
        let (a, b, c) = (int_obj(id)?, int_obj(op)?, int_obj(fb)?);
        list.append(as_obj(&*tupleobject::from_slice(&[&a, &b, &c])?))?;
    }
    Ok(into_obj(list))
}

/// `put(qid, obj, unboundop=-1, fallback=-1)`.
fn queues_put(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "put", names: &["qid", "obj", "unboundop", "fallback"], posonly: 0, max_pos: 4, required: 2 }, args, kwnames)?;
    let qid = qid_arg(a[0])?;
    let (default_op, default_fb) = with_queue(qid, |q| (q.unboundop, q.fallback))?;
    let unboundop = unboundop_arg(int_arg(a[2], -1)?, default_op)?;
    let fallback = fallback_arg(int_arg(a[3], -1)?, default_fb)?;
    // The data is made outside the lock: pickling runs Python code.
    let data = crossinterp::get_xidata(a[1].ok_or_else(errors::bad_internal_call)?, fallback)?;
    let item = Item { interpid: interpreters::current_id(), data, unboundop };
    let full = with_queue(qid, |q| {
        if q.maxsize > 0 && q.items.len() as i64 >= q.maxsize {
            Some(item)
        } else {
            q.items.push_back(item);
            None
        }
    })?;
    if let Some(item) = full {
        drop(item);
        return Err(raise_registered("QueueFull", &format!("queue {qid} is full")));
    }
    Ok(object::none())
}

/// `get(qid)`: `(obj, None)`, or `(None, unboundop)` for an item whose
/// interpreter is gone (removed ones are skipped).
fn queues_get(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "get", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let qid = qid_arg(a[0])?;
    loop {
        let Some(item) = with_queue(qid, |q| q.items.pop_front())? else {
            return Err(raise_registered("QueueEmpty", &format!("queue {qid} is empty")));
        };
        if !interpreters::exists(item.interpid) {
            // `_queueitem_clear_interpreter`: the item is unbound.
            if item.unboundop == UNBOUND_REMOVE {
                continue;
            }
            return pair(&object::NONE, &*int_obj(item.unboundop)?);
        }
        let obj = crossinterp::new_object(&item.data)?;
        return pair(&obj, &object::NONE);
    }
}

/// `bind(qid)`: one more reference to the queue.
fn queues_bind(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "bind", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let qid = qid_arg(a[0])?;
    with_queue(qid, |q| q.refcount += 1)?;
    Ok(object::none())
}

/// `release(qid)`: drops a reference; the queue goes with the last one
/// (`_queues_decref`).
fn queues_release(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "release", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let qid = qid_arg(a[0])?;
    let removed = {
        let mut all = queues();
        let Some(pos) = all.queues.iter().position(|q| q.id == qid) else {
            drop(all);
            return Err(not_found(qid));
        };
        let q = &mut all.queues[pos];
        q.refcount = (q.refcount - 1).max(0);
        (q.refcount == 0).then(|| all.queues.remove(pos))
    };
    drop(removed);
    Ok(object::none())
}

/// `get_maxsize(qid)`.
fn queues_get_maxsize(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "get_maxsize", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    int_obj(with_queue(qid_arg(a[0])?, |q| q.maxsize)?)
}

/// `get_queue_defaults(qid)`: `(unboundop, fallback)`.
fn queues_get_queue_defaults(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "get_queue_defaults", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let (op, fb) = with_queue(qid_arg(a[0])?, |q| (q.unboundop, q.fallback.as_int()))?;
    pair(&*int_obj(op)?, &*int_obj(fb)?)
}

/// `is_full(qid)`.
fn queues_is_full(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "is_full", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    let full = with_queue(qid_arg(a[0])?, |q| q.maxsize > 0 && q.items.len() as i64 >= q.maxsize)?;
    Ok(boolobject::from_bool(full))
}

/// `get_count(qid)`.
fn queues_get_count(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = parse_vectorcall(&Spec { fname: "get_count", names: &["qid"], posonly: 0, max_pos: 1, required: 1 }, args, kwnames)?;
    int_obj(with_queue(qid_arg(a[0])?, |q| q.items.len() as i64)?)
}

/// `_queueobj_shared`: a `Queue` crosses as its id.
fn queue_getdata(obj: &PyObject) -> PyResult<XiData> {
    let id = object::get_attr_str(obj, "id")?;
    let qid = qid_arg(Some(&id))?;
    Ok(XiData::Registered { id: qid, new_object: queue_from_id })
}

/// `_queueobj_from_xid`: the receiving interpreter's `Queue(qid)`.
fn queue_from_id(qid: i64) -> PyResult<ObjRef> {
    let Some(cls) = registered_or_import("Queue")? else {
        return Err(errors::set_string(exceptions::runtime_error(), "cross-interpreter queue type not registered"));
    };
    object::call(&cls, &[&*int_obj(qid)?])
}

/// `_register_heap_types(queuetype, emptyerror, fullerror)`: the
/// high-level classes of the calling interpreter.
fn queues_register_heap_types(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let spec = Spec { fname: "_register_heap_types", names: &["queuetype", "emptyerror", "fullerror"], posonly: 0, max_pos: 3, required: 3 };
    let a = parse_vectorcall(&spec, args, kwnames)?;
    let d = interpreters::with_current(interpreters::Interpreter::dict)?;
    for (key, v) in ["Queue", "QueueEmpty", "QueueFull"].into_iter().zip(&a) {
        let v = v.ok_or_else(errors::bad_internal_call)?;
        if downcast::<rupy::objects::typeobject::TypeObject>(v).is_none() {
            return Err(errors::set_string(exceptions::type_error(), &format!("expected a type for '{key}'")));
        }
        d.set_item(&*unicodeobject::intern_str(key)?, v)?;
    }
    crossinterp::register_class(a[0].ok_or_else(errors::bad_internal_call)?, queue_getdata)?;
    Ok(object::none())
}

static FUNCTIONS: [BuiltinDef; 12] = [
    BuiltinDef { name: "create", func: queues_create },
    BuiltinDef { name: "destroy", func: queues_destroy },
    BuiltinDef { name: "list_all", func: queues_list_all },
    BuiltinDef { name: "put", func: queues_put },
    BuiltinDef { name: "get", func: queues_get },
    BuiltinDef { name: "bind", func: queues_bind },
    BuiltinDef { name: "release", func: queues_release },
    BuiltinDef { name: "get_maxsize", func: queues_get_maxsize },
    BuiltinDef { name: "get_queue_defaults", func: queues_get_queue_defaults },
    BuiltinDef { name: "is_full", func: queues_is_full },
    BuiltinDef { name: "get_count", func: queues_get_count },
    BuiltinDef { name: "_register_heap_types", func: queues_register_heap_types },
];

/// `module_exec`: the `_interpqueues` module.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_interpqueues")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("QueueError", &*queue_error()?)?;
    m.add_object("QueueNotFoundError", &*queue_not_found_error()?)?;
    Ok(into_obj(m))
}
