# __context__ when raising: a preset context is replaced, cycles are cut,
# re-raising the handled exception does not chain it to itself.
def show(e):
    c = e.__context__
    print(type(e).__name__, "ctx:", type(c).__name__ if c else None, "cause:", e.__cause__, e.__suppress_context__)
try:
    try:
        raise ValueError("a")
    except ValueError as a:
        e = KeyError("k")
        e.__context__ = TypeError("preset")
        raise e
except KeyError as k:
    show(k)
# cycle breaking
try:
    try:
        raise ValueError("a")
    except ValueError as a:
        try:
            raise TypeError("b")
        except TypeError as b:
            raise a
except ValueError as v:
    show(v); show(v.__context__)
# re-raise the handled exception object: no self-context
try:
    try:
        raise ValueError("x")
    except ValueError as x:
        raise x
except ValueError as v:
    show(v)
# raise in finally
try:
    try:
        raise ValueError("in try")
    finally:
        raise KeyError("in finally")
except KeyError as k:
    show(k)
# exception in except clause of generator
def g():
    try:
        yield 1
        raise ValueError("g")
    except ValueError:
        raise RuntimeError("r")
try:
    list(g())
except RuntimeError as r:
    show(r)
# from with a class
try:
    raise ValueError from KeyError
except ValueError as v:
    show(v)
try:
    raise ValueError("v") from None
except ValueError as v:
    show(v)
import sys
try:
    raise ValueError("exc_info")
except ValueError:
    print(sys.exc_info()[0].__name__, type(sys.exception()).__name__)
print(sys.exception())
