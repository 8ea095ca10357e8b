# Insertion order, overwrites, deletion and re-insertion, hashable keys.
d = {}
for w in "the quick brown fox jumps over the lazy dog".split():
    d[w] = d.get(w, 0) + 1
print(d)
del d["quick"]
d["quick"] = 1
print(list(d))
d["the"] = 100
print(list(d)[:2])
keys = {(1, 2): "tuple", 3: "int", "s": "str", None: "none", frozenset({1}): "fs", 2.5: "float", b"b": "bytes"}
for k, v in keys.items():
    print(repr(k), v)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
class K:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return self.n % 3
    def __eq__(self, other):
        return isinstance(other, K) and self.n == other.n
    def __repr__(self):
        return f"K({self.n})"
kd = {K(i): i for i in range(6)}
print(kd, kd[K(4)], K(7) in kd)
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), sum(big), list(big)[:5], big[999])
