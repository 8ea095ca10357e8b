# dict and set comprehensions.
words = ["apple", "banana", "cherry", "date", "fig", "grape"]
print({w: len(w) for w in words})
print({len(w) for w in words} == {3, 4, 5, 6})
print(sorted({w[0] for w in words}))
print({k: v for k, v in zip("abc", range(3)) if v != 1})
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv)
print({i: {j: i * j for j in range(3)} for i in range(3)})
print({(x, y) for x in range(2) for y in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print({ch: n for ch, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))})
print({x % 5: x for x in range(20)})
print(dict((str(i), i) for i in range(4)))
