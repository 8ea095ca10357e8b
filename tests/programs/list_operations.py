# Lists as mutable sequences: aliasing, copies, nesting, comparisons.
a = [1, 2, 3]
b = a
b.append(4)
print(a, a is b)
c = list(a)
c.append(5)
print(a, c, a is c)
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
print(grid)
bad = [[0] * 3] * 3
bad[1][1] = 5
print(bad)
nested = [1, [2, [3, [4]]]]
print(nested[1][1][1][0], len(nested))
a += [5]
print(a, b)
a = a + [6]
print(a, b)
print([3, 1] > [2, 9], [1, 2, 3] > [1, 2], [] < [0], [1, [2]] == [1, [2]])
print(sum([[1], [2, 3]], []), list(map(list, ["ab", "cd"])))
x = [1, 2, 3]
x[1] = x
print(x)
print(len([None] * 1000), max([4, 8, 2]), min(["b", "a"]), sorted([3, 1, 2]), list(reversed([1, 2, 3])))
print([i for i in [1, 2, 3] if i != 2], [*range(3), *"ab"])
