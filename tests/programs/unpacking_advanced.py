# Advanced unpacking: nested stars, in comprehensions, returns, dict unpacking in calls.
def stats(*nums):
    return min(nums), max(nums), sum(nums) / len(nums)
lo, hi, avg = stats(*[4, 8, 15, 16, 23, 42])
print(lo, hi, avg)
[a, [b, *c], *d] = [1, [2, 3, 4], 5, 6]
print(a, b, c, d)
pairs = [(1, ("x", "y")), (2, ("z", "w"))]
print([f"{n}{p}{q}" for n, (p, q) in pairs])
head, *_, tail = range(10)
print(head, tail)
*a1, = "xyz"
print(a1)
for first, *others in [[1, 2, 3], [4], "ab"]:
    print(first, others)
def kw(a, b, c=0, **rest):
    return a, b, c, rest
conf = {"b": 2, "c": 3, "d": 4}
print(kw(1, **conf), kw(**{"a": 0, "b": 0}))
x = {"a": 1}
y = {**x, "b": 2, **{"a": 100}}
print(y, [*y], (*y.values(),))
m = [[1, 2], [3, 4]]
(p, q), (r, s) = m
print(p + s, q + r)
print(*(i * i for i in range(4)))
