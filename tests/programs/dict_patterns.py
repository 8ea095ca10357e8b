# Common dict idioms: grouping, inverting, counting, nested defaults, merging with precedence.
records = [("fruit", "apple"), ("veg", "kale"), ("fruit", "pear"), ("veg", "leek"), ("grain", "rye")]
groups = {}
for kind, name in records:
    groups.setdefault(kind, []).append(name)
print(groups)
inverted = {name: kind for kind, names in groups.items() for name in names}
print(inverted)
shared = dict.fromkeys(["a", "b"], [])
shared["a"].append(1)
print("fromkeys shares one list:", shared)
tree = {}
for path in ["a/b/c", "a/b/d", "a/e", "f"]:
    node = tree
    for part in path.split("/"):
        node = node.setdefault(part, {})
print(tree)
defaults, env, cli = {"v": 0, "mode": "safe"}, {"mode": "fast"}, {"v": 2}
print({**defaults, **env, **cli}, defaults | env | cli == {**defaults, **env, **cli})
scores = {"ann": 90, "bob": 72, "cy": 85}
print(max(scores, key=scores.get), sorted(scores, key=scores.get, reverse=True), {k: v for k, v in scores.items() if v > 80})
print(dict(sorted(scores.items(), key=lambda kv: kv[1])), list(zip(*scores.items())))
print({1: "a"} == {1.0: "a"}, dict([("x", 1)], y=2), len({}.keys()))
