# `is` vs `==`: singletons, aliasing, copies; never relying on int/str caching.
a = [1, 2]
b = a
c = list(a)
print(a == b, a is b, a == c, a is c)
print(None is None, True is True, ... is Ellipsis, NotImplemented is NotImplemented)
x = None
print(x is None, x is not None, x == None)
def f(v=None):
    return "default" if v is None else v
print(f(), f(0), f(""), f([]))
t1 = (1, [2])
t2 = t1
print(t1 is t2, t1 == (1, [2]))
class AlwaysEqual:
    def __eq__(self, other):
        return True
ae = AlwaysEqual()
print(ae == 5, ae is not None, [ae] == [1], ae in [1, 2], None in [ae])
nan = float("nan")
lst = [nan]
print(nan == nan, nan in lst, lst == [nan], lst.count(nan), lst.index(nan))
print(type(None)() is None, bool is type(True), type(...)() is Ellipsis)
