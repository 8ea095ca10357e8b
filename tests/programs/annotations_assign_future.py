# Assigning and deleting __annotations__ of functions and classes, with
# and without "from __future__ import annotations".
def f(x: int):
    pass
print(f.__annotations__)
f.__annotations__ = {"x": str}
print(f.__annotations__)
code = "from __future__ import annotations\nclass f:\n    x: int\n"
ns = {}
exec(code, ns)
f = ns["f"]
print(f.__annotations__)
f.__annotations__ = {"x": str}
print(f.__annotations__)
del f.__annotations__
try:
    print(f.__annotations__)
except AttributeError as e:
    print("AttributeError", e)
