//! `ast` node objects back to rupy's syntax tree (Python/Python-ast.c
//! `PyAST_obj2mod`, `obj2ast_mod` and the `obj2ast_*` functions it calls),
//! for `compile()` of a tree built or changed in Python.
//!
//! As in CPython, each field is read with `getattr`: a missing required
//! field is a TypeError, a missing list field an empty list and a missing
//! optional field None; a node's class is found by `isinstance` over the
//! constructors of its ASDL sum type in ASDL order; a required field that
//! is None fails as the C constructors (`_PyAST_*`) fail, once all fields
//! of the node are read. Where the C tree can hold a NULL that the Rust
//! types cannot (None inside a statement or expression list, a constant
//! of another type), the check of `_PyAST_Validate` that rejects it is made
//! here, with its message.

use super::table::idx;
use super::{class, key, optional_attr, type_error};
use crate::ast::nodes::*;
use crate::errors::{self, PyResult};
use crate::objects::r#abstract;
use crate::objects::bytesobject::{BYTES_TYPE, BytesObject};
use crate::objects::complexobject::{COMPLEX_TYPE, ComplexObject};
use crate::objects::exceptions;
use crate::objects::floatobject::{FLOAT_TYPE, FloatObject};
use crate::objects::listobject::ListObject;
use crate::objects::longobject::{INT_TYPE, IntObject};
use crate::objects::object::{self, ObjRef, PyObject, downcast, type_of};
use crate::objects::tupleobject::{TUPLE_TYPE, TupleObject};
use crate::objects::unicodeobject::{STR_TYPE, StrObject};
use crate::parser::parser::Mode;

type Res<T> = PyResult<T>;

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `PyAST_obj2mod`: the tree of a `Module`, `Expression`, `Interactive` or
/// `FunctionType` node, as `mode` requires.
pub fn object_to_mod(obj: &PyObject, mode: Mode) -> Res<Mod> {
    let (req, name) = match mode {
        Mode::Exec => (idx::Module, "Module"),
        Mode::Eval => (idx::Expression, "Expression"),
        Mode::Single => (idx::Interactive, "Interactive"),
        Mode::FuncType => (idx::FunctionType, "FunctionType"),
    };
    if !r#abstract::is_instance(obj, &*class(req)?)? {
        return Err(type_error(&format!("expected {name} node, got {}", type_of(obj).name())));
    }
    module(obj)
}

/// Reads the fields of one node: `owner` names it in the messages.
struct Fields<'a> {
    obj: &'a PyObject,
    owner: &'static str,
    guard: String,
}

impl<'a> Fields<'a> {
    fn new(obj: &'a PyObject, owner: &'static str) -> Fields<'a> {
        Fields { obj, owner, guard: format!(" while traversing '{owner}' node") }
    }

    /// `PyObject_GetOptionalAttr`.
    fn get(&self, name: &str) -> Res<Option<ObjRef>> {
        optional_attr(self.obj, &*key(name)?)
    }

    /// Runs a conversion under `_Py_EnterRecursiveCall`.
    fn nested<T>(&self, f: impl FnOnce() -> Res<T>) -> Res<T> {
        crate::state::enter_recursive_call(&self.guard)?;
        let r = f();
        crate::state::leave_recursive_call();
        r
    }

    /// A required field: missing is a TypeError.
    fn req<T>(&self, name: &str, conv: impl FnOnce(&PyObject) -> Res<T>) -> Res<T> {
        let Some(v) = self.get(name)? else {
            return Err(type_error(&format!("required field \"{name}\" missing from {}", self.owner)));
        };
        self.nested(|| conv(&v))
    }

    /// An optional field: missing or None is `None`.
    fn opt<T>(&self, name: &str, conv: impl FnOnce(&PyObject) -> Res<T>) -> Res<Option<T>> {
        match self.get(name)? {
            Some(v) if !object::is_none(&v) => self.nested(|| conv(&v)).map(Some),
            _ => Ok(None),
        }
    }

    /// A list field: missing is empty; anything but a list is a TypeError.
    fn seq<T>(&self, name: &str, mut conv: impl FnMut(&PyObject) -> Res<T>) -> Res<Vec<T>> {
        let Some(v) = self.get(name)? else { return Ok(Vec::new()) };
        let Some(list) = downcast::<ListObject>(&v) else {
            return Err(type_error(&format!(
                "{} field \"{name}\" must be a list, not a {}",
                self.owner,
                type_of(&v).name()
            )));
        };
        let len = list.len();
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            let item = isize::try_from(i).ok().and_then(|i| list.get_item_ref(i));
            if let Some(item) = item {
                out.push(self.nested(|| conv(&item))?);
            }
            if list.len() != len {
                return Err(errors::set_string(
                    exceptions::runtime_error(),
                    &format!("{} field \"{name}\" changed size during iteration", self.owner),
                ));
            }
        }
        Ok(out)
    }

    /// A required expression: None is caught by [`need`].
    fn expr(&self, name: &str) -> Res<Option<Expr>> {
        self.req(name, expr)
    }

    fn opt_expr(&self, name: &str) -> Res<Option<Box<Expr>>> {
        Ok(self.opt(name, expr)?.flatten().map(Box::new))
    }

    /// An `expr*` field: None is not allowed in it.
    fn exprs(&self, name: &str) -> Res<Vec<Expr>> {
        no_none(self.seq(name, expr)?, "expression")
    }

    fn stmts(&self, name: &str) -> Res<Vec<Stmt>> {
        no_none(self.seq(name, stmt)?, "statement")
    }

    fn ident(&self, name: &str) -> Res<Option<Identifier>> {
        self.req(name, identifier)
    }

    fn opt_ident(&self, name: &str) -> Res<Option<Identifier>> {
        Ok(self.opt(name, identifier)?.flatten())
    }

    fn opt_string(&self, name: &str) -> Res<Option<Box<str>>> {
        self.opt(name, string)
    }

    fn int(&self, name: &str) -> Res<i32> {
        self.req(name, int)
    }

    fn ctx(&self) -> Res<ExprContext> {
        self.req("ctx", expr_context)
    }

    /// The location attributes; `end_optional` for `int? end_lineno`.
    fn location(&self, end_optional: bool) -> Res<Location> {
        let lineno = self.int("lineno")?;
        let col_offset = self.int("col_offset")?;
        let (end_lineno, end_col_offset) = if end_optional {
            (
                self.opt("end_lineno", int)?.unwrap_or(lineno),
                self.opt("end_col_offset", int)?.unwrap_or(col_offset),
            )
        } else {
            (self.int("end_lineno")?, self.int("end_col_offset")?)
        };
        Ok(Location { lineno, col_offset, end_lineno, end_col_offset })
    }
}

/// The check of a `_PyAST_*` constructor: a required field that was None.
fn need<T>(v: Option<T>, field: &str, node: &str) -> Res<T> {
    v.ok_or_else(|| value_error(&format!("field '{field}' is required for {node}")))
}

fn need_box<T>(v: Option<T>, field: &str, node: &str) -> Res<Box<T>> {
    need(v, field, node).map(Box::new)
}

/// `validate_stmts` / `validate_exprs`: "None disallowed in ... list".
fn no_none<T>(v: Vec<Option<T>>, what: &str) -> Res<Vec<T>> {
    v.into_iter()
        .map(|x| x.ok_or_else(|| value_error(&format!("None disallowed in {what} list"))))
        .collect()
}

/// The first of `candidates` (class indices) that `obj` is an instance of.
fn which(obj: &PyObject, candidates: &[usize]) -> Res<Option<usize>> {
    for &c in candidates {
        if r#abstract::is_instance(obj, &*class(c)?)? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

fn unknown(sum: &str, obj: &PyObject) -> errors::ErrSet {
    match object::repr(obj) {
        Ok(r) => type_error(&format!("expected some sort of {sum}, but got {}", r.to_string_lossy())),
        Err(e) => e,
    }
}

/// `obj2ast_int`.
fn int(obj: &PyObject) -> Res<i32> {
    let Some(i) = downcast::<IntObject>(obj) else {
        let r = object::repr(obj)?;
        return Err(value_error(&format!("invalid integer value: {}", r.to_string_lossy())));
    };
    i.as_i64().and_then(|v| i32::try_from(v).ok()).ok_or_else(|| {
        errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C int")
    })
}

/// `obj2ast_identifier`: an exact `str`, or None.
fn identifier(obj: &PyObject) -> Res<Option<Identifier>> {
    if object::is_none(obj) {
        return Ok(None);
    }
    if !object::is_type(obj, &STR_TYPE) {
        return Err(type_error("AST identifier must be of type str"));
    }
    Ok(Some(object::str_lossy(obj).into_boxed_str()))
}

/// `obj2ast_string`: an exact `str` or `bytes`.
fn string(obj: &PyObject) -> Res<Box<str>> {
    if object::is_type(obj, &STR_TYPE) {
        Ok(object::str_lossy(obj).into_boxed_str())
    } else if let Some(b) = downcast::<BytesObject>(obj).filter(|_| object::is_type(obj, &BYTES_TYPE)) {
        Ok(String::from_utf8_lossy(b.as_bytes()).into())
    } else {
        Err(type_error("AST string must be of type str"))
    }
}

/// The `str` of a `Constant` with every code point kept.
fn py_str(s: &StrObject) -> PyStr {
    let mut out = PyStr::new();
    for cp in s.data().iter() {
        out.push_code_point(cp);
    }
    out
}

/// `obj2ast_constant` with `validate_constant`: `None`, `Ellipsis`, the
/// exact `int`, `float`, `complex`, `bool`, `str` and `bytes`, and exact
/// tuples and frozensets of them.
fn constant(obj: &PyObject) -> Res<Constant> {
    let ty = type_of(obj);
    if object::is_none(obj) {
        return Ok(Constant::None);
    }
    if object::is(obj, &crate::objects::sliceobject::ellipsis()) {
        return Ok(Constant::Ellipsis);
    }
    if object::is_type(obj, &crate::objects::boolobject::BOOL_TYPE) {
        return Ok(Constant::Bool(object::is_true(obj)?));
    }
    if core::ptr::eq(ty, &INT_TYPE)
        && let Some(i) = downcast::<IntObject>(obj)
    {
        return Ok(Constant::Int(i.to_bigint()));
    }
    if core::ptr::eq(ty, &FLOAT_TYPE)
        && let Some(f) = downcast::<FloatObject>(obj)
    {
        return Ok(Constant::Float(f.value()));
    }
    if core::ptr::eq(ty, &COMPLEX_TYPE)
        && let Some(c) = downcast::<ComplexObject>(obj)
    {
        let v = c.value();
        return Ok(Constant::Complex { real: v.re, imag: v.im });
    }
    if core::ptr::eq(ty, &STR_TYPE)
        && let Some(s) = downcast::<StrObject>(obj)
    {
        return Ok(Constant::Str(py_str(s)));
    }
    if core::ptr::eq(ty, &BYTES_TYPE)
        && let Some(b) = downcast::<BytesObject>(obj)
    {
        return Ok(Constant::Bytes(b.as_bytes().to_vec()));
    }
    let is_tuple = core::ptr::eq(ty, &TUPLE_TYPE);
    if is_tuple || core::ptr::eq(ty, &crate::objects::setobject::FROZENSET_TYPE) {
        let items = match downcast::<TupleObject>(obj).filter(|_| is_tuple) {
            Some(t) => t.as_slice().to_vec(),
            None => r#abstract::collect(obj)?,
        };
        crate::state::enter_recursive_call(" during compilation")?;
        let converted: Res<Vec<Constant>> = items.iter().map(|x| constant(x)).collect();
        crate::state::leave_recursive_call();
        let converted = converted?;
        return Ok(if is_tuple { Constant::Tuple(converted) } else { Constant::FrozenSet(converted) });
    }
    Err(type_error(&format!("got an invalid type in Constant: {}", ty.name())))
}

/// `obj2ast_expr_context`.
fn expr_context(obj: &PyObject) -> Res<ExprContext> {
    match which(obj, &[idx::Load, idx::Store, idx::Del])? {
        Some(idx::Load) => Ok(ExprContext::Load),
        Some(idx::Store) => Ok(ExprContext::Store),
        Some(_) => Ok(ExprContext::Del),
        None => Err(unknown("expr_context", obj)),
    }
}

/// `obj2ast_boolop`.
fn boolop(obj: &PyObject) -> Res<BoolOp> {
    match which(obj, &[idx::And, idx::Or])? {
        Some(idx::And) => Ok(BoolOp::And),
        Some(_) => Ok(BoolOp::Or),
        None => Err(unknown("boolop", obj)),
    }
}

/// `obj2ast_operator`.
fn operator(obj: &PyObject) -> Res<Operator> {
    const OPS: [(usize, Operator); 13] = [
        (idx::Add, Operator::Add),
        (idx::Sub, Operator::Sub),
        (idx::Mult, Operator::Mult),
        (idx::MatMult, Operator::MatMult),
        (idx::Div, Operator::Div),
        (idx::Mod, Operator::Mod),
        (idx::Pow, Operator::Pow),
        (idx::LShift, Operator::LShift),
        (idx::RShift, Operator::RShift),
        (idx::BitOr, Operator::BitOr),
        (idx::BitXor, Operator::BitXor),
        (idx::BitAnd, Operator::BitAnd),
        (idx::FloorDiv, Operator::FloorDiv),
    ];
    for (c, op) in OPS {
        if r#abstract::is_instance(obj, &*class(c)?)? {
            return Ok(op);
        }
    }
    Err(unknown("operator", obj))
}

/// `obj2ast_unaryop`.
fn unaryop(obj: &PyObject) -> Res<UnaryOp> {
    match which(obj, &[idx::Invert, idx::Not, idx::UAdd, idx::USub])? {
        Some(idx::Invert) => Ok(UnaryOp::Invert),
        Some(idx::Not) => Ok(UnaryOp::Not),
        Some(idx::UAdd) => Ok(UnaryOp::UAdd),
        Some(_) => Ok(UnaryOp::USub),
        None => Err(unknown("unaryop", obj)),
    }
}

/// `obj2ast_cmpop`.
fn cmpop(obj: &PyObject) -> Res<CmpOp> {
    const OPS: [(usize, CmpOp); 10] = [
        (idx::Eq, CmpOp::Eq),
        (idx::NotEq, CmpOp::NotEq),
        (idx::Lt, CmpOp::Lt),
        (idx::LtE, CmpOp::LtE),
        (idx::Gt, CmpOp::Gt),
        (idx::GtE, CmpOp::GtE),
        (idx::Is, CmpOp::Is),
        (idx::IsNot, CmpOp::IsNot),
        (idx::In, CmpOp::In),
        (idx::NotIn, CmpOp::NotIn),
    ];
    for (c, op) in OPS {
        if r#abstract::is_instance(obj, &*class(c)?)? {
            return Ok(op);
        }
    }
    Err(unknown("cmpop", obj))
}

/// `obj2ast_mod`.
fn module(obj: &PyObject) -> Res<Mod> {
    match which(obj, &[idx::Module, idx::Interactive, idx::Expression, idx::FunctionType])? {
        Some(idx::Module) => {
            let f = Fields::new(obj, "Module");
            let body = f.stmts("body")?;
            let type_ignores = f.seq("type_ignores", type_ignore)?.into_iter().flatten().collect();
            Ok(Mod::Module(Module { body, type_ignores }))
        }
        Some(idx::Interactive) => Ok(Mod::Interactive { body: Fields::new(obj, "Interactive").stmts("body")? }),
        Some(idx::Expression) => {
            let body = Fields::new(obj, "Expression").expr("body")?;
            Ok(Mod::Expression { body: need_box(body, "body", "Expression")? })
        }
        Some(_) => {
            let f = Fields::new(obj, "FunctionType");
            let argtypes = f.exprs("argtypes")?;
            let returns = f.expr("returns")?;
            Ok(Mod::FunctionType { argtypes, returns: need_box(returns, "returns", "FunctionType")? })
        }
        None => Err(unknown("mod", obj)),
    }
}

/// `obj2ast_type_ignore`: None is kept out of the list (nothing reads it).
fn type_ignore(obj: &PyObject) -> Res<Option<TypeIgnore>> {
    if object::is_none(obj) {
        return Ok(None);
    }
    if which(obj, &[idx::TypeIgnore])?.is_none() {
        return Err(unknown("type_ignore", obj));
    }
    let f = Fields::new(obj, "TypeIgnore");
    let lineno = f.int("lineno")?;
    let tag = f.req("tag", string)?;
    Ok(Some(TypeIgnore { lineno, tag }))
}

/// The constructors of `stmt`, in ASDL order.
const STMTS: [usize; 28] = [
    idx::FunctionDef,
    idx::AsyncFunctionDef,
    idx::ClassDef,
    idx::Return,
    idx::Delete,
    idx::Assign,
    idx::TypeAlias,
    idx::AugAssign,
    idx::AnnAssign,
    idx::For,
    idx::AsyncFor,
    idx::While,
    idx::If,
    idx::With,
    idx::AsyncWith,
    idx::Match,
    idx::Raise,
    idx::Try,
    idx::TryStar,
    idx::Assert,
    idx::Import,
    idx::ImportFrom,
    idx::Global,
    idx::Nonlocal,
    idx::Expr,
    idx::Pass,
    idx::Break,
    idx::Continue,
];

/// `obj2ast_stmt`: None for None.
fn stmt(obj: &PyObject) -> Res<Option<Stmt>> {
    if object::is_none(obj) {
        return Ok(None);
    }
    let loc = Fields::new(obj, "stmt").location(true)?;
    let Some(c) = which(obj, &STMTS)? else { return Err(unknown("stmt", obj)) };
    let name = super::table::CLASSES[c].name;
    let f = Fields::new(obj, name);
    let kind = match c {
        idx::FunctionDef | idx::AsyncFunctionDef => {
            let fname = f.ident("name")?;
            let args = f.req("args", arguments)?;
            let body = f.stmts("body")?;
            let decorator_list = f.exprs("decorator_list")?;
            let returns = f.opt_expr("returns")?;
            let type_comment = f.opt_string("type_comment")?;
            let type_params = f.seq("type_params", type_param)?;
            let def = Box::new(FunctionDef {
                name: need(fname, "name", name)?,
                args: Box::new(args),
                body,
                decorator_list,
                returns,
                type_comment,
                type_params: no_none(type_params, "type parameter")?,
            });
            if c == idx::FunctionDef { StmtKind::FunctionDef(def) } else { StmtKind::AsyncFunctionDef(def) }
        }
        idx::ClassDef => {
            let cname = f.ident("name")?;
            let bases = f.exprs("bases")?;
            let keywords = f.seq("keywords", keyword)?;
            let body = f.stmts("body")?;
            let decorator_list = f.exprs("decorator_list")?;
            let type_params = f.seq("type_params", type_param)?;
            StmtKind::ClassDef(Box::new(ClassDef {
                name: need(cname, "name", name)?,
                bases,
                keywords,
                body,
                decorator_list,
                type_params: no_none(type_params, "type parameter")?,
            }))
        }
        idx::Return => StmtKind::Return { value: f.opt_expr("value")? },
        idx::Delete => StmtKind::Delete { targets: f.exprs("targets")? },
        idx::Assign => {
            let targets = f.exprs("targets")?;
            let value = f.expr("value")?;
            let type_comment = f.opt_string("type_comment")?;
            StmtKind::Assign { targets, value: need_box(value, "value", name)?, type_comment }
        }
        idx::TypeAlias => {
            let alias = f.expr("name")?;
            let type_params = f.seq("type_params", type_param)?;
            let value = f.expr("value")?;
            StmtKind::TypeAlias {
                name: need_box(alias, "name", name)?,
                type_params: no_none(type_params, "type parameter")?,
                value: need_box(value, "value", name)?,
            }
        }
        idx::AugAssign => {
            let target = f.expr("target")?;
            let op = f.req("op", operator)?;
            let value = f.expr("value")?;
            StmtKind::AugAssign { target: need_box(target, "target", name)?, op, value: need_box(value, "value", name)? }
        }
        idx::AnnAssign => {
            let target = f.expr("target")?;
            let annotation = f.expr("annotation")?;
            let value = f.opt_expr("value")?;
            let simple = f.int("simple")?;
            StmtKind::AnnAssign {
                target: need_box(target, "target", name)?,
                annotation: need_box(annotation, "annotation", name)?,
                value,
                simple: simple != 0,
            }
        }
        idx::For | idx::AsyncFor => {
            let target = f.expr("target")?;
            let iter = f.expr("iter")?;
            let body = f.stmts("body")?;
            let orelse = f.stmts("orelse")?;
            let type_comment = f.opt_string("type_comment")?;
            let node = Box::new(For {
                target: need(target, "target", name)?,
                iter: need(iter, "iter", name)?,
                body,
                orelse,
                type_comment,
            });
            if c == idx::For { StmtKind::For(node) } else { StmtKind::AsyncFor(node) }
        }
        idx::While | idx::If => {
            let test = f.expr("test")?;
            let body = f.stmts("body")?;
            let orelse = f.stmts("orelse")?;
            let test = need_box(test, "test", name)?;
            if c == idx::While { StmtKind::While { test, body, orelse } } else { StmtKind::If { test, body, orelse } }
        }
        idx::With | idx::AsyncWith => {
            let items = f.seq("items", withitem)?;
            let body = f.stmts("body")?;
            let type_comment = f.opt_string("type_comment")?;
            if c == idx::With {
                StmtKind::With { items, body, type_comment }
            } else {
                StmtKind::AsyncWith { items, body, type_comment }
            }
        }
        idx::Match => {
            let subject = f.expr("subject")?;
            let cases = f.seq("cases", match_case)?;
            StmtKind::Match { subject: need_box(subject, "subject", name)?, cases }
        }
        idx::Raise => {
            let exc = f.opt_expr("exc")?;
            let cause = f.opt_expr("cause")?;
            StmtKind::Raise { exc, cause }
        }
        idx::Try | idx::TryStar => {
            let body = f.stmts("body")?;
            let handlers = no_none(f.seq("handlers", excepthandler)?, "exception handler")?;
            let orelse = f.stmts("orelse")?;
            let finalbody = f.stmts("finalbody")?;
            let node = Box::new(Try { body, handlers, orelse, finalbody });
            if c == idx::Try { StmtKind::Try(node) } else { StmtKind::TryStar(node) }
        }
        idx::Assert => {
            let test = f.expr("test")?;
            let msg = f.opt_expr("msg")?;
            StmtKind::Assert { test: need_box(test, "test", name)?, msg }
        }
        idx::Import => StmtKind::Import { names: f.seq("names", alias)? },
        idx::ImportFrom => {
            let module = f.opt_ident("module")?;
            let names = f.seq("names", alias)?;
            let level = f.opt("level", int)?.unwrap_or(0);
            StmtKind::ImportFrom { module, names, level }
        }
        idx::Global | idx::Nonlocal => {
            let names = no_none(f.seq("names", identifier)?, "identifier")?;
            if c == idx::Global { StmtKind::Global { names } } else { StmtKind::Nonlocal { names } }
        }
        idx::Expr => StmtKind::Expr { value: need_box(f.expr("value")?, "value", name)? },
        idx::Pass => StmtKind::Pass,
        idx::Break => StmtKind::Break,
        _ => StmtKind::Continue,
    };
    Ok(Some(Stmt { kind, loc }))
}

/// The constructors of `expr`, in ASDL order.
const EXPRS: [usize; 29] = [
    idx::BoolOp,
    idx::NamedExpr,
    idx::BinOp,
    idx::UnaryOp,
    idx::Lambda,
    idx::IfExp,
    idx::Dict,
    idx::Set,
    idx::ListComp,
    idx::SetComp,
    idx::DictComp,
    idx::GeneratorExp,
    idx::Await,
    idx::Yield,
    idx::YieldFrom,
    idx::Compare,
    idx::Call,
    idx::FormattedValue,
    idx::Interpolation,
    idx::JoinedStr,
    idx::TemplateStr,
    idx::Constant,
    idx::Attribute,
    idx::Subscript,
    idx::Starred,
    idx::Name,
    idx::List,
    idx::Tuple,
    idx::Slice,
];

/// `obj2ast_expr`: None for None.
fn expr(obj: &PyObject) -> Res<Option<Expr>> {
    if object::is_none(obj) {
        return Ok(None);
    }
    let loc = Fields::new(obj, "expr").location(true)?;
    let Some(c) = which(obj, &EXPRS)? else { return Err(unknown("expr", obj)) };
    let name = super::table::CLASSES[c].name;
    let f = Fields::new(obj, name);
    let kind = match c {
        idx::BoolOp => {
            let op = f.req("op", boolop)?;
            let values = f.exprs("values")?;
            ExprKind::BoolOp { op, values }
        }
        idx::NamedExpr => {
            let target = f.expr("target")?;
            let value = f.expr("value")?;
            ExprKind::NamedExpr { target: need_box(target, "target", name)?, value: need_box(value, "value", name)? }
        }
        idx::BinOp => {
            let left = f.expr("left")?;
            let op = f.req("op", operator)?;
            let right = f.expr("right")?;
            ExprKind::BinOp { left: need_box(left, "left", name)?, op, right: need_box(right, "right", name)? }
        }
        idx::UnaryOp => {
            let op = f.req("op", unaryop)?;
            let operand = f.expr("operand")?;
            ExprKind::UnaryOp { op, operand: need_box(operand, "operand", name)? }
        }
        idx::Lambda => {
            let args = f.req("args", arguments)?;
            let body = f.expr("body")?;
            ExprKind::Lambda { args: Box::new(args), body: need_box(body, "body", name)? }
        }
        idx::IfExp => {
            let test = f.expr("test")?;
            let body = f.expr("body")?;
            let orelse = f.expr("orelse")?;
            ExprKind::IfExp {
                test: need_box(test, "test", name)?,
                body: need_box(body, "body", name)?,
                orelse: need_box(orelse, "orelse", name)?,
            }
        }
        idx::Dict => {
            let keys = f.seq("keys", expr)?;
            let values = f.exprs("values")?;
            ExprKind::Dict { keys, values }
        }
        idx::Set => ExprKind::Set { elts: f.exprs("elts")? },
        idx::ListComp | idx::SetComp | idx::GeneratorExp => {
            let elt = need_box(f.expr("elt")?, "elt", name)?;
            let generators = f.seq("generators", comprehension)?;
            match c {
                idx::ListComp => ExprKind::ListComp { elt, generators },
                idx::SetComp => ExprKind::SetComp { elt, generators },
                _ => ExprKind::GeneratorExp { elt, generators },
            }
        }
        idx::DictComp => {
            let k = f.expr("key")?;
            let value = f.expr("value")?;
            let generators = f.seq("generators", comprehension)?;
            ExprKind::DictComp { key: need_box(k, "key", name)?, value: need_box(value, "value", name)?, generators }
        }
        idx::Await => ExprKind::Await { value: need_box(f.expr("value")?, "value", name)? },
        idx::Yield => ExprKind::Yield { value: f.opt_expr("value")? },
        idx::YieldFrom => ExprKind::YieldFrom { value: need_box(f.expr("value")?, "value", name)? },
        idx::Compare => {
            let left = f.expr("left")?;
            let ops = f.seq("ops", cmpop)?;
            let comparators = f.exprs("comparators")?;
            ExprKind::Compare { left: need_box(left, "left", name)?, ops, comparators }
        }
        idx::Call => {
            let func = f.expr("func")?;
            let args = f.exprs("args")?;
            let keywords = f.seq("keywords", keyword)?;
            ExprKind::Call { func: need_box(func, "func", name)?, args, keywords }
        }
        idx::FormattedValue => {
            let value = f.expr("value")?;
            let conversion = f.int("conversion")?;
            let format_spec = f.opt_expr("format_spec")?;
            ExprKind::FormattedValue { value: need_box(value, "value", name)?, conversion, format_spec }
        }
        idx::Interpolation => {
            let value = f.expr("value")?;
            let text = f.req("str", constant)?;
            let conversion = f.int("conversion")?;
            let format_spec = f.opt_expr("format_spec")?;
            ExprKind::Interpolation {
                value: need_box(value, "value", name)?,
                str: Box::new(text),
                conversion,
                format_spec,
            }
        }
        idx::JoinedStr => ExprKind::JoinedStr { values: f.exprs("values")? },
        idx::TemplateStr => ExprKind::TemplateStr { values: f.exprs("values")? },
        idx::Constant => {
            let value = f.req("value", constant)?;
            let kind = f.opt_string("kind")?;
            ExprKind::Constant { value: Box::new(value), kind }
        }
        idx::Attribute => {
            let value = f.expr("value")?;
            let attr = f.ident("attr")?;
            let ctx = f.ctx()?;
            ExprKind::Attribute { value: need_box(value, "value", name)?, attr: need(attr, "attr", name)?, ctx }
        }
        idx::Subscript => {
            let value = f.expr("value")?;
            let slice = f.expr("slice")?;
            let ctx = f.ctx()?;
            ExprKind::Subscript { value: need_box(value, "value", name)?, slice: need_box(slice, "slice", name)?, ctx }
        }
        idx::Starred => {
            let value = f.expr("value")?;
            let ctx = f.ctx()?;
            ExprKind::Starred { value: need_box(value, "value", name)?, ctx }
        }
        idx::Name => {
            let id = f.ident("id")?;
            let ctx = f.ctx()?;
            ExprKind::Name { id: need(id, "id", name)?, ctx }
        }
        idx::List | idx::Tuple => {
            let elts = f.exprs("elts")?;
            let ctx = f.ctx()?;
            if c == idx::List { ExprKind::List { elts, ctx } } else { ExprKind::Tuple { elts, ctx } }
        }
        _ => {
            let lower = f.opt_expr("lower")?;
            let upper = f.opt_expr("upper")?;
            let step = f.opt_expr("step")?;
            ExprKind::Slice { lower, upper, step }
        }
    };
    Ok(Some(Expr { kind, loc }))
}

/// `obj2ast_comprehension`.
fn comprehension(obj: &PyObject) -> Res<Comprehension> {
    let f = Fields::new(obj, "comprehension");
    let target = f.expr("target")?;
    let iter = f.expr("iter")?;
    let ifs = f.exprs("ifs")?;
    let is_async = f.int("is_async")?;
    Ok(Comprehension {
        target: need(target, "target", "comprehension")?,
        iter: need(iter, "iter", "comprehension")?,
        ifs,
        is_async: is_async != 0,
    })
}

/// `obj2ast_excepthandler`: None for None.
fn excepthandler(obj: &PyObject) -> Res<Option<ExceptHandler>> {
    if object::is_none(obj) {
        return Ok(None);
    }
    let loc = Fields::new(obj, "excepthandler").location(true)?;
    if which(obj, &[idx::ExceptHandler])?.is_none() {
        return Err(unknown("excepthandler", obj));
    }
    let f = Fields::new(obj, "ExceptHandler");
    let type_ = f.opt_expr("type")?;
    let name = f.opt_ident("name")?;
    let body = f.stmts("body")?;
    Ok(Some(ExceptHandler { type_, name, body, loc }))
}

/// `obj2ast_arguments`.
fn arguments(obj: &PyObject) -> Res<Arguments> {
    let f = Fields::new(obj, "arguments");
    let posonlyargs = f.seq("posonlyargs", arg)?;
    let args = f.seq("args", arg)?;
    let vararg = f.opt("vararg", arg)?.map(Box::new);
    let kwonlyargs = f.seq("kwonlyargs", arg)?;
    let kw_defaults = f.seq("kw_defaults", expr)?;
    let kwarg = f.opt("kwarg", arg)?.map(Box::new);
    let defaults = f.exprs("defaults")?;
    Ok(Arguments { posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults })
}

/// `obj2ast_arg`.
fn arg(obj: &PyObject) -> Res<Arg> {
    let f = Fields::new(obj, "arg");
    let name = f.ident("arg")?;
    let annotation = f.opt_expr("annotation")?;
    let type_comment = f.opt_string("type_comment")?;
    let loc = f.location(true)?;
    Ok(Arg { arg: need(name, "arg", "arg")?, annotation, type_comment, loc })
}

/// `obj2ast_keyword`.
fn keyword(obj: &PyObject) -> Res<Keyword> {
    let f = Fields::new(obj, "keyword");
    let name = f.opt_ident("arg")?;
    let value = f.expr("value")?;
    let loc = f.location(true)?;
    Ok(Keyword { arg: name, value: need(value, "value", "keyword")?, loc })
}

/// `obj2ast_alias`.
fn alias(obj: &PyObject) -> Res<Alias> {
    let f = Fields::new(obj, "alias");
    let name = f.ident("name")?;
    let asname = f.opt_ident("asname")?;
    let loc = f.location(true)?;
    Ok(Alias { name: need(name, "name", "alias")?, asname, loc })
}

/// `obj2ast_withitem`.
fn withitem(obj: &PyObject) -> Res<WithItem> {
    let f = Fields::new(obj, "withitem");
    let context_expr = f.expr("context_expr")?;
    let optional_vars = f.opt_expr("optional_vars")?;
    Ok(WithItem { context_expr: need(context_expr, "context_expr", "withitem")?, optional_vars })
}

/// `obj2ast_match_case`.
fn match_case(obj: &PyObject) -> Res<MatchCase> {
    let f = Fields::new(obj, "match_case");
    let pattern = f.req("pattern", pattern)?;
    let guard = f.opt_expr("guard")?;
    let body = f.stmts("body")?;
    Ok(MatchCase { pattern: need(pattern, "pattern", "match_case")?, guard, body })
}

fn patterns(f: &Fields<'_>, name: &str) -> Res<Vec<Pattern>> {
    no_none(f.seq(name, pattern)?, "pattern")
}

/// `obj2ast_pattern`: None for None.
fn pattern(obj: &PyObject) -> Res<Option<Pattern>> {
    const PATTERNS: [usize; 8] = [
        idx::MatchValue,
        idx::MatchSingleton,
        idx::MatchSequence,
        idx::MatchMapping,
        idx::MatchClass,
        idx::MatchStar,
        idx::MatchAs,
        idx::MatchOr,
    ];
    if object::is_none(obj) {
        return Ok(None);
    }
    let loc = Fields::new(obj, "pattern").location(false)?;
    let Some(c) = which(obj, &PATTERNS)? else { return Err(unknown("pattern", obj)) };
    let name = super::table::CLASSES[c].name;
    let f = Fields::new(obj, name);
    let kind = match c {
        idx::MatchValue => PatternKind::MatchValue { value: need_box(f.expr("value")?, "value", name)? },
        idx::MatchSingleton => {
            // `validate_pattern`: only the three singletons.
            let value = f.req("value", |v| {
                if object::is_none(v) || object::is_type(v, &crate::objects::boolobject::BOOL_TYPE) {
                    constant(v)
                } else {
                    Err(value_error("MatchSingleton can only contain True, False and None"))
                }
            })?;
            PatternKind::MatchSingleton { value }
        }
        idx::MatchSequence => PatternKind::MatchSequence { patterns: patterns(&f, "patterns")? },
        idx::MatchMapping => {
            let keys = f.exprs("keys")?;
            let ps = patterns(&f, "patterns")?;
            let rest = f.opt_ident("rest")?;
            PatternKind::MatchMapping { keys, patterns: ps, rest }
        }
        idx::MatchClass => {
            let cls = f.expr("cls")?;
            let ps = patterns(&f, "patterns")?;
            let kwd_attrs = no_none(f.seq("kwd_attrs", identifier)?, "identifier")?;
            let kwd_patterns = patterns(&f, "kwd_patterns")?;
            PatternKind::MatchClass { cls: need_box(cls, "cls", name)?, patterns: ps, kwd_attrs, kwd_patterns }
        }
        idx::MatchStar => PatternKind::MatchStar { name: f.opt_ident("name")? },
        idx::MatchAs => {
            let sub = f.opt("pattern", pattern)?.flatten().map(Box::new);
            let target = f.opt_ident("name")?;
            PatternKind::MatchAs { pattern: sub, name: target }
        }
        _ => PatternKind::MatchOr { patterns: patterns(&f, "patterns")? },
    };
    Ok(Some(Pattern { kind, loc }))
}

/// `obj2ast_type_param`: None for None.
fn type_param(obj: &PyObject) -> Res<Option<TypeParam>> {
    if object::is_none(obj) {
        return Ok(None);
    }
    let loc = Fields::new(obj, "type_param").location(false)?;
    let Some(c) = which(obj, &[idx::TypeVar, idx::ParamSpec, idx::TypeVarTuple])? else {
        return Err(unknown("type_param", obj));
    };
    let name = super::table::CLASSES[c].name;
    let f = Fields::new(obj, name);
    let kind = match c {
        idx::TypeVar => {
            let n = f.ident("name")?;
            let bound = f.opt_expr("bound")?;
            let default_value = f.opt_expr("default_value")?;
            TypeParamKind::TypeVar { name: need(n, "name", name)?, bound, default_value }
        }
        idx::ParamSpec => {
            let n = f.ident("name")?;
            let default_value = f.opt_expr("default_value")?;
            TypeParamKind::ParamSpec { name: need(n, "name", name)?, default_value }
        }
        _ => {
            let n = f.ident("name")?;
            let default_value = f.opt_expr("default_value")?;
            TypeParamKind::TypeVarTuple { name: need(n, "name", name)?, default_value }
        }
    };
    Ok(Some(TypeParam { kind, loc }))
}
