"""For the parser conformance test and benchmark: parse every .py file
under a Lib directory with CPython's ast.parse.

    lib_ast.py dump LIB   one line per UTF-8 file, tab-separated:
                          ok NAME HASH   (FNV-1a 64 of ast.dump(include_attributes=True))
                          err NAME TYPE LINENO OFFSET END_LINENO END_OFFSET MSG
    lib_ast.py time LIB   CPU seconds (time.process_time) to ast.parse all
                          those files once
"""

import ast
import os
import sys
import time
import warnings


def files(lib):
    out = []
    for root, dirs, names in os.walk(lib):
        dirs.sort()
        for n in sorted(names):
            if n.endswith(".py"):
                path = os.path.join(root, n)
                if not os.path.isfile(path):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                try:
                    src = data.decode("utf-8").removeprefix("\ufeff")
                except UnicodeDecodeError:
                    src = data  # parsed as bytes: its declaration decodes it
                out.append((os.path.relpath(path, lib), src))
    return out


def fnv1a(s):
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8", "surrogatepass"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def main():
    mode, lib = sys.argv[1], sys.argv[2]
    sys.setrecursionlimit(1000000)
    warnings.simplefilter("ignore")
    todo = files(lib)
    if mode == "time":
        t = time.process_time()
        for _, text in todo:
            if isinstance(text, bytes):
                continue
            try:
                ast.parse(text)
            except (SyntaxError, MemoryError):
                pass
        print(f"{time.process_time() - t:.6f}")
        return
    out = sys.stdout
    for name, text in todo:
        try:
            tree = ast.parse(text)
        except SyntaxError as e:
            fields = [type(e).__name__, e.lineno, e.offset, e.end_lineno, e.end_offset, e.msg]
            out.write("\t".join(["err", name] + [str(x) for x in fields]) + "\n")
            continue
        out.write(f"ok\t{name}\t{fnv1a(ast.dump(tree, include_attributes=True))}\n")


if __name__ == "__main__":
    main()
