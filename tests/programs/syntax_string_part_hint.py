# The "Is this intended to be part of the string?" alternative of
# invalid_expression, and what it leaves memoized for the rest of the
# error pass (a call after `STRING +` or `STRING -` gets the generic error).
G = "f(4, x for x in y)"
tests = ["\"a\" - "+G, "\"a\" * "+G, "\"a\" + "+G, "(\"a\" + "+G+")", "\"a\" \"b\" + "+G, "1 + \"a\" + "+G, "\"a\" + 1 + "+G, "print(\"a\" + "+G+")", "\"a\" + f(4 for x in y, 5)", "\"a\" + f(a b)", "x + f(a b)", "print(\"a\" x \"b\")", "\"hello\" world \"x\"", "x = \"a\" f(1) g \"b\"", "\"a\" \"b\" c", "b\"x\" - f(**k, *a)"]
for src in tests:
  try:
    compile(src, "<s>", "exec"); print("ok", src)
  except SyntaxError as e: print(repr(src), "|", e.msg, e.offset, e.end_offset)
src = '# -*- coding: cp437 -*-\n"\u252c\u00f3\u252c\u00f3" + f(4, x for x in range(1))\n'.encode("cp437")
try:
    compile(src, "<s>", "exec")
except SyntaxError as e:
    print(e.msg, e.lineno, e.offset, e.end_offset, repr(e.text))
