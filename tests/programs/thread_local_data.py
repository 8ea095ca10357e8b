# threading.local gives each thread its own attributes.
import threading
local = threading.local()
local.name = "main"
seen = {}
lock = threading.Lock()
def work(i):
    local.name = f"thread-{i}"
    local.values = [i] * i
    for _ in range(1000):
        pass
    with lock:
        seen[i] = (local.name, len(local.values))
ts = [threading.Thread(target=work, args=(i,)) for i in range(5)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(seen.items()))
print(local.name, hasattr(local, "values"))
def no_attr():
    with lock:
        seen["fresh"] = hasattr(local, "name")
t = threading.Thread(target=no_attr)
t.start(); t.join()
print(seen["fresh"])
