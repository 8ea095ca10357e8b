# functools: reduce, partial, partialmethod, singledispatch, cmp_to_key, cached_property.
import functools
import operator
print(functools.reduce(operator.add, range(10)), functools.reduce(lambda a, b: a * b, [1, 2, 3, 4], 10))
try:
    functools.reduce(operator.add, [])
except TypeError as e:
    print("TypeError:", e)
base2 = functools.partial(int, base=2)
print(base2("1010"), base2.func is int, base2.keywords, functools.partial(max, 5)(3, 9))
@functools.singledispatch
def show(x):
    return f"object {x!r}"
@show.register
def _(x: int):
    return f"int {x}"
@show.register(list)
def _(x):
    return f"list of {len(x)}"
print(show(3), show([1, 2]), show("s"), show(True))
def cmp(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a > b) - (a < b)
print(sorted(["ccc", "a", "bb", "aa"], key=functools.cmp_to_key(cmp)))
class Data:
    def __init__(self, n):
        self.n = n
    @functools.cached_property
    def total(self):
        print("  computing total")
        return sum(range(self.n))
    def scale(self, k, v):
        return k * v
    triple = functools.partialmethod(scale, 3)
d = Data(10)
print(d.total, d.total, d.triple(5))
del d.total
print(d.total)
