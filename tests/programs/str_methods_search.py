# Searching in strings: find/index/count/startswith/endswith/in.
s = "the quick brown fox jumps over the lazy dog"
print(s.find("the"), s.find("the", 1), s.rfind("the"), s.find("cat"), s.find(""))
print(s.index("fox"), s.rindex("o"), s.count("o"), s.count("the"), s.count(""), "aaaa".count("aa"))
print(s.startswith("the"), s.startswith(("a", "t")), s.endswith("dog"), s.endswith("do", 0, -1))
print(s.startswith("quick", 4), s.find("o", 20, 30))
print("fox" in s, "cat" not in s, "" in s)
try:
    s.index("cat")
except ValueError as e:
    print("ValueError:", e)
print("abc".find("c", -1), "abc".find("a", -1), "abc"[-1:])
print("mississippi".replace("ss", "SS"), "mississippi".replace("s", "", 2), "abc".replace("", "-"))
print("a,b,,c".split(","), "a b  c ".split(), "a,b,c".split(",", 1), "a,b,c".rsplit(",", 1))
print("  x  ".split(" "), "".split(), "".split(","), "line1\nline2\r\nline3".splitlines())
print("a\nb\n".splitlines(keepends=True), "x".partition("="), "k=v=w".partition("="), "k=v=w".rpartition("="))
print("abcabc".removeprefix("ab"), "abcabc".removesuffix("bc"), "abc".removeprefix("x"))
