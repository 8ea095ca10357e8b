//! `dict`, ported from Objects/dictobject.c: the compact dict (a hash
//! index of 1/2/4/8-byte slots into an insertion-ordered entry array),
//! open addressing with CPython's perturbed probing, dummies for deleted
//! slots, resize by `GROWTH_RATE`. Writers hold the dict's critical
//! section; readers look up lock-free as 3.14t's
//! `_Py_dict_lookup_threadsafe`, with the keys table freed through QSBR
//! once the dict is shared (`ensure_shared_on_read`, `free_keys_object`).
//! Ports `new_keys_object`, `dictkeys_get_index` / `set_index`,
//! `do_lookup` / `compare_generic`, `insertdict`,
//! `insert_to_emptydict`, `find_empty_slot`, `dictresize`,
//! `build_indices`, `delitem_common`, `PyDict_Clear`, `dict_repr`,
//! `dict_richcompare`, `dict_get`, `dict_pop`.
//!
//! Deviation: one entry layout (hash, key, value) serves both key kinds;
//! CPython's unicode-keys table drops the hash field. The kind is kept as
//! the "all keys are exact str" fast path.

mod split;

pub use split::{
    SharedKeys, alloc_size, clear_inline_values, detach_inline_values, has_inline_values, init_inline_values, inline_values_empty,
    materialize_managed_dict, set_managed_dict, store_instance_attribute, try_get_instance_attribute, visit_inline_values,
};

use core::ptr::NonNull;
use std::sync::atomic::{AtomicI8, AtomicI16, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::object::{self, CompareOp, ObjRef, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{self, TypeObject, TypeSlots, flags, heaptype, slotdefs};
use crate::objects::unicodeobject::{self, STR_TYPE, StrObject};
use crate::objects::{boolobject, exceptions, iterobject, longobject, r#abstract};
use crate::state;

/// `PyDict_LOG_MINSIZE`.
const LOG_MINSIZE: u8 = 3;
/// `DKIX_EMPTY`.
const DKIX_EMPTY: isize = -1;
/// `DKIX_DUMMY`.
const DKIX_DUMMY: isize = -2;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;
/// `DICT_KEYS_GENERAL`.
const KEYS_GENERAL: u8 = 0;
/// `DICT_KEYS_UNICODE`: every key is an exact str.
const KEYS_UNICODE: u8 = 1;

/// `USABLE_FRACTION`.
const fn usable_fraction(n: usize) -> usize {
    (n << 1) / 3
}

/// The keys table (`PyDictKeysObject`): this header, then
/// `1 << dk_log2_index_bytes` bytes of indices, then the entries.
#[repr(C)]
struct DictKeys {
    dk_log2_size: u8,
    dk_log2_index_bytes: u8,
    dk_kind: AtomicU8,
    /// `dk_usable`: entries still free (under the lock).
    dk_usable: AtomicIsize,
    /// `dk_nentries`: entries used, live or deleted.
    dk_nentries: AtomicIsize,
}

/// An entry (`PyDictKeyEntry`); key and value are owned references.
#[repr(C)]
struct DictEntry {
    me_hash: AtomicIsize,
    me_key: AtomicPtr<PyObject>,
    me_value: AtomicPtr<PyObject>,
}

/// `Py_EMPTY_KEYS`: shared by every empty dict, never freed.
#[repr(C)]
struct EmptyKeys {
    head: DictKeys,
    indices: [AtomicI8; 8],
}

static EMPTY_KEYS: EmptyKeys = EmptyKeys {
    head: DictKeys {
        dk_log2_size: LOG_MINSIZE,
        dk_log2_index_bytes: LOG_MINSIZE,
        dk_kind: AtomicU8::new(KEYS_UNICODE),
        dk_usable: AtomicIsize::new(0),
        dk_nentries: AtomicIsize::new(0),
    },
    indices: [const { AtomicI8::new(-1) }; 8],
};

fn empty_keys() -> *mut DictKeys {
    core::ptr::from_ref(&EMPTY_KEYS.head).cast_mut()
}

impl DictKeys {
    fn size(&self) -> usize {
        1 << self.dk_log2_size
    }

    fn mask(&self) -> usize {
        self.size() - 1
    }

    fn indices_ptr(&self) -> *const u8 {
        // SAFETY: the indices follow the header in the same allocation
        // (or in EmptyKeys, whose layout matches).
        unsafe { core::ptr::from_ref(self).cast::<u8>().add(size_of::<DictKeys>()) }
    }

    /// `dictkeys_get_index`.
    fn get_index(&self, i: usize) -> isize {
        let p = self.indices_ptr();
        // SAFETY: i < size; the index array has `size` slots of the width
        // chosen by dk_log2_size, suitably aligned (8-aligned start).
        unsafe {
            match self.dk_log2_size {
                0..8 => (*p.cast::<AtomicI8>().add(i)).load(Ordering::Acquire) as isize,
                8..16 => (*p.cast::<AtomicI16>().add(i)).load(Ordering::Acquire) as isize,
                16..32 => (*p.cast::<AtomicI32>().add(i)).load(Ordering::Acquire) as isize,
                _ => (*p.cast::<AtomicI64>().add(i)).load(Ordering::Acquire) as isize,
            }
        }
    }

    /// `dictkeys_set_index` (release: publishes the entry).
    fn set_index(&self, i: usize, ix: isize) {
        let p = self.indices_ptr();
        // SAFETY: as in get_index.
        unsafe {
            match self.dk_log2_size {
                0..8 => (*p.cast::<AtomicI8>().add(i)).store(ix as i8, Ordering::Release),
                8..16 => (*p.cast::<AtomicI16>().add(i)).store(ix as i16, Ordering::Release),
                16..32 => (*p.cast::<AtomicI32>().add(i)).store(ix as i32, Ordering::Release),
                _ => (*p.cast::<AtomicI64>().add(i)).store(ix as i64, Ordering::Release),
            }
        }
    }

    /// `DK_ENTRIES(dk)[ix]`.
    fn entry(&self, ix: usize) -> &DictEntry {
        // SAFETY: ix < usable_fraction(size) (indices only hold valid
        // entry numbers); entries follow the index bytes, 8-aligned.
        unsafe {
            &*self
                .indices_ptr()
                .add(1 << self.dk_log2_index_bytes)
                .cast::<DictEntry>()
                .add(ix)
        }
    }

    fn nentries(&self) -> usize {
        self.dk_nentries.load(Ordering::Acquire) as usize
    }

    /// Writes entry `n` of a table not yet published and indexes it
    /// (`build_indices` for one entry); the entry takes over `key` and
    /// `value`. The caller updates `dk_usable` and `dk_nentries`.
    fn append_entry(&self, n: usize, hash: isize, key: *mut PyObject, value: *mut PyObject) {
        let dst = self.entry(n);
        dst.me_hash.store(hash, Ordering::Relaxed);
        dst.me_key.store(key, Ordering::Relaxed);
        dst.me_value.store(value, Ordering::Relaxed);
        let mask = self.mask();
        let mut perturb = hash as usize;
        let mut i = (hash as usize) & mask;
        while self.get_index(i) != DKIX_EMPTY {
            perturb >>= PERTURB_SHIFT;
            i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
        }
        self.set_index(i, n as isize);
    }
}

/// `PyObject_Hash` for a key, with 3.14's `dict_unhashable_type`
/// message when it is not hashable.
fn hash_key(key: &PyObject) -> PyResult<isize> {
    object::hash(key).map_err(|e| {
        if !errors::exception_matches(exceptions::type_error()) {
            return e;
        }
        drop(e);
        let Some(exc) = errors::take_raised() else { return errors::bad_internal_call() };
        if !object::is_type(&exc, exceptions::type_error()) {
            return errors::set_raised(exc);
        }
        let msg = match object::str(&exc) {
            Ok(m) => m.to_string_lossy(),
            Err(e) => return e,
        };
        errors::set_string(
            exceptions::type_error(),
            &format!("cannot use '{}' as a dict key ({msg})", object::type_of(key).tp_name),
        )
    })
}

/// The bytes of a table (`_PyDict_KeysSize`).
fn keys_bytes(keys: &DictKeys) -> usize {
    size_of::<DictKeys>() + (1usize << keys.dk_log2_index_bytes) + usable_fraction(1 << keys.dk_log2_size) * size_of::<DictEntry>()
}

/// `new_keys_object`: an empty table of `1 << log2_size` slots.
fn new_keys(log2_size: u8, kind: u8) -> PyResult<NonNull<DictKeys>> {
    let log2_bytes = match log2_size {
        0..8 => log2_size,
        8..16 => log2_size + 1,
        16..32 => log2_size + 2,
        _ => log2_size + 3,
    };
    if log2_bytes >= 60 {
        return Err(errors::no_memory());
    }
    let usable = usable_fraction(1 << log2_size);
    let index_bytes = 1usize << log2_bytes;
    let Some(size) = usable
        .checked_mul(size_of::<DictEntry>())
        .and_then(|n| n.checked_add(index_bytes + size_of::<DictKeys>()))
        .filter(|&n| n <= isize::MAX as usize)
    else {
        return Err(errors::no_memory());
    };
    let p = object::alloc_raw(size)?;
    // SAFETY: fresh allocation of `size` bytes: header, index bytes set
    // to 0xff (DKIX_EMPTY at every width), zeroed entries (null/0 atomics).
    unsafe {
        p.cast::<DictKeys>().as_ptr().write(DictKeys {
            dk_log2_size: log2_size,
            dk_log2_index_bytes: log2_bytes,
            dk_kind: AtomicU8::new(kind),
            dk_usable: AtomicIsize::new(usable as isize),
            dk_nentries: AtomicIsize::new(0),
        });
        let idx = p.as_ptr().add(size_of::<DictKeys>());
        core::ptr::write_bytes(idx, 0xff, index_bytes);
        core::ptr::write_bytes(idx.add(index_bytes), 0, usable * size_of::<DictEntry>());
    }
    Ok(p.cast())
}

/// `free_keys_object` (memory only; entries were moved or released).
///
/// # Safety
/// `keys` is unlinked from its dict; without `use_qsbr` no reader holds it.
unsafe fn free_keys(keys: *mut DictKeys, use_qsbr: bool) {
    if keys != empty_keys() {
        // SAFETY: forwarded; allocated by new_keys.
        unsafe { object::free_memory(keys.cast(), use_qsbr) };
    }
}

/// `calculate_log2_keysize`.
fn log2_keysize(minsize: usize) -> u8 {
    let m = minsize.max(1 << LOG_MINSIZE);
    (usize::BITS - (m - 1).leading_zeros()) as u8
}

/// Result of a probe.
enum Found {
    /// The key's slot number and entry number.
    At(usize, usize),
    /// Not present.
    Missing,
    /// The table or the entry changed during a comparison (`DKIX_KEY_CHANGED`).
    Changed,
}

fn is_exact_str(op: &PyObject) -> bool {
    object::is_type(op, &STR_TYPE)
}

/// Compares a candidate entry's key with `key` (`compare_generic` and
/// the str fast path `unicode_eq`): exact strs compare by value without
/// side effects; other keys through `==`, after which the entry must be
/// unchanged.
fn compare_entry(dict: &DictObject, dk: *mut DictKeys, ep: &DictEntry, start: NonNull<PyObject>, key: &PyObject, locked: bool) -> PyResult<Option<bool>> {
    let startkey = if locked {
        // Under the dict's lock the entry owns its key: a plain reference
        // (`compare_generic`). A conditional one could fail for good, on
        // a key whose owner thread exited with no shared count.
        // SAFETY: the dict holds a reference to the key while locked.
        object::new_ref_with_lock(unsafe { start.as_ref() })
    } else {
        // SAFETY: the key is kept readable (marked shared, freed through
        // QSBR) and try_incref_compare takes a reference only if still
        // live (`compare_generic_threadsafe`).
        match unsafe { rupy_gc::refcount::try_incref_compare(&ep.me_key, start) } {
            Some(k) => k,
            None => return Ok(None),
        }
    };
    if is_exact_str(&startkey) && is_exact_str(key) {
        let (a, b) = (downcast::<StrObject>(&startkey), downcast::<StrObject>(key));
        return Ok(Some(a.zip(b).is_some_and(|(a, b)| a.eq_str(b))));
    }
    let eq = object::rich_compare_bool(&startkey, key, CompareOp::Eq)?;
    if dict.ma_keys.load(Ordering::Acquire) != dk || ep.me_key.load(Ordering::Acquire) != start.as_ptr() {
        return Ok(None);
    }
    Ok(Some(eq))
}

/// `do_lookup`: probes `dk` for `key`; `locked` if the caller holds the
/// dict's lock.
fn probe(dict: &DictObject, dk: *mut DictKeys, key: &PyObject, hash: isize, locked: bool) -> PyResult<Found> {
    // SAFETY: dk is the dict's table, live while we hold the lock or are
    // attached (QSBR).
    let keys = unsafe { &*dk };
    let mask = keys.mask();
    let mut perturb = hash as usize;
    let mut i = (hash as usize) & mask;
    loop {
        let ix = keys.get_index(i);
        if ix == DKIX_EMPTY {
            return Ok(Found::Missing);
        }
        if ix >= 0 {
            let ep = keys.entry(ix as usize);
            let start = ep.me_key.load(Ordering::Acquire);
            if core::ptr::eq(start, key) {
                return Ok(Found::At(i, ix as usize));
            }
            if let Some(start) = NonNull::new(start)
                && ep.me_hash.load(Ordering::Relaxed) == hash
            {
                match compare_entry(dict, dk, ep, start, key, locked)? {
                    Some(true) => return Ok(Found::At(i, ix as usize)),
                    Some(false) => {}
                    None => return Ok(Found::Changed),
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
    }
}

/// A `dict` (`PyDictObject`, combined tables only).
#[repr(C)]
pub struct DictObject {
    ob_base: ObjectHeader,
    /// `ma_used`: number of items.
    ma_used: AtomicIsize,
    /// `ma_keys` (the empty table while split).
    ma_keys: AtomicPtr<DictKeys>,
    /// `ma_values`: null for a combined table; for a split one, the
    /// values (an instance's inline ones or a copy the dict owns).
    ma_values: AtomicPtr<split::DictValues>,
    /// The class's shared keys a split dict indexes its values with (an
    /// `Arc` it holds), null when combined.
    ma_shared: AtomicPtr<SharedKeys>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DictObject {}

impl PyClass for DictObject {
    fn type_object() -> &'static TypeObject {
        &DICT_TYPE
    }
}

impl DictObject {
    /// `PyDict_New`.
    pub fn new() -> PyResult<PyRef<DictObject>> {
        object::new_object(DictObject {
            ob_base: ObjectHeader::new(&DICT_TYPE.head),
            ma_used: AtomicIsize::new(0),
            ma_keys: AtomicPtr::new(empty_keys()),
            ma_values: AtomicPtr::new(core::ptr::null_mut()),
            ma_shared: AtomicPtr::new(core::ptr::null_mut()),
        })
    }

    /// `PyDict_GET_SIZE`.
    pub fn len(&self) -> usize {
        self.ma_used.load(Ordering::Relaxed) as usize
    }

    /// Is the dict empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn as_obj(&self) -> &PyObject {
        object::as_obj(self)
    }

    /// May other threads read the table lock-free
    /// ([`rupy_gc::ObjectHeader::contents_shared`], CPython's `IS_DICT_SHARED`)?
    fn is_shared(&self) -> bool {
        self.ob_base.contents_shared()
    }

    /// Runs `f` in the dict's critical section, shared first
    /// ([`Self::share_locked`]) when the caller is not its owner.
    fn locked<R>(&self, f: impl FnOnce() -> R) -> R {
        object::critical_section_sharing(self.as_obj(), || self.share_locked(), f)
    }

    /// Marks the dict shared (`SET_DICT_SHARED`) and every key and value
    /// of its table shared, so lock-free readers on other threads only
    /// ever meet memory freed through QSBR. A dict no other thread has
    /// touched keeps its entries unmarked and frees them at once. (The
    /// values of a split dict live in its instance, which marks them
    /// itself.) Caller holds the critical section.
    fn share_locked(&self) {
        if self.is_shared() {
            return;
        }
        // SAFETY: under the lock the current table is live.
        let dk = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
        for ix in 0..dk.nentries() {
            let ep = dk.entry(ix);
            for p in [ep.me_key.load(Ordering::Relaxed), ep.me_value.load(Ordering::Relaxed)] {
                // SAFETY: the table owns its keys and values while locked.
                if let Some(o) = unsafe { p.as_ref() } {
                    object::mark_shared(o);
                }
            }
        }
        self.ob_base.set_contents_shared();
    }

    /// Marks a key or value about to be stored shared if the dict is
    /// ([`Self::share_locked`]). Caller holds the critical section.
    fn mark_entry(&self, o: &PyObject) {
        if self.is_shared() {
            object::mark_shared(o);
        }
    }

    /// `_Py_dict_lookup` under the lock: retries while comparisons see
    /// the table change.
    fn lookup_locked(&self, key: &PyObject, hash: isize) -> PyResult<Option<(usize, usize)>> {
        loop {
            let dk = self.ma_keys.load(Ordering::Relaxed);
            match probe(self, dk, key, hash, true)? {
                Found::At(i, ix) => return Ok(Some((i, ix))),
                Found::Missing => return Ok(None),
                Found::Changed => continue,
            }
        }
    }

    /// `ensure_shared_on_read`: a reader that is not the owner marks the
    /// dict shared (under its lock) before its first lock-free read, so
    /// that writers free replaced tables through QSBR from then on.
    fn ensure_shared_on_read(&self) {
        if !self.ob_base.is_owned_by_current_thread() && !self.is_shared() {
            self.locked(|| self.share_locked());
        }
    }

    /// `_Py_dict_lookup_threadsafe`: the value for `key`, looked up
    /// without the lock; falls back to a locked lookup when a conditional
    /// incref fails or the table changes under it.
    fn lookup_threadsafe(&self, key: &PyObject, hash: isize) -> PyResult<Option<ObjRef>> {
        if self.maybe_split()
            && let Some(found) = self.locked(|| self.split_get(key, hash))?
        {
            return Ok(found);
        }
        self.ensure_shared_on_read();
        let dk = self.ma_keys.load(Ordering::Acquire);
        match probe(self, dk, key, hash, false)? {
            Found::Missing => return Ok(None),
            Found::At(_, ix) => {
                // SAFETY: dk is live (QSBR) and ix one of its entries.
                let ep = unsafe { &*dk }.entry(ix);
                if let Some(p) = NonNull::new(ep.me_value.load(Ordering::Acquire))
                    // SAFETY: values are marked shared (freed through QSBR).
                    && let Some(v) = unsafe { rupy_gc::refcount::try_incref_compare(&ep.me_value, p) }
                    && self.ma_keys.load(Ordering::Acquire) == dk
                {
                    return Ok(Some(v));
                }
            }
            Found::Changed => {}
        }
        // read_failed: take the lock, look up, incref making it shared.
        self.locked(|| {
            let Some((_, ix)) = self.lookup_locked(key, hash)? else { return Ok(None) };
            // SAFETY: under the lock the current table is live.
            let ep = unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.entry(ix);
            let p = ep.me_value.load(Ordering::Relaxed);
            // SAFETY: the dict owns its value while we hold the lock.
            Ok(NonNull::new(p).map(|p| object::new_ref_with_lock(unsafe { p.as_ref() })))
        })
    }

    /// The value of the exact-str `key` read without the lock and without
    /// side effects, for a caller that may not hold a reference to the
    /// dict: `None` (do a full lookup) unless the key is an exact str, the
    /// dict is already shared and its table holds
    /// only str keys (so no comparison runs Python code), and the value's
    /// conditional incref succeeds on an unchanged table.
    pub fn lookup_str_borrowed(&self, key: &PyObject) -> Option<Option<ObjRef>> {
        let hash = downcast::<StrObject>(key).filter(|_| is_exact_str(key))?.hash();
        if (!self.is_shared() && !self.ob_base.is_owned_by_current_thread()) || self.maybe_split() {
            return None;
        }
        let dk = self.ma_keys.load(Ordering::Acquire);
        // SAFETY: the table is live while the dict is (QSBR frees replaced
        // tables of shared dicts), and the caller keeps the dict alive.
        if unsafe { &*dk }.dk_kind.load(Ordering::Relaxed) != KEYS_UNICODE {
            return None;
        }
        match probe(self, dk, key, hash, false) {
            Ok(Found::Missing) => Some(None),
            Ok(Found::At(_, ix)) => {
                // SAFETY: dk is live and ix one of its entries.
                let ep = unsafe { &*dk }.entry(ix);
                let p = NonNull::new(ep.me_value.load(Ordering::Acquire))?;
                // SAFETY: values are marked shared (freed through QSBR).
                let v = unsafe { rupy_gc::refcount::try_incref_compare(&ep.me_value, p) }?;
                (self.ma_keys.load(Ordering::Acquire) == dk).then_some(Some(v))
            }
            Ok(Found::Changed) => None,
            Err(_) => {
                errors::clear();
                None
            }
        }
    }

    /// `PyDict_GetItemRef`: `Ok(None)` if absent; errors from hashing or
    /// comparing propagate.
    pub fn get_item(&self, key: &PyObject) -> PyResult<Option<ObjRef>> {
        let hash = hash_key(key)?;
        self.lookup_threadsafe(key, hash)
    }

    /// `_PyDict_GetItemRef_KnownHash`: [`get_item`](Self::get_item)
    /// with the key's hash already computed (it is not computed again).
    pub fn get_item_known_hash(&self, key: &PyObject, hash: isize) -> PyResult<Option<ObjRef>> {
        self.lookup_threadsafe(key, hash)
    }

    /// `_PyDict_SetItem_KnownHash`.
    pub fn set_item_known_hash(&self, key: &PyObject, value: &PyObject, hash: isize) -> PyResult<()> {
        let (key, value) = (object::new_ref(key), object::new_ref(value));
        let old = self.locked(|| self.insert_locked(key, hash, value))?;
        drop(old);
        Ok(())
    }

    /// `_PyDict_Pop_KnownHash`: the removed value, `None` if absent.
    pub fn pop_known_hash(&self, key: &PyObject, hash: isize) -> PyResult<Option<ObjRef>> {
        let removed = self.locked(|| self.remove_locked(key, hash))?;
        Ok(removed.map(|(_, v)| v))
    }

    /// `dictresize`: a table for at least `minsize` items, live entries
    /// moved in order. Caller holds the lock.
    fn resize(&self, log2_newsize: u8, unicode: bool) -> PyResult<()> {
        let old = self.ma_keys.load(Ordering::Relaxed);
        // SAFETY: under the lock the current table is live.
        let ok = unsafe { &*old };
        let kind = if unicode && ok.dk_kind.load(Ordering::Relaxed) == KEYS_UNICODE { KEYS_UNICODE } else { KEYS_GENERAL };
        let new = new_keys(log2_newsize, kind)?;
        // SAFETY: fresh table, not yet published.
        let nk = unsafe { new.as_ref() };
        let mut n = 0usize;
        for ix in 0..ok.nentries() {
            let ep = ok.entry(ix);
            let v = ep.me_value.load(Ordering::Relaxed);
            if v.is_null() {
                continue;
            }
            nk.append_entry(n, ep.me_hash.load(Ordering::Relaxed), ep.me_key.load(Ordering::Relaxed), v);
            n += 1;
        }
        nk.dk_usable.store(nk.dk_usable.load(Ordering::Relaxed) - n as isize, Ordering::Relaxed);
        nk.dk_nentries.store(n as isize, Ordering::Release);
        self.ma_keys.store(new.as_ptr(), Ordering::Release);
        // SAFETY: unlinked; with QSBR if readers may hold it.
        unsafe { free_keys(old, self.is_shared()) };
        Ok(())
    }

    /// `insertdict` (caller holds the lock): replaces the value of an
    /// existing key, else appends a new entry, resizing if full.
    fn insert_locked(&self, key: ObjRef, hash: isize, value: ObjRef) -> PyResult<Option<ObjRef>> {
        self.mark_entry(&key);
        self.mark_entry(&value);
        // Only a split dict pays for the split path (a call moving both
        // references), not every insertion into a combined one.
        let (key, value) = if self.maybe_split() {
            match self.split_insert(key, hash, value)? {
                Ok(old) => return Ok(old),
                Err(kv) => kv,
            }
        } else {
            (key, value)
        };
        // SAFETY: under the lock the current table is live.
        let unicode_table = unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.dk_kind.load(Ordering::Relaxed) == KEYS_UNICODE;
        if unicode_table && !is_exact_str(&key) && !self.is_empty() {
            self.resize(log2_keysize(self.len() * 3), false)?;
        }
        if let Some((_, ix)) = self.lookup_locked(&key, hash)? {
            // SAFETY: live table under the lock.
            let ep = unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.entry(ix);
            let old = ep.me_value.swap(value.into_raw().as_ptr(), Ordering::AcqRel);
            // SAFETY: the entry owned the old value.
            return Ok(NonNull::new(old).map(|p| unsafe { PyRef::from_raw(p) }));
        }
        self.insert_new_locked(key, hash, value)?;
        Ok(None)
    }

    /// Adds an entry for a key known to be absent (the insertion half of
    /// `insertdict`); caller holds the lock and passed both to `mark_entry`.
    fn insert_new_locked(&self, key: ObjRef, hash: isize, value: ObjRef) -> PyResult<()> {
        // SAFETY: live table under the lock.
        if unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.dk_usable.load(Ordering::Relaxed) <= 0 {
            self.resize(log2_keysize(self.len() * 3), is_exact_str(&key))?;
        }
        let dk = self.ma_keys.load(Ordering::Relaxed);
        // SAFETY: live table under the lock.
        let keys = unsafe { &*dk };
        if !is_exact_str(&key) {
            keys.dk_kind.store(KEYS_GENERAL, Ordering::Relaxed);
        }
        // find_empty_slot
        let mask = keys.mask();
        let mut perturb = hash as usize;
        let mut i = (hash as usize) & mask;
        while keys.get_index(i) >= 0 {
            perturb >>= PERTURB_SHIFT;
            i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
        }
        let n = keys.nentries();
        let ep = keys.entry(n);
        ep.me_hash.store(hash, Ordering::Relaxed);
        ep.me_key.store(key.into_raw().as_ptr(), Ordering::Release);
        ep.me_value.store(value.into_raw().as_ptr(), Ordering::Release);
        keys.set_index(i, n as isize);
        // The lock holder is the only writer and lock-free readers only
        // load: plain stores, no read-modify-write (`STORE_KEYS_USABLE`,
        // `STORE_USED`).
        keys.dk_usable.store(keys.dk_usable.load(Ordering::Relaxed) - 1, Ordering::Relaxed);
        keys.dk_nentries.store(n as isize + 1, Ordering::Release);
        self.ma_used.store(self.ma_used.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        Ok(())
    }

    /// `PyDict_SetItem`.
    pub fn set_item(&self, key: &PyObject, value: &PyObject) -> PyResult<()> {
        let hash = hash_key(key)?;
        let (key, value) = (object::new_ref(key), object::new_ref(value));
        let old = self.locked(|| self.insert_locked(key, hash, value))?;
        drop(old);
        Ok(())
    }

    /// `delitem_common` after a lookup (caller holds the lock): marks the
    /// slot a dummy and empties the entry, returning key and value.
    fn remove_locked(&self, key: &PyObject, hash: isize) -> PyResult<Option<(ObjRef, ObjRef)>> {
        if let Some(removed) = self.split_remove(key, hash)? {
            return Ok(removed);
        }
        let Some((i, ix)) = self.lookup_locked(key, hash)? else { return Ok(None) };
        // SAFETY: live table under the lock.
        let keys = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
        keys.set_index(i, DKIX_DUMMY);
        let ep = keys.entry(ix);
        let k = ep.me_key.swap(core::ptr::null_mut(), Ordering::AcqRel);
        let v = ep.me_value.swap(core::ptr::null_mut(), Ordering::AcqRel);
        self.ma_used.fetch_sub(1, Ordering::Relaxed);
        match (NonNull::new(k), NonNull::new(v)) {
            // SAFETY: the entry owned both references.
            (Some(k), Some(v)) => Ok(Some(unsafe { (PyRef::from_raw(k), PyRef::from_raw(v)) })),
            _ => Err(errors::bad_internal_call()),
        }
    }

    /// `PyDict_DelItem`: KeyError if absent.
    pub fn del_item(&self, key: &PyObject) -> PyResult<()> {
        let hash = hash_key(key)?;
        let removed = self.locked(|| self.remove_locked(key, hash))?;
        match removed {
            Some(kv) => {
                drop(kv);
                Ok(())
            }
            None => Err(errors::set_key_error(key)),
        }
    }

    /// `_PyDict_DelItemIf`: deletes `key` if its value satisfies
    /// `predicate`, checked and deleted under one lock so that a value
    /// stored in between is never the one deleted. The predicate runs
    /// with the lock held and must not run Python code. Whether it
    /// deleted (an absent key deletes nothing).
    pub fn del_item_if(&self, key: &PyObject, predicate: impl FnOnce(&PyObject) -> PyResult<bool>) -> PyResult<bool> {
        let hash = hash_key(key)?;
        let removed = self.locked(|| {
            let current = match self.split_get(key, hash)? {
                Some(found) => found,
                None => self.lookup_locked(key, hash)?.and_then(|(_, ix)| {
                    // SAFETY: live table under the lock.
                    let ep = unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.entry(ix);
                    // SAFETY: the dict owns its value while we hold the lock.
                    NonNull::new(ep.me_value.load(Ordering::Relaxed)).map(|p| object::new_ref_with_lock(unsafe { p.as_ref() }))
                }),
            };
            match current {
                Some(v) if predicate(&v)? => self.remove_locked(key, hash),
                _ => Ok(None),
            }
        })?;
        Ok(removed.is_some())
    }

    /// `dict.pop(key)`: the removed value, or `None` if absent.
    pub fn pop_item(&self, key: &PyObject) -> PyResult<Option<ObjRef>> {
        let hash = hash_key(key)?;
        let removed = self.locked(|| self.remove_locked(key, hash))?;
        Ok(removed.map(|(_, v)| v))
    }

    /// `PyDict_Clear`: swaps in the empty table under the lock and
    /// releases the entries outside it.
    pub fn clear(&self) {
        let (old, split_values) = self.locked(|| {
            if let Some(values) = self.split_clear() {
                return (empty_keys(), values);
            }
            self.ma_used.store(0, Ordering::Relaxed);
            (self.ma_keys.swap(empty_keys(), Ordering::AcqRel), Vec::new())
        });
        drop(split_values);
        // SAFETY: unlinked table; we release what its entries own.
        unsafe { release_entries(old) };
        // SAFETY: unlinked; QSBR if shared.
        unsafe { free_keys(old, self.is_shared()) };
    }

    /// `_PyDict_Next`: the first live entry at table position `pos` or
    /// later, with the position after it, as new references taken under
    /// the lock.
    pub fn next_entry(&self, pos: usize) -> Option<(usize, ObjRef, ObjRef)> {
        self.locked(|| {
            if let Some(e) = self.split_entry(pos) {
                return e.map(|(k, v, _)| (pos + 1, k, v));
            }
            // SAFETY: live table under the lock.
            let keys = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
            (pos..keys.nentries()).find_map(|ix| {
                let ep = keys.entry(ix);
                let k = NonNull::new(ep.me_key.load(Ordering::Relaxed))?;
                let v = NonNull::new(ep.me_value.load(Ordering::Relaxed))?;
                // SAFETY: owned by the dict while we hold the lock.
                Some(unsafe { (ix + 1, object::new_ref_with_lock(k.as_ref()), object::new_ref_with_lock(v.as_ref())) })
            })
        })
    }

    /// `dict_setdefault_ref` (caller-facing `dict.setdefault`): the value
    /// of `key`, inserting `default` first if it is missing.
    pub fn setdefault(&self, key: &PyObject, default: &PyObject) -> PyResult<ObjRef> {
        let hash = hash_key(key)?;
        self.locked(|| {
            if let Some(found) = self.split_get(key, hash)? {
                if let Some(v) = found {
                    return Ok(v);
                }
                let (k, v) = (object::new_ref(key), object::new_ref(default));
                match self.split_insert(k, hash, v)? {
                    Ok(_) => return Ok(object::new_ref(default)),
                    // No room: the dict is combined now; insert below.
                    Err(kv) => drop(kv),
                }
            }
            if let Some((_, ix)) = self.lookup_locked(key, hash)? {
                // SAFETY: live table under the lock.
                let ep = unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.entry(ix);
                if let Some(p) = NonNull::new(ep.me_value.load(Ordering::Relaxed)) {
                    // SAFETY: owned by the dict while we hold the lock.
                    return Ok(object::new_ref_with_lock(unsafe { p.as_ref() }));
                }
            }
            // The key is absent: insert without a second lookup, so its
            // `__eq__` runs once (bpo-13521).
            let (key, value) = (object::new_ref(key), object::new_ref(default));
            self.mark_entry(&key);
            self.mark_entry(&value);
            // SAFETY: under the lock the current table is live.
            let unicode_table =
                unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.dk_kind.load(Ordering::Relaxed) == KEYS_UNICODE;
            if unicode_table && !is_exact_str(&key) && !self.is_empty() {
                self.resize(log2_keysize(self.len() * 3), false)?;
            }
            self.insert_new_locked(key, hash, value)?;
            Ok(object::new_ref(default))
        })
    }

    /// `dict_popitem_impl`: removes the last entry (LIFO) and returns
    /// its key and value; `None` if the dict is empty.
    pub fn popitem(&self) -> PyResult<Option<(ObjRef, ObjRef)>> {
        self.locked(|| {
            self.unsplit_locked()?;
            // SAFETY: live table under the lock.
            let keys = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
            let Some(ix) = (0..keys.nentries()).rev().find(|&ix| !keys.entry(ix).me_value.load(Ordering::Relaxed).is_null())
            else {
                return Ok(None);
            };
            let ep = keys.entry(ix);
            let hash = ep.me_hash.load(Ordering::Relaxed);
            // `lookup_index`: the slot that points at entry ix.
            let mask = keys.mask();
            let mut perturb = hash as usize;
            let mut i = (hash as usize) & mask;
            while keys.get_index(i) != ix as isize {
                perturb >>= PERTURB_SHIFT;
                i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
            }
            keys.set_index(i, DKIX_DUMMY);
            let k = ep.me_key.swap(core::ptr::null_mut(), Ordering::AcqRel);
            let v = ep.me_value.swap(core::ptr::null_mut(), Ordering::AcqRel);
            keys.dk_nentries.store(ix as isize, Ordering::Release);
            self.ma_used.fetch_sub(1, Ordering::Relaxed);
            match (NonNull::new(k), NonNull::new(v)) {
                // SAFETY: the entry owned both references.
                (Some(k), Some(v)) => Ok(Some(unsafe { (PyRef::from_raw(k), PyRef::from_raw(v)) })),
                _ => Err(errors::bad_internal_call()),
            }
        })
    }

    /// The last live entry before table position `pos`, with its
    /// position, as new references taken under the lock (the step of
    /// `dictreviter_iternext`).
    pub fn prev_entry(&self, pos: usize) -> Option<(usize, ObjRef, ObjRef)> {
        self.locked(|| {
            if let Some(n) = self.split_len() {
                let p = pos.min(n).checked_sub(1)?;
                return self.split_entry(p).flatten().map(|(k, v, _)| (p, k, v));
            }
            // SAFETY: live table under the lock.
            let keys = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
            (0..pos.min(keys.nentries())).rev().find_map(|ix| {
                let ep = keys.entry(ix);
                let k = NonNull::new(ep.me_key.load(Ordering::Relaxed))?;
                let v = NonNull::new(ep.me_value.load(Ordering::Relaxed))?;
                // SAFETY: owned by the dict while we hold the lock.
                Some(unsafe { (ix, object::new_ref_with_lock(k.as_ref()), object::new_ref_with_lock(v.as_ref())) })
            })
        })
    }

    /// The number of table entries (live or deleted); a reverse
    /// iterator starts there.
    pub fn table_end(&self) -> usize {
        self.locked(|| {
            // SAFETY: live table under the lock.
            self.split_len().unwrap_or_else(|| unsafe { &*self.ma_keys.load(Ordering::Relaxed) }.nentries())
        })
    }

    /// `PyDict_Copy`: a new exact dict with the same items.
    pub fn copy(&self) -> PyResult<PyRef<DictObject>> {
        let d = DictObject::new()?;
        for (k, v) in self.items() {
            d.set_item(&k, &v)?;
        }
        Ok(d)
    }

    /// `dict_merge` (`PyDict_Merge` / `_PyDict_MergeEx`): the items of
    /// `other`, a dict (read directly unless it overrides `__iter__`) or
    /// any mapping with `keys()` and `__getitem__`; existing keys are
    /// replaced only if `override_`.
    pub fn merge(&self, other: &PyObject, override_: bool) -> PyResult<()> {
        if let Some(b) = downcast::<DictObject>(other)
            && type_of(other).slots.tp_iter.get().is_some_and(|f| core::ptr::fn_addr_eq(f, iterobject::dict_iter as typeobject::ReprFunc))
        {
            if core::ptr::eq(b, self) {
                return Ok(());
            }
            // `dict_merge`: an `__eq__` that changes `other` midway is an
            // error, not a silent partial update.
            let marker = || (b.len(), b.ma_keys.load(Ordering::Acquire), b.ma_values.load(Ordering::Acquire));
            let orig = marker();
            for (k, v) in b.items() {
                if !override_ && self.get_item(&k)?.is_some() {
                    continue;
                }
                self.set_item(&k, &v)?;
                if marker() != orig {
                    return Err(errors::set_string(exceptions::runtime_error(), "dict mutated during update"));
                }
            }
            return Ok(());
        }
        let keys = object::call(&*object::get_attr_str(other, "keys")?, &[])?;
        let it = r#abstract::get_iter(&keys)?;
        while let Some(k) = r#abstract::iter_next(&it)? {
            if !override_ && self.get_item(&k)?.is_some() {
                continue;
            }
            let v = r#abstract::get_item(other, &k)?;
            self.set_item(&k, &v)?;
        }
        Ok(())
    }

    /// `PyDict_MergeFromSeq2`: key/value pairs from an iterable of
    /// 2-item iterables.
    pub fn merge_from_seq2(&self, seq: &PyObject, override_: bool) -> PyResult<()> {
        let it = r#abstract::get_iter(seq)?;
        let mut i = 0usize;
        while let Some(item) = r#abstract::iter_next(&it)? {
            let pair = match item_as_sequence(&item) {
                Ok(p) => p,
                Err(e) => {
                    if errors::exception_matches(exceptions::type_error()) {
                        drop(e);
                        return Err(errors::format_note(&format!(
                            "Cannot convert dictionary update sequence element #{i} to a sequence"
                        )));
                    }
                    return Err(e);
                }
            };
            let [k, v] = pair.as_slice() else {
                return Err(errors::set_string(
                    exceptions::value_error(),
                    &format!("dictionary update sequence element #{i} has length {}; 2 is required", pair.len()),
                ));
            };
            if override_ || self.get_item(k)?.is_none() {
                self.set_item(k, v)?;
            }
            i += 1;
        }
        Ok(())
    }

    /// `dict_update_arg`: a dict, a mapping with `keys()`, or pairs.
    pub fn update_arg(&self, arg: &PyObject) -> PyResult<()> {
        if object::is_type(arg, &DICT_TYPE) {
            return self.merge(arg, true);
        }
        match object::get_attr_str(arg, "keys") {
            Ok(_) => self.merge(arg, true),
            Err(e) => {
                if !errors::exception_matches(exceptions::attribute_error()) {
                    return Err(e);
                }
                errors::clear();
                self.merge_from_seq2(arg, true)
            }
        }
    }

    /// `dict_update_common`: `dict(...)` / `d.update(...)` arguments.
    fn update_common(&self, args: &[ObjRef], kwds: Option<&DictObject>, name: &str) -> PyResult<()> {
        match args {
            [] => {}
            [a] => self.update_arg(a)?,
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("{name} expected at most 1 argument, got {}", args.len()),
                ));
            }
        }
        if let Some(k) = kwds
            && !k.is_empty()
        {
            // `PyArg_ValidateKeywordArguments`.
            if k.items().iter().any(|(key, _)| downcast::<crate::objects::unicodeobject::StrObject>(key).is_none()) {
                return Err(errors::set_string(exceptions::type_error(), "keywords must be strings"));
            }
            self.merge(object::as_obj(k), true)?;
        }
        Ok(())
    }

    /// The live items in insertion order, as new references taken under
    /// the lock (`PyDict_Next` over a snapshot).
    pub fn items(&self) -> Vec<(ObjRef, ObjRef)> {
        self.locked(|| {
            if let Some(n) = self.split_len() {
                return (0..n).filter_map(|p| self.split_entry(p).flatten().map(|(k, v, _)| (k, v))).collect();
            }
            // SAFETY: live table under the lock.
            let keys = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
            (0..keys.nentries())
                .filter_map(|ix| {
                    let ep = keys.entry(ix);
                    let k = NonNull::new(ep.me_key.load(Ordering::Relaxed))?;
                    let v = NonNull::new(ep.me_value.load(Ordering::Relaxed))?;
                    // SAFETY: owned by the dict while we hold the lock.
                    Some(unsafe { (object::new_ref_with_lock(k.as_ref()), object::new_ref_with_lock(v.as_ref())) })
                })
                .collect()
        })
    }
}

impl DictObject {
    /// The live keys with their stored hashes, as new references taken
    /// under the lock (`_PyDict_Next` with its hash, so a set or dict made
    /// from a dict does not hash the keys again).
    pub fn keys_with_hash(&self) -> Vec<(ObjRef, isize)> {
        self.locked(|| {
            if let Some(n) = self.split_len() {
                return (0..n).filter_map(|p| self.split_entry(p).flatten().map(|(k, _, h)| (k, h))).collect();
            }
            // SAFETY: live table under the lock.
            let keys = unsafe { &*self.ma_keys.load(Ordering::Relaxed) };
            (0..keys.nentries())
                .filter_map(|ix| {
                    let ep = keys.entry(ix);
                    let k = NonNull::new(ep.me_key.load(Ordering::Relaxed))?;
                    if ep.me_value.load(Ordering::Relaxed).is_null() {
                        return None;
                    }
                    // SAFETY: owned by the dict while we hold the lock.
                    Some((unsafe { object::new_ref_with_lock(k.as_ref()) }, ep.me_hash.load(Ordering::Relaxed)))
                })
                .collect()
        })
    }
}

/// Releases the references the entries of an unlinked table own.
///
/// # Safety
/// `dk` is unlinked from its dict and its entries still own their
/// references.
unsafe fn release_entries(dk: *mut DictKeys) {
    // SAFETY: the caller's contract.
    let keys = unsafe { &*dk };
    for ix in 0..keys.nentries() {
        let ep = keys.entry(ix);
        for slot in [&ep.me_key, &ep.me_value] {
            // No other writer reaches an unlinked table: a load and a
            // store, not an atomic swap.
            let p = slot.load(Ordering::Relaxed);
            slot.store(core::ptr::null_mut(), Ordering::Relaxed);
            if let Some(p) = NonNull::new(p) {
                // SAFETY: owned reference.
                drop(unsafe { PyRef::from_raw(p) });
            }
        }
    }
}

/// `dict_dealloc`.
unsafe fn dict_dealloc(op: NonNull<ObjectHeader>) {
    // SAFETY: a dead dict; nothing else reaches it or its table.
    unsafe {
        let d = op.cast::<DictObject>().as_ref();
        d.split_dealloc();
        let keys = d.ma_keys.load(Ordering::Relaxed);
        release_entries(keys);
        free_keys(keys, false);
        object::free_object(op);
    }
}

/// `dict_traverse`: keys and values, read without the lock (the
/// collector runs with the world stopped).
fn dict_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    let Some(d) = downcast::<DictObject>(v) else { return };
    if d.split_traverse(visit) {
        return;
    }
    // SAFETY: the dict's current table is live while the dict is.
    let keys = unsafe { &*d.ma_keys.load(Ordering::Acquire) };
    // A table of str keys visits only the values, as CPython's: strs
    // refer to nothing.
    let unicode = keys.dk_kind.load(Ordering::Relaxed) == KEYS_UNICODE;
    for ix in 0..keys.nentries() {
        let ep = keys.entry(ix);
        let fields = [&ep.me_key, &ep.me_value];
        for slot in &fields[usize::from(unicode)..] {
            // SAFETY: a non-null entry field owns a reference.
            if let Some(o) = unsafe { slot.load(Ordering::Relaxed).as_ref() } {
                visit(o);
            }
        }
    }
}

/// `dict_tp_clear`.
fn dict_tp_clear(v: &PyObject) {
    if let Some(d) = downcast::<DictObject>(v) {
        d.clear();
    }
}

fn as_dict(v: &PyObject) -> PyResult<&DictObject> {
    downcast::<DictObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `dict_repr`: `{k: v, ...}`, `{...}` when recursive.
fn dict_repr(v: &PyObject) -> PyResult<ObjRef> {
    let d = as_dict(v)?;
    if d.is_empty() {
        return unicodeobject::from_static("{}");
    }
    if state::repr_enter(v) {
        return unicodeobject::from_static("{...}");
    }
    let res = (|| -> PyResult<String> {
        let mut out = String::from("{");
        for (n, (k, val)) in d.items().iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            out.push_str(&object::repr(k)?.to_string_lossy());
            out.push_str(": ");
            out.push_str(&object::repr(val)?.to_string_lossy());
        }
        out.push('}');
        Ok(out)
    })();
    state::repr_leave(v);
    unicodeobject::from_string(res?).map(into_obj)
}

/// `dict_equal`.
fn dict_equal(a: &DictObject, b: &DictObject) -> PyResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (k, v) in a.items() {
        match b.get_item(&k)? {
            Some(bv) if object::rich_compare_bool(&v, &bv, CompareOp::Eq)? => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// `dict_richcompare`: only `==` and `!=`.
fn dict_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<DictObject>(v), downcast::<DictObject>(w)) else {
        return Ok(object::not_implemented());
    };
    match op {
        CompareOp::Eq => Ok(boolobject::from_bool(dict_equal(a, b)?)),
        CompareOp::Ne => Ok(boolobject::from_bool(!dict_equal(a, b)?)),
        _ => Ok(object::not_implemented()),
    }
}

fn dict_length(v: &PyObject) -> PyResult<isize> {
    Ok(as_dict(v)?.len() as isize)
}

/// The items of a 2-item candidate (`PySequence_Fast`).
fn item_as_sequence(item: &PyObject) -> PyResult<Vec<ObjRef>> {
    if let Some(t) = downcast::<TupleObject>(item) {
        return Ok(t.as_slice().to_vec());
    }
    if let Some(l) = downcast::<crate::objects::listobject::ListObject>(item) {
        return Ok(l.snapshot());
    }
    // `PySequence_Fast(item, "object is not iterable")`.
    let it = match r#abstract::get_iter(item) {
        Ok(it) => it,
        Err(e) if errors::exception_matches(exceptions::type_error()) => {
            drop(e);
            errors::clear();
            return Err(errors::set_string(exceptions::type_error(), "object is not iterable"));
        }
        Err(e) => return Err(e),
    };
    r#abstract::collect(&it)
}

/// `dict_subscript`: KeyError(key) if absent, after `__missing__` for a
/// subclass that defines it.
fn dict_subscript(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    if let Some(val) = as_dict(v)?.get_item(key)? {
        return Ok(val);
    }
    if !object::is_type(v, &DICT_TYPE) {
        let name = unicodeobject::intern_str("__missing__")?;
        if let Some((f, unbound)) = slotdefs::lookup_maybe_method(v, &name)? {
            return if unbound { object::call(&f, &[v, key]) } else { object::call(&f, &[key]) };
        }
    }
    Err(errors::set_key_error(key))
}

/// `dict_ass_sub`.
fn dict_ass_sub(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let d = as_dict(v)?;
    match value {
        Some(val) => d.set_item(key, val),
        None => d.del_item(key),
    }
}

/// `dict_contains`.
fn dict_contains(v: &PyObject, key: &PyObject) -> PyResult<bool> {
    Ok(as_dict(v)?.get_item(key)?.is_some())
}

/// `dict_new`: an empty dict of type `ty` (its items come from
/// `__init__`).
fn dict_new(ty: &TypeObject, _args: &TupleObject, _kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if core::ptr::eq(ty, &DICT_TYPE) {
        return DictObject::new().map(into_obj);
    }
    // SAFETY: a dict subtype's layout starts with DictObject; the zeroed
    // memory gets the empty table below before any use.
    let d = unsafe { heaptype::generic_alloc::<DictObject>(ty) }?;
    d.ma_keys.store(empty_keys(), Ordering::Release);
    Ok(into_obj(d))
}

/// `dict_init`: `dict(mapping_or_iterable, **kwargs)`.
fn dict_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    as_dict(v)?.update_common(args.as_slice(), kwds, "dict")
}

/// `dict.update([other], **kwargs)`.
fn meth_update(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    as_dict(v)?.update_common(args, kwds, "update")?;
    Ok(object::none())
}

/// A "expected at least 1 argument" / "at most 2" check.
fn arg_range(name: &str, args: &[ObjRef], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{name} expected at least {min} argument{}, got {}", if min == 1 { "" } else { "s" }, args.len()),
        ));
    }
    if args.len() > max {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("{name} expected at most {max} argument{}, got {}", if max == 1 { "" } else { "s" }, args.len()),
        ));
    }
    Ok(())
}

/// `dict.get(key, default=None)`.
fn meth_get(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    arg_range("get", args, 1, 2)?;
    Ok(as_dict(v)?.get_item(&args[0])?.unwrap_or_else(|| args.get(1).cloned().unwrap_or_else(object::none)))
}

/// `dict.setdefault(key, default=None)`.
fn meth_setdefault(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    arg_range("setdefault", args, 1, 2)?;
    let default = args.get(1).cloned().unwrap_or_else(object::none);
    as_dict(v)?.setdefault(&args[0], &default)
}

/// `dict.pop(key[, default])`.
fn meth_pop(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    arg_range("pop", args, 1, 2)?;
    let d = as_dict(v)?;
    if d.is_empty() {
        // `_PyDict_Pop_KnownHash`'s empty-dict shortcut: no hashing.
        return match args {
            [k] => Err(errors::set_key_error(k)),
            [_, default] => Ok(default.clone()),
            _ => Err(errors::bad_internal_call()),
        };
    }
    match args {
        [k] => d.pop_item(k)?.ok_or_else(|| errors::set_key_error(k)),
        [k, default] => Ok(d.pop_item(k)?.unwrap_or_else(|| default.clone())),
        _ => Err(errors::bad_internal_call()),
    }
}

/// `dict.popitem()`: the last pair, LIFO.
fn meth_popitem(v: &PyObject) -> PyResult<ObjRef> {
    match as_dict(v)?.popitem()? {
        Some((k, val)) => crate::objects::tupleobject::from_slice(&[&k, &val]).map(into_obj),
        None => {
            let msg = unicodeobject::from_str("popitem(): dictionary is empty")?;
            Err(errors::set_key_error(object::as_obj(&*msg)))
        }
    }
}

fn meth_clear(v: &PyObject) -> PyResult<ObjRef> {
    as_dict(v)?.clear();
    Ok(object::none())
}

/// `dict.copy()`.
fn meth_copy(v: &PyObject) -> PyResult<ObjRef> {
    as_dict(v)?.copy().map(into_obj)
}

/// `dict.fromkeys(iterable, value=None)` (`_PyDict_FromKeys`): a new
/// instance of the class, filled through `__setitem__` for subclasses.
fn meth_fromkeys(cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    arg_range("fromkeys", args, 1, 2)?;
    let value = args.get(1).cloned().unwrap_or_else(object::none);
    let d = object::call(cls, &[])?;
    let exact = downcast::<DictObject>(&d).filter(|_| object::is_type(&d, &DICT_TYPE));
    // An exact dict from a dict, set or frozenset reuses the stored hashes.
    if let Some(dict) = exact {
        let known = if object::is_type(&args[0], &DICT_TYPE) {
            downcast::<DictObject>(&args[0]).map(DictObject::keys_with_hash)
        } else {
            crate::objects::setobject::keys_with_hash(&args[0])
        };
        if let Some(keys) = known {
            for (k, h) in keys {
                dict.set_item_known_hash(&k, &value, h)?;
            }
            return Ok(d);
        }
    }
    let it = r#abstract::get_iter(&args[0])?;
    match exact {
        Some(dict) => {
            while let Some(k) = r#abstract::iter_next(&it)? {
                dict.set_item(&k, &value)?;
            }
        }
        None => {
            while let Some(k) = r#abstract::iter_next(&it)? {
                r#abstract::set_item(&d, &k, &value)?;
            }
        }
    }
    Ok(d)
}

/// `dict___sizeof___impl` (an estimate: the object and its table).
fn meth_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let d = as_dict(v)?;
    let n = object::critical_section(v, || {
        // SAFETY: live table under the lock.
        let keys = unsafe { &*d.ma_keys.load(Ordering::Relaxed) };
        if core::ptr::eq(keys, empty_keys()) { 0 } else { keys_bytes(keys) }
    });
    longobject::from_i64((type_of(v).tp_basicsize + n) as i64)
}

/// `dict.__reversed__()`.
fn meth_reversed(v: &PyObject) -> PyResult<ObjRef> {
    iterobject::dict_reversed(v)
}

/// `dict_or` (`|`): a copy updated with the other dict.
fn dict_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(_)) = (downcast::<DictObject>(v), downcast::<DictObject>(w)) else {
        return Ok(object::not_implemented());
    };
    let new = a.copy()?;
    new.update_arg(w)?;
    Ok(into_obj(new))
}

/// `dict_ior` (`|=`): update in place with any mapping or pairs.
fn dict_ior(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    as_dict(v)?.update_arg(w)?;
    Ok(object::new_ref(v))
}

static DICT_METHODS: [MethodDef; 13] = [
    MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(meth_sizeof), ml_doc: Some("__sizeof__($self, /)\n--\n\nReturn the size of the dict in memory, in bytes.") },
    MethodDef { ml_name: "get", ml_meth: MethodFn::FastCall(meth_get), ml_doc: Some("get($self, key, default=None, /)\n--\n\nReturn the value for key if key is in the dictionary, else default.") },
    MethodDef { ml_name: "setdefault", ml_meth: MethodFn::FastCall(meth_setdefault), ml_doc: Some("setdefault($self, key, default=None, /)\n--\n\nInsert key with a value of default if key is not in the dictionary.\n\nReturn the value for key if key is in the dictionary, else default.") },
    MethodDef { ml_name: "pop", ml_meth: MethodFn::FastCall(meth_pop), ml_doc: Some("pop($self, key, default=<unrepresentable>, /)\n--\n\nD.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\nIf the key is not found, return the default if given; otherwise,\nraise a KeyError.") },
    MethodDef { ml_name: "popitem", ml_meth: MethodFn::NoArgs(meth_popitem), ml_doc: Some("popitem($self, /)\n--\n\nRemove and return a (key, value) pair as a 2-tuple.\n\nPairs are returned in LIFO (last-in, first-out) order.\nRaises KeyError if the dict is empty.") },
    MethodDef { ml_name: "keys", ml_meth: MethodFn::NoArgs(iterobject::dict_keys), ml_doc: Some("keys($self, /)\n--\n\nReturn a set-like object providing a view on the dict's keys.") },
    MethodDef { ml_name: "items", ml_meth: MethodFn::NoArgs(iterobject::dict_items), ml_doc: Some("items($self, /)\n--\n\nReturn a set-like object providing a view on the dict's items.") },
    MethodDef { ml_name: "values", ml_meth: MethodFn::NoArgs(iterobject::dict_values), ml_doc: Some("values($self, /)\n--\n\nReturn an object providing a view on the dict's values.") },
    MethodDef { ml_name: "update", ml_meth: MethodFn::FastCallKw(meth_update), ml_doc: Some("D.update([E, ]**F) -> None.  Update D from mapping/iterable E and F.\nIf E is present and has a .keys() method, then does:  for k in E.keys(): D[k] = E[k]\nIf E is present and lacks a .keys() method, then does:  for k, v in E: D[k] = v\nIn either case, this is followed by: for k in F:  D[k] = F[k]") },
    MethodDef { ml_name: "fromkeys", ml_meth: MethodFn::Class(meth_fromkeys), ml_doc: Some("fromkeys($type, iterable, value=None, /)\n--\n\nCreate a new dictionary with keys from iterable and values set to value.") },
    MethodDef { ml_name: "clear", ml_meth: MethodFn::NoArgs(meth_clear), ml_doc: Some("clear($self, /)\n--\n\nRemove all items from the dict.") },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(meth_copy), ml_doc: Some("copy($self, /)\n--\n\nReturn a shallow copy of the dict.") },
    MethodDef { ml_name: "__reversed__", ml_meth: MethodFn::NoArgs(meth_reversed), ml_doc: Some("__reversed__($self, /)\n--\n\nReturn a reverse iterator over the dict keys.") },
];

/// `dict` (`PyDict_Type`).
pub static DICT_TYPE: TypeObject = TypeObject::new_static(
    "dict",
    size_of::<DictObject>(),
    dict_dealloc,
    TypeSlots {
        tp_repr: Some(dict_repr),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(dict_richcompare),
        tp_iter: Some(iterobject::dict_iter),
        tp_init: Some(dict_init),
        tp_new: Some(dict_new),
        tp_traverse: Some(dict_traverse),
        tp_clear: Some(dict_tp_clear),
        nb_or: Some(dict_or),
        nb_inplace_or: Some(dict_ior),
        sq_contains: Some(dict_contains),
        mp_length: Some(dict_length),
        mp_subscript: Some(dict_subscript),
        mp_ass_subscript: Some(dict_ass_sub),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::DICT_SUBCLASS | flags::HAVE_GC | flags::MAPPING)
.with_methods(&DICT_METHODS)
.with_doc("dict() -> new empty dictionary\ndict(mapping) -> new dictionary initialized from a mapping object's\n    (key, value) pairs\ndict(iterable) -> new dictionary initialized as if via:\n    d = {}\n    for k, v in iterable:\n        d[k] = v\ndict(**kwargs) -> new dictionary initialized with the name=value pairs\n    in the keyword argument list.  For example:  dict(one=1, two=2)");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{floatobject, longobject};

    fn r(v: &PyObject) -> String {
        object::repr(v).unwrap().to_string_lossy()
    }

    #[test]
    fn set_get_delete_resize_and_order() {
        state::ensure();
        let d = DictObject::new().unwrap();
        let dobj = into_obj(d.clone());
        assert_eq!(r(&dobj), "{}");
        let keys: Vec<ObjRef> = (0..1000).map(|i| into_obj(unicodeobject::from_string(format!("k{i}")).unwrap())).collect();
        for (i, k) in keys.iter().enumerate() {
            d.set_item(k, &longobject::from_i64(i as i64).unwrap()).unwrap();
        }
        assert_eq!(d.len(), 1000);
        for (i, k) in keys.iter().enumerate() {
            let v = d.get_item(k).unwrap().unwrap();
            assert_eq!(downcast::<longobject::IntObject>(&v).unwrap().as_i64(), Some(i as i64));
        }
        for k in keys.iter().step_by(2) {
            d.del_item(k).unwrap();
        }
        assert_eq!(d.len(), 500);
        assert!(d.get_item(&keys[0]).unwrap().is_none());
        assert!(d.del_item(&keys[0]).is_err());
        assert_eq!(errors::take_message().unwrap(), "KeyError: 'k0'");
        let items = d.items();
        assert_eq!(r(&items[0].0), "'k1'");
        assert_eq!(r(&items[499].0), "'k999'");
        d.set_item(&keys[0], &object::none()).unwrap();
        assert_eq!(r(&d.items()[500].0), "'k0'");
        d.clear();
        assert!(d.is_empty());
        assert!(d.get_item(&keys[1]).unwrap().is_none());
    }

    #[test]
    fn mixed_keys_equal_hashes_and_errors() {
        state::ensure();
        let d = DictObject::new().unwrap();
        let dobj = into_obj(d.clone());
        let one = longobject::from_i64(1).unwrap();
        let a = unicodeobject::intern_str("a").unwrap();
        d.set_item(&a, &one).unwrap();
        d.set_item(&one, &a).unwrap();
        // 1 == 1.0 == True: the same key.
        d.set_item(&floatobject::from_f64(1.0).unwrap(), &object::none()).unwrap();
        assert_eq!(r(&dobj), "{'a': 1, 1: None}");
        assert!(object::is_none(&d.get_item(&boolobject::from_bool(true)).unwrap().unwrap()));
        let l = into_obj(crate::objects::listobject::ListObject::new().unwrap());
        assert!(d.set_item(&l, &one).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "TypeError: cannot use 'list' as a dict key (unhashable type: 'list')"
        );
        let two = longobject::from_i64(2).unwrap();
        assert!(dict_subscript(&dobj, &two).is_err());
        assert_eq!(errors::take_message().unwrap(), "KeyError: 2");
        let get = object::get_attr_str(&dobj, "get").unwrap();
        assert!(object::is(&object::call(&get, &[&two, &one]).unwrap(), &one));
        d.set_item(&two, &dobj).unwrap();
        assert_eq!(r(&dobj), "{'a': 1, 1: None, 2: {...}}");
        let d2 = DictObject::new().unwrap();
        d2.set_item(&one, &object::none()).unwrap();
        d2.set_item(&a, &one).unwrap();
        d2.set_item(&two, &dobj).unwrap();
        assert!(object::rich_compare_bool(&dobj, &into_obj(d2.clone()), CompareOp::Eq).unwrap());
        // Break the cycle so both dicts are freed.
        d.clear();
    }

    #[test]
    fn update_rules_popitem_and_views() {
        state::ensure();
        let i = |v| longobject::from_i64(v).unwrap();
        let d = DictObject::new().unwrap();
        let dobj = into_obj(d.clone());
        let bad = crate::objects::tupleobject::from_slice(&[&i(1), &i(2), &i(3)]).unwrap();
        let seq = into_obj(crate::objects::listobject::ListObject::from_slice(&[object::as_obj(&*bad)]).unwrap());
        assert!(d.update_arg(&seq).is_err());
        assert_eq!(
            errors::take_message().unwrap(),
            "ValueError: dictionary update sequence element #0 has length 3; 2 is required"
        );
        for k in 0..5 {
            d.set_item(&i(k), &i(k * 10)).unwrap();
        }
        let popitem = object::get_attr_str(&dobj, "popitem").unwrap();
        assert_eq!(r(&object::call(&popitem, &[]).unwrap()), "(4, 40)");
        let sd = object::get_attr_str(&dobj, "setdefault").unwrap();
        assert_eq!(r(&object::call(&sd, &[&i(0), &i(99)]).unwrap()), "0");
        assert_eq!(r(&object::call(&sd, &[&i(7), &i(70)]).unwrap()), "70");
        assert_eq!(r(&dobj), "{0: 0, 1: 10, 2: 20, 3: 30, 7: 70}");
        let keys = iterobject::dict_keys(&dobj).unwrap();
        let other = crate::objects::setobject::new_set(Some(&*into_obj(
            crate::objects::listobject::ListObject::from_slice(&[&i(1), &i(7), &i(8)]).unwrap(),
        )))
        .unwrap();
        assert_eq!(r(&r#abstract::and(&keys, &other).unwrap()), "{1, 7}");
        assert_eq!(r(&r#abstract::subtract(&keys, &other).unwrap()), "{0, 2, 3}");
        let rev = iterobject::dict_reversed(&dobj).unwrap();
        let back: Vec<String> = r#abstract::collect(&rev).unwrap().iter().map(|k| r(k)).collect();
        assert_eq!(back, ["7", "3", "2", "1", "0"]);
        d.clear();
        assert!(object::call(&popitem, &[]).is_err());
        assert_eq!(errors::take_message().unwrap(), "KeyError: 'popitem(): dictionary is empty'");
    }
}
