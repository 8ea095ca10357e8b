"""Compiles sources with a reference CPython 3.14 (run it with that
interpreter) and prints, per source, one line: ``ok HEX`` (the marshalled
module code object compile() builds) or ``err TYPE<TAB>MSG<TAB>LINENO<TAB>
OFFSET<TAB>END_LINENO<TAB>END_OFFSET`` (the exception it raises).

    python3.14 ref_compile.py --files PATH...   # each file, filename "<lib>"
    python3.14 ref_compile.py --corpus CASES OUT  # write the codegen corpus

The corpus file CASES holds snippets separated by lines ``### NAME``; OUT
gets, per snippet, ``case NAME``, ``src HEX`` (UTF-8 source), the ``ok``/
``err`` line and ``end``. Every source is compiled with filename
``<case>`` (or ``<lib>``), flags 0, dont_inherit=True, optimize 0.
"""

import marshal
import sys
import warnings


def result(source, filename):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            co = compile(source, filename, "exec", 0, True, 0)
    except Exception as e:
        if isinstance(e, SyntaxError):
            fields = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
        else:
            fields = [type(e).__name__, str(e), 0, 0, 0, 0]
        return "err " + "\t".join(str(f).replace("\n", "\\n").replace("\t", " ") for f in fields)
    return "ok " + marshal.dumps(co).hex()


def main():
    if sys.argv[1] == "--files":
        for path in sys.argv[2:]:
            with open(path, "rb") as f:
                src = f.read()
            print(result(src, "<lib>"), flush=True)
    elif sys.argv[1] == "--corpus":
        with open(sys.argv[2], encoding="utf-8") as f:
            text = f.read()
        out = []
        for chunk in text.split("### ")[1:]:
            name, _, src = chunk.partition("\n")
            out.append(f"case {name.strip()}")
            out.append("src " + src.encode("utf-8").hex())
            out.append(result(src, "<case>"))
            out.append("end")
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
    else:
        sys.exit(__doc__)


main()
