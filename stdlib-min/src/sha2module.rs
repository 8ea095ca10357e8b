//! The `_sha2` module, ported from Modules/sha2module.c: the `sha224`,
//! `sha256`, `sha384` and `sha512` constructors and their types (the
//! digests come from the sha2 crate; the object code is shared in
//! `hashlib.rs`).

use rupy::builtins::BuiltinDef;
use rupy::errors::PyResult;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};

use crate::hashlib::{self, Algo};

macro_rules! sha2_type {
    ($stat:ident, $name:literal) => {
        #[doc = concat!("`", $name, "`.")]
        pub static $stat: TypeObject = TypeObject::new_static(
            $name,
            size_of::<hashlib::HashObject>(),
            hashlib::hash_dealloc,
            TypeSlots { tp_getattro: Some(rupy::objects::object::generic_get_attr), ..TypeSlots::EMPTY },
        )
        .with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE)
        .with_methods(&hashlib::HASH_METHODS)
        .with_getset(&hashlib::HASH_GETSET);
    };
}

sha2_type!(SHA224_TYPE, "_sha2.SHA224Type");
sha2_type!(SHA256_TYPE, "_sha2.SHA256Type");
sha2_type!(SHA384_TYPE, "_sha2.SHA384Type");
sha2_type!(SHA512_TYPE, "_sha2.SHA512Type");

/// `_sha2.sha224(data=b'', *, usedforsecurity=True, string=None)`.
fn sha224(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = hashlib::ctor_args("sha224", args, kwnames)?;
    hashlib::construct(&SHA224_TYPE, Algo::Sha224(Default::default()), data)
}

/// `_sha2.sha256(...)`.
fn sha256(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = hashlib::ctor_args("sha256", args, kwnames)?;
    hashlib::construct(&SHA256_TYPE, Algo::Sha256(Default::default()), data)
}

/// `_sha2.sha384(...)`.
fn sha384(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = hashlib::ctor_args("sha384", args, kwnames)?;
    hashlib::construct(&SHA384_TYPE, Algo::Sha384(Default::default()), data)
}

/// `_sha2.sha512(...)`.
fn sha512(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let data = hashlib::ctor_args("sha512", args, kwnames)?;
    hashlib::construct(&SHA512_TYPE, Algo::Sha512(Default::default()), data)
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "sha224", func: sha224 },
    BuiltinDef { name: "sha256", func: sha256 },
    BuiltinDef { name: "sha384", func: sha384 },
    BuiltinDef { name: "sha512", func: sha512 },
];

/// `sha2_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_sha2")?;
    for (name, ty) in [("SHA224Type", &SHA224_TYPE), ("SHA256Type", &SHA256_TYPE), ("SHA384Type", &SHA384_TYPE), ("SHA512Type", &SHA512_TYPE)] {
        ty.ready()?;
        m.add_object(name, as_obj(ty))?;
    }
    m.add_object("_GIL_MINSIZE", &*longobject::from_i64(hashlib::GIL_MINSIZE)?)?;
    m.add_functions(&FUNCTIONS)?;
    Ok(into_obj(m))
}
