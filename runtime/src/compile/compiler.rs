//! A port of CPython 3.14's Python/compile.c: the compiler driver
//! (`_PyAST_Compile`: future features, AST preprocessing, symbol table,
//! codegen, flowgraph and assembler), the stack of compilation units
//! (`_PyCompile_EnterScope`/`_PyCompile_ExitScope`), the frame-block stack,
//! name resolution, qualified names and the per-unit tables (constants,
//! names, locals, cells, free variables) that codegen fills.
//!
//! The instruction generation itself is in `codegen*.rs` (Python/codegen.c).

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use super::assemble::optimize_and_assemble;
use super::code::{
    Code, CodeUnitMetadata, ConstValue, CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_HAS_DOCSTRING, CO_METHOD,
    CO_NESTED, CO_NEWLOCALS, CO_OPTIMIZED, CO_VARARGS, CO_VARKEYWORDS,
};
use super::flowgraph::CfgError;
use super::future::{future_from_ast, FutureFeatures, CO_FUTURE_ANNOTATIONS};
use super::instr_seq::{InstrSequence, Label, Location};
use crate::ast::preprocess::{preprocess, PreprocessError, PreprocessOptions, SyntaxWarning, WarningSink};
use crate::ast::{Constant, Mod, PyStr, Stmt};
use crate::parser::error::{ErrorKind, SyntaxError};
use crate::parser::parser::{parse_bytes_warn, parse_file_bytes_warn, parse_warn, Mode, Parsed};
use crate::parser::pegen::ParseError;
use crate::symtable::{
    BlockKey, BlockType, EntryId, Scope, SymbolTable, SymtableEntry, SymtableError, DEF_COMP_CELL, DEF_FREE_CLASS,
    DEF_LOCAL, DEF_NONLOCAL,
};

/// `CO_MAXBLOCKS`: the deepest static nesting of frame blocks.
pub const CO_MAXBLOCKS: usize = 21;

/// `PyCF_MASK`: the future flags a code object inherits from the compiler
/// flags.
pub const PY_CF_MASK: i32 = 0x1FE_0000;

/// Stack of the compiling thread: codegen recurses over the tree as deep as
/// the symbol table allows (`MAX_RECURSION_DEPTH` nested nodes).
const COMPILER_STACK_SIZE: usize = 256 << 20;

/// Why a compilation failed: the exception CPython raises.
#[derive(Clone, Debug, PartialEq)]
pub enum CompileError {
    /// `SyntaxError` (or `IndentationError`/`TabError` from the parser).
    Syntax(SyntaxError),
    /// `RecursionError: maximum recursion depth exceeded during compilation`.
    Recursion,
    /// `MemoryError` (the parser's stack overflowed).
    Memory(String),
    /// `SystemError` with this message.
    System(String),
    /// `ValueError` with this message.
    Value(String),
    /// `OverflowError` with this message.
    Overflow(String),
    /// `RuntimeError` with this message.
    Runtime(String),
}

impl CompileError {
    /// The Python exception class name.
    pub fn type_name(&self) -> &'static str {
        match self {
            CompileError::Syntax(e) => e.kind.name(),
            CompileError::Recursion => "RecursionError",
            CompileError::Memory(_) => "MemoryError",
            CompileError::System(_) => "SystemError",
            CompileError::Value(_) => "ValueError",
            CompileError::Overflow(_) => "OverflowError",
            CompileError::Runtime(_) => "RuntimeError",
        }
    }

    /// The exception message.
    pub fn msg(&self) -> &str {
        match self {
            CompileError::Syntax(e) => &e.msg,
            CompileError::Recursion => "maximum recursion depth exceeded during compilation",
            CompileError::Memory(m)
            | CompileError::System(m)
            | CompileError::Value(m)
            | CompileError::Overflow(m)
            | CompileError::Runtime(m) => m,
        }
    }
}

impl From<CfgError> for CompileError {
    fn from(e: CfgError) -> CompileError {
        match e {
            CfgError::SystemError(m) => CompileError::System(m),
            CfgError::ValueError(m) => CompileError::Value(m),
            CfgError::OverflowError(m) => CompileError::Overflow(m),
        }
    }
}

impl From<SymtableError> for CompileError {
    fn from(e: SymtableError) -> CompileError {
        match e {
            SymtableError::Syntax(s) => CompileError::Syntax(s),
            SymtableError::Recursion => CompileError::Recursion,
            SymtableError::Runtime(m) => CompileError::Runtime(m.into()),
        }
    }
}

impl From<PreprocessError> for CompileError {
    fn from(e: PreprocessError) -> CompileError {
        match e {
            PreprocessError::Syntax(s) => CompileError::Syntax(s),
            PreprocessError::Recursion(_) => CompileError::Recursion,
        }
    }
}

impl From<ParseError> for CompileError {
    fn from(e: ParseError) -> CompileError {
        match e {
            ParseError::Syntax(s) => CompileError::Syntax(s),
            ParseError::StackOverflow => CompileError::Memory(e.msg().into()),
            ParseError::Value(m) => CompileError::Value(m),
        }
    }
}

/// The result type of the compiler's functions.
pub(crate) type CResult<T = ()> = Result<T, CompileError>;

/// `COMPILE_SCOPE_*`: the kind of a compilation unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeType {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
    Annotations,
}

/// `_PyCompile_FBlockType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FBlockType {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup,
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
    StopIteration,
}

/// What a frame block carries (`fb_datum`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum FBlockDatum<'a> {
    None,
    /// The `finally` body of a `try`.
    Body(&'a [Stmt]),
    /// The name bound by an `except ... as name` handler.
    Name(&'a str),
}

/// `_PyCompile_FBlockInfo`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FBlockInfo<'a> {
    pub fb_type: FBlockType,
    pub fb_block: Label,
    pub fb_loc: Location,
    pub fb_exit: Label,
    pub fb_datum: FBlockDatum<'a>,
}

/// A dict from names to their index in insertion order (the `u_names`,
/// `u_varnames`, `u_cellvars`, ... dicts of `_PyCompile_CodeUnitMetadata`).
#[derive(Clone, Debug, Default)]
pub(crate) struct NameMap {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl NameMap {
    /// `_PyCompile_DictAddObj`: the value of `name`; a new name gets the
    /// dict's size.
    pub fn add(&mut self, name: &str) -> usize {
        let size = self.names.len();
        self.insert(name, size)
    }

    /// The value of `name`, set to `value` when new.
    fn insert(&mut self, name: &str, value: usize) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), value);
        value
    }

    /// The index of `name`, if present.
    pub fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The first name (`PyDict_Next` from the start).
    pub fn first(&self) -> Option<&str> {
        self.names.first().map(|s| s.as_str())
    }

    fn to_pystrs(&self) -> Vec<PyStr> {
        self.names.iter().map(|s| PyStr::from(s.as_str())).collect()
    }
}

/// The `u_consts` dict: constants keyed by `_PyCode_ConstantKey`.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConstTable {
    values: Vec<ConstValue>,
    buckets: HashMap<u64, Vec<usize>>,
}

/// A hash consistent with [`ConstValue::same_key`].
fn const_hash(c: &ConstValue, h: &mut impl Hasher) {
    match c {
        ConstValue::Scalar(s) => match s {
            Constant::None => 0u8.hash(h),
            Constant::Ellipsis => 1u8.hash(h),
            Constant::Bool(b) => (2u8, *b).hash(h),
            Constant::Int(i) => (3u8, i).hash(h),
            Constant::Float(f) => (4u8, f.to_bits()).hash(h),
            Constant::Complex { real, imag } => (5u8, real.to_bits(), imag.to_bits()).hash(h),
            Constant::Str(s) => (6u8, s).hash(h),
            Constant::Bytes(b) => (7u8, b).hash(h),
            Constant::Tuple(_) | Constant::FrozenSet(_) => const_hash(&ConstValue::from_constant(s), h),
        },
        ConstValue::Tuple(t) => {
            (8u8, t.len()).hash(h);
            t.iter().for_each(|x| const_hash(x, h));
        }
        ConstValue::FrozenSet(s) => (9u8, s.len()).hash(h),
        ConstValue::Slice(s) => {
            10u8.hash(h);
            s.iter().for_each(|x| const_hash(x, h));
        }
        ConstValue::Code(c) => (11u8, &c.name, c.firstlineno).hash(h),
    }
}

impl ConstTable {
    /// `_PyCompile_AddConst`: the index of `v`, added when new.
    pub fn add(&mut self, v: ConstValue) -> usize {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        const_hash(&v, &mut h);
        let bucket = self.buckets.entry(h.finish()).or_default();
        if let Some(&i) = bucket.iter().find(|&&i| self.values[i].same_key(&v)) {
            return i;
        }
        let i = self.values.len();
        bucket.push(i);
        self.values.push(v);
        i
    }
}

/// `_PyCompile_CodeUnitMetadata` as the compiler keeps it.
#[derive(Clone, Debug, Default)]
pub(crate) struct UnitMetadata {
    pub name: String,
    pub qualname: Option<String>,
    pub consts: ConstTable,
    pub names: NameMap,
    pub varnames: NameMap,
    pub cellvars: NameMap,
    pub freevars: NameMap,
    /// Names made fast locals by an inlined comprehension: `true` while
    /// inside it, `false` after (the key still marks them hidden).
    pub fasthidden: NameMap,
    pub fasthidden_on: BTreeSet<String>,
    pub argcount: i32,
    pub posonlyargcount: i32,
    pub kwonlyargcount: i32,
    pub firstlineno: i32,
}

/// The argument counts a unit starts with (the `umd` passed to
/// `_PyCompile_EnterScope`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ArgCounts {
    pub argcount: i32,
    pub posonlyargcount: i32,
    pub kwonlyargcount: i32,
}

/// `struct compiler_unit`.
pub(crate) struct Unit<'a> {
    pub ste: EntryId,
    pub scope_type: ScopeType,
    pub private: Option<String>,
    pub static_attributes: Option<BTreeSet<String>>,
    /// `u_deferred_annotations` with `u_conditional_annotation_indices`.
    pub deferred_annotations: Option<Vec<(&'a Stmt, i64)>>,
    pub next_conditional_annotation_index: i64,
    pub seq: InstrSequence,
    pub stashed_seq: Option<InstrSequence>,
    pub fblocks: Vec<FBlockInfo<'a>>,
    pub in_inlined_comp: i32,
    pub in_conditional_block: i32,
    pub md: UnitMetadata,
}

/// `_PyCompile_InlinedComprehensionState`.
#[derive(Default)]
pub(crate) struct InlinedComprehensionState {
    pub pushed_locals: Option<Vec<String>>,
    pub temp_symbols: Option<Vec<(String, i64)>>,
    pub fast_hidden: Option<BTreeSet<String>>,
    pub cleanup: Option<Label>,
}

/// `COMPILE_OP_*`: how a name is accessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpType {
    Fast,
    Global,
    Deref,
    Name,
}

/// Which table a resolved name's index refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameDict {
    Names,
    Varnames,
    Cellvars,
    Freevars,
}

/// `struct _PyCompiler`.
pub(crate) struct Compiler<'a> {
    pub filename: PyStr,
    pub st: SymbolTable,
    pub future: FutureFeatures,
    pub cf_flags: i32,
    pub optimize: i32,
    pub interactive: bool,
    pub units: Vec<Unit<'a>>,
    pub disable_warning: i32,
    pub warnings: &'a mut (dyn WarningSink + Send),
}

impl<'a> Compiler<'a> {
    /// The current unit (`c->u`).
    pub fn u(&self) -> &Unit<'a> {
        self.units.last().expect("a current unit")
    }

    /// The current unit, mutably.
    pub fn u_mut(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a current unit")
    }

    /// `SYMTABLE_ENTRY(c)`.
    pub fn ste(&self) -> &SymtableEntry {
        self.st.entry(self.u().ste)
    }

    /// `INSTR_SEQUENCE(c)`.
    pub fn seq(&mut self) -> &mut InstrSequence {
        &mut self.u_mut().seq
    }

    /// `SCOPE_TYPE(c)`.
    pub fn scope_type(&self) -> ScopeType {
        self.u().scope_type
    }

    /// `FUTURE_FEATURES(c)` has `CO_FUTURE_ANNOTATIONS`.
    pub fn future_annotations(&self) -> bool {
        self.future.ff_features & CO_FUTURE_ANNOTATIONS != 0
    }

    /// `_PyCompile_IsInteractiveTopLevel`.
    pub fn is_interactive_top_level(&self) -> bool {
        self.interactive && self.units.len() == 1
    }

    /// `_PyCompile_Error`: a SyntaxError at `loc` (1-based UTF-8 byte
    /// offsets, as `_PyErr_RaiseSyntaxError` receives them); its text is
    /// added by [`compile_parsed`].
    pub fn error(&self, loc: Location, msg: impl Into<String>) -> CompileError {
        CompileError::Syntax(SyntaxError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            lineno: loc.lineno as i64,
            offset: loc.col_offset as i64 + 1,
            end_lineno: loc.end_lineno as i64,
            end_offset: loc.end_col_offset as i64 + 1,
            text: None,
        })
    }

    /// `_PyCompile_Warn`: a SyntaxWarning, unless inside a `finally` body
    /// compiled a second time; the sink may turn it into an error.
    pub fn warn(&mut self, loc: Location, msg: String) -> CResult {
        if self.disable_warning > 0 {
            return Ok(());
        }
        let w = SyntaxWarning {
            msg,
            lineno: loc.lineno,
            offset: loc.col_offset + 1,
            end_lineno: loc.end_lineno,
            end_offset: loc.end_col_offset + 1,
            error: None,
        };
        self.warnings.syntax_warning(w).map_err(CompileError::Syntax)
    }

    /// `_PyCompile_MaybeMangle`.
    pub fn maybe_mangle(&self, name: &str) -> String {
        self.st.maybe_mangle(self.u().private.as_deref(), self.ste(), name).into_owned()
    }

    /// `_PyCompile_Mangle`.
    pub fn mangle(&self, name: &str) -> String {
        crate::symtable::mangle(self.u().private.as_deref(), name).into_owned()
    }

    /// `_PyCompile_AddConst`.
    pub fn add_const(&mut self, v: ConstValue) -> i32 {
        self.u_mut().md.consts.add(v) as i32
    }

    /// `_PyCompile_EnterScope`: pushes a new unit for the block registered
    /// under `key`.
    pub fn enter_scope(
        &mut self,
        name: &str,
        scope_type: ScopeType,
        key: BlockKey,
        lineno: i32,
        private: Option<&str>,
        counts: ArgCounts,
    ) -> CResult {
        let Some(ste_id) = self.st.lookup(key) else {
            return Err(CompileError::System(format!("unknown symbol table entry for {name}")));
        };
        let ste = self.st.entry(ste_id);
        let mut md = UnitMetadata {
            name: name.to_owned(),
            argcount: counts.argcount,
            posonlyargcount: counts.posonlyargcount,
            kwonlyargcount: counts.kwonlyargcount,
            firstlineno: lineno,
            ..Default::default()
        };
        for v in &ste.ste_varnames {
            md.varnames.add(v);
        }
        dict_by_type(ste, Scope::Cell, DEF_COMP_CELL, &mut md.cellvars);
        if ste.ste_needs_class_closure {
            md.cellvars.add("__class__");
        }
        if ste.ste_needs_classdict {
            md.cellvars.add("__classdict__");
        }
        if ste.ste_has_conditional_annotations {
            md.cellvars.add("__conditional_annotations__");
        }
        // Free variables are numbered after the cells.
        let ncells = md.cellvars.len();
        dict_by_type_from(ste, Scope::Free, DEF_FREE_CLASS, &mut md.freevars, ncells);
        let private = match private {
            Some(p) => Some(p.to_owned()),
            None => self.units.last().and_then(|u| u.private.clone()),
        };
        self.units.push(Unit {
            ste: ste_id,
            scope_type,
            private,
            static_attributes: (scope_type == ScopeType::Class).then(BTreeSet::new),
            deferred_annotations: None,
            next_conditional_annotation_index: 0,
            seq: InstrSequence::new(),
            stashed_seq: None,
            fblocks: Vec::new(),
            in_inlined_comp: 0,
            in_conditional_block: 0,
            md,
        });
        if scope_type != ScopeType::Module {
            self.set_qualname();
        }
        Ok(())
    }

    /// `_PyCompile_ExitScope`: pops the current unit.
    pub fn exit_scope(&mut self) -> Unit<'a> {
        self.units.pop().expect("a unit to exit")
    }

    /// `compiler_set_qualname`.
    fn set_qualname(&mut self) {
        let n = self.units.len();
        let u = &self.units[n - 1];
        let mut base = None;
        // `c_stack` holds the enclosing units: `n - 1` of them.
        if n > 2 {
            let mut parent = &self.units[n - 2];
            if parent.scope_type == ScopeType::Annotations {
                if n == 3 {
                    let name = u.md.name.clone();
                    self.u_mut().md.qualname = Some(name);
                    return;
                }
                parent = &self.units[n - 3];
            }
            let mut force_global = false;
            if matches!(u.scope_type, ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Class) {
                let mangled = crate::symtable::mangle(parent.private.as_deref(), &u.md.name);
                if self.st.entry(parent.ste).get_scope(&mangled) == Some(Scope::GlobalExplicit) {
                    force_global = true;
                }
            }
            if !force_global {
                let pq = parent.md.qualname.clone().unwrap_or_else(|| parent.md.name.clone());
                if matches!(parent.scope_type, ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Lambda) {
                    base = Some(format!("{pq}.<locals>"));
                } else {
                    base = Some(pq);
                }
            }
        }
        let name = match base {
            Some(b) => format!("{b}.{}", u.md.name),
            None => u.md.name.clone(),
        };
        self.u_mut().md.qualname = Some(name);
    }

    /// `_PyCompile_PushFBlock`.
    pub fn push_fblock(
        &mut self,
        loc: Location,
        t: FBlockType,
        block: Label,
        exit: Label,
        datum: FBlockDatum<'a>,
    ) -> CResult {
        if self.u().fblocks.len() >= CO_MAXBLOCKS {
            return Err(self.error(loc, "too many statically nested blocks"));
        }
        self.u_mut().fblocks.push(FBlockInfo { fb_type: t, fb_block: block, fb_loc: loc, fb_exit: exit, fb_datum: datum });
        if t == FBlockType::FinallyEnd {
            self.disable_warning += 1;
        }
        Ok(())
    }

    /// `_PyCompile_PopFBlock`.
    pub fn pop_fblock(&mut self, t: FBlockType, block: Label) {
        let f = self.u_mut().fblocks.pop().expect("a frame block");
        debug_assert!(f.fb_type == t && f.fb_block == block);
        if t == FBlockType::FinallyEnd {
            self.disable_warning -= 1;
        }
    }

    /// `_PyCompile_TopFBlock`.
    pub fn top_fblock(&self) -> Option<FBlockInfo<'a>> {
        self.u().fblocks.last().copied()
    }

    /// `_PyCompile_GetRefType`.
    pub fn get_ref_type(&self, name: &str) -> CResult<Scope> {
        if self.scope_type() == ScopeType::Class
            && matches!(name, "__class__" | "__classdict__" | "__conditional_annotations__")
        {
            return Ok(Scope::Cell);
        }
        self.ste().get_scope(name).ok_or_else(|| {
            CompileError::System(format!(
                "_PyST_GetScope(name={name:?}) failed: unknown scope in unit {}",
                self.u().md.name
            ))
        })
    }

    /// `_PyCompile_LookupCellvar`.
    pub fn lookup_cellvar(&self, name: &str) -> CResult<i32> {
        self.u()
            .md
            .cellvars
            .get(name)
            .map(|i| i as i32)
            .ok_or_else(|| CompileError::System(format!("no cell variable {name}")))
    }

    /// `_PyCompile_LookupArg`: the index of a closure variable of a nested
    /// code object in the current unit's cells or free variables.
    pub fn lookup_arg(&self, name: &str, co_name: &PyStr) -> CResult<i32> {
        let reftype = self.get_ref_type(name)?;
        let md = &self.u().md;
        let arg = if reftype == Scope::Cell { md.cellvars.get(name) } else { md.freevars.get(name) };
        arg.map(|i| i as i32).ok_or_else(|| {
            CompileError::System(format!(
                "compiler_lookup_arg(name={name:?}) with reftype={} failed in {}; code {:?}",
                reftype as i64, md.name, co_name
            ))
        })
    }

    /// `_PyCompile_StaticAttributesAsTuple`.
    pub fn static_attributes_as_tuple(&self) -> ConstValue {
        let attrs = self.u().static_attributes.as_ref().expect("a class unit");
        ConstValue::Tuple(attrs.iter().map(|a| ConstValue::str(a)).collect())
    }

    /// `_PyCompile_MaybeAddStaticAttributeToClass`: records `self.X = ...`
    /// in the innermost enclosing class.
    pub fn maybe_add_static_attribute(&mut self, attr: &str) {
        for u in self.units.iter_mut().rev() {
            if u.scope_type == ScopeType::Class {
                u.static_attributes.as_mut().expect("a class unit").insert(attr.to_owned());
                break;
            }
        }
    }

    /// `_PyCompile_ResolveNameop`: how `mangled` (of `scope`) is accessed,
    /// and its index in the table it is accessed through (`None` for fast
    /// locals, which codegen adds to `u_varnames` itself).
    pub fn resolve_nameop(&mut self, mangled: &str, scope: Option<Scope>) -> (OpType, NameDict, i32) {
        let function_like = self.ste().is_function_like();
        let (optype, dict) = match scope {
            Some(Scope::Free) => (OpType::Deref, NameDict::Freevars),
            Some(Scope::Cell) => (OpType::Deref, NameDict::Cellvars),
            Some(Scope::Local) => {
                if function_like || self.u().md.fasthidden_on.contains(mangled) {
                    (OpType::Fast, NameDict::Varnames)
                } else {
                    (OpType::Name, NameDict::Names)
                }
            }
            Some(Scope::GlobalImplicit) if function_like => (OpType::Global, NameDict::Names),
            Some(Scope::GlobalExplicit) => (OpType::Global, NameDict::Names),
            _ => (OpType::Name, NameDict::Names),
        };
        let arg = if optype == OpType::Fast { -1 } else { self.dict_add(dict, mangled) };
        (optype, dict, arg)
    }

    /// `_PyCompile_DictAddObj` on one of the unit's name tables.
    pub fn dict_add(&mut self, dict: NameDict, name: &str) -> i32 {
        let md = &mut self.u_mut().md;
        let i = match dict {
            NameDict::Names => md.names.add(name),
            NameDict::Varnames => md.varnames.add(name),
            NameDict::Cellvars => md.cellvars.add(name),
            NameDict::Freevars => md.freevars.add(name),
        };
        i as i32
    }

    /// `_PyCompile_TweakInlinedComprehensionScopes`.
    pub fn tweak_inlined_comprehension_scopes(&mut self, comp: EntryId, state: &mut InlinedComprehensionState) {
        let outer = self.u().ste;
        let in_class_block = self.st.entry(outer).ste_type == BlockType::Class && self.u().in_inlined_comp == 0;
        self.u_mut().in_inlined_comp += 1;
        let symbols: Vec<(String, i64)> =
            self.st.entry(comp).ste_symbols.iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let function_like = self.st.entry(outer).is_function_like();
        for (k, symbol) in symbols {
            let scope = Scope::from_symbol(symbol);
            let outsymbol = self.st.entry(outer).get_symbol(&k);
            let outsc = Scope::from_symbol(outsymbol);
            if (scope != outsc
                && scope != Some(Scope::Free)
                && !(scope == Some(Scope::Cell) && outsc == Some(Scope::Free)))
                || in_class_block
            {
                self.st.entries[outer.0].ste_symbols.set(&k, symbol);
                state.temp_symbols.get_or_insert_with(Vec::new).push((k.clone(), outsymbol));
            }
            if ((symbol & DEF_LOCAL != 0 && symbol & DEF_NONLOCAL == 0) || in_class_block) && !function_like {
                let md = &mut self.u_mut().md;
                if !md.fasthidden_on.contains(&k) {
                    md.fasthidden.add(&k);
                    md.fasthidden_on.insert(k.clone());
                    state.fast_hidden.get_or_insert_with(BTreeSet::new).insert(k);
                }
            }
        }
    }

    /// `_PyCompile_RevertInlinedComprehensionScopes`.
    pub fn revert_inlined_comprehension_scopes(&mut self, state: &mut InlinedComprehensionState) {
        self.u_mut().in_inlined_comp -= 1;
        let outer = self.u().ste;
        if let Some(temp) = state.temp_symbols.take() {
            for (k, v) in temp {
                // A dict keeps the first insertion's position on update.
                self.st.entries[outer.0].ste_symbols.set(&k, v);
            }
        }
        if let Some(hidden) = state.fast_hidden.take() {
            for k in hidden {
                self.u_mut().md.fasthidden_on.remove(&k);
            }
        }
    }

    /// `_PyCompile_AddDeferredAnnotation`: defers the annotation of `s`;
    /// returns its conditional-annotation index when it needs one.
    pub fn add_deferred_annotation(&mut self, s: &'a Stmt) -> Option<i64> {
        let u = self.u_mut();
        let conditional = u.scope_type == ScopeType::Module || u.in_conditional_block > 0;
        let index = if conditional {
            let i = u.next_conditional_annotation_index;
            u.next_conditional_annotation_index += 1;
            Some(i)
        } else {
            None
        };
        u.deferred_annotations.get_or_insert_with(Vec::new).push((s, index.unwrap_or(-1)));
        index
    }

    /// `_PyCompile_StartAnnotationSetup`.
    pub fn start_annotation_setup(&mut self) {
        let u = self.u_mut();
        let parent = std::mem::replace(&mut u.seq, InstrSequence::new());
        u.stashed_seq = Some(parent);
    }

    /// `_PyCompile_EndAnnotationSetup`.
    pub fn end_annotation_setup(&mut self) {
        let u = self.u_mut();
        let parent = u.stashed_seq.take().expect("a stashed sequence");
        let anno = std::mem::replace(&mut u.seq, parent);
        u.seq.annotations_code = Some(Box::new(anno));
    }

    /// `compute_code_flags`.
    fn compute_code_flags(&self) -> i32 {
        let ste = self.ste();
        let mut flags = 0;
        if ste.is_function_like() {
            flags |= CO_NEWLOCALS | CO_OPTIMIZED;
            if ste.ste_nested {
                flags |= CO_NESTED;
            }
            if ste.ste_generator && !ste.ste_coroutine {
                flags |= CO_GENERATOR;
            }
            if ste.ste_generator && ste.ste_coroutine {
                flags |= CO_ASYNC_GENERATOR;
            }
            if ste.ste_varargs {
                flags |= CO_VARARGS;
            }
            if ste.ste_varkeywords {
                flags |= CO_VARKEYWORDS;
            }
            if ste.ste_has_docstring {
                flags |= CO_HAS_DOCSTRING;
            }
            if ste.ste_method {
                flags |= CO_METHOD;
            }
        }
        if ste.ste_coroutine && !ste.ste_generator {
            flags |= CO_COROUTINE;
        }
        flags | (self.cf_flags & PY_CF_MASK)
    }

    /// `_PyCompile_OptimizeAndAssemble` (with
    /// `optimize_and_assemble_code_unit`): the code object of the current
    /// unit, after `_PyCodegen_AddReturnAtEnd`.
    pub fn optimize_and_assemble(&mut self, add_none: bool) -> CResult<Code> {
        let code_flags = self.compute_code_flags();
        self.add_return_at_end(add_none);
        let nparams = self.ste().ste_varnames.len();
        let u = self.u_mut();
        let md = &u.md;
        let umd = CodeUnitMetadata {
            name: PyStr::from(md.name.as_str()),
            qualname: md.qualname.as_deref().map(PyStr::from),
            names: md.names.to_pystrs(),
            varnames: md.varnames.to_pystrs(),
            cellvars: md.cellvars.to_pystrs(),
            freevars: md.freevars.to_pystrs(),
            fasthidden: md.fasthidden.to_pystrs(),
            argcount: md.argcount,
            posonlyargcount: md.posonlyargcount,
            kwonlyargcount: md.kwonlyargcount,
            firstlineno: md.firstlineno,
        };
        let consts = md.consts.values.clone();
        let filename = self.filename.clone();
        let u = self.units.last_mut().expect("a current unit");
        Ok(optimize_and_assemble(&mut u.seq, &umd, consts, nparams, code_flags, &filename)?)
    }
}

/// `dictbytype`: the names of `ste` whose scope is `scope` or that have
/// `flag`, in sorted order, appended to `dest`.
fn dict_by_type(ste: &SymtableEntry, scope: Scope, flag: i64, dest: &mut NameMap) {
    dict_by_type_from(ste, scope, flag, dest, 0);
}

/// `dictbytype` with values numbered from `offset`.
fn dict_by_type_from(ste: &SymtableEntry, scope: Scope, flag: i64, dest: &mut NameMap, offset: usize) {
    let mut keys: Vec<(&str, i64)> = ste.ste_symbols.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let mut i = offset;
    for (k, v) in keys {
        if Scope::from_symbol(v) == Some(scope) || v & flag != 0 {
            dest.insert(k, i);
            i += 1;
        }
    }
}

/// `_PyCompile_CleanDoc`: `inspect.cleandoc` without removing leading and
/// trailing blank lines (so line numbers stay meaningful).
pub fn clean_doc(doc: &PyStr) -> PyStr {
    let cps: Vec<u32> = expand_tabs(doc);
    let nl = '\n' as u32;
    let sp = ' ' as u32;
    let lines: Vec<&[u32]> = cps.split(|&c| c == nl).collect();
    let mut margin = usize::MAX;
    for line in lines.iter().skip(1) {
        let indent = line.iter().take_while(|&&c| c == sp).count();
        if indent < line.len() {
            margin = margin.min(indent);
        }
    }
    if margin == usize::MAX {
        margin = 0;
    }
    let first_indent = lines[0].iter().take_while(|&&c| c == sp).count();
    let mut out = PyStr::new();
    if first_indent == 0 && margin == 0 {
        cps.iter().for_each(|&c| out.push_code_point(c));
        return out;
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_code_point(nl);
        }
        let skip = if i == 0 { first_indent } else { line.iter().take(margin).take_while(|&&c| c == sp).count() };
        line[skip..].iter().for_each(|&c| out.push_code_point(c));
    }
    out
}

/// `str.expandtabs()` (tab size 8), as code points.
fn expand_tabs(s: &PyStr) -> Vec<u32> {
    let mut out = Vec::new();
    let mut col = 0usize;
    for c in s.code_points() {
        match c {
            0x09 => {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ' as u32, n));
                col += n;
            }
            0x0A | 0x0D => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// `_PyAST_Compile`: compiles a tree with the given future features already
/// merged (`compiler_setup` after the preprocessing and `compiler_mod`).
fn compile_tree<'a>(
    module: &'a Mod,
    filename: &str,
    future: FutureFeatures,
    cf_flags: i32,
    optimize: i32,
    warnings: &'a mut (dyn WarningSink + Send),
) -> CResult<Code> {
    let st = SymbolTable::build(module, filename, future)?;
    let mut c = Compiler {
        filename: PyStr::from(filename),
        st,
        future,
        cf_flags,
        optimize,
        interactive: false,
        units: Vec::new(),
        disable_warning: 0,
        warnings,
    };
    c.compiler_mod(module)
}

/// `_PyAST_Compile`: future features, `_PyAST_Preprocess` (which rewrites
/// `module` in place), the symbol table, codegen, the flowgraph and the
/// assembler. `cf_flags` are `PyCompilerFlags.cf_flags` (future flags and
/// `PyCF_ALLOW_TOP_LEVEL_AWAIT`); `optimize` is the resolved `-O` level.
/// SyntaxWarnings go to `warnings`.
pub fn compile_ast(
    module: &mut Mod,
    filename: &str,
    cf_flags: i32,
    optimize: i32,
    warnings: &mut (dyn WarningSink + Send),
) -> CResult<Code> {
    compile_parsed(module, filename, cf_flags, optimize, warnings)
}

/// [`compile_ast`]; a SyntaxError found there gets its `text` from the
/// file named `filename` (`PyErr_ProgramTextObject`, read on the
/// caller's thread as it may decode through the codec registry), so a
/// source that is not a readable file gives errors without text.
fn compile_parsed(
    module: &mut Mod,
    filename: &str,
    cf_flags: i32,
    optimize: i32,
    warnings: &mut (dyn WarningSink + Send),
) -> CResult<Code> {
    let mut run = || {
        let mut future = future_from_ast(module).map_err(CompileError::Syntax)?;
        let merged = future.ff_features | cf_flags;
        future.ff_features = merged;
        let opts = PreprocessOptions {
            optimize,
            future_annotations: merged & CO_FUTURE_ANNOTATIONS != 0,
            syntax_check_only: false,
            enable_warnings: true,
        };
        run_on_big_stack(|| {
            preprocess(module, &opts, warnings)?;
            compile_tree(module, filename, future, merged, optimize, warnings)
        })
    };
    run().map_err(|e| with_program_text(e, filename))
}

/// Gives a post-parse SyntaxError the `text` of its line in `filename`.
fn with_program_text(e: CompileError, filename: &str) -> CompileError {
    match e {
        CompileError::Syntax(mut s) => {
            s.text = crate::parser::tokenizer::program_text(filename, s.lineno);
            CompileError::Syntax(s)
        }
        other => other,
    }
}

/// `compile(source, filename, mode, flags, optimize=optimize)` for source
/// text: parses, then [`compile_ast`].
pub fn compile_module(source: &str, filename: &str, mode: Mode, cf_flags: i32, optimize: i32) -> CResult<Code> {
    let mut warnings: Vec<SyntaxWarning> = Vec::new();
    compile_source(source, filename, mode, cf_flags, optimize, &mut warnings)
}

/// [`compile_module`] with the SyntaxWarnings sent to `warnings`.
pub fn compile_source(
    source: &str,
    filename: &str,
    mode: Mode,
    cf_flags: i32,
    optimize: i32,
    warnings: &mut (dyn WarningSink + Send),
) -> CResult<Code> {
    let mut module = emit_parser_warnings(parse_warn(source, filename, mode), warnings)?;
    compile_parsed(&mut module, filename, cf_flags, optimize, warnings)
}

/// `compile(source_bytes, filename, mode, flags, optimize=optimize)`: the
/// source is decoded as its BOM or PEP 263 coding declaration says (see
/// [`parse_bytes`]).
pub fn compile_bytes(source: &[u8], filename: &str, mode: Mode, cf_flags: i32, optimize: i32) -> CResult<Code> {
    let mut warnings: Vec<SyntaxWarning> = Vec::new();
    compile_bytes_source(source, filename, mode, cf_flags, optimize, &mut warnings)
}

/// [`compile_bytes`] with the SyntaxWarnings sent to `warnings`.
pub fn compile_bytes_source(
    source: &[u8],
    filename: &str,
    mode: Mode,
    cf_flags: i32,
    optimize: i32,
    warnings: &mut (dyn WarningSink + Send),
) -> CResult<Code> {
    let mut module = emit_parser_warnings(parse_bytes_warn(source, filename, mode), warnings)?;
    compile_parsed(&mut module, filename, cf_flags, optimize, warnings)
}

/// [`compile_bytes_source`] for the bytes of the script file `filename`
/// (`_PyParser_ASTFromFile`, see [`parse_file_bytes_warn`]).
pub fn compile_file_bytes_source(
    source: &[u8],
    filename: &str,
    mode: Mode,
    cf_flags: i32,
    optimize: i32,
    warnings: &mut (dyn WarningSink + Send),
) -> CResult<Code> {
    let mut module = emit_parser_warnings(parse_file_bytes_warn(source, filename, mode), warnings)?;
    compile_parsed(&mut module, filename, cf_flags, optimize, warnings)
}

/// Sends the SyntaxWarnings the parser found to `sink` (as CPython's
/// parser emits them while it runs), then yields the parse's result.
pub fn emit_parser_warnings(parsed: Parsed, sink: &mut (dyn WarningSink + Send)) -> CResult<Mod> {
    let (res, warnings) = parsed;
    for w in warnings {
        let lineno = i32::try_from(w.lineno).unwrap_or(i32::MAX);
        sink.syntax_warning(SyntaxWarning {
            msg: w.msg,
            lineno,
            offset: 0,
            end_lineno: lineno,
            end_offset: 0,
            error: Some(w.error),
        })
        .map_err(CompileError::Syntax)?;
    }
    Ok(res?)
}

/// Runs `f` on a thread with [`COMPILER_STACK_SIZE`] of stack.
fn run_on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("rupy-compiler".into())
            .stack_size(COMPILER_STACK_SIZE)
            .spawn_scoped(s, f)
            .expect("spawn the compiler thread")
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

impl<'a> Compiler<'a> {
    /// `compiler_mod` with `compiler_codegen`.
    fn compiler_mod(&mut self, module: &'a Mod) -> CResult<Code> {
        self.enter_anonymous_scope(module)?;
        let add_none = !matches!(module, Mod::Expression { .. });
        match module {
            Mod::Module(m) => self.codegen_module(start_location(&m.body), &m.body, false)?,
            Mod::Interactive { body } => {
                self.interactive = true;
                self.codegen_module(start_location(body), body, true)?
            }
            Mod::Expression { body } => self.visit_expr(body)?,
            Mod::FunctionType { .. } => {
                return Err(CompileError::System("module kind 4 should not be possible".into()));
            }
        }
        let co = self.optimize_and_assemble(add_none)?;
        self.exit_scope();
        Ok(co)
    }
}

/// `start_location`: the location of the first statement, else line 1.
fn start_location(stmts: &[Stmt]) -> Location {
    match stmts.first() {
        Some(s) => s.loc,
        None => Location { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 },
    }
}
