# property: getter, setter, deleter, read-only, computed.
class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value
    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
t = Temperature(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(hasattr(t, "_c"))
class P:
    x = property(lambda self: 42, doc="the answer")
print(P().x, P.x.__doc__, type(P.__dict__["x"]).__name__, P.x.fget(None))
class Q:
    @property
    def broken(self):
        raise AttributeError("inner")
    def __getattr__(self, name):
        return f"fallback for {name}"
print(Q().broken)
