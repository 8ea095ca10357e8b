# Iterators are single-pass; iterables are not. Exhaustion, reuse, and chaining.
it = iter([1, 2, 3])
print(list(it), list(it))
gen = (x for x in range(3))
print(sum(gen), sum(gen))
m = map(str, [1, 2])
print(list(m), list(m))
z = zip([1, 2], "ab")
print(dict(z), dict(z))
lst = [1, 2, 3]
print(list(lst), list(lst))
it = iter(lst)
print(3 in it, list(it))
it = iter(range(10))
print(4 in it, next(it), list(it))
r = reversed([1, 2, 3])
print(next(r), list(r), list(r))
e = enumerate("ab")
print(iter(e) is e, list(e), list(e))
import itertools
a, b = itertools.tee(iter("xyz"))
print(next(a), list(b), list(a))
class Reusable:
    def __iter__(self):
        yield from (1, 2)
obj = Reusable()
print(list(obj), list(obj), iter(obj) is not iter(obj))
d = {"a": 1}
di = iter(d)
print(next(di), next(di, "exhausted"))
