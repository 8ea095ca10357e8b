# weakref: references, callbacks, WeakValueDictionary, finalize.
import weakref
class Obj:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return f"Obj({self.n})"
o = Obj(1)
r = weakref.ref(o, lambda ref: print("callback: referent gone"))
print(r(), r() is o)
del o
print(r())
cache = weakref.WeakValueDictionary()
a, b = Obj("a"), Obj("b")
cache["a"], cache["b"] = a, b
print(sorted(cache.keys()))
del a
print(sorted(cache.keys()))
c = Obj("c")
weakref.finalize(c, print, "finalizer for c")
del c
print("after c")
p = weakref.proxy(b)
print(p.n)
del b
try:
    p.n
except ReferenceError as e:
    print("ReferenceError:", e)
try:
    weakref.ref(5)
except TypeError as e:
    print("TypeError:", e)
