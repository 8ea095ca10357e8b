# frozenset: immutable and hashable.
f = frozenset([3, 1, 2])
print(f, len(f), 2 in f, sorted(f))
g = f | {4}
print(type(g).__name__, g, type({4} | f).__name__)
print(hash(f) == hash(frozenset([1, 2, 3])), f == {1, 2, 3})
d = {f: "frozen"}
print(d[frozenset({1, 2, 3})])
sets = {frozenset({1}), frozenset({1}), frozenset({2})}
print(len(sets))
try:
    f.add(5)
except AttributeError as e:
    print("AttributeError:", e)
print(frozenset(), frozenset("") == frozenset(), f.union([7]), f.intersection([1, 9]), f - {1})
nested = frozenset([frozenset([1]), frozenset([2, 3])])
print(sorted(sorted(x) for x in nested))
print(f.issubset({1, 2, 3, 4}), f.copy() is f)
