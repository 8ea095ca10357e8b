//! Stress: native threads append to, pop from, slice, copy and export
//! one `array.array` at once through its methods; nothing crashes, every
//! failure is a Python exception the array documents (BufferError while
//! another thread exports), and the final length is exact.

use rupy::objects::object::{self, ObjRef, PyObject, as_obj};
use rupy::objects::{longobject, unicodeobject};
use rupy_stdlib::arraymodule::ARRAY_TYPE;

const THREADS: i64 = 6;
const ROUNDS: i64 = 4000;

fn method(v: &PyObject, name: &str, args: &[&PyObject]) -> rupy::errors::PyResult<ObjRef> {
    object::call(&*object::get_attr_str(v, name)?, args)
}

fn int(n: i64) -> ObjRef {
    longobject::from_i64(n).unwrap()
}

fn len_of(v: &PyObject) -> i64 {
    let n = method(v, "__len__", &[]).unwrap();
    object::repr(&n).unwrap().to_string_lossy().parse().unwrap()
}

#[test]
fn concurrent_appends_and_pops_keep_the_length() {
    rupy::state::ensure();
    rupy::vm::ready_types();
    ARRAY_TYPE.ready().unwrap();
    let tc = unicodeobject::from_str("q").unwrap();
    let arr = object::call(as_obj(&ARRAY_TYPE), &[as_obj(&*tc)]).unwrap();
    let shared: &PyObject = &arr;
    let buffer_errors = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let buffer_errors = &buffer_errors;
            s.spawn(move || {
                for i in 0..ROUNDS {
                    // A resize can meet another thread's export.
                    loop {
                        match method(shared, "append", &[&int(i)]) {
                            Ok(_) => break,
                            Err(e) => {
                                assert!(rupy::errors::exception_matches(rupy::objects::exceptions::buffer_error()));
                                drop(e);
                                rupy::errors::clear();
                                buffer_errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                    }
                    if i % 3 == 0 {
                        loop {
                            match method(shared, "pop", &[]) {
                                Ok(_) => break,
                                Err(e) => {
                                    assert!(rupy::errors::exception_matches(
                                        rupy::objects::exceptions::buffer_error()
                                    ));
                                    drop(e);
                                    rupy::errors::clear();
                                }
                            }
                        }
                    }
                    if i % 97 == 0 {
                        method(shared, "__copy__", &[]).unwrap();
                        method(shared, "tobytes", &[]).unwrap();
                        method(shared, "count", &[&int(t)]).unwrap();
                    }
                    if t == 0 && i % 50 == 0 {
                        let view = rupy::objects::memoryobject::from_object(shared).unwrap();
                        method(&view, "tolist", &[]).unwrap();
                        method(&view, "release", &[]).unwrap();
                    }
                }
            });
        }
    });
    let pops = (0..ROUNDS).filter(|i| i % 3 == 0).count() as i64;
    assert_eq!(len_of(shared), THREADS * (ROUNDS - pops));
    let bytes = method(shared, "tobytes", &[]).unwrap();
    let b = rupy::objects::bytesobject::bytes_like(&bytes).unwrap();
    assert_eq!(b.len() as i64, 8 * THREADS * (ROUNDS - pops));
    for chunk in b.chunks_exact(8) {
        let v = i64::from_ne_bytes(chunk.try_into().unwrap());
        assert!((0..ROUNDS).contains(&v), "item {v} was never appended");
    }
}
