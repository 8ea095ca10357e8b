# sys.setprofile: call/return for Python frames (generators included),
# c_call/c_return/c_exception for builtins, profile functions per thread,
# threading.settrace, and a profile function that raises.
import sys
import threading


def show(frame, event, arg):
    if event.startswith("c_"):
        arg = getattr(arg, "__qualname__", arg)
    elif event == "return" and arg is not None and not isinstance(arg, (int, str)):
        arg = type(arg).__name__
    print(f"  {frame.f_code.co_name} {event} {arg}")


def profiler(frame, event, arg):
    show(frame, event, arg)


def gen():
    yield 1
    yield 2


def work(xs):
    n = len(xs)
    xs.append(n)
    s = sorted(xs, key=abs)
    try:
        int("x")
    except ValueError:
        pass
    g = gen()
    next(g)
    del g
    return max(s)


print("profile")
sys.setprofile(profiler)
work([3, -1])
sys.setprofile(None)
print("getprofile after:", sys.getprofile())


def bad(frame, event, arg):
    if event == "c_call":
        raise RuntimeError("from profiler")


print("raising profiler")
sys.setprofile(bad)
try:
    work([1])
except RuntimeError as e:
    print("  caught:", e)
print("  getprofile:", sys.getprofile())

# Per thread: the main thread's function does not see another thread.
print("per thread")
events = []


def record(frame, event, arg):
    if event == "call":
        events.append((threading.current_thread().name, frame.f_code.co_name))


def in_thread():
    return sum([1, 2])


sys.setprofile(record)
t = threading.Thread(target=in_thread, name="T1")
t.start()
t.join()
sys.setprofile(None)
print("  other thread seen:", any(name == "T1" for name, _ in events))

# threading.settrace installs the function in new threads only.
print("threading.settrace")
seen = []


def ttrace(frame, event, arg):
    if frame.f_code.co_name == "in_thread":
        seen.append(event)
        return ttrace


threading.settrace(ttrace)
try:
    t = threading.Thread(target=in_thread, name="T2")
    t.start()
    t.join()
finally:
    threading.settrace(None)
print("  events in thread:", seen)
print("  main thread gettrace:", sys.gettrace())
