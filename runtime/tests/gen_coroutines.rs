//! Coroutines, async generators, frame introspection and the
//! introspection builtins, run through the library: exact results of
//! hand-driven coroutines, and several OS threads resuming coroutines and
//! one shared async generator at once (each value is produced exactly
//! once; a resume that loses the race gets CPython's error, never a
//! crash).

use std::sync::Barrier;

use rupy::compile::compile_module;
use rupy::objects::codeobject::CodeObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::IntObject;
use rupy::objects::object::{ObjRef, PyObject, as_obj, downcast};
use rupy::objects::unicodeobject;
use rupy::parser::parser::Mode;
use rupy::state;

const SOURCE: &str = r#"
class Tick:
    def __await__(self):
        got = yield "tick"
        return got

async def add(a, b):
    x = await Tick()
    return a + b + (x or 0)

async def main(n):
    total = 0
    for i in range(n):
        total += await add(i, 1)
    return total

def drive(coro):
    steps = 0
    try:
        while True:
            coro.send(None)
            steps += 1
    except StopIteration as e:
        return e.value, steps

async def counter(n):
    for i in range(n):
        await Tick()
        yield i

def drain_shared(agen, out):
    # Pull from a shared async generator until it is exhausted; a pull
    # that races with another thread's gets RuntimeError/ValueError.
    lost = 0
    while True:
        a = agen.__anext__()
        try:
            while True:
                a.send(None)
        except StopIteration as e:
            out.append(e.value)
        except StopAsyncIteration:
            return lost
        except (RuntimeError, ValueError):
            lost += 1

def introspect():
    import sys
    local_value = 5
    f = sys._getframe()
    return (sorted(locals()), f.f_code.co_name, eval("local_value + 1"),
            f.f_back.f_code.co_name)

RESULT = drive(main(4))
INTRO = introspect()
"#;

fn module() -> ObjRef {
    state::ensure();
    rupy::vm::ready_types();
    let code = compile_module(SOURCE, "<coroutines>", Mode::Exec, 0, 0).expect("compiles");
    let co = CodeObject::new(&code).expect("code object");
    let g = rupy::builtins::main_globals(None).expect("globals");
    rupy::vm::run_module_code(co, g.clone()).expect("module body runs");
    rupy::objects::object::into_obj(g)
}

fn global(g: &PyObject, name: &str) -> ObjRef {
    let d = downcast::<rupy::objects::dictobject::DictObject>(g).expect("dict");
    let key = unicodeobject::intern_str(name).expect("name");
    d.get_item(&key).expect("lookup").expect("defined")
}

fn repr(v: &PyObject) -> String {
    rupy::objects::object::repr(v).expect("repr").to_string_lossy()
}

#[test]
fn hand_driven_coroutines_give_exact_results() {
    let g = module();
    // sum(i + 1 for i in range(4)) = 10, one tick per await.
    assert_eq!(repr(&global(&g, "RESULT")), "(10, 4)");
    assert_eq!(
        repr(&global(&g, "INTRO")),
        "(['f', 'local_value', 'sys'], 'introspect', 6, '<module>')"
    );
}

#[test]
fn threads_share_an_async_generator_without_duplicates() {
    const THREADS: usize = 4;
    const N: i64 = 2000;
    let g = module();
    let counter = global(&g, "counter");
    let drain = global(&g, "drain_shared");
    let n = rupy::objects::longobject::from_i64(N).expect("int");
    let agen = rupy::objects::object::call(&counter, &[&n]).expect("async generator");
    let out = ListObject::new().expect("list");
    let barrier = Barrier::new(THREADS);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                state::ensure();
                barrier.wait();
                rupy::objects::object::call(&drain, &[&agen, as_obj(&*out)])
                    .expect("drain runs");
            });
        }
    });
    // Every value was produced at most once, in order per producer.
    let mut seen: Vec<i64> = out
        .snapshot()
        .iter()
        .map(|v| downcast::<IntObject>(v).and_then(IntObject::as_i64).expect("int"))
        .collect();
    let len = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), len, "a value was yielded twice");
    assert!(seen.iter().all(|&v| (0..N).contains(&v)));
}

#[test]
fn threads_drive_their_own_coroutines() {
    const THREADS: usize = 4;
    let g = module();
    let main = global(&g, "main");
    let drive = global(&g, "drive");
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (main, drive) = (&main, &drive);
            s.spawn(move || {
                state::ensure();
                let n = rupy::objects::longobject::from_i64(100 + t as i64).expect("int");
                let coro = rupy::objects::object::call(main, &[&n]).expect("coroutine");
                let r = rupy::objects::object::call(drive, &[&coro]).expect("driven");
                let k = 100 + t as i64;
                assert_eq!(repr(&r), format!("({}, {k})", k * (k - 1) / 2 + k));
            });
        }
    });
}
