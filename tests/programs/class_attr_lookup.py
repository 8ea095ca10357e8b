# Attribute lookup order: instance dict, class, bases, __getattr__, and type attributes.
class Base:
    shared = "base-shared"
    def who(self):
        return "Base.who"
class Mid(Base):
    shared = "mid-shared"
class Leaf(Mid):
    def __getattr__(self, name):
        return f"__getattr__({name})"
o = Leaf()
print(o.shared, o.who(), o.anything)
o.shared = "instance"
print(o.shared, Leaf.shared, Mid.shared, Base.shared)
del o.shared
print(o.shared)
Mid.shared = "mid-changed"
print(o.shared)
del Mid.shared
print(o.shared)
o.who = lambda: "instance function"
print(o.who(), Leaf.who(o))
print(type(o).__dict__.get("shared"), "who" in Base.__dict__, "who" in Leaf.__dict__)
print(Leaf.__name__, Leaf.__mro__[1].__name__, getattr(Leaf, "__doc__"))
class WithClassAttr:
    items = []
    def add(self, v):
        self.items.append(v)
w1, w2 = WithClassAttr(), WithClassAttr()
w1.add(1); w2.add(2)
print(WithClassAttr.items, w1.items is w2.items)
