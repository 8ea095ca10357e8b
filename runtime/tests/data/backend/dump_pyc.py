"""Compiles Lib modules to .pyc files with a reference CPython 3.14 and
prints a canonical dump of their code objects' fields (compared by
runtime/tests/marshal_pyc.rs with what rupy loads from the same files).

    python3.14 dump_pyc.py OUTDIR MOD...   (prints "pyc PATH" then the dump)
"""

import os
import py_compile
import struct
import sys
import sysconfig


def const(c):
    if c is None or c is True or c is False or c is Ellipsis:
        return repr(c)
    t = type(c)
    if t is int:
        return f"i{c}"
    if t is float:
        return "f" + struct.pack("<d", c).hex()
    if t is complex:
        return "c" + struct.pack("<dd", c.real, c.imag).hex()
    if t is str:
        return "s" + c.encode("utf-8", "surrogatepass").hex()
    if t is bytes:
        return "b" + c.hex()
    if t is tuple:
        return "(" + ",".join(const(x) for x in c) + ")"
    if t is frozenset:
        return "{" + ",".join(sorted(const(x) for x in c)) + "}"
    if t is slice:
        return "[" + ",".join(const(x) for x in (c.start, c.stop, c.step)) + "]"
    return "code:" + c.co_qualname


def dump(co, out):
    names = lambda t: ",".join(t)
    out.append(f"code {co.co_qualname}")
    out.append(f"  {co.co_name} {co.co_argcount} {co.co_posonlyargcount} {co.co_kwonlyargcount} "
               f"{co.co_stacksize} {co.co_flags} {co.co_firstlineno} {co.co_filename}")
    out.append(f"  code {co.co_code.hex()}")
    out.append(f"  lines {co.co_linetable.hex()}")
    out.append(f"  exc {co.co_exceptiontable.hex()}")
    out.append(f"  names {names(co.co_names)}")
    out.append(f"  vars {names(co.co_varnames)} | {names(co.co_cellvars)} | {names(co.co_freevars)}")
    out.append("  consts " + " ".join(const(c) for c in co.co_consts))
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            dump(c, out)


def main():
    outdir = sys.argv[1]
    for mod in sys.argv[2:]:
        base = os.path.join(sysconfig.get_path("stdlib"), *mod.split("."))
        src = base + ".py" if os.path.exists(base + ".py") else os.path.join(base, "__init__.py")
        dest = os.path.join(outdir, mod + ".pyc")
        py_compile.compile(src, cfile=dest, dfile=src, doraise=True)
        with open(src, encoding="utf-8") as f:
            co = compile(f.read(), src, "exec")
        out = [f"pyc {dest}"]
        dump(co, out)
        print("\n".join(out))


main()
