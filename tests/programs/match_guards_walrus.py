# match guards with side effects, walrus inside guards, and capture scoping after match.
log = []
def check(v, name):
    log.append(name)
    return v
def classify(cmd):
    match cmd.split():
        case ["go", direction] if check(direction in ("n", "s", "e", "w"), "dir-guard"):
            return f"move {direction}"
        case ["go", *rest] if check(len(rest) > 1, "multi-guard"):
            return f"too many args {rest}"
        case ["pick", item] if (n := len(item)) > 3:
            return f"pick long item ({n} chars)"
        case ["pick", item]:
            return f"pick {item}"
        case [("quit" | "exit") as verb]:
            return f"bye via {verb}"
        case []:
            return "empty"
        case [verb, *_]:
            return f"unknown verb {verb!r}"
for c in ["go n", "go up", "go a b", "pick sword", "pick axe", "quit", "exit", "", "dance now"]:
    print(repr(c), "->", classify(c))
print(log)
match {"x": 1}:
    case {"x": captured} if captured > 5:
        pass
    case _:
        pass
print("captured bound even though guard failed:", captured)
