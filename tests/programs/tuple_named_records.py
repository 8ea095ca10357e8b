# Tuples as records: sorting, grouping, zip-transposition, comparisons with None handled by keys.
rows = [("ann", 31, "NYC"), ("bob", 25, None), ("cy", 31, "LA"), ("dee", 19, "NYC")]
names, ages, cities = zip(*rows)
print(names, ages, cities)
print(sorted(rows, key=lambda r: (r[2] is None, r[2] or "", r[0])))
by_age = {}
for name, age, _ in rows:
    by_age.setdefault(age, []).append(name)
print(dict(sorted(by_age.items())))
oldest = max(rows, key=lambda r: (r[1], r[0]))
print(oldest, min(rows, key=lambda r: r[1])[0])
print([(n, a) for n, a, c in rows if c == "NYC"], sum(a for _, a, _ in rows) / len(rows))
point = (3, 4)
match point:
    case (x, y):
        print("unpacked", x, y)
print(tuple(map(sum, zip((1, 2), (10, 20)))), (1, 2) + (3,), (0,) * 3, tuple(reversed((1, 2, 3))))
