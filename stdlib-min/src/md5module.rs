//! The `_md5` module, ported from Modules/md5module.c: the `md5`
//! constructor and its hash type (the digest itself comes from the md-5
//! crate; the object code is shared in `hashlib.rs`).

use rupy::builtins::BuiltinDef;
use rupy::errors::PyResult;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};

use crate::hashlib::{self, Algo};

/// `_md5.md5` (`MD5Type`).
pub static MD5_TYPE: TypeObject = TypeObject::new_static(
    "_md5.md5",
    size_of::<hashlib::HashObject>(),
    hashlib::hash_dealloc,
    TypeSlots { tp_getattro: Some(rupy::objects::object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE)
.with_methods(&hashlib::HASH_METHODS)
.with_getset(&hashlib::HASH_GETSET);

/// `_md5.md5(data=b'', *, usedforsecurity=True, string=None)`.
fn md5(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = hashlib::ctor_args("md5", args, kwnames)?;
    hashlib::construct(&MD5_TYPE, Algo::Md5(Default::default()), data)
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "md5", func: md5 }];

/// `md5_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_md5")?;
    MD5_TYPE.ready()?;
    m.add_object("MD5Type", as_obj(&MD5_TYPE))?;
    m.add_object("_GIL_MINSIZE", &*longobject::from_i64(hashlib::GIL_MINSIZE)?)?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
