# Bitwise operators on small, negative and big integers.
vals = [0, 1, 5, -5, 255, -256, 2 ** 70 + 3]
for a in vals:
    print(a, ~a, a & 0xF, a | 0x10, a ^ 0xFF, a << 3, a >> 2)
print(0b1010 & 0b0110, 0b1010 | 0b0110, 0b1010 ^ 0b0110)
print(-1 & (2 ** 100 - 1) == 2 ** 100 - 1)
print((-12345678901234567890) >> 5, (-12345678901234567890) & 0xFFFF)
print(1 << 0, 1 << 64, 3 >> 10, -3 >> 10)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
print(int.bit_length(1023), (1024).bit_length())
print((10).to_bytes(2, "big"), (10).to_bytes(2, "little"))
print((-2).to_bytes(2, "big", signed=True))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\xff\xff", "little", signed=True))
