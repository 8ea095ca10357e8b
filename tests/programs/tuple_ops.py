# Tuples: packing, immutability, methods, comparison, hashing.
t = 1, 2, 3
print(t, type(t), len(t), t[0], t[-1], t[1:], t[::-1])
single = (5,)
print(single, (5), type(()), tuple(), tuple("ab"), tuple([1, 2]))
print(t + (4,), t * 2, 2 in t, t.count(2), t.index(3))
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(99)
except ValueError as e:
    print("ValueError:", e)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), () == ())
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "a"}[(1, 2)])
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError:", e)
mut = ([1], 2)
mut[0].append(3)
print(mut)
try:
    mut[0] += [4]
except TypeError as e:
    print("TypeError:", e)
print(mut)
a, b = b, a = 1, 2
print(a, b)
print(sorted([(2, "b"), (1, "z"), (2, "a")]), max([(1, 2), (1, 3)]))
