# Exception chaining: implicit __context__, explicit __cause__, suppression with from None.
def explicit():
    try:
        int("x")
    except ValueError as e:
        raise RuntimeError("parse failed") from e
def implicit():
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("during handling")
def suppressed():
    try:
        [][1]
    except IndexError:
        raise TypeError("clean") from None
for fn in [explicit, implicit, suppressed]:
    try:
        fn()
    except Exception as e:
        print(fn.__name__, repr(e))
        print("  cause:", repr(e.__cause__), "context:", repr(e.__context__), "suppress:", e.__suppress_context__)
e = ValueError("v")
e2 = e.with_traceback(None)
print(e2 is e, e.__traceback__)
try:
    try:
        raise ValueError("first")
    finally:
        print("finally sees no exception object directly")
except ValueError as v:
    print(v.__context__)
