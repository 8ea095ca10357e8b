# A generator keeps the exception it handles across yields, also when it
# is the very exception its caller was handling when it threw it in;
# a generator handling nothing sees its caller's.
import sys


def gen():
    try:
        print("start", sys.exception())
        yield
    except Exception as exc:
        print("in except", repr(sys.exception()), exc.__context__)
        yield
        print("after resume", repr(sys.exception()))
        yield
        raise


g = gen()
next(g)
try:
    raise ValueError("caller's")
except Exception as e:
    try:
        g.throw(e)
    except Exception:
        pass
next(g)
try:
    next(g)
except ValueError as e:
    print("reraised", repr(e), e.__context__)
print("outside", sys.exception())


def plain():
    while True:
        print("plain sees", repr(sys.exception()))
        yield


p = plain()
next(p)
try:
    raise KeyError("k")
except KeyError:
    next(p)
next(p)


def nested():
    try:
        raise TypeError("own")
    except TypeError:
        yield
        print("own after resume", repr(sys.exception()))
        inner = plain()
        next(inner)
    yield
    print("after handler", repr(sys.exception()))
    yield


n = nested()
next(n)
try:
    raise KeyError("caller")
except KeyError:
    next(n)
    next(n)
next(n, None)
