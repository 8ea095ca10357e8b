# re: negated sets under LOCALE|IGNORECASE exclude both cases of a
# character, and a scanner over a bytearray keeps its buffer exported
# (the bytearray cannot be resized until the scanner is gone).
import gc
import re

IL = re.LOCALE | re.IGNORECASE
cases = [
    (rb"[bc]", b"B"), (rb"[^bc]", b"B"), (rb"[^b-c]", b"C"), (rb"[^bc]", b"c"),
    (rb"[^bc]", b"a"), (rb"[^b]", b"B"), (rb"[^b]", b"a"), (rb"[^\wq]", b"Q"),
    (rb"[ace]", b"C"), (rb"[^ace]", b"C"), (rb"[^ace]", b"b"),
    (rb"(?:a|[^bc])", b"B"), (rb"(?:a|[^bc])", b"A"), (rb"(?:a|[^bc])", b"x"),
    (rb"\w(?<!b)", b"B"), (rb"\w(?<!b)", b"A"), (rb"[^bc]+", b"xBy"),
    (rb"[^\d]", b"5"), (rb"[^\D]", b"5"),
]
for pattern, subject in cases:
    m = re.fullmatch(pattern, subject, IL)
    print(pattern, subject, m.group() if m else None)
print(re.findall(rb"[^ab]", b"aAbBcC", IL), re.sub(rb"[^x]", b"-", b"xXyY", flags=IL))

b = bytearray(b"xax")
it = re.finditer(b"a", b)
try:
    b.extend(b"x" * 400)
except BufferError as e:
    print("BufferError:", e)
print([m.span() for m in it])
del it
gc.collect()
b.extend(b"x" * 400)
print(len(b))
m = re.search(b"a", b)
b.extend(b"y")
print(m.span(), len(b))
for pat in (b"x+", b"a"):
    print(re.match(pat, bytearray(b"xxa")), re.split(pat, memoryview(b"xxaxx")))
