# Padding, stripping, joining and expanding.
s = "core"
print(repr(s.center(10)), repr(s.center(11, "*")), repr(s.ljust(8, ".")), repr(s.rjust(8)))
print(repr("42".zfill(6)), repr("-42".zfill(6)), repr("+x".zfill(5)), repr("abc".zfill(2)))
print(repr("  \t hi \n ".strip()), repr("xxhixx".strip("x")), repr("  a ".lstrip()), repr(" a  ".rstrip()))
print(repr("abcba".strip("ab")), repr("www.example.com".lstrip("cmowz.")))
print("-".join(["a", "b", "c"]), "".join("xyz"), ", ".join(map(str, range(5))))
try:
    ",".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
print(repr("a\tb\tc".expandtabs()), repr("a\tbb\tccc".expandtabs(4)), repr("\t".expandtabs(0)))
t = str.maketrans("abc", "xyz", "d")
print("abcdabcd".translate(t), "hello".translate({ord("l"): "L", ord("o"): None}))
print(str.maketrans({"a": "1"}) == {97: "1"})
print("%s|%5s|%-5s|" % ("a", "b", "c"))
print("x".ljust(3) + "|", "x".rjust(3, "0"), "abc" * 3, 2 * "ab", "a" * 0, "a" * -1)
