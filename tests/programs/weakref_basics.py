# Weak references: ref with callbacks and reuse, proxies, getweakrefs,
# _remove_dead_weakref, WeakSet, subclasses with slots, callback errors.
import _weakref, sys
class A:
    pass
a = A()
r = _weakref.ref(a)
print(r() is a, _weakref.ref(a) is r, _weakref.getweakrefcount(a))
log = []
r2 = _weakref.ref(a, lambda w: log.append(('cb', w is r2, w())))
print(r2 is not r, _weakref.getweakrefcount(a), len(_weakref.getweakrefs(a)), a.__weakref__ is r)
print(hash(r) == hash(a), r == r2)
del a
print(r(), log, r == r2)
print(repr(r)[-6:])
try:
    _weakref.ref(1)
except TypeError as e:
    print(e)
class B:
    def m(self): return 5
    def __call__(self): return 7
b = B()
p = _weakref.proxy(b)
print(p.m(), type(p).__name__, p())
b.x = 3
print(p.x)
del b
try:
    p.x
except ReferenceError as e:
    print(e)
d = {}
class C: pass
c = C()
d['k'] = _weakref.ref(c)
del c
_weakref._remove_dead_weakref(d, 'k')
print(d)
import _weakrefset
ws = _weakrefset.WeakSet()
x = A(); ws.add(x); print(len(ws)); del x; print(len(ws))
class K(_weakref.ref):
    __slots__ = ('key',)
    def __new__(cls, ob, cb, key):
        self = super().__new__(cls, ob, cb)
        self.key = key
        return self
    def __init__(self, ob, cb, key):
        super().__init__(ob, cb)
y = A()
k = K(y, None, 'kk')
print(k.key, k() is y, type(k).__name__)
class Raiser:
    def __call__(self, w):
        raise ValueError("boom")
    def __repr__(self):
        return '<raiser>'
z = A(); rz = _weakref.ref(z, Raiser()); del z
print('after')
t = type('T', (), {})
rt = _weakref.ref(t)
print(rt() is t)
