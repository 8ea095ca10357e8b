# abc: abstract base classes, abstractmethod, register, collections.abc checks.
from abc import ABC, abstractmethod
import collections.abc as cabc
class Shape(ABC):
    @abstractmethod
    def area(self): ...
    @property
    @abstractmethod
    def name(self): ...
    def describe(self):
        return f"{self.name} with area {self.area()}"
class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
    @property
    def name(self):
        return "square"
print(Square(3).describe())
try:
    Shape()
except TypeError as e:
    print("TypeError:", e)
class Half(Shape):
    def area(self):
        return 0
try:
    Half()
except TypeError as e:
    print("TypeError:", e)
class Duck:
    def __len__(self):
        return 0
    def __iter__(self):
        return iter([])
print(isinstance(Duck(), cabc.Sized), isinstance(Duck(), cabc.Iterable), isinstance(Duck(), cabc.Sequence))
Shape.register(int)
print(isinstance(5, Shape), issubclass(bool, Shape))
print(isinstance([], cabc.MutableSequence), isinstance((), cabc.MutableSequence), isinstance({}, cabc.Mapping))
print(isinstance((x for x in []), cabc.Generator), isinstance(len, cabc.Callable), issubclass(dict, cabc.Hashable))
