//! The match-statement rules of python.gram (`match_stmt` ... `keyword_pattern`)
//! and their invalid_* rules.

use crate::ast::*;
use crate::parser::action_helpers::{expr_name, set_expr_context};
use crate::parser::error::ErrorKind;
use crate::parser::pegen::{Parser, Rule};
use crate::parser::token::TokenKind as T;

fn pat(kind: PatternKind, loc: Location) -> Pattern {
    Pattern { kind, loc }
}

impl Parser<'_> {
    /// ```text
    /// match_stmt[stmt_ty]:
    ///     | "match" subject=subject_expr ':' NEWLINE INDENT cases=case_block+ DEDENT { Match(subject, cases) }
    ///     | invalid_match_stmt
    /// ```
    pub fn match_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.soft("match")?;
                let subject = p.subject_expr()?;
                p.tok(T::Colon)?;
                p.tok(T::Newline)?;
                p.tok(T::Indent)?;
                let cases = p.repeat1(|p| p.case_block())?;
                p.tok(T::Dedent)?;
                let m = Stmt::new(StmtKind::Match { subject: Box::new(subject), cases }, p.loc(s));
                p.check_version(10, "Pattern matching is", m)
            });
            invalid!(p, { p.invalid_match_stmt().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_match_stmt:
    ///     | "match" subject_expr NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | a="match" subject=subject_expr ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'match' statement on line %d", a->lineno) }
    /// ```
    fn invalid_match_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.soft("match")?;
                p.subject_expr()?;
                p.tok(T::Newline)?;
                p.raise_last(ErrorKind::SyntaxError, "expected ':'")
            });
            alt!(p, {
                let a = p.soft("match")?;
                p.subject_expr()?;
                p.tok(T::Colon)?;
                p.tok(T::Newline)?;
                if p.at(T::Indent) {
                    return None;
                }
                let msg = format!("expected an indented block after 'match' statement on line {}", p.toks[a].lineno);
                p.raise_last(ErrorKind::IndentationError, &msg)
            });
            None
        })
    }

    /// ```text
    /// subject_expr[expr_ty]:
    ///     | value=star_named_expression ',' values=star_named_expressions? { Tuple(value + values, Load) }
    ///     | named_expression
    /// ```
    fn subject_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let value = p.star_named_expression()?;
                p.tok(T::Comma)?;
                let values = p.opt(|p| p.star_named_expressions()).unwrap_or_default();
                let mut elts = vec![value];
                elts.extend(values);
                Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, p.loc(s)))
            });
            alt!(p, { p.named_expression() });
            None
        })
    }

    /// ```text
    /// case_block[match_case_ty]:
    ///     | invalid_case_block
    ///     | "case" pattern=patterns guard=guard? ':' body=block { match_case(pattern, guard, body) }
    /// guard[expr_ty]: 'if' guard=named_expression { guard }
    /// ```
    fn case_block(&mut self) -> Option<MatchCase> {
        self.rule(|p| {
            invalid!(p, { p.invalid_case_block().map(|_| unreachable!("always raises")) });
            alt!(p, {
                p.soft("case")?;
                let pattern = p.patterns()?;
                let guard = p.opt(|p| p.guard());
                p.tok(T::Colon)?;
                let body = p.block()?;
                Some(MatchCase { pattern, guard: guard.map(Box::new), body })
            });
            None
        })
    }

    fn guard(&mut self) -> Option<Expr> {
        self.rule(|p| {
            p.kw("if")?;
            p.named_expression()
        })
    }

    /// ```text
    /// invalid_case_block:
    ///     | "case" patterns guard? NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | a="case" patterns guard? ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'case' statement on line %d", a->lineno) }
    /// ```
    fn invalid_case_block(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.soft("case")?;
                p.patterns()?;
                p.opt(|p| p.guard());
                p.tok(T::Newline)?;
                p.raise_last(ErrorKind::SyntaxError, "expected ':'")
            });
            alt!(p, {
                let a = p.soft("case")?;
                p.patterns()?;
                p.opt(|p| p.guard());
                p.tok(T::Colon)?;
                p.tok(T::Newline)?;
                if p.at(T::Indent) {
                    return None;
                }
                let msg = format!("expected an indented block after 'case' statement on line {}", p.toks[a].lineno);
                p.raise_last(ErrorKind::IndentationError, &msg)
            });
            None
        })
    }

    /// ```text
    /// patterns[pattern_ty]:
    ///     | patterns=open_sequence_pattern { MatchSequence(patterns) }
    ///     | pattern
    /// ```
    fn patterns(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let patterns = p.open_sequence_pattern()?;
                Some(pat(PatternKind::MatchSequence { patterns }, p.loc(s)))
            });
            alt!(p, { p.pattern() });
            None
        })
    }

    /// `pattern[pattern_ty]: | as_pattern | or_pattern`
    fn pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            alt!(p, { p.as_pattern() });
            alt!(p, { p.or_pattern() });
            None
        })
    }

    /// ```text
    /// as_pattern[pattern_ty]:
    ///     | pattern=or_pattern 'as' target=pattern_capture_target { MatchAs(pattern, target) }
    ///     | invalid_as_pattern
    /// ```
    fn as_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let pattern = p.or_pattern()?;
                p.kw("as")?;
                let target = p.pattern_capture_target()?;
                Some(pat(
                    PatternKind::MatchAs { pattern: Some(Box::new(pattern)), name: Some(Self::id(&target)) },
                    p.loc(s),
                ))
            });
            invalid!(p, { p.invalid_as_pattern().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_as_pattern:
    ///     | or_pattern 'as' a="_" { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use '_' as a target") }
    ///     | or_pattern 'as' a=expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use %s as pattern target", _PyPegen_get_expr_name(a)) }
    /// ```
    fn invalid_as_pattern(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.or_pattern()?;
                p.kw("as")?;
                let a = p.soft("_")?;
                p.raise_loc(p.tok_loc(a), "cannot use '_' as a target")
            });
            alt!(p, {
                p.or_pattern()?;
                p.kw("as")?;
                let a = p.expression()?;
                let msg = format!("cannot use {} as pattern target", expr_name(&a));
                p.raise_loc(a.loc, &msg)
            });
            None
        })
    }

    /// ```text
    /// or_pattern[pattern_ty]:
    ///     | patterns='|'.closed_pattern+ { len == 1 ? patterns[0] : MatchOr(patterns) }
    /// ```
    fn or_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            let mut patterns = p.gather(T::Vbar, |p| p.closed_pattern())?;
            if patterns.len() == 1 {
                return patterns.pop();
            }
            Some(pat(PatternKind::MatchOr { patterns }, p.loc(s)))
        })
    }

    /// ```text
    /// closed_pattern[pattern_ty] (memo):
    ///     | literal_pattern | capture_pattern | wildcard_pattern | value_pattern
    ///     | group_pattern | sequence_pattern | mapping_pattern | class_pattern
    /// ```
    fn closed_pattern(&mut self) -> Option<Pattern> {
        self.memoized(Rule::ClosedPattern, |p| {
            alt!(p, { p.literal_pattern() });
            alt!(p, { p.capture_pattern() });
            alt!(p, { p.wildcard_pattern() });
            alt!(p, { p.value_pattern() });
            alt!(p, { p.group_pattern() });
            alt!(p, { p.sequence_pattern() });
            alt!(p, { p.mapping_pattern() });
            alt!(p, { p.class_pattern() });
            None
        })
    }

    /// ```text
    /// literal_pattern[pattern_ty]:
    ///     | value=signed_number !('+' | '-') { MatchValue(value) }
    ///     | value=complex_number { MatchValue(value) }
    ///     | value=strings { MatchValue(value) }
    ///     | 'None' { MatchSingleton(None) } | 'True' { ... } | 'False' { ... }
    /// ```
    fn literal_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let v = p.literal_expr_value()?;
                Some(pat(PatternKind::MatchValue { value: Box::new(v) }, p.loc(s)))
            });
            for (kw, c) in [("None", Constant::None), ("True", Constant::Bool(true)), ("False", Constant::Bool(false))] {
                alt!(p, {
                    p.kw(kw)?;
                    Some(pat(PatternKind::MatchSingleton { value: c }, p.loc(s)))
                });
            }
            None
        })
    }

    /// The first three alternatives of `literal_pattern` and `literal_expr`:
    /// `signed_number !('+' | '-') | complex_number | strings`.
    fn literal_expr_value(&mut self) -> Option<Expr> {
        let p = self;
        alt!(p, {
            let v = p.signed_number()?;
            if p.at(T::Plus) || p.at(T::Minus) {
                return None;
            }
            Some(v)
        });
        alt!(p, { p.complex_number() });
        alt!(p, {
            let t = p.peek()?;
            if !matches!(t.kind, T::String | T::FstringStart | T::TstringStart) {
                return None;
            }
            p.strings()
        });
        None
    }

    /// ```text
    /// literal_expr[expr_ty]:
    ///     | signed_number !('+' | '-')
    ///     | complex_number
    ///     | &(STRING|FSTRING_START|TSTRING_START) strings
    ///     | 'None' { Constant(None) } | 'True' { ... } | 'False' { ... }
    /// ```
    fn literal_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, { p.literal_expr_value() });
            for (kw, c) in [("None", Constant::None), ("True", Constant::Bool(true)), ("False", Constant::Bool(false))] {
                alt!(p, {
                    p.kw(kw)?;
                    Some(Self::constant(c, p.loc(s)))
                });
            }
            None
        })
    }

    /// ```text
    /// complex_number[expr_ty]:
    ///     | real=signed_real_number '+' imag=imaginary_number { BinOp(real, Add, imag) }
    ///     | real=signed_real_number '-' imag=imaginary_number { BinOp(real, Sub, imag) }
    /// ```
    fn complex_number(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            for (tok, op) in [(T::Plus, Operator::Add), (T::Minus, Operator::Sub)] {
                alt!(p, {
                    let real = p.signed_real_number()?;
                    p.tok(tok)?;
                    let imag = p.imaginary_number()?;
                    Some(Expr::new(ExprKind::BinOp { left: Box::new(real), op, right: Box::new(imag) }, p.loc(s)))
                });
            }
            None
        })
    }

    /// ```text
    /// signed_number[expr_ty]:
    ///     | NUMBER
    ///     | '+' number=NUMBER { number }
    ///     | '-' number=NUMBER { UnaryOp(USub, number) }
    /// ```
    fn signed_number(&mut self) -> Option<Expr> {
        self.rule(|p| p.signed(Self::number))
    }

    /// ```text
    /// signed_real_number[expr_ty]:
    ///     | real_number
    ///     | '+' real=real_number { real }
    ///     | '-' real=real_number { UnaryOp(USub, real) }
    /// ```
    fn signed_real_number(&mut self) -> Option<Expr> {
        self.rule(|p| p.signed(Self::real_number))
    }

    fn signed(&mut self, num: fn(&mut Self) -> Option<Expr>) -> Option<Expr> {
        let p = self;
        let s = p.start()?;
        alt!(p, { num(p) });
        alt!(p, {
            p.tok(T::Plus)?;
            num(p)
        });
        alt!(p, {
            p.tok(T::Minus)?;
            let n = num(p)?;
            Some(Expr::new(ExprKind::UnaryOp { op: UnaryOp::USub, operand: Box::new(n) }, p.loc(s)))
        });
        None
    }

    /// `real_number[expr_ty]: real=NUMBER { _PyPegen_ensure_real(p, real) }`
    fn real_number(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let e = p.number()?;
            if matches!(&e.kind, ExprKind::Constant { value, .. } if matches!(**value, Constant::Complex { .. })) {
                return p.raise_loc(e.loc, "real number required in complex literal");
            }
            Some(e)
        })
    }

    /// `imaginary_number[expr_ty]: imag=NUMBER { _PyPegen_ensure_imaginary(p, imag) }`
    fn imaginary_number(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let e = p.number()?;
            if !matches!(&e.kind, ExprKind::Constant { value, .. } if matches!(**value, Constant::Complex { .. })) {
                return p.raise_loc(e.loc, "imaginary number required in complex literal");
            }
            Some(e)
        })
    }

    /// `capture_pattern[pattern_ty]: target=pattern_capture_target { MatchAs(NULL, target) }`
    fn capture_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            let t = p.pattern_capture_target()?;
            Some(pat(PatternKind::MatchAs { pattern: None, name: Some(Self::id(&t)) }, p.loc(s)))
        })
    }

    /// ```text
    /// pattern_capture_target[expr_ty]:
    ///     | !"_" name=NAME !('.' | '(' | '=') { name as Store }
    /// ```
    fn pattern_capture_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if p.ahead(|p| p.soft("_")) {
                return None;
            }
            let name = p.name()?;
            if p.at(T::Dot) || p.at(T::Lpar) || p.at(T::Equal) {
                return None;
            }
            Some(set_expr_context(name, ExprContext::Store))
        })
    }

    /// `wildcard_pattern[pattern_ty]: "_" { MatchAs(NULL, NULL) }`
    fn wildcard_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            p.soft("_")?;
            Some(pat(PatternKind::MatchAs { pattern: None, name: None }, p.loc(s)))
        })
    }

    /// `value_pattern[pattern_ty]: attr=attr !('.' | '(' | '=') { MatchValue(attr) }`
    fn value_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            let a = p.attr()?;
            if p.at(T::Dot) || p.at(T::Lpar) || p.at(T::Equal) {
                return None;
            }
            Some(pat(PatternKind::MatchValue { value: Box::new(a) }, p.loc(s)))
        })
    }

    /// ```text
    /// attr[expr_ty]:
    ///     | value=name_or_attr '.' attr=NAME { Attribute(value, attr, Load) }
    /// ```
    fn attr(&mut self) -> Option<Expr> {
        fn attribute(p: &mut Parser, s: usize, value: Expr) -> Result<Expr, Expr> {
            let m = p.mark;
            if p.tok(T::Dot).is_some()
                && let Some(attr) = p.name()
            {
                let kind = ExprKind::Attribute { value: Box::new(value), attr: Parser::id(&attr), ctx: ExprContext::Load };
                return Ok(Expr::new(kind, p.loc(s)));
            }
            p.mark = m;
            Err(value)
        }
        // With the seed's memo entry primed with a failure, `name_or_attr`
        // is a NAME.
        self.left_rec(
            Rule::Attr,
            |p| {
                let s = p.mark;
                let value = p.name_or_attr()?;
                attribute(p, s, value).ok()
            },
            attribute,
        )
    }

    /// `name_or_attr[expr_ty]: | attr | NAME`
    fn name_or_attr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, { p.attr() });
            alt!(p, { p.name() });
            None
        })
    }

    /// `group_pattern[pattern_ty]: '(' pattern=pattern ')' { pattern }`
    fn group_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            p.tok(T::Lpar)?;
            let a = p.pattern()?;
            p.tok(T::Rpar)?;
            Some(a)
        })
    }

    /// ```text
    /// sequence_pattern[pattern_ty]:
    ///     | '[' patterns=maybe_sequence_pattern? ']' { MatchSequence(patterns) }
    ///     | '(' patterns=open_sequence_pattern? ')' { MatchSequence(patterns) }
    /// ```
    fn sequence_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lsqb)?;
                let patterns = p.opt(|p| p.maybe_sequence_pattern()).unwrap_or_default();
                p.tok(T::Rsqb)?;
                Some(pat(PatternKind::MatchSequence { patterns }, p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Lpar)?;
                let patterns = p.opt(|p| p.open_sequence_pattern()).unwrap_or_default();
                p.tok(T::Rpar)?;
                Some(pat(PatternKind::MatchSequence { patterns }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// open_sequence_pattern[asdl_seq*]:
    ///     | pattern=maybe_star_pattern ',' patterns=maybe_sequence_pattern? { [pattern] + patterns }
    /// ```
    fn open_sequence_pattern(&mut self) -> Option<Vec<Pattern>> {
        self.rule(|p| {
            let a = p.maybe_star_pattern()?;
            p.tok(T::Comma)?;
            let b = p.opt(|p| p.maybe_sequence_pattern()).unwrap_or_default();
            let mut v = vec![a];
            v.extend(b);
            Some(v)
        })
    }

    /// `maybe_sequence_pattern[asdl_seq*]: patterns=','.maybe_star_pattern+ ','? { patterns }`
    fn maybe_sequence_pattern(&mut self) -> Option<Vec<Pattern>> {
        self.rule(|p| {
            let a = p.gather(T::Comma, |p| p.maybe_star_pattern())?;
            p.opt(|p| p.tok(T::Comma));
            Some(a)
        })
    }

    /// `maybe_star_pattern[pattern_ty]: | star_pattern | pattern`
    fn maybe_star_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            alt!(p, { p.star_pattern() });
            alt!(p, { p.pattern() });
            None
        })
    }

    /// ```text
    /// star_pattern[pattern_ty] (memo):
    ///     | '*' target=pattern_capture_target { MatchStar(target) }
    ///     | '*' wildcard_pattern { MatchStar(NULL) }
    /// ```
    fn star_pattern(&mut self) -> Option<Pattern> {
        self.memoized(Rule::StarPattern, |p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Star)?;
                let t = p.pattern_capture_target()?;
                Some(pat(PatternKind::MatchStar { name: Some(Self::id(&t)) }, p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Star)?;
                p.wildcard_pattern()?;
                Some(pat(PatternKind::MatchStar { name: None }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// mapping_pattern[pattern_ty]:
    ///     | '{' '}' { MatchMapping(NULL, NULL, NULL) }
    ///     | '{' rest=double_star_pattern ','? '}' { MatchMapping(NULL, NULL, rest) }
    ///     | '{' items=items_pattern ',' rest=double_star_pattern ','? '}' { MatchMapping(keys, patterns, rest) }
    ///     | '{' items=items_pattern ','? '}' { MatchMapping(keys, patterns, NULL) }
    /// items_pattern[asdl_seq*]: ','.key_value_pattern+
    /// ```
    fn mapping_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            let mapping = |keys, patterns, rest, loc| pat(PatternKind::MatchMapping { keys, patterns, rest }, loc);
            alt!(p, {
                p.tok(T::Lbrace)?;
                p.tok(T::Rbrace)?;
                Some(mapping(vec![], vec![], None, p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                let rest = p.double_star_pattern()?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rbrace)?;
                Some(mapping(vec![], vec![], Some(rest), p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                let items = p.gather(T::Comma, |p| p.key_value_pattern())?;
                p.tok(T::Comma)?;
                let rest = p.double_star_pattern()?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rbrace)?;
                let (keys, patterns) = items.into_iter().unzip();
                Some(mapping(keys, patterns, Some(rest), p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Lbrace)?;
                let items = p.gather(T::Comma, |p| p.key_value_pattern())?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rbrace)?;
                let (keys, patterns) = items.into_iter().unzip();
                Some(mapping(keys, patterns, None, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// key_value_pattern[KeyPatternPair*]:
    ///     | key=(literal_expr | attr) ':' pattern=pattern { (key, pattern) }
    /// ```
    fn key_value_pattern(&mut self) -> Option<(Expr, Pattern)> {
        self.rule(|p| {
            let m = p.mark;
            let key = match p.literal_expr() {
                Some(k) => k,
                None => {
                    p.mark = m;
                    if p.failed() {
                        return None;
                    }
                    p.attr()?
                }
            };
            p.tok(T::Colon)?;
            let pattern = p.pattern()?;
            Some((key, pattern))
        })
    }

    /// `double_star_pattern[expr_ty]: '**' target=pattern_capture_target { target }`
    fn double_star_pattern(&mut self) -> Option<Identifier> {
        self.rule(|p| {
            p.tok(T::DoubleStar)?;
            let t = p.pattern_capture_target()?;
            Some(Self::id(&t))
        })
    }

    /// ```text
    /// class_pattern[pattern_ty]:
    ///     | cls=name_or_attr '(' ')' { MatchClass(cls, NULL, NULL, NULL) }
    ///     | cls=name_or_attr '(' patterns=positional_patterns ','? ')' { MatchClass(cls, patterns, NULL, NULL) }
    ///     | cls=name_or_attr '(' keywords=keyword_patterns ','? ')' { MatchClass(cls, NULL, names, patterns) }
    ///     | cls=name_or_attr '(' patterns=positional_patterns ',' keywords=keyword_patterns ','? ')' { ... }
    ///     | invalid_class_pattern
    /// positional_patterns[asdl_pattern_seq*]: args=','.pattern+ { args }
    /// keyword_patterns[asdl_seq*]: ','.keyword_pattern+
    /// ```
    fn class_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let s = p.start()?;
            let class = |cls: Expr, patterns, kw: Vec<(Identifier, Pattern)>, loc| {
                let (kwd_attrs, kwd_patterns) = kw.into_iter().unzip();
                pat(PatternKind::MatchClass { cls: Box::new(cls), patterns, kwd_attrs, kwd_patterns }, loc)
            };
            alt!(p, {
                let cls = p.name_or_attr()?;
                p.tok(T::Lpar)?;
                p.tok(T::Rpar)?;
                Some(class(cls, vec![], vec![], p.loc(s)))
            });
            alt!(p, {
                let cls = p.name_or_attr()?;
                p.tok(T::Lpar)?;
                let patterns = p.gather(T::Comma, |p| p.pattern())?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rpar)?;
                Some(class(cls, patterns, vec![], p.loc(s)))
            });
            alt!(p, {
                let cls = p.name_or_attr()?;
                p.tok(T::Lpar)?;
                let kw = p.gather(T::Comma, |p| p.keyword_pattern())?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rpar)?;
                Some(class(cls, vec![], kw, p.loc(s)))
            });
            alt!(p, {
                let cls = p.name_or_attr()?;
                p.tok(T::Lpar)?;
                let patterns = p.gather(T::Comma, |p| p.pattern())?;
                p.tok(T::Comma)?;
                let kw = p.gather(T::Comma, |p| p.keyword_pattern())?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rpar)?;
                Some(class(cls, patterns, kw, p.loc(s)))
            });
            invalid!(p, { p.invalid_class_pattern().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// `keyword_pattern[KeyPatternPair*]: arg=NAME '=' value=pattern { (arg, value) }`
    fn keyword_pattern(&mut self) -> Option<(Identifier, Pattern)> {
        self.rule(|p| {
            let arg = p.name()?;
            p.tok(T::Equal)?;
            let value = p.pattern()?;
            Some((Self::id(&arg), value))
        })
    }

    /// ```text
    /// invalid_class_pattern:
    ///     | name_or_attr '(' a=invalid_class_argument_pattern {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a[0], a[-1], "positional patterns follow keyword patterns") }
    /// invalid_class_argument_pattern[asdl_pattern_seq*]:
    ///     | [positional_patterns ','] keyword_patterns ',' a=positional_patterns { a }
    /// ```
    fn invalid_class_pattern(&mut self) -> Option<()> {
        self.rule(|p| {
            p.name_or_attr()?;
            p.tok(T::Lpar)?;
            let a = p.rule(|p| {
                p.opt(|p| {
                    p.gather(T::Comma, |p| p.pattern())?;
                    p.tok(T::Comma)
                });
                p.gather(T::Comma, |p| p.keyword_pattern())?;
                p.tok(T::Comma)?;
                p.gather(T::Comma, |p| p.pattern())
            })?;
            let (first, last) = (a.first()?.loc, a.last()?.loc);
            p.raise_range(first, last, "positional patterns follow keyword patterns")
        })
    }
}
