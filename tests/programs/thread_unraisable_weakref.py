# _thread: an exception in a thread started by start_new_thread goes to
# sys.unraisablehook; locks and RLocks take weak references
# (Modules/_threadmodule.c: thread_run, lock and rlock types).
import _thread
import sys
import threading
import weakref

seen = []
sys.unraisablehook = lambda u: seen.append(
    (type(u.exc_value).__name__, str(u.exc_value), u.err_msg.split(" at ")[0], u.object, u.exc_traceback is not None)
)
done = _thread.allocate_lock()
done.acquire()


def task():
    try:
        raise ValueError("task failed")
    finally:
        done.release()


_thread.start_new_thread(task, ())
done.acquire()
while not seen:
    pass
print(seen)

for make in (_thread.allocate_lock, _thread.RLock, threading.Lock, threading.RLock):
    lock = make()
    r = weakref.ref(lock)
    print(type(lock).__name__, r() is lock, end=" ")
    del lock
    print(r())

args = _thread._ExceptHookArgs([ValueError, ValueError("x"), None, None])
print(args.exc_type.__name__, args.exc_value, args.exc_traceback, args.thread, len(args), tuple(args)[0].__name__)
try:
    _thread._ExceptHookArgs([1, 2])
except TypeError as e:
    print("TypeError", e)
