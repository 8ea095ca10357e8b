# Set comprehensions for number theory: quadratic residues, sums of squares, divisors.
p = 23
residues = {x * x % p for x in range(1, p)}
print(sorted(residues), len(residues) == (p - 1) // 2)
sums = {a * a + b * b for a in range(10) for b in range(a, 10)}
print(sorted(n for n in range(50) if n not in sums))
def divisors(n):
    return {d for i in range(1, int(n ** 0.5) + 1) if n % i == 0 for d in (i, n // i)}
print(sorted(divisors(360)), len(divisors(360)), sorted(divisors(49)))
amicable = {a for a in range(2, 3000) if (b := sum(divisors(a)) - a) != a and sum(divisors(b)) - b == a}
print(sorted(amicable))
print(sorted({n % 7 for n in range(100)} ^ {0, 10}))
