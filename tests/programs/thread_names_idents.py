# Thread naming, identity and enumerate, printed without the varying ident numbers.
import threading
started = threading.Barrier(4)
release = threading.Event()
info = {}
lock = threading.Lock()
def worker():
    me = threading.current_thread()
    with lock:
        info[me.name] = (me.ident is not None, me is not threading.main_thread(), me.native_id is not None)
    started.wait()
    release.wait()
ts = [threading.Thread(target=worker, name=f"worker-{i}") for i in range(3)]
for t in ts: t.start()
started.wait()
names = sorted(t.name for t in threading.enumerate())
print(names)
release.set()
for t in ts: t.join()
print(sorted(info.items()))
print(threading.current_thread().name, sorted(t.name for t in threading.enumerate()))
t = threading.Thread(target=lambda: None)
print(t.name.startswith("Thread-"), t.ident, t.is_alive())
