# Conversions between int/float/str/bytes/list/tuple/set/dict and back.
n = 255
print(str(n), repr(n), int(str(n)), hex(n), int(hex(n), 16), bin(n), int(bin(n), 2), oct(n), int(oct(n), 8))
f = 2.5
print(str(f), float(str(f)), int(f), float(int(f)), repr(float("1e-5")), str(1e-5))
s = "hello"
print(list(s), tuple(s), sorted(set(s)), "".join(list(s)), s.encode(), s.encode().decode(), bytes(s, "ascii"))
pairs = [("a", 1), ("b", 2)]
d = dict(pairs)
print(d, list(d.items()) == pairs, dict(zip(d.values(), d.keys())), list(d), tuple(d.values()))
print(bool("False"), bool(""), int(True), str(True), float(False), complex("3"), complex(1, 2).real)
print(list(range(3)), tuple([1, 2]), set((1, 1, 2)), frozenset([1]), list({1: "x"}), list("abc"[::-1]))
print(int(" 42\n"), float(" -1.5 "), int("-0"), float("-0"), str(-0.0), int(float("1e3")))
print(chr(65) + chr(0x263A), [ord(c) for c in "AZ"], bytes([72, 105]).decode(), list(bytearray(b"hi")))
