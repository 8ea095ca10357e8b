# Builtin iterators, sets, ranges, templates and builtin functions pickle
# as in CPython: __reduce__ gives iter()/reversed() of the remaining
# items, __setstate__ restores the position (clipped).
import copy
import pickle

for proto in (0, 2, 5):
    cases = [
        iter([1, 2, 3]), reversed([1, 2, 3]), iter((1, 2)), iter({1: 2, 3: 4}),
        iter({1: 2, 5: 6}.items()), reversed({1: 2, 3: 4}.values()), iter({5, 6}),
        iter(range(5)), iter(range(2**65, 2**65 + 3)), iter("abc"), iter("äbc"),
        iter(b"ab"), iter(bytearray(b"xy")), enumerate("ab", 3), reversed("abc"),
        map(abs, [-1, 2]), filter(None, [0, 1, 2]), zip([1, 2], [3, 4]),
    ]
    for it in cases:
        next(it)
        print(proto, type(it).__name__, list(pickle.loads(pickle.dumps(it, proto))))
    print(pickle.loads(pickle.dumps({1, 2, 3}, proto)), pickle.loads(pickle.dumps(frozenset({4}), proto)))
    print(pickle.loads(pickle.dumps(range(1, 9, 2), proto)), pickle.loads(pickle.dumps(len, proto)))
    t = t"a{1+1}b{'x'!r:>3}"
    print(pickle.loads(pickle.dumps(t, proto)))
    print(pickle.loads(pickle.dumps(t.interpolations[1], proto)))

z = zip([1], [2], strict=True)
print(z.__reduce__()[2], list(pickle.loads(pickle.dumps(z))))
print(copy.deepcopy({1, (2, 3)}))


class S(set):
    pass


s = S([1])
s.x = 5
c = copy.deepcopy(s)
print(type(c).__name__, c, c.x)
print(iter([]).__reduce__(), iter(range(3)).__reduce__())
done = iter([1])
list(done)
print(done.__reduce__(), iter(()).__reduce__())
for it, state in ((iter([1, 2, 3]), 10), (reversed([1, 2, 3]), -5), (iter("abc"), 1), (iter(range(10)), 7)):
    it.__setstate__(state)
    print(list(it))
for bad in (1.0, ""):
    for it in (iter(range(10, 100, 2)), iter(range(10, 2**65, 2)), iter([1])):
        try:
            it.__setstate__(bad)
        except TypeError as e:
            print(type(it).__name__, e)
