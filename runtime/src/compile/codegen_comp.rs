//! Python/codegen.c, comprehensions: list, set and dict comprehensions are
//! inlined in their enclosing scope (PEP 709), isolating their variables by
//! pushing the clashing locals on the stack; generator expressions (and
//! comprehensions the symbol table does not inline) get a nested code unit
//! called with the outermost iterator.

use super::codegen::NameOp;
use super::compiler::{ArgCounts, CResult, Compiler, FBlockDatum, FBlockType, InlinedComprehensionState, NameDict, ScopeType};
use super::instr_seq::{Label, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::{Comprehension, Expr, ExprKind};
use crate::symtable::{BlockKey, EntryId, Scope, DEF_LOCAL, DEF_NONLOCAL};

/// `COMP_GENEXP` ... `COMP_DICTCOMP`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompType {
    GenExp,
    ListComp,
    SetComp,
    DictComp,
}

impl<'a> Compiler<'a> {
    /// `codegen_comprehension_generator`.
    #[allow(clippy::too_many_arguments)]
    fn comprehension_generator(
        &mut self,
        loc: Location,
        generators: &'a [Comprehension],
        gen_index: usize,
        depth: i32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        ty: CompType,
        iter_on_stack: bool,
    ) -> CResult {
        if generators[gen_index].is_async {
            self.async_comprehension_generator(loc, generators, gen_index, depth, elt, val, ty, iter_on_stack)
        } else {
            self.sync_comprehension_generator(loc, generators, gen_index, depth, elt, val, ty, iter_on_stack)
        }
    }

    /// The element code of the innermost generator; its location.
    fn comprehension_element(&mut self, elt: &'a Expr, val: Option<&'a Expr>, ty: CompType, depth: i32) -> CResult<Location> {
        let mut elt_loc = elt.loc;
        self.visit_expr(elt)?;
        match ty {
            CompType::GenExp => {
                self.addop_yield(elt_loc);
                self.addop(op::POP_TOP, elt_loc);
            }
            CompType::ListComp => self.addop_i(op::LIST_APPEND, depth + 1, elt_loc),
            CompType::SetComp => self.addop_i(op::SET_ADD, depth + 1, elt_loc),
            CompType::DictComp => {
                let val = val.expect("a dict comprehension value");
                self.visit_expr(val)?;
                elt_loc = Location {
                    lineno: elt.loc.lineno,
                    end_lineno: val.loc.end_lineno,
                    col_offset: elt.loc.col_offset,
                    end_col_offset: val.loc.end_col_offset,
                };
                self.addop_i(op::MAP_ADD, depth + 1, elt_loc);
            }
        }
        Ok(elt_loc)
    }

    /// `codegen_sync_comprehension_generator`.
    #[allow(clippy::too_many_arguments)]
    fn sync_comprehension_generator(
        &mut self,
        loc: Location,
        generators: &'a [Comprehension],
        gen_index: usize,
        mut depth: i32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        ty: CompType,
        iter_on_stack: bool,
    ) -> CResult {
        let mut start = Some(self.new_label());
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        let g = &generators[gen_index];
        if !iter_on_stack {
            if gen_index == 0 {
                self.addop_i(op::LOAD_FAST, 0, loc);
            } else {
                let elts = match &g.iter.kind {
                    ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => &elts[..],
                    _ => &[],
                };
                if let [single] = elts {
                    if !matches!(single.kind, ExprKind::Starred { .. }) {
                        self.visit_expr(single)?;
                        start = None;
                    }
                }
                if start.is_some() {
                    self.visit_expr(&g.iter)?;
                    self.addop(op::GET_ITER, g.iter.loc);
                }
            }
        }
        if let Some(s) = start {
            depth += 1;
            self.use_label(s);
            self.addop_j(op::FOR_ITER, anchor, g.iter.loc);
        }
        self.visit_expr(&g.target)?;
        for e in &g.ifs {
            self.jump_if(loc, e, if_cleanup, false)?;
        }
        let next = gen_index + 1;
        if next < generators.len() {
            self.comprehension_generator(loc, generators, next, depth, elt, val, ty, false)?;
        }
        let mut elt_loc = elt.loc;
        if next >= generators.len() {
            elt_loc = self.comprehension_element(elt, val, ty, depth)?;
        }
        self.use_label(if_cleanup);
        if let Some(s) = start {
            self.addop_j(op::JUMP, s, elt_loc);
            self.use_label(anchor);
            self.addop(op::END_FOR, NO_LOCATION);
            self.addop(op::POP_ITER, NO_LOCATION);
        }
        Ok(())
    }

    /// `codegen_async_comprehension_generator`.
    #[allow(clippy::too_many_arguments)]
    fn async_comprehension_generator(
        &mut self,
        loc: Location,
        generators: &'a [Comprehension],
        gen_index: usize,
        mut depth: i32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        ty: CompType,
        iter_on_stack: bool,
    ) -> CResult {
        let start = self.new_label();
        let send = self.new_label();
        let except = self.new_label();
        let if_cleanup = self.new_label();
        let g = &generators[gen_index];
        if !iter_on_stack {
            if gen_index == 0 {
                self.addop_i(op::LOAD_FAST, 0, loc);
            } else {
                self.visit_expr(&g.iter)?;
                self.addop(op::GET_AITER, g.iter.loc);
            }
        }
        self.use_label(start);
        self.push_fblock(loc, FBlockType::AsyncComprehensionGenerator, start, Label(-1), FBlockDatum::None)?;
        self.addop_j(op::SETUP_FINALLY, except, loc);
        self.addop(op::GET_ANEXT, loc);
        self.load_none(loc);
        self.use_label(send);
        self.add_yield_from(loc, true);
        self.addop(op::POP_BLOCK, loc);
        self.visit_expr(&g.target)?;
        for e in &g.ifs {
            self.jump_if(loc, e, if_cleanup, false)?;
        }
        depth += 1;
        let next = gen_index + 1;
        if next < generators.len() {
            self.comprehension_generator(loc, generators, next, depth, elt, val, ty, false)?;
        }
        let mut elt_loc = elt.loc;
        if next >= generators.len() {
            elt_loc = self.comprehension_element(elt, val, ty, depth)?;
        }
        self.use_label(if_cleanup);
        self.addop_j(op::JUMP, start, elt_loc);
        self.pop_fblock(FBlockType::AsyncComprehensionGenerator, start);
        self.use_label(except);
        self.addop_j(op::END_ASYNC_FOR, send, loc);
        Ok(())
    }

    /// `codegen_push_inlined_comprehension_locals`: saves the outer values
    /// of the names the comprehension binds and sets up the handler that
    /// restores them on an exception.
    fn push_inlined_comprehension_locals(&mut self, loc: Location, comp: EntryId, state: &mut InlinedComprehensionState) {
        let outer = self.u().ste;
        let in_class_block =
            self.st.entry(outer).ste_type == crate::symtable::BlockType::Class && self.u().in_inlined_comp == 0;
        let symbols: Vec<(String, i64)> =
            self.st.entry(comp).ste_symbols.iter().map(|(k, v)| (k.to_owned(), v)).collect();
        for (k, symbol) in symbols {
            if (symbol & DEF_LOCAL != 0 && symbol & DEF_NONLOCAL == 0) || in_class_block {
                let scope = Scope::from_symbol(symbol);
                let outsc = Scope::from_symbol(self.st.entry(outer).get_symbol(&k));
                self.addop_name(NameOp::Op(op::LOAD_FAST_AND_CLEAR), &k, NameDict::Varnames, loc);
                if scope == Some(Scope::Cell) {
                    let dict = if outsc == Some(Scope::Free) { NameDict::Freevars } else { NameDict::Cellvars };
                    self.addop_name(NameOp::Op(op::MAKE_CELL), &k, dict, loc);
                }
                state.pushed_locals.get_or_insert_with(Vec::new).push(k);
            }
        }
        if let Some(pushed) = &state.pushed_locals {
            let n = pushed.len() as i32;
            self.addop_i(op::SWAP, n + 1, loc);
            let cleanup = self.new_label();
            state.cleanup = Some(cleanup);
            self.addop_j(op::SETUP_FINALLY, cleanup, loc);
        }
    }

    /// `restore_inlined_comprehension_locals`.
    fn restore_inlined_comprehension_locals(&mut self, loc: Location, pushed: &[String]) {
        self.addop_i(op::SWAP, pushed.len() as i32 + 1, loc);
        for k in pushed.iter().rev() {
            self.addop_name(NameOp::Op(op::STORE_FAST_MAYBE_NULL), k, NameDict::Varnames, loc);
        }
    }

    /// `codegen_pop_inlined_comprehension_locals`.
    fn pop_inlined_comprehension_locals(&mut self, loc: Location, state: &mut InlinedComprehensionState) {
        let Some(pushed) = state.pushed_locals.take() else { return };
        self.addop(op::POP_BLOCK, NO_LOCATION);
        let end = self.new_label();
        self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
        self.use_label(state.cleanup.expect("a cleanup label"));
        self.addop_i(op::SWAP, 2, NO_LOCATION);
        self.addop(op::POP_TOP, NO_LOCATION);
        self.restore_inlined_comprehension_locals(loc, &pushed);
        self.addop_i(op::RERAISE, 0, NO_LOCATION);
        self.use_label(end);
        self.restore_inlined_comprehension_locals(loc, &pushed);
    }

    /// `codegen_comprehension`.
    pub(crate) fn codegen_comprehension(
        &mut self,
        e: &'a Expr,
        ty: CompType,
        name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        let Some(entry) = self.st.lookup(BlockKey::of(e)) else {
            return Err(super::compiler::CompileError::System("unknown comprehension scope".into()));
        };
        let is_inlined = self.st.entry(entry).ste_comp_inlined;
        let is_async_comprehension = self.st.entry(entry).ste_coroutine;
        let loc = e.loc;
        let outermost = &generators[0];
        let get_iter = if outermost.is_async { op::GET_AITER } else { op::GET_ITER };
        let mut state = InlinedComprehensionState::default();
        if is_inlined {
            self.visit_expr(&outermost.iter)?;
            self.addop(get_iter, outermost.iter.loc);
            self.tweak_inlined_comprehension_scopes(entry, &mut state);
            self.push_inlined_comprehension_locals(loc, entry, &mut state);
        } else {
            let counts = ArgCounts { argcount: 1, ..Default::default() };
            self.codegen_enter_scope(name, ScopeType::Comprehension, BlockKey::of(e), e.loc.lineno, None, counts)?;
        }
        if ty != CompType::GenExp {
            let build = match ty {
                CompType::ListComp => op::BUILD_LIST,
                CompType::SetComp => op::BUILD_SET,
                _ => op::BUILD_MAP,
            };
            self.addop_i(build, 0, loc);
            if is_inlined {
                self.addop_i(op::SWAP, 2, loc);
            }
        }
        self.comprehension_generator(loc, generators, 0, 0, elt, val, ty, is_inlined)?;
        if is_inlined {
            self.pop_inlined_comprehension_locals(loc, &mut state);
            self.revert_inlined_comprehension_scopes(&mut state);
            return Ok(());
        }
        if ty != CompType::GenExp {
            self.addop(op::RETURN_VALUE, loc);
        } else {
            self.wrap_in_stopiteration_handler();
        }
        let co = self.optimize_and_assemble(true)?;
        self.exit_scope();
        self.make_closure(loc, co, 0)?;
        self.visit_expr(&outermost.iter)?;
        self.addop(get_iter, outermost.iter.loc);
        self.addop_i(op::CALL, 0, loc);
        if is_async_comprehension && ty != CompType::GenExp {
            self.addop_i(op::GET_AWAITABLE, 0, loc);
            self.load_none(loc);
            self.add_yield_from(loc, true);
        }
        Ok(())
    }
}
