//! The AST node types: a port of CPython 3.14's `Parser/Python.asdl` (the
//! C structs of `Include/internal/pycore_ast.h` generated from it by
//! `Parser/asdl_c.py`).
//!
//! Each ASDL sum type becomes a struct holding a `*Kind` enum plus, when the
//! ASDL declares `attributes`, a [`Location`]; each ASDL product type becomes
//! a struct. Field names and field order are the ASDL's (with a trailing `_`
//! where the name is a Rust keyword: `type_`). `expr*` is `Vec<Expr>`,
//! `expr?` is `Option<Box<Expr>>`, `identifier` is [`Identifier`].
//! Large variants are boxed to keep `Stmt` and `Expr` compact.

use num_bigint::BigInt;

/// ASDL `identifier`: a Python identifier, already NFKC-normalized by the
/// parser (`_PyPegen_new_identifier`).
pub type Identifier = Box<str>;

/// The position attributes every located node carries
/// (`attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)`).
/// Lines are 1-based; columns are 0-based offsets in UTF-8 bytes, as in
/// CPython.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub lineno: i32,
    pub col_offset: i32,
    pub end_lineno: i32,
    pub end_col_offset: i32,
}

/// A Python `str` value as it appears in a `Constant`: a sequence of Unicode
/// code points that may include lone surrogates (e.g. from `"\ud800"`).
///
/// Representation: "generalized UTF-8". Every code point is encoded on its
/// own with the UTF-8 scheme, surrogates (U+D800..U+DFFF) included as
/// 3-byte sequences; unlike WTF-8 a surrogate pair is never merged, because
/// Python keeps `"\ud83d\ude00"` as two code points. A string without
/// surrogates is therefore plain UTF-8 and [`PyStr::as_str`] borrows it.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct PyStr {
    bytes: Vec<u8>,
}

impl PyStr {
    /// An empty string.
    pub fn new() -> PyStr {
        PyStr { bytes: Vec::new() }
    }

    /// Appends a code point (any value up to U+10FFFF, surrogates allowed).
    pub fn push_code_point(&mut self, cp: u32) {
        debug_assert!(cp <= 0x10FFFF);
        match cp {
            0..=0x7F => self.bytes.push(cp as u8),
            0x80..=0x7FF => {
                self.bytes.push(0xC0 | (cp >> 6) as u8);
                self.bytes.push(0x80 | (cp & 0x3F) as u8);
            }
            0x800..=0xFFFF => {
                self.bytes.push(0xE0 | (cp >> 12) as u8);
                self.bytes.push(0x80 | ((cp >> 6) & 0x3F) as u8);
                self.bytes.push(0x80 | (cp & 0x3F) as u8);
            }
            _ => {
                self.bytes.push(0xF0 | (cp >> 18) as u8);
                self.bytes.push(0x80 | ((cp >> 12) & 0x3F) as u8);
                self.bytes.push(0x80 | ((cp >> 6) & 0x3F) as u8);
                self.bytes.push(0x80 | (cp & 0x3F) as u8);
            }
        }
    }

    /// Appends UTF-8 text.
    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Appends another `PyStr`.
    pub fn push_pystr(&mut self, s: &PyStr) {
        self.bytes.extend_from_slice(&s.bytes);
    }

    /// The string as `&str` when it holds no surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// The generalized-UTF-8 bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// True when the string has no code point.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The code points, in order.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints { bytes: &self.bytes, pos: 0 }
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr { bytes: s.as_bytes().to_vec() }
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> PyStr {
        PyStr { bytes: s.into_bytes() }
    }
}

impl std::fmt::Debug for PyStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        crate::ast::dump::repr_str(&mut s, self);
        f.write_str(&s)
    }
}

/// Iterator over the code points of a [`PyStr`].
pub struct CodePoints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let b = self.bytes;
        let i = self.pos;
        let b0 = *b.get(i)? as u32;
        let (cp, len) = if b0 < 0x80 {
            (b0, 1)
        } else if b0 < 0xE0 {
            (((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else if b0 < 0xF0 {
            (
                ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
                3,
            )
        } else {
            (
                ((b0 & 0x07) << 18)
                    | ((b[i + 1] as u32 & 0x3F) << 12)
                    | ((b[i + 2] as u32 & 0x3F) << 6)
                    | (b[i + 3] as u32 & 0x3F),
                4,
            )
        };
        self.pos += len;
        Some(cp)
    }
}

/// ASDL `constant`: the values the parser puts in `Constant` and
/// `MatchSingleton` nodes, and the tuples and frozensets of them that a
/// tree built in Python may hold (`validate_constant`).
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(f64),
    Complex { real: f64, imag: f64 },
    Str(PyStr),
    Bytes(Vec<u8>),
    Tuple(Vec<Constant>),
    FrozenSet(Vec<Constant>),
}

/// ASDL `mod`.
#[derive(Clone, Debug, PartialEq)]
pub enum Mod {
    Module(Module),
    Interactive { body: Vec<Stmt> },
    Expression { body: Box<Expr> },
    FunctionType { argtypes: Vec<Expr>, returns: Box<Expr> },
}

/// ASDL `Module(stmt* body, type_ignore* type_ignores)`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Module {
    pub body: Vec<Stmt>,
    pub type_ignores: Vec<TypeIgnore>,
}

/// ASDL `stmt` with its location attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub loc: Location,
}

/// ASDL `FunctionDef` / `AsyncFunctionDef` (same fields).
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: Identifier,
    pub args: Box<Arguments>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub returns: Option<Box<Expr>>,
    pub type_comment: Option<Box<str>>,
    pub type_params: Vec<TypeParam>,
}

/// ASDL `ClassDef`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub name: Identifier,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub type_params: Vec<TypeParam>,
}

/// ASDL `For` / `AsyncFor` (same fields).
#[derive(Clone, Debug, PartialEq)]
pub struct For {
    pub target: Expr,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
    pub type_comment: Option<Box<str>>,
}

/// ASDL `Try` / `TryStar` (same fields).
#[derive(Clone, Debug, PartialEq)]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

/// The constructors of ASDL `stmt`, in the ASDL's order.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    FunctionDef(Box<FunctionDef>),
    AsyncFunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    Return { value: Option<Box<Expr>> },
    Delete { targets: Vec<Expr> },
    Assign { targets: Vec<Expr>, value: Box<Expr>, type_comment: Option<Box<str>> },
    TypeAlias { name: Box<Expr>, type_params: Vec<TypeParam>, value: Box<Expr> },
    AugAssign { target: Box<Expr>, op: Operator, value: Box<Expr> },
    AnnAssign { target: Box<Expr>, annotation: Box<Expr>, value: Option<Box<Expr>>, simple: bool },
    For(Box<For>),
    AsyncFor(Box<For>),
    While { test: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt> },
    If { test: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt> },
    With { items: Vec<WithItem>, body: Vec<Stmt>, type_comment: Option<Box<str>> },
    AsyncWith { items: Vec<WithItem>, body: Vec<Stmt>, type_comment: Option<Box<str>> },
    Match { subject: Box<Expr>, cases: Vec<MatchCase> },
    Raise { exc: Option<Box<Expr>>, cause: Option<Box<Expr>> },
    Try(Box<Try>),
    TryStar(Box<Try>),
    Assert { test: Box<Expr>, msg: Option<Box<Expr>> },
    Import { names: Vec<Alias> },
    ImportFrom { module: Option<Identifier>, names: Vec<Alias>, level: i32 },
    Global { names: Vec<Identifier> },
    Nonlocal { names: Vec<Identifier> },
    Expr { value: Box<Expr> },
    Pass,
    Break,
    Continue,
}

/// ASDL `expr` with its location attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub loc: Location,
}

/// The constructors of ASDL `expr`, in the ASDL's order (3.14 adds
/// `Interpolation` and `TemplateStr`).
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    BoolOp { op: BoolOp, values: Vec<Expr> },
    NamedExpr { target: Box<Expr>, value: Box<Expr> },
    BinOp { left: Box<Expr>, op: Operator, right: Box<Expr> },
    UnaryOp { op: UnaryOp, operand: Box<Expr> },
    Lambda { args: Box<Arguments>, body: Box<Expr> },
    IfExp { test: Box<Expr>, body: Box<Expr>, orelse: Box<Expr> },
    /// `keys[i]` is `None` for a `**mapping` entry.
    Dict { keys: Vec<Option<Expr>>, values: Vec<Expr> },
    Set { elts: Vec<Expr> },
    ListComp { elt: Box<Expr>, generators: Vec<Comprehension> },
    SetComp { elt: Box<Expr>, generators: Vec<Comprehension> },
    DictComp { key: Box<Expr>, value: Box<Expr>, generators: Vec<Comprehension> },
    GeneratorExp { elt: Box<Expr>, generators: Vec<Comprehension> },
    Await { value: Box<Expr> },
    Yield { value: Option<Box<Expr>> },
    YieldFrom { value: Box<Expr> },
    Compare { left: Box<Expr>, ops: Vec<CmpOp>, comparators: Vec<Expr> },
    Call { func: Box<Expr>, args: Vec<Expr>, keywords: Vec<Keyword> },
    /// `conversion` is -1 (none) or the code of `'s'`, `'r'`, `'a'`.
    FormattedValue { value: Box<Expr>, conversion: i32, format_spec: Option<Box<Expr>> },
    /// `str` is the source text of the interpolated expression.
    Interpolation { value: Box<Expr>, str: Box<Constant>, conversion: i32, format_spec: Option<Box<Expr>> },
    JoinedStr { values: Vec<Expr> },
    TemplateStr { values: Vec<Expr> },
    Constant { value: Box<Constant>, kind: Option<Box<str>> },
    Attribute { value: Box<Expr>, attr: Identifier, ctx: ExprContext },
    Subscript { value: Box<Expr>, slice: Box<Expr>, ctx: ExprContext },
    Starred { value: Box<Expr>, ctx: ExprContext },
    Name { id: Identifier, ctx: ExprContext },
    List { elts: Vec<Expr>, ctx: ExprContext },
    Tuple { elts: Vec<Expr>, ctx: ExprContext },
    Slice { lower: Option<Box<Expr>>, upper: Option<Box<Expr>>, step: Option<Box<Expr>> },
}

/// ASDL `expr_context`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprContext {
    Load,
    Store,
    Del,
}

/// ASDL `boolop`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

/// ASDL `operator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

/// ASDL `unaryop`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

/// ASDL `cmpop`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// ASDL `comprehension = (expr target, expr iter, expr* ifs, int is_async)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

/// ASDL `excepthandler = ExceptHandler(expr? type, identifier? name, stmt* body)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    pub type_: Option<Box<Expr>>,
    pub name: Option<Identifier>,
    pub body: Vec<Stmt>,
    pub loc: Location,
}

/// ASDL `arguments`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Arguments {
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Box<Arg>>,
    pub kwonlyargs: Vec<Arg>,
    /// One entry per keyword-only argument; `None` where it has no default.
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Box<Arg>>,
    pub defaults: Vec<Expr>,
}

/// ASDL `arg = (identifier arg, expr? annotation, string? type_comment)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub arg: Identifier,
    pub annotation: Option<Box<Expr>>,
    pub type_comment: Option<Box<str>>,
    pub loc: Location,
}

/// ASDL `keyword = (identifier? arg, expr value)`; `arg` is `None` for `**x`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub arg: Option<Identifier>,
    pub value: Expr,
    pub loc: Location,
}

/// ASDL `alias = (identifier name, identifier? asname)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub name: Identifier,
    pub asname: Option<Identifier>,
    pub loc: Location,
}

/// ASDL `withitem = (expr context_expr, expr? optional_vars)`.
#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    pub context_expr: Expr,
    pub optional_vars: Option<Box<Expr>>,
}

/// ASDL `match_case = (pattern pattern, expr? guard, stmt* body)`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchCase {
    pub pattern: Pattern,
    pub guard: Option<Box<Expr>>,
    pub body: Vec<Stmt>,
}

/// ASDL `pattern` with its location attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub loc: Location,
}

/// The constructors of ASDL `pattern`.
#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    MatchValue { value: Box<Expr> },
    MatchSingleton { value: Constant },
    MatchSequence { patterns: Vec<Pattern> },
    MatchMapping { keys: Vec<Expr>, patterns: Vec<Pattern>, rest: Option<Identifier> },
    MatchClass { cls: Box<Expr>, patterns: Vec<Pattern>, kwd_attrs: Vec<Identifier>, kwd_patterns: Vec<Pattern> },
    MatchStar { name: Option<Identifier> },
    MatchAs { pattern: Option<Box<Pattern>>, name: Option<Identifier> },
    MatchOr { patterns: Vec<Pattern> },
}

/// ASDL `type_ignore = TypeIgnore(int lineno, string tag)`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeIgnore {
    pub lineno: i32,
    pub tag: Box<str>,
}

/// ASDL `type_param` with its location attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeParam {
    pub kind: TypeParamKind,
    pub loc: Location,
}

/// The constructors of ASDL `type_param` (3.13+ `default_value`).
#[derive(Clone, Debug, PartialEq)]
pub enum TypeParamKind {
    TypeVar { name: Identifier, bound: Option<Box<Expr>>, default_value: Option<Box<Expr>> },
    ParamSpec { name: Identifier, default_value: Option<Box<Expr>> },
    TypeVarTuple { name: Identifier, default_value: Option<Box<Expr>> },
}

impl Expr {
    /// A node of `kind` at `loc`.
    pub fn new(kind: ExprKind, loc: Location) -> Expr {
        Expr { kind, loc }
    }
}

impl Stmt {
    /// A node of `kind` at `loc`.
    pub fn new(kind: StmtKind, loc: Location) -> Stmt {
        Stmt { kind, loc }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_sizes_stay_compact() {
        assert!(std::mem::size_of::<Expr>() <= 80, "Expr is {}", std::mem::size_of::<Expr>());
        assert!(std::mem::size_of::<Stmt>() <= 96, "Stmt is {}", std::mem::size_of::<Stmt>());
    }

    #[test]
    fn pystr_keeps_lone_and_paired_surrogates_apart() {
        let mut s = PyStr::from("a");
        s.push_code_point(0xD83D);
        s.push_code_point(0xDE00);
        s.push_code_point(0x1F600);
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0x61, 0xD83D, 0xDE00, 0x1F600]);
        assert!(s.as_str().is_none());
        assert_eq!(PyStr::from("é").as_str(), Some("é"));
    }
}
