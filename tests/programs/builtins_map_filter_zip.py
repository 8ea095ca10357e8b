# map, filter, zip (incl. strict), enumerate, reversed.
print(list(map(str.upper, ["a", "b"])), list(map(pow, [2, 3], [3, 2])), list(map(len, [])))
print(list(filter(None, [0, 1, "", "x", [], [0]])), list(filter(str.isdigit, "a1b2")))
print(list(zip("abc", range(10))), list(zip()), list(zip([1], [2], [3])))
print(dict(zip(["k1", "k2"], [1, 2])), list(zip(*[(1, "a"), (2, "b")])))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(enumerate("xy")), list(enumerate("xy", start=5)), list(reversed(range(4))))
m = map(lambda x: x * 2, [1, 2, 3])
print(next(m), list(m), list(m))
print(list(map(lambda *a: sum(a), [1, 2], [10, 20], [100, 200])))
z = zip(range(3), "ab")
print(next(z), list(z))
print(sum(map(int, "12345")), "".join(map(chr, [104, 105])))
