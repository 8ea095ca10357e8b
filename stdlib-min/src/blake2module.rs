//! The `_blake2` module, ported from Modules/blake2module.c: the
//! `blake2b` and `blake2s` types with every parameter of the BLAKE2
//! parameter block (digest size, key, salt, personalization and the tree
//! parameters fanout, depth, leaf size, node offset, node depth, inner
//! size, last node) and their range checks. BLAKE2 itself (RFC 7693) is
//! written here, since the tree parameters need the raw parameter block.

use rupy::errors::{self, PyResult};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;

use crate::hashlib::{self, Algo, Spec};

/// The message schedule permutations (RFC 7693, section 2.7).
const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

const IV_B: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

const IV_S: [u32; 8] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19];

/// One BLAKE2 variant: word type, rounds, block size, rotations, IV.
macro_rules! blake2_impl {
    ($name:ident, $w:ty, $rounds:expr, $block:expr, [$r1:expr, $r2:expr, $r3:expr, $r4:expr], $iv:expr) => {
        /// A BLAKE2 state: chain value, byte counter, the pending block.
        #[derive(Clone)]
        pub struct $name {
            h: [$w; 8],
            t: u128,
            buf: [u8; $block],
            buflen: usize,
            last_node: bool,
            outlen: usize,
        }

        impl $name {
            const W: usize = size_of::<$w>();

            /// A state for the parameter block `param` (8 words), keyed
            /// by `key` (whose padded block is the first one hashed).
            fn new(param: &[u8], key: &[u8], last_node: bool) -> $name {
                let mut h = $iv;
                for (i, word) in h.iter_mut().enumerate() {
                    let mut b = [0u8; size_of::<$w>()];
                    b.copy_from_slice(&param[i * Self::W..(i + 1) * Self::W]);
                    *word ^= <$w>::from_le_bytes(b);
                }
                let mut s = $name { h, t: 0, buf: [0; $block], buflen: 0, last_node, outlen: usize::from(param[0]) };
                if !key.is_empty() {
                    let mut block = [0u8; $block];
                    block[..key.len()].copy_from_slice(key);
                    s.update(&block);
                }
                s
            }

            fn compress(&mut self, last: bool) {
                let mut m = [0 as $w; 16];
                for (i, word) in m.iter_mut().enumerate() {
                    let mut b = [0u8; size_of::<$w>()];
                    b.copy_from_slice(&self.buf[i * Self::W..(i + 1) * Self::W]);
                    *word = <$w>::from_le_bytes(b);
                }
                let mut v = [0 as $w; 16];
                v[..8].copy_from_slice(&self.h);
                v[8..].copy_from_slice(&$iv);
                v[12] ^= self.t as $w;
                v[13] ^= (self.t >> <$w>::BITS) as $w;
                if last {
                    v[14] = !v[14];
                    if self.last_node {
                        v[15] = !v[15];
                    }
                }
                let g = |v: &mut [$w; 16], a: usize, b: usize, c: usize, d: usize, x: $w, y: $w| {
                    v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
                    v[d] = (v[d] ^ v[a]).rotate_right($r1);
                    v[c] = v[c].wrapping_add(v[d]);
                    v[b] = (v[b] ^ v[c]).rotate_right($r2);
                    v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
                    v[d] = (v[d] ^ v[a]).rotate_right($r3);
                    v[c] = v[c].wrapping_add(v[d]);
                    v[b] = (v[b] ^ v[c]).rotate_right($r4);
                };
                for r in 0..$rounds {
                    let s = &SIGMA[r % 10];
                    g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
                    g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
                    g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
                    g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
                    g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
                    g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
                    g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
                    g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
                }
                for i in 0..8 {
                    self.h[i] ^= v[i] ^ v[i + 8];
                }
            }

            /// Feeds `data`; a full block is only compressed once more
            /// data follows it (the last block is compressed as final).
            pub fn update(&mut self, mut data: &[u8]) {
                while !data.is_empty() {
                    if self.buflen == $block {
                        self.t = self.t.wrapping_add($block);
                        self.compress(false);
                        self.buflen = 0;
                    }
                    let take = ($block - self.buflen).min(data.len());
                    self.buf[self.buflen..self.buflen + take].copy_from_slice(&data[..take]);
                    self.buflen += take;
                    data = &data[take..];
                }
            }

            /// The digest of the data so far (the state is left as is).
            pub fn finish(&self) -> Vec<u8> {
                let mut s = self.clone();
                s.t = s.t.wrapping_add(s.buflen as u128);
                s.buf[s.buflen..].fill(0);
                s.compress(true);
                let mut out: Vec<u8> = s.h.iter().flat_map(|w| w.to_le_bytes()).collect();
                out.truncate(s.outlen);
                out
            }

            pub fn digest_size(&self) -> usize {
                self.outlen
            }
        }
    };
}

blake2_impl!(Blake2b, u64, 12, 128, [32, 24, 16, 63], IV_B);
blake2_impl!(Blake2s, u32, 10, 64, [16, 12, 8, 7], IV_S);

/// The sizes of one variant (`BLAKE2B_*` / `BLAKE2S_*`).
struct Sizes {
    name: &'static str,
    title: &'static str,
    max_digest: usize,
    max_key: usize,
    salt: usize,
    person: usize,
}

const SIZES_B: Sizes = Sizes { name: "blake2b", title: "Blake2b", max_digest: 64, max_key: 64, salt: 16, person: 16 };
const SIZES_S: Sizes = Sizes { name: "blake2s", title: "Blake2s", max_digest: 32, max_key: 32, salt: 8, person: 8 };

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn overflow_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::overflow_error(), msg)
}

/// A `Py_buffer` argument (key, salt, person).
fn buffer_arg(v: Option<&PyObject>) -> PyResult<Vec<u8>> {
    let Some(v) = v else { return Ok(Vec::new()) };
    match hashlib::simple_buffer(v)? {
        Some(b) => Ok(b.into_owned()),
        None => Err(errors::set_string(
            exceptions::type_error(),
            &format!("a bytes-like object is required, not '{}'", type_of(v).name()),
        )),
    }
}

/// An int argument in `lo..=hi`, or ValueError `msg`.
fn ranged(v: Option<&PyObject>, default: i32, lo: i32, hi: i32, msg: &str) -> PyResult<u8> {
    let n = match v {
        Some(v) => hashlib::int_arg(v)?,
        None => default,
    };
    if n < lo || n > hi {
        return Err(value_error(msg));
    }
    u8::try_from(n).map_err(|_| value_error(msg))
}

/// An unsigned long long argument (`_PyLong_UnsignedLongLong_Converter`).
fn unsigned_long_long(v: &PyObject) -> PyResult<u64> {
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    if i.sign() < 0 {
        return Err(value_error("Cannot convert negative int"));
    }
    u64::try_from(i.to_bigint()).map_err(|_| overflow_error("Python int too large for C unsigned long long"))
}

/// `py_blake2b_new` / `py_blake2s_new`: checks the parameters, builds
/// the parameter block and feeds the initial data.
fn blake2_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let is_b = ty.is_subtype(&BLAKE2B_TYPE);
    let sz = if is_b { &SIZES_B } else { &SIZES_S };
    let pos: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    let kw = kwds.map(DictObject::items).unwrap_or_default();
    let kwpairs: Vec<(String, &PyObject)> = kw.iter().map(|(k, v)| (object::str_lossy(k), &**v)).collect();
    let a = hashlib::match_args(
        &Spec {
            fname: sz.name,
            names: &[
                "data", "digest_size", "key", "salt", "person", "fanout", "depth", "leaf_size", "node_offset",
                "node_depth", "inner_size", "last_node", "usedforsecurity", "string",
            ],
            posonly: 0,
            max_pos: 1,
            required: 0,
        },
        &pos,
        &kwpairs,
    )?;
    let data = hashlib::data_argument(a[0], a[13])?;
    let digest_size = match a[1] {
        Some(v) => hashlib::int_arg(v)?,
        None => sz.max_digest as i32,
    };
    if digest_size < 1 || digest_size as usize > sz.max_digest {
        return Err(value_error(&format!(
            "digest_size for {} must be between 1 and {} bytes, here it is {digest_size}",
            sz.title, sz.max_digest
        )));
    }
    let key = buffer_arg(a[2])?;
    let salt = buffer_arg(a[3])?;
    let person = buffer_arg(a[4])?;
    if salt.len() > sz.salt {
        return Err(value_error(&format!("maximum salt length is {} bytes", sz.salt)));
    }
    if person.len() > sz.person {
        return Err(value_error(&format!("maximum person length is {} bytes", sz.person)));
    }
    let fanout = ranged(a[5], 1, 0, 255, "fanout must be between 0 and 255")?;
    let depth = ranged(a[6], 1, 1, 255, "depth must be between 1 and 255")?;
    let leaf_size = match a[7] {
        Some(v) => hashlib::unsigned_long(v)?,
        None => 0,
    };
    let leaf_size = u32::try_from(leaf_size).map_err(|_| overflow_error("leaf_size is too large"))?;
    let node_offset = match a[8] {
        Some(v) => unsigned_long_long(v)?,
        None => 0,
    };
    if !is_b && node_offset > (1 << 48) - 1 {
        return Err(overflow_error("node_offset is too large"));
    }
    let node_depth = ranged(a[9], 0, 0, 255, "node_depth must be between 0 and 255")?;
    let inner_size = ranged(
        a[10],
        0,
        0,
        sz.max_digest as i32,
        &format!("inner_size must be between 0 and is {}", sz.max_digest),
    )?;
    let last_node = hashlib::bool_arg(a[11], false)?;
    hashlib::bool_arg(a[12], true)?;
    if key.len() > sz.max_key {
        return Err(value_error(&format!("maximum key length is {} bytes", sz.max_key)));
    }
    // The parameter block (RFC 7693, section 2.5; BLAKE2 paper, 2.8).
    let mut p: Vec<u8> = vec![digest_size as u8, key.len() as u8, fanout, depth];
    p.extend_from_slice(&leaf_size.to_le_bytes());
    let algo = if is_b {
        p.extend_from_slice(&node_offset.to_le_bytes());
        p.extend_from_slice(&[node_depth, inner_size]);
        p.resize(32, 0);
        p.extend_from_slice(&salt);
        p.resize(48, 0);
        p.extend_from_slice(&person);
        p.resize(64, 0);
        Algo::Blake2b(Blake2b::new(&p, &key, last_node))
    } else {
        p.extend_from_slice(&node_offset.to_le_bytes()[..6]);
        p.extend_from_slice(&[node_depth, inner_size]);
        p.extend_from_slice(&salt);
        p.resize(24, 0);
        p.extend_from_slice(&person);
        p.resize(32, 0);
        Algo::Blake2s(Blake2s::new(&p, &key, last_node))
    };
    hashlib::construct(ty, algo, data)
}

macro_rules! blake2_type {
    ($stat:ident, $name:literal) => {
        #[doc = concat!("`", $name, "`.")]
        pub static $stat: TypeObject = TypeObject::new_static(
            $name,
            size_of::<hashlib::HashObject>(),
            hashlib::hash_dealloc,
            TypeSlots {
                tp_getattro: Some(rupy::objects::object::generic_get_attr),
                tp_new: Some(blake2_new),
                ..TypeSlots::EMPTY
            },
        )
        .with_flags(flags::IMMUTABLETYPE)
        .with_methods(&hashlib::HASH_METHODS)
        .with_getset(&hashlib::HASH_GETSET);
    };
}

blake2_type!(BLAKE2B_TYPE, "_blake2.blake2b");
blake2_type!(BLAKE2S_TYPE, "_blake2.blake2s");

/// `blake2_exec`: the types, with their size constants as class
/// attributes and as module constants.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_blake2")?;
    for (ty, sz, prefix) in [(&BLAKE2B_TYPE, &SIZES_B, "BLAKE2B"), (&BLAKE2S_TYPE, &SIZES_S, "BLAKE2S")] {
        ty.ready()?;
        m.add_object(sz.name, as_obj(ty))?;
        let dict = ty.tp_dict.get().ok_or_else(errors::bad_internal_call)?;
        let dict = downcast::<DictObject>(&dict).ok_or_else(errors::bad_internal_call)?;
        for (attr, v) in
            [("SALT_SIZE", sz.salt), ("PERSON_SIZE", sz.person), ("MAX_KEY_SIZE", sz.max_key), ("MAX_DIGEST_SIZE", sz.max_digest)]
        {
            let n = longobject::from_i64(v as i64)?;
            dict.set_item(&*unicodeobject::intern_str(attr)?, &n)?;
            m.add_object(&format!("{prefix}_{attr}"), &n)?;
        }
    }
    m.add_object("_GIL_MINSIZE", &*longobject::from_i64(hashlib::GIL_MINSIZE)?)?;
    Ok(into_obj(m))
}
