# Generator-heavy workload: tree traversal with yield from, pipelines of generators.
class Tree:
    __slots__ = ("left", "value", "right")
    def __init__(self, left, value, right):
        self.left, self.value, self.right = left, value, right
    def __iter__(self):
        if self.left is not None:
            yield from self.left
        yield self.value
        if self.right is not None:
            yield from self.right
def build(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Tree(build(lo, mid), mid, build(mid + 1, hi))
def evens(it):
    for v in it:
        if v % 2 == 0:
            yield v
def scaled(it, k):
    for v in it:
        yield v * k
def main():
    tree = build(0, 20000)
    total = 0
    for _ in range(60):
        total += sum(scaled(evens(tree), 3))
        total += sum(v for v in tree if v % 7 == 0)
    print(total)
main()
