# Unpacking in for loops over dict items, enumerate, zip, nested tuples and starred targets.
inventory = {"apples": (3, 0.5), "pears": (0, 0.75), "figs": (12, 0.2)}
for name, (qty, price) in inventory.items():
    print(f"{name:>7}: {qty:2d} x {price:.2f} = {qty * price:5.2f}")
for i, (name, _) in enumerate(sorted(inventory.items()), start=1):
    print(i, name)
for a, b, c in zip("abc", range(3), [True, False, None]):
    print(a, b, c)
for head, *tail in ["xyz", (1, 2), [0]]:
    print(head, tail)
for (x, y), label in [((0, 0), "origin"), ((1, 2), "p")]:
    print(label, x + y)
matrix = [[1, 2, 3], [4, 5, 6]]
for r, row in enumerate(matrix):
    for c, v in enumerate(row):
        if v % 2 == 0:
            print("even at", (r, c))
