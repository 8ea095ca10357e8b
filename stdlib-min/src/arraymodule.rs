//! The `array` module, ported from Modules/arraymodule.c: the `array`
//! type (`array_new`, the per-typecode `*_getitem`/`*_setitem`
//! conversions, `array_resize`'s growth pattern, the sequence and mapping
//! slots, `array_richcompare` with its same-typecode fast path, the
//! methods, `__reduce_ex__` with `_array_reconstructor` and its machine
//! format codes), `arrayiterator`, and the buffer export
//! (`array_buffer_getbuf`/`relbuf`: resizing while exported raises
//! BufferError).
//!
//! The items are a byte buffer in native layout (x86-64 Linux sizes:
//! `u` and `w` 4 bytes, `l`/`L` 8) inside the object's critical section.
//! Python objects are converted to raw items before the section is
//! entered and made from copied bytes after it is left, so no Python code
//! runs inside it. Operations on two arrays copy the other's bytes first
//! instead of nesting two sections.


use num_bigint::BigInt;
use rupy::builtins::BuiltinDef;
use rupy::errors::{self, ErrSet, PyResult};
use rupy::objects::bytearrayobject::ByteArrayObject;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::memoryobject::{BufferInfo, BufferProcs};
use rupy::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::sliceobject::{self, SliceObject};
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject::{self, StrObject};
use rupy::objects::{boolobject, exceptions, floatobject, moduleobject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::Guarded;

fn type_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn index_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::index_error(), msg)
}

fn overflow_error(msg: &str) -> ErrSet {
    errors::set_string(exceptions::overflow_error(), msg)
}

/// `PyErr_BadArgument`.
fn bad_argument() -> ErrSet {
    type_error("bad argument type for built-in operation")
}

fn exporting_error() -> ErrSet {
    errors::set_string(exceptions::buffer_error(), "cannot resize an array that is exporting buffers")
}

// ---------------------------------------------------------------------
// Type descriptors (`struct arraydescr`).

/// How the items of one typecode are stored and converted.
pub struct Descr {
    typecode: u8,
    itemsize: usize,
    /// The buffer protocol's `struct` format character.
    format: u8,
    is_integer: bool,
    is_signed: bool,
}

const fn descr(typecode: u8, itemsize: usize, format: u8, is_integer: bool, is_signed: bool) -> Descr {
    Descr { typecode, itemsize, format, is_integer, is_signed }
}

/// `descriptors`, in CPython's order (which `_array_reconstructor`'s
/// search for an integer typecode of a given size depends on).
static DESCRIPTORS: [Descr; 14] = [
    descr(b'b', 1, b'b', true, true),
    descr(b'B', 1, b'B', true, false),
    descr(b'u', 4, b'w', false, false),
    descr(b'w', 4, b'w', false, false),
    descr(b'h', 2, b'h', true, true),
    descr(b'H', 2, b'H', true, false),
    descr(b'i', 4, b'i', true, true),
    descr(b'I', 4, b'I', true, false),
    descr(b'l', 8, b'l', true, true),
    descr(b'L', 8, b'L', true, false),
    descr(b'q', 8, b'q', true, true),
    descr(b'Q', 8, b'Q', true, false),
    descr(b'f', 4, b'f', false, false),
    descr(b'd', 8, b'd', false, false),
];

fn find_descr(c: u32) -> Option<&'static Descr> {
    DESCRIPTORS.iter().find(|d| u32::from(d.typecode) == c)
}

/// One raw item in native byte order (the first `itemsize` bytes count).
type RawItem = [u8; 8];

fn raw<const N: usize>(b: [u8; N]) -> RawItem {
    let mut r = [0u8; 8];
    r[..N].copy_from_slice(&b);
    r
}

/// `PyLong_AsLong` (through `__index__`).
fn as_long(v: &PyObject) -> PyResult<i64> {
    let i = r#abstract::index(v)?;
    downcast::<IntObject>(&i)
        .and_then(IntObject::as_i64)
        .ok_or_else(|| overflow_error("Python int too large to convert to C long"))
}

/// The int of `v` for the unsigned setters (`_PyNumber_Index` unless an
/// int), as a big integer.
fn unsigned_arg(v: &PyObject) -> PyResult<BigInt> {
    let i = r#abstract::index(v)?;
    let i = downcast::<IntObject>(&i).ok_or_else(errors::bad_internal_call)?;
    Ok(i.to_bigint())
}

/// `PyLong_AsUnsignedLong`.
fn as_unsigned_long(v: &PyObject) -> PyResult<u64> {
    let b = unsigned_arg(v)?;
    if b.sign() == num_bigint::Sign::Minus {
        return Err(overflow_error("can't convert negative value to unsigned int"));
    }
    u64::try_from(&b).map_err(|_| overflow_error("Python int too large to convert to C unsigned long"))
}

/// getargs' `i` format: a C int.
fn arg_int(v: &PyObject) -> PyResult<i32> {
    let x = as_long(v)?;
    if x > i64::from(i32::MAX) {
        return Err(overflow_error("signed integer is greater than maximum"));
    }
    if x < i64::from(i32::MIN) {
        return Err(overflow_error("signed integer is less than minimum"));
    }
    Ok(x as i32)
}

/// getargs' `h` format: a C short.
fn arg_short(v: &PyObject) -> PyResult<i16> {
    let x = as_long(v)?;
    if x < i64::from(i16::MIN) {
        return Err(overflow_error("signed short integer is less than minimum"));
    }
    if x > i64::from(i16::MAX) {
        return Err(overflow_error("signed short integer is greater than maximum"));
    }
    Ok(x as i16)
}

/// `u_setitem` / `w_setitem`: one character.
fn char_arg(v: &PyObject) -> PyResult<u32> {
    let Some(s) = downcast::<StrObject>(v) else {
        return Err(type_error(&format!("array item must be a unicode character, not {}", rupy::objects::typeobject::fully_qualified_name(type_of(v)))));
    };
    if s.len() != 1 {
        return Err(type_error(&format!(
            "array item must be a unicode character, not a string of length {}",
            s.len()
        )));
    }
    Ok(s.data().get(0))
}

/// The `*_setitem` conversion of `v` to a raw item.
fn pack(d: &Descr, v: &PyObject) -> PyResult<RawItem> {
    Ok(match d.typecode {
        b'b' => {
            let x = arg_short(v)?;
            if x < -128 {
                return Err(overflow_error("signed char is less than minimum"));
            }
            if x > 127 {
                return Err(overflow_error("signed char is greater than maximum"));
            }
            raw((x as i8).to_ne_bytes())
        }
        b'B' => {
            let x = as_long(v)?;
            if x < 0 {
                return Err(overflow_error("unsigned byte integer is less than minimum"));
            }
            if x > 255 {
                return Err(overflow_error("unsigned byte integer is greater than maximum"));
            }
            raw([x as u8])
        }
        b'u' | b'w' => raw(char_arg(v)?.to_ne_bytes()),
        b'h' => raw(arg_short(v)?.to_ne_bytes()),
        b'H' => {
            let x = arg_int(v)?;
            if x < 0 {
                return Err(overflow_error("unsigned short is less than minimum"));
            }
            if x > i32::from(u16::MAX) {
                return Err(overflow_error("unsigned short is greater than maximum"));
            }
            raw((x as u16).to_ne_bytes())
        }
        b'i' => raw(arg_int(v)?.to_ne_bytes()),
        b'I' => {
            let x = as_unsigned_long(v)?;
            let x = u32::try_from(x).map_err(|_| overflow_error("unsigned int is greater than maximum"))?;
            raw(x.to_ne_bytes())
        }
        b'l' => raw(as_long(v)?.to_ne_bytes()),
        b'L' => raw(as_unsigned_long(v)?.to_ne_bytes()),
        b'q' => {
            let i = r#abstract::index(v)?;
            let x = downcast::<IntObject>(&i)
                .and_then(IntObject::as_i64)
                .ok_or_else(|| overflow_error("int too big to convert"))?;
            raw(x.to_ne_bytes())
        }
        b'Q' => {
            let b = unsigned_arg(v)?;
            if b.sign() == num_bigint::Sign::Minus {
                return Err(overflow_error("can't convert negative int to unsigned"));
            }
            raw(u64::try_from(&b).map_err(|_| overflow_error("int too big to convert"))?.to_ne_bytes())
        }
        b'f' => raw((crate::mathmodule::real(v)? as f32).to_ne_bytes()),
        b'd' => raw(crate::mathmodule::real(v)?.to_ne_bytes()),
        _ => return Err(errors::bad_internal_call()),
    })
}

fn chr_error() -> ErrSet {
    value_error("chr() arg not in range(0x110000)")
}

/// The `*_getitem` conversion of one item's bytes.
fn unpack(d: &Descr, b: &[u8]) -> PyResult<ObjRef> {
    macro_rules! get {
        ($t:ty) => {
            <$t>::from_ne_bytes(b.try_into().map_err(|_| errors::bad_internal_call())?)
        };
    }
    match d.typecode {
        b'b' => longobject::from_i64(i64::from(get!(i8))),
        b'B' => longobject::from_i64(i64::from(get!(u8))),
        b'h' => longobject::from_i64(i64::from(get!(i16))),
        b'H' => longobject::from_i64(i64::from(get!(u16))),
        b'i' => longobject::from_i64(i64::from(get!(i32))),
        b'I' => longobject::from_i64(i64::from(get!(u32))),
        b'l' | b'q' => longobject::from_i64(get!(i64)),
        b'L' | b'Q' => longobject::from_bigint(BigInt::from(get!(u64))),
        b'f' => floatobject::from_f64(f64::from(get!(f32))),
        b'd' => floatobject::from_f64(get!(f64)),
        b'u' | b'w' => {
            let c = get!(u32);
            if c > 0x10FFFF {
                return Err(chr_error());
            }
            unicodeobject::from_char(c)
        }
        _ => Err(errors::bad_internal_call()),
    }
}

/// The code points of a unicode array's bytes.
fn code_points(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4).map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// `PyUnicode_FromWideChar` / `PyUnicode_FromKindAndData` of the code
/// points, with their range check.
fn str_from_code_points(cps: &[u32]) -> PyResult<ObjRef> {
    if let Some(c) = cps.iter().find(|&&c| c > 0x10FFFF) {
        return Err(value_error(&format!("character U+{c:x} is not in range [U+0000; U+10ffff]")));
    }
    unicodeobject::from_code_points(cps).map(into_obj)
}

// ---------------------------------------------------------------------
// The array object.

struct ArrayState {
    /// The items, `len * itemsize` bytes.
    data: Vec<u8>,
    /// `allocated`: the items CPython's growth pattern would have room
    /// for (`buffer_info`'s and `__sizeof__`'s view of the capacity).
    allocated: usize,
    /// `ob_exports`: live buffer exports; while any, the size is fixed.
    exports: isize,
}

/// An `array.array` (`arrayobject`).
#[repr(C)]
pub struct ArrayObject {
    ob_base: ObjectHeader,
    descr: &'static Descr,
    st: Guarded<ArrayState>,
    weakreflist: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ArrayObject {}

impl ArrayState {
    fn len(&self, d: &Descr) -> usize {
        self.data.len() / d.itemsize
    }

    /// `array_resize`: to `newsize` items (new bytes zeroed), with
    /// CPython's over-allocation; BufferError while exported.
    fn resize(&mut self, d: &Descr, newsize: usize) -> PyResult<()> {
        let size = self.len(d);
        if self.exports > 0 && newsize != size {
            return Err(exporting_error());
        }
        let nbytes = newsize.checked_mul(d.itemsize).filter(|&n| n <= isize::MAX as usize).ok_or_else(errors::no_memory)?;
        if self.allocated >= newsize && size < newsize + 16 {
            self.data.resize(nbytes, 0);
            return Ok(());
        }
        if newsize == 0 {
            self.data = Vec::new();
            self.allocated = 0;
            return Ok(());
        }
        let new_alloc = (newsize >> 4) + if size < 8 { 3 } else { 7 } + newsize;
        let cap = new_alloc.checked_mul(d.itemsize).filter(|&n| n <= isize::MAX as usize).ok_or_else(errors::no_memory)?;
        let mut data = Vec::new();
        data.try_reserve_exact(cap).map_err(|_| errors::no_memory())?;
        let keep = self.data.len().min(nbytes);
        data.extend_from_slice(&self.data[..keep]);
        data.resize(nbytes, 0);
        self.data = data;
        self.allocated = new_alloc;
        Ok(())
    }

    /// The byte range of item `i`.
    fn item(&self, d: &Descr, i: usize) -> &[u8] {
        &self.data[i * d.itemsize..(i + 1) * d.itemsize]
    }

    fn set(&mut self, d: &Descr, i: usize, item: &RawItem) {
        self.data[i * d.itemsize..(i + 1) * d.itemsize].copy_from_slice(&item[..d.itemsize]);
    }

    /// `ins1`: inserts at `where_` (clamped as CPython does).
    fn insert(&mut self, d: &Descr, where_: isize, item: &RawItem) -> PyResult<()> {
        let n = self.len(d);
        let mut w = where_;
        if w < 0 {
            w += n as isize;
            if w < 0 {
                w = 0;
            }
        }
        let w = (w as usize).min(n);
        self.resize(d, n + 1)?;
        let s = d.itemsize;
        self.data.copy_within(w * s..n * s, (w + 1) * s);
        self.set(d, w, item);
        Ok(())
    }

    /// `array_del_slice` for `lo..hi` (already clamped).
    fn delete(&mut self, d: &Descr, lo: usize, hi: usize) -> PyResult<()> {
        if hi > lo {
            if self.exports > 0 {
                return Err(exporting_error());
            }
            let n = self.len(d);
            let s = d.itemsize;
            self.data.copy_within(hi * s..n * s, lo * s);
            self.resize(d, n - (hi - lo))?;
        }
        Ok(())
    }

    /// The items of a new array allocated at their exact size, as
    /// `newarrayobject(size)` does before the items are filled in.
    fn set_exact(&mut self, d: &Descr, bytes: Vec<u8>) {
        self.allocated = bytes.len() / d.itemsize;
        self.data = bytes;
    }

    /// Appends raw bytes holding whole items.
    fn extend_bytes(&mut self, d: &Descr, b: &[u8]) -> PyResult<()> {
        let n = self.len(d);
        let add = b.len() / d.itemsize;
        if add == 0 {
            return Ok(());
        }
        let total = n.checked_add(add).ok_or_else(errors::no_memory)?;
        self.resize(d, total)?;
        self.data[n * d.itemsize..].copy_from_slice(&b[..add * d.itemsize]);
        Ok(())
    }
}

impl rupy::objects::object::PyClass for ArrayObject {
    fn type_object() -> &'static TypeObject {
        &ARRAY_TYPE
    }
}

fn array_of(v: &PyObject) -> PyResult<&ArrayObject> {
    downcast::<ArrayObject>(v).ok_or_else(errors::bad_internal_call)
}

impl ArrayObject {
    fn with<R>(&self, f: impl FnOnce(&mut ArrayState) -> PyResult<R>) -> PyResult<R> {
        self.st.with(as_obj(self), f)
    }

    fn len(&self) -> PyResult<usize> {
        let d = self.descr;
        self.with(|s| Ok(s.len(d)))
    }

    /// A copy of the bytes.
    fn bytes(&self) -> PyResult<Vec<u8>> {
        self.with(|s| Ok(s.data.clone()))
    }

    /// Item `i` as a Python object, or None past the end.
    fn get(&self, i: usize) -> PyResult<Option<ObjRef>> {
        let d = self.descr;
        let Some(b) = self.with(|s| Ok((i < s.len(d)).then(|| raw_copy(s.item(d, i)))))? else {
            return Ok(None);
        };
        unpack(d, &b[..d.itemsize]).map(Some)
    }
}

fn raw_copy(b: &[u8]) -> RawItem {
    let mut r = [0u8; 8];
    r[..b.len()].copy_from_slice(b);
    r
}

/// `newarrayobject`: an empty array of type `ty`.
fn new_array(ty: &TypeObject, d: &'static Descr) -> PyResult<ObjRef> {
    let st = Guarded::new(ArrayState { data: Vec::new(), allocated: 0, exports: 0 });
    if core::ptr::eq(ty, &ARRAY_TYPE) {
        let a = ArrayObject { ob_base: ObjectHeader::new(&ARRAY_TYPE.head), descr: d, st, weakreflist: ObjSlot::empty() };
        return object::new_object(a).map(into_obj);
    }
    if !ty.is_subtype(&ARRAY_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: only the header is initialized; the fields are written below.
    let obj: ObjRef = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    let p = obj.as_ptr().as_ptr().cast::<ArrayObject>();
    // SAFETY: the subclass's instances have at least the array layout;
    // each field is written once into the zeroed memory before any use.
    unsafe {
        core::ptr::addr_of_mut!((*p).descr).write(d);
        core::ptr::addr_of_mut!((*p).st).write(st);
        core::ptr::addr_of_mut!((*p).weakreflist).write(ObjSlot::empty());
    }
    Ok(obj)
}

/// A new plain `array` of `d`'s kind holding `bytes`.
fn array_from_bytes(d: &'static Descr, bytes: &[u8]) -> PyResult<ObjRef> {
    let a = new_array(&ARRAY_TYPE, d)?;
    array_of(&a)?.with(|s| {
        s.set_exact(d, bytes.to_vec());
        Ok(())
    })?;
    Ok(a)
}

/// The typecode argument (`C` format): one character.
fn typecode_arg(fname: &str, pos: usize, v: &PyObject) -> PyResult<u32> {
    match downcast::<StrObject>(v) {
        Some(s) if s.len() == 1 => Ok(s.data().get(0)),
        Some(s) => Err(type_error(&format!(
            "{fname}() argument {pos} must be a unicode character, not a string of length {}",
            s.len()
        ))),
        None => Err(type_error(&format!(
            "{fname}() argument {pos} must be a unicode character, not {}",
            type_of(v).name()
        ))),
    }
}

/// Appends the items of an iterator one at a time (`array_iter_extend`).
fn iter_extend(a: &ArrayObject, it: &PyObject) -> PyResult<()> {
    let d = a.descr;
    while let Some(v) = r#abstract::iter_next(it)? {
        let item = pack(d, &v)?;
        a.with(|s| {
            let n = s.len(d) as isize;
            s.insert(d, n, &item)
        })?;
    }
    Ok(())
}

fn is_unicode(d: &Descr) -> bool {
    d.typecode == b'u' || d.typecode == b'w'
}

/// `array_new`.
fn array_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let own_init = match (ty.slots.tp_init.get(), ARRAY_TYPE.slots.tp_init.get()) {
        (Some(a), Some(b)) => core::ptr::fn_addr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    };
    if core::ptr::eq(ty, &ARRAY_TYPE) || own_init {
        crate::guarded::no_keywords("array.array", kwds)?;
    }
    let a = args.as_slice();
    if a.is_empty() || a.len() > 2 {
        return Err(type_error(&if a.is_empty() {
            "array() takes at least 1 argument (0 given)".to_owned()
        } else {
            format!("array() takes at most 2 arguments ({} given)", a.len())
        }));
    }
    let c = typecode_arg("array", 1, &a[0])?;
    new_from(ty, c, a.get(1).map(|o| &**o))
}

/// The body of `array_new` after argument parsing (also `make_array`).
fn new_from(ty: &TypeObject, c: u32, initial: Option<&PyObject>) -> PyResult<ObjRef> {
    if c == u32::from(b'u') {
        errors::warn(
            exceptions::deprecation_warning(),
            "The 'u' type code is deprecated and will be removed in Python 3.16",
            1,
        )?;
    }
    let unicode = c == u32::from(b'u') || c == u32::from(b'w');
    let ch = char::from_u32(c).unwrap_or('?');
    if let Some(init) = initial
        && !unicode
    {
        if downcast::<StrObject>(init).is_some() {
            return Err(type_error(&format!("cannot use a str to initialize an array with typecode '{ch}'")));
        }
        if let Some(other) = downcast::<ArrayObject>(init)
            && is_unicode(other.descr)
        {
            return Err(type_error(&format!(
                "cannot use a unicode array to initialize an array with typecode '{ch}'"
            )));
        }
    }
    let mut initial = initial;
    let mut iter = None;
    if let Some(init) = initial {
        let direct = downcast::<ListObject>(init).is_some()
            || downcast::<ByteArrayObject>(init).is_some()
            || downcast::<BytesObject>(init).is_some()
            || downcast::<TupleObject>(init).is_some()
            || (unicode && downcast::<StrObject>(init).is_some())
            || downcast::<ArrayObject>(init).is_some_and(|o| u32::from(o.descr.typecode) == c);
        if !direct {
            iter = Some(r#abstract::get_iter(init)?);
            initial = None;
        }
    }
    let Some(d) = find_descr(c) else {
        return Err(value_error("bad typecode (must be b, B, u, w, h, H, i, I, l, L, q, Q, f or d)"));
    };
    let result = new_array(ty, d)?;
    let arr = array_of(&result)?;
    if let Some(init) = initial {
        let exact = if let Some(other) = downcast::<ArrayObject>(init) {
            Some(other.bytes()?)
        } else if downcast::<BytesObject>(init).is_some() || downcast::<ByteArrayObject>(init).is_some() {
            frombytes(arr, init)?;
            None
        } else if let Some(s) = downcast::<StrObject>(init) {
            Some(s.data().iter().flat_map(u32::to_ne_bytes).collect())
        } else {
            let items = r#abstract::collect(init)?;
            let mut b = Vec::with_capacity(items.len() * d.itemsize);
            for v in &items {
                b.extend_from_slice(&pack(d, v)?[..d.itemsize]);
            }
            Some(b)
        };
        if let Some(b) = exact {
            arr.with(|st| {
                st.set_exact(d, b);
                Ok(())
            })?;
        }
    }
    if let Some(it) = iter {
        iter_extend(arr, &it)?;
    }
    Ok(result)
}

fn none() -> PyResult<ObjRef> {
    Ok(object::none())
}

fn int(n: usize) -> PyResult<ObjRef> {
    longobject::from_i64(n as i64)
}

// ---------------------------------------------------------------------
// Sequence and mapping slots.

fn array_length(v: &PyObject) -> PyResult<isize> {
    Ok(array_of(v)?.len()? as isize)
}

/// `array_item`.
fn array_item(v: &PyObject, i: isize) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let n = a.len()? as isize;
    let i = if i < 0 { i + n } else { i };
    if i < 0 {
        return Err(index_error("array index out of range"));
    }
    a.get(i as usize)?.ok_or_else(|| index_error("array index out of range"))
}

/// `array_contains`.
fn array_contains(v: &PyObject, x: &PyObject) -> PyResult<bool> {
    let a = array_of(v)?;
    let mut i = 0;
    while let Some(item) = a.get(i)? {
        if object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

/// `array_concat`: always a plain `array`.
fn array_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let Some(b) = downcast::<ArrayObject>(w) else {
        return Err(type_error(&format!(
            "can only append array (not \"{}\") to array",
            type_of(w).tp_name.as_str()
        )));
    };
    if !core::ptr::eq(a.descr, b.descr) {
        return Err(bad_argument());
    }
    let mut bytes = a.bytes()?;
    bytes.extend_from_slice(&b.bytes()?);
    array_from_bytes(a.descr, &bytes)
}

/// The bytes of `b` repeated `n` times, or MemoryError.
fn repeat_bytes(b: &[u8], n: isize) -> PyResult<Vec<u8>> {
    let n = n.max(0) as usize;
    let total = b.len().checked_mul(n).filter(|&t| t <= isize::MAX as usize).ok_or_else(errors::no_memory)?;
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| errors::no_memory())?;
    for _ in 0..if b.is_empty() { 0 } else { n } {
        out.extend_from_slice(b);
    }
    Ok(out)
}

/// `array_repeat`.
fn array_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let out = repeat_bytes(&a.bytes()?, n)?;
    array_from_bytes(a.descr, &out)
}

/// `array_do_extend`: another array of the same kind, or any iterable.
fn do_extend(a: &ArrayObject, w: &PyObject) -> PyResult<()> {
    let Some(b) = downcast::<ArrayObject>(w) else {
        let it = r#abstract::get_iter(w)?;
        return iter_extend(a, &it);
    };
    if !core::ptr::eq(a.descr, b.descr) {
        return Err(type_error("can only extend with array of same kind"));
    }
    let bytes = b.bytes()?;
    a.with(|s| s.extend_bytes(a.descr, &bytes))
}

/// `array_inplace_concat`.
fn array_inplace_concat(v: &PyObject, w: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    if downcast::<ArrayObject>(w).is_none() {
        return Err(type_error(&format!(
            "can only extend array with array (not \"{}\")",
            type_of(w).tp_name.as_str()
        )));
    }
    do_extend(a, w)?;
    Ok(object::new_ref(v))
}

/// `array_inplace_repeat`.
fn array_inplace_repeat(v: &PyObject, n: isize) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let d = a.descr;
    a.with(|s| {
        let size = s.len(d);
        if size > 0 && n != 1 {
            let out = repeat_bytes(&s.data, n)?;
            s.resize(d, out.len() / d.itemsize)?;
            s.data.copy_from_slice(&out);
        }
        Ok(())
    })?;
    Ok(object::new_ref(v))
}

fn index_key(key: &PyObject) -> Option<PyResult<isize>> {
    type_of(key).slots.nb_index.get().map(|_| r#abstract::as_ssize(key, Some(exceptions::index_error())))
}

/// `array_subscr`.
fn array_subscr(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    if let Some(i) = index_key(key) {
        return array_item(v, i?);
    }
    let Some(sl) = downcast::<SliceObject>(key) else {
        return Err(type_error("array indices must be integers"));
    };
    let d = a.descr;
    let (start, stop, step) = sl.unpack()?;
    let bytes = a.with(|s| {
        let (mut start, mut stop) = (start, stop);
        let n = sliceobject::adjust_indices(s.len(d) as isize, &mut start, &mut stop, step);
        let mut out = Vec::with_capacity(n.max(0) as usize * d.itemsize);
        for i in sliceobject::positions(start, step, n) {
            out.extend_from_slice(s.item(d, i));
        }
        Ok(out)
    })?;
    array_from_bytes(d, &bytes)
}

/// `array_ass_subscr`: item assignment, slice assignment from an array
/// of the same kind, and deletion.
fn array_ass_subscr(v: &PyObject, key: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let a = array_of(v)?;
    let d = a.descr;
    if let Some(i) = index_key(key) {
        let i = i?;
        let Some(value) = value else {
            return a.with(|s| {
                let n = s.len(d) as isize;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    return Err(index_error("array assignment index out of range"));
                }
                s.delete(d, j as usize, j as usize + 1)
            });
        };
        let item = pack(d, value)?;
        return a.with(|s| {
            let n = s.len(d) as isize;
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(index_error("array assignment index out of range"));
            }
            s.set(d, j as usize, &item);
            Ok(())
        });
    }
    let Some(sl) = downcast::<SliceObject>(key) else {
        return Err(type_error("array indices must be integers"));
    };
    let (start, stop, step) = sl.unpack()?;
    let other = match value {
        None => None,
        Some(w) => match downcast::<ArrayObject>(w) {
            Some(o) => {
                if !core::ptr::eq(o.descr, d) {
                    return Err(bad_argument());
                }
                Some(o.bytes()?)
            }
            None => {
                return Err(type_error(&format!(
                    "can only assign array (not \"{}\") to array slice",
                    type_of(w).tp_name.as_str()
                )));
            }
        },
    };
    a.with(|s| assign_slice(s, d, start, stop, step, other.as_deref()))
}

/// The slice part of `array_ass_subscr`, on the state.
fn assign_slice(s: &mut ArrayState, d: &Descr, start: isize, stop: isize, step: isize, other: Option<&[u8]>) -> PyResult<()> {
    let (mut start, mut stop) = (start, stop);
    let slicelength = sliceobject::adjust_indices(s.len(d) as isize, &mut start, &mut stop, step);
    let isz = d.itemsize;
    let needed = other.map_or(0, |o| o.len() / isz) as isize;
    if (step > 0 && stop < start) || (step < 0 && stop > start) {
        stop = start;
    }
    if (needed == 0 || slicelength != needed) && s.exports > 0 {
        return Err(exporting_error());
    }
    let size = s.len(d) as isize;
    if step == 1 {
        let (start, stop) = (start as usize, stop as usize);
        let newsize = (size + needed - slicelength) as usize;
        if slicelength > needed {
            s.data.copy_within(stop * isz..size as usize * isz, (start + needed as usize) * isz);
            s.resize(d, newsize)?;
        } else if slicelength < needed {
            s.resize(d, newsize)?;
            s.data.copy_within(stop * isz..size as usize * isz, (start + needed as usize) * isz);
        }
        if let Some(o) = other {
            s.data[start * isz..start * isz + o.len()].copy_from_slice(o);
        }
        return Ok(());
    }
    let Some(o) = other.filter(|_| needed > 0) else {
        // Deletion of an extended slice: keep the items not selected.
        let picked: Vec<usize> = sliceobject::positions(start, step, slicelength).collect();
        let mut drop_it = vec![false; size as usize];
        for i in picked {
            drop_it[i] = true;
        }
        let mut kept = Vec::with_capacity(s.data.len());
        for (i, chunk) in s.data.chunks_exact(isz).enumerate() {
            if !drop_it[i] {
                kept.extend_from_slice(chunk);
            }
        }
        let n = kept.len() / isz;
        s.data[..kept.len()].copy_from_slice(&kept);
        return s.resize(d, n);
    };
    if needed != slicelength {
        return Err(value_error(&format!(
            "attempt to assign array of size {needed} to extended slice of size {slicelength}"
        )));
    }
    for (k, i) in sliceobject::positions(start, step, slicelength).enumerate() {
        s.data[i * isz..(i + 1) * isz].copy_from_slice(&o[k * isz..(k + 1) * isz]);
    }
    Ok(())
}

/// A decoded item for the same-typecode comparison fast path.
#[derive(PartialEq, PartialOrd)]
enum Key {
    Signed(i64),
    Unsigned(u64),
}

fn key(d: &Descr, b: &[u8]) -> Key {
    // `u` items are wchar_t, a signed int on Linux.
    let signed = d.is_signed || d.typecode == b'u';
    match (b.len(), signed) {
        (1, true) => Key::Signed(i64::from(b[0] as i8)),
        (2, true) => Key::Signed(i64::from(i16::from_ne_bytes([b[0], b[1]]))),
        (4, true) => Key::Signed(i64::from(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))),
        (1, false) => Key::Unsigned(u64::from(b[0])),
        (2, false) => Key::Unsigned(u64::from(u16::from_ne_bytes([b[0], b[1]]))),
        (4, false) => Key::Unsigned(u64::from(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))),
        _ => {
            let r = raw_copy(b);
            if signed { Key::Signed(i64::from_ne_bytes(r)) } else { Key::Unsigned(u64::from_ne_bytes(r)) }
        }
    }
}

fn op_result(ord: core::cmp::Ordering, op: CompareOp) -> bool {
    use core::cmp::Ordering::*;
    match op {
        CompareOp::Lt => ord == Less,
        CompareOp::Le => ord != Greater,
        CompareOp::Eq => ord == Equal,
        CompareOp::Ne => ord != Equal,
        CompareOp::Gt => ord == Greater,
        CompareOp::Ge => ord != Less,
    }
}

/// `array_richcompare`.
fn array_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    let (Some(va), Some(wa)) = (downcast::<ArrayObject>(v), downcast::<ArrayObject>(w)) else {
        return Ok(object::not_implemented());
    };
    let (vb, wb) = (va.bytes()?, wa.bytes()?);
    let (vn, wn) = (vb.len() / va.descr.itemsize, wb.len() / wa.descr.itemsize);
    if vn != wn && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(boolobject::from_bool(op == CompareOp::Ne));
    }
    let size_cmp = || Ok(boolobject::from_bool(op_result(vn.cmp(&wn), op)));
    if core::ptr::eq(va.descr, wa.descr) && va.descr.typecode != b'f' && va.descr.typecode != b'd' {
        let d = va.descr;
        for (x, y) in vb.chunks_exact(d.itemsize).zip(wb.chunks_exact(d.itemsize)) {
            let (kx, ky) = (key(d, x), key(d, y));
            if kx != ky {
                let ord = kx.partial_cmp(&ky).unwrap_or(core::cmp::Ordering::Equal);
                return Ok(boolobject::from_bool(op_result(ord, op)));
            }
        }
        return size_cmp();
    }
    for (x, y) in vb.chunks_exact(va.descr.itemsize).zip(wb.chunks_exact(wa.descr.itemsize)) {
        let (vi, wi) = (unpack(va.descr, x)?, unpack(wa.descr, y)?);
        if !object::rich_compare_bool(&vi, &wi, CompareOp::Eq)? {
            return match op {
                CompareOp::Eq => Ok(boolobject::from_bool(false)),
                CompareOp::Ne => Ok(boolobject::from_bool(true)),
                _ => object::rich_compare(&vi, &wi, op),
            };
        }
    }
    size_cmp()
}

/// `array_repr`.
fn array_repr(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let name = type_of(v).name().to_owned();
    let tc = char::from(a.descr.typecode);
    let b = a.bytes()?;
    if b.is_empty() {
        return unicodeobject::from_string(format!("{name}('{tc}')")).map(into_obj);
    }
    let inner = if is_unicode(a.descr) {
        to_unicode(a.descr, &b)?
    } else {
        tolist_of(a.descr, &b)?
    };
    let r = object::repr(&inner)?;
    unicodeobject::from_string(format!("{name}('{tc}', {})", r.to_string_lossy())).map(into_obj)
}

fn tolist_of(d: &Descr, b: &[u8]) -> PyResult<ObjRef> {
    let list = ListObject::new()?;
    for c in b.chunks_exact(d.itemsize) {
        list.append(&*unpack(d, c)?)?;
    }
    Ok(into_obj(list))
}

// ---------------------------------------------------------------------
// Methods.

fn m_append(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let d = a.descr;
    let item = pack(d, x)?;
    a.with(|s| {
        let n = s.len(d) as isize;
        s.insert(d, n, &item)
    })?;
    none()
}

fn m_buffer_info(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let d = a.descr;
    let (addr, n) = a.with(|s| Ok((if s.allocated == 0 { 0 } else { s.data.as_ptr() as usize }, s.len(d))))?;
    let addr = longobject::from_bigint(BigInt::from(addr))?;
    tupleobject::from_slice(&[&addr, &*int(n)?]).map(into_obj)
}

fn m_byteswap(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let isz = a.descr.itemsize;
    a.with(|s| {
        for c in s.data.chunks_exact_mut(isz) {
            c.reverse();
        }
        Ok(())
    })?;
    none()
}

fn m_clear(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    a.with(|s| s.resize(a.descr, 0))?;
    none()
}

fn m_copy(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    array_from_bytes(a.descr, &a.bytes()?)
}

fn m_deepcopy(v: &PyObject, _memo: &PyObject) -> PyResult<ObjRef> {
    m_copy(v)
}

fn m_count(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let (mut i, mut n) = (0, 0);
    while let Some(item) = a.get(i)? {
        if object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            n += 1;
        }
        i += 1;
    }
    int(n)
}

fn m_extend(v: &PyObject, bb: &PyObject) -> PyResult<ObjRef> {
    do_extend(array_of(v)?, bb)?;
    none()
}

/// `frombytes`: a buffer of whole items (of item size 1) appended.
fn frombytes(a: &ArrayObject, buf: &PyObject) -> PyResult<()> {
    let itemsize = if let Some(other) = downcast::<ArrayObject>(buf) {
        other.descr.itemsize as isize
    } else if object::type_check(buf, &rupy::objects::memoryobject::MEMORYVIEW_TYPE) {
        r#abstract::as_ssize(&*object::get_attr_str(buf, "itemsize")?, None)?
    } else {
        1
    };
    if itemsize != 1 {
        return Err(type_error("a bytes-like object is required"));
    }
    let Some(b) = bytesobject::bytes_like(buf) else {
        return Err(type_error(&format!("a bytes-like object is required, not '{}'", type_of(buf).name())));
    };
    if b.len() % a.descr.itemsize != 0 {
        return Err(value_error("bytes length not a multiple of item size"));
    }
    a.with(|s| s.extend_bytes(a.descr, &b))
}

fn m_frombytes(v: &PyObject, buf: &PyObject) -> PyResult<ObjRef> {
    frombytes(array_of(v)?, buf)?;
    none()
}

fn m_fromfile(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [f, n] = args else {
        return Err(type_error(&format!("fromfile expected 2 arguments, got {}", args.len())));
    };
    let a = array_of(v)?;
    let n = crate::guarded::ssize_arg(n)?;
    if n < 0 {
        return Err(value_error("negative count"));
    }
    let nbytes = (n as usize).checked_mul(a.descr.itemsize).filter(|&b| b <= isize::MAX as usize).ok_or_else(errors::no_memory)?;
    let read = object::get_attr_str(f, "read")?;
    let b = object::call(&read, &[&*int(nbytes)?])?;
    let Some(bytes) = downcast::<BytesObject>(&b) else {
        return Err(type_error("read() didn't return bytes"));
    };
    let short = bytes.as_bytes().len() != nbytes;
    frombytes(a, &b)?;
    if short {
        return Err(errors::set_string(exceptions::eof_error(), "read() didn't return enough bytes"));
    }
    none()
}

fn m_fromlist(v: &PyObject, list: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let d = a.descr;
    let Some(l) = downcast::<ListObject>(list) else {
        return Err(type_error("arg must be list"));
    };
    let n = l.len();
    let mut b = Vec::with_capacity(n * d.itemsize);
    for i in 0..n {
        let item = l.get_item(i as isize)?;
        b.extend_from_slice(&pack(d, &item)?[..d.itemsize]);
        if l.len() != n {
            return Err(errors::set_string(exceptions::runtime_error(), "list changed size during iteration"));
        }
    }
    a.with(|s| s.extend_bytes(d, &b))?;
    none()
}

fn m_fromunicode(v: &PyObject, u: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let Some(s) = downcast::<StrObject>(u) else {
        return Err(type_error(&format!("fromunicode() argument must be str, not {}", type_of(u).name())));
    };
    if !is_unicode(a.descr) {
        return Err(value_error("fromunicode() may only be called on unicode type arrays ('u' or 'w')"));
    }
    let b: Vec<u8> = s.data().iter().flat_map(u32::to_ne_bytes).collect();
    a.with(|st| st.extend_bytes(a.descr, &b))?;
    none()
}

/// `_PyEval_SliceIndexNotNone`.
fn slice_index(v: &PyObject) -> PyResult<isize> {
    if type_of(v).slots.nb_index.get().is_none() {
        return Err(type_error("slice indices must be integers or have an __index__ method"));
    }
    let i = r#abstract::index(v)?;
    let i = downcast::<IntObject>(&i).ok_or_else(errors::bad_internal_call)?;
    Ok(match i.as_i64() {
        Some(x) => x as isize,
        None if i.sign() < 0 => isize::MIN,
        None => isize::MAX,
    })
}

fn m_index(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.is_empty() || args.len() > 3 {
        return Err(type_error(&if args.is_empty() {
            "index expected at least 1 argument, got 0".to_owned()
        } else {
            format!("index expected at most 3 arguments, got {}", args.len())
        }));
    }
    let a = array_of(v)?;
    let mut start = match args.get(1) {
        Some(s) => slice_index(s)?,
        None => 0,
    };
    let mut stop = match args.get(2) {
        Some(s) => slice_index(s)?,
        None => isize::MAX,
    };
    let n = a.len()? as isize;
    if start < 0 {
        start = (start + n).max(0);
    }
    if stop < 0 {
        stop += n;
    }
    let mut i = start;
    while i < stop {
        let Some(item) = a.get(i as usize)? else { break };
        if object::rich_compare_bool(&item, &args[0], CompareOp::Eq)? {
            return int(i as usize);
        }
        i += 1;
    }
    Err(value_error("array.index(x): x not in array"))
}

fn m_insert(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let [i, x] = args else {
        return Err(type_error(&format!("insert expected 2 arguments, got {}", args.len())));
    };
    let a = array_of(v)?;
    let i = crate::guarded::ssize_arg(i)?;
    let item = pack(a.descr, x)?;
    a.with(|s| s.insert(a.descr, i, &item))?;
    none()
}

fn m_pop(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() > 1 {
        return Err(type_error(&format!("pop expected at most 1 argument, got {}", args.len())));
    }
    let a = array_of(v)?;
    let i = match args.first() {
        Some(i) => crate::guarded::ssize_arg(i)?,
        None => -1,
    };
    let d = a.descr;
    let b = a.with(|s| {
        let n = s.len(d) as isize;
        if n == 0 {
            return Err(index_error("pop from empty array"));
        }
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("pop index out of range"));
        }
        let j = j as usize;
        let b = raw_copy(s.item(d, j));
        s.delete(d, j, j + 1)?;
        Ok(b)
    })?;
    unpack(d, &b[..d.itemsize])
}

fn m_remove(v: &PyObject, x: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let d = a.descr;
    let mut i = 0;
    while let Some(item) = a.get(i)? {
        if object::rich_compare_bool(&item, x, CompareOp::Eq)? {
            a.with(|s| {
                if i < s.len(d) {
                    s.delete(d, i, i + 1)?;
                }
                Ok(())
            })?;
            return none();
        }
        i += 1;
    }
    Err(value_error("array.remove(x): x not in array"))
}

fn m_reverse(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let isz = a.descr.itemsize;
    a.with(|s| {
        let n = s.data.len() / isz;
        for k in 0..n / 2 {
            for b in 0..isz {
                s.data.swap(k * isz + b, (n - 1 - k) * isz + b);
            }
        }
        Ok(())
    })?;
    none()
}

fn m_tobytes(v: &PyObject) -> PyResult<ObjRef> {
    bytesobject::from_bytes(&array_of(v)?.bytes()?).map(into_obj)
}

/// `tofile`: writes the bytes in blocks of 64 KiB.
fn m_tofile(v: &PyObject, f: &PyObject) -> PyResult<ObjRef> {
    let b = array_of(v)?.bytes()?;
    if b.is_empty() {
        return none();
    }
    let write = object::get_attr_str(f, "write")?;
    for chunk in b.chunks(64 * 1024) {
        let bytes = bytesobject::from_bytes(chunk)?;
        object::call(&write, &[as_obj(&*bytes)])?;
    }
    none()
}

fn m_tolist(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    tolist_of(a.descr, &a.bytes()?)
}

fn m_tounicode(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    if !is_unicode(a.descr) {
        return Err(value_error("tounicode() may only be called on unicode type arrays ('u' or 'w')"));
    }
    to_unicode(a.descr, &a.bytes()?)
}

/// `tounicode`'s conversion: `u` items as wide characters, `w` items
/// through the strict UTF-32 decoder in native order.
fn to_unicode(d: &Descr, b: &[u8]) -> PyResult<ObjRef> {
    if d.typecode == b'u' {
        return str_from_code_points(&code_points(b));
    }
    let codec = if cfg!(target_endian = "little") { "utf-32-le" } else { "utf-32-be" };
    let bytes = bytesobject::from_bytes(b)?;
    let decode = object::get_attr_str(as_obj(&*bytes), "decode")?;
    object::call(&decode, &[as_obj(&*unicodeobject::from_str(codec)?)])
}

/// `__sizeof__`: the object plus the allocated items.
fn m_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let alloc = a.with(|s| Ok(s.allocated))?;
    int(type_of(v).tp_basicsize + alloc * a.descr.itemsize)
}

/// `typecode_to_mformat_code` for this machine (little-endian IEEE).
fn mformat_code(typecode: u8) -> i64 {
    let le = cfg!(target_endian = "little");
    let be = i64::from(!le);
    match typecode {
        b'b' => SIGNED_INT8,
        b'B' => UNSIGNED_INT8,
        b'u' | b'w' => UTF32_LE + be,
        b'f' => IEEE_754_FLOAT_LE + be,
        b'd' => IEEE_754_DOUBLE_LE + be,
        b'h' => UNSIGNED_INT16_LE + be + 2,
        b'H' => UNSIGNED_INT16_LE + be,
        b'i' => UNSIGNED_INT32_LE + be + 2,
        b'I' => UNSIGNED_INT32_LE + be,
        b'l' | b'q' => UNSIGNED_INT64_LE + be + 2,
        b'L' | b'Q' => UNSIGNED_INT64_LE + be,
        _ => UNKNOWN_FORMAT,
    }
}

const UNKNOWN_FORMAT: i64 = -1;
const UNSIGNED_INT8: i64 = 0;
const SIGNED_INT8: i64 = 1;
const UNSIGNED_INT16_LE: i64 = 2;
const UNSIGNED_INT32_LE: i64 = 6;
const UNSIGNED_INT64_LE: i64 = 10;
const IEEE_754_FLOAT_LE: i64 = 14;
const IEEE_754_DOUBLE_LE: i64 = 16;
const UTF16_LE: i64 = 18;
const UTF32_LE: i64 = 20;
const MACHINE_FORMAT_CODE_MAX: i64 = 21;

/// `mformat_descriptors`: (size, signed, big-endian) of each code.
fn mformat_descr(code: i64) -> (usize, bool, bool) {
    let be = code % 2 == 1;
    match code {
        0 => (1, false, false),
        1 => (1, true, false),
        2..=5 => (2, code >= 4, be),
        6..=9 => (4, code >= 8, be),
        10..=13 => (8, code >= 12, be),
        14 | 15 => (4, false, be),
        16 | 17 => (8, false, be),
        18 | 19 => (4, false, be),
        _ => (8, false, be),
    }
}

/// `__reduce_ex__`: `_array_reconstructor` with the machine bytes for
/// protocol 3 and up, else `(type, (typecode, list), dict)`.
fn m_reduce_ex(v: &PyObject, value: &PyObject) -> PyResult<ObjRef> {
    let a = array_of(v)?;
    let Some(proto) = downcast::<IntObject>(value) else {
        return Err(type_error("__reduce_ex__ argument should be an integer"));
    };
    let proto = proto.as_i64().ok_or_else(|| overflow_error("Python int too large to convert to C long"))?;
    let dict = match object::get_attr_str(v, "__dict__") {
        Ok(d) => d,
        Err(e) if errors::exception_matches(exceptions::attribute_error()) => {
            drop(e);
            errors::clear();
            object::none()
        }
        Err(e) => return Err(e),
    };
    let typecode = unicodeobject::from_char(u32::from(a.descr.typecode))?;
    let code = mformat_code(a.descr.typecode);
    let ty = as_obj(type_of(v));
    if code == UNKNOWN_FORMAT || proto < 3 {
        let list = m_tolist(v)?;
        let args = tupleobject::from_slice(&[&typecode, &list])?;
        return tupleobject::from_slice(&[ty, as_obj(&*args), &dict]).map(into_obj);
    }
    let bytes = m_tobytes(v)?;
    let module = rupy::import::import_module("array")?;
    let recon = object::get_attr_str(&module, "_array_reconstructor")?;
    let args = tupleobject::from_slice(&[ty, &typecode, &*longobject::from_i64(code)?, &bytes])?;
    tupleobject::from_slice(&[&recon, as_obj(&*args), &dict]).map(into_obj)
}

/// `array._array_reconstructor(arraytype, typecode, mformat_code, items)`.
fn array_reconstructor(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kw.is_some_and(|k| !k.as_slice().is_empty()) {
        return Err(type_error("_array_reconstructor() takes no keyword arguments"));
    }
    let [arraytype, typecode, mcode, items] = args else {
        return Err(type_error(&format!("_array_reconstructor expected 4 arguments, got {}", args.len())));
    };
    let c = typecode_arg("_array_reconstructor", 2, typecode)?;
    let mcode = {
        let i = r#abstract::index(mcode)?;
        downcast::<IntObject>(&i)
            .and_then(IntObject::as_i64)
            .and_then(|x| i32::try_from(x).ok())
            .ok_or_else(|| overflow_error("Python int too large to convert to C int"))?
    };
    let mcode = i64::from(mcode);
    let Some(ty) = downcast::<TypeObject>(arraytype) else {
        return Err(type_error(&format!(
            "first argument must be a type object, not {}",
            type_of(arraytype).tp_name.as_str()
        )));
    };
    if !ty.is_subtype(&ARRAY_TYPE) {
        return Err(type_error(&format!(
            "{} is not a subtype of {}",
            ty.tp_name.as_str(),
            ARRAY_TYPE.tp_name.as_str()
        )));
    }
    let Some(d) = find_descr(c) else {
        return Err(value_error("second argument must be a valid type code"));
    };
    if !(0..=MACHINE_FORMAT_CODE_MAX).contains(&mcode) {
        return Err(value_error("third argument must be a valid machine format code."));
    }
    let Some(bytes) = downcast::<BytesObject>(items) else {
        return Err(type_error(&format!(
            "fourth argument should be bytes, not {}",
            type_of(items).tp_name.as_str()
        )));
    };
    if mcode == mformat_code(d.typecode) {
        return new_from(ty, c, Some(items));
    }
    let (size, signed, big) = mformat_descr(mcode);
    let data = bytes.as_bytes();
    if data.len() % size != 0 {
        return Err(value_error("string length not a multiple of item size"));
    }
    let ordered = |chunk: &[u8]| -> [u8; 8] {
        let mut r = [0u8; 8];
        for (k, x) in chunk.iter().enumerate() {
            r[if big { size - 1 - k } else { k }] = *x;
        }
        r
    };
    let (typecode, converted): (u32, ObjRef) = match mcode {
        14..=17 => {
            let list = ListObject::new()?;
            for chunk in data.chunks_exact(size) {
                let r = ordered(chunk);
                let x = if size == 4 { f64::from(f32::from_le_bytes([r[0], r[1], r[2], r[3]])) } else { f64::from_le_bytes(r) };
                list.append(&*floatobject::from_f64(x)?)?;
            }
            (c, into_obj(list))
        }
        UTF16_LE..=21 => {
            let codec = match mcode {
                UTF16_LE => "utf-16-le",
                19 => "utf-16-be",
                UTF32_LE => "utf-32-le",
                _ => "utf-32-be",
            };
            let decode = object::get_attr_str(items, "decode")?;
            (c, object::call(&decode, &[as_obj(&*unicodeobject::from_str(codec)?)])?)
        }
        _ => {
            let mut tc = c;
            for dd in &DESCRIPTORS {
                if dd.is_integer && dd.itemsize == size && dd.is_signed == signed {
                    tc = u32::from(dd.typecode);
                }
            }
            let list = ListObject::new()?;
            for chunk in data.chunks_exact(size) {
                let r = ordered(chunk);
                let v = if signed {
                    let shift = 64 - 8 * size as u32;
                    BigInt::from((i64::from_le_bytes(r) << shift) >> shift)
                } else {
                    BigInt::from(u64::from_le_bytes(r))
                };
                list.append(&*longobject::from_bigint(v)?)?;
            }
            (tc, into_obj(list))
        }
    };
    new_from(ty, typecode, Some(&converted))
}

fn get_typecode(v: &PyObject) -> PyResult<ObjRef> {
    unicodeobject::from_char(u32::from(array_of(v)?.descr.typecode))
}

fn get_itemsize(v: &PyObject) -> PyResult<ObjRef> {
    int(array_of(v)?.descr.itemsize)
}

static ARRAY_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "typecode", get: get_typecode, set: None, doc: Some("the typecode character used to create the array") },
    GetSetDef { name: "itemsize", get: get_itemsize, set: None, doc: Some("the size, in bytes, of one array item") },
];

static ARRAY_METHODS: [MethodDef; 26] = [
    MethodDef { ml_name: "append", ml_meth: MethodFn::O(m_append), ml_doc: Some("Append new value v to the end of the array.") },
    MethodDef { ml_name: "buffer_info", ml_meth: MethodFn::NoArgs(m_buffer_info), ml_doc: Some("Return a tuple (address, length) giving the current memory address and the length in items of the buffer used to hold array's contents.") },
    MethodDef { ml_name: "byteswap", ml_meth: MethodFn::NoArgs(m_byteswap), ml_doc: Some("Byteswap all items of the array.") },
    MethodDef { ml_name: "clear", ml_meth: MethodFn::NoArgs(m_clear), ml_doc: Some("Remove all items from the array.") },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(m_copy), ml_doc: Some("Return a copy of the array.") },
    MethodDef { ml_name: "count", ml_meth: MethodFn::O(m_count), ml_doc: Some("Return number of occurrences of v in the array.") },
    MethodDef { ml_name: "__deepcopy__", ml_meth: MethodFn::O(m_deepcopy), ml_doc: Some("Return a copy of the array.") },
    MethodDef { ml_name: "extend", ml_meth: MethodFn::O(m_extend), ml_doc: Some("Append items to the end of the array.") },
    MethodDef { ml_name: "fromfile", ml_meth: MethodFn::FastCall(m_fromfile), ml_doc: Some("Read n objects from the file object f and append them to the end of the array.") },
    MethodDef { ml_name: "fromlist", ml_meth: MethodFn::O(m_fromlist), ml_doc: Some("Append items to array from list.") },
    MethodDef { ml_name: "frombytes", ml_meth: MethodFn::O(m_frombytes), ml_doc: Some("Appends items from the string, interpreting it as an array of machine values, as if it had been read from a file using the fromfile() method.") },
    MethodDef { ml_name: "fromunicode", ml_meth: MethodFn::O(m_fromunicode), ml_doc: Some("Extends this array with data from the unicode string ustr.") },
    MethodDef { ml_name: "index", ml_meth: MethodFn::FastCall(m_index), ml_doc: Some("Return index of first occurrence of v in the array.") },
    MethodDef { ml_name: "insert", ml_meth: MethodFn::FastCall(m_insert), ml_doc: Some("Insert a new item v into the array before position i.") },
    MethodDef { ml_name: "pop", ml_meth: MethodFn::FastCall(m_pop), ml_doc: Some("Return the i-th element and delete it from the array.") },
    MethodDef { ml_name: "__reduce_ex__", ml_meth: MethodFn::O(m_reduce_ex), ml_doc: Some("Return state information for pickling.") },
    MethodDef { ml_name: "remove", ml_meth: MethodFn::O(m_remove), ml_doc: Some("Remove the first occurrence of v in the array.") },
    MethodDef { ml_name: "reverse", ml_meth: MethodFn::NoArgs(m_reverse), ml_doc: Some("Reverse the order of the items in the array.") },
    MethodDef { ml_name: "tofile", ml_meth: MethodFn::O(m_tofile), ml_doc: Some("Write all items (as machine values) to the file object f.") },
    MethodDef { ml_name: "tolist", ml_meth: MethodFn::NoArgs(m_tolist), ml_doc: Some("Convert array to an ordinary list with the same items.") },
    MethodDef { ml_name: "tobytes", ml_meth: MethodFn::NoArgs(m_tobytes), ml_doc: Some("Convert the array to an array of machine values and return the bytes representation.") },
    MethodDef { ml_name: "tounicode", ml_meth: MethodFn::NoArgs(m_tounicode), ml_doc: Some("Extends this array with data from the unicode string ustr.") },
    MethodDef { ml_name: "__sizeof__", ml_meth: MethodFn::NoArgs(m_sizeof), ml_doc: Some("Size of the array in memory, in bytes.") },
    MethodDef { ml_name: "__buffer__", ml_meth: MethodFn::O(rupy::objects::memoryobject::meth_dunder_buffer), ml_doc: Some("Return a buffer object that exposes the underlying memory of the object.") },
    MethodDef { ml_name: "__release_buffer__", ml_meth: MethodFn::O(rupy::objects::memoryobject::meth_dunder_release_buffer), ml_doc: Some("Release the buffer object that exposes the underlying memory of the object.") },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

// ---------------------------------------------------------------------
// The buffer export (`array_buffer_getbuf`, `array_buffer_relbuf`).

fn buf_get(v: &PyObject) -> PyResult<BufferInfo> {
    let a = array_of(v)?;
    let d = a.descr;
    a.with(|s| {
        s.exports += 1;
        Ok(BufferInfo { format: d.format, itemsize: d.itemsize as isize, len: s.data.len() as isize, readonly: false })
    })
}

fn buf_release(v: &PyObject) {
    if let Ok(a) = array_of(v)
        && let Err(e) = a.with(|s| {
            s.exports -= 1;
            Ok(())
        })
    {
        drop(e);
        errors::clear();
    }
}

fn buf_read(v: &PyObject, f: &mut dyn FnMut(&[u8])) -> PyResult<()> {
    array_of(v)?.with(|s| {
        f(&s.data);
        Ok(())
    })
}

fn buf_write(v: &PyObject, f: &mut dyn FnMut(&mut [u8])) -> PyResult<()> {
    array_of(v)?.with(|s| {
        f(&mut s.data);
        Ok(())
    })
}

static ARRAY_BUFFER: BufferProcs = BufferProcs { get: buf_get, release: buf_release, read: buf_read, write: buf_write };

/// `array.array`.
pub static ARRAY_TYPE: TypeObject = TypeObject::new_static(
    "array.array",
    size_of::<ArrayObject>(),
    object::dealloc_weakrefable::<ArrayObject>,
    TypeSlots {
        tp_repr: Some(array_repr),
        tp_hash: Some(rupy::objects::typeobject::hash_not_implemented),
        tp_richcompare: Some(array_richcompare),
        tp_iter: Some(array_iter),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(array_new),
        tp_as_buffer: Some(&ARRAY_BUFFER),
        sq_length: Some(array_length),
        sq_concat: Some(array_concat),
        sq_repeat: Some(array_repeat),
        sq_item: Some(array_item),
        sq_contains: Some(array_contains),
        sq_inplace_concat: Some(array_inplace_concat),
        sq_inplace_repeat: Some(array_inplace_repeat),
        mp_length: Some(array_length),
        mp_subscript: Some(array_subscr),
        mp_ass_subscript: Some(array_ass_subscr),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::BASETYPE | flags::HAVE_GC | flags::SEQUENCE)
.with_methods(&ARRAY_METHODS)
.with_getset(&ARRAY_GETSET)
.with_weaklistoffset(core::mem::offset_of!(ArrayObject, weakreflist))
.with_doc(
    "array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\nstring or iterable over elements of the appropriate type.",
);

// ---------------------------------------------------------------------
// The iterator.

struct IterState {
    /// The array, until the iterator is exhausted.
    ao: Option<ObjRef>,
    index: usize,
}

#[repr(C)]
struct ArrayIterObject {
    ob_base: ObjectHeader,
    st: Guarded<IterState>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ArrayIterObject {}

impl rupy::objects::object::PyClass for ArrayIterObject {
    fn type_object() -> &'static TypeObject {
        &ARRAY_ITER_TYPE
    }
}

/// `array_iter`.
fn array_iter(v: &PyObject) -> PyResult<ObjRef> {
    array_of(v)?;
    let st = IterState { ao: Some(object::new_ref(v)), index: 0 };
    object::new_object(ArrayIterObject { ob_base: ObjectHeader::new(&ARRAY_ITER_TYPE.head), st: Guarded::new(st) }).map(into_obj)
}

fn iter_of(v: &PyObject) -> PyResult<&ArrayIterObject> {
    downcast::<ArrayIterObject>(v).ok_or_else(errors::bad_internal_call)
}

/// `arrayiter_next`: the iterator's state and the array are locked one
/// after the other, never together.
fn arrayiter_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    let it = iter_of(v)?;
    let (ao, index) = it.st.with(v, |s| Ok((s.ao.clone(), s.index)))?;
    let Some(ao) = ao else { return Ok(None) };
    let item = array_of(&ao)?.get(index)?;
    // The exhausted iterator's reference is dropped after the section, as
    // freeing the array may run weak-reference callbacks.
    let released = it.st.with(v, |s| {
        if item.is_some() {
            s.index = s.index.max(index + 1);
            Ok(None)
        } else {
            Ok(s.ao.take())
        }
    })?;
    drop((released, ao));
    Ok(item)
}

fn arrayiter_reduce(v: &PyObject) -> PyResult<ObjRef> {
    let it = iter_of(v)?;
    let func = rupy::builtins::introspect::get_builtin("iter")?;
    let (ao, index) = it.st.with(v, |s| Ok((s.ao.clone(), s.index)))?;
    match ao {
        None => {
            let empty = tupleobject::from_slice(&[])?;
            let args = tupleobject::from_slice(&[as_obj(&*empty)])?;
            tupleobject::from_slice(&[&func, as_obj(&*args)]).map(into_obj)
        }
        Some(ao) => {
            let args = tupleobject::from_slice(&[&ao])?;
            tupleobject::from_slice(&[&func, as_obj(&*args), &*int(index)?]).map(into_obj)
        }
    }
}

fn arrayiter_setstate(v: &PyObject, state: &PyObject) -> PyResult<ObjRef> {
    let it = iter_of(v)?;
    let index = r#abstract::as_ssize(state, None)?;
    let ao = it.st.with(v, |s| Ok(s.ao.clone()))?;
    if let Some(ao) = ao {
        let n = array_of(&ao)?.len()? as isize;
        let index = index.clamp(0, n) as usize;
        it.st.with(v, |s| {
            s.index = index;
            Ok(())
        })?;
    }
    none()
}

static ARRAY_ITER_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "__reduce__", ml_meth: MethodFn::NoArgs(arrayiter_reduce), ml_doc: Some("Return state information for pickling.") },
    MethodDef { ml_name: "__setstate__", ml_meth: MethodFn::O(arrayiter_setstate), ml_doc: Some("Set state information for unpickling.") },
];

fn no_new(_ty: &TypeObject, _a: &TupleObject, _k: Option<&DictObject>) -> PyResult<ObjRef> {
    Err(type_error("cannot create 'array.arrayiterator' instances"))
}

static ARRAY_ITER_TYPE: TypeObject = TypeObject::new_static(
    "array.arrayiterator",
    size_of::<ArrayIterObject>(),
    object::dealloc_simple::<ArrayIterObject>,
    TypeSlots {
        tp_iter: Some(rupy::objects::iterobject::self_iter),
        tp_iternext: Some(arrayiter_next),
        tp_getattro: Some(object::generic_get_attr),
        tp_new: Some(no_new),
        ..TypeSlots::EMPTY
    },
)
.with_flags(flags::HAVE_GC)
.with_methods(&ARRAY_ITER_METHODS);

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef { name: "_array_reconstructor", func: array_reconstructor }];

/// `array_modexec`: the module's names, and `array` registered as a
/// `collections.abc.MutableSequence`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("array")?;
    ARRAY_TYPE.ready()?;
    ARRAY_ITER_TYPE.ready()?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("array", as_obj(&ARRAY_TYPE))?;
    m.add_object("ArrayType", as_obj(&ARRAY_TYPE))?;
    m.add_object("typecodes", as_obj(&*unicodeobject::from_str("bBuwhHiIlLqQfd")?))?;
    let abc = rupy::import::import_module("collections.abc")?;
    let mutable_sequence = object::get_attr_str(&abc, "MutableSequence")?;
    object::call(&*object::get_attr_str(&mutable_sequence, "register")?, &[as_obj(&ARRAY_TYPE)])?;
    Ok(into_obj(m))
}
