//! The grammar rules of Grammar/python.gram (CPython 3.14), one method of
//! [`Parser`] per rule, with the rule's text in its doc comment; the
//! structure follows the C code pegen generates into Parser/parser.c
//! (alternatives tried in order, the mark reset between them, `(memo)`
//! rules memoized, left-recursive rules grown from a seed, invalid_* rules
//! tried only on the second pass).

use crate::ast::*;
use crate::parser::pegen::Parser;
use crate::parser::token::TokenKind;

/// One alternative of a rule: run `$body` (a block evaluating to an
/// `Option`, where `?` fails the alternative); on success return from the
/// rule, on failure reset the mark. Like the generated code, stop as soon
/// as an error is set.
macro_rules! alt {
    ($p:ident, $body:block) => {{
        if $p.failed() {
            return None;
        }
        let mark = $p.mark;
        #[allow(clippy::redundant_closure_call)]
        let r = (|| $body)();
        match r {
            Some(v) => return Some(v),
            None => $p.mark = mark,
        }
    }};
}

/// An alternative that is an invalid_* rule: tried only on the second
/// pass (`if (p->call_invalid_rules)` in the generated code).
macro_rules! invalid {
    ($p:ident, $body:block) => {
        if $p.call_invalid_rules {
            alt!($p, $body);
        }
    };
}

mod expressions;
mod params;
mod patterns;
mod statements;
mod strings;
mod targets;

/// A `key: value` of a dict display (`KeyValuePair`); `None` key for `**x`.
pub type KeyValuePair = (Option<Expr>, Expr);

impl Parser<'_> {
    /// `_PyPegen_name_token`: a NAME (not a keyword) as a `Name` load.
    pub fn name(&mut self) -> Option<Expr> {
        let i = self.tok(TokenKind::Name)?;
        let id = crate::parser::action_helpers::new_identifier(self.text(i));
        // Only a normalized name can spell a keyword constant here.
        if !self.text(i).is_ascii() && matches!(&*id, "None" | "True" | "False") {
            self.error = Some(crate::parser::pegen::ParseError::Value(format!(
                "identifier field can't represent '{id}' constant"
            )));
            return None;
        }
        Some(Expr::new(ExprKind::Name { id, ctx: ExprContext::Load }, self.tok_loc(i)))
    }

    /// `_PyPegen_number_token`: a NUMBER as a `Constant`.
    pub fn number(&mut self) -> Option<Expr> {
        let i = self.tok(TokenKind::Number)?;
        if self.feature_version < 6 && self.text(i).contains('_') {
            return self.raise_last(
                crate::parser::error::ErrorKind::SyntaxError,
                "Underscores in numeric literals are only supported in Python 3.6 and greater",
            );
        }
        // A decimal int longer than `sys.get_int_max_str_digits()` fails
        // to convert (PyLong_FromString's ValueError, reported on the line).
        let text = self.text(i);
        let limit = crate::state::interp().int_max_str_digits();
        if limit > 0 && text.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            if digits > limit as usize {
                let t = self.toks[i];
                let msg = format!(
                    "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."
                );
                return self.raise_at(crate::parser::error::ErrorKind::SyntaxError, &msg, t.lineno, 0, t.end_lineno, 0);
            }
        }
        let value = crate::parser::action_helpers::parse_number(self.text(i));
        Some(Expr::new(ExprKind::Constant { value: Box::new(value), kind: None }, self.tok_loc(i)))
    }

    /// A `Constant` of `value` at `loc` (`_PyAST_Constant(v, NULL, EXTRA)`).
    pub fn constant(value: Constant, loc: Location) -> Expr {
        Expr::new(ExprKind::Constant { value: Box::new(value), kind: None }, loc)
    }

    /// The identifier of a `Name` node.
    pub fn id(e: &Expr) -> Identifier {
        match &e.kind {
            ExprKind::Name { id, .. } => id.clone(),
            _ => unreachable!("a NAME token makes a Name node"),
        }
    }

    /// A placeholder result for a second-pass alternative that matched
    /// without raising (`_PyPegen_dummy_name`): the second pass's tree is
    /// never used.
    pub fn dummy_expr() -> Expr {
        Expr::new(ExprKind::Name { id: "".into(), ctx: ExprContext::Load }, Location::default())
    }

    /// [`Parser::dummy_expr`] for statement rules.
    pub fn dummy_stmt() -> Stmt {
        Stmt::new(StmtKind::Pass, Location::default())
    }
}
