# __call__, __hash__/__eq__ consistency, __bool__, __len__ fallbacks, __index__.
class Multiplier:
    def __init__(self, k):
        self.k = k
    def __call__(self, x, *, plus=0):
        return x * self.k + plus
m = Multiplier(3)
print(m(4), m(4, plus=1), callable(m), list(map(m, [1, 2])))
class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __eq__(self, o):
        return (self.a, self.b) == (o.a, o.b)
    def __hash__(self):
        return hash((self.a, self.b))
d = {Key(1, 2): "x"}
print(d[Key(1, 2)], Key(1, 2) in {Key(1, 2)}, len({Key(1, 2), Key(1, 2), Key(2, 1)}))
class EqOnly:
    def __eq__(self, o):
        return True
print(EqOnly.__hash__)
class Empty:
    def __len__(self):
        return 0
class Truthy:
    def __bool__(self):
        return True
print(bool(Empty()), bool(Truthy()), "yes" if Empty() else "no")
class Bad:
    def __bool__(self):
        return 1
try:
    bool(Bad())
except TypeError as e:
    print("TypeError:", e)
class Idx:
    def __index__(self):
        return 2
print([10, 20, 30][Idx()], "abc"[Idx()], bin(Idx()), range(10)[Idx()], (1, 2, 3)[:Idx()])
class NegLen:
    def __len__(self):
        return -1
try:
    len(NegLen())
except ValueError as e:
    print("ValueError:", e)
