//! Shared by the ast_* tests: reads the text of
//! `ast.dump(tree, include_attributes=True)` (as written by
//! tests/data/ast/gen_ast_corpus.py) back into rupy's AST nodes, and loads
//! the tab-separated corpus files.

use num_bigint::BigInt;
use rupy::ast::*;

/// A parsed dump value before it is turned into nodes.
#[derive(Clone, Debug)]
pub enum V {
    Node(String, Vec<(String, V)>),
    List(Vec<V>),
    Const(Constant),
}

/// The rows of a corpus file: its non-comment lines split on tabs.
pub fn load_rows(name: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/data/ast/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

impl P<'_> {
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }
    fn eat(&mut self, c: u8) {
        assert_eq!(
            self.peek() as char,
            c as char,
            "at {} in {}",
            self.i,
            String::from_utf8_lossy(self.s)
        );
        self.i += 1;
    }
    fn skip_ws(&mut self) {
        while self.peek() == b' ' {
            self.i += 1;
        }
    }
    fn word(&mut self) -> String {
        let start = self.i;
        while self.peek().is_ascii_alphanumeric() || self.peek() == b'_' {
            self.i += 1;
        }
        String::from_utf8(self.s[start..self.i].to_vec()).unwrap()
    }
    fn value(&mut self) -> V {
        self.skip_ws();
        match self.peek() {
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek() == b']' {
                        self.i += 1;
                        return V::List(items);
                    }
                    items.push(self.value());
                    self.skip_ws();
                    if self.peek() == b',' {
                        self.i += 1;
                    }
                }
            }
            b'\'' | b'"' => V::Const(Constant::Str(self.string())),
            b'b' if matches!(self.s.get(self.i + 1), Some(b'\'' | b'"')) => {
                self.i += 1;
                let s = self.string();
                V::Const(Constant::Bytes(s.code_points().map(|c| c as u8).collect()))
            }
            b'(' => V::Const(self.paren_complex()),
            c if c == b'-' || c.is_ascii_digit() => V::Const(self.number()),
            _ => {
                let w = self.word();
                match w.as_str() {
                    "None" => V::Const(Constant::None),
                    "True" => V::Const(Constant::Bool(true)),
                    "False" => V::Const(Constant::Bool(false)),
                    "Ellipsis" => V::Const(Constant::Ellipsis),
                    "inf" | "nan" | "infj" | "nanj" => {
                        self.i -= w.len();
                        V::Const(self.number())
                    }
                    _ => {
                        self.eat(b'(');
                        let mut fields = Vec::new();
                        loop {
                            self.skip_ws();
                            if self.peek() == b')' {
                                self.i += 1;
                                return V::Node(w, fields);
                            }
                            let name = self.word();
                            self.eat(b'=');
                            fields.push((name, self.value()));
                            self.skip_ws();
                            if self.peek() == b',' {
                                self.i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    /// A Python repr of a str (also used for the body of bytes).
    fn string(&mut self) -> PyStr {
        let q = self.peek();
        self.i += 1;
        let mut out = PyStr::new();
        loop {
            let c = self.peek();
            if c == q {
                self.i += 1;
                return out;
            }
            if c == b'\\' {
                let e = self.s[self.i + 1];
                self.i += 2;
                let hex = |p: &mut Self, n: usize| {
                    let h = std::str::from_utf8(&p.s[p.i..p.i + n]).unwrap();
                    p.i += n;
                    u32::from_str_radix(h, 16).unwrap()
                };
                let cp = match e {
                    b'n' => 10,
                    b't' => 9,
                    b'r' => 13,
                    b'x' => hex(self, 2),
                    b'u' => hex(self, 4),
                    b'U' => hex(self, 8),
                    other => other as u32,
                };
                out.push_code_point(cp);
            } else {
                let rest = std::str::from_utf8(&self.s[self.i..]).unwrap();
                let ch = rest.chars().next().unwrap();
                out.push_code_point(ch as u32);
                self.i += ch.len_utf8();
            }
        }
    }
    fn float_token(&mut self) -> String {
        let start = self.i;
        if self.peek() == b'-' {
            self.i += 1;
        }
        loop {
            let c = self.peek();
            let prev = if self.i > start {
                self.s[self.i - 1]
            } else {
                0
            };
            if c.is_ascii_alphanumeric() && c != b'j'
                || c == b'.'
                || (c == b'+' || c == b'-') && prev == b'e'
            {
                self.i += 1;
            } else {
                break;
            }
        }
        String::from_utf8(self.s[start..self.i].to_vec()).unwrap()
    }
    fn number(&mut self) -> Constant {
        let t = self.float_token();
        if self.peek() == b'j' {
            self.i += 1;
            return Constant::Complex {
                real: 0.0,
                imag: parse_f64(&t),
            };
        }
        if t.contains(['.', 'e', 'n']) {
            Constant::Float(parse_f64(&t))
        } else {
            Constant::Int(t.parse::<BigInt>().unwrap())
        }
    }
    fn paren_complex(&mut self) -> Constant {
        self.eat(b'(');
        let real = parse_f64(&self.float_token());
        let neg = self.peek() == b'-';
        self.i += 1;
        let mut imag = parse_f64(&self.float_token());
        if neg {
            imag = -imag;
        }
        self.eat(b'j');
        self.eat(b')');
        Constant::Complex { real, imag }
    }
}

fn parse_f64(t: &str) -> f64 {
    match t {
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        "nan" | "-nan" => f64::NAN,
        _ => t.parse().unwrap_or_else(|_| panic!("bad float {t:?}")),
    }
}

/// Parses one dump.
pub fn parse_dump(text: &str) -> V {
    let mut p = P {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value();
    assert_eq!(p.i, text.len(), "trailing text in dump");
    v
}

struct Fields<'a> {
    name: &'a str,
    f: &'a [(String, V)],
}

impl<'a> Fields<'a> {
    fn get(&self, k: &str) -> Option<&'a V> {
        self.f.iter().find(|(n, _)| n == k).map(|(_, v)| v)
    }
    fn req(&self, k: &str) -> &'a V {
        self.get(k)
            .unwrap_or_else(|| panic!("{} without {k}", self.name))
    }
    fn list(&self, k: &str) -> &'a [V] {
        match self.get(k) {
            None => &[],
            Some(V::List(l)) => l,
            Some(other) => panic!("{k} is not a list: {other:?}"),
        }
    }
    fn int(&self, k: &str) -> i32 {
        match self.get(k) {
            None => 0,
            Some(V::Const(Constant::Int(i))) => i.try_into().unwrap(),
            Some(other) => panic!("{k} is not an int: {other:?}"),
        }
    }
    fn ident(&self, k: &str) -> Identifier {
        ident(self.req(k))
    }
    fn opt_ident(&self, k: &str) -> Option<Identifier> {
        match self.get(k) {
            None | Some(V::Const(Constant::None)) => None,
            Some(v) => Some(ident(v)),
        }
    }
    fn loc(&self) -> Location {
        Location {
            lineno: self.int("lineno"),
            col_offset: self.int("col_offset"),
            end_lineno: self.int("end_lineno"),
            end_col_offset: self.int("end_col_offset"),
        }
    }
    fn expr(&self, k: &str) -> Box<Expr> {
        Box::new(expr(self.req(k)))
    }
    fn opt_expr(&self, k: &str) -> Option<Box<Expr>> {
        match self.get(k) {
            None | Some(V::Const(Constant::None)) => None,
            Some(v) => Some(Box::new(expr(v))),
        }
    }
    fn exprs(&self, k: &str) -> Vec<Expr> {
        self.list(k).iter().map(expr).collect()
    }
    fn opt_exprs(&self, k: &str) -> Vec<Option<Expr>> {
        self.list(k)
            .iter()
            .map(|v| match v {
                V::Const(Constant::None) => None,
                v => Some(expr(v)),
            })
            .collect()
    }
    fn stmts(&self, k: &str) -> Vec<Stmt> {
        self.list(k).iter().map(stmt).collect()
    }
    fn ctx(&self) -> ExprContext {
        match node(self.req("ctx")).0 {
            "Load" => ExprContext::Load,
            "Store" => ExprContext::Store,
            "Del" => ExprContext::Del,
            other => panic!("ctx {other}"),
        }
    }
    fn type_params(&self) -> Vec<TypeParam> {
        self.list("type_params").iter().map(type_param).collect()
    }
    fn type_comment(&self) -> Option<Box<str>> {
        self.opt_ident("type_comment")
    }
    fn patterns(&self, k: &str) -> Vec<Pattern> {
        self.list(k).iter().map(pattern).collect()
    }
}

fn node(v: &V) -> (&str, Fields<'_>) {
    match v {
        V::Node(n, f) => (n.as_str(), Fields { name: n, f }),
        other => panic!("expected a node, got {other:?}"),
    }
}

fn ident(v: &V) -> Identifier {
    match v {
        V::Const(Constant::Str(s)) => s.as_str().expect("identifier").into(),
        other => panic!("expected an identifier, got {other:?}"),
    }
}

fn operator(v: &V) -> Operator {
    match node(v).0 {
        "Add" => Operator::Add,
        "Sub" => Operator::Sub,
        "Mult" => Operator::Mult,
        "MatMult" => Operator::MatMult,
        "Div" => Operator::Div,
        "Mod" => Operator::Mod,
        "Pow" => Operator::Pow,
        "LShift" => Operator::LShift,
        "RShift" => Operator::RShift,
        "BitOr" => Operator::BitOr,
        "BitXor" => Operator::BitXor,
        "BitAnd" => Operator::BitAnd,
        "FloorDiv" => Operator::FloorDiv,
        o => panic!("operator {o}"),
    }
}

fn cmpop(v: &V) -> CmpOp {
    match node(v).0 {
        "Eq" => CmpOp::Eq,
        "NotEq" => CmpOp::NotEq,
        "Lt" => CmpOp::Lt,
        "LtE" => CmpOp::LtE,
        "Gt" => CmpOp::Gt,
        "GtE" => CmpOp::GtE,
        "Is" => CmpOp::Is,
        "IsNot" => CmpOp::IsNot,
        "In" => CmpOp::In,
        "NotIn" => CmpOp::NotIn,
        o => panic!("cmpop {o}"),
    }
}

fn constant(v: &V) -> Constant {
    match v {
        V::Const(c) => c.clone(),
        other => panic!("expected a constant, got {other:?}"),
    }
}

fn comprehensions(f: &Fields) -> Vec<Comprehension> {
    f.list("generators")
        .iter()
        .map(|g| {
            let (_, g) = node(g);
            Comprehension {
                target: *g.expr("target"),
                iter: *g.expr("iter"),
                ifs: g.exprs("ifs"),
                is_async: g.int("is_async") != 0,
            }
        })
        .collect()
}

fn arg(v: &V) -> Arg {
    let (_, f) = node(v);
    Arg {
        arg: f.ident("arg"),
        annotation: f.opt_expr("annotation"),
        type_comment: f.type_comment(),
        loc: f.loc(),
    }
}

fn arguments(v: &V) -> Box<Arguments> {
    let (_, f) = node(v);
    let opt_arg = |k: &str| match f.get(k) {
        None | Some(V::Const(Constant::None)) => None,
        Some(v) => Some(Box::new(arg(v))),
    };
    Box::new(Arguments {
        posonlyargs: f.list("posonlyargs").iter().map(arg).collect(),
        args: f.list("args").iter().map(arg).collect(),
        vararg: opt_arg("vararg"),
        kwonlyargs: f.list("kwonlyargs").iter().map(arg).collect(),
        kw_defaults: f.opt_exprs("kw_defaults"),
        kwarg: opt_arg("kwarg"),
        defaults: f.exprs("defaults"),
    })
}

fn keywords(f: &Fields) -> Vec<Keyword> {
    f.list("keywords")
        .iter()
        .map(|k| {
            let (_, k) = node(k);
            Keyword {
                arg: k.opt_ident("arg"),
                value: *k.expr("value"),
                loc: k.loc(),
            }
        })
        .collect()
}

/// Converts a dumped `expr`.
pub fn expr(v: &V) -> Expr {
    let (name, f) = node(v);
    let kind = match name {
        "BoolOp" => ExprKind::BoolOp {
            op: if node(f.req("op")).0 == "And" {
                BoolOp::And
            } else {
                BoolOp::Or
            },
            values: f.exprs("values"),
        },
        "NamedExpr" => ExprKind::NamedExpr {
            target: f.expr("target"),
            value: f.expr("value"),
        },
        "BinOp" => ExprKind::BinOp {
            left: f.expr("left"),
            op: operator(f.req("op")),
            right: f.expr("right"),
        },
        "UnaryOp" => ExprKind::UnaryOp {
            op: match node(f.req("op")).0 {
                "Invert" => UnaryOp::Invert,
                "Not" => UnaryOp::Not,
                "UAdd" => UnaryOp::UAdd,
                _ => UnaryOp::USub,
            },
            operand: f.expr("operand"),
        },
        "Lambda" => ExprKind::Lambda {
            args: arguments(f.req("args")),
            body: f.expr("body"),
        },
        "IfExp" => ExprKind::IfExp {
            test: f.expr("test"),
            body: f.expr("body"),
            orelse: f.expr("orelse"),
        },
        "Dict" => ExprKind::Dict {
            keys: f.opt_exprs("keys"),
            values: f.exprs("values"),
        },
        "Set" => ExprKind::Set {
            elts: f.exprs("elts"),
        },
        "ListComp" => ExprKind::ListComp {
            elt: f.expr("elt"),
            generators: comprehensions(&f),
        },
        "SetComp" => ExprKind::SetComp {
            elt: f.expr("elt"),
            generators: comprehensions(&f),
        },
        "GeneratorExp" => ExprKind::GeneratorExp {
            elt: f.expr("elt"),
            generators: comprehensions(&f),
        },
        "DictComp" => ExprKind::DictComp {
            key: f.expr("key"),
            value: f.expr("value"),
            generators: comprehensions(&f),
        },
        "Await" => ExprKind::Await {
            value: f.expr("value"),
        },
        "Yield" => ExprKind::Yield {
            value: f.opt_expr("value"),
        },
        "YieldFrom" => ExprKind::YieldFrom {
            value: f.expr("value"),
        },
        "Compare" => ExprKind::Compare {
            left: f.expr("left"),
            ops: f.list("ops").iter().map(cmpop).collect(),
            comparators: f.exprs("comparators"),
        },
        "Call" => ExprKind::Call {
            func: f.expr("func"),
            args: f.exprs("args"),
            keywords: keywords(&f),
        },
        "FormattedValue" => ExprKind::FormattedValue {
            value: f.expr("value"),
            conversion: f.int("conversion"),
            format_spec: f.opt_expr("format_spec"),
        },
        "Interpolation" => ExprKind::Interpolation {
            value: f.expr("value"),
            str: Box::new(constant(f.req("str"))),
            conversion: f.int("conversion"),
            format_spec: f.opt_expr("format_spec"),
        },
        "JoinedStr" => ExprKind::JoinedStr {
            values: f.exprs("values"),
        },
        "TemplateStr" => ExprKind::TemplateStr {
            values: f.exprs("values"),
        },
        "Constant" => ExprKind::Constant {
            value: Box::new(constant(f.req("value"))),
            kind: f.opt_ident("kind"),
        },
        "Attribute" => ExprKind::Attribute {
            value: f.expr("value"),
            attr: f.ident("attr"),
            ctx: f.ctx(),
        },
        "Subscript" => ExprKind::Subscript {
            value: f.expr("value"),
            slice: f.expr("slice"),
            ctx: f.ctx(),
        },
        "Starred" => ExprKind::Starred {
            value: f.expr("value"),
            ctx: f.ctx(),
        },
        "Name" => ExprKind::Name {
            id: f.ident("id"),
            ctx: f.ctx(),
        },
        "List" => ExprKind::List {
            elts: f.exprs("elts"),
            ctx: f.ctx(),
        },
        "Tuple" => ExprKind::Tuple {
            elts: f.exprs("elts"),
            ctx: f.ctx(),
        },
        "Slice" => ExprKind::Slice {
            lower: f.opt_expr("lower"),
            upper: f.opt_expr("upper"),
            step: f.opt_expr("step"),
        },
        other => panic!("unknown expr {other}"),
    };
    Expr::new(kind, f.loc())
}

fn type_param(v: &V) -> TypeParam {
    let (name, f) = node(v);
    let kind = match name {
        "TypeVar" => TypeParamKind::TypeVar {
            name: f.ident("name"),
            bound: f.opt_expr("bound"),
            default_value: f.opt_expr("default_value"),
        },
        "ParamSpec" => TypeParamKind::ParamSpec {
            name: f.ident("name"),
            default_value: f.opt_expr("default_value"),
        },
        "TypeVarTuple" => TypeParamKind::TypeVarTuple {
            name: f.ident("name"),
            default_value: f.opt_expr("default_value"),
        },
        other => panic!("unknown type_param {other}"),
    };
    TypeParam { kind, loc: f.loc() }
}

fn pattern(v: &V) -> Pattern {
    let (name, f) = node(v);
    let kind = match name {
        "MatchValue" => PatternKind::MatchValue {
            value: f.expr("value"),
        },
        "MatchSingleton" => PatternKind::MatchSingleton {
            value: constant(f.req("value")),
        },
        "MatchSequence" => PatternKind::MatchSequence {
            patterns: f.patterns("patterns"),
        },
        "MatchMapping" => PatternKind::MatchMapping {
            keys: f.exprs("keys"),
            patterns: f.patterns("patterns"),
            rest: f.opt_ident("rest"),
        },
        "MatchClass" => PatternKind::MatchClass {
            cls: f.expr("cls"),
            patterns: f.patterns("patterns"),
            kwd_attrs: f.list("kwd_attrs").iter().map(ident).collect(),
            kwd_patterns: f.patterns("kwd_patterns"),
        },
        "MatchStar" => PatternKind::MatchStar {
            name: f.opt_ident("name"),
        },
        "MatchAs" => PatternKind::MatchAs {
            pattern: f.get("pattern").map(|p| Box::new(pattern(p))),
            name: f.opt_ident("name"),
        },
        "MatchOr" => PatternKind::MatchOr {
            patterns: f.patterns("patterns"),
        },
        other => panic!("unknown pattern {other}"),
    };
    Pattern { kind, loc: f.loc() }
}

fn function_def(f: &Fields) -> Box<FunctionDef> {
    Box::new(FunctionDef {
        name: f.ident("name"),
        args: arguments(f.req("args")),
        body: f.stmts("body"),
        decorator_list: f.exprs("decorator_list"),
        returns: f.opt_expr("returns"),
        type_comment: f.type_comment(),
        type_params: f.type_params(),
    })
}

fn for_(f: &Fields) -> Box<For> {
    Box::new(For {
        target: *f.expr("target"),
        iter: *f.expr("iter"),
        body: f.stmts("body"),
        orelse: f.stmts("orelse"),
        type_comment: f.type_comment(),
    })
}

fn try_(f: &Fields) -> Box<Try> {
    Box::new(Try {
        body: f.stmts("body"),
        handlers: f
            .list("handlers")
            .iter()
            .map(|h| {
                let (_, h) = node(h);
                ExceptHandler {
                    type_: h.opt_expr("type"),
                    name: h.opt_ident("name"),
                    body: h.stmts("body"),
                    loc: h.loc(),
                }
            })
            .collect(),
        orelse: f.stmts("orelse"),
        finalbody: f.stmts("finalbody"),
    })
}

fn with_items(f: &Fields) -> Vec<WithItem> {
    f.list("items")
        .iter()
        .map(|i| {
            let (_, i) = node(i);
            WithItem {
                context_expr: *i.expr("context_expr"),
                optional_vars: i.opt_expr("optional_vars"),
            }
        })
        .collect()
}

fn aliases(f: &Fields) -> Vec<Alias> {
    f.list("names")
        .iter()
        .map(|a| {
            let (_, a) = node(a);
            Alias {
                name: a.ident("name"),
                asname: a.opt_ident("asname"),
                loc: a.loc(),
            }
        })
        .collect()
}

/// Converts a dumped `stmt`.
pub fn stmt(v: &V) -> Stmt {
    let (name, f) = node(v);
    let kind = match name {
        "FunctionDef" => StmtKind::FunctionDef(function_def(&f)),
        "AsyncFunctionDef" => StmtKind::AsyncFunctionDef(function_def(&f)),
        "ClassDef" => StmtKind::ClassDef(Box::new(ClassDef {
            name: f.ident("name"),
            bases: f.exprs("bases"),
            keywords: keywords(&f),
            body: f.stmts("body"),
            decorator_list: f.exprs("decorator_list"),
            type_params: f.type_params(),
        })),
        "Return" => StmtKind::Return {
            value: f.opt_expr("value"),
        },
        "Delete" => StmtKind::Delete {
            targets: f.exprs("targets"),
        },
        "Assign" => StmtKind::Assign {
            targets: f.exprs("targets"),
            value: f.expr("value"),
            type_comment: f.type_comment(),
        },
        "TypeAlias" => StmtKind::TypeAlias {
            name: f.expr("name"),
            type_params: f.type_params(),
            value: f.expr("value"),
        },
        "AugAssign" => StmtKind::AugAssign {
            target: f.expr("target"),
            op: operator(f.req("op")),
            value: f.expr("value"),
        },
        "AnnAssign" => StmtKind::AnnAssign {
            target: f.expr("target"),
            annotation: f.expr("annotation"),
            value: f.opt_expr("value"),
            simple: f.int("simple") != 0,
        },
        "For" => StmtKind::For(for_(&f)),
        "AsyncFor" => StmtKind::AsyncFor(for_(&f)),
        "While" => StmtKind::While {
            test: f.expr("test"),
            body: f.stmts("body"),
            orelse: f.stmts("orelse"),
        },
        "If" => StmtKind::If {
            test: f.expr("test"),
            body: f.stmts("body"),
            orelse: f.stmts("orelse"),
        },
        "With" => StmtKind::With {
            items: with_items(&f),
            body: f.stmts("body"),
            type_comment: f.type_comment(),
        },
        "AsyncWith" => StmtKind::AsyncWith {
            items: with_items(&f),
            body: f.stmts("body"),
            type_comment: f.type_comment(),
        },
        "Match" => StmtKind::Match {
            subject: f.expr("subject"),
            cases: f
                .list("cases")
                .iter()
                .map(|c| {
                    let (_, c) = node(c);
                    MatchCase {
                        pattern: pattern(c.req("pattern")),
                        guard: c.opt_expr("guard"),
                        body: c.stmts("body"),
                    }
                })
                .collect(),
        },
        "Raise" => StmtKind::Raise {
            exc: f.opt_expr("exc"),
            cause: f.opt_expr("cause"),
        },
        "Try" => StmtKind::Try(try_(&f)),
        "TryStar" => StmtKind::TryStar(try_(&f)),
        "Assert" => StmtKind::Assert {
            test: f.expr("test"),
            msg: f.opt_expr("msg"),
        },
        "Import" => StmtKind::Import { names: aliases(&f) },
        "ImportFrom" => StmtKind::ImportFrom {
            module: f.opt_ident("module"),
            names: aliases(&f),
            level: f.int("level"),
        },
        "Global" => StmtKind::Global {
            names: f.list("names").iter().map(ident).collect(),
        },
        "Nonlocal" => StmtKind::Nonlocal {
            names: f.list("names").iter().map(ident).collect(),
        },
        "Expr" => StmtKind::Expr {
            value: f.expr("value"),
        },
        "Pass" => StmtKind::Pass,
        "Break" => StmtKind::Break,
        "Continue" => StmtKind::Continue,
        other => panic!("unknown stmt {other}"),
    };
    Stmt::new(kind, f.loc())
}

/// Converts a dumped `Module`.
pub fn module(v: &V) -> Module {
    let (name, f) = node(v);
    assert_eq!(name, "Module");
    Module {
        body: f.stmts("body"),
        type_ignores: Vec::new(),
    }
}
