//! The first pass of symtable.c: the `symtable_visit_*` functions, which
//! create the blocks and record raw `DEF_*` facts about every name.

use std::collections::{BTreeSet, HashMap};

use super::*;
use crate::ast::{
    Alias, Arg, Arguments, Comprehension, ExceptHandler, Expr, ExprContext, Keyword, MatchCase,
    Mod, Pattern, PatternKind, Stmt, TypeParam, TypeParamKind, WithItem,
};
use crate::compile::future::{syntax_error_at, CO_FUTURE_ANNOTATIONS, PY_CF_ALLOW_TOP_LEVEL_AWAIT};

type Result<T> = std::result::Result<T, SymtableError>;

/// A SyntaxError at `loc` (`PyErr_SetString` + `SET_ERROR_LOCATION`).
fn error(msg: impl Into<String>, loc: SourceLocation) -> SymtableError {
    SymtableError::Syntax(syntax_error_at(msg.into(), loc))
}

/// `struct symtable` while the first pass runs.
pub(super) struct Builder<'a> {
    st: SymbolTable,
    /// `st_cur`.
    cur: Option<EntryId>,
    /// `st_stack`.
    stack: Vec<EntryId>,
    /// `st_global`: the entry whose symbols are the module's.
    global: EntryId,
    /// `st_private`: the name of the enclosing class.
    private: Option<&'a str>,
    /// `recursion_depth`.
    depth: u32,
}

impl<'a> Builder<'a> {
    /// `symtable_new`.
    pub(super) fn new(filename: &str, future: FutureFeatures) -> Builder<'a> {
        Builder {
            st: SymbolTable {
                st_filename: filename.into(),
                st_top: EntryId(0),
                st_blocks: HashMap::new(),
                st_future: future,
                entries: Vec::new(),
                mangled_names: Vec::new(),
            },
            cur: None,
            stack: Vec::new(),
            global: EntryId(0),
            private: None,
            depth: 0,
        }
    }

    /// The first pass of `_PySymtable_Build`.
    pub(super) fn run(mut self, module: &'a Mod) -> Result<SymbolTable> {
        let loc0 = SourceLocation::default();
        self.enter_block("top", BlockType::Module, BlockKey::of(module), loc0)?;
        self.st.st_top = self.cur();
        match module {
            Mod::Module(m) => {
                if get_docstring(&m.body).is_some() {
                    self.cur_mut().ste_has_docstring = true;
                }
                self.visit_stmts(&m.body)?;
            }
            Mod::Expression { body } => self.visit_expr(body)?,
            Mod::Interactive { body } => self.visit_stmts(body)?,
            Mod::FunctionType { .. } => {
                return Err(SymtableError::Runtime(
                    "this compiler does not handle FunctionTypes",
                ));
            }
        }
        self.exit_block();
        Ok(self.st)
    }

    fn cur(&self) -> EntryId {
        self.cur.expect("a current block")
    }

    fn ste(&self, id: EntryId) -> &SymtableEntry {
        &self.st.entries[id.0]
    }

    fn ste_mut(&mut self, id: EntryId) -> &mut SymtableEntry {
        &mut self.st.entries[id.0]
    }

    fn cur_ref(&self) -> &SymtableEntry {
        self.ste(self.cur())
    }

    fn cur_mut(&mut self) -> &mut SymtableEntry {
        let id = self.cur();
        self.ste_mut(id)
    }

    /// `ENTER_RECURSIVE`.
    fn enter_recursive(&mut self) -> Result<()> {
        if self.depth >= MAX_RECURSION_DEPTH {
            return Err(SymtableError::Recursion);
        }
        self.depth += 1;
        Ok(())
    }

    /// `LEAVE_RECURSIVE`.
    fn leave_recursive(&mut self) {
        self.depth -= 1;
    }

    /// `ste_new`: creates an entry (registered in `st_blocks`, not yet
    /// entered).
    fn ste_new(
        &mut self,
        name: &str,
        block: BlockType,
        key: BlockKey,
        loc: SourceLocation,
    ) -> EntryId {
        let (nested, method) = match self.cur {
            Some(c) => {
                let cur = self.ste(c);
                (
                    cur.ste_nested || cur.is_function_like(),
                    cur.ste_type == BlockType::Class && block == BlockType::Function,
                )
            }
            None => (false, false),
        };
        let id = EntryId(self.st.entries.len());
        self.st.entries.push(SymtableEntry {
            ste_id: key,
            ste_symbols: Symbols::default(),
            ste_name: name.into(),
            ste_varnames: Vec::new(),
            ste_children: Vec::new(),
            ste_directives: Vec::new(),
            ste_mangled_names: None,
            ste_type: block,
            ste_scope_info: None,
            ste_nested: nested,
            ste_generator: false,
            ste_coroutine: false,
            ste_comprehension: ComprehensionType::NoComprehension,
            ste_varargs: false,
            ste_varkeywords: false,
            ste_returns_value: false,
            ste_needs_class_closure: false,
            ste_needs_classdict: false,
            ste_has_conditional_annotations: false,
            ste_in_conditional_block: false,
            ste_in_unevaluated_annotation: false,
            ste_comp_inlined: false,
            ste_comp_iter_target: false,
            ste_can_see_class_scope: false,
            ste_comp_iter_expr: 0,
            ste_annotations_used: false,
            ste_annotation_block: None,
            ste_has_docstring: false,
            ste_method: method,
            ste_loc: loc,
        });
        self.st.st_blocks.insert(key, id);
        id
    }

    /// `symtable_exit_block`.
    fn exit_block(&mut self) {
        self.stack.pop();
        self.cur = self.stack.last().copied();
    }

    /// `symtable_enter_existing_block`. A block entered again (the
    /// `__annotate__` block of a second annotation) is not added to the
    /// parent's children twice.
    fn enter_existing_block(&mut self, ste: EntryId, add_to_children: bool) {
        self.stack.push(ste);
        let prev = self.cur;
        if let Some(prev) = prev {
            let (iter_expr, mangled) = {
                let p = self.ste(prev);
                (p.ste_comp_iter_expr, p.ste_mangled_names)
            };
            let e = self.ste_mut(ste);
            e.ste_comp_iter_expr = iter_expr;
            // Classes mangle every name: they never inherit the set.
            if mangled.is_some() && e.ste_type != BlockType::Class {
                e.ste_mangled_names = mangled;
            }
        }
        self.cur = Some(ste);
        // Under `from __future__ import annotations` annotations become
        // strings: their blocks stay out of the tree.
        if self.st.st_future.ff_features & CO_FUTURE_ANNOTATIONS != 0
            && self.ste(ste).ste_type == BlockType::Annotation
        {
            return;
        }
        if self.ste(ste).ste_type == BlockType::Module {
            self.global = ste;
        }
        if let (Some(prev), true) = (prev, add_to_children) {
            self.ste_mut(prev).ste_children.push(ste);
        }
    }

    /// `symtable_enter_block`.
    fn enter_block(
        &mut self,
        name: &str,
        block: BlockType,
        key: BlockKey,
        loc: SourceLocation,
    ) -> Result<()> {
        let ste = self.ste_new(name, block, key, loc);
        self.enter_existing_block(ste, true);
        if matches!(
            block,
            BlockType::Annotation | BlockType::TypeVariable | BlockType::TypeAlias
        ) {
            // The `format` argument of the generated function.
            self.add_def(".format", DEF_PARAM, loc)?;
            self.add_def(".format", USE, loc)?;
        }
        Ok(())
    }

    /// `symtable_lookup_entry`: the flags of `name` (mangled) in `ste`.
    fn lookup_entry(&self, ste: EntryId, name: &str) -> i64 {
        let e = self.ste(ste);
        let mangled = maybe_mangle(&self.st.mangled_names, self.private, e, name);
        e.get_symbol(&mangled)
    }

    /// `symtable_lookup`.
    fn lookup(&self, name: &str) -> i64 {
        self.lookup_entry(self.cur(), name)
    }

    /// `symtable_add_def_helper`: adds `flag` to `name` in `ste`.
    fn add_def_helper(
        &mut self,
        name: &str,
        flag: i64,
        ste: EntryId,
        loc: SourceLocation,
    ) -> Result<()> {
        let mangled: Box<str> = {
            let cur = self.cur_ref();
            maybe_mangle(&self.st.mangled_names, self.private, cur, name).into()
        };
        let e = self.ste_mut(ste);
        let mut val = match e.ste_symbols.get(&mangled) {
            Some(val) => {
                if flag & DEF_PARAM != 0 && val & DEF_PARAM != 0 {
                    return Err(error(
                        format!("duplicate argument '{name}' in function definition"),
                        loc,
                    ));
                }
                if flag & DEF_TYPE_PARAM != 0 && val & DEF_TYPE_PARAM != 0 {
                    return Err(error(format!("duplicate type parameter '{name}'"), loc));
                }
                val | flag
            }
            None => flag,
        };
        if e.ste_comp_iter_target {
            // A comprehension iteration variable: it may not also be the
            // target of a named expression.
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(error(
                    format!("comprehension inner loop cannot rebind assignment expression target '{name}'"),
                    loc,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        e.ste_symbols.set(&mangled, val);
        if flag & DEF_PARAM != 0 {
            e.ste_varnames.push(mangled);
        } else if flag & DEF_GLOBAL != 0 {
            let global = self.global;
            let g = &mut self.ste_mut(global).ste_symbols;
            let val = g.get(&mangled).unwrap_or(0) | flag;
            g.set(&mangled, val);
        }
        Ok(())
    }

    /// `check_name`: `__debug__` cannot be bound or deleted.
    fn check_name(&self, name: &str, loc: SourceLocation, ctx: ExprContext) -> Result<()> {
        if name == "__debug__" {
            match ctx {
                ExprContext::Store => return Err(error("cannot assign to __debug__", loc)),
                ExprContext::Del => return Err(error("cannot delete __debug__", loc)),
                ExprContext::Load => {}
            }
        }
        Ok(())
    }

    /// `check_keywords`.
    fn check_keywords(&self, keywords: &[Keyword]) -> Result<()> {
        for key in keywords {
            if let Some(arg) = &key.arg {
                self.check_name(arg, key.loc, ExprContext::Store)?;
            }
        }
        Ok(())
    }

    /// `check_kwd_patterns`.
    fn check_kwd_patterns(
        &self,
        kwd_attrs: &[ast::Identifier],
        kwd_patterns: &[Pattern],
    ) -> Result<()> {
        for (attr, pattern) in kwd_attrs.iter().zip(kwd_patterns) {
            self.check_name(attr, pattern.loc, ExprContext::Store)?;
        }
        Ok(())
    }

    /// `symtable_add_def_ctx`.
    fn add_def_ctx(
        &mut self,
        name: &str,
        flag: i64,
        loc: SourceLocation,
        ctx: ExprContext,
    ) -> Result<()> {
        let write_mask = DEF_PARAM | DEF_LOCAL | DEF_IMPORT;
        if flag & write_mask != 0 {
            self.check_name(name, loc, ctx)?;
        }
        if let (true, Some(set)) = (flag & DEF_TYPE_PARAM != 0, self.cur_ref().ste_mangled_names) {
            self.st.mangled_names[set.0].insert(name.into());
        }
        let cur = self.cur();
        self.add_def_helper(name, flag, cur, loc)
    }

    /// `symtable_add_def`.
    fn add_def(&mut self, name: &str, flag: i64, loc: SourceLocation) -> Result<()> {
        let ctx = if flag == USE {
            ExprContext::Load
        } else {
            ExprContext::Store
        };
        self.add_def_ctx(name, flag, loc, ctx)
    }

    /// `symtable_enter_type_param_block`.
    fn enter_type_param_block(
        &mut self,
        name: &str,
        key: BlockKey,
        has_defaults: bool,
        has_kwdefaults: bool,
        is_class: bool,
        loc: SourceLocation,
    ) -> Result<()> {
        let current_type = self.cur_ref().ste_type;
        self.enter_block(name, BlockType::TypeParameters, key, loc)?;
        if current_type == BlockType::Class {
            self.cur_mut().ste_can_see_class_scope = true;
            self.add_def("__classdict__", USE, loc)?;
        }
        if is_class {
            // Set when the type-params tuple is built, used for the bases.
            self.add_def(".type_params", DEF_LOCAL, loc)?;
            self.add_def(".type_params", USE, loc)?;
            // The `Generic[...]` base.
            self.add_def(".generic_base", DEF_LOCAL, loc)?;
            self.add_def(".generic_base", USE, loc)?;
        }
        if has_defaults {
            self.add_def(".defaults", DEF_PARAM, loc)?;
        }
        if has_kwdefaults {
            self.add_def(".kwdefaults", DEF_PARAM, loc)?;
        }
        Ok(())
    }

    /// `symtable_record_directive`.
    fn record_directive(&mut self, name: &str, loc: SourceLocation) {
        let cur = self.cur();
        let mangled: Box<str> =
            maybe_mangle(&self.st.mangled_names, self.private, self.ste(cur), name).into();
        self.ste_mut(cur)
            .ste_directives
            .push(Directive { name: mangled, loc });
    }

    /// `check_import_from`: a `from __future__` import after the leading ones.
    fn check_import_from(&self, s: &Stmt, module: Option<&str>, level: i32) -> Result<()> {
        let fut = self.st.st_future.ff_location;
        if module == Some("__future__")
            && level == 0
            && (s.loc.lineno > fut.lineno
                || (s.loc.lineno == fut.end_lineno && s.loc.col_offset > fut.end_col_offset))
        {
            return Err(error(
                "from __future__ imports must occur at the beginning of the file",
                s.loc,
            ));
        }
        Ok(())
    }

    /// `allows_top_level_await`.
    fn allows_top_level_await(&self) -> bool {
        self.st.st_future.ff_features & PY_CF_ALLOW_TOP_LEVEL_AWAIT != 0
            && self.cur_ref().ste_type == BlockType::Module
    }

    /// `maybe_set_ste_coroutine_for_module`.
    fn maybe_set_ste_coroutine_for_module(&mut self) {
        if self.allows_top_level_await() {
            self.cur_mut().ste_coroutine = true;
        }
    }

    /// `IS_ASYNC_DEF`.
    fn is_async_def(&self) -> bool {
        let cur = self.cur_ref();
        cur.ste_type == BlockType::Function && cur.ste_coroutine
    }

    fn visit_stmts(&mut self, stmts: &'a [Stmt]) -> Result<()> {
        stmts.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_exprs(&mut self, exprs: &'a [Expr]) -> Result<()> {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    /// `VISIT_SEQ_WITH_NULL` over expressions.
    fn visit_opt_exprs(&mut self, exprs: &'a [Option<Expr>]) -> Result<()> {
        exprs.iter().flatten().try_for_each(|e| self.visit_expr(e))
    }

    /// Runs `f` with `ste_in_conditional_block` set
    /// (`ENTER_CONDITIONAL_BLOCK` / `LEAVE_CONDITIONAL_BLOCK`).
    fn in_conditional_block(&mut self, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let saved = self.cur_ref().ste_in_conditional_block;
        self.cur_mut().ste_in_conditional_block = true;
        f(self)?;
        self.cur_mut().ste_in_conditional_block = saved;
        Ok(())
    }

    /// The `FunctionDef_kind` / `AsyncFunctionDef_kind` cases of
    /// `symtable_visit_stmt`.
    fn visit_function_def(
        &mut self,
        s: &'a Stmt,
        f: &'a ast::FunctionDef,
        is_async: bool,
    ) -> Result<()> {
        self.add_def(&f.name, DEF_LOCAL, s.loc)?;
        self.visit_exprs(&f.args.defaults)?;
        self.visit_opt_exprs(&f.args.kw_defaults)?;
        self.visit_exprs(&f.decorator_list)?;
        let generic = !f.type_params.is_empty();
        if generic {
            // The C code tests `args->defaults != NULL`, which always holds.
            let has_kwdefaults = f.args.kw_defaults.iter().any(Option::is_some);
            self.enter_type_param_block(
                &f.name,
                BlockKey::of(&f.type_params),
                true,
                has_kwdefaults,
                false,
                s.loc,
            )?;
            f.type_params
                .iter()
                .try_for_each(|tp| self.visit_type_param(tp))?;
        }
        let new_ste = self.ste_new(&f.name, BlockType::Function, BlockKey::of(s), s.loc);
        if get_docstring(&f.body).is_some() {
            self.ste_mut(new_ste).ste_has_docstring = true;
        }
        self.visit_annotations(s, &f.args, f.returns.as_deref())?;
        self.enter_existing_block(new_ste, true);
        if is_async {
            self.cur_mut().ste_coroutine = true;
        }
        self.visit_arguments(&f.args)?;
        self.visit_stmts(&f.body)?;
        self.exit_block();
        if generic {
            self.exit_block();
        }
        Ok(())
    }

    /// The `ClassDef_kind` case of `symtable_visit_stmt`.
    fn visit_class_def(&mut self, s: &'a Stmt, c: &'a ast::ClassDef) -> Result<()> {
        self.add_def(&c.name, DEF_LOCAL, s.loc)?;
        self.visit_exprs(&c.decorator_list)?;
        let saved_private = self.private;
        let generic = !c.type_params.is_empty();
        if generic {
            self.enter_type_param_block(
                &c.name,
                BlockKey::of(&c.type_params),
                false,
                false,
                true,
                s.loc,
            )?;
            self.private = Some(&c.name);
            let set = MangledNamesId(self.st.mangled_names.len());
            self.st.mangled_names.push(BTreeSet::new());
            self.cur_mut().ste_mangled_names = Some(set);
            c.type_params
                .iter()
                .try_for_each(|tp| self.visit_type_param(tp))?;
        }
        self.visit_exprs(&c.bases)?;
        self.check_keywords(&c.keywords)?;
        c.keywords
            .iter()
            .try_for_each(|k| self.visit_expr(&k.value))?;
        self.enter_block(&c.name, BlockType::Class, BlockKey::of(s), s.loc)?;
        self.private = Some(&c.name);
        if generic {
            self.add_def("__type_params__", DEF_LOCAL, s.loc)?;
            self.add_def(".type_params", USE, s.loc)?;
        }
        if get_docstring(&c.body).is_some() {
            self.cur_mut().ste_has_docstring = true;
        }
        self.visit_stmts(&c.body)?;
        self.exit_block();
        if generic {
            self.exit_block();
        }
        self.private = saved_private;
        Ok(())
    }

    /// The `TypeAlias_kind` case of `symtable_visit_stmt`.
    fn visit_type_alias(
        &mut self,
        s: &'a Stmt,
        name: &'a Expr,
        type_params: &'a Vec<TypeParam>,
        value: &'a Expr,
    ) -> Result<()> {
        self.visit_expr(name)?;
        let ExprKind::Name { id, .. } = &name.kind else {
            return Err(SymtableError::Runtime("type alias name must be a Name"));
        };
        let is_in_class = self.cur_ref().ste_type == BlockType::Class;
        let generic = !type_params.is_empty();
        if generic {
            self.enter_type_param_block(id, BlockKey::of(type_params), false, false, false, s.loc)?;
            type_params
                .iter()
                .try_for_each(|tp| self.visit_type_param(tp))?;
        }
        self.enter_block(id, BlockType::TypeAlias, BlockKey::of(s), s.loc)?;
        self.cur_mut().ste_can_see_class_scope = is_in_class;
        if is_in_class {
            self.add_def("__classdict__", USE, value.loc)?;
        }
        self.visit_expr(value)?;
        self.exit_block();
        if generic {
            self.exit_block();
        }
        Ok(())
    }

    /// The `AnnAssign_kind` case of `symtable_visit_stmt`.
    fn visit_ann_assign(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        annotation: &'a Expr,
        value: Option<&'a Expr>,
        simple: bool,
    ) -> Result<()> {
        self.cur_mut().ste_annotations_used = true;
        if let ExprKind::Name { id, .. } = &target.kind {
            let cur = self.lookup(id);
            if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur() != self.global && simple {
                let msg = if cur & DEF_GLOBAL != 0 {
                    format!("annotated name '{id}' can't be global")
                } else {
                    format!("annotated name '{id}' can't be nonlocal")
                };
                return Err(error(msg, s.loc));
            }
            if simple {
                self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.loc)?;
            } else if value.is_some() {
                self.add_def(id, DEF_LOCAL, target.loc)?;
            }
        } else {
            self.visit_expr(target)?;
        }
        let key = self.cur_ref().ste_id.plus_one();
        self.visit_annotation(annotation, key)?;
        if let Some(value) = value {
            self.visit_expr(value)?;
        }
        Ok(())
    }

    /// The `Global_kind` / `Nonlocal_kind` cases of `symtable_visit_stmt`.
    fn visit_declaration(
        &mut self,
        s: &Stmt,
        names: &[ast::Identifier],
        nonlocal: bool,
    ) -> Result<()> {
        let kind = if nonlocal { "nonlocal" } else { "global" };
        for name in names {
            let cur = self.lookup(name);
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                let msg = if cur & DEF_PARAM != 0 {
                    format!("name '{name}' is parameter and {kind}")
                } else if cur & USE != 0 {
                    format!("name '{name}' is used prior to {kind} declaration")
                } else if cur & DEF_ANNOT != 0 {
                    format!("annotated name '{name}' can't be {kind}")
                } else {
                    format!("name '{name}' is assigned to before {kind} declaration")
                };
                return Err(error(msg, s.loc));
            }
            self.add_def(
                name,
                if nonlocal { DEF_NONLOCAL } else { DEF_GLOBAL },
                s.loc,
            )?;
            self.record_directive(name, s.loc);
        }
        Ok(())
    }

    /// `symtable_visit_stmt`.
    fn visit_stmt(&mut self, s: &'a Stmt) -> Result<()> {
        self.enter_recursive()?;
        match &s.kind {
            StmtKind::FunctionDef(f) => self.visit_function_def(s, f, false)?,
            StmtKind::AsyncFunctionDef(f) => self.visit_function_def(s, f, true)?,
            StmtKind::ClassDef(c) => self.visit_class_def(s, c)?,
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => self.visit_type_alias(s, name, type_params, value)?,
            StmtKind::Return { value } => {
                if let Some(value) = value {
                    self.visit_expr(value)?;
                    self.cur_mut().ste_returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.visit_exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.visit_exprs(targets)?;
                self.visit_expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.visit_ann_assign(s, target, annotation, value.as_deref(), *simple)?,
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_expr(target)?;
                self.visit_expr(value)?;
            }
            StmtKind::For(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.in_conditional_block(|b| {
                    b.visit_stmts(&f.body)?;
                    b.visit_stmts(&f.orelse)
                })?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.visit_expr(test)?;
                self.in_conditional_block(|b| {
                    b.visit_stmts(body)?;
                    b.visit_stmts(orelse)
                })?;
            }
            StmtKind::Match { subject, cases } => {
                self.visit_expr(subject)?;
                self.in_conditional_block(|b| {
                    cases.iter().try_for_each(|m| b.visit_match_case(m))
                })?;
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(exc) = exc {
                    self.visit_expr(exc)?;
                    if let Some(cause) = cause {
                        self.visit_expr(cause)?;
                    }
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.in_conditional_block(|b| {
                    b.visit_stmts(&t.body)?;
                    t.handlers
                        .iter()
                        .try_for_each(|h| b.visit_excepthandler(h))?;
                    b.visit_stmts(&t.orelse)?;
                    b.visit_stmts(&t.finalbody)
                })?;
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                if let Some(msg) = msg {
                    self.visit_expr(msg)?;
                }
            }
            StmtKind::Import { names } => names.iter().try_for_each(|a| self.visit_alias(a))?,
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                names.iter().try_for_each(|a| self.visit_alias(a))?;
                self.check_import_from(s, module.as_deref(), *level)?;
            }
            StmtKind::Global { names } => self.visit_declaration(s, names, false)?,
            StmtKind::Nonlocal { names } => self.visit_declaration(s, names, true)?,
            StmtKind::Expr { value } => self.visit_expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::With { items, body, .. } => {
                self.in_conditional_block(|b| {
                    items.iter().try_for_each(|i| b.visit_withitem(i))?;
                    b.visit_stmts(body)
                })?;
            }
            StmtKind::AsyncWith { items, body, .. } => {
                self.maybe_set_ste_coroutine_for_module();
                self.raise_if_not_coroutine("'async with' outside async function", s.loc)?;
                self.in_conditional_block(|b| {
                    items.iter().try_for_each(|i| b.visit_withitem(i))?;
                    b.visit_stmts(body)
                })?;
            }
            StmtKind::AsyncFor(f) => {
                self.maybe_set_ste_coroutine_for_module();
                self.raise_if_not_coroutine("'async for' outside async function", s.loc)?;
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.in_conditional_block(|b| {
                    b.visit_stmts(&f.body)?;
                    b.visit_stmts(&f.orelse)
                })?;
            }
        }
        self.leave_recursive();
        Ok(())
    }

    /// `symtable_extend_namedexpr_scope`: binds the target of a walrus in a
    /// comprehension in the nearest enclosing non-comprehension scope.
    fn extend_namedexpr_scope(&mut self, e: &Expr) -> Result<()> {
        let ExprKind::Name {
            id: target_name, ..
        } = &e.kind
        else {
            return Err(SymtableError::Runtime(
                "named expression target must be a Name",
            ));
        };
        for i in (0..self.stack.len()).rev() {
            let ste = self.stack[i];
            let (comprehension, ste_type) = {
                let entry = self.ste(ste);
                (entry.ste_comprehension, entry.ste_type)
            };
            // A comprehension: check for a conflict with its iteration
            // variables and look further out.
            if comprehension != ComprehensionType::NoComprehension {
                let target_in_scope = self.lookup_entry(ste, target_name);
                if target_in_scope & DEF_COMP_ITER != 0 && target_in_scope & DEF_LOCAL != 0 {
                    return Err(error(
                        format!("assignment expression cannot rebind comprehension iteration variable '{target_name}'"),
                        e.loc,
                    ));
                }
                continue;
            }
            match ste_type {
                BlockType::Function => {
                    let target_in_scope = self.lookup_entry(ste, target_name);
                    if target_in_scope & DEF_GLOBAL != 0 {
                        self.add_def(target_name, DEF_GLOBAL, e.loc)?;
                    } else {
                        self.add_def(target_name, DEF_NONLOCAL, e.loc)?;
                    }
                    self.record_directive(target_name, e.loc);
                    return self.add_def_helper(target_name, DEF_LOCAL, ste, e.loc);
                }
                BlockType::Module => {
                    self.add_def(target_name, DEF_GLOBAL, e.loc)?;
                    self.record_directive(target_name, e.loc);
                    return self.add_def_helper(target_name, DEF_GLOBAL, ste, e.loc);
                }
                BlockType::Class => {
                    return Err(error(
                        "assignment expression within a comprehension cannot be used in a class body",
                        e.loc,
                    ))
                }
                BlockType::TypeParameters => {
                    return Err(error(
                        "assignment expression within a comprehension cannot be used within the definition of a generic",
                        e.loc,
                    ))
                }
                BlockType::TypeAlias => {
                    return Err(error(
                        "assignment expression within a comprehension cannot be used in a type alias",
                        e.loc,
                    ))
                }
                BlockType::TypeVariable => {
                    return Err(error(
                        "assignment expression within a comprehension cannot be used in a TypeVar bound",
                        e.loc,
                    ))
                }
                // A comprehension in an annotation binds in the scope
                // around the annotation block.
                BlockType::Annotation => continue,
            }
        }
        unreachable!("the module block is always on the stack")
    }

    /// `symtable_handle_namedexpr`.
    fn handle_namedexpr(&mut self, e: &'a Expr, target: &'a Expr, value: &'a Expr) -> Result<()> {
        if self.cur_ref().ste_comp_iter_expr > 0 {
            return Err(error(
                "assignment expression cannot be used in a comprehension iterable expression",
                e.loc,
            ));
        }
        if self.cur_ref().ste_comprehension != ComprehensionType::NoComprehension {
            self.extend_namedexpr_scope(target)?;
        }
        self.visit_expr(value)?;
        self.visit_expr(target)
    }

    /// `symtable_visit_expr`.
    fn visit_expr(&mut self, e: &'a Expr) -> Result<()> {
        self.enter_recursive()?;
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation_block("named expression", e)?;
                self.handle_namedexpr(e, target, value)?;
            }
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.visit_exprs(&args.defaults)?;
                self.visit_opt_exprs(&args.kw_defaults)?;
                self.enter_block("lambda", BlockType::Function, BlockKey::of(e), e.loc)?;
                self.visit_arguments(args)?;
                self.visit_expr(body)?;
                self.exit_block();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_expr(body)?;
                self.visit_expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                self.visit_opt_exprs(keys)?;
                self.visit_exprs(values)?;
            }
            ExprKind::Set { elts } => self.visit_exprs(elts)?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.handle_comprehension(e, "genexpr", generators, elt, None)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.handle_comprehension(e, "listcomp", generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.handle_comprehension(e, "setcomp", generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.handle_comprehension(e, "dictcomp", generators, key, Some(value))?,
            ExprKind::Yield { value } => {
                self.raise_if_annotation_block("yield expression", e)?;
                if let Some(value) = value {
                    self.visit_expr(value)?;
                }
                self.cur_mut().ste_generator = true;
                if self.cur_ref().ste_comprehension != ComprehensionType::NoComprehension {
                    return Err(self.comprehension_block_error(e));
                }
            }
            ExprKind::YieldFrom { value } => {
                self.raise_if_annotation_block("yield expression", e)?;
                self.visit_expr(value)?;
                self.cur_mut().ste_generator = true;
                if self.cur_ref().ste_comprehension != ComprehensionType::NoComprehension {
                    return Err(self.comprehension_block_error(e));
                }
            }
            ExprKind::Await { value } => {
                self.raise_if_annotation_block("await expression", e)?;
                if !self.allows_top_level_await() {
                    if !self.cur_ref().is_function_like() {
                        return Err(error("'await' outside function", e.loc));
                    }
                    if !self.is_async_def()
                        && self.cur_ref().ste_comprehension == ComprehensionType::NoComprehension
                    {
                        return Err(error("'await' outside async function", e.loc));
                    }
                }
                self.visit_expr(value)?;
                self.cur_mut().ste_coroutine = true;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.visit_expr(left)?;
                self.visit_exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.visit_expr(func)?;
                self.visit_exprs(args)?;
                self.check_keywords(keywords)?;
                keywords
                    .iter()
                    .try_for_each(|k| self.visit_expr(&k.value))?;
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            }
            | ExprKind::Interpolation {
                value, format_spec, ..
            } => {
                self.visit_expr(value)?;
                if let Some(spec) = format_spec {
                    self.visit_expr(spec)?;
                }
            }
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => {
                self.visit_exprs(values)?
            }
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, attr, ctx } => {
                self.check_name(attr, e.loc, *ctx)?;
                self.visit_expr(value)?;
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.visit_expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                if !self.cur_ref().ste_in_unevaluated_annotation {
                    let flag = if *ctx == ExprContext::Load {
                        USE
                    } else {
                        DEF_LOCAL
                    };
                    self.add_def_ctx(id, flag, e.loc, *ctx)?;
                    // `super` counts as a use of `__class__`.
                    if *ctx == ExprContext::Load
                        && self.cur_ref().is_function_like()
                        && &**id == "super"
                    {
                        self.add_def("__class__", USE, e.loc)?;
                    }
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.visit_exprs(elts)?,
        }
        self.leave_recursive();
        Ok(())
    }

    /// `symtable_visit_type_param_bound_or_default`.
    fn visit_type_param_bound_or_default(
        &mut self,
        e: Option<&'a Expr>,
        name: &str,
        tp: &TypeParam,
        key: BlockKey,
        scope_info: Option<&'static str>,
    ) -> Result<()> {
        if name == "__classdict__" {
            return Err(error(
                format!("reserved name '{name}' cannot be used for type parameter"),
                tp.loc,
            ));
        }
        if let Some(e) = e {
            let is_in_class = self.cur_ref().ste_can_see_class_scope;
            self.enter_block(name, BlockType::TypeVariable, key, e.loc)?;
            self.cur_mut().ste_can_see_class_scope = is_in_class;
            if is_in_class {
                self.add_def("__classdict__", USE, e.loc)?;
            }
            self.cur_mut().ste_scope_info = scope_info;
            self.visit_expr(e)?;
            self.exit_block();
        }
        Ok(())
    }

    /// `symtable_visit_type_param`. A type variable's bound is keyed by the
    /// node, its default by the node's address plus one.
    fn visit_type_param(&mut self, tp: &'a TypeParam) -> Result<()> {
        self.enter_recursive()?;
        let key = BlockKey::of(tp);
        match &tp.kind {
            TypeParamKind::TypeVar {
                name,
                bound,
                default_value,
            } => {
                self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tp.loc)?;
                let info = bound.as_ref().map(|b| {
                    if matches!(b.kind, ExprKind::Tuple { .. }) {
                        "a TypeVar constraint"
                    } else {
                        "a TypeVar bound"
                    }
                });
                self.visit_type_param_bound_or_default(bound.as_deref(), name, tp, key, info)?;
                self.visit_type_param_bound_or_default(
                    default_value.as_deref(),
                    name,
                    tp,
                    key.plus_one(),
                    Some("a TypeVar default"),
                )?;
            }
            TypeParamKind::TypeVarTuple {
                name,
                default_value,
            } => {
                self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tp.loc)?;
                self.visit_type_param_bound_or_default(
                    default_value.as_deref(),
                    name,
                    tp,
                    key,
                    Some("a TypeVarTuple default"),
                )?;
            }
            TypeParamKind::ParamSpec {
                name,
                default_value,
            } => {
                self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tp.loc)?;
                self.visit_type_param_bound_or_default(
                    default_value.as_deref(),
                    name,
                    tp,
                    key,
                    Some("a ParamSpec default"),
                )?;
            }
        }
        self.leave_recursive();
        Ok(())
    }

    /// `symtable_visit_pattern`.
    fn visit_pattern(&mut self, p: &'a Pattern) -> Result<()> {
        self.enter_recursive()?;
        match &p.kind {
            PatternKind::MatchValue { value } => self.visit_expr(value)?,
            PatternKind::MatchSingleton { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter().try_for_each(|q| self.visit_pattern(q))?
            }
            PatternKind::MatchStar { name } => {
                if let Some(name) = name {
                    self.add_def(name, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.visit_exprs(keys)?;
                patterns.iter().try_for_each(|q| self.visit_pattern(q))?;
                if let Some(rest) = rest {
                    self.add_def(rest, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                self.visit_expr(cls)?;
                patterns.iter().try_for_each(|q| self.visit_pattern(q))?;
                self.check_kwd_patterns(kwd_attrs, kwd_patterns)?;
                kwd_patterns
                    .iter()
                    .try_for_each(|q| self.visit_pattern(q))?;
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(pattern) = pattern {
                    self.visit_pattern(pattern)?;
                }
                if let Some(name) = name {
                    self.add_def(name, DEF_LOCAL, p.loc)?;
                }
            }
        }
        self.leave_recursive();
        Ok(())
    }

    /// `symtable_implicit_arg`: the `.0` parameter of a comprehension.
    fn implicit_arg(&mut self, pos: usize) -> Result<()> {
        let loc = self.cur_ref().ste_loc;
        self.add_def(&format!(".{pos}"), DEF_PARAM, loc)
    }

    /// `symtable_visit_params`.
    fn visit_params(&mut self, args: &[Arg]) -> Result<()> {
        args.iter()
            .try_for_each(|arg| self.add_def(&arg.arg, DEF_PARAM, arg.loc))
    }

    /// `symtable_visit_annotation`: visits an annotated assignment's
    /// annotation in the `__annotate__` block of the current block.
    fn visit_annotation(&mut self, annotation: &'a Expr, key: BlockKey) -> Result<()> {
        // Annotations in function bodies are never evaluated.
        let is_unevaluated = self.cur_ref().ste_type == BlockType::Function;
        let cur = self.cur_ref();
        // A module may stop executing part way, so CPython 3.14 treats all
        // its annotations as conditional; a class only those in a
        // conditional block.
        let conditional = match cur.ste_type {
            BlockType::Module => true,
            BlockType::Class => cur.ste_in_conditional_block,
            _ => false,
        };
        if conditional && !cur.ste_has_conditional_annotations {
            self.cur_mut().ste_has_conditional_annotations = true;
            self.add_def("__conditional_annotations__", USE, annotation.loc)?;
        }
        let parent = self.cur();
        match self.ste(parent).ste_annotation_block {
            None => {
                let current_type = self.ste(parent).ste_type;
                self.enter_block("__annotate__", BlockType::Annotation, key, annotation.loc)?;
                let block = self.cur();
                self.ste_mut(parent).ste_annotation_block = Some(block);
                let future_annotations = self.st.st_future.ff_features & CO_FUTURE_ANNOTATIONS != 0;
                if current_type == BlockType::Class && !future_annotations {
                    self.cur_mut().ste_can_see_class_scope = true;
                    self.add_def("__classdict__", USE, annotation.loc)?;
                }
            }
            Some(block) => self.enter_existing_block(block, false),
        }
        if is_unevaluated {
            self.cur_mut().ste_in_unevaluated_annotation = true;
        }
        let rc = self.visit_expr(annotation);
        if is_unevaluated {
            self.cur_mut().ste_in_unevaluated_annotation = false;
        }
        self.exit_block();
        rc
    }

    /// `symtable_visit_argannotations`.
    fn visit_argannotations(&mut self, args: &'a [Arg]) -> Result<()> {
        for arg in args {
            if let Some(annotation) = &arg.annotation {
                self.cur_mut().ste_annotations_used = true;
                self.visit_expr(annotation)?;
            }
        }
        Ok(())
    }

    /// `symtable_visit_annotations`: the `__annotate__` block of a function,
    /// keyed by its `Arguments`.
    fn visit_annotations(
        &mut self,
        s: &Stmt,
        a: &'a Arguments,
        returns: Option<&'a Expr>,
    ) -> Result<()> {
        let is_in_class = self.cur_ref().ste_can_see_class_scope;
        let current_type = self.cur_ref().ste_type;
        self.enter_block(
            "__annotate__",
            BlockType::Annotation,
            BlockKey::of(a),
            s.loc,
        )?;
        if is_in_class || current_type == BlockType::Class {
            self.cur_mut().ste_can_see_class_scope = true;
            self.add_def("__classdict__", USE, s.loc)?;
        }
        self.visit_argannotations(&a.posonlyargs)?;
        self.visit_argannotations(&a.args)?;
        for arg in [&a.vararg, &a.kwarg].into_iter().flatten() {
            if let Some(annotation) = &arg.annotation {
                self.cur_mut().ste_annotations_used = true;
                self.visit_expr(annotation)?;
            }
        }
        self.visit_argannotations(&a.kwonlyargs)?;
        if let Some(returns) = returns {
            self.cur_mut().ste_annotations_used = true;
            self.visit_expr(returns)?;
        }
        self.exit_block();
        Ok(())
    }

    /// `symtable_visit_arguments`: the parameters, bound in the function's
    /// own block (defaults are visited outside it).
    fn visit_arguments(&mut self, a: &'a Arguments) -> Result<()> {
        self.visit_params(&a.posonlyargs)?;
        self.visit_params(&a.args)?;
        self.visit_params(&a.kwonlyargs)?;
        if let Some(vararg) = &a.vararg {
            self.add_def(&vararg.arg, DEF_PARAM, vararg.loc)?;
            self.cur_mut().ste_varargs = true;
        }
        if let Some(kwarg) = &a.kwarg {
            self.add_def(&kwarg.arg, DEF_PARAM, kwarg.loc)?;
            self.cur_mut().ste_varkeywords = true;
        }
        Ok(())
    }

    /// `symtable_visit_excepthandler`.
    fn visit_excepthandler(&mut self, eh: &'a ExceptHandler) -> Result<()> {
        if let Some(type_) = &eh.type_ {
            self.visit_expr(type_)?;
        }
        if let Some(name) = &eh.name {
            self.add_def(name, DEF_LOCAL, eh.loc)?;
        }
        self.visit_stmts(&eh.body)
    }

    /// `symtable_visit_withitem`.
    fn visit_withitem(&mut self, item: &'a WithItem) -> Result<()> {
        self.visit_expr(&item.context_expr)?;
        if let Some(vars) = &item.optional_vars {
            self.visit_expr(vars)?;
        }
        Ok(())
    }

    /// `symtable_visit_match_case`.
    fn visit_match_case(&mut self, m: &'a MatchCase) -> Result<()> {
        self.visit_pattern(&m.pattern)?;
        if let Some(guard) = &m.guard {
            self.visit_expr(guard)?;
        }
        self.visit_stmts(&m.body)
    }

    /// `symtable_visit_alias`: binds the first component of the imported
    /// (or `as`) name; `import *` is only allowed at module level.
    fn visit_alias(&mut self, a: &Alias) -> Result<()> {
        let name: &str = a.asname.as_deref().unwrap_or(&a.name);
        let store_name = name.split('.').next().unwrap_or(name);
        if name != "*" {
            self.add_def(store_name, DEF_IMPORT, a.loc)
        } else if self.cur_ref().ste_type != BlockType::Module {
            Err(error("import * only allowed at module level", a.loc))
        } else {
            Ok(())
        }
    }

    /// `symtable_visit_comprehension`: a `for` clause after the first.
    fn visit_comprehension(&mut self, lc: &'a Comprehension) -> Result<()> {
        self.cur_mut().ste_comp_iter_target = true;
        self.visit_expr(&lc.target)?;
        self.cur_mut().ste_comp_iter_target = false;
        self.cur_mut().ste_comp_iter_expr += 1;
        self.visit_expr(&lc.iter)?;
        self.cur_mut().ste_comp_iter_expr -= 1;
        self.visit_exprs(&lc.ifs)?;
        if lc.is_async {
            self.cur_mut().ste_coroutine = true;
        }
        Ok(())
    }

    /// `symtable_handle_comprehension`: the outermost iterable is evaluated
    /// in the enclosing scope, the rest in a new function-like scope.
    fn handle_comprehension(
        &mut self,
        e: &'a Expr,
        scope_name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> Result<()> {
        let is_generator = matches!(e.kind, ExprKind::GeneratorExp { .. });
        let outermost = &generators[0];
        self.cur_mut().ste_comp_iter_expr += 1;
        self.visit_expr(&outermost.iter)?;
        self.cur_mut().ste_comp_iter_expr -= 1;
        self.enter_block(scope_name, BlockType::Function, BlockKey::of(e), e.loc)?;
        self.cur_mut().ste_comprehension = match e.kind {
            ExprKind::ListComp { .. } => ComprehensionType::ListComprehension,
            ExprKind::SetComp { .. } => ComprehensionType::SetComprehension,
            ExprKind::DictComp { .. } => ComprehensionType::DictComprehension,
            _ => ComprehensionType::GeneratorExpression,
        };
        if outermost.is_async {
            self.cur_mut().ste_coroutine = true;
        }
        // The outermost iterator is received as an argument.
        self.implicit_arg(0)?;
        self.cur_mut().ste_comp_iter_target = true;
        self.visit_expr(&outermost.target)?;
        self.cur_mut().ste_comp_iter_target = false;
        self.visit_exprs(&outermost.ifs)?;
        generators[1..]
            .iter()
            .try_for_each(|g| self.visit_comprehension(g))?;
        if let Some(value) = value {
            self.visit_expr(value)?;
        }
        self.visit_expr(elt)?;
        self.cur_mut().ste_generator = is_generator;
        let is_async = self.cur_ref().ste_coroutine && !is_generator;
        self.exit_block();
        if is_async
            && !self.is_async_def()
            && self.cur_ref().ste_comprehension == ComprehensionType::NoComprehension
            && !self.allows_top_level_await()
        {
            return Err(error(
                "asynchronous comprehension outside of an asynchronous function",
                e.loc,
            ));
        }
        if is_async {
            self.cur_mut().ste_coroutine = true;
        }
        Ok(())
    }

    /// `symtable_raise_if_annotation_block`: `name` is not allowed in
    /// annotation and type scopes.
    fn raise_if_annotation_block(&self, name: &str, e: &Expr) -> Result<()> {
        let cur = self.cur_ref();
        let msg = match cur.ste_type {
            BlockType::Annotation => format!("{name} cannot be used within an annotation"),
            BlockType::TypeVariable => {
                let info = cur
                    .ste_scope_info
                    .expect("type variable blocks carry their scope info");
                format!("{name} cannot be used within {info}")
            }
            BlockType::TypeAlias => format!("{name} cannot be used within a type alias"),
            BlockType::TypeParameters => {
                format!("{name} cannot be used within the definition of a generic")
            }
            BlockType::Function | BlockType::Class | BlockType::Module => return Ok(()),
        };
        Err(error(msg, e.loc))
    }

    /// `symtable_raise_if_comprehension_block`: the error for `yield` in a
    /// comprehension.
    fn comprehension_block_error(&self, e: &Expr) -> SymtableError {
        let msg = match self.cur_ref().ste_comprehension {
            ComprehensionType::ListComprehension => "'yield' inside list comprehension",
            ComprehensionType::SetComprehension => "'yield' inside set comprehension",
            ComprehensionType::DictComprehension => "'yield' inside dict comprehension",
            _ => "'yield' inside generator expression",
        };
        error(msg, e.loc)
    }

    /// `symtable_raise_if_not_coroutine`.
    fn raise_if_not_coroutine(&self, msg: &str, loc: SourceLocation) -> Result<()> {
        if !self.cur_ref().ste_coroutine {
            return Err(error(msg, loc));
        }
        Ok(())
    }
}
