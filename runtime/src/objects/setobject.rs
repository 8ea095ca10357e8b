//! `set` and `frozenset`, ported from Objects/setobject.c: the
//! open-addressing table (linear probes, then perturbed jumps, dummies
//! for deleted keys, CPython's resize rule, so iteration order matches),
//! the methods and operators, comparisons as subset tests, frozenset's
//! order-independent hash, and the iterator's "Set changed size during
//! iteration".
//!
//! Threads: the table is read and written only inside the object's
//! critical section (3.14t locks sets for reads too). Comparing keys runs
//! Python code, during which the section may be suspended and another
//! thread may change the table, so a lookup takes the key's reference
//! out of the table, compares outside the table borrow, and restarts if
//! the table's `version` moved meanwhile (so a key whose `__eq__`
//! always changes the set makes the lookup retry for as long as it
//! does). Keys removed from the table are
//! released only after the borrow ends (their finalizers may re-enter the
//! set).

use core::cell::UnsafeCell;
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::errors::{self, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::iterobject::{self, self_iter};
use crate::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::TupleObject;
use crate::objects::typeobject::{self, TypeObject, TypeSlots, flags};
use crate::objects::{r#abstract as abs, boolobject, exceptions, longobject, unicodeobject};
use crate::state;

/// `PySet_MINSIZE`.
const MINSIZE: usize = 8;
/// `LINEAR_PROBES`.
const LINEAR_PROBES: usize = 9;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// A table slot (`setentry`).
enum Entry {
    /// Never used (`key == NULL`).
    Empty,
    /// A deleted key (`dummy`, hash -1).
    Dummy,
    /// A key and its hash.
    Active(ObjRef, isize),
}

/// The table (`so->table`, `mask`, `fill`, `finger`).
struct Table {
    entries: Vec<Entry>,
    /// Active plus dummy slots.
    fill: usize,
    /// `finger`: where `pop` looks first.
    finger: usize,
}

impl Table {
    fn with_size(n: usize) -> Table {
        Table { entries: (0..n).map(|_| Entry::Empty).collect(), fill: 0, finger: 0 }
    }

    fn mask(&self) -> usize {
        self.entries.len() - 1
    }

    /// `set_insert_clean`: puts a key known to be absent into the first
    /// free slot of its probe sequence (the table has no dummies).
    fn insert_clean(&mut self, key: ObjRef, hash: isize) {
        let mask = self.mask();
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                if matches!(self.entries[j], Entry::Empty) {
                    self.entries[j] = Entry::Active(key, hash);
                    self.fill += 1;
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    /// `set_table_resize`: a table of the smallest power of two above
    /// `minused`, the active keys reinserted in table order.
    fn resize(&mut self, minused: usize) {
        let mut size = MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = core::mem::replace(self, Table::with_size(size));
        for e in old.entries {
            if let Entry::Active(k, h) = e {
                self.insert_clean(k, h);
            }
        }
    }

    /// The active keys and hashes in table order.
    fn active(&self) -> Vec<(ObjRef, isize)> {
        self.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Active(k, h) => Some((k.clone(), *h)),
                _ => None,
            })
            .collect()
    }
}

/// A `set` or `frozenset` (`PySetObject`).
#[repr(C)]
pub struct SetObject {
    ob_base: ObjectHeader,
    /// `used`: the number of keys, readable without the lock.
    used: AtomicIsize,
    /// Bumped on every change of the table's slots.
    version: AtomicU64,
    /// frozenset's cached hash, -1 until computed.
    hash: AtomicIsize,
    /// Only touched inside the object's critical section, never across
    /// a call into Python code.
    table: UnsafeCell<Table>,
    /// `weakreflist`: the head of the weak references to this set
    /// (valid zeroed).
    weakreflist: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SetObject {}

// SAFETY: the only non-Sync field is the table, which is accessed only
// inside the object's critical section (`with_table`); the rest are
// atomics.
unsafe impl Sync for SetObject {}

impl PyClass for SetObject {
    fn type_object() -> &'static TypeObject {
        &SET_TYPE
    }
}

/// Is `v` a set or a frozenset, or an instance of a subclass
/// (`PyAnySet_Check`)?
fn any_set(v: &PyObject) -> Option<&SetObject> {
    if object::type_check(v, &SET_TYPE) || object::type_check(v, &FROZENSET_TYPE) {
        // SAFETY: both types have layout SetObject.
        Some(unsafe { &*core::ptr::from_ref(v).cast::<SetObject>() })
    } else {
        None
    }
}

fn as_set(v: &PyObject) -> PyResult<&SetObject> {
    any_set(v).ok_or_else(errors::bad_internal_call)
}

/// Outcome of one probe pass of a lookup.
enum Probe {
    /// The key is at this slot.
    Found(usize),
    /// Absent; the slot to insert at (the first dummy seen, else the
    /// empty slot that ended the search).
    Absent(usize),
    /// A key of equal hash to compare, at this slot, seen at `version`.
    Compare(usize, ObjRef, u64),
}

impl SetObject {
    fn new_empty(ty: &'static TypeObject) -> PyResult<PyRef<SetObject>> {
        object::new_object(SetObject {
            ob_base: ObjectHeader::new(&ty.head),
            used: AtomicIsize::new(0),
            version: AtomicU64::new(0),
            hash: AtomicIsize::new(-1),
            table: UnsafeCell::new(Table::with_size(MINSIZE)),
            weakreflist: ObjSlot::empty(),
        })
    }

    /// `PySet_GET_SIZE`.
    pub fn len(&self) -> usize {
        self.used.load(Ordering::Relaxed) as usize
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `PyFrozenSet_Check`.
    fn is_frozen(&self) -> bool {
        object::type_check(object::as_obj(self), &FROZENSET_TYPE)
    }

    /// An empty set of type `ty`, a set or frozenset subclass included
    /// (`make_new_set`).
    fn new_of_type(ty: &TypeObject) -> PyResult<PyRef<SetObject>> {
        if core::ptr::eq(ty, &SET_TYPE) {
            return SetObject::new_empty(&SET_TYPE);
        }
        if core::ptr::eq(ty, &FROZENSET_TYPE) {
            return SetObject::new_empty(&FROZENSET_TYPE);
        }
        // SAFETY: a subtype's layout starts with SetObject; the atomics are
        // valid zeroed, and the table is written below before any use.
        let s = unsafe { typeobject::heaptype::generic_alloc::<SetObject>(ty) }?;
        // SAFETY: nothing has read the zeroed table yet; writing it without
        // dropping the invalid zeroed value is what initializes it.
        unsafe { s.table.get().write(Table::with_size(MINSIZE)) };
        s.hash.store(-1, Ordering::Relaxed);
        Ok(s)
    }

    /// Runs `f` on the table inside the critical section. `f` must not
    /// call Python code nor release references (see the module doc).
    fn with_table<R>(&self, f: impl FnOnce(&mut Table) -> R) -> R {
        object::critical_section(object::as_obj(self), || {
            // SAFETY: the critical section excludes other threads, and no
            // other borrow of the table is live on this thread: borrows
            // never span Python code, the only way back in.
            f(unsafe { &mut *self.table.get() })
        })
    }

    /// Records a change of the table's slots (inside `with_table`).
    fn changed(&self, used_delta: isize) {
        self.version.fetch_add(1, Ordering::Relaxed);
        self.used.fetch_add(used_delta, Ordering::Relaxed);
    }

    /// The keys in table order (a snapshot).
    fn keys(&self) -> Vec<(ObjRef, isize)> {
        self.with_table(|t| t.active())
    }

    /// One probe pass. `from` resumes a pass after a comparison found
    /// the keys unequal: the number of slots already visited and the
    /// insert slot so far. Returns the outcome, the insert slot so far and
    /// the number of slots visited.
    fn probe(&self, t: &Table, key: &PyObject, hash: isize, from: Option<(usize, Option<usize>)>) -> (Probe, Option<usize>, usize) {
        let mask = t.mask();
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        let (skip, mut freeslot) = from.unwrap_or((0, None));
        let mut visited = 0usize;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                visited += 1;
                if visited <= skip {
                    continue;
                }
                match &t.entries[j] {
                    Entry::Empty => return (Probe::Absent(freeslot.unwrap_or(j)), freeslot, visited),
                    Entry::Dummy => {
                        freeslot.get_or_insert(j);
                    }
                    Entry::Active(k, h) if *h == hash => {
                        if object::is(k, key) || str_eq(k, key) {
                            return (Probe::Found(j), freeslot, visited);
                        }
                        return (Probe::Compare(j, k.clone(), self.version.load(Ordering::Relaxed)), freeslot, visited);
                    }
                    Entry::Active(..) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    /// `set_lookkey` / `set_add_entry`'s search: where `key` is, or where
    /// it would go, with the table borrowed only between comparisons.
    /// Runs `done` on the table at the final probe result.
    fn find<R>(&self, key: &PyObject, hash: isize, mut done: impl FnMut(&mut Table, Probe) -> R) -> PyResult<R> {
        let mut resume: Option<(usize, Option<usize>, u64)> = None;
        loop {
            let step = self.with_table(|t| {
                let from = match resume {
                    Some((n, fs, v)) if v == self.version.load(Ordering::Relaxed) => Some((n, fs)),
                    _ => None,
                };
                match self.probe(t, key, hash, from) {
                    (Probe::Compare(j, k, v), fs, n) => Err((j, k, v, fs, n)),
                    (p, _, _) => Ok(done(t, p)),
                }
            });
            match step {
                Ok(r) => return Ok(r),
                Err((j, startkey, v, fs, n)) => {
                    let eq = object::rich_compare_bool(&startkey, key, CompareOp::Eq)?;
                    drop(startkey);
                    if eq {
                        let hit = self.with_table(|t| {
                            (self.version.load(Ordering::Relaxed) == v).then(|| done(t, Probe::Found(j)))
                        });
                        if let Some(r) = hit {
                            return Ok(r);
                        }
                        resume = None;
                    } else {
                        resume = Some((n, fs, v));
                    }
                }
            }
        }
    }

    /// `set_contains_entry`.
    fn contains_hashed(&self, key: &PyObject, hash: isize) -> PyResult<bool> {
        self.find(key, hash, |_, p| matches!(p, Probe::Found(_)))
    }

    /// `set_add_entry`: adds `key` unless present; resizes as CPython.
    fn add_hashed(&self, key: &PyObject, hash: isize) -> PyResult<()> {
        let newkey = object::new_ref(key);
        self.find(key, hash, |t, p| {
            if let Probe::Absent(j) = p {
                let was_empty = matches!(t.entries[j], Entry::Empty);
                t.entries[j] = Entry::Active(newkey.clone(), hash);
                if was_empty {
                    t.fill += 1;
                }
                self.changed(1);
                if was_empty && t.fill * 5 >= t.mask() * 3 {
                    let used = self.len();
                    t.resize(if used > 50_000 { used * 2 } else { used * 4 });
                }
            }
        })
    }

    /// `set_discard_entry`: removes `key`; was it there?
    fn discard_hashed(&self, key: &PyObject, hash: isize) -> PyResult<bool> {
        let removed = self.find(key, hash, |t, p| match p {
            Probe::Found(j) => {
                let old = core::mem::replace(&mut t.entries[j], Entry::Dummy);
                self.changed(-1);
                Some(old)
            }
            _ => None,
        })?;
        Ok(removed.is_some())
    }

    /// `set_add_key`.
    pub fn add(&self, key: &PyObject) -> PyResult<()> {
        let h = object::hash(key).map_err(|e| unhashable(key, e))?;
        self.add_hashed(key, h)
    }

    /// `set_contains_key` with `set_contains`'s retry of an unhashable
    /// set as a frozenset.
    pub fn contains(&self, key: &PyObject) -> PyResult<bool> {
        match object::hash(key) {
            Ok(h) => self.contains_hashed(key, h),
            Err(e) => match frozen_retry_key(key, e)? {
                Some(k) => self.contains(&k),
                None => Err(errors::ErrSet::already_set()),
            },
        }
    }

    /// `set_discard_key` with the frozenset retry: was the key there?
    pub fn discard(&self, key: &PyObject) -> PyResult<bool> {
        match object::hash(key) {
            Ok(h) => self.discard_hashed(key, h),
            Err(e) => match frozen_retry_key(key, e)? {
                Some(k) => self.discard(&k),
                None => Err(errors::ErrSet::already_set()),
            },
        }
    }

    /// `set_clear_internal`.
    fn clear(&self) {
        let old = self.with_table(|t| {
            let old = core::mem::replace(t, Table::with_size(MINSIZE));
            self.version.fetch_add(1, Ordering::Relaxed);
            self.used.store(0, Ordering::Relaxed);
            old
        });
        drop(old);
    }

    /// `set_update_internal`: adds the keys of a set, dict or iterable,
    /// following CPython's order of insertion (and so its table layout).
    fn update(&self, other: &PyObject) -> PyResult<()> {
        if let Some(o) = any_set(other) {
            if object::is(object::as_obj(self), other) {
                return Ok(());
            }
            let (other_mask, other_fill, slots) = o.with_table(|t| {
                let slots: Vec<(usize, ObjRef, isize)> = t
                    .entries
                    .iter()
                    .enumerate()
                    .filter_map(|(j, e)| match e {
                        Entry::Active(k, h) => Some((j, k.clone(), *h)),
                        _ => None,
                    })
                    .collect();
                (t.mask(), t.fill, slots)
            });
            let n = slots.len();
            if n == 0 {
                return Ok(());
            }
            let keys: Vec<(ObjRef, isize)> = slots.iter().map(|(_, k, h)| (k.clone(), *h)).collect();
            // `set_merge`: grow once; into an empty table of the same size
            // the slots are copied in place when the source has no dummies
            // (a key placed past a deleted slot would be unreachable
            // without it), into another empty table inserted clean, else
            // added one by one.
            let copied = self.with_table(|t| {
                if (t.fill + n) * 5 >= t.mask() * 3 {
                    t.resize((self.len() + n) * 2);
                }
                if t.fill != 0 {
                    return false;
                }
                if t.mask() == other_mask && other_fill == n {
                    for (j, k, h) in &slots {
                        t.entries[*j] = Entry::Active(k.clone(), *h);
                    }
                    t.fill = n;
                } else {
                    for (k, h) in &keys {
                        t.insert_clean(k.clone(), *h);
                    }
                }
                self.changed(n as isize);
                true
            });
            if !copied {
                for (k, h) in &keys {
                    self.add_hashed(k, *h)?;
                }
            }
            return Ok(());
        }
        if let Some(d) = downcast::<DictObject>(other).filter(|_| object::is_type(other, &crate::objects::dictobject::DICT_TYPE)) {
            let n = d.len();
            self.with_table(|t| {
                if (t.fill + n) * 5 >= t.mask() * 3 {
                    t.resize((self.len() + n) * 2);
                }
            });
            for (k, h) in d.keys_with_hash() {
                self.add_hashed(&k, h)?;
            }
            return Ok(());
        }
        let it = abs::get_iter(other)?;
        while let Some(k) = abs::iter_next(&it)? {
            self.add(&k)?;
        }
        Ok(())
    }
}

/// `_PyUnicode_EQ` for two exact strs (no Python code runs).
fn str_eq(a: &PyObject, b: &PyObject) -> bool {
    match (downcast::<unicodeobject::StrObject>(a), downcast::<unicodeobject::StrObject>(b)) {
        (Some(x), Some(y)) if object::is_type(a, &unicodeobject::STR_TYPE) && object::is_type(b, &unicodeobject::STR_TYPE) => {
            x.kind() == y.kind() && x.bytes() == y.bytes()
        }
        _ => false,
    }
}

/// `set_contains` / `set_discard`'s fallback: an unhashable set key is
/// looked up as a frozenset of its keys (`Some`); for another key the
/// error is set as `set_unhashable_type` makes it (`None`).
fn frozen_retry_key(key: &PyObject, e: errors::ErrSet) -> PyResult<Option<ObjRef>> {
    if !(object::type_check(key, &SET_TYPE) && errors::exception_matches(exceptions::type_error())) {
        drop(unhashable(key, e));
        return Ok(None);
    }
    drop(e);
    errors::clear();
    make_set(&FROZENSET_TYPE, Some(key)).map(Some)
}

/// `set_unhashable_type`: a TypeError from hashing a key becomes
/// "cannot use 'T' as a set element (...)"; other errors stay.
fn unhashable(key: &PyObject, e: errors::ErrSet) -> errors::ErrSet {
    if !errors::exception_matches(exceptions::type_error()) {
        return e;
    }
    drop(e);
    let Some(exc) = errors::take_raised() else { return errors::bad_internal_call() };
    let msg = match object::str(&exc) {
        Ok(m) => m.to_string_lossy(),
        Err(e) => return e,
    };
    errors::set_string(
        exceptions::type_error(),
        &format!("cannot use '{}' as a set element ({msg})", type_of(key).tp_name),
    )
}

/// `make_new_set`: a set or frozenset of the keys of `iterable`.
fn make_set(ty: &'static TypeObject, iterable: Option<&PyObject>) -> PyResult<ObjRef> {
    let s = SetObject::new_empty(ty)?;
    if let Some(it) = iterable {
        s.update(it)?;
    }
    Ok(into_obj(s))
}

/// `PySet_New`.
pub fn new_set(iterable: Option<&PyObject>) -> PyResult<ObjRef> {
    make_set(&SET_TYPE, iterable)
}

/// `PyFrozenSet_New`.
pub fn new_frozenset(iterable: Option<&PyObject>) -> PyResult<ObjRef> {
    make_set(&FROZENSET_TYPE, iterable)
}

fn same_type_copy(so: &SetObject) -> PyResult<PyRef<SetObject>> {
    let ty = if so.is_frozen() { &FROZENSET_TYPE } else { &SET_TYPE };
    let s = SetObject::new_empty(ty)?;
    s.update(object::as_obj(so))?;
    Ok(s)
}

/// The optional iterable of `set(...)` / `frozenset(...)`
/// (`PyArg_UnpackTuple(args, type name, 0, 1)`).
fn one_optional_arg<'a>(ty: &TypeObject, args: &'a TupleObject) -> PyResult<Option<&'a ObjRef>> {
    match args.as_slice() {
        [] => Ok(None),
        [x] => Ok(Some(x)),
        a => Err(errors::set_string(
            exceptions::type_error(),
            &format!("{} expected at most 1 argument, got {}", ty.name(), a.len()),
        )),
    }
}

/// `set_new`: an empty set of type `ty`; `__init__` fills it.
fn set_tp_new(ty: &TypeObject, _args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if core::ptr::eq(ty, &SET_TYPE) && kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "set() takes no keyword arguments"));
    }
    SetObject::new_of_type(ty).map(into_obj)
}

/// `set_init`: clears the set, then adds the iterable's keys.
fn set_init(v: &PyObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<()> {
    if kwds.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "set() takes no keyword arguments"));
    }
    let iterable = one_optional_arg(type_of(v), args)?;
    let so = as_set(v)?;
    if !so.is_empty() {
        so.clear();
    }
    if let Some(x) = iterable {
        so.update(x)?;
    }
    Ok(())
}

/// `frozenset_new`: the keys go in at creation; `frozenset(fs)` of an
/// exact frozenset is `fs` itself.
/// Does `ty` define an `__init__` other than frozenset's (`type->tp_init
/// != PyFrozenSet_Type.tp_init`)?
fn overrides_init(ty: &TypeObject) -> PyResult<bool> {
    let name = unicodeobject::intern_str("__init__")?;
    let mine = ty.lookup(&name)?;
    let base = FROZENSET_TYPE.lookup(&name)?;
    Ok(match (mine, base) {
        (Some(a), Some(b)) => !object::is(&a, &b),
        (a, b) => a.is_some() != b.is_some(),
    })
}

fn frozenset_tp_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let exact = core::ptr::eq(ty, &FROZENSET_TYPE);
    // Keywords are refused unless a subclass's own `__init__` takes them.
    if kwds.is_some_and(|k| !k.is_empty()) && (exact || !overrides_init(ty)?) {
        return Err(errors::set_string(exceptions::type_error(), "frozenset() takes no keyword arguments"));
    }
    let iterable = one_optional_arg(ty, args)?;
    if exact && let Some(x) = iterable
        && object::is_type(x, &FROZENSET_TYPE)
    {
        return Ok(x.clone());
    }
    let s = SetObject::new_of_type(ty)?;
    if let Some(x) = iterable {
        s.update(x)?;
    }
    Ok(into_obj(s))
}

/// `set_repr`: `{1, 2}`, `set()`, `frozenset({1})`, `set(...)` when
/// recursive.
fn set_repr(v: &PyObject) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    let name = type_of(v).name().to_owned();
    if so.is_empty() {
        return unicodeobject::from_string(format!("{name}()")).map(into_obj);
    }
    if state::repr_enter(v) {
        return unicodeobject::from_string(format!("{name}(...)")).map(into_obj);
    }
    let res = (|| -> PyResult<String> {
        let mut out = String::from("{");
        for (n, (k, _)) in so.keys().iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            out.push_str(&object::repr(k)?.to_string_lossy());
        }
        out.push('}');
        Ok(out)
    })();
    state::repr_leave(v);
    let body = res?;
    let s = if object::is_type(v, &SET_TYPE) { body } else { format!("{name}({body})") };
    unicodeobject::from_string(s).map(into_obj)
}

fn set_len(v: &PyObject) -> PyResult<isize> {
    Ok(as_set(v)?.len() as isize)
}

fn set_contains(v: &PyObject, key: &PyObject) -> PyResult<bool> {
    as_set(v)?.contains(key)
}

/// `_shuffle_bits`.
fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// `frozenset_hash`: order-independent, cached.
fn frozenset_hash(v: &PyObject) -> PyResult<isize> {
    let so = as_set(v)?;
    let cached = so.hash.load(Ordering::Relaxed);
    if cached != -1 {
        return Ok(cached);
    }
    let keys = so.keys();
    let mut hash = keys.iter().fold(0u64, |acc, (_, h)| acc ^ shuffle_bits(*h as u64));
    hash ^= (keys.len() as u64 + 1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    let h = if hash == u64::MAX { 590_923_713 } else { hash as isize };
    so.hash.store(h, Ordering::Relaxed);
    Ok(h)
}

/// `set_issubset`: every key of `a` in `b`.
fn is_subset(a: &SetObject, b: &SetObject) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    for (k, h) in a.keys() {
        if !b.contains_hashed(&k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_richcompare`: equality and the subset orders.
fn set_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (any_set(v), any_set(w)) else { return Ok(object::not_implemented()) };
    let r = match op {
        CompareOp::Eq | CompareOp::Ne => {
            let eq = a.len() == b.len()
                && !(a.is_frozen()
                    && b.is_frozen()
                    && a.hash.load(Ordering::Relaxed) != -1
                    && b.hash.load(Ordering::Relaxed) != -1
                    && a.hash.load(Ordering::Relaxed) != b.hash.load(Ordering::Relaxed))
                && is_subset(a, b)?;
            eq == (op == CompareOp::Eq)
        }
        CompareOp::Le => is_subset(a, b)?,
        CompareOp::Ge => is_subset(b, a)?,
        CompareOp::Lt => a.len() < b.len() && is_subset(a, b)?,
        CompareOp::Gt => a.len() > b.len() && is_subset(b, a)?,
    };
    Ok(boolobject::from_bool(r))
}

/// The keys of `other` as a set to test against: itself if a set or
/// frozenset, else a new set of its items.
fn as_key_set(other: &PyObject) -> PyResult<ObjRef> {
    if any_set(other).is_some() { Ok(object::new_ref(other)) } else { new_set(Some(other)) }
}

/// The keys of a set or frozenset with their stored hashes, `None` for
/// anything else (for `dict.fromkeys`, which then need not hash them).
pub fn keys_with_hash(v: &PyObject) -> Option<Vec<(ObjRef, isize)>> {
    any_set(v).map(SetObject::keys)
}

/// `set_intersection`: the keys of `so` also in `other`, in a new object
/// of `so`'s kind; iterates the smaller side as CPython does.
fn intersection(so: &SetObject, other: &PyObject) -> PyResult<PyRef<SetObject>> {
    let ty = if so.is_frozen() { &FROZENSET_TYPE } else { &SET_TYPE };
    let result = SetObject::new_empty(ty)?;
    if let Some(o) = any_set(other) {
        let (small, large) = if o.len() > so.len() { (so, o) } else { (o, so) };
        for (k, h) in small.keys() {
            if large.contains_hashed(&k, h)? {
                result.add_hashed(&k, h)?;
            }
        }
        return Ok(result);
    }
    let it = abs::get_iter(other)?;
    while let Some(k) = abs::iter_next(&it)? {
        let h = object::hash(&k)?;
        if so.contains_hashed(&k, h)? {
            result.add_hashed(&k, h)?;
        }
    }
    Ok(result)
}

/// `set_difference`: the keys of `so` not in `other`.
fn difference(so: &SetObject, other: &PyObject) -> PyResult<PyRef<SetObject>> {
    let ty = if so.is_frozen() { &FROZENSET_TYPE } else { &SET_TYPE };
    let keys = as_key_set(other)?;
    let ks = as_set(&keys)?;
    let result = SetObject::new_empty(ty)?;
    for (k, h) in so.keys() {
        if !ks.contains_hashed(&k, h)? {
            result.add_hashed(&k, h)?;
        }
    }
    Ok(result)
}

/// `set_symmetric_difference_update` on `so` with the keys of `other`.
fn symmetric_update(so: &SetObject, other: &PyObject) -> PyResult<()> {
    let keys = as_key_set(other)?;
    if object::is(object::as_obj(so), &keys) {
        so.clear();
        return Ok(());
    }
    for (k, h) in as_set(&keys)?.keys() {
        if !so.discard_hashed(&k, h)? {
            so.add_hashed(&k, h)?;
        }
    }
    Ok(())
}

/// `set_symmetric_difference`: a new set of `other`'s keys, then the
/// symmetric update with `so`'s (CPython's order, so the table layout
/// and iteration order match).
fn symmetric_difference(so: &SetObject, other: &PyObject) -> PyResult<PyRef<SetObject>> {
    let ty = if so.is_frozen() { &FROZENSET_TYPE } else { &SET_TYPE };
    let result = SetObject::new_empty(ty)?;
    result.update(other)?;
    for (k, h) in so.keys() {
        if !result.discard_hashed(&k, h)? {
            result.add_hashed(&k, h)?;
        }
    }
    Ok(result)
}

/// `set_or`: a copy of `v` updated with `w`.
fn set_or(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(_)) = (any_set(v), any_set(w)) else { return Ok(object::not_implemented()) };
    let r = same_type_copy(a)?;
    r.update(w)?;
    Ok(into_obj(r))
}

fn set_and(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(_)) = (any_set(v), any_set(w)) else { return Ok(object::not_implemented()) };
    intersection(a, w).map(into_obj)
}

fn set_sub(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(_)) = (any_set(v), any_set(w)) else { return Ok(object::not_implemented()) };
    difference(a, w).map(into_obj)
}

fn set_xor(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let (Some(a), Some(_)) = (any_set(v), any_set(w)) else { return Ok(object::not_implemented()) };
    symmetric_difference(a, w).map(into_obj)
}

/// `set_ior` (`|=`): update in place, sets only.
fn set_ior(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    if any_set(w).is_none() {
        return Ok(object::not_implemented());
    }
    as_set(v)?.update(w)?;
    Ok(object::new_ref(v))
}

/// `set_iand` (`&=`).
fn set_iand(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    if any_set(w).is_none() {
        return Ok(object::not_implemented());
    }
    meth_intersection_update(v, &[object::new_ref(w)])?;
    Ok(object::new_ref(v))
}

/// `set_isub` (`-=`).
fn set_isub(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    if any_set(w).is_none() {
        return Ok(object::not_implemented());
    }
    meth_difference_update(v, &[object::new_ref(w)])?;
    Ok(object::new_ref(v))
}

/// `set_ixor` (`^=`).
fn set_ixor(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    if any_set(w).is_none() {
        return Ok(object::not_implemented());
    }
    symmetric_update(as_set(v)?, w)?;
    Ok(object::new_ref(v))
}

fn meth_add(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    as_set(v)?.add(key)?;
    Ok(object::none())
}

fn meth_discard(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    as_set(v)?.discard(key)?;
    Ok(object::none())
}

fn meth_remove(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    if !as_set(v)?.discard(key)? {
        return Err(errors::set_key_error(key));
    }
    Ok(object::none())
}

/// `set_pop`: the first key from the finger on.
fn meth_pop(v: &PyObject) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    let popped = so.with_table(|t| {
        let n = t.entries.len();
        let start = t.finger & t.mask();
        let j = (0..n).map(|d| (start + d) & (n - 1)).find(|&j| matches!(t.entries[j], Entry::Active(..)))?;
        let old = core::mem::replace(&mut t.entries[j], Entry::Dummy);
        t.finger = j + 1;
        so.changed(-1);
        Some(old)
    });
    match popped {
        Some(Entry::Active(k, _)) => Ok(k),
        _ => Err(errors::set_string(exceptions::key_error(), "pop from an empty set")),
    }
}

fn meth_clear(v: &PyObject) -> PyResult<ObjRef> {
    as_set(v)?.clear();
    Ok(object::none())
}

/// `set_copy` / `frozenset_copy` (an exact frozenset is its own copy).
fn meth_copy(v: &PyObject) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    if object::is_type(v, &FROZENSET_TYPE) {
        return Ok(object::new_ref(v));
    }
    same_type_copy(so).map(into_obj)
}

fn meth_update(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    for a in args {
        so.update(a)?;
    }
    Ok(object::none())
}

fn meth_union(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let r = same_type_copy(as_set(v)?)?;
    for a in args {
        r.update(a)?;
    }
    Ok(into_obj(r))
}

fn meth_intersection(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let mut r = same_type_copy(as_set(v)?)?;
    for a in args {
        r = intersection(&r, a)?;
    }
    Ok(into_obj(r))
}

fn meth_intersection_update(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    let mut r = same_type_copy(so)?;
    for a in args {
        r = intersection(&r, a)?;
    }
    replace_keys(so, &r)
}

/// Gives `so` the table of the private set `from` (`set_swap_bodies`'
/// use in the `*_update` methods).
fn replace_keys(so: &SetObject, from: &SetObject) -> PyResult<ObjRef> {
    let n = from.len() as isize;
    let table = from.with_table(|t| {
        from.used.store(0, Ordering::Relaxed);
        core::mem::replace(t, Table::with_size(MINSIZE))
    });
    let old = so.with_table(|t| {
        let old = core::mem::replace(t, table);
        so.version.fetch_add(1, Ordering::Relaxed);
        so.used.store(n, Ordering::Relaxed);
        old
    });
    drop(old);
    Ok(object::none())
}

fn meth_difference(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let mut r = same_type_copy(as_set(v)?)?;
    for a in args {
        r = difference(&r, a)?;
    }
    Ok(into_obj(r))
}

fn meth_difference_update(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    for a in args {
        let keys = as_key_set(a)?;
        if object::is(v, &keys) {
            so.clear();
            continue;
        }
        for (k, h) in as_set(&keys)?.keys() {
            so.discard_hashed(&k, h)?;
        }
    }
    Ok(object::none())
}

fn meth_symmetric_difference(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    symmetric_difference(as_set(v)?, other).map(into_obj)
}

fn meth_symmetric_difference_update(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    symmetric_update(as_set(v)?, other)?;
    Ok(object::none())
}

fn meth_issubset(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    let keys = as_key_set(other)?;
    is_subset(as_set(v)?, as_set(&keys)?).map(boolobject::from_bool)
}

fn meth_issuperset(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    let keys = as_key_set(other)?;
    is_subset(as_set(&keys)?, as_set(v)?).map(boolobject::from_bool)
}

/// `set_isdisjoint`.
fn meth_isdisjoint(v: &PyObject, other: &PyObject) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    if let Some(o) = any_set(other) {
        let (small, large) = if o.len() > so.len() { (so, o) } else { (o, so) };
        for (k, h) in small.keys() {
            if large.contains_hashed(&k, h)? {
                return Ok(boolobject::from_bool(false));
            }
        }
        return Ok(boolobject::from_bool(true));
    }
    let it = abs::get_iter(other)?;
    while let Some(k) = abs::iter_next(&it)? {
        if so.contains(&k)? {
            return Ok(boolobject::from_bool(false));
        }
    }
    Ok(boolobject::from_bool(true))
}

/// `set___sizeof___impl`: the object, plus the table when it outgrew
/// the minimum size (CPython's inline `smalltable`).
fn meth_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let so = as_set(v)?;
    let slots = so.with_table(|t| t.entries.len());
    let extra = if slots > MINSIZE { slots * 2 * size_of::<usize>() } else { 0 };
    longobject::from_i64((type_of(v).tp_basicsize + extra) as i64)
}

macro_rules! method {
    ($name:literal, $kind:ident($f:ident), $doc:literal) => {
        MethodDef { ml_name: $name, ml_meth: MethodFn::$kind($f), ml_doc: Some($doc) }
    };
}

/// `set_reduce`: `(type(s), (list(s),), state)`.
fn meth_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let items = abs::collect(v)?;
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    let keys = crate::objects::listobject::ListObject::from_slice(&refs)?;
    let state = typeobject::reduce::get_state(v)?;
    iterobject::reduce_value(object::as_obj(type_of(v)), &[object::as_obj(&*keys)], Some(&state))
}

static SET_METHODS: [MethodDef; 19] = [
    method!("__reduce__", NoArgs(meth_reduce), "__reduce__($self, /)\n--\n\nReturn state information for pickling."),
    method!("__sizeof__", NoArgs(meth_sizeof), "__sizeof__($self, /)\n--\n\nS.__sizeof__() -> size of S in memory, in bytes."),
    method!("add", O(meth_add), "add($self, object, /)\n--\n\nAdd an element to a set.\n\nThis has no effect if the element is already present."),
    method!("clear", NoArgs(meth_clear), "clear($self, /)\n--\n\nRemove all elements from this set."),
    method!("copy", NoArgs(meth_copy), "copy($self, /)\n--\n\nReturn a shallow copy of a set."),
    method!("discard", O(meth_discard), "discard($self, object, /)\n--\n\nRemove an element from a set if it is a member.\n\nUnlike set.remove(), the discard() method does not raise\nan exception when an element is missing from the set."),
    method!("difference", FastCall(meth_difference), "difference($self, /, *others)\n--\n\nReturn a new set with elements in the set that are not in the others."),
    method!("difference_update", FastCall(meth_difference_update), "difference_update($self, /, *others)\n--\n\nUpdate the set, removing elements found in others."),
    method!("intersection", FastCall(meth_intersection), "intersection($self, /, *others)\n--\n\nReturn a new set with elements common to the set and all others."),
    method!("intersection_update", FastCall(meth_intersection_update), "intersection_update($self, /, *others)\n--\n\nUpdate the set, keeping only elements found in it and all others."),
    method!("isdisjoint", O(meth_isdisjoint), "isdisjoint($self, other, /)\n--\n\nReturn True if two sets have a null intersection."),
    method!("issubset", O(meth_issubset), "issubset($self, other, /)\n--\n\nReport whether another set contains this set."),
    method!("issuperset", O(meth_issuperset), "issuperset($self, other, /)\n--\n\nReport whether this set contains another set."),
    method!("pop", NoArgs(meth_pop), "pop($self, /)\n--\n\nRemove and return an arbitrary set element.\n\nRaises KeyError if the set is empty."),
    method!("remove", O(meth_remove), "remove($self, object, /)\n--\n\nRemove an element from a set; it must be a member.\n\nIf the element is not a member, raise a KeyError."),
    method!("symmetric_difference", O(meth_symmetric_difference), "symmetric_difference($self, other, /)\n--\n\nReturn a new set with elements in either the set or other but not both."),
    method!("symmetric_difference_update", O(meth_symmetric_difference_update), "symmetric_difference_update($self, other, /)\n--\n\nUpdate the set, keeping only elements found in either set, but not in both."),
    method!("union", FastCall(meth_union), "union($self, /, *others)\n--\n\nReturn a new set with elements from the set and all others."),
    method!("update", FastCall(meth_update), "update($self, /, *others)\n--\n\nUpdate the set, adding elements from all others."),
];

static FROZENSET_METHODS: [MethodDef; 10] = [
    method!("__reduce__", NoArgs(meth_reduce), "__reduce__($self, /)\n--\n\nReturn state information for pickling."),
    method!("__sizeof__", NoArgs(meth_sizeof), "__sizeof__($self, /)\n--\n\nS.__sizeof__() -> size of S in memory, in bytes."),
    method!("copy", NoArgs(meth_copy), "copy($self, /)\n--\n\nReturn a shallow copy of a set."),
    method!("difference", FastCall(meth_difference), "difference($self, /, *others)\n--\n\nReturn a new set with elements in the set that are not in the others."),
    method!("intersection", FastCall(meth_intersection), "intersection($self, /, *others)\n--\n\nReturn a new set with elements common to the set and all others."),
    method!("isdisjoint", O(meth_isdisjoint), "isdisjoint($self, other, /)\n--\n\nReturn True if two sets have a null intersection."),
    method!("issubset", O(meth_issubset), "issubset($self, other, /)\n--\n\nReport whether another set contains this set."),
    method!("issuperset", O(meth_issuperset), "issuperset($self, other, /)\n--\n\nReport whether this set contains another set."),
    method!("symmetric_difference", O(meth_symmetric_difference), "symmetric_difference($self, other, /)\n--\n\nReturn a new set with elements in either the set or other but not both."),
    method!("union", FastCall(meth_union), "union($self, /, *others)\n--\n\nReturn a new set with elements from the set and all others."),
];

/// `object::dealloc_weakrefable::<SetObject>`: clears the weak references, then frees.
///
/// # Safety
/// As `tp_dealloc`: `op` is a dead set or frozenset.
/// `set_traverse`: the keys, read without the lock (the collector runs
/// with the world stopped, and table borrows never span Python code).
fn set_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    // SAFETY: the slot of set and frozenset, whose instances (and their
    // subclasses') have the SetObject layout.
    let s = unsafe { &*core::ptr::from_ref(v).cast::<SetObject>() };
    // SAFETY: no thread is inside a table borrow while the world is
    // stopped (see `with_table`).
    let t = unsafe { &*s.table.get() };
    for e in &t.entries {
        if let Entry::Active(k, _) = e {
            visit(k);
        }
    }
}

/// `set_clear_internal` as `tp_clear`.
fn set_tp_clear(v: &PyObject) {
    // SAFETY: as in `set_traverse`.
    unsafe { &*core::ptr::from_ref(v).cast::<SetObject>() }.clear();
}

/// `set` (`PySet_Type`).
pub static SET_TYPE: TypeObject = TypeObject::new_static(
    "set",
    size_of::<SetObject>(),
    object::dealloc_weakrefable::<SetObject>,
    TypeSlots {
        tp_repr: Some(set_repr),
        tp_hash: Some(typeobject::hash_not_implemented),
        tp_richcompare: Some(set_richcompare),
        tp_iter: Some(set_iter),
        tp_init: Some(set_init),
        tp_new: Some(set_tp_new),
        tp_traverse: Some(set_traverse),
        tp_clear: Some(set_tp_clear),
        nb_subtract: Some(set_sub),
        nb_and: Some(set_and),
        nb_xor: Some(set_xor),
        nb_or: Some(set_or),
        nb_inplace_subtract: Some(set_isub),
        nb_inplace_and: Some(set_iand),
        nb_inplace_xor: Some(set_ixor),
        nb_inplace_or: Some(set_ior),
        sq_length: Some(set_len),
        sq_contains: Some(set_contains),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::BASETYPE)
.with_methods(&SET_METHODS)
.with_weaklistoffset(core::mem::offset_of!(SetObject, weakreflist))
.with_doc("set(iterable=(), /)\n--\n\nBuild an unordered collection of unique elements.");

/// `frozenset` (`PyFrozenSet_Type`).
pub static FROZENSET_TYPE: TypeObject = TypeObject::new_static(
    "frozenset",
    size_of::<SetObject>(),
    object::dealloc_weakrefable::<SetObject>,
    TypeSlots {
        tp_traverse: Some(set_traverse),
        tp_clear: Some(set_tp_clear),
        tp_repr: Some(set_repr),
        tp_hash: Some(frozenset_hash),
        tp_richcompare: Some(set_richcompare),
        tp_iter: Some(set_iter),
        tp_new: Some(frozenset_tp_new),
        nb_subtract: Some(set_sub),
        nb_and: Some(set_and),
        nb_xor: Some(set_xor),
        nb_or: Some(set_or),
        sq_length: Some(set_len),
        sq_contains: Some(set_contains),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC | flags::BASETYPE)
.with_methods(&FROZENSET_METHODS)
.with_weaklistoffset(core::mem::offset_of!(SetObject, weakreflist))
.with_doc("frozenset(iterable=(), /)\n--\n\nBuild an immutable unordered collection of unique elements.");

/// A set iterator (`setiterobject`).
#[repr(C)]
pub struct SetIterObject {
    ob_base: ObjectHeader,
    /// `si_set`; emptied when exhausted.
    set: ObjSlot,
    /// `si_used`: the size when iteration began, -1 after a change was
    /// reported.
    used: AtomicIsize,
    /// `si_pos`.
    pos: AtomicIsize,
    /// `len`: keys left.
    remaining: AtomicIsize,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for SetIterObject {}

impl PyClass for SetIterObject {
    fn type_object() -> &'static TypeObject {
        &SET_ITER_TYPE
    }
}

/// `set_iter`.
fn set_iter(v: &PyObject) -> PyResult<ObjRef> {
    let n = as_set(v)?.len() as isize;
    object::new_object(SetIterObject {
        ob_base: ObjectHeader::new(&SET_ITER_TYPE.head),
        set: ObjSlot::new(Some(object::new_ref(v))),
        used: AtomicIsize::new(n),
        pos: AtomicIsize::new(0),
        remaining: AtomicIsize::new(n),
    })
    .map(into_obj)
}

/// `setiter_iternext`.
fn setiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = downcast::<SetIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let Some(s) = it.set.get() else { return Ok(None) };
    let so = as_set(&s)?;
    if it.used.load(Ordering::Relaxed) != so.len() as isize {
        it.used.store(-1, Ordering::Relaxed);
        return Err(errors::set_string(exceptions::runtime_error(), "Set changed size during iteration"));
    }
    let start = it.pos.load(Ordering::Relaxed).max(0) as usize;
    let found = so.with_table(|t| {
        (start..t.entries.len()).find_map(|j| match &t.entries[j] {
            Entry::Active(k, _) => Some((j, k.clone())),
            _ => None,
        })
    });
    match found {
        Some((j, k)) => {
            it.pos.store(j as isize + 1, Ordering::Relaxed);
            it.remaining.fetch_sub(1, Ordering::Relaxed);
            Ok(Some(k))
        }
        None => {
            it.set.set(None);
            Ok(None)
        }
    }
}

/// `setiter.__length_hint__()`.
fn setiter_length_hint(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<SetIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let n = if it.set.get().is_some() { it.remaining.load(Ordering::Relaxed).max(0) } else { 0 };
    longobject::from_i64(n as i64)
}

/// `setiter_reduce`: `iter(list)` of what a copy of the iterator has left.
fn setiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = downcast::<SetIterObject>(v).ok_or_else(errors::bad_internal_call)?;
    let copy = object::new_object(SetIterObject {
        ob_base: ObjectHeader::new(&SET_ITER_TYPE.head),
        set: ObjSlot::new(it.set.get()),
        used: AtomicIsize::new(it.used.load(Ordering::Relaxed)),
        pos: AtomicIsize::new(it.pos.load(Ordering::Relaxed)),
        remaining: AtomicIsize::new(it.remaining.load(Ordering::Relaxed)),
    })?;
    let items = abs::collect(object::as_obj(&*copy))?;
    let refs: Vec<&PyObject> = items.iter().map(|r| &**r).collect();
    let list = crate::objects::listobject::ListObject::from_slice(&refs)?;
    iterobject::reduce_to_builtin("iter", &[object::as_obj(&*list)], None)
}

static SET_ITER_METHODS: [MethodDef; 2] = [
    method!("__length_hint__", NoArgs(setiter_length_hint), "Private method returning an estimate of len(list(it))."),
    method!("__reduce__", NoArgs(setiter_reduce), "Return state information for pickling."),
];

/// `set_iterator` (`PySetIter_Type`).
pub static SET_ITER_TYPE: TypeObject = TypeObject::new_static(
    "set_iterator",
    size_of::<SetIterObject>(),
    object::dealloc_simple::<SetIterObject>,
    TypeSlots {
        tp_traverse: Some(crate::traverse_fields!(SetIterObject { set } {  })), tp_iter: Some(self_iter), tp_iternext: Some(setiter_next), ..TypeSlots::EMPTY },
)
.with_methods(&SET_ITER_METHODS);
