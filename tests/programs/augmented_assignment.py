# Augmented assignment on names, attributes, subscripts; in-place vs rebinding.
a = [1]
b = a
a += [2]
print(a, b, a is b)
t = (1,)
u = t
t += (2,)
print(t, u, t is u)
s = "x"
s *= 3
print(s)
class Box:
    def __init__(self):
        self.v = 1
        self.items = {"n": 10}
bx = Box()
bx.v += 4
bx.items["n"] -= 3
bx.items["n"] *= 2
print(bx.v, bx.items)
n = 17
n //= 3; n **= 2; n %= 7; n <<= 3; n >>= 1; n |= 1; n &= 0xFF; n ^= 0b1010
print(n)
f = 1.5
f /= 2; f -= 0.25; f **= 2
print(f)
m = [[1, 2], [3, 4]]
m[1][0] += 10
print(m)
class Acc:
    def __init__(self):
        self.total = 0
    def __iadd__(self, v):
        self.total += v
        return self
    def __repr__(self):
        return f"Acc({self.total})"
acc = Acc()
acc += 5
acc += 6
print(acc)
counts = {}
for ch in "abca":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
