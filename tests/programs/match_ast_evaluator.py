# match statements evaluating and simplifying a small expression tree.
from dataclasses import dataclass
@dataclass
class Num:
    v: float
@dataclass
class Var:
    name: str
@dataclass
class Bin:
    op: str
    left: object
    right: object
def simplify(e):
    match e:
        case Bin("+", Num(0), x) | Bin("+", x, Num(0)):
            return simplify(x)
        case Bin("*", Num(1), x) | Bin("*", x, Num(1)):
            return simplify(x)
        case Bin("*", Num(0), _) | Bin("*", _, Num(0)):
            return Num(0)
        case Bin(op, Num(a), Num(b)):
            return Num({"+": a + b, "-": a - b, "*": a * b}[op])
        case Bin(op, l, r):
            l2, r2 = simplify(l), simplify(r)
            return simplify(Bin(op, l2, r2)) if (l2, r2) != (l, r) else Bin(op, l2, r2)
        case _:
            return e
def show(e):
    match e:
        case Num(v=v):
            return str(v)
        case Var(name):
            return name
        case Bin(op=op, left=l, right=r):
            return f"({show(l)} {op} {show(r)})"
exprs = [
    Bin("+", Num(0), Var("x")),
    Bin("*", Bin("+", Num(2), Num(3)), Var("y")),
    Bin("*", Var("z"), Bin("-", Num(5), Num(5))),
    Bin("+", Bin("*", Num(1), Var("a")), Bin("*", Num(0), Var("b"))),
]
for e in exprs:
    print(show(e), "=>", show(simplify(e)))
print(Bin.__match_args__)
