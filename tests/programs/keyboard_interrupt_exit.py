# An uncaught KeyboardInterrupt prints a traceback, then CPython ends by SIGINT (status 130).
def work():
    raise KeyboardInterrupt
print("working")
work()
