# dataclasses: fields, defaults, ordering, frozen, post_init, asdict, replace.
from dataclasses import dataclass, field, asdict, astuple, replace, fields, FrozenInstanceError
@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: list[str] = field(default_factory=list)
    qty: int = field(default=1, repr=False)
    def total(self):
        return self.price * self.qty
i = Item("pen", 1.5, qty=4)
print(i, i.total(), i == Item("pen", 1.5, [], 4), asdict(i), astuple(i))
print([f.name for f in fields(Item)], replace(i, name="pencil"))
@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
vs = sorted([Version(1, 2), Version(0, 9), Version(1, 0)])
print(vs, Version(1) < Version(1, 1), hash(Version(1, 2)) == hash(Version(1, 2)))
try:
    vs[0].major = 5
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
@dataclass
class Rect:
    w: float
    h: float
    area: float = field(init=False)
    def __post_init__(self):
        self.area = self.w * self.h
print(Rect(2, 3))
try:
    @dataclass
    class Bad:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)
@dataclass(slots=True, kw_only=True)
class Opt:
    a: int
    b: int = 2
print(Opt(a=1), hasattr(Opt(a=1), "__dict__"))
