# match: capture patterns, guards, as-patterns.
def check(x):
    match x:
        case n if isinstance(n, int) and n < 0:
            return f"negative {n}"
        case int(n) if n % 2 == 0:
            return f"even {n}"
        case int() as n:
            return f"odd {n}"
        case (str() | bytes()) as s:
            return f"text {s!r}"
        case other:
            return f"other {other!r}"
for v in [-3, 4, 7, "s", b"b", 2.5, [1]]:
    print(check(v))
match 42:
    case value:
        pass
print("bound after match:", value)
