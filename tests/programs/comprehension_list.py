# List comprehensions: filters, nesting, scoping.
print([x * x for x in range(10)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[x * y for y in range(1, 4)] for x in range(1, 4)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([c.upper() for c in "hello" if c not in "l"])
x = "outer"
print([x for x in "ab"], x)
print([y if y % 2 else -y for y in range(6)])
print([(i, s) for i, s in enumerate("xyz")])
print([n for n in range(2, 30) if all(n % d for d in range(2, n))])
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
print([w := v * 2 for v in range(3)], w)
print([*[1, 2], *[x for x in "ab"]])
