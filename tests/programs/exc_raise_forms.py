# raise forms: class, instance, bare re-raise, re-raise outside handler.
try:
    raise ValueError
except ValueError as e:
    print(repr(e))
try:
    try:
        raise KeyError("x")
    except KeyError:
        raise
except KeyError as e:
    print("reraised", repr(e))
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError("a") from 5
except TypeError as e:
    print("TypeError:", e)
class NotExc:
    pass
try:
    raise NotExc
except TypeError as e:
    print("TypeError:", e)
def f():
    try:
        raise IndexError("saved")
    except IndexError as e:
        return e
saved = f()
try:
    raise saved
except IndexError as e:
    print("raised saved instance", e is saved)
import sys
try:
    raise OSError("x")
except OSError:
    print(sys.exception().__class__.__name__, sys.exc_info()[0].__name__)
print(sys.exception(), sys.exc_info())
