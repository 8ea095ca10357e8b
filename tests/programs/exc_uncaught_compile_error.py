# An uncaught SyntaxError raised by compile() at run time.
compile("x = (1,\n  2", "snippet.py", "exec")
