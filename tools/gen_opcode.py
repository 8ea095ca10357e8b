"""Generates runtime/src/compile/opcode.rs from CPython 3.14's opcode headers.

Usage: python3 tools/gen_opcode.py INCLUDE_DIR | rustfmt --edition 2024 > runtime/src/compile/opcode.rs
where INCLUDE_DIR is CPython 3.14's include directory (`scripts/fetch-cpython.sh
headers` prints one). It reads Include/opcode_ids.h (the numbering) and
Include/internal/pycore_opcode_metadata.h (stack effects, flags, formats,
inline-cache sizes, specialization families, pseudo-instruction targets).
When run by a CPython 3.14 it also cross-checks the result against the
running interpreter's `opcode` and `_opcode` modules.
"""

import os
import re
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def parse_ids(text):
    ids = {}
    consts = {}
    for name, value in re.findall(r"^#define (\w+)\s+(\d+)\s*$", text, re.M):
        if name in ("HAVE_ARGUMENT", "MIN_SPECIALIZED_OPCODE", "MIN_INSTRUMENTED_OPCODE"):
            consts[name] = int(value)
        else:
            ids[name] = int(value)
    return ids, consts


def function_body(text, name):
    start = text.index(f"int {name}(int opcode, int oparg)")
    end = text.index("\n}\n", start)
    return text[start:end]


def parse_stack_effect(text, name):
    cases = {}
    body = function_body(text, name)
    for ops, expr in re.findall(r"((?:\s*case \w+:\n)+)\s*return (.+?);", body):
        for op in re.findall(r"case (\w+):", ops):
            cases[op] = expr.strip()
    return cases


def array_body(text, decl):
    start = text.index(decl + " = {")
    end = text.index("\n};", start)
    return text[start:end]


def parse_metadata(text):
    meta = {}
    body = array_body(text, "const struct opcode_metadata _PyOpcode_opcode_metadata[267]")
    for op, valid, fmt, flags in re.findall(
        r"\[(\w+)\] = \{ (true|false), (-?\w+), ([^}]*?) \}", body
    ):
        flag_names = [f.strip() for f in flags.split("|")]
        meta[op] = (valid == "true", fmt, [f for f in flag_names if f != "0"])
    return meta


def parse_indexed_u8(text, decl, ids):
    table = {}
    for key, value in re.findall(r"\[(\w+)\] = (\w+),", array_body(text, decl)):
        k = int(key) if key.isdigit() else ids[key]
        v = int(value) if value.isdigit() else ids[value]
        table[k] = v
    return table


def parse_pseudo_targets(text, ids):
    body = array_body(text, "const struct pseudo_targets _PyOpcode_PseudoTargets[11]")
    out = []
    for op, seq, targets in re.findall(r"\[(\w+)-256\] = \{ (\d), \{ ([^}]*) \} \}", body):
        names = [t.strip() for t in targets.split(",") if t.strip() != "0"]
        out.append((ids[op], op, int(seq), names))
    out.sort()
    return out


def parse_formats(text):
    body = text[text.index("enum InstructionFormat {"):]
    body = body[: body.index("};")]
    return re.findall(r"(INSTR_FMT_\w+) = (\d+)", body)


def parse_flags(text):
    return re.findall(r"^#define (HAS_\w+_FLAG) \((\d+)\)", text, re.M)


def rust_expr(expr):
    # The header's expressions use only oparg, integer literals, + - * & >>
    # and parentheses, which read the same in Rust over i32.
    if not re.fullmatch(r"[\w\s+\-*&>()]+", expr):
        raise SystemExit(f"unexpected stack-effect expression: {expr}")
    return expr


def emit_effect_fn(out, name, doc, cases, ids):
    out.append(f"/// {doc}")
    out.append(f"pub fn {name}(opcode: u16, oparg: i32) -> Option<i32> {{")
    out.append("    let n = match opcode {")
    by_expr = {}
    for op, expr in cases.items():
        by_expr.setdefault(expr, []).append(op)
    for expr, ops in sorted(by_expr.items(), key=lambda kv: min(ids[o] for o in kv[1])):
        if expr == "-1":
            continue
        ops.sort(key=lambda o: ids[o])
        pats = " | ".join(ops)
        out.append(f"        {pats} => {rust_expr(expr)},")
    out.append("        _ => return None,")
    out.append("    };")
    out.append("    Some(n)")
    out.append("}")
    out.append("")


def generate(include_dir):
    ids_text = read(os.path.join(include_dir, "opcode_ids.h"))
    meta_text = read(os.path.join(include_dir, "internal", "pycore_opcode_metadata.h"))
    ids, consts = parse_ids(ids_text)
    popped = parse_stack_effect(meta_text, "_PyOpcode_num_popped")
    pushed = parse_stack_effect(meta_text, "_PyOpcode_num_pushed")
    meta = parse_metadata(meta_text)
    caches = parse_indexed_u8(meta_text, "const uint8_t _PyOpcode_Caches[256]", ids)
    deopt = parse_indexed_u8(meta_text, "const uint8_t _PyOpcode_Deopt[256]", ids)
    pseudo = parse_pseudo_targets(meta_text, ids)
    formats = parse_formats(meta_text)
    flags = parse_flags(meta_text)
    by_number = {v: k for k, v in ids.items()}
    table_len = max(ids.values()) + 1

    out = []
    out.append("//! CPython 3.14's opcodes and their metadata: the numbering of")
    out.append("//! Include/opcode_ids.h and the tables of")
    out.append("//! Include/internal/pycore_opcode_metadata.h.")
    out.append("//!")
    out.append("//! Generated by tools/gen_opcode.py from CPython 3.14's headers; do not edit.")
    out.append("")
    out.append("#![allow(missing_docs)]")
    out.append("")
    out.append("// Real opcodes (0..=255) fit the one-byte code unit; pseudo-instructions")
    out.append("// (256..) exist only inside the compiler. Both share the u16 space.")
    for num in sorted(by_number):
        out.append(f"pub const {by_number[num]}: u16 = {num};")
    out.append("")
    for name in ("HAVE_ARGUMENT", "MIN_SPECIALIZED_OPCODE", "MIN_INSTRUMENTED_OPCODE"):
        out.append(f"pub const {name}: u16 = {consts[name]};")
    out.append(f"/// One past the largest opcode, pseudo-instructions included.")
    out.append(f"pub const OPCODE_TABLE_LEN: usize = {table_len};")
    out.append("")
    out.append("/// Instruction formats (pycore_opcode_metadata.h's enum InstructionFormat).")
    out.append("#[derive(Clone, Copy, Debug, PartialEq, Eq)]")
    out.append("#[repr(u8)]")
    out.append("pub enum InstrFormat {")
    out.append("    None = 0,")
    for fmt, value in formats:
        variant = "".join(p.capitalize() if p.islower() else p for p in fmt[len("INSTR_FMT_"):].split("_"))
        out.append(f"    {variant} = {value},")
    out.append("}")
    out.append("")
    fmt_variant = {fmt: "".join(p.capitalize() if p.islower() else p for p in fmt[len("INSTR_FMT_"):].split("_")) for fmt, _ in formats}
    out.append("// Opcode flags, with the bit positions of pycore_opcode_metadata.h.")
    for name, value in flags:
        out.append(f"pub const {name}: u16 = {value};")
    out.append("")
    out.append("/// One entry of `_PyOpcode_opcode_metadata`.")
    out.append("#[derive(Clone, Copy, Debug)]")
    out.append("pub struct OpcodeMetadata {")
    out.append("    pub valid: bool,")
    out.append("    pub format: InstrFormat,")
    out.append("    pub flags: u16,")
    out.append("}")
    out.append("")
    out.append("const NO_METADATA: OpcodeMetadata = OpcodeMetadata { valid: false, format: InstrFormat::None, flags: 0 };")
    out.append("")
    out.append("/// `_PyOpcode_opcode_metadata`, indexed by opcode.")
    out.append("pub static METADATA: [OpcodeMetadata; OPCODE_TABLE_LEN] = {")
    out.append("    let mut t = [NO_METADATA; OPCODE_TABLE_LEN];")
    for op in sorted(meta, key=lambda o: ids[o]):
        valid, fmt, fl = meta[op]
        flag_expr = " | ".join(fl) if fl else "0"
        out.append(f"    t[{op} as usize] = OpcodeMetadata {{ valid: {str(valid).lower()}, format: InstrFormat::{fmt_variant.get(fmt, 'None')}, flags: {flag_expr} }};")
    out.append("    t")
    out.append("};")
    out.append("")
    out.append("/// `_PyOpcode_OpName`: each opcode's name, \"\" where no opcode has the number.")
    out.append("pub static OPNAME: [&str; OPCODE_TABLE_LEN] = [")
    for num in range(table_len):
        out.append(f'    "{by_number.get(num, "")}",')
    out.append("];")
    out.append("")
    out.append("/// `_PyOpcode_Caches`: the number of inline-cache code units after each opcode.")
    out.append("pub static CACHES: [u8; 256] = {")
    out.append("    let mut t = [0u8; 256];")
    for num in sorted(caches):
        out.append(f"    t[{by_number[num]} as usize] = {caches[num]};")
    out.append("    t")
    out.append("};")
    out.append("")
    out.append("/// `_PyOpcode_Deopt`: the base (unspecialized) opcode of each opcode; 0 for")
    out.append("/// numbers that are not opcodes. It defines the specialization families.")
    out.append("pub static DEOPT: [u8; 256] = [")
    for num in range(256):
        out.append(f"    {deopt.get(num, 0)},")
    out.append("];")
    out.append("")
    emit_effect_fn(out, "num_popped", "`_PyOpcode_num_popped`: stack items an instruction pops; None for unknown opcodes.", popped, ids)
    emit_effect_fn(out, "num_pushed", "`_PyOpcode_num_pushed`: stack items an instruction pushes; None for unknown opcodes.", pushed, ids)
    out.append("/// `_PyOpcode_PseudoTargets`: the real instructions a pseudo-instruction may")
    out.append("/// become (`as_sequence`: it becomes all of them, in order, not one of them).")
    out.append("#[derive(Clone, Copy, Debug)]")
    out.append("pub struct PseudoTargets {")
    out.append("    pub pseudo: u16,")
    out.append("    pub as_sequence: bool,")
    out.append("    pub targets: &'static [u16],")
    out.append("}")
    out.append("")
    out.append("pub static PSEUDO_TARGETS: [PseudoTargets; %d] = [" % len(pseudo))
    for num, name, seq, targets in pseudo:
        out.append(f"    PseudoTargets {{ pseudo: {name}, as_sequence: {str(bool(seq)).lower()}, targets: &[{', '.join(targets)}] }},")
    out.append("];")
    return "\n".join(out) + "\n", ids, popped, pushed, caches


def cross_check(ids, popped, pushed, caches):
    """Compares the parsed tables with the running CPython 3.14, if it is one."""
    if sys.version_info[:2] != (3, 14):
        return
    import _opcode
    import opcode

    for name, num in opcode.opmap.items():
        assert ids[name] == num, (name, num, ids.get(name))
    for name, num in opcode.opmap.items():
        if num >= 256 or name not in popped or popped[name] == "-1":
            continue
        for oparg in (0, 1, 2, 3, 7, 256, 259):
            if not _opcode.has_arg(num) and oparg:
                continue
            expected = _opcode.stack_effect(num, oparg) if _opcode.has_arg(num) else _opcode.stack_effect(num)
            got = eval(pushed[name].replace("oparg", str(oparg))) - eval(popped[name].replace("oparg", str(oparg)))
            assert got == expected, (name, oparg, got, expected)
    for name, num in opcode.opmap.items():
        if num < 256:
            assert caches.get(num, 0) == opcode._inline_cache_entries.get(name, 0), name


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    text, ids, popped, pushed, caches = generate(sys.argv[1])
    cross_check(ids, popped, pushed, caches)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
