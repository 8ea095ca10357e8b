# __class_getitem__ and builtin generic aliases.
class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__ if isinstance(item, type) else item}]"
print(Box[int], Box["x"], Box[3])
print(list[int], dict[str, list[int]], tuple[int, ...], type(list[int]).__name__)
alias = list[int]
print(alias.__origin__, alias.__args__, alias() == [], isinstance([], list))
try:
    isinstance([], list[int])
except TypeError as e:
    print("TypeError:", e)
print(int | str, type(int | None).__name__, isinstance(3, int | str), isinstance(None, int | None))
class Gen[T]:
    def __init__(self, v: T):
        self.v = v
print(Gen[int], Gen.__type_params__, Gen[int](5).v)
