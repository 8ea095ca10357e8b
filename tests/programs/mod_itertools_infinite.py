# itertools: count, cycle, repeat, islice, accumulate, chain, compress.
import itertools as it
import operator
print(list(it.islice(it.count(10, 5), 4)), list(it.islice(it.count(1.5, 0.5), 3)))
print(list(it.islice(it.cycle("ab"), 5)), list(it.repeat("x", 3)), list(map(pow, range(4), it.repeat(2))))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4, 1, 5], max)))
print(list(it.accumulate([1, 2, 3], operator.mul, initial=10)))
print(list(it.chain("ab", [1, 2])), list(it.chain.from_iterable(["xy", "z"])))
print(list(it.compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
print(list(it.islice(range(100), 5, 20, 4)), list(it.islice("abc", None)))
print(list(it.dropwhile(lambda x: x < 3, [1, 4, 2, 5])), list(it.takewhile(lambda x: x < 3, [1, 2, 4, 1])))
print(list(it.filterfalse(str.isdigit, "a1b2")), list(it.starmap(pow, [(2, 3), (3, 2)])))
print(list(it.pairwise("abcd")), list(it.batched(range(7), 3)))
try:
    list(it.batched("abcd", 3, strict=True))
except ValueError as e:
    print("ValueError:", e)
a, b = it.tee(iter([1, 2, 3]))
print(list(a), list(b))
print(list(it.zip_longest("ab", [1, 2, 3], fillvalue="-")))
