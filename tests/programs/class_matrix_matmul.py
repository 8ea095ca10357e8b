# A Matrix class with @, ==, indexing by tuples, iteration, transpose and identity.
class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
        self.n, self.m = len(self.rows), len(self.rows[0])
    @classmethod
    def identity(cls, n):
        return cls([[int(i == j) for j in range(n)] for i in range(n)])
    def __getitem__(self, ij):
        i, j = ij
        return self.rows[i][j]
    def __setitem__(self, ij, v):
        i, j = ij
        self.rows[i][j] = v
    def __matmul__(self, o):
        if self.m != o.n:
            raise ValueError(f"shape mismatch {self.n}x{self.m} @ {o.n}x{o.m}")
        return Matrix([[sum(self[i, k] * o[k, j] for k in range(self.m)) for j in range(o.m)] for i in range(self.n)])
    def __imatmul__(self, o):
        r = self @ o
        self.rows, self.n, self.m = r.rows, r.n, r.m
        return self
    def __eq__(self, o):
        return isinstance(o, Matrix) and self.rows == o.rows
    def __iter__(self):
        return iter(self.rows)
    @property
    def T(self):
        return Matrix(zip(*self.rows))
    def __repr__(self):
        w = max(len(str(v)) for r in self.rows for v in r)
        return "\n".join("[" + " ".join(f"{v:>{w}}" for v in r) + "]" for r in self.rows)
A = Matrix([[1, 2], [3, 4], [5, 6]])
B = Matrix([[7, 8, 9], [10, 11, 12]])
print(A @ B)
print(B @ A)
print(A.T, A.T.T == A, A @ Matrix.identity(2) == A, sep="\n")
try:
    A @ A
except ValueError as e:
    print("ValueError:", e)
C = Matrix([[1, 1], [1, 0]])
C @= C
C @= C
print(C, [sum(r) for r in C], C[0, 1])
