# An LRU cache built on OrderedDict, compared with functools.lru_cache.
from collections import OrderedDict
import functools
class LRU:
    def __init__(self, cap):
        self.cap, self.d = cap, OrderedDict()
        self.hits = self.misses = 0
    def get(self, k):
        if k in self.d:
            self.d.move_to_end(k)
            self.hits += 1
            return self.d[k]
        self.misses += 1
        return None
    def put(self, k, v):
        self.d[k] = v
        self.d.move_to_end(k)
        if len(self.d) > self.cap:
            print("  evict", self.d.popitem(last=False))
c = LRU(3)
for k in "abcadeab":
    if c.get(k) is None:
        c.put(k, k.upper())
print(list(c.d.items()), c.hits, c.misses)
@functools.lru_cache(maxsize=2)
def sq(x):
    print("  computing", x)
    return x * x
for x in [1, 2, 1, 3, 2, 1]:
    sq(x)
print(sq.cache_info())
sq.cache_clear()
print(sq.cache_info())
@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(200), fib.cache_info().currsize)
