# types.MappingProxyType and type.__dict__: a live read-only view of a
# mapping, and dict views' .mapping.
import types
d = {1: 2}
m = types.MappingProxyType(d)
d[3] = 4
print(m, len(m), m[1], 3 in m, list(m), m.get(9, 'x'), m.keys(), m.copy(), m | {5: 6}, list(reversed(m)))
print(type(int.__dict__).__name__, int.__dict__['__add__'], 'real' in int.__dict__)
for bad in ([1], (1,), 5):
    try: types.MappingProxyType(bad)
    except TypeError as e: print(e)
try: m[1] = 3
except TypeError as e: print(e)
try: m |= {}
except TypeError as e: print(e)
print(d.keys().mapping, d.items().mapping == d)
class A: x = 1
print(A.__dict__['x'], type(A.__dict__))
print(repr(types.MappingProxyType({})), m == d)
