//! Struct sequences (`sys.version_info`, `sys.flags`, `sys.float_info`,
//! ...), after Objects/structseq.c: a fixed tuple whose items are also
//! named attributes, shown as `sys.flags(debug=0, ...)`. Unlike CPython's
//! they are not tuple instances (docs/import.md); indexing, slicing,
//! `len`, iteration, comparison and hashing go to the tuple they hold.
//! Each shape has its own class (`PyStructSequence_NewType`), a subclass
//! of `structseq` made on first use, which constructs instances from a
//! sequence (`structseq_new`) and pickles them (`structseq_reduce`).

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use std::sync::{Mutex, PoisonError};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj};
use crate::objects::tupleobject::{self, TUPLE_TYPE, TupleObject};
use crate::objects::typeobject::{TypeObject, TypeSlots, flags};
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

/// The class of each shape, by the address of its description: pairs of
/// (desc, class), the classes immortal.
static CLASSES: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

fn registered(desc: &StructSeqDesc) -> Option<&'static TypeObject> {
    let key = core::ptr::from_ref(desc) as usize;
    let classes = CLASSES.lock().unwrap_or_else(PoisonError::into_inner);
    // SAFETY: registered classes are immortal type objects.
    classes.iter().find(|(d, _)| *d == key).map(|&(_, t)| unsafe { &*(t as *const TypeObject) })
}

/// The description of class `ty` or of the struct sequence class it
/// derives from.
fn desc_of(mut ty: &TypeObject) -> Option<&'static StructSeqDesc> {
    loop {
        let addr = core::ptr::from_ref(ty) as usize;
        let found = CLASSES.lock().unwrap_or_else(PoisonError::into_inner).iter().find(|(_, t)| *t == addr).map(|&(d, _)| d);
        if let Some(d) = found {
            // SAFETY: registered descriptions are statics.
            return Some(unsafe { &*(d as *const StructSeqDesc) });
        }
        let base = ty.tp_base;
        if base.is_null() {
            return None;
        }
        // SAFETY: tp_base is null or a live (static or immortal) type.
        ty = unsafe { &*base };
    }
}

/// `PyStructSequence_NewType`: the class of `desc` (`time.struct_time`,
/// `os.stat_result`, ...), made once.
pub fn type_for(desc: &'static StructSeqDesc) -> PyResult<&'static TypeObject> {
    ready();
    if let Some(t) = registered(desc) {
        return Ok(t);
    }
    let (module, name) = desc.name.rsplit_once('.').unwrap_or(("builtins", desc.name));
    let ns = DictObject::new()?;
    let set = |k: &str, v: &PyObject| -> PyResult<()> { ns.set_item(&*unicodeobject::intern_str(k)?, v) };
    set("__module__", &*unicodeobject::intern_str(module)?)?;
    set("__slots__", as_obj(&*tupleobject::from_slice(&[])?))?;
    let visible = desc.visible();
    let names: Vec<ObjRef> = desc.fields[..visible].iter().map(|f| unicodeobject::intern_str(f)).collect::<PyResult<_>>()?;
    let refs: Vec<&PyObject> = names.iter().map(|n| &**n).collect();
    set("__match_args__", as_obj(&*tupleobject::from_slice(&refs)?))?;
    set("n_sequence_fields", &*crate::objects::longobject::from_i64(visible as i64)?)?;
    set("n_fields", &*crate::objects::longobject::from_i64(desc.fields.len() as i64)?)?;
    set("n_unnamed_fields", &*crate::objects::longobject::from_i64(0)?)?;
    let bases = tupleobject::from_slice(&[as_obj(&STRUCTSEQ_TYPE)])?;
    let cls = object::call(
        as_obj(&crate::objects::typeobject::TYPE_TYPE),
        &[&*unicodeobject::intern_str(name)?, as_obj(&*bases), as_obj(&*ns)],
    )?;
    let Some(ty) = downcast::<TypeObject>(&cls) else { return Err(errors::bad_internal_call()) };
    cls.header().set_immortal();
    let mut classes = CLASSES.lock().unwrap_or_else(PoisonError::into_inner);
    let key = core::ptr::from_ref(desc) as usize;
    if let Some(&(_, t)) = classes.iter().find(|(d, _)| *d == key) {
        // Another thread made it first; this one stays unused.
        // SAFETY: registered classes are immortal type objects.
        return Ok(unsafe { &*(t as *const TypeObject) });
    }
    classes.push((key, core::ptr::from_ref(ty) as usize));
    // SAFETY: immortal from here on, so 'static.
    Ok(unsafe { &*core::ptr::from_ref(ty) })
}

/// `PyStructSequence_New` + `SET_ITEM`s: an instance with `values`.
pub fn new(desc: &'static StructSeqDesc, values: &[ObjRef]) -> PyResult<ObjRef> {
    new_of_type(type_for(desc)?, desc, values)
}

/// An instance of `ty` (the class of `desc` or a subclass).
fn new_of_type(ty: &TypeObject, desc: &'static StructSeqDesc, values: &[ObjRef]) -> PyResult<ObjRef> {
    let n = desc.visible().min(values.len());
    let refs: Vec<&PyObject> = values[..n].iter().map(|v| &**v).collect();
    let t = tupleobject::from_slice(&refs)?;
    let rest: Vec<&PyObject> = values[n..].iter().map(|v| &**v).collect();
    let extra = tupleobject::from_slice(&rest)?;
    let o = crate::objects::typeobject::heaptype::new_instance(
        ty,
        StructSeqObject {
            ob_base: ObjectHeader::new(&ty.head),
            desc,
            items: ObjSlot::new(Some(into_obj(t))),
            extra: ObjSlot::new(Some(into_obj(extra))),
        },
    )?;
    Ok(into_obj(o))
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// `structseq_new_impl`: `cls(sequence, dict=None)`; the fields past the
/// sequence come from `dict` (None when missing).
fn structseq_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some(desc) = desc_of(ty) else {
        return Err(type_error(&format!("cannot create '{}' instances", ty.name())));
    };
    let mut sequence = args.as_slice().first().cloned();
    let mut dict = args.as_slice().get(1).cloned();
    if args.len() > 2 {
        return Err(type_error(&format!("structseq() takes at most 2 arguments ({} given)", args.len())));
    }
    if let Some(kw) = kwds {
        for (k, v) in kw.items() {
            let slot = match object::str_lossy(&k).as_str() {
                "sequence" => &mut sequence,
                "dict" => &mut dict,
                other => {
                    return Err(type_error(&format!("structseq() got an unexpected keyword argument '{other}'")));
                }
            };
            if slot.is_some() {
                return Err(type_error(&format!(
                    "argument for structseq() given by name ('{}') and position",
                    object::str_lossy(&k)
                )));
            }
            *slot = Some(v);
        }
    }
    let Some(sequence) = sequence else {
        return Err(type_error("structseq() missing required argument 'sequence' (pos 1)"));
    };
    let items = crate::objects::r#abstract::collect(&sequence)
        .map_err(|_| {
            errors::clear();
            type_error("constructor requires a sequence")
        })?;
    let dict = dict.filter(|d| !object::is_none(d));
    let dict = match &dict {
        Some(d) => Some(downcast::<DictObject>(d).ok_or_else(|| {
            type_error(&format!("{}() takes a dict as second arg, if any", desc.name))
        })?),
        None => None,
    };
    let (min_len, max_len, len) = (desc.visible(), desc.fields.len(), items.len());
    if len < min_len || len > max_len {
        let how = if min_len == max_len {
            "a"
        } else if len < min_len {
            "an at least"
        } else {
            "an at most"
        };
        let want = if len < min_len { min_len } else { max_len };
        return Err(type_error(&format!("{}() takes {how} {want}-sequence ({len}-sequence given)", desc.name)));
    }
    let mut values = items;
    for name in &desc.fields[len..] {
        let v = match dict {
            Some(d) => d.get_item(&*unicodeobject::intern_str(name)?)?,
            None => None,
        };
        values.push(v.unwrap_or_else(object::none));
    }
    new_of_type(ty, desc, &values)
}

/// `structseq_reduce`: `(cls, (visible items, {name: value} of the rest))`.
fn structseq_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let Some(s) = downcast::<StructSeqObject>(v) else { return Err(errors::bad_internal_call()) };
    let t = inner(v)?;
    let dict = DictObject::new()?;
    if let Some(extra) = s.extra.get()
        && let Some(extra) = downcast::<TupleObject>(&extra)
    {
        for (name, item) in s.desc.fields[s.desc.visible()..].iter().zip(extra.as_slice()) {
            dict.set_item(&*unicodeobject::intern_str(name)?, item)?;
        }
    }
    let args = tupleobject::from_slice(&[as_obj(&*t), as_obj(&*dict)])?;
    tupleobject::from_slice(&[as_obj(object::type_of(v)), as_obj(&*args)]).map(into_obj)
}

static STRUCTSEQ_METHODS: [MethodDef; 1] =
    [MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(structseq_reduce), ml_doc: None }];

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
        tp_new: Some(structseq_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&STRUCTSEQ_METHODS);
