# Iterator protocol: __iter__ and __next__, StopIteration, iter(callable, sentinel).
class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
c = Countdown(3)
print(list(c), list(c))
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return Countdown(self.n)
r = Range2(2)
print(list(r), list(r), sum(r), sorted(r))
it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
vals = iter([5, 4, 3, 0, 7])
print(list(iter(lambda: next(vals), 0)))
class NotIter:
    pass
try:
    iter(NotIter())
except TypeError as e:
    print("TypeError:", e)
try:
    next([1])
except TypeError as e:
    print("TypeError:", e)
a, b, *c = Countdown(5)
print(a, b, c, max(Countdown(4)), 2 in Countdown(3))
