# json with custom objects: object_hook decoding into classes, default encoding, dataclasses.
import json
from dataclasses import dataclass, asdict
@dataclass
class Point:
    x: int
    y: int
def encode(o):
    if isinstance(o, Point):
        return {"__point__": True, **asdict(o)}
    if isinstance(o, set):
        return {"__set__": sorted(o)}
    raise TypeError(f"cannot encode {type(o).__name__}")
def decode(d):
    if d.get("__point__"):
        return Point(d["x"], d["y"])
    if "__set__" in d:
        return set(d["__set__"])
    return d
data = {"path": [Point(0, 0), Point(3, 4)], "tags": {"b", "a"}, "meta": {"n": 2}}
text = json.dumps(data, default=encode, sort_keys=True)
print(text)
back = json.loads(text, object_hook=decode)
print(back["path"], sorted(back["tags"]), back == data)
try:
    json.dumps({"c": 1j}, default=encode)
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({"a": [1, {"b": None}]}, indent="\t"))
print(json.loads("[1, 2]", object_pairs_hook=None), json.loads('{"b": 1, "a": 2}', object_pairs_hook=lambda ps: ps))
