# math: floor/ceil/trunc dispatch (exact floats vs subclasses with special
# methods), fsum's overflow and special values, nextafter with steps, and
# the inverse hyperbolic functions near the edges of their domains.
import math


def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        r = f"{type(e).__name__} {e}"
    else:
        r = repr(r)
    shown = [a if isinstance(a, (int, float, str, list)) else type(a).__name__ for a in args]
    print(f.__name__, shown, kw, "->", r)


class FloatCeil(float):
    def __ceil__(self):
        return 42


class FloatFloor(float):
    def __floor__(self):
        return 41


class FloatTrunc(float):
    def __trunc__(self):
        return 23


class Plain(float):
    pass


class IndexOnly:
    def __index__(self):
        return 7


class FloatOnly:
    def __float__(self):
        return 2.5


print(math.ceil(FloatCeil(1.5)), math.floor(FloatFloor(1.5)), math.trunc(FloatTrunc(1.5)))
print(math.ceil(Plain(1.5)), math.floor(Plain(-1.5)), math.trunc(Plain(-1.5)))
print(math.ceil(True), math.floor(10**30), math.trunc(-7))
show(math.floor, FloatOnly())
show(math.ceil, IndexOnly())
show(math.trunc, FloatOnly())
show(math.floor, "x")
show(math.ceil, float("nan"))
show(math.floor, float("-inf"))
print(math.floor(1e300) == 10**300 // 10**300 * int(1e300))

show(math.fsum, [1e308, 1e308])
show(math.fsum, [1e308, 1e308, -1e308])
show(math.fsum, [float("inf"), float("-inf")])
show(math.fsum, [float("inf"), 1e308, 1e308])
show(math.fsum, [float("nan"), 1.0])
show(math.fsum, [1, 2, "x"])
show(math.fsum, iter([0.1] * 10))
show(math.fsum, [1e-16, 1.0, 1e16])
show(math.fsum, [])
show(math.fsum, [-0.0])


def gen():
    yield 1.0
    raise KeyError("boom")


show(math.fsum, gen())

show(math.nextafter, -0.0, 0.0, steps=1)
show(math.nextafter, -0.0, 0.0, steps=5)
show(math.nextafter, 0.0, -0.0, steps=2)
show(math.nextafter, 1.0, 2.0, steps=3)
show(math.nextafter, 1.0, 0.0, steps=2**70)
show(math.nextafter, 5e-324, -5e-324, steps=1)
show(math.nextafter, 5e-324, -5e-324, steps=3)
show(math.nextafter, 2.0, float("nan"), steps=1)
show(math.nextafter, 2.0, 3.0, steps=0)
show(math.nextafter, 2.0, 3.0, steps=None)
show(math.nextafter, 2.0, 3.0, steps=-1)
show(math.nextafter, 2.0, 3.0, steps=1.0)
show(math.nextafter, 2.0, 3.0, step=1)

for x in [1.0000000000000002, 1.001, 1.3067079752499342e308, 0.5]:
    show(math.acosh, x)
for x in [1.6025136110019349e308, -1.2775271979042634e308, 1e-300]:
    show(math.asinh, x)
for x in [-0.9999999999999999, 0.5, 1.0, 2.0]:
    show(math.atanh, x)
for x in [0.1, 0.5, 1.5, 3.7, 5.9, 27.0, -1.25]:
    show(math.erf, x)
    show(math.erfc, x)
