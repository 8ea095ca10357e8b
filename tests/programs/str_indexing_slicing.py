# Indexing and slicing of strings.
s = "Python3.14"
print(s[0], s[-1], s[3], s[-4])
print(s[2:5], s[:6], s[6:], s[-4:], s[:-4], s[:], s[::2], s[::-1], s[1::3], s[8:2:-2])
print(s[100:], repr(s[5:2]), s[-100:3], s[slice(1, 4)], s[slice(None, None, -3)])
try:
    s[20]
except IndexError as e:
    print("IndexError:", e)
try:
    s[1] = "x"
except TypeError as e:
    print("TypeError:", e)
try:
    s[::0]
except ValueError as e:
    print("ValueError:", e)
print(len(s), len(""), len("日本語"), "日本語"[1], "日本語"[::-1])
print(slice(1, 10, 2).indices(5), slice(None, None, -1).indices(4))
for i, ch in enumerate("abc"):
    print(i, ch, ord(ch), chr(ord(ch) + 1))
print(chr(0x1F600), ord("€"), chr(955), hex(ord("\U0001F40D")))
