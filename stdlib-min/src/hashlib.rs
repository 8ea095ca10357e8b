//! What the hash modules share, ported from Modules/hashlib.h (the
//! buffer check of `GET_BUFFER_VIEW_OR_ERROUT`, `_Py_hashlib_data_argument`)
//! and the object code that md5module.c, sha1module.c, sha2module.c,
//! sha3module.c and blake2module.c each repeat: one hash object layout
//! whose algorithm state sits in the object's critical section, with
//! `update`, `digest`, `hexdigest`, `copy` and the `name`,
//! `digest_size`, `block_size` attributes. Also the argument matching
//! (Argument Clinic's `_PyArg_UnpackKeywords`) that binascii and zlib use.

use std::sync::OnceLock;

use rupy::errors::{self, PyResult};
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::TypeObject;
use rupy::objects::unicodeobject::{self, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;
use sha3::digest::{Digest, ExtendableOutput, Update, XofReader};

use crate::blake2module::{Blake2b, Blake2s};
use crate::guarded::Guarded;

/// `HASHLIB_GIL_MINSIZE`, exported as `_GIL_MINSIZE`.
pub const GIL_MINSIZE: i64 = 2048;

/// The state of one hash algorithm.
#[derive(Clone)]
pub enum Algo {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2b(Blake2b),
    Blake2s(Blake2s),
}

impl Algo {
    fn update(&mut self, data: &[u8]) {
        match self {
            Algo::Md5(h) => Digest::update(h, data),
            Algo::Sha1(h) => Digest::update(h, data),
            Algo::Sha224(h) => Digest::update(h, data),
            Algo::Sha256(h) => Digest::update(h, data),
            Algo::Sha384(h) => Digest::update(h, data),
            Algo::Sha512(h) => Digest::update(h, data),
            Algo::Sha3_224(h) => Digest::update(h, data),
            Algo::Sha3_256(h) => Digest::update(h, data),
            Algo::Sha3_384(h) => Digest::update(h, data),
            Algo::Sha3_512(h) => Digest::update(h, data),
            Algo::Shake128(h) => Update::update(h, data),
            Algo::Shake256(h) => Update::update(h, data),
            Algo::Blake2b(h) => h.update(data),
            Algo::Blake2s(h) => h.update(data),
        }
    }

    /// The digest of the data so far (a SHAKE's of `len` bytes).
    fn digest(&self, len: usize) -> Vec<u8> {
        match self {
            Algo::Md5(h) => h.clone().finalize().to_vec(),
            Algo::Sha1(h) => h.clone().finalize().to_vec(),
            Algo::Sha224(h) => h.clone().finalize().to_vec(),
            Algo::Sha256(h) => h.clone().finalize().to_vec(),
            Algo::Sha384(h) => h.clone().finalize().to_vec(),
            Algo::Sha512(h) => h.clone().finalize().to_vec(),
            Algo::Sha3_224(h) => h.clone().finalize().to_vec(),
            Algo::Sha3_256(h) => h.clone().finalize().to_vec(),
            Algo::Sha3_384(h) => h.clone().finalize().to_vec(),
            Algo::Sha3_512(h) => h.clone().finalize().to_vec(),
            Algo::Shake128(h) => xof(h.clone().finalize_xof(), len),
            Algo::Shake256(h) => xof(h.clone().finalize_xof(), len),
            Algo::Blake2b(h) => h.finish(),
            Algo::Blake2s(h) => h.finish(),
        }
    }

    /// `name`.
    fn name(&self) -> &'static str {
        match self {
            Algo::Md5(_) => "md5",
            Algo::Sha1(_) => "sha1",
            Algo::Sha224(_) => "sha224",
            Algo::Sha256(_) => "sha256",
            Algo::Sha384(_) => "sha384",
            Algo::Sha512(_) => "sha512",
            Algo::Sha3_224(_) => "sha3_224",
            Algo::Sha3_256(_) => "sha3_256",
            Algo::Sha3_384(_) => "sha3_384",
            Algo::Sha3_512(_) => "sha3_512",
            Algo::Shake128(_) => "shake_128",
            Algo::Shake256(_) => "shake_256",
            Algo::Blake2b(_) => "blake2b",
            Algo::Blake2s(_) => "blake2s",
        }
    }

    /// `digest_size` (0 for the SHAKEs).
    fn digest_size(&self) -> usize {
        match self {
            Algo::Md5(_) => 16,
            Algo::Sha1(_) => 20,
            Algo::Sha224(_) | Algo::Sha3_224(_) => 28,
            Algo::Sha256(_) | Algo::Sha3_256(_) => 32,
            Algo::Sha384(_) | Algo::Sha3_384(_) => 48,
            Algo::Sha512(_) | Algo::Sha3_512(_) => 64,
            Algo::Shake128(_) | Algo::Shake256(_) => 0,
            Algo::Blake2b(h) => h.digest_size(),
            Algo::Blake2s(h) => h.digest_size(),
        }
    }

    /// The Keccak capacity in bits of a SHA-3 state.
    fn capacity_bits(&self) -> Option<usize> {
        Some(match self {
            Algo::Sha3_224(_) => 448,
            Algo::Sha3_256(_) | Algo::Shake256(_) => 512,
            Algo::Sha3_384(_) => 768,
            Algo::Sha3_512(_) => 1024,
            Algo::Shake128(_) => 256,
            _ => return None,
        })
    }

    /// `block_size`.
    fn block_size(&self) -> usize {
        if let Some(c) = self.capacity_bits() {
            return (1600 - c) / 8;
        }
        match self {
            Algo::Md5(_) | Algo::Sha1(_) | Algo::Sha224(_) | Algo::Sha256(_) | Algo::Blake2s(_) => 64,
            _ => 128,
        }
    }

    fn is_shake(&self) -> bool {
        matches!(self, Algo::Shake128(_) | Algo::Shake256(_))
    }
}

fn xof(mut r: impl XofReader, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    r.read(&mut out);
    out
}

/// A hash object of any of the modules (`MD5object`, `SHA256object`,
/// `SHA3object`, `Blake2Object`, ...).
#[repr(C)]
pub struct HashObject {
    ob_base: ObjectHeader,
    state: Guarded<Algo>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for HashObject {}

/// Every hash type, to check `self` of the shared methods.
fn is_hash_type(ty: &TypeObject) -> bool {
    let all: [&TypeObject; 14] = [
        &crate::md5module::MD5_TYPE,
        &crate::sha1module::SHA1_TYPE,
        &crate::sha2module::SHA224_TYPE,
        &crate::sha2module::SHA256_TYPE,
        &crate::sha2module::SHA384_TYPE,
        &crate::sha2module::SHA512_TYPE,
        &crate::sha3module::SHA3_224_TYPE,
        &crate::sha3module::SHA3_256_TYPE,
        &crate::sha3module::SHA3_384_TYPE,
        &crate::sha3module::SHA3_512_TYPE,
        &crate::sha3module::SHAKE128_TYPE,
        &crate::sha3module::SHAKE256_TYPE,
        &crate::blake2module::BLAKE2B_TYPE,
        &crate::blake2module::BLAKE2S_TYPE,
    ];
    all.iter().any(|t| core::ptr::eq(*t, ty))
}

fn state_of(v: &PyObject) -> PyResult<&Guarded<Algo>> {
    if !is_hash_type(type_of(v)) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of the hash types (which cannot be subclassed)
    // have the HashObject layout.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<HashObject>()).state })
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut Algo) -> PyResult<R>) -> PyResult<R> {
    state_of(v)?.with(v, f)
}

/// A new hash object of the hash type `ty`.
pub fn new_hash(ty: &TypeObject, algo: Algo) -> PyResult<ObjRef> {
    if !is_hash_type(ty) {
        return Err(errors::bad_internal_call());
    }
    object::new_object(HashObject { ob_base: ObjectHeader::new(&ty.head), state: Guarded::new(algo) }).map(into_obj)
}

/// `tp_dealloc` of the hash types.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead hash object.
pub unsafe fn hash_dealloc(op: core::ptr::NonNull<PyObject>) {
    // SAFETY: a dead HashObject; drop its state and free it.
    unsafe { object::dealloc_simple::<HashObject>(op) };
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// The bytes of a bytes-like object as a `PyBUF_SIMPLE` buffer: None
/// for other objects, BufferError for a non-contiguous memoryview.
pub fn simple_buffer(v: &PyObject) -> PyResult<Option<std::borrow::Cow<'_, [u8]>>> {
    if object::is_type(v, &rupy::objects::memoryobject::MEMORYVIEW_TYPE)
        && !object::is_true(&*object::get_attr_str(v, "c_contiguous")?)?
    {
        return Err(errors::set_string(exceptions::buffer_error(), "memoryview: underlying buffer is not C-contiguous"));
    }
    Ok(bytesobject::bytes_like(v))
}

/// The bytes of the data to hash (`GET_BUFFER_VIEW_OR_ERROUT`).
pub fn hash_data(v: &PyObject) -> PyResult<std::borrow::Cow<'_, [u8]>> {
    if downcast::<StrObject>(v).is_some() {
        return Err(type_error("Strings must be encoded before hashing"));
    }
    simple_buffer(v)?.ok_or_else(|| type_error("object supporting the buffer API required"))
}

/// `_Py_hashlib_data_argument`: the initial data, given as `data` or the
/// deprecated `string`, not both.
pub fn data_argument<'a>(data: Option<&'a PyObject>, string: Option<&'a PyObject>) -> PyResult<Option<&'a PyObject>> {
    match (data, string) {
        (Some(_), Some(_)) => Err(type_error(
            "'data' and 'string' are mutually exclusive and support for 'string' keyword parameter is slated for removal in a future version.",
        )),
        (d, s) => Ok(d.or(s)),
    }
}

/// Makes a hash object from `algo` fed with the optional initial data.
pub fn construct(ty: &TypeObject, mut algo: Algo, data: Option<&PyObject>) -> PyResult<ObjRef> {
    if let Some(d) = data {
        algo.update(&hash_data(d)?);
    }
    new_hash(ty, algo)
}

/// The arguments `(data=b'', *, usedforsecurity=True, string=None)` of
/// the md5/sha1/sha2 constructors (vectorcall): the initial data.
pub fn ctor_args<'a>(fname: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<Option<&'a PyObject>> {
    let a = parse_vectorcall(
        &Spec { fname, names: &["data", "usedforsecurity", "string"], posonly: 0, max_pos: 1, required: 0 },
        args,
        kwnames,
    )?;
    data_argument(a[0], a[2])
}

fn meth_update(v: &PyObject, arg: &PyObject) -> PyResult<ObjRef> {
    let data = hash_data(arg)?;
    with(v, |a| {
        a.update(&data);
        Ok(())
    })?;
    Ok(object::none())
}

/// The SHAKE `length` argument: an unsigned long below 2**29.
fn shake_length(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>, fname: &str) -> PyResult<Option<usize>> {
    if !with(v, |a| Ok(a.is_shake()))? {
        if !args.is_empty() || kwds.is_some_and(|k| !k.is_empty()) {
            let n = args.len() + kwds.map_or(0, DictObject::len);
            return Err(type_error(&format!("{}.{fname}() takes no arguments ({n} given)", type_of(v).name())));
        }
        return Ok(None);
    }
    let pos: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    let kw = kwds.map(DictObject::items).unwrap_or_default();
    let kwpairs: Vec<(String, &PyObject)> = kw.iter().map(|(k, v)| (object::str_lossy(k), &**v)).collect();
    let a = match_args(&Spec { fname, names: &["length"], posonly: 0, max_pos: 1, required: 1 }, &pos, &kwpairs)?;
    let Some(l) = a[0] else { return Err(errors::bad_internal_call()) };
    let n = unsigned_long(l)?;
    if n >= 1 << 29 {
        return Err(value_error("length is too large"));
    }
    Ok(Some(n as usize))
}

/// An unsigned long argument (`_PyLong_UnsignedLong_Converter`).
pub fn unsigned_long(v: &PyObject) -> PyResult<u64> {
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    if i.sign() < 0 {
        return Err(value_error("Cannot convert negative int"));
    }
    u64::try_from(i.to_bigint())
        .map_err(|_| errors::set_string(exceptions::overflow_error(), "Python int too large for C unsigned long"))
}

fn meth_digest(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let len = shake_length(v, args, kwds, "digest")?;
    let d = with(v, |a| Ok(a.digest(len.unwrap_or(0))))?;
    bytesobject::from_bytes(&d).map(into_obj)
}

fn meth_hexdigest(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let len = shake_length(v, args, kwds, "hexdigest")?;
    let d = with(v, |a| Ok(a.digest(len.unwrap_or(0))))?;
    unicodeobject::from_string(hex(&d)).map(into_obj)
}

/// Lower-case hexadecimal of `d`.
pub fn hex(d: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(d.len() * 2);
    for b in d {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn meth_copy(v: &PyObject) -> PyResult<ObjRef> {
    let algo = with(v, |a| Ok(a.clone()))?;
    new_hash(type_of(v), algo)
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    let n = with(v, |a| Ok(a.name()))?;
    unicodeobject::from_str(n).map(into_obj)
}

fn get_digest_size(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(with(v, |a| Ok(a.digest_size()))? as i64)
}

fn get_block_size(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(with(v, |a| Ok(a.block_size()))? as i64)
}

fn get_capacity_bits(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(with(v, |a| Ok(a.capacity_bits().unwrap_or(0)))? as i64)
}

fn get_rate_bits(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(with(v, |a| Ok(1600 - a.capacity_bits().unwrap_or(0)))? as i64)
}

fn get_suffix(v: &PyObject) -> PyResult<ObjRef> {
    let s: &[u8] = if with(v, |a| Ok(a.is_shake()))? { b"\x1f" } else { b"\x06" };
    bytesobject::from_bytes(s).map(into_obj)
}

/// The methods of every hash type.
pub static HASH_METHODS: [MethodDef; 4] = [
    MethodDef { ml_name: "update", ml_meth: MethodFn::O(meth_update), ml_doc: Some("Update this hash object's state with the provided string.") },
    MethodDef { ml_name: "digest", ml_meth: MethodFn::FastCallKw(meth_digest), ml_doc: Some("Return the digest value as a bytes object.") },
    MethodDef { ml_name: "hexdigest", ml_meth: MethodFn::FastCallKw(meth_hexdigest), ml_doc: Some("Return the digest value as a string of hexadecimal digits.") },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(meth_copy), ml_doc: Some("Return a copy of the hash object.") },
];

/// The attributes of every hash type but the SHA-3 ones.
pub static HASH_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "name", get: get_name, set: None, doc: None },
    GetSetDef { name: "digest_size", get: get_digest_size, set: None, doc: None },
    GetSetDef { name: "block_size", get: get_block_size, set: None, doc: None },
];

/// The attributes of the SHA-3 types.
pub static SHA3_GETSET: [GetSetDef; 6] = [
    GetSetDef { name: "name", get: get_name, set: None, doc: None },
    GetSetDef { name: "digest_size", get: get_digest_size, set: None, doc: None },
    GetSetDef { name: "block_size", get: get_block_size, set: None, doc: None },
    GetSetDef { name: "_capacity_bits", get: get_capacity_bits, set: None, doc: None },
    GetSetDef { name: "_rate_bits", get: get_rate_bits, set: None, doc: None },
    GetSetDef { name: "_suffix", get: get_suffix, set: None, doc: None },
];

// ---------------------------------------------------------------------
// Argument matching (Argument Clinic's `_PyArg_UnpackKeywords`).

/// The parameters of a function: `names` in order, the first `posonly`
/// positional-only, at most `max_pos` given by position (the rest are
/// keyword-only), the first `required` required.
pub struct Spec<'a> {
    pub fname: &'a str,
    pub names: &'a [&'a str],
    pub posonly: usize,
    pub max_pos: usize,
    pub required: usize,
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Matches positional arguments and `(keyword, value)` pairs to `spec`.
pub fn match_args<'a>(spec: &Spec<'_>, pos: &[&'a PyObject], kw: &[(String, &'a PyObject)]) -> PyResult<Vec<Option<&'a PyObject>>> {
    let f = spec.fname;
    if pos.len() > spec.max_pos {
        let what = if spec.max_pos < spec.names.len() { "positional argument" } else { "argument" };
        let how = if spec.required == spec.max_pos { "exactly" } else { "at most" };
        return Err(type_error(&format!("{f}() takes {how} {} {what}{} ({} given)", spec.max_pos, plural(spec.max_pos), pos.len())));
    }
    if pos.len() < spec.posonly.min(spec.required) {
        let how = if spec.required == spec.max_pos { "exactly" } else { "at least" };
        let what = if spec.max_pos < spec.names.len() || spec.posonly < spec.names.len() { "positional argument" } else { "argument" };
        return Err(type_error(&format!("{f}() takes {how} {} {what}{} ({} given)", spec.required.min(spec.posonly), plural(spec.required.min(spec.posonly)), pos.len())));
    }
    let mut out: Vec<Option<&PyObject>> = vec![None; spec.names.len()];
    for (i, a) in pos.iter().enumerate() {
        out[i] = Some(*a);
    }
    let mut posonly_kw: Vec<&str> = Vec::new();
    for (key, v) in kw {
        match spec.names.iter().position(|n| n == key) {
            Some(i) if i < spec.posonly => posonly_kw.push(spec.names[i]),
            Some(i) => {
                if out[i].is_some() {
                    return Err(type_error(&format!("argument for {f}() given by name ('{key}') and position ({})", i + 1)));
                }
                out[i] = Some(*v);
            }
            None => return Err(type_error(&format!("{f}() got an unexpected keyword argument '{key}'"))),
        }
    }
    if !posonly_kw.is_empty() {
        let names: Vec<String> = posonly_kw.iter().map(|n| format!("'{n}'")).collect();
        return Err(type_error(&format!(
            "{f}() got some positional-only arguments passed as keyword arguments: {}",
            names.join(", ")
        )));
    }
    for (i, n) in spec.names.iter().enumerate().take(spec.required) {
        if out[i].is_none() {
            return Err(type_error(&format!("{f}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    Ok(out)
}

/// [`match_args`] for a vectorcall (positional values then keyword
/// values named by `kwnames`).
pub fn parse_vectorcall<'a>(spec: &Spec<'_>, args: &[&'a PyObject], kwnames: Option<&TupleObject>) -> PyResult<Vec<Option<&'a PyObject>>> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len().saturating_sub(nkw);
    let kw: Vec<(String, &PyObject)> = match kwnames {
        Some(k) => k.as_slice().iter().map(|n| object::str_lossy(n)).zip(args[npos..].iter().copied()).collect(),
        None => Vec::new(),
    };
    match_args(spec, &args[..npos], &kw)
}

/// A bool argument (`p` converter).
pub fn bool_arg(v: Option<&PyObject>, default: bool) -> PyResult<bool> {
    v.map_or(Ok(default), object::is_true)
}

/// An int argument (`i` converter): a C int.
pub fn int_arg(v: &PyObject) -> PyResult<i32> {
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    i32::try_from(i.to_bigint()).map_err(|_| errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C int"))
}

/// A new exception class `<module>.<name>` deriving from `base`, made
/// once per `cell`.
pub fn exception_class(cell: &OnceLock<usize>, module: &str, name: &str, base: &PyObject) -> PyResult<ObjRef> {
    if let Some(&p) = cell.get() {
        // SAFETY: an immortal class made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let n = unicodeobject::from_str(name)?;
    let bases = tupleobject::from_slice(&[base])?;
    let ns = DictObject::new()?;
    ns.set_item(&*unicodeobject::intern_str("__module__")?, &*unicodeobject::intern_str(module)?)?;
    let cls = object::call(as_obj(&rupy::objects::typeobject::TYPE_TYPE), &[as_obj(&*n), as_obj(&*bases), as_obj(&*ns)])?;
    cls.header().set_immortal();
    let p = *cell.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: as above.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// Raises an instance of the class `cls` with message `msg`.
pub fn raise(cls: PyResult<ObjRef>, msg: &str) -> errors::ErrSet {
    match cls.and_then(|c| {
        let m = into_obj(unicodeobject::from_str(msg)?);
        object::call(&c, &[&m])
    }) {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

/// A bytes result.
pub fn bytes_obj(d: &[u8]) -> PyResult<ObjRef> {
    bytesobject::from_bytes(d).map(into_obj)
}

/// Whether `v` is a bytes object (for messages that name the kind).
pub fn is_bytes(v: &PyObject) -> bool {
    downcast::<BytesObject>(v).is_some()
}
