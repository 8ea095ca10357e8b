# dict methods and insertion ordering.
d = {"b": 2, "a": 1}
d["c"] = 3
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.get("a"), d.get("z"), d.get("z", 0), d.setdefault("d", 4), d.setdefault("a", 100), d)
print(d.pop("b"), d.pop("zz", "default"), d)
print(d.popitem(), d)
d.update({"x": 9}, y=10)
d.update([("z", 11)])
print(d)
e = d.copy()
e["a"] = -1
print(d["a"], e["a"], len(e))
del e["x"]
print(e, "x" in e, "a" in e)
try:
    e["nope"]
except KeyError as ex:
    print("KeyError:", ex)
try:
    {}.popitem()
except KeyError as ex:
    print("KeyError:", ex)
print(dict.fromkeys([1, 2, 3]), dict.fromkeys("ab", []), dict(a=1, b=2), dict([(1, 2), (3, 4)]))
d2 = {1: "a"}
d2[1.0] = "b"
d2[True] = "c"
print(d2)
e.clear()
print(e, {} == dict(), {1: 2} == {1: 2.0})
print({"a": 1} | {"b": 2, "a": 3})
m = {"k": 1}
m |= {"k": 2, "j": 3}
print(m)
