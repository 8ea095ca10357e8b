//! A port of CPython 3.14's Python/flowgraph.c: the control-flow graph built
//! from codegen's instruction sequence, the optimization passes of
//! `_PyCfg_OptimizeCodeUnit`, and the lowering of
//! `_PyCfg_OptimizedCfgToInstructionSequence` (stack depth, cells and
//! generator prefix, pseudo-instruction conversion, jump direction, borrowed
//! loads) back into an instruction sequence for the assembler.
//!
//! Blocks live in an arena (`Vec<Block>`); a block id is its index.
//! `b_next` is `Option<usize>`; a jump's `i_target` and `i_except` are
//! block ids.

use super::code::{CodeUnitMetadata, ConstValue, CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR};
use super::const_fold;
use super::instr_seq::{
    has_jump, has_target, is_block_push, ExceptHandlerInfo, InstrSequence,
    Location, NO_LOCATION,
};
use super::opcode::{self as op, DEOPT, HAS_CONST_FLAG, HAS_EVAL_BREAK_FLAG, METADATA};
use crate::ast::Constant;

/// Errors of the flowgraph passes (CPython raises these as exceptions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CfgError {
    /// `SystemError` (malformed graph, unknown stack effect).
    SystemError(String),
    /// `ValueError` (inconsistent stack depth, stack underflow).
    ValueError(String),
    /// `OverflowError` ("too many constants").
    OverflowError(String),
}

type Result<T> = std::result::Result<T, CfgError>;

/// `CO_MAXBLOCKS`: the deepest static nesting of handlers.
const CO_MAXBLOCKS: usize = 21;
/// `_PY_STACK_USE_GUIDELINE`.
const STACK_USE_GUIDELINE: i32 = 30;
/// `MAX_COPY_SIZE`: the largest exit block copied into its predecessors.
const MAX_COPY_SIZE: usize = 4;
/// `MIN_CONST_SEQUENCE_SIZE`.
const MIN_CONST_SEQUENCE_SIZE: i32 = 3;
/// `INTRINSIC_UNARY_POSITIVE`.
const INTRINSIC_UNARY_POSITIVE: i32 = 5;
/// `INTRINSIC_LIST_TO_TUPLE`.
const INTRINSIC_LIST_TO_TUPLE: i32 = 6;
/// `RESUME_AT_FUNC_START`.
const RESUME_AT_FUNC_START: i32 = 0;
/// `RESUME_OPARG_DEPTH1_MASK`.
const RESUME_OPARG_DEPTH1_MASK: i32 = 4;

/// `cfg_instr` (`_PyCfgInstruction`).
#[derive(Clone, Copy, Debug)]
pub struct CfgInstr {
    /// Opcode.
    pub opcode: u16,
    /// Argument (a label id for jumps until targets are resolved).
    pub oparg: i32,
    /// Source location.
    pub loc: Location,
    /// Jump or handler target block.
    pub target: Option<usize>,
    /// Handler block active at this instruction.
    pub except: Option<usize>,
}

impl CfgInstr {
    fn new(opcode: u16, oparg: i32, loc: Location) -> CfgInstr {
        CfgInstr { opcode, oparg, loc, target: None, except: None }
    }
    /// `INSTR_SET_OP0`.
    fn set_op0(&mut self, opcode: u16) {
        self.opcode = opcode;
        self.oparg = 0;
    }
    /// `INSTR_SET_OP1`.
    fn set_op1(&mut self, opcode: u16, oparg: i32) {
        self.opcode = opcode;
        self.oparg = oparg;
    }
}

/// `_PyCfgExceptStack`.
#[derive(Clone, Debug)]
struct ExceptStack {
    handlers: Vec<Option<usize>>,
}

impl ExceptStack {
    /// `make_except_stack`.
    fn new() -> ExceptStack {
        ExceptStack { handlers: vec![None] }
    }
    fn depth(&self) -> usize {
        self.handlers.len() - 1
    }
    /// `except_stack_top`.
    fn top(&self) -> Option<usize> {
        *self.handlers.last().unwrap_or(&None)
    }
}

/// `basicblock` (`_PyCfgBasicblock`).
#[derive(Clone, Debug)]
pub struct Block {
    /// `b_label`: the label id, or -1.
    pub label: i32,
    /// `b_instr[0..b_iused]`.
    pub instrs: Vec<CfgInstr>,
    /// `b_next`: the block reached by falling through.
    pub next: Option<usize>,
    exceptstack: Option<ExceptStack>,
    unsafe_locals_mask: u64,
    predecessors: i32,
    /// `b_startdepth`.
    pub startdepth: i32,
    preserve_lasti: bool,
    visited: bool,
    except_handler: bool,
    cold: bool,
    warm: bool,
    /// The handlers left in the unused slots past the end of `b_instr`.
    /// CPython reuses those slots without clearing `i_except`, so an
    /// instruction appended there by `basicblock_addop` inherits the stale
    /// handler of the instruction that was there before (e.g. the
    /// `NOT_TAKEN` after a conditional jump that NOP removal moved down).
    ghost: Vec<Option<usize>>,
}

impl Block {
    /// `basicblock_addop`: append, keeping the slot's stale `i_except`.
    fn push_stale(&mut self, mut i: CfgInstr) {
        i.except = if self.ghost.is_empty() { None } else { self.ghost.remove(0) };
        self.instrs.push(i);
    }
    /// Append a whole instruction (`basicblock_append_instructions`).
    fn push_full(&mut self, i: CfgInstr) {
        if !self.ghost.is_empty() {
            self.ghost.remove(0);
        }
        self.instrs.push(i);
    }
    /// `basicblock_insert_instruction`.
    fn insert_full(&mut self, pos: usize, i: CfgInstr) {
        if !self.ghost.is_empty() {
            self.ghost.remove(0);
        }
        self.instrs.insert(pos, i);
    }
    /// Lower `b_iused` to `n`; the dropped slots keep their handlers.
    fn truncate(&mut self, n: usize) {
        let mut g: Vec<Option<usize>> = self.instrs[n.min(self.instrs.len())..].iter().map(|i| i.except).collect();
        g.append(&mut self.ghost);
        self.ghost = g;
        self.instrs.truncate(n);
    }

    fn new() -> Block {
        Block {
            label: -1,
            instrs: Vec::new(),
            next: None,
            exceptstack: None,
            unsafe_locals_mask: 0,
            predecessors: 0,
            startdepth: 0,
            preserve_lasti: false,
            visited: false,
            except_handler: false,
            cold: false,
            warm: false,
            ghost: Vec::new(),
        }
    }
    /// `basicblock_last_instr`.
    fn last(&self) -> Option<&CfgInstr> {
        self.instrs.last()
    }
    /// `basicblock_nofallthrough`.
    fn no_fallthrough(&self) -> bool {
        self.last().is_some_and(|l| is_scope_exit(l.opcode) || is_unconditional_jump(l.opcode))
    }
    /// `BB_HAS_FALLTHROUGH`.
    fn has_fallthrough(&self) -> bool {
        !self.no_fallthrough()
    }
    /// `basicblock_exits_scope`.
    fn exits_scope(&self) -> bool {
        self.last().is_some_and(|l| is_scope_exit(l.opcode))
    }
    /// `basicblock_has_eval_break`.
    fn has_eval_break(&self) -> bool {
        self.instrs.iter().any(|i| flags(i.opcode) & HAS_EVAL_BREAK_FLAG != 0)
    }
    /// `basicblock_has_no_lineno`.
    fn has_no_lineno(&self) -> bool {
        self.instrs.iter().all(|i| i.loc.lineno < 0)
    }
}

fn flags(opcode: u16) -> u16 {
    METADATA.get(opcode as usize).map_or(0, |m| m.flags)
}

/// `IS_SCOPE_EXIT_OPCODE`.
fn is_scope_exit(opcode: u16) -> bool {
    matches!(opcode, op::RETURN_VALUE | op::RAISE_VARARGS | op::RERAISE)
}

/// `IS_UNCONDITIONAL_JUMP_OPCODE`.
fn is_unconditional_jump(opcode: u16) -> bool {
    matches!(
        opcode,
        op::JUMP
            | op::JUMP_NO_INTERRUPT
            | op::JUMP_FORWARD
            | op::JUMP_BACKWARD
            | op::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// `IS_CONDITIONAL_JUMP_OPCODE`.
fn is_conditional_jump(opcode: u16) -> bool {
    matches!(
        opcode,
        op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_NONE | op::POP_JUMP_IF_NOT_NONE
    )
}

/// `IS_TERMINATOR_OPCODE`.
fn is_terminator(opcode: u16) -> bool {
    has_jump(opcode) || is_scope_exit(opcode)
}

/// `loads_const`.
fn loads_const(opcode: u16) -> bool {
    flags(opcode) & HAS_CONST_FLAG != 0 || opcode == op::LOAD_SMALL_INT
}

/// `get_stack_effects`: the net stack effect, when jumping (`jump` true) or
/// not; `None` for opcodes without known effect (specialized or invalid).
pub fn stack_effect(opcode: u16, oparg: i32, jump: bool) -> Option<i32> {
    if opcode <= 255 && DEOPT[opcode as usize] as u16 != opcode {
        return None;
    }
    let popped = op::num_popped(opcode, oparg)?;
    let pushed = op::num_pushed(opcode, oparg)?;
    if popped < 0 || pushed < 0 {
        return None;
    }
    if is_block_push(opcode) && !jump {
        return Some(0);
    }
    Some(pushed - popped)
}

/// `_PyCfgBuilder`: the graph under construction and transformation.
#[derive(Clone, Debug)]
pub struct CfgBuilder {
    /// All blocks ever allocated (`g_block_list`), by id.
    pub blocks: Vec<Block>,
    /// `g_entryblock`.
    pub entry: usize,
    cur: usize,
    current_label: i32,
}

impl Default for CfgBuilder {
    fn default() -> Self {
        CfgBuilder::new()
    }
}

impl CfgBuilder {
    /// `_PyCfgBuilder_New` / `init_cfg_builder`.
    pub fn new() -> CfgBuilder {
        CfgBuilder { blocks: vec![Block::new()], entry: 0, cur: 0, current_label: -1 }
    }

    /// `cfg_builder_new_block`.
    fn new_block(&mut self) -> usize {
        self.blocks.push(Block::new());
        self.blocks.len() - 1
    }

    /// The blocks in `b_next` order from the entry block.
    fn order(&self) -> Vec<usize> {
        let mut v = Vec::new();
        let mut b = Some(self.entry);
        while let Some(id) = b {
            v.push(id);
            b = self.blocks[id].next;
        }
        v
    }

    /// `cfg_builder_current_block_is_terminated`.
    fn current_block_is_terminated(&mut self) -> bool {
        let cur = &self.blocks[self.cur];
        if cur.last().is_some_and(|l| is_terminator(l.opcode)) {
            return true;
        }
        if self.current_label >= 0 {
            if cur.last().is_some() || cur.label >= 0 {
                return true;
            }
            self.blocks[self.cur].label = self.current_label;
            self.current_label = -1;
        }
        false
    }

    /// `cfg_builder_maybe_start_new_block`.
    fn maybe_start_new_block(&mut self) {
        if self.current_block_is_terminated() {
            let b = self.new_block();
            self.blocks[b].label = self.current_label;
            self.current_label = -1;
            self.blocks[self.cur].next = Some(b);
            self.cur = b;
        }
    }

    /// `_PyCfgBuilder_UseLabel`.
    pub fn use_label(&mut self, lbl: i32) {
        self.current_label = lbl;
        self.maybe_start_new_block();
    }

    /// `_PyCfgBuilder_Addop`.
    pub fn addop(&mut self, opcode: u16, oparg: i32, loc: Location) {
        self.maybe_start_new_block();
        self.blocks[self.cur].push_stale(CfgInstr::new(opcode, oparg, loc));
    }

    /// `next_nonempty_block`.
    fn next_nonempty(&self, mut b: Option<usize>) -> Option<usize> {
        while let Some(id) = b {
            if !self.blocks[id].instrs.is_empty() {
                return Some(id);
            }
            b = self.blocks[id].next;
        }
        None
    }

    /// `get_max_label`.
    fn max_label(&self) -> i32 {
        self.order().iter().map(|&b| self.blocks[b].label).max().unwrap_or(-1).max(-1)
    }

    /// `make_cfg_traversal_stack`: clears `b_visited` on every block.
    fn reset_visited(&mut self) {
        for b in self.order() {
            self.blocks[b].visited = false;
        }
    }

    /// `basicblock_add_jump`.
    fn add_jump(&mut self, b: usize, opcode: u16, target: usize, loc: Location) -> Result<()> {
        if self.blocks[b].last().is_some_and(|l| has_jump(l.opcode)) {
            return Err(CfgError::SystemError("jump after jump".into()));
        }
        let label = self.blocks[target].label;
        let mut i = CfgInstr::new(opcode, label, loc);
        i.target = Some(target);
        self.blocks[b].push_stale(i);
        Ok(())
    }

    /// `copy_basicblock`.
    fn copy_block(&mut self, b: usize) -> usize {
        let n = self.new_block();
        self.blocks[n].instrs = self.blocks[b].instrs.clone();
        n
    }

    /// `normalize_jumps_in_block`: a forward conditional jump gets a
    /// `NOT_TAKEN`; a backward one is reversed around a new block holding
    /// `NOT_TAKEN; JUMP target`.
    fn normalize_jumps_in_block(&mut self, b: usize) -> Result<()> {
        let Some(&last) = self.blocks[b].last() else { return Ok(()) };
        if !is_conditional_jump(last.opcode) {
            return Ok(());
        }
        let target = last.target.ok_or_else(no_target)?;
        if !self.blocks[target].visited {
            self.blocks[b].push_stale(CfgInstr::new(op::NOT_TAKEN, 0, last.loc));
            return Ok(());
        }
        let reversed = match last.opcode {
            op::POP_JUMP_IF_NOT_NONE => op::POP_JUMP_IF_NONE,
            op::POP_JUMP_IF_NONE => op::POP_JUMP_IF_NOT_NONE,
            op::POP_JUMP_IF_FALSE => op::POP_JUMP_IF_TRUE,
            _ => op::POP_JUMP_IF_FALSE,
        };
        let bj = self.new_block();
        self.blocks[bj].push_stale(CfgInstr::new(op::NOT_TAKEN, 0, last.loc));
        self.add_jump(bj, op::JUMP, target, last.loc)?;
        self.blocks[bj].startdepth = self.blocks[target].startdepth;
        let next = self.blocks[b].next;
        let l = self.blocks[b].instrs.last_mut().expect("checked above");
        l.opcode = reversed;
        l.target = next;
        self.blocks[bj].cold = self.blocks[b].cold;
        self.blocks[bj].next = next;
        self.blocks[b].next = Some(bj);
        Ok(())
    }

    /// `normalize_jumps`.
    fn normalize_jumps(&mut self) -> Result<()> {
        for b in self.order() {
            self.blocks[b].visited = false;
        }
        let mut b = Some(self.entry);
        while let Some(id) = b {
            self.blocks[id].visited = true;
            self.normalize_jumps_in_block(id)?;
            b = self.blocks[id].next;
        }
        Ok(())
    }

    /// `check_cfg`: jumps and exits must end their block.
    fn check_cfg(&self) -> Result<()> {
        for b in self.order() {
            let instrs = &self.blocks[b].instrs;
            for (i, instr) in instrs.iter().enumerate() {
                if is_terminator(instr.opcode) && i != instrs.len() - 1 {
                    return Err(CfgError::SystemError("malformed control flow graph.".into()));
                }
            }
        }
        Ok(())
    }

    /// `translate_jump_labels_to_targets`.
    fn translate_jump_labels_to_targets(&mut self) -> Result<()> {
        let order = self.order();
        let max_label = self.max_label();
        let mut label2block = vec![None; (max_label + 1) as usize];
        for &b in &order {
            let l = self.blocks[b].label;
            if l >= 0 {
                label2block[l as usize] = Some(b);
            }
        }
        for &b in &order {
            for instr in &mut self.blocks[b].instrs {
                if has_target(instr.opcode) {
                    let t = usize::try_from(instr.oparg).ok().and_then(|l| label2block.get(l).copied().flatten());
                    instr.target = Some(t.ok_or_else(|| {
                        CfgError::SystemError(format!("jump to unknown label {}", instr.oparg))
                    })?);
                }
            }
        }
        Ok(())
    }

    /// `mark_except_handlers`.
    fn mark_except_handlers(&mut self) {
        for b in self.order() {
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                if is_block_push(instr.opcode) {
                    if let Some(t) = instr.target {
                        self.blocks[t].except_handler = true;
                    }
                }
            }
        }
    }

    /// `label_exception_targets`: give every instruction the handler that
    /// covers it, simulating `SETUP_*`/`POP_BLOCK` along every path.
    fn label_exception_targets(&mut self) -> Result<()> {
        self.reset_visited();
        let entry = self.entry;
        let mut todo = vec![entry];
        self.blocks[entry].visited = true;
        self.blocks[entry].exceptstack = Some(ExceptStack::new());
        while let Some(b) = todo.pop() {
            let mut stack = self.blocks[b].exceptstack.take();
            let mut handler = stack.as_ref().and_then(|s| s.top());
            let mut last_yield_except_depth: i32 = -1;
            let n = self.blocks[b].instrs.len();
            for i in 0..n {
                let instr = self.blocks[b].instrs[i];
                if is_block_push(instr.opcode) {
                    let target = instr.target.ok_or_else(no_target)?;
                    let st = stack.as_mut().ok_or_else(bad_stack)?;
                    if !self.blocks[target].visited {
                        self.blocks[target].exceptstack = Some(st.clone());
                        todo.push(target);
                        self.blocks[target].visited = true;
                    }
                    // push_except_block
                    if matches!(instr.opcode, op::SETUP_WITH | op::SETUP_CLEANUP) {
                        self.blocks[target].preserve_lasti = true;
                    }
                    if st.depth() > CO_MAXBLOCKS {
                        return Err(CfgError::SystemError("too many statically nested blocks".into()));
                    }
                    st.handlers.push(Some(target));
                    handler = Some(target);
                } else if instr.opcode == op::POP_BLOCK {
                    // pop_except_block
                    let st = stack.as_mut().ok_or_else(bad_stack)?;
                    if st.depth() == 0 {
                        return Err(CfgError::SystemError("POP_BLOCK without a handler".into()));
                    }
                    st.handlers.pop();
                    handler = st.top();
                    self.blocks[b].instrs[i].set_op0(op::NOP);
                } else if has_jump(instr.opcode) {
                    self.blocks[b].instrs[i].except = handler;
                    let target = instr.target.ok_or_else(no_target)?;
                    if !self.blocks[target].visited {
                        if self.blocks[b].has_fallthrough() {
                            self.blocks[target].exceptstack = stack.clone();
                        } else {
                            self.blocks[target].exceptstack = stack.take();
                        }
                        todo.push(target);
                        self.blocks[target].visited = true;
                    }
                } else if instr.opcode == op::YIELD_VALUE {
                    self.blocks[b].instrs[i].except = handler;
                    last_yield_except_depth = stack.as_ref().map_or(0, |s| s.depth() as i32);
                } else if instr.opcode == op::RESUME {
                    self.blocks[b].instrs[i].except = handler;
                    if instr.oparg != RESUME_AT_FUNC_START {
                        if last_yield_except_depth == 1 {
                            self.blocks[b].instrs[i].oparg |= RESUME_OPARG_DEPTH1_MASK;
                        }
                        last_yield_except_depth = -1;
                    }
                } else {
                    self.blocks[b].instrs[i].except = handler;
                }
            }
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.blocks[b].next {
                    if !self.blocks[next].visited {
                        self.blocks[next].exceptstack = Some(stack.take().ok_or_else(bad_stack)?);
                        todo.push(next);
                        self.blocks[next].visited = true;
                    }
                }
            }
        }
        Ok(())
    }

    /// `remove_unreachable`: count predecessors, empty unreachable blocks.
    fn remove_unreachable(&mut self) {
        let order = self.order();
        for &b in &order {
            self.blocks[b].predecessors = 0;
            self.blocks[b].visited = false;
        }
        let entry = self.entry;
        self.blocks[entry].predecessors = 1;
        self.blocks[entry].visited = true;
        let mut stack = vec![entry];
        while let Some(b) = stack.pop() {
            if let Some(next) = self.blocks[b].next {
                if self.blocks[b].has_fallthrough() {
                    if !self.blocks[next].visited {
                        stack.push(next);
                        self.blocks[next].visited = true;
                    }
                    self.blocks[next].predecessors += 1;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                if has_jump(instr.opcode) || is_block_push(instr.opcode) {
                    if let Some(t) = instr.target {
                        if !self.blocks[t].visited {
                            stack.push(t);
                            self.blocks[t].visited = true;
                        }
                        self.blocks[t].predecessors += 1;
                    }
                }
            }
        }
        for &b in &order {
            if self.blocks[b].predecessors == 0 {
                self.blocks[b].truncate(0);
                self.blocks[b].except_handler = false;
            }
        }
    }

    /// `basicblock_remove_redundant_nops`: drop NOPs that carry no line
    /// information the neighbours do not already give.
    fn block_remove_redundant_nops(&mut self, b: usize) -> usize {
        let next_block = self.next_nonempty(self.blocks[b].next);
        let next_loc = next_block.and_then(|nb| {
            self.blocks[nb]
                .instrs
                .iter()
                .find(|i| !(i.opcode == op::NOP && i.loc.lineno < 0))
                .map(|i| i.loc)
        });
        let next_loc = next_block.map(|_| next_loc.unwrap_or(NO_LOCATION));
        let instrs = &mut self.blocks[b].instrs;
        let n = instrs.len();
        let mut dest = 0;
        let mut prev_lineno = -1;
        for src in 0..n {
            let lineno = instrs[src].loc.lineno;
            if instrs[src].opcode == op::NOP {
                if lineno < 0 || prev_lineno == lineno {
                    continue;
                }
                if src < n - 1 {
                    let next_lineno = instrs[src + 1].loc.lineno;
                    if next_lineno == lineno {
                        continue;
                    }
                    if next_lineno < 0 {
                        instrs[src + 1].loc = instrs[src].loc;
                        continue;
                    }
                } else if let Some(nl) = next_loc {
                    if lineno == nl.lineno {
                        continue;
                    }
                }
            }
            if dest != src {
                instrs[dest] = instrs[src];
            }
            dest += 1;
            prev_lineno = lineno;
        }
        self.blocks[b].truncate(dest);
        n - dest
    }

    /// `remove_redundant_nops`.
    fn remove_redundant_nops(&mut self) -> usize {
        self.order().into_iter().map(|b| self.block_remove_redundant_nops(b)).sum()
    }

    /// `remove_redundant_nops_and_pairs`: also cancel `LOAD_CONST; POP_TOP`
    /// and `COPY 1; POP_TOP` pairs, across block boundaries where flow allows.
    fn remove_redundant_nops_and_pairs(&mut self) {
        let mut done = false;
        while !done {
            done = true;
            let mut instr: Option<(usize, usize)> = None;
            for b in self.order() {
                self.block_remove_redundant_nops(b);
                if self.blocks[b].label >= 0 {
                    instr = None;
                }
                for i in 0..self.blocks[b].instrs.len() {
                    let prev = instr;
                    instr = Some((b, i));
                    let (prev_opcode, prev_oparg) = prev
                        .map_or((0, 0), |(pb, pi)| {
                            let p = &self.blocks[pb].instrs[pi];
                            (p.opcode, p.oparg)
                        });
                    let opcode = self.blocks[b].instrs[i].opcode;
                    let redundant = opcode == op::POP_TOP
                        && (prev_opcode == op::LOAD_CONST
                            || prev_opcode == op::LOAD_SMALL_INT
                            || (prev_opcode == op::COPY && prev_oparg == 1));
                    if redundant {
                        let (pb, pi) = prev.expect("a pair has a first instruction");
                        self.blocks[pb].instrs[pi].set_op0(op::NOP);
                        self.blocks[b].instrs[i].set_op0(op::NOP);
                        done = false;
                    }
                }
                let last_is_jump = instr
                    .is_some_and(|(ib, ii)| has_jump(self.blocks[ib].instrs[ii].opcode));
                if last_is_jump || !self.blocks[b].has_fallthrough() {
                    instr = None;
                }
            }
        }
    }

    /// `remove_redundant_jumps`: a jump to the next non-empty block becomes NOP.
    fn remove_redundant_jumps(&mut self) -> Result<usize> {
        let mut changes = 0;
        for b in self.order() {
            let Some(&last) = self.blocks[b].last() else { continue };
            if is_unconditional_jump(last.opcode) {
                let jump_target = self.next_nonempty(last.target);
                if jump_target.is_none() {
                    return Err(CfgError::SystemError("jump with NULL target".into()));
                }
                if jump_target == self.next_nonempty(self.blocks[b].next) {
                    changes += 1;
                    self.blocks[b].instrs.last_mut().expect("non-empty").set_op0(op::NOP);
                }
            }
        }
        Ok(changes)
    }

    /// `basicblock_inline_small_or_no_lineno_blocks`.
    fn inline_small_or_no_lineno_block(&mut self, b: usize) -> bool {
        let Some(&last) = self.blocks[b].last() else { return false };
        if !is_unconditional_jump(last.opcode) {
            return false;
        }
        let Some(target) = last.target else { return false };
        let t = &self.blocks[target];
        let small_exit_block = t.exits_scope() && t.instrs.len() <= MAX_COPY_SIZE;
        let no_lineno_no_fallthrough = t.has_no_lineno() && !t.has_fallthrough();
        if small_exit_block || no_lineno_no_fallthrough {
            let removed_jump_opcode = last.opcode;
            self.blocks[b].instrs.last_mut().expect("non-empty").set_op0(op::NOP);
            let copied = self.blocks[target].instrs.clone();
            for c in copied {
                self.blocks[b].push_full(c);
            }
            if no_lineno_no_fallthrough {
                let l = self.blocks[b].instrs.last_mut().expect("non-empty");
                if is_unconditional_jump(l.opcode) && removed_jump_opcode == op::JUMP {
                    l.opcode = op::JUMP;
                }
            }
            self.blocks[target].predecessors -= 1;
            return true;
        }
        false
    }

    /// `inline_small_or_no_lineno_blocks`.
    fn inline_small_or_no_lineno_blocks(&mut self) {
        loop {
            let mut changes = false;
            for b in self.order() {
                if self.inline_small_or_no_lineno_block(b) {
                    changes = true;
                }
            }
            if !changes {
                break;
            }
        }
    }

    /// `jump_thread`: retarget the jump `bb[i]` to the target's target.
    fn jump_thread(&mut self, bb: usize, i: usize, target: CfgInstr, opcode: u16) -> Result<bool> {
        if self.blocks[bb].instrs[i].target != target.target {
            self.blocks[bb].instrs[i].set_op0(op::NOP);
            let t = target.target.ok_or_else(no_target)?;
            self.add_jump(bb, opcode, t, target.loc)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `basicblock_optimize_load_const`.
    fn block_optimize_load_const(&mut self, b: usize, consts: &mut Vec<ConstValue>) -> Result<()> {
        let mut opcode = 0u16;
        let mut oparg = 0i32;
        let n = self.blocks[b].instrs.len();
        for i in 0..n {
            let bb = &mut self.blocks[b].instrs;
            if bb[i].opcode == op::LOAD_CONST {
                let c = get_const_value(bb[i].opcode, bb[i].oparg, consts)?;
                maybe_make_load_smallint(&mut bb[i], &c);
            }
            let inst = bb[i];
            let is_copy_of_load_const =
                opcode == op::LOAD_CONST && inst.opcode == op::COPY && inst.oparg == 1;
            if !is_copy_of_load_const {
                opcode = inst.opcode;
                oparg = inst.oparg;
            }
            if opcode != op::LOAD_CONST && opcode != op::LOAD_SMALL_INT {
                continue;
            }
            let nextop = if i + 1 < n { bb[i + 1].opcode } else { 0 };
            match nextop {
                op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE | op::JUMP_IF_FALSE | op::JUMP_IF_TRUE => {
                    let cnt = get_const_value(opcode, oparg, consts)?;
                    let is_true = const_fold::is_true(&cnt);
                    if matches!(nextop, op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE) {
                        bb[i].set_op0(op::NOP);
                    }
                    let jump_if_true = nextop == op::POP_JUMP_IF_TRUE || nextop == op::JUMP_IF_TRUE;
                    if is_true == jump_if_true {
                        bb[i + 1].opcode = op::JUMP;
                    } else {
                        bb[i + 1].set_op0(op::NOP);
                    }
                }
                op::IS_OP => {
                    let cnt = get_const_value(opcode, oparg, consts)?;
                    if !cnt.is_none() || n <= i + 2 {
                        continue;
                    }
                    let mut jump_i = i + 2;
                    if bb[jump_i].opcode == op::TO_BOOL {
                        bb[jump_i].set_op0(op::NOP);
                        if n <= i + 3 {
                            continue;
                        }
                        jump_i = i + 3;
                    }
                    let mut invert = bb[i + 1].oparg != 0;
                    if bb[jump_i].opcode == op::POP_JUMP_IF_FALSE {
                        invert = !invert;
                    } else if bb[jump_i].opcode != op::POP_JUMP_IF_TRUE {
                        continue;
                    }
                    bb[i].set_op0(op::NOP);
                    bb[i + 1].set_op0(op::NOP);
                    bb[jump_i].opcode =
                        if invert { op::POP_JUMP_IF_NOT_NONE } else { op::POP_JUMP_IF_NONE };
                }
                op::TO_BOOL => {
                    let cnt = get_const_value(opcode, oparg, consts)?;
                    let is_true = const_fold::is_true(&cnt);
                    let index = add_const(ConstValue::Scalar(Constant::Bool(is_true)), consts)?;
                    let bb = &mut self.blocks[b].instrs;
                    bb[i].set_op0(op::NOP);
                    bb[i + 1].set_op1(op::LOAD_CONST, index);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `optimize_basic_block`: peephole rewrites and constant folding.
    fn optimize_basic_block(&mut self, b: usize, consts: &mut Vec<ConstValue>) -> Result<()> {
        let nop = CfgInstr::new(op::NOP, 0, NO_LOCATION);
        let mut i: isize = 0;
        while (i as usize) < self.blocks[b].instrs.len() {
            let iu = i as usize;
            let inst = self.blocks[b].instrs[iu];
            let (opcode, oparg) = (inst.opcode, inst.oparg);
            let target = if has_target(opcode) {
                inst.target.and_then(|t| self.blocks[t].instrs.first().copied()).unwrap_or(nop)
            } else {
                nop
            };
            let n = self.blocks[b].instrs.len();
            let nextop = if iu + 1 < n { self.blocks[b].instrs[iu + 1].opcode } else { 0 };
            let bb = &mut self.blocks[b].instrs;
            match opcode {
                op::BUILD_TUPLE => {
                    if nextop == op::UNPACK_SEQUENCE && oparg == bb[iu + 1].oparg {
                        match oparg {
                            1 => {
                                bb[iu].set_op0(op::NOP);
                                bb[iu + 1].set_op0(op::NOP);
                                i += 1;
                                continue;
                            }
                            2 | 3 => {
                                bb[iu].set_op0(op::NOP);
                                bb[iu + 1].opcode = op::SWAP;
                                i += 1;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    fold_tuple_of_constants(bb, iu, consts)?;
                }
                op::BUILD_LIST | op::BUILD_SET => {
                    optimize_lists_and_sets(bb, iu, nextop, consts)?;
                }
                op::POP_JUMP_IF_NOT_NONE | op::POP_JUMP_IF_NONE | op::POP_JUMP_IF_FALSE
                | op::POP_JUMP_IF_TRUE => {
                    if target.opcode == op::JUMP {
                        i -= self.jump_thread(b, iu, target, opcode)? as isize;
                    }
                }
                op::JUMP_IF_FALSE | op::JUMP_IF_TRUE => {
                    let same = opcode;
                    let other = if opcode == op::JUMP_IF_FALSE { op::JUMP_IF_TRUE } else { op::JUMP_IF_FALSE };
                    if target.opcode == op::JUMP || target.opcode == same {
                        i -= self.jump_thread(b, iu, target, same)? as isize;
                        i += 1;
                        continue;
                    } else if target.opcode == other {
                        let t = inst.target.ok_or_else(no_target)?;
                        self.blocks[b].instrs[iu].target = self.blocks[t].next;
                        continue;
                    }
                }
                op::JUMP | op::JUMP_NO_INTERRUPT => {
                    if target.opcode == op::JUMP {
                        i -= self.jump_thread(b, iu, target, op::JUMP)? as isize;
                        i += 1;
                        continue;
                    } else if target.opcode == op::JUMP_NO_INTERRUPT {
                        i -= self.jump_thread(b, iu, target, opcode)? as isize;
                        i += 1;
                        continue;
                    }
                }
                op::STORE_FAST => {
                    if opcode == nextop && oparg == bb[iu + 1].oparg && bb[iu].loc.lineno == bb[iu + 1].loc.lineno {
                        bb[iu].opcode = op::POP_TOP;
                        bb[iu].oparg = 0;
                    }
                }
                op::SWAP => {
                    if oparg == 1 {
                        bb[iu].set_op0(op::NOP);
                    }
                }
                op::LOAD_GLOBAL => {
                    if nextop == op::PUSH_NULL && (oparg & 1) == 0 {
                        bb[iu].set_op1(op::LOAD_GLOBAL, oparg | 1);
                        bb[iu + 1].set_op0(op::NOP);
                    }
                }
                op::COMPARE_OP => {
                    if nextop == op::TO_BOOL {
                        bb[iu].set_op0(op::NOP);
                        bb[iu + 1].set_op1(op::COMPARE_OP, oparg | 16);
                        i += 1;
                        continue;
                    }
                }
                op::CONTAINS_OP | op::IS_OP => {
                    if nextop == op::TO_BOOL {
                        bb[iu].set_op0(op::NOP);
                        bb[iu + 1].set_op1(opcode, oparg);
                        i += 1;
                        continue;
                    }
                    if nextop == op::UNARY_NOT {
                        bb[iu].set_op0(op::NOP);
                        bb[iu + 1].set_op1(opcode, oparg ^ 1);
                        i += 1;
                        continue;
                    }
                }
                op::TO_BOOL => {
                    if nextop == op::TO_BOOL {
                        bb[iu].set_op0(op::NOP);
                        i += 1;
                        continue;
                    }
                }
                op::UNARY_NOT | op::UNARY_INVERT | op::UNARY_NEGATIVE => {
                    if opcode == op::UNARY_NOT {
                        if nextop == op::TO_BOOL {
                            bb[iu].set_op0(op::NOP);
                            bb[iu + 1].set_op0(op::UNARY_NOT);
                            i += 1;
                            continue;
                        }
                        if nextop == op::UNARY_NOT {
                            bb[iu].set_op0(op::NOP);
                            bb[iu + 1].set_op0(op::NOP);
                            i += 1;
                            continue;
                        }
                    }
                    fold_const_unaryop(bb, iu, consts)?;
                }
                op::CALL_INTRINSIC_1 => {
                    if oparg == INTRINSIC_LIST_TO_TUPLE {
                        fold_constant_seq_into_load_const(bb, iu, consts)?;
                        // Not folded: iterate over the list itself.
                        if bb[iu].opcode == op::CALL_INTRINSIC_1 && nextop == op::GET_ITER {
                            bb[iu].set_op0(op::NOP);
                        }
                    } else if oparg == INTRINSIC_UNARY_POSITIVE {
                        fold_const_unaryop(bb, iu, consts)?;
                    }
                }
                op::LIST_APPEND | op::SET_ADD => {
                    if oparg == 1 && (nextop == op::GET_ITER || nextop == op::CONTAINS_OP) {
                        fold_constant_seq_into_load_const(bb, iu, consts)?;
                    }
                }
                op::BINARY_OP => {
                    fold_const_binop(bb, iu, consts)?;
                }
                _ => {}
            }
            i += 1;
        }
        let bb = &mut self.blocks[b].instrs;
        let mut i = 0;
        while i < bb.len() {
            if bb[i].opcode == op::SWAP {
                swaptimize(bb, &mut i);
                apply_static_swaps(bb, i);
            }
            i += 1;
        }
        Ok(())
    }

    /// `remove_redundant_nops_and_jumps`.
    fn remove_redundant_nops_and_jumps(&mut self) -> Result<()> {
        loop {
            let removed_nops = self.remove_redundant_nops();
            let removed_jumps = self.remove_redundant_jumps()?;
            if removed_nops + removed_jumps == 0 {
                return Ok(());
            }
        }
    }

    /// `optimize_cfg`.
    fn optimize_cfg(&mut self, consts: &mut Vec<ConstValue>) -> Result<()> {
        self.check_cfg()?;
        self.inline_small_or_no_lineno_blocks();
        self.remove_unreachable();
        self.resolve_line_numbers();
        for b in self.order() {
            self.block_optimize_load_const(b, consts)?;
        }
        for b in self.order() {
            self.optimize_basic_block(b, consts)?;
        }
        self.remove_redundant_nops_and_pairs();
        self.remove_unreachable();
        self.remove_redundant_nops_and_jumps()
    }

    /// `insert_superinstructions`.
    fn insert_superinstructions(&mut self) {
        for b in self.order() {
            let bb = &mut self.blocks[b].instrs;
            for i in 0..bb.len() {
                let nextop = if i + 1 < bb.len() { bb[i + 1].opcode } else { 0 };
                let sup = match (bb[i].opcode, nextop) {
                    (op::LOAD_FAST, op::LOAD_FAST) => op::LOAD_FAST_LOAD_FAST,
                    (op::STORE_FAST, op::LOAD_FAST) => op::STORE_FAST_LOAD_FAST,
                    (op::STORE_FAST, op::STORE_FAST) => op::STORE_FAST_STORE_FAST,
                    _ => continue,
                };
                // make_super_instruction
                let (l1, l2) = (bb[i].loc.lineno, bb[i + 1].loc.lineno);
                if l1 >= 0 && l2 >= 0 && l1 != l2 {
                    continue;
                }
                if bb[i].oparg >= 16 || bb[i + 1].oparg >= 16 {
                    continue;
                }
                let arg = (bb[i].oparg << 4) | bb[i + 1].oparg;
                bb[i].set_op1(sup, arg);
                bb[i + 1].set_op0(op::NOP);
            }
        }
        self.remove_redundant_nops();
    }

    /// `optimize_load_fast`: turn `LOAD_FAST{_LOAD_FAST}` into the
    /// `_BORROW` forms when an abstract interpretation of each block shows the
    /// loaded reference is consumed before its local can be killed and is
    /// never stored into a local.
    fn optimize_load_fast(&mut self) {
        const NOT_LOCAL: i32 = -1;
        const DUMMY: i32 = -1;
        const SUPPORT_KILLED: u8 = 1;
        const STORED_AS_LOCAL: u8 = 2;
        const REF_UNCONSUMED: u8 = 4;
        #[derive(Clone, Copy)]
        struct Ref {
            instr: i32,
            local: i32,
        }
        fn kill_local(flags: &mut [u8], refs: &[Ref], local: i32) {
            for r in refs {
                if r.local == local && r.instr >= 0 {
                    flags[r.instr as usize] |= SUPPORT_KILLED;
                }
            }
        }
        fn store_local(flags: &mut [u8], refs: &[Ref], local: i32, r: Ref) {
            kill_local(flags, refs, local);
            if r.instr != DUMMY {
                flags[r.instr as usize] |= STORED_AS_LOCAL;
            }
        }
        fn pop(refs: &mut Vec<Ref>) -> Ref {
            refs.pop().unwrap_or(Ref { instr: DUMMY, local: NOT_LOCAL })
        }
        let max_instrs = self.order().iter().map(|&b| self.blocks[b].instrs.len()).max().unwrap_or(0);
        let mut flags = vec![0u8; max_instrs];
        self.reset_visited();
        let entry = self.entry;
        let mut sp = vec![entry];
        self.blocks[entry].startdepth = 0;
        self.blocks[entry].visited = true;
        let mut refs: Vec<Ref> = Vec::new();
        while let Some(block) = sp.pop() {
            let n = self.blocks[block].instrs.len();
            flags[..n].fill(0);
            refs.clear();
            for _ in 0..self.blocks[block].startdepth.max(0) {
                refs.push(Ref { instr: DUMMY, local: NOT_LOCAL });
            }
            let mut push_block = |blocks: &mut Vec<Block>, target: Option<usize>| {
                if let Some(t) = target {
                    if !blocks[t].visited {
                        blocks[t].visited = true;
                        sp.push(t);
                    }
                }
            };
            for i in 0..n {
                let instr = self.blocks[block].instrs[i];
                let (opcode, oparg) = (instr.opcode, instr.oparg);
                let ii = i as i32;
                match opcode {
                    op::LOAD_FAST => refs.push(Ref { instr: ii, local: oparg }),
                    op::LOAD_FAST_AND_CLEAR => {
                        kill_local(&mut flags, &refs, oparg);
                        refs.push(Ref { instr: ii, local: oparg });
                    }
                    op::DELETE_FAST => kill_local(&mut flags, &refs, oparg),
                    op::LOAD_FAST_LOAD_FAST => {
                        refs.push(Ref { instr: ii, local: oparg >> 4 });
                        refs.push(Ref { instr: ii, local: oparg & 15 });
                    }
                    op::STORE_FAST => {
                        let r = pop(&mut refs);
                        store_local(&mut flags, &refs, oparg, r);
                    }
                    op::STORE_FAST_LOAD_FAST => {
                        let r = pop(&mut refs);
                        store_local(&mut flags, &refs, oparg >> 4, r);
                        refs.push(Ref { instr: ii, local: oparg & 15 });
                    }
                    op::STORE_FAST_STORE_FAST => {
                        let r = pop(&mut refs);
                        store_local(&mut flags, &refs, oparg >> 4, r);
                        let r = pop(&mut refs);
                        store_local(&mut flags, &refs, oparg & 15, r);
                    }
                    op::COPY => {
                        let idx = refs.len() as isize - oparg as isize;
                        let r = usize::try_from(idx)
                            .ok()
                            .and_then(|k| refs.get(k).copied())
                            .unwrap_or(Ref { instr: DUMMY, local: NOT_LOCAL });
                        refs.push(r);
                    }
                    op::SWAP => {
                        let len = refs.len();
                        if oparg >= 1 && (oparg as usize) <= len {
                            refs.swap(len - oparg as usize, len - 1);
                        }
                    }
                    op::GET_ANEXT | op::GET_LEN | op::IMPORT_FROM | op::MATCH_KEYS
                    | op::MATCH_MAPPING | op::MATCH_SEQUENCE | op::WITH_EXCEPT_START => {
                        let net = op::num_pushed(opcode, oparg).unwrap_or(0)
                            - op::num_popped(opcode, oparg).unwrap_or(0);
                        // CPython pushes the inner loop counter as the
                        // producing instruction here; the results depend on it.
                        for j in 0..net {
                            refs.push(Ref { instr: j, local: NOT_LOCAL });
                        }
                    }
                    op::DICT_MERGE | op::DICT_UPDATE | op::LIST_APPEND | op::LIST_EXTEND
                    | op::MAP_ADD | op::RERAISE | op::SET_ADD | op::SET_UPDATE => {
                        let net = op::num_popped(opcode, oparg).unwrap_or(0)
                            - op::num_pushed(opcode, oparg).unwrap_or(0);
                        for _ in 0..net {
                            pop(&mut refs);
                        }
                    }
                    op::CHECK_EXC_MATCH => {
                        pop(&mut refs);
                        refs.push(Ref { instr: ii, local: NOT_LOCAL });
                    }
                    op::FOR_ITER => {
                        push_block(&mut self.blocks, instr.target);
                        refs.push(Ref { instr: ii, local: NOT_LOCAL });
                    }
                    op::LOAD_ATTR | op::LOAD_SUPER_ATTR => {
                        let slf = pop(&mut refs);
                        if opcode == op::LOAD_SUPER_ATTR {
                            pop(&mut refs);
                            pop(&mut refs);
                        }
                        refs.push(Ref { instr: ii, local: NOT_LOCAL });
                        if oparg & 1 != 0 {
                            refs.push(slf);
                        }
                    }
                    op::LOAD_SPECIAL => {
                        // The owner stays on the stack as `self`.
                        let tos = pop(&mut refs);
                        refs.push(Ref { instr: ii, local: NOT_LOCAL });
                        refs.push(tos);
                    }
                    op::FORMAT_SIMPLE | op::GET_YIELD_FROM_ITER => {
                        // These may produce their operand itself.
                        let tos = pop(&mut refs);
                        refs.push(tos);
                    }
                    op::SEND => {
                        push_block(&mut self.blocks, instr.target);
                        pop(&mut refs);
                        refs.push(Ref { instr: ii, local: NOT_LOCAL });
                    }
                    _ => {
                        let num_popped = op::num_popped(opcode, oparg).unwrap_or(0);
                        let num_pushed = op::num_pushed(opcode, oparg).unwrap_or(0);
                        if has_target(opcode) {
                            push_block(&mut self.blocks, instr.target);
                        }
                        if !is_block_push(opcode) {
                            for _ in 0..num_popped {
                                pop(&mut refs);
                            }
                            for _ in 0..num_pushed {
                                refs.push(Ref { instr: ii, local: NOT_LOCAL });
                            }
                        }
                    }
                }
            }
            let blk = &self.blocks[block];
            if let (Some(term), Some(next)) = (blk.last(), blk.next) {
                if !(is_unconditional_jump(term.opcode) || is_scope_exit(term.opcode)) {
                    push_block(&mut self.blocks, Some(next));
                }
            }
            for r in &refs {
                if r.instr != -1 {
                    flags[r.instr as usize] |= REF_UNCONSUMED;
                }
            }
            for i in 0..n {
                if flags[i] == 0 {
                    let instr = &mut self.blocks[block].instrs[i];
                    match instr.opcode {
                        op::LOAD_FAST => instr.opcode = op::LOAD_FAST_BORROW,
                        op::LOAD_FAST_LOAD_FAST => instr.opcode = op::LOAD_FAST_BORROW_LOAD_FAST_BORROW,
                        _ => {}
                    }
                }
            }
        }
    }

    /// `scan_block_for_locals`.
    fn scan_block_for_locals(&mut self, b: usize, sp: &mut Vec<usize>) {
        let mut unsafe_mask = self.blocks[b].unsafe_locals_mask;
        for i in 0..self.blocks[b].instrs.len() {
            let instr = self.blocks[b].instrs[i];
            if let Some(e) = instr.except {
                self.maybe_push(e, unsafe_mask, sp);
            }
            if !(0..64).contains(&instr.oparg) {
                continue;
            }
            let bit = 1u64 << instr.oparg;
            match instr.opcode {
                op::DELETE_FAST | op::LOAD_FAST_AND_CLEAR | op::STORE_FAST_MAYBE_NULL => unsafe_mask |= bit,
                op::STORE_FAST | op::LOAD_FAST_CHECK => unsafe_mask &= !bit,
                op::LOAD_FAST => {
                    if unsafe_mask & bit != 0 {
                        self.blocks[b].instrs[i].opcode = op::LOAD_FAST_CHECK;
                    }
                    unsafe_mask &= !bit;
                }
                _ => {}
            }
        }
        if let Some(next) = self.blocks[b].next {
            if self.blocks[b].has_fallthrough() {
                self.maybe_push(next, unsafe_mask, sp);
            }
        }
        if let Some(last) = self.blocks[b].last() {
            if has_jump(last.opcode) {
                if let Some(t) = last.target {
                    self.maybe_push(t, unsafe_mask, sp);
                }
            }
        }
    }

    /// `maybe_push`.
    fn maybe_push(&mut self, b: usize, unsafe_mask: u64, sp: &mut Vec<usize>) {
        let both = self.blocks[b].unsafe_locals_mask | unsafe_mask;
        if self.blocks[b].unsafe_locals_mask != both {
            self.blocks[b].unsafe_locals_mask = both;
            if !self.blocks[b].visited {
                sp.push(b);
                self.blocks[b].visited = true;
            }
        }
    }

    /// `fast_scan_many_locals`: locals past the 64th, one block at a time.
    fn fast_scan_many_locals(&mut self, nlocals: usize) {
        let mut states = vec![0usize; nlocals.saturating_sub(64)];
        let mut blocknum = 0usize;
        for b in self.order() {
            blocknum += 1;
            for instr in &mut self.blocks[b].instrs {
                let arg = instr.oparg;
                if arg < 64 {
                    continue;
                }
                let Some(state) = states.get_mut(arg as usize - 64) else { continue };
                match instr.opcode {
                    op::DELETE_FAST | op::LOAD_FAST_AND_CLEAR | op::STORE_FAST_MAYBE_NULL => {
                        *state = blocknum - 1
                    }
                    op::STORE_FAST => *state = blocknum,
                    op::LOAD_FAST => {
                        if *state != blocknum {
                            instr.opcode = op::LOAD_FAST_CHECK;
                        }
                        *state = blocknum;
                    }
                    _ => {}
                }
            }
        }
    }

    /// `add_checks_for_loads_of_uninitialized_variables`.
    fn add_checks_for_loads_of_uninitialized_variables(&mut self, nlocals: usize, nparams: usize) {
        if nlocals == 0 {
            return;
        }
        let mut nlocals = nlocals;
        if nlocals > 64 {
            self.fast_scan_many_locals(nlocals);
            nlocals = 64;
        }
        self.reset_visited();
        let mut sp = Vec::new();
        let mut start_mask = 0u64;
        for i in nparams..nlocals {
            start_mask |= 1u64 << i;
        }
        let entry = self.entry;
        self.maybe_push(entry, start_mask, &mut sp);
        for b in self.order() {
            self.scan_block_for_locals(b, &mut sp);
        }
        while let Some(b) = sp.pop() {
            self.blocks[b].visited = false;
            self.scan_block_for_locals(b, &mut sp);
        }
    }

    /// `mark_warm`.
    fn mark_warm(&mut self) {
        self.reset_visited();
        let entry = self.entry;
        let mut sp = vec![entry];
        self.blocks[entry].visited = true;
        while let Some(b) = sp.pop() {
            self.blocks[b].warm = true;
            if let Some(next) = self.blocks[b].next {
                if self.blocks[b].has_fallthrough() && !self.blocks[next].visited {
                    sp.push(next);
                    self.blocks[next].visited = true;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                if has_jump(instr.opcode) {
                    if let Some(t) = instr.target {
                        if !self.blocks[t].visited {
                            sp.push(t);
                            self.blocks[t].visited = true;
                        }
                    }
                }
            }
        }
    }

    /// `mark_cold`: blocks reachable only from exception handlers.
    fn mark_cold(&mut self) {
        self.mark_warm();
        self.reset_visited();
        let mut sp = Vec::new();
        for b in self.order() {
            if self.blocks[b].except_handler {
                sp.push(b);
                self.blocks[b].visited = true;
            }
        }
        while let Some(b) = sp.pop() {
            self.blocks[b].cold = true;
            if let Some(next) = self.blocks[b].next {
                if self.blocks[b].has_fallthrough() && !self.blocks[next].warm && !self.blocks[next].visited {
                    sp.push(next);
                    self.blocks[next].visited = true;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                if has_jump(instr.opcode) {
                    if let Some(t) = instr.target {
                        if !self.blocks[t].warm && !self.blocks[t].visited {
                            sp.push(t);
                            self.blocks[t].visited = true;
                        }
                    }
                }
            }
        }
    }

    /// `push_cold_blocks_to_end`.
    fn push_cold_blocks_to_end(&mut self) -> Result<()> {
        let entry = self.entry;
        if self.blocks[entry].next.is_none() {
            return Ok(());
        }
        self.mark_cold();
        let mut next_lbl = self.max_label() + 1;
        for b in self.order() {
            let Some(next) = self.blocks[b].next else { continue };
            if self.blocks[b].cold && self.blocks[b].has_fallthrough() && self.blocks[next].warm {
                let ej = self.new_block();
                if self.blocks[next].label < 0 {
                    self.blocks[next].label = next_lbl;
                    next_lbl += 1;
                }
                let mut j = CfgInstr::new(op::JUMP_NO_INTERRUPT, self.blocks[next].label, NO_LOCATION);
                j.target = Some(next);
                self.blocks[ej].push_stale(j);
                self.blocks[ej].cold = true;
                self.blocks[ej].next = Some(next);
                self.blocks[ej].predecessors = 1;
                self.blocks[b].next = Some(ej);
            }
        }
        let mut cold_blocks: Option<usize> = None;
        let mut cold_tail: Option<usize> = None;
        let mut b = entry;
        while self.blocks[b].next.is_some() {
            while let Some(n) = self.blocks[b].next {
                if self.blocks[n].cold {
                    break;
                }
                b = n;
            }
            let Some(start) = self.blocks[b].next else { break };
            let mut end = start;
            while let Some(n) = self.blocks[end].next {
                if !self.blocks[n].cold {
                    break;
                }
                end = n;
            }
            match cold_tail {
                None => cold_blocks = Some(start),
                Some(t) => self.blocks[t].next = Some(start),
            }
            cold_tail = Some(end);
            self.blocks[b].next = self.blocks[end].next;
            self.blocks[end].next = None;
        }
        self.blocks[b].next = cold_blocks;
        if cold_blocks.is_some() {
            self.remove_redundant_nops_and_jumps()?;
        }
        Ok(())
    }

    /// `convert_pseudo_conditional_jumps`: `JUMP_IF_X` becomes
    /// `COPY 1; TO_BOOL; POP_JUMP_IF_X`.
    fn convert_pseudo_conditional_jumps(&mut self) {
        for b in self.order() {
            let blk = &mut self.blocks[b];
            let mut i = 0;
            while i < blk.instrs.len() {
                let opc = blk.instrs[i].opcode;
                if opc == op::JUMP_IF_FALSE || opc == op::JUMP_IF_TRUE {
                    blk.instrs[i].opcode =
                        if opc == op::JUMP_IF_FALSE { op::POP_JUMP_IF_FALSE } else { op::POP_JUMP_IF_TRUE };
                    // The two new instructions are covered by the jump's handler.
                    let (loc, except) = (blk.instrs[i].loc, blk.instrs[i].except);
                    blk.insert_full(i, CfgInstr { except, ..CfgInstr::new(op::COPY, 1, loc) });
                    blk.insert_full(i + 1, CfgInstr { except, ..CfgInstr::new(op::TO_BOOL, 0, loc) });
                    i += 2;
                }
                i += 1;
            }
        }
    }

    /// `calculate_stackdepth`: the largest stack depth along any path.
    pub fn calculate_stackdepth(&mut self) -> Result<i32> {
        for b in self.order() {
            self.blocks[b].startdepth = i32::MIN;
        }
        fn push(blocks: &mut [Block], sp: &mut Vec<usize>, b: usize, depth: i32) -> Result<()> {
            let sd = blocks[b].startdepth;
            if !(sd < 0 || sd == depth) {
                return Err(CfgError::ValueError("Invalid CFG, inconsistent stackdepth".into()));
            }
            if sd < depth && sd < 100 {
                blocks[b].startdepth = depth;
                sp.push(b);
            }
            Ok(())
        }
        let mut maxdepth = 0;
        let mut sp = Vec::new();
        let entry = self.entry;
        push(&mut self.blocks, &mut sp, entry, 0)?;
        while let Some(b) = sp.pop() {
            let mut depth = self.blocks[b].startdepth;
            let mut next = self.blocks[b].next;
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                let invalid = || {
                    CfgError::SystemError(format!(
                        "Invalid stack effect for opcode={}, arg={}",
                        instr.opcode, instr.oparg
                    ))
                };
                let effect = stack_effect(instr.opcode, instr.oparg, false).ok_or_else(invalid)?;
                let new_depth = depth + effect;
                if new_depth < 0 {
                    return Err(CfgError::ValueError("Invalid CFG, stack underflow".into()));
                }
                maxdepth = maxdepth.max(depth);
                if has_target(instr.opcode) && instr.opcode != op::END_ASYNC_FOR {
                    let effect = stack_effect(instr.opcode, instr.oparg, true).ok_or_else(invalid)?;
                    let target_depth = depth + effect;
                    let t = instr.target.ok_or_else(no_target)?;
                    push(&mut self.blocks, &mut sp, t, target_depth)?;
                }
                depth = new_depth;
                if is_unconditional_jump(instr.opcode) || is_scope_exit(instr.opcode) {
                    next = None;
                    break;
                }
            }
            if let Some(n) = next {
                push(&mut self.blocks, &mut sp, n, depth)?;
            }
        }
        Ok(maxdepth)
    }

    /// `convert_pseudo_ops`.
    fn convert_pseudo_ops(&mut self) -> Result<()> {
        for b in self.order() {
            for instr in &mut self.blocks[b].instrs {
                if is_block_push(instr.opcode) {
                    instr.set_op0(op::NOP);
                } else if instr.opcode == op::LOAD_CLOSURE {
                    instr.opcode = op::LOAD_FAST;
                } else if instr.opcode == op::STORE_FAST_MAYBE_NULL {
                    instr.opcode = op::STORE_FAST;
                }
            }
        }
        self.remove_redundant_nops_and_jumps()
    }

    /// `is_exit_or_eval_check_without_lineno`.
    fn is_exit_or_eval_check_without_lineno(&self, b: usize) -> bool {
        let blk = &self.blocks[b];
        (blk.exits_scope() || blk.has_eval_break()) && blk.has_no_lineno()
    }

    /// `duplicate_exits_without_lineno`: give each line-less exit block a
    /// single predecessor so that it can inherit that one's line.
    fn duplicate_exits_without_lineno(&mut self) {
        let mut next_lbl = self.max_label() + 1;
        let mut b = Some(self.entry);
        while let Some(id) = b {
            if let Some(&last) = self.blocks[id].last() {
                if has_jump(last.opcode) {
                    if let Some(target) = self.next_nonempty(last.target) {
                        if self.is_exit_or_eval_check_without_lineno(target) && self.blocks[target].predecessors > 1 {
                            let nt = self.copy_block(target);
                            self.blocks[nt].instrs[0].loc = last.loc;
                            self.blocks[id].instrs.last_mut().expect("non-empty").target = Some(nt);
                            self.blocks[target].predecessors -= 1;
                            self.blocks[nt].predecessors = 1;
                            self.blocks[nt].next = self.blocks[target].next;
                            self.blocks[nt].label = next_lbl;
                            next_lbl += 1;
                            self.blocks[target].next = Some(nt);
                        }
                    }
                }
            }
            b = self.blocks[id].next;
        }
        for id in self.order() {
            let blk = &self.blocks[id];
            if let Some(next) = blk.next {
                if blk.has_fallthrough() && !blk.instrs.is_empty() && self.is_exit_or_eval_check_without_lineno(next) {
                    let loc = blk.instrs[blk.instrs.len() - 1].loc;
                    self.blocks[next].instrs[0].loc = loc;
                }
            }
        }
    }

    /// `propagate_line_numbers`.
    fn propagate_line_numbers(&mut self) {
        for b in self.order() {
            let Some(&last) = self.blocks[b].last() else { continue };
            let mut prev_location = NO_LOCATION;
            for instr in &mut self.blocks[b].instrs {
                if instr.loc.lineno == NO_LOCATION.lineno {
                    instr.loc = prev_location;
                } else {
                    prev_location = instr.loc;
                }
            }
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.blocks[b].next {
                    let nb = &mut self.blocks[next];
                    if nb.predecessors == 1 && !nb.instrs.is_empty() && nb.instrs[0].loc.lineno == NO_LOCATION.lineno {
                        nb.instrs[0].loc = prev_location;
                    }
                }
            }
            if has_jump(last.opcode) {
                if let Some(t) = last.target {
                    let tb = &mut self.blocks[t];
                    if tb.predecessors == 1 && !tb.instrs.is_empty() && tb.instrs[0].loc.lineno == NO_LOCATION.lineno {
                        tb.instrs[0].loc = prev_location;
                    }
                }
            }
        }
    }

    /// `resolve_line_numbers`.
    fn resolve_line_numbers(&mut self) {
        self.duplicate_exits_without_lineno();
        self.propagate_line_numbers();
    }

    /// `_PyCfg_OptimizeCodeUnit`: resolve targets and handlers, then run
    /// the optimization passes. `consts` is the unit's constant list, which
    /// folding extends and `remove_unused_consts` compacts.
    pub fn optimize_code_unit(&mut self, consts: &mut Vec<ConstValue>, nlocals: usize, nparams: usize) -> Result<()> {
        self.translate_jump_labels_to_targets()?;
        self.mark_except_handlers();
        self.label_exception_targets()?;
        self.optimize_cfg(consts)?;
        self.remove_unused_consts(consts);
        self.add_checks_for_loads_of_uninitialized_variables(nlocals, nparams);
        self.insert_superinstructions();
        self.push_cold_blocks_to_end()?;
        self.resolve_line_numbers();
        Ok(())
    }

    /// `remove_unused_consts`: drop constants no instruction loads (the
    /// first one, maybe a docstring, stays) and renumber the loads.
    fn remove_unused_consts(&mut self, consts: &mut Vec<ConstValue>) {
        let nconsts = consts.len();
        if nconsts == 0 {
            return;
        }
        let mut used = vec![false; nconsts];
        used[0] = true;
        let order = self.order();
        for &b in &order {
            for instr in &self.blocks[b].instrs {
                if flags(instr.opcode) & HAS_CONST_FLAG != 0 {
                    if let Some(u) = used.get_mut(instr.oparg as usize) {
                        *u = true;
                    }
                }
            }
        }
        if used.iter().all(|u| *u) {
            return;
        }
        let mut reverse = vec![-1i32; nconsts];
        let mut kept = Vec::new();
        for (i, c) in std::mem::take(consts).into_iter().enumerate() {
            if used[i] {
                reverse[i] = kept.len() as i32;
                kept.push(c);
            }
        }
        *consts = kept;
        for &b in &order {
            for instr in &mut self.blocks[b].instrs {
                if flags(instr.opcode) & HAS_CONST_FLAG != 0 {
                    if let Some(&r) = reverse.get(instr.oparg as usize) {
                        instr.oparg = r;
                    }
                }
            }
        }
    }

    /// `_PyCfg_FromInstructionSequence`: labels are the indices of the
    /// instructions that are jump targets. The `ANNOTATIONS_PLACEHOLDER`
    /// is replaced by the deferred `__annotate__` code, or dropped, and the
    /// labels after it are shifted accordingly.
    pub fn from_instruction_sequence(seq: &mut InstrSequence) -> Result<CfgBuilder> {
        seq.apply_label_map();
        let n = seq.instrs.len();
        let mut is_target = vec![false; n];
        for instr in &seq.instrs {
            if has_target(instr.opcode) {
                let t = usize::try_from(instr.oparg).ok().filter(|&t| t < n).ok_or_else(|| {
                    CfgError::SystemError(format!("jump target {} out of range", instr.oparg))
                })?;
                is_target[t] = true;
            }
        }
        let mut g = CfgBuilder::new();
        let mut offset: i32 = 0;
        for (i, instr) in seq.instrs.iter().enumerate() {
            if instr.opcode == op::ANNOTATIONS_PLACEHOLDER {
                match &seq.annotations_code {
                    Some(ann) => {
                        for a in &ann.instrs {
                            if has_target(a.opcode) {
                                return Err(CfgError::SystemError("jump in annotations code".into()));
                            }
                            g.addop(a.opcode, a.oparg, a.loc);
                        }
                        offset += ann.instrs.len() as i32 - 1;
                    }
                    None => offset -= 1,
                }
                continue;
            }
            if is_target[i] {
                g.use_label(i as i32 + offset);
            }
            let oparg = if has_target(instr.opcode) { instr.oparg + offset } else { instr.oparg };
            g.addop(instr.opcode, oparg, instr.loc);
        }
        Ok(g)
    }

    /// `_PyCfg_ToInstructionSequence`: number the blocks as labels and emit
    /// every instruction with its handler info.
    pub fn to_instruction_sequence(&mut self) -> InstrSequence {
        let order = self.order();
        for (lbl, &b) in order.iter().enumerate() {
            self.blocks[b].label = lbl as i32;
        }
        let mut seq = InstrSequence::new();
        for &b in &order {
            seq.use_label(self.blocks[b].label);
            for k in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[k];
                let oparg = if has_target(instr.opcode) {
                    instr.target.map_or(instr.oparg, |t| self.blocks[t].label)
                } else {
                    instr.oparg
                };
                seq.addop(instr.opcode, oparg, instr.loc);
                let hi = &mut seq.instrs.last_mut().expect("just added").except_handler_info;
                *hi = match instr.except {
                    Some(e) => ExceptHandlerInfo {
                        h_label: self.blocks[e].label,
                        h_startdepth: self.blocks[e].startdepth,
                        h_preserve_lasti: self.blocks[e].preserve_lasti,
                    },
                    None => ExceptHandlerInfo::default(),
                };
            }
        }
        seq.apply_label_map();
        seq
    }

    /// `_PyCfg_JumpLabelsToTargets`: for a graph that is not the output of
    /// codegen (`_PyCompile_Assemble`).
    pub fn jump_labels_to_targets(&mut self) -> Result<()> {
        self.translate_jump_labels_to_targets()?;
        self.label_exception_targets()
    }

    /// `_PyCompile_OptimizeCfg` (behind `_testinternalcapi.optimize_cfg`):
    /// optimize with `nparams = 0`, compute depths, mark borrowed loads.
    pub fn optimize_for_test(seq: &mut InstrSequence, consts: &mut Vec<ConstValue>, nlocals: usize) -> Result<InstrSequence> {
        let mut g = CfgBuilder::from_instruction_sequence(seq)?;
        g.optimize_code_unit(consts, nlocals, 0)?;
        g.calculate_stackdepth()?;
        g.optimize_load_fast();
        Ok(g.to_instruction_sequence())
    }

    /// `_PyCfg_OptimizedCfgToInstructionSequence`: lower the optimized
    /// graph. Returns the sequence, the stack depth and `nlocalsplus`.
    pub fn optimized_cfg_to_instruction_sequence(
        &mut self,
        umd: &CodeUnitMetadata,
        code_flags: i32,
    ) -> Result<(InstrSequence, i32, usize)> {
        self.convert_pseudo_conditional_jumps();
        let stackdepth = self.calculate_stackdepth()?;
        let nlocalsplus = self.prepare_localsplus(umd, code_flags);
        self.convert_pseudo_ops()?;
        self.normalize_jumps()?;
        self.optimize_load_fast();
        Ok((self.to_instruction_sequence(), stackdepth, nlocalsplus))
    }

    /// `prepare_localsplus`: prefix instructions, then cell offsets.
    fn prepare_localsplus(&mut self, umd: &CodeUnitMetadata, code_flags: i32) -> usize {
        let nlocals = umd.varnames.len();
        let ncellvars = umd.cellvars.len();
        let nfreevars = umd.freevars.len();
        let mut fixed = build_cellfixedoffsets(umd);
        self.insert_prefix_instructions(umd, &fixed, nfreevars, code_flags);
        let numdropped = self.fix_cell_offsets(umd, &mut fixed);
        nlocals + ncellvars + nfreevars - numdropped
    }

    /// `insert_prefix_instructions`: generator prefix, `MAKE_CELL`s in
    /// localsplus order, `COPY_FREE_VARS`.
    fn insert_prefix_instructions(&mut self, umd: &CodeUnitMetadata, fixed: &[usize], nfreevars: usize, code_flags: i32) {
        let entry = self.entry;
        if code_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
            let l = umd.firstlineno;
            let loc = Location { lineno: l, end_lineno: l, col_offset: -1, end_col_offset: -1 };
            let blk = &mut self.blocks[entry];
            blk.insert_full(0, CfgInstr::new(op::RETURN_GENERATOR, 0, loc));
            blk.insert_full(1, CfgInstr::new(op::POP_TOP, 0, loc));
        }
        let ncellvars = umd.cellvars.len();
        if ncellvars > 0 {
            let nvars = ncellvars + umd.varnames.len();
            let mut sorted = vec![0usize; nvars];
            for (i, &f) in fixed.iter().take(ncellvars).enumerate() {
                sorted[f] = i + 1;
            }
            let mut ncellsused = 0;
            for &s in &sorted {
                if ncellsused >= ncellvars {
                    break;
                }
                if s == 0 {
                    continue;
                }
                let mk = CfgInstr::new(op::MAKE_CELL, (s - 1) as i32, NO_LOCATION);
                self.blocks[entry].insert_full(ncellsused, mk);
                ncellsused += 1;
            }
        }
        if nfreevars > 0 {
            let cf = CfgInstr::new(op::COPY_FREE_VARS, nfreevars as i32, NO_LOCATION);
            self.blocks[entry].insert_full(0, cf);
        }
    }

    /// `fix_cell_offsets`: returns the number of cells that are arguments.
    fn fix_cell_offsets(&mut self, umd: &CodeUnitMetadata, fixedmap: &mut [usize]) -> usize {
        let nlocals = umd.varnames.len();
        let mut numdropped = 0;
        for (i, f) in fixedmap.iter_mut().enumerate() {
            if *f == i + nlocals {
                *f -= numdropped;
            } else {
                numdropped += 1;
            }
        }
        for b in self.order() {
            for inst in &mut self.blocks[b].instrs {
                if matches!(
                    inst.opcode,
                    op::MAKE_CELL | op::LOAD_CLOSURE | op::LOAD_DEREF | op::STORE_DEREF | op::DELETE_DEREF
                        | op::LOAD_FROM_DICT_OR_DEREF
                ) {
                    if let Some(&f) = fixedmap.get(inst.oparg as usize) {
                        inst.oparg = f as i32;
                    }
                }
            }
        }
        numdropped
    }
}

fn no_target() -> CfgError {
    CfgError::SystemError("jump without a target".into())
}

fn bad_stack() -> CfgError {
    CfgError::SystemError("no exception stack for a block".into())
}

/// `build_cellfixedoffsets`: each cell's localsplus offset; a cell that
/// is also an argument lives in the argument's slot.
fn build_cellfixedoffsets(umd: &CodeUnitMetadata) -> Vec<usize> {
    let nlocals = umd.varnames.len();
    let mut fixed: Vec<usize> = (0..umd.cellvars.len() + umd.freevars.len()).map(|i| nlocals + i).collect();
    for (oldindex, name) in umd.cellvars.iter().enumerate() {
        if let Some(argoffset) = umd.varnames.iter().position(|v| v == name) {
            fixed[oldindex] = argoffset;
        }
    }
    fixed
}

/// `get_const_value`.
fn get_const_value(opcode: u16, oparg: i32, consts: &[ConstValue]) -> Result<ConstValue> {
    if opcode == op::LOAD_SMALL_INT {
        return Ok(ConstValue::int(oparg));
    }
    usize::try_from(oparg)
        .ok()
        .and_then(|i| consts.get(i))
        .cloned()
        .ok_or_else(|| CfgError::SystemError("Internal error: failed to get value of a constant".into()))
}

/// `add_const`: the index of an equal constant (by constant key), or of the
/// newly appended one.
fn add_const(newconst: ConstValue, consts: &mut Vec<ConstValue>) -> Result<i32> {
    if let Some(i) = consts.iter().position(|c| c.same_key(&newconst)) {
        return Ok(i as i32);
    }
    if consts.len() >= i32::MAX as usize - 1 {
        return Err(CfgError::OverflowError("too many constants".into()));
    }
    consts.push(newconst);
    Ok(consts.len() as i32 - 1)
}

/// `maybe_instr_make_load_smallint`: an exact int in `0..256` becomes
/// `LOAD_SMALL_INT`.
fn maybe_make_load_smallint(instr: &mut CfgInstr, c: &ConstValue) -> bool {
    if let Some(v) = c.as_int() {
        if let Ok(v) = i32::try_from(v) {
            if (0..256).contains(&v) {
                instr.set_op1(op::LOAD_SMALL_INT, v);
                return true;
            }
        }
    }
    false
}

/// `instr_make_load_const`.
fn instr_make_load_const(instr: &mut CfgInstr, newconst: ConstValue, consts: &mut Vec<ConstValue>) -> Result<()> {
    if maybe_make_load_smallint(instr, &newconst) {
        return Ok(());
    }
    let oparg = add_const(newconst, consts)?;
    instr.set_op1(op::LOAD_CONST, oparg);
    Ok(())
}

/// `get_const_loading_instrs`: the indices of `size` constant loads ending
/// at `start`, NOPs skipped.
fn get_const_loading_instrs(bb: &[CfgInstr], start: isize, size: usize) -> Option<Vec<usize>> {
    let mut out = vec![0usize; size];
    let mut remaining = size;
    let mut pos = start;
    while pos >= 0 && remaining > 0 {
        let instr = &bb[pos as usize];
        if instr.opcode != op::NOP {
            if !loads_const(instr.opcode) {
                return None;
            }
            remaining -= 1;
            out[remaining] = pos as usize;
        }
        pos -= 1;
    }
    (remaining == 0).then_some(out)
}

/// `nop_out`.
fn nop_out(bb: &mut [CfgInstr], idxs: &[usize]) {
    for &i in idxs {
        bb[i].set_op0(op::NOP);
        bb[i].loc = NO_LOCATION;
    }
}

fn const_values(bb: &[CfgInstr], idxs: &[usize], consts: &[ConstValue]) -> Result<Vec<ConstValue>> {
    idxs.iter().map(|&i| get_const_value(bb[i].opcode, bb[i].oparg, consts)).collect()
}

/// `fold_tuple_of_constants`.
fn fold_tuple_of_constants(bb: &mut [CfgInstr], i: usize, consts: &mut Vec<ConstValue>) -> Result<()> {
    let seq_size = bb[i].oparg;
    if seq_size > STACK_USE_GUIDELINE {
        return Ok(());
    }
    let Some(idxs) = get_const_loading_instrs(bb, i as isize - 1, seq_size as usize) else {
        return Ok(());
    };
    let items = const_values(bb, &idxs, consts)?;
    nop_out(bb, &idxs);
    instr_make_load_const(&mut bb[i], ConstValue::Tuple(items), consts)
}

/// `fold_constant_seq_into_load_const` (3.14.x, gh-148817): a display built
/// element by element (`BUILD_LIST 0` or `BUILD_SET 0`, then `LOAD_CONST c;
/// LIST_APPEND 1` or `SET_ADD 1` per element, as codegen emits displays longer
/// than the stack guideline) becomes one `LOAD_CONST` of a tuple or frozenset.
/// `bb[i]` is either the `LIST_TO_TUPLE` intrinsic ending a tuple display, or
/// the last `LIST_APPEND`/`SET_ADD` of a display that is iterated or tested
/// with `in`; that instruction becomes the `LOAD_CONST`.
fn fold_constant_seq_into_load_const(bb: &mut [CfgInstr], i: usize, consts: &mut Vec<ConstValue>) -> Result<()> {
    let ends_with_intrinsic = bb[i].opcode == op::CALL_INTRINSIC_1;
    let append_op = if ends_with_intrinsic { op::LIST_APPEND } else { bb[i].opcode };
    let build_op = if append_op == op::LIST_APPEND { op::BUILD_LIST } else { op::BUILD_SET };
    // Walking back, appends and constant loads alternate; after the
    // intrinsic an append comes first, after an append a load.
    let mut expect_append = ends_with_intrinsic;
    let mut pos = i as isize - 1;
    while pos >= 0 {
        let instr = bb[pos as usize];
        if instr.opcode == op::NOP {
            pos -= 1;
            continue;
        }
        if instr.opcode == build_op && instr.oparg == 0 {
            if !expect_append {
                return Ok(());
            }
            let last = if ends_with_intrinsic { i - 1 } else { i };
            let mut items = Vec::new();
            for newpos in (pos as usize..=last).rev() {
                let ins = bb[newpos];
                if ins.opcode == op::NOP {
                    continue;
                }
                if loads_const(ins.opcode) {
                    items.push(get_const_value(ins.opcode, ins.oparg, consts)?);
                }
                nop_out(bb, &[newpos]);
            }
            items.reverse();
            let newconst = if build_op == op::BUILD_SET { frozenset_of(items) } else { ConstValue::Tuple(items) };
            return instr_make_load_const(&mut bb[i], newconst, consts);
        }
        if expect_append {
            if instr.opcode != append_op || instr.oparg != 1 {
                return Ok(());
            }
        } else if !loads_const(instr.opcode) {
            return Ok(());
        }
        expect_append = !expect_append;
        pos -= 1;
    }
    Ok(())
}

/// `PyFrozenSet_New` of a tuple's items: the first of equal items is kept.
fn frozenset_of(items: Vec<ConstValue>) -> ConstValue {
    let mut uniq: Vec<ConstValue> = Vec::new();
    for it in items {
        if !uniq.iter().any(|u| const_fold::set_eq(u, &it)) {
            uniq.push(it);
        }
    }
    ConstValue::FrozenSet(uniq)
}

/// `optimize_lists_and_sets`.
fn optimize_lists_and_sets(bb: &mut [CfgInstr], i: usize, nextop: u16, consts: &mut Vec<ConstValue>) -> Result<()> {
    let contains_or_iter = nextop == op::GET_ITER || nextop == op::CONTAINS_OP;
    let seq_size = bb[i].oparg;
    if seq_size > STACK_USE_GUIDELINE || (seq_size < MIN_CONST_SEQUENCE_SIZE && !contains_or_iter) {
        return Ok(());
    }
    let Some(idxs) = get_const_loading_instrs(bb, i as isize - 1, seq_size as usize) else {
        if contains_or_iter && bb[i].opcode == op::BUILD_LIST {
            bb[i].set_op1(op::BUILD_TUPLE, seq_size);
        }
        return Ok(());
    };
    let items = const_values(bb, &idxs, consts)?;
    let is_set = bb[i].opcode == op::BUILD_SET;
    let result = if is_set {
        frozenset_of(items)
    } else {
        ConstValue::Tuple(items)
    };
    let index = add_const(result, consts)?;
    nop_out(bb, &idxs);
    if contains_or_iter {
        bb[i].set_op1(op::LOAD_CONST, index);
    } else {
        let loc = bb[i].loc;
        let opc = bb[i].opcode;
        bb[i - 2].loc = loc;
        bb[i - 2].set_op1(opc, 0);
        bb[i - 1].set_op1(op::LOAD_CONST, index);
        bb[i].set_op1(if opc == op::BUILD_LIST { op::LIST_EXTEND } else { op::SET_UPDATE }, 1);
    }
    Ok(())
}

/// `fold_const_binop`.
fn fold_const_binop(bb: &mut [CfgInstr], i: usize, consts: &mut Vec<ConstValue>) -> Result<()> {
    let Some(idxs) = get_const_loading_instrs(bb, i as isize - 1, 2) else {
        return Ok(());
    };
    let vals = const_values(bb, &idxs, consts)?;
    let Some(newconst) = const_fold::eval_binop(&vals[0], bb[i].oparg, &vals[1]) else {
        return Ok(());
    };
    nop_out(bb, &idxs);
    instr_make_load_const(&mut bb[i], newconst, consts)
}

/// `fold_const_unaryop`.
fn fold_const_unaryop(bb: &mut [CfgInstr], i: usize, consts: &mut Vec<ConstValue>) -> Result<()> {
    let Some(idxs) = get_const_loading_instrs(bb, i as isize - 1, 1) else {
        return Ok(());
    };
    let vals = const_values(bb, &idxs, consts)?;
    let Some(newconst) = const_fold::eval_unaryop(&vals[0], bb[i].opcode) else {
        return Ok(());
    };
    nop_out(bb, &idxs);
    instr_make_load_const(&mut bb[i], newconst, consts)
}

/// `swaptimize`: replace a run of SWAPs and NOPs with the shortest
/// equivalent run of SWAPs.
fn swaptimize(block: &mut [CfgInstr], ix: &mut usize) {
    const VISITED: i32 = -1;
    let instructions = &mut block[*ix..];
    let mut depth = instructions[0].oparg;
    let mut len = 0;
    let mut more = false;
    let limit = instructions.len();
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let opc = instructions[len].opcode;
        if opc == op::SWAP {
            depth = depth.max(instructions[len].oparg);
            more = true;
        } else if opc != op::NOP {
            break;
        }
    }
    if !more || depth < 1 {
        return;
    }
    let mut stack: Vec<i32> = (0..depth).collect();
    for instr in instructions.iter().take(len) {
        if instr.opcode == op::SWAP {
            let k = (instr.oparg - 1) as usize;
            stack.swap(0, k);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth as usize {
        if stack[i] == VISITED || stack[i] == i as i32 {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let c = &mut instructions[current as usize];
                c.opcode = op::SWAP;
                c.oparg = j as i32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        instructions[current as usize].set_op0(op::NOP);
        current -= 1;
    }
    *ix += len - 1;
}

/// `SWAPPABLE`.
fn swappable(opcode: u16) -> bool {
    matches!(opcode, op::STORE_FAST | op::STORE_FAST_MAYBE_NULL | op::POP_TOP)
}

/// `STORES_TO`.
fn stores_to(instr: &CfgInstr) -> i32 {
    if matches!(instr.opcode, op::STORE_FAST | op::STORE_FAST_MAYBE_NULL) {
        instr.oparg
    } else {
        -1
    }
}

/// `next_swappable_instruction`.
fn next_swappable_instruction(block: &[CfgInstr], mut i: usize, lineno: i32) -> Option<usize> {
    loop {
        i += 1;
        if i >= block.len() {
            return None;
        }
        let instruction = &block[i];
        if lineno >= 0 && instruction.loc.lineno != lineno {
            return None;
        }
        if instruction.opcode == op::NOP {
            continue;
        }
        return swappable(instruction.opcode).then_some(i);
    }
}

/// `apply_static_swaps`: swap instructions instead of stack items where it
/// is safe (`SWAP 2; POP_TOP; STORE_FAST x` -> `STORE_FAST x; POP_TOP`).
fn apply_static_swaps(block: &mut [CfgInstr], i: usize) {
    let mut i = i as isize;
    while i >= 0 {
        let swap = block[i as usize];
        if swap.opcode != op::SWAP {
            if swap.opcode == op::NOP || swappable(swap.opcode) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable_instruction(block, i as usize, -1) else { return };
        let mut k = j;
        let lineno = block[j].loc.lineno;
        let mut count = swap.oparg - 1;
        while count > 0 {
            match next_swappable_instruction(block, k, lineno) {
                Some(n) => k = n,
                None => return,
            }
            count -= 1;
        }
        let store_j = stores_to(&block[j]);
        let store_k = stores_to(&block[k]);
        if store_j >= 0 || store_k >= 0 {
            if store_j == store_k {
                return;
            }
            for idx in j + 1..k {
                let s = stores_to(&block[idx]);
                if s >= 0 && (s == store_j || s == store_k) {
                    return;
                }
            }
        }
        block[i as usize].set_op0(op::NOP);
        block.swap(j, k);
        i -= 1;
    }
}
