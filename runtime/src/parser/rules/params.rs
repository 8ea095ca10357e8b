//! The function-parameter rules of python.gram (`params` ... `default`)
//! and their lambda twins (`lambda_params` ... `lambda_param`), with their
//! invalid_* rules. Each method takes `lam`: false for the `def` rule,
//! true for the `lambda_` rule (no annotations, `':'` instead of `')'`
//! after the last parameter). A `def` parameter's TYPE_COMMENT (only
//! tokenized with `PyCF_TYPE_COMMENTS`) becomes its `type_comment`.

use crate::ast::*;
use crate::parser::action_helpers::*;
use crate::parser::error::ErrorKind;
use crate::parser::pegen::Parser;
use crate::parser::token::TokenKind as T;

impl Parser<'_> {
    /// The token closing a parameter list: `')'`, or `':'` for a lambda.
    fn params_end(lam: bool) -> T {
        if lam { T::Colon } else { T::Rpar }
    }

    /// ```text
    /// params[arguments_ty]: | invalid_parameters | parameters
    /// lambda_params[arguments_ty]: | invalid_lambda_parameters | lambda_parameters
    /// ```
    pub fn params(&mut self, lam: bool) -> Option<Arguments> {
        self.rule(|p| {
            invalid!(p, { p.invalid_parameters(lam).map(|_| unreachable!("always raises")) });
            alt!(p, { p.parameters(lam) });
            None
        })
    }

    /// `lambda_params`.
    pub fn lambda_params(&mut self) -> Option<Arguments> {
        self.params(true)
    }

    /// ```text
    /// parameters[arguments_ty]:
    ///     | a=slash_no_default b=param_no_default* c=param_with_default* d=[star_etc]
    ///     | a=slash_with_default b=param_with_default* c=[star_etc]
    ///     | a=param_no_default+ b=param_with_default* c=[star_etc]
    ///     | a=param_with_default+ b=[star_etc]
    ///     | a=star_etc
    /// ```
    /// (each `{ _PyPegen_make_arguments(...) }`; `lambda_parameters` alike).
    fn parameters(&mut self, lam: bool) -> Option<Arguments> {
        self.rule(|p| {
            alt!(p, {
                let a = p.slash_no_default(lam)?;
                let b = p.repeat0(|p| p.param_no_default(lam));
                let c = p.repeat0(|p| p.param_with_default(lam));
                let d = p.opt(|p| p.star_etc(lam));
                p.check_version(8, "Positional-only parameters are", make_arguments(Some(a), None, b, c, d))
            });
            alt!(p, {
                let a = p.slash_with_default(lam)?;
                let b = p.repeat0(|p| p.param_with_default(lam));
                let c = p.opt(|p| p.star_etc(lam));
                p.check_version(8, "Positional-only parameters are", make_arguments(None, Some(a), vec![], b, c))
            });
            alt!(p, {
                let a = p.repeat1(|p| p.param_no_default(lam))?;
                let b = p.repeat0(|p| p.param_with_default(lam));
                let c = p.opt(|p| p.star_etc(lam));
                Some(make_arguments(None, None, a, b, c))
            });
            alt!(p, {
                let a = p.repeat1(|p| p.param_with_default(lam))?;
                let b = p.opt(|p| p.star_etc(lam));
                Some(make_arguments(None, None, vec![], a, b))
            });
            alt!(p, {
                let a = p.star_etc(lam)?;
                Some(make_arguments(None, None, vec![], vec![], Some(a)))
            });
            None
        })
    }

    /// ```text
    /// slash_no_default[asdl_arg_seq*]:
    ///     | a=param_no_default+ '/' ',' { a }
    ///     | a=param_no_default+ '/' &')' { a }
    /// ```
    fn slash_no_default(&mut self, lam: bool) -> Option<Vec<Arg>> {
        self.rule(|p| {
            let a = p.repeat1(|p| p.param_no_default(lam))?;
            p.tok(T::Slash)?;
            p.comma_or_end(lam)?;
            Some(a)
        })
    }

    /// The `',' | &')'` ending shared by the parameter rules.
    fn comma_or_end(&mut self, lam: bool) -> Option<()> {
        if self.tok(T::Comma).is_some() {
            return Some(());
        }
        self.at(Self::params_end(lam)).then_some(())
    }

    /// After a parameter: `',' tc=TYPE_COMMENT?` or `tc=TYPE_COMMENT? &')'`
    /// (lambda parameters have no type comments); the comment's text.
    fn param_end(&mut self, lam: bool) -> Option<Option<Box<str>>> {
        if lam {
            return self.comma_or_end(true).map(|()| None);
        }
        if self.tok(T::Comma).is_some() {
            return Some(self.type_comment());
        }
        let m = self.mark;
        let tc = self.type_comment();
        if self.at(Self::params_end(false)) {
            return Some(tc);
        }
        self.mark = m;
        None
    }

    /// ```text
    /// slash_with_default[SlashWithDefault*]:
    ///     | a=param_no_default* b=param_with_default+ '/' ',' { (a, b) }
    ///     | a=param_no_default* b=param_with_default+ '/' &')' { (a, b) }
    /// ```
    fn slash_with_default(&mut self, lam: bool) -> Option<SlashWithDefault> {
        self.rule(|p| {
            let a = p.repeat0(|p| p.param_no_default(lam));
            let b = p.repeat1(|p| p.param_with_default(lam))?;
            p.tok(T::Slash)?;
            p.comma_or_end(lam)?;
            Some(SlashWithDefault { plain_names: a, names_with_defaults: b })
        })
    }

    /// ```text
    /// star_etc[StarEtc*]:
    ///     | invalid_star_etc
    ///     | '*' a=param_no_default b=param_maybe_default* c=[kwds]
    ///     | '*' a=param_no_default_star_annotation b=param_maybe_default* c=[kwds]
    ///     | '*' ',' b=param_maybe_default+ c=[kwds]
    ///     | a=kwds
    /// ```
    /// (`lambda_star_etc` has no star-annotation alternative).
    fn star_etc(&mut self, lam: bool) -> Option<StarEtc> {
        self.rule(|p| {
            invalid!(p, { p.invalid_star_etc(lam).map(|_| unreachable!("always raises")) });
            alt!(p, {
                p.tok(T::Star)?;
                let a = p.param_no_default(lam)?;
                let b = p.repeat0(|p| p.param_maybe_default(lam));
                let c = p.opt(|p| p.kwds(lam));
                Some(StarEtc { vararg: Some(a), kwonlyargs: b, kwarg: c })
            });
            if !lam {
                alt!(p, {
                    p.tok(T::Star)?;
                    let a = p.param_no_default_star_annotation()?;
                    let b = p.repeat0(|p| p.param_maybe_default(lam));
                    let c = p.opt(|p| p.kwds(lam));
                    Some(StarEtc { vararg: Some(a), kwonlyargs: b, kwarg: c })
                });
            }
            alt!(p, {
                p.tok(T::Star)?;
                p.tok(T::Comma)?;
                let b = p.repeat1(|p| p.param_maybe_default(lam))?;
                let c = p.opt(|p| p.kwds(lam));
                Some(StarEtc { vararg: None, kwonlyargs: b, kwarg: c })
            });
            alt!(p, {
                let a = p.kwds(lam)?;
                Some(StarEtc { vararg: None, kwonlyargs: vec![], kwarg: Some(a) })
            });
            None
        })
    }

    /// ```text
    /// kwds[arg_ty]:
    ///     | invalid_kwds
    ///     | '**' a=param_no_default { a }
    /// ```
    fn kwds(&mut self, lam: bool) -> Option<Arg> {
        self.rule(|p| {
            invalid!(p, { p.invalid_kwds(lam).map(|_| unreachable!("always raises")) });
            alt!(p, {
                p.tok(T::DoubleStar)?;
                p.param_no_default(lam)
            });
            None
        })
    }

    /// ```text
    /// param_no_default[arg_ty]:
    ///     | a=param ',' tc=TYPE_COMMENT? { a }
    ///     | a=param tc=TYPE_COMMENT? &')' { a }
    /// ```
    fn param_no_default(&mut self, lam: bool) -> Option<Arg> {
        self.rule(|p| {
            let mut a = p.param(lam)?;
            a.type_comment = p.param_end(lam)?;
            Some(a)
        })
    }

    /// ```text
    /// param_no_default_star_annotation[arg_ty]:
    ///     | a=param_star_annotation ',' tc=TYPE_COMMENT? { a }
    ///     | a=param_star_annotation tc=TYPE_COMMENT? &')' { a }
    /// param_star_annotation[arg_ty]: a=NAME b=star_annotation { arg(a, b) }
    /// star_annotation[expr_ty]: ':' a=star_expression { a }
    /// ```
    fn param_no_default_star_annotation(&mut self) -> Option<Arg> {
        self.rule(|p| {
            let s = p.start()?;
            let a = p.name()?;
            p.tok(T::Colon)?;
            let b = p.star_expression()?;
            let mut arg = Arg { arg: Self::id(&a), annotation: Some(Box::new(b)), type_comment: None, loc: p.loc(s) };
            arg.type_comment = p.param_end(false)?;
            Some(arg)
        })
    }

    /// ```text
    /// param_with_default[NameDefaultPair*]:
    ///     | a=param c=default ',' tc=TYPE_COMMENT? { (a, c) }
    ///     | a=param c=default tc=TYPE_COMMENT? &')' { (a, c) }
    /// ```
    fn param_with_default(&mut self, lam: bool) -> Option<NameDefaultPair> {
        self.rule(|p| {
            let mut a = p.param(lam)?;
            let c = p.default()?;
            a.type_comment = p.param_end(lam)?;
            Some(NameDefaultPair { arg: a, value: Some(c) })
        })
    }

    /// ```text
    /// param_maybe_default[NameDefaultPair*]:
    ///     | a=param c=default? ',' tc=TYPE_COMMENT? { (a, c) }
    ///     | a=param c=default? tc=TYPE_COMMENT? &')' { (a, c) }
    /// ```
    fn param_maybe_default(&mut self, lam: bool) -> Option<NameDefaultPair> {
        self.rule(|p| {
            let mut a = p.param(lam)?;
            let c = p.opt(|p| p.default());
            a.type_comment = p.param_end(lam)?;
            Some(NameDefaultPair { arg: a, value: c })
        })
    }

    /// ```text
    /// param[arg_ty]: a=NAME b=annotation? { arg(a, b) }
    /// annotation[expr_ty]: ':' a=expression { a }
    /// lambda_param[arg_ty]: a=NAME { arg(a, NULL) }
    /// ```
    fn param(&mut self, lam: bool) -> Option<Arg> {
        self.rule(|p| {
            let s = p.start()?;
            let a = p.name()?;
            let b = if lam {
                None
            } else {
                p.opt(|p| {
                    p.tok(T::Colon)?;
                    p.expression()
                })
            };
            Some(Arg { arg: Self::id(&a), annotation: b.map(Box::new), type_comment: None, loc: p.loc(s) })
        })
    }

    /// `default[expr_ty]: '=' a=expression { a } | invalid_default`
    fn default(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, {
                p.tok(T::Equal)?;
                p.expression()
            });
            invalid!(p, { p.invalid_default().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_default:
    ///     | a='=' &(')'|',') { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expected default value expression") }
    /// ```
    fn invalid_default(&mut self) -> Option<()> {
        self.rule(|p| {
            let a = p.tok(T::Equal)?;
            if !(p.at(T::Rpar) || p.at(T::Comma)) {
                return None;
            }
            p.raise_loc(p.tok_loc(a), "expected default value expression")
        })
    }

    /// ```text
    /// invalid_parameters:
    ///     | a="/" ',' { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "at least one argument must precede /") }
    ///     | (slash_no_default | slash_with_default) param_maybe_default* a='/' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "/ may appear only once") }
    ///     | slash_no_default? param_no_default* invalid_parameters_helper a=param_no_default {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "parameter without a default follows parameter with a default") }
    ///     | param_no_default* a='(' param_no_default+ ','? b=')' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "Function parameters cannot be parenthesized") }
    ///     | (slash_no_default | slash_with_default)? param_maybe_default* '*' (',' | param_no_default)
    ///       param_maybe_default* a='/' { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "/ must be ahead of *") }
    ///     | param_maybe_default+ '/' a='*' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expected comma between / and *") }
    /// invalid_parameters_helper: | a=slash_with_default | param_with_default+
    /// ```
    /// (`invalid_lambda_parameters` alike, its fourth alternative being
    /// `lambda_param_no_default* a='(' ','.lambda_param+ ','? b=')'` with
    /// "Lambda expression parameters cannot be parenthesized").
    fn invalid_parameters(&mut self, lam: bool) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.tok(T::Slash)?;
                p.tok(T::Comma)?;
                p.raise_loc(p.tok_loc(a), "at least one argument must precede /")
            });
            alt!(p, {
                p.slash_either(lam)?;
                p.repeat0(|p| p.param_maybe_default(lam));
                let a = p.tok(T::Slash)?;
                p.raise_loc(p.tok_loc(a), "/ may appear only once")
            });
            alt!(p, {
                p.opt(|p| p.slash_no_default(lam));
                p.repeat0(|p| p.param_no_default(lam));
                p.rule(|p| {
                    let m = p.mark;
                    if p.slash_with_default(lam).is_some() {
                        return Some(());
                    }
                    p.mark = m;
                    p.repeat1(|p| p.param_with_default(lam)).map(|_| ())
                })?;
                let a = p.param_no_default(lam)?;
                p.raise_loc(a.loc, "parameter without a default follows parameter with a default")
            });
            alt!(p, {
                p.repeat0(|p| p.param_no_default(lam));
                let a = p.tok(T::Lpar)?;
                if lam {
                    p.gather(T::Comma, |p| p.param(true))?;
                } else {
                    p.repeat1(|p| p.param_no_default(false))?;
                }
                p.opt(|p| p.tok(T::Comma));
                let b = p.tok(T::Rpar)?;
                let msg = if lam {
                    "Lambda expression parameters cannot be parenthesized"
                } else {
                    "Function parameters cannot be parenthesized"
                };
                p.raise_tok_range(a, b, msg)
            });
            alt!(p, {
                p.opt(|p| p.slash_either(lam));
                p.repeat0(|p| p.param_maybe_default(lam));
                p.tok(T::Star)?;
                if p.tok(T::Comma).is_none() {
                    p.param_no_default(lam)?;
                }
                p.repeat0(|p| p.param_maybe_default(lam));
                let a = p.tok(T::Slash)?;
                p.raise_loc(p.tok_loc(a), "/ must be ahead of *")
            });
            alt!(p, {
                p.repeat1(|p| p.param_maybe_default(lam))?;
                p.tok(T::Slash)?;
                let a = p.tok(T::Star)?;
                p.raise_loc(p.tok_loc(a), "expected comma between / and *")
            });
            None
        })
    }

    /// The group `(slash_no_default | slash_with_default)`.
    fn slash_either(&mut self, lam: bool) -> Option<()> {
        let m = self.mark;
        if self.slash_no_default(lam).is_some() {
            return Some(());
        }
        self.mark = m;
        self.slash_with_default(lam).map(|_| ())
    }

    /// ```text
    /// invalid_star_etc:
    ///     | a='*' (')' | ',' (')' | '**')) { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "named arguments must follow bare *") }
    ///     | '*' ',' TYPE_COMMENT { RAISE_SYNTAX_ERROR("bare * has associated type comment") }
    ///     | '*' param a='=' { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "var-positional argument cannot have default value") }
    ///     | '*' (param_no_default | ',') param_maybe_default* a='*' (param_no_default | ',') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "* argument may appear only once") }
    /// invalid_lambda_star_etc:
    ///     | '*' (':' | ',' (':' | '**')) { RAISE_SYNTAX_ERROR("named arguments must follow bare *") }
    ///     | (the last two as above)
    /// ```
    fn invalid_star_etc(&mut self, lam: bool) -> Option<()> {
        self.rule(|p| {
            let end = Self::params_end(lam);
            alt!(p, {
                let a = p.tok(T::Star)?;
                if p.tok(end).is_none() {
                    p.tok(T::Comma)?;
                    if p.tok(end).is_none() {
                        p.tok(T::DoubleStar)?;
                    }
                }
                if lam {
                    p.raise_last(ErrorKind::SyntaxError, "named arguments must follow bare *")
                } else {
                    p.raise_loc(p.tok_loc(a), "named arguments must follow bare *")
                }
            });
            alt!(p, {
                p.tok(T::Star)?;
                p.param(lam)?;
                let a = p.tok(T::Equal)?;
                p.raise_loc(p.tok_loc(a), "var-positional argument cannot have default value")
            });
            alt!(p, {
                p.tok(T::Star)?;
                if p.tok(T::Comma).is_none() {
                    p.param_no_default(lam)?;
                }
                p.repeat0(|p| p.param_maybe_default(lam));
                let a = p.tok(T::Star)?;
                if p.tok(T::Comma).is_none() {
                    p.param_no_default(lam)?;
                }
                p.raise_loc(p.tok_loc(a), "* argument may appear only once")
            });
            None
        })
    }

    /// ```text
    /// invalid_kwds:
    ///     | '**' param a='=' { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "var-keyword argument cannot have default value") }
    ///     | '**' param ',' a=param { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "arguments cannot follow var-keyword argument") }
    ///     | '**' param ',' a[Token*]=('*'|'**'|'/') {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "arguments cannot follow var-keyword argument") }
    /// ```
    fn invalid_kwds(&mut self, lam: bool) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.tok(T::DoubleStar)?;
                p.param(lam)?;
                let a = p.tok(T::Equal)?;
                p.raise_loc(p.tok_loc(a), "var-keyword argument cannot have default value")
            });
            alt!(p, {
                p.tok(T::DoubleStar)?;
                p.param(lam)?;
                p.tok(T::Comma)?;
                let a = p.param(lam)?;
                p.raise_loc(a.loc, "arguments cannot follow var-keyword argument")
            });
            alt!(p, {
                p.tok(T::DoubleStar)?;
                p.param(lam)?;
                p.tok(T::Comma)?;
                let a = p.tok(T::Star).or_else(|| p.tok(T::DoubleStar)).or_else(|| p.tok(T::Slash))?;
                p.raise_loc(p.tok_loc(a), "arguments cannot follow var-keyword argument")
            });
            None
        })
    }

    /// ```text
    /// lambdef[expr_ty]:
    ///     | 'lambda' a=[lambda_params] ':' b=expression { Lambda(a or empty, b) }
    /// ```
    pub fn lambdef(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            p.kw("lambda")?;
            let a = p.opt(|p| p.lambda_params()).unwrap_or_default();
            p.tok(T::Colon)?;
            let b = p.expression()?;
            Some(Expr::new(ExprKind::Lambda { args: Box::new(a), body: Box::new(b) }, p.loc(s)))
        })
    }
}
