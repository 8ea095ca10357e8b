# Pascal's triangle, binomial identities and a centered text rendering.
def rows(n):
    row = [1]
    for _ in range(n):
        yield row
        row = [a + b for a, b in zip([0] + row, row + [0])]
tri = list(rows(12))
width = len("   ".join(map(str, tri[-1])))
for r in tri:
    print("   ".join(map(str, r)).center(width).rstrip())
import math
print(all(tri[n][k] == math.comb(n, k) for n in range(12) for k in range(n + 1)))
print([sum(r) for r in tri], [r[len(r) // 2] for r in tri])
print(sum(tri[n - k][k] for n in [10] for k in range(n // 2 + 1)))
