# Error messages from bad format strings and specs.
cases = [
    lambda: "{:>>>}".format(1), lambda: "{:.2d}".format(5), lambda: "{:,s}".format("x"),
    lambda: "{0!x}".format(1), lambda: "{}{0}".format(1, 2), lambda: "{0}{}".format(1, 2),
    lambda: "}".format(), lambda: "{:=}".format("s"), lambda: format(1, "c" * 2),
    lambda: "{a.b}".format(a=1), lambda: "{0[5]}".format([1]), lambda: format(3.5, "x"),
    lambda: format("s", "+"), lambda: format(10 ** 100, "c"), lambda: "%d" % "s", lambda: "%(k)s" % (1,),
]
for c in cases:
    try:
        print("ok:", c())
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
