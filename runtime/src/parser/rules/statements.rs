//! The STARTING RULES, GENERAL STATEMENTS, SIMPLE STATEMENTS and COMPOUND
//! STATEMENTS of python.gram, the type-parameter rules and their invalid_*
//! rules.

use crate::ast::*;
use crate::parser::action_helpers::*;
use crate::parser::error::ErrorKind;
use crate::parser::pegen::{Parser, Rule};
use crate::parser::token::TokenKind as T;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Parser<'_> {
    /// `file[mod_ty]: a=[statements] ENDMARKER { _PyPegen_make_module(p, a) }`
    pub fn file(&mut self) -> Option<Module> {
        self.rule(|p| {
            let a = p.opt(|p| p.statements()).unwrap_or_default();
            p.tok(T::EndMarker)?;
            Some(Module { body: a, type_ignores: p.type_ignores.clone() })
        })
    }

    /// `interactive[mod_ty]: a=statement_newline { Interactive(a) }`
    pub fn interactive(&mut self) -> Option<Mod> {
        self.rule(|p| Some(Mod::Interactive { body: p.statement_newline()? }))
    }

    /// `eval[mod_ty]: a=expressions NEWLINE* ENDMARKER { Expression(a) }`
    pub fn eval(&mut self) -> Option<Mod> {
        self.rule(|p| {
            let a = p.expressions()?;
            p.repeat0(|p| p.tok(T::Newline));
            p.tok(T::EndMarker)?;
            Some(Mod::Expression { body: bx(a) })
        })
    }

    /// ```text
    /// func_type[mod_ty]: '(' a=[type_expressions] ')' '->' b=expression NEWLINE* ENDMARKER { FunctionType(a, b) }
    /// ```
    pub fn func_type(&mut self) -> Option<Mod> {
        self.rule(|p| {
            p.tok(T::Lpar)?;
            let a = p.opt(|p| p.type_expressions()).unwrap_or_default();
            p.tok(T::Rpar)?;
            p.tok(T::Rarrow)?;
            let b = p.expression()?;
            p.repeat0(|p| p.tok(T::Newline));
            p.tok(T::EndMarker)?;
            Some(Mod::FunctionType { argtypes: a, returns: bx(b) })
        })
    }

    /// ```text
    /// type_expressions[asdl_expr_seq*]:
    ///     | a=','.expression+ ',' '*' b=expression ',' '**' c=expression { a + [b, c] }
    ///     | a=','.expression+ ',' '*' b=expression { a + [b] }
    ///     | a=','.expression+ ',' '**' b=expression { a + [b] }
    ///     | '*' a=expression ',' '**' b=expression { [a, b] }
    ///     | '*' a=expression { [a] }
    ///     | '**' a=expression { [a] }
    ///     | a=','.expression+ {a}
    /// ```
    fn type_expressions(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            alt!(p, {
                let mut a = p.gather(T::Comma, |p| p.expression())?;
                p.tok(T::Comma)?;
                p.tok(T::Star)?;
                a.push(p.expression()?);
                p.tok(T::Comma)?;
                p.tok(T::DoubleStar)?;
                a.push(p.expression()?);
                Some(a)
            });
            for star in [T::Star, T::DoubleStar] {
                alt!(p, {
                    let mut a = p.gather(T::Comma, |p| p.expression())?;
                    p.tok(T::Comma)?;
                    p.tok(star)?;
                    a.push(p.expression()?);
                    Some(a)
                });
            }
            alt!(p, {
                p.tok(T::Star)?;
                let a = p.expression()?;
                p.tok(T::Comma)?;
                p.tok(T::DoubleStar)?;
                Some(vec![a, p.expression()?])
            });
            for star in [T::Star, T::DoubleStar] {
                alt!(p, {
                    p.tok(star)?;
                    Some(vec![p.expression()?])
                });
            }
            alt!(p, { p.gather(T::Comma, |p| p.expression()) });
            None
        })
    }

    /// `statements[asdl_stmt_seq*]: a=statement+ { _PyPegen_seq_flatten(p, a) }`
    fn statements(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| Some(p.repeat1(|p| p.statement())?.into_iter().flatten().collect()))
    }

    /// ```text
    /// statement[asdl_stmt_seq*]:
    ///     | a=compound_stmt { _PyPegen_register_stmts(p, [a]) }
    ///     | a=simple_stmts { a }
    /// ```
    fn statement(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            alt!(p, {
                let a = p.compound_stmt()?;
                Some(p.register_stmts(vec![a]))
            });
            alt!(p, { p.simple_stmts() });
            None
        })
    }

    /// `_PyPegen_register_stmts`: on the second pass, remember where the
    /// last complete statement was.
    fn register_stmts(&mut self, stmts: Vec<Stmt>) -> Vec<Stmt> {
        if self.call_invalid_rules
            && let Some(last) = stmts.last()
            && self.last_stmt_location.lineno <= last.loc.lineno
        {
            self.last_stmt_location = last.loc;
        }
        stmts
    }

    /// ```text
    /// statement_newline[asdl_stmt_seq*]:
    ///     | a=single_compound_stmt NEWLINE { a }
    ///     | simple_stmts
    ///     | NEWLINE { [Pass] }
    ///     | ENDMARKER { _PyPegen_interactive_exit(p) }
    /// ```
    fn statement_newline(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let a = p.compound_stmt()?;
                p.tok(T::Newline)?;
                Some(p.register_stmts(vec![a]))
            });
            alt!(p, { p.simple_stmts() });
            alt!(p, {
                p.tok(T::Newline)?;
                Some(vec![Stmt::new(StmtKind::Pass, p.loc(s))])
            });
            alt!(p, {
                p.tok(T::EndMarker)?;
                p.raise_last(ErrorKind::SyntaxError, "unexpected EOF while parsing")
            });
            None
        })
    }

    /// ```text
    /// simple_stmts[asdl_stmt_seq*]:
    ///     | a=simple_stmt !';' NEWLINE { [a] }
    ///     | a=';'.simple_stmt+ [';'] NEWLINE { a }
    /// ```
    fn simple_stmts(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            alt!(p, {
                let a = p.simple_stmt()?;
                if p.at(T::Semi) {
                    return None;
                }
                p.tok(T::Newline)?;
                Some(vec![a])
            });
            alt!(p, {
                let a = p.gather(T::Semi, |p| p.simple_stmt())?;
                p.opt(|p| p.tok(T::Semi));
                p.tok(T::Newline)?;
                Some(a)
            });
            None
        })
    }

    /// ```text
    /// simple_stmt[stmt_ty] (memo):
    ///     | assignment
    ///     | &"type" type_alias
    ///     | e=star_expressions { Expr(e) }
    ///     | &'return' return_stmt
    ///     | &('import' | 'from') import_stmt
    ///     | &'raise' raise_stmt
    ///     | &'pass' pass_stmt
    ///     | &'del' del_stmt
    ///     | &'yield' yield_stmt
    ///     | &'assert' assert_stmt
    ///     | &'break' break_stmt
    ///     | &'continue' continue_stmt
    ///     | &'global' global_stmt
    ///     | &'nonlocal' nonlocal_stmt
    /// ```
    pub fn simple_stmt(&mut self) -> Option<Stmt> {
        self.memoized(Rule::SimpleStmt, |p| {
            let s = p.start()?;
            alt!(p, { p.assignment() });
            alt!(p, {
                if !p.ahead(|p| p.soft("type")) {
                    return None;
                }
                p.type_alias()
            });
            alt!(p, {
                let e = p.star_expressions()?;
                Some(Stmt::new(StmtKind::Expr { value: bx(e) }, p.loc(s)))
            });
            let t = p.peek()?;
            if !t.keyword {
                return None;
            }
            match p.text(s) {
                "return" => alt!(p, { p.return_stmt() }),
                "import" | "from" => alt!(p, { p.import_stmt() }),
                "raise" => alt!(p, { p.raise_stmt() }),
                "pass" | "break" | "continue" => alt!(p, {
                    let kind = match p.text(s) {
                        "pass" => StmtKind::Pass,
                        "break" => StmtKind::Break,
                        _ => StmtKind::Continue,
                    };
                    p.rule(|p| {
                        p.mark += 1;
                        Some(Stmt::new(kind, p.loc(s)))
                    })
                }),
                "del" => alt!(p, { p.del_stmt() }),
                "yield" => alt!(p, {
                    p.rule(|p| {
                        let y = p.yield_expr()?;
                        Some(Stmt::new(StmtKind::Expr { value: bx(y) }, p.loc(s)))
                    })
                }),
                "assert" => alt!(p, { p.assert_stmt() }),
                "global" | "nonlocal" => alt!(p, { p.global_stmt() }),
                _ => {}
            }
            None
        })
    }

    /// ```text
    /// compound_stmt[stmt_ty]:
    ///     | &('def' | '@' | 'async') function_def
    ///     | &'if' if_stmt
    ///     | &('class' | '@') class_def
    ///     | &('with' | 'async') with_stmt
    ///     | &('for' | 'async') for_stmt
    ///     | &'try' try_stmt
    ///     | &'while' while_stmt
    ///     | match_stmt
    /// ```
    fn compound_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            let t = p.toks[s];
            let word = if t.keyword { p.text(s) } else { "" };
            let at = t.kind == T::At;
            if word == "def" || at || word == "async" {
                alt!(p, { p.function_def() });
            }
            if word == "if" {
                alt!(p, { p.if_stmt(false) });
            }
            if word == "class" || at {
                alt!(p, { p.class_def() });
            }
            if word == "with" || word == "async" {
                alt!(p, { p.with_stmt() });
            }
            if word == "for" || word == "async" {
                alt!(p, { p.for_stmt() });
            }
            if word == "try" {
                alt!(p, { p.try_stmt() });
            }
            if word == "while" {
                alt!(p, { p.while_stmt() });
            }
            alt!(p, { p.match_stmt() });
            None
        })
    }

    /// ```text
    /// assignment[stmt_ty]:
    ///     | a=NAME ':' b=expression c=['=' d=annotated_rhs { d }] { AnnAssign(a as Store, b, c, 1) }
    ///     | a=('(' b=single_target ')' { b } | single_subscript_attribute_target) ':' b=expression
    ///       c=['=' d=annotated_rhs { d }] { AnnAssign(a, b, c, 0) }
    ///     | a=(z=star_targets '=' { z })+ b=annotated_rhs !'=' tc=[TYPE_COMMENT] { Assign(a, b) }
    ///     | a=single_target b=augassign ~ c=annotated_rhs { AugAssign(a, b, c) }
    ///     | invalid_assignment
    /// ```
    fn assignment(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                let a = p.name()?;
                p.tok(T::Colon)?;
                let b = p.expression()?;
                let c = p.opt(|p| {
                    p.tok(T::Equal)?;
                    p.annotated_rhs()
                });
                let st = Stmt::new(
                    StmtKind::AnnAssign {
                        target: bx(set_expr_context(a, ExprContext::Store)),
                        annotation: bx(b),
                        value: c.map(bx),
                        simple: true,
                    },
                    p.loc(s),
                );
                p.check_version(6, "Variable annotation syntax is", st)
            });
            alt!(p, {
                let m = p.mark;
                let paren = (|| {
                    p.tok(T::Lpar)?;
                    let b = p.single_target()?;
                    p.tok(T::Rpar)?;
                    Some(b)
                })();
                let a = match paren {
                    Some(a) => a,
                    None => {
                        p.mark = m;
                        p.single_subscript_attribute_target()?
                    }
                };
                p.tok(T::Colon)?;
                let b = p.expression()?;
                let c = p.opt(|p| {
                    p.tok(T::Equal)?;
                    p.annotated_rhs()
                });
                let st = Stmt::new(
                    StmtKind::AnnAssign { target: bx(a), annotation: bx(b), value: c.map(bx), simple: false },
                    p.loc(s),
                );
                p.check_version(6, "Variable annotations syntax is", st)
            });
            alt!(p, {
                let a = p.repeat1(|p| {
                    let z = p.star_targets()?;
                    p.tok(T::Equal)?;
                    Some(z)
                })?;
                let b = p.annotated_rhs()?;
                if p.at(T::Equal) {
                    return None;
                }
                let tc = p.type_comment();
                Some(Stmt::new(StmtKind::Assign { targets: a, value: bx(b), type_comment: tc }, p.loc(s)))
            });
            let mut cut = false;
            alt!(p, {
                let a = p.single_target()?;
                let op = p.augassign()?;
                cut = true;
                let c = p.annotated_rhs()?;
                Some(Stmt::new(StmtKind::AugAssign { target: bx(a), op, value: bx(c) }, p.loc(s)))
            });
            if cut {
                return None;
            }
            invalid!(p, { p.invalid_assignment().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// augassign[AugOperator*]:
    ///     | '+=' | '-=' | '*=' | '@=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | '**=' | '//='
    /// ```
    fn augassign(&mut self) -> Option<Operator> {
        self.rule(|p| {
            let t = p.peek()?;
            let op = match t.kind {
                T::PlusEqual => Operator::Add,
                T::MinEqual => Operator::Sub,
                T::StarEqual => Operator::Mult,
                T::AtEqual => Operator::MatMult,
                T::SlashEqual => Operator::Div,
                T::PercentEqual => Operator::Mod,
                T::AmperEqual => Operator::BitAnd,
                T::VbarEqual => Operator::BitOr,
                T::CircumflexEqual => Operator::BitXor,
                T::LeftShiftEqual => Operator::LShift,
                T::RightShiftEqual => Operator::RShift,
                T::DoubleStarEqual => Operator::Pow,
                T::DoubleSlashEqual => Operator::FloorDiv,
                _ => return None,
            };
            p.mark += 1;
            if op == Operator::MatMult {
                return p.check_version(5, "The '@' operator is", op);
            }
            Some(op)
        })
    }

    /// ```text
    /// invalid_assignment:
    ///     | a=invalid_ann_assign_target ':' expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "only single target (not %s) can be annotated", ...) }
    ///     | a=star_named_expression ',' star_named_expressions* ':' expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "only single target (not tuple) can be annotated") }
    ///     | a=expression ':' expression { RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "illegal target for annotation") }
    ///     | (star_targets '=')* a=star_expressions '=' { RAISE_SYNTAX_ERROR_INVALID_TARGET(STAR_TARGETS, a) }
    ///     | (star_targets '=')* a=yield_expr '=' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "assignment to yield expression not possible") }
    ///     | a=star_expressions augassign annotated_rhs {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "'%s' is an illegal expression for augmented assignment", ...) }
    /// ```
    fn invalid_assignment(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.invalid_ann_assign_target()?;
                p.tok(T::Colon)?;
                p.expression()?;
                let msg = format!("only single target (not {}) can be annotated", expr_name(&a));
                p.raise_loc(a.loc, &msg)
            });
            alt!(p, {
                let a = p.star_named_expression()?;
                p.tok(T::Comma)?;
                p.repeat0(|p| p.star_named_expressions());
                p.tok(T::Colon)?;
                p.expression()?;
                p.raise_loc(a.loc, "only single target (not tuple) can be annotated")
            });
            alt!(p, {
                let a = p.expression()?;
                p.tok(T::Colon)?;
                p.expression()?;
                p.raise_loc(a.loc, "illegal target for annotation")
            });
            alt!(p, {
                p.repeat0(|p| {
                    p.star_targets()?;
                    p.tok(T::Equal)
                });
                let a = p.star_expressions()?;
                p.tok(T::Equal)?;
                p.raise_invalid_target(TargetsType::StarTargets, &a)
            });
            alt!(p, {
                p.repeat0(|p| {
                    p.star_targets()?;
                    p.tok(T::Equal)
                });
                let a = p.yield_expr()?;
                p.tok(T::Equal)?;
                p.raise_loc(a.loc, "assignment to yield expression not possible")
            });
            alt!(p, {
                let a = p.star_expressions()?;
                p.augassign()?;
                p.annotated_rhs()?;
                let msg = format!("'{}' is an illegal expression for augmented assignment", expr_name(&a));
                p.raise_loc(a.loc, &msg)
            });
            None
        })
    }

    /// ```text
    /// invalid_ann_assign_target[expr_ty]:
    ///     | list
    ///     | tuple
    ///     | '(' a=invalid_ann_assign_target ')' { a }
    /// ```
    fn invalid_ann_assign_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            alt!(p, { p.list() });
            alt!(p, { p.tuple() });
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.invalid_ann_assign_target()?;
                p.tok(T::Rpar)?;
                Some(a)
            });
            None
        })
    }

    /// `return_stmt[stmt_ty]: 'return' a=[star_expressions] { Return(a) }`
    fn return_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            p.kw("return")?;
            let a = p.opt(|p| p.star_expressions());
            Some(Stmt::new(StmtKind::Return { value: a.map(bx) }, p.loc(s)))
        })
    }

    /// ```text
    /// raise_stmt[stmt_ty]:
    ///     | 'raise' a=expression b=['from' z=expression { z }] { Raise(a, b) }
    ///     | 'raise' { Raise(NULL, NULL) }
    /// ```
    fn raise_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.kw("raise")?;
                let a = p.expression()?;
                let b = p.opt(|p| {
                    p.kw("from")?;
                    p.expression()
                });
                Some(Stmt::new(StmtKind::Raise { exc: Some(bx(a)), cause: b.map(bx) }, p.loc(s)))
            });
            alt!(p, {
                p.kw("raise")?;
                Some(Stmt::new(StmtKind::Raise { exc: None, cause: None }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// global_stmt[stmt_ty]: 'global' a=','.NAME+ { Global(a) }
    /// nonlocal_stmt[stmt_ty]: 'nonlocal' a=','.NAME+ { Nonlocal(a) }
    /// ```
    fn global_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            let global = p.kw("global").is_some();
            if !global {
                p.kw("nonlocal")?;
            }
            let names = p.gather(T::Comma, |p| p.name())?.iter().map(Self::id).collect();
            let kind = if global { StmtKind::Global { names } } else { StmtKind::Nonlocal { names } };
            Some(Stmt::new(kind, p.loc(s)))
        })
    }

    /// ```text
    /// del_stmt[stmt_ty]:
    ///     | 'del' a=del_targets &(';' | NEWLINE) { Delete(a) }
    ///     | invalid_del_stmt
    /// invalid_del_stmt:
    ///     | 'del' a=star_expressions { RAISE_SYNTAX_ERROR_INVALID_TARGET(DEL_TARGETS, a) }
    /// ```
    fn del_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.kw("del")?;
                let a = p.del_targets()?;
                if !(p.at(T::Semi) || p.at(T::Newline)) {
                    return None;
                }
                Some(Stmt::new(StmtKind::Delete { targets: a }, p.loc(s)))
            });
            invalid!(p, {
                p.rule(|p| {
                    p.kw("del")?;
                    let a = p.star_expressions()?;
                    p.raise_invalid_target(TargetsType::DelTargets, &a)
                })
            });
            None
        })
    }

    /// `assert_stmt[stmt_ty]: 'assert' a=expression b=[',' z=expression { z }] { Assert(a, b) }`
    fn assert_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            p.kw("assert")?;
            let a = p.expression()?;
            let b = p.opt(|p| {
                p.tok(T::Comma)?;
                p.expression()
            });
            Some(Stmt::new(StmtKind::Assert { test: bx(a), msg: b.map(bx) }, p.loc(s)))
        })
    }

    /// ```text
    /// import_stmt[stmt_ty](memo):
    ///     | invalid_import
    ///     | import_name
    ///     | import_from
    /// ```
    fn import_stmt(&mut self) -> Option<Stmt> {
        self.memoized(Rule::ImportStmt, |p| {
            invalid!(p, { p.invalid_import().map(|_| unreachable!("always raises")) });
            alt!(p, { p.import_name() });
            alt!(p, { p.import_from() });
            None
        })
    }

    /// ```text
    /// invalid_import:
    ///     | a='import' ','.dotted_name+ 'from' dotted_name {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(a, "Did you mean to use 'from ... import ...' instead?") }
    ///     | 'import' token=NEWLINE {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(token, "Expected one or more names after 'import'") }
    /// ```
    fn invalid_import(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                let a = p.kw("import")?;
                p.gather(T::Comma, |p| p.dotted_name())?;
                p.kw("from")?;
                p.dotted_name()?;
                p.raise_from(p.tok_loc(a), "Did you mean to use 'from ... import ...' instead?")
            });
            alt!(p, {
                p.kw("import")?;
                let t = p.tok(T::Newline)?;
                p.raise_from(p.tok_loc(t), "Expected one or more names after 'import'")
            });
            None
        })
    }

    /// `import_name[stmt_ty]: 'import' a=dotted_as_names { Import(a) }`
    fn import_name(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            p.kw("import")?;
            let a = p.gather(T::Comma, |p| p.dotted_as_name())?;
            Some(Stmt::new(StmtKind::Import { names: a }, p.loc(s)))
        })
    }

    /// ```text
    /// import_from[stmt_ty]:
    ///     | 'from' a=('.' | '...')* b=dotted_name 'import' c=import_from_targets { ImportFrom(b, c, dots(a)) }
    ///     | 'from' a=('.' | '...')+ 'import' b=import_from_targets { ImportFrom(NULL, b, dots(a)) }
    /// ```
    fn import_from(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            let dots = |p: &mut Self| {
                p.repeat0(|p| {
                    if p.tok(T::Dot).is_some() {
                        return Some(1);
                    }
                    p.tok(T::Ellipsis).map(|_| 3)
                })
            };
            alt!(p, {
                p.kw("from")?;
                let a = dots(p);
                let b = p.dotted_name()?;
                p.kw("import")?;
                let c = p.import_from_targets()?;
                let level = a.iter().sum();
                Some(Stmt::new(StmtKind::ImportFrom { module: Some(Self::id(&b)), names: c, level }, p.loc(s)))
            });
            alt!(p, {
                p.kw("from")?;
                let a = dots(p);
                if a.is_empty() {
                    return None;
                }
                p.kw("import")?;
                let b = p.import_from_targets()?;
                let level = a.iter().sum();
                Some(Stmt::new(StmtKind::ImportFrom { module: None, names: b, level }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// import_from_targets[asdl_alias_seq*]:
    ///     | '(' a=import_from_as_names [','] ')' { a }
    ///     | import_from_as_names !','
    ///     | '*' { [alias('*')] }
    ///     | invalid_import_from_targets
    /// import_from_as_names[asdl_alias_seq*]: a=','.import_from_as_name+ { a }
    /// ```
    fn import_from_targets(&mut self) -> Option<Vec<Alias>> {
        self.rule(|p| {
            let s = p.start()?;
            alt!(p, {
                p.tok(T::Lpar)?;
                let a = p.gather(T::Comma, |p| p.import_from_as_name())?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rpar)?;
                Some(a)
            });
            alt!(p, {
                let a = p.gather(T::Comma, |p| p.import_from_as_name())?;
                if p.at(T::Comma) {
                    return None;
                }
                Some(a)
            });
            alt!(p, {
                p.tok(T::Star)?;
                Some(vec![Alias { name: "*".into(), asname: None, loc: p.loc(s) }])
            });
            invalid!(p, { p.invalid_import_from_targets().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_import_from_targets:
    ///     | import_from_as_names ',' NEWLINE {
    ///         RAISE_SYNTAX_ERROR("trailing comma not allowed without surrounding parentheses") }
    ///     | token=NEWLINE {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(token, "Expected one or more names after 'import'") }
    /// ```
    fn invalid_import_from_targets(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.gather(T::Comma, |p| p.import_from_as_name())?;
                p.tok(T::Comma)?;
                p.tok(T::Newline)?;
                p.raise_last(ErrorKind::SyntaxError, "trailing comma not allowed without surrounding parentheses")
            });
            alt!(p, {
                let t = p.tok(T::Newline)?;
                p.raise_from(p.tok_loc(t), "Expected one or more names after 'import'")
            });
            None
        })
    }

    /// ```text
    /// import_from_as_name[alias_ty]:
    ///     | invalid_import_from_as_name
    ///     | a=NAME b=['as' z=NAME { z }] { alias(a, b) }
    /// dotted_as_name[alias_ty]:
    ///     | invalid_dotted_as_name
    ///     | a=dotted_name b=['as' z=NAME { z }] { alias(a, b) }
    /// invalid_import_from_as_name / invalid_dotted_as_name:
    ///     | NAME|dotted_name 'as' !(NAME (',' | ')' | ';' | NEWLINE)) a=expression {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use %s as import target", _PyPegen_get_expr_name(a)) }
    /// ```
    fn import_from_as_name(&mut self) -> Option<Alias> {
        self.as_name(false)
    }

    fn dotted_as_name(&mut self) -> Option<Alias> {
        self.as_name(true)
    }

    fn as_name(&mut self, dotted: bool) -> Option<Alias> {
        self.rule(|p| {
            let s = p.start()?;
            let head = |p: &mut Self| if dotted { p.dotted_name() } else { p.name() };
            invalid!(p, {
                p.rule(|p| {
                    head(p)?;
                    p.kw("as")?;
                    let plain = p.ahead(|p| {
                        p.tok(T::Name)?;
                        let t = p.peek()?;
                        matches!(t.kind, T::Comma | T::Rpar | T::Semi | T::Newline).then_some(())
                    });
                    if plain {
                        return None;
                    }
                    let a = p.expression()?;
                    let msg = format!("cannot use {} as import target", expr_name(&a));
                    p.raise_loc::<Alias>(a.loc, &msg)
                })
            });
            alt!(p, {
                let a = head(p)?;
                let b = p.opt(|p| {
                    p.kw("as")?;
                    p.name()
                });
                Some(Alias { name: Self::id(&a), asname: b.as_ref().map(Self::id), loc: p.loc(s) })
            });
            None
        })
    }

    /// ```text
    /// dotted_name[expr_ty]:
    ///     | a=dotted_name '.' b=NAME { _PyPegen_join_names_with_dot(p, a, b) }
    ///     | NAME
    /// ```
    fn dotted_name(&mut self) -> Option<Expr> {
        self.left_rec(Rule::DottedName, Self::name, |p, _, a| {
            let m = p.mark;
            if p.tok(T::Dot).is_some()
                && let Some(b) = p.name()
            {
                let id = format!("{}.{}", Self::id(&a), Self::id(&b));
                return Ok(Expr::new(ExprKind::Name { id: id.into(), ctx: ExprContext::Load }, a.loc));
            }
            p.mark = m;
            Err(a)
        })
    }

    /// ```text
    /// block[asdl_stmt_seq*] (memo):
    ///     | NEWLINE INDENT a=statements DEDENT { a }
    ///     | simple_stmts
    ///     | invalid_block
    /// invalid_block:
    ///     | NEWLINE !INDENT { RAISE_INDENTATION_ERROR("expected an indented block") }
    /// ```
    pub fn block(&mut self) -> Option<Vec<Stmt>> {
        self.memoized(Rule::Block, |p| {
            alt!(p, {
                p.tok(T::Newline)?;
                p.tok(T::Indent)?;
                let a = p.statements()?;
                p.tok(T::Dedent)?;
                Some(a)
            });
            alt!(p, { p.simple_stmts() });
            invalid!(p, {
                p.rule(|p| {
                    p.tok(T::Newline)?;
                    if p.at(T::Indent) {
                        return None;
                    }
                    p.raise_last(ErrorKind::IndentationError, "expected an indented block")
                })
            });
            None
        })
    }

    /// `decorators[asdl_expr_seq*]: a=('@' f=named_expression NEWLINE { f })+ { a }`
    fn decorators(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            p.repeat1(|p| {
                p.tok(T::At)?;
                let f = p.named_expression()?;
                p.tok(T::Newline)?;
                Some(f)
            })
        })
    }

    /// ```text
    /// class_def[stmt_ty]:
    ///     | a=decorators b=class_def_raw { _PyPegen_class_def_decorators(p, a, b) }
    ///     | class_def_raw
    /// function_def[stmt_ty]:
    ///     | d=decorators f=function_def_raw { _PyPegen_function_def_decorators(p, d, f) }
    ///     | function_def_raw
    /// ```
    fn class_def(&mut self) -> Option<Stmt> {
        self.decorated(Self::class_def_raw)
    }

    fn function_def(&mut self) -> Option<Stmt> {
        self.decorated(Self::function_def_raw)
    }

    fn decorated(&mut self, raw: fn(&mut Self) -> Option<Stmt>) -> Option<Stmt> {
        self.rule(|p| {
            alt!(p, {
                let d = p.decorators()?;
                let mut f = raw(p)?;
                match &mut f.kind {
                    StmtKind::ClassDef(c) => c.decorator_list = d,
                    StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => f.decorator_list = d,
                    _ => {}
                }
                Some(f)
            });
            alt!(p, { raw(p) });
            None
        })
    }

    /// ```text
    /// class_def_raw[stmt_ty]:
    ///     | invalid_class_def_raw
    ///     | 'class' a=NAME t=[type_params] b=['(' z=[arguments] ')' { z }] ':' c=block { ClassDef(...) }
    /// invalid_class_def_raw:
    ///     | 'class' NAME [type_params] ['(' [arguments] ')'] NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | a='class' NAME [type_params] ['(' [arguments] ')'] ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after class definition on line %d", a->lineno) }
    /// ```
    fn class_def_raw(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, {
                p.rule(|p| {
                    alt!(p, {
                        p.class_head()?;
                        p.tok(T::Newline)?;
                        p.raise_last(ErrorKind::SyntaxError, "expected ':'")
                    });
                    alt!(p, {
                        let a = p.class_head()?.0;
                        p.tok(T::Colon)?;
                        p.tok(T::Newline)?;
                        if p.at(T::Indent) {
                            return None;
                        }
                        let msg = format!("expected an indented block after class definition on line {}", p.toks[a].lineno);
                        p.raise_last(ErrorKind::IndentationError, &msg)
                    });
                    None::<Stmt>
                })
            });
            alt!(p, {
                let (_, name, type_params, args) = p.class_head()?;
                p.tok(T::Colon)?;
                let body = p.block()?;
                let (bases, keywords) = match args.map(|a| a.kind) {
                    Some(ExprKind::Call { args, keywords, .. }) => (args, keywords),
                    _ => (vec![], vec![]),
                };
                Some(Stmt::new(
                    StmtKind::ClassDef(Box::new(ClassDef {
                        name,
                        bases,
                        keywords,
                        body,
                        decorator_list: vec![],
                        type_params,
                    })),
                    p.loc(s),
                ))
            });
            None
        })
    }

    /// `'class' a=NAME t=[type_params] b=['(' z=[arguments] ')' { z }]`
    fn class_head(&mut self) -> Option<(usize, Identifier, Vec<TypeParam>, Option<Expr>)> {
        let kw = self.kw("class")?;
        let name = self.name()?;
        let t = self.opt(|p| p.type_params()).unwrap_or_default();
        let b = self
            .opt(|p| {
                p.tok(T::Lpar)?;
                let z = p.opt(|p| p.arguments());
                p.tok(T::Rpar)?;
                Some(z)
            })
            .flatten();
        Some((kw, Self::id(&name), t, b))
    }

    /// ```text
    /// function_def_raw[stmt_ty]:
    ///     | invalid_def_raw
    ///     | 'def' n=NAME t=[type_params] '(' params=[params] ')' a=['->' z=expression { z }] ':'
    ///       tc=[func_type_comment] b=block { FunctionDef(...) }
    ///     | 'async' 'def' (same) { AsyncFunctionDef(...) }
    /// invalid_def_raw:
    ///     | ['async'] a='def' NAME [type_params] '(' [params] ')' ['->' expression] ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after function definition on line %d", a->lineno) }
    ///     | ['async'] 'def' NAME [type_params] &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
    /// ```
    fn function_def_raw(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, {
                p.rule(|p| {
                    alt!(p, {
                        p.opt(|p| p.kw("async"));
                        let a = p.kw("def")?;
                        p.name()?;
                        p.opt(|p| p.type_params());
                        p.tok(T::Lpar)?;
                        p.opt(|p| p.params(false));
                        p.tok(T::Rpar)?;
                        p.opt(|p| {
                            p.tok(T::Rarrow)?;
                            p.expression()
                        });
                        p.tok(T::Colon)?;
                        p.tok(T::Newline)?;
                        if p.at(T::Indent) {
                            return None;
                        }
                        let msg = format!("expected an indented block after function definition on line {}", p.toks[a].lineno);
                        p.raise_last(ErrorKind::IndentationError, &msg)
                    });
                    alt!(p, {
                        p.opt(|p| p.kw("async"));
                        p.kw("def")?;
                        p.name()?;
                        p.opt(|p| p.type_params());
                        p.forced(T::Lpar, "(")?;
                        p.opt(|p| p.params(false));
                        p.tok(T::Rpar)?;
                        p.opt(|p| {
                            p.tok(T::Rarrow)?;
                            p.expression()
                        });
                        p.forced(T::Colon, ":")?;
                        p.block()?;
                        Some(Self::dummy_stmt())
                    });
                    None
                })
            });
            for is_async in [false, true] {
                alt!(p, {
                    if is_async {
                        p.kw("async")?;
                    }
                    p.kw("def")?;
                    let n = p.name()?;
                    let t = p.opt(|p| p.type_params()).unwrap_or_default();
                    p.tok(T::Lpar)?;
                    let params = p.opt(|p| p.params(false)).unwrap_or_default();
                    p.tok(T::Rpar)?;
                    let a = p.opt(|p| {
                        p.tok(T::Rarrow)?;
                        p.expression()
                    });
                    p.tok(T::Colon)?;
                    let tc = p.func_type_comment();
                    if p.failed() {
                        return None;
                    }
                    let b = p.block()?;
                    let f = Box::new(FunctionDef {
                        name: Self::id(&n),
                        args: Box::new(params),
                        body: b,
                        decorator_list: vec![],
                        returns: a.map(bx),
                        type_comment: tc,
                        type_params: t,
                    });
                    if is_async {
                        let st = Stmt::new(StmtKind::AsyncFunctionDef(f), p.loc(s));
                        return p.check_version(5, "Async functions are", st);
                    }
                    Some(Stmt::new(StmtKind::FunctionDef(f), p.loc(s)))
                });
            }
            None
        })
    }

    /// ```text
    /// func_type_comment[Token*]:
    ///     | NEWLINE t=TYPE_COMMENT &(NEWLINE INDENT) { t }
    ///     | invalid_double_type_comments
    ///     | TYPE_COMMENT
    /// invalid_double_type_comments:
    ///     | TYPE_COMMENT NEWLINE TYPE_COMMENT NEWLINE INDENT {
    ///         RAISE_SYNTAX_ERROR("Cannot have two type comments on def") }
    /// ```
    fn func_type_comment(&mut self) -> Option<Box<str>> {
        let m = self.mark;
        if self.tok(T::Newline).is_some()
            && let Some(t) = self.type_comment()
        {
            let after = self.mark;
            if self.tok(T::Newline).is_some() && self.tok(T::Indent).is_some() {
                self.mark = after;
                return Some(t);
            }
        }
        self.mark = m;
        if self.call_invalid_rules {
            let double = self.tok(T::TypeComment).is_some()
                && self.tok(T::Newline).is_some()
                && self.tok(T::TypeComment).is_some()
                && self.tok(T::Newline).is_some()
                && self.tok(T::Indent).is_some();
            if double {
                return self.raise_last(ErrorKind::SyntaxError, "Cannot have two type comments on def");
            }
            self.mark = m;
        }
        self.type_comment()
    }

    /// The `'x' named_expression NEWLINE { "expected ':'" }` and
    /// `a='x' named_expression ':' NEWLINE !INDENT { "expected an indented
    /// block after 'x' statement on line %d" }` alternatives of
    /// invalid_if_stmt, invalid_elif_stmt and invalid_while_stmt.
    fn invalid_cond_stmt(&mut self, kw: &str) -> Option<()> {
        self.rule(|p| {
            alt!(p, {
                p.kw(kw)?;
                p.named_expression()?;
                p.tok(T::Newline)?;
                p.raise_last(ErrorKind::SyntaxError, "expected ':'")
            });
            alt!(p, {
                let a = p.kw(kw)?;
                p.named_expression()?;
                p.tok(T::Colon)?;
                p.tok(T::Newline)?;
                if p.at(T::Indent) {
                    return None;
                }
                let msg = format!("expected an indented block after '{kw}' statement on line {}", p.toks[a].lineno);
                p.raise_last(ErrorKind::IndentationError, &msg)
            });
            None
        })
    }

    /// ```text
    /// if_stmt[stmt_ty]:
    ///     | invalid_if_stmt
    ///     | 'if' a=named_expression ':' b=block c=elif_stmt { If(a, b, [c]) }
    ///     | 'if' a=named_expression ':' b=block c=[else_block] { If(a, b, c) }
    /// elif_stmt[stmt_ty]: (the same with 'elif' and invalid_elif_stmt)
    /// ```
    fn if_stmt(&mut self, elif: bool) -> Option<Stmt> {
        self.rule(|p| {
            let kw = if elif { "elif" } else { "if" };
            let s = p.start()?;
            invalid!(p, { p.invalid_cond_stmt(kw).map(|_| unreachable!("always raises")) });
            // Both alternatives start with `kw a=named_expression ':' b=block`,
            // parsed once.
            alt!(p, {
                p.kw(kw)?;
                let a = p.named_expression()?;
                p.tok(T::Colon)?;
                let b = p.block()?;
                let m = p.mark;
                let orelse = match p.if_stmt(true) {
                    Some(c) => vec![c],
                    None if p.failed() => return None,
                    None => {
                        p.mark = m;
                        p.opt(|p| p.else_block()).unwrap_or_default()
                    }
                };
                Some(Stmt::new(StmtKind::If { test: bx(a), body: b, orelse }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// else_block[asdl_stmt_seq*]:
    ///     | invalid_else_stmt
    ///     | 'else' &&':' b=block { b }
    /// invalid_else_stmt:
    ///     | a='else' ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'else' statement on line %d", a->lineno) }
    ///     | 'else' ':' block 'elif' { RAISE_SYNTAX_ERROR("'elif' block follows an 'else' block")}
    /// ```
    fn else_block(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            invalid!(p, {
                p.rule(|p| {
                    alt!(p, { p.invalid_block_after("else") });
                    alt!(p, {
                        p.kw("else")?;
                        p.tok(T::Colon)?;
                        p.block()?;
                        p.kw("elif")?;
                        p.raise_last(ErrorKind::SyntaxError, "'elif' block follows an 'else' block")
                    });
                    None
                })
                .map(|()| unreachable!("always raises"))
            });
            alt!(p, {
                p.kw("else")?;
                p.forced(T::Colon, ":")?;
                p.block()
            });
            None
        })
    }

    /// `a='kw' ':' NEWLINE !INDENT { RAISE_INDENTATION_ERROR("expected an
    /// indented block after 'kw' statement on line %d", a->lineno) }`
    /// (invalid_else_stmt, invalid_finally_stmt, the first alternative of
    /// invalid_try_stmt).
    fn invalid_block_after(&mut self, kw: &str) -> Option<()> {
        self.rule(|p| {
            let a = p.kw(kw)?;
            p.tok(T::Colon)?;
            p.tok(T::Newline)?;
            if p.at(T::Indent) {
                return None;
            }
            let msg = format!("expected an indented block after '{kw}' statement on line {}", p.toks[a].lineno);
            p.raise_last(ErrorKind::IndentationError, &msg)
        })
    }

    /// ```text
    /// while_stmt[stmt_ty]:
    ///     | invalid_while_stmt
    ///     | 'while' a=named_expression ':' b=block c=[else_block] { While(a, b, c) }
    /// ```
    fn while_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_cond_stmt("while").map(|_| unreachable!("always raises")) });
            alt!(p, {
                p.kw("while")?;
                let a = p.named_expression()?;
                p.tok(T::Colon)?;
                let b = p.block()?;
                let c = p.opt(|p| p.else_block()).unwrap_or_default();
                Some(Stmt::new(StmtKind::While { test: bx(a), body: b, orelse: c }, p.loc(s)))
            });
            None
        })
    }

    /// ```text
    /// for_stmt[stmt_ty]:
    ///     | invalid_for_stmt
    ///     | 'for' t=star_targets 'in' ~ ex=star_expressions ':' tc=[TYPE_COMMENT] b=block el=[else_block] { For(...) }
    ///     | 'async' 'for' t=star_targets 'in' ~ ex=star_expressions ':' tc=[TYPE_COMMENT] b=block el=[else_block] { AsyncFor(...) }
    ///     | invalid_for_target
    /// invalid_for_stmt:
    ///     | ['async'] 'for' star_targets 'in' star_expressions NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | ['async'] a='for' star_targets 'in' star_expressions ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'for' statement on line %d", a->lineno) }
    /// ```
    fn for_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, {
                p.rule(|p| {
                    alt!(p, {
                        p.opt(|p| p.kw("async"));
                        p.kw("for")?;
                        p.star_targets()?;
                        p.kw("in")?;
                        p.star_expressions()?;
                        p.tok(T::Newline)?;
                        p.raise_last(ErrorKind::SyntaxError, "expected ':'")
                    });
                    alt!(p, {
                        p.opt(|p| p.kw("async"));
                        let a = p.kw("for")?;
                        p.star_targets()?;
                        p.kw("in")?;
                        p.star_expressions()?;
                        p.tok(T::Colon)?;
                        p.tok(T::Newline)?;
                        if p.at(T::Indent) {
                            return None;
                        }
                        let msg = format!("expected an indented block after 'for' statement on line {}", p.toks[a].lineno);
                        p.raise_last(ErrorKind::IndentationError, &msg)
                    });
                    None::<Stmt>
                })
            });
            for is_async in [false, true] {
                let mut cut = false;
                alt!(p, {
                    if is_async {
                        p.kw("async")?;
                    }
                    p.kw("for")?;
                    let t = p.star_targets()?;
                    p.kw("in")?;
                    cut = true;
                    let ex = p.star_expressions()?;
                    p.tok(T::Colon)?;
                    let tc = p.type_comment();
                    let b = p.block()?;
                    let el = p.opt(|p| p.else_block()).unwrap_or_default();
                    let f = Box::new(For { target: t, iter: ex, body: b, orelse: el, type_comment: tc });
                    if is_async {
                        let st = Stmt::new(StmtKind::AsyncFor(f), p.loc(s));
                        return p.check_version(5, "Async for loops are", st);
                    }
                    Some(Stmt::new(StmtKind::For(f), p.loc(s)))
                });
                if cut {
                    return None;
                }
            }
            invalid!(p, { p.invalid_for_target().map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// with_stmt[stmt_ty]:
    ///     | invalid_with_stmt_indent
    ///     | 'with' '(' a=','.with_item+ ','? ')' ':' tc=[TYPE_COMMENT] b=block { With(a, b) }
    ///     | 'with' a=','.with_item+ ':' tc=[TYPE_COMMENT] b=block { With(a, b) }
    ///     | 'async' 'with' '(' a=','.with_item+ ','? ')' ':' b=block { AsyncWith(a, b) }
    ///     | 'async' 'with' a=','.with_item+ ':' tc=[TYPE_COMMENT] b=block { AsyncWith(a, b) }
    ///     | invalid_with_stmt
    /// ```
    fn with_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_with_stmt(true).map(|_| unreachable!("always raises")) });
            for is_async in [false, true] {
                for paren in [true, false] {
                    alt!(p, {
                        if is_async {
                            p.kw("async")?;
                        }
                        p.kw("with")?;
                        if paren {
                            p.tok(T::Lpar)?;
                        }
                        let a = p.gather(T::Comma, |p| p.with_item())?;
                        if paren {
                            p.opt(|p| p.tok(T::Comma));
                            p.tok(T::Rpar)?;
                        }
                        p.tok(T::Colon)?;
                        let tc = if is_async && paren { None } else { p.type_comment() };
                        let b = p.block()?;
                        if is_async {
                            let st = Stmt::new(StmtKind::AsyncWith { items: a, body: b, type_comment: tc }, p.loc(s));
                            return p.check_version(5, "Async with statements are", st);
                        }
                        Some(Stmt::new(StmtKind::With { items: a, body: b, type_comment: tc }, p.loc(s)))
                    });
                }
            }
            invalid!(p, { p.invalid_with_stmt(false).map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_with_stmt:
    ///     | ['async'] 'with' ','.(expression ['as' star_target])+ NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | ['async'] 'with' '(' ','.(expressions ['as' star_target])+ ','? ')' NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    /// invalid_with_stmt_indent:
    ///     | ['async'] a='with' ','.(expression ['as' star_target])+ ':' NEWLINE !INDENT { ... }
    ///     | ['async'] a='with' '(' ','.(expressions ['as' star_target])+ ','? ')' ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'with' statement on line %d", a->lineno) }
    /// ```
    /// `indent` selects invalid_with_stmt_indent.
    fn invalid_with_stmt(&mut self, indent: bool) -> Option<()> {
        self.rule(|p| {
            for paren in [false, true] {
                alt!(p, {
                    p.opt(|p| p.kw("async"));
                    let a = p.kw("with")?;
                    if paren {
                        p.tok(T::Lpar)?;
                    }
                    p.gather(T::Comma, |p| {
                        if paren { p.expressions() } else { p.expression() }?;
                        p.opt(|p| {
                            p.kw("as")?;
                            p.star_target()
                        });
                        Some(())
                    })?;
                    if paren {
                        p.opt(|p| p.tok(T::Comma));
                        p.tok(T::Rpar)?;
                    }
                    if !indent {
                        p.tok(T::Newline)?;
                        return p.raise_last(ErrorKind::SyntaxError, "expected ':'");
                    }
                    p.tok(T::Colon)?;
                    p.tok(T::Newline)?;
                    if p.at(T::Indent) {
                        return None;
                    }
                    let msg = format!("expected an indented block after 'with' statement on line {}", p.toks[a].lineno);
                    p.raise_last(ErrorKind::IndentationError, &msg)
                });
            }
            None
        })
    }

    /// ```text
    /// with_item[withitem_ty]:
    ///     | e=expression 'as' t=star_target &(',' | ')' | ':') { withitem(e, t) }
    ///     | invalid_with_item
    ///     | e=expression { withitem(e, NULL) }
    /// invalid_with_item:
    ///     | expression 'as' a=expression &(',' | ')' | ':') { RAISE_SYNTAX_ERROR_INVALID_TARGET(STAR_TARGETS, a) }
    /// ```
    fn with_item(&mut self) -> Option<WithItem> {
        self.rule(|p| {
            let follow = |p: &mut Self| p.at(T::Comma) || p.at(T::Rpar) || p.at(T::Colon);
            alt!(p, {
                let e = p.expression()?;
                p.kw("as")?;
                let t = p.star_target()?;
                if !follow(p) {
                    return None;
                }
                Some(WithItem { context_expr: e, optional_vars: Some(bx(t)) })
            });
            invalid!(p, {
                p.rule(|p| {
                    p.expression()?;
                    p.kw("as")?;
                    let a = p.expression()?;
                    if !follow(p) {
                        return None;
                    }
                    p.raise_invalid_target::<WithItem>(TargetsType::StarTargets, &a)
                })
            });
            alt!(p, {
                let e = p.expression()?;
                Some(WithItem { context_expr: e, optional_vars: None })
            });
            None
        })
    }

    /// ```text
    /// try_stmt[stmt_ty]:
    ///     | invalid_try_stmt
    ///     | 'try' &&':' b=block f=finally_block { Try(b, NULL, NULL, f) }
    ///     | 'try' &&':' b=block ex=except_block+ el=[else_block] f=[finally_block] { Try(b, ex, el, f) }
    ///     | 'try' &&':' b=block ex=except_star_block+ el=[else_block] f=[finally_block] { TryStar(b, ex, el, f) }
    /// ```
    fn try_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_try_stmt().map(|_| unreachable!("always raises")) });
            alt!(p, {
                p.kw("try")?;
                p.forced(T::Colon, ":")?;
                let b = p.block()?;
                let f = p.finally_block()?;
                let t = Try { body: b, handlers: vec![], orelse: vec![], finalbody: f };
                Some(Stmt::new(StmtKind::Try(Box::new(t)), p.loc(s)))
            });
            for star in [false, true] {
                alt!(p, {
                    p.kw("try")?;
                    p.forced(T::Colon, ":")?;
                    let body = p.block()?;
                    let handlers = p.repeat1(|p| p.except_block(star))?;
                    let orelse = p.opt(|p| p.else_block()).unwrap_or_default();
                    let finalbody = p.opt(|p| p.finally_block()).unwrap_or_default();
                    let t = Box::new(Try { body, handlers, orelse, finalbody });
                    if star {
                        let st = Stmt::new(StmtKind::TryStar(t), p.loc(s));
                        return p.check_version(11, "Exception groups are", st);
                    }
                    Some(Stmt::new(StmtKind::Try(t), p.loc(s)))
                });
            }
            None
        })
    }

    /// ```text
    /// invalid_try_stmt:
    ///     | a='try' ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'try' statement on line %d", a->lineno) }
    ///     | 'try' ':' block !('except' | 'finally') { RAISE_SYNTAX_ERROR("expected 'except' or 'finally' block") }
    ///     | 'try' ':' block* except_block+ a='except' b='*' expression ['as' NAME] ':' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "cannot have both 'except' and 'except*' on the same 'try'") }
    ///     | 'try' ':' block* except_star_block+ a='except' [expression ['as' NAME]] ':' {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot have both 'except' and 'except*' on the same 'try'") }
    /// ```
    fn invalid_try_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            alt!(p, { p.invalid_block_after("try") });
            alt!(p, {
                p.kw("try")?;
                p.tok(T::Colon)?;
                p.block()?;
                if p.at_kw("except") || p.at_kw("finally") {
                    return None;
                }
                p.raise_last(ErrorKind::SyntaxError, "expected 'except' or 'finally' block")
            });
            alt!(p, {
                p.kw("try")?;
                p.tok(T::Colon)?;
                p.repeat0(|p| p.block());
                p.repeat1(|p| p.except_block(false))?;
                let a = p.kw("except")?;
                let b = p.tok(T::Star)?;
                p.expression()?;
                p.opt(|p| {
                    p.kw("as")?;
                    p.tok(T::Name)
                });
                p.tok(T::Colon)?;
                p.raise_tok_range(a, b, "cannot have both 'except' and 'except*' on the same 'try'")
            });
            alt!(p, {
                p.kw("try")?;
                p.tok(T::Colon)?;
                p.repeat0(|p| p.block());
                p.repeat1(|p| p.except_block(true))?;
                let a = p.kw("except")?;
                p.opt(|p| {
                    p.expression()?;
                    p.opt(|p| {
                        p.kw("as")?;
                        p.tok(T::Name)
                    });
                    Some(())
                });
                p.tok(T::Colon)?;
                p.raise_tok_range(a, a, "cannot have both 'except' and 'except*' on the same 'try'")
            });
            None
        })
    }

    /// ```text
    /// except_block[excepthandler_ty]:
    ///     | invalid_except_stmt_indent
    ///     | 'except' e=expression ':' b=block { ExceptHandler(e, NULL, b) }
    ///     | 'except' e=expression 'as' t=NAME ':' b=block { ExceptHandler(e, t, b) }
    ///     | 'except' e=expressions ':' b=block { ExceptHandler(e, NULL, b) }
    ///     | 'except' ':' b=block { ExceptHandler(NULL, NULL, b) }
    ///     | invalid_except_stmt
    /// except_star_block[excepthandler_ty]:
    ///     | invalid_except_star_stmt_indent
    ///     | 'except' '*' e=expression ':' b=block
    ///     | 'except' '*' e=expression 'as' t=NAME ':' b=block
    ///     | 'except' '*' e=expressions ':' b=block
    ///     | invalid_except_star_stmt
    /// ```
    fn except_block(&mut self, star: bool) -> Option<ExceptHandler> {
        self.rule(|p| {
            let s = p.start()?;
            invalid!(p, { p.invalid_except_stmt_indent(star).map(|_| unreachable!("always raises")) });
            let head = |p: &mut Self| {
                p.kw("except")?;
                if star {
                    p.tok(T::Star)?;
                }
                Some(())
            };
            alt!(p, {
                head(p)?;
                let e = p.expression()?;
                p.tok(T::Colon)?;
                let b = p.block()?;
                Some(ExceptHandler { type_: Some(bx(e)), name: None, body: b, loc: p.loc(s) })
            });
            alt!(p, {
                head(p)?;
                let e = p.expression()?;
                p.kw("as")?;
                let t = p.name()?;
                p.tok(T::Colon)?;
                let b = p.block()?;
                Some(ExceptHandler { type_: Some(bx(e)), name: Some(Self::id(&t)), body: b, loc: p.loc(s) })
            });
            alt!(p, {
                head(p)?;
                let e = p.expressions()?;
                p.tok(T::Colon)?;
                let b = p.block()?;
                let h = ExceptHandler { type_: Some(bx(e)), name: None, body: b, loc: p.loc(s) };
                p.check_version(14, "except expressions without parentheses are", h)
            });
            if !star {
                alt!(p, {
                    p.kw("except")?;
                    p.tok(T::Colon)?;
                    let b = p.block()?;
                    Some(ExceptHandler { type_: None, name: None, body: b, loc: p.loc(s) })
                });
            }
            invalid!(p, { p.invalid_except_stmt(star).map(|_| unreachable!("always raises")) });
            None
        })
    }

    /// ```text
    /// invalid_except_stmt:
    ///     | 'except' a=expression ',' expressions 'as' NAME ':' {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(a, "multiple exception types must be parenthesized when using 'as'") }
    ///     | a='except' expression ['as' NAME ] NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | a='except' NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | 'except' expression 'as' a=expression ':' block {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use except statement with %s", _PyPegen_get_expr_name(a)) }
    /// invalid_except_star_stmt:
    ///     | 'except' '*' a=expression ',' expressions 'as' NAME ':' { ...same... }
    ///     | a='except' '*' expression ['as' NAME ] NEWLINE { RAISE_SYNTAX_ERROR("expected ':'") }
    ///     | a='except' '*' (NEWLINE | ':') { RAISE_SYNTAX_ERROR("expected one or more exception types") }
    ///     | 'except' '*' expression 'as' a=expression ':' block {
    ///         RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use except* statement with %s", ...) }
    /// ```
    fn invalid_except_stmt(&mut self, star: bool) -> Option<()> {
        self.rule(|p| {
            let head = |p: &mut Self| {
                p.kw("except")?;
                if star {
                    p.tok(T::Star)?;
                }
                Some(())
            };
            alt!(p, {
                head(p)?;
                let a = p.expression()?;
                p.tok(T::Comma)?;
                p.expressions()?;
                p.kw("as")?;
                p.tok(T::Name)?;
                p.tok(T::Colon)?;
                p.raise_from(a.loc, "multiple exception types must be parenthesized when using 'as'")
            });
            alt!(p, {
                head(p)?;
                p.expression()?;
                p.opt(|p| {
                    p.kw("as")?;
                    p.tok(T::Name)
                });
                p.tok(T::Newline)?;
                p.raise_last(ErrorKind::SyntaxError, "expected ':'")
            });
            if star {
                alt!(p, {
                    head(p)?;
                    if p.tok(T::Newline).is_none() {
                        p.tok(T::Colon)?;
                    }
                    p.raise_last(ErrorKind::SyntaxError, "expected one or more exception types")
                });
            } else {
                alt!(p, {
                    p.kw("except")?;
                    p.tok(T::Newline)?;
                    p.raise_last(ErrorKind::SyntaxError, "expected ':'")
                });
            }
            alt!(p, {
                head(p)?;
                p.expression()?;
                p.kw("as")?;
                let a = p.expression()?;
                p.tok(T::Colon)?;
                p.block()?;
                let what = if star { "except*" } else { "except" };
                let msg = format!("cannot use {what} statement with {}", expr_name(&a));
                p.raise_loc(a.loc, &msg)
            });
            None
        })
    }

    /// ```text
    /// invalid_except_stmt_indent:
    ///     | a='except' expression ['as' NAME ] ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'except' statement on line %d", a->lineno) }
    ///     | a='except' ':' NEWLINE !INDENT { ...same... }
    /// invalid_except_star_stmt_indent:
    ///     | a='except' '*' expression ['as' NAME ] ':' NEWLINE !INDENT {
    ///         RAISE_INDENTATION_ERROR("expected an indented block after 'except*' statement on line %d", a->lineno) }
    /// ```
    fn invalid_except_stmt_indent(&mut self, star: bool) -> Option<()> {
        self.rule(|p| {
            let what = if star { "except*" } else { "except" };
            alt!(p, {
                let a = p.kw("except")?;
                if star {
                    p.tok(T::Star)?;
                }
                p.expression()?;
                p.opt(|p| {
                    p.kw("as")?;
                    p.tok(T::Name)
                });
                p.tok(T::Colon)?;
                p.tok(T::Newline)?;
                if p.at(T::Indent) {
                    return None;
                }
                let msg = format!("expected an indented block after '{what}' statement on line {}", p.toks[a].lineno);
                p.raise_last(ErrorKind::IndentationError, &msg)
            });
            if !star {
                alt!(p, {
                    let a = p.kw("except")?;
                    p.tok(T::Colon)?;
                    p.tok(T::Newline)?;
                    if p.at(T::Indent) {
                        return None;
                    }
                    let msg = format!("expected an indented block after 'except' statement on line {}", p.toks[a].lineno);
                    p.raise_last(ErrorKind::IndentationError, &msg)
                });
            }
            None
        })
    }

    /// ```text
    /// finally_block[asdl_stmt_seq*]:
    ///     | invalid_finally_stmt
    ///     | 'finally' &&':' a=block { a }
    /// ```
    fn finally_block(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            invalid!(p, { p.invalid_block_after("finally").map(|_| unreachable!("always raises")) });
            alt!(p, {
                p.kw("finally")?;
                p.forced(T::Colon, ":")?;
                p.block()
            });
            None
        })
    }

    /// ```text
    /// type_alias[stmt_ty]:
    ///     | "type" n=NAME t=[type_params] '=' b=expression { TypeAlias(n as Store, t, b) }
    /// ```
    fn type_alias(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let s = p.start()?;
            p.soft("type")?;
            let n = p.name()?;
            let t = p.opt(|p| p.type_params()).unwrap_or_default();
            p.tok(T::Equal)?;
            let b = p.expression()?;
            let st = Stmt::new(
                StmtKind::TypeAlias { name: bx(set_expr_context(n, ExprContext::Store)), type_params: t, value: bx(b) },
                p.loc(s),
            );
            p.check_version(12, "Type statement is", st)
        })
    }

    /// ```text
    /// type_params[asdl_type_param_seq*]:
    ///     | invalid_type_params
    ///     | '[' t=type_param_seq ']' { t }
    /// type_param_seq[asdl_type_param_seq*]: a=','.type_param+ [','] { a }
    /// invalid_type_params:
    ///     | '[' token=']' { RAISE_SYNTAX_ERROR_STARTING_FROM(token, "Type parameter list cannot be empty")}
    /// ```
    fn type_params(&mut self) -> Option<Vec<TypeParam>> {
        self.rule(|p| {
            invalid!(p, {
                p.rule(|p| {
                    p.tok(T::Lsqb)?;
                    let t = p.tok(T::Rsqb)?;
                    p.raise_from::<Vec<TypeParam>>(p.tok_loc(t), "Type parameter list cannot be empty")
                })
            });
            alt!(p, {
                p.tok(T::Lsqb)?;
                let a = p.gather(T::Comma, |p| p.type_param())?;
                p.opt(|p| p.tok(T::Comma));
                p.tok(T::Rsqb)?;
                p.check_version(12, "Type parameter lists are", a)
            });
            None
        })
    }

    /// ```text
    /// type_param[type_param_ty] (memo):
    ///     | a=NAME b=[type_param_bound] c=[type_param_default] { TypeVar(a, b, c) }
    ///     | invalid_type_param
    ///     | '*' a=NAME b=[type_param_starred_default] { TypeVarTuple(a, b) }
    ///     | '**' a=NAME b=[type_param_default] { ParamSpec(a, b) }
    /// type_param_bound[expr_ty]: ':' e=expression { e }
    /// type_param_default[expr_ty]: '=' e=expression { e }
    /// type_param_starred_default[expr_ty]: '=' e=star_expression { e }
    /// invalid_type_param:
    ///     | '*' a=NAME colon=':' e=expression {
    ///         RAISE_SYNTAX_ERROR_STARTING_FROM(colon, e->kind == Tuple_kind
    ///             ? "cannot use constraints with TypeVarTuple" : "cannot use bound with TypeVarTuple") }
    ///     | '**' a=NAME colon=':' e=expression { ...ParamSpec... }
    /// ```
    fn type_param(&mut self) -> Option<TypeParam> {
        self.memoized(Rule::TypeParam, |p| {
            let s = p.start()?;
            let default = |p: &mut Self, starred: bool| {
                p.opt(|p| {
                    p.tok(T::Equal)?;
                    let e = if starred { p.star_expression() } else { p.expression() }?;
                    p.check_version(13, "Type parameter defaults are", e)
                })
                .map(bx)
            };
            alt!(p, {
                let a = p.name()?;
                let b = p.opt(|p| {
                    p.tok(T::Colon)?;
                    p.expression()
                });
                let c = default(p, false);
                Some(TypeParam {
                    kind: TypeParamKind::TypeVar { name: Self::id(&a), bound: b.map(bx), default_value: c },
                    loc: p.loc(s),
                })
            });
            invalid!(p, {
                p.rule(|p| {
                    for (tok, what) in [(T::Star, "TypeVarTuple"), (T::DoubleStar, "ParamSpec")] {
                        alt!(p, {
                            p.tok(tok)?;
                            p.name()?;
                            let colon = p.tok(T::Colon)?;
                            let e = p.expression()?;
                            let msg = if matches!(e.kind, ExprKind::Tuple { .. }) {
                                format!("cannot use constraints with {what}")
                            } else {
                                format!("cannot use bound with {what}")
                            };
                            p.raise_from::<TypeParam>(p.tok_loc(colon), &msg)
                        });
                    }
                    None
                })
            });
            alt!(p, {
                p.tok(T::Star)?;
                let a = p.name()?;
                let b = default(p, true);
                Some(TypeParam { kind: TypeParamKind::TypeVarTuple { name: Self::id(&a), default_value: b }, loc: p.loc(s) })
            });
            alt!(p, {
                p.tok(T::DoubleStar)?;
                let a = p.name()?;
                let b = default(p, false);
                Some(TypeParam { kind: TypeParamKind::ParamSpec { name: Self::id(&a), default_value: b }, loc: p.loc(s) })
            });
            None
        })
    }
}
