# types.GenericAlias (list[int]) and unions (int | None): repr, attributes, equality, calls, isinstance.
class Box:
    pass
print(list[int], dict[str, list[int]], tuple[int, ...], type[int], tuple[()], list[Box])
a = list[int]
print(type(a).__name__, a.__origin__, a.__args__, a.__parameters__)
print(a == list[int], a == list[str], hash(a) == hash(list[int]))
print(a([3, 1, 2]), a.append is list.append, a.__mro_entries__(()))
u = int | None
print(type(u).__name__, u, u.__args__, int | int, None | int)
print((int | str) == (str | int), hash(int | str) == hash(str | int), (int | str) != (int | bytes))
print(list[int] | None, (int | str) | float, int | (str | float))
print(isinstance(3, int | str), isinstance(3.0, int | str), isinstance(None, int | None))
print(issubclass(bool, int | str), issubclass(float, int | str))
try:
    int | 3
except TypeError as e:
    print("TypeError:", e)
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, bases, kw)
        return {"injected": 1}
class P(metaclass=Meta):
    x = 1
print(P.injected, P.x)
