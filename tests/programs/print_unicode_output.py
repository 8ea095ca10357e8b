# Non-ASCII output through UTF-8 stdout: accents, CJK, emoji, combining marks, RTL.
samples = ["naïve café", "日本語テキスト", "emoji 🐍🦀✨", "e\u0301 combining", "עברית", "Ελληνικά", "∑∫√∞≠", "tab\tend"]
for s in samples:
    print(f"{len(s):2d} {len(s.encode()):2d} {s}")
print("".join(chr(c) for c in range(0x2500, 0x2510)))
print("\N{SNAKE} \N{CRAB}", "\u00a0non-breaking\u00a0", repr("\u200b"))
import unicodedata
for ch in "aÅ€😀":
    print(ch, unicodedata.name(ch), unicodedata.category(ch), hex(ord(ch)))
print(unicodedata.normalize("NFC", "e\u0301") == "é", len(unicodedata.normalize("NFD", "é")))
