# Class-based decorators keeping state, decorating methods via __get__, and decorator factories.
import functools
class CountCalls:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.calls = 0
    def __call__(self, *a, **k):
        self.calls += 1
        return self.fn(*a, **k)
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self.__call__, obj)
@CountCalls
def square(x):
    """Square a number."""
    return x * x
print([square(i) for i in range(4)], square.calls, square.__name__, square.__doc__)
class Greeter:
    @CountCalls
    def hello(self, who):
        return f"hello {who}"
g = Greeter()
print(g.hello("a"), g.hello("b"), Greeter.hello.calls)
def retry(times, exceptions=(Exception,)):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            for attempt in range(1, times + 1):
                try:
                    return fn(*a, **k)
                except exceptions as e:
                    print(f"  attempt {attempt} failed: {e}")
            raise RuntimeError(f"{fn.__name__} failed {times} times")
        return wrapper
    return deco
state = {"n": 0}
@retry(3, (ValueError,))
def flaky():
    state["n"] += 1
    if state["n"] < 3:
        raise ValueError(f"try {state['n']}")
    return "succeeded"
print(flaky())
@retry(2)
def always_bad():
    raise KeyError("nope")
try:
    always_bad()
except RuntimeError as e:
    print("RuntimeError:", e)
