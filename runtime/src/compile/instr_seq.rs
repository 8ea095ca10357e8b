//! A port of Python/instruction_sequence.c: the flat sequence of
//! instructions that codegen produces, the flowgraph consumes and produces
//! again, and the assembler turns into a code object.

use super::opcode::{self, HAS_ARG_FLAG, HAS_JUMP_FLAG, METADATA};

/// `_Py_SourceLocation`: the same four fields as an AST node's position
/// (lines 1-based, columns 0-based UTF-8 offsets); -1 means unknown.
pub type Location = crate::ast::Location;

/// `NO_LOCATION`.
pub const NO_LOCATION: Location =
    Location { lineno: -1, col_offset: -1, end_lineno: -1, end_col_offset: -1 };

/// `_PyJumpTargetLabel`: a label id; jump instructions carry it as oparg
/// until [`InstrSequence::apply_label_map`] turns it into an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub i32);

/// `NO_LABEL`.
pub const NO_LABEL: Label = Label(-1);

/// `_PyExceptHandlerInfo`: the handler active at an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptHandlerInfo {
    /// The handler's label (an instruction index once labels are applied), or -1.
    pub h_label: i32,
    /// The stack depth at the handler's entry.
    pub h_startdepth: i32,
    /// Whether the handler preserves `lasti` (`SETUP_WITH`, `SETUP_CLEANUP`).
    pub h_preserve_lasti: bool,
}

impl Default for ExceptHandlerInfo {
    fn default() -> Self {
        ExceptHandlerInfo { h_label: -1, h_startdepth: -1, h_preserve_lasti: false }
    }
}

/// `_PyInstruction`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Opcode, pseudo-instructions included.
    pub opcode: u16,
    /// Argument; a label (then an index, then a relative offset) for jumps.
    pub oparg: i32,
    /// Source location.
    pub loc: Location,
    /// Index of the jump target (`i_target`, used by the assembler).
    pub target: i32,
    /// Offset in code units (`i_offset`, used by the assembler).
    pub offset: i32,
    /// The exception handler covering this instruction.
    pub except_handler_info: ExceptHandlerInfo,
}

/// `OPCODE_HAS_ARG`.
pub fn has_arg(op: u16) -> bool {
    METADATA.get(op as usize).is_some_and(|m| m.flags & HAS_ARG_FLAG != 0)
}

/// `OPCODE_HAS_JUMP`.
pub fn has_jump(op: u16) -> bool {
    METADATA.get(op as usize).is_some_and(|m| m.flags & HAS_JUMP_FLAG != 0)
}

/// `IS_BLOCK_PUSH_OPCODE`.
pub fn is_block_push(op: u16) -> bool {
    matches!(op, opcode::SETUP_FINALLY | opcode::SETUP_WITH | opcode::SETUP_CLEANUP)
}

/// `HAS_TARGET`.
pub fn has_target(op: u16) -> bool {
    has_jump(op) || is_block_push(op)
}

/// `_PyCompile_InstrSize`: code units of an instruction, its `EXTENDED_ARG`
/// prefixes and inline caches included.
pub fn instr_size(op: u16, oparg: i32) -> i32 {
    let extended = (oparg > 0xFF_FFFF) as i32 + (oparg > 0xFFFF) as i32 + (oparg > 0xFF) as i32;
    let caches = opcode::CACHES.get(op as usize).copied().unwrap_or(0) as i32;
    extended + 1 + caches
}

/// `_PyInstructionSequence`.
#[derive(Clone, Debug, Default)]
pub struct InstrSequence {
    /// The instructions (`s_instrs[0..s_used]`).
    pub instrs: Vec<Instruction>,
    next_free_label: i32,
    /// Label id -> index of the instruction it precedes; `None` once applied.
    labelmap: Option<Vec<i32>>,
    /// Nested sequences (`s_nested`), kept for tests of codegen.
    pub nested: Vec<InstrSequence>,
    /// `s_annotations_code`: the deferred `__annotate__` code that replaces
    /// the `ANNOTATIONS_PLACEHOLDER` when the CFG is built.
    pub annotations_code: Option<Box<InstrSequence>>,
}

impl InstrSequence {
    /// An empty sequence (`_PyInstructionSequence_New`).
    pub fn new() -> InstrSequence {
        InstrSequence { labelmap: Some(Vec::new()), ..Default::default() }
    }

    /// A sequence whose jump opargs already are instruction indices, as
    /// `InstructionSequence.get_instructions()` returns them.
    pub fn from_resolved(instrs: Vec<Instruction>) -> InstrSequence {
        InstrSequence { instrs, labelmap: None, ..Default::default() }
    }

    /// `_PyInstructionSequence_NewLabel`.
    pub fn new_label(&mut self) -> Label {
        self.next_free_label += 1;
        Label(self.next_free_label)
    }

    /// `_PyInstructionSequence_UseLabel`: the label refers to the next
    /// instruction added.
    pub fn use_label(&mut self, lbl: i32) {
        let used = self.instrs.len() as i32;
        let map = self.labelmap.get_or_insert_with(Vec::new);
        let idx = lbl as usize;
        if map.len() <= idx {
            map.resize(idx + 1, -111);
        }
        map[idx] = used;
    }

    /// `_PyInstructionSequence_ApplyLabelMap`: replace labels by instruction
    /// indices, in jumps and handler infos; a no-op once done.
    pub fn apply_label_map(&mut self) {
        let Some(map) = self.labelmap.take() else {
            return;
        };
        let lookup = |l: i32| map.get(l as usize).copied().unwrap_or(-111);
        for instr in &mut self.instrs {
            if has_target(instr.opcode) {
                instr.oparg = lookup(instr.oparg);
            }
            let hi = &mut instr.except_handler_info;
            if hi.h_label >= 0 {
                hi.h_label = lookup(hi.h_label);
            }
        }
    }

    /// `_PyInstructionSequence_Addop`.
    pub fn addop(&mut self, opcode: u16, oparg: i32, loc: Location) {
        debug_assert!(has_arg(opcode) || has_target(opcode) || oparg == 0);
        self.instrs.push(Instruction {
            opcode,
            oparg,
            loc,
            target: 0,
            offset: 0,
            except_handler_info: ExceptHandlerInfo::default(),
        });
    }

    /// `_PyInstructionSequence_InsertInstruction`: insert at `pos`, moving
    /// the labels that pointed at or after it.
    pub fn insert_instruction(&mut self, pos: usize, opcode: u16, oparg: i32, loc: Location) {
        let instr = Instruction {
            opcode,
            oparg,
            loc,
            target: 0,
            offset: 0,
            except_handler_info: ExceptHandlerInfo::default(),
        };
        self.instrs.insert(pos, instr);
        if let Some(map) = &mut self.labelmap {
            for l in map.iter_mut() {
                if *l >= pos as i32 {
                    *l += 1;
                }
            }
        }
    }

    /// `_PyInstructionSequence_AddNested`.
    pub fn add_nested(&mut self, nested: InstrSequence) {
        self.nested.push(nested);
    }
}
