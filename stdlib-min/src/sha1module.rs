//! The `_sha1` module, ported from Modules/sha1module.c: the `sha1`
//! constructor and its hash type (the digest itself comes from the sha1
//! crate; the object code is shared in `hashlib.rs`).

use rupy::builtins::BuiltinDef;
use rupy::errors::PyResult;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};

use crate::hashlib::{self, Algo};

/// `_sha1.sha1` (`SHA1Type`).
pub static SHA1_TYPE: TypeObject = TypeObject::new_static(
    "_sha1.sha1",
    size_of::<hashlib::HashObject>(),
    hashlib::hash_dealloc,
    TypeSlots { tp_getattro: Some(rupy::objects::object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE)
.with_methods(&hashlib::HASH_METHODS)
.with_getset(&hashlib::HASH_GETSET);

/// `_sha1.sha1(data=b'', *, usedforsecurity=True, string=None)`.
fn sha1(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = hashlib::ctor_args("sha1", args, kwnames)?;
    hashlib::construct(&SHA1_TYPE, Algo::Sha1(Default::default()), data)
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "sha1", func: sha1 }];

/// `sha1_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_sha1")?;
    SHA1_TYPE.ready()?;
    m.add_object("SHA1Type", as_obj(&SHA1_TYPE))?;
    m.add_object("_GIL_MINSIZE", &*longobject::from_i64(hashlib::GIL_MINSIZE)?)?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
