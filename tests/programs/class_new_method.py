# __new__: singletons, immutable subclasses, returning other types.
class Single:
    _inst = None
    def __new__(cls, *a):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
            print("created instance")
        return cls._inst
    def __init__(self, v):
        print("init with", v)
        self.v = v
a = Single(1)
b = Single(2)
print(a is b, a.v)
class Upper(str):
    def __new__(cls, s):
        return super().__new__(cls, s.upper())
u = Upper("hello")
print(u, type(u).__name__, u + "!", isinstance(u, str), len(u))
class Pt(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self):
        return self[0]
p = Pt(3, 4)
print(p, p.x, p[1], len(p), p + (5,))
class Weird:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never called")
print(Weird(), type(Weird()))
class Positive(int):
    def __new__(cls, v):
        if v <= 0:
            raise ValueError("must be positive")
        return super().__new__(cls, v)
print(Positive(5) + 1)
try:
    Positive(-1)
except ValueError as e:
    print("ValueError:", e)
