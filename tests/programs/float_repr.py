# Shortest float repr and special values.
vals = [0.1, 0.2, 0.1 + 0.2, 1.0, -0.0, 1e16, 1e15, 123456789.0, 1e-5, 0.0001,
        1 / 3, 2 / 3, 1e22, 1e23, 5e-324, 1.7976931348623157e308, 100.0, 3.14]
for v in vals:
    print(repr(v), str(v))
print(float("inf"), float("-inf"), float("nan"))
print(float("1e400"), -float("1e400"))
print(float("  3.5 "), float("1_000.5"), float("-.5"), float("+1E3"))
print(float("infinity"), float("-NaN"))
print(0.1 * 3, 1.1 + 2.2, 3.0 * 1.1)
print(2.5 .is_integer(), 3.0.is_integer())
print((0.5).as_integer_ratio(), (0.1).as_integer_ratio())
print((1.5).hex(), float.fromhex("0x1.8p1"))
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
