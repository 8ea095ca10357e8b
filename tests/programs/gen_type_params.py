# PEP 695 type parameters and type aliases: TypeVar/ParamSpec/TypeVarTuple, lazy bounds, defaults, aliases.
def f[T: int, V: (int, str), *Ts, **P, U = str](x: T) -> T:
    return x
T, V, Ts, P, U = f.__type_params__
print(f.__type_params__, [type(p).__name__ for p in f.__type_params__])
print(T.__name__, T.__bound__, T.__constraints__, T.__default__, T.has_default(), U.__default__, U.has_default())
print(V.__constraints__, V.__bound__, T.__module__, T | None, T | int)
type Alias[X] = list[X] | None
print(Alias, type(Alias).__name__, Alias.__name__, Alias.__value__, Alias.__type_params__, Alias[int], Alias.__module__)
type Lazy = Undefined
try:
    Lazy.__value__
except NameError as e:
    print("NameError:", e)
Undefined = float
print(Lazy.__value__)
try:
    Lazy[int]
except TypeError as e:
    print("TypeError:", e)
