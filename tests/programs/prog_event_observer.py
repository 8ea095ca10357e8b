# An observer/event-bus with decorators, priorities, once-handlers and error isolation.
class EventBus:
    def __init__(self):
        self.handlers = {}
    def on(self, event, priority=0, once=False):
        def deco(fn):
            self.handlers.setdefault(event, []).append((-priority, len(self.handlers.get(event, [])), fn, once))
            self.handlers[event].sort(key=lambda h: h[:2])
            return fn
        return deco
    def emit(self, event, **payload):
        results = []
        for entry in list(self.handlers.get(event, [])):
            _, _, fn, once = entry
            try:
                results.append(fn(**payload))
            except Exception as e:
                results.append(f"{fn.__name__} failed: {e!r}")
            if once:
                self.handlers[event].remove(entry)
        return results
bus = EventBus()
@bus.on("login")
def audit(user):
    return f"audit {user}"
@bus.on("login", priority=10)
def greet(user):
    return f"welcome {user}"
@bus.on("login", once=True)
def first_time(user):
    return f"first login {user}"
@bus.on("login", priority=5)
def flaky(user):
    if user == "mallory":
        raise PermissionError("blocked")
    return "flaky ok"
print(bus.emit("login", user="alice"))
print(bus.emit("login", user="mallory"))
print(bus.emit("logout", user="alice"))
