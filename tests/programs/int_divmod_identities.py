# Floor division and modulo identities for small and huge, positive and negative ints.
vals = [7, -7, 10 ** 30 + 7, -(10 ** 30) - 7, 1, -1, 0]
divs = [3, -3, 10 ** 15 + 1, -(10 ** 15) - 1]
ok = True
for a in vals:
    for b in divs:
        q, r = divmod(a, b)
        ok &= (q * b + r == a) and (r == 0 or (r > 0) == (b > 0)) and abs(r) < abs(b)
        ok &= q == a // b and r == a % b
print("identities hold:", ok)
print(divmod(-(10 ** 30) - 7, 10 ** 15 + 1))
print((-7) // 2, (-7) % 2, 7 // -2, 7 % -2, -7 // -2, -7 % -2)
print(-(-7 // 2), int(-7 / 2), round(-7 / 2))
print(pow(-2, 3), pow(2, 100, 97), pow(-3, 3, 7), pow(3, -2, 7), pow(0, 0))
print((-1) ** 0.5 if False else "skip", 0 ** 0, (-8) // 3, (-8) % 3)
print(10 ** 18 // 7, 10 ** 18 % 7, -(10 ** 18) // 7)
print(abs(-(2 ** 100)), (2 ** 100).__neg__(), int.__floordiv__(9, 2))
