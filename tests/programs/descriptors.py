# Descriptor protocol: data vs non-data descriptors, __set_name__, lookup precedence.
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print(f"set_name {owner.__name__}.{name}")
    def __init__(self, kind):
        self.kind = kind
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name)
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name[1:]} must be {self.kind.__name__}")
        setattr(obj, self.name, value)
class NonData:
    def __get__(self, obj, objtype=None):
        return "from descriptor"
class Person:
    name = Typed(str)
    age = Typed(int)
    info = NonData()
    def __init__(self, name, age):
        self.name, self.age = name, age
p = Person("Ann", 30)
print(p.name, p.age, type(Person.name).__name__)
try:
    p.age = "old"
except TypeError as e:
    print("TypeError:", e)
print(p.info)
p.__dict__["info"] = "instance wins over non-data"
print(p.info)
p.__dict__["name"] = "ignored"
print(p.name)
class Lazy:
    def __init__(self, fn):
        self.fn = fn
    def __get__(self, obj, cls):
        v = self.fn(obj)
        obj.__dict__[self.fn.__name__] = v
        print("computed")
        return v
class Circle:
    def __init__(self, r):
        self.r = r
    @Lazy
    def area(self):
        return 3 * self.r ** 2
c = Circle(2)
print(c.area, c.area)
