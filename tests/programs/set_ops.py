# Sets of small ints (deterministic order): operators and methods.
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([9]), a.intersection(b, {4}), a.difference(b, {1}), a.symmetric_difference(range(3)))
print({1, 2} <= a, {1, 2} < a, a <= a, a < a, a >= {1}, a.issubset(range(10)), a.issuperset([1, 2]))
print(a.isdisjoint({7, 8}), a.isdisjoint(b), 3 in a, 7 not in a, len(a))
s = set()
s.add(3); s.add(1); s.add(3)
print(s, sorted(s))
s.update([5, 6], (7,))
s.discard(100); s.discard(5)
s.remove(6)
print(s)
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
c = a.copy()
c &= {1, 2, 10}
print(c)
c |= {20}
c -= {1}
c ^= {2, 30}
print(sorted(c))
print(set("abca") == {"a", "b", "c"}, set([1, 1, 2]), {x % 3 for x in range(10)})
while c:
    c.pop()
print(c, set() == frozenset(), {1, 2} == {2, 1}, {1.0, 1, True})
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {[1]}
except TypeError as e:
    print("TypeError:", e)
