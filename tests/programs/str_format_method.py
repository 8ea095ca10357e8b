# str.format: positional, keyword, indexing, attributes, conversions, specs.
print("{} {} {}".format(1, "two", 3.0))
print("{0} {1} {0}".format("a", "b"), "{x}-{y}".format(x=1, y=2))
print("{0[1]} {0[k]} {1.real}".format({1: "one", "k": "kay"}, 3 + 4j))
print("{!r} {!s} {!a}".format("q", "q", "ü"))
print("{:>8}|{:<8}|{:^8}|{:*^9}".format("r", "l", "c", "s"))
print("{:08.3f} {:+d} {: d} {:,} {:_x} {:#b}".format(3.14159, 5, 5, 1234567, 0xFFFFFF, 5))
print("{:{w}.{p}f}".format(2.71828, w=10, p=3))
print("{{literal}} {}".format("x"))
print("{:%Y}".format(type("D", (), {"__format__": lambda self, spec: "fmt:" + spec})()))
print("{0:c}{1:c}".format(80, 121), "{:e}".format(0.5), "{:.2%}".format(0.1234))
print("{:=+8d}|{:<+8d}|".format(-42, 42), "{:x<5}".format(7), "{:0>4}".format(7))
print("{:s}".format("str"), "{:10}|".format("s"), "{:10}|".format(5))
for fmt, args in [("{0} {2}", (1, 2)), ("{:d}", ("x",)), ("{a}", ()), ("{", ()), ("{:Z}", (1,))]:
    try:
        print(fmt.format(*args))
    except (IndexError, KeyError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print("{a} {b}".format_map({"a": 1, "b": 2}))
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
print("({0.x}, {0.y})".format(Point(3, 4)))
