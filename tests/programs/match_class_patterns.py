# Class patterns: __match_args__, keyword sub-patterns, builtin self-matching types and the errors.
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
class Point3(Point):
    __match_args__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
def describe(v):
    match v:
        case Point3(0, 0, 0):
            return "origin3"
        case Point(0, 0):
            return "origin"
        case Point(x, 0) if x > 0:
            return f"positive x-axis {x}"
        case Point(x=0, y=y):
            return f"y-axis {y}"
        case Point3(x, y, z=z):
            return f"3d {x} {y} {z}"
        case Point(x, y):
            return f"point {x} {y}"
        case int(n) | float(n):
            return f"number {n}"
        case str() as s:
            return f"string {s!r}"
        case list([a, *rest]):
            return f"list head {a} rest {rest}"
        case dict({"k": val}):
            return f"dict k={val}"
        case bool(b):
            return "unreachable"
        case _:
            return "other"
for v in [Point3(0, 0, 0), Point(0, 0), Point(5, 0), Point(0, 7), Point3(1, 2, 3), Point(1, 2),
          3, 2.5, True, "s", [1, 2, 3], {"k": 9}, None]:
    print(describe(v))
def attempt(code):
    try:
        print(code())
    except TypeError as e:
        print("TypeError:", e)
def too_many():
    match Point(1, 2):
        case Point(1, 2, 3):
            return "no"
def not_a_class():
    notcls = 3
    match 1:
        case notcls():
            return "no"
class BadArgs:
    __match_args__ = ["x"]
def bad_match_args():
    match BadArgs():
        case BadArgs(1):
            return "no"
class BadNames:
    __match_args__ = (1,)
def bad_names():
    match BadNames():
        case BadNames(1):
            return "no"
def dup():
    match Point(1, 2):
        case Point(x, x=1):
            return "no"
def self_extra():
    match 1:
        case int(1, 2):
            return "no"
def missing_attr():
    match Point(1, 2):
        case Point(w=1):
            return "matched"
        case _:
            return "no attribute, no match"
for f in (too_many, not_a_class, bad_match_args, bad_names, dup, self_extra, missing_attr):
    attempt(f)
