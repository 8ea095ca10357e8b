# Rebinding or unpacking into a local releases the old value only after
# the new one is in place: a finalizer that reads the frame's locals (as
# warnings.warn walking frames does) sees the new value, never the object
# being finalized.
import sys

class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        loc = sys._getframe(1).f_locals
        print("del", self.n, {k: type(v).__name__ for k, v in sorted(loc.items())})

def rebinding():
    x = D(1)
    x = 1
    y = D(2)
    x, y = 2, 3
    z = D(3)
    z = 4
    for w in [D(4), 5]:
        pass
    print(z, x, y, w)

rebinding()
