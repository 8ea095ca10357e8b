# weakref.ref's repr (fully qualified type, the referent's __name__), its
# argument checks in __new__ and __init__, subclasses taking keywords,
# the read-only __callback__, weakrefs to modules, and pow() through
# proxies (weakrefobject.c weakref_repr, weakref___new__/__init__,
# proxy_pow).
import re
import types
import weakref


def shape(text):
    return re.sub(r"0x[0-9a-f]+", "ADDR", text)


class Plain:
    pass


class Named:
    @property
    def __name__(self):
        return "custom"


class BadName:
    @property
    def __name__(self):
        raise ZeroDivisionError("no name")


class NotStrName:
    __name__ = 5


def func():
    pass


keep = [Plain(), Named(), NotStrName(), func, Plain, weakref]
for obj in keep:
    print(shape(repr(weakref.ref(obj))))
try:
    repr(weakref.ref(BadName()))
except ZeroDivisionError as e:
    print("repr error:", e)

r = weakref.ref(Plain)
for args in [(), (1, 2, 3)]:
    try:
        weakref.ref(*args)
    except TypeError as e:
        print("new:", e)
for args, kwargs in [((0, 0, 0, 0, 0), {}), ((Plain,), {"x": 1})]:
    try:
        r.__init__(*args, **kwargs)
    except TypeError as e:
        print("init:", e)
try:
    r.__callback__ = None
except AttributeError as e:
    print("callback:", e)


class MyRef(weakref.ref):
    def __init__(self, ob, callback=None, value=42):
        super().__init__(ob, callback)
        self.value = value


target = Plain()
mr = MyRef(target, value=24)
print(mr() is target, mr.value)

mod = types.ModuleType("mod")
wm = weakref.ref(mod)
print(wm() is mod)
del mod
print(wm())


class Num:
    def __pow__(self, other, mod=None):
        return ("pow", other, mod)


n = Num()
print(pow(weakref.proxy(n), 2, 7))
dead = weakref.proxy(Plain())
try:
    pow(weakref.proxy(n), 2, dead)
except ReferenceError as e:
    print("dead proxy:", e)
