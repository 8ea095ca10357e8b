# input(): prompt to sys.stdout, line from sys.stdin.readline() (str or bytes), EOFError, lost streams.
import sys, io
sys.stdin = io.StringIO("abc\nlast")
print(repr(input("p1: ")), repr(input()))
try: input()
except EOFError as e: print("EOF", e)
class R:
    def readline(self): return b"xy\n"
sys.stdin = R(); print(repr(input(42)))
class R2:
    def readline(self): return 5
sys.stdin = R2()
try: input()
except TypeError as e: print(e)
sys.stdin = None
try: input()
except RuntimeError as e: print(e)
del sys.stdout
try: input()
except RuntimeError as e: print(e, file=sys.stderr)
