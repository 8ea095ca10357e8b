//! Shared by the real-thread tests that run Python functions from Rust
//! threads: a module compiled from source, its globals, calls into it.

use rupy::compile::compile_module;
use rupy::objects::codeobject::CodeObject;
use rupy::objects::dictobject::DictObject;
use rupy::objects::funcobject::FunctionObject;
use rupy::objects::longobject::IntObject;
use rupy::objects::object::{ObjRef, PyObject, downcast};
use rupy::objects::unicodeobject;
use rupy::parser::parser::Mode;
use rupy::state;

/// Compiles `source` as a module named `filename` and returns its globals.
pub fn module(source: &str, filename: &str) -> ObjRef {
    state::ensure();
    rupy::vm::ready_types();
    let code = compile_module(source, filename, Mode::Exec, 0, 0).expect("compiles");
    let co = CodeObject::new(&code).expect("code object");
    let g = rupy::builtins::main_globals(None).expect("globals");
    rupy::vm::run_module_code(co, g.clone()).expect("module body runs");
    rupy::objects::object::into_obj(g)
}

/// The global `name` of a module's globals.
pub fn global(g: &PyObject, name: &str) -> ObjRef {
    let d = downcast::<DictObject>(g).unwrap();
    d.get_item(&*unicodeobject::intern_str(name).unwrap()).unwrap().expect("defined")
}

/// Calls the Python function `f`; an exception fails the test with its
/// traceback.
pub fn call(f: &PyObject, args: &[&PyObject]) -> ObjRef {
    let f = downcast::<FunctionObject>(f).expect("a function");
    match rupy::vm::call_function(f, args, None) {
        Ok(v) => v,
        Err(_) => {
            let e = rupy::errors::take_raised().expect("an exception");
            panic!("{}", rupy::errors::traceback::format_exception(&e));
        }
    }
}

/// The value of an int object.
pub fn int(v: &PyObject) -> i64 {
    downcast::<IntObject>(v).and_then(IntObject::as_i64).expect("an int")
}
