//! The LITERALS rules of python.gram (strings, f-strings, t-strings) and
//! their invalid_* rules, with the f-string helpers of
//! Parser/action_helpers.c (`_PyPegen_joined_str`, `_PyPegen_template_str`,
//! `_PyPegen_formatted_value`, `_PyPegen_interpolation`,
//! `_PyPegen_setup_full_format_spec`, `_PyPegen_check_fstring_conversion`,
//! `_PyPegen_constant_from_string`, `_PyPegen_decode_fstring_part`).
//! Methods taking `t` serve both the f-string rule (`t` false) and its
//! t-string twin.

use crate::ast::*;
use crate::parser::action_helpers::*;
use crate::parser::error::ErrorKind;
use crate::parser::pegen::{Parser, Rule};
use crate::parser::string_parser::{self, StringError, StringValue};
use crate::parser::token::TokenKind as T;

/// `ResultTokenWithMetadata`: a conversion name or format spec with the
/// expression text recorded on the token that introduced it.
struct WithMetadata {
    result: Expr,
    metadata: Option<String>,
}

fn prefix(t: bool) -> &'static str {
    if t { "t-string" } else { "f-string" }
}

impl Parser<'_> {
    /// Raise the SyntaxError of a literal that cannot be decoded
    /// (`_Pypegen_raise_decode_error`; non-ASCII bytes are reported on the
    /// token itself).
    fn raise_decode_error<R>(&mut self, tok: usize, e: &StringError) -> Option<R> {
        if matches!(e, StringError::NonAsciiBytes) {
            return self.raise_tok_range(tok, tok, &e.message());
        }
        self.raise_last(ErrorKind::SyntaxError, &e.message())
    }

    /// ```text
    /// strings[expr_ty] (memo):
    ///     | invalid_string_tstring_concat
    ///     | a=(fstring|string)+ { _PyPegen_concatenate_strings(p, a, EXTRA) }
    ///     | a=tstring+ { _PyPegen_concatenate_tstrings(p, a, EXTRA) }
    /// ```
    pub fn strings(&mut self) -> Option<Expr> {
        self.memoized(Rule::Strings, |p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_string_tstring_concat().map(|_| Self::dummy_expr()) });
            alt!(p, {
                let a = p.repeat1(|p| p.fstring_or_string())?;
                match concatenate_strings(a, p.loc(s)) {
                    Ok(e) => Some(e),
                    Err(msg) => p.raise_last(ErrorKind::SyntaxError, msg),
                }
            });
            alt!(p, {
                let a = p.repeat1(|p| p.tstring())?;
                Some(concatenate_tstrings(a, p.loc(s)))
            });
            None
        })
    }

    /// The group `(fstring|string)`.
    fn fstring_or_string(&mut self) -> Option<Expr> {
        let m = self.mark;
        if let Some(e) = self.fstring(false) {
            return Some(e);
        }
        self.mark = m;
        if self.failed() {
            return None;
        }
        self.string()
    }

    /// ```text
    /// invalid_string_tstring_concat:
    ///     | a=(fstring|string)+ b=tstring {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(PyPegen_last_item(a, expr_ty), b,
    ///             "cannot mix t-string literals with string or bytes literals") }
    ///     | a=tstring+ b=(fstring|string) { ...same... }
    /// ```
    fn invalid_string_tstring_concat(&mut self) -> Option<()> {
        self.rule(|p| {
            const MSG: &str = "cannot mix t-string literals with string or bytes literals";
            alt!(p, {
                let a = p.repeat1(|p| p.fstring_or_string())?;
                let b = p.tstring()?;
                p.raise_range(a.last()?.loc, b.loc, MSG)
            });
            alt!(p, {
                let a = p.repeat1(|p| p.tstring())?;
                let b = p.fstring_or_string()?;
                p.raise_range(a.last()?.loc, b.loc, MSG)
            });
            None
        })
    }

    /// `string[expr_ty]: s[Token*]=STRING { _PyPegen_constant_from_string(p, s) }`
    fn string(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let i = p.tok(T::String)?;
            let text = p.text(i);
            let (value, inv) = match string_parser::parse_string(text) {
                Ok((StringValue::Str(s), inv)) => (Constant::Str(s), inv),
                Ok((StringValue::Bytes(b), inv)) => (Constant::Bytes(b), inv),
                Err(e) => return p.raise_decode_error(i, &e),
            };
            if let Some(inv) = inv {
                p.warn_invalid_escape(i, string_parser::body_start(text), &inv);
            }
            let kind = text.starts_with('u').then(|| "u".into());
            Some(Expr::new(ExprKind::Constant { value: Box::new(value), kind }, p.tok_loc(i)))
        })
    }

    /// ```text
    /// fstring[expr_ty]:
    ///     | a=FSTRING_START b=fstring_middle* c=FSTRING_END { _PyPegen_joined_str(p, a, b, c) }
    /// tstring[expr_ty] (memo):
    ///     | a=TSTRING_START b=tstring_middle* c=TSTRING_END { _PyPegen_template_str(p, a, b, c) }
    /// ```
    fn fstring(&mut self, t: bool) -> Option<Expr> {
        self.rule(|p| {
            let (start, end) = if t { (T::TstringStart, T::TstringEnd) } else { (T::FstringStart, T::FstringEnd) };
            let a = p.tok(start)?;
            let b = p.repeat0(|p| p.fstring_middle(t));
            let c = p.tok(end)?;
            let values = p.resized_exprs(a, b)?;
            let loc = Location { end_lineno: p.toks[c].end_lineno, end_col_offset: p.toks[c].end_col_offset, ..p.tok_loc(a) };
            if t {
                return p.check_version(14, "t-strings are", Expr::new(ExprKind::TemplateStr { values }, loc));
            }
            Some(Expr::new(ExprKind::JoinedStr { values }, loc))
        })
    }

    fn tstring(&mut self) -> Option<Expr> {
        self.memoized(Rule::Tstring, |p| p.fstring(true))
    }

    /// `_get_resized_exprs`: splice the debug-text pairs, decode the
    /// literal parts and drop the empty ones.
    fn resized_exprs(&mut self, start: usize, raw: Vec<Expr>) -> Option<Vec<Expr>> {
        let is_raw = self.text(start).contains(['r', 'R']);
        let mut out = Vec::with_capacity(raw.len());
        for item in raw {
            match item.kind {
                ExprKind::JoinedStr { values } => out.extend(values),
                ExprKind::Constant { value, kind } => {
                    let Constant::Str(s) = *value else { unreachable!("f-string parts are str") };
                    let text = s.as_str().unwrap_or_default();
                    let body = if text == "{{" || text == "}}" { &text[..1] } else { text };
                    let decoded = match string_parser::decode_string(is_raw || !body.contains('\\'), body) {
                        Ok((v, inv)) => {
                            if let (Some(inv), Some(i)) = (inv, self.token_at(item.loc)) {
                                self.warn_invalid_escape(i, 0, &inv);
                            }
                            v
                        }
                        // CPython 3.14 reports it on the FSTRING_MIDDLE token.
                        Err(e) => return self.raise_range(item.loc, item.loc, &e.message()),
                    };
                    if decoded.is_empty() {
                        continue;
                    }
                    out.push(Expr::new(
                        ExprKind::Constant { value: Box::new(Constant::Str(decoded.into())), kind },
                        item.loc,
                    ));
                }
                kind => out.push(Expr::new(kind, item.loc)),
            }
        }
        Some(out)
    }

    /// ```text
    /// fstring_middle[expr_ty]:
    ///     | fstring_replacement_field
    ///     | t=FSTRING_MIDDLE { _PyPegen_constant_from_token(p, t) }
    /// ```
    fn fstring_middle(&mut self, t: bool) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, { p.fstring_replacement_field(t, t) });
            alt!(p, {
                let i = p.tok(if t { T::TstringMiddle } else { T::FstringMiddle })?;
                Some(Self::constant(Constant::Str(p.text(i).into()), p.tok_loc(i)))
            });
            None
        })
    }

    /// ```text
    /// fstring_replacement_field[expr_ty]:
    ///     | '{' a=annotated_rhs debug_expr='='? conversion=[fstring_conversion]
    ///       format=[fstring_full_format_spec] rbrace='}' { _PyPegen_formatted_value(...) }
    ///     | invalid_fstring_replacement_field
    /// tstring_replacement_field[expr_ty]: (same, with tstring_full_format_spec) { _PyPegen_interpolation(...) }
    /// tstring_format_spec_replacement_field[expr_ty]: (same) { _PyPegen_formatted_value(...) }
    /// ```
    /// `t` selects the t-string token kinds and messages, `interp` builds
    /// an Interpolation instead of a FormattedValue.
    fn fstring_replacement_field(&mut self, t: bool, interp: bool) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lbrace)?;
                let a = p.annotated_rhs()?;
                let debug = p.opt(|p| p.tok(T::Equal)).is_some();
                let conversion = p.opt(|p| p.fstring_conversion(t));
                let format = p.opt(|p| p.fstring_full_format_spec(t));
                let rbrace = p.tok(T::Rbrace)?;
                let loc = p.loc(s);
                p.formatted_value(a, debug, conversion, format, rbrace, loc, t, interp)
            });
            invalid!(p, { p.invalid_replacement_field(t).map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// `_PyPegen_formatted_value` / `_PyPegen_interpolation`.
    #[allow(clippy::too_many_arguments)]
    fn formatted_value(
        &mut self,
        expression: Expr,
        debug: bool,
        conversion: Option<WithMetadata>,
        format: Option<WithMetadata>,
        rbrace: usize,
        loc: Location,
        t: bool,
        interp: bool,
    ) -> Option<Expr> {
        let conversion_val = match &conversion {
            Some(c) => {
                let id = Self::id(&c.result);
                let first = id.chars().next().unwrap_or(' ');
                if id.chars().count() > 1 || !matches!(first, 's' | 'r' | 'a') {
                    let msg = format!(
                        "{}: invalid conversion character {}: expected 's', 'r', or 'a'",
                        prefix(t),
                        py_repr(&id)
                    );
                    return self.raise_loc(c.result.loc, &msg);
                }
                first as i32
            }
            None if debug && format.is_none() => 'r' as i32,
            None => -1,
        };
        let (debug_end_line, debug_end_offset, metadata) = if let Some(c) = &conversion {
            (c.result.loc.lineno, c.result.loc.col_offset, c.metadata.clone())
        } else if let Some(f) = &format {
            (f.result.loc.lineno, f.result.loc.col_offset + 1, f.metadata.clone())
        } else {
            (loc.end_lineno, loc.end_col_offset, self.token_metadata(rbrace).map(str::to_owned))
        };
        let format_spec = format.map(|f| Box::new(f.result));
        let value = if interp {
            let text = metadata.clone().unwrap_or_default();
            ExprKind::Interpolation {
                value: Box::new(expression),
                str: Box::new(Constant::Str(strip_interpolation_expr(&text).into())),
                conversion: conversion_val,
                format_spec,
            }
        } else {
            ExprKind::FormattedValue { value: Box::new(expression), conversion: conversion_val, format_spec }
        };
        let value = Expr::new(value, loc);
        if !debug {
            return Some(value);
        }
        let debug_text = Self::constant(
            Constant::Str(metadata.unwrap_or_default().into()),
            Location {
                lineno: loc.lineno,
                col_offset: loc.col_offset + 1,
                end_lineno: debug_end_line,
                end_col_offset: debug_end_offset - 1,
            },
        );
        Some(Expr::new(
            ExprKind::JoinedStr { values: vec![debug_text, value] },
            Location { end_lineno: debug_end_line, end_col_offset: debug_end_offset, ..loc },
        ))
    }

    /// ```text
    /// fstring_conversion[ResultTokenWithMetadata*]:
    ///     | conv_token="!" conv=NAME { _PyPegen_check_fstring_conversion(p, conv_token, conv) }
    /// ```
    fn fstring_conversion(&mut self, t: bool) -> Option<WithMetadata> {
        self.rule(|p| {
            let bang = p.tok(T::Exclamation)?;
            let conv = p.name()?;
            let tk = p.toks[bang];
            if tk.lineno != conv.loc.lineno || tk.end_col_offset != conv.loc.col_offset {
                let msg = format!("{}: conversion type must come right after the exclamation mark", prefix(t));
                return p.raise_range(p.tok_loc(bang), conv.loc, &msg);
            }
            Some(WithMetadata { result: conv, metadata: p.token_metadata(bang).map(str::to_owned) })
        })
    }

    /// ```text
    /// fstring_full_format_spec[ResultTokenWithMetadata*]:
    ///     | colon=':' spec=fstring_format_spec* { _PyPegen_setup_full_format_spec(p, colon, spec, EXTRA) }
    /// ```
    fn fstring_full_format_spec(&mut self, t: bool) -> Option<WithMetadata> {
        self.rule(|p| {
            let s = p.start()?;
            let colon = p.tok(T::Colon)?;
            let spec = p.repeat0(|p| p.fstring_format_spec(t));
            let spec: Vec<Expr> = spec.into_iter().filter(|e| !is_empty_str(e)).collect();
            let loc = p.loc(s);
            let result = if spec.is_empty() || (spec.len() == 1 && matches!(spec[0].kind, ExprKind::Constant { .. })) {
                Expr::new(ExprKind::JoinedStr { values: spec }, loc)
            } else {
                match concatenate_strings(spec, loc) {
                    Ok(e) => e,
                    Err(msg) => return p.raise_last(ErrorKind::SyntaxError, msg),
                }
            };
            Some(WithMetadata { result, metadata: p.token_metadata(colon).map(str::to_owned) })
        })
    }

    /// ```text
    /// fstring_format_spec[expr_ty]:
    ///     | t=FSTRING_MIDDLE { _PyPegen_decoded_constant_from_token(p, t) }
    ///     | fstring_replacement_field
    /// ```
    fn fstring_format_spec(&mut self, t: bool) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, {
                let i = p.tok(if t { T::TstringMiddle } else { T::FstringMiddle })?;
                match string_parser::decode_string(p.in_raw_string(i), p.text(i)) {
                    Ok((v, inv)) => {
                        if let Some(inv) = inv {
                            p.warn_invalid_escape(i, 0, &inv);
                        }
                        Some(Self::constant(Constant::Str(v.into()), p.tok_loc(i)))
                    }
                    Err(e) => p.raise_last(ErrorKind::SyntaxError, &e.message()),
                }
            });
            alt!(p, { p.fstring_replacement_field(t, false) });
            None
        })
    }

    /// Whether the innermost f- or t-string holding token `i` has an `r`
    /// prefix: CPython 3.14 leaves the escapes of its format specs alone.
    fn in_raw_string(&self, i: usize) -> bool {
        let mut depth = 0;
        for j in (0..i).rev() {
            match self.toks[j].kind {
                T::FstringEnd | T::TstringEnd => depth += 1,
                T::FstringStart | T::TstringStart if depth == 0 => return self.text(j).contains(['r', 'R']),
                T::FstringStart | T::TstringStart => depth -= 1,
                _ => {}
            }
        }
        false
    }

    /// `annotated_rhs[expr_ty]: yield_expr | star_expressions`
    pub fn annotated_rhs(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, { p.yield_expr() });
            alt!(p, { p.star_expressions() });
            None
        })
    }

    /// ```text
    /// invalid_fstring_replacement_field:
    ///     | '{' a='=' { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "f-string: valid expression required before '='") }
    ///     | '{' a='!' { ... before '!' }
    ///     | '{' a=':' { ... before ':' }
    ///     | '{' a='}' { ... before '}' }
    ///     | '{' !annotated_rhs { RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: expecting a valid expression after '{'") }
    ///     | '{' annotated_rhs !('=' | '!' | ':' | '}') { ... "f-string: expecting '=', or '!', or ':', or '}'" }
    ///     | '{' annotated_rhs '=' !('!' | ':' | '}') { ... "f-string: expecting '!', or ':', or '}'" }
    ///     | '{' annotated_rhs '='? invalid_fstring_conversion_character
    ///     | '{' annotated_rhs '='? ['!' NAME] !(':' | '}') { ... "f-string: expecting ':' or '}'" }
    ///     | '{' annotated_rhs '='? ['!' NAME] ':' fstring_format_spec* !'}' { ... "f-string: expecting '}', or format specs" }
    ///     | '{' annotated_rhs '='? ['!' NAME] !'}' { ... "f-string: expecting '}'" }
    /// invalid_fstring_conversion_character:
    ///     | '!' &(':' | '}') { RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: missing conversion character") }
    ///     | '!' !NAME { RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: invalid conversion character") }
    /// ```
    /// (`invalid_tstring_replacement_field` alike, with "t-string:".)
    fn invalid_replacement_field(&mut self, t: bool) -> Option<()> {
        self.rule(|p| {
            let pre = prefix(t);
            for (tok, c) in [(T::Equal, '='), (T::Exclamation, '!'), (T::Colon, ':'), (T::Rbrace, '}')] {
                alt!(p, {
                    p.tok(T::Lbrace)?;
                    let a = p.tok(tok)?;
                    let msg = format!("{pre}: valid expression required before '{c}'");
                    p.raise_loc(p.tok_loc(a), &msg)
                });
            }
            alt!(p, {
                p.tok(T::Lbrace)?;
                if p.ahead(|p| p.annotated_rhs()) {
                    return None;
                }
                p.raise_next(&format!("{pre}: expecting a valid expression after '{{'"))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.annotated_rhs()?;
                if p.at(T::Equal) || p.at(T::Exclamation) || p.at(T::Colon) || p.at(T::Rbrace) {
                    return None;
                }
                p.raise_next(&format!("{pre}: expecting '=', or '!', or ':', or '}}'"))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.annotated_rhs()?;
                p.tok(T::Equal)?;
                if p.at(T::Exclamation) || p.at(T::Colon) || p.at(T::Rbrace) {
                    return None;
                }
                p.raise_next(&format!("{pre}: expecting '!', or ':', or '}}'"))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.annotated_rhs()?;
                p.opt(|p| p.tok(T::Equal));
                p.invalid_conversion_character(t)
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.annotated_rhs()?;
                p.opt(|p| p.tok(T::Equal));
                p.opt(|p| {
                    p.tok(T::Exclamation)?;
                    p.tok(T::Name)
                });
                if p.at(T::Colon) || p.at(T::Rbrace) {
                    return None;
                }
                p.raise_next(&format!("{pre}: expecting ':' or '}}'"))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.annotated_rhs()?;
                p.opt(|p| p.tok(T::Equal));
                p.opt(|p| {
                    p.tok(T::Exclamation)?;
                    p.tok(T::Name)
                });
                p.tok(T::Colon)?;
                p.repeat0(|p| p.fstring_format_spec(false));
                if p.at(T::Rbrace) {
                    return None;
                }
                p.raise_next(&format!("{pre}: expecting '}}', or format specs"))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.annotated_rhs()?;
                p.opt(|p| p.tok(T::Equal));
                p.opt(|p| {
                    p.tok(T::Exclamation)?;
                    p.tok(T::Name)
                });
                if p.at(T::Rbrace) {
                    return None;
                }
                p.raise_next(&format!("{pre}: expecting '}}'"))
            });
            None
        })
    }

    /// `invalid_fstring_conversion_character` (see above).
    fn invalid_conversion_character(&mut self, t: bool) -> Option<()> {
        self.rule(|p| {
            let pre = prefix(t);
            alt!(p, {
                p.tok(T::Exclamation)?;
                if !(p.at(T::Colon) || p.at(T::Rbrace)) {
                    return None;
                }
                p.raise_next(&format!("{pre}: missing conversion character"))
            });
            alt!(p, {
                p.tok(T::Exclamation)?;
                if p.at(T::Name) {
                    return None;
                }
                p.raise_next(&format!("{pre}: invalid conversion character"))
            });
            None
        })
    }
}

/// `_strip_interpolation_expr`: the expression text of a t-string field
/// without the `=` of a debug field and the whitespace (line continuations
/// included) after it.
fn strip_interpolation_expr(text: &str) -> &str {
    let trimmed =
        text.trim_end_matches(|c: char| c.is_whitespace() || c == '\\' || ('\x1c'..='\x1f').contains(&c));
    trimmed.strip_suffix('=').unwrap_or(text)
}

fn is_empty_str(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Constant { value, .. } if matches!(&**value, Constant::Str(s) if s.is_empty()))
}

/// Python's `repr()` of a str (for `%R` in messages).
fn py_repr(s: &str) -> String {
    let mut out = String::new();
    crate::ast::dump::repr_str(&mut out, &PyStr::from(s));
    out
}
