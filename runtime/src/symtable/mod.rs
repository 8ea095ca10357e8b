//! The symbol table: a port of CPython 3.14's Python/symtable.c and
//! Include/internal/pycore_symtable.h.
//!
//! [`SymbolTable::build`] (`_PySymtable_Build`) makes the two passes of
//! symtable.c over an AST: the first ([`build`](self::build)) creates one
//! [`SymtableEntry`] per scope and records raw facts about each name as
//! `DEF_*` flags; the second ([`analyze`](self::analyze)) decides the scope of
//! every name (`LOCAL`, `GLOBAL_EXPLICIT`, `GLOBAL_IMPLICIT`, `FREE`, `CELL`),
//! inlines comprehensions (PEP 709) and stores the scope in the flags'
//! bits from [`SCOPE_OFFSET`].
//!
//! Entries live in an arena ([`SymbolTable::entries`]) and refer to each
//! other by [`EntryId`]; `ste_id`, the key the compiler uses to find the
//! entry of an AST node, is a [`BlockKey`] made from the node's address, as
//! CPython keys `st_blocks` by `PyLong_FromVoidPtr(node)`.

mod analyze;
mod build;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};

use crate::ast::{self, ExprKind, StmtKind};
use crate::compile::future::FutureFeatures;
use crate::parser::error::SyntaxError;

/// `_Py_SourceLocation`: the same four fields as an AST node's location.
pub type SourceLocation = ast::Location;

/// `NO_LOCATION`.
pub const NO_LOCATION: SourceLocation = SourceLocation {
    lineno: -1,
    col_offset: -1,
    end_lineno: -1,
    end_col_offset: -1,
};

/// `DEF_GLOBAL`: global statement.
pub const DEF_GLOBAL: i64 = 1;
/// `DEF_LOCAL`: assignment in the code block.
pub const DEF_LOCAL: i64 = 2;
/// `DEF_PARAM`: formal parameter.
pub const DEF_PARAM: i64 = 2 << 1;
/// `DEF_NONLOCAL`: nonlocal statement.
pub const DEF_NONLOCAL: i64 = 2 << 2;
/// `USE`: the name is used.
pub const USE: i64 = 2 << 3;
/// `DEF_FREE_CLASS`: free variable from a method of the class.
pub const DEF_FREE_CLASS: i64 = 2 << 5;
/// `DEF_IMPORT`: bound by an import.
pub const DEF_IMPORT: i64 = 2 << 6;
/// `DEF_ANNOT`: the name is annotated.
pub const DEF_ANNOT: i64 = 2 << 7;
/// `DEF_COMP_ITER`: a comprehension iteration variable.
pub const DEF_COMP_ITER: i64 = 2 << 8;
/// `DEF_TYPE_PARAM`: a type parameter.
pub const DEF_TYPE_PARAM: i64 = 2 << 9;
/// `DEF_COMP_CELL`: a cell in an inlined comprehension.
pub const DEF_COMP_CELL: i64 = 2 << 10;
/// `DEF_BOUND`.
pub const DEF_BOUND: i64 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// `SCOPE_OFFSET`: the scope is stored in the flags from this bit on.
pub const SCOPE_OFFSET: i64 = 12;
/// `SCOPE_MASK`.
pub const SCOPE_MASK: i64 = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL;

/// The scope of a name after analysis (`LOCAL` ... `CELL`, numbered as in
/// CPython).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i64)]
pub enum Scope {
    Local = 1,
    GlobalExplicit = 2,
    GlobalImplicit = 3,
    Free = 4,
    Cell = 5,
}

impl Scope {
    /// `SYMBOL_TO_SCOPE`: the scope stored in analyzed flags, if any.
    pub fn from_symbol(flags: i64) -> Option<Scope> {
        match (flags >> SCOPE_OFFSET) & SCOPE_MASK {
            1 => Some(Scope::Local),
            2 => Some(Scope::GlobalExplicit),
            3 => Some(Scope::GlobalImplicit),
            4 => Some(Scope::Free),
            5 => Some(Scope::Cell),
            _ => None,
        }
    }
}

/// `_Py_block_ty`, numbered as CPython's enum (and `_symtable.TYPE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockType {
    Function = 0,
    Class = 1,
    Module = 2,
    /// An `__annotate__` scope (PEP 649).
    Annotation = 3,
    /// The value of a `type` statement (PEP 695).
    TypeAlias = 4,
    /// The type parameters of a generic function, class or alias.
    TypeParameters = 5,
    /// The bound, constraints or default of one type variable.
    TypeVariable = 6,
}

/// `_Py_comprehension_ty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComprehensionType {
    NoComprehension = 0,
    ListComprehension = 1,
    DictComprehension = 2,
    SetComprehension = 3,
    GeneratorExpression = 4,
}

/// The index of an entry in [`SymbolTable::entries`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub usize);

/// `ste_id`: the key under which an entry is registered in `st_blocks`.
///
/// As in CPython it is the address of the AST node that opens the scope
/// (a `Stmt` for `def`/`class`/`type`, an `Expr` for a lambda or a
/// comprehension, the `Arguments` of a function for its `__annotate__`, the
/// `type_params` vector of a generic, a `TypeParam` for its bound, that
/// address plus one for its default, the enclosing block's key plus one
/// for the `__annotate__` of annotated assignments). The AST must not move
/// between building the table and looking entries up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockKey(pub usize);

impl BlockKey {
    /// The key of `node`: its address (`PyLong_FromVoidPtr`).
    pub fn of<T>(node: &T) -> BlockKey {
        BlockKey(node as *const T as usize)
    }

    /// The key one past this one (`(uintptr_t)key + 1`).
    pub fn plus_one(self) -> BlockKey {
        BlockKey(self.0 + 1)
    }
}

/// An entry of `ste_directives`: a `global` or `nonlocal` declaration (or
/// the implicit one of a walrus in a comprehension) and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: Box<str>,
    pub loc: SourceLocation,
}

/// The index of a shared `ste_mangled_names` set in
/// [`SymbolTable::mangled_names`]: CPython shares one set object between a
/// generic class's type-parameter block and the blocks nested in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MangledNamesId(pub usize);

/// `ste_symbols`: names to flags, in insertion order (a Python dict).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Symbols {
    entries: Vec<(Box<str>, i64)>,
    index: HashMap<Box<str>, usize>,
}

impl Symbols {
    /// The flags of `name`, if present.
    pub fn get(&self, name: &str) -> Option<i64> {
        self.index.get(name).map(|&i| self.entries[i].1)
    }

    /// Sets the flags of `name`, appending it when new.
    pub fn set(&mut self, name: &str, flags: i64) {
        match self.index.get(name) {
            Some(&i) => self.entries[i].1 = flags,
            None => {
                self.index.insert(name.into(), self.entries.len());
                self.entries.push((name.into(), flags));
            }
        }
    }

    /// Removes `name` keeping the order of the others (`PyDict_DelItem`).
    pub fn remove(&mut self, name: &str) -> Option<i64> {
        let i = self.index.remove(name)?;
        let (_, flags) = self.entries.remove(i);
        for (n, _) in &self.entries[i..] {
            *self.index.get_mut(n).expect("indexed name") -= 1;
        }
        Some(flags)
    }

    /// The names and flags in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, i64)> {
        self.entries.iter().map(|(n, f)| (&**n, *f))
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// `PySTEntryObject`: the symbol table of one scope.
#[derive(Clone, Debug)]
pub struct SymtableEntry {
    /// Key in `st_blocks`.
    pub ste_id: BlockKey,
    /// Names to flags.
    pub ste_symbols: Symbols,
    /// The name of the block (`top`, a function or class name, `lambda`,
    /// `listcomp`, `__annotate__`, a type parameter's name ...).
    pub ste_name: Box<str>,
    /// The parameters, in order.
    pub ste_varnames: Vec<Box<str>>,
    /// The child blocks, in order of appearance.
    pub ste_children: Vec<EntryId>,
    /// Where the `global`/`nonlocal` statements of the block are.
    pub ste_directives: Vec<Directive>,
    /// The names to mangle in a generic class's type-parameter scope; `None`
    /// means "mangle every private name".
    pub ste_mangled_names: Option<MangledNamesId>,
    pub ste_type: BlockType,
    /// What a type-variable block evaluates ("a TypeVar bound" ...), for
    /// error messages.
    pub ste_scope_info: Option<&'static str>,
    /// True if the block is nested in a function-like block.
    pub ste_nested: bool,
    pub ste_generator: bool,
    pub ste_coroutine: bool,
    pub ste_comprehension: ComprehensionType,
    pub ste_varargs: bool,
    pub ste_varkeywords: bool,
    /// True if the block has a `return` with a value.
    pub ste_returns_value: bool,
    /// For class blocks: a closure over `__class__` must be created.
    pub ste_needs_class_closure: bool,
    /// For class blocks: a closure over the class dict must be created.
    pub ste_needs_classdict: bool,
    /// The block has annotations executed conditionally (PEP 649), so it
    /// needs a `__conditional_annotations__` set.
    pub ste_has_conditional_annotations: bool,
    /// Set while visiting the body of an `if`, loop, `try`, `with`, `match`.
    pub ste_in_conditional_block: bool,
    /// Set while visiting an annotation that is never evaluated (inside a
    /// function body).
    pub ste_in_unevaluated_annotation: bool,
    /// True if the comprehension is inlined in its parent (PEP 709).
    pub ste_comp_inlined: bool,
    /// Set while visiting a comprehension's target.
    pub ste_comp_iter_target: bool,
    /// True if names bound in the enclosing class are visible (annotation
    /// and type-parameter scopes in a class).
    pub ste_can_see_class_scope: bool,
    /// Non-zero while visiting a comprehension's iterable expression.
    pub ste_comp_iter_expr: i32,
    /// True if the block contains annotations.
    pub ste_annotations_used: bool,
    /// The `__annotate__` block of the annotated assignments of this block.
    pub ste_annotation_block: Option<EntryId>,
    pub ste_has_docstring: bool,
    /// True for a function defined directly in a class body.
    pub ste_method: bool,
    /// Where the block starts.
    pub ste_loc: SourceLocation,
}

impl SymtableEntry {
    /// `_PyST_GetSymbol`: the flags of `name`, 0 when absent.
    pub fn get_symbol(&self, name: &str) -> i64 {
        self.ste_symbols.get(name).unwrap_or(0)
    }

    /// `_PyST_GetScope`: the scope of `name`, `None` when absent.
    pub fn get_scope(&self, name: &str) -> Option<Scope> {
        Scope::from_symbol(self.get_symbol(name))
    }

    /// `_PyST_IsFunctionLike`.
    pub fn is_function_like(&self) -> bool {
        matches!(
            self.ste_type,
            BlockType::Function
                | BlockType::Annotation
                | BlockType::TypeVariable
                | BlockType::TypeAlias
                | BlockType::TypeParameters
        )
    }
}

/// Why building a symbol table failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SymtableError {
    /// A compile-time `SyntaxError`. Offsets are 1-based UTF-8 *byte*
    /// offsets and `text` is `None`, as `PyErr_RangedSyntaxLocationObject`
    /// leaves them; the compiler adds the file name and source line.
    Syntax(SyntaxError),
    /// `RecursionError: maximum recursion depth exceeded during compilation`.
    Recursion,
    /// `RuntimeError` with this message (unsupported input kind).
    Runtime(&'static str),
}

impl From<SyntaxError> for SymtableError {
    fn from(e: SyntaxError) -> SymtableError {
        SymtableError::Syntax(e)
    }
}

/// `struct symtable` after both passes.
#[derive(Clone, Debug)]
pub struct SymbolTable {
    /// The file name passed to [`SymbolTable::build`].
    pub st_filename: Box<str>,
    /// The module's entry.
    pub st_top: EntryId,
    /// AST node keys to entries.
    pub st_blocks: HashMap<BlockKey, EntryId>,
    /// The future features the table was built with.
    pub st_future: FutureFeatures,
    /// Every entry, in creation order; `st_top` is the first.
    pub entries: Vec<SymtableEntry>,
    /// The `ste_mangled_names` sets.
    pub mangled_names: Vec<BTreeSet<Box<str>>>,
}

/// The deepest nesting of AST visits before the build fails with
/// `RecursionError` (CPython's `Py_EnterRecursiveCall(" during
/// compilation")`). Callers must run the build on a stack deep enough for
/// it, as CPython needs a deep enough C stack.
pub const MAX_RECURSION_DEPTH: u32 = 4000;

impl SymbolTable {
    /// `_PySymtable_Build`: builds and analyzes the symbol table of
    /// `module`. `future` carries the future features of the module
    /// ([`future_from_ast`](crate::compile::future::future_from_ast)) merged
    /// with the compiler flags (`PyCF_ALLOW_TOP_LEVEL_AWAIT`).
    pub fn build(
        module: &ast::Mod,
        filename: &str,
        future: FutureFeatures,
    ) -> Result<SymbolTable, SymtableError> {
        let mut st = build::Builder::new(filename, future).run(module)?;
        analyze::symtable_analyze(&mut st)?;
        Ok(st)
    }

    /// The module's entry.
    pub fn top(&self) -> &SymtableEntry {
        &self.entries[self.st_top.0]
    }

    /// The entry `id`.
    pub fn entry(&self, id: EntryId) -> &SymtableEntry {
        &self.entries[id.0]
    }

    /// `_PySymtable_LookupOptional`: the entry registered for `key`.
    pub fn lookup(&self, key: BlockKey) -> Option<EntryId> {
        self.st_blocks.get(&key).copied()
    }

    /// `_Py_MaybeMangle`: mangles `name` for use in `ste`, except in a
    /// generic class's type-parameter scope, where only the type parameters
    /// themselves are mangled.
    pub fn maybe_mangle<'n>(
        &self,
        private: Option<&str>,
        ste: &SymtableEntry,
        name: &'n str,
    ) -> std::borrow::Cow<'n, str> {
        maybe_mangle(&self.mangled_names, private, ste, name)
    }
}

/// `_Py_MaybeMangle` over the table's mangled-name sets.
fn maybe_mangle<'n>(
    sets: &[BTreeSet<Box<str>>],
    private: Option<&str>,
    ste: &SymtableEntry,
    name: &'n str,
) -> std::borrow::Cow<'n, str> {
    if ste
        .ste_mangled_names
        .is_some_and(|set| !sets[set.0].contains(name))
    {
        return std::borrow::Cow::Borrowed(name);
    }
    mangle(private, name)
}

/// `_Py_Mangle`: class-private name mangling. Inside class `private`,
/// `__spam` becomes `_private__spam` (leading underscores of the class name
/// stripped); dunder names, dotted names and names in a class whose name is
/// only underscores are left alone.
pub fn mangle<'n>(private: Option<&str>, ident: &'n str) -> std::borrow::Cow<'n, str> {
    use std::borrow::Cow;
    let Some(private) = private else {
        return Cow::Borrowed(ident);
    };
    if !ident.starts_with("__") {
        return Cow::Borrowed(ident);
    }
    // `__` alone ends with `__` too: CPython reads the same two characters.
    if ident.ends_with("__") || ident.contains('.') {
        return Cow::Borrowed(ident);
    }
    let stripped = private.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(ident);
    }
    let mut out = String::with_capacity(1 + stripped.len() + ident.len());
    out.push('_');
    out.push_str(stripped);
    out.push_str(ident);
    Cow::Owned(out)
}

/// `_PyAST_GetDocString` (Python/ast.c): the docstring of a body, if its
/// first statement is a string constant expression.
pub fn get_docstring(body: &[ast::Stmt]) -> Option<&ast::PyStr> {
    let StmtKind::Expr { value } = &body.first()?.kind else {
        return None;
    };
    match &value.kind {
        ExprKind::Constant { value, .. } => match &**value {
            ast::Constant::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}
