# bytearray: a mutable byte sequence.
ba = bytearray(b"hello")
ba[0] = ord("J")
print(ba, len(ba))
ba.append(33)
ba.extend(b" ok")
print(ba)
ba[1:3] = b"EE"
print(ba)
ba[1:3] = b""
print(ba)
del ba[0]
print(ba, ba.pop(), ba.pop(0), ba)
ba.insert(0, 65)
ba.remove(ord("o"))
print(ba, ba.find(b"k"), ba.count(b"l"))
ba.reverse()
print(ba, ba.upper(), bytes(ba))
ba += b"++"
ba *= 2
print(ba)
print(bytearray(4), bytearray([1, 2, 3]), bytearray("é", "utf-8"), bytearray.fromhex("4142"))
b2 = bytearray(b"abc")
b2[::2] = b"XY"
print(b2, b2 == b"XbY", b2.decode(), b2.hex())
try:
    b2[0] = 300
except ValueError as e:
    print("ValueError:", e)
b2.clear()
print(b2, len(b2))
print(sorted(bytearray(b"dcba")), bytearray(b"xyz")[1], bytearray(b"xyz")[1:])
