# dict copying: copy(), dict(), comprehension, copy.deepcopy, and views reflecting changes.
import copy
orig = {"a": [1, 2], "b": {"c": 3}}
shallow1 = orig.copy()
shallow2 = dict(orig)
shallow3 = {k: v for k, v in orig.items()}
deep = copy.deepcopy(orig)
orig["a"].append(99)
orig["b"]["d"] = 4
orig["new"] = "x"
for name, d in [("copy", shallow1), ("dict", shallow2), ("comp", shallow3), ("deep", deep)]:
    print(f"{name:4}", d)
keys = orig.keys()
orig.pop("new")
print(list(keys), len(keys))
frozen = dict(orig)
frozen.clear()
print(orig != frozen, len(orig))
