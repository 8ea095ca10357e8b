# threading.local: a thread's attributes are freed when the thread exits,
# a local in a reference cycle is collected, and locals take weak
# references (Modules/_threadmodule.c: localobject).
import gc
import threading
import weakref


class Obj:
    pass


local = threading.local()
refs = []


def worker():
    o = Obj()
    local.value = o
    refs.append(weakref.ref(o))


for _ in range(20):
    t = threading.Thread(target=worker)
    t.start()
    t.join()
gc.collect()
print("dead after exit:", sum(r() is None for r in refs), "of", len(refs))

local.value = "main"
print(local.value, hasattr(local, "missing"))


class X:
    pass


x = X()
x.local = threading.local()
x.local.x = x
wr = weakref.ref(x)
lr = weakref.ref(x.local)
del x
gc.collect()
print("cycle collected:", wr() is None, lr() is None)


class Sub(threading.local):
    def __init__(self, n):
        self.n = n
        self.seen = threading.current_thread().name


s = Sub(5)
out = []
t = threading.Thread(target=lambda: out.append((s.n, s.seen)), name="other")
t.start()
t.join()
print(out, s.seen)
