# __del__ (PEP 442 finalizers): called once when the last reference goes,
# resurrection, errors reported through sys.unraisablehook, the exception
# being handled kept, subclasses of builtins and __slots__ classes.
import sys
import weakref


class R:
    saved = []

    def __del__(self):
        print("del R", self.x)
        R.saved.append(self)


r = R()
r.x = 1
del r
print("resurrected:", len(R.saved), R.saved[0].x)
R.saved.clear()
print("cleared without a second __del__")


class E:
    def __del__(self):
        raise ValueError("boom")


def hook(args):
    print("hook:", args.exc_type.__name__, args.exc_value, args.err_msg.split(" <")[0], args.object)


sys.unraisablehook = hook
E()
try:
    raise KeyError(1)
except KeyError:
    E()
    print("still handling", repr(sys.exception()))


sys.unraisablehook = sys.__unraisablehook__


class Slot:
    __slots__ = ("a",)

    def __del__(self):
        print("del slot")


Slot()


class T(tuple):
    def __del__(self):
        print("del tuple subclass", tuple(self))


T((1, 2))


class W:
    def __del__(self):
        print("del W")


w = W()
wr = weakref.ref(w, lambda ref: print("callback, referent gone:", ref() is None))
del w


class Chain:
    def __init__(self, name, nxt=None):
        self.name, self.nxt = name, nxt

    def __del__(self):
        print("del", self.name)


c = Chain("a", Chain("b", Chain("c")))
del c
print("end")
