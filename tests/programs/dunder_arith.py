# Arithmetic dunders, reflected and in-place variants, NotImplemented.
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"V({self.x}, {self.y})"
    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x, self.y + o.y)
        return NotImplemented
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return V(self.x * k, self.y * k)
        return NotImplemented
    __rmul__ = __mul__
    def __neg__(self):
        return V(-self.x, -self.y)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __iadd__(self, o):
        self.x += o.x
        self.y += o.y
        return self
    def __matmul__(self, o):
        return self.x * o.x + self.y * o.y
    def __truediv__(self, k):
        return V(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)
    def __mod__(self, k):
        return V(self.x % k, self.y % k)
    def __pow__(self, k):
        return V(self.x ** k, self.y ** k)
    def __radd__(self, o):
        return self if o == 0 else NotImplemented
a, b = V(1, 2), V(3, 4)
print(a + b, b - a, a * 3, 3 * a, -a, abs(b), a @ b, b / 2, b // 2, b % 2, a ** 2)
print(sum([a, b, V(10, 10)]))
c = a
c += b
print(c, a, c is a)
try:
    a + 1
except TypeError as e:
    print("TypeError:", e)
try:
    "s" * a
except TypeError as e:
    print("TypeError:", e)
class Money(int):
    def __add__(self, o):
        return Money(int(self) + int(o))
    def __repr__(self):
        return f"${int(self)}"
print(Money(5) + 3, 3 + Money(5), type(3 + Money(5)).__name__)
