# memoryview over bytes and bytearray.
buf = bytearray(b"abcdefgh")
m = memoryview(buf)
print(m[0], m[-1], bytes(m[2:5]), m.nbytes, m.readonly, m.format, m.itemsize, len(m))
m[0] = ord("A")
m[1:3] = b"BC"
print(buf)
sub = m[4:]
sub[0] = ord("E")
print(buf, sub.tobytes(), sub.tolist())
ro = memoryview(b"xyz")
try:
    ro[0] = 1
except TypeError as e:
    print("TypeError:", e)
ints = memoryview(bytearray(8)).cast("i")
ints[0] = 7
ints[1] = -1
print(ints.tolist(), len(ints), ints.format, ints.itemsize)
print(m == buf, m[::2].tobytes(), bytes(m[::-1]))
with memoryview(b"ctx") as mv:
    print(mv.tobytes())
try:
    mv.tobytes()
except ValueError as e:
    print("ValueError:", e)
