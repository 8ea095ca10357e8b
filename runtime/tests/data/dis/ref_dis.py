"""Disassembles sources with a reference CPython 3.14 (run it with that
interpreter, PYTHONHASHSEED=0 so frozenset constants have a fixed order) and
prints, per source, one line: ``ok HEX`` (the UTF-8 text ``dis.dis`` prints
for the module code object that compile() builds, code object addresses
replaced by ``0x?``) or ``err TYPE`` when the source does not compile.

    python3.14 ref_dis.py --files PATH...        # each file, filename "<lib>"
    python3.14 ref_dis.py --cases CASES...       # snippets, filename "<case>"
    python3.14 ref_dis.py --corpus OUT CASES...  # write the dis corpus

A CASES file holds snippets separated by lines ``### NAME``. The corpus OUT
gets, per snippet, ``case NAME``, ``src HEX`` (UTF-8 source), the ``ok``/
``err`` line and ``end``. Sources are compiled with flags 0,
dont_inherit=True, optimize 0.
"""

import dis
import io
import re
import sys
import warnings

ADDRESS = re.compile(r" at 0x[0-9a-f]+, file ")


def normalize(text):
    return ADDRESS.sub(" at 0x?, file ", text)


def result(source, filename):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            co = compile(source, filename, "exec", 0, True, 0)
    except Exception as e:
        return "err " + type(e).__name__
    buf = io.StringIO()
    dis.dis(co, file=buf)
    return "ok " + normalize(buf.getvalue()).encode("utf-8", "surrogatepass").hex()


def cases(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for chunk in text.split("### ")[1:]:
            name, _, src = chunk.partition("\n")
            yield name.strip(), src


def main():
    if sys.argv[1] == "--files":
        for path in sys.argv[2:]:
            with open(path, "rb") as f:
                src = f.read()
            print(result(src, "<lib>"), flush=True)
    elif sys.argv[1] == "--cases":
        for _, src in cases(sys.argv[2:]):
            print(result(src, "<case>"), flush=True)
    elif sys.argv[1] == "--corpus":
        out = []
        for name, src in cases(sys.argv[3:]):
            out.append(f"case {name}")
            out.append("src " + src.encode("utf-8").hex())
            out.append(result(src, "<case>"))
            out.append("end")
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")


main()
