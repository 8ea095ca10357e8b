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
    object::dealloc_simple::<CodeObject>,
    TypeSlots {
        tp_repr: Some(code_repr),
        ..TypeSlots::EMPTY
    },
);

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

/// Converts one constant to its object and makes it immortal
/// (`intern_one_constant` of the free-threaded build).
fn const_to_object(c: &ConstValue) -> PyResult<ObjRef> {
    let obj = match c {
        ConstValue::Scalar(s) => match s {
            Constant::None => object::none(),
            Constant::Bool(b) => boolobject::from_bool(*b),
            Constant::Int(i) => int_const(i)?,
            Constant::Float(f) => floatobject::from_f64(*f)?,
            Constant::Str(s) => intern_pystr(s)?,
            Constant::Ellipsis | Constant::Complex { .. } | Constant::Bytes(_) => {
                let what = match s {
                    Constant::Ellipsis => "Ellipsis",
                    Constant::Complex { .. } => "complex",
                    _ => "bytes",
                };
                return Err(errors::set_string(
                    exceptions::system_error(),
                    &format!("rupy: {what} constants are not supported yet"),
                ));
            }
        },
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
        ConstValue::FrozenSet(_) => {
            return Err(errors::set_string(
                exceptions::system_error(),
                "rupy: frozenset constants are not supported yet",
            ));
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
        };
        let co = object::new_object(co)?;
        // Code objects are shared by every function made from them and by
        // their frames: deferred reference counting, as in 3.14t.
        co.header().set_deferred_refcount();
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
        const NONE: Location = Location {
            line: -1,
            end_line: -1,
            col: -1,
            end_col: -1,
        };
        let mut r = Reader {
            data: &self.linetable,
            pos: 0,
        };
        let mut line = self.firstlineno;
        let mut start = 0usize;
        while let Some(first) = r.byte() {
            if first & 0x80 == 0 {
                return NONE;
            }
            let code = (first >> 3) & 15;
            let len = usize::from(first & 7) + 1;
            let mut loc = NONE;
            let ok = (|| -> Option<()> {
                match code {
                    15 => {}
                    14 => {
                        line += r.signed_varint()?;
                        let end_line = line + r.varint()? as i32;
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
                        line += r.signed_varint()?;
                        loc = Location {
                            line,
                            end_line: line,
                            col: -1,
                            end_col: -1,
                        };
                    }
                    10..=12 => {
                        line += i32::from(code) - 10;
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
                return NONE;
            }
            if addr < start + len {
                return loc;
            }
            start += len;
        }
        NONE
    }

    /// `PyCode_Addr2Line`.
    pub fn addr2line(&self, addr: usize) -> i32 {
        self.addr2location(addr).line
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
