# yield from: delegation, return values, send/throw pass-through.
def inner():
    x = yield "inner-1"
    print("  inner got", x)
    y = yield "inner-2"
    print("  inner got", y)
    return "inner-result"
def outer():
    result = yield from inner()
    print("  outer got result", result)
    yield "outer-final"
g = outer()
print(next(g))
print(g.send("A"))
print(g.send("B"))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(3))))
def tree(node):
    if isinstance(node, list):
        for child in node:
            yield from tree(child)
    else:
        yield node
print(list(tree([1, [2, [3, 4], [[5]]], 6])))
def catcher():
    try:
        yield 1
    except KeyError:
        yield "handled in catcher"
def delegator():
    yield from catcher()
d = delegator()
next(d)
print(d.throw(KeyError()))
def depth(n):
    if n:
        r = yield from depth(n - 1)
        return r + 1
    return 0
    yield
try:
    next(depth(5))
except StopIteration as e:
    print("depth", e.value)
