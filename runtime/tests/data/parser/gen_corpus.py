"""Generate corpus.tsv: Python snippets with CPython 3.14's AST dump or
SyntaxError, for runtime/tests/parser_corpus.rs.

Run with the reference interpreter:
    $RUPY_REF_PYTHON runtime/tests/data/parser/gen_corpus.py

Each line is tab-separated:
    ok   NAME  JSON_SOURCE  DUMP
    err  NAME  JSON_SOURCE  TYPE  LINENO  OFFSET  END_LINENO  END_OFFSET  MSG
DUMP is ast.dump(tree, include_attributes=True).
"""

import ast
import itertools
import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))

# Expressions, combined below with statement contexts.
EXPRS = [
    "a", "1", "1.5", "1e10", "0x1f", "0o17", "0b101", "1_000", "3j", "1.5j", ".5", "1.",
    "'s'", '"d"', "b'x'", "u'x'", "r'\\d'", "'a' 'b'", "b'a' b'b'", "'''tri\nple'''",
    "'\\n\\t\\x41\\u00e9\\U0001F600\\101'", "b'\\x00\\xff'", "'é'", "'\\\n'",
    "True", "False", "None", "...",
    "a + b", "a - b * c", "a ** b ** c", "-a ** b", "(a + b) * c", "a // b % c @ d",
    "a << b >> c", "a & b | c ^ d", "~a", "+a", "-1", "not a", "a and b or c",
    "a and b and c", "a or b or c", "not not a",
    "a < b", "a < b <= c", "a == b != c", "a is b", "a is not b", "a in b", "a not in b",
    "a if b else c", "a if b else c if d else e", "lambda: 0", "lambda x: x",
    "lambda x, y=1, *a, z, **k: 0", "lambda x, /, y: 0", "lambda *, k: 0", "lambda *a: a",
    "lambda x=1, /, y=2, *, z=3: 0",
    "f()", "f(a)", "f(a, b)", "f(a, *b)", "f(a, k=1)", "f(**k)", "f(*a, **k)", "f(a)(b)(c)",
    "f(x for x in y)", "f(a, k=1, *b, **c)", "f(k=1, *b)", "f(a,)", "f(*a, b)",
    "a.b", "a.b.c", "a[1]", "a[1:2]", "a[1:2:3]", "a[::]", "a[:]", "a[1,]", "a[1, 2]",
    "a[1:2, 3]", "a[*b]", "a[b, *c]", "a.b[c](d)", "a[b:=1]",
    "()", "(a,)", "(a, b)", "(a)", "((a))", "[]", "[a]", "[a, b,]", "[*a, *b]", "{}", "{a: b}",
    "{a: b, **c}", "{**a}", "{a}", "{a, b}", "{*a}", "(*a, b)",
    "[x for x in y]", "[x for x in y if x]", "[x for x in y for z in x if z if w]",
    "{x for x in y}", "{k: v for k, v in d}", "(x for x in y)", "[x async for x in y]",
    "[(a, b) for a, b in c]", "[x for x, in y]", "[x for (x, y) in z]", "[x for [x] in y]",
    "(y := 1)", "[y := 1, 2]", "f(y := 1)", "[x for x in (y := z)]",
    "await x", "(yield)", "(yield x)", "(yield from x)",
    "f'x'", "f'{x}'", "f'{x!r}'", "f'{x:>10}'", "f'{x=}'", "f'{x = }'", "f'{x=!s}'",
    "f'{x=:>5}'", "f'a{b}c{d}e'", "f'{x:{y}}'", "f'{x:{y}.{z}f}'", "f'{{}}'", "f'{{{x}}}'",
    "f'{\"nested\"}'", "f'{f\"{x}\"}'", "f'''{\nx\n}'''", "rf'\\d{x}'", "f'\\n{x}\\t'",
    "'a' f'b{c}' 'd'", "f'{x}' f'{y}'", "f'' ''", "f'{x:}'", "f'{x!r:}'", "f'{x:{y}}' 'z'",
    "t'x'", "t'{x}'", "t'{x!r:>{w}}'", "t'{x=}'", "t'a' t'b{c}'", "t''", "t'{x:}'",
    "f'{lambda: 1}'" if False else "f'{(lambda: 1)}'",
    "f'{a!a}'", "f'{ x }'", "f'{x,y}'", "f'{*x,}'", "f'{yield}'",
    "a if (b := c) else d", "*a, b", "a, *b",
    # lone surrogates from escapes
    "'\\udc74'", "'\\ud800\\udc00'", "'a' '\\udfff' f'{x}\\ud834'", "t'\\udc80{x}'",
    "'\\U0000dbff'", "f'{x:\\udc00}'",
    # \N{...} escapes
    "'\\N{BULLET}'", "'\\N{latin small letter a}\\N{LF}'", "f'{x}\\N{HANGUL SYLLABLE GAG}'",
    "'\\N{TANGUT IDEOGRAPH-17000}\\N{CJK UNIFIED IDEOGRAPH-4e00}'", "b'\\N{NULL}'",
    "t'\\N{EM DASH}{x:\\N{DEGREE SIGN}}'", "'''\n\\N{BEL}\\N{BELL}'''",
    # non-ASCII identifiers are NFKC-normalized
    "ﬁx", "𝐱 + ℌ", "a.ﬁ", "f(ﬁ=1)", "[ℌ for ℌ in ｘ]", "lambda ﬁ: ﬁ", "ŉ",
    # t-string expression text and f-string debug text (token metadata)
    "t'{value = }'", "t'{ value  =  !r}'", "t'{a }'", "t'{ a \n}'", "t'{a  :>3}'", "t'{a!=b}'",
    "t'{a!=b!r}'", "f'{a!=b=}'", "f'{a!=b=:>3}'", "t'{a # c\n}'", "t'{a=# c\n}'", "t'{a\t=\t}'",
    "t'{(a!=b)!s}'", "f'{(a:=b)=}'", "t'{a:{b}}'", "t'{a!r:{b!s:{c}}}'",
    # format specs of raw f- and t-strings keep their backslashes
    "rf'{x:\\xFF}'", "rf'\\xFF{x:\\n}'", "rt'{x:\\t}'", "rf'{x:{y:\\n}}'", "f'{x:{rf\"{y:\\n}\"}\\n}'",
    "t\"\"\"{a\\\n}\"\"\"", "t\"\"\"{a \\\n = \\\n}\"\"\"", "t\"\"\"{a = \\\n!r}\"\"\"", "t\"{a = # c\n}\"",
    "f\"{'#'=}\"", "f\"{'''#\\''''#''' # x\n=}\"", "f\"{a[\"#\"] # x\n=}\"",
]

STMT_TEMPLATES = ["{}", "x = {}", "print({})"]

STMTS = [
    "pass", "break", "continue", "return", "return x", "return x, y", "return *x, y",
    "del x", "del x, y", "del x[0], y.z", "del (x, y)", "del [x]", "del (x)",
    "x = 1", "x = y = z", "x, y = z", "[x, y] = z", "(x, y) = z", "x.y = 1", "x[0] = 1",
    "*x, y = z", "x, = y", "x = yield", "x = yield y", "x = *a, b",
    "x += 1", "x -= 1", "x *= 1", "x @= 1", "x /= 1", "x %= 1", "x &= 1", "x |= 1", "x ^= 1",
    "x <<= 1", "x >>= 1", "x **= 1", "x //= 1", "x.y += 1", "x[0] += yield",
    "x: int", "x: int = 1", "(x): int = 1", "x.y: int", "x[0]: int = 1", "x: int = yield",
    "x: tuple = 1, 2",
    "import a", "import a.b", "import a as b", "import a.b as c, d", "from a import b",
    "from a import b as c, d", "from . import a", "from .. import a", "from ... import a",
    "from .... import a", "from .a import b", "from a import (b, c,)", "from a import *",
    "from __future__ import annotations",
    "global x", "global x, y", "nonlocal x", "nonlocal x, y",
    "assert x", "assert x, 'msg'", "raise", "raise x", "raise x from y",
    "yield", "yield x", "yield from x", "await x",
    "x; y", "x; y;", "if x: pass", "while x: pass", "for x in y: pass",
    "type X = int", "type X[T] = list[T]", "type X[T: int, *Ts, **P] = 1",
    "type X[T = int] = 1", "type X[*Ts = *tuple[int]] = 1", "type X[**P = [int]] = 1",
    "type = 1", "match = 1", "case = 1", "_ = 1", "type(x)", "match(x)", "match[x]",
    "print(match, case, type)",
]

BLOCKS = [
    "if x:\n    pass\n", "if x:\n    a\nelse:\n    b\n", "if x:\n    a\nelif y:\n    b\nelse:\n    c\n",
    "if x:\n    a\nelif y:\n    b\nelif z:\n    c\n",
    "while x:\n    a\nelse:\n    b\n", "for x in y:\n    a\nelse:\n    b\n",
    "for x, y in z:\n    pass\n", "for *x, in y:\n    pass\n", "for x in *a, b:\n    pass\n",
    "async def f():\n    async for x in y:\n        pass\n    async with a as b:\n        pass\n    await x\n",
    "with a:\n    pass\n", "with a as b:\n    pass\n", "with a as b, c as d:\n    pass\n",
    "with (a as b, c as d):\n    pass\n", "with (a, b):\n    pass\n", "with (a):\n    pass\n",
    "with (a as b, c as d,):\n    pass\n", "with a as (b, c):\n    pass\n", "with (yield):\n    pass\n",
    "try:\n    a\nexcept:\n    b\n", "try:\n    a\nexcept E:\n    b\n", "try:\n    a\nexcept E as e:\n    b\n",
    "try:\n    a\nexcept (E, F) as e:\n    b\nelse:\n    c\nfinally:\n    d\n",
    "try:\n    a\nfinally:\n    b\n", "try:\n    a\nexcept* E:\n    b\n",
    "try:\n    a\nexcept* E as e:\n    b\nexcept* F:\n    c\nelse:\n    d\nfinally:\n    e\n",
    "try:\n    a\nexcept E, F:\n    b\n", "try:\n    a\nexcept* E, F:\n    b\n",
    "def f(): pass\n", "def f(a, b=1, *c, d, e=2, **f): pass\n", "def f(a, /, b, *, c): pass\n",
    "def f(a=1, /, b=2): pass\n", "def f(*, a): pass\n", "def f(**k): pass\n",
    "def f(a: int, *b: str, c: bool = True, **d: float) -> None: pass\n",
    "def f(*args: *Ts): pass\n", "def f[T](x: T) -> T: pass\n", "def f[T: int, *Ts, **P](): pass\n",
    "def f[T = int, *Ts = *tuple[int], **P = [int]](): pass\n",
    "async def f(): pass\n", "@d\ndef f(): pass\n", "@d(1)\n@e.f\ndef f(): pass\n",
    "@a[0].b\nclass C: pass\n", "@(yield)\ndef f(): pass\n", "@x := y\ndef f(): pass\n" if False else "@(x := y)\ndef f(): pass\n",
    "class C: pass\n", "class C(): pass\n", "class C(B): pass\n", "class C(B, metaclass=M): pass\n",
    "class C(*a, **k): pass\n", "class C[T]: pass\n", "class C[T](B): pass\n",
    "class C:\n    x = 1\n    def f(self):\n        return self.x\n",
    "def f():\n    global x\n    def g():\n        nonlocal y\n",
    "def f():\n    yield\n    yield x\n    x = yield from y\n",
    "if x:\n    if y:\n        a\n    else:\n        b\nelse:\n    c\n",
    "if x:\n    pass\n# comment\n\n    \nelse:\n    pass\n",
    "x = (\n    1,\n    2,\n)\n", "x = [\n    1\n    for y in z\n]\n", "x = 1 + \\\n    2\n",
    "def f():\n    '''doc'''\n    return\n", "if 1:\n\tpass\n", "pass\n\n\n", "\n\n# only comments\n", "",
    "x = 1  # comment\n", "def f(\n    a,\n    b,\n):\n    pass\n",
    "lambda: (yield)\n", "x = 'é' + 'ü'\nyé = 1\n", "d = {'é': 'ü' + f'{ñ}'}\n",
]

MATCH = [
    "match x:\n    case 1:\n        pass\n",
    "match x:\n    case 1 | 2 | 3:\n        pass\n    case _:\n        pass\n",
    "match x:\n    case -1:\n        pass\n    case 1 + 2j:\n        pass\n    case -1.5 - 2j:\n        pass\n",
    "match x:\n    case 'a' 'b':\n        pass\n    case b'x':\n        pass\n    case f'x':\n        pass\n",
    "match x:\n    case None:\n        pass\n    case True:\n        pass\n    case False:\n        pass\n",
    "match x:\n    case a:\n        pass\n", "match x:\n    case a.b:\n        pass\n",
    "match x:\n    case a.b.c:\n        pass\n",
    "match x:\n    case (a, b):\n        pass\n    case [a, *b]:\n        pass\n    case [*_]:\n        pass\n",
    "match x:\n    case a, b:\n        pass\n    case a, *b, c:\n        pass\n    case *a,:\n        pass\n",
    "match x:\n    case ():\n        pass\n    case []:\n        pass\n    case (a):\n        pass\n    case (a,):\n        pass\n",
    "match x:\n    case {}:\n        pass\n    case {1: a, 'b': c}:\n        pass\n    case {**rest}:\n        pass\n",
    "match x:\n    case {a.b: 1, **r,}:\n        pass\n    case {None: 1, True: 2, -1: 3, 1+2j: 4}:\n        pass\n",
    "match x:\n    case C():\n        pass\n    case C(a, b):\n        pass\n    case C(a, b=c):\n        pass\n    case a.C(b=1, c=2,):\n        pass\n",
    "match x:\n    case [1, 2] as y:\n        pass\n    case (1 | 2) as z:\n        pass\n    case 1 | 2 as w:\n        pass\n",
    "match x:\n    case a if a > 0:\n        pass\n    case _ if (y := 1):\n        pass\n",
    "match x, y:\n    case a, b:\n        pass\n", "match *x, y:\n    case _:\n        pass\n",
    "match (x):\n    case _:\n        pass\n", "match x,:\n    case _:\n        pass\n",
    "match -x:\n    case _:\n        pass\n", "match await x:\n    case _:\n        pass\n",
    "match x:\n    case _: pass\n",
]

# (category, source) pairs expected to fail.
INVALID = [
    # generic / tokenizer-driven
    "a b", "x = = 1", "(", "(\n", "[1, 2", "{", "f(a", ")", "]", "}", "(]", "[)", "a = (1,\n2\n", "x = 1 +",
    "'unterminated", "'''unterminated", "f'{x", "x = $", "1abc" if False else "x = 1 $", "a +\n",
    "  x = 1", "x\n  y", "if x:\ny", "if x:\n    y\n  z", "\tif x:\n        y\n\tz" if False else "if x:\n\ty\n        z",
    "def f():\npass", "class C:\npass", "for x in y:\npass", "while x:\npass", "with x:\npass",
    "try:\npass", "try:\n    pass\nexcept:\npass", "try:\n    pass\nfinally:\npass",
    "if x:\n    pass\nelif y:\npass", "if x:\n    pass\nelse:\npass",
    "match x:\ncase 1: pass", "match x:\n    case 1:\n    pass",
    "if x\n    pass", "while x\n    pass", "for x in y\n    pass", "def f()\n    pass",
    "class C\n    pass", "with x\n    pass", "try\n    pass", "elif x:\n    pass", "else:\n    pass",
    "except:\n    pass", "finally:\n    pass", "x = 1\n    y = 2\n", "def f(:\n    pass",
    # assignment targets
    "1 = x", "f() = 1", "a + b = 1", "(a, 1) = x", "[a, f()] = x", "x + 1 += 1", "f() += 1",
    "(a, b) += 1", "None = 1", "True = 1", "... = 1", "'s' = 1", "a if b else c = 1",
    "lambda: 1 = 1", "(yield) = 1", "x = yield = 1", "[x for x in y] = 1", "{a: b} = 1", "{a} = 1",
    "a < b = 1", "not a = 1", "-a = 1", "await x = 1", "*a = 1", "del f()", "del a + b",
    "del (a, 1)", "del *a", "del [a, *b]", "for 1 in x: pass", "for f() in x: pass",
    "with a as 1: pass", "with a as f(): pass", "[x for 1 in y]", "(a, b): int", "[a]: int",
    "a, b: int = 1", "f(): int", "a + 1: int", "(x := 1) = 2", "x = (y := 1) = 2",
    # named expressions
    "(a.b := 1)", "(a[0] := 1)", "(f() := 1)", "((a, b) := 1)", "x := 1", "f(a=1 := 2)",
    "if x = 1: pass", "while x = 1: pass", "[x = 1]", "f(a.b=1)", "f(True=1)", "f(None=1)",
    "f(1=2)", "f(**a=1)", "f(*a=1)", "assert x = 1" if False else "if (a = 1): pass",
    # calls / arguments
    "f(a=1, b)", "f(**a, b)", "f(**a, *b)", "f(a for a in b, c)", "f(c, a for a in b)",
    "f(a for a in b, c for c in d)", "f(a=)", "f(a, b=)", "f(x=1 for x in y)", "class C(x for x in y): pass",
    # comprehension
    "[*a for a in b]", "{**a for a in b}", "[a, b for a in c]", "{a, b for a in c}", "[a, for a in c]",
    "[x for x in]", "[x for x y]", "(x for x in y", "[x async for x]", "{a: b for}",
    # parameters
    "def f(a=1, b): pass", "def f(*): pass", "def f(*, **k): pass", "def f(/): pass", "def f(/, a): pass",
    "def f(a, /, b, /): pass", "def f(*a, /): pass", "def f(a, *, b, /): pass", "def f(**k, a): pass",
    "def f(**k, *a): pass", "def f(**k=1): pass", "def f(*a=1): pass", "def f(*a, *b): pass",
    "def f(a, a=): pass" if False else "def f(a=): pass", "def f((a, b)): pass", "def f(a, (b)): pass",
    "def f(a=1, /, b): pass", "def f(a, /, *, b, c=): pass" if False else "def f(a /, b): pass",
    "def f(a, /* b): pass", "lambda a=1, b: 0", "lambda *: 0", "lambda **k, a: 0", "lambda (a): 0",
    "lambda a, (b): 0", "lambda /: 0", "lambda *a, *b: 0", "lambda *a=1: 0", "lambda **k=1: 0",
    "def f[](): pass", "class C[]: pass", "type X[] = 1", "def f[*T: int](): pass",
    "def f[**P: int](): pass", "def f[*T: (int, str)](): pass", "type X[**P: (int,)] = 1",
    "def f() -> : pass", "def f(a, b c): pass", "def f: pass", "def (): pass", "async f(): pass",
    # f-strings / t-strings
    "f'{}'", "f'{ }'", "f'{=}'", "f'{!r}'", "f'{:x}'", "f'{x!}'", "f'{x!z}'", "f'{x!rr}'",
    "f'{x!r=}'", "f'{x:{y}'", "f'{x}}'", "f'{{x}'", "f'}'", "f'{'", "f'{x!:x}'", "f'{x =!r z}'",
    "f'{lambda x: 1}'", "f'{x:{y:{z:{w}}}}'", "f'{a b}'", "f'{a;b}'", "f'{import x}'",
    "f'{x! r}'", "f'{x!}'" if False else "f'{x:=1}'", "f'{\\n}'", "f'{x!r\n}'",
    "t'{}'", "t'{x!z}'", "t'{lambda: 1}'", "t'{x' ", "'a' t'b'", "t'a' 'b'", "t'a' f'b'",
    "b'a' 'b'", "'a' b'b'", "f'a' b'b'", "b'é'", "'\\N{foo}' if False else '\\x1'", "'\\u12'",
    "'\\U1234567'", "b'\\x1'", "'\\U11111111'",
    # statements
    "import", "from x import", "from x import a,", "from x import (a", "from x import (a,) b",
    "import a from b", "import a as 1", "import a.b as c.d", "from a import b as 1",
    "from a import b as c.d", "from . import", "import *", "global 1", "nonlocal", "global x y",
    "return return", "pass pass", "break 1", "raise x y", "raise x from", "raise from x",
    "assert", "assert x,", "del", "del x y", "print x", "print 'hello'", "exec 'x'", "print x, y",
    "exec code in ns",
    # if expression / misc expressions
    "x = a if b", "x = a if b else", "x = a if b else pass", "pass if x else y", "break if x else y",
    "x = 1 if 2", "f(a if b)", "x = not", "x = a +", "x = * a", "x = **a", "x = a b c",
    "x = 1 + not 2", "x = -not 1", "x = a * not b", "x = {a: }", "x = {a: *b}", "x = {a b}",
    "x = {a: b c}", "x = {**a: b}", "x = {a:b, c}", "x = (*a)", "x = (**a)", "print(*)",
    "f(*)", "x = a[1:2:3:4]", "x = a.1", "x = a..b", "x = .a", "x = 1.e", "x = a[]",
    "x = ()()", "x = (a b)", "x = [a b]", "x = {a b: c}", "x = 'a' 'b' c", "f(a b)", "f(a, b c)",
    "[a b]", "(a\n b)", "x = 1 2", "x = a.b c.d", "x = yield from", "x = await",
    "x = lambda: yield", "x = lambda x: x = 1", "a = 1 = 2" if False else "x = (a, b) := 1",
    # try/except
    "try:\n    pass\n", "try:\n    pass\nexcept E as e, F:\n    pass\n",
    "try:\n    pass\nexcept E, F as e:\n    pass\n", "try:\n    pass\nexcept* E, F as e:\n    pass\n",
    "try:\n    pass\nexcept E\n    pass\n", "try:\n    pass\nexcept\n    pass\n",
    "try:\n    pass\nexcept*:\n    pass\n", "try:\n    pass\nexcept* \n    pass\n",
    "try:\n    pass\nexcept E as e.f:\n    pass\n", "try:\n    pass\nexcept* E as 1:\n    pass\n",
    "try:\n    pass\nexcept E:\n    pass\nexcept* F:\n    pass\n",
    "try:\n    pass\nexcept* E:\n    pass\nexcept F:\n    pass\n",
    "try:\n    pass\nelse:\n    pass\n", "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n" if False else "try:\n    pass\nfinally:\n    pass\nexcept:\n    pass\n",
    "if x:\n    pass\nelse:\n    pass\nelif y:\n    pass\n",
    # with
    "with a, b,: pass", "with (a, b,): pass" if False else "with a as b,: pass", "with a\n    pass",
    "with (a as b\n    pass", "with (a as b) as c: pass" if False else "with a as b c: pass",
    # match
    "match x:\n    case 1 as _:\n        pass\n", "match x:\n    case 1 as 2:\n        pass\n",
    "match x:\n    case 1 as a.b:\n        pass\n", "match x:\n    case C(a=1, b):\n        pass\n",
    "match x:\n    case C(a=1, b, c=2):\n        pass\n", "match x:\n    case {**a, b: 1}:\n        pass\n",
    "match x:\n    case {**a, **b}:\n        pass\n", "match x:\n    case 1 + 1:\n        pass\n",
    "match x:\n    case 1j + 1:\n        pass\n", "match x:\n    case a():\n        pass\n" if False else "match x:\n    case *a:\n        pass\n",
    "match x:\n    case 1\n        pass\n", "match x\n    case 1:\n        pass\n", "match x:\n    pass\n",
    "case 1:\n    pass\n", "match x:\n    case f(x):\n        pass\n" if False else "match x:\n    case a.b():\n        pass\n    case x + 1:\n        pass\n",
    "match x:\n    case {1: _, 2}:\n        pass\n", "match x:\n    case [a, *b, *c]:\n        pass\n",
    "match x:\n    case -a:\n        pass\n", "match x:\n    case (*a):\n        pass\n",
    # decorators/classes
    "@\ndef f(): pass", "@x\n", "@x\nx = 1", "class C(a=1, b): pass", "class C(: pass",
    "class 1: pass", "def 1(): pass", "class C(**a, *b): pass",
    # async / await / yield placement is a compiler matter, but syntax forms:
    "async x = 1", "await = 1", "async with a: pass" if False else "async = 1", "def f(async): pass",
    # nesting / misc
    "(" * 201 + ")" * 201, "[" * 201, "x = " + "(" * 100 + ")" * 100,
    "if x:\n    pass\n  else:\n    pass\n", "def f():\n    x = 1\n   y = 2\n",
    "\\", "x = 1 \\ 2", "x = 1\\\n", "a = 1\n\\", "x = '\\", "a = 0777", "a = 0_", "a = 1__0",
    "a = 1e", "a = 0x", "a = 0b2", "a = 1_", "a = 09", "a = 1if 1else 0", "a = 0o8", "x = 1.2.3",
    "x = €", "x = a\u00a0b", "x = 'a'\u00a0", "x = (1\n", "x = [1,\n", "def f(\n",
    "if x:\n    pass\n\n  # comment\n  y\n",
    # \N{...} escapes
    "'\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}'", "'\\N{xyz'", "'\\N'", "'\\N{}'",
    "'é\\N{xyz}'", "f'a{x}\\N{nope}'", "'\\N{CJK UNIFIED IDEOGRAPH-04E00}'",
    "f'\\N{nope}{x}'", "'a' f'b{x}\\x4'",
    # a parser error stands over a later tokenizer error inside an f-string
    "a b f'{0x}'", "a b f'{1_}'", "a b f'{a $ b}'", "a b f'{a!}' f'{0x}'", "a b\nf'{0x}'",
    "a b\nf'{1_}'", "a b\nf'{a'", "a b\nf'abc", "a b\nf'{a!x\n'", "a b\nf'{\\}'",
]


def check(src):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(src)
        except SyntaxError as e:
            return ("err", type(e).__name__, e.lineno, e.offset, e.end_lineno, e.end_offset, e.msg)
        except MemoryError as e:
            return ("err", "MemoryError", 0, 0, 0, 0, str(e))
    return ("ok", ast.dump(tree, include_attributes=True))


def cases():
    seen = set()
    out = []

    def add(name, src):
        if src in seen:
            return
        seen.add(src)
        out.append((name, src))

    for i, e in enumerate(EXPRS):
        for j, t in enumerate(STMT_TEMPLATES):
            add(f"expr{i}_{j}", t.format(e))
    for i, s in enumerate(STMTS):
        add(f"stmt{i}", s)
        add(f"stmt{i}_def", "def f():\n    " + s + "\n")
    for i, b in enumerate(BLOCKS):
        add(f"block{i}", b)
    for i, m in enumerate(MATCH):
        add(f"match{i}", m)
    # deep nesting: the MAXSTACK limit
    for n in (50, 150, 199):
        add(f"nest_paren{n}", "x = " + "(" * n + "1" + ")" * n)
    for n in (100, 1000, 1990, 7000):
        add(f"nest_unary{n}", "x = " + "-" * n + "1")
        add(f"nest_not{n}", "x = " + "not " * n + "1")
    add("nest_attr", "x = a" + ".b" * 500)
    add("nest_binop", "x = 1" + " + 1" * 500)
    add("nest_if", "".join("    " * i + "if x:\n" for i in range(99)) + "    " * 99 + "pass\n")
    add("nest_if_deep", "".join(" " * i + "if x:\n" for i in range(101)) + " " * 101 + "pass\n")
    for i, s in enumerate(INVALID):
        add(f"invalid{i}", s)
    return out


def main():
    sys.setrecursionlimit(100000)
    lines = []
    for name, src in cases():
        r = check(src)
        js = json.dumps(src, ensure_ascii=False)
        if r[0] == "ok":
            lines.append("\t".join(["ok", name, js, r[1]]))
        else:
            lines.append("\t".join(["err", name, js] + [str(x) for x in r[1:]]))
    with open(os.path.join(HERE, "corpus.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
