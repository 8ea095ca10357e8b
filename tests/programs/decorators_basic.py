# Function decorators: plain, with arguments, stacked, functools.wraps.
import functools
def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print(f"call {fn.__name__}{args}")
        result = fn(*args, **kwargs)
        print(f"  -> {result}")
        return result
    return wrapper
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@trace
def add(a, b):
    """Add two numbers."""
    return a + b
add(2, 3)
print(add.__name__, add.__doc__, add.__wrapped__(1, 1))
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("x"))
def tag(t):
    return lambda fn: lambda: f"<{t}>{fn()}</{t}>"
@tag("b")
@tag("i")
def text():
    return "word"
print(text())
registry = []
def register(fn):
    registry.append(fn.__name__)
    return fn
@register
def one(): pass
@register
def two(): pass
print(registry)
@(lambda f: f())
def evaluated():
    return "decorator expression ran the function"
print(evaluated)
