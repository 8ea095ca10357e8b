//! loom model of biased reference counting through a BRC merge: an object
//! counted by its owner and a non-owner is freed exactly once, and never
//! while a reference remains.
#![cfg(loom)]

use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};

use loom::model::Builder;
use rupy_gc::object::{ObjectHeader, PyObjectLike, TypeHead};
use rupy_gc::{Interp, PyRef, ThreadState};

/// A type that counts its instances' deallocations. loom runs a model's
/// threads one at a time on one OS thread, so a std atomic is an exact
/// counter that adds no interleavings.
#[repr(C)]
struct CountingType {
    head: TypeHead,
    frees: AtomicUsize,
}

#[repr(C)]
struct Obj {
    ob_base: ObjectHeader,
}
// SAFETY: #[repr(C)] with the header first.
unsafe impl PyObjectLike for Obj {}

unsafe fn obj_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: Obj instances are boxed by `new_obj` with a CountingType
    // (whose TypeHead comes first) as their type.
    let obj = unsafe { Box::from_raw(op.cast::<Obj>().as_ptr()) };
    // SAFETY: as above; the type is leaked, so it outlives the object.
    let ty = unsafe { &*obj.ob_base.ob_type().cast::<CountingType>() };
    drop(obj);
    ty.frees.fetch_add(1, Ordering::SeqCst);
}

fn new_type() -> &'static CountingType {
    Box::leak(Box::new(CountingType {
        head: TypeHead { ob_base: ObjectHeader::new(std::ptr::null()), tp_dealloc: obj_dealloc },
        frees: AtomicUsize::new(0),
    }))
}

fn new_obj(ty: &'static CountingType) -> PyRef<Obj> {
    let b = Box::new(Obj { ob_base: ObjectHeader::new(&ty.head) });
    // SAFETY: fresh object with refcount one.
    unsafe { PyRef::from_raw(NonNull::from(Box::leak(b))) }
}

fn builder() -> Builder {
    let mut b = Builder::new();
    b.preemption_bound = Some(3);
    b
}

fn assert_alive(ty: &CountingType) {
    assert_eq!(ty.frees.load(Ordering::SeqCst), 0, "object freed while referenced");
}

/// The owner keeps counting while the non-owner's final decref queues the
/// object to it; the owner merges at its eval-breaker check.
#[test]
fn owner_merges_queued_object() {
    builder().check(|| {
        let ty = new_type();
        let interp = Interp::new();
        let owner = ThreadState::new(&interp);
        owner.attach();
        let obj = new_obj(ty);
        let given = obj.clone();
        let other = ThreadState::new(&interp);
        let t = loom::thread::spawn(move || {
            other.attach();
            let c = given.clone();
            assert_alive(ty);
            drop(c);
            drop(given);
            other.detach();
            other.attach();
            other.delete_current();
        });
        owner.handle_eval_breaker();
        assert_alive(ty);
        drop(obj);
        t.join().unwrap();
        owner.handle_eval_breaker();
        assert_eq!(ty.frees.load(Ordering::SeqCst), 1, "object not freed exactly once");
        owner.delete_current();
    });
}

/// The owner exits while the non-owner still holds a reference; the
/// non-owner's final decref merges in its own thread.
#[test]
fn non_owner_merges_for_exited_owner() {
    builder().check(|| {
        let ty = new_type();
        let interp = Interp::new();
        let owner = ThreadState::new(&interp);
        owner.attach();
        let obj = new_obj(ty);
        let given = obj.clone();
        let other = ThreadState::new(&interp);
        let t = loom::thread::spawn(move || {
            other.attach();
            assert_alive(ty);
            drop(given);
            other.handle_eval_breaker();
            other.delete_current();
        });
        drop(obj);
        owner.delete_current();
        t.join().unwrap();
        assert_eq!(ty.frees.load(Ordering::SeqCst), 1, "object not freed exactly once");
    });
}
