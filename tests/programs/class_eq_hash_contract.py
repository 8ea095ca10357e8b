# The __eq__/__hash__ contract: defining __eq__ removes __hash__, inheritance, and dict/set behaviour.
class OnlyEq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
print(OnlyEq.__hash__ is None)
try:
    {OnlyEq(1)}
except TypeError as e:
    print("TypeError:", e)
class Both(OnlyEq):
    def __hash__(self):
        return hash(self.v)
s = {Both(1), Both(1), Both(2)}
print(len(s), Both(1) in s)
class Child(Both):
    def __eq__(self, o):
        return super().__eq__(o)
print(Child.__hash__ is None)
class KeepHash(Both):
    def __eq__(self, o):
        return super().__eq__(o)
    __hash__ = Both.__hash__
print(len({KeepHash(3), KeepHash(3)}))
class Mutable:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __hash__(self):
        return hash(self.v)
m = Mutable(1)
d = {m: "found"}
m.v = 2
print(d.get(m), d.get(Mutable(1)), list(d.values()))
