# with statements: exceptions in __enter__, multiple managers unwinding, return values in __exit__.
class M:
    def __init__(self, name, fail_enter=False, suppress=False):
        self.name, self.fail_enter, self.suppress = name, fail_enter, suppress
    def __enter__(self):
        if self.fail_enter:
            print("enter fails", self.name)
            raise OSError(f"cannot enter {self.name}")
        print("enter", self.name)
        return self.name
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else "-")
        return self.suppress
try:
    with M("a"), M("b", fail_enter=True), M("c"):
        print("body never runs")
except OSError as e:
    print("caught:", e)
with M("outer", suppress=True), M("inner"):
    raise ValueError("inner error suppressed by outer")
print("continued")
def f():
    with M("in-func"):
        return "value from with"
print(f())
with M("x") as x, M("y") as y:
    print("names bound:", x, y)
