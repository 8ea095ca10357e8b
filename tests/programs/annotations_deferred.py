# PEP 649/749 deferred annotations in 3.14: __annotate__, evaluated lazily.
def f(x: int, y: "str" = "a") -> list[int]:
    return [x]
print(f.__annotations__)
print(callable(f.__annotate__), f.__annotate__(1))
def g(a: NotDefinedYet) -> None:
    pass
try:
    g.__annotations__
except NameError as e:
    print("NameError:", e)
NotDefinedYet = float
print(g.__annotations__)
class C:
    x: int
    y: "Forward" = 3
    z: list[C]
print(C.__annotations__)
print("x" in C.__dict__, C.y)
def no_ann(a, b):
    pass
print(no_ann.__annotations__, no_ann.__annotate__)
counter = 0
def side() -> int:
    global counter
    counter += 1
    return int
def h(p: side()): ...
print("counter before access", counter)
h.__annotations__
print("counter after access", counter)
h.__annotations__
print("cached", counter)
v: int = 5
print(__annotations__ if "__annotations__" in dir() else "no module __annotations__ name", v)
import sys
print(sys.modules[__name__].__annotations__)
