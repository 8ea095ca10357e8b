//! Tagged stack references, ported from Include/internal/pycore_stackref.h
//! (the `Py_GIL_DISABLED` `_PyStackRef`): a pointer whose low bit says
//! "deferred: do not decref". Objects that are immortal or use deferred
//! reference counting (constants, code, module-level functions, types)
//! go on the stack without touching their reference count
//! (`PyStackRef_FromPyObjectNew` tags them), so pushing the same function
//! from many threads does not contend on its count.

use core::ptr::NonNull;

use rupy_gc::PyRef;

use crate::objects::object::{ObjRef, PyObject};

/// `Py_TAG_DEFERRED`.
const TAG_DEFERRED: usize = 1;

/// A value-stack or fast-local slot (`_PyStackRef`): null, an owned
/// reference, or a deferred (borrowed) one. Dropping it releases an owned
/// reference (`PyStackRef_CLOSE`).
pub struct StackRef(usize);

impl StackRef {
    /// `PyStackRef_NULL`.
    pub const NULL: StackRef = StackRef(0);

    /// `PyStackRef_FromPyObjectSteal`: takes over an owned reference.
    /// Immortal and deferred objects drop the count they came with and
    /// are tagged, as CPython's steal does for immortals.
    #[inline]
    pub fn from_owned(r: ObjRef) -> StackRef {
        let p = r.into_raw();
        // SAFETY: we own the reference just released from `r`.
        let h = unsafe { p.as_ref() };
        if h.is_immortal() {
            return StackRef(p.as_ptr() as usize | TAG_DEFERRED);
        }
        StackRef(p.as_ptr() as usize)
    }

    /// `PyStackRef_FromPyObjectNew`: a new reference to `op`, deferred
    /// (count untouched) if `op` is immortal or uses deferred counting.
    #[inline]
    pub fn new_ref(op: &PyObject) -> StackRef {
        if op.is_immortal() || op.has_deferred_refcount() {
            return StackRef(core::ptr::from_ref(op) as usize | TAG_DEFERRED);
        }
        StackRef::from_owned(PyRef::new_ref(op))
    }

    /// `PyStackRef_IsNull`.
    #[inline]
    pub fn is_null(&self) -> bool {
        self.0 == 0
    }

    /// `PyStackRef_AsPyObjectBorrow`, `None` for null.
    #[inline]
    pub fn get(&self) -> Option<&PyObject> {
        let p = (self.0 & !TAG_DEFERRED) as *const PyObject;
        // SAFETY: a non-null slot holds a live object: an owned reference
        // keeps it alive, and a deferred one is immortal or only freed by
        // the cycle collector, which scans the stacks.
        unsafe { p.as_ref() }
    }

    /// The object, if the slot owns one reference to it (not deferred or
    /// borrowed): what a traversal of a suspended frame visits.
    #[inline]
    pub fn get_owned(&self) -> Option<&PyObject> {
        if self.0 & TAG_DEFERRED != 0 {
            return None;
        }
        self.get()
    }

    /// `PyStackRef_AsPyObjectSteal`: an owned reference (taking one if
    /// the slot only borrows); `None` for null.
    #[inline]
    pub fn into_owned(self) -> Option<ObjRef> {
        let bits = self.0;
        core::mem::forget(self);
        let p = NonNull::new((bits & !TAG_DEFERRED) as *mut PyObject)?;
        if bits & TAG_DEFERRED != 0 {
            // SAFETY: live as explained in `get`.
            Some(PyRef::new_ref(unsafe { p.as_ref() }))
        } else {
            // SAFETY: an untagged slot owns one reference, handed over.
            Some(unsafe { PyRef::from_raw(p) })
        }
    }

    /// `PyStackRef_DUP`: another reference to the same object.
    #[inline]
    pub fn dup(&self) -> StackRef {
        match self.get() {
            None => StackRef::NULL,
            Some(_) if self.0 & TAG_DEFERRED != 0 => StackRef(self.0),
            Some(o) => StackRef::from_owned(PyRef::new_ref(o)),
        }
    }

    /// `PyStackRef_Borrow`: the same object without a count of its own,
    /// for `LOAD_FAST_BORROW`, whose operand the compiler has proved
    /// outlives the stack entry (the local is not overwritten or deleted
    /// before the entry is consumed). Consumers that keep the value take
    /// a reference (`into_owned`), as for deferred objects.
    #[inline]
    pub fn borrow(&self) -> StackRef {
        if self.0 == 0 {
            return StackRef::NULL;
        }
        StackRef(self.0 | TAG_DEFERRED)
    }

    /// `PyStackRef_MakeHeapSafe`: an entry that will outlive the frame it
    /// was borrowed in (a generator's frame) takes a reference of its own;
    /// immortal and deferred objects stay tagged.
    #[inline]
    pub fn make_heap_safe(self) -> StackRef {
        match self.get() {
            Some(o) if self.0 & TAG_DEFERRED != 0 && !(o.is_immortal() || o.has_deferred_refcount()) => {
                StackRef::from_owned(PyRef::new_ref(o))
            }
            _ => self,
        }
    }

    /// Takes the value out, leaving null behind.
    #[inline]
    pub fn take(&mut self) -> StackRef {
        core::mem::replace(self, StackRef::NULL)
    }
}

impl Default for StackRef {
    fn default() -> StackRef {
        StackRef::NULL
    }
}

impl Drop for StackRef {
    #[inline]
    fn drop(&mut self) {
        if self.0 != 0 && self.0 & TAG_DEFERRED == 0 {
            // SAFETY: an untagged non-null slot owns one reference.
            drop(unsafe { PyRef::from_raw(NonNull::new_unchecked(self.0 as *mut PyObject)) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{longobject, object};

    #[test]
    fn owned_borrowed_and_null() {
        crate::state::ensure();
        let big = longobject::from_i64(1 << 40).unwrap();
        let before = big.header().refcnt();
        let s = StackRef::new_ref(&big);
        assert_eq!(big.header().refcnt(), before + 1);
        let d = s.dup();
        assert_eq!(big.header().refcnt(), before + 2);
        drop(d);
        drop(s);
        assert_eq!(big.header().refcnt(), before);
        let small = longobject::from_i64(3).unwrap();
        let t = StackRef::new_ref(&small);
        assert!(object::is(t.get().unwrap(), &small));
        let owned = t.into_owned().unwrap();
        assert!(object::is(&owned, &small));
        assert!(StackRef::NULL.get().is_none());
        assert!(StackRef::NULL.into_owned().is_none());
    }
}
