# Infinite generators combined with itertools: primes, fibonacci, take/drop, interleaving.
import itertools as it
def primes():
    found = []
    for n in it.count(2):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
print(list(it.islice(primes(), 20)))
print(list(it.islice(fib(), 10, 20)))
print(next(p for p in primes() if p > 1000))
print(list(it.takewhile(lambda x: x < 100, (f for f in fib() if f % 2 == 0))))
def interleave(*gens):
    for items in zip(*gens):
        yield from items
print(list(it.islice(interleave(it.count(0, 2), it.count(1, 2), it.repeat("x")), 12)))
def running_max(xs):
    best = None
    for x in xs:
        best = x if best is None or x > best else best
        yield best
print(list(running_max([3, 1, 4, 1, 5, 9, 2, 6])))
print(sum(it.islice((x * x for x in it.count(1) if x % 3 == 0), 10)))
