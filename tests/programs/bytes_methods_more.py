# More bytes methods: partition, split variants, strip sets, is-predicates, count/find with ints.
b = b"key=value=more"
print(b.partition(b"="), b.rpartition(b"="), b.split(b"=", 1), b.rsplit(b"=", 1))
print(b"  a  b  ".split(), b"a\nb\r\nc".splitlines(), b"a\nb\n".splitlines(keepends=True))
print(b"xxhixx".strip(b"x"), b"\t pad \n".strip(), b"abc".lstrip(b"a"), b"abc".rstrip(b"bc"))
print(b"Hello".swapcase(), b"hello world".title(), b"ABC".lower(), b"abc".capitalize())
print(b"abc".isalpha(), b"abc1".isalnum(), b"  ".isspace(), b"Abc".istitle(), b"\x80".isascii())
print(b"banana".count(b"a"), b"banana".count(ord("n")), b"banana".find(ord("n")), b"banana".rfind(b"an"))
print(b"a-b-c".replace(b"-", b"+", 1), b"tab\tx".expandtabs(4), b"42".zfill(5), b"x".rjust(3, b"*"))
print(b"abc".startswith((b"x", b"a")), b"abc".endswith(b"bc"), b"%b and %s" % (b"raw", b"str"))
print(bytes.fromhex("48 65 6c 6c 6f").decode(), b"\x00\x10\xff".hex(" "), b"".hex())
try:
    bytes.fromhex("zz")
except ValueError as e:
    print("ValueError:", e)
print(list(b"\x00\x7f\x80\xff"), bytes([0x7f, 0x80]), b"ab"[0:1] + bytes([99]), b"a" in b"cat")
print(b"abc" * 2, sorted(b"cab"), bytes(reversed(b"abc")), max(b"azb"), b"x" < b"y")
