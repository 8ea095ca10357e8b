# Matrix operations with nested lists: multiply, transpose, determinant, power, identity.
from fractions import Fraction
def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]
def transpose(m):
    return [list(r) for r in zip(*m)]
def det(m):
    m = [[Fraction(x) for x in row] for row in m]
    n, d = len(m), Fraction(1)
    for c in range(n):
        p = next((r for r in range(c, n) if m[r][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            m[c], m[p] = m[p], m[c]
            d = -d
        d *= m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [a - f * b for a, b in zip(m[r], m[c])]
    return d
def mpow(m, k):
    res = [[int(i == j) for j in range(len(m))] for i in range(len(m))]
    while k:
        if k & 1:
            res = matmul(res, m)
        m = matmul(m, m)
        k >>= 1
    return res
A = [[1, 2, 3], [4, 5, 6]]
B = [[7, 8], [9, 10], [11, 12]]
print(matmul(A, B), transpose(A))
print(det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), det([[1, 2], [2, 4]]), det([[0, 1], [1, 0]]))
print(mpow([[1, 1], [1, 0]], 90)[0][1])
for row in mpow([[2, 1], [1, 1]], 5):
    print(" ".join(f"{v:5d}" for v in row))
