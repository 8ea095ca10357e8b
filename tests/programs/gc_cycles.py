# The cycle collector: cycles through instances, containers, closures,
# generators, classes and exceptions are freed; __del__ runs once (PEP
# 442), resurrection keeps an object alive, weakref callbacks run for
# live weakrefs only, gc.get_referents/get_referrers/is_tracked answer.
import gc, weakref

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

def dead(ref):
    return ref() is None

gc.collect()

# Two instances referring to each other.
a, b = Node("a"), Node("b")
a.other, b.other = b, a
wa = weakref.ref(a)
del a, b
print("pair collected:", gc.collect() > 0, dead(wa))

# A list containing itself, a dict containing itself.
l = [1, 2]; l.append(l)
d = {}; d["self"] = d
wl = [weakref.ref(Node("x"))]
l.append(wl)
del l, d
print("self containers:", gc.collect() > 0)

# A closure cycle: a nested function referring to itself through its cell.
def make():
    def rec(n):
        return 0 if n == 0 else rec(n - 1)
    return weakref.ref(rec), rec(3)
wf, v = make()
gc.collect()
print("closure:", dead(wf), v)

# Finalizers run once, before the cycle is broken.
log = []
class Fin:
    def __init__(self, tag):
        self.tag = tag
        self.me = self
    def __del__(self):
        log.append((self.tag, self.me is self))
Fin("f1"); Fin("f2")
gc.collect()
print("finalized:", sorted(log))

# Resurrection: __del__ stores the object; it survives, and is not
# finalized a second time when it becomes garbage again.
saved = []
class Phoenix:
    def __init__(self):
        self.me = self
    def __del__(self):
        saved.append(self)
Phoenix()
gc.collect()
print("resurrected:", len(saved), saved[0].me is saved[0], gc.is_finalized(saved[0]))
saved.clear()
gc.collect()
print("second death, no second __del__:", len(saved))

# Weakref callbacks: called for a live weakref, not for one in the garbage.
calls = []
class Obj:
    pass
o = Obj(); o.self = o
keep = weakref.ref(o, lambda r: calls.append("live"))
o.wr = weakref.ref(o, lambda r: calls.append("garbage"))
del o
gc.collect()
print("callbacks:", calls, keep() is None)

# A generator suspended in a cycle is closed (its finally runs).
def gen(box):
    try:
        yield 1
        yield 2
    finally:
        print("generator closed")
box = Obj()
g = gen(box)
next(g)
box.g = g
del g, box
gc.collect()

# A class created in a function is freed with its instances.
def make_class():
    class Local:
        pass
    inst = Local()
    inst.cls = Local
    return weakref.ref(Local)
wc = make_class()
gc.collect()
print("local class:", dead(wc))

# Exceptions referring to themselves through __context__-like attributes.
try:
    raise ValueError("boom")
except ValueError as e:
    e.again = e
    holder = Obj(); holder.e = e
    wh = weakref.ref(holder)
    e.holder = holder
del holder
gc.collect()
print("exception cycle:", dead(wh))

# Introspection.
x = [1, "two"]
y = {"k": x}
print("referents:", gc.get_referents(y) == [x], gc.get_referents([None]) == [None])
print("referrers:", any(r is y for r in gc.get_referrers(x)))
print("tracked:", gc.is_tracked([]), gc.is_tracked({}), gc.is_tracked(Obj()), gc.is_tracked(1), gc.is_tracked("s"))
print("get_objects has x:", any(o is x for o in gc.get_objects()))

# DEBUG_SAVEALL keeps the garbage in gc.garbage instead of freeing it.
gc.set_debug(gc.DEBUG_SAVEALL)
z = Obj(); z.z = z
del z
gc.collect()
print("saved garbage:", any(type(o) is Obj for o in gc.garbage))
gc.set_debug(0)
gc.garbage.clear()

# Callbacks see start and stop.
phases = []
def cb(phase, info):
    phases.append((phase, sorted(info)))
gc.callbacks.append(cb)
gc.collect()
gc.callbacks.remove(cb)
print("callbacks phases:", phases)

# Thresholds and enable/disable.
gc.disable()
print("enabled:", gc.isenabled())
gc.enable()
print("enabled:", gc.isenabled(), gc.get_threshold()[0])

# A loop making cycles runs in bounded memory with automatic collection.
before = len(gc.get_objects())
for i in range(100000):
    n = Node(i); n.other = n
after = len(gc.get_objects())
print("bounded:", after - before < 20000)
