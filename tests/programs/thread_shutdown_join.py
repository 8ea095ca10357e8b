# At exit the interpreter waits for non-daemon threads (threading._shutdown
# through _thread._shutdown), runs threading's atexit functions first,
# and threading.excepthook writes to sys.stderr; the all-threads trace
# setters reach threads already running.
import io
import sys
import threading


turns = [threading.Event() for _ in range(3)]


def child(n):
    turns[n].wait()
    print("child", n, "finished after main")
    turns[n + 1].set()


def at_shutdown():
    print("threading atexit runs before the join")
    turns[0].set()


threading._register_atexit(at_shutdown)
for n in range(2):
    threading.Thread(target=child, args=(n,)).start()

buf = io.StringIO()
old = sys.stderr
sys.stderr = buf


class Fails(threading.Thread):
    def run(self):
        raise ValueError("run failed")


t = Fails(name="failing")
t.start()
t.join()
sys.stderr = old
report = buf.getvalue()
print("Exception in thread failing:" in report, "ValueError: run failed" in report)

seen = []
first, second = threading.Event(), threading.Event()


def checker():
    seen.append(sys.gettrace())
    first.set()
    second.wait()
    seen.append(sys.gettrace())


def tracer(*args):
    return None


c = threading.Thread(target=checker)
c.start()
first.wait()
threading.settrace_all_threads(tracer)
second.set()
c.join()
print(seen == [None, tracer], sys.gettrace() is tracer, threading.gettrace() is tracer)
threading.settrace_all_threads(None)
print(sys.gettrace())
print("main done")
