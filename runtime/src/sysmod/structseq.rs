//! Struct sequences (`sys.version_info`, `sys.flags`, `sys.float_info`,
//! ...), after Objects/structseq.c: a fixed tuple whose items are also
//! named attributes, shown as `sys.flags(debug=0, ...)`. Unlike CPython's
//! they are not tuple instances (docs/import.md); indexing, slicing,
//! `len`, iteration, comparison and hashing go to the tuple they hold.

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj};
use crate::objects::tupleobject::{self, TUPLE_TYPE, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};

/// The shape of one struct sequence (`PyStructSequence_Desc`).
pub struct StructSeqDesc {
    /// The qualified name shown by `repr` (`sys.version_info`).
    pub name: &'static str,
    /// The field names, in order.
    pub fields: &'static [&'static str],
    /// How many fields make up the sequence (`n_in_sequence`); the rest
    /// are attributes only (`os.stat_result`'s float times). 0: all.
    pub n_sequence: usize,
}

impl StructSeqDesc {
    fn visible(&self) -> usize {
        if self.n_sequence == 0 { self.fields.len() } else { self.n_sequence }
    }
}

/// A struct sequence instance.
#[repr(C)]
pub struct StructSeqObject {
    ob_base: ObjectHeader,
    desc: &'static StructSeqDesc,
    /// The values, a tuple.
    items: ObjSlot,
    /// The attribute-only values past the sequence, a tuple.
    extra: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for StructSeqObject {}

impl PyClass for StructSeqObject {
    fn type_object() -> &'static TypeObject {
        &STRUCTSEQ_TYPE
    }
}

fn ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        if STRUCTSEQ_TYPE.ready().is_err() {
            errors::clear();
        }
    });
}

/// `PyStructSequence_New` + `SET_ITEM`s: an instance with `values`.
pub fn new(desc: &'static StructSeqDesc, values: &[ObjRef]) -> PyResult<ObjRef> {
    ready();
    let n = desc.visible().min(values.len());
    let refs: Vec<&PyObject> = values[..n].iter().map(|v| &**v).collect();
    let t = tupleobject::from_slice(&refs)?;
    let rest: Vec<&PyObject> = values[n..].iter().map(|v| &**v).collect();
    let extra = tupleobject::from_slice(&rest)?;
    let o = object::new_object(StructSeqObject {
        ob_base: ObjectHeader::new(&STRUCTSEQ_TYPE.head),
        desc,
        items: ObjSlot::new(Some(into_obj(t))),
        extra: ObjSlot::new(Some(into_obj(extra))),
    })?;
    Ok(into_obj(o))
}

/// The tuple of a struct sequence.
fn inner(v: &PyObject) -> PyResult<PyRef<TupleObject>> {
    let Some(s) = downcast::<StructSeqObject>(v) else { return Err(errors::bad_internal_call()) };
    let t = s.items.get().ok_or_else(errors::bad_internal_call)?;
    object::downcast_ref::<TupleObject>(t).map_err(|_| errors::bad_internal_call())
}

/// `structseq_repr`: `name(field=value, ...)`.
fn structseq_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(s) = downcast::<StructSeqObject>(v) else { return Err(errors::bad_internal_call()) };
    let t = inner(v)?;
    let mut parts = Vec::new();
    for (name, item) in s.desc.fields.iter().zip(t.as_slice()) {
        parts.push(format!("{name}={}", object::repr(item)?.to_string_lossy()));
    }
    unicodeobject::from_string(format!("{}({})", s.desc.name, parts.join(", "))).map(into_obj)
}

/// Field names as attributes, then the generic lookup.
fn structseq_getattro(v: &PyObject, name: &PyObject) -> PyResult<ObjRef> {
    if let Some(s) = downcast::<StructSeqObject>(v)
        && let Some(n) = downcast::<StrObject>(name)
    {
        let text = n.to_string_lossy();
        // The last field of a name wins: an attribute-only field takes
        // precedence over a sequence field of the same name.
        if let Some(i) = s.desc.fields.iter().rposition(|f| *f == text) {
            let visible = s.desc.visible();
            if i < visible {
                return Ok(inner(v)?.as_slice()[i].clone());
            }
            let extra = s.extra.get().ok_or_else(errors::bad_internal_call)?;
            let extra = downcast::<TupleObject>(&extra).ok_or_else(errors::bad_internal_call)?;
            return extra.as_slice().get(i - visible).cloned().ok_or_else(errors::bad_internal_call);
        }
    }
    object::generic_get_attr(v, name)
}

fn structseq_len(v: &PyObject) -> PyResult<isize> {
    Ok(inner(v)?.len() as isize)
}

fn structseq_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    let t = inner(v)?;
    match TUPLE_TYPE.slots.sq_item.get() {
        Some(f) => f(object::as_obj(&*t), i),
        None => Err(errors::bad_internal_call()),
    }
}

fn structseq_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let t = inner(v)?;
    match TUPLE_TYPE.slots.mp_subscript.get() {
        Some(f) => f(object::as_obj(&*t), key),
        None => Err(errors::bad_internal_call()),
    }
}

fn structseq_iter(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::r#abstract::get_iter(object::as_obj(&*inner(v)?))
}

fn structseq_hash(v: &PyObject) -> PyResult<isize> {
    object::hash(object::as_obj(&*inner(v)?))
}

fn structseq_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    crate::objects::r#abstract::contains(object::as_obj(&*inner(v)?), x)
}

/// Compares as tuples (with tuples or other struct sequences).
fn structseq_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let a = inner(v)?;
    let b: PyRef<TupleObject> = if downcast::<StructSeqObject>(w).is_some() {
        inner(w)?
    } else if let Some(t) = downcast::<TupleObject>(w) {
        PyRef::new_ref(t)
    } else {
        return Ok(object::not_implemented());
    };
    tupleobject::sequence_richcompare(a.as_slice(), b.as_slice(), op)
}

/// The struct sequence type.
pub static STRUCTSEQ_TYPE: TypeObject = TypeObject::new_static(
    "structseq",
    size_of::<StructSeqObject>(),
    object::dealloc_simple::<StructSeqObject>,
    TypeSlots {
        tp_repr: Some(structseq_repr),
        tp_hash: Some(structseq_hash),
        tp_getattro: Some(structseq_getattro),
        tp_richcompare: Some(structseq_richcompare),
        tp_iter: Some(structseq_iter),
        sq_length: Some(structseq_len),
        sq_item: Some(structseq_item),
        sq_contains: Some(structseq_contains),
        mp_length: Some(structseq_len),
        mp_subscript: Some(structseq_subscript),
        ..TypeSlots::EMPTY
    },
);
