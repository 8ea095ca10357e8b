# The UTF-7 codec: encoding, decoding, the incremental decoder and the
# error handlers.
import codecs
import encodings.utf_7

print(encodings.utf_7.getregentry().name)
for name in ["utf-7", "utf7", "U7", "unicode-1-1-utf-7", "UTF_7", "csUnicode11UTF7"]:
    try:
        print(name, codecs.lookup(name).name)
    except LookupError as e:
        print(name, "LookupError", e)

texts = [
    "",
    "Hi Mom -\u263a-!",
    "A\u2262\u0391.",
    "\u65e5\u672c\u8a9e",
    "1 + 1 = 2",
    "a+b+-c",
    "\U0001f600 smile \U0001f600\U0001f601",
    "\ud800",
    "x\udc00y",
    "\ud83d\ude00",
    "\ud800\ud800",
    "tab\tnl\ncr\rsp end",
    "~\\+",
    "\x00\x01\x7f",
    "".join(chr(c) for c in range(128)),
    "é-x",
    "é/x",
    "éx",
    "é.x",
    "\u20ac" * 7,
    "\uffff\U0010ffff",
]
for t in texts:
    b = t.encode("utf-7")
    back = b.decode("utf-7")
    print(ascii(t), b, back == t)

# Every ASCII character alone and after a shifted character.
for c in range(128):
    ch = chr(c)
    print(c, ch.encode("utf-7"), ("\xe9" + ch).encode("utf-7"), (ch + "\xe9").encode("utf-7"))

# Decoding is liberal: direct characters, '-' absorption, implicit ends.
for b in [b"+AGEAYgBj", b"+AGEAYgBj-", b"+AGEAYgBj.", b"+AGE-x", b"+AGE.x", b"+-", b"+--",
          b"~\\", b"+2D3eAA-", b"+2D3eAA", b"+ZeVnLIqe-", b"a+", b"+", b"+A-", b"+AA-",
          b"+2D3eAA-+2D3eAA-", b"+2D0AQQ-", b"+2D0-", b"+2D0.", b"+3gA-", b"+2D3cAA\x80",
          b"+2D0\x80", b"+2D3YAA-"]:
    try:
        print(b, ascii(b.decode("utf-7")))
    except UnicodeDecodeError as e:
        print(b, "error", e.encoding, e.start, e.end, e.reason)

bad = [b"\x80", b"a\xffb", b"+\x80", b"+!", b"+ !", b"+A\x80", b"+AB-", b"+ABC-", b"+AGE", b"+AG",
       b"+2D0", b"+2D3e", b"+AAAA+", b"\xe9+AGE-", b"+AB\xff", b"x+A!y", b"+2D3cAAA-",
       b"+2D3-", b"+a-\x81", b"a+\xff+ABC.\x82"]
for b in bad:
    for errors in ["strict", "replace", "ignore", "backslashreplace", "surrogateescape"]:
        try:
            r = b.decode("utf-7", errors)
            print(b, errors, ascii(r))
        except UnicodeDecodeError as e:
            print(b, errors, "error", e.encoding, e.start, e.end, e.reason, ascii(str(e)))

# Custom handlers: seen ranges, replacement and resume positions.
seen = []
def record(exc):
    seen.append((exc.start, exc.end, exc.reason, exc.object))
    return ("<%d:%d>" % (exc.start, exc.end), exc.end)
codecs.register_error("test.utf7.record", record)
for b in bad:
    seen.clear()
    print(b, ascii(b.decode("utf-7", "test.utf7.record")), seen)

def back_one(exc):
    # Resume at the byte after the error's start.
    return ("?", exc.start + 1)
codecs.register_error("test.utf7.back", back_one)
for b in [b"+!x", b"+AB-y", b"+2D0", b"+AGE", b"\x80\x81"]:
    print(b, ascii(b.decode("utf-7", "test.utf7.back")))

def to_end(exc):
    return ("!", -1)
codecs.register_error("test.utf7.end", to_end)
print(ascii(b"\x80abc".decode("utf-7", "test.utf7.end")))

def mutate(exc):
    exc.object = b"+AGE-"
    return ("*", 0)
codecs.register_error("test.utf7.mutate", mutate)
print(ascii(b"\x80xyz".decode("utf-7", "test.utf7.mutate")))

for handler, what in [(lambda exc: ("x", 99), "out of bounds"), (lambda exc: (b"x", 1), "bytes"),
                      (lambda exc: "x", "not a tuple"), (lambda exc: ("x",), "short tuple")]:
    codecs.register_error("test.utf7.bad", handler)
    try:
        b"\x80".decode("utf-7", "test.utf7.bad")
    except (IndexError, TypeError) as e:
        print(what, type(e).__name__, e)

# _codecs directly: consumed counts with final False.
for b in [b"a+2D3eAA-b", b"a+2D3e", b"a+2D3eAA", b"a+", b"+AGE", b"+AGEAY", b"ab+-", b"+-+", b"\xe9+AGE",
          b"x+AGE-", b"+2D0", b"+2D0AQQ"]:
    print(b, codecs.utf_7_decode(b, "replace", False), codecs.utf_7_decode(b, "replace", True))
print(codecs.utf_7_decode(b"+AGE-"), codecs.utf_7_decode(bytearray(b"+AGE-"), None),
      codecs.utf_7_decode(memoryview(b"a+-"), "strict", True))
print(codecs.utf_7_encode("a\xe9"), codecs.utf_7_encode("x", None), codecs.utf_7_encode("\ud800", "strict"))
for call in [lambda: codecs.utf_7_encode(b"x"), lambda: codecs.utf_7_decode("x"),
             lambda: codecs.utf_7_decode(b"x", 1), lambda: codecs.utf_7_encode("x", 1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError", e)

# The incremental decoder fed byte by byte.
for t in texts + ["a\U0001f600+\u20ac-b", "\u20ac\u20ac\u20ac"]:
    data = t.encode("utf-7")
    dec = codecs.getincrementaldecoder("utf-7")()
    parts = [dec.decode(bytes([c])) for c in data]
    parts.append(dec.decode(b"", final=True))
    print(ascii(parts), "".join(parts) == t)
dec = codecs.getincrementaldecoder("utf-7")("replace")
print([ascii(dec.decode(bytes([c]))) for c in b"+AGE"], ascii(dec.decode(b"", final=True)))
dec = codecs.getincrementaldecoder("utf-7")()
print(ascii(dec.decode(b"+AG")), dec.getstate())
try:
    dec.decode(b"", final=True)
except UnicodeDecodeError as e:
    print("final", e.start, e.end, e.reason)

enc = codecs.getincrementalencoder("utf-7")()
print([enc.encode(c) for c in "a\xe9\xe9b"], enc.encode("", final=True))

# The stream reader.
import io
r = codecs.getreader("utf-7")(io.BytesIO("a\u20acb\U0001f600-+c".encode("utf-7")))
print(ascii(r.read(1)), ascii(r.read()))

# A handler replacing the exception's object with something not bytes.
def not_bytes(exc):
    exc.object = 42
    return ("x", 0)
codecs.register_error("test.utf7.notbytes", not_bytes)
try:
    b"++".decode("utf-7", "test.utf7.notbytes")
except TypeError as e:
    print("TypeError", e)
