# __slots__: no __dict__, fixed attributes, inheritance.
class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"), Point.__slots__)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.y
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
class Point3(Point):
    __slots__ = ("z",)
q = Point3(1, 2)
q.z = 3
print(q.x, q.z, hasattr(q, "__dict__"))
class Loose(Point):
    pass
r = Loose(0, 0)
r.anything = "ok"
print(r.anything, r.__dict__)
class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.__dict__)
print(type(Point.__dict__["x"]).__name__)
try:
    class Bad:
        __slots__ = ("v",)
        v = 5
except ValueError as e:
    print("ValueError:", e)
