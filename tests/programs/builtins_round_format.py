# round() with banker's rounding, ndigits, and types; format() builtin.
for v in [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 0.125, 0.375, 1e300, -0.0]:
    print(v, round(v), round(v, 2), round(v, 1))
for n in [15, 25, 35, 1250, -1250, 10 ** 20 + 5]:
    print(n, round(n, -1), round(n, -2), type(round(n, -1)).__name__)
print(round(7), round(7.0), type(round(7.0)).__name__, type(round(7.0, 0)).__name__)
from fractions import Fraction
from decimal import Decimal
print(round(Fraction(5, 2)), round(Fraction(7, 3), 2), round(Decimal("2.5")), round(Decimal("1.2345"), 2))
try:
    round(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    round(float("nan"))
except ValueError as e:
    print("ValueError:", e)
print(format(3.14159, ".2f"), format(42, "08b"), format("x", "^5"), format(1234567, ","), format(0.5, "%"))
