# Generator functions: lazy evaluation, state, return value via StopIteration.
def countdown(n):
    print("start")
    while n > 0:
        yield n
        n -= 1
    print("end")
    return "done"
g = countdown(3)
print(type(g).__name__, g.__name__)
print(next(g))
print(list(g))
def with_return():
    yield 1
    return 99
it = with_return()
next(it)
try:
    next(it)
except StopIteration as e:
    print("StopIteration value", e.value)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(12)])
def gen_states():
    yield 1
import inspect
s = gen_states()
print(inspect.getgeneratorstate(s))
next(s)
print(inspect.getgeneratorstate(s))
list(s)
print(inspect.getgeneratorstate(s))
def empty():
    return
    yield
print(list(empty()))
def early_stop():
    yield 1
    raise StopIteration("bad")
try:
    list(early_stop())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))
