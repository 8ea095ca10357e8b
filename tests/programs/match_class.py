# match: class patterns, positional via __match_args__, keyword attributes.
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
class Circle:
    __match_args__ = ("center", "r")
    def __init__(self, center, r):
        self.center, self.r = center, r
def where(s):
    match s:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return f"on y axis at {y}"
        case Point(x, 0):
            return f"on x axis at {x}"
        case Circle(Point(x, y), r=r) if r > 10:
            return f"big circle at {x},{y}"
        case Circle(c, r):
            return f"circle r={r}"
        case Point():
            return "some point"
        case int(v) | float(v):
            return f"number {v}"
        case str(s):
            return f"string {s}"
    return "unknown"
for s in [Point(0, 0), Point(0, 5), Point(3, 0), Point(1, 1), Circle(Point(1, 2), 20),
          Circle(Point(0, 0), 1), 7, 2.5, "hey", None]:
    print(where(s))
class NoArgs:
    pass
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)
