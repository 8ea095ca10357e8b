# Weak references to bound methods, the arithmetic a proxy forwards
# (binary, in-place, unary, index), its __bytes__ and __reversed__, and
# bytes() through __bytes__ (weakrefobject.c proxy slots, bytes_new).
import weakref


class C:
    def method(self):
        return "called"

    def __bytes__(self):
        return b"bytes"

    def __reversed__(self):
        return iter("cba")

    def __index__(self):
        return 3

    def __matmul__(self, other):
        return "matmul"

    def __pow__(self, other):
        return "pow"

    def __lshift__(self, other):
        return "lshift"

    def __floordiv__(self, other):
        return 42

    def __ifloordiv__(self, other):
        return 21

    def __neg__(self):
        return "neg"

    def __abs__(self):
        return "abs"

    def __divmod__(self, other):
        return ("q", "r")


o = C()
m = o.method
r = weakref.ref(m)
print(r() is m, r()())
del m
print(r())
wm = weakref.WeakMethod(o.method)
print(wm()())

p = weakref.proxy(o)
print(bytes(p), list(reversed(p)), "__bytes__" in dir(p))
print(p @ 1, p ** 2, p << 1, p // 5, -p, abs(p), divmod(p, 2), [10, 20, 30, 40][p], hex(p))
q = p
q //= 5
print(q)
print(bytes(o), bytes(C()))


class Bad:
    def __bytes__(self):
        return "not bytes"


try:
    bytes(Bad())
except TypeError as e:
    print("TypeError", e)


class B(bytes):
    def __bytes__(self):
        return b"other"


print(bytes(B(b"x")), bytes(b"plain"), bytes(3), bytes([1, 2]))
