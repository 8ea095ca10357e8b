# _thread.interrupt_main: KeyboardInterrupt in the main thread, raised as
# soon as the call returns when the main thread asks, and delivered to a
# busy loop when another thread asks (PyErr_SetInterruptEx, the eval
# breaker after calls).
import _thread
import signal
import threading
import time

try:
    _thread.interrupt_main()
    print("not interrupted")
except KeyboardInterrupt:
    print("KeyboardInterrupt at once")


def later():
    time.sleep(0.2)
    _thread.interrupt_main()


t = threading.Thread(target=later)
t.start()
n = 0
try:
    while True:
        n += 1
except KeyboardInterrupt:
    print("busy loop interrupted", n > 0)
t.join()

got = []
old = signal.signal(signal.SIGTERM, lambda signum, frame: got.append(signum))
_thread.interrupt_main(signal.SIGTERM)
print(got == [signal.SIGTERM])
signal.signal(signal.SIGTERM, signal.SIG_IGN)
_thread.interrupt_main(signal.SIGTERM)
print("ignored")
signal.signal(signal.SIGTERM, old)
for bad in (0, 65, -1):
    try:
        _thread.interrupt_main(bad)
    except ValueError as e:
        print("ValueError", e)
