# Text layout: a multiplication table with box-drawing borders and right-aligned cells.
N = 9
w = len(str(N * N))
top = "┌" + "┬".join("─" * (w + 2) for _ in range(N + 1)) + "┐"
mid = "├" + "┼".join("─" * (w + 2) for _ in range(N + 1)) + "┤"
bot = "└" + "┴".join("─" * (w + 2) for _ in range(N + 1)) + "┘"
def row(cells):
    return "│" + "│".join(f" {c:>{w}} " for c in cells) + "│"
print(top)
print(row(["×"] + list(range(1, N + 1))))
print(mid)
for i in range(1, N + 1):
    print(row([i] + [i * j for j in range(1, N + 1)]))
print(bot)
print(sum(i * j for i in range(1, N + 1) for j in range(1, N + 1)))
