# Frame objects of running frames: the same object for the same frame,
# f_locals / f_lineno / f_back read from the running frame (a frame object
# does not keep locals alive that the frame has deleted), the final values
# kept once the frame has returned, clear() refused while it runs.
import sys

class Fin:
    def __init__(self, label):
        self.label = label
    def __del__(self):
        print("finalized", self.label)

def holder():
    # A frame object of a running frame does not keep its locals alive.
    f = sys._getframe()
    x = Fin("x")
    print("locals while running:", sorted(f.f_locals))
    del x
    print("after del:", sorted(f.f_locals))
    print("same object:", sys._getframe() is f)
    print("f_back:", f.f_back.f_code.co_name)
    line = f.f_lineno
    print("lineno moves:", f.f_lineno > line)
    try:
        f.clear()
    except RuntimeError as e:
        print("clear:", e)
    y = [1, 2]
    return f

f = holder()
print("after return:", sorted(f.f_locals), f.f_locals["y"])
print("back after return:", f.f_back.f_code.co_name)
print("lineno after return:", f.f_lineno)
f.clear()
print("after clear:", f.f_locals)

def caller_view():
    return sys._getframe(1)

def outer():
    a = 1
    fr = caller_view()
    print("caller locals:", sorted(fr.f_locals), fr is sys._getframe())
    a = 2
    print("updated:", fr.f_locals["a"])
outer()

def gen():
    f = sys._getframe()
    yield f.f_code.co_name
    yield sorted(f.f_locals)
g = gen()
print(next(g), next(g))

def kept_alive():
    t = (1, (2, 3))
    return sys._getframe()
fr = kept_alive()
print("kept:", fr.f_locals["t"])
del fr

import gc, weakref
class Big:
    pass
def own_frame_in_local():
    f = sys._getframe()
    b = Big()
    global wr
    wr = weakref.ref(b)
own_frame_in_local()
gc.collect()
print("own frame object in a local keeps nothing alive:", wr() is None)
def returned_frame():
    f = sys._getframe()
    b = Big()
    global wr2
    wr2 = weakref.ref(b)
    return f
r = returned_frame()
gc.collect()
print("a returned frame keeps its locals:", wr2() is not None, sorted(r.f_locals))
