//! Shared helpers of the symbol-table tests: reading the S-expression ASTs
//! written by `tests/data/symtable/gen.py` and dumping a rupy symbol table
//! in the generator's format.

#![allow(dead_code)]

use num_bigint::BigInt;
use rupy::ast::*;
use rupy::symtable::{SymbolTable, SymtableEntry, SymtableError};

/// A parsed S-expression.
#[derive(Debug)]
pub enum Sx {
    Node(String, Vec<Sx>),
    List(Vec<Sx>),
    Str(String),
    Int(i64),
    Nil,
}

/// Reads one S-expression from `text`.
pub fn parse_sx(text: &str) -> Sx {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let sx = read(&chars, &mut pos);
    skip_ws(&chars, &mut pos);
    assert_eq!(pos, chars.len(), "trailing text in S-expression");
    sx
}

fn skip_ws(c: &[char], pos: &mut usize) {
    while *pos < c.len() && c[*pos].is_whitespace() {
        *pos += 1;
    }
}

fn read(c: &[char], pos: &mut usize) -> Sx {
    skip_ws(c, pos);
    match c[*pos] {
        '(' => {
            *pos += 1;
            let start = *pos;
            while !c[*pos].is_whitespace() && c[*pos] != ')' {
                *pos += 1;
            }
            let name: String = c[start..*pos].iter().collect();
            let mut items = Vec::new();
            loop {
                skip_ws(c, pos);
                if c[*pos] == ')' {
                    *pos += 1;
                    return Sx::Node(name, items);
                }
                items.push(read(c, pos));
            }
        }
        '[' => {
            *pos += 1;
            let mut items = Vec::new();
            loop {
                skip_ws(c, pos);
                if c[*pos] == ']' {
                    *pos += 1;
                    return Sx::List(items);
                }
                items.push(read(c, pos));
            }
        }
        '~' => {
            *pos += 1;
            Sx::Nil
        }
        '"' => {
            *pos += 1;
            let mut s = String::new();
            loop {
                let ch = c[*pos];
                *pos += 1;
                match ch {
                    '"' => return Sx::Str(s),
                    '\\' => {
                        let e = c[*pos];
                        *pos += 1;
                        match e {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'r' => s.push('\r'),
                            'b' => s.push('\u{8}'),
                            'f' => s.push('\u{c}'),
                            'u' => {
                                let hex = |at: usize| {
                                    u32::from_str_radix(
                                        &c[at..at + 4].iter().collect::<String>(),
                                        16,
                                    )
                                    .unwrap()
                                };
                                let mut cp = hex(*pos);
                                *pos += 4;
                                // JSON writes astral characters as surrogate pairs.
                                if (0xD800..0xDC00).contains(&cp)
                                    && c.get(*pos..*pos + 2) == Some(&['\\', 'u'])
                                {
                                    let low = hex(*pos + 2);
                                    if (0xDC00..0xE000).contains(&low) {
                                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                                        *pos += 6;
                                    }
                                }
                                s.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                            }
                            other => s.push(other),
                        }
                    }
                    other => s.push(other),
                }
            }
        }
        _ => {
            let start = *pos;
            while *pos < c.len() && !c[*pos].is_whitespace() && c[*pos] != ')' && c[*pos] != ']' {
                *pos += 1;
            }
            let tok: String = c[start..*pos].iter().collect();
            Sx::Int(tok.parse().unwrap_or_else(|_| panic!("bad token {tok:?}")))
        }
    }
}

fn fields(sx: &Sx) -> (&str, &[Sx]) {
    match sx {
        Sx::Node(n, f) => (n, f),
        other => panic!("expected a node, got {other:?}"),
    }
}

fn list(sx: &Sx) -> &[Sx] {
    match sx {
        Sx::List(v) => v,
        other => panic!("expected a list, got {other:?}"),
    }
}

fn ident(sx: &Sx) -> Identifier {
    match sx {
        Sx::Str(s) => s.as_str().into(),
        other => panic!("expected a string, got {other:?}"),
    }
}

fn opt_ident(sx: &Sx) -> Option<Identifier> {
    match sx {
        Sx::Nil => None,
        other => Some(ident(other)),
    }
}

fn int(sx: &Sx) -> i64 {
    match sx {
        Sx::Int(i) => *i,
        other => panic!("expected an int, got {other:?}"),
    }
}

/// The location in the last four fields of a node.
fn loc(f: &[Sx]) -> Location {
    let n = f.len();
    Location {
        lineno: int(&f[n - 4]) as i32,
        col_offset: int(&f[n - 3]) as i32,
        end_lineno: int(&f[n - 2]) as i32,
        end_col_offset: int(&f[n - 1]) as i32,
    }
}

fn constant(sx: &Sx) -> Constant {
    match fields(sx) {
        ("Str", [Sx::Str(s)]) => Constant::Str(PyStr::from(s.as_str())),
        ("Other", []) => Constant::Int(BigInt::from(0)),
        other => panic!("bad constant {other:?}"),
    }
}

fn ctx(sx: &Sx) -> ExprContext {
    match fields(sx).0 {
        "Load" => ExprContext::Load,
        "Store" => ExprContext::Store,
        "Del" => ExprContext::Del,
        other => panic!("bad context {other}"),
    }
}

fn operator(sx: &Sx) -> Operator {
    match fields(sx).0 {
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
        other => panic!("bad operator {other}"),
    }
}

fn cmpop(sx: &Sx) -> CmpOp {
    match fields(sx).0 {
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
        other => panic!("bad cmpop {other}"),
    }
}

fn exprs(sx: &Sx) -> Vec<Expr> {
    list(sx).iter().map(expr).collect()
}

fn opt_exprs(sx: &Sx) -> Vec<Option<Expr>> {
    list(sx).iter().map(opt_expr).collect()
}

fn opt_expr(sx: &Sx) -> Option<Expr> {
    match sx {
        Sx::Nil => None,
        other => Some(expr(other)),
    }
}

fn bexpr(sx: &Sx) -> Box<Expr> {
    Box::new(expr(sx))
}

fn opt_bexpr(sx: &Sx) -> Option<Box<Expr>> {
    opt_expr(sx).map(Box::new)
}

fn stmts(sx: &Sx) -> Vec<Stmt> {
    list(sx).iter().map(stmt).collect()
}

fn arg(sx: &Sx) -> Arg {
    let (_, f) = fields(sx);
    Arg {
        arg: ident(&f[0]),
        annotation: opt_bexpr(&f[1]),
        type_comment: None,
        loc: loc(f),
    }
}

fn arguments(sx: &Sx) -> Arguments {
    let (_, f) = fields(sx);
    let opt_arg = |s: &Sx| match s {
        Sx::Nil => None,
        other => Some(Box::new(arg(other))),
    };
    Arguments {
        posonlyargs: list(&f[0]).iter().map(arg).collect(),
        args: list(&f[1]).iter().map(arg).collect(),
        vararg: opt_arg(&f[2]),
        kwonlyargs: list(&f[3]).iter().map(arg).collect(),
        kw_defaults: opt_exprs(&f[4]),
        kwarg: opt_arg(&f[5]),
        defaults: exprs(&f[6]),
    }
}

fn keyword(sx: &Sx) -> Keyword {
    let (_, f) = fields(sx);
    Keyword {
        arg: opt_ident(&f[0]),
        value: expr(&f[1]),
        loc: loc(f),
    }
}

fn comprehension(sx: &Sx) -> Comprehension {
    let (_, f) = fields(sx);
    Comprehension {
        target: expr(&f[0]),
        iter: expr(&f[1]),
        ifs: exprs(&f[2]),
        is_async: int(&f[3]) != 0,
    }
}

fn comprehensions(sx: &Sx) -> Vec<Comprehension> {
    list(sx).iter().map(comprehension).collect()
}

fn type_param(sx: &Sx) -> TypeParam {
    let (name, f) = fields(sx);
    let kind = match name {
        "TypeVar" => TypeParamKind::TypeVar {
            name: ident(&f[0]),
            bound: opt_bexpr(&f[1]),
            default_value: opt_bexpr(&f[2]),
        },
        "ParamSpec" => TypeParamKind::ParamSpec {
            name: ident(&f[0]),
            default_value: opt_bexpr(&f[1]),
        },
        "TypeVarTuple" => TypeParamKind::TypeVarTuple {
            name: ident(&f[0]),
            default_value: opt_bexpr(&f[1]),
        },
        other => panic!("bad type param {other}"),
    };
    TypeParam { kind, loc: loc(f) }
}

fn type_params(sx: &Sx) -> Vec<TypeParam> {
    list(sx).iter().map(type_param).collect()
}

fn pattern(sx: &Sx) -> Pattern {
    let (name, f) = fields(sx);
    let patterns = |s: &Sx| list(s).iter().map(pattern).collect::<Vec<_>>();
    let kind = match name {
        "MatchValue" => PatternKind::MatchValue {
            value: bexpr(&f[0]),
        },
        "MatchSingleton" => PatternKind::MatchSingleton {
            value: Constant::None,
        },
        "MatchSequence" => PatternKind::MatchSequence {
            patterns: patterns(&f[0]),
        },
        "MatchMapping" => PatternKind::MatchMapping {
            keys: exprs(&f[0]),
            patterns: patterns(&f[1]),
            rest: opt_ident(&f[2]),
        },
        "MatchClass" => PatternKind::MatchClass {
            cls: bexpr(&f[0]),
            patterns: patterns(&f[1]),
            kwd_attrs: list(&f[2]).iter().map(ident).collect(),
            kwd_patterns: patterns(&f[3]),
        },
        "MatchStar" => PatternKind::MatchStar {
            name: opt_ident(&f[0]),
        },
        "MatchAs" => PatternKind::MatchAs {
            pattern: match &f[0] {
                Sx::Nil => None,
                p => Some(Box::new(pattern(p))),
            },
            name: opt_ident(&f[1]),
        },
        "MatchOr" => PatternKind::MatchOr {
            patterns: patterns(&f[0]),
        },
        other => panic!("bad pattern {other}"),
    };
    Pattern { kind, loc: loc(f) }
}

fn function_def(f: &[Sx]) -> Box<FunctionDef> {
    Box::new(FunctionDef {
        name: ident(&f[0]),
        args: Box::new(arguments(&f[1])),
        body: stmts(&f[2]),
        decorator_list: exprs(&f[3]),
        returns: opt_bexpr(&f[4]),
        type_comment: None,
        type_params: type_params(&f[6]),
    })
}

fn for_(f: &[Sx]) -> Box<For> {
    Box::new(For {
        target: expr(&f[0]),
        iter: expr(&f[1]),
        body: stmts(&f[2]),
        orelse: stmts(&f[3]),
        type_comment: None,
    })
}

fn try_(f: &[Sx]) -> Box<Try> {
    let handler = |s: &Sx| {
        let (_, h) = fields(s);
        ExceptHandler {
            type_: opt_bexpr(&h[0]),
            name: opt_ident(&h[1]),
            body: stmts(&h[2]),
            loc: loc(h),
        }
    };
    Box::new(Try {
        body: stmts(&f[0]),
        handlers: list(&f[1]).iter().map(handler).collect(),
        orelse: stmts(&f[2]),
        finalbody: stmts(&f[3]),
    })
}

fn withitems(sx: &Sx) -> Vec<WithItem> {
    list(sx)
        .iter()
        .map(|s| {
            let (_, f) = fields(s);
            WithItem {
                context_expr: expr(&f[0]),
                optional_vars: opt_bexpr(&f[1]),
            }
        })
        .collect()
}

fn aliases(sx: &Sx) -> Vec<Alias> {
    list(sx)
        .iter()
        .map(|s| {
            let (_, f) = fields(s);
            Alias {
                name: ident(&f[0]),
                asname: opt_ident(&f[1]),
                loc: loc(f),
            }
        })
        .collect()
}

/// An ASDL `stmt`.
pub fn stmt(sx: &Sx) -> Stmt {
    let (name, f) = fields(sx);
    let kind = match name {
        "FunctionDef" => StmtKind::FunctionDef(function_def(f)),
        "AsyncFunctionDef" => StmtKind::AsyncFunctionDef(function_def(f)),
        "ClassDef" => StmtKind::ClassDef(Box::new(ClassDef {
            name: ident(&f[0]),
            bases: exprs(&f[1]),
            keywords: list(&f[2]).iter().map(keyword).collect(),
            body: stmts(&f[3]),
            decorator_list: exprs(&f[4]),
            type_params: type_params(&f[5]),
        })),
        "Return" => StmtKind::Return {
            value: opt_bexpr(&f[0]),
        },
        "Delete" => StmtKind::Delete {
            targets: exprs(&f[0]),
        },
        "Assign" => StmtKind::Assign {
            targets: exprs(&f[0]),
            value: bexpr(&f[1]),
            type_comment: None,
        },
        "TypeAlias" => StmtKind::TypeAlias {
            name: bexpr(&f[0]),
            type_params: type_params(&f[1]),
            value: bexpr(&f[2]),
        },
        "AugAssign" => StmtKind::AugAssign {
            target: bexpr(&f[0]),
            op: operator(&f[1]),
            value: bexpr(&f[2]),
        },
        "AnnAssign" => StmtKind::AnnAssign {
            target: bexpr(&f[0]),
            annotation: bexpr(&f[1]),
            value: opt_bexpr(&f[2]),
            simple: int(&f[3]) != 0,
        },
        "For" => StmtKind::For(for_(f)),
        "AsyncFor" => StmtKind::AsyncFor(for_(f)),
        "While" => StmtKind::While {
            test: bexpr(&f[0]),
            body: stmts(&f[1]),
            orelse: stmts(&f[2]),
        },
        "If" => StmtKind::If {
            test: bexpr(&f[0]),
            body: stmts(&f[1]),
            orelse: stmts(&f[2]),
        },
        "With" => StmtKind::With {
            items: withitems(&f[0]),
            body: stmts(&f[1]),
            type_comment: None,
        },
        "AsyncWith" => StmtKind::AsyncWith {
            items: withitems(&f[0]),
            body: stmts(&f[1]),
            type_comment: None,
        },
        "Match" => StmtKind::Match {
            subject: bexpr(&f[0]),
            cases: list(&f[1])
                .iter()
                .map(|s| {
                    let (_, c) = fields(s);
                    MatchCase {
                        pattern: pattern(&c[0]),
                        guard: opt_bexpr(&c[1]),
                        body: stmts(&c[2]),
                    }
                })
                .collect(),
        },
        "Raise" => StmtKind::Raise {
            exc: opt_bexpr(&f[0]),
            cause: opt_bexpr(&f[1]),
        },
        "Try" => StmtKind::Try(try_(f)),
        "TryStar" => StmtKind::TryStar(try_(f)),
        "Assert" => StmtKind::Assert {
            test: bexpr(&f[0]),
            msg: opt_bexpr(&f[1]),
        },
        "Import" => StmtKind::Import {
            names: aliases(&f[0]),
        },
        "ImportFrom" => StmtKind::ImportFrom {
            module: opt_ident(&f[0]),
            names: aliases(&f[1]),
            level: int(&f[2]) as i32,
        },
        "Global" => StmtKind::Global {
            names: list(&f[0]).iter().map(ident).collect(),
        },
        "Nonlocal" => StmtKind::Nonlocal {
            names: list(&f[0]).iter().map(ident).collect(),
        },
        "Expr" => StmtKind::Expr {
            value: bexpr(&f[0]),
        },
        "Pass" => StmtKind::Pass,
        "Break" => StmtKind::Break,
        "Continue" => StmtKind::Continue,
        other => panic!("bad stmt {other}"),
    };
    Stmt { kind, loc: loc(f) }
}

/// An ASDL `expr`.
pub fn expr(sx: &Sx) -> Expr {
    let (name, f) = fields(sx);
    let kind = match name {
        "BoolOp" => ExprKind::BoolOp {
            op: if fields(&f[0]).0 == "And" {
                BoolOp::And
            } else {
                BoolOp::Or
            },
            values: exprs(&f[1]),
        },
        "NamedExpr" => ExprKind::NamedExpr {
            target: bexpr(&f[0]),
            value: bexpr(&f[1]),
        },
        "BinOp" => ExprKind::BinOp {
            left: bexpr(&f[0]),
            op: operator(&f[1]),
            right: bexpr(&f[2]),
        },
        "UnaryOp" => ExprKind::UnaryOp {
            op: match fields(&f[0]).0 {
                "Invert" => UnaryOp::Invert,
                "Not" => UnaryOp::Not,
                "UAdd" => UnaryOp::UAdd,
                _ => UnaryOp::USub,
            },
            operand: bexpr(&f[1]),
        },
        "Lambda" => ExprKind::Lambda {
            args: Box::new(arguments(&f[0])),
            body: bexpr(&f[1]),
        },
        "IfExp" => ExprKind::IfExp {
            test: bexpr(&f[0]),
            body: bexpr(&f[1]),
            orelse: bexpr(&f[2]),
        },
        "Dict" => ExprKind::Dict {
            keys: opt_exprs(&f[0]),
            values: exprs(&f[1]),
        },
        "Set" => ExprKind::Set { elts: exprs(&f[0]) },
        "ListComp" => ExprKind::ListComp {
            elt: bexpr(&f[0]),
            generators: comprehensions(&f[1]),
        },
        "SetComp" => ExprKind::SetComp {
            elt: bexpr(&f[0]),
            generators: comprehensions(&f[1]),
        },
        "DictComp" => ExprKind::DictComp {
            key: bexpr(&f[0]),
            value: bexpr(&f[1]),
            generators: comprehensions(&f[2]),
        },
        "GeneratorExp" => ExprKind::GeneratorExp {
            elt: bexpr(&f[0]),
            generators: comprehensions(&f[1]),
        },
        "Await" => ExprKind::Await {
            value: bexpr(&f[0]),
        },
        "Yield" => ExprKind::Yield {
            value: opt_bexpr(&f[0]),
        },
        "YieldFrom" => ExprKind::YieldFrom {
            value: bexpr(&f[0]),
        },
        "Compare" => ExprKind::Compare {
            left: bexpr(&f[0]),
            ops: list(&f[1]).iter().map(cmpop).collect(),
            comparators: exprs(&f[2]),
        },
        "Call" => ExprKind::Call {
            func: bexpr(&f[0]),
            args: exprs(&f[1]),
            keywords: list(&f[2]).iter().map(keyword).collect(),
        },
        "FormattedValue" => ExprKind::FormattedValue {
            value: bexpr(&f[0]),
            conversion: int(&f[1]) as i32,
            format_spec: opt_bexpr(&f[2]),
        },
        "Interpolation" => ExprKind::Interpolation {
            value: bexpr(&f[0]),
            str: Box::new(constant(&f[1])),
            conversion: int(&f[2]) as i32,
            format_spec: opt_bexpr(&f[3]),
        },
        "JoinedStr" => ExprKind::JoinedStr {
            values: exprs(&f[0]),
        },
        "TemplateStr" => ExprKind::TemplateStr {
            values: exprs(&f[0]),
        },
        "Constant" => ExprKind::Constant {
            value: Box::new(constant(&f[0])),
            kind: None,
        },
        "Attribute" => ExprKind::Attribute {
            value: bexpr(&f[0]),
            attr: ident(&f[1]),
            ctx: ctx(&f[2]),
        },
        "Subscript" => ExprKind::Subscript {
            value: bexpr(&f[0]),
            slice: bexpr(&f[1]),
            ctx: ctx(&f[2]),
        },
        "Starred" => ExprKind::Starred {
            value: bexpr(&f[0]),
            ctx: ctx(&f[1]),
        },
        "Name" => ExprKind::Name {
            id: ident(&f[0]),
            ctx: ctx(&f[1]),
        },
        "List" => ExprKind::List {
            elts: exprs(&f[0]),
            ctx: ctx(&f[1]),
        },
        "Tuple" => ExprKind::Tuple {
            elts: exprs(&f[0]),
            ctx: ctx(&f[1]),
        },
        "Slice" => ExprKind::Slice {
            lower: opt_bexpr(&f[0]),
            upper: opt_bexpr(&f[1]),
            step: opt_bexpr(&f[2]),
        },
        other => panic!("bad expr {other}"),
    };
    Expr { kind, loc: loc(f) }
}

/// An ASDL `Module`.
pub fn module(sx: &Sx) -> Mod {
    let (name, f) = fields(sx);
    assert_eq!(name, "Module");
    Mod::Module(Module {
        body: stmts(&f[0]),
        type_ignores: Vec::new(),
    })
}

/// The generator's dump of `st`: per scope `type name lineno nested`, the
/// parameters, the symbols sorted by name with their flags, the children
/// indented by four.
pub fn dump(st: &SymbolTable) -> String {
    let mut out = String::new();
    dump_entry(st, st.top(), "", &mut out);
    out
}

fn dump_entry(st: &SymbolTable, e: &SymtableEntry, indent: &str, out: &mut String) {
    out.push_str(&format!(
        "{indent}{} {} {} {}\n",
        e.ste_type as i32,
        e.ste_name,
        e.ste_loc.lineno,
        i32::from(e.ste_nested)
    ));
    let varnames: Vec<&str> = e.ste_varnames.iter().map(|v| &**v).collect();
    out.push_str(format!("{indent}  varnames {}", varnames.join(" ")).trim_end());
    out.push('\n');
    let mut symbols: Vec<(&str, i64)> = e.ste_symbols.iter().collect();
    symbols.sort();
    for (name, flags) in symbols {
        out.push_str(&format!("{indent}  {name} {flags}\n"));
    }
    let child_indent = format!("{indent}    ");
    for &c in &e.ste_children {
        dump_entry(st, st.entry(c), &child_indent, out);
    }
}

/// The generator's form of an error: message, then
/// `lineno offset end_lineno end_offset`.
pub fn dump_error(e: &SymtableError) -> String {
    match e {
        SymtableError::Syntax(s) => format!(
            "{}\n{} {} {} {}\n",
            s.msg, s.lineno, s.offset, s.end_lineno, s.end_offset
        ),
        other => format!("{other:?}\n"),
    }
}
