# faulthandler: tracebacks written to a file, the enable state, the
# registration errors.
import faulthandler
import signal
import sys
import tempfile


def inner(f):
    faulthandler.dump_traceback(f, all_threads=False)


def outer(f):
    inner(f)


def name_é_ф_日本_𐐀():
    with tempfile.TemporaryFile() as t:
        faulthandler.dump_traceback(t.fileno(), False)
        t.seek(0)
        return t.read().decode("ascii")


with tempfile.TemporaryFile("w+") as f:
    outer(f)
    f.seek(0)
    print(f.read().replace(__file__, "FILE"))
print(name_é_ф_日本_𐐀().replace(__file__, "FILE"))

print(faulthandler.is_enabled())
with tempfile.TemporaryFile() as f:
    print(faulthandler.enable(f), faulthandler.is_enabled())
    print(faulthandler.enable(file=f, all_threads=False), faulthandler.is_enabled())
    print(faulthandler.disable(), faulthandler.is_enabled(), faulthandler.disable())
    print(faulthandler.register(signal.SIGUSR1, f), faulthandler.unregister(signal.SIGUSR1),
          faulthandler.unregister(signal.SIGUSR1))
faulthandler.cancel_dump_traceback_later()

for call in (
    lambda: faulthandler.register(signal.SIGSEGV),
    lambda: faulthandler.unregister(signal.SIGABRT),
    lambda: faulthandler.register(0),
    lambda: faulthandler.register(1000),
    lambda: faulthandler.dump_traceback_later(0),
    lambda: faulthandler.dump_traceback_later(-1.5),
    lambda: faulthandler.dump_traceback_later(1e300),
    lambda: faulthandler.dump_traceback(-1),
    lambda: faulthandler.dump_traceback("x"),
    lambda: faulthandler.enable(bogus=1),
    lambda: faulthandler.is_enabled(1),
):
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)

saved = sys.stderr
sys.stderr = None
try:
    faulthandler.dump_traceback()
except RuntimeError as e:
    print("RuntimeError", e)
finally:
    sys.stderr = saved
