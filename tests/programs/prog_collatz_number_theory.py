# Number theory: Collatz lengths, extended Euclid, modular inverse, CRT, perfect numbers.
def collatz_len(n, cache={1: 1}):
    path = []
    while n not in cache:
        path.append(n)
        n = 3 * n + 1 if n % 2 else n // 2
    length = cache[n]
    for v in reversed(path):
        length += 1
        cache[v] = length
    return length
best = max(range(1, 30000), key=collatz_len)
print(best, collatz_len(best), [collatz_len(i) for i in range(1, 11)])
def egcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y
print(egcd(240, 46), egcd(17, 5))
def modinv(a, m):
    g, x, _ = egcd(a, m)
    if g != 1:
        raise ValueError(f"{a} has no inverse mod {m}")
    return x % m
print(modinv(3, 11), pow(3, -1, 11), modinv(10, 17))
try:
    modinv(6, 9)
except ValueError as e:
    print("ValueError:", e)
def crt(rems, mods):
    from math import prod
    M = prod(mods)
    return sum(r * (M // m) * modinv(M // m, m) for r, m in zip(rems, mods)) % M
print(crt([2, 3, 2], [3, 5, 7]))
print([n for n in range(2, 10000) if sum(d for d in range(1, n // 2 + 1) if n % d == 0) == n])
