# Class patterns with built-in types that match the whole subject positionally.
def kind(x):
    match x:
        case bool(b):
            return f"bool {b}"
        case int(n) if n < 0:
            return f"negative int {n}"
        case int(n):
            return f"int {n}"
        case float(f):
            return f"float {f}"
        case str() as s if not s:
            return "empty str"
        case str(s):
            return f"str {s!r}"
        case bytes(b):
            return f"bytes {b!r}"
        case list([]) | tuple(()):
            return "empty sequence"
        case list([int(), *_]):
            return "list starting with int"
        case dict({"k": v}):
            return f"dict with k={v}"
        case set() | frozenset():
            return f"set of {len(x)}"
        case None:
            return "None"
        case _:
            return f"other {type(x).__name__}"
for v in [True, -3, 7, 2.5, "", "hi", b"b", [], (), [1, "x"], ["x"], {"k": 9, "j": 1}, {1, 2}, frozenset(), None, 3j]:
    print(repr(v), "->", kind(v))
