# list.sort is CPython's timsort: same results, stability, and the same
# number and order of __lt__ calls.

calls = 0

class K:
    __slots__ = ("v", "tag")
    def __init__(self, v, tag=None):
        self.v = v
        self.tag = tag
    def __lt__(self, other):
        global calls
        calls += 1
        return self.v < other.v
    def __repr__(self):
        return f"K({self.v})"

def count_sort(values, **kw):
    global calls
    calls = 0
    items = [K(v, i) for i, v in enumerate(values)]
    items.sort(**kw)
    return calls, [k.v for k in items][:8], [k.tag for k in items][:8]

def lcg(seed, n, mod):
    out = []
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(x % mod)
    return out

print(count_sort([]))
print(count_sort([1]))
print(count_sort([2, 1]))
print(count_sort(list(range(100))))
print(count_sort(list(range(100, 0, -1))))
print(count_sort([5] * 50))
print(count_sort(lcg(1, 64, 1000)))
print(count_sort(lcg(2, 65, 1000)))
print(count_sort(lcg(3, 1000, 50)))
print(count_sort(lcg(4, 3000, 100000)))
print(count_sort(lcg(5, 2000, 10), reverse=True))
print(count_sort(list(range(500)) + list(range(500)) + lcg(6, 300, 700)))
print(count_sort([3, 2, 2, 1, 1, 1, 0] * 30))
print(count_sort(list(range(0, 2000, 2)) + list(range(1, 2000, 2))))

# key= and reverse= keep equal keys in their original order.
words = ["pear", "fig", "apple", "kiwi", "date", "plum", "lime", "banana", "yam"]
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
people = [("bo", 3), ("al", 1), ("cy", 3), ("di", 2), ("ed", 1)]
people.sort(key=lambda p: p[1])
print(people)
people.sort(key=lambda p: p[1], reverse=True)
print(people)

# Fast paths for ints and floats give the same order as comparisons.
nums = lcg(7, 500, 1000)
fl = [x / 7 for x in nums]
print(sorted(nums)[:10], sorted(fl)[-3:], sorted(nums, reverse=True)[:5])
mixed = [3, 1.5, 2, 0.5, True]
print(sorted(mixed))

# Errors: an uncomparable pair, a failing key, a list changed meanwhile.
try:
    [3, "a", 1].sort()
except TypeError as e:
    print("TypeError:", e)
data = [4, 2, 3]
try:
    data.sort(key=lambda x: 1 // (x - 3))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e, data)
data = [5, 1, 4]
def meddle(x):
    data.append(x)
    return x
try:
    data.sort(key=meddle)
except ValueError as e:
    print("ValueError:", e, data)
seen = []
def look(x):
    seen.append(len(data))
    return x
data.sort(key=look)
print(data, seen)
try:
    [1, 2].sort(1)
except TypeError as e:
    print("TypeError:", e)
try:
    [1, 2].sort(cmp=None)
except TypeError as e:
    print("TypeError:", e)
