# list: every method, slices with steps, repetition, in-place ops, subclasses.
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
l=[1,2,3]
t(lambda: l.index(5))
t(lambda: l.index(1, 'a'))
t(lambda: l.remove(5))
t(lambda: l.__setitem__(slice(0,3,2), [1]))
t(lambda: l.__setitem__(slice(0,3,2), 1))
t(lambda: l.__setitem__(slice(0,3), 1))
t(lambda: l.__setitem__('a', 1))
t(lambda: l.__delitem__('a'))
t(lambda: list(1))
t(lambda: list([1], x=1))
t(lambda: list(x=1))
t(lambda: list(1,2))
t(lambda: l.extend(1))
t(lambda: l.sort(1))
t(lambda: l.sort(foo=1))
t(lambda: [3,'a'].sort())
t(lambda: l.pop(10))
t(lambda: l.insert('a', 1))
t(lambda: l.index())
t(lambda: l.count())
t(lambda: l*(2**63))
t(lambda: type(iter([])))
t(lambda: type(reversed([])))
t(lambda: iter([1,2]).__length_hint__())
t(lambda: [1,2]+(1,))
t(lambda: l.__getitem__(2**70))
t(lambda: l.__setitem__(2**70, 1))
t(lambda: l.__delitem__(5))
def f(): l[0:2] = 1
t(f)
def f(): l[::2] = 1
t(f)
def f():
  l=[1,2,3]; l[1:2] = l; return l
t(f)
def f():
  l=[1,2,3,4,5]; l[::-2] = 'abc'; return l
t(f)
def f():
  l=[1,2,3,4,5]; del l[::-2]; return l
t(f)
def f():
  l=[1,2,3]; l.extend(l); l+=l; return l
t(f)
def f():
  l=[1,2,3]; l*=2; return l,[1]*-1, 2*[1,2]
t(f)
t(lambda: [1,2,3].index(3, -1))
t(lambda: [1,2,3].index(3, 0, 2))
t(lambda: [1,2,3].index(3, None))


xs = [(i * 7919) % 1009 for i in range(2000)]
ys = sorted(xs)
print(ys[:10], ys[-5:], ys == sorted(ys))
zs = list(xs); zs.sort(reverse=True); print(zs[:5])
ws = [(x % 10, i) for i, x in enumerate(xs)]
ws.sort(key=lambda p: p[0]); print(ws[:5], ws[-3:])
fl = [x / 3 for x in xs]; fl.sort(); print(fl[:3])
ss = [repr(x) for x in xs]; ss.sort(); print(ss[:5])
def f():
    a = [3, 1, 2]
    def k(x):
        a.append(1); return x
    a.sort(key=k)
t(f)
def f():
    a = [3, 1, 2]
    seen = []
    def k(x):
        seen.append(list(a)); return x
    a.sort(key=k); return a, seen
t(f)
class C(list):
    pass
c = C([1,2,3]); c.append(4); print(c, type(c), len(c), c[1:], c * 2)
print(list(reversed([1,2,3])), [1,2] < [1,3], [1,2] == [1,2], 2 in [1,2])
print(list(range(5)), list("abc"), list((1,2)), list({1:2}))
a = [5, 3, 8]; a.reverse(); print(a, a.copy(), a.count(3))
a.clear(); print(a)
print([1, 2, 3, 2, 1].index(2, 2))
x = [1]; x.insert(-100, 0); x.insert(100, 9); print(x)
d = [1,2,3,4,5,6,7,8,9]; d[2:5] = []; print(d); d[1:1] = [10,11]; print(d); del d[::3]; print(d)
print(sorted([3,1,2]*200)[::100])
print([].__sizeof__() <= [1,2,3].__sizeof__())
