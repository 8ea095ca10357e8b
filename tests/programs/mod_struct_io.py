# struct packing and io.StringIO/BytesIO.
import struct
import io
b = struct.pack(">IhB", 1, -2, 255)
print(b, len(b), struct.unpack(">IhB", b), struct.calcsize(">IhB"), struct.calcsize("@IhB"))
print(struct.pack("<d", 1.5), struct.unpack("<f", struct.pack("<f", 0.1))[0], struct.pack("3s", b"abcdef"))
print(list(struct.iter_unpack("<H", b"\x01\x00\x02\x00")), struct.pack("?x?", True, False))
try:
    struct.pack("B", 256)
except struct.error as e:
    print("struct.error:", e)
s = io.StringIO()
s.write("line one\n")
print("line two", file=s)
print(repr(s.getvalue()), s.tell())
s.seek(0)
print(s.readline(), s.read(4), list(s))
bio = io.BytesIO(b"hello\nworld\n")
print(bio.read(3), bio.readline(), bio.readlines(), bio.read())
bio.seek(0, io.SEEK_END)
bio.write(b"more")
print(bio.getvalue())
