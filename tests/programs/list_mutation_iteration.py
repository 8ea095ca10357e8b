# Mutating lists while iterating: what actually happens, and safe alternatives.
a = [1, 2, 3, 4, 5, 6]
for x in a:
    if x % 2 == 0:
        a.remove(x)
print("remove while iterating:", a)
b = [1, 2, 3, 4, 5, 6]
for x in b[:]:
    if x % 2 == 0:
        b.remove(x)
print("iterate over a copy:", b)
c = [1, 2, 3]
seen = []
for x in c:
    seen.append(x)
    if len(c) < 6:
        c.append(x * 10)
print("append while iterating:", seen, c)
d = list(range(10))
d[:] = [v for v in d if v % 3]
print("slice assign filter:", d)
e = [5, 1, 4]
it = iter(e)
next(it)
e.insert(0, 99)
print("iterator index after insert:", list(it))
f = list(range(5))
for i in range(len(f) - 1, -1, -1):
    if f[i] % 2:
        del f[i]
print("reverse index deletion:", f)
