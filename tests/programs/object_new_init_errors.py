# object.__new__ / object.__init__ argument checks, type.__prepare__, and a
# comparison method whose lookup raises (typeobject.c: object_new,
# object_init, type_prepare, slot_tp_richcompare).

def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", r)


class C:
    pass

attempt("C(42)", lambda: C(42))
attempt("C.__new__(C, 42)", lambda: C.__new__(C, 42))
attempt("C().__init__(42)", lambda: C().__init__(42))
attempt("object.__init__(C(), 42)", lambda: object.__init__(C(), 42))


class D:
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls, *args, **kwargs)
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

attempt("D(42)", lambda: D(42))
attempt("D(k=1)", lambda: D(k=1))
attempt("object.__new__(D, 42)", lambda: object.__new__(D, 42))


class E:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

attempt("E(1)", lambda: E(1))
attempt("object.__init__(E(), 42)", lambda: object.__init__(E(), 42))
attempt("object.__new__(E, 42)", lambda: type(object.__new__(E, 42)).__name__)


class N:
    def __new__(cls, *args):
        return super().__new__(cls)

attempt("N(1, 2)", lambda: type(N(1, 2)).__name__)
attempt("object.__init__(N(), 1)", lambda: object.__init__(N(), 1))

ns = type.__prepare__("X", (), extra=1)
print(type(ns).__name__, ns, type.__prepare__() is not type.__prepare__())
print(type.__prepare__.__text_signature__)


class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        ns = super().__prepare__(name, bases, **kw)
        ns["injected"] = name
        return ns

class K(metaclass=Meta):
    pass

print(K.injected)


def booh(self):
    raise AttributeError("booh")

class Q:
    __eq__ = property(booh)
    __lt__ = property(booh)

q = Q()
print(q == q, q == Q(), q != q)
attempt("q < q", lambda: q < q)
attempt("q.__eq__", lambda: q.__eq__)
