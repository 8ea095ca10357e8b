# isinstance/issubclass: metaclass __instancecheck__/__subclasscheck__, tuples, unions, __class__ and __bases__ duck typing, and their TypeErrors.
class Meta(type):
    def __instancecheck__(cls, inst):
        return inst == 42
    def __subclasscheck__(cls, sub):
        return sub is int
class Any(metaclass=Meta): pass
print(isinstance(42, Any), isinstance(41, Any), issubclass(int, Any), issubclass(str, Any))
print(isinstance(42, (str, Any)), isinstance(3, int | str), issubclass(bool, (str, int)))
class P:
    __class__ = int
print(isinstance(P(), int), isinstance(P(), P))
class Fake:
    __bases__ = ()
try:
    isinstance(1, 3)
except TypeError as e: print(e)
try:
    issubclass(1, int)
except TypeError as e: print(e)
try:
    issubclass(int, 1)
except TypeError as e: print(e)
print(isinstance(1, Fake()), issubclass(Fake(), Fake()))
