# copy: shallow vs deep copies, __copy__/__deepcopy__, recursive structures.
import copy
a = [1, [2, 3], {"k": [4]}]
s = copy.copy(a)
d = copy.deepcopy(a)
a[1].append(99)
a[2]["k"].append(5)
print(a, s, d)
print(s[1] is a[1], d[1] is a[1])
r = [1]
r.append(r)
rc = copy.deepcopy(r)
print(rc[1] is rc, rc is not r)
class Thing:
    def __init__(self):
        self.items = [1]
    def __copy__(self):
        print("  __copy__ called")
        t = Thing()
        t.items = self.items
        return t
    def __deepcopy__(self, memo):
        print("  __deepcopy__ called")
        t = Thing()
        t.items = copy.deepcopy(self.items, memo)
        return t
t = Thing()
print(copy.copy(t).items is t.items, copy.deepcopy(t).items is t.items)
t12 = (1, 2)
print(copy.copy(t12) is t12, copy.deepcopy("s"), copy.copy({1, 2}))
shared = [0]
pair = [shared, shared]
dp = copy.deepcopy(pair)
print(dp[0] is dp[1])
from collections import namedtuple
Pt = namedtuple("Pt", "x y")
print(copy.replace(Pt(1, 2), y=5))
