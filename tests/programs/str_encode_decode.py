# Encoding and decoding str <-> bytes.
s = "naïve café ☕ 😀"
for enc in ["utf-8", "utf-16-le", "utf-32-be", "latin-1"]:
    try:
        b = s.encode(enc)
        print(enc, len(b), b[:12])
    except UnicodeEncodeError as e:
        print(enc, "UnicodeEncodeError:", e)
b = s.encode()
print(b.decode("utf-8") == s, len(s), len(b))
print(s.encode("ascii", "ignore"), s.encode("ascii", "replace"), s.encode("ascii", "xmlcharrefreplace"))
print(s.encode("ascii", "backslashreplace"))
bad = b"abc\xff\xfedef"
for errors in ["replace", "ignore", "backslashreplace", "surrogateescape"]:
    print(errors, repr(bad.decode("utf-8", errors)))
try:
    bad.decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
print(b"\xe9".decode("latin-1"), "é".encode("cp1252"), bytes("abc", "ascii"))
print("abc".encode("utf-16"), b"\xff\xfea\x00".decode("utf-16"))
try:
    "x".encode("no-such-codec")
except LookupError as e:
    print("LookupError:", e)
