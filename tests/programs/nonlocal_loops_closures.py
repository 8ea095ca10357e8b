# Closures created in loops: late binding vs default-argument capture vs factory functions.
late = []
for i in range(3):
    late.append(lambda: i)
print([f() for f in late])
bound = []
for i in range(3):
    bound.append(lambda i=i: i)
print([f() for f in bound])
def factory(n):
    return lambda: n
made = [factory(i) for i in range(3)]
print([f() for f in made])
def counters():
    fns = []
    total = 0
    for step in (1, 10, 100):
        def add(step=step):
            nonlocal total
            total += step
            return total
        fns.append(add)
    return fns
a, b, c = counters()
print(a(), b(), c(), a())
i = "module i"
funcs = [lambda: i for i in range(2)]
print([f() for f in funcs], i)
