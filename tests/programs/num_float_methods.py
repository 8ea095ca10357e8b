# float: rounding, hex/fromhex, as_integer_ratio, pow special cases,
# float() parsing, divmod and the exact errors.
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

inf = float("inf")
nan = float("nan")
for x in [0.0, -0.0, 1.5, -2.5, 0.1, 1e300, 5e-324, 123456.789, 2.0 ** 60]:
    print(x.as_integer_ratio(), x.is_integer(), x.hex(), float.fromhex(x.hex()) == x,
          x.__trunc__(), x.__floor__(), x.__ceil__(), round(x), x.real, x.imag, x.conjugate())
show(lambda: inf.as_integer_ratio())
show(lambda: nan.as_integer_ratio())
print(inf.hex(), nan.hex(), (-inf).hex(), inf.is_integer())
for s in ["0x1.8p1", " -0X1.fffffffffffffp+1023 ", "0x1p-1074", "0x1p-1075", "0x3p-1076", "0x.8",
          "1", "0x1.", "inf", "-nan", "0x1p+1024", "xyz", "0x", "0x1p", "0x1.fffffffffffff8p+1023"]:
    show(lambda: float.fromhex(s))
show(lambda: float.fromhex(1))

# round
for x, n in [(2.5, None), (-0.5, None), (2.675, 2), (1234.5, -1), (1e308, -308), (5e307, -308),
             (0.5, 1), (1e-320, 320), (-0.4, 0), (0.125, 2), (0.375, 2), (1.5, 400), (1e300, -400),
             (2.5, 0), (123.456, -2), (1.7976931348623157e308, -308)]:
    show(lambda: round(x, n))
show(lambda: round(inf))
show(lambda: round(nan))
show(lambda: round(inf, 2))
show(lambda: round(1.5, "x"))

# pow special cases
for a, b in [(0.0, -1), (-8.0, 1 / 3), (10.0, 400), (-2.0, 3), (-1.0, 1e300), (-1.0, inf),
             (0.5, -inf), (inf, -3), (-inf, 3), (-inf, 2), (nan, 0), (1.0, nan), (-0.0, 3), (-0.0, -3)]:
    show(lambda: a ** b)

# divmod and division errors
for a, b in [(7.5, 2), (-7, 2.0), (7.5, -2), (-0.0, 5.0), (1e300, 1e-300)]:
    print(divmod(a, b), a // b, a % b)
for f in [lambda: 1.0 % 0, lambda: 1.0 // 0, lambda: divmod(1.0, 0), lambda: 1.0 / 0]:
    show(f)

# float()
for s in ["1_0.5", "1__0", " -iNF ", "nan", "+Infinity", "abc", "", " 1e5 ", "1e", ".5", "5.",
          "1_e5", "١٫٥", "١٢", b"2.5", "\u20031.25\u3000"]:
    show(lambda: float(s))
show(lambda: float(10 ** 400))
show(lambda: int(inf))
show(lambda: int(nan))
class F:
    def __float__(self):
        return 2.5
class BadF:
    def __float__(self):
        return 1
show(lambda: float(F()))
show(lambda: float(BadF()))
class MyF(float):
    pass
m = MyF("1.25")
print(repr(m), type(m).__name__, m * 2, type(m * 2).__name__, MyF.fromhex("0x1p1"), type(MyF.fromhex("0x1p1")).__name__)
print(sum([0.1] * 10), sum([1, 0.1, 2 ** 60, -2 ** 60]), sum([1e308, 1e308]), sum([-0.0]), sum([-0.0], -0.0))
