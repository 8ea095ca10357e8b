# zip(strict=True) errors, itertools.zip_longest, and unzipping.
import itertools
print(list(zip([1, 2], "ab", strict=True)))
for a, b in [([1, 2, 3], [1]), ([1], [1, 2, 3])]:
    try:
        list(zip(a, b, strict=True))
    except ValueError as e:
        print("ValueError:", e)
try:
    list(zip([1], [1], [1, 2], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(itertools.zip_longest("abc", [1])), list(itertools.zip_longest([], [], fillvalue=0)))
pairs = [(1, "one"), (2, "two"), (3, "three")]
nums, names = zip(*pairs)
print(nums, names, list(zip(*zip(*pairs))) == pairs)
print(list(zip(range(3), range(10, 13), range(20, 23))), dict(zip("abc", itertools.count())))
