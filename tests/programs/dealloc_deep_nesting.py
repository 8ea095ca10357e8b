# Dropping very deep structures frees them without exhausting the native
# stack (the trashcan), and hashing a deep tuple raises RecursionError.
t = ()
for _ in range(300_000):
    t = (t,)
try:
    hash(t)
except RecursionError as e:
    print("RecursionError", "while hashing a tuple" in str(e))
del t
l = []
for _ in range(300_000):
    l = [l]
del l
d = {}
for _ in range(300_000):
    d = {"k": d}
del d
class Node:
    def __init__(self, nxt):
        self.nxt = nxt
n = None
for _ in range(300_000):
    n = Node(n)
del n
print("freed")
