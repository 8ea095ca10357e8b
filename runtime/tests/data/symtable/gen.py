"""Generates the symbol-table corpus from a reference CPython 3.14.

Usage: python3.14 gen.py [DIR]   (DIR defaults to this script's directory)

Reads the snippets in DIR/cases.txt and DIR/errors.txt (cases separated by
lines "### name"), and for each writes DIR/out/<name>.ast (the AST in the
S-expression form runtime/tests/symtable_corpus.rs reads) and either
DIR/out/<name>.symtable (the reference's symbol table, one scope per line
block) or DIR/out/<name>.error (the SyntaxError symtable.c or future.c
raises). With --lib FILE... it prints the same data for each FILE to stdout
instead (used by the optional whole-Lib sweep).
"""

import ast
import json
import os
import symtable
import sys


def ser(x):
    """The S-expression of an AST value: (Type fields... attributes...),
    [items], ~ for None, JSON strings, bare integers. Constant values only
    keep what the symbol table looks at: (Str "...") or (Other)."""
    if isinstance(x, ast.AST):
        parts = [type(x).__name__]
        for f in x._fields:
            v = getattr(x, f)
            if (isinstance(x, ast.Constant) and f == "value") or (
                    isinstance(x, ast.MatchSingleton) and f == "value") or (
                    isinstance(x, ast.Interpolation) and f == "str"):
                parts.append('(Str %s)' % json.dumps(v) if isinstance(v, str) else "(Other)")
            else:
                parts.append(ser(v))
        for a in x._attributes:
            parts.append(ser(getattr(x, a)))
        return "(" + " ".join(parts) + ")"
    if isinstance(x, list):
        return "[" + " ".join(ser(v) for v in x) + "]"
    if x is None:
        return "~"
    if isinstance(x, str):
        return json.dumps(x)
    if isinstance(x, (bool, int)):
        return str(int(x))
    raise TypeError(type(x))


def dump_table(t, out, indent=""):
    """One scope: 'type name lineno nested', its parameters, its symbols
    sorted by name with their analyzed flags, then its children."""
    ste = t._table
    out.append(f"{indent}{ste.type} {ste.name} {ste.lineno} {ste.nested}")
    out.append(f"{indent}  varnames {' '.join(ste.varnames)}".rstrip())
    for name in sorted(ste.symbols):
        out.append(f"{indent}  {name} {ste.symbols[name]}")
    for child in t.get_children():
        dump_table(child, out, indent + "    ")


def expected(src, filename):
    """The expected symbol table dump, or the error line."""
    try:
        t = symtable.symtable(src, filename, "exec")
    except SyntaxError as e:
        return "error", f"{e.msg}\n{e.lineno} {e.offset} {e.end_lineno} {e.end_offset}\n"
    out = []
    dump_table(t, out)
    return "symtable", "\n".join(out) + "\n"


def parse(src, filename):
    """The AST of src. ast.parse already rejects bad future imports, which
    are the symbol table's business here: parse with the module renamed
    (same length, same locations), then restore the name."""
    try:
        return ast.parse(src, filename)
    except SyntaxError:
        tree = ast.parse(src.replace("__future__", "__futurX__"), filename)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "__futurX__":
                node.module = "__future__"
        return tree


def read_cases(path):
    cases, name, lines = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("### "):
                if name:
                    cases.append((name, "".join(lines)))
                name, lines = line[4:].strip(), []
            else:
                lines.append(line)
    if name:
        cases.append((name, "".join(lines)))
    return cases


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--lib":
        for path in sys.argv[2:]:
            with open(path, "rb") as f:
                src = f.read().decode("utf-8")
            try:
                tree = ast.parse(src, path)
            except (SyntaxError, ValueError):
                continue
            kind, text = expected(src, path)
            print(f"\0### {path}\n{ser(tree)}\n{kind}\n{text}", end="")
        return
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(d, "out"), exist_ok=True)
    for fname, want in (("cases.txt", "symtable"), ("errors.txt", "error")):
        for name, src in read_cases(os.path.join(d, fname)):
            tree = parse(src, name + ".py")
            kind, text = expected(src, name + ".py")
            if kind != want:
                sys.exit(f"{fname}: {name}: expected {want}, got {kind}: {text}")
            with open(os.path.join(d, "out", name + ".ast"), "w", encoding="utf-8") as f:
                f.write(ser(tree) + "\n")
            with open(os.path.join(d, "out", name + "." + kind), "w", encoding="utf-8") as f:
                f.write(text)


main()
