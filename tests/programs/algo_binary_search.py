# Binary search by hand and with bisect.
import bisect
def bsearch(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(a) and a[lo] == x else -1
a = list(range(0, 100, 3))
for x in [0, 3, 50, 51, 99, 100, -1]:
    print(x, bsearch(a, x), bisect.bisect_left(a, x), bisect.bisect_right(a, x))
s = []
for v in [5, 1, 4, 1, 5, 9, 2, 6]:
    bisect.insort(s, v)
print(s)
grades = [60, 70, 80, 90]
print([("FDCBA")[bisect.bisect(grades, score)] for score in [33, 99, 77, 70, 89, 90, 100]])
words = sorted(["pear", "apple", "fig", "banana"])
print(words, bisect.bisect_left(words, "c"), bisect.bisect(words, "fig"))
print(bisect.bisect_left([(1, "a"), (3, "c")], (2,)), bisect.bisect_left([10, 20, 30], 25, key=None))
recs = [("a", 1), ("b", 5), ("c", 9)]
print(bisect.bisect_left(recs, 5, key=lambda r: r[1]))
