//! Python/codegen.c, functions and classes: `def`, `async def`, `lambda`,
//! `class`, `type` aliases, default arguments, decorators, `__annotate__`
//! functions of parameters (PEP 649), and the type-parameter scopes of
//! generics (PEP 695/696).

use super::code::ConstValue;
use super::codegen::{
    intrinsic1, intrinsic2, location, MAKE_FUNCTION_ANNOTATE, MAKE_FUNCTION_DEFAULTS, MAKE_FUNCTION_KWDEFAULTS,
};
use super::compiler::{ArgCounts, CResult, Compiler, FBlockDatum, FBlockType, NameDict, ScopeType};
use super::instr_seq::{Label, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::{Arg, Arguments, ClassDef, Constant, Expr, ExprContext, ExprKind, FunctionDef, Stmt, TypeParam, TypeParamKind};
use crate::symtable::{get_docstring, BlockKey};

/// The argument counts of a parameter list.
fn arg_counts(args: &Arguments) -> ArgCounts {
    ArgCounts {
        argcount: args.args.len() as i32,
        posonlyargcount: args.posonlyargs.len() as i32,
        kwonlyargcount: args.kwonlyargs.len() as i32,
    }
}

impl<'a> Compiler<'a> {
    /// `codegen_decorators`.
    fn decorators(&mut self, decos: &'a [Expr]) -> CResult {
        self.visit_exprs(decos)
    }

    /// `codegen_apply_decorators`.
    fn apply_decorators(&mut self, decos: &'a [Expr]) {
        for d in decos.iter().rev() {
            self.addop_i(op::CALL, 0, d.loc);
        }
    }

    /// `codegen_kwonlydefaults`: pushes a dict of keyword-only defaults;
    /// whether one was pushed.
    fn kwonlydefaults(&mut self, loc: Location, kwonlyargs: &'a [Arg], kw_defaults: &'a [Option<Expr>]) -> CResult<bool> {
        let mut count = 0;
        for (arg, default) in kwonlyargs.iter().zip(kw_defaults) {
            if let Some(d) = default {
                count += 1;
                let mangled = self.maybe_mangle(&arg.arg);
                self.load_str(&mangled, loc);
                self.visit_expr(d)?;
            }
        }
        if count > 0 {
            self.addop_i(op::BUILD_MAP, count, loc);
        }
        Ok(count > 0)
    }

    /// `codegen_argannotation`.
    fn argannotation(&mut self, id: &str, annotation: Option<&'a Expr>, len: &mut i32, loc: Location) -> CResult {
        let Some(annotation) = annotation else { return Ok(()) };
        let mangled = self.maybe_mangle(id);
        self.load_str(&mangled, loc);
        if self.future_annotations() {
            self.visit_annexpr(annotation);
        } else if let ExprKind::Starred { value, .. } = &annotation.kind {
            self.visit_expr(value)?;
            self.addop_i(op::UNPACK_SEQUENCE, 1, loc);
        } else {
            self.visit_expr(annotation)?;
        }
        *len += 1;
        Ok(())
    }

    /// `codegen_argannotations`.
    fn argannotations(&mut self, args: &'a [Arg], len: &mut i32, loc: Location) -> CResult {
        args.iter().try_for_each(|a| self.argannotation(&a.arg, a.annotation.as_deref(), len, loc))
    }

    /// `codegen_annotations_in_scope`.
    fn annotations_in_scope(&mut self, loc: Location, args: &'a Arguments, returns: Option<&'a Expr>, len: &mut i32) -> CResult {
        self.argannotations(&args.args, len, loc)?;
        self.argannotations(&args.posonlyargs, len, loc)?;
        if let Some(v) = &args.vararg {
            self.argannotation(&v.arg, v.annotation.as_deref(), len, loc)?;
        }
        self.argannotations(&args.kwonlyargs, len, loc)?;
        if let Some(k) = &args.kwarg {
            self.argannotation(&k.arg, k.annotation.as_deref(), len, loc)?;
        }
        self.argannotation("return", returns, len, loc)
    }

    /// `codegen_function_annotations`: the `__annotate__` function of a
    /// `def`'s annotations; the `MAKE_FUNCTION` flag it needs.
    fn function_annotations(&mut self, loc: Location, args: &'a Arguments, returns: Option<&'a Expr>) -> CResult<i32> {
        let key = BlockKey::of(args);
        let Some(ste) = self.st.lookup(key) else { return Ok(0) };
        let ste = self.st.entry(ste);
        if !ste.ste_annotations_used {
            return Ok(0);
        }
        let name = ste.ste_name.to_string();
        self.setup_annotations_scope(loc, key, &name)?;
        let mut len = 0;
        self.annotations_in_scope(loc, args, returns, &mut len)?;
        self.addop_i(op::BUILD_MAP, len, loc);
        self.leave_annotations_scope(loc)?;
        Ok(MAKE_FUNCTION_ANNOTATE)
    }

    /// `codegen_default_arguments`: pushes the defaults; the
    /// `MAKE_FUNCTION` flags they need.
    fn default_arguments(&mut self, loc: Location, args: &'a Arguments) -> CResult<i32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            self.visit_exprs(&args.defaults)?;
            self.addop_i(op::BUILD_TUPLE, args.defaults.len() as i32, loc);
            flags |= MAKE_FUNCTION_DEFAULTS;
        }
        if !args.kwonlyargs.is_empty() && self.kwonlydefaults(loc, &args.kwonlyargs, &args.kw_defaults)? {
            flags |= MAKE_FUNCTION_KWDEFAULTS;
        }
        Ok(flags)
    }

    /// `codegen_wrap_in_stopiteration_handler`: turns a `StopIteration`
    /// escaping a generator or coroutine into a `RuntimeError`.
    pub(crate) fn wrap_in_stopiteration_handler(&mut self) {
        let handler = self.new_label();
        self.seq().insert_instruction(0, op::SETUP_CLEANUP, handler.0, NO_LOCATION);
        self.load_none(NO_LOCATION);
        self.addop(op::RETURN_VALUE, NO_LOCATION);
        self.use_label(handler);
        self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::STOPITERATION_ERROR, NO_LOCATION);
        self.addop_i(op::RERAISE, 1, NO_LOCATION);
    }

    /// `codegen_type_param_bound_or_default`: a lazily evaluated bound,
    /// constraints or default, as a function of its own scope.
    fn type_param_bound_or_default(&mut self, e: &'a Expr, name: &str, key: BlockKey, allow_starred: bool) -> CResult {
        self.load_const(ConstValue::Tuple(vec![ConstValue::int(1)]), e.loc);
        self.setup_annotations_scope(e.loc, key, name)?;
        match &e.kind {
            ExprKind::Starred { value, .. } if allow_starred => {
                self.visit_expr(value)?;
                self.addop_i(op::UNPACK_SEQUENCE, 1, e.loc);
            }
            _ => self.visit_expr(e)?,
        }
        self.addop(op::RETURN_VALUE, e.loc);
        let co = self.optimize_and_assemble(true)?;
        self.exit_scope();
        self.make_closure(e.loc, co, MAKE_FUNCTION_DEFAULTS)
    }

    /// `codegen_type_params`: creates the type parameters, binds them and
    /// leaves a tuple of them.
    fn type_params(&mut self, type_params: &'a [TypeParam]) -> CResult {
        let mut seen_default = false;
        for tp in type_params {
            let loc = tp.loc;
            let (name, default) = match &tp.kind {
                TypeParamKind::TypeVar { name, bound, default_value } => {
                    self.load_str(name, loc);
                    if let Some(b) = bound {
                        self.type_param_bound_or_default(b, name, BlockKey::of(tp), false)?;
                        let intr = if matches!(b.kind, ExprKind::Tuple { .. }) {
                            intrinsic2::TYPEVAR_WITH_CONSTRAINTS
                        } else {
                            intrinsic2::TYPEVAR_WITH_BOUND
                        };
                        self.addop_i(op::CALL_INTRINSIC_2, intr, loc);
                    } else {
                        self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::TYPEVAR, loc);
                    }
                    (name, default_value.as_deref().map(|d| (d, BlockKey::of(tp).plus_one(), false)))
                }
                TypeParamKind::TypeVarTuple { name, default_value } => {
                    self.load_str(name, loc);
                    self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::TYPEVARTUPLE, loc);
                    (name, default_value.as_deref().map(|d| (d, BlockKey::of(tp), true)))
                }
                TypeParamKind::ParamSpec { name, default_value } => {
                    self.load_str(name, loc);
                    self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::PARAMSPEC, loc);
                    (name, default_value.as_deref().map(|d| (d, BlockKey::of(tp), false)))
                }
            };
            if let Some((d, key, allow_starred)) = default {
                seen_default = true;
                self.type_param_bound_or_default(d, name, key, allow_starred)?;
                self.addop_i(op::CALL_INTRINSIC_2, intrinsic2::SET_TYPEPARAM_DEFAULT, loc);
            } else if seen_default {
                return Err(self.error(
                    loc,
                    format!("non-default type parameter '{name}' follows default type parameter"),
                ));
            }
            self.addop_i(op::COPY, 1, loc);
            self.nameop(loc, name, ExprContext::Store)?;
        }
        self.addop_i(op::BUILD_TUPLE, type_params.len() as i32, type_params[0].loc);
        Ok(())
    }

    /// `codegen_function_body`: the code object of a `def` and its
    /// function, with `funcflags` attributes already pushed.
    fn function_body(&mut self, s: &'a Stmt, f: &'a FunctionDef, is_async: bool, funcflags: i32, firstlineno: i32) -> CResult {
        let scope_type = if is_async { ScopeType::AsyncFunction } else { ScopeType::Function };
        self.codegen_enter_scope(&f.name, scope_type, BlockKey::of(s), firstlineno, None, arg_counts(&f.args))?;
        let mut first = 0;
        if self.ste().ste_has_docstring {
            if let Some(doc) = get_docstring(&f.body) {
                first = 1;
                let cleandoc = super::compiler::clean_doc(doc);
                self.add_const(ConstValue::Scalar(Constant::Str(cleandoc)));
            }
        }
        let start = self.new_label();
        self.use_label(start);
        let ste = self.ste();
        let add_stopiteration_handler = ste.ste_coroutine || ste.ste_generator;
        if add_stopiteration_handler {
            self.push_fblock(NO_LOCATION, FBlockType::StopIteration, start, Label(-1), FBlockDatum::None)?;
        }
        self.visit_stmts(&f.body[first..])?;
        if add_stopiteration_handler {
            self.wrap_in_stopiteration_handler();
            self.pop_fblock(FBlockType::StopIteration, start);
        }
        let co = self.optimize_and_assemble(true)?;
        self.exit_scope();
        self.make_closure(s.loc, co, funcflags)
    }

    /// `codegen_function`: `def` and `async def`.
    pub(crate) fn codegen_function(&mut self, s: &'a Stmt, f: &'a FunctionDef, is_async: bool) -> CResult {
        self.decorators(&f.decorator_list)?;
        let firstlineno = f.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let loc = s.loc;
        let is_generic = !f.type_params.is_empty();
        let mut funcflags = self.default_arguments(loc, &f.args)?;
        let mut num_typeparam_args = 0;
        if is_generic {
            if funcflags & MAKE_FUNCTION_DEFAULTS != 0 {
                num_typeparam_args += 1;
            }
            if funcflags & MAKE_FUNCTION_KWDEFAULTS != 0 {
                num_typeparam_args += 1;
            }
            if num_typeparam_args == 2 {
                self.addop_i(op::SWAP, 2, loc);
            }
            let name = format!("<generic parameters of {}>", f.name);
            let counts = ArgCounts { argcount: num_typeparam_args, ..Default::default() };
            self.codegen_enter_scope(&name, ScopeType::Annotations, BlockKey::of(&f.type_params), firstlineno, None, counts)?;
            self.type_params(&f.type_params)?;
            for i in 0..num_typeparam_args {
                self.addop_i(op::LOAD_FAST, i, loc);
            }
        }
        funcflags |= self.function_annotations(loc, &f.args, f.returns.as_deref())?;
        self.function_body(s, f, is_async, funcflags, firstlineno)?;
        if is_generic {
            self.addop_i(op::SWAP, 2, loc);
            self.addop_i(op::CALL_INTRINSIC_2, intrinsic2::SET_FUNCTION_TYPE_PARAMS, loc);
            let co = self.optimize_and_assemble(false)?;
            self.exit_scope();
            self.make_closure(loc, co, 0)?;
            if num_typeparam_args > 0 {
                self.addop_i(op::SWAP, num_typeparam_args + 1, loc);
                self.addop_i(op::CALL, num_typeparam_args - 1, loc);
            } else {
                self.addop(op::PUSH_NULL, loc);
                self.addop_i(op::CALL, 0, loc);
            }
        }
        self.apply_decorators(&f.decorator_list);
        self.nameop(loc, &f.name, ExprContext::Store)
    }

    /// `codegen_class_body`: the class body's code object, then
    /// `__build_class__`, the function and the name on the stack.
    fn class_body(&mut self, s: &'a Stmt, c: &'a ClassDef, firstlineno: i32) -> CResult {
        self.codegen_enter_scope(&c.name, ScopeType::Class, BlockKey::of(s), firstlineno, Some(&c.name), ArgCounts::default())?;
        let loc = location(firstlineno, firstlineno, 0, 0);
        self.nameop(loc, "__name__", ExprContext::Load)?;
        self.nameop(loc, "__module__", ExprContext::Store)?;
        let qualname = self.u().md.qualname.clone().unwrap_or_default();
        self.load_str(&qualname, loc);
        self.nameop(loc, "__qualname__", ExprContext::Store)?;
        let first = self.u().md.firstlineno;
        self.load_const(ConstValue::int(first), loc);
        self.nameop(loc, "__firstlineno__", ExprContext::Store)?;
        if !c.type_params.is_empty() {
            self.nameop(loc, ".type_params", ExprContext::Load)?;
            self.nameop(loc, "__type_params__", ExprContext::Store)?;
        }
        if self.ste().ste_needs_classdict {
            self.addop(op::LOAD_LOCALS, loc);
            self.addop_n(op::STORE_DEREF, "__classdict__", NameDict::Cellvars, loc);
        }
        if self.ste().ste_has_conditional_annotations {
            self.addop_i(op::BUILD_SET, 0, loc);
            self.addop_n(op::STORE_DEREF, "__conditional_annotations__", NameDict::Cellvars, loc);
        }
        self.codegen_body(loc, &c.body, false)?;
        let attrs = self.static_attributes_as_tuple();
        self.load_const(attrs, NO_LOCATION);
        self.nameop(NO_LOCATION, "__static_attributes__", ExprContext::Store)?;
        if self.ste().ste_needs_classdict {
            let i = self.lookup_cellvar("__classdict__")?;
            self.addop_i(op::LOAD_CLOSURE, i, NO_LOCATION);
            self.nameop(NO_LOCATION, "__classdictcell__", ExprContext::Store)?;
        }
        if self.ste().ste_needs_class_closure {
            let i = self.lookup_cellvar("__class__")?;
            self.addop_i(op::LOAD_CLOSURE, i, NO_LOCATION);
            self.addop_i(op::COPY, 1, NO_LOCATION);
            self.nameop(NO_LOCATION, "__classcell__", ExprContext::Store)?;
        } else {
            self.load_none(NO_LOCATION);
        }
        self.addop(op::RETURN_VALUE, NO_LOCATION);
        let co = self.optimize_and_assemble(true)?;
        self.exit_scope();
        let loc = s.loc;
        self.addop(op::LOAD_BUILD_CLASS, loc);
        self.addop(op::PUSH_NULL, loc);
        self.make_closure(loc, co, 0)?;
        self.load_str(&c.name, loc);
        Ok(())
    }

    /// `codegen_class`.
    pub(crate) fn codegen_class(&mut self, s: &'a Stmt, c: &'a ClassDef) -> CResult {
        self.decorators(&c.decorator_list)?;
        let firstlineno = c.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let loc = s.loc;
        let is_generic = !c.type_params.is_empty();
        if is_generic {
            let name = format!("<generic parameters of {}>", c.name);
            self.codegen_enter_scope(
                &name,
                ScopeType::Annotations,
                BlockKey::of(&c.type_params),
                firstlineno,
                Some(&c.name),
                ArgCounts::default(),
            )?;
            self.type_params(&c.type_params)?;
            self.nameop(loc, ".type_params", ExprContext::Store)?;
        }
        self.class_body(s, c, firstlineno)?;
        if is_generic {
            self.nameop(loc, ".type_params", ExprContext::Load)?;
            self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::SUBSCRIPT_GENERIC, loc);
            self.nameop(loc, ".generic_base", ExprContext::Store)?;
            self.call_helper(loc, 2, &c.bases, Some(".generic_base"), &c.keywords)?;
            let co = self.optimize_and_assemble(false)?;
            self.exit_scope();
            self.make_closure(loc, co, 0)?;
            self.addop(op::PUSH_NULL, loc);
            self.addop_i(op::CALL, 0, loc);
        } else {
            self.call_helper(loc, 2, &c.bases, None, &c.keywords)?;
        }
        self.apply_decorators(&c.decorator_list);
        self.nameop(loc, &c.name, ExprContext::Store)
    }

    /// `codegen_typealias_body`.
    fn typealias_body(&mut self, s: &'a Stmt, name: &str, value: &'a Expr) -> CResult {
        let loc = s.loc;
        self.load_const(ConstValue::Tuple(vec![ConstValue::int(1)]), loc);
        self.setup_annotations_scope(loc, BlockKey::of(s), name)?;
        self.visit_expr(value)?;
        self.addop(op::RETURN_VALUE, loc);
        let co = self.optimize_and_assemble(false)?;
        self.exit_scope();
        self.make_closure(loc, co, MAKE_FUNCTION_DEFAULTS)?;
        self.addop_i(op::BUILD_TUPLE, 3, loc);
        self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::TYPEALIAS, loc);
        Ok(())
    }

    /// `codegen_typealias`.
    pub(crate) fn codegen_typealias(
        &mut self,
        s: &'a Stmt,
        name: &'a Expr,
        type_params: &'a Vec<TypeParam>,
        value: &'a Expr,
    ) -> CResult {
        let loc = s.loc;
        let ExprKind::Name { id, .. } = &name.kind else {
            return Err(super::compiler::CompileError::System("type alias name must be a Name".into()));
        };
        let is_generic = !type_params.is_empty();
        if is_generic {
            let tp_name = format!("<generic parameters of {id}>");
            self.codegen_enter_scope(&tp_name, ScopeType::Annotations, BlockKey::of(type_params), loc.lineno, None, ArgCounts::default())?;
            self.load_str(id, loc);
            self.type_params(type_params)?;
        } else {
            self.load_str(id, loc);
            self.load_none(loc);
        }
        self.typealias_body(s, id, value)?;
        if is_generic {
            let co = self.optimize_and_assemble(false)?;
            self.exit_scope();
            self.make_closure(loc, co, 0)?;
            self.addop(op::PUSH_NULL, loc);
            self.addop_i(op::CALL, 0, loc);
        }
        self.nameop(loc, id, ExprContext::Store)
    }

    /// `codegen_lambda`.
    pub(crate) fn codegen_lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) -> CResult {
        let loc = e.loc;
        let funcflags = self.default_arguments(loc, args)?;
        self.codegen_enter_scope("<lambda>", ScopeType::Lambda, BlockKey::of(e), e.loc.lineno, None, arg_counts(args))?;
        self.visit_expr(body)?;
        let co = if self.ste().ste_generator {
            self.optimize_and_assemble(false)?
        } else {
            self.addop(op::RETURN_VALUE, body.loc);
            self.optimize_and_assemble(true)?
        };
        self.exit_scope();
        self.make_closure(loc, co, funcflags)
    }
}
