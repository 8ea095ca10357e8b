# splitlines with all line boundaries, split with maxsplit, partition edge cases.
s = "a\nb\rc\r\nd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l"
print(s.splitlines())
print(len(s.splitlines(True)), repr(s.splitlines(True)[2]))
print("a\n\nb\n".splitlines(), "a\n\nb\n".split("\n"), "".splitlines(), "\n".splitlines())
print("a b c d".split(" ", 2), "a b c d".rsplit(" ", 2), " a  b ".split(" "), " a  b ".split(None, 1))
print("x".split("x"), "xx".split("x"), "abc".split("abc"), "abc".partition("abc"), "abc".partition("z"))
try:
    "abc".split("")
except ValueError as e:
    print("ValueError:", e)
print("1,2,,3".split(","), "1,2,,3".split(",", -1), ",".join("1,2,,3".split(",")))
print("α β\u3000γ".split(), "tab\tsep\vvert".split())
