# SyntaxErrors raised by compile() can be caught and inspected.
cases = ["x = = 1", "def f(:\n  pass", "if True\n  pass", "return 5", "f(**x, *y)", "a = (1, 2", "x := 5",
         "print 'hi'", "del f()", "1 = x", "for x in range(3):\npass", "'unterminated", "nonlocal q", "x = 1 +* 2"]
for src in cases:
    try:
        compile(src, "<case>", "exec")
        print(repr(src), "compiled")
    except SyntaxError as e:
        print(repr(src), "->", type(e).__name__, repr(e.msg), e.lineno, e.offset)
