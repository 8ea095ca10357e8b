# str(bytes, encoding, errors): the builtin decoders and their error
# handlers, with UnicodeDecodeError's message and attributes.

def show(label, f):
    try:
        r = f()
    except UnicodeDecodeError as e:
        print(label, "!! UnicodeDecodeError:", e, "|", e.encoding, e.start, e.end, e.reason)
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))

bad = b"abc\xff\xfedef"
for errors in ["strict", "replace", "ignore", "backslashreplace", "surrogateescape", "bogus"]:
    show("utf-8 " + errors, lambda: str(bad, "utf-8", errors))
show("utf-8 ok", lambda: str("héllo €😀".encode(), "utf-8"))
show("truncated", lambda: str(b"ab\xe2\x82", "utf-8"))
show("truncated replace", lambda: str(b"ab\xe2\x82", "utf-8", "replace"))
show("bad continuation", lambda: str(b"\xe2\x28\xa1x", "utf-8"))
show("bad continuation replace", lambda: str(b"\xe2\x28\xa1x", "utf-8", "replace"))
show("overlong", lambda: str(b"\xc0\xaf", "utf-8", "replace"))
show("surrogate bytes", lambda: str(b"\xed\xa0\x80", "utf-8"))
show("surrogatepass", lambda: ascii(str(b"\xed\xa0\x80", "utf-8", "surrogatepass")))
show("too big", lambda: str(b"\xf4\x90\x80\x80", "utf-8"))
show("ascii", lambda: str(b"ab\x80c", "ascii"))
show("ascii replace", lambda: str(b"ab\x80\x81c", "ascii", "replace"))
show("latin-1", lambda: str(b"caf\xe9", "latin-1"))
show("utf-16", lambda: str("hi€😀".encode("utf-16"), "utf-16"))
show("utf-16-be", lambda: str(b"\x00h\x00i", "utf-16-be"))
show("utf-16 odd", lambda: str(b"h\x00i", "utf-16-le"))
show("utf-16 lone", lambda: str(b"\x00\xd8a\x00", "utf-16-le"))
show("utf-32", lambda: str("a😀".encode("utf-32"), "utf-32"))
show("utf-32 range", lambda: str(b"\x00\x00\x11\x00", "utf-32-le"))
show("unknown", lambda: str(b"a", "nope"))
show("str of str", lambda: str("a", "utf-8"))
show("not bytes", lambda: str(5, "utf-8"))
show("errors only", lambda: str(b"a\xff", errors="replace"))
show("bytearray", lambda: str(bytearray(b"xyz"), "ascii"))
show("kw", lambda: str(object=b"q", encoding="ascii"))
