# any/all, abs/round/divmod/pow, ord/chr, bin/oct/hex, len, range operations.
print(any([]), all([]), any([0, "", 1]), all([1, "x", [0]]), all(x < 5 for x in range(5)))
print(abs(-7), abs(-2.5), abs(3 + 4j), round(3.14159, 2), round(-0.5), divmod(17, 5), pow(2, 10), pow(2, 10, 1000))
print(ord("A"), chr(97), bin(10), oct(64), hex(-255), int("0b1010", 0))
r = range(2, 20, 3)
print(r, list(r), len(r), r[2], r[-1], r[1:3], 11 in r, 12 in r, r.index(8), r.count(5))
print(range(5) == range(0, 5), range(0) == range(3, 3), list(range(10, 0, -3)), reversed(range(3)).__class__.__name__)
big = range(0, 10 ** 20, 7)
print(big[-1], range(10 ** 18)[-1], 10 ** 19 in big)
try:
    len(big)
except OverflowError as e:
    print("OverflowError:", e)
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
print(callable(len), callable(3), id(None) == id(None), hash("a") == hash("a"))
print(isinstance(3, int), isinstance(True, int), isinstance("s", (int, str)), issubclass(int, object))
print(type(3), type("s"), type([]), type(None), type(type), type(len), type(lambda: 0).__name__)
print(list(iter([1, 2])), next(iter("z")), repr(ascii("é")), format(12, "04d"), bool(), int(), float(), str(), complex())
