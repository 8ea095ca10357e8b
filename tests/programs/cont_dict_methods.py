# dict: construction and update rules, setdefault/popitem/fromkeys, |, views, __missing__.
def t(f):
    try: print(repr(f()))
    except BaseException as e: print(type(e).__name__, e)
t(lambda: dict([(1,2,3)]))
t(lambda: dict([1]))
t(lambda: dict(1))
t(lambda: dict({1:2}, {3:4}))
t(lambda: {}.update({1:2},{3:4}))
t(lambda: dict([(1,2)], a=3))
t(lambda: {}.popitem())
t(lambda: {}.setdefault())
t(lambda: {}.pop())
t(lambda: {}.pop(1))
t(lambda: {}.get())
t(lambda: dict.fromkeys([1,2]))
t(lambda: dict.fromkeys([1,2], 0))
t(lambda: {1:2} | 3)
t(lambda: {1:2} | {3:4})
t(lambda: {1:2}.keys() & set([1,3]))
t(lambda: {1:2}.keys() | [5])
t(lambda: {1:2}.keys() - set([1]))
t(lambda: {1:2}.keys() ^ set([1,7]))
t(lambda: {1:2}.items() - set([(1,2)]))
t(lambda: set([1,3]) & {1:2}.keys())
t(lambda: {1:2}.keys().isdisjoint([2]))
t(lambda: {1:2}.keys() & 1)
t(lambda: list(reversed({1:2,3:4})))
t(lambda: list(reversed({1:2,3:4}.items())))
t(lambda: type(reversed({})))
t(lambda: {1:2}.keys() == set([1]))
t(lambda: {1:2}.values() == {1:2}.values())
class D(dict):
    def __missing__(self, k): return k*2
t(lambda: D()[3])
t(lambda: D(a=1))
t(lambda: dict(D(a=1)))
t(lambda: {}.fromkeys('ab'))
t(lambda: D.fromkeys('ab'))
t(lambda: type(D.fromkeys('ab')))
t(lambda: dict(x=1).copy())
t(lambda: dict.__new__(dict) )
t(lambda: {}.update(1))
t(lambda: {}.update([[1,2]], b=2))
d={1:2}
def f():
  for k in d: d[k+1]=0
t(f)
t(lambda: dict(['ab', None]))
t(lambda: dict(['ab', 'abc']))
class K:
  def keys(self): return [1,2]
  def __getitem__(self, k): return k*10
t(lambda: dict(K()))
t(lambda: dict(K(), z=1))
t(lambda: {1:1}.update(K()))
t(lambda: {1:2}.items() & set([(1,2)]))
t(lambda: {1:2}.values() & set([1]))
t(lambda: {1:2}.keys() <= set([1,2]))
t(lambda: {1:2}.keys() < set([1]))
e = {'a': 1, 'b': 2, 'c': 3}
print(e.popitem(), e, e.setdefault('z', []), e)
e |= {'q': 0}; print(e); e |= [('r', 1)]; print(e)
x = e; x |= {'s': 9}; print(e is x, len(e))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items()))
g = {}
for w in ["ab", "ac", "bd"]:
    g.setdefault(w[0], []).append(w)
print(g)
while g:
    print(g.popitem())
r = {i: i*i for i in range(10)}
for k in list(r):
    if k % 2: del r[k]
print(r, list(reversed(r.values())))
print(D(), D({1:2}), isinstance(D(), dict))
