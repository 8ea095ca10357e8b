"""Print CPython's tokens for every .py file under a directory, in the
corpus format of gen_corpus.py (without `src` lines: the reader loads each
file itself). Used by runtime/tests/tokenizer_conformance.rs:

    $RUPY_REF_PYTHON dump_lib_tokens.py LIBDIR

Files are decoded as CPython decodes a bytes source (BOM, PEP 263
declaration); for a file compile() cannot decode, the case holds only the
`err` of compile(bytes).
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402


def main():
    warnings.simplefilter("ignore")
    root = sys.argv[1]
    out = sys.stdout
    paths = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        paths.extend(os.path.join(d, f) for f in sorted(files)
                     if f.endswith(".py") and os.path.isfile(os.path.join(d, f)))
    for path in paths:
        rel = os.path.relpath(path, root)
        with open(path, "rb") as f:
            data = f.read()
        src = gen_corpus.decoded(data)
        if src is None:
            try:
                compile(data, rel, "exec")
            except SyntaxError as e:
                fields = gen_corpus.bytes_error(e)
            out.write(f"case {gen_corpus.esc(rel)}\n")
            out.write("err " + "\t".join(gen_corpus.esc(str(x)) for x in fields) + "\nend\n")
            continue
        src = src.removeprefix("\ufeff")
        toks, terr = gen_corpus.tokenize(src)
        out.write(f"case {gen_corpus.esc(rel)}\n")
        for t in toks:
            typ, s, (l, c), (el, ec), _line = t
            out.write(f"tok {typ} {l} {c} {el} {ec} {gen_corpus.esc(s)}\n")
        if terr is not None:
            cerr = gen_corpus.compile_error(src)
            if gen_corpus.same_origin(terr, cerr):
                fields = [type(cerr).__name__, cerr.lineno, cerr.offset, cerr.end_lineno,
                          cerr.end_offset, cerr.msg, cerr.text]
                out.write("err " + "\t".join(gen_corpus.esc(str(x)) for x in fields) + "\n")
            else:
                out.write("errany\n")
        out.write("end\n")


if __name__ == "__main__":
    main()
