# list.sort stability, key evaluation count, sorting in place vs sorted(), and errors mid-sort.
records = [("b", 2), ("a", 2), ("c", 1), ("a", 1), ("b", 1)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(sorted(records, key=lambda r: r[0]), key=lambda r: r[1]))
calls = []
def key(x):
    calls.append(x)
    return -x
data = [3, 1, 2]
data.sort(key=key)
print(data, calls)
orig = [5, 3, 9]
new = sorted(orig)
print(orig, new, orig.sort() is None, orig)
mixed = [3, "a", 1]
try:
    mixed.sort()
except TypeError as e:
    print("TypeError:", e, mixed)
print(sorted([[2, "b"], [1, "z"], [2, "a"]]), sorted("hello", reverse=True), sorted([]), sorted((3, 1)))
big = list(range(1000, 0, -1))
big.sort()
print(big[:3], big[-3:], big == list(range(1, 1001)))
