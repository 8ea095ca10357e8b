//! The AST pre-processing pass: a port of CPython 3.14's
//! `Python/ast_preprocess.c` (3.13's `ast_opt.c`, which folded constants;
//! 3.14 moved that folding to the CFG optimizer).
//!
//! What is left in 3.14, all done in place on the tree:
//! - `__debug__` (a load) becomes the constant `not optimize`;
//! - `'...' % (a, b)` with only `%s`/`%r`/`%a` units (plus flags, a width
//!   and a precision of at most two digits) becomes an f-string;
//! - in patterns, `-<number>` and `<real> ± <imaginary>` become constants;
//! - with `optimize >= 2` docstrings are removed (a body left empty gets a
//!   `pass`), and a string that moves into the docstring slot is wrapped in
//!   a `JoinedStr` so that it does not become one;
//! - the PEP 765 check: `return`, `break` or `continue` that would leave a
//!   `finally` block emits a `SyntaxWarning` through a [`WarningSink`].
//!
//! With `syntax_check_only` (what `ast.parse(..., optimize=n)` passes when
//! it only wants the checks) the folding steps are skipped; the docstring
//! removal and the warnings still run.

use num_bigint::BigInt;

use super::nodes::*;
use super::validate::get_docstring;
use crate::parser::error::SyntaxError;

/// The inputs of `_PyAST_Preprocess` besides the tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PreprocessOptions {
    /// The resolved optimization level (`-O` count; never -1 here).
    pub optimize: i32,
    /// `CO_FUTURE_ANNOTATIONS` is set: annotations are left untouched
    /// because they will be compiled as strings.
    pub future_annotations: bool,
    /// Only check; do not rewrite expressions.
    pub syntax_check_only: bool,
    /// Emit the PEP 765 SyntaxWarnings (the compiler passes true,
    /// `ast.parse` false).
    pub enable_warnings: bool,
}

/// A SyntaxWarning as `_PyErr_EmitSyntaxWarning` receives it: the message
/// and the 1-based line and column range (columns are the node's UTF-8
/// byte offsets plus one, as CPython passes them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxWarning {
    pub msg: String,
    pub lineno: i32,
    pub offset: i32,
    pub end_lineno: i32,
    pub end_offset: i32,
    /// The SyntaxError raised when the filters make the warning an error,
    /// if it differs from one at this location with this message (the
    /// tokenizer's and the string decoder's warnings).
    pub error: Option<SyntaxError>,
}

/// Where the pass sends its SyntaxWarnings: the compiler routes them to the
/// warnings machinery. Returning an error (a warning turned into an error
/// by the filters) stops the pass with that SyntaxError.
pub trait WarningSink {
    /// `_PyErr_EmitSyntaxWarning`.
    fn syntax_warning(&mut self, warning: SyntaxWarning) -> Result<(), SyntaxError>;
}

/// Collects the warnings; never fails.
impl WarningSink for Vec<SyntaxWarning> {
    fn syntax_warning(&mut self, warning: SyntaxWarning) -> Result<(), SyntaxError> {
        self.push(warning);
        Ok(())
    }
}

/// Why the pass stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreprocessError {
    /// A SyntaxWarning the sink turned into an error.
    Syntax(SyntaxError),
    /// `Py_EnterRecursiveCall(" during compilation")` failing.
    Recursion(String),
}

impl From<SyntaxError> for PreprocessError {
    fn from(e: SyntaxError) -> PreprocessError {
        PreprocessError::Syntax(e)
    }
}

type PResult = Result<(), PreprocessError>;

/// How deep the pass may nest before it reports a RecursionError (CPython
/// measures the C stack instead).
pub const MAX_DEPTH: u32 = 3000;

/// `_PyAST_Preprocess`: runs the pass over a whole tree.
pub fn preprocess(m: &mut Mod, opts: &PreprocessOptions, sink: &mut dyn WarningSink) -> PResult {
    let mut st = State {
        opts: *opts,
        sink,
        cf_finally: Vec::new(),
        depth: 0,
    };
    st.fold_mod(m)
}

/// `ControlFlowInFinallyContext`: what the innermost enclosing `finally`,
/// function body or loop body is.
#[derive(Clone, Copy)]
struct CfContext {
    in_finally: bool,
    in_funcdef: bool,
    in_loop: bool,
}

/// `_PyASTPreprocessState`.
struct State<'a> {
    opts: PreprocessOptions,
    sink: &'a mut dyn WarningSink,
    cf_finally: Vec<CfContext>,
    depth: u32,
}

/// A location for nodes the pass makes up (`-1` everywhere, as CPython's
/// `_PyAST_Constant(..., -1, -1, -1, -1, ...)`).
const NO_LOCATION: Location = Location {
    lineno: -1,
    col_offset: -1,
    end_lineno: -1,
    end_col_offset: -1,
};

/// A `str` constant with no location.
fn str_constant(s: PyStr) -> Expr {
    Expr::new(
        ExprKind::Constant {
            value: Box::new(Constant::Str(s)),
            kind: None,
        },
        NO_LOCATION,
    )
}

impl State<'_> {
    /// `ENTER_RECURSIVE`.
    fn enter(&mut self) -> PResult {
        if self.depth >= MAX_DEPTH {
            return Err(PreprocessError::Recursion(
                "maximum recursion depth exceeded during compilation".to_owned(),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// `LEAVE_RECURSIVE`.
    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `control_flow_in_finally_warning`.
    fn cf_warning(&mut self, kw: &str, loc: &Location) -> PResult {
        self.sink.syntax_warning(SyntaxWarning {
            msg: format!("'{kw}' in a 'finally' block"),
            lineno: loc.lineno,
            offset: loc.col_offset + 1,
            end_lineno: loc.end_lineno,
            end_offset: loc.end_col_offset + 1,
            error: None,
        })?;
        Ok(())
    }

    /// `before_return`: a `return` whose innermost construct is a
    /// `finally` block (not a function body) is flagged.
    fn before_return(&mut self, loc: &Location) -> PResult {
        if let (true, Some(top)) = (self.opts.enable_warnings, self.cf_finally.last().copied())
            && top.in_finally
            && !top.in_funcdef
        {
            self.cf_warning("return", loc)?;
        }
        Ok(())
    }

    /// `before_loop_exit`: `break`/`continue` whose innermost construct is
    /// a `finally` block (not a loop body) is flagged.
    fn before_loop_exit(&mut self, loc: &Location, kw: &str) -> PResult {
        if let (true, Some(top)) = (self.opts.enable_warnings, self.cf_finally.last().copied())
            && top.in_finally
            && !top.in_loop
        {
            self.cf_warning(kw, loc)?;
        }
        Ok(())
    }

    /// `push_cf_context`, then the body, then `pop_cf_context`.
    fn with_cf<T>(
        &mut self,
        ctx: CfContext,
        f: impl FnOnce(&mut Self) -> Result<T, PreprocessError>,
    ) -> Result<T, PreprocessError> {
        self.cf_finally.push(ctx);
        let r = f(self);
        self.cf_finally.pop();
        r
    }

    /// `astfold_mod`.
    fn fold_mod(&mut self, m: &mut Mod) -> PResult {
        match m {
            Mod::Module(m) => self.fold_body(&mut m.body),
            Mod::Interactive { body } => self.fold_stmts(body),
            Mod::Expression { body } => self.fold_expr(body),
            Mod::FunctionType { .. } => Ok(()),
        }
    }

    /// `astfold_body`: a module, class or function body, with the
    /// docstring handling.
    fn fold_body(&mut self, stmts: &mut Vec<Stmt>) -> PResult {
        let mut docstring = get_docstring(stmts).is_some();
        if docstring && self.opts.optimize >= 2 {
            remove_docstring(stmts);
            docstring = false;
        }
        self.fold_stmts(stmts)?;
        if !docstring && get_docstring(stmts).is_some() {
            let st = &mut stmts[0];
            let loc = st.loc;
            if let StmtKind::Expr { value } = &mut st.kind {
                let inner = std::mem::replace(&mut **value, str_constant(PyStr::new()));
                **value = Expr::new(
                    ExprKind::JoinedStr {
                        values: vec![inner],
                    },
                    loc,
                );
            }
        }
        Ok(())
    }

    /// `CALL_SEQ(astfold_stmt, ...)`.
    fn fold_stmts(&mut self, stmts: &mut [Stmt]) -> PResult {
        stmts.iter_mut().try_for_each(|s| self.fold_stmt(s))
    }

    /// `CALL_SEQ(astfold_expr, ...)`.
    fn fold_exprs(&mut self, exprs: &mut [Expr]) -> PResult {
        exprs.iter_mut().try_for_each(|e| self.fold_expr(e))
    }

    /// `CALL_OPT(astfold_expr, ...)`.
    fn fold_opt(&mut self, e: Option<&mut Expr>) -> PResult {
        e.map_or(Ok(()), |e| self.fold_expr(e))
    }

    /// `astfold_expr`.
    fn fold_expr(&mut self, e: &mut Expr) -> PResult {
        self.enter()?;
        let r = self.fold_expr_inner(e);
        self.leave();
        r
    }

    fn fold_expr_inner(&mut self, node: &mut Expr) -> PResult {
        match &mut node.kind {
            ExprKind::BoolOp { values, .. } => self.fold_exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.fold_expr(left)?;
                self.fold_expr(right)?;
                self.fold_binop(node);
            }
            ExprKind::UnaryOp { operand, .. } => self.fold_expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.fold_arguments(args)?;
                self.fold_expr(body)?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.fold_expr(test)?;
                self.fold_expr(body)?;
                self.fold_expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                keys.iter_mut()
                    .flatten()
                    .try_for_each(|k| self.fold_expr(k))?;
                self.fold_exprs(values)?;
            }
            ExprKind::Set { elts } => self.fold_exprs(elts)?,
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.fold_expr(elt)?;
                self.fold_comprehensions(generators)?;
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.fold_expr(key)?;
                self.fold_expr(value)?;
                self.fold_comprehensions(generators)?;
            }
            ExprKind::Await { value } | ExprKind::YieldFrom { value } => self.fold_expr(value)?,
            ExprKind::Yield { value } => self.fold_opt(value.as_deref_mut())?,
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.fold_expr(left)?;
                self.fold_exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.fold_expr(func)?;
                self.fold_exprs(args)?;
                keywords
                    .iter_mut()
                    .try_for_each(|k| self.fold_expr(&mut k.value))?;
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            }
            | ExprKind::Interpolation {
                value, format_spec, ..
            } => {
                self.fold_expr(value)?;
                self.fold_opt(format_spec.as_deref_mut())?;
            }
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => {
                self.fold_exprs(values)?
            }
            ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => {
                self.fold_expr(value)?
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.fold_expr(value)?;
                self.fold_expr(slice)?;
            }
            ExprKind::Slice { lower, upper, step } => {
                self.fold_opt(lower.as_deref_mut())?;
                self.fold_opt(upper.as_deref_mut())?;
                self.fold_opt(step.as_deref_mut())?;
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.fold_exprs(elts)?,
            ExprKind::Name { id, ctx } => {
                if !self.opts.syntax_check_only && *ctx == ExprContext::Load && &**id == "__debug__"
                {
                    make_const(node, Constant::Bool(self.opts.optimize == 0));
                }
            }
            ExprKind::NamedExpr { value, .. } => self.fold_expr(value)?,
            ExprKind::Constant { .. } => {}
        }
        Ok(())
    }

    /// `fold_binop`: only `str % tuple` is rewritten (into an f-string).
    fn fold_binop(&mut self, node: &mut Expr) {
        if self.opts.syntax_check_only {
            return;
        }
        let ExprKind::BinOp {
            left,
            op: Operator::Mod,
            right,
        } = &mut node.kind
        else {
            return;
        };
        let ExprKind::Constant { value, .. } = &left.kind else {
            return;
        };
        let Constant::Str(fmt) = &**value else {
            return;
        };
        let ExprKind::Tuple { elts, .. } = &mut right.kind else {
            return;
        };
        if elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
        {
            return;
        }
        let Some(pieces) = plan_format(fmt, elts.len()) else {
            return;
        };
        let mut args = std::mem::take(elts).into_iter();
        let values = pieces
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Literal(s) => Some(str_constant(s)),
                Piece::Unit { conversion, spec } => args.next().map(|arg| {
                    let loc = arg.loc;
                    let format_spec = spec.map(|s| Box::new(str_constant(PyStr::from(s))));
                    Expr::new(
                        ExprKind::FormattedValue {
                            value: Box::new(arg),
                            conversion: conversion as i32,
                            format_spec,
                        },
                        loc,
                    )
                }),
            })
            .collect();
        node.kind = ExprKind::JoinedStr { values };
    }

    /// `astfold_comprehension` over a list.
    fn fold_comprehensions(&mut self, gens: &mut [Comprehension]) -> PResult {
        for comp in gens {
            self.fold_expr(&mut comp.target)?;
            self.fold_expr(&mut comp.iter)?;
            self.fold_exprs(&mut comp.ifs)?;
        }
        Ok(())
    }

    /// `astfold_arg`: annotations are left alone under
    /// `from __future__ import annotations`.
    fn fold_arg(&mut self, arg: &mut Arg) -> PResult {
        if !self.opts.future_annotations {
            self.fold_opt(arg.annotation.as_deref_mut())?;
        }
        Ok(())
    }

    /// `astfold_arguments`.
    fn fold_arguments(&mut self, a: &mut Arguments) -> PResult {
        a.posonlyargs
            .iter_mut()
            .try_for_each(|x| self.fold_arg(x))?;
        a.args.iter_mut().try_for_each(|x| self.fold_arg(x))?;
        if let Some(v) = &mut a.vararg {
            self.fold_arg(v)?;
        }
        a.kwonlyargs.iter_mut().try_for_each(|x| self.fold_arg(x))?;
        a.kw_defaults
            .iter_mut()
            .flatten()
            .try_for_each(|d| self.fold_expr(d))?;
        if let Some(k) = &mut a.kwarg {
            self.fold_arg(k)?;
        }
        self.fold_exprs(&mut a.defaults)
    }

    /// `astfold_type_param`.
    fn fold_type_params(&mut self, tps: &mut [TypeParam]) -> PResult {
        for tp in tps {
            match &mut tp.kind {
                TypeParamKind::TypeVar {
                    bound,
                    default_value,
                    ..
                } => {
                    self.fold_opt(bound.as_deref_mut())?;
                    self.fold_opt(default_value.as_deref_mut())?;
                }
                TypeParamKind::ParamSpec { default_value, .. }
                | TypeParamKind::TypeVarTuple { default_value, .. } => {
                    self.fold_opt(default_value.as_deref_mut())?;
                }
            }
        }
        Ok(())
    }

    /// The `FunctionDef` / `AsyncFunctionDef` case of `astfold_stmt`.
    fn fold_function_def(&mut self, f: &mut FunctionDef) -> PResult {
        self.fold_type_params(&mut f.type_params)?;
        self.fold_arguments(&mut f.args)?;
        let body_ctx = CfContext {
            in_finally: false,
            in_funcdef: true,
            in_loop: false,
        };
        self.with_cf(body_ctx, |st| st.fold_body(&mut f.body))?;
        self.fold_exprs(&mut f.decorator_list)?;
        if !self.opts.future_annotations {
            self.fold_opt(f.returns.as_deref_mut())?;
        }
        Ok(())
    }

    /// The `For` / `AsyncFor` case of `astfold_stmt`.
    fn fold_for(&mut self, f: &mut For) -> PResult {
        self.fold_expr(&mut f.target)?;
        self.fold_expr(&mut f.iter)?;
        self.with_cf(LOOP_BODY, |st| st.fold_stmts(&mut f.body))?;
        self.fold_stmts(&mut f.orelse)
    }

    /// The `Try` / `TryStar` case of `astfold_stmt`.
    fn fold_try(&mut self, t: &mut Try) -> PResult {
        self.fold_stmts(&mut t.body)?;
        for h in &mut t.handlers {
            self.fold_opt(h.type_.as_deref_mut())?;
            self.fold_stmts(&mut h.body)?;
        }
        self.fold_stmts(&mut t.orelse)?;
        let finally_ctx = CfContext {
            in_finally: true,
            in_funcdef: false,
            in_loop: false,
        };
        self.with_cf(finally_ctx, |st| st.fold_stmts(&mut t.finalbody))
    }

    /// `astfold_stmt`.
    fn fold_stmt(&mut self, s: &mut Stmt) -> PResult {
        self.enter()?;
        let r = self.fold_stmt_inner(s);
        self.leave();
        r
    }

    fn fold_stmt_inner(&mut self, s: &mut Stmt) -> PResult {
        let loc = s.loc;
        match &mut s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.fold_function_def(f)?
            }
            StmtKind::ClassDef(c) => {
                self.fold_type_params(&mut c.type_params)?;
                self.fold_exprs(&mut c.bases)?;
                c.keywords
                    .iter_mut()
                    .try_for_each(|k| self.fold_expr(&mut k.value))?;
                self.fold_body(&mut c.body)?;
                self.fold_exprs(&mut c.decorator_list)?;
            }
            StmtKind::Return { value } => {
                self.before_return(&loc)?;
                self.fold_opt(value.as_deref_mut())?;
            }
            StmtKind::Delete { targets } => self.fold_exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.fold_exprs(targets)?;
                self.fold_expr(value)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.fold_expr(target)?;
                self.fold_expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.fold_expr(target)?;
                if !self.opts.future_annotations {
                    self.fold_expr(annotation)?;
                }
                self.fold_opt(value.as_deref_mut())?;
            }
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => {
                self.fold_expr(name)?;
                self.fold_type_params(type_params)?;
                self.fold_expr(value)?;
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => self.fold_for(f)?,
            StmtKind::While { test, body, orelse } => {
                self.fold_expr(test)?;
                self.with_cf(LOOP_BODY, |st| st.fold_stmts(body))?;
                self.fold_stmts(orelse)?;
            }
            StmtKind::If { test, body, orelse } => {
                self.fold_expr(test)?;
                self.fold_stmts(body)?;
                self.fold_stmts(orelse)?;
            }
            StmtKind::With { items, body, .. } | StmtKind::AsyncWith { items, body, .. } => {
                for item in items.iter_mut() {
                    self.fold_expr(&mut item.context_expr)?;
                    self.fold_opt(item.optional_vars.as_deref_mut())?;
                }
                self.fold_stmts(body)?;
            }
            StmtKind::Raise { exc, cause } => {
                self.fold_opt(exc.as_deref_mut())?;
                self.fold_opt(cause.as_deref_mut())?;
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => self.fold_try(t)?,
            StmtKind::Assert { test, msg } => {
                self.fold_expr(test)?;
                self.fold_opt(msg.as_deref_mut())?;
            }
            StmtKind::Expr { value } => self.fold_expr(value)?,
            StmtKind::Match { subject, cases } => {
                self.fold_expr(subject)?;
                for case in cases.iter_mut() {
                    self.fold_pattern(&mut case.pattern)?;
                    self.fold_opt(case.guard.as_deref_mut())?;
                    self.fold_stmts(&mut case.body)?;
                }
            }
            StmtKind::Break => self.before_loop_exit(&loc, "break")?,
            StmtKind::Continue => self.before_loop_exit(&loc, "continue")?,
            StmtKind::Import { .. }
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global { .. }
            | StmtKind::Nonlocal { .. }
            | StmtKind::Pass => {}
        }
        Ok(())
    }

    /// `fold_const_match_patterns`: `-<constant>` and `<constant> ±
    /// <constant>` (left side folded first) become constants when the
    /// arithmetic succeeds.
    fn fold_const_match_patterns(&mut self, node: &mut Expr) {
        if self.opts.syntax_check_only {
            return;
        }
        let folded = match &mut node.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand,
            } => match &operand.kind {
                ExprKind::Constant { value, .. } => negate(value),
                _ => return,
            },
            ExprKind::BinOp {
                left,
                op: op @ (Operator::Add | Operator::Sub),
                right,
            } => {
                let ExprKind::Constant { value: rv, .. } = &right.kind else {
                    return;
                };
                let rv = (**rv).clone();
                let sub = *op == Operator::Sub;
                self.fold_const_match_patterns(left);
                match &left.kind {
                    ExprKind::Constant { value: lv, .. } => add_or_sub(lv, &rv, sub),
                    _ => return,
                }
            }
            _ => return,
        };
        if let Some(c) = folded {
            make_const(node, c);
        }
    }

    /// `astfold_pattern`.
    fn fold_pattern(&mut self, p: &mut Pattern) -> PResult {
        self.enter()?;
        let r = self.fold_pattern_inner(p);
        self.leave();
        r
    }

    fn fold_pattern_inner(&mut self, p: &mut Pattern) -> PResult {
        match &mut p.kind {
            PatternKind::MatchValue { value } => self.fold_const_match_patterns(value),
            PatternKind::MatchSingleton { .. } | PatternKind::MatchStar { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter_mut().try_for_each(|p| self.fold_pattern(p))?
            }
            PatternKind::MatchMapping { keys, patterns, .. } => {
                keys.iter_mut()
                    .for_each(|k| self.fold_const_match_patterns(k));
                patterns.iter_mut().try_for_each(|p| self.fold_pattern(p))?;
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.fold_expr(cls)?;
                patterns.iter_mut().try_for_each(|p| self.fold_pattern(p))?;
                kwd_patterns
                    .iter_mut()
                    .try_for_each(|p| self.fold_pattern(p))?;
            }
            PatternKind::MatchAs { pattern, .. } => {
                if let Some(p) = pattern {
                    self.fold_pattern(p)?;
                }
            }
        }
        Ok(())
    }
}

/// The context pushed around a loop body (`BEFORE_LOOP_BODY`).
const LOOP_BODY: CfContext = CfContext {
    in_finally: false,
    in_funcdef: false,
    in_loop: true,
};

/// `make_const`: the node becomes a `Constant` (keeping its location).
fn make_const(node: &mut Expr, value: Constant) {
    node.kind = ExprKind::Constant {
        value: Box::new(value),
        kind: None,
    };
}

/// `remove_docstring`: drops the leading docstring, or replaces it with a
/// `pass` (4 columns on its first line) when it is the whole body.
fn remove_docstring(stmts: &mut Vec<Stmt>) {
    if stmts.len() == 1 {
        let l = stmts[0].loc;
        let loc = Location {
            lineno: l.lineno,
            col_offset: l.col_offset,
            end_lineno: l.lineno,
            end_col_offset: l.col_offset + 4,
        };
        stmts[0] = Stmt::new(StmtKind::Pass, loc);
    } else {
        stmts.remove(0);
    }
}

/// A piece of a `%`-format the rewrite turns into an f-string part.
enum Piece {
    /// Literal text, `%%` already collapsed.
    Literal(PyStr),
    /// A `%s`/`%r`/`%a` unit: the conversion code and the format spec.
    Unit {
        conversion: u32,
        spec: Option<String>,
    },
}

/// `optimize_format`'s scan: the pieces of `fmt` when every unit is one
/// the rewrite supports and there are exactly `n_args` units; `None` when
/// the expression must stay as it is.
fn plan_format(fmt: &PyStr, n_args: usize) -> Option<Vec<Piece>> {
    let cps: Vec<u32> = fmt.code_points().collect();
    let mut pos = 0;
    let mut count = 0;
    let mut pieces = Vec::new();
    loop {
        if let Some(lit) = parse_literal(&cps, &mut pos) {
            pieces.push(Piece::Literal(lit));
        }
        if pos >= cps.len() {
            break;
        }
        if count >= n_args {
            // More format units than items.
            return None;
        }
        pos += 1; // the '%'
        pieces.push(parse_format(&cps, &mut pos)?);
        count += 1;
    }
    // Fewer format units than items leaves the expression alone too.
    (count == n_args).then_some(pieces)
}

/// `parse_literal`: the text up to the next lone `%`.
fn parse_literal(cps: &[u32], pos: &mut usize) -> Option<PyStr> {
    let start = *pos;
    let mut s = PyStr::new();
    while *pos < cps.len() {
        if cps[*pos] != '%' as u32 {
            s.push_code_point(cps[*pos]);
            *pos += 1;
        } else if *pos + 1 < cps.len() && cps[*pos + 1] == '%' as u32 {
            s.push_code_point('%' as u32);
            *pos += 2;
        } else {
            break;
        }
    }
    (*pos > start).then_some(s)
}

/// `MAXDIGITS`: a width or precision of this many digits is not rewritten.
const MAXDIGITS: u32 = 3;

/// The result of `simple_format_arg_parse`.
struct FormatArg {
    spec: u32,
    left_justify: bool,
    width: Option<u32>,
    prec: Option<u32>,
}

/// `simple_format_arg_parse`: flags, a short width and precision, and the
/// conversion character of one `%` unit.
fn simple_format_arg_parse(cps: &[u32], ppos: &mut usize) -> Option<FormatArg> {
    let mut pos = *ppos;
    let mut next = || {
        let c = *cps.get(pos)?;
        pos += 1;
        Some(c)
    };
    let mut left_justify = false;
    let mut ch = loop {
        let c = next()?;
        match char::from_u32(c) {
            Some('-') => left_justify = true,
            Some('+' | ' ' | '#' | '0') => {}
            _ => break c,
        }
    };
    let digit = |c: u32| (c >= '0' as u32 && c <= '9' as u32).then(|| c - '0' as u32);
    let mut width = None;
    if digit(ch).is_some() {
        let mut w = 0;
        let mut digits = 0;
        while let Some(d) = digit(ch) {
            w = w * 10 + d;
            ch = next()?;
            digits += 1;
            if digits >= MAXDIGITS {
                return None;
            }
        }
        width = Some(w);
    }
    let mut prec = None;
    if ch == '.' as u32 {
        ch = next()?;
        let mut p = 0;
        let mut digits = 0;
        while let Some(d) = digit(ch) {
            p = p * 10 + d;
            ch = next()?;
            digits += 1;
            if digits >= MAXDIGITS {
                return None;
            }
        }
        prec = Some(p);
    }
    *ppos = pos;
    Some(FormatArg {
        spec: ch,
        left_justify,
        width,
        prec,
    })
}

/// `parse_format`: one `%` unit as an f-string replacement field; only
/// `s`, `r` and `a` are supported. The spec right-aligns unless `-` was
/// given, like `%`-formatting does.
fn parse_format(cps: &[u32], pos: &mut usize) -> Option<Piece> {
    let arg = simple_format_arg_parse(cps, pos)?;
    if ![b's', b'r', b'a'].iter().any(|&c| c as u32 == arg.spec) {
        return None;
    }
    let mut spec = String::new();
    if let Some(w) = arg.width {
        if !arg.left_justify && w > 0 {
            spec.push('>');
        }
        spec.push_str(&w.to_string());
    }
    if let Some(p) = arg.prec {
        spec.push('.');
        spec.push_str(&p.to_string());
    }
    Some(Piece::Unit {
        conversion: arg.spec,
        spec: (!spec.is_empty()).then_some(spec),
    })
}

/// A numeric constant as `PyNumber_*` sees it.
enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

/// The number a constant holds (a bool is an int), if any.
fn as_num(c: &Constant) -> Option<Num> {
    match c {
        Constant::Bool(b) => Some(Num::Int(BigInt::from(*b as u8))),
        Constant::Int(i) => Some(Num::Int(i.clone())),
        Constant::Float(f) => Some(Num::Float(*f)),
        Constant::Complex { real, imag } => Some(Num::Complex(*real, *imag)),
        _ => None,
    }
}

/// `int.__float__`: correctly rounded (the decimal text goes through
/// Rust's correctly rounded parser); `None` (OverflowError) when the int
/// is too large.
fn int_to_f64(i: &BigInt) -> Option<f64> {
    let f: f64 = i.to_string().parse().ok()?;
    f.is_finite().then_some(f)
}

/// `PyNumber_Negative` of a constant; `None` when it raises.
fn negate(c: &Constant) -> Option<Constant> {
    Some(match as_num(c)? {
        Num::Int(i) => Constant::Int(-i),
        Num::Float(f) => Constant::Float(-f),
        Num::Complex(re, im) => Constant::Complex {
            real: -re,
            imag: -im,
        },
    })
}

/// `PyNumber_Add` / `PyNumber_Subtract` of two constants, with 3.14's
/// mixed real/complex rules (a real operand only touches the real part);
/// `None` when the operation raises.
fn add_or_sub(l: &Constant, r: &Constant, sub: bool) -> Option<Constant> {
    let op = |a: f64, b: f64| if sub { a - b } else { a + b };
    match (l, r) {
        (Constant::Str(a), Constant::Str(b)) if !sub => {
            let mut s = a.clone();
            s.push_pystr(b);
            return Some(Constant::Str(s));
        }
        (Constant::Bytes(a), Constant::Bytes(b)) if !sub => {
            return Some(Constant::Bytes([a.as_slice(), b.as_slice()].concat()));
        }
        _ => {}
    }
    let real = |n: &Num| match n {
        Num::Int(i) => int_to_f64(i),
        Num::Float(f) => Some(*f),
        Num::Complex(..) => None,
    };
    Some(match (as_num(l)?, as_num(r)?) {
        (Num::Int(a), Num::Int(b)) => Constant::Int(if sub { a - b } else { a + b }),
        (Num::Complex(ar, ai), Num::Complex(br, bi)) => Constant::Complex {
            real: op(ar, br),
            imag: op(ai, bi),
        },
        (a, Num::Complex(br, bi)) => {
            let a = real(&a)?;
            Constant::Complex {
                real: op(a, br),
                imag: if sub { -bi } else { bi },
            }
        }
        (Num::Complex(ar, ai), b) => Constant::Complex {
            real: op(ar, real(&b)?),
            imag: ai,
        },
        (a, b) => Constant::Float(op(real(&a)?, real(&b)?)),
    })
}
