//! A disassembler: the text CPython 3.14's `dis.dis(code)` prints with its
//! default options (line-number column, no offsets, no caches, not
//! adaptive), for a rupy [`Code`]. A port of the behaviour of Lib/dis.py
//! (`disassemble`, `_disassemble_recursive`, `_unpack_opargs`,
//! `findlabels`, `findlinestarts`, `_parse_exception_table`,
//! `_make_labels_map`, `ArgResolver.get_argval_argrepr`,
//! `Formatter.print_instruction_line`/`print_exception_table`), with what it
//! takes from the C runtime: `co_lines()` (codeobject.c's `lineiter_next`
//! over `_PyLineTable_NextAddressRange`), `repr()` of the constants
//! (`unicode_repr`, `float_repr`, `complex_repr`, `PyBytes_Repr`,
//! `tuplerepr`, `set_repr`, `slice_repr`, `code_repr`) and, for the element
//! order of a `frozenset` constant, the set table of setobject.c
//! (`set_add_entry`, `set_table_resize`, `set_insert_clean`) with the hashes
//! of the element types.

use std::fmt::Write as _;

use num_bigint::{BigInt, Sign};

use super::code::{Code, ConstValue};
use super::dis_printable::NOT_PRINTABLE;
use super::opcode::{self, CACHES, DEOPT, METADATA, OPNAME};
use crate::ast::{Constant, PyStr};
use crate::state::pyhash::{self, HashSecret};

/// `dis.dis(code)`: the disassembly of `code` and, recursively, of the code
/// objects among its constants. The order of `frozenset` constants follows
/// this process's string-hash key (`PYTHONHASHSEED`), as CPython's does.
pub fn dis(code: &Code) -> String {
    dis_with_secret(code, crate::state::interp().hash_secret())
}

/// [`dis`] with an explicit string-hash key (`HashSecret::from_seed(0)`
/// gives the output of a CPython run with `PYTHONHASHSEED=0`).
pub fn dis_with_secret(code: &Code, secret: &HashSecret) -> String {
    let mut out = String::new();
    disassemble_recursive(code, secret, &mut out);
    out
}

/// `_disassemble_recursive` without a depth limit.
fn disassemble_recursive(code: &Code, secret: &HashSecret, out: &mut String) {
    disassemble(code, secret, out);
    for c in &code.consts {
        if let ConstValue::Code(inner) = c {
            out.push('\n');
            let _ = writeln!(out, "Disassembly of {}:", code_repr(inner));
            disassemble_recursive(inner, secret, out);
        }
    }
}

// ---------------------------------------------------------------------------
// Instructions

/// `_OPNAME_WIDTH` and `_OPARG_WIDTH` of dis.py.
const OPNAME_WIDTH: usize = 20;
const OPARG_WIDTH: usize = 5;
/// `_NO_LINENO`.
const NO_LINENO: &str = "  --";

/// `cmp_op` of opcode.py.
const CMP_OP: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];
/// The operator column of `_opcode.get_nb_ops()` (the `NB_*` oparg order).
pub const NB_OPS: [&str; 27] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=", "@=", "*=", "%=",
    "|=", "**=", ">>=", "-=", "/=", "^=", "[]",
];
/// `_opcode.get_intrinsic1_descs()`.
pub const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];
/// `_opcode.get_intrinsic2_descs()`.
pub const INTRINSIC_2: [&str; 6] = [
    "INTRINSIC_2_INVALID",
    "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
    "INTRINSIC_SET_TYPEPARAM_DEFAULT",
];
/// `_opcode.get_special_method_names()`.
pub const SPECIAL_METHODS: [&str; 4] = ["__enter__", "__exit__", "__aenter__", "__aexit__"];
/// `repr()` of `opcode._common_constants` (types show their `__name__`).
const COMMON_CONSTANTS: [&str; 5] =
    ["AssertionError", "NotImplementedError", "tuple", "<built-in function all>", "<built-in function any>"];
/// `FUNCTION_ATTR_FLAGS`: the bits of `SET_FUNCTION_ATTRIBUTE`'s oparg.
const FUNCTION_ATTR_FLAGS: [&str; 5] = ["defaults", "kwdefaults", "annotations", "closure", "annotate"];

fn deop(op: u8) -> u16 {
    u16::from(DEOPT[usize::from(op)])
}

fn flags(op: u16) -> u16 {
    let m = &METADATA[usize::from(op)];
    if m.valid { m.flags } else { 0 }
}

fn has(op: u16, flag: u16) -> bool {
    flags(op) & flag != 0
}

fn op_name(op: u8) -> String {
    match OPNAME[usize::from(op)] {
        "" => format!("<{op}>"),
        n => n.to_owned(),
    }
}

/// `_is_backward_jump`.
fn is_backward_jump(op: u16) -> bool {
    matches!(op, opcode::JUMP_BACKWARD | opcode::JUMP_BACKWARD_NO_INTERRUPT | opcode::END_ASYNC_FOR)
}

/// `_get_jump_target`: the byte offset a jump at `offset` goes to.
fn jump_target(op: u8, arg: i64, offset: usize) -> Option<i64> {
    let d = deop(op);
    if !has(d, opcode::HAS_JUMP_FLAG) {
        return None;
    }
    let arg = if is_backward_jump(d) { -arg } else { arg };
    Some(offset as i64 + 2 + arg * 2 + 2 * i64::from(CACHES[usize::from(d)]))
}

/// One instruction as `_unpack_opargs` yields it: byte offset, opcode,
/// oparg (with the `EXTENDED_ARG` prefix folded in) or None.
struct RawInstr {
    offset: usize,
    op: u8,
    arg: Option<i64>,
}

/// `_unpack_opargs`: the instructions of `code`, inline caches skipped.
fn unpack_opargs(code: &[u8]) -> Vec<RawInstr> {
    let mut res = Vec::new();
    let mut extended_arg: i64 = 0;
    let mut caches = 0usize;
    let mut i = 0usize;
    while i < code.len() {
        if caches > 0 {
            caches -= 1;
            i += 2;
            continue;
        }
        let op = code[i];
        let d = deop(op);
        caches = usize::from(CACHES[usize::from(d)]);
        let arg = if has(d, opcode::HAS_ARG_FLAG) {
            let a = i64::from(code.get(i + 1).copied().unwrap_or(0)) | extended_arg;
            extended_arg = if d == opcode::EXTENDED_ARG { a << 8 } else { 0 };
            // The oparg is a C int: it wraps past 2**31.
            if extended_arg >= 1 << 31 {
                extended_arg -= 1 << 32;
            }
            Some(a)
        } else {
            extended_arg = 0;
            None
        };
        res.push(RawInstr { offset: i, op, arg });
        i += 2;
    }
    res
}

/// One row of `co_exceptiontable` (`_ExceptionTableEntry`), in bytes.
struct ExcEntry {
    start: usize,
    end: usize,
    target: usize,
    depth: u64,
    lasti: bool,
}

/// `_parse_exception_table`.
fn parse_exception_table(table: &[u8]) -> Vec<ExcEntry> {
    let mut it = table.iter().copied();
    let mut varint = || -> Option<u64> {
        let mut b = it.next()?;
        let mut val = u64::from(b & 63);
        while b & 64 != 0 {
            val <<= 6;
            b = it.next()?;
            val |= u64::from(b & 63);
        }
        Some(val)
    };
    let mut entries = Vec::new();
    while let (Some(start), Some(length), Some(target), Some(dl)) = (varint(), varint(), varint(), varint()) {
        let start = (start * 2) as usize;
        entries.push(ExcEntry {
            start,
            end: start + (length * 2) as usize,
            target: (target * 2) as usize,
            depth: dl >> 1,
            lasti: dl & 1 != 0,
        });
    }
    entries
}

/// `co_lines()`: `(start, end, line)` byte ranges, consecutive ranges of
/// the same line merged, line None for "no line" (codeobject.c's
/// `lineiter_next` over `_PyLineTable_NextAddressRange`).
pub fn co_lines(code: &Code) -> Vec<(usize, usize, Option<i32>)> {
    // The address ranges of the location table, one per entry.
    let table = &code.linetable;
    let mut ranges: Vec<(usize, usize, i32)> = Vec::new();
    let mut line = code.firstlineno;
    let mut end = 0usize;
    let mut pos = 0usize;
    while pos < table.len() {
        let first = table[pos];
        let kind = (first >> 3) & 15;
        // `get_line_delta`.
        let delta = match kind {
            15 => 0,
            13 | 14 => read_signed_varint(table, pos + 1),
            10..=12 => i32::from(kind) - 10,
            _ => 0,
        };
        line = line.wrapping_add(delta);
        let ar_line = if kind == 15 { -1 } else { line };
        let start = end;
        end += (usize::from(first & 7) + 1) * 2;
        ranges.push((start, end, ar_line));
        pos += 1;
        while pos < table.len() && table[pos] & 128 == 0 {
            pos += 1;
        }
    }
    let mut res = Vec::new();
    let mut i = 0;
    while i < ranges.len() {
        let (start, mut stop, l) = ranges[i];
        i += 1;
        while i < ranges.len() && ranges[i].2 == l {
            stop = ranges[i].1;
            i += 1;
        }
        res.push((start, stop, if l == -1 { None } else { Some(l) }));
    }
    res
}

/// The signed varint of the location table (`read_signed_varint`).
fn read_signed_varint(t: &[u8], mut pos: usize) -> i32 {
    let mut read = || {
        let b = t.get(pos).copied().unwrap_or(0);
        pos += 1;
        b
    };
    let mut b = read();
    let mut val = u32::from(b & 63);
    let mut shift = 0u32;
    while b & 64 != 0 {
        b = read();
        shift += 6;
        if shift >= 32 {
            break;
        }
        val |= u32::from(b & 63) << shift;
    }
    if val & 1 != 0 { -((val >> 1) as i32) } else { (val >> 1) as i32 }
}

/// `findlinestarts`: `(offset, line)` where a new line begins.
fn find_linestarts(code: &Code) -> Vec<(usize, Option<i32>)> {
    let mut res: Vec<(usize, Option<i32>)> = Vec::new();
    let mut last: Option<Option<i32>> = None;
    for (start, _, line) in co_lines(code) {
        if last != Some(line) {
            last = Some(line);
            res.push((start, line));
        }
    }
    res
}

/// `_get_lineno_width`.
fn lineno_width(linestarts: &[(usize, Option<i32>)]) -> usize {
    // `filter(None, ...)` drops both None and line 0.
    let Some(max) = linestarts.iter().filter_map(|(_, l)| l.filter(|&l| l != 0)).max() else {
        return 0;
    };
    let mut width = 3.max(max.to_string().len());
    if width < NO_LINENO.len() && linestarts.iter().any(|(_, l)| l.is_none()) {
        width = NO_LINENO.len();
    }
    width
}

/// `disassemble(co)` with the default options.
fn disassemble(code: &Code, secret: &HashSecret, out: &mut String) {
    let linestarts = find_linestarts(code);
    let entries = parse_exception_table(&code.exceptiontable);
    let lineno_width = lineno_width(&linestarts);
    let instrs = unpack_opargs(&code.code);

    // `_make_labels_map`: jump targets, then the exception ranges' bounds
    // and targets, numbered from 1 in offset order.
    let mut labels: Vec<i64> = Vec::new();
    for ins in &instrs {
        if let Some(t) = ins.arg.and_then(|arg| jump_target(ins.op, arg, ins.offset))
            && !labels.contains(&t)
        {
            labels.push(t);
        }
    }
    for e in &entries {
        labels.extend([e.start as i64, e.end as i64, e.target as i64]);
    }
    labels.sort_unstable();
    labels.dedup();
    let label_of = |offset: i64| labels.binary_search(&offset).ok().map(|i| i + 1);
    let label_width = 4 + labels.len().to_string().len();

    let mut line_number: Option<i32> = None;
    let mut ls = linestarts.iter().peekable();
    for ins in &instrs {
        // The line of this instruction (`_get_instructions_bytes`).
        let mut starts_line = false;
        while let Some(&&(off, l)) = ls.peek() {
            if off < ins.offset {
                ls.next();
                continue;
            }
            if off == ins.offset {
                starts_line = true;
                line_number = l;
                ls.next();
            }
            break;
        }
        if lineno_width > 0 && starts_line && ins.offset > 0 {
            out.push('\n');
        }
        let mut fields: Vec<String> = Vec::new();
        if lineno_width > 0 {
            if starts_line {
                let text = line_number.map_or_else(|| NO_LINENO.to_owned(), |l| l.to_string());
                fields.push(format!("{text:>lineno_width$}"));
            } else {
                fields.push(" ".repeat(lineno_width));
            }
        }
        match label_of(ins.offset as i64) {
            Some(l) => fields.push(format!("{:>label_width$}", format!("L{l}:"))),
            None => fields.push(" ".repeat(label_width)),
        }
        fields.push("   ".to_owned());
        let name = op_name(ins.op);
        fields.push(format!("{name:<OPNAME_WIDTH$}"));
        if let Some(arg) = ins.arg {
            let excess = name.len().saturating_sub(OPNAME_WIDTH);
            let width = OPARG_WIDTH.saturating_sub(excess);
            fields.push(format!("{arg:>width$}"));
            let argrepr = arg_repr(code, ins, arg, &label_of, secret);
            if !argrepr.is_empty() {
                fields.push(format!("({argrepr})"));
            }
        }
        let line = fields.join(" ");
        out.push_str(line.trim_end());
        out.push('\n');
    }

    if !entries.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &entries {
            let l = |o: usize| label_of(o as i64).unwrap_or(0);
            let _ = writeln!(
                out,
                "  L{} to L{} -> L{} [{}]{}",
                l(e.start),
                l(e.end),
                l(e.target),
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
}

/// `ArgResolver.get_argval_argrepr`: the text in parentheses.
fn arg_repr(
    code: &Code,
    ins: &RawInstr,
    arg: i64,
    label_of: &dyn Fn(i64) -> Option<usize>,
    secret: &HashSecret,
) -> String {
    let d = deop(ins.op);
    let idx = |i: i64| usize::try_from(i).ok();
    let name = |i: i64| -> String {
        idx(i).and_then(|i| code.names.get(i)).map_or_else(|| "<out of range>".to_owned(), lossy)
    };
    let local = |i: i64| -> String {
        idx(i).and_then(|i| code.localsplusnames.get(i)).map_or_else(|| "<out of range>".to_owned(), lossy)
    };
    if has(d, opcode::HAS_CONST_FLAG) {
        return idx(arg)
            .and_then(|i| code.consts.get(i))
            .map_or_else(|| "<out of range>".to_owned(), |c| const_repr(c, secret));
    }
    if has(d, opcode::HAS_NAME_FLAG) {
        return match d {
            opcode::LOAD_GLOBAL => {
                let n = name(arg / 2);
                if arg & 1 != 0 { format!("{n} + NULL") } else { n }
            }
            opcode::LOAD_ATTR => {
                let n = name(arg / 2);
                if arg & 1 != 0 { format!("{n} + NULL|self") } else { n }
            }
            opcode::LOAD_SUPER_ATTR => {
                let n = name(arg / 4);
                if arg & 1 != 0 { format!("{n} + NULL|self") } else { n }
            }
            _ => name(arg),
        };
    }
    if has(d, opcode::HAS_JUMP_FLAG) {
        let target = jump_target(ins.op, arg, ins.offset).unwrap_or(0);
        let prep = if d == opcode::END_ASYNC_FOR { "from" } else { "to" };
        return match label_of(target) {
            Some(l) => format!("{prep} L{l}"),
            None => String::new(),
        };
    }
    match d {
        opcode::LOAD_FAST_LOAD_FAST
        | opcode::LOAD_FAST_BORROW_LOAD_FAST_BORROW
        | opcode::STORE_FAST_LOAD_FAST
        | opcode::STORE_FAST_STORE_FAST => return format!("{}, {}", local(arg >> 4), local(arg & 15)),
        _ => {}
    }
    if has(d, opcode::HAS_LOCAL_FLAG) || has(d, opcode::HAS_FREE_FLAG) {
        return local(arg);
    }
    let pick = |table: &[&str], i: i64| idx(i).and_then(|i| table.get(i)).copied().unwrap_or("").to_owned();
    match d {
        opcode::COMPARE_OP => {
            let op = pick(&CMP_OP, arg >> 5);
            if arg & 16 != 0 { format!("bool({op})") } else { op }
        }
        opcode::CONVERT_VALUE => pick(&["", "str", "repr", "ascii"], arg),
        opcode::SET_FUNCTION_ATTRIBUTE => FUNCTION_ATTR_FLAGS
            .iter()
            .enumerate()
            .filter(|(i, _)| arg & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        opcode::BINARY_OP => pick(&NB_OPS, arg),
        opcode::CALL_INTRINSIC_1 => pick(&INTRINSIC_1, arg),
        opcode::CALL_INTRINSIC_2 => pick(&INTRINSIC_2, arg),
        opcode::LOAD_COMMON_CONSTANT => pick(&COMMON_CONSTANTS, arg),
        opcode::LOAD_SPECIAL => pick(&SPECIAL_METHODS, arg),
        opcode::IS_OP => (if arg != 0 { "is not" } else { "is" }).to_owned(),
        opcode::CONTAINS_OP => (if arg != 0 { "not in" } else { "in" }).to_owned(),
        _ => String::new(),
    }
}

fn lossy(s: &PyStr) -> String {
    match s.as_str() {
        Some(t) => t.to_owned(),
        None => s.code_points().map(|c| char::from_u32(c).unwrap_or('\u{FFFD}')).collect(),
    }
}

// ---------------------------------------------------------------------------
// repr() of constants

/// `code_repr`: `<code object NAME at 0x..., file "FILE", line N>`.
pub fn code_repr(code: &Code) -> String {
    format!(
        "<code object {} at {:p}, file \"{}\", line {}>",
        lossy(&code.name),
        code as *const Code,
        lossy(&code.filename),
        code.firstlineno
    )
}

/// `repr()` of a constant.
pub fn const_repr(v: &ConstValue, secret: &HashSecret) -> String {
    let mut out = String::new();
    write_repr(&mut out, v, secret);
    out
}

fn write_repr(out: &mut String, v: &ConstValue, secret: &HashSecret) {
    match v {
        ConstValue::Scalar(c) => scalar_repr(out, c),
        ConstValue::Tuple(items) => {
            out.push('(');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, it, secret);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        ConstValue::FrozenSet(items) => {
            if items.is_empty() {
                out.push_str("frozenset()");
                return;
            }
            out.push_str("frozenset({");
            for (i, it) in frozenset_order(items, secret).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, it, secret);
            }
            out.push_str("})");
        }
        ConstValue::Slice(parts) => {
            out.push_str("slice(");
            for (i, it) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, it, secret);
            }
            out.push(')');
        }
        ConstValue::Code(c) => out.push_str(&code_repr(c)),
    }
}

fn scalar_repr(out: &mut String, c: &Constant) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Constant::Ellipsis => out.push_str("Ellipsis"),
        Constant::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Constant::Float(f) => out.push_str(&crate::objects::floatobject::format_r(*f, true, false)),
        Constant::Complex { real, imag } => {
            // `complex_repr`: no parentheses when the real part is +0.
            if *real == 0.0 && real.is_sign_positive() {
                out.push_str(&crate::objects::floatobject::format_r(*imag, false, false));
                out.push('j');
            } else {
                out.push('(');
                out.push_str(&crate::objects::floatobject::format_r(*real, false, false));
                out.push_str(&crate::objects::floatobject::format_r(*imag, false, true));
                out.push_str("j)");
            }
        }
        Constant::Str(s) => str_repr(out, s),
        Constant::Bytes(b) => out.push_str(&crate::objects::bytesobject::repr_bytes(b)),
        Constant::Tuple(_) | Constant::FrozenSet(_) => crate::ast::dump::repr_constant(out, c),
    }
}

/// `Py_UNICODE_ISPRINTABLE`.
fn is_printable(c: u32) -> bool {
    let i = NOT_PRINTABLE.partition_point(|&(_, hi)| hi < c);
    NOT_PRINTABLE.get(i).is_none_or(|&(lo, _)| lo > c)
}

/// `unicode_repr`.
fn str_repr(out: &mut String, s: &PyStr) {
    let (mut single, mut double) = (false, false);
    for c in s.code_points() {
        single |= c == u32::from(b'\'');
        double |= c == u32::from(b'"');
    }
    let quote = if single && !double { '"' } else { '\'' };
    out.push(quote);
    for c in s.code_points() {
        match c {
            _ if c == u32::from(quote) || c == u32::from(b'\\') => {
                out.push('\\');
                out.push(char::from_u32(c).unwrap_or('?'));
            }
            0x09 => out.push_str("\\t"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0..=0x1f | 0x7f => {
                let _ = write!(out, "\\x{c:02x}");
            }
            0x20..=0x7e => out.push(char::from(c as u8)),
            _ if is_printable(c) => out.push(char::from_u32(c).unwrap_or('\u{FFFD}')),
            0x80..=0xff => {
                let _ = write!(out, "\\x{c:02x}");
            }
            0x100..=0xffff => {
                let _ = write!(out, "\\u{c:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{c:08x}");
            }
        }
    }
    out.push(quote);
}

// ---------------------------------------------------------------------------
// frozenset element order

/// The iteration order CPython gives a `frozenset` constant of `items`:
/// `PyFrozenSet_New` of the folded tuple, in the items' order (marshal
/// loads them the same way). When the code object is made,
/// `intern_constants` (codeobject.c) rebuilds a frozenset from its own
/// iteration order if interning replaced one of its strings by an equal,
/// already interned one. Which strings a CPython process has interned
/// depends on everything it ran before; the rule here is the usual
/// outcome: a string of two or more name characters (`all_name_chars`;
/// shorter ones are singletons) is taken to be interned already.
fn frozenset_order<'a>(items: &'a [ConstValue], secret: &HashSecret) -> Vec<&'a ConstValue> {
    let built = SetTable::build(items.iter(), secret);
    let interned = items.iter().any(|it| match it {
        ConstValue::Scalar(Constant::Str(s)) => {
            let b = s.as_bytes();
            b.len() >= 2 && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        }
        _ => false,
    });
    if interned { SetTable::build(built.into_iter(), secret) } else { built }
}

/// The hash table of a set (setobject.c), enough to know where each key
/// ends up: `set_add_entry` with growth by `set_table_resize` and
/// `set_insert_clean`.
struct SetTable<'a> {
    slots: Vec<Option<(&'a ConstValue, u64)>>,
    fill: usize,
    used: usize,
}

/// `LINEAR_PROBES` and `PERTURB_SHIFT` of setobject.c.
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

impl<'a> SetTable<'a> {
    fn build(items: impl Iterator<Item = &'a ConstValue>, secret: &HashSecret) -> Vec<&'a ConstValue> {
        let mut t = SetTable { slots: vec![None; 8], fill: 0, used: 0 };
        for it in items {
            let h = const_hash(it, secret) as u64;
            t.add(it, h);
        }
        t.slots.into_iter().flatten().map(|(k, _)| k).collect()
    }

    fn add(&mut self, key: &'a ConstValue, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut i = (hash as usize) & mask;
        let mut perturb = hash;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match self.slots[j] {
                    None => {
                        self.slots[j] = Some((key, hash));
                        self.fill += 1;
                        self.used += 1;
                        if self.fill * 5 >= mask * 3 {
                            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
                        }
                        return;
                    }
                    Some((k, h)) if h == hash && py_eq(k, key) => return,
                    Some(_) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    fn resize(&mut self, minused: usize) {
        let mut size = 8usize;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![None; size]);
        let mask = size - 1;
        for (key, hash) in old.into_iter().flatten() {
            let mut i = (hash as usize) & mask;
            let mut perturb = hash;
            'probe: loop {
                let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
                for j in i..=i + probes {
                    if self.slots[j].is_none() {
                        self.slots[j] = Some((key, hash));
                        break 'probe;
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            }
        }
    }
}

/// Python `==` between constants (numbers across int/bool/float/complex).
fn py_eq(a: &ConstValue, b: &ConstValue) -> bool {
    use Constant as C;
    fn num(c: &Constant) -> Option<(f64, f64, Option<BigInt>)> {
        match c {
            C::Bool(b) => Some((f64::from(u8::from(*b)), 0.0, Some(BigInt::from(u8::from(*b))))),
            C::Int(i) => Some((f64::NAN, 0.0, Some(i.clone()))),
            C::Float(f) => Some((*f, 0.0, None)),
            C::Complex { real, imag } => Some((*real, *imag, None)),
            _ => None,
        }
    }
    match (a, b) {
        (ConstValue::Scalar(x), ConstValue::Scalar(y)) => match (num(x), num(y)) {
            (Some((_, _, Some(i))), Some((_, _, Some(j)))) => i == j,
            (Some((r1, i1, n1)), Some((r2, i2, n2))) => {
                // An int against a float: exact when the float is integral.
                let int_vs = |n: &BigInt, r: f64, im: f64| im == 0.0 && integral_float(r).is_some_and(|f| &f == n);
                match (n1, n2) {
                    (Some(n), None) => int_vs(&n, r2, i2),
                    (None, Some(n)) => int_vs(&n, r1, i1),
                    _ => r1 == r2 && i1 == i2,
                }
            }
            (None, None) => x == y,
            _ => false,
        },
        (ConstValue::Tuple(x), ConstValue::Tuple(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q)),
        (ConstValue::FrozenSet(x), ConstValue::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| py_eq(p, q)))
        }
        _ => false,
    }
}

/// The exact integer value of an integral finite float.
fn integral_float(f: f64) -> Option<BigInt> {
    if !f.is_finite() || f.fract() != 0.0 {
        return None;
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    if exp == 0 {
        return Some(BigInt::from(0));
    }
    let mant = BigInt::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let shift = exp - 1075;
    let v = if shift >= 0 { mant << shift as usize } else { mant >> (-shift) as usize };
    Some(if f < 0.0 { -v } else { v })
}

/// `hash()` of a constant; values whose hash is an address (NaN,
/// `Ellipsis`, code objects) get 0, having no stable hash.
fn const_hash(v: &ConstValue, secret: &HashSecret) -> isize {
    match v {
        ConstValue::Scalar(c) => match c {
            // `none_hash`: a constant since 3.12.
            Constant::None => 0xFCA8_6420,
            Constant::Bool(b) => isize::from(*b),
            Constant::Int(i) => long_hash(i),
            Constant::Float(f) => float_hash(*f),
            Constant::Complex { real, imag } => {
                // `complex_hash`.
                let h = (float_hash(*real) as u64).wrapping_add(1_000_003u64.wrapping_mul(float_hash(*imag) as u64));
                let h = h as isize;
                if h == -1 { -2 } else { h }
            }
            Constant::Str(s) => secret.hash_bytes(&ucs_bytes(s)),
            Constant::Bytes(b) => secret.hash_bytes(b),
            Constant::Ellipsis => 0,
            Constant::Tuple(_) | Constant::FrozenSet(_) => const_hash(&ConstValue::from_constant(c), secret),
        },
        ConstValue::Tuple(items) => tuple_hash(items.iter().map(|it| const_hash(it, secret))),
        _ => 0,
    }
}

fn float_hash(f: f64) -> isize {
    if f.is_nan() { 0 } else { pyhash::hash_double(std::ptr::null(), f) }
}

/// `long_hash`: the value modulo 2**61 - 1, with the sign, -1 mapped to -2.
fn long_hash(i: &BigInt) -> isize {
    let m = BigInt::from(pyhash::HASH_MODULUS);
    let r = (i.magnitude() % m.magnitude()).to_u64_digits().first().copied().unwrap_or(0);
    let mut h = r as i64;
    if i.sign() == Sign::Minus {
        h = -h;
    }
    if h == -1 {
        h = -2;
    }
    h as isize
}

/// `tuple_hash` (xxHash's mixing of the item hashes).
fn tuple_hash(lanes: impl ExactSizeIterator<Item = isize>) -> isize {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let len = lanes.len() as u64;
    let mut acc = P5;
    for lane in lanes {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(len ^ (P5 ^ 3_527_539));
    if acc == u64::MAX { 1_546_275_796 } else { acc as isize }
}

/// The bytes a `str` hashes: its code points in the narrowest of the
/// 1-, 2- and 4-byte little-endian forms (PEP 393 kinds).
fn ucs_bytes(s: &PyStr) -> Vec<u8> {
    let cps: Vec<u32> = s.code_points().collect();
    let max = cps.iter().copied().max().unwrap_or(0);
    let mut out = Vec::with_capacity(cps.len() * 4);
    for c in cps {
        if max < 0x100 {
            out.push(c as u8);
        } else if max < 0x10000 {
            out.extend_from_slice(&(c as u16).to_le_bytes());
        } else {
            out.extend_from_slice(&c.to_le_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> ConstValue {
        ConstValue::str(v)
    }

    #[test]
    fn scalar_reprs_match_cpython() {
        let z = HashSecret::from_seed(0);
        let f = |x: f64| const_repr(&ConstValue::Scalar(Constant::Float(x)), &z);
        let c = |real: f64, imag: f64| const_repr(&ConstValue::Scalar(Constant::Complex { real, imag }), &z);
        assert_eq!(f(1.5), "1.5");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(1e100), "1e+100");
        assert_eq!(f(f64::NAN), "nan");
        assert_eq!(f(-f64::NAN), "nan");
        assert_eq!(f(f64::NEG_INFINITY), "-inf");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(1e16), "1e+16");
        assert_eq!(f(1e15), "1000000000000000.0");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(0.00001), "1e-05");
        assert_eq!(f(123.456), "123.456");
        assert_eq!(f(5e-324), "5e-324");
        assert_eq!(f(2.9802322387695312e-08), "2.9802322387695312e-08");
        assert_eq!(f(5.960464477539063e-08), "5.960464477539063e-08");
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(1.7976931348623157e308), "1.7976931348623157e+308");
        assert_eq!(f(2.2250738585072014e-308), "2.2250738585072014e-308");
        assert_eq!(c(0.0, 2.0), "2j");
        assert_eq!(c(1.0, 2.0), "(1+2j)");
        assert_eq!(c(-0.0, 1.0), "(-0+1j)");
        assert_eq!(c(1.0, f64::NAN), "(1+nanj)");
        assert_eq!(c(0.0, 1.5e-5), "1.5e-05j");
        assert_eq!(c(-0.0, -0.0), "(-0-0j)");
        assert_eq!(const_repr(&s("a'b"), &z), "\"a'b\"");
        assert_eq!(
            const_repr(&s("a'\"\\\n\u{7f}\u{a0}\u{e9}\u{378}\u{10ffff}"), &z),
            "'a\\'\"\\\\\\n\\x7f\\xa0\u{e9}\\u0378\\U0010ffff'"
        );
        let t = ConstValue::Tuple(vec![ConstValue::int(1)]);
        assert_eq!(const_repr(&t, &z), "(1,)");
        assert_eq!(const_repr(&ConstValue::Tuple(vec![]), &z), "()");
    }

    #[test]
    fn frozenset_order_follows_the_set_table() {
        let z = HashSecret::from_seed(0);
        // CPython 3.14: repr(frozenset((9, 1, 17, 33, 2))) and, with
        // PYTHONHASHSEED=0, repr(frozenset(('b', 'a', 'c'))).
        let ints = ConstValue::FrozenSet([9, 1, 17, 33, 2].into_iter().map(ConstValue::int).collect());
        assert_eq!(const_repr(&ints, &z), "frozenset({33, 2, 1, 9, 17})");
        let strs = ConstValue::FrozenSet(vec![s("b"), s("a"), s("c")]);
        assert_eq!(const_repr(&strs, &z), "frozenset({'c', 'a', 'b'})");
    }
}
