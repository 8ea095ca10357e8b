# json: dumps/loads with options, nested structures, errors.
import json
data = {"name": "rupy", "version": [3, 14], "ok": True, "none": None, "pi": 3.14, "nested": {"a": [1, {"b": "c"}]},
        "unicode": "café ☕", "esc": "quote\" back\\ nl\n"}
s = json.dumps(data)
print(s)
print(json.loads(s) == data)
print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
print(json.dumps([1, 2], separators=(",", ":")), json.dumps({"b": 1, "a": 2}, sort_keys=True))
print(json.dumps(1e100), json.dumps(float("inf")), json.dumps("x"), json.dumps((1, 2)), json.dumps({1: "int key"}))
print(json.loads('[1, 2.5, "s", true, false, null, {"k": []}]'), json.loads("1e3"), json.loads('"\\u00e9"'))
for bad in ['{"a": 1,}', "[1, 2", "nan", "'single'"]:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e)
try:
    json.dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({"s": {3, 1, 2}}, default=sorted))
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, complex):
            return [o.real, o.imag]
        return super().default(o)
print(json.dumps([1j, 2 + 3j], cls=Enc), json.loads('{"a": 1.5}', parse_float=str))
print(json.loads('{"x": 1, "x": 2}'), json.loads('[1]', object_hook=None))
