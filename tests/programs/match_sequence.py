# match: sequence patterns with star captures.
def seq(x):
    match x:
        case []:
            return "empty"
        case [a]:
            return f"one {a}"
        case [a, b]:
            return f"two {a},{b}"
        case [0, *rest]:
            return f"starts with 0, rest {rest}"
        case [first, *_, last] if first == last:
            return f"same ends {first}"
        case (a, b, *mid, z):
            return f"long {a} {b} {mid} {z}"
for v in [[], [1], (1, 2), [0, 5, 6], [3, 4, 3], range(5), "abc", (9, 8, 7)]:
    print(repr(v), seq(v))
match [1, [2, [3, 4]]]:
    case [x, [y, [z, w]]]:
        print("nested", x, y, z, w)
match {"k": 1}:
    case [*_]:
        print("dict is not a sequence")
    case _:
        print("dict did not match sequence")
