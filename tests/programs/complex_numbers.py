# Complex numbers: construction, arithmetic, repr.
z = 3 + 4j
w = complex(1, -2)
print(z, w, z + w, z - w, z * w, z / w)
print(abs(z), z.real, z.imag, z.conjugate())
print(complex("1+2j"), complex("-3.5j"), complex(2), complex())
print(1j * 1j, (1 + 1j) ** 2, 2 ** (0 + 1j) == 2 ** 1j)
print(repr(complex(0, 0)), repr(-0j), repr(complex(-0.0, -0.0)), 1j)
print(complex(1e300, 1e300) * 10)
print(z == 3 + 4j, z != w, complex(5, 0) == 5)
print(format(z, ".2f"), format(w, "^20"), f"{z:+.1e}")
try:
    z < w
except TypeError as e:
    print("TypeError:", e)
try:
    z / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(hash(complex(3, 0)) == hash(3), complex(float("inf"), 1))
print(pow(1j, 4), (2 + 0j) ** 3)
