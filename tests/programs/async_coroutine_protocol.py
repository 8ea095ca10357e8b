# Coroutine objects driven by hand: send/throw/close, __await__, attributes and errors.
class Yielder:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        got = yield self.v
        return (got or 0) * 2
async def child(x):
    r = await Yielder(x)
    return r + 1
async def parent():
    a = await child(1)
    b = await child(10)
    return a, b
def run(coro, sends):
    out = []
    try:
        v = coro.send(None)
        for s in sends:
            out.append(v)
            v = coro.send(s)
    except StopIteration as e:
        out.append(("done", e.value))
    return out
print(run(parent(), [5, 7]))
c = parent()
print(type(c).__name__, c.cr_running, c.cr_suspended, c.cr_await, c.cr_code.co_name)
print(c.cr_frame is not None, c.__name__, c.__qualname__, c.cr_origin)
c.send(None)
print(c.cr_suspended, type(c.cr_await).__name__)
try:
    c.throw(ValueError("boom"))
except ValueError as e:
    print("ValueError:", e)
print(c.cr_frame, c.cr_suspended)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
c2 = parent()
c2.send(None)
print(c2.close(), c2.cr_frame)
async def catcher():
    try:
        await Yielder(1)
    except KeyError as e:
        return "caught " + str(e)
c3 = catcher()
c3.send(None)
try:
    c3.throw(KeyError("k"))
except StopIteration as e:
    print(e.value)
w = child(3).__await__()
print(type(w).__name__, next(w), end=" ")
try:
    w.send(4)
except StopIteration as e:
    print(e.value)
async def plain():
    return 42
p = plain()
try:
    p.send(1)
except TypeError as e:
    print("TypeError:", e)
p.close()
p = plain()
try:
    iter(p)
except TypeError as e:
    print("TypeError:", e)
p.close()
async def awaits(obj):
    return await obj
for obj in (5, Yielder):
    try:
        awaits(obj).send(None)
    except TypeError as e:
        print("TypeError:", e)
print(awaits(5).close())
class BadAwait:
    def __await__(self):
        return 5
try:
    awaits(BadAwait()).send(None)
except TypeError as e:
    print("TypeError:", e)
inner = child(1)
async def twice():
    return await inner, await inner
t = twice()
t.send(None)
try:
    t.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
async def stop_inside():
    raise StopIteration
try:
    stop_inside().send(None)
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)
pending = plain()
def not_coro():
    yield from pending
try:
    next(not_coro())
except TypeError as e:
    print("TypeError:", e)
pending.close()
