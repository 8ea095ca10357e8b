# Numeric hashes are deterministic and consistent across int/float/Fraction/Decimal.
from fractions import Fraction
from decimal import Decimal
vals = [0, 1, -1, -2, 2 ** 61 - 1, 2 ** 61, 2 ** 100, -(2 ** 100), 10 ** 30]
print([hash(v) for v in vals])
print([hash(f) for f in [0.0, -0.0, 0.5, 1.5, -2.25, 1e100, float("inf"), float("-inf")]])
print(hash(Fraction(1, 2)) == hash(0.5), hash(Decimal("0.5")) == hash(0.5), hash(Fraction(1, 3)))
print(hash(1 + 0j) == hash(1), hash(complex(0, 1)), hash(True), hash(False), hash(None) == hash(None))
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()), hash(frozenset()) == hash(frozenset()))
print(len({1, 1.0, True, Fraction(1), Decimal(1), 1 + 0j}))
nan = float("nan")
print(hash(nan) == hash(nan), hash(nan) == object.__hash__(nan), hash(float("nan")) != 0)
