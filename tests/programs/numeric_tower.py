# Mixed int/float/complex operations and type promotion.
vals = [3, 2.5, 1 + 1j, True]
for a in vals:
    for b in vals:
        r = a + b
        print(type(a).__name__, type(b).__name__, type(r).__name__, r)
print(1 == 1.0 == 1 + 0j, 10 ** 20 == 1e20, 10 ** 23 == 1e23)
print(2 ** 0.5 * 2 ** 0.5, int(2 ** 0.5 * 2 ** 0.5))
print(0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-15)
print(hash(1) == hash(1.0), hash(2 ** 61) == hash(float(2 ** 61)))
print(sorted([3, 1.5, True, -2, 0.0]))
print(7 // 2.0, 7 % 2.0, 2 ** -2, (-2) ** 0.5)
