# A metaclass that registers subclasses and validates required attributes at class creation.
class ModelMeta(type):
    registry = {}
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, ns)
        if bases:
            missing = [f for f in ("table",) if not hasattr(cls, f)]
            if missing:
                raise TypeError(f"{name} is missing {missing}")
            fields = {k: v for k, v in ns.items() if isinstance(v, type) and not k.startswith("_")}
            cls._fields = {**getattr(cls, "_fields", {}), **fields}
            mcls.registry[cls.table] = cls
        return cls
    def __repr__(cls):
        return f"<model {cls.__name__} table={getattr(cls, 'table', None)}>"
class Model(metaclass=ModelMeta):
    def __init__(self, **kw):
        for k, t in self._fields.items():
            v = kw.get(k)
            if not isinstance(v, t):
                raise TypeError(f"{k} must be {t.__name__}, got {type(v).__name__}")
            setattr(self, k, v)
class User(Model):
    table = "users"
    name = str
    age = int
class Admin(User):
    table = "admins"
    level = int
print(ModelMeta.registry, Admin._fields)
a = Admin(name="root", age=40, level=9)
print(a.name, a.level)
try:
    User(name="x", age="old")
except TypeError as e:
    print("TypeError:", e)
try:
    class Broken(Model):
        name = str
except TypeError as e:
    print("TypeError:", e)
print(type(User), repr(User))
