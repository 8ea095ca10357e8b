//! Cell objects, ported from Objects/cellobject.c (`PyCellObject`,
//! `PyCell_New`, `PyCell_Get`, `PyCell_Set`, `cell_new`, `cell_repr`,
//! `cell_richcompare`): the boxes that hold variables shared between a
//! function and its closures.

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::object::{
    self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of,
};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{self, TypeObject, TypeSlots};
use crate::objects::{boolobject, exceptions, unicodeobject};

/// A cell (`PyCellObject`). The content is read and replaced atomically
/// (`ob_ref` under the cell's critical section in 3.14t; an [`ObjSlot`]
/// gives the same lock-free read).
#[repr(C)]
pub struct CellObject {
    ob_base: ObjectHeader,
    /// `ob_ref`: the content, empty if the variable is unbound.
    ob_ref: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CellObject {}

impl PyClass for CellObject {
    fn type_object() -> &'static TypeObject {
        &CELL_TYPE
    }
}

impl CellObject {
    /// `PyCell_New`.
    pub fn new(value: Option<ObjRef>) -> PyResult<PyRef<CellObject>> {
        object::new_object(CellObject {
            ob_base: ObjectHeader::new(&CELL_TYPE.head),
            ob_ref: ObjSlot::new(value),
        })
    }

    /// `PyCell_GetRef`: the content, `None` if empty.
    pub fn get(&self) -> Option<ObjRef> {
        self.ob_ref.get()
    }

    /// `PyCell_SetTakeRef`: replaces the content (`None` empties it).
    pub fn set(&self, value: Option<ObjRef>) {
        self.ob_ref.set(value);
    }
}

/// `cell_repr`.
fn cell_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(c) = downcast::<CellObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    let text = match c.get() {
        None => format!("<cell at {v:p}: empty>"),
        Some(o) => format!(
            "<cell at {v:p}: {} object at {:p}>",
            type_of(&o).name(),
            &*o
        ),
    };
    unicodeobject::from_string(text).map(into_obj)
}

/// `cell_new`: `cell([contents])`.
fn cell_new(_ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "cell() takes no keyword arguments"));
    }
    match args.as_slice() {
        [] => CellObject::new(None).map(into_obj),
        [contents] => CellObject::new(Some(contents.clone())).map(into_obj),
        a => Err(errors::set_string(
            exceptions::type_error(),
            &format!("cell expected at most 1 argument, got {}", a.len()),
        )),
    }
}

/// `cell_richcompare`: cells compare by their contents; an empty cell
/// comes before any full one.
fn cell_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<CellObject>(v), downcast::<CellObject>(w)) else {
        return Ok(object::not_implemented());
    };
    match (a.get(), b.get()) {
        (Some(x), Some(y)) => object::rich_compare(&x, &y, op),
        (x, y) => Ok(boolobject::from_bool(op.test(x.is_some(), y.is_some()))),
    }
}

/// `cell_get_contents`: ValueError when empty.
fn get_contents(v: &PyObject) -> PyResult<ObjRef> {
    let Some(c) = downcast::<CellObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    c.get().ok_or_else(|| {
        errors::set_string(exceptions::value_error(), "Cell is empty")
    })
}

/// `cell_set_contents` (deleting empties the cell).
fn set_contents(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let Some(c) = downcast::<CellObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    c.set(value.map(object::new_ref));
    Ok(())
}

static CELL_GETSET: [GetSetDef; 1] = [GetSetDef {
    name: "cell_contents",
    get: get_contents,
    set: Some(set_contents),
    doc: None,
}];

/// `cell` (`PyCell_Type`).
/// `cell_traverse`.
fn cell_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(c) = object::downcast::<CellObject>(v) {
        c.ob_ref.visit(visit);
    }
}

/// `cell_clear`.
fn cell_clear(v: &PyObject) {
    if let Some(c) = object::downcast::<CellObject>(v) {
        c.ob_ref.set(None);
    }
}

pub static CELL_TYPE: TypeObject = TypeObject::new_static(
    "cell",
    size_of::<CellObject>(),
    object::dealloc_simple::<CellObject>,
    TypeSlots {
        tp_repr: Some(cell_repr),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(cell_richcompare),
        tp_new: Some(cell_new),
        tp_traverse: Some(cell_traverse),
        tp_clear: Some(cell_clear),
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&CELL_GETSET)
.with_doc(
    "Create a new cell object.\n\n  contents\n    the contents of the cell. If not specified, the cell will be empty,\n    and further attempts to access its cell_contents attribute will\n    raise a ValueError.",
);
