# A regex-based tokenizer for a small language, with named groups and error positions.
import re
SPEC = [("NUMBER", r"\d+(?:\.\d*)?"), ("ID", r"[A-Za-z_]\w*"), ("OP", r"[+\-*/=<>]=?|[(){},;]"),
        ("STRING", r'"(?:\\.|[^"\\])*"'), ("NEWLINE", r"\n"), ("SKIP", r"[ \t]+"), ("COMMENT", r"#.*"), ("ERROR", r".")]
MASTER = re.compile("|".join(f"(?P<{n}>{p})" for n, p in SPEC))
KEYWORDS = {"if", "else", "while", "let", "print"}
def tokenize(code):
    line, start = 1, 0
    for m in MASTER.finditer(code):
        kind, value = m.lastgroup, m.group()
        col = m.start() - start + 1
        if kind == "NEWLINE":
            line, start = line + 1, m.end()
            continue
        if kind in ("SKIP", "COMMENT"):
            continue
        if kind == "ID" and value in KEYWORDS:
            kind = value.upper()
        if kind == "ERROR":
            raise SyntaxError(f"unexpected {value!r} at {line}:{col}")
        yield kind, value, line, col
src = '''let x = 42;  # the answer
if x >= 10 { print "big \\"x\\"" ; } else { x = x - 1.5; }
'''
for tok in tokenize(src):
    print(tok)
try:
    list(tokenize("let y = 3 @ 4;"))
except SyntaxError as e:
    print("SyntaxError:", e)
