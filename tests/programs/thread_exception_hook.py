# An exception in a thread goes to threading.excepthook; the main thread continues.
import threading
caught = []
def hook(args):
    tb = args.exc_traceback
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    caught.append((args.exc_type.__name__, str(args.exc_value), args.thread.name, frames[-1]))
threading.excepthook = hook
def bad():
    raise ValueError("thread failure")
def worse():
    return {}["key"]
for name, fn in [("failing", bad), ("lookup", worse)]:
    t = threading.Thread(target=fn, name=name)
    t.start()
    t.join()
print(caught)
def raises_exit():
    raise SystemExit(3)
t = threading.Thread(target=raises_exit)
t.start()
t.join()
print("SystemExit also reaches a custom hook:", caught[-1][0], len(caught))
threading.excepthook = threading.__excepthook__
print("main thread still running")
