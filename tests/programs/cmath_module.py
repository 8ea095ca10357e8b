# cmath: every function over a grid of special and ordinary values (the
# C99 Annex G tables, domain and range errors), log with a base, polar,
# rect, phase, the predicates, isclose, argument conversion and errors.
import cmath

INF = float("inf")
NAN = float("nan")
parts = [-INF, -2.3, -1.0, -0.0, 0.0, 0.5, 1.0, 2.3, INF, NAN, 1e-310, 1e308, 800.0]


def show(f, *args):
    try:
        r = f(*args)
    except Exception as e:
        return f"{type(e).__name__}: {e}"
    if isinstance(r, complex):
        return f"({r.real!r}, {r.imag!r})"
    return repr(r)


names = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh",
         "exp", "log", "log10", "sin", "sinh", "sqrt", "tan", "tanh"]
for name in names:
    f = getattr(cmath, name)
    print(name)
    for x in parts:
        print(" ", x, " ".join(show(f, complex(x, y)) for y in parts))

print("rect")
for r in parts:
    print(" ", r, " ".join(show(cmath.rect, r, phi) for phi in parts))
print("polar/phase")
for x in parts:
    print(" ", x, " ".join(show(cmath.polar, complex(x, y)) + "|" + show(cmath.phase, complex(x, y)) for y in parts))
print("predicates")
for x in parts:
    print(" ", x, " ".join(
        f"{int(cmath.isfinite(complex(x, y)))}{int(cmath.isinf(complex(x, y)))}{int(cmath.isnan(complex(x, y)))}"
        for y in parts))

print("log with base")
for z, b in [(8, 2), (100, 10), (-1, 2), (1j, 1j), (0, 2), (2, 0), (0, 0), (1, 1), (2, 1),
             (INF, 2), (0, INF), (1 + 2j, 3 - 4j), (1e308 + 1e308j, 2)]:
    print(" ", z, b, show(cmath.log, z, b))

print("isclose")
for args, kw in [((1j, 1j), {}), ((1 + 1j, 1.000000000001 + 1j), {"rel_tol": 1e-12}),
                 ((1 + 1j, 1.000000000001 + 1j), {"rel_tol": 1e-13}),
                 ((0.001j, 0), {"abs_tol": 1.5e-3}), ((INF, INF * 1j), {}), ((INF, INF), {}),
                 ((NAN, NAN), {}), ((1, 2), {"rel_tol": 1}), ((), {"a": 1, "b": 1.0}),
                 ((1, 1), {"rel_tol": -1}), ((1, 1), {"abs_tol": -1}), ((1,), {}),
                 ((1, 2, 3), {}), ((1, 2), {"foo": 3}), ((1,), {"a": 1}), ((1, 1), {"rel_tol": 1j}),
                 ((1e308 + 1e308j, -1e308 - 1e308j), {})]:
    print(" ", args, kw, show(lambda: cmath.isclose(*args, **kw)))


class C:
    def __complex__(self):
        return 3 + 4j


class F:
    def __float__(self):
        return 0.25


class I:
    def __index__(self):
        return 7


class OnlyInt:
    def __int__(self):
        return 2


class BadComplex:
    def __complex__(self):
        return 2.0


class Raises:
    def __complex__(self):
        raise KeyError("boom")


print("conversion")
for v in [C(), F(), I(), True, 2**60, OnlyInt(), BadComplex(), Raises(), "1", None, [1], b"1"]:
    print(" ", type(v).__name__, show(cmath.sqrt, v), show(cmath.log, 10, v), show(cmath.phase, v))
print(" ", show(cmath.rect, 1j, 0), show(cmath.rect, "1", 0), show(cmath.rect, I(), F()))

print("arguments")
print(" ", show(cmath.sqrt), show(cmath.sqrt, 1, 2), show(lambda: cmath.sqrt(z=1)))
print(" ", show(cmath.log), show(cmath.log, 1, 2, 3), show(lambda: cmath.log(1, base=2)))
print(" ", show(cmath.rect, 1), show(cmath.rect, 1, 2, 3), show(cmath.polar), show(cmath.phase, 1, 2))
print(" ", show(cmath.isnan), show(cmath.isinf, 1, 2), show(cmath.isfinite))

print("constants")
for name in ["pi", "e", "tau", "inf", "infj", "nan", "nanj"]:
    v = getattr(cmath, name)
    print(" ", name, type(v).__name__, repr(v))
print(" ", cmath.__doc__)
print(" ", sorted(n for n in dir(cmath) if not n.startswith("_")))
