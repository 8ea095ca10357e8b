# bytes: literals, indexing, methods, conversions.
b = b"hello world"
print(b, b[0], b[-1], b[1:5], b[::-1], len(b), type(b[0]), type(b[:1]))
print(b.upper(), b.split(), b.replace(b"o", b"0"), b.find(b"wor"), b.count(b"l"))
print(b.startswith(b"he"), b"lo" in b, 111 in b, b.index(b"d"), b.title(), b.center(15, b"*"))
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes.fromhex("de ad be ef"), b"\x00\xff".hex())
print(b"abc".hex(":"), b"abcdef".hex("-", 2), list(b"AZ"), b"%03d" % 7)
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]), b"  x ".strip(), b"ab" * 3, b"a" + b"b")
print(b"abc" < b"abd", b"abc" == b"abc", b"\x80".decode("latin-1"), b"caf\xc3\xa9".decode())
print(repr(b"\t\n\r\x7f'\""), b'"', bytes("é", "utf-8"), b"A".isupper(), b"12".isdigit())
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
print(int.from_bytes(b"\x12\x34", "big"), bytes(memoryview(b"mv")), b"x".zfill(3), b"ab".ljust(4, b"."))
print(hash(b"abc") == hash(b"abc"), b"".join([]), bytes.maketrans(b"ab", b"AB"), b"abc".translate(bytes.maketrans(b"ab", b"AB")))
