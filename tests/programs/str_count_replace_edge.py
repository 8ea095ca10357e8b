# Edge cases of count/replace/find with empty strings, overlaps, and negative indices.
print("aaa".count("a"), "aaa".count("aa"), "aaa".count(""), "".count(""), "abc".count("", 1), "abc".count("", 5))
print("aaaa".replace("aa", "b"), "abc".replace("", "-"), "abc".replace("", "-", 2), "".replace("", "x"))
print("abc".replace("b", "", 0), "banana".replace("a", "A", -1), "x".replace("x", "xx"))
print("hello".find("l", -2), "hello".find("l", -1), "hello".rfind("l", 0, 3), "hello".find("", 10))
print("hello".index("lo", -3), "hello"[-10:2], "hello".startswith("", 5), "hello".startswith("", 6))
print("abcabc".rindex("abc"), "ab".center(7, "-"), "ab".center(6, "-"), "abc".center(2))
print("%".join("abc"), "a".join(""), " ".join(["only"]), "-".join(("x", "y")))
print("Mississippi".lower().count("ss"), "ab" * 0 == "", "abc"[::-1] == "cba", "abc" < "abcd")
