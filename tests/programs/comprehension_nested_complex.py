# Complex comprehensions: nested loops with conditions, conditional expressions, nested dicts.
n = 6
table = [[i * j for j in range(1, n + 1)] for i in range(1, n + 1)]
for row in table:
    print(" ".join(f"{v:2d}" for v in row))
print([(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c])
print({w: {ch: w.count(ch) for ch in sorted(set(w))} for w in ["noon", "abc"]})
print([x if x % 2 else -x for x in range(8) if x % 3])
print([[c for c in word if c not in "aeiou"] for word in ["comprehension", "python"]])
flat = [y for x in [[1, [2, 3]], [4]] for y in (x if isinstance(x, list) else [x])]
print(flat)
print(sorted({(min(a, b), max(a, b)) for a in range(3) for b in range(3) if a != b}))
print(sum(1 for i in range(100) for j in range(i) if (i + j) % 7 == 0))
print({k: v for k, v in sorted({"b": 2, "a": 1, "c": 3}.items(), key=lambda kv: -kv[1])})
