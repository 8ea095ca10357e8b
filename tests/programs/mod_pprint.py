# pprint formatting of nested data (sorted dict keys, width wrapping).
import pprint
data = {"name": "rupy", "tags": ["runtime", "python", "rust"], "nested": {"z": list(range(20)), "a": {"deep": [1, 2, {"x": "y"}]}},
        "tuple": (1, 2, 3), "set": {3, 1, 2}}
pprint.pprint(data)
pprint.pprint(data, width=40, depth=2)
print(pprint.pformat(list(range(30)), width=50, compact=True))
pprint.pprint(data, sort_dicts=False, width=120)
print(pprint.isrecursive([1]), pprint.saferepr({"b": 1, "a": [2]}))
