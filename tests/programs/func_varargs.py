# *args and **kwargs, in definitions and calls.
def f(*args, **kwargs):
    return args, kwargs
print(f(), f(1, 2), f(a=1), f(1, *[2, 3], b=4, **{"c": 5}))
def g(a, b=0, *rest, key=None, **extra):
    return f"a={a} b={b} rest={rest} key={key} extra={extra}"
print(g(1))
print(g(1, 2, 3, 4, key="k", z=26))
print(g(*range(5), **{"key": 1, "q": 2}))
def total(*nums):
    return sum(nums)
print(total(), total(1), total(*range(10)))
def merge(**kw):
    return sorted(kw.items())
print(merge(b=2, a=1), merge(**{"x": 1}, y=2))
try:
    f(**{"a": 1}, a=2)
except TypeError as e:
    print("TypeError:", e)
try:
    f(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
try:
    f(*5)
except TypeError as e:
    print("TypeError:", e)
def order(a, b, c):
    return a, b, c
print(order(*"ab", c="z"), order(1, *(2,), *[3]), order(**dict(c=3, b=2, a=1)))
