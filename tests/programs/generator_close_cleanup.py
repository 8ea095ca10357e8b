# Generator cleanup: close() runs finally, generators abandoned mid-way are finalized.
def resource(name):
    print("open", name)
    try:
        for i in range(3):
            yield f"{name}-{i}"
    finally:
        print("close", name)
g = resource("A")
print(next(g))
g.close()
print("after explicit close")
for item in resource("B"):
    print(item)
    if item.endswith("1"):
        break
print("after break")
def make():
    gen = resource("C")
    next(gen)
    return "dropped"
print(make())
print(list(resource("D")))
def ctx_gen():
    with open_ctx():
        yield 1
        yield 2
class open_ctx:
    def __enter__(self):
        print("enter ctx")
    def __exit__(self, *a):
        print("exit ctx", a[0].__name__ if a[0] else None)
cg = ctx_gen()
next(cg)
cg.close()
