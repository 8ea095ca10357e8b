# String comparison, concatenation, repetition, membership, ordering.
print("a" < "b", "a" < "B", "abc" < "abd", "ab" < "abc", "" < "a", "Z" < "a")
print("é" > "z", sorted(["banana", "Apple", "cherry", "apple"]), sorted(["b", "a"], reverse=True))
print(sorted(["banana", "Apple", "cherry", "apple"], key=str.lower))
print(max("hello"), min("hello"), "a" * 3 + "b", "ab" in "cabd")
print("abc" == "abc", (s0 := "abc") is not None, "abc" != "ABC".lower())
try:
    "a" < 1
except TypeError as e:
    print("TypeError:", e)
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
print(list("abc"), tuple("ab"), set("aab") == {"a", "b"}, dict.fromkeys("ab", 0))
print(str(123) + str(4.5) + str(None) + str([1]) + str((1,)) + str({1: 2}))
print(repr(str()), str(b"x"), str(b"caf\xc3\xa9", "utf-8"))
s = ""
for ch in "abcdef":
    s += ch.upper() if ch in "aeiou" else ch
print(s, s.isupper(), "".join(reversed(s)))
