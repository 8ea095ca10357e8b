"""Print the Unicode range tables rupy's lexer uses (the `unicode_db`
module at the end of runtime/src/parser/lexer.rs) from the running
interpreter's unicodedata. Run it with the reference CPython 3.14 so that the
tables match its Unicode version (16.0):

    $RUPY_REF_PYTHON gen_unicode_tables.py > tables.rs.txt
"""
import sys
import unicodedata


def ranges(pred):
    out, start = [], None
    for cp in range(sys.maxunicode + 2):
        ok = cp <= sys.maxunicode and pred(chr(cp))
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append((start, cp - 1))
            start = None
    return out


def emit(name, doc, rs):
    print(f"    /// {doc}")
    print(f"    pub(super) static {name}: &[(u32, u32)] = &[")
    line = "       "
    for a, b in rs:
        item = f" (0x{a:X}, 0x{b:X}),"
        if len(line) + len(item) > 99:
            print(line)
            line = "       "
        line += item
    print(line)
    print("    ];")


print(f"    // Generated from unicodedata {unicodedata.unidata_version}.")
emit("XID_START", "Code points with XID_Start (`str.isidentifier` of one character).",
     ranges(lambda c: c.isidentifier()))
emit("XID_CONTINUE", "Code points with XID_Continue.",
     ranges(lambda c: ("a" + c).isidentifier()))
emit("PRINTABLE", "Code points for which `str.isprintable` holds (`Py_UNICODE_ISPRINTABLE`).",
     ranges(lambda c: c.isprintable()))
