a = 1e300 * 1e300 * 0
b = -1e300 * 1e300 * 0
print(a != a, b != b, repr(a), (1e300 * 1e300 * 0, 2))
class C:
    res = [lambda: __class__ for _ in [1]]
    def m(self):
        return [lambda: super() for _ in [1]]
print(C.res[0]() is C, len(C().m()))
# Distinct folded NaNs are distinct constants; equal infinities are merged.
def f():
    a = 1e300 * 1e300 * 0
    b = 1e300 * 1e300 * 0
    c = 1e300 * 1e300
    d = 1e300 * 1e300
    return a, b, c, d
x = f()
print([v != v for v in x], x[2] == x[3])
floats = [c for c in f.__code__.co_consts if isinstance(c, float)]
print(sum(1 for c in floats if c != c), sum(1 for c in floats if c == c))
