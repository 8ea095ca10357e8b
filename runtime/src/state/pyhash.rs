//! Hashing primitives, ported from Python/pyhash.c and
//! Include/cpython/pyhash.h: the hash secret (`_Py_HashSecret` and
//! `_Py_HashRandomization_Init`), SipHash-1-3 (`siphash13`), and the
//! numeric hashes every type shares (`_Py_HashBytes`, `_Py_HashPointer`,
//! `_Py_HashDouble`).

/// Width of the numeric hash modulus in bits (`_PyHASH_BITS`).
pub const HASH_BITS: u32 = 61;
/// The prime modulus of numeric hashes, 2**61 - 1 (`_PyHASH_MODULUS`).
pub const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// Hash of positive infinity (`_PyHASH_INF`).
pub const HASH_INF: isize = 314_159;

/// The per-process key of the string hash (`_Py_HashSecret_t`, 24
/// bytes; SipHash uses the first 16 as two little-endian words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashSecret {
    bytes: [u8; 24],
}

impl HashSecret {
    /// The secret CPython derives from the `PYTHONHASHSEED` value
    /// (`config_init_hash_seed` + `_Py_HashRandomization_Init`): unset or
    /// `"random"` means random bytes from the OS, `"0"` disables
    /// randomization (all zero), any other integer up to 4294967295 seeds
    /// `lcg_urandom`. Anything else is CPython's fatal configuration error,
    /// returned as its message.
    pub fn from_env_value(value: Option<&str>) -> Result<HashSecret, &'static str> {
        match value {
            None | Some("") | Some("random") => Ok(HashSecret::random()),
            Some(s) => {
                let seed: u32 = s
                    .parse()
                    .map_err(|_| "PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]")?;
                Ok(HashSecret::from_seed(seed))
            }
        }
    }

    /// The secret for a fixed seed (`_Py_HashRandomization_Init` with
    /// `use_hash_seed`): zero disables randomization, other seeds run
    /// `lcg_urandom`, the MSVC-style linear congruential generator.
    pub fn from_seed(seed: u32) -> HashSecret {
        let mut bytes = [0u8; 24];
        if seed != 0 {
            let mut x = seed;
            for b in &mut bytes {
                x = x.wrapping_mul(214_013).wrapping_add(2_531_011);
                *b = ((x >> 16) & 0xff) as u8;
            }
        }
        HashSecret { bytes }
    }

    /// A secret from the OS's random source (`_PyOS_URandomNonblock`).
    /// Without one, the process-randomized keys of `std`'s `RandomState`
    /// (which the OS seeds too) fill it.
    fn random() -> HashSecret {
        use std::io::Read;
        let mut bytes = [0u8; 24];
        let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
        if read.is_err() {
            use std::hash::{BuildHasher, Hasher};
            for chunk in bytes.chunks_mut(8) {
                let mut h = std::collections::hash_map::RandomState::new().build_hasher();
                h.write_usize(chunk.as_ptr() as usize);
                chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
            }
        }
        HashSecret { bytes }
    }

    /// SipHash key word 0 (`_Py_HashSecret.siphash.k0`, read little-endian).
    pub fn k0(&self) -> u64 {
        u64::from_le_bytes([
            self.bytes[0],
            self.bytes[1],
            self.bytes[2],
            self.bytes[3],
            self.bytes[4],
            self.bytes[5],
            self.bytes[6],
            self.bytes[7],
        ])
    }

    /// SipHash key word 1 (`_Py_HashSecret.siphash.k1`).
    pub fn k1(&self) -> u64 {
        u64::from_le_bytes([
            self.bytes[8],
            self.bytes[9],
            self.bytes[10],
            self.bytes[11],
            self.bytes[12],
            self.bytes[13],
            self.bytes[14],
            self.bytes[15],
        ])
    }

    /// `_Py_HashBytes`: SipHash-1-3 of `src` under this key, with the
    /// empty input hashing to 0 and -1 mapped to -2.
    pub fn hash_bytes(&self, src: &[u8]) -> isize {
        if src.is_empty() {
            return 0;
        }
        let x = siphash13(self.k0(), self.k1(), src) as isize;
        if x == -1 { -2 } else { x }
    }
}

/// One SipHash round (`HALF_ROUND` twice, pyhash.c's `SINGLE_ROUND`).
#[inline(always)]
fn sip_round(v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64) {
    *v0 = v0.wrapping_add(*v1);
    *v2 = v2.wrapping_add(*v3);
    *v1 = v1.rotate_left(13) ^ *v0;
    *v3 = v3.rotate_left(16) ^ *v2;
    *v0 = v0.rotate_left(32);
    *v2 = v2.wrapping_add(*v1);
    *v0 = v0.wrapping_add(*v3);
    *v1 = v1.rotate_left(17) ^ *v2;
    *v3 = v3.rotate_left(21) ^ *v0;
    *v2 = v2.rotate_left(32);
}

/// SipHash-1-3 (`siphash13`, Python/pyhash.c): one compression round per
/// 8-byte word, three finalization rounds.
pub fn siphash13(k0: u64, k1: u64, src: &[u8]) -> u64 {
    let mut b = (src.len() as u64) << 56;
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let mut words = src.chunks_exact(8);
    for w in &mut words {
        let mi = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        v3 ^= mi;
        sip_round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= mi;
    }
    let mut tail = [0u8; 8];
    let rest = words.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    b |= u64::from_le_bytes(tail);
    v3 ^= b;
    sip_round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    sip_round(&mut v0, &mut v1, &mut v2, &mut v3);
    sip_round(&mut v0, &mut v1, &mut v2, &mut v3);
    sip_round(&mut v0, &mut v1, &mut v2, &mut v3);
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// `_Py_HashPointer`: the address rotated right by 4 bits (the low bits
/// of an aligned pointer carry no information), -1 mapped to -2.
#[inline]
pub fn hash_pointer(p: *const ()) -> isize {
    let y = (p as usize).rotate_right(4) as isize;
    if y == -1 { -2 } else { y }
}

/// `frexp`: `v == m * 2**e` with `0.5 <= |m| < 1`, for finite nonzero `v`
/// (zero gives `(0.0, 0)`).
pub fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// `_Py_HashDouble`: the hash of a float, equal to the hash of any int or
/// fraction of the same value (reduction modulo 2**61 - 1). A NaN hashes
/// by the identity of `inst`, the float object holding it.
pub fn hash_double(inst: *const (), v: f64) -> isize {
    if !v.is_finite() {
        if v.is_infinite() {
            return if v > 0.0 { HASH_INF } else { -HASH_INF };
        }
        return hash_pointer(inst);
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let bits = HASH_BITS as i32;
    let e = if e >= 0 { e % bits } else { bits - 1 - ((-1 - e) % bits) } as u32;
    x = ((x << e) & HASH_MODULUS) | (x >> (HASH_BITS - e));
    let x = (x as i64).wrapping_mul(sign) as isize;
    if x == -1 { -2 } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values come from CPython 3.14 (`PYTHONHASHSEED=...
    // python3.14 -c 'print(hash(...))'`).
    const SEED0_ABC: isize = -4_594_863_902_769_663_758;
    const SEED0_LONG: isize = 7_650_859_633_215_404_784;
    const SEED123_ABC: isize = -6_019_719_312_852_672_851;
    const DOUBLE_1E300: isize = 1_224_995_262_755_759_164;
    const DOUBLE_SUBNORMAL: isize = -1_424_596_448_481_116_638;

    #[test]
    fn str_hash_matches_cpython_for_fixed_seeds() {
        let zero = HashSecret::from_seed(0);
        assert_eq!(zero.hash_bytes(b""), 0);
        assert_eq!(zero.hash_bytes(b"abc"), SEED0_ABC);
        assert_eq!(zero.hash_bytes(b"hello world, this is long"), SEED0_LONG);
        let s123 = HashSecret::from_seed(123);
        assert_eq!(s123.hash_bytes(b"abc"), SEED123_ABC);
    }

    #[test]
    fn hash_seed_parsing() {
        assert_eq!(HashSecret::from_env_value(Some("0")), Ok(HashSecret::from_seed(0)));
        assert_eq!(HashSecret::from_env_value(Some("4294967295")), Ok(HashSecret::from_seed(u32::MAX)));
        assert!(HashSecret::from_env_value(Some("4294967296")).is_err());
        assert!(HashSecret::from_env_value(Some("x")).is_err());
        let a = HashSecret::from_env_value(None).unwrap();
        let b = HashSecret::from_env_value(Some("random")).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn double_hash_matches_cpython() {
        assert_eq!(hash_double(core::ptr::null(), 0.5), 1_152_921_504_606_846_976);
        assert_eq!(hash_double(core::ptr::null(), 1.5), 1_152_921_504_606_846_977);
        assert_eq!(hash_double(core::ptr::null(), -1.0), -2);
        assert_eq!(hash_double(core::ptr::null(), 1e300), DOUBLE_1E300);
        assert_eq!(hash_double(core::ptr::null(), -3.25e-310), DOUBLE_SUBNORMAL);
        assert_eq!(hash_double(core::ptr::null(), f64::INFINITY), 314_159);
        assert_eq!(hash_double(core::ptr::null(), f64::NEG_INFINITY), -314_159);
    }

    #[test]
    fn pointer_hash_rotates() {
        assert_eq!(hash_pointer(core::ptr::without_provenance(0x1230)), 0x123);
        assert_eq!(hash_pointer(core::ptr::without_provenance(0x1)), 1isize << 60);
    }
}
