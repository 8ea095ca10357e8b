# fractions.Fraction exact arithmetic.
from fractions import Fraction as F
a, b = F(1, 3), F(2, 5)
print(a + b, a - b, a * b, a / b, a ** 2, -a, abs(F(-3, 4)))
print(F(6, 8), F("3/7"), F("0.125"), F(0.5), F(1.1).limit_denominator(100), F(-4, -6))
print(a < b, F(1, 2) == 0.5, F(2, 4) == F(1, 2), hash(F(1, 2)) == hash(0.5))
print(a.numerator, a.denominator, float(a), int(F(7, 2)), round(F(7, 2)), round(F(5, 2)))
print(sum(F(1, n) for n in range(1, 11)))
try:
    F(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(F(3, 4).as_integer_ratio(), f"{F(1, 3):.5f}", str(F(5)), repr(F(5, 3)))
