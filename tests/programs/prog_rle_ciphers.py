# Run-length encoding, Caesar and Vigenere ciphers.
import itertools
def rle(s):
    return "".join(f"{len(list(g))}{k}" for k, g in itertools.groupby(s))
def unrle(s):
    import re
    return "".join(ch * int(n) for n, ch in re.findall(r"(\d+)(\D)", s))
for s in ["WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW", "abc", "aabbbcccc"]:
    e = rle(s)
    print(e, unrle(e) == s)
def caesar(s, k):
    def sh(c):
        if c.isalpha():
            base = ord("A") if c.isupper() else ord("a")
            return chr((ord(c) - base + k) % 26 + base)
        return c
    return "".join(map(sh, s))
msg = "Attack at Dawn, Zebra!"
enc = caesar(msg, 3)
print(enc, caesar(enc, -3), caesar(msg, 13) == caesar(caesar(msg, 13), 26))
def vigenere(s, key, sign=1):
    out, ki = [], 0
    for c in s:
        if c.isalpha():
            k = ord(key[ki % len(key)].lower()) - 97
            base = 65 if c.isupper() else 97
            out.append(chr((ord(c) - base + sign * k) % 26 + base))
            ki += 1
        else:
            out.append(c)
    return "".join(out)
v = vigenere(msg, "lemon")
print(v, vigenere(v, "lemon", -1))
