# Class decorators and mixin classes.
def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls
def register(registry):
    def deco(cls):
        registry[cls.__name__.lower()] = cls
        return cls
    return deco
REG = {}
class JsonMixin:
    def to_json(self):
        import json
        return json.dumps(vars(self), sort_keys=True)
class CompareMixin:
    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)
    def __hash__(self):
        return hash(tuple(sorted(vars(self).items())))
@register(REG)
@add_repr
class User(JsonMixin, CompareMixin):
    def __init__(self, name, age):
        self.name, self.age = name, age
u = User("ann", 30)
print(u, u.to_json(), u == User("ann", 30), u == User("bo", 1), len({u, User("ann", 30)}))
print(REG, [c.__name__ for c in User.__mro__])
