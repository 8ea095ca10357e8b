# A polynomial class: arithmetic dunders, __call__, __getitem__, __eq__, pretty printing.
class Poly:
    def __init__(self, coeffs):
        c = list(coeffs)
        while len(c) > 1 and c[-1] == 0:
            c.pop()
        self.c = c
    def __repr__(self):
        terms = []
        for i in range(len(self.c) - 1, -1, -1):
            a = self.c[i]
            if a == 0 and len(self.c) > 1:
                continue
            sign = "-" if a < 0 else "+"
            a = abs(a)
            body = ("" if a == 1 and i else str(a)) + ("x" if i else "") + (f"^{i}" if i > 1 else "")
            terms.append((sign, body))
        s = "".join(f" {sg} {b}" for sg, b in terms).strip()
        return s[2:] if s.startswith("+ ") else "-" + s[2:]
    def __add__(self, o):
        n = max(len(self.c), len(o.c))
        return Poly([(self.c[i] if i < len(self.c) else 0) + (o.c[i] if i < len(o.c) else 0) for i in range(n)])
    def __neg__(self):
        return Poly([-a for a in self.c])
    def __sub__(self, o):
        return self + -o
    def __mul__(self, o):
        out = [0] * (len(self.c) + len(o.c) - 1)
        for i, a in enumerate(self.c):
            for j, b in enumerate(o.c):
                out[i + j] += a * b
        return Poly(out)
    def __pow__(self, n):
        r = Poly([1])
        for _ in range(n):
            r = r * self
        return r
    def __call__(self, x):
        acc = 0
        for a in reversed(self.c):
            acc = acc * x + a
        return acc
    def __getitem__(self, i):
        return self.c[i] if i < len(self.c) else 0
    def __eq__(self, o):
        return self.c == o.c
    def derivative(self):
        return Poly([i * a for i, a in enumerate(self.c)][1:] or [0])
p = Poly([1, -3, 0, 2])
q = Poly([0, 1])
print(p, "|", q, "|", p + q, "|", p - p, "|", p * q)
print((q + Poly([1])) ** 5)
print(p(2), p(-1), [p(x) for x in range(4)], p[3], p[10], p.derivative(), p.derivative().derivative())
print(Poly([1, 1]) ** 2 == Poly([1, 2, 1]), -Poly([0, 0, 5]))
