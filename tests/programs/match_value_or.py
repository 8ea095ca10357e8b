# match: value patterns (dotted names) and or-patterns binding the same names.
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
class Const:
    LIMIT = 10
def f(x):
    match x:
        case Color.RED:
            return "red"
        case Color.GREEN | Color.BLUE:
            return "cool color"
        case Const.LIMIT:
            return "at limit"
        case (1, y) | (y, 1):
            return f"pair with 1, other {y}"
        case [("a" | "b") as letter, *_]:
            return f"list starting with {letter}"
    return "no match"
for v in [Color.RED, Color.BLUE, 10, (1, 5), (7, 1), ["b", 2], ["c"], 11]:
    print(v, "->", f(v))
