"""Generate expected.txt, the tokenizer corpus rupy's tests compare against.

Run with the reference CPython 3.14 from this directory:

    $RUPY_REF_PYTHON gen_corpus.py

(it also writes expected_bytes.txt, the bytes cases described at
BYTES_CASES).

For every input it records the C tokenizer's tokens (`_tokenize.TokenizerIter`
with extra_tokens=False: the tokens the parser sees) and, when tokenizing
fails, the SyntaxError `compile()` raises for the same source. Columns are
character offsets as `_tokenize` reports them. Format, one record per case:

    case NAME
    src ESCAPED
    tok TYPE LINE COL END_LINE END_COL ESCAPED_TEXT
    err KIND<TAB>LINENO<TAB>OFFSET<TAB>END_LINENO<TAB>END_OFFSET<TAB>MSG<TAB>TEXT
    end

`err` is written only when the tokenizer failed and compile()'s error is the
tokenizer's (same message, or the parser's wording of the same tokenizer
state); `errany` (tokenizer failed, compile() reported a parser error) asks
only that tokenizing fails.
"""
import io
import itertools
import os
import subprocess
import sys
import tempfile
import tokenize as py_tokenize
import warnings
import _tokenize


def esc(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    return "".join(out)


CASES = []


def add(name, src):
    CASES.append((name, src))


# Ordinary code and layout.
add("simple", "x = 1\n")
add("no_final_newline", "x = 1")
add("only_newline", "\n")
add("only_comment", "# hi\n")
add("comment_no_newline", "# hi")
add("blank_lines", "\n\n  \n\t\nx\n")
add("def", "def f(a, b=1, *c, **d) -> int:\n    return a\n")
add("class", "class A(B, metaclass=M):\n    pass\n")
add("nested_indent", "if a:\n    if b:\n        c\n    d\ne\n")
add("dedent_many", "if a:\n  if b:\n    if c:\n      d\nx\n")
add("indent_tabs", "if a:\n\tb\n\tc\n")
add("indent_tab_then_spaces_consistent", "if a:\n\tif b:\n\t\tc\n")
add("bad_dedent", "if 1:\n  x\n y\n")
add("tab_space_mix", "if 1:\n\tx\n        y\n")
add("tab_space_mix2", "if 1:\n        x\n\ty\n")
add("unexpected_indent", "x\n  y\n")
add("too_deep", "".join(" " * i + "if 1:\n" for i in range(101)) + " " * 101 + "x\n")
add("deep_ok", "".join(" " * i + "if 1:\n" for i in range(99)) + " " * 99 + "x\n")
add("formfeed", "\x0cx = 1\n")
add("formfeed_indent", "if 1:\n  \x0c  x\n  y\n")
add("comment_lines_in_block", "if 1:\n  x\n# c\n      # d\n  y\n")
add("crlf", "x = 1\r\ny = 2\r\n")
add("cr_only", "x = 1\ry = 2\r")
add("continuation", "x = 1 + \\\n    2\n")
add("continuation_indent", "if 1:\n    x = \\\n1\n")
add("continuation_at_bol", "if 1:\n  \\\n  x\n")
add("continuation_eof", "x = \\\n")
add("continuation_bad", "x = 1\\ y\n")
add("continuation_bad2", "x = \\  \n")
add("brackets_newlines", "x = (1,\n  2,\n\n  3)\n")
add("brackets_comment", "x = [1, # c\n 2]\n")
add("semicolons", "a; b; c\n")
add("ellipsis", "x = ...\n")
add("dots", "from .. import x\nfrom ... import y\na.b\n. . .\n....\n")
add("null_byte", "x = 1\x00\n")
add("null_byte_line2", "x = 1\ny\x00 = 2\n")
add("trailing_ws", "x = 1   \n   \n")
add("type_comment_plain", "x = 1  # type: int\n")
add("walrus", "(y := 1)\n")
add("arrow_at", "@d\ndef f() -> x: a @= b @ c\n")

# Every operator.
ops = ["+", "-", "*", "/", "%", "**", "//", "<<", ">>", "&", "|", "^", "~", "<", ">",
       "<=", ">=", "==", "!=", "<>", "->", ":=", "=", "+=", "-=", "*=", "/=", "%=", "**=",
       "//=", "<<=", ">>=", "&=", "|=", "^=", "@", "@=", ".", ",", ":", ";", "!", "..."]
for i, op in enumerate(ops):
    add(f"op_{i}", f"a {op} b\n")
add("op_glued", "a+=-b**-c//=d<<=e>>=f\n")
add("op_dollar", "a $ b\n")
add("op_question", "a ? b\n")
add("op_backtick", "a ` b\n")

# Brackets.
add("unmatched_close", "x = ]\n")
add("unmatched_close_paren", ")\n")
add("mismatch_same_line", "(]\n")
add("mismatch_other_line", "(\n]\n")
add("mismatch_brace", "{ 1, 2 )\n")
add("never_closed", "(1,\n")
add("never_closed_multi", "x = [1,\n  (2,\n")
add("never_closed_brace", "d = {\n")
add("too_many_parens", "(" * 201 + ")" * 201 + "\n")
add("many_parens_ok", "(" * 199 + ")" * 199 + "\n")

# Names.
add("name_unicode", "é = 1\nπ_2 = é\n")
add("name_cjk", "変数 = 1\n")
add("invalid_char_euro", "x=1 €\n")
add("invalid_char_in_name", "a€b = 1\n")
add("nbsp", "x=\u00a0\n")
add("nonprintable_ascii", "x = \x01\n")
add("zero_width_space", "x\u200b = 1\n")
add("name_combining_start", "\u0301x = 1\n")
add("name_middle_dot", "a\u00b7b = 1\n")
add("name_emoji", "x = 😀\n")
add("name_digits_unicode", "x\u0661 = 1\n")
add("soft_keywords", "match x:\n    case 1: pass\ntype X = int\n_ = 1\n")
add("keywords", "async def f(): await x\nlambda: None\n")

# Numbers.
nums = ["0", "00", "0_0", "1", "1_000", "0x1f", "0X_1F", "0o17", "0O_7", "0b101", "0B_1",
        "1.", ".5", "1.5", "1e5", "1E+5", "1e-5", "1.5j", "1J", "0j", "00j", "0.0", "09.5",
        "1_0.0_1e1_0j", "0e0", "1_2j", "0_0.5", "1.__class__", "1 .real", "0.e1", "09e1"]
for i, n in enumerate(nums):
    add(f"num_ok_{i}", f"x = {n}\n")
bad = ["0777", "1_", "1__0", "0x", "0x_", "0xg", "0o8", "0o", "0o_", "0b2", "0b", "0b_1_",
       "1e", "1e+", "1.2ex", "1.e", "0_", "1_e5", "1.5_", "0x1_", "0o7_", "1jj", "1__", "0b1_2",
       "0o19", "0b12", "1_a", "0xfor", "00_", "1.e+x", "017e", "0777.x"]
for i, n in enumerate(bad):
    add(f"num_bad_{i}", f"x = {n}\n")
for i, kw in enumerate(["and", "else", "for", "if", "in", "is", "or", "not", "if1", "iff", "andy"]):
    add(f"num_kw_{i}", f"x = 1{kw} y\n")
    add(f"num_kw_hex_{i}", f"x = 0x1{kw} y\n")
    add(f"num_kw_float_{i}", f"x = 1.5{kw} y\n")
    add(f"num_kw_imag_{i}", f"x = 1j{kw} y\n")

# Strings and prefixes.
for i, p in enumerate(["", "r", "u", "b", "br", "rb", "R", "U", "B", "bR", "Rb", "f", "rf", "fr",
                       "F", "fR", "t", "rt", "tr", "T", "Tr", "rT"]):
    add(f"prefix_{i}", f"x = {p}'a' {p}\"b\" {p}'''c''' {p}\"\"\"d\"\"\"\n")
for i, (a, b) in enumerate(itertools.permutations("burft", 2)):
    add(f"prefix_pair_{i}", f"x = {a}{b}'s'\n")
for i, (a, b, c) in enumerate([("b", "r", "f"), ("r", "b", "u"), ("f", "r", "t"), ("u", "r", "b")]):
    add(f"prefix_triple_{i}", f"x = {a}{b}{c}'s'\n")
add("prefix_name_not_string", "bu = rt + fb + xf'a'\n")
add("string_escapes", "x = 'a\\'b' \"c\\\"d\" '\\\\'\n")
add("string_continuation", "x = 'ab\\\ncd'\n")
add("string_triple_multiline", "x = '''a\nb\nc'''\ny\n")
add("string_triple_quotes_inside", "x = '''a''b'c'''\n")
add("string_empty", "x = '' \"\" ''''''\n")
add("unterminated", "x = \"abc\n")
add("unterminated_eof", "x = 'abc")
add("unterminated_escaped_quote", "x = 'abc\\'\n")
add("unterminated_triple", "s=\"\"\"ab\n\n")
add("unterminated_triple_eof", "s='''ab")
add("unterminated_second_line", "x = 1\ny = 'a\n")
add("string_unicode", "x = 'ü€😀'\n")
add("bytes_nonascii_tokenizes", "x = b'é'\n")
add("string_cr_escape", "x = 'a\\\r\nb'\n")

# f-strings and t-strings.
fs = ["f'{x}'", "f'{x!r}'", "f'{x:>10}'", "f'{x=}'", "f'{x = }'", "f'{x=!r:^20}'",
      "f'{{}}'", "f'{{x}}'", "f'a{{b'", "f'{x:{y}}'", "f'{x:{y:{z}}}'", "f'{x:{{}}}'",
      "f'{\"a\"}'", "f\"{'a'}\"", "f'{f'{x}'}'", "f'''{\n x\n}'''", "f'{x:a{y}b}'",
      "f'{x!s:}'", "f'{x:}'", "f'{ x }'", "f'{x,y}'", "f'{x:=1}'", "f'{(x:=1)}'",
      "f'{lambda: 1}'", "f'{x[\"a\"]}'", "f'\\n{x}\\t'", "f'\\N{BULLET} {x}'", "rf'\\{x}'",
      "f'{x}' f'{y}'", "f'{x:{y}.{z}f}'", "f'{3.14:.2f}'", "f'{a if b else c}'",
      "f'''{x\n# comment\n}'''", "f'''{x=\n}'''", "f'{x=:>{w}}'", "f'{x!r=}'",
      "f'{x:{y=}}'", "f'{\"\\n\".join(a)}'", "f'{{{x}}}'", "f'}}{x}{{'", "f''", "f''''''",
      "f'{x}{y}{z}'", "f'{x}}}'", "f'{x:{{y}}}'", "f'{x:a\\{b}'", "f'\\{x}'",
      "f'{x:\\n}'", "f'''a\nb{x}\nc'''", "f'{x:%H:%M}'", "f'{x!a}'", "f'{*a,}'", "f'{yield}'",
      "f'{x}' 'y' f'z'", "fr'{x}\\d'", "f'{{'", "f'}}'", "f'{x#}'", "f'{x:{y!r}}'",
      "f'{x:{y}{z}}'", "f'{ {1: 2}[1] }'", "f'{x:{{1}}}'", "f'{1:{2:{3}}}'",
      "f\"{'''a'''}\"", "f'{x:\"}'", "f'{[1,2][0]}'", "f'{a!r:{b}}'"]
for i, s in enumerate(fs):
    add(f"fstring_{i}", f"v = {s}\n")
    add(f"tstring_{i}", "v = " + s.replace("f'", "t'").replace('f"', 't"').replace("rf'", "rt'").replace("fr'", "tr'") + "\n")
fbad = ["f'{'", "f'}'", "f'{x'", "f'{x!}'", "f'{)}'", "f'{a)}'", "f'{a]}'", "f'{x:a\nb}'",
        "f'{x:{y:{z:{w}}}}'", "f'abc", "f'''abc", "f'{x}", "f'{x!r'", "f'{\n}'", "f'{x:{'",
        "f'{x:}}'", "f'{{}'", "f'{}'", "f'{ }'", "f'{#}'", "f'{x:{y}'", "f'{'a'}'", "f'{x!z}'",
        "f'''{\n'''", "f'{x!r:'", "f'{x=!}'", "f'{:}'", "f'{!r}'", "f'{x!}}'", "f'{x:{}}'"]
for i, s in enumerate(fbad):
    add(f"fstring_bad_{i}", f"v = {s}\n")
    add(f"tstring_bad_{i}", "v = " + s.replace("f'", "t'") + "\n")
add("fstring_deep_nesting", "v = " + "f'{" * 10 + "1" + "}'" * 10 + "\n")
add("fstring_too_deep_nesting", "v = " + "f\"{" * 151 + "1" + "}\"" * 151 + "\n")
add("fstring_multiline_expr", "v = f'''{\n  a +\n  b\n}'''\n")
add("fstring_nested_quotes", "v = f\"{f'{f\"{1}\"}'}\"\n")
add("fstring_unterminated_line2", "x = 1\nv = f'abc\n")
add("fstring_middle_multiline", "v = f'''a\nb\nc{x}d\ne'''\n")


# Bytes sources (compile(b"...") and script files): BOM, PEP 263
# declarations, codecs and invalid UTF-8. Written to expected_bytes.txt:
#
#     case NAME
#     hex HEX-OF-THE-BYTES
#     tok ...                  the tokens of the decoded text (when it decodes)
#     serr FIELDS              compile(bytes, "<s>", "exec")'s SyntaxError
#     ferr FIELDS              the SyntaxError of running the bytes as x.py
#                              (`python x.py`; the file name shows as x.py)
#     end
#
# FIELDS as in `err`; "None" for a missing end.
BYTES_CASES = [
    ("utf8_plain", b"x = '\xc3\xa9'\n"),
    ("bom", b"\xef\xbb\xbfx = 1\n"),
    ("bom_utf8_decl", b"\xef\xbb\xbf# coding: utf-8\nx = 1\n"),
    ("bom_latin1_decl", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n"),
    ("bom_latin1_decl_line2", b"\xef\xbb\xbf#!x\n# coding: latin-1\nx = 1\n"),
    ("bom_invalid", b"\xef\xbb\xbf\xff"),
    ("bom_decl_invalid", b"\xef\xbb\xbf# coding: utf-8\n\xff\n"),
    ("latin1", b"# coding: latin-1\nx = '\xe9'\n"),
    ("latin1_emacs", b"#!/bin/sh\n# -*- coding: iso-8859-1 -*-\n\xe9 = 1\n"),
    ("latin1_alias", b"# coding=ISO_8859_1\nx = '\xe9\xff'\n"),
    ("latin1_crlf", b"# coding: latin-1\r\nx = '\xe9'\r\n"),
    ("latin1_formfeed", b"\x0c  # coding: latin-1\nx = '\xe9'\n"),
    ("latin9", b"# coding: iso-8859-15\nx = '\xa4'\n"),
    ("koi8_r", b"# -*- encoding: koi8-r -*-\nx = '\xc1\xe2'\n"),
    ("ascii_ok", b"# vim: set fileencoding=ascii :\nx = 1\n"),
    ("ascii_bad", b"# vim: set fileencoding=ascii :\nx = '\xe9'\n"),
    ("ascii_bad_line3", b"# coding: ascii\nx = 1\n\xe9\n"),
    ("unknown", b"# coding: xyz\nx = 1\n"),
    ("unknown_line2", b"#!x\n# coding: Foo-Bar\n"),
    ("decl_after_code", b"x = 1\n# coding: latin-1\ny = '\xe9'\n"),
    ("decl_not_comment_only", b"x = 1  # coding: latin-1\ny = '\xe9'\n"),
    ("decl_no_name", b"# coding: \nx = 1\n"),
    ("decl_utf8_invalid", b"# coding: utf-8\nx = '\xe9'\n"),
    ("decl_utf8_invalid_comment", b"# coding: utf-8\nx = 1 # \xe9\n"),
    ("decl_utf8_invalid_in_string", b"# coding: utf-8\nx = 1\ny = \'\'\'\n\xe9\'\'\'\n"),
    ("decl_utf8_invalid_eof", b"# coding: utf-8\nx = 1\n(\n\xe9"),
    ("decl_utf8_truncated_eof", b"# coding: utf_8\nx = 1\n\xe2\x82"),
    ("invalid_first", b"\xff"),
    ("invalid_line2", b"x = 1\n\xff\n"),
    ("invalid_line2_after_comment", b"#c\n\xff\n"),
    ("invalid_line2_in_parens", b"x = (1,\n\xff)\n"),
    ("invalid_line3", b"x = 1\ny = 2\n\xff\n"),
    ("invalid_in_string", b"x = '\xff'\n"),
    ("invalid_in_comment", b"def f():\n    return 1\n\n\n# \xff\n"),
    ("invalid_in_identifier", b"x\xff = 1\n"),
    ("invalid_multiline_string", b"x = 1\n\'\'\'\n\n\xff\'\'\'\n"),
    ("invalid_string_line2", b"\'\'\'\n\xff\'\'\'\n"),
    ("invalid_truncated", b"s = '\xe2\x82'\n"),
    ("invalid_surrogate", b"s = '\xed\xa0\x80'\n"),
    ("invalid_after_nonascii", b"s = '\xc3\xa9\xff'\n"),
    ("invalid_after_cr", b"x = 1\r\n\xff\n"),
    ("tokenizer_error_first", b"x = $\n\xff\n"),
    ("invalid_comment_before_decl", b"# \xff\n# coding: latin-1\nx = 1\n"),
]


def bytes_error(e):
    return [type(e).__name__, e.lineno, e.offset, e.end_lineno, e.end_offset, e.msg, e.text]


HOOK = """import sys
def hook(t, v, tb):
    if issubclass(t, SyntaxError):
        print(repr((t.__name__, v.lineno, v.offset, v.end_lineno, v.end_offset, v.msg, v.text)))
sys.excepthook = hook
"""


def file_error(data):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "sitecustomize.py"), "w") as f:
            f.write(HOOK)
        with open(os.path.join(d, "x.py"), "wb") as f:
            f.write(data)
        env = dict(os.environ, PYTHONPATH=d)
        p = subprocess.run([sys.executable, "x.py"], cwd=d, env=env, capture_output=True, text=True)
    # 3.14 reports the script's absolute path: keep only its name.
    out = p.stdout.strip().replace(os.path.join(d, ""), "")
    return list(eval(out)) if out else None


def decoded(data):
    try:
        enc, _ = py_tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(enc)
    except (SyntaxError, UnicodeDecodeError):
        return None


def bytes_main():
    out = []
    for name, data in BYTES_CASES:
        out.append(f"case {name}")
        out.append(f"hex {data.hex()}")
        try:
            compile(data, "<s>", "exec")
            serr = None
        except SyntaxError as e:
            serr = bytes_error(e)
        text = decoded(data)
        if serr is None and text is not None:
            for t in tokenize(text.removeprefix("\ufeff"))[0]:
                typ, s, (l, c), (el, ec), _line = t
                out.append(f"tok {typ} {l} {c} {el} {ec} {esc(s)}")
        if serr is not None:
            out.append("serr " + "\t".join(esc(str(x)) for x in serr))
        ferr = file_error(data)
        if ferr is not None:
            out.append("ferr " + "\t".join(esc(str(x)) for x in ferr))
        out.append("end")
    with open("expected_bytes.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(BYTES_CASES)} bytes cases", file=sys.stderr)


def tokenize(src):
    # compile() translates newlines before tokenizing; the readline-based
    # TokenizerIter does not, so feed it what compile()'s tokenizer sees.
    src = src.replace("\r\n", "\n").replace("\r", "\n")
    toks, err = [], None
    try:
        for t in _tokenize.TokenizerIter(io.StringIO(src).readline, extra_tokens=False):
            toks.append(t)
    except SyntaxError as e:
        err = e
    return toks, err


def compile_error(src):
    try:
        compile(src, "<s>", "exec")
    except SyntaxError as e:
        return e
    except ValueError as e:
        return e
    return None


PARSER_WORDING = {
    "unexpected EOF in multi-line statement": None,  # any EOF wording
    "unindent does not match any outer indentation level":
        "unindent does not match any outer indentation level",
    "inconsistent use of tabs and spaces in indentation":
        "inconsistent use of tabs and spaces in indentation",
    "too many levels of indentation": "too many levels of indentation",
    "unexpected character after line continuation character":
        "unexpected character after line continuation character",
}


def same_origin(terr, cerr):
    if not isinstance(cerr, SyntaxError):
        return False
    if terr.msg == cerr.msg:
        return True
    if terr.msg in PARSER_WORDING:
        want = PARSER_WORDING[terr.msg]
        if want is None:
            return cerr.msg == "unexpected EOF while parsing" or cerr.msg.endswith("was never closed")
        return cerr.msg == want
    return False


def main():
    warnings.simplefilter("ignore")
    out = []
    names = set()
    for name, src in CASES:
        assert name not in names, name
        names.add(name)
        toks, terr = tokenize(src)
        out.append(f"case {name}")
        out.append(f"src {esc(src)}")
        for t in toks:
            typ, s, (l, c), (el, ec), _line = t
            out.append(f"tok {typ} {l} {c} {el} {ec} {esc(s)}")
        if terr is not None:
            cerr = compile_error(src)
            if same_origin(terr, cerr):
                fields = [type(cerr).__name__, cerr.lineno, cerr.offset, cerr.end_lineno,
                          cerr.end_offset, cerr.msg, cerr.text]
                out.append("err " + "\t".join(esc(str(f)) for f in fields))
            else:
                out.append("errany")
        out.append("end")
    with open("expected.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(CASES)} cases", file=sys.stderr)
    bytes_main()


if __name__ == "__main__":
    main()
