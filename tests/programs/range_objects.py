# range: lazy sequence behaviour, slicing, comparisons, big ranges.
r = range(3, 30, 4)
print(r, list(r), len(r), r[0], r[-1], r[2:5], r[::-1], r[::2])
print(15 in r, 16 in r, r.index(19), r.count(7), 7.0 in r)
try:
    r.index(4)
except ValueError as e:
    print("ValueError:", e)
try:
    r[100]
except IndexError as e:
    print("IndexError:", e)
print(range(0) == range(5, 5), range(0, 3) == range(3), range(1, 2, 5) == range(1, 3, 7), hash(range(3)) == hash(range(0, 3)))
print(list(range(5, 0, -2)), list(range(-3, 3)), list(range(0, -5, -1)), bool(range(0)), bool(range(1)))
big = range(10 ** 20)
print(big[-1], big[10 ** 19], 10 ** 19 in big, big[::10 ** 19], len(big[::10 ** 19]))
print(r.start, r.stop, r.step, reversed(r).__length_hint__(), sum(range(1, 101)))
print(range(True, 3), list(range(True, 3)))
try:
    range(1.0)
except TypeError as e:
    print("TypeError:", e)
