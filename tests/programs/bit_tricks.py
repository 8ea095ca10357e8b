# Bit manipulation: popcount, lowest set bit, power-of-two tests, Gray code, subsets via masks.
def popcount(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c
print([popcount(i) for i in range(16)], all(popcount(i) == i.bit_count() for i in range(1000)))
print([n & -n for n in [12, 40, 7, 1024]], [(n & (n - 1)) == 0 for n in [1, 2, 3, 64, 96]])
gray = [i ^ (i >> 1) for i in range(8)]
print(gray, [format(g, "03b") for g in gray])
items = "abc"
print(["".join(items[i] for i in range(3) if mask >> i & 1) for mask in range(8)])
def reverse_bits(n, width=8):
    r = 0
    for _ in range(width):
        r = (r << 1) | (n & 1)
        n >>= 1
    return r
print([reverse_bits(v) for v in [1, 2, 0b10110000]], format(reverse_bits(0b1101, 4), "04b"))
x, y = 12, 25
x ^= y; y ^= x; x ^= y
print(x, y, (5 >> 1) << 1, -17 >> 2, -17 // 4, ~0 & 0xFF, (1 << 100) - 1 == int("1" * 100, 2))
