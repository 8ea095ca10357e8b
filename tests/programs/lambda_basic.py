# Lambdas as values, keys and closures.
sq = lambda x: x * x
print(sq(7), (lambda: "noargs")(), (lambda *a, **k: (a, k))(1, z=2))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs, key=lambda p: p[1]), max(pairs, key=lambda p: p[0]))
print(list(map(lambda x, y: x + y, [1, 2], [10, 20])), list(filter(lambda s: s, ["", "a", None, "b"])))
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
print(compose(sq, inc)(3), compose(inc, sq)(3))
print(sq.__name__, (lambda: 0).__qualname__)
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10))
print((lambda a, b=2, *, c=3: a + b + c)(1, c=10))
