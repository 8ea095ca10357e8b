# min/max with iterables vs varargs, key, default, ties and mixed types.
print(max([3, 1, 4, 1, 5]), max(3, 1, 4), max("abc"), max(["b", "a"], ["a", "z"]))
print(min([("b", 2), ("a", 3), ("a", 1)]), min([], default=None), max((), default="empty"))
words = ["kiwi", "fig", "banana", "cherry", "date"]
print(max(words, key=len), min(words, key=len), max(words, key=lambda w: (len(w), w)), min(words, key=str.upper))
print(max([1, 3, 3, 2], key=lambda x: x), max([(1, "first"), (1, "second")], key=lambda t: t[0]))
print(max(1, 2.5, True), min(-1, -1.0), max([[1, 2], [1, 3]]), min(range(5, 0, -1)))
try:
    max(1, "a")
except TypeError as e:
    print("TypeError:", e)
try:
    min([], key=len)
except ValueError as e:
    print("ValueError:", e)
try:
    max(1, 2, default=0)
except TypeError as e:
    print("TypeError:", e)
print(max({"a": 3, "b": 9}, key={"a": 3, "b": 9}.get), min({3, 1, 2}), max(iter([7, 8])))
