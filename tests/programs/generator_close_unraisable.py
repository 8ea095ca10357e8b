# A generator that ignores GeneratorExit when it is released reports the
# RuntimeError through sys.unraisablehook, with a traceback.
import sys

seen = []
sys.unraisablehook = seen.append


def f():
    try:
        yield
    except GeneratorExit:
        yield "foo!"


g = f()
next(g)
r = repr(g)
del g
u = seen.pop()
print(u.err_msg == f"Exception ignored while closing generator {r}")
print(u.exc_type.__name__, u.exc_value, u.exc_traceback is not None, u.object)
