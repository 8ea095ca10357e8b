//! Python/codegen.c, structural pattern matching (PEP 634). Each pattern
//! routine consumes the subject on top of the stack and jumps to a
//! `fail_pop` label on failure; names captured are kept on the stack (under
//! the `on_top` items) until the whole pattern matched.

use super::code::ConstValue;
use super::codegen::{NEXT_LOCATION, NB_SUBSCR};
use super::compiler::{CResult, CompileError, Compiler};
use super::instr_seq::{Label, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::{CmpOp, Constant, Expr, ExprContext, ExprKind, MatchCase, Operator, Pattern, PatternKind};

/// `pattern_context`.
#[derive(Clone, Default)]
struct PatternContext {
    /// The names captured so far, in order.
    stores: Vec<String>,
    /// Whether an irrefutable pattern is allowed here.
    allow_irrefutable: bool,
    /// `fail_pop[i]` pops `i` items and falls through to `fail_pop[i-1]`.
    fail_pop: Vec<Label>,
    /// Items on top of the stack that stay above the captures.
    on_top: usize,
}

/// `WILDCARD_CHECK`.
fn wildcard_check(p: &Pattern) -> bool {
    matches!(p.kind, PatternKind::MatchAs { pattern: None, name: None })
}

/// `WILDCARD_STAR_CHECK`.
fn wildcard_star_check(p: &Pattern) -> bool {
    matches!(p.kind, PatternKind::MatchStar { name: None })
}

/// Python equality of two constants as mapping keys (numbers by value).
fn same_key(a: &Constant, b: &Constant) -> bool {
    use num_bigint::BigInt;
    let num = |c: &Constant| -> Option<(f64, f64, Option<BigInt>)> {
        match c {
            Constant::Bool(b) => Some((*b as i32 as f64, 0.0, Some(BigInt::from(*b as i32)))),
            Constant::Int(i) => Some((i.to_string().parse().unwrap_or(f64::NAN), 0.0, Some(i.clone()))),
            Constant::Float(f) => Some((*f, 0.0, None)),
            Constant::Complex { real, imag } => Some((*real, *imag, None)),
            _ => None,
        }
    };
    match (num(a), num(b)) {
        (Some((_, _, Some(x))), Some((_, _, Some(y)))) => x == y,
        (Some((ar, ai, _)), Some((br, bi, _))) => ar == br && ai == bi,
        (None, None) => a == b,
        _ => false,
    }
}

impl<'a> Compiler<'a> {
    /// `ensure_fail_pop`.
    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    /// `jump_to_fail_pop`.
    fn jump_to_fail_pop(&mut self, loc: Location, pc: &mut PatternContext, opcode: u16) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop_j(opcode, pc.fail_pop[pops], loc);
    }

    /// `emit_and_reset_fail_pop`.
    fn emit_and_reset_fail_pop(&mut self, loc: Location, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.use_label(pc.fail_pop[i]);
            self.addop(op::POP_TOP, loc);
        }
        self.use_label(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    /// `codegen_pattern_helper_rotate`.
    fn pattern_helper_rotate(&mut self, loc: Location, mut count: usize) {
        while count > 1 {
            self.addop_i(op::SWAP, count as i32, loc);
            count -= 1;
        }
    }

    /// `codegen_pattern_helper_store_name`.
    fn pattern_helper_store_name(&mut self, loc: Location, n: Option<&str>, pc: &mut PatternContext) -> CResult {
        let Some(n) = n else {
            self.addop(op::POP_TOP, loc);
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == n) {
            return Err(self.error(loc, format!("multiple assignments to name '{n}' in pattern")));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.pattern_helper_rotate(loc, rotations);
        pc.stores.push(n.to_owned());
        Ok(())
    }

    /// `codegen_pattern_unpack_helper`.
    fn pattern_unpack_helper(&mut self, loc: Location, elts: &[Pattern]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if matches!(elt.kind, PatternKind::MatchStar { .. }) {
                if seen_star {
                    return Err(self.error(loc, "multiple starred expressions in sequence pattern"));
                }
                if i >= 1 << 8 || n - i - 1 >= (i32::MAX >> 8) as usize {
                    return Err(self.error(loc, "too many expressions in star-unpacking sequence pattern"));
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

    /// `pattern_helper_sequence_unpack`.
    fn pattern_helper_sequence_unpack(&mut self, loc: Location, patterns: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        self.pattern_unpack_helper(loc, patterns)?;
        pc.on_top += patterns.len();
        for p in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(p, pc)?;
        }
        Ok(())
    }

    /// `pattern_helper_sequence_subscr`: matches the subpatterns through
    /// subscripts (for patterns with a starred wildcard).
    fn pattern_helper_sequence_subscr(
        &mut self,
        loc: Location,
        patterns: &'a [Pattern],
        star: usize,
        pc: &mut PatternContext,
    ) -> CResult {
        pc.on_top += 1;
        let size = patterns.len();
        for (i, p) in patterns.iter().enumerate() {
            if wildcard_check(p) || i == star {
                continue;
            }
            self.addop_i(op::COPY, 1, loc);
            if i < star {
                self.load_const(ConstValue::int(i as i64), loc);
            } else {
                self.addop(op::GET_LEN, loc);
                self.load_const(ConstValue::int((size - i) as i64), loc);
                self.addop_binary(loc, Operator::Sub, false);
            }
            self.addop_i(op::BINARY_OP, NB_SUBSCR, loc);
            self.pattern_subpattern(p, pc)?;
        }
        pc.on_top -= 1;
        self.addop(op::POP_TOP, loc);
        Ok(())
    }

    /// `codegen_pattern_subpattern`: a pattern that may be irrefutable.
    fn pattern_subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    /// `codegen_pattern_as`.
    fn pattern_as(&mut self, p: &'a Pattern, pattern: Option<&'a Pattern>, name: Option<&str>, pc: &mut PatternContext) -> CResult {
        let Some(inner) = pattern else {
            if !pc.allow_irrefutable {
                return Err(match name {
                    Some(n) => self.error(p.loc, format!("name capture '{n}' makes remaining patterns unreachable")),
                    None => self.error(p.loc, "wildcard makes remaining patterns unreachable"),
                });
            }
            return self.pattern_helper_store_name(p.loc, name, pc);
        };
        pc.on_top += 1;
        self.addop_i(op::COPY, 1, p.loc);
        self.pattern(inner, pc)?;
        pc.on_top -= 1;
        self.pattern_helper_store_name(p.loc, name, pc)
    }

    /// `codegen_pattern_class`.
    fn pattern_class(
        &mut self,
        p: &'a Pattern,
        cls: &'a Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &'a [Box<str>],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let nargs = patterns.len();
        let nattrs = kwd_attrs.len();
        if nattrs != kwd_patterns.len() {
            return Err(self.error(
                p.loc,
                format!(
                    "kwd_attrs ({nattrs}) / kwd_patterns ({}) length mismatch in class pattern",
                    kwd_patterns.len()
                ),
            ));
        }
        for (i, attr) in kwd_attrs.iter().enumerate() {
            if let Some(j) = kwd_attrs[i + 1..].iter().position(|o| o == attr) {
                let loc = kwd_patterns[i + 1 + j].loc;
                return Err(self.error(loc, format!("attribute name repeated in class pattern: {attr}")));
            }
        }
        self.visit_expr(cls)?;
        let names = ConstValue::Tuple(kwd_attrs.iter().map(|a| ConstValue::str(a)).collect());
        self.load_const(names, p.loc);
        self.addop_i(op::MATCH_CLASS, nargs as i32, p.loc);
        self.addop_i(op::COPY, 1, p.loc);
        self.load_none(p.loc);
        self.addop_i(op::IS_OP, 1, p.loc);
        pc.on_top += 1;
        self.jump_to_fail_pop(p.loc, pc, op::POP_JUMP_IF_FALSE);
        self.addop_i(op::UNPACK_SEQUENCE, (nargs + nattrs) as i32, p.loc);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for sub in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if wildcard_check(sub) {
                self.addop(op::POP_TOP, p.loc);
                continue;
            }
            self.pattern_subpattern(sub, pc)?;
        }
        Ok(())
    }

    /// `codegen_pattern_mapping`.
    fn pattern_mapping(
        &mut self,
        p: &'a Pattern,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
    ) -> CResult {
        let loc = p.loc;
        let size = keys.len();
        if size != patterns.len() {
            return Err(self.error(
                loc,
                format!("keys ({size}) / patterns ({}) length mismatch in mapping pattern", patterns.len()),
            ));
        }
        pc.on_top += 1;
        self.addop(op::MATCH_MAPPING, loc);
        self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.addop(op::POP_TOP, loc);
            return Ok(());
        }
        if size > 0 {
            self.addop(op::GET_LEN, loc);
            self.load_const(ConstValue::int(size as i64), loc);
            self.addcompare(loc, CmpOp::GtE);
            self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<&Constant> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant { value, .. } => {
                    if seen.iter().any(|s| same_key(s, value)) {
                        let mut r = String::new();
                        crate::ast::dump::repr_constant(&mut r, value);
                        return Err(self.error(loc, format!("mapping pattern checks duplicate key ({r})")));
                    }
                    seen.push(value);
                }
                ExprKind::Attribute { .. } => {}
                _ => return Err(self.error(loc, "mapping pattern keys may only match literals and attribute lookups")),
            }
            self.visit_expr(key)?;
        }
        self.addop_i(op::BUILD_TUPLE, size as i32, loc);
        self.addop(op::MATCH_KEYS, loc);
        pc.on_top += 2;
        self.addop_i(op::COPY, 1, loc);
        self.load_none(loc);
        self.addop_i(op::IS_OP, 1, loc);
        self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
        self.addop_i(op::UNPACK_SEQUENCE, size as i32, loc);
        pc.on_top += size;
        pc.on_top -= 1;
        for sub in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(sub, pc)?;
        }
        pc.on_top -= 2;
        if let Some(star_target) = rest {
            self.addop_i(op::BUILD_MAP, 0, loc);
            self.addop_i(op::SWAP, 3, loc);
            self.addop_i(op::DICT_UPDATE, 2, loc);
            self.addop_i(op::UNPACK_SEQUENCE, size as i32, loc);
            let mut n = size;
            while n > 0 {
                self.addop_i(op::COPY, 1 + n as i32, loc);
                n -= 1;
                self.addop_i(op::SWAP, 2, loc);
                self.addop(op::DELETE_SUBSCR, loc);
            }
            self.pattern_helper_store_name(loc, Some(star_target), pc)?;
        } else {
            self.addop(op::POP_TOP, loc);
            self.addop(op::POP_TOP, loc);
        }
        Ok(())
    }

    /// `codegen_pattern_or`.
    fn pattern_or(&mut self, p: &'a Pattern, alts: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let end = self.new_label();
        let size = alts.len();
        let old_pc = pc.clone();
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alts.iter().enumerate() {
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_pc.allow_irrefutable;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop_i(op::COPY, 1, alt.loc);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if nstores != ctl.len() => {
                    return Err(self.error(p.loc, "alternative patterns bind different names"));
                }
                Some(ctl) if nstores > 0 => {
                    let ctl = ctl.clone();
                    for icontrol in (0..nstores).rev() {
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(self.error(p.loc, "alternative patterns bind different names"));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            pc.stores.splice(at..at, rotated);
                            for _ in 0..rotations {
                                self.pattern_helper_rotate(alt.loc, icontrol + 1);
                            }
                        }
                    }
                }
                Some(_) => {}
            }
            self.addop_j(op::JUMP, end, alt.loc);
            self.emit_and_reset_fail_pop(alt.loc, pc);
        }
        *pc = old_pc;
        self.addop(op::POP_TOP, p.loc);
        self.jump_to_fail_pop(p.loc, pc, op::JUMP);
        self.use_label(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_helper_rotate(p.loc, nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(p.loc, format!("multiple assignments to name '{name}' in pattern")));
            }
            pc.stores.push(name);
        }
        self.addop(op::POP_TOP, p.loc);
        Ok(())
    }

    /// `codegen_pattern_sequence`.
    fn pattern_sequence(&mut self, p: &'a Pattern, patterns: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let loc = p.loc;
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, sub) in patterns.iter().enumerate() {
            if matches!(sub.kind, PatternKind::MatchStar { .. }) {
                if star.is_some() {
                    return Err(self.error(loc, "multiple starred names in sequence pattern"));
                }
                star_wildcard = wildcard_star_check(sub);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= wildcard_check(sub);
        }
        pc.on_top += 1;
        self.addop(op::MATCH_SEQUENCE, loc);
        self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.addop(op::GET_LEN, loc);
                self.load_const(ConstValue::int(size as i64), loc);
                self.addcompare(loc, CmpOp::Eq);
                self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.addop(op::GET_LEN, loc);
                self.load_const(ConstValue::int(size as i64 - 1), loc);
                self.addcompare(loc, CmpOp::GtE);
                self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(op::POP_TOP, loc);
        } else if star_wildcard {
            self.pattern_helper_sequence_subscr(loc, patterns, star.unwrap_or(usize::MAX), pc)?;
        } else {
            self.pattern_helper_sequence_unpack(loc, patterns, pc)?;
        }
        Ok(())
    }

    /// `codegen_pattern`.
    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let loc = p.loc;
        match &p.kind {
            PatternKind::MatchValue { value } => {
                if !matches!(value.kind, ExprKind::Constant { .. } | ExprKind::Attribute { .. }) {
                    return Err(self.error(loc, "patterns may only match literals and attribute lookups"));
                }
                self.visit_expr(value)?;
                self.addcompare(loc, CmpOp::Eq);
                self.addop(op::TO_BOOL, loc);
                self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
                Ok(())
            }
            PatternKind::MatchSingleton { value } => {
                self.load_const(ConstValue::from_constant(value), loc);
                self.addcompare(loc, CmpOp::Is);
                self.jump_to_fail_pop(loc, pc, op::POP_JUMP_IF_FALSE);
                Ok(())
            }
            PatternKind::MatchSequence { patterns } => self.pattern_sequence(p, patterns, pc),
            PatternKind::MatchMapping { keys, patterns, rest } => {
                self.pattern_mapping(p, keys, patterns, rest.as_deref(), pc)
            }
            PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => {
                self.pattern_class(p, cls, patterns, kwd_attrs, kwd_patterns, pc)
            }
            PatternKind::MatchStar { name } => self.pattern_helper_store_name(loc, name.as_deref(), pc),
            PatternKind::MatchAs { pattern, name } => self.pattern_as(p, pattern.as_deref(), name.as_deref(), pc),
            PatternKind::MatchOr { patterns } => self.pattern_or(p, patterns, pc),
        }
    }

    /// `codegen_match` (with `codegen_match_inner`).
    pub(crate) fn codegen_match(&mut self, subject: &'a Expr, cases: &'a [MatchCase]) -> CResult {
        self.visit_expr(subject)?;
        let end = self.new_label();
        let n = cases.len();
        let Some(last) = cases.last() else {
            return Err(CompileError::System("match statement without cases".into()));
        };
        let has_default = (wildcard_check(&last.pattern) && n > 1) as usize;
        let mut pc = PatternContext::default();
        for (i, m) in cases[..n - has_default].iter().enumerate() {
            let not_last = i != n - has_default - 1;
            if not_last {
                self.addop_i(op::COPY, 1, m.pattern.loc);
            }
            pc.stores = Vec::new();
            pc.allow_irrefutable = m.guard.is_some() || i == n - 1;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.pattern(&m.pattern, &mut pc)?;
            for name in std::mem::take(&mut pc.stores) {
                self.nameop(m.pattern.loc, &name, ExprContext::Store)?;
            }
            if let Some(guard) = &m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(m.pattern.loc, guard, target, false)?;
            }
            if not_last {
                self.addop(op::POP_TOP, NEXT_LOCATION);
            }
            self.visit_stmts(&m.body)?;
            self.addop_j(op::JUMP, end, NO_LOCATION);
            self.emit_and_reset_fail_pop(m.pattern.loc, &mut pc);
        }
        if has_default == 1 {
            self.addop(op::NOP, last.pattern.loc);
            if let Some(guard) = &last.guard {
                self.jump_if(last.pattern.loc, guard, end, false)?;
            }
            self.visit_stmts(&last.body)?;
        }
        self.use_label(end);
        Ok(())
    }
}
