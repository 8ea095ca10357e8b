# float repr round-trips, hex representation, and float.fromhex.
import math
vals = [0.1, 1 / 3, math.pi, 1e-300, 5e-324, 1.7976931348623157e308, 123456.789, -0.0, 2.0 ** -1074]
for v in vals:
    r = repr(v)
    print(r, float(r) == v, v.hex(), float.fromhex(v.hex()) == v)
print(float.fromhex("0x1p-2"), float.fromhex("-0x1.fffffffffffffp+1023"), float.fromhex("0X1.8P+1"))
print((1.0).hex(), (0.0).hex(), (-2.5).hex(), float.fromhex("inf"), float.fromhex("0x0p0"))
print(math.nextafter(0.0, 1.0), math.nextafter(1.0, 0.0), (1.0).__repr__(), 1e-7, 1e-4, 123e18, 1e21)
