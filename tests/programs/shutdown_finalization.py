# Interpreter shutdown: after the atexit callbacks, module globals are
# collected with their finalizers run while the module is still intact;
# new threads cannot start and running daemon threads cannot be joined.
# (No thread runs a function of this module: its frame would keep the
# module's globals alive.)
import _thread
import atexit
import sys
import threading
import time

local = threading.local()
local.value = "kept"


class AtExit:
    def __init__(self):
        self.me = self
        self.daemon = threading.Thread(target=time.sleep, args=(600,), daemon=True)
        self.daemon.start()
        self.done = threading.Thread(target=len, args=((),), daemon=True)
        self.done.start()
        self.done.join()

    def __del__(self):
        print("finalizing:", sys.is_finalizing())
        print("thread-local value:", local.value)
        try:
            _thread.start_new_thread(print, ("never printed",))
        except PythonFinalizationError as e:
            print("start_new_thread:", e)
        try:
            self.daemon.join(5)
        except PythonFinalizationError as e:
            print("join running daemon:", e)
        print("daemon still alive:", self.daemon.is_alive())
        self.done.join()
        print("joined finished daemon:", not self.done.is_alive())
        print("main thread:", threading.current_thread() is threading.main_thread())


atexit.register(print, "atexit callback")
print("finalizing while running:", sys.is_finalizing())
at_exit = AtExit()
print("main done")
