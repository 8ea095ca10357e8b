# SyntaxWarnings from the tokenizer (numbers glued to keywords, "\{" in
# f-strings) and from string decoding (invalid escapes), and the
# SyntaxErrors they become when warnings are errors; the compiler's
# "perhaps you missed a comma" warnings for t-strings.
import warnings

SOURCES = [
    "0xfor x", "1if x else y", "[0x1ffor x in ()]", "1.0or x", "1jin x", "0o7not in x",
    "'\\d'", "b'\\d'", "'\\777'", "'''a\n\\q'''", "'a\\\n\\d'",
    "f'\\{{'", "f'\\}}{1+1}'", "f'{1:\\d}'",
    "[t'{x}' [2]]", "[t'{x}' ()]", "[f'' ['a']]", "[f'' ()]",
]

for src in SOURCES:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile(src, "<w>", "exec")
    print(repr(src), [(w.category.__name__, str(w.message), w.lineno) for w in caught])

for src in SOURCES[:11] + SOURCES[12:13]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            compile(src, "<e>", "exec")
        except SyntaxError as e:
            print(repr(src), e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import ast
    ast.parse("'\\d' + 1if x else y")
print("ast.parse", [str(w.message) for w in caught])
