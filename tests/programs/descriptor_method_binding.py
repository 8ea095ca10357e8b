# Functions are descriptors: binding to instances and classes, and custom method-like descriptors.
class C:
    def m(self):
        return "m"
c = C()
f = C.__dict__["m"]
print(type(f).__name__, type(f.__get__(c)).__name__, f.__get__(c)(), f.__get__(None, C) is f)
bound = c.m
print(bound.__self__ is c, bound.__func__ is f, bound(), C.m(c))
class ClassMethodLike:
    def __init__(self, fn):
        self.fn = fn
    def __get__(self, obj, owner=None):
        def bound(*a):
            return self.fn(owner, *a)
        return bound
class D:
    @ClassMethodLike
    def create(cls, v):
        return f"{cls.__name__}.create({v})"
class E(D):
    pass
print(D.create(1), E.create(2), E().create(3))
class Counter:
    def __init__(self):
        self.n = 0
    def __get__(self, obj, owner):
        self.n += 1
        return self.n
class Host:
    hits = Counter()
h = Host()
print(h.hits, h.hits, Host.hits)
print(len.__self__.__name__ if hasattr(len, "__self__") else None, [].append.__self__ == [], str.upper("x"), "x".upper.__name__)
