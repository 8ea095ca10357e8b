# Sets and frozensets (and their subclasses) are weakly referenceable;
# an unhashable set element names its type's full tp_name.
import weakref
s = {1, 2}
r = weakref.ref(s, lambda ref: print("gone"))
print(r() is s)
del s
print(r())
class S(set): pass
t = S([3]); r2 = weakref.ref(t); print(r2() == {3}); del t; print(r2())
f = frozenset([1]); r3 = weakref.ref(f); print(r3() == f)
ws = weakref.WeakSet(); x = {5}; 
try:
    ws.add(x)
except TypeError as e: print(e)
