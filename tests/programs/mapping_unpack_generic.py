# `{**m}`, `f(**m)` and `case {..., **rest}` with a mapping that is not a
# dict (keys() and __getitem__), their errors, and memoryview matching a
# sequence pattern.
import collections

def f(**kw):
    return kw

u = collections.UserDict({'a': 1, 'b': 2})
print({**u}, {'z': 0, **u}, f(**u, c=3), f(c=3, **u))
for src in ["f(a=1, **u)", "f(**u, **u)", "{**1}", "f(**1, b=2)", "f(b=2, **[1])"]:
    try:
        print(eval(src))
    except TypeError as e:
        print(src, 'TypeError:', e)

class K:
    def keys(self):
        raise AttributeError('inner')

try:
    {**K()}
except TypeError as e:
    print('TypeError:', e)

class Boom(collections.UserDict):
    def __getitem__(self, key):
        raise KeyError(key)

try:
    {**Boom({'x': 1})}
except KeyError as e:
    print('KeyError:', e)

def match(x):
    match x:
        case {'a': 1, **rest}:
            return 'map', rest
        case [a, b, *c]:
            return 'seq', a, b, c
        case _:
            return None

print(match(u), match(memoryview(b'abc')), match(collections.deque([1, 2])))
