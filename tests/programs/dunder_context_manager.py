# Context managers: __enter__/__exit__, suppressing exceptions, nesting order.
class Resource:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress
with Resource("a") as r:
    print("body", r)
with Resource("outer") as o, Resource("inner") as i:
    print("body", o, i)
with Resource("quiet", suppress=True):
    raise ValueError("swallowed")
print("after suppressed")
try:
    with Resource("loud"):
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))
def early():
    with Resource("ret"):
        return "returned"
print(early())
for i in range(2):
    with Resource(f"loop{i}"):
        if i == 0:
            continue
        break
with (
    Resource("p1") as x,
    Resource("p2") as y,
):
    print(x, y)
try:
    with 42:
        pass
except TypeError as e:
    print("TypeError:", e)
