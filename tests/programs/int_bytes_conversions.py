# int.to_bytes/from_bytes edge cases, signedness, lengths and overflow.
for n in [0, 1, 255, 256, -1, -128, -129, 2 ** 64 - 1]:
    length = max(1, (n.bit_length() + 8) // 8)
    b = n.to_bytes(length, "big", signed=True)
    print(n, b.hex(), int.from_bytes(b, "big", signed=True), int.from_bytes(b, "little"))
print((1024).to_bytes(2), (1024).to_bytes(4, "little"), (0).to_bytes(0, "big") if False else (0).to_bytes(1, "big"))
for n, ln, signed in [(256, 1, False), (-1, 1, False), (128, 1, True)]:
    try:
        n.to_bytes(ln, "big", signed=signed)
    except OverflowError as e:
        print("OverflowError:", e)
print(int.from_bytes(b""), int.from_bytes([1, 2, 3], "big"), int.from_bytes(bytearray(b"\x80"), "big", signed=True))
print((65).to_bytes() + (66).to_bytes(), int.from_bytes(b"\xff" * 16, "big").bit_length())
print((3).as_integer_ratio(), (10).numerator, (10).denominator, (5).real, (5).imag, (7).conjugate(), (6).is_integer())
