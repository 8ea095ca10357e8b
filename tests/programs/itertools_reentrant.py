# itertools iterators re-entered from their source, key function or
# __eq__, used from two threads, subclassed and weakly referenced.
import itertools, threading, weakref, gc, copy, operator
from itertools import pairwise, groupby, tee, islice


def pairwise_check(reenter_at):
    class I:
        count = 0
        def __iter__(self):
            return self
        def __next__(self):
            self.count += 1
            if self.count in reenter_at:
                return next(it)
            if self.count > 8:
                raise StopIteration
            return [self.count]
    it = pairwise(I())
    return list(it)

for at in ({1}, {2}, {3}, {1, 2}, {1, 4}, {2, 3}):
    print("pairwise", sorted(at), pairwise_check(at))


class Key:
    def __init__(self, adv):
        self.adv = adv
    def __eq__(self, other):
        if self.adv:
            self.adv = False
            next(g, None)
            return NotImplemented
        return False

def keys():
    yield Key(True)
    while True:
        yield Key(False)

g = groupby([None, 1, 2], keys().send)
print("groupby reentrant", [type(k).__name__ for k, _ in g])

def f(n):
    if n == 5:
        print("inner group", list(b))
    return n != 6
for k, b in groupby(range(10), f):
    print("group", k, list(b))

# A stale grouper stops.
g = groupby("aabbc")
k1, g1 = next(g)
k2, g2 = next(g)
print("stale", k1, list(g1), k2, list(g2))

# tee re-entered from its source.
class TI:
    first = True
    def __iter__(self):
        return self
    def __next__(self):
        first, self.first = self.first, False
        if first:
            return next(b)
a, b = tee(TI())
try:
    next(a)
except RuntimeError as e:
    print("RuntimeError", e)

# tee read from two threads: the second reader is refused.
start = threading.Event()
finish = threading.Event()
class Slow:
    def __iter__(self):
        return self
    def __next__(self):
        start.set()
        finish.wait()
        return 1
a, b = tee(Slow())
t = threading.Thread(target=next, args=[a])
t.start()
start.wait()
try:
    next(b)
except RuntimeError as e:
    print("concurrent RuntimeError", e)
finally:
    finish.set()
    t.join()
print("after", next(b))

# tee objects: independent copies, constructor, weak references.
a, b = tee("abc")
c, d = tee(a)
print("distinct", len({a, b, c, d}))
t1, t2 = tee("abc")
t3 = type(t1)(t1)
print(list(t1), list(t2), list(t3))
a, b = tee(range(5))
next(a)
print(list(copy.copy(a)), list(b))
p = weakref.proxy(a)
print(p.__class__.__name__)
del a
gc.collect()
try:
    p.__class__
except ReferenceError as e:
    print("ReferenceError", e)
try:
    class Sub(type(b)):
        pass
except TypeError as e:
    print("TypeError", e)

# Subclasses and keyword arguments.
cases = [
    (itertools.repeat, (1, 2)),
    (itertools.filterfalse, (None, [0, 1])),
    (itertools.chain, ([1, 2], [3, 4])),
    (itertools.starmap, (operator.pow, ((2, 3), (3, 2)))),
    (itertools.islice, ([1, 2, 3, 4], 1, 3)),
    (itertools.takewhile, (lambda x: x % 2 == 0, [2, 3, 4])),
    (itertools.dropwhile, (lambda x: x % 2 == 0, [2, 3, 4])),
    (itertools.cycle, ([1, 2],)),
    (itertools.compress, ("ABC", [1, 0, 1])),
    (filter, (None, [0, 1])),
]
for cls, args in cases:
    class S(cls):
        pass
    u = S(*args)
    print(cls.__name__, type(u) is S, list(islice(u, 0, 3)))
    try:
        S(*args, newarg=3)
    except TypeError as e:
        print("  TypeError", e)
    if cls in (itertools.repeat, itertools.compress):
        continue
    class SI(cls):
        def __init__(self, *args, newarg=None):
            self.newarg = newarg
    u = SI(*args, newarg=3)
    print("  with __init__", list(islice(u, 0, 3)), u.newarg)
class C(itertools.chain):
    pass
print(type(C.from_iterable([[1], [2]])).__name__)
