# Closure-heavy workload: counters, composed functions, cell variable updates.
def make_counter():
    count = 0
    def inc(k):
        nonlocal count
        count += k
        return count
    return inc
def compose(f, g):
    return lambda x: f(g(x))
def make_adder(n):
    def add(x):
        return x + n
    return add
def main():
    counters = [make_counter() for _ in range(10)]
    total = 0
    for i in range(500000):
        total += counters[i % 10](i & 7)
    f = make_adder(0)
    for k in range(1, 20):
        f = compose(make_adder(k), f)
    for i in range(200000):
        total += f(i)
    total += sum(map(make_adder(3), range(500000)))
    print(total)
main()
