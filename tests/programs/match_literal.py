# match: literal patterns and wildcard.
def describe(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case "hello":
            return "greeting"
        case b"raw":
            return "bytes"
        case True:
            return "true"
        case None:
            return "none"
        case -1.5:
            return "neg float"
        case 2j:
            return "imag"
        case _:
            return "other"
for v in [0, 2, "hello", b"raw", True, None, -1.5, 2j, 1.0, "x", 99, False]:
    print(repr(v), describe(v))
