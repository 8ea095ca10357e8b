//! AST validation: a port of CPython 3.14's `Python/ast.c`
//! (`_PyAST_Validate` and its helpers, plus `_PyAST_GetDocString`).
//!
//! `compile()` runs this on trees that come from Python code (`ast` module
//! objects), never on the parser's own output. The checks and the messages
//! are CPython's; a failure is the `ValueError`/`TypeError` the C code
//! raises.
//!
//! Some of ast.c's checks cannot fail here because the Rust node types rule
//! the bad tree out: a missing required field, `None` inside a statement or
//! expression list, or a `Constant` of a type other than the ASDL
//! `constant` ones ("got an invalid type in Constant").
//!
//! Beyond the ast.c of the 3.14 branch's early releases, CPython 3.14.10
//! also rejects `None`/`True`/`False` as the name of a function or class,
//! of an alias and of an `except` handler (in `try`, not `try*`), and checks
//! the positions of keywords and of `except*` handlers; those checks are
//! ported from the reference interpreter's behaviour, at the place in the
//! order of checks where it reports them.

use super::nodes::*;

/// Which Python exception a validation failure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidationErrorKind {
    ValueError,
    TypeError,
    /// `Py_EnterRecursiveCall(" during compilation")` failing.
    RecursionError,
}

/// A rejected tree: the exception class and CPython's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub kind: ValidationErrorKind,
    pub msg: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.msg)
    }
}

impl std::error::Error for ValidationError {}

type VResult = Result<(), ValidationError>;

fn value_error(msg: impl Into<String>) -> ValidationError {
    ValidationError {
        kind: ValidationErrorKind::ValueError,
        msg: msg.into(),
    }
}

fn type_error(msg: impl Into<String>) -> ValidationError {
    ValidationError {
        kind: ValidationErrorKind::TypeError,
        msg: msg.into(),
    }
}

/// How deep validation may nest before it reports a RecursionError.
/// CPython measures the C stack instead; the parser's own nesting limits
/// keep parsed trees far below this.
pub const MAX_DEPTH: u32 = 3000;

/// `_PyAST_Validate`: checks a whole tree.
pub fn validate_module(m: &Mod) -> VResult {
    let mut v = Validator { depth: 0 };
    match m {
        Mod::Module(m) => v.stmts(&m.body),
        Mod::Interactive { body } => v.stmts(body),
        Mod::Expression { body } => v.expr(body, ExprContext::Load),
        Mod::FunctionType { argtypes, returns } => {
            v.exprs(argtypes, ExprContext::Load)?;
            v.expr(returns, ExprContext::Load)
        }
    }
}

/// `_PyAST_GetDocString`: the docstring of a body, when its first
/// statement is an expression statement holding a `str` constant.
pub fn get_docstring(body: &[Stmt]) -> Option<&PyStr> {
    let StmtKind::Expr { value } = &body.first()?.kind else {
        return None;
    };
    match &value.kind {
        ExprKind::Constant { value, .. } => match &**value {
            Constant::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `VALIDATE_POSITIONS`: a node's range must not run backwards.
fn validate_positions(loc: &Location) -> VResult {
    let Location {
        lineno,
        col_offset,
        end_lineno,
        end_col_offset,
    } = *loc;
    if lineno > end_lineno {
        return Err(value_error(format!(
            "AST node line range ({lineno}, {end_lineno}) is not valid"
        )));
    }
    if (lineno < 0 && end_lineno != lineno) || (col_offset < 0 && col_offset != end_col_offset) {
        return Err(value_error(format!(
            "AST node column range ({col_offset}, {end_col_offset}) for line range ({lineno}, {end_lineno}) is not valid"
        )));
    }
    if lineno == end_lineno && col_offset > end_col_offset {
        return Err(value_error(format!(
            "line {lineno}, column {col_offset}-{end_col_offset} is not a valid range"
        )));
    }
    Ok(())
}

/// `validate_name`: an identifier field may not spell a keyword constant.
fn validate_name(name: &str) -> VResult {
    match name {
        "None" | "True" | "False" => Err(value_error(format!(
            "identifier field can't represent '{name}' constant"
        ))),
        _ => Ok(()),
    }
}

/// `validate_capture`: a capture pattern may not bind `_`.
fn validate_capture(name: &str) -> VResult {
    if name == "_" {
        return Err(value_error("can't capture name '_' in patterns"));
    }
    validate_name(name)
}

/// `expr_context_name`.
fn expr_context_name(ctx: ExprContext) -> &'static str {
    match ctx {
        ExprContext::Load => "Load",
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
    }
}

/// `_validate_nonempty_seq`.
fn validate_nonempty_seq(len: usize, what: &str, owner: &str) -> VResult {
    if len == 0 {
        return Err(value_error(format!("empty {what} on {owner}")));
    }
    Ok(())
}

/// `ensure_literal_number`: a real (int or float) or imaginary constant.
fn ensure_literal_number(c: &Constant, allow_real: bool, allow_imaginary: bool) -> bool {
    match c {
        Constant::Int(_) | Constant::Float(_) => allow_real,
        Constant::Complex { .. } => allow_imaginary,
        _ => false,
    }
}

/// `ensure_literal_negative`: `-<number>`.
fn ensure_literal_negative(
    op: UnaryOp,
    operand: &Expr,
    allow_real: bool,
    allow_imaginary: bool,
) -> bool {
    if op != UnaryOp::USub {
        return false;
    }
    match &operand.kind {
        ExprKind::Constant { value, .. } => {
            ensure_literal_number(value, allow_real, allow_imaginary)
        }
        _ => false,
    }
}

/// `ensure_literal_complex`: `<real> + <imaginary>` or `-<real> -
/// <imaginary>` and the like.
fn ensure_literal_complex(left: &Expr, op: Operator, right: &Expr) -> bool {
    if op != Operator::Add && op != Operator::Sub {
        return false;
    }
    let left_ok = match &left.kind {
        ExprKind::Constant { value, .. } => ensure_literal_number(value, true, false),
        ExprKind::UnaryOp { op, operand } => ensure_literal_negative(*op, operand, true, false),
        _ => false,
    };
    left_ok
        && match &right.kind {
            ExprKind::Constant { value, .. } => ensure_literal_number(value, false, true),
            _ => false,
        }
}

/// The validator's state: the recursion depth (`Py_EnterRecursiveCall`).
struct Validator {
    depth: u32,
}

impl Validator {
    /// `ENTER_RECURSIVE`.
    fn enter(&mut self) -> VResult {
        if self.depth >= MAX_DEPTH {
            return Err(ValidationError {
                kind: ValidationErrorKind::RecursionError,
                msg: "maximum recursion depth exceeded during compilation".to_owned(),
            });
        }
        self.depth += 1;
        Ok(())
    }

    /// `LEAVE_RECURSIVE`.
    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `validate_stmts`.
    fn stmts(&mut self, seq: &[Stmt]) -> VResult {
        seq.iter().try_for_each(|s| self.stmt(s))
    }

    /// `validate_exprs` without null entries.
    fn exprs(&mut self, seq: &[Expr], ctx: ExprContext) -> VResult {
        seq.iter().try_for_each(|e| self.expr(e, ctx))
    }

    /// `validate_exprs` with `null_ok=1` (dict keys, keyword-only defaults).
    fn opt_exprs(&mut self, seq: &[Option<Expr>], ctx: ExprContext) -> VResult {
        seq.iter().flatten().try_for_each(|e| self.expr(e, ctx))
    }

    /// An optional sub-expression in Load context.
    fn opt_expr(&mut self, e: Option<&Expr>) -> VResult {
        e.map_or(Ok(()), |e| self.expr(e, ExprContext::Load))
    }

    /// `validate_comprehension`.
    fn comprehension(&mut self, gens: &[Comprehension]) -> VResult {
        if gens.is_empty() {
            return Err(value_error("comprehension with no generators"));
        }
        for comp in gens {
            self.expr(&comp.target, ExprContext::Store)?;
            self.expr(&comp.iter, ExprContext::Load)?;
            self.exprs(&comp.ifs, ExprContext::Load)?;
        }
        Ok(())
    }

    /// `validate_keywords` (3.14.10 also checks each keyword's position).
    fn keywords(&mut self, keywords: &[Keyword]) -> VResult {
        for kw in keywords {
            validate_positions(&kw.loc)?;
            self.expr(&kw.value, ExprContext::Load)?;
        }
        Ok(())
    }

    /// `validate_args`.
    fn args(&mut self, args: &[Arg]) -> VResult {
        for arg in args {
            validate_positions(&arg.loc)?;
            self.opt_expr(arg.annotation.as_deref())?;
        }
        Ok(())
    }

    /// `validate_arguments`.
    fn arguments(&mut self, args: &Arguments) -> VResult {
        self.args(&args.posonlyargs)?;
        self.args(&args.args)?;
        if let Some(vararg) = &args.vararg {
            self.opt_expr(vararg.annotation.as_deref())?;
        }
        self.args(&args.kwonlyargs)?;
        if let Some(kwarg) = &args.kwarg {
            self.opt_expr(kwarg.annotation.as_deref())?;
        }
        if args.defaults.len() > args.posonlyargs.len() + args.args.len() {
            return Err(value_error(
                "more positional defaults than args on arguments",
            ));
        }
        if args.kw_defaults.len() != args.kwonlyargs.len() {
            return Err(value_error(
                "length of kwonlyargs is not the same as kw_defaults on arguments",
            ));
        }
        self.exprs(&args.defaults, ExprContext::Load)?;
        self.opt_exprs(&args.kw_defaults, ExprContext::Load)
    }

    /// `validate_expr`: first the expression context, then the node.
    fn expr(&mut self, exp: &Expr, ctx: ExprContext) -> VResult {
        validate_positions(&exp.loc)?;
        self.enter()?;
        let r = self.expr_inner(exp, ctx);
        self.leave();
        r
    }

    fn expr_inner(&mut self, exp: &Expr, ctx: ExprContext) -> VResult {
        use ExprContext::Load;
        let actual_ctx = match &exp.kind {
            ExprKind::Attribute { ctx, .. }
            | ExprKind::Subscript { ctx, .. }
            | ExprKind::Starred { ctx, .. }
            | ExprKind::List { ctx, .. }
            | ExprKind::Tuple { ctx, .. } => Some(*ctx),
            ExprKind::Name { id, ctx } => {
                validate_name(id)?;
                Some(*ctx)
            }
            _ => {
                if ctx != Load {
                    return Err(value_error(format!(
                        "expression which can't be assigned to in {} context",
                        expr_context_name(ctx)
                    )));
                }
                None
            }
        };
        if let Some(actual) = actual_ctx
            && actual != ctx
        {
            return Err(value_error(format!(
                "expression must have {} context but has {} instead",
                expr_context_name(ctx),
                expr_context_name(actual)
            )));
        }

        match &exp.kind {
            ExprKind::BoolOp { values, .. } => {
                if values.len() < 2 {
                    return Err(value_error("BoolOp with less than 2 values"));
                }
                self.exprs(values, Load)
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left, Load)?;
                self.expr(right, Load)
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand, Load),
            ExprKind::Lambda { args, body } => {
                self.arguments(args)?;
                self.expr(body, Load)
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test, Load)?;
                self.expr(body, Load)?;
                self.expr(orelse, Load)
            }
            ExprKind::Dict { keys, values } => {
                if keys.len() != values.len() {
                    return Err(value_error(
                        "Dict doesn't have the same number of keys as values",
                    ));
                }
                self.opt_exprs(keys, Load)?;
                self.exprs(values, Load)
            }
            ExprKind::Set { elts } => self.exprs(elts, Load),
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(generators)?;
                self.expr(elt, Load)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.comprehension(generators)?;
                self.expr(key, Load)?;
                self.expr(value, Load)
            }
            ExprKind::Yield { value } => self.opt_expr(value.as_deref()),
            ExprKind::YieldFrom { value } | ExprKind::Await { value } => self.expr(value, Load),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                if comparators.is_empty() {
                    return Err(value_error("Compare with no comparators"));
                }
                if comparators.len() != ops.len() {
                    return Err(value_error(
                        "Compare has a different number of comparators and operands",
                    ));
                }
                self.exprs(comparators, Load)?;
                self.expr(left, Load)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func, Load)?;
                self.exprs(args, Load)?;
                self.keywords(keywords)
            }
            // validate_constant: every `Constant` value is of a valid type.
            ExprKind::Constant { .. } => Ok(()),
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => {
                self.exprs(values, Load)
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            }
            | ExprKind::Interpolation {
                value, format_spec, ..
            } => {
                self.expr(value, Load)?;
                self.opt_expr(format_spec.as_deref())
            }
            ExprKind::Attribute { value, .. } => self.expr(value, Load),
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(slice, Load)?;
                self.expr(value, Load)
            }
            ExprKind::Starred { value, .. } => self.expr(value, ctx),
            ExprKind::Slice { lower, upper, step } => {
                self.opt_expr(lower.as_deref())?;
                self.opt_expr(upper.as_deref())?;
                self.opt_expr(step.as_deref())
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts, ctx),
            ExprKind::NamedExpr { target, value } => {
                if !matches!(target.kind, ExprKind::Name { .. }) {
                    return Err(type_error("NamedExpr target must be a Name"));
                }
                self.expr(value, Load)
            }
            ExprKind::Name { .. } => Ok(()),
        }
    }

    /// `validate_pattern_match_value`: the value of a value pattern or a
    /// mapping-pattern key.
    fn pattern_match_value(&mut self, exp: &Expr) -> VResult {
        self.expr(exp, ExprContext::Load)?;
        match &exp.kind {
            ExprKind::Constant { value, .. } => match **value {
                Constant::Int(_)
                | Constant::Float(_)
                | Constant::Bytes(_)
                | Constant::Complex { .. }
                | Constant::Str(_) => Ok(()),
                _ => Err(value_error(
                    "unexpected constant inside of a literal pattern",
                )),
            },
            ExprKind::Attribute { .. }
            | ExprKind::JoinedStr { .. }
            | ExprKind::TemplateStr { .. } => Ok(()),
            ExprKind::UnaryOp { op, operand }
                if ensure_literal_negative(*op, operand, true, true) =>
            {
                Ok(())
            }
            ExprKind::BinOp { left, op, right } if ensure_literal_complex(left, *op, right) => {
                Ok(())
            }
            _ => Err(value_error(
                "patterns may only match literals and attribute lookups",
            )),
        }
    }

    /// `validate_patterns`.
    fn patterns(&mut self, patterns: &[Pattern], star_ok: bool) -> VResult {
        patterns.iter().try_for_each(|p| self.pattern(p, star_ok))
    }

    /// `validate_pattern`.
    fn pattern(&mut self, p: &Pattern, star_ok: bool) -> VResult {
        validate_positions(&p.loc)?;
        self.enter()?;
        let r = self.pattern_inner(p, star_ok);
        self.leave();
        r
    }

    fn pattern_inner(&mut self, p: &Pattern, star_ok: bool) -> VResult {
        match &p.kind {
            PatternKind::MatchValue { value } => self.pattern_match_value(value),
            PatternKind::MatchSingleton { value } => match value {
                Constant::None | Constant::Bool(_) => Ok(()),
                _ => Err(value_error(
                    "MatchSingleton can only contain True, False and None",
                )),
            },
            PatternKind::MatchSequence { patterns } => self.patterns(patterns, true),
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                if keys.len() != patterns.len() {
                    return Err(value_error(
                        "MatchMapping doesn't have the same number of keys as patterns",
                    ));
                }
                if let Some(rest) = rest {
                    validate_capture(rest)?;
                }
                for key in keys {
                    // None, True and False are valid keys although
                    // pattern_match_value rejects them as values.
                    if let ExprKind::Constant { value, .. } = &key.kind
                        && matches!(**value, Constant::None | Constant::Bool(_))
                    {
                        continue;
                    }
                    self.pattern_match_value(key)?;
                }
                self.patterns(patterns, false)
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                if kwd_attrs.len() != kwd_patterns.len() {
                    return Err(value_error(
                        "MatchClass doesn't have the same number of keyword attributes as patterns",
                    ));
                }
                self.expr(cls, ExprContext::Load)?;
                let mut c: &Expr = cls;
                loop {
                    match &c.kind {
                        ExprKind::Name { .. } => break,
                        ExprKind::Attribute { value, .. } => c = value,
                        _ => {
                            return Err(value_error(
                                "MatchClass cls field can only contain Name or Attribute nodes.",
                            ));
                        }
                    }
                }
                kwd_attrs.iter().try_for_each(|a| validate_name(a))?;
                self.patterns(patterns, false)?;
                self.patterns(kwd_patterns, false)
            }
            PatternKind::MatchStar { name } => {
                if !star_ok {
                    return Err(value_error("can't use MatchStar here"));
                }
                name.as_deref().map_or(Ok(()), validate_capture)
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(name) = name {
                    validate_capture(name)?;
                }
                match (pattern, name) {
                    (None, _) => Ok(()),
                    (Some(_), None) => Err(value_error(
                        "MatchAs must specify a target name if a pattern is given",
                    )),
                    (Some(pattern), Some(_)) => self.pattern(pattern, false),
                }
            }
            PatternKind::MatchOr { patterns } => {
                if patterns.len() < 2 {
                    return Err(value_error("MatchOr requires at least 2 patterns"));
                }
                self.patterns(patterns, false)
            }
        }
    }

    /// `validate_assignlist`.
    fn assignlist(&mut self, targets: &[Expr], ctx: ExprContext) -> VResult {
        validate_nonempty_seq(
            targets.len(),
            "targets",
            if ctx == ExprContext::Del {
                "Delete"
            } else {
                "Assign"
            },
        )?;
        self.exprs(targets, ctx)
    }

    /// `validate_body`.
    fn body(&mut self, body: &[Stmt], owner: &str) -> VResult {
        validate_nonempty_seq(body.len(), "body", owner)?;
        self.stmts(body)
    }

    /// `validate_type_params` / `validate_typeparam`.
    fn type_params(&mut self, tps: &[TypeParam]) -> VResult {
        for tp in tps {
            validate_positions(&tp.loc)?;
            match &tp.kind {
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                } => {
                    validate_name(name)?;
                    self.opt_expr(bound.as_deref())?;
                    self.opt_expr(default_value.as_deref())?;
                }
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                }
                | TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                } => {
                    validate_name(name)?;
                    self.opt_expr(default_value.as_deref())?;
                }
            }
        }
        Ok(())
    }

    /// The shared checks of `FunctionDef` and `AsyncFunctionDef`.
    fn function_def(&mut self, f: &FunctionDef, owner: &str) -> VResult {
        self.body(&f.body, owner)?;
        validate_name(&f.name)?;
        self.type_params(&f.type_params)?;
        self.arguments(&f.args)?;
        self.exprs(&f.decorator_list, ExprContext::Load)?;
        self.opt_expr(f.returns.as_deref())
    }

    /// The `with` items of `With` and `AsyncWith`.
    fn with_items(&mut self, items: &[WithItem], owner: &str) -> VResult {
        validate_nonempty_seq(items.len(), "items", owner)?;
        for item in items {
            self.expr(&item.context_expr, ExprContext::Load)?;
            if let Some(vars) = &item.optional_vars {
                self.expr(vars, ExprContext::Store)?;
            }
        }
        Ok(())
    }

    /// The shared checks of `Try` and `TryStar`.
    fn try_(&mut self, t: &Try, owner: &str, star: bool) -> VResult {
        self.body(&t.body, owner)?;
        if t.handlers.is_empty() && t.finalbody.is_empty() {
            return Err(value_error(format!(
                "{owner} has neither except handlers nor finalbody"
            )));
        }
        if t.handlers.is_empty() && !t.orelse.is_empty() {
            return Err(value_error(format!(
                "{owner} has orelse but no except handlers"
            )));
        }
        for handler in &t.handlers {
            validate_positions(&handler.loc)?;
            self.opt_expr(handler.type_.as_deref())?;
            if !star && let Some(name) = &handler.name {
                validate_name(name)?;
            }
            self.body(&handler.body, "ExceptHandler")?;
        }
        self.stmts(&t.finalbody)?;
        self.stmts(&t.orelse)
    }

    /// The aliases of `Import` and `ImportFrom`.
    fn aliases(&mut self, names: &[Alias], owner: &str) -> VResult {
        validate_nonempty_seq(names.len(), "names", owner)?;
        for alias in names {
            validate_name(&alias.name)?;
            if let Some(asname) = &alias.asname {
                validate_name(asname)?;
            }
        }
        Ok(())
    }

    /// `validate_stmt`.
    fn stmt(&mut self, stmt: &Stmt) -> VResult {
        validate_positions(&stmt.loc)?;
        self.enter()?;
        let r = self.stmt_inner(stmt);
        self.leave();
        r
    }

    fn stmt_inner(&mut self, stmt: &Stmt) -> VResult {
        use ExprContext::{Del, Load, Store};
        match &stmt.kind {
            StmtKind::FunctionDef(f) => self.function_def(f, "FunctionDef"),
            StmtKind::AsyncFunctionDef(f) => self.function_def(f, "AsyncFunctionDef"),
            StmtKind::ClassDef(c) => {
                self.body(&c.body, "ClassDef")?;
                validate_name(&c.name)?;
                self.type_params(&c.type_params)?;
                self.exprs(&c.bases, Load)?;
                self.keywords(&c.keywords)?;
                self.exprs(&c.decorator_list, Load)
            }
            StmtKind::Return { value } => self.opt_expr(value.as_deref()),
            StmtKind::Delete { targets } => self.assignlist(targets, Del),
            StmtKind::Assign { targets, value, .. } => {
                self.assignlist(targets, Store)?;
                self.expr(value, Load)
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target, Store)?;
                self.expr(value, Load)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if *simple && !matches!(target.kind, ExprKind::Name { .. }) {
                    return Err(type_error("AnnAssign with simple non-Name target"));
                }
                self.expr(target, Store)?;
                self.opt_expr(value.as_deref())?;
                self.expr(annotation, Load)
            }
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => {
                if !matches!(name.kind, ExprKind::Name { .. }) {
                    return Err(type_error("TypeAlias with non-Name name"));
                }
                self.expr(name, Store)?;
                self.type_params(type_params)?;
                self.expr(value, Load)
            }
            StmtKind::For(f) => self.for_(f, "For"),
            StmtKind::AsyncFor(f) => self.for_(f, "AsyncFor"),
            StmtKind::While { test, body, orelse } => {
                self.expr(test, Load)?;
                self.body(body, "While")?;
                self.stmts(orelse)
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test, Load)?;
                self.body(body, "If")?;
                self.stmts(orelse)
            }
            StmtKind::With { items, body, .. } => {
                self.with_items(items, "With")?;
                self.body(body, "With")
            }
            StmtKind::AsyncWith { items, body, .. } => {
                self.with_items(items, "AsyncWith")?;
                self.body(body, "AsyncWith")
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject, Load)?;
                validate_nonempty_seq(cases.len(), "cases", "Match")?;
                for case in cases {
                    self.pattern(&case.pattern, false)?;
                    self.opt_expr(case.guard.as_deref())?;
                    self.body(&case.body, "match_case")?;
                }
                Ok(())
            }
            StmtKind::Raise { exc, cause } => match (exc, cause) {
                (Some(exc), _) => {
                    self.expr(exc, Load)?;
                    self.opt_expr(cause.as_deref())
                }
                (None, Some(_)) => Err(value_error("Raise with cause but no exception")),
                (None, None) => Ok(()),
            },
            StmtKind::Try(t) => self.try_(t, "Try", false),
            StmtKind::TryStar(t) => self.try_(t, "TryStar", true),
            StmtKind::Assert { test, msg } => {
                self.expr(test, Load)?;
                self.opt_expr(msg.as_deref())
            }
            StmtKind::Import { names } => self.aliases(names, "Import"),
            StmtKind::ImportFrom { names, level, .. } => {
                if *level < 0 {
                    return Err(value_error("Negative ImportFrom level"));
                }
                self.aliases(names, "ImportFrom")
            }
            StmtKind::Global { names } => validate_nonempty_seq(names.len(), "names", "Global"),
            StmtKind::Nonlocal { names } => validate_nonempty_seq(names.len(), "names", "Nonlocal"),
            StmtKind::Expr { value } => self.expr(value, Load),
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => Ok(()),
        }
    }

    /// The shared checks of `For` and `AsyncFor`.
    fn for_(&mut self, f: &For, owner: &str) -> VResult {
        self.expr(&f.target, ExprContext::Store)?;
        self.expr(&f.iter, ExprContext::Load)?;
        self.body(&f.body, owner)?;
        self.stmts(&f.orelse)
    }
}
