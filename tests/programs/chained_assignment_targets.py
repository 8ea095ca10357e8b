# Chained assignment, multiple targets, swaps and rotation, assignment to attributes/items.
a = b = c = []
a.append(1)
print(a, b, c, a is c)
x = y = 5
x += 1
print(x, y)
p, q, r = 1, 2, 3
p, q, r = r, p, q
print(p, q, r)
lst = [10, 20, 30]
lst[0], lst[-1] = lst[-1], lst[0]
print(lst)
i, lst[i] = 1, 99
print(i, lst)
class O:
    pass
o = O()
o.a = o.b = "shared"
print(o.a, o.b)
d = {}
d["k"] = d["j"] = len(d)
print(d)
first, second = second, first = "AB"
print(first, second)
(m, n), k = [1, 2], 3
print(m, n, k)
