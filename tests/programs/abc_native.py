# The native _abc module behind abc.ABCMeta: abstract methods, register,
# the positive and negative caches, the cache token, subclass hooks,
# collection flags for pattern matching, weak registries, and CPython's
# error messages.
import _abc
import abc
import collections.abc as cabc


def show(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


print(abc.ABCMeta.__module__, abc.get_cache_token is _abc.get_cache_token)


class Base(abc.ABC):
    @abc.abstractmethod
    def run(self): ...

    @property
    @abc.abstractmethod
    def size(self): ...

    @classmethod
    @abc.abstractmethod
    def make(cls): ...

    @staticmethod
    @abc.abstractmethod
    def helper(): ...


print(sorted(Base.__abstractmethods__))
show("instantiate", Base)


class Half(Base):
    def run(self):
        return "run"

    @property
    def size(self):
        return 1


print(sorted(Half.__abstractmethods__))


class Full(Half):
    @classmethod
    def make(cls):
        return cls()

    @staticmethod
    def helper():
        return "h"


full = Full.make()
print(Full.__abstractmethods__, full.run(), full.size, Full.helper())
print(isinstance(full, Base), issubclass(Full, Base), issubclass(int, Base))

token = abc.get_cache_token()
Base.register(int)
print(abc.get_cache_token() == token + 1, issubclass(int, Base), isinstance(3, Base), issubclass(bool, Base))
print(Base.register(int) is int, abc.get_cache_token() == token + 1)
registry, cache, negative, version = _abc._get_dump(Base)
print(sorted(r().__name__ for r in registry), type(version).__name__)
print(sorted(r().__name__ for r in cache if r() is not None))


class Other:
    pass


print(issubclass(Other, Base), any(r() is Other for r in _abc._get_dump(Base)[2]))
_abc._reset_caches(Base)
print([len(s) for s in _abc._get_dump(Base)[:3]])
_abc._reset_registry(Base)
print(len(_abc._get_dump(Base)[0]), issubclass(int, Base))

show("register non-class", lambda: Base.register(3))
show("subclasscheck non-class", lambda: issubclass(3, Base))
show("_abc_subclasscheck non-class", lambda: _abc._abc_subclasscheck(Base, 3))


class Loop(abc.ABC):
    pass


class Child(Loop):
    pass


print(Loop.register(Loop) is Loop)
show("cycle", lambda: Child.register(Loop))


class WrongImpl:
    _abc_impl = 1


show("wrong impl", lambda: _abc._abc_instancecheck(WrongImpl, 1))
show("get_dump args", lambda: _abc._get_dump())
show("register args", lambda: _abc._abc_register(Base))


class Hooked(abc.ABC):
    @classmethod
    def __subclasshook__(cls, other):
        if other is str:
            return True
        if other is bytes:
            return False
        if other is float:
            return 3
        return NotImplemented


print(issubclass(str, Hooked), issubclass(bytes, Hooked), issubclass(list, Hooked))
show("bad hook", lambda: issubclass(float, Hooked))


class NoClass:
    def __getattribute__(self, name):
        if name == "__class__":
            raise AttributeError(name)
        return super().__getattribute__(name)


print(isinstance(NoClass(), Hooked))


class Seq:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i < 2:
            return i
        raise IndexError(i)


class Map:
    pass


cabc.Sequence.register(Seq)
cabc.Mapping.register(Map)


def kind(x):
    match x:
        case [a, b]:
            return f"sequence {a} {b}"
        case {}:
            return "mapping"
        case _:
            return "other"


print(kind(Seq()), kind(Map()), kind(object()))
show("both flags", lambda: abc.ABCMeta("Both", (), {"__abc_tpflags__": (1 << 5) | (1 << 6)}))


# Each weak reference of a registry removes itself when its class dies
# (the class would need the cycle collector here).
class Temp:
    pass


Base.register(Temp)
print([callable(r.__callback__) for r in _abc._get_dump(Base)[0]])
