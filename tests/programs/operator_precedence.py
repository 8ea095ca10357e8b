# Operator precedence and associativity.
print(2 + 3 * 4, (2 + 3) * 4, 2 * 3 ** 2, -3 ** 2, (-3) ** 2, 2 ** -1)
print(10 - 4 - 3, 100 / 10 / 5, 2 ** 3 ** 2, 7 // 2 * 2, 7 % 3 * 2)
print(1 + 2 << 3, 1 | 2 ^ 3 & 4, 5 & 3 == 1, (5 & 3) == 1, ~5 + 1, -~5)
print(not 1 == 2, not (1 and 0), 1 or 0 and 0, (1 or 0) and 0, None or 0 or "" or "last")
print(1 < 2 == 2 > 1, 3 in [3] == True, 1 if 0 else 2 if 0 else 3)
print((lambda: 1 if True else 2)(), (lambda x: x + 1)(2) * 3)
x = 5
print(x > 3 and x < 10, not x > 3, -x ** 2, (-x) ** 2, x * -1, --x, x if x else -x)
print("a" + "b" * 2, ("a" + "b") * 2, [1] * 2 + [3], 3 * "ab"[1])
print(2 * 3 % 4, 2 * (3 % 4), 17 // 5 ** 1, 1e1 ** 2, 2 ** 2 ** 0)
print(True + True * 2, (True + True) * 2, 8 >> 1 + 1, (8 >> 1) + 1, 3 & 6 | 8)
