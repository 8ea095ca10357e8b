# Implementing collections.abc.Sequence / MutableMapping gets mixin methods for free.
from collections.abc import Sequence, MutableMapping
class Squares(Sequence):
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return i * i
s = Squares(6)
print(list(s), s[-1], s[1:4], 16 in s, s.index(9), s.count(4), list(reversed(s)))
class Registry(MutableMapping):
    def __init__(self):
        self._d = {}
    def __getitem__(self, k):
        return self._d[k.lower()]
    def __setitem__(self, k, v):
        self._d[k.lower()] = v
    def __delitem__(self, k):
        del self._d[k.lower()]
    def __iter__(self):
        return iter(self._d)
    def __len__(self):
        return len(self._d)
r = Registry()
r["A"] = 1
r.update({"B": 2}, C=3)
print(dict(r), r.get("a"), r.pop("b"), r.setdefault("D", 4), "c" in r, len(r), sorted(r.items()))
