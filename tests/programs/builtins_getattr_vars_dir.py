# getattr/setattr/hasattr/delattr, vars, dir (sorted), globals/locals.
class C:
    cls_attr = 1
    def __init__(self):
        self.a = 10
        self.b = 20
c = C()
print(getattr(c, "a"), getattr(c, "zz", None), hasattr(c, "cls_attr"), hasattr(c, "nope"))
setattr(c, "dyn", 3)
delattr(c, "a")
print(vars(c), sorted(vars(C).keys() & {"cls_attr", "__init__", "__module__"}))
print([n for n in dir(c) if not n.startswith("__")])
try:
    getattr(c, "missing")
except AttributeError as e:
    print("AttributeError:", e)
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)
def f(x, y=2):
    z = x + y
    return sorted(locals().items())
print(f(1))
g = globals()
g["made_via_globals"] = "yes"
print(made_via_globals, __name__, "C" in g)
print([n for n in dir([]) if not n.startswith("_")])
import math
print(getattr(math, "pi"), sorted(n for n in dir(math) if n.startswith("is")))
