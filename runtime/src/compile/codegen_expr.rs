//! Python/codegen.c, expressions: boolean operators, comparisons, calls
//! (with the method-call, `super()` and `all`/`any`/`tuple` special cases),
//! container displays and unpacking, f-strings and t-strings, attributes,
//! subscripts and slices, and the compile-time SyntaxWarnings about them.

use super::code::ConstValue;
use super::codegen::{
    intrinsic1, NameOp, CONSTANT_BUILTIN_ALL, CONSTANT_BUILTIN_ANY, CONSTANT_BUILTIN_TUPLE, NB_SUBSCR,
    STACK_USE_GUIDELINE,
};
use super::codegen_stmt::{should_apply_two_element_slice_optimization, update_start_location_to_match_attr};
use super::compiler::{CResult, CompileError, Compiler, NameDict};
use super::instr_seq::{Label, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::{BoolOp, CmpOp, Constant, Expr, ExprContext, ExprKind, Keyword};
use crate::symtable::{Scope, DEF_IMPORT};

/// `FVC_*`: the conversions of a formatted value.
const FVC_STR: i32 = 1;
const FVC_REPR: i32 = 2;
const FVC_ASCII: i32 = 3;

/// The `tp_name` of a constant's type.
fn constant_type_name(c: &Constant) -> &'static str {
    match c {
        Constant::None => "NoneType",
        Constant::Bool(_) => "bool",
        Constant::Ellipsis => "ellipsis",
        Constant::Int(_) => "int",
        Constant::Float(_) => "float",
        Constant::Complex { .. } => "complex",
        Constant::Str(_) => "str",
        Constant::Bytes(_) => "bytes",
        Constant::Tuple(_) => "tuple",
        Constant::FrozenSet(_) => "frozenset",
    }
}

/// `infer_type`: the `tp_name` of the type an expression certainly has.
fn infer_type(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict { .. } | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set { .. } | ExprKind::SetComp { .. } => "set",
        ExprKind::GeneratorExp { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "str",
        ExprKind::TemplateStr { .. } => "string.templatelib.Template",
        ExprKind::Interpolation { .. } => "string.templatelib.Interpolation",
        ExprKind::Constant { value, .. } => constant_type_name(value),
        _ => return None,
    })
}

/// `check_is_arg`: false for a literal other than the named singletons.
fn check_is_arg(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Tuple { elts, .. } => !elts.iter().all(|x| matches!(x.kind, ExprKind::Constant { .. })),
        ExprKind::Constant { value, .. } => {
            matches!(**value, Constant::None | Constant::Bool(_) | Constant::Ellipsis)
        }
        _ => true,
    }
}

impl<'a> Compiler<'a> {
    /// `codegen_check_compare`: warns about `is` with a literal.
    pub(crate) fn check_compare(&mut self, e: &'a Expr) -> CResult {
        let ExprKind::Compare { left, ops, comparators } = &e.kind else { return Ok(()) };
        let mut left_ok = check_is_arg(left);
        let mut left_expr: &Expr = left;
        for (opr, right_expr) in ops.iter().zip(comparators) {
            let right_ok = check_is_arg(right_expr);
            if matches!(opr, CmpOp::Is | CmpOp::IsNot) && (!right_ok || !left_ok) {
                let literal = if !left_ok { left_expr } else { right_expr };
                let tp = infer_type(literal).unwrap_or("object");
                let msg = if *opr == CmpOp::Is {
                    format!("\"is\" with '{tp}' literal. Did you mean \"==\"?")
                } else {
                    format!("\"is not\" with '{tp}' literal. Did you mean \"!=\"?")
                };
                return self.warn(e.loc, msg);
            }
            left_ok = right_ok;
            left_expr = right_expr;
        }
        Ok(())
    }

    /// `codegen_boolop`.
    pub(crate) fn codegen_boolop(&mut self, loc: Location, bop: BoolOp, values: &'a [Expr]) -> CResult {
        let jumpi = if bop == BoolOp::And { op::JUMP_IF_FALSE } else { op::JUMP_IF_TRUE };
        let end = self.new_label();
        let n = values.len() - 1;
        for v in &values[..n] {
            self.visit_expr(v)?;
            self.addop_j(jumpi, end, loc);
            self.addop(op::POP_TOP, loc);
        }
        self.visit_expr(&values[n])?;
        self.use_label(end);
        Ok(())
    }

    /// `starunpack_helper_impl`: builds a list, set or tuple from `elts`
    /// (and an injected name), with `*` unpacking and incremental building
    /// for big displays.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn starunpack_helper(
        &mut self,
        loc: Location,
        elts: &'a [Expr],
        injected_arg: Option<&str>,
        pushed: i32,
        build: u16,
        add: u16,
        extend: u16,
        tuple: bool,
    ) -> CResult {
        let mut n = elts.len() as i32;
        let big = elts.len() + pushed as usize + injected_arg.is_some() as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| matches!(e.kind, ExprKind::Starred { .. }));
        if !seen_star && !big {
            self.visit_exprs(elts)?;
            if let Some(name) = injected_arg {
                self.nameop(loc, name, ExprContext::Load)?;
                n += 1;
            }
            self.addop_i(if tuple { op::BUILD_TUPLE } else { build }, n + pushed, loc);
            return Ok(());
        }
        let mut sequence_built = false;
        if big {
            self.addop_i(build, pushed, loc);
            sequence_built = true;
        }
        for (i, elt) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &elt.kind {
                if !sequence_built {
                    self.addop_i(build, i as i32 + pushed, loc);
                    sequence_built = true;
                }
                self.visit_expr(value)?;
                self.addop_i(extend, 1, loc);
            } else {
                self.visit_expr(elt)?;
                if sequence_built {
                    self.addop_i(add, 1, loc);
                }
            }
        }
        if let Some(name) = injected_arg {
            self.nameop(loc, name, ExprContext::Load)?;
            self.addop_i(add, 1, loc);
        }
        if tuple {
            self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::LIST_TO_TUPLE, loc);
        }
        Ok(())
    }

    /// `unpack_helper`.
    fn unpack_helper(&mut self, loc: Location, elts: &[Expr]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if matches!(elt.kind, ExprKind::Starred { .. }) {
                if seen_star {
                    return Err(self.error(loc, "multiple starred expressions in assignment"));
                }
                if i >= 1 << 8 || n - i - 1 >= (i32::MAX >> 8) as usize {
                    return Err(self.error(loc, "too many expressions in star-unpacking assignment"));
                }
                self.addop_i(op::UNPACK_EX, (i + ((n - i - 1) << 8)) as i32, loc);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(op::UNPACK_SEQUENCE, n as i32, loc);
        }
        Ok(())
    }

    /// `assignment_helper`.
    pub(crate) fn assignment_helper(&mut self, loc: Location, elts: &'a [Expr]) -> CResult {
        self.unpack_helper(loc, elts)?;
        for elt in elts {
            match &elt.kind {
                ExprKind::Starred { value, .. } => self.visit_expr(value)?,
                _ => self.visit_expr(elt)?,
            }
        }
        Ok(())
    }

    /// `codegen_subdict`.
    fn codegen_subdict(&mut self, loc: Location, keys: &'a [Option<Expr>], values: &'a [Expr], begin: usize, end: usize) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.addop_i(op::BUILD_MAP, 0, loc);
        }
        for i in begin..end {
            self.visit_expr(keys[i].as_ref().expect("a key"))?;
            self.visit_expr(&values[i])?;
            if big {
                self.addop_i(op::MAP_ADD, 1, loc);
            }
        }
        if !big {
            self.addop_i(op::BUILD_MAP, n as i32, loc);
        }
        Ok(())
    }

    /// `codegen_dict`.
    pub(crate) fn codegen_dict(&mut self, loc: Location, keys: &'a [Option<Expr>], values: &'a [Expr]) -> CResult {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.codegen_subdict(loc, keys, values, i - elements, i)?;
                    if have_dict {
                        self.addop_i(op::DICT_UPDATE, 1, loc);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(op::BUILD_MAP, 0, loc);
                    have_dict = true;
                }
                self.visit_expr(&values[i])?;
                self.addop_i(op::DICT_UPDATE, 1, loc);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.codegen_subdict(loc, keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.addop_i(op::DICT_UPDATE, 1, loc);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.codegen_subdict(loc, keys, values, n - elements, n)?;
            if have_dict {
                self.addop_i(op::DICT_UPDATE, 1, loc);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(op::BUILD_MAP, 0, loc);
        }
        Ok(())
    }

    /// `codegen_compare`.
    pub(crate) fn codegen_compare(
        &mut self,
        e: &'a Expr,
        left: &'a Expr,
        ops: &'a [CmpOp],
        comparators: &'a [Expr],
    ) -> CResult {
        let loc = e.loc;
        self.check_compare(e)?;
        self.visit_expr(left)?;
        let n = ops.len() - 1;
        if n == 0 {
            self.visit_expr(&comparators[0])?;
            self.addcompare(loc, ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        for i in 0..n {
            self.visit_expr(&comparators[i])?;
            self.addop_i(op::SWAP, 2, loc);
            self.addop_i(op::COPY, 2, loc);
            self.addcompare(loc, ops[i]);
            self.addop_i(op::COPY, 1, loc);
            self.addop(op::TO_BOOL, loc);
            self.addop_j(op::POP_JUMP_IF_FALSE, cleanup, loc);
            self.addop(op::POP_TOP, loc);
        }
        self.visit_expr(&comparators[n])?;
        self.addcompare(loc, ops[n]);
        let end = self.new_label();
        self.addop_j(op::JUMP_NO_INTERRUPT, end, NO_LOCATION);
        self.use_label(cleanup);
        self.addop_i(op::SWAP, 2, loc);
        self.addop(op::POP_TOP, loc);
        self.use_label(end);
        Ok(())
    }

    /// `check_caller`: warns about calling a literal.
    fn check_caller(&mut self, e: &Expr) -> CResult {
        match &e.kind {
            ExprKind::Constant { .. }
            | ExprKind::Tuple { .. }
            | ExprKind::List { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::Dict { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::Set { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::JoinedStr { .. }
            | ExprKind::TemplateStr { .. }
            | ExprKind::FormattedValue { .. }
            | ExprKind::Interpolation { .. } => {
                let tp = infer_type(e).unwrap_or("object");
                self.warn(e.loc, format!("'{tp}' object is not callable; perhaps you missed a comma?"))
            }
            _ => Ok(()),
        }
    }

    /// `check_subscripter`: warns about subscripting a literal that cannot
    /// be subscripted.
    fn check_subscripter(&mut self, e: &Expr) -> CResult {
        match &e.kind {
            ExprKind::Constant { value, .. } => {
                if !matches!(
                    **value,
                    Constant::None
                        | Constant::Ellipsis
                        | Constant::Int(_)
                        | Constant::Bool(_)
                        | Constant::Float(_)
                        | Constant::Complex { .. }
                        | Constant::FrozenSet(_)
                ) {
                    return Ok(());
                }
            }
            ExprKind::Set { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::TemplateStr { .. }
            | ExprKind::Interpolation { .. }
            | ExprKind::Lambda { .. } => {}
            _ => return Ok(()),
        }
        let tp = infer_type(e).unwrap_or("object");
        self.warn(e.loc, format!("'{tp}' object is not subscriptable; perhaps you missed a comma?"))
    }

    /// `check_index`: warns about indexing a sequence literal with a
    /// non-integer literal.
    fn check_index(&mut self, e: &Expr, s: &Expr) -> CResult {
        let Some(index_type) = infer_type(s) else { return Ok(()) };
        if matches!(index_type, "int" | "bool") {
            return Ok(());
        }
        match &e.kind {
            ExprKind::Constant { value, .. } => {
                if !matches!(**value, Constant::Str(_) | Constant::Bytes(_) | Constant::Tuple(_)) {
                    return Ok(());
                }
            }
            ExprKind::Tuple { .. }
            | ExprKind::List { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::JoinedStr { .. }
            | ExprKind::FormattedValue { .. } => {}
            _ => return Ok(()),
        }
        let tp = infer_type(e).unwrap_or("object");
        self.warn(
            e.loc,
            format!("{tp} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"),
        )
    }

    /// `is_import_originated`: whether `e` is a name the module imports.
    fn is_import_originated(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name { id, .. } => self.st.top().get_symbol(id) & DEF_IMPORT != 0,
            _ => false,
        }
    }

    /// `can_optimize_super_call`: `super().attr` or `super(a, b).attr`
    /// with `super` the builtin, compiled to `LOAD_SUPER_ATTR`.
    fn can_optimize_super_call(&self, attr_value: &Expr, attr: &str) -> bool {
        let ExprKind::Call { func, args, keywords } = &attr_value.kind else { return false };
        let ExprKind::Name { id, .. } = &func.kind else { return false };
        if &**id != "super" || attr == "__class__" || !keywords.is_empty() {
            return false;
        }
        if self.ste().get_scope(id) != Some(Scope::GlobalImplicit) {
            return false;
        }
        if self.st.top().get_scope(id).is_some() {
            return false;
        }
        if args.len() == 2 {
            return !args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. }));
        }
        if !args.is_empty() {
            return false;
        }
        let md = &self.u().md;
        if md.argcount == 0 && md.posonlyargcount == 0 {
            return false;
        }
        matches!(self.get_ref_type("__class__"), Ok(Scope::Free))
    }

    /// `load_args_for_super`.
    fn load_args_for_super(&mut self, e: &'a Expr) -> CResult {
        let ExprKind::Call { func, args, .. } = &e.kind else { unreachable!("a call") };
        let ExprKind::Name { id, .. } = &func.kind else { unreachable!("a name") };
        self.nameop(func.loc, id, ExprContext::Load)?;
        if args.len() == 2 {
            self.visit_expr(&args[0])?;
            self.visit_expr(&args[1])?;
            return Ok(());
        }
        self.nameop(e.loc, "__class__", ExprContext::Load)?;
        let first = self
            .u()
            .md
            .varnames
            .first()
            .ok_or_else(|| CompileError::System("no first argument for super()".into()))?
            .to_owned();
        self.nameop(e.loc, &first, ExprContext::Load)
    }

    /// `maybe_optimize_function_call`: inlines `all`/`any`/`tuple` of a
    /// generator expression when the builtin is the callee at run time.
    fn maybe_optimize_function_call(&mut self, e: &'a Expr, end: Label) -> CResult<bool> {
        let ExprKind::Call { func, args, keywords } = &e.kind else { unreachable!("a call") };
        let ExprKind::Name { id, .. } = &func.kind else { return Ok(false) };
        if args.len() != 1 || !keywords.is_empty() || !matches!(args[0].kind, ExprKind::GeneratorExp { .. }) {
            return Ok(false);
        }
        // An asynchronous generator expression cannot be iterated by FOR_ITER.
        let genexp = self.st.lookup(crate::symtable::BlockKey::of(&args[0]));
        if genexp.is_some_and(|g| self.st.entry(g).ste_coroutine) {
            return Ok(false);
        }
        let loc = func.loc;
        let skip_optimization = self.new_label();
        let (const_oparg, initial_res, continue_jump) = match &**id {
            "all" => (CONSTANT_BUILTIN_ALL, Some(true), op::POP_JUMP_IF_TRUE),
            "any" => (CONSTANT_BUILTIN_ANY, Some(false), op::POP_JUMP_IF_FALSE),
            "tuple" => (CONSTANT_BUILTIN_TUPLE, None, 0),
            _ => {
                self.use_label(skip_optimization);
                return Ok(false);
            }
        };
        self.addop_i(op::COPY, 1, loc);
        self.addop_i(op::LOAD_COMMON_CONSTANT, const_oparg, loc);
        self.addcompare(loc, CmpOp::Is);
        self.addop_j(op::POP_JUMP_IF_FALSE, skip_optimization, loc);
        self.addop(op::POP_TOP, loc);
        if initial_res.is_none() {
            self.addop_i(op::BUILD_LIST, 0, loc);
        }
        self.visit_expr(&args[0])?;
        let lp = self.new_label();
        let cleanup = self.new_label();
        self.use_label(lp);
        self.addop_j(op::FOR_ITER, cleanup, loc);
        if initial_res.is_none() {
            self.addop_i(op::LIST_APPEND, 2, loc);
            self.addop_j(op::JUMP, lp, loc);
        } else {
            self.addop(op::TO_BOOL, loc);
            self.addop_j(continue_jump, lp, loc);
        }
        self.addop(op::POP_ITER, NO_LOCATION);
        if let Some(init) = initial_res {
            self.load_const(ConstValue::Scalar(Constant::Bool(!init)), loc);
        }
        self.addop_j(op::JUMP, end, loc);
        self.use_label(cleanup);
        self.addop(op::END_FOR, NO_LOCATION);
        self.addop(op::POP_ITER, NO_LOCATION);
        match initial_res {
            None => self.addop_i(op::CALL_INTRINSIC_1, intrinsic1::LIST_TO_TUPLE, loc),
            Some(init) => self.load_const(ConstValue::Scalar(Constant::Bool(init)), loc),
        }
        self.addop_j(op::JUMP, end, loc);
        self.use_label(skip_optimization);
        Ok(true)
    }

    /// `maybe_optimize_method_call`: `obj.meth(args)` with `LOAD_ATTR`'s
    /// method form.
    fn maybe_optimize_method_call(&mut self, e: &'a Expr) -> CResult<bool> {
        let ExprKind::Call { func: meth, args, keywords } = &e.kind else { unreachable!("a call") };
        let ExprKind::Attribute { value: obj, attr, ctx: ExprContext::Load } = &meth.kind else {
            return Ok(false);
        };
        if self.is_import_originated(obj) {
            return Ok(false);
        }
        let argsl = args.len();
        let kwdsl = keywords.len();
        if argsl + kwdsl + (kwdsl != 0) as usize >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. })) || keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        let mut loc = meth.loc;
        if self.can_optimize_super_call(obj, attr) {
            self.load_args_for_super(obj)?;
            let ExprKind::Call { args: sargs, .. } = &obj.kind else { unreachable!("a call") };
            let nop = if sargs.is_empty() { NameOp::LoadZeroSuperMethod } else { NameOp::LoadSuperMethod };
            self.addop_name(nop, attr, NameDict::Names, loc);
            loc = update_start_location_to_match_attr(loc, meth, attr);
            self.addop(op::NOP, loc);
        } else {
            self.visit_expr(obj)?;
            loc = update_start_location_to_match_attr(loc, meth, attr);
            self.addop_name(NameOp::LoadMethod, attr, NameDict::Names, loc);
        }
        self.visit_exprs(args)?;
        if kwdsl > 0 {
            for k in keywords {
                self.visit_expr(&k.value)?;
            }
            self.call_simple_kw_helper(loc, keywords);
            let l = update_start_location_to_match_attr(e.loc, meth, attr);
            self.addop_i(op::CALL_KW, (argsl + kwdsl) as i32, l);
        } else {
            let l = update_start_location_to_match_attr(e.loc, meth, attr);
            self.addop_i(op::CALL, argsl as i32, l);
        }
        Ok(true)
    }

    /// `codegen_validate_keywords`: "keyword argument repeated".
    fn validate_keywords(&self, keywords: &[Keyword]) -> CResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            for other in &keywords[i + 1..] {
                if other.arg.as_deref() == Some(&**name) {
                    return Err(self.error(other.loc, format!("keyword argument repeated: {name}")));
                }
            }
        }
        Ok(())
    }

    /// `codegen_call`.
    pub(crate) fn codegen_call(&mut self, e: &'a Expr, func: &'a Expr, args: &'a [Expr], keywords: &'a [Keyword]) -> CResult {
        self.validate_keywords(keywords)?;
        if self.maybe_optimize_method_call(e)? {
            return Ok(());
        }
        let skip_normal_call = self.new_label();
        self.check_caller(func)?;
        self.visit_expr(func)?;
        self.maybe_optimize_function_call(e, skip_normal_call)?;
        self.addop(op::PUSH_NULL, func.loc);
        self.call_helper(e.loc, 0, args, None, keywords)?;
        self.use_label(skip_normal_call);
        Ok(())
    }

    /// `codegen_template_str`.
    pub(crate) fn codegen_template_str(&mut self, loc: Location, values: &'a [Expr]) -> CResult {
        let mut last_was_interpolation = true;
        let mut stringslen = 0;
        let mut i = 0;
        while i < values.len() {
            if matches!(values[i].kind, ExprKind::Interpolation { .. }) {
                if last_was_interpolation {
                    self.load_str("", loc);
                    stringslen += 1;
                }
                last_was_interpolation = true;
                i += 1;
            } else {
                self.visit_expr(&values[i])?;
                let mut j = i + 1;
                while j < values.len() && !matches!(values[j].kind, ExprKind::Interpolation { .. }) {
                    self.visit_expr(&values[j])?;
                    self.addop_binary(loc, crate::ast::Operator::Add, true);
                    j += 1;
                }
                i = j;
                stringslen += 1;
                last_was_interpolation = false;
            }
        }
        if last_was_interpolation {
            self.load_str("", loc);
            stringslen += 1;
        }
        self.addop_i(op::BUILD_TUPLE, stringslen, loc);
        let mut n = 0;
        for v in values {
            if matches!(v.kind, ExprKind::Interpolation { .. }) {
                self.visit_expr(v)?;
                n += 1;
            }
        }
        self.addop_i(op::BUILD_TUPLE, n, loc);
        self.addop(op::BUILD_TEMPLATE, loc);
        Ok(())
    }

    /// `codegen_joined_str`.
    pub(crate) fn codegen_joined_str(&mut self, loc: Location, values: &'a [Expr]) -> CResult {
        let n = values.len();
        if n > STACK_USE_GUIDELINE {
            self.load_str("", loc);
            self.addop_name(NameOp::LoadMethod, "join", NameDict::Names, loc);
            self.addop_i(op::BUILD_LIST, 0, loc);
            for v in values {
                self.visit_expr(v)?;
                self.addop_i(op::LIST_APPEND, 1, loc);
            }
            self.addop_i(op::CALL, 1, loc);
        } else {
            self.visit_exprs(values)?;
            if n > 1 {
                self.addop_i(op::BUILD_STRING, n as i32, loc);
            } else if n == 0 {
                self.load_str("", loc);
            }
        }
        Ok(())
    }

    /// The `FVC_*` of a conversion character.
    fn conversion_code(conversion: i32) -> CResult<i32> {
        match u8::try_from(conversion).map(char::from) {
            Ok('s') => Ok(FVC_STR),
            Ok('r') => Ok(FVC_REPR),
            Ok('a') => Ok(FVC_ASCII),
            _ => Err(CompileError::System(format!("Unrecognized conversion character {conversion}"))),
        }
    }

    /// `codegen_interpolation`.
    pub(crate) fn codegen_interpolation(
        &mut self,
        loc: Location,
        value: &'a Expr,
        text: &Constant,
        conversion: i32,
        format_spec: Option<&'a Expr>,
    ) -> CResult {
        self.visit_expr(value)?;
        self.load_const(ConstValue::from_constant(text), loc);
        let mut oparg = 2;
        if let Some(spec) = format_spec {
            oparg += 1;
            self.visit_expr(spec)?;
        }
        if conversion != -1 {
            oparg |= Self::conversion_code(conversion)? << 2;
        }
        self.addop_i(op::BUILD_INTERPOLATION, oparg, loc);
        Ok(())
    }

    /// `codegen_formatted_value`.
    pub(crate) fn codegen_formatted_value(
        &mut self,
        loc: Location,
        value: &'a Expr,
        conversion: i32,
        format_spec: Option<&'a Expr>,
    ) -> CResult {
        self.visit_expr(value)?;
        if conversion != -1 {
            let c = Self::conversion_code(conversion)?;
            self.addop_i(op::CONVERT_VALUE, c, loc);
        }
        match format_spec {
            Some(spec) => {
                self.visit_expr(spec)?;
                self.addop(op::FORMAT_WITH_SPEC, loc);
            }
            None => self.addop(op::FORMAT_SIMPLE, loc),
        }
        Ok(())
    }

    /// `codegen_subkwargs`.
    fn codegen_subkwargs(&mut self, loc: Location, keywords: &'a [Keyword], begin: usize, end: usize) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.addop_i(op::BUILD_MAP, 0, NO_LOCATION);
        }
        for kw in &keywords[begin..end] {
            self.load_str(kw.arg.as_deref().unwrap_or(""), loc);
            self.visit_expr(&kw.value)?;
            if big {
                self.addop_i(op::MAP_ADD, 1, NO_LOCATION);
            }
        }
        if !big {
            self.addop_i(op::BUILD_MAP, n as i32, loc);
        }
        Ok(())
    }

    /// `codegen_call_simple_kw_helper`: the tuple of keyword names.
    fn call_simple_kw_helper(&mut self, loc: Location, keywords: &[Keyword]) {
        let names = keywords.iter().map(|k| ConstValue::str(k.arg.as_deref().unwrap_or(""))).collect();
        self.load_const(ConstValue::Tuple(names), loc);
    }

    /// `codegen_call_helper_impl`: the arguments and the call, after `n`
    /// already pushed positional arguments.
    pub(crate) fn call_helper(
        &mut self,
        loc: Location,
        n: i32,
        args: &'a [Expr],
        injected_arg: Option<&str>,
        keywords: &'a [Keyword],
    ) -> CResult {
        self.validate_keywords(keywords)?;
        let mut nelts = args.len() as i32;
        let nkwelts = keywords.len();
        let ex_call = args.len() + nkwelts * 2 > STACK_USE_GUIDELINE
            || args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            || keywords.iter().any(|k| k.arg.is_none());
        if !ex_call {
            self.visit_exprs(args)?;
            if let Some(name) = injected_arg {
                self.nameop(loc, name, ExprContext::Load)?;
                nelts += 1;
            }
            if nkwelts > 0 {
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
                self.call_simple_kw_helper(loc, keywords);
                self.addop_i(op::CALL_KW, n + nelts + nkwelts as i32, loc);
            } else {
                self.addop_i(op::CALL, n + nelts, loc);
            }
            return Ok(());
        }
        match args {
            [Expr { kind: ExprKind::Starred { value, .. }, .. }] if n == 0 => self.visit_expr(value)?,
            _ => self.starunpack_helper(loc, args, injected_arg, n, op::BUILD_LIST, op::LIST_APPEND, op::LIST_EXTEND, true)?,
        }
        if nkwelts > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, kw) in keywords.iter().enumerate() {
                if kw.arg.is_none() {
                    if nseen > 0 {
                        self.codegen_subkwargs(loc, keywords, i - nseen, i)?;
                        if have_dict {
                            self.addop_i(op::DICT_MERGE, 1, loc);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop_i(op::BUILD_MAP, 0, loc);
                        have_dict = true;
                    }
                    self.visit_expr(&kw.value)?;
                    self.addop_i(op::DICT_MERGE, 1, loc);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.codegen_subkwargs(loc, keywords, nkwelts - nseen, nkwelts)?;
                if have_dict {
                    self.addop_i(op::DICT_MERGE, 1, loc);
                }
            }
        }
        if nkwelts == 0 {
            self.addop(op::PUSH_NULL, loc);
        }
        self.addop(op::CALL_FUNCTION_EX, loc);
        Ok(())
    }

    /// The `Attribute_kind` case of `codegen_visit_expr`.
    pub(crate) fn codegen_attribute(&mut self, e: &'a Expr, value: &'a Expr, attr: &str, ctx: ExprContext) -> CResult {
        let mut loc = e.loc;
        if ctx == ExprContext::Load && self.can_optimize_super_call(value, attr) {
            self.load_args_for_super(value)?;
            let ExprKind::Call { args, .. } = &value.kind else { unreachable!("a call") };
            let nop = if args.is_empty() { NameOp::LoadZeroSuperAttr } else { NameOp::LoadSuperAttr };
            self.addop_name(nop, attr, NameDict::Names, loc);
            loc = update_start_location_to_match_attr(loc, e, attr);
            self.addop(op::NOP, loc);
            return Ok(());
        }
        if ctx == ExprContext::Store && matches!(&value.kind, ExprKind::Name { id, .. } if &**id == "self") {
            self.maybe_add_static_attribute(attr);
        }
        self.visit_expr(value)?;
        loc = update_start_location_to_match_attr(e.loc, e, attr);
        let o = match ctx {
            ExprContext::Load => op::LOAD_ATTR,
            ExprContext::Store => op::STORE_ATTR,
            ExprContext::Del => op::DELETE_ATTR,
        };
        self.addop_name(NameOp::Op(o), attr, NameDict::Names, loc);
        Ok(())
    }

    /// `codegen_subscript`.
    pub(crate) fn codegen_subscript(&mut self, e: &'a Expr, value: &'a Expr, slice: &'a Expr, ctx: ExprContext) -> CResult {
        let loc = e.loc;
        if ctx == ExprContext::Load {
            self.check_subscripter(value)?;
            self.check_index(value, slice)?;
        }
        self.visit_expr(value)?;
        if should_apply_two_element_slice_optimization(slice) && ctx != ExprContext::Del {
            self.slice_two_parts(slice)?;
            self.addop(if ctx == ExprContext::Load { op::BINARY_SLICE } else { op::STORE_SLICE }, loc);
        } else {
            self.visit_expr(slice)?;
            match ctx {
                ExprContext::Load => self.addop_i(op::BINARY_OP, NB_SUBSCR, loc),
                ExprContext::Store => self.addop(op::STORE_SUBSCR, loc),
                ExprContext::Del => self.addop(op::DELETE_SUBSCR, loc),
            }
        }
        Ok(())
    }

    /// `codegen_slice_two_parts`.
    pub(crate) fn slice_two_parts(&mut self, s: &'a Expr) -> CResult {
        let ExprKind::Slice { lower, upper, .. } = &s.kind else { unreachable!("a slice") };
        for part in [lower, upper] {
            match part {
                Some(p) => self.visit_expr(p)?,
                None => self.load_none(s.loc),
            }
        }
        Ok(())
    }

    /// `codegen_slice`.
    pub(crate) fn codegen_slice(
        &mut self,
        loc: Location,
        lower: Option<&'a Expr>,
        upper: Option<&'a Expr>,
        step: Option<&'a Expr>,
    ) -> CResult {
        let const_of = |e: Option<&Expr>| match e.map(|e| &e.kind) {
            Some(ExprKind::Constant { value, .. }) => ConstValue::from_constant(value),
            _ => ConstValue::NONE,
        };
        let all_const = [lower, upper, step]
            .iter()
            .all(|p| p.is_none_or(|e| matches!(e.kind, ExprKind::Constant { .. })));
        if all_const {
            let slice = ConstValue::Slice(Box::new([const_of(lower), const_of(upper), const_of(step)]));
            self.load_const(slice, loc);
            return Ok(());
        }
        for part in [lower, upper] {
            match part {
                Some(p) => self.visit_expr(p)?,
                None => self.load_none(loc),
            }
        }
        let mut n = 2;
        if let Some(st) = step {
            n += 1;
            self.visit_expr(st)?;
        }
        self.addop_i(op::BUILD_SLICE, n, loc);
        Ok(())
    }
}
