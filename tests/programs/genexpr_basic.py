# Generator expressions: laziness, single pass, early binding of the first iterable.
g = (x * x for x in range(5))
print(type(g).__name__, next(g), next(g), list(g), list(g))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 5]), all(x > 0 for x in []), min((x for x in [4, 2, 8]), default=None))
log = []
def src(n):
    for i in range(n):
        log.append(f"gen {i}")
        yield i
g = (v * 10 for v in src(3))
log.append("created")
for v in g:
    log.append(f"got {v}")
print(log)
it = [1, 2, 3]
g = (x for x in it)
it = [9]
print(list(g))
try:
    g = (x for x in 5)
except TypeError as e:
    print("TypeError:", e)
print(list((i, j) for i in range(2) for j in "ab"), ",".join(str(i) for i in range(4)))
print(sorted((x for x in "banana"), reverse=True), tuple(c for c in "hi"))
