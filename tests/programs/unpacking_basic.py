# Sequence unpacking: plain, starred, nested, in for loops.
a, b, c = [1, 2, 3]
print(a, b, c)
first, *rest = "hello"
print(first, rest)
*init, last = range(5)
print(init, last)
h, *mid, t = (1, 2)
print(h, mid, t)
(x, y), [z, *w] = (1, 2), "abc"
print(x, y, z, w)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
a, b = b, a
print(a, b)
try:
    p, q = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    p, q, r = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    p, *q, r = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    p, q = 5
except TypeError as e:
    print("TypeError:", e)
print(*[1, 2], *"ab", sep="|")
print([*range(2), *(3, 4)], (*"xy",), {*"aa", *"b"} == {"a", "b"})
print({**{"a": 1}, "b": 2, **{"a": 3}})
d = {}
d["k"], d["j"] = 1, 2
lst = [0, 0, 0]
lst[0], lst[2] = "L", "R"
print(d, lst)
i = 0
i, lst[i] = 1, "X"
print(i, lst)
