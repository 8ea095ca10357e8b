# Format specs through f-strings for all the builtin types.
vals = [0, 7, -7, 255, 10 ** 12]
for v in vals:
    print(f"{v:d}|{v:6d}|{v:<6d}|{v:^7d}|{v:+d}|{v:x}|{v:#X}|{v:o}|{v:b}|{v:,d}|{v:_d}|{v:08d}|{v:e}")
for v in [0.0, 1.5, -2.25, 1e-7, 12345.6789]:
    print(f"{v:f}|{v:.1f}|{v:e}|{v:g}|{v:%}|{v:+.2f}|{v:010.2f}|{v:<10}|{v:>10.3g}|")
for v in ["", "a", "abc", "abcdef"]:
    print(f"{v:5}|{v:>5}|{v:^5}|{v:.2}|{v:-<6.3}|")
print(f"{True}|{True:d}|{True:>6}|{None!s:>6}|{b'x'!r}")
print(f"{3+4j:.1f}|{1j:>8}")
try:
    f"{'s':d}"
except ValueError as e:
    print("ValueError:", e)
try:
    f"{5:s}"
except ValueError as e:
    print("ValueError:", e)
try:
    f"{1.5:d}"
except ValueError as e:
    print("ValueError:", e)
