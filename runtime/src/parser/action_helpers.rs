//! Grammar-action helpers: a port of Parser/action_helpers.c (expression
//! contexts, expression names for messages, argument building, string
//! concatenation and f-string/t-string assembly) and of `parsenumber` in
//! Parser/pegen.c. String literal bodies are decoded by
//! [`crate::parser::string_parser`].

use num_bigint::BigInt;

use crate::ast::*;

/// `_PyPegen_set_expr_context`: a copy of a target expression with `ctx`
/// applied to it and, for tuples, lists and starred, to its elements.
pub fn set_expr_context(e: Expr, ctx: ExprContext) -> Expr {
    let Expr { kind, loc } = e;
    let kind = match kind {
        ExprKind::Name { id, .. } => ExprKind::Name { id, ctx },
        ExprKind::Tuple { elts, .. } => {
            ExprKind::Tuple { elts: elts.into_iter().map(|e| set_expr_context(e, ctx)).collect(), ctx }
        }
        ExprKind::List { elts, .. } => {
            ExprKind::List { elts: elts.into_iter().map(|e| set_expr_context(e, ctx)).collect(), ctx }
        }
        ExprKind::Subscript { value, slice, .. } => ExprKind::Subscript { value, slice, ctx },
        ExprKind::Attribute { value, attr, .. } => ExprKind::Attribute { value, attr, ctx },
        ExprKind::Starred { value, .. } => ExprKind::Starred { value: Box::new(set_expr_context(*value, ctx)), ctx },
        other => other,
    };
    Expr { kind, loc }
}

/// `_PyPegen_get_expr_name`: how error messages name an expression.
pub fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::TemplateStr { .. } | ExprKind::Interpolation { .. } => "t-string expression",
        ExprKind::Constant { value, .. } => match **value {
            Constant::None => "None",
            Constant::Bool(false) => "False",
            Constant::Bool(true) => "True",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The kind of target an invalid-target error is about
/// (`TARGETS_TYPE` in pegen.h).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TargetsType {
    StarTargets,
    DelTargets,
    ForTargets,
}

/// `_PyPegen_get_invalid_target`: the first sub-expression that cannot be
/// an assignment (or del / for) target, if any.
pub fn invalid_target(e: &Expr, ty: TargetsType) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, ty))
        }
        ExprKind::Starred { value, .. } => {
            if ty == TargetsType::DelTargets { Some(e) } else { invalid_target(value, ty) }
        }
        ExprKind::Compare { left, ops, .. } => {
            // `for x in y` parses as a comparison: only report the left side.
            if ty == TargetsType::ForTargets && ops[0] == CmpOp::In {
                return invalid_target(left, ty);
            }
            Some(e)
        }
        ExprKind::Name { .. } | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => None,
        _ => Some(e),
    }
}

/// `_PyPegen_new_identifier` (Parser/pegen.c): the identifier a NAME token
/// spells, NFKC-normalized when it is not ASCII (PEP 3131).
pub fn new_identifier(text: &str) -> Identifier {
    if text.is_ascii() { text.into() } else { crate::unicode::nfkc(text).into() }
}

/// `parsenumber_raw` (Parser/pegen.c): the value of a NUMBER token
/// (underscores already allowed by the tokenizer).
pub fn parse_number(text: &str) -> Constant {
    let s: String = text.chars().filter(|&c| c != '_').collect();
    let b = s.as_bytes();
    if let Some(last) = b.last()
        && (*last == b'j' || *last == b'J')
    {
        let imag = s[..s.len() - 1].parse::<f64>().unwrap_or(f64::INFINITY);
        return Constant::Complex { real: 0.0, imag };
    }
    if b.len() > 1 && b[0] == b'0' {
        let radix = match b[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            return Constant::Int(BigInt::parse_bytes(&b[2..], radix).unwrap_or_default());
        }
    }
    if s.contains(['.', 'e', 'E']) {
        return Constant::Float(s.parse::<f64>().unwrap_or(f64::INFINITY));
    }
    Constant::Int(BigInt::parse_bytes(b, 10).unwrap_or_default())
}

/// Appends one expression's constant text (a `Constant` str) to `out`.
fn const_str(e: &Expr) -> Option<&PyStr> {
    match &e.kind {
        ExprKind::Constant { value, .. } => match &**value {
            Constant::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `_build_concatenated_str`: flatten the f-/t-strings among `strings`,
/// fold each run of adjacent constants into one (located from the run's
/// first to its last element, with the first one's `kind`) and drop the
/// empty constants.
fn build_concatenated_str(strings: Vec<Expr>) -> Vec<Expr> {
    let mut flat = Vec::new();
    for e in strings {
        match e.kind {
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => flat.extend(values),
            _ => flat.push(e),
        }
    }
    let mut values: Vec<Expr> = Vec::new();
    let mut it = flat.into_iter().peekable();
    while let Some(mut elem) = it.next() {
        if const_str(&elem).is_some() {
            if it.peek().is_some_and(|n| matches!(n.kind, ExprKind::Constant { .. })) {
                let ExprKind::Constant { value, kind } = elem.kind else { unreachable!() };
                let Constant::Str(mut s) = *value else { unreachable!() };
                let mut end = elem.loc;
                while let Some(n) = it.next_if(|n| matches!(n.kind, ExprKind::Constant { .. })) {
                    if let Some(t) = const_str(&n) {
                        s.push_pystr(t);
                    }
                    end = n.loc;
                }
                elem = Expr::new(
                    ExprKind::Constant { value: Box::new(Constant::Str(s)), kind },
                    Location { end_lineno: end.end_lineno, end_col_offset: end.end_col_offset, ..elem.loc },
                );
            }
            if const_str(&elem).is_some_and(|s| s.is_empty()) {
                continue;
            }
        }
        values.push(elem);
    }
    values
}

/// `_PyPegen_concatenate_strings`: implicit concatenation of string,
/// bytes and f-string literals. `Err` is "cannot mix bytes and nonbytes
/// literals".
pub fn concatenate_strings(strings: Vec<Expr>, loc: Location) -> Result<Expr, &'static str> {
    let mut fstring = false;
    let mut unicode = false;
    let mut bytes = false;
    for e in &strings {
        match &e.kind {
            ExprKind::Constant { value, .. } => {
                if matches!(**value, Constant::Bytes(_)) {
                    bytes = true
                } else {
                    unicode = true
                }
            }
            _ => fstring = true,
        }
    }
    if (unicode || fstring) && bytes {
        return Err("cannot mix bytes and nonbytes literals");
    }
    if !fstring {
        if strings.len() == 1 {
            return Ok(strings.into_iter().next().expect("one string"));
        }
        let mut kind = None;
        let mut b = Vec::new();
        let mut s = PyStr::new();
        for (i, e) in strings.into_iter().enumerate() {
            if let ExprKind::Constant { value, kind: k } = e.kind {
                if i == 0 {
                    kind = k;
                }
                match *value {
                    Constant::Bytes(v) => b.extend_from_slice(&v),
                    Constant::Str(v) => s.push_pystr(&v),
                    _ => {}
                }
            }
        }
        let value = if bytes { Constant::Bytes(b) } else { Constant::Str(s) };
        return Ok(Expr::new(ExprKind::Constant { value: Box::new(value), kind }, loc));
    }
    Ok(Expr::new(ExprKind::JoinedStr { values: build_concatenated_str(strings) }, loc))
}

/// `_PyPegen_concatenate_tstrings`: implicit concatenation of t-strings
/// into one TemplateStr.
pub fn concatenate_tstrings(strings: Vec<Expr>, loc: Location) -> Expr {
    Expr::new(ExprKind::TemplateStr { values: build_concatenated_str(strings) }, loc)
}

/// A parameter with its default (`NameDefaultPair`).
pub struct NameDefaultPair {
    pub arg: Arg,
    pub value: Option<Expr>,
}

/// `SlashWithDefault`.
pub struct SlashWithDefault {
    pub plain_names: Vec<Arg>,
    pub names_with_defaults: Vec<NameDefaultPair>,
}

/// `StarEtc`.
#[derive(Default)]
pub struct StarEtc {
    pub vararg: Option<Arg>,
    pub kwonlyargs: Vec<NameDefaultPair>,
    pub kwarg: Option<Arg>,
}

/// `_PyPegen_make_arguments`.
pub fn make_arguments(
    slash_without_default: Option<Vec<Arg>>,
    slash_with_default: Option<SlashWithDefault>,
    plain_names: Vec<Arg>,
    names_with_default: Vec<NameDefaultPair>,
    star_etc: Option<StarEtc>,
) -> Arguments {
    let mut a = Arguments::default();
    if let Some(s) = slash_without_default {
        a.posonlyargs = s;
    } else if let Some(s) = slash_with_default {
        a.posonlyargs = s.plain_names;
        for p in s.names_with_defaults {
            a.posonlyargs.push(p.arg);
            if let Some(v) = p.value {
                a.defaults.push(v);
            }
        }
    }
    a.args = plain_names;
    for p in names_with_default {
        a.args.push(p.arg);
        if let Some(v) = p.value {
            a.defaults.push(v);
        }
    }
    if let Some(s) = star_etc {
        a.vararg = s.vararg.map(Box::new);
        for p in s.kwonlyargs {
            a.kwonlyargs.push(p.arg);
            a.kw_defaults.push(p.value);
        }
        a.kwarg = s.kwarg.map(Box::new);
    }
    a
}

/// A call argument before it is sorted into `args` / `keywords`
/// (`KeywordOrStarred`).
pub enum KeywordOrStarred {
    Keyword(Keyword),
    Starred(Expr),
}

/// `_PyPegen_collect_call_seqs` / `_PyPegen_seq_extract_starred_exprs` /
/// `_PyPegen_seq_delete_starred_exprs`: positional arguments, then the
/// starred expressions mixed among the keywords, then the keywords.
pub fn collect_call_args(mut args: Vec<Expr>, kwargs: Vec<KeywordOrStarred>) -> (Vec<Expr>, Vec<Keyword>) {
    let mut keywords = Vec::new();
    for k in kwargs {
        match k {
            KeywordOrStarred::Starred(e) => args.push(e),
            KeywordOrStarred::Keyword(k) => keywords.push(k),
        }
    }
    (args, keywords)
}

/// `_PyPegen_check_legacy_stmt`: `print` and `exec` used as statements.
pub fn is_legacy_stmt_name(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Name { id, .. } if &**id == "print" || &**id == "exec" => Some(id),
        _ => None,
    }
}
