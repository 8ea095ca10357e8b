# dict views: live, set-like operations, reversed.
d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
d["d"] = 4
print(list(k), list(v), list(it), len(k))
print(k & {"a", "z"}, k - {"a"} == {"b", "c", "d"}, sorted(k | {"x"}), k ^ {"a", "q"} == {"b", "c", "d", "q"})
print(("a", 1) in it, ("a", 2) in it, 3 in v, "a" in k)
print(list(reversed(d)), list(reversed(d.values())), list(reversed(d.items())))
print(k.isdisjoint({"x"}), k == {"a", "b", "c", "d"}, it >= {("a", 1)})
print(type(k).__name__, type(v).__name__, type(it).__name__)
try:
    for key in d:
        d["new" + key] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
x = {1: 1}
try:
    for key in x:
        del x[key]
        x[key + 1] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
print(d.keys() == d.keys(), v == v)
print(repr(d.keys())[:30], sorted(d.items())[-1])
