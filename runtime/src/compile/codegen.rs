//! A port of CPython 3.14's Python/codegen.c, the code generation stage: it
//! walks the AST and appends (pseudo-)instructions to the current unit's
//! instruction sequence. This file has the shared machinery (emitting
//! instructions, names, jumps, closures, frame-block unwinding, module
//! bodies and deferred annotations) and the statement/expression dispatch;
//! the families of nodes are in `codegen_stmt.rs`, `codegen_expr.rs`,
//! `codegen_func.rs`, `codegen_comp.rs` and `codegen_match.rs`.

use super::code::{Code, ConstValue};
use super::compiler::{
    ArgCounts, CResult, Compiler, FBlockDatum, FBlockInfo, FBlockType, NameDict, OpType, ScopeType,
};
use super::instr_seq::{Label, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::{
    BoolOp, CmpOp, Constant, Expr, ExprContext, ExprKind, Mod, Operator, PyStr, Stmt, StmtKind, UnaryOp,
};
use crate::symtable::{get_docstring, BlockKey, BlockType, Scope};

/// `INTRINSIC_*` (oparg of `CALL_INTRINSIC_1`).
pub(crate) mod intrinsic1 {
    pub const PRINT: i32 = 1;
    pub const IMPORT_STAR: i32 = 2;
    pub const STOPITERATION_ERROR: i32 = 3;
    pub const ASYNC_GEN_WRAP: i32 = 4;
    pub const UNARY_POSITIVE: i32 = 5;
    pub const LIST_TO_TUPLE: i32 = 6;
    pub const TYPEVAR: i32 = 7;
    pub const PARAMSPEC: i32 = 8;
    pub const TYPEVARTUPLE: i32 = 9;
    pub const SUBSCRIPT_GENERIC: i32 = 10;
    pub const TYPEALIAS: i32 = 11;
}

/// `INTRINSIC_*` (oparg of `CALL_INTRINSIC_2`).
pub(crate) mod intrinsic2 {
    pub const PREP_RERAISE_STAR: i32 = 1;
    pub const TYPEVAR_WITH_BOUND: i32 = 2;
    pub const TYPEVAR_WITH_CONSTRAINTS: i32 = 3;
    pub const SET_FUNCTION_TYPE_PARAMS: i32 = 4;
    pub const SET_TYPEPARAM_DEFAULT: i32 = 5;
}

/// `NB_SUBSCR` (oparg of `BINARY_OP` for `a[b]`).
pub(crate) const NB_SUBSCR: i32 = 26;
/// `NB_INPLACE_ADD - NB_ADD`.
const NB_INPLACE_OFFSET: i32 = 13;

/// `CONSTANT_*` (oparg of `LOAD_COMMON_CONSTANT`).
pub(crate) const CONSTANT_ASSERTIONERROR: i32 = 0;
pub(crate) const CONSTANT_NOTIMPLEMENTEDERROR: i32 = 1;
pub(crate) const CONSTANT_BUILTIN_TUPLE: i32 = 2;
pub(crate) const CONSTANT_BUILTIN_ALL: i32 = 3;
pub(crate) const CONSTANT_BUILTIN_ANY: i32 = 4;

/// `SPECIAL___*__` (oparg of `LOAD_SPECIAL`).
pub(crate) const SPECIAL_ENTER: i32 = 0;
pub(crate) const SPECIAL_EXIT: i32 = 1;
pub(crate) const SPECIAL_AENTER: i32 = 2;
pub(crate) const SPECIAL_AEXIT: i32 = 3;

/// `RESUME_*` (oparg of `RESUME`).
const RESUME_AT_FUNC_START: i32 = 0;
const RESUME_AFTER_YIELD: i32 = 1;
const RESUME_AFTER_YIELD_FROM: i32 = 2;
const RESUME_AFTER_AWAIT: i32 = 3;

/// `MAKE_FUNCTION_*` (oparg of `SET_FUNCTION_ATTRIBUTE`).
pub(crate) const MAKE_FUNCTION_DEFAULTS: i32 = 0x01;
pub(crate) const MAKE_FUNCTION_KWDEFAULTS: i32 = 0x02;
pub(crate) const MAKE_FUNCTION_ANNOTATIONS: i32 = 0x04;
pub(crate) const MAKE_FUNCTION_CLOSURE: i32 = 0x08;
pub(crate) const MAKE_FUNCTION_ANNOTATE: i32 = 0x10;

/// `_Py_ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS`.
const ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS: i32 = 2;

/// `_PY_STACK_USE_GUIDELINE`: above this many items, build containers and
/// calls incrementally.
pub(crate) const STACK_USE_GUIDELINE: usize = 30;

/// `Py_LT` ... `Py_GE`.
const PY_LT: i32 = 0;
const PY_LE: i32 = 1;
const PY_EQ: i32 = 2;
const PY_NE: i32 = 3;
const PY_GT: i32 = 4;
const PY_GE: i32 = 5;

/// `compare_masks`: the `COMPARISON_*` bits of each rich comparison.
const COMPARE_MASKS: [i32; 6] = [2, 2 | 8, 8, 1 | 2 | 4, 4, 4 | 8];

/// `NEXT_LOCATION`: take the location of the next instruction.
pub(crate) const NEXT_LOCATION: Location = Location { lineno: -2, col_offset: -2, end_lineno: -2, end_col_offset: -2 };

/// The kinds of attribute loads of `codegen_addop_name` besides plain
/// opcodes (`LOAD_METHOD`, `LOAD_SUPER_METHOD`, ...).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameOp {
    Op(u16),
    LoadMethod,
    LoadSuperAttr,
    LoadSuperMethod,
    LoadZeroSuperAttr,
    LoadZeroSuperMethod,
}


/// `LOCATION(lineno, end_lineno, col, end_col)`.
pub(crate) fn location(lineno: i32, end_lineno: i32, col: i32, end_col: i32) -> Location {
    Location { lineno, col_offset: col, end_lineno, end_col_offset: end_col }
}

impl<'a> Compiler<'a> {
    /// `codegen_addop_noarg`.
    pub(crate) fn addop(&mut self, opcode: u16, loc: Location) {
        self.seq().addop(opcode, 0, loc);
    }

    /// `codegen_addop_i`.
    pub(crate) fn addop_i(&mut self, opcode: u16, oparg: i32, loc: Location) {
        self.seq().addop(opcode, oparg, loc);
    }

    /// `codegen_addop_j`.
    pub(crate) fn addop_j(&mut self, opcode: u16, target: Label, loc: Location) {
        self.seq().addop(opcode, target.0, loc);
    }

    /// `NEW_JUMP_TARGET_LABEL`.
    pub(crate) fn new_label(&mut self) -> Label {
        self.seq().new_label()
    }

    /// `USE_LABEL`.
    pub(crate) fn use_label(&mut self, l: Label) {
        self.seq().use_label(l.0);
    }

    /// `codegen_addop_load_const`.
    pub(crate) fn load_const(&mut self, v: ConstValue, loc: Location) {
        let arg = self.add_const(v);
        self.addop_i(op::LOAD_CONST, arg, loc);
    }

    /// `ADDOP_LOAD_CONST(c, loc, Py_None)`.
    pub(crate) fn load_none(&mut self, loc: Location) {
        self.load_const(ConstValue::NONE, loc);
    }

    /// `ADDOP_LOAD_CONST` of a string.
    pub(crate) fn load_str(&mut self, s: &str, loc: Location) {
        self.load_const(ConstValue::str(s), loc);
    }

    /// `codegen_addop_o` (`ADDOP_N`): `opcode` with the index of `name`
    /// in `dict`, unmangled.
    pub(crate) fn addop_n(&mut self, opcode: u16, name: &str, dict: NameDict, loc: Location) {
        let arg = self.dict_add(dict, name);
        self.addop_i(opcode, arg, loc);
    }

    /// `codegen_addop_name` (`ADDOP_NAME`): like [`Self::addop_n`] after
    /// mangling, with the attribute-load encodings.
    pub(crate) fn addop_name(&mut self, nop: NameOp, name: &str, dict: NameDict, loc: Location) {
        let mangled = self.maybe_mangle(name);
        let mut arg = self.dict_add(dict, &mangled);
        let opcode = match nop {
            NameOp::Op(o) => {
                if o == op::LOAD_ATTR {
                    arg <<= 1;
                }
                o
            }
            NameOp::LoadMethod => {
                arg = (arg << 1) | 1;
                op::LOAD_ATTR
            }
            NameOp::LoadSuperAttr => {
                arg = (arg << 2) | 2;
                op::LOAD_SUPER_ATTR
            }
            NameOp::LoadSuperMethod => {
                arg = (arg << 2) | 3;
                op::LOAD_SUPER_ATTR
            }
            NameOp::LoadZeroSuperAttr => {
                arg <<= 2;
                op::LOAD_SUPER_ATTR
            }
            NameOp::LoadZeroSuperMethod => {
                arg = (arg << 2) | 1;
                op::LOAD_SUPER_ATTR
            }
        };
        self.addop_i(opcode, arg, loc);
    }

    /// `codegen_call_exit_with_nones`.
    pub(crate) fn call_exit_with_nones(&mut self, loc: Location) {
        self.load_none(loc);
        self.load_none(loc);
        self.load_none(loc);
        self.addop_i(op::CALL, 3, loc);
    }

    /// `codegen_add_yield_from`.
    pub(crate) fn add_yield_from(&mut self, loc: Location, is_await: bool) {
        let send = self.new_label();
        let fail = self.new_label();
        let exit = self.new_label();
        self.use_label(send);
        self.addop_j(op::SEND, exit, loc);
        self.addop_j(op::SETUP_FINALLY, fail, loc);
        self.addop_i(op::YIELD_VALUE, 1, loc);
        self.addop(op::POP_BLOCK, NO_LOCATION);
        self.addop_i(op::RESUME, if is_await { RESUME_AFTER_AWAIT } else { RESUME_AFTER_YIELD_FROM }, loc);
        self.addop_j(op::JUMP_NO_INTERRUPT, send, loc);
        self.use_label(fail);
        self.addop(op::CLEANUP_THROW, loc);
        self.use_label(exit);
        self.addop(op::END_SEND, loc);
    }

    /// `codegen_pop_except_and_reraise`.
    pub(crate) fn pop_except_and_reraise(&mut self, loc: Location) {
        self.addop_i(op::COPY, 3, loc);
        self.addop(op::POP_EXCEPT, loc);
        self.addop_i(op::RERAISE, 1, loc);
    }

    /// `codegen_addop_yield`.
    pub(crate) fn addop_yield(&mut self, loc: Location) {
        let ste = self.ste();
        if ste.ste_generator && ste.ste_coroutine {
            self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::ASYNC_GEN_WRAP, loc);
        }
        self.addop_i(op::YIELD_VALUE, 0, loc);
        self.addop_i(op::RESUME, RESUME_AFTER_YIELD, loc);
    }

    /// `codegen_unwind_fblock`: the code that leaves one frame block on
    /// `return`/`break`/`continue`. `preserve_tos` keeps the return value
    /// on top.
    pub(crate) fn unwind_fblock(&mut self, ploc: &mut Location, info: &FBlockInfo<'a>, preserve_tos: bool) -> CResult {
        match info.fb_type {
            FBlockType::WhileLoop
            | FBlockType::ExceptionHandler
            | FBlockType::ExceptionGroupHandler
            | FBlockType::AsyncComprehensionGenerator
            | FBlockType::StopIteration => {}
            FBlockType::ForLoop => {
                if preserve_tos {
                    self.addop_i(op::SWAP, 2, *ploc);
                }
                self.addop(op::POP_TOP, *ploc);
            }
            FBlockType::TryExcept => self.addop(op::POP_BLOCK, *ploc),
            FBlockType::FinallyTry => {
                self.addop(op::POP_BLOCK, *ploc);
                if preserve_tos {
                    self.push_fblock(*ploc, FBlockType::PopValue, Label(-1), Label(-1), FBlockDatum::None)?;
                }
                if let FBlockDatum::Body(body) = info.fb_datum {
                    self.visit_stmts(body)?;
                }
                if preserve_tos {
                    self.pop_fblock(FBlockType::PopValue, Label(-1));
                }
                *ploc = NO_LOCATION;
            }
            FBlockType::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(op::SWAP, 2, *ploc);
                }
                self.addop(op::POP_TOP, *ploc);
                if preserve_tos {
                    self.addop_i(op::SWAP, 2, *ploc);
                }
                self.addop(op::POP_BLOCK, *ploc);
                self.addop(op::POP_EXCEPT, *ploc);
            }
            FBlockType::With | FBlockType::AsyncWith => {
                *ploc = info.fb_loc;
                self.addop(op::POP_BLOCK, *ploc);
                if preserve_tos {
                    self.addop_i(op::SWAP, 3, *ploc);
                    self.addop_i(op::SWAP, 2, *ploc);
                }
                self.call_exit_with_nones(*ploc);
                if info.fb_type == FBlockType::AsyncWith {
                    self.addop_i(op::GET_AWAITABLE, 2, *ploc);
                    self.load_none(*ploc);
                    self.add_yield_from(*ploc, true);
                }
                self.addop(op::POP_TOP, *ploc);
                *ploc = NO_LOCATION;
            }
            FBlockType::HandlerCleanup => {
                let name = match info.fb_datum {
                    FBlockDatum::Name(n) => Some(n),
                    _ => None,
                };
                if name.is_some() {
                    self.addop(op::POP_BLOCK, *ploc);
                }
                if preserve_tos {
                    self.addop_i(op::SWAP, 2, *ploc);
                }
                self.addop(op::POP_BLOCK, *ploc);
                self.addop(op::POP_EXCEPT, *ploc);
                if let Some(n) = name {
                    self.load_none(*ploc);
                    self.nameop(*ploc, n, ExprContext::Store)?;
                    self.nameop(*ploc, n, ExprContext::Del)?;
                }
            }
            FBlockType::PopValue => {
                if preserve_tos {
                    self.addop_i(op::SWAP, 2, *ploc);
                }
                self.addop(op::POP_TOP, *ploc);
            }
        }
        Ok(())
    }

    /// `codegen_unwind_fblock_stack`: unwinds every frame block, or up to
    /// the innermost loop when `want_loop`; returns that loop.
    pub(crate) fn unwind_fblock_stack(
        &mut self,
        ploc: &mut Location,
        preserve_tos: bool,
        want_loop: bool,
    ) -> CResult<Option<FBlockInfo<'a>>> {
        let Some(top) = self.top_fblock() else {
            return Ok(None);
        };
        if top.fb_type == FBlockType::ExceptionGroupHandler {
            return Err(self.error(*ploc, "'break', 'continue' and 'return' cannot appear in an except* block"));
        }
        if want_loop && matches!(top.fb_type, FBlockType::WhileLoop | FBlockType::ForLoop) {
            return Ok(Some(top));
        }
        self.pop_fblock(top.fb_type, top.fb_block);
        self.unwind_fblock(ploc, &top, preserve_tos)?;
        let r = self.unwind_fblock_stack(ploc, preserve_tos, want_loop)?;
        self.push_fblock(top.fb_loc, top.fb_type, top.fb_block, top.fb_exit, top.fb_datum)?;
        Ok(r)
    }

    /// `codegen_enter_scope`: enters the unit and emits its `RESUME` (and
    /// the module's `ANNOTATIONS_PLACEHOLDER`).
    pub(crate) fn codegen_enter_scope(
        &mut self,
        name: &str,
        scope_type: ScopeType,
        key: BlockKey,
        lineno: i32,
        private: Option<&str>,
        counts: ArgCounts,
    ) -> CResult {
        self.enter_scope(name, scope_type, key, lineno, private, counts)?;
        let mut loc = location(lineno, lineno, 0, 0);
        if scope_type == ScopeType::Module {
            loc.lineno = 0;
        }
        self.addop_i(op::RESUME, RESUME_AT_FUNC_START, loc);
        if scope_type == ScopeType::Module {
            self.addop(op::ANNOTATIONS_PLACEHOLDER, loc);
        }
        Ok(())
    }

    /// `codegen_setup_annotations_scope`: enters an `__annotate__`-like
    /// unit whose one positional-only parameter is the format, raising
    /// `NotImplementedError` for formats above VALUE_WITH_FAKE_GLOBALS.
    pub(crate) fn setup_annotations_scope(&mut self, loc: Location, key: BlockKey, name: &str) -> CResult {
        let counts = ArgCounts { posonlyargcount: 1, ..Default::default() };
        self.codegen_enter_scope(name, ScopeType::Annotations, key, loc.lineno, None, counts)?;
        self.addop_i(op::LOAD_FAST, 0, loc);
        self.load_const(ConstValue::int(ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS), loc);
        self.addop_i(op::COMPARE_OP, (PY_GT << 5) | COMPARE_MASKS[PY_GT as usize], loc);
        let body = self.new_label();
        self.addop_j(op::POP_JUMP_IF_FALSE, body, loc);
        self.addop_i(op::LOAD_COMMON_CONSTANT, CONSTANT_NOTIMPLEMENTEDERROR, loc);
        self.addop_i(op::RAISE_VARARGS, 1, loc);
        self.use_label(body);
        Ok(())
    }

    /// `codegen_leave_annotations_scope`: finishes the annotation unit,
    /// names its parameter `format` and makes the function.
    pub(crate) fn leave_annotations_scope(&mut self, loc: Location) -> CResult {
        self.addop(op::RETURN_VALUE, loc);
        let mut co = self.optimize_and_assemble(true)?;
        if let Some(first) = co.localsplusnames.first_mut() {
            *first = PyStr::from("format");
        }
        self.exit_scope();
        self.make_closure(loc, co, 0)
    }

    /// `codegen_deferred_annotations_body`.
    fn deferred_annotations_body(&mut self, loc: Location, deferred: &[(&'a Stmt, i64)], scope_type: ScopeType) -> CResult {
        self.addop_i(op::BUILD_MAP, 0, loc);
        for &(st, idx) in deferred {
            let StmtKind::AnnAssign { target, annotation, .. } = &st.kind else {
                return Err(super::compiler::CompileError::System("deferred annotation is not an AnnAssign".into()));
            };
            let ExprKind::Name { id, .. } = &target.kind else {
                return Err(super::compiler::CompileError::System("deferred annotation target is not a Name".into()));
            };
            let mangled = self.mangle(id);
            let not_set = self.new_label();
            if idx != -1 {
                self.load_const(ConstValue::int(idx), st.loc);
                if scope_type == ScopeType::Class {
                    self.addop_name(
                        NameOp::Op(op::LOAD_DEREF),
                        "__conditional_annotations__",
                        NameDict::Freevars,
                        st.loc,
                    );
                } else {
                    self.addop_name(NameOp::Op(op::LOAD_GLOBAL), "__conditional_annotations__", NameDict::Names, st.loc);
                }
                self.addop_i(op::CONTAINS_OP, 0, st.loc);
                self.addop_j(op::POP_JUMP_IF_FALSE, not_set, st.loc);
            }
            self.visit_expr(annotation)?;
            self.addop_i(op::COPY, 2, st.loc);
            self.load_str(&mangled, st.loc);
            self.addop(op::STORE_SUBSCR, loc);
            self.use_label(not_set);
        }
        Ok(())
    }

    /// `codegen_process_deferred_annotations`: builds the `__annotate__`
    /// function of a module or class from its simple annotations.
    fn process_deferred_annotations(&mut self, loc: Location) -> CResult {
        let Some(deferred) = self.u_mut().deferred_annotations.take() else {
            return Ok(());
        };
        let scope_type = self.scope_type();
        let separate = scope_type == ScopeType::Module;
        if separate {
            self.start_annotation_setup();
        }
        let ste = self.ste();
        let key = ste.ste_id.plus_one();
        let ste_type = ste.ste_type;
        let Some(anno) = ste.ste_annotation_block else {
            return Err(super::compiler::CompileError::System("no annotation block".into()));
        };
        let anno_name = self.st.entry(anno).ste_name.to_string();
        self.setup_annotations_scope(loc, key, &anno_name)?;
        self.deferred_annotations_body(loc, &deferred, scope_type)?;
        self.leave_annotations_scope(loc)?;
        let name = if ste_type == BlockType::Class { "__annotate_func__" } else { "__annotate__" };
        self.nameop(loc, name, ExprContext::Store)?;
        if separate {
            self.end_annotation_setup();
        }
        Ok(())
    }

    /// `_PyCodegen_Module`.
    pub(crate) fn codegen_module(&mut self, loc: Location, stmts: &'a [Stmt], is_interactive: bool) -> CResult {
        if self.ste().ste_has_conditional_annotations {
            self.addop_i(op::BUILD_SET, 0, loc);
            self.addop_n(op::STORE_NAME, "__conditional_annotations__", NameDict::Names, loc);
        }
        self.codegen_body(loc, stmts, is_interactive)
    }

    /// `codegen_body`: a module or class body, with its docstring and
    /// annotations.
    pub(crate) fn codegen_body(&mut self, loc: Location, stmts: &'a [Stmt], is_interactive: bool) -> CResult {
        let ste = self.ste();
        if self.future_annotations() && ste.ste_annotations_used {
            self.addop(op::SETUP_ANNOTATIONS, loc);
        }
        if stmts.is_empty() {
            return Ok(());
        }
        let mut first = 0;
        if !is_interactive && self.ste().ste_has_docstring {
            if let Some(doc) = get_docstring(stmts) {
                first = 1;
                let cleandoc = super::compiler::clean_doc(doc);
                let StmtKind::Expr { value } = &stmts[0].kind else { unreachable!("docstring statement") };
                self.load_const(ConstValue::Scalar(Constant::Str(cleandoc)), value.loc);
                self.nameop(NO_LOCATION, "__doc__", ExprContext::Store)?;
            }
        }
        for s in &stmts[first..] {
            self.visit_stmt(s)?;
        }
        if !self.future_annotations() {
            self.process_deferred_annotations(loc)?;
        }
        Ok(())
    }

    /// `_PyCodegen_EnterAnonymousScope`.
    pub(crate) fn enter_anonymous_scope(&mut self, module: &'a Mod) -> CResult {
        self.codegen_enter_scope("<module>", ScopeType::Module, BlockKey::of(module), 1, None, ArgCounts::default())
    }

    /// `_PyCodegen_AddReturnAtEnd`.
    pub(crate) fn add_return_at_end(&mut self, add_none: bool) {
        if add_none {
            self.load_none(NO_LOCATION);
        }
        self.addop(op::RETURN_VALUE, NO_LOCATION);
    }

    /// `codegen_make_closure`: the function object for `co`, loading the
    /// cells it closes over and setting the attributes in `flags` (pushed
    /// before).
    pub(crate) fn make_closure(&mut self, loc: Location, co: Code, mut flags: i32) -> CResult {
        let freevars: Vec<PyStr> = co.freevars().into_iter().cloned().collect();
        if !freevars.is_empty() {
            for name in &freevars {
                let arg = self.lookup_arg(name.as_str().unwrap_or(""), &co.name)?;
                self.addop_i(op::LOAD_CLOSURE, arg, loc);
            }
            flags |= MAKE_FUNCTION_CLOSURE;
            self.addop_i(op::BUILD_TUPLE, freevars.len() as i32, loc);
        }
        self.load_const(ConstValue::Code(Box::new(co)), loc);
        self.addop(op::MAKE_FUNCTION, loc);
        for f in [
            MAKE_FUNCTION_CLOSURE,
            MAKE_FUNCTION_ANNOTATIONS,
            MAKE_FUNCTION_ANNOTATE,
            MAKE_FUNCTION_KWDEFAULTS,
            MAKE_FUNCTION_DEFAULTS,
        ] {
            if flags & f != 0 {
                self.addop_i(op::SET_FUNCTION_ATTRIBUTE, f, loc);
            }
        }
        Ok(())
    }

    /// `codegen_load_classdict_freevar`.
    fn load_classdict_freevar(&mut self, loc: Location) {
        self.addop_n(op::LOAD_DEREF, "__classdict__", NameDict::Freevars, loc);
    }

    /// `codegen_nameop`: load, store or delete a name with the access its
    /// scope calls for.
    pub(crate) fn nameop(&mut self, loc: Location, name: &str, ctx: ExprContext) -> CResult {
        let mangled = self.maybe_mangle(name);
        let scope = self.ste().get_scope(&mangled);
        let (optype, dict, arg) = self.resolve_nameop(&mangled, scope);
        let ste = self.ste();
        let is_class = ste.ste_type == BlockType::Class;
        let can_see_class = ste.ste_can_see_class_scope;
        let in_inlined = self.u().in_inlined_comp > 0;
        let opcode = match optype {
            OpType::Deref => match ctx {
                ExprContext::Load => {
                    if is_class && !in_inlined {
                        self.addop(op::LOAD_LOCALS, loc);
                        op::LOAD_FROM_DICT_OR_DEREF
                    } else if can_see_class {
                        self.load_classdict_freevar(loc);
                        op::LOAD_FROM_DICT_OR_DEREF
                    } else {
                        op::LOAD_DEREF
                    }
                }
                ExprContext::Store => op::STORE_DEREF,
                ExprContext::Del => op::DELETE_DEREF,
            },
            OpType::Fast => {
                let o = match ctx {
                    ExprContext::Load => op::LOAD_FAST,
                    ExprContext::Store => op::STORE_FAST,
                    ExprContext::Del => op::DELETE_FAST,
                };
                self.addop_n(o, &mangled, dict, loc);
                return Ok(());
            }
            OpType::Global => match ctx {
                ExprContext::Load => {
                    if can_see_class && scope == Some(Scope::GlobalImplicit) {
                        self.load_classdict_freevar(loc);
                        op::LOAD_FROM_DICT_OR_GLOBALS
                    } else {
                        op::LOAD_GLOBAL
                    }
                }
                ExprContext::Store => op::STORE_GLOBAL,
                ExprContext::Del => op::DELETE_GLOBAL,
            },
            OpType::Name => match ctx {
                ExprContext::Load => {
                    if is_class && in_inlined {
                        op::LOAD_GLOBAL
                    } else {
                        op::LOAD_NAME
                    }
                }
                ExprContext::Store => op::STORE_NAME,
                ExprContext::Del => op::DELETE_NAME,
            },
        };
        let arg = if opcode == op::LOAD_GLOBAL { arg << 1 } else { arg };
        self.addop_i(opcode, arg, loc);
        Ok(())
    }

    /// `codegen_addcompare`.
    pub(crate) fn addcompare(&mut self, loc: Location, cmp: CmpOp) {
        let c = match cmp {
            CmpOp::Eq => PY_EQ,
            CmpOp::NotEq => PY_NE,
            CmpOp::Lt => PY_LT,
            CmpOp::LtE => PY_LE,
            CmpOp::Gt => PY_GT,
            CmpOp::GtE => PY_GE,
            CmpOp::Is => return self.addop_i(op::IS_OP, 0, loc),
            CmpOp::IsNot => return self.addop_i(op::IS_OP, 1, loc),
            CmpOp::In => return self.addop_i(op::CONTAINS_OP, 0, loc),
            CmpOp::NotIn => return self.addop_i(op::CONTAINS_OP, 1, loc),
        };
        self.addop_i(op::COMPARE_OP, (c << 5) | COMPARE_MASKS[c as usize], loc);
    }

    /// `addop_binary`.
    pub(crate) fn addop_binary(&mut self, loc: Location, binop: Operator, inplace: bool) {
        let oparg = match binop {
            Operator::Add => 0,
            Operator::BitAnd => 1,
            Operator::FloorDiv => 2,
            Operator::LShift => 3,
            Operator::MatMult => 4,
            Operator::Mult => 5,
            Operator::Mod => 6,
            Operator::BitOr => 7,
            Operator::Pow => 8,
            Operator::RShift => 9,
            Operator::Sub => 10,
            Operator::Div => 11,
            Operator::BitXor => 12,
        };
        self.addop_i(op::BINARY_OP, if inplace { oparg + NB_INPLACE_OFFSET } else { oparg }, loc);
    }

    /// `codegen_jump_if`: jump to `next` when `e` is true (`cond`) or false,
    /// short-circuiting `not`, `and`/`or`, conditional expressions and
    /// chained comparisons.
    pub(crate) fn jump_if(&mut self, loc: Location, e: &'a Expr, next: Label, cond: bool) -> CResult {
        match &e.kind {
            ExprKind::UnaryOp { op: UnaryOp::Not, operand } => return self.jump_if(loc, operand, next, !cond),
            ExprKind::BoolOp { op: bop, values } => {
                let n = values.len() - 1;
                let cond2 = *bop == BoolOp::Or;
                let mut next2 = next;
                if cond2 != cond {
                    next2 = self.new_label();
                }
                for v in &values[..n] {
                    self.jump_if(loc, v, next2, cond2)?;
                }
                self.jump_if(loc, &values[n], next, cond)?;
                if next2 != next {
                    self.use_label(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(loc, test, next2, false)?;
                self.jump_if(loc, body, next, cond)?;
                self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
                self.use_label(next2);
                self.jump_if(loc, orelse, next, cond)?;
                self.use_label(end);
                return Ok(());
            }
            ExprKind::Compare { left, ops, comparators } if ops.len() > 1 => {
                let n = ops.len() - 1;
                self.check_compare(e)?;
                let cleanup = self.new_label();
                self.visit_expr(left)?;
                for i in 0..n {
                    self.visit_expr(&comparators[i])?;
                    self.addop_i(op::SWAP, 2, e.loc);
                    self.addop_i(op::COPY, 2, e.loc);
                    self.addcompare(e.loc, ops[i]);
                    self.addop(op::TO_BOOL, e.loc);
                    self.addop_j(op::POP_JUMP_IF_FALSE, cleanup, e.loc);
                }
                self.visit_expr(&comparators[n])?;
                self.addcompare(e.loc, ops[n]);
                self.addop(op::TO_BOOL, e.loc);
                self.addop_j(if cond { op::POP_JUMP_IF_TRUE } else { op::POP_JUMP_IF_FALSE }, next, e.loc);
                let end = self.new_label();
                self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
                self.use_label(cleanup);
                self.addop(op::POP_TOP, e.loc);
                if !cond {
                    self.addop_j(op::JUMP_NO_INTERRUPT, next, NO_LOCATION);
                }
                self.use_label(end);
                return Ok(());
            }
            _ => {}
        }
        self.visit_expr(e)?;
        self.addop(op::TO_BOOL, e.loc);
        self.addop_j(if cond { op::POP_JUMP_IF_TRUE } else { op::POP_JUMP_IF_FALSE }, next, e.loc);
        Ok(())
    }

    /// `VISIT_SEQ(c, stmt, ...)`.
    pub(crate) fn visit_stmts(&mut self, stmts: &'a [Stmt]) -> CResult {
        stmts.iter().try_for_each(|s| self.visit_stmt(s))
    }

    /// `VISIT_SEQ(c, expr, ...)`.
    pub(crate) fn visit_exprs(&mut self, exprs: &'a [Expr]) -> CResult {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    /// `codegen_visit_stmt`.
    pub(crate) fn visit_stmt(&mut self, s: &'a Stmt) -> CResult {
        match &s.kind {
            StmtKind::FunctionDef(f) => self.codegen_function(s, f, false),
            StmtKind::AsyncFunctionDef(f) => self.codegen_function(s, f, true),
            StmtKind::ClassDef(c) => self.codegen_class(s, c),
            StmtKind::TypeAlias { name, type_params, value } => self.codegen_typealias(s, name, type_params, value),
            StmtKind::Return { value } => self.codegen_return(s, value.as_deref()),
            StmtKind::Delete { targets } => self.visit_exprs(targets),
            StmtKind::Assign { targets, value, .. } => {
                self.visit_expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.addop_i(op::COPY, 1, s.loc);
                    }
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op: aop, value } => self.codegen_augassign(s, target, *aop, value),
            StmtKind::AnnAssign { .. } => self.codegen_annassign(s),
            StmtKind::For(f) => self.cond_block(|c| c.codegen_for(s, f)),
            StmtKind::AsyncFor(f) => self.cond_block(|c| c.codegen_async_for(s, f)),
            StmtKind::While { test, body, orelse } => self.cond_block(|c| c.codegen_while(s, test, body, orelse)),
            StmtKind::If { test, body, orelse } => self.cond_block(|c| c.codegen_if(s, test, body, orelse)),
            StmtKind::Match { subject, cases } => self.cond_block(|c| c.codegen_match(subject, cases)),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(exc) = exc {
                    self.visit_expr(exc)?;
                    n += 1;
                    if let Some(cause) = cause {
                        self.visit_expr(cause)?;
                        n += 1;
                    }
                }
                self.addop_i(op::RAISE_VARARGS, n, s.loc);
                Ok(())
            }
            StmtKind::Try(t) => self.cond_block(|c| {
                if t.finalbody.is_empty() {
                    c.codegen_try_except(s, t)
                } else {
                    c.codegen_try_finally(s, t)
                }
            }),
            StmtKind::TryStar(t) => self.cond_block(|c| {
                if t.finalbody.is_empty() {
                    c.codegen_try_star_except(s, t)
                } else {
                    c.codegen_try_star_finally(s, t)
                }
            }),
            StmtKind::Assert { test, msg } => self.codegen_assert(s, test, msg.as_deref()),
            StmtKind::Import { names } => self.codegen_import(s, names),
            StmtKind::ImportFrom { module, names, level } => self.codegen_from_import(s, module.as_deref(), names, *level),
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => Ok(()),
            StmtKind::Expr { value } => self.codegen_stmt_expr(s.loc, value),
            StmtKind::Pass => {
                self.addop(op::NOP, s.loc);
                Ok(())
            }
            StmtKind::Break => self.codegen_break(s.loc),
            StmtKind::Continue => self.codegen_continue(s.loc),
            StmtKind::With { items, body, .. } => self.cond_block(|c| c.codegen_with(s, items, body, 0)),
            StmtKind::AsyncWith { items, body, .. } => self.cond_block(|c| c.codegen_async_with(s, items, body, 0)),
        }
    }

    /// `CODEGEN_COND_BLOCK`: runs `f` inside a conditional block.
    fn cond_block(&mut self, f: impl FnOnce(&mut Self) -> CResult) -> CResult {
        self.u_mut().in_conditional_block += 1;
        let r = f(self);
        self.u_mut().in_conditional_block -= 1;
        r
    }

    /// `codegen_visit_expr`.
    pub(crate) fn visit_expr(&mut self, e: &'a Expr) -> CResult {
        let loc = e.loc;
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.visit_expr(value)?;
                self.addop_i(op::COPY, 1, loc);
                self.visit_expr(target)?;
            }
            ExprKind::BoolOp { op: bop, values } => self.codegen_boolop(loc, *bop, values)?,
            ExprKind::BinOp { left, op: bop, right } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
                self.addop_binary(loc, *bop, false);
            }
            ExprKind::UnaryOp { op: uop, operand } => {
                self.visit_expr(operand)?;
                match uop {
                    UnaryOp::UAdd => self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::UNARY_POSITIVE, loc),
                    UnaryOp::Not => {
                        self.addop(op::TO_BOOL, loc);
                        self.addop(op::UNARY_NOT, loc);
                    }
                    UnaryOp::Invert => self.addop(op::UNARY_INVERT, loc),
                    UnaryOp::USub => self.addop(op::UNARY_NEGATIVE, loc),
                }
            }
            ExprKind::Lambda { args, body } => self.codegen_lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next = self.new_label();
                self.jump_if(loc, test, next, false)?;
                self.visit_expr(body)?;
                self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
                self.use_label(next);
                self.visit_expr(orelse)?;
                self.use_label(end);
            }
            ExprKind::Dict { keys, values } => self.codegen_dict(loc, keys, values)?,
            ExprKind::Set { elts } => {
                self.starunpack_helper(loc, elts, None, 0, op::BUILD_SET, op::SET_ADD, op::SET_UPDATE, false)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.codegen_comprehension(e, super::codegen_comp::CompType::GenExp, "<genexpr>", generators, elt, None)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.codegen_comprehension(e, super::codegen_comp::CompType::ListComp, "<listcomp>", generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.codegen_comprehension(e, super::codegen_comp::CompType::SetComp, "<setcomp>", generators, elt, None)?
            }
            ExprKind::DictComp { key, value, generators } => self.codegen_comprehension(
                e,
                super::codegen_comp::CompType::DictComp,
                "<dictcomp>",
                generators,
                key,
                Some(value),
            )?,
            ExprKind::Yield { value } => {
                if !self.ste().is_function_like() {
                    return Err(self.error(loc, "'yield' outside function"));
                }
                match value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_none(loc),
                }
                self.addop_yield(loc);
            }
            ExprKind::YieldFrom { value } => {
                if !self.ste().is_function_like() {
                    return Err(self.error(loc, "'yield from' outside function"));
                }
                if self.scope_type() == ScopeType::AsyncFunction {
                    return Err(self.error(loc, "'yield from' inside async function"));
                }
                self.visit_expr(value)?;
                self.addop(op::GET_YIELD_FROM_ITER, loc);
                self.load_none(loc);
                self.add_yield_from(loc, false);
            }
            ExprKind::Await { value } => {
                self.visit_expr(value)?;
                self.addop_i(op::GET_AWAITABLE, 0, loc);
                self.load_none(loc);
                self.add_yield_from(loc, true);
            }
            ExprKind::Compare { left, ops, comparators } => self.codegen_compare(e, left, ops, comparators)?,
            ExprKind::Call { func, args, keywords } => self.codegen_call(e, func, args, keywords)?,
            ExprKind::Constant { value, .. } => self.load_const(ConstValue::from_constant(value), loc),
            ExprKind::JoinedStr { values } => self.codegen_joined_str(loc, values)?,
            ExprKind::TemplateStr { values } => self.codegen_template_str(loc, values)?,
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                self.codegen_formatted_value(loc, value, *conversion, format_spec.as_deref())?
            }
            ExprKind::Interpolation { value, str, conversion, format_spec } => {
                self.codegen_interpolation(loc, value, str, *conversion, format_spec.as_deref())?
            }
            ExprKind::Attribute { value, attr, ctx } => self.codegen_attribute(e, value, attr, *ctx)?,
            ExprKind::Subscript { value, slice, ctx } => self.codegen_subscript(e, value, slice, *ctx)?,
            ExprKind::Starred { ctx, .. } => {
                return Err(match ctx {
                    ExprContext::Store => self.error(loc, "starred assignment target must be in a list or tuple"),
                    _ => self.error(loc, "can't use starred expression here"),
                });
            }
            ExprKind::Slice { lower, upper, step } => {
                self.codegen_slice(loc, lower.as_deref(), upper.as_deref(), step.as_deref())?
            }
            ExprKind::Name { id, ctx } => self.nameop(loc, id, *ctx)?,
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(loc, elts)?,
                ExprContext::Load => self.starunpack_helper(
                    loc,
                    elts,
                    None,
                    0,
                    op::BUILD_LIST,
                    op::LIST_APPEND,
                    op::LIST_EXTEND,
                    false,
                )?,
                ExprContext::Del => self.visit_exprs(elts)?,
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(loc, elts)?,
                ExprContext::Load => {
                    self.starunpack_helper(loc, elts, None, 0, op::BUILD_LIST, op::LIST_APPEND, op::LIST_EXTEND, true)?
                }
                ExprContext::Del => self.visit_exprs(elts)?,
            },
        }
        Ok(())
    }
}
