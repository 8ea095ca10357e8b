# C3 linearization for diamond and complex hierarchies; cooperative super().
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(A):
    def who(self):
        return ["C"] + super().who()
class D(B, C):
    def who(self):
        return ["D"] + super().who()
print([k.__name__ for k in D.__mro__], D().who())
class O: pass
class F(O): pass
class E(O): pass
class Dd(O): pass
class Cc(Dd, F): pass
class Bb(Dd, E): pass
class Aa(Bb, Cc, E): pass
print([k.__name__ for k in Aa.mro()])
try:
    class X(A, B): pass
except TypeError as e:
    print("TypeError:", e)
class Base:
    def __init__(self, **kw):
        print("Base init, leftover", kw)
class Left(Base):
    def __init__(self, left=0, **kw):
        print("Left init", left)
        super().__init__(**kw)
class Right(Base):
    def __init__(self, right=0, **kw):
        print("Right init", right)
        super().__init__(**kw)
class Both(Left, Right):
    pass
Both(left=1, right=2, extra=3)
print(super(B, D()).who())
