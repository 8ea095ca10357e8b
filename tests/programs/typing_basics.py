# typing module constructs at runtime: reprs, get_origin/get_args, Protocol, TypedDict, NamedTuple.
from typing import (Optional, Union, Callable, Literal, Any, TypeVar, Generic, Protocol, TypedDict,
                    NamedTuple, get_origin, get_args, runtime_checkable, cast, Final, ClassVar)
print(Optional[int], Union[int, str], Callable[[int], str], Literal["a", 1], Any)
print(get_origin(list[int]), get_args(dict[str, int]), get_args(Optional[int]), get_origin(Union[int, str]))
T = TypeVar("T")
class Box(Generic[T]):
    def __init__(self, v: T):
        self.v = v
print(Box[int], Box(3).v, T, T.__name__)
@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...
class F:
    def close(self):
        pass
print(isinstance(F(), Closable), isinstance(3, Closable))
class Movie(TypedDict):
    title: str
    year: int
m: Movie = {"title": "x", "year": 1}
print(m, Movie.__required_keys__ == {"title", "year"})
class Emp(NamedTuple):
    name: str
    id: int = 0
print(Emp("a"), Emp("b", 3)._asdict(), cast(int, "not checked"))
print(int | None == Optional[int], Union[int] is int)
