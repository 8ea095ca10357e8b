# Metaclasses: __new__, __init__, __call__, __prepare__, and class creation via type().
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("Meta.__new__", name, sorted(k for k in ns if not k.startswith("__")), kw)
        ns["created_by"] = mcls.__name__
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        print("Meta.__init__", name)
        super().__init__(name, bases, ns)
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)
class Thing(metaclass=Meta, flavor="x"):
    a = 1
    def method(self):
        return "m"
    def __init__(self, v):
        self.v = v
t = Thing(5)
print(t.v, Thing.created_by, type(Thing).__name__, isinstance(Thing, Meta))
class Sub(Thing):
    pass
print(type(Sub).__name__)
Dyn = type("Dyn", (object,), {"x": 10, "hello": lambda self: "hi"})
print(Dyn.x, Dyn().hello(), Dyn.__name__, type(Dyn))
class Ordered(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        print("prepare", name)
        return {"injected": True}
class P(metaclass=Ordered):
    z = 1
print(P.injected)
class Singleton(type):
    _inst = {}
    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]
class Config(metaclass=Singleton):
    pass
print(Config() is Config())
print(type(type), type(object), isinstance(type, object), isinstance(object, type))
