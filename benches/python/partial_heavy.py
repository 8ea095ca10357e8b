# partial-heavy workload: calling partials of Python functions and builtins,
# with bound positional arguments, keywords and Placeholders.
from functools import partial, Placeholder


def add3(a, b, c):
    return a + b + c


def scale(x, factor=1, offset=0):
    return x * factor + offset


def main():
    p1 = partial(add3, 1)
    p2 = partial(add3, Placeholder, 10)
    p3 = partial(scale, factor=3)
    p4 = partial(max, 0)
    total = 0
    for i in range(300000):
        total += p1(i, 2)
        total += p2(i, 3)
        total += p4(i & 15)
    for i in range(150000):
        total += p3(i, offset=1)
    made = [partial(add3, i) for i in range(100000)]
    print(total, len(made), made[-1](1, 1))


main()
