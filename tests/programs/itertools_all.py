# Every itertools iterator against CPython, plus collections/functools on top.
from itertools import *
import itertools
print(list(islice(count(5, 2), 4)), repr(count(3)), repr(count(1.5, 0.5)), repr(count(2, 3)))
print(list(islice(cycle('ab'), 5)), list(repeat(7, 3)), repr(repeat('x', 2)), repr(repeat(1)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print(list(batched('abcdefg', 3)))
try: list(batched('abcd', 3, strict=True))
except ValueError as e: print(e)
print(list(chain('ab', [1, 2])), list(chain.from_iterable(['xy', 'z'])))
print(list(compress('abcdef', [1, 0, 1, 0, 1, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(takewhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(filterfalse(None, [0, 1, '', 'a'])), list(starmap(pow, [(2, 3), (3, 2)])), list(pairwise('abcd')))
print(list(islice('abcdefg', 2, None, 2)), list(islice(range(10), 3)), list(islice(range(10), 1, 8, 3)))
for args in [('x', -1), ('x', 'a'), ('x', 1, 2, 0)]:
    try: islice('abc', *args[1:])
    except ValueError as e: print(e)
print(list(zip_longest('ab', 'xyz', fillvalue='-')))
print([(k, list(g)) for k, g in groupby('aaabbcaa')], [(k, list(g)) for k, g in groupby([1, 2, 4, 5, 7], key=lambda x: x // 2)])
gs = list(groupby('aabb')); print([list(g) for k, g in gs])
a, b = tee(range(5)); print(list(a), list(b))
a, b, c = tee('xyz', 3); next(a); print(list(a), list(b), list(c))
print(list(product('ab', range(2))), list(product([1, 2], repeat=2)), list(product()))
print(list(permutations('abc', 2)), len(list(permutations(range(4)))))
print(list(combinations('abcd', 2)), list(combinations(range(3), 5)))
print(list(combinations_with_replacement('ab', 3)))
print(type(chain()).__name__, chain[int], itertools.tee.__name__)
import collections, functools
print(collections.OrderedDict(a=1), functools.reduce(lambda a, b: a + b, range(5)))
print(collections.namedtuple('P', 'x y')(1, 2))
