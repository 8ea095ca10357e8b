# _queue.SimpleQueue and _queue.Empty: the API, argument errors, the
# growth and shrinking of the ring buffer, subclasses, weak references,
# garbage collection of a queue in a cycle, and put() from a finalizer.
import gc
import queue
import weakref
import _queue
from _queue import Empty, SimpleQueue


def show(f, *args, **kw):
    shown = [a if isinstance(a, (int, float, str)) else type(a).__name__ for a in args]
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(f.__name__, shown, kw, "->", type(e).__name__, e)
    else:
        print(f.__name__, shown, kw, "->", repr(r))


print(queue.SimpleQueue is SimpleQueue, queue.Empty is Empty)
print(Empty.__mro__, Empty.__module__, Empty.__doc__)
print(SimpleQueue.__doc__, SimpleQueue.__module__, SimpleQueue.__qualname__)
print(_queue.__doc__)
for name in ["empty", "get", "get_nowait", "put", "put_nowait", "qsize"]:
    print(name, getattr(SimpleQueue, name).__text_signature__)
print(SimpleQueue[int], type(SimpleQueue[int]).__name__)

q = SimpleQueue()
print(q.empty(), q.qsize())
for i in range(100):
    q.put(i)
print(q.empty(), q.qsize(), [q.get() for _ in range(60)], q.qsize())
q.put_nowait("a")
q.put(item="b", block=False, timeout=-5)
print([q.get_nowait() for _ in range(q.qsize())][-3:], q.empty())
show(q.get, block=False)
show(q.get, False, -1)
show(q.get, timeout=0)
show(q.get, timeout=0.01)
show(q.get_nowait)
show(q.get, timeout=-1)
show(q.get, timeout=-0.5)
show(q.get, timeout="x")
show(q.get, timeout=float("nan"))
show(q.get, timeout=1e300)
show(q.get, timeout=10**30)
show(q.get, 1, 2, 3)
show(q.get, foo=1)
show(q.get, timout=1)
show(q.get, True, block=True, timout=1)
show(q.put)
show(q.put, 1, 2, 3, 4)
show(q.put, 1, item=2)
show(q.put_nowait, 1, 2)
show(q.put_nowait, x=1)
show(q.empty, 1)
show(q.qsize, 1)
show(SimpleQueue, 1)
show(SimpleQueue, x=1)


class BoolFails:
    def __bool__(self):
        raise ValueError("no truth")


show(q.get, BoolFails())
show(q.put, 1, BoolFails())
print(q.qsize())
e = Empty("why")
print(repr(e), isinstance(e, Exception))

# FIFO order across growth, wrap-around and shrinking.
q = SimpleQueue()
out = []
for round_ in range(5):
    for i in range(37):
        q.put((round_, i))
    for _ in range(30):
        out.append(q.get())
while not q.empty():
    out.append(q.get())
print(out == [(r, i) for r in range(5) for i in range(37)], len(out))


class MyQueue(SimpleQueue):
    def __init__(self, items):
        super().__init__()
        for x in items:
            self.put(x)


m = MyQueue("abc")
print(type(m).__name__, m.qsize(), m.get(), isinstance(m, SimpleQueue))


class Bare(SimpleQueue):
    pass


show(Bare, 1)
b = Bare()
b.attr = 5
print(b.attr, b.qsize())

w = weakref.ref(q)
print(w() is q)
del q
gc.collect()
print(w())


class Obj:
    pass


q = SimpleQueue()
o = Obj()
r = weakref.ref(o)
q.put(o)
del o
print(r() is not None)
q.get()
gc.collect()
print(r())

# A queue that holds itself (through an item) is collected.
q = SimpleQueue()
holder = Obj()
holder.q = q
q.put(holder)
q.put(q)
wq = weakref.ref(q)
del q, holder
gc.collect()
print("cycle collected", wq() is None)

# put() from a finalizer that the collector runs.
q = SimpleQueue()


class Circular:
    def __init__(self):
        self.me = self

    def __del__(self):
        q.put("from __del__")


Circular()
gc.collect()
print(q.get_nowait())
