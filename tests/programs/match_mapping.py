# match: mapping patterns with **rest.
def handle(ev):
    match ev:
        case {"type": "click", "pos": (x, y)}:
            return f"click at {x},{y}"
        case {"type": "key", "key": str(k), **rest} if not rest:
            return f"key {k}"
        case {"type": "key", **rest}:
            return f"key with extras {sorted(rest)}"
        case {}:
            return "some mapping"
        case _:
            return "not a mapping"
events = [
    {"type": "click", "pos": (3, 4)},
    {"type": "key", "key": "q"},
    {"type": "key", "key": "q", "mods": ["ctrl"], "t": 1},
    {"type": "scroll"},
    [1, 2],
    {"pos": (1, 2), "type": "click", "extra": True},
]
for e in events:
    print(handle(e))
from collections import defaultdict
dd = defaultdict(int)
match dd:
    case {"missing": _}:
        print("matched missing?")
    case _:
        print("mapping pattern does not create keys:", dict(dd))
