# isinstance/issubclass with tuples, unions, ABCs and __instancecheck__.
print(isinstance(1, int | str), isinstance("s", int | str), isinstance(None, int | None), isinstance(1.0, (int, (str, float))))
print(issubclass(bool, int | str), issubclass(float, int | str), isinstance([], list | tuple))
import numbers
print(isinstance(1, numbers.Number), isinstance(1.5, numbers.Integral), isinstance(True, numbers.Integral),
      isinstance(1j, numbers.Real), isinstance(2, numbers.Rational))
class Meta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, str) and obj.startswith("x")
    def __subclasscheck__(cls, sub):
        return sub is bytes
class XStr(metaclass=Meta):
    pass
print(isinstance("xyz", XStr), isinstance("abc", XStr), issubclass(bytes, XStr), issubclass(str, XStr))
try:
    isinstance(1, 5)
except TypeError as e:
    print("TypeError:", e)
try:
    issubclass(1, int)
except TypeError as e:
    print("TypeError:", e)
print(type(int | str).__name__, (int | str).__args__, int | str == str | int, int | int)
