# Overriding properties in subclasses, extending a getter, and property on class access.
class Base:
    def __init__(self):
        self._v = 1
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, x):
        print("Base setter", x)
        self._v = x
class Child(Base):
    @Base.v.getter
    def v(self):
        return self._v * 100
class ReadOnlyChild(Base):
    @property
    def v(self):
        return -self._v
c = Child()
c.v = 5
print(c.v, type(Child.v).__name__, Child.v.fset is Base.v.fset)
r = ReadOnlyChild()
print(r.v)
try:
    r.v = 3
except AttributeError as e:
    print("AttributeError:", e)
class Lazy:
    calls = 0
    @property
    def data(self):
        Lazy.calls += 1
        return [1, 2, 3]
l = Lazy()
print(l.data, l.data, Lazy.calls)
print(Base.v.__get__(c), property.__name__, isinstance(Base.__dict__["v"], property))
