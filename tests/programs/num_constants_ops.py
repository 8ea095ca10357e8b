# Constants of every kind, set displays, Ellipsis/NotImplemented, and the
# operator dispatch of @, <<, >> and the reflected and in-place forms.
def f():
    return (b"bytes\x00\xff", 2j, -1.5j, ..., frozenset({1, 2}), (1, b"x", 3j))

print(f())
print(1 in {1, 2, 3}, "a" in {"a", "b"}, 4 not in frozenset({1, 2}))
print({1, 2, 2, 3}, {*[1, 2], 3, *(4,)}, {x * x for x in range(4)}, set())
print(..., Ellipsis, type(...).__name__, ... is Ellipsis, type(...)() is Ellipsis, repr(...))
print(NotImplemented, type(NotImplemented)() is NotImplemented, type(None)() is None)
for t in [type(...), type(None), type(NotImplemented)]:
    try:
        t(1)
    except TypeError as e:
        print(e)
print(Ellipsis.__reduce__(), hash(...) == hash(...))

class M:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"M({self.v})"
    def __matmul__(self, o):
        return ("matmul", self.v, o)
    def __rmatmul__(self, o):
        return ("rmatmul", self.v, o)
    def __lshift__(self, o):
        return ("lshift", o)
    def __rlshift__(self, o):
        return ("rlshift", o)
    def __rshift__(self, o):
        return ("rshift", o)
    def __rrshift__(self, o):
        return ("rrshift", o)
    def __pow__(self, o, mod=None):
        return ("pow", o, mod)
    def __rpow__(self, o):
        return ("rpow", o)
    def __divmod__(self, o):
        return ("divmod", o)
    def __rdivmod__(self, o):
        return ("rdivmod", o)
    def __round__(self, n=None):
        return ("round", n)
    def __abs__(self):
        return "abs"
    def __index__(self):
        return 10

m = M(1)
print(m @ 2, 2 @ m, m << 3, 3 << m, m >> 4, 4 >> m, m ** 2, 2 ** m, pow(m, 2, 5))
print(divmod(m, 1), divmod(1, m), round(m), round(m, 2), abs(m), hex(m), oct(m), bin(m))
x = M(2)
x @= 5
print(x)
y = 1
y <<= 10
y >>= 3
print(y)

class I(M):
    def __imatmul__(self, o):
        return ("imatmul", self.v, o)
    def __ilshift__(self, o):
        return ("ilshift", o)
z = I(3)
z @= 1
print(z)
z = I(3)
z <<= 1
print(z)
for f in [lambda: 1 @ 2, lambda: [] @ [], lambda: "a" << 1, lambda: 1.5 >> 1, lambda: hex(1.5),
          lambda: abs("x"), lambda: round("x"), lambda: divmod("a", 1)]:
    try:
        f()
    except TypeError as e:
        print(e)
print(hex(255), hex(-255), oct(8), bin(-5), hex(2 ** 70), bin(0), oct(-0))
