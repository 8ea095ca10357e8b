# Conway's Game of Life on a small torus, printed as text.
W, H = 12, 8
glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
blinker = {(8, 4), (9, 4), (10, 4)}
cells = glider | blinker
def step(cells):
    counts = {}
    for x, y in cells:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    k = ((x + dx) % W, (y + dy) % H)
                    counts[k] = counts.get(k, 0) + 1
    return {c for c, n in counts.items() if n == 3 or (n == 2 and c in cells)}
def show(cells):
    return "\n".join("".join("#" if (x, y) in cells else "." for x in range(W)) for y in range(H))
for gen in range(4):
    print(f"gen {gen} ({len(cells)} alive)")
    print(show(cells))
    cells = step(cells)
for _ in range(40):
    cells = step(cells)
print("after 44:", len(cells), sorted(cells)[:3])
