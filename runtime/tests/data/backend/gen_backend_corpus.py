"""Writes the back-end corpus from a reference CPython 3.14 (run it with
that interpreter; it needs _testinternalcapi).

    python3.14 gen_backend_corpus.py OUT.txt (--lib MOD... | --snippets FILE)

For every compilation unit of the sources it records:
  flowgraph  codegen's instructions and constants, and what
             _testinternalcapi.optimize_cfg makes of them;
  e2e        (module units) codegen's instructions, constants and names, and
             the module code object compile() builds, marshalled;
  assemble   (function units) optimize_cfg's output with synthetic metadata,
             and what _testinternalcapi.assemble_code_object builds from it.
Function units come from the nested sequences codegen keeps; their real
constant tables are not exposed, so they get synthetic ones (both sides of
the comparison see the same input).
"""

import ast
import marshal
import os
import sysconfig
import sys

import _testinternalcapi as T
import opcode

HAS_LOCAL = set(opcode.haslocal)
HAS_FREE = set(opcode.hasfree)
HAS_NAME = set(opcode.hasname)
HAS_CONST = set(opcode.hasconst)
SETUPS = {opcode.opmap[n] for n in ("SETUP_FINALLY", "SETUP_CLEANUP", "SETUP_WITH")}


def instrs(seq):
    out = []
    for op, arg, l, el, c, ec in seq.get_instructions():
        out.append(f"{op} {'-' if arg is None else arg} {l} {el} {c} {ec}")
    return out


def max_arg(seq, ops):
    m = -1
    for op, arg, *_ in seq.get_instructions():
        if op in ops and arg is not None:
            m = max(m, arg)
    return m


def emit(out, name, kind, fields, blocks):
    out.append(f"unit {name}")
    out.append(f"kind {kind}")
    for k, v in fields.items():
        out.append(f"{k} {v}")
    for k, lines in blocks.items():
        out.append(f"{k} {len(lines)}")
        out.extend(lines)
    out.append("end")


def hexm(obj):
    return marshal.dumps(obj).hex()


def do_unit(out, name, seq, consts, nlocals, e2e_code=None):
    try:
        marshal.dumps(tuple(consts))
    except ValueError:  # a constant marshal cannot write
        return
    inp = instrs(seq)
    work = list(consts)
    try:
        res = T.optimize_cfg(seq, work, nlocals)
    except Exception as e:  # the reference rejects it: nothing to compare
        print(f"skip {name}: {e!r}", file=sys.stderr)
        return
    emit(out, name, "flowgraph",
         {"nlocals": nlocals, "consts": hexm(tuple(consts)), "outconsts": hexm(tuple(work))},
         {"in": inp, "out": instrs(res)})
    if e2e_code is not None:
        emit(out, name, "e2e",
             {"consts": hexm(tuple(consts)), "names": hexm(e2e_code.co_names),
              "flags": e2e_code.co_flags, "expect": hexm(e2e_code)},
             {"in": inp})
        return
    nnames = max_arg(res, HAS_NAME) + 1
    nderef = max_arg(res, HAS_FREE) + 1
    # Cells need real metadata, and handlers need the POP_BLOCKs that
    # optimize_cfg has removed: the reference crashes on both.
    if nderef > 0 or any(op in SETUPS for op, *_ in res.get_instructions()):
        return
    cdict = {c: i for i, c in enumerate(work)}
    if len(cdict) != len(work):  # equal keys (1 and True): not a dict
        return
    md = {
        "name": "f", "qualname": "f", "consts": cdict,
        "names": {f"n{i}": i for i in range(max(nnames, 0))},
        "varnames": {f"v{i}": i for i in range(nlocals)},
        "cellvars": {f"c{i}": i for i in range(max(nderef, 0))},
        "freevars": {}, "fasthidden": {},
        "argcount": 0, "posonlyargcount": 0, "kwonlyargcount": 0,
        "firstlineno": 1,
    }
    # The reference crashes on some synthetic metadata: assemble in a child.
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            data = hexm(T.assemble_code_object("f.py", res, md)).encode()
        except Exception:
            data = b""
        os.write(wfd, data)
        os._exit(0)
    os.close(wfd)
    chunks = []
    while chunk := os.read(rfd, 1 << 16):
        chunks.append(chunk)
    os.close(rfd)
    _, status = os.waitpid(pid, 0)
    expect = b"".join(chunks).decode()
    if status != 0 or not expect:
        print(f"skip assemble {name}", file=sys.stderr)
        return
    emit(out, name, "assemble",
         {"nlocals": nlocals, "consts": hexm(tuple(work)), "nnames": max(nnames, 0),
          "ncells": max(nderef, 0), "expect": expect},
         {"in": instrs(res)})


def do_nested(out, prefix, seq):
    for i, sub in enumerate(seq.get_nested()):
        name = f"{prefix}.{i}"
        nconsts = max_arg(sub, HAS_CONST) + 1
        consts = [None] + [f"k{j}" for j in range(1, max(nconsts, 1))]
        nlocals = max_arg(sub, HAS_LOCAL) + 1
        do_unit(out, name, sub, consts, max(nlocals, 0))
        do_nested(out, name, sub)


def do_source(out, name, text):
    tree = ast.parse(text)
    seq, md = T.compiler_codegen(tree, name, 0, 0)
    code = compile(text, name, "exec")
    do_unit(out, name, seq, md["consts"], 0, e2e_code=code)
    seq2, _ = T.compiler_codegen(ast.parse(text), name, 0, 0)
    do_nested(out, name, seq2)


def main():
    dest = sys.argv[1]
    out = []
    if sys.argv[2] == "--lib":
        for mod in sys.argv[3:]:
            base = os.path.join(sysconfig.get_path("stdlib"), *mod.split("."))
            path = base + ".py" if os.path.exists(base + ".py") else os.path.join(base, "__init__.py")
            with open(path, encoding="utf-8") as f:
                do_source(out, mod, f.read())
    else:
        with open(sys.argv[3], encoding="utf-8") as f:
            chunks = f.read().split("\n#---\n")
        for i, chunk in enumerate(chunks):
            do_source(out, f"snippet{i}", chunk)
    with open(dest, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


main()
