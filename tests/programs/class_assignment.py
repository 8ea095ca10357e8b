# obj.__class__ = cls between classes of the same layout, and the errors
# for everything else.
class A:
    def f(self): return "A"
class B:
    def f(self): return "B"
a = A(); a.x = 1
a.__class__ = B
print(type(a).__name__, a.f(), a.x)
class S1:
    __slots__ = ("p",)
class S2:
    __slots__ = ("q",)
for target in (S2, int, 5):
    try:
        s = S1(); s.__class__ = target
    except TypeError as e:
        print(e)
try:
    x = 1; x.__class__ = bool
except TypeError as e:
    print(e)
try:
    del a.__class__
except TypeError as e:
    print(e)
class L(list): pass
class L2(list): pass
l = L([1]); l.__class__ = L2; print(type(l).__name__, l)
try:
    l.__class__ = A
except TypeError as e:
    print(e)
import types
