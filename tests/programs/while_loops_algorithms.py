# while loops: gcd, digit sums, binary conversion, Newton's method, loop-and-a-half.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
print(gcd(1071, 462), gcd(17, 5), gcd(0, 9), gcd(2 ** 64, 2 ** 40 * 3))
def digits(n):
    out = []
    while True:
        n, d = divmod(n, 10)
        out.append(d)
        if n == 0:
            break
    return out[::-1]
print(digits(0), digits(90210), sum(digits(2 ** 100)))
def to_base(n, b):
    chars = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while n:
        n, r = divmod(n, b)
        s = chars[r] + s
    return s or "0"
print(to_base(255, 2), to_base(255, 16), to_base(12345, 36), int(to_base(12345, 36), 36))
def isqrt_newton(n):
    x = n
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y
print(isqrt_newton(10 ** 40 + 12345), isqrt_newton(99), isqrt_newton(1))
data = iter([3, 5, -1, 7])
total = 0
while (v := next(data)) >= 0:
    total += v
print(total)
i = 0
while i < 10:
    i += 3
else:
    print("while-else, i =", i)
