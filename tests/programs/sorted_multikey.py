# Multi-key sorting: tuples of keys, mixed directions via negation and repeated stable sorts.
rows = [("eng", "bob", 85000, 5), ("eng", "ann", 95000, 3), ("ops", "cy", 70000, 8),
        ("eng", "dee", 85000, 7), ("ops", "ed", 72000, 2), ("hr", "flo", 60000, 4)]
for r in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
    print(r)
print()
step = sorted(rows, key=lambda r: r[1])
step = sorted(step, key=lambda r: r[3], reverse=True)
step = sorted(step, key=lambda r: r[0])
for r in step:
    print(r)
from operator import itemgetter
print([r[1] for r in sorted(rows, key=itemgetter(2, 1))])
words = ["Banana", "apple", "cherry", "Apple", "banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=lambda w: (w.lower(), w)))
print(sorted(words, key=len, reverse=True), sorted(set(map(str.lower, words))))
