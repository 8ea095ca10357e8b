//! The compiler's output before there is a Python object model: the values a
//! code object holds as constants, and the code object itself with every
//! `co_*` field of CPython 3.14 (`Include/cpython/code.h`, `PyCodeObject`).
//! The future `code` type will wrap [`Code`].

use crate::ast::{Constant, PyStr};
use num_bigint::BigInt;

/// `CO_OPTIMIZED`.
pub const CO_OPTIMIZED: i32 = 0x0001;
/// `CO_NEWLOCALS`.
pub const CO_NEWLOCALS: i32 = 0x0002;
/// `CO_VARARGS`.
pub const CO_VARARGS: i32 = 0x0004;
/// `CO_VARKEYWORDS`.
pub const CO_VARKEYWORDS: i32 = 0x0008;
/// `CO_NESTED`.
pub const CO_NESTED: i32 = 0x0010;
/// `CO_GENERATOR`.
pub const CO_GENERATOR: i32 = 0x0020;
/// `CO_COROUTINE`.
pub const CO_COROUTINE: i32 = 0x0080;
/// `CO_ITERABLE_COROUTINE`.
pub const CO_ITERABLE_COROUTINE: i32 = 0x0100;
/// `CO_ASYNC_GENERATOR`.
pub const CO_ASYNC_GENERATOR: i32 = 0x0200;
/// `CO_HAS_DOCSTRING`.
pub const CO_HAS_DOCSTRING: i32 = 0x0400_0000;
/// `CO_METHOD`.
pub const CO_METHOD: i32 = 0x0800_0000;

/// Kinds of `co_localspluskinds` entries (`_PyLocals_Kind`, pycore_code.h).
pub const CO_FAST_ARG_POS: u8 = 0x02;
/// A keyword-capable argument.
pub const CO_FAST_ARG_KW: u8 = 0x04;
/// `*args` or `**kwargs`.
pub const CO_FAST_ARG_VAR: u8 = 0x08;
/// A hidden local (comprehension inlining).
pub const CO_FAST_HIDDEN: u8 = 0x10;
/// A fast local.
pub const CO_FAST_LOCAL: u8 = 0x20;
/// A cell variable.
pub const CO_FAST_CELL: u8 = 0x40;
/// A free variable.
pub const CO_FAST_FREE: u8 = 0x80;

/// A value in `co_consts`: the scalars of the AST's [`Constant`], plus the
/// containers and code objects the compiler builds (the object types that
/// `_PyCode_ConstantKey` and marshal accept in a code object).
#[derive(Clone, Debug)]
pub enum ConstValue {
    /// `None`, `bool`, `Ellipsis`, `int`, `float`, `complex`, `str`, `bytes`.
    Scalar(Constant),
    /// A tuple of constants.
    Tuple(Vec<ConstValue>),
    /// A frozenset of constants (element order is not significant).
    FrozenSet(Vec<ConstValue>),
    /// A `slice(start, stop, step)` of constants.
    Slice(Box<[ConstValue; 3]>),
    /// A nested code object.
    Code(Box<Code>),
}

impl ConstValue {
    /// `None`.
    pub const NONE: ConstValue = ConstValue::Scalar(Constant::None);

    /// The constant of an AST `Constant` node: a scalar, or a tuple or
    /// frozenset of them.
    pub fn from_constant(c: &Constant) -> ConstValue {
        match c {
            Constant::Tuple(items) => ConstValue::Tuple(items.iter().map(ConstValue::from_constant).collect()),
            Constant::FrozenSet(items) => ConstValue::FrozenSet(items.iter().map(ConstValue::from_constant).collect()),
            scalar => ConstValue::Scalar(scalar.clone()),
        }
    }

    /// An `int` constant.
    pub fn int(v: impl Into<BigInt>) -> ConstValue {
        ConstValue::Scalar(Constant::Int(v.into()))
    }

    /// A `str` constant.
    pub fn str(s: &str) -> ConstValue {
        ConstValue::Scalar(Constant::Str(PyStr::from(s)))
    }

    /// The value as an exact `int` (not `bool`), if it is one.
    pub fn as_int(&self) -> Option<&BigInt> {
        match self {
            ConstValue::Scalar(Constant::Int(i)) => Some(i),
            _ => None,
        }
    }

    /// True for the `None` singleton.
    pub fn is_none(&self) -> bool {
        matches!(self, ConstValue::Scalar(Constant::None))
    }

    /// Whether two constants have the same `_PyCode_ConstantKey` (what the
    /// constant cache and `add_const` merge): the same type and value,
    /// with `0.0` and `-0.0` told apart, containers compared element by
    /// element and frozensets as sets. A NaN (a float or a complex part)
    /// equals nothing: CPython's keys compare NaNs by identity, and every
    /// folded NaN is an object of its own, so it is never merged with
    /// another constant.
    pub fn same_key(&self, other: &ConstValue) -> bool {
        self.key_eq(other, false)
    }

    /// `same_key` with NaNs equal when their bits are (`nan_equal`), the
    /// structural equality of [`PartialEq`].
    fn key_eq(&self, other: &ConstValue, nan_equal: bool) -> bool {
        use Constant as C;
        let f = |x: &f64, y: &f64| (nan_equal || !x.is_nan()) && x.to_bits() == y.to_bits();
        match (self, other) {
            (ConstValue::Scalar(a), ConstValue::Scalar(b)) => match (a, b) {
                (C::None, C::None) | (C::Ellipsis, C::Ellipsis) => true,
                (C::Bool(x), C::Bool(y)) => x == y,
                (C::Int(x), C::Int(y)) => x == y,
                (C::Float(x), C::Float(y)) => f(x, y),
                (C::Complex { real: a, imag: b }, C::Complex { real: c, imag: d }) => {
                    (nan_equal || !(a.is_nan() || b.is_nan())) && a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
                }
                (C::Str(x), C::Str(y)) => x == y,
                (C::Bytes(x), C::Bytes(y)) => x == y,
                _ => false,
            },
            (ConstValue::Tuple(a), ConstValue::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key_eq(y, nan_equal))
            }
            (ConstValue::FrozenSet(a), ConstValue::FrozenSet(b)) => {
                a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| x.key_eq(y, nan_equal)))
            }
            (ConstValue::Slice(a), ConstValue::Slice(b)) => {
                a.iter().zip(b.iter()).all(|(x, y)| x.key_eq(y, nan_equal))
            }
            (ConstValue::Code(a), ConstValue::Code(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for ConstValue {
    /// Structural equality: [`ConstValue::same_key`], except that NaNs of
    /// the same bits are equal (what comparing two code objects field by
    /// field needs).
    fn eq(&self, other: &ConstValue) -> bool {
        self.key_eq(other, true)
    }
}

/// A code object: every field of CPython 3.14's `PyCodeObject` that the
/// compiler sets and marshal stores (the rest are derived at run time).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Code {
    /// `co_argcount`: positional parameters, positional-only included.
    pub argcount: i32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: i32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: i32,
    /// `co_stacksize`.
    pub stacksize: i32,
    /// `co_flags` (`CO_*`).
    pub flags: i32,
    /// `co_code`: code units (opcode byte, oparg byte) with inline caches.
    pub code: Vec<u8>,
    /// `co_consts`.
    pub consts: Vec<ConstValue>,
    /// `co_names`.
    pub names: Vec<PyStr>,
    /// `co_localsplusnames`: locals, then cells, then free variables.
    pub localsplusnames: Vec<PyStr>,
    /// `co_localspluskinds`: one `CO_FAST_*` byte per name.
    pub localspluskinds: Vec<u8>,
    /// `co_filename`.
    pub filename: PyStr,
    /// `co_name`.
    pub name: PyStr,
    /// `co_qualname`.
    pub qualname: PyStr,
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// `co_linetable`: the PEP 626 location table.
    pub linetable: Vec<u8>,
    /// `co_exceptiontable`.
    pub exceptiontable: Vec<u8>,
}

impl Code {
    fn names_of_kind(&self, pred: impl Fn(u8) -> bool) -> Vec<&PyStr> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, k)| pred(**k))
            .map(|(n, _)| n)
            .collect()
    }

    /// `co_nlocals`: the number of fast locals (`_PyCode_GetVarnames` size).
    pub fn nlocals(&self) -> usize {
        self.localspluskinds.iter().filter(|k| *k & CO_FAST_LOCAL != 0).count()
    }

    /// `co_varnames`.
    pub fn varnames(&self) -> Vec<&PyStr> {
        self.names_of_kind(|k| k & CO_FAST_LOCAL != 0)
    }

    /// `co_cellvars`.
    pub fn cellvars(&self) -> Vec<&PyStr> {
        self.names_of_kind(|k| k & CO_FAST_CELL != 0)
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> Vec<&PyStr> {
        self.names_of_kind(|k| k & CO_FAST_FREE != 0)
    }
}

/// `_PyCompile_CodeUnitMetadata`: what the compiler knows of a unit besides
/// its instructions. The dicts of CPython (name -> index) are vectors here:
/// a name's position is its index (free variables are numbered after the
/// cells, as in CPython).
#[derive(Clone, Debug, Default)]
pub struct CodeUnitMetadata {
    /// `u_name`.
    pub name: PyStr,
    /// `u_qualname` (the name when absent).
    pub qualname: Option<PyStr>,
    /// `u_names`: global and attribute names.
    pub names: Vec<PyStr>,
    /// `u_varnames`: parameters first, then locals.
    pub varnames: Vec<PyStr>,
    /// `u_cellvars`.
    pub cellvars: Vec<PyStr>,
    /// `u_freevars`.
    pub freevars: Vec<PyStr>,
    /// `u_fasthidden`: locals hidden by inlined comprehensions.
    pub fasthidden: Vec<PyStr>,
    /// `u_argcount`: positional-or-keyword parameters.
    pub argcount: i32,
    /// `u_posonlyargcount`.
    pub posonlyargcount: i32,
    /// `u_kwonlyargcount`.
    pub kwonlyargcount: i32,
    /// `u_firstlineno`.
    pub firstlineno: i32,
}
