//! Classes built with `type(name, bases, dict)`: slot dispatch both ways,
//! layouts, descriptors, the attribute cache. Expected values and
//! messages are those of CPython 3.14. Methods are Rust closures wrapped
//! in a small function-like type (a callable method descriptor), since
//! Python functions belong to the evaluation loop.

use std::sync::{Barrier, Mutex, PoisonError};

use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{CLASSMETHOD_TYPE, PROPERTY_TYPE, STATICMETHOD_TYPE};
use rupy::objects::dictobject::DictObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, CompareOp, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::superobject::new_super;
use rupy::objects::typeobject::{OBJECT_TYPE, TYPE_TYPE, TypeObject, TypeSlots, flags};
use rupy::objects::{r#abstract, classobject, exceptions, unicodeobject};
use rupy::state;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

/// Assigning a dunder to a class stops the world, which waits for every
/// attached thread; the threaded test's threads block in a barrier and a
/// join without detaching, so the two never run at once.
static SERIAL: Mutex<()> = Mutex::new(());

/// A Rust function as a Python-level method: callable, binds like a
/// function (`METHOD_DESCRIPTOR`, `__get__` makes a bound method).
#[repr(C)]
struct RustFn {
    ob_base: ObjectHeader,
    f: fn(&[ObjRef]) -> PyResult<ObjRef>,
}

// SAFETY: #[repr(C)] with the header first.
unsafe impl PyObjectLike for RustFn {}

fn rustfn_call(v: &PyObject, args: &TupleObject, _kw: Option<&DictObject>) -> PyResult<ObjRef> {
    // SAFETY: only RUSTFN_TYPE instances reach this slot.
    let f = unsafe { &*core::ptr::from_ref(v).cast::<RustFn>() };
    (f.f)(args.as_slice())
}

fn rustfn_get(v: &PyObject, obj: Option<&PyObject>, _t: Option<&PyObject>) -> PyResult<ObjRef> {
    match obj {
        Some(o) if !object::is_none(o) => classobject::new_method(v, o),
        _ => Ok(object::new_ref(v)),
    }
}

static RUSTFN_TYPE: TypeObject = TypeObject::new_static(
    "rustfn",
    size_of::<RustFn>(),
    object::dealloc_simple::<RustFn>,
    TypeSlots { tp_call: Some(rustfn_call), tp_descr_get: Some(rustfn_get), ..TypeSlots::EMPTY },
)
.with_flags(flags::METHOD_DESCRIPTOR);

fn func(f: fn(&[ObjRef]) -> PyResult<ObjRef>) -> ObjRef {
    RUSTFN_TYPE.ready().unwrap();
    into_obj(object::new_object(RustFn { ob_base: ObjectHeader::new(&RUSTFN_TYPE.head), f }).unwrap())
}

fn s(text: &str) -> ObjRef {
    unicodeobject::intern_str(text).unwrap()
}

fn int(v: i64) -> ObjRef {
    longobject::from_i64(v).unwrap()
}

fn int_of(v: &PyObject) -> i64 {
    downcast::<IntObject>(v).and_then(IntObject::as_i64).expect("an int")
}

fn text(v: &PyObject) -> String {
    object::str(v).unwrap().to_string_lossy()
}

fn repr(v: &PyObject) -> String {
    object::repr(v).unwrap().to_string_lossy()
}

fn err() -> String {
    errors::take_message().expect("an exception")
}

/// `type(name, bases, {k: v, ...})`.
fn class(name: &str, bases: &[&PyObject], attrs: &[(&str, ObjRef)]) -> PyResult<ObjRef> {
    class_with(as_obj(&TYPE_TYPE), name, bases, attrs)
}

fn class_with(meta: &PyObject, name: &str, bases: &[&PyObject], attrs: &[(&str, ObjRef)]) -> PyResult<ObjRef> {
    let d = DictObject::new().unwrap();
    for (k, v) in attrs {
        d.set_item(&s(k), v).unwrap();
    }
    let b = tupleobject::from_slice(bases).unwrap();
    object::call(meta, &[&s(name), as_obj(&*b), as_obj(&*d)])
}

fn getattr(o: &PyObject, name: &str) -> PyResult<ObjRef> {
    object::get_attr(o, &s(name))
}

/// `self.v`.
fn v_of(o: &PyObject) -> i64 {
    int_of(&getattr(o, "v").unwrap())
}

/// A class `V` with `__init__(self, v)`, `__add__`, `__radd__`, `__eq__`,
/// `__repr__`, `__len__` and `__getitem__` (IndexError from 3 on).
fn make_v() -> ObjRef {
    class(
        "V",
        &[],
        &[
            ("__init__", func(|a| object::set_attr(&a[0], &s("v"), Some(&a[1])).map(|()| object::none()))),
            ("__add__", func(|a| int(v_of(&a[0]) + v_of(&a[1])).pipe_ok())),
            ("__radd__", func(|a| int(int_of(&a[1]) * 100 + v_of(&a[0])).pipe_ok())),
            ("__eq__", func(|a| Ok(rupy::objects::boolobject::from_bool(v_of(&a[0]) == v_of(&a[1]))))),
            ("__repr__", func(|a| unicodeobject::from_string(format!("V({})", v_of(&a[0]))).map(into_obj))),
            ("__len__", func(|_| Ok(int(3)))),
            (
                "__getitem__",
                func(|a| {
                    let i = int_of(&a[1]);
                    if i >= 3 {
                        return Err(errors::set_string(exceptions::index_error(), "out of range"));
                    }
                    Ok(int(i * 10))
                }),
            ),
        ],
    )
    .unwrap()
}

trait PipeOk {
    fn pipe_ok(self) -> PyResult<ObjRef>;
}

impl PipeOk for ObjRef {
    fn pipe_ok(self) -> PyResult<ObjRef> {
        Ok(self)
    }
}

#[test]
fn dunders_fill_slots() {
    state::ensure();
    let v = make_v();
    let a = object::call(&v, &[&int(1)]).unwrap();
    let b = object::call(&v, &[&int(2)]).unwrap();
    assert_eq!(int_of(&r#abstract::add(&a, &b).unwrap()), 3);
    assert_eq!(int_of(&r#abstract::add(&int(5), &a).unwrap()), 501);
    assert!(!object::rich_compare_bool(&a, &b, CompareOp::Eq).unwrap());
    // `__ne__` is object's, inverting `__eq__`.
    assert!(object::rich_compare_bool(&a, &b, CompareOp::Ne).unwrap());
    assert_eq!(repr(&a), "V(1)");
    assert_eq!(text(&a), "V(1)");
    assert_eq!(r#abstract::size(&a).unwrap(), 3);
    assert_eq!(int_of(&r#abstract::get_item(&a, &int(1)).unwrap()), 10);
    // `__eq__` without `__hash__` makes the class unhashable.
    assert!(object::is_none(&getattr(&v, "__hash__").unwrap()));
    assert!(object::hash(&a).is_err());
    assert_eq!(err(), "TypeError: unhashable type: 'V'");
    // Iteration falls back to `__getitem__`; `in` searches it.
    let it = r#abstract::get_iter(&a).unwrap();
    let mut items = Vec::new();
    while let Some(x) = r#abstract::iter_next(&it).unwrap() {
        items.push(int_of(&x));
    }
    assert_eq!(items, [0, 10, 20]);
    assert!(r#abstract::contains(&a, &int(20)).unwrap());
    assert!(!r#abstract::contains(&a, &int(25)).unwrap());
    // `__init__` must return None.
    let bad = class("Bad", &[], &[("__init__", func(|_| Ok(int(1))))]).unwrap();
    assert!(object::call(&bad, &[]).is_err());
    assert_eq!(err(), "TypeError: __init__() should return None, not 'int'");
    // A subclass adding `__hash__` is hashable again.
    let w = class("W", &[&v], &[("__hash__", func(|_| Ok(int(42))))]).unwrap();
    let wi = object::call(&w, &[&int(1)]).unwrap();
    assert_eq!(object::hash(&wi).unwrap(), 42);
    let mro = getattr(&w, "__mro__").unwrap();
    assert_eq!(repr(&mro), "(<class 'W'>, <class 'V'>, <class 'object'>)");
    assert_eq!(repr(&getattr(&w, "__base__").unwrap()), "<class 'V'>");
    assert_eq!(text(&getattr(&w, "__qualname__").unwrap()), "W");
}

#[test]
fn builtin_slots_are_wrapper_descriptors() {
    state::ensure();
    let int_t = as_obj(&longobject::INT_TYPE);
    let add = getattr(int_t, "__add__").unwrap();
    assert_eq!(repr(&add), "<slot wrapper '__add__' of 'int' objects>");
    assert_eq!(int_of(&object::call(&add, &[&int(3), &int(4)]).unwrap()), 7);
    assert!(object::call(&add, &[&s("a"), &int(1)]).is_err());
    assert_eq!(err(), "TypeError: descriptor '__add__' requires a 'int' object but received a 'str'");
    let bound = getattr(&int(3), "__add__").unwrap();
    assert!(repr(&bound).starts_with("<method-wrapper '__add__' of int object at 0x"));
    assert_eq!(int_of(&object::call(&bound, &[&int(4)]).unwrap()), 7);
    assert!(object::call(&bound, &[]).is_err());
    assert_eq!(err(), "TypeError: expected 1 argument, got 0");
    let new = getattr(as_obj(&OBJECT_TYPE), "__new__").unwrap();
    assert!(repr(&new).starts_with("<built-in method __new__ of type object at 0x"));
    // list sets `__hash__ = None`.
    assert!(object::is_none(&getattr(as_obj(&rupy::objects::listobject::LIST_TYPE), "__hash__").unwrap()));
    // A class inherits the builtin slot itself, not a dispatcher.
    let c = class("C", &[], &[]).unwrap();
    let o = object::call(&c, &[]).unwrap();
    assert!(repr(&o).starts_with("<C object at 0x"));
    assert!(object::call(&c, &[&int(1)]).is_err());
    assert_eq!(err(), "TypeError: C() takes no arguments");
}

#[test]
fn slots_dict_and_layout_conflicts() {
    state::ensure();
    let slots = into_obj(tupleobject::from_slice(&[&*s("a"), &*s("b")]).unwrap());
    let sc = class("S", &[], &[("__slots__", slots)]).unwrap();
    let inst = object::call(&sc, &[]).unwrap();
    object::set_attr(&inst, &s("a"), Some(&int(1))).unwrap();
    assert_eq!(int_of(&getattr(&inst, "a").unwrap()), 1);
    assert_eq!(repr(&getattr(&sc, "a").unwrap()), "<member 'a' of 'S' objects>");
    assert!(getattr(&inst, "b").is_err());
    assert_eq!(err(), "AttributeError: 'S' object has no attribute 'b'");
    assert!(object::set_attr(&inst, &s("c"), Some(&int(1))).is_err());
    assert_eq!(err(), "AttributeError: 'S' object has no attribute 'c' and no __dict__ for setting new attributes");
    object::set_attr(&inst, &s("a"), None).unwrap();
    assert!(object::set_attr(&inst, &s("a"), None).is_err());
    assert_eq!(err(), "AttributeError: 'S' object has no attribute 'a'");
    let t = class("T", &[], &[("__slots__", s("x"))]).unwrap();
    assert!(class("U", &[&sc, &t], &[]).is_err());
    assert_eq!(err(), "TypeError: multiple bases have instance lay-out conflict");
    // Plain classes share object's layout plus dict and weakref: no conflict.
    let p = class("P", &[], &[]).unwrap();
    let q = class("Q", &[], &[]).unwrap();
    let pq = class("PQ", &[&p, &q], &[]).unwrap();
    let o = object::call(&pq, &[]).unwrap();
    object::set_attr(&o, &s("z"), Some(&int(5))).unwrap();
    assert_eq!(repr(&getattr(&o, "__dict__").unwrap()), "{'z': 5}");
    assert!(object::is_none(&getattr(&o, "__weakref__").unwrap()));
    assert!(object::is(&getattr(&o, "__class__").unwrap(), &pq));
    // Other type_new errors.
    assert!(class("X", &[as_obj(&rupy::objects::boolobject::BOOL_TYPE)], &[]).is_err());
    assert_eq!(err(), "TypeError: type 'bool' is not an acceptable base type");
    assert!(class("X", &[&p, &p], &[]).is_err());
    assert_eq!(err(), "TypeError: duplicate base class P");
    assert!(class("X", &[as_obj(&OBJECT_TYPE), &p], &[]).is_err());
    assert_eq!(err(), "TypeError: Cannot create a consistent method resolution order (MRO) for bases object, P");
    let slots_dict = into_obj(tupleobject::from_slice(&[&*s("__dict__")]).unwrap());
    assert!(class("X", &[&p], &[("__slots__", slots_dict)]).is_err());
    assert_eq!(err(), "TypeError: __dict__ slot disallowed: we already got one");
    assert!(class("X", &[], &[("__slots__", s("v")), ("v", int(1))]).is_err());
    assert_eq!(err(), "ValueError: 'v' in __slots__ conflicts with class variable");
}

#[test]
fn metaclasses() {
    state::ensure();
    let m = class("M", &[as_obj(&TYPE_TYPE)], &[]).unwrap();
    let c = class_with(&m, "C", &[], &[]).unwrap();
    assert!(object::is(as_obj(type_of(&c)), &m));
    // A class of an unrelated metaclass cannot mix with C.
    let n = class("N", &[as_obj(&TYPE_TYPE)], &[]).unwrap();
    let d = class_with(&n, "D", &[], &[]).unwrap();
    assert!(class("E", &[&c, &d], &[]).is_err());
    assert_eq!(
        err(),
        "TypeError: metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases"
    );
    // type() picks the most derived metaclass.
    let e = class("E", &[&c], &[]).unwrap();
    assert!(object::is(as_obj(type_of(&e)), &m));
    assert!(object::call(as_obj(&TYPE_TYPE), &[&int(1), &int(2)]).is_err());
    assert_eq!(err(), "TypeError: type() takes 1 or 3 arguments");
}

#[test]
fn descriptors_super_and_hooks() {
    state::ensure();
    let getx = func(|_| Ok(s("got")));
    let prop = object::call(as_obj(&PROPERTY_TYPE), &[&getx]).unwrap();
    let sm = object::call(as_obj(&STATICMETHOD_TYPE), &[&func(|a| Ok(int(a.len() as i64)))]).unwrap();
    let cm = object::call(as_obj(&CLASSMETHOD_TYPE), &[&func(|a| Ok(a[0].clone()))]).unwrap();
    let r = class("R", &[], &[("x", prop), ("sm", sm), ("cm", cm), ("f", func(|_| Ok(int(1))))]).unwrap();
    let o = object::call(&r, &[]).unwrap();
    assert_eq!(text(&getattr(&o, "x").unwrap()), "got");
    assert!(object::set_attr(&o, &s("x"), Some(&int(1))).is_err());
    assert_eq!(err(), "AttributeError: property 'x' of 'R' object has no setter");
    assert!(object::set_attr(&o, &s("x"), None).is_err());
    assert_eq!(err(), "AttributeError: property 'x' of 'R' object has no deleter");
    assert_eq!(int_of(&object::call(&getattr(&o, "sm").unwrap(), &[]).unwrap()), 0);
    assert!(object::is(&object::call(&getattr(&o, "cm").unwrap(), &[]).unwrap(), &r));
    let bound = getattr(&o, "f").unwrap();
    assert!(repr(&bound).starts_with("<bound method ? of <R object at 0x"));
    // super(Sub, inst).f finds R.f, bound to inst.
    let sub = class("Sub", &[&r], &[("f", func(|_| Ok(int(2))))]).unwrap();
    let si = object::call(&sub, &[]).unwrap();
    let sup = new_super(downcast::<TypeObject>(&sub).unwrap(), &si).unwrap();
    assert_eq!(repr(&sup), "<super: <class 'Sub'>, <Sub object>>");
    assert_eq!(int_of(&object::call(&getattr(&sup, "f").unwrap(), &[]).unwrap()), 1);
    assert!(getattr(&sup, "g").is_err());
    assert_eq!(err(), "AttributeError: 'super' object has no attribute 'g'");
    assert!(new_super(downcast::<TypeObject>(&sub).unwrap(), &int(1)).is_err());
    assert_eq!(
        err(),
        "TypeError: super(type, obj): obj (instance of int) is not an instance or subtype of type (Sub)."
    );
    // object.__init_subclass__ takes no keywords.
    let kw = DictObject::new().unwrap();
    kw.set_item(&s("foo"), &int(1)).unwrap();
    let d = DictObject::new().unwrap();
    let args = tupleobject::from_slice(&[&*s("B"), as_obj(&*tupleobject::from_slice(&[]).unwrap()), as_obj(&*d)]).unwrap();
    let call = TYPE_TYPE.slots.tp_call.get().unwrap();
    assert!(call(as_obj(&TYPE_TYPE), &args, Some(&kw)).is_err());
    assert_eq!(err(), "TypeError: B.__init_subclass__() takes no keyword arguments");
}

#[test]
fn class_mutation_invalidates_cache_and_updates_slots() {
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    state::ensure();
    let a = class("A", &[], &[("k", int(1))]).unwrap();
    let b = class("B", &[&a], &[]).unwrap();
    let bi = object::call(&b, &[]).unwrap();
    assert_eq!(int_of(&getattr(&bi, "k").unwrap()), 1);
    object::set_attr(&a, &s("k"), Some(&int(2))).unwrap();
    assert_eq!(int_of(&getattr(&bi, "k").unwrap()), 2);
    // Assigning a dunder on the base updates the subclass's slot.
    assert!(repr(&bi).starts_with("<B object at"));
    object::set_attr(&a, &s("__repr__"), Some(&func(|_| Ok(s("custom"))))).unwrap();
    assert_eq!(repr(&bi), "custom");
    object::set_attr(&a, &s("__repr__"), None).unwrap();
    assert!(repr(&bi).starts_with("<B object at"));
    assert!(object::set_attr(as_obj(&longobject::INT_TYPE), &s("k"), Some(&int(1))).is_err());
    assert_eq!(err(), "TypeError: cannot set 'k' attribute of immutable type 'int'");
}

#[test]
fn exception_subclass_instances_keep_their_class() {
    state::ensure();
    let e = class("E", &[as_obj(exceptions::value_error())], &[]).unwrap();
    let before = as_obj(&*e).refcnt();
    let inst = object::call(&e, &[&s("boom")]).unwrap();
    assert_eq!(as_obj(&*e).refcnt(), before + 1);
    assert_eq!(text(&inst), "boom");
    object::set_attr(&inst, &s("extra"), Some(&int(1))).unwrap();
    drop(inst);
    assert_eq!(as_obj(&*e).refcnt(), before);
}

#[test]
fn cache_stays_coherent_under_threads() {
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    state::ensure();
    const THREADS: usize = 8;
    const ROUNDS: i64 = 2_000;
    let a = class("A", &[], &[("k", int(0))]).unwrap();
    let b = class("B", &[&a], &[]).unwrap();
    let barrier = Barrier::new(THREADS);
    std::thread::scope(|sc| {
        for t in 0..THREADS {
            let (a, b, barrier) = (&a, &b, &barrier);
            sc.spawn(move || {
                state::ensure();
                barrier.wait();
                let mut last = 0;
                for i in 0..ROUNDS {
                    if t == 0 {
                        object::set_attr(a, &s("k"), Some(&int(i))).unwrap();
                    } else {
                        // Values only grow: a stale cache entry would go back.
                        let v = int_of(&getattr(b, "k").unwrap());
                        assert!(v >= last && v < ROUNDS);
                        last = v;
                    }
                    if i % 64 == 0 {
                        state::with_tstate(|ts| ts.handle_eval_breaker());
                    }
                }
            });
        }
    });
    assert_eq!(int_of(&getattr(&b, "k").unwrap()), ROUNDS - 1);
}
