//! Code objects, ported from Objects/codeobject.c (`PyCodeObject`,
//! `_PyCode_New` with `intern_strings` / `intern_constants`,
//! `PyCode_Addr2Line` / `_PyCode_CheckLineNumber` over the PEP 626
//! location table, `code_repr`) and the exception-table reader of
//! Python/ceval.c (`get_exception_handler`, `parse_varint`).
//!
//! A code object is built once from the compiler's [`Code`]: constants
//! become Python objects (strings interned, every constant made immortal
//! as 3.14t's `intern_constants` does for the free-threaded build, so the
//! eval loop can push them as borrowed stack references), names become
//! interned `str`s, and `co_code` keeps CPython's layout of code units
//! with the inline caches in place.

use num_bigint::BigInt;
use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::ast::{Constant, PyStr};
use crate::compile::code::{CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL, Code, ConstValue};
use crate::errors::{self, PyResult};
use crate::objects::object::{self, ObjRef, PyClass, PyObject, downcast, into_obj};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{boolobject, exceptions, floatobject, longobject, tupleobject};

/// One code unit (`_Py_CODEUNIT`): an opcode byte and its argument byte.
/// Inline cache entries are code units too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct CodeUnit {
    /// The opcode (or, in a cache entry, the low byte of the cache).
    pub op: u8,
    /// The argument byte.
    pub arg: u8,
}

/// A code object (`PyCodeObject`).
#[repr(C)]
pub struct CodeObject {
    ob_base: ObjectHeader,
    /// `co_consts`, each an immortal object.
    pub consts: Box<[ObjRef]>,
    /// `co_names`, interned.
    pub names: Box<[ObjRef]>,
    /// `co_exceptiontable`.
    pub exceptiontable: Box<[u8]>,
    /// `co_flags`.
    pub flags: i32,
    /// `co_argcount`.
    pub argcount: usize,
    /// `co_posonlyargcount`.
    pub posonlyargcount: usize,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: usize,
    /// `co_stacksize`.
    pub stacksize: usize,
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// `co_nlocalsplus`.
    pub nlocalsplus: usize,
    /// `co_nlocals`.
    pub nlocals: usize,
    /// `co_ncellvars`.
    pub ncellvars: usize,
    /// `co_nfreevars`.
    pub nfreevars: usize,
    /// `co_localsplusnames`, interned.
    pub localsplusnames: Box<[ObjRef]>,
    /// `co_localspluskinds`.
    pub localspluskinds: Box<[u8]>,
    /// `co_filename`.
    pub filename: ObjRef,
    /// `co_name`.
    pub name: ObjRef,
    /// `co_qualname`.
    pub qualname: ObjRef,
    /// `co_linetable`.
    pub linetable: Box<[u8]>,
    /// `co_code_adaptive`: the code units, inline caches included.
    pub code: Box<[CodeUnit]>,
    /// `_co_monitoring->lines`: each unit's line and whether a trace
    /// 'line' event may start there, made on the first traced run
    /// (vm/trace.rs).
    pub monitoring_lines: std::sync::OnceLock<Box<[LineEntry]>>,
    /// `co_weakreflist` (bdb keys its line caches by code object).
    weakreflist: core::sync::atomic::AtomicPtr<()>,
}

/// One code unit's entry of [`CodeObject::monitoring_lines`].
#[derive(Clone, Copy)]
pub struct LineEntry {
    /// The line, -1 for none (and for inline caches).
    pub line: i32,
    /// Whether the unit starts a line for the line events.
    pub start: bool,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CodeObject {}

impl PyClass for CodeObject {
    fn type_object() -> &'static TypeObject {
        &CODE_TYPE
    }
}

/// `code` (`PyCode_Type`).
pub static CODE_TYPE: TypeObject = TypeObject::new_static(
    "code",
    size_of::<CodeObject>(),
    object::dealloc_weakrefable::<CodeObject>,
    TypeSlots {
        tp_repr: Some(code_repr),
        tp_hash: Some(code_hash),
        tp_richcompare: Some(code_richcompare),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_weaklistoffset(core::mem::offset_of!(CodeObject, weakreflist))
.with_methods(&CODE_METHODS)
.with_getset(&CODE_GETSET);

/// Whether two constants have equal `_PyCode_ConstantKey`s: same exact
/// type and value, with `True` apart from `1`, `-0.0` apart from `0.0`
/// (in complex parts too), tuples and frozensets compared item by item
/// that way, and objects of other types only equal to themselves.
fn constants_equal(a: &PyObject, b: &PyObject) -> PyResult<bool> {
    use crate::objects::{bytesobject, complexobject, setobject, sliceobject};
    if core::ptr::eq(a, b) {
        return Ok(true);
    }
    let (ta, tb) = (object::type_of(a), object::type_of(b));
    if !core::ptr::eq(ta, tb) {
        return Ok(false);
    }
    let same_sign = |x: f64, y: f64| x.is_sign_negative() == y.is_sign_negative();
    if let (Some(x), Some(y)) = (downcast::<CodeObject>(a), downcast::<CodeObject>(b)) {
        return code_equal(x, y);
    }
    if let (Some(x), Some(y)) = (downcast::<floatobject::FloatObject>(a), downcast::<floatobject::FloatObject>(b)) {
        let (x, y) = (x.value(), y.value());
        return Ok(x == y && (x != 0.0 || same_sign(x, y)));
    }
    if let (Some(x), Some(y)) = (downcast::<complexobject::ComplexObject>(a), downcast::<complexobject::ComplexObject>(b)) {
        let (x, y) = (x.value(), y.value());
        let part_eq = |p: f64, q: f64| p == q && (p != 0.0 || same_sign(p, q));
        return Ok(part_eq(x.re, y.re) && part_eq(x.im, y.im));
    }
    if let (Some(x), Some(y)) = (downcast::<bytesobject::BytesObject>(a), downcast::<bytesobject::BytesObject>(b)) {
        return Ok(x.as_bytes() == y.as_bytes());
    }
    if let (Some(x), Some(y)) = (downcast::<tupleobject::TupleObject>(a), downcast::<tupleobject::TupleObject>(b)) {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, q) in x.as_slice().iter().zip(y.as_slice()) {
            if !constants_equal(p, q)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let (Some(x), Some(y)) = (downcast::<sliceobject::SliceObject>(a), downcast::<sliceobject::SliceObject>(b)) {
        for (p, q) in x.parts().into_iter().zip(y.parts()) {
            if !constants_equal(p, q)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if core::ptr::eq(ta, &setobject::FROZENSET_TYPE) {
        let (Some(x), Some(y)) = (setobject::keys_with_hash(a), setobject::keys_with_hash(b)) else { return Ok(false) };
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, _) in &x {
            let mut found = false;
            for (q, _) in &y {
                if constants_equal(p, q)? {
                    found = true;
                    break;
                }
            }
            if !found {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    // int and str compare by value; None, Ellipsis, bool and other
    // objects only by identity (checked above).
    if core::ptr::eq(ta, &longobject::INT_TYPE) || core::ptr::eq(ta, &unicodeobject::STR_TYPE) {
        return object::rich_compare_bool(a, b, object::CompareOp::Eq);
    }
    Ok(false)
}

/// The comparison of `code_richcompare`: name, argument counts, flags,
/// first line, instructions (inline caches skipped), constants by
/// [`constants_equal`], names, local names, and both tables.
fn code_equal(a: &CodeObject, b: &CodeObject) -> PyResult<bool> {
    if core::ptr::eq(a, b) {
        return Ok(true);
    }
    if !object::rich_compare_bool(&a.name, &b.name, object::CompareOp::Eq)?
        || a.argcount != b.argcount
        || a.posonlyargcount != b.posonlyargcount
        || a.kwonlyargcount != b.kwonlyargcount
        || a.flags != b.flags
        || a.firstlineno != b.firstlineno
        || a.code.len() != b.code.len()
    {
        return Ok(false);
    }
    let mut i = 0;
    while i < a.code.len() {
        if a.code[i] != b.code[i] {
            return Ok(false);
        }
        i += 1 + usize::from(crate::compile::opcode::CACHES[usize::from(a.code[i].op)]);
    }
    if a.consts.len() != b.consts.len() {
        return Ok(false);
    }
    for (p, q) in a.consts.iter().zip(b.consts.iter()) {
        if !constants_equal(p, q)? {
            return Ok(false);
        }
    }
    let names_equal = |x: &[ObjRef], y: &[ObjRef]| -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, q) in x.iter().zip(y) {
            if !object::rich_compare_bool(p, q, object::CompareOp::Eq)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    Ok(names_equal(&a.names, &b.names)?
        && names_equal(&a.localsplusnames, &b.localsplusnames)?
        && a.linetable == b.linetable
        && a.exceptiontable == b.exceptiontable)
}

/// `code_richcompare`: `==` and `!=` between code objects.
fn code_richcompare(v: &PyObject, w: &PyObject, op: object::CompareOp) -> PyResult<ObjRef> {
    let (Some(a), Some(b)) = (downcast::<CodeObject>(v), downcast::<CodeObject>(w)) else {
        return Ok(object::not_implemented());
    };
    match op {
        object::CompareOp::Eq => Ok(boolobject::from_bool(code_equal(a, b)?)),
        object::CompareOp::Ne => Ok(boolobject::from_bool(!code_equal(a, b)?)),
        _ => Ok(object::not_implemented()),
    }
}

/// `code_hash`: the fields [`code_equal`] compares, scrambled together.
fn code_hash(v: &PyObject) -> PyResult<isize> {
    let Some(co) = downcast::<CodeObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    const MULTIPLIER: usize = 1_000_003;
    let mut h: usize = 20_221_211;
    let mut scramble = |x: usize| {
        h ^= x;
        h = h.wrapping_mul(MULTIPLIER);
    };
    let tuple_hash = |items: &[ObjRef]| -> PyResult<isize> {
        let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
        object::hash(object::as_obj(&*tupleobject::from_slice(&refs)?))
    };
    scramble(object::hash(&co.name)? as usize);
    scramble(tuple_hash(&co.consts)? as usize);
    scramble(tuple_hash(&co.names)? as usize);
    scramble(tuple_hash(&co.localsplusnames)? as usize);
    let bytes_hash = |b: &[u8]| -> PyResult<isize> {
        object::hash(object::as_obj(&*crate::objects::bytesobject::from_bytes(b)?))
    };
    scramble(bytes_hash(&co.linetable)? as usize);
    scramble(bytes_hash(&co.exceptiontable)? as usize);
    scramble(co.argcount);
    scramble(co.posonlyargcount);
    scramble(co.kwonlyargcount);
    scramble(co.flags as usize);
    scramble(co.firstlineno as usize);
    scramble(co.code.len());
    let mut i = 0;
    while i < co.code.len() {
        let unit = co.code[i];
        scramble(usize::from(unit.op));
        scramble(usize::from(unit.arg));
        i += 1 + usize::from(crate::compile::opcode::CACHES[usize::from(unit.op)]);
    }
    Ok(if h as isize == -1 { -2 } else { h as isize })
}

/// `code_repr`.
fn code_repr(v: &PyObject) -> PyResult<ObjRef> {
    let Some(co) = downcast::<CodeObject>(v) else {
        return Err(errors::bad_internal_call());
    };
    unicodeobject::from_string(format!(
        "<code object {} at {:p}, file \"{}\", line {}>",
        object::str_lossy(&co.name),
        v,
        object::str_lossy(&co.filename),
        co.firstlineno
    ))
    .map(into_obj)
}

/// An interned `str` from the compiler's string.
fn intern_pystr(s: &PyStr) -> PyResult<ObjRef> {
    match s.as_str() {
        Some(text) => unicodeobject::intern_str(text),
        None => {
            let cps: Vec<u32> = s.code_points().collect();
            Ok(unicodeobject::intern(unicodeobject::from_code_points(
                &cps,
            )?))
        }
    }
}

/// The object of an AST constant (strings interned).
pub(crate) fn scalar_to_object(c: &Constant) -> PyResult<ObjRef> {
    Ok(match c {
        Constant::None => object::none(),
        Constant::Bool(b) => boolobject::from_bool(*b),
        Constant::Int(i) => int_const(i)?,
        Constant::Float(f) => floatobject::from_f64(*f)?,
        Constant::Str(s) => intern_pystr(s)?,
        Constant::Ellipsis => crate::objects::sliceobject::ellipsis(),
        Constant::Complex { real, imag } => crate::objects::complexobject::from_parts(*real, *imag)?,
        Constant::Bytes(b) => into_obj(crate::objects::bytesobject::from_bytes(b)?),
        Constant::Tuple(items) | Constant::FrozenSet(items) => {
            let objs = items.iter().map(scalar_to_object).collect::<PyResult<Vec<_>>>()?;
            let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
            let t = tupleobject::from_slice(&refs)?;
            if matches!(c, Constant::Tuple(_)) {
                into_obj(t)
            } else {
                crate::objects::setobject::new_frozenset(Some(object::as_obj(&*t)))?
            }
        }
    })
}

/// Converts one constant to its object and makes it immortal
/// (`intern_one_constant` of the free-threaded build).
pub fn const_to_object(c: &ConstValue) -> PyResult<ObjRef> {
    let obj = match c {
        ConstValue::Scalar(s) => scalar_to_object(s)?,
        ConstValue::Tuple(items) => {
            let objs = items
                .iter()
                .map(const_to_object)
                .collect::<PyResult<Vec<_>>>()?;
            let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
            into_obj(tupleobject::from_slice(&refs)?)
        }
        ConstValue::Code(code) => into_obj(CodeObject::new(code)?),
        ConstValue::Slice(parts) => {
            let [start, stop, step] = &**parts;
            let (a, b, c) = (
                const_to_object(start)?,
                const_to_object(stop)?,
                const_to_object(step)?,
            );
            into_obj(crate::objects::sliceobject::new_slice(
                Some(&a),
                Some(&b),
                Some(&c),
            )?)
        }
        ConstValue::FrozenSet(items) => {
            let objs = items.iter().map(const_to_object).collect::<PyResult<Vec<_>>>()?;
            let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
            let t = tupleobject::from_slice(&refs)?;
            crate::objects::setobject::new_frozenset(Some(object::as_obj(&*t)))?
        }
    };
    obj.header().set_immortal();
    Ok(obj)
}

fn int_const(i: &BigInt) -> PyResult<ObjRef> {
    match i64::try_from(i) {
        Ok(v) => longobject::from_i64(v),
        Err(_) => longobject::from_bigint(i.clone()),
    }
}

/// A source location of one instruction (`PyCode_Addr2Location`); lines
/// are -1 and columns -1 where the table has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// First line.
    pub line: i32,
    /// Last line.
    pub end_line: i32,
    /// First column (0-based, in UTF-8 bytes).
    pub col: i32,
    /// End column.
    pub end_col: i32,
}

/// No location (`-1` everywhere).
const NO_LOCATION: Location = Location {
    line: -1,
    end_line: -1,
    col: -1,
    end_col: -1,
};

/// A cursor over a varint-encoded byte table.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// `read_varint` of the location table: 6-bit groups, least
    /// significant first, bit 6 set on all but the last.
    fn varint(&mut self) -> Option<u32> {
        let mut b = self.byte()?;
        let mut val = u32::from(b & 63);
        let mut shift = 0;
        while b & 64 != 0 {
            b = self.byte()?;
            shift += 6;
            val |= u32::from(b & 63).checked_shl(shift)?;
        }
        Some(val)
    }

    /// `read_signed_varint`: the sign in the lowest bit.
    fn signed_varint(&mut self) -> Option<i32> {
        let u = self.varint()?;
        let mag = (u >> 1) as i32;
        Some(if u & 1 != 0 { -mag } else { mag })
    }

    /// `parse_varint` of the exception table: 6-bit groups, most
    /// significant first, bit 6 set on all but the last.
    fn varint_be(&mut self) -> Option<usize> {
        let mut b = self.byte()?;
        let mut val = usize::from(b & 63);
        while b & 64 != 0 {
            b = self.byte()?;
            val = (val << 6) | usize::from(b & 63);
        }
        Some(val)
    }
}

/// An exception handler of `co_exceptiontable` (`_PyExceptionTableEntry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    /// Code unit to jump to.
    pub target: usize,
    /// Stack depth to unwind to.
    pub depth: usize,
    /// Push the offset of the raising instruction first?
    pub lasti: bool,
}

impl CodeObject {
    /// `_PyCode_New` from the compiler's code object.
    pub fn new(code: &Code) -> PyResult<PyRef<CodeObject>> {
        let consts = code
            .consts
            .iter()
            .map(const_to_object)
            .collect::<PyResult<Vec<_>>>()?;
        let names = code
            .names
            .iter()
            .map(intern_pystr)
            .collect::<PyResult<Vec<_>>>()?;
        let localsplusnames = code
            .localsplusnames
            .iter()
            .map(intern_pystr)
            .collect::<PyResult<Vec<_>>>()?;
        let count = |k: u8| code.localspluskinds.iter().filter(|&&x| x & k != 0).count();
        if !code.code.len().is_multiple_of(2) || code.localsplusnames.len() != code.localspluskinds.len() {
            return Err(errors::set_string(
                exceptions::system_error(),
                "rupy: malformed code object",
            ));
        }
        let units: Vec<CodeUnit> = code
            .code
            .chunks_exact(2)
            .map(|c| CodeUnit {
                op: c[0],
                arg: c[1],
            })
            .collect();
        let to_usize = |v: i32| usize::try_from(v).unwrap_or(0);
        let co = CodeObject {
            ob_base: ObjectHeader::new(&CODE_TYPE.head),
            consts: consts.into(),
            names: names.into(),
            exceptiontable: code.exceptiontable.clone().into(),
            flags: code.flags,
            argcount: to_usize(code.argcount),
            posonlyargcount: to_usize(code.posonlyargcount),
            kwonlyargcount: to_usize(code.kwonlyargcount),
            stacksize: to_usize(code.stacksize),
            firstlineno: code.firstlineno,
            nlocalsplus: code.localsplusnames.len(),
            nlocals: count(CO_FAST_LOCAL),
            ncellvars: count(CO_FAST_CELL),
            nfreevars: count(CO_FAST_FREE),
            localsplusnames: localsplusnames.into(),
            localspluskinds: code.localspluskinds.clone().into(),
            filename: intern_pystr(&code.filename)?,
            name: intern_pystr(&code.name)?,
            qualname: intern_pystr(&code.qualname)?,
            linetable: code.linetable.clone().into(),
            code: units.into(),
            monitoring_lines: std::sync::OnceLock::new(),
            weakreflist: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
        };
        let co = object::new_object(co)?;
        // Code objects are shared by every function made from them and by
        // their frames: deferred reference counting once threads share
        // them (3.14t defers them at once).
        co.header().set_defer_on_share();
        Ok(co)
    }

    /// `co_name` as text.
    pub fn name_str(&self) -> String {
        object::str_lossy(&self.name)
    }

    /// `co_filename` as text.
    pub fn filename_str(&self) -> String {
        object::str_lossy(&self.filename)
    }

    /// The name of local `i` (`co_localsplusnames[i]`) as text.
    pub fn local_name(&self, i: usize) -> String {
        self.localsplusnames
            .get(i)
            .map_or_else(String::new, |n| object::str_lossy(n))
    }

    /// `PyCode_Addr2Location`: the location of the instruction at code
    /// unit `addr`, by walking the location table.
    pub fn addr2location(&self, addr: usize) -> Location {
        let mut found = NO_LOCATION;
        self.for_each_location(|start, len, loc| {
            if addr < start + len {
                found = loc;
                return false;
            }
            true
        });
        found
    }

    /// Walks the PEP 626 location table, calling `f(first unit, number
    /// of units, location)` for each entry until it returns false.
    fn for_each_location(&self, mut f: impl FnMut(usize, usize, Location) -> bool) {
        const NONE: Location = NO_LOCATION;
        let mut r = Reader {
            data: &self.linetable,
            pos: 0,
        };
        let mut line = self.firstlineno;
        let mut start = 0usize;
        while let Some(first) = r.byte() {
            if first & 0x80 == 0 {
                return;
            }
            let code = (first >> 3) & 15;
            let len = usize::from(first & 7) + 1;
            let mut loc = NONE;
            let ok = (|| -> Option<()> {
                match code {
                    15 => {}
                    14 => {
                        line = line.wrapping_add(r.signed_varint()?);
                        let end_line = line.wrapping_add(r.varint()? as i32);
                        let col = r.varint()? as i32 - 1;
                        let end_col = r.varint()? as i32 - 1;
                        loc = Location {
                            line,
                            end_line,
                            col,
                            end_col,
                        };
                    }
                    13 => {
                        line = line.wrapping_add(r.signed_varint()?);
                        loc = Location {
                            line,
                            end_line: line,
                            col: -1,
                            end_col: -1,
                        };
                    }
                    10..=12 => {
                        line = line.wrapping_add(i32::from(code) - 10);
                        let col = i32::from(r.byte()?);
                        let end_col = i32::from(r.byte()?);
                        loc = Location {
                            line,
                            end_line: line,
                            col,
                            end_col,
                        };
                    }
                    _ => {
                        let b = r.byte()?;
                        let col = i32::from(code) * 8 + i32::from((b >> 4) & 7);
                        loc = Location {
                            line,
                            end_line: line,
                            col,
                            end_col: col + i32::from(b & 15),
                        };
                    }
                }
                Some(())
            })();
            if ok.is_none() {
                return;
            }
            if !f(start, len, loc) {
                return;
            }
            start += len;
        }
    }

    /// `PyCode_Addr2Line`.
    pub fn addr2line(&self, addr: usize) -> i32 {
        self.addr2location(addr).line
    }

    /// The line of every code unit (`_PyCode_CheckLineNumber` over the
    /// whole table), -1 where there is none.
    pub fn unit_lines(&self) -> Vec<i32> {
        let mut out = vec![-1; self.code.len()];
        self.for_each_location(|start, len, loc| {
            for l in out.iter_mut().skip(start).take(len) {
                *l = loc.line;
            }
            true
        });
        out
    }

    /// The targets of the exception table's entries.
    pub fn exception_handlers(&self) -> Vec<usize> {
        let mut r = Reader {
            data: &self.exceptiontable,
            pos: 0,
        };
        let mut out = Vec::new();
        while r.pos < r.data.len() {
            let entry = (|| Some((r.varint_be()?, r.varint_be()?, r.varint_be()?, r.varint_be()?)))();
            let Some((_, _, target, _)) = entry else {
                break;
            };
            out.push(target);
        }
        out
    }

    /// `get_exception_handler`: the handler covering code unit `index`.
    pub fn exception_handler(&self, index: usize) -> Option<Handler> {
        let mut r = Reader {
            data: &self.exceptiontable,
            pos: 0,
        };
        while r.pos < r.data.len() {
            let start = r.varint_be()?;
            let size = r.varint_be()?;
            let target = r.varint_be()?;
            let depth_lasti = r.varint_be()?;
            if index < start {
                return None;
            }
            if index < start + size {
                return Some(Handler {
                    target,
                    depth: depth_lasti >> 1,
                    lasti: depth_lasti & 1 != 0,
                });
            }
        }
        None
    }
}

/// The code object behind `op`, if it is one.
pub fn as_code(op: &PyObject) -> Option<&CodeObject> {
    downcast::<CodeObject>(op)
}

/// The text of a `str` name, for messages.
pub fn name_text(name: &PyObject) -> String {
    downcast::<StrObject>(name).map_or_else(String::new, StrObject::to_string_lossy)
}

// ---------------------------------------------------------------------
// The Python-level attributes of code objects (Objects/codeobject.c:
// `code_memberlist`, `code_getsetlist`, `code_getvarnames` & co.,
// `code_linesiterator` / `lineiter_next`, `code_positionsiterator`,
// `code_replace_impl`).

impl CodeObject {
    /// The entries of the location table: (first code unit, number of
    /// units, location), in order.
    pub fn location_entries(&self) -> Vec<(usize, usize, Location)> {
        let mut out = Vec::new();
        self.for_each_location(|start, len, loc| {
            out.push((start, len, loc));
            true
        });
        out
    }

    /// The names of the locals whose kind has any bit of `kind`.
    fn names_of_kind(&self, kind: u8) -> PyResult<ObjRef> {
        let v: Vec<&PyObject> = self
            .localsplusnames
            .iter()
            .zip(self.localspluskinds.iter())
            .filter(|(_, k)| **k & kind != 0)
            .map(|(n, _)| &**n)
            .collect();
        tupleobject::from_slice(&v).map(into_obj)
    }
}

fn code_of(v: &PyObject) -> PyResult<&CodeObject> {
    downcast::<CodeObject>(v).ok_or_else(errors::bad_internal_call)
}

fn int_obj(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

fn tuple_of(items: &[ObjRef]) -> PyResult<ObjRef> {
    let v: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&v).map(into_obj)
}

fn co_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(code_of(v)?.name.clone())
}
fn co_qualname(v: &PyObject) -> PyResult<ObjRef> {
    Ok(code_of(v)?.qualname.clone())
}
fn co_filename(v: &PyObject) -> PyResult<ObjRef> {
    Ok(code_of(v)?.filename.clone())
}
fn co_firstlineno(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(i64::from(code_of(v)?.firstlineno))
}
fn co_argcount(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(code_of(v)?.argcount as i64)
}
fn co_posonlyargcount(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(code_of(v)?.posonlyargcount as i64)
}
fn co_kwonlyargcount(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(code_of(v)?.kwonlyargcount as i64)
}
fn co_nlocals(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(code_of(v)?.nlocals as i64)
}
fn co_stacksize(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(code_of(v)?.stacksize as i64)
}
fn co_flags(v: &PyObject) -> PyResult<ObjRef> {
    int_obj(i64::from(code_of(v)?.flags))
}
fn co_varnames(v: &PyObject) -> PyResult<ObjRef> {
    code_of(v)?.names_of_kind(CO_FAST_LOCAL)
}
fn co_cellvars(v: &PyObject) -> PyResult<ObjRef> {
    code_of(v)?.names_of_kind(CO_FAST_CELL)
}
fn co_freevars(v: &PyObject) -> PyResult<ObjRef> {
    code_of(v)?.names_of_kind(CO_FAST_FREE)
}
fn co_names(v: &PyObject) -> PyResult<ObjRef> {
    tuple_of(&code_of(v)?.names)
}
fn co_consts(v: &PyObject) -> PyResult<ObjRef> {
    tuple_of(&code_of(v)?.consts)
}
/// `co_code`: the code units with the inline caches (never specialized
/// in rupy, so no deoptimization is needed).
fn co_code(v: &PyObject) -> PyResult<ObjRef> {
    let co = code_of(v)?;
    let bytes: Vec<u8> = co.code.iter().flat_map(|u| [u.op, u.arg]).collect();
    crate::objects::bytesobject::from_bytes(&bytes).map(into_obj)
}
fn co_linetable(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::bytesobject::from_bytes(&code_of(v)?.linetable).map(into_obj)
}
fn co_exceptiontable(v: &PyObject) -> PyResult<ObjRef> {
    crate::objects::bytesobject::from_bytes(&code_of(v)?.exceptiontable).map(into_obj)
}

fn none_or_int(v: i32) -> PyResult<ObjRef> {
    if v < 0 { Ok(object::none()) } else { int_obj(i64::from(v)) }
}

/// `code.co_lines()` (`lineiter_next`): `(start, end, line)` byte ranges,
/// consecutive entries of the same line merged.
fn meth_co_lines(v: &PyObject) -> PyResult<ObjRef> {
    let co = code_of(v)?;
    let mut out: Vec<(usize, usize, i32)> = Vec::new();
    for (start, len, loc) in co.location_entries() {
        match out.last_mut() {
            Some(last) if last.2 == loc.line => last.1 = (start + len) * 2,
            _ => out.push((start * 2, (start + len) * 2, loc.line)),
        }
    }
    let list = crate::objects::listobject::ListObject::new()?;
    for (s, e, line) in out {
        let (s, e, l) = (int_obj(s as i64)?, int_obj(e as i64)?, none_or_int(line)?);
        list.append(object::as_obj(&*tupleobject::from_slice(&[&s, &e, &l])?))?;
    }
    crate::objects::r#abstract::get_iter(object::as_obj(&*list))
}

/// `code.co_positions()` (`positionsiter_next`): one
/// `(line, end_line, col, end_col)` per code unit.
fn meth_co_positions(v: &PyObject) -> PyResult<ObjRef> {
    let co = code_of(v)?;
    let list = crate::objects::listobject::ListObject::new()?;
    for (_, len, loc) in co.location_entries() {
        let items = [
            none_or_int(loc.line)?,
            none_or_int(loc.end_line)?,
            none_or_int(loc.col)?,
            none_or_int(loc.end_col)?,
        ];
        let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
        let t = tupleobject::from_slice(&refs)?;
        for _ in 0..len {
            list.append(object::as_obj(&*t))?;
        }
    }
    crate::objects::r#abstract::get_iter(object::as_obj(&*list))
}

/// `code.replace(**changes)` (`code_replace_impl`) for the fields rupy
/// keeps as plain values.
fn meth_replace(
    v: &PyObject,
    args: &[ObjRef],
    kwargs: Option<&crate::objects::dictobject::DictObject>,
) -> PyResult<ObjRef> {
    let co = code_of(v)?;
    if !args.is_empty() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("replace() takes no positional arguments ({} given)", args.len()),
        ));
    }
    let mut new = CodeObject {
        ob_base: ObjectHeader::new(&CODE_TYPE.head),
        consts: co.consts.clone(),
        names: co.names.clone(),
        exceptiontable: co.exceptiontable.clone(),
        flags: co.flags,
        argcount: co.argcount,
        posonlyargcount: co.posonlyargcount,
        kwonlyargcount: co.kwonlyargcount,
        stacksize: co.stacksize,
        firstlineno: co.firstlineno,
        nlocalsplus: co.nlocalsplus,
        nlocals: co.nlocals,
        ncellvars: co.ncellvars,
        nfreevars: co.nfreevars,
        localsplusnames: co.localsplusnames.clone(),
        localspluskinds: co.localspluskinds.clone(),
        filename: co.filename.clone(),
        name: co.name.clone(),
        qualname: co.qualname.clone(),
        linetable: co.linetable.clone(),
        code: co.code.clone(),
        monitoring_lines: std::sync::OnceLock::new(),
        weakreflist: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
    };
    let str_arg = |key: &str, val: &PyObject| -> PyResult<ObjRef> {
        if downcast::<StrObject>(val).is_some() {
            Ok(object::new_ref(val))
        } else {
            Err(errors::set_string(
                exceptions::type_error(),
                &format!(
                    "replace() argument '{key}' must be str, not {}",
                    object::type_of(val).name()
                ),
            ))
        }
    };
    let int_arg = |key: &str, val: &PyObject| -> PyResult<i64> {
        match downcast::<longobject::IntObject>(val).and_then(|i| i.as_i64()) {
            Some(i) => Ok(i),
            None => Err(errors::set_string(
                exceptions::type_error(),
                &format!(
                    "replace() argument '{key}' must be int, not {}",
                    object::type_of(val).name()
                ),
            )),
        }
    };
    let tuple_arg = |key: &str, val: &PyObject| -> PyResult<Box<[ObjRef]>> {
        match downcast::<tupleobject::TupleObject>(val) {
            Some(t) => Ok(t.as_slice().to_vec().into()),
            None => Err(errors::set_string(
                exceptions::type_error(),
                &format!(
                    "replace() argument '{key}' must be tuple, not {}",
                    object::type_of(val).name()
                ),
            )),
        }
    };
    for (k, val) in kwargs.map(|d| d.items()).unwrap_or_default() {
        let key = object::str_lossy(&k);
        match key.as_str() {
            "co_name" => new.name = str_arg(&key, &val)?,
            "co_qualname" => new.qualname = str_arg(&key, &val)?,
            "co_filename" => new.filename = str_arg(&key, &val)?,
            "co_firstlineno" => new.firstlineno = int_arg(&key, &val)? as i32,
            "co_flags" => new.flags = int_arg(&key, &val)? as i32,
            "co_consts" => {
                let items = tuple_arg(&key, &val)?;
                for c in &items {
                    c.header().set_immortal();
                }
                new.consts = items;
            }
            "co_names" => new.names = tuple_arg(&key, &val)?,
            // Any bytes will do: the table reader stops at a malformed entry.
            "co_linetable" => match downcast::<crate::objects::bytesobject::BytesObject>(&val) {
                Some(b) => new.linetable = b.as_bytes().into(),
                None => {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("replace() argument 'co_linetable' must be bytes, not {}", object::type_of(&val).name()),
                    ));
                }
            },
            _ => {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("replace() got an unexpected keyword argument '{key}'"),
                ));
            }
        }
    }
    let co = object::new_object(new)?;
    co.header().set_defer_on_share();
    Ok(into_obj(co))
}

/// `code__varname_from_oparg_impl`: `co_localsplusnames[oparg]`.
fn meth_varname_from_oparg(
    v: &PyObject,
    args: &[ObjRef],
    kwargs: Option<&crate::objects::dictobject::DictObject>,
) -> PyResult<ObjRef> {
    let co = code_of(v)?;
    let kw = match kwargs {
        Some(d) => {
            let items = d.items();
            for (k, _) in &items {
                if object::str_lossy(k) != "oparg" {
                    return Err(errors::set_string(
                        exceptions::type_error(),
                        &format!("_varname_from_oparg() got an unexpected keyword argument '{}'", object::str_lossy(k)),
                    ));
                }
            }
            items.into_iter().next().map(|(_, v)| v)
        }
        None => None,
    };
    let oparg = match (args, kw) {
        ([a], None) => a.clone(),
        ([], Some(a)) => a,
        ([_], Some(_)) => {
            return Err(errors::set_string(
                exceptions::type_error(),
                "argument for _varname_from_oparg() given by name ('oparg') and position (1)",
            ));
        }
        _ => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("_varname_from_oparg() takes exactly one argument ({} given)", args.len()),
            ));
        }
    };
    let i = crate::objects::r#abstract::as_ssize(&oparg, Some(exceptions::overflow_error()))?;
    usize::try_from(i)
        .ok()
        .and_then(|i| co.localsplusnames.get(i))
        .cloned()
        .ok_or_else(|| errors::set_string(exceptions::index_error(), "tuple index out of range"))
}

static CODE_METHODS: [crate::objects::descrobject::MethodDef; 5] = [
    crate::objects::descrobject::MethodDef {
        ml_name: "co_lines",
        ml_meth: crate::objects::descrobject::MethodFn::NoArgs(meth_co_lines),
        ml_doc: None,
    },
    crate::objects::descrobject::MethodDef {
        ml_name: "co_positions",
        ml_meth: crate::objects::descrobject::MethodFn::NoArgs(meth_co_positions),
        ml_doc: None,
    },
    crate::objects::descrobject::MethodDef {
        ml_name: "replace",
        ml_meth: crate::objects::descrobject::MethodFn::FastCallKw(meth_replace),
        ml_doc: Some("Return a copy of the code object with new values for the specified fields."),
    },
    crate::objects::descrobject::MethodDef {
        ml_name: "__replace__",
        ml_meth: crate::objects::descrobject::MethodFn::FastCallKw(meth_replace),
        ml_doc: Some("The same as replace()."),
    },
    crate::objects::descrobject::MethodDef {
        ml_name: "_varname_from_oparg",
        ml_meth: crate::objects::descrobject::MethodFn::FastCallKw(meth_varname_from_oparg),
        ml_doc: Some("(internal-only) Return the local variable name for the given oparg.\n\nWARNING: this method is for internal use only and may change or go away."),
    },
];

macro_rules! ro {
    ($name:literal, $f:ident) => {
        crate::objects::descrobject::GetSetDef { name: $name, get: $f, set: None, doc: None }
    };
}

static CODE_GETSET: [crate::objects::descrobject::GetSetDef; 18] = [
    ro!("co_name", co_name),
    ro!("co_qualname", co_qualname),
    ro!("co_filename", co_filename),
    ro!("co_firstlineno", co_firstlineno),
    ro!("co_argcount", co_argcount),
    ro!("co_posonlyargcount", co_posonlyargcount),
    ro!("co_kwonlyargcount", co_kwonlyargcount),
    ro!("co_nlocals", co_nlocals),
    ro!("co_stacksize", co_stacksize),
    ro!("co_flags", co_flags),
    ro!("co_varnames", co_varnames),
    ro!("co_cellvars", co_cellvars),
    ro!("co_freevars", co_freevars),
    ro!("co_names", co_names),
    ro!("co_consts", co_consts),
    ro!("co_code", co_code),
    ro!("co_linetable", co_linetable),
    ro!("co_exceptiontable", co_exceptiontable),
];
