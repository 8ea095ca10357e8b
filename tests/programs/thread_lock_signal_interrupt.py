# A signal handler that raises interrupts a thread lock's blocking
# acquire, timed or not, on the main thread (as on CPython).
import signal
import threading
import time


def handler(signum, frame):
    raise KeyboardInterrupt("alarm")


signal.signal(signal.SIGALRM, handler)
lock = threading.Lock()
lock.acquire()
for kwargs in ({}, {"timeout": 30}):
    signal.alarm(1)
    t0 = time.monotonic()
    try:
        lock.acquire(**kwargs)
    except KeyboardInterrupt as e:
        print("interrupted", kwargs, e, "in time:", time.monotonic() - t0 < 10)
    else:
        print("acquired?", kwargs)
rlock = threading.RLock()
t = threading.Thread(target=rlock.acquire)
t.start()
t.join()
signal.alarm(1)
try:
    rlock.acquire()
except KeyboardInterrupt as e:
    print("RLock interrupted", e)
signal.signal(signal.SIGALRM, lambda s, f: print("handler ran"))
signal.alarm(1)
print("timed out acquire:", lock.acquire(timeout=1.5))

# Joining a thread is interrupted the same way.
signal.signal(signal.SIGALRM, handler)
stop = threading.Event()
t = threading.Thread(target=stop.wait, args=(30,))
t.start()
signal.alarm(1)
t0 = time.monotonic()
try:
    t.join()
except KeyboardInterrupt as e:
    print("join interrupted", e, "in time:", time.monotonic() - t0 < 10)
stop.set()
t.join()
print("joined", t.is_alive())
