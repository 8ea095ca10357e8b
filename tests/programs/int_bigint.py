# Arbitrary-precision integers.
f = 1
for i in range(1, 31):
    f *= i
print(f)
print(2 ** 100, -(2 ** 100))
print(2 ** 64 - 1, 2 ** 63, -(2 ** 63) - 1)
a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, a - b, a * b)
print(b // a, b % a, divmod(-b, a))
print(a ** 3)
print((a * b) // b == a)
print(pow(3, 200, 10 ** 9 + 7), pow(2, -1, 7))
print(10 ** 40 // 3, -(10 ** 40) // 3)
print((1 << 200) >> 190, (-1 << 100) >> 98)
print(hex(2 ** 70), oct(2 ** 70), bin(2 ** 70))
print((2 ** 100).bit_length(), (255).bit_count(), (-(2 ** 80)).bit_length())
print(int("9" * 50) + 1)
print(sum(range(10 ** 6)) * 10 ** 20)
