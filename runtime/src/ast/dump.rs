//! `ast.dump(node, include_attributes=True)` of CPython 3.14's Lib/ast.py,
//! single-line form (`indent=None`, `annotate_fields=True`,
//! `show_empty=False`).
//!
//! Rules ported from `ast.dump._format`: fields in ASDL order as `name=value`;
//! an optional field (`?`) whose value is None is left out; an empty list
//! field (`*`) is left out; then the location attributes. Values use Python's
//! `repr()`: see [`repr_str`], [`repr_bytes`], [`repr_float`].

use std::fmt::Write;

use super::nodes::*;
use super::printable::is_printable;

/// `ast.dump(module, include_attributes=True)`.
pub fn dump_module(m: &Module) -> String {
    let mut d = Dumper { out: String::new() };
    d.module(m);
    d.out
}

/// `ast.dump(tree, include_attributes=True)` for any `mod`.
pub fn dump_mod(m: &Mod) -> String {
    let mut d = Dumper { out: String::new() };
    match m {
        Mod::Module(m) => d.module(m),
        Mod::Interactive { body } => {
            let mut n = d.node("Interactive");
            n.stmts(&mut d, "body", body);
            n.end(&mut d);
        }
        Mod::Expression { body } => {
            let mut n = d.node("Expression");
            n.field(&mut d, "body");
            d.expr(body);
            n.end(&mut d);
        }
        Mod::FunctionType { argtypes, returns } => {
            let mut n = d.node("FunctionType");
            n.exprs(&mut d, "argtypes", argtypes);
            n.field(&mut d, "returns");
            d.expr(returns);
            n.end(&mut d);
        }
    }
    d.out
}

/// `ast.dump(expr, include_attributes=True)`.
pub fn dump_expr(e: &Expr) -> String {
    let mut d = Dumper { out: String::new() };
    d.expr(e);
    d.out
}

struct Dumper {
    out: String,
}

/// One `Name(...)` being written: tracks the separator.
struct NodeWriter {
    first: bool,
}

impl NodeWriter {
    fn field(&mut self, d: &mut Dumper, name: &str) {
        if !self.first {
            d.out.push_str(", ");
        }
        self.first = false;
        d.out.push_str(name);
        d.out.push('=');
    }

    fn stmts(&mut self, d: &mut Dumper, name: &str, v: &[Stmt]) {
        if !v.is_empty() {
            self.field(d, name);
            d.list(v, Dumper::stmt);
        }
    }

    fn exprs(&mut self, d: &mut Dumper, name: &str, v: &[Expr]) {
        if !v.is_empty() {
            self.field(d, name);
            d.list(v, Dumper::expr);
        }
    }

    fn opt_expr(&mut self, d: &mut Dumper, name: &str, e: &Option<Box<Expr>>) {
        if let Some(e) = e {
            self.field(d, name);
            d.expr(e);
        }
    }

    fn ident(&mut self, d: &mut Dumper, name: &str, id: &str) {
        self.field(d, name);
        repr_str_slice(&mut d.out, id);
    }

    fn opt_ident(&mut self, d: &mut Dumper, name: &str, id: &Option<Identifier>) {
        if let Some(id) = id {
            self.ident(d, name, id);
        }
    }

    fn idents(&mut self, d: &mut Dumper, name: &str, v: &[Identifier]) {
        if !v.is_empty() {
            self.field(d, name);
            d.list(v, |d, id| repr_str_slice(&mut d.out, id));
        }
    }

    fn int(&mut self, d: &mut Dumper, name: &str, v: i32) {
        self.field(d, name);
        let _ = write!(d.out, "{v}");
    }

    fn raw(&mut self, d: &mut Dumper, name: &str, v: &str) {
        self.field(d, name);
        d.out.push_str(v);
    }

    fn loc(&mut self, d: &mut Dumper, loc: &Location) {
        self.int(d, "lineno", loc.lineno);
        self.int(d, "col_offset", loc.col_offset);
        self.int(d, "end_lineno", loc.end_lineno);
        self.int(d, "end_col_offset", loc.end_col_offset);
    }

    fn end(self, d: &mut Dumper) {
        d.out.push(')');
    }
}

fn ctx_name(c: ExprContext) -> &'static str {
    match c {
        ExprContext::Load => "Load()",
        ExprContext::Store => "Store()",
        ExprContext::Del => "Del()",
    }
}

fn operator_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "Add()",
        Operator::Sub => "Sub()",
        Operator::Mult => "Mult()",
        Operator::MatMult => "MatMult()",
        Operator::Div => "Div()",
        Operator::Mod => "Mod()",
        Operator::Pow => "Pow()",
        Operator::LShift => "LShift()",
        Operator::RShift => "RShift()",
        Operator::BitOr => "BitOr()",
        Operator::BitXor => "BitXor()",
        Operator::BitAnd => "BitAnd()",
        Operator::FloorDiv => "FloorDiv()",
    }
}

fn cmpop_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "Eq()",
        CmpOp::NotEq => "NotEq()",
        CmpOp::Lt => "Lt()",
        CmpOp::LtE => "LtE()",
        CmpOp::Gt => "Gt()",
        CmpOp::GtE => "GtE()",
        CmpOp::Is => "Is()",
        CmpOp::IsNot => "IsNot()",
        CmpOp::In => "In()",
        CmpOp::NotIn => "NotIn()",
    }
}

impl Dumper {
    fn node(&mut self, name: &str) -> NodeWriter {
        self.out.push_str(name);
        self.out.push('(');
        NodeWriter { first: true }
    }

    fn list<T>(&mut self, v: &[T], mut f: impl FnMut(&mut Dumper, &T)) {
        self.out.push('[');
        for (i, x) in v.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            f(self, x);
        }
        self.out.push(']');
    }

    fn module(&mut self, m: &Module) {
        let mut n = self.node("Module");
        n.stmts(self, "body", &m.body);
        if !m.type_ignores.is_empty() {
            n.field(self, "type_ignores");
            self.list(&m.type_ignores, |d, t| {
                let mut n = d.node("TypeIgnore");
                n.int(d, "lineno", t.lineno);
                n.ident(d, "tag", &t.tag);
                n.end(d);
            });
        }
        n.end(self);
    }

    fn function_def(&mut self, name: &str, f: &FunctionDef, loc: &Location) {
        let mut n = self.node(name);
        n.ident(self, "name", &f.name);
        n.field(self, "args");
        self.arguments(&f.args);
        n.stmts(self, "body", &f.body);
        n.exprs(self, "decorator_list", &f.decorator_list);
        n.opt_expr(self, "returns", &f.returns);
        n.opt_ident(self, "type_comment", &f.type_comment);
        self.type_params(&mut n, &f.type_params);
        n.loc(self, loc);
        n.end(self);
    }

    fn type_params(&mut self, n: &mut NodeWriter, v: &[TypeParam]) {
        if v.is_empty() {
            return;
        }
        n.field(self, "type_params");
        self.list(v, |d, tp| {
            let mut n;
            match &tp.kind {
                TypeParamKind::TypeVar { name, bound, default_value } => {
                    n = d.node("TypeVar");
                    n.ident(d, "name", name);
                    n.opt_expr(d, "bound", bound);
                    n.opt_expr(d, "default_value", default_value);
                }
                TypeParamKind::ParamSpec { name, default_value } => {
                    n = d.node("ParamSpec");
                    n.ident(d, "name", name);
                    n.opt_expr(d, "default_value", default_value);
                }
                TypeParamKind::TypeVarTuple { name, default_value } => {
                    n = d.node("TypeVarTuple");
                    n.ident(d, "name", name);
                    n.opt_expr(d, "default_value", default_value);
                }
            }
            n.loc(d, &tp.loc);
            n.end(d);
        });
    }

    fn for_(&mut self, name: &str, f: &For, loc: &Location) {
        let mut n = self.node(name);
        n.field(self, "target");
        self.expr(&f.target);
        n.field(self, "iter");
        self.expr(&f.iter);
        n.stmts(self, "body", &f.body);
        n.stmts(self, "orelse", &f.orelse);
        n.opt_ident(self, "type_comment", &f.type_comment);
        n.loc(self, loc);
        n.end(self);
    }

    fn with(&mut self, name: &str, items: &[WithItem], body: &[Stmt], tc: &Option<Box<str>>, loc: &Location) {
        let mut n = self.node(name);
        if !items.is_empty() {
            n.field(self, "items");
            self.list(items, |d, it| {
                let mut n = d.node("withitem");
                n.field(d, "context_expr");
                d.expr(&it.context_expr);
                n.opt_expr(d, "optional_vars", &it.optional_vars);
                n.end(d);
            });
        }
        n.stmts(self, "body", body);
        n.opt_ident(self, "type_comment", tc);
        n.loc(self, loc);
        n.end(self);
    }

    fn try_(&mut self, name: &str, t: &Try, loc: &Location) {
        let mut n = self.node(name);
        n.stmts(self, "body", &t.body);
        if !t.handlers.is_empty() {
            n.field(self, "handlers");
            self.list(&t.handlers, |d, h| {
                let mut n = d.node("ExceptHandler");
                n.opt_expr(d, "type", &h.type_);
                n.opt_ident(d, "name", &h.name);
                n.stmts(d, "body", &h.body);
                n.loc(d, &h.loc);
                n.end(d);
            });
        }
        n.stmts(self, "orelse", &t.orelse);
        n.stmts(self, "finalbody", &t.finalbody);
        n.loc(self, loc);
        n.end(self);
    }

    fn stmt(&mut self, s: &Stmt) {
        let loc = &s.loc;
        let mut n;
        match &s.kind {
            StmtKind::FunctionDef(f) => return self.function_def("FunctionDef", f, loc),
            StmtKind::AsyncFunctionDef(f) => return self.function_def("AsyncFunctionDef", f, loc),
            StmtKind::ClassDef(c) => {
                n = self.node("ClassDef");
                n.ident(self, "name", &c.name);
                n.exprs(self, "bases", &c.bases);
                self.keywords(&mut n, &c.keywords);
                n.stmts(self, "body", &c.body);
                n.exprs(self, "decorator_list", &c.decorator_list);
                self.type_params(&mut n, &c.type_params);
            }
            StmtKind::Return { value } => {
                n = self.node("Return");
                n.opt_expr(self, "value", value);
            }
            StmtKind::Delete { targets } => {
                n = self.node("Delete");
                n.exprs(self, "targets", targets);
            }
            StmtKind::Assign { targets, value, type_comment } => {
                n = self.node("Assign");
                n.exprs(self, "targets", targets);
                n.field(self, "value");
                self.expr(value);
                n.opt_ident(self, "type_comment", type_comment);
            }
            StmtKind::TypeAlias { name, type_params, value } => {
                n = self.node("TypeAlias");
                n.field(self, "name");
                self.expr(name);
                self.type_params(&mut n, type_params);
                n.field(self, "value");
                self.expr(value);
            }
            StmtKind::AugAssign { target, op, value } => {
                n = self.node("AugAssign");
                n.field(self, "target");
                self.expr(target);
                n.raw(self, "op", operator_name(*op));
                n.field(self, "value");
                self.expr(value);
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                n = self.node("AnnAssign");
                n.field(self, "target");
                self.expr(target);
                n.field(self, "annotation");
                self.expr(annotation);
                n.opt_expr(self, "value", value);
                n.int(self, "simple", *simple as i32);
            }
            StmtKind::For(f) => return self.for_("For", f, loc),
            StmtKind::AsyncFor(f) => return self.for_("AsyncFor", f, loc),
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                n = self.node(if matches!(s.kind, StmtKind::While { .. }) { "While" } else { "If" });
                n.field(self, "test");
                self.expr(test);
                n.stmts(self, "body", body);
                n.stmts(self, "orelse", orelse);
            }
            StmtKind::With { items, body, type_comment } => {
                return self.with("With", items, body, type_comment, loc);
            }
            StmtKind::AsyncWith { items, body, type_comment } => {
                return self.with("AsyncWith", items, body, type_comment, loc);
            }
            StmtKind::Match { subject, cases } => {
                n = self.node("Match");
                n.field(self, "subject");
                self.expr(subject);
                if !cases.is_empty() {
                    n.field(self, "cases");
                    self.list(cases, |d, c| {
                        let mut n = d.node("match_case");
                        n.field(d, "pattern");
                        d.pattern(&c.pattern);
                        n.opt_expr(d, "guard", &c.guard);
                        n.stmts(d, "body", &c.body);
                        n.end(d);
                    });
                }
            }
            StmtKind::Raise { exc, cause } => {
                n = self.node("Raise");
                n.opt_expr(self, "exc", exc);
                n.opt_expr(self, "cause", cause);
            }
            StmtKind::Try(t) => return self.try_("Try", t, loc),
            StmtKind::TryStar(t) => return self.try_("TryStar", t, loc),
            StmtKind::Assert { test, msg } => {
                n = self.node("Assert");
                n.field(self, "test");
                self.expr(test);
                n.opt_expr(self, "msg", msg);
            }
            StmtKind::Import { names } => {
                n = self.node("Import");
                self.aliases(&mut n, names);
            }
            StmtKind::ImportFrom { module, names, level } => {
                n = self.node("ImportFrom");
                n.opt_ident(self, "module", module);
                self.aliases(&mut n, names);
                n.int(self, "level", *level);
            }
            StmtKind::Global { names } => {
                n = self.node("Global");
                n.idents(self, "names", names);
            }
            StmtKind::Nonlocal { names } => {
                n = self.node("Nonlocal");
                n.idents(self, "names", names);
            }
            StmtKind::Expr { value } => {
                n = self.node("Expr");
                n.field(self, "value");
                self.expr(value);
            }
            StmtKind::Pass => n = self.node("Pass"),
            StmtKind::Break => n = self.node("Break"),
            StmtKind::Continue => n = self.node("Continue"),
        }
        n.loc(self, loc);
        n.end(self);
    }

    fn aliases(&mut self, n: &mut NodeWriter, names: &[Alias]) {
        if names.is_empty() {
            return;
        }
        n.field(self, "names");
        self.list(names, |d, a| {
            let mut n = d.node("alias");
            n.ident(d, "name", &a.name);
            n.opt_ident(d, "asname", &a.asname);
            n.loc(d, &a.loc);
            n.end(d);
        });
    }

    fn keywords(&mut self, n: &mut NodeWriter, kws: &[Keyword]) {
        if kws.is_empty() {
            return;
        }
        n.field(self, "keywords");
        self.list(kws, |d, k| {
            let mut n = d.node("keyword");
            n.opt_ident(d, "arg", &k.arg);
            n.field(d, "value");
            d.expr(&k.value);
            n.loc(d, &k.loc);
            n.end(d);
        });
    }

    fn arg(&mut self, a: &Arg) {
        let mut n = self.node("arg");
        n.ident(self, "arg", &a.arg);
        n.opt_expr(self, "annotation", &a.annotation);
        n.opt_ident(self, "type_comment", &a.type_comment);
        n.loc(self, &a.loc);
        n.end(self);
    }

    fn arguments(&mut self, a: &Arguments) {
        let mut n = self.node("arguments");
        let args = |n: &mut NodeWriter, d: &mut Dumper, name: &str, v: &[Arg]| {
            if !v.is_empty() {
                n.field(d, name);
                d.list(v, Dumper::arg);
            }
        };
        args(&mut n, self, "posonlyargs", &a.posonlyargs);
        args(&mut n, self, "args", &a.args);
        if let Some(v) = &a.vararg {
            n.field(self, "vararg");
            self.arg(v);
        }
        args(&mut n, self, "kwonlyargs", &a.kwonlyargs);
        if !a.kw_defaults.is_empty() {
            n.field(self, "kw_defaults");
            self.list(&a.kw_defaults, Dumper::opt_expr_item);
        }
        if let Some(v) = &a.kwarg {
            n.field(self, "kwarg");
            self.arg(v);
        }
        n.exprs(self, "defaults", &a.defaults);
        n.end(self);
    }

    fn opt_expr_item(&mut self, e: &Option<Expr>) {
        match e {
            Some(e) => self.expr(e),
            None => self.out.push_str("None"),
        }
    }

    fn comprehensions(&mut self, n: &mut NodeWriter, gens: &[Comprehension]) {
        if gens.is_empty() {
            return;
        }
        n.field(self, "generators");
        self.list(gens, |d, c| {
            let mut n = d.node("comprehension");
            n.field(d, "target");
            d.expr(&c.target);
            n.field(d, "iter");
            d.expr(&c.iter);
            n.exprs(d, "ifs", &c.ifs);
            n.int(d, "is_async", c.is_async as i32);
            n.end(d);
        });
    }

    fn expr(&mut self, e: &Expr) {
        let mut n;
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                n = self.node("BoolOp");
                n.raw(self, "op", if *op == BoolOp::And { "And()" } else { "Or()" });
                n.exprs(self, "values", values);
            }
            ExprKind::NamedExpr { target, value } => {
                n = self.node("NamedExpr");
                n.field(self, "target");
                self.expr(target);
                n.field(self, "value");
                self.expr(value);
            }
            ExprKind::BinOp { left, op, right } => {
                n = self.node("BinOp");
                n.field(self, "left");
                self.expr(left);
                n.raw(self, "op", operator_name(*op));
                n.field(self, "right");
                self.expr(right);
            }
            ExprKind::UnaryOp { op, operand } => {
                n = self.node("UnaryOp");
                let name = match op {
                    UnaryOp::Invert => "Invert()",
                    UnaryOp::Not => "Not()",
                    UnaryOp::UAdd => "UAdd()",
                    UnaryOp::USub => "USub()",
                };
                n.raw(self, "op", name);
                n.field(self, "operand");
                self.expr(operand);
            }
            ExprKind::Lambda { args, body } => {
                n = self.node("Lambda");
                n.field(self, "args");
                self.arguments(args);
                n.field(self, "body");
                self.expr(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                n = self.node("IfExp");
                n.field(self, "test");
                self.expr(test);
                n.field(self, "body");
                self.expr(body);
                n.field(self, "orelse");
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                n = self.node("Dict");
                if !keys.is_empty() {
                    n.field(self, "keys");
                    self.list(keys, Dumper::opt_expr_item);
                }
                n.exprs(self, "values", values);
            }
            ExprKind::Set { elts } => {
                n = self.node("Set");
                n.exprs(self, "elts", elts);
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                n = self.node(match e.kind {
                    ExprKind::ListComp { .. } => "ListComp",
                    ExprKind::SetComp { .. } => "SetComp",
                    _ => "GeneratorExp",
                });
                n.field(self, "elt");
                self.expr(elt);
                self.comprehensions(&mut n, generators);
            }
            ExprKind::DictComp { key, value, generators } => {
                n = self.node("DictComp");
                n.field(self, "key");
                self.expr(key);
                n.field(self, "value");
                self.expr(value);
                self.comprehensions(&mut n, generators);
            }
            ExprKind::Await { value } => {
                n = self.node("Await");
                n.field(self, "value");
                self.expr(value);
            }
            ExprKind::Yield { value } => {
                n = self.node("Yield");
                n.opt_expr(self, "value", value);
            }
            ExprKind::YieldFrom { value } => {
                n = self.node("YieldFrom");
                n.field(self, "value");
                self.expr(value);
            }
            ExprKind::Compare { left, ops, comparators } => {
                n = self.node("Compare");
                n.field(self, "left");
                self.expr(left);
                if !ops.is_empty() {
                    n.field(self, "ops");
                    self.list(ops, |d, op| d.out.push_str(cmpop_name(*op)));
                }
                n.exprs(self, "comparators", comparators);
            }
            ExprKind::Call { func, args, keywords } => {
                n = self.node("Call");
                n.field(self, "func");
                self.expr(func);
                n.exprs(self, "args", args);
                self.keywords(&mut n, keywords);
            }
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                n = self.node("FormattedValue");
                n.field(self, "value");
                self.expr(value);
                n.int(self, "conversion", *conversion);
                n.opt_expr(self, "format_spec", format_spec);
            }
            ExprKind::Interpolation { value, str, conversion, format_spec } => {
                n = self.node("Interpolation");
                n.field(self, "value");
                self.expr(value);
                n.field(self, "str");
                repr_constant(&mut self.out, str);
                n.int(self, "conversion", *conversion);
                n.opt_expr(self, "format_spec", format_spec);
            }
            ExprKind::JoinedStr { values } => {
                n = self.node("JoinedStr");
                n.exprs(self, "values", values);
            }
            ExprKind::TemplateStr { values } => {
                n = self.node("TemplateStr");
                n.exprs(self, "values", values);
            }
            ExprKind::Constant { value, kind } => {
                n = self.node("Constant");
                n.field(self, "value");
                repr_constant(&mut self.out, value);
                n.opt_ident(self, "kind", kind);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                n = self.node("Attribute");
                n.field(self, "value");
                self.expr(value);
                n.ident(self, "attr", attr);
                n.raw(self, "ctx", ctx_name(*ctx));
            }
            ExprKind::Subscript { value, slice, ctx } => {
                n = self.node("Subscript");
                n.field(self, "value");
                self.expr(value);
                n.field(self, "slice");
                self.expr(slice);
                n.raw(self, "ctx", ctx_name(*ctx));
            }
            ExprKind::Starred { value, ctx } => {
                n = self.node("Starred");
                n.field(self, "value");
                self.expr(value);
                n.raw(self, "ctx", ctx_name(*ctx));
            }
            ExprKind::Name { id, ctx } => {
                n = self.node("Name");
                n.ident(self, "id", id);
                n.raw(self, "ctx", ctx_name(*ctx));
            }
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => {
                n = self.node(if matches!(e.kind, ExprKind::List { .. }) { "List" } else { "Tuple" });
                n.exprs(self, "elts", elts);
                n.raw(self, "ctx", ctx_name(*ctx));
            }
            ExprKind::Slice { lower, upper, step } => {
                n = self.node("Slice");
                n.opt_expr(self, "lower", lower);
                n.opt_expr(self, "upper", upper);
                n.opt_expr(self, "step", step);
            }
        }
        n.loc(self, &e.loc);
        n.end(self);
    }

    fn pattern(&mut self, p: &Pattern) {
        let mut n;
        match &p.kind {
            PatternKind::MatchValue { value } => {
                n = self.node("MatchValue");
                n.field(self, "value");
                self.expr(value);
            }
            PatternKind::MatchSingleton { value } => {
                n = self.node("MatchSingleton");
                n.field(self, "value");
                repr_constant(&mut self.out, value);
            }
            PatternKind::MatchSequence { patterns } => {
                n = self.node("MatchSequence");
                self.patterns(&mut n, "patterns", patterns);
            }
            PatternKind::MatchMapping { keys, patterns, rest } => {
                n = self.node("MatchMapping");
                n.exprs(self, "keys", keys);
                self.patterns(&mut n, "patterns", patterns);
                n.opt_ident(self, "rest", rest);
            }
            PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => {
                n = self.node("MatchClass");
                n.field(self, "cls");
                self.expr(cls);
                self.patterns(&mut n, "patterns", patterns);
                n.idents(self, "kwd_attrs", kwd_attrs);
                self.patterns(&mut n, "kwd_patterns", kwd_patterns);
            }
            PatternKind::MatchStar { name } => {
                n = self.node("MatchStar");
                n.opt_ident(self, "name", name);
            }
            PatternKind::MatchAs { pattern, name } => {
                n = self.node("MatchAs");
                if let Some(p) = pattern {
                    n.field(self, "pattern");
                    self.pattern(p);
                }
                n.opt_ident(self, "name", name);
            }
            PatternKind::MatchOr { patterns } => {
                n = self.node("MatchOr");
                self.patterns(&mut n, "patterns", patterns);
            }
        }
        n.loc(self, &p.loc);
        n.end(self);
    }

    fn patterns(&mut self, n: &mut NodeWriter, name: &str, v: &[Pattern]) {
        if !v.is_empty() {
            n.field(self, name);
            self.list(v, Dumper::pattern);
        }
    }
}

/// `repr()` of a constant value.
pub fn repr_constant(out: &mut String, c: &Constant) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::Bool(true) => out.push_str("True"),
        Constant::Bool(false) => out.push_str("False"),
        Constant::Ellipsis => out.push_str("Ellipsis"),
        Constant::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Constant::Float(f) => repr_float(out, *f, true),
        Constant::Complex { real, imag } => repr_complex(out, *real, *imag),
        Constant::Str(s) => repr_str(out, s),
        Constant::Bytes(b) => repr_bytes(out, b),
        Constant::Tuple(items) => {
            out.push('(');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_constant(out, x);
            }
            out.push_str(if items.len() == 1 { ",)" } else { ")" });
        }
        Constant::FrozenSet(items) if items.is_empty() => out.push_str("frozenset()"),
        Constant::FrozenSet(items) => {
            out.push_str("frozenset({");
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_constant(out, x);
            }
            out.push_str("})");
        }
    }
}

/// `unicode_repr` (Objects/unicodeobject.c) for UTF-8 text.
fn repr_str_slice(out: &mut String, s: &str) {
    repr_code_points(out, s.chars().map(|c| c as u32), s.contains('\''), s.contains('"'));
}

/// `unicode_repr` (Objects/unicodeobject.c): single quotes unless the text
/// has a `'` and no `"`; escapes `\\`, the quote, `\t \n \r`, other
/// non-printable code points as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub fn repr_str(out: &mut String, s: &PyStr) {
    let has_single = s.as_bytes().contains(&b'\'');
    let has_double = s.as_bytes().contains(&b'"');
    repr_code_points(out, s.code_points(), has_single, has_double);
}

fn repr_code_points(out: &mut String, cps: impl Iterator<Item = u32>, has_single: bool, has_double: bool) {
    let quote = if has_single && !has_double { '"' } else { '\'' };
    out.push(quote);
    for cp in cps {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            _ if cp == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(cp as u8 as char),
            0..=0x7F => {
                let _ = write!(out, "\\x{cp:02x}");
            }
            _ if is_printable(cp) => out.push(char::from_u32(cp).unwrap_or('\u{FFFD}')),
            0x80..=0xFF => {
                let _ = write!(out, "\\x{cp:02x}");
            }
            0x100..=0xFFFF => {
                let _ = write!(out, "\\u{cp:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{cp:08x}");
            }
        }
    }
    out.push(quote);
}

/// `bytes_repr` (Objects/bytesobject.c).
pub fn repr_bytes(out: &mut String, b: &[u8]) {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    out.push('b');
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(c as char),
            _ => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote);
}

/// `float_repr` (Objects/floatobject.c): `PyOS_double_to_string(x, 'r', 0,
/// Py_DTSF_ADD_DOT_0)`: the shortest digits that round-trip, in positional
/// notation when the decimal exponent is in `-4 <= exp < 16`, otherwise as
/// `d.ddde+XX` with at least two exponent digits. `add_dot_0` appends `.0`
/// to integral positional output (complex parts omit it).
pub fn repr_float(out: &mut String, x: f64, add_dot_0: bool) {
    if x.is_nan() {
        out.push_str("nan");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "inf" } else { "-inf" });
        return;
    }
    // Rust's `{:e}` gives the shortest round-trip digits as d.ddde<exp>.
    let sci = format!("{:e}", x.abs());
    let (mant, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp: i32 = exp.parse().expect("decimal exponent");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    if x.is_sign_negative() {
        out.push('-');
    }
    // decpt: position of the decimal point relative to the digit string.
    let decpt = exp + 1;
    if (-3..=16).contains(&decpt) {
        let nd = digits.len() as i32;
        if decpt <= 0 {
            out.push_str("0.");
            for _ in 0..-decpt {
                out.push('0');
            }
            out.push_str(&digits);
        } else if decpt >= nd {
            out.push_str(&digits);
            for _ in 0..decpt - nd {
                out.push('0');
            }
            if add_dot_0 {
                out.push_str(".0");
            }
        } else {
            out.push_str(&digits[..decpt as usize]);
            out.push('.');
            out.push_str(&digits[decpt as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// `complex_repr` (Objects/complexobject.c): `<imag>j` when the real part
/// is +0.0, otherwise `(<real><sign><imag>j)`; parts use repr digits
/// without the `.0` suffix.
pub fn repr_complex(out: &mut String, real: f64, imag: f64) {
    if real == 0.0 && real.is_sign_positive() {
        repr_float(out, imag, false);
        out.push('j');
    } else {
        out.push('(');
        repr_float(out, real, false);
        if imag.is_nan() || !imag.is_sign_negative() {
            out.push('+');
        }
        repr_float(out, imag, false);
        out.push_str("j)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> String {
        let mut s = String::new();
        repr_float(&mut s, x, true);
        s
    }

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(f(1e16), "1e+16");
        assert_eq!(f(1e15), "1000000000000000.0");
        assert_eq!(f(1.5e-5), "1.5e-05");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(1.5e300), "1.5e+300");
        assert_eq!(f(123456789012345678.0), "1.2345678901234568e+17");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(f64::INFINITY), "inf");
        assert_eq!(f(2.5), "2.5");
    }

    #[test]
    fn complex_and_str_and_bytes_repr() {
        let mut s = String::new();
        repr_complex(&mut s, 0.0, 2.0);
        assert_eq!(s, "2j");
        s.clear();
        repr_complex(&mut s, 0.0, 1e16);
        assert_eq!(s, "1e+16j");
        s.clear();
        repr_str(&mut s, &PyStr::from("it's \"x\"\n\u{7f}é\u{200b}"));
        assert_eq!(s, "'it\\'s \"x\"\\n\\x7fé\\u200b'");
        s.clear();
        repr_bytes(&mut s, b"a'\x00\xff");
        assert_eq!(s, "b\"a'\\x00\\xff\"");
    }
}
