# dict subclasses: __missing__, overriding __setitem__ is bypassed by update(), and OrderedDict equality.
class Counter0(dict):
    def __missing__(self, k):
        return 0
c = Counter0()
for ch in "hello":
    c[ch] = c[ch] + 1
print(c, c["z"], "z" in c)
class Loud(dict):
    def __setitem__(self, k, v):
        print("setitem", k)
        super().__setitem__(k, v)
l = Loud()
l["a"] = 1
l.update(b=2)
l.setdefault("c", 3)
dict.__setitem__(l, "d", 4)
print(l)
from collections import OrderedDict, UserDict
class Upper(UserDict):
    def __setitem__(self, k, v):
        super().__setitem__(k.upper(), v)
u = Upper(a=1)
u.update(b=2)
print(u, u.data)
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == {"b": 2, "a": 1})
