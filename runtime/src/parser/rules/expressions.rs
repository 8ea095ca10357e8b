//! The EXPRESSIONS, comprehension and call-argument rules of python.gram
//! and their invalid_* rules.

use super::KeyValuePair;
use crate::ast::*;
use crate::parser::action_helpers::*;
use crate::parser::error::ErrorKind;
use crate::parser::pegen::{Parser, Rule};
use crate::parser::token::TokenKind as T;

/// A matcher of the operator tokens of one comparison.
type TokenMatcher = for<'p, 'a> fn(&'p mut Parser<'a>) -> Option<usize>;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn binop(l: Expr, op: Operator, r: Expr, loc: Location) -> Expr {
    Expr::new(ExprKind::BinOp { left: bx(l), op, right: bx(r) }, loc)
}

fn tuple(elts: Vec<Expr>, loc: Location) -> Expr {
    Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, loc)
}

/// `_PyPegen_get_last_comprehension_item`.
/// What follows a primary in one of its left-recursive alternatives.
enum Trailer {
    Attribute(Identifier),
    Call(Vec<Expr>, Vec<Keyword>),
    Subscript(Expr),
}

pub fn last_comprehension_item(c: &Comprehension) -> Location {
    c.ifs.last().map_or(c.iter.loc, |e| e.loc)
}

impl Parser<'_> {
    /// `RAISE_SYNTAX_ERROR_INVALID_TARGET(type, e)`: fails silently when
    /// `e` has no invalid target.
    pub fn raise_invalid_target<T>(&mut self, ty: TargetsType, e: &Expr) -> Option<T> {
        let t = invalid_target(e, ty)?;
        let msg = match ty {
            TargetsType::DelTargets => format!("cannot delete {}", expr_name(t)),
            _ => format!("cannot assign to {}", expr_name(t)),
        };
        let loc = t.loc;
        self.raise_loc(loc, &msg)
    }

    /// ```text
    /// expressions[expr_ty]:
    ///     | a=expression b=(',' c=expression { c })+ [','] { Tuple(a + b) }
    ///     | a=expression ',' { Tuple([a]) }
    ///     | expression
    /// ```
    pub fn expressions(&mut self) -> Option<Expr> {
        self.rule(|p| p.comma_list(Self::expression))
    }

    /// The three alternatives of `expressions` and `star_expressions`,
    /// which all start with `a=item` (a memoized rule): its result is
    /// parsed once and shared, as pegen's memo hits share the node.
    fn comma_list(&mut self, item: fn(&mut Self) -> Option<Expr>) -> Option<Expr> {
        let p = self;
        let s = p.start()?;
        let a = item(p)?;
        let b = p.repeat0(|p| {
            p.tok(T::Comma)?;
            item(p)
        });
        if p.failed() {
            return None;
        }
        if !b.is_empty() {
            p.opt(|p| p.tok(T::Comma));
            let mut v = vec![a];
            v.extend(b);
            return Some(tuple(v, p.loc(s)));
        }
        if p.opt(|p| p.tok(T::Comma)).is_some() {
            return Some(tuple(vec![a], p.loc(s)));
        }
        Some(a)
    }

    /// ```text
    /// expression[expr_ty] (memo):
    ///     | invalid_expression
    ///     | invalid_legacy_expression
    ///     | a=disjunction 'if' b=disjunction 'else' c=expression { IfExp(b, a, c) }
    ///     | disjunction
    ///     | lambdef
    /// ```
    pub fn expression(&mut self) -> Option<Expr> {
        self.memoized(Rule::Expression, |p| {
            invalid!(p, { p.invalid_expression().map(|_| Self::dummy_expr()) });
            invalid!(p, { p.invalid_legacy_expression().map(|_| Self::dummy_expr()) });
            p.expression_tail()
        })
    }

    /// The valid alternatives of `expression`, shared with
    /// `expression_without_invalid`.
    fn expression_tail(&mut self) -> Option<Expr> {
        let p = self;
        let s = p.start()?;
        // The first two alternatives share `a=disjunction`.
        if let Some(a) = p.disjunction() {
            let m = p.mark;
            let tail = (|| {
                p.kw("if")?;
                let b = p.disjunction()?;
                p.kw("else")?;
                Some((b, p.expression()?))
            })();
            if let Some((b, c)) = tail {
                return Some(Expr::new(ExprKind::IfExp { test: bx(b), body: bx(a), orelse: bx(c) }, p.loc(s)));
            }
            if p.failed() {
                return None;
            }
            p.mark = m;
            return Some(a);
        }
        alt!(p, { p.lambdef() });
        None
    }

    /// ```text
    /// expression_without_invalid[expr_ty]:
    ///     | a=disjunction 'if' b=disjunction 'else' c=expression { IfExp(b, a, c) }
    ///     | disjunction
    ///     | lambdef
    /// ```
    pub fn expression_without_invalid(&mut self) -> Option<Expr> {
        self.without_invalid(|p| p.rule(|p| p.expression_tail()))
    }

    /// ```text
    /// invalid_legacy_expression:
    ///     | a=NAME !'(' b=star_expressions {
    ///         _PyPegen_check_legacy_stmt(p, a) ? RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b,
    ///             "Missing parentheses in call to '%U'. Did you mean %U(...)?", ...) : NULL}
    /// ```
    fn invalid_legacy_expression(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.name()?;
                if p.at(T::Lpar) {
                    return None;
                }
                let b = p.star_expressions()?;
                let n = is_legacy_stmt_name(&a)?;
                let msg = format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?");
                p.raise_range(a.loc, b.loc, &msg)
            });
            None
        })
    }

    /// ```text
    /// invalid_expression:
    ///    |  STRING a=(!STRING expression_without_invalid)+ STRING {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE( PyPegen_first_item(a, expr_ty), PyPegen_last_item(a, expr_ty),
    ///         "invalid syntax. Is this intended to be part of the string?") }
    ///    | !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid {
    ///         _PyPegen_check_legacy_stmt(p, a) ? NULL : p->tokens[p->mark-1]->level == 0 ? NULL :
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "invalid syntax. Perhaps you forgot a comma?") }
    ///    | a=disjunction 'if' b=disjunction !('else'|':') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "expected 'else' after 'if' expression") }
    ///    | a=disjunction 'if' b=disjunction 'else' !expression {
    ///         RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("expected expression after 'else', but statement is given") }
    ///    | a[stmt_ty]=(pass_stmt|break_stmt|continue_stmt) 'if' b=disjunction 'else' c=simple_stmt {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION (a, "expected expression before 'if', but statement is given") }
    ///    | a='lambda' [lambda_params] b=':' &FSTRING_MIDDLE  {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "f-string: lambda expressions are not allowed without parentheses") }
    ///    | a='lambda' [lambda_params] b=':' &TSTRING_MIDDLE  {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "t-string: lambda expressions are not allowed without parentheses") }
    /// ```
    fn invalid_expression(&mut self) -> Option<()> {
        self.rule(|p| {
            // What this parses without the invalid rules stays memoized
            // (an operand after a unary `+`/`-` that follows a string),
            // as in CPython.
            alt!(p, {
                p.tok(T::String)?;
                let a = p.repeat1(|p| {
                    if p.at(T::String) {
                        return None;
                    }
                    p.expression_without_invalid()
                })?;
                p.tok(T::String)?;
                let (first, last) = (a.first()?.loc, a.last()?.loc);
                p.raise_range(first, last, "invalid syntax. Is this intended to be part of the string?")
            });
            alt!(p, {
                let skip = p.ahead(|p| {
                    p.tok(T::Name)?;
                    p.tok(T::String)
                }) || p.ahead(|p| p.any_soft_keyword());
                if skip {
                    return None;
                }
                let a = p.disjunction()?;
                let b = p.expression_without_invalid()?;
                if is_legacy_stmt_name(&a).is_some() || p.toks[p.mark - 1].level == 0 {
                    return None;
                }
                p.raise_range(a.loc, b.loc, "invalid syntax. Perhaps you forgot a comma?")
            });
            alt!(p, {
                let a = p.disjunction()?;
                p.kw("if")?;
                let b = p.disjunction()?;
                if p.at_kw("else") || p.at(T::Colon) {
                    return None;
                }
                p.raise_range(a.loc, b.loc, "expected 'else' after 'if' expression")
            });
            alt!(p, {
                p.disjunction()?;
                p.kw("if")?;
                p.disjunction()?;
                p.kw("else")?;
                if p.ahead(|p| p.expression()) {
                    return None;
                }
                p.raise_next("expected expression after 'else', but statement is given")
            });
            alt!(p, {
                let s = p.start()?;
                let a = if p.kw("pass").is_some() || p.kw("break").is_some() || p.kw("continue").is_some() {
                    p.loc(s)
                } else {
                    return None;
                };
                p.kw("if")?;
                p.disjunction()?;
                p.kw("else")?;
                p.simple_stmt()?;
                p.raise_loc(a, "expected expression before 'if', but statement is given")
            });
            for (kind, msg) in [
                (T::FstringMiddle, "f-string: lambda expressions are not allowed without parentheses"),
                (T::TstringMiddle, "t-string: lambda expressions are not allowed without parentheses"),
            ] {
                alt!(p, {
                    let a = p.kw("lambda")?;
                    p.opt(|p| p.lambda_params());
                    let b = p.tok(T::Colon)?;
                    if !p.at(kind) {
                        return None;
                    }
                    p.raise_tok_range(a, b, msg)
                });
            }
            None
        })
    }

    /// ```text
    /// yield_expr[expr_ty]:
    ///     | 'yield' 'from' a=expression { YieldFrom(a) }
    ///     | 'yield' a=[star_expressions] { Yield(a) }
    /// ```
    pub fn yield_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.kw("yield")?;
                p.kw("from")?;
                let a = p.expression()?;
                Some(Expr::new(ExprKind::YieldFrom { value: bx(a) }, p.loc(s)))
            });
            alt!(p, {
                p.kw("yield")?;
                let a = p.opt(|p| p.star_expressions());
                Some(Expr::new(ExprKind::Yield { value: a.map(bx) }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// star_expressions[expr_ty]:
    ///     | a=star_expression b=(',' c=star_expression { c })+ [','] { Tuple(a + b) }
    ///     | a=star_expression ',' { Tuple([a]) }
    ///     | star_expression
    /// ```
    pub fn star_expressions(&mut self) -> Option<Expr> {
        self.rule(|p| p.comma_list(Self::star_expression))
    }

    /// ```text
    /// star_expression[expr_ty] (memo):
    ///     | '*' a=bitwise_or { Starred(a, Load) }
    ///     | expression
    /// ```
    pub fn star_expression(&mut self) -> Option<Expr> {
        self.memoized(Rule::StarExpression, |p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Star)?;
                let a = p.bitwise_or()?;
                Some(Expr::new(ExprKind::Starred { value: bx(a), ctx: ExprContext::Load }, p.loc(s)))
            });
            alt!(p, { p.expression() });
            None
        })
    }

    /// `star_named_expressions[asdl_expr_seq*]: a=','.star_named_expression+ [','] { a }`
    pub fn star_named_expressions(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            alt!(p, {
                let a = p.gather(T::Comma, |p| p.star_named_expression())?;
                p.opt(|p| p.tok(T::Comma));
                Some(a)
            });
            None
        })
    }

    /// ```text
    /// star_named_expression[expr_ty]:
    ///     | '*' a=bitwise_or { Starred(a, Load) }
    ///     | named_expression
    /// ```
    pub fn star_named_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Star)?;
                let a = p.bitwise_or()?;
                Some(Expr::new(ExprKind::Starred { value: bx(a), ctx: ExprContext::Load }, p.loc(s)))
            });
            alt!(p, { p.named_expression() });
            None
        })
    }

    /// ```text
    /// assignment_expression[expr_ty]:
    ///     | a=NAME ':=' ~ b=expression { NamedExpr(a as Store, b) }
    /// ```
    pub fn assignment_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            let a = p.name()?;
            p.tok(T::ColonEqual)?;
            // The cut: nothing else to try when the value is missing.
            let b = p.expression()?;
            let e = Expr::new(
                ExprKind::NamedExpr { target: bx(set_expr_context(a, ExprContext::Store)), value: bx(b) },
                p.loc(s),
            );
            p.check_version(8, "Assignment expressions are", e)
        })
    }

    /// ```text
    /// named_expression[expr_ty]:
    ///     | assignment_expression
    ///     | invalid_named_expression
    ///     | a=expression !':=' { a }
    /// ```
    pub fn named_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, { p.assignment_expression() });
            invalid!(p, { p.invalid_named_expression().map(|_| Self::dummy_expr()) });
            alt!(p, {
                let a = p.expression()?;
                if p.at(T::ColonEqual) {
                    return None;
                }
                Some(a)
            });
            None
        })
    }

    /// ```text
    /// invalid_named_expression(memo):
    ///     | a=expression ':=' expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use assignment expressions with %s", ...) }
    ///     | a=NAME '=' b=bitwise_or !('='|':=') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?") }
    ///     | !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot assign to %s here. Maybe you meant '==' instead of '='?", ...) }
    /// ```
    fn invalid_named_expression(&mut self) -> Option<()> {
        self.memoized(Rule::InvalidNamedExpression, |p| {
            alt!(p, {
                let a = p.expression()?;
                p.tok(T::ColonEqual)?;
                p.expression()?;
                let msg = format!("cannot use assignment expressions with {}", expr_name(&a));
                p.raise_loc(a.loc, &msg)
            });
            alt!(p, {
                let a = p.name()?;
                p.tok(T::Equal)?;
                let b = p.bitwise_or()?;
                if p.at(T::Equal) || p.at(T::ColonEqual) {
                    return None;
                }
                p.raise_range(a.loc, b.loc, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
            });
            alt!(p, {
                let excluded = p.ahead(|p| p.list())
                    || p.ahead(|p| p.tuple())
                    || p.ahead(|p| p.genexp())
                    || p.at_kw("True")
                    || p.at_kw("None")
                    || p.at_kw("False");
                if excluded {
                    return None;
                }
                let a = p.bitwise_or()?;
                p.tok(T::Equal)?;
                p.bitwise_or()?;
                if p.at(T::Equal) || p.at(T::ColonEqual) {
                    return None;
                }
                let msg = format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", expr_name(&a));
                p.raise_loc(a.loc, &msg)
            });
            None
        })
    }

    /// ```text
    /// disjunction[expr_ty] (memo):
    ///     | a=conjunction b=('or' c=conjunction { c })+ { BoolOp(Or, a + b) }
    ///     | conjunction
    /// ```
    pub fn disjunction(&mut self) -> Option<Expr> {
        self.memoized(Rule::Disjunction, |p| p.bool_chain("or", BoolOp::Or, Self::conjunction))
    }

    /// ```text
    /// conjunction[expr_ty] (memo):
    ///     | a=inversion b=('and' c=inversion { c })+ { BoolOp(And, a + b) }
    ///     | inversion
    /// ```
    pub fn conjunction(&mut self) -> Option<Expr> {
        self.memoized(Rule::Conjunction, |p| p.bool_chain("and", BoolOp::And, Self::inversion))
    }

    fn bool_chain(&mut self, kw: &str, op: BoolOp, sub: fn(&mut Self) -> Option<Expr>) -> Option<Expr> {
        // Both alternatives start with `a=sub`, parsed once.
        let p = self;
        let s = p.start()?;
        let a = sub(p)?;
        let b = p.repeat0(|p| {
            p.kw(kw)?;
            sub(p)
        });
        if p.failed() {
            return None;
        }
        if b.is_empty() {
            return Some(a);
        }
        let mut values = vec![a];
        values.extend(b);
        Some(Expr::new(ExprKind::BoolOp { op, values }, p.loc(s)))
    }

    /// ```text
    /// inversion[expr_ty] (memo):
    ///     | 'not' a=inversion { UnaryOp(Not, a) }
    ///     | comparison
    /// ```
    pub fn inversion(&mut self) -> Option<Expr> {
        self.memoized(Rule::Inversion, |p| {
            let s = p.start()?;
            alt!(p, {
                p.kw("not")?;
                let a = p.inversion()?;
                Some(Expr::new(ExprKind::UnaryOp { op: UnaryOp::Not, operand: bx(a) }, p.loc(s)))
            });
            alt!(p, { p.comparison() });
            None
        })
    }

    /// ```text
    /// comparison[expr_ty]:
    ///     | a=bitwise_or b=compare_op_bitwise_or_pair+ { Compare(a, ops(b), exprs(b)) }
    ///     | bitwise_or
    /// ```
    pub fn comparison(&mut self) -> Option<Expr> {
        // Both alternatives start with `a=bitwise_or`, parsed once.
        self.rule(|p| {
            let s = p.start()?;
            let a = p.bitwise_or()?;
            let b = p.repeat0(|p| p.compare_op_bitwise_or_pair());
            if p.failed() {
                return None;
            }
            if b.is_empty() {
                return Some(a);
            }
            let (ops, comparators) = b.into_iter().unzip();
            Some(Expr::new(ExprKind::Compare { left: bx(a), ops, comparators }, p.loc(s)))
        })
    }

    /// ```text
    /// compare_op_bitwise_or_pair[CmpopExprPair*]:
    ///     | eq_bitwise_or | noteq_bitwise_or | lte_bitwise_or | lt_bitwise_or | gte_bitwise_or
    ///     | gt_bitwise_or | notin_bitwise_or | in_bitwise_or | isnot_bitwise_or | is_bitwise_or
    /// ```
    /// Each `x_bitwise_or` is `op a=bitwise_or { _PyPegen_cmpop_expr_pair(p, X, a) }`.
    fn compare_op_bitwise_or_pair(&mut self) -> Option<(CmpOp, Expr)> {
        self.rule(|p| {
            let ops: [(CmpOp, TokenMatcher); 10] = [
                (CmpOp::Eq, |p| p.tok(T::EqEqual)),
                (CmpOp::NotEq, |p| p.tok(T::NotEqual)),
                (CmpOp::LtE, |p| p.tok(T::LessEqual)),
                (CmpOp::Lt, |p| p.tok(T::Less)),
                (CmpOp::GtE, |p| p.tok(T::GreaterEqual)),
                (CmpOp::Gt, |p| p.tok(T::Greater)),
                (CmpOp::NotIn, |p| {
                    p.kw("not")?;
                    p.kw("in")
                }),
                (CmpOp::In, |p| p.kw("in")),
                (CmpOp::IsNot, |p| {
                    p.kw("is")?;
                    p.kw("not")
                }),
                (CmpOp::Is, |p| p.kw("is")),
            ];
            for (op, f) in ops {
                alt!(p, {
                    p.rule(|p| {
                        f(p)?;
                        Some((op, p.bitwise_or()?))
                    })
                });
            }
            None
        })
    }

    /// ```text
    /// bitwise_or[expr_ty]:
    ///     | a=bitwise_or '|' b=bitwise_xor { BinOp(a, BitOr, b) }
    ///     | bitwise_xor
    /// ```
    pub fn bitwise_or(&mut self) -> Option<Expr> {
        self.left_rec(Rule::BitwiseOr, Self::bitwise_xor, |p, s, a| p.grow_binop(s, a, &[(T::Vbar, Operator::BitOr)], Self::bitwise_xor))
    }

    /// ```text
    /// bitwise_xor[expr_ty]:
    ///     | a=bitwise_xor '^' b=bitwise_and { BinOp(a, BitXor, b) }
    ///     | bitwise_and
    /// ```
    pub fn bitwise_xor(&mut self) -> Option<Expr> {
        self.left_rec(Rule::BitwiseXor, Self::bitwise_and, |p, s, a| {
            p.grow_binop(s, a, &[(T::Circumflex, Operator::BitXor)], Self::bitwise_and)
        })
    }

    /// ```text
    /// bitwise_and[expr_ty]:
    ///     | a=bitwise_and '&' b=shift_expr { BinOp(a, BitAnd, b) }
    ///     | shift_expr
    /// ```
    pub fn bitwise_and(&mut self) -> Option<Expr> {
        self.left_rec(Rule::BitwiseAnd, Self::shift_expr, |p, s, a| p.grow_binop(s, a, &[(T::Amper, Operator::BitAnd)], Self::shift_expr))
    }

    /// The left-recursive alternatives `a=self OP b=next { BinOp(a, op, b) }`
    /// of a binary-operator rule, on the seed `a` (the `grow` of
    /// [`Parser::left_rec`]; `s` is the seed's first token).
    fn grow_binop(&mut self, s: usize, a: Expr, ops: &[(T, Operator)], next: fn(&mut Self) -> Option<Expr>) -> Result<Expr, Expr> {
        let mark = self.mark;
        for &(tok, op) in ops {
            if self.failed() {
                break;
            }
            if self.tok(tok).is_some()
                && let Some(b) = next(self)
            {
                if op == Operator::MatMult && self.check_version(5, "The '@' operator is", ()).is_none() {
                    return Err(a);
                }
                return Ok(binop(a, op, b, self.loc(s)));
            }
            self.mark = mark;
        }
        Err(a)
    }

    /// ```text
    /// shift_expr[expr_ty]:
    ///     | a=shift_expr '<<' b=sum { BinOp(a, LShift, b) }
    ///     | a=shift_expr '>>' b=sum { BinOp(a, RShift, b) }
    ///     | invalid_arithmetic
    ///     | sum
    /// ```
    pub fn shift_expr(&mut self) -> Option<Expr> {
        self.left_rec(
            Rule::ShiftExpr,
            |p| {
                invalid!(p, { p.invalid_arithmetic().map(|_| Self::dummy_expr()) });
                alt!(p, { p.sum() });
                None
            },
            |p, s, a| p.grow_binop(s, a, &[(T::LeftShift, Operator::LShift), (T::RightShift, Operator::RShift)], Self::sum),
        )
    }

    /// ```text
    /// sum[expr_ty]:
    ///     | a=sum '+' b=term { BinOp(a, Add, b) }
    ///     | a=sum '-' b=term { BinOp(a, Sub, b) }
    ///     | term
    /// ```
    pub fn sum(&mut self) -> Option<Expr> {
        self.left_rec(Rule::Sum, Self::term, |p, s, a| p.grow_binop(s, a, &[(T::Plus, Operator::Add), (T::Minus, Operator::Sub)], Self::term))
    }

    /// ```text
    /// term[expr_ty]:
    ///     | a=term '*' b=factor { BinOp(a, Mult, b) }
    ///     | a=term '/' b=factor { BinOp(a, Div, b) }
    ///     | a=term '//' b=factor { BinOp(a, FloorDiv, b) }
    ///     | a=term '%' b=factor { BinOp(a, Mod, b) }
    ///     | a=term '@' b=factor { BinOp(a, MatMult, b) }
    ///     | invalid_factor
    ///     | factor
    /// ```
    pub fn term(&mut self) -> Option<Expr> {
        self.left_rec(
            Rule::Term,
            |p| {
                invalid!(p, { p.invalid_factor().map(|_| Self::dummy_expr()) });
                alt!(p, { p.factor() });
                None
            },
            |p, s, a| {
                let ops = [
                    (T::Star, Operator::Mult),
                    (T::Slash, Operator::Div),
                    (T::DoubleSlash, Operator::FloorDiv),
                    (T::Percent, Operator::Mod),
                    (T::At, Operator::MatMult),
                ];
                p.grow_binop(s, a, &ops, Self::factor)
            },
        )
    }

    /// ```text
    /// invalid_arithmetic:
    ///     | sum ('+'|'-'|'*'|'/'|'%'|'//'|'@') a='not' b=inversion {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "'not' after an operator must be parenthesized") }
    /// ```
    fn invalid_arithmetic(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.sum()?;
                let t = p.peek()?;
                if !matches!(t.kind, T::Plus | T::Minus | T::Star | T::Slash | T::Percent | T::DoubleSlash | T::At) {
                    return None;
                }
                p.mark += 1;
                let a = p.kw("not")?;
                let b = p.inversion()?;
                p.raise_range(p.tok_loc(a), b.loc, "'not' after an operator must be parenthesized")
            });
            None
        })
    }

    /// ```text
    /// invalid_factor:
    ///     | ('+' | '-' | '~') a='not' b=factor {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "'not' after an operator must be parenthesized") }
    /// ```
    fn invalid_factor(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let t = p.peek()?;
                if !matches!(t.kind, T::Plus | T::Minus | T::Tilde) {
                    return None;
                }
                p.mark += 1;
                let a = p.kw("not")?;
                let b = p.factor()?;
                p.raise_range(p.tok_loc(a), b.loc, "'not' after an operator must be parenthesized")
            });
            None
        })
    }

    /// ```text
    /// factor[expr_ty] (memo):
    ///     | '+' a=factor { UnaryOp(UAdd, a) }
    ///     | '-' a=factor { UnaryOp(USub, a) }
    ///     | '~' a=factor { UnaryOp(Invert, a) }
    ///     | power
    /// ```
    pub fn factor(&mut self) -> Option<Expr> {
        self.memoized(Rule::Factor, |p| {
            let s = p.start()?;
            for (tok, op) in [(T::Plus, UnaryOp::UAdd), (T::Minus, UnaryOp::USub), (T::Tilde, UnaryOp::Invert)] {
                alt!(p, {
                    p.tok(tok)?;
                    let a = p.factor()?;
                    Some(Expr::new(ExprKind::UnaryOp { op, operand: bx(a) }, p.loc(s)))
                });
            }
            alt!(p, { p.power() });
            None
        })
    }

    /// ```text
    /// power[expr_ty]:
    ///     | a=await_primary '**' b=factor { BinOp(a, Pow, b) }
    ///     | await_primary
    /// ```
    pub fn power(&mut self) -> Option<Expr> {
        // Both alternatives start with `a=await_primary`, parsed once.
        self.rule(|p| {
            let s = p.start()?;
            let a = p.await_primary()?;
            let m = p.mark;
            if p.tok(T::DoubleStar).is_some()
                && let Some(b) = p.factor()
            {
                return Some(binop(a, Operator::Pow, b, p.loc(s)));
            }
            if p.failed() {
                return None;
            }
            p.mark = m;
            Some(a)
        })
    }

    /// ```text
    /// await_primary[expr_ty] (memo):
    ///     | 'await' a=primary { Await(a) }
    ///     | primary
    /// ```
    pub fn await_primary(&mut self) -> Option<Expr> {
        self.memoized(Rule::AwaitPrimary, |p| {
            let s = p.start()?;
            alt!(p, {
                p.kw("await")?;
                let a = p.primary()?;
                let e = Expr::new(ExprKind::Await { value: bx(a) }, p.loc(s));
                p.check_version(5, "Await expressions are", e)
            });
            alt!(p, { p.primary() });
            None
        })
    }

    /// ```text
    /// primary[expr_ty]:
    ///     | a=primary '.' b=NAME { Attribute(a, b, Load) }
    ///     | a=primary b=genexp { Call(a, [b]) }
    ///     | a=primary '(' b=[arguments] ')' { Call(a, b.args, b.keywords) }
    ///     | a=primary '[' b=slices ']' { Subscript(a, b, Load) }
    ///     | atom
    /// ```
    pub fn primary(&mut self) -> Option<Expr> {
        self.left_rec(Rule::Primary, Self::atom, |p, s, a| p.grow_trailer(s, a, ExprContext::Load, false))
    }

    /// The four left-recursive alternatives shared by `primary` and
    /// `t_primary` (`a.b`, `a(genexp)`, `a(arguments)`, `a[slices]`) on the
    /// seed `a` (the `grow` of [`Parser::left_rec`]; `s` is the seed's first
    /// token). With `lookahead` (`t_primary`) each must be followed by
    /// `&t_lookahead`.
    pub fn grow_trailer(&mut self, s: usize, a: Expr, ctx: ExprContext, lookahead: bool) -> Result<Expr, Expr> {
        let mark = self.mark;
        let trailer = |p: &mut Self, f: fn(&mut Self) -> Option<Trailer>| -> Option<Trailer> {
            if p.failed() {
                return None;
            }
            let r = f(p).filter(|_| !lookahead || p.t_lookahead());
            if r.is_none() {
                p.mark = mark;
            }
            r
        };
        let t = trailer(self, |p| {
            p.tok(T::Dot)?;
            Some(Trailer::Attribute(Self::id(&p.name()?)))
        })
        .or_else(|| trailer(self, |p| Some(Trailer::Call(vec![p.genexp()?], vec![]))))
        .or_else(|| {
            trailer(self, |p| {
                p.tok(T::Lpar)?;
                let b = p.opt(|p| p.arguments());
                p.tok(T::Rpar)?;
                Some(match b.map(|b| b.kind) {
                    Some(ExprKind::Call { args, keywords, .. }) => Trailer::Call(args, keywords),
                    _ => Trailer::Call(vec![], vec![]),
                })
            })
        })
        .or_else(|| {
            trailer(self, |p| {
                p.tok(T::Lsqb)?;
                let b = p.slices()?;
                p.tok(T::Rsqb)?;
                Some(Trailer::Subscript(b))
            })
        });
        let kind = match t {
            None => return Err(a),
            Some(Trailer::Attribute(attr)) => ExprKind::Attribute { value: bx(a), attr, ctx },
            Some(Trailer::Call(args, keywords)) => ExprKind::Call { func: bx(a), args, keywords },
            Some(Trailer::Subscript(b)) => ExprKind::Subscript { value: bx(a), slice: bx(b), ctx },
        };
        Ok(Expr::new(kind, self.loc(s)))
    }

    /// ```text
    /// slices[expr_ty]:
    ///     | a=slice !',' { a }
    ///     | a=','.(slice | starred_expression)+ [','] { Tuple(a, Load) }
    /// ```
    pub fn slices(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let a = p.slice()?;
                if p.at(T::Comma) {
                    return None;
                }
                Some(a)
            });
            alt!(p, {
                let a = p.gather(T::Comma, |p| {
                    let m = p.mark;
                    if let Some(e) = p.slice() {
                        return Some(e);
                    }
                    p.mark = m;
                    p.starred_expression()
                })?;
                p.opt(|p| p.tok(T::Comma));
                Some(tuple(a, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// slice[expr_ty]:
    ///     | a=[expression] ':' b=[expression] c=[':' d=[expression] { d }] { Slice(a, b, c) }
    ///     | a=named_expression { a }
    /// ```
    pub fn slice(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let a = p.opt(|p| p.expression());
                p.tok(T::Colon)?;
                let b = p.opt(|p| p.expression());
                let c = p.opt(|p| {
                    p.tok(T::Colon)?;
                    Some(p.opt(|p| p.expression()))
                });
                Some(Expr::new(
                    ExprKind::Slice { lower: a.map(bx), upper: b.map(bx), step: c.flatten().map(bx) },
                    p.loc(s),
                ))
            });
            alt!(p, { p.named_expression() });
            None
        })
    }

    /// ```text
    /// atom[expr_ty]:
    ///     | NAME
    ///     | 'True' | 'False' | 'None'
    ///     | &(STRING|FSTRING_START|TSTRING_START) strings
    ///     | NUMBER
    ///     | &'(' (tuple | group | genexp)
    ///     | &'[' (list | listcomp)
    ///     | &'{' (dict | set | dictcomp | setcomp)
    ///     | '...' { Constant(Ellipsis) }
    /// ```
    pub fn atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            let t = p.toks[s];
            match t.kind {
                T::Name if !t.keyword => p.name(),
                T::Name => {
                    let v = match p.text(s) {
                        "True" => Constant::Bool(true),
                        "False" => Constant::Bool(false),
                        "None" => Constant::None,
                        _ => return None,
                    };
                    p.mark += 1;
                    Some(Self::constant(v, p.loc(s)))
                }
                T::String | T::FstringStart | T::TstringStart => p.strings(),
                T::Number => p.number(),
                T::Lpar => {
                    alt!(p, { p.tuple() });
                    alt!(p, { p.group() });
                    alt!(p, { p.genexp() });
                    None
                }
                T::Lsqb => {
                    alt!(p, { p.list() });
                    alt!(p, { p.listcomp() });
                    None
                }
                T::Lbrace => {
                    alt!(p, { p.dict() });
                    alt!(p, { p.set() });
                    alt!(p, { p.dictcomp() });
                    alt!(p, { p.setcomp() });
                    None
                }
                T::Ellipsis => {
                    p.mark += 1;
                    Some(Self::constant(Constant::Ellipsis, p.loc(s)))
                }
                _ => None,
            }
        })
    }

    /// ```text
    /// group[expr_ty]:
    ///     | '(' a=(yield_expr | named_expression) ')' { a }
    ///     | invalid_group
    /// ```
    pub fn group(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, {
                p.tok(T::Lpar)?;
                let m = p.mark;
                let a = match p.yield_expr() {
                    Some(a) => a,
                    None => {
                        p.mark = m;
                        p.named_expression()?
                    }
                };
                p.tok(T::Rpar)?;
                Some(a)
            });
            invalid!(p, { p.invalid_group().map(|_| Self::dummy_expr()) });
            None
        })
    }

    /// ```text
    /// invalid_group:
    ///     | '(' a=starred_expression ')' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use starred expression here") }
    ///     | '(' a='**' expression ')' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use double starred expression here") }
    /// ```
    fn invalid_group(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.starred_expression()?;
                p.tok(T::Rpar)?;
                p.raise_loc(a.loc, "cannot use starred expression here")
            });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.tok(T::DoubleStar)?;
                p.expression()?;
                p.tok(T::Rpar)?;
                p.raise_loc(p.tok_loc(a), "cannot use double starred expression here")
            });
            None
        })
    }

    /// `list[expr_ty]: '[' a=[star_named_expressions] ']' { List(a, Load) }`
    pub fn list(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            p.tok(T::Lsqb)?;
            let a = p.opt(|p| p.star_named_expressions()).unwrap_or_default();
            p.tok(T::Rsqb)?;
            Some(Expr::new(ExprKind::List { elts: a, ctx: ExprContext::Load }, p.loc(s)))
        })
    }

    /// ```text
    /// tuple[expr_ty]:
    ///     | '(' a=[y=star_named_expression ',' z=[star_named_expressions] { [y] + z } ] ')' { Tuple(a, Load) }
    /// ```
    pub fn tuple(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            p.tok(T::Lpar)?;
            let a = p
                .opt(|p| {
                    let y = p.star_named_expression()?;
                    p.tok(T::Comma)?;
                    let z = p.opt(|p| p.star_named_expressions()).unwrap_or_default();
                    let mut v = vec![y];
                    v.extend(z);
                    Some(v)
                })
                .unwrap_or_default();
            p.tok(T::Rpar)?;
            Some(tuple(a, p.loc(s)))
        })
    }

    /// `set[expr_ty]: '{' a=star_named_expressions '}' { Set(a) }`
    pub fn set(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            p.tok(T::Lbrace)?;
            let a = p.star_named_expressions()?;
            p.tok(T::Rbrace)?;
            Some(Expr::new(ExprKind::Set { elts: a }, p.loc(s)))
        })
    }

    /// ```text
    /// dict[expr_ty]:
    ///     | '{' a=[double_starred_kvpairs] '}' { Dict(keys(a), values(a)) }
    ///     | '{' invalid_double_starred_kvpairs '}'
    /// ```
    pub fn dict(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lbrace)?;
                let a = p.opt(|p| p.double_starred_kvpairs()).unwrap_or_default();
                p.tok(T::Rbrace)?;
                let (keys, values) = a.into_iter().unzip();
                Some(Expr::new(ExprKind::Dict { keys, values }, p.loc(s)))
            });
            invalid!(p, {
                p.tok(T::Lbrace)?;
                p.invalid_double_starred_kvpairs()?;
                p.tok(T::Rbrace)?;
                Some(Self::dummy_expr())
            });
            None
        })
    }

    /// `double_starred_kvpairs[asdl_seq*]: a=','.double_starred_kvpair+ [','] { a }`
    fn double_starred_kvpairs(&mut self) -> Option<Vec<KeyValuePair>> {
        self.rule(|p| {
            let a = p.gather(T::Comma, |p| p.double_starred_kvpair())?;
            p.opt(|p| p.tok(T::Comma));
            Some(a)
        })
    }

    /// ```text
    /// double_starred_kvpair[KeyValuePair*]:
    ///     | '**' a=bitwise_or { (NULL, a) }
    ///     | kvpair
    /// ```
    fn double_starred_kvpair(&mut self) -> Option<KeyValuePair> {
        self.rule(|p| {
            alt!(p, {
                p.tok(T::DoubleStar)?;
                Some((None, p.bitwise_or()?))
            });
            alt!(p, { p.kvpair().map(|(k, v)| (Some(k), v)) });
            None
        })
    }

    /// `kvpair[KeyValuePair*]: a=expression ':' b=expression { (a, b) }`
    fn kvpair(&mut self) -> Option<(Expr, Expr)> {
        self.rule(|p| {
            let a = p.expression()?;
            p.tok(T::Colon)?;
            let b = p.expression()?;
            Some((a, b))
        })
    }

    /// ```text
    /// invalid_double_starred_kvpairs:
    ///     | ','.double_starred_kvpair+ ',' invalid_kvpair
    ///     | expression ':' a='*' bitwise_or {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(a, "cannot use a starred expression in a dictionary value") }
    ///     | expression a=':' &('}'|',') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expression expected after dictionary key and ':'") }
    /// ```
    fn invalid_double_starred_kvpairs(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.gather(T::Comma, |p| p.double_starred_kvpair())?;
                p.tok(T::Comma)?;
                p.invalid_kvpair()
            });
            alt!(p, {
                p.expression()?;
                p.tok(T::Colon)?;
                let a = p.tok(T::Star)?;
                p.bitwise_or()?;
                p.raise_from(p.tok_loc(a), "cannot use a starred expression in a dictionary value")
            });
            alt!(p, {
                p.expression()?;
                let a = p.tok(T::Colon)?;
                if !(p.at(T::Rbrace) || p.at(T::Comma)) {
                    return None;
                }
                p.raise_loc(p.tok_loc(a), "expression expected after dictionary key and ':'")
            });
            None
        })
    }

    /// ```text
    /// invalid_kvpair:
    ///     | a=expression !(':') {
    ///         RAISE_ERROR_KNOWN_LOCATION(p, PyExc_SyntaxError, a->lineno, a->end_col_offset - 1,
    ///                                    a->end_lineno, -1, "':' expected after dictionary key") }
    ///     | expression ':' a='*' bitwise_or {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(a, "cannot use a starred expression in a dictionary value") }
    ///     | expression a=':' &('}'|',') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expression expected after dictionary key and ':'") }
    /// ```
    fn invalid_kvpair(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.expression()?;
                if p.at(T::Colon) {
                    return None;
                }
                p.raise_at(
                    ErrorKind::SyntaxError,
                    "':' expected after dictionary key",
                    a.loc.lineno,
                    a.loc.end_col_offset,
                    a.loc.end_lineno,
                    0,
                )
            });
            alt!(p, {
                p.expression()?;
                p.tok(T::Colon)?;
                let a = p.tok(T::Star)?;
                p.bitwise_or()?;
                p.raise_from(p.tok_loc(a), "cannot use a starred expression in a dictionary value")
            });
            alt!(p, {
                p.expression()?;
                let a = p.tok(T::Colon)?;
                if !(p.at(T::Rbrace) || p.at(T::Comma)) {
                    return None;
                }
                p.raise_loc(p.tok_loc(a), "expression expected after dictionary key and ':'")
            });
            None
        })
    }

    /// `for_if_clauses[asdl_comprehension_seq*]: a=for_if_clause+ { a }`
    pub fn for_if_clauses(&mut self) -> Option<Vec<Comprehension>> {
        self.rule(|p| p.repeat1(|p| p.for_if_clause()))
    }

    /// ```text
    /// for_if_clause[comprehension_ty]:
    ///     | 'async' 'for' a=star_targets 'in' ~ b=disjunction c=('if' z=disjunction { z })* { comprehension(a, b, c, 1) }
    ///     | 'for' a=star_targets 'in' ~ b=disjunction c=('if' z=disjunction { z })* { comprehension(a, b, c, 0) }
    ///     | invalid_for_if_clause
    ///     | invalid_for_target
    /// ```
    fn for_if_clause(&mut self) -> Option<Comprehension> {
        self.rule(|p| {
            for is_async in [true, false] {
                let mut cut = false;
                alt!(p, {
                    if is_async {
                        p.kw("async")?;
                    }
                    p.kw("for")?;
                    let a = p.star_targets()?;
                    p.kw("in")?;
                    cut = true;
                    let b = p.disjunction()?;
                    let c = p.repeat0(|p| {
                        p.kw("if")?;
                        p.disjunction()
                    });
                    let comp = Comprehension { target: a, iter: b, ifs: c, is_async };
                    if is_async {
                        return p.check_version(6, "Async comprehensions are", comp);
                    }
                    Some(comp)
                });
                if cut {
                    return None;
                }
            }
            invalid!(p, { p.invalid_for_if_clause().map(|_| unreachable!("always raises")) });
            invalid!(p, { p.invalid_for_target().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_for_if_clause:
    ///     | 'async'? 'for' (bitwise_or (',' bitwise_or)* [',']) !'in' {
    ///         RAISE_SYNTAX_ERROR("'in' expected after for-loop variables") }
    /// ```
    fn invalid_for_if_clause(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.opt(|p| p.kw("async"));
                p.kw("for")?;
                p.bitwise_or()?;
                p.repeat0(|p| {
                    p.tok(T::Comma)?;
                    p.bitwise_or()
                });
                p.opt(|p| p.tok(T::Comma));
                if p.at_kw("in") {
                    return None;
                }
                p.raise_last(ErrorKind::SyntaxError, "'in' expected after for-loop variables")
            });
            None
        })
    }

    /// ```text
    /// invalid_for_target:
    ///     | 'async'? 'for' a=star_expressions {
    ///         RAISE_SYNTAX_ERROR_INVALID_TARGET(FOR_TARGETS, a) }
    /// ```
    pub fn invalid_for_target(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.opt(|p| p.kw("async"));
                p.kw("for")?;
                let a = p.star_expressions()?;
                p.raise_invalid_target(TargetsType::ForTargets, &a)
            });
            None
        })
    }

    /// ```text
    /// listcomp[expr_ty]:
    ///     | '[' a=named_expression b=for_if_clauses ']' { ListComp(a, b) }
    ///     | invalid_comprehension
    /// ```
    pub fn listcomp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lsqb)?;
                let a = p.named_expression()?;
                let b = p.for_if_clauses()?;
                p.tok(T::Rsqb)?;
                Some(Expr::new(ExprKind::ListComp { elt: bx(a), generators: b }, p.loc(s)))
            });
            invalid!(p, { p.invalid_comprehension().map(|_| Self::dummy_expr()) });
            None
        })
    }

    /// ```text
    /// setcomp[expr_ty]:
    ///     | '{' a=named_expression b=for_if_clauses '}' { SetComp(a, b) }
    ///     | invalid_comprehension
    /// ```
    pub fn setcomp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lbrace)?;
                let a = p.named_expression()?;
                let b = p.for_if_clauses()?;
                p.tok(T::Rbrace)?;
                Some(Expr::new(ExprKind::SetComp { elt: bx(a), generators: b }, p.loc(s)))
            });
            invalid!(p, { p.invalid_comprehension().map(|_| Self::dummy_expr()) });
            None
        })
    }

    /// ```text
    /// genexp[expr_ty]:
    ///     | '(' a=( assignment_expression | expression !':=') b=for_if_clauses ')' { GeneratorExp(a, b) }
    ///     | invalid_comprehension
    /// ```
    pub fn genexp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.assignment_expression_or_plain()?;
                let b = p.for_if_clauses()?;
                p.tok(T::Rpar)?;
                Some(Expr::new(ExprKind::GeneratorExp { elt: bx(a), generators: b }, p.loc(s)))
            });
            invalid!(p, { p.invalid_comprehension().map(|_| Self::dummy_expr()) });
            None
        })
    }

    /// The group `( assignment_expression | expression !':=')`.
    fn assignment_expression_or_plain(&mut self) -> Option<Expr> {
        let m = self.mark;
        if let Some(a) = self.assignment_expression() {
            return Some(a);
        }
        self.mark = m;
        if self.failed() {
            return None;
        }
        let a = self.expression()?;
        if self.at(T::ColonEqual) {
            self.mark = m;
            return None;
        }
        Some(a)
    }

    /// ```text
    /// dictcomp[expr_ty]:
    ///     | '{' a=kvpair b=for_if_clauses '}' { DictComp(a.key, a.value, b) }
    ///     | invalid_dict_comprehension
    /// ```
    pub fn dictcomp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lbrace)?;
                let (k, v) = p.kvpair()?;
                let b = p.for_if_clauses()?;
                p.tok(T::Rbrace)?;
                Some(Expr::new(ExprKind::DictComp { key: bx(k), value: bx(v), generators: b }, p.loc(s)))
            });
            invalid!(p, { p.invalid_dict_comprehension().map(|_| Self::dummy_expr()) });
            None
        })
    }

    /// ```text
    /// invalid_comprehension:
    ///     | ('[' | '(' | '{') a=starred_expression for_if_clauses {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "iterable unpacking cannot be used in comprehension") }
    ///     | ('[' | '{') a=star_named_expression ',' b=star_named_expressions for_if_clauses {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, PyPegen_last_item(b, expr_ty),
    ///         "did you forget parentheses around the comprehension target?") }
    ///     | ('[' | '{') a=star_named_expression b=',' for_if_clauses {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "did you forget parentheses around the comprehension target?") }
    /// ```
    fn invalid_comprehension(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                if p.tok(T::Lsqb).is_none() && p.tok(T::Lpar).is_none() && p.tok(T::Lbrace).is_none() {
                    return None;
                }
                let a = p.starred_expression()?;
                p.for_if_clauses()?;
                p.raise_loc(a.loc, "iterable unpacking cannot be used in comprehension")
            });
            alt!(p, {
                if p.tok(T::Lsqb).is_none() && p.tok(T::Lbrace).is_none() {
                    return None;
                }
                let a = p.star_named_expression()?;
                p.tok(T::Comma)?;
                let b = p.star_named_expressions()?;
                p.for_if_clauses()?;
                let last = b.last()?.loc;
                p.raise_range(a.loc, last, "did you forget parentheses around the comprehension target?")
            });
            alt!(p, {
                if p.tok(T::Lsqb).is_none() && p.tok(T::Lbrace).is_none() {
                    return None;
                }
                let a = p.star_named_expression()?;
                let b = p.tok(T::Comma)?;
                p.for_if_clauses()?;
                p.raise_range(a.loc, p.tok_loc(b), "did you forget parentheses around the comprehension target?")
            });
            None
        })
    }

    /// ```text
    /// invalid_dict_comprehension:
    ///     | '{' a='**' bitwise_or for_if_clauses '}' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "dict unpacking cannot be used in dict comprehension") }
    /// ```
    fn invalid_dict_comprehension(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.tok(T::Lbrace)?;
                let a = p.tok(T::DoubleStar)?;
                p.bitwise_or()?;
                p.for_if_clauses()?;
                p.tok(T::Rbrace)?;
                p.raise_loc(p.tok_loc(a), "dict unpacking cannot be used in dict comprehension")
            });
            None
        })
    }

    /// ```text
    /// arguments[expr_ty] (memo):
    ///     | a=args [','] &')' { a }
    ///     | invalid_arguments
    /// ```
    pub fn arguments(&mut self) -> Option<Expr> {
        self.memoized(Rule::Arguments, |p| {
            alt!(p, {
                let a = p.args()?;
                p.opt(|p| p.tok(T::Comma));
                if !p.at(T::Rpar) {
                    return None;
                }
                Some(a)
            });
            invalid!(p, { p.invalid_arguments().map(|_| Self::dummy_expr()) });
            None
        })
    }

    /// One positional argument:
    /// `(starred_expression | ( assignment_expression | expression !':=') !'=')`.
    fn positional_arg(&mut self) -> Option<Expr> {
        let m = self.mark;
        if let Some(e) = self.starred_expression() {
            return Some(e);
        }
        self.mark = m;
        if self.failed() {
            return None;
        }
        let e = self.assignment_expression_or_plain()?;
        if self.at(T::Equal) {
            self.mark = m;
            return None;
        }
        Some(e)
    }

    /// ```text
    /// args[expr_ty]:
    ///     | a=','.(starred_expression | ( assignment_expression | expression !':=') !'=')+ b=[',' k=kwargs {k}] {
    ///         _PyPegen_collect_call_seqs(p, a, b, EXTRA) }
    ///     | a=kwargs { Call(dummy, starred(a), keywords(a)) }
    /// ```
    pub fn args(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let a = p.gather(T::Comma, |p| p.positional_arg())?;
                let b = p
                    .opt(|p| {
                        p.tok(T::Comma)?;
                        p.kwargs()
                    })
                    .unwrap_or_default();
                let (args, keywords) = collect_call_args(a, b);
                Some(Expr::new(ExprKind::Call { func: bx(Self::dummy_expr()), args, keywords }, p.loc(s)))
            });
            alt!(p, {
                let a = p.kwargs()?;
                let (args, keywords) = collect_call_args(vec![], a);
                Some(Expr::new(ExprKind::Call { func: bx(Self::dummy_expr()), args, keywords }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// kwargs[asdl_seq*]:
    ///     | a=','.kwarg_or_starred+ ',' b=','.kwarg_or_double_starred+ { a + b }
    ///     | ','.kwarg_or_starred+
    ///     | ','.kwarg_or_double_starred+
    /// ```
    fn kwargs(&mut self) -> Option<Vec<KeywordOrStarred>> {
        self.rule(|p| {
            alt!(p, {
                let mut a = p.gather(T::Comma, |p| p.kwarg_or_starred())?;
                p.tok(T::Comma)?;
                let b = p.gather(T::Comma, |p| p.kwarg_or_double_starred())?;
                a.extend(b);
                Some(a)
            });
            alt!(p, { p.gather(T::Comma, |p| p.kwarg_or_starred()) });
            alt!(p, { p.gather(T::Comma, |p| p.kwarg_or_double_starred()) });
            None
        })
    }

    /// ```text
    /// starred_expression[expr_ty]:
    ///     | invalid_starred_expression_unpacking
    ///     | '*' a=expression { Starred(a, Load) }
    ///     | invalid_starred_expression
    /// invalid_starred_expression:
    ///     | '*' { RAISE_SYNTAX_ERROR("Invalid star expression") }
    /// ```
    pub fn starred_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_starred_expression().map(|_| Self::dummy_expr()) });
            alt!(p, {
                p.tok(T::Star)?;
                let a = p.expression()?;
                Some(Expr::new(ExprKind::Starred { value: bx(a), ctx: ExprContext::Load }, p.loc(s)))
            });
            invalid!(p, {
                p.tok(T::Star)?;
                p.raise_last(ErrorKind::SyntaxError, "Invalid star expression")
            });
            None
        })
    }

    /// ```text
    /// invalid_starred_expression_unpacking:
    ///     | a='*' expression '=' b=expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "cannot assign to iterable argument unpacking") }
    /// ```
    fn invalid_starred_expression(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.tok(T::Star)?;
                p.expression()?;
                p.tok(T::Equal)?;
                let b = p.expression()?;
                p.raise_range(p.tok_loc(a), b.loc, "cannot assign to iterable argument unpacking")
            });
            None
        })
    }

    /// ```text
    /// kwarg_or_starred[KeywordOrStarred*]:
    ///     | invalid_kwarg
    ///     | a=NAME '=' b=expression { keyword(a, b) }
    ///     | a=starred_expression { a }
    /// ```
    fn kwarg_or_starred(&mut self) -> Option<KeywordOrStarred> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_kwarg().map(|_| unreachable!("always raises")) });
            alt!(p, { p.named_keyword(s) });
            alt!(p, { p.starred_expression().map(KeywordOrStarred::Starred) });
            None
        })
    }

    /// `a=NAME '=' b=expression { keyword(a, b) }`
    fn named_keyword(&mut self, s: usize) -> Option<KeywordOrStarred> {
        let a = self.name()?;
        self.tok(T::Equal)?;
        let b = self.expression()?;
        Some(KeywordOrStarred::Keyword(Keyword { arg: Some(Self::id(&a)), value: b, loc: self.loc(s) }))
    }

    /// ```text
    /// kwarg_or_double_starred[KeywordOrStarred*]:
    ///     | invalid_kwarg
    ///     | a=NAME '=' b=expression { keyword(a, b) }
    ///     | '**' a=expression { keyword(NULL, a) }
    /// ```
    fn kwarg_or_double_starred(&mut self) -> Option<KeywordOrStarred> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_kwarg().map(|_| unreachable!("always raises")) });
            alt!(p, { p.named_keyword(s) });
            alt!(p, {
                p.tok(T::DoubleStar)?;
                let a = p.expression()?;
                Some(KeywordOrStarred::Keyword(Keyword { arg: None, value: a, loc: p.loc(s) }))
            });
            None
        })
    }

    /// ```text
    /// invalid_arguments:
    ///     | ((','.(starred_expression | ( assignment_expression | expression !':=') !'=')+ ',' kwargs) | kwargs)
    ///       a=',' ','.(starred_expression !'=')+ {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(a, "iterable argument unpacking follows keyword argument unpacking") }
    ///     | a=expression b=for_if_clauses ',' [args | expression for_if_clauses] {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, last_comprehension_item(b), "Generator expression must be parenthesized") }
    ///     | a=NAME b='=' expression for_if_clauses {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")}
    ///     | (args ',')? a=NAME b='=' &(',' | ')') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "expected argument value expression")}
    ///     | a=args b=for_if_clauses { _PyPegen_nonparen_genexp_in_call(p, a, b) }
    ///     | args ',' a=expression b=for_if_clauses {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, last_comprehension_item(b), "Generator expression must be parenthesized") }
    ///     | a=args ',' args { _PyPegen_arguments_parsing_error(p, a) }
    /// ```
    fn invalid_arguments(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let m = p.mark;
                let first = (|| {
                    p.gather(T::Comma, |p| p.positional_arg())?;
                    p.tok(T::Comma)?;
                    p.kwargs()
                })();
                if first.is_none() {
                    p.mark = m;
                    p.kwargs()?;
                }
                let a = p.tok(T::Comma)?;
                p.gather(T::Comma, |p| {
                    let e = p.starred_expression()?;
                    if p.at(T::Equal) { None } else { Some(e) }
                })?;
                p.raise_from(p.tok_loc(a), "iterable argument unpacking follows keyword argument unpacking")
            });
            alt!(p, {
                let a = p.expression()?;
                let b = p.for_if_clauses()?;
                p.tok(T::Comma)?;
                p.opt(|p| {
                    let m = p.mark;
                    if p.args().is_some() {
                        return Some(());
                    }
                    p.mark = m;
                    p.expression()?;
                    p.for_if_clauses().map(|_| ())
                });
                let last = last_comprehension_item(b.last()?);
                p.raise_range(a.loc, last, "Generator expression must be parenthesized")
            });
            alt!(p, {
                let a = p.name()?;
                let b = p.tok(T::Equal)?;
                p.expression()?;
                p.for_if_clauses()?;
                p.raise_range(a.loc, p.tok_loc(b), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
            });
            alt!(p, {
                p.opt(|p| {
                    p.args()?;
                    p.tok(T::Comma)
                });
                let a = p.name()?;
                let b = p.tok(T::Equal)?;
                if !(p.at(T::Comma) || p.at(T::Rpar)) {
                    return None;
                }
                p.raise_range(a.loc, p.tok_loc(b), "expected argument value expression")
            });
            alt!(p, {
                let a = p.args()?;
                let b = p.for_if_clauses()?;
                let ExprKind::Call { args, .. } = &a.kind else { return None };
                if args.len() <= 1 {
                    return None;
                }
                let last = last_comprehension_item(b.last()?);
                p.raise_range(args[args.len() - 1].loc, last, "Generator expression must be parenthesized")
            });
            alt!(p, {
                p.args()?;
                p.tok(T::Comma)?;
                let a = p.expression()?;
                let b = p.for_if_clauses()?;
                let last = last_comprehension_item(b.last()?);
                p.raise_range(a.loc, last, "Generator expression must be parenthesized")
            });
            alt!(p, {
                let a = p.args()?;
                p.tok(T::Comma)?;
                p.args()?;
                let ExprKind::Call { keywords, .. } = &a.kind else { return None };
                let msg = if keywords.iter().any(|k| k.arg.is_none()) {
                    "positional argument follows keyword argument unpacking"
                } else {
                    "positional argument follows keyword argument"
                };
                p.raise_last(ErrorKind::SyntaxError, msg)
            });
            None
        })
    }

    /// ```text
    /// invalid_kwarg:
    ///     | a[Token*]=('True'|'False'|'None') b='=' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "cannot assign to %s", PyBytes_AS_STRING(a->bytes)) }
    ///     | a=NAME b='=' expression for_if_clauses {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")}
    ///     | !(NAME '=') a=expression b='=' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "expression cannot contain assignment, perhaps you meant \"==\"?") }
    ///     | a='**' expression '=' b=expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "cannot assign to keyword argument unpacking") }
    /// ```
    fn invalid_kwarg(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.kw("True").or_else(|| p.kw("False")).or_else(|| p.kw("None"))?;
                let b = p.tok(T::Equal)?;
                let msg = format!("cannot assign to {}", p.text(a));
                p.raise_tok_range(a, b, &msg)
            });
            alt!(p, {
                let a = p.name()?;
                let b = p.tok(T::Equal)?;
                p.expression()?;
                p.for_if_clauses()?;
                p.raise_range(a.loc, p.tok_loc(b), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
            });
            alt!(p, {
                if p.ahead(|p| {
                    p.tok(T::Name)?;
                    p.tok(T::Equal)
                }) {
                    return None;
                }
                let a = p.expression()?;
                let b = p.tok(T::Equal)?;
                p.raise_range(a.loc, p.tok_loc(b), "expression cannot contain assignment, perhaps you meant \"==\"?")
            });
            alt!(p, {
                let a = p.tok(T::DoubleStar)?;
                p.expression()?;
                p.tok(T::Equal)?;
                let b = p.expression()?;
                p.raise_range(p.tok_loc(a), b.loc, "cannot assign to keyword argument unpacking")
            });
            None
        })
    }
}
