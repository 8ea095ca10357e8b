//! A port of CPython 3.14's Python/assemble.c: turns the lowered
//! instruction sequence into a [`Code`]: code units with `EXTENDED_ARG`
//! prefixes and inline caches, the PEP 626 location table
//! (Objects/locations.md), the exception table
//! (InternalDocs/exception_handling.md) and the localsplus names and kinds.
//! Also the drivers of compile.c that run flowgraph and assembler on a unit
//! (`optimize_and_assemble_code_unit`, `_PyCompile_Assemble`).

use super::code::{
    Code, CodeUnitMetadata, ConstValue, CO_FAST_ARG_KW, CO_FAST_ARG_POS, CO_FAST_ARG_VAR, CO_FAST_CELL, CO_FAST_FREE,
    CO_FAST_HIDDEN, CO_FAST_LOCAL, CO_VARARGS, CO_VARKEYWORDS,
};
use super::flowgraph::{CfgBuilder, CfgError};
use super::instr_seq::{has_jump, instr_size, ExceptHandlerInfo, InstrSequence, Location, NO_LOCATION};
use super::opcode as op;
use crate::ast::PyStr;

/// `PY_CODE_LOCATION_INFO_SHORT0` .. `_LONG`, `_NONE` (pycore_code.h).
const LOC_SHORT0: u8 = 0;
const LOC_ONE_LINE0: u8 = 10;
const LOC_NO_COLUMNS: u8 = 13;
const LOC_LONG: u8 = 14;
const LOC_NONE: u8 = 15;

/// `struct assembler`.
struct Assembler {
    bytecode: Vec<u8>,
    except_table: Vec<u8>,
    lineno: i32,
    linetable: Vec<u8>,
}

/// `write_varint`: 6-bit groups, least significant first, bit 6 = more.
fn write_varint(out: &mut Vec<u8>, mut val: u32) {
    while val >= 64 {
        out.push(64 | (val & 63) as u8);
        val >>= 6;
    }
    out.push(val as u8);
}

/// `write_signed_varint`: sign in the lowest bit.
fn write_signed_varint(out: &mut Vec<u8>, val: i32) {
    let uval = if val < 0 { ((0u32.wrapping_sub(val as u32)) << 1) | 1 } else { (val as u32) << 1 };
    write_varint(out, uval);
}

/// `same_location`.
fn same_location(a: Location, b: Location) -> bool {
    a == b
}

impl Assembler {
    /// `write_location_entry_start`.
    fn first_byte(&mut self, code: u8, length: i32) {
        self.linetable.push(0x80 | (code << 3) | (length - 1) as u8);
    }

    /// `write_location_info_entry`: one entry covering `isize` (1..=8) units.
    fn write_location_info_entry(&mut self, loc: Location, isize: i32) {
        if loc.lineno < 0 {
            self.first_byte(LOC_NONE, isize);
            return;
        }
        let line_delta = loc.lineno - self.lineno;
        let column = loc.col_offset;
        let end_column = loc.end_col_offset;
        if column < 0 || end_column < 0 {
            if loc.end_lineno == loc.lineno || loc.end_lineno == -1 {
                self.first_byte(LOC_NO_COLUMNS, isize);
                write_signed_varint(&mut self.linetable, line_delta);
                self.lineno = loc.lineno;
                return;
            }
        } else if loc.end_lineno == loc.lineno {
            if line_delta == 0 && column < 80 && end_column - column < 16 && end_column >= column {
                self.first_byte(LOC_SHORT0 + (column >> 3) as u8, isize);
                self.linetable.push((((column & 7) << 4) | (end_column - column)) as u8);
                return;
            }
            if (0..3).contains(&line_delta) && column < 128 && end_column < 128 {
                self.first_byte(LOC_ONE_LINE0 + line_delta as u8, isize);
                self.linetable.push(column as u8);
                self.linetable.push(end_column as u8);
                self.lineno = loc.lineno;
                return;
            }
        }
        self.first_byte(LOC_LONG, isize);
        write_signed_varint(&mut self.linetable, loc.lineno - self.lineno);
        write_varint(&mut self.linetable, (loc.end_lineno - loc.lineno) as u32);
        write_varint(&mut self.linetable, (loc.col_offset + 1) as u32);
        write_varint(&mut self.linetable, (loc.end_col_offset + 1) as u32);
        self.lineno = loc.lineno;
    }

    /// `assemble_emit_location`.
    fn emit_location(&mut self, loc: Location, mut isize: i32) {
        if isize == 0 {
            return;
        }
        while isize > 8 {
            self.write_location_info_entry(loc, 8);
            isize -= 8;
        }
        self.write_location_info_entry(loc, isize);
    }

    /// `assemble_location_info`.
    fn location_info(&mut self, instrs: &InstrSequence, firstlineno: i32) {
        self.lineno = firstlineno;
        let mut loc = NO_LOCATION;
        let mut size = 0;
        for instr in &instrs.instrs {
            if !same_location(loc, instr.loc) {
                self.emit_location(loc, size);
                loc = instr.loc;
                size = 0;
            }
            size += instr_size(instr.opcode, instr.oparg);
        }
        self.emit_location(loc, size);
    }

    /// `assemble_emit_exception_table_item`.
    fn except_item(&mut self, value: i32, mut msb: u8) {
        const CONTINUATION_BIT: u8 = 64;
        let v = value as u32;
        for shift in [24u32, 18, 12, 6] {
            if v >= 1 << shift {
                self.except_table.push(((v >> shift) & 0x3f) as u8 | CONTINUATION_BIT | msb);
                msb = 0;
            }
        }
        self.except_table.push((v & 0x3f) as u8 | msb);
    }

    /// `assemble_emit_exception_table_entry`.
    fn except_entry(&mut self, start: i32, end: i32, handler_offset: i32, handler: &ExceptHandlerInfo) {
        let size = end - start;
        let mut depth = handler.h_startdepth - 1;
        if handler.h_preserve_lasti {
            depth -= 1;
        }
        let depth_lasti = (depth << 1) | handler.h_preserve_lasti as i32;
        self.except_item(start, 1 << 7);
        self.except_item(size, 0);
        self.except_item(handler_offset, 0);
        self.except_item(depth_lasti, 0);
    }

    /// `assemble_exception_table`.
    fn exception_table(&mut self, instrs: &InstrSequence) {
        let mut ioffset = 0;
        let mut handler = ExceptHandlerInfo { h_label: -1, h_startdepth: -1, h_preserve_lasti: false };
        let mut start = -1;
        let handler_offset =
            |h: &ExceptHandlerInfo| instrs.instrs.get(h.h_label as usize).map_or(0, |i| i.offset);
        for instr in &instrs.instrs {
            if instr.except_handler_info.h_label != handler.h_label {
                if handler.h_label >= 0 {
                    self.except_entry(start, ioffset, handler_offset(&handler), &handler);
                }
                start = ioffset;
                handler = instr.except_handler_info;
            }
            ioffset += instr_size(instr.opcode, instr.oparg);
        }
        if handler.h_label >= 0 {
            self.except_entry(start, ioffset, handler_offset(&handler), &handler);
        }
    }
}

/// `write_instr`: the instruction, its `EXTENDED_ARG` prefixes and its
/// zeroed inline cache entries.
fn write_instr(out: &mut Vec<u8>, opcode: u16, oparg: i32) {
    let caches = op::CACHES.get(opcode as usize).copied().unwrap_or(0) as i32;
    let ilen = instr_size(opcode, oparg);
    for shift in [24, 16, 8] {
        if ilen - caches > shift / 8 {
            out.push(op::EXTENDED_ARG as u8);
            out.push(((oparg >> shift) & 0xFF) as u8);
        }
    }
    out.push(opcode as u8);
    out.push((oparg & 0xFF) as u8);
    for _ in 0..caches {
        out.push(op::CACHE as u8);
        out.push(0);
    }
}

/// `resolve_unconditional_jumps`: `JUMP`/`JUMP_NO_INTERRUPT` get their
/// direction.
fn resolve_unconditional_jumps(instrs: &mut InstrSequence) -> Result<(), CfgError> {
    for (i, instr) in instrs.instrs.iter_mut().enumerate() {
        let is_forward = instr.oparg > i as i32;
        match instr.opcode {
            op::JUMP => instr.opcode = if is_forward { op::JUMP_FORWARD } else { op::JUMP_BACKWARD },
            op::JUMP_NO_INTERRUPT => {
                instr.opcode = if is_forward { op::JUMP_FORWARD } else { op::JUMP_BACKWARD_NO_INTERRUPT }
            }
            opc if has_jump(opc) && opc > 255 => {
                return Err(CfgError::SystemError(format!("unexpected pseudo jump {opc}")));
            }
            _ => {}
        }
    }
    Ok(())
}

/// `END_SEND_OFFSET`: code units from a `SEND` to its `END_SEND`.
const END_SEND_OFFSET: i32 = 5;

/// `resolve_jump_offsets`: jump opargs become relative offsets in code
/// units, iterating until the `EXTENDED_ARG` count is stable.
fn resolve_jump_offsets(instrs: &mut InstrSequence) -> Result<(), CfgError> {
    let n = instrs.instrs.len();
    for instr in &mut instrs.instrs {
        if has_jump(instr.opcode) {
            if !(0..n as i32).contains(&instr.oparg) {
                return Err(CfgError::SystemError(format!("jump target {} out of range", instr.oparg)));
            }
            instr.target = instr.oparg;
        }
    }
    loop {
        let mut totsize = 0;
        for instr in &mut instrs.instrs {
            instr.offset = totsize;
            totsize += instr_size(instr.opcode, instr.oparg);
        }
        let mut recompile = false;
        let mut offset = 0;
        for i in 0..n {
            let instr = instrs.instrs[i];
            let isize = instr_size(instr.opcode, instr.oparg);
            offset += isize;
            if has_jump(instr.opcode) {
                let target_off = instrs.instrs[instr.target as usize].offset;
                let is_backward = matches!(instr.opcode, op::JUMP_BACKWARD | op::JUMP_BACKWARD_NO_INTERRUPT);
                let oparg = if instr.opcode == op::END_ASYNC_FOR {
                    // The target is the SEND; sys.monitoring needs the
                    // matching END_SEND, a fixed distance after it.
                    offset - target_off - END_SEND_OFFSET
                } else if target_off < offset {
                    if !is_backward {
                        return Err(CfgError::SystemError("forward jump to an earlier offset".into()));
                    }
                    offset - target_off
                } else {
                    if is_backward {
                        return Err(CfgError::SystemError("backward jump to a later offset".into()));
                    }
                    target_off - offset
                };
                instrs.instrs[i].oparg = oparg;
                if instr_size(instr.opcode, oparg) != isize {
                    recompile = true;
                }
            }
        }
        if !recompile {
            return Ok(());
        }
    }
}

/// `compute_localsplus_info`: names and `CO_FAST_*` kinds of locals, cells
/// (those that are not arguments) and free variables.
fn compute_localsplus_info(
    umd: &CodeUnitMetadata,
    nlocalsplus: usize,
    flags: i32,
) -> Result<(Vec<PyStr>, Vec<u8>), CfgError> {
    let mut names = vec![PyStr::new(); nlocalsplus];
    let mut kinds = vec![0u8; nlocalsplus];
    let mut set = |offset: usize, name: &PyStr, kind: u8| -> Result<(), CfgError> {
        if offset >= nlocalsplus {
            return Err(CfgError::SystemError("localsplus offset out of range".into()));
        }
        names[offset] = name.clone();
        kinds[offset] = kind;
        Ok(())
    };
    // The parameters come first: positional-only, positional-or-keyword,
    // keyword-only, then `*args` and `**kwargs` when the flags say so.
    let arg_kinds = [
        (umd.posonlyargcount, CO_FAST_ARG_POS),
        (umd.argcount, CO_FAST_ARG_POS | CO_FAST_ARG_KW),
        (umd.kwonlyargcount, CO_FAST_ARG_KW),
        ((flags & CO_VARARGS != 0) as i32, CO_FAST_ARG_VAR | CO_FAST_ARG_POS),
        ((flags & CO_VARKEYWORDS != 0) as i32, CO_FAST_ARG_VAR | CO_FAST_ARG_KW),
    ];
    let arg_kind = |offset: usize| {
        let mut end = 0;
        for (n, kind) in arg_kinds {
            end += n as usize;
            if offset < end {
                return kind;
            }
        }
        0
    };
    for (offset, k) in umd.varnames.iter().enumerate() {
        let mut kind = CO_FAST_LOCAL | arg_kind(offset);
        if umd.fasthidden.contains(k) {
            kind |= CO_FAST_HIDDEN;
        }
        if umd.cellvars.contains(k) {
            kind |= CO_FAST_CELL;
        }
        set(offset, k, kind)?;
    }
    let nlocals = umd.varnames.len();
    let mut numdropped = 0;
    for (v, k) in umd.cellvars.iter().enumerate() {
        if umd.varnames.contains(k) {
            numdropped += 1;
            continue;
        }
        set(v + nlocals - numdropped, k, CO_FAST_CELL)?;
    }
    let ncells = umd.cellvars.len();
    for (i, k) in umd.freevars.iter().enumerate() {
        set(ncells + i + nlocals - numdropped, k, CO_FAST_FREE)?;
    }
    Ok((names, kinds))
}

/// An instruction located at `NEXT_LOCATION` (line -2, the `POP_TOP` of a
/// matched case) takes the location of the instruction after it (the last
/// one none). The flowgraph keeps line -2 as a line of its own (it counts
/// as "no line" where lines `< 0` are tested, and is propagated where
/// `NO_LOCATION` is), so this is done only when the line table is written.
fn resolve_next_locations(instrs: &mut InstrSequence) {
    let mut next = NO_LOCATION;
    for instr in instrs.instrs.iter_mut().rev() {
        if instr.loc.lineno == -2 {
            instr.loc = next;
        }
        next = instr.loc;
    }
}

/// `_PyAssemble_MakeCodeObject` (with `assemble_emit` and `makecode`).
pub fn make_code_object(
    umd: &CodeUnitMetadata,
    consts: Vec<ConstValue>,
    maxdepth: i32,
    mut instrs: InstrSequence,
    nlocalsplus: usize,
    code_flags: i32,
    filename: &PyStr,
) -> Result<Code, CfgError> {
    instrs.apply_label_map();
    resolve_unconditional_jumps(&mut instrs)?;
    resolve_jump_offsets(&mut instrs)?;
    let mut a = Assembler { bytecode: Vec::new(), except_table: Vec::new(), lineno: umd.firstlineno, linetable: Vec::new() };
    for instr in &instrs.instrs {
        if instr.opcode > 255 {
            return Err(CfgError::SystemError(format!("pseudo-instruction {} in the assembler", instr.opcode)));
        }
        write_instr(&mut a.bytecode, instr.opcode, instr.oparg);
    }
    resolve_next_locations(&mut instrs);
    a.location_info(&instrs, umd.firstlineno);
    a.exception_table(&instrs);
    let (localsplusnames, localspluskinds) = compute_localsplus_info(umd, nlocalsplus, code_flags)?;
    Ok(Code {
        argcount: umd.posonlyargcount + umd.argcount,
        posonlyargcount: umd.posonlyargcount,
        kwonlyargcount: umd.kwonlyargcount,
        // `init_code` (codeobject.c) gives every frame room for one value.
        stacksize: maxdepth.max(1),
        flags: code_flags,
        code: a.bytecode,
        consts,
        names: umd.names.clone(),
        localsplusnames,
        localspluskinds,
        filename: filename.clone(),
        name: umd.name.clone(),
        qualname: umd.qualname.clone().unwrap_or_else(|| umd.name.clone()),
        firstlineno: umd.firstlineno,
        linetable: a.linetable,
        exceptiontable: a.except_table,
    })
}

/// compile.c's `optimize_and_assemble_code_unit`: the whole back end for
/// one unit, from codegen's sequence and constants to the code object.
/// `nparams` is the number of parameters (`ste_varnames` of the symtable
/// entry), which start out initialized.
pub fn optimize_and_assemble(
    seq: &mut InstrSequence,
    umd: &CodeUnitMetadata,
    mut consts: Vec<ConstValue>,
    nparams: usize,
    code_flags: i32,
    filename: &PyStr,
) -> Result<Code, CfgError> {
    let mut g = CfgBuilder::from_instruction_sequence(seq)?;
    g.optimize_code_unit(&mut consts, umd.varnames.len(), nparams)?;
    let (instrs, stackdepth, nlocalsplus) = g.optimized_cfg_to_instruction_sequence(umd, code_flags)?;
    make_code_object(umd, consts, stackdepth, instrs, nlocalsplus, code_flags, filename)
}

/// `_PyCompile_Assemble` (behind `_testinternalcapi.assemble_code_object`):
/// assemble a sequence that did not come from codegen, with `co_flags` 0.
pub fn assemble_for_test(
    seq: &mut InstrSequence,
    umd: &CodeUnitMetadata,
    consts: Vec<ConstValue>,
    filename: &PyStr,
) -> Result<Code, CfgError> {
    let mut g = CfgBuilder::from_instruction_sequence(seq)?;
    g.jump_labels_to_targets()?;
    let (instrs, stackdepth, nlocalsplus) = g.optimized_cfg_to_instruction_sequence(umd, 0)?;
    make_code_object(umd, consts, stackdepth, instrs, nlocalsplus, 0, filename)
}
