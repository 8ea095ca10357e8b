# atexit handlers run at normal interpreter exit, in reverse registration order, after main code.
import atexit
import sys
def bye(name):
    print("atexit", name)
atexit.register(bye, "first registered")
atexit.register(bye, "second registered")
@atexit.register
def last():
    print("decorated handler")
    sys.stdout.flush()
atexit.register(bye, "unregistered")
atexit.unregister(bye)
atexit.register(bye, "re-registered after unregister")
print("main code done")
sys.exit(4)
