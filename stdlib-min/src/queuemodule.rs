//! The `_queue` module, ported from Modules/_queuemodule.c (CPython
//! 3.14): `SimpleQueue`, an unbounded FIFO over a growable ring buffer
//! (`RingBuf_*`), and the `Empty` exception.
//!
//! Free-threaded as in 3.14t: the ring buffer is the object's state in
//! its critical section (`@critical_section` on every method). A `get`
//! that finds the queue empty parks in rupy-sync's parking lot on the
//! `has_threads_waiting` byte, detached, with a slot for the item; a
//! `put` that sees waiters unparks one and hands it the item directly
//! (`maybe_handoff_item`), else appends to the buffer. The park happens
//! outside the critical section: the parking lot re-checks the byte under
//! its bucket lock, and only an unpark (under that lock, knowing whether
//! threads are still parked) ever clears it, so no wakeup is lost. A
//! signal interrupting the wait runs the Python handlers
//! (`Py_MakePendingCalls`), so Ctrl-C stops a blocked `get`.

use core::cell::UnsafeCell;
use core::ptr::NonNull;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicPtr, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{self, TypeObject, TypeSlots, flags};
use rupy::objects::{boolobject, longobject, moduleobject, unicodeobject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;
use rupy_sync::parking_lot::{self, ParkResult};

use crate::guarded::{Guarded, parse_slice};

/// `INITIAL_RING_BUF_CAPACITY`.
const INITIAL_RING_BUF_CAPACITY: usize = 8;

/// `RingBuf`: the items from `get_idx` on, `num_items` of them, wrapping
/// around the end of `items` (whose length is the capacity).
struct RingBuf {
    put_idx: usize,
    get_idx: usize,
    items: Vec<Option<ObjRef>>,
    num_items: usize,
}

impl RingBuf {
    /// `RingBuf_Init`.
    fn new() -> RingBuf {
        RingBuf { put_idx: 0, get_idx: 0, items: empty_slots(INITIAL_RING_BUF_CAPACITY), num_items: 0 }
    }

    /// `RingBuf_At`: the `idx`-th item from the head.
    fn at(&self, idx: usize) -> Option<&ObjRef> {
        let cap = self.items.len();
        if idx >= self.num_items || cap == 0 {
            return None;
        }
        self.items.get((self.get_idx + idx) % cap)?.as_ref()
    }

    /// `resize_ringbuf`: moves the items, in order, to the start of a new
    /// array of `capacity` slots (at least the initial capacity).
    fn resize(&mut self, capacity: usize) {
        let new_capacity = capacity.max(INITIAL_RING_BUF_CAPACITY);
        if new_capacity == self.items.len() {
            return;
        }
        let mut new_items = empty_slots(new_capacity);
        let cap = self.items.len();
        for (n, slot) in new_items.iter_mut().enumerate().take(self.num_items) {
            *slot = self.items[(self.get_idx + n) % cap].take();
        }
        self.items = new_items;
        self.get_idx = 0;
        self.put_idx = self.num_items;
    }

    /// `RingBuf_Get`: the head item, shrinking the array by half first
    /// when it is less than a quarter full.
    fn get(&mut self) -> Option<ObjRef> {
        if self.num_items == 0 {
            return None;
        }
        if self.num_items < self.items.len() / 4 {
            self.resize(self.items.len() / 2);
        }
        let item = self.items[self.get_idx].take();
        self.get_idx = (self.get_idx + 1) % self.items.len();
        self.num_items -= 1;
        item
    }

    /// `RingBuf_Put`: appends, doubling the array when it is full.
    fn put(&mut self, item: ObjRef) -> PyResult<()> {
        if self.num_items == self.items.len() {
            let Some(doubled) = self.items.len().checked_mul(2) else { return Err(errors::no_memory()) };
            self.resize(doubled);
        }
        self.items[self.put_idx] = Some(item);
        self.put_idx = (self.put_idx + 1) % self.items.len();
        self.num_items += 1;
        Ok(())
    }

    /// `RingBuf_Fini`: takes every item out, leaving an empty buffer.
    fn take_all(&mut self) -> Vec<ObjRef> {
        let mut out = Vec::with_capacity(self.num_items);
        while let Some(item) = self.get() {
            out.push(item);
        }
        out
    }
}

fn empty_slots(n: usize) -> Vec<Option<ObjRef>> {
    core::iter::repeat_with(|| None).take(n).collect()
}

/// `simplequeueobject`.
#[repr(C)]
pub struct SimpleQueueObject {
    ob_base: ObjectHeader,
    /// `has_threads_waiting`: 1 while threads may be parked in `get`;
    /// the parking lot's word.
    has_threads_waiting: AtomicU8,
    buf: Guarded<RingBuf>,
    /// The head of the weak-reference list (`weakreflist`).
    weakreflist: AtomicPtr<()>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SimpleQueueObject {}

fn queue_of(v: &PyObject) -> PyResult<&SimpleQueueObject> {
    if !object::type_check(v, &SIMPLEQUEUE_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: SimpleQueue instances and its subclasses' start with this layout.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<SimpleQueueObject>() })
}

/// `simplequeue_new`: `SimpleQueue()` takes no arguments (unless a
/// subclass defines `__init__`, which then gets them).
fn simplequeue_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let checks_args = core::ptr::eq(ty, &SIMPLEQUEUE_TYPE) || !typeobject::overrides_init(ty);
    if checks_args && args.len() > 0 {
        return Err(type_error("SimpleQueue() takes no positional arguments"));
    }
    if checks_args && kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error("SimpleQueue() takes no keyword arguments"));
    }
    let q = SimpleQueueObject {
        ob_base: ObjectHeader::new(&ty.head),
        has_threads_waiting: AtomicU8::new(0),
        buf: Guarded::new(RingBuf::new()),
        weakreflist: AtomicPtr::new(core::ptr::null_mut()),
    };
    typeobject::heaptype::new_instance(ty, q).map(into_obj)
}

/// `simplequeue_traverse`: the queued items. The collector calls it with
/// the world stopped, when no thread is inside the state (no method
/// blocks or runs Python code in the critical section), so the borrow
/// only fails if that ever changes, and then nothing is visited.
fn simplequeue_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Ok(q) = queue_of(v) else { return };
    let Ok(buf) = q.buf.peek_owned() else { return };
    for i in 0..buf.num_items {
        if let Some(item) = buf.at(i) {
            visit(item);
        }
    }
}

/// `simplequeue_clear`: empties the buffer; the items are released after
/// the critical section, since their finalizers may use the queue.
fn simplequeue_clear(v: &PyObject) {
    let Ok(q) = queue_of(v) else { return };
    match q.buf.with(v, |b| Ok(b.take_all())) {
        Ok(items) => drop(items),
        Err(e) => {
            drop(e);
            errors::clear();
        }
    }
}

/// `simplequeue_dealloc`.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead SimpleQueue (or subclass instance).
unsafe fn simplequeue_dealloc(op: NonNull<PyObject>) {
    // SAFETY: forwarded caller contract; weak references are cleared and
    // the buffer (with its items) dropped once.
    unsafe { object::dealloc_weakrefable::<SimpleQueueObject>(op) };
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// The `block: bool` argument (`PyObject_IsTrue`), true when omitted.
fn block_arg(v: Option<&ObjRef>) -> PyResult<bool> {
    v.map_or(Ok(true), |b| object::is_true(b))
}

/// `_queue_SimpleQueue_put_impl`: hands the item to a parked `get` if
/// there is one, else appends it. `block` and `timeout` are accepted and
/// ignored (a SimpleQueue never blocks on put).
fn put_item(v: &PyObject, item: &PyObject) -> PyResult<ObjRef> {
    let q = queue_of(v)?;
    q.buf.with(v, |buf| {
        let mut item = Some(object::new_ref(item));
        if q.has_threads_waiting.load(Ordering::SeqCst) != 0 {
            // `maybe_handoff_item`, under the parking lot's bucket lock.
            parking_lot::unpark_one(&q.has_threads_waiting, |waiter, has_more_waiters| {
                if let Some(slot) = waiter {
                    // SAFETY: `slot` is the `UnsafeCell<Option<ObjRef>>`
                    // on the stack of the thread parked in `get`, which
                    // stays there until this unpark wakes it and reads
                    // the slot only after the wakeup; nobody else writes
                    // it. The slot holds None, so nothing is leaked.
                    unsafe { (*slot.cast::<UnsafeCell<Option<ObjRef>>>().cast_mut()).get().write(item.take()) };
                }
                q.has_threads_waiting.store(u8::from(has_more_waiters), Ordering::SeqCst);
            });
        }
        if let Some(item) = item {
            buf.put(item)?;
        }
        Ok(object::none())
    })
}

fn simplequeue_put(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_slice("put", args, kwds, &["item", "block", "timeout"], &[], 1)?;
    block_arg(a[1].as_ref())?;
    let Some(item) = &a[0] else { return Err(errors::bad_internal_call()) };
    put_item(v, item)
}

fn simplequeue_put_nowait(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_slice("put_nowait", args, kwds, &["item"], &[], 1)?;
    let Some(item) = &a[0] else { return Err(errors::bad_internal_call()) };
    put_item(v, item)
}

/// What `get` does after looking at the buffer in the critical section.
enum Step {
    Item(ObjRef),
    Empty,
    /// Park for at most this long (`None`: until woken).
    Park(Option<Duration>),
}

/// `_queue_SimpleQueue_get_impl`: the head item; if there is none, raises
/// `Empty` unless `block`, in which case it waits (at most until
/// `deadline`) for a `put` to hand one over.
fn get_item(v: &PyObject, block: bool, deadline: Option<Instant>) -> PyResult<ObjRef> {
    let q = queue_of(v)?;
    loop {
        let step = q.buf.with(v, |buf| {
            if let Some(item) = buf.get() {
                return Ok(Step::Item(item));
            }
            if !block {
                return Ok(Step::Empty);
            }
            let timeout = match deadline {
                None => None,
                Some(d) => match d.checked_duration_since(Instant::now()) {
                    Some(left) => Some(left),
                    None => return Ok(Step::Empty),
                },
            };
            q.has_threads_waiting.store(1, Ordering::SeqCst);
            Ok(Step::Park(timeout))
        })?;
        let timeout = match step {
            Step::Item(item) => return Ok(item),
            Step::Empty => return Err(empty_error()),
            Step::Park(t) => t,
        };
        let slot: UnsafeCell<Option<ObjRef>> = UnsafeCell::new(None);
        let arg = core::ptr::from_ref(&slot).cast::<()>();
        match parking_lot::park(&q.has_threads_waiting, 1, timeout, arg, true) {
            ParkResult::Ok => {
                // The unparking `put` wrote the slot before waking us.
                return slot.into_inner().ok_or_else(errors::bad_internal_call);
            }
            ParkResult::Timeout => return Err(empty_error()),
            ParkResult::Interrupted => rupy::signals::check_signals()?,
            ParkResult::Again => {}
        }
    }
}

fn simplequeue_get(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_slice("get", args, kwds, &["block", "timeout"], &[], 0)?;
    let block = block_arg(a[0].as_ref())?;
    let mut deadline = None;
    if let Some(t) = a[1].as_ref().filter(|t| block && !object::is_none(t)) {
        let ns = crate::threadmodule::time_from_seconds_object_rounded(t, true)?;
        let Ok(ns) = u64::try_from(ns) else {
            return Err(errors::set_string(exceptions::value_error(), "'timeout' must be a non-negative number"));
        };
        // A deadline past what the clock can hold waits forever.
        deadline = Instant::now().checked_add(Duration::from_nanos(ns));
        if deadline.is_none() {
            return get_item(v, true, None);
        }
    }
    get_item(v, block, deadline)
}

fn simplequeue_get_nowait(v: &PyObject) -> PyResult<ObjRef> {
    get_item(v, false, None)
}

fn simplequeue_empty(v: &PyObject) -> PyResult<ObjRef> {
    let q = queue_of(v)?;
    Ok(boolobject::from_bool(q.buf.with(v, |b| Ok(b.num_items == 0))?))
}

fn simplequeue_qsize(v: &PyObject) -> PyResult<ObjRef> {
    let q = queue_of(v)?;
    let n = q.buf.with(v, |b| Ok(b.num_items))?;
    longobject::from_i64(i64::try_from(n).map_err(|_| errors::no_memory())?)
}

// ---------------------------------------------------------------------
// Empty.

static EMPTY: OnceLock<usize> = OnceLock::new();

/// `_queue.Empty`, made once (`PyErr_NewExceptionWithDoc`); every import
/// of the module shares it, as SimpleQueue is a static type.
fn empty_class() -> PyResult<ObjRef> {
    if let Some(&p) = EMPTY.get() {
        // SAFETY: an immortal class made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let name = unicodeobject::from_str("Empty")?;
    let base = as_obj(exceptions::exception());
    let bases = tupleobject::from_slice(&[base])?;
    let ns = DictObject::new()?;
    ns.set_item(&*unicodeobject::intern_str("__module__")?, as_obj(&*unicodeobject::from_str("_queue")?))?;
    ns.set_item(
        &*unicodeobject::intern_str("__doc__")?,
        as_obj(&*unicodeobject::from_str("Exception raised by Queue.get(block=0)/get_nowait().")?),
    )?;
    let cls = object::call(as_obj(&typeobject::TYPE_TYPE), &[as_obj(&*name), as_obj(&*bases), as_obj(&*ns)])?;
    cls.header().set_immortal();
    let p = *EMPTY.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: as above (the first class stored stays immortal).
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// `empty_error`: raises `Empty()`.
fn empty_error() -> errors::ErrSet {
    match empty_class() {
        Ok(cls) => match downcast::<TypeObject>(&cls) {
            Some(t) => errors::set_none(t),
            None => errors::bad_internal_call(),
        },
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------
// The type and the module.

static SIMPLEQUEUE_METHODS: [MethodDef; 7] = [
    MethodDef {
        ml_name: "empty",
        ml_meth: MethodFn::NoArgs(simplequeue_empty),
        ml_doc: Some("empty($self, /)\n--\n\nReturn True if the queue is empty, False otherwise (not reliable!)."),
    },
    MethodDef {
        ml_name: "get",
        ml_meth: MethodFn::FastCallKw(simplequeue_get),
        ml_doc: Some(
            "get($self, /, block=True, timeout=None)\n--\n\nRemove and return an item from the queue.\n\n\
If optional args 'block' is true and 'timeout' is None (the default),\n\
block if necessary until an item is available. If 'timeout' is\n\
a non-negative number, it blocks at most 'timeout' seconds and raises\n\
the Empty exception if no item was available within that time.\n\
Otherwise ('block' is false), return an item if one is immediately\n\
available, else raise the Empty exception ('timeout' is ignored\n\
in that case).",
        ),
    },
    MethodDef {
        ml_name: "get_nowait",
        ml_meth: MethodFn::NoArgs(simplequeue_get_nowait),
        ml_doc: Some(
            "get_nowait($self, /)\n--\n\nRemove and return an item from the queue without blocking.\n\n\
Only get an item if one is immediately available. Otherwise\n\
raise the Empty exception.",
        ),
    },
    MethodDef {
        ml_name: "put",
        ml_meth: MethodFn::FastCallKw(simplequeue_put),
        ml_doc: Some(
            "put($self, /, item, block=True, timeout=None)\n--\n\nPut the item on the queue.\n\n\
The optional 'block' and 'timeout' arguments are ignored, as this method\n\
never blocks.  They are provided for compatibility with the Queue class.",
        ),
    },
    MethodDef {
        ml_name: "put_nowait",
        ml_meth: MethodFn::FastCallKw(simplequeue_put_nowait),
        ml_doc: Some(
            "put_nowait($self, /, item)\n--\n\nPut an item into the queue without blocking.\n\n\
This is exactly equivalent to `put(item)` and is only provided\n\
for compatibility with the Queue class.",
        ),
    },
    MethodDef {
        ml_name: "qsize",
        ml_meth: MethodFn::NoArgs(simplequeue_qsize),
        ml_doc: Some("qsize($self, /)\n--\n\nReturn the approximate size of the queue (not reliable!)."),
    },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

/// `_queue.SimpleQueue`.
pub static SIMPLEQUEUE_TYPE: TypeObject = TypeObject::new_static(
    "_queue.SimpleQueue",
    size_of::<SimpleQueueObject>(),
    simplequeue_dealloc,
    TypeSlots {
        tp_traverse: Some(simplequeue_traverse),
        tp_clear: Some(simplequeue_clear),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(simplequeue_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC | flags::IMMUTABLETYPE)
.with_methods(&SIMPLEQUEUE_METHODS)
.with_weaklistoffset(core::mem::offset_of!(SimpleQueueObject, weakreflist))
.with_doc("SimpleQueue()\n--\n\nSimple, unbounded, reentrant FIFO queue.");

/// `queuemodule_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_queue")?;
    let doc = "C implementation of the Python queue module.\n\
This module is an implementation detail, please do not use it directly.";
    m.add_object("__doc__", &*unicodeobject::from_static(doc)?)?;
    m.add_object("Empty", &*empty_class()?)?;
    SIMPLEQUEUE_TYPE.ready()?;
    m.add_object("SimpleQueue", as_obj(&SIMPLEQUEUE_TYPE))?;
    Ok(into_obj(m))
}
