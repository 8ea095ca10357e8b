# Set algebra on tuples and strings, printed sorted for determinism.
edges = {(1, 2), (2, 3), (3, 1), (3, 4)}
rev = {(b, a) for a, b in edges}
print(sorted(edges | rev), sorted(edges & rev))
nodes = {n for e in edges for n in e}
print(sorted(nodes), len(nodes))
a = set("mississippi")
b = set("missouri")
print(sorted(a), sorted(b), sorted(a & b), sorted(a | b), sorted(a - b), sorted(a ^ b))
s = {frozenset({1, 2}), frozenset({2, 1}), frozenset({3})}
print(len(s), sorted(map(sorted, s)))
print({1, 2, 3} > {1, 2}, {1, 2} <= {1, 2}, {1}.union(), set().issubset(set()))
primes = {2, 3, 5, 7, 11, 13}
odds = set(range(1, 15, 2))
print(sorted(primes - odds), sorted(odds - primes), sorted(primes.symmetric_difference(odds)))
c = {3, 1, 2}
c.intersection_update({1, 2, 9})
c.difference_update({1})
c.symmetric_difference_update({5})
print(sorted(c))
print(sorted({x ** 2 % 10 for x in range(100)}), {None} | {0} == {0, None})
