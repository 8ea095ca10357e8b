# enum: Enum, IntEnum, Flag, auto, iteration, lookup, unique.
from enum import Enum, IntEnum, Flag, IntFlag, auto, unique, StrEnum
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
print(Color.RED, repr(Color.GREEN), Color(3), Color["BLUE"], Color.CRIMSON is Color.RED, list(Color))
print(Color.RED.name, Color.RED.value, len(Color), Color.RED in Color, type(Color.RED).__name__)
try:
    Color(9)
except ValueError as e:
    print("ValueError:", e)
class Prio(IntEnum):
    LOW = auto()
    HIGH = auto()
print(Prio.HIGH > Prio.LOW, Prio.HIGH + 1, sorted([Prio.HIGH, Prio.LOW]), int(Prio.LOW))
class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()
rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw, list(rw), ~Perm.R, Perm(0), bool(Perm(0)))
class Mode(StrEnum):
    FAST = auto()
    SLOW = "slow!"
print(Mode.FAST, Mode.SLOW.upper(), f"{Mode.FAST}")
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)
class Planet(Enum):
    EARTH = (5.97e24, 6.37e6)
    def __init__(self, mass, radius):
        self.mass, self.radius = mass, radius
    @property
    def gravity(self):
        return round(6.674e-11 * self.mass / self.radius ** 2, 2)
print(Planet.EARTH.gravity, Planet.EARTH.value)
print(list(Color.__members__), Perm(3))
