# str.maketrans/translate for ciphers, deletion, and mapping to strings; bytes.translate.
rot13 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                      "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm")
msg = "Hello, World!"
print(msg.translate(rot13), msg.translate(rot13).translate(rot13))
no_vowels = str.maketrans("", "", "aeiouAEIOU")
print(msg.translate(no_vowels))
expand = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
print("a < b && c > d".translate(expand))
print("abc".translate({97: None, 98: "BB", 99: 100}))
try:
    str.maketrans("ab", "c")
except ValueError as e:
    print("ValueError:", e)
table = bytes.maketrans(b"01", b"ab")
print(b"100110".translate(table), b"hello".translate(None, b"l"))
leet = {ord(k): v for k, v in zip("aeiost", "4310$7")}
print("leet speak is the best".translate(leet))
