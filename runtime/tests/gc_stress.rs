//! The cycle collector under real threads: four threads make and drop
//! cycles (instances, lists, dicts, closures, classes, generators, weak
//! references with callbacks, finalizers) and mutate shared containers
//! while a fifth collects in a loop. Checks that nothing reachable is
//! freed (the shared structures stay intact), that every finalizer and
//! every live weak reference's callback runs exactly once, and that the
//! garbage is really freed.

use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering};

use rupy::compile::compile_module;
use rupy::objects::codeobject::CodeObject;
use rupy::objects::dictobject::DictObject;
use rupy::objects::funcobject::FunctionObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{ObjRef, PyObject, downcast};
use rupy::objects::unicodeobject;
use rupy::parser::parser::Mode;
use rupy::state;

const THREADS: usize = 4;
const ROUNDS: i64 = 10_000;

/// `weakref_ref` is `weakref.ref`, put in the globals by [`module`] (the
/// runtime's tests run without the native modules).
const SOURCE: &str = r#"
finalized = []
called = []
shared = {}
shared_list = []

class Node:
    def __init__(self, v):
        self.v = v
        self.next = None

class Fin:
    def __init__(self, tag):
        self.tag = tag
        self.me = self
    def __del__(self):
        finalized.append(self.tag)

def make_cycles(t, n):
    refs = []
    for i in range(n):
        a = Node(i); b = Node(i); a.next = b; b.next = a
        l = [a, {"b": b}]; l.append(l)
        def clo():
            return clo, a
        if i % 5 == 0:
            Fin((t, i))
        if i % 7 == 0:
            class Local:
                pass
            Local.me = Local
            x = Local(); x.self = x
        if i % 11 == 0:
            def gen(box):
                yield box
                yield 2
            g = gen(a); next(g); a.g = g
        refs.append(weakref_ref(b, called.append))
        shared[(t, i % 64)] = a
        shared_list.append(b)
        if len(shared_list) > 256:
            del shared_list[:128]
    return refs

def check():
    for (t, j), a in shared.copy().items():
        assert a.next.next is a, (t, j)
        assert a.v % 64 == j
    for b in shared_list[:]:
        assert b.next.next is b
    return len(shared)
"#;

fn module() -> ObjRef {
    state::ensure();
    rupy::vm::ready_types();
    let code = compile_module(SOURCE, "<gc_stress>", Mode::Exec, 0, 0).expect("compiles");
    let co = CodeObject::new(&code).expect("code object");
    let g = rupy::builtins::main_globals(None).expect("globals");
    let name = unicodeobject::intern_str("weakref_ref").unwrap();
    g.set_item(&name, rupy::objects::object::as_obj(&rupy::objects::weakrefobject::REF_TYPE)).unwrap();
    rupy::vm::run_module_code(co, g.clone()).expect("module body runs");
    rupy::objects::object::into_obj(g)
}

fn global(g: &PyObject, name: &str) -> ObjRef {
    let d = downcast::<DictObject>(g).unwrap();
    d.get_item(&*unicodeobject::intern_str(name).unwrap()).unwrap().expect("defined")
}

fn call(f: &PyObject, args: &[&PyObject]) -> ObjRef {
    let f = downcast::<FunctionObject>(f).expect("a function");
    match rupy::vm::call_function(f, args, None) {
        Ok(v) => v,
        Err(_) => {
            let e = rupy::errors::take_raised().expect("an exception");
            panic!("{}", rupy::errors::traceback::format_exception(&e));
        }
    }
}

fn int(v: &PyObject) -> i64 {
    downcast::<IntObject>(v).and_then(IntObject::as_i64).expect("an int")
}

fn len(v: &PyObject) -> i64 {
    rupy::objects::r#abstract::size(v).expect("a length") as i64
}

#[test]
fn cycles_made_on_four_threads_while_a_fifth_collects() {
    let g = module();
    let make = global(&g, "make_cycles");
    let check = global(&g, "check");
    let freed_before = rupy::objects::object::alloc_stats().1;
    let barrier = Barrier::new(THREADS + 1);
    let done = AtomicBool::new(false);
    let mut kept: Vec<ObjRef> = Vec::new();
    // This thread waits detached, as a blocking `join` does in Python, so
    // the collector's stop-the-world does not wait for it.
    state::allow_threads(|| std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (make, barrier) = (&make, &barrier);
                s.spawn(move || {
                    state::ensure();
                    barrier.wait();
                    let tid = longobject::from_i64(t as i64).unwrap();
                    let n = longobject::from_i64(ROUNDS).unwrap();
                    let refs = call(make, &[&tid, &n]);
                    state::delete_current_thread();
                    refs
                })
            })
            .collect();
        let (done, barrier, check) = (&done, &barrier, &check);
        let collector = s.spawn(move || {
            state::ensure();
            barrier.wait();
            let mut runs = 0;
            while !done.load(Ordering::Acquire) {
                if rupy::state::gc::collect(false).is_some() {
                    runs += 1;
                }
                call(check, &[]);
            }
            state::delete_current_thread();
            runs
        });
        for w in workers {
            kept.push(w.join().expect("worker"));
        }
        done.store(true, Ordering::Release);
        assert!(collector.join().expect("collector") > 0);
    }));
    assert_eq!(int(&call(&check, &[])), (THREADS * 64) as i64);
    // Everything the workers made is now garbage (or in `shared`).
    state::gc::collect(false).expect("no other collection runs");
    state::gc::collect(false).expect("no other collection runs");
    let fins = len(&global(&g, "finalized"));
    assert_eq!(fins, THREADS as i64 * ((ROUNDS + 4) / 5), "every finalizer ran exactly once");
    // Each weakref the workers returned is dead unless its node is still
    // in `shared_list`; each dead one's callback ran once.
    let dead: i64 = kept
        .iter()
        .map(|refs| {
            let items = rupy::objects::r#abstract::collect(refs).unwrap();
            items
                .iter()
                .filter(|r| rupy::objects::object::is_none(&rupy::objects::object::call(r, &[]).unwrap()))
                .count() as i64
        })
        .sum();
    assert_eq!(len(&global(&g, "called")), dead);
    assert!(dead > THREADS as i64 * ROUNDS - 512 - (THREADS * 64) as i64);
    let freed_after = rupy::objects::object::alloc_stats().1;
    assert!(freed_after - freed_before > (THREADS as u64) * (ROUNDS as u64) * 6, "the cycles were freed");
}
