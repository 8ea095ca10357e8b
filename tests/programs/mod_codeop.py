# codeop: compile() with PyCF_ALLOW_INCOMPLETE_INPUT and PyCF_DONT_IMPLY_DEDENT
# tells complete, incomplete and invalid source apart.
import codeop
sources = ["def f():", "def f():\n  return 3", "def f():\n  return 3\n", "x = (1,", "1+1",
           "if 1:\n  pass\nelse:", "a b", '"""abc', "'abc", "x=1;", "if 1:\n  x", "if 1:\n  x\n",
           "if 1:\n  x\n\n", "@d", "\\", "", "# c", "class A:\n  def f(self):\n    pass\n",
           "for i in x:\n  if i:\n    pass\n  else:\n", "x = [1,\n2,", 'f"{x', "1 +", "lambda:", "(]"]
for s in sources:
    try:
        r = codeop.compile_command(s)
        print(repr(s), None if r is None else type(r).__name__)
    except SyntaxError as e:
        print(repr(s), type(e).__name__, e.msg)
c = codeop.CommandCompiler()
print(type(c("from __future__ import annotations")).__name__, c("def f(x: y): pass\n") is not None, c("x: y = 1\n") is not None)
try:
    compile("x = (1,", "<s>", "single", 0x4000)
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.lineno, e.offset)
print(issubclass(_IncompleteInputError, SyntaxError))
print(compile("assert 0", "s", "exec", optimize=1).co_consts, compile('"""doc"""\nx=1', "s", "exec", optimize=2).co_consts)
import code
con = code.InteractiveConsole()
print(con.push("def h():"), con.push("    return 42"), con.push(""), con.push("h()"))
