# ast.parse's type comments and feature versions, names that normalize to
# keyword constants, huge integer literals, and 'eval'/'single' sources
# without a final newline.
import ast
import sys


def show(label, f):
    try:
        print(label, "->", f())
    except (SyntaxError, ValueError) as e:
        print(label, "->", type(e).__name__, e)


src = """\
def f(a,  # type: int
      b,  # type: str
      ):
    # type: (...) -> None
    x = []  # type: list
    for i in x:  # type: int
        pass
    with g() as y:  # type: float
        pass
z = 1  # type: ignore[assignment]
"""
tree = ast.parse(src, type_comments=True)
f = tree.body[0]
print("args:", [a.type_comment for a in f.args.args])
print("def:", f.type_comment)
print("assign:", f.body[0].type_comment)
print("for:", f.body[1].type_comment, "with:", f.body[2].type_comment)
print("ignores:", [(t.lineno, t.tag) for t in tree.type_ignores])
print("without flag:", ast.parse(src).type_ignores, f.body[0].type_comment is not None)
show("two def comments", lambda: ast.parse(
    "def f():  # type: () -> int\n    # type: () -> str\n    pass\n", type_comments=True))

samples = [
    ("walrus", "(x := 1)", 8),
    ("posonly", "def f(a, /): pass", 8),
    ("lambda posonly", "lambda a, /: a", 8),
    ("except*", "try: pass\nexcept* E: pass", 11),
    ("match", "match x:\n case 1: pass", 10),
    ("type alias", "type X = int", 12),
    ("type params", "def f[T](): pass", 12),
    ("param default", "class C[T=int]: pass", 13),
    ("t-string", "t'x'", 14),
    ("bare except tuple", "try: pass\nexcept A, B: pass", 14),
    ("matmul", "a @ b", 5),
    ("await", "async def f(): await x", 5),
    ("underscores", "1_000", 6),
]
for label, code, version in samples:
    ast.parse(code, feature_version=(3, version))
    show(label, lambda: ast.parse(code, feature_version=(3, version - 1)) and "parsed")

show("normalized None", lambda: ast.parse("N\u00bane"))
show("normalized attr", lambda: compile("x.Tru\u1d49", "<s>", "eval"))

old = sys.get_int_max_str_digits()
sys.set_int_max_str_digits(1000)
show("long literal", lambda: compile("x = " + "7" * 1001, "<s>", "exec"))
show("hex literal", lambda: compile("x = 0x" + "7" * 1001, "<s>", "exec") and "compiled")
sys.set_int_max_str_digits(old)

for mode in ["exec", "eval", "single"]:
    show("backslash " + mode, lambda: compile("1 + \\", "<s>", mode))
show("single block", lambda: ast.dump(compile("if x:\n  if y:\n    z", "<s>", "single", ast.PyCF_ONLY_AST)))
