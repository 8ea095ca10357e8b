# Instance attributes and __dict__ of plain classes: values kept inline,
# the dict materialized on demand, replaced, deleted, and the class
# changed, with dict views and iteration over instance dicts.
import copy
import pickle


class P:
    pass


class W:
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3


def show(label, o):
    print(label, sorted(vars(o).items()), len(o.__dict__))


# Plain attribute set / get / delete.
p = P()
p.x = 1
p.y = "two"
print(p.x, p.y, hasattr(p, "z"))
del p.x
print(hasattr(p, "x"), p.__dict__)
try:
    del p.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del p.never
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.missing
except AttributeError as e:
    print("AttributeError:", e)

# Materialize, then keep using both the attributes and the dict.
w = W()
d = w.__dict__
print(d, list(d), list(d.values()), list(d.items()))
w.d = 4
print(d, len(d), "d" in d)
d["e"] = 5
print(w.e, d is w.__dict__)
d.update({"f": 6, "g": 7})
print(w.f, w.g, list(d.keys()))
del w.a
print(d, list(reversed(d)))
del d["b"]
print(hasattr(w, "b"), d)
w.b = 22
print(list(d.items()))
print(d.pop("c"), d.setdefault("h", 8), w.h)
print(d.popitem(), d)
d.clear()
print(d, vars(w))
w.z = 26
print(d, w.z)

# Insertion order through mixed paths.
o = P()
o.k1 = 1
o.__dict__["k2"] = 2
o.k3 = 3
setattr(o, "k4", 4)
print(list(o.__dict__))
del o.k2
o.k2 = 2
print(list(o.__dict__), list(reversed(o.__dict__.items())))

# Views of instance dicts see later changes.
o = W()
keys, values, items = o.__dict__.keys(), o.__dict__.values(), o.__dict__.items()
o.q = 9
print(list(keys), list(values), list(items), len(keys))
print(sorted(keys & {"a", "q", "zz"}), ("q", 9) in items)
try:
    for k in o.__dict__:
        o.new = 1
except RuntimeError as e:
    print("RuntimeError:", e)

# del __dict__ and replacing it.
o = W()
del o.__dict__
print(o.__dict__, hasattr(o, "a"))
o.a = 10
print(o.__dict__)
o = W()
d = o.__dict__
del o.__dict__
print(d, o.__dict__)
d["a"] = 100
print(o.__dict__, hasattr(o, "a"))
o = W()
o.__dict__ = {"n": 1, "a": "new"}
print(o.a, o.n, vars(o))
o.m = 2
print(vars(o))
try:
    o.__dict__ = [1]
except TypeError as e:
    print("TypeError:", e)
shared = {"s": 1}
o1, o2 = P(), P()
o1.__dict__ = shared
o2.__dict__ = shared
o1.t = 2
print(o2.t, shared)

# A dict outliving its instance.
def make():
    w = W()
    w.extra = "x"
    return w.__dict__


d = make()
print(d, len(d))
d["more"] = 1
print(sorted(d))

# Many attributes: past the shared keys.
o = P()
for i in range(100):
    setattr(o, f"a{i}", i)
print(sum(getattr(o, f"a{i}") for i in range(100)), len(o.__dict__), list(o.__dict__)[:3], list(o.__dict__)[-2:])
o2 = P()
o2.a5 = "five"
print(o2.__dict__, o2.a5)
for i in range(0, 100, 2):
    delattr(o, f"a{i}")
print(len(vars(o)), o.a99)

# __class__ assignment moves attributes to the dict.
class A:
    def __init__(self):
        self.x = 1
        self.y = 2


class B:
    def __init__(self):
        self.y = "b"
        self.z = "z"


a = A()
a.__class__ = B
print(type(a).__name__, a.x, a.y, vars(a))
a.z = 3
print(vars(a), B().__dict__)
a.__class__ = A
print(vars(a))

# Non-exact-str names.
class S(str):
    pass


o = W()
setattr(o, S("s1"), 1)
print(o.s1, getattr(o, S("a")), hasattr(o, S("nope")), vars(o))
o = P()
o.__dict__[1] = "int key"
o.k = 2
print(o.__dict__, o.k)

# Subclasses share the base's attribute names only through their own keys.
class Base:
    def __init__(self):
        self.base = 1


class Derived(Base):
    def __init__(self):
        super().__init__()
        self.derived = 2


class WithSlots:
    __slots__ = ("s", "__dict__")


x = Derived()
print(vars(x))
ws = WithSlots()
ws.s = 1
ws.t = 2
print(ws.s, vars(ws))

# Copy, pickle and equality of instance dicts.
w = W()
w.extra = [1, 2]
c = copy.copy(w)
dc = copy.deepcopy(w)
print(vars(c), vars(dc), vars(c) == vars(w), c.extra is w.extra, dc.extra is w.extra)
r = pickle.loads(pickle.dumps(w))
print(type(r).__name__, vars(r))
print(P().__reduce_ex__(2)[2], W().__reduce_ex__(2)[2])
print(w.__dict__ == {"a": 1, "b": 2, "c": 3, "extra": [1, 2]}, repr(w.__dict__))

# Clearing via __init__ (gh-117750).
class C:
    def __init__(self):
        self.__dict__.clear()


c = C()
print(c.__dict__)
c.foo = None
print(c.__dict__)

# Garbage with inline values and cycles.
import gc


class Node:
    pass


n1, n2 = Node(), Node()
n1.other, n2.other = n2, n1
n1.data = list(range(3))
del n1, n2
gc.collect()
n = Node()
n.self = n
d = n.__dict__
del n
gc.collect()
print(sorted(d), d["self"].__class__.__name__)

# A dict shared with another instance keeps the first one's values
# reachable (gh-130327).
to_be_deleted = Node()
to_be_deleted.attr = "whatever"
holds = Node()
holds.__dict__ = to_be_deleted.__dict__
holds.ref = {"circular": to_be_deleted, "data": 42}
del to_be_deleted
gc.collect()
print(holds.ref["data"], holds.attr)
print(gc.is_tracked((1, 2)), gc.is_tracked(([],)))

# Where the attributes live (CPython's test helper).
from _testinternalcapi import has_inline_values as inline

o = W()
states = [inline(o)]
o.__dict__
states.append(inline(o))
o.__dict__.update(x=1, y=2)
states.append(inline(o))
o.__dict__["z"] = 3
states.append(inline(o))
del o.__dict__["z"]
states.append(inline(o))
o = W()
o.__dict__.pop("a")
states.append(inline(o))
o = W()
del o.a
o.__dict__.clear()
states.append(inline(o))
o = W()
o.__class__ = W
states.append(inline(o))
print(states, inline(P()), inline(WithSlots()), inline(1), inline(Derived()))
