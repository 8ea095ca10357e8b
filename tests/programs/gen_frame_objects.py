# Frame objects: sys._getframe, f_back chains, gi_frame of suspended generators.
import sys
def where():
    f = sys._getframe()
    caller = sys._getframe(1)
    return f.f_code.co_name, caller.f_code.co_name, f.f_back.f_code.co_name, sys._getframe().f_lineno
def outer():
    return where()
print(outer())
top = sys._getframe()
print(top.f_code.co_name, top.f_back, top.f_globals is globals(), top.f_locals is globals())
print(type(top).__name__, top.f_builtins["len"] is len, top.f_lasti >= 0)
def depth():
    n = 0
    f = sys._getframe()
    while f is not None:
        n += 1
        f = f.f_back
    return n
def nested(k):
    return depth() if k == 0 else nested(k - 1)
print(nested(0), nested(3) - nested(0))
def locals_of_caller():
    return sys._getframe(1).f_locals
def has_locals():
    alpha = 1
    beta = "two"
    return locals_of_caller()
print(has_locals())
try:
    sys._getframe(1000)
except ValueError as e:
    print("ValueError:", e)
def g():
    x = 10
    got = yield x
    yield got
it = g()
print(it.gi_frame.f_code.co_name, it.gi_frame.f_lineno == g.__code__.co_firstlineno)
next(it)
fr = it.gi_frame
print(fr.f_locals, fr.f_code is g.__code__, fr.f_back)
it.send("sent")
print(it.gi_frame.f_locals)
for _ in it:
    pass
print(it.gi_frame)
fr.f_trace = print
print(fr.f_trace is print)
