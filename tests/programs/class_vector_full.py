# A 2D vector class implementing many protocol methods.
import math
class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x=0, y=0):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r})"
    def __str__(self):
        return f"<{self.x}, {self.y}>"
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k) if isinstance(k, (int, float)) else self.x * k.x + self.y * k.y
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __abs__(self):
        return math.hypot(self.x, self.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __iter__(self):
        yield self.x
        yield self.y
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __len__(self):
        return 2
    def __format__(self, spec):
        return f"<{format(self.x, spec)}, {format(self.y, spec)}>"
    def __lt__(self, o):
        return abs(self) < abs(o)
a, b = Vec(3, 4), Vec(1, -2)
print(a, repr(b), a + b, a - b, a * 2, 3 * b, a * b, -a, abs(a))
print(bool(Vec()), bool(a), list(a), a[1], len(a), tuple(b), f"{Vec(1 / 3, 2):.3f}")
print(a == Vec(3, 4), a != b, len({a, Vec(3, 4), b}), sorted([a, b, Vec(0, 1)]), max([a, b]))
x, y = a
print(x, y, dict(zip("xy", b)), sum(Vec(i, i) for i in range(1, 4)) if False else Vec(1, 1) + Vec(2, 2))
