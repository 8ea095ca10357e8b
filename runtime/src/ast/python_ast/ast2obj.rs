//! rupy's syntax tree to `ast` node objects (Python/Python-ast.c
//! `ast2obj_mod` and the `ast2obj_*` functions it calls): every field is
//! set, in ASDL order, with the location attributes of located nodes;
//! operator and context nodes are shared singletons as in CPython.

use std::sync::OnceLock;

use super::table::{self, idx};
use super::{AstObject, class, key};
use crate::ast::nodes::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::listobject::ListObject;
use crate::objects::longobject;
use crate::objects::object::{self, ObjRef, PyObject, downcast, into_obj};
use crate::objects::typeobject::TypeObject;
use crate::objects::unicodeobject;

/// `ast2obj_mod`: the node object of a parsed module, expression,
/// interactive statement or function type.
pub fn mod_to_object(m: &Mod) -> PyResult<ObjRef> {
    match m {
        Mod::Module(m) => {
            let body = stmts(&m.body)?;
            let ignores = list(&m.type_ignores, |t| {
                node(idx::TypeIgnore, vec![longobject::from_i64(i64::from(t.lineno))?, text(&t.tag)?], None)
            })?;
            node(idx::Module, vec![body, ignores], None)
        }
        Mod::Interactive { body } => node(idx::Interactive, vec![stmts(body)?], None),
        Mod::Expression { body } => node(idx::Expression, vec![expr(body)?], None),
        Mod::FunctionType { argtypes, returns } => node(idx::FunctionType, vec![exprs(argtypes)?, expr(returns)?], None),
    }
}

/// A new node of class `cls` with `values` for its fields in ASDL order.
fn node(cls: usize, values: Vec<ObjRef>, loc: Option<&Location>) -> PyResult<ObjRef> {
    let c = class(cls)?;
    let ty = downcast::<TypeObject>(&c).ok_or_else(errors::bad_internal_call)?;
    // SAFETY: node classes derive from AST without adding to its layout
    // but the ObjSlots of a heap class, valid zeroed.
    let n: rupy_gc::PyRef<AstObject> = unsafe { crate::objects::typeobject::heaptype::generic_alloc(ty) }?;
    let dict = DictObject::new()?;
    for (f, v) in table::CLASSES[cls].fields.iter().zip(&values) {
        dict.set_item(&*key(f.name)?, v)?;
    }
    if let Some(l) = loc {
        for (name, v) in [
            ("lineno", l.lineno),
            ("col_offset", l.col_offset),
            ("end_lineno", l.end_lineno),
            ("end_col_offset", l.end_col_offset),
        ] {
            dict.set_item(&*key(name)?, &*longobject::from_i64(i64::from(v))?)?;
        }
    }
    n.dict.set(Some(into_obj(dict)));
    Ok(into_obj(n))
}

/// The shared instance of a field-less class (`Load()`, `Add()`, ...).
pub(super) fn singleton(cls: usize) -> PyResult<ObjRef> {
    static CACHE: [OnceLock<usize>; table::CLASSES.len()] = [const { OnceLock::new() }; table::CLASSES.len()];
    if let Some(&p) = CACHE[cls].get() {
        // SAFETY: cached singletons are immortal.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let n = node(cls, Vec::new(), None)?;
    n.header().set_immortal();
    let p = *CACHE[cls].get_or_init(|| core::ptr::from_ref::<PyObject>(&n) as usize);
    // SAFETY: as above; the winner of a race is immortal too.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

fn text(s: &str) -> PyResult<ObjRef> {
    unicodeobject::from_str(s).map(into_obj)
}

fn ident(s: &str) -> PyResult<ObjRef> {
    unicodeobject::intern_str(s)
}

fn opt_ident(s: &Option<Identifier>) -> PyResult<ObjRef> {
    s.as_deref().map_or_else(|| Ok(object::none()), ident)
}

fn opt_text(s: &Option<Box<str>>) -> PyResult<ObjRef> {
    s.as_deref().map_or_else(|| Ok(object::none()), text)
}

fn int(v: i32) -> PyResult<ObjRef> {
    longobject::from_i64(i64::from(v))
}

fn list<T>(items: &[T], mut f: impl FnMut(&T) -> PyResult<ObjRef>) -> PyResult<ObjRef> {
    let l = ListObject::new()?;
    for x in items {
        l.append(&*f(x)?)?;
    }
    Ok(into_obj(l))
}

fn idents(v: &[Identifier]) -> PyResult<ObjRef> {
    list(v, |s| ident(s))
}

fn stmts(v: &[Stmt]) -> PyResult<ObjRef> {
    list(v, stmt)
}

fn exprs(v: &[Expr]) -> PyResult<ObjRef> {
    list(v, expr)
}

fn opt_exprs(v: &[Option<Expr>]) -> PyResult<ObjRef> {
    list(v, |e| e.as_ref().map_or_else(|| Ok(object::none()), expr))
}

fn opt_expr(e: &Option<Box<Expr>>) -> PyResult<ObjRef> {
    e.as_deref().map_or_else(|| Ok(object::none()), expr)
}

fn ctx(c: ExprContext) -> PyResult<ObjRef> {
    singleton(match c {
        ExprContext::Load => idx::Load,
        ExprContext::Store => idx::Store,
        ExprContext::Del => idx::Del,
    })
}

fn operator(op: Operator) -> PyResult<ObjRef> {
    singleton(match op {
        Operator::Add => idx::Add,
        Operator::Sub => idx::Sub,
        Operator::Mult => idx::Mult,
        Operator::MatMult => idx::MatMult,
        Operator::Div => idx::Div,
        Operator::Mod => idx::Mod,
        Operator::Pow => idx::Pow,
        Operator::LShift => idx::LShift,
        Operator::RShift => idx::RShift,
        Operator::BitOr => idx::BitOr,
        Operator::BitXor => idx::BitXor,
        Operator::BitAnd => idx::BitAnd,
        Operator::FloorDiv => idx::FloorDiv,
    })
}

fn cmpop(op: &CmpOp) -> PyResult<ObjRef> {
    singleton(match op {
        CmpOp::Eq => idx::Eq,
        CmpOp::NotEq => idx::NotEq,
        CmpOp::Lt => idx::Lt,
        CmpOp::LtE => idx::LtE,
        CmpOp::Gt => idx::Gt,
        CmpOp::GtE => idx::GtE,
        CmpOp::Is => idx::Is,
        CmpOp::IsNot => idx::IsNot,
        CmpOp::In => idx::In,
        CmpOp::NotIn => idx::NotIn,
    })
}

fn constant(c: &Constant) -> PyResult<ObjRef> {
    crate::objects::codeobject::scalar_to_object(c)
}

/// Guards the native recursion of nested nodes
/// ("maximum recursion depth exceeded during ast construction").
fn nested<R>(f: impl FnOnce() -> PyResult<R>) -> PyResult<R> {
    crate::state::enter_recursive_call(" during ast construction")?;
    let r = f();
    crate::state::leave_recursive_call();
    r
}

fn arguments(a: &Arguments) -> PyResult<ObjRef> {
    let opt_arg = |x: &Option<Box<Arg>>| x.as_deref().map_or_else(|| Ok(object::none()), arg);
    node(
        idx::arguments,
        vec![
            list(&a.posonlyargs, arg)?,
            list(&a.args, arg)?,
            opt_arg(&a.vararg)?,
            list(&a.kwonlyargs, arg)?,
            opt_exprs(&a.kw_defaults)?,
            opt_arg(&a.kwarg)?,
            exprs(&a.defaults)?,
        ],
        None,
    )
}

fn arg(a: &Arg) -> PyResult<ObjRef> {
    node(idx::arg, vec![ident(&a.arg)?, opt_expr(&a.annotation)?, opt_text(&a.type_comment)?], Some(&a.loc))
}

fn keyword(k: &Keyword) -> PyResult<ObjRef> {
    node(idx::keyword, vec![opt_ident(&k.arg)?, expr(&k.value)?], Some(&k.loc))
}

fn alias(a: &Alias) -> PyResult<ObjRef> {
    node(idx::alias, vec![ident(&a.name)?, opt_ident(&a.asname)?], Some(&a.loc))
}

fn withitem(w: &WithItem) -> PyResult<ObjRef> {
    node(idx::withitem, vec![expr(&w.context_expr)?, opt_expr(&w.optional_vars)?], None)
}

fn comprehension(c: &Comprehension) -> PyResult<ObjRef> {
    node(
        idx::comprehension,
        vec![expr(&c.target)?, expr(&c.iter)?, exprs(&c.ifs)?, int(i32::from(c.is_async))?],
        None,
    )
}

fn excepthandler(h: &ExceptHandler) -> PyResult<ObjRef> {
    node(idx::ExceptHandler, vec![opt_expr(&h.type_)?, opt_ident(&h.name)?, stmts(&h.body)?], Some(&h.loc))
}

fn match_case(m: &MatchCase) -> PyResult<ObjRef> {
    node(idx::match_case, vec![pattern(&m.pattern)?, opt_expr(&m.guard)?, stmts(&m.body)?], None)
}

fn type_param(t: &TypeParam) -> PyResult<ObjRef> {
    match &t.kind {
        TypeParamKind::TypeVar { name, bound, default_value } => {
            node(idx::TypeVar, vec![ident(name)?, opt_expr(bound)?, opt_expr(default_value)?], Some(&t.loc))
        }
        TypeParamKind::ParamSpec { name, default_value } => {
            node(idx::ParamSpec, vec![ident(name)?, opt_expr(default_value)?], Some(&t.loc))
        }
        TypeParamKind::TypeVarTuple { name, default_value } => {
            node(idx::TypeVarTuple, vec![ident(name)?, opt_expr(default_value)?], Some(&t.loc))
        }
    }
}

fn type_params(v: &[TypeParam]) -> PyResult<ObjRef> {
    list(v, type_param)
}

fn function_def(cls: usize, f: &FunctionDef, loc: &Location) -> PyResult<ObjRef> {
    node(
        cls,
        vec![
            ident(&f.name)?,
            arguments(&f.args)?,
            stmts(&f.body)?,
            exprs(&f.decorator_list)?,
            opt_expr(&f.returns)?,
            opt_text(&f.type_comment)?,
            type_params(&f.type_params)?,
        ],
        Some(loc),
    )
}

fn for_stmt(cls: usize, f: &For, loc: &Location) -> PyResult<ObjRef> {
    node(
        cls,
        vec![expr(&f.target)?, expr(&f.iter)?, stmts(&f.body)?, stmts(&f.orelse)?, opt_text(&f.type_comment)?],
        Some(loc),
    )
}

fn try_stmt(cls: usize, t: &Try, loc: &Location) -> PyResult<ObjRef> {
    node(
        cls,
        vec![stmts(&t.body)?, list(&t.handlers, excepthandler)?, stmts(&t.orelse)?, stmts(&t.finalbody)?],
        Some(loc),
    )
}

fn stmt(s: &Stmt) -> PyResult<ObjRef> {
    nested(|| stmt_inner(s))
}

fn stmt_inner(s: &Stmt) -> PyResult<ObjRef> {
    let loc = Some(&s.loc);
    match &s.kind {
        StmtKind::FunctionDef(f) => function_def(idx::FunctionDef, f, &s.loc),
        StmtKind::AsyncFunctionDef(f) => function_def(idx::AsyncFunctionDef, f, &s.loc),
        StmtKind::ClassDef(c) => node(
            idx::ClassDef,
            vec![
                ident(&c.name)?,
                exprs(&c.bases)?,
                list(&c.keywords, keyword)?,
                stmts(&c.body)?,
                exprs(&c.decorator_list)?,
                type_params(&c.type_params)?,
            ],
            loc,
        ),
        StmtKind::Return { value } => node(idx::Return, vec![opt_expr(value)?], loc),
        StmtKind::Delete { targets } => node(idx::Delete, vec![exprs(targets)?], loc),
        StmtKind::Assign { targets, value, type_comment } => {
            node(idx::Assign, vec![exprs(targets)?, expr(value)?, opt_text(type_comment)?], loc)
        }
        StmtKind::TypeAlias { name, type_params: tp, value } => {
            node(idx::TypeAlias, vec![expr(name)?, type_params(tp)?, expr(value)?], loc)
        }
        StmtKind::AugAssign { target, op, value } => {
            node(idx::AugAssign, vec![expr(target)?, operator(*op)?, expr(value)?], loc)
        }
        StmtKind::AnnAssign { target, annotation, value, simple } => node(
            idx::AnnAssign,
            vec![expr(target)?, expr(annotation)?, opt_expr(value)?, int(i32::from(*simple))?],
            loc,
        ),
        StmtKind::For(f) => for_stmt(idx::For, f, &s.loc),
        StmtKind::AsyncFor(f) => for_stmt(idx::AsyncFor, f, &s.loc),
        StmtKind::While { test, body, orelse } => node(idx::While, vec![expr(test)?, stmts(body)?, stmts(orelse)?], loc),
        StmtKind::If { test, body, orelse } => node(idx::If, vec![expr(test)?, stmts(body)?, stmts(orelse)?], loc),
        StmtKind::With { items, body, type_comment } => {
            node(idx::With, vec![list(items, withitem)?, stmts(body)?, opt_text(type_comment)?], loc)
        }
        StmtKind::AsyncWith { items, body, type_comment } => {
            node(idx::AsyncWith, vec![list(items, withitem)?, stmts(body)?, opt_text(type_comment)?], loc)
        }
        StmtKind::Match { subject, cases } => node(idx::Match, vec![expr(subject)?, list(cases, match_case)?], loc),
        StmtKind::Raise { exc, cause } => node(idx::Raise, vec![opt_expr(exc)?, opt_expr(cause)?], loc),
        StmtKind::Try(t) => try_stmt(idx::Try, t, &s.loc),
        StmtKind::TryStar(t) => try_stmt(idx::TryStar, t, &s.loc),
        StmtKind::Assert { test, msg } => node(idx::Assert, vec![expr(test)?, opt_expr(msg)?], loc),
        StmtKind::Import { names } => node(idx::Import, vec![list(names, alias)?], loc),
        StmtKind::ImportFrom { module, names, level } => {
            node(idx::ImportFrom, vec![opt_ident(module)?, list(names, alias)?, int(*level)?], loc)
        }
        StmtKind::Global { names } => node(idx::Global, vec![idents(names)?], loc),
        StmtKind::Nonlocal { names } => node(idx::Nonlocal, vec![idents(names)?], loc),
        StmtKind::Expr { value } => node(idx::Expr, vec![expr(value)?], loc),
        StmtKind::Pass => node(idx::Pass, Vec::new(), loc),
        StmtKind::Break => node(idx::Break, Vec::new(), loc),
        StmtKind::Continue => node(idx::Continue, Vec::new(), loc),
    }
}

fn expr(e: &Expr) -> PyResult<ObjRef> {
    nested(|| expr_inner(e))
}

fn expr_inner(e: &Expr) -> PyResult<ObjRef> {
    let loc = Some(&e.loc);
    match &e.kind {
        ExprKind::BoolOp { op, values } => {
            let op = singleton(match op {
                BoolOp::And => idx::And,
                BoolOp::Or => idx::Or,
            })?;
            node(idx::BoolOp, vec![op, exprs(values)?], loc)
        }
        ExprKind::NamedExpr { target, value } => node(idx::NamedExpr, vec![expr(target)?, expr(value)?], loc),
        ExprKind::BinOp { left, op, right } => node(idx::BinOp, vec![expr(left)?, operator(*op)?, expr(right)?], loc),
        ExprKind::UnaryOp { op, operand } => {
            let op = singleton(match op {
                UnaryOp::Invert => idx::Invert,
                UnaryOp::Not => idx::Not,
                UnaryOp::UAdd => idx::UAdd,
                UnaryOp::USub => idx::USub,
            })?;
            node(idx::UnaryOp, vec![op, expr(operand)?], loc)
        }
        ExprKind::Lambda { args, body } => node(idx::Lambda, vec![arguments(args)?, expr(body)?], loc),
        ExprKind::IfExp { test, body, orelse } => node(idx::IfExp, vec![expr(test)?, expr(body)?, expr(orelse)?], loc),
        ExprKind::Dict { keys, values } => node(idx::Dict, vec![opt_exprs(keys)?, exprs(values)?], loc),
        ExprKind::Set { elts } => node(idx::Set, vec![exprs(elts)?], loc),
        ExprKind::ListComp { elt, generators } => {
            node(idx::ListComp, vec![expr(elt)?, list(generators, comprehension)?], loc)
        }
        ExprKind::SetComp { elt, generators } => node(idx::SetComp, vec![expr(elt)?, list(generators, comprehension)?], loc),
        ExprKind::DictComp { key: k, value, generators } => {
            node(idx::DictComp, vec![expr(k)?, expr(value)?, list(generators, comprehension)?], loc)
        }
        ExprKind::GeneratorExp { elt, generators } => {
            node(idx::GeneratorExp, vec![expr(elt)?, list(generators, comprehension)?], loc)
        }
        ExprKind::Await { value } => node(idx::Await, vec![expr(value)?], loc),
        ExprKind::Yield { value } => node(idx::Yield, vec![opt_expr(value)?], loc),
        ExprKind::YieldFrom { value } => node(idx::YieldFrom, vec![expr(value)?], loc),
        ExprKind::Compare { left, ops, comparators } => {
            node(idx::Compare, vec![expr(left)?, list(ops, cmpop)?, exprs(comparators)?], loc)
        }
        ExprKind::Call { func, args, keywords } => {
            node(idx::Call, vec![expr(func)?, exprs(args)?, list(keywords, keyword)?], loc)
        }
        ExprKind::FormattedValue { value, conversion, format_spec } => {
            node(idx::FormattedValue, vec![expr(value)?, int(*conversion)?, opt_expr(format_spec)?], loc)
        }
        ExprKind::Interpolation { value, str, conversion, format_spec } => node(
            idx::Interpolation,
            vec![expr(value)?, constant(str)?, int(*conversion)?, opt_expr(format_spec)?],
            loc,
        ),
        ExprKind::JoinedStr { values } => node(idx::JoinedStr, vec![exprs(values)?], loc),
        ExprKind::TemplateStr { values } => node(idx::TemplateStr, vec![exprs(values)?], loc),
        ExprKind::Constant { value, kind } => node(idx::Constant, vec![constant(value)?, opt_text(kind)?], loc),
        ExprKind::Attribute { value, attr, ctx: c } => node(idx::Attribute, vec![expr(value)?, ident(attr)?, ctx(*c)?], loc),
        ExprKind::Subscript { value, slice, ctx: c } => node(idx::Subscript, vec![expr(value)?, expr(slice)?, ctx(*c)?], loc),
        ExprKind::Starred { value, ctx: c } => node(idx::Starred, vec![expr(value)?, ctx(*c)?], loc),
        ExprKind::Name { id, ctx: c } => node(idx::Name, vec![ident(id)?, ctx(*c)?], loc),
        ExprKind::List { elts, ctx: c } => node(idx::List, vec![exprs(elts)?, ctx(*c)?], loc),
        ExprKind::Tuple { elts, ctx: c } => node(idx::Tuple, vec![exprs(elts)?, ctx(*c)?], loc),
        ExprKind::Slice { lower, upper, step } => {
            node(idx::Slice, vec![opt_expr(lower)?, opt_expr(upper)?, opt_expr(step)?], loc)
        }
    }
}

fn pattern(p: &Pattern) -> PyResult<ObjRef> {
    nested(|| pattern_inner(p))
}

fn patterns(v: &[Pattern]) -> PyResult<ObjRef> {
    list(v, pattern)
}

fn pattern_inner(p: &Pattern) -> PyResult<ObjRef> {
    let loc = Some(&p.loc);
    match &p.kind {
        PatternKind::MatchValue { value } => node(idx::MatchValue, vec![expr(value)?], loc),
        PatternKind::MatchSingleton { value } => node(idx::MatchSingleton, vec![constant(value)?], loc),
        PatternKind::MatchSequence { patterns: ps } => node(idx::MatchSequence, vec![patterns(ps)?], loc),
        PatternKind::MatchMapping { keys, patterns: ps, rest } => {
            node(idx::MatchMapping, vec![exprs(keys)?, patterns(ps)?, opt_ident(rest)?], loc)
        }
        PatternKind::MatchClass { cls, patterns: ps, kwd_attrs, kwd_patterns } => node(
            idx::MatchClass,
            vec![expr(cls)?, patterns(ps)?, idents(kwd_attrs)?, patterns(kwd_patterns)?],
            loc,
        ),
        PatternKind::MatchStar { name } => node(idx::MatchStar, vec![opt_ident(name)?], loc),
        PatternKind::MatchAs { pattern: sub, name } => {
            let sub = sub.as_deref().map_or_else(|| Ok(object::none()), pattern)?;
            node(idx::MatchAs, vec![sub, opt_ident(name)?], loc)
        }
        PatternKind::MatchOr { patterns: ps } => node(idx::MatchOr, vec![patterns(ps)?], loc),
    }
}
