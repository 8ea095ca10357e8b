# A finalizer that runs while a frame is being released walks the frames
# with sys._getframe and reads their locals, as warnings.warn does. The
# dying frame must no longer be on the stack: its locals are being
# released (rupy once read them after they were freed and crashed).
import sys

log = []

def stack():
    names = []
    f = sys._getframe(1)
    while f is not None:
        names.append(f.f_code.co_name)
        for v in f.f_locals.values():
            repr(v)
        f = f.f_back
    return names

class Fin:
    def __init__(self, label):
        self.label = label
    def __del__(self):
        log.append((self.label, stack()))

def report(what):
    print(what, log)
    log.clear()

def gen():
    inner = (1, ("a", [2]))
    fin = Fin("generator")
    yield 1
    raise ValueError("from the generator")

def run_gen():
    g = gen()
    next(g)
    try:
        next(g)
    except ValueError as e:
        print("caught", e)

def failing(x):
    inner = (x, ("b", [x]))
    fin = Fin("function")
    raise KeyError(x)

def run_native():
    try:
        list(map(failing, [1]))
    except KeyError as e:
        print("caught", repr(e))

def returning():
    inner = (3, ("c", [4]))
    fin = Fin("returning generator")
    yield 5
    return 6

def run_return():
    print(list(returning()))

def closed():
    inner = (7, ("d", [8]))
    fin = Fin("closed generator")
    try:
        yield 9
    finally:
        print("finally")

def run_closed():
    g = closed()
    next(g)
    g.close()

def callback_through_native(x):
    inner = (x, ("e", [x]))
    fin = Fin("returning function")
    return x * 2

def run_sorted():
    print(sorted([3, 1, 2], key=callback_through_native))

run_gen()
report("after generator raised:")
run_native()
report("after function raised:")
run_return()
report("after generator returned:")
run_closed()
report("after generator closed:")
run_sorted()
report("after key function:")
