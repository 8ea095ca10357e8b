# Rich comparison dunders, reflection, and functools.total_ordering.
import functools
@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))
    __hash__ = None
vs = [Version(s) for s in ["1.10", "1.2", "1.2.1", "0.9", "1.2"]]
print(sorted(vs), max(vs), min(vs))
print(Version("1.0") <= Version("1.0"), Version("2.0") >= Version("1.5"), Version("1.0") != Version("1.0"))
try:
    hash(vs[0])
except TypeError as e:
    print("TypeError:", e)
class Tracker:
    def __init__(self, n):
        self.n = n
    def __lt__(self, o):
        print(f"lt {self.n} {o.n}")
        return NotImplemented
    def __gt__(self, o):
        print(f"gt {self.n} {o.n}")
        return NotImplemented
try:
    Tracker(1) < Tracker(2)
except TypeError as e:
    print("TypeError:", e)
class Eq:
    def __eq__(self, o):
        return "truthy"
print(Eq() == 1, Eq() != 1, 1 == Eq())
class NoEq:
    pass
x = NoEq()
print(x == x, x == NoEq(), x != NoEq())
