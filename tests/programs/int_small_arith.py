# Small-integer arithmetic: the basic operators and their signs.
pairs = [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (123, 1)]
for a, b in pairs:
    print(a, b, a + b, a - b, a * b, a // b, a % b, divmod(a, b))
print(2 ** 10, 2 ** 0, (-2) ** 3, -2 ** 2)
print(7 / 2, -7 / 2, 6 / 3)
print(abs(-5), abs(0), -(-5), +5)
print(10 - 2 - 3, 2 ** 3 ** 2, 100 // 7 // 2)
x = 5
x += 3; print(x)
x -= 10; print(x)
x *= -4; print(x)
x //= 3; print(x)
x %= 5; print(x)
x **= 3; print(x)
