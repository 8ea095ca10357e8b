# float()/int() conversion protocol: exact types first, __float__/__int__
# overrides on subclasses, subclass results (deprecated), buffers,
# float.from_number, keyword handling in subclasses, digit limits.
import array
import sys
import warnings


def show(f, *a, **k):
    try:
        r = f(*a, **k)
        print(type(r).__name__, repr(r))
    except Exception as e:
        print(type(e).__name__, e)


class F2(float):
    def __float__(self):
        return 42.0

class I2(int):
    def __int__(self):
        return 42

class FSub(float):
    pass

class RetFSub:
    def __float__(self):
        return FSub(1.5)

class RetISub:
    def __int__(self):
        return True

class IdxSub:
    def __index__(self):
        return True

show(float, F2())
show(int, I2(7))
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    show(float, RetFSub())
    show(int, RetISub())
    show(int, IdxSub())
    for x in w:
        print(x.category.__name__, x.message)

for x in (bytearray(b" 3.25 "), memoryview(b"12.3")[1:4], array.array("B", b"1e3"), b"1_0.5"):
    show(float, x)
for x in (bytearray(b"abc"), b"1__0", b""):
    show(float, x)
show(float, [])

show(float.from_number, 3.5)
show(float.from_number, 7)
show(float.from_number, FSub(2.5))
show(FSub.from_number, 2.5)
show(float.from_number, "1.5")
show(float.from_number, b"1.5")
show(float.from_number, 1j)
show(float.from_number)

class WithInit(float):
    def __init__(self, v, extra=None):
        self.extra = extra

show(float, x=1)
show(FSub, x=1)
u = WithInit(2.5, extra=3)
print(type(u).__name__, float(u), u.extra)

show(int, "7" * 5000)
show(int, "7" * 4300 + "x")
print(len(str(int("8" * 4300))))
