# sorted/min/max/sum with keys, defaults, stability.
people = [("ann", 31), ("bob", 25), ("cy", 31), ("di", 25), ("ed", 40)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: p[1]))
print(min(3, 1, 2), max("apple", "fig", key=len), min([], default="empty"), max([5], default=0))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    max()
except TypeError as e:
    print("TypeError:", e)
print(sum([1, 2, 3], 10), sum([0.5, 0.25]), sum([[1], [2]], start=[]), sum(range(101)))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
print(sorted("Banana"), sorted({3: "x", 1: "y"}), sorted([3, 1, 2], reverse=True))
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
print(sorted([-3, 2, -1], key=abs), sorted(["b", "A", "c"], key=str.casefold))
print(sum([1e100, 1.0, -1e100]), sum([0.1] * 10) == 1.0)
