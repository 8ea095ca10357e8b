//! Mutable state of a native object, guarded by the object's critical
//! section (what CPython 3.14t's `Py_BEGIN_CRITICAL_SECTION(self)` around
//! a C struct's fields gives), plus argument parsing shared by the
//! module ports of this crate.

use core::cell::RefCell;

use rupy::errors::{self, PyResult};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::object::{self, ObjRef, PyObject};
use rupy::objects::tupleobject::TupleObject;

/// State of type `T` that is only touched inside its owner's critical
/// section. A re-entrant use on the same thread (the state's own code
/// calling back into the object) is refused with RuntimeError.
pub struct Guarded<T>(RefCell<T>);

// SAFETY: the RefCell is only borrowed inside the owning object's
// critical section (see `with`): threads are serialized by the object's
// mutex, whose release/acquire orders their accesses to the cell and its
// borrow flag; a section suspended while blocked keeps its borrow, which
// a thread that then enters sees as already borrowed.
unsafe impl<T: Send> Sync for Guarded<T> {}

impl<T> Guarded<T> {
    pub fn new(v: T) -> Guarded<T> {
        Guarded(RefCell::new(v))
    }

    /// The state of an object no other thread can reach any more (its
    /// deallocation), or `Err` while it is borrowed.
    pub fn peek_owned(&self) -> Result<core::cell::Ref<'_, T>, core::cell::BorrowError> {
        self.0.try_borrow()
    }

    /// Runs `f` on the state inside `owner`'s critical section.
    pub fn with<R>(&self, owner: &PyObject, f: impl FnOnce(&mut T) -> PyResult<R>) -> PyResult<R> {
        object::critical_section(owner, || match self.0.try_borrow_mut() {
            Ok(mut s) => f(&mut s),
            Err(_) => Err(errors::set_string(
                exceptions::runtime_error(),
                &format!("cannot re-enter the '{}' object", object::type_of(owner).name()),
            )),
        })
    }
}

/// The arguments of a constructor or function called with a tuple and a
/// keyword dict, matched to `names` (positional-or-keyword, in order);
/// `kwonly` names may only be given by keyword. Missing ones are `None`.
pub fn parse(
    fname: &str,
    args: &TupleObject,
    kwds: Option<&DictObject>,
    names: &[&str],
    kwonly: &[&str],
    required: usize,
) -> PyResult<Vec<Option<ObjRef>>> {
    parse_slice(fname, args.as_slice(), kwds, names, kwonly, required)
}

/// [`parse`] for positional arguments in a slice (a `METH_FASTCALL |
/// METH_KEYWORDS` method's).
pub fn parse_slice(
    fname: &str,
    pos: &[ObjRef],
    kwds: Option<&DictObject>,
    names: &[&str],
    kwonly: &[&str],
    required: usize,
) -> PyResult<Vec<Option<ObjRef>>> {
    let type_error = |m: String| errors::set_string(exceptions::type_error(), &m);
    // `_PyArg_UnpackKeywords`: more arguments in all than there are names.
    let given = pos.len() + kwds.map_or(0, |k| k.len());
    let maxargs = names.len() + kwonly.len();
    if given > maxargs {
        return Err(type_error(format!(
            "{fname}() takes at most {maxargs} {}argument{} ({given} given)",
            if pos.is_empty() { "keyword " } else { "" },
            if maxargs == 1 { "" } else { "s" },
        )));
    }
    if pos.len() > names.len() {
        return Err(type_error(format!(
            "{fname}() takes at most {} argument{} ({} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            pos.len()
        )));
    }
    let mut out: Vec<Option<ObjRef>> = vec![None; names.len() + kwonly.len()];
    for (i, a) in pos.iter().enumerate() {
        out[i] = Some(a.clone());
    }
    // `_PyArg_UnpackKeywords` reports a missing argument before one given
    // twice, and that before an unknown keyword.
    let mut twice = None;
    let mut unknown = None;
    if let Some(k) = kwds {
        for (key, value) in k.items() {
            let key = object::str_lossy(&key);
            match names.iter().chain(kwonly).position(|n| *n == key) {
                None => {
                    unknown.get_or_insert(key);
                }
                Some(i) if out[i].is_some() => {
                    twice.get_or_insert((key, i));
                }
                Some(i) => out[i] = Some(value),
            }
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(type_error(format!("{fname}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    if let Some((key, i)) = twice {
        return Err(type_error(format!("argument for {fname}() given by name ('{key}') and position ({})", i + 1)));
    }
    if let Some(key) = unknown {
        let all: Vec<&str> = names.iter().chain(kwonly).copied().collect();
        let hint = rupy::vm::suggestions::calculate(&all, &key).map(|s| format!(". Did you mean '{s}'?")).unwrap_or_default();
        return Err(type_error(format!("{fname}() got an unexpected keyword argument '{key}'{hint}")));
    }
    Ok(out)
}

/// Refuses keyword arguments (`_PyArg_NoKeywords`).
pub fn no_keywords(fname: &str, kwds: Option<&DictObject>) -> PyResult<()> {
    if kwds.is_some_and(|k| k.len() > 0) {
        return Err(errors::set_string(exceptions::type_error(), &format!("{fname}() takes no keyword arguments")));
    }
    Ok(())
}

/// The argument clinic's `Py_ssize_t` converter: `__index__`, then
/// OverflowError past the isize range.
pub fn ssize_arg(v: &PyObject) -> PyResult<isize> {
    let i = rupy::objects::r#abstract::index(v)?;
    rupy::objects::object::downcast::<rupy::objects::longobject::IntObject>(&i)
        .and_then(|i| i.as_i64())
        .and_then(|n| isize::try_from(n).ok())
        .ok_or_else(|| errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C ssize_t"))
}
