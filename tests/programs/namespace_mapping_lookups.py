# Name lookups through dict subclasses (LOAD_GLOBAL's and
# LOAD_FROM_DICT_OR_GLOBALS's mapping slow path), type()'s __module__,
# __type_params__, cell objects and member descriptors (typeobject.c,
# cellobject.c, descrobject.c, ceval.c).
import types
import annotationlib


class Missing(dict):
    def __missing__(self, key):
        return f"<{key}>"


def reads_globals():
    return Undefined, len


g = types.FunctionType(reads_globals.__code__, Missing())
print(g())

exec("print(SomeName)", Missing({"print": print}))


class Counting(dict):
    def __getitem__(self, key):
        print("getitem", key)
        return super().__getitem__(key)


h = types.FunctionType(reads_globals.__code__, Counting({"Undefined": 1}))
print(h())


class C:
    x: ClassVar[int]
    y: "list[Undefined]"


print(annotationlib.get_annotations(C, format=annotationlib.Format.STRING))
print(annotationlib.get_annotations(C, format=annotationlib.Format.FORWARDREF))

D = type("D", (), {})
print(D.__module__, type("E", (), {"__module__": "elsewhere"}).__module__)
print(object.__type_params__, int.__type_params__, type.__type_params__, D.__type_params__)


class G[T]:
    pass


print(G.__type_params__)
D.__type_params__ = (1,)
print(D.__type_params__)
try:
    int.__type_params__ = ()
except TypeError as e:
    print("TypeError", e)

Cell = types.CellType
empty, one, two = Cell(), Cell(1), Cell(2)
print(repr(empty).endswith(": empty>"), one.cell_contents)
print(empty < one, one < two, one == Cell(1), empty == Cell(), two > one, empty != one)
for bad in [lambda: Cell(1, 2), lambda: Cell(contents=1), lambda: hash(one)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
print(Cell.__doc__.splitlines()[0])


def f():
    pass


for name in ["__globals__", "__closure__", "__builtins__", "__doc__", "__module__"]:
    print(name, type(types.FunctionType.__dict__[name]).__name__)
print(types.FunctionType.__globals__, types.MemberDescriptorType)
for attr in ["__globals__", "__closure__"]:
    try:
        setattr(f, attr, {})
    except AttributeError as e:
        print("AttributeError", e)
    try:
        delattr(f, attr)
    except AttributeError as e:
        print("AttributeError", e)
print(types.FunctionType.__globals__.__get__(f) is globals())
