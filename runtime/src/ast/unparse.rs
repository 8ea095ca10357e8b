//! The compiler's expression unparser: a port of CPython 3.14's
//! `Python/ast_unparse.c`.
//!
//! This is the limited unparser the compiler uses to turn annotations back
//! into strings (`from __future__ import annotations`), not `ast.unparse`
//! (which is Python code in Lib/ast.py). Parentheses are driven by the
//! operator precedence of the context, exactly as in C, so the output is
//! what `f.__annotations__` shows under the future import.
//!
//! The text is built as a [`PyStr`] because a format-spec constant of an
//! f-string is copied raw into the body before the body is `repr()`-ed, and
//! constants may hold lone surrogates.

use std::fmt::Write;

use super::dump::{repr_bytes, repr_complex, repr_float, repr_str};
use super::nodes::*;

/// The precedence levels of `ast_unparse.c` (`PR_TUPLE` .. `PR_ATOM`).
mod pr {
    pub const TUPLE: u8 = 0;
    /// `if`-`else`, `lambda`.
    pub const TEST: u8 = 1;
    pub const OR: u8 = 2;
    pub const AND: u8 = 3;
    pub const NOT: u8 = 4;
    /// Comparisons, `in`, `is`.
    pub const CMP: u8 = 5;
    /// `|`; also the level of the operand of `*x` and `**x`.
    pub const EXPR: u8 = 6;
    pub const BOR: u8 = EXPR;
    pub const BXOR: u8 = 7;
    pub const BAND: u8 = 8;
    pub const SHIFT: u8 = 9;
    pub const ARITH: u8 = 10;
    pub const TERM: u8 = 11;
    /// Unary `+`, `-`, `~`.
    pub const FACTOR: u8 = 12;
    pub const POWER: u8 = 13;
    pub const AWAIT: u8 = 14;
    pub const ATOM: u8 = 15;
}

/// `_PyAST_ExprAsUnicode`: the source text of an expression at the
/// precedence of a `test` (so a top-level tuple has no parentheses).
///
/// A lone surrogate that ends up outside any `repr()` (possible only in a
/// hand-built format-spec constant at the top level) is written as U+FFFD;
/// use [`unparse_expr_pystr`] to keep it.
pub fn unparse_expr(e: &Expr) -> String {
    let s = unparse_expr_pystr(e);
    match s.as_str() {
        Some(text) => text.to_owned(),
        None => s
            .code_points()
            .map(|cp| char::from_u32(cp).unwrap_or('\u{FFFD}'))
            .collect(),
    }
}

/// `_PyAST_ExprAsUnicode` returning the exact Python `str`.
pub fn unparse_expr_pystr(e: &Expr) -> PyStr {
    expr_as_unicode(e, pr::TEST)
}

/// `expr_as_unicode`: unparses `e` into a fresh string at `level`.
fn expr_as_unicode(e: &Expr, level: u8) -> PyStr {
    let mut w = PyStr::new();
    append_ast_expr(&mut w, e, level);
    w
}

/// `append_repr`: `repr()` of a constant, with infinities spelled `1e309`
/// (which evaluates back to `inf`) for floats and complex numbers.
fn append_repr(w: &mut PyStr, c: &Constant) {
    let mut s = String::new();
    match c {
        Constant::None => s.push_str("None"),
        Constant::Bool(b) => s.push_str(if *b { "True" } else { "False" }),
        Constant::Ellipsis => s.push_str("Ellipsis"),
        Constant::Int(i) => {
            let _ = write!(s, "{i}");
        }
        Constant::Float(f) => {
            repr_float(&mut s, *f, true);
            if f.is_infinite() {
                s = s.replace("inf", "1e309");
            }
        }
        Constant::Complex { real, imag } => {
            repr_complex(&mut s, *real, *imag);
            s = s.replace("inf", "1e309");
        }
        Constant::Str(v) => repr_str(&mut s, v),
        Constant::Bytes(b) => repr_bytes(&mut s, b),
        // `append_ast_constant`: a tuple's items are unparsed one by one.
        Constant::Tuple(items) => {
            w.push_str("(");
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    w.push_str(", ");
                }
                append_repr(w, x);
            }
            w.push_str(if items.len() == 1 { ",)" } else { ")" });
            return;
        }
        Constant::FrozenSet(_) => crate::ast::dump::repr_constant(&mut s, c),
    }
    w.push_str(&s);
}

/// `append_repr` of a `str` built while unparsing (an f-string body).
fn append_repr_pystr(w: &mut PyStr, body: &PyStr) {
    let mut s = String::new();
    repr_str(&mut s, body);
    w.push_str(&s);
}

/// `append_ast_boolop`.
fn append_ast_boolop(w: &mut PyStr, op: BoolOp, values: &[Expr], level: u8) {
    let (sep, p) = match op {
        BoolOp::And => (" and ", pr::AND),
        BoolOp::Or => (" or ", pr::OR),
    };
    open_if(w, level > p);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            w.push_str(sep);
        }
        append_ast_expr(w, v, p + 1);
    }
    close_if(w, level > p);
}

/// `append_ast_binop`: `**` is right-associative, every other operator
/// left-associative.
fn append_ast_binop(w: &mut PyStr, left: &Expr, op: Operator, right: &Expr, level: u8) {
    let (text, p, rassoc) = match op {
        Operator::Add => (" + ", pr::ARITH, false),
        Operator::Sub => (" - ", pr::ARITH, false),
        Operator::Mult => (" * ", pr::TERM, false),
        Operator::MatMult => (" @ ", pr::TERM, false),
        Operator::Div => (" / ", pr::TERM, false),
        Operator::Mod => (" % ", pr::TERM, false),
        Operator::LShift => (" << ", pr::SHIFT, false),
        Operator::RShift => (" >> ", pr::SHIFT, false),
        Operator::BitOr => (" | ", pr::BOR, false),
        Operator::BitXor => (" ^ ", pr::BXOR, false),
        Operator::BitAnd => (" & ", pr::BAND, false),
        Operator::FloorDiv => (" // ", pr::TERM, false),
        Operator::Pow => (" ** ", pr::POWER, true),
    };
    open_if(w, level > p);
    append_ast_expr(w, left, p + rassoc as u8);
    w.push_str(text);
    append_ast_expr(w, right, p + !rassoc as u8);
    close_if(w, level > p);
}

/// `append_ast_unaryop`.
fn append_ast_unaryop(w: &mut PyStr, op: UnaryOp, operand: &Expr, level: u8) {
    let (text, p) = match op {
        UnaryOp::Invert => ("~", pr::FACTOR),
        UnaryOp::Not => ("not ", pr::NOT),
        UnaryOp::UAdd => ("+", pr::FACTOR),
        UnaryOp::USub => ("-", pr::FACTOR),
    };
    open_if(w, level > p);
    w.push_str(text);
    append_ast_expr(w, operand, p);
    close_if(w, level > p);
}

/// `append_ast_arg`.
fn append_ast_arg(w: &mut PyStr, arg: &Arg) {
    w.push_str(&arg.arg);
    if let Some(ann) = &arg.annotation {
        w.push_str(": ");
        append_ast_expr(w, ann, pr::TEST);
    }
}

/// `append_ast_args`: a lambda's parameter list, defaults aligned to the
/// end of the positional parameters, `/` after the positional-only ones,
/// a bare `*` when there are keyword-only parameters but no `*args`.
fn append_ast_args(w: &mut PyStr, args: &Arguments) {
    let mut first = true;
    let mut sep = |w: &mut PyStr| {
        if !first {
            w.push_str(", ");
        }
        first = false;
    };
    let n_posonly = args.posonlyargs.len();
    let n_pos = n_posonly + args.args.len();
    let n_defaults = args.defaults.len();
    for (i, arg) in args.posonlyargs.iter().chain(args.args.iter()).enumerate() {
        sep(w);
        append_ast_arg(w, arg);
        // Index of this parameter's default, when it has one.
        if let Some(di) = (i + n_defaults).checked_sub(n_pos) {
            w.push_str("=");
            append_ast_expr(w, &args.defaults[di], pr::TEST);
        }
        if n_posonly > 0 && i + 1 == n_posonly {
            w.push_str(", /");
        }
    }
    if args.vararg.is_some() || !args.kwonlyargs.is_empty() {
        sep(w);
        w.push_str("*");
        if let Some(v) = &args.vararg {
            append_ast_arg(w, v);
        }
    }
    let n_kwonly = args.kwonlyargs.len();
    let n_kwdefaults = args.kw_defaults.len();
    for (i, arg) in args.kwonlyargs.iter().enumerate() {
        sep(w);
        append_ast_arg(w, arg);
        if let Some(di) = (i + n_kwdefaults).checked_sub(n_kwonly)
            && let Some(Some(d)) = args.kw_defaults.get(di)
        {
            w.push_str("=");
            append_ast_expr(w, d, pr::TEST);
        }
    }
    if let Some(k) = &args.kwarg {
        sep(w);
        w.push_str("**");
        append_ast_arg(w, k);
    }
}

/// `append_ast_lambda`.
fn append_ast_lambda(w: &mut PyStr, args: &Arguments, body: &Expr, level: u8) {
    open_if(w, level > pr::TEST);
    let n_positional = args.args.len() + args.posonlyargs.len();
    w.push_str(if n_positional > 0 {
        "lambda "
    } else {
        "lambda"
    });
    append_ast_args(w, args);
    w.push_str(": ");
    append_ast_expr(w, body, pr::TEST);
    close_if(w, level > pr::TEST);
}

/// `append_ast_ifexp`.
fn append_ast_ifexp(w: &mut PyStr, test: &Expr, body: &Expr, orelse: &Expr, level: u8) {
    open_if(w, level > pr::TEST);
    append_ast_expr(w, body, pr::TEST + 1);
    w.push_str(" if ");
    append_ast_expr(w, test, pr::TEST + 1);
    w.push_str(" else ");
    append_ast_expr(w, orelse, pr::TEST);
    close_if(w, level > pr::TEST);
}

/// `append_ast_dict`: `None` keys are `**mapping` entries.
fn append_ast_dict(w: &mut PyStr, keys: &[Option<Expr>], values: &[Expr]) {
    w.push_str("{");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            w.push_str(", ");
        }
        match keys.get(i) {
            Some(Some(k)) => {
                append_ast_expr(w, k, pr::TEST);
                w.push_str(": ");
                append_ast_expr(w, value, pr::TEST);
            }
            _ => {
                w.push_str("**");
                append_ast_expr(w, value, pr::EXPR);
            }
        }
    }
    w.push_str("}");
}

/// `append_ast_set` and `append_ast_list`: elements between `open` and
/// `close`.
fn append_elts(w: &mut PyStr, open: &str, elts: &[Expr], close: &str) {
    w.push_str(open);
    for (i, e) in elts.iter().enumerate() {
        if i > 0 {
            w.push_str(", ");
        }
        append_ast_expr(w, e, pr::TEST);
    }
    w.push_str(close);
}

/// `append_ast_tuple`: `()` when empty, a trailing comma for one element,
/// parentheses unless at tuple level.
fn append_ast_tuple(w: &mut PyStr, elts: &[Expr], level: u8) {
    if elts.is_empty() {
        w.push_str("()");
        return;
    }
    open_if(w, level > pr::TUPLE);
    for (i, e) in elts.iter().enumerate() {
        if i > 0 {
            w.push_str(", ");
        }
        append_ast_expr(w, e, pr::TEST);
    }
    if elts.len() == 1 {
        w.push_str(",");
    }
    close_if(w, level > pr::TUPLE);
}

/// `append_ast_comprehension`.
fn append_ast_comprehension(w: &mut PyStr, comp: &Comprehension) {
    w.push_str(if comp.is_async {
        " async for "
    } else {
        " for "
    });
    append_ast_expr(w, &comp.target, pr::TUPLE);
    w.push_str(" in ");
    append_ast_expr(w, &comp.iter, pr::TEST + 1);
    for cond in &comp.ifs {
        w.push_str(" if ");
        append_ast_expr(w, cond, pr::TEST + 1);
    }
}

/// `append_ast_comprehensions`.
fn append_ast_comprehensions(w: &mut PyStr, gens: &[Comprehension]) {
    for comp in gens {
        append_ast_comprehension(w, comp);
    }
}

/// `append_ast_genexp`, `append_ast_listcomp`, `append_ast_setcomp`:
/// the element and its `for` clauses between `open` and `close`.
fn append_ast_comp(w: &mut PyStr, open: &str, elt: &Expr, gens: &[Comprehension], close: &str) {
    w.push_str(open);
    append_ast_expr(w, elt, pr::TEST);
    append_ast_comprehensions(w, gens);
    w.push_str(close);
}

/// `append_ast_dictcomp`.
fn append_ast_dictcomp(w: &mut PyStr, key: &Expr, value: &Expr, gens: &[Comprehension]) {
    w.push_str("{");
    append_ast_expr(w, key, pr::TEST);
    w.push_str(": ");
    append_ast_expr(w, value, pr::TEST);
    append_ast_comprehensions(w, gens);
    w.push_str("}");
}

/// `append_ast_compare`.
fn append_ast_compare(w: &mut PyStr, left: &Expr, ops: &[CmpOp], comparators: &[Expr], level: u8) {
    open_if(w, level > pr::CMP);
    append_ast_expr(w, left, pr::CMP + 1);
    for (op, right) in ops.iter().zip(comparators) {
        w.push_str(match op {
            CmpOp::Eq => " == ",
            CmpOp::NotEq => " != ",
            CmpOp::Lt => " < ",
            CmpOp::LtE => " <= ",
            CmpOp::Gt => " > ",
            CmpOp::GtE => " >= ",
            CmpOp::Is => " is ",
            CmpOp::IsNot => " is not ",
            CmpOp::In => " in ",
            CmpOp::NotIn => " not in ",
        });
        append_ast_expr(w, right, pr::CMP + 1);
    }
    close_if(w, level > pr::CMP);
}

/// `append_ast_keyword`.
fn append_ast_keyword(w: &mut PyStr, kw: &Keyword) {
    match &kw.arg {
        None => w.push_str("**"),
        Some(name) => {
            w.push_str(name);
            w.push_str("=");
        }
    }
    append_ast_expr(w, &kw.value, pr::TEST);
}

/// `append_ast_call`: a sole generator-expression argument keeps only its
/// own parentheses.
fn append_ast_call(w: &mut PyStr, func: &Expr, args: &[Expr], keywords: &[Keyword]) {
    append_ast_expr(w, func, pr::ATOM);
    if let ([only], []) = (args, keywords)
        && let ExprKind::GeneratorExp { elt, generators } = &only.kind
    {
        append_ast_comp(w, "(", elt, generators, ")");
        return;
    }
    w.push_str("(");
    let mut first = true;
    for a in args {
        if !first {
            w.push_str(", ");
        }
        first = false;
        append_ast_expr(w, a, pr::TEST);
    }
    for kw in keywords {
        if !first {
            w.push_str(", ");
        }
        first = false;
        append_ast_keyword(w, kw);
    }
    w.push_str(")");
}

/// `append_fstring_unicode` (with `escape_braces`): literal text of an
/// f-string, `{` and `}` doubled.
fn append_fstring_unicode(w: &mut PyStr, c: &Constant) {
    match c {
        Constant::Str(s) => {
            for cp in s.code_points() {
                if cp == '{' as u32 || cp == '}' as u32 {
                    w.push_code_point(cp);
                }
                w.push_code_point(cp);
            }
        }
        // Only a hand-built tree puts a non-str constant in an f-string,
        // where CPython's str.replace fails; its repr is written instead.
        other => append_repr(w, other),
    }
}

/// `append_fstring_element`: one part of an f-string or t-string body.
fn append_fstring_element(w: &mut PyStr, e: &Expr, is_format_spec: bool) {
    match &e.kind {
        ExprKind::Constant { value, .. } => append_fstring_unicode(w, value),
        ExprKind::JoinedStr { values } => append_joinedstr(w, values, is_format_spec),
        ExprKind::TemplateStr { values } => append_templatestr(w, values),
        ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } => append_formattedvalue(w, value, *conversion, format_spec.as_deref()),
        ExprKind::Interpolation {
            str,
            conversion,
            format_spec,
            ..
        } => append_interpolation(w, str, *conversion, format_spec.as_deref()),
        // CPython raises SystemError("unknown expression kind inside
        // f-string or t-string"); the parser never builds this, and
        // validation does not reject it, so write the expression itself.
        _ => append_ast_expr(w, e, pr::TEST),
    }
}

/// `build_ftstring_body`: the parts of an f-string or t-string, unquoted.
fn build_ftstring_body(values: &[Expr], is_format_spec: bool) -> PyStr {
    let mut body = PyStr::new();
    for v in values {
        append_fstring_element(&mut body, v, is_format_spec);
    }
    body
}

/// `_write_values_subarray`: `prefix` followed by the repr of the body of
/// `values`.
fn write_values_subarray(w: &mut PyStr, values: &[Expr], prefix: &str) {
    let body = build_ftstring_body(values, false);
    w.push_str(prefix);
    append_repr_pystr(w, &body);
}

/// `append_templatestr`: a t-string; `FormattedValue` parts (from implicit
/// concatenation with f-strings in a hand-built tree) are split out as
/// separate `f'...'` literals joined by spaces.
fn append_templatestr(w: &mut PyStr, values: &[Expr]) {
    if values.is_empty() {
        write_values_subarray(w, values, "t");
        return;
    }
    let mut last = 0;
    for (i, value) in values.iter().enumerate() {
        if matches!(value.kind, ExprKind::FormattedValue { .. }) {
            if i > last {
                write_values_subarray(w, &values[last..i], "t");
                w.push_str(" ");
            }
            write_values_subarray(w, &values[i..=i], "f");
            if i + 1 < values.len() {
                w.push_str(" ");
            }
            last = i + 1;
        }
    }
    if last < values.len() {
        write_values_subarray(w, &values[last..], "t");
    }
}

/// `append_joinedstr`: `f'...'`, or the bare body inside a format spec.
fn append_joinedstr(w: &mut PyStr, values: &[Expr], is_format_spec: bool) {
    let body = build_ftstring_body(values, is_format_spec);
    if is_format_spec {
        w.push_pystr(&body);
    } else {
        w.push_str("f");
        append_repr_pystr(w, &body);
    }
}

/// `append_interpolation_str`: opens the replacement field, with a space
/// when the expression itself starts with `{`.
fn append_interpolation_str(w: &mut PyStr, s: &PyStr) {
    w.push_str(if s.as_bytes().first() == Some(&b'{') {
        "{ "
    } else {
        "{"
    });
    w.push_pystr(s);
}

/// `append_interpolation_value`: the expression of a replacement field,
/// unparsed above `test` level so that a lambda gets parentheses.
fn append_interpolation_value(w: &mut PyStr, e: &Expr) {
    let s = expr_as_unicode(e, pr::TEST + 1);
    append_interpolation_str(w, &s);
}

/// `append_interpolation_conversion`: `!s`, `!r` or `!a`.
fn append_interpolation_conversion(w: &mut PyStr, conversion: i32) {
    match u8::try_from(conversion) {
        Ok(b'a') => w.push_str("!a"),
        Ok(b'r') => w.push_str("!r"),
        Ok(b's') => w.push_str("!s"),
        // Negative means none. CPython raises SystemError("unknown f-value
        // conversion kind") for other codes; the parser never makes them.
        _ => {}
    }
}

/// `append_interpolation_format_spec`.
fn append_interpolation_format_spec(w: &mut PyStr, spec: Option<&Expr>) {
    if let Some(spec) = spec {
        w.push_str(":");
        append_fstring_element(w, spec, true);
    }
}

/// `append_interpolation`: a t-string replacement field, written from the
/// source text the parser kept in `str`.
fn append_interpolation(w: &mut PyStr, s: &Constant, conversion: i32, spec: Option<&Expr>) {
    match s {
        Constant::Str(text) => append_interpolation_str(w, text),
        other => {
            let mut text = PyStr::new();
            append_repr(&mut text, other);
            append_interpolation_str(w, &text);
        }
    }
    append_interpolation_conversion(w, conversion);
    append_interpolation_format_spec(w, spec);
    w.push_str("}");
}

/// `append_formattedvalue`: an f-string replacement field.
fn append_formattedvalue(w: &mut PyStr, value: &Expr, conversion: i32, spec: Option<&Expr>) {
    append_interpolation_value(w, value);
    append_interpolation_conversion(w, conversion);
    append_interpolation_format_spec(w, spec);
    w.push_str("}");
}

/// `append_ast_attribute`: an int needs a space before the dot.
fn append_ast_attribute(w: &mut PyStr, value: &Expr, attr: &str) {
    append_ast_expr(w, value, pr::ATOM);
    let int_value = matches!(&value.kind, ExprKind::Constant { value, .. } if matches!(**value, Constant::Int(_)));
    w.push_str(if int_value { " ." } else { "." });
    w.push_str(attr);
}

/// `append_ast_slice`.
fn append_ast_slice(
    w: &mut PyStr,
    lower: Option<&Expr>,
    upper: Option<&Expr>,
    step: Option<&Expr>,
) {
    if let Some(l) = lower {
        append_ast_expr(w, l, pr::TEST);
    }
    w.push_str(":");
    if let Some(u) = upper {
        append_ast_expr(w, u, pr::TEST);
    }
    if let Some(s) = step {
        w.push_str(":");
        append_ast_expr(w, s, pr::TEST);
    }
}

/// `append_ast_subscript`: the index is written at tuple level, so
/// `a[b, c]` and `a[*b,]` keep no parentheses.
fn append_ast_subscript(w: &mut PyStr, value: &Expr, slice: &Expr) {
    append_ast_expr(w, value, pr::ATOM);
    w.push_str("[");
    append_ast_expr(w, slice, pr::TUPLE);
    w.push_str("]");
}

/// `append_ast_starred`.
fn append_ast_starred(w: &mut PyStr, value: &Expr) {
    w.push_str("*");
    append_ast_expr(w, value, pr::EXPR);
}

/// `append_ast_yield`: always parenthesized.
fn append_ast_yield(w: &mut PyStr, value: Option<&Expr>) {
    match value {
        None => w.push_str("(yield)"),
        Some(v) => {
            w.push_str("(yield ");
            append_ast_expr(w, v, pr::TEST);
            w.push_str(")");
        }
    }
}

/// `append_ast_yield_from`.
fn append_ast_yield_from(w: &mut PyStr, value: &Expr) {
    w.push_str("(yield from ");
    append_ast_expr(w, value, pr::TEST);
    w.push_str(")");
}

/// `append_ast_await`.
fn append_ast_await(w: &mut PyStr, value: &Expr, level: u8) {
    open_if(w, level > pr::AWAIT);
    w.push_str("await ");
    append_ast_expr(w, value, pr::ATOM);
    close_if(w, level > pr::AWAIT);
}

/// `append_named_expr`.
fn append_named_expr(w: &mut PyStr, target: &Expr, value: &Expr, level: u8) {
    open_if(w, level > pr::TUPLE);
    append_ast_expr(w, target, pr::ATOM);
    w.push_str(" := ");
    append_ast_expr(w, value, pr::ATOM);
    close_if(w, level > pr::TUPLE);
}

/// `append_ast_constant` for a `Constant` node: `...` for Ellipsis, the
/// `u` kind prefix, then the repr.
fn append_constant_node(w: &mut PyStr, value: &Constant, kind: Option<&str>) {
    if matches!(value, Constant::Ellipsis) {
        w.push_str("...");
        return;
    }
    if let Some(k) = kind {
        w.push_str(k);
    }
    append_repr(w, value);
}

/// `append_ast_expr`: dispatch on the node kind.
fn append_ast_expr(w: &mut PyStr, e: &Expr, level: u8) {
    match &e.kind {
        ExprKind::BoolOp { op, values } => append_ast_boolop(w, *op, values, level),
        ExprKind::BinOp { left, op, right } => append_ast_binop(w, left, *op, right, level),
        ExprKind::UnaryOp { op, operand } => append_ast_unaryop(w, *op, operand, level),
        ExprKind::Lambda { args, body } => append_ast_lambda(w, args, body, level),
        ExprKind::IfExp { test, body, orelse } => append_ast_ifexp(w, test, body, orelse, level),
        ExprKind::Dict { keys, values } => append_ast_dict(w, keys, values),
        ExprKind::Set { elts } => append_elts(w, "{", elts, "}"),
        ExprKind::GeneratorExp { elt, generators } => append_ast_comp(w, "(", elt, generators, ")"),
        ExprKind::ListComp { elt, generators } => append_ast_comp(w, "[", elt, generators, "]"),
        ExprKind::SetComp { elt, generators } => append_ast_comp(w, "{", elt, generators, "}"),
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => append_ast_dictcomp(w, key, value, generators),
        ExprKind::Yield { value } => append_ast_yield(w, value.as_deref()),
        ExprKind::YieldFrom { value } => append_ast_yield_from(w, value),
        ExprKind::Await { value } => append_ast_await(w, value, level),
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => append_ast_compare(w, left, ops, comparators, level),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => append_ast_call(w, func, args, keywords),
        ExprKind::Constant { value, kind } => append_constant_node(w, value, kind.as_deref()),
        ExprKind::JoinedStr { values } => append_joinedstr(w, values, false),
        ExprKind::TemplateStr { values } => append_templatestr(w, values),
        ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } => append_formattedvalue(w, value, *conversion, format_spec.as_deref()),
        ExprKind::Interpolation {
            str,
            conversion,
            format_spec,
            ..
        } => append_interpolation(w, str, *conversion, format_spec.as_deref()),
        ExprKind::Attribute { value, attr, .. } => append_ast_attribute(w, value, attr),
        ExprKind::Subscript { value, slice, .. } => append_ast_subscript(w, value, slice),
        ExprKind::Starred { value, .. } => append_ast_starred(w, value),
        ExprKind::Slice { lower, upper, step } => {
            append_ast_slice(w, lower.as_deref(), upper.as_deref(), step.as_deref())
        }
        ExprKind::Name { id, .. } => w.push_str(id),
        ExprKind::List { elts, .. } => append_elts(w, "[", elts, "]"),
        ExprKind::Tuple { elts, .. } => append_ast_tuple(w, elts, level),
        ExprKind::NamedExpr { target, value } => append_named_expr(w, target, value, level),
    }
}

/// `APPEND_STR_IF(level > pr, "(")`.
fn open_if(w: &mut PyStr, cond: bool) {
    if cond {
        w.push_str("(");
    }
}

/// `APPEND_STR_IF(level > pr, ")")`.
fn close_if(w: &mut PyStr, cond: bool) {
    if cond {
        w.push_str(")");
    }
}
