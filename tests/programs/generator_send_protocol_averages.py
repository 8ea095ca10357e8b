# A generator that receives commands via send() and reports state: a tiny interactive protocol.
def session():
    items = {}
    reply = "ready"
    while True:
        cmd = yield reply
        match cmd:
            case ("set", key, value):
                items[key] = value
                reply = f"ok {key}"
            case ("get", key):
                reply = items.get(key, "<missing>")
            case ("del", key) if key in items:
                del items[key]
                reply = f"deleted {key}"
            case ("del", key):
                reply = f"no {key}"
            case ("dump",):
                reply = dict(sorted(items.items()))
            case "quit":
                return f"closed with {len(items)} items"
            case _:
                reply = f"bad command {cmd!r}"
s = session()
print(next(s))
for cmd in [("set", "b", 2), ("set", "a", 1), ("get", "a"), ("get", "z"), ("del", "b"), ("del", "b"),
            ("dump",), "hello"]:
    print(cmd, "->", s.send(cmd))
try:
    s.send("quit")
except StopIteration as e:
    print(e.value)
