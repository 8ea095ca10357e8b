# Numeric literal syntax.
print(0, 00, 0_0, 1_000_000, 0x_FF, 0o7_7, 0b_1_0)
print(0xDEADbeef, 0O777, 0B1111, 0XaB)
print(1., .5, 1e3, 1E-3, 1_0.0_1, 1e1_0, 0e0)
print(1j, 1.5J, 1e2j, 0j, 1_0j)
print(type(1), type(1.), type(1j))
print(0.1e-1, 123.456e+2, 9_9.9_9e1)
print(-1, - 1, +-1, -+-1, --1)
print(1 .real, 1.0.imag, 0x10 .bit_length())
