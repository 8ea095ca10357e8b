//! Python/codegen.c, statements: control flow (`if`, loops, `return`,
//! `break`, `continue`), exception handling (`try`/`except`/`except*`/
//! `finally`), `with`, imports, `assert`, augmented and annotated
//! assignments.

use super::code::ConstValue;
use super::codegen::{
    intrinsic1, intrinsic2, NameOp, CONSTANT_ASSERTIONERROR, NB_SUBSCR, SPECIAL_AENTER, SPECIAL_AEXIT, SPECIAL_ENTER,
    SPECIAL_EXIT,
};
use super::compiler::{CResult, CompileError, Compiler, FBlockDatum, FBlockType, NameDict, ScopeType};
use super::instr_seq::{Label, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::{Alias, Constant, Expr, ExprContext, ExprKind, For, Operator, Stmt, StmtKind, Try, WithItem};

const NO_LABEL: Label = Label(-1);

impl<'a> Compiler<'a> {
    /// `codegen_return`.
    pub(crate) fn codegen_return(&mut self, s: &'a Stmt, value: Option<&'a Expr>) -> CResult {
        let mut loc = s.loc;
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant { .. }));
        let ste = self.ste();
        if !ste.is_function_like() {
            return Err(self.error(loc, "'return' outside function"));
        }
        if value.is_some() && ste.ste_coroutine && ste.ste_generator {
            return Err(self.error(loc, "'return' with value in async generator"));
        }
        if preserve_tos {
            self.visit_expr(value.expect("a value"))?;
        } else if let Some(v) = value {
            loc = v.loc;
            self.addop(op::NOP, loc);
        }
        if value.is_none_or(|v| v.loc.lineno != s.loc.lineno) {
            loc = s.loc;
            self.addop(op::NOP, loc);
        }
        self.unwind_fblock_stack(&mut loc, preserve_tos, false)?;
        match value {
            None => self.load_none(loc),
            Some(v) if !preserve_tos => {
                let ExprKind::Constant { value: c, .. } = &v.kind else { unreachable!("a constant") };
                self.load_const(ConstValue::from_constant(c), loc);
            }
            Some(_) => {}
        }
        self.addop(op::RETURN_VALUE, loc);
        Ok(())
    }

    /// `codegen_break`.
    pub(crate) fn codegen_break(&mut self, loc: Location) -> CResult {
        let origin = loc;
        let mut loc = loc;
        self.addop(op::NOP, loc);
        let Some(lp) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            return Err(self.error(origin, "'break' outside loop"));
        };
        self.unwind_fblock(&mut loc, &lp, false)?;
        self.addop_j(op::JUMP, lp.fb_exit, loc);
        Ok(())
    }

    /// `codegen_continue`.
    pub(crate) fn codegen_continue(&mut self, loc: Location) -> CResult {
        let origin = loc;
        let mut loc = loc;
        self.addop(op::NOP, loc);
        let Some(lp) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            return Err(self.error(origin, "'continue' not properly in loop"));
        };
        self.addop_j(op::JUMP, lp.fb_block, loc);
        Ok(())
    }

    /// `codegen_if`.
    pub(crate) fn codegen_if(&mut self, s: &'a Stmt, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> CResult {
        let end = self.new_label();
        let next = if orelse.is_empty() { end } else { self.new_label() };
        self.jump_if(s.loc, test, next, false)?;
        self.visit_stmts(body)?;
        if !orelse.is_empty() {
            self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
            self.use_label(next);
            self.visit_stmts(orelse)?;
        }
        self.use_label(end);
        Ok(())
    }

    /// `codegen_for`.
    pub(crate) fn codegen_for(&mut self, s: &'a Stmt, f: &'a For) -> CResult {
        let start = self.new_label();
        let body = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.push_fblock(s.loc, FBlockType::ForLoop, start, end, FBlockDatum::None)?;
        self.visit_expr(&f.iter)?;
        let loc = f.iter.loc;
        self.addop(op::GET_ITER, loc);
        self.use_label(start);
        self.addop_j(op::FOR_ITER, cleanup, loc);
        self.addop(op::NOP, f.target.loc);
        self.use_label(body);
        self.visit_expr(&f.target)?;
        self.visit_stmts(&f.body)?;
        self.addop_j(op::JUMP, start, NO_LOCATION);
        self.use_label(cleanup);
        self.addop(op::END_FOR, NO_LOCATION);
        self.addop(op::POP_ITER, NO_LOCATION);
        self.pop_fblock(FBlockType::ForLoop, start);
        self.visit_stmts(&f.orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_async_for`.
    pub(crate) fn codegen_async_for(&mut self, s: &'a Stmt, f: &'a For) -> CResult {
        let loc = s.loc;
        let start = self.new_label();
        let send = self.new_label();
        let except = self.new_label();
        let end = self.new_label();
        self.visit_expr(&f.iter)?;
        self.addop(op::GET_AITER, f.iter.loc);
        self.use_label(start);
        self.push_fblock(loc, FBlockType::ForLoop, start, end, FBlockDatum::None)?;
        self.addop_j(op::SETUP_FINALLY, except, loc);
        self.addop(op::GET_ANEXT, loc);
        self.load_none(loc);
        self.use_label(send);
        self.add_yield_from(loc, true);
        self.addop(op::POP_BLOCK, loc);
        self.addop(op::NOT_TAKEN, loc);
        self.visit_expr(&f.target)?;
        self.visit_stmts(&f.body)?;
        self.addop_j(op::JUMP, start, NO_LOCATION);
        self.pop_fblock(FBlockType::ForLoop, start);
        self.use_label(except);
        self.addop_j(op::END_ASYNC_FOR, send, f.iter.loc);
        self.visit_stmts(&f.orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_while`.
    pub(crate) fn codegen_while(
        &mut self,
        s: &'a Stmt,
        test: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult {
        let lp = self.new_label();
        let end = self.new_label();
        let anchor = self.new_label();
        self.use_label(lp);
        self.push_fblock(s.loc, FBlockType::WhileLoop, lp, end, FBlockDatum::None)?;
        self.jump_if(s.loc, test, anchor, false)?;
        self.visit_stmts(body)?;
        self.addop_j(op::JUMP, lp, NO_LOCATION);
        self.pop_fblock(FBlockType::WhileLoop, lp);
        self.use_label(anchor);
        self.visit_stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_try_finally` and `codegen_try_star_finally` (`star`).
    fn try_finally(&mut self, s: &'a Stmt, t: &'a Try, star: bool) -> CResult {
        let loc = s.loc;
        let body = self.new_label();
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.addop_j(op::SETUP_FINALLY, end, loc);
        self.use_label(body);
        self.push_fblock(loc, FBlockType::FinallyTry, body, end, FBlockDatum::Body(&t.finalbody))?;
        if !t.handlers.is_empty() {
            if star {
                self.codegen_try_star_except(s, t)?;
            } else {
                self.codegen_try_except(s, t)?;
            }
        } else {
            self.visit_stmts(&t.body)?;
        }
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.pop_fblock(FBlockType::FinallyTry, body);
        self.visit_stmts(&t.finalbody)?;
        self.addop_j(op::JUMP_NO_INTERRUPT, exit, NO_LOCATION);
        self.use_label(end);
        self.addop_j(op::SETUP_CLEANUP, cleanup, NO_LOCATION);
        self.addop(op::PUSH_EXC_INFO, NO_LOCATION);
        self.push_fblock(NO_LOCATION, FBlockType::FinallyEnd, end, NO_LABEL, FBlockDatum::None)?;
        self.visit_stmts(&t.finalbody)?;
        self.pop_fblock(FBlockType::FinallyEnd, end);
        self.addop_i(op::RERAISE, 0, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_try_finally`.
    pub(crate) fn codegen_try_finally(&mut self, s: &'a Stmt, t: &'a Try) -> CResult {
        self.try_finally(s, t, false)
    }

    /// `codegen_try_star_finally`.
    pub(crate) fn codegen_try_star_finally(&mut self, s: &'a Stmt, t: &'a Try) -> CResult {
        self.try_finally(s, t, true)
    }

    /// `codegen_try_except`.
    pub(crate) fn codegen_try_except(&mut self, s: &'a Stmt, t: &'a Try) -> CResult {
        let loc = s.loc;
        let body = self.new_label();
        let mut except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.addop_j(op::SETUP_FINALLY, except, loc);
        self.use_label(body);
        self.push_fblock(loc, FBlockType::TryExcept, body, NO_LABEL, FBlockDatum::None)?;
        self.visit_stmts(&t.body)?;
        self.pop_fblock(FBlockType::TryExcept, body);
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.visit_stmts(&t.orelse)?;
        self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
        let n = t.handlers.len();
        self.use_label(except);
        self.addop_j(op::SETUP_CLEANUP, cleanup, NO_LOCATION);
        self.addop(op::PUSH_EXC_INFO, NO_LOCATION);
        self.push_fblock(loc, FBlockType::ExceptionHandler, NO_LABEL, NO_LABEL, FBlockDatum::None)?;
        for (i, handler) in t.handlers.iter().enumerate() {
            let hloc = handler.loc;
            if handler.type_.is_none() && i + 1 < n {
                return Err(self.error(hloc, "default 'except:' must be last"));
            }
            except = self.new_label();
            if let Some(ty) = &handler.type_ {
                self.visit_expr(ty)?;
                self.addop(op::CHECK_EXC_MATCH, hloc);
                self.addop_j(op::POP_JUMP_IF_FALSE, except, hloc);
            }
            if let Some(name) = &handler.name {
                let cleanup_end = self.new_label();
                let cleanup_body = self.new_label();
                self.nameop(hloc, name, ExprContext::Store)?;
                self.addop_j(op::SETUP_CLEANUP, cleanup_end, hloc);
                self.use_label(cleanup_body);
                self.push_fblock(hloc, FBlockType::HandlerCleanup, cleanup_body, NO_LABEL, FBlockDatum::Name(name))?;
                self.visit_stmts(&handler.body)?;
                self.pop_fblock(FBlockType::HandlerCleanup, cleanup_body);
                self.addop(op::POP_BLOCK, NO_LOCATION);
                self.addop(op::POP_BLOCK, NO_LOCATION);
                self.addop(op::POP_EXCEPT, NO_LOCATION);
                self.load_none(NO_LOCATION);
                self.nameop(NO_LOCATION, name, ExprContext::Store)?;
                self.nameop(NO_LOCATION, name, ExprContext::Del)?;
                self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
                self.use_label(cleanup_end);
                self.load_none(NO_LOCATION);
                self.nameop(NO_LOCATION, name, ExprContext::Store)?;
                self.nameop(NO_LOCATION, name, ExprContext::Del)?;
                self.addop_i(op::RERAISE, 1, NO_LOCATION);
            } else {
                let cleanup_body = self.new_label();
                self.addop(op::POP_TOP, hloc);
                self.use_label(cleanup_body);
                self.push_fblock(hloc, FBlockType::HandlerCleanup, cleanup_body, NO_LABEL, FBlockDatum::None)?;
                self.visit_stmts(&handler.body)?;
                self.pop_fblock(FBlockType::HandlerCleanup, cleanup_body);
                self.addop(op::POP_BLOCK, NO_LOCATION);
                self.addop(op::POP_EXCEPT, NO_LOCATION);
                self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
            }
            self.use_label(except);
        }
        self.pop_fblock(FBlockType::ExceptionHandler, NO_LABEL);
        self.addop_i(op::RERAISE, 0, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(end);
        Ok(())
    }

    /// `codegen_try_star_except`.
    pub(crate) fn codegen_try_star_except(&mut self, s: &'a Stmt, t: &'a Try) -> CResult {
        let loc = s.loc;
        let body = self.new_label();
        let mut except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        self.addop_j(op::SETUP_FINALLY, except, loc);
        self.use_label(body);
        self.push_fblock(loc, FBlockType::TryExcept, body, NO_LABEL, FBlockDatum::None)?;
        self.visit_stmts(&t.body)?;
        self.pop_fblock(FBlockType::TryExcept, body);
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.addop_j(op::JUMP_NO_INTERRUPT, orelse, NO_LOCATION);
        let n = t.handlers.len();
        self.use_label(except);
        self.addop_j(op::SETUP_CLEANUP, cleanup, NO_LOCATION);
        self.addop(op::PUSH_EXC_INFO, NO_LOCATION);
        self.push_fblock(loc, FBlockType::ExceptionGroupHandler, NO_LABEL, NO_LABEL, FBlockDatum::None)?;
        for (i, handler) in t.handlers.iter().enumerate() {
            let hloc = handler.loc;
            except = self.new_label();
            let except_with_error = self.new_label();
            let no_match = self.new_label();
            if i == 0 {
                self.addop_i(op::BUILD_LIST, 0, hloc);
                self.addop_i(op::COPY, 2, hloc);
            }
            if let Some(ty) = &handler.type_ {
                self.visit_expr(ty)?;
                self.addop(op::CHECK_EG_MATCH, hloc);
                self.addop_i(op::COPY, 1, hloc);
                self.addop_j(op::POP_JUMP_IF_NONE, no_match, hloc);
            }
            let cleanup_end = self.new_label();
            let cleanup_body = self.new_label();
            match &handler.name {
                Some(name) => self.nameop(hloc, name, ExprContext::Store)?,
                None => self.addop(op::POP_TOP, hloc),
            }
            self.addop_j(op::SETUP_CLEANUP, cleanup_end, hloc);
            self.use_label(cleanup_body);
            let datum = match &handler.name {
                Some(n) => FBlockDatum::Name(n),
                None => FBlockDatum::None,
            };
            self.push_fblock(hloc, FBlockType::HandlerCleanup, cleanup_body, NO_LABEL, datum)?;
            self.visit_stmts(&handler.body)?;
            self.pop_fblock(FBlockType::HandlerCleanup, cleanup_body);
            self.addop(op::POP_BLOCK, NO_LOCATION);
            if let Some(name) = &handler.name {
                self.load_none(NO_LOCATION);
                self.nameop(NO_LOCATION, name, ExprContext::Store)?;
                self.nameop(NO_LOCATION, name, ExprContext::Del)?;
            }
            self.addop_j(op::JUMP_NO_INTERRUPT, except, NO_LOCATION);
            self.use_label(cleanup_end);
            if let Some(name) = &handler.name {
                self.load_none(NO_LOCATION);
                self.nameop(NO_LOCATION, name, ExprContext::Store)?;
                self.nameop(NO_LOCATION, name, ExprContext::Del)?;
            }
            self.addop_i(op::LIST_APPEND, 3, NO_LOCATION);
            self.addop(op::POP_TOP, NO_LOCATION);
            self.addop_j(op::JUMP_NO_INTERRUPT, except_with_error, NO_LOCATION);
            self.use_label(except);
            self.addop(op::NOP, NO_LOCATION);
            self.addop_j(op::JUMP_NO_INTERRUPT, except_with_error, NO_LOCATION);
            self.use_label(no_match);
            self.addop(op::POP_TOP, hloc);
            self.use_label(except_with_error);
            if i + 1 == n {
                self.addop_i(op::LIST_APPEND, 1, NO_LOCATION);
                self.addop_j(op::JUMP_NO_INTERRUPT, reraise_star, NO_LOCATION);
            }
        }
        self.pop_fblock(FBlockType::ExceptionGroupHandler, NO_LABEL);
        let reraise = self.new_label();
        self.use_label(reraise_star);
        self.addop_i(op::CALL_INTRINSIC_2, intrinsic2::PREP_RERAISE_STAR, NO_LOCATION);
        self.addop_i(op::COPY, 1, NO_LOCATION);
        self.addop_j(op::POP_JUMP_IF_NOT_NONE, reraise, NO_LOCATION);
        self.addop(op::POP_TOP, NO_LOCATION);
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.addop(op::POP_EXCEPT, NO_LOCATION);
        self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
        self.use_label(reraise);
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.addop_i(op::SWAP, 2, NO_LOCATION);
        self.addop(op::POP_EXCEPT, NO_LOCATION);
        self.addop_i(op::RERAISE, 0, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(orelse);
        self.visit_stmts(&t.orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_import_as`: binds `import a.b.c as d` (the module is on
    /// the stack).
    fn import_as(&mut self, loc: Location, name: &str, asname: &str) -> CResult {
        if let Some(dot) = name.find('.') {
            let mut rest = &name[dot + 1..];
            loop {
                let (attr, more) = match rest.find('.') {
                    Some(d) => (&rest[..d], Some(&rest[d + 1..])),
                    None => (rest, None),
                };
                self.addop_n(op::IMPORT_FROM, attr, NameDict::Names, loc);
                let Some(m) = more else { break };
                self.addop_i(op::SWAP, 2, loc);
                self.addop(op::POP_TOP, loc);
                rest = m;
            }
            self.nameop(loc, asname, ExprContext::Store)?;
            self.addop(op::POP_TOP, loc);
            return Ok(());
        }
        self.nameop(loc, asname, ExprContext::Store)
    }

    /// `codegen_import`.
    pub(crate) fn codegen_import(&mut self, s: &'a Stmt, names: &'a [Alias]) -> CResult {
        let loc = s.loc;
        for alias in names {
            self.load_const(ConstValue::int(0), loc);
            self.load_none(loc);
            self.addop_name(NameOp::Op(op::IMPORT_NAME), &alias.name, NameDict::Names, loc);
            match &alias.asname {
                Some(asname) => self.import_as(loc, &alias.name, asname)?,
                None => {
                    let first = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.nameop(loc, first, ExprContext::Store)?;
                }
            }
        }
        Ok(())
    }

    /// `codegen_from_import`.
    pub(crate) fn codegen_from_import(
        &mut self,
        s: &'a Stmt,
        module: Option<&str>,
        names: &'a [Alias],
        level: i32,
    ) -> CResult {
        let loc = s.loc;
        self.load_const(ConstValue::int(level), loc);
        let tuple = ConstValue::Tuple(names.iter().map(|a| ConstValue::str(&a.name)).collect());
        self.load_const(tuple, loc);
        self.addop_name(NameOp::Op(op::IMPORT_NAME), module.unwrap_or(""), NameDict::Names, loc);
        for (i, alias) in names.iter().enumerate() {
            if i == 0 && alias.name.starts_with('*') {
                self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::IMPORT_STAR, loc);
                self.addop(op::POP_TOP, NO_LOCATION);
                return Ok(());
            }
            self.addop_name(NameOp::Op(op::IMPORT_FROM), &alias.name, NameDict::Names, loc);
            let store = alias.asname.as_deref().unwrap_or(&alias.name);
            self.nameop(loc, store, ExprContext::Store)?;
        }
        self.addop(op::POP_TOP, loc);
        Ok(())
    }

    /// `codegen_assert`.
    pub(crate) fn codegen_assert(&mut self, s: &'a Stmt, test: &'a Expr, msg: Option<&'a Expr>) -> CResult {
        if matches!(&test.kind, ExprKind::Tuple { elts, .. } if !elts.is_empty()) {
            self.warn(s.loc, "assertion is always true, perhaps remove parentheses?".into())?;
        }
        if self.optimize > 0 {
            return Ok(());
        }
        let end = self.new_label();
        self.jump_if(s.loc, test, end, true)?;
        self.addop_i(op::LOAD_COMMON_CONSTANT, CONSTANT_ASSERTIONERROR, s.loc);
        if let Some(m) = msg {
            self.visit_expr(m)?;
            self.addop_i(op::CALL, 0, s.loc);
        }
        self.addop_i(op::RAISE_VARARGS, 1, test.loc);
        self.use_label(end);
        Ok(())
    }

    /// `codegen_stmt_expr`.
    pub(crate) fn codegen_stmt_expr(&mut self, loc: Location, value: &'a Expr) -> CResult {
        if self.is_interactive_top_level() {
            self.visit_expr(value)?;
            self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::PRINT, loc);
            self.addop(op::POP_TOP, NO_LOCATION);
            return Ok(());
        }
        if matches!(value.kind, ExprKind::Constant { .. }) {
            self.addop(op::NOP, loc);
            return Ok(());
        }
        self.visit_expr(value)?;
        self.addop(op::POP_TOP, NO_LOCATION);
        Ok(())
    }

    /// `codegen_with_except_finish`.
    fn with_except_finish(&mut self, cleanup: Label) {
        let suppress = self.new_label();
        self.addop(op::TO_BOOL, NO_LOCATION);
        self.addop_j(op::POP_JUMP_IF_TRUE, suppress, NO_LOCATION);
        self.addop_i(op::RERAISE, 2, NO_LOCATION);
        self.use_label(suppress);
        self.addop(op::POP_TOP, NO_LOCATION);
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.addop(op::POP_EXCEPT, NO_LOCATION);
        self.addop(op::POP_TOP, NO_LOCATION);
        self.addop(op::POP_TOP, NO_LOCATION);
        self.addop(op::POP_TOP, NO_LOCATION);
        let exit = self.new_label();
        self.addop_j(op::JUMP_NO_INTERRUPT, exit, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(exit);
    }

    /// `codegen_async_with_inner`.
    pub(crate) fn codegen_async_with(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        body: &'a [Stmt],
        pos: usize,
    ) -> CResult {
        let item = &items[pos];
        let block = self.new_label();
        let final_ = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.visit_expr(&item.context_expr)?;
        let loc = item.context_expr.loc;
        self.addop_i(op::COPY, 1, loc);
        self.addop_i(op::LOAD_SPECIAL, SPECIAL_AEXIT, loc);
        self.addop_i(op::SWAP, 2, loc);
        self.addop_i(op::SWAP, 3, loc);
        self.addop_i(op::LOAD_SPECIAL, SPECIAL_AENTER, loc);
        self.addop_i(op::CALL, 0, loc);
        self.addop_i(op::GET_AWAITABLE, 1, loc);
        self.load_none(loc);
        self.add_yield_from(loc, true);
        self.addop_j(op::SETUP_WITH, final_, loc);
        self.use_label(block);
        self.push_fblock(loc, FBlockType::AsyncWith, block, final_, FBlockDatum::None)?;
        match &item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.addop(op::POP_TOP, loc),
        }
        if pos + 1 == items.len() {
            self.visit_stmts(body)?;
        } else {
            self.codegen_async_with(s, items, body, pos + 1)?;
        }
        self.pop_fblock(FBlockType::AsyncWith, block);
        self.addop(op::POP_BLOCK, loc);
        self.call_exit_with_nones(loc);
        self.addop_i(op::GET_AWAITABLE, 2, loc);
        self.load_none(loc);
        self.add_yield_from(loc, true);
        self.addop(op::POP_TOP, loc);
        self.addop_j(op::JUMP, exit, loc);
        self.use_label(final_);
        self.addop_j(op::SETUP_CLEANUP, cleanup, loc);
        self.addop(op::PUSH_EXC_INFO, loc);
        self.addop(op::WITH_EXCEPT_START, loc);
        self.addop_i(op::GET_AWAITABLE, 2, loc);
        self.load_none(loc);
        self.add_yield_from(loc, true);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_with_inner`.
    pub(crate) fn codegen_with(&mut self, s: &'a Stmt, items: &'a [WithItem], body: &'a [Stmt], pos: usize) -> CResult {
        let item = &items[pos];
        let block = self.new_label();
        let final_ = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.visit_expr(&item.context_expr)?;
        let loc = item.context_expr.loc;
        self.addop_i(op::COPY, 1, loc);
        self.addop_i(op::LOAD_SPECIAL, SPECIAL_EXIT, loc);
        self.addop_i(op::SWAP, 2, loc);
        self.addop_i(op::SWAP, 3, loc);
        self.addop_i(op::LOAD_SPECIAL, SPECIAL_ENTER, loc);
        self.addop_i(op::CALL, 0, loc);
        self.addop_j(op::SETUP_WITH, final_, loc);
        self.use_label(block);
        self.push_fblock(loc, FBlockType::With, block, final_, FBlockDatum::None)?;
        match &item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.addop(op::POP_TOP, loc),
        }
        if pos + 1 == items.len() {
            self.visit_stmts(body)?;
        } else {
            self.codegen_with(s, items, body, pos + 1)?;
        }
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.pop_fblock(FBlockType::With, block);
        self.call_exit_with_nones(loc);
        self.addop(op::POP_TOP, loc);
        self.addop_j(op::JUMP, exit, loc);
        self.use_label(final_);
        self.addop_j(op::SETUP_CLEANUP, cleanup, loc);
        self.addop(op::PUSH_EXC_INFO, loc);
        self.addop(op::WITH_EXCEPT_START, loc);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_augassign`.
    pub(crate) fn codegen_augassign(&mut self, s: &'a Stmt, e: &'a Expr, aop: Operator, value: &'a Expr) -> CResult {
        let loc = e.loc;
        match &e.kind {
            ExprKind::Attribute { value: obj, attr, .. } => {
                self.visit_expr(obj)?;
                self.addop_i(op::COPY, 1, loc);
                let l = update_start_location_to_match_attr(loc, e, attr);
                self.addop_name(NameOp::Op(op::LOAD_ATTR), attr, NameDict::Names, l);
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                self.visit_expr(obj)?;
                if should_apply_two_element_slice_optimization(slice) {
                    self.slice_two_parts(slice)?;
                    self.addop_i(op::COPY, 3, loc);
                    self.addop_i(op::COPY, 3, loc);
                    self.addop_i(op::COPY, 3, loc);
                    self.addop(op::BINARY_SLICE, loc);
                } else {
                    self.visit_expr(slice)?;
                    self.addop_i(op::COPY, 2, loc);
                    self.addop_i(op::COPY, 2, loc);
                    self.addop_i(op::BINARY_OP, NB_SUBSCR, loc);
                }
            }
            ExprKind::Name { id, .. } => self.nameop(loc, id, ExprContext::Load)?,
            _ => return Err(CompileError::System("invalid node type for augmented assignment".into())),
        }
        self.visit_expr(value)?;
        self.addop_binary(s.loc, aop, true);
        match &e.kind {
            ExprKind::Attribute { attr, .. } => {
                let l = update_start_location_to_match_attr(loc, e, attr);
                self.addop_i(op::SWAP, 2, l);
                self.addop_name(NameOp::Op(op::STORE_ATTR), attr, NameDict::Names, l);
            }
            ExprKind::Subscript { slice, .. } => {
                if should_apply_two_element_slice_optimization(slice) {
                    self.addop_i(op::SWAP, 4, loc);
                    self.addop_i(op::SWAP, 3, loc);
                    self.addop_i(op::SWAP, 2, loc);
                    self.addop(op::STORE_SLICE, loc);
                } else {
                    self.addop_i(op::SWAP, 3, loc);
                    self.addop_i(op::SWAP, 2, loc);
                    self.addop(op::STORE_SUBSCR, loc);
                }
            }
            ExprKind::Name { id, .. } => self.nameop(loc, id, ExprContext::Store)?,
            _ => unreachable!("checked above"),
        }
        Ok(())
    }

    /// `codegen_check_ann_expr`.
    fn check_ann_expr(&mut self, e: &'a Expr) -> CResult {
        self.visit_expr(e)?;
        self.addop(op::POP_TOP, e.loc);
        Ok(())
    }

    /// `codegen_check_ann_subscr`.
    fn check_ann_subscr(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(part)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => elts.iter().try_for_each(|x| self.check_ann_subscr(x)),
            _ => self.check_ann_expr(e),
        }
    }

    /// `codegen_annassign`.
    pub(crate) fn codegen_annassign(&mut self, s: &'a Stmt) -> CResult {
        let StmtKind::AnnAssign { target, annotation, value, simple } = &s.kind else {
            unreachable!("an AnnAssign")
        };
        let loc = s.loc;
        let future_annotations = self.future_annotations();
        if let Some(v) = value {
            self.visit_expr(v)?;
            self.visit_expr(target)?;
        }
        match &target.kind {
            ExprKind::Name { id, .. } => {
                if *simple && matches!(self.scope_type(), ScopeType::Module | ScopeType::Class) {
                    if future_annotations {
                        self.visit_annexpr(annotation);
                        self.addop_name(NameOp::Op(op::LOAD_NAME), "__annotations__", NameDict::Names, loc);
                        let mangled = self.maybe_mangle(id);
                        self.load_str(&mangled, loc);
                        self.addop(op::STORE_SUBSCR, loc);
                    } else if let Some(index) = self.add_deferred_annotation(s) {
                        let ld = if self.scope_type() == ScopeType::Class { op::LOAD_DEREF } else { op::LOAD_NAME };
                        self.addop_name(NameOp::Op(ld), "__conditional_annotations__", NameDict::Cellvars, loc);
                        self.load_const(ConstValue::int(index), loc);
                        self.addop_i(op::SET_ADD, 1, loc);
                        self.addop(op::POP_TOP, loc);
                    }
                }
            }
            ExprKind::Attribute { value: obj, .. } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                }
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => return Err(CompileError::System("invalid node type for annotated assignment".into())),
        }
        if future_annotations && !*simple && matches!(self.scope_type(), ScopeType::Module | ScopeType::Class) {
            self.check_ann_expr(annotation)?;
        }
        Ok(())
    }

    /// `codegen_visit_annexpr`: an annotation as its source text (`from
    /// __future__ import annotations`).
    pub(crate) fn visit_annexpr(&mut self, annotation: &Expr) {
        let text = crate::ast::unparse::unparse_expr_pystr(annotation);
        self.load_const(ConstValue::Scalar(Constant::Str(text)), annotation.loc);
    }
}

/// `update_start_location_to_match_attr`: for an attribute access that
/// spans lines, start the location at the attribute name.
pub(crate) fn update_start_location_to_match_attr(mut loc: Location, attr: &Expr, name: &str) -> Location {
    if loc.lineno != attr.loc.end_lineno {
        loc.lineno = attr.loc.end_lineno;
        let len = name.chars().count() as i32;
        if len <= attr.loc.end_col_offset {
            loc.col_offset = attr.loc.end_col_offset - len;
        } else {
            loc.col_offset = -1;
            loc.end_col_offset = -1;
        }
        loc.end_lineno = loc.lineno.max(loc.end_lineno);
        if loc.lineno == loc.end_lineno {
            loc.end_col_offset = loc.col_offset.max(loc.end_col_offset);
        }
    }
    loc
}

/// `is_constant_slice`.
pub(crate) fn is_constant_slice(s: &Expr) -> bool {
    let is_const = |e: &Option<Box<Expr>>| e.as_ref().is_none_or(|e| matches!(e.kind, ExprKind::Constant { .. }));
    matches!(&s.kind, ExprKind::Slice { lower, upper, step } if is_const(lower) && is_const(upper) && is_const(step))
}

/// `should_apply_two_element_slice_optimization`.
pub(crate) fn should_apply_two_element_slice_optimization(s: &Expr) -> bool {
    !is_constant_slice(s) && matches!(&s.kind, ExprKind::Slice { step: None, .. })
}
