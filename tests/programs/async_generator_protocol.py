# Async generators driven by hand: asend/athrow/aclose awaitables, wrapped values, attributes and errors.
class Pause:
    def __await__(self):
        yield "pause"
async def agen():
    try:
        got = yield 1
        await Pause()
        got2 = yield ("second", got)
        yield ("third", got2)
    finally:
        print("cleanup")
def step(awaitable, send=None):
    try:
        return ("yielded-to-loop", awaitable.send(send))
    except StopIteration as e:
        return ("value", e.value)
    except StopAsyncIteration:
        return ("end",)
g = agen()
print(type(g).__name__, g.ag_running, g.ag_suspended, g.ag_await, g.ag_code.co_name)
print(step(g.__anext__()))
a = g.asend("hello")
print(step(a), step(a))
print(step(g.asend("x")))
print(step(g.__anext__()))
print(g.ag_frame)
print(step(g.__anext__()))
g2 = agen()
print(step(g2.__anext__()))
t = g2.athrow(ValueError("inject"))
try:
    t.send(None)
except ValueError as e:
    print("ValueError:", e)
g3 = agen()
print(step(g3.__anext__()))
print(step(g3.aclose()))
print(step(g3.aclose()))
async def ignores():
    try:
        yield 1
    except GeneratorExit:
        yield 2
g4 = ignores()
step(g4.__anext__())
try:
    g4.aclose().send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
print(step(g4.__anext__()), g4.ag_frame)
a5 = agen().__anext__()
step(a5)
try:
    a5.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
del a5
async def collect():
    out = []
    async for v in agen():
        out.append(v)
    return out, [x async for x in agen() if x != 1]
print(step(collect(), None), end=" ")
c = collect()
r = c.send(None)
while True:
    try:
        r = c.send(None)
    except StopIteration as e:
        print(e.value)
        break
async def stop_async():
    yield 1
    raise StopAsyncIteration
s = stop_async()
step(s.__anext__())
try:
    s.__anext__().send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
async def use_anext():
    it = aiter(agen())
    first = await anext(it)
    empty = aiter(stop_async())
    await anext(empty)
    await it.aclose()
    return first, await anext(aiter(agen2()), "default")
async def agen2():
    return
    yield
u = use_anext()
try:
    while True:
        u.send(None)
except StopIteration as e:
    print(e.value)
ac, asn = g.aclose(), g.asend(None)
print(g.__aiter__() is g, type(ac).__name__, type(asn).__name__)
ac.close()
asn.close()
