# PEP 695 generic classes and functions: type params introspection, bounds, defaults, inheritance.
class Pair[K, V]:
    def __init__(self, k: K, v: V):
        self.k, self.v = k, v
    def swap(self) -> "Pair[V, K]":
        return Pair(self.v, self.k)
    def __repr__(self):
        return f"Pair({self.k!r}, {self.v!r})"
p = Pair("a", 1)
print(p, p.swap(), Pair.__type_params__, Pair[str, int])
class NumberBox[N: (int, float)]:
    pass
(N,) = NumberBox.__type_params__
print(N.__name__, N.__constraints__, N.__bound__)
class Sortable[T: str]:
    pass
print(Sortable.__type_params__[0].__bound__)
class Child[T](Pair[T, T]):
    pass
print(Child.__type_params__, Child.__orig_bases__, Child.__mro__[1].__name__)
def apply[**P, R](f, *args: P.args, **kw: P.kwargs) -> R:
    return f(*args, **kw)
print(apply(max, 3, 9), apply.__type_params__)
def tup[*Ts](*a: *Ts) -> tuple[*Ts]:
    return a
print(tup(1, "x"), tup.__type_params__)
type IntOrStr = int | str
print(IntOrStr.__value__, isinstance(3, IntOrStr.__value__))
