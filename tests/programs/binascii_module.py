# binascii: base64, hex, qp, uu, crc32, crc_hqx and their errors.
import binascii


def show(label, f, *args, **kw):
    try:
        print(label, repr(f(*args, **kw)))
    except Exception as e:
        print(label, type(e).__name__, e)


data = bytes(range(256)) + b"hello world\n" * 3
for n in (0, 1, 2, 3, 4, 5, 57, 58):
    enc = binascii.b2a_base64(data[:n])
    print(n, enc, binascii.a2b_base64(enc) == data[:n])
print(binascii.b2a_base64(b"abc", newline=False))
show("a2b ws", binascii.a2b_base64, "YW Jj\nZA==")
show("a2b junk", binascii.a2b_base64, b"Y!W%Jj")
show("a2b pad1", binascii.a2b_base64, b"YWJjZ")
show("a2b pad2", binascii.a2b_base64, b"YWJjZA")
show("a2b excess", binascii.a2b_base64, b"YWJjZA===x")
for s in [b"=YWJj", b"YWJj=", b"YW=Jj", b"YWJjZA==x", b"YW!Jj", b"YWJjZA=\n=", b"YWJj"]:
    show("strict %r" % s, binascii.a2b_base64, s, strict_mode=True)
show("a2b nonascii", binascii.a2b_base64, "é")
show("a2b int", binascii.a2b_base64, 1)
show("b2a str", binascii.b2a_base64, "abc")
show("b2a kw", binascii.b2a_base64, data=b"")

print(binascii.hexlify(b"\x01\xab\xff"), binascii.b2a_hex(b"abcdef", "-", 2))
print(binascii.hexlify(b"abcdef", sep=b":", bytes_per_sep=-4))
print(binascii.unhexlify("01abFF"), binascii.a2b_hex(bytearray(b"00ff")))
show("unhex odd", binascii.unhexlify, b"abc")
show("unhex bad", binascii.unhexlify, b"zz")
show("unhex args", binascii.unhexlify)

for s in [b"hello=20world", b"a=\nb", b"a=\r\nb", b"a==b", b"a=zz", b"a_b", b"=4", b"="]:
    print("a2b_qp", s, binascii.a2b_qp(s), binascii.a2b_qp(s, header=True))
for s in [b"hello world", b"tab\tend \n", b"x" * 100, b"a=b\r\nc \r\n", b".\n", b"\xff\x00", b"a_b c", b"line \t"]:
    print("b2a_qp", s, binascii.b2a_qp(s), binascii.b2a_qp(s, quotetabs=True), binascii.b2a_qp(s, istext=False), binascii.b2a_qp(s, header=True))

for n in (0, 1, 2, 3, 44, 45):
    enc = binascii.b2a_uu(data[:n])
    print("uu", n, enc, binascii.a2b_uu(enc) == data[:n])
print(binascii.b2a_uu(b"", backtick=True), binascii.b2a_uu(b"\x00\x00\x00", backtick=True))
show("uu long", binascii.b2a_uu, b"x" * 46)
show("uu illegal", binascii.a2b_uu, b"!\x7f")
show("uu garbage", binascii.a2b_uu, b"!!!!x")
show("uu empty", binascii.a2b_uu, b"")
print(binascii.a2b_uu(b"\n"), binascii.a2b_uu(b" "))
for s in [b"YWJjZA===x", b"YWJjZA=x=", b"YW==Jj", b"YWJjZ===", b"YWJjZA=\n=", b"=YWJj", b"YW=Jj", b"YWJjZA==x"]:
    show("a2b %r" % s, binascii.a2b_base64, s)
    show("strict %r" % s, binascii.a2b_base64, s, strict_mode=True)

print(binascii.crc32(b"hello"), binascii.crc32(b" world", binascii.crc32(b"hello")), binascii.crc32(b"x", -1))
print(binascii.crc_hqx(b"hello", 0), binascii.crc_hqx(b"123456789", 0xFFFF), binascii.crc_hqx(b"", 0x12345))
show("crc32 kw", binascii.crc32, b"", crc=1)
show("crc32 none", binascii.crc32)
show("crc_hqx 1", binascii.crc_hqx, b"")
show("crc32 float", binascii.crc32, b"", 1.0)
print(issubclass(binascii.Error, ValueError), issubclass(binascii.Incomplete, Exception), binascii.Error.__module__)
noncontig = memoryview(bytearray(b"noncontig"))[::-2]
for f in (binascii.b2a_hex, binascii.a2b_base64, binascii.crc32):
    show("noncontig %s" % f.__name__, f, noncontig)
