# A hand-written memoization decorator handling args and kwargs, and recursive use.
import functools
def memo(fn):
    cache = {}
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = fn(*args, **kwargs)
        return cache[key]
    wrapper.cache = cache
    return wrapper
@memo
def paths(r, c):
    if r == 0 or c == 0:
        return 1
    return paths(r - 1, c) + paths(r, c - 1)
print(paths(16, 16), len(paths.cache))
@memo
def partitions(n, max_part=None):
    max_part = n if max_part is None else max_part
    if n == 0:
        return 1
    return sum(partitions(n - k, max_part=k) for k in range(1, min(n, max_part) + 1))
print([partitions(n) for n in range(1, 16)], partitions(100))
