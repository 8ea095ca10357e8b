# Shortest path through a text maze with BFS, drawing the path.
MAZE = """\
##########
#S   #   #
# ## # # #
# #    # #
# # #### #
#   #   E#
##########"""
grid = [list(row) for row in MAZE.splitlines()]
find = lambda ch: next((r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v == ch)
start, end = find("S"), find("E")
from collections import deque
prev = {start: None}
q = deque([start])
while q:
    cur = q.popleft()
    if cur == end:
        break
    r, c = cur
    for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
        if grid[nr][nc] != "#" and (nr, nc) not in prev:
            prev[(nr, nc)] = cur
            q.append((nr, nc))
path, node = [], prev[end]
while node != start:
    path.append(node)
    node = prev[node]
for r, c in path:
    grid[r][c] = "."
print("\n".join("".join(row) for row in grid))
print("steps:", len(path) + 1, "explored:", len(prev))
