# Building classes and functions dynamically: exec into a namespace, types.new_class, closures.
import types
ns = {}
exec("""
class Greeter:
    greeting = "hi"
    def greet(self, who):
        return f"{self.greeting} {who}"
""", ns)
G = ns["Greeter"]
print(G().greet("there"), G.__module__ if G.__module__ != "builtins" else "builtins")
def body(namespace):
    namespace["x"] = 10
    namespace["double"] = lambda self: self.x * 2
D = types.new_class("D", (), {}, body)
print(D().double(), D.__name__)
def make_fn(n):
    src = f"def add_{n}(v):\n    return v + {n}\n"
    loc = {}
    exec(src, {}, loc)
    return loc[f"add_{n}"]
fns = [make_fn(i) for i in range(3)]
print([f.__name__ for f in fns], [f(10) for f in fns])
sn = types.SimpleNamespace(a=1, b="two")
sn.c = 3
print(sn, sn.a, vars(sn))
M = types.ModuleType("virtual", "a virtual module")
M.value = 5
print(M.__name__, M.__doc__, M.value)
