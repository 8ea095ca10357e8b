//! The `_sha3` module, ported from Modules/sha3module.c: the SHA-3 types
//! `sha3_224` ... `sha3_512` and the extendable-output `shake_128` and
//! `shake_256` (whose `digest`/`hexdigest` take a length), with the
//! Keccak attributes `_capacity_bits`, `_rate_bits` and `_suffix`. The
//! permutation comes from the sha3 crate; the object code is shared in
//! `hashlib.rs`.

use rupy::errors::PyResult;
use rupy::objects::dictobject::DictObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;

use crate::hashlib::{self, Algo, Spec};

/// A SHA-3 type, its name and the state its objects start with.
type Entry = (&'static TypeObject, &'static str, fn() -> Algo);

/// The algorithm state a fresh object of type `ty` starts with.
fn initial(ty: &TypeObject) -> Option<(&'static str, Algo)> {
    let table: [Entry; 6] = [
        (&SHA3_224_TYPE, "sha3_224", || Algo::Sha3_224(Default::default())),
        (&SHA3_256_TYPE, "sha3_256", || Algo::Sha3_256(Default::default())),
        (&SHA3_384_TYPE, "sha3_384", || Algo::Sha3_384(Default::default())),
        (&SHA3_512_TYPE, "sha3_512", || Algo::Sha3_512(Default::default())),
        (&SHAKE128_TYPE, "shake_128", || Algo::Shake128(Default::default())),
        (&SHAKE256_TYPE, "shake_256", || Algo::Shake256(Default::default())),
    ];
    let (_, name, make) = table.into_iter().find(|(t, _, _)| core::ptr::eq(*t, ty))?;
    Some((name, make()))
}

/// `py_sha3_new`: `(data=b'', *, usedforsecurity=True, string=None)`.
fn sha3_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let Some((fname, algo)) = initial(ty) else { return Err(rupy::errors::bad_internal_call()) };
    let pos: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    let kw = kwds.map(DictObject::items).unwrap_or_default();
    let kwpairs: Vec<(String, &PyObject)> = kw.iter().map(|(k, v)| (object::str_lossy(k), &**v)).collect();
    let a = hashlib::match_args(
        &Spec { fname, names: &["data", "usedforsecurity", "string"], posonly: 0, max_pos: 1, required: 0 },
        &pos,
        &kwpairs,
    )?;
    let data = hashlib::data_argument(a[0], a[2])?;
    hashlib::construct(ty, algo, data)
}

macro_rules! sha3_type {
    ($stat:ident, $name:literal) => {
        #[doc = concat!("`", $name, "`.")]
        pub static $stat: TypeObject = TypeObject::new_static(
            $name,
            size_of::<hashlib::HashObject>(),
            hashlib::hash_dealloc,
            TypeSlots {
                tp_getattro: Some(rupy::objects::object::generic_get_attr),
                tp_new: Some(sha3_new),
                ..TypeSlots::EMPTY
            },
        )
        .with_flags(flags::IMMUTABLETYPE)
        .with_methods(&hashlib::HASH_METHODS)
        .with_getset(&hashlib::SHA3_GETSET);
    };
}

sha3_type!(SHA3_224_TYPE, "_sha3.sha3_224");
sha3_type!(SHA3_256_TYPE, "_sha3.sha3_256");
sha3_type!(SHA3_384_TYPE, "_sha3.sha3_384");
sha3_type!(SHA3_512_TYPE, "_sha3.sha3_512");
sha3_type!(SHAKE128_TYPE, "_sha3.shake_128");
sha3_type!(SHAKE256_TYPE, "_sha3.shake_256");

/// `_sha3_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_sha3")?;
    for (name, ty) in [
        ("sha3_224", &SHA3_224_TYPE),
        ("sha3_256", &SHA3_256_TYPE),
        ("sha3_384", &SHA3_384_TYPE),
        ("sha3_512", &SHA3_512_TYPE),
        ("shake_128", &SHAKE128_TYPE),
        ("shake_256", &SHAKE256_TYPE),
    ] {
        ty.ready()?;
        m.add_object(name, as_obj(ty))?;
    }
    m.add_object("_GIL_MINSIZE", &*longobject::from_i64(hashlib::GIL_MINSIZE)?)?;
    m.add_object("implementation", &into_obj(unicodeobject::from_str("RustCrypto")?))?;
    Ok(into_obj(m))
}
