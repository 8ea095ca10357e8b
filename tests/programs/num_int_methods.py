# int: shifts, bitwise operators, divmod, pow with a modulus, rounding,
# the methods and attributes, int() and its errors, bool operators.
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

big = 3 ** 100
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (big, 7), (-big, 12345678901), (0, 5)]:
    print(a // b, a % b, divmod(a, b), a << 3, a >> 1, a & b, a | b, a ^ b, ~a)
show(lambda: 1 << -1)
show(lambda: 1 >> -1)
show(lambda: 1 << (1 << 70))
show(lambda: 0 << (1 << 70))
show(lambda: (-1) >> 1000)
show(lambda: 5 >> (1 << 70))
show(lambda: -(1 << 64) >> 70)
show(lambda: 1 << 100)
show(lambda: divmod(1, 0))
show(lambda: divmod(1, "x"))

# pow
for args in [(2, 10), (2, -1), (0, 0), (-1, 10 ** 20 + 1), (3, 4, -5), (-3, 3, 5), (3, -2, 7),
             (2, 10 ** 20, 1000), (1, 2, 1), (2, 3, 1), (2, -1, 4), (2, 3, 0), (2.0, 3, 5),
             (2, 3.0, 5), (0, -1), (2, 0.5), ("a", 2, 3)]:
    show(lambda: pow(*args))
show(lambda: pow(base=2, exp=5, mod=3))

# methods
for n in [0, 1, 7, -10, 255, 2 ** 64, -(2 ** 70) - 1]:
    print(n.bit_length(), n.bit_count(), n.as_integer_ratio(), n.is_integer(), n.numerator,
          n.denominator, n.real, n.imag, n.conjugate(), n.__trunc__(), n.__floor__(), n.__ceil__(),
          n.__index__(), n.__abs__(), n.__pos__(), n.__float__())
for n in [5, 15, 25, -15, -25, 1234567, 10 ** 30 + 5 * 10 ** 9]:
    print(round(n), round(n, 2), round(n, -1), round(n, -10), n.__round__(-3))
show(lambda: round(5, 1.5))
show(lambda: (255).to_bytes(2, "big"))
show(lambda: (255).to_bytes(2, "little"))
show(lambda: (255).to_bytes(1, "little", signed=True))
show(lambda: (-1).to_bytes(2, "big", signed=True))
show(lambda: (-129).to_bytes(2, byteorder="big", signed=True))
show(lambda: (1).to_bytes())
show(lambda: (256).to_bytes())
show(lambda: (0).to_bytes(0, "big"))
show(lambda: (1).to_bytes(1, "middle"))
show(lambda: (1).to_bytes(-1))
show(lambda: (-1).to_bytes(1))
show(lambda: int.from_bytes(b"\x01\x00", "little"))
show(lambda: int.from_bytes(b"\xff", "big", signed=True))
show(lambda: int.from_bytes([1, 2], "big"))
show(lambda: int.from_bytes(b"", "big", signed=True))
show(lambda: int.from_bytes(b"\x80\x00", byteorder="big", signed=True))
show(lambda: int.from_bytes("ab"))
show(lambda: int.from_bytes([256]))

# int()
for args in [("1_000", 0), ("0b1_0", 0), ("z", 36), (" 12 ",), ("12", 1), (b"12",), (b"1x",),
             (2.9,), (-2.9,), ("1.5",), ("  -0x_1f  ", 16), (3.5, 10), (None,), ("010", 0),
             ("0_0", 0), ("١٢",), (float("inf"),), (float("nan"),), (True,)]:
    show(lambda: int(*args))
show(lambda: int("12", base=16))
show(lambda: int(x="12"))

class Idx:
    def __index__(self):
        return 7
class Num:
    def __int__(self):
        return 8
class Trunc:
    def __trunc__(self):
        return 9
for f in [lambda: int(Idx()), lambda: int(Num()), lambda: int(Trunc()), lambda: hex(Idx()),
          lambda: 2 ** Idx(), lambda: divmod(Idx(), 2), lambda: round(Idx()), lambda: float(Idx())]:
    show(f)

class MyInt(int):
    pass
m = MyInt(41)
print(repr(m), type(m).__name__, m + 1, type(m + 1).__name__, isinstance(m, int), MyInt("ff", 16))

# bool
print(True & False, True | False, True ^ True, True & 3, -True, +True, abs(False), True << 2,
      type(True & True).__name__, type(True + True).__name__, True / 2, divmod(True, 2))
