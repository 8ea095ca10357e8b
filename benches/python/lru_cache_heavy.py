# lru_cache-heavy workload: bounded and unbounded caches with mostly hits,
# a bounded cache that keeps evicting, and a typed cache with keywords.
from functools import lru_cache, cache


@lru_cache(maxsize=256)
def bounded(x):
    return x * 2 + 1


@cache
def unbounded(x, y):
    return x ^ y


@lru_cache(maxsize=64)
def evicting(x):
    return -x


@lru_cache(maxsize=128, typed=True)
def typed(x, scale=1):
    return x * scale


def main():
    total = 0
    for i in range(300000):
        total += bounded(i & 127)
        total += unbounded(i & 63, 5)
    for i in range(100000):
        total += evicting(i % 100)
    for i in range(100000):
        total += typed(i & 31, scale=2)
    print(total, bounded.cache_info(), evicting.cache_info().misses)


main()
