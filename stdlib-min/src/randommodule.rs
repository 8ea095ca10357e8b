//! The `_random` module, ported from Modules/_randommodule.c: the
//! Mersenne Twister (MT19937) behind `random.Random`, with CPython's
//! seeding (`init_by_array` over the 32-bit words of |seed|), `random()`
//! with 53-bit resolution, `getrandbits`, and `getstate`/`setstate` in
//! CPython's format, so seeded sequences match CPython's exactly. The
//! generator state is guarded by the object's critical section.

use core::ptr::NonNull;

use num_bigint::{BigInt, Sign};
use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::floatobject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::Guarded;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The generator state (`RandomObject`'s `state` and `index`).
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    /// `init_genrand`.
    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// `init_by_array`.
    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let prev = self.state[i - 1];
            let k = key.get(j).copied().unwrap_or(0);
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(k).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    /// `genrand_uint32`.
    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            let mag = |y: u32| if y & 1 != 0 { MATRIX_A } else { 0 };
            for kk in 0..N - M {
                let y = (self.state[kk] & UPPER_MASK) | (self.state[kk + 1] & LOWER_MASK);
                self.state[kk] = self.state[kk + M] ^ (y >> 1) ^ mag(y);
            }
            for kk in N - M..N - 1 {
                let y = (self.state[kk] & UPPER_MASK) | (self.state[kk + 1] & LOWER_MASK);
                self.state[kk] = self.state[kk + M - N] ^ (y >> 1) ^ mag(y);
            }
            let y = (self.state[N - 1] & UPPER_MASK) | (self.state[0] & LOWER_MASK);
            self.state[N - 1] = self.state[M - 1] ^ (y >> 1) ^ mag(y);
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random_random`: a double in [0, 1) from 53 random bits.
    fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }
}

/// A `_random.Random` (`RandomObject`).
#[repr(C)]
pub struct RandomObject {
    ob_base: ObjectHeader,
    mt: Guarded<Box<Mt>>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for RandomObject {}

fn state_of(v: &PyObject) -> PyResult<&Guarded<Box<Mt>>> {
    if !object::type_check(v, &RANDOM_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: Random instances (and subclass instances) start with this layout.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<RandomObject>()).mt })
}

fn with<R>(v: &PyObject, f: impl FnOnce(&mut Mt) -> PyResult<R>) -> PyResult<R> {
    state_of(v)?.with(v, |m| f(m))
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `random_seed_urandom`, falling back to the time and pid
/// (`random_seed_time_pid`).
fn seed_from_os(mt: &mut Mt) {
    let mut key = [0u32; N];
    let mut buf = [0u8; N * 4];
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: getrandom writes at most the remaining length.
        let r = unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if r <= 0 {
            break;
        }
        filled += r as usize;
    }
    if filled == buf.len() {
        for (k, c) in key.iter_mut().zip(buf.chunks_exact(4)) {
            *k = u32::from_ne_bytes([c[0], c[1], c[2], c[3]]);
        }
        mt.init_by_array(&key);
    } else {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let words = [now.as_secs() as u32, (now.as_secs() >> 32) as u32, now.subsec_nanos(), std::process::id()];
        mt.init_by_array(&words);
    }
}

/// `random_seed`: None seeds from the OS; an int by its absolute value's
/// 32-bit words (least significant first); anything else by its hash.
fn seed(mt: &mut Mt, arg: Option<&PyObject>) -> PyResult<()> {
    let Some(arg) = arg.filter(|a| !object::is_none(a)) else {
        seed_from_os(mt);
        return Ok(());
    };
    let n: BigInt = match downcast::<IntObject>(arg) {
        Some(i) => i.to_bigint(),
        None => BigInt::from(object::hash(arg)? as usize),
    };
    let (_, mut words) = n.to_u32_digits();
    if words.is_empty() {
        words.push(0);
    }
    mt.init_by_array(&words);
    Ok(())
}

fn random_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if core::ptr::eq(ty, &RANDOM_TYPE) && kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error("Random() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(type_error("Random() requires 0 or 1 argument"));
    }
    let mut mt = Box::new(Mt { state: [0; N], index: N + 1 });
    seed(&mut mt, args.as_slice().first().map(|a| &**a))?;
    let st = Guarded::new(mt);
    if core::ptr::eq(ty, &RANDOM_TYPE) {
        return object::new_object(RandomObject { ob_base: ObjectHeader::new(&RANDOM_TYPE.head), mt: st }).map(into_obj);
    }
    // SAFETY: only the header is initialized; the state is written below.
    let obj: ObjRef = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    // SAFETY: the class's instances have at least the Random layout; the
    // state field is written once into zeroed memory.
    unsafe { core::ptr::addr_of_mut!((*obj.as_ptr().as_ptr().cast::<RandomObject>()).mt).write(st) };
    Ok(obj)
}

/// `random_init`: `Random(seed)` seeds again (what Lib's subclass
/// overrides).
fn random_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    if object::is_type(v, &RANDOM_TYPE) && kwds.is_some_and(|k| k.len() > 0) {
        return Err(type_error("Random() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(type_error("Random() requires 0 or 1 argument"));
    }
    with(v, |mt| seed(mt, args.as_slice().first().map(|a| &**a)))
}

unsafe fn random_dealloc(op: NonNull<PyObject>) {
    // SAFETY: a dead Random; drop its state and free it.
    unsafe { object::dealloc_simple::<RandomObject>(op) };
}

fn meth_random(v: &PyObject) -> PyResult<ObjRef> {
    let x = with(v, |mt| Ok(mt.random()))?;
    floatobject::from_f64(x)
}

fn meth_seed(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() > 1 {
        return Err(type_error(&format!("seed expected at most 1 argument, got {}", args.len())));
    }
    with(v, |mt| seed(mt, args.first().map(|a| &**a)))?;
    Ok(object::none())
}

/// `getstate()`: the 624 words and the index, as a tuple of ints.
fn meth_getstate(v: &PyObject) -> PyResult<ObjRef> {
    let (words, index) = with(v, |mt| Ok((mt.state, mt.index)))?;
    let mut items: Vec<ObjRef> = Vec::with_capacity(N + 1);
    for w in words {
        items.push(longobject::from_i64(i64::from(w))?);
    }
    items.push(longobject::from_i64(index as i64)?);
    let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

/// `setstate(state)`.
fn meth_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let Some(t) = downcast::<TupleObject>(state) else { return Err(type_error("state vector must be a tuple")) };
    if t.len() != N + 1 {
        return Err(value_error("state vector is the wrong size"));
    }
    let mut words = [0u32; N];
    for (w, item) in words.iter_mut().zip(t.as_slice()) {
        let Some(i) = downcast::<IntObject>(item) else {
            return Err(type_error(&format!(
                "'{}' object cannot be interpreted as an integer",
                type_of(item).name()
            )));
        };
        *w = i.as_i64().and_then(|x| u32::try_from(x).ok()).ok_or_else(|| {
            errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C unsigned long")
        })?;
    }
    let index = rupy::objects::r#abstract::as_ssize(&t.as_slice()[N], Some(exceptions::overflow_error()))?;
    if index < 0 || index > N as isize {
        return Err(value_error("invalid state"));
    }
    with(v, |mt| {
        mt.state = words;
        mt.index = index as usize;
        Ok(())
    })?;
    Ok(object::none())
}

/// `getrandbits(k)`: a non-negative int of `k` random bits, filled
/// from the least significant 32-bit word up.
fn meth_getrandbits(v: &PyObject, k: &PyObject) -> PyResult<ObjRef> {
    let k = rupy::objects::r#abstract::as_ssize(k, Some(exceptions::overflow_error()))?;
    if k < 0 {
        return Err(value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return longobject::from_i64(0);
    }
    if k <= 32 {
        let r = with(v, |mt| Ok(mt.next_u32() >> (32 - k)))?;
        return longobject::from_i64(i64::from(r));
    }
    let words = (k as usize - 1) / 32 + 1;
    let mut out: Vec<u32> = Vec::new();
    out.try_reserve_exact(words).map_err(|_| errors::no_memory())?;
    with(v, |mt| {
        let mut left = k;
        for _ in 0..words {
            let mut r = mt.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out.push(r);
            left -= 32;
        }
        Ok(())
    })?;
    longobject::from_bigint(BigInt::from_slice(Sign::Plus, &out))
}

static RANDOM_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "random", ml_meth: MethodFn::NoArgs(meth_random), ml_doc: Some("random() -> x in the interval [0, 1).") },
    MethodDef { ml_name: "seed", ml_meth: MethodFn::FastCall(meth_seed), ml_doc: Some("seed([n]) -> None.\n\nDefaults to use urandom and falls back to a combination\nof the current time and the process identifier.") },
    MethodDef { ml_name: "getstate", ml_meth: MethodFn::NoArgs(meth_getstate), ml_doc: Some("getstate() -> tuple containing the current state.") },
    MethodDef { ml_name: "setstate", ml_meth: MethodFn::O(meth_setstate), ml_doc: Some("setstate(state) -> None.  Restores generator state.") },
    MethodDef { ml_name: "getrandbits", ml_meth: MethodFn::O(meth_getrandbits), ml_doc: Some("getrandbits(k) -> x.  Generates an int with k random bits.") },
];

/// `_random.Random`.
pub static RANDOM_TYPE: TypeObject = TypeObject::new_static(
    "_random.Random",
    size_of::<RandomObject>(),
    random_dealloc,
    TypeSlots {
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(random_new),
        tp_init: Some(random_init),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE)
.with_methods(&RANDOM_METHODS)
.with_doc("Random() -> create a random number generator with its own internal state.");

/// `_random_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_random")?;
    RANDOM_TYPE.ready()?;
    m.add_object("Random", as_obj(&RANDOM_TYPE))?;
    Ok(into_obj(m))
}
