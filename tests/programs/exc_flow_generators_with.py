# Exceptions through generators (throw), with-statements, finally, builtins and except*.
# generator and with-statement interplay
def gen():
    try:
        yield 1
    except ValueError as e:
        print("gen caught", repr(e), repr(e.__context__))
        yield 2
g = gen()
next(g)
try:
    raise KeyError("outer")
except KeyError:
    print(g.throw(ValueError("thrown")))
class CM:
    def __enter__(self): return self
    def __exit__(self, t, v, tb):
        print("exit", t.__name__ if t else None, v, type(tb).__name__)
        return True
with CM():
    raise OSError(2, "nope", "f")
print("after with")
def f():
    try:
        return 1 / 0
    except ZeroDivisionError as e:
        raise ValueError("converted") from e
try:
    f()
except ValueError as e:
    print(repr(e.__cause__), e.__suppress_context__, e.__traceback__.tb_next.tb_lineno)
try:
    try:
        raise TypeError("inner")
    finally:
        print("finally runs")
except TypeError as e:
    print("caught", e)
try:
    int("x")
except ValueError as e:
    print(e.args)
try:
    [].pop()
except IndexError as e:
    print(repr(e))
try:
    {}.pop("k")
except KeyError as e:
    print(repr(e), str(e))
def rec(n):
    return rec(n + 1)
try:
    rec(0)
except RecursionError as e:
    print("RecursionError", str(e)[:40])
import sys
try:
    sys.exit("bye")
except SystemExit as e:
    print(repr(e), e.code, e.args)
e = ExceptionGroup("eg", [ValueError(1)])
try:
    raise e
except* ValueError as g:
    print(repr(g), g is e)
