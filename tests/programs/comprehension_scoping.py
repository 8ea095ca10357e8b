# Comprehension scoping rules: own scope, first iterable evaluated outside, class bodies.
x = 10
result = [x for x in range(3)]
print(result, x)
class C:
    n = 3
    items = [i for i in range(n)]
    try:
        sq = [n * i for i in range(2)]
    except NameError as e:
        sq = f"NameError: {e}"
print(C.items, C.sq)
def f():
    y = 5
    return [y + i for i in range(3)], {i: y for i in range(2)}, list(y * k for k in range(2))
print(f())
matrix = [[1, 2], [3, 4]]
flat = [v for row in matrix for v in row]
print(flat, [[v * 2 for v in row] for row in matrix])
gens = [(lambda: i) for i in range(3)]
print([g() for g in gens])
z = [lambda: j for j in range(2)]
print(z[0](), "j" in dir())
data = {"a": [1, 2], "b": [3]}
print({k: [v * 10 for v in vs] for k, vs in data.items()})
