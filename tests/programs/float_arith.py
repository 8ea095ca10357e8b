# Float arithmetic, division, modulo and comparisons.
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(2.0 ** 0.5, 2 ** -1, (-8) ** (1 / 3) == (-8) ** (1 / 3))
print(1e308 * 10, -1e308 * 10)
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, nan > 1)
print(0.0 == -0.0, 1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1))
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1 % 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1.23456, 3))
print(round(0.5), round(1.5), round(123.456, -1), round(5.0))
print(abs(-3.5), float(10), float(-(2 ** 60)))
print(sum([0.1] * 10), 0.1 * 10)
print(max(1, 2.0), min(-0.0, 0.0), 3 * 1.0)
