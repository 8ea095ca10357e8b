# Closures capture variables, not values.
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c1, c2 = make_counter(), make_counter()
print(c1(), c1(), c1(10), c2())
def adders():
    return [lambda x, n=n: x + n for n in range(3)], [lambda x: x + n for n in range(3)]
early, late = adders()
print([f(10) for f in early], [f(10) for f in late])
def outer():
    x = 1
    def middle():
        def inner():
            return x
        return inner
    x = 2
    return middle()()
print(outer())
def cell_names():
    a = 1
    b = 2
    def use():
        return a + b
    return use
u = cell_names()
print(u.__code__.co_freevars, [c.cell_contents for c in u.__closure__])
def make_acc():
    items = []
    def add(x):
        items.append(x)
        return list(items)
    return add
acc = make_acc()
acc(1)
print(acc(2))
