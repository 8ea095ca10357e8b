# Deeply nested functions, each level reading and rebinding enclosing variables.
def level1():
    a = 1
    def level2():
        b = 2
        def level3():
            nonlocal b
            c = 3
            def level4():
                nonlocal c
                c += a + b
                return c
            result = level4()
            b = result * 10
            return result
        r = level3()
        return r, b
    return level2()
print(level1())
def make_ops():
    ops = {}
    for name, fn in [("add", lambda a, b: a + b), ("mul", lambda a, b: a * b)]:
        def op(a, b, fn=fn, name=name):
            return f"{name}({a}, {b}) = {fn(a, b)}"
        ops[name] = op
    return ops
ops = make_ops()
print(ops["add"](2, 3), ops["mul"](2, 3))
def fib_gen_factory():
    cache = {0: 0, 1: 1}
    def fib(n):
        if n not in cache:
            cache[n] = fib(n - 1) + fib(n - 2)
        return cache[n]
    return fib, cache
fib, cache = fib_gen_factory()
print(fib(60), len(cache))
