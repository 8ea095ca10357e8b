# Functional patterns: currying, composition, reduce pipelines, Y-combinator-ish recursion.
from functools import reduce, partial
def curry(f, n):
    def curried(*args):
        if len(args) >= n:
            return f(*args)
        return lambda *more: curried(*args, *more)
    return curried
add3 = curry(lambda a, b, c: a + b + c, 3)
print(add3(1)(2)(3), add3(1, 2)(3), add3(1)(2, 3), add3(1, 2, 3))
compose = lambda *fs: reduce(lambda f, g: lambda x: f(g(x)), fs)
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose(inc, inc, inc)(0))
pipeline = [partial(map, str.strip), partial(filter, None), partial(map, str.upper), sorted]
print(reduce(lambda acc, f: f(acc), pipeline, ["  b ", "", " a", "c  ", " "]))
Y = lambda f: (lambda x: x(x))(lambda y: f(lambda *a: y(y)(*a)))
fact = Y(lambda self: lambda n: 1 if n < 2 else n * self(n - 1))
print(fact(10))
print(list(map(lambda p: p[0] * p[1], zip(range(5), range(5, 10)))))
print(reduce(lambda d, kv: {**d, kv[0]: kv[1]}, [("a", 1), ("b", 2)], {}))
