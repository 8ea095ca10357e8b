# Recursion over nested data: deep equality, depth, pretty printing, JSON-like serialization.
def depth(x):
    if isinstance(x, (list, tuple)):
        return 1 + max(map(depth, x), default=0)
    if isinstance(x, dict):
        return 1 + max(map(depth, x.values()), default=0)
    return 0
def serialize(x):
    if isinstance(x, dict):
        return "{" + ",".join(f"{serialize(k)}:{serialize(v)}" for k, v in x.items()) + "}"
    if isinstance(x, (list, tuple)):
        return "[" + ",".join(map(serialize, x)) + "]"
    if isinstance(x, str):
        return '"' + x + '"'
    return str(x).lower() if isinstance(x, bool) else str(x)
def pretty(x, ind=0):
    pad = "  " * ind
    if isinstance(x, dict):
        for k, v in x.items():
            if isinstance(v, (dict, list)):
                print(f"{pad}{k}:")
                pretty(v, ind + 1)
            else:
                print(f"{pad}{k}: {v}")
    elif isinstance(x, list):
        for v in x:
            if isinstance(v, (dict, list)):
                print(f"{pad}-")
                pretty(v, ind + 1)
            else:
                print(f"{pad}- {v}")
doc = {"name": "cfg", "on": True, "ports": [80, 443], "db": {"host": "h", "replicas": [{"id": 1}, {"id": 2}]}}
print(depth(doc), depth([]), depth([[[[]]]]))
print(serialize(doc))
pretty(doc)
nested = []
cur = nested
for i in range(50):
    cur.append([])
    cur = cur[0]
print(depth(nested))
