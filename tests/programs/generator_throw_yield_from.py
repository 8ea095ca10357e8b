# throw() into a generator suspended in `yield from`: the delegate runs
# with the generator's frame as its caller, a delegate that handles the
# exception and returns hands its value to `yield from`, and the
# three-argument form warns.
import sys, warnings


def names(frame, n=3):
    out = []
    while frame and len(out) < n:
        out.append(frame.f_code.co_name)
        frame = frame.f_back
    return out


def f():
    try:
        yield
    except Exception as e:
        print("f caught", repr(e), names(sys._getframe()))
    return 5


def g():
    r = yield from f()
    print("g got", r)
    yield 7


gen = g()
gen.send(None)
print("throw ->", gen.throw(RuntimeError))


class Custom:
    def __iter__(self):
        return self
    def __next__(self):
        return 42
    def throw(self, *args):
        print("custom throw", names(sys._getframe()))
        return 43


def h():
    yield from Custom()


gen = h()
print(gen.send(None), gen.throw(RuntimeError))


def plain():
    try:
        yield 1
    except KeyError:
        print("plain caught")
        yield 2


def outer():
    try:
        yield from plain()
    except ValueError:
        print("outer caught ValueError")
        yield 3


gen = outer()
next(gen)
print(gen.throw(KeyError))
gen = outer()
next(gen)
print(gen.throw(ValueError))

gen = plain()
next(gen)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    print(gen.throw(KeyError, KeyError("k"), None))
    print([(x.category.__name__, str(x.message)) for x in w])
gen = plain()
next(gen)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        gen.throw(KeyError, None)
    except DeprecationWarning as e:
        print("DeprecationWarning", e)
