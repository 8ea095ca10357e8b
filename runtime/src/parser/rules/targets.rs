//! The ASSIGNMENT TARGETS rules of python.gram (star targets, single
//! targets, `t_primary`, del targets).

use crate::ast::*;
use crate::parser::action_helpers::set_expr_context;
use crate::parser::pegen::{Parser, Rule};
use crate::parser::token::TokenKind as T;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Parser<'_> {
    /// ```text
    /// star_targets[expr_ty]:
    ///     | a=star_target !',' { a }
    ///     | a=star_target b=(',' c=star_target { c })* [','] { Tuple(a + b, Store) }
    /// ```
    pub fn star_targets(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let a = p.star_target()?;
                if p.at(T::Comma) {
                    return None;
                }
                Some(a)
            });
            alt!(p, {
                let a = p.star_target()?;
                let b = p.repeat0(|p| {
                    p.tok(T::Comma)?;
                    p.star_target()
                });
                p.opt(|p| p.tok(T::Comma));
                let mut elts = vec![a];
                elts.extend(b);
                Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Store }, p.loc(s)))
            });
            None
        })
    }

    /// `star_targets_list_seq[asdl_expr_seq*]: a=','.star_target+ [','] { a }`
    fn star_targets_list_seq(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            let a = p.gather(T::Comma, |p| p.star_target())?;
            p.opt(|p| p.tok(T::Comma));
            Some(a)
        })
    }

    /// ```text
    /// star_targets_tuple_seq[asdl_expr_seq*]:
    ///     | a=star_target b=(',' c=star_target { c })+ [','] { a + b }
    ///     | a=star_target ',' { [a] }
    /// ```
    fn star_targets_tuple_seq(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            alt!(p, {
                let a = p.star_target()?;
                let b = p.repeat1(|p| {
                    p.tok(T::Comma)?;
                    p.star_target()
                })?;
                p.opt(|p| p.tok(T::Comma));
                let mut v = vec![a];
                v.extend(b);
                Some(v)
            });
            alt!(p, {
                let a = p.star_target()?;
                p.tok(T::Comma)?;
                Some(vec![a])
            });
            None
        })
    }

    /// ```text
    /// star_target[expr_ty] (memo):
    ///     | '*' a=(!'*' star_target) { Starred(a as Store, Store) }
    ///     | target_with_star_atom
    /// ```
    pub fn star_target(&mut self) -> Option<Expr> {
        self.memoized(Rule::StarTarget, |p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Star)?;
                if p.at(T::Star) {
                    return None;
                }
                let a = p.star_target()?;
                Some(Expr::new(
                    ExprKind::Starred { value: bx(set_expr_context(a, ExprContext::Store)), ctx: ExprContext::Store },
                    p.loc(s),
                ))
            });
            alt!(p, { p.target_with_star_atom() });
            None
        })
    }

    /// ```text
    /// target_with_star_atom[expr_ty] (memo):
    ///     | a=t_primary '.' b=NAME !t_lookahead { Attribute(a, b, Store) }
    ///     | a=t_primary '[' b=slices ']' !t_lookahead { Subscript(a, b, Store) }
    ///     | star_atom
    /// ```
    pub fn target_with_star_atom(&mut self) -> Option<Expr> {
        self.memoized(Rule::TargetWithStarAtom, |p| {
            alt!(p, { p.subscript_attribute_target(ExprContext::Store) });
            alt!(p, { p.star_atom() });
            None
        })
    }

    /// The two alternatives `a=t_primary '.' b=NAME !t_lookahead` and
    /// `a=t_primary '[' b=slices ']' !t_lookahead` with context `ctx`.
    fn subscript_attribute_target(&mut self, ctx: ExprContext) -> Option<Expr> {
        let p = self;
        let s = p.start()?;
        alt!(p, {
            let a = p.t_primary()?;
            p.tok(T::Dot)?;
            let b = p.name()?;
            if p.t_lookahead() {
                return None;
            }
            Some(Expr::new(ExprKind::Attribute { value: bx(a), attr: Self::id(&b), ctx }, p.loc(s)))
        });
        alt!(p, {
            let a = p.t_primary()?;
            p.tok(T::Lsqb)?;
            let b = p.slices()?;
            p.tok(T::Rsqb)?;
            if p.t_lookahead() {
                return None;
            }
            Some(Expr::new(ExprKind::Subscript { value: bx(a), slice: bx(b), ctx }, p.loc(s)))
        });
        None
    }

    /// ```text
    /// star_atom[expr_ty]:
    ///     | a=NAME { a as Store }
    ///     | '(' a=target_with_star_atom ')' { a as Store }
    ///     | '(' a=[star_targets_tuple_seq] ')' { Tuple(a, Store) }
    ///     | '[' a=[star_targets_list_seq] ']' { List(a, Store) }
    /// ```
    fn star_atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, { p.name().map(|a| set_expr_context(a, ExprContext::Store)) });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.target_with_star_atom()?;
                p.tok(T::Rpar)?;
                Some(set_expr_context(a, ExprContext::Store))
            });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.opt(|p| p.star_targets_tuple_seq()).unwrap_or_default();
                p.tok(T::Rpar)?;
                Some(Expr::new(ExprKind::Tuple { elts: a, ctx: ExprContext::Store }, p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Lsqb)?;
                let a = p.opt(|p| p.star_targets_list_seq()).unwrap_or_default();
                p.tok(T::Rsqb)?;
                Some(Expr::new(ExprKind::List { elts: a, ctx: ExprContext::Store }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// single_target[expr_ty]:
    ///     | single_subscript_attribute_target
    ///     | a=NAME { a as Store }
    ///     | '(' a=single_target ')' { a }
    /// ```
    pub fn single_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, { p.single_subscript_attribute_target() });
            alt!(p, { p.name().map(|a| set_expr_context(a, ExprContext::Store)) });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.single_target()?;
                p.tok(T::Rpar)?;
                Some(a)
            });
            None
        })
    }

    /// ```text
    /// single_subscript_attribute_target[expr_ty]:
    ///     | a=t_primary '.' b=NAME !t_lookahead { Attribute(a, b, Store) }
    ///     | a=t_primary '[' b=slices ']' !t_lookahead { Subscript(a, b, Store) }
    /// ```
    pub fn single_subscript_attribute_target(&mut self) -> Option<Expr> {
        self.rule(|p| p.subscript_attribute_target(ExprContext::Store))
    }

    /// ```text
    /// t_primary[expr_ty]:
    ///     | a=t_primary '.' b=NAME &t_lookahead { Attribute(a, b, Load) }
    ///     | a=t_primary '[' b=slices ']' &t_lookahead { Subscript(a, b, Load) }
    ///     | a=t_primary b=genexp &t_lookahead { Call(a, [b]) }
    ///     | a=t_primary '(' b=[arguments] ')' &t_lookahead { Call(a, b) }
    ///     | a=atom &t_lookahead { a }
    /// ```
    /// (The alternatives are tried in this order; [`Parser::grow_trailer`]
    /// tries attribute, genexp, call, subscript, which differs only in
    /// which failing alternatives are attempted first: the first token
    /// after `t_primary` tells them apart.)
    pub fn t_primary(&mut self) -> Option<Expr> {
        self.left_rec(
            Rule::TPrimary,
            |p| {
                let a = p.atom()?;
                if p.t_lookahead() { Some(a) } else { None }
            },
            |p, s, a| p.grow_trailer(s, a, ExprContext::Load, true),
        )
    }

    /// `t_lookahead: '(' | '[' | '.'` (as a positive lookahead).
    pub fn t_lookahead(&mut self) -> bool {
        self.rule(|p| {
            let t = p.peek()?;
            matches!(t.kind, T::Lpar | T::Lsqb | T::Dot).then_some(())
        })
        .is_some()
    }

    /// `del_targets[asdl_expr_seq*]: a=','.del_target+ [','] { a }`
    pub fn del_targets(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            let a = p.gather(T::Comma, |p| p.del_target())?;
            p.opt(|p| p.tok(T::Comma));
            Some(a)
        })
    }

    /// ```text
    /// del_target[expr_ty] (memo):
    ///     | a=t_primary '.' b=NAME !t_lookahead { Attribute(a, b, Del) }
    ///     | a=t_primary '[' b=slices ']' !t_lookahead { Subscript(a, b, Del) }
    ///     | del_t_atom
    /// ```
    fn del_target(&mut self) -> Option<Expr> {
        self.memoized(Rule::DelTarget, |p| {
            alt!(p, { p.subscript_attribute_target(ExprContext::Del) });
            alt!(p, { p.del_t_atom() });
            None
        })
    }

    /// ```text
    /// del_t_atom[expr_ty]:
    ///     | a=NAME { a as Del }
    ///     | '(' a=del_target ')' { a as Del }
    ///     | '(' a=[del_targets] ')' { Tuple(a, Del) }
    ///     | '[' a=[del_targets] ']' { List(a, Del) }
    /// ```
    fn del_t_atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, { p.name().map(|a| set_expr_context(a, ExprContext::Del)) });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.del_target()?;
                p.tok(T::Rpar)?;
                Some(set_expr_context(a, ExprContext::Del))
            });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.opt(|p| p.del_targets()).unwrap_or_default();
                p.tok(T::Rpar)?;
                Some(Expr::new(ExprKind::Tuple { elts: a, ctx: ExprContext::Del }, p.loc(s)))
            });
            alt!(p, {
                p.tok(T::Lsqb)?;
                let a = p.opt(|p| p.del_targets()).unwrap_or_default();
                p.tok(T::Rsqb)?;
                Some(Expr::new(ExprKind::List { elts: a, ctx: ExprContext::Del }, p.loc(s)))
            });
            None
        })
    }
}
