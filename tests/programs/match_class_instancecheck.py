# A class pattern asks isinstance(), so the metaclass's __instancecheck__
# decides, and its errors (typing's non-runtime protocols) propagate.
from typing import Protocol, runtime_checkable


class P(Protocol):
    x: int


@runtime_checkable
class R(Protocol):
    x: int


class C:
    x = 1


try:
    match C():
        case P():
            print('matched P')
except TypeError as e:
    print('TypeError:', e)

match C():
    case R(x=v):
        print('matched R', v)


class Meta(type):
    def __instancecheck__(cls, inst):
        print('__instancecheck__', inst)
        return inst == 1


class Q(metaclass=Meta):
    pass


for subject in (1, 2):
    match subject:
        case Q():
            print('Q', subject)
        case _:
            print('not Q', subject)
