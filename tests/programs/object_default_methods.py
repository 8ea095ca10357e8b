# Defaults inherited from object: __eq__/__ne__/__hash__, __str__, __init_subclass__, __dir__.
class Plain:
    pass
a, b = Plain(), Plain()
print(a == a, a == b, a != b, hash(a) == hash(a), a.__eq__(b), a.__ne__(a))
print(type(object()).__name__, object.__name__, Plain.__bases__, Plain.__base__)
print(Plain.__module__, Plain.__qualname__, Plain.__doc__, sorted(vars(Plain)))
print(isinstance(a, object), issubclass(Plain, object), object.__subclasshook__(int) is NotImplemented)
try:
    object().attr = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    object(1)
except TypeError as e:
    print("TypeError:", e)
try:
    Plain(1)
except TypeError as e:
    print("TypeError:", e)
print(a.__class__ is Plain, Plain.__class__ is type, a.__reduce_ex__(2)[0].__name__)
print(object.__lt__(a, b), a.__format__("") == str(a), a.__sizeof__() > 0)
