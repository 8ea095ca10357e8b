# PEP 695 type parameters and the type statement.
type Point = tuple[float, float]
type Pair[T] = tuple[T, T]
type Tree[T] = T | list[Tree[T]]
print(Point, type(Point).__name__, Point.__name__, Point.__value__)
print(Pair, Pair.__type_params__, Pair[int], Pair[int].__args__)
print(Tree.__value__)
def first[T](items: list[T]) -> T:
    return items[0]
print(first([3, 4]), first.__type_params__, first.__type_params__[0].__name__)
class Stack[T]:
    def __init__(self):
        self.items: list[T] = []
    def push(self, item: T) -> None:
        self.items.append(item)
    def pop(self) -> T:
        return self.items.pop()
s = Stack[int]()
s.push(1); s.push(2)
print(s.pop(), Stack.__type_params__, Stack.__mro__[-2].__name__)
def bounded[N: (int, float), S: str, *Ts, **P](n: N) -> N:
    return n
tp = bounded.__type_params__
print([type(p).__name__ for p in tp], tp[0].__constraints__, tp[1].__bound__)
type Lazy = UndefinedYet
try:
    Lazy.__value__
except NameError as e:
    print("NameError:", e)
UndefinedYet = int
print(Lazy.__value__)
def with_default[T = str]() -> T: ...
print(with_default.__type_params__[0].__default__)
