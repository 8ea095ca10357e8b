# List slicing, slice assignment and deletion.
a = list(range(10))
print(a[2:7], a[::3], a[::-1], a[-3:], a[7:2:-2], a[100:], a[-100:2])
b = a[:]
b[2:5] = ["x"]
print(b)
b[1:1] = [7, 7, 7]
print(b)
b[:] = [1, 2, 3]
print(b)
c = list(range(10))
c[::2] = "abcde"
print(c)
try:
    c[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
del c[1::2]
print(c)
d = list(range(10))
del d[-3:]
del d[0]
print(d)
d[len(d):] = [100]
print(d, d[-1:-4:-1])
e = [1, 2, 3]
e[5:] = [9]
print(e)
print(a[slice(2, None)], a[slice(-2, None, -4)])
