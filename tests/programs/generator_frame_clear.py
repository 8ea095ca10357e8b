# frame.clear() on a generator's frame: refused while suspended or
# running, closes a generator that has not started (releasing its
# arguments).
import sys


class Noisy:
    def __del__(self):
        print("argument released")


def gen(a):
    try:
        yield 1
    finally:
        print("finally")


g = gen(Noisy())
g.gi_frame.clear()
print("after clear", g.gi_frame, list(g))
del g

g = gen(None)
next(g)
try:
    g.gi_frame.clear()
except RuntimeError as e:
    print("RuntimeError", e)
g.close()
print(g.gi_frame)


def running():
    try:
        sys._getframe().clear()
    except RuntimeError as e:
        print("RuntimeError", e)
    yield


list(running())
